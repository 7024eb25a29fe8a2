//! Any bytes through the reading stages (parse and check): no panic, and every
//! diagnostic, notes included, at a place inside the input.
#![no_main]

use primo_events_codegen as codegen;

mod located;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (_, diagnostics) = codegen::read(data);
    located::assert_located(data, &diagnostics);
});
