//! Property tests of the generator: any valid catalog, written into events.md in any of the
//! legal shapes, reads back exactly; any text or bytes at all give a catalog or located
//! diagnostics, never a panic.

use proptest::prelude::*;

use crate::codegen;
use crate::codegen::Diagnostic;

/// One entry as the catalog means it.
#[derive(Clone, Debug)]
struct Spec {
    name: String,
    /// `Err(target)` for an alias.
    value: Result<u32, String>,
    description: Option<String>,
}

/// How a group of entries is written.
#[derive(Clone, Debug)]
enum Shape {
    /// Column order (a permutation of code, event, description), cell padding, outer pipes.
    Table([usize; 3], usize, bool),
    /// Indentation: 4 spaces or a tab.
    Indented(bool),
    /// The fence: ``` or ~~~.
    Fenced(bool),
}

/// Descriptions: any printable text, or text dense in markdown and Rust syntax.
fn description() -> impl Strategy<Value = Option<String>> {
    let text = prop_oneof![
        "\\PC{0,24}",
        "[|\\\\\"'`*/#\\[\\]{}<>&_~!()=, a-zа-я漢🚂]{0,24}",
    ];
    proptest::option::of(text)
        .prop_map(|d| d.map(|d| d.trim().to_owned()).filter(|d| !d.is_empty()))
}

/// A valid catalog: distinct names (distinct ignoring case too), distinct codes below
/// `max_code`, aliases of events, and the sections its groups go under.
fn catalog(max_code: u32) -> impl Strategy<Value = (Vec<Spec>, Vec<Option<String>>)> {
    let events = prop::collection::btree_set(0..=max_code, 1..24).prop_flat_map(|codes| {
        let n = codes.len();
        (
            Just(codes),
            prop::collection::vec("[A-Z][a-z]{0,8}", n),
            prop::collection::vec(description(), n),
        )
    });
    (
        events,
        prop::collection::vec((any::<prop::sample::Index>(), description()), 0..5),
    )
        .prop_flat_map(|((codes, words, descriptions), aliases)| {
            let mut specs: Vec<Spec> = codes
                .iter()
                .zip(words)
                .zip(descriptions)
                .enumerate()
                .map(|(i, ((&code, word), description))| Spec {
                    // The index keeps names apart; the prefix keeps them apart from aliases.
                    name: format!("E{word}{i}"),
                    value: Ok(code),
                    description,
                })
                .collect();
            let events = specs.len();
            for (j, (target, description)) in aliases.into_iter().enumerate() {
                let target = specs[target.index(events)].name.clone();
                specs.push(Spec {
                    name: format!("Alias{j}"),
                    value: Err(target),
                    description,
                });
            }
            let groups = specs.len().div_ceil(4);
            (
                Just(specs).prop_shuffle(),
                prop::collection::vec(proptest::option::of("\\PC{0,12}"), groups),
            )
        })
}

fn shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        (
            Just([0, 1, 2])
                .prop_shuffle()
                .prop_map(|v| [v[0], v[1], v[2]]),
            0..3usize,
            any::<bool>()
        )
            .prop_map(|(order, pad, pipes)| Shape::Table(order, pad, pipes)),
        any::<bool>().prop_map(Shape::Indented),
        any::<bool>().prop_map(Shape::Fenced),
    ]
}

/// Backslash-escapes all ASCII punctuation: markdown then reads the text literally.
fn escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            c.is_ascii_punctuation()
                .then_some('\\')
                .into_iter()
                .chain([c])
        })
        .collect()
}

fn render(
    specs: &[Spec],
    sections: &[Option<String>],
    shapes: &[Shape],
    crlf: bool,
    bom: bool,
) -> String {
    let mut md = String::from(if bom { "\u{feff}" } else { "" });
    md.push_str("Preamble text.\n\n");
    for (i, group) in specs.chunks(4).enumerate() {
        match &sections[i] {
            Some(section) => md.push_str(&format!("## {}\n\n", escape(section))),
            None => md.push_str("##\n\n"),
        }
        let value = |spec: &Spec| match &spec.value {
            Ok(code) => code.to_string(),
            Err(target) => target.clone(),
        };
        match &shapes[i % shapes.len()] {
            Shape::Table(order, pad, pipes) => {
                let pad = " ".repeat(*pad);
                let row = |cells: [String; 3]| {
                    let cells: Vec<String> = order
                        .iter()
                        .map(|&c| format!("{pad}{}{pad}", cells[c]))
                        .collect();
                    // Without outer pipes, an empty first or last cell would read as one.
                    let edge_empty = [cells.first(), cells.last()]
                        .into_iter()
                        .flatten()
                        .any(|cell| cell.trim().is_empty());
                    let row = cells.join("|");
                    if *pipes || edge_empty {
                        format!("|{row}|\n")
                    } else {
                        format!("{row}\n")
                    }
                };
                md.push_str(&row(["Code".into(), "Event".into(), "Description".into()]));
                md.push_str(&row(["---".into(), "---".into(), "---".into()]));
                for spec in group {
                    let mut description =
                        spec.description.as_deref().map(escape).unwrap_or_default();
                    // A `\` right before a `|` escapes it, whatever came before.
                    if description.ends_with('\\') {
                        description.push(' ');
                    }
                    md.push_str(&row([value(spec), spec.name.clone(), description]));
                }
            }
            Shape::Indented(tab) | Shape::Fenced(tab) => {
                let fenced = matches!(shapes[i % shapes.len()], Shape::Fenced(_));
                let fence = if *tab { "~~~" } else { "```" };
                if fenced {
                    md.push_str(&format!("{fence}text\n"));
                }
                for spec in group {
                    let indent = if fenced {
                        ""
                    } else if *tab {
                        "\t"
                    } else {
                        "    "
                    };
                    let comment = spec
                        .description
                        .as_deref()
                        .map(|d| format!(" // {d}"))
                        .unwrap_or_default();
                    md.push_str(&format!(
                        "{indent}{} = {},{comment}\n",
                        spec.name,
                        value(spec)
                    ));
                }
                if fenced {
                    md.push_str(&format!("{fence}\n"));
                }
            }
        }
        md.push('\n');
    }
    if crlf { md.replace('\n', "\r\n") } else { md }
}

/// Every diagnostic lies inside the file: a line it has, a column up to one past its end.
fn assert_located(bytes: &[u8], diagnostics: &[Diagnostic]) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.split('\n').collect();
    for d in diagnostics {
        let (line, col) = (d.pos().line(), d.pos().col());
        assert!(
            line >= 1 && line <= lines.len(),
            "{d:?} outside {} lines",
            lines.len()
        );
        let width = lines[line - 1].chars().count();
        assert!(
            col >= 1 && col <= width + 1,
            "{d:?} outside a line of {width}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_valid_catalog_reads_back_exactly(
        (specs, sections) in catalog(u32::MAX),
        shapes in prop::collection::vec(shape(), 1..4),
        crlf in any::<bool>(),
        bom in any::<bool>(),
    ) {
        let md = render(&specs, &sections, &shapes, crlf, bom);
        let (checked, diagnostics) = codegen::read(md.as_bytes());
        prop_assert_eq!(diagnostics, vec![], "{}", md);
        let checked = checked.unwrap();

        // (name, code, target for an alias, description, section) of every entry.
        let section = |i: usize| sections[i / 4].clone().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        let code_of = |name: &str| specs.iter().find(|s| s.name == name).and_then(|s| s.value.clone().ok());
        let mut variants: Vec<_> = specs.iter().enumerate().filter_map(|(i, s)| {
            Some((s.name.clone(), *s.value.as_ref().ok()?, s.description.clone(), section(i)))
        }).collect();
        variants.sort_by_key(|v| v.1);
        let aliases: Vec<_> = specs.iter().enumerate().filter_map(|(i, s)| {
            let target = s.value.as_ref().err()?;
            Some((s.name.clone(), code_of(target)?, target.clone(), s.description.clone(), section(i)))
        }).collect();
        let owned = |text: Option<&str>| text.map(str::to_owned);
        let read_variants: Vec<_> = checked.variants().iter().map(|v| {
            (v.name().to_owned(), v.code(), owned(v.docs().description()), owned(v.docs().section()))
        }).collect();
        let read_aliases: Vec<_> = checked.aliases().iter().map(|a| {
            (a.name().to_owned(), a.code(), a.target().to_owned(), owned(a.docs().description()), owned(a.docs().section()))
        }).collect();
        let plain = |docs: &codegen::Docs| docs.note().is_none() && !docs.deprecated();
        prop_assert!(checked.variants().iter().all(|v| plain(v.docs())), "{}", md);
        prop_assert!(checked.aliases().iter().all(|a| plain(a.docs())), "{}", md);
        prop_assert_eq!(read_variants, variants, "{}", md);
        prop_assert_eq!(read_aliases, aliases, "{}", md);
    }

    #[test]
    fn generating_twice_gives_identical_bytes((specs, sections) in catalog(u32::MAX), shapes in prop::collection::vec(shape(), 1..4)) {
        let md = render(&specs, &sections, &shapes, false, false);
        let first = codegen::generate(md.as_bytes()).map(|g| g.source);
        let second = codegen::generate(md.as_bytes()).map(|g| g.source);
        prop_assert!(first.is_ok());
        prop_assert_eq!(&first, &second);
        let source = first.unwrap();
        prop_assert!(syn::parse_file(&source).is_ok(), "{}", source);
    }

    #[test]
    fn any_bytes_give_a_result_or_located_diagnostics(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        match codegen::generate(&bytes) {
            Ok(generated) => assert_located(&bytes, &generated.warnings),
            Err(diagnostics) => assert_located(&bytes, &diagnostics),
        }
    }

    #[test]
    fn any_markdown_like_text_gives_a_result_or_located_diagnostics(
        fragments in prop::collection::vec(prop_oneof![
            Just("|"), Just(" | "), Just("---"), Just("\n"), Just("\r\n"), Just("\n\n"), Just("    "),
            Just("\t"), Just("```"), Just("~~~"), Just("# "), Just("## Раздел"), Just("Code"), Just("Event"),
            Just("Description"), Just("Код"), Just("Событие"), Just("="), Just(","), Just("//"), Just("~~"),
            Just("`"), Just("*"), Just("\\"), Just("> "), Just("- "), Just("Login"), Just("LogOut"),
            Just("type"), Just("2001"), Just("15800"), Just("-5"), Just("99999999999"), Just("\u{feff}"),
            Just("Ж"), Just("🚂"), Just("<b>"), Just("[x]"),
        ], 0..80),
    ) {
        let text: String = fragments.concat();
        match codegen::generate(text.as_bytes()) {
            Ok(generated) => assert_located(text.as_bytes(), &generated.warnings),
            Err(diagnostics) => assert_located(text.as_bytes(), &diagnostics),
        }
    }
}
