//! Scores: how much each candidate phrase says what the article is about.
//!
//! A candidate's score is a product of features, each near 1 when it says
//! nothing:
//! - frequency (sublinear, [`weights::tf`]);
//! - position: an early first occurrence counts (news leads carry the topic);
//! - spread: a phrase seen from the start to the end of the article beats one
//!   bunched in a paragraph;
//! - cohesion (phrases of several words): how often the words occur together
//!   rather than apart (`ballistic missile` vs `missile`);
//! - capitalization and entity salience (names are what news is about);
//! - specificity: the corpus inverse document frequency when a [`DocFreqs`]
//!   table is given, otherwise a mild preference for longer phrases;
//! - a length prior ([`weights::len`]).

use super::candidates::Agg;
use super::DocFreqs;
use crate::extract::FxMap;
use std::cmp::Ordering;

/// Scores every candidate of `aggs` (keyed by space-joined stems) in an
/// article of `n_sent` sentences; returns the few hundred best that could
/// make a list of `k`, best first (ties: by key).
pub(super) fn rank<'k>(
    aggs: &'k FxMap<String, Agg>,
    n_sent: usize,
    corpus: Option<&DocFreqs>,
    k: usize,
) -> Vec<(&'k str, f64)> {
    // unigram counts for cohesion
    let uni: FxMap<&str, usize> = aggs
        .iter()
        .filter(|(k, _)| !k.contains(' '))
        .map(|(k, a)| (k.as_str(), a.occ.len()))
        .collect();
    let mut scored: Vec<(&str, f64)> = aggs
        .iter()
        .map(|(key, a)| (key.as_str(), score(key, a, &uni, n_sent, corpus)))
        .collect();
    let order = |a: &(&str, f64), b: &(&str, f64)| -> Ordering {
        b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0))
    };
    // only the best few hundred can make the list (merging drops some)
    let keep = (k * 30).max(300);
    if scored.len() > keep {
        scored.select_nth_unstable_by(keep, order);
        scored.truncate(keep);
    }
    scored.sort_by(order);
    scored
}

/// The score of one candidate; `uni` counts the occurrences of one-word
/// candidates (for cohesion).
fn score(
    key: &str,
    a: &Agg,
    uni: &FxMap<&str, usize>,
    n_sent: usize,
    corpus: Option<&DocFreqs>,
) -> f64 {
    let tf = a.occ.len() as f64;
    let first = a.first.unwrap_or(0) as f64;
    let last = a.last as f64;
    let position = 1.0 + weights::pos() / (1.0 + first).sqrt();
    let spread = 1.0 + 0.5 * (last - first) / n_sent as f64;
    let n_parts = key.split(' ').count();
    let cohesion = if n_parts > 1 {
        let min_part = key
            .split(' ')
            .filter_map(|p| uni.get(p).copied())
            .min()
            .unwrap_or(a.occ.len())
            .max(1) as f64;
        (tf / min_part).sqrt()
    } else {
        1.0
    };
    let caps = a.capitalized as f64 / tf;
    let proper = 1.0 + weights::caps() * caps;
    let entity = if a.entity.is_some() { 1.6 } else { 1.0 };
    let idf = match corpus {
        Some(c) if c.docs() > 0 => c.idf(key).powf(weights::idfp()),
        _ => 1.0 + 0.5 * n_parts as f64,
    };
    let length = weights::len(n_parts);
    weights::tf(tf) * position * spread * cohesion * proper * entity * idf * length
}

/// Scoring weights, tuned on the KPCrowd training split.
mod weights {
    /// Length prior: news keyphrases are mostly single words and short names.
    pub fn len(n: usize) -> f64 {
        match n {
            1 => 1.0,
            2 => 0.7,
            3 => 0.5,
            _ => 0.3,
        }
    }
    /// Frequency term.
    pub fn tf(tf: f64) -> f64 {
        tf.powf(0.8)
    }
    /// Boost for phrases written capitalized (proper names) beyond entities.
    pub fn caps() -> f64 {
        0.0
    }
    /// Exponent on the corpus inverse document frequency.
    pub fn idfp() -> f64 {
        0.7
    }
    /// Weight of an early first occurrence.
    pub fn pos() -> f64 {
        1.5
    }
}
