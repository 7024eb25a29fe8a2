//! Any bytes through `journal::json_lines`, read in small pieces with a small bound,
//! against a reading of the same bytes line by line here: the same records (as serde_json
//! reads each line into a `Record`) and the same errors at the same lines. That holds for
//! JSON lines, where each line is a text: no line opens an array, and every line that
//! starts with `{` ends with `}` (the `reader` target checks the rest). Never a panic.
#![no_main]

use primo_events::journal::{Record, json_lines};

const MAX_LINE_LEN: usize = 300;

fn json_space(b: &u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// What each non-blank line should give: its record, or the number of the line in
/// error; `None` when the input is not JSON lines as above.
fn expected(data: &[u8]) -> Option<Vec<Result<Record<'static>, u64>>> {
    let mut out = Vec::new();
    for (number, raw) in (1..).zip(data.split(|&b| b == b'\n')) {
        let mut line = raw;
        if number == 1 {
            line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        }
        let start = line
            .iter()
            .position(|b| !json_space(b))
            .unwrap_or(line.len());
        let end = line
            .iter()
            .rposition(|b| !json_space(b))
            .map_or(start, |n| n + 1);
        let line = &line[start..end.max(start)];
        match line.first() {
            None => continue,
            Some(b'[') => return None,
            Some(b'{') if line.len() < 2 || line.last() != Some(&b'}') => return None,
            _ => {}
        }
        if line.len() > MAX_LINE_LEN {
            out.push(Err(number));
            continue;
        }
        let record = std::str::from_utf8(line)
            .ok()
            .and_then(|text| serde_json::from_str::<Record>(text).ok());
        out.push(record.map(Record::into_owned).ok_or(number));
    }
    Some(out)
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let reader = std::io::BufReader::with_capacity(7, data);
    let read: Vec<Result<Record<'static>, u64>> = json_lines(reader)
        .max_line_len(MAX_LINE_LEN)
        .map(|item| item.map_err(|error| error.line()))
        .collect();
    if let Some(expected) = expected(data) {
        assert_eq!(read, expected);
    }
});
