//! What the tool's tests share: the built binary, its output, scratch directories, the
//! journal fixture read independently, gzip.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

pub const FIXTURE: &str = include_str!("../fixtures/journal.jsonl");

pub fn tool() -> Command {
    Command::new(env!("CARGO_BIN_EXE_primo-events"))
}

pub fn run(args: &[&str]) -> Output {
    tool().args(args).output().unwrap()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// A fresh directory for one test's files.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/journal.jsonl")
}

/// The fixture's records, read independently: the lines that are JSON objects with an
/// `event`.
pub fn records() -> Vec<Value> {
    FIXTURE
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|value| value.get("event").is_some())
        .collect()
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// The table per event of `journal stats`' text: code → records.
pub fn per_event(stats: &str) -> std::collections::BTreeMap<u32, u64> {
    stats
        .split("\n\n")
        .find(|table| table.starts_with("records  event"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|line| {
            let mut words = line.split_whitespace();
            let n = words.next().unwrap().parse().unwrap();
            (words.next().unwrap().parse().unwrap(), n)
        })
        .collect()
}

/// `/dev/full`, open for writing: every write fails with "no space left".
pub fn dev_full() -> std::fs::File {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap()
}
