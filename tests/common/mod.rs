//! An independent reading of events.md, line by line with plain string operations (not the
//! generator), of every form the README documents: table rows under a header naming a
//! code and an event column, `Name = code` lines in indented or fenced code blocks with
//! `//` comments, the server's C# enum (declaration, braces, attributes, `///` summaries,
//! `/* */`, hexadecimal codes), aliases (a name in the code cell) and struck-through
//! renames. Tests compare the generated enum with it, so that a generator bug cannot
//! vouch for itself, and a maintainer's legal edit of events.md keeps them green.

#![allow(dead_code, reason = "each test crate uses part of it")]

/// The catalog as events.md writes it.
#[derive(Debug, Default)]
pub struct Reading {
    /// Events with a code of their own, in file order.
    pub events: Vec<Event>,
    /// Second names of events, in file order.
    pub aliases: Vec<Alias>,
}

/// An event with a code of its own.
#[derive(Debug, Clone)]
pub struct Event {
    pub code: u32,
    pub name: String,
    pub section: Option<String>,
    /// The description cell or comment; `None` when empty.
    pub description: Option<String>,
    pub note: Option<String>,
}

/// A second name of an event.
#[derive(Debug, Clone)]
pub struct Alias {
    pub name: String,
    /// The event it names.
    pub target: String,
    /// Struck through: a rename's old name.
    pub deprecated: bool,
}

/// The shipped catalog.
pub fn shipped() -> Reading {
    read(include_str!("../../events.md"))
}

impl Reading {
    /// The code of an event or alias name.
    pub fn code_of(&self, name: &str) -> Option<u32> {
        let target = self
            .aliases
            .iter()
            .find(|a| a.name == name)
            .map_or(name, |a| a.target.as_str());
        self.events
            .iter()
            .find(|e| e.name == target)
            .map(|e| e.code)
    }

    /// The events sorted by code.
    pub fn by_code(&self) -> Vec<&Event> {
        let mut events: Vec<&Event> = self.events.iter().collect();
        events.sort_by_key(|e| e.code);
        events
    }

    /// Every name, aliases too, with its code.
    pub fn names(&self) -> Vec<(String, u32)> {
        let events = self.events.iter().map(|e| (e.name.clone(), e.code));
        let aliases = self.aliases.iter().map(|a| {
            (
                a.name.clone(),
                self.code_of(&a.target).expect("alias target"),
            )
        });
        events.chain(aliases).collect()
    }
}

/// Which column of a table holds what.
struct Columns {
    code: usize,
    name: usize,
    description: Option<usize>,
    note: Option<usize>,
}

pub fn read(md: &str) -> Reading {
    let mut reading = Reading::default();
    let mut section: Option<String> = None;
    let mut fence: Option<&str> = None;
    let mut columns: Option<Columns> = None;
    let mut previous_blank = true;
    let mut in_indented_block = false;
    let mut summary: Option<String> = None;
    let lines: Vec<&str> = md.lines().collect();
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim();
        if let Some(marker) = fence {
            if trimmed.starts_with(marker) {
                fence = None;
            } else {
                code_line(trimmed, &section, &mut summary, &mut reading);
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            columns = None;
            continue;
        }
        let indented = line.starts_with("    ") || line.starts_with('\t');
        if indented && (previous_blank || in_indented_block) && columns.is_none() {
            in_indented_block = true;
            code_line(trimmed, &section, &mut summary, &mut reading);
            continue;
        }
        in_indented_block = in_indented_block && trimmed.is_empty();
        previous_blank = trimmed.is_empty();
        if let Some(heading) = trimmed.strip_prefix('#') {
            section = Some(plain(heading.trim_start_matches('#'))).filter(|text| !text.is_empty());
            columns = None;
            continue;
        }
        if !trimmed.starts_with('|') {
            columns = None;
            continue;
        }
        let cells = cells(trimmed);
        let is_separator = |cells: &[String]| {
            cells
                .iter()
                .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
        };
        if columns.is_none() {
            // A header: the row above a separator row.
            let next = lines.get(i + 1).map(|l| cells_of(l.trim()));
            if next.as_deref().is_some_and(is_separator) {
                columns = header(&cells);
                if columns.is_none() {
                    // A table of something else (a legend): skip its rows.
                    columns = Some(Columns {
                        code: usize::MAX,
                        name: usize::MAX,
                        description: None,
                        note: None,
                    });
                }
            }
            continue;
        }
        if is_separator(&cells) {
            continue;
        }
        let Some(c) = &columns else { continue };
        let (Some(code), Some(name)) = (cells.get(c.code), cells.get(c.name)) else {
            continue;
        };
        let text = |column: Option<usize>| {
            column
                .and_then(|i| cells.get(i))
                .map(|cell| plain(cell))
                .filter(|text| !text.is_empty())
        };
        entry(
            &plain(code),
            name,
            text(c.description),
            text(c.note),
            &section,
            &mut reading,
        );
    }
    reading
}

/// The cells of a table row, `\|` kept as a pipe inside a cell.
fn cells(row: &str) -> Vec<String> {
    let inner = row.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut cells = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cells.last_mut().unwrap().push('|');
                chars.next();
            }
            '|' => cells.push(String::new()),
            c => cells.last_mut().unwrap().push(c),
        }
    }
    cells.iter().map(|c| c.trim().to_owned()).collect()
}

fn cells_of(row: &str) -> Vec<String> {
    if row.starts_with('|') {
        cells(row)
    } else {
        Vec::new()
    }
}

/// The columns of a header that names a code and an event column.
fn header(cells: &[String]) -> Option<Columns> {
    let find = |words: &[&str]| {
        cells
            .iter()
            .position(|cell| words.contains(&plain(cell).to_lowercase().as_str()))
    };
    Some(Columns {
        code: find(&["код", "code"])?,
        name: find(&["событие", "название", "имя", "event", "name"])?,
        description: find(&["описание", "description"]),
        note: find(&["примечание", "note"]),
    })
}

/// A cell's text without inline markup (`**`, `` ` ``, `_`-emphasis is not used on names).
fn plain(text: &str) -> String {
    text.replace("**", "").replace('`', "").trim().to_owned()
}

/// One entry: `value` is a code (decimal or `0x` hexadecimal) or the name of the event
/// it is an alias of; a struck-through `name` is a deprecated alias.
fn entry(
    value: &str,
    name: &str,
    description: Option<String>,
    note: Option<String>,
    section: &Option<String>,
    reading: &mut Reading,
) {
    let name = plain(name);
    let (name, deprecated) = match name.strip_prefix("~~").and_then(|n| n.strip_suffix("~~")) {
        Some(old) => (old.to_owned(), true),
        None => (name, false),
    };
    let code = match value
        .strip_prefix("0x")
        .or_else(|| value.strip_prefix("0X"))
    {
        Some(hex) => u32::from_str_radix(hex, 16).ok(),
        None => value.parse::<u32>().ok(),
    };
    match code {
        Some(code) => reading.events.push(Event {
            code,
            name,
            section: section.clone(),
            description,
            note,
        }),
        None => reading.aliases.push(Alias {
            name,
            target: value.to_owned(),
            deprecated,
        }),
    }
}

/// A line of a code block: `Name = value,` with an optional `// description`, or a line
/// of the C# enum around such entries.
fn code_line(
    line: &str,
    section: &Option<String>,
    summary: &mut Option<String>,
    reading: &mut Reading,
) {
    if let Some(doc) = line.strip_prefix("///") {
        let doc = doc.replace("<summary>", "").replace("</summary>", "");
        if !doc.trim().is_empty() {
            *summary = Some(doc.trim().to_owned());
        }
        return;
    }
    let mut rest = line;
    let mut description = None;
    // Leading `/* */` comments and `[Attributes]`.
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, r)| r);
        } else if rest.starts_with('[') {
            let Some((attributes, after)) = rest.split_once(']') else {
                return;
            };
            if let Some((_, text)) = attributes.split_once("Description(\"") {
                description = text.split_once('"').map(|(d, _)| d.to_owned());
            }
            rest = after;
        } else {
            break;
        }
    }
    let (entry_text, comment) = match rest.split_once("//") {
        Some((entry_text, comment)) => (entry_text, Some(comment.trim().to_owned())),
        None => (rest, None),
    };
    let Some((name, value)) = entry_text.split_once('=') else {
        return;
    };
    let value = value.trim().trim_end_matches(',').trim();
    let description = description
        .or(comment.filter(|c| !c.is_empty()))
        .or_else(|| summary.take());
    *summary = None;
    entry(value, name.trim(), description, None, section, reading);
}
