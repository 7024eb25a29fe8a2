//! Every `tests/ui/NAME.md` is run through the generator, as build.rs runs it on events.md.
//! `NAME.stderr` holds the exact diagnostics it gives (empty when there are none), and,
//! when the file is accepted, `NAME.events` lists what was read: one line per entry,
//! `code name`, then `= Target` for an alias, then description, note and section.
//!
//! After a deliberate change, rewrite the expected files and review their diff:
//!
//! ```text
//! UPDATE_SNAPSHOTS=1 cargo test --test ui
//! ```

#[allow(dead_code)] // build.rs uses parts of the generator that these tests do not.
#[path = "../src/codegen/mod.rs"]
mod codegen;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use codegen::catalog::{Checked, Docs};
use codegen::diagnostic::{Diagnostic, Severity};

/// The lines Cargo shows for the diagnostics of a build script (less the package name).
fn stderr(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| {
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            format!("{severity}: {}\n", d.render("events.md"))
        })
        .collect()
}

/// What a checked catalog holds, entry by entry, in code order.
fn events(catalog: &Checked) -> String {
    let mut lines: Vec<(u32, String)> = Vec::new();
    let line = |head: String, docs: &Docs| {
        let field = |text: &Option<String>| text.clone().unwrap_or_default();
        format!(
            "{head} | {} | {} | {}\n",
            field(&docs.description),
            field(&docs.note),
            field(&docs.section)
        )
    };
    for event in &catalog.events {
        let head = format!("{} {}", event.code, event.name);
        lines.push((event.code, line(head, &event.docs)));
    }
    for alias in &catalog.aliases {
        let struck = if alias.deprecated {
            " (deprecated)"
        } else {
            ""
        };
        let head = format!("{} {} = {}{struck}", alias.code, alias.name, alias.target);
        lines.push((alias.code, line(head, &alias.docs)));
    }
    lines.sort_by_key(|(code, _)| *code);
    lines.into_iter().map(|(_, line)| line).collect()
}

/// The expected files of one fixture, and what the generator gives for it.
fn outcome(md: &Path) -> Vec<(PathBuf, String)> {
    let bytes = std::fs::read(md).unwrap();
    // What build.rs prints: all diagnostics when the file is rejected, else its warnings.
    let (checked, diagnostics) = codegen::read(&bytes);
    if checked.is_some() {
        let generated = codegen::generate(&bytes).expect("a checked catalog is emitted");
        assert_eq!(generated.warnings, diagnostics);
    }
    let mut files = vec![(md.with_extension("stderr"), stderr(&diagnostics))];
    if let Some(checked) = checked {
        files.push((md.with_extension("events"), events(&checked)));
    }
    files
}

#[test]
fn ui() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 10, "fixtures in {}", dir.display());
    let mut failures = String::new();
    for md in &fixtures {
        let expected_files = outcome(md);
        // A `.events` file left from when the fixture was accepted is stale.
        let events = md.with_extension("events");
        if !expected_files.iter().any(|(path, _)| *path == events) && events.exists() {
            if update {
                std::fs::remove_file(&events).unwrap();
            } else {
                let _ = writeln!(
                    failures,
                    "{} is stale: the file is rejected",
                    events.display()
                );
            }
        }
        for (path, actual) in expected_files {
            if update {
                std::fs::write(&path, &actual).unwrap();
                continue;
            }
            let Ok(expected) = std::fs::read_to_string(&path) else {
                let _ = writeln!(failures, "{} is missing", path.display());
                continue;
            };
            if actual != expected {
                let _ = writeln!(
                    failures,
                    "--- {}\nexpected:\n{expected}actual:\n{actual}",
                    path.display()
                );
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{failures}\nif the change is intended, run UPDATE_SNAPSHOTS=1 cargo test --test ui and review the diff"
    );
}
