//! [`Record`] on the wire: serde by hand rather than derived, so that the crate needs
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

use super::flat::{FromRaw, Raw};
use super::{Classification, Record};
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

/// The record's fields in order, each with its wire name and the type read for it; the
/// one field without a default (`event`) is `required`.
macro_rules! record_fields {
    ($($field:ident $name:literal $wire:ty $(, $required:ident)?;)*) => {
        /// The wire names, in order.
        const FIELDS: &[&str] = &[$($name),*];

        /// The number of fields.
        pub(super) const FIELD_COUNT: usize = FIELDS.len();

        impl<'a> Record<'a> {
            /// The record from the values of a flat object, by field index; `None` when a
            /// value is not what the field takes, or `event` is missing.
            pub(super) fn from_raw(raw: [Option<Raw<'a>>; FIELD_COUNT]) -> Option<Record<'a>> {
                let mut raw = raw.into_iter();
                Some(Record {
                    $($field: record_fields!(@raw raw $($required)?),)*
                })
            }
        }

        /// A key of a record object: the index of its field, or `None` for a key the
        /// record does not keep. Length, first and last byte tell the names apart; the
        /// one string comparison confirms.
        pub(super) fn field_index(key: &str) -> Option<usize> {
            let bytes = key.as_bytes();
            let (&first, &last) = (bytes.first()?, bytes.last()?);
            FIELDS.iter().position(|name| {
                let name_bytes = name.as_bytes();
                name_bytes.len() == bytes.len()
                    && name_bytes[0] == first
                    && name_bytes[name_bytes.len() - 1] == last
                    && *name == key
            })
        }

        impl Serialize for Record<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut record = serializer.serialize_struct("Record", FIELDS.len())?;
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
                $(let mut $field: Option<$wire> = None;)*
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
                    $($field: record_fields!(@take $field $name $($required)?),)*
                })
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Record<'a>, A::Error> {
                let mut at = 0;
                $(
                    let $field: Option<$wire> = seq.next_element()?;
                    record_fields!(@seq $field at self $($required)?);
                    at += 1;
                )*
                let _ = at;
                Ok(Record {
                    $($field: record_fields!(@take $field $name $($required)?),)*
                })
            }
        }
    };
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
    (@raw $raw:ident required) => {
        FromRaw::from_raw($raw.next().flatten()?)?
    };
    (@raw $raw:ident) => {
        match $raw.next().flatten() {
            Some(value) => FromRaw::from_raw(value)?,
            None => None,
        }
    };
}

record_fields! {
    id "id" Text<'a>;
    event "event" EventCode, required;
    entity_data "entityData" Text<'a>;
    user_id "userId" Text<'a>;
    api_created_at "apiCreatedAt" Text<'a>;
    created_at "createdAt" Text<'a>;
    signature "signature" Text<'a>;
    text "text" Text<'a>;
    ip "ip" Text<'a>;
    tenant_id "tenantId" Text<'a>;
    node_id "nodeId" Text<'a>;
    operation_key "operationKey" Text<'a>;
    classified_event "classifiedEvent" Option<Classification>;
    valid_signature "validSignature" Option<bool>;
    event_name "eventName" Text<'a>;
    index "index" Option<u64>;
}

struct RecordVisitor<'a>(PhantomData<Record<'a>>);

impl<'de: 'a, 'a> Deserialize<'de> for Record<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct("Record", FIELDS, RecordVisitor(PhantomData))
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
            .filter(|&i| i < FIELDS.len())))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(Key(field_index(key)))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Key, E> {
        Ok(Key(core::str::from_utf8(key).ok().and_then(field_index)))
    }
}
