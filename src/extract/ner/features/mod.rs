//! Hashed feature extraction shared by training and tagging.
//!
//! Every feature is a `u32` key obtained by mixing a template id with one or
//! more 64-bit hashes of token properties. No string is allocated per
//! feature: each token is lowercased once into a reusable buffer and its
//! properties are hashed up front.
//!
//! Three parts: [`doc`] analyzes each distinct word of a document once
//! ([`Tok`]) and the document-level cues ([`DocCtx`], the first stage's
//! labels [`Stage1`]); this module turns them into each token's keys, one
//! template at a time ([`token_features`], [`stage2_features`]); [`split`]
//! gives the same keys grouped by what they depend on, so the tagger sums
//! most of them once per word type.

use super::hash::{fin, mix};
use super::lexicon::MAX_GRAN;

const SEED_FEAT: u64 = 0x1319_8a2e_0370_7344;

#[inline]
fn k1(t: u64, a: u64) -> u32 {
    fin(mix(mix(SEED_FEAT, t), a))
}
#[inline]
fn k2(t: u64, a: u64, b: u64) -> u32 {
    fin(mix(mix(mix(SEED_FEAT, t), a), b))
}
#[inline]
fn k3(t: u64, a: u64, b: u64, c: u64) -> u32 {
    fin(mix(mix(mix(mix(SEED_FEAT, t), a), b), c))
}

mod doc;
mod split;

pub(crate) use doc::*;
pub(crate) use split::*;

// Template ids.
const T_BIAS: u64 = 1;
const T_W: u64 = 2;
const T_L: u64 = 3;
const T_LM1: u64 = 4;
const T_LP1: u64 = 5;
const T_LM2: u64 = 6;
const T_LP2: u64 = 7;
// 8, 9: word bigrams (removed: no dev gain, larger model).
const T_SH: u64 = 10;
const T_SSH: u64 = 11;
const T_SHM1: u64 = 12;
const T_SHP1: u64 = 13;
const T_SH3: u64 = 14;
const T_SH_LM1: u64 = 15;
const T_SH_LP1: u64 = 16;
const T_PRE: u64 = 17;
const T_SUF: u64 = 18;
const T_FLAGS: u64 = 19;
const T_POS0: u64 = 20;
const T_HL: u64 = 21;
const T_HL_L: u64 = 22;
const T_C0: u64 = 23;
const T_CM1: u64 = 24;
const T_CP1: u64 = 25;
const T_CM2: u64 = 26;
const T_CP2: u64 = 27;
const T_C_SH: u64 = 28;
const T_GAZ: u64 = 29;
const T_GAZM1: u64 = 30;
const T_GAZP1: u64 = 31;
const T_DOC: u64 = 32;
const T_CASE: u64 = 33;
const T_CASE_M1: u64 = 34;
const T_AGG_L: u64 = 35;
const T_AGG_R: u64 = 36;
const T_HY_A: u64 = 37;
const T_HY_B: u64 = 38;
const T_HY_CL: u64 = 39;
const T_C_BGL: u64 = 46;
const T_C_BGR: u64 = 47;
const T_TABLE: u64 = 48;
const T_TABLE_L: u64 = 49;
const T_S2_MAJ: u64 = 40;
const T_S2_HAS: u64 = 41;
const T_S2_SELF: u64 = 42;
const T_S2_CTX: u64 = 43;
const T_S2_MAJ_F: u64 = 44;
const T_S2_FRAC: u64 = 45;

/// Feature switches (stored in the model so training and tagging agree).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FeatConfig {
    pub clusters: bool,
    pub gazetteer: bool,
    pub doc: bool,
    pub agg: bool,
    pub extra: bool,
    pub table: bool,
    /// Templates switched off (training experiments only; not stored).
    pub off: u64,
}

impl FeatConfig {
    pub fn to_bits(self) -> u32 {
        u32::from(self.clusters)
            | u32::from(self.gazetteer) << 1
            | u32::from(self.doc) << 2
            | u32::from(self.agg) << 3
            | u32::from(self.extra) << 4
            | u32::from(self.table) << 5
    }
    pub fn from_bits(b: u32) -> FeatConfig {
        FeatConfig {
            clusters: b & 1 != 0,
            gazetteer: b & 2 != 0,
            doc: b & 4 != 0,
            agg: b & 8 != 0,
            extra: b & 16 != 0,
            table: b & 32 != 0,
            off: 0,
        }
    }
}

const PAD_L: u64 = 0x5555_0000_1111_2222;
const PAD_R: u64 = 0x7777_3333_9999_aaaa;

#[inline(always)]
fn push(out: &mut Vec<u32>, off: u64, t: u64, key: u32) {
    if off >> (t & 63) & 1 == 0 {
        out.push(key);
    }
}

/// Appends the keys of token `i` of sentence `si` to `out`.
pub(crate) fn token_features(
    doc: &DocCtx,
    si: usize,
    i: usize,
    cfg: FeatConfig,
    ngran: usize,
    stage1: Option<&Stage1>,
    out: &mut Vec<u32>,
) {
    let ii = i as isize;
    let (t, t_gaz) = doc.tok(si, ii);
    let (m1, m1_gaz) = doc.tok(si, ii - 1);
    let (p1, p1_gaz) = doc.tok(si, ii + 1);
    let (m2, _) = doc.tok(si, ii - 2);
    let (p2, _) = doc.tok(si, ii + 2);
    push(out, cfg.off, T_BIAS, k1(T_BIAS, 0));
    push(out, cfg.off, T_W, k1(T_W, t.word));
    push(out, cfg.off, T_L, k1(T_L, t.lower));
    push(out, cfg.off, T_LM1, k1(T_LM1, m1.lower));
    push(out, cfg.off, T_LP1, k1(T_LP1, p1.lower));
    push(out, cfg.off, T_LM2, k1(T_LM2, m2.lower));
    push(out, cfg.off, T_LP2, k1(T_LP2, p2.lower));
    push(out, cfg.off, T_SH, k1(T_SH, t.shape));
    push(out, cfg.off, T_SSH, k1(T_SSH, t.sshape));
    push(out, cfg.off, T_SHM1, k2(T_SHM1, m1.sshape, t.sshape));
    push(out, cfg.off, T_SHP1, k2(T_SHP1, t.sshape, p1.sshape));
    push(
        out,
        cfg.off,
        T_SH3,
        k3(T_SH3, m1.sshape, t.sshape, p1.sshape),
    );
    push(out, cfg.off, T_SH_LM1, k2(T_SH_LM1, t.sshape, m1.lower));
    push(out, cfg.off, T_SH_LP1, k2(T_SH_LP1, t.sshape, p1.lower));
    for k in 0..4 {
        if t.pre[k] != 0 {
            push(out, cfg.off, T_PRE, k2(T_PRE, k as u64, t.pre[k]));
            push(out, cfg.off, T_SUF, k2(T_SUF, k as u64, t.suf[k]));
        }
    }
    if t.hy[0] != 0 {
        push(out, cfg.off, T_HY_A, k1(T_HY_A, t.hy[0]));
        push(out, cfg.off, T_HY_B, k1(T_HY_B, t.hy[1]));
        if cfg.clusters {
            push(
                out,
                cfg.off,
                T_HY_CL,
                k2(T_HY_CL, u64::from(t.hy_cl[0]), u64::from(t.hy_cl[1])),
            );
        }
    }
    let base_flags = u64::from(t.flags & 0xff);
    push(out, cfg.off, T_FLAGS, k1(T_FLAGS, base_flags));
    push(
        out,
        cfg.off,
        T_POS0,
        k2(T_POS0, u64::from(i == 0), t.sshape),
    );
    let hl = doc.headline[si];
    if hl {
        push(out, cfg.off, T_HL, k1(T_HL, t.sshape));
        push(out, cfg.off, T_HL_L, k1(T_HL_L, t.lower));
    }
    if cfg.clusters {
        for g in 0..ngran {
            let gg = g as u64;
            push(out, cfg.off, T_C0, k2(T_C0, gg, u64::from(t.cl[g])));
            push(out, cfg.off, T_CM1, k2(T_CM1, gg, u64::from(m1.cl[g])));
            push(out, cfg.off, T_CP1, k2(T_CP1, gg, u64::from(p1.cl[g])));
        }
        if ngran > 0 {
            let g = ngran / 2;
            push(
                out,
                cfg.off,
                T_CM2,
                k2(T_CM2, g as u64, u64::from(m2.cl[g])),
            );
            push(
                out,
                cfg.off,
                T_CP2,
                k2(T_CP2, g as u64, u64::from(p2.cl[g])),
            );
            push(
                out,
                cfg.off,
                T_C_SH,
                k3(T_C_SH, g as u64, u64::from(t.cl[g]), t.sshape),
            );
            if cfg.extra {
                push(
                    out,
                    cfg.off,
                    T_C_BGL,
                    k3(T_C_BGL, g as u64, u64::from(m1.cl[g]), u64::from(t.cl[g])),
                );
                push(
                    out,
                    cfg.off,
                    T_C_BGR,
                    k3(T_C_BGR, g as u64, u64::from(t.cl[g]), u64::from(p1.cl[g])),
                );
            }
        }
        push(
            out,
            cfg.off,
            T_CASE,
            k3(
                T_CASE,
                u64::from(t.case),
                u64::from(t.flags & (F_INITCAP | F_ALLCAPS | F_ALLLOWER)),
                u64::from(i == 0) | u64::from(hl) << 1,
            ),
        );
        push(
            out,
            cfg.off,
            T_CASE_M1,
            k2(T_CASE_M1, u64::from(m1.case), u64::from(t.case)),
        );
    }
    if cfg.table && doc.table[si] {
        push(out, cfg.off, T_TABLE, k1(T_TABLE, t.sshape));
        push(out, cfg.off, T_TABLE_L, k1(T_TABLE_L, t.lower));
    }
    if cfg.gazetteer {
        gaz_keys(t_gaz, m1_gaz, p1_gaz, cfg, out);
    }
    if cfg.doc && t.flags & F_HASUPPER != 0 {
        let d = u64::from((t.flags >> 8) & 3);
        push(
            out,
            cfg.off,
            T_DOC,
            k3(
                T_DOC,
                d,
                u64::from(i == 0) | u64::from(hl) << 1,
                u64::from(t.flags & F_ALLCAPS != 0),
            ),
        );
    }
    if cfg.agg && t.flags & F_HASUPPER != 0 {
        if let Some(keys) = doc.agg.get(&t.lower) {
            out.extend_from_slice(keys);
        }
    }
    if let Some(s1) = stage1 {
        stage2_features(doc, si, i, s1, out);
    }
}

/// Appends the second-stage (first-stage label) keys of token `i` of
/// sentence `si` to `out`.
pub(crate) fn stage2_features(doc: &DocCtx, si: usize, i: usize, s1: &Stage1, out: &mut Vec<u32>) {
    let (t, _) = doc.tok(si, i as isize);
    let hl = doc.headline[si];
    {
        let Some(ls) = s1.labels.get(si) else { return };
        let own = u64::from(ls.get(i).copied().unwrap_or(0));
        let prev = if i > 0 { u64::from(ls[i - 1]) } else { 99 };
        let next = u64::from(ls.get(i + 1).copied().unwrap_or(99));
        out.push(k1(T_S2_SELF, own));
        out.push(k3(T_S2_CTX, prev, own, next));
        if t.flags & F_HASUPPER != 0 {
            if let Some(c) = s1.counts.get(&t.lower) {
                let mut c = *c;
                let ty = label_type(own as u8);
                c[ty] = c[ty].saturating_sub(1);
                let total: u32 = c.iter().map(|&x| u32::from(x)).sum();
                if total > 0 {
                    let mut best = 0;
                    for k in 1..5 {
                        if c[k] > c[best] {
                            best = k;
                        }
                    }
                    out.push(k1(T_S2_MAJ, best as u64));
                    out.push(k3(
                        T_S2_MAJ_F,
                        best as u64,
                        u64::from(t.flags & (F_ALLCAPS | F_INITCAP)),
                        u64::from(i == 0) | u64::from(hl) << 1,
                    ));
                    for (k, &x) in c.iter().enumerate().take(4) {
                        if x > 0 {
                            out.push(k1(T_S2_HAS, k as u64));
                            let frac = (u32::from(x) * 4).checked_div(total).unwrap_or(0).min(3);
                            out.push(k2(T_S2_FRAC, k as u64, u64::from(frac)));
                        }
                    }
                }
            }
        }
    }
}

/// The gazetteer keys of a token with gazetteer bits `t_gaz` between
/// neighbours with bits `m1_gaz` and `p1_gaz`.
fn gaz_keys(t_gaz: u16, m1_gaz: u16, p1_gaz: u16, cfg: FeatConfig, out: &mut Vec<u32>) {
    let mut g = t_gaz;
    while g != 0 {
        let b = g.trailing_zeros();
        push(out, cfg.off, T_GAZ, k1(T_GAZ, u64::from(b)));
        g &= g - 1;
    }
    let types = |x: u16| -> u64 {
        let mut m = 0u64;
        for ty in 0..4 {
            if x >> (ty * 3) & 7 != 0 {
                m |= 1 << ty;
            }
        }
        m
    };
    if m1_gaz != 0 {
        push(out, cfg.off, T_GAZM1, k1(T_GAZM1, types(m1_gaz)));
    }
    if p1_gaz != 0 {
        push(out, cfg.off, T_GAZP1, k1(T_GAZP1, types(p1_gaz)));
    }
}
