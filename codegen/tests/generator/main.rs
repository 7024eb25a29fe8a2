//! The generator's tests, through its public API:
//!
//! - `ui`: every diagnostic and accepted shape, one events.md fixture each in tests/ui/;
//! - `golden`: the generated file of a small catalog against a reviewed copy;
//! - `compat`: catalogs against a record of what was published (events.lock's format);
//! - `diff`: the catalog diff on the pairs in tests/diff/;
//! - `properties`, `pathological`: random and hostile inputs;
//! - `surface`: the crate's public API against `public-api.txt`.
//!
//! The stages themselves (parse, check, layout), which the crate keeps private, are tested
//! inside it (src/tests.rs).
//!
//! Snapshot files (tests/ui, tests/diff, the golden file and public-api.txt) change only
//! deliberately:
//!
//! ```text
//! UPDATE_SNAPSHOTS=1 cargo test --all-features --test generator
//! ```
//!
//! then review their diff in git.

use primo_events_codegen as codegen;

mod compat;
mod diff;
mod golden;
mod pathological;
mod properties;
mod surface;
mod ui;

use std::path::{Path, PathBuf};

use codegen::Checked;

/// Reads `md` with the generator, asserting that it is accepted without a word.
#[track_caller]
fn checked(md: &str) -> Checked {
    let (checked, diagnostics) = codegen::read(md.as_bytes());
    assert_eq!(diagnostics, [], "unexpected diagnostics for:\n{md}");
    checked.expect("a catalog without diagnostics is checked")
}

/// What build.rs reports for `md`, as Cargo shows it: every diagnostic when the file is
/// rejected, its warnings when it is accepted.
fn reported(md: &[u8]) -> String {
    let diagnostics = match codegen::generate(md) {
        Ok(generated) => generated.warnings,
        Err(diagnostics) => diagnostics,
    };
    diagnostics.iter().map(|d| d.render("events.md")).collect()
}

/// The entries of a folder of the crate (`tests/ui`), in name order.
fn listing(folder: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    paths.sort();
    paths
}

/// Whether the snapshot files are being rewritten rather than compared.
fn updating_snapshots() -> bool {
    std::env::var_os("UPDATE_SNAPSHOTS").is_some()
}

/// Compares `actual` with the snapshot file at `path`, or rewrites the file when
/// `UPDATE_SNAPSHOTS` is set. The error says what differs.
fn snapshot(path: &Path, actual: &str) -> Result<(), String> {
    if updating_snapshots() {
        std::fs::write(path, actual).map_err(|e| format!("{}: {e}", path.display()))?;
        return Ok(());
    }
    let expected = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "{}: {e}; create it with UPDATE_SNAPSHOTS=1 cargo test --all-features --test generator",
            path.display()
        )
    })?;
    if actual == expected {
        return Ok(());
    }
    let line = actual
        .lines()
        .zip(expected.lines())
        .position(|(a, e)| a != e)
        .unwrap_or_else(|| actual.lines().count().min(expected.lines().count()));
    Err(format!(
        "{} differs from line {}:\n  expected: {:?}\n  actual:   {:?}\n\
         if the change is intended, run UPDATE_SNAPSHOTS=1 cargo test --all-features --test generator and review the diff",
        path.display(),
        line + 1,
        expected.lines().nth(line),
        actual.lines().nth(line),
    ))
}
