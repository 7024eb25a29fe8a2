//! Writes a valid synthetic events.md of N events, for measuring the generator and the
//! generated code at scale, or a synthetic journal export of N records:
//!
//! ```text
//! cargo run --release --example synth -- 100000 > /tmp/events.md
//! cargo run --release --example synth -- --journal 1000000 > /tmp/journal.jsonl
//! cargo run --release --example synth -- --server-journal 3000000 > /tmp/server.jsonl
//! ```
//!
//! Names are long CamelCase words with shared prefixes, like the real catalog's; codes are
//! sparse, in groups of at most 100 per block of 1000. Every 50th event gets an alias,
//! every 3rd a description, and the events are split between tables and code blocks.

#[path = "synth/journal.rs"]
mod journal;
#[path = "synth/server.rs"]
mod server;

use std::fmt::Write;

const SUBJECTS: [&str; 12] = [
    "Inference",
    "Train",
    "Agent",
    "Script",
    "License",
    "Project",
    "Marking",
    "Folder",
    "Role",
    "User",
    "Model",
    "DataSet",
];
const OBJECTS: [&str; 10] = [
    "Process",
    "Request",
    "Template",
    "Pipeline",
    "Archive",
    "Scheme",
    "Field",
    "Storage",
    "Metrics",
    "Evaluation",
];
const STEPS: [&str; 10] = [
    "StartDownload",
    "StartUnzip",
    "Transfer",
    "Prepare",
    "Import",
    "Export",
    "Validate",
    "Schedule",
    "Cancel",
    "Resume",
];
const OUTCOMES: [&str; 4] = ["Success", "Error", "Timeout", "Progress"];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (kind, count) = match &args[..] {
        [flag, count] => (flag.as_str(), count),
        [count] => ("", count),
        _ => usage(),
    };
    let count: usize = count
        .parse()
        .ok()
        .filter(|&n| n > 0)
        .unwrap_or_else(|| usage());
    match kind {
        "--journal" => print!("{}", journal::journal(count)),
        "--server-journal" => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            if let Err(error) = server::server_journal(count, &mut out) {
                eprintln!("synth: {error}");
                std::process::exit(1);
            }
        }
        "" => print!("{}", catalog(count)),
        _ => usage(),
    }
}

fn usage() -> ! {
    eprintln!(
        "usage: synth COUNT > events.md, synth --journal COUNT > journal.jsonl, or \
         synth --server-journal COUNT > journal.jsonl"
    );
    std::process::exit(2);
}

fn catalog(count: usize) -> String {
    let mut md = String::from("# Synthetic events\n\n");
    let mut aliases = Vec::new();
    for i in 0..count {
        if i % 1000 == 0 {
            let _ = write!(md, "\n## Group {}\n\n", i / 1000);
            if (i / 1000) % 2 == 0 {
                md.push_str("| Code | Event | Description |\n| ---- | ----- | ----------- |\n");
            }
        }
        let name = name(i);
        // 100 codes in each block of 1000, then a gap: sparse like the real catalog.
        let code = (i / 100) * 1000 + i % 100 + 100;
        let description = if i % 3 == 0 {
            format!("Synthetic event {i}")
        } else {
            String::new()
        };
        if (i / 1000) % 2 == 0 {
            let _ = writeln!(md, "| {code} | {name} | {description} |");
        } else {
            let comment = if description.is_empty() {
                String::new()
            } else {
                format!(" // {description}")
            };
            let _ = writeln!(md, "    {name} = {code},{comment}");
        }
        if i % 50 == 0 {
            aliases.push(format!("    {name}Alias = {name}\n"));
        }
        if i % 1000 == 999 && (i / 1000) % 2 == 1 {
            md.push('\n');
        }
    }
    md.push_str("\n\n## Aliases\n\n");
    aliases.iter().for_each(|alias| md.push_str(alias));
    md
}

/// A distinct CamelCase name for every `i`.
fn name(i: usize) -> String {
    let mut rest = i;
    let mut pick = |options: &[&'static str]| {
        let choice = options[rest % options.len()];
        rest /= options.len();
        choice
    };
    let (subject, object, step, outcome) = (
        pick(&SUBJECTS),
        pick(&OBJECTS),
        pick(&STEPS),
        pick(&OUTCOMES),
    );
    if rest == 0 {
        format!("{subject}{object}{step}{outcome}")
    } else {
        format!("{subject}{object}{step}{outcome}{rest}")
    }
}
