//! Inputs that break naive parsers: every one ends with a result or located diagnostics,
//! and the test suite's own run time shows it ends quickly (no timing is asserted here;
//! benches/ and examples/synth.rs measure speed).

use crate::{codegen, reported};

#[test]
fn a_100000_row_catalog_parses_and_checks() {
    let mut md = String::from("| Code | Event | Description |\n| --- | --- | --- |\n");
    for i in 0..100_000u32 {
        md.push_str(&format!("| {} | Event{i} | Описание {i} |\n", 100 + i * 3));
    }
    let (checked, diagnostics) = codegen::read(md.as_bytes());
    assert_eq!(diagnostics, []);
    assert_eq!(checked.unwrap().variants().len(), 100_000);
}

#[test]
fn a_10_mb_single_line_ends_with_an_error() {
    let line = "x".repeat(10 << 20);
    assert_eq!(
        reported(line.as_bytes()),
        "error: events.md:1:1: no events found\n\
         error:   help: list events in a table with a code and an event column, or as `Name = code` lines in a code block\n"
    );
}

#[test]
fn a_10_mb_single_table_header_reports_each_unknown_column() {
    // 1,000,000 cells on one line: columns are counted on, not recounted per cell.
    let header = "| Code | Event |".to_owned() + &" x |".repeat(1_000_000);
    let md = format!("{header}\n|{}\n", " --- |".repeat(1_000_002));
    let found = codegen::generate(md.as_bytes()).unwrap_err();
    assert_eq!(found.len(), 1_000_000);
    let place = |i: usize| (found[i].pos().line(), found[i].pos().col());
    assert_eq!(place(1), (1, 22));
    assert_eq!(place(999_999), (1, 4_000_014));
}

#[test]
fn a_10_mb_code_block_line_is_one_error() {
    let md = format!(
        "    Name = 1 // {}\n    {}\n",
        "d".repeat(5 << 20),
        "y".repeat(5 << 20)
    );
    let found = reported(md.as_bytes());
    assert_eq!(found.lines().count(), 1);
    assert!(found.starts_with("error: events.md:2:5: expected `Name = code`, found `yyyy"));
}

#[test]
fn a_hundred_thousand_blank_lines_are_nothing() {
    let md = format!(
        "{}    Login = 2001\n{}",
        "\n".repeat(100_000),
        "\r\n".repeat(100_000)
    );
    let generated = codegen::generate(md.as_bytes()).expect("one event");
    assert!(generated.source.contains("Login = 2001"));
}

#[test]
fn deeply_nested_markup_ends() {
    let quotes = format!("{}| Code | Event |\n", "> ".repeat(10_000));
    let lists = format!("{}Login = 2001\n", "- ".repeat(10_000));
    let emphasis = format!(
        "| Code | Event |\n|---|---|\n| 1 | {}A{} |\n",
        "*_".repeat(50_000),
        "_*".repeat(50_000)
    );
    let brackets = format!(
        "| Code | Event |\n|---|---|\n| 1 | {}A |\n",
        "[".repeat(100_000)
    );
    let ticks = format!("{}\n", "`".repeat(100_000));
    for md in [quotes, lists, emphasis, brackets, ticks] {
        // A result or diagnostics; the point is that it returns.
        let _ = reported(md.as_bytes());
    }
}
