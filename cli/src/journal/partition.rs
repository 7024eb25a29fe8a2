//! `journal export --partition-by`: the records in Hive-style folders (`date=2024-09-01/`
//! or `month=2024-09/`) that DuckDB, Spark and Trino read with partition discovery; a
//! record whose `createdAt` is no time goes to Hive's null partition
//! (`__HIVE_DEFAULT_PARTITION__`). Each export adds files of unique names and overwrites
//! none: every file is written under a hidden temporary name (`.part-….parquet.tmp…`,
//! which engines skip) and renamed only once the whole export has succeeded; on failure
//! every one is removed. Memory stays bounded however many partitions the input spans:
//! at most [`OPEN`] files are open at once (the least recently used is finished, and a
//! later record of its partition starts another file), and the rows gathered across them
//! are bounded by [`GATHERED`] bytes.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use primo_events::journal::{FieldSet, Place, Record, Texts};

use super::export::{Codec, Columns, ToColumns, Writer};
use super::output::{Sink, Temporary, in_words};
use super::pipeline::Job;
use super::problems::Found;
use super::timestamp;

/// Files open at once, at most.
pub const OPEN: usize = 16;

/// Bytes of rows gathered across the open files before the largest share is written.
pub const GATHERED: usize = 64 << 20;

/// Hive's name for the partition of a null value.
const NULL: &str = "__HIVE_DEFAULT_PARTITION__";

/// How records are put in folders.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    /// `date=2024-09-01/`.
    Day,
    /// `month=2024-09/`.
    Month,
}

impl By {
    /// The folder of a record created at `created` (`None`: not a time).
    fn folder(self, created: Option<&str>) -> String {
        let (name, len) = match self {
            By::Day => ("date", 10),
            By::Month => ("month", 7),
        };
        match created.and_then(timestamp::day) {
            Some(day) => format!("{name}={}", &day[..len]),
            None => format!("{name}={NULL}"),
        }
    }
}

/// Turns records into columns, per partition folder.
#[derive(Clone, Copy, Debug)]
pub struct ToPartitions(pub By);

impl Job for ToPartitions {
    type Part = BTreeMap<String, Columns>;
    type Kept = ();
    const FIELDS: FieldSet = ToColumns::FIELDS;
    const TEXTS: FieldSet = ToColumns::TEXTS;

    fn record(
        &self,
        part: &mut Self::Part,
        _: &mut (),
        text: &[u8],
        place: Place,
        record: Record<'_>,
        texts: &Texts<'_>,
        problems: &mut Found,
    ) {
        let folder = self.0.folder(record.created_at.as_deref());
        let columns = part.entry(folder).or_default();
        ToColumns.record(columns, &mut (), text, place, record, texts, problems);
    }
}

/// One file being written.
struct Open {
    folder: String,
    writer: Writer,
    file: Temporary,
    path: PathBuf,
}

/// A partitioned export being written.
pub struct Folders {
    dir: PathBuf,
    codec: Codec,
    /// Open files, the most recently used last.
    open: Vec<Open>,
    /// Files written whole, to be renamed when the export succeeds.
    written: Vec<(Temporary, PathBuf)>,
    /// What makes this export's file names unique: its start and process.
    stem: String,
    files: usize,
    /// Rows, and those in the null partition.
    pub rows: u64,
    /// Rows of records without a usable `createdAt`.
    pub nulls: u64,
}

impl Folders {
    /// Starts an export into `dir`, created if missing.
    pub fn create(dir: &Path, codec: Codec) -> io::Result<Folders> {
        std::fs::create_dir_all(dir).map_err(|e| in_words(dir, "cannot write", e))?;
        let started = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |t| t.as_nanos());
        Ok(Folders {
            dir: dir.to_owned(),
            codec,
            open: Vec::new(),
            written: Vec::new(),
            stem: format!("part-{started:x}-{}", std::process::id()),
            files: 0,
            rows: 0,
            nulls: 0,
        })
    }

    /// Adds the rows of each folder.
    pub fn add(&mut self, parts: BTreeMap<String, Columns>) -> io::Result<()> {
        for (folder, columns) in parts {
            let rows = columns.rows() as u64;
            self.rows += rows;
            if folder.ends_with(NULL) {
                self.nulls += rows;
            }
            let at = match self.open.iter().position(|open| open.folder == folder) {
                Some(at) => at,
                None => self.start(folder)?,
            };
            let mut open = self.open.remove(at);
            open.writer
                .add(columns)
                .map_err(|e| in_words(&open.path, "cannot write", e))?;
            self.open.push(open);
        }
        while self
            .open
            .iter()
            .map(|o| o.writer.pending_bytes())
            .sum::<usize>()
            > GATHERED
        {
            let largest = self
                .open
                .iter_mut()
                .max_by_key(|o| o.writer.pending_bytes())
                .expect("files are open");
            largest
                .writer
                .flush()
                .map_err(|e| in_words(&largest.path, "cannot write", e))?;
        }
        Ok(())
    }

    /// Opens a new file in `folder`, finishing the least recently used if too many are
    /// open; its index in `open`.
    fn start(&mut self, folder: String) -> io::Result<usize> {
        if self.open.len() >= OPEN {
            let oldest = self.open.remove(0);
            self.finish_file(oldest)?;
        }
        let dir = self.dir.join(&folder);
        std::fs::create_dir_all(&dir).map_err(|e| in_words(&dir, "cannot write", e))?;
        self.files += 1;
        let path = dir.join(format!("{}-{}.parquet", self.stem, self.files));
        let (file, temporary) =
            Temporary::beside(&path).map_err(|e| in_words(&path, "cannot write", e))?;
        let writer = Writer::new(Sink::File(file), self.codec)
            .map_err(|e| in_words(&path, "cannot write", e))?;
        self.open.push(Open {
            folder,
            writer,
            file: temporary,
            path,
        });
        Ok(self.open.len() - 1)
    }

    fn finish_file(&mut self, open: Open) -> io::Result<()> {
        open.writer
            .finish()
            .map_err(|e| in_words(&open.path, "cannot write", e))?;
        self.written.push((open.file, open.path));
        Ok(())
    }

    /// Finishes every file and puts them all in place; the number of files.
    pub fn finish(mut self) -> io::Result<usize> {
        for open in std::mem::take(&mut self.open) {
            self.finish_file(open)?;
        }
        let files = self.written.len();
        for (file, path) in std::mem::take(&mut self.written) {
            file.rename_to(&path)
                .map_err(|e| in_words(&path, "cannot write", e))?;
        }
        Ok(files)
    }
}
