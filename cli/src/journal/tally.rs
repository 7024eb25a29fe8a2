//! Records counted per text (a user, a day): every text kept once, end to end in one
//! buffer, and found through a table of where each is. A string for each text, as a
//! map of them held, cost a journal by thousands of users an allocation for each of
//! them in each block and a free in another thread: stats took a third longer than
//! with six users.

use std::collections::BTreeMap;
use std::hash::BuildHasher;
use std::sync::LazyLock;

use hashbrown::HashTable;
use primo_events::journal::JsonText;

/// The hasher of every tally: texts come from the input, so their hashes have a seed of
/// the process's own (keys built to collide cost what any others do); one for all, so
/// that a tally's hashes serve again where tallies are added up.
static HASHER: LazyLock<foldhash::fast::RandomState> = LazyLock::new(Default::default);

fn hash(text: &str) -> u64 {
    HASHER.hash_one(text)
}

/// Records per text, and those without one.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    /// Per text.
    plain: Keys,
    /// Texts written with escapes, by the text as written: each decoded once, when it
    /// is first met; [`Tally::add`] counts them with the others.
    escaped: Keys,
    /// Records without one.
    pub none: u64,
}

impl Tally {
    /// Counts one record with `key`.
    pub fn count(&mut self, key: Option<&str>) {
        match key {
            None => self.none += 1,
            Some(key) => self.plain.add(key, hash(key), 1, |_| {}),
        }
    }

    /// Counts one record with `key` as its JSON holds it: a text with escapes by how it
    /// is written, decoded only the first time.
    pub fn count_text(&mut self, key: Option<&JsonText<'_>>) {
        let Some(key) = key else {
            return self.count(None);
        };
        let Some(written) = key.escaped() else {
            return self.count(key.plain());
        };
        self.escaped
            .add(written, hash(written), 1, |out| key.decode_into(out));
    }

    /// Adds `other`'s counts to these.
    pub fn add(&mut self, other: &Tally) {
        self.none += other.none;
        for count in &other.plain.counts {
            let text = other.plain.key(count);
            self.plain.add(text, count.hash, count.n, |_| {});
        }
        for count in &other.escaped.counts {
            let text = other.escaped.text(count);
            self.plain.add(text, hash(text), count.n, |_| {});
        }
    }

    /// The records of each text, in the texts' order.
    pub fn sorted(&self) -> BTreeMap<&str, u64> {
        let mut sorted = BTreeMap::new();
        for keys in [&self.plain, &self.escaped] {
            for count in &keys.counts {
                *sorted.entry(keys.text(count)).or_default() += count.n;
            }
        }
        sorted
    }
}

/// Keys and their counts: the counts side by side in the order their keys came, and a
/// table of where each is. (The counts in the table's own slots, half of them empty,
/// took twice the memory, and a journal by 2,000 users missed the cache for them.)
#[derive(Clone, Debug, Default)]
struct Keys {
    /// Each key, then the text it stands for when that is another (decoded).
    texts: String,
    counts: Vec<Count>,
    /// Indices into `counts`, by their keys' hashes.
    table: HashTable<usize>,
}

/// One key's records, and where it is in [`Keys::texts`].
#[derive(Clone, Copy, Debug)]
struct Count {
    /// The key's hash.
    hash: u64,
    /// The key is `texts[start..middle]`; the text it stands for, `texts[middle..end]`,
    /// or the key itself when that is empty (an escape decodes to a character at least,
    /// so a key with escapes never stands for nothing).
    start: usize,
    middle: usize,
    end: usize,
    /// Records.
    n: u64,
}

impl Keys {
    /// Adds `n` records to `key`, whose hash is `hash`; a key not met before is kept,
    /// followed by what `stands_for` appends (nothing: the key stands for itself).
    fn add(&mut self, key: &str, hash: u64, n: u64, stands_for: impl FnOnce(&mut String)) {
        let Keys {
            texts,
            counts,
            table,
        } = self;
        let found = table.find(hash, |&index| {
            let count = &counts[index];
            count.hash == hash && &texts[count.start..count.middle] == key
        });
        if let Some(&index) = found {
            counts[index].n += n;
            return;
        }
        let start = texts.len();
        texts.push_str(key);
        let middle = texts.len();
        stands_for(texts);
        let index = counts.len();
        counts.push(Count {
            hash,
            start,
            middle,
            end: texts.len(),
            n,
        });
        table.insert_unique(hash, index, |&index| counts[index].hash);
    }

    fn key(&self, count: &Count) -> &str {
        &self.texts[count.start..count.middle]
    }

    /// The text `count`'s key stands for.
    fn text(&self, count: &Count) -> &str {
        match count.middle == count.end {
            true => self.key(count),
            false => &self.texts[count.middle..count.end],
        }
    }
}
