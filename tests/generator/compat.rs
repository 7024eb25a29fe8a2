//! The compatibility guard: the catalog against events.lock, the record of every published
//! `code name`. A rename, renumbering or removal fails here; additions pass and are
//! recorded deliberately:
//!
//! ```text
//! UPDATE_EVENTS_LOCK=1 cargo test --test generator compat
//! ```

use crate::checked;
use crate::codegen::compat::{self, Changes};

const LOCK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/events.lock");

#[test]
fn the_catalog_keeps_every_published_event() {
    let catalog = checked(include_str!("../../events.md"));
    if std::env::var_os("UPDATE_EVENTS_LOCK").is_some() {
        std::fs::write(LOCK, compat::render(&catalog)).expect("write events.lock");
        return;
    }
    let lock = std::fs::read_to_string(LOCK).expect("events.lock");
    let changes = compat::compare(&lock, &catalog);
    assert!(
        changes.breaking.is_empty(),
        "events.md breaks what events.lock has published:\n{}",
        changes.breaking.join("\n")
    );
    if !changes.added.is_empty() {
        println!(
            "note: {} events are not in events.lock yet; record them with \
             UPDATE_EVENTS_LOCK=1 cargo test --test generator compat",
            changes.added.len()
        );
    }
}

const BEFORE: &str = "    Login = 2001\n    LogOut = 2007\n    Stoped = 205\n    Old = Login\n";

fn compare(after: &str) -> Changes {
    compat::compare(&compat::render(&checked(BEFORE)), &checked(after))
}

#[test]
fn the_record_lists_events_and_aliases_by_code() {
    let lock = compat::render(&checked(BEFORE));
    let lines: Vec<&str> = lock.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        lines,
        ["205 Stoped", "2001 Login", "2001 Old", "2007 LogOut"]
    );
}

#[test]
fn adding_events_passes() {
    let changes = compare(&format!("{BEFORE}    Locked = 2003\n    Again = Login\n"));
    assert_eq!(changes.breaking, Vec::<String>::new());
    assert_eq!(
        changes.added,
        [(2001, "Again".to_owned()), (2003, "Locked".to_owned())]
    );
}

#[test]
fn renaming_with_a_deprecated_alias_passes() {
    let changes = compare(
        "    Login = 2001\n    LogOut = 2007\n    Stopped = 205\n    ~~Stoped~~ = Stopped\n    Old = Login\n",
    );
    assert_eq!(changes.breaking, Vec::<String>::new());
    assert_eq!(changes.added, [(205, "Stopped".to_owned())]);
}

#[test]
fn a_rename_fails_naming_both_names_and_the_fix() {
    let changes =
        compare("    Login = 2001\n    LogOut = 2007\n    Stopped = 205\n    Old = Login\n");
    assert_eq!(
        changes.breaking,
        [
            "code 205 changed its name from Stoped to Stopped: a breaking change (semver major): \
          code that names Event::Stoped stops compiling and from_name(\"Stoped\") fails; \
          keep the old name as a deprecated alias: `| Stopped | ~~Stoped~~ | |`"
        ]
    );
}

#[test]
fn a_new_code_fails_naming_both_codes() {
    let changes =
        compare("    Login = 2001\n    LogOut = 2008\n    Stoped = 205\n    Old = Login\n");
    assert_eq!(
        changes.breaking,
        [
            "LogOut changed its code from 2007 to 2008: a breaking change (semver major): \
          journals that recorded 2007 for LogOut would decode as no event"
        ]
    );
    let swapped =
        compare("    Login = 2007\n    LogOut = 2001\n    Stoped = 205\n    Old = Login\n");
    assert_eq!(swapped.breaking.len(), 3, "{:#?}", swapped.breaking);
    assert!(swapped.breaking[0].contains("would decode as LogOut"));
}

#[test]
fn a_removal_fails() {
    let changes = compare("    Login = 2001\n    Stoped = 205\n    Old = Login\n");
    assert_eq!(
        changes.breaking,
        [
            "event LogOut (code 2007) was removed: a breaking change (semver major): \
          code that names Event::LogOut stops compiling and journals holding 2007 stop decoding"
        ]
    );
}

#[test]
fn a_malformed_record_line_is_reported() {
    let changes = compat::compare("2001 Login\nnonsense\n", &checked(BEFORE));
    assert_eq!(
        changes.breaking,
        ["events.lock:2: expected `code name`, found `nonsense`"]
    );
}

#[test]
fn removing_an_alias_fails_as_a_removal_not_a_rename() {
    let changes = compare("    Login = 2001\n    LogOut = 2007\n    Stoped = 205\n");
    assert_eq!(
        changes.breaking,
        [
            "alias Old of Login (code 2001) was removed: a breaking change (semver major): \
          code that names Event::Old stops compiling and from_name(\"Old\") fails; \
          keep it as a deprecated alias: `| Login | ~~Old~~ | |`"
        ]
    );
}
