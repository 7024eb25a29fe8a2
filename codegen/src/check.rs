//! The check stage: judging the catalog as a whole. Names that Rust accepts, every name
//! and code used once, aliases that name an event. Every problem is reported, not just
//! the first.

use std::collections::BTreeMap;

use crate::catalog::{Alias, Catalog, Checked, Entry, Value, Variant};
use crate::diagnostic::{Diagnostic, Pos};

/// Items the generated `Event` already has: a variant or alias of the same name would
/// clash with them.
pub const RESERVED: [&str; 11] = [
    "ALL",
    "COUNT",
    "aliases",
    "code",
    "description",
    "from_code",
    "from_name",
    "from_name_ignore_ascii_case",
    "name",
    "note",
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
    let mut codes: BTreeMap<u32, &Entry> = BTreeMap::new();
    for entry in &catalog.entries {
        let name = &entry.name;
        diagnostics.extend(check_name(name, entry.name_pos));
        if entry.docs.deprecated && matches!(entry.value, Value::Code(_)) {
            diagnostics.push(
                Diagnostic::error(
                    entry.name_pos,
                    format!("event `{name}` is struck through, but only an alias can be deprecated"),
                )
                .with_help("an event keeps its name: to rename it, give it the new name and keep the old one as a struck-through alias"),
            );
        }
        let repeated = names.get(name.as_str()).copied();
        if let Some(first) = repeated {
            let diagnostic = match (&entry.value, &first.value) {
                (Value::Code(code), Value::Code(first_code)) if code != first_code => {
                    Diagnostic::error(
                        entry.name_pos,
                        format!("event `{name}` is listed again, with code `{code}`"),
                    )
                    .with_note(
                        first.name_pos,
                        format!("it is listed first with code `{first_code}`"),
                    )
                    .with_help("an event has one code: keep the entry with the right one")
                }
                _ => Diagnostic::error(
                    entry.name_pos,
                    format!("event name `{name}` is defined twice"),
                )
                .with_note(first.name_pos, "it is first defined here"),
            };
            diagnostics.push(diagnostic);
        } else if let Some(first) = folded_names.get(&name.to_ascii_lowercase()) {
            diagnostics.push(
                Diagnostic::error(
                    entry.name_pos,
                    format!(
                        "event name `{name}` differs from `{}` only in letter case",
                        first.name
                    ),
                )
                .with_note(first.name_pos, format!("`{}` is defined here", first.name))
                .with_help("`from_name_ignore_ascii_case` must tell every two names apart"),
            );
        } else {
            names.insert(name, entry);
            folded_names.insert(name.to_ascii_lowercase(), entry);
        }
        // A repeated name is one error, whatever its code.
        if let (Value::Code(code), None) = (&entry.value, repeated) {
            let code = *code;
            if let Some(first) = codes.get(&code) {
                let first_name = &first.name;
                diagnostics.push(
                    Diagnostic::error(
                        entry.value_pos,
                        format!("code `{code}` of `{name}` is already used by `{first_name}`"),
                    )
                    .with_note(first.value_pos, format!("`{first_name}` has code `{code}` here"))
                    .with_help(format!(
                        "if both names stand for one event, write `{first_name}` in place of `{code}` to make `{name}` its alias"
                    )),
                );
            } else {
                codes.insert(code, entry);
            }
        }
    }

    let (mut variants, mut aliases) = (Vec::new(), Vec::new());
    for entry in &catalog.entries {
        let name = &entry.name;
        match &entry.value {
            Value::Code(code) => variants.push(Variant {
                name: name.clone(),
                code: *code,
                docs: entry.docs.clone(),
            }),
            Value::Alias(target) => match names.get(target.as_str()) {
                Some(Entry {
                    value: Value::Code(code),
                    ..
                }) => aliases.push(Alias {
                    name: name.clone(),
                    target: target.clone(),
                    code: *code,
                    docs: entry.docs.clone(),
                }),
                Some(Entry {
                    value: Value::Alias(next),
                    name_pos,
                    ..
                }) => diagnostics.push(
                    Diagnostic::error(
                        entry.value_pos,
                        format!("`{name}` is an alias of `{target}`, which is itself an alias"),
                    )
                    .with_note(
                        *name_pos,
                        format!("`{target}` is an alias of `{next}` here"),
                    )
                    .with_help(format!("write `{next}` in place of `{target}`")),
                ),
                None => diagnostics.push(Diagnostic::error(
                    entry.value_pos,
                    format!("`{name}` is an alias of `{target}`, but there is no event `{target}`"),
                )),
            },
        }
    }
    if catalog.entries.is_empty() {
        diagnostics.push(
            Diagnostic::error(Pos { line: 1, col: 1 }, "no events found").with_help(
                "list events in a table with a code and an event column, or as `Name = code` lines in a code block",
            ),
        );
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        return (None, diagnostics);
    }
    variants.sort_by_key(|variant| variant.code);
    let sections = catalog.sections();
    let checked = Checked {
        variants,
        aliases,
        sections,
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
                .with_help("use ASCII letters, digits and `_`, and do not start with a digit"),
        )
    } else if KEYWORDS.contains(&name) {
        Some(Diagnostic::error(
            pos,
            format!("event name `{name}` is a Rust keyword"),
        ))
    } else if RESERVED.contains(&name) {
        Some(Diagnostic::error(
            pos,
            format!("event name `{name}` clashes with `Event::{name}`, an item of the enum itself"),
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
