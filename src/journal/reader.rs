//! Cutting a journal export into the texts of its records, without parsing them: the one
//! reader under [`json_lines`](super::json_lines) and the `primo-events` tool.
//!
//! The shape is decided per value, not per file, so JSON lines, JSON arrays (an API page,
//! on one line or pretty-printed), and concatenations of both read alike. Between values,
//! the next byte that is not white space says what follows:
//!
//! - `[` at the top level opens an array, whose elements are texts, separated by `,` and
//!   closed by `]`;
//! - a line that starts with `{` and ends with `}` is one text (JSON lines: the fast
//!   path);
//! - any other `{` starts a text that ends where its braces close, across lines;
//! - anything else at the top level is a text that runs to its line end.
//!
//! How far a broken piece reaches: a JSON string never holds a raw line end, so a string
//! still open at its line end ends the text there. A value whose brackets never close
//! goes on over the next lines only while each line's first byte can continue it (a `"`
//! where a key is due, `,` or `}` after a value, a value after `,` in an array, a string,
//! number or word after `:`, since pretty-printers put `{` and `[` on their key's line);
//! the first line that cannot, ends it before that line. An array is left the same way: a line whose
//! first byte can neither start an element nor follow one (`{` right after an element,
//! say) ends the array, reported as not closed, and is read at the top level. And no
//! text is ever longer than the bound ([`Reader::max_len`]): past it, the rest of the
//! value or line is read past, kept nowhere.
//!
//! Everything else is white space (space, tab, CR, LF), read past. A byte-order mark at
//! the start counts as three columns of white space.

use alloc::vec::Vec;
use core::fmt;
use core::ops::Range;
use std::io::{self, Read};
use std::sync::{Arc, Mutex, PoisonError};

/// Where a text starts, or where a problem is: 1-based line, and 1-based column in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place {
    /// The line, from 1.
    pub line: u64,
    /// The byte in the line, from 1.
    pub column: u64,
}

impl Place {
    /// Where `(line, column)` of a text that starts here lies in the input; `line` and
    /// `column` count as serde_json's errors do (from 1; column 0 is the start of a line,
    /// and line 0 says nothing, which gives the text's own place).
    ///
    /// ```
    /// use primo_events::journal::Place;
    ///
    /// let text = Place { line: 4, column: 10 };
    /// assert_eq!(text.within(1, 3), Place { line: 4, column: 12 });
    /// assert_eq!(text.within(2, 5), Place { line: 5, column: 5 });
    /// ```
    pub fn within(self, line: usize, column: usize) -> Place {
        let (line, column) = (line as u64, column.max(1) as u64);
        match line {
            0 => self,
            1 => Place {
                line: self.line,
                column: self.column + column - 1,
            },
            _ => Place {
                line: self.line + line - 1,
                column,
            },
        }
    }

    /// Where byte `offset` of `text`, a text that starts here, lies in the input (columns
    /// count bytes, as serde_json's do): the place of an invalid UTF-8 byte, say.
    ///
    /// ```
    /// use primo_events::journal::Place;
    ///
    /// let text = b"{\"a\":\n \"\xff\"}";
    /// let error = std::str::from_utf8(text).unwrap_err();
    /// let place = Place { line: 4, column: 10 }.at_offset(text, error.valid_up_to());
    /// assert_eq!(place, Place { line: 5, column: 3 });
    /// ```
    pub fn at_offset(self, text: &[u8], offset: usize) -> Place {
        let before = &text[..offset.min(text.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count();
        let column = before.len()
            - before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |n| n + 1);
        self.within(line + 1, column + 1)
    }
}

/// `line 4, column 10`.
impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// What the reader finds wrong without parsing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Flaw {
    /// A text longer than this many bytes: read past, not kept.
    TooLong(usize),
    /// An array that is not closed: the input ends in it, or a line cannot continue it.
    UnclosedArray,
}

/// `longer than 16777216 bytes: read past, not kept`, `the array opened here is not closed`.
impl fmt::Display for Flaw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Flaw::TooLong(max) => write!(f, "longer than {max} bytes: read past, not kept"),
            Flaw::UnclosedArray => f.write_str("the array opened here is not closed"),
        }
    }
}

/// One thing a [`Block`] holds, in input order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'b> {
    /// The text of a value at the top level or in an array: a record, or what should be
    /// one. It starts and ends with a byte that is not white space.
    Text {
        /// Where it starts.
        place: Place,
        /// Its bytes, as the input holds them.
        text: &'b [u8],
    },
    /// Something that is no text.
    Flaw {
        /// Where it starts.
        place: Place,
        /// What it is.
        flaw: Flaw,
    },
}

/// The texts and flaws of a stretch of input, with the bytes they point into. Dropped,
/// it hands its buffer back to its reader, for a block to come.
#[derive(Debug, Default)]
pub struct Block {
    /// The bytes, `data[..len]`, in a buffer whose every byte is initialized.
    data: Vec<u8>,
    len: usize,
    items: Vec<Item>,
    /// Where the buffer goes when the block is dropped, for a block to come.
    spare: Option<Arc<Spare>>,
}

impl Drop for Block {
    fn drop(&mut self) {
        if let Some(spare) = &self.spare {
            spare.give(core::mem::take(&mut self.data));
        }
    }
}

/// Buffers of dropped blocks, for the reader's next blocks: a buffer is initialized
/// once, when first made, and filled by reads as large as it is. Read with
/// `read_to_end`, each block grew a new buffer in reads of 8 KiB doubling (eight
/// system calls a megabyte), and initializing a buffer for each block cost as much as
/// the larger reads saved.
#[derive(Debug)]
struct Spare {
    buffers: Mutex<Vec<Vec<u8>>>,
    /// The largest buffer kept (a long text's is let go).
    largest: usize,
}

/// Buffers kept at most: a block for each thread reading, and some to spare.
const SPARE_BUFFERS: usize = 8;

/// The room a new buffer starts with, doubled as the input fills it, up to its block.
const FIRST_ROOM: usize = 64 << 10;

impl Spare {
    /// For a reader of blocks of `block_size`: a block's buffer holds up to a block's
    /// size carried over and a block's size read.
    fn new(block_size: usize) -> Arc<Spare> {
        Arc::new(Spare {
            buffers: Mutex::new(Vec::new()),
            largest: block_size.saturating_mul(2),
        })
    }

    fn take(&self) -> Option<Vec<u8>> {
        self.buffers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop()
    }

    fn give(&self, buffer: Vec<u8>) {
        let mut buffers = self.buffers.lock().unwrap_or_else(PoisonError::into_inner);
        if buffers.len() < SPARE_BUFFERS && buffer.len() <= self.largest {
            buffers.push(buffer);
        }
    }
}

#[derive(Clone, Debug)]
enum Item {
    Text(Place, Range<usize>),
    Flaw(Place, Flaw),
}

impl Block {
    /// The texts and flaws, in input order; how many there are is known before they are
    /// read (to make room for what comes of them).
    pub fn pieces(&self) -> impl ExactSizeIterator<Item = Piece<'_>> + '_ {
        self.items.iter().map(|item| self.piece(item))
    }

    /// The piece at `index`.
    pub(super) fn get(&self, index: usize) -> Option<Piece<'_>> {
        self.items.get(index).map(|item| self.piece(item))
    }

    fn piece(&self, item: &Item) -> Piece<'_> {
        match item {
            Item::Text(place, range) => Piece::Text {
                place: *place,
                text: &self.data()[range.clone()],
            },
            Item::Flaw(place, flaw) => Piece::Flaw {
                place: *place,
                flaw: *flaw,
            },
        }
    }

    /// The bytes the texts are slices of, and what lies between them: for checking them
    /// all at once (their UTF-8, say) rather than text by text.
    pub fn data(&self) -> &[u8] {
        &self.data[..self.len]
    }

    /// About how many bytes of memory the block holds: for bounding the work in flight.
    pub fn bytes(&self) -> usize {
        self.data.capacity() + self.items.capacity() * core::mem::size_of::<Item>()
    }
}

/// Reads a journal export and yields [`Block`]s of about [`Reader::DEFAULT_BLOCK_SIZE`]
/// bytes, each with the texts and flaws that end in it; nothing longer than a text's
/// bound is held. The answers do not depend on the block size or on how the input's
/// reads fall: a test and a fuzz target read the same bytes in blocks of every size.
///
/// ```
/// use primo_events::journal::{Piece, Reader};
///
/// let export = "{\"event\":2001}\n[{\"event\":2007},\n {\"event\":100}]\nnot json\n";
/// let mut texts = Vec::new();
/// for block in Reader::new(export.as_bytes()) {
///     for piece in block?.pieces() {
///         if let Piece::Text { place, text } = piece {
///             texts.push((place.line, place.column, String::from_utf8_lossy(text).into_owned()));
///         }
///     }
/// }
/// assert_eq!(texts, [
///     (1, 1, r#"{"event":2001}"#.to_owned()),
///     (2, 2, r#"{"event":2007}"#.to_owned()),
///     (3, 2, r#"{"event":100}"#.to_owned()),
///     (4, 1, "not json".to_owned()),
/// ]);
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// A failure to read ends the input: the pieces read before it come as usual, then the
/// error, then nothing.
#[derive(Debug)]
pub struct Reader<R> {
    input: R,
    max_len: usize,
    block_size: usize,
    /// Read but not yet handed out; `carry[0]` is at `offset` in the input.
    carry: Vec<u8>,
    /// Buffers of the blocks handed out and dropped since.
    spare: Arc<Spare>,
    offset: u64,
    /// Where scanning goes on, in the input.
    resume: u64,
    /// The line being scanned, and where it starts in the input.
    line: u64,
    line_start: u64,
    /// The offset of the last byte that counts, so far: whether a `{` starts its line.
    last_byte: Option<u64>,
    state: State,
    array: Option<Array>,
    /// The input has ended (or failed): nothing more is read.
    input_ended: bool,
    /// Everything read has been handed out.
    ended: bool,
    failed: Option<io::Error>,
}

/// What the scan is in.
#[derive(Debug)]
enum State {
    /// Between values.
    Between,
    /// A text at the top level that runs to its line end.
    Line(Text),
    /// A line at the top level that starts with `{`: one text if it ends with `}`.
    Candidate(Text),
    /// A value cut by its structure.
    Value(Value),
}

/// A text being scanned: where it starts, its last byte that is not white space (both
/// offsets in the input), and whether it is kept (not past the bound).
#[derive(Clone, Copy, Debug)]
struct Text {
    place: Place,
    start: u64,
    last: u64,
    kept: bool,
}

/// The last thing that counts, for telling whether a new line can continue a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Prev {
    /// `{` or `[`.
    Open,
    Comma,
    Colon,
    /// The end of a key.
    Key,
    /// The end of a value (a string, a number, `}`...).
    Value,
    /// A broken element: anything may follow.
    Broken,
}

/// Containers up to this depth have their kind remembered; deeper ones are only counted
/// (and any line may continue them).
const KINDS: usize = 1024;

#[derive(Debug)]
struct Value {
    text: Text,
    depth: u64,
    /// For each open container up to [`KINDS`] deep: whether it is an object.
    objects: Vec<bool>,
    in_string: bool,
    escaped: bool,
    /// The open string is a key.
    key: bool,
    prev: Prev,
    /// A line end has come since the last byte that counts.
    new_line: bool,
}

#[derive(Clone, Copy, Debug)]
struct Array {
    place: Place,
    prev: Prev,
    new_line: bool,
}

/// White space past a text's bound after which it is read past all the same, so that
/// memory stays bounded whatever the input.
const SLACK: usize = 64 << 10;

/// What a piece counts for in a block's size, beyond its bytes.
const ITEM_COST: usize = 64;

impl Value {
    fn new(text: Text) -> Self {
        Value {
            text,
            depth: 0,
            objects: Vec::new(),
            in_string: false,
            escaped: false,
            key: false,
            prev: Prev::Open,
            new_line: false,
        }
    }

    /// Whether the innermost open container is an object (`None`: too deep to say).
    fn in_object(&self) -> Option<bool> {
        match self.depth as usize {
            0 => Some(false),
            depth if depth <= KINDS => self.objects.last().copied(),
            _ => None,
        }
    }

    /// Whether `byte`, first on a new line, can continue the value.
    fn continues(&self, byte: u8) -> bool {
        let Some(object) = self.in_object() else {
            return true;
        };
        match (self.prev, object) {
            (Prev::Broken, _) => true,
            (Prev::Open, true) => matches!(byte, b'"' | b'}'),
            (Prev::Open, false) => starts_value(byte) || byte == b']',
            (Prev::Comma, true) => byte == b'"',
            (Prev::Comma, false) => starts_value(byte),
            // Pretty-printers write `{` and `[` on the line of their key.
            (Prev::Colon, _) => starts_value(byte) && !matches!(byte, b'{' | b'['),
            (Prev::Key, _) => byte == b':',
            (Prev::Value, true) => matches!(byte, b',' | b'}'),
            (Prev::Value, false) => matches!(byte, b',' | b']'),
        }
    }
}

fn starts_value(byte: u8) -> bool {
    matches!(
        byte,
        b'{' | b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n'
    )
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n')
}

/// Where the line holding `at` ends: whether a `\n` was found, and its offset (the
/// data's end when none was).
fn line_end(data: &[u8], at: usize) -> (bool, usize) {
    match memchr::memchr(b'\n', &data[at..]) {
        Some(n) => (true, at + n),
        None => (false, data.len()),
    }
}

/// The offset of the last byte of `data[from..to]` that is not white space.
fn last_byte(data: &[u8], from: usize, to: usize) -> Option<usize> {
    data[from..to]
        .iter()
        .rposition(|&b| !is_space(b))
        .map(|n| from + n)
}

impl<R: Read> Reader<R> {
    /// The longest text unless set otherwise: far beyond any real record.
    pub const DEFAULT_MAX_LEN: usize = 16 << 20;

    /// How much a block reads before it is handed on, unless set otherwise.
    pub const DEFAULT_BLOCK_SIZE: usize = 1 << 20;

    /// Reads `input`.
    pub fn new(input: R) -> Self {
        Reader {
            input,
            max_len: Self::DEFAULT_MAX_LEN,
            block_size: Self::DEFAULT_BLOCK_SIZE,
            carry: Vec::new(),
            spare: Spare::new(Self::DEFAULT_BLOCK_SIZE),
            offset: 0,
            resume: 0,
            line: 1,
            line_start: 0,
            last_byte: None,
            state: State::Between,
            array: None,
            input_ended: false,
            ended: false,
            failed: None,
        }
    }

    /// The longest text, in bytes from its first to its last byte that is not white
    /// space; a longer one is a [`Flaw::TooLong`], read past without being held (and so
    /// is one followed by more than 64 KiB of white space past the bound).
    pub fn max_len(mut self, bytes: usize) -> Self {
        self.max_len = bytes;
        self
    }

    /// Reads blocks of about `bytes` (at least one), counting each piece as 64 bytes
    /// too, so that a block of tiny records costs no more than one of large ones.
    pub fn block_size(mut self, bytes: usize) -> Self {
        self.block_size = bytes.max(1);
        self.spare = Spare::new(self.block_size);
        self
    }

    /// The line the reader has come to (where a failure to read happened, say).
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The next block, or `None` at the end of the input.
    fn next_block(&mut self) -> io::Result<Option<Block>> {
        loop {
            if self.ended {
                return self.failed.take().map_or(Ok(None), Err);
            }
            let from = (self.resume - self.offset) as usize;
            // The byte-order mark needs three bytes to be told.
            let want = from.saturating_add(self.block_size).max(3);
            let (mut data, mut len) = self.buffer();
            if !self.input_ended {
                // A failure to read ends the input after what was read before it; the
                // error comes after the pieces read.
                let (filled, result) = fill(&mut self.input, &mut data, len, want);
                len = filled;
                match result {
                    Ok(end) => self.input_ended = end,
                    Err(error) => {
                        self.failed = Some(error);
                        self.input_ended = true;
                    }
                }
            }
            if self.offset == 0 && from == 0 && data[..len].starts_with(b"\xEF\xBB\xBF") {
                data[..3].copy_from_slice(b"   ");
            }
            let mut items = Vec::new();
            let stop = self.scan(&data[..len], from, self.input_ended, &mut items);
            let keep = match &self.state {
                State::Line(text) | State::Candidate(text) if text.kept => text.start,
                State::Value(value) if value.text.kept => value.text.start,
                _ => self.offset + stop as u64,
            };
            let keep = (keep - self.offset) as usize;
            self.ended = self.input_ended && stop == len;
            self.resume = self.offset + stop as u64;
            self.offset += keep as u64;
            if items.is_empty() {
                // Nothing to hand out (a long text goes on): the buffer is the carry.
                data.truncate(len);
                data.drain(..keep);
                self.carry = data;
                continue;
            }
            self.carry = data[keep..len].to_vec();
            return Ok(Some(Block {
                data,
                len: keep,
                items,
                spare: Some(Arc::clone(&self.spare)),
            }));
        }
    }

    /// A buffer, all initialized, that starts with the carried bytes; and how many
    /// those are.
    fn buffer(&mut self) -> (Vec<u8>, usize) {
        let carry = core::mem::take(&mut self.carry);
        let len = carry.len();
        let data = match self.spare.take() {
            // A long text goes on in its own buffer: copied into another for each
            // block, it would cost its length again and again.
            Some(mut buffer) if len < self.block_size => {
                if buffer.len() < len {
                    buffer.resize(len, 0);
                }
                buffer[..len].copy_from_slice(&carry);
                buffer
            }
            _ => carry,
        };
        (data, len)
    }

    fn place(&self, at: u64) -> Place {
        Place {
            line: self.line,
            column: at - self.line_start + 1,
        }
    }

    fn new_line(&mut self, at: u64) {
        self.line += 1;
        self.line_start = at + 1;
        if let Some(array) = &mut self.array {
            array.new_line = true;
        }
    }

    /// Scans `data` from `at`, adding the pieces that end in it to `items`; `end`: the
    /// input ends with `data`. Returns where the scan stopped: the end of `data`, or
    /// earlier when the block has pieces enough.
    fn scan(&mut self, data: &[u8], mut at: usize, end: bool, items: &mut Vec<Item>) -> usize {
        let base = self.offset;
        let most = (self.block_size / ITEM_COST).max(1);
        loop {
            match core::mem::replace(&mut self.state, State::Between) {
                State::Between => {
                    while at < data.len() && is_space(data[at]) {
                        if data[at] == b'\n' {
                            self.new_line(base + at as u64);
                        }
                        at += 1;
                    }
                    if at == data.len() {
                        if end {
                            if let Some(array) = self.array.take() {
                                items.push(Item::Flaw(array.place, Flaw::UnclosedArray));
                            }
                        }
                        return at;
                    }
                    if items.len() >= most {
                        return at;
                    }
                    at = self.start(data, at, items);
                }
                State::Line(mut text) => {
                    let (found, stop) = line_end(data, at);
                    if let Some(last) = last_byte(data, at, stop) {
                        text.last = base + last as u64;
                    }
                    self.bound(&mut text, base + stop as u64, items);
                    if !found && !end {
                        self.state = State::Line(text);
                        return data.len();
                    }
                    at = self.end_line(&text, stop, found, items);
                }
                State::Candidate(mut text) => {
                    let (found, stop) = line_end(data, at);
                    if !found && !end {
                        let held = (base + stop as u64 - text.start) as usize;
                        if held > self.max_len.saturating_add(SLACK) {
                            // No line end in sight: the line is read past.
                            items.push(Item::Flaw(text.place, Flaw::TooLong(self.max_len)));
                            text.kept = false;
                            self.state = State::Line(text);
                        } else {
                            self.state = State::Candidate(text);
                        }
                        return data.len();
                    }
                    let from = (text.start - base) as usize;
                    let last = last_byte(data, from, stop).unwrap_or(from);
                    if last > from && data[last] == b'}' {
                        text.last = base + last as u64;
                        let held = text.last + 1;
                        self.bound(&mut text, held, items);
                        at = self.end_line(&text, stop, found, items);
                    } else {
                        // Not one line: cut by its structure, from its first byte.
                        self.state = State::Value(Value::new(text));
                        at = from;
                    }
                }
                State::Value(mut value) => {
                    let (stop, ended) = self.value(&mut value, data, at, items);
                    at = stop;
                    match ended {
                        Some(prev) => self.end_value(&value, prev, items),
                        None if end => self.end_value(&value, Prev::Broken, items),
                        None => {
                            self.state = State::Value(value);
                            return at;
                        }
                    }
                }
            }
        }
    }

    /// Starts what begins with the byte at `at` (not white space); returns where the
    /// scan goes on.
    fn start(&mut self, data: &[u8], at: usize, items: &mut Vec<Item>) -> usize {
        let byte = data[at];
        let here = self.offset + at as u64;
        let text = Text {
            place: self.place(here),
            start: here,
            last: here,
            kept: true,
        };
        let Some(array) = &mut self.array else {
            // The top level.
            let line_start = self.last_byte.is_none_or(|last| last < self.line_start);
            match byte {
                b'[' => {
                    self.array = Some(Array {
                        place: text.place,
                        prev: Prev::Open,
                        new_line: false,
                    });
                    self.last_byte = Some(here);
                    return at + 1;
                }
                b'{' if line_start => self.state = State::Candidate(text),
                b'{' => {
                    self.state = State::Value(Value::new(text));
                    return at;
                }
                _ => self.state = State::Line(text),
            }
            return at + 1;
        };
        if core::mem::take(&mut array.new_line)
            && array.prev == Prev::Value
            && !matches!(byte, b',' | b']')
        {
            // This line cannot go on with the array: read it at the top level.
            items.push(Item::Flaw(array.place, Flaw::UnclosedArray));
            self.array = None;
            return at;
        }
        match byte {
            b',' => array.prev = Prev::Comma,
            b']' => self.array = None,
            _ => {
                array.prev = Prev::Value;
                self.state = State::Value(Value::new(text));
                return at;
            }
        }
        self.last_byte = Some(here);
        at + 1
    }

    /// Ends a line-long text whose line ends at `stop` (its line end if `found`).
    fn end_line(&mut self, text: &Text, stop: usize, found: bool, items: &mut Vec<Item>) -> usize {
        if text.kept {
            items.push(self.text(text));
        }
        self.last_byte = Some(text.last);
        if found {
            self.new_line(self.offset + stop as u64);
            return stop + 1;
        }
        stop
    }

    /// Stops keeping `text` once it is past the bound, held up to `held` in the input.
    fn bound(&self, text: &mut Text, held: u64, items: &mut Vec<Item>) {
        let len = (text.last - text.start + 1) as usize;
        let held = (held - text.start) as usize;
        if text.kept && (len > self.max_len || held > self.max_len.saturating_add(SLACK)) {
            items.push(Item::Flaw(text.place, Flaw::TooLong(self.max_len)));
            text.kept = false;
        }
    }

    fn text(&self, text: &Text) -> Item {
        let start = (text.start - self.offset) as usize;
        let end = (text.last - self.offset) as usize + 1;
        Item::Text(text.place, start..end)
    }

    /// Ends `value` at its last byte that counts; `prev` is what the array it is in (if
    /// any) has seen last.
    fn end_value(&mut self, value: &Value, prev: Prev, items: &mut Vec<Item>) {
        if value.text.kept {
            items.push(self.text(&value.text));
        }
        self.last_byte = Some(value.text.last);
        if let Some(array) = &mut self.array {
            array.prev = prev;
            array.new_line = false;
        }
    }

    /// Scans `value` from `at`: where the scan stopped (the end of `data`, or the byte
    /// after the value, or the first byte after it when that byte ended it), and if the
    /// value ended, what the array it is in has seen last.
    fn value(
        &mut self,
        value: &mut Value,
        data: &[u8],
        mut at: usize,
        items: &mut Vec<Item>,
    ) -> (usize, Option<Prev>) {
        let base = self.offset;
        while at < data.len() {
            let here = base + at as u64;
            if value.in_string {
                if value.escaped && data[at] != b'\n' {
                    value.escaped = false;
                    value.text.last = here;
                    at += 1;
                    self.bound(&mut value.text, here + 1, items);
                    continue;
                }
                let stop = match memchr::memchr3(b'"', b'\\', b'\n', &data[at..]) {
                    Some(n) if !value.escaped => at + n,
                    Some(_) => at,
                    None => {
                        // The string goes on past these bytes: it reaches at least their
                        // last that is no white space, as a line end would find it.
                        if let Some(last) = last_byte(data, at, data.len()) {
                            value.text.last = base + last as u64;
                        }
                        self.bound(&mut value.text, base + data.len() as u64, items);
                        return (data.len(), None);
                    }
                };
                let here = base + stop as u64;
                match data[stop] {
                    b'\\' => {
                        value.escaped = true;
                        value.text.last = here;
                        at = stop + 1;
                    }
                    b'"' => {
                        value.in_string = false;
                        value.text.last = here;
                        value.prev = if value.key { Prev::Key } else { Prev::Value };
                        at = stop + 1;
                        self.bound(&mut value.text, here + 1, items);
                        if value.depth == 0 {
                            return (at, Some(Prev::Value));
                        }
                    }
                    _ => {
                        // A raw line end in a string: the string, and the value, end here.
                        let from = (value.text.start.max(base) - base) as usize;
                        if let Some(last) = last_byte(data, from, stop) {
                            value.text.last = value.text.start.max(base + last as u64);
                        }
                        self.bound(&mut value.text, here, items);
                        self.new_line(here);
                        return (stop + 1, Some(Prev::Broken));
                    }
                }
                continue;
            }
            let byte = data[at];
            if is_space(byte) {
                if value.depth == 0 {
                    // A number or word ends at white space.
                    return (at, Some(Prev::Value));
                }
                if byte == b'\n' {
                    self.new_line(here);
                    value.new_line = true;
                }
                at += 1;
                continue;
            }
            if core::mem::take(&mut value.new_line) && !value.continues(byte) {
                // This line cannot go on with the value: it ended with the last line.
                return (at, Some(Prev::Broken));
            }
            let first = value.text.start == here;
            match byte {
                b'"' | b'{' | b'[' | b'}' | b']' | b',' if value.depth == 0 && !first => {
                    // The end of a number or word.
                    return (at, Some(Prev::Value));
                }
                b'"' => {
                    value.in_string = true;
                    value.key = value.in_object() == Some(true)
                        && matches!(value.prev, Prev::Open | Prev::Comma);
                }
                b'{' | b'[' => {
                    value.depth += 1;
                    if value.objects.len() < KINDS {
                        value.objects.push(byte == b'{');
                    }
                    value.prev = Prev::Open;
                }
                b'}' | b']' if value.depth == 0 => {
                    // A stray `}` or `]` in an array: an element of its own.
                    return (at + 1, Some(Prev::Value));
                }
                b'}' | b']' => {
                    if value.depth as usize <= KINDS {
                        value.objects.pop();
                    }
                    value.depth -= 1;
                    value.prev = Prev::Value;
                }
                b',' if value.depth > 0 => value.prev = Prev::Comma,
                b':' if value.depth > 0 => value.prev = Prev::Colon,
                _ => value.prev = Prev::Value,
            }
            value.text.last = here;
            at += 1;
            self.bound(&mut value.text, here + 1, items);
            if value.depth == 0 && matches!(byte, b'}' | b']') {
                return (at, Some(Prev::Value));
            }
        }
        (at, None)
    }
}

impl<R: Read> Iterator for Reader<R> {
    type Item = io::Result<Block>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_block().transpose()
    }
}

/// Reads into `data` from `filled` on until it holds `want` bytes or the input ends:
/// how many bytes it holds then, and whether the input ended (or the error that stopped
/// the reading, after those bytes). A buffer too short is grown by doubling (from
/// [`FIRST_ROOM`]), so that an input smaller than a block initializes no block's worth
/// of bytes.
fn fill(
    input: &mut impl Read,
    data: &mut Vec<u8>,
    mut filled: usize,
    want: usize,
) -> (usize, io::Result<bool>) {
    while filled < want {
        if filled == data.len() {
            // More than `filled`, since `filled` is short of `want`.
            let room = data.len().saturating_mul(2).max(FIRST_ROOM).min(want);
            data.resize(room, 0);
        }
        let end = data.len().min(want);
        match input.read(&mut data[filled..end]) {
            Ok(0) => return (filled, Ok(true)),
            // A reader that says it read more than it was given is not believed.
            Ok(n) => filled += n.min(end - filled),
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return (filled, Err(error)),
        }
    }
    (filled, Ok(false))
}
