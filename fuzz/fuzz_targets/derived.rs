//! The journal record as `#[derive(Deserialize)]` reads it: the oracle the hand-written
//! impls and the reader are held to.

use std::borrow::Cow;

use primo_events::EventCode;
use primo_events::journal::{Classification, Record};
use serde::{Deserialize, Deserializer, Serialize};

/// `journal::Record`, derived.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Derived<'a> {
    #[serde(default, borrow, deserialize_with = "borrowed")]
    id: Option<Cow<'a, str>>,
    event: EventCode,
    #[serde(default, borrow, deserialize_with = "borrowed")]
    entity_data: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "borrowed")]
    user_id: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "borrowed")]
    api_created_at: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "borrowed")]
    created_at: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "borrowed")]
    signature: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "borrowed")]
    text: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "borrowed")]
    ip: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "borrowed")]
    tenant_id: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "borrowed")]
    node_id: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "borrowed")]
    operation_key: Option<Cow<'a, str>>,
    #[serde(default)]
    classified_event: Option<Classification>,
    #[serde(default)]
    valid_signature: Option<bool>,
    #[serde(default, borrow, deserialize_with = "borrowed")]
    event_name: Option<Cow<'a, str>>,
    #[serde(default)]
    index: Option<u64>,
}

fn borrowed<'de: 'a, 'a, D: Deserializer<'de>>(d: D) -> Result<Option<Cow<'a, str>>, D::Error> {
    #[derive(Deserialize)]
    struct Borrowed<'a>(#[serde(borrow)] Cow<'a, str>);
    Ok(Option::<Borrowed<'a>>::deserialize(d)?.map(|b| b.0))
}

impl<'a> From<Record<'a>> for Derived<'a> {
    fn from(r: Record<'a>) -> Self {
        Derived {
            id: r.id,
            event: r.event,
            entity_data: r.entity_data,
            user_id: r.user_id,
            api_created_at: r.api_created_at,
            created_at: r.created_at,
            signature: r.signature,
            text: r.text,
            ip: r.ip,
            tenant_id: r.tenant_id,
            node_id: r.node_id,
            operation_key: r.operation_key,
            classified_event: r.classified_event,
            valid_signature: r.valid_signature,
            event_name: r.event_name,
            index: r.index,
        }
    }
}
