//! The layout of the code lookup table: a shift, a mask and two loads from code to
//! index, in as few bytes as the codes allow.

/// The most static data the code table may take; a catalog whose codes are spread so
/// thinly that it would need more is refused.
pub const MAX_BYTES: usize = 8 << 20;

/// A two-level table from code to index in `ALL`: the high bits of a code choose a block,
/// the low `shift` bits an entry in it. Entries of absent codes hold `ALL.len()`.
#[derive(Debug, PartialEq, Eq)]
pub struct CodeTable {
    pub shift: u32,
    /// `code >> shift` of the smallest code.
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
        let blocks = self.entries.len() >> self.shift;
        bytes(self.block_of.len(), blocks, self.shift, self.count)
    }
}

/// Lays out the smallest two-level table for `codes` (sorted, distinct). The first level
/// is kept to at most 65,536 entries whatever the codes.
pub fn code_table(codes: &[u32]) -> CodeTable {
    let (Some(&first), Some(&last)) = (codes.first(), codes.last()) else {
        return CodeTable {
            shift: 0,
            base: 0,
            block_of: Vec::new(),
            entries: vec![0],
            count: 0,
        };
    };
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
        shift,
        base,
        block_of,
        entries,
        count: codes.len(),
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
