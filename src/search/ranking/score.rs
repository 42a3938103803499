//! Scoring: what one query unit (a word or a phrase) matches, document by
//! document, and its BM25F score there.
//!
//! [`Ctx`] holds what every unit of a query reads: the index, the number of
//! documents, and each document's packed length norms ([`DocRank`], made
//! once per index by [`doc_ranks`]). A word ([`Ctx::word`]) walks the
//! postings of each of its variants (exact, stemmed, prefix, typo: see
//! `terms.rs`); each entry's positions give the term's count per field,
//! BM25F saturates them ([`Ctx::bm25f`]), and the variant's weight times
//! its idf scales the result. A document keeps its best variant. A phrase
//! ([`Ctx::phrase`]) is a merge join of its words' postings on positions.
//! The title and body positions of what matched are kept (sorted, merged
//! by [`merge_runs`]) for the proximity bonus. A clause is one unit or
//! alternatives (`a OR b`): [`combine`] keeps each document's best.

use super::{MatchKind, FIELD_B, FIELD_WEIGHT, K1};
use crate::search::index::{pos_field, Index, PostingsIter};
use crate::search::index::{quantized_length, DocRank};
use crate::search::query::{Clause, FieldMask, Unit, ALL_FIELDS};
use crate::search::work;
use crate::search::{Field, SearchOptions, NFIELDS};
use std::collections::HashMap;
use std::sync::Arc;

/// A unit's match in one document.
#[derive(Debug, Clone, Copy)]
pub(super) struct Hit {
    pub(super) doc: u32,
    pub(super) score: f32,
    /// Term id, or `u32::MAX` for a phrase.
    pub(super) term: u32,
    pub(super) kind: MatchKind,
    pub(super) fields: u8,
}

impl Hit {
    /// Puts `hit` in this slot of the best-hit array unless the slot already
    /// holds one at least as good; a slot filled for the first time (`doc`
    /// `u32::MAX`) is recorded in `touched`.
    pub(super) fn offer(&mut self, hit: Hit, touched: &mut Vec<u32>) {
        let empty = self.doc == u32::MAX;
        let kept = matches!(
            self.score.partial_cmp(&hit.score),
            Some(std::cmp::Ordering::Greater | std::cmp::Ordering::Equal)
        );
        if empty || !kept {
            if empty {
                touched.push(hit.doc);
            }
            *self = hit;
        }
    }
}

/// Everything one unit matched.
#[derive(Debug, Default)]
pub(super) struct UnitResult {
    /// Hits sorted by document.
    pub(super) hits: Vec<Hit>,
    /// (document, position) of title and body matches, sorted.
    pub(super) positions: Vec<(u32, u32)>,
    /// Terms to highlight.
    pub(super) terms: Vec<String>,
}

pub(super) fn idf(n: f32, df: u32) -> f32 {
    let df = df as f32;
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln().max(0.01)
}

pub(super) struct Ctx<'a> {
    pub(super) ix: &'a Index,
    pub(super) n: f32,
    /// Each document slot's length norms and flags (see [`DocRank`]).
    pub(super) ranks: Arc<[DocRank]>,
    pub(super) want_positions: bool,
    /// The best hit per document slot, shared by the words of a query: every
    /// slot is [`NO_HIT`] between two words (each word resets the slots it
    /// touched), so a word costs no array of the corpus's size.
    pub(super) best: std::cell::RefCell<Vec<Hit>>,
}

/// A [`Ctx::best`] slot without a hit (document numbers are below the
/// number of documents).
pub(super) const NO_HIT: Hit = Hit {
    doc: u32::MAX,
    score: 0.0,
    term: 0,
    kind: MatchKind::Exact,
    fields: 0,
};

/// The [`DocRank`] of every document slot of `ix`: the length norms BM25F
/// divides by, computed as [`Ctx::bm25f`] did per entry (the same floats).
pub(super) fn doc_ranks(ix: &Index) -> Vec<DocRank> {
    let mut avg = [1.0; NFIELDS];
    for (f, a) in avg.iter_mut().enumerate() {
        *a = ix.avg_len(f);
    }
    ix.docs
        .iter()
        .map(|d| match d {
            Some(stored) => {
                let mut r = DocRank {
                    norm: [1.0; NFIELDS],
                    flags: DocRank::LIVE,
                };
                if stored.lang.stems() {
                    r.flags |= DocRank::STEMS;
                }
                for (f, n) in r.norm.iter_mut().enumerate() {
                    // the length as the sharded index stores it (to within ~3%)
                    let len = quantized_length(stored.lens[f]) as f32;
                    let norm = 1.0 - FIELD_B[f] + FIELD_B[f] * len / avg[f];
                    *n = norm.max(0.05);
                }
                r
            }
            None => DocRank::default(),
        })
        .collect()
}

impl<'a> Ctx<'a> {
    pub(super) fn new(ix: &'a Index, want_positions: bool) -> Self {
        Ctx {
            ix,
            n: ix.ranking_n().max(1) as f32,
            ranks: ix.doc_ranks(doc_ranks),
            want_positions,
            best: std::cell::RefCell::new(Vec::new()),
        }
    }

    /// BM25F saturation of term frequencies per field; also the field mask.
    /// `None` for a stem match in a document whose language English stems
    /// must not match.
    pub(super) fn bm25f(
        &self,
        doc: u32,
        tf: &[u32; NFIELDS],
        kind: MatchKind,
    ) -> Option<(f32, u8)> {
        let r = self.ranks.get(doc as usize)?;
        if r.flags & DocRank::LIVE == 0
            || (kind == MatchKind::Stem && r.flags & DocRank::STEMS == 0)
        {
            return None;
        }
        let mut t = 0.0;
        let mut mask = 0u8;
        for f in 0..NFIELDS {
            if tf[f] == 0 {
                continue;
            }
            mask |= 1 << f;
            t += FIELD_WEIGHT[f] * tf[f] as f32 / r.norm[f];
        }
        (t > 0.0).then(|| (t * (K1 + 1.0) / (t + K1), mask))
    }

    /// Evaluates a word: best variant per document.
    pub(super) fn word(
        &self,
        term: &str,
        fields: FieldMask,
        last: bool,
        opts: &SearchOptions,
        loose: bool,
    ) -> UnitResult {
        let vars = self.word_variants(term, last, opts, loose);
        let nd = self.ix.docs.len();
        // the best hit per document; `doc == u32::MAX`: none yet
        let mut best_cell = self.best.borrow_mut();
        let best = &mut *best_cell;
        if best.len() != nd {
            best.clear();
            best.resize(nd, NO_HIT);
        }
        let mut touched: Vec<u32> = Vec::new();
        let mut res = UnitResult::default();
        // where each variant's positions start: each variant gives them
        // in order, unique
        let mut runs: Vec<usize> = Vec::new();
        for (id, w, kind) in vars {
            let Some(t) = self.ix.term(id) else { continue };
            let idf = idf(self.n, t.df);
            let postings = self.ix.postings(id);
            if self.want_positions {
                // at most one position per byte: the list grows once at most
                res.positions.reserve(postings.len());
            }
            let mut it = PostingsIter::new(postings);
            let mut any = false;
            let mut entries = 0u64;
            let before = res.positions.len();
            let collect = self.want_positions;
            // one pass over each entry's positions: the field counts, and
            // the title and body positions kept (dropped again when the
            // document does not count)
            while let Some((doc, n)) = it.next_doc() {
                entries += 1;
                let mark = res.positions.len();
                let mut tf = [0u32; NFIELDS];
                let read = it.positions_each(n, |p| {
                    let f = pos_field(p);
                    if (f as usize) < NFIELDS && fields & (1 << f) != 0 {
                        if let Some(x) = tf.get_mut(f as usize) {
                            *x += 1;
                        }
                        if collect && f <= Field::Body as u8 {
                            res.positions.push((doc, p));
                        }
                    }
                });
                if read.is_none() {
                    res.positions.truncate(mark);
                    break;
                }
                let Some((sat, mask)) = self.bm25f(doc, &tf, kind) else {
                    res.positions.truncate(mark);
                    continue;
                };
                any = true;
                let score = w * idf * sat;
                let Some(slot) = best.get_mut(doc as usize) else {
                    res.positions.truncate(mark);
                    continue;
                };
                slot.offer(
                    Hit {
                        doc,
                        score,
                        term: id,
                        kind,
                        fields: mask,
                    },
                    &mut touched,
                );
            }
            work::add_postings(entries);
            if res.positions.len() > before {
                runs.push(before);
            }
            // the matched forms are read only to highlight them
            if any && opts.highlight {
                res.terms.push(t.text.clone());
            }
        }
        if touched.len() * 8 > nd {
            // many documents: a scan in document order beats a sort
            res.hits = Vec::with_capacity(touched.len());
            for h in best.iter_mut() {
                if h.doc != u32::MAX {
                    res.hits.push(*h);
                    *h = NO_HIT;
                }
            }
        } else {
            touched.sort_unstable();
            res.hits = touched
                .into_iter()
                .filter_map(|d| {
                    let slot = best.get_mut(d as usize)?;
                    Some(std::mem::replace(slot, NO_HIT))
                })
                .collect();
        }
        drop(best_cell);
        if runs.len() > 1 {
            // two forms can share a position (a hyphenated word and its
            // part): the sorted runs merged, duplicates dropped
            res.positions = merge_runs(&res.positions, &runs);
        }
        res
    }

    /// Evaluates an exact phrase.
    pub(super) fn phrase(&self, words: &[(String, u32)], fields: FieldMask) -> UnitResult {
        self.phrase_in(words, fields, None)
    }

    /// [`Ctx::phrase`] over the documents of `only` (sorted) when given: the
    /// same hits as the whole phrase's, those of other documents left out,
    /// found without decoding any other document's positions (the page's
    /// highlights ask which of its few documents hold a pair of words).
    pub(super) fn phrase_in(
        &self,
        words: &[(String, u32)],
        fields: FieldMask,
        only: Option<&[u32]>,
    ) -> UnitResult {
        let mut res = UnitResult::default();
        let mut ids = Vec::with_capacity(words.len());
        for (w, _) in words {
            match self
                .ix
                .term_id(w)
                .and_then(|id| Some((id, self.ix.term(id)?)))
            {
                Some((id, t)) if t.df > 0 => ids.push((id, t)),
                _ => return res,
            }
        }
        let mut pos = Vec::new();
        // candidate starts of the first word: (document, range in `flat`),
        // in document order like every postings list, so each next word is
        // a merge join: its entries for other documents are stepped over
        // undecoded, and it stops once past the last candidate
        let mut cand: Vec<(u32, usize, usize)> = Vec::new();
        let mut flat: Vec<u32> = Vec::new();
        if let Some(&(id, first)) = ids.first() {
            let mut it = PostingsIter::new(self.ix.postings(id));
            match only {
                None => {
                    while let Some(doc) = it.next_into(&mut pos) {
                        cand.push((doc, flat.len(), flat.len() + pos.len()));
                        flat.extend_from_slice(&pos);
                    }
                }
                Some(only) => {
                    // a merge join with `only`: other entries stepped over
                    // undecoded, the walk ended past its last document
                    let mut k = 0usize;
                    while let Some((doc, n)) = it.next_doc() {
                        while only.get(k).is_some_and(|&d| d < doc) {
                            k += 1;
                        }
                        let Some(&d) = only.get(k) else { break };
                        if d != doc {
                            if it.skip_positions(n).is_none() {
                                break;
                            }
                            continue;
                        }
                        if it.positions_into(n, &mut pos).is_none() {
                            break;
                        }
                        cand.push((doc, flat.len(), flat.len() + pos.len()));
                        flat.extend_from_slice(&pos);
                    }
                }
            }
            work::add_postings(u64::from(first.df));
        }
        let mut next: Vec<(u32, usize, usize)> = Vec::new();
        let mut next_flat: Vec<u32> = Vec::new();
        for (&(id, t), (_, off)) in ids.iter().zip(words.iter()).skip(1) {
            let mut it = PostingsIter::new(self.ix.postings(id));
            work::add_postings(u64::from(t.df));
            next.clear();
            next_flat.clear();
            let mut k = 0usize;
            while let Some((doc, n)) = it.next_doc() {
                while cand.get(k).is_some_and(|c| c.0 < doc) {
                    k += 1;
                }
                let Some(&(cd, a, b)) = cand.get(k) else {
                    break;
                };
                if cd != doc {
                    if it.skip_positions(n).is_none() {
                        break;
                    }
                    continue;
                }
                if it.positions_into(n, &mut pos).is_none() {
                    break;
                }
                let from = next_flat.len();
                for &s in flat.get(a..b).unwrap_or(&[]) {
                    if s.checked_add(*off)
                        .is_some_and(|p| pos.binary_search(&p).is_ok())
                    {
                        next_flat.push(s);
                    }
                }
                if next_flat.len() > from {
                    next.push((doc, from, next_flat.len()));
                }
                k += 1;
            }
            std::mem::swap(&mut cand, &mut next);
            std::mem::swap(&mut flat, &mut next_flat);
            if cand.is_empty() {
                return res;
            }
        }
        let idf_sum: f32 = ids.iter().map(|(_, t)| idf(self.n, t.df)).sum();
        for &(doc, a, b) in &cand {
            let mut tf = [0u32; NFIELDS];
            for &p in flat.get(a..b).unwrap_or(&[]) {
                let f = pos_field(p);
                if (f as usize) < NFIELDS && fields & (1 << f) != 0 {
                    if let Some(x) = tf.get_mut(f as usize) {
                        *x += 1;
                    }
                    if self.want_positions && f <= Field::Body as u8 {
                        res.positions.push((doc, p));
                    }
                }
            }
            if let Some((sat, mask)) = self.bm25f(doc, &tf, MatchKind::Phrase) {
                res.hits.push(Hit {
                    doc,
                    score: idf_sum * sat,
                    term: u32::MAX,
                    kind: MatchKind::Phrase,
                    fields: mask,
                });
            }
        }
        crate::text::sort::sort_by_key_hot(&mut res.hits, |h| h.doc);
        crate::text::sort::sort_by_hot(&mut res.positions, Ord::cmp);
        res
    }

    /// The fields a unit really searches: an entity field that no document
    /// has (no extractor has filled it yet) falls back to every field, so
    /// `person:"Tony Blair"` still finds the name in titles and texts.
    pub(super) fn effective_fields(&self, fields: FieldMask) -> FieldMask {
        let text = Field::Title.bit() | Field::Body.bit();
        let empty = (0..NFIELDS).all(|f| fields & (1 << f) == 0 || self.ix.field_len_sum[f] == 0);
        if fields & text == 0 && empty {
            ALL_FIELDS
        } else {
            fields
        }
    }

    pub(super) fn unit(&self, u: &Unit, opts: &SearchOptions, loose: bool) -> UnitResult {
        match u {
            Unit::Word { term, fields, last } => {
                self.word(term, self.effective_fields(*fields), *last, opts, loose)
            }
            Unit::Phrase { words, fields } => self.phrase(words, self.effective_fields(*fields)),
        }
    }
}

/// A clause's matches: per-document best alternative, and merged positions.
pub(super) struct ClauseResult {
    /// (doc, score, alternative index, hit) sorted by doc.
    pub(super) hits: Vec<(u32, f32, usize, Hit)>,
    pub(super) positions: Vec<(u32, u32)>,
    pub(super) optional: bool,
    pub(super) units: Vec<UnitResult>,
}

pub(super) fn eval_clause(ctx: &Ctx, c: &Clause, opts: &SearchOptions) -> ClauseResult {
    work::add_clause();
    let units: Vec<UnitResult> = c.alts.iter().map(|u| ctx.unit(u, opts, true)).collect();
    combine(units, c.optional)
}

/// A clause's result from its alternatives' results.
pub(super) fn combine(mut units: Vec<UnitResult>, optional: bool) -> ClauseResult {
    if units.len() == 1 {
        if let Some(u) = units.first_mut() {
            let hits = u.hits.iter().map(|h| (h.doc, h.score, 0, *h)).collect();
            let positions = std::mem::take(&mut u.positions);
            return ClauseResult {
                hits,
                positions,
                optional,
                units,
            };
        }
    }
    let mut best: HashMap<
        u32,
        (f32, usize, Hit),
        std::hash::BuildHasherDefault<crate::search::index::FxHasher>,
    > = HashMap::default();
    let mut positions = Vec::new();
    for (ai, r) in units.iter().enumerate() {
        for h in &r.hits {
            let e = best.entry(h.doc).or_insert((h.score, ai, *h));
            if h.score > e.0 {
                *e = (h.score, ai, *h);
            }
        }
        positions.extend_from_slice(&r.positions);
    }
    // sorted runs, one per alternative: a stable sort merges them
    crate::text::sort::sort_by_hot(&mut positions, Ord::cmp);
    positions.dedup();
    let mut hits: Vec<(u32, f32, usize, Hit)> = best
        .into_iter()
        .map(|(d, (s, a, h))| (d, s, a, h))
        .collect();
    crate::text::sort::sort_by_key_hot(&mut hits, |h| h.0);
    ClauseResult {
        hits,
        positions,
        optional,
        units,
    }
}

/// The sorted, duplicate-free union of the sorted runs of `v` that start
/// at `starts` (increasing; the last run ends at the end of `v`): what
/// sorting `v` and dropping duplicates gives, merging two runs at a time.
pub(super) fn merge_runs(v: &[(u32, u32)], starts: &[usize]) -> Vec<(u32, u32)> {
    let run = |k: usize| {
        let a = starts.get(k).copied().unwrap_or(v.len());
        let b = starts.get(k + 1).copied().unwrap_or(v.len());
        v.get(a..b).unwrap_or(&[])
    };
    let mut acc: Vec<(u32, u32)> = run(0).to_vec();
    let mut next: Vec<(u32, u32)> = Vec::with_capacity(v.len());
    for k in 1..starts.len() {
        let b = run(k);
        next.clear();
        let (mut i, mut j) = (0, 0);
        while let (Some(&x), Some(&y)) = (acc.get(i), b.get(j)) {
            match x.cmp(&y) {
                std::cmp::Ordering::Less => {
                    next.push(x);
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    next.push(y);
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    next.push(x);
                    i += 1;
                    j += 1;
                }
            }
        }
        next.extend_from_slice(acc.get(i..).unwrap_or(&[]));
        next.extend_from_slice(b.get(j..).unwrap_or(&[]));
        std::mem::swap(&mut acc, &mut next);
    }
    acc
}
