//! The compatibility record: `events.lock` lists every published `code name` pair, events
//! and aliases alike, so that a change which would mis-decode old journals or break code
//! that names an event is caught before a release.

use std::collections::{BTreeMap, BTreeSet};

use super::catalog::{Checked, name_keys};

/// The record's first lines.
const HEADER: &str = "\
# The events primo-events has published: `code name`, aliases included, sorted.
# tests/compat.rs fails when one is renamed, renumbered or removed; after adding events,
# record them with: UPDATE_EVENTS_LOCK=1 cargo test --test compat
";

/// Every `(code, name)` of the catalog, events and aliases, sorted.
pub fn pairs(catalog: &Checked) -> BTreeSet<(u32, String)> {
    name_keys(&catalog.events, &catalog.aliases)
        .into_iter()
        .map(|(name, code)| (code, name.to_owned()))
        .collect()
}

/// The contents of `events.lock` for `catalog`.
pub fn render(catalog: &Checked) -> String {
    let mut lock = HEADER.to_owned();
    for (code, name) in pairs(catalog) {
        lock.push_str(&format!("{code} {name}\n"));
    }
    lock
}

/// How the catalog differs from the record.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Published pairs that are gone: each message names the event, both values and what
    /// it means for semver.
    pub breaking: Vec<String>,
    /// Pairs not yet recorded.
    pub added: Vec<(u32, String)>,
}

/// Compares `catalog` with the record `lock`.
pub fn compare(lock: &str, catalog: &Checked) -> Changes {
    let now = pairs(catalog);
    let code_of: BTreeMap<&str, u32> = now.iter().map(|(c, n)| (n.as_str(), *c)).collect();
    let event_of: BTreeMap<u32, &str> = catalog
        .events
        .iter()
        .map(|e| (e.code, e.name.as_str()))
        .collect();
    let mut changes = Changes::default();
    let mut published = BTreeSet::new();
    for (number, line) in (1..).zip(lock.lines()) {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((code, name)) = line
            .split_once(' ')
            .and_then(|(code, name)| Some((code.parse::<u32>().ok()?, name.trim())))
        else {
            changes.breaking.push(format!(
                "events.lock:{number}: expected `code name`, found `{line}`"
            ));
            continue;
        };
        published.insert((code, name.to_owned()));
        if now.contains(&(code, name.to_owned())) {
            continue;
        }
        let message = match (code_of.get(name), event_of.get(&code)) {
            (Some(new_code), _) => format!(
                "{name} changed its code from {code} to {new_code}: a breaking change (semver major): \
                 journals that recorded {code} for {name} would decode as {}",
                event_of
                    .get(&code)
                    .map_or("no event".to_owned(), |e| e.to_string())
            ),
            (None, Some(new_name)) => format!(
                "code {code} changed its name from {name} to {new_name}: a breaking change (semver major): \
                 code that names Event::{name} stops compiling and from_name(\"{name}\") fails; \
                 keep the old name as a deprecated alias: `| {new_name} | ~~{name}~~ | |`"
            ),
            (None, None) => format!(
                "event {name} (code {code}) was removed: a breaking change (semver major): \
                 code that names Event::{name} stops compiling and journals holding {code} stop decoding"
            ),
        };
        changes.breaking.push(message);
    }
    changes.added = now.difference(&published).cloned().collect();
    changes
}
