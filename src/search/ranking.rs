//! Ranking: BM25F over the fields (title boosted, entity fields and
//! keyphrases raising the score), match-kind weights (exact > stemmed >
//! prefix > typo), a proximity bonus for query words close together, and
//! coverage first: documents matching every required clause come before
//! those matching fewer, so one rare word never empties the results.

use super::analysis::{is_cjk, is_stop_word, text_layer, tokenize_fast_no_shapes};
use super::highlight::{
    locate_matches, match_ranges, snippet, snippet_near, spans, DocWants, HighlightSpec, Located,
    Want, MAX_MATCHES, SCAN_BUDGET,
};
use super::index::POS_BITS;
use super::index::{pos_field, EditDistance, FxMap, Index, PostingsIter, MAX_FUZZY_BYTES};
use super::index::{DocRank, StoredDoc};
use super::query::{parse_query, Clause, FieldMask, Unit, ALL_FIELDS};
use super::work;
use super::{
    FacetCount, Facets, Field, Related, SearchHit, SearchOptions, SearchResults, Snippet, NFIELDS,
};
use crate::text::OffsetMap;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

/// BM25 saturation.
const K1: f32 = 1.2;
/// Field weights: title, body, person, org, place, speaker, keyphrase.
const FIELD_WEIGHT: [f32; NFIELDS] = [3.0, 1.0, 2.0, 2.0, 2.0, 1.5, 2.5];
/// Length normalization per field.
const FIELD_B: [f32; NFIELDS] = [0.5, 0.75, 0.3, 0.3, 0.3, 0.3, 0.3];
/// Weights of the match kinds.
const W_EXACT: f32 = 1.0;
const W_STEM: f32 = 0.7;
const W_PREFIX: f32 = 0.5;
const W_TYPO1: f32 = 0.4;
const W_TYPO2: f32 = 0.25;
/// Proximity bonus for two consecutive query clauses next to each other.
const W_PROXIMITY: f32 = 4.0;
/// Farthest distance (tokens) that earns a proximity bonus.
const MAX_PROXIMITY: u32 = 30;
/// A word in at least this many documents gets no typo expansion: it is
/// what was meant (the known-item benchmark keeps its MRR, plain queries
/// take about half the time).
const KNOWN_DF: u32 = 5;
/// Most prefix and typo expansions of one word.
const MAX_EXPANSIONS: usize = 40;
/// Values per facet.
const FACET_SIZE: usize = 10;
/// Largest `limit` honoured: a larger one is clamped to it (a page of 1,000
/// results; `offset` pages further).
pub const MAX_LIMIT: usize = 1000;
/// Hits of a page that get highlights, snippets and matches; the rest of a
/// larger page come as with `highlight: false`, flagged `matches_cut`. With
/// highlight work bounded per hit, this bounds a page's highlight work.
pub const MAX_HIGHLIGHTED_HITS: usize = 100;

/// How a search makes its highlights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Highlighter {
    /// From the index's positions, reading only windows around the matches
    /// (cost bounded per hit): what [`search`] does.
    Bounded,
    /// By re-reading each hit's whole title and body: the reference.
    Reference,
}

/// How a clause matched a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// The exact (folded) word.
    Exact,
    /// Another word with the same English stem.
    Stem,
    /// A word starting with the typed prefix.
    Prefix,
    /// A word within the allowed edit distance.
    Typo,
    /// An exact phrase.
    Phrase,
}

impl MatchKind {
    /// The lowercase name JSON gives it (`exact`, `stem`, `prefix`, `typo`, `phrase`).
    pub fn name(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Stem => "stem",
            MatchKind::Prefix => "prefix",
            MatchKind::Typo => "typo",
            MatchKind::Phrase => "phrase",
        }
    }
}

/// One clause's part of a result's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExplainClause {
    /// The clause as parsed (folded).
    pub query: String,
    /// The indexed term (or phrase) that matched.
    pub term: String,
    /// How it matched.
    pub kind: MatchKind,
    /// Its BM25F score (after the match-kind weight).
    pub score: f32,
    /// Fields where it matched.
    pub fields: Vec<&'static str>,
}

/// A result's score breakdown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explain {
    /// Required clauses matched.
    pub coverage: u32,
    /// Required clauses in the query.
    pub required: u32,
    /// Each matched clause's part.
    pub clauses: Vec<ExplainClause>,
    /// Proximity bonus.
    pub proximity: f32,
    /// The total score.
    pub score: f32,
}

/// A unit's match in one document.
#[derive(Debug, Clone, Copy)]
struct Hit {
    doc: u32,
    score: f32,
    /// Term id, or `u32::MAX` for a phrase.
    term: u32,
    kind: MatchKind,
    fields: u8,
}

/// Everything one unit matched.
#[derive(Debug, Default)]
struct UnitResult {
    /// Hits sorted by document.
    hits: Vec<Hit>,
    /// (document, position) of title and body matches, sorted.
    positions: Vec<(u32, u32)>,
    /// Terms to highlight.
    terms: Vec<String>,
}

fn idf(n: f32, df: u32) -> f32 {
    let df = df as f32;
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln().max(0.01)
}

struct Ctx<'a> {
    ix: &'a Index,
    n: f32,
    /// Each document slot's length norms and flags (see [`DocRank`]).
    ranks: Arc<[DocRank]>,
    want_positions: bool,
    /// The best hit per document slot, shared by the words of a query: every
    /// slot is [`NO_HIT`] between two words (each word resets the slots it
    /// touched), so a word costs no array of the corpus's size.
    best: std::cell::RefCell<Vec<Hit>>,
}

/// A [`Ctx::best`] slot without a hit (document numbers are below the
/// number of documents).
const NO_HIT: Hit = Hit {
    doc: u32::MAX,
    score: 0.0,
    term: 0,
    kind: MatchKind::Exact,
    fields: 0,
};

/// The [`DocRank`] of every document slot of `ix`: the length norms BM25F
/// divides by, computed as [`Ctx::bm25f`] did per entry (the same floats).
fn doc_ranks(ix: &Index) -> Vec<DocRank> {
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
                    let norm = 1.0 - FIELD_B[f] + FIELD_B[f] * stored.lens[f] as f32 / avg[f];
                    *n = norm.max(0.05);
                }
                r
            }
            None => DocRank::default(),
        })
        .collect()
}

impl<'a> Ctx<'a> {
    fn new(ix: &'a Index, want_positions: bool) -> Self {
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
    fn bm25f(&self, doc: u32, tf: &[u32; NFIELDS], kind: MatchKind) -> Option<(f32, u8)> {
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

    /// Exact, stemmed, prefix and typo variants of a word: (term id, weight, kind).
    fn variants(
        &self,
        term: &str,
        last: bool,
        opts: &SearchOptions,
        stems_ok: bool,
    ) -> Vec<(u32, f32, MatchKind)> {
        let ix = self.ix;
        let mut out: Vec<(u32, f32, MatchKind)> = Vec::new();
        let live = |id: u32| ix.term(id).is_some_and(|t| t.df > 0);
        let exact = ix.term_id(term).filter(|&id| live(id));
        if let Some(id) = exact {
            out.push((id, W_EXACT, MatchKind::Exact));
        }
        if stems_ok {
            {
                for &id in ix.stem_terms(&ix.stemmer.stem(term)) {
                    if Some(id) != exact && live(id) {
                        out.push((id, W_STEM, MatchKind::Stem));
                    }
                }
            }
        }
        let has = |out: &Vec<(u32, f32, MatchKind)>, id: u32| out.iter().any(|v| v.0 == id);
        if last && opts.prefix && !term.is_empty() {
            let aut = super::index::Prefix(term.as_bytes());
            let mut ids = ix.automaton_terms(aut, |t| t.starts_with(term), 5000);
            ids.retain(|&id| live(id) && !has(&out, id));
            crate::text::sort::sort_by_key_hot(&mut ids, |&id| {
                std::cmp::Reverse(ix.term(id).map_or(0, |t| t.df))
            });
            ids.truncate(MAX_EXPANSIONS);
            for id in ids {
                out.push((id, W_PREFIX, MatchKind::Prefix));
            }
        }
        let chars = term.chars().count();
        // a word that many articles use is what the reader typed: its typo
        // neighbours would only add rarer words, at the cost of their postings
        let common = exact
            .and_then(|id| ix.term(id))
            .is_some_and(|t| t.df >= KNOWN_DF);
        if opts.fuzzy
            && !common
            && chars >= 5
            && term.len() <= MAX_FUZZY_BYTES
            && !term.chars().any(|c| c.is_ascii_digit() || is_cjk(c))
        {
            // a word that is in the index is most likely meant: look for
            // fewer, closer neighbours than for a word that is not
            let known = !out.is_empty();
            let max = if chars >= 9 && !known { 2 } else { 1 };
            let keep = if known {
                MAX_EXPANSIONS / 4
            } else {
                MAX_EXPANSIONS
            };
            let check = EditDistance::new(term, max);
            let ids = ix.edit_terms(&check, 2000);
            let mut cand: Vec<(u8, u32, u32)> = ids
                .into_iter()
                .filter(|&id| live(id) && !has(&out, id))
                .filter_map(|id| {
                    let t = ix.term(id)?;
                    Some((check.distance(&t.text)?, std::cmp::Reverse(t.df).0, id))
                })
                .collect();
            crate::text::sort::sort_by_key_hot(&mut cand, |&(d, df, _)| (d, std::cmp::Reverse(df)));
            cand.truncate(keep);
            for (d, _, id) in cand {
                out.push((id, if d <= 1 { W_TYPO1 } else { W_TYPO2 }, MatchKind::Typo));
            }
        }
        out
    }

    /// The variants of a word a unit searches: all of them when `loose`,
    /// else (an excluded word) the exact and stemmed ones.
    fn word_variants(
        &self,
        term: &str,
        last: bool,
        opts: &SearchOptions,
        loose: bool,
    ) -> Vec<(u32, f32, MatchKind)> {
        if loose {
            self.variants(term, last, opts, true)
        } else {
            self.variants(
                term,
                false,
                &SearchOptions {
                    fuzzy: false,
                    prefix: false,
                    ..opts.clone()
                },
                true,
            )
        }
    }

    /// Whether an entry of document `doc` with a match of `kind` can count
    /// (what [`Ctx::bm25f`] checks besides the field counts).
    fn counts(&self, doc: u32, kind: MatchKind) -> bool {
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
    fn word_entries(
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
    fn score_entries(&self, m: WordEntries, keep: &[u32]) -> UnitResult {
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
                let empty = slot.doc == u32::MAX;
                // kept only when at least as good, as in `Ctx::word`
                let kept = matches!(
                    slot.score.partial_cmp(&score),
                    Some(std::cmp::Ordering::Greater | std::cmp::Ordering::Equal)
                );
                if empty || !kept {
                    if empty {
                        touched.push(doc);
                    }
                    *slot = Hit {
                        doc,
                        score,
                        term: id,
                        kind,
                        fields: mask,
                    };
                }
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

    /// Evaluates a word: best variant per document.
    fn word(
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
                let empty = slot.doc == u32::MAX;
                // kept only when at least as good (as `h.score >= score` was)
                let kept = matches!(
                    slot.score.partial_cmp(&score),
                    Some(std::cmp::Ordering::Greater | std::cmp::Ordering::Equal)
                );
                if empty || !kept {
                    if empty {
                        touched.push(doc);
                    }
                    *slot = Hit {
                        doc,
                        score,
                        term: id,
                        kind,
                        fields: mask,
                    };
                }
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
    fn phrase(&self, words: &[(String, u32)], fields: FieldMask) -> UnitResult {
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
            while let Some(doc) = it.next_into(&mut pos) {
                cand.push((doc, flat.len(), flat.len() + pos.len()));
                flat.extend_from_slice(&pos);
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
    fn effective_fields(&self, fields: FieldMask) -> FieldMask {
        let text = Field::Title.bit() | Field::Body.bit();
        let empty = (0..NFIELDS).all(|f| fields & (1 << f) == 0 || self.ix.field_len_sum[f] == 0);
        if fields & text == 0 && empty {
            ALL_FIELDS
        } else {
            fields
        }
    }

    fn unit(&self, u: &Unit, opts: &SearchOptions, loose: bool) -> UnitResult {
        match u {
            Unit::Word { term, fields, last } => {
                self.word(term, self.effective_fields(*fields), *last, opts, loose)
            }
            Unit::Phrase { words, fields } => self.phrase(words, self.effective_fields(*fields)),
        }
    }
}

/// A word's entries that count, per variant, before any is scored (see
/// [`Ctx::word_entries`]).
struct WordEntries {
    /// The variants: (term id, weight, kind).
    vars: Vec<(u32, f32, MatchKind)>,
    /// Where each variant's entries end in `entries`.
    ends: Vec<usize>,
    /// (document, byte offset of its positions, their number), in
    /// document order within each variant.
    entries: Vec<(u32, u32, u32)>,
    /// The fields searched.
    fields: FieldMask,
    /// The matched forms, to highlight.
    terms: Vec<String>,
}

impl WordEntries {
    /// The documents where some variant counts, in order, duplicates kept.
    fn docs(&self) -> impl Iterator<Item = u32> + '_ {
        self.entries.iter().map(|e| e.0)
    }
}

/// A unit after the first pass: a word's entries, or a phrase evaluated.
enum Found {
    Word(WordEntries),
    Phrase(UnitResult),
}

/// The first index from `from` where `pred` turns false in `v` (true
/// before it, false after it from there on): galloping, so a short step
/// costs a few comparisons and a long one a binary search.
fn gallop<T>(v: &[T], from: usize, pred: impl Fn(&T) -> bool) -> usize {
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

/// A clause's matches: per-document best alternative, and merged positions.
struct ClauseResult {
    /// (doc, score, alternative index, hit) sorted by doc.
    hits: Vec<(u32, f32, usize, Hit)>,
    positions: Vec<(u32, u32)>,
    optional: bool,
    units: Vec<UnitResult>,
}

fn eval_clause(ctx: &Ctx, c: &Clause, opts: &SearchOptions) -> ClauseResult {
    work::add_clause();
    let units: Vec<UnitResult> = c.alts.iter().map(|u| ctx.unit(u, opts, true)).collect();
    combine(units, c.optional)
}

/// The first pass over a clause: its words' entries that count, its
/// phrases evaluated (with positions when `ctx` collects them).
fn find_clause(ctx: &Ctx, c: &Clause, opts: &SearchOptions) -> Vec<Found> {
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
fn score_clause(ctx: &Ctx, found: Vec<Found>, keep: &[u32], optional: bool) -> ClauseResult {
    let units = found
        .into_iter()
        .map(|f| match f {
            Found::Word(m) => ctx.score_entries(m, keep),
            Found::Phrase(r) => r,
        })
        .collect();
    combine(units, optional)
}

/// A clause's result from its alternatives' results.
fn combine(mut units: Vec<UnitResult>, optional: bool) -> ClauseResult {
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
        std::hash::BuildHasherDefault<super::index::FxHasher>,
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
fn merge_runs(v: &[(u32, u32)], starts: &[usize]) -> Vec<(u32, u32)> {
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

/// The first `k` of `keyed` in `order` (a total order), sorted, moved to
/// its front; the rest follow in no particular order when `keep_rest`, and
/// are dropped when not. One pass keeping the best `k` so far: most entries
/// lose to the `k`-th with one comparison, where a selection would move
/// them all.
fn top_k<T: Copy>(
    keyed: &mut Vec<T>,
    k: usize,
    order: impl Fn(&T, &T) -> std::cmp::Ordering,
    keep_rest: bool,
) {
    let mut top: Vec<(T, usize)> = Vec::with_capacity(k + 1);
    for (i, x) in keyed.iter().enumerate() {
        if top.len() == k
            && top
                .last()
                .is_some_and(|(w, _)| order(x, w) != std::cmp::Ordering::Less)
        {
            continue;
        }
        let at = top.partition_point(|(y, _)| order(y, x) == std::cmp::Ordering::Less);
        top.insert(at, (*x, i));
        top.truncate(k);
    }
    if !keep_rest {
        keyed.clear();
        keyed.extend(top.iter().map(|&(x, _)| x));
        return;
    }
    let mut picked: Vec<usize> = top.iter().map(|&(_, i)| i).collect();
    picked.sort_unstable();
    let mut out: Vec<T> = Vec::with_capacity(keyed.len());
    out.extend(top.iter().map(|&(x, _)| x));
    let mut p = 0;
    for (i, &x) in keyed.iter().enumerate() {
        if picked.get(p) == Some(&i) {
            p += 1;
        } else {
            out.push(x);
        }
    }
    *keyed = out;
}

/// The first index from `from` (whose document is below `doc`) where `v`
/// (sorted) reaches document `doc`, or its length: galloping, so a short
/// skip costs a few steps and a long one a binary search.
fn skip_to(v: &[(u32, u32)], from: usize, doc: u32) -> usize {
    skip_past(v, from, (doc, 0))
}

/// The first index from `from` (whose entry is below `key`) where `v`
/// (sorted) reaches `key` (document, position), or its length: galloping,
/// as [`skip_to`].
fn skip_past(v: &[(u32, u32)], from: usize, key: (u32, u32)) -> usize {
    let mut lo = from;
    let mut step = 1usize;
    let mut hi = from.saturating_add(1);
    while v.get(hi).is_some_and(|x| *x < key) {
        lo = hi;
        step = step.saturating_mul(2);
        hi = lo.saturating_add(step);
    }
    let hi = hi.min(v.len());
    let start = lo.saturating_add(1).min(hi);
    start
        + v.get(start..hi)
            .map_or(0, |s| s.partition_point(|x| *x < key))
}

/// Smallest distance between positions of `a` and `b` (same field), one
/// `(document, distance)` per document that has a close pair.
fn min_distances(a: &[(u32, u32)], b: &[(u32, u32)], out: &mut Vec<(u32, u32)>) {
    let (mut i, mut j) = (0, 0);
    while let (Some(&(da, pa)), Some(&(db, pb))) = (a.get(i), b.get(j)) {
        // a document only one side has: its positions skipped in one go
        if da < db {
            i = skip_to(a, i, db);
            continue;
        }
        if db < da {
            j = skip_to(b, j, da);
            continue;
        }
        // a run of positions too far before the other side's: the merge
        // would step over each of them without a pair, so they are
        // skipped in one go, to where the step-by-step merge would be
        if pb.saturating_sub(pa) > MAX_PROXIMITY {
            i = skip_past(a, i, (da, pb - MAX_PROXIMITY));
            continue;
        }
        if pa.saturating_sub(pb) > MAX_PROXIMITY {
            j = skip_past(b, j, (db, pa - MAX_PROXIMITY));
            continue;
        }
        let d = pa.abs_diff(pb);
        if d > 0 && d <= MAX_PROXIMITY && pos_field(pa) == pos_field(pb) {
            match out.last_mut() {
                Some((doc, best)) if *doc == da => *best = (*best).min(d),
                _ => out.push((da, d)),
            }
        }
        if pa < pb {
            i += 1;
        } else {
            j += 1;
        }
    }
}

/// The least coverage a document needs to reach the first `page_end`
/// results: the highest level `c` such that the documents of `cands` with
/// coverage `c` or more number at least `page_end` (0 when they never do).
/// Results come by coverage first, so none below it can be on the page.
fn least_coverage(cands: &[u32], cov: &[u32], required: usize, page_end: usize) -> u32 {
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

/// Runs a query over the index.
pub fn search(ix: &Index, query: &str, opts: &SearchOptions) -> SearchResults {
    search_with(ix, query, opts, Highlighter::Bounded)
}

/// Runs a query over the index, making highlights with `hl`.
pub fn search_with(
    ix: &Index,
    query: &str,
    opts: &SearchOptions,
    hl: Highlighter,
) -> SearchResults {
    let q = parse_query(query);
    let positive: Vec<&Clause> = q.clauses.iter().collect();
    // positions are read only for the proximity of consecutive required
    // clauses: optional ones (stop words, the most frequent terms) and a
    // lone required one skip collecting them
    let required = positive.iter().filter(|c| !c.optional).count();
    let ctx = Ctx::new(ix, required > 1);
    let ctx_lone = Ctx::new(ix, false);
    let ctx_of = |c: &Clause| if c.optional { &ctx_lone } else { &ctx };
    let nd = ix.docs.len();
    let mut score = vec![0f32; nd];
    let mut cov = vec![0u32; nd];
    let mut matched = vec![false; nd];
    // Several required clauses: two passes. Results come by coverage
    // first, so the first pass finds which documents each clause matches
    // (stepping over the positions), and only the documents of the
    // coverage levels that can reach the page are scored in the second:
    // the same page, scores and total as scoring every one.
    let two_pass = required > 1;
    let mut found: Vec<Vec<Found>> = Vec::new();
    let mut clauses: Vec<ClauseResult> = Vec::new();
    if two_pass {
        // the clause that last counted each document
        let mut last = vec![usize::MAX; nd];
        for (ci, c) in positive.iter().enumerate() {
            let f = find_clause(ctx_of(c), c, opts);
            let mut mark = |d: u32| {
                let d = d as usize;
                if let (Some(m), Some(l), Some(k)) =
                    (matched.get_mut(d), last.get_mut(d), cov.get_mut(d))
                {
                    *m = true;
                    if !c.optional && *l != ci {
                        *l = ci;
                        *k += 1;
                    }
                }
            };
            for unit in &f {
                match unit {
                    Found::Word(m) => m.docs().for_each(&mut mark),
                    Found::Phrase(r) => r.hits.iter().for_each(|h| mark(h.doc)),
                }
            }
            found.push(f);
        }
    } else {
        clauses = positive
            .iter()
            .map(|c| eval_clause(ctx_of(c), c, opts))
            .collect();
        for c in &clauses {
            for &(d, s, _, _) in &c.hits {
                if let Some(x) = score.get_mut(d as usize) {
                    *x += s;
                    if !c.optional {
                        cov[d as usize] += 1;
                    }
                    matched[d as usize] = true;
                }
            }
        }
    }
    // exclusions
    let ctx_ex = Ctx::new(ix, false);
    for u in &q.exclude {
        for h in ctx_ex.unit(u, opts, false).hits {
            if let Some(m) = matched.get_mut(h.doc as usize) {
                *m = false;
            }
        }
    }
    let cands: Vec<u32> = if opts.filters.is_empty() {
        // the matched stored documents (the packed live flag answers,
        // without touching the stored documents), collected without a
        // branch per document: each is written, the kept ones advance
        let mut out = vec![0u32; nd + 1];
        let mut k = 0usize;
        for (d, (&m, r)) in matched.iter().zip(ctx.ranks.iter()).enumerate() {
            if let Some(slot) = out.get_mut(k) {
                *slot = d as u32;
            }
            k += usize::from(m & (r.flags & DocRank::LIVE != 0));
        }
        out.truncate(k);
        out
    } else {
        (0..nd as u32)
            .filter(|&d| {
                matched[d as usize]
                    && ix.docs.get(d as usize).is_some_and(|s| {
                        s.as_ref()
                            .is_some_and(|s| opts.filters.iter().all(|f| f.accepts(&s.fields)))
                    })
            })
            .collect()
    };
    let limit = opts.limit.min(MAX_LIMIT);
    let page_end = opts.offset.saturating_add(limit);
    // the documents ranked: with two passes, those of the highest coverage
    // levels that hold at least a page's end of documents
    let pruned: Option<Vec<u32>> = two_pass.then(|| {
        let least = least_coverage(&cands, &cov, required, page_end);
        let keep: Vec<u32> = cands
            .iter()
            .copied()
            .filter(|&d| cov.get(d as usize).is_some_and(|&c| c >= least))
            .collect();
        clauses = found
            .drain(..)
            .zip(&positive)
            .map(|(f, c)| score_clause(ctx_of(c), f, &keep, c.optional))
            .collect();
        for c in &clauses {
            for &(d, s, _, _) in &c.hits {
                if let Some(x) = score.get_mut(d as usize) {
                    *x += s;
                }
            }
        }
        keep
    });
    let ranked: &[u32] = pruned.as_deref().unwrap_or(&cands);
    // proximity between consecutive required clauses
    let mut prox = vec![0f32; nd];
    let req: Vec<&ClauseResult> = clauses.iter().filter(|c| !c.optional).collect();
    let mut md = Vec::new();
    for w in req.windows(2) {
        md.clear();
        min_distances(&w[0].positions, &w[1].positions, &mut md);
        for &(d, dist) in &md {
            if let Some(p) = prox.get_mut(d as usize) {
                *p += W_PROXIMITY / dist as f32;
            }
        }
    }
    let total_score = |d: u32| score[d as usize] + prox[d as usize];
    // sort keys: coverage, then score, then insertion order
    let mut keyed: Vec<(u32, f32, u32)> = ranked
        .iter()
        .map(|&d| (cov[d as usize], total_score(d), d))
        .collect();
    let order = |a: &(u32, f32, u32), b: &(u32, f32, u32)| {
        b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2))
    };
    // only the requested page needs to be in order; facets count every
    // matched document (`cands`, in any order)
    let total = cands.len();
    if page_end > 0 && page_end <= 64 && page_end < keyed.len() {
        top_k(&mut keyed, page_end, order, false);
    } else if page_end > 0 && page_end < keyed.len() {
        keyed.select_nth_unstable_by(page_end - 1, order);
        if let Some(page) = keyed.get_mut(..page_end) {
            page.sort_unstable_by(order);
        }
    } else {
        keyed.sort_unstable_by(order);
    }
    let facets = if opts.facets {
        facets(ix, &cands)
    } else {
        Facets::default()
    };
    let ranked: Vec<u32> = keyed.into_iter().map(|k| k.2).collect();
    let required = req.len() as u32;
    let page: Vec<u32> = ranked
        .iter()
        .skip(opts.offset)
        .take(limit)
        .copied()
        .collect();
    let lit = if opts.highlight {
        page.len().min(MAX_HIGHLIGHTED_HITS)
    } else {
        0
    };
    let lit_docs = page.get(..lit).unwrap_or(&[]);
    // one highlight spec per set of word pairs present (usually one or two)
    let pairs = if lit > 0 {
        word_pairs(&ctx_ex, &q.clauses)
    } else {
        Vec::new()
    };
    let mut specs: Vec<(u64, HighlightSpec)> = Vec::new();
    let mut spec_of: Vec<usize> = Vec::with_capacity(lit);
    for &d in lit_docs {
        let sig = pairs
            .iter()
            .enumerate()
            .filter(|(_, p)| p.docs.binary_search(&d).is_ok())
            .fold(0u64, |m, (i, _)| m | 1 << i);
        let k = match specs.iter().position(|(s, _)| *s == sig) {
            Some(k) => k,
            None => {
                specs.push((sig, highlight_spec(ix, &q.clauses, &clauses, &pairs, sig)));
                specs.len() - 1
            }
        };
        spec_of.push(k);
    }
    let mut wants: Vec<DocWants<'_>> = vec![DocWants::default(); lit];
    if hl == Highlighter::Bounded {
        for (k, (_, spec)) in specs.iter().enumerate() {
            let slots: Vec<usize> = (0..lit).filter(|&i| spec_of.get(i) == Some(&k)).collect();
            let docs: Vec<u32> = slots
                .iter()
                .filter_map(|&i| lit_docs.get(i).copied())
                .collect();
            for (i, w) in slots.into_iter().zip(gather_wants(ix, spec, &docs)) {
                if let Some(slot) = wants.get_mut(i) {
                    *slot = w;
                }
            }
        }
    }
    let empty = HighlightSpec::default();
    let results = page
        .iter()
        .enumerate()
        .filter_map(|(k, &d)| {
            let stored = ix.docs.get(d as usize)?.as_ref()?;
            let explain = opts.explain.then(|| Explain {
                coverage: cov[d as usize],
                required,
                clauses: explain_clauses(ix, &q.clauses, &clauses, d),
                proximity: prox[d as usize],
                score: total_score(d),
            });
            let mut hit = SearchHit {
                id: stored.doc.id.clone(),
                title: stored.doc.title.clone(),
                score: total_score(d),
                title_highlights: Vec::new(),
                snippet: Snippet {
                    text: String::new(),
                    start: 0,
                    end: 0,
                    highlights: Vec::new(),
                },
                matches: Vec::new(),
                matches_cut: false,
                explain,
            };
            if k < lit {
                let spec = spec_of
                    .get(k)
                    .and_then(|&i| specs.get(i))
                    .map_or(&empty, |(_, s)| s);
                match hl {
                    Highlighter::Bounded => {
                        let none = DocWants::default();
                        fill_bounded(&mut hit, stored, spec, wants.get(k).unwrap_or(&none));
                    }
                    Highlighter::Reference => {
                        fill_highlights(&mut hit, &stored.doc.title, &stored.doc.text, spec);
                    }
                }
            } else if opts.highlight {
                hit.matches_cut = true;
            }
            Some(hit)
        })
        .collect();
    SearchResults {
        results,
        facets,
        total,
    }
}

/// A word is rare, and its lone occurrences stay marked even where its pair
/// occurs, when at most one document in this many has it (in a corpus of at
/// least this many documents; in a smaller one, or a single article as
/// [`super::highlight_text`] sees it, no word is rare).
const RARE_DOCS: u32 = 50;

/// Two adjacent unquoted words of a query (`north korea`), with the
/// documents where they occur together (exact forms, in a title or body).
struct WordPair {
    /// The two words, at offsets 0 and 1.
    words: Vec<(String, u32)>,
    /// The indices of their clauses.
    clauses: [usize; 2],
    /// Documents holding the pair, sorted.
    docs: Vec<u32>,
}

/// The pairs of adjacent unquoted words of a query ([`Clause::joined`]),
/// at most 64, with the documents whose title or body holds them.
fn word_pairs(ctx: &Ctx, clauses: &[Clause]) -> Vec<WordPair> {
    let word = |c: &Clause| match c.alts.as_slice() {
        [Unit::Word { term, fields, .. }] if *fields == ALL_FIELDS => Some(term.clone()),
        _ => None,
    };
    let mut out = Vec::new();
    for (i, w) in clauses.windows(2).enumerate() {
        let [a, b] = w else { continue };
        if !b.joined || out.len() >= 64 {
            continue;
        }
        let (Some(x), Some(y)) = (word(a), word(b)) else {
            continue;
        };
        let words = vec![(x, 0), (y, 1)];
        let docs: Vec<u32> = ctx
            .phrase(&words, Field::Title.bit() | Field::Body.bit())
            .hits
            .iter()
            .map(|h| h.doc)
            .collect();
        if !docs.is_empty() {
            out.push(WordPair {
                words,
                clauses: [i, i + 1],
                docs,
            });
        }
    }
    out
}

/// What to highlight in a document: every matched form of the query's
/// positive units, with one rule against scattered marks. Where two
/// adjacent unquoted words occur together in the document (`sig`: the
/// [`WordPair`]s present), they are marked as a phrase there, and not alone
/// elsewhere unless the word is rare (in at most one document in
/// [`RARE_DOCS`]): `north korea` marks "North Korea", not every "north".
/// Where the pair does not occur, each word is marked wherever it matches.
/// Stop words (optional clauses) are marked only inside such a phrase.
fn highlight_spec(
    ix: &Index,
    clauses: &[Clause],
    results: &[ClauseResult],
    pairs: &[WordPair],
    sig: u64,
) -> HighlightSpec {
    let text_fields = Field::Title.bit() | Field::Body.bit();
    let mut spec = HighlightSpec::default();
    let mut quiet = vec![false; clauses.len()];
    for (i, c) in clauses.iter().enumerate() {
        if let Some(q) = quiet.get_mut(i) {
            *q = c.optional;
        }
    }
    let n = ix.live().max(1) as u64;
    for (i, p) in pairs.iter().enumerate() {
        if sig & (1 << i) == 0 {
            continue;
        }
        spec.phrases.push((p.words.clone(), text_fields));
        for (&ci, (w, _)) in p.clauses.iter().zip(&p.words) {
            let df = ix.term_id(w).and_then(|id| ix.term(id)).map_or(0, |t| t.df);
            let rare = n >= u64::from(RARE_DOCS) && u64::from(df) * u64::from(RARE_DOCS) <= n;
            if let Some(q) = quiet.get_mut(ci) {
                *q |= !rare;
            }
        }
    }
    for (ci, (c, r)) in clauses.iter().zip(results).enumerate() {
        let quiet = quiet.get(ci).copied().unwrap_or(false);
        for (u, ur) in c.alts.iter().zip(&r.units) {
            // units restricted to entity fields are highlighted where the text says them
            let m = if u.fields() & text_fields != 0 {
                u.fields() & text_fields
            } else {
                text_fields
            };
            match u {
                Unit::Word { .. } => {
                    if quiet {
                        continue;
                    }
                    for t in &ur.terms {
                        *spec.words.entry(t.clone()).or_insert(0) |= m;
                    }
                }
                Unit::Phrase { words, .. } => {
                    if !ur.hits.is_empty() {
                        spec.phrases.push((words.clone(), m));
                    }
                }
            }
        }
    }
    spec
}

/// Highlights from positions: matches placed from the index's positions,
/// the snippet from the paragraphs around the hits that can win.
fn fill_bounded(hit: &mut SearchHit, stored: &StoredDoc, spec: &HighlightSpec, wants: &DocWants) {
    let doc = &stored.doc;
    let (title_marks, body_marks) = stored.highlight_marks();
    let (title, _) = locate_matches(
        &doc.title,
        &title_marks,
        &wants.title,
        spec,
        Field::Title,
        MAX_MATCHES,
        SCAN_BUDGET,
    );
    hit.title_highlights = title.iter().map(Located::span).collect();
    let (body, cut) = locate_matches(
        &doc.text,
        &body_marks,
        &wants.body,
        spec,
        Field::Body,
        MAX_MATCHES,
        SCAN_BUDGET,
    );
    hit.matches = body.iter().map(Located::span).collect();
    hit.matches_cut = cut;
    hit.snippet = snippet_near(&doc.text, &body_marks, &body);
}

/// Highlights by re-reading the whole title and body (the reference).
fn fill_highlights(hit: &mut SearchHit, title: &str, text: &str, spec: &HighlightSpec) {
    let tlayer = tokenize_fast_no_shapes(title);
    let tmap = OffsetMap::new(title);
    hit.title_highlights = spans(&tmap, &match_ranges(title, &tlayer, Field::Title, spec));
    let layer = text_layer(text);
    let map = OffsetMap::new(text);
    let ranges = match_ranges(text, &layer.tokens, Field::Body, spec);
    hit.matches = spans(&map, &ranges);
    hit.snippet = snippet(text, &layer, &map, &ranges);
}

fn explain_clauses(
    ix: &Index,
    clauses: &[Clause],
    results: &[ClauseResult],
    doc: u32,
) -> Vec<ExplainClause> {
    let mut out = Vec::new();
    for (c, r) in clauses.iter().zip(results) {
        let Ok(k) = r.hits.binary_search_by_key(&doc, |h| h.0) else {
            continue;
        };
        let Some(&(_, s, ai, h)) = r.hits.get(k) else {
            continue;
        };
        let Some(u) = c.alts.get(ai) else { continue };
        let term = if h.term == u32::MAX {
            u.label()
        } else {
            ix.term(h.term).map(|t| t.text.clone()).unwrap_or_default()
        };
        out.push(ExplainClause {
            query: u.label(),
            term,
            kind: h.kind,
            score: s,
            fields: Field::ALL
                .iter()
                .filter(|f| h.fields & f.bit() != 0)
                .map(|f| f.name())
                .collect(),
        });
    }
    out
}

/// The top values of each entity field over the documents `docs`: each
/// document's values are numbers ([`super::index::FacetTable`]), counted in
/// arrays, so the cost is one increment per value, whatever the names. Short
/// forms then merge into their full names ([`super::facet_alias`]), on the
/// values' prepared word numbers, and the documents are counted again only
/// for a field where something merged.
fn facets(ix: &Index, docs: &[u32]) -> Facets {
    let mut table = ix.facets.borrow_mut();
    table.refresh(&ix.docs);
    let table = &mut *table;
    table.prep.sort(&table.names);
    let table = &*table;
    let mut out: [Vec<FacetCount>; 3] = Default::default();
    for (k, slot) in out.iter_mut().enumerate() {
        let n = table.names.get(k).map_or(0, Vec::len);
        let mut counts = vec![0u32; n];
        let mut touched: Vec<u32> = Vec::new();
        let count_into = |counts: &mut Vec<u32>, touched: &mut Vec<u32>, id: u32| {
            if let Some(x) = counts.get_mut(id as usize) {
                if *x == 0 {
                    touched.push(id);
                }
                *x += 1;
            }
        };
        for &d in docs {
            if let Some(list) = table.per_doc.get(d as usize).and_then(|ids| ids.get(k)) {
                for &id in list {
                    count_into(&mut counts, &mut touched, id);
                }
            }
        }
        // the values in sorted order, as the alias rules read them
        crate::text::sort::sort_by_key_hot(&mut touched, |&id| table.prep.rank(k, id));
        let values: Vec<(u32, u32)> = touched
            .iter()
            .map(|&id| (id, counts.get(id as usize).copied().unwrap_or(0)))
            .collect();
        let canon = table.prep.aliases(k, &values);
        if canon.iter().any(Option::is_some) {
            // each document counts once per canonical name
            let mut to = vec![u32::MAX; n];
            for ((id, _), c) in values.iter().zip(&canon) {
                if let (Some(slot), Some(c)) = (to.get_mut(*id as usize), c) {
                    *slot = *c;
                }
            }
            for &id in &touched {
                if let Some(x) = counts.get_mut(id as usize) {
                    *x = 0;
                }
            }
            touched.clear();
            let mut seen: Vec<u32> = Vec::new();
            for &d in docs {
                let Some(list) = table.per_doc.get(d as usize).and_then(|ids| ids.get(k)) else {
                    continue;
                };
                seen.clear();
                for &id in list {
                    let c = match to.get(id as usize) {
                        Some(&c) if c != u32::MAX => c,
                        _ => id,
                    };
                    if !seen.contains(&c) {
                        seen.push(c);
                        count_into(&mut counts, &mut touched, c);
                    }
                }
            }
        }
        let mut v: Vec<(u32, u32, u32)> = touched
            .iter()
            .map(|&id| {
                let c = counts.get(id as usize).copied().unwrap_or(0);
                (c, table.prep.rank(k, id), id)
            })
            .collect();
        // most results first, then in the values' sorted order
        let order = |a: &(u32, u32, u32), b: &(u32, u32, u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        if v.len() > FACET_SIZE {
            v.select_nth_unstable_by(FACET_SIZE - 1, order);
            v.truncate(FACET_SIZE);
        }
        v.sort_unstable_by(order);
        let names = table.names.get(k);
        *slot = v
            .into_iter()
            .map(|(count, _, id)| FacetCount {
                value: names
                    .and_then(|ns| ns.get(id as usize))
                    .cloned()
                    .unwrap_or_default(),
                count,
            })
            .collect();
    }
    let [people, orgs, places] = out;
    Facets {
        people,
        orgs,
        places,
    }
}

/// Articles related to `id`: sharing its entities and keyphrases (weighted
/// high) and its most distinctive title and body terms.
pub fn related(ix: &Index, id: &str, limit: usize) -> Vec<Related> {
    let Some(&num) = ix.by_id.get(id) else {
        return Vec::new();
    };
    let Some(Some(stored)) = ix.docs.get(num as usize) else {
        return Vec::new();
    };
    let ctx = Ctx::new(ix, false);
    // salient units: entity names and keyphrases as phrases in any field
    let mut units: Vec<(Unit, f32, String)> = Vec::new();
    let fields = &stored.fields;
    for (vals, w) in [
        (&fields.people, 2.0),
        (&fields.orgs, 1.5),
        (&fields.places, 1.0),
        (&fields.keyphrases, 2.0),
    ] {
        for v in vals.iter().take(20) {
            let words = super::query::parse_query(&format!("\"{}\"", v.replace('"', " ")))
                .clauses
                .into_iter()
                .next()
                .and_then(|c| c.alts.into_iter().next());
            if let Some(u) = words {
                if !units.iter().any(|(x, _, _)| *x == u) {
                    units.push((u, w, v.clone()));
                }
            }
        }
    }
    // distinctive terms: tf-idf over the title (doubled) and body
    let mut tf: HashMap<String, f32> = HashMap::new();
    for (text, w) in [(&stored.doc.title, 2.0), (&stored.doc.text, 1.0)] {
        for o in super::analysis::occurrences(text) {
            if o.part || is_stop_word(&o.term) || o.term.chars().count() < 3 {
                continue;
            }
            *tf.entry(o.term).or_insert(0.0) += w;
        }
    }
    let mut terms: Vec<(String, f32)> = tf
        .into_iter()
        .filter_map(|(t, f)| {
            let df = ix.term(ix.term_id(&t)?)?.df;
            (df > 1).then(|| (t, (1.0 + f.ln()) * idf(ctx.n, df)))
        })
        .collect();
    crate::text::sort::sort_by(&mut terms, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    for (t, _) in terms.into_iter().take(12) {
        units.push((
            Unit::Word {
                term: t.clone(),
                fields: ALL_FIELDS,
                last: false,
            },
            1.0,
            t,
        ));
    }
    let opts = SearchOptions::default();
    let mut score: HashMap<u32, (f32, Vec<String>)> = HashMap::new();
    for (u, w, label) in &units {
        for h in ctx.unit(u, &opts, false).hits {
            if h.doc == num {
                continue;
            }
            let e = score.entry(h.doc).or_insert((0.0, Vec::new()));
            e.0 += w * h.score;
            e.1.push(label.clone());
        }
    }
    let mut out: Vec<Related> = score
        .into_iter()
        .filter_map(|(d, (s, shared))| {
            let st = ix.docs.get(d as usize)?.as_ref()?;
            Some(Related {
                id: st.doc.id.clone(),
                title: st.doc.title.clone(),
                score: s,
                shared,
            })
        })
        .collect();
    crate::text::sort::sort_by(&mut out, |a, b| {
        b.score.total_cmp(&a.score).then(a.id.cmp(&b.id))
    });
    out.truncate(limit.min(MAX_LIMIT));
    out
}

/// The token-index bits of a position.
const POS_MASK: u32 = (1 << POS_BITS) - 1;

/// For each document of `docs` (internal numbers), where `spec` matches its
/// title and body, read from the postings: one pass over each highlighted
/// term's postings for all the documents. Phrases are matched on positions
/// as in [`super::highlight::match_ranges`]. Per document and field, only the first
/// [`MAX_MATCHES`] + 1 positions are kept (no more can be shown).
pub fn gather_wants<'s>(ix: &Index, spec: &'s HighlightSpec, docs: &[u32]) -> Vec<DocWants<'s>> {
    let mut out: Vec<DocWants<'s>> = vec![DocWants::default(); docs.len()];
    let slot: FxMap<u32, usize> = docs.iter().enumerate().map(|(i, &d)| (d, i)).collect();
    let Some(&last) = docs.iter().max() else {
        return out;
    };
    let text_fields = Field::Title.bit() | Field::Body.bit();
    let keep = |p: u32, mask: FieldMask| {
        let f = pos_field(p);
        f <= Field::Body as u8 && mask & text_fields & (1 << f) != 0 && p & POS_MASK != POS_MASK
    };
    // one pass over a term's postings: positions per slot
    let mut pos = Vec::new();
    let mut entries = 0u64;
    let mut each = |term: &str, f: &mut dyn FnMut(usize, &[u32])| {
        let Some(id) = ix.term_id(term) else {
            return;
        };
        let mut it = PostingsIter::new(ix.postings(id));
        while let Some((d, n)) = it.next_doc() {
            entries += 1;
            if d > last {
                break;
            }
            // only the shown documents' positions are decoded
            let read = match slot.get(&d) {
                Some(&k) => it.positions_into(n, &mut pos).map(|()| f(k, &pos)),
                None => it.skip_positions(n),
            };
            if read.is_none() {
                break;
            }
        }
    };
    let push = |v: &mut Vec<(u32, Want<'s>)>, p: u32, w: Want<'s>| v.push((p, w));
    for (term, &mask) in &spec.words {
        each(term, &mut |k, ps| {
            if let Some(dw) = out.get_mut(k) {
                let (mut nt, mut nb) = (0, 0);
                for &p in ps.iter().filter(|&&p| keep(p, mask)) {
                    if pos_field(p) == Field::Title as u8 {
                        if nt <= MAX_MATCHES {
                            push(&mut dw.title, p & POS_MASK, Want::Word);
                            nt += 1;
                        }
                    } else if nb <= MAX_MATCHES {
                        push(&mut dw.body, p & POS_MASK, Want::Word);
                        nb += 1;
                    }
                }
            }
        });
    }
    for (words, mask) in &spec.phrases {
        // positions of each phrase word, per slot
        let mut lists: Vec<Vec<Vec<u32>>> = vec![vec![Vec::new(); words.len()]; docs.len()];
        for (wi, (w, _)) in words.iter().enumerate() {
            each(w, &mut |k, ps| {
                if let Some(l) = lists.get_mut(k).and_then(|l| l.get_mut(wi)) {
                    l.extend(ps.iter().copied().filter(|&p| keep(p, *mask)));
                }
            });
        }
        for (k, l) in lists.iter().enumerate() {
            let (Some(first), Some(dw)) = (l.first(), out.get_mut(k)) else {
                continue;
            };
            for &s in first {
                let all = words.iter().zip(l).all(|((_, off), ps)| {
                    s.checked_add(*off)
                        .is_some_and(|p| ps.binary_search(&p).is_ok())
                });
                if !all {
                    continue;
                }
                for (w, off) in words {
                    let p = s + off;
                    let v = if pos_field(p) == Field::Title as u8 {
                        &mut dw.title
                    } else {
                        &mut dw.body
                    };
                    push(v, p & POS_MASK, Want::Phrase(w));
                }
            }
        }
    }
    work::add_postings(entries);
    for dw in out.iter_mut() {
        for v in [&mut dw.title, &mut dw.body] {
            v.sort_unstable();
            v.dedup();
            v.truncate(MAX_MATCHES + 1);
        }
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Merging sorted, duplicate-free runs gives what sorting all of
        /// them and dropping duplicates gives.
        #[test]
        fn merged_runs_equal_a_sort_and_dedup(
            runs in proptest::collection::vec(
                proptest::collection::btree_set((0u32..20, 0u32..40), 0..30), 1..5)
        ) {
            let mut v = Vec::new();
            let mut starts = Vec::new();
            for r in &runs {
                starts.push(v.len());
                v.extend(r.iter().copied());
            }
            let mut want = v.clone();
            want.sort();
            want.dedup();
            prop_assert_eq!(merge_runs(&v, &starts), want);
        }

        /// Skipping a document's positions in one go gives the distances
        /// that stepping over them one by one gave.
        #[test]
        fn min_distances_equal_a_step_by_step_merge(
            a in proptest::collection::btree_set((0u32..30, 0u32..60), 0..120),
            b in proptest::collection::btree_set((0u32..30, 0u32..60), 0..120),
            spread in 1u32..8,
        ) {
            // positions spread out: runs far from the other side's are
            // skipped in one go (`spread` 1 keeps them close)
            let a: Vec<(u32, u32)> = a.into_iter().map(|(d, p)| (d, p * spread)).collect();
            let b: Vec<(u32, u32)> = b.into_iter().map(|(d, p)| (d, p * spread)).collect();
            let mut want: Vec<(u32, u32)> = Vec::new();
            let (mut i, mut j) = (0, 0);
            while i < a.len() && j < b.len() {
                let ((da, pa), (db, pb)) = (a[i], b[j]);
                if da != db {
                    if da < db { i += 1 } else { j += 1 }
                    continue;
                }
                let d = pa.abs_diff(pb);
                if d > 0 && d <= MAX_PROXIMITY && pos_field(pa) == pos_field(pb) {
                    match want.last_mut() {
                        Some((doc, best)) if *doc == da => *best = (*best).min(d),
                        _ => want.push((da, d)),
                    }
                }
                if pa < pb { i += 1 } else { j += 1 }
            }
            let mut got = Vec::new();
            min_distances(&a, &b, &mut got);
            prop_assert_eq!(got, want);
        }

        /// The page picked in one pass is the page a full sort gives, and
        /// every entry is kept.
        #[test]
        fn top_k_is_the_sorted_prefix(
            v in proptest::collection::vec((0u32..4, 0u32..50), 0..200),
            k in 1usize..20,
        ) {
            // a total order, as search's keys have (ties broken by document)
            let keyed: Vec<(u32, u32, u32)> =
                v.iter().enumerate().map(|(i, &(a, b))| (a, b, i as u32)).collect();
            let order = |x: &(u32, u32, u32), y: &(u32, u32, u32)| {
                y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2))
            };
            let mut sorted = keyed.clone();
            sorted.sort_by(order);
            let mut got = keyed.clone();
            top_k(&mut got, k, order, true);
            let n = k.min(keyed.len());
            prop_assert_eq!(&got[..n], &sorted[..n]);
            let mut all = got.clone();
            all.sort_by(order);
            prop_assert_eq!(all, sorted.clone());
            // without the rest: the page alone
            let mut page = keyed.clone();
            top_k(&mut page, k, order, false);
            prop_assert_eq!(&page[..], &sorted[..n]);
        }
    }
}
