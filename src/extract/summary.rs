//! Extractive summaries: the k sentences that best stand for the article.
//!
//! Each sentence is scored for centrality (cosine similarity of its stemmed
//! content words to the rest of the article, LexRank-style degree), position
//! (news leads matter: the first sentence most of all), coverage of entities
//! and keyphrases, and length (fragments and datelines are avoided). Sentences
//! are then picked greedily with a redundancy penalty (maximal marginal
//! relevance) and returned in article order.

use super::{overlaps, EntityRef, FxMap, Keyphrase};
use crate::text::{TextLayer, TokenKind};

/// Default number of sentences in a summary.
pub const DEFAULT_SENTENCES: usize = 3;

/// Words too common to say what a sentence is about.
const STOP: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by",
    "from", "as", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "it",
    "its", "this", "that", "these", "those", "he", "she", "they", "we", "i", "you", "his", "her",
    "their", "our", "my", "your", "him", "them", "us", "me", "will", "would", "can", "could",
    "should", "may", "might", "must", "do", "does", "did", "not", "n't", "'s", "said", "says",
    "also", "which", "who", "whom", "what", "when", "where", "there", "here", "than", "then", "so",
    "if", "about", "into", "over", "after", "before", "up", "out", "more", "most", "some", "such",
    "no", "all", "any", "one", "other", "new", "just", "only", "very",
];

static STOP_SET: super::WordSet = super::WordSet::new(STOP);

/// Number of sentences a summary of a text with `n` sentences should have
/// when `k` are asked for: fewer for short texts.
pub fn summary_length(n: usize, k: usize) -> usize {
    let cap = match n {
        0 => 0,
        1..=3 => 1,
        4..=6 => 2,
        _ => n,
    };
    k.min(cap).min(n)
}

/// Picks up to `k` sentences of `text` (indices into `layer.sentences`) in
/// article order; fewer for short texts (see [`summary_length`]).
pub fn summarize(
    text: &str,
    layer: &TextLayer,
    entities: &[EntityRef],
    keyphrases: &[Keyphrase],
    k: usize,
) -> Vec<usize> {
    let n = layer.sentence_tokens.len();
    let k = summary_length(n, k);
    select(text, layer, entities, keyphrases, k)
}

/// Picks exactly `min(k, sentences)` sentences (no short-text rule), in article order.
pub fn select(
    text: &str,
    layer: &TextLayer,
    entities: &[EntityRef],
    keyphrases: &[Keyphrase],
    k: usize,
) -> Vec<usize> {
    let n = layer.sentence_tokens.len();
    let k = k.min(n);
    if k == 0 {
        return Vec::new();
    }
    // sentence vectors over stems
    let mut vocab: FxMap<String, usize> = FxMap::default();
    let mut vecs: Vec<Vec<(usize, f64)>> = Vec::with_capacity(n);
    let mut words = Vec::with_capacity(n);
    let mut df: Vec<usize> = Vec::new();
    // each distinct word is stemmed once
    let mut by_norm: FxMap<&str, Option<usize>> = FxMap::default();
    for r in &layer.sentence_tokens {
        let mut counts: FxMap<usize, f64> = FxMap::default();
        let mut nw = 0;
        for t in &layer.tokens[r.clone()] {
            if t.kind != TokenKind::Word && t.kind != TokenKind::Number {
                continue;
            }
            nw += 1;
            if STOP_SET.contains(&t.norm) {
                continue;
            }
            let id = match by_norm.get(t.norm.as_str()) {
                Some(id) => *id,
                None => {
                    let stem = super::stem_word(&t.norm);
                    let id = if stem.is_empty() {
                        None
                    } else {
                        let id = vocab.len();
                        let id = *vocab.entry(stem.to_string()).or_insert(id);
                        if id == df.len() {
                            df.push(0);
                        }
                        Some(id)
                    };
                    by_norm.insert(t.norm.as_str(), id);
                    id
                }
            };
            let Some(id) = id else {
                continue;
            };
            *counts.entry(id).or_insert(0.0) += 1.0;
        }
        for id in counts.keys() {
            df[*id] += 1;
        }
        let mut v: Vec<(usize, f64)> = counts.into_iter().collect();
        v.sort_unstable_by_key(|x| x.0);
        vecs.push(v);
        words.push(nw);
    }
    // tf-idf weights, unit length
    let nf = n as f64;
    for v in vecs.iter_mut() {
        for (id, w) in v.iter_mut() {
            *w = (1.0 + w.ln()) * ((nf + 1.0) / (df[*id] as f64 + 0.5)).ln().max(0.1);
        }
        let norm = v.iter().map(|x| x.1 * x.1).sum::<f64>().sqrt();
        if norm > 0.0 {
            for x in v.iter_mut() {
                x.1 /= norm;
            }
        }
    }
    let cos = |a: &[(usize, f64)], b: &[(usize, f64)]| -> f64 {
        let (mut i, mut j, mut s) = (0, 0, 0.0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    s += a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        s
    };
    // centrality: similarity to the article's centroid (linear in its size),
    // capped to the first 400 sentences for pairwise redundancy below
    let mut centroid = vec![0.0f64; df.len()];
    for v in &vecs {
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
    let central: Vec<f64> = vecs
        .iter()
        .map(|v| v.iter().map(|(id, w)| w * centroid[*id]).sum::<f64>() / cnorm)
        .collect();
    let cmax = central.iter().copied().fold(0.0, f64::max).max(1e-9);

    // entity and keyphrase coverage
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
    let cover_max = cover.iter().copied().fold(0.0, f64::max).max(1e-9);

    // paragraph-first sentences
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

    let score: Vec<f64> = (0..n)
        .map(|i| {
            let position = 1.0 / (1.0 + i as f64).sqrt();
            let lead = if i == 0 { 0.6 } else { 0.0 };
            let para = if para_first[i] { 0.05 } else { 0.0 };
            let w = words[i] as f64;
            let length = if w < 6.0 {
                0.2
            } else if w > 60.0 {
                0.7
            } else {
                1.0
            };
            let dateline = sentence_is_fragment(text, layer, i);
            let base = 0.45 * central[i] / cmax
                + 0.5 * position
                + lead
                + para
                + 0.25 * cover[i] / cover_max;
            base * length * if dateline { 0.3 } else { 1.0 }
        })
        .collect();

    // greedy selection with a redundancy penalty
    let mut chosen: Vec<usize> = Vec::with_capacity(k);
    let mut avail: Vec<bool> = vec![true; n];
    while chosen.len() < k {
        let mut best: Option<(usize, f64)> = None;
        for i in 0..n {
            if !avail[i] {
                continue;
            }
            let red = chosen
                .iter()
                .map(|&j| cos(&vecs[i], &vecs[j]))
                .fold(0.0, f64::max);
            let s = score[i] - 0.6 * red;
            if best.is_none_or_lower(s) {
                best = Some((i, s));
            }
        }
        let Some((i, _)) = best else {
            break;
        };
        avail[i] = false;
        chosen.push(i);
    }
    chosen.sort_unstable();
    chosen
}

trait BestExt {
    fn is_none_or_lower(&self, s: f64) -> bool;
}

impl BestExt for Option<(usize, f64)> {
    fn is_none_or_lower(&self, s: f64) -> bool {
        match self {
            None => true,
            Some((_, b)) => s > *b,
        }
    }
}

/// The sentence holding byte `b`, if any.
fn sentence_at(layer: &TextLayer, b: usize) -> Option<usize> {
    let k = layer.sentences.partition_point(|r| r.end <= b);
    (k < layer.sentences.len() && layer.sentences[k].start <= b).then_some(k)
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
