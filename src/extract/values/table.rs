//! Look-up tables read from data files: each line is a value, then the words
//! that stand for it (`9 september sep sept`, `GBP pound pounds sterling`).
//!
//! The values finders map words to numbers, codes and units; keeping those
//! maps in `data/*.txt` keeps the code about patterns and the lists about
//! English. A table is parsed on first use; a line whose value does not parse
//! is skipped (the tests check that none is), and the first line that gives
//! a word wins.

use crate::extract::FxMap;
use crate::text::hash::data_lines;
use std::sync::OnceLock;

/// A word → value table over a data file compiled into the binary.
pub(super) struct Table<V: 'static> {
    data: &'static str,
    parse: fn(&'static str) -> Option<V>,
    map: OnceLock<Index<V>>,
}

/// A table's words ready for lookups: the map, and which bytes begin a word
/// and the longest word, so that most tokens (punctuation, most words) are
/// refused without hashing: every token of a text meets several tables.
struct Index<V: 'static> {
    words: FxMap<&'static str, V>,
    /// Bit `b` set when some word begins with byte `b`.
    first: [u64; 4],
    /// Bytes of the longest word.
    longest: usize,
}

impl<V: Copy> Table<V> {
    /// A table over the lines of `data`, each value read with `parse`.
    pub(super) const fn new(data: &'static str, parse: fn(&'static str) -> Option<V>) -> Table<V> {
        Table {
            data,
            parse,
            map: OnceLock::new(),
        }
    }

    #[cfg(test)]
    fn map(&self) -> &FxMap<&'static str, V> {
        &self.index().words
    }

    fn index(&self) -> &Index<V> {
        self.map.get_or_init(|| {
            let mut words = FxMap::default();
            let (mut first, mut longest) = ([0u64; 4], 0);
            for (value, ws) in self.rows() {
                if let Some(v) = value {
                    for w in ws {
                        words.entry(w).or_insert(v);
                        if let Some(&b) = w.as_bytes().first() {
                            first[usize::from(b >> 6)] |= 1 << (b & 63);
                        }
                        longest = longest.max(w.len());
                    }
                }
            }
            Index {
                words,
                first,
                longest,
            }
        })
    }

    /// The rows of the data file: the parsed value and the words.
    fn rows(&self) -> impl Iterator<Item = (Option<V>, std::str::SplitWhitespace<'static>)> + '_ {
        data_lines(self.data).map(|line| {
            let mut words = line.split_whitespace();
            let value = words.next().and_then(self.parse);
            (value, words)
        })
    }

    /// The value of the word `w`, if the table has it.
    pub(super) fn get(&self, w: &str) -> Option<V> {
        let ix = self.index();
        let &b = w.as_bytes().first()?;
        if w.len() > ix.longest || ix.first[usize::from(b >> 6)] >> (b & 63) & 1 == 0 {
            return None;
        }
        ix.words.get(w).copied()
    }
}

/// Reads a number value (`12`, `1e6`).
pub(super) fn number(s: &str) -> Option<f64> {
    s.parse().ok()
}

/// Reads a small whole-number value (a month, a weekday).
pub(super) fn index(s: &str) -> Option<u32> {
    s.parse().ok()
}

/// Takes a code or unit as it is written (`GBP`, `km/h`).
pub(super) fn code(s: &'static str) -> Option<&'static str> {
    Some(s)
}

#[cfg(test)]
impl<V: Copy> Table<V> {
    /// Every row's value parses, no word is given twice, and [`Table::get`]
    /// (which refuses by first byte and length before hashing) answers as
    /// the map does, for every word and for near misses.
    pub(super) fn check(&self) -> Result<usize, String> {
        let mut n = 0;
        for (value, words) in self.rows() {
            if value.is_none() {
                return Err("a value does not parse".into());
            }
            for w in words {
                n += 1;
                let mut probes = vec![w.to_string(), format!("{w}s"), w.to_uppercase()];
                probes.extend((0..w.len()).filter_map(|k| w.get(..k).map(str::to_string)));
                probes.extend((1..w.len()).filter_map(|k| w.get(k..).map(str::to_string)));
                for p in probes {
                    if self.get(&p).is_some() != self.map().contains_key(p.as_str()) {
                        return Err(format!("get({p:?}) differs from the map"));
                    }
                }
            }
        }
        for p in [",", "", " ", "the", "Zürich", "12", "€"] {
            if self.get(p).is_some() != self.map().contains_key(p) {
                return Err(format!("get({p:?}) differs from the map"));
            }
        }
        if n == self.map().len() {
            Ok(n)
        } else {
            Err(format!("{n} words, {} distinct", self.map().len()))
        }
    }
}
