//! The tagger: weights, scoring, span posteriors (decoding: `viterbi`).
//!
//! A model file is a magic number, the label count, the feature switches
//! ([`FeatConfig`]), the lexicon, and one or two stages of quantized weights
//! (a row of `L` weights per hashed feature key, plus label transitions).
//! Tagging a document runs stage one over every sentence (features →
//! scores → BILOU-constrained Viterbi), then, when the model has it, stage
//! two with features of stage one's labels of the same word elsewhere in the
//! document.
//!
//! One file per part: `weights.rs` (the stages' weights, quantized and
//! ready for scoring, and the table that finds a key's rows), `calib.rs`
//! (span posteriors by forward-backward, and the calibration that makes
//! them probabilities), `caches.rs` (the per-document sums of weight rows
//! that make scoring cheap), and this file: the model, loading it, and
//! tagging a document with it.

mod caches;
mod calib;
#[cfg(test)]
mod tests;
mod weights;

use caches::{add_sum, PairCache, RoleCache};
pub use calib::ScoredSpan;
pub(crate) use calib::{span_posteriors, Calibration, Lattice};
use weights::NO_ROW;
pub(crate) use weights::{KeyTable, QuantWeights, Weights};

use super::features::{
    is_plain, left_pair_keys, neighbor_keys, right_pair_keys, self_keys, stage2_features,
    token_features, triple_keys, DocCtx, FeatConfig, Role, Stage1, F_NOALNUM,
};
use super::lexicon::Lexicon;
use super::viterbi::Decoder;
use super::{NerTag, Words, NUM_LABELS};
use std::sync::OnceLock;

/// Most points a calibration table may have.
pub(crate) const MAX_CALIB_POINTS: usize = 64;
const L: usize = NUM_LABELS;

/// A trained named-entity tagger.
#[derive(Clone)]
pub struct NerModel {
    pub(crate) lex: Lexicon,
    pub(crate) cfg: FeatConfig,
    pub(crate) stage1: Weights,
    pub(crate) stage2: Option<Weights>,
    pub(crate) calib: Calibration,
    /// The rows of every key in both stages.
    pub(crate) keys: KeyTable,
}

/// The trained model, compiled in unless the `embedded-model` feature is off
/// (the embed's wasm, which loads `models/ner.bin` at run time instead).
#[cfg(feature = "embedded-model")]
static BUILTIN_BYTES: &[u8] = include_bytes!("../../../../models/ner.bin");
#[cfg(not(feature = "embedded-model"))]
static BUILTIN_BYTES: &[u8] = &[];
static BUILTIN: OnceLock<NerModel> = OnceLock::new();
/// A model installed at run time ([`NerModel::install`]); wins over the builtin.
static INSTALLED: OnceLock<NerModel> = OnceLock::new();

impl NerModel {
    /// The model embedded in the library (`models/ner.bin`), loaded once.
    ///
    /// If the embedded bytes were somehow unreadable, an empty model that
    /// tags everything `O` is returned instead of panicking.
    pub fn builtin() -> &'static NerModel {
        if let Some(m) = INSTALLED.get() {
            return m;
        }
        BUILTIN.get_or_init(|| {
            NerModel::from_bytes(BUILTIN_BYTES).unwrap_or_else(|_| NerModel::empty())
        })
    }

    /// Installs `model` as the one [`NerModel::builtin`] returns, for builds
    /// without the `embedded-model` feature. Returns false (and drops the
    /// model) when a model is already in place.
    pub fn install(model: NerModel) -> bool {
        !Self::has_builtin() && INSTALLED.set(model).is_ok()
    }

    /// True when [`NerModel::builtin`] has a trained model: embedded, or
    /// installed. A build without `embedded-model` has none until installed.
    pub fn has_builtin() -> bool {
        INSTALLED.get().is_some() || !BUILTIN_BYTES.is_empty()
    }

    /// A model without features, tagging every token `O`.
    fn empty() -> NerModel {
        NerModel {
            lex: Lexicon::default(),
            cfg: FeatConfig::from_bits(0),
            stage1: Weights::empty(),
            stage2: None,
            calib: Calibration::default(),
            keys: KeyTable::default(),
        }
    }

    /// Tags a whole document (a list of sentences of tokens). The document
    /// is tagged as a whole so that document-level features can use every
    /// occurrence of a word.
    pub fn tag_document<S: AsRef<str>>(&self, sentences: &[Vec<S>]) -> Vec<Vec<NerTag>> {
        self.tag_document_indices(sentences)
            .into_iter()
            .map(|s| s.into_iter().map(NerTag::from_index).collect())
            .collect()
    }

    /// Tags one sentence on its own (no document context).
    pub fn tag_sentence<S: AsRef<str>>(&self, tokens: &[S]) -> Vec<NerTag> {
        let doc: Vec<Vec<&str>> = vec![tokens.iter().map(|t| t.as_ref()).collect()];
        self.tag_document(&doc).pop().unwrap_or_default()
    }

    pub(crate) fn tag_document_indices<S: AsRef<str>>(&self, sentences: &[Vec<S>]) -> Vec<Vec<u8>> {
        self.run(sentences, None, 1.0)
    }

    /// Tags a whole document like [`NerModel::tag_document`] and returns,
    /// per sentence, its entity spans with their confidence: the posterior
    /// of each span under the final stage's scores (forward-backward over
    /// the BILOU lattice), calibrated on held-out folds when training.
    pub fn tag_document_scored<S: AsRef<str>>(&self, sentences: &[Vec<S>]) -> Vec<Vec<ScoredSpan>> {
        self.tag_words_scored(sentences)
    }

    /// Tags a document given as [`Words`] (a text layer's tokens read in
    /// place: [`super::TextWords`]) exactly as [`NerModel::tag_document_scored`]
    /// tags the same words given as strings: per sentence, its entity spans
    /// with their confidence.
    pub fn tag_words_scored<D: Words + ?Sized>(&self, doc: &D) -> Vec<Vec<ScoredSpan>> {
        let mut post: Vec<Vec<[f32; 4]>> = Vec::with_capacity(doc.sentence_count());
        let labels = self.run(doc, Some(&mut post), self.calib.temp);
        labels
            .iter()
            .zip(post)
            .map(|(ls, ps)| {
                let tags: Vec<NerTag> = ls.iter().map(|&l| NerTag::from_index(l)).collect();
                super::spans(&tags)
                    .into_iter()
                    .zip(ps)
                    .map(|(span, type_scores)| ScoredSpan {
                        span,
                        confidence: self.calib.apply(type_scores[span.kind.index()]),
                        type_scores,
                    })
                    .collect()
            })
            .collect()
    }

    /// The calibrated probability of a raw span posterior (see
    /// [`ScoredSpan::type_scores`]).
    pub fn calibrate(&self, raw: f32) -> f32 {
        self.calib.apply(raw)
    }

    /// [`NerModel::gazetteer_types`] bit of a person.
    pub const GAZETTEER_PER: u8 = 1;
    /// [`NerModel::gazetteer_types`] bit of an organisation.
    pub const GAZETTEER_ORG: u8 = 1 << 1;
    /// [`NerModel::gazetteer_types`] bit of a place.
    pub const GAZETTEER_LOC: u8 = 1 << 2;
    /// [`NerModel::gazetteer_types`] bit of a miscellaneous name.
    pub const GAZETTEER_MISC: u8 = 1 << 3;

    /// The entity types the model's gazetteer lists for exactly this
    /// phrase (its words in tagger form, see [`super::tagger_form`]; case
    /// does not matter), as a bit mask: bit 0 PER, 1 ORG, 2 LOC, 3 MISC. 0 when the phrase is not listed (a
    /// listed phrase that only begins with these words does not count).
    pub fn gazetteer_types<S: AsRef<str>>(&self, words: &[S]) -> u8 {
        let mut lower = String::new();
        let hashes = words.iter().map(|w| {
            super::features::lowercase_into(w.as_ref(), &mut lower);
            super::hash::word_hash(&lower)
        });
        match self.lex.longest_phrase(hashes) {
            Some((n, mask)) if n == words.len() => mask,
            _ => 0,
        }
    }

    /// True when unlabeled news writes `word` (any case) capitalized less
    /// than 30% of the time mid-sentence: a common word (`budget`, `six`),
    /// not a name, even where a headline or a glued name capitalizes it. A
    /// word outside the cluster vocabulary is not.
    pub(crate) fn usually_lowercase(&self, word: &str) -> bool {
        let mut lower = String::new();
        super::features::lowercase_into(word, &mut lower);
        let (_, case) = self.lex.clusters_of(super::hash::word_hash(&lower));
        case <= super::features::TRUECASE_MAX_BIN
    }

    /// Raw span posteriors of a document's final labels (training: calibration).
    #[cfg_attr(not(feature = "train"), allow(dead_code))]
    pub(crate) fn raw_posteriors<S: AsRef<str>>(
        &self,
        sentences: &[Vec<S>],
        temp: f32,
    ) -> (Vec<Vec<u8>>, Vec<Vec<[f32; 4]>>) {
        let mut post = Vec::new();
        let labels = self.run(sentences, Some(&mut post), temp);
        (labels, post)
    }

    /// Runs both stages; when `post` is given, fills it with the span
    /// posteriors (at temperature `temp`) of each sentence's final labels.
    ///
    /// Memory: besides the document's token types and 8 bytes a token
    /// ([`DocCtx`]), the labels (a byte a token), one window's lattice (at
    /// most [`WINDOW`] tokens: scores, back pointers, forward-backward) and
    /// the role sums of the most frequent types ([`RoleCache`], a bounded
    /// share of the tokens), nothing grows with the text.
    ///
    /// Speed: a token's score is the sum of the weight rows of its keys.
    /// The keys that depend on one token only (some thirty of about forty)
    /// are summed once per frequent type and role ([`RoleCache`]); each
    /// token adds five cached sums and looks up the keys that join it with
    /// a neighbour. Integer sums in any order are the same sums, so the
    /// scores, and the labels, are those of looking every key up.
    fn run<D: Words + ?Sized>(
        &self,
        sentences: &D,
        mut post: Option<&mut Vec<Vec<[f32; 4]>>>,
        temp: f32,
    ) -> Vec<Vec<u8>> {
        let doc = DocCtx::build(sentences, &self.lex);
        let mut buf: Vec<u32> = Vec::with_capacity(128);
        let mut scores: Vec<f32> = Vec::new();
        let mut window: Vec<u8> = Vec::new();
        let mut decoder = Decoder::default();
        let mut cache = RoleCache::default();
        cache.fill(self, &doc, 0, &mut buf);
        let mut pairs = PairCache::new(doc.sents.iter().map(Vec::len).sum());
        let mut first: Vec<Vec<u8>> = Vec::with_capacity(doc.sents.len());
        // posteriors of stage one's labels only when it is the last stage
        let lattice1 = (self.stage2.is_none() && post.is_some())
            .then(|| Lattice::new(&self.stage1.trans, temp))
            .flatten();
        for (si, s) in doc.sents.iter().enumerate() {
            let mut labels = Vec::with_capacity(s.len());
            let mut sent_post = Vec::new();
            for w in windows(&doc, si) {
                if blank_window(&doc, si, &w) {
                    labels.resize(labels.len() + w.len(), 0);
                    continue;
                }
                scores.clear();
                scores.resize(w.len() * L, 0.0);
                for (j, i) in w.clone().enumerate() {
                    let mut acc = [0i32; L];
                    self.token_sum(&doc, si, i, 0, (&cache, &mut pairs), &mut buf, &mut acc);
                    if let Some(out) = scores.get_mut(j * L..(j + 1) * L) {
                        self.stage1.emit(&acc, out);
                    }
                }
                decoder.decode(&scores, w.len(), &self.stage1.trans, &mut window);
                if self.stage2.is_none() && post.is_some() {
                    sent_post.extend(posteriors(&scores, &window, lattice1.as_ref()));
                }
                labels.extend_from_slice(&window);
            }
            if self.stage2.is_none() {
                if let Some(p) = post.as_deref_mut() {
                    p.push(sent_post);
                }
            }
            first.push(labels);
        }
        let Some(w2) = &self.stage2 else {
            return first;
        };
        cache.fill(self, &doc, 1, &mut buf);
        pairs.clear();
        let s1 = Stage1::new(&doc, first);
        let lattice2 = post
            .is_some()
            .then(|| Lattice::new(&w2.trans, temp))
            .flatten();
        let mut out = Vec::with_capacity(doc.sents.len());
        for (si, s) in doc.sents.iter().enumerate() {
            let mut labels = Vec::with_capacity(s.len());
            let mut sent_post = Vec::new();
            for w in windows(&doc, si) {
                if blank_window(&doc, si, &w) {
                    labels.resize(labels.len() + w.len(), 0);
                    continue;
                }
                scores.clear();
                scores.resize(w.len() * L, 0.0);
                for (j, i) in w.clone().enumerate() {
                    let mut acc = [0i32; L];
                    self.token_sum(&doc, si, i, 1, (&cache, &mut pairs), &mut buf, &mut acc);
                    buf.clear();
                    stage2_features(&doc, si, i, &s1, &mut buf);
                    self.add_keys(1, &buf, &mut acc);
                    if let Some(out) = scores.get_mut(j * L..(j + 1) * L) {
                        w2.emit(&acc, out);
                    }
                }
                decoder.decode(&scores, w.len(), &w2.trans, &mut window);
                if post.is_some() {
                    sent_post.extend(posteriors(&scores, &window, lattice2.as_ref()));
                }
                labels.extend_from_slice(&window);
            }
            if let Some(p) = post.as_deref_mut() {
                p.push(sent_post);
            }
            out.push(labels);
        }
        out
    }

    /// The weights of stage `stage` (0: the first; 1: the second).
    #[inline]
    fn stage(&self, stage: usize) -> Option<&Weights> {
        if stage == 0 {
            Some(&self.stage1)
        } else {
            self.stage2.as_ref()
        }
    }

    /// Adds the rows of `keys` in stage `stage` into `acc`.
    #[inline]
    fn add_keys(&self, stage: usize, keys: &[u32], acc: &mut [i32; L]) {
        let Some(w) = self.stage(stage) else { return };
        for &k in keys {
            let r = self.keys.get(k)[stage & 1];
            if r != NO_ROW {
                w.add_row(r, acc);
            }
        }
    }

    /// Adds into `acc` the stage-`stage` rows of every key that
    /// [`token_features`] gives token `i` of sentence `si` (without the
    /// second stage's label keys): from the cached sums of `cache` where it
    /// has them.
    #[allow(clippy::too_many_arguments)]
    fn token_sum(
        &self,
        doc: &DocCtx,
        si: usize,
        i: usize,
        stage: usize,
        (cache, pairs): (&RoleCache, &mut PairCache),
        buf: &mut Vec<u32>,
        acc: &mut [i32; L],
    ) {
        let ng = self.lex.ngran;
        if !is_plain(doc, si, i, self.cfg) {
            buf.clear();
            token_features(doc, si, i, self.cfg, ng, None, buf);
            self.add_keys(stage, buf, acc);
            return;
        }
        let ii = i as isize;
        let ty = doc.ty(si, ii);
        match cache.sum(ty, 0) {
            Some(v) => add_sum(acc, v),
            None => {
                buf.clear();
                self_keys(doc, doc.tok(si, ii).0, self.cfg, ng, buf);
                self.add_keys(stage, buf, acc);
            }
        }
        for (r, role) in Role::ALL.into_iter().enumerate() {
            let j = ii + role.offset();
            match doc.ty(si, j) {
                None => add_sum(acc, &cache.pad[r]),
                Some(nt) => match cache.sum(Some(nt), 1 + r) {
                    Some(v) => add_sum(acc, v),
                    None => {
                        buf.clear();
                        neighbor_keys(role, doc.tok(si, j).0, self.cfg, ng, buf);
                        self.add_keys(stage, buf, acc);
                    }
                },
            }
        }
        // the keys joining the token with each neighbour, by bigram of types
        let (m1, p1) = (doc.ty(si, ii - 1), doc.ty(si, ii + 1));
        match ty
            .zip(m1)
            .and_then(|(t, a)| pairs.get(self, doc, stage, a, t, buf))
        {
            Some(e) => add_sum(acc, &e.left),
            None => {
                buf.clear();
                left_pair_keys(doc.tok(si, ii - 1).0, doc.tok(si, ii).0, self.cfg, ng, buf);
                self.add_keys(stage, buf, acc);
            }
        }
        match ty
            .zip(p1)
            .and_then(|(t, b)| pairs.get(self, doc, stage, t, b, buf))
        {
            Some(e) => add_sum(acc, &e.right),
            None => {
                buf.clear();
                right_pair_keys(doc.tok(si, ii).0, doc.tok(si, ii + 1).0, self.cfg, ng, buf);
                self.add_keys(stage, buf, acc);
            }
        }
        buf.clear();
        triple_keys(doc, si, i, self.cfg, buf);
        self.add_keys(stage, buf, acc);
    }
}

/// Most tokens decoded as one lattice. A longer sentence (no sentence of
/// news comes near it; a megabyte of commas is one sentence of a million
/// tokens) is decoded in windows of at most this many tokens, each ending
/// outside any entity, so the decoder's memory is bounded whatever the text.
/// Its features still see the whole sentence.
pub(crate) const WINDOW: usize = 4096;

/// The windows of sentence `si` of `doc` (one window when it has at most
/// [`WINDOW`] tokens). A window is cut before a token without letters or
/// digits (punctuation) in its second half when there is one, so that a
/// cut does not split a name; otherwise at [`WINDOW`] tokens. Each token is
/// looked at at most once: linear.
fn windows(doc: &DocCtx, si: usize) -> Vec<std::ops::Range<usize>> {
    let n = doc.sents.get(si).map_or(0, Vec::len);
    let mut out = Vec::new();
    let mut start = 0;
    while start < n {
        if n - start <= WINDOW {
            out.push(start..n);
            break;
        }
        let end = start + WINDOW;
        let cut = (start + WINDOW / 2..end)
            .rev()
            .find(|&i| doc.tok(si, i as isize).0.flags & F_NOALNUM != 0)
            .filter(|&i| i > start)
            .unwrap_or(end);
        out.push(start..cut);
        start = cut;
    }
    out
}

/// Fewest tokens of a window [`blank_window`] may skip: no sentence of
/// prose has this many punctuation marks in a row.
const BLANK_MIN: usize = 64;

/// True when window `w` of sentence `si` is at least [`BLANK_MIN`] tokens of
/// which none has a letter or a digit (a run of commas, dashes, emoji): no
/// name can be there, so its labels are all outside (`O`) without scoring
/// or decoding it. A megabyte of commas is a thousand such windows.
fn blank_window(doc: &DocCtx, si: usize, w: &std::ops::Range<usize>) -> bool {
    w.len() >= BLANK_MIN
        && w.clone()
            .all(|i| doc.tok(si, i as isize).0.flags & F_NOALNUM != 0)
}

/// Span posteriors of one sentence's labels under its scores.
///
/// Most windows hold no entity at all (a megabyte of commas, most
/// sentences of news): they get no posteriors, without the forward-backward
/// pass.
fn posteriors(scores: &[f32], labels: &[u8], lattice: Option<&Lattice>) -> Vec<[f32; 4]> {
    if labels.iter().all(|&l| l == 0) {
        return Vec::new();
    }
    let tags: Vec<NerTag> = labels.iter().map(|&l| NerTag::from_index(l)).collect();
    let sp = super::spans(&tags);
    span_posteriors(scores, labels.len(), lattice, &sp)
}
