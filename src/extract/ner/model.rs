//! The tagger: weights, scoring, span posteriors (decoding: `viterbi`).
//!
//! A model file is a magic number, the label count, the feature switches
//! ([`FeatConfig`]), the lexicon, and one or two stages of quantized weights
//! (a row of `L` weights per hashed feature key, plus label transitions).
//! Tagging a document runs stage one over every sentence (features →
//! scores → BILOU-constrained Viterbi), then, when the model has it, stage
//! two with features of stage one's labels of the same word elsewhere in the
//! document.

#[cfg(test)]
use super::codec::put_varint;
use super::codec::Reader;
use super::features::{
    is_plain, left_pair_keys, neighbor_keys, pad_tok, right_pair_keys, self_keys, stage2_features,
    token_features, triple_keys, DocCtx, FeatConfig, Role, Stage1, F_NOALNUM,
};
use super::lexicon::Lexicon;
use super::viterbi::{allowed, is_open, Decoder};
use super::{NerTag, NUM_LABELS};
use std::sync::OnceLock;

/// Most points a calibration table may have.
pub(crate) const MAX_CALIB_POINTS: usize = 64;
const L: usize = NUM_LABELS;

/// Feature weights of one stage, ready for scoring. A key's row is found
/// in the model's [`KeyTable`] (one lookup for both stages).
#[derive(Clone)]
pub(crate) struct Weights {
    /// Quantized weights, `L` per row; the real weight is `w * scale`.
    w: Vec<i16>,
    scale: f32,
    /// Transition scores: `trans[p * L + c]`, row `L` is the start state.
    pub trans: Vec<f32>,
}

/// Quantized, serializable weights.
pub(crate) struct QuantWeights {
    pub keys: Vec<u32>,
    /// `keys.len() * L` quantized weights.
    pub q: Vec<i16>,
    pub scale: f32,
    /// Bytes per weight (1 or 2).
    pub width: u8,
    pub trans: Vec<f32>,
}

impl QuantWeights {
    /// Quantizes float rows (sorted by key) with a per-model scale.
    #[cfg_attr(not(feature = "train"), allow(dead_code))]
    /// Weights above the `clip` quantile of absolute non-zero weights
    /// (1.0 = the maximum) are clamped, so that small weights keep more
    /// resolution.
    pub fn quantize(rows: &[(u32, [f32; L])], trans: &[f32], width: u8, clip: f64) -> QuantWeights {
        let maxq = if width == 1 { 127.0 } else { 32767.0 };
        let mut abs: Vec<f32> = rows
            .iter()
            .flat_map(|(_, r)| r.iter().map(|x| x.abs()))
            .filter(|&x| x > 0.0)
            .collect();
        abs.sort_by(f32::total_cmp);
        let absmax = if abs.is_empty() {
            0.0
        } else {
            let i = ((abs.len() - 1) as f64 * clip.clamp(0.0, 1.0)).round() as usize;
            abs[i.min(abs.len() - 1)]
        };
        let scale = if absmax > 0.0 { absmax / maxq } else { 1.0 };
        let mut keys = Vec::with_capacity(rows.len());
        let mut q = Vec::with_capacity(rows.len() * L);
        for (k, r) in rows {
            keys.push(*k);
            for &x in r {
                q.push((x / scale).round().clamp(-maxq, maxq) as i16);
            }
        }
        QuantWeights {
            keys,
            q,
            scale,
            width,
            trans: trans.to_vec(),
        }
    }

    /// The v3 encoding (kept to test that v3 files still read the same).
    #[cfg(test)]
    pub(crate) fn encode_v3(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.keys.len() as u32).to_le_bytes());
        out.push(self.width);
        out.extend_from_slice(&self.scale.to_le_bytes());
        let mut prev = 0u32;
        for &k in &self.keys {
            put_varint(out, k.wrapping_sub(prev));
            prev = k;
        }
        // Rows are sparse: a varint bit mask of the non-zero labels of each
        // row, then all non-zero values in row order.
        for r in 0..self.keys.len() {
            let mut mask = 0u32;
            for l in 0..L {
                if self.q[r * L + l] != 0 {
                    mask |= 1 << l;
                }
            }
            put_varint(out, mask);
        }
        for &v in &self.q {
            if v == 0 {
                continue;
            }
            if self.width == 1 {
                out.push(v as i8 as u8);
            } else {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        for &t in &self.trans {
            out.extend_from_slice(&t.to_le_bytes());
        }
    }

    /// Reads one stage of a v3 (or v2) model.
    pub(crate) fn decode_v3(r: &mut Reader<'_>) -> Result<QuantWeights, String> {
        let n = r.u32()? as usize;
        let width = r.u8()?;
        if width != 1 && width != 2 {
            return Err(format!("bad weight width {width}"));
        }
        // Each feature needs at least one key byte and one mask byte.
        if n.saturating_mul(2) > r.remaining() {
            return Err("model truncated (feature count too large)".to_string());
        }
        let scale = r.f32()?;
        let mut keys = Vec::with_capacity(n);
        let mut prev = 0u32;
        for i in 0..n {
            let d = r.varint()?;
            let k = prev.wrapping_add(d);
            if i > 0 && d == 0 {
                return Err("duplicate feature key in model".to_string());
            }
            keys.push(k);
            prev = k;
        }
        let mut masks = Vec::with_capacity(n);
        for _ in 0..n {
            let m = r.varint()?;
            if m >> L != 0 {
                return Err("bad label mask in model".to_string());
            }
            masks.push(m);
        }
        let mut w = vec![0i16; n * L];
        for (row, &m) in masks.iter().enumerate() {
            for l in 0..L {
                if m & (1 << l) == 0 {
                    continue;
                }
                w[row * L + l] = if width == 1 {
                    i16::from(r.u8()? as i8)
                } else {
                    r.u16()? as i16
                };
            }
        }
        let mut trans = vec![0f32; (L + 1) * L];
        for t in trans.iter_mut() {
            *t = r.f32()?;
        }
        Ok(QuantWeights {
            keys,
            q: w,
            scale,
            width,
            trans,
        })
    }
}

impl Weights {
    /// The lookup form of a stage's weights (its keys go to the
    /// [`KeyTable`], built from [`QuantWeights::keys`] first).
    pub(crate) fn from_quant(q: QuantWeights) -> Weights {
        Weights {
            w: q.q,
            scale: q.scale,
            trans: q.trans,
        }
    }

    /// Weights without any feature.
    pub(crate) fn empty() -> Weights {
        Weights {
            w: Vec::new(),
            scale: 1.0,
            trans: vec![0.0; (L + 1) * L],
        }
    }

    /// Adds row `row` into `acc`.
    #[inline]
    fn add_row(&self, row: u32, acc: &mut [i32; L]) {
        let base = row as usize * L;
        if let Some(r) = self.w.get(base..base + L) {
            for (a, x) in acc.iter_mut().zip(r) {
                *a += i32::from(*x);
            }
        }
    }

    /// Writes `acc * scale` into `out`.
    #[inline]
    fn emit(&self, acc: &[i32; L], out: &mut [f32]) {
        for (o, a) in out.iter_mut().zip(acc) {
            *o = *a as f32 * self.scale;
        }
    }
}

/// Row of a key in each stage (`NO_ROW` when absent).
const NO_ROW: u32 = u32::MAX;

/// The rows of every feature key in both stages, in one open-addressing
/// table: a lookup is one probe sequence in one flat array (no second
/// hashing: the keys are avalanched hashes, so their low bits index the
/// table), and one lookup gives a key's row in both stages.
#[derive(Clone, Default)]
pub(crate) struct KeyTable {
    /// `slots.len() - 1` (a power of two less one); 0 when empty.
    mask: usize,
    /// At most half full, so every probe sequence ends at an empty slot.
    slots: Vec<KeySlot>,
}

/// One slot of a [`KeyTable`]: a key and its row in each stage (`NO_ROW`
/// when absent); both `NO_ROW` marks an empty slot.
#[derive(Clone, Copy)]
struct KeySlot {
    key: u32,
    rows: [u32; 2],
}

const EMPTY_SLOT: KeySlot = KeySlot {
    key: 0,
    rows: [NO_ROW, NO_ROW],
};

impl KeyTable {
    /// The table of the keys of each stage (`stages[0]` stage one, then
    /// stage two when there is one): a key's row in a stage is its index in
    /// that stage's list.
    pub(crate) fn build(stages: &[&[u32]]) -> KeyTable {
        let n: usize = stages.iter().map(|k| k.len()).sum();
        let cap = (n.max(8) * 2).next_power_of_two();
        let mut t = KeyTable {
            mask: cap - 1,
            slots: vec![EMPTY_SLOT; cap],
        };
        // in key order, so that the table is the same whatever the order of
        // the rows (a model file's are in key order already: nothing to sort)
        for (stage, keys) in stages.iter().enumerate().take(2) {
            if keys.windows(2).all(|w| w[0] < w[1]) {
                for (r, &k) in keys.iter().enumerate() {
                    t.insert(k, stage, r as u32);
                }
            } else {
                let mut pairs: Vec<(u32, u32)> = keys
                    .iter()
                    .enumerate()
                    .map(|(r, &k)| (k, r as u32))
                    .collect();
                pairs.sort_unstable();
                for (k, r) in pairs {
                    t.insert(k, stage, r);
                }
            }
        }
        t
    }

    /// Sets the row of `key` in `stage`.
    fn insert(&mut self, key: u32, stage: usize, row: u32) {
        let mut i = key as usize & self.mask;
        for _ in 0..self.slots.len() {
            let Some(s) = self.slots.get_mut(i) else {
                return;
            };
            if s.rows == [NO_ROW, NO_ROW] || s.key == key {
                s.key = key;
                if let Some(r) = s.rows.get_mut(stage) {
                    *r = row;
                }
                return;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The rows of `key` in both stages (`NO_ROW` where absent).
    #[inline]
    fn get(&self, key: u32) -> [u32; 2] {
        let mut i = key as usize & self.mask;
        // at most half full: an empty slot ends every probe sequence
        for _ in 0..self.slots.len() {
            let Some(s) = self.slots.get(i) else {
                break;
            };
            if s.rows == [NO_ROW, NO_ROW] {
                break;
            }
            if s.key == key {
                return s.rows;
            }
            i = (i + 1) & self.mask;
        }
        [NO_ROW, NO_ROW]
    }
}

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

/// Maps a span's raw posterior (its marginal probability under the
/// softmax of path scores at temperature `temp`) to a calibrated
/// probability of being right: a monotone piecewise-linear curve through
/// `(x, y)` points fitted on held-out folds (isotonic regression).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Calibration {
    /// Temperature dividing path scores before the softmax.
    pub temp: f32,
    /// Curve points, `x` increasing, `y` non-decreasing, both in 0..=1.
    pub points: Vec<(f32, f32)>,
}

impl Default for Calibration {
    fn default() -> Self {
        Calibration {
            temp: 1.0,
            points: Vec::new(),
        }
    }
}

impl Calibration {
    /// The calibrated probability of a raw posterior (the raw value itself
    /// when there is no curve).
    pub fn apply(&self, raw: f32) -> f32 {
        let raw = if raw.is_finite() {
            raw.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let p = &self.points;
        let (Some(first), Some(last)) = (p.first(), p.last()) else {
            return raw;
        };
        if raw <= first.0 {
            return first.1;
        }
        if raw >= last.0 {
            return last.1;
        }
        let k = p.partition_point(|q| q.0 <= raw).clamp(1, p.len() - 1);
        let (a, b) = (p[k - 1], p[k]);
        let w = if b.0 > a.0 {
            (raw - a.0) / (b.0 - a.0)
        } else {
            1.0
        };
        (a.1 + w * (b.1 - a.1)).clamp(0.0, 1.0)
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.temp.to_le_bytes());
        let n = self.points.len().min(MAX_CALIB_POINTS);
        out.push(n as u8);
        for &(x, y) in self.points.iter().take(n) {
            out.extend_from_slice(&x.to_le_bytes());
            out.extend_from_slice(&y.to_le_bytes());
        }
    }

    pub(crate) fn decode(r: &mut Reader<'_>) -> Result<Calibration, String> {
        let temp = r.f32()?;
        if temp <= 0.0 {
            return Err("bad calibration temperature".to_string());
        }
        let n = r.u8()? as usize;
        if n > MAX_CALIB_POINTS {
            return Err("too many calibration points".to_string());
        }
        let mut points = Vec::with_capacity(n);
        for _ in 0..n {
            let (x, y) = (r.f32()?, r.f32()?);
            if !(0.0..=1.0).contains(&x) || !(0.0..=1.0).contains(&y) {
                return Err("calibration point out of range".to_string());
            }
            if let Some(&(px, py)) = points.last() {
                if x < px || y < py {
                    return Err("calibration curve not monotone".to_string());
                }
            }
            points.push((x, y));
        }
        Ok(Calibration { temp, points })
    }
}

/// An entity span found by [`NerModel::tag_document_scored`], with how sure
/// the model is of it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoredSpan {
    /// The span (token indices within its sentence) and its type.
    pub span: super::EntitySpan,
    /// Calibrated probability (0–1) that this exact span with this type is right.
    pub confidence: f32,
    /// Raw posterior of the exact span under each type (PER, ORG, LOC,
    /// MISC order), before calibration: what document-level voting weighs.
    pub type_scores: [f32; 4],
}

/// The transition factors of the forward-backward pass at one temperature:
/// `exp((trans - max) / temp)` for each allowed transition (row `L`: the
/// start), 0 for a forbidden one. They depend on the stage's weights only,
/// so a document works them out once per stage, not once per sentence.
pub(crate) struct Lattice {
    a: Vec<f64>,
    inv: f64,
}

impl Lattice {
    /// The factors of transitions `trans` at temperature `temp` (`None` for
    /// a short table or a temperature that is not positive).
    pub(crate) fn new(trans: &[f32], temp: f32) -> Option<Lattice> {
        if trans.len() < (L + 1) * L || temp.is_nan() || temp <= 0.0 {
            return None;
        }
        let inv = 1.0 / f64::from(temp);
        // transitions (row L: start), shifted by their maximum; forbidden ones 0
        let tmax = trans
            .iter()
            .fold(f32::NEG_INFINITY, |a, &b| a.max(b))
            .max(-1e30);
        let mut a = vec![0f64; (L + 1) * L];
        for p in 0..=L {
            for c in 0..L {
                if allowed(p, c) {
                    a[p * L + c] = ((f64::from(trans[p * L + c]) - f64::from(tmax)) * inv).exp();
                }
            }
        }
        Some(Lattice { a, inv })
    }
}

/// Forward-backward over one sentence's BILOU lattice (scores divided by
/// the temperature of `lattice`): for each span of `labels`, the posterior probability of that
/// exact span under each of the four types. Scaled forward-backward in the
/// probability domain (each token's emissions shifted by their maximum,
/// each step normalized), so it costs a few hundred multiply-adds per
/// token, linear in the sentence length.
pub(crate) fn span_posteriors(
    scores: &[f32],
    n: usize,
    lattice: Option<&Lattice>,
    spans: &[super::EntitySpan],
) -> Vec<[f32; 4]> {
    let Some(Lattice { a, inv }) = lattice else {
        return vec![[0.0; 4]; spans.len()];
    };
    if n == 0 || scores.len() < n * L {
        return vec![[0.0; 4]; spans.len()];
    }
    let inv = *inv;
    // emissions, shifted per token
    let mut e = vec![0f64; n * L];
    for i in 0..n {
        let row = &scores[i * L..(i + 1) * L];
        let m = row.iter().fold(f32::NEG_INFINITY, |x, &y| x.max(y));
        for c in 0..L {
            e[i * L + c] = ((f64::from(row[c]) - f64::from(m)) * inv).exp();
        }
    }
    let mut alpha = vec![0f64; n * L];
    let mut scale = vec![1f64; n];
    let norm = |v: &mut [f64]| -> f64 {
        let z: f64 = v.iter().sum();
        if z > 0.0 && z.is_finite() {
            for x in v.iter_mut() {
                *x /= z;
            }
            z
        } else {
            1.0
        }
    };
    for c in 0..L {
        alpha[c] = a[L * L + c] * e[c];
    }
    scale[0] = norm(&mut alpha[0..L]);
    for i in 1..n {
        let (prev, cur) = alpha.split_at_mut(i * L);
        let prev = &prev[(i - 1) * L..];
        let cur = &mut cur[..L];
        for (c, out) in cur.iter_mut().enumerate() {
            let mut acc = 0.0;
            for (p, &ap) in prev.iter().enumerate() {
                acc += ap * a[p * L + c];
            }
            *out = acc * e[i * L + c];
        }
        scale[i] = norm(cur);
    }
    let mut beta = vec![0f64; n * L];
    for c in 0..L {
        beta[(n - 1) * L + c] = if is_open(c) { 0.0 } else { 1.0 };
    }
    // the end constraint removes mass: renormalize the last step's posteriors
    let z_end: f64 = (0..L)
        .map(|c| alpha[(n - 1) * L + c] * beta[(n - 1) * L + c])
        .sum();
    for i in (0..n - 1).rev() {
        let (cur, next) = beta.split_at_mut((i + 1) * L);
        let next = &next[..L];
        let cur = &mut cur[i * L..];
        for (p, out) in cur.iter_mut().enumerate() {
            let mut acc = 0.0;
            for c in 0..L {
                acc += a[p * L + c] * e[(i + 1) * L + c] * next[c];
            }
            *out = acc / scale[i + 1];
        }
    }
    let z = if z_end > 0.0 && z_end.is_finite() {
        z_end
    } else {
        1.0
    };
    spans
        .iter()
        .map(|sp| {
            let mut out = [0f32; 4];
            if sp.start >= sp.end || sp.end > n {
                return out;
            }
            for (t, o) in out.iter_mut().enumerate() {
                let base = 1 + 4 * t;
                let p = if sp.end - sp.start == 1 {
                    let u = base + 3;
                    alpha[sp.start * L + u] * beta[sp.start * L + u]
                } else {
                    let mut v = alpha[sp.start * L + base];
                    let mut prev = base;
                    for k in sp.start + 1..sp.end {
                        let cur = if k + 1 == sp.end { base + 2 } else { base + 1 };
                        v *= a[prev * L + cur] * e[k * L + cur] / scale[k];
                        prev = cur;
                    }
                    v * beta[(sp.end - 1) * L + base + 2]
                } / z;
                *o = if p.is_finite() {
                    p.clamp(0.0, 1.0) as f32
                } else {
                    0.0
                };
            }
            out
        })
        .collect()
}

/// The trained model, compiled in unless the `embedded-model` feature is off
/// (the embed's wasm, which loads `models/ner.bin` at run time instead).
#[cfg(feature = "embedded-model")]
static BUILTIN_BYTES: &[u8] = include_bytes!("../../../models/ner.bin");
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
        let mut post: Vec<Vec<[f32; 4]>> = Vec::with_capacity(sentences.len());
        let labels = self.run(sentences, Some(&mut post), self.calib.temp);
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
    fn run<S: AsRef<str>>(
        &self,
        sentences: &[Vec<S>],
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

/// The sums of the keys that join two neighbouring tokens, by the pair of
/// their types (a bigram): for the second, its keys with the first on its
/// left ([`left_pair_keys`]); for the first, its keys with the second on its
/// right ([`right_pair_keys`]). A direct-mapped cache of a fixed number of
/// slots (at most 4,096, 144 bytes each; fewer for short documents): a
/// bigram seen again while its slot holds it costs no lookup, one met once
/// costs what looking its keys up costs anyway. News repeats its bigrams
/// (`of the`, `, and`, `said the`); each bigram serves two tokens in a row.
struct PairCache {
    /// `slots.len() - 1` (a power of two less one).
    mask: usize,
    slots: Vec<PairSlot>,
}

/// One slot of a [`PairCache`] (`a == b == NO_SLOT`: empty).
#[derive(Clone, Copy)]
struct PairSlot {
    a: u32,
    b: u32,
    left: [i32; L],
    right: [i32; L],
}

const EMPTY_PAIR: PairSlot = PairSlot {
    a: NO_SLOT,
    b: NO_SLOT,
    left: [0; L],
    right: [0; L],
};

impl PairCache {
    /// A cache for a document of `tokens` tokens.
    fn new(tokens: usize) -> PairCache {
        let n = (tokens / 16).next_power_of_two().clamp(64, 4096);
        PairCache {
            mask: n - 1,
            slots: vec![EMPTY_PAIR; n],
        }
    }

    /// Empties every slot (before the next stage).
    fn clear(&mut self) {
        self.slots.fill(EMPTY_PAIR);
    }

    /// The sums of stage `stage` of the bigram of types `a`, `b` (`None`
    /// for a type out of range).
    fn get(
        &mut self,
        model: &NerModel,
        doc: &DocCtx,
        stage: usize,
        a: u32,
        b: u32,
        buf: &mut Vec<u32>,
    ) -> Option<&PairSlot> {
        let h = (u64::from(a) << 32 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let slot = self.slots.get_mut((h >> 40) as usize & self.mask)?;
        if slot.a != a || slot.b != b {
            let (ta, tb) = (doc.types.get(a as usize)?, doc.types.get(b as usize)?);
            let (cfg, ng) = (model.cfg, model.lex.ngran);
            let mut left = [0i32; L];
            buf.clear();
            left_pair_keys(ta, tb, cfg, ng, buf);
            model.add_keys(stage, buf, &mut left);
            let mut right = [0i32; L];
            buf.clear();
            right_pair_keys(ta, tb, cfg, ng, buf);
            model.add_keys(stage, buf, &mut right);
            *slot = PairSlot { a, b, left, right };
        }
        Some(slot)
    }
}

/// Adds `v` into `acc`.
#[inline]
fn add_sum(acc: &mut [i32; L], v: &[i32; L]) {
    for (a, x) in acc.iter_mut().zip(v) {
        *a += *x;
    }
}

/// Sums per role per cached type.
const ROLES: usize = 5;
/// A type without cached sums.
const NO_SLOT: u32 = u32::MAX;

/// The sums of the weight rows of the keys that depend on one token only,
/// for one stage: for each cached word type, its own keys in a plain
/// position ([`self_keys`]) and its keys as each of the four neighbours
/// ([`neighbor_keys`]); and the padding tokens' keys as neighbours.
///
/// Only types that occur at least twice are cached (a sum used once saves
/// nothing), the most frequent first, at most [`RoleCache::cap`] of them:
/// 340 bytes a type, at most about 11 bytes a token of the document,
/// whatever it holds. News repeats its words (the cached types cover most
/// tokens); a hostile text of one repeated unit is a handful of types.
#[derive(Default)]
struct RoleCache {
    /// Slot of each type of the document (`NO_SLOT`: not cached).
    slot: Vec<u32>,
    /// `ROLES` sums a slot: self, then the roles of [`Role::ALL`].
    sums: Vec<[i32; L]>,
    /// The padding tokens' sums in the roles of [`Role::ALL`] (the left
    /// pad for the roles on the left, the right pad for the others).
    pad: [[i32; L]; 4],
}

impl RoleCache {
    /// Most types cached for a document of `tokens` tokens.
    fn cap(tokens: usize) -> usize {
        256 + tokens / 32
    }

    /// The cached sum of type `ty` in role `role` (0: self; 1 + the index
    /// in [`Role::ALL`]).
    #[inline]
    fn sum(&self, ty: Option<u32>, role: usize) -> Option<&[i32; L]> {
        let slot = *self.slot.get(ty? as usize)?;
        if slot == NO_SLOT {
            return None;
        }
        self.sums.get(slot as usize * ROLES + role)
    }

    /// Fills the cache for `doc` with the sums of stage `stage` of `model`
    /// (choosing the types on the first fill, keeping them on the next).
    fn fill(&mut self, model: &NerModel, doc: &DocCtx, stage: usize, buf: &mut Vec<u32>) {
        let (cfg, ng) = (model.cfg, model.lex.ngran);
        if self.slot.len() != doc.types.len() {
            let mut count = vec![0u32; doc.types.len()];
            let mut tokens = 0usize;
            for s in &doc.sents {
                tokens += s.len();
                for o in s {
                    if let Some(c) = count.get_mut(o.ty as usize) {
                        *c = c.saturating_add(1);
                    }
                }
            }
            let mut chosen: Vec<(u32, u32)> = count
                .iter()
                .enumerate()
                .filter(|&(_, &c)| c >= 2)
                .map(|(t, &c)| (c, t as u32))
                .collect();
            let cap = Self::cap(tokens);
            if chosen.len() > cap {
                chosen.select_nth_unstable_by(cap, |a, b| b.cmp(a));
                chosen.truncate(cap);
            }
            self.slot = vec![NO_SLOT; doc.types.len()];
            for (k, &(_, t)) in chosen.iter().enumerate() {
                if let Some(s) = self.slot.get_mut(t as usize) {
                    *s = k as u32;
                }
            }
            self.sums = vec![[0; L]; chosen.len() * ROLES];
        }
        let sum_of = |buf: &mut Vec<u32>| {
            let mut acc = [0i32; L];
            model.add_keys(stage, buf, &mut acc);
            acc
        };
        for (t, &slot) in self.slot.iter().enumerate() {
            if slot == NO_SLOT {
                continue;
            }
            let Some(tok) = doc.types.get(t) else {
                continue;
            };
            let base = slot as usize * ROLES;
            buf.clear();
            self_keys(doc, tok, cfg, ng, buf);
            let own = sum_of(buf);
            if let Some(x) = self.sums.get_mut(base) {
                *x = own;
            }
            for (r, role) in Role::ALL.into_iter().enumerate() {
                buf.clear();
                neighbor_keys(role, tok, cfg, ng, buf);
                let v = sum_of(buf);
                if let Some(x) = self.sums.get_mut(base + 1 + r) {
                    *x = v;
                }
            }
        }
        for (r, role) in Role::ALL.into_iter().enumerate() {
            buf.clear();
            neighbor_keys(role, pad_tok(role.offset() < 0), cfg, ng, buf);
            self.pad[r] = sum_of(buf);
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::ner::features::pair_keys;
    use crate::extract::ner::tagger_form;
    use crate::text::TextLayer;

    /// The seed articles (real news) as the tagger reads them, one document
    /// each, plus two hostile texts of one repeated unit.
    fn documents() -> Vec<Vec<Vec<String>>> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut texts: Vec<String> = std::fs::read_dir(&dir)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                    .filter_map(|p| std::fs::read_to_string(p).ok())
                    .collect()
            })
            .unwrap_or_default();
        texts.sort();
        assert!(texts.len() >= 10, "the seed articles are missing");
        texts.push("Blair Brown London the of said BBC Labour ".repeat(400));
        texts.push("(KCNA) Korean Central News Agency ".repeat(300));
        texts
            .iter()
            .map(|text| {
                let layer = TextLayer::new(text);
                layer
                    .sentence_tokens
                    .iter()
                    .map(|r| {
                        layer.tokens[r.clone()]
                            .iter()
                            .map(|t| tagger_form(text, t).into_owned())
                            .collect()
                    })
                    .collect()
            })
            .collect()
    }

    /// The sum of the rows of every key of `token_features`, looked up one
    /// by one: what the tagger computed before the role sums.
    fn reference_sum(m: &NerModel, doc: &DocCtx, si: usize, i: usize, stage: usize) -> [i32; L] {
        let mut buf = Vec::new();
        token_features(doc, si, i, m.cfg, m.lex.ngran, None, &mut buf);
        let mut acc = [0i32; L];
        m.add_keys(stage, &buf, &mut acc);
        acc
    }

    #[test]
    fn split_keys_are_the_keys_of_token_features() {
        let m = NerModel::builtin();
        let (cfg, ng) = (m.cfg, m.lex.ngran);
        let mut plain = 0;
        for sents in documents() {
            let doc = DocCtx::build(&sents, &m.lex);
            for (si, s) in doc.sents.iter().enumerate() {
                for i in 0..s.len() {
                    if !is_plain(&doc, si, i, cfg) {
                        continue;
                    }
                    plain += 1;
                    let mut whole = Vec::new();
                    token_features(&doc, si, i, cfg, ng, None, &mut whole);
                    let mut parts = Vec::new();
                    self_keys(&doc, doc.tok(si, i as isize).0, cfg, ng, &mut parts);
                    for role in Role::ALL {
                        let n = doc.tok(si, i as isize + role.offset()).0;
                        neighbor_keys(role, n, cfg, ng, &mut parts);
                    }
                    pair_keys(&doc, si, i, cfg, ng, &mut parts);
                    whole.sort_unstable();
                    parts.sort_unstable();
                    assert_eq!(whole, parts, "sentence {si}, token {i}");
                }
            }
        }
        assert!(plain > 5_000, "only {plain} plain tokens");
    }

    #[test]
    fn role_sums_equal_looking_every_key_up() {
        let m = NerModel::builtin();
        assert!(m.stage2.is_some(), "the builtin model has two stages");
        let mut buf = Vec::new();
        let (mut cached, mut tokens) = (0usize, 0usize);
        for sents in documents() {
            let doc = DocCtx::build(&sents, &m.lex);
            let mut cache = RoleCache::default();
            let mut pairs = PairCache::new(64);
            for stage in 0..2 {
                cache.fill(m, &doc, stage, &mut buf);
                pairs.clear();
                for (si, s) in doc.sents.iter().enumerate() {
                    for (i, o) in s.iter().enumerate() {
                        let mut acc = [0i32; L];
                        m.token_sum(&doc, si, i, stage, (&cache, &mut pairs), &mut buf, &mut acc);
                        assert_eq!(acc, reference_sum(m, &doc, si, i, stage), "{si}:{i}");
                        tokens += 1;
                        cached += usize::from(cache.sum(Some(o.ty), 0).is_some());
                    }
                }
            }
        }
        // both paths ran: cached types and types seen once
        assert!(
            cached > tokens / 3 && cached < tokens,
            "{cached} of {tokens}"
        );
    }

    /// The Viterbi decoder as it was: a pass over each label's allowed
    /// predecessors.
    fn reference_viterbi(scores: &[f32], n: usize, trans: &[f32]) -> Vec<u8> {
        let mut delta = vec![f32::NEG_INFINITY; n * L];
        let mut back = vec![0u8; n * L];
        for c in 0..L {
            if allowed(L, c) {
                delta[c] = trans[L * L + c] + scores[c];
            }
        }
        for i in 1..n {
            for c in 0..L {
                let (mut best, mut arg) = (f32::NEG_INFINITY, 0u8);
                for p in (0..L).filter(|&p| allowed(p, c)) {
                    let v = delta[(i - 1) * L + p] + trans[p * L + c];
                    if v > best {
                        best = v;
                        arg = p as u8;
                    }
                }
                delta[i * L + c] = best + scores[i * L + c];
                back[i * L + c] = arg;
            }
        }
        let mut best = 0usize;
        for c in 1..L {
            if !is_open(c) && delta[(n - 1) * L + c] > delta[(n - 1) * L + best] {
                best = c;
            }
        }
        let mut out = vec![0u8; n];
        let mut cur = best;
        for i in (0..n).rev() {
            out[i] = cur as u8;
            cur = back[i * L + cur] as usize;
        }
        out
    }

    #[test]
    fn decoder_matches_the_predecessor_pass() {
        let m = NerModel::builtin();
        let mut dec = Decoder::default();
        let (mut out, mut buf) = (Vec::new(), Vec::new());
        let mut entities = 0;
        for sents in documents() {
            let doc = DocCtx::build(&sents, &m.lex);
            let mut cache = RoleCache::default();
            cache.fill(m, &doc, 0, &mut buf);
            let mut pairs = PairCache::new(1 << 20);
            for (si, s) in doc.sents.iter().enumerate().take(40) {
                let n = s.len().min(WINDOW);
                let mut scores = vec![0f32; n * L];
                for i in 0..n {
                    let mut acc = [0i32; L];
                    m.token_sum(&doc, si, i, 0, (&cache, &mut pairs), &mut buf, &mut acc);
                    m.stage1.emit(&acc, &mut scores[i * L..(i + 1) * L]);
                }
                dec.decode(&scores, n, &m.stage1.trans, &mut out);
                assert_eq!(out, reference_viterbi(&scores, n, &m.stage1.trans));
                entities += out.iter().filter(|&&l| l != 0).count();
            }
        }
        assert!(entities > 100, "only {entities} entity labels decoded");
        // ties everywhere: equal scores, and transitions with repeated values
        let n = 50;
        let flat = vec![0f32; n * L];
        let stepped: Vec<f32> = (0..n * L).map(|k| (k % 3) as f32).collect();
        for trans in [
            vec![0f32; (L + 1) * L],
            (0..(L + 1) * L).map(|k| (k % 2) as f32).collect(),
        ] {
            for scores in [&flat, &stepped] {
                dec.decode(scores, n, &trans, &mut out);
                assert_eq!(out, reference_viterbi(scores, n, &trans));
            }
        }
    }

    #[test]
    fn gazetteer_walk_finds_the_longest_phrase() {
        let m = NerModel::builtin();
        let mut found = 0;
        for sents in documents() {
            let doc = DocCtx::build(&sents, &m.lex);
            for s in &doc.sents {
                let lowers: Vec<u64> = s
                    .iter()
                    .map(|o| doc.types.get(o.ty as usize).map_or(0, |t| t.lower))
                    .collect();
                for i in 0..lowers.len() {
                    let walk = m.lex.longest_phrase(lowers[i..].iter().copied());
                    assert_eq!(walk, m.lex.longest_phrase_reference(&lowers[i..]));
                    found += usize::from(walk.is_some_and(|(n, _)| n > 1));
                }
            }
        }
        assert!(found > 20, "only {found} phrases of several words");
    }

    #[test]
    fn key_table_finds_every_key_of_both_stages() {
        let m = NerModel::builtin();
        assert!(m.stage2.is_some(), "the builtin model has two stages");
        let d = super::super::format::ModelData::decode(include_bytes!("../../../models/ner.bin"))
            .expect("the model reads");
        let mut all = std::collections::HashSet::new();
        for (stage, q) in d.stages.iter().enumerate() {
            for (r, &k) in q.keys.iter().enumerate() {
                assert_eq!(m.keys.get(k)[stage], r as u32);
                all.insert(k);
            }
        }
        let absent = (0..10_000u32)
            .map(|x| x.wrapping_mul(0x9E37_79B9))
            .filter(|k| !all.contains(k));
        for k in absent {
            assert_eq!(m.keys.get(k), [NO_ROW, NO_ROW]);
        }
        // the same table from keys out of order
        let shuffled: Vec<Vec<u32>> = d
            .stages
            .iter()
            .map(|q| q.keys.iter().rev().copied().collect())
            .collect();
        let refs: Vec<&[u32]> = shuffled.iter().map(|k| k.as_slice()).collect();
        let t = KeyTable::build(&refs);
        for (stage, keys) in shuffled.iter().enumerate() {
            for (r, &k) in keys.iter().enumerate() {
                assert_eq!(t.get(k)[stage], r as u32);
            }
        }
    }
}
