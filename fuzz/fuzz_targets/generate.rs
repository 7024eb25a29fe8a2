//! Any bytes through the whole generator (parse, check, layout, emit): what it accepts
//! emits Rust that syn parses as a file, and what it rejects is reported at places inside
//! the input, notes included. Never a panic.
#![no_main]

use primo_events_codegen as codegen;

mod located;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    match codegen::generate(data) {
        Ok(generated) => {
            located::assert_located(data, &generated.warnings);
            if let Err(e) = syn::parse_file(&generated.source) {
                panic!("the generated file does not parse: {e}");
            }
        }
        Err(diagnostics) => {
            assert!(
                diagnostics.iter().any(|d| d.is_error()),
                "rejected without an error"
            );
            located::assert_located(data, &diagnostics);
        }
    }
});
