//! The two shapes of the catalog: as written in events.md ([`Catalog`], every entry
//! located, nothing validated) and as judged sound ([`Checked`]: unique names and codes,
//! resolved aliases), from which the layout and emit stages work.

use crate::diagnostic::Pos;

/// What events.md says, entry by entry, in file order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Catalog {
    /// Table rows and code-block lines, in file order.
    pub entries: Vec<Entry>,
}

impl Catalog {
    /// The section headings entries stand under, in the order the file first uses them.
    pub fn sections(&self) -> Vec<String> {
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
pub struct Entry {
    /// The name as written, strike-through removed.
    pub name: String,
    /// Where the name starts.
    pub name_pos: Pos,
    /// The code, or the event this entry is an alias of.
    pub value: Value,
    /// Where the code (or the aliased name) starts.
    pub value_pos: Pos,
    /// Description, section, note.
    pub docs: Docs,
}

/// What stands where the code goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
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
    pub description: Option<String>,
    /// Text of the nearest heading above the entry, if it has any.
    pub section: Option<String>,
    /// A remark for readers of the docs, such as why an event is kept
    /// (the `Note` / `Примечание` column).
    pub note: Option<String>,
    /// The name is struck through (`~~Name~~`): kept for old code, not for new. Only an
    /// alias may be.
    pub deprecated: bool,
}

/// A catalog the generator can emit: unique names, unique codes, resolved aliases.
#[derive(Debug, PartialEq, Eq)]
pub struct Checked {
    /// The enum's variants, sorted by code.
    pub variants: Vec<Variant>,
    /// In file order.
    pub aliases: Vec<Alias>,
    /// The section headings entries stand under, in the order the file first uses them.
    pub sections: Vec<String>,
}

/// An event with a code of its own: a variant of the generated enum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    /// The variant's identifier, the event's name in the journal.
    pub name: String,
    /// The discriminant: the code the journal records.
    pub code: u32,
    /// What the catalog says about it.
    pub docs: Docs,
}

/// A second name of an event: an associated constant of the generated enum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alias {
    /// The constant's identifier.
    pub name: String,
    /// The event it stands for; never another alias.
    pub target: String,
    /// The code of `target`.
    pub code: u32,
    /// What the catalog says about the alias itself.
    pub docs: Docs,
}

impl Checked {
    /// Every name with its event's code, in the order the name table numbers its keys:
    /// the variants' names (in code order), then the aliases' (in file order). The
    /// layout, the emitted keys and the compatibility record all come from this list.
    pub fn name_keys(&self) -> Vec<(&str, u32)> {
        let variants = self.variants.iter().map(|v| (v.name.as_str(), v.code));
        variants
            .chain(self.aliases.iter().map(|a| (a.name.as_str(), a.code)))
            .collect()
    }
}
