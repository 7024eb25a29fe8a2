//! The two shapes of the catalog: as written in events.md (`Catalog`, every entry
//! located, nothing validated; the generator's own) and as judged sound ([`Checked`]:
//! unique names and codes, resolved aliases), from which the layout and emit stages work
//! and which tools read through accessors: its fields are the crate's, so a new column
//! of the catalog is not a breaking release.

use crate::diagnostic::Pos;

/// What events.md says, entry by entry, in file order.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Catalog {
    /// Table rows and code-block lines, in file order.
    pub(crate) entries: Vec<Entry>,
}

impl Catalog {
    /// The section headings entries stand under, in the order the file first uses them.
    pub(crate) fn sections(&self) -> Vec<String> {
        let mut sections: Vec<String> = Vec::new();
        for section in self.entries.iter().filter_map(|e| e.docs.section.as_ref()) {
            if sections.last() != Some(section) && !sections.contains(section) {
                sections.push(section.clone());
            }
        }
        sections
    }
}

/// One table row or code-block line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The name as written, strike-through removed.
    pub(crate) name: String,
    /// Where the name starts.
    pub(crate) name_pos: Pos,
    /// The code, or the event this entry is an alias of.
    pub(crate) value: Value,
    /// Where the code (or the aliased name) starts.
    pub(crate) value_pos: Pos,
    /// Description, section, note.
    pub(crate) docs: Docs,
}

/// What stands where the code goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Value {
    /// A number: the entry is an event of its own.
    Code(u32),
    /// The name of another event whose code this entry shares.
    Alias(String),
}

/// What the catalog says about an entry besides its name and code. A new column of the
/// catalog is a field here, read in `parse` and written in `emit`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Docs {
    /// The text of the description cell or comment.
    pub(crate) description: Option<String>,
    /// Text of the nearest heading above the entry, if it has any.
    pub(crate) section: Option<String>,
    /// A remark for readers of the docs, such as why an event is kept
    /// (the `Note` / `Примечание` column).
    pub(crate) note: Option<String>,
    /// The name is struck through (`~~Name~~`): kept for old code, not for new. Only an
    /// alias may be.
    pub(crate) deprecated: bool,
}

/// A catalog the generator can emit: unique names, unique codes, resolved aliases.
#[derive(Debug, PartialEq, Eq)]
pub struct Checked {
    /// The enum's variants, sorted by code.
    pub(crate) variants: Vec<Variant>,
    /// In file order.
    pub(crate) aliases: Vec<Alias>,
    /// The section headings entries stand under, in the order the file first uses them.
    pub(crate) sections: Vec<String>,
}

/// An event with a code of its own: a variant of the generated enum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    /// The variant's identifier, the event's name in the journal.
    pub(crate) name: String,
    /// The discriminant: the code the journal records.
    pub(crate) code: u32,
    /// What the catalog says about it.
    pub(crate) docs: Docs,
}

/// A second name of an event: an associated constant of the generated enum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alias {
    /// The constant's identifier.
    pub(crate) name: String,
    /// The event it stands for; never another alias.
    pub(crate) target: String,
    /// The code of `target`.
    pub(crate) code: u32,
    /// What the catalog says about the alias itself.
    pub(crate) docs: Docs,
}

impl Checked {
    /// Every name with its event's code, in the order the name table numbers its keys:
    /// the variants' names (in code order), then the aliases' (in file order). The
    /// layout, the emitted keys and the compatibility record all come from this list.
    pub(crate) fn name_keys(&self) -> Vec<(&str, u32)> {
        let variants = self.variants.iter().map(|v| (v.name.as_str(), v.code));
        variants
            .chain(self.aliases.iter().map(|a| (a.name.as_str(), a.code)))
            .collect()
    }
}

impl Checked {
    /// The events with a code of their own, sorted by code: the enum's variants.
    pub fn variants(&self) -> &[Variant] {
        &self.variants
    }

    /// The second names of events, in file order: the enum's associated constants.
    pub fn aliases(&self) -> &[Alias] {
        &self.aliases
    }

    /// The section headings entries stand under, in the order the file first uses them.
    pub fn sections(&self) -> &[String] {
        &self.sections
    }
}

impl Variant {
    /// The variant's identifier, the event's name in the journal.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The code the journal records: the discriminant.
    pub fn code(&self) -> u32 {
        self.code
    }

    /// What the catalog says about it.
    pub fn docs(&self) -> &Docs {
        &self.docs
    }
}

impl Alias {
    /// The constant's identifier.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The name of the event it stands for; never another alias.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// The code of its event.
    pub fn code(&self) -> u32 {
        self.code
    }

    /// What the catalog says about the alias itself.
    pub fn docs(&self) -> &Docs {
        &self.docs
    }
}

impl Docs {
    /// The text of the description cell or comment.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// The nearest heading above the entry, if it has one.
    pub fn section(&self) -> Option<&str> {
        self.section.as_deref()
    }

    /// A remark for readers of the docs (the `Note` / `Примечание` column).
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    /// Whether the name is struck through (`~~Name~~`): kept for old code, not for new.
    pub fn deprecated(&self) -> bool {
        self.deprecated
    }
}
