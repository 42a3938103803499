//! The same keys as [`super::token_features`], split by what they depend on.

use super::*;

// ---------------------------------------------------------------------------
// The same keys as `token_features`, split by what they depend on.
//
// Tagging scores a token by summing the weight rows of its keys. Most keys
// depend on one token only: the token itself (its word, shape, affixes,
// clusters, ...) or one neighbour in one position (the word two to the
// left, the clusters of the next word, ...). A document repeats a small set
// of strings, so the tagger sums those rows once per word type and role
// (`model::RoleCache`) and looks up only the keys that join two tokens
// (shape bigrams, cluster bigrams, gazetteer bits) for each token. The
// split below is exact: for a token in a plain position (`is_plain`), the
// keys of `self_keys`, the four `neighbor_keys` and `pair_keys` are the
// keys of `token_features`, as a multiset (a test holds them equal), so the
// sums — integers — are the same.
// ---------------------------------------------------------------------------

/// A neighbour's position relative to the token being scored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// Two tokens to the left.
    M2,
    /// The previous token.
    M1,
    /// The next token.
    P1,
    /// Two tokens to the right.
    P2,
}

impl Role {
    /// The four neighbour roles, in the order of their offsets.
    pub const ALL: [Role; 4] = [Role::M2, Role::M1, Role::P1, Role::P2];

    /// The neighbour's offset from the token.
    pub fn offset(self) -> isize {
        match self {
            Role::M2 => -2,
            Role::M1 => -1,
            Role::P1 => 1,
            Role::P2 => 2,
        }
    }
}

/// Whether token `i` of sentence `si` is in a plain position: not first in
/// its sentence, not in a headline nor a table row. The keys of such a
/// token that depend on itself alone depend on its type alone
/// ([`self_keys`]); other tokens (a few in a hundred) take
/// [`token_features`] whole.
#[inline]
pub(crate) fn is_plain(doc: &DocCtx, si: usize, i: usize, cfg: FeatConfig) -> bool {
    i > 0
        && !doc.headline.get(si).copied().unwrap_or(true)
        && !(cfg.table && doc.table.get(si).copied().unwrap_or(true))
}

/// Appends the keys of a token in a plain position ([`is_plain`]) that
/// depend on its own analysis `t` only (and on the document's aggregated
/// contexts of its lowercased form, a property of the type too).
pub(crate) fn self_keys(doc: &DocCtx, t: &Tok, cfg: FeatConfig, ngran: usize, out: &mut Vec<u32>) {
    push(out, cfg.off, T_BIAS, k1(T_BIAS, 0));
    push(out, cfg.off, T_W, k1(T_W, t.word));
    push(out, cfg.off, T_L, k1(T_L, t.lower));
    push(out, cfg.off, T_SH, k1(T_SH, t.shape));
    push(out, cfg.off, T_SSH, k1(T_SSH, t.sshape));
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
    push(
        out,
        cfg.off,
        T_FLAGS,
        k1(T_FLAGS, u64::from(t.flags & 0xff)),
    );
    push(out, cfg.off, T_POS0, k2(T_POS0, 0, t.sshape));
    if cfg.clusters {
        for g in 0..ngran.min(MAX_GRAN) {
            push(out, cfg.off, T_C0, k2(T_C0, g as u64, u64::from(t.cl[g])));
        }
        if ngran > 0 {
            let g = (ngran / 2).min(MAX_GRAN - 1);
            push(
                out,
                cfg.off,
                T_C_SH,
                k3(T_C_SH, g as u64, u64::from(t.cl[g]), t.sshape),
            );
        }
        push(
            out,
            cfg.off,
            T_CASE,
            k3(
                T_CASE,
                u64::from(t.case),
                u64::from(t.flags & (F_INITCAP | F_ALLCAPS | F_ALLLOWER)),
                0,
            ),
        );
    }
    if cfg.doc && t.flags & F_HASUPPER != 0 {
        let d = u64::from((t.flags >> 8) & 3);
        push(
            out,
            cfg.off,
            T_DOC,
            k3(T_DOC, d, 0, u64::from(t.flags & F_ALLCAPS != 0)),
        );
    }
    if cfg.agg && t.flags & F_HASUPPER != 0 {
        if let Some(keys) = doc.agg.get(&t.lower) {
            out.extend_from_slice(keys);
        }
    }
}

/// Appends the keys that depend on the neighbour `n` in position `role`
/// only.
pub(crate) fn neighbor_keys(
    role: Role,
    n: &Tok,
    cfg: FeatConfig,
    ngran: usize,
    out: &mut Vec<u32>,
) {
    let g = (ngran / 2).min(MAX_GRAN - 1);
    match role {
        Role::M1 | Role::P1 => {
            let (tl, tc) = if role == Role::M1 {
                (T_LM1, T_CM1)
            } else {
                (T_LP1, T_CP1)
            };
            push(out, cfg.off, tl, k1(tl, n.lower));
            if cfg.clusters {
                for gg in 0..ngran.min(MAX_GRAN) {
                    push(out, cfg.off, tc, k2(tc, gg as u64, u64::from(n.cl[gg])));
                }
            }
        }
        Role::M2 | Role::P2 => {
            let (tl, tc) = if role == Role::M2 {
                (T_LM2, T_CM2)
            } else {
                (T_LP2, T_CP2)
            };
            push(out, cfg.off, tl, k1(tl, n.lower));
            if cfg.clusters && ngran > 0 {
                push(out, cfg.off, tc, k2(tc, g as u64, u64::from(n.cl[g])));
            }
        }
    }
}

/// Appends the keys of token `i` of sentence `si` that join it with a
/// neighbour (shape and cluster bigrams, case of the previous token,
/// gazetteer bits of the token and its neighbours): [`left_pair_keys`],
/// [`right_pair_keys`] and [`triple_keys`] (the tagger takes them apart).
#[cfg(test)]
pub(crate) fn pair_keys(
    doc: &DocCtx,
    si: usize,
    i: usize,
    cfg: FeatConfig,
    ngran: usize,
    out: &mut Vec<u32>,
) {
    let ii = i as isize;
    let (t, _) = doc.tok(si, ii);
    left_pair_keys(doc.tok(si, ii - 1).0, t, cfg, ngran, out);
    right_pair_keys(t, doc.tok(si, ii + 1).0, cfg, ngran, out);
    triple_keys(doc, si, i, cfg, out);
}

/// Appends the keys of a token `t` that depend on it and the token `m1`
/// before it only.
pub(crate) fn left_pair_keys(m1: &Tok, t: &Tok, cfg: FeatConfig, ngran: usize, out: &mut Vec<u32>) {
    push(out, cfg.off, T_SHM1, k2(T_SHM1, m1.sshape, t.sshape));
    push(out, cfg.off, T_SH_LM1, k2(T_SH_LM1, t.sshape, m1.lower));
    if cfg.clusters {
        if ngran > 0 && cfg.extra {
            let g = (ngran / 2).min(MAX_GRAN - 1);
            push(
                out,
                cfg.off,
                T_C_BGL,
                k3(T_C_BGL, g as u64, u64::from(m1.cl[g]), u64::from(t.cl[g])),
            );
        }
        push(
            out,
            cfg.off,
            T_CASE_M1,
            k2(T_CASE_M1, u64::from(m1.case), u64::from(t.case)),
        );
    }
}

/// Appends the keys of a token `t` that depend on it and the token `p1`
/// after it only.
pub(crate) fn right_pair_keys(
    t: &Tok,
    p1: &Tok,
    cfg: FeatConfig,
    ngran: usize,
    out: &mut Vec<u32>,
) {
    push(out, cfg.off, T_SHP1, k2(T_SHP1, t.sshape, p1.sshape));
    push(out, cfg.off, T_SH_LP1, k2(T_SH_LP1, t.sshape, p1.lower));
    if cfg.clusters && ngran > 0 && cfg.extra {
        let g = (ngran / 2).min(MAX_GRAN - 1);
        push(
            out,
            cfg.off,
            T_C_BGR,
            k3(T_C_BGR, g as u64, u64::from(t.cl[g]), u64::from(p1.cl[g])),
        );
    }
}

/// Appends the keys of token `i` of sentence `si` that depend on both its
/// neighbours: the shape trigram and the gazetteer bits (which depend on
/// the phrase around the token, not on its type).
pub(crate) fn triple_keys(doc: &DocCtx, si: usize, i: usize, cfg: FeatConfig, out: &mut Vec<u32>) {
    let ii = i as isize;
    let (t, t_gaz) = doc.tok(si, ii);
    let (m1, m1_gaz) = doc.tok(si, ii - 1);
    let (p1, p1_gaz) = doc.tok(si, ii + 1);
    push(
        out,
        cfg.off,
        T_SH3,
        k3(T_SH3, m1.sshape, t.sshape, p1.sshape),
    );
    if cfg.gazetteer {
        gaz_keys(t_gaz, m1_gaz, p1_gaz, cfg, out);
    }
}
