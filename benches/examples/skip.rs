//! The floor `journal stats` is measured against: one thread reading a JSON-lines file
//! with a reused line buffer and letting serde_json skip each line (`IgnoredAny`), the
//! least any reader that checks every line is JSON can do. Prints the lines skipped.
//!
//! ```text
//! cargo run --release --manifest-path benches/Cargo.toml --example skip -- FILE
//! ```

use std::io::{BufRead, BufReader};

use serde::de::IgnoredAny;

fn main() {
    let path = std::env::args_os().nth(1).expect("usage: skip FILE");
    let mut input = BufReader::with_capacity(1 << 20, std::fs::File::open(path).unwrap());
    let mut line = Vec::new();
    let (mut skipped, mut bad) = (0u64, 0u64);
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line).unwrap() == 0 {
            break;
        }
        match serde_json::from_slice::<IgnoredAny>(&line) {
            Ok(_) => skipped += 1,
            Err(_) => bad += 1,
        }
    }
    println!("{skipped} lines skipped, {bad} not JSON");
}
