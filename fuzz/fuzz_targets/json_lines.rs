//! Any bytes through `journal::json_lines`, read in small pieces with a small line bound,
//! against a reading of the same bytes line by line here: the same records (as serde_json
//! reads each line into a `Record`) and the same errors at the same lines. Never a panic.
#![no_main]

use primo_events::journal::{Record, json_lines};

const MAX_LINE_LEN: usize = 300;

/// What each non-blank line should give: its record, or the number of the line in error.
fn expected(data: &[u8]) -> Vec<Result<Record<'static>, u64>> {
    let mut pieces: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
    if data.ends_with(b"\n") || data.is_empty() {
        pieces.pop();
    }
    let mut out = Vec::new();
    for (number, raw) in (1..).zip(pieces) {
        if raw.len() > MAX_LINE_LEN {
            out.push(Err(number));
            continue;
        }
        let mut line = raw;
        if number == 1 {
            line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        }
        line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let record = std::str::from_utf8(line)
            .ok()
            .and_then(|text| serde_json::from_str::<Record>(text).ok());
        out.push(record.map(Record::into_owned).ok_or(number));
    }
    out
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let reader = std::io::BufReader::with_capacity(7, data);
    let read: Vec<Result<Record<'static>, u64>> = json_lines(reader)
        .max_line_len(MAX_LINE_LEN)
        .map(|item| item.map_err(|error| error.line()))
        .collect();
    assert_eq!(read, expected(data));
});
