//! The one place the tool writes to stderr: its errors, the problems of its inputs and its
//! notes, each after the program's name (`primo-events: PATH, line 3, column 1: ...`),
//! as ripgrep reports. Nothing here fails: a stderr that is closed or full loses the
//! message, never the run.

use std::fmt::Display;
use std::io::Write;

/// Writes `text` as a line of its own, after the program's name.
pub fn say(text: impl Display) {
    let _ = writeln!(std::io::stderr().lock(), "primo-events: {text}");
}

/// Writes `text` as it is: lines that carry their own heading (a catalog's diagnostics,
/// `error: events.md:4:3: ...`) or none (a command's help).
pub fn say_raw(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}
