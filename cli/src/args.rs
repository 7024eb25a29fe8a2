//! The command line, as clap reads it.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::catalog::CheckFormat;
use crate::journal::export::Codec;
use crate::journal::filter::Filter;
use crate::journal::partition::By;

const EXAMPLES: &str = "\
Examples:
  primo-events decode 15801 Login 99999
  primo-events catalog check events.md
  primo-events catalog diff events.md vendor-2025.md --fail-on major
  primo-events catalog list --json
  primo-events journal stats export-*.jsonl.gz
  primo-events journal filter --class security-incident --since 2024-09-01 export.jsonl
  primo-events journal timeline --operation op-7f3a export.jsonl
  primo-events journal export --parquet journal.parquet export.json.gz
  primo-events completions bash > /etc/bash_completion.d/primo-events

Exit status: 0 on success, 1 when the input had problems (lines that are no record, a
catalog with errors), 2 on a usage or I/O error.";

/// Events of the Primo RPA AI Server: decode codes, check and compare event catalogs,
/// read its journal exports.
#[derive(Debug, Parser)]
#[command(name = "primo-events", version, after_help = EXAMPLES, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Decode event codes and names: section, description, aliases.
    Decode {
        /// A code (any number) or an event name or alias.
        #[arg(required = true, value_name = "CODE|NAME")]
        items: Vec<String>,
    },
    /// Check, compare or list event catalogs (events.md, the vendor's documents).
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// Read journal exports: JSON lines or JSON arrays, gzip-compressed or not.
    #[command(subcommand)]
    Journal(JournalCommand),
    /// Print a completion script for SHELL to stdout.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// `catalog` commands.
#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Check catalogs as the crate's build does: every problem at FILE:LINE:COL; exit 1
    /// on an error, 2 when a file cannot be read (after the others are checked).
    Check {
        /// How to write the problems.
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// The same as `--format json`.
        #[arg(long, conflicts_with = "format")]
        json: bool,
        /// The markdown catalogs.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Compare two catalogs by code and name: what NEW adds, drops, renames or
    /// renumbers, with what each change means for the crate's version.
    Diff {
        /// Text, or one JSON object per line, per note and per change.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// The same as `--format json`.
        #[arg(long, conflicts_with = "format")]
        json: bool,
        /// Exit with 1 when a change is at least this breaking.
        #[arg(long, value_name = "LEVEL")]
        fail_on: Option<Level>,
        /// The catalog before.
        old: PathBuf,
        /// The catalog after.
        new: PathBuf,
    },
    /// List this build's events: code, name, aliases, section, description, note.
    List {
        /// A table, or one JSON object per line.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// The same as `--format json`.
        #[arg(long, conflicts_with = "format")]
        json: bool,
    },
}

/// How a command writes its answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For a person.
    Human,
    /// JSON.
    Json,
}

impl Format {
    /// The format asked for, `--json` being `--format json`.
    pub fn or_json(self, json: bool) -> Format {
        if json { Format::Json } else { self }
    }
}

/// A semver level, for `--fail-on`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Level {
    /// Breaks code or old journals.
    Major,
    /// Adds events.
    Minor,
    /// Docs only.
    Patch,
}

/// `journal` commands.
#[derive(Debug, Subcommand)]
pub enum JournalCommand {
    /// Count records per event, classification, user and day; unknown codes listed.
    Stats {
        /// Tables, or one JSON object with every count.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// The same as `--format json`.
        #[arg(long, conflicts_with = "format")]
        json: bool,
        /// What to read.
        #[command(flatten)]
        input: Input,
    },
    /// Print the matching records as JSON lines.
    Filter {
        /// Which records.
        #[command(flatten)]
        filter: Filter,
        /// What to read.
        #[command(flatten)]
        input: Input,
    },
    /// Print one operation's events in time order.
    Timeline {
        /// The operation (`operationKey`).
        #[arg(long, value_name = "KEY")]
        operation: String,
        /// What to read.
        #[command(flatten)]
        input: Input,
    },
    /// Write the records to a Parquet file, one row per record.
    Export {
        /// The Parquet file to write (`-`: standard output), or with `--partition-by` the
        /// folder to add files to.
        #[arg(long, value_name = "OUT")]
        parquet: PathBuf,
        /// Hive-style folders by the day or month of `createdAt` (`date=2024-09-01/`,
        /// `month=2024-09/`), added to OUT, a folder.
        #[arg(long, value_enum, value_name = "PERIOD")]
        partition_by: Option<By>,
        /// How pages are compressed.
        #[arg(long, value_enum, default_value_t = Codec::Zstd)]
        compression: Codec,
        /// What to read.
        #[command(flatten)]
        input: Input,
    },
}

/// What the journal commands read.
#[derive(Debug, Args)]
pub struct Input {
    /// Journal exports: JSON lines or a JSON array of records, gzip-compressed or not;
    /// none or `-` for standard input.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Threads that read and decode records [default: one per core].
    #[arg(long, value_name = "N")]
    pub threads: Option<NonZeroUsize>,
    /// The longest record, in bytes; a longer line is a problem, read past.
    #[arg(long, value_name = "BYTES", default_value_t = 16 << 20)]
    pub max_record_len: usize,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
