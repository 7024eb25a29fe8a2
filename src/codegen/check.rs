//! Judging the catalog as a whole: names that Rust accepts, every name and code used
//! once, aliases that name an event. Every problem is reported, not just the first.

use std::collections::BTreeMap;

use super::catalog::{Alias, Catalog, Checked, Entry, Event, Value, name_keys};
use super::diagnostic::{Diagnostic, Pos};
use super::table;

/// Items the generated `Event` already has: a variant or alias of the same name would
/// clash with them.
pub const RESERVED: [&str; 9] = [
    "ALL",
    "COUNT",
    "code",
    "description",
    "from_code",
    "from_name",
    "from_name_ignore_ascii_case",
    "name",
    "section",
];

/// Strict and reserved keywords of Rust 2024: not usable as plain identifiers.
const KEYWORDS: [&str; 52] = [
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Returns every diagnostic, and the checked catalog when none is an error.
pub fn check(catalog: &Catalog) -> (Option<Checked>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut names: BTreeMap<&str, &Entry> = BTreeMap::new();
    let mut folded_names: BTreeMap<String, &Entry> = BTreeMap::new();
    let mut codes_seen: BTreeMap<u32, &Entry> = BTreeMap::new();
    for entry in &catalog.entries {
        diagnostics.extend(check_name(&entry.name, entry.name_pos));
        if entry.deprecated && matches!(entry.value, Value::Code(_)) {
            diagnostics.push(
                Diagnostic::error(
                    entry.name_pos,
                    format!("event {} is struck through, but only an alias can be deprecated", entry.name),
                )
                .help("an event keeps its name; to rename it, give it the new name and keep the old one as a struck-through alias"),
            );
        }
        if let Some(first) = names.get(entry.name.as_str()) {
            let diagnostic = match (&entry.value, &first.value) {
                (Value::Code(code), Value::Code(first_code)) if code != first_code => {
                    Diagnostic::error(
                        entry.name_pos,
                        format!(
                            "event {} has code {code} here, but code {first_code}",
                            entry.name
                        ),
                    )
                    .help("an event has one code: keep the entry with the right one")
                }
                _ => Diagnostic::error(
                    entry.name_pos,
                    format!("event name {} is already defined", entry.name),
                ),
            };
            diagnostics.push(diagnostic.earlier(first.name_pos));
        } else if let Some(first) = folded_names.get(&entry.name.to_ascii_lowercase()) {
            diagnostics.push(
                Diagnostic::error(
                    entry.name_pos,
                    format!(
                        "event name {} differs from {} only in letter case",
                        entry.name, first.name
                    ),
                )
                .earlier(first.name_pos)
                .help("from_name_ignore_ascii_case must tell every two names apart"),
            );
        } else {
            names.insert(&entry.name, entry);
            folded_names.insert(entry.name.to_ascii_lowercase(), entry);
        }
        if let Value::Code(code) = entry.value {
            if let Some(first) = codes_seen.get(&code) {
                diagnostics.push(
                    Diagnostic::error(
                        entry.value_pos,
                        format!(
                            "code {code} of {} is already used by {}",
                            entry.name, first.name
                        ),
                    )
                    .earlier(first.value_pos)
                    .help(format!(
                        "if both names stand for one event, write {} in place of {code} to make {} its alias",
                        first.name, entry.name
                    )),
                );
            } else {
                codes_seen.insert(code, entry);
            }
        }
    }

    let (mut events, mut aliases) = (Vec::new(), Vec::new());
    for entry in &catalog.entries {
        match &entry.value {
            Value::Code(code) => events.push(Event {
                name: entry.name.clone(),
                code: *code,
                docs: entry.docs.clone(),
            }),
            Value::Alias(target) => match names.get(target.as_str()).map(|t| &t.value) {
                Some(Value::Code(code)) => aliases.push(Alias {
                    name: entry.name.clone(),
                    target: target.clone(),
                    code: *code,
                    docs: entry.docs.clone(),
                    deprecated: entry.deprecated,
                }),
                Some(Value::Alias(next)) => diagnostics.push(
                    Diagnostic::error(
                        entry.value_pos,
                        format!(
                            "{} is an alias of {target}, which is itself an alias (of {next}) defined",
                            entry.name
                        ),
                    )
                    .earlier(names[target.as_str()].name_pos)
                    .help(format!("write {next} in place of {target}")),
                ),
                None => diagnostics.push(Diagnostic::error(
                    entry.value_pos,
                    format!(
                        "{} is an alias of {target}, but there is no event {target}",
                        entry.name
                    ),
                )),
            },
        }
    }
    if catalog.entries.is_empty() {
        diagnostics.push(
            Diagnostic::error(Pos { line: 1, col: 1 }, "no events found").help(
                "list events in a table with Code and Event columns, or as `Name = code` lines in a code block",
            ),
        );
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        return (None, diagnostics);
    }

    // Distinct codes and names: the lookup tables can be laid out.
    events.sort_by_key(|event| event.code);
    let codes: Vec<u32> = events.iter().map(|event| event.code).collect();
    let code_table = table::code_table(&codes);
    if code_table.bytes() > table::MAX_BYTES {
        let last = codes_seen[&codes[codes.len() - 1]].value_pos;
        diagnostics.push(Diagnostic::error(last, format!(
                "the codes are spread too thinly: looking them up would take {} bytes of tables, more than {}",
                code_table.bytes(),
                table::MAX_BYTES
            ),
        ).help("number events in groups, as the catalog does (100, 101, ..., 200, 201, ...)"));
        return (None, diagnostics);
    }
    let names: Vec<&str> = name_keys(&events, &aliases)
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    let Some(name_table) = table::name_table(&names) else {
        diagnostics.push(Diagnostic::error(
            Pos { line: 1, col: 1 },
            "internal error: no perfect hash of the names was found; please report this",
        ));
        return (None, diagnostics);
    };
    let checked = Checked {
        events,
        aliases,
        code_table,
        name_table,
    };
    (Some(checked), diagnostics)
}

/// An event name must be a plain ASCII Rust identifier that no generated item uses; it
/// should be UpperCamelCase, as variants are.
fn check_name(name: &str, pos: Pos) -> Option<Diagnostic> {
    let is_identifier = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_";
    if name.is_empty() {
        Some(Diagnostic::error(pos, "missing event name"))
    } else if !is_identifier {
        Some(
            Diagnostic::error(pos, format!("event name `{name}` is not a Rust identifier"))
                .help("use ASCII letters, digits and `_`, and do not start with a digit"),
        )
    } else if KEYWORDS.contains(&name) {
        Some(Diagnostic::error(
            pos,
            format!("event name `{name}` is a Rust keyword"),
        ))
    } else if RESERVED.contains(&name) {
        Some(Diagnostic::error(
            pos,
            format!("event name `{name}` clashes with the generated item `Event::{name}`"),
        ))
    } else if !name.starts_with(|c: char| c.is_ascii_uppercase()) || name.contains('_') {
        Some(Diagnostic::warning(
            pos,
            format!("event name `{name}` is not UpperCamelCase"),
        ))
    } else {
        None
    }
}
