//! Sentence scores: how well each sentence stands for the article on its own.
//!
//! A score adds up:
//! - centrality: similarity to the article's centroid (the sum of all
//!   sentence vectors), linear in the article's size;
//! - position: `1 / √(1 + i)`, plus a bonus for the lead sentence and a small
//!   one for the first sentence of a paragraph. The lead's bonus depends on
//!   whether it stands alone in its paragraph: a news intro is one sentence
//!   written to sum the story up; a lead that shares its paragraph may be
//!   the story's second sentence (the intro cut off, or never written), or
//!   a lede followed by a second sentence of its paragraph (a standfirst),
//!   so it keeps only part of the bonus (`Weights::lead_shared`);
//! - coverage: how many entities the sentence mentions, and how many
//!   keyphrases (weighted by their scores); and the salient names it
//!   mentions, the most salient weighing most (the entities come in their
//!   salience order);
//! - bigram recurrence: how many of the sentence's word pairs (not two stop
//!   words) come back in other sentences, divided by a power of its length.
//!   A sentence that says the story's main event in the words the article
//!   keeps using (`fourth quarter`, `interest rates`) is the one a human
//!   one-line summary resembles most; bigrams, not single words, because a
//!   pair carries the event (who did what) where single words only carry
//!   the topic.
//!
//! The sum is then scaled down for very short or very long sentences and for
//! fragments with no final punctuation (bylines, datelines, captions).

use super::vectors::{is_stop, Sentences};
use super::Weights;
use crate::extract::{overlaps, EntityRef, FxMap, Keyphrase};
use crate::text::{TextLayer, TokenKind};

/// The score of every sentence of `layer`.
pub(super) fn sentence_scores(
    text: &str,
    layer: &TextLayer,
    entities: &[EntityRef],
    keyphrases: &[Keyphrase],
    sents: &Sentences,
    not_prose: &[bool],
    wt: &Weights,
) -> Vec<f64> {
    let n = sents.vecs.len();
    // positions count prose sentences only: the lead is the first sentence
    // after a dateline or a caption
    let rank = prose_ranks(not_prose, n);
    let central = centrality(sents);
    let cmax = central.iter().copied().fold(0.0, f64::max).max(1e-9);
    let cover = coverage(layer, entities, keyphrases, n);
    let cover_max = cover.iter().copied().fold(0.0, f64::max).max(1e-9);
    let para_first = paragraph_firsts(layer, n);
    let lead_bonus = if lead_stands_alone(layer, not_prose) {
        wt.lead
    } else {
        wt.lead_shared
    };
    let salient = if wt.salient != 0.0 {
        salient_cover(layer, entities, n)
    } else {
        vec![0.0; n]
    };
    let salient_max = salient.iter().copied().fold(0.0, f64::max).max(1e-9);
    let bigram = if wt.bigram != 0.0 {
        bigram_recurrence(layer, &sents.words, wt.blen)
    } else {
        vec![0.0; n]
    };
    let bigram_max = bigram.iter().copied().fold(0.0, f64::max).max(1e-9);
    (0..n)
        .map(|i| {
            let r = rank[i];
            let position = 1.0 / (1.0 + r as f64).sqrt();
            let lead = if r == 0 { lead_bonus } else { 0.0 };
            let para = if para_first[i] { wt.para } else { 0.0 };
            let w = sents.words[i] as f64;
            let length = if w < 6.0 {
                0.2
            } else if w > 60.0 {
                0.7
            } else {
                1.0
            };
            let dateline = sentence_is_fragment(text, layer, i);
            let base = wt.central * central[i] / cmax
                + wt.position * position
                + lead
                + para
                + wt.cover * cover[i] / cover_max
                + wt.salient * salient[i] / salient_max
                + wt.bigram * bigram[i] / bigram_max;
            // a long sentence says more than one line can (`long`: the
            // share lost per 25 words beyond 25)
            let long = 1.0 / (1.0 + wt.long * ((w - 25.0) / 25.0).max(0.0));
            base * length * long * if dateline { 0.3 } else { 1.0 }
        })
        .collect()
}

/// Each sentence's similarity to the article's centroid.
pub(super) fn centrality(sents: &Sentences) -> Vec<f64> {
    let mut centroid = vec![0.0f64; sents.terms];
    for v in &sents.vecs {
        for (id, w) in v {
            centroid[*id] += w;
        }
    }
    let cnorm = centroid
        .iter()
        .map(|x| x * x)
        .sum::<f64>()
        .sqrt()
        .max(1e-12);
    sents
        .vecs
        .iter()
        .map(|v| v.iter().map(|(id, w)| w * centroid[*id]).sum::<f64>() / cnorm)
        .collect()
}

/// Entity and keyphrase coverage of each of the `n` sentences: one for each
/// entity mentioned, the keyphrase's score relative to the best one for each
/// keyphrase.
pub(super) fn coverage(
    layer: &TextLayer,
    entities: &[EntityRef],
    keyphrases: &[Keyphrase],
    n: usize,
) -> Vec<f64> {
    let mut cover = vec![0.0; n];
    for e in entities {
        let mut seen = vec![false; n];
        for m in &e.mentions {
            if let Some(si) = sentence_at(layer, m.start) {
                if !seen[si] {
                    seen[si] = true;
                    cover[si] += 1.0;
                }
            }
        }
    }
    let kmax = keyphrases.iter().map(|k| k.score).fold(0.0, f64::max);
    for kp in keyphrases {
        let mut seen = vec![false; n];
        for o in &kp.occurrences {
            if let Some(si) = sentence_at(layer, o.start) {
                if !seen[si] && overlaps(o, &layer.sentences[si]) {
                    seen[si] = true;
                    cover[si] += if kmax > 0.0 { kp.score / kmax } else { 1.0 };
                }
            }
        }
    }
    cover
}

/// Whether the lead (the first prose sentence) is a news intro: alone in
/// its paragraph, or in a text without paragraph breaks (where nothing says
/// Each of the `n` sentences' rank among the prose sentences before it (the
/// lead is rank 0 even after a dateline or a caption).
pub(super) fn prose_ranks(not_prose: &[bool], n: usize) -> Vec<usize> {
    let mut rank = Vec::with_capacity(n);
    let mut r = 0usize;
    for i in 0..n {
        rank.push(r);
        if !not_prose.get(i).copied().unwrap_or(false) {
            r += 1;
        }
    }
    rank
}

/// otherwise).
pub(super) fn lead_stands_alone(layer: &TextLayer, not_prose: &[bool]) -> bool {
    let is_prose = |i: usize| !not_prose.get(i).copied().unwrap_or(false);
    // one walk over paragraphs and sentences together: the prose sentences
    // of the lead's paragraph, and how many paragraphs hold prose
    let (mut si, n) = (0, layer.sentences.len());
    let mut lead_paragraph: Option<usize> = None;
    let mut prose_paragraphs = 0;
    for p in &layer.paragraphs {
        let mut sentences = 0;
        let mut prose = false;
        while si < n && layer.sentences[si].start < p.end {
            if layer.sentences[si].start >= p.start {
                sentences += 1;
                prose |= is_prose(si);
            }
            si += 1;
        }
        if prose {
            prose_paragraphs += 1;
            if lead_paragraph.is_none() {
                lead_paragraph = Some(sentences);
            }
        }
    }
    lead_paragraph.map_or(true, |k| k <= 1) || prose_paragraphs <= 1
}

/// The salient names each of the `n` sentences mentions: `1 / (1 + r)` for
/// the entity of salience rank `r` (`entities` come most salient first),
/// once per sentence.
pub(super) fn salient_cover(layer: &TextLayer, entities: &[EntityRef], n: usize) -> Vec<f64> {
    let mut out = vec![0.0; n];
    for (r, e) in entities.iter().enumerate() {
        let w = 1.0 / (1.0 + r as f64);
        let mut seen = vec![false; n];
        for m in &e.mentions {
            if let Some(si) = sentence_at(layer, m.start) {
                if !seen[si] {
                    seen[si] = true;
                    out[si] += w;
                }
            }
        }
    }
    out
}

/// Each sentence's bigram recurrence: over its distinct pairs of adjacent
/// words (not both stop words), the number of other sentences that hold the
/// pair (a sentence repeated word for word counts once), divided by
/// `(1 + words)^blen`.
///
/// Memory is two flat arrays of pairs (a pair is one `u64`, its two word ids)
/// and no map of pairs: every sentence's distinct pairs one after another,
/// and a sorted copy of those of the sentences said for the first time, in
/// which a pair's count is the length of its run. On a long text this stage
/// sets the summary's peak memory; a hash map of the pairs and a copy of each
/// sentence's list for the repeats took about twice the room.
pub(super) fn bigram_recurrence(layer: &TextLayer, words: &[usize], blen: f64) -> Vec<f64> {
    let n = layer.sentence_tokens.len();
    let mut ids: FxMap<&str, u32> = FxMap::default();
    let mut stop: Vec<bool> = Vec::new();
    // sentence i's distinct pairs, sorted, are pairs[bounds[i]..bounds[i + 1]]
    let room: usize = layer.sentence_tokens.iter().map(|r| r.len()).sum();
    let mut pairs: Vec<u64> = Vec::with_capacity(room);
    let mut bounds: Vec<usize> = Vec::with_capacity(n + 1);
    bounds.push(0);
    for r in &layer.sentence_tokens {
        let start = pairs.len();
        let mut prev: Option<u32> = None;
        for t in layer.tokens.get(r.clone()).unwrap_or(&[]) {
            if t.kind != TokenKind::Word && t.kind != TokenKind::Number {
                continue;
            }
            let next = ids.len() as u32;
            let id = *ids.entry(t.norm.as_str()).or_insert(next);
            if id as usize == stop.len() {
                stop.push(is_stop(&t.norm));
            }
            if let Some(p) = prev {
                if !(stop[p as usize] && stop[id as usize]) {
                    pairs.push(u64::from(p) << 32 | u64::from(id));
                }
            }
            prev = Some(id);
        }
        if let Some(mine) = pairs.get_mut(start..) {
            mine.sort_unstable();
        }
        // distinct pairs only, in place
        let mut kept = start;
        for j in start..pairs.len() {
            if j == start || pairs[j] != pairs[kept - 1] {
                pairs[kept] = pairs[j];
                kept += 1;
            }
        }
        pairs.truncate(kept);
        bounds.push(pairs.len());
    }
    let of = |i: usize| -> &[u64] {
        match (bounds.get(i), bounds.get(i + 1)) {
            (Some(&a), Some(&b)) => pairs.get(a..b).unwrap_or(&[]),
            _ => &[],
        }
    };
    // a sentence said twice counts once: a repeat is not recurrence. The
    // sentences in order of their pairs (then of position): the first of
    // each run of equal lists is the one said first.
    let mut order: Vec<u32> = (0..n as u32).collect();
    crate::text::sort::sort_by(&mut order, |&a, &b| {
        of(a as usize).cmp(of(b as usize)).then(a.cmp(&b))
    });
    let mut counted: Vec<u64> = Vec::with_capacity(pairs.len());
    for (k, &i) in order.iter().enumerate() {
        let repeat = k > 0 && of(order[k - 1] as usize) == of(i as usize);
        if !repeat {
            counted.extend_from_slice(of(i as usize));
        }
    }
    drop(order);
    counted.sort_unstable();
    // how many first-said sentences hold pair p: the length of its run
    let df = |p: u64| -> u32 {
        let lo = counted.partition_point(|&x| x < p);
        let hi = counted.partition_point(|&x| x <= p);
        (hi - lo).max(1) as u32
    };
    (0..n)
        .map(|i| {
            let rec: u32 = of(i).iter().map(|&p| df(p) - 1).sum();
            let w = words.get(i).copied().unwrap_or(0) as f64;
            rec as f64 / (1.0 + w).powf(blen)
        })
        .collect()
}

/// Which of the `n` sentences start a paragraph.
pub(super) fn paragraph_firsts(layer: &TextLayer, n: usize) -> Vec<bool> {
    let mut para_first = vec![false; n];
    let mut pi = 0;
    for (si, r) in layer.sentences.iter().enumerate() {
        while pi < layer.paragraphs.len() && layer.paragraphs[pi].end <= r.start {
            pi += 1;
        }
        if pi < layer.paragraphs.len() && layer.paragraphs[pi].start == r.start {
            para_first[si] = true;
        }
    }
    para_first
}

/// The sentence holding byte `b`, if any.
pub(super) fn sentence_at(layer: &TextLayer, b: usize) -> Option<usize> {
    let k = layer.sentences.partition_point(|r| r.end <= b);
    (k < layer.sentences.len() && layer.sentences[k].start <= b).then_some(k)
}

/// Which sentences may never stand in a summary: those of a paragraph that
/// is not running prose.
///
/// - a caption or credit: a paragraph with a credit label (`Image:`,
///   `Photo:`, `Picture:`, `Credit:`, `Photograph:`, `Source:` as a word
///   followed by a colon), or opening in lower case (a caption cut from its
///   subject: `pilgrims at the mosque in 2008.`);
/// - a dateline, byline or heading: a one-sentence paragraph without final
///   punctuation, or one opening with `By` and at most eight words.
pub(super) fn not_prose(text: &str, layer: &TextLayer) -> Vec<bool> {
    let n = layer.sentences.len();
    let mut out = vec![false; n];
    let mut si = 0;
    for p in &layer.paragraphs {
        let first = si;
        while si < n && layer.sentences[si].start < p.end {
            si += 1;
        }
        let Some(para) = text.get(p.clone()) else {
            continue;
        };
        let one = si == first + 1;
        let words = para.split_whitespace().count();
        let bad = has_credit_label(para)
            || para.chars().next().is_some_and(char::is_lowercase)
            || one && first < n && sentence_is_fragment(text, layer, first)
            || para.starts_with("By ") && words <= 8;
        if bad {
            for f in out.iter_mut().take(si).skip(first) {
                *f = true;
            }
        }
    }
    out
}

/// A credit label (`Image:`, `Photo:`, …) as a word of `para`.
fn has_credit_label(para: &str) -> bool {
    const LABELS: [&str; 7] = [
        "Image:",
        "Photo:",
        "Picture:",
        "Pictures:",
        "Photograph:",
        "Credit:",
        "Photos:",
    ];
    para.split_whitespace().any(|w| LABELS.contains(&w))
}

/// A sentence with no final punctuation (a byline, dateline or caption).
pub(super) fn sentence_is_fragment(text: &str, layer: &TextLayer, i: usize) -> bool {
    let r = &layer.sentences[i];
    let s = text.get(r.clone()).unwrap_or("").trim_end();
    let last = s
        .trim_end_matches(['”', '"', '’', '\'', ')', ']'])
        .chars()
        .next_back();
    !matches!(last, Some('.' | '!' | '?' | '…' | ':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stands_alone(text: &str) -> bool {
        let layer = TextLayer::new(text);
        lead_stands_alone(&layer, &not_prose(text, &layer))
    }

    #[test]
    fn a_one_sentence_intro_stands_alone() {
        // a business story: the intro, then the story
        assert!(stands_alone(
            "Profits at the media group Harland jumped 40% to $900m in the three months to December.\n\n\
             The firm gained from sales of broadband connections. Harland said fourth quarter sales rose 3% to $8.2bn."
        ));
        // the same story with its intro cut off: the lead shares its paragraph
        assert!(!stands_alone(
            "The firm gained from sales of broadband connections. Harland said fourth quarter sales rose 3% to $8.2bn.\n\n\
             Harland said on Friday that it now owns 5% of a search-engine firm."
        ));
        // no paragraph breaks: nothing says the lead is not an intro
        assert!(stands_alone(
            "The firm gained from sales of broadband connections. Harland said fourth quarter sales rose 3% to $8.2bn."
        ));
        // a dateline before the intro is not prose: the intro still stands alone
        assert!(stands_alone(
            "Monday, March 3, 2025\n\n\
             The car maker Volta will close its plant in Dunmore next year, the company said on Monday.\n\n\
             Volta blamed falling demand. Unions said they would fight the closure."
        ));
    }

    #[test]
    fn bigram_recurrence_favours_the_sentence_that_repeats_the_story() {
        let text = "Quarterly profits at Harland jumped 40% in the fourth quarter. \
                    Its film division had a poor year. \
                    Fourth quarter sales rose 3%, and profits at Harland were lifted by one-off gains. \
                    Analysts had expected less.";
        let layer = TextLayer::new(text);
        let words: Vec<usize> = layer.sentence_tokens.iter().map(|r| r.len()).collect();
        let b = bigram_recurrence(&layer, &words, 0.0);
        // `fourth quarter`, `profits at`, `at harland` come back
        assert_eq!(b.len(), 4);
        assert!(b[0] >= 3.0 && b[2] >= 3.0, "{b:?}");
        assert_eq!((b[1], b[3]), (0.0, 0.0), "{b:?}");
    }

    #[test]
    fn a_sentence_said_twice_is_not_recurrence() {
        // the second and fourth sentences are the same words: their pairs
        // count once; `rose sharply` also in the third counts that one
        let text = "Shares rose sharply on Monday. Click here to subscribe now. \
                    Oil prices rose sharply too. Click here to subscribe now.";
        let layer = TextLayer::new(text);
        let words: Vec<usize> = layer.sentence_tokens.iter().map(|r| r.len()).collect();
        let b = bigram_recurrence(&layer, &words, 0.0);
        assert_eq!(b, [1.0, 0.0, 1.0, 0.0]);
    }
}
