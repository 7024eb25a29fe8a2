//! Every command the documentation tells people to run names something that exists: the
//! test targets, examples, benches and packages of `cargo ... --test/--example/--bench/-p
//! NAME`, the files of `--manifest-path`, `--path`, `bash` and `python3` (packages and
//! `--path` in the source repository only). Read from README.md, events.lock and
//! every comment of the Rust sources, and, in the source repository, CONTRIBUTING.md and
//! the other packages' docs (the published crate leaves those out).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The documentation to read: markdown and lock files whole, Rust and shell files' comments.
fn documents(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                if !name.starts_with('.') && name != "target" && name != "corpus" {
                    dirs.push(path);
                }
            } else if ["md", "lock", "rs", "sh"]
                .iter()
                .any(|ext| name.ends_with(&format!(".{ext}")))
                && name != "Cargo.lock"
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The workspace's metadata, as `cargo metadata` gives it.
fn metadata(root: &Path) -> serde_json::Value {
    let output = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(root)
        .output()
        .expect("run cargo metadata");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Names of the workspace's targets of `kind` (`test`, `example`, `bench`), or of its
/// packages (`package`).
fn targets(metadata: &serde_json::Value, kind: &str) -> Vec<String> {
    let mut names = Vec::new();
    for package in metadata["packages"].as_array().unwrap() {
        if kind == "package" {
            names.push(package["name"].as_str().unwrap().to_owned());
        }
        for target in package["targets"].as_array().unwrap() {
            if target["kind"].as_array().unwrap().iter().any(|k| k == kind) {
                names.push(target["name"].as_str().unwrap().to_owned());
            }
        }
    }
    names
}

#[test]
fn every_documented_command_names_what_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let metadata = metadata(root);
    // The tool's package and folder are in the source repository, not in the published
    // crate (nor in the scratch copies of it), where README's commands for them are
    // commands of a clone.
    let repository = root.join("cli/Cargo.toml").exists();
    let kinds =
        ["test", "example", "bench", "package"].map(|kind| (kind, targets(&metadata, kind)));
    let mut checked = 0;
    let mut missing = Vec::new();
    for document in documents(root) {
        // Fixtures that are not UTF-8 are no documentation.
        let Ok(text) = std::fs::read_to_string(&document) else {
            continue;
        };
        let shown = document.strip_prefix(root).unwrap().display().to_string();
        // A file's own folder, for commands written relative to it (fuzz/run.sh).
        let base = document.parent().unwrap();
        for line in text.lines() {
            let words: Vec<&str> = line
                .split(|c: char| c.is_whitespace() || "`()".contains(c))
                .filter(|w| !w.is_empty())
                .collect();
            if !words
                .iter()
                .any(|w| ["cargo", "bash", "python3"].contains(w))
            {
                continue;
            }
            for pair in words.windows(2) {
                let [flag, value] = [pair[0], pair[1]];
                if value.starts_with('$') || value.contains(['{', '"']) || value.ends_with('.') {
                    continue;
                }
                let ok = match flag {
                    "-p" | "--package" | "--path" if !repository => continue,
                    "--test" | "--example" | "--bench" | "-p" | "--package" => {
                        let kind = match flag {
                            "-p" => "package",
                            flag => &flag[2..],
                        };
                        let (_, names) = kinds.iter().find(|(k, _)| *k == kind).unwrap();
                        names.iter().any(|n| n == value)
                    }
                    "--path"
                        if value
                            .chars()
                            .all(|c| c.is_alphanumeric() || "/._-".contains(c)) =>
                    {
                        root.join(value).exists()
                    }
                    "--manifest-path" | "bash" | "python3" if value.contains('/') => {
                        root.join(value).exists() || base.join(value).exists()
                    }
                    _ => continue,
                };
                checked += 1;
                if !ok {
                    missing.push(format!("{shown}: `{flag} {value}` names nothing: {line}"));
                }
            }
        }
    }
    assert!(checked >= 5, "only {checked} commands found");
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
