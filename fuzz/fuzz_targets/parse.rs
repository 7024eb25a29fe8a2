//! Any bytes through parse and check: no panic, and every diagnostic inside the input.
#![no_main]

// The target drives the reading stages, not layout and emit.
#[allow(dead_code)]
#[path = "../../src/codegen/mod.rs"]
mod codegen;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (_, diagnostics) = codegen::read(data);
    let text = String::from_utf8_lossy(data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data));
    let lines: Vec<&str> = text.split('\n').collect();
    for d in &diagnostics {
        let line = lines.get(d.pos.line.wrapping_sub(1)).expect("line inside the input");
        assert!(d.pos.col >= 1 && d.pos.col <= line.chars().count() + 1, "{d:?}");
    }
});
