//! Reading a catalog to compare it rather than to build it: the vendor's documents as the
//! vendor publishes them. What the build must refuse in events.md but a
//! comparison can still read becomes a note, and the reading goes on: a second name for
//! a code is that code's alias (the vendor's C# convention: the first name is the
//! event), an event listed twice with two codes is compared by its first, and whatever
//! the parser skipped (a line outside any table or code block, a malformed row) is noted
//! at its line. Only a document with no readable event, or one that is not UTF-8, is
//! refused.

use std::collections::BTreeMap;

use crate::catalog::{Alias, Checked, Value, Variant};
use crate::diagnostic::{Diagnostic, Severity};

/// A catalog read leniently: what can be compared, and what was read past on the way.
#[derive(Debug)]
#[non_exhaustive]
pub struct Lenient {
    /// The events and aliases read.
    pub catalog: Checked,
    /// What the generator would refuse or warn about, each at its place, in file order:
    /// notes for a comparison, not errors.
    pub notes: Vec<Diagnostic>,
}

/// Reads `bytes` leniently; the diagnostics (errors) when nothing can be compared.
pub fn read(bytes: &[u8]) -> Result<Lenient, Vec<Diagnostic>> {
    let (catalog, parsed) = crate::parse(bytes);
    let parse_errors: Vec<Diagnostic> = parsed.iter().filter(|d| d.is_error()).cloned().collect();
    // What the build would say. Its errors are refused if nothing can be read; the check's
    // are what the reading below resolves, each with a note of its own. Everything else
    // (the parse's errors, every warning) stands as a note.
    let (_, judged) = crate::judge(&catalog, parsed);
    let (errors, mut notes): (Vec<Diagnostic>, Vec<Diagnostic>) =
        judged.into_iter().partition(Diagnostic::is_error);
    notes.extend(parse_errors);
    let mut events: BTreeMap<String, u32> = BTreeMap::new();
    let mut codes: BTreeMap<u32, String> = BTreeMap::new();
    // The event of each alias read so far.
    let mut alias_targets: BTreeMap<String, String> = BTreeMap::new();
    let (mut variants, mut aliases) = (Vec::new(), Vec::new());
    for entry in &catalog.entries {
        let name = &entry.name;
        let target = match &entry.value {
            Value::Code(code) => match (events.get(name), codes.get(code)) {
                (Some(&first), _) if first == *code => {
                    notes.push(note(
                        entry.name_pos,
                        format!("`{name}` = `{code}` is listed again: read once"),
                    ));
                    continue;
                }
                (Some(&first), _) => {
                    notes.push(note(
                        entry.value_pos,
                        format!("`{name}` is listed again with code `{code}`: compared by its first code, `{first}`"),
                    ));
                    continue;
                }
                (None, Some(first)) => {
                    notes.push(note(
                        entry.value_pos,
                        format!("code `{code}` names both `{first}` and `{name}`: `{name}` is read as an alias of `{first}`"),
                    ));
                    first.clone()
                }
                (None, None) => {
                    events.insert(name.clone(), *code);
                    codes.insert(*code, name.clone());
                    variants.push(Variant {
                        name: name.clone(),
                        code: *code,
                        docs: entry.docs.clone(),
                    });
                    continue;
                }
            },
            Value::Alias(target) => target.clone(),
        };
        // An alias of an alias names the alias's event.
        let event = alias_targets.get(&target).unwrap_or(&target).clone();
        match events.get(&event) {
            Some(&code) if !events.contains_key(name) => {
                alias_targets.insert(name.clone(), event.clone());
                aliases.push(Alias {
                    name: name.clone(),
                    target: event,
                    code,
                    docs: entry.docs.clone(),
                });
            }
            Some(_) => notes.push(note(
                entry.name_pos,
                format!("`{name}` is already an event: its alias entry is skipped"),
            )),
            None => notes.push(note(
                entry.value_pos,
                format!("`{name}` is an alias of `{target}`, which is no event here: skipped"),
            )),
        }
    }
    if variants.is_empty() {
        return Err(errors);
    }
    variants.sort_by_key(|variant| variant.code);
    notes.sort_by_key(|note| note.pos);
    // Everything read past is a note, whatever it would be for the build.
    for note in &mut notes {
        note.severity = Severity::Note;
    }
    Ok(Lenient {
        catalog: Checked {
            variants,
            aliases,
            sections: catalog.sections(),
        },
        notes,
    })
}

fn note(pos: crate::Pos, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Note,
        ..Diagnostic::error(pos, message)
    }
}
