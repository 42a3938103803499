//! Keyphrases: the words and phrases an article is about.
//!
//! Three stages, one file each:
//! 1. `candidates`: noun-phrase-like runs of the text layer's tokens (one to
//!    four words, no stop word at either edge, no punctuation inside) plus the
//!    given entities' mentions, each keyed by its Porter (Snowball English)
//!    stems, so `missile` and `missiles` are one candidate; all occurrences of
//!    a key are gathered together.
//! 2. `scoring`: each candidate is scored by frequency, position of first
//!    occurrence, spread, cohesion (how much more often the words occur
//!    together than apart), capitalization and entity salience; corpus
//!    document frequencies ([`DocFreqs`]), when given, weigh what makes this
//!    article different.
//! 3. `select`: the best are taken in turn; acronyms are merged with their
//!    expansions (`ICBM` / `intercontinental ballistic missile`), and phrases
//!    that only ever occur inside a better one are dropped.
//!
//! The stop words that never edge a keyphrase are the base stop list plus
//! `data/stop_extra.txt`.

mod candidates;
mod ranker;
mod scoring;
mod select;

use super::EntityRef;
use crate::text::{fold, stem_word, TextLayer};
use candidates::{candidates, Key, Stems};
pub use ranker::{Ranker, FEATURE_NAMES, N_FEATURES};
pub use scoring::Params;
use std::collections::HashMap;
use std::ops::Range;

/// A keyphrase with its score and occurrences (byte ranges).
#[derive(Debug, Clone, PartialEq)]
pub struct Keyphrase {
    /// The phrase as it is most often written in the text.
    pub text: String,
    /// Score (higher is more important); comparable within one article.
    pub score: f64,
    /// Byte ranges of its occurrences, in text order.
    pub occurrences: Vec<Range<usize>>,
}

/// Document frequencies of candidate phrases over a corpus: what a loaded
/// collection of articles says is common, so an article's own topics stand out.
#[derive(Debug, Clone, Default)]
pub struct DocFreqs {
    docs: u32,
    df: HashMap<String, u32>,
}

impl DocFreqs {
    /// An empty table.
    pub fn new() -> DocFreqs {
        DocFreqs::default()
    }

    /// Builds the table from many texts.
    pub fn from_texts<'a, I: IntoIterator<Item = &'a str>>(texts: I) -> DocFreqs {
        let mut d = DocFreqs::new();
        for t in texts {
            d.add_text(t);
        }
        d
    }

    /// Counts the candidate phrases of one more text.
    pub fn add_text(&mut self, text: &str) {
        let layer = TextLayer::new(text);
        let stems = Stems::new(&layer.tokens);
        let mut keys: Vec<Key> = Vec::new();
        candidates(text, &layer, &stems, |c| keys.push(c.key));
        keys.sort_unstable();
        keys.dedup();
        for k in keys {
            *self.df.entry(stems.key_string(&k)).or_insert(0) += 1;
        }
        self.docs += 1;
    }

    /// Number of texts counted.
    pub fn docs(&self) -> u32 {
        self.docs
    }

    /// In how many texts the phrase key (space-joined stems) occurs.
    pub fn df(&self, key: &str) -> u32 {
        self.df.get(key).copied().unwrap_or(0)
    }

    /// Smoothed inverse document frequency of a phrase key.
    pub fn idf(&self, key: &str) -> f64 {
        let n = f64::from(self.docs);
        let df = f64::from(self.df(key));
        ((n + 1.0) / (df + 1.0)).ln() + 1.0
    }
}

/// Extracts up to `k` keyphrases of `text` (10 is the usual number), best
/// first. `entities` may be empty; `corpus`, when given, sharpens the scores.
pub fn extract_keyphrases(
    text: &str,
    layer: &TextLayer,
    entities: &[EntityRef],
    corpus: Option<&DocFreqs>,
    k: usize,
) -> Vec<Keyphrase> {
    extract_keyphrases_with(text, layer, entities, corpus, k, &Params::default())
}

/// [`extract_keyphrases`] with other weights (for tuning them: `lede
/// eval-keyphrases --weights`).
pub fn extract_keyphrases_with(
    text: &str,
    layer: &TextLayer,
    entities: &[EntityRef],
    corpus: Option<&DocFreqs>,
    k: usize,
    params: &Params,
) -> Vec<Keyphrase> {
    let ranker = params.learned.then(Ranker::shipped);
    extract_inner(text, layer, entities, corpus, k, params, ranker)
}

/// [`extract_keyphrases`] ranked by another learned ranker (for training
/// and cross-validating one: `lede eval-keyphrases --fit`).
pub fn extract_keyphrases_ranked(
    text: &str,
    layer: &TextLayer,
    entities: &[EntityRef],
    corpus: Option<&DocFreqs>,
    k: usize,
    ranker: &Ranker,
) -> Vec<Keyphrase> {
    extract_inner(
        text,
        layer,
        entities,
        corpus,
        k,
        &Params::default(),
        Some(ranker),
    )
}

/// One candidate phrase with the learned ranker's features (for training).
#[derive(Debug, Clone)]
pub struct CandidateFeatures {
    /// Its key: the space-joined stems of its words.
    pub key: String,
    /// How a keyphrase list would write it (its entity's name, or its most
    /// frequent written form).
    pub text: String,
    /// The features, in [`FEATURE_NAMES`] order.
    pub features: [f64; N_FEATURES],
}

/// The candidate phrases of `text` the learned ranker re-ranks for a list of
/// ten (the hand-weighted score's best sixty), best first, with their
/// features: the rows a ranker is trained on.
pub fn candidate_features(
    text: &str,
    layer: &TextLayer,
    entities: &[EntityRef],
    corpus: Option<&DocFreqs>,
) -> Vec<CandidateFeatures> {
    if layer.tokens.is_empty() {
        return Vec::new();
    }
    let stems = Stems::new(&layer.tokens);
    let g = candidates::gather(text, layer, &stems, entities);
    let cx = context(
        text,
        layer,
        &stems,
        corpus,
        Params::default(),
        entities,
        None,
    );
    let uni = scoring::unigrams(&g, &stems);
    let containers = scoring::containers(&g);
    // the hand score's best: what the ranker re-ranks for a list of ten
    let pool: Vec<u32> = scoring::hand_order(&g, &uni, &cx, 10)
        .into_iter()
        .take(scoring::pool_size(10))
        .map(|x| x.0)
        .collect();
    pool.into_iter()
        .filter_map(|key| g.agg(key).map(|a| (key, a)))
        .map(|(key, a)| CandidateFeatures {
            key: g.keys.string(key, &stems),
            text: select::display_text(entities, a),
            features: scoring::features(key, a, &g, &uni, &containers, &cx),
        })
        .collect()
}

/// What the scorer knows about the text beyond its candidates.
fn context<'a>(
    text: &str,
    layer: &TextLayer,
    stems: &'a Stems,
    corpus: Option<&'a DocFreqs>,
    params: Params,
    entities: &'a [EntityRef],
    ranker: Option<&'a Ranker>,
) -> scoring::Context<'a> {
    let (modifiers, verbs) = candidates::lower_case_counts(text, layer, stems);
    scoring::Context {
        n_sent: layer.sentence_tokens.len().max(1),
        corpus,
        modifiers,
        verbs,
        params,
        entities,
        ranker,
        stems,
        info: scoring::StemInfo::all(stems),
    }
}

fn extract_inner(
    text: &str,
    layer: &TextLayer,
    entities: &[EntityRef],
    corpus: Option<&DocFreqs>,
    k: usize,
    params: &Params,
    ranker: Option<&Ranker>,
) -> Vec<Keyphrase> {
    let toks = &layer.tokens;
    if toks.is_empty() || k == 0 {
        return Vec::new();
    }
    let stems = Stems::new(toks);
    let g = candidates::gather(text, layer, &stems, entities);
    if g.is_empty() {
        return Vec::new();
    }
    let cx = context(text, layer, &stems, corpus, *params, entities, ranker);
    let scored = scoring::rank(&g, &cx, k);
    select::choose(toks, entities, &g, &scored, k)
}

/// The first `k` distinct candidate phrases in text order: the
/// "first noun phrases" baseline of keyphrase evaluation.
pub fn first_phrases(text: &str, layer: &TextLayer, k: usize) -> Vec<String> {
    let stems = Stems::new(&layer.tokens);
    let mut out: Vec<(usize, usize, String)> = Vec::new();
    let mut seen: std::collections::HashSet<Key> = Default::default();
    // the longest phrase at each start, in text order
    let mut best: Vec<(usize, usize, Key)> = Vec::new();
    candidates(text, layer, &stems, |c| {
        let r = c.tokens.clone();
        match best.last_mut() {
            Some(b) if b.0 == r.start => {
                if r.end > b.1 {
                    *b = (r.start, r.end, c.key);
                }
            }
            Some(b) if r.start < b.1 => {}
            _ => best.push((r.start, r.end, c.key)),
        }
    });
    for (s, e, key) in best {
        if out.len() >= k {
            break;
        }
        if seen.insert(key) {
            let toks = &layer.tokens;
            let a = toks.get(s).map_or(0, |t| t.start);
            let b = toks.get(e.saturating_sub(1)).map_or(0, |t| t.end);
            out.push((s, e, text.get(a..b).unwrap_or("").to_string()));
        }
    }
    out.into_iter().map(|x| x.2).collect()
}

/// Keyphrases of a text the English rules do not fit (another language): its
/// names, most mentioned first (ties: the earlier), up to `k`, each with all
/// its entity's mentions.
pub fn name_keyphrases(entities: &[EntityRef], k: usize) -> Vec<Keyphrase> {
    let mut order: Vec<&EntityRef> = entities.iter().filter(|e| !e.mentions.is_empty()).collect();
    crate::text::sort::sort_by_key(&mut order, |e| {
        (
            std::cmp::Reverse(e.mentions.len()),
            e.mentions.first().map_or(0, |m| m.start),
        )
    });
    order
        .into_iter()
        .take(k)
        .map(|e| Keyphrase {
            text: e.name.clone(),
            score: e.mentions.len() as f64,
            occurrences: e.mentions.clone(),
        })
        .collect()
}

/// Porter (Snowball English) stems of a phrase, lower-cased, space-joined, with
/// characters other than letters and digits dropped from each word: the form
/// keyphrase evaluation matches on.
pub fn stem_phrase(phrase: &str) -> String {
    phrase
        .split_whitespace()
        .map(|w| stem_word(&fold(w)))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
