//! Fast hashing for in-memory maps and fixed word lists.
//!
//! Every engine keeps maps keyed by short strings or small integers (terms,
//! stems, feature ids, document numbers). None of them is keyed by data an
//! attacker could usefully choose for a local, per-user index, so a fast
//! non-cryptographic hash ([`FxHasher`], the rustc hash) beats SipHash here.
//!
//! [`WordSet`] is a word list with constant-time look-ups, built on first use
//! from a `&'static [&str]` or from a data file compiled into the binary with
//! `include_str!` (one entry per line, `#` starts a comment):
//!
//! ```
//! use lede::text::hash::WordSet;
//! static DAYS: WordSet = WordSet::from_lines("# weekdays\nmonday\ntuesday\n");
//! assert!(DAYS.contains("monday"));
//! assert!(!DAYS.contains("# weekdays"));
//! ```

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

/// FxHash: a rotate-xor-multiply hash over 8-byte words (then single bytes).
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.hash = (self.hash.rotate_left(5) ^ w).wrapping_mul(K);
    }
}

/// A `HashMap` with [`FxHasher`].
pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A `HashSet` with [`FxHasher`].
pub type FxSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

enum Source {
    List(&'static [&'static str]),
    Lines(&'static str),
}

/// A fixed word list with constant-time look-ups (the set is built on first use).
pub struct WordSet {
    source: Source,
    set: std::sync::OnceLock<FxSet<&'static str>>,
}

impl WordSet {
    /// A set over `list`.
    pub const fn new(list: &'static [&'static str]) -> WordSet {
        WordSet {
            source: Source::List(list),
            set: std::sync::OnceLock::new(),
        }
    }

    /// A set over the lines of a data file (see [`data_lines`]).
    pub const fn from_lines(data: &'static str) -> WordSet {
        WordSet {
            source: Source::Lines(data),
            set: std::sync::OnceLock::new(),
        }
    }

    fn set(&self) -> &FxSet<&'static str> {
        self.set.get_or_init(|| match self.source {
            Source::List(list) => list.iter().copied().collect(),
            Source::Lines(data) => data_lines(data).collect(),
        })
    }

    /// True when `w` is in the list.
    pub fn contains(&self, w: &str) -> bool {
        self.set().contains(w)
    }

    /// The words, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.set().iter().copied()
    }

    /// Number of distinct words.
    pub fn len(&self) -> usize {
        self.set().len()
    }

    /// True when the list has no words.
    pub fn is_empty(&self) -> bool {
        self.set().is_empty()
    }
}

/// The entries of a word-list data file: one per line, trimmed; blank lines
/// and lines starting with `#` are skipped. Entries keep inner spaces
/// (`according to`).
pub fn data_lines(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hasher};

    #[test]
    fn data_files_skip_comments_and_blanks() {
        let v: Vec<&str> = data_lines("# c\n\n a \nb c\n").collect();
        assert_eq!(v, ["a", "b c"]);
    }

    #[test]
    fn hash_depends_on_every_byte() {
        let b = BuildHasherDefault::<FxHasher>::default();
        let h = |s: &str| {
            let mut x = b.build_hasher();
            x.write(s.as_bytes());
            x.finish()
        };
        assert_ne!(h("abcdefghi"), h("abcdefghj"));
        assert_ne!(h("a"), h("b"));
    }
}
