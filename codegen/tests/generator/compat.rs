//! The compatibility guard on catalogs of its own: a record of every published `code
//! name` (events.lock's format) against a changed catalog. A rename, renumbering or
//! removal is breaking; additions and kept renames are not. (primo-events' own
//! tests/compat.rs runs the guard on its events.md and events.lock.)

use crate::checked;
use crate::codegen::compat::{self, Changes};

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
