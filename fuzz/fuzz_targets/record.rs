//! Any bytes as one JSON text through the hand-written `Deserialize` of
//! `journal::Record`, against the derived one it replaced (the same struct, derived
//! below): both accept or both reject, with the same fields, and what is accepted writes
//! back through `Serialize` to what the derived `Serialize` writes; and `Record::from_json`
//! (a fast path for flat records, serde_json for the rest) reads it as serde_json does.
//! Never a panic.
#![no_main]

use primo_events::journal::Record;

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
