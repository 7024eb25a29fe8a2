//! Generates `OUT_DIR/events.rs` from events.md with primo-events-codegen, and writes the
//! lookup arithmetic the library shares with it next to it. Mistakes in events.md are
//! reported as `cargo::error=events.md:LINE:COL: ...`, all of them, and fail the build.

use std::path::PathBuf;

use anyhow::Context;

const EVENTS_MD: &str = "events.md";

fn main() -> anyhow::Result<()> {
    println!("cargo::rerun-if-changed={EVENTS_MD}");
    println!("cargo::rerun-if-changed=build.rs");

    let manifest_dir = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").context("CARGO_MANIFEST_DIR is not set")?,
    );
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").context("OUT_DIR is not set")?);
    let path = manifest_dir.join(EVENTS_MD);
    let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;

    // cargo::error fails the build once the script exits; exiting with success keeps
    // Cargo from adding a backtrace-like dump of the script's output.
    let (source, diagnostics) = match primo_events_codegen::generate(&bytes) {
        Ok(generated) => (Some(generated.source), generated.warnings),
        Err(diagnostics) => (None, diagnostics),
    };
    for diagnostic in &diagnostics {
        for line in diagnostic.lines(EVENTS_MD) {
            println!("cargo::{}={line}", diagnostic.severity());
        }
    }
    if let Some(source) = source {
        write(&out_dir.join("events.rs"), &source)?;
        write(
            &out_dir.join("lookup.rs"),
            primo_events_codegen::LOOKUP_SOURCE,
        )?;
    }
    Ok(())
}

fn write(path: &std::path::Path, contents: &str) -> anyhow::Result<()> {
    std::fs::write(path, contents).with_context(|| format!("cannot write {}", path.display()))
}
