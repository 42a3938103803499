//! The reference path: highlights and the snippet read from the whole text
//! (every token, every sentence). Search results use the bounded path
//! ([`super::locate`], [`super::snippet`](mod@super::snippet)), which gives the same answer
//! reading only the text near the hits; this one stays because it is simple
//! enough to trust, and the tests hold the other to it.
//!
//! A match is a token whose folded form (or, for a hyphenated word or an
//! elision, one of its parts) is a wanted term, or a run of tokens that
//! spells a wanted phrase. The snippet is the window, starting at a sentence
//! start or at a word shortly before a hit, that holds the most distinct
//! matched words, then the most matches, preferring a sentence start.

use super::super::analysis::{clip, is_indexed, occurrences_of, token_terms};
use super::super::{Field, Snippet};
use super::{HighlightSpec, SNIPPET_MAX, SNIPPET_MIN};
use crate::text::hash::FxMap;
use crate::text::{OffsetMap, Span16, TextLayer, Token};
use std::collections::HashSet;
use std::ops::Range;

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
        for (i, t) in toks.iter().enumerate() {
            if !is_indexed(t.kind) {
                continue;
            }
            let whole = want(clip(&t.norm));
            if whole {
                out.push(t.start..t.end);
            }
            if has_parts(t, whole) {
                let mut occ = Vec::new();
                token_terms(text, t, toks.get(i + 1), 0, &mut occ);
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
    crate::text::sort::sort_by_key_hot(&mut out, |r| (r.start, std::cmp::Reverse(r.end)));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(out.len());
    for r in out {
        match merged.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// True when a token's parts may match where the whole did not (hyphen
/// parts, the word after an elision), or beside it (CJK bigrams, which may reach into the next token).
pub(super) fn has_parts(t: &Token, whole: bool) -> bool {
    (!whole && (t.norm.contains('-') || t.norm.contains('\''))) || t.norm.bytes().any(|b| b >= 0xE1)
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
    crate::text::sort::sort_by_hot(&mut starts, Ord::cmp);
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
pub(super) fn window_end(
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
