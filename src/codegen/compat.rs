//! The compatibility guard: what a catalog changes against what was published, each
//! change with its semver consequence. `events.lock` lists every published `code name`
//! pair, events and aliases alike, so that tests/compat.rs catches a change which would
//! mis-decode old journals or break code that names an event; examples/diff.rs puts two
//! vendor documents side by side with the same comparison.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::catalog::Checked;

/// The record's first lines.
const HEADER: &str = "\
# The events primo-events has published: `code name`, aliases included, sorted.
# tests/compat.rs fails when one is renamed, renumbered or removed; after adding events,
# record them with: UPDATE_EVENTS_LOCK=1 cargo test --test compat
";

/// Every `(code, name)` of the catalog, events and aliases, sorted.
pub fn pairs(catalog: &Checked) -> BTreeSet<(u32, String)> {
    catalog
        .name_keys()
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

/// What a change means for the crate's version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Semver {
    Patch,
    Minor,
    Major,
}

impl fmt::Display for Semver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Semver::Patch => "patch",
            Semver::Minor => "minor",
            Semver::Major => "major",
        })
    }
}

/// One difference between a published catalog and a new one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// A new name; `alias_of` is the event it names when it is an alias.
    Added {
        code: u32,
        name: String,
        alias_of: Option<String>,
    },
    /// A name that is gone; `still_decodes_as` is the event its code now gives, when the
    /// name was a second name of that code (an alias).
    Removed {
        code: u32,
        name: String,
        still_decodes_as: Option<String>,
    },
    /// The event of a code has a new name; `kept` when the old name stays as an alias,
    /// deprecated or not.
    Renamed {
        code: u32,
        from: String,
        to: String,
        kept: bool,
    },
    /// A name has a new code; `old_code_decodes_as` is what its old code gives now.
    Renumbered {
        name: String,
        from: u32,
        to: u32,
        old_code_decodes_as: Option<String>,
    },
    /// An event's description changed (compared only between two catalogs: the record
    /// holds no descriptions).
    Described {
        code: u32,
        name: String,
        from: Option<String>,
        to: Option<String>,
    },
}

impl Change {
    pub fn semver(&self) -> Semver {
        match self {
            Change::Added { .. } | Change::Renamed { kept: true, .. } => Semver::Minor,
            Change::Described { .. } => Semver::Patch,
            Change::Removed { .. } | Change::Renamed { .. } | Change::Renumbered { .. } => {
                Semver::Major
            }
        }
    }
}

/// The compat guard's wording: the event, both values, and what the change means.
impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Added {
                code,
                name,
                alias_of: None,
            } => write!(
                f,
                "event {name} (code {code}) was added: a compatible change (semver minor): \
                 Event is #[non_exhaustive], so the new variant breaks no match"
            ),
            Change::Added {
                code,
                name,
                alias_of: Some(target),
            } => write!(
                f,
                "alias {name} of {target} (code {code}) was added: a compatible change (semver minor): \
                 Event::{name} and from_name(\"{name}\") give {target}"
            ),
            Change::Removed {
                code,
                name,
                still_decodes_as: None,
            } => write!(
                f,
                "event {name} (code {code}) was removed: a breaking change (semver major): \
                 code that names Event::{name} stops compiling and journals holding {code} stop decoding"
            ),
            Change::Removed {
                code,
                name,
                still_decodes_as: Some(event),
            } => write!(
                f,
                "alias {name} of {event} (code {code}) was removed: a breaking change (semver major): \
                 code that names Event::{name} stops compiling and from_name(\"{name}\") fails; \
                 keep it as a deprecated alias: `| {event} | ~~{name}~~ | |`"
            ),
            Change::Renamed {
                code,
                from,
                to,
                kept: true,
            } => write!(
                f,
                "code {code} changed its name from {from} to {to}, keeping {from} as an alias: \
                 a compatible change (semver minor): code that names Event::{from} still compiles \
                 and from_name(\"{from}\") still works; name() and Display now give {to}"
            ),
            Change::Renamed {
                code,
                from,
                to,
                kept: false,
            } => write!(
                f,
                "code {code} changed its name from {from} to {to}: a breaking change (semver major): \
                 code that names Event::{from} stops compiling and from_name(\"{from}\") fails; \
                 keep the old name as a deprecated alias: `| {to} | ~~{from}~~ | |`"
            ),
            Change::Renumbered {
                name,
                from,
                to,
                old_code_decodes_as,
            } => write!(
                f,
                "{name} changed its code from {from} to {to}: a breaking change (semver major): \
                 journals that recorded {from} for {name} would decode as {}",
                old_code_decodes_as.as_deref().unwrap_or("no event")
            ),
            Change::Described {
                code,
                name,
                from,
                to,
            } => {
                let text =
                    |d: &Option<String>| d.as_ref().map_or("none".to_owned(), |d| format!("{d:?}"));
                write!(
                    f,
                    "the description of {name} (code {code}) changed from {} to {}: semver patch: \
                     only docs and description() change",
                    text(from),
                    text(to)
                )
            }
        }
    }
}

/// How `now` differs from the `published` pairs, published order first (by code), then
/// additions.
pub fn changes(published: &BTreeSet<(u32, String)>, now: &Checked) -> Vec<Change> {
    let current = pairs(now);
    let code_of: BTreeMap<&str, u32> = current.iter().map(|(c, n)| (n.as_str(), *c)).collect();
    let event_of: BTreeMap<u32, &str> = now
        .variants
        .iter()
        .map(|e| (e.code, e.name.as_str()))
        .collect();
    let alias_of: BTreeMap<&str, &str> = now
        .aliases
        .iter()
        .map(|a| (a.name.as_str(), a.target.as_str()))
        .collect();
    let mut changes = Vec::new();
    for (code, name) in published.difference(&current) {
        let event = event_of.get(code).map(|e| e.to_string());
        let change = match (code_of.get(name.as_str()), event) {
            (Some(&to), old_code_decodes_as) => Change::Renumbered {
                name: name.clone(),
                from: *code,
                to,
                old_code_decodes_as,
            },
            // The code's event was published under this code too: the name was its alias.
            (None, Some(event)) if published.contains(&(*code, event.clone())) => Change::Removed {
                code: *code,
                name: name.clone(),
                still_decodes_as: Some(event),
            },
            (None, Some(to)) => Change::Renamed {
                code: *code,
                from: name.clone(),
                to,
                kept: false,
            },
            (None, None) => Change::Removed {
                code: *code,
                name: name.clone(),
                still_decodes_as: None,
            },
        };
        changes.push(change);
    }
    // New names that are the other side of a rename or a renumbering are no additions.
    let published_names: BTreeSet<&str> = published.iter().map(|(_, n)| n.as_str()).collect();
    let renamed_to: BTreeSet<String> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Renamed { to, .. } => Some(to.clone()),
            _ => None,
        })
        .collect();
    for (code, name) in current.difference(published) {
        let target = alias_of.get(name.as_str()).map(|t| t.to_string());
        // An event's old name, published for this code and now its alias.
        let mut same_code = published
            .range((*code, String::new())..)
            .take_while(|(c, _)| c == code);
        let old_name = same_code
            .find(|(_, n)| target.is_none() && alias_of.get(n.as_str()) == Some(&name.as_str()));
        if let Some((_, from)) = old_name {
            changes.push(Change::Renamed {
                code: *code,
                from: from.clone(),
                to: name.clone(),
                kept: true,
            });
        } else if !renamed_to.contains(name) && !published_names.contains(name.as_str()) {
            changes.push(Change::Added {
                code: *code,
                name: name.clone(),
                alias_of: target,
            });
        }
    }
    changes
}

/// How catalog `new` differs from catalog `old`: names and codes as [`changes`] compares
/// them against a record, and the descriptions of the events both have.
pub fn diff(old: &Checked, new: &Checked) -> Vec<Change> {
    let mut changes = changes(&pairs(old), new);
    let before: BTreeMap<(u32, &str), &Option<String>> = old
        .variants
        .iter()
        .map(|e| ((e.code, e.name.as_str()), &e.docs.description))
        .collect();
    for event in &new.variants {
        match before.get(&(event.code, event.name.as_str())) {
            Some(&from) if *from != event.docs.description => changes.push(Change::Described {
                code: event.code,
                name: event.name.clone(),
                from: from.clone(),
                to: event.docs.description.clone(),
            }),
            _ => {}
        }
    }
    changes
}

/// What examples/diff.rs prints for two catalog files, each given as its path and bytes:
/// the [`report`] of their [`diff`], or the diagnostics of whichever is rejected, each
/// line as Cargo shows a build script's (`error: PATH:LINE:COL: ...`).
pub fn diff_files(old: (&str, &[u8]), new: (&str, &[u8])) -> Result<String, String> {
    let read = |(path, bytes): (&str, &[u8])| {
        let (checked, diagnostics) = super::read(bytes);
        checked.ok_or_else(|| {
            diagnostics
                .iter()
                .map(|d| {
                    let severity = if d.is_error() { "error" } else { "warning" };
                    format!("{severity}: {}\n", d.render(path))
                })
                .collect::<String>()
        })
    };
    match (read(old), read(new)) {
        (Ok(old), Ok(new)) => Ok(report(&diff(&old, &new))),
        (old, new) => Err(old.err().unwrap_or_default() + &new.err().unwrap_or_default()),
    }
}

/// The changes as examples/diff.rs prints them: the most breaking first, each with its
/// semver level, then what release they call for.
pub fn report(changes: &[Change]) -> String {
    let mut sorted: Vec<&Change> = changes.iter().collect();
    sorted.sort_by_key(|change| std::cmp::Reverse(change.semver()));
    let mut report: String = sorted
        .iter()
        .map(|change| format!("{:<5}  {change}\n", change.semver()))
        .collect();
    let count = |semver| changes.iter().filter(|c| c.semver() == semver).count();
    let summary = match sorted.first() {
        None => "no changes".to_owned(),
        Some(most) => format!(
            "{} change{} ({} major, {} minor, {} patch): a {} release",
            changes.len(),
            if changes.len() == 1 { "" } else { "s" },
            count(Semver::Major),
            count(Semver::Minor),
            count(Semver::Patch),
            most.semver()
        ),
    };
    report.push_str(&summary);
    report.push('\n');
    report
}

/// How the catalog differs from the record.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Published pairs that are gone, and lines of the record that cannot be read: each
    /// message names the event, both values and what it means for semver.
    pub breaking: Vec<String>,
    /// Pairs not yet recorded.
    pub added: Vec<(u32, String)>,
}

/// Compares `catalog` with the record `lock`.
pub fn compare(lock: &str, catalog: &Checked) -> Changes {
    let mut result = Changes::default();
    let mut published = BTreeSet::new();
    for (number, line) in (1..).zip(lock.lines()) {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line
            .split_once(' ')
            .and_then(|(code, name)| Some((code.parse::<u32>().ok()?, name.trim())))
        {
            Some((code, name)) => {
                published.insert((code, name.to_owned()));
            }
            None => result.breaking.push(format!(
                "events.lock:{number}: expected `code name`, found `{line}`"
            )),
        }
    }
    for change in changes(&published, catalog) {
        match change {
            Change::Added { code, name, .. }
            | Change::Renamed {
                code,
                to: name,
                kept: true,
                ..
            } => result.added.push((code, name)),
            change => result.breaking.push(change.to_string()),
        }
    }
    result
}
