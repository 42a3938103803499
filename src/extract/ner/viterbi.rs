//! Stage 3 of tagging: the best label sequence of a sentence.
//!
//! Given the emission scores of every token and label (`scores[i * L + l]`,
//! from the weights) and the label transitions, [`Decoder`] finds the
//! highest-scoring BILOU sequence: first-order Viterbi over only the label
//! pairs [`allowed`] lets follow each other (an open entity must go on
//! with I or L of its type; a closed one may not). The inner loop is laid
//! out four labels at a time ([`WideStep`]) so that it vectorizes with
//! WebAssembly SIMD; [`viterbi`] is the one-call form the tests compare
//! with a plain reference.

use super::NUM_LABELS;

const L: usize = NUM_LABELS;

/// Whether an entity is open after label `l` (B or I), so that the next
/// label must continue it.
#[inline]
pub(crate) fn is_open(l: usize) -> bool {
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

/// First-order Viterbi over `n` tokens with emission `scores[i * L + l]`,
/// respecting the BILOU constraints.
#[cfg_attr(not(feature = "train"), allow(dead_code))]
pub(crate) fn viterbi(scores: &[f32], n: usize, trans: &[f32], out: &mut Vec<u8>) {
    Decoder::default().decode(scores, n, trans, out);
}

/// A Viterbi decoder whose buffers are reused from one lattice to the next.
///
/// Each step takes, for every label, the best previous label. The BILOU
/// constraints split the labels in two: after a closed label (O, L-, U-)
/// come O, B- and U- ([`WIDE`]); after an open one (B-, I-) only I- or L-
/// of its type. So a step is, for each of the nine labels of [`WIDE`], a
/// pass over the nine closed labels ([`CLOSED`]), and for each of the eight
/// others a pass over its two open predecessors: fixed-size loops over
/// contiguous transitions, where a list of allowed predecessors per label
/// costs an indirect load for each pair. Each pass takes the predecessors
/// in increasing order with ties to the first, as a pass over the allowed
/// predecessors in order does: the same additions, the same labels (a test
/// holds the two equal).
#[derive(Default)]
pub(crate) struct Decoder {
    /// The best previous label of each label at each token.
    back: Vec<u8>,
}

/// Entity types of the BILOU labels.
const NT: usize = (L - 1) / 4;
/// Closed labels (after which no entity is open): O, then L- and U- of
/// each type, in increasing order.
const CLOSED: [usize; 1 + 2 * NT] = closed_labels();
/// Labels that may follow a closed label: O, then B- and U- of each type.
const WIDE: [usize; 1 + 2 * NT] = wide_labels();

/// Chunks of four lanes holding the wide labels.
const WIDE_CHUNKS: usize = WIDE.len().div_ceil(4);

/// Transitions from each closed label to the wide labels, four lanes at a
/// time ([`WIDE_CHUNKS`] chunks).
type Wide4 = [[[f32; 4]; WIDE_CHUNKS]; 1 + 2 * NT];

/// The wide labels' step of the decoder: for each wide label, the best
/// closed predecessor (the first of the best) and its score.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
struct WideStep<'a>(&'a Wide4);

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
impl<'a> WideStep<'a> {
    fn new(tw4: &'a Wide4) -> Self {
        WideStep(tw4)
    }

    #[inline]
    fn step(&self, prev: &[f32; L]) -> ([[f32; 4]; WIDE_CHUNKS], [[u32; 4]; WIDE_CHUNKS]) {
        let mut best = [[f32::NEG_INFINITY; 4]; WIDE_CHUNKS];
        let mut arg = [[0u32; 4]; WIDE_CHUNKS];
        for (k, &p) in CLOSED.iter().enumerate() {
            let pv = prev[p];
            for ((b, a), t) in best.iter_mut().zip(arg.iter_mut()).zip(&self.0[k]) {
                max4(b, a, pv, t, p as u32);
            }
        }
        (best, arg)
    }
}

/// The same step in WebAssembly SIMD: `f32x4` add and compare and two
/// bit selects a predecessor and chunk (LLVM leaves the portable form
/// scalar there). The same operations lane by lane as [`max4`].
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
struct WideStep {
    tw: [[core::arch::wasm32::v128; WIDE_CHUNKS]; 1 + 2 * NT],
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
impl WideStep {
    fn new(tw4: &Wide4) -> Self {
        use core::arch::wasm32::f32x4;
        WideStep {
            tw: tw4.map(|chunks| chunks.map(|t| f32x4(t[0], t[1], t[2], t[3]))),
        }
    }

    #[inline]
    fn step(&self, prev: &[f32; L]) -> ([[f32; 4]; WIDE_CHUNKS], [[u32; 4]; WIDE_CHUNKS]) {
        use core::arch::wasm32::*;
        let mut best = [f32x4_splat(f32::NEG_INFINITY); WIDE_CHUNKS];
        let mut arg = [u32x4_splat(0); WIDE_CHUNKS];
        for (k, &p) in CLOSED.iter().enumerate() {
            let pv = f32x4_splat(prev[p]);
            let pa = u32x4_splat(p as u32);
            for j in 0..WIDE_CHUNKS {
                let v = f32x4_add(pv, self.tw[k][j]);
                let better = f32x4_gt(v, best[j]);
                best[j] = v128_bitselect(v, best[j], better);
                arg[j] = v128_bitselect(pa, arg[j], better);
            }
        }
        let f = |v: v128| {
            [
                f32x4_extract_lane::<0>(v),
                f32x4_extract_lane::<1>(v),
                f32x4_extract_lane::<2>(v),
                f32x4_extract_lane::<3>(v),
            ]
        };
        let u = |v: v128| {
            [
                u32x4_extract_lane::<0>(v),
                u32x4_extract_lane::<1>(v),
                u32x4_extract_lane::<2>(v),
                u32x4_extract_lane::<3>(v),
            ]
        };
        (best.map(f), arg.map(u))
    }
}

/// One predecessor `p` (score `pv`, transitions `t` to four labels) against
/// the best so far of those four labels: strictly better wins, so ties keep
/// the earlier predecessor. Four independent lanes, no branch: a SIMD
/// add, compare and two selects.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn max4(best: &mut [f32; 4], arg: &mut [u32; 4], pv: f32, t: &[f32; 4], p: u32) {
    for j in 0..4 {
        let v = pv + t[j];
        let better = v > best[j];
        best[j] = if better { v } else { best[j] };
        arg[j] = if better { p } else { arg[j] };
    }
}

const fn closed_labels() -> [usize; 1 + 2 * NT] {
    let mut out = [0usize; 1 + 2 * NT];
    let mut t = 0;
    while t < NT {
        out[1 + 2 * t] = 3 + 4 * t;
        out[2 + 2 * t] = 4 + 4 * t;
        t += 1;
    }
    out
}

const fn wide_labels() -> [usize; 1 + 2 * NT] {
    let mut out = [0usize; 1 + 2 * NT];
    let mut t = 0;
    while t < NT {
        out[1 + 2 * t] = 1 + 4 * t;
        out[2 + 2 * t] = 4 + 4 * t;
        t += 1;
    }
    out
}

impl Decoder {
    /// Decodes `n` tokens of emission scores `scores[i * L + l]` under the
    /// transitions `trans` into `out`.
    pub(crate) fn decode(&mut self, scores: &[f32], n: usize, trans: &[f32], out: &mut Vec<u8>) {
        out.clear();
        if n == 0 || scores.len() < n * L || trans.len() < (L + 1) * L {
            out.resize(n, 0);
            return;
        }
        // tn[t]: B->I, I->I, B->L, I->L of type t
        // tw4[k]: from CLOSED[k] to the wide labels, in chunks of four
        // (the padding lanes minus infinity: never better, never read)
        let mut tw4: Wide4 = [[[f32::NEG_INFINITY; 4]; WIDE_CHUNKS]; 1 + 2 * NT];
        for (k, chunks) in tw4.iter_mut().enumerate() {
            for (w, &c) in WIDE.iter().enumerate() {
                chunks[w / 4][w % 4] = trans[CLOSED[k] * L + c];
            }
        }
        let wide = WideStep::new(&tw4);
        let mut tn = [[0f32; 4]; NT];
        for (t, x) in tn.iter_mut().enumerate() {
            let (b, i, l) = (1 + 4 * t, 2 + 4 * t, 3 + 4 * t);
            *x = [
                trans[b * L + i],
                trans[i * L + i],
                trans[b * L + l],
                trans[i * L + l],
            ];
        }
        let mut prev = [f32::NEG_INFINITY; L];
        for (c, d) in prev.iter_mut().enumerate() {
            if allowed(L, c) {
                *d = trans[L * L + c] + scores[c];
            }
        }
        self.back.clear();
        self.back.resize(n * L, 0);
        for (row, back) in scores
            .chunks_exact(L)
            .zip(self.back.chunks_exact_mut(L))
            .take(n)
            .skip(1)
        {
            let row: &[f32; L] = row.try_into().unwrap_or(&[0.0; L]);
            let back: &mut [u8; L] = match back.try_into() {
                Ok(b) => b,
                Err(_) => break,
            };
            let mut cur = [f32::NEG_INFINITY; L];
            // the wide labels four at a time (one SIMD vector each)
            let (best, arg) = wide.step(&prev);
            for (w, &c) in WIDE.iter().enumerate() {
                let (b, a) = (best[w / 4][w % 4], arg[w / 4][w % 4]);
                cur[c] = b + row[c];
                back[c] = a as u8;
            }
            for (t, x) in tn.iter().enumerate() {
                let (b, i, l) = (1 + 4 * t, 2 + 4 * t, 3 + 4 * t);
                for (c, tb, ti) in [(i, x[0], x[1]), (l, x[2], x[3])] {
                    let (mut best, mut arg) = (f32::NEG_INFINITY, 0usize);
                    let v = prev[b] + tb;
                    if v > best {
                        best = v;
                        arg = b;
                    }
                    let v = prev[i] + ti;
                    if v > best {
                        best = v;
                        arg = i;
                    }
                    cur[c] = best + row[c];
                    back[c] = arg as u8;
                }
            }
            prev = cur;
        }
        let mut best = 0usize;
        for c in 1..L {
            if !is_open(c) && prev[c] > prev[best] {
                best = c;
            }
        }
        out.resize(n, 0);
        let mut cur = best;
        for i in (0..n).rev() {
            out[i] = cur as u8;
            cur = self.back.get(i * L + cur).map_or(0, |&b| b as usize);
        }
    }
}
