//! Cutting an input into the texts of its records, on one thread and without parsing
//! them: the lines of a JSON-lines export, or the elements of a JSON array (an API page,
//! on one line or many). Blocks of about a megabyte go to the threads that parse them,
//! each text with the place it starts; nothing longer than a record's bound is ever held.

use std::io::{self, Read};
use std::ops::Range;

/// Where a text starts in its input: 1-based line, and column in bytes (1 for a line of
/// JSON lines, where the column says nothing).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    /// The line, from 1.
    pub line: u64,
    /// The byte in the line, from 1.
    pub column: u64,
}

/// What a block holds, in input order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// The text of one record (or of what should be one), `range` in [`Block::data`].
    Text {
        /// Where it starts.
        place: Place,
        /// Its bytes in the block.
        range: Range<usize>,
    },
    /// Something that is no record, found without parsing.
    Flaw {
        /// Where it starts.
        place: Place,
        /// What it is.
        flaw: Flaw,
    },
}

/// What the splitter itself finds wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flaw {
    /// A line with nothing but white space.
    EmptyLine,
    /// A line or element longer than this many bytes: read past, not kept.
    TooLong(usize),
    /// The input ends inside a JSON array.
    UnclosedArray,
}

impl std::fmt::Display for Flaw {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Flaw::EmptyLine => f.write_str("empty line, no record"),
            Flaw::TooLong(max) => write!(f, "longer than {max} bytes: read past, not kept"),
            Flaw::UnclosedArray => f.write_str("the input ends inside the array: `]` missing"),
        }
    }
}

/// Texts of records and flaws of one input, with the bytes they point into.
#[derive(Debug, Default)]
pub struct Block {
    /// The bytes the items' ranges point into.
    pub data: Vec<u8>,
    /// In input order.
    pub items: Vec<Item>,
}

/// How much a block reads before it is handed on, unless set otherwise.
pub const BLOCK_SIZE: usize = 1 << 20;

/// White space read before the form of an input is decided; past it, JSON lines.
const UNDECIDED: usize = 64 << 10;

/// Reads an input and yields its blocks: JSON lines, or, when the first thing in the
/// input (after a byte-order mark and white space) is `[`, the elements of JSON arrays.
#[derive(Debug)]
pub struct Splitter<R> {
    input: R,
    max_len: usize,
    /// Read so far but not yet in a block: a part of a line or element.
    carry: Vec<u8>,
    /// The mode, once the first bytes have said.
    mode: Option<Mode>,
    /// The line and its start (as an offset in the whole input) at the end of `carry`.
    line: u64,
    line_start: u64,
    /// Offset in the whole input of `carry[0]`.
    offset: u64,
    /// Reading past a text over the bound, until its end.
    skipping: bool,
    /// Where the text in `carry` starts, when one has started.
    started: Option<Place>,
    ended: bool,
    /// Reading failed after the last block: the error, for the next call.
    failed: Option<io::Error>,
    block_size: usize,
}

/// The state of a JSON array being cut into its elements.
#[derive(Clone, Copy, Debug, Default)]
struct Array {
    /// Inside a top-level array.
    open: bool,
    /// Inside an element: the depth of brackets and braces in it.
    depth: u32,
    in_element: bool,
    in_string: bool,
    escaped: bool,
}

#[derive(Clone, Copy, Debug)]
enum Mode {
    Lines,
    Arrays(Array),
}

impl<R: Read> Splitter<R> {
    /// Reads `input`, bounding each record's text to `max_len` bytes.
    pub fn new(input: R, max_len: usize) -> Self {
        Splitter {
            input,
            max_len,
            carry: Vec::new(),
            mode: None,
            line: 1,
            line_start: 0,
            offset: 0,
            skipping: false,
            started: None,
            ended: false,
            failed: None,
            block_size: BLOCK_SIZE,
        }
    }

    /// Reads blocks of about `bytes` (at least one) rather than [`BLOCK_SIZE`]: small
    /// ones put records across block ends, as tests and fuzzing want.
    pub fn block_size(mut self, bytes: usize) -> Self {
        self.block_size = bytes.max(1);
        self
    }

    /// The next block, or `None` at the end of the input.
    pub fn next_block(&mut self) -> io::Result<Option<Block>> {
        if let Some(error) = self.failed.take() {
            return Err(error);
        }
        if self.ended {
            return Ok(None);
        }
        let mut data = std::mem::take(&mut self.carry);
        // What was carried is looked at again only while the mode is unknown.
        let scanned = if self.mode.is_some() { data.len() } else { 0 };
        let want = data.len() + self.block_size;
        // A failure to read ends the input after what was read before it, which is
        // cut into records as usual; the error comes with the next call.
        let end = fill(&mut self.input, &mut data, want).unwrap_or_else(|error| {
            self.failed = Some(error);
            true
        });
        if self.mode.is_none() {
            let blank = data.iter().all(u8::is_ascii_whitespace);
            if !end && (data.len() < 3 || blank) && data.len() < UNDECIDED {
                // Not enough to tell the form yet: read on.
                self.carry = data;
                return Ok(Some(Block::default()));
            }
            if data.starts_with(b"\xEF\xBB\xBF") {
                // Read past, as white space: the columns of line 1 still count it.
                data[..3].copy_from_slice(b"   ");
            }
            let first = data.iter().find(|b| !b.is_ascii_whitespace());
            self.mode = Some(match first {
                Some(b'[') => Mode::Arrays(Array::default()),
                _ => Mode::Lines,
            });
        }
        let mut items = Vec::new();
        let kept_from = match self.mode {
            Some(Mode::Arrays(mut array)) => {
                let kept = self.arrays(&mut array, &data, scanned, end, &mut items);
                self.mode = Some(Mode::Arrays(array));
                kept
            }
            _ => self.lines(&data, scanned, end, &mut items),
        };
        self.offset += kept_from as u64;
        self.carry = data.split_off(kept_from);
        self.ended = end;
        Ok(Some(Block { data, items }))
    }

    fn place(&self, at: u64) -> Place {
        Place {
            line: self.line,
            column: at - self.line_start + 1,
        }
    }

    /// Cuts `data` into lines; `scanned` bytes of it were already looked at for a line
    /// end. Returns how much of `data` the items hold (the rest is an unfinished line).
    fn lines(&mut self, data: &[u8], scanned: usize, end: bool, items: &mut Vec<Item>) -> usize {
        let mut start = 0;
        for newline in memchr::memchr_iter(b'\n', &data[scanned..]) {
            let newline = scanned + newline;
            self.line_text(data, start..newline, items);
            self.line += 1;
            start = newline + 1;
        }
        let rest = data.len() - start;
        if end && rest > 0 {
            self.line_text(data, start..data.len(), items);
            return data.len();
        }
        if rest > self.max_len && !self.skipping {
            items.push(Item::Flaw {
                place: Place {
                    line: self.line,
                    column: 1,
                },
                flaw: Flaw::TooLong(self.max_len),
            });
            self.skipping = true;
        }
        if self.skipping {
            // Drop what is read of the long line: nothing of it is kept.
            return data.len();
        }
        start
    }

    /// One whole line, without its line end.
    fn line_text(&mut self, data: &[u8], mut range: Range<usize>, items: &mut Vec<Item>) {
        let place = Place {
            line: self.line,
            column: 1,
        };
        if std::mem::take(&mut self.skipping) {
            return;
        }
        if data[range.clone()].last() == Some(&b'\r') {
            range.end -= 1;
        }
        if range.len() > self.max_len {
            items.push(Item::Flaw {
                place,
                flaw: Flaw::TooLong(self.max_len),
            });
        } else if data[range.clone()].iter().all(u8::is_ascii_whitespace) {
            items.push(Item::Flaw {
                place,
                flaw: Flaw::EmptyLine,
            });
        } else {
            items.push(Item::Text { place, range });
        }
    }

    /// Cuts `data` into the elements of top-level arrays (a value outside any array is
    /// an element too, so that concatenated pages and stray values are all read).
    fn arrays(
        &mut self,
        a: &mut Array,
        data: &[u8],
        scanned: usize,
        end: bool,
        items: &mut Vec<Item>,
    ) -> usize {
        let base = self.offset;
        // Where the current element starts in `data`, when it is kept.
        let mut start: Option<usize> = (a.in_element && !self.skipping).then_some(0);
        let mut at = scanned;
        while at < data.len() {
            if a.in_element
                && let Some(from) = start
                && at - from > self.max_len
            {
                // Too long: read on past its end, keeping nothing of it.
                items.push(Item::Flaw {
                    place: self.started.expect("an element has started"),
                    flaw: Flaw::TooLong(self.max_len),
                });
                start = None;
                self.skipping = true;
            }
            let byte = data[at];
            if a.in_string {
                if a.escaped {
                    // The escaped character, whatever it is (a raw line end counts).
                    a.escaped = false;
                } else {
                    // Jump to the next byte that matters inside a string.
                    let Some(skip) = memchr::memchr3(b'"', b'\\', b'\n', &data[at..]) else {
                        at = data.len();
                        continue;
                    };
                    at += skip;
                    match data[at] {
                        b'\\' => a.escaped = true,
                        b'"' => a.in_string = false,
                        _ => {}
                    }
                }
                if data[at] == b'\n' {
                    self.line += 1;
                    self.line_start = base + at as u64 + 1;
                }
                at += 1;
                continue;
            }
            if !a.in_element {
                match byte {
                    b'\n' => {
                        self.line += 1;
                        self.line_start = base + at as u64 + 1;
                    }
                    b' ' | b'\t' | b'\r' => {}
                    b'[' if !a.open => a.open = true,
                    b']' if a.open => a.open = false,
                    b',' if a.open => {}
                    _ => {
                        a.in_element = true;
                        a.depth = 0;
                        start = Some(at);
                        self.started = Some(self.place(base + at as u64));
                        continue;
                    }
                }
                at += 1;
                continue;
            }
            // Inside an element.
            let mut ends_before = false;
            let mut ends_after = false;
            match byte {
                b'"' => a.in_string = true,
                b'{' | b'[' => a.depth += 1,
                b'}' | b']' if a.depth > 0 => {
                    a.depth -= 1;
                    ends_after = a.depth == 0;
                }
                b']' | b',' if a.depth == 0 => ends_before = true,
                b' ' | b'\t' | b'\r' | b'\n' if a.depth == 0 => ends_before = true,
                b'\n' => {
                    self.line += 1;
                    self.line_start = base + at as u64 + 1;
                }
                _ => {}
            }
            if ends_before && start == Some(at) {
                // A stray `,` or `]` outside any array: an element of its own.
                ends_before = false;
                ends_after = true;
            }
            if ends_before || ends_after {
                let stop = if ends_after { at + 1 } else { at };
                self.element(start.take(), stop, items);
                a.in_element = false;
                if ends_after {
                    at += 1;
                }
                continue;
            }
            at += 1;
        }
        if end {
            if a.in_element {
                self.element(start.take(), data.len(), items);
                a.in_element = false;
            }
            if a.open {
                items.push(Item::Flaw {
                    place: self.place(base + data.len() as u64),
                    flaw: Flaw::UnclosedArray,
                });
            }
            return data.len();
        }
        // Keep the unfinished element for the next block, or nothing.
        start.unwrap_or(data.len())
    }

    /// An element that ends at `stop`; `start` is `None` for one read past.
    fn element(&mut self, start: Option<usize>, stop: usize, items: &mut Vec<Item>) {
        let place = self.started.take().expect("an element has started");
        if std::mem::take(&mut self.skipping) {
            return;
        }
        match start {
            Some(start) if stop - start > self.max_len => items.push(Item::Flaw {
                place,
                flaw: Flaw::TooLong(self.max_len),
            }),
            Some(start) => items.push(Item::Text {
                place,
                range: start..stop,
            }),
            None => {}
        }
    }
}

/// Reads into `data` until it holds `want` bytes or the input ends; `true` at the end.
fn fill(input: &mut impl Read, data: &mut Vec<u8>, want: usize) -> io::Result<bool> {
    while data.len() < want {
        let before = data.len();
        data.resize(want, 0);
        match input.read(&mut data[before..]) {
            Ok(n) => data.truncate(before + n),
            Err(e) => {
                data.truncate(before);
                if e.kind() != io::ErrorKind::Interrupted {
                    return Err(e);
                }
                continue;
            }
        }
        if data.len() == before {
            return Ok(true);
        }
    }
    Ok(false)
}
