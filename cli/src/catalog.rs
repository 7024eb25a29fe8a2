//! `catalog check`, `catalog diff` and `catalog list`: the generator's reading of any
//! catalog, outside a Rust build, and this build's events for tools outside Rust.

use std::io::{self, Write};
use std::path::Path;

use primo_events::Event;
use primo_events_codegen::compat::{self, Semver};

use crate::Status;
use crate::journal::problems::{say, say_raw};

/// Reads a file whole: catalogs are small. The error names the path.
fn read(path: &Path) -> io::Result<Vec<u8>> {
    std::fs::read(path)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot read {}: {e}", path.display())))
}

/// Checks a catalog as build.rs does: every diagnostic on stderr at `FILE:LINE:COL`, then
/// a line saying what was read. [`Status::Problems`] when any is an error.
pub fn check(path: &Path, out: &mut impl Write) -> io::Result<Status> {
    let bytes = read(path)?;
    let name = path.display().to_string();
    let (checked, diagnostics) = primo_events_codegen::read(&bytes);
    for diagnostic in &diagnostics {
        say_raw(&diagnostic.render(&name));
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    match checked {
        Some(catalog) => {
            writeln!(
                out,
                "{name}: {} events, {} aliases, {} sections; {warnings} warnings",
                catalog.variants.len(),
                catalog.aliases.len(),
                catalog.sections.len(),
            )?;
            Ok(Status::Success)
        }
        None => {
            say(&format!(
                "primo-events: {name}: {errors} errors, {warnings} warnings"
            ));
            Ok(Status::Problems)
        }
    }
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
            say(&format!(
                "primo-events: changes at level {level}, --fail-on {bar}"
            ));
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
