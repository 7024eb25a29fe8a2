//! from_code and from_name against the peers a user would pick instead, on shuffled
//! streams of hits, misses and a 90/10 mix, all built from events.md.
//!
//! ```text
//! cargo bench --manifest-path benches/Cargo.toml
//! python3 benches/ratios.py    # peer / ours, from criterion's medians
//! ```

use std::collections::HashMap;
use std::hint::black_box;
use std::str::FromStr;

use criterion::{
    BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main, measurement::WallTime,
};
use primo_events::Event;
use rustc_hash::FxHashMap;

mod peers {
    include!(concat!(env!("OUT_DIR"), "/peers.rs"));
}
use peers::{KEYS, NumEnumEvent, PHF_BY_CODE, PHF_BY_NAME, StrumEvent, match_code, match_name};

/// The shipped events with codes strewn over all of u32 (build.rs), generated and read as
/// primo-events generates and reads its own: the hashed code table.
#[allow(dead_code, reason = "only the code table is read")]
mod sparse {
    #[macro_use]
    mod lookup {
        include!(concat!(env!("OUT_DIR"), "/lookup.rs"));
    }
    mod generated {
        include!(concat!(env!("OUT_DIR"), "/sparse_events.rs"));
    }
    use generated::*;

    /// The multiplier build.rs scrambled the codes with.
    pub fn scramble() -> u32 {
        env!("PRIMO_BENCH_SCRAMBLE").parse().expect("a u32")
    }

    /// Whether the generator chose the hashed layout for these codes.
    pub const HASHED: bool = matches!(CODE_LAYOUT, lookup::CodeLayout::Hashed);

    /// The index of `code` among the scrambled codes, sorted: the library's `from_code`
    /// less its final load.
    #[inline]
    pub fn index_of(code: u32) -> Option<usize> {
        code_index!(code, CODES)
    }
}

/// Queries per stream: every key many times over, shuffled, so no branch predictor
/// learns the order.
const STREAM: usize = 4096;

/// A small deterministic generator (xorshift64*): the same streams on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// `STREAM` items drawn `hit_percent`% from `hits` and the rest from `misses`, shuffled.
fn stream<T: Clone>(rng: &mut Rng, hits: &[T], misses: &[T], hit_percent: usize) -> Vec<T> {
    let mut items: Vec<T> = (0..STREAM)
        .map(|i| {
            if i * 100 < STREAM * hit_percent {
                hits[i % hits.len()].clone()
            } else {
                misses[i % misses.len()].clone()
            }
        })
        .collect();
    rng.shuffle(&mut items);
    items
}

/// Codes absent from the catalog: inside its range (the hard case for a table) and beyond.
fn missing_codes(rng: &mut Rng) -> Vec<u32> {
    let (first, last) = (Event::ALL[0].code(), Event::ALL[Event::COUNT - 1].code());
    let mut misses = Vec::new();
    while misses.len() < 1024 {
        let code = if misses.len() % 8 == 0 {
            rng.next() as u32
        } else {
            first + rng.below((last - first) as usize) as u32
        };
        if Event::from_code(code).is_none() {
            misses.push(code);
        }
    }
    misses
}

/// Names absent from the catalog: near misses of real names (one letter changed,
/// one dropped, one added, case changed) and unrelated words.
fn missing_names(rng: &mut Rng) -> Vec<String> {
    let mut misses = Vec::new();
    for (i, (name, _)) in KEYS.iter().enumerate() {
        let mut near = name.to_string();
        match i % 4 {
            0 => near.push('X'),
            1 => {
                near.pop();
            }
            2 => near = near.to_lowercase(),
            _ => {
                let at = rng.below(near.len());
                near.replace_range(at..=at, if &near[at..=at] == "q" { "z" } else { "q" });
            }
        }
        misses.push(near);
        let len = 4 + rng.below(40);
        misses.push(
            (0..len)
                .map(|_| (b'a' + rng.below(26) as u8) as char)
                .collect(),
        );
    }
    misses.retain(|name| Event::from_name(name).is_none());
    misses
}

fn run<T, R>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    id: &str,
    queries: &[T],
    lookup: impl Fn(&T) -> Option<R>,
) {
    group.bench_function(id, |b| {
        b.iter(|| {
            let mut found = 0usize;
            for query in queries {
                found += usize::from(black_box(lookup(black_box(query))).is_some());
            }
            found
        })
    });
}

fn from_code(c: &mut Criterion) {
    let mut rng = Rng(0x5eed);
    let hits: Vec<u32> = Event::ALL.iter().map(|e| e.code()).collect();
    let misses = missing_codes(&mut rng);
    let std_map: HashMap<u32, Event> = Event::ALL.iter().map(|&e| (e.code(), e)).collect();
    let fx_map: FxHashMap<u32, Event> = Event::ALL.iter().map(|&e| (e.code(), e)).collect();
    for (stream_name, hit_percent) in [("hits", 100), ("misses", 0), ("mix", 90)] {
        let queries = stream(&mut rng, &hits, &misses, hit_percent);
        let mut group = c.benchmark_group(format!("from_code/{stream_name}"));
        group.throughput(Throughput::Elements(queries.len() as u64));
        run(&mut group, "ours", &queries, |&code| Event::from_code(code));
        run(&mut group, "match", &queries, |&code| match_code(code));
        run(&mut group, "num_enum", &queries, |&code| {
            NumEnumEvent::try_from(code).ok()
        });
        run(&mut group, "strum", &queries, |&code| {
            StrumEvent::from_repr(code)
        });
        run(&mut group, "phf", &queries, |code| {
            PHF_BY_CODE.get(code).copied()
        });
        run(&mut group, "HashMap", &queries, |code| {
            std_map.get(code).copied()
        });
        run(&mut group, "FxHashMap", &queries, |code| {
            fx_map.get(code).copied()
        });
        group.finish();
    }
}

/// A catalog whose codes are strewn over all of u32 (the shipped events, codes
/// scrambled by an odd multiplier, a bijection): the hashed code table the generator lays
/// out for it, read by the library's own arithmetic, against the hash maps that suit
/// such codes.
fn from_code_sparse(c: &mut Criterion) {
    const { assert!(sparse::HASHED, "the scrambled codes get the hashed layout") };
    let mut scrambled: Vec<(u32, Event)> = Event::ALL
        .iter()
        .map(|&event| (event.code().wrapping_mul(sparse::scramble()), event))
        .collect();
    scrambled.sort_unstable();
    let (codes, events): (Vec<u32>, Vec<Event>) = scrambled.into_iter().unzip();
    let mut rng = Rng(0x5a5e);
    let hits = codes.clone();
    let misses: Vec<u32> = std::iter::repeat_with(|| rng.next() as u32)
        .filter(|code| codes.binary_search(code).is_err())
        .take(1024)
        .collect();
    let ours = |code: u32| sparse::index_of(code).map(|i| events[i]);
    let pairs = || codes.iter().copied().zip(events.iter().copied());
    let std_map: HashMap<u32, Event> = pairs().collect();
    let fx_map: FxHashMap<u32, Event> = pairs().collect();
    for (stream_name, hit_percent) in [("hits", 100), ("misses", 0), ("mix", 90)] {
        let queries = stream(&mut rng, &hits, &misses, hit_percent);
        let mut group = c.benchmark_group(format!("from_code_sparse/{stream_name}"));
        group.throughput(Throughput::Elements(queries.len() as u64));
        run(&mut group, "ours", &queries, |&code| ours(code));
        run(&mut group, "HashMap", &queries, |code| {
            std_map.get(code).copied()
        });
        run(&mut group, "FxHashMap", &queries, |code| {
            fx_map.get(code).copied()
        });
        group.finish();
    }
}

fn from_name(c: &mut Criterion) {
    let mut rng = Rng(0xca5e);
    let hits: Vec<String> = KEYS.iter().map(|(name, _)| name.to_string()).collect();
    let misses = missing_names(&mut rng);
    let event = |code: u32| Event::from_code(code).expect("a catalog code");
    let std_map: HashMap<&str, Event> = KEYS.iter().map(|&(n, c)| (n, event(c))).collect();
    let fx_map: FxHashMap<&str, Event> = KEYS.iter().map(|&(n, c)| (n, event(c))).collect();
    let fx_lower: FxHashMap<String, Event> = KEYS
        .iter()
        .map(|&(n, c)| (n.to_ascii_lowercase(), event(c)))
        .collect();
    for (stream_name, hit_percent) in [("hits", 100), ("misses", 0), ("mix", 90)] {
        let queries = stream(&mut rng, &hits, &misses, hit_percent);
        let mut group = c.benchmark_group(format!("from_name/{stream_name}"));
        group.throughput(Throughput::Elements(queries.len() as u64));
        run(&mut group, "ours", &queries, |name| Event::from_name(name));
        run(&mut group, "match", &queries, |name| match_name(name));
        run(&mut group, "strum", &queries, |name| {
            StrumEvent::from_str(name).ok()
        });
        run(&mut group, "phf", &queries, |name| {
            PHF_BY_NAME.get(name.as_str()).copied()
        });
        run(&mut group, "HashMap", &queries, |name| {
            std_map.get(name.as_str()).copied()
        });
        run(&mut group, "FxHashMap", &queries, |name| {
            fx_map.get(name.as_str()).copied()
        });
        group.finish();

        let queries: Vec<String> = queries
            .iter()
            .enumerate()
            .map(|(i, q)| {
                if i % 2 == 0 {
                    q.to_ascii_uppercase()
                } else {
                    q.to_ascii_lowercase()
                }
            })
            .collect();
        let mut group = c.benchmark_group(format!("from_name_ignore_ascii_case/{stream_name}"));
        group.throughput(Throughput::Elements(queries.len() as u64));
        run(&mut group, "ours", &queries, |name| {
            Event::from_name_ignore_ascii_case(name)
        });
        run(&mut group, "FxHashMap", &queries, |name| {
            fx_lower.get(&name.to_ascii_lowercase()).copied()
        });
        group.finish();
    }
}

criterion_group!(benches, from_code, from_code_sparse, from_name);
criterion_main!(benches);
