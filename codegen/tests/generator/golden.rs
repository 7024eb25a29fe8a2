//! The generated file for a small catalog, `tests/fixtures/golden.md`, compared byte for
//! byte with a reviewed copy, `tests/fixtures/golden.events.rs`.

use std::path::Path;

use crate::{codegen, snapshot};

fn generate() -> String {
    let md = include_bytes!("../fixtures/golden.md");
    match codegen::generate(md) {
        Ok(generated) => {
            assert_eq!(generated.warnings, [], "the golden catalog is clean");
            generated.source
        }
        Err(diagnostics) => panic!("the golden catalog is rejected: {diagnostics:#?}"),
    }
}

#[test]
fn generated_file_matches_the_reviewed_copy() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden.events.rs");
    if let Err(difference) = snapshot(&path, &generate()) {
        panic!("{difference}");
    }
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(generate(), generate());
}

#[test]
fn generated_file_starts_with_the_generated_marker() {
    assert!(generate().lines().next().unwrap().contains("@generated"));
}
