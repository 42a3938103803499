//! Typo look-ups: the terms within one or two edits of a query word.
//!
//! [`EditDistance`] is a Damerau–Levenshtein automaton over bytes
//! (insertions, deletions, substitutions and transpositions of adjacent
//! bytes), simulated one DP row at a time over a band of at most five
//! cells, so a state is a few bytes and the dictionary walk of
//! `dictionary.rs` can keep one per byte of the current term. An edit of
//! the first character costs two: with one typo allowed the first letter
//! must be right, which keeps look-ups fast and their matches plausible.
//!
//! With two edits allowed, a walk over the whole dictionary would step
//! into every first byte's block of terms; [`Index::edit_terms`] walks only
//! the query's first byte's block and looks the few other candidates up
//! (a first-byte edit costs both edits, so the rest must be exact).

use super::{Automaton, Index};

impl Index {
    /// The terms within `aut`'s edits of its query, at most `limit`: what
    /// [`Index::automaton_terms`] gives for it (accepting the recent terms
    /// within the edits), found faster when two edits are allowed. An edit
    /// of the first byte then costs both, so a term that starts with
    /// another byte is the query with one first-byte edit and the rest
    /// exact: another first byte, or one more before it, the first byte
    /// dropped, or the first two swapped. Those few are looked up in each
    /// block of the dictionary's first bytes; only the block of the
    /// query's first byte is walked, where a walk over every term stepped
    /// into every block.
    pub fn edit_terms(&self, aut: &EditDistance, limit: usize) -> Vec<u32> {
        let ok = |t: &str| aut.distance(t).is_some();
        let q = aut.query.as_slice();
        let Some(&first) = q.first() else {
            return self.automaton_terms(aut.clone(), ok, limit);
        };
        if aut.max < 2 {
            return self.automaton_terms(aut.clone(), ok, limit);
        }
        self.refresh_fst();
        let cache = self.fst.borrow();
        let mut out = Vec::new();
        if let Some(sorted) = &cache.map {
            let mut ranks = Vec::new();
            self.walk(sorted, &FirstByte(aut), limit, &mut ranks);
            let rest = q.get(1..).unwrap_or(&[]);
            let mut swapped = q.to_vec();
            swapped.swap(0, 1.min(q.len() - 1));
            let mut cand: Vec<u8> = Vec::with_capacity(q.len() + 1);
            let look = |cand: &[u8], ranks: &mut Vec<usize>| {
                if cand.first().map_or(true, |&b| b == first) {
                    return;
                }
                let k = sorted.lower_bound(cand);
                if sorted.text(k) == cand
                    && std::str::from_utf8(cand).is_ok_and(|t| aut.distance(t).is_some())
                {
                    ranks.push(k);
                }
            };
            look(rest, &mut ranks);
            look(&swapped, &mut ranks);
            let mut i = 0;
            while i < sorted.len() {
                let Some(&b) = sorted.text(i).first() else {
                    i += 1;
                    continue;
                };
                let end = sorted.block_end(i, sorted.len(), &[b]).max(i + 1);
                if b != first {
                    for tail in [rest, q] {
                        cand.clear();
                        cand.push(b);
                        cand.extend_from_slice(tail);
                        look(&cand, &mut ranks);
                    }
                }
                i = end;
            }
            ranks.sort_unstable();
            ranks.dedup();
            ranks.truncate(limit);
            out.extend(ranks.iter().filter_map(|&k| sorted.ids.get(k).copied()));
        }
        self.recent_terms(&cache, ok, limit, &mut out);
        out
    }
}

/// An [`EditDistance`] walked only over the terms that start with its
/// query's first byte (see [`Index::edit_terms`]).
struct FirstByte<'a>(&'a EditDistance);

impl Automaton for FirstByte<'_> {
    type State = EdState;

    fn literal_prefix(&self) -> &[u8] {
        self.0.query.get(..1).unwrap_or(&[])
    }

    fn start(&self) -> EdState {
        self.0.start()
    }

    fn is_match(&self, s: &EdState) -> bool {
        self.0.is_match(s)
    }

    fn can_match(&self, s: &EdState) -> bool {
        self.0.can_match(s)
    }

    fn accept(&self, s: &EdState, b: u8) -> EdState {
        self.0.accept(s, b)
    }
}

/// An edit-distance automaton over bytes (insertions, deletions,
/// substitutions and transpositions), simulated row by row for dictionary walks.
///
/// As in other search engines, an edit that changes the first character
/// counts double: with one typo allowed the first letter must be right, with
/// two it may be wrong if nothing else is. This keeps fuzzy look-ups fast and
/// their matches plausible.
#[derive(Debug, Clone)]
pub struct EditDistance {
    query: Vec<u8>,
    max: u8,
}

/// Longest query accepted by [`EditDistance`].
pub const MAX_FUZZY_BYTES: usize = 40;

/// Widest band of the DP row that can hold values within two edits.
const BAND: usize = 5;

/// Automaton state: the band of the last two DP rows (cells `depth - max ..=
/// depth + max`; every other cell is beyond the bound) and the last byte read.
#[derive(Clone, Copy)]
pub struct EdState {
    prev: [u8; BAND],
    band: [u8; BAND],
    last: u8,
    depth: u32,
}

impl EditDistance {
    /// An automaton accepting terms within `max` (at most 2) edits of `query`
    /// (cut to [`MAX_FUZZY_BYTES`]).
    pub fn new(query: &str, max: u8) -> Self {
        let q = query.as_bytes();
        EditDistance {
            query: q.get(..q.len().min(MAX_FUZZY_BYTES)).unwrap_or(q).to_vec(),
            max: max.min(2),
        }
    }

    /// Edit distance between the query and `term`, if within the bound.
    pub fn distance(&self, term: &str) -> Option<u8> {
        let mut s = self.start();
        for &b in term.as_bytes() {
            if !self.can_match(&s) {
                return None;
            }
            s = self.accept(&s, b);
        }
        let d = self.cell(&s.band, s.depth, self.query.len() as i64);
        (d <= self.max).then_some(d)
    }

    fn cap(&self) -> u8 {
        self.max + 1
    }

    fn width(&self) -> usize {
        2 * self.max as usize + 1
    }

    /// Value of column `j` in a band of the row at `depth`.
    fn cell(&self, band: &[u8; BAND], depth: u32, j: i64) -> u8 {
        if j < 0 || j > self.query.len() as i64 {
            return self.cap();
        }
        let k = j - (i64::from(depth) - i64::from(self.max));
        if k < 0 || k >= self.width() as i64 {
            return self.cap();
        }
        band.get(k as usize).copied().unwrap_or(self.cap())
    }
}

/// Cost of an edit at query position `j` (0-based): double on the first character.
fn edit_cost(j: i64) -> u8 {
    if j == 0 {
        2
    } else {
        1
    }
}

impl Automaton for EditDistance {
    type State = EdState;

    /// With one edit allowed, the first byte: an edit there costs two.
    fn literal_prefix(&self) -> &[u8] {
        if self.max <= 1 {
            self.query.get(..1).unwrap_or(&[])
        } else {
            &[]
        }
    }

    fn start(&self) -> EdState {
        let cap = self.cap();
        let mut band = [cap; BAND];
        let mut v = 0u8;
        for (k, slot) in band.iter_mut().enumerate().take(self.width()) {
            let j = k as i64 - i64::from(self.max);
            if j < 0 || j > self.query.len() as i64 {
                continue;
            }
            if j > 0 {
                v = v.saturating_add(edit_cost(j - 1));
            }
            *slot = v.min(cap);
        }
        EdState {
            prev: [cap; BAND],
            band,
            last: 0,
            depth: 0,
        }
    }

    fn is_match(&self, s: &EdState) -> bool {
        self.cell(&s.band, s.depth, self.query.len() as i64) <= self.max
    }

    fn can_match(&self, s: &EdState) -> bool {
        s.band.iter().take(self.width()).any(|&v| v <= self.max)
    }

    fn accept(&self, s: &EdState, b: u8) -> EdState {
        // Row `d` from row `d - 1`, slot by slot: slot `k` holds column
        // `j = d - max + k`, so the previous row's column `j - 1` is its
        // slot `k` (diagonal), column `j` its slot `k + 1` (up), and the row
        // before it, column `j - 2`, its slot `k` (transposition). Slots of
        // columns outside `0..=n` hold `cap` in every state, so reading
        // them needs no range check; values stay at most `cap + 2`.
        let cap = self.cap();
        let n = self.query.len() as i64;
        let d = s.depth + 1;
        let base = i64::from(d) - i64::from(self.max);
        let mut band = [cap; BAND];
        let mut left = cap;
        for k in 0..self.width() {
            let j = base + k as i64;
            if j < 0 || j > n {
                left = cap;
                continue;
            }
            let up = s.band.get(k + 1).copied().unwrap_or(cap);
            let v = if j == 0 {
                // inserting a byte before the first query character
                up + 2
            } else {
                let j = j as usize;
                let qb = self.query.get(j - 1).copied().unwrap_or(0);
                let cost = if j == 1 { 2 } else { 1 };
                let diag = s.band.get(k).copied().unwrap_or(cap);
                let sub = if qb == b { 0 } else { cost };
                let mut v = (diag + sub).min(up + 1).min(left + cost);
                if j > 1
                    && s.depth > 0
                    && qb != b
                    && qb == s.last
                    && self.query.get(j - 2) == Some(&b)
                {
                    let t = s.prev.get(k).copied().unwrap_or(cap);
                    v = v.min(t + if j == 2 { 2 } else { 1 });
                }
                v
            };
            let v = v.min(cap);
            if let Some(slot) = band.get_mut(k) {
                *slot = v;
            }
            left = v;
        }
        EdState {
            prev: s.band,
            band,
            last: b,
            depth: d,
        }
    }
}
