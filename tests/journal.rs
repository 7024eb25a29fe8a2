//! The journal example's logic on a small sample of records.

#[path = "../examples/journal/summary.rs"]
mod summary;

use primo_events::EventCode;

#[test]
fn counts_every_record_and_reports_what_does_not_add_up() {
    let sample = include_bytes!("fixtures/journal.jsonl");
    let summary = summary::Summary::read(&sample[..]).unwrap();
    let counts: Vec<(u32, usize)> = summary
        .counts
        .iter()
        .map(|(code, &count)| (code.get(), count))
        .collect();
    assert_eq!(
        counts,
        [
            (2001, 2),
            (2003, 1),
            (2007, 2),
            (15800, 2),
            (16000, 1),
            (99998, 1),
            (99999, 1)
        ]
    );
    assert_eq!(
        summary.problems,
        [
            "line 9: event 2007 is LogOut, but eventName is \"Login\"",
            "line 10: event 99998 is unknown to this build, but eventName \"LogOut\" is code 2007",
            "line 12: missing field `event` at line 1 column 59",
            "line 13: expected ident at line 1 column 2",
        ]
    );
    let table = summary.to_string();
    assert!(
        table.starts_with("records  event\n      2  2001 Login\n"),
        "{table}"
    );
    assert!(
        table.contains("      1  99999 (unknown event)\n"),
        "{table}"
    );
    assert!(summary.counts.contains_key(&EventCode::new(99_999)));
}
