//! The journal reader (`primo_events::journal::Reader`): what it cuts from JSON lines,
//! arrays and their mixtures, how far a broken piece reaches, and that no answer depends
//! on where a block ends. Valid inputs are checked against serde_json reading the same
//! bytes as a stream of values.

use primo_events::journal::{Flaw, Piece, Place, Reader};
use serde_json::Value;

/// What the reader gives: (line, column, text) for texts, (line, column, flaw) for flaws.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Got {
    Text(u64, u64, String),
    Flaw(u64, u64, Flaw),
}

fn read_in(input: &[u8], block: usize, max_len: usize) -> Vec<Got> {
    pieces(Reader::new(input).block_size(block).max_len(max_len))
}

fn pieces(reader: Reader<impl std::io::Read>) -> Vec<Got> {
    let mut got = Vec::new();
    for block in reader {
        for piece in block.unwrap().pieces() {
            got.push(match piece {
                Piece::Text { place, text } => Got::Text(
                    place.line,
                    place.column,
                    String::from_utf8_lossy(text).into_owned(),
                ),
                Piece::Flaw { place, flaw } => Got::Flaw(place.line, place.column, flaw),
            });
        }
    }
    got
}

/// Read whole, and the same in blocks of 1 to 16 bytes.
fn read(input: &[u8], max_len: usize) -> Vec<Got> {
    let whole = read_in(input, 1 << 20, max_len);
    for block in 1..=16 {
        assert_eq!(read_in(input, block, max_len), whole, "blocks of {block}");
    }
    whole
}

fn texts(got: &[Got]) -> Vec<&str> {
    got.iter()
        .filter_map(|g| match g {
            Got::Text(_, _, text) => Some(text.as_str()),
            Got::Flaw(..) => None,
        })
        .collect()
}

fn text(line: u64, column: u64, text: &str) -> Got {
    Got::Text(line, column, text.to_owned())
}

/// serde_json's reading of a stream of values, arrays at the top level opened.
fn oracle(input: &str) -> Vec<Value> {
    let mut values = Vec::new();
    for value in serde_json::Deserializer::from_str(input).into_iter::<Value>() {
        match value.unwrap() {
            Value::Array(elements) => values.extend(elements),
            value => values.push(value),
        }
    }
    values
}

fn parsed(got: &[Got]) -> Vec<Value> {
    texts(got)
        .iter()
        .map(|t| serde_json::from_str(t).unwrap_or_else(|e| panic!("{t:?}: {e}")))
        .collect()
}

#[test]
fn json_lines_arrays_and_their_mixtures_give_serde_jsons_values() {
    let inputs = [
        "{\"event\":2001}\n{\"event\":2007,\"text\":\"a\\\"b\\\\\"}\r\n",
        "[{\"event\":1},{\"event\":2}]",
        "[\n  {\n    \"event\": 1,\n    \"x\": [1, {\"y\": \"]\"}]\n  },\n  {\"event\": 2}\n]\n",
        "[{\"event\":1}][{\"event\":2}]\n{\"event\":3}\n[]\n[{\"event\":4}]",
        "{\"event\":1} [{\"event\":2}]\n  {\n \"event\": 3\n}\n",
        "[1, \"two\", null, true, -3.5e2, [4], {}]\n",
        "\"a string\"\n17\n",
    ];
    for input in inputs {
        let got = read(input.as_bytes(), 1 << 20);
        assert!(
            got.iter().all(|g| matches!(g, Got::Text(..))),
            "{input:?}: {got:?}"
        );
        assert_eq!(parsed(&got), oracle(input), "{input:?}");
    }
}

#[test]
fn a_line_from_brace_to_brace_is_one_text() {
    // The fast path of JSON lines: two records on one line are one text, which serde_json
    // then refuses (trailing characters): reported, not lost.
    let got = read(b"{\"event\":1} {\"event\":2}\n", 1 << 20);
    assert_eq!(got, [text(1, 1, "{\"event\":1} {\"event\":2}")]);
}

#[test]
fn texts_come_with_the_place_they_start_at() {
    let input = "\u{feff}{\"event\":1}\r\n\n [ {\"event\":2},\n   {\"event\":3} ]\nnot json  \r\n";
    assert_eq!(
        read(input.as_bytes(), 1 << 20),
        [
            text(1, 4, "{\"event\":1}"),
            text(3, 4, "{\"event\":2}"),
            text(4, 4, "{\"event\":3}"),
            text(5, 1, "not json"),
        ]
    );
}

#[test]
fn an_unterminated_string_ends_at_its_line_and_costs_only_its_element() {
    let mut input = String::from("[\n");
    for i in 0..1000 {
        match i {
            500 => input.push_str("{\"event\":1,\"text\":\"cut here\n"),
            _ => input.push_str(&format!("{{\"event\":{i}}},\n")),
        }
    }
    input.push_str("{\"event\":1000}]\n");
    let got = read(input.as_bytes(), 1 << 20);
    let texts = texts(&got);
    assert_eq!(texts.len(), 1001);
    assert_eq!(texts[500], "{\"event\":1,\"text\":\"cut here");
    let good = texts
        .iter()
        .filter(|t| serde_json::from_str::<Value>(t).is_ok());
    assert_eq!(good.count(), 1000);
    assert!(!got.iter().any(|g| matches!(g, Got::Flaw(..))), "{got:?}");
}

#[test]
fn a_broken_array_on_the_first_line_of_json_lines_costs_only_that_line() {
    let input = "[{\"event\":1},{\"event\":\n{\"event\":2}\n{\"event\":3}\n";
    assert_eq!(
        read(input.as_bytes(), 1 << 20),
        [
            text(1, 2, "{\"event\":1}"),
            text(1, 14, "{\"event\":"),
            text(2, 1, "{\"event\":2}"),
            Got::Flaw(1, 1, Flaw::UnclosedArray),
            text(3, 1, "{\"event\":3}"),
        ]
    );
    let input = "[1,2\n{\"event\":2}\n";
    assert_eq!(
        read(input.as_bytes(), 1 << 20),
        [
            text(1, 2, "1"),
            text(1, 4, "2"),
            Got::Flaw(1, 1, Flaw::UnclosedArray),
            text(2, 1, "{\"event\":2}"),
        ]
    );
}

#[test]
fn a_record_whose_braces_never_close_ends_before_a_line_that_cannot_continue_it() {
    let input =
        "{\"event\":1,\"x\":{\"y\":2}\n{\"event\":2}\n{\"event\":3,\n\"text\":\"two lines\"}\n";
    assert_eq!(
        read(input.as_bytes(), 1 << 20),
        [
            text(1, 1, "{\"event\":1,\"x\":{\"y\":2}"),
            text(2, 1, "{\"event\":2}"),
            text(3, 1, "{\"event\":3,\n\"text\":\"two lines\"}"),
        ]
    );
}

#[test]
fn the_input_ending_inside_an_array_is_a_flaw_at_its_bracket() {
    let got = read(b"{\"event\":1}\n  [{\"event\":2},", 1 << 20);
    assert_eq!(
        got,
        [
            text(1, 1, "{\"event\":1}"),
            text(2, 4, "{\"event\":2}"),
            Got::Flaw(2, 3, Flaw::UnclosedArray),
        ]
    );
}

/// Found by the `reader` fuzz target: a block full of pieces right at the end of the
/// input lost the flaw of an array left open.
#[test]
fn an_array_left_open_is_reported_whatever_block_ends_with_the_input() {
    let got = read(b"[\"id\":\"x{\"", 1 << 20);
    assert_eq!(
        got,
        [
            text(1, 2, "\"id\""),
            text(1, 6, ":"),
            text(1, 7, "\"x{\""),
            Got::Flaw(1, 1, Flaw::UnclosedArray),
        ]
    );
}

#[test]
fn blank_lines_and_white_space_are_no_pieces() {
    assert_eq!(read(b"\n\n \r\n\t\n", 1 << 20), []);
    assert_eq!(read(b"", 1 << 20), []);
    let spaces = format!("{}{{\"event\":1}}\n", " ".repeat(200_000));
    assert_eq!(
        read_in(spaces.as_bytes(), 64, 100),
        [text(1, 200_001, "{\"event\":1}")]
    );
}

#[test]
fn the_bound_counts_a_texts_bytes_without_its_line_end() {
    let record = "{\"event\":2001,\"text\":\"0123456789\"}";
    for end in ["\n", "\r\n", "  \r\n"] {
        let input = format!("{record}{end}{record}{end}");
        // Every block size puts a block end between the \r and the \n somewhere.
        let got = read(input.as_bytes(), record.len());
        assert_eq!(texts(&got), [record, record], "{end:?}");
        let got = read(input.as_bytes(), record.len() - 1);
        let flaw = Got::Flaw(1, 1, Flaw::TooLong(record.len() - 1));
        assert_eq!(got[0], flaw, "{end:?}");
    }
    // A string left open runs to its line end, and the bound counts all of it (found by
    // the `reader` fuzz target: read whole, the last stretch went unmeasured).
    let open = format!("{{\"a\":\n\n\"{}\n{{\"event\":1}}\n", "x".repeat(60));
    let got = read(open.as_bytes(), 50);
    assert_eq!(
        got,
        [
            Got::Flaw(1, 1, Flaw::TooLong(50)),
            text(4, 1, "{\"event\":1}")
        ]
    );
    // In an array, a long element is read past and the next one read.
    let long = format!("[{{\"text\":\"{}\"}},{{\"event\":1}}]", "x".repeat(100));
    let got = read(long.as_bytes(), 50);
    assert_eq!(
        got,
        [
            Got::Flaw(1, 2, Flaw::TooLong(50)),
            text(1, 114, "{\"event\":1}")
        ]
    );
}

#[test]
fn a_block_of_tiny_pieces_is_bounded_like_one_of_large_ones() {
    let input = "1\n".repeat(1 << 20);
    let size = 64 << 10;
    let mut pieces = 0;
    for block in Reader::new(input.as_bytes()).block_size(size) {
        let block = block.unwrap();
        pieces += block.pieces().count();
        assert!(block.bytes() <= 4 * size, "{} bytes", block.bytes());
    }
    assert_eq!(pieces, 1 << 20);
}

#[test]
fn a_failure_to_read_comes_after_the_pieces_read_before_it() {
    struct Failing<'a>(&'a [u8]);
    impl std::io::Read for Failing<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0.is_empty() {
                return Err(std::io::Error::other("disk gone"));
            }
            let n = buf.len().min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    let mut reader = Reader::new(Failing(b"{\"event\":1}\n{\"event\":2}\n{\"ev")).block_size(5);
    let mut got = Vec::new();
    let error = loop {
        match reader.next().expect("the error comes before the end") {
            Ok(block) => got.extend(block.pieces().filter_map(|p| match p {
                Piece::Text { text, .. } => Some(text.to_vec()),
                _ => None,
            })),
            Err(error) => break error,
        }
    };
    assert_eq!(error.to_string(), "disk gone");
    assert_eq!(got, [&b"{\"event\":1}"[..], b"{\"event\":2}", b"{\"ev"]);
    assert!(reader.next().is_none());
}

#[test]
fn white_space_that_ends_an_unterminated_string_is_not_counted_whatever_the_block() {
    // In an array, seven bytes and then spaces past the bound of 12: the string ends at
    // its line, at its last byte that is no white space, however the blocks cut the
    // spaces (the `reader` fuzz target found blocks of one byte counting them).
    let got = read(b"[\"abcdef               \n{\"event\":1}\n", 12);
    assert_eq!(texts(&got), ["\"abcdef", "{\"event\":1}"], "{got:?}");
}

#[test]
fn an_input_that_gives_a_few_bytes_at_a_time_and_is_interrupted_reads_the_same() {
    /// One to seven bytes a call, and every third call interrupted.
    struct Trickle<'a>(&'a [u8], usize);
    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.1 += 1;
            if self.1 % 3 == 0 {
                return Err(std::io::ErrorKind::Interrupted.into());
            }
            let n = buf.len().min(self.0.len()).min(self.1 % 7 + 1);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    let input = "\u{feff}{\"event\":1}\n[{\"event\":2},\n {\"event\":3}]\n{\"ev\n  \n{\"event\":4}";
    let whole = read_in(input.as_bytes(), 1 << 20, 1 << 20);
    assert_eq!(texts(&whole).len(), 5, "{whole:?}");
    for block in [1, 2, 5, 64, 1 << 20] {
        let trickled = pieces(Reader::new(Trickle(input.as_bytes(), 0)).block_size(block));
        assert_eq!(trickled, whole, "blocks of {block}");
    }
}

#[test]
fn each_read_asks_for_about_a_block_and_a_reader_that_overstates_is_not_believed() {
    /// Counts its reads; gives what each asks for, and says it gave `extra` bytes more
    /// when it filled the buffer (more than it was given: std's `read_to_end` panics).
    struct Counting<'a> {
        rest: &'a [u8],
        reads: &'a std::cell::Cell<usize>,
        extra: usize,
    }
    impl std::io::Read for Counting<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.reads.set(self.reads.get() + 1);
            let n = buf.len().min(self.rest.len());
            buf[..n].copy_from_slice(&self.rest[..n]);
            self.rest = &self.rest[n..];
            Ok(if n == buf.len() { n + self.extra } else { n })
        }
    }
    let record = format!("{{\"event\":2001,\"text\":\"{}\"}}\n", "x".repeat(300));
    let input = record.repeat(10_000);
    let size = 64 << 10;
    let honest = read_in(input.as_bytes(), size, 1 << 20);
    assert_eq!(honest.len(), 10_000);
    for extra in [0, 1, usize::MAX / 2] {
        let reads = std::cell::Cell::new(0);
        let counting = Counting {
            rest: input.as_bytes(),
            reads: &reads,
            extra,
        };
        let got = pieces(Reader::new(counting).block_size(size));
        assert!(got == honest, "{extra} more: {} pieces", got.len());
        if extra == 0 {
            // About a read a block (a block holds what its pieces' count leaves room
            // for), and the one that finds the end; growing the buffer read by read
            // took four a block here.
            let most = input.len().div_ceil(size / 2) + 1;
            assert!(reads.get() <= most, "{} reads, {most} at most", reads.get());
        }
    }
}

#[test]
fn the_blocks_bytes_are_the_inputs_whichever_buffers_they_reuse() {
    // Records of many lengths, so that a reused buffer holds longer stale bytes than the
    // block read into it; every third block kept, the others dropped (their buffers
    // reused) as soon as they are read.
    let input: String = (0..300)
        .map(|n| {
            format!(
                "{{\"event\":{n},\"text\":\"{}\"}}\n",
                "ж".repeat(n * 7 % 50)
            )
        })
        .collect();
    for size in (1..=40).chain([64, 1000, 1 << 20]) {
        let mut kept = Vec::new();
        let mut bytes = Vec::new();
        for (n, block) in Reader::new(input.as_bytes()).block_size(size).enumerate() {
            let block = block.unwrap();
            bytes.extend_from_slice(block.data());
            if n % 3 == 0 {
                kept.push(block);
            }
        }
        assert!(bytes == input.as_bytes(), "blocks of {size}");
        let texts: usize = kept.iter().map(|block| block.pieces().count()).sum();
        assert!(texts > 0, "blocks of {size}");
    }
}

#[test]
fn a_block_size_far_past_the_input_costs_what_the_input_holds() {
    let input = "{\"event\":1}\n".repeat(1000);
    for size in [1 << 30, usize::MAX] {
        let mut texts = 0;
        for block in Reader::new(input.as_bytes()).block_size(size) {
            let block = block.unwrap();
            let bytes = block.bytes();
            assert!(bytes < 1 << 20, "{bytes} bytes in blocks of {size}");
            texts += block.pieces().count();
        }
        assert_eq!(texts, 1000, "blocks of {size}");
    }
}

#[test]
fn a_place_within_a_text_is_counted_as_serde_json_counts() {
    let text = "{\n  \"event\": x}";
    let error = serde_json::from_str::<Value>(text).unwrap_err();
    let start = Place { line: 7, column: 3 };
    assert_eq!(
        start.within(error.line(), error.column()),
        Place {
            line: 8,
            column: 12
        }
    );
    assert_eq!(start.within(0, 0), start);
    assert_eq!(start.within(1, 0), start);
}
