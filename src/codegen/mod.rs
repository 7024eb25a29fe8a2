//! The generator behind build.rs, in four stages with one job each:
//!
//! 1. [`parse`]: events.md bytes → [`catalog::Catalog`], every entry located (with
//!    [`block`] for code-block lines);
//! 2. [`check`]: the catalog judged as a whole → [`catalog::Checked`];
//! 3. [`layout`]: the lookup tables' every number → [`layout::Layout`];
//! 4. [`emit`]: both printed as Rust source.
//!
//! Problems are [`diagnostic::Diagnostic`]s located in events.md. [`read`] runs the first
//! two stages and [`generate`] all four: build.rs, the tests, the benchmarks and the fuzz
//! targets call these, and include this module tree with `#[path]`.

pub mod block;
pub mod catalog;
pub mod check;
// The compatibility guard: tests and examples/diff.rs use it, build.rs does not.
#[allow(dead_code)]
pub mod compat;
pub mod diagnostic;
pub mod emit;
pub mod layout;
#[macro_use]
#[path = "../lookup.rs"]
pub mod lookup;
pub mod parse;

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
    let internal = |message: String| {
        let message = format!("internal error: {message}; please report this");
        vec![Diagnostic::error(Pos { line: 1, col: 1 }, message)]
    };
    let Some(layout) = layout::layout(&checked) else {
        return Err(internal("no perfect hash of the names was found".into()));
    };
    match emit::emit(&checked, &layout) {
        Ok(source) => Ok(Generated {
            source,
            warnings: diagnostics,
        }),
        Err(e) => Err(internal(format!("the generated code does not parse ({e})"))),
    }
}
