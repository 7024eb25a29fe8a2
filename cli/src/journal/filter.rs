//! Which records a command keeps: every condition given must hold.

use primo_events::EventCode;
use primo_events::journal::{Classification, Record};

/// Conditions on a record, `journal filter`'s options: a record must meet every one
/// given.
#[derive(Clone, Debug, Default, PartialEq, Eq, clap::Args)]
#[group(skip)]
pub struct Filter {
    /// Records of this event: a name, an alias or any code.
    #[arg(long, value_name = "NAME|CODE")]
    pub event: Option<EventCode>,
    /// Of this classification: information, error, security-incident, correction, or a
    /// number.
    #[arg(long, value_name = "CLASS")]
    pub class: Option<Classification>,
    /// Of this user (`userId`).
    #[arg(long, value_name = "LOGIN")]
    pub user: Option<String>,
    /// Created at or after TIME (`2024-09-01`, `2024-09-01T08:00`). Times compare as
    /// written: the server writes one sortable form.
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Created at or before TIME; a date or any prefix takes in the whole of it.
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    /// Of this operation (`operationKey`).
    #[arg(long, value_name = "KEY")]
    pub operation: Option<String>,
}

impl Filter {
    /// Whether `record` meets every condition.
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
                .is_none_or(|until| created.is_some_and(|c| c <= until || c.starts_with(until)))
            && self
                .operation
                .as_deref()
                .is_none_or(|key| record.operation_key.as_deref() == Some(key))
    }
}

/// `journal filter`: the matching records as JSON lines, each as the input wrote it (a
/// record spread over lines, as in a pretty-printed array, is put on one).
#[derive(Clone, Debug, Default)]
pub struct Matching(pub Filter);

impl super::pipeline::Job for Matching {
    type Part = Vec<u8>;

    fn record(
        &self,
        out: &mut Vec<u8>,
        text: &[u8],
        _: super::split::Place,
        record: Record<'_>,
        _: &mut Vec<super::problems::Problem>,
    ) {
        if !self.0.matches(&record) {
            return;
        }
        if memchr::memchr2(b'\n', b'\r', text).is_none() {
            out.extend_from_slice(text.trim_ascii());
        } else {
            // Every field kept, unknown ones too; the text was read as JSON already.
            let value: serde_json::Value =
                serde_json::from_slice(text).expect("a record's text is JSON");
            serde_json::to_writer(&mut *out, &value).expect("writing to a Vec succeeds");
        }
        out.push(b'\n');
    }
}
