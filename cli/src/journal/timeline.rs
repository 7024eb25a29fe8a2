//! `journal timeline`: one operation's records in time order. Only that operation's
//! records are kept.

use std::io::{self, Write};

use primo_events::journal::{FieldSet, Place, Record, Texts};

use super::filter::Filter;
use super::pipeline::Job;
use super::problems::Found;
use super::timestamp::Time;

/// Keeps the records `filter` matches (one operation's, as the command sets it).
#[derive(Clone, Debug, Default)]
pub struct Timeline(pub Filter);

impl Job for Timeline {
    type Part = Vec<Record<'static>>;
    type Kept = ();
    const FIELDS: FieldSet = Filter::FIELDS;

    fn record(
        &self,
        records: &mut Vec<Record<'static>>,
        _: &mut (),
        _: &[u8],
        _: Place,
        record: Record<'_>,
        _: &Texts<'_>,
        _: &mut Found,
    ) {
        if self.0.matches(&record) {
            records.push(record.into_owned());
        }
    }
}

/// Writes `records` in the order of their `createdAt` as times (input order among equals,
/// and records without a time first), one line each: time as written, code and event,
/// classification.
pub fn write(records: &mut [Record<'static>], out: &mut impl Write) -> io::Result<()> {
    records.sort_by_cached_key(|record| record.created_at.as_deref().and_then(Time::parse));
    for record in records.iter() {
        let class = record
            .classified_event
            .map(|c| c.to_string())
            .unwrap_or_default();
        let event = record.event.to_string();
        let time = record.created_at.as_deref().unwrap_or("-");
        writeln!(out, "{time}  {event:<50}  {class}")?;
    }
    Ok(())
}
