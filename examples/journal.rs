//! Reads Primo RPA AI Server journal records as JSON lines, from a file or stdin, and
//! prints how many of each event it holds:
//!
//! ```text
//! cargo run --features serde --example journal -- tests/fixtures/journal.jsonl
//! ```
//!
//! `event` is decoded through `EventCode`, so codes newer than this crate are counted,
//! not dropped; where a record also carries `eventName`, a disagreement is reported.

#[path = "journal/summary.rs"]
mod summary;

use std::io::{BufRead, BufReader};
use std::process::ExitCode;

fn main() -> ExitCode {
    let input: Box<dyn BufRead> = match std::env::args_os().nth(1) {
        Some(path) => match std::fs::File::open(&path) {
            Ok(file) => Box::new(BufReader::new(file)),
            Err(e) => {
                eprintln!("journal: {}: {e}", path.to_string_lossy());
                return ExitCode::FAILURE;
            }
        },
        None => Box::new(std::io::stdin().lock()),
    };
    match summary::Summary::read(input) {
        Ok(summary) => {
            print!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("journal: {e}");
            ExitCode::FAILURE
        }
    }
}
