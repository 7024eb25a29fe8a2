//! The public API over the shipped catalog, checked against events.md read with plain
//! string operations (`common`, not the generator), so a generator bug cannot vouch for
//! itself. Every assertion is a relation to events.md: a maintainer's legal edit (a row
//! added, an alias, a rename) keeps it true.

mod common;

use std::collections::BTreeMap;

use primo_events::{Event, UnknownEventCode, UnknownEventName};

/// `name -> code` of every event of events.md, aliases left out.
fn catalog() -> BTreeMap<String, u32> {
    common::shipped()
        .events
        .into_iter()
        .map(|e| (e.name, e.code))
        .collect()
}

#[test]
fn the_enum_has_exactly_the_events_of_events_md() {
    let reading = common::shipped();
    assert!(!reading.events.is_empty());
    assert_eq!(Event::COUNT, reading.events.len());
    assert_eq!(Event::ALL.len(), reading.events.len());
    let expected: Vec<(u32, &str)> = reading
        .by_code()
        .into_iter()
        .map(|e| (e.code, e.name.as_str()))
        .collect();
    let actual: Vec<(u32, &str)> = Event::ALL.iter().map(|e| (e.code(), e.name())).collect();
    assert_eq!(actual, expected);
}

#[test]
fn every_event_of_events_md_round_trips() {
    for (name, code) in catalog() {
        let event = Event::from_code(code).unwrap_or_else(|| panic!("code {code}"));
        assert_eq!(event.name(), name);
        assert_eq!(event.code(), code);
        assert_eq!(event as u32, code);
        assert_eq!(u32::from(event), code);
        assert_eq!(Event::try_from(code), Ok(event));
        assert_eq!(Event::from_name(&name), Some(event));
        assert_eq!(name.parse::<Event>(), Ok(event));
        assert_eq!(event.to_string(), name);
        assert_eq!(format!("{event:?}"), name);
        for spelling in [name.to_lowercase(), name.to_uppercase(), name.clone()] {
            assert_eq!(Event::from_name_ignore_ascii_case(&spelling), Some(event));
        }
    }
}

#[test]
fn every_event_of_all_round_trips() {
    for (index, event) in Event::ALL.into_iter().enumerate() {
        assert_eq!(Event::from_code(event.code()), Some(event));
        assert_eq!(Event::from_name(event.name()), Some(event));
        assert_eq!(Event::ALL[index], event);
    }
}

#[test]
fn all_lists_each_event_once_in_code_order() {
    assert!(Event::ALL.windows(2).all(|w| w[0].code() < w[1].code()));
    assert!(
        Event::ALL.windows(2).all(|w| w[0] < w[1]),
        "Ord follows codes"
    );
    let names: Vec<&str> = Event::ALL.iter().map(|e| e.name()).collect();
    let mut by_code: Vec<(u32, String)> = catalog().into_iter().map(|(n, c)| (c, n)).collect();
    by_code.sort();
    let expected: Vec<&str> = by_code.iter().map(|(_, name)| name.as_str()).collect();
    assert_eq!(names, expected);
}

#[test]
fn events_named_in_code_have_their_codes() {
    // The vendor's codes for names the README and docs use.
    assert_eq!(Event::InferenceRequestAccepted.code(), 100);
    assert_eq!(Event::Login.code(), 2001);
    assert_eq!(Event::TrainProcessCompletedError.code(), 15801);
    let lowest = common::shipped().by_code()[0].name.clone();
    assert_eq!(Event::ALL.first().map(|e| e.name()), Some(lowest.as_str()));
}

/// A description with markdown in it reaches `description()` as the text markdown shows;
/// the independent reading compares the plain ones.
fn is_plain(text: &str) -> bool {
    !text.contains(['*', '_', '[', ']', '<', '>', '&', '\\', '~', '`'])
}

#[test]
fn descriptions_come_from_the_catalog() {
    let reading = common::shipped();
    let mut compared = 0;
    for event in &reading.events {
        let found = Event::from_code(event.code).unwrap().description();
        match &event.description {
            Some(text) if !is_plain(text) => continue,
            expected => assert_eq!(found, expected.as_deref(), "{}", event.name),
        }
        compared += 1;
    }
    assert!(compared > reading.events.len() / 2, "{compared} compared");
}

/// The shipped catalog describes every event in two words or more (a rule of this
/// catalog, not of the generator, which accepts a row without a description); an alias
/// shares its event's.
#[test]
fn every_shipped_event_is_described() {
    for event in common::shipped().events {
        let words = event
            .description
            .as_deref()
            .map_or(0, |text| text.split_whitespace().count());
        assert!(
            words >= 2,
            "{} ({}): {:?}",
            event.name,
            event.code,
            event.description
        );
    }
}

#[test]
fn notes_come_from_the_catalog() {
    let reading = common::shipped();
    let mut compared = 0;
    for event in &reading.events {
        let found = Event::from_code(event.code).unwrap().note();
        match &event.note {
            Some(text) if !is_plain(text) => assert!(found.is_some(), "{}", event.name),
            expected => assert_eq!(found, expected.as_deref(), "{}", event.name),
        }
        compared += 1;
    }
    assert_eq!(compared, reading.events.len());
}

#[test]
fn each_event_lists_exactly_its_aliases_in_file_order() {
    let reading = common::shipped();
    for event in Event::ALL {
        let expected: Vec<&str> = reading
            .aliases
            .iter()
            .filter(|a| a.target == event.name())
            .map(|a| a.name.as_str())
            .collect();
        assert_eq!(event.aliases(), expected, "{event}");
    }
}

#[test]
fn every_alias_shares_the_code_of_its_event() {
    let reading = common::shipped();
    for alias in &reading.aliases {
        let event = Event::from_name(&alias.target).expect(&alias.target);
        assert_eq!(Event::from_name(&alias.name), Some(event), "{}", alias.name);
        assert_eq!(alias.name.parse(), Ok(event));
        assert_eq!(
            Event::from_name_ignore_ascii_case(&alias.name.to_lowercase()),
            Some(event)
        );
        assert!(Event::ALL.iter().all(|e| e.name() != alias.name));
    }
    // The vendor's own second name of 15800.
    assert_eq!(
        Event::TrainProcessTimeout,
        Event::TrainProcessCompletedSuccess
    );
    assert_eq!(
        Event::TrainProcessTimeout.name(),
        "TrainProcessCompletedSuccess"
    );
}

#[test]
fn unknown_codes_are_rejected_and_kept() {
    let known: std::collections::BTreeSet<u32> = catalog().into_values().collect();
    let near = known
        .iter()
        .flat_map(|&code| [code.wrapping_sub(1), code.wrapping_add(1)]);
    let unknown: Vec<u32> = [0, 1, 99, 99_999, u32::MAX - 1, u32::MAX]
        .into_iter()
        .chain(near)
        .filter(|code| !known.contains(code))
        .collect();
    assert!(unknown.len() > 10);
    for code in unknown {
        assert_eq!(Event::from_code(code), None, "code {code}");
        let error: UnknownEventCode = Event::try_from(code).unwrap_err();
        assert_eq!(error.code(), code);
        assert_eq!(error.to_string(), format!("unknown event code {code}"));
    }
}

#[test]
fn unknown_names_are_rejected_and_kept() {
    let names: Vec<String> = common::shipped()
        .names()
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    let folded: Vec<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
    let candidates = [
        "",
        "login",
        "LOGIN",
        " Login",
        "Login ",
        "Logi",
        "LoginX",
        "TrainProcessTimeou",
        "ALL",
        "Вход",
        "INFERENCEPROCESSSTARTINGERRO",
        "InferenceProcessStartingErrors",
        "xnferenceProcessStartingError",
    ];
    let unknown = candidates
        .into_iter()
        .filter(|name| !names.iter().any(|n| n == name));
    for name in unknown {
        assert_eq!(Event::from_name(name), None, "{name:?}");
        let known_in_other_case = folded.contains(&name.to_ascii_lowercase());
        assert_eq!(
            Event::from_name_ignore_ascii_case(name).is_some(),
            known_in_other_case,
            "{name:?}"
        );
        let error: UnknownEventName = name.parse::<Event>().unwrap_err();
        assert_eq!(error.name(), name);
        assert!(!error.is_truncated());
        assert_eq!(error.to_string(), format!("unknown event name {name:?}"));
    }
}

#[test]
fn a_long_unknown_name_is_kept_truncated_at_a_character_boundary() {
    let name = format!("{}ж", "x".repeat(UnknownEventName::CAPACITY - 1));
    let error = name.parse::<Event>().unwrap_err();
    assert_eq!(error.name(), "x".repeat(UnknownEventName::CAPACITY - 1));
    assert!(error.is_truncated());
    assert!(error.to_string().ends_with("\" (truncated)"));
}

#[test]
fn errors_are_std_errors() {
    fn is_error<E: std::error::Error + Send + Sync + 'static>(_: &E) {}
    is_error(&Event::try_from(1).unwrap_err());
    is_error(&"x".parse::<Event>().unwrap_err());
}

#[test]
fn display_pads_like_a_str() {
    assert_eq!(format!("[{:>7}]", Event::Login), "[  Login]");
    assert_eq!(format!("[{:<7}]", Event::LogOut), "[LogOut ]");
}

#[test]
fn lookups_work_in_const_context() {
    const LOGIN: Option<Event> = Event::from_code(2001);
    const NAME: &str = Event::Login.name();
    assert_eq!(LOGIN, Some(Event::Login));
    assert_eq!(NAME, "Login");
}

#[test]
fn event_codes_keep_unknown_codes_and_name_known_ones() {
    use primo_events::EventCode;

    let login = EventCode::from(Event::Login);
    assert_eq!((login.get(), login.event()), (2001, Some(Event::Login)));
    assert_eq!(login, Event::Login);
    assert_eq!(login.to_string(), "2001 Login");
    assert_eq!(u32::from(login), 2001);

    let future = EventCode::from(99_999);
    assert_eq!(future.event(), None);
    assert_eq!(future.to_string(), "99999 (unknown event)");
    assert_eq!(format!("{future:?}"), "EventCode(99999)");

    assert_eq!("15801".parse::<EventCode>(), Ok(EventCode::new(15801)));
    assert_eq!("99999".parse::<EventCode>(), Ok(future));
    assert_eq!("Login".parse::<EventCode>(), Ok(login));
    assert_eq!(
        "TrainProcessTimeout".parse::<EventCode>(),
        Ok(EventCode::new(15800))
    );
    let error = "Logn".parse::<EventCode>().unwrap_err();
    assert_eq!(error.to_string(), "unknown event name \"Logn\"");
    assert!("-5".parse::<EventCode>().is_err());
}

/// The generated file an editor opens on go-to-definition reads in lines: none over
/// 1,000 characters but the doc strings themselves, and it starts with the marker.
#[test]
fn the_generated_file_reads_in_lines() {
    let generated = include_str!(concat!(env!("OUT_DIR"), "/events.rs"));
    assert!(generated.starts_with("// @generated"));
    assert!(
        generated.lines().count() > Event::COUNT,
        "one line per variant at least"
    );
    for (number, line) in (1..).zip(generated.lines()) {
        let doc = line.trim_start().starts_with("#[doc = ");
        assert!(
            doc || line.len() <= 1000,
            "line {number}: {} characters",
            line.len()
        );
    }
}
