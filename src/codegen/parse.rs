//! Reading events.md: bytes in, a [`Catalog`] of located entries plus diagnostics out.
//!
//! pulldown-cmark finds the headings, tables and code blocks; one small parser per row
//! type (`table_row`, `block_line`) reads the entries. Nothing here judges names or
//! codes against each other: that is `check`'s job.

use std::ops::Range;

use pulldown_cmark::{Event as Md, OffsetIter, Options, Parser, Tag, TagEnd};

use super::catalog::{Catalog, Entry, Value};
use super::diagnostic::{Diagnostic, LineIndex, Pos};

/// Reads events.md as the bytes on disk: UTF-8, with or without a BOM.
pub fn parse(bytes: &[u8]) -> (Catalog, Vec<Diagnostic>) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_str(text),
        Err(e) => {
            let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
            let pos = LineIndex::new(&valid).pos(valid.len());
            let message = format!(
                "invalid UTF-8 (byte 0x{:02x}): events.md must be UTF-8",
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
    let mut events = Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter();
    while let Some((event, range)) = events.next() {
        match event {
            Md::Start(Tag::Heading { level, .. }) => {
                let heading = plain_text(&mut events, TagEnd::Heading(level));
                reader.section = Some(heading).filter(|h| !h.is_empty());
            }
            Md::Start(Tag::Table(_)) => reader.table(&mut events),
            Md::Start(Tag::CodeBlock(_)) => reader.code_block(&mut events),
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
    count: usize,
}

impl Reader<'_> {
    fn table(&mut self, events: &mut OffsetIter<'_>) {
        let mut columns = None;
        let mut cells = Vec::new();
        while let Some((event, range)) = events.next() {
            match event {
                Md::Start(Tag::TableHead | Tag::TableRow) => cells.clear(),
                Md::Start(Tag::TableCell) => {
                    let pos = self.content_pos(range);
                    let text = plain_text(events, TagEnd::TableCell);
                    cells.push(Cell { text, pos });
                }
                Md::End(TagEnd::TableHead) => columns = self.header(&cells, range.start),
                Md::End(TagEnd::TableRow) => {
                    if let Some(columns) = &columns {
                        self.table_row(columns, &cells, range.start);
                    }
                }
                Md::End(TagEnd::Table) => return,
                _ => {}
            }
        }
    }

    /// Finds the code, event and description columns, in any order and case, in English
    /// or in the upstream's Russian. Anything else is an error: a typo in a header must
    /// not silently drop the table's events.
    fn header(&mut self, cells: &[Cell], start: usize) -> Option<Columns> {
        let (mut code, mut event, mut description) = (None, None, None);
        let errors = self.diagnostics.len();
        for (i, cell) in cells.iter().enumerate() {
            let slot = match cell.text.to_lowercase().as_str() {
                "code" | "код" => &mut code,
                "event" | "событие" => &mut event,
                "description" | "описание" => &mut description,
                _ => {
                    self.diagnostics.push(
                        Diagnostic::error(
                            cell.pos,
                            format!("unknown column `{}` in an events table", cell.text),
                        )
                        .help("the columns are Code, Event and, optionally, Description (or Код, Событие, Описание)"),
                    );
                    continue;
                }
            };
            if slot.replace(i).is_some() {
                self.diagnostics.push(Diagnostic::error(
                    cell.pos,
                    format!("column `{}` appears twice in this header", cell.text),
                ));
            }
        }
        let pos = self.lines.pos(start);
        for (found, name) in [(code, "Code (Код)"), (event, "Event (Событие)")] {
            if found.is_none() {
                self.diagnostics.push(Diagnostic::error(
                    pos,
                    format!("this table's header has no {name} column"),
                ));
            }
        }
        if self.diagnostics.len() > errors {
            return None;
        }
        Some(Columns {
            code: code?,
            event: event?,
            description,
            count: cells.len(),
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
        if source_cells.len() != columns.count {
            let message = format!(
                "this row has {} cells, but the table's header has {}",
                source_cells.len(),
                columns.count
            );
            self.diagnostics.push(Diagnostic::error(pos, message));
            return;
        }
        let (code, name) = (&cells[columns.code], &cells[columns.event]);
        let description = columns
            .description
            .map(|i| cells[i].text.clone())
            .filter(|d| !d.is_empty());
        self.entry(&name.text, name.pos, &code.text, code.pos, description);
    }

    fn code_block(&mut self, events: &mut OffsetIter<'_>) {
        // Text events may split a line (tabs) or hold several; read each source line
        // once, from where the block's content starts on it.
        let mut last_line = None;
        for (event, range) in events.by_ref() {
            match event {
                Md::Text(_) => {
                    let mut at = range.start;
                    while at < range.end {
                        let line = self.lines.line_around(at);
                        if last_line != Some(line.start) {
                            last_line = Some(line.start);
                            // `at` can sit on the `\r` of a CRLF, past the line's end.
                            self.block_line(at.min(line.end)..line.end);
                        }
                        at = self.lines.next_line_start(at);
                    }
                }
                Md::End(TagEnd::CodeBlock) => return,
                _ => {}
            }
        }
    }

    /// `Name = code`, `Name = OtherName`, an optional trailing comma and `// description`;
    /// blank lines and `//` comment lines are skipped.
    fn block_line(&mut self, range: Range<usize>) {
        let line = &self.text[range.clone()];
        let content = line.trim();
        if content.is_empty() || content.starts_with("//") {
            return;
        }
        let start = range.start + indent(line);
        let (body, description) = match content.split_once("//") {
            Some((body, comment)) => (body, Some(comment.trim().to_owned())),
            None => (content, None),
        };
        let Some((name, value)) = body.split_once('=') else {
            let message = format!("expected `Name = code`, found `{content}`");
            self.diagnostics
                .push(Diagnostic::error(self.lines.pos(start), message));
            return;
        };
        let value_start = start + name.len() + 1 + indent(value);
        let value = value.trim();
        let value = value.strip_suffix(',').unwrap_or(value).trim_end();
        let description = description.filter(|d| !d.is_empty());
        let (name_pos, value_pos) = (self.lines.pos(start), self.lines.pos(value_start));
        self.entry(name.trim(), name_pos, value, value_pos, description);
    }

    fn entry(
        &mut self,
        name: &str,
        name_pos: Pos,
        value: &str,
        value_pos: Pos,
        description: Option<String>,
    ) {
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
                description,
                section: self.section.clone(),
                deprecated: struck.is_some(),
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
                    .push(Diagnostic::error(self.lines.pos(start), message).help(help));
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

/// Bytes of leading whitespace.
fn indent(text: &str) -> usize {
    text.len() - text.trim_start().len()
}

/// The code cell: a decimal `u32`, or the name of the event this entry is an alias of.
fn parse_value(text: &str) -> Result<Value, String> {
    match text.chars().next() {
        None => Err("missing code".to_owned()),
        Some(c) if c.is_ascii_digit() || c == '-' || c == '+' => match text.parse::<u32>() {
            Ok(code) if text.bytes().all(|b| b.is_ascii_digit()) => Ok(Value::Code(code)),
            _ => Err(format!(
                "code `{text}` is not a decimal integer in 0..={}",
                u32::MAX
            )),
        },
        Some(_) => Ok(Value::Alias(text.to_owned())),
    }
}

/// The text of inline content up to `end`: markup dropped, code spans kept, trimmed.
fn plain_text(events: &mut OffsetIter<'_>, end: TagEnd) -> String {
    let mut text = String::new();
    for (event, _) in events.by_ref() {
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
