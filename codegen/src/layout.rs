//! The layout stage: every number the lookups need, chosen at build time from the checked
//! catalog. The code table maps a code to its event's index in `Event::ALL`; the name
//! table is a perfect hash of every name, aliases included. Positions are computed with
//! the functions of [`lookup`], which the library's lookups call too.

use crate::catalog::Checked;
use crate::lookup::{self, CodeLayout};

/// The largest dense code table worth its size: it fits in L2, and one load beats two
/// by 1.3–1.9× (benches/).
pub const MAX_DENSE_BYTES: usize = 64 << 10;

/// The largest two-level code table; codes spread more thinly get a hashed table, which
/// takes a few bytes per code wherever the codes lie.
pub const MAX_TWO_LEVEL_BYTES: usize = 256 << 10;

/// The most bytes the slots of a one-bucket name table may take: it stays in L1.
pub const MAX_DIRECT_BYTES: usize = 32 << 10;

/// The tables of a checked catalog.
#[derive(Debug, PartialEq, Eq)]
pub struct Layout {
    /// From code to event.
    pub codes: CodeTable,
    /// From name to event.
    pub names: NameTable,
}

/// From code to index in `ALL`; entries of absent codes hold `count`.
#[derive(Debug, PartialEq, Eq)]
pub struct CodeTable {
    /// Which of the three layouts the fields describe.
    pub layout: CodeLayout,
    /// Dense: the smallest code. Two-level: the smallest code's high bits.
    pub base: u32,
    /// Two-level: how many low bits of a code pick the entry in its block.
    pub shift: u32,
    /// Two-level: the block of each `(code >> shift) - base`; block 0 holds no code.
    pub block_of: Vec<usize>,
    /// Hashed: the perfect hash of the codes.
    pub hash: PerfectHash,
    /// Dense: one per code from `base` on. Two-level: every block, one after another,
    /// each `1 << shift` entries. Hashed: one per slot.
    pub entries: Vec<usize>,
    /// The number of codes, which marks absent ones.
    pub count: usize,
}

/// A perfect hash: every key has a slot of its own, found from its hash and its bucket's
/// pilot with `lookup::table_slot`. A small key set gets one bucket (`pilots` is `[0]`)
/// and a sparse table, so that most misses land on an empty slot and end after one load.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PerfectHash {
    /// The seed of the hash that tells every key apart.
    pub seed: u64,
    /// Names: whether the hash reads every byte rather than sampled words.
    pub full: bool,
    /// The table has `1 << bits` slots.
    pub bits: u32,
    /// Each bucket's pilot value (see `pilot_value`).
    pub pilots: Vec<u64>,
    /// Which key (index into the keys given) is in each slot, with its hash.
    pub slots: Vec<Option<(usize, u64)>>,
}

/// The perfect hash of every name, and what each name's entry keeps.
#[derive(Debug, PartialEq, Eq)]
pub struct NameTable {
    /// The slots of the names, aliases included.
    pub hash: PerfectHash,
    /// In the order of `Checked::name_keys`.
    pub keys: Vec<NameKey>,
}

/// A name's entry: what turns away most misses before a string comparison, and its event.
#[derive(Debug, PartialEq, Eq)]
pub struct NameKey {
    /// The name, as the catalog writes it.
    pub name: String,
    /// `lookup::fingerprint` of the name's hash.
    pub fingerprint: u32,
    /// The index in `ALL` of the event the name stands for.
    pub index: usize,
    /// `lookup::head` of the name.
    pub head: u64,
}

/// Lays out both tables. `None` only if no tried hash tells the names apart, which
/// would be a bug: names are distinct ignoring ASCII case.
pub fn layout(catalog: &Checked) -> Option<Layout> {
    let codes: Vec<u32> = catalog.variants.iter().map(|v| v.code).collect();
    let keys = catalog.name_keys();
    let names: Vec<&str> = keys.iter().map(|(name, _)| *name).collect();
    let hash = perfect_hash(
        names.len(),
        uint_bytes(names.len()),
        &[false, true],
        |seed, full| {
            names
                .iter()
                .map(|name| lookup::hash(name.as_bytes(), seed, full))
                .collect()
        },
    )?;
    let mut fingerprints = vec![0; keys.len()];
    for (key, h) in hash.slots.iter().flatten() {
        fingerprints[*key] = lookup::fingerprint(*h);
    }
    let keys = keys
        .iter()
        .zip(fingerprints)
        .map(|(&(name, code), fingerprint)| {
            Some(NameKey {
                name: name.to_owned(),
                fingerprint,
                index: codes.binary_search(&code).ok()?,
                head: lookup::head(name.as_bytes()),
            })
        })
        .collect::<Option<_>>()?;
    Some(Layout {
        codes: code_table(&codes)?,
        names: NameTable { hash, keys },
    })
}

#[cfg(test)]
impl CodeTable {
    /// The index in `codes` (the codes the table was laid out for) of `code`, found as
    /// the library finds it, by the same arithmetic: for tests of a layout.
    pub fn index_of(&self, codes: &[u32], code: u32) -> Option<usize> {
        code_index!(
            code,
            self.layout,
            self.base,
            self.shift,
            self.block_of,
            self.hash.seed,
            self.hash.pilots,
            self.hash.bits,
            self.entries,
            codes
        )
    }
}

/// Lays out the table for `codes` (sorted, distinct): dense when that fits in
/// [`MAX_DENSE_BYTES`], else the smallest two-level table if it fits in
/// [`MAX_TWO_LEVEL_BYTES`], else a perfect hash of the codes.
pub fn code_table(codes: &[u32]) -> Option<CodeTable> {
    let count = codes.len();
    let empty = CodeTable {
        layout: CodeLayout::Dense,
        base: 0,
        shift: 0,
        block_of: Vec::new(),
        hash: PerfectHash::default(),
        entries: Vec::new(),
        count,
    };
    let (Some(&first), Some(&last)) = (codes.first(), codes.last()) else {
        return Some(empty);
    };
    let span = (last - first) as usize + 1;
    if span.saturating_mul(uint_bytes(count)) <= MAX_DENSE_BYTES {
        let mut entries = vec![count; span];
        for (index, &code) in codes.iter().enumerate() {
            entries[lookup::dense_entry(code, first)] = index;
        }
        return Some(CodeTable {
            base: first,
            entries,
            ..empty
        });
    }
    // The size of each two-level table, counted before any is built: the widest are
    // megabytes.
    let two_level_bytes = |shift: u32| {
        let first_level = lookup::block_entry(last, shift, first >> shift) + 1;
        let mut blocks = 1;
        let mut previous = None;
        for high in codes.iter().map(|code| code >> shift) {
            blocks += usize::from(previous != Some(high));
            previous = Some(high);
        }
        first_level * uint_bytes(blocks - 1) + (blocks << shift) * uint_bytes(count)
    };
    let best = (0..=16)
        .filter(|&shift| (last >> shift) - (first >> shift) < 1 << 16)
        .min_by_key(|&shift| two_level_bytes(shift))
        .filter(|&shift| two_level_bytes(shift) <= MAX_TWO_LEVEL_BYTES);
    if let Some(shift) = best {
        return Some(two_level(codes, shift));
    }
    let hash = perfect_hash(count, uint_bytes(count), &[false], |seed, _| {
        codes
            .iter()
            .map(|&code| lookup::code_hash(code, seed))
            .collect()
    })?;
    let entries = hash
        .slots
        .iter()
        .map(|slot| slot.map_or(count, |(index, _)| index))
        .collect();
    Some(CodeTable {
        layout: CodeLayout::Hashed,
        hash,
        entries,
        ..empty
    })
}

/// The two-level table whose blocks hold `1 << shift` codes.
fn two_level(codes: &[u32], shift: u32) -> CodeTable {
    let (first, last, count) = (codes[0], codes[codes.len() - 1], codes.len());
    let base = first >> shift;
    let mut block_of = vec![0; lookup::block_entry(last, shift, base) + 1];
    let mut entries = vec![count; 1 << shift];
    for (index, &code) in codes.iter().enumerate() {
        let block = &mut block_of[lookup::block_entry(code, shift, base)];
        if *block == 0 {
            *block = entries.len() >> shift;
            entries.resize(entries.len() + (1 << shift), count);
        }
        entries[lookup::two_level_entry(code, shift, *block)] = index;
    }
    CodeTable {
        layout: CodeLayout::TwoLevel,
        base,
        shift,
        block_of,
        hash: PerfectHash::default(),
        entries,
        count,
    }
}

/// The value a bucket's pilot `p` is stored as: spread over all 64 bits, so that small
/// pilots move a hash far, and premultiplied, to keep that off the lookup's path.
fn pilot_value(p: u64) -> u64 {
    p.wrapping_mul(0xc6a4_a793_5bd1_e995)
}

/// The most pilots tried for a bucket before the table grows.
const MAX_PILOT: u64 = u16::MAX as u64;

/// Hashes computed, at most, in search of a one-bucket table: the more keys, the fewer
/// seeds are tried (build scripts run unoptimised).
const DIRECT_HASHES: usize = 1 << 18;

/// Lays out a perfect hash of `count` keys, whose hashes with a seed (and, for names,
/// whether to read every byte) `hashes` gives; slot indices take `index_bytes` each.
/// One bucket if a seed spreads the keys over at most [`MAX_DIRECT_BYTES`] of slots, at
/// most half full, else buckets and pilots. `None` only if no tried seed tells the keys
/// apart.
fn perfect_hash(
    count: usize,
    index_bytes: usize,
    fulls: &[bool],
    hashes: impl Fn(u64, bool) -> Vec<u64>,
) -> Option<PerfectHash> {
    let fewest_bits = (2 * count).max(2).next_power_of_two().trailing_zeros();
    let most_bits = (MAX_DIRECT_BYTES / index_bytes).trailing_zeros();
    let seeds = (DIRECT_HASHES / count.max(1)).clamp(32, 1024) as u64;
    for &full in fulls {
        let seeds: Vec<Vec<u64>> = if fewest_bits <= most_bits {
            (0..seeds).map(|seed| hashes(seed, full)).collect()
        } else {
            Vec::new()
        };
        for bits in fewest_bits..=most_bits {
            for (seed, hashes) in (0..).zip(&seeds) {
                let mut slots = vec![None; 1 << bits];
                let placed = hashes.iter().enumerate().all(|(key, &h)| {
                    let slot = &mut slots[lookup::table_slot(h, &[0], bits)];
                    slot.replace((key, h)).is_none()
                });
                if placed {
                    return Some(PerfectHash {
                        seed,
                        full,
                        bits,
                        pilots: vec![0],
                        slots,
                    });
                }
            }
        }
    }
    let tries = fulls
        .iter()
        .flat_map(|&full| (0..if full { 16 } else { 4 }).map(move |seed| (seed, full)));
    tries.into_iter().find_map(|(seed, full)| {
        let hashes = hashes(seed, full);
        let mut distinct = hashes.clone();
        distinct.sort_unstable();
        distinct.dedup();
        (distinct.len() == hashes.len()).then(|| place(&hashes, seed, full))
    })
}

/// Gives each hash a slot: the largest buckets first, each with the first pilot that
/// puts all its keys in free slots. At a load factor of at most 0.8 and at most three keys
/// per bucket on average, small pilots suffice; the table doubles if one does not.
fn place(hashes: &[u64], seed: u64, full: bool) -> PerfectHash {
    let buckets = hashes.len().div_ceil(3).next_power_of_two().max(2);
    let mut members: Vec<Vec<u64>> = vec![Vec::new(); buckets];
    for &h in hashes {
        members[lookup::bucket(h, buckets)].push(h);
    }
    let mut order: Vec<usize> = (0..buckets).collect();
    order.sort_by_key(|&b| std::cmp::Reverse(members[b].len()));
    let key_of: std::collections::BTreeMap<u64, usize> =
        hashes.iter().enumerate().map(|(i, &h)| (h, i)).collect();

    let mut bits = (hashes.len() * 5 / 4)
        .max(2)
        .next_power_of_two()
        .trailing_zeros();
    'grow: loop {
        let mut slots = vec![None; 1 << bits];
        let mut pilots = vec![0; buckets];
        for &b in &order {
            let keys = &members[b];
            let found = (0..=MAX_PILOT).find(|&pilot| {
                pilots[b] = pilot_value(pilot);
                let mut taken: Vec<usize> = keys
                    .iter()
                    .map(|&h| lookup::table_slot(h, &pilots, bits))
                    .collect();
                taken.sort_unstable();
                taken.windows(2).all(|w| w[0] != w[1]) && taken.iter().all(|&s| slots[s].is_none())
            });
            if found.is_none() {
                bits += 1;
                continue 'grow;
            }
            for &h in keys {
                slots[lookup::table_slot(h, &pilots, bits)] = Some((key_of[&h], h));
            }
        }
        return PerfectHash {
            seed,
            full,
            bits,
            pilots,
            slots,
        };
    }
}

/// Bytes of the smallest unsigned integer type that holds `max`.
pub fn uint_bytes(max: usize) -> usize {
    if max <= u8::MAX.into() {
        1
    } else if max <= u16::MAX.into() {
        2
    } else {
        4
    }
}
