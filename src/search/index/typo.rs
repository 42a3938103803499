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
//! [`Index::edit_terms`] finds a query word's neighbours in the sorted
//! dictionary. With one edit allowed it does not run the automaton over
//! it: the trie of the sorted terms guides the edit (`near`), each branch
//! a byte some term continues with, and once the edit is spent the rest of
//! the word is one binary search. With two, the automaton walks the query's
//! first byte's block, and since an edit of the first byte spends both,
//! the few candidates with another first byte are looked up in each first
//! byte's block. The automaton stays the reference: its walk over the
//! whole dictionary gives the same terms (a property test holds them
//! equal), and it checks the recent terms the sorted dictionary does not
//! hold yet.

use super::{Automaton, Index, SortedTerms};

impl Index {
    /// The terms within `aut`'s edits of its query, at most `limit`: what
    /// [`Index::automaton_terms`] gives for it (accepting the recent terms
    /// within the edits), term for term.
    ///
    /// An edit of the first byte costs two. So with one edit allowed, a term
    /// within it keeps the query's first byte and is the query with one edit
    /// after it: found by `near` in that byte's block of the dictionary.
    /// With two, the terms that keep the first byte are walked in its block
    /// (the automaton's states share the work of the many ways two edits
    /// reach one term, which `near` would try one by one: slower, by
    /// measure), and a term that starts with another byte is the query with
    /// one first-byte edit and the rest exact (another first byte, or one
    /// more before it, the first byte dropped, or the first two swapped),
    /// looked up in each first byte's block. The ranks found are sorted
    /// back into byte order, as the walk gave them.
    pub fn edit_terms(&self, aut: &EditDistance, limit: usize) -> Vec<u32> {
        let ok = |t: &str| aut.distance(t).is_some();
        let q = aut.query.as_slice();
        let Some(&first) = q.first() else {
            return self.automaton_terms(aut.clone(), ok, limit);
        };
        if aut.max == 0 {
            return self.automaton_terms(aut.clone(), ok, limit);
        }
        self.refresh_fst();
        let cache = self.fst.borrow();
        let mut out = Vec::new();
        if let Some(sorted) = &cache.map {
            let mut ranks = Vec::new();
            let head = q.get(..1).unwrap_or(q);
            let mut cand = head.to_vec();
            if aut.max == 1 {
                near(
                    sorted,
                    q,
                    sorted.first_block(first),
                    &mut cand,
                    1,
                    1,
                    &mut ranks,
                );
            } else {
                self.walk(sorted, &FirstByte(aut), limit, &mut ranks);
                let rest = q.get(1..).unwrap_or(&[]);
                let mut swapped = q.to_vec();
                swapped.swap(0, 1.min(q.len() - 1));
                // a candidate looked up in its first byte's block only
                let look = |cand: &[u8], ranks: &mut Vec<usize>| {
                    let Some(&b) = cand.first() else { return };
                    if b == first {
                        return;
                    }
                    let block = sorted.first_block(b);
                    let k = lower(sorted, block, cand);
                    if k < block.1
                        && sorted.text(k) == cand
                        && std::str::from_utf8(cand).is_ok_and(|t| aut.distance(t).is_some())
                    {
                        ranks.push(k);
                    }
                };
                look(rest, &mut ranks);
                look(&swapped, &mut ranks);
                for b in 0..=u8::MAX {
                    let (lo, hi) = sorted.first_block(b);
                    if b == first || lo >= hi {
                        continue;
                    }
                    for tail in [rest, q] {
                        cand.clear();
                        cand.push(b);
                        cand.extend_from_slice(tail);
                        look(&cand, &mut ranks);
                    }
                }
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

/// The first rank in `lo..hi` of `sorted` whose term is not below `p`.
fn lower(sorted: &SortedTerms, (lo, hi): (usize, usize), p: &[u8]) -> usize {
    let (mut a, mut b) = (lo, hi);
    while a < b {
        let mid = a + (b - a) / 2;
        if sorted.text(mid) < p {
            a = mid + 1;
        } else {
            b = mid;
        }
    }
    a
}

/// Pushes to `ranks` the rank of `cand` if it is a term within `block`.
fn find(sorted: &SortedTerms, block: (usize, usize), cand: &[u8], ranks: &mut Vec<usize>) {
    let a = lower(sorted, block, cand);
    if a < block.1 && sorted.text(a) == cand {
        ranks.push(a);
    }
}

/// Pushes to `ranks` the ranks (in any order, perhaps repeated) of the
/// terms of `block` that are `cand` followed by the query's bytes from
/// `j` on with at most `e` edits, each costing one: `block` holds exactly
/// the terms that start with `cand` (`j >= 1`, so no edit here touches the
/// first byte).
///
/// The dictionary's trie guides the edits: at each step the query's byte
/// `j` is dropped, swapped with the next, or the block's next bytes are
/// tried, each one the query's byte (no edit), in its place, or put before
/// it; a byte no term continues with is never tried. With no edit left,
/// the rest of the query is looked up (one binary search in the block), so
/// the deepest level of the search is a look-up, where a walk stepped the
/// automaton through every branch of the block down to where it failed.
/// Every edit sequence the automaton counts (an optimal string alignment:
/// insertions, deletions, substitutions, swaps of two neighbours) is one
/// path here, so the terms found are exactly those within `e` edits.
fn near(
    sorted: &SortedTerms,
    q: &[u8],
    block: (usize, usize),
    cand: &mut Vec<u8>,
    j: usize,
    e: u8,
    ranks: &mut Vec<usize>,
) {
    let (lo, hi) = block;
    if lo >= hi {
        return;
    }
    let depth = cand.len();
    let rest = q.get(j..).unwrap_or(&[]);
    if e == 0 {
        cand.extend_from_slice(rest);
        find(sorted, block, cand, ranks);
        cand.truncate(depth);
        return;
    }
    // the query's byte `j` dropped
    if !rest.is_empty() {
        near(sorted, q, block, cand, j + 1, e - 1, ranks);
    }
    // bytes `j` and `j + 1` swapped
    if let (Some(&a), Some(&b)) = (rest.first(), rest.get(1)) {
        if a != b {
            cand.push(b);
            cand.push(a);
            let sub = if e == 1 {
                // the rest is looked up: the block as it is will do
                block
            } else {
                let from = lower(sorted, block, cand);
                (from, sorted.block_end(from, hi, cand))
            };
            near(sorted, q, sub, cand, j + 2, e - 1, ranks);
            cand.truncate(depth);
        }
    }
    // `cand` itself, a term when the query is used up (it sorts first)
    let mut k = lo;
    if sorted.text(k).len() == depth {
        if rest.is_empty() {
            ranks.push(k);
        }
        k += 1;
    }
    // each next byte `c` of the block's terms
    while k < hi {
        let t = sorted.text(k);
        let Some(&c) = t.get(depth) else {
            k += 1;
            continue;
        };
        let end = sorted
            .block_end(k, hi, t.get(..=depth).unwrap_or(t))
            .max(k + 1);
        cand.push(c);
        match rest.first() {
            // the query's byte
            Some(&r) if r == c => near(sorted, q, (k, end), cand, j + 1, e, ranks),
            // in place of the query's byte
            Some(_) => near(sorted, q, (k, end), cand, j + 1, e - 1, ranks),
            None => {}
        }
        // put before the query's byte (or after its end)
        near(sorted, q, (k, end), cand, j, e - 1, ranks);
        cand.truncate(depth);
        k = end;
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
