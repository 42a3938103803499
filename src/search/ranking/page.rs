//! The page: its order, and each hit's highlights and explanation.
//!
//! [`top_k`] puts the first results in order without sorting the rest.
//! Highlights follow one rule against scattered marks: two adjacent query
//! words that occur together in a document ([`word_pairs`]) are marked as
//! a phrase there ([`highlight_spec`]). [`gather_wants`] reads, from the
//! postings, where each shown document's matches are, so that
//! [`fill_bounded`] places them and the snippet by reading only windows of
//! the text; [`fill_highlights`] re-reads the whole text (the reference).
//! [`explain_clauses`] gives each clause's part of a hit's score.

use super::score::{ClauseResult, Ctx};
use super::ExplainClause;
use crate::search::analysis::{text_layer, tokenize_fast_no_shapes};
use crate::search::highlight::{
    locate_matches, match_ranges, snippet, snippet_near, spans, DocWants, HighlightSpec, Located,
    Want, MAX_MATCHES, SCAN_BUDGET,
};
use crate::search::index::StoredDoc;
use crate::search::index::POS_BITS;
use crate::search::index::{pos_field, Index, PostingsIter};
use crate::search::query::{Clause, FieldMask, Unit, ALL_FIELDS};
use crate::search::work;
use crate::search::{Field, SearchHit};
use crate::text::OffsetMap;

/// The first `k` of `keyed` in `order` (a total order), sorted, moved to
/// its front; the rest follow in no particular order when `keep_rest`, and
/// are dropped when not. One pass keeping the best `k` so far: most entries
/// lose to the `k`-th with one comparison, where a selection would move
/// them all.
pub(super) fn top_k<T: Copy>(
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

/// A word is rare, and its lone occurrences stay marked even where its pair
/// occurs, when at most one document in this many has it (in a corpus of at
/// least this many documents; in a smaller one, or a single article as
/// [`crate::search::highlight_text`] sees it, no word is rare).
pub(super) const RARE_DOCS: u32 = 50;

/// Two adjacent unquoted words of a query (`north korea`), with the
/// documents where they occur together (exact forms, in a title or body).
pub(super) struct WordPair {
    /// The two words, at offsets 0 and 1.
    pub(super) words: Vec<(String, u32)>,
    /// The indices of their clauses.
    pub(super) clauses: [usize; 2],
    /// Documents holding the pair, sorted.
    pub(super) docs: Vec<u32>,
}

/// The pairs of adjacent unquoted words of a query ([`Clause::joined`]),
/// at most 64, with the documents of `shown` (the page's documents, in any
/// order) whose title or body holds them.
///
/// Only the shown documents are looked at: a pair's phrase is a merge join
/// over them, the postings of every other document stepped over undecoded.
/// A pair none of them holds is left out, as a pair no document holds is:
/// the 64 kept are then those of the whole corpus minus pairs that mark
/// nothing here, so when a query has at most 64 pairs (the cap cannot bind)
/// each shown document gets the same pairs, in the same order, as from the
/// whole corpus; with more, the whole corpus is asked, as before.
pub(super) fn word_pairs(ctx: &Ctx, clauses: &[Clause], shown: &[u32]) -> Vec<WordPair> {
    let word = |c: &Clause| match c.alts.as_slice() {
        [Unit::Word { term, fields, .. }] if *fields == ALL_FIELDS => Some(term.clone()),
        _ => None,
    };
    let is_pair = |a: &Clause, b: &Clause| b.joined && word(a).is_some() && word(b).is_some();
    let many = clauses
        .windows(2)
        .filter(|w| matches!(w, [a, b] if is_pair(a, b)))
        .count()
        > 64;
    let mut only: Vec<u32> = shown.to_vec();
    only.sort_unstable();
    only.dedup();
    let only = (!many).then_some(only.as_slice());
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
            .phrase_in(&words, Field::Title.bit() | Field::Body.bit(), only)
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
pub(super) fn highlight_spec(
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
pub(super) fn fill_bounded(
    hit: &mut SearchHit,
    stored: &StoredDoc,
    spec: &HighlightSpec,
    wants: &DocWants,
) {
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
pub(super) fn fill_highlights(hit: &mut SearchHit, title: &str, text: &str, spec: &HighlightSpec) {
    let tlayer = tokenize_fast_no_shapes(title);
    let tmap = OffsetMap::new(title);
    hit.title_highlights = spans(&tmap, &match_ranges(title, &tlayer, Field::Title, spec));
    let layer = text_layer(text);
    let map = OffsetMap::new(text);
    let ranges = match_ranges(text, &layer.tokens, Field::Body, spec);
    hit.matches = spans(&map, &ranges);
    hit.snippet = snippet(text, &layer, &map, &ranges);
}

pub(super) fn explain_clauses(
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

/// The token-index bits of a position.
pub(super) const POS_MASK: u32 = (1 << POS_BITS) - 1;

/// For each document of `docs` (internal numbers), where `spec` matches its
/// title and body, read from the postings: one pass over each highlighted
/// term's postings for all the documents. Phrases are matched on positions
/// as in [`crate::search::highlight::match_ranges`]. Per document and field, only the first
/// [`MAX_MATCHES`] + 1 positions are kept (no more can be shown).
pub fn gather_wants<'s>(ix: &Index, spec: &'s HighlightSpec, docs: &[u32]) -> Vec<DocWants<'s>> {
    let mut out: Vec<DocWants<'s>> = vec![DocWants::default(); docs.len()];
    // the shown documents in document order, with their slots: each
    // postings list (in document order too) is merge-joined with them
    let mut sorted: Vec<(u32, usize)> = docs.iter().enumerate().map(|(i, &d)| (d, i)).collect();
    // (a document listed twice, which a page never holds, keeps its last slot)
    crate::text::sort::sort_by_key_hot(&mut sorted, |&(d, i)| (d, std::cmp::Reverse(i)));
    sorted.dedup_by_key(|x| x.0);
    let Some(&(last, _)) = sorted.last() else {
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
        let mut at = 0usize;
        while let Some((d, n)) = it.next_doc() {
            entries += 1;
            if d > last {
                break;
            }
            while sorted.get(at).is_some_and(|&(x, _)| x < d) {
                at += 1;
            }
            // only the shown documents' positions are decoded
            let read = match sorted.get(at) {
                Some(&(x, k)) if x == d => it.positions_into(n, &mut pos).map(|()| f(k, &pos)),
                _ => it.skip_positions(n),
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
