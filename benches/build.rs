//! Writes the peers' inputs from primo-events' own events.md, read by its own generator:
//! strum and num_enum enums, phf maps and plain `match`es over the same catalog.

use proc_macro2::{Ident, Literal, Span};
use quote::quote;

fn main() {
    println!("cargo::rerun-if-changed=../events.md");
    let md = std::fs::read("../events.md").expect("read ../events.md");
    let (checked, diagnostics) = primo_events_codegen::read(&md);
    let Some(checked) = checked else {
        panic!("events.md has errors: {diagnostics:#?}");
    };

    let ident = |name: &str| Ident::new(name, Span::call_site());
    let variants = checked.variants.iter().map(|e| {
        let (name, code) = (ident(&e.name), Literal::u32_unsuffixed(e.code));
        quote!(#name = #code,)
    });
    let strum_variants = checked.variants.iter().map(|e| {
        let (name, code) = (ident(&e.name), Literal::u32_unsuffixed(e.code));
        let spellings = std::iter::once(e.name.as_str()).chain(
            checked
                .aliases
                .iter()
                .filter(|a| a.code == e.code)
                .map(|a| a.name.as_str()),
        );
        quote!(#[strum(#(serialize = #spellings),*)] #name = #code,)
    });
    // (name, code) of every name, aliases too, for maps, matches and query streams.
    let keys = checked.name_keys();
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
        .variants
        .iter()
        .map(|e| Literal::u32_suffixed(e.code));
    let code_events = checked.variants.iter().map(|e| {
        let name = ident(&e.name);
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
    let out = std::path::Path::new(&std::env::var_os("OUT_DIR").unwrap()).join("peers.rs");
    std::fs::write(out, prettyplease::unparse(&file)).expect("write peers.rs");
}
