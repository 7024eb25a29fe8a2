//! Reading events.md: bytes in, a [`Catalog`] of located entries plus diagnostics out.
//!
//! pulldown-cmark finds the headings, tables and code blocks; one small parser per row
//! type (`table_row`, `block_line`) reads the entries. Nothing here judges names or
//! codes against each other: that is `check`'s job.

use std::ops::Range;

use pulldown_cmark::{Event as Md, OffsetIter, Options, Parser, Tag, TagEnd};

use crate::block::{BlockLine, BlockReader, indent};
use crate::catalog::{Catalog, Docs, Entry, Value};
use crate::diagnostic::{Diagnostic, LineIndex, Pos};

/// Reads events.md as the bytes on disk: UTF-8, with or without a BOM.
pub fn parse(bytes: &[u8]) -> (Catalog, Vec<Diagnostic>) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_str(text),
        Err(e) => {
            let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
            let pos = LineIndex::new(&valid).pos(valid.len());
            let message = format!(
                "invalid UTF-8 (byte 0x{:02x}): a catalog must be UTF-8",
                bytes[e.valid_up_to()]
            );
            (Catalog::default(), vec![Diagnostic::error(pos, message)])
        }
    }
}

/// Reads events.md once decoded; positions count from the first character after a BOM.
pub fn parse_str(text: &str) -> (Catalog, Vec<Diagnostic>) {
    let mut reader = Reader {
        text,
        lines: LineIndex::new(text),
        section: None,
        catalog: Catalog::default(),
        diagnostics: Vec::new(),
    };
    let mut markdown = Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter();
    while let Some((event, range)) = markdown.next() {
        match event {
            Md::Start(Tag::Heading { level, .. }) => {
                let heading = plain_text(&mut markdown, TagEnd::Heading(level));
                reader.section = Some(heading).filter(|h| !h.is_empty());
            }
            Md::Start(Tag::Table(_)) => reader.table(&mut markdown),
            Md::Start(Tag::CodeBlock(_)) => reader.code_block(&mut markdown),
            Md::Start(Tag::Paragraph) => reader.stray_lines(range),
            _ => {}
        }
    }
    (reader.catalog, reader.diagnostics)
}

struct Reader<'a> {
    text: &'a str,
    lines: LineIndex<'a>,
    /// The nearest heading above the current position.
    section: Option<String>,
    catalog: Catalog,
    diagnostics: Vec<Diagnostic>,
}

/// A table cell: its plain text (markup stripped, trimmed) and where its content starts.
struct Cell {
    text: String,
    pos: Pos,
}

/// Which cell of a row holds what, as the table's header says.
struct Columns {
    code: usize,
    event: usize,
    description: Option<usize>,
    note: Option<usize>,
    /// The header's cells, as written.
    headers: Vec<String>,
}

/// What a table's header makes of the table.
enum Header {
    /// An events table: its rows are entries.
    Events(Columns),
    /// Not an events table (a legend, a changelog): its rows are skipped, unless they
    /// look like events, which means a misspelt header.
    Other { pos: Pos },
    /// A broken events header, already reported: its rows are skipped.
    Broken,
}

/// The words a header cell may hold for each column, lower-cased: the vendor's
/// documents use all of these.
const CODE_WORDS: [&str; 2] = ["код", "code"];
const EVENT_WORDS: [&str; 5] = ["событие", "название", "имя", "event", "name"];
const DESCRIPTION_WORDS: [&str; 2] = ["описание", "description"];
const NOTE_WORDS: [&str; 2] = ["примечание", "note"];
const COLUMNS_HELP: &str = "an events table has a code column (`Код` or `Code`), an event column \
    (`Событие`, `Название`, `Имя`, `Event` or `Name`) and, optionally, a description column \
    (`Описание` or `Description`) and a note column (`Примечание` or `Note`)";

impl Reader<'_> {
    fn table(&mut self, markdown: &mut OffsetIter<'_>) {
        let mut header = Header::Broken;
        let mut cells = Vec::new();
        while let Some((event, range)) = markdown.next() {
            match event {
                Md::Start(Tag::TableHead | Tag::TableRow) => cells.clear(),
                Md::Start(Tag::TableCell) => {
                    let pos = self.content_pos(range);
                    let text = plain_text(markdown, TagEnd::TableCell);
                    cells.push(Cell { text, pos });
                }
                Md::End(TagEnd::TableHead) => header = self.header(&cells, range.start),
                Md::End(TagEnd::TableRow) => match &header {
                    Header::Events(columns) => self.table_row(columns, &cells, range.start),
                    Header::Other { pos } if looks_like_event_row(&cells) => {
                        self.diagnostics.push(
                            Diagnostic::error(
                                *pos,
                                "this table's header names no code or event column, but its rows look like events",
                            )
                            .with_help(COLUMNS_HELP),
                        );
                        header = Header::Broken;
                    }
                    Header::Other { .. } | Header::Broken => {}
                },
                Md::End(TagEnd::Table) => return,
                _ => {}
            }
        }
    }

    /// Finds the code, event, description and note columns, in any order and case, in
    /// Russian or English, markup around the word ignored. A header with a code or an
    /// event column is an events header, and anything wrong in it is an error: a typo
    /// must not silently drop the table's events.
    fn header(&mut self, cells: &[Cell], start: usize) -> Header {
        let pos = self.lines.pos(start);
        let words: Vec<String> = cells
            .iter()
            .map(|cell| {
                cell.text
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .collect();
        let find = |accepted: &[&str]| -> Vec<usize> {
            (0..cells.len())
                .filter(|&i| accepted.contains(&words[i].as_str()))
                .collect()
        };
        let (code, event) = (find(&CODE_WORDS), find(&EVENT_WORDS));
        if code.is_empty() && event.is_empty() {
            return Header::Other { pos };
        }
        let (description, note) = (find(&DESCRIPTION_WORDS), find(&NOTE_WORDS));
        let errors = self.diagnostics.len();
        for (found, name) in [(&code, "code"), (&event, "event")] {
            if found.is_empty() {
                self.diagnostics.push(
                    Diagnostic::error(pos, format!("this table's header has no {name} column"))
                        .with_help(COLUMNS_HELP),
                );
            }
        }
        // The accepted words are listed once per header.
        let mut help = Some(COLUMNS_HELP).filter(|_| self.diagnostics.len() == errors);
        for (i, cell) in cells.iter().enumerate() {
            let known = [&code, &event, &description, &note]
                .into_iter()
                .find(|column| column.contains(&i));
            match known {
                None => {
                    let message = format!("unknown column `{}` in an events table", cell.text);
                    let mut diagnostic = Diagnostic::error(cell.pos, message);
                    if let Some(help) = help.take() {
                        diagnostic = diagnostic.with_help(help);
                    }
                    self.diagnostics.push(diagnostic);
                }
                Some(column) if column[0] != i => self.diagnostics.push(Diagnostic::error(
                    cell.pos,
                    format!("column `{}` appears twice in this header", cell.text),
                )),
                Some(_) => {}
            }
        }
        if self.diagnostics.len() > errors {
            return Header::Broken;
        }
        Header::Events(Columns {
            code: code[0],
            event: event[0],
            description: description.first().copied(),
            note: note.first().copied(),
            headers: cells.iter().map(|cell| cell.text.clone()).collect(),
        })
    }

    fn table_row(&mut self, columns: &Columns, cells: &[Cell], start: usize) {
        // pulldown-cmark pads short rows and drops extra cells: count them in the source.
        let line = &self.text[start..self.lines.line_around(start).end];
        let source_cells = split_cells(line);
        if source_cells.iter().all(|cell| cell.trim().is_empty()) {
            return; // a spacer row
        }
        let pos = self.lines.pos(start);
        let (found, wanted) = (source_cells.len(), columns.headers.len());
        if found != wanted {
            let cells = if found == 1 { "cell" } else { "cells" };
            let message =
                format!("this row has {found} {cells}, but the table's header has {wanted}");
            let diagnostic = if found < wanted {
                let lacking: Vec<String> = columns.headers[found..]
                    .iter()
                    .map(|header| format!("`{header}`"))
                    .collect();
                let columns = if lacking.len() == 1 {
                    "column"
                } else {
                    "columns"
                };
                let lacking = format!("{message}: it lacks the {} {columns}", lacking.join(", "));
                Diagnostic::error(pos, lacking).with_help(
                    "write every cell of the row, an empty one too, as in `| 90001 | Name | |`",
                )
            } else {
                Diagnostic::error(pos, message).with_help("a `|` inside a cell is written `\\|`")
            };
            self.diagnostics.push(diagnostic);
            return;
        }
        let (code, name) = (&cells[columns.code], &cells[columns.event]);
        let text_of = |column: Option<usize>| {
            column
                .map(|i| cells[i].text.clone())
                .filter(|text| !text.is_empty())
        };
        let docs = Docs {
            description: text_of(columns.description),
            note: text_of(columns.note),
            ..Docs::default()
        };
        self.entry(&name.text, name.pos, &code.text, code.pos, docs);
    }

    fn code_block(&mut self, markdown: &mut OffsetIter<'_>) {
        // Text events may split a line (tabs) or hold several; read each source line
        // once, from where the block's content starts on it.
        let mut last_line = None;
        let mut block = BlockReader::default();
        for (event, range) in markdown.by_ref() {
            match event {
                Md::Text(_) => {
                    let mut at = range.start;
                    while at < range.end {
                        let line = self.lines.line_around(at);
                        if last_line != Some(line.start) {
                            last_line = Some(line.start);
                            // `at` can sit on the `\r` of a CRLF, past the line's end.
                            self.block_line(&mut block, at.min(line.end)..line.end);
                        }
                        at = self.lines.next_line_start(at);
                    }
                }
                Md::End(TagEnd::CodeBlock) => return,
                _ => {}
            }
        }
    }

    fn block_line(&mut self, block: &mut BlockReader, range: Range<usize>) {
        let at = |offset: usize| self.lines.pos(range.start + offset);
        match block.line(&self.text[range.clone()]) {
            BlockLine::Skip => {}
            BlockLine::Entry(entry) => {
                let (name_pos, value_pos) = (at(entry.name_at), at(entry.value_at));
                let docs = Docs {
                    description: entry.description,
                    ..Docs::default()
                };
                self.entry(entry.name, name_pos, entry.value, value_pos, docs);
            }
            BlockLine::Error {
                at: offset,
                message,
            } => {
                let pos = at(offset);
                self.diagnostics.push(Diagnostic::error(pos, message));
            }
        }
    }

    fn entry(&mut self, name: &str, name_pos: Pos, value: &str, value_pos: Pos, docs: Docs) {
        let struck = name
            .strip_prefix("~~")
            .and_then(|name| name.strip_suffix("~~"))
            .filter(|name| !name.is_empty());
        match parse_value(value) {
            Ok(value) => self.catalog.entries.push(Entry {
                name: struck.unwrap_or(name).to_owned(),
                name_pos,
                value,
                value_pos,
                docs: Docs {
                    section: self.section.clone(),
                    deprecated: struck.is_some(),
                    ..docs
                },
            }),
            Err(message) => self.diagnostics.push(Diagnostic::error(value_pos, message)),
        }
    }

    /// A paragraph line that looks like a table row or an entry is an event about to be
    /// lost (a broken delimiter row, an under-indented code line): say so.
    fn stray_lines(&mut self, range: Range<usize>) {
        let mut at = range.start;
        while at < range.end {
            let line_range = self.lines.line_around(at);
            let line = self.text[at..line_range.end].trim();
            let problem = if line.starts_with('|') && line[1..].contains('|') {
                Some((
                    "this line looks like a table row, but it is not in a table",
                    "a table needs a header row and then a delimiter row such as `| --- | --- |`",
                ))
            } else if looks_like_entry(line) {
                Some((
                    "this line looks like an event entry, but it is not in a code block",
                    "indent it by 4 spaces or a tab, or put it between ``` fences",
                ))
            } else {
                None
            };
            if let Some((message, help)) = problem {
                let text = &self.text[at..];
                let start = at + indent(text);
                self.diagnostics
                    .push(Diagnostic::error(self.lines.pos(start), message).with_help(help));
                return;
            }
            at = self.lines.next_line_start(at);
        }
    }

    /// Where a cell's content starts: past its leading spaces; an empty cell's start.
    fn content_pos(&self, range: Range<usize>) -> Pos {
        let cell = &self.text[range.clone()];
        let padding = indent(cell);
        self.lines
            .pos(range.start + if padding < cell.len() { padding } else { 0 })
    }
}

/// The code cell: a `u32`, decimal or C#-style hexadecimal (`0x4E20`), or the name of
/// the event this entry is an alias of.
fn parse_value(text: &str) -> Result<Value, String> {
    let hex = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X"));
    let code = match (hex, text.chars().next()) {
        (_, None) => return Err("missing code".to_owned()),
        (Some(digits), _) if digits.bytes().all(|b| b.is_ascii_hexdigit()) => {
            u32::from_str_radix(digits, 16).ok()
        }
        (None, Some(c)) if c.is_ascii_digit() || c == '-' || c == '+' => Some(text)
            .filter(|t| t.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|t| t.parse().ok()),
        (Some(_), _) => None,
        (None, Some(_)) => return Ok(Value::Alias(text.to_owned())),
    };
    code.map(Value::Code).ok_or_else(|| {
        format!(
            "code `{text}` is not an integer in 0..={} (decimal, or hexadecimal as `0x4E20`)",
            u32::MAX
        )
    })
}

/// The text of inline content up to `end`: markup dropped, code spans kept, trimmed.
fn plain_text(markdown: &mut OffsetIter<'_>, end: TagEnd) -> String {
    let mut text = String::new();
    for (event, _) in markdown.by_ref() {
        match event {
            Md::Text(t) | Md::Code(t) => text.push_str(&t),
            Md::SoftBreak | Md::HardBreak => text.push(' '),
            Md::End(tag) if tag == end => break,
            _ => {}
        }
    }
    text.trim().to_owned()
}

/// The cells of a table row as GFM (and pulldown-cmark) splits them: on every `|` not
/// right after a `\` (even an escaped one), without the optional outer pipes.
fn split_cells(row: &str) -> Vec<&str> {
    let row = row.trim();
    let row = row.strip_prefix('|').unwrap_or(row);
    let mut cells = Vec::new();
    let mut start = 0;
    for (i, _) in row.match_indices('|') {
        if !row[..i].ends_with('\\') {
            cells.push(&row[start..i]);
            start = i + 1;
        }
    }
    if start < row.len() || cells.is_empty() {
        cells.push(&row[start..]);
    }
    cells
}

/// Whether a row of a table that is not an events table holds a number and a Rust
/// identifier: then its header is a misspelt events header.
fn looks_like_event_row(cells: &[Cell]) -> bool {
    let is_number = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let is_name = |t: &str| {
        t.starts_with(|c: char| c.is_ascii_alphabetic())
            && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    cells.iter().any(|a| is_number(&a.text)) && cells.iter().any(|b| is_name(&b.text))
}

/// `Name = 123` or `Name = Other`, the shape of a code-block entry.
fn looks_like_entry(line: &str) -> bool {
    let Some((name, value)) = line.split_once('=') else {
        return false;
    };
    let name = name.trim();
    let starts_word = |s: &str| s.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
    starts_word(name)
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && starts_word(value.trim_start())
}
