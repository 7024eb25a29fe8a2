//! [`Record`] declared once, and on the wire: serde by hand rather than derived, so that the crate needs
//! `serde_core` alone (and compiles beside serde_derive, not after it), and so that a
//! record's keys are told apart by their length and a byte or two before one string
//! comparison. The field table below is the one list of the record's wire names; it
//! reads and writes exactly what `#[derive(Serialize, Deserialize)]` with
//! `rename_all = "camelCase"` and `default` on every field but `event` would (the fuzz
//! target `record` compares the two on any input).

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use serde_core::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_core::ser::{Serialize, SerializeStruct, Serializer};

use super::Classification;
use super::flat::{FromRaw, Raw};
use crate::EventCode;

/// An optional string of a record: borrowed from the input when it has no escapes.
struct Text<'a>(Option<Cow<'a, str>>);

impl<'a> From<Text<'a>> for Option<Cow<'a, str>> {
    fn from(text: Text<'a>) -> Self {
        text.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_option(TextVisitor(PhantomData))
    }
}

struct TextVisitor<'a>(PhantomData<&'a str>);

impl<'de: 'a, 'a> Visitor<'de> for TextVisitor<'a> {
    type Value = Text<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Text(None))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Text(None))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(Text(Some(Cow::Borrowed(text))))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Text(Some(Cow::Owned(String::from(text)))))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(Text(Some(Cow::Owned(text))))
    }

    fn visit_borrowed_bytes<E: de::Error>(self, bytes: &'de [u8]) -> Result<Self::Value, E> {
        match core::str::from_utf8(bytes) {
            Ok(text) => self.visit_borrowed_str(text),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(bytes), &self)),
        }
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Self::Value, E> {
        match core::str::from_utf8(bytes) {
            Ok(text) => self.visit_str(text),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(bytes), &self)),
        }
    }

    fn visit_byte_buf<E: de::Error>(self, bytes: Vec<u8>) -> Result<Self::Value, E> {
        match String::from_utf8(bytes) {
            Ok(text) => self.visit_string(text),
            Err(e) => Err(E::invalid_value(de::Unexpected::Bytes(e.as_bytes()), &self)),
        }
    }
}

/// The one declaration of the record's fields: the struct, [`Record::into_owned`], the
/// serde impls, the fast reader's keys ([`field_index`]) and the public table
/// [`Record::FIELDS`] (wire name, Rust name, doc, how it is exported) all follow from
/// it. Each field: its docs, `name: kind = "wireName"`, `required` after it for the one field
/// without a default, and `export` with an [`Export`]. The kinds: `text` (an optional
/// string, borrowed when it has no escapes), `code` (an [`EventCode`]), `class` (an
/// optional [`Classification`]), `flag` (an optional bool), `number` (an optional u64).
macro_rules! record {
    (
        $(#[$struct_meta:meta])*
        pub struct Record {
            $(
                $(#[doc = $doc:literal])*
                $field:ident: $kind:ident = $name:literal $($required:ident)?, export $export:ident;
            )*
        }
    ) => {
        $(#[$struct_meta])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct Record<'a> {
            $(
                $(#[doc = $doc])*
                pub $field: record!(@type $kind),
            )*
        }

        impl<'a> Record<'a> {
            /// Every field of a record, in order: what a program that writes records to
            /// another format (as the tool's Parquet export does) goes through, so that
            /// a field the server adds reaches it with no change of its own.
            ///
            /// ```
            /// use primo_events::journal::{Export, Record};
            ///
            /// let created = Record::FIELDS.iter().find(|f| f.name() == "created_at").unwrap();
            /// assert_eq!((created.wire(), created.export()), ("createdAt", Export::Timestamp));
            /// ```
            pub const FIELDS: &'static [Field] = &[
                $(Field {
                    wire: $name,
                    name: stringify!($field),
                    doc: concat!($($doc, "\n"),*),
                    export: Export::$export,
                }),*
            ];

            /// The value of field `index` of [`Record::FIELDS`] (`None` past the last).
            pub fn value(&self, index: usize) -> Option<Value<'_>> {
                let mut at = 0;
                $(
                    if index == at {
                        return Some(record!(@value $kind self.$field));
                    }
                    at += 1;
                )*
                let _ = at;
                None
            }

            /// The same record, its strings copied out of the text it was read from.
            pub fn into_owned(self) -> Record<'static> {
                Record {
                    $($field: record!(@own $kind self.$field),)*
                }
            }

            /// Field `index` moved out of the record, if it is a string field (`None`
            /// for a field of another kind).
            pub(super) fn take_text(&mut self, index: usize) -> Option<Option<Cow<'a, str>>> {
                let mut at = 0;
                $(
                    if index == at {
                        return record!(@take_text $kind self.$field);
                    }
                    at += 1;
                )*
                let _ = at;
                None
            }

            /// The record from the values of a flat object, by field index, the fields
            /// outside `only` checked but left empty; `None` when a value is not what the
            /// field takes, or `event` is missing. Always inlined: the record is made
            /// where its reader returns it.
            #[inline(always)]
            pub(super) fn from_raw(
                raw: &[Option<Raw<'a>>; FIELD_COUNT],
                only: FieldSet,
            ) -> Option<Record<'a>> {
                // Through a reference: `into_iter()` moved the whole table into the
                // iterator, a copy that cost 4% of `journal stats`' instructions.
                let mut raw = raw.iter().copied().enumerate();
                Some(Record {
                    $($field: record!(@raw raw only $kind $($required)?),)*
                })
            }

            /// Empties the fields outside `only` (`event`, which every record has, stays).
            pub(super) fn keep_only(&mut self, only: FieldSet) {
                let mut at = 0;
                $(
                    if !only.contains(at) {
                        record!(@clear self.$field, $($required)?);
                    }
                    at += 1;
                )*
                let _ = at;
            }
        }

        /// The wire names, in order.
        pub(super) const NAMES: &[&str] = &[$($name),*];

        /// The number of fields.
        pub(super) const FIELD_COUNT: usize = NAMES.len();

        /// The fields that hold strings.
        pub(super) const STRINGS: FieldSet = {
            let strings = [$(record!(@string $kind)),*];
            let mut set = 0;
            let mut at = 0;
            while at < strings.len() {
                if strings[at] {
                    set |= 1 << at;
                }
                at += 1;
            }
            FieldSet(set)
        };

        /// A key of a record object: the index of its field, or `None` for a key the
        /// record does not keep. Length, first and last byte tell the names apart; the
        /// one string comparison confirms.
        pub(super) fn field_index(key: &str) -> Option<usize> {
            let bytes = key.as_bytes();
            let (&first, &last) = (bytes.first()?, bytes.last()?);
            NAMES.iter().position(|name| {
                let name_bytes = name.as_bytes();
                name_bytes.len() == bytes.len()
                    && name_bytes[0] == first
                    && name_bytes[name_bytes.len() - 1] == last
                    && *name == key
            })
        }

        impl Serialize for Record<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut record = serializer.serialize_struct("Record", NAMES.len())?;
                $(record.serialize_field($name, &self.$field)?;)*
                record.end()
            }
        }

        impl<'de: 'a, 'a> Visitor<'de> for RecordVisitor<'a> {
            type Value = Record<'a>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a journal record")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record<'a>, A::Error> {
                $(let mut $field: Option<record!(@wire $kind)> = None;)*
                while let Some(Key(index)) = map.next_key::<Key>()? {
                    let mut at = 0;
                    $(
                        if index == Some(at) {
                            if $field.is_some() {
                                return Err(de::Error::duplicate_field($name));
                            }
                            $field = Some(map.next_value()?);
                            continue;
                        }
                        at += 1;
                    )*
                    let _ = at;
                    map.next_value::<IgnoredAny>()?;
                }
                Ok(Record {
                    $($field: record!(@take $field $name $($required)?),)*
                })
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Record<'a>, A::Error> {
                let mut at = 0;
                $(
                    let $field: Option<record!(@wire $kind)> = seq.next_element()?;
                    record!(@seq $field at self $($required)?);
                    at += 1;
                )*
                let _ = at;
                Ok(Record {
                    $($field: record!(@take $field $name $($required)?),)*
                })
            }
        }
    };
    (@type text) => { Option<Cow<'a, str>> };
    (@type code) => { EventCode };
    (@type class) => { Option<Classification> };
    (@type flag) => { Option<bool> };
    (@type number) => { Option<u64> };
    (@wire text) => { Text<'a> };
    (@wire $kind:ident) => { record!(@type $kind) };
    (@string text) => { true };
    (@string $kind:ident) => { false };
    (@take_text text $place:expr) => { Some($place.take()) };
    (@take_text $kind:ident $place:expr) => { None };
    (@own text $value:expr) => { $value.map(|t| Cow::Owned(t.into_owned())) };
    (@own $kind:ident $value:expr) => { $value };
    (@value text $value:expr) => { Value::Text($value.as_deref()) };
    (@value code $value:expr) => { Value::Code($value) };
    (@value class $value:expr) => { Value::Number($value.map(|c| u64::from(c.number()))) };
    (@value flag $value:expr) => { Value::Bool($value) };
    (@value number $value:expr) => { Value::Number($value) };
    (@take $field:ident $name:literal required) => {
        $field.ok_or_else(|| de::Error::missing_field($name))?
    };
    (@take $field:ident $name:literal) => {
        $field.map(Into::into).unwrap_or_default()
    };
    (@seq $field:ident $at:ident $visitor:ident required) => {
        if $field.is_none() {
            return Err(de::Error::invalid_length($at, &$visitor));
        }
    };
    (@seq $field:ident $at:ident $visitor:ident) => {};
    (@raw $raw:ident $only:ident $kind:ident required) => {
        FromRaw::from_raw($raw.next()?.1?)?
    };
    (@raw $raw:ident $only:ident $kind:ident) => {
        match $raw.next()? {
            (at, Some(value)) if $only.contains(at) => FromRaw::from_raw(value)?,
            (_, Some(value)) => <record!(@type $kind) as FromRaw>::check(value).map(|()| None)?,
            (_, None) => None,
        }
    };
    (@clear $place:expr, required) => {};
    (@clear $place:expr,) => {
        $place = None
    };
}

record! {
    /// One journal record. Every field but `event` may be null or absent in the JSON, and
    /// is then `None`; a record with every field serializes back to the same fields and
    /// values.
    ///
    /// ```
    /// use primo_events::Event;
    /// use primo_events::journal::{Classification, Record};
    ///
    /// let line = r#"{"event":2007,"eventName":"Login","userId":"ivanov","classifiedEvent":1}"#;
    /// let record: Record = serde_json::from_str(line).unwrap();
    /// assert_eq!(record.event(), Some(Event::LogOut));
    /// assert_eq!(record.user_id.as_deref(), Some("ivanov")); // borrowed from `line`
    /// assert_eq!(record.classified_event, Some(Classification::INFORMATION));
    /// // The server's eventName disagrees with its code: said, not hidden.
    /// let mismatch = record.name_mismatch().unwrap();
    /// assert_eq!(mismatch.to_string(), r#"event 2007 is LogOut, but eventName is "Login""#);
    /// let kept: Record<'static> = record.into_owned(); // outlives `line`
    /// ```
    ///
    /// On the wire the fields are camelCase (`entityData`, `classifiedEvent`); unknown
    /// fields are read past. The struct is `#[non_exhaustive]`: the server adds fields
    /// over time, and a new one is a minor release of this crate.
    pub struct Record {
        /// The record's id, a UUID.
        id: text = "id", export Text;
        /// The event's code.
        event: code = "event" required, export Code;
        /// What the event concerns; its form depends on the event (`"logs, tenantId="`).
        entity_data: text = "entityData", export Text;
        /// The login of the user the event belongs to.
        user_id: text = "userId", export Text;
        /// When the API received it, as written (`2024-08-31T23:35:58.29378`, no zone).
        api_created_at: text = "apiCreatedAt", export Timestamp;
        /// When it was recorded, as written.
        created_at: text = "createdAt", export Timestamp;
        /// Hex digest of the record, made with a secret of the server.
        signature: text = "signature", export Text;
        /// Free text, mostly on errors.
        text: text = "text", export Text;
        /// The client's address, as written.
        ip: text = "ip", export Text;
        /// The tenant; absent for the default tenant.
        tenant_id: text = "tenantId", export Text;
        /// The cluster node that wrote the record.
        node_id: text = "nodeId", export Text;
        /// Groups the events of one business operation, such as the whole life of an
        /// inference process.
        operation_key: text = "operationKey", export Text;
        /// What kind of record it is.
        classified_event: class = "classifiedEvent", export U8;
        /// Whether the Logs API verified the signature.
        valid_signature: flag = "validSignature", export Bool;
        /// The event's name as the server wrote it: an alias stays what it was
        /// (`TrainProcessTimeout`), though [`Record::event`] gives its event.
        event_name: text = "eventName", export Text;
        /// The record's position in the journal view it was read from.
        index: number = "index", export U64;
    }
}

impl Record<'_> {
    /// The place in [`Record::FIELDS`] of the field of this Rust name (`"user_id"`, as
    /// in [`Field::name`]): what [`Record::value`] and [`Texts::get`](super::Texts::get)
    /// take.
    ///
    /// ```
    /// use primo_events::journal::Record;
    ///
    /// const USER: usize = Record::index_of("user_id").unwrap();
    /// assert_eq!(Record::FIELDS[USER].wire(), "userId");
    /// assert_eq!(Record::index_of("userId"), None); // the wire name is not the Rust name
    /// ```
    pub const fn index_of(name: &str) -> Option<usize> {
        let mut at = 0;
        while at < Record::FIELDS.len() {
            if same(Record::FIELDS[at].name().as_bytes(), name.as_bytes()) {
                return Some(at);
            }
            at += 1;
        }
        None
    }
}

/// One field of a [`Record`], from [`Record::FIELDS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    wire: &'static str,
    name: &'static str,
    doc: &'static str,
    export: Export,
}

impl Field {
    /// Its name in the server's JSON (`createdAt`).
    pub const fn wire(&self) -> &'static str {
        self.wire
    }

    /// Its name in Rust, and as a column (`created_at`).
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// What it holds, in words (its Rust docs).
    pub const fn doc(&self) -> &'static str {
        self.doc
    }

    /// How it goes to a columnar format.
    pub const fn export(&self) -> Export {
        self.export
    }
}

/// How a field goes to a columnar format such as Parquet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Export {
    /// Text as written.
    Text,
    /// Text in the server's time form (`2024-08-31T23:35:58.29378`, no zone), as a
    /// timestamp without zone; other text is no time.
    Timestamp,
    /// The event code: an unsigned 32-bit number, never null.
    Code,
    /// An unsigned number of 8 bits at most (a larger one does not fit).
    U8,
    /// A boolean.
    Bool,
    /// An unsigned 64-bit number.
    U64,
}

/// The value of one field of a record, from [`Record::value`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Value<'r> {
    /// A string field.
    Text(Option<&'r str>),
    /// The event code.
    Code(EventCode),
    /// A number field (a classification as its number).
    Number(Option<u64>),
    /// A boolean field.
    Bool(Option<bool>),
}

struct RecordVisitor<'a>(PhantomData<Record<'a>>);

impl<'de: 'a, 'a> Deserialize<'de> for Record<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct("Record", NAMES, RecordVisitor(PhantomData))
    }
}

/// A key of a record: which field, if any.
struct Key(Option<usize>);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field of a journal record")
    }

    fn visit_u64<E: de::Error>(self, index: u64) -> Result<Key, E> {
        Ok(Key(usize::try_from(index)
            .ok()
            .filter(|&i| i < NAMES.len())))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(Key(field_index(key)))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Key, E> {
        Ok(Key(core::str::from_utf8(key).ok().and_then(field_index)))
    }
}

/// Some of a record's fields, by their place in [`Record::FIELDS`]: what a program reads
/// with [`Record::from_json_fields`] when it needs only these, or asks
/// [`Record::from_json_texts`] to hand over as held.
///
/// ```
/// use primo_events::journal::{FieldSet, Record};
///
/// const WHO: FieldSet = FieldSet::of(&["user_id", "created_at"]);
/// assert!(WHO.contains(Record::index_of("user_id").unwrap()));
/// assert!(!WHO.contains(0));
/// ```
///
/// A name that is no field's stops the build (here the wire name, not the Rust one):
///
/// ```compile_fail
/// use primo_events::journal::FieldSet;
///
/// const WHO: FieldSet = FieldSet::of(&["userId"]);
/// assert!(!WHO.contains(0));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldSet(u64);

// One bit per field.
const _: () = assert!(Record::FIELDS.len() <= 64);

impl FieldSet {
    /// Every field.
    pub const ALL: FieldSet = FieldSet(u64::MAX);

    /// No field.
    pub const NONE: FieldSet = FieldSet(0);

    /// The fields of these Rust names (`"user_id"`, as in [`Field::name`]); a name that
    /// is no field is an error at compile time in a `const`, a panic elsewhere.
    pub const fn of(names: &[&str]) -> FieldSet {
        let mut set = 0;
        let mut n = 0;
        while n < names.len() {
            match Record::index_of(names[n]) {
                Some(at) => set |= 1 << at,
                None => panic!("not a field of Record"),
            }
            n += 1;
        }
        FieldSet(set)
    }

    /// The fields that go to a columnar format as `export` says ([`Field::export`]).
    ///
    /// ```
    /// use primo_events::journal::{Export, FieldSet, Record};
    ///
    /// const TIMES: FieldSet = FieldSet::exported_as(Export::Timestamp);
    /// assert!(TIMES.contains(Record::index_of("created_at").unwrap()));
    /// assert!(!TIMES.contains(Record::index_of("user_id").unwrap()));
    /// ```
    pub const fn exported_as(export: Export) -> FieldSet {
        let mut set = 0;
        let mut at = 0;
        while at < Record::FIELDS.len() {
            // A fieldless enum: its discriminants compare in a `const fn`, where `==`
            // cannot be called.
            if Record::FIELDS[at].export() as u8 == export as u8 {
                set |= 1 << at;
            }
            at += 1;
        }
        FieldSet(set)
    }

    /// Whether the field at `index` of [`Record::FIELDS`] is in the set.
    pub const fn contains(self, index: usize) -> bool {
        index < 64 && self.0 & (1 << index) != 0
    }

    /// The fields of both sets.
    pub(super) const fn and(self, other: FieldSet) -> FieldSet {
        FieldSet(self.0 & other.0)
    }

    /// The fields of this set that are not in `other`.
    pub(super) const fn without(self, other: FieldSet) -> FieldSet {
        FieldSet(self.0 & !other.0)
    }

    /// The indexes of the fields in the set, in order.
    pub(super) fn indexes(self) -> impl Iterator<Item = usize> {
        let mut rest = self.0;
        core::iter::from_fn(move || {
            let index = rest.trailing_zeros() as usize;
            rest &= rest.wrapping_sub(1);
            (index < 64).then_some(index)
        })
    }
}

/// `a == b`, in a `const fn`.
const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut at = 0;
    while at < a.len() {
        if a[at] != b[at] {
            return false;
        }
        at += 1;
    }
    true
}
