//! examples/diff.rs on pairs of catalogs, one kind of change each: `tests/diff/CASE/`
//! holds `old.md`, `new.md` and what `cargo run --example diff -- old.md new.md` prints
//! there, `expected.stdout` when both files are read, `expected.stderr` when one is
//! rejected (.ci/run runs the example on them for real). After a deliberate change:
//!
//! ```text
//! UPDATE_SNAPSHOTS=1 cargo test --test diff
//! ```

#[allow(dead_code)] // build.rs uses parts of the generator that these tests do not.
#[path = "../src/codegen/mod.rs"]
mod codegen;

use std::path::Path;

use codegen::compat::{self, Change};

#[test]
fn each_kind_of_change_is_reported_with_its_semver_level() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    cases.sort();
    assert_eq!(cases.len(), 6, "{cases:?}");
    for case in cases {
        let old = std::fs::read(case.join("old.md")).unwrap();
        let new = std::fs::read(case.join("new.md")).unwrap();
        let (actual, file, stale) = match compat::diff_files(("old.md", &old), ("new.md", &new)) {
            Ok(report) => (report, "expected.stdout", "expected.stderr"),
            Err(diagnostics) => (diagnostics, "expected.stderr", "expected.stdout"),
        };
        if update {
            std::fs::write(case.join(file), &actual).unwrap();
            let _ = std::fs::remove_file(case.join(stale));
            continue;
        }
        assert!(
            !case.join(stale).exists(),
            "{}: {stale} is stale",
            case.display()
        );
        let expected = std::fs::read_to_string(case.join(file))
            .unwrap_or_else(|e| panic!("{}/{file}: {e}", case.display()));
        assert_eq!(
            actual,
            expected,
            "{}: run UPDATE_SNAPSHOTS=1 cargo test --test diff if intended",
            case.display()
        );
    }
}

fn read(md: &[u8]) -> codegen::catalog::Checked {
    let (checked, diagnostics) = codegen::read(md);
    checked.unwrap_or_else(|| panic!("{diagnostics:#?}"))
}

/// The catalog of 2024 (the seed, its double 15800 written as an alias) against the
/// shipped one: the vendor's 2025-01 events are additions, and nothing is lost.
#[test]
fn the_shipped_catalog_only_adds_to_the_2024_one() {
    let old = read(include_bytes!("fixtures/events-2024.md"));
    let new = read(include_bytes!("../events.md"));
    let changes = compat::diff(&old, &new);
    assert_eq!(changes.len(), 83, "{changes:#?}");
    assert!(
        changes
            .iter()
            .all(|c| matches!(c, Change::Added { alias_of: None, .. })),
        "{changes:#?}"
    );
}
