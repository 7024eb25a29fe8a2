//! `catalog check`, `catalog diff` and `catalog list`: the generator's reading of any
//! catalog, outside a Rust build, and this build's events for tools outside Rust.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use primo_events::Event;
use primo_events_codegen::compat::{self, Semver};
use primo_events_codegen::{Diagnostic, Severity};

use crate::report::{say, say_raw};
use crate::run::Status;

/// Reads a file whole: catalogs are small. The error names the path.
fn read(path: &Path) -> io::Result<Vec<u8>> {
    std::fs::read(path)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot read {}: {e}", path.display())))
}

/// Checks catalogs as build.rs does, each in turn: in the human form, every diagnostic
/// on stderr at `FILE:LINE:COL`, then a line saying what was read; as GitHub workflow
/// commands or JSON, one line per diagnostic on stdout. [`Status::Problems`] when any is
/// an error; [`Status::Failed`] when a file cannot be read, after the others are checked.
pub fn check(paths: &[PathBuf], format: CheckFormat, out: &mut impl Write) -> io::Result<Status> {
    let mut status = Status::Success;
    let mut unreadable = false;
    for path in paths {
        let bytes = match read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                say(error);
                unreadable = true;
                continue;
            }
        };
        let name = path.display().to_string();
        let (checked, diagnostics) = primo_events_codegen::read(&bytes);
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        let warnings = diagnostics.len() - errors;
        for diagnostic in &diagnostics {
            match format {
                CheckFormat::Human => say_raw(&diagnostic.render(&name)),
                CheckFormat::Github => writeln!(out, "{}", github(diagnostic, &name))?,
                CheckFormat::Json => writeln!(out, "{}", json(diagnostic, &name))?,
            }
        }
        match (checked, format) {
            (Some(catalog), CheckFormat::Human) => writeln!(
                out,
                "{name}: {} events, {} aliases, {} sections; {warnings} warnings",
                catalog.variants().len(),
                catalog.aliases().len(),
                catalog.sections().len(),
            )?,
            (Some(_), _) => {}
            (None, _) => {
                say(format_args!("{name}: {errors} errors, {warnings} warnings"));
                status = Status::Problems;
            }
        }
    }
    Ok(if unreadable { Status::Failed } else { status })
}

/// How `catalog check` writes diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// As rustc and build.rs write them, on stderr.
    Human,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`), which annotate the
    /// pull request at the line.
    Github,
    /// One JSON object per line: file, line, column, severity, message, notes, help.
    Json,
}

/// A diagnostic as a GitHub workflow command: notes and help go in the message, on lines
/// of their own.
fn github(diagnostic: &Diagnostic, file: &str) -> String {
    let command = match diagnostic.severity() {
        Severity::Error => "error",
        _ => "warning",
    };
    let mut message = diagnostic.message().to_owned();
    for (pos, note) in diagnostic.notes() {
        message.push_str(&format!("\nnote: {file}:{pos}: {note}"));
    }
    if let Some(help) = diagnostic.help() {
        message.push_str(&format!("\nhelp: {help}"));
    }
    format!(
        "::{command} file={},line={},col={},title={}::{}",
        escape_property(file),
        diagnostic.pos().line(),
        diagnostic.pos().col(),
        escape_property("primo-events catalog check"),
        escape_data(&message)
    )
}

/// GitHub's escaping of a command's message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// GitHub's escaping of a command's property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// A diagnostic as one JSON object.
fn json(diagnostic: &Diagnostic, file: &str) -> serde_json::Value {
    let severity = match diagnostic.severity() {
        Severity::Error => "error",
        _ => "warning",
    };
    let notes: Vec<serde_json::Value> = diagnostic
        .notes()
        .iter()
        .map(
            |(pos, note)| serde_json::json!({"line": pos.line(), "column": pos.col(), "message": note}),
        )
        .collect();
    serde_json::json!({
        "file": file,
        "line": diagnostic.pos().line(),
        "column": diagnostic.pos().col(),
        "severity": severity,
        "message": diagnostic.message(),
        "notes": notes,
        "help": diagnostic.help(),
    })
}

/// Compares two catalogs, each read leniently, and prints every change with its semver
/// consequence, the most breaking first. [`Status::Problems`] when a file is refused (its
/// diagnostics on stderr) or a change reaches `fail_on`.
pub fn diff(
    old: &Path,
    new: &Path,
    json: bool,
    fail_on: Option<Semver>,
    out: &mut impl Write,
) -> io::Result<Status> {
    let (old_bytes, new_bytes) = (read(old)?, read(new)?);
    let (old_name, new_name) = (old.display().to_string(), new.display().to_string());
    let comparison = match compat::compare_files((&old_name, &old_bytes), (&new_name, &new_bytes)) {
        Ok(comparison) => comparison,
        Err(diagnostics) => {
            say_raw(&diagnostics.to_string());
            return Ok(Status::Problems);
        }
    };
    let output = match json {
        true => comparison.json_lines(),
        false => comparison.text(),
    };
    out.write_all(output.as_bytes())?;
    match (fail_on, comparison.level()) {
        (Some(bar), Some(level)) if level >= bar => {
            out.flush()?;
            say(format_args!("changes at level {level}, --fail-on {bar}"));
            Ok(Status::Problems)
        }
        _ => Ok(Status::Success),
    }
}

/// This build's events in code order: a table, or one JSON object per line with `code`,
/// `name`, `aliases`, `section`, `description` and `note`.
pub fn list(json: bool, out: &mut impl Write) -> io::Result<Status> {
    for event in Event::ALL {
        if json {
            let object = serde_json::json!({
                "code": event.code(),
                "name": event.name(),
                "aliases": event.aliases(),
                "section": event.section(),
                "description": event.description(),
                "note": event.note(),
            });
            writeln!(out, "{object}")?;
        } else {
            let mut line = format!("{:>6}  {}", event.code(), event.name());
            if !event.aliases().is_empty() {
                line.push_str(&format!(" (also {})", event.aliases().join(", ")));
            }
            if let Some(section) = event.section() {
                line.push_str(&format!("  «{section}»"));
            }
            if let Some(description) = event.description() {
                line.push_str(&format!(": {description}"));
            }
            if let Some(note) = event.note() {
                line.push_str(&format!(" [{note}]"));
            }
            writeln!(out, "{line}")?;
        }
    }
    Ok(Status::Success)
}
