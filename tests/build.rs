//! The real build: a copy of the crate with another events.md, built by Cargo as a user's
//! build would. Slow (it compiles the generator's dependencies once), so it runs only
//! the two builds that matter: the upstream catalog fails, a grown catalog works.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Copies the crate's sources into a scratch directory named `name`, with `events_md`
/// as its catalog.
fn scratch_crate(name: &str, events_md: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap();
    }
    for file in ["Cargo.toml", "Cargo.lock", "build.rs"] {
        copy(&root.join(file), &dir.join(file));
    }
    // Cargo.toml names targets in examples/ and tests/: the manifest needs them to exist.
    for sources in ["src", "examples", "tests"] {
        copy_dir(&root.join(sources), &dir.join(sources));
    }
    std::fs::write(dir.join("events.md"), events_md).unwrap();
    dir
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(from, to).unwrap_or_else(|e| panic!("copy {}: {e}", from.display()));
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            copy(&path, &target);
        }
    }
}

/// Runs cargo in `dir`, sharing one target directory between the scratch crates so the
/// dependencies compile once.
fn cargo(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO"))
        .args(args)
        .args(["--offline", "--quiet"])
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("scratch-target"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo")
}

#[test]
fn the_upstream_catalog_fails_the_build_on_its_duplicate_code() {
    let seed = include_str!("fixtures/seed.md");
    let dir = scratch_crate("upstream", seed);
    let output = cargo(&dir, &["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "the build should fail:\n{stderr}");
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("events.md:"))
        .collect();
    assert_eq!(
        errors,
        [
            "error: primo-events@0.1.0: events.md:158:3: code 15800 of TrainProcessTimeout is already used by \
          TrainProcessCompletedSuccess at events.md:156:3 (help: if both names stand for one event, write \
          TrainProcessCompletedSuccess in place of 15800 to make TrainProcessTimeout its alias)"
        ],
        "stderr:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn an_added_row_becomes_an_event() {
    let shipped = include_str!("../events.md");
    let last_pipeline_row = shipped
        .lines()
        .find(|line| line.contains("PipelineRemoved"))
        .unwrap();
    let grown = shipped.replacen(
        last_pipeline_row,
        &format!("{last_pipeline_row}\n| 17003 | PipelineArchived | Пайплан в архиве |"),
        1,
    );
    let dir = scratch_crate("grown", &grown);
    std::fs::create_dir_all(dir.join("examples")).unwrap();
    std::fs::write(
        dir.join("examples/probe.rs"),
        r#"use primo_events::Event;
fn main() {
    let event = Event::PipelineArchived;
    assert_eq!(Event::from_code(17003), Some(event));
    assert_eq!(Event::from_name("PipelineArchived"), Some(event));
    println!("{} {} {} {}", event.code(), event, event.description().unwrap(), Event::COUNT);
}
"#,
    )
    .unwrap();
    let output = cargo(&dir, &["run", "--example", "probe"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "17003 PipelineArchived Пайплан в архиве 180\n"
    );
}
