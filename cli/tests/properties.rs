//! Random journals, valid and broken, in every shape the tool reads (JSON lines, compact
//! and pretty arrays, gzip), through `stats`, `filter` and `export` on the built binary,
//! against serde_json reading each record text with a derived `Deserialize`: the same
//! records counted, the same texts printed byte for byte, the same rows exported.

mod common;

use std::collections::BTreeMap;

use common::*;
use proptest::prelude::*;
use serde::Deserialize;

/// A journal record as `#[derive(Deserialize)]` takes it: the oracle.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct Oracle {
    id: Option<String>,
    event: u32,
    entity_data: Option<String>,
    user_id: Option<String>,
    api_created_at: Option<String>,
    created_at: Option<String>,
    signature: Option<String>,
    text: Option<String>,
    ip: Option<String>,
    tenant_id: Option<String>,
    node_id: Option<String>,
    operation_key: Option<String>,
    classified_event: Option<u32>,
    valid_signature: Option<bool>,
    event_name: Option<String>,
    index: Option<u64>,
}

/// A JSON string for `text`, its non-ASCII characters escaped or not.
fn string(text: &str, escape: bool) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if escape && !c.is_ascii() => {
                let mut units = [0; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn record() -> impl Strategy<Value = String> {
    let users = prop_oneof![
        Just("ivanov"),
        Just("Петров"),
        Just("a\"b\\c"),
        Just("Зоя 🎉"),
    ];
    let created = prop_oneof![
        Just("\"2024-09-01T08:05:00.1234567\"".to_owned()),
        Just("\"2024-09-02 10:00:00\"".to_owned()),
        Just("\"not a time\"".to_owned()),
        Just("null".to_owned()),
    ];
    (
        prop_oneof![Just(100u32), Just(2001), Just(2007), Just(99999)],
        proptest::option::of(users),
        proptest::option::of(created),
        any::<bool>(),
        proptest::option::of(prop_oneof![Just("\"10.0.0.1\""), Just("5"), Just("null")]),
        any::<bool>(),
        any::<u8>(),
    )
        .prop_map(|(event, user, created, escape, ip, extra, order)| {
            let mut fields = vec![format!("\"event\":{event}")];
            if let Some(user) = user {
                fields.push(format!("\"userId\":{}", string(user, escape)));
            }
            if let Some(created) = created {
                fields.push(format!("\"createdAt\":{created}"));
            }
            if let Some(ip) = ip {
                fields.push(format!("\"ip\":{ip}"));
            }
            if extra {
                fields.push("\"x\":[1.50,{\"y\":\"]\"}]".to_owned());
            }
            let turn = usize::from(order) % fields.len();
            fields.rotate_left(turn);
            format!("{{{}}}", fields.join(","))
        })
}

/// A text that should be a record, or is broken; `lines_only` texts break JSON arrays.
fn entry() -> impl Strategy<Value = (String, bool)> {
    prop_oneof![
        6 => record().prop_map(|r| (r, false)),
        1 => Just(("{\"userId\":\"no event\"}".to_owned(), false)),
        1 => Just(("{\"event\":\"Login\",\"event\":2001}".to_owned(), false)),
        1 => Just(("\"just a string\"".to_owned(), false)),
        // Cut in the middle of its code: a line that ends a record, as a cut export does.
        1 => record().prop_map(|r| {
            let at = r.find("\"event\":").unwrap() + 9;
            (r[..at].to_owned(), true)
        }),
        1 => Just(("not json".to_owned(), true)),
    ]
}

#[derive(Clone, Copy, Debug)]
enum Shape {
    Lines,
    Compact,
    Pretty,
}

fn journal() -> impl Strategy<Value = (Vec<String>, Vec<u8>, bool)> {
    (
        proptest::collection::vec(entry(), 0..30),
        prop_oneof![
            Just(Shape::Lines),
            Just(Shape::Compact),
            Just(Shape::Pretty)
        ],
        any::<bool>(),
    )
        .prop_map(|(entries, shape, gzipped)| {
            let arrays = !matches!(shape, Shape::Lines);
            let texts: Vec<String> = entries
                .into_iter()
                .filter(|(_, lines_only)| !(arrays && *lines_only))
                .map(|(text, _)| text)
                .collect();
            let bytes = match shape {
                Shape::Lines => texts.iter().map(|t| format!("{t}\r\n")).collect::<String>(),
                Shape::Compact => format!("[{}]", texts.join(",")),
                Shape::Pretty => format!("[\n  {}\n]\n", texts.join(",\n  ")),
            };
            let bytes = match gzipped {
                true => gzip(bytes.as_bytes()),
                false => bytes.into_bytes(),
            };
            (texts, bytes, gzipped)
        })
}

fn written(input: &[u8], args: &[&str]) -> std::process::Output {
    use std::io::Write;
    let dir = std::env::temp_dir();
    let path = dir.join(format!("primo-events-prop-{}.in", std::process::id()));
    std::fs::File::create(&path)
        .unwrap()
        .write_all(input)
        .unwrap();
    let output = tool().args(args).arg(&path).output().unwrap();
    std::fs::remove_file(&path).unwrap();
    output
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn commands_agree_with_serde_json_reading_each_text((texts, bytes, _) in journal()) {
        let records: Vec<(&String, Oracle)> = texts
            .iter()
            .filter_map(|t| serde_json::from_str::<Oracle>(t).ok().map(|r| (t, r)))
            .collect();
        let problems = texts.len() - records.len();
        let status = Some(if problems > 0 { 1 } else { 0 });

        let stats = written(&bytes, &["journal", "stats"]);
        prop_assert_eq!(stats.status.code(), status, "{}", stderr(&stats));
        let text = stdout(&stats);
        prop_assert!(text.starts_with(&format!("{} records\n", records.len())), "{}", text);
        let mut per_event = BTreeMap::new();
        for (_, record) in &records {
            *per_event.entry(record.event).or_insert(0u64) += 1;
        }
        prop_assert_eq!(common::per_event(&text), per_event);
        let reported = stderr(&stats).lines().filter(|l| l.contains(", line ")).count();
        prop_assert_eq!(reported, problems.min(20));

        // filter prints the record texts as the input holds them.
        let filter = written(&bytes, &["journal", "filter"]);
        let expected: String = records.iter().map(|(t, _)| format!("{t}\n")).collect();
        prop_assert_eq!(stdout(&filter), expected);
        let filter = written(&bytes, &["journal", "filter", "--event", "Login"]);
        let expected: String = records
            .iter()
            .filter(|(_, r)| r.event == 2001)
            .map(|(t, _)| format!("{t}\n"))
            .collect();
        prop_assert_eq!(stdout(&filter), expected);

        // export: a row per record, in order.
        use parquet::file::reader::{FileReader, SerializedFileReader};
        use parquet::record::Field;
        let out = std::env::temp_dir().join(format!("primo-events-prop-{}.parquet", std::process::id()));
        let export = written(&bytes, &["journal", "export", "--parquet", out.to_str().unwrap()]);
        prop_assert!(export.status.code() == Some(1) || export.status.code() == status, "{}", stderr(&export));
        let reader = SerializedFileReader::new(std::fs::File::open(&out).unwrap()).unwrap();
        let rows: Vec<(u32, Option<String>)> = reader
            .get_row_iter(None)
            .unwrap()
            .map(|row| {
                let row = row.unwrap();
                let columns: BTreeMap<String, Field> = row.get_column_iter().map(|(n, f)| (n.clone(), f.clone())).collect();
                let event = match &columns["event"] { Field::UInt(e) => *e, other => panic!("{other:?}") };
                let user = match &columns["user_id"] { Field::Str(s) => Some(s.clone()), _ => None };
                (event, user)
            })
            .collect();
        std::fs::remove_file(&out).unwrap();
        let expected: Vec<(u32, Option<String>)> = records.iter().map(|(_, r)| (r.event, r.user_id.clone())).collect();
        prop_assert_eq!(rows, expected);
    }
}
