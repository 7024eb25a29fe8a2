//! The layouts of the lookup tables, chosen at build time: from code to event (two-level
//! table) and from name to event (perfect hash).

use super::name_hash;

/// The most static data the code table may take; a catalog whose codes are spread so
/// thinly that it would need more is refused.
pub const MAX_BYTES: usize = 8 << 20;

/// The largest dense table (one entry per code between the smallest and the largest)
/// worth its size: it fits in L2, and one load beats two by 1.3–1.9× (benches/).
pub const MAX_DENSE_BYTES: usize = 64 << 10;

/// A table from code to index in `ALL`. Dense: one entry per code from `base` on. Else
/// two-level: the high bits of a code choose a block, the low `shift` bits an entry in it.
/// Entries of absent codes hold `ALL.len()`.
#[derive(Debug, PartialEq, Eq)]
pub struct CodeTable {
    pub dense: bool,
    pub shift: u32,
    /// `code >> shift` of the smallest code (the smallest code itself when dense).
    pub base: u32,
    /// Block number of each `(code >> shift) - base`; block 0 is empty.
    pub block_of: Vec<usize>,
    /// All blocks, one after another, each `1 << shift` entries.
    pub entries: Vec<usize>,
    /// The number of codes, which marks absent ones.
    pub count: usize,
}

impl CodeTable {
    /// Bytes of static data the generated table takes.
    pub fn bytes(&self) -> usize {
        if self.dense {
            return self.entries.len() * uint_bytes(self.count);
        }
        let blocks = self.entries.len() >> self.shift;
        bytes(self.block_of.len(), blocks, self.shift, self.count)
    }
}

/// Lays out the table for `codes` (sorted, distinct): dense when that fits in
/// [`MAX_DENSE_BYTES`], else the smallest two-level table, whose first level is kept to at
/// most 65,536 entries whatever the codes.
pub fn code_table(codes: &[u32]) -> CodeTable {
    let (Some(&first), Some(&last)) = (codes.first(), codes.last()) else {
        return CodeTable {
            dense: true,
            shift: 0,
            base: 0,
            block_of: Vec::new(),
            entries: vec![0],
            count: 0,
        };
    };
    let span = (last - first) as usize + 1;
    if span * uint_bytes(codes.len()) <= MAX_DENSE_BYTES {
        let mut entries = vec![codes.len(); span];
        for (index, code) in codes.iter().enumerate() {
            entries[(code - first) as usize] = index;
        }
        return CodeTable {
            dense: true,
            shift: 0,
            base: first,
            block_of: Vec::new(),
            entries,
            count: codes.len(),
        };
    }
    let size = |shift: u32| {
        let first_level = ((last >> shift) - (first >> shift)) as usize + 1;
        let mut blocks = 1;
        let mut previous = None;
        for high in codes.iter().map(|code| code >> shift) {
            blocks += usize::from(previous != Some(high));
            previous = Some(high);
        }
        bytes(first_level, blocks, shift, codes.len())
    };
    let shift = (0..=16)
        .filter(|&shift| (last >> shift) - (first >> shift) < 1 << 16)
        .min_by_key(|&shift| size(shift))
        .unwrap_or(16);
    let base = first >> shift;
    let mask = (1 << shift) - 1;
    let mut block_of = vec![0; ((last >> shift) - base) as usize + 1];
    let mut entries = vec![codes.len(); 1 << shift];
    for (index, code) in codes.iter().enumerate() {
        let slot = &mut block_of[((code >> shift) - base) as usize];
        if *slot == 0 {
            *slot = entries.len() >> shift;
            entries.resize(entries.len() + (1 << shift), codes.len());
        }
        entries[(*slot << shift) | (code & mask) as usize] = index;
    }
    CodeTable {
        dense: false,
        shift,
        base,
        block_of,
        entries,
        count: codes.len(),
    }
}

/// A perfect hash of the catalog's names (aliases included): every name has a slot of
/// its own, found from its hash and its bucket's pilot (see `src/name_hash.rs`). A small
/// catalog gets one bucket (`pilots` is `[0]`, and the slot is the hash's high bits) and
/// a sparse table, so that most misses land on an empty slot and end after one load.
#[derive(Debug, PartialEq, Eq)]
pub struct NameTable {
    pub seed: u64,
    /// Whether the hash reads every byte rather than four sampled words.
    pub full: bool,
    /// The table has `1 << bits` slots.
    pub bits: u32,
    /// Each bucket's pilot value (see `pilot_value`).
    pub pilots: Vec<u64>,
    /// Which name (index into the names given) is in each slot, with its hash.
    pub slots: Vec<Option<(usize, u64)>>,
}

/// The value a bucket's pilot `p` is stored as: spread over all 64 bits, so that small
/// pilots move a hash far, and premultiplied, to keep that off the lookup's path.
fn pilot_value(p: u64) -> u64 {
    p.wrapping_mul(0xc6a4_a793_5bd1_e995)
}

/// The most pilots tried for a bucket before the table grows.
const MAX_PILOT: u64 = u16::MAX as u64;

/// The most bytes the slot index of a one-bucket table may take: it stays in L1.
pub const MAX_DIRECT_BYTES: usize = 32 << 10;

/// Lays out a perfect hash table for `names`, which must be distinct ignoring ASCII case:
/// one bucket if a seed spreads the names over at most [`MAX_DIRECT_BYTES`] of slots,
/// else buckets and pilots. `None` only if no tried hash tells the names apart.
pub fn name_table(names: &[&str]) -> Option<NameTable> {
    let hashes = |seed, full| -> Vec<u64> {
        names
            .iter()
            .map(|name| name_hash::hash(name.as_bytes(), seed, full))
            .collect()
    };
    // At most half full, so that most misses find an empty slot.
    let fewest_bits = (2 * names.len()).next_power_of_two().trailing_zeros();
    let most_bits = (MAX_DIRECT_BYTES / uint_bytes(names.len())).trailing_zeros();
    for full in [false, true] {
        for bits in fewest_bits..=most_bits {
            for seed in 0..1024 {
                let hashes = hashes(seed, full);
                let mut slots = vec![None; 1 << bits];
                let placed = hashes.iter().enumerate().all(|(key, &h)| {
                    let slot = &mut slots[name_hash::direct_slot(h, bits)];
                    slot.replace((key, h)).is_none()
                });
                if placed {
                    let pilots = vec![0];
                    return Some(NameTable {
                        seed,
                        full,
                        bits,
                        pilots,
                        slots,
                    });
                }
            }
        }
    }
    let sampled = (0..4).map(|seed| (seed, false));
    let full = (0..16).map(|seed| (seed, true));
    sampled.chain(full).find_map(|(seed, full)| {
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
fn place(hashes: &[u64], seed: u64, full: bool) -> NameTable {
    let buckets = hashes.len().div_ceil(3).next_power_of_two();
    let mut members: Vec<Vec<u64>> = vec![Vec::new(); buckets];
    for &h in hashes {
        members[name_hash::bucket(h, buckets)].push(h);
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
                let mut taken: Vec<usize> = keys
                    .iter()
                    .map(|&h| name_hash::slot(h, pilot_value(pilot), bits))
                    .collect();
                taken.sort_unstable();
                taken.windows(2).all(|w| w[0] != w[1]) && taken.iter().all(|&s| slots[s].is_none())
            });
            let Some(pilot) = found else {
                bits += 1;
                continue 'grow;
            };
            pilots[b] = pilot_value(pilot);
            for &h in keys {
                slots[name_hash::slot(h, pilots[b], bits)] = Some((key_of[&h], h));
            }
        }
        return NameTable {
            seed,
            full,
            bits,
            pilots,
            slots,
        };
    }
}

fn bytes(first_level: usize, blocks: usize, shift: u32, count: usize) -> usize {
    first_level * uint_bytes(blocks - 1) + (blocks << shift) * uint_bytes(count)
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
