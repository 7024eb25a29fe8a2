//! `decode`: what the catalog says of codes and names.

use std::io::{self, Write};

use primo_events::Event;

use crate::Status;

/// One line per argument: a number is decoded as a code, anything else as a name or
/// alias. A code this build does not know is an answer (a newer server's event); a name
/// it does not know is a problem ([`Status::Problems`]), most likely a typo.
pub fn decode(args: &[String], out: &mut impl Write) -> io::Result<Status> {
    let mut status = Status::Success;
    for arg in args {
        let line = match arg.parse::<u32>() {
            Ok(code) => Event::try_from(code).map_err(|e| e.to_string()),
            Err(_) => arg.parse::<Event>().map_err(|e| {
                status = Status::Problems;
                e.to_string()
            }),
        }
        .map_or_else(|error| error, |event| describe(event, arg));
        writeln!(out, "{arg:<20} → {line}")?;
    }
    Ok(status)
}

/// `TrainProcessCompletedError (code 15801, section «...»): description`.
fn describe(event: Event, arg: &str) -> String {
    let mut line = format!("{event} (code {}", event.code());
    if let Some(section) = event.section() {
        line.push_str(&format!(", section «{section}»"));
    }
    line.push(')');
    if event.name() != arg && arg.parse::<u32>().is_err() {
        line.push_str(&format!(", {arg} is its alias"));
    }
    if let Some(description) = event.description() {
        line.push_str(&format!(": {description}"));
    }
    line
}
