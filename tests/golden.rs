//! The generated file for a small catalog, compared byte for byte with a reviewed copy.
//!
//! After a deliberate change to the generator, rewrite the copy and review its diff:
//!
//! ```text
//! UPDATE_GOLDEN=1 cargo test --test golden
//! ```

#[allow(dead_code)] // build.rs uses parts of the generator that this test does not.
#[path = "../src/codegen/mod.rs"]
mod codegen;

const CATALOG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/golden.md");
const EXPECTED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/golden.events.rs"
);

fn generate() -> String {
    let md = std::fs::read(CATALOG).expect("read the golden catalog");
    match codegen::generate(&md) {
        Ok(generated) => {
            assert_eq!(generated.warnings, [], "the golden catalog is clean");
            generated.source
        }
        Err(diagnostics) => panic!("the golden catalog is rejected: {diagnostics:#?}"),
    }
}

#[test]
fn generated_file_matches_the_reviewed_copy() {
    let actual = generate();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(EXPECTED, &actual).expect("write the golden file");
        return;
    }
    let expected = std::fs::read_to_string(EXPECTED).expect(
        "tests/fixtures/golden.events.rs is missing: create it with UPDATE_GOLDEN=1 cargo test --test golden",
    );
    if actual != expected {
        let line = actual
            .lines()
            .zip(expected.lines())
            .position(|(a, e)| a != e)
            .unwrap_or_else(|| actual.lines().count().min(expected.lines().count()));
        panic!(
            "the generated file differs from tests/fixtures/golden.events.rs from line {}:\n\
             actual:   {:?}\nexpected: {:?}\n\
             if the change is intended, run UPDATE_GOLDEN=1 cargo test --test golden and review the diff",
            line + 1,
            actual.lines().nth(line),
            expected.lines().nth(line),
        );
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
