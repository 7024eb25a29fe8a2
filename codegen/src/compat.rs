//! The compatibility guard: what a catalog changes against what was published, each
//! change with its semver consequence. `events.lock` lists every published `code name`
//! pair, events and aliases alike, so that primo-events' tests/compat.rs catches a change
//! which would mis-decode old journals or break code that names an event; the catalog
//! diff puts two vendor documents side by side with the same comparison.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::catalog::{Checked, Docs};
use crate::diagnostic::Diagnostic;

/// The record's first lines.
const HEADER: &str = "\
# The events primo-events has published: `code name`, aliases included, sorted.
# tests/compat.rs fails when one is renamed, renumbered or removed; after adding events,
# record them with: UPDATE_EVENTS_LOCK=1 cargo test --test compat
";

/// Every `(code, name)` of the catalog, events and aliases, sorted.
pub(crate) fn pairs(catalog: &Checked) -> BTreeSet<(u32, String)> {
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
    /// Docs or descriptions only.
    Patch,
    /// Compatible: code that compiled still compiles, journals still decode.
    Minor,
    /// Breaking: some code stops compiling or some journal decodes differently.
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
#[non_exhaustive]
pub enum Change {
    /// A new name.
    Added {
        /// The code.
        code: u32,
        /// The new name.
        name: String,
        /// The event it names, when it is an alias.
        alias_of: Option<String>,
    },
    /// A name that is gone.
    Removed {
        /// The code.
        code: u32,
        /// The name that is gone.
        name: String,
        /// The event its code still gives, when the name was a second name of that code
        /// (an alias).
        still_decodes_as: Option<String>,
    },
    /// The event of a code has a new name.
    Renamed {
        /// The code.
        code: u32,
        /// The old name.
        from: String,
        /// The new name.
        to: String,
        /// Whether the old name stays, as an alias (deprecated or not).
        kept: bool,
    },
    /// A name has a new code.
    Renumbered {
        /// The name.
        name: String,
        /// The old code.
        from: u32,
        /// The new code.
        to: u32,
        /// What its old code gives now.
        old_code_decodes_as: Option<String>,
    },
    /// An event's description changed (compared only between two catalogs: the record
    /// holds no descriptions).
    Described {
        /// The code.
        code: u32,
        /// The event's name.
        name: String,
        /// The old description.
        from: Option<String>,
        /// The new description.
        to: Option<String>,
    },
    /// An event moved to another section (compared only between two catalogs).
    Sectioned {
        /// The code.
        code: u32,
        /// The event's name.
        name: String,
        /// The old section.
        from: Option<String>,
        /// The new section.
        to: Option<String>,
    },
}

impl Change {
    /// What the change means for the crate's version.
    pub fn semver(&self) -> Semver {
        match self {
            Change::Added { .. } | Change::Renamed { kept: true, .. } => Semver::Minor,
            Change::Described { .. } | Change::Sectioned { .. } => Semver::Patch,
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
            Change::Sectioned {
                code,
                name,
                from,
                to,
            } => {
                let text = |s: &Option<String>| s.as_deref().unwrap_or("none").to_owned();
                write!(
                    f,
                    "{name} (code {code}) moved from section «{}» to «{}»: semver patch: \
                     only docs and section() change",
                    text(from),
                    text(to)
                )
            }
        }
    }
}

/// How `now` differs from the `published` pairs, published order first (by code), then
/// additions.
pub(crate) fn changes(published: &BTreeSet<(u32, String)>, now: &Checked) -> Vec<Change> {
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

/// How catalog `new` differs from catalog `old`: names and codes as [`compare`] compares
/// them against a record, and the descriptions and sections of the events both have.
pub fn diff(old: &Checked, new: &Checked) -> Vec<Change> {
    let mut changes = changes(&pairs(old), new);
    let before: BTreeMap<(u32, &str), &Docs> = old
        .variants
        .iter()
        .map(|e| ((e.code, e.name.as_str()), &e.docs))
        .collect();
    for event in &new.variants {
        let Some(&from) = before.get(&(event.code, event.name.as_str())) else {
            continue;
        };
        let (code, name) = (event.code, event.name.clone());
        if from.description != event.docs.description {
            changes.push(Change::Described {
                code,
                name: name.clone(),
                from: from.description.clone(),
                to: event.docs.description.clone(),
            });
        }
        if from.section != event.docs.section {
            changes.push(Change::Sectioned {
                code,
                name,
                from: from.section.clone(),
                to: event.docs.section.clone(),
            });
        }
    }
    changes
}

/// Two catalog files compared, each read leniently ([`lenient`](crate::lenient::read)):
/// what each reading noted, and the changes from the old to the new.
#[derive(Debug)]
#[non_exhaustive]
pub struct Comparison {
    /// The notes of both readings, each with the file it is about: the old file's first.
    pub notes: Vec<(String, Diagnostic)>,
    /// The changes, in [`diff`]'s order.
    pub changes: Vec<Change>,
    old: Checked,
    new: Checked,
}

/// Compares two catalog files, each given as its path (as it is to be shown) and bytes;
/// when either file has no readable event, the diagnostics of each refused file,
/// rendered (`error: PATH:LINE:COL: ...`).
pub fn compare_files(old: (&str, &[u8]), new: (&str, &[u8])) -> Result<Comparison, String> {
    let read = |(path, bytes): (&str, &[u8])| {
        crate::lenient::read(bytes).map_err(|diagnostics| {
            diagnostics
                .iter()
                .map(|d| d.render(path))
                .collect::<String>()
        })
    };
    let (old_read, new_read) = match (read(old), read(new)) {
        (Ok(old_read), Ok(new_read)) => (old_read, new_read),
        (old_read, new_read) => {
            return Err(old_read.err().unwrap_or_default() + &new_read.err().unwrap_or_default());
        }
    };
    let notes = [(old.0, old_read.notes), (new.0, new_read.notes)]
        .into_iter()
        .flat_map(|(path, notes)| notes.into_iter().map(move |n| (path.to_owned(), n)))
        .collect();
    Ok(Comparison {
        notes,
        changes: diff(&old_read.catalog, &new_read.catalog),
        old: old_read.catalog,
        new: new_read.catalog,
    })
}

impl Comparison {
    /// The most breaking level among the changes, if there are any.
    pub fn level(&self) -> Option<Semver> {
        self.changes.iter().map(Change::semver).max()
    }

    /// The comparison for people: the notes (`note: PATH:LINE:COL: ...`), then the
    /// changes, the most breaking first, each with its level, and the release they call for.
    pub fn text(&self) -> String {
        let notes: String = self.notes.iter().map(|(path, n)| n.render(path)).collect();
        notes + &report(&self.changes)
    }

    /// The comparison for tools: one JSON object per line, each note (`"note": true`,
    /// `file`, `line`, `column`, `message`), then each change, the most breaking first
    /// (`change`, `level`, `code`, `name`, `old_code` or `old_name` where they apply,
    /// `alias_of`, `section`, `message`).
    pub fn json_lines(&self) -> String {
        let mut out = String::new();
        for (path, note) in &self.notes {
            out.push_str(&format!(
                "{{\"note\":true,\"file\":{},\"line\":{},\"column\":{},\"message\":{}}}\n",
                json(path),
                note.pos.line,
                note.pos.col,
                json(&note.message)
            ));
        }
        for change in sorted(&self.changes) {
            let mut fields = vec![
                ("change", json(change.kind())),
                ("level", json(&change.semver().to_string())),
            ];
            let number = |n: u32| n.to_string();
            let (code, name) = match change {
                Change::Added {
                    code,
                    name,
                    alias_of: event,
                }
                | Change::Removed {
                    code,
                    name,
                    still_decodes_as: event,
                } => {
                    if let Some(event) = event {
                        fields.push(("alias_of", json(event)));
                    }
                    (*code, name)
                }
                Change::Renamed { code, from, to, .. } => {
                    fields.push(("old_name", json(from)));
                    (*code, to)
                }
                Change::Renumbered { name, from, to, .. } => {
                    fields.push(("old_code", number(*from)));
                    (*to, name)
                }
                Change::Described { code, name, .. } | Change::Sectioned { code, name, .. } => {
                    (*code, name)
                }
            };
            fields.insert(2, ("code", number(code)));
            fields.insert(3, ("name", json(name)));
            let section = [&self.new, &self.old].into_iter().find_map(|catalog| {
                // Variants are sorted by code.
                let variants = &catalog.variants;
                let at = variants.binary_search_by_key(&code, |v| v.code).ok()?;
                variants[at].docs.section.as_deref()
            });
            fields.push(("section", section.map_or("null".to_owned(), json)));
            fields.push(("message", json(&change.to_string())));
            let body: Vec<String> = fields.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
            out.push_str(&format!("{{{}}}\n", body.join(",")));
        }
        out
    }
}

impl Change {
    /// The kind of change in one word, as `--json` names it.
    pub fn kind(&self) -> &'static str {
        match self {
            Change::Added { alias_of: None, .. } => "added",
            Change::Added { .. } => "alias_added",
            Change::Removed {
                still_decodes_as: None,
                ..
            } => "removed",
            Change::Removed { .. } => "alias_removed",
            Change::Renamed { .. } => "renamed",
            Change::Renumbered { .. } => "renumbered",
            Change::Described { .. } => "description_changed",
            Change::Sectioned { .. } => "section_changed",
        }
    }
}

/// `text` as a JSON string.
fn json(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The changes, the most breaking first (in [`diff`]'s order within a level).
fn sorted(changes: &[Change]) -> Vec<&Change> {
    let mut sorted: Vec<&Change> = changes.iter().collect();
    sorted.sort_by_key(|change| std::cmp::Reverse(change.semver()));
    sorted
}

/// The changes as the diff prints them: the most breaking first, each with its semver
/// level, then what release they call for.
pub(crate) fn report(changes: &[Change]) -> String {
    let sorted = sorted(changes);
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
#[non_exhaustive]
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
