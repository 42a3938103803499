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
///
/// The tables have fixed sizes, so that the decoder's indexes into them
/// (label, count, state: all bounded) need no run-time check.
struct RowContexts {
    mask: [Prob; L * 4 * 4],
    sign: [Prob; L * 4],
    /// One golomb table a label and bucket (`l * 4 + bucket`).
    mag: Vec<[Prob; GOLOMB_CONTEXTS]>,
    resid: [Prob; GOLOMB_CONTEXTS],
}

impl RowContexts {
    fn new() -> Self {
        RowContexts {
            mask: [entropy::PROB_INIT; L * 4 * 4],
            sign: [entropy::PROB_INIT; L * 4],
            mag: vec![entropy::golomb_probs(); L * 4],
            resid: entropy::golomb_probs(),
        }
    }

    /// The magnitude contexts of label and bucket `i` (`l * 4 + bucket`).
    #[inline]
    fn mag_mut(&mut self, i: usize) -> Option<&mut [Prob; GOLOMB_CONTEXTS]> {
        self.mag.get_mut(i)
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
            if let Some(ctx) = self.mag_mut(l * 4 + other_bucket(other, l)) {
                e.golomb(ctx, u32::from(v.unsigned_abs()) - 1);
            }
        }
    }

    /// Decodes a row into `out` (L weights); `max` bounds a magnitude.
    ///
    /// The contexts are [`RowContexts::encode`]'s; stage one's states and
    /// buckets are worked out once a row, and only the labels with a weight
    /// are visited (their bits, from the mask), without a branch on the
    /// bits read: they are hard to predict.
    fn decode(
        &mut self,
        d: &mut Decoder<'_>,
        out: &mut [i16],
        other: Option<&[i16]>,
        max: u32,
    ) -> Result<(), String> {
        // other_state and other_bucket of each label, 0 without stage one's row
        let mut state = [0u8; L];
        let mut bucket = [0u8; L];
        if let Some(o) = other {
            for ((s, b), &v) in state.iter_mut().zip(bucket.iter_mut()).zip(o) {
                let a = v.unsigned_abs();
                *s = 1 + u8::from(v != 0) + u8::from(v < 0);
                *b = u8::from(a >= 1) + u8::from(a >= 3) + u8::from(a >= 9);
            }
        }
        let mut set = 0usize;
        let mut mask = 0u32;
        for (l, &st) in state.iter().enumerate() {
            let at = (l * 4 + set.min(3)) * 4 + usize::from(st);
            let bit = match self.mask.get_mut(at) {
                Some(p) => d.bit(p),
                None => false,
            };
            mask |= u32::from(bit) << l;
            set += usize::from(bit);
        }
        out.fill(0);
        let mut sum = 0i64;
        let bad = || "weight out of range in model".to_string();
        let mut rest = mask;
        while rest != 0 {
            let l = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            let Some(o) = out.get_mut(l) else { break };
            if rest == 0 {
                // the last one: coded as the row's sum
                let r = d.golomb(&mut self.resid).ok_or_else(bad)?;
                let v = unzigzag(r) - sum;
                if v == 0 || v.unsigned_abs() > u64::from(max) {
                    return Err(bad());
                }
                *o = v as i16;
                break;
            }
            let (st, bk) = (
                usize::from(state.get(l).copied().unwrap_or(0)),
                usize::from(bucket.get(l).copied().unwrap_or(0)),
            );
            let neg = match self.sign.get_mut(l * 4 + st) {
                Some(p) => d.bit(p),
                None => false,
            };
            let m = self
                .mag_mut(l * 4 + bk)
                .and_then(|p| d.golomb(p))
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

/// The words of the cluster vocabulary with their classes: the front-coded
/// strings of section 1 and the range-coded classes of section 2, read in
/// step, one word at a time into one reused buffer (no allocation a word).
struct WordReader<'a> {
    names: Reader<'a>,
    left: usize,
    prev: Vec<u8>,
    d: Decoder<'a>,
    ngran: usize,
    case_bits: u32,
    gran_bits: [u32; MAX_GRAN],
    pc: Vec<Prob>,
    pg: [Vec<Prob>; MAX_GRAN],
}

impl<'a> WordReader<'a> {
    fn new(words: &'a [u8], classes: &'a [u8]) -> Result<WordReader<'a>, String> {
        let mut names = Reader::new(words);
        let ngran = names.varint()? as usize;
        if ngran > MAX_GRAN {
            return Err(format!("bad cluster granularity count {ngran}"));
        }
        let n = names.varint()? as usize;
        if n > MAX_STRINGS || n.saturating_mul(2) > names.remaining() {
            return Err("model word count too large".to_string());
        }
        let mut s = Reader::new(classes);
        let case_bits = u32::from(s.u8()?);
        let mut gran_bits = [0u32; MAX_GRAN];
        for b in gran_bits.iter_mut().take(ngran) {
            *b = u32::from(s.u8()?);
        }
        if case_bits > 8 || gran_bits.iter().any(|&b| b > 16) {
            return Err("bad class widths in model".to_string());
        }
        Ok(WordReader {
            names,
            left: n,
            prev: Vec::new(),
            d: Decoder::new(s.bytes(s.remaining())?),
            ngran,
            case_bits,
            gran_bits,
            pc: entropy::probs(1 << case_bits),
            pg: std::array::from_fn(|g| {
                if g < ngran {
                    entropy::probs(1 << gran_bits[g])
                } else {
                    Vec::new()
                }
            }),
        })
    }

    /// Reads up to [`CHUNK`] words, calling `f` with each (its bytes, valid
    /// UTF-8; its cluster ids; its capitalization bin). False once done.
    #[inline(never)]
    fn chunk<F: FnMut(&[u8], [u16; MAX_GRAN], u8)>(&mut self, f: &mut F) -> Result<bool, String> {
        for _ in 0..CHUNK {
            if self.left == 0 || self.d.overrun() {
                return Ok(false);
            }
            self.left -= 1;
            read_front_coded_one(&mut self.names, &mut self.prev)?;
            let case = self.d.tree(&mut self.pc, self.case_bits) as u8;
            let mut c = [NO_CLUSTER; MAX_GRAN];
            for (g, p) in self.pg.iter_mut().enumerate().take(self.ngran) {
                c[g] = self.d.tree(p, self.gran_bits[g]) as u16;
            }
            f(&self.prev, c, case);
        }
        Ok(true)
    }

    /// Reads every word, then checks that both streams ended where they
    /// should. Returns the number of granularities.
    fn read_all<F: FnMut(&[u8], [u16; MAX_GRAN], u8)>(mut self, mut f: F) -> Result<usize, String> {
        let chunk: fn(&mut Self, &mut F) -> Result<bool, String> = Self::chunk::<F>;
        let chunk = std::hint::black_box(chunk);
        while chunk(&mut self, &mut f)? {}
        // a stream that ran out (overrun) left words unread
        if self.left != 0 && !self.d.overrun() {
            return Err("model words and classes disagree".to_string());
        }
        if self.names.remaining() != 0 {
            return Err("trailing bytes in model words".to_string());
        }
        self.d.finish()?;
        Ok(self.ngran)
    }
}

/// Reads one front-coded string into `prev` (which holds the string before
/// it); an error for a bad shared prefix or bytes that are not UTF-8.
#[inline]
fn read_front_coded_one(r: &mut Reader<'_>, prev: &mut Vec<u8>) -> Result<(), String> {
    let shared = r.varint()? as usize;
    let rest = r.varint()? as usize;
    if shared > prev.len() {
        return Err("bad shared prefix in model strings".to_string());
    }
    prev.truncate(shared);
    prev.extend_from_slice(r.bytes(rest)?);
    if std::str::from_utf8(prev).is_err() {
        return Err("invalid UTF-8 in model".to_string());
    }
    Ok(())
}

/// Where [`read_gazetteer`] puts the phrases: the raw list ([`ModelData`])
/// or the lookup table ([`Lexicon`]).
trait PhraseSink {
    /// A group of `n` phrases begins.
    fn group(&mut self, n: usize);
    /// A phrase and its type mask.
    fn phrase(&mut self, p: &str, mask: u8);
}

impl PhraseSink for Vec<(String, u8)> {
    fn group(&mut self, n: usize) {
        self.reserve(n);
    }
    fn phrase(&mut self, p: &str, mask: u8) {
        self.push((p.to_string(), mask));
    }
}

impl PhraseSink for Lexicon {
    fn group(&mut self, n: usize) {
        self.reserve_phrases(n);
    }
    #[inline]
    fn phrase(&mut self, p: &str, mask: u8) {
        self.add_phrase(p, mask);
    }
}

/// Reads the gazetteer section into `sink` ([`CHUNK`] phrases per call of
/// the inner loop).
fn read_gazetteer<S: PhraseSink>(gaz: &[u8], sink: &mut S) -> Result<(), String> {
    /// The phrase stream between chunks: the reader and the phrase before.
    struct Phrases<'a> {
        s: Reader<'a>,
        prev: Vec<u8>,
    }
    #[inline(never)]
    fn chunk<S: PhraseSink>(
        st: &mut Phrases<'_>,
        n: usize,
        m: u8,
        sink: &mut S,
    ) -> Result<(), String> {
        for _ in 0..n {
            read_front_coded_one(&mut st.s, &mut st.prev)?;
            // checked by read_front_coded_one
            if let Ok(p) = std::str::from_utf8(&st.prev) {
                sink.phrase(p, m);
            }
        }
        Ok(())
    }
    let mut st = Phrases {
        s: Reader::new(gaz),
        prev: Vec::new(),
    };
    let groups = st.s.varint()? as usize;
    if groups > 256 {
        return Err("bad gazetteer group count".to_string());
    }
    let chunk = std::hint::black_box(chunk::<S> as fn(&mut Phrases<'_>, usize, u8, &mut S) -> _);
    for _ in 0..groups {
        let m = st.s.u8()?;
        let n = st.s.varint()? as usize;
        if n > MAX_STRINGS || n.saturating_mul(2) > st.s.remaining() {
            return Err("model gazetteer count too large".to_string());
        }
        sink.group(n);
        st.prev.clear();
        let mut left = n;
        while left > 0 {
            let k = left.min(CHUNK);
            chunk(&mut st, k, m, sink)?;
            left -= k;
        }
    }
    if st.s.remaining() != 0 {
        return Err("trailing bytes in model gazetteer".to_string());
    }
    Ok(())
}

/// Reads the keys section: each stage's feature keys, increasing (a row's
/// index in its stage is its key's index in that stage's list).
fn read_keys(keys: &[u8]) -> Result<Vec<Vec<u32>>, String> {
    /// The state of the key stream between chunks.
    struct Keys<'a> {
        d: Decoder<'a>,
        pgap: [Prob; GOLOMB_CONTEXTS],
        pm: Vec<Prob>,
        prev: Option<u32>,
        k: u32,
        two: bool,
    }
    #[inline(never)]
    fn chunk(st: &mut Keys<'_>, n: usize, out: &mut [Vec<u32>; 2]) -> Result<(), String> {
        for _ in 0..n {
            let high =
                st.d.golomb(&mut st.pgap)
                    .ok_or_else(|| "bad key gap in model".to_string())?;
            let gap = u64::from(high) << st.k | u64::from(st.d.direct(st.k));
            let key = match st.prev {
                None => Some(gap),
                Some(p) => u64::from(p).checked_add(gap + 1),
            }
            .and_then(|x| u32::try_from(x).ok())
            .ok_or_else(|| "feature keys out of order in model".to_string())?;
            st.prev = Some(key);
            let m = if st.two {
                let [p0, p1, ..] = st.pm.as_mut_slice() else {
                    return Err("model key contexts".to_string());
                };
                if st.d.bit(p0) {
                    if st.d.bit(p1) {
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
            for (s, ks) in out.iter_mut().enumerate() {
                if m & (1 << s) != 0 {
                    ks.push(key);
                }
            }
            if st.d.overrun() {
                break;
            }
        }
        Ok(())
    }
    let mut s = Reader::new(keys);
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
    let mut st = Keys {
        d: Decoder::new(stream),
        pgap: entropy::golomb_probs(),
        pm: entropy::probs(2),
        prev: None,
        k,
        two: nstages == 2,
    };
    let mut out: [Vec<u32>; 2] = [Vec::with_capacity(n), Vec::with_capacity(n)];
    let chunk = std::hint::black_box(chunk as fn(&mut Keys<'_>, usize, &mut [Vec<u32>; 2]) -> _);
    let mut left = n;
    while left > 0 && !st.d.overrun() {
        let c = left.min(CHUNK);
        chunk(&mut st, c, &mut out)?;
        left -= c;
    }
    st.d.finish()?;
    let mut out = Vec::from(out);
    out.truncate(nstages);
    for ks in &mut out {
        ks.shrink_to_fit();
    }
    Ok(out)
}

/// Reads a stage's rows section (`keys` its keys, increasing; `first` stage
/// one's keys and weights when this is stage two): the bytes per weight, the
/// scale and the `keys.len() * L` weights.
fn read_rows(
    payload: &[u8],
    keys: &[u32],
    first: Option<(&[u32], &[i16])>,
) -> Result<(u8, f32, Vec<i16>), String> {
    /// The state of the row stream between chunks.
    struct Rows<'a, 'b> {
        d: Decoder<'a>,
        ctx: RowContexts,
        max: u32,
        /// Stage one's keys and weights, and the cursor in them.
        first: Option<(&'b [u32], &'b [i16])>,
        cursor: usize,
    }
    #[inline(never)]
    fn chunk(st: &mut Rows<'_, '_>, keys: &[u32], out: &mut [i16]) -> Result<(), String> {
        for (&key, row) in keys.iter().zip(out.chunks_exact_mut(L)) {
            let other = match st.first {
                Some((k1s, q1)) => {
                    let mut o = None;
                    while let Some(&k1) = k1s.get(st.cursor) {
                        if k1 < key {
                            st.cursor += 1;
                        } else {
                            if k1 == key {
                                o = q1.get(st.cursor * L..st.cursor * L + L);
                            }
                            break;
                        }
                    }
                    o
                }
                None => None,
            };
            st.ctx.decode(&mut st.d, row, other, st.max)?;
            if st.d.overrun() {
                break;
            }
        }
        Ok(())
    }
    let mut s = Reader::new(payload);
    let width = s.u8()?;
    if width != 1 && width != 2 {
        return Err(format!("bad weight width {width}"));
    }
    let scale = s.f32()?;
    let mut q = vec![0i16; keys.len() * L];
    let mut st = Rows {
        d: Decoder::new(s.bytes(s.remaining())?),
        ctx: RowContexts::new(),
        max: if width == 1 { 127 } else { 32767 },
        first,
        cursor: 0,
    };
    let chunk = std::hint::black_box(chunk as fn(&mut Rows<'_, '_>, &[u32], &mut [i16]) -> _);
    for (ks, out) in keys.chunks(CHUNK).zip(q.chunks_mut(CHUNK * L)) {
        chunk(&mut st, ks, out)?;
        if st.d.overrun() {
            break;
        }
    }
    st.d.finish()?;
    Ok((width, scale, q))
}

/// The stages of a v4 file: keys, then each stage's rows, then the
/// transitions.
fn read_stages(sec: &SectionsV4<'_>) -> Result<Vec<QuantWeights>, String> {
    let keys = read_keys(sec.keys)?;
    let mut stages: Vec<QuantWeights> = Vec::with_capacity(keys.len());
    let mut keys = keys.into_iter();
    for (st, payload) in sec.rows.iter().enumerate() {
        let Some(ks) = keys.next() else {
            if !payload.is_empty() {
                return Err("rows of a missing stage in model".to_string());
            }
            continue;
        };
        let first = match stages.first() {
            Some(q1) if st == 1 => Some((q1.keys.as_slice(), q1.q.as_slice())),
            _ => None,
        };
        let (width, scale, q) = read_rows(payload, &ks, first)?;
        stages.push(QuantWeights {
            keys: ks,
            q,
            scale,
            width,
            trans: Vec::new(),
        });
    }
    let mut s = Reader::new(sec.trans);
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
    Ok(stages)
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
