//! Highlights and snippets: which words of a title or body match a query
//! (byte ranges found by re-reading the text with the same analysis as the
//! index, so every range slices to a matching word), and the query-biased
//! snippet with the densest cluster of hits, cut at sentence or word
//! boundaries, about 160–240 characters long.

use super::analysis::{clip, is_indexed, occurrences_of, token_terms};
use super::index::FxMap;
use super::query::FieldMask;
use super::{Field, Snippet};
use crate::text::{OffsetMap, Span16, TextLayer, Token};
use std::collections::HashSet;
use std::ops::Range;

/// Shortest snippet wanted (UTF-16 units) when the text is long enough.
pub const SNIPPET_MIN: usize = 160;
/// Longest snippet (UTF-16 units).
pub const SNIPPET_MAX: usize = 240;

/// What to highlight: folded terms and exact phrases, each with the fields
/// (title, body) where it counts.
#[derive(Debug, Clone, Default)]
pub struct HighlightSpec {
    /// Matching terms (every form that matched: exact, stem, prefix, typo).
    pub words: FxMap<String, FieldMask>,
    /// Phrases: folded words with token offsets.
    pub phrases: Vec<(Vec<(String, u32)>, FieldMask)>,
}

impl HighlightSpec {
    /// True when there is nothing to highlight.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }
}

/// Byte ranges of the matches of `spec` in `text` (sorted, not overlapping).
pub fn match_ranges(
    text: &str,
    toks: &[Token],
    field: Field,
    spec: &HighlightSpec,
) -> Vec<Range<usize>> {
    let bit = field.bit();
    let mut out: Vec<Range<usize>> = Vec::new();
    let want = |t: &str| spec.words.get(t).is_some_and(|m| m & bit != 0);
    let phrases: Vec<&Vec<(String, u32)>> = spec
        .phrases
        .iter()
        .filter(|(_, m)| m & bit != 0)
        .map(|(w, _)| w)
        .collect();
    if phrases.is_empty() {
        // words only: no per-token allocation for plain tokens
        for t in toks {
            if !is_indexed(t.kind) {
                continue;
            }
            if want(clip(&t.norm)) {
                out.push(t.start..t.end);
            } else if t.norm.contains('-') {
                let mut occ = Vec::new();
                token_terms(text, t, 0, &mut occ);
                out.extend(
                    occ.iter()
                        .filter(|o| o.part && want(&o.term))
                        .map(|o| o.start..o.end),
                );
            }
        }
    } else {
        let occ = occurrences_of(text, toks);
        for o in &occ {
            if want(&o.term) {
                out.push(o.start..o.end);
            }
        }
        let mut by_pos: FxMap<u32, Vec<usize>> = FxMap::default();
        for (i, o) in occ.iter().enumerate() {
            by_pos.entry(o.pos).or_default().push(i);
        }
        for words in phrases {
            let Some((first, _)) = words.first() else {
                continue;
            };
            for o in occ.iter().filter(|o| &o.term == first) {
                let mut found = Vec::with_capacity(words.len());
                let all = words.iter().all(|(w, off)| {
                    let hit = by_pos.get(&(o.pos + off)).and_then(|v| {
                        v.iter()
                            .find(|&&k| occ.get(k).is_some_and(|x| &x.term == w))
                    });
                    match hit.and_then(|&k| occ.get(k)) {
                        Some(x) => {
                            found.push(x.start..x.end);
                            true
                        }
                        None => false,
                    }
                });
                if all {
                    out.extend(found);
                }
            }
        }
    }
    out.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(out.len());
    for r in out {
        match merged.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// UTF-16 spans of byte ranges.
pub fn spans(map: &OffsetMap, ranges: &[Range<usize>]) -> Vec<Span16> {
    ranges.iter().map(|r| map.span(r.clone())).collect()
}

/// The query-biased snippet of `text` around the densest cluster of `hits`
/// (byte ranges, sorted); the lead when there are none.
pub fn snippet(text: &str, layer: &TextLayer, map: &OffsetMap, hits: &[Range<usize>]) -> Snippet {
    let u = |b: usize| map.to_utf16(b);
    let total16 = map.len_utf16();
    // candidate starts: sentence starts, and word starts shortly before hits
    let mut starts: Vec<(usize, bool)> = layer.sentences.iter().map(|s| (s.start, true)).collect();
    if starts.is_empty() {
        if let Some(t) = layer.tokens.first() {
            starts.push((t.start, true));
        }
    }
    for h in hits.iter().take(200) {
        let want = u(h.start).saturating_sub(60);
        let k = layer.tokens.partition_point(|t| u(t.start) < want);
        if let Some(t) = layer.tokens.get(k) {
            if t.start <= h.start {
                starts.push((t.start, false));
            }
        }
    }
    starts.sort_unstable();
    starts.dedup_by(|a, b| a.0 == b.0);
    let hit_key: Vec<String> = hits
        .iter()
        .map(|h| crate::text::fold(text.get(h.clone()).unwrap_or("")))
        .collect();
    let mut best: Option<(i64, usize, usize)> = None;
    for &(s, at_sentence) in &starts {
        let s16 = u(s);
        let limit = s16 + SNIPPET_MAX;
        let e = window_end(layer, map, s, s16, limit, total16);
        if e <= s {
            continue;
        }
        let a = hits.partition_point(|h| h.start < s);
        let b = hits.partition_point(|h| h.end <= e);
        let inside = b.saturating_sub(a);
        let distinct: HashSet<&str> = hit_key
            .get(a..a + inside)
            .unwrap_or(&[])
            .iter()
            .map(String::as_str)
            .collect();
        let score = distinct.len() as i64 * 100 + inside as i64 * 10 + i64::from(at_sentence) * 5;
        if !matches!(best, Some((bs, _, _)) if bs >= score) {
            best = Some((score, s, e));
        }
        if hits.is_empty() {
            break;
        }
    }
    let (s, e) = match best {
        Some((_, s, e)) => (s, e),
        None => (0, map.to_byte(SNIPPET_MAX.min(total16))),
    };
    let s16 = u(s) as u32;
    let highlights = hits
        .iter()
        .filter(|h| h.start >= s && h.end <= e)
        .map(|h| {
            let sp = map.span(h.clone());
            Span16 {
                start: sp.start - s16,
                end: sp.end - s16,
            }
        })
        .collect();
    Snippet {
        text: text.get(s..e).unwrap_or("").to_string(),
        start: s16,
        end: u(e) as u32,
        highlights,
    }
}

/// End (bytes) of a snippet starting at `s`: the last sentence end within
/// `limit` (UTF-16), or the last word end within it when that would be too short.
fn window_end(
    layer: &TextLayer,
    map: &OffsetMap,
    s: usize,
    s16: usize,
    limit: usize,
    total16: usize,
) -> usize {
    let u = |b: usize| map.to_utf16(b);
    if total16 <= limit {
        // the rest of the text fits: end at the last token
        return layer
            .tokens
            .last()
            .map_or(map.len_bytes(), |t| t.end)
            .max(s);
    }
    let k = layer.sentences.partition_point(|r| u(r.end) <= limit);
    let mut e = layer.sentences[..k]
        .iter()
        .rev()
        .find(|r| r.end > s)
        .map_or(s, |r| r.end);
    if u(e).saturating_sub(s16) < SNIPPET_MIN {
        let k = layer.tokens.partition_point(|t| u(t.end) <= limit);
        if let Some(t) = layer.tokens[..k].iter().rev().find(|t| t.end > s) {
            e = e.max(t.end);
        }
    }
    if e <= s {
        // one huge token: cut inside it at a character boundary
        e = map.to_byte(limit);
    }
    e
}
