//! Located problems in events.md, rendered as Cargo shows a build script's errors: one
//! line `events.md:LINE:COL: message`, then a line for each related place and for help.

use std::fmt;
use std::ops::Range;

/// A place in events.md: 1-based line, and 1-based column counted in characters
/// (what an editor shows), not bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    /// 1-based line.
    pub(crate) line: usize,
    /// 1-based column, in characters.
    pub(crate) col: usize,
}

impl Pos {
    /// The 1-based line.
    pub fn line(self) -> usize {
        self.line
    }

    /// The 1-based column, in characters.
    pub fn col(self) -> usize {
        self.col
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// Whether a diagnostic stops the build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// Fails the build.
    Error,
    /// Reported, but the enum is still generated.
    Warning,
    /// A remark of a comparison on what it read past (`compat`); the build never makes
    /// one.
    Note,
}

impl fmt::Display for Severity {
    /// The word Cargo puts before the line, and the `cargo::` directive that makes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

/// A problem at a place in events.md, with the places it relates to and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub(crate) severity: Severity,
    pub(crate) pos: Pos,
    pub(crate) message: String,
    pub(crate) notes: Vec<(Pos, String)>,
    pub(crate) help: Option<String>,
}

impl Diagnostic {
    /// Error, warning or note.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// Where the problem is.
    pub fn pos(&self) -> Pos {
        self.pos
    }

    /// What is wrong, names and codes in backticks.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Other places the problem involves, such as the first definition of a name used
    /// twice, each with what happens there.
    pub fn notes(&self) -> &[(Pos, String)] {
        &self.notes
    }

    /// How to fix it, when there is one obvious way.
    pub fn help(&self) -> Option<&str> {
        self.help.as_deref()
    }

    /// A problem that fails the build.
    pub(crate) fn error(pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            pos,
            message: message.into(),
            notes: Vec::new(),
            help: None,
        }
    }

    /// A problem that is reported but does not fail the build.
    pub(crate) fn warning(pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(pos, message)
        }
    }

    /// Adds another place the problem involves, with what happens there.
    pub(crate) fn with_note(mut self, pos: Pos, message: impl Into<String>) -> Self {
        self.notes.push((pos, message.into()));
        self
    }

    /// Sets how to fix it.
    pub(crate) fn with_help(self, help: impl Into<String>) -> Self {
        Diagnostic {
            help: Some(help.into()),
            ..self
        }
    }

    /// Whether it fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The lines of the diagnostic in `file`, each the text of one `cargo::error=` (or
    /// `cargo::warning=`) directive: the message at its place, then indented notes and
    /// help, as rustc lays them out.
    pub fn lines(&self, file: &str) -> Vec<String> {
        let mut lines = vec![format!("{file}:{}: {}", self.pos, self.message)];
        for (pos, note) in &self.notes {
            lines.push(format!("  note: {file}:{pos}: {note}"));
        }
        if let Some(help) = &self.help {
            lines.push(format!("  help: {help}"));
        }
        lines
    }

    /// The diagnostic as Cargo shows it, less the package name Cargo adds: each line
    /// after its severity (`error: events.md:3:1: ...`).
    pub fn render(&self, file: &str) -> String {
        self.lines(file)
            .into_iter()
            .map(|line| format!("{}: {line}\n", self.severity))
            .collect()
    }
}

/// Maps byte offsets of a text to [`Pos`]itions.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset at which each line starts.
    starts: Vec<usize>,
    /// The last offset converted and its column: the next one on the same line counts
    /// on from there, so the cells of a 10 MB line cost linear time, not quadratic.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex {
            text,
            starts,
            last: std::cell::Cell::new((0, 1)),
        }
    }

    /// `offset` must lie on a character boundary of the text (or at its end).
    pub fn pos(&self, offset: usize) -> Pos {
        let line = self.line_of(offset);
        let start = self.starts[line];
        let (last_offset, last_col) = self.last.get();
        let (from, col) = if (start..=offset).contains(&last_offset) {
            (last_offset, last_col)
        } else {
            (start, 1)
        };
        let col = col + self.text[from..offset].chars().count();
        self.last.set((offset, col));
        Pos {
            line: line + 1,
            col,
        }
    }

    /// The line holding `offset`, as a byte range without its line ending.
    pub fn line_around(&self, offset: usize) -> Range<usize> {
        let line = self.line_of(offset);
        let end = self
            .starts
            .get(line + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let start = self.starts[line];
        let end = end - usize::from(self.text[start..end].ends_with('\r'));
        start..end
    }

    /// Where the line after the one holding `offset` starts (the text's end for the last).
    pub fn next_line_start(&self, offset: usize) -> usize {
        let line = self.line_of(offset);
        self.starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len())
    }

    /// 0-based line holding `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) - 1
    }
}
