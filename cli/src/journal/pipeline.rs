//! Reading inputs on every core: each thread in turn cuts the next block of record texts
//! from the inputs (the library's [`Reader`]) and decodes its records while the block
//! is still in its core's cache; the calling thread takes the blocks' results in input
//! order. Memory stays flat however large or strange the input: every channel is
//! bounded, and so are the bytes of the blocks in flight ([`IN_FLIGHT`]), whatever the
//! size of a record.

use std::io::{self, Read};
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError, sync_channel};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use indicatif::ProgressBar;
use primo_events::journal::{Block, FieldSet, Piece, Place, Reader, Record, Texts};

use super::input::{Source, progress_bar};
use super::problems::{Found, Problem, Problems};
use super::record_text;

/// What a journal command does with each record.
pub trait Job: Sync {
    /// What it makes of one block: output, columns, what depends on the order of the
    /// records.
    type Part: Default + Send;

    /// What each thread keeps from block to block, handed on once the thread is done:
    /// what does not depend on the order of the records (stats' counts). Per block, a
    /// journal by thousands of users counted most of them again in each block, and
    /// added them up again after.
    type Kept: Default + Send;

    /// The fields it reads of a record (every record is checked whole all the same:
    /// the others are only not decoded).
    const FIELDS: FieldSet;

    /// The string fields it takes as the text holds them, escapes and all, to decode
    /// only when it must ([`Texts`]); they are `None` in the record.
    const TEXTS: FieldSet = FieldSet::NONE;

    /// An empty part for a block of `texts` record texts (and flaws): room made for
    /// their records where that saves growing it record by record.
    fn part(&self, texts: usize) -> Self::Part {
        let _ = texts;
        Self::Part::default()
    }

    /// Takes one record, read from `text` at `place`, with the strings of
    /// [`Job::TEXTS`], into the block's `part` or the thread's `kept`; a problem with it
    /// (a timestamp that does not parse, say) goes to `problems`.
    #[allow(clippy::too_many_arguments)] // each a thing of its own, named where it is used
    fn record(
        &self,
        part: &mut Self::Part,
        kept: &mut Self::Kept,
        text: &[u8],
        place: Place,
        record: Record<'_>,
        texts: &Texts<'_>,
        problems: &mut Found,
    );
}

/// How to read.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Threads that read and decode records, a block at a time each.
    pub threads: usize,
    /// The longest record text, in bytes, that is read.
    pub max_len: usize,
    /// Whether a progress bar may be drawn (when stderr is a terminal).
    pub progress: bool,
}

/// How the reading went.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Problems reported: texts that are no record, and others the job found.
    pub problems: u64,
    /// An input could not be opened or read to its end.
    pub failed: bool,
}

/// The bytes of blocks read but not yet collected, at most (one block may pass it).
pub const IN_FLIGHT: usize = 64 << 20;

/// The results of one block, and what was wrong in it.
type Done<P> = (P, Found);

/// What the reader tells the collector, in input order.
enum Next<P, K> {
    /// A block of input `source` of this many bytes, its results to come.
    Block(usize, usize, Receiver<Done<P>>),
    /// Input `source` could not be opened or read on.
    Failed(usize, io::Error),
    /// What a thread kept, once it is done.
    Kept(K),
}

/// Blocks between the threads that read and decode them and the collector: their bytes,
/// bounded, and when the collector is woken. Woken for every block, it took a core
/// from a thread decoding one: stats spent some 5% of its time waking and switching.
/// It is woken when no thread is decoding (the others wait for input: a core is free,
/// or a slow pipe is being read), when a reader waits for room, or once [`BATCH`]
/// bytes of blocks are decoded; then it takes every result that is ready.
#[derive(Debug, Default)]
struct Flow {
    state: Mutex<FlowState>,
    /// Where a reader waits for room.
    room: Condvar,
    /// Where the collector waits for results.
    results: Condvar,
}

#[derive(Debug, Default)]
struct FlowState {
    /// Bytes of the blocks read but not yet collected.
    in_flight: usize,
    /// Bytes of the blocks decoded but not yet collected.
    decoded: usize,
    /// Threads decoding a block.
    decoding: usize,
    /// A reader waits for room (readers take room one at a time, under the input's
    /// lock).
    reader_waits: bool,
    /// The collector waits for results.
    collector_waits: bool,
    /// The collector has stopped.
    stopped: bool,
}

/// Bytes of decoded blocks that wake the collector.
const BATCH: usize = 8 << 20;

impl FlowState {
    /// Whether the collector should take the results that are ready.
    fn collect_now(&self) -> bool {
        self.decoding == 0 || self.reader_waits || self.decoded >= BATCH
    }
}

impl Flow {
    fn lock(&self) -> MutexGuard<'_, FlowState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes room for a block of `bytes` to be decoded, waiting while the blocks in
    /// flight would pass [`IN_FLIGHT`] (unless there are none); `false` once the
    /// collector has stopped.
    fn take(&self, bytes: usize) -> bool {
        let mut state = self.lock();
        while !state.stopped && state.in_flight > 0 && state.in_flight + bytes > IN_FLIGHT {
            state.reader_waits = true;
            if state.collector_waits {
                self.results.notify_one();
            }
            state = self
                .room
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        state.reader_waits = false;
        state.in_flight += bytes;
        !state.stopped
    }

    /// Counts a thread as decoding a block of `bytes`, whose results go to `done`. Only
    /// a thread that will finish without waiting counts: one waiting for the input or
    /// for room, or to hand a block on, leaves the collector to be woken.
    fn decoding<P>(&self, bytes: usize, done: SyncSender<Done<P>>) -> Decoding<'_, P> {
        self.lock().decoding += 1;
        Decoding {
            flow: self,
            bytes,
            done: Some(done),
        }
    }

    /// The results that `done` will give, once the collector should take them;
    /// `draining` says that it is taking those that are ready. `None` if the thread
    /// decoding them failed.
    fn results<T>(&self, done: &Receiver<T>, draining: &mut bool) -> Option<T> {
        let mut state = self.lock();
        loop {
            if *draining || state.collect_now() {
                match done.try_recv() {
                    Ok(results) => {
                        *draining = true;
                        return Some(results);
                    }
                    Err(TryRecvError::Disconnected) => return None,
                    Err(TryRecvError::Empty) => *draining = false,
                }
            }
            state.collector_waits = true;
            state = self
                .results
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
            state.collector_waits = false;
        }
    }

    /// Gives back the room of a collected block of `bytes`.
    fn give(&self, bytes: usize) {
        let mut state = self.lock();
        state.in_flight -= bytes;
        state.decoded -= bytes;
        if state.reader_waits {
            self.room.notify_all();
        }
    }

    fn close(&self) {
        self.lock().stopped = true;
        self.room.notify_all();
    }
}

/// A block being decoded: its results go to the collector, and the [`Flow`] learns that
/// it is done, however the decoding ends.
struct Decoding<'a, P> {
    flow: &'a Flow,
    bytes: usize,
    done: Option<SyncSender<Done<P>>>,
}

impl<P> Decoding<'_, P> {
    fn finish(mut self, results: Done<P>) {
        let mut state = self.flow.lock();
        if let Some(done) = self.done.take() {
            // The slot is free: this does not wait.
            let _ = done.send(results);
        }
        state.decoded += self.bytes;
        state.decoding -= 1;
        if state.collector_waits && state.collect_now() {
            self.flow.results.notify_one();
        }
    }
}

impl<P> Drop for Decoding<'_, P> {
    /// A decoding that ended without results (a panic) leaves the collector a closed
    /// channel to find.
    fn drop(&mut self) {
        if let Some(done) = self.done.take() {
            let mut state = self.flow.lock();
            drop(done);
            state.decoding -= 1;
            self.flow.results.notify_one();
        }
    }
}

/// Closes the flow when the collector stops, however it stops.
struct Closing<'a>(&'a Flow);

impl Drop for Closing<'_> {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// Reads `sources` one after the other with `job`, handing each block's part to
/// `collect` in input order, and what each thread kept to `keep` when it is done. An
/// error from `collect` (a closed pipe, a full disk), or a thread that cannot start,
/// stops the reading and is returned; problems of the input are reported on stderr and
/// counted.
pub fn run<J: Job>(
    job: &J,
    sources: &[Source],
    options: Options,
    mut collect: impl FnMut(J::Part) -> io::Result<()>,
    mut keep: impl FnMut(J::Kept),
) -> io::Result<Outcome> {
    let progress = options.progress.then(|| progress_bar(sources)).flatten();
    let mut problems = Problems::new(progress.clone());
    let names: Vec<String> = sources.iter().map(Source::name).collect();
    let threads = options.threads.max(1);
    let mut failed = false;
    // Room for the blocks of a batch, so that a full channel does not wake the
    // collector before.
    let slots = threads * 2 + BATCH / Reader::<io::Empty>::DEFAULT_BLOCK_SIZE;
    let (order_tx, order_rx) = sync_channel::<Next<J::Part, J::Kept>>(slots);
    let input = Mutex::new(Input {
        sources,
        max_len: options.max_len,
        progress,
        index: 0,
        reader: None,
    });
    let flow = Flow::default();
    let result = std::thread::scope(|scope| {
        let _closing = Closing(&flow);
        for _ in 0..threads {
            let (input, flow, order_tx) = (&input, &flow, order_tx.clone());
            std::thread::Builder::new()
                .name("read-decode".into())
                .spawn_scoped(scope, move || {
                    let mut kept = J::Kept::default();
                    while let Some((block, decoding)) = next_block(input, flow, &order_tx) {
                        decoding.finish(decode_block(job, &block, &mut kept));
                    }
                    let _ = order_tx.send(Next::Kept(kept));
                })
                .map_err(cannot_start)?;
        }
        drop(order_tx);
        let mut draining = false;
        for next in order_rx {
            match next {
                Next::Block(index, bytes, done_rx) => {
                    let (part, found) = flow
                        .results(&done_rx, &mut draining)
                        .ok_or_else(|| io::Error::other("a thread decoding records failed"))?;
                    problems.report(&names[index], &found);
                    drop(found);
                    collect(part)?;
                    flow.give(bytes);
                }
                Next::Failed(index, error) => {
                    problems.say(format_args!("cannot read {}: {error}", names[index]));
                    failed = true;
                }
                Next::Kept(kept) => keep(kept),
            }
        }
        Ok(())
    });
    problems.finish();
    result.map(|()| Outcome {
        problems: problems.count(),
        failed,
    })
}

/// The inputs being read, shared by the threads: each reads a block, takes its place in
/// the order, and decodes it while it is still in its core's cache.
struct Input<'a> {
    sources: &'a [Source],
    /// The longest record text read.
    max_len: usize,
    progress: Option<ProgressBar>,
    /// The source being read, or to open next.
    index: usize,
    reader: Option<Reader<Box<dyn Read + Send>>>,
}

impl Input<'_> {
    /// The next block of the inputs, or why an input could not be opened or read on
    /// (with the index of its source); `None` after the last.
    fn next(&mut self) -> Option<(usize, io::Result<Block>)> {
        loop {
            let index = self.index;
            let source = self.sources.get(index)?;
            let reader = match &mut self.reader {
                Some(reader) => reader,
                None => match source.open(self.progress.as_ref()) {
                    Ok(input) => self.reader.insert(Reader::new(input).max_len(self.max_len)),
                    Err(error) => {
                        self.index += 1;
                        return Some((index, Err(error)));
                    }
                },
            };
            match reader.next() {
                Some(Ok(block)) => return Some((index, Ok(block))),
                // A failure to read ends the input.
                end => {
                    self.reader = None;
                    self.index += 1;
                    if let Some(Err(error)) = end {
                        return Some((index, Err(error)));
                    }
                }
            }
        }
    }
}

/// Reads the next block under the lock, waits for room in the flow and tells the
/// collector where its results will come (failures to read go to the collector as
/// they come); `None` once the inputs have ended or the collector has stopped.
fn next_block<'f, P, K>(
    input: &Mutex<Input<'_>>,
    flow: &'f Flow,
    order_tx: &SyncSender<Next<P, K>>,
) -> Option<(Block, Decoding<'f, P>)> {
    let mut input = input.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        let next = match input.next()? {
            (index, Ok(block)) => {
                let bytes = block.bytes();
                let (done_tx, done_rx) = sync_channel(1);
                // In order: the lock is held until the block's place is taken.
                let sent =
                    flow.take(bytes) && order_tx.send(Next::Block(index, bytes, done_rx)).is_ok();
                return sent.then(|| (block, flow.decoding(bytes, done_tx)));
            }
            (index, Err(error)) => Next::Failed(index, error),
        };
        order_tx.send(next).ok()?;
    }
}

fn cannot_start(error: io::Error) -> io::Error {
    io::Error::new(error.kind(), format!("cannot start a thread: {error}"))
}

/// Decodes the records of one block with `job`, into a part of its own and what the
/// thread keeps. (Compiled a second time for x86-64-v3, it took no less time once the
/// library chose its own walk for the processor: the walk is where the vectors are.)
fn decode_block<J: Job>(job: &J, block: &Block, kept: &mut J::Kept) -> Done<J::Part> {
    let pieces = block.pieces();
    let mut part = job.part(pieces.len());
    let mut problems = Found::default();
    // The block's UTF-8 checked once: each text's check cost a call, and branch misses
    // at its start and end; a block that fails is checked text by text.
    let data = simdutf8::basic::from_utf8(block.data()).ok();
    let mut texts = Texts::of(J::TEXTS);
    for piece in pieces {
        match piece {
            Piece::Text { place, text } => {
                let checked = match data.and_then(|d| within(d, text)) {
                    Some(checked) => checked,
                    None => match record_text::utf8(text, place) {
                        Ok(checked) => checked,
                        Err(problem) => {
                            problems.push(problem);
                            continue;
                        }
                    },
                };
                // The record goes to the job as the library returns it: each conversion
                // on the way copied its 320 bytes.
                match Record::from_json_texts(checked, J::FIELDS, &mut texts) {
                    Ok(record) => {
                        job.record(&mut part, kept, text, place, record, &texts, &mut problems)
                    }
                    Err(error) => problems.push(record_text::explain(checked, place, &error)),
                }
            }
            Piece::Flaw { place, flaw } => problems.push(Problem::at(place, flaw.to_string())),
        }
    }
    (part, problems)
}

/// `part`, a slice of `data`'s bytes, as a slice of `data`.
fn within<'d>(data: &'d str, part: &[u8]) -> Option<&'d str> {
    let start = (part.as_ptr() as usize).wrapping_sub(data.as_ptr() as usize);
    data.get(start..start.checked_add(part.len())?)
}

#[cfg(test)]
mod tests {
    use primo_events::journal::Reader;

    use super::super::filter::{Filter, Matching};
    use super::*;

    /// [`decode_block`] hands the job every record, of every kind of value and escape,
    /// and reports every text that is no record (no JSON, a field of the wrong type, a
    /// duplicate, a bad escape, bad UTF-8), in blocks of any size.
    #[test]
    fn decode_block_hands_on_every_record_and_reports_every_other_text() {
        let mut journal = Vec::new();
        for line in [
            &br#"{"event":2001,"userId":"\u0438\u0432\u0430\u043d\u043e\u0432","text":"a\"b\\c\/\b\f\n\r\t"}"#[..],
            br#"{"event": 100 , "userId" : "\u00e9\u00E9\ud83d\ude00", "index": 7}"#,
            br#"{"event":2001,"userId":"ivanov","ip":5}"#,
            br#"{"event":2001,"index":1,"index":2}"#,
            br#"{"event":2001,"userId":"a\qb"}"#,
            b"{\"event\":2001,\"userId\":\"\xff\"}",
            b"{\"event\":\n 2001,\n \"userId\": \"ivanov\"}",
            br#"{"event":2001,"nested":{"a":[1,2.5,null]},"userId":"ivanov"}"#,
            b"not json",
        ] {
            journal.extend_from_slice(line);
            journal.push(b'\n');
        }
        let jobs = [
            Matching(Filter::default()),
            Matching(Filter {
                user: Some("иванов".into()),
                ..Filter::default()
            }),
        ];
        let mut read = Vec::new();
        for job in &jobs {
            let (mut out, mut problems) = (Vec::new(), 0);
            for block in Reader::new(&journal[..]).block_size(256) {
                let block = block.expect("read from memory");
                let (part, found) = decode_block(job, &block, &mut ());
                out.extend_from_slice(&part);
                problems += found.shown.len();
            }
            read.push((out.iter().filter(|&&b| b == b'\n').count(), problems));
        }
        // Four records (one of the user) and five texts that are no record, whatever
        // the job.
        assert_eq!(read, [(4, 5), (1, 5)]);
    }
}
