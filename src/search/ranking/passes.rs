//! The two passes of a query of several required words.
//!
//! Results come by coverage first (documents matching more required
//! clauses before those matching fewer), then by score. So the first pass
//! ([`find_clause`], [`Ctx::word_entries`]) only finds which documents
//! each clause matches, stepping over the positions without decoding them,
//! and keeps each matching entry's place in the postings. From the
//! coverage of every matched document, [`least_coverage`] gives the lowest
//! coverage level that can still reach the requested page; the second
//! pass ([`score_clause`], [`Ctx::score_entries`]) decodes and scores only
//! the documents at that level or above. Their scores, and so the page,
//! are those of scoring every document; the total and the facets count
//! every matched document.

use super::score::{combine, idf, merge_runs, ClauseResult, Ctx, Hit, UnitResult, NO_HIT};
use super::MatchKind;
use crate::search::index::DocRank;
use crate::search::index::{pos_field, PostingsIter};
use crate::search::query::{Clause, FieldMask, Unit, ALL_FIELDS};
use crate::search::work;
use crate::search::{Field, SearchOptions, NFIELDS};

/// A word's entries that count, per variant, before any is scored (see
/// [`Ctx::word_entries`]).
pub(super) struct WordEntries {
    /// The variants: (term id, weight, kind).
    pub(super) vars: Vec<(u32, f32, MatchKind)>,
    /// Where each variant's entries end in `entries`.
    pub(super) ends: Vec<usize>,
    /// (document, byte offset of its positions, their number), in
    /// document order within each variant.
    pub(super) entries: Vec<(u32, u32, u32)>,
    /// The fields searched.
    pub(super) fields: FieldMask,
    /// The matched forms, to highlight.
    pub(super) terms: Vec<String>,
}

impl WordEntries {
    /// The documents where some variant counts, in order, duplicates kept.
    pub(super) fn docs(&self) -> impl Iterator<Item = u32> + '_ {
        self.entries.iter().map(|e| e.0)
    }
}

/// A unit after the first pass: a word's entries, or a phrase evaluated.
pub(super) enum Found {
    Word(WordEntries),
    Phrase(UnitResult),
}

/// The first index from `from` where `pred` turns false in `v` (true
/// before it, false after it from there on): galloping, so a short step
/// costs a few comparisons and a long one a binary search.
pub(super) fn gallop<T>(v: &[T], from: usize, pred: impl Fn(&T) -> bool) -> usize {
    if !v.get(from).is_some_and(&pred) {
        return from.min(v.len());
    }
    let mut lo = from;
    let mut step = 1usize;
    let mut hi = from.saturating_add(1);
    while v.get(hi).is_some_and(&pred) {
        lo = hi;
        step = step.saturating_mul(2);
        hi = lo.saturating_add(step);
    }
    let hi = hi.min(v.len());
    let start = lo.saturating_add(1).min(hi);
    start + v.get(start..hi).map_or(0, |s| s.partition_point(&pred))
}

impl Ctx<'_> {
    /// Whether an entry of document `doc` with a match of `kind` can count
    /// (what [`Ctx::bm25f`] checks besides the field counts).
    pub(super) fn counts(&self, doc: u32, kind: MatchKind) -> bool {
        self.ranks.get(doc as usize).is_some_and(|r| {
            r.flags & DocRank::LIVE != 0
                && (kind != MatchKind::Stem || r.flags & DocRank::STEMS != 0)
        })
    }

    /// A word's entries that count, found without scoring them (the first
    /// pass of a query of several required words): per variant, the
    /// entries where [`Ctx::word`] gives the document a score. Positions
    /// are stepped over, not decoded, when the word searches every field
    /// (an entry then counts when its first position, the lowest field,
    /// is in a field).
    pub(super) fn word_entries(
        &self,
        term: &str,
        fields: FieldMask,
        last: bool,
        opts: &SearchOptions,
        loose: bool,
    ) -> WordEntries {
        let vars = self.word_variants(term, last, opts, loose);
        let mut out = WordEntries {
            ends: Vec::with_capacity(vars.len()),
            vars,
            entries: Vec::new(),
            fields,
            terms: Vec::new(),
        };
        let every = fields == ALL_FIELDS;
        for &(id, _, kind) in &out.vars {
            let Some(t) = self.ix.term(id) else {
                out.ends.push(out.entries.len());
                continue;
            };
            let postings = self.ix.postings(id);
            let mut it = PostingsIter::new(postings);
            let from = out.entries.len();
            let mut entries = 0u64;
            while let Some((doc, n)) = it.next_doc() {
                entries += 1;
                let at = it.offset();
                let mut hit = false;
                let read = if every {
                    let mut first = PostingsIter::resume(postings, at, doc);
                    let _ = first.positions_each(n.min(1), |p| {
                        hit = (pos_field(p) as usize) < NFIELDS;
                    });
                    it.skip_positions(n)
                } else {
                    it.positions_each(n, |p| {
                        let f = pos_field(p);
                        hit |= (f as usize) < NFIELDS && fields & (1 << f) != 0;
                    })
                };
                if read.is_none() {
                    break;
                }
                if hit && self.counts(doc, kind) {
                    if let (Ok(at), Ok(n)) = (u32::try_from(at), u32::try_from(n)) {
                        out.entries.push((doc, at, n));
                    }
                }
            }
            work::add_postings(entries);
            // the matched forms are read only to highlight them
            if out.entries.len() > from && opts.highlight {
                out.terms.push(t.text.clone());
            }
            out.ends.push(out.entries.len());
        }
        out
    }

    /// The second pass of [`Ctx::word_entries`]: what [`Ctx::word`] gives
    /// for the documents `keep` (sorted), decoding only their entries.
    pub(super) fn score_entries(&self, m: WordEntries, keep: &[u32]) -> UnitResult {
        let nd = self.ix.docs.len();
        let mut best_cell = self.best.borrow_mut();
        let best = &mut *best_cell;
        if best.len() != nd {
            best.clear();
            best.resize(nd, NO_HIT);
        }
        let mut touched: Vec<u32> = Vec::new();
        let mut res = UnitResult {
            terms: m.terms,
            ..UnitResult::default()
        };
        let mut runs: Vec<usize> = Vec::new();
        let collect = self.want_positions;
        let fields = m.fields;
        let mut from = 0usize;
        for (&(id, w, kind), &end) in m.vars.iter().zip(&m.ends) {
            let run = m.entries.get(from..end).unwrap_or(&[]);
            from = end;
            let Some(t) = self.ix.term(id) else { continue };
            if run.is_empty() {
                continue;
            }
            let idf = idf(self.n, t.df);
            let postings = self.ix.postings(id);
            let before = res.positions.len();
            let mut i = 0usize;
            for &d in keep {
                i = gallop(run, i, |e| e.0 < d);
                let Some(&(doc, at, n)) = run.get(i) else {
                    break;
                };
                if doc != d {
                    continue;
                }
                let mark = res.positions.len();
                let mut tf = [0u32; NFIELDS];
                let mut it = PostingsIter::resume(postings, at as usize, doc);
                let read = it.positions_each(u64::from(n), |p| {
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
                let scored = read.and_then(|_| self.bm25f(doc, &tf, kind));
                let (Some((sat, mask)), Some(slot)) = (scored, best.get_mut(doc as usize)) else {
                    res.positions.truncate(mark);
                    continue;
                };
                let score = w * idf * sat;
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
            if res.positions.len() > before {
                runs.push(before);
            }
        }
        touched.sort_unstable();
        res.hits = touched
            .into_iter()
            .filter_map(|d| {
                let slot = best.get_mut(d as usize)?;
                Some(std::mem::replace(slot, NO_HIT))
            })
            .collect();
        drop(best_cell);
        if runs.len() > 1 {
            res.positions = merge_runs(&res.positions, &runs);
        }
        res
    }
}

/// The first pass over a clause: its words' entries that count, its
/// phrases evaluated (with positions when `ctx` collects them).
pub(super) fn find_clause(ctx: &Ctx, c: &Clause, opts: &SearchOptions) -> Vec<Found> {
    work::add_clause();
    c.alts
        .iter()
        .map(|u| match u {
            Unit::Word { term, fields, last } => Found::Word(ctx.word_entries(
                term,
                ctx.effective_fields(*fields),
                *last,
                opts,
                true,
            )),
            Unit::Phrase { .. } => Found::Phrase(ctx.unit(u, opts, true)),
        })
        .collect()
}

/// The second pass over a clause: the documents of `keep` (sorted) scored
/// as [`eval_clause`] scores them.
pub(super) fn score_clause(
    ctx: &Ctx,
    found: Vec<Found>,
    keep: &[u32],
    optional: bool,
) -> ClauseResult {
    let units = found
        .into_iter()
        .map(|f| match f {
            Found::Word(m) => ctx.score_entries(m, keep),
            Found::Phrase(r) => r,
        })
        .collect();
    combine(units, optional)
}

/// The least coverage a document needs to reach the first `page_end`
/// results: the highest level `c` such that the documents of `cands` with
/// coverage `c` or more number at least `page_end` (0 when they never do).
/// Results come by coverage first, so none below it can be on the page.
pub(super) fn least_coverage(cands: &[u32], cov: &[u32], required: usize, page_end: usize) -> u32 {
    let mut per_level = vec![0usize; required + 1];
    for &d in cands {
        let c = cov
            .get(d as usize)
            .map_or(0, |&c| (c as usize).min(required));
        if let Some(n) = per_level.get_mut(c) {
            *n += 1;
        }
    }
    let mut reached = 0usize;
    for (c, &n) in per_level.iter().enumerate().rev() {
        reached += n;
        if reached >= page_end {
            return c as u32;
        }
    }
    0
}
