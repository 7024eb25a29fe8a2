//! A small tool over a journal export of one JSON record per line, from a file or stdin:
//! counts per event and per classification, or the matching records themselves.
//!
//! ```text
//! cargo run --features journal --example journal -- [OPTIONS] [FILE]
//!
//!   --event NAME|CODE    records of this event (a name, an alias, or any code)
//!   --class CLASS        of this classification: information, error,
//!                        security-incident, correction, or a number
//!   --user LOGIN         of this user (userId)
//!   --since TIME         created at or after TIME, compared as written
//!   --until TIME         created at or before TIME
//!   --operation KEY      the events of one operation, in time order
//!   --json               the matching records as JSON lines, not counts
//! ```
//!
//! Codes this build does not know are counted and listed, never dropped; lines that are
//! no record, and records whose `eventName` names another event, are reported. On a file
//! over 100 MB, a progress line goes to stderr when stderr is a terminal.

#[path = "journal/report.rs"]
mod report;

use std::fs::File;
use std::io::{BufRead, BufReader, IsTerminal, Read};
use std::process::ExitCode;

use report::{Filter, Report};

const USAGE: &str = "usage: journal [--event NAME|CODE] [--class CLASS] [--user LOGIN] \
    [--since TIME] [--until TIME] [--operation KEY] [--json] [FILE]";

fn main() -> ExitCode {
    match run(std::env::args().skip(1)) {
        Ok(output) => {
            print!("{output}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("journal: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(mut args: impl Iterator<Item = String>) -> Result<String, String> {
    let mut filter = Filter::default();
    let (mut json, mut path) = (false, None);
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("{arg} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--event" => {
                let event = value()?;
                filter.event = Some(event.parse().map_err(|e| format!("--event: {e}"))?);
            }
            "--class" => {
                let class = value()?;
                filter.class = Some(class.parse().map_err(|e| format!("--class: {e}"))?);
            }
            "--user" => filter.user = Some(value()?),
            "--since" => filter.since = Some(value()?),
            "--until" => filter.until = Some(value()?),
            "--operation" => filter.operation = Some(value()?),
            "--json" => json = true,
            "-h" | "--help" => return Ok(format!("{USAGE}\n")),
            _ if arg.starts_with('-') => return Err(format!("unknown option {arg}\n{USAGE}")),
            _ if path.is_none() => path = Some(arg),
            _ => return Err(format!("one file at most\n{USAGE}")),
        }
    }
    let input: Box<dyn BufRead> = match &path {
        Some(path) => {
            let file = File::open(path).map_err(|e| format!("{path}: {e}"))?;
            let size = file.metadata().map_or(0, |m| m.len());
            if size > 100 << 20 && std::io::stderr().is_terminal() {
                Box::new(BufReader::new(Progress {
                    inner: file,
                    read: 0,
                    size,
                    shown: 0,
                }))
            } else {
                Box::new(BufReader::new(file))
            }
        }
        None => Box::new(std::io::stdin().lock()),
    };
    let report = Report::read(input, &filter);
    Ok(if json {
        report.json_lines()
    } else if filter.operation.is_some() {
        format!("{}\n{report}", report.timeline())
    } else {
        report.to_string()
    })
}

/// A file that shows on stderr how much of it has been read, every 1%.
struct Progress {
    inner: File,
    read: u64,
    size: u64,
    /// The last percentage shown.
    shown: u64,
}

impl Read for Progress {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        let percent = self.read * 100 / self.size.max(1);
        if percent != self.shown {
            self.shown = percent;
            eprint!(
                "\rread {} of {} MB ({percent}%)",
                self.read >> 20,
                self.size >> 20
            );
            if percent == 100 {
                eprintln!();
            }
        }
        Ok(n)
    }
}
