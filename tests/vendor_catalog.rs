//! The shipped catalog against the vendor's newest catalog (January 2025), copied as facts
//! into `tests/fixtures/`: every event it lists decodes both ways and sits in the vendor's
//! section, and the events it no longer lists are still decoded and documented as such.

use primo_events::Event;

const VENDOR: &str = include_str!("fixtures/vendor-2025-01.tsv");
const ABSENT: &str = include_str!("fixtures/absent-from-vendor-2025-01.tsv");
/// What events.md notes on the events the newest catalog dropped.
const DROPPED_NOTE: &str = "No longer in the vendor's newest catalog (2025-01)";

/// The rows of a TSV fixture past its header, split into cells.
fn rows(tsv: &str) -> impl Iterator<Item = Vec<&str>> {
    tsv.lines().skip(1).map(|line| line.split('\t').collect())
}

#[test]
fn every_event_of_the_newest_catalog_decodes_in_its_section() {
    let mut count = 0;
    for row in rows(VENDOR) {
        let [code, name, section, _in_seed] = row[..] else {
            panic!("a row of 4 cells: {row:?}");
        };
        let code: u32 = code.parse().unwrap();
        let by_name = Event::from_name(name).unwrap_or_else(|| panic!("{name} is missing"));
        let by_code = Event::from_code(code).unwrap_or_else(|| panic!("{code} is missing"));
        assert_eq!(by_name, by_code, "{name} = {code}");
        assert_eq!(by_code.code(), code);
        assert_eq!(by_code.section(), Some(section), "{name}");
        if name != "TrainProcessTimeout" {
            assert_eq!(
                by_code.name(),
                name,
                "the alias is the only name that is not its event's"
            );
        }
        count += 1;
    }
    assert_eq!(count, 256, "256 names for 255 codes: 15800 has two");
}

#[test]
fn the_events_the_newest_catalog_dropped_still_decode() {
    let mut count = 0;
    for row in rows(ABSENT) {
        let [code, name] = row[..] else {
            panic!("a row of 2 cells: {row:?}");
        };
        let event = Event::from_code(code.parse().unwrap()).expect(name);
        assert_eq!(event.name(), name);
        assert_eq!(event.section(), Some("Папка"));
        count += 1;
    }
    assert_eq!(count, 7);
    assert_eq!(Event::COUNT, 255 + 7);
}

/// The doc text of each variant of the generated enum, read from the generated file.
fn variant_docs() -> Vec<(String, String)> {
    let source = include_str!(concat!(env!("OUT_DIR"), "/events.rs"));
    let file = syn::parse_file(source).expect("the generated file parses");
    let Some(syn::Item::Enum(event)) = file
        .items
        .iter()
        .find(|item| matches!(item, syn::Item::Enum(e) if e.ident == "Event"))
    else {
        panic!("no enum Event in the generated file");
    };
    event
        .variants
        .iter()
        .map(|variant| {
            let doc: Vec<String> = variant
                .attrs
                .iter()
                .filter_map(|attr| match &attr.meta {
                    syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
                        syn::Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Str(s),
                            ..
                        }) => Some(s.value()),
                        _ => None,
                    },
                    _ => None,
                })
                .collect();
            (variant.ident.to_string(), doc.join("\n"))
        })
        .collect()
}

#[test]
fn only_the_dropped_events_say_so_in_their_docs() {
    let dropped: Vec<&str> = rows(ABSENT).map(|row| row[1]).collect();
    let docs = variant_docs();
    assert_eq!(docs.len(), Event::COUNT);
    for (name, doc) in docs {
        // The note is markdown-escaped in the docs: compare without backslashes.
        let says_dropped = doc.replace('\\', "").contains(DROPPED_NOTE);
        assert_eq!(
            says_dropped,
            dropped.contains(&name.as_str()),
            "{name}: {doc}"
        );
    }
}
