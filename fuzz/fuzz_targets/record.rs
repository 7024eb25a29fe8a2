//! Any bytes as one JSON text through the hand-written `Deserialize` of
//! `journal::Record`, against the derived one it replaced (the same struct, derived
//! below): both accept or both reject, with the same fields, and what is accepted writes
//! back through `Serialize` to what the derived `Serialize` writes; and `Record::from_json`
//! (a fast path for flat records, serde_json for the rest) reads it as serde_json does,
//! as do `from_json_fields` and `from_json_texts` (the strings asked for as held, the
//! fields expected in the order a read before found).
//! Never a panic.
#![no_main]

use primo_events::journal::{FieldSet, Record, Texts, Value};

mod derived;

use derived::Derived;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let ours = serde_json::from_str::<Record>(text);
    // The fast path of flat records reads every text as serde_json does.
    match (Record::from_json(text), &ours) {
        (Ok(fast), Ok(ours)) => assert_eq!(&fast, ours),
        (Err(fast), Err(ours)) => assert_eq!(fast.to_string(), ours.to_string()),
        (fast, ours) => panic!("from_json: {fast:?}\nfrom_str: {ours:?}"),
    }
    // Some fields only: the same texts accepted, with the same errors; the fields asked
    // for (and `event`) as from_json reads them, the others empty.
    let mask = (data.len() as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 7;
    let names: Vec<&str> = (Record::FIELDS.iter().enumerate())
        .filter(|(i, _)| mask >> i & 1 == 1)
        .map(|(_, field)| field.name())
        .collect();
    let only = FieldSet::of(&names);
    match (Record::from_json_fields(text, only), &ours) {
        (Ok(some), Ok(all)) => {
            for (i, field) in Record::FIELDS.iter().enumerate() {
                let (value, full) = (some.value(i).unwrap(), all.value(i).unwrap());
                if only.contains(i) || field.name() == "event" {
                    assert_eq!(value, full, "{}", field.name());
                } else {
                    let empty = matches!(
                        value,
                        Value::Text(None) | Value::Number(None) | Value::Bool(None)
                    );
                    assert!(empty, "{}: {value:?}", field.name());
                }
            }
        }
        (Err(some), Err(all)) => assert_eq!(some.to_string(), all.to_string()),
        (some, all) => panic!("from_json_fields: {some:?}\nfrom_str: {all:?}"),
    }
    // Strings as held: the same texts accepted, with the same errors; the strings asked
    // for decode to what from_json reads and are empty in the record, the other fields
    // as from_json_fields reads them.
    let asked_names: Vec<&str> = (Record::FIELDS.iter().enumerate())
        .filter(|(i, _)| mask >> (i + 16) & 1 == 1)
        .map(|(_, field)| field.name())
        .collect();
    let asked = FieldSet::of(&asked_names);
    let mut texts = Texts::of(asked);
    // Read twice: the second time expecting the order of fields that the first read.
    let _ = Record::from_json_texts(text, only, &mut texts);
    match (Record::from_json_texts(text, only, &mut texts), &ours) {
        (Ok(some), Ok(all)) => {
            for (i, field) in Record::FIELDS.iter().enumerate() {
                let (value, full) = (some.value(i).unwrap(), all.value(i).unwrap());
                let held = texts.get(i);
                match full {
                    Value::Text(full) if asked.contains(i) => {
                        assert_eq!(value, Value::Text(None), "{}", field.name());
                        let decoded = held.map(|held| held.decode());
                        assert_eq!(decoded.as_deref(), full, "{}", field.name());
                        let mut appended = String::from("x");
                        if let Some(held) = held {
                            held.decode_into(&mut appended);
                        }
                        assert_eq!(appended[1..], *full.unwrap_or(""), "{}", field.name());
                    }
                    _ => {
                        assert!(held.is_none(), "{}", field.name());
                        if only.contains(i) || field.name() == "event" {
                            assert_eq!(value, full, "{}", field.name());
                        }
                    }
                }
            }
        }
        (Err(some), Err(all)) => {
            assert_eq!(some.to_string(), all.to_string());
            assert!((0..Record::FIELDS.len()).all(|i| texts.get(i).is_none()));
        }
        (some, all) => panic!("from_json_texts: {some:?}\nfrom_str: {all:?}"),
    }
    let derived = serde_json::from_str::<Derived>(text);
    match (ours, derived) {
        (Ok(ours), Ok(derived)) => {
            let written = serde_json::to_string(&ours).unwrap();
            let ours = Derived::from(ours);
            assert_eq!(ours, derived);
            assert_eq!(written, serde_json::to_string(&derived).unwrap());
        }
        (Err(_), Err(_)) => {}
        (ours, derived) => panic!("ours: {ours:?}\nderived: {derived:?}"),
    }
});
