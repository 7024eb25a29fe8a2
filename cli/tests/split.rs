//! Cutting inputs into record texts: places, flaws, and the same answer whatever the
//! size of the blocks the input is read in.

use primo_events_cli::journal::split::{Flaw, Item, Place, Splitter};

/// What the splitter finds in `input` read in blocks of `block` bytes: each text or
/// flaw with its line and column.
fn cut(input: &[u8], block: usize, max_len: usize) -> Vec<(u64, u64, Result<String, Flaw>)> {
    let mut splitter = Splitter::new(input, max_len).block_size(block);
    let mut found = Vec::new();
    while let Some(b) = splitter.next_block().unwrap() {
        for item in b.items {
            found.push(match item {
                Item::Text { place, range } => (
                    place.line,
                    place.column,
                    Ok(String::from_utf8_lossy(&b.data[range]).into_owned()),
                ),
                Item::Flaw { place, flaw } => (place.line, place.column, Err(flaw)),
            });
        }
    }
    found
}

/// The same, checked to be the same for every block size from 1 byte to the default.
fn cut_any(input: &[u8], max_len: usize) -> Vec<(u64, u64, Result<String, Flaw>)> {
    let whole = cut(input, 1 << 20, max_len);
    for block in 1..=16 {
        assert_eq!(cut(input, block, max_len), whole, "blocks of {block} bytes");
    }
    whole
}

fn text(line: u64, column: u64, text: &str) -> (u64, u64, Result<String, Flaw>) {
    (line, column, Ok(text.to_owned()))
}

#[test]
fn lines_are_texts_with_their_numbers() {
    let input = b"\xEF\xBB\xBF{\"event\":1}\r\n{\"event\":2}\n  \n\n{\"event\":3}";
    assert_eq!(
        cut_any(input, 100),
        [
            text(1, 1, "   {\"event\":1}"),
            text(2, 1, "{\"event\":2}"),
            (3, 1, Err(Flaw::EmptyLine)),
            (4, 1, Err(Flaw::EmptyLine)),
            text(5, 1, "{\"event\":3}"),
        ]
    );
}

#[test]
fn a_line_over_the_bound_is_a_flaw_and_the_next_line_is_read() {
    let long = "x".repeat(50);
    let input = format!("{{\"event\":1}}\n{long}\n{{\"event\":2}}\n{long}");
    assert_eq!(
        cut_any(input.as_bytes(), 20),
        [
            text(1, 1, "{\"event\":1}"),
            (2, 1, Err(Flaw::TooLong(20))),
            text(3, 1, "{\"event\":2}"),
            (4, 1, Err(Flaw::TooLong(20))),
        ]
    );
}

#[test]
fn arrays_are_cut_into_their_elements_on_one_line_or_many() {
    let pretty = "[\n  {\n    \"event\": 1,\n    \"text\": \"a, [b] {c} \\\"d\\\"\"\n  },\n  {\"event\": 2}\n]\n";
    assert_eq!(
        cut_any(pretty.as_bytes(), 100),
        [
            text(
                2,
                3,
                "{\n    \"event\": 1,\n    \"text\": \"a, [b] {c} \\\"d\\\"\"\n  }"
            ),
            text(6, 3, "{\"event\": 2}"),
        ]
    );
    let one_line = r#"[{"event":1,"x":[1,{"y":"]"}]},{"event":2},5,"s",null]"#;
    assert_eq!(
        cut_any(one_line.as_bytes(), 100),
        [
            text(1, 2, r#"{"event":1,"x":[1,{"y":"]"}]}"#),
            text(1, 32, r#"{"event":2}"#),
            text(1, 44, "5"),
            text(1, 46, "\"s\""),
            text(1, 50, "null"),
        ]
    );
}

#[test]
fn concatenated_arrays_and_values_outside_them_are_all_read() {
    let input = "[{\"event\":1}]\n[{\"event\":2}] {\"event\":3}\n]";
    assert_eq!(
        cut_any(input.as_bytes(), 100),
        [
            text(1, 2, "{\"event\":1}"),
            text(2, 2, "{\"event\":2}"),
            text(2, 15, "{\"event\":3}"),
            text(3, 1, "]"),
        ]
    );
}

#[test]
fn an_unclosed_array_and_a_long_element_are_flaws() {
    let input = format!(
        "[{{\"event\":1}}, {{\"text\":\"{}\"}}, {{\"event\":2}}",
        "x".repeat(40)
    );
    assert_eq!(
        cut_any(input.as_bytes(), 30),
        [
            text(1, 2, "{\"event\":1}"),
            (1, 15, Err(Flaw::TooLong(30))),
            text(1, 68, "{\"event\":2}"),
            (1, 79, Err(Flaw::UnclosedArray)),
        ]
    );
    // Truncated inside an element: the element's text goes on to be decoded (and
    // reported as truncated), then the array is said to be unclosed.
    assert_eq!(
        cut_any(b"[{\"event\":1}, {\"eve", 30),
        [
            text(1, 2, "{\"event\":1}"),
            text(1, 15, "{\"eve"),
            (1, 20, Err(Flaw::UnclosedArray)),
        ]
    );
}

#[test]
fn places_order_as_the_input() {
    let a = Place { line: 1, column: 9 };
    let b = Place { line: 2, column: 1 };
    assert!(a < b);
}

#[test]
fn an_escape_at_a_block_end_is_kept() {
    // Found by the fuzz target `split`: an escaped character as the last byte of a block.
    let input = b"[\t\x00\xff\xff\x071\"n\\15\",";
    let found = cut_any(input, 300);
    assert_eq!(found.len(), 2, "{found:?}");
}
