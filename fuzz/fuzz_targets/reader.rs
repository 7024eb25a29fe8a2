//! Any bytes through the library's journal reader (`primo_events::journal::Reader`):
//! never a panic; the same pieces whatever the block size; nothing lost (every byte
//! outside the texts is white space or an array's punctuation); each text read by
//! `json_lines` as serde_json (the derived `Deserialize`) reads it alone, errors at the
//! same line and column; a valid JSON array gives exactly its elements, and JSON lines
//! whose lines are each a JSON value give exactly those lines.
#![no_main]

mod derived;

use derived::Derived;
use primo_events::journal::{Piece, Reader, json_lines};
use serde_json::Value;

const MAX_LEN: usize = 300;

/// A piece: where, and the text or `None` for a flaw.
type Got = (u64, u64, Option<Vec<u8>>);

fn pieces(data: &[u8], block: usize) -> Vec<Got> {
    let mut got = Vec::new();
    for block in Reader::new(data).max_len(MAX_LEN).block_size(block) {
        for piece in block.expect("reading a slice never fails").pieces() {
            got.push(match piece {
                Piece::Text { place, text } => (place.line, place.column, Some(text.to_vec())),
                Piece::Flaw { place, .. } => (place.line, place.column, None),
            });
        }
    }
    got
}

/// Where each line of `data` starts.
fn line_starts(data: &[u8]) -> Vec<usize> {
    let ends = data.iter().enumerate().filter(|&(_, &b)| b == b'\n');
    std::iter::once(0)
        .chain(ends.map(|(at, _)| at + 1))
        .collect()
}

/// Where serde_json's (line, column) within a text at (line, column) lies in the input.
fn within((line, column): (u64, u64), (l, c): (usize, usize)) -> (u64, u64) {
    let c = c.max(1) as u64;
    match l {
        0 => (line, column),
        1 => (line, column + c - 1),
        l => (line + l as u64 - 1, c),
    }
}

/// `line` without JSON's white space at its ends.
fn trim_json_space(line: &[u8]) -> &[u8] {
    let start = line
        .iter()
        .position(|&b| !json_space(b))
        .unwrap_or(line.len());
    let end = line
        .iter()
        .rposition(|&b| !json_space(b))
        .map_or(start, |last| last + 1);
    &line[start..end]
}

fn json_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let whole = pieces(data, 1 << 20);
    let block = data.first().map_or(1, |b| usize::from(b % 16) + 1);
    assert_eq!(pieces(data, block), whole, "blocks of {block}");

    // json_lines: each text as serde_json reads it alone; each flaw an error there.
    let read: Vec<Result<Value, (u64, u64)>> =
        json_lines(std::io::BufReader::with_capacity(7, data))
            .max_line_len(MAX_LEN)
            .map(|r| {
                r.map(|record| serde_json::to_value(&record).unwrap())
                    .map_err(|e| (e.line(), e.column()))
            })
            .collect();
    let expected: Vec<Result<Value, (u64, u64)>> = whole
        .iter()
        .map(|(line, column, text)| {
            let Some(text) = text else {
                return Err((*line, *column));
            };
            let text = std::str::from_utf8(text).map_err(|e| {
                let valid = &text[..e.valid_up_to()];
                let l = valid.iter().filter(|&&b| b == b'\n').count() + 1;
                let c =
                    valid.len() - valid.iter().rposition(|&b| b == b'\n').map_or(0, |n| n + 1) + 1;
                within((*line, *column), (l, c))
            })?;
            serde_json::from_str::<Derived>(text)
                .map(|d| serde_json::to_value(&d).unwrap())
                .map_err(|e| within((*line, *column), (e.line(), e.column())))
        })
        .collect();
    assert_eq!(read, expected);

    if whole.iter().any(|(_, _, text)| text.is_none()) {
        return;
    }
    // Nothing lost: around the texts, only white space, `[`, `,`, `]` (and a BOM).
    let mut data = data.to_vec();
    if data.starts_with(b"\xEF\xBB\xBF") {
        data[..3].copy_from_slice(b"   ");
    }
    let starts = line_starts(&data);
    let mut covered = vec![false; data.len()];
    for (line, column, text) in &whole {
        let text = text.as_ref().unwrap();
        let at = starts[*line as usize - 1] + *column as usize - 1;
        assert_eq!(&data[at..at + text.len()], &text[..]);
        covered[at..at + text.len()]
            .iter_mut()
            .for_each(|c| *c = true);
    }
    for (at, &byte) in data.iter().enumerate() {
        assert!(
            covered[at] || json_space(byte) || b"[],".contains(&byte),
            "byte {at} lost"
        );
    }
    let texts: Vec<&[u8]> = whole
        .iter()
        .map(|(_, _, t)| &t.as_ref().unwrap()[..])
        .collect();

    // A valid JSON array: its elements.
    if let Ok(Value::Array(elements)) = serde_json::from_slice::<Value>(&data) {
        let read: Vec<Value> = texts
            .iter()
            .map(|t| serde_json::from_slice(t).unwrap())
            .collect();
        assert_eq!(read, elements);
    }
    // JSON lines, each line a JSON value that is no array: the lines themselves, trimmed
    // of JSON's white space (not `trim_ascii`'s, which takes a form feed too: a line of
    // one is a text that is no record).
    let lines: Vec<&[u8]> = data
        .split(|&b| b == b'\n')
        .map(trim_json_space)
        .filter(|l| !l.is_empty())
        .collect();
    let one_value = |l: &&[u8]| {
        !l.starts_with(b"[")
            && !l.iter().any(|&b| b == 0x0c || b == 0x0b)
            && serde_json::from_slice::<Value>(l).is_ok()
    };
    if lines.iter().all(one_value) {
        assert_eq!(texts, lines);
    }
});
