// The arithmetic of the lookup tables. One file, compiled twice: into the generator as
// its module `lookup` (whose docs say how the tables work), and into primo-events, whose
// build.rs writes this text (`LOOKUP_SOURCE`) next to the generated file for the library
// to include. Every position the library computes is computed by these functions, and
// so is every position the generator fills, so the two never disagree. Plain comments
// here: an included file may not open with inner docs.

/// How the code table is laid out; see the module docs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(
    dead_code,
    reason = "the generated file names the one its catalog needs"
)]
pub enum CodeLayout {
    /// One entry per code from the smallest on.
    Dense,
    /// The code's high bits pick a block, its low bits the entry in it.
    TwoLevel,
    /// A perfect hash of the codes.
    Hashed,
}

/// The index of `code` in a code table: `Some(i)` when `$codes[i] == code`. Written once
/// for the library's `const fn`s and for anything else that reads a laid-out table (the
/// tests, the benchmarks), with this module in scope as `lookup`: over the constants the
/// generated file defines, in scope under their names, `code_index!(code, CODES)`; over
/// any arrays or vectors, `code_index!(code, layout, base, shift, block_of, seed, pilots,
/// bits, index, codes)`.
///
/// One or two loads and a comparison, no search. A hashed table sends every code to some
/// entry, and entries of absent codes hold the number of codes, so the code found at the
/// index is compared with the one asked for whatever the layout.
#[allow(
    unused_macros,
    reason = "build.rs lays tables out but never reads them"
)]
macro_rules! code_index {
    ($code:expr, $codes:expr $(,)?) => {
        code_index!(
            $code,
            CODE_LAYOUT,
            CODE_BASE,
            CODE_SHIFT,
            CODE_BLOCK_OF,
            CODE_HASH_SEED,
            CODE_PILOTS,
            CODE_SLOT_BITS,
            CODE_INDEX,
            $codes
        )
    };
    (
        $code:expr, $layout:expr, $base:expr, $shift:expr, $block_of:expr, $seed:expr,
        $pilots:expr, $bits:expr, $index:expr, $codes:expr $(,)?
    ) => {{
        let code: u32 = $code;
        let entry = match $layout {
            lookup::CodeLayout::Dense => lookup::dense_entry(code, $base),
            lookup::CodeLayout::TwoLevel => {
                let high = lookup::block_entry(code, $shift, $base);
                let block = if high < $block_of.len() {
                    $block_of[high] as usize
                } else {
                    0
                };
                lookup::two_level_entry(code, $shift, block)
            }
            lookup::CodeLayout::Hashed => {
                lookup::table_slot(lookup::code_hash(code, $seed), &$pilots, $bits)
            }
        };
        if entry >= $index.len() {
            None
        } else {
            let index = $index[entry] as usize;
            if index < $codes.len() && $codes[index] == code {
                Some(index)
            } else {
                None
            }
        }
    }};
}

/// Dense layout: the entry of `code` in a table starting at code `base`. Past the
/// table's end for codes outside it, below `base` too (the subtraction wraps).
#[inline(always)]
pub const fn dense_entry(code: u32, base: u32) -> usize {
    code.wrapping_sub(base) as usize
}

/// Two-level layout: which first-level entry picks the block of `code`, whose high bits
/// `code >> shift` are counted from `base`. Past the first level for codes outside it.
#[inline(always)]
pub const fn block_entry(code: u32, shift: u32, base: u32) -> usize {
    (code >> shift).wrapping_sub(base) as usize
}

/// Two-level layout: the entry of `code` in the table, in block number `block` (block 0
/// holds no code, and codes outside the first level go there).
#[inline(always)]
pub const fn two_level_entry(code: u32, shift: u32, block: usize) -> usize {
    (block << shift) | (code & ((1 << shift) - 1)) as usize
}

/// Hashed layout: the hash of a code, spread over all 64 bits.
#[inline(always)]
pub const fn code_hash(code: u32, seed: u64) -> u64 {
    let h = ((code as u64) ^ seed).wrapping_mul(K0);
    (h ^ (h >> 29)).wrapping_mul(K1)
}

/// Sets bit 5 of every byte: ASCII upper-case letters become lower case. Other bytes
/// may merge too, which only costs a comparison; identifier characters never do.
const FOLD: u64 = 0x2020_2020_2020_2020;
const K0: u64 = 0x9e37_79b9_7f4a_7c15;
const K1: u64 = 0xc6a4_a793_5bd1_e995;
const K2: u64 = 0xff51_afd7_ed55_8ccd;
const K3: u64 = 0xc4ce_b9fe_1a85_ec53;
const K4: u64 = 0xd6e8_feb8_6659_fd93;

/// The hash of `name` with `seed`: of its first 16, middle 8 and last 16 bytes (all of a
/// name of up to 32 bytes), or of every byte when `full`. The middle word tells apart
/// long names that differ only inside, as `InferenceProcessLogicsConfigGenerationError`
/// and `InferenceProcessEngineConfigGenerationError` do.
#[inline]
pub fn hash(name: &[u8], seed: u64, full: bool) -> u64 {
    let len = name.len() as u64;
    if full {
        let mut h = seed ^ len;
        let mut chunks = name.chunks_exact(8);
        for chunk in chunks.by_ref() {
            h = (h ^ (word(chunk, 0) | FOLD))
                .wrapping_mul(K0)
                .rotate_left(26);
        }
        let h = (h ^ (tail(chunks.remainder()) | FOLD)).wrapping_mul(K1);
        return h ^ (h >> 32);
    }
    let [w0, w1, w2, w3, w4] = if name.len() >= 8 {
        // The first and last 16 bytes, all of a name of up to 32, and the middle 8, with
        // no division on the way to the loads.
        let last = name.len() - 8;
        [
            head(name),
            word(name, last.min(8)),
            word(name, last.saturating_sub(8)),
            word(name, last),
            word(name, last / 2),
        ]
    } else {
        [head(name), 0, 0, 0, 0]
    }
    .map(|word| word | FOLD);
    // Independent products, so the multiplications overlap instead of queueing. Their
    // high bits, which depend on every bit of their word, pick the bucket and the slot.
    let (a, b) = ((w0 ^ seed ^ len).wrapping_mul(K0), w1.wrapping_mul(K1));
    let (c, d) = (w2.wrapping_mul(K2), w3.wrapping_mul(K3));
    a ^ b ^ c ^ d ^ w4.wrapping_mul(K4)
}

/// A name's first 8 bytes (fewer, zero-padded, for a shorter name), as they are: the
/// table keeps each name's, so an exact lookup turns away a name that differs only in case
/// without a string comparison.
#[inline(always)]
pub fn head(name: &[u8]) -> u64 {
    if name.len() >= 8 {
        word(name, 0)
    } else {
        tail(name)
    }
}

/// The 8 bytes at `at`; the caller guarantees they exist.
#[inline(always)]
fn word(bytes: &[u8], at: usize) -> u64 {
    match bytes[at..].first_chunk::<8>() {
        Some(chunk) => u64::from_le_bytes(*chunk),
        None => 0,
    }
}

/// Up to 7 bytes, each one counted.
#[inline(always)]
fn tail(bytes: &[u8]) -> u64 {
    let mut word = [0; 8];
    word[..bytes.len()].copy_from_slice(bytes);
    u64::from_le_bytes(word)
}

/// The bucket of a hash among `buckets`, a power of two: its high bits.
#[inline(always)]
pub const fn bucket(h: u64, buckets: usize) -> usize {
    // A shift, not a product: this sits on every lookup's critical path.
    (h >> 1 >> (63 - buckets.trailing_zeros())) as usize
}

/// 32 bits of a hash, kept in each slot to reject most misses without comparing strings.
#[inline(always)]
pub const fn fingerprint(h: u64) -> u32 {
    h as u32
}

/// The slot of a hash in a one-bucket table of `1 << bits` slots: its high bits, which
/// the hash's products already mix well.
#[inline(always)]
pub const fn direct_slot(h: u64, bits: u32) -> usize {
    // bits is at least 1, so the shift stays below 64.
    (h >> (64 - bits)) as usize
}

/// The slot of a hash in a perfect-hash table of `1 << bits` slots with these pilot
/// values, one per bucket: a one-bucket table (`[0]`) takes the hash's high bits, a
/// larger one perturbs the hash by its bucket's pilot.
#[inline(always)]
pub const fn table_slot(h: u64, pilots: &[u64], bits: u32) -> usize {
    if pilots.len() == 1 {
        direct_slot(h, bits)
    } else {
        slot(h, pilots[bucket(h, pilots.len())], bits)
    }
}

/// The slot of a hash, perturbed by its bucket's pilot value, in a table of `1 << bits`
/// slots.
#[inline(always)]
pub const fn slot(h: u64, pilot_value: u64, bits: u32) -> usize {
    let mixed = (h ^ pilot_value).wrapping_mul(K2);
    // bits is at least 1, so the shift stays below 64.
    (mixed >> (64 - bits)) as usize
}
