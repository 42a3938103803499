//! The snippet from located hits: the window [`snippet`](super::snippet)
//! would pick from the whole text, found by reading only around the hits
//! that can win.
//!
//! A window holding a hit lies within [`SNIPPET_MAX`] of it, so its score is
//! at most what the hits within that distance could give: each hit gets
//! that bound (plus the sentence-start bonus when a sentence can start
//! before it), hits are tried best bound first, and the search stops when
//! no bound beats the best window found. For each hit tried, a
//! [`Region`] around it gives the exact sentence edges there; the candidate
//! windows start at those sentence starts or at the first token some 60
//! units before a nearby hit, and end at the last sentence end (or word
//! end, when that would be too short) within the length limit.

use super::super::Snippet;
use super::edges::{
    back16, first_token_at, fwd16, last_token_end, last_token_end_before, may_start_sentence,
};
use super::marks::{utf16_len, TextMarks, Walker};
use super::regions::{Region, Sentences};
use super::{
    Located, MAX_CHUNK_BYTES, REGION_BEFORE, REGION_BUDGET, SNIPPET_MAX, SNIPPET_MIN,
    WORD_START_HITS,
};
use crate::text::hash::FxMap;
use crate::text::Span16;

/// The best window so far: score, start, end, region.
#[derive(Debug, Clone, Copy)]
pub(super) struct Best {
    pub(super) score: i64,
    pub(super) s: usize,
    pub(super) s16: usize,
    pub(super) e: usize,
    pub(super) region: usize,
}

/// The snippet that [`snippet`] would pick from the whole text, found from
/// the located hits (sorted, merged, all of them for the same result) by
/// analyzing only the paragraphs around the hits that can win. Every window
/// holding hit `h` lies within [`SNIPPET_MAX`] of it, so its score is at most
/// what the hits within that distance could give; hits are tried by that
/// bound, best first, until no bound beats the best window found (ties go to
/// the earlier window, as in [`snippet`]).
pub fn snippet_near(text: &str, marks: &TextMarks, hits: &[Located]) -> Snippet {
    let total16 = marks.len16 as usize;
    if hits.is_empty() {
        return lead(text, total16);
    }
    // each hit's folded form as a number, equal forms the same number (a
    // window's score counts its distinct forms): every form folded into one
    // string, then one look-up a hit
    let mut folded = String::new();
    let mut ends: Vec<usize> = Vec::with_capacity(hits.len());
    for h in hits {
        crate::text::fold_into(text.get(h.start..h.end).unwrap_or(""), &mut folded);
        ends.push(folded.len());
    }
    let mut forms: FxMap<&str, u32> = FxMap::default();
    let mut from = 0usize;
    let keys: Vec<u32> = ends
        .iter()
        .map(|&e| {
            let form = folded.get(from..e).unwrap_or("");
            from = e;
            let next = forms.len() as u32;
            *forms.entry(form).or_insert(next)
        })
        .collect();
    let key = |i: usize| keys.get(i).map_or(0, |&k| k as usize);
    // the best a window can score when hit i is the first hit in it: the
    // hits starting at i and ending within SNIPPET_MAX of its start
    let n = hits.len();
    let mut first_score = vec![0i64; n];
    // hits of each form in the window, and the forms with at least one
    let mut counts: Vec<u32> = vec![0; forms.len()];
    let mut live = 0i64;
    let mut hi = 0usize;
    for (i, h) in hits.iter().enumerate() {
        let limit = h.start16 as usize + SNIPPET_MAX;
        while let Some(x) = hits.get(hi) {
            if x.end16 as usize > limit {
                break;
            }
            if let Some(c) = counts.get_mut(key(hi)) {
                live += i64::from(*c == 0);
                *c += 1;
            }
            hi += 1;
        }
        let inside = hi.saturating_sub(i);
        if let Some(v) = first_score.get_mut(i) {
            *v = live * 100 + inside as i64 * 10;
        }
        // hit i leaves the window
        if i < hi {
            if let Some(c) = counts.get_mut(key(i)) {
                if *c > 0 {
                    *c -= 1;
                    live -= i64::from(*c == 0);
                }
            }
        } else {
            hi = i + 1;
        }
    }
    // the bound of hit j: the best of the windows whose first hit starts
    // within SNIPPET_MAX before it
    let mut bound = vec![0i64; n];
    let mut lo = 0usize;
    for (j, h) in hits.iter().enumerate() {
        while hits
            .get(lo)
            .is_some_and(|x| x.start16 as usize + SNIPPET_MAX < h.start16 as usize)
        {
            lo += 1;
        }
        let b = first_score
            .get(lo..=j)
            .unwrap_or(&[])
            .iter()
            .copied()
            .max()
            .unwrap_or(0);
        let sentence = if may_start_sentence(text, h.start) {
            5
        } else {
            0
        };
        if let Some(v) = bound.get_mut(j) {
            *v = b + sentence;
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    crate::text::sort::sort_by_key_hot(&mut order, |&j| (std::cmp::Reverse(bound[j]), j));
    let mut regions: Vec<Region> = Vec::new();
    let mut sents = Sentences::default();
    let mut analyzed = 0usize;
    let mut best: Option<Best> = None;
    let mut last_tok: Option<usize> = None;
    let mut cands: Vec<(usize, bool)> = Vec::new();
    // first_token_at by byte (pure: hits near each other ask for the same)
    let mut token_at: FxMap<usize, Option<usize>> = FxMap::default();
    // candidates already scored: a window's end and score depend only on
    // its start and kind (each region's sentence edges are exact where its
    // windows end), so scoring one again cannot change the best
    let mut scored: FxMap<(usize, bool), ()> = FxMap::default();
    let mut distinct: Vec<u32> = Vec::new();
    for j in order {
        // no window holding this hit (nor any after it in this order) can
        // score more, or tie from further left
        if best.is_some_and(|b| {
            bound[j] < b.score
                || bound[j] == b.score && hits[j].start16 as usize >= b.s16 + SNIPPET_MAX
        }) {
            break;
        }
        let h = hits[j];
        let h16 = h.start16 as usize;
        let lo = back16(text, h.start, REGION_BEFORE);
        let hi = fwd16(text, h.start, SNIPPET_MAX);
        let ri = match regions.iter().position(|r| r.lo <= lo && hi <= r.hi) {
            Some(k) => k,
            None => {
                if analyzed > REGION_BUDGET {
                    break;
                }
                let r = Region::new(text, lo, hi, (h.start, h16), &mut sents);
                analyzed += r.end - r.start;
                regions.push(r);
                regions.len() - 1
            }
        };
        let Some(r) = regions.get(ri) else { break };
        // windows that can hold hit j start within SNIPPET_MAX before it
        let from16 = h16.saturating_sub(SNIPPET_MAX);
        cands.clear();
        for &g in &sents.starts {
            if g > h.start {
                break;
            }
            if r.u(g) >= from16 {
                cands.push((g, true));
            }
        }
        let first = hits.partition_point(|x| (x.start16 as usize) < from16);
        for (i, x) in hits.iter().enumerate().skip(first) {
            if i >= WORD_START_HITS || x.start16 as usize > h16 + 60 {
                break;
            }
            // the first token starting at most 60 units before the hit
            let want = (x.start16 as usize).saturating_sub(60);
            let b = r.start + r.map.to_byte(want.saturating_sub(r.start16));
            if let Some(g) = *token_at.entry(b).or_insert_with(|| first_token_at(text, b)) {
                if g <= x.start && g <= h.start && r.u(g) >= from16 {
                    cands.push((g, false));
                }
            }
        }
        crate::text::sort::sort_by_hot(&mut cands, Ord::cmp);
        cands.dedup_by(|a, b| a.0 == b.0);
        for &(s, at_sentence) in &cands {
            if scored.insert((s, at_sentence), ()).is_some() {
                continue;
            }
            let s16 = r.u(s);
            let e = window_end_in(r, &sents, text, s, s16, total16, &mut last_tok);
            if e <= s {
                continue;
            }
            let a = hits.partition_point(|x| x.start < s);
            let b = hits.partition_point(|x| x.end <= e);
            let inside = b.saturating_sub(a);
            distinct.clear();
            distinct.extend_from_slice(keys.get(a..a + inside).unwrap_or(&[]));
            distinct.sort_unstable();
            distinct.dedup();
            let score =
                distinct.len() as i64 * 100 + inside as i64 * 10 + i64::from(at_sentence) * 5;
            let better = match best {
                None => true,
                Some(b) => score > b.score || (score == b.score && s < b.s),
            };
            if better {
                best = Some(Best {
                    score,
                    s,
                    s16,
                    e,
                    region: ri,
                });
            }
        }
    }
    match best {
        Some(b) if b.score >= 100 => match regions.get(b.region) {
            Some(r) => make_snippet(text, b.s, b.e, r.u(b.s), r.u(b.e), hits),
            None => lead(text, total16),
        },
        _ => lead(text, total16),
    }
}

/// [`window_end`] within a region (`last_tok`: the text's last token end,
/// found once when a window reaches the text end).
pub(super) fn window_end_in(
    r: &Region,
    sents: &Sentences,
    text: &str,
    s: usize,
    s16: usize,
    total16: usize,
    last_tok: &mut Option<usize>,
) -> usize {
    let limit = s16 + SNIPPET_MAX;
    if total16 <= limit {
        return (*last_tok.get_or_insert_with(|| last_token_end(text))).max(s);
    }
    let k = sents.ends.partition_point(|&x| r.u(x) <= limit);
    let mut e = sents
        .ends
        .get(..k)
        .unwrap_or(&[])
        .iter()
        .rev()
        .find(|&&x| x > s)
        .map_or(s, |&x| x);
    if r.u(e).saturating_sub(s16) < SNIPPET_MIN {
        if let Some(t) = last_token_end_before(text, r.byte_at_most(limit), s) {
            e = e.max(t);
        }
    }
    if e <= s {
        // one huge token: cut inside it at a character boundary
        e = r.start + r.map.to_byte(limit.saturating_sub(r.start16));
    }
    e
}

/// The snippet `text[s..e]` with the hits inside it.
pub(super) fn make_snippet(
    text: &str,
    s: usize,
    e: usize,
    s16: usize,
    e16: usize,
    hits: &[Located],
) -> Snippet {
    let s16 = s16 as u32;
    Snippet {
        text: text.get(s..e).unwrap_or("").to_string(),
        start: s16,
        end: e16 as u32,
        highlights: hits
            .iter()
            .filter(|h| h.start >= s && h.end <= e)
            .map(|h| Span16 {
                start: h.start16.saturating_sub(s16),
                end: h.end16.saturating_sub(s16),
            })
            .collect(),
    }
}

/// The lead: the window from the first sentence start, as [`snippet`] picks
/// it when there are no hits.
pub(super) fn lead(text: &str, total16: usize) -> Snippet {
    let fallback = || {
        let e = fwd16(text, 0, SNIPPET_MAX.min(total16));
        make_snippet(text, 0, e, 0, text.get(..e).map_or(0, utf16_len), &[])
    };
    let Some(c) = Walker::new().next_chunk_upto(text, MAX_CHUNK_BYTES) else {
        return fallback();
    };
    let hi = fwd16(text, c.start, SNIPPET_MAX + 16);
    let mut sents = Sentences::default();
    let r = Region::new(text, 0, hi, (c.start, c.start16), &mut sents);
    let Some(&s) = sents.starts.first() else {
        return fallback();
    };
    let s16 = r.u(s);
    let mut last_tok = None;
    let e = window_end_in(&r, &sents, text, s, s16, total16, &mut last_tok);
    if e <= s {
        return fallback();
    }
    make_snippet(text, s, e, s16, r.u(e), &[])
}
