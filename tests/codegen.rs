//! The generator's stages, through the very files build.rs compiles. `good` asserts a
//! file is accepted without a word; `bad` asserts the exact diagnostics, in order.

#[allow(dead_code)] // build.rs uses parts of the generator that these tests do not.
#[path = "../src/codegen/mod.rs"]
mod codegen;

use codegen::catalog::{Alias, Checked, Docs, Entry, Event, Value};
use codegen::diagnostic::{Pos, Severity};
use codegen::{check, parse, table};

/// Parses and checks `md`, asserting that nothing at all is reported.
#[track_caller]
fn good(md: &str) -> Checked {
    let (catalog, mut diagnostics) = parse::parse(md.as_bytes());
    let (checked, more) = check::check(&catalog);
    diagnostics.extend(more);
    assert_eq!(diagnostics, [], "unexpected diagnostics for:\n{md}");
    checked.expect("a catalog without diagnostics is checked")
}

/// Runs the generator on `md`, asserting it fails with exactly these diagnostics as
/// build.rs prints them (`warning: ` marks a warning).
#[track_caller]
fn bad(md: &str, expected: &[&str]) {
    let diagnostics = codegen::generate(md.as_bytes()).expect_err("the file should be rejected");
    let rendered: Vec<String> = diagnostics
        .iter()
        .map(|d| match d.severity {
            Severity::Error => d.render("events.md"),
            Severity::Warning => format!("warning: {}", d.render("events.md")),
        })
        .collect();
    assert_eq!(rendered, expected);
}

fn event(name: &str, code: u32, description: Option<&str>, section: Option<&str>) -> Event {
    Event {
        name: name.into(),
        code,
        docs: Docs {
            description: description.map(Into::into),
            section: section.map(Into::into),
            note: None,
        },
    }
}

fn names_and_codes(checked: &Checked) -> Vec<(&str, u32)> {
    checked
        .events
        .iter()
        .map(|e| (e.name.as_str(), e.code))
        .collect()
}

const TABLE_HEAD: &str = "| Code | Event | Description |\n| --- | --- | --- |\n";

// ---- what is read -------------------------------------------------------------------

#[test]
fn reads_the_upstream_table_with_sections_and_descriptions() {
    let checked = good(
        "# События\n\n|  Код  | Событие | Описание |\n| ----- | ------- | -------- |\n\
         | 100   | InferenceRequestAccepted |  |\n\n### Шаблон обучения\n\n\
         | Код | Событие | Описание |\n| --- | --- | --- |\n\
         | 16000 | TrainProcessTemplateCreated | Шаблон обучения создан |\n",
    );
    assert_eq!(
        checked.events,
        [
            event("InferenceRequestAccepted", 100, None, Some("События")),
            event(
                "TrainProcessTemplateCreated",
                16000,
                Some("Шаблон обучения создан"),
                Some("Шаблон обучения")
            ),
        ]
    );
}

#[test]
fn reads_english_headers_in_any_order_and_case_without_description() {
    let checked = good("| EVENT | code |\n|---|---|\n| Login | 2001 |\n| LogOut | 2007 |\n");
    assert_eq!(
        names_and_codes(&checked),
        [("Login", 2001), ("LogOut", 2007)]
    );
    let checked = good("| Description | Event | Code |\n|---|---|---|\n| Вход | Login | 2001 |\n");
    assert_eq!(checked.events, [event("Login", 2001, Some("Вход"), None)]);
}

#[test]
fn reads_the_plain_text_of_cells_with_markup() {
    let checked = good(&format!(
        "{TABLE_HEAD}| `100` | **Accepted** | *принят* \\| в `очередь` |\n"
    ));
    assert_eq!(
        checked.events,
        [event("Accepted", 100, Some("принят | в очередь"), None)]
    );
}

#[test]
fn skips_spacer_rows() {
    let checked = good(&format!(
        "{TABLE_HEAD}| 1 | A | |\n|  |  |  |\n| | |\n| 2 | B | |\n"
    ));
    assert_eq!(names_and_codes(&checked), [("A", 1), ("B", 2)]);
}

#[test]
fn reads_indented_code_blocks_with_tabs_blanks_comments_and_descriptions() {
    let checked = good(
        "### Inference\n\n    // inference steps\n    A = 18100,\n\tB = 18101 // started\n\n  \t  C = 18102\n    D = 18103,   //   \n",
    );
    assert_eq!(
        checked.events,
        [
            event("A", 18100, None, Some("Inference")),
            event("B", 18101, Some("started"), Some("Inference")),
            event("C", 18102, None, Some("Inference")),
            event("D", 18103, None, Some("Inference")),
        ]
    );
}

#[test]
fn reads_fenced_code_blocks_and_blocks_inside_quotes() {
    let checked = good("```text\nA = 1,\nB = 2\n```\n\n> ~~~\n> C = 3\n> ~~~\n");
    assert_eq!(names_and_codes(&checked), [("A", 1), ("B", 2), ("C", 3)]);
}

#[test]
fn an_empty_heading_ends_the_section() {
    let checked = good("## Agents\n\n    A = 1\n\n### \n\n    B = 2\n");
    assert_eq!(
        checked.events,
        [
            event("A", 1, None, Some("Agents")),
            event("B", 2, None, None)
        ]
    );
}

#[test]
fn locates_entries_in_characters_past_a_bom_and_crlf() {
    let lf = format!("# Заголовок\n\n{TABLE_HEAD}| 7 | Seven | |\n\n    Eight = 8\n");
    let crlf = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
    let (lf_catalog, lf_diagnostics) = parse::parse(lf.as_bytes());
    let (crlf_catalog, crlf_diagnostics) = parse::parse(crlf.as_bytes());
    assert_eq!((&lf_diagnostics, &crlf_diagnostics), (&vec![], &vec![]));
    assert_eq!(lf_catalog, crlf_catalog);
    let Entry {
        name_pos,
        value_pos,
        ..
    } = &lf_catalog.entries[0];
    assert_eq!(
        (*value_pos, *name_pos),
        (Pos { line: 5, col: 3 }, Pos { line: 5, col: 7 })
    );
    let Entry {
        name_pos,
        value_pos,
        ..
    } = &lf_catalog.entries[1];
    assert_eq!(
        (*name_pos, *value_pos),
        (Pos { line: 7, col: 5 }, Pos { line: 7, col: 13 })
    );
}

#[test]
fn reads_aliases_in_tables_and_code_blocks() {
    let md =
        format!("{TABLE_HEAD}| 15800 | Done | |\n| Done | Timeout | да |\n\n    Late = Done,\n");
    let (catalog, diagnostics) = parse::parse(md.as_bytes());
    assert_eq!(diagnostics, []);
    let values: Vec<_> = catalog.entries.iter().map(|e| e.value.clone()).collect();
    let done = || Value::Alias("Done".into());
    assert_eq!(values, [Value::Code(15800), done(), done()]);

    let checked = good(&md);
    assert_eq!(names_and_codes(&checked), [("Done", 15800)]);
    let alias = |name: &str, description: Option<&str>| Alias {
        name: name.into(),
        target: "Done".into(),
        code: 15800,
        docs: Docs {
            description: description.map(Into::into),
            ..Docs::default()
        },
        deprecated: false,
    };
    assert_eq!(
        checked.aliases,
        [alias("Timeout", Some("да")), alias("Late", None)]
    );
}

#[test]
fn reads_struck_through_aliases_as_deprecated() {
    let checked = good(&format!(
        "{TABLE_HEAD}| 205 | InferenceProcessStopped | |\n| InferenceProcessStopped | ~~InferenceProcessStoped~~ | |\n\n    ~~StopedToo~~ = InferenceProcessStopped\n"
    ));
    let deprecated: Vec<(&str, bool)> = checked
        .aliases
        .iter()
        .map(|a| (a.name.as_str(), a.deprecated))
        .collect();
    assert_eq!(
        deprecated,
        [("InferenceProcessStoped", true), ("StopedToo", true)]
    );
}

#[test]
fn rejects_a_struck_through_event() {
    bad(
        "    ~~Gone~~ = 5\n",
        &[
            "events.md:1:5: event Gone is struck through, but only an alias can be deprecated \
           (help: an event keeps its name; to rename it, give it the new name and keep the old one as a struck-through alias)",
        ],
    );
}

#[test]
fn sorts_events_by_code() {
    let checked = good("    B = 20\n    A = 10\n    C = 4294967295\n    Z = 0\n");
    assert_eq!(
        names_and_codes(&checked),
        [("Z", 0), ("A", 10), ("B", 20), ("C", u32::MAX)]
    );
}

// ---- what is rejected ---------------------------------------------------------------

#[test]
fn rejects_a_code_used_twice_in_tables() {
    bad(
        &format!("{TABLE_HEAD}| 15800 | Done | |\n| 15801 | Failed | |\n| 15800 | Timeout | |\n"),
        &[
            "events.md:5:3: code 15800 of Timeout is already used by Done at events.md:3:3 \
           (help: if both names stand for one event, write Done in place of 15800 to make Timeout its alias)",
        ],
    );
}

#[test]
fn rejects_a_code_used_twice_across_a_table_and_a_block() {
    bad(
        &format!("{TABLE_HEAD}| 7 | Seven | |\n\n    Other = 7,\n"),
        &[
            "events.md:5:13: code 7 of Other is already used by Seven at events.md:3:3 \
           (help: if both names stand for one event, write Seven in place of 7 to make Other its alias)",
        ],
    );
}

#[test]
fn rejects_a_code_used_twice_in_blocks() {
    bad(
        "    A = 1\n\n```\nB = 1\n```\n",
        &[
            "events.md:4:5: code 1 of B is already used by A at events.md:1:9 \
           (help: if both names stand for one event, write A in place of 1 to make B its alias)",
        ],
    );
}

#[test]
fn rejects_a_name_used_twice() {
    bad(
        &format!("{TABLE_HEAD}| 1 | Login | |\n\n    Login = 2\n    Login = Login\n"),
        &[
            "events.md:5:5: event Login has code 2 here, but code 1 at events.md:3:7 \
             (help: an event has one code: keep the entry with the right one)",
            "events.md:6:5: event name Login is already defined at events.md:3:7",
        ],
    );
}

#[test]
fn rejects_names_that_differ_only_in_case() {
    bad(
        "    LogOut = 1\n    Logout = 2\n    LOGOUT = LogOut\n",
        &[
            "events.md:2:5: event name Logout differs from LogOut only in letter case at events.md:1:5 \
             (help: from_name_ignore_ascii_case must tell every two names apart)",
            "events.md:3:5: event name LOGOUT differs from LogOut only in letter case at events.md:1:5 \
             (help: from_name_ignore_ascii_case must tell every two names apart)",
        ],
    );
}

#[test]
fn rejects_an_alias_of_a_missing_event() {
    bad(
        "    A = 1\n    B = Missing\n",
        &["events.md:2:9: B is an alias of Missing, but there is no event Missing"],
    );
}

#[test]
fn rejects_an_alias_of_an_alias() {
    bad(
        "    A = 1\n    B = A\n    C = B\n",
        &[
            "events.md:3:9: C is an alias of B, which is itself an alias (of A) defined at events.md:2:5 \
           (help: write A in place of B)",
        ],
    );
}

#[test]
fn rejects_names_that_are_not_identifiers() {
    bad(
        &format!(
            "{TABLE_HEAD}| 1 | Foo-Bar | |\n| 2 | 9Lives | |\n| 3 | Имя | |\n| 4 | _ | |\n| 5 | r#type | |\n| 6 |  | |\n"
        ),
        &[
            "events.md:3:7: event name `Foo-Bar` is not a Rust identifier \
             (help: use ASCII letters, digits and `_`, and do not start with a digit)",
            "events.md:4:7: event name `9Lives` is not a Rust identifier \
             (help: use ASCII letters, digits and `_`, and do not start with a digit)",
            "events.md:5:7: event name `Имя` is not a Rust identifier \
             (help: use ASCII letters, digits and `_`, and do not start with a digit)",
            "events.md:6:7: event name `_` is not a Rust identifier \
             (help: use ASCII letters, digits and `_`, and do not start with a digit)",
            "events.md:7:7: event name `r#type` is not a Rust identifier \
             (help: use ASCII letters, digits and `_`, and do not start with a digit)",
            "events.md:8:6: missing event name",
        ],
    );
}

#[test]
fn rejects_keywords() {
    bad(
        "    type = 1\n    Self = 2\n    gen = 3\n    r#async = 4\n",
        &[
            "events.md:1:5: event name `type` is a Rust keyword",
            "events.md:2:5: event name `Self` is a Rust keyword",
            "events.md:3:5: event name `gen` is a Rust keyword",
            "events.md:4:5: event name `r#async` is not a Rust identifier \
             (help: use ASCII letters, digits and `_`, and do not start with a digit)",
        ],
    );
}

#[test]
fn rejects_names_of_the_enums_own_items() {
    let md: String = check::RESERVED
        .iter()
        .enumerate()
        .map(|(code, name)| format!("    {name} = {code}\n"))
        .collect();
    let expected: Vec<String> = check::RESERVED
        .iter()
        .enumerate()
        .map(|(i, name)| {
            format!(
                "events.md:{}:5: event name `{name}` clashes with the generated item `Event::{name}`",
                i + 1
            )
        })
        .collect();
    let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    bad(&md, &expected);
}

#[test]
fn rejects_codes_that_are_not_u32() {
    bad(
        &format!(
            "{TABLE_HEAD}| 2x05 | A | |\n| -5 | B | |\n| 99999999999 | C | |\n| +7 | D | |\n| 4294967296 | E | |\n|  | F | |\n"
        ),
        &[
            "events.md:3:3: code `2x05` is not an integer in 0..=4294967295 (decimal, or hexadecimal as `0x4E20`)",
            "events.md:4:3: code `-5` is not an integer in 0..=4294967295 (decimal, or hexadecimal as `0x4E20`)",
            "events.md:5:3: code `99999999999` is not an integer in 0..=4294967295 (decimal, or hexadecimal as `0x4E20`)",
            "events.md:6:3: code `+7` is not an integer in 0..=4294967295 (decimal, or hexadecimal as `0x4E20`)",
            "events.md:7:3: code `4294967296` is not an integer in 0..=4294967295 (decimal, or hexadecimal as `0x4E20`)",
            "events.md:8:2: missing code",
        ],
    );
}

#[test]
fn rejects_rows_with_more_or_fewer_cells_than_the_header_counting_escaped_pipes_as_text() {
    bad(
        &format!("{TABLE_HEAD}| 1 | A |\n| 2 | B | b | extra |\n| 3 | C \\| c | |\n"),
        &[
            "events.md:3:1: this row has 2 cells, but the table's header has 3",
            "events.md:4:1: this row has 4 cells, but the table's header has 3",
            "events.md:5:7: event name `C | c` is not a Rust identifier \
             (help: use ASCII letters, digits and `_`, and do not start with a digit)",
        ],
    );
}

#[test]
fn rejects_code_block_lines_that_are_no_entries() {
    bad(
        "    A = 1\n    just words\n    /* C style */\n    B = \n    = 3\n",
        &[
            "events.md:2:5: expected `Name = code`, found `just words`",
            "events.md:4:8: missing code",
            "events.md:5:5: missing event name",
        ],
    );
}

#[test]
fn rejects_tables_whose_header_is_not_an_events_header() {
    let help = "an events table has a code column (`Код` or `Code`), an event column \
        (`Событие`, `Название`, `Имя`, `Event` or `Name`) and, optionally, a description column \
        (`Описание` or `Description`) and a note column (`Примечание` or `Note`)";
    bad(
        "| Код | Собитие | Описание |\n|---|---|---|\n| 1 | A | |\n\n\
         | Code | Event | Descripton |\n|---|---|---|\n| 2 | B | |\n\n\
         | Code | Event | Code |\n|---|---|---|\n| 3 | C | 3 |\n",
        &[
            &format!("events.md:1:1: this table's header has no event column (help: {help})"),
            "events.md:1:9: unknown column `Собитие` in an events table",
            &format!(
                "events.md:5:18: unknown column `Descripton` in an events table (help: {help})"
            ),
            "events.md:9:18: column `Code` appears twice in this header",
        ],
    );
}

#[test]
fn rejects_entries_that_markdown_would_drop() {
    bad(
        "# Events\n\n| 1 | A |\n| 2 | B |\n\nSome text.\n  C = 3\n",
        &[
            "events.md:3:1: this line looks like a table row, but it is not in a table \
             (help: a table needs a header row and then a delimiter row such as `| --- | --- |`)",
            "events.md:7:3: this line looks like an event entry, but it is not in a code block \
             (help: indent it by 4 spaces or a tab, or put it between ``` fences)",
        ],
    );
}

#[test]
fn rejects_a_file_without_events() {
    let no_events = "events.md:1:1: no events found \
        (help: list events in a table with Code and Event columns, or as `Name = code` lines in a code block)";
    bad("", &[no_events]);
    bad(&format!("# Events\n\n{TABLE_HEAD}"), &[no_events]);
}

#[test]
fn rejects_a_file_that_is_not_utf8() {
    let mut bytes = b"    A = 1\n    B\xc3\x28 = 2\n".to_vec();
    let diagnostics = codegen::generate(&bytes).unwrap_err();
    let rendered: Vec<_> = diagnostics.iter().map(|d| d.render("events.md")).collect();
    assert_eq!(
        rendered,
        ["events.md:2:6: invalid UTF-8 (byte 0xc3): events.md must be UTF-8"]
    );
    bytes.insert(0, 0xff);
    let diagnostics = codegen::generate(&bytes).unwrap_err();
    assert_eq!(diagnostics[0].pos, Pos { line: 1, col: 1 });
}

#[test]
fn rejects_codes_spread_too_thinly_for_the_lookup_table() {
    let md: String = (0..200u32)
        .map(|i| format!("    E{i} = {}\n", i << 24))
        .collect();
    let diagnostics = codegen::generate(md.as_bytes()).unwrap_err();
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].pos, Pos { line: 200, col: 12 });
    assert!(
        diagnostics[0]
            .message
            .starts_with("the codes are spread too thinly"),
        "{}",
        diagnostics[0].message
    );
}

#[test]
fn warns_about_names_that_are_not_upper_camel_case() {
    let generated = codegen::generate(b"    loginFailed = 1\n    Log_Out = 2\n    LoginAD = 3\n")
        .expect("warnings do not fail the build");
    let rendered: Vec<_> = generated
        .warnings
        .iter()
        .map(|d| (d.severity, d.render("events.md")))
        .collect();
    assert_eq!(
        rendered,
        [
            (
                Severity::Warning,
                "events.md:1:5: event name `loginFailed` is not UpperCamelCase".to_owned()
            ),
            (
                Severity::Warning,
                "events.md:2:5: event name `Log_Out` is not UpperCamelCase".to_owned()
            ),
        ]
    );
}

#[test]
fn reports_every_problem_of_a_file_in_file_order() {
    bad(
        &format!(
            "    Zed = 5\n    zeta = 6\n\n{TABLE_HEAD}| 5 | Dup | |\n| 5x | Bad | |\n| 1 | type | |\n| 2 | A | | |\n\n    Zed = 7\n    Ghost = Nobody\n"
        ),
        &[
            "warning: events.md:2:5: event name `zeta` is not UpperCamelCase",
            "events.md:6:3: code 5 of Dup is already used by Zed at events.md:1:11 \
             (help: if both names stand for one event, write Zed in place of 5 to make Dup its alias)",
            "events.md:7:3: code `5x` is not an integer in 0..=4294967295 (decimal, or hexadecimal as `0x4E20`)",
            "events.md:8:7: event name `type` is a Rust keyword",
            "events.md:9:1: this row has 4 cells, but the table's header has 3",
            "events.md:11:5: event Zed has code 7 here, but code 5 at events.md:1:5 \
             (help: an event has one code: keep the entry with the right one)",
            "events.md:12:13: Ghost is an alias of Nobody, but there is no event Nobody",
        ],
    );
}

// ---- the lookup tables -------------------------------------------------------------

/// The lookup `src/lib.rs` performs, over the laid-out name table: the one candidate key.
fn name_candidate(table: &table::NameTable, name: &str) -> Option<usize> {
    use codegen::name_hash::{bucket, direct_slot, hash, slot};
    let h = hash(name.as_bytes(), table.seed, table.full);
    let slot = if table.pilots.len() == 1 {
        direct_slot(h, table.bits)
    } else {
        slot(h, table.pilots[bucket(h, table.pilots.len())], table.bits)
    };
    let (key, key_hash) = table.slots[slot]?;
    (key_hash == h).then_some(key)
}

#[test]
fn the_name_table_gives_every_name_its_own_slot_in_any_case() {
    let long: Vec<String> = (0..20_000)
        .map(|i| format!("TrainProcessStartDownloadModelTemplate{i}Success"))
        .collect();
    let catalogs: Vec<Vec<&str>> = vec![
        vec!["A"],
        vec![
            "InferenceProcessStartingError",
            "InferenceProcessStoppingError",
            "Login",
            "LogOut",
        ],
        long.iter().map(String::as_str).collect(),
    ];
    for names in catalogs {
        let table = table::name_table(&names).expect("a perfect hash");
        let used = table.slots.iter().flatten().count();
        assert_eq!(used, names.len());
        assert!(
            names.len() * 5 / 4 <= table.slots.len(),
            "load factor at most 0.8"
        );
        for (key, name) in names.iter().enumerate() {
            assert_eq!(name_candidate(&table, name), Some(key), "{name}");
            let upper = name.to_ascii_uppercase();
            assert_eq!(name_candidate(&table, &upper), Some(key), "{upper}");
        }
    }
}

#[test]
fn the_name_table_of_the_catalog_samples_names_into_one_sparse_bucket() {
    let checked = good(include_str!("../events.md"));
    let table = &checked.name_table;
    assert!(!table.full);
    assert_eq!(
        table.pilots,
        [0],
        "one bucket: a miss usually ends on an empty slot"
    );
    assert!(table.slots.len() <= table::MAX_DIRECT_BYTES);
}

/// The lookup `src/lib.rs` performs, over the laid-out table.
fn lookup(table: &table::CodeTable, code: u32) -> Option<usize> {
    let slot = if table.dense {
        code.wrapping_sub(table.base) as usize
    } else {
        let high = (code >> table.shift).wrapping_sub(table.base) as usize;
        let block = table.block_of.get(high).copied().unwrap_or(0);
        (block << table.shift) | (code & ((1 << table.shift) - 1)) as usize
    };
    let index = *table.entries.get(slot)?;
    (index < table.count).then_some(index)
}

#[test]
fn the_code_table_finds_every_code_and_nothing_else() {
    let catalogs: [Vec<u32>; 5] = [
        vec![],
        vec![0],
        vec![u32::MAX],
        vec![
            0,
            1,
            2,
            3,
            1000,
            1001,
            65_535,
            65_536,
            4_000_000_000,
            u32::MAX,
        ],
        (0..3000u32)
            .map(|i| 100 + i * 7 + (i % 13) * 1000)
            .collect(),
    ];
    for mut codes in catalogs {
        codes.sort_unstable();
        codes.dedup();
        let table = table::code_table(&codes);
        assert!(table.block_of.len() <= 1 << 16, "first level too long");
        assert!(table.bytes() <= table::MAX_BYTES);
        if table.dense {
            assert!(table.bytes() <= table::MAX_DENSE_BYTES);
        }
        for (index, &code) in codes.iter().enumerate() {
            assert_eq!(lookup(&table, code), Some(index), "code {code}");
            for near in [code.wrapping_sub(1), code.wrapping_add(1)] {
                if !codes.contains(&near) {
                    assert_eq!(lookup(&table, near), None, "code {near}");
                }
            }
        }
        for absent in [0, 1, 99, 12345, 1 << 20, u32::MAX - 1, u32::MAX] {
            assert_eq!(
                lookup(&table, absent),
                codes.binary_search(&absent).ok(),
                "code {absent}"
            );
        }
    }
}

#[test]
fn the_code_table_is_dense_while_that_stays_small() {
    let checked = good(include_str!("../events.md"));
    assert!(checked.code_table.dense);
    // 262 events: two bytes per code from 100 to 22302.
    assert_eq!(checked.code_table.bytes(), (22_302 - 100 + 1) * 2);

    let wide: Vec<u32> = (0..1000).map(|i| i * 1000).collect();
    let table = table::code_table(&wide);
    assert!(!table.dense);
    assert!(table.bytes() < 999_001 * 2 / 4, "{} bytes", table.bytes());
}
