//! Sentence vectors: each sentence as tf-idf weights over the stems of its
//! content words, unit length, so that the cosine of two sentences says how
//! much they talk about the same things.
//!
//! Words and numbers count; stop words (the base list plus
//! `data/stop_extra.txt`, less `data/stop_kept.txt`) do not. A term's weight
//! is `(1 + ln tf) · max(ln((n + 1) / (df + 0.5)), 0.1)` over the article's
//! `n` sentences: a word in every sentence still weighs a little.

use crate::extract::{FxMap, WordSet};
use crate::text::{is_stop_word, stem_word, TextLayer, TokenKind};

/// Summary stop words beyond the base stop list.
static STOP_EXTRA: WordSet = WordSet::from_lines(include_str!("data/stop_extra.txt"));
/// Base stop words the summary counts as content.
static STOP_KEPT: WordSet = WordSet::from_lines(include_str!("data/stop_kept.txt"));

/// True for a folded word too common to say what a sentence is about.
pub(super) fn is_stop(norm: &str) -> bool {
    (is_stop_word(norm) && !STOP_KEPT.contains(norm)) || STOP_EXTRA.contains(norm)
}

/// A sparse vector: (term id, weight), sorted by term id.
pub(super) type Vector = Vec<(usize, f64)>;

/// The sentences of one article as vectors.
pub(super) struct Sentences {
    /// One unit-length vector per sentence.
    pub(super) vecs: Vec<Vector>,
    /// Number of words and numbers in each sentence (stop words included).
    pub(super) words: Vec<usize>,
    /// Number of distinct terms (ids are `0..terms`).
    pub(super) terms: usize,
}

/// The tf-idf vectors of `layer`'s sentences.
pub(super) fn sentence_vectors(layer: &TextLayer) -> Sentences {
    let n = layer.sentence_tokens.len();
    let mut vocab: FxMap<String, usize> = FxMap::default();
    let mut vecs: Vec<Vector> = Vec::with_capacity(n);
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
            if is_stop(&t.norm) {
                continue;
            }
            let id = match by_norm.get(t.norm.as_str()) {
                Some(id) => *id,
                None => {
                    let stem = stem_word(&t.norm);
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
        let mut v: Vector = counts.into_iter().collect();
        crate::text::sort::sort_by_key(&mut v, |x| x.0);
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
    Sentences {
        vecs,
        words,
        terms: df.len(),
    }
}

/// The cosine of two unit-length vectors (their dot product).
pub(super) fn cos(a: &[(usize, f64)], b: &[(usize, f64)]) -> f64 {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_set_is_the_base_list_plus_extras_less_kept() {
        assert!(STOP_EXTRA.iter().all(|w| !is_stop_word(w)));
        assert!(STOP_KEPT.iter().all(is_stop_word));
        let base = crate::text::stopwords::stop_words().count();
        // the summary stop set had 97 distinct words before it was split
        assert_eq!(base - STOP_KEPT.len() + STOP_EXTRA.len(), 97);
        assert!(is_stop("the") && is_stop("said") && is_stop("very"));
        assert!(!is_stop("how") && !is_stop("'re") && !is_stop("missile"));
    }

    #[test]
    fn similar_sentences_have_a_high_cosine() {
        let layer = TextLayer::new(
            "Missiles were fired at dawn. The missiles were fired again. Talks resumed in Geneva.",
        );
        let s = sentence_vectors(&layer);
        assert_eq!(s.words, [5, 5, 4]);
        let c01 = cos(&s.vecs[0], &s.vecs[1]);
        assert!(c01 > 0.2 && cos(&s.vecs[0], &s.vecs[2]) == 0.0, "{c01}");
        assert!((cos(&s.vecs[2], &s.vecs[2]) - 1.0).abs() < 1e-9);
    }
}
