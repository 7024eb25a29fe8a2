//! Every `tests/ui/NAME.md` through the generator, as build.rs runs it on events.md (as
//! trybuild does with Rust files): `NAME.stderr` holds exactly what Cargo shows for it,
//! less the package name (empty when nothing is reported), and, when the file is
//! accepted, `NAME.events` lists what was read, one line per name: `code name`, then
//! `= Target` for an alias, then description, note and section. Only byte-level inputs
//! (BOM, CRLF, tabs, invalid UTF-8) are tested as code, in the crate's src/tests.rs.

use std::path::PathBuf;

use crate::codegen::{Checked, Docs};
use crate::{codegen, listing, reported, snapshot, updating_snapshots};

/// What a checked catalog holds, name by name, in code order.
fn events(catalog: &Checked) -> String {
    let line = |head: String, docs: &Docs| {
        let deprecated = if docs.deprecated() {
            " (deprecated)"
        } else {
            ""
        };
        format!(
            "{head}{deprecated} | {} | {} | {}\n",
            docs.description().unwrap_or_default(),
            docs.note().unwrap_or_default(),
            docs.section().unwrap_or_default()
        )
    };
    let variants = catalog.variants().iter().map(|v| {
        let head = format!("{} {}", v.code(), v.name());
        (v.code(), line(head, v.docs()))
    });
    let aliases = catalog.aliases().iter().map(|a| {
        let head = format!("{} {} = {}", a.code(), a.name(), a.target());
        (a.code(), line(head, a.docs()))
    });
    let mut lines: Vec<(u32, String)> = variants.chain(aliases).collect();
    lines.sort_by_key(|(code, _)| *code);
    lines.into_iter().map(|(_, line)| line).collect()
}

#[test]
fn every_fixture_reports_what_its_stderr_says() {
    let fixtures: Vec<PathBuf> = listing("tests/ui")
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    assert!(
        fixtures.len() >= 30,
        "{} fixtures in tests/ui",
        fixtures.len()
    );
    let mut failures = Vec::new();
    for md in &fixtures {
        let bytes = std::fs::read(md).unwrap();
        let mut result = snapshot(&md.with_extension("stderr"), &reported(&bytes));
        let events_file = md.with_extension("events");
        match codegen::read(&bytes).0 {
            Some(checked) => result = result.and(snapshot(&events_file, &events(&checked))),
            None if events_file.exists() && updating_snapshots() => {
                std::fs::remove_file(&events_file).unwrap();
            }
            None if events_file.exists() => {
                let stale = format!("{} is stale: the file is rejected", events_file.display());
                result = result.and(Err(stale));
            }
            None => {}
        }
        failures.extend(result.err());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
