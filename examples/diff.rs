//! Compares two versions of the vendor's events catalog, read with the generator's own
//! parser and checker, and prints every change by code and name with its semver
//! consequence for this crate, the most breaking first:
//!
//! ```text
//! cargo run --example diff -- OLD.md NEW.md
//! ```
//!
//! Exits with 1, after the diagnostics, when either file is rejected, and with 2 on a
//! usage or I/O error.

// The generator's modules, as build.rs compiles them; the diff uses its reading stages.
#[allow(dead_code)]
#[path = "../src/codegen/mod.rs"]
mod codegen;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [old, new] = &args[..] else {
        eprintln!("usage: diff OLD.md NEW.md");
        return ExitCode::from(2);
    };
    let read = |path: &String| {
        std::fs::read(path).map_err(|e| eprintln!("error: cannot read {path}: {e}"))
    };
    let (Ok(old_bytes), Ok(new_bytes)) = (read(old), read(new)) else {
        return ExitCode::from(2);
    };
    match codegen::compat::diff_files((old, &old_bytes), (new, &new_bytes)) {
        Ok(report) => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            eprint!("{diagnostics}");
            ExitCode::from(1)
        }
    }
}
