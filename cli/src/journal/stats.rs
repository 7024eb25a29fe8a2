//! `journal stats`: records per event, classification, user and day, counted on every
//! core (each thread its own counts, added up when it is done); never a record kept.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

use primo_events::EventCode;
use primo_events::journal::{Classification, FieldSet, Place, Record, Texts};

use super::pipeline::Job;
use super::problems::Found;
use super::tally::Tally;
use super::timestamp;

/// Maps keyed by the input (codes, classifications; users and days are tallies) hash
/// with a seed of their own, so that keys built to collide cost what any others do;
/// foldhash is as fast as FxHash here.
pub type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Counts of records.
#[derive(Clone, Debug, Default)]
pub struct Counts {
    /// Records read.
    pub records: u64,
    /// Per event code, unknown codes included.
    pub events: Map<EventCode, u64>,
    /// Per classification; `None` for a record without one.
    pub classes: Map<Option<Classification>, u64>,
    /// Per user.
    pub users: Tally,
    /// Per day of `createdAt` (`2024-09-01`), for the records whose `createdAt` reads
    /// as a time.
    pub days: Tally,
    /// Records whose `eventName` names another event than their code.
    pub mismatched: u64,
    /// How the days are read (the last date read, remembered).
    dates: timestamp::Dates,
}

/// Counts every record.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stats;

/// Where the user is in a record's fields.
const USER: usize = Record::index_of("user_id").expect("a field");

impl Job for Stats {
    /// Nothing: counts do not depend on the order of the records, so each thread keeps
    /// its own from block to block.
    type Part = ();
    type Kept = Counts;
    const FIELDS: FieldSet = FieldSet::of(&["event_name", "classified_event", "created_at"]);
    // Users are counted by the text as written, each distinct one decoded once a thread:
    // decoding every escaped name took 6% of the command's time.
    const TEXTS: FieldSet = FieldSet::of(&["user_id"]);

    fn record(
        &self,
        (): &mut (),
        counts: &mut Counts,
        _: &[u8],
        _: Place,
        record: Record<'_>,
        texts: &Texts<'_>,
        _: &mut Found,
    ) {
        counts.records += 1;
        *counts.events.entry(record.event).or_default() += 1;
        *counts.classes.entry(record.classified_event).or_default() += 1;
        counts.users.count_text(texts.get(USER));
        let day = record
            .created_at
            .as_deref()
            .and_then(|t| counts.dates.day(t));
        counts.days.count(day);
        counts.mismatched += u64::from(record.name_mismatch().is_some());
    }
}

impl Counts {
    /// Adds `other`'s counts to these.
    pub fn add(&mut self, mut other: Counts) {
        // The smaller counts go into the larger: a thread's counts of a journal whose
        // every record has a user of its own were copied whole into empty ones.
        if other.records > self.records {
            std::mem::swap(self, &mut other);
        }
        self.records += other.records;
        self.mismatched += other.mismatched;
        for (code, n) in other.events {
            *self.events.entry(code).or_default() += n;
        }
        for (class, n) in other.classes {
            *self.classes.entry(class).or_default() += n;
        }
        self.users.add(&other.users);
        self.days.add(&other.days);
    }

    /// The counts as one JSON object: records, problems, and each table of the text
    /// form, in the same order (events by code with their names, classifications, users
    /// and days by name, the codes this build does not know); its keys in order, as
    /// serde_json writes an object. Written a row at a time: built whole, the object of
    /// a journal whose every record has a user of its own took twenty times the
    /// journal's size.
    pub fn write_json(&self, problems: u64, out: &mut impl Write) -> io::Result<()> {
        use serde_json::json;
        let events: BTreeMap<_, _> = self.events.iter().collect();
        let classes: BTreeMap<_, _> = self.classes.iter().collect();
        let classes = classes.iter().map(|(class, n)| {
            json!({
                "number": class.map(|c| c.number()),
                "name": class.map(|c| c.to_string()),
                "records": n,
            })
        });
        write!(out, "{{\"classifications\":")?;
        array(classes, out)?;
        write!(out, ",\"days\":")?;
        array(named(&self.days), out)?;
        write!(out, ",\"events\":")?;
        let rows = events.iter().map(|(code, n)| {
            json!({
                "code": code.get(),
                "name": code.event().map(|e| e.name()),
                "records": n,
            })
        });
        array(rows, out)?;
        write!(
            out,
            ",\"name_mismatches\":{},\"problems\":{problems},\"records\":{},\"unknown_codes\":",
            self.mismatched, self.records
        )?;
        let unknown = events.iter().filter(|(code, _)| code.event().is_none());
        array(
            unknown.map(|(code, n)| json!({"code": code.get(), "records": n})),
            out,
        )?;
        write!(out, ",\"users\":")?;
        array(named(&self.users), out)?;
        writeln!(out, "}}")
    }

    /// The counts as tables: events by code, classifications, users by name, days in
    /// order; then the codes this build does not know.
    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        writeln!(out, "{} records", self.records)?;
        writeln!(out, "\nrecords  event")?;
        let events: BTreeMap<_, _> = self.events.iter().collect();
        for (code, n) in &events {
            writeln!(out, "{n:>7}  {code}")?;
        }
        writeln!(out, "\nrecords  classification")?;
        let classes: BTreeMap<_, _> = self.classes.iter().collect();
        for (class, n) in classes {
            let class = class.map_or("(none)".to_owned(), |c| c.to_string());
            writeln!(out, "{n:>7}  {class}")?;
        }
        for (title, counts) in [("user", &self.users), ("day", &self.days)] {
            writeln!(out, "\nrecords  {title}")?;
            let sorted = counts.sorted();
            for (key, n) in sorted {
                writeln!(out, "{n:>7}  {key}")?;
            }
            if counts.none > 0 {
                writeln!(out, "{:>7}  (none)", counts.none)?;
            }
        }
        let unknown: Vec<String> = events
            .iter()
            .filter(|(code, _)| code.event().is_none())
            .map(|(code, n)| format!("{} ({n})", code.get()))
            .collect();
        if !unknown.is_empty() {
            writeln!(out, "\ncodes unknown to this build: {}", unknown.join(", "))?;
        }
        if self.mismatched > 0 {
            writeln!(
                out,
                "\nrecords whose eventName names another event than their code: {}",
                self.mismatched
            )?;
        }
        Ok(())
    }
}

/// A tally's rows for `write_json`: each text, then the records without one.
fn named(tally: &Tally) -> impl Iterator<Item = serde_json::Value> + '_ {
    let none = (tally.none > 0).then(|| serde_json::json!({"key": null, "records": tally.none}));
    let sorted = tally.sorted().into_iter();
    sorted
        .map(|(key, n)| serde_json::json!({"key": key, "records": n}))
        .chain(none)
}

/// `rows` as a JSON array, a row at a time.
fn array(rows: impl Iterator<Item = serde_json::Value>, out: &mut impl Write) -> io::Result<()> {
    out.write_all(b"[")?;
    for (at, row) in rows.enumerate() {
        if at > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, &row)?;
    }
    out.write_all(b"]")
}
