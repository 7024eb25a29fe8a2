//! The compatibility guard on the shipped catalog: events.md against events.lock, the
//! record of every published `code name`. A rename, renumbering or removal fails here;
//! additions pass and are recorded deliberately, before a release:
//!
//! ```text
//! UPDATE_EVENTS_LOCK=1 cargo test --test compat
//! ```

use primo_events_codegen::Checked;
use primo_events_codegen::compat::{self, Semver};
use primo_events_codegen::lenient;

const LOCK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/events.lock");

/// The shipped events.md, read by the generator as build.rs reads it.
fn shipped() -> Checked {
    let (checked, diagnostics) = primo_events_codegen::read(include_bytes!("../events.md"));
    checked.unwrap_or_else(|| panic!("events.md is rejected: {diagnostics:#?}"))
}

#[test]
fn the_catalog_keeps_every_published_event() {
    let catalog = shipped();
    if std::env::var_os("UPDATE_EVENTS_LOCK").is_some() {
        std::fs::write(LOCK, compat::render(&catalog)).expect("write events.lock");
        return;
    }
    let lock = std::fs::read_to_string(LOCK).expect("events.lock");
    let changes = compat::compare(&lock, &catalog);
    assert!(
        changes.breaking.is_empty(),
        "events.md breaks what events.lock has published:\n{}",
        changes.breaking.join("\n")
    );
    if !changes.added.is_empty() {
        println!(
            "note: {} events are not in events.lock yet; record them with \
             UPDATE_EVENTS_LOCK=1 cargo test --test compat",
            changes.added.len()
        );
    }
}

/// The vendor's catalog of 2024 as published (its second 15800 read as an alias) against
/// the shipped one: whatever was added since, nothing of 2024 is lost or broken.
#[test]
fn the_shipped_catalog_breaks_nothing_of_the_2024_one() {
    let old = lenient::read(include_bytes!("fixtures/vendor-2024.md")).expect("it reads");
    let changes = compat::diff(&old.catalog, &shipped());
    let breaking: Vec<String> = changes
        .iter()
        .filter(|change| change.semver() == Semver::Major)
        .map(ToString::to_string)
        .collect();
    assert_eq!(breaking, Vec::<String>::new());
}
