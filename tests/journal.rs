//! Journal records (feature `journal`): the vendor's example record read and written
//! back, borrowing, open classifications, eventName checks, the JSON-lines reader. The
//! tool over whole exports is tested in cli/.

use std::borrow::Cow;

use primo_events::journal::{Classification, FieldSet, Record, json_lines};
use primo_events::{Event, EventCode};
use serde_json::Value;

/// The vendor's documented example of a journal record.
const EXAMPLE: &str = r#"{"id":"716afd7f-80c5-4d64-a664-e8694129a12c","event":2001,"entityData":"logs, tenantId=","userId":null,"apiCreatedAt":"2024-08-31T23:35:58.29378","createdAt":"2024-08-31T23:35:58.29378","signature":"a723bb110eceddd6e200007686b770026d2a36b3d72b189760358b0e6993d0bc","text":null,"ip":"10.0.0.24","tenantId":null,"nodeId":null,"operationKey":null,"classifiedEvent":3,"validSignature":true,"eventName":"Login","index":1}"#;

#[test]
fn the_documented_record_reads_and_writes_back_the_same_fields_and_values() {
    let record: Record = serde_json::from_str(EXAMPLE).unwrap();
    assert_eq!(record.event(), Some(Event::Login));
    assert_eq!(record.event, Event::Login);
    assert_eq!(Event::Login, record.event);
    assert_eq!(
        record.classified_event,
        Some(Classification::SECURITY_INCIDENT)
    );
    assert_eq!(
        record.id.as_deref(),
        Some("716afd7f-80c5-4d64-a664-e8694129a12c")
    );
    assert_eq!(record.entity_data.as_deref(), Some("logs, tenantId="));
    assert_eq!(record.user_id, None);
    assert_eq!(
        record.api_created_at.as_deref(),
        Some("2024-08-31T23:35:58.29378")
    );
    assert_eq!(record.ip.as_deref(), Some("10.0.0.24"));
    assert_eq!(
        (record.valid_signature, record.index),
        (Some(true), Some(1))
    );
    assert_eq!(record.name_mismatch(), None);

    let written = serde_json::to_string(&record).unwrap();
    let (before, after): (Value, Value) = (
        serde_json::from_str(EXAMPLE).unwrap(),
        serde_json::from_str(&written).unwrap(),
    );
    assert_eq!(before, after);
    let owned = record.clone().into_owned();
    assert_eq!(owned, record);
}

#[test]
fn records_round_trip_through_a_binary_format() {
    let record: Record = serde_json::from_str(EXAMPLE).unwrap();
    let bytes = postcard::to_allocvec(&record).unwrap();
    assert_eq!(postcard::from_bytes::<Record>(&bytes).unwrap(), record);
    let newer: Record = serde_json::from_str(r#"{"event":99999,"classifiedEvent":7}"#).unwrap();
    let bytes = postcard::to_allocvec(&newer).unwrap();
    let back: Record = postcard::from_bytes(&bytes).unwrap();
    assert_eq!(back, newer);
    assert_eq!(
        (back.event.get(), back.classified_event.map(|c| c.number())),
        (99_999, Some(7))
    );
}

#[test]
fn strings_are_borrowed_unless_escaped_and_unknown_fields_are_accepted() {
    let json = r#"{"event":2001,"userId":"ivanov","text":"line\nbreak","extra":{"a":[1]}}"#;
    let record: Record = serde_json::from_str(json).unwrap();
    assert!(matches!(record.user_id, Some(Cow::Borrowed("ivanov"))));
    assert!(matches!(record.text.as_deref(), Some("line\nbreak")));
    assert!(matches!(record.text, Some(Cow::Owned(_))));
    assert_eq!(
        (record.id, record.classified_event, record.index),
        (None, None, None)
    );
}

#[test]
fn a_record_needs_its_event_and_keeps_any_code() {
    let missing = serde_json::from_str::<Record>(r#"{"eventName":"Login"}"#).unwrap_err();
    assert!(
        missing.to_string().starts_with("missing field `event`"),
        "{missing}"
    );
    let newer: Record = serde_json::from_str(r#"{"event":99999}"#).unwrap();
    assert_eq!((newer.event.get(), newer.event()), (99_999, None));
    let by_name: Record = serde_json::from_str(r#"{"event":"TrainProcessTimeout"}"#).unwrap();
    assert_eq!(by_name.event(), Some(Event::TrainProcessCompletedSuccess));
    let unknown = serde_json::from_str::<EventCode>(r#""Nope""#).unwrap_err();
    assert!(unknown.to_string().contains("Nope"), "{unknown}");
    assert!(serde_json::from_str::<EventCode>("-1").is_err());
    assert!(serde_json::from_str::<EventCode>("4294967296").is_err());
}

#[test]
fn classifications_are_numbers_on_the_wire_and_unknown_ones_are_kept() {
    let known = [
        (1, Classification::INFORMATION, "information"),
        (2, Classification::ERROR, "error"),
        (3, Classification::SECURITY_INCIDENT, "security incident"),
        (4, Classification::CORRECTION, "correction"),
        (7, Classification::from_number(7), "classification 7"),
    ];
    for (number, class, words) in known {
        assert_eq!(Classification::from_number(number), class);
        assert_eq!(class.number(), number);
        assert_eq!(class.to_string(), words);
        assert_eq!(serde_json::to_string(&class).unwrap(), number.to_string());
        assert_eq!(
            serde_json::from_str::<Classification>(&number.to_string()).unwrap(),
            class
        );
        assert_eq!(number.to_string().parse::<Classification>(), Ok(class));
    }
    for spelling in [
        "security-incident",
        "Security Incident",
        "SECURITY_INCIDENT",
        "3",
    ] {
        assert_eq!(
            spelling.parse(),
            Ok(Classification::SECURITY_INCIDENT),
            "{spelling}"
        );
    }
    assert!("securityincident".parse::<Classification>().is_err());
}

#[test]
fn event_names_are_checked_against_codes_and_aliases_agree() {
    let mismatch = |json: &str| {
        let record: Record = serde_json::from_str(json).unwrap();
        record.name_mismatch().map(|m| m.to_string())
    };
    assert_eq!(
        mismatch(r#"{"event":15800,"eventName":"TrainProcessTimeout"}"#),
        None
    );
    assert_eq!(mismatch(r#"{"event":15800}"#), None);
    assert_eq!(
        mismatch(r#"{"event":99999,"eventName":"SomethingNew"}"#),
        None
    );
    assert_eq!(
        mismatch(r#"{"event":2007,"eventName":"Login"}"#).as_deref(),
        Some(r#"event 2007 is LogOut, but eventName is "Login""#)
    );
    assert_eq!(
        mismatch(r#"{"event":99998,"eventName":"LogOut"}"#).as_deref(),
        Some(r#"event 99998 is unknown to this build, but eventName "LogOut" is code 2007"#)
    );
    assert_eq!(
        mismatch(r#"{"event":2001,"eventName":"SomethingNew"}"#).as_deref(),
        Some(r#"event 2001 is Login, but eventName is "SomethingNew""#)
    );
}

#[test]
fn json_lines_yields_each_record_or_a_located_error_and_goes_on() {
    let export = b"{\"event\":2001}\n\n  \nnot json\n{\"event\":\"x\xff\"}\n{\"event\":2007}";
    let read: Vec<_> = json_lines(&export[..]).collect();
    assert_eq!(read.len(), 4);
    assert_eq!(read[0].as_ref().unwrap().event(), Some(Event::Login));
    let bad = read[1].as_ref().unwrap_err();
    assert_eq!((bad.line(), bad.is_io()), (4, false));
    assert_eq!(bad.to_string(), "line 4, column 2: expected ident");
    let not_utf8 = read[2].as_ref().unwrap_err();
    assert_eq!(not_utf8.to_string(), "line 5, column 12: invalid UTF-8");
    assert_eq!(read[3].as_ref().unwrap().event(), Some(Event::LogOut));
}

#[test]
fn json_lines_stops_after_a_failure_to_read() {
    struct Failing;
    impl std::io::Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk gone"))
        }
    }
    let read: Vec<_> = json_lines(std::io::BufReader::new(Failing)).collect();
    assert_eq!(read.len(), 1);
    let error = read[0].as_ref().unwrap_err();
    assert!(error.is_io());
    // The I/O error is the source, not part of the message: a chain says it once.
    assert_eq!(error.to_string(), "line 1: cannot read the input");
    let source = std::error::Error::source(error).expect("the I/O error");
    assert_eq!(source.to_string(), "disk gone");
}

/// The parser's message is in `Display`, once, with our line and its column, and no
/// source repeats it.
#[test]
fn an_error_chain_names_the_parsers_message_once() {
    let read: Vec<_> = json_lines(&b"{\"event\":2001}\n{\"eventName\":\"Login\"}\n"[..]).collect();
    let error = read[1].as_ref().unwrap_err();
    assert!(std::error::Error::source(error).is_none());
    let chain = format!("{error}");
    assert_eq!(chain, "line 2, column 21: missing field `event`");
    assert_eq!(chain.matches("missing field").count(), 1);
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_read_past() {
    let export = b"\xEF\xBB\xBF{\"event\":2001}\r\n{\"event\":2007}\r\n\r\n";
    let read: Vec<_> = json_lines(&export[..]).map(Result::unwrap).collect();
    let events: Vec<_> = read.iter().map(Record::event).collect();
    assert_eq!(events, [Some(Event::Login), Some(Event::LogOut)]);
    // Only before the first line: elsewhere it is no JSON.
    let later = b"{\"event\":2001}\n\xEF\xBB\xBF{\"event\":2007}\n";
    let read: Vec<_> = json_lines(&later[..]).collect();
    assert_eq!(read[1].as_ref().unwrap_err().line(), 2);
}

#[test]
fn a_line_over_the_bound_is_a_located_error_and_the_reading_goes_on() {
    let long = format!("{{\"event\":2001,\"text\":\"{}\"}}", "x".repeat(5000));
    let export = format!("{{\"event\":2001}}\n{long}\n{{\"event\":2007}}\n");
    // A reader with a small buffer: the long line arrives in many pieces.
    let reader = std::io::BufReader::with_capacity(64, export.as_bytes());
    let read: Vec<_> = json_lines(reader).max_line_len(1000).collect();
    assert_eq!(read.len(), 3);
    let error = read[1].as_ref().unwrap_err();
    assert_eq!(
        error.to_string(),
        "line 2, column 1: longer than 1000 bytes: read past, not kept"
    );
    assert!(!error.is_io());
    assert_eq!(read[2].as_ref().unwrap().event(), Some(Event::LogOut));
    // At the bound exactly, the line is read.
    let exact = format!("{long}\n");
    let read: Vec<_> = json_lines(exact.as_bytes())
        .max_line_len(long.len())
        .collect();
    assert!(read[0].is_ok());
}

/// The trap the `serde` docs warn of: decoding `event` as `Event` drops the records of
/// newer servers; as `EventCode`, nothing is lost.
#[test]
fn decoding_event_codes_loses_no_record_of_a_newer_server() {
    #[derive(serde::Deserialize)]
    struct Strict {
        #[allow(dead_code)]
        event: Event,
    }
    #[derive(serde::Deserialize)]
    struct Open {
        #[allow(dead_code)]
        event: EventCode,
    }
    let journal = concat!(
        r#"{"event":2001,"eventName":"Login"}"#,
        "\n",
        r#"{"event":99998,"eventName":"SomethingNewer"}"#,
        "\n",
        r#"{"event":7000}"#,
    );
    let records = journal.lines();
    let strict = records
        .clone()
        .filter(|l| serde_json::from_str::<Strict>(l).is_ok())
        .count();
    let open = records
        .filter(|l| serde_json::from_str::<Open>(l).is_ok())
        .count();
    assert_eq!((strict, open), (2, 3));
}

/// Texts that take the flat path and texts that leave it, records and not.
const TEXTS: &[&str] = &[
    EXAMPLE,
    r#"{"event":2001}"#,
    " \t\r\n{ \"event\" : 2001 , \"index\" : 0 , \"validSignature\" : false } \n",
    // Control characters that JSON does not count as white space, where it may be.
    "{\"event\":\u{c}2001}",
    "\u{b}{\"event\":2001}",
    "{\"event\":2001 ,\u{1f}\"index\":0}",
    "{\"event\":2001}\u{0}",
    r#"{}"#,
    r#"{"userId":"ivanov"}"#,
    r#"{"event":2001,"event":2002}"#,
    r#"{"event":2001,"extra":1,"extra":"x","more":null,"flag":true}"#,
    r#"{"event":2001,"nested":{"a":[1,2]}}"#,
    r#"{"event":2001,"userId":"iv\"anov"}"#,
    r#"{"event":2001,"userId":"\u0069vanov"}"#,
    r#"{"event":2001,"userId":"\u0438\u0432","ip":null,"createdAt":"2024-09-01T08:00:00"}"#,
    r#"{"event":1.0}"#,
    r#"{"event":1e3}"#,
    r#"{"event":01}"#,
    r#"{"event":-1}"#,
    r#"{"event":4294967296}"#,
    r#"{"event":4294967295,"index":18446744073709551615}"#,
    r#"{"event":2001,"index":18446744073709551616}"#,
    r#"{"event":"Login"}"#,
    r#"{"event":2001,"userId":5}"#,
    r#"{"event":2001,"classifiedEvent":null,"validSignature":null}"#,
    r#"{"event":2001,"classifiedEvent":"3"}"#,
    r#"{"event":2001,}"#,
    r#"{"event":2001} x"#,
    r#"{"event":2001"#,
    r#"{"event":nul}"#,
    r#"{"event":2001,"text":"tab	inside"}"#,
    r#"{"event":2001,"text":"ünïcödé ✓"}"#,
    r#"{"\u0065vent":2001}"#,
    r#"{"event":2001,"entityData":"C:\\Robots\\\u041f \"x\"\/\b\f\n\r\t","text":"\u0417\u0430"}"#,
    r#"{"event":2001,"text":"\ud83d\ude00","other":"\u00e9\\"}"#,
    r#"{"event":2001,"text":"\ud83d"}"#,
    r#"{"event":2001,"text":"\ude00x"}"#,
    r#"{"event":2001,"text":"\x41"}"#,
    r#"{"event":2001,"text":"\u00g1"}"#,
    r#"{"event":2001,"text":"\u00"}"#,
    r#"{"event":2001,"text":"end\"}"#,
    r#"{"event":2001,"unknown":"\u0000","ip":"\u0031"}"#,
    r#"{"event":2001,"classifiedEvent":"\u0033"}"#,
    r#"[2001]"#,
    "",
];

/// `Record::from_json` reads flat records on a path of its own: on texts that take it and
/// texts that leave it, it gives what serde_json gives (the fuzz target `record` does
/// this on any text).
#[test]
fn from_json_reads_every_text_as_serde_json_does() {
    for text in TEXTS {
        let fast = Record::from_json(text);
        let serde = serde_json::from_str::<Record>(text);
        match (&fast, &serde) {
            (Ok(fast), Ok(serde)) => assert_eq!(fast, serde, "{text}"),
            (Err(fast), Err(serde)) => assert_eq!(fast.to_string(), serde.to_string(), "{text}"),
            _ => panic!("{text}: from_json {fast:?}, serde_json {serde:?}"),
        }
    }
    // Some fields only: the same texts accepted and refused alike, the fields asked for
    // (and `event`) as from_json reads them, the others empty.
    use primo_events::journal::Value as Field;
    let only = FieldSet::of(&["user_id", "classified_event", "index"]);
    for text in TEXTS {
        match (
            Record::from_json_fields(text, only),
            Record::from_json(text),
        ) {
            (Ok(some), Ok(all)) => {
                for (i, field) in Record::FIELDS.iter().enumerate() {
                    let (value, full) = (some.value(i), all.value(i));
                    if only.contains(i) || field.name() == "event" {
                        assert_eq!(value, full, "{text}: {}", field.name());
                    } else {
                        let empty = matches!(
                            value,
                            Some(Field::Text(None) | Field::Number(None) | Field::Bool(None))
                        );
                        assert!(empty, "{text}: {}: {value:?}", field.name());
                    }
                }
            }
            (Err(some), Err(all)) => assert_eq!(some.to_string(), all.to_string(), "{text}"),
            (some, all) => panic!("{text}: from_json_fields {some:?}, from_json {all:?}"),
        }
    }
    // Strings without escapes are borrowed on the fast path too.
    let record = Record::from_json(r#"{"event":2001,"userId":"ivanov"}"#).unwrap();
    assert!(matches!(record.user_id, Some(Cow::Borrowed("ivanov"))));
}

/// `Record::from_json_texts` accepts and refuses what `from_json` does; the strings asked
/// for come as held (escaped on the flat path, decoded by serde otherwise) and decode to
/// what `from_json` reads, the record has them empty and the rest as `from_json_fields`
/// reads it. One `Texts` serves every text in turn, as the tool uses it.
#[test]
fn from_json_texts_hands_over_the_strings_asked_for_as_held() {
    use primo_events::journal::Texts;
    use primo_events::journal::Value as Field;
    let asked = FieldSet::of(&["user_id", "text", "entity_data", "ip", "index"]);
    let only = FieldSet::of(&["user_id", "created_at", "index", "classified_event"]);
    let mut texts = Texts::of(asked);
    let mut escaped = 0;
    for text in TEXTS {
        match (
            Record::from_json_texts(text, only, &mut texts),
            Record::from_json(text),
        ) {
            (Ok(record), Ok(all)) => {
                for (i, field) in Record::FIELDS.iter().enumerate() {
                    let (value, full) = (record.value(i), all.value(i));
                    let held = texts.get(i);
                    match full {
                        Some(Field::Text(full)) if asked.contains(i) => {
                            assert_eq!(value, Some(Field::Text(None)), "{text}: {}", field.name());
                            let decoded = held.map(|held| held.decode());
                            assert_eq!(decoded.as_deref(), full, "{text}: {}", field.name());
                            if let Some(written) = held.and_then(|held| held.escaped()) {
                                escaped += 1;
                                assert!(text.contains(written), "{text}: {written}");
                                assert!(written.contains('\\'), "{text}: {written}");
                            }
                        }
                        _ if only.contains(i) || field.name() == "event" => {
                            assert!(held.is_none(), "{text}: {}", field.name());
                            assert_eq!(value, full, "{text}: {}", field.name());
                        }
                        _ => {
                            assert!(held.is_none(), "{text}: {}", field.name());
                            let empty = matches!(
                                value,
                                Some(Field::Text(None) | Field::Number(None) | Field::Bool(None))
                            );
                            assert!(empty, "{text}: {}: {value:?}", field.name());
                        }
                    }
                }
            }
            (Err(some), Err(all)) => {
                assert_eq!(some.to_string(), all.to_string(), "{text}");
                let held = (0..Record::FIELDS.len())
                    .filter_map(|i| texts.get(i))
                    .count();
                assert_eq!(held, 0, "{text}: nothing held after an error");
            }
            (some, all) => panic!("{text}: from_json_texts {some:?}, from_json {all:?}"),
        }
    }
    assert!(
        escaped >= 3,
        "the texts have escaped strings on the flat path: {escaped}"
    );
}

/// A `Texts` kept from record to record expects the fields in the order the record
/// before had them: whatever the order, each record reads as `from_json` reads it, the
/// guess right or wrong (each order follows others, and itself), with fields missing,
/// unknown, duplicated or spaced out; and so does each line `json_lines` reads.
#[test]
fn records_read_alike_whatever_the_order_of_their_fields() {
    use primo_events::journal::Texts;
    let example: serde_json::Map<String, Value> = serde_json::from_str(EXAMPLE).unwrap();
    // The documented order, which is the fields' (and the server's).
    let mut pairs: Vec<String> = (Record::FIELDS.iter())
        .map(|field| match field.wire() {
            "userId" => r#""userId":"\u0438\u0432""#.to_owned(),
            key => format!("{}:{}", Value::from(key), example[key]),
        })
        .collect();
    let documented = pairs.clone();
    let mut orders = vec![documented.clone()];
    for turn in 1..pairs.len() {
        pairs.rotate_left(1);
        orders.push(pairs.clone());
        orders.push(pairs.iter().rev().cloned().collect());
        let mut fewer = pairs.clone();
        fewer.remove(turn);
        fewer.insert(turn / 2, r#""unknown":[1,{"userId":2}]"#.to_owned());
        orders.push(fewer);
        let mut twice = pairs.clone();
        twice.insert(turn, pairs[turn - 1].clone());
        orders.push(twice);
        orders.push(documented.clone());
    }
    // Each text twice: the second time, the order expected is its own.
    let texts_read: Vec<String> = (orders.iter().enumerate())
        .flat_map(|(n, order)| {
            let separator = if n % 7 == 6 { " , " } else { "," };
            let text = format!("{{{}}}", order.join(separator));
            [text.clone(), text]
        })
        .collect();
    let user = Record::index_of("user_id").unwrap();
    let mut texts = Texts::of(FieldSet::of(&["user_id"]));
    let (mut read, mut refused) = (0, 0);
    for text in &texts_read {
        let expected = Record::from_json(text);
        match (
            Record::from_json_texts(text, FieldSet::ALL, &mut texts),
            expected,
        ) {
            (Ok(mut record), Ok(expected)) => {
                let held = texts.get(user).map(|held| held.decode());
                assert_eq!(held, expected.user_id, "{text}");
                record.user_id = held;
                assert_eq!(record, expected, "{text}");
                read += 1;
            }
            (Err(error), Err(expected)) => {
                assert_eq!(error.to_string(), expected.to_string(), "{text}");
                refused += 1;
            }
            (ours, expected) => panic!("{text}: from_json_texts {ours:?}, from_json {expected:?}"),
        }
    }
    assert!(read > 40 && refused > 10, "read {read}, refused {refused}");
    // json_lines, which keeps the order from line to line, reads each line alike too.
    let export = texts_read.join("\n");
    let lines: Vec<_> = json_lines(export.as_bytes()).collect();
    assert_eq!(lines.len(), texts_read.len());
    for (n, (line, text)) in lines.iter().zip(&texts_read).enumerate() {
        match (line, Record::from_json(text)) {
            (Ok(record), Ok(expected)) => assert_eq!(*record, expected, "{text}"),
            (Err(error), Err(expected)) => {
                assert_eq!(error.line(), n as u64 + 1, "{text}");
                let message = expected.to_string();
                let message = message.split(" at line").next().unwrap();
                assert!(error.to_string().ends_with(message), "{error}: {text}");
            }
            (line, expected) => panic!("{text}: json_lines {line:?}, from_json {expected:?}"),
        }
    }
}

/// The README lists the export's columns, which are the record's fields in order (the
/// tool's export builds them from `Record::FIELDS`); the list follows the table.
#[test]
fn the_readme_lists_every_field_in_order() {
    let readme = include_str!("../README.md");
    let start = readme
        .find("named as the Rust field, in this order (")
        .unwrap();
    let list = &readme[start..];
    let list = &list[list.find('(').unwrap() + 1..list.find(')').unwrap()];
    let listed: Vec<&str> = list
        .split(',')
        .map(|name| name.trim().trim_matches('`'))
        .collect();
    let fields: Vec<&str> = Record::FIELDS.iter().map(|f| f.name()).collect();
    assert_eq!(listed, fields);
}
