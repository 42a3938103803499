//! How sure the tagger is: the marginal probability of each span under the
//! softmax of path scores (forward-backward over the BILOU lattice, the
//! transition factors worked out once per stage in a [`Lattice`]), mapped
//! through a [`Calibration`] curve fitted on held-out folds to the
//! probability that the span is right ([`ScoredSpan::confidence`]).

use super::{L, MAX_CALIB_POINTS};
use crate::extract::ner::codec::Reader;
use crate::extract::ner::viterbi::{allowed, is_open};

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
    pub span: crate::extract::ner::EntitySpan,
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
    spans: &[crate::extract::ner::EntitySpan],
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
