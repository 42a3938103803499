//! Model storage (binary format), scoring and Viterbi decoding.
//!
//! A model file is a magic number, the label count, the feature switches
//! ([`FeatConfig`]), the lexicon, and one or two stages of quantized weights
//! (a row of `L` weights per hashed feature key, plus label transitions).
//! Tagging a document runs stage one over every sentence (features →
//! scores → BILOU-constrained Viterbi), then, when the model has it, stage
//! two with features of stage one's labels of the same word elsewhere in the
//! document.

use super::codec::{put_varint, Reader};
use super::features::{stage2_features, token_features, DocCtx, FeatConfig, Stage1};
use super::hash::PreMap;
use super::lexicon::{Lexicon, LexiconData};
use super::{NerTag, NUM_LABELS};
use std::sync::OnceLock;

const MAGIC: &[u8; 8] = b"LEDENER\x02";
const L: usize = NUM_LABELS;

/// Feature weights of one stage, ready for scoring.
#[derive(Clone)]
pub(crate) struct Weights {
    index: PreMap<u32, u32>,
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

    pub fn encode(&self, out: &mut Vec<u8>) {
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

    fn decode(r: &mut Reader<'_>) -> Result<Weights, String> {
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
        let mut index: PreMap<u32, u32> = PreMap::default();
        index.reserve(n);
        let mut prev = 0u32;
        for i in 0..n {
            let d = r.varint()?;
            let k = prev.wrapping_add(d);
            if i > 0 && d == 0 {
                return Err("duplicate feature key in model".to_string());
            }
            index.insert(k, i as u32);
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
        Ok(Weights {
            index,
            w,
            scale,
            trans,
        })
    }
}

impl Weights {
    /// Weights without any feature.
    fn empty() -> Weights {
        Weights {
            index: PreMap::default(),
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

/// Joint index: one hash lookup gives a key's row in both stages.
fn joint_index(s1: &Weights, s2: Option<&Weights>) -> PreMap<u32, [u32; 2]> {
    let mut j: PreMap<u32, [u32; 2]> = PreMap::default();
    j.reserve(s1.index.len());
    for (&k, &r) in &s1.index {
        j.insert(k, [r, NO_ROW]);
    }
    if let Some(s2) = s2 {
        for (&k, &r) in &s2.index {
            j.entry(k).or_insert([NO_ROW, NO_ROW])[1] = r;
        }
    }
    j
}

/// Whether an entity is open after label `l` (B or I), so that the next
/// label must continue it.
#[inline]
fn is_open(l: usize) -> bool {
    l != 0 && l < L && (l - 1) % 4 < 2
}

/// Whether label `cur` may follow label `prev` (`prev == L` is the start).
#[inline]
pub(crate) fn allowed(prev: usize, cur: usize) -> bool {
    let cur_continues = cur != 0 && matches!((cur - 1) % 4, 1 | 2);
    if is_open(prev) {
        // Must continue the same type with I or L.
        cur_continues && (cur - 1) / 4 == (prev - 1) / 4
    } else {
        !cur_continues
    }
}

/// For each label, the labels that may precede it (start excluded).
fn predecessors() -> &'static [Vec<u8>; L] {
    static P: OnceLock<[Vec<u8>; L]> = OnceLock::new();
    P.get_or_init(|| {
        std::array::from_fn(|c| (0..L).filter(|&p| allowed(p, c)).map(|p| p as u8).collect())
    })
}

/// First-order Viterbi over `n` tokens with emission `scores[i * L + l]`,
/// respecting the BILOU constraints.
pub(crate) fn viterbi(scores: &[f32], n: usize, trans: &[f32], out: &mut Vec<u8>) {
    out.clear();
    if n == 0 || scores.len() < n * L || trans.len() < (L + 1) * L {
        out.resize(n, 0);
        return;
    }
    let preds = predecessors();
    let mut delta = vec![f32::NEG_INFINITY; n * L];
    let mut back = vec![0u8; n * L];
    for c in 0..L {
        if allowed(L, c) {
            delta[c] = trans[L * L + c] + scores[c];
        }
    }
    for i in 1..n {
        let (prev, cur) = delta.split_at_mut(i * L);
        let prev = &prev[(i - 1) * L..];
        for c in 0..L {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0u8;
            for &p in &preds[c] {
                let v = prev[p as usize] + trans[p as usize * L + c];
                if v > best {
                    best = v;
                    arg = p;
                }
            }
            cur[c] = best + scores[i * L + c];
            back[i * L + c] = arg;
        }
    }
    let mut best = 0usize;
    for c in 1..L {
        if !is_open(c) && delta[(n - 1) * L + c] > delta[(n - 1) * L + best] {
            best = c;
        }
    }
    out.resize(n, 0);
    let mut cur = best;
    for i in (0..n).rev() {
        out[i] = cur as u8;
        cur = back[i * L + cur] as usize;
    }
}

/// A trained named-entity tagger.
#[derive(Clone)]
pub struct NerModel {
    pub(crate) lex: Lexicon,
    pub(crate) cfg: FeatConfig,
    pub(crate) stage1: Weights,
    pub(crate) stage2: Option<Weights>,
    joint: PreMap<u32, [u32; 2]>,
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
    /// Loads a model from its binary form. Returns an error (never panics)
    /// on corrupt or truncated bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<NerModel, String> {
        let mut r = Reader::new(bytes);
        if r.bytes(MAGIC.len())? != MAGIC {
            return Err("not a Lede NER model (bad magic)".to_string());
        }
        let nl = r.u32()? as usize;
        if nl != L {
            return Err(format!("unsupported label count {nl}"));
        }
        let cfg = FeatConfig::from_bits(r.u32()?);
        let lexd = LexiconData::decode(&mut r)?;
        let lex = Lexicon::from_data(&lexd);
        let nstages = r.u8()?;
        if nstages != 1 && nstages != 2 {
            return Err(format!("bad stage count {nstages}"));
        }
        let stage1 = QuantWeights::decode(&mut r)?;
        let stage2 = if nstages == 2 {
            Some(QuantWeights::decode(&mut r)?)
        } else {
            None
        };
        if r.remaining() != 0 {
            return Err("trailing bytes after model".to_string());
        }
        let joint = joint_index(&stage1, stage2.as_ref());
        Ok(NerModel {
            lex,
            cfg,
            stage1,
            stage2,
            joint,
        })
    }

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
            joint: PreMap::default(),
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
        let doc = DocCtx::build(sentences, &self.lex);
        let ng = self.lex.ngran;
        let mut buf: Vec<u32> = Vec::with_capacity(128);
        let mut scores: Vec<f32> = Vec::new();
        // Stage-2 rows of every token's stage-1 keys, found by the same lookup.
        let mut rows2: Vec<u32> = Vec::new();
        let mut off2: Vec<usize> = vec![0];
        let mut first: Vec<Vec<u8>> = Vec::with_capacity(doc.sents.len());
        for (si, s) in doc.sents.iter().enumerate() {
            scores.clear();
            scores.resize(s.len() * L, 0.0);
            for i in 0..s.len() {
                buf.clear();
                token_features(&doc, si, i, self.cfg, ng, None, &mut buf);
                let mut acc = [0i32; L];
                for k in &buf {
                    if let Some(&[r1, r2]) = self.joint.get(k) {
                        if r1 != NO_ROW {
                            self.stage1.add_row(r1, &mut acc);
                        }
                        if r2 != NO_ROW {
                            rows2.push(r2);
                        }
                    }
                }
                self.stage1.emit(&acc, &mut scores[i * L..(i + 1) * L]);
                off2.push(rows2.len());
            }
            let mut labels = Vec::new();
            viterbi(&scores, s.len(), &self.stage1.trans, &mut labels);
            first.push(labels);
        }
        let Some(w2) = &self.stage2 else {
            return first;
        };
        let s1 = Stage1::new(&doc, first);
        let mut out = Vec::with_capacity(doc.sents.len());
        let mut tok = 0usize;
        for (si, s) in doc.sents.iter().enumerate() {
            scores.clear();
            scores.resize(s.len() * L, 0.0);
            for i in 0..s.len() {
                let mut acc = [0i32; L];
                if let (Some(&a), Some(&b)) = (off2.get(tok), off2.get(tok + 1)) {
                    for &r in rows2.get(a..b).unwrap_or(&[]) {
                        w2.add_row(r, &mut acc);
                    }
                }
                tok += 1;
                buf.clear();
                stage2_features(&doc, si, i, &s1, &mut buf);
                for k in &buf {
                    if let Some(&r) = w2.index.get(k) {
                        w2.add_row(r, &mut acc);
                    }
                }
                w2.emit(&acc, &mut scores[i * L..(i + 1) * L]);
            }
            let mut labels = Vec::new();
            viterbi(&scores, s.len(), &w2.trans, &mut labels);
            out.push(labels);
        }
        out
    }
}

/// Serializes a model (used by the trainer).
#[cfg_attr(not(feature = "train"), allow(dead_code))]
pub(crate) fn encode_model(
    cfg: FeatConfig,
    lex: &LexiconData,
    stages: &[&QuantWeights],
) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(L as u32).to_le_bytes());
    out.extend_from_slice(&cfg.to_bits().to_le_bytes());
    lex.encode(&mut out);
    out.push(stages.len() as u8);
    for s in stages {
        s.encode(&mut out);
    }
    out
}
