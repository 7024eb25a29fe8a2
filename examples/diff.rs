//! Compares two versions of an events catalog (events.md, or the vendor's documents as
//! published), by code and name, and prints every change with its semver consequence for
//! this crate, the most breaking first:
//!
//! ```text
//! cargo run --example diff -- [--json] [--fail-on major|minor|patch] OLD.md NEW.md
//! ```
//!
//! Each file is read leniently (`primo_events_codegen::lenient`): what the build would
//! refuse but a comparison can read (a second name for a code, an event listed twice, a
//! line outside any table) is a note, and the comparison goes on. `--json` prints one
//! JSON object per line, per note and per change.
//!
//! Exits with 0 when the files were compared, 1 when either is refused (no readable
//! event, not UTF-8: its diagnostics go to stderr) or when `--fail-on` meets a change of
//! that level or above, and 2 on a usage or I/O error.

use std::io::Write;
use std::process::ExitCode;

use primo_events_codegen::compat::{self, Semver};

const USAGE: &str = "usage: diff [--json] [--fail-on major|minor|patch] OLD.md NEW.md";

fn main() -> ExitCode {
    match run(std::env::args_os().skip(1)) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("diff: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(mut args: impl Iterator<Item = std::ffi::OsString>) -> Result<ExitCode, String> {
    let (mut json, mut fail_on, mut paths) = (false, None, Vec::new());
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("--json") => json = true,
            Some("--fail-on") => {
                let level = args.next().ok_or(USAGE)?;
                fail_on = Some(match level.to_str() {
                    Some("major") => Semver::Major,
                    Some("minor") => Semver::Minor,
                    Some("patch") => Semver::Patch,
                    _ => return Err(format!("--fail-on takes major, minor or patch\n{USAGE}")),
                });
            }
            Some(flag) if flag.starts_with("--") => {
                return Err(format!("unknown option {flag}\n{USAGE}"));
            }
            _ => paths.push(std::path::PathBuf::from(arg)),
        }
    }
    let [old, new] = &paths[..] else {
        return Err(USAGE.to_owned());
    };
    let read = |path: &std::path::Path| {
        std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    let (old_bytes, new_bytes) = (read(old)?, read(new)?);
    let (old_name, new_name) = (old.display().to_string(), new.display().to_string());
    let comparison = match compat::compare_files((&old_name, &old_bytes), (&new_name, &new_bytes)) {
        Ok(comparison) => comparison,
        Err(diagnostics) => {
            eprint!("{diagnostics}");
            return Ok(ExitCode::from(1));
        }
    };
    let output = if json {
        comparison.json_lines()
    } else {
        comparison.text()
    };
    // A closed pipe (`| head`) ends the output quietly.
    let _ = std::io::stdout().lock().write_all(output.as_bytes());
    match (fail_on, comparison.level()) {
        (Some(bar), Some(level)) if level >= bar => {
            eprintln!("diff: changes at level {level}, --fail-on {bar}");
            Ok(ExitCode::from(1))
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}
