//! The crate's public surface, listed from its source as `cargo public-api` lists it from
//! rustdoc, against `public-api.txt`: a change to what users can name (an item, a field,
//! a signature, a derive, `#[non_exhaustive]`) fails here until the listing is updated
//! on purpose (`UPDATE_SNAPSHOTS=1`) and the diff is reviewed.
//!
//! What counts as public: `pub` items of the crate root and of `pub mod`s, the items
//! `pub use` names from private modules, and the `pub` methods and trait impls of every
//! public type. `pub(crate)` and everything in private modules is the crate's own.

use std::collections::BTreeMap;
use std::path::Path;

use quote::ToTokens;
use syn::{Attribute, Fields, Item, UseTree, Visibility};

use crate::snapshot;

const CRATE: &str = "primo_events_codegen";

/// A source file's items, by module name (`""` for the crate root).
fn modules() -> BTreeMap<String, Vec<Item>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let parse = |name: &str| {
        let path = src
            .join(if name.is_empty() { "lib" } else { name })
            .with_extension("rs");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        syn::parse_file(&text).expect("the crate parses").items
    };
    let root = parse("");
    let mut modules = BTreeMap::new();
    for item in &root {
        if let Item::Mod(module) = item {
            modules.insert(module.ident.to_string(), parse(&module.ident.to_string()));
        }
    }
    modules.insert(String::new(), root);
    modules
}

/// Tokens as one line of Rust: white space only where it separates words.
fn text(tokens: &impl ToTokens) -> String {
    let mut line = tokens.to_token_stream().to_string();
    for (from, to) in [
        (" :: ", "::"),
        (" < ", "<"),
        (" <", "<"),
        (" >", ">"),
        (" ,", ","),
        ("( ", "("),
        (" )", ")"),
        ("[ ", "["),
        (" ]", "]"),
        ("& ", "&"),
        (" : ", ": "),
        ("# [", "#["),
        (" (", "("),
        (" ;", ";"),
    ] {
        line = line.replace(from, to);
    }
    // `name(` but `key: (` and `-> (`.
    line.replace(":(", ": (")
        .replace("->", " -> ")
        .replace("  ", " ")
}

/// The attributes a user relies on (derives, `non_exhaustive`, `cfg`), docs left out.
fn attributes(attrs: &[Attribute]) -> String {
    let kept = attrs.iter().filter(|a| {
        ["derive", "non_exhaustive", "cfg", "must_use"]
            .iter()
            .any(|name| a.path().is_ident(name))
    });
    kept.map(|a| text(a) + " ").collect()
}

fn public(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

/// The listing of one public item at `path`, and its public fields or variants.
fn item_lines(path: &str, item: &Item, out: &mut Vec<String>) {
    match item {
        Item::Fn(f) if public(&f.vis) => {
            let signature = text(&f.sig).replacen("fn ", &format!("fn {path}::"), 1);
            out.push(format!("{}pub {signature}", attributes(&f.attrs)));
        }
        Item::Const(c) if public(&c.vis) => {
            out.push(format!("pub const {path}::{}: {}", c.ident, text(&c.ty)));
        }
        Item::Struct(s) if public(&s.vis) => {
            let name = format!("{path}::{}", s.ident);
            out.push(format!(
                "{}pub struct {name}{}",
                attributes(&s.attrs),
                text(&s.generics)
            ));
            for field in s.fields.iter().filter(|f| public(&f.vis)) {
                let field_name = field
                    .ident
                    .as_ref()
                    .map_or(String::new(), ToString::to_string);
                out.push(format!(
                    "pub field {name}::{field_name}: {}",
                    text(&field.ty)
                ));
            }
        }
        Item::Enum(e) if public(&e.vis) => {
            let name = format!("{path}::{}", e.ident);
            out.push(format!("{}pub enum {name}", attributes(&e.attrs)));
            for variant in &e.variants {
                let fields: Vec<String> = variant
                    .fields
                    .iter()
                    .map(|f| match &f.ident {
                        Some(name) => format!("{name}: {}", text(&f.ty)),
                        None => text(&f.ty),
                    })
                    .collect();
                let fields = match &variant.fields {
                    Fields::Unit => String::new(),
                    Fields::Named(_) => format!(" {{ {} }}", fields.join(", ")),
                    Fields::Unnamed(_) => format!("({})", fields.join(", ")),
                };
                out.push(format!(
                    "{}variant {name}::{}{fields}",
                    attributes(&variant.attrs),
                    variant.ident
                ));
            }
        }
        Item::Mod(m) if public(&m.vis) => {
            out.push(format!(
                "{}pub mod {path}::{}",
                attributes(&m.attrs),
                m.ident
            ));
        }
        _ => {}
    }
}

/// The name an item declares, if it declares one a `use` can name.
fn declared(item: &Item) -> Option<String> {
    match item {
        Item::Fn(f) => Some(f.sig.ident.to_string()),
        Item::Const(c) => Some(c.ident.to_string()),
        Item::Struct(s) => Some(s.ident.to_string()),
        Item::Enum(e) => Some(e.ident.to_string()),
        _ => None,
    }
}

/// The `(module, name)` pairs a `use` tree names.
fn used(tree: &UseTree, module: &str, out: &mut Vec<(String, String)>) {
    match tree {
        UseTree::Path(p) => used(&p.tree, &p.ident.to_string(), out),
        UseTree::Name(n) => out.push((module.to_owned(), n.ident.to_string())),
        UseTree::Group(g) => g.items.iter().for_each(|t| used(t, module, out)),
        _ => panic!("a `pub use` the listing does not read: {}", text(tree)),
    }
}

/// Every line of the public surface, sorted.
fn surface() -> Vec<String> {
    let modules = modules();
    let mut lines = Vec::new();
    // The public types, by name, with the path users name them by.
    let mut types: BTreeMap<String, String> = BTreeMap::new();
    let mut list = |path: &str, item: &Item, lines: &mut Vec<String>| {
        item_lines(path, item, lines);
        if let (Item::Struct(_) | Item::Enum(_), Some(name)) = (item, declared(item)) {
            types.insert(name.clone(), format!("{path}::{name}"));
        }
    };
    for item in &modules[""] {
        match item {
            Item::Use(u) if public(&u.vis) => {
                let mut names = Vec::new();
                used(&u.tree, "", &mut names);
                for (module, name) in names {
                    let found = modules[&module]
                        .iter()
                        .find(|i| declared(i).as_ref() == Some(&name));
                    list(
                        CRATE,
                        found.expect("a `pub use` names an item of the crate"),
                        &mut lines,
                    );
                }
            }
            Item::Mod(m) if public(&m.vis) => {
                list(CRATE, item, &mut lines);
                let path = format!("{CRATE}::{}", m.ident);
                for inner in &modules[&m.ident.to_string()] {
                    list(&path, inner, &mut lines);
                }
            }
            item => list(CRATE, item, &mut lines),
        }
    }
    // Methods and trait impls of public types, wherever the impl stands.
    for item in modules.values().flatten() {
        let Item::Impl(block) = item else { continue };
        let Some(name) = types.get(&text(&block.self_ty)) else {
            continue;
        };
        match &block.trait_ {
            Some((trait_path, _)) => lines.push(format!("impl {} for {name}", text(trait_path))),
            None => {
                for inner in &block.items {
                    if let syn::ImplItem::Fn(f) = inner
                        && public(&f.vis)
                    {
                        let signature = text(&f.sig);
                        lines.push(format!(
                            "impl {name}: {}pub {signature}",
                            attributes(&f.attrs)
                        ));
                    }
                }
            }
        }
    }
    lines.sort();
    lines
}

#[test]
fn the_public_surface_is_the_listed_one() {
    let listing: String = surface().iter().map(|line| line.clone() + "\n").collect();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("public-api.txt");
    snapshot(&path, &listing).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn no_public_struct_has_public_fields_unless_non_exhaustive() {
    let surface = surface();
    let sealed = |owner: &str| {
        let declaration = format!("pub struct {owner}");
        surface
            .iter()
            .any(|line| line.contains("#[non_exhaustive]") && line.ends_with(&declaration))
    };
    let open: Vec<&String> = surface
        .iter()
        .filter(|line| {
            line.strip_prefix("pub field ")
                .and_then(|field| field.split_once(": "))
                .and_then(|(field, _)| field.rsplit_once("::"))
                .is_some_and(|(owner, _)| !sealed(owner))
        })
        .collect();
    assert!(
        open.is_empty(),
        "public fields of exhaustive structs: {open:#?}"
    );
}
