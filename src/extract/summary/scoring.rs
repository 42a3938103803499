//! Sentence scores: how well each sentence stands for the article on its own.
//!
//! A score adds up:
//! - centrality: similarity to the article's centroid (the sum of all
//!   sentence vectors), linear in the article's size;
//! - position: `1 / √(1 + i)`, plus a bonus for the lead sentence and a small
//!   one for the first sentence of a paragraph;
//! - coverage: how many entities the sentence mentions, and how many
//!   keyphrases (weighted by their scores).
//!
//! The sum is then scaled down for very short or very long sentences and for
//! fragments with no final punctuation (bylines, datelines, captions).

use super::vectors::Sentences;
use super::Weights;
use crate::extract::{overlaps, EntityRef, Keyphrase};
use crate::text::TextLayer;

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
    let mut rank = Vec::with_capacity(n);
    let mut r = 0usize;
    for i in 0..n {
        rank.push(r);
        if !not_prose.get(i).copied().unwrap_or(false) {
            r += 1;
        }
    }
    let central = centrality(sents);
    let cmax = central.iter().copied().fold(0.0, f64::max).max(1e-9);
    let cover = coverage(layer, entities, keyphrases, n);
    let cover_max = cover.iter().copied().fold(0.0, f64::max).max(1e-9);
    let para_first = paragraph_firsts(layer, n);
    (0..n)
        .map(|i| {
            let i = rank[i];
            let position = 1.0 / (1.0 + i as f64).sqrt();
            let lead = if i == 0 { wt.lead } else { 0.0 };
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
                + wt.cover * cover[i] / cover_max;
            // a long sentence says more than one line can (`long`: the
            // share lost per 25 words beyond 25)
            let long = 1.0 / (1.0 + wt.long * ((w - 25.0) / 25.0).max(0.0));
            base * length * long * if dateline { 0.3 } else { 1.0 }
        })
        .collect()
}

/// Each sentence's similarity to the article's centroid.
fn centrality(sents: &Sentences) -> Vec<f64> {
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
fn coverage(
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

/// Which of the `n` sentences start a paragraph.
fn paragraph_firsts(layer: &TextLayer, n: usize) -> Vec<bool> {
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
fn sentence_at(layer: &TextLayer, b: usize) -> Option<usize> {
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
fn sentence_is_fragment(text: &str, layer: &TextLayer, i: usize) -> bool {
    let r = &layer.sentences[i];
    let s = text.get(r.clone()).unwrap_or("").trim_end();
    let last = s
        .trim_end_matches(['”', '"', '’', '\'', ')', ']'])
        .chars()
        .next_back();
    !matches!(last, Some('.' | '!' | '?' | '…' | ':'))
}
