//! The model file: [`ModelData`] (what a model is made of, before the
//! lookup tables are built) and its bytes.
//!
//! # Format v4 (written)
//!
//! ```text
//! "LEDENER\x04"  u32 label count (17)  u32 feature switches
//! then eight sections, each `tag: u8, length: varint, payload`, in tag order:
//!   1 words     cluster vocabulary: varint granularities, varint count, then
//!               each word front-coded (varint bytes shared with the word
//!               before, varint length of the rest, the rest); sorted, so
//!               most words share a prefix with the one before
//!   2 classes   u8 bits of the capitalization bin, u8 bits of each
//!               granularity's cluster id, then a range-coded stream: each
//!               word's bin and ids as bit trees (see `entropy`)
//!   3 gazetteer varint groups; each group a type mask (u8), varint count and
//!               its phrases front-coded as the words are
//!   4 keys      u8 stages (1 or 2), varint keys, u8 Rice parameter k, then
//!               a range-coded stream of the union of both stages' feature
//!               keys, increasing: each gap less one as its high part
//!               (adaptive Elias-gamma) and k low bits, then (two stages)
//!               which stages hold the key
//!   5 rows 1    u8 bytes per weight, f32 scale, then a range-coded stream:
//!               stage one's rows in key order, each a mask of the labels
//!               with a non-zero weight (one adaptive bit a label) and
//!               those weights (sign, then magnitude less one; the last
//!               one as the row's sum, nearly always about zero)
//!   6 rows 2    the same for stage two (empty without it), each bit in the
//!               context of the same key's row in stage one: most rows of
//!               stage two repeat stage one's non-zero labels and signs
//!   7 trans     each stage's (L + 1) × L transition scores, f32
//!   8 calib     f32 temperature, u8 points, (f32, f32) points
//! ```
//!
//! The same numbers as v3, coded to what they are: hashed keys are
//! random 32-bit numbers (a gap takes its ~17 bits whatever the coding;
//! varint bytes cost 24), three quarters of them are shared by the two
//! stages (stored once), and the weights of a row are predictable from
//! the other stage's row. Strings stay bytes, front-coded: gzip, which
//! the download already goes through, compresses them well.
//!
//! # Formats v3 and v2 (still read)
//!
//! The lexicon (`u8 granularities, u32 words, each u8 length, bytes, u8 bin,
//! u16 ids; u32 phrases, each u8 mask, u8 length, bytes`), then each
//! stage's varint key deltas, varint label masks, weights and transitions,
//! then (v3) the calibration.
//!
//! Every reader takes untrusted bytes (the embed fetches the model): it
//! checks each length against what is left, bounds every count, and
//! returns an error instead of panicking.
//!
//! # One file per part
//!
//! - `mod.rs` (this file): the header, the sections, [`ModelData`] both
//!   ways, and a [`NerModel`] from its bytes;
//! - `words.rs`: the strings (the cluster vocabulary with its classes, the
//!   gazetteer's phrases), front-coded;
//! - `weights.rs`: the feature keys and the two stages' weight rows,
//!   range-coded with the contexts that make them small.

#[cfg(test)]
mod tests;
mod weights;
mod words;

use super::codec::{put_varint, Reader};
use super::entropy::{self, Encoder, Prob};
use super::features::FeatConfig;
use super::lexicon::Lexicon;
use super::lexicon::{LexiconData, MAX_GRAN};
use super::model::{Calibration, KeyTable, NerModel, QuantWeights, Weights};
use super::NUM_LABELS;
use weights::{find_row, read_stages, rice_parameter, sorted_rows, union_keys, RowContexts};
use words::{front_code, read_gazetteer, WordReader};

const L: usize = NUM_LABELS;
/// The written format.
pub(crate) const MAGIC_V4: &[u8; 8] = b"LEDENER\x04";
/// The previous format (weights as varints, lexicon as plain strings), still read.
pub(crate) const MAGIC_V3: &[u8; 8] = b"LEDENER\x03";
/// The format before it (no calibration table), still read.
pub(crate) const MAGIC_V2: &[u8; 8] = b"LEDENER\x02";

/// Most feature keys a v4 model may have (both stages together): 30 times
/// the shipped model's, so a corrupt count cannot make the loader allocate
/// or loop without bound.
const MAX_KEYS: usize = 1 << 20;
/// Most words or gazetteer phrases.
const MAX_STRINGS: usize = 1 << 21;

/// Section tags, in the order they must appear.
const SECTIONS: [&str; 8] = [
    "words",
    "classes",
    "gazetteer",
    "keys",
    "rows 1",
    "rows 2",
    "trans",
    "calib",
];

/// A model as its file holds it: the feature switches, the lexicon, one or
/// two stages of quantized weights and the calibration curve.
pub(crate) struct ModelData {
    pub cfg: FeatConfig,
    pub lex: LexiconData,
    pub stages: Vec<QuantWeights>,
    pub calib: Calibration,
}

impl ModelData {
    /// Reads a model file of any supported version.
    pub fn decode(bytes: &[u8]) -> Result<ModelData, String> {
        let mut r = Reader::new(bytes);
        let magic = r.bytes(MAGIC_V4.len())?;
        let version = match magic {
            m if m == MAGIC_V4 => 4,
            m if m == MAGIC_V3 => 3,
            m if m == MAGIC_V2 => 2,
            _ => return Err("not a Lede NER model (bad magic)".to_string()),
        };
        let nl = r.u32()? as usize;
        if nl != L {
            return Err(format!("unsupported label count {nl}"));
        }
        let cfg = FeatConfig::from_bits(r.u32()?);
        let data = if version == 4 {
            decode_v4(&mut r, cfg)?
        } else {
            decode_v3(&mut r, cfg, version == 3)?
        };
        if r.remaining() != 0 {
            return Err("trailing bytes after model".to_string());
        }
        Ok(data)
    }

    /// The model in the current format (v4).
    #[cfg_attr(not(feature = "train"), allow(dead_code))]
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC_V4);
        out.extend_from_slice(&(L as u32).to_le_bytes());
        out.extend_from_slice(&self.cfg.to_bits().to_le_bytes());
        let lex = &self.lex;
        let ngran = lex.ngran.min(MAX_GRAN);
        // Sorted (stably: were a word there twice, the later one still wins).
        let mut words: Vec<&(String, [u16; MAX_GRAN], u8)> = lex.words.iter().collect();
        words.sort_by(|a, b| a.0.cmp(&b.0));
        let mut s = Vec::new();
        put_varint(&mut s, ngran as u32);
        put_varint(&mut s, words.len() as u32);
        front_code(&mut s, words.iter().map(|w| w.0.as_str()));
        section(&mut out, 1, &s);

        let bits = |m: u32| 32 - m.leading_zeros();
        let case_bits = bits(words.iter().map(|w| u32::from(w.2)).max().unwrap_or(0));
        let gran_bits: Vec<u32> = (0..ngran)
            .map(|g| bits(words.iter().map(|w| u32::from(w.1[g])).max().unwrap_or(0)))
            .collect();
        let mut s = vec![case_bits as u8];
        s.extend(gran_bits.iter().map(|&b| b as u8));
        let mut e = Encoder::default();
        let mut pc = entropy::probs(1 << case_bits);
        let mut pg: Vec<Vec<Prob>> = gran_bits.iter().map(|&b| entropy::probs(1 << b)).collect();
        for w in &words {
            e.tree(&mut pc, u32::from(w.2), case_bits);
            for (g, p) in pg.iter_mut().enumerate() {
                e.tree(p, u32::from(w.1[g]), gran_bits[g]);
            }
        }
        s.extend(e.finish());
        section(&mut out, 2, &s);

        let mut masks: Vec<u8> = lex.gaz.iter().map(|g| g.1).collect();
        masks.sort_unstable();
        masks.dedup();
        let mut s = Vec::new();
        put_varint(&mut s, masks.len() as u32);
        for m in masks {
            let mut group: Vec<&str> = lex
                .gaz
                .iter()
                .filter(|g| g.1 == m)
                .map(|g| g.0.as_str())
                .collect();
            group.sort_unstable();
            s.push(m);
            put_varint(&mut s, group.len() as u32);
            front_code(&mut s, group.into_iter());
        }
        section(&mut out, 3, &s);

        let (keys, member) = union_keys(&self.stages);
        let mut s = vec![self.stages.len() as u8];
        put_varint(&mut s, keys.len() as u32);
        let k = rice_parameter(&keys);
        s.push(k as u8);
        let mut e = Encoder::default();
        let mut pgap = entropy::golomb_probs();
        let mut pm = entropy::probs(2);
        let mut prev: Option<u32> = None;
        for (&key, &m) in keys.iter().zip(&member) {
            let gap = match prev {
                None => key,
                Some(p) => key.wrapping_sub(p).wrapping_sub(1),
            };
            prev = Some(key);
            e.golomb(&mut pgap, gap >> k);
            e.direct(gap, k);
            if self.stages.len() == 2 {
                e.bit(&mut pm[0], m & 1 != 0);
                if m & 1 != 0 {
                    e.bit(&mut pm[1], m & 2 != 0);
                }
            }
        }
        s.extend(e.finish());
        section(&mut out, 4, &s);

        let sorted: Vec<Vec<usize>> = self.stages.iter().map(sorted_rows).collect();
        for tag in [5u8, 6] {
            let st = usize::from(tag - 5);
            let mut s = Vec::new();
            if let (Some(q), Some(order)) = (self.stages.get(st), sorted.get(st)) {
                s.push(q.width);
                s.extend_from_slice(&q.scale.to_le_bytes());
                let mut ctx = RowContexts::new();
                let mut e = Encoder::default();
                let first = self.stages.first().zip(sorted.first());
                let mut cursor = 0usize;
                for &row in order {
                    let key = q.keys[row];
                    let other = if st == 1 {
                        first.and_then(|(q1, o1)| find_row(q1, o1, &mut cursor, key))
                    } else {
                        None
                    };
                    let vals = &q.q[row * L..row * L + L];
                    ctx.encode(&mut e, vals, other);
                }
                s.extend(e.finish());
            }
            section(&mut out, tag, &s);
        }

        let mut s = Vec::new();
        for q in &self.stages {
            for &t in &q.trans {
                s.extend_from_slice(&t.to_le_bytes());
            }
        }
        section(&mut out, 7, &s);
        let mut s = Vec::new();
        self.calib.encode(&mut s);
        section(&mut out, 8, &s);
        out
    }
}

/// The sections of a v4 model: name, offset and length of each (with its
/// tag and length);
/// `None` for any other version or a malformed file (a size report).
#[cfg_attr(not(feature = "train"), allow(dead_code))]
pub(crate) fn sections(bytes: &[u8]) -> Option<Vec<(&'static str, usize, usize)>> {
    let mut r = Reader::new(bytes);
    if r.bytes(8).ok()? != MAGIC_V4 {
        return None;
    }
    r.bytes(8).ok()?;
    let mut out = Vec::new();
    for (i, name) in SECTIONS.iter().enumerate() {
        let at = bytes.len() - r.remaining();
        read_section(&mut r, i as u8 + 1).ok()?;
        out.push((*name, at, bytes.len() - r.remaining() - at));
    }
    Some(out)
}

/// Appends section `tag` with its payload.
fn section(out: &mut Vec<u8>, tag: u8, payload: &[u8]) {
    out.push(tag);
    put_varint(out, payload.len() as u32);
    out.extend_from_slice(payload);
}

/// Reads section `tag` (which must come next) and returns its payload.
fn read_section<'a>(r: &mut Reader<'a>, tag: u8) -> Result<&'a [u8], String> {
    let t = r.u8()?;
    if t != tag {
        return Err(format!("model section {t} where {tag} was expected"));
    }
    let n = r.varint()? as usize;
    r.bytes(n)
}

/// Items decoded per call of a section's chunk function (words, phrases,
/// keys, rows). A model loads once per wasm instance, mostly in the engine's
/// baseline code: a browser optimizes a function for its next call, never
/// the call already running, so one loop over every row would run
/// unoptimized to its end. Chunks let the optimized code take over after the
/// first few; natively they cost nothing measurable.
const CHUNK: usize = 512;

/// The eight sections of a v4 file, after its header.
struct SectionsV4<'a> {
    words: &'a [u8],
    classes: &'a [u8],
    gaz: &'a [u8],
    keys: &'a [u8],
    rows: [&'a [u8]; 2],
    trans: &'a [u8],
    calib: &'a [u8],
}

impl<'a> SectionsV4<'a> {
    /// Reads the section boundaries (tags in order, lengths within the file).
    fn read(r: &mut Reader<'a>) -> Result<SectionsV4<'a>, String> {
        Ok(SectionsV4 {
            words: read_section(r, 1)?,
            classes: read_section(r, 2)?,
            gaz: read_section(r, 3)?,
            keys: read_section(r, 4)?,
            rows: [read_section(r, 5)?, read_section(r, 6)?],
            trans: read_section(r, 7)?,
            calib: read_section(r, 8)?,
        })
    }
}

/// The calibration section.
fn read_calib(calib: &[u8]) -> Result<Calibration, String> {
    let mut s = Reader::new(calib);
    let c = Calibration::decode(&mut s)?;
    if s.remaining() != 0 {
        return Err("trailing bytes in model calibration".to_string());
    }
    Ok(c)
}

fn decode_v4(r: &mut Reader<'_>, cfg: FeatConfig) -> Result<ModelData, String> {
    let sec = SectionsV4::read(r)?;
    let mut words = Vec::new();
    let ngran = WordReader::new(sec.words, sec.classes)?.read_all(|w, c, case| {
        // valid UTF-8: checked by the reader
        words.push((String::from_utf8_lossy(w).into_owned(), c, case));
    })?;
    let mut gaz = Vec::new();
    read_gazetteer(sec.gaz, &mut gaz)?;
    let lex = LexiconData { ngran, words, gaz };
    let stages = read_stages(&sec)?;
    let calib = read_calib(sec.calib)?;
    Ok(ModelData {
        cfg,
        lex,
        stages,
        calib,
    })
}

fn decode_v3(r: &mut Reader<'_>, cfg: FeatConfig, calibrated: bool) -> Result<ModelData, String> {
    let lex = LexiconData::decode(r)?;
    let nstages = r.u8()?;
    if nstages != 1 && nstages != 2 {
        return Err(format!("bad stage count {nstages}"));
    }
    let mut stages = Vec::with_capacity(2);
    for _ in 0..nstages {
        stages.push(QuantWeights::decode_v3(r)?);
    }
    let calib = if calibrated {
        Calibration::decode(r)?
    } else {
        Calibration::default()
    };
    Ok(ModelData {
        cfg,
        lex,
        stages,
        calib,
    })
}

impl NerModel {
    /// Loads a model from its binary form. Returns an error (never panics)
    /// on corrupt or truncated bytes.
    ///
    /// A v4 file goes straight to the lookup tables: each word and phrase is
    /// hashed from the decode buffer into tables sized once, the keys go to
    /// the key table as they come (in key order already), and nothing is
    /// allocated per entry. Older files go through [`ModelData`].
    pub fn from_bytes(bytes: &[u8]) -> Result<NerModel, String> {
        if !bytes.starts_with(MAGIC_V4) {
            return Ok(NerModel::from_data(ModelData::decode(bytes)?));
        }
        let mut r = Reader::new(bytes);
        r.bytes(MAGIC_V4.len())?;
        let nl = r.u32()? as usize;
        if nl != L {
            return Err(format!("unsupported label count {nl}"));
        }
        let cfg = FeatConfig::from_bits(r.u32()?);
        let sec = SectionsV4::read(&mut r)?;
        if r.remaining() != 0 {
            return Err("trailing bytes after model".to_string());
        }
        let words = WordReader::new(sec.words, sec.classes)?;
        let mut lex = Lexicon::with_capacity(words.ngran, words.left, 0);
        words.read_all(|w, c, case| lex.add_word(w, c, case))?;
        read_gazetteer(sec.gaz, &mut lex)?;
        let stages = read_stages(&sec)?;
        let calib = read_calib(sec.calib)?;
        Ok(NerModel::from_parts(lex, cfg, stages, calib))
    }

    /// The lookup form of a decoded model file.
    pub(crate) fn from_data(d: ModelData) -> NerModel {
        NerModel::from_parts(Lexicon::from_data(&d.lex), d.cfg, d.stages, d.calib)
    }

    /// A model from its lexicon, switches, stages and calibration.
    fn from_parts(
        lex: Lexicon,
        cfg: FeatConfig,
        stages: Vec<QuantWeights>,
        calib: Calibration,
    ) -> NerModel {
        let keys: Vec<&[u32]> = stages.iter().map(|q| q.keys.as_slice()).collect();
        let keys = KeyTable::build(&keys);
        let mut stages = stages.into_iter().map(Weights::from_quant);
        let stage1 = stages.next().unwrap_or_else(Weights::empty);
        let stage2 = stages.next();
        NerModel {
            lex,
            cfg,
            stage1,
            stage2,
            calib,
            keys,
        }
    }
}

/// Serializes a model in the current format (used by the trainer).
#[cfg_attr(not(feature = "train"), allow(dead_code))]
pub(crate) fn encode_model(
    cfg: FeatConfig,
    lex: &LexiconData,
    stages: Vec<QuantWeights>,
    calib: &Calibration,
) -> Vec<u8> {
    ModelData {
        cfg,
        lex: lex.clone(),
        stages,
        calib: calib.clone(),
    }
    .encode()
}
