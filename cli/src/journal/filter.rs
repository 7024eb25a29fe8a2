//! Which records a command keeps (every condition given must hold), and `journal
//! filter`, which prints them as the input wrote them.

use primo_events::EventCode;
use primo_events::journal::{Classification, FieldSet, Place, Record, Texts};

use super::timestamp::{self, Time};

/// Conditions on a record, `journal filter`'s options: a record must meet every one
/// given.
#[derive(Clone, Debug, Default, PartialEq, Eq, clap::Args)]
#[group(skip)]
pub struct Filter {
    /// Records of this event: a name, an alias or any code (decimal, or hex as `0x7D1`).
    #[arg(long, value_name = "NAME|CODE", value_parser = crate::decode::code_or_name)]
    pub event: Option<EventCode>,
    /// Of this classification: information, error, security-incident, correction, or a
    /// number.
    #[arg(long, value_name = "CLASS")]
    pub class: Option<Classification>,
    /// Of this user (`userId`).
    #[arg(long, value_name = "LOGIN")]
    pub user: Option<String>,
    /// Created at or after TIME: a date (`2024-09-01`) or a time to minutes, seconds or
    /// any fraction (`2024-09-01T08:00`, `2024-09-01T08:00:00.5`). Times compare as
    /// times; a record whose `createdAt` is no time matches no time condition.
    #[arg(long, value_name = "TIME", value_parser = timestamp::since)]
    pub since: Option<Time>,
    /// Created at or before TIME: a date takes in its whole day.
    #[arg(long, value_name = "TIME", value_parser = timestamp::until)]
    pub until: Option<Time>,
    /// Of this operation (`operationKey`).
    #[arg(long, value_name = "KEY")]
    pub operation: Option<String>,
}

impl Filter {
    /// The fields [`Filter::matches`] reads (with `event`, which every record has).
    pub const FIELDS: FieldSet =
        FieldSet::of(&["classified_event", "user_id", "operation_key", "created_at"]);

    /// Whether `record` meets every condition.
    pub fn matches(&self, record: &Record<'_>) -> bool {
        self.event.is_none_or(|event| record.event == event)
            && self
                .class
                .is_none_or(|class| record.classified_event == Some(class))
            && self
                .user
                .as_deref()
                .is_none_or(|user| record.user_id.as_deref() == Some(user))
            && self
                .operation
                .as_deref()
                .is_none_or(|key| record.operation_key.as_deref() == Some(key))
            && self.matches_time(record)
    }

    fn matches_time(&self, record: &Record<'_>) -> bool {
        if self.since.is_none() && self.until.is_none() {
            return true;
        }
        let Some(created) = record.created_at.as_deref().and_then(Time::parse) else {
            return false;
        };
        self.since.is_none_or(|since| created >= since)
            && self.until.is_none_or(|until| created <= until)
    }
}

/// `journal filter`: the matching records as JSON lines, each the bytes the input holds;
/// only a record spread over lines (as in a pretty-printed array) loses the white space
/// outside its strings, to stand on one line.
#[derive(Clone, Debug, Default)]
pub struct Matching(pub Filter);

impl super::pipeline::Job for Matching {
    type Part = Vec<u8>;
    type Kept = ();
    const FIELDS: FieldSet = Filter::FIELDS;

    fn record(
        &self,
        out: &mut Vec<u8>,
        _: &mut (),
        text: &[u8],
        _: Place,
        record: Record<'_>,
        _: &Texts<'_>,
        _: &mut super::problems::Found,
    ) {
        if !self.0.matches(&record) {
            return;
        }
        match memchr::memchr2(b'\n', b'\r', text) {
            None => out.extend_from_slice(text),
            Some(_) => one_line(text, out),
        }
        out.push(b'\n');
    }
}

/// `text`, a JSON text, without the white space outside its strings (a string holds no
/// raw line end or tab: JSON allows none).
fn one_line(text: &[u8], out: &mut Vec<u8>) {
    let (mut in_string, mut escaped) = (false, false);
    for &byte in text {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else if matches!(byte, b' ' | b'\t' | b'\r' | b'\n') {
            continue;
        } else if byte == b'"' {
            in_string = true;
        }
        out.push(byte);
    }
}
