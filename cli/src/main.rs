//! `primo-events`: see `primo-events --help`. A binary, its modules private: programs use
//! the `primo-events` crate; the tests run the binary.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser as _;

mod args;
mod catalog;
mod decode;
mod journal;
mod report;
mod run;

use args::Cli;
use run::{Status, run, stdout};

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // --help, --version: to stdout, a success (a closed pipe is no matter here).
        Err(request) if !request.use_stderr() => {
            let _ = request.print();
            return ExitCode::SUCCESS;
        }
        // A usage error: clap's message and usage, as the tool's other errors begin.
        Err(usage) => {
            let text = usage.render().to_string();
            match text.strip_prefix("error: ") {
                Some(message) => report::say(message.trim_end()),
                // A command without its subcommand: its help.
                None => report::say_raw(&text),
            }
            return ExitCode::from(Status::Failed as u8);
        }
    };
    let mut out = stdout();
    let result = run(cli, &mut out).and_then(|status| out.flush().map(|()| status));
    let status = match result {
        Ok(status) => status,
        // `… | head`: the reader has all it wants; end quietly.
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Status::Success,
        Err(error) => {
            report::say(error);
            Status::Failed
        }
    };
    ExitCode::from(status as u8)
}

/// glibc gives large freed blocks back to the kernel at once and maps fresh ones on the
/// next allocation: for the export, which frees and allocates row groups' buffers on
/// several threads, that was a third of its time in page faults (1.0 s of system time of
/// 2.5 s on 1.2 GB; 0.35 s with these settings). Keeping up to 256 MB and mapping only
/// blocks over 32 MB costs nothing elsewhere.
///
/// Measured against a global allocator crate (benches/README.md, 1.2 GB, 3 alternating
/// runs, medians): export 5.32 s / 133 MB peak with these settings, 5.49 s / 118 MB
/// without, 5.88 s / 265 MB with mimalloc 0.1.52; stats 1.59 s / 16 MB, 1.76 s / 16 MB,
/// 1.56 s / 26 MB. Two lines of FFI beat a C dependency that doubles the peak.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn keep_freed_memory() {
    use std::ffi::c_int;
    unsafe extern "C" {
        /// glibc's `mallopt(3)`.
        fn mallopt(param: c_int, value: c_int) -> c_int;
    }
    const M_TRIM_THRESHOLD: c_int = -1;
    const M_MMAP_THRESHOLD: c_int = -3;
    // SAFETY: mallopt only sets allocator parameters; it is called before any thread
    // starts, and a value it refuses leaves the defaults.
    unsafe {
        mallopt(M_TRIM_THRESHOLD, 256 << 20);
        mallopt(M_MMAP_THRESHOLD, 32 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn keep_freed_memory() {}
