//! The shipped catalog against the vendor's newest catalog (January 2025), copied as facts
//! into `tests/fixtures/`: the vendor's events are a subset of ours (each vendor name
//! gives the vendor's code, in the vendor's section, an event renamed here keeping the
//! vendor's name as an alias), the events it no longer lists still decode, and notes of
//! events.md reach the docs.

mod common;

use primo_events::Event;

const VENDOR: &str = include_str!("fixtures/vendor-2025-01.tsv");
const ABSENT: &str = include_str!("fixtures/absent-from-vendor-2025-01.tsv");

/// The rows of a TSV fixture past its header, split into cells.
fn rows(tsv: &str) -> impl Iterator<Item = Vec<&str>> {
    tsv.lines().skip(1).map(|line| line.split('\t').collect())
}

#[test]
fn every_event_of_the_newest_catalog_decodes_in_its_section() {
    let aliases: Vec<String> = common::shipped()
        .aliases
        .into_iter()
        .map(|alias| alias.name)
        .collect();
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
        assert!(
            by_code.name() == name || aliases.iter().any(|alias| alias == name),
            "the vendor's {name} is neither the event of {code} nor one of its aliases"
        );
        count += 1;
    }
    assert!(count > 0);
}

#[test]
fn the_events_the_newest_catalog_dropped_still_decode_with_a_note() {
    let reading = common::shipped();
    let mut count = 0;
    for row in rows(ABSENT) {
        let [code, name] = row[..] else {
            panic!("a row of 2 cells: {row:?}");
        };
        let code: u32 = code.parse().unwrap();
        assert_eq!(
            Event::from_name(name).map(Event::code),
            Some(code),
            "{name}"
        );
        let event = reading.events.iter().find(|e| e.code == code).expect(name);
        assert!(
            event.note.is_some(),
            "{name} has no note saying why it stays"
        );
        count += 1;
    }
    assert!(count > 0);
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
fn notes_of_events_md_reach_the_docs_of_their_events() {
    let reading = common::shipped();
    let docs = variant_docs();
    assert_eq!(docs.len(), Event::COUNT);
    let notes: Vec<&str> = reading
        .events
        .iter()
        .filter_map(|e| e.note.as_deref())
        .collect();
    for (name, doc) in docs {
        let event = reading.events.iter().find(|e| e.name == name).expect(&name);
        // Notes are markdown-escaped in the docs: compare without backslashes.
        let doc = doc.replace('\\', "");
        match &event.note {
            Some(note) => assert!(doc.contains(note.as_str()), "{name}: {doc}"),
            None => assert!(
                !notes.iter().any(|note| doc.contains(note)),
                "{name}: {doc}"
            ),
        }
    }
}
