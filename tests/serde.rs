//! serde round trips of every event and of unknown codes, through serde_json.

use primo_events::{Event, EventCode};
use serde::{Deserialize, Serialize};

#[test]
fn every_event_round_trips_as_its_code() {
    for event in Event::ALL {
        let json = serde_json::to_string(&event).unwrap();
        assert_eq!(json, event.code().to_string());
        assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), event);
    }
}

#[test]
fn events_deserialize_from_names_and_aliases() {
    for event in Event::ALL {
        let json = format!("\"{}\"", event.name());
        assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), event);
    }
    assert_eq!(
        serde_json::from_str::<Event>("\"TrainProcessTimeout\"").unwrap(),
        Event::TrainProcessCompletedSuccess
    );
}

#[test]
fn unknown_codes_and_names_are_errors_that_name_them() {
    for (json, named) in [
        ("99999", "99999"),
        ("-1", "-1"),
        ("4294967296", "4294967296"),
        ("\"Logn\"", "\"Logn\""),
    ] {
        let error = serde_json::from_str::<Event>(json).unwrap_err().to_string();
        assert!(error.contains(named), "{error}");
        assert!(error.contains("event code or name"), "{error}");
    }
    assert!(serde_json::from_str::<Event>("1.5").is_err());
    assert!(serde_json::from_str::<Event>("null").is_err());
}

#[test]
fn event_codes_keep_any_number() {
    for code in [0, 2001, 15800, 99_999, u32::MAX] {
        let json = serde_json::to_string(&EventCode::new(code)).unwrap();
        assert_eq!(json, code.to_string());
        let back: EventCode = serde_json::from_str(&json).unwrap();
        assert_eq!(back.get(), code);
        assert_eq!(back.event(), Event::from_code(code));
    }
    assert!(serde_json::from_str::<EventCode>("-1").is_err());
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Record {
    event: Event,
    #[serde(rename = "eventName", with = "primo_events::serde::name")]
    event_name: Event,
    #[serde(with = "primo_events::serde::code")]
    again: Event,
}

#[test]
fn fields_choose_the_name_or_the_code_form() {
    for event in Event::ALL {
        let record = Record {
            event,
            event_name: event,
            again: event,
        };
        let json = serde_json::to_string(&record).unwrap();
        let code = event.code();
        assert_eq!(
            json,
            format!(
                r#"{{"event":{code},"eventName":"{}","again":{code}}}"#,
                event.name()
            )
        );
        assert_eq!(serde_json::from_str::<Record>(&json).unwrap(), record);
    }
    let by_code: Record =
        serde_json::from_str(r#"{"event":"Login","eventName":2001,"again":"Login"}"#).unwrap();
    assert_eq!(by_code.event_name, Event::Login);
}

/// A binary format holds what each type writes and nothing that says what it is: the
/// code as a `u32` (the name for `serde::name`).
#[test]
fn binary_formats_round_trip_events_and_codes() {
    for event in Event::ALL {
        let bytes = postcard::to_allocvec(&event).unwrap();
        assert_eq!(bytes, postcard::to_allocvec(&event.code()).unwrap());
        assert_eq!(postcard::from_bytes::<Event>(&bytes).unwrap(), event);
        let record = Record {
            event,
            event_name: event,
            again: event,
        };
        let bytes = postcard::to_allocvec(&record).unwrap();
        assert_eq!(postcard::from_bytes::<Record>(&bytes).unwrap(), record);
    }
    for code in [0, 2001, 99_999, u32::MAX] {
        let code = EventCode::new(code);
        let bytes = postcard::to_allocvec(&code).unwrap();
        assert_eq!(postcard::from_bytes::<EventCode>(&bytes).unwrap(), code);
    }
    let unknown = postcard::to_allocvec(&99_999u32).unwrap();
    assert!(postcard::from_bytes::<Event>(&unknown).is_err());
}
