//! The generator behind build.rs: events.md bytes → [`catalog::Catalog`] (parse) →
//! [`catalog::Checked`] (check) → Rust source (emit).
//!
//! build.rs and the tests include these files with `#[path]`, so every stage is tested
//! without running Cargo.

pub mod block;
pub mod catalog;
pub mod check;
// The compatibility guard runs in tests/compat.rs and examples/diff.rs, never in build.rs.
#[allow(dead_code)]
pub mod compat;
pub mod diagnostic;
pub mod emit;
#[path = "../name_hash.rs"]
pub mod name_hash;
pub mod parse;
pub mod table;

use catalog::Checked;
use diagnostic::{Diagnostic, Pos};

/// What a successful run produces.
#[derive(Debug)]
pub struct Generated {
    /// The contents of `OUT_DIR/events.rs`.
    pub source: String,
    /// Problems that do not stop the build.
    pub warnings: Vec<Diagnostic>,
}

/// Reads an events.md: the checked catalog when nothing is an error, and every
/// diagnostic (errors and warnings) in file order.
pub fn read(events_md: &[u8]) -> (Option<Checked>, Vec<Diagnostic>) {
    let (catalog, mut diagnostics) = parse::parse(events_md);
    // An empty catalog after parse errors has nothing to check, and "no events" would
    // only restate the errors.
    let checked = if catalog.entries.is_empty() && !diagnostics.is_empty() {
        None
    } else {
        let (checked, more) = check::check(&catalog);
        diagnostics.extend(more);
        checked
    };
    diagnostics.sort_by_key(|diagnostic| diagnostic.pos);
    let checked = checked.filter(|_| !diagnostics.iter().any(Diagnostic::is_error));
    (checked, diagnostics)
}

/// Generates the Rust source for an events.md, or returns every diagnostic (errors and
/// warnings, in file order) when it has errors.
pub fn generate(events_md: &[u8]) -> Result<Generated, Vec<Diagnostic>> {
    let (checked, diagnostics) = read(events_md);
    let Some(checked) = checked else {
        return Err(diagnostics);
    };
    match emit::emit(&checked) {
        Ok(source) => Ok(Generated {
            source,
            warnings: diagnostics,
        }),
        Err(e) => Err(vec![Diagnostic::error(
            Pos { line: 1, col: 1 },
            format!("internal error: the generated code does not parse ({e}); please report this"),
        )]),
    }
}
