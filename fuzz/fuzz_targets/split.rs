//! Any bytes through the tool's reader (`primo_events_cli::journal::split` and the record
//! decoder): the same items whatever the block size; in JSON lines, the same records at
//! the same lines as the library's `json_lines` (and an empty-line flaw where it skips a
//! blank line); for a valid JSON array, its elements, in order, and nothing else. Never
//! a panic.
#![no_main]

use primo_events::journal::{Record, json_lines};
use primo_events_cli::journal::decode;
use primo_events_cli::journal::split::{Flaw, Item, Splitter};
use serde_json::Value;

const MAX_LEN: usize = 300;

/// Every item, as (line, column, the text or the flaw).
fn items(data: &[u8], block: usize) -> Vec<(u64, u64, Result<Vec<u8>, Flaw>)> {
    let mut splitter = Splitter::new(data, MAX_LEN).block_size(block);
    let mut found = Vec::new();
    while let Some(b) = splitter.next_block().unwrap() {
        for item in b.items {
            found.push(match item {
                Item::Text { place, range } => {
                    (place.line, place.column, Ok(b.data[range].to_vec()))
                }
                Item::Flaw { place, flaw } => (place.line, place.column, Err(flaw)),
            });
        }
    }
    found
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let whole = items(data, 1 << 20);
    let block = data.first().map_or(1, |b| usize::from(b % 16) + 1);
    assert_eq!(items(data, block), whole, "blocks of {block}");

    let decoded: Vec<(u64, Result<Record<'_>, ()>)> = whole
        .iter()
        .map(|(line, _, item)| match item {
            Ok(text) => (
                *line,
                decode::record(text).map(Record::into_owned).map_err(|_| ()),
            ),
            Err(_) => (*line, Err(())),
        })
        .collect();

    let text = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let array = text.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[');
    if !array {
        // JSON lines: json_lines skips blank lines where the tool reports them.
        let library: Vec<(u64, Result<Record<'static>, ()>)> = json_lines(data)
            .max_line_len(MAX_LEN)
            .map(|item| match item {
                Ok(record) => (0, Ok(record)),
                Err(error) => (error.line(), Err(())),
            })
            .collect();
        let tool: Vec<(u64, Result<Record<'static>, ()>)> = decoded
            .iter()
            .zip(&whole)
            .filter(|(_, (_, _, item))| *item != Err(Flaw::EmptyLine))
            .map(|((line, record), _)| match record {
                Ok(record) => (0, Ok(record.clone())),
                Err(()) => (*line, Err(())),
            })
            .collect();
        assert_eq!(tool, library);
    } else if let Ok(Value::Array(elements)) = serde_json::from_slice::<Value>(text) {
        let read: Vec<Value> = whole
            .iter()
            .map(|(_, _, item)| {
                let text = item.as_ref().expect("no flaw in a valid array");
                serde_json::from_slice(text).expect("an element is JSON")
            })
            .collect();
        assert_eq!(read, elements);
    }
});
