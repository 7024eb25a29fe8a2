//! The generator's stages on small inputs, inside the crate (they build and read stage
//! values the crate keeps to itself): what parse reads, what check makes of it, how
//! layout lays the tables out. What is rejected, and how it is reported, is in the
//! `ui` fixtures of tests/generator.

use crate::catalog::{Alias, Checked, Docs, Entry, Value, Variant};
use crate::diagnostic::Pos;
use crate::layout::{self, Layout, PerfectHash};
use crate::lookup::{self, CodeLayout};
use crate::{check, parse};

/// Reads `md`, asserting that it is accepted without a word.
#[track_caller]
fn good(md: &str) -> Checked {
    let (checked, diagnostics) = crate::read(md.as_bytes());
    assert_eq!(diagnostics, [], "unexpected diagnostics for:\n{md}");
    checked.expect("a catalog without diagnostics is checked")
}

fn variant(name: &str, code: u32, description: Option<&str>, section: Option<&str>) -> Variant {
    Variant {
        name: name.into(),
        code,
        docs: Docs {
            description: description.map(Into::into),
            section: section.map(Into::into),
            ..Docs::default()
        },
    }
}

fn names_and_codes(checked: &Checked) -> Vec<(&str, u32)> {
    checked
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.code))
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
        checked.variants,
        [
            variant("InferenceRequestAccepted", 100, None, Some("События")),
            variant(
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
    assert_eq!(
        checked.variants,
        [variant("Login", 2001, Some("Вход"), None)]
    );
}

#[test]
fn reads_the_plain_text_of_cells_with_markup() {
    let checked = good(&format!(
        "{TABLE_HEAD}| `100` | **Accepted** | *принят* \\| в `очередь` |\n"
    ));
    assert_eq!(
        checked.variants,
        [variant("Accepted", 100, Some("принят | в очередь"), None)]
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
        checked.variants,
        [
            variant("A", 18100, None, Some("Inference")),
            variant("B", 18101, Some("started"), Some("Inference")),
            variant("C", 18102, None, Some("Inference")),
            variant("D", 18103, None, Some("Inference")),
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
        checked.variants,
        [
            variant("A", 1, None, Some("Agents")),
            variant("B", 2, None, None)
        ]
    );
}

#[test]
fn locates_entries_in_characters_past_a_bom_and_crlf() {
    let lf = format!("# Заголовок\n\n{TABLE_HEAD}| 7 | Seven | |\n\n    Eight = 8\n");
    let crlf = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
    let (lf_catalog, lf_diagnostics) = parse(lf.as_bytes());
    let (crlf_catalog, crlf_diagnostics) = parse(crlf.as_bytes());
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
    let (catalog, diagnostics) = parse(md.as_bytes());
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
        .map(|a| (a.name.as_str(), a.docs.deprecated))
        .collect();
    assert_eq!(
        deprecated,
        [("InferenceProcessStoped", true), ("StopedToo", true)]
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

// ---- bytes -------------------------------------------------------------------------

#[test]
fn rejects_a_file_that_is_not_utf8() {
    let mut bytes = b"    A = 1\n    B\xc3\x28 = 2\n".to_vec();
    let diagnostics = crate::generate(&bytes).unwrap_err();
    assert_eq!(
        diagnostics
            .iter()
            .map(|d| d.render("events.md"))
            .collect::<String>(),
        "error: events.md:2:6: invalid UTF-8 (byte 0xc3): a catalog must be UTF-8\n"
    );
    bytes.insert(0, 0xff);
    let diagnostics = crate::generate(&bytes).unwrap_err();
    assert_eq!(diagnostics[0].pos, Pos { line: 1, col: 1 });
}

// ---- the lookup tables -------------------------------------------------------------

/// The one candidate key of `name` in a name table, found with the functions the
/// library's lookup calls.
fn name_candidate(hash: &PerfectHash, name: &str) -> Option<usize> {
    let h = lookup::hash(name.as_bytes(), hash.seed, hash.full);
    let (key, key_hash) = hash.slots[lookup::table_slot(h, &hash.pilots, hash.bits)]?;
    (key_hash == h).then_some(key)
}

/// The layout of a catalog of these names, numbered by code.
fn name_layout(names: &[String]) -> Layout {
    let md: String = (0..)
        .zip(names)
        .map(|(code, name)| format!("    {name} = {code}\n"))
        .collect();
    let (catalog, _) = parse(md.as_bytes());
    layout::layout(&check(&catalog).0.unwrap()).expect("a perfect hash")
}

#[test]
fn the_name_table_gives_every_name_its_own_slot_in_any_case() {
    let catalogs: Vec<Vec<String>> = vec![
        vec!["A".into()],
        [
            "InferenceProcessStartingError",
            "InferenceProcessStoppingError",
            "Login",
            "LogOut",
        ]
        .map(String::from)
        .to_vec(),
        (0..20_000)
            .map(|i| format!("TrainProcessStartDownloadModelTemplate{i}Success"))
            .collect(),
    ];
    for names in catalogs {
        let hash = name_layout(&names).names.hash;
        let used = hash.slots.iter().flatten().count();
        assert_eq!(used, names.len());
        assert!(
            names.len() * 5 / 4 <= hash.slots.len(),
            "load factor at most 0.8"
        );
        for (key, name) in names.iter().enumerate() {
            assert_eq!(name_candidate(&hash, name), Some(key), "{name}");
            let upper = name.to_ascii_uppercase();
            assert_eq!(name_candidate(&hash, &upper), Some(key), "{upper}");
        }
    }
}

/// The vendor's 2024 catalog (tests/ui/upstream_seed.md), its second 15800 written as an
/// alias: real names, long and sharing long prefixes.
fn vendor_catalog() -> Checked {
    let seed = include_str!("../tests/ui/upstream_seed.md");
    let fixed = seed.replacen(
        "| 15800 | TrainProcessTimeout ",
        "| TrainProcessCompletedSuccess | TrainProcessTimeout ",
        1,
    );
    assert_ne!(fixed, seed);
    good(&fixed)
}

#[test]
fn the_name_table_of_a_real_catalog_samples_names_into_one_sparse_bucket() {
    let hash = layout::layout(&vendor_catalog()).unwrap().names.hash;
    assert!(
        !hash.full,
        "five sampled words tell the catalog's names apart"
    );
    assert_eq!(
        hash.pilots,
        [0],
        "one bucket: a miss usually ends on an empty slot"
    );
    assert!(hash.slots.len() * 2 <= layout::MAX_DIRECT_BYTES);
}

#[test]
fn every_code_table_layout_finds_every_code_and_nothing_else() {
    let catalogs: [(Vec<u32>, CodeLayout); 7] = [
        (vec![], CodeLayout::Dense),
        (vec![0], CodeLayout::Dense),
        (vec![u32::MAX], CodeLayout::Dense),
        (
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
            CodeLayout::Hashed,
        ),
        (
            (0..3000u32)
                .map(|i| 100 + i * 7 + (i % 13) * 1000)
                .collect(),
            CodeLayout::TwoLevel,
        ),
        ((0..200u32).map(|i| i << 24).collect(), CodeLayout::Hashed),
        (
            (0..20_000u32)
                .map(|i| i.wrapping_mul(2_654_435_761))
                .collect(),
            CodeLayout::Hashed,
        ),
    ];
    for (mut codes, expected_layout) in catalogs {
        codes.sort_unstable();
        codes.dedup();
        let table = layout::code_table(&codes).expect("a layout");
        assert_eq!(table.layout, expected_layout, "{} codes", codes.len());
        assert!(table.block_of.len() <= 1 << 16, "first level too long");
        assert!(table.entries.len() <= layout::MAX_TWO_LEVEL_BYTES.max(codes.len() * 8));
        for (index, &code) in codes.iter().enumerate() {
            assert_eq!(table.index_of(&codes, code), Some(index), "code {code}");
            for near in [code.wrapping_sub(1), code.wrapping_add(1)] {
                if codes.binary_search(&near).is_err() {
                    assert_eq!(table.index_of(&codes, near), None, "code {near}");
                }
            }
        }
        for absent in [0, 1, 99, 12345, 1 << 20, u32::MAX - 1, u32::MAX] {
            assert_eq!(
                table.index_of(&codes, absent),
                codes.binary_search(&absent).ok(),
                "code {absent}"
            );
        }
    }
}

#[test]
fn the_code_table_is_dense_while_that_stays_small() {
    let catalog = vendor_catalog();
    let (first, last) = (
        catalog.variants[0].code,
        catalog.variants.last().unwrap().code,
    );
    let table = layout::layout(&catalog).unwrap().codes;
    assert_eq!(table.layout, CodeLayout::Dense);
    // An entry per code from the first to the last.
    assert_eq!(table.entries.len() as u32, last - first + 1);

    let wide: Vec<u32> = (0..1000).map(|i| i * 1000).collect();
    let table = layout::code_table(&wide).unwrap();
    assert_eq!(table.layout, CodeLayout::TwoLevel);
    let entries = table.block_of.len() + table.entries.len();
    assert!(entries < 999_001 / 4, "{entries} entries");
}
