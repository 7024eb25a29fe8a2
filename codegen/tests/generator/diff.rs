//! The catalog diff on pairs of catalogs, one kind of change or one shape of the vendor's
//! documents each: `tests/diff/CASE/` holds `old.md`, `new.md` and what the diff prints
//! there: `expected.stdout` and `expected.json` (its `--json` form) when both files are
//! read, `expected.stderr` when one is refused (primo-events' .ci/run runs its diff
//! example on them for real). After a deliberate change:
//!
//! ```text
//! UPDATE_SNAPSHOTS=1 cargo test --all-features --test generator diff
//! ```

use crate::codegen::compat;
use crate::{listing, snapshot, updating_snapshots};

#[test]
fn each_case_prints_what_its_expected_files_say() {
    let cases = listing("tests/diff");
    assert!(cases.len() >= 10, "{cases:?}");
    let mut failures = Vec::new();
    for case in cases {
        let old = std::fs::read(case.join("old.md")).unwrap();
        let new = std::fs::read(case.join("new.md")).unwrap();
        let (outputs, stale) = match compat::compare_files(("old.md", &old), ("new.md", &new)) {
            Ok(comparison) => (
                vec![
                    ("expected.stdout", comparison.text()),
                    ("expected.json", comparison.json_lines()),
                ],
                vec!["expected.stderr"],
            ),
            Err(diagnostics) => (
                vec![("expected.stderr", diagnostics)],
                vec!["expected.stdout", "expected.json"],
            ),
        };
        for file in stale {
            if updating_snapshots() {
                let _ = std::fs::remove_file(case.join(file));
            }
            if case.join(file).exists() {
                failures.push(format!("{}: {file} is stale", case.display()));
            }
        }
        for (file, actual) in outputs {
            failures.extend(snapshot(&case.join(file), &actual).err());
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every `--json` line is one JSON object with the fields the README lists.
#[test]
fn json_lines_are_objects_with_the_documented_fields() {
    for case in listing("tests/diff") {
        let Ok(json) = std::fs::read_to_string(case.join("expected.json")) else {
            continue;
        };
        for line in json.lines() {
            let value: serde_json::Value = serde_json::from_str(line).expect(line);
            let object = value.as_object().expect(line);
            if object.contains_key("note") {
                for field in ["file", "line", "column", "message"] {
                    assert!(object.contains_key(field), "{line}");
                }
            } else {
                for field in ["change", "level", "code", "name", "section", "message"] {
                    assert!(object.contains_key(field), "{line}");
                }
            }
        }
    }
}
