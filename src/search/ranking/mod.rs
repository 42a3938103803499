//! Ranking: BM25F over the fields (title boosted, entity fields and
//! keyphrases raising the score), match-kind weights (exact > stemmed >
//! prefix > typo), a proximity bonus for query words close together, and
//! coverage first: documents matching every required clause come before
//! those matching fewer, so one rare word never empties the results.
//!
//! A query goes through these stages, one file each:
//!
//! 1. `terms.rs` — each query word's variants: the indexed terms it stands
//!    for (exact, stemmed, prefix, typo), with their weights.
//! 2. `score.rs` — each unit (word or phrase) scored per document: BM25F
//!    over the fields, the best variant kept, positions kept for proximity.
//! 3. `passes.rs` — with several required words, two passes: which
//!    documents each clause matches (coverage) first, then only the
//!    coverage levels that can reach the page scored.
//! 4. `proximity.rs` — the bonus for consecutive required clauses close
//!    together.
//! 5. [`search_with`] (here) — scores summed, exclusions and filters
//!    applied, results ordered by coverage, score and insertion order.
//! 6. `page.rs` — the page put in order, its hits highlighted and
//!    explained; `facets.rs` — the facets of all matched documents.
//!
//! `related.rs` finds an article's related articles with the same scoring.
//! The sharded reader (`super::shard`) runs this ranking over an index
//! built from the files a query loaded.

mod facets;
mod page;
mod passes;
mod proximity;
mod related;
mod score;
mod terms;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

use super::highlight::{DocWants, HighlightSpec};
use super::index::DocRank;
use super::index::Index;
use super::query::{parse_query, Clause};
use super::{Facets, SearchHit, SearchOptions, SearchResults, Snippet, NFIELDS};
pub use page::gather_wants;
pub use related::related;
use serde::Serialize;

use facets::facets;
use page::{explain_clauses, fill_bounded, fill_highlights, highlight_spec, top_k, word_pairs};
use passes::{find_clause, least_coverage, score_clause, Found};
use proximity::min_distances;
use score::{eval_clause, ClauseResult, Ctx};

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
        word_pairs(&ctx_ex, &q.clauses, lit_docs)
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
