//! Running a command: what each does with its arguments, and how it ends.

use std::io::{self, BufWriter, Write};
use std::num::NonZeroUsize;

use clap::CommandFactory;
use primo_events_codegen::compat::Semver;

use crate::args::{CatalogCommand, Cli, Command, Format, Input, JournalCommand, Level};
use crate::journal::export::{ToColumns, Writer};
use crate::journal::filter::{Filter, Matching};
use crate::journal::input::Source;
use crate::journal::output::{Output, in_words};
use crate::journal::partition::{Folders, ToPartitions};
use crate::journal::pipeline::{self, Options, Outcome};
use crate::journal::stats::{Counts, Stats};
use crate::journal::timeline::{self, Timeline};
use crate::report::say;

/// How a command ended, as the exit status says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// 0: done.
    Success = 0,
    /// 1: done, but the input had problems (lines that are no record, a catalog with
    /// errors, a change past `--fail-on`).
    Problems = 1,
    /// 2: a usage or I/O error.
    Failed = 2,
}

/// Runs a command, writing its output to `out` (buffered by the caller). An error is an
/// I/O error: of the output (a closed pipe), or of an input that could not be read at
/// all.
pub fn run(cli: Cli, out: &mut impl Write) -> io::Result<Status> {
    match cli.command {
        Command::Decode { items } => crate::decode::decode(&items, out),
        Command::Catalog(CatalogCommand::Check {
            format,
            json,
            files,
        }) => {
            let format = if json {
                crate::catalog::CheckFormat::Json
            } else {
                format
            };
            crate::catalog::check(&files, format, out)
        }
        Command::Catalog(CatalogCommand::Diff {
            format,
            json,
            fail_on,
            old,
            new,
        }) => {
            let json = format.or_json(json) == Format::Json;
            let fail_on = fail_on.map(|level| match level {
                Level::Major => Semver::Major,
                Level::Minor => Semver::Minor,
                Level::Patch => Semver::Patch,
            });
            crate::catalog::diff(&old, &new, json, fail_on, out)
        }
        Command::Catalog(CatalogCommand::List { format, json }) => {
            crate::catalog::list(format.or_json(json) == Format::Json, out)
        }
        Command::Journal(command) => journal_command(command, out),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "primo-events", out);
            Ok(Status::Success)
        }
    }
}

fn journal_command(command: JournalCommand, out: &mut impl Write) -> io::Result<Status> {
    let outcome = match command {
        JournalCommand::Stats {
            format,
            json,
            input,
        } => {
            let mut counts = Counts::default();
            let outcome = read(&Stats, &input, |()| Ok(()), |kept| counts.add(kept))?;
            match format.or_json(json) {
                Format::Human => counts.write(out)?,
                Format::Json => counts.write_json(outcome.problems, out)?,
            }
            outcome
        }
        JournalCommand::Filter { filter, input } => read(
            &Matching(filter),
            &input,
            |lines| out.write_all(&lines),
            drop,
        )?,
        JournalCommand::Timeline { operation, input } => {
            let filter = Filter {
                operation: Some(operation),
                ..Filter::default()
            };
            let mut records = Vec::new();
            let outcome = read(
                &Timeline(filter),
                &input,
                |mut part| {
                    records.append(&mut part);
                    Ok(())
                },
                drop,
            )?;
            timeline::write(&mut records, out)?;
            outcome
        }
        JournalCommand::Export {
            parquet,
            partition_by: Some(by),
            compression,
            input,
        } => {
            if parquet.as_os_str() == "-" {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "--partition-by writes a folder: OUT cannot be -",
                ));
            }
            let mut folders = Folders::create(&parquet, compression)?;
            let outcome = read(&ToPartitions(by), &input, |parts| folders.add(parts), drop)?;
            if outcome.failed {
                say(format_args!(
                    "nothing added to {}: an input could not be read to its end",
                    parquet.display()
                ));
                return Ok(Status::Failed);
            }
            let (rows, nulls) = (folders.rows, folders.nulls);
            let files = folders.finish()?;
            writeln!(
                out,
                "{rows} records written to {} in {files} files ({nulls} without a usable createdAt)",
                parquet.display()
            )?;
            outcome
        }
        JournalCommand::Export {
            parquet,
            partition_by: None,
            compression,
            input,
        } => {
            let (output, sink) = Output::open(&parquet, &Source::all(&input.files))?;
            let named = |error| in_words(output.path(), "cannot write", error);
            let mut writer = Writer::new(sink, compression).map_err(named)?;
            let outcome = read(
                &ToColumns,
                &input,
                |columns| writer.add(columns).map_err(named),
                drop,
            )?;
            if outcome.failed {
                // The temporary file goes: an existing OUT stays as it was.
                say(format_args!(
                    "{} not written: an input could not be read to its end",
                    parquet.display()
                ));
                return Ok(Status::Failed);
            }
            let rows = writer.finish().map_err(named)?;
            let status = format!("{rows} records written to {}", parquet.display());
            let is_file = output.is_file();
            output.commit()?;
            match is_file {
                true => writeln!(out, "{status}")?,
                false => say(&status),
            }
            outcome
        }
    };
    Ok(match outcome {
        Outcome { failed: true, .. } => Status::Failed,
        Outcome { problems: 0, .. } => Status::Success,
        Outcome { .. } => Status::Problems,
    })
}

/// The most threads that read and decode records: more only cost memory.
const MAX_THREADS: usize = 256;

/// Reads the inputs of `input` with `job` (for `collect` and `keep`, see
/// [`pipeline::run`]).
fn read<J: pipeline::Job>(
    job: &J,
    input: &Input,
    collect: impl FnMut(J::Part) -> io::Result<()>,
    keep: impl FnMut(J::Kept),
) -> io::Result<Outcome> {
    let threads = match input.threads.map(NonZeroUsize::get) {
        Some(asked) if asked > MAX_THREADS => {
            say(format_args!(
                "--threads {asked}: using {MAX_THREADS}, the most it starts"
            ));
            MAX_THREADS
        }
        Some(asked) => asked,
        None => std::thread::available_parallelism().map_or(1, NonZeroUsize::get),
    };
    let options = Options {
        threads,
        max_len: input.max_record_len,
        progress: !input.quiet,
    };
    pipeline::run(job, &Source::all(&input.files), options, collect, keep)
}

/// Standard output, buffered.
pub fn stdout() -> BufWriter<Stdout> {
    BufWriter::with_capacity(64 << 10, Stdout(io::stdout().lock()))
}

/// Standard output, whose errors say that they are standard output's (a closed pipe
/// keeps its kind, and so ends quietly).
#[derive(Debug)]
pub struct Stdout(io::StdoutLock<'static>);

impl Write for Stdout {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.write(bytes).map_err(named)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush().map_err(named)
    }
}

fn named(error: io::Error) -> io::Error {
    io::Error::new(
        error.kind(),
        format!("cannot write standard output: {error}"),
    )
}
