//! Reading a journal export of 1,000,000 records (examples/synth.rs's), in one run: the
//! borrowing `Record` (by serde_json, and by `Record::from_json`'s fast path), the owned one, the JSON-lines reader (which yields owned records),
//! the naive way (`serde_json::Value`, then picking fields), and the floor, serde_json
//! skipping each record (`IgnoredAny`).
//!
//! ```text
//! cargo bench --manifest-path benches/Cargo.toml --bench journal
//! python3 benches/ratios.py
//! ```

#[path = "../../examples/synth/journal.rs"]
mod synth;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use primo_events::EventCode;
use primo_events::journal::{Classification, Record, json_lines};
use serde::de::IgnoredAny;
use serde_json::Value;

const RECORDS: usize = 1_000_000;

/// The fields a consumer picks out of a `Value`, as it would without the crate.
struct Picked<'v> {
    event: EventCode,
    user: Option<&'v str>,
    created: Option<&'v str>,
    class: Option<Classification>,
}

fn lines(journal: &str) -> impl Iterator<Item = &str> {
    journal.lines().filter(|line| !line.is_empty())
}

fn read(c: &mut Criterion) {
    let journal = synth::journal(RECORDS);
    let mut group = c.benchmark_group("journal");
    group.sample_size(10);
    group.throughput(Throughput::Elements(RECORDS as u64));
    group.bench_function("ours", |b| {
        b.iter(|| {
            lines(&journal)
                .map(|line| serde_json::from_str::<Record<'_>>(line).unwrap())
                .filter(|record| black_box(record).event.get() != 0)
                .count()
        })
    });
    group.bench_function("from_json", |b| {
        b.iter(|| {
            lines(&journal)
                .map(|line| Record::from_json(line).unwrap())
                .filter(|record| black_box(record).event.get() != 0)
                .count()
        })
    });
    group.bench_function("owned", |b| {
        b.iter(|| {
            lines(&journal)
                .map(|line| {
                    serde_json::from_str::<Record<'_>>(line)
                        .unwrap()
                        .into_owned()
                })
                .filter(|record| black_box(record).event.get() != 0)
                .count()
        })
    });
    group.bench_function("json_lines", |b| {
        b.iter(|| {
            json_lines(journal.as_bytes())
                .map(Result::unwrap)
                .filter(|record| black_box(record).event.get() != 0)
                .count()
        })
    });
    group.bench_function("Value", |b| {
        b.iter(|| {
            lines(&journal)
                .map(|line| serde_json::from_str::<Value>(line).unwrap())
                .filter(|value| {
                    let picked = Picked {
                        event: EventCode::new(value["event"].as_u64().unwrap() as u32),
                        user: value["userId"].as_str(),
                        created: value["createdAt"].as_str(),
                        class: value["classifiedEvent"]
                            .as_u64()
                            .map(|n| Classification::from_number(n as u32)),
                    };
                    black_box(&picked).event.get() != 0
                        && black_box((picked.user, picked.created, picked.class))
                            .0
                            .is_some()
                })
                .count()
        })
    });
    group.bench_function("IgnoredAny", |b| {
        b.iter(|| {
            lines(&journal)
                .map(|line| serde_json::from_str::<IgnoredAny>(line).unwrap())
                .filter(|skipped| black_box(skipped) == &IgnoredAny)
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, read);
criterion_main!(benches);
