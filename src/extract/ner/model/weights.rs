//! The weights of a stage: [`QuantWeights`] as the file stores them (a row
//! of `L` small integers per feature key, a scale, the transitions) and
//! [`Weights`] ready for scoring; and the [`KeyTable`], one open-addressing
//! table from a hashed feature key to its row in each stage, so scoring a
//! key is one lookup for both stages.

use super::L;
#[cfg(test)]
use crate::extract::ner::codec::put_varint;
use crate::extract::ner::codec::Reader;

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
    pub(super) fn add_row(&self, row: u32, acc: &mut [i32; L]) {
        let base = row as usize * L;
        if let Some(r) = self.w.get(base..base + L) {
            for (a, x) in acc.iter_mut().zip(r) {
                *a += i32::from(*x);
            }
        }
    }

    /// Writes `acc * scale` into `out`.
    #[inline]
    pub(super) fn emit(&self, acc: &[i32; L], out: &mut [f32]) {
        for (o, a) in out.iter_mut().zip(acc) {
            *o = *a as f32 * self.scale;
        }
    }
}

/// Row of a key in each stage (`NO_ROW` when absent).
pub(super) const NO_ROW: u32 = u32::MAX;

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
    pub(super) fn get(&self, key: u32) -> [u32; 2] {
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
