//! A record's strings as its JSON holds them ([`Record::from_json_texts`]), for programs
//! that would rather not decode each one: a count keyed by the text as written decodes
//! each distinct text once, and a copy decodes straight into a buffer of its own. The
//! server writes half its text as `\uXXXX` escapes, and decoding them into new strings
//! was the largest part of counting users that was not reading.

use alloc::borrow::Cow;
use alloc::string::String;

use super::Record;
use super::flat::{Order, Raw, unescape_into, unescaped};
use super::wire::{FIELD_COUNT, FieldSet, STRINGS};

/// One string of a record, as its JSON holds it: the text itself, or the text written
/// with escapes, as between its quotes. The escapes were checked when the record was
/// read, so decoding cannot fail. (A record that only serde_json reads, one with an
/// escaped surrogate pair or a nested value, say, has its strings decoded already: they
/// come as the text itself.)
///
/// The same text may be held either way (`"иван"` and `"\u0438\u0432\u0430\u043d"`):
/// a program keying by [`JsonText::escaped`] decodes each distinct key before putting
/// them together.
///
/// ```
/// use primo_events::journal::{FieldSet, Record, Texts};
///
/// let user = Record::index_of("user_id").unwrap();
/// let line = r#"{"event":2001,"userId":"\u0438\u0432\u0430\u043d"}"#;
/// let mut texts = Texts::of(FieldSet::of(&["user_id"]));
/// let record = Record::from_json_texts(line, FieldSet::ALL, &mut texts)?;
/// assert_eq!(record.user_id, None); // handed over in `texts`, not decoded
/// let held = texts.get(user).unwrap();
/// assert_eq!(held.escaped(), Some(r"\u0438\u0432\u0430\u043d"));
/// assert_eq!(held.plain(), None);
/// assert_eq!(held.decode(), "иван");
/// let mut column = String::from("ivanov,");
/// held.decode_into(&mut column);
/// assert_eq!(column, "ivanov,иван");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct JsonText<'a>(Held<'a>);

#[derive(Clone, Debug)]
enum Held<'a> {
    /// The text: written with no escape (borrowed), or decoded by serde_json.
    Plain(Cow<'a, str>),
    /// Written with escapes, checked.
    Escaped(&'a str),
}

impl<'a> JsonText<'a> {
    /// The text, when it needs no decoding.
    pub fn plain(&self) -> Option<&str> {
        match &self.0 {
            Held::Plain(text) => Some(text),
            Held::Escaped(_) => None,
        }
    }

    /// The text as written between its quotes, when it has escapes.
    pub fn escaped(&self) -> Option<&'a str> {
        match self.0 {
            Held::Plain(_) => None,
            Held::Escaped(written) => Some(written),
        }
    }

    /// The text, borrowed from the JSON when it has no escapes.
    pub fn decode(&self) -> Cow<'a, str> {
        match &self.0 {
            Held::Plain(text) => text.clone(),
            Held::Escaped(written) => Cow::Owned(unescaped(written)),
        }
    }

    /// Appends the text to `out`, with no allocation of its own: the text is never
    /// longer than as held.
    pub fn decode_into(&self, out: &mut String) {
        match &self.0 {
            Held::Plain(text) => out.push_str(text),
            Held::Escaped(written) => unescape_into(written, out),
        }
    }
}

/// The string fields of a record that [`Record::from_json_texts`] hands over as the
/// JSON holds them, by their place in [`Record::FIELDS`]: made with the fields to ask
/// for, and filled anew by each record read with it. Kept from record to record, it
/// also remembers the order the last record's fields came in, which the next is read
/// expecting: an export whose fields come in another order than the server's (keys
/// sorted, say) reads as fast as the server's.
///
/// ```
/// use primo_events::journal::{FieldSet, Record, Texts};
///
/// let export = "{\"event\":2001,\"userId\":\"ivanov\"}\n{\"event\":2007,\"userId\":null}";
/// let user = Record::index_of("user_id").unwrap();
/// let mut texts = Texts::of(FieldSet::of(&["user_id"]));
/// let mut users = Vec::new();
/// for line in export.lines() {
///     Record::from_json_texts(line, FieldSet::NONE, &mut texts)?;
///     users.push(texts.get(user).map(|held| held.decode()));
/// }
/// assert_eq!(users, [Some("ivanov".into()), None]);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Texts<'a> {
    /// The string fields asked for.
    asked: FieldSet,
    held: [Option<JsonText<'a>>; FIELD_COUNT],
    /// The order of the fields in the last flat record read, tried first in the next.
    order: Order,
}

impl<'a> Texts<'a> {
    /// Asks for the string fields of `fields` (the others are never held).
    pub fn of(fields: FieldSet) -> Texts<'a> {
        Texts {
            asked: fields.and(STRINGS),
            held: Default::default(),
            order: Order::NAMES,
        }
    }

    /// The string of field `index` of [`Record::FIELDS`]: `None` when it is null or
    /// absent, was not asked for, or the field holds no string.
    pub fn get(&self, index: usize) -> Option<&JsonText<'a>> {
        self.held.get(index)?.as_ref()
    }
}

/// What a reader keeps from one record to the next: the order of the fields, and, in
/// [`Texts`], the strings asked for as held (an [`Order`] alone holds none).
pub(super) trait Hold<'a> {
    /// The string fields asked for.
    fn asked(&self) -> FieldSet;

    /// Holds the strings asked for from the values of a flat record whose types were
    /// checked.
    fn hold_raw(&mut self, raw: &[Option<Raw<'a>>; FIELD_COUNT]);

    /// Holds the strings asked for, moved out of a record serde_json read.
    fn take(&mut self, record: &mut Record<'a>);

    /// Holds nothing.
    fn clear(&mut self);

    /// The order of the fields expected, and read.
    fn order(&mut self) -> &mut Order;
}

impl<'a> Hold<'a> for Texts<'a> {
    fn asked(&self) -> FieldSet {
        self.asked
    }

    fn hold_raw(&mut self, raw: &[Option<Raw<'a>>; FIELD_COUNT]) {
        for index in self.asked.indexes() {
            self.held[index] = match raw[index] {
                Some(Raw::Str(text)) => Some(JsonText(Held::Plain(Cow::Borrowed(text)))),
                Some(Raw::Escaped(written)) => Some(JsonText(Held::Escaped(written))),
                _ => None,
            };
        }
    }

    fn take(&mut self, record: &mut Record<'a>) {
        for index in self.asked.indexes() {
            self.held[index] = record
                .take_text(index)
                .flatten()
                .map(|t| JsonText(Held::Plain(t)));
        }
    }

    fn clear(&mut self) {
        self.held = Default::default();
    }

    fn order(&mut self) -> &mut Order {
        &mut self.order
    }
}

impl<'a> Hold<'a> for Order {
    fn asked(&self) -> FieldSet {
        FieldSet::NONE
    }

    fn hold_raw(&mut self, _: &[Option<Raw<'a>>; FIELD_COUNT]) {}

    fn take(&mut self, _: &mut Record<'a>) {}

    fn clear(&mut self) {}

    fn order(&mut self) -> &mut Order {
        self
    }
}
