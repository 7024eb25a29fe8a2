//! Writes the peers' inputs from primo-events' own events.md, read by its own generator:
//! strum and num_enum enums, phf maps and plain `match`es over the same catalog; and the
//! same events with their codes strewn over all of u32, generated as primo-events'
//! build.rs generates its own, for the hashed code table.

use proc_macro2::{Ident, Literal, Span};
use quote::quote;

fn main() {
    println!("cargo::rerun-if-changed=../events.md");
    let md = std::fs::read("../events.md").expect("read ../events.md");
    let (checked, diagnostics) = primo_events_codegen::read(&md);
    let Some(checked) = checked else {
        panic!("events.md has errors: {diagnostics:#?}");
    };

    let out_dir = std::path::PathBuf::from(std::env::var_os("OUT_DIR").unwrap());
    write_sparse(&checked, &out_dir);

    let ident = |name: &str| Ident::new(name, Span::call_site());
    let variants = checked.variants().iter().map(|e| {
        let (name, code) = (ident(e.name()), Literal::u32_unsuffixed(e.code()));
        quote!(#name = #code,)
    });
    let strum_variants = checked.variants().iter().map(|e| {
        let (name, code) = (ident(e.name()), Literal::u32_unsuffixed(e.code()));
        let spellings = std::iter::once(e.name()).chain(
            checked
                .aliases()
                .iter()
                .filter(|a| a.code() == e.code())
                .map(|a| a.name()),
        );
        quote!(#[strum(#(serialize = #spellings),*)] #name = #code,)
    });
    // (name, code) of every name, aliases too, for maps, matches and query streams.
    let keys: Vec<(&str, u32)> = checked
        .variants()
        .iter()
        .map(|v| (v.name(), v.code()))
        .chain(checked.aliases().iter().map(|a| (a.name(), a.code())))
        .collect();
    let key_names = keys.iter().map(|(name, _)| *name);
    let key_events: Vec<_> = keys
        .iter()
        .map(|(name, _)| {
            let name = ident(name);
            quote!(primo_events::Event::#name)
        })
        .collect();
    let key_codes: Vec<_> = keys
        .iter()
        .map(|(_, code)| Literal::u32_unsuffixed(*code))
        .collect();
    let codes = checked
        .variants()
        .iter()
        .map(|e| Literal::u32_suffixed(e.code()));
    let code_events = checked.variants().iter().map(|e| {
        let name = ident(e.name());
        quote!(primo_events::Event::#name)
    });
    let (codes2, code_events2) = (codes.clone(), code_events.clone());
    let (key_names2, key_names_m) = (key_names.clone(), key_names.clone());
    let key_events_m = key_events.clone();
    let count = keys.len();

    let tokens = quote! {
        /// Every name, aliases too, with its code.
        pub static KEYS: [(&str, u32); #count] = [#((#key_names, #key_codes)),*];

        #[derive(Clone, Copy, Debug, PartialEq, Eq, strum::EnumString, strum::FromRepr)]
        #[repr(u32)]
        pub enum StrumEvent { #(#strum_variants)* }

        #[derive(Clone, Copy, Debug, PartialEq, Eq, num_enum::TryFromPrimitive)]
        #[repr(u32)]
        pub enum NumEnumEvent { #(#variants)* }

        pub static PHF_BY_NAME: phf::Map<&'static str, primo_events::Event> =
            phf::phf_map! { #(#key_names2 => #key_events),* };
        pub static PHF_BY_CODE: phf::Map<u32, primo_events::Event> =
            phf::phf_map! { #(#codes2 => #code_events2),* };

        pub fn match_code(code: u32) -> Option<primo_events::Event> {
            match code {
                #(#codes => Some(#code_events),)*
                _ => None,
            }
        }

        pub fn match_name(name: &str) -> Option<primo_events::Event> {
            match name {
                #(#key_names_m => Some(#key_events_m),)*
                _ => None,
            }
        }
    };
    let file = syn::parse2::<syn::File>(tokens).expect("peers parse");
    std::fs::write(out_dir.join("peers.rs"), prettyplease::unparse(&file)).expect("write peers.rs");
}

/// The multiplier that strews the codes over u32: odd, so a bijection of u32.
const SCRAMBLE: u32 = 2_654_435_761;

/// The catalog's events with codes `code * SCRAMBLE`, through the generator:
/// `sparse_events.rs` and the `lookup.rs` it is read with, as primo-events' build.rs
/// writes them.
fn write_sparse(checked: &primo_events_codegen::Checked, out_dir: &std::path::Path) {
    let md: String = checked
        .variants()
        .iter()
        .map(|v| format!("    {} = {}\n", v.name(), v.code().wrapping_mul(SCRAMBLE)))
        .collect();
    let generated = primo_events_codegen::generate(md.as_bytes()).expect("the scrambled catalog");
    std::fs::write(out_dir.join("sparse_events.rs"), generated.source).expect("write");
    std::fs::write(
        out_dir.join("lookup.rs"),
        primo_events_codegen::LOOKUP_SOURCE,
    )
    .expect("write");
    println!("cargo::rustc-env=PRIMO_BENCH_SCRAMBLE={SCRAMBLE}");
}
