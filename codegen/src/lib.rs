//! The generator behind [primo-events](https://docs.rs/primo-events): reads a markdown
//! catalog of Primo RPA AI Server events (`events.md`), checks it as a whole, lays out
//! its lookup tables and writes the Rust source of the `Event` enum. It is to
//! primo-events what prost-build is to prost: primo-events' build.rs calls [`generate`];
//! tools call [`read`] to check a catalog, and (feature `compat`) `compat` to compare
//! two.
//!
//! ```
//! let md = "| Code | Event | Description |\n| --- | --- | --- |\n| 2001 | Login | Sign-in |\n";
//! let generated = primo_events_codegen::generate(md.as_bytes()).unwrap();
//! assert!(generated.source.starts_with("// @generated"));
//!
//! let (_, problems) = primo_events_codegen::read(b"| Code | Event |\n| --- | --- |\n| 1 | A |\n| 1 | B |\n");
//! assert_eq!(
//!     problems[0].render("events.md"),
//!     "error: events.md:4:3: code `1` of `B` is already used by `A`\n\
//!      error:   note: events.md:3:3: `A` has code `1` here\n\
//!      error:   help: if both names stand for one event, write `A` in place of `1` to make `B` its alias\n"
//! );
//! ```
//!
//! Inside, data flows one way through private stages, as in prost-build: parse (bytes →
//! a catalog of located entries), check (the catalog judged as a whole → [`Checked`]),
//! layout (every number of the lookup tables), emit (both printed as Rust source). What
//! they share with users is their result: [`Checked`], read through accessors, and
//! [`Diagnostic`]s located in the catalog (`events.md:LINE:COL`), every one reported at
//! once, never a panic. The public surface is pinned by a test (`public-api.txt`), so a
//! change to it is a deliberate one.
//!
//! # Features
//!
//! - `format`: the generated file formatted by prettyplease, as people read it (the
//!   golden file of the tests). Without it the file is one token stream, which rustc
//!   reads as well and which spares every build of primo-events compiling syn and
//!   prettyplease.
//! - `compat`: the modules `compat` and `lenient`, comparing catalogs: the compatibility
//!   guard over `events.lock`, and the catalog diff, which reads the vendor's documents as
//!   published.

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// The arithmetic of the tables (see LOOKUP_SOURCE). First: the modules below use its
// macro.
#[macro_use]
mod lookup;

mod block;
mod catalog;
mod check;
#[cfg(feature = "compat")]
#[cfg_attr(docsrs, doc(cfg(feature = "compat")))]
pub mod compat;
mod diagnostic;
mod emit;
mod layout;
#[cfg(feature = "compat")]
#[cfg_attr(docsrs, doc(cfg(feature = "compat")))]
pub mod lenient;
mod parse;
#[cfg(test)]
mod tests;

pub use catalog::{Alias, Checked, Docs, Variant};
pub use check::RESERVED;
pub use diagnostic::{Diagnostic, Pos, Severity};

use check::check;
use emit::emit;
use parse::parse;

/// The source of the arithmetic of the lookup tables: primo-events' build.rs writes it
/// next to the generated file and the library includes it, so that every position the
/// library computes and every position the generator fills come from one file.
///
/// # Codes
///
/// The generator picks one of three layouts for the table from code to event: dense (one
/// entry per code from the smallest on), two-level (the code's high bits pick a block of
/// entries, its low bits the entry), or, for codes strewn over all of `u32`, hashed (a
/// perfect hash of the codes, checked against the code found).
///
/// # Names
///
/// A name's hash reads five 8-byte words (its first 16 bytes, the 8 in its middle and
/// its last 16) and its length, so hashing costs the same for every name; the generator
/// falls back to hashing every byte when those samples do not tell the catalog's names
/// apart. Letters are folded to lower case, so one table serves exact and
/// case-insensitive lookups: the final string comparison decides which.
///
/// The table is PTHash-like: the hash picks a bucket, the bucket's *pilot* perturbs the
/// hash, and the result picks the slot, chosen at build time so that no two names share
/// one.
pub const LOOKUP_SOURCE: &str = include_str!("lookup.rs");

/// What a successful run produces.
#[derive(Debug)]
#[non_exhaustive]
pub struct Generated {
    /// The contents of `OUT_DIR/events.rs`.
    pub source: String,
    /// Problems that do not stop the build.
    pub warnings: Vec<Diagnostic>,
}

/// Reads a catalog: the checked catalog when nothing is an error, and every diagnostic
/// (errors and warnings) in file order.
pub fn read(events_md: &[u8]) -> (Option<Checked>, Vec<Diagnostic>) {
    let (catalog, diagnostics) = parse(events_md);
    judge(&catalog, diagnostics)
}

/// A parsed catalog checked: the checked catalog when nothing is an error, and the parse
/// stage's `diagnostics` with the check's, in file order.
fn judge(
    catalog: &catalog::Catalog,
    mut diagnostics: Vec<Diagnostic>,
) -> (Option<Checked>, Vec<Diagnostic>) {
    // An empty catalog after parse errors has nothing to check, and "no events" would
    // only restate the errors.
    let checked = if catalog.entries.is_empty() && !diagnostics.is_empty() {
        None
    } else {
        let (checked, more) = check(catalog);
        diagnostics.extend(more);
        checked
    };
    diagnostics.sort_by_key(|diagnostic| diagnostic.pos);
    let checked = checked.filter(|_| !diagnostics.iter().any(Diagnostic::is_error));
    (checked, diagnostics)
}

/// Generates the Rust source for a catalog, or returns every diagnostic (errors and
/// warnings, in file order) when it has errors.
pub fn generate(events_md: &[u8]) -> Result<Generated, Vec<Diagnostic>> {
    let (checked, diagnostics) = read(events_md);
    let Some(checked) = checked else {
        return Err(diagnostics);
    };
    let Some(layout) = layout::layout(&checked) else {
        let message = "internal error: no perfect hash of the names was found; please report this";
        return Err(vec![Diagnostic::error(Pos { line: 1, col: 1 }, message)]);
    };
    Ok(Generated {
        source: emit(&checked, &layout),
        warnings: diagnostics,
    })
}
