//! `decode`: what the catalog says of codes and names.

use std::io::{self, Write};

use primo_events::{Event, EventCode};

use crate::run::Status;

/// One line per argument: a code (decimal, or hex as catalogs write it: `0x7D1`) is
/// decoded as a code, anything else as a name or alias. A code this build does not know
/// is an answer (a newer server's event); a name it does not know, or a number no code
/// can be, is a problem ([`Status::Problems`]), most likely a typo.
pub fn decode(args: &[String], out: &mut impl Write) -> io::Result<Status> {
    let mut status = Status::Success;
    for arg in args {
        let line = match code_or_name(arg) {
            Ok(code) => match code.event() {
                Some(event) => describe(event, arg),
                None => format!("unknown event code {}", code.get()),
            },
            Err(error) => {
                status = Status::Problems;
                error
            }
        };
        writeln!(out, "{arg:<20} → {line}")?;
    }
    Ok(status)
}

/// A code, decimal or `0x` hex (known to this build or not), or the name or alias of an
/// event: what `decode` and `--event` take.
pub fn code_or_name(text: &str) -> Result<EventCode, String> {
    let hex = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X"));
    let (digits, radix) = match hex {
        Some(digits) => (digits, 16),
        None => (text, 10),
    };
    let is_number = !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix));
    if is_number {
        return u32::from_str_radix(digits, radix)
            .map(EventCode::new)
            .map_err(|_| {
                format!(
                    "{text} is no event code: codes are 32-bit (up to {})",
                    u32::MAX
                )
            });
    }
    text.parse::<Event>()
        .map(EventCode::from)
        .map_err(|error| error.to_string())
}

/// `TrainProcessCompletedError (code 15801, section «...»): description`.
fn describe(event: Event, arg: &str) -> String {
    let mut line = format!("{event} (code {}", event.code());
    if let Some(section) = event.section() {
        line.push_str(&format!(", section «{section}»"));
    }
    line.push(')');
    if event.name() != arg && code_or_name(arg).is_ok_and(|_| arg.parse::<Event>().is_ok()) {
        line.push_str(&format!(", {arg} is its alias"));
    }
    if let Some(description) = event.description() {
        line.push_str(&format!(": {description}"));
    }
    line
}
