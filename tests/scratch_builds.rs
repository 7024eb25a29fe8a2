//! The real build: copies of the crate with other catalogs, built by Cargo as a user's
//! build would: the upstream catalog fails, a grown catalog works, descriptions full of
//! Rust and markdown syntax survive, and the build script reruns exactly when it should.
//! The scratch crates share one target directory, so the dependencies compile once.

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
    for file in ["Cargo.toml", "Cargo.lock", "build.rs", "README.md"] {
        copy(&root.join(file), &dir.join(file));
    }
    // Cargo.toml names targets in examples/ and tests/: the manifest needs them to exist.
    for sources in ["src", "examples", "tests"] {
        copy_dir(&root.join(sources), &dir.join(sources));
    }
    std::fs::write(dir.join("events.md"), events_md).unwrap();
    // Cargo hashes a path package by its name, version and path relative to its
    // workspace: copies of one crate would share build directories, and their OUT_DIR.
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    let renamed = manifest.replacen(
        "name = \"primo-events\"",
        &format!("name = \"primo-events-{name}\""),
        1,
    );
    std::fs::write(dir.join("Cargo.toml"), renamed).unwrap();
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

/// Runs cargo in `dir` (quietly, unless `args` ask for `-v`), sharing one target
/// directory between the scratch crates.
fn cargo(dir: &Path, args: &[&str]) -> Output {
    let verbosity = if args.contains(&"-v") {
        "-v"
    } else {
        "--quiet"
    };
    Command::new(env!("CARGO"))
        .args(args.iter().filter(|&&arg| arg != "-v"))
        .args(["--offline", verbosity])
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("scratch-target"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo")
}

/// The upstream catalog, verbatim, fails a real `cargo build` with exactly the lines its
/// UI fixture expects: what tests/ui/*.stderr hold is what Cargo prints.
#[test]
fn the_upstream_catalog_fails_the_build_as_its_ui_fixture_says() {
    let seed = include_str!("ui/upstream_seed.md");
    let dir = scratch_crate("upstream", seed);
    let output = cargo(&dir, &["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "the build should fail:\n{stderr}");
    let shown: String = stderr
        .lines()
        .filter_map(|line| {
            let (severity, rest) = line.split_once(": primo-events-upstream@0.1.0: ")?;
            Some(format!("{severity}: {rest}\n"))
        })
        .collect();
    assert_eq!(
        shown,
        include_str!("ui/upstream_seed.stderr"),
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
    let (stdout, _) = probe(
        &dir,
        r#"let event = Event::PipelineArchived;
    assert_eq!(Event::from_code(17003), Some(event));
    assert_eq!(Event::from_name("PipelineArchived"), Some(event));
    println!("{} {} {} {}", event.code(), event, event.description().unwrap(), Event::COUNT);"#,
        false,
    );
    assert_eq!(stdout, "17003 PipelineArchived Пайплан в архиве 263\n");
}

/// Adds an example with `main` as its body to the scratch crate `dir`, runs it, and returns
/// what it printed; panics with cargo's output if it fails. The example is named after the
/// crate: examples of the same name would race for one file in the shared target directory.
fn probe(dir: &Path, main: &str, verbose: bool) -> (String, String) {
    let name = format!("probe_{}", dir.file_name().unwrap().to_string_lossy());
    let path = dir.join(format!("examples/{name}.rs"));
    let source = format!("use primo_events::Event;\nfn main() {{\n{main}\n}}\n");
    // Rewritten only when it changes, so that a rerun can be entirely fresh.
    if std::fs::read_to_string(&path).ok().as_deref() != Some(source.as_str()) {
        std::fs::write(&path, source).unwrap();
    }
    let mut args = vec!["run", "--example", &name];
    if verbose {
        args.push("-v");
    }
    let output = cargo(dir, &args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    (String::from_utf8_lossy(&output.stdout).into_owned(), stderr)
}

#[test]
fn descriptions_full_of_syntax_reach_description_unchanged() {
    let table = [
        r#"quotes " and ' and \ backslash"#,
        "a \\*/ comment end and /\\* start",
        "#[attr] and {braces} and `ticks` and ```fences```",
        "pipe \\| inside, [link](x) <b>html</b> *em* _u_ &amp;",
        "кириллица, 漢字, emoji 🚂, ﷽",
    ];
    // What a table cell's text means: `\|` is a pipe and `&amp;` an ampersand;
    // emphasis and HTML tags are markup around text.
    let expected_table = [
        r#"quotes " and ' and \ backslash"#,
        "a */ comment end and /* start",
        "#[attr] and {braces} and ticks and fences",
        "pipe | inside, link html em u &",
        "кириллица, 漢字, emoji 🚂, ﷽",
    ];
    let block = r#"raw "text" \ */ #[x] {y} `z` | & <b>"#;
    let mut md = String::from("| Code | Event | Description |\n| --- | --- | --- |\n");
    for (i, description) in table.iter().enumerate() {
        md.push_str(&format!("| {} | Table{i} | {description} |\n", 100 + i));
    }
    md.push_str(&format!("\n    Block = 200, // {block}\n"));
    let dir = scratch_crate("syntax", &md);
    let expected: Vec<&str> = expected_table.iter().copied().chain([block]).collect();
    let (stdout, _) = probe(
        &dir,
        "for event in Event::ALL { println!(\"{}\", event.description().unwrap()); }",
        false,
    );
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);

    let doc = Command::new(env!("CARGO"))
        .args(["doc", "--no-deps", "--offline", "--quiet"])
        .current_dir(&dir)
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("scratch-target"),
        )
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .unwrap();
    assert!(
        doc.status.success(),
        "{}",
        String::from_utf8_lossy(&doc.stderr)
    );
}

#[test]
fn editing_events_md_reruns_the_build_script_and_touching_the_readme_does_not() {
    let shipped = include_str!("../events.md");
    let dir = scratch_crate("rerun", shipped);
    let print_login = "println!(\"{:?}\", Event::Login.description());";
    assert_eq!(probe(&dir, print_login, false).0, "None\n");

    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    std::fs::write(dir.join("README.md"), readme + "\nEdited.\n").unwrap();
    let (_, stderr) = probe(&dir, print_login, true);
    assert!(stderr.contains("Fresh primo-events-rerun"), "{stderr}");
    assert!(!stderr.contains("build-script-build`"), "{stderr}");

    let login = shipped.lines().find(|l| l.contains("| Login ")).unwrap();
    let described = login.replacen("|  |", "| Вход в систему |", 1);
    assert_ne!(
        described, login,
        "the Login row has an empty description cell"
    );
    std::fs::write(
        dir.join("events.md"),
        shipped.replacen(login, &described, 1),
    )
    .unwrap();
    let (stdout, stderr) = probe(&dir, print_login, true);
    assert!(stderr.contains("build-script-build`"), "{stderr}");
    assert_eq!(stdout, "Some(\"Вход в систему\")\n");
}
