//! `primo-events`: see `primo-events --help`.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use primo_events_cli::args::Cli;
use primo_events_cli::{Status, run, stdout};

fn main() -> ExitCode {
    // clap prints usage errors and exits with 2, help and version with 0.
    let cli = Cli::parse();
    let mut out = stdout();
    let result = run(cli, &mut out).and_then(|status| out.flush().map(|()| status));
    let status = match result {
        Ok(status) => status,
        // `… | head`: the reader has all it wants; end quietly.
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Status::Success,
        Err(error) => {
            eprintln!("primo-events: {error}");
            Status::Failed
        }
    };
    ExitCode::from(status as u8)
}
