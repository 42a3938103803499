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
    map: OnceLock<FxMap<&'static str, V>>,
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

    fn map(&self) -> &FxMap<&'static str, V> {
        self.map.get_or_init(|| {
            let mut map = FxMap::default();
            for (value, words) in self.rows() {
                if let Some(v) = value {
                    for w in words {
                        map.entry(w).or_insert(v);
                    }
                }
            }
            map
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
        self.map().get(w).copied()
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
    /// Every row's value parses, and no word is given twice.
    pub(super) fn check(&self) -> Result<usize, String> {
        let mut n = 0;
        for (value, words) in self.rows() {
            if value.is_none() {
                return Err("a value does not parse".into());
            }
            n += words.count();
        }
        if n == self.map().len() {
            Ok(n)
        } else {
            Err(format!("{n} words, {} distinct", self.map().len()))
        }
    }
}
