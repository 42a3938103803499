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

use super::codec::{put_varint, Reader};
use super::entropy::{self, Decoder, Encoder, Prob, GOLOMB_CONTEXTS};
use super::features::FeatConfig;
use super::lexicon::Lexicon;
use super::lexicon::{LexiconData, MAX_GRAN, NO_CLUSTER};
use super::model::{Calibration, KeyTable, NerModel, QuantWeights, Weights};
use super::NUM_LABELS;

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
        let mut pgap = entropy::probs(GOLOMB_CONTEXTS);
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

/// Writes strings front-coded: bytes shared with the previous string, then
/// the length of the rest and the rest.
fn front_code<'a>(out: &mut Vec<u8>, items: impl Iterator<Item = &'a str>) {
    let mut prev: &[u8] = &[];
    for s in items {
        let b = s.as_bytes();
        let shared = b.iter().zip(prev).take_while(|(x, y)| x == y).count();
        put_varint(out, shared as u32);
        put_varint(out, (b.len() - shared) as u32);
        out.extend_from_slice(&b[shared..]);
        prev = b;
    }
}

/// Reads `n` front-coded strings, calling `f` with each.
fn read_front_coded(
    r: &mut Reader<'_>,
    n: usize,
    mut f: impl FnMut(String) -> Result<(), String>,
) -> Result<(), String> {
    let mut prev: Vec<u8> = Vec::new();
    for _ in 0..n {
        let shared = r.varint()? as usize;
        let rest = r.varint()? as usize;
        if shared > prev.len() {
            return Err("bad shared prefix in model strings".to_string());
        }
        prev.truncate(shared);
        prev.extend_from_slice(r.bytes(rest)?);
        let s = std::str::from_utf8(&prev).map_err(|_| "invalid UTF-8 in model".to_string())?;
        f(s.to_string())?;
    }
    Ok(())
}

/// The union of the stages' keys, increasing, with a bit set per stage
/// holding each.
fn union_keys(stages: &[QuantWeights]) -> (Vec<u32>, Vec<u8>) {
    let mut all: Vec<(u32, u8)> = stages
        .iter()
        .enumerate()
        .flat_map(|(s, q)| q.keys.iter().map(move |&k| (k, 1u8 << s)))
        .collect();
    all.sort_unstable();
    let mut keys: Vec<u32> = Vec::with_capacity(all.len());
    let mut member: Vec<u8> = Vec::with_capacity(all.len());
    for (k, m) in all {
        if keys.last() == Some(&k) {
            if let Some(x) = member.last_mut() {
                *x |= m;
            }
        } else {
            keys.push(k);
            member.push(m);
        }
    }
    (keys, member)
}

/// The Rice parameter of gaps between `keys`: about log2 of the mean gap
/// less one, so the high part is small and mostly 0 or 1.
fn rice_parameter(keys: &[u32]) -> u32 {
    let (Some(&first), Some(&last)) = (keys.first(), keys.last()) else {
        return 0;
    };
    let mean = u64::from(last - first) / keys.len().max(1) as u64;
    (63 - mean.max(1).leading_zeros()).saturating_sub(1).min(31)
}

/// A stage's row indices in increasing key order.
fn sorted_rows(q: &QuantWeights) -> Vec<usize> {
    let mut order: Vec<usize> = (0..q.keys.len()).collect();
    order.sort_by_key(|&i| q.keys[i]);
    order
}

/// The row of `key` in stage `q` (rows in `order`, increasing keys), found
/// by a cursor that only moves forward (the keys asked for increase).
fn find_row<'a>(
    q: &'a QuantWeights,
    order: &[usize],
    cursor: &mut usize,
    key: u32,
) -> Option<&'a [i16]> {
    while let Some(&row) = order.get(*cursor) {
        match q.keys[row].cmp(&key) {
            std::cmp::Ordering::Less => *cursor += 1,
            std::cmp::Ordering::Equal => return q.q.get(row * L..row * L + L),
            std::cmp::Ordering::Greater => return None,
        }
    }
    None
}

/// What the row of the same key in stage one says about a label: absent
/// (no row, or stage one itself), zero, positive or negative.
fn other_state(other: Option<&[i16]>, l: usize) -> usize {
    match other.and_then(|o| o.get(l)) {
        None => 0,
        Some(0) => 1,
        Some(&v) if v > 0 => 2,
        Some(_) => 3,
    }
}

/// Magnitude bucket of stage one's weight (0 none, then up to 3).
fn other_bucket(other: Option<&[i16]>, l: usize) -> usize {
    match other.and_then(|o| o.get(l)).map(|v| v.unsigned_abs()) {
        None | Some(0) => 0,
        Some(1..=2) => 1,
        Some(3..=8) => 2,
        Some(_) => 3,
    }
}

/// Contexts of one stage's rows: mask bits by label, the number of
/// non-zero labels so far (0–3) and stage one's state; signs by label and
/// stage one's state; magnitudes by label and stage one's magnitude.
///
/// The last non-zero weight of a row is coded as the row's sum instead: a
/// perceptron update adds to one label what it takes from another, so a
/// row sums to about zero (within rounding: 0 or ±1 for nine rows in ten)
/// and the last weight is nearly known from the others.
struct RowContexts {
    mask: Vec<Prob>,
    sign: Vec<Prob>,
    mag: Vec<Vec<Prob>>,
    resid: Vec<Prob>,
}

impl RowContexts {
    fn new() -> Self {
        RowContexts {
            mask: entropy::probs(L * 4 * 4),
            sign: entropy::probs(L * 4),
            mag: (0..L * 4)
                .map(|_| entropy::probs(GOLOMB_CONTEXTS))
                .collect(),
            resid: entropy::probs(GOLOMB_CONTEXTS),
        }
    }

    #[cfg_attr(not(feature = "train"), allow(dead_code))]
    fn encode(&mut self, e: &mut Encoder, vals: &[i16], other: Option<&[i16]>) {
        let mut set = 0usize;
        for (l, &v) in vals.iter().enumerate() {
            let at = (l * 4 + set.min(3)) * 4 + other_state(other, l);
            e.bit(&mut self.mask[at], v != 0);
            set += usize::from(v != 0);
        }
        let last = vals.iter().rposition(|&v| v != 0);
        let mut sum = 0i64;
        for (l, &v) in vals.iter().enumerate() {
            if v == 0 {
                continue;
            }
            if Some(l) == last {
                e.golomb(&mut self.resid, zigzag(i64::from(v) + sum));
                continue;
            }
            sum += i64::from(v);
            e.bit(&mut self.sign[l * 4 + other_state(other, l)], v < 0);
            let ctx = &mut self.mag[l * 4 + other_bucket(other, l)];
            e.golomb(ctx, u32::from(v.unsigned_abs()) - 1);
        }
    }

    /// Decodes a row into `out` (L weights); `max` bounds a magnitude.
    fn decode(
        &mut self,
        d: &mut Decoder<'_>,
        out: &mut [i16],
        other: Option<&[i16]>,
        max: u32,
    ) -> Result<(), String> {
        let mut set = 0usize;
        let mut mask = 0u32;
        for l in 0..L {
            let at = (l * 4 + set.min(3)) * 4 + other_state(other, l);
            if d.bit(&mut self.mask[at]) {
                mask |= 1 << l;
                set += 1;
            }
        }
        let last = 31usize.saturating_sub(mask.leading_zeros() as usize);
        let mut sum = 0i64;
        let bad = || "weight out of range in model".to_string();
        for (l, o) in out.iter_mut().enumerate().take(L) {
            if mask & (1 << l) == 0 {
                *o = 0;
                continue;
            }
            if l == last {
                let r = d.golomb(&mut self.resid).ok_or_else(bad)?;
                let v = unzigzag(r) - sum;
                if v == 0 || v.unsigned_abs() > u64::from(max) {
                    return Err(bad());
                }
                *o = v as i16;
                continue;
            }
            let neg = d.bit(&mut self.sign[l * 4 + other_state(other, l)]);
            let m = d
                .golomb(&mut self.mag[l * 4 + other_bucket(other, l)])
                .and_then(|m| m.checked_add(1))
                .filter(|&m| m <= max)
                .ok_or_else(bad)?;
            let v = if neg { -(m as i16) } else { m as i16 };
            sum += i64::from(v);
            *o = v;
        }
        Ok(())
    }
}

/// A signed number as an unsigned one, small magnitudes first
/// (0, -1, 1, -2, ...).
fn zigzag(v: i64) -> u32 {
    ((v << 1) ^ (v >> 63)) as u32
}

/// The inverse of [`zigzag`].
fn unzigzag(z: u32) -> i64 {
    i64::from(z >> 1) ^ -i64::from(z & 1)
}

fn decode_v4(r: &mut Reader<'_>, cfg: FeatConfig) -> Result<ModelData, String> {
    // 1 words
    let mut s = Reader::new(read_section(r, 1)?);
    let ngran = s.varint()? as usize;
    if ngran > MAX_GRAN {
        return Err(format!("bad cluster granularity count {ngran}"));
    }
    let n = s.varint()? as usize;
    if n > MAX_STRINGS || n.saturating_mul(2) > s.remaining() {
        return Err("model word count too large".to_string());
    }
    let mut names = Vec::with_capacity(n);
    read_front_coded(&mut s, n, |w| {
        names.push(w);
        Ok(())
    })?;
    if s.remaining() != 0 {
        return Err("trailing bytes in model words".to_string());
    }
    // 2 classes
    let mut s = Reader::new(read_section(r, 2)?);
    let case_bits = u32::from(s.u8()?);
    let mut gran_bits = [0u32; MAX_GRAN];
    for b in gran_bits.iter_mut().take(ngran) {
        *b = u32::from(s.u8()?);
    }
    if case_bits > 8 || gran_bits.iter().any(|&b| b > 16) {
        return Err("bad class widths in model".to_string());
    }
    let mut d = Decoder::new(s.bytes(s.remaining())?);
    let mut pc = entropy::probs(1 << case_bits);
    let mut pg: Vec<Vec<Prob>> = gran_bits
        .iter()
        .take(ngran)
        .map(|&b| entropy::probs(1 << b))
        .collect();
    let mut words = Vec::with_capacity(n);
    for w in names {
        let case = d.tree(&mut pc, case_bits) as u8;
        let mut c = [NO_CLUSTER; MAX_GRAN];
        for (g, p) in pg.iter_mut().enumerate() {
            c[g] = d.tree(p, gran_bits[g]) as u16;
        }
        if d.overrun() {
            break;
        }
        words.push((w, c, case));
    }
    d.finish()?;
    // 3 gazetteer
    let mut s = Reader::new(read_section(r, 3)?);
    let groups = s.varint()? as usize;
    if groups > 256 {
        return Err("bad gazetteer group count".to_string());
    }
    let mut gaz = Vec::new();
    for _ in 0..groups {
        let m = s.u8()?;
        let n = s.varint()? as usize;
        if n > MAX_STRINGS || n.saturating_mul(2) > s.remaining() {
            return Err("model gazetteer count too large".to_string());
        }
        read_front_coded(&mut s, n, |p| {
            gaz.push((p, m));
            Ok(())
        })?;
    }
    if s.remaining() != 0 {
        return Err("trailing bytes in model gazetteer".to_string());
    }
    let lex = LexiconData { ngran, words, gaz };
    // 4 keys
    let mut s = Reader::new(read_section(r, 4)?);
    let nstages = s.u8()? as usize;
    if nstages != 1 && nstages != 2 {
        return Err(format!("bad stage count {nstages}"));
    }
    let n = s.varint()? as usize;
    let k = u32::from(s.u8()?);
    let stream = s.bytes(s.remaining())?;
    // a real key costs more than a bit; the cap bounds a corrupt count
    if n > MAX_KEYS || n > stream.len().saturating_mul(8) || k > 31 {
        return Err("model key count too large".to_string());
    }
    let mut d = Decoder::new(stream);
    let mut pgap = entropy::probs(GOLOMB_CONTEXTS);
    let mut pm = entropy::probs(2);
    let mut keys: [Vec<u32>; 2] = [Vec::new(), Vec::new()];
    let mut prev: Option<u32> = None;
    for _ in 0..n {
        let high = d
            .golomb(&mut pgap)
            .ok_or_else(|| "bad key gap in model".to_string())?;
        let gap = u64::from(high) << k | u64::from(d.direct(k));
        let key = match prev {
            None => Some(gap),
            Some(p) => u64::from(p).checked_add(gap + 1),
        }
        .and_then(|x| u32::try_from(x).ok())
        .ok_or_else(|| "feature keys out of order in model".to_string())?;
        prev = Some(key);
        let m = if nstages == 2 {
            if d.bit(&mut pm[0]) {
                if d.bit(&mut pm[1]) {
                    3
                } else {
                    1
                }
            } else {
                2
            }
        } else {
            1
        };
        for (st, ks) in keys.iter_mut().enumerate() {
            if m & (1 << st) != 0 {
                ks.push(key);
            }
        }
        if d.overrun() {
            break;
        }
    }
    d.finish()?;
    // 5, 6 rows
    let mut stages: Vec<QuantWeights> = Vec::with_capacity(nstages);
    for (st, ks) in keys.into_iter().enumerate() {
        let payload = read_section(r, 5 + st as u8)?;
        if st >= nstages {
            if !payload.is_empty() {
                return Err("rows of a missing stage in model".to_string());
            }
            continue;
        }
        let mut s = Reader::new(payload);
        let width = s.u8()?;
        if width != 1 && width != 2 {
            return Err(format!("bad weight width {width}"));
        }
        let scale = s.f32()?;
        let mut q = vec![0i16; ks.len() * L];
        let mut d = Decoder::new(s.bytes(s.remaining())?);
        let mut ctx = RowContexts::new();
        let max = if width == 1 { 127 } else { 32767 };
        let mut cursor = 0usize;
        let first = stages.first();
        for (row, &key) in ks.iter().enumerate() {
            let other = match first {
                Some(q1) if st == 1 => {
                    let mut o = None;
                    while let Some(&k1) = q1.keys.get(cursor) {
                        if k1 < key {
                            cursor += 1;
                        } else {
                            if k1 == key {
                                o = q1.q.get(cursor * L..cursor * L + L);
                            }
                            break;
                        }
                    }
                    o
                }
                _ => None,
            };
            let Some(out) = q.get_mut(row * L..row * L + L) else {
                break;
            };
            ctx.decode(&mut d, out, other, max)?;
            if d.overrun() {
                break;
            }
        }
        d.finish()?;
        stages.push(QuantWeights {
            keys: ks,
            q,
            scale,
            width,
            trans: Vec::new(),
        });
    }
    // 7 trans
    let mut s = Reader::new(read_section(r, 7)?);
    for q in stages.iter_mut() {
        let mut t = vec![0f32; (L + 1) * L];
        for x in t.iter_mut() {
            *x = s.f32()?;
        }
        q.trans = t;
    }
    if s.remaining() != 0 {
        return Err("trailing bytes in model transitions".to_string());
    }
    // 8 calib
    let mut s = Reader::new(read_section(r, 8)?);
    let calib = Calibration::decode(&mut s)?;
    if s.remaining() != 0 {
        return Err("trailing bytes in model calibration".to_string());
    }
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
    pub fn from_bytes(bytes: &[u8]) -> Result<NerModel, String> {
        Ok(NerModel::from_data(ModelData::decode(bytes)?))
    }

    /// The lookup form of a decoded model file.
    pub(crate) fn from_data(d: ModelData) -> NerModel {
        let lex = Lexicon::from_data(&d.lex);
        let mut stages = d.stages.into_iter().map(Weights::from_quant);
        let stage1 = stages.next().unwrap_or_else(Weights::empty);
        let stage2 = stages.next();
        let keys = KeyTable::build(&stage1, stage2.as_ref());
        NerModel {
            lex,
            cfg: d.cfg,
            stage1,
            stage2,
            calib: d.calib,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The v3 writer, kept to test that both formats read the same.
    fn encode_v3(d: &ModelData) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC_V3);
        out.extend_from_slice(&(L as u32).to_le_bytes());
        out.extend_from_slice(&d.cfg.to_bits().to_le_bytes());
        d.lex.encode_v3(&mut out);
        out.push(d.stages.len() as u8);
        for s in &d.stages {
            s.encode_v3(&mut out);
        }
        d.calib.encode(&mut out);
        out
    }

    /// Equal contents, whatever the order of words, phrases and rows.
    fn assert_same(a: &ModelData, b: &ModelData) {
        assert_eq!(a.cfg.to_bits(), b.cfg.to_bits());
        assert_eq!(a.lex.ngran, b.lex.ngran);
        let sorted = |mut v: Vec<String>| {
            v.sort();
            v
        };
        let words = |d: &ModelData| {
            sorted(
                d.lex
                    .words
                    .iter()
                    .map(|(w, c, k)| format!("{w}\t{c:?}\t{k}"))
                    .collect(),
            )
        };
        assert_eq!(words(a), words(b));
        let gaz =
            |d: &ModelData| sorted(d.lex.gaz.iter().map(|(p, m)| format!("{p}\t{m}")).collect());
        assert_eq!(gaz(a), gaz(b));
        assert_eq!(a.stages.len(), b.stages.len());
        for (x, y) in a.stages.iter().zip(&b.stages) {
            let rows = |q: &QuantWeights| {
                let mut v: Vec<(u32, Vec<i16>)> = q
                    .keys
                    .iter()
                    .enumerate()
                    .map(|(i, &k)| (k, q.q[i * L..i * L + L].to_vec()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(rows(x), rows(y));
            assert_eq!((x.scale, x.width), (y.scale, y.width));
            assert_eq!(x.trans, y.trans);
        }
        assert_eq!(a.calib, b.calib);
    }

    fn shipped() -> ModelData {
        let bytes = include_bytes!("../../../models/ner.bin");
        ModelData::decode(bytes).expect("models/ner.bin reads")
    }

    #[test]
    fn the_shipped_model_is_v4_and_reencodes_to_the_same_bytes() {
        let bytes = include_bytes!("../../../models/ner.bin");
        assert_eq!(&bytes[..8], MAGIC_V4);
        let d = shipped();
        assert!(d.lex.words.len() > 10_000 && d.lex.gaz.len() > 10_000);
        assert_eq!(d.stages.len(), 2);
        assert_eq!(d.encode(), bytes.to_vec());
        let names: Vec<&str> = sections(bytes)
            .expect("sections")
            .iter()
            .map(|s| s.0)
            .collect();
        assert_eq!(names, SECTIONS);
    }

    #[test]
    fn v3_and_v4_read_the_same_model() {
        let d = shipped();
        let v3 = encode_v3(&d);
        let from_v3 = ModelData::decode(&v3).expect("v3 reads");
        assert_same(&d, &from_v3);
        let v4 = from_v3.encode();
        assert!(
            v4.len() * 10 < v3.len() * 6,
            "v4 {} v3 {}",
            v4.len(),
            v3.len()
        );
        assert_same(&d, &ModelData::decode(&v4).expect("v4 reads"));
    }

    #[test]
    fn one_stage_and_wide_weights_round_trip() {
        let mut d = shipped();
        d.stages.truncate(1);
        if let Some(s) = d.stages.first_mut() {
            s.width = 2;
            for (i, v) in s.q.iter_mut().enumerate() {
                if *v != 0 {
                    *v = v.saturating_mul(200).saturating_add((i % 7) as i16);
                }
            }
        }
        let back = ModelData::decode(&d.encode()).expect("reads");
        assert_same(&d, &back);
    }

    #[test]
    fn every_truncation_and_many_bit_flips_are_errors_or_models() {
        let bytes = shipped().encode();
        // every section boundary and a spread of cut points
        let mut cuts: Vec<usize> = (0..bytes.len()).step_by(997).collect();
        for (_, at, len) in sections(&bytes).expect("sections") {
            cuts.extend([at, at + 1, at + len.saturating_sub(1), at + len]);
        }
        for cut in cuts.into_iter().filter(|&c| c < bytes.len()) {
            assert!(ModelData::decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut b = bytes.clone();
        for i in (0..b.len()).step_by(4099) {
            b[i] ^= 0x5a;
            let _ = ModelData::decode(&b);
            b[i] ^= 0x5a;
        }
    }
}
