//! Counting journal records per event; shared with tests/journal.rs.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, BufRead};

use primo_events::{Event, EventCode};
use serde::Deserialize;

/// The fields of a journal record that matter here; the others are ignored.
#[derive(Deserialize)]
struct Record {
    event: EventCode,
    #[serde(rename = "eventName")]
    event_name: Option<String>,
}

/// Records per event code, and what did not add up.
#[derive(Debug, Default)]
pub struct Summary {
    pub counts: BTreeMap<EventCode, usize>,
    /// One line per record that is not JSON, has no usable `event`, or whose `eventName`
    /// names another event than its code.
    pub problems: Vec<String>,
}

impl Summary {
    pub fn read(input: impl BufRead) -> io::Result<Summary> {
        let mut summary = Summary::default();
        for (number, line) in (1..).zip(input.lines()) {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Record>(&line) {
                Ok(record) => {
                    if let Some(problem) = mismatch(&record) {
                        summary.problems.push(format!("line {number}: {problem}"));
                    }
                    *summary.counts.entry(record.event).or_default() += 1;
                }
                Err(e) => summary.problems.push(format!("line {number}: {e}")),
            }
        }
        Ok(summary)
    }
}

/// How `eventName` disagrees with `event`, if it does. An alias agrees with its event.
fn mismatch(record: &Record) -> Option<String> {
    let name = record.event_name.as_deref()?;
    let named = Event::from_name(name);
    match (record.event.event(), named) {
        (Some(event), Some(named)) if event == named => None,
        (Some(event), _) => Some(format!(
            "event {} is {event}, but eventName is {name:?}",
            record.event.get()
        )),
        (None, Some(named)) => Some(format!(
            "event {} is unknown to this build, but eventName {name:?} is code {}",
            record.event.get(),
            named.code()
        )),
        (None, None) => None,
    }
}

/// A table, most frequent first.
impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rows: Vec<(&EventCode, &usize)> = self.counts.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        writeln!(f, "{:>7}  event", "records")?;
        for (code, count) in rows {
            writeln!(f, "{count:>7}  {code}")?;
        }
        for problem in &self.problems {
            writeln!(f, "problem: {problem}")?;
        }
        Ok(())
    }
}
