//! The model's numbers: the feature keys of both stages and their weight
//! rows, range-coded.
//!
//! Hashed keys are random 32-bit numbers, so the keys section stores the
//! union of both stages' keys once, as Rice-coded gaps, with which stages
//! hold each key. A row stores which labels have a non-zero weight, their
//! signs and magnitudes, each bit in a context ([`RowContexts`]) that knows
//! the same key's row in stage one: stage two mostly repeats stage one's
//! labels and signs, and a row's last weight is coded as the row's sum,
//! nearly always about zero. Every count read is bounded before it is used.

use super::{SectionsV4, CHUNK, L, MAX_KEYS};
use crate::extract::ner::codec::Reader;
use crate::extract::ner::entropy::{self, Decoder, Encoder, Prob, GOLOMB_CONTEXTS};
use crate::extract::ner::model::QuantWeights;

/// The union of the stages' keys, increasing, with a bit set per stage
/// holding each.
pub(super) fn union_keys(stages: &[QuantWeights]) -> (Vec<u32>, Vec<u8>) {
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
pub(super) fn rice_parameter(keys: &[u32]) -> u32 {
    let (Some(&first), Some(&last)) = (keys.first(), keys.last()) else {
        return 0;
    };
    let mean = u64::from(last - first) / keys.len().max(1) as u64;
    (63 - mean.max(1).leading_zeros()).saturating_sub(1).min(31)
}

/// A stage's row indices in increasing key order.
pub(super) fn sorted_rows(q: &QuantWeights) -> Vec<usize> {
    let mut order: Vec<usize> = (0..q.keys.len()).collect();
    order.sort_by_key(|&i| q.keys[i]);
    order
}

/// The row of `key` in stage `q` (rows in `order`, increasing keys), found
/// by a cursor that only moves forward (the keys asked for increase).
pub(super) fn find_row<'a>(
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
pub(super) struct RowContexts {
    mask: [Prob; L * 4 * 4],
    sign: [Prob; L * 4],
    /// One golomb table a label and bucket (`l * 4 + bucket`).
    mag: Vec<[Prob; GOLOMB_CONTEXTS]>,
    resid: [Prob; GOLOMB_CONTEXTS],
}

impl RowContexts {
    pub(super) fn new() -> Self {
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
    pub(super) fn encode(&mut self, e: &mut Encoder, vals: &[i16], other: Option<&[i16]>) {
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
pub(super) fn read_stages(sec: &SectionsV4<'_>) -> Result<Vec<QuantWeights>, String> {
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
