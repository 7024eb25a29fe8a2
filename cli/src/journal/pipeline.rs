//! Reading inputs on every core: one thread cuts them into blocks of record texts
//! ([`split`](super::split)), workers decode the records of a block each, and the calling
//! thread takes the blocks' results in input order. Every channel is bounded, so memory
//! stays flat however large the input.

use std::io;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use primo_events::journal::Record;

use super::decode;
use super::input::{Source, progress_bar};
use super::problems::{Problem, Problems};
use super::split::{Block, Item, Place, Splitter};

/// What a journal command does with each record.
pub trait Job: Sync {
    /// What it makes of one block: counts, output, columns.
    type Part: Default + Send;

    /// Takes one record, read from `text` at `place`; a problem with it (a timestamp
    /// that does not parse, say) goes to `problems`.
    fn record(
        &self,
        part: &mut Self::Part,
        text: &[u8],
        place: Place,
        record: Record<'_>,
        problems: &mut Vec<Problem>,
    );
}

/// How to read.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Threads that decode records.
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

/// The results of one block, and what was wrong in it.
type Done<P> = (P, Vec<Problem>);

/// What the reader tells the collector, in input order.
enum Next<P> {
    /// A block of input `source`, its results to come.
    Block(usize, Receiver<Done<P>>),
    /// Input `source` could not be opened or read on.
    Failed(usize, io::Error),
}

/// Reads `sources` one after the other with `job`, handing each block's part to
/// `collect` in input order. An error from `collect` (a closed pipe, a full disk) stops
/// the reading and is returned; problems of the input are reported on stderr and
/// counted.
pub fn run<J: Job>(
    job: &J,
    sources: &[Source],
    options: Options,
    mut collect: impl FnMut(J::Part) -> io::Result<()>,
) -> io::Result<Outcome> {
    let progress = options.progress.then(|| progress_bar(sources)).flatten();
    let mut problems = Problems::new(progress.clone());
    let names: Vec<String> = sources.iter().map(Source::name).collect();
    let threads = options.threads.max(1);
    let mut failed = false;
    let (work_tx, work_rx) = sync_channel::<(Block, SyncSender<Done<J::Part>>)>(threads * 2);
    let (order_tx, order_rx) = sync_channel::<Next<J::Part>>(threads * 4);
    let work_rx = Mutex::new(work_rx);
    let result = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("read".into())
            .spawn_scoped(scope, move || {
                for (index, source) in sources.iter().enumerate() {
                    let read = source.open(progress.as_ref()).and_then(|input| {
                        let mut splitter = Splitter::new(input, options.max_len);
                        while let Some(block) = splitter.next_block()? {
                            let (done_tx, done_rx) = sync_channel(1);
                            let sent = work_tx.send((block, done_tx)).is_ok()
                                && order_tx.send(Next::Block(index, done_rx)).is_ok();
                            if !sent {
                                // The collector has stopped.
                                return Err(io::ErrorKind::BrokenPipe.into());
                            }
                        }
                        Ok(())
                    });
                    if let Err(error) = read {
                        if order_tx.send(Next::Failed(index, error)).is_err() {
                            return;
                        }
                    }
                }
            })
            .expect("a thread starts");
        for _ in 0..threads {
            let work_rx = &work_rx;
            std::thread::Builder::new()
                .name("decode".into())
                .spawn_scoped(scope, move || {
                    loop {
                        let next = work_rx.lock().map(|rx| rx.recv());
                        let Ok(Ok((block, done_tx))) = next else {
                            return;
                        };
                        let _ = done_tx.send(decode_block(job, &block));
                    }
                })
                .expect("a thread starts");
        }
        for next in order_rx {
            match next {
                Next::Block(index, done_rx) => {
                    let (part, found) = done_rx.recv().expect("a worker finishes its block");
                    for problem in &found {
                        problems.report(&names[index], problem);
                    }
                    collect(part)?;
                }
                Next::Failed(index, error) => {
                    problems.say(&format!(
                        "primo-events: cannot read {}: {error}",
                        names[index]
                    ));
                    failed = true;
                }
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

/// Decodes the records of one block with `job`.
fn decode_block<J: Job>(job: &J, block: &Block) -> Done<J::Part> {
    let mut part = J::Part::default();
    let mut problems = Vec::new();
    for item in &block.items {
        match item {
            Item::Text { place, range } => {
                let text = &block.data[range.clone()];
                match decode::record(text) {
                    Ok(record) => job.record(&mut part, text, *place, record, &mut problems),
                    Err(not) => problems.push(match not.at {
                        Some(at) => Problem::within(*place, at, not.message),
                        None => Problem::at(*place, not.message),
                    }),
                }
            }
            Item::Flaw { place, flaw } => problems.push(Problem::at(*place, flaw)),
        }
    }
    (part, problems)
}
