//! The installed tool run on real files: each command, gzip, JSON arrays, bad lines, a
//! closed pipe, a path that is not UTF-8, exit statuses and stderr.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Output, Stdio};

use primo_events::Event;
use serde_json::Value;

mod common;

use common::*;

#[test]
fn decode_prints_a_line_per_argument() {
    let output = run(&["decode", "15801", "Login", "TrainProcessTimeout", "99999"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0].contains(&format!("{} (code 15801", Event::from_code(15801).unwrap())));
    assert!(lines[1].contains("Login (code 2001"), "{text}");
    assert!(
        lines[2].contains("TrainProcessTimeout is its alias"),
        "{text}"
    );
    assert!(lines[3].ends_with("unknown event code 99999"), "{text}");
    // An unknown name is most likely a typo: a problem.
    let output = run(&["decode", "Logn"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("unknown event name \"Logn\""));
}

#[test]
fn catalog_check_locates_every_error_and_fails() {
    let dir = scratch("check");
    let good = dir.join("good.md");
    std::fs::write(&good, "| Code | Event |\n|---|---|\n| 1 | A |\n| A | B |\n").unwrap();
    let output = run(&["catalog", "check", good.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("1 events, 1 aliases"),
        "{}",
        stdout(&output)
    );

    let bad = dir.join("bad.md");
    std::fs::write(
        &bad,
        "| Code | Event |\n|---|---|\n| 1 | A |\n| 1 | B |\n| x | C-D |\n",
    )
    .unwrap();
    let output = run(&["catalog", "check", bad.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let errors = stderr(&output);
    let name = bad.display();
    assert!(
        errors.contains(&format!(
            "error: {name}:4:3: code `1` of `B` is already used by `A`"
        )),
        "{errors}"
    );
    assert!(
        errors.contains(&format!(
            "error: {name}:5:3: `C-D` is an alias of `x`, but there is no event `x`"
        )),
        "{errors}"
    );
    assert!(
        errors.contains(&format!("error: {name}:5:7: event name `C-D`")),
        "{errors}"
    );
    assert!(errors.ends_with("3 errors, 0 warnings\n"), "{errors}");
}

#[test]
fn catalog_diff_prints_changes_and_fails_on_a_level() {
    let dir = scratch("diff");
    let (old, new) = (dir.join("old.md"), dir.join("new.md"));
    std::fs::write(&old, "| Code | Event |\n|---|---|\n| 1 | A |\n| 2 | B |\n").unwrap();
    std::fs::write(&new, "| Code | Event |\n|---|---|\n| 1 | A |\n| 3 | C |\n").unwrap();
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    let output = run(&["catalog", "diff", old, new]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("a major release"),
        "{}",
        stdout(&output)
    );
    let output = run(&["catalog", "diff", "--json", "--fail-on", "major", old, new]);
    assert_eq!(output.status.code(), Some(1));
    let changes: Vec<Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let kinds: Vec<&str> = changes
        .iter()
        .map(|c| c["change"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["removed", "added"]);
    assert!(stderr(&output).starts_with("primo-events: changes at level major"));
}

#[test]
fn catalog_list_gives_every_event_of_this_build() {
    let output = run(&["catalog", "list", "--json"]);
    assert_eq!(output.status.code(), Some(0));
    let listed: Vec<Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(listed.len(), Event::COUNT);
    for (value, event) in listed.iter().zip(Event::ALL) {
        assert_eq!(value["code"], event.code());
        assert_eq!(value["name"], event.name());
        assert_eq!(value["aliases"], serde_json::json!(event.aliases()));
        assert_eq!(value["section"], serde_json::json!(event.section()));
        assert_eq!(value["description"], serde_json::json!(event.description()));
        assert_eq!(value["note"], serde_json::json!(event.note()));
    }
    let table = stdout(&run(&["catalog", "list"]));
    assert_eq!(table.lines().count(), Event::COUNT);
}

/// `journal stats`' table of records per event code, read back from its output.
#[test]
fn stats_counts_every_record_and_reports_the_bad_lines() {
    let output = run(&["journal", "stats", fixture().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "bad lines are problems");
    let mut expected = BTreeMap::new();
    for record in records() {
        *expected
            .entry(record["event"].as_u64().unwrap() as u32)
            .or_insert(0) += 1;
    }
    let text = stdout(&output);
    assert_eq!(per_event(&text), expected);
    assert!(
        text.starts_with(&format!("{} records\n", records().len())),
        "{text}"
    );
    assert!(
        text.contains("codes unknown to this build: 23001 (1), 23002 (1), 99998 (1)"),
        "{text}"
    );
    assert!(text.contains("      3  security incident\n"), "{text}");
    let problems = stderr(&output);
    let name = fixture().display().to_string();
    assert_eq!(
        problems.lines().collect::<Vec<_>>(),
        [
            format!(
                "primo-events: {name}, line 19, column 61: not a journal record: no `event` field"
            ),
            format!("primo-events: {name}, line 20, column 2: not JSON: expected ident"),
        ]
    );
}

/// `journal stats --json`'s users and days: each text once, however it is written
/// (escaped or not) and in however many blocks its records come, against serde_json's
/// reading of every line.
#[test]
fn stats_counts_each_user_and_day_once_however_written() {
    let dir = scratch("users");
    let path = dir.join("users.jsonl");
    let mut journal = String::new();
    let mut users = BTreeMap::<Option<String>, u64>::new();
    let mut days = BTreeMap::<Option<String>, u64>::new();
    // Three thousand users, each name with a Cyrillic letter, in 12,000 records of some
    // 3 MB: blocks of a megabyte, each with most of the users in it.
    for i in 0..12_000_u64 {
        let user = format!("u{}ж", i * 7919 % 3_000);
        let written = match i % 4 {
            0 => format!("\"{}\"", user.replace('ж', "\\u0436")),
            1 => "null".to_owned(),
            _ => format!("\"{user}\""),
        };
        let created = format!("2024-09-{:02}T08:00:00.0", 1 + i / 1_000);
        let line = format!(
            "{{\"id\":\"{i:0>180}\",\"event\":2001,\"userId\":{written},\"createdAt\":\"{created}\"}}\n"
        );
        let record: Value = serde_json::from_str(&line).unwrap();
        *users
            .entry(record["userId"].as_str().map(str::to_owned))
            .or_default() += 1;
        *days.entry(Some(created[..10].to_owned())).or_default() += 1;
        journal.push_str(&line);
    }
    assert!(
        journal.len() > 2 << 20,
        "blocks of a megabyte: three at least"
    );
    std::fs::write(&path, journal).unwrap();
    let output = run(&["journal", "stats", "--json", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let stats: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let read = |rows: &Value| -> Vec<(Option<String>, u64)> {
        let rows = rows.as_array().unwrap().iter();
        rows.map(|row| {
            (
                row["key"].as_str().map(str::to_owned),
                row["records"].as_u64().unwrap(),
            )
        })
        .collect()
    };
    // Texts in order, then the records without one.
    let in_order = |counts: BTreeMap<Option<String>, u64>| {
        let (none, some): (Vec<_>, Vec<_>) = counts.into_iter().partition(|(key, _)| key.is_none());
        some.into_iter().chain(none).collect::<Vec<_>>()
    };
    assert_eq!(read(&stats["users"]), in_order(users));
    assert_eq!(read(&stats["days"]), in_order(days));
}

#[test]
fn gzip_arrays_and_stdin_read_the_same_records() {
    let dir = scratch("forms");
    let lines = stdout(&run(&["journal", "stats", fixture().to_str().unwrap()]));
    let records = records();
    let pretty = serde_json::to_string_pretty(&records).unwrap();
    let compact = serde_json::to_string(&records).unwrap();
    let forms: Vec<(&str, Vec<u8>)> = vec![
        ("lines.jsonl.gz", gzip(FIXTURE.as_bytes())),
        ("pretty.json", pretty.clone().into_bytes()),
        ("compact.json", compact.clone().into_bytes()),
        ("pretty.json.gz", gzip(pretty.as_bytes())),
        // Two gzip members, as `cat a.gz b.gz` makes: one input.
        (
            "two.jsonl.gz",
            [gzip(b"{\"event\":2001}\n"), gzip(b"{\"event\":2001}\n")].concat(),
        ),
    ];
    for (name, bytes) in &forms {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let output = run(&["journal", "stats", path.to_str().unwrap()]);
        let text = stdout(&output);
        if *name == "two.jsonl.gz" {
            assert!(text.starts_with("2 records\n"), "{text}");
            continue;
        }
        assert_eq!(per_event(&text), per_event(&lines), "{name}");
        if *name != "lines.jsonl.gz" {
            assert_eq!(output.status.code(), Some(0), "{name}: {}", stderr(&output));
        }
    }
    let mut child = tool()
        .args(["journal", "stats", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&gzip(compact.as_bytes()))
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(per_event(&stdout(&output)), per_event(&lines));
}

#[test]
fn filter_prints_the_matching_records_as_written() {
    let output = run(&[
        "journal",
        "filter",
        "--class",
        "security-incident",
        "--since",
        "2024-09-01",
        fixture().to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let expected: Vec<&str> = FIXTURE
        .lines()
        .filter(|line| {
            let Ok(v) = serde_json::from_str::<Value>(line) else {
                return false;
            };
            v.get("event").is_some()
                && v["classifiedEvent"] == 3
                && v["createdAt"].as_str().is_some_and(|c| c >= "2024-09-01")
        })
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(stdout(&output).lines().collect::<Vec<_>>(), expected);

    let by_alias = run(&[
        "journal",
        "filter",
        "--event",
        "TrainProcessTimeout",
        fixture().to_str().unwrap(),
    ]);
    let found = stdout(&by_alias);
    assert_eq!(
        found.lines().count(),
        records().iter().filter(|r| r["event"] == 15800).count()
    );
}

#[test]
fn timeline_puts_one_operation_in_time_order() {
    let output = run(&[
        "journal",
        "timeline",
        "--operation",
        "op-7f3a",
        fixture().to_str().unwrap(),
    ]);
    let text = stdout(&output);
    let mut expected: Vec<(String, u64)> = records()
        .iter()
        .filter(|r| r["operationKey"] == "op-7f3a")
        .map(|r| {
            (
                r["createdAt"].as_str().unwrap().to_owned(),
                r["event"].as_u64().unwrap(),
            )
        })
        .collect();
    expected.sort();
    let found: Vec<(String, u64)> = text
        .lines()
        .map(|line| {
            let mut words = line.split_whitespace();
            (
                words.next().unwrap().to_owned(),
                words.next().unwrap().parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(found, expected);
}

/// Microseconds since 1970 of a time in the server's form, counted the long way (year by
/// year, month by month): an oracle apart from the tool's calendar arithmetic.
fn naive_micros(text: &str) -> i64 {
    let (date, time) = text.split_at(10);
    let date: Vec<i64> = date.split('-').map(|n| n.parse().unwrap()).collect();
    let (year, month, day) = (date[0], date[1], date[2]);
    let leap = |y: i64| y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let mut days: i64 = (1970..year).map(|y| if leap(y) { 366 } else { 365 }).sum();
    let lengths = [
        31,
        if leap(year) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    days += lengths[..(month - 1) as usize].iter().sum::<i64>() + day - 1;
    let (clock, fraction) = time[1..].split_once('.').unwrap_or((&time[1..], ""));
    let clock: Vec<i64> = clock.split(':').map(|n| n.parse().unwrap()).collect();
    let seconds = days * 86_400 + clock[0] * 3600 + clock[1] * 60 + clock[2];
    let micros: String = fraction.chars().chain("000000".chars()).take(6).collect();
    seconds * 1_000_000 + micros.parse::<i64>().unwrap()
}

#[test]
fn export_writes_every_record_to_parquet() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;

    let dir = scratch("export");
    let out = dir.join("journal.parquet");
    let output = run(&[
        "journal",
        "export",
        "--parquet",
        out.to_str().unwrap(),
        fixture().to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1), "the fixture has bad lines");
    assert!(stdout(&output).starts_with(&format!("{} records written", records().len())));

    let reader = SerializedFileReader::new(std::fs::File::open(&out).unwrap()).unwrap();
    let rows: Vec<_> = reader
        .get_row_iter(None)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let records = records();
    assert_eq!(rows.len(), records.len());
    let text = |field: &Field| match field {
        Field::Str(s) => Value::from(s.as_str()),
        Field::Null => Value::Null,
        other => panic!("not text: {other:?}"),
    };
    for (row, record) in rows.iter().zip(&records) {
        let columns: BTreeMap<&str, &Field> = row
            .get_column_iter()
            .map(|(name, field)| (name.as_str(), field))
            .collect();
        let code = record["event"].as_u64().unwrap() as u32;
        assert_eq!(columns["event"], &Field::UInt(code));
        let event = Event::from_code(code);
        assert_eq!(
            text(columns["catalog_name"]),
            serde_json::json!(event.map(|e| e.name()))
        );
        assert_eq!(
            text(columns["section"]),
            serde_json::json!(event.and_then(|e| e.section()))
        );
        for (column, key) in [
            ("id", "id"),
            ("event_name", "eventName"),
            ("entity_data", "entityData"),
            ("user_id", "userId"),
            ("signature", "signature"),
            ("text", "text"),
            ("ip", "ip"),
            ("tenant_id", "tenantId"),
            ("node_id", "nodeId"),
            ("operation_key", "operationKey"),
        ] {
            let written = record.get(key).cloned().unwrap_or(Value::Null);
            assert_eq!(text(columns[column]), written, "{column}");
        }
        for (column, key) in [
            ("created_at", "createdAt"),
            ("api_created_at", "apiCreatedAt"),
        ] {
            match (columns[column], record.get(key).and_then(Value::as_str)) {
                (Field::TimestampMicros(micros), Some(written)) => {
                    assert_eq!(*micros, naive_micros(written), "{written}");
                }
                (Field::Null, None) => {}
                (field, written) => panic!("{column}: {field:?} for {written:?}"),
            }
        }
        let class = record.get("classifiedEvent").and_then(Value::as_u64);
        assert_eq!(
            columns["classified_event"],
            &class.map_or(Field::Null, |c| Field::UByte(c as u8))
        );
        let valid = record.get("validSignature").and_then(Value::as_bool);
        assert_eq!(
            columns["valid_signature"],
            &valid.map_or(Field::Null, Field::Bool)
        );
        let index = record.get("index").and_then(Value::as_u64);
        assert_eq!(columns["index"], &index.map_or(Field::Null, Field::ULong));
    }
}

#[test]
fn every_kind_of_bad_input_is_a_located_problem() {
    let dir = scratch("bad");
    let path = dir.join("bad.jsonl");
    let mut bytes = Vec::new();
    bytes.extend_from_slice(b"{\"event\":2001}\n");
    bytes.extend_from_slice(b"{\"event\":2001,\"text\":\"\xff\"}\n"); // invalid UTF-8
    bytes.extend_from_slice(b"\n"); // empty: white space, no piece
    bytes.extend_from_slice(b"{\"userId\":\"ivanov\"}\n"); // no event
    bytes.extend_from_slice(b"[1,{\"event\":2001}]\n"); // an array: each element
    bytes.extend_from_slice(&vec![b' '; 100 << 20]); // 100 MB of white space, then a record
    bytes.extend_from_slice(b"{\"event\":2001}\n");
    bytes.extend_from_slice(format!("{{\"text\":\"{}\"}}\n", "x".repeat(2000)).as_bytes());
    bytes.extend_from_slice(b"{\"event\":2007}\n");
    bytes.extend_from_slice(b"{\"event\":20"); // truncated, the last line
    std::fs::write(&path, &bytes).unwrap();
    let output = run(&[
        "journal",
        "stats",
        "--max-record-len",
        "1000",
        path.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).starts_with("4 records\n"),
        "{}",
        stdout(&output)
    );
    let name = path.display().to_string();
    let expected = [
        "line 2, column 23: not text: invalid UTF-8",
        "line 4, column 19: not a journal record: no `event` field",
        "line 5, column 2: not a journal record: expected a JSON object, found a number",
        "line 7, column 1: longer than 1000 bytes: read past, not kept",
        "line 9, column 11: truncated: the text ends inside the record",
    ];
    let expected: Vec<String> = expected
        .iter()
        .map(|e| format!("primo-events: {name}, {e}"))
        .collect();
    assert_eq!(stderr(&output).lines().collect::<Vec<_>>(), expected);
}

#[test]
fn after_twenty_problems_the_rest_are_counted() {
    let dir = scratch("many");
    let path = dir.join("many.jsonl");
    std::fs::write(&path, "nope\n".repeat(25) + "{\"event\":1}\n").unwrap();
    let output = run(&["journal", "stats", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let problems = stderr(&output);
    assert_eq!(problems.lines().count(), 21, "{problems}");
    assert!(problems.ends_with("primo-events: 5 more problems not shown (25 in all)\n"));
    assert!(stdout(&output).starts_with("1 records\n"));
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let dir = scratch("pipe");
    let path = dir.join("big.jsonl");
    let good: String = FIXTURE
        .lines()
        .filter(|l| l.starts_with("{\"id\""))
        .map(|l| format!("{l}\n"))
        .collect();
    // Far more than a pipe holds: the tool is still writing when the reader goes.
    std::fs::write(&path, good.repeat(2_000)).unwrap();
    let path = path.to_str().unwrap();
    for args in [vec!["journal", "filter", path], vec!["catalog", "list"]] {
        let mut child = tool()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        let mut out = BufReader::with_capacity(64, child.stdout.take().unwrap());
        out.read_line(&mut first).unwrap();
        assert!(!first.is_empty(), "{args:?}");
        drop(out); // `| head -1`
        let mut errors = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut errors)
            .unwrap();
        assert_eq!(child.wait().unwrap().code(), Some(0), "{args:?}: {errors}");
        assert_eq!(errors, "", "{args:?}");
    }
}

#[test]
fn records_read_from_a_pipe_go_out_before_the_input_ends() {
    let good: String = FIXTURE
        .lines()
        .filter(|l| l.starts_with("{\"id\""))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut child = tool()
        .args(["journal", "filter"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let reading = std::thread::spawn(move || {
        let first = out.read_exact(&mut [0; 4]);
        let _ = tx.send(first.is_ok());
        let _ = std::io::copy(&mut out, &mut std::io::sink());
    });
    // A few blocks' worth, far from the bytes that wake the collector on a busy input:
    // an input that comes slowly is written out as its blocks are read, and the input
    // stays open.
    let mut input = child.stdin.take().unwrap();
    input
        .write_all(good.repeat((3 << 20) / good.len() + 1).as_bytes())
        .unwrap();
    // Not a measure of speed: a guard against waiting for ever.
    let wrote = rx.recv_timeout(std::time::Duration::from_secs(120));
    if wrote.is_err() {
        let _ = child.kill();
    }
    drop(input);
    child.wait().unwrap();
    reading.join().unwrap();
    assert_eq!(wrote, Ok(true), "nothing written while the input is open");
}

#[cfg(unix)]
#[test]
fn a_path_that_is_not_utf8_works() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    let dir = scratch("non-utf8");
    let path = dir.join(OsStr::from_bytes(b"journal-\xff.jsonl"));
    std::fs::write(&path, "{\"event\":2001}\nnot json\n").unwrap();
    let output = tool()
        .args(["journal", "stats"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).starts_with("1 records\n"));
    assert!(
        stderr(&output).contains("journal-\u{fffd}.jsonl, line 2"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn usage_and_io_errors_exit_with_2() {
    let output = run(&["journal", "stats", "/nonexistent/journal.jsonl"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("primo-events: cannot read /nonexistent/journal.jsonl: "),
        "{}",
        stderr(&output)
    );
    let output = run(&["journal", "stats", "--no-such-option"]);
    assert_eq!(output.status.code(), Some(2));
    let usage = stderr(&output);
    assert!(
        usage.starts_with("primo-events: unexpected argument '--no-such-option'"),
        "{usage}"
    );
    assert!(
        usage.contains("Usage: primo-events journal stats"),
        "{usage}"
    );
    let output = run(&["journal"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("Usage: primo-events journal <COMMAND>"),
        "{}",
        stderr(&output)
    );
    let output = run(&["catalog", "check", "/nonexistent/events.md"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with("primo-events: cannot read /nonexistent/events.md"));
}

#[test]
fn every_line_on_stderr_begins_with_the_program_name() {
    // (Usage errors are clap's message and usage: tested above.)
    let dir = scratch("reports");
    let journal = dir.join("journal.jsonl");
    let lines: String = (0..30).map(|i| format!("{{\"event\": {i}\n")).collect();
    std::fs::write(&journal, lines).unwrap();
    let journal = journal.to_str().unwrap();
    let out = dir.join("out.parquet");
    let runs: [&[&str]; 6] = [
        // 30 problems: 20 shown, then a count.
        &["journal", "stats", journal],
        &["journal", "stats", "--threads", "1000", journal],
        &["journal", "export", "--parquet", "-", journal],
        &[
            "journal",
            "export",
            "--parquet",
            out.to_str().unwrap(),
            "/nonexistent/a.jsonl",
        ],
        &[
            "catalog",
            "diff",
            "/nonexistent/old.md",
            "/nonexistent/new.md",
        ],
        &["catalog", "check", "/nonexistent/events.md"],
    ];
    for args in runs {
        let output = run(args);
        let text = stderr(&output);
        assert!(!text.is_empty(), "{args:?} says nothing");
        for line in text.lines() {
            assert!(line.starts_with("primo-events: "), "{args:?}: {line}");
        }
    }
}

#[test]
fn help_version_and_completions() {
    let help = stdout(&run(&["--help"]));
    assert!(help.contains("Examples:\n  primo-events decode"), "{help}");
    let version = stdout(&run(&["--version"]));
    assert_eq!(
        version,
        format!("primo-events {}\n", env!("CARGO_PKG_VERSION"))
    );
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = run(&["completions", shell]);
        assert_eq!(output.status.code(), Some(0));
        assert!(stdout(&output).contains("primo-events"), "{shell}");
    }
}

#[test]
fn a_broken_gzip_stream_is_an_io_error_after_the_records_before_it() {
    let dir = scratch("broken-gzip");
    let good: String = FIXTURE
        .lines()
        .filter(|l| l.starts_with("{\"id\""))
        .map(|l| format!("{l}\n"))
        .collect();
    let whole = gzip(good.repeat(200).as_bytes());
    let path = dir.join("cut.jsonl.gz");
    std::fs::write(&path, &whole[..whole.len() / 2]).unwrap();
    let output = run(&["journal", "stats", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let errors = stderr(&output);
    let cannot = format!("primo-events: cannot read {}: ", path.display());
    assert!(errors.lines().any(|l| l.starts_with(&cannot)), "{errors}");
    assert!(!errors.contains("panicked"), "{errors}");
    let records: u64 = stdout(&output).split(' ').next().unwrap().parse().unwrap();
    assert!(records > 0, "the records before the cut count");
}

#[test]
fn every_thread_count_gives_the_same_output_in_input_order() {
    let dir = scratch("threads");
    let path = dir.join("many-blocks.jsonl");
    // About 3 MB: several blocks, so that workers finish out of order.
    let journal: String = (0..8000)
        .map(|i| {
            let event = [2001, 2007, 15800, 99999][i % 4];
            let user = ["ivanov", "petrova", "sidorov"][i % 3];
            let bad = if i % 997 == 0 { "not json\n" } else { "" };
            format!(
                "{bad}{{\"id\":\"{i:0>340}\",\"event\":{event},\"userId\":\"{user}\",\"createdAt\":\"2024-09-{:02}T08:00:00.0\",\"index\":{i}}}\n",
                1 + i % 28
            )
        })
        .collect();
    std::fs::write(&path, journal).unwrap();
    let path = path.to_str().unwrap();
    for command in [
        &["journal", "stats"][..],
        &["journal", "filter", "--user", "petrova"],
    ] {
        let outputs: Vec<Output> = ["1", "2", "5"]
            .iter()
            .map(|threads| {
                tool()
                    .args(command)
                    .args(["--threads", threads, path])
                    .output()
                    .unwrap()
            })
            .collect();
        for output in &outputs[1..] {
            assert_eq!(output.stdout, outputs[0].stdout, "{command:?}");
            assert_eq!(output.stderr, outputs[0].stderr, "{command:?}");
        }
    }
    let filtered = run(&[
        "journal",
        "filter",
        "--user",
        "petrova",
        "--threads",
        "5",
        path,
    ]);
    let indexes: Vec<u64> = stdout(&filtered)
        .lines()
        .map(|line| {
            serde_json::from_str::<Value>(line).unwrap()["index"]
                .as_u64()
                .unwrap()
        })
        .collect();
    let expected: Vec<u64> = (0..8000).filter(|i| i % 3 == 1).collect();
    assert_eq!(indexes, expected);
}
