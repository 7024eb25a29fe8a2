//! `journal export --parquet`: one row per record, every documented field a column named
//! as the Rust field, plus the catalog's name and section of the event. Workers turn
//! their blocks into columns; the collector hands a row group to be encoded whenever
//! enough rows or bytes have come ([`ROW_GROUP`], [`ROW_GROUP_BYTES`]), so no more than
//! two row groups are held, whatever the size of a record: one being encoded, one being
//! gathered.

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use bytes::Bytes;
use parquet::basic::{Compression, ZstdLevel};
use parquet::column::writer::{ColumnCloseResult, get_column_writer, get_typed_column_writer};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DataType, Int32Type, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::file::writer::{SerializedFileWriter, SerializedPageWriter, TrackedWrite};
use parquet::schema::parser::parse_message_type;
use parquet::schema::types::ColumnPath;
use parquet::schema::types::{ColumnDescPtr, SchemaDescriptor};
use primo_events::journal::Record;

use primo_events::journal::Place;

use super::output::Sink;
use super::pipeline::Job;
use super::problems::{Found, Problem};
use super::timestamp::Time;

/// The file's schema. `event` is the code as an unsigned 32-bit integer, never null;
/// `catalog_name` and `section` are what this build knows of the code (null for a code
/// it does not know); times are microseconds without zone, as the server writes them.
pub const SCHEMA: &str = "message journal_record {
    OPTIONAL BYTE_ARRAY id (STRING);
    REQUIRED INT32 event (INTEGER(32,false));
    OPTIONAL BYTE_ARRAY event_name (STRING);
    OPTIONAL BYTE_ARRAY catalog_name (STRING);
    OPTIONAL BYTE_ARRAY section (STRING);
    OPTIONAL BYTE_ARRAY entity_data (STRING);
    OPTIONAL BYTE_ARRAY user_id (STRING);
    OPTIONAL INT64 api_created_at (TIMESTAMP(MICROS,false));
    OPTIONAL INT64 created_at (TIMESTAMP(MICROS,false));
    OPTIONAL BYTE_ARRAY signature (STRING);
    OPTIONAL BYTE_ARRAY text (STRING);
    OPTIONAL BYTE_ARRAY ip (STRING);
    OPTIONAL BYTE_ARRAY tenant_id (STRING);
    OPTIONAL BYTE_ARRAY node_id (STRING);
    OPTIONAL BYTE_ARRAY operation_key (STRING);
    OPTIONAL INT32 classified_event (INTEGER(8,false));
    OPTIONAL BOOLEAN valid_signature;
    OPTIONAL INT64 index (INTEGER(64,false));
}";

/// Rows written at a time, at most: about 30 MB of typical records.
pub const ROW_GROUP: usize = 64 * 1024;

/// Bytes of values gathered before a row group is written, at most (one block's worth
/// may pass it): large records make smaller row groups.
pub const ROW_GROUP_BYTES: usize = 32 << 20;

/// What a row counts for beyond its strings, in [`ROW_GROUP_BYTES`].
const ROW_BYTES: usize = 64;

/// Values of one column and, per row, whether it has one (Parquet's definition level).
#[derive(Clone, Debug, Default)]
pub struct Values<T> {
    values: Vec<T>,
    defined: Vec<i16>,
}

impl<T> Values<T> {
    fn push(&mut self, value: Option<T>) {
        self.defined.push(i16::from(value.is_some()));
        self.values.extend(value);
    }

    fn append(&mut self, other: &mut Values<T>) {
        self.values.append(&mut other.values);
        self.defined.append(&mut other.defined);
    }
}

/// The values of a text column, end to end in a few buffers (one per block read):
/// no allocation per value, and no copy when blocks are put together.
#[derive(Clone, Debug, Default)]
pub struct Texts {
    /// Buffers, each with where each value ends in it.
    parts: Vec<(Vec<u8>, Vec<usize>)>,
    defined: Vec<i16>,
}

impl Texts {
    fn push(&mut self, value: Option<&str>) {
        self.defined.push(i16::from(value.is_some()));
        if let Some(value) = value {
            if self.parts.is_empty() {
                self.parts.push(Default::default());
            }
            let (bytes, ends) = self.parts.last_mut().expect("a part");
            bytes.extend_from_slice(value.as_bytes());
            ends.push(bytes.len());
        }
    }

    fn append(&mut self, other: &mut Texts) {
        self.parts.append(&mut other.parts);
        self.defined.append(&mut other.defined);
    }

    /// The values as Parquet takes them: slices of the shared buffers.
    fn values(&mut self) -> Vec<ByteArray> {
        let mut values = Vec::with_capacity(self.defined.len());
        for (bytes, ends) in std::mem::take(&mut self.parts) {
            let bytes = Bytes::from(bytes);
            let starts = std::iter::once(0).chain(ends.iter().copied());
            values.extend(
                starts
                    .zip(&ends)
                    .map(|(start, &end)| ByteArray::from(bytes.slice(start..end))),
            );
        }
        values
    }
}

/// Records as columns, in the schema's order.
#[derive(Clone, Debug, Default)]
pub struct Columns {
    rows: usize,
    /// About how many bytes the values take.
    bytes: usize,
    /// id, event_name, catalog_name, section, entity_data, user_id, then (after the
    /// times) signature, text, ip, tenant_id, node_id, operation_key.
    strings: [Texts; 12],
    event: Vec<i32>,
    times: [Values<i64>; 2],
    classified_event: Values<i32>,
    valid_signature: Values<bool>,
    index: Values<i64>,
}

impl Columns {
    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Adds `other`'s rows after these.
    pub fn append(&mut self, mut other: Columns) {
        self.rows += other.rows;
        self.bytes += other.bytes;
        for (mine, theirs) in self.strings.iter_mut().zip(&mut other.strings) {
            mine.append(theirs);
        }
        self.event.append(&mut other.event);
        for (mine, theirs) in self.times.iter_mut().zip(&mut other.times) {
            mine.append(theirs);
        }
        self.classified_event.append(&mut other.classified_event);
        self.valid_signature.append(&mut other.valid_signature);
        self.index.append(&mut other.index);
    }
}

/// Turns records into [`Columns`].
#[derive(Clone, Copy, Debug, Default)]
pub struct ToColumns;

impl Job for ToColumns {
    type Part = Columns;

    fn record(
        &self,
        columns: &mut Columns,
        text: &[u8],
        place: Place,
        record: Record<'_>,
        problems: &mut Found,
    ) {
        let event = record.event();
        let [
            id,
            event_name,
            catalog_name,
            section,
            entity_data,
            user_id,
            rest @ ..,
        ] = &mut columns.strings;
        id.push(record.id.as_deref());
        event_name.push(record.event_name.as_deref());
        catalog_name.push(event.map(|e| e.name()));
        section.push(event.and_then(|e| e.section()));
        entity_data.push(record.entity_data.as_deref());
        user_id.push(record.user_id.as_deref());
        let later = [
            &record.signature,
            &record.text,
            &record.ip,
            &record.tenant_id,
            &record.node_id,
            &record.operation_key,
        ];
        for (column, value) in rest.iter_mut().zip(later) {
            column.push(value.as_deref());
        }
        columns.event.push(record.event.get() as i32);
        let times = [
            ("apiCreatedAt", &record.api_created_at),
            ("createdAt", &record.created_at),
        ];
        for (column, (field, value)) in columns.times.iter_mut().zip(times) {
            let micros = value
                .as_deref()
                .map(|v| (v, Time::parse(v).map(Time::micros)));
            if let Some((value, None)) = micros {
                problems.push(Problem::at(
                    place,
                    format!(
                        "{field} {value:?} is not a time like 2024-08-31T23:35:58.29378: exported as null"
                    ),
                ));
            }
            column.push(micros.and_then(|(_, m)| m));
        }
        let class = record.classified_event.map(|c| c.number());
        let small = class.filter(|&n| n <= u32::from(u8::MAX));
        if let (Some(n), None) = (class, small) {
            problems.push(Problem::at(
                place,
                format!("classifiedEvent {n} is over 255, the column's largest: exported as null"),
            ));
        }
        columns.classified_event.push(small.map(|n| n as i32));
        columns.valid_signature.push(record.valid_signature);
        columns.index.push(record.index.map(|i| i as i64));
        columns.rows += 1;
        columns.bytes += text.len() + ROW_BYTES;
    }
}

/// A Parquet file being written, a row group at a time: each row group's columns are
/// encoded on every core, on threads of their own, while the next one is gathered.
pub struct Writer {
    file: SerializedFileWriter<Sink>,
    schema: Arc<SchemaDescriptor>,
    properties: Arc<WriterProperties>,
    pending: Columns,
    /// The row group being encoded.
    encoding: Option<JoinHandle<io::Result<Vec<Encoded>>>>,
}

/// One column chunk, encoded in memory, and what the file's metadata says of it.
type Encoded = (Bytes, ColumnCloseResult);

impl Writer {
    /// Starts a Parquet file on `sink`, its pages compressed with `codec`.
    pub fn new(sink: Sink, codec: Codec) -> io::Result<Writer> {
        let schema = Arc::new(parse_message_type(SCHEMA).map_err(to_io)?);
        let mut properties = WriterProperties::builder()
            .set_compression(codec.compression())
            .set_statistics_enabled(EnabledStatistics::Chunk);
        // Ids, signatures and times are (nearly) unique, and free text is free: a
        // dictionary of them would only cost, as would the minimum and maximum of text
        // nobody filters by range.
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
        for name in [
            "id",
            "signature",
            "text",
            "entity_data",
            "ip",
            "node_id",
            "tenant_id",
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
            pending: Columns::default(),
            encoding: None,
        })
    }

    /// Adds rows, starting on a row group when enough have come.
    pub fn add(&mut self, columns: Columns) -> io::Result<()> {
        self.pending.append(columns);
        if self.pending.rows >= ROW_GROUP || self.pending.bytes >= ROW_GROUP_BYTES {
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
        self.pending.bytes
    }

    /// Writes the row group being encoded, if any, and starts encoding the pending rows.
    pub fn flush(&mut self) -> io::Result<()> {
        self.write_encoded()?;
        if self.pending.rows == 0 {
            return Ok(());
        }
        let columns = std::mem::take(&mut self.pending);
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

/// A column's values to encode.
type ColumnJob =
    Box<dyn FnOnce(ColumnDescPtr, Arc<WriterProperties>) -> Result<Encoded, ParquetError> + Send>;

/// Encodes every column of a row group, in the schema's order, on every core.
fn encode(
    c: Columns,
    schema: &SchemaDescriptor,
    properties: &Arc<WriterProperties>,
) -> io::Result<Vec<Encoded>> {
    let [
        id,
        event_name,
        catalog_name,
        section,
        entity_data,
        user_id,
        later @ ..,
    ] = c.strings;
    let texts = |mut texts: Texts| -> ColumnJob {
        Box::new(move |d, p| {
            encode_column::<ByteArrayType>(d, p, &texts.values(), Some(&texts.defined))
        })
    };
    let optional = |values: Values<i64>| -> ColumnJob {
        Box::new(move |d, p| {
            encode_column::<Int64Type>(d, p, &values.values, Some(&values.defined))
        })
    };
    let [api_created_at, created_at] = c.times;
    let (event, class, valid, index) = (c.event, c.classified_event, c.valid_signature, c.index);
    let mut jobs: Vec<ColumnJob> = vec![
        texts(id),
        Box::new(move |d, p| encode_column::<Int32Type>(d, p, &event, None)),
    ];
    jobs.extend([event_name, catalog_name, section, entity_data, user_id].map(texts));
    jobs.extend([optional(api_created_at), optional(created_at)]);
    jobs.extend(later.map(texts));
    jobs.push(Box::new(move |d, p| {
        encode_column::<Int32Type>(d, p, &class.values, Some(&class.defined))
    }));
    jobs.push(Box::new(move |d, p| {
        encode_column::<BoolType>(d, p, &valid.values, Some(&valid.defined))
    }));
    jobs.push(optional(index));
    let jobs: Vec<_> = jobs
        .into_iter()
        .enumerate()
        .map(|(i, job)| Mutex::new(Some((schema.column(i), job))))
        .collect();
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
                        if let Some((descr, job)) = taken {
                            let encoded = job(descr, properties.clone());
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

/// Encodes one column chunk in memory.
fn encode_column<T: DataType>(
    descr: ColumnDescPtr,
    properties: Arc<WriterProperties>,
    values: &[T::T],
    defined: Option<&[i16]>,
) -> Result<Encoded, ParquetError> {
    let mut sink = TrackedWrite::new(Vec::new());
    let pages = Box::new(SerializedPageWriter::new(&mut sink));
    let mut writer = get_typed_column_writer::<T>(get_column_writer(descr, properties, pages));
    writer.write_batch(values, defined, None)?;
    let close = writer.close()?;
    Ok((Bytes::from(sink.into_inner()?), close))
}

fn to_io(error: ParquetError) -> io::Error {
    io::Error::other(error)
}
