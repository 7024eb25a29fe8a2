//! What examples/journal.rs does with the records, apart from reading arguments and files;
//! tests/journal_tool.rs runs it on tests/fixtures/journal.jsonl.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::io::BufRead;

use primo_events::EventCode;
use primo_events::journal::{Classification, Record, json_lines};

/// Which records count: every condition given must hold.
#[derive(Debug, Default)]
pub struct Filter {
    pub event: Option<EventCode>,
    pub class: Option<Classification>,
    pub user: Option<String>,
    /// Timestamps compare as written: the server writes them in one sortable form.
    pub since: Option<String>,
    pub until: Option<String>,
    pub operation: Option<String>,
}

impl Filter {
    pub fn matches(&self, record: &Record<'_>) -> bool {
        let created = record.created_at.as_deref();
        self.event.is_none_or(|event| record.event == event)
            && self
                .class
                .is_none_or(|class| record.classified_event == Some(class))
            && self
                .user
                .as_deref()
                .is_none_or(|user| record.user_id.as_deref() == Some(user))
            && self
                .since
                .as_deref()
                .is_none_or(|since| created.is_some_and(|c| c >= since))
            && self
                .until
                .as_deref()
                .is_none_or(|until| created.is_some_and(|c| c <= until))
            && self
                .operation
                .as_deref()
                .is_none_or(|key| record.operation_key.as_deref() == Some(key))
    }
}

/// The matching records of a journal, counted, and what did not add up.
#[derive(Debug, Default)]
pub struct Report {
    /// Matching records, in journal order.
    pub records: Vec<Record<'static>>,
    /// Lines that are no record, and records whose `eventName` names another event.
    pub problems: Vec<String>,
}

impl Report {
    /// Reads every line of `input`, keeping the records `filter` matches.
    pub fn read(input: impl BufRead, filter: &Filter) -> Report {
        let mut report = Report::default();
        for result in json_lines(input) {
            match result {
                Ok(record) => {
                    if !filter.matches(&record) {
                        continue;
                    }
                    if let Some(mismatch) = record.name_mismatch() {
                        report
                            .problems
                            .push(format!("{mismatch} ({})", id(&record)));
                    }
                    report.records.push(record);
                }
                Err(error) => report.problems.push(error.to_string()),
            }
        }
        report
    }

    /// Records per event code, unknown codes included.
    pub fn per_event(&self) -> BTreeMap<EventCode, usize> {
        let mut counts = BTreeMap::new();
        for record in &self.records {
            *counts.entry(record.event).or_default() += 1;
        }
        counts
    }

    /// Records per classification; `None` for records without one.
    pub fn per_class(&self) -> BTreeMap<Option<Classification>, usize> {
        let mut counts = BTreeMap::new();
        for record in &self.records {
            *counts.entry(record.classified_event).or_default() += 1;
        }
        counts
    }

    /// The records in the order of their `createdAt` (journal order among equals): one
    /// operation's life cycle, when filtered by operation.
    pub fn in_time_order(&self) -> Vec<&Record<'static>> {
        let mut records: Vec<&Record<'static>> = self.records.iter().collect();
        records.sort_by(|a, b| a.created_at.cmp(&b.created_at));
        records
    }

    /// The matching records as JSON lines.
    pub fn json_lines(&self) -> String {
        let mut out = String::new();
        for record in &self.records {
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string(record).expect("a record serializes")
            );
        }
        out
    }

    /// The life cycle of the records, one line each: time, code and event, class.
    pub fn timeline(&self) -> String {
        let mut out = String::new();
        for record in self.in_time_order() {
            let class = record
                .classified_event
                .map(|c| c.to_string())
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{}  {:<50}  {class}",
                record.created_at.as_deref().unwrap_or("-"),
                record.event.to_string(),
            );
        }
        out
    }
}

/// The record's id, for messages.
fn id(record: &Record<'_>) -> String {
    match record.id.as_deref() {
        Some(id) => format!("record {id}"),
        None => "a record without id".to_owned(),
    }
}

/// The counts, as a table, then the unknown codes and the problems.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "records  event")?;
        let per_event = self.per_event();
        for (code, count) in &per_event {
            writeln!(f, "{count:>7}  {code}")?;
        }
        writeln!(f, "\nrecords  classification")?;
        for (class, count) in self.per_class() {
            let class = class.map_or("(none)".to_owned(), |c| c.to_string());
            writeln!(f, "{count:>7}  {class}")?;
        }
        let unknown: Vec<String> = per_event
            .iter()
            .filter(|(code, _)| code.event().is_none())
            .map(|(code, count)| format!("{} ({count})", code.get()))
            .collect();
        if !unknown.is_empty() {
            writeln!(f, "\ncodes unknown to this build: {}", unknown.join(", "))?;
        }
        if !self.problems.is_empty() {
            writeln!(f, "\nproblems:")?;
            for problem in &self.problems {
                writeln!(f, "  {problem}")?;
            }
        }
        Ok(())
    }
}
