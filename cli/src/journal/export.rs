//! `journal export --parquet`: one row per record, every documented field a column named
//! as the Rust field, plus the catalog's name and section of the event. Workers turn
//! their blocks into columns; the collector hands a row group to be encoded whenever
//! enough rows or bytes have come ([`ROW_GROUP`], [`ROW_GROUP_BYTES`]), so no more than
//! two row groups are held, whatever the size of a record: one being encoded, one being
//! gathered.

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::thread::JoinHandle;

use bytes::Bytes;
use parquet::basic::{Compression, ZstdLevel};
use parquet::column::writer::{ColumnCloseResult, ColumnWriter, get_column_writer};
use parquet::data_type::ByteArray;
use parquet::errors::ParquetError;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::file::writer::{SerializedFileWriter, SerializedPageWriter, TrackedWrite};
use parquet::schema::parser::parse_message_type;
use parquet::schema::types::ColumnPath;
use parquet::schema::types::{ColumnDescPtr, SchemaDescriptor};
use primo_events::journal::{Export, FieldSet, JsonText, Record, Texts, Value};

use primo_events::journal::Place;

use super::output::Sink;
use super::pipeline::Job;
use super::problems::{Found, Problem};
use super::timestamp::{Dates, Time};

/// A column of the file: a field of [`Record::FIELDS`], or what this build's catalog says
/// of the event (its name and section, null for a code it does not know), which follow
/// the event's code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Source {
    /// Field `index` of `Record::FIELDS`, exported as it says.
    Field(usize, Export),
    CatalogName,
    Section,
}

/// The file's columns in order, each with its name: every field of a record, named as in
/// Rust, the catalog's name and section after `event`. Made once: every block's part
/// and every row group follow it.
fn sources() -> &'static [(&'static str, Source)] {
    static SOURCES: OnceLock<Vec<(&'static str, Source)>> = OnceLock::new();
    SOURCES.get_or_init(|| {
        let mut sources = Vec::new();
        for (index, field) in Record::FIELDS.iter().enumerate() {
            sources.push((field.name(), Source::Field(index, field.export())));
            if field.export() == Export::Code {
                sources.push(("catalog_name", Source::CatalogName));
                sources.push(("section", Source::Section));
            }
        }
        sources
    })
}

/// The file's schema, from [`sources`]: `event` the code as an unsigned 32-bit integer,
/// never null; times microseconds without zone, as the server writes them.
fn schema() -> String {
    let mut schema = String::from("message journal_record {\n");
    for &(name, source) in sources() {
        let column = match source {
            Source::Field(_, Export::Code) => format!("REQUIRED INT32 {name} (INTEGER(32,false))"),
            Source::Field(_, Export::Timestamp) => {
                format!("OPTIONAL INT64 {name} (TIMESTAMP(MICROS,false))")
            }
            Source::Field(_, Export::U8) => format!("OPTIONAL INT32 {name} (INTEGER(8,false))"),
            Source::Field(_, Export::Bool) => format!("OPTIONAL BOOLEAN {name}"),
            Source::Field(_, Export::U64) => format!("OPTIONAL INT64 {name} (INTEGER(64,false))"),
            _ => format!("OPTIONAL BYTE_ARRAY {name} (STRING)"),
        };
        schema.push_str(&format!("    {column};\n"));
    }
    schema.push('}');
    schema
}

/// Rows written at a time, at most: about 30 MB of typical records.
pub const ROW_GROUP: usize = 64 * 1024;

/// Bytes of values gathered before a row group is written, at most (one block's worth
/// may pass it): large records make smaller row groups.
pub const ROW_GROUP_BYTES: usize = 32 << 20;

/// The first buffer of a text column's values in a part. A part counts it in its
/// bytes, so a part of one row (a rare day's, partitioned) is bounded all the same;
/// starting at 1 KiB held less but cost 1-1.5% of the export's time.
const FIRST_TEXT_BUFFER: usize = 4 << 10;

/// The largest buffer of a text column's values.
const TEXT_BUFFER: usize = 64 << 10;

/// What a row holds beyond its texts' buffers, as [`Columns`] counts its bytes: each
/// column's definition level, the other values and where each text ends, with room for
/// their vectors' growth.
const ROW_BYTES: usize = 256;

/// What a part holds before its rows: its columns and their vectors' first room.
const PART_BYTES: usize = 4 << 10;

/// Values of one column and, per row, whether it has one (Parquet's definition level).
#[derive(Clone, Debug, Default)]
pub struct Values<T> {
    values: Vec<T>,
    defined: Vec<i16>,
}

impl<T> Values<T> {
    fn with_rows(rows: usize) -> Self {
        Values {
            values: Vec::with_capacity(rows),
            defined: Vec::with_capacity(rows),
        }
    }

    fn push(&mut self, value: Option<T>) {
        self.defined.push(i16::from(value.is_some()));
        self.values.extend(value);
    }
}

/// The values of a text column, end to end in a few buffers: no allocation per value,
/// and no copy when blocks are put together.
#[derive(Clone, Debug, Default)]
pub struct TextColumn {
    /// Buffers, each with how many of `ends` are its values'.
    buffers: Vec<(String, usize)>,
    /// Where each value ends in its buffer.
    ends: Vec<usize>,
    defined: Vec<i16>,
}

impl TextColumn {
    fn with_rows(rows: usize) -> Self {
        TextColumn {
            buffers: Vec::new(),
            ends: Vec::with_capacity(rows),
            defined: Vec::with_capacity(rows),
        }
    }

    /// Adds a row, its text decoded straight into the column's buffer; the bytes of the
    /// buffer it started, if any.
    fn push(&mut self, value: Option<&JsonText<'_>>) -> usize {
        self.defined.push(i16::from(value.is_some()));
        let mut started = 0;
        if let Some(value) = value {
            // Decoded, a text is never longer than held.
            let len = value.plain().or(value.escaped()).map_or(0, str::len);
            // A full buffer is followed by one twice its size, up to TEXT_BUFFER: no
            // buffer grows, so no value is copied again (growing ones copied each value
            // once more: 3% of export's instructions), and little room is left unused.
            let room = match self.buffers.last() {
                None => Some(FIRST_TEXT_BUFFER),
                Some((bytes, _)) if bytes.len() + len > bytes.capacity() => {
                    Some((bytes.capacity() * 2).min(TEXT_BUFFER))
                }
                Some(_) => None,
            };
            if let Some(room) = room {
                started = room.max(len);
                self.buffers.push((String::with_capacity(started), 0));
            }
            let (bytes, values) = self.buffers.last_mut().expect("a buffer");
            value.decode_into(bytes);
            *values += 1;
            self.ends.push(bytes.len());
        }
        started
    }

    /// The values as Parquet takes them: slices of the shared buffers.
    fn values(&mut self) -> Vec<ByteArray> {
        let mut values = Vec::with_capacity(self.ends.len());
        let mut ends = self.ends.iter().copied();
        for (bytes, count) in std::mem::take(&mut self.buffers) {
            let bytes = Bytes::from(bytes.into_bytes());
            let mut start = 0;
            values.extend(ends.by_ref().take(count).map(|end| {
                let value = ByteArray::from(bytes.slice(start..end));
                start = end;
                value
            }));
        }
        values
    }
}

/// The values of one column.
#[derive(Clone, Debug)]
enum Column {
    Text(TextColumn),
    /// What the catalog says of the event: texts of the program itself, handed to
    /// Parquet as they are rather than copied for each record.
    Catalog(Values<&'static str>),
    /// A required 32-bit integer: the code.
    Code(Vec<i32>),
    Int32(Values<i32>),
    Int64(Values<i64>),
    Bool(Values<bool>),
}

impl Column {
    /// An empty column of `source`, with room for `rows`.
    fn of(source: Source, rows: usize) -> Column {
        match source {
            Source::Field(_, Export::Code) => Column::Code(Vec::with_capacity(rows)),
            Source::Field(_, Export::U8) => Column::Int32(Values::with_rows(rows)),
            Source::Field(_, Export::Timestamp | Export::U64) => {
                Column::Int64(Values::with_rows(rows))
            }
            Source::Field(_, Export::Bool) => Column::Bool(Values::with_rows(rows)),
            Source::CatalogName | Source::Section => Column::Catalog(Values::with_rows(rows)),
            Source::Field(_, _) => Column::Text(TextColumn::with_rows(rows)),
        }
    }

    fn push_null(&mut self) {
        match self {
            Column::Text(values) => {
                values.push(None);
            }
            Column::Catalog(values) => values.push(None),
            Column::Code(values) => values.push(0),
            Column::Int32(values) => values.push(None),
            Column::Int64(values) => values.push(None),
            Column::Bool(values) => values.push(None),
        }
    }

    /// Hands the values to `writer`, a writer of the column's Parquet type.
    fn write(self, writer: &mut ColumnWriter<'_>) -> Result<(), ParquetError> {
        use ColumnWriter::{BoolColumnWriter, ByteArrayColumnWriter};
        use ColumnWriter::{Int32ColumnWriter, Int64ColumnWriter};
        match (self, writer) {
            (Column::Text(mut texts), ByteArrayColumnWriter(writer)) => {
                writer.write_batch(&texts.values(), Some(&texts.defined), None)
            }
            (Column::Catalog(texts), ByteArrayColumnWriter(writer)) => {
                let values: Vec<ByteArray> = texts
                    .values
                    .iter()
                    .map(|text| ByteArray::from(Bytes::from_static(text.as_bytes())))
                    .collect();
                writer.write_batch(&values, Some(&texts.defined), None)
            }
            (Column::Code(values), Int32ColumnWriter(writer)) => {
                writer.write_batch(&values, None, None)
            }
            (Column::Int32(values), Int32ColumnWriter(writer)) => {
                writer.write_batch(&values.values, Some(&values.defined), None)
            }
            (Column::Int64(values), Int64ColumnWriter(writer)) => {
                writer.write_batch(&values.values, Some(&values.defined), None)
            }
            (Column::Bool(values), BoolColumnWriter(writer)) => {
                writer.write_batch(&values.values, Some(&values.defined), None)
            }
            _ => Err(ParquetError::General(
                "internal error: a column of another type than the schema's".into(),
            )),
        }
        .map(drop)
    }
}

/// Records as columns, in the schema's order.
#[derive(Clone, Debug)]
pub struct Columns {
    rows: usize,
    /// About how many bytes the part holds: what bounds the rows gathered, however
    /// few rows each part has.
    bytes: usize,
    /// One for each of [`sources`].
    columns: Vec<Column>,
    /// How the timestamps are read (the last date read, remembered).
    dates: Dates,
}

impl Default for Columns {
    fn default() -> Self {
        Columns::with_rows(0)
    }
}

impl Columns {
    /// No rows yet, with room for `rows`: each vector grown as rows came cost some 4% of
    /// the export's CPU in reallocations. The room is counted as rows come, in
    /// [`ROW_BYTES`].
    fn with_rows(rows: usize) -> Self {
        let columns = sources()
            .iter()
            .map(|&(_, source)| Column::of(source, rows))
            .collect();
        Columns {
            rows: 0,
            bytes: PART_BYTES,
            columns,
            dates: Dates::default(),
        }
    }

    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }
}

/// Turns records into [`Columns`].
#[derive(Clone, Copy, Debug, Default)]
pub struct ToColumns;

impl Job for ToColumns {
    type Part = Columns;
    type Kept = ();
    const FIELDS: FieldSet = FieldSet::ALL;
    // The text columns' strings as held: each is decoded straight into its column, not
    // into a string of its own first.
    const TEXTS: FieldSet = FieldSet::exported_as(Export::Text);

    fn part(&self, texts: usize) -> Columns {
        Columns::with_rows(texts)
    }

    fn record(
        &self,
        columns: &mut Columns,
        _: &mut (),
        _: &[u8],
        place: Place,
        record: Record<'_>,
        texts: &Texts<'_>,
        problems: &mut Found,
    ) {
        let event = record.event();
        let dates = &mut columns.dates;
        for (&(name, source), column) in sources().iter().zip(&mut columns.columns) {
            let value = match (source, &mut *column) {
                (Source::Field(index, _), Column::Text(values)) => {
                    columns.bytes += values.push(texts.get(index));
                    continue;
                }
                (Source::Field(index, _), _) => record.value(index),
                (Source::CatalogName, Column::Catalog(values)) => {
                    values.push(event.map(|e| e.name()));
                    continue;
                }
                (Source::Section, Column::Catalog(values)) => {
                    values.push(event.and_then(|e| e.section()));
                    continue;
                }
                // Never: `Column::of` gives the catalog's sources columns of their own.
                _ => None,
            };
            // The field's name in the text, looked up for a problem only (for every value,
            // it cost half a percent of the export's instructions).
            let wire = || match source {
                Source::Field(index, _) => Record::FIELDS[index].wire(),
                _ => name,
            };
            match (column, value) {
                (Column::Code(values), Some(Value::Code(code))) => values.push(code.get() as i32),
                (Column::Int64(values), Some(Value::Text(text)))
                    if matches!(source, Source::Field(_, Export::Timestamp)) =>
                {
                    let micros = text.map(|v| (v, dates.time(v).map(Time::micros)));
                    if let Some((text, None)) = micros {
                        problems.push(Problem::at(
                            place,
                            format!(
                                "{} {text:?} is not a time like 2024-08-31T23:35:58.29378: exported as null",
                                wire()
                            ),
                        ));
                    }
                    values.push(micros.and_then(|(_, m)| m));
                }
                (Column::Int32(values), Some(Value::Number(n))) => {
                    let small = n.filter(|&n| n <= u64::from(u8::MAX));
                    if let (Some(n), None) = (n, small) {
                        problems.push(Problem::at(
                            place,
                            format!(
                                "{} {n} is over 255, the column's largest: exported as null",
                                wire()
                            ),
                        ));
                    }
                    values.push(small.map(|n| n as i32));
                }
                (Column::Int64(values), Some(Value::Number(n))) => values.push(n.map(|n| n as i64)),
                (Column::Bool(values), Some(Value::Bool(b))) => values.push(b),
                (column, value) => {
                    // A kind of field this build cannot export: null, said once a record.
                    problems.push(Problem::at(
                        place,
                        format!("{}: {value:?} cannot be exported: exported as null", wire()),
                    ));
                    column.push_null();
                }
            }
        }
        columns.rows += 1;
        columns.bytes += ROW_BYTES;
    }
}

/// A Parquet file being written, a row group at a time: each row group's columns are
/// encoded on every core, on threads of their own, while the next one is gathered.
pub struct Writer {
    file: SerializedFileWriter<Sink>,
    schema: Arc<SchemaDescriptor>,
    properties: Arc<WriterProperties>,
    /// The rows gathered for the next row group, as the blocks' parts came: they are
    /// handed to Parquet part after part, never put together (which copied every value
    /// once more).
    pending: Vec<Columns>,
    pending_rows: usize,
    pending_bytes: usize,
    /// The row group being encoded.
    encoding: Option<JoinHandle<io::Result<Vec<Encoded>>>>,
}

/// One column chunk, encoded in memory, and what the file's metadata says of it.
type Encoded = (Bytes, ColumnCloseResult);

impl Writer {
    /// Starts a Parquet file on `sink`, its pages compressed with `codec`.
    pub fn new(sink: Sink, codec: Codec) -> io::Result<Writer> {
        let schema = Arc::new(parse_message_type(&schema()).map_err(to_io)?);
        let mut properties = WriterProperties::builder()
            .set_compression(codec.compression())
            .set_statistics_enabled(EnabledStatistics::Chunk);
        // Ids, signatures and times are (nearly) unique, and free text is free: a
        // dictionary of them would only cost.
        for name in [
            "id",
            "signature",
            "text",
            "api_created_at",
            "created_at",
            "index",
        ] {
            properties = properties.set_column_dictionary_enabled(ColumnPath::from(name), false);
        }
        // Nobody filters such text by its minimum and maximum, and the names and section
        // of the event follow its code, whose own are kept: in a row group of thousands
        // of records theirs span nearly every name, and they cost 3% of the export's
        // instructions.
        for name in [
            "id",
            "signature",
            "text",
            "entity_data",
            "ip",
            "node_id",
            "tenant_id",
            "event_name",
            "catalog_name",
            "section",
        ] {
            properties = properties
                .set_column_statistics_enabled(ColumnPath::from(name), EnabledStatistics::None);
        }
        let properties = Arc::new(properties.build());
        let file =
            SerializedFileWriter::new(sink, schema.clone(), properties.clone()).map_err(to_io)?;
        Ok(Writer {
            file,
            schema: Arc::new(SchemaDescriptor::new(schema)),
            properties,
            pending: Vec::new(),
            pending_rows: 0,
            pending_bytes: 0,
            encoding: None,
        })
    }

    /// Adds rows, starting on a row group when enough have come.
    pub fn add(&mut self, columns: Columns) -> io::Result<()> {
        if columns.rows == 0 {
            return Ok(()); // a block of problems only
        }
        self.pending_rows += columns.rows;
        self.pending_bytes += columns.bytes;
        self.pending.push(columns);
        if self.pending_rows >= ROW_GROUP || self.pending_bytes >= ROW_GROUP_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the rows not yet written and the file's footer, and flushes it; the
    /// number of rows.
    pub fn finish(mut self) -> io::Result<u64> {
        self.flush()?;
        self.write_encoded()?;
        let metadata = self.file.finish().map_err(to_io)?;
        Ok(metadata.file_metadata().num_rows() as u64)
    }

    /// The bytes of the rows gathered and not yet handed to be encoded.
    pub fn pending_bytes(&self) -> usize {
        self.pending_bytes
    }

    /// Writes the row group being encoded, if any, and starts encoding the pending rows.
    pub fn flush(&mut self) -> io::Result<()> {
        self.write_encoded()?;
        if self.pending_rows == 0 {
            return Ok(());
        }
        let columns = std::mem::take(&mut self.pending);
        (self.pending_rows, self.pending_bytes) = (0, 0);
        let (schema, properties) = (self.schema.clone(), self.properties.clone());
        let encoding = std::thread::Builder::new()
            .name("encode".into())
            .spawn(move || encode(columns, &schema, &properties))
            .map_err(|error| {
                io::Error::new(error.kind(), format!("cannot start a thread: {error}"))
            })?;
        self.encoding = Some(encoding);
        Ok(())
    }

    /// Waits for the row group being encoded and appends it to the file.
    fn write_encoded(&mut self) -> io::Result<()> {
        let Some(encoding) = self.encoding.take() else {
            return Ok(());
        };
        let encoded = encoding
            .join()
            .map_err(|_| io::Error::other("a thread encoding a row group failed"))??;
        let mut group = self.file.next_row_group().map_err(to_io)?;
        for (bytes, close) in encoded {
            group.append_column(&bytes, close).map_err(to_io)?;
        }
        group.close().map_err(to_io)?;
        Ok(())
    }
}

/// How pages are compressed: zstd (its default level) unless asked otherwise, since
/// exports are archives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Codec {
    /// zstd at its default level: the smallest files.
    #[default]
    Zstd,
    /// Snappy: faster to write, larger.
    Snappy,
    /// None.
    None,
}

impl Codec {
    fn compression(self) -> Compression {
        match self {
            Codec::Zstd => Compression::ZSTD(ZstdLevel::default()),
            Codec::Snappy => Compression::SNAPPY,
            Codec::None => Compression::UNCOMPRESSED,
        }
    }
}

/// Encodes every column of a row group, the blocks' parts in turn, in the schema's
/// order, on every core.
fn encode(
    parts: Vec<Columns>,
    schema: &SchemaDescriptor,
    properties: &Arc<WriterProperties>,
) -> io::Result<Vec<Encoded>> {
    let sources = sources();
    let mut columns: Vec<Vec<Column>> = sources.iter().map(|_| Vec::new()).collect();
    for part in parts {
        for (of, column) in columns.iter_mut().zip(part.columns) {
            of.push(column);
        }
    }
    let mut jobs = Vec::with_capacity(columns.len());
    for (i, (parts, &(name, _))) in columns.into_iter().zip(sources).enumerate() {
        // Data and schema are paired by name: a mismatch is an error, never a shifted column.
        let descr = schema.column(i);
        if descr.name() != name {
            return Err(io::Error::other(format!(
                "internal error: column {i} is {name} but the schema has {} there",
                descr.name()
            )));
        }
        jobs.push(Mutex::new(Some((descr, parts))));
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<Result<Encoded, ParquetError>>>> =
        jobs.iter().map(|_| Mutex::new(None)).collect();
    let started = std::thread::scope(|scope| {
        let mut started = false;
        for _ in 0..threads {
            let spawned = std::thread::Builder::new()
                .name("column".into())
                .spawn_scoped(scope, || {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(slot) = jobs.get(i) else { return };
                        let taken = slot.lock().unwrap_or_else(PoisonError::into_inner).take();
                        if let Some((descr, parts)) = taken {
                            let encoded = encode_column(descr, properties.clone(), parts);
                            *results[i].lock().unwrap_or_else(PoisonError::into_inner) =
                                Some(encoded);
                        }
                    }
                });
            // One thread that starts does every job, if need be.
            started |= spawned.is_ok();
        }
        started
    });
    if !started {
        return Err(io::Error::other("cannot start a thread to encode columns"));
    }
    results
        .into_iter()
        .map(|r| {
            let result = r.into_inner().unwrap_or_else(PoisonError::into_inner);
            result
                .ok_or_else(|| io::Error::other("a column was not encoded"))?
                .map_err(to_io)
        })
        .collect()
}

/// Encodes one column chunk in memory, from the blocks' parts of the column.
fn encode_column(
    descr: ColumnDescPtr,
    properties: Arc<WriterProperties>,
    parts: Vec<Column>,
) -> Result<Encoded, ParquetError> {
    let mut sink = TrackedWrite::new(Vec::new());
    let pages = Box::new(SerializedPageWriter::new(&mut sink));
    let mut writer = get_column_writer(descr, properties, pages);
    for part in parts {
        part.write(&mut writer)?;
    }
    let close = writer.close()?;
    Ok((Bytes::from(sink.into_inner()?), close))
}

fn to_io(error: ParquetError) -> io::Error {
    io::Error::other(error)
}
