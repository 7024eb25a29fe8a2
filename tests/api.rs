//! The public API over the shipped catalog, checked against events.md read with plain
//! string operations (not the generator), so a generator bug cannot vouch for itself.

use std::collections::BTreeMap;

use primo_events::{Event, UnknownEventCode, UnknownEventName};

/// `name -> code` for every `| code | Name |` row and `Name = code` line of events.md.
fn catalog() -> BTreeMap<String, u32> {
    let md = include_str!("../events.md");
    let mut entries = BTreeMap::new();
    for line in md.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (code, name) = match cells.as_slice() {
            ["", code, name, ..] => (*code, *name),
            _ => match line.trim().trim_end_matches(',').split_once(" = ") {
                Some((name, code)) if line.starts_with([' ', '\t']) => (code, name),
                _ => continue,
            },
        };
        if let Ok(code) = code.parse::<u32>() {
            entries.insert(name.to_owned(), code);
        }
    }
    entries
}

#[test]
fn the_catalog_has_262_events() {
    assert_eq!(catalog().len(), 262);
    assert_eq!(Event::COUNT, 262);
    assert_eq!(Event::ALL.len(), 262);
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
fn known_events_have_their_codes() {
    assert_eq!(Event::InferenceRequestAccepted.code(), 100);
    assert_eq!(Event::Login.code(), 2001);
    assert_eq!(Event::TrainProcessCompletedError.code(), 15801);
    assert_eq!(Event::AgentLogDataReceived.code(), 19000);
    assert_eq!(Event::ALL.first(), Some(&Event::InferenceRequestAccepted));
    assert_eq!(Event::NlpContextFileDeleted.code(), 22302);
    assert_eq!(Event::ALL.last(), Some(&Event::NlpContextFileDeleted));
}

#[test]
fn descriptions_come_from_the_catalog() {
    assert_eq!(
        Event::TrainProcessTemplateCreated.description(),
        Some("Шаблон обучения создан")
    );
    assert_eq!(Event::PipelineRemoved.description(), Some("Пайплан удален"));
    assert_eq!(Event::Login.description(), None);
    let described = Event::ALL
        .iter()
        .filter(|e| e.description().is_some())
        .count();
    assert_eq!(
        described,
        6 + 77,
        "the seed's 6, and 77 of the 83 events added in 2025-01"
    );
}

#[test]
fn the_alias_shares_the_code_of_its_event() {
    assert_eq!(
        Event::TrainProcessTimeout,
        Event::TrainProcessCompletedSuccess
    );
    assert_eq!(Event::TrainProcessTimeout.code(), 15800);
    assert_eq!(
        Event::from_code(15800),
        Some(Event::TrainProcessCompletedSuccess)
    );
    assert_eq!(
        Event::from_name("TrainProcessTimeout"),
        Some(Event::TrainProcessCompletedSuccess)
    );
    assert_eq!(
        "TrainProcessTimeout".parse(),
        Ok(Event::TrainProcessCompletedSuccess)
    );
    assert_eq!(
        Event::TrainProcessTimeout.name(),
        "TrainProcessCompletedSuccess"
    );
}

#[test]
fn unknown_codes_are_rejected_and_kept() {
    for code in [
        0,
        1,
        99,
        113,
        210,
        611,
        2000,
        15802,
        17003,
        18102,
        18999,
        19001,
        99_999,
        u32::MAX,
    ] {
        assert_eq!(Event::from_code(code), None, "code {code}");
        let error: UnknownEventCode = Event::try_from(code).unwrap_err();
        assert_eq!(error.code(), code);
        assert_eq!(error.to_string(), format!("unknown event code {code}"));
    }
}

#[test]
fn unknown_names_are_rejected_and_kept() {
    for name in [
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
    ] {
        assert_eq!(Event::from_name(name), None, "{name:?}");
        if !name.eq_ignore_ascii_case("login") {
            assert_eq!(Event::from_name_ignore_ascii_case(name), None, "{name:?}");
        }
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
