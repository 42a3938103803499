//! The sorted dictionary and the automaton walk over it, for prefix and
//! edit-distance look-ups.
//!
//! The terms are kept in increasing byte order in one buffer (rebuilt
//! lazily: terms added since the last rebuild, at most [`MAX_RECENT`], are
//! scanned one by one instead). The sorted array is walked like a trie:
//! [`Index::automaton_terms`] keeps the automaton's state for each byte of
//! the current term, so a term shares the work of the prefix it has in
//! common with the previous one, and a prefix the automaton rejects skips
//! every term that starts with it by one galloping search. That is what an
//! `fst` would do, without building one (a sort instead of a sort plus a
//! build) and without its code in the wasm (the crate and its CRC tables
//! were ~36 KiB of the search-only download).

use super::Index;

/// Recent terms (not yet in the sorted dictionary) scanned linearly before a rebuild.
const MAX_RECENT: u32 = 512;

/// A lazily rebuilt dictionary over the first `upto` terms (by term id):
/// their texts in increasing byte order, in one buffer (a walk reads them
/// in order from contiguous memory), with their ids.
#[derive(Default)]
pub struct FstCache {
    /// The sorted terms, when built.
    pub map: Option<SortedTerms>,
    /// Terms with an id below this are in `map`.
    pub upto: u32,
}

/// Term texts in increasing byte order: the `k`-th is
/// `bytes[ends[k - 1]..ends[k]]`, and its term id is `ids[k]`; the terms
/// that start with byte `b` are `firsts[b]..firsts[b + 1]`.
#[derive(Default)]
pub struct SortedTerms {
    pub(super) ids: Vec<u32>,
    pub(super) ends: Vec<u32>,
    pub(super) bytes: Vec<u8>,
    /// Where each first byte's block starts (257 entries, the last the
    /// number of terms; empty until [`SortedTerms::index_firsts`]).
    pub(super) firsts: Vec<u32>,
}

impl SortedTerms {
    /// The `k`-th term's bytes (empty past the end).
    pub(super) fn text(&self, k: usize) -> &[u8] {
        let start = match k.checked_sub(1) {
            Some(p) => self.ends.get(p).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(k).copied().unwrap_or(start);
        self.bytes.get(start as usize..end as usize).unwrap_or(&[])
    }

    pub(super) fn len(&self) -> usize {
        self.ids.len()
    }

    /// Notes where each first byte's block starts (one pass over the terms).
    pub(super) fn index_firsts(&mut self) {
        let mut firsts = vec![0u32; 257];
        // count the terms of each first byte (an empty term sorts before
        // every block), then sum the counts into starts
        let mut empty = 0u32;
        for k in 0..self.len() {
            match self.text(k).first() {
                Some(&b) => {
                    if let Some(n) = firsts.get_mut(usize::from(b) + 1) {
                        *n += 1;
                    }
                }
                None => empty += 1,
            }
        }
        let mut at = empty;
        for f in firsts.iter_mut() {
            at += *f;
            *f = at;
        }
        self.firsts = firsts;
    }

    /// The ranks of the terms that start with byte `b`.
    pub(super) fn first_block(&self, b: u8) -> (usize, usize) {
        let b = usize::from(b);
        match (self.firsts.get(b), self.firsts.get(b + 1)) {
            (Some(&lo), Some(&hi)) => (lo as usize, hi as usize),
            _ => {
                let lo = self.lower_bound(&[b as u8]);
                (lo, self.block_end(lo, self.len(), &[b as u8]))
            }
        }
    }

    /// The first position at or after `from` (below `to`) whose term does not
    /// start with `p`, given that the terms from `from` that do are one block
    /// (they are sorted): galloping, so a short block costs a few steps.
    pub(super) fn block_end(&self, from: usize, to: usize, p: &[u8]) -> usize {
        let has = |k: usize| self.text(k).starts_with(p);
        let mut lo = from;
        let mut step = 1;
        // find an upper bound by doubling
        let mut hi = loop {
            let probe = lo.saturating_add(step);
            if probe >= to {
                break to;
            }
            if !has(probe) {
                break probe;
            }
            lo = probe;
            step *= 2;
        };
        // invariant: has(lo) (or lo == from), !has(hi) or hi == to
        while lo + 1 < hi {
            let mid = lo + (hi - lo) / 2;
            if has(mid) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        if has(lo) {
            hi
        } else {
            lo
        }
    }

    /// The first position whose term is not below `p`.
    pub(super) fn lower_bound(&self, p: &[u8]) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.text(mid) < p {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }
}

impl std::fmt::Debug for FstCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FstCache")
    }
}

/// A byte automaton run over the dictionary (the shape of
/// `fst::Automaton`): terms whose bytes lead from `start` to a state where
/// `is_match` holds are accepted; `can_match` false prunes every term that
/// continues the bytes read so far. `is_match` must imply `can_match`.
pub trait Automaton {
    /// The state after some bytes.
    type State: Clone;
    /// The state before any byte.
    fn start(&self) -> Self::State;
    /// Whether the bytes read so far are accepted.
    fn is_match(&self, s: &Self::State) -> bool;
    /// Whether some continuation of the bytes read so far can be accepted.
    fn can_match(&self, s: &Self::State) -> bool;
    /// The state after one more byte.
    fn accept(&self, s: &Self::State, b: u8) -> Self::State;
    /// Bytes every accepted term starts with (the walk seeks to them).
    fn literal_prefix(&self) -> &[u8] {
        &[]
    }
}

/// Terms that start with a prefix.
pub struct Prefix<'a>(pub &'a [u8]);

impl Automaton for Prefix<'_> {
    /// Bytes of the prefix matched so far, or `None` once one differed.
    type State = Option<usize>;
    fn start(&self) -> Option<usize> {
        Some(0)
    }
    fn is_match(&self, s: &Option<usize>) -> bool {
        *s == Some(self.0.len())
    }
    fn can_match(&self, s: &Option<usize>) -> bool {
        s.is_some()
    }
    fn literal_prefix(&self) -> &[u8] {
        self.0
    }
    fn accept(&self, s: &Option<usize>, b: u8) -> Option<usize> {
        let n = (*s)?;
        match self.0.get(n) {
            None => Some(n),
            Some(&p) if p == b => Some(n + 1),
            Some(_) => None,
        }
    }
}

impl Index {
    /// Makes sure the sorted dictionary covers all but a few recent terms.
    pub fn refresh_fst(&self) {
        let n = self.terms.len() as u32;
        let mut cache = self.fst.borrow_mut();
        if n.saturating_sub(cache.upto) <= MAX_RECENT && (cache.map.is_some() || n <= MAX_RECENT) {
            return;
        }
        let mut ids: Vec<u32> = (0..n).collect();
        let text = |id: &u32| self.terms.get(*id as usize).map_or("", |t| t.text.as_str());
        // a loaded index's terms are already in order (a linear check);
        // terms are unique (interned), so an unstable sort gives one order
        if !ids
            .windows(2)
            .all(|w| matches!(w, [a, b] if text(a) < text(b)))
        {
            crate::text::sort::sort_by_hot(&mut ids, |a, b| text(a).cmp(text(b)));
            ids.dedup_by(|a, b| text(a) == text(b));
        }
        let mut sorted = SortedTerms {
            ends: Vec::with_capacity(ids.len()),
            bytes: Vec::new(),
            ids: Vec::new(),
            firsts: Vec::new(),
        };
        for id in &ids {
            sorted.bytes.extend_from_slice(text(id).as_bytes());
            sorted.ends.push(sorted.bytes.len() as u32);
        }
        sorted.ids = ids;
        sorted.index_firsts();
        cache.map = Some(sorted);
        cache.upto = n;
    }

    /// Term ids accepted by an automaton, at most `limit`: dictionary terms
    /// in byte order, then matching recent terms (`recent_ok`) by id.
    pub fn automaton_terms<A: Automaton>(
        &self,
        aut: A,
        recent_ok: impl Fn(&str) -> bool,
        limit: usize,
    ) -> Vec<u32> {
        self.refresh_fst();
        let cache = self.fst.borrow();
        let mut out = Vec::new();
        if let Some(sorted) = &cache.map {
            let mut ranks = Vec::new();
            self.walk(sorted, &aut, limit, &mut ranks);
            out.extend(ranks.iter().filter_map(|&k| sorted.ids.get(k).copied()));
        }
        self.recent_terms(&cache, recent_ok, limit, &mut out);
        out
    }

    /// Appends to `out` the terms `cache` does not cover yet (all of them
    /// before its first build) that `ok` accepts, by id, until `out` holds
    /// `limit`.
    pub(super) fn recent_terms(
        &self,
        cache: &FstCache,
        ok: impl Fn(&str) -> bool,
        limit: usize,
        out: &mut Vec<u32>,
    ) {
        let from = if cache.map.is_some() { cache.upto } else { 0 };
        for (i, t) in self.terms.iter().enumerate().skip(from as usize) {
            if out.len() >= limit {
                break;
            }
            if ok(&t.text) {
                out.push(i as u32);
            }
        }
    }

    /// The trie walk of `aut` over `sorted`, from the block of its literal
    /// prefix: `states[k]` is the state after the current term's first `k`
    /// bytes, kept for the next term's common prefix; a rejected prefix skips
    /// its whole block of terms (galloping). Each byte of each visited term
    /// past the common prefix costs one step, as in a trie.
    pub(super) fn walk<A: Automaton>(
        &self,
        sorted: &SortedTerms,
        aut: &A,
        limit: usize,
        out: &mut Vec<usize>,
    ) {
        let lit = aut.literal_prefix();
        let mut i = sorted.lower_bound(lit);
        let end = if lit.is_empty() {
            sorted.len()
        } else {
            sorted.block_end(i, sorted.len(), lit)
        };
        let mut states = vec![aut.start()];
        let mut prev: &[u8] = &[];
        while out.len() < limit && i < end {
            let t = sorted.text(i);
            let common = prev.iter().zip(t).take_while(|(a, b)| a == b).count();
            states.truncate(common.min(states.len() - 1) + 1);
            let mut dead = None;
            for k in states.len() - 1..t.len() {
                let Some(s) = states.last() else { break };
                if !aut.can_match(s) {
                    dead = Some(k);
                    break;
                }
                let next = aut.accept(s, t.get(k).copied().unwrap_or(0));
                states.push(next);
            }
            prev = t;
            match dead {
                None => {
                    if states.last().is_some_and(|s| aut.is_match(s)) {
                        out.push(i);
                    }
                    i += 1;
                }
                Some(0) => break,
                Some(k) => {
                    // every term in this block starts with the rejected prefix
                    let p = t.get(..k).unwrap_or(t);
                    i = sorted.block_end(i, end, p).max(i + 1);
                }
            }
        }
    }
}
