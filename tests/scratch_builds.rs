//! The real build: copies of the crate with other catalogs, built by Cargo as a user's
//! build would: the upstream catalog fails, a grown catalog works, descriptions full of
//! Rust and markdown syntax survive, and the build script reruns exactly when it should.
//! The scratch crates share one target directory, so the dependencies compile once.
//!
//! They take minutes, so the README's test command leaves them out; CI runs them:
//!
//! ```text
//! cargo test --all-features --test scratch_builds -- --ignored
//! ```

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Copies the crate's sources into a scratch directory named `name`, with `events_md`
/// as its catalog. This file's tests are `#[ignore]`d, so the copy's own `cargo test`
/// does not build copies in turn.
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
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    std::fs::write(dir.join("Cargo.toml"), scratch_manifest(&manifest, name)).unwrap();
    dir
}

/// The crate's manifest for a scratch copy named `name`. Cargo hashes a path package by
/// its name, version and path relative to its workspace: copies of one crate would share
/// build directories, and their OUT_DIR, so each copy gets a name of its own. In the
/// source repository the copy is a workspace of its own whose generator is the
/// repository's; in the published package (no workspace) the generator comes from the
/// registry, or from a `[patch.crates-io]` in .cargo/config.toml.
fn scratch_manifest(manifest: &str, name: &str) -> String {
    let codegen = Path::new(env!("CARGO_MANIFEST_DIR")).join("codegen");
    manifest
        .replacen(
            "name = \"primo-events\"",
            &format!("name = \"primo-events-{name}\""),
            1,
        )
        .replace(
            "path = \"codegen\"",
            &format!("path = {:?}", codegen.display().to_string()),
        )
        .lines()
        .filter(|line| !line.starts_with("members = ") && !line.starts_with("default-members = "))
        .map(|line| format!("{line}\n"))
        .collect()
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
    cargo_command(dir)
        .args(args.iter().filter(|&&arg| arg != "-v"))
        .args(["--offline", verbosity])
        .output()
        .expect("run cargo")
}

/// Cargo in `dir`, with the target directory the scratch crates share.
fn cargo_command(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO"));
    command
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("scratch-target"),
        )
        .env_remove("RUSTFLAGS");
    command
}

/// A catalog with the upstream's double 15800, a bad name and a malformed row fails a
/// real `cargo build` with exactly the lines the generator renders for it: what the
/// generator's tests pin is what Cargo prints.
#[test]
#[ignore = "real cargo builds of scratch copies, minutes on 2 cores: .ci/run runs them with -- --ignored"]
fn a_catalog_with_mistakes_fails_the_build_with_the_generators_diagnostics() {
    let shipped = include_str!("../events.md");
    let alias = shipped
        .lines()
        .find(|line| line.contains("| TrainProcessTimeout |"))
        .expect("the alias row of 15800");
    let login = shipped.lines().find(|l| l.contains("| Login |")).unwrap();
    let broken = shipped
        .replacen(alias, "| 15800 | TrainProcessTimeout | |", 1)
        .replacen(
            login,
            &format!("{login}\n| 2100 | User-Disabled | |\n| 2101 | Short |"),
            1,
        );
    let dir = scratch_crate("mistakes", &broken);
    let output = cargo(&dir, &["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "the build should fail:\n{stderr}");
    let shown: String = stderr
        .lines()
        .filter_map(|line| {
            let (severity, rest) = line.split_once(": primo-events-mistakes@0.1.0: ")?;
            Some(format!("{severity}: {rest}\n"))
        })
        .collect();
    let (_, diagnostics) = primo_events_codegen::read(broken.as_bytes());
    let expected: String = diagnostics.iter().map(|d| d.render("events.md")).collect();
    assert_eq!(diagnostics.len(), 3, "{expected}");
    assert_eq!(shown, expected, "stderr:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
#[ignore = "real cargo builds of scratch copies, minutes on 2 cores: .ci/run runs them with -- --ignored"]
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
        "",
        false,
    );
    let count = common::shipped().events.len() + 1;
    assert_eq!(
        stdout,
        format!("17003 PipelineArchived Пайплан в архиве {count}\n")
    );
}

/// Builds and runs a crate of its own that depends on the scratch crate `dir` and has
/// `main` as the body of its `main` (with `src/data.txt` holding `data`), and returns what
/// it printed; panics with cargo's output if it fails. A separate crate rather than an
/// example of the scratch crate: the packaged manifest turns example discovery off.
fn probe(dir: &Path, main: &str, data: &str, verbose: bool) -> (String, String) {
    let scratch = dir.file_name().unwrap().to_string_lossy();
    let probe = dir.with_file_name(format!("probe-{scratch}"));
    let manifest = format!(
        "[package]\nname = \"probe-{scratch}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nprimo_events = {{ package = \"primo-events-{scratch}\", path = {:?} }}\n\n[workspace]\n",
        dir.display().to_string(),
    );
    let source = format!("use primo_events::Event;\n\nfn main() {{\n{main}\n}}\n");
    // The scratch crate's lockfile keeps the dependencies at the versions already built.
    let lock = std::fs::read_to_string(dir.join("Cargo.lock")).unwrap();
    for (file, contents) in [
        ("Cargo.toml", manifest.as_str()),
        ("Cargo.lock", lock.as_str()),
        ("src/main.rs", source.as_str()),
        ("src/data.txt", data),
    ] {
        let path = probe.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        // Rewritten only when it changes, so that a rerun can be entirely fresh.
        if std::fs::read_to_string(&path).ok().as_deref() != Some(contents) {
            std::fs::write(&path, contents).unwrap();
        }
    }
    let mut args = vec!["run"];
    if verbose {
        args.push("-v");
    }
    let output = cargo(&probe, &args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    (String::from_utf8_lossy(&output.stdout).into_owned(), stderr)
}

#[test]
#[ignore = "real cargo builds of scratch copies, minutes on 2 cores: .ci/run runs them with -- --ignored"]
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
        "",
        false,
    );
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);

    let doc = cargo_command(&dir)
        .args(["doc", "--no-deps", "--offline", "--quiet"])
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
#[ignore = "real cargo builds of scratch copies, minutes on 2 cores: .ci/run runs them with -- --ignored"]
fn editing_events_md_reruns_the_build_script_and_touching_the_readme_does_not() {
    let shipped = include_str!("../events.md");
    let dir = scratch_crate("rerun", shipped);
    let print_login = "println!(\"{:?}\", Event::Login.description());";
    let before = common::shipped()
        .events
        .into_iter()
        .find(|e| e.name == "Login")
        .unwrap()
        .description;
    assert_eq!(
        probe(&dir, print_login, "", false).0,
        format!("{before:?}\n")
    );

    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    std::fs::write(dir.join("README.md"), readme + "\nEdited.\n").unwrap();
    let (_, stderr) = probe(&dir, print_login, "", true);
    assert!(stderr.contains("Fresh primo-events-rerun"), "{stderr}");
    assert!(!stderr.contains("build-script-build`"), "{stderr}");

    let login = shipped.lines().find(|l| l.contains("| Login |")).unwrap();
    std::fs::write(
        dir.join("events.md"),
        shipped.replacen(login, "| 2001 | Login | Вход в систему, правка |", 1),
    )
    .unwrap();
    let (stdout, stderr) = probe(&dir, print_login, "", true);
    assert!(stderr.contains("build-script-build`"), "{stderr}");
    assert_eq!(stdout, "Some(\"Вход в систему, правка\")\n");
}

/// The body of a probe that checks every lookup of a scratch crate against the catalog's
/// `code name` lines in `src/data.txt`, read independently of the generator: every code,
/// its neighbours, 0, `u32::MAX` and 10,000 random codes; every name, in other ASCII
/// cases, and near misses (a byte changed, a prefix, a suffix, a NUL added).
const SWEEP: &str = r#"
    use std::collections::BTreeMap;
    let catalog: BTreeMap<u32, &str> = include_str!("data.txt")
        .lines()
        .map(|line| {
            let (code, name) = line.split_once(' ').unwrap();
            (code.parse().unwrap(), name)
        })
        .collect();
    let by_name: BTreeMap<String, u32> =
        catalog.iter().map(|(&code, &name)| (name.to_ascii_lowercase(), code)).collect();
    let names: std::collections::BTreeSet<&str> = catalog.values().copied().collect();
    let mut checks = 0u64;
    let mut check_code = |code: u32| {
        let found = Event::from_code(code).map(|e| (e.code(), e.name()));
        assert_eq!(found, catalog.get(&code).map(|&name| (code, name)), "code {code}");
        checks += 1;
    };
    let mut x = 0x9e37_79b9_7f4a_7c15_u64;
    for _ in 0..10_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        check_code(x as u32);
    }
    for code in [0, 1, u32::MAX - 1, u32::MAX] {
        check_code(code);
    }
    for &code in catalog.keys() {
        for near in [code.wrapping_sub(1), code, code.wrapping_add(1)] {
            check_code(near);
        }
    }
    assert_eq!(Event::COUNT, catalog.len());
    for event in Event::ALL {
        assert_eq!(catalog.get(&event.code()), Some(&event.name()));
    }
    let mut check_name = |name: &str| {
        let exact = names.contains(name);
        let expected = |found: bool| {
            found.then(|| by_name[&name.to_ascii_lowercase()])
        };
        let folded = by_name.contains_key(&name.to_ascii_lowercase());
        assert_eq!(Event::from_name(name).map(|e| e.code()), expected(exact), "{name:?}");
        assert_eq!(
            Event::from_name_ignore_ascii_case(name).map(|e| e.code()),
            expected(folded),
            "{name:?} ignoring case"
        );
        checks += 2;
    };
    for &name in catalog.values() {
        check_name(name);
        check_name(&name.to_ascii_lowercase());
        check_name(&name.to_ascii_uppercase());
        let mut bytes = name.as_bytes().to_vec();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 1;
        check_name(&String::from_utf8_lossy(&bytes));
        check_name(&name[..name.len() - 1]);
        check_name(&name[1..]);
        check_name(&format!("{name}\0"));
        check_name(&format!("{name}x"));
    }
    println!("{checks} lookups checked");
"#;

/// Builds a scratch crate whose catalog is `catalog`, as `Name = code` lines, checks that
/// the generator chose `layout` for its codes and `buckets` for its names, and runs the
/// sweep probe on it.
fn sweep(name: &str, catalog: &[(u32, String)], layout: &str, buckets: &str) {
    let md: String = catalog
        .iter()
        .map(|(code, name)| format!("    {name} = {code}\n"))
        .collect();
    sweep_md(name, &md, catalog, layout, buckets);
}

/// [`sweep`] over a scratch crate whose events.md is `md`, holding the `catalog`.
fn sweep_md(name: &str, md: &str, catalog: &[(u32, String)], layout: &str, buckets: &str) {
    let data: String = catalog
        .iter()
        .map(|(code, name)| format!("{code} {name}\n"))
        .collect();
    let dir = scratch_crate(name, md);
    let (stdout, _) = probe(&dir, SWEEP, &data, false);
    assert!(stdout.ends_with(" lookups checked\n"), "{stdout}");
    // The generated file is one line of tokens: compare without white space.
    let generated: String = generated_file(name).split_whitespace().collect();
    assert!(
        generated.contains(&format!("CodeLayout::{layout};")),
        "the code table of {name} is not {layout}"
    );
    assert!(
        generated.contains(&format!("NAME_PILOTS:[u64;{buckets}]")),
        "the name table of {name} does not have {buckets} buckets"
    );
}

/// The generated file of the scratch crate `name`.
fn generated_file(name: &str) -> String {
    let build = Path::new(env!("CARGO_TARGET_TMPDIR")).join("scratch-target/debug/build");
    let prefix = format!("primo-events-{name}-");
    std::fs::read_dir(&build)
        .unwrap()
        .map(|entry| entry.unwrap().path().join("out/events.rs"))
        .find(|path| {
            let dir = path.parent().unwrap().parent().unwrap();
            dir.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&prefix)
                && path.exists()
        })
        .map(|path| std::fs::read_to_string(path).unwrap())
        .unwrap_or_else(|| panic!("no generated file for {name}"))
}

/// The shipped events.md against its independent reading (`common`).
#[test]
#[ignore = "real cargo builds of scratch copies, minutes on 2 cores: .ci/run runs them with -- --ignored"]
fn the_shipped_dense_code_table_and_one_bucket_name_table_decode_exactly() {
    let catalog: Vec<(u32, String)> = common::shipped()
        .events
        .into_iter()
        .map(|e| (e.code, e.name))
        .collect();
    sweep_md(
        "shipped",
        include_str!("../events.md"),
        &catalog,
        "Dense",
        "1",
    );
}

#[test]
#[ignore = "real cargo builds of scratch copies, minutes on 2 cores: .ci/run runs them with -- --ignored"]
fn the_two_level_code_table_and_a_one_bucket_name_table_decode_exactly() {
    let catalog: Vec<(u32, String)> = (0..300u32)
        .map(|i| {
            (
                100 + i * 1000 + i % 7,
                format!("TrainProcessStep{i}Completed"),
            )
        })
        .collect();
    sweep("two-level", &catalog, "TwoLevel", "1");
}

#[test]
#[ignore = "real cargo builds of scratch copies, minutes on 2 cores: .ci/run runs them with -- --ignored"]
fn a_hashed_code_table_and_a_bucketed_name_table_decode_exactly() {
    // Codes strewn over all of u32 (an odd multiplier is a bijection), 20,000 names.
    let catalog: Vec<(u32, String)> = (0..20_000u32)
        .map(|i| {
            (
                i.wrapping_mul(2_654_435_761),
                format!("InferenceStage{i}Finished"),
            )
        })
        .collect();
    sweep("hashed", &catalog, "Hashed", "8192");
}

/// The nastiest names the checker accepts build, and decode: names of std trait methods
/// and of the library's private helpers, lowercase and one-letter names, names that
/// differ only by `_`, names of types and of the prelude, a 1,000-character name.
#[test]
#[ignore = "real cargo builds of scratch copies, minutes on 2 cores: .ci/run runs them with -- --ignored"]
fn every_name_the_checker_accepts_compiles() {
    let mut names: Vec<String> = [
        "index",
        "index_of",
        "event_at",
        "clone",
        "fmt",
        "hash",
        "from",
        "into",
        "eq",
        "ne",
        "cmp",
        "partial_cmp",
        "to_string",
        "try_from",
        "default",
        "A",
        "b",
        "LoginFailed",
        "Login_Failed",
        "Login__Failed",
        "_private",
        "Event",
        "Some",
        "None",
        "Option",
        "u32",
        "str",
        "core",
        "std",
        "alloc",
        "Debug",
    ]
    .map(String::from)
    .to_vec();
    names.push(format!("Long{}", "g".repeat(996)));
    let catalog: Vec<(u32, String)> = (1..).zip(names).collect();
    sweep("nasty-names", &catalog, "Dense", "1");
}

/// The maintainer's workflow, as README's "Adding an event" and "Compatibility" tell it,
/// on a scratch copy: a table row, a code-block line with a comment, an alias row and a
/// rename that keeps the old name as a struck-through alias; then the one lock command
/// the README names, and then the README's test command, which must pass.
#[test]
#[ignore = "real cargo builds of scratch copies, minutes on 2 cores: .ci/run runs them with -- --ignored"]
fn adding_events_as_the_readme_says_keeps_the_readme_test_command_green() {
    let readme = include_str!("../README.md");
    let lock_command = readme_command(readme, "UPDATE_EVENTS_LOCK=1 cargo test");
    let test_command = readme_command(readme, "cargo test");
    let shipped = include_str!("../events.md");
    let reading = common::shipped();
    let free = |mut code: u32| {
        while reading.events.iter().any(|e| e.code == code) {
            code += 1;
        }
        code
    };
    // A row after the first table row, a code-block line after the first block line.
    let row = shipped.lines().find(|l| l.starts_with("| 2001 ")).unwrap();
    let block_line = shipped
        .lines()
        .find(|l| l.starts_with("    ") && l.contains(" = "))
        .unwrap();
    let renamed = &reading.events[0];
    let renamed_row = shipped
        .lines()
        .find(|l| l.starts_with(&format!("| {} | {} |", renamed.code, renamed.name)))
        .unwrap();
    let edited = shipped
        .replacen(
            row,
            &format!(
                "{row}\n| {} | LoginUserPasswordExpired | Пароль истёк |\n| Login | SignIn | |",
                free(2009)
            ),
            1,
        )
        .replacen(
            block_line,
            &format!(
                "{block_line}\n    AgentLogDataArchived = {}, // Журнал агента в архиве",
                free(19001)
            ),
            1,
        )
        .replacen(
            renamed_row,
            &format!(
                "{}\n| {1}Renamed | ~~{1}~~ | |",
                renamed_row.replacen(&renamed.name, &format!("{}Renamed", renamed.name), 1),
                renamed.name
            ),
            1,
        );
    let dir = scratch_crate("workflow", &edited);
    for command in [&lock_command, &test_command] {
        let (env, args) = split_command(command);
        let mut cargo = cargo_command(&dir);
        cargo.args(&args[1..]).arg("--offline");
        for (key, value) in env {
            cargo.env(key, value);
        }
        let output = cargo.output().expect("run cargo");
        assert!(
            output.status.success(),
            "`{command}` failed after the README's edits:\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let lock = std::fs::read_to_string(dir.join("events.lock")).unwrap();
    for recorded in [
        "LoginUserPasswordExpired",
        "AgentLogDataArchived",
        "SignIn",
        "Renamed",
    ] {
        assert!(lock.contains(recorded), "events.lock lacks {recorded}");
    }
}

/// The first line of the README's shell blocks (or prose, in backticks) that starts with
/// `prefix`.
fn readme_command(readme: &str, prefix: &str) -> String {
    readme
        .lines()
        .find_map(|line| {
            let line = line.trim();
            if line.starts_with(prefix) {
                return Some(line.to_owned());
            }
            let at = line.find(&format!("`{prefix}"))?;
            Some(line[at + 1..].split('`').next()?.to_owned())
        })
        .unwrap_or_else(|| panic!("the README names no `{prefix}...` command"))
}

/// `KEY=value ... cargo args...` as its environment and its words.
fn split_command(command: &str) -> (Vec<(&str, &str)>, Vec<&str>) {
    let words: Vec<&str> = command.split_whitespace().collect();
    let env_count = words.iter().take_while(|w| w.contains('=')).count();
    let env = words[..env_count]
        .iter()
        .map(|w| w.split_once('=').unwrap())
        .collect();
    (env, words[env_count..].to_vec())
}

/// CONTRIBUTING's "Adding a record field", followed literally on a scratch copy of the
/// crate and the tool: the recipe's lines go in before the declaration's closing brace,
/// and the new field is read into `Record`, written back, and exported by the tool as a
/// string column of its own name.
#[test]
#[ignore = "real cargo builds of scratch copies, minutes on 2 cores: .ci/run runs them with -- --ignored"]
fn a_field_added_by_one_line_is_read_written_and_exported() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let events_md = std::fs::read_to_string(root.join("events.md")).unwrap();
    let dir = scratch_crate("field", &events_md);
    // The recipe's lines, from CONTRIBUTING.md.
    let contributing = std::fs::read_to_string(root.join("CONTRIBUTING.md")).unwrap();
    let recipe = contributing
        .split("## Adding a record field")
        .nth(1)
        .unwrap();
    let lines = recipe
        .split("```rust\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let wire = dir.join("src/journal/wire.rs");
    let source = std::fs::read_to_string(&wire).unwrap();
    let declaration = source.find("\nrecord! {\n").expect("the declaration");
    let end = declaration
        + source[declaration..]
            .find("\n    }\n}\n")
            .expect("the declaration's closing brace");
    let edited = format!("{}\n{}{}", &source[..end], lines.trim_end(), &source[end..]);
    std::fs::write(&wire, edited).unwrap();
    // The tool beside it, depending on the scratch crate.
    copy_dir(&root.join("cli"), &dir.join("cli"));
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    let manifest = manifest.replacen("[workspace]\n", "[workspace]\nmembers = [\"cli\"]\n", 1);
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    let codegen = root.join("codegen").display().to_string();
    let cli_manifest = std::fs::read_to_string(dir.join("cli/Cargo.toml"))
        .unwrap()
        .replacen(
            "primo-events = {",
            "primo-events = { package = \"primo-events-field\",",
            1,
        )
        .replace("path = \"../codegen\"", &format!("path = {codegen:?}"));
    std::fs::write(dir.join("cli/Cargo.toml"), cli_manifest).unwrap();
    let test = r##"
use primo_events::journal::Record;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;

#[test]
fn the_new_field_is_read_written_and_exported() {
    let line = r#"{"event":2001,"hostName":"node-Ж"}"#;
    let record: Record = serde_json::from_str(line).unwrap();
    assert_eq!(record.host_name.as_deref(), Some("node-Ж"));
    assert_eq!(Record::from_json(line).unwrap(), record);
    let written = serde_json::to_value(&record).unwrap();
    assert_eq!(written["hostName"], "node-Ж");
    let dir = std::env::temp_dir().join(format!("primo-events-field-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (input, out) = (dir.join("j.jsonl"), dir.join("j.parquet"));
    std::fs::write(&input, format!("{line}\n")).unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_primo-events"))
        .args(["journal", "export", "--parquet"]).arg(&out).arg(&input)
        .status().unwrap();
    assert!(status.success());
    let reader = SerializedFileReader::new(std::fs::File::open(&out).unwrap()).unwrap();
    let schema = reader.metadata().file_metadata().schema_descr();
    let column = (0..schema.num_columns()).map(|i| schema.column(i)).find(|c| c.name() == "host_name").expect("a host_name column");
    assert_eq!(column.physical_type(), parquet::basic::Type::BYTE_ARRAY);
    let row = reader.get_row_iter(None).unwrap().next().unwrap().unwrap();
    let value = row.get_column_iter().find(|(name, _)| name.as_str() == "host_name").unwrap().1.clone();
    assert_eq!(value, Field::Str("node-Ж".to_owned()));
}
"##;
    std::fs::write(dir.join("cli/tests/new_field.rs"), test).unwrap();
    let output = cargo(
        &dir,
        &["test", "-p", "primo-events-cli", "--test", "new_field"],
    );
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
