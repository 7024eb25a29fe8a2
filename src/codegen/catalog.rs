//! The two shapes of the catalog: as written in events.md ([`Catalog`], every entry
//! located, nothing validated) and as the generator emits it ([`Checked`]).

use super::diagnostic::Pos;
use super::table::{CodeTable, NameTable};

/// What events.md says, entry by entry, in file order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Catalog {
    pub entries: Vec<Entry>,
}

/// One table row or code-block line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub name_pos: Pos,
    pub value: Value,
    pub value_pos: Pos,
    pub docs: Docs,
    /// The name is struck through (`~~Name~~`): kept for old code, not for new.
    pub deprecated: bool,
}

/// What stands where the code goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Code(u32),
    /// The name of another event whose code this entry shares.
    Alias(String),
}

/// A catalog the generator can emit: unique names, unique codes, resolved aliases.
#[derive(Debug, PartialEq, Eq)]
pub struct Checked {
    /// Sorted by code.
    pub events: Vec<Event>,
    /// In file order.
    pub aliases: Vec<Alias>,
    /// From each event's code to its index in `events`.
    pub code_table: CodeTable,
    /// From each name, events' then aliases', to its slot.
    pub name_table: NameTable,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub name: String,
    pub code: u32,
    pub docs: Docs,
}

/// What the catalog says about an entry besides its name and code. A new column of the
/// catalog is a field here, read in `parse` and written in `emit`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Docs {
    pub description: Option<String>,
    /// Text of the nearest heading above the entry, if it has any.
    pub section: Option<String>,
    /// A remark for readers of the docs, such as why an event is kept
    /// (the `Note` / `Примечание` column).
    pub note: Option<String>,
}

/// Every name with its event's code, in the order the name table numbers its keys: the
/// events' names (in code order), then the aliases' (in file order). `check` lays the
/// table out and `emit` writes the keys from this one list, so the two cannot disagree.
pub fn name_keys<'a>(events: &'a [Event], aliases: &'a [Alias]) -> Vec<(&'a str, u32)> {
    let events = events.iter().map(|e| (e.name.as_str(), e.code));
    events
        .chain(aliases.iter().map(|a| (a.name.as_str(), a.code)))
        .collect()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alias {
    pub name: String,
    /// The event it stands for; never another alias.
    pub target: String,
    pub code: u32,
    pub docs: Docs,
    /// An old name, kept so that code using it still compiles (with a warning).
    pub deprecated: bool,
}
