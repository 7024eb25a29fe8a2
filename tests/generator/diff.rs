//! examples/diff.rs on pairs of catalogs, one kind of change each: `tests/diff/CASE/`
//! holds `old.md`, `new.md` and what `cargo run --example diff -- old.md new.md` prints
//! there, `expected.stdout` when both files are read, `expected.stderr` when one is
//! rejected (.ci/run runs the example on them for real). After a deliberate change:
//!
//! ```text
//! UPDATE_SNAPSHOTS=1 cargo test --test generator diff
//! ```

use crate::codegen::compat::{self, Change};
use crate::{checked, listing, snapshot, updating_snapshots};

#[test]
fn each_kind_of_change_is_reported_with_its_semver_level() {
    let cases = listing("tests/diff");
    assert_eq!(cases.len(), 6, "{cases:?}");
    for case in cases {
        let old = std::fs::read(case.join("old.md")).unwrap();
        let new = std::fs::read(case.join("new.md")).unwrap();
        let (actual, file, stale) = match compat::diff_files(("old.md", &old), ("new.md", &new)) {
            Ok(report) => (report, "expected.stdout", "expected.stderr"),
            Err(diagnostics) => (diagnostics, "expected.stderr", "expected.stdout"),
        };
        if updating_snapshots() {
            let _ = std::fs::remove_file(case.join(stale));
        }
        assert!(
            !case.join(stale).exists(),
            "{}: {stale} is stale",
            case.display()
        );
        if let Err(difference) = snapshot(&case.join(file), &actual) {
            panic!("{difference}");
        }
    }
}

/// The catalog of 2024 (the seed, its double 15800 written as an alias) against the
/// shipped one: the vendor's 2025-01 events are additions, and nothing is lost.
#[test]
fn the_shipped_catalog_only_adds_to_the_2024_one() {
    let old = checked(include_str!("../fixtures/events-2024.md"));
    let new = checked(include_str!("../../events.md"));
    let changes = compat::diff(&old, &new);
    assert_eq!(changes.len(), 83, "{changes:#?}");
    assert!(
        changes
            .iter()
            .all(|c| matches!(c, Change::Added { alias_of: None, .. })),
        "{changes:#?}"
    );
}
