//! Generates `OUT_DIR/events.rs` from events.md. Mistakes in events.md are reported as
//! `cargo::error=events.md:LINE:COL: ...`, all of them, and fail the build.

#[path = "src/codegen/mod.rs"]
mod codegen;

use std::path::PathBuf;

use anyhow::Context;

const EVENTS_MD: &str = "events.md";

fn main() -> anyhow::Result<()> {
    println!("cargo::rerun-if-changed={EVENTS_MD}");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/codegen");

    let manifest_dir = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").context("CARGO_MANIFEST_DIR is not set")?,
    );
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").context("OUT_DIR is not set")?);
    let path = manifest_dir.join(EVENTS_MD);
    let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;

    match codegen::generate(&bytes) {
        Ok(generated) => {
            for warning in &generated.warnings {
                println!("cargo::warning={}", warning.render(EVENTS_MD));
            }
            let out = out_dir.join("events.rs");
            std::fs::write(&out, generated.source)
                .with_context(|| format!("cannot write {}", out.display()))?;
        }
        Err(diagnostics) => {
            // cargo::error fails the build once the script exits; exiting with success
            // keeps Cargo from adding a backtrace-like dump of the script's output.
            for diagnostic in &diagnostics {
                let kind = if diagnostic.is_error() {
                    "error"
                } else {
                    "warning"
                };
                println!("cargo::{kind}={}", diagnostic.render(EVENTS_MD));
            }
        }
    }
    Ok(())
}
