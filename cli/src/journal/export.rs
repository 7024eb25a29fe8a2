//! `journal export --parquet`: one row per record, every documented field a column named
//! as the Rust field, plus the catalog's name and section of the event. Workers turn
//! their blocks into columns; the collector writes a row group whenever enough rows
//! have come, so no more than a row group is ever held.

use std::fs::File;
use std::io;
use std::path::Path;
use std::sync::Arc;

use parquet::basic::Compression;
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, Int32Type, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use parquet::schema::types::ColumnPath;
use primo_events::journal::Record;

use super::pipeline::Job;
use super::problems::Problem;
use super::split::Place;
use super::timestamp;

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

/// Rows written at a time: about 30 MB of typical records.
pub const ROW_GROUP: usize = 64 * 1024;

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

/// Records as columns, in the schema's order.
#[derive(Clone, Debug, Default)]
pub struct Columns {
    rows: usize,
    /// id, event_name, catalog_name, section, entity_data, user_id, then (after the
    /// times) signature, text, ip, tenant_id, node_id, operation_key.
    strings: [Values<ByteArray>; 12],
    event: Vec<i32>,
    times: [Values<i64>; 2],
    classified_event: Values<i32>,
    valid_signature: Values<bool>,
    index: Values<i64>,
}

impl Columns {
    /// Adds `other`'s rows after these.
    pub fn append(&mut self, mut other: Columns) {
        self.rows += other.rows;
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

    fn record(
        &self,
        columns: &mut Columns,
        _: &[u8],
        place: Place,
        record: Record<'_>,
        problems: &mut Vec<Problem>,
    ) {
        let text = |text: Option<&str>| text.map(|t| ByteArray::from(t.as_bytes().to_vec()));
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
        id.push(text(record.id.as_deref()));
        event_name.push(text(record.event_name.as_deref()));
        catalog_name.push(text(event.map(|e| e.name())));
        section.push(text(event.and_then(|e| e.section())));
        entity_data.push(text(record.entity_data.as_deref()));
        user_id.push(text(record.user_id.as_deref()));
        let later = [
            &record.signature,
            &record.text,
            &record.ip,
            &record.tenant_id,
            &record.node_id,
            &record.operation_key,
        ];
        for (column, value) in rest.iter_mut().zip(later) {
            column.push(text(value.as_deref()));
        }
        columns.event.push(record.event.get() as i32);
        let times = [
            ("apiCreatedAt", &record.api_created_at),
            ("createdAt", &record.created_at),
        ];
        for (column, (field, value)) in columns.times.iter_mut().zip(times) {
            let micros = value.as_deref().map(|v| (v, timestamp::micros(v)));
            if let Some((value, None)) = micros {
                problems.push(Problem::at(
                    place,
                    format_args!(
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
                format_args!(
                    "classifiedEvent {n} is over 255, the column's largest: exported as null"
                ),
            ));
        }
        columns.classified_event.push(small.map(|n| n as i32));
        columns.valid_signature.push(record.valid_signature);
        columns.index.push(record.index.map(|i| i as i64));
        columns.rows += 1;
    }
}

/// A Parquet file being written, a row group at a time.
pub struct Writer {
    file: SerializedFileWriter<File>,
    pending: Columns,
}

impl Writer {
    /// Creates (or truncates) the file at `path`.
    pub fn create(path: &Path) -> io::Result<Writer> {
        let schema = Arc::new(parse_message_type(SCHEMA).map_err(to_io)?);
        // Ids and signatures are unique: a dictionary would only cost.
        let unique = |name: &str| ColumnPath::from(name);
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_column_dictionary_enabled(unique("id"), false)
            .set_column_dictionary_enabled(unique("signature"), false)
            .build();
        let file = File::create(path)?;
        let file = SerializedFileWriter::new(file, schema, Arc::new(properties)).map_err(to_io)?;
        Ok(Writer {
            file,
            pending: Columns::default(),
        })
    }

    /// Adds rows, writing a row group when enough have come.
    pub fn add(&mut self, columns: Columns) -> io::Result<()> {
        self.pending.append(columns);
        if self.pending.rows >= ROW_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the rows not yet written and the file's footer; the number of rows.
    pub fn finish(mut self) -> io::Result<u64> {
        self.flush()?;
        let metadata = self.file.close().map_err(to_io)?;
        Ok(metadata.file_metadata().num_rows() as u64)
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.pending.rows == 0 {
            return Ok(());
        }
        let columns = std::mem::take(&mut self.pending);
        write_group(&mut self.file, &columns).map_err(to_io)
    }
}

/// Writes one row group: the columns in the schema's order.
fn write_group(file: &mut SerializedFileWriter<File>, c: &Columns) -> Result<(), ParquetError> {
    let mut group = file.next_row_group()?;
    let [
        id,
        event_name,
        catalog_name,
        section,
        entity_data,
        user_id,
        rest @ ..,
    ] = &c.strings;
    let strings = |group: &mut parquet::file::writer::SerializedRowGroupWriter<'_, File>,
                   values: &[&Values<ByteArray>]|
     -> Result<(), ParquetError> {
        for column in values {
            let mut writer = group.next_column()?.expect("a column of the schema");
            writer.typed::<ByteArrayType>().write_batch(
                &column.values,
                Some(&column.defined),
                None,
            )?;
            writer.close()?;
        }
        Ok(())
    };
    strings(&mut group, &[id])?;
    let mut writer = group.next_column()?.expect("event");
    writer
        .typed::<Int32Type>()
        .write_batch(&c.event, None, None)?;
    writer.close()?;
    strings(
        &mut group,
        &[event_name, catalog_name, section, entity_data, user_id],
    )?;
    for column in &c.times {
        let mut writer = group.next_column()?.expect("a time");
        writer
            .typed::<Int64Type>()
            .write_batch(&column.values, Some(&column.defined), None)?;
        writer.close()?;
    }
    strings(&mut group, &rest.iter().collect::<Vec<_>>())?;
    let mut writer = group.next_column()?.expect("classified_event");
    let class = &c.classified_event;
    writer
        .typed::<Int32Type>()
        .write_batch(&class.values, Some(&class.defined), None)?;
    writer.close()?;
    let mut writer = group.next_column()?.expect("valid_signature");
    let valid = &c.valid_signature;
    writer
        .typed::<BoolType>()
        .write_batch(&valid.values, Some(&valid.defined), None)?;
    writer.close()?;
    let mut writer = group.next_column()?.expect("index");
    let index = &c.index;
    writer
        .typed::<Int64Type>()
        .write_batch(&index.values, Some(&index.defined), None)?;
    writer.close()?;
    group.close()?;
    Ok(())
}

fn to_io(error: ParquetError) -> io::Error {
    io::Error::other(error)
}
