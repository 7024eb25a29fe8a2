//! `journal stats`: records per event, classification, user and day, counted on every
//! core (each block its own counts, added up in input order); never a record kept.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{self, Write};

use primo_events::EventCode;
use primo_events::journal::{Classification, Record};

use super::pipeline::Job;
use super::problems::Problem;
use super::split::Place;

/// A fast hash for the counters' keys (codes, logins, dates): the input is the user's
/// own export, and the maps live for one run, so flooding is no concern; SipHash's cost
/// per record is.
#[derive(Clone, Copy, Debug, Default)]
pub struct FastHash(u64);

impl Hasher for FastHash {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        }
        let mut last = [0; 8];
        last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        self.add(u64::from_le_bytes(last));
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl FastHash {
    /// FxHash's step: rotate, mix in, multiply.
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// Maps with [`FastHash`].
pub type Map<K, V> = HashMap<K, V, BuildHasherDefault<FastHash>>;

/// Counts of records.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Records read.
    pub records: u64,
    /// Per event code, unknown codes included.
    pub events: Map<EventCode, u64>,
    /// Per classification; `None` for a record without one.
    pub classes: Map<Option<Classification>, u64>,
    /// Per user.
    pub users: Tally,
    /// Per day of `createdAt` (its first ten characters, `2024-09-01`).
    pub days: Tally,
    /// Records whose `eventName` names another event than their code.
    pub mismatched: u64,
}

/// Counts every record.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stats;

impl Job for Stats {
    type Part = Counts;

    fn record(
        &self,
        counts: &mut Counts,
        _: &[u8],
        _: Place,
        record: Record<'_>,
        _: &mut Vec<Problem>,
    ) {
        counts.records += 1;
        *counts.events.entry(record.event).or_default() += 1;
        *counts.classes.entry(record.classified_event).or_default() += 1;
        counts.users.count(record.user_id.as_deref());
        counts
            .days
            .count(record.created_at.as_deref().and_then(day));
        counts.mismatched += u64::from(record.name_mismatch().is_some());
    }
}

/// Records per text (a user, a day), and those without one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Per text.
    pub named: Map<String, u64>,
    /// Records without one.
    pub none: u64,
}

impl Tally {
    /// Counts one record with `key`, copying the text only the first time.
    fn count(&mut self, key: Option<&str>) {
        match key {
            None => self.none += 1,
            Some(key) => match self.named.get_mut(key) {
                Some(n) => *n += 1,
                None => {
                    self.named.insert(key.to_owned(), 1);
                }
            },
        }
    }

    fn add(&mut self, other: Tally) {
        self.none += other.none;
        for (key, n) in other.named {
            *self.named.entry(key).or_default() += n;
        }
    }
}

/// The date of a timestamp as the server writes it (`2024-09-01T08:05:00.0`).
fn day(timestamp: &str) -> Option<&str> {
    let date = timestamp.get(..10)?;
    let bytes = date.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    (digits(0..4) && bytes[4] == b'-' && digits(5..7) && bytes[7] == b'-' && digits(8..10))
        .then_some(date)
}

impl Counts {
    /// Adds `other`'s counts to these.
    pub fn add(&mut self, other: Counts) {
        self.records += other.records;
        self.mismatched += other.mismatched;
        for (code, n) in other.events {
            *self.events.entry(code).or_default() += n;
        }
        for (class, n) in other.classes {
            *self.classes.entry(class).or_default() += n;
        }
        self.users.add(other.users);
        self.days.add(other.days);
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
            let sorted: BTreeMap<_, _> = counts.named.iter().collect();
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
