//! What CI and data lakes get from the tool: catalog check's formats for CI (GitHub's
//! workflow commands, JSON) over several files, `--json` as `--format json`, stats as one
//! JSON object, and exports partitioned Hive-style with a chosen compression.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;
use parquet::basic::Compression;
use parquet::file::reader::{FileReader, SerializedFileReader};
use serde_json::Value;

fn duplicate_catalog(dir: &Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(
        &path,
        "# События\n\n| Код | Событие | Описание |\n| --- | --- | --- |\n| 2001 | Login | Вход, 100% |\n| 2001 | LogOut | Выход |\n",
    )
    .unwrap();
    path
}

#[test]
fn catalog_check_speaks_github_and_json_for_each_file() {
    let dir = scratch("lake-check");
    let bad = duplicate_catalog(&dir, "a,b:c.md");
    let good = dir.join("events.md");
    std::fs::write(
        &good,
        "# События\n\n## Авторизация\n\n| Код | Событие | Описание |\n| --- | --- | --- |\n| 2001 | Login | Вход |\n| 2007 | LogOut | Выход |\n",
    )
    .unwrap();
    let output = run(&[
        "catalog",
        "check",
        "--format",
        "github",
        bad.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<String> = stdout(&output).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    let file = bad
        .display()
        .to_string()
        .replace(',', "%2C")
        .replace(':', "%3A");
    assert_eq!(
        lines[0],
        format!(
            "::error file={file},line=6,col=3,title=primo-events catalog check::code `2001` of `LogOut` is already used by `Login`%0Anote: {}:5:3: `Login` has code `2001` here%0Ahelp: if both names stand for one event, write `Login` in place of `2001` to make `LogOut` its alias",
            bad.display()
        )
    );
    // JSON: one object per diagnostic; --json is --format json.
    for flag in [&["--format", "json"][..], &["--json"]] {
        let mut args = vec!["catalog", "check"];
        args.extend(flag);
        args.push(bad.to_str().unwrap());
        let output = run(&args);
        assert_eq!(output.status.code(), Some(1));
        let object: Value = serde_json::from_str(stdout(&output).trim()).unwrap();
        assert_eq!(object["file"], bad.display().to_string());
        assert_eq!(
            (object["line"].as_u64(), object["column"].as_u64()),
            (Some(6), Some(3))
        );
        assert_eq!(object["severity"], "error");
        assert_eq!(object["notes"][0]["line"], 5);
        assert!(object["help"].as_str().unwrap().contains("alias"));
    }
    // An unreadable file is an error after the others are checked.
    let output = run(&[
        "catalog",
        "check",
        "--format",
        "json",
        "/no/such/events.md",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output).lines().count(), 1);
    assert!(stderr(&output).contains("cannot read /no/such/events.md"));
    // A clean catalog passes, silently.
    let output = run(&[
        "catalog",
        "check",
        "--format",
        "github",
        good.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
}

#[test]
fn json_means_format_json_everywhere() {
    let dir = scratch("lake-json");
    let (old, new) = (dir.join("old.md"), dir.join("new.md"));
    let table = "| Код | Событие |\n| --- | --- |\n| 2001 | Login |\n";
    std::fs::write(&old, format!("{table}| 2007 | LogOut |\n")).unwrap();
    std::fs::write(&new, table).unwrap();
    let diff = [
        "catalog",
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
    ];
    for command in [&["catalog", "list"][..], &diff] {
        let mut long = command.to_vec();
        long.extend(["--format", "json"]);
        let mut short = command.to_vec();
        short.push("--json");
        assert_eq!(run(&long).stdout, run(&short).stdout);
    }
    let fixture = fixture();
    let fixture = fixture.to_str().unwrap();
    assert_eq!(
        run(&["journal", "stats", "--json", fixture]).stdout,
        run(&["journal", "stats", "--format", "json", fixture]).stdout
    );
}

#[test]
fn stats_as_json_holds_the_tables_of_the_text() {
    let fixture = fixture();
    let output = run(&["journal", "stats", "--json", fixture.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "the fixture has bad lines");
    let stats: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let records = records();
    assert_eq!(stats["records"], records.len());
    assert_eq!(stats["problems"], 2);
    let mut per_event = BTreeMap::new();
    let mut per_day = BTreeMap::new();
    for record in &records {
        *per_event
            .entry(record["event"].as_u64().unwrap())
            .or_insert(0u64) += 1;
        let day = record["createdAt"].as_str().map(|t| t[..10].to_owned());
        *per_day.entry(day).or_insert(0u64) += 1;
    }
    let events: BTreeMap<u64, u64> = stats["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["code"].as_u64().unwrap(), e["records"].as_u64().unwrap()))
        .collect();
    assert_eq!(events, per_event);
    let days: BTreeMap<Option<String>, u64> = stats["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["key"].as_str().map(str::to_owned),
                d["records"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(days, per_day);
    let login = stats["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["code"] == 2001)
        .unwrap();
    assert_eq!(login["name"], "Login");
    assert_eq!(stats["unknown_codes"].as_array().unwrap().len(), 3);
}

/// Every Parquet file under `dir`, by path relative to it.
fn parquet_files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            found.extend(
                parquet_files(&path)
                    .into_iter()
                    .map(|f| format!("{name}/{f}")),
            );
        } else {
            found.push(path.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    found.sort();
    found
}

fn rows_and_codec(path: &Path) -> (i64, Compression) {
    let reader = SerializedFileReader::new(std::fs::File::open(path).unwrap()).unwrap();
    let metadata = reader.metadata();
    let codec = metadata.row_group(0).column(0).compression();
    (metadata.file_metadata().num_rows(), codec)
}

#[test]
fn partitioned_exports_add_files_by_day_and_month() {
    let dir = scratch("lake-export");
    let lake = dir.join("journal");
    let input = dir.join("journal.jsonl");
    let mut text = FIXTURE.to_owned();
    text.push_str("{\"event\":2001,\"createdAt\":\"not a time\"}\n{\"event\":2007}\n");
    std::fs::write(&input, &text).unwrap();
    let export = |by: &str, lake: &Path| {
        run(&[
            "journal",
            "export",
            "--parquet",
            lake.to_str().unwrap(),
            "--partition-by",
            by,
            input.to_str().unwrap(),
        ])
    };
    let output = export("day", &lake);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let total = records().len() + 2;
    assert!(
        stdout(&output).starts_with(&format!("{total} records written to")),
        "{}",
        stdout(&output)
    );
    assert!(stdout(&output).contains("(2 without a usable createdAt)"));
    let first = parquet_files(&lake);
    let mut expected_days = BTreeMap::new();
    for record in records() {
        let day = record["createdAt"]
            .as_str()
            .map_or("__HIVE_DEFAULT_PARTITION__".to_owned(), |t| {
                t[..10].to_owned()
            });
        *expected_days.entry(format!("date={day}")).or_insert(0i64) += 1;
    }
    *expected_days
        .entry("date=__HIVE_DEFAULT_PARTITION__".to_owned())
        .or_insert(0) += 2;
    let mut days = BTreeMap::new();
    for file in &first {
        assert!(!file.contains("/."), "a temporary file is left: {file}");
        let (rows, codec) = rows_and_codec(&lake.join(file));
        assert!(matches!(codec, Compression::ZSTD(_)), "{codec:?}");
        *days
            .entry(file.split('/').next().unwrap().to_owned())
            .or_insert(0) += rows;
    }
    assert_eq!(days, expected_days);
    // A second export adds files and overwrites none.
    let output = export("day", &lake);
    assert_eq!(output.status.code(), Some(1));
    let second = parquet_files(&lake);
    assert_eq!(second.len(), 2 * first.len());
    assert!(first.iter().all(|f| second.contains(f)));
    // By month, snappy.
    let months = dir.join("months");
    let output = run(&[
        "journal",
        "export",
        "--parquet",
        months.to_str().unwrap(),
        "--partition-by",
        "month",
        "--compression",
        "snappy",
        input.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let files = parquet_files(&months);
    let folders: Vec<&str> = files.iter().map(|f| f.split('/').next().unwrap()).collect();
    assert_eq!(
        folders,
        [
            "month=2024-08",
            "month=2024-09",
            "month=__HIVE_DEFAULT_PARTITION__"
        ]
    );
    assert_eq!(
        rows_and_codec(&months.join(&files[0])).1,
        Compression::SNAPPY
    );
    // An input that fails adds nothing.
    let cut = dir.join("cut.gz");
    let gz = gzip(FIXTURE.repeat(20).as_bytes());
    std::fs::write(&cut, &gz[..gz.len() / 2]).unwrap();
    let output = run(&[
        "journal",
        "export",
        "--parquet",
        lake.to_str().unwrap(),
        "--partition-by",
        "day",
        cut.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(parquet_files(&lake), second);
}

#[test]
fn a_single_file_export_takes_a_compression() {
    let dir = scratch("lake-codec");
    for (flag, expected) in [
        ("none", Compression::UNCOMPRESSED),
        ("snappy", Compression::SNAPPY),
    ] {
        let out = dir.join(format!("{flag}.parquet"));
        let output = run(&[
            "journal",
            "export",
            "--compression",
            flag,
            "--parquet",
            out.to_str().unwrap(),
            fixture().to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(1));
        assert_eq!(rows_and_codec(&out), (records().len() as i64, expected));
    }
}

/// The export's columns are the record's fields (`Record::FIELDS`, the library's one
/// declaration), in order, named as in Rust, with the catalog's name and section after
/// `event`: a field the library adds is a column with no change here.
#[test]
fn the_exported_columns_are_the_records_fields() {
    use primo_events::journal::Record;
    let out = scratch("lake-columns").join("x.parquet");
    run(&[
        "journal",
        "export",
        "--parquet",
        out.to_str().unwrap(),
        fixture().to_str().unwrap(),
    ]);
    let reader = SerializedFileReader::new(std::fs::File::open(&out).unwrap()).unwrap();
    let schema = reader.metadata().file_metadata().schema_descr();
    let columns: Vec<String> = (0..schema.num_columns())
        .map(|i| schema.column(i).name().to_owned())
        .collect();
    let mut expected = Vec::new();
    for field in Record::FIELDS {
        expected.push(field.name().to_owned());
        if field.wire() == "event" {
            expected.extend(["catalog_name".to_owned(), "section".to_owned()]);
        }
    }
    assert_eq!(columns, expected);
}

/// Every text of an export larger than a block, whose columns' values fill several of
/// their buffers, reads back as serde_json reads the record: none shifted to its
/// neighbour, none cut where a buffer ends.
#[test]
fn every_text_of_a_larger_export_reads_back_as_serde_json_reads_it() {
    use parquet::record::Field;
    let dir = scratch("lake-texts");
    let (input, out) = (dir.join("many.jsonl"), dir.join("many.parquet"));
    let words = [
        "Проект",
        "\\u0421\\u043a\\u043b\\u0430\\u0434",
        "C:\\\\Robots",
        "\\\"q\\\"",
        "a",
        "",
    ];
    let lines: Vec<String> = (0..6000)
        .map(|i| {
            let entity: Vec<&str> = (0..i % 37).map(|k| words[(i + k) % words.len()]).collect();
            let entity = match i % 11 {
                0 => "null".to_owned(),
                _ => format!("\"{}\"", entity.join(" ")),
            };
            let user = match i % 5 {
                0 => String::new(),
                _ => format!(",\"userId\":\"\\u0438{}\"", "в".repeat(i % 13)),
            };
            format!("{{\"event\":2001,\"entityData\":{entity}{user},\"text\":\"{i}\"}}")
        })
        .collect();
    std::fs::write(&input, lines.join("\n")).unwrap();
    let output = run(&[
        "journal",
        "export",
        "--parquet",
        out.to_str().unwrap(),
        input.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = |value: Option<&Value>| value.and_then(Value::as_str).map(str::to_owned);
    let expected: Vec<[Option<String>; 3]> = lines
        .iter()
        .map(|line| {
            let record: Value = serde_json::from_str(line).unwrap();
            ["entityData", "userId", "text"].map(|name| text(record.get(name)))
        })
        .collect();
    let reader = SerializedFileReader::new(std::fs::File::open(&out).unwrap()).unwrap();
    let rows: Vec<[Option<String>; 3]> = reader
        .get_row_iter(None)
        .unwrap()
        .map(|row| {
            let columns: BTreeMap<String, Field> =
                row.unwrap().into_columns().into_iter().collect();
            ["entity_data", "user_id", "text"].map(|name| match &columns[name] {
                Field::Str(s) => Some(s.clone()),
                _ => None,
            })
        })
        .collect();
    assert_eq!(rows.len(), expected.len());
    for (i, (row, expected)) in rows.iter().zip(&expected).enumerate() {
        assert_eq!(row, expected, "record {i}");
    }
}
