//! The names a catalog may not give an event, checked against the crate itself.

mod common;

/// The names of the items of every `impl Event` block in `file`.
fn impl_event_items(file: &syn::File) -> Vec<String> {
    let mut names = Vec::new();
    for item in &file.items {
        if let syn::Item::Impl(block) = item {
            let is_event =
                matches!(&*block.self_ty, syn::Type::Path(p) if p.path.is_ident("Event"));
            if block.trait_.is_none() && is_event {
                names.extend(block.items.iter().filter_map(|item| match item {
                    syn::ImplItem::Const(c) => Some(c.ident.to_string()),
                    syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                    syn::ImplItem::Type(t) => Some(t.ident.to_string()),
                    _ => None,
                }));
            }
        }
    }
    names
}

/// The generator's `RESERVED` is exactly the items of `Event` that a variant or alias
/// would clash with: those of every inherent `impl Event` of the library's sources, and
/// those the generated file adds besides the aliases.
#[test]
fn the_reserved_names_are_the_items_of_the_enum() {
    let mut items = Vec::new();
    let mut dirs = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let source = std::fs::read_to_string(&path).unwrap();
                items.extend(impl_event_items(&syn::parse_file(&source).unwrap()));
            }
        }
    }
    let generated = include_str!(concat!(env!("OUT_DIR"), "/events.rs"));
    let aliases: Vec<String> = common::shipped()
        .aliases
        .into_iter()
        .map(|a| a.name)
        .collect();
    items.extend(
        impl_event_items(&syn::parse_file(generated).unwrap())
            .into_iter()
            .filter(|name| !aliases.contains(name)),
    );
    items.sort();
    let mut reserved = primo_events_codegen::RESERVED.map(String::from).to_vec();
    reserved.sort();
    assert_eq!(items, reserved);
}
