//! Hashed feature extraction shared by training and tagging.
//!
//! Every feature is a `u32` key obtained by mixing a template id with one or
//! more 64-bit hashes of token properties. No string is allocated per
//! feature: each token is lowercased once into a reusable buffer and its
//! properties are hashed up front.

use super::hash::{fin, hash_bytes, mix, word_hash, PreMap, SEED_WORD};
use super::lexicon::{Lexicon, MAX_GRAN, NO_CLUSTER};
use super::Words;
use std::borrow::Cow;

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

// Token flags.
pub(crate) const F_INITCAP: u16 = 1;
pub(crate) const F_ALLCAPS: u16 = 2;
pub(crate) const F_HASDIGIT: u16 = 4;
pub(crate) const F_ALLLOWER: u16 = 8;
pub(crate) const F_HASHYPHEN: u16 = 16;
pub(crate) const F_HASDOT: u16 = 32;
pub(crate) const F_NOALNUM: u16 = 64;
pub(crate) const F_HASUPPER: u16 = 128;
/// The lowercased form occurs as an all-lowercase token elsewhere in the document.
pub(crate) const F_DOC_LC: u16 = 256;
/// The form occurs title-cased in a mixed-case sentence elsewhere in the document.
pub(crate) const F_DOC_TC: u16 = 512;

/// Precomputed properties of one token.
#[derive(Clone, Debug)]
pub(crate) struct Tok {
    pub lower: u64,
    pub word: u64,
    pub shape: u64,
    pub sshape: u64,
    pub pre: [u64; 4],
    pub suf: [u64; 4],
    pub cl: [u16; MAX_GRAN],
    pub flags: u16,
    /// Capitalization bin from unlabeled text.
    pub case: u8,
    /// For hyphenated words: hashes of the lowercased first and last parts
    /// (0 otherwise) and their middle-granularity clusters.
    pub hy: [u64; 2],
    pub hy_cl: [u16; 2],
}

/// One token of a document as the features read it: its word type (an
/// index into [`DocCtx::types`], the analysis of its string) and what
/// depends on its neighbours, its gazetteer bits (type * 3 + {0: single,
/// 1: begin, 2: inside}). Eight bytes a token, where a [`Tok`] is over a
/// hundred: a document's tokens repeat a much smaller set of strings (a
/// megabyte of commas is a million tokens of one type).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Occ {
    /// Index of the token's type in [`DocCtx::types`].
    pub ty: u32,
    /// Gazetteer bits.
    pub gaz: u16,
}

impl Tok {
    const fn pad(v: u64) -> Tok {
        Tok {
            lower: v,
            word: v,
            shape: v,
            sshape: v,
            pre: [v; 4],
            suf: [v; 4],
            cl: [NO_CLUSTER - 1; MAX_GRAN],
            flags: 0,
            case: 0,
            hy: [0; 2],
            hy_cl: [NO_CLUSTER; 2],
        }
    }
}

static PAD_TOK_L: Tok = Tok::pad(PAD_L);
static PAD_TOK_R: Tok = Tok::pad(PAD_R);

/// The padding token of the left side (`left`) or of the right side: what
/// a token's neighbours are beyond the ends of its sentence.
pub(crate) fn pad_tok(left: bool) -> &'static Tok {
    if left {
        &PAD_TOK_L
    } else {
        &PAD_TOK_R
    }
}

fn shape_class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_ascii_digit() {
        'd'
    } else if c.is_alphabetic() {
        'a'
    } else if c.is_numeric() {
        'd'
    } else {
        c
    }
}

/// Reusable buffers for token analysis.
#[derive(Default)]
pub(crate) struct Scratch {
    lower: String,
    shape: String,
    sshape: String,
    starts: Vec<usize>,
}

/// Lowercases `s` into `out`.
pub(crate) fn lowercase_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
    } else {
        for c in s.chars() {
            out.extend(c.to_lowercase());
        }
    }
}

/// Analyzes one token.
pub(crate) fn analyze(s: &str, lex: &Lexicon, sc: &mut Scratch) -> Tok {
    lowercase_into(s, &mut sc.lower);
    sc.shape.clear();
    sc.sshape.clear();
    let mut flags = 0u16;
    let (mut n_up, mut n_low, mut n_dig, mut n_alnum) = (0usize, 0usize, 0usize, 0usize);
    let mut last = '\0';
    let mut run = 0usize;
    for (i, c) in s.chars().enumerate() {
        let k = shape_class(c);
        if c.is_uppercase() {
            n_up += 1;
            if i == 0 {
                flags |= F_INITCAP;
            }
        } else if c.is_lowercase() {
            n_low += 1;
        }
        if c.is_numeric() {
            n_dig += 1;
        }
        if c.is_alphanumeric() {
            n_alnum += 1;
        }
        if c == '-' {
            flags |= F_HASHYPHEN;
        }
        if c == '.' {
            flags |= F_HASDOT;
        }
        if k == last {
            run += 1;
        } else {
            run = 1;
            sc.sshape.push(k);
        }
        if run <= 2 {
            sc.shape.push(k);
        }
        last = k;
    }
    if n_up > 0 {
        flags |= F_HASUPPER;
        if n_low == 0 {
            flags |= F_ALLCAPS;
        }
    } else if n_low > 0 {
        flags |= F_ALLLOWER;
    }
    if n_dig > 0 {
        flags |= F_HASDIGIT;
    }
    if n_alnum == 0 {
        flags |= F_NOALNUM;
    }
    let lower = word_hash(&sc.lower);
    // Prefixes and suffixes of 1..=4 characters of the lowercased form.
    sc.starts.clear();
    sc.starts.extend(sc.lower.char_indices().map(|(i, _)| i));
    let n = sc.starts.len();
    let lb = sc.lower.as_bytes();
    let mut pre = [0u64; 4];
    let mut suf = [0u64; 4];
    for k in 1..=4usize {
        if n > k {
            let end = sc.starts[k];
            pre[k - 1] = hash_bytes(SEED_WORD ^ (k as u64), &lb[..end]);
            let st = sc.starts[n - k];
            suf[k - 1] = hash_bytes(SEED_WORD ^ (16 + k as u64), &lb[st..]);
        }
    }
    let (cl, case) = lex.clusters_of(lower);
    let mut hy = [0u64; 2];
    let mut hy_cl = [NO_CLUSTER; 2];
    if flags & F_HASHYPHEN != 0 {
        let first = sc.lower.split('-').find(|p| !p.is_empty());
        let last = sc.lower.rsplit('-').find(|p| !p.is_empty());
        if let (Some(a), Some(b)) = (first, last) {
            if a.len() + b.len() < sc.lower.len() {
                let g = lex.ngran / 2;
                for (k, part) in [a, b].into_iter().enumerate() {
                    let h = word_hash(part);
                    hy[k] = h;
                    hy_cl[k] = lex.clusters_of(h).0[g.min(MAX_GRAN - 1)];
                }
            }
        }
    }
    Tok {
        lower,
        word: hash_bytes(SEED_WORD ^ 99, s.as_bytes()),
        shape: hash_bytes(SEED_WORD ^ 7, sc.shape.as_bytes()),
        sshape: hash_bytes(SEED_WORD ^ 8, sc.sshape.as_bytes()),
        pre,
        suf,
        cl,
        flags,
        case,
        hy,
        hy_cl,
    }
}

/// Marks gazetteer matches (longest match first, left to right; all
/// types of the matched phrase are marked).
fn mark_gazetteer(lex: &Lexicon, types: &[Tok], toks: &mut [Occ]) {
    let lower = |o: &Occ| types.get(o.ty as usize).map_or(0, |t| t.lower);
    let mut i = 0;
    while i < toks.len() {
        let Some((found, mask)) = lex.longest_phrase(toks[i..].iter().map(lower)) else {
            i += 1;
            continue;
        };
        for ty in 0..4u16 {
            if mask & (1 << ty) == 0 {
                continue;
            }
            for (j, t) in toks[i..i + found].iter_mut().enumerate() {
                let pos = if found == 1 {
                    0
                } else if j == 0 {
                    1
                } else {
                    2
                };
                t.gaz |= 1 << (ty * 3 + pos);
            }
        }
        i += found;
    }
}

/// A document prepared for feature extraction.
pub(crate) struct DocCtx {
    /// The analysis of each distinct token string, once (its flags include
    /// the document-level case cues, which depend on the string only).
    pub types: Vec<Tok>,
    /// The tokens of each sentence.
    pub sents: Vec<Vec<Occ>>,
    /// Whether each sentence is an all-caps headline.
    pub headline: Vec<bool>,
    /// Whether each sentence looks like a table row (many numbers).
    pub table: Vec<bool>,
    /// Aggregated context keys of repeated capitalized words.
    pub agg: PreMap<u64, Vec<u32>>,
}

/// Occurrences of a word used for context aggregation.
const AGG_MAX_OCC: usize = 8;

impl DocCtx {
    /// Analyzes every distinct word of a document once and computes
    /// document-level cues. Each word is read once, in order; only the
    /// strings of the distinct words are kept while it runs (borrowed from
    /// the document when the document has them as they are).
    pub fn build<D: Words + ?Sized>(sentences: &D, lex: &Lexicon) -> DocCtx {
        let mut sc = Scratch::default();
        let mut types: Vec<Tok> = Vec::new();
        // the string of each type, and types by the hash of their string (a
        // hash met with another string makes a type of its own)
        let mut strs: Vec<Cow<'_, str>> = Vec::new();
        let mut ids: PreMap<u64, u32> = PreMap::default();
        let n = sentences.sentence_count();
        let mut sents: Vec<Vec<Occ>> = Vec::with_capacity(n);
        let mut headline = Vec::with_capacity(n);
        let mut table = Vec::with_capacity(n);
        for si in 0..n {
            let len = sentences.sentence_len(si);
            let mut toks: Vec<Occ> = Vec::with_capacity(len);
            for i in 0..len {
                let w = sentences.word(si, i);
                let key = hash_bytes(SEED_WORD ^ 99, w.as_bytes());
                let known = ids
                    .get(&key)
                    .copied()
                    .filter(|&id| strs.get(id as usize).map(|s| s.as_ref()) == Some(w.as_ref()));
                let ty = match known {
                    Some(id) => id,
                    None => {
                        let id = u32::try_from(types.len()).unwrap_or(u32::MAX);
                        types.push(analyze(&w, lex, &mut sc));
                        strs.push(w);
                        ids.entry(key).or_insert(id);
                        id
                    }
                };
                toks.push(Occ { ty, gaz: 0 });
            }
            let (mut caps, mut alpha, mut nums) = (0usize, 0usize, 0usize);
            for o in &toks {
                let f = types.get(o.ty as usize).map_or(0, |t| t.flags);
                if f & (F_HASUPPER | F_ALLLOWER) != 0 && f & F_HASDIGIT == 0 {
                    alpha += 1;
                    if f & F_ALLCAPS != 0 {
                        caps += 1;
                    }
                }
                if f & F_HASDIGIT != 0 {
                    nums += 1;
                }
            }
            headline.push(alpha >= 2 && caps * 10 >= alpha * 7);
            table.push(nums >= 2 && nums * 10 >= toks.len() * 3);
            mark_gazetteer(lex, &types, &mut toks);
            sents.push(toks);
        }
        drop((strs, ids));
        // the types grew by doubling; what is spare goes back before the
        // tagger's caches are made
        types.shrink_to_fit();
        // Document-level case cues (a property of the lowercased form).
        let mut lc: PreMap<u64, ()> = PreMap::default();
        let mut tc: PreMap<u64, ()> = PreMap::default();
        for (si, s) in sents.iter().enumerate() {
            for (i, o) in s.iter().enumerate() {
                let Some(t) = types.get(o.ty as usize) else {
                    continue;
                };
                if t.flags & F_ALLLOWER != 0 && i > 0 {
                    lc.insert(t.lower, ());
                }
                if !headline[si] && t.flags & F_INITCAP != 0 && t.flags & F_ALLCAPS == 0 {
                    tc.insert(t.lower, ());
                }
            }
        }
        for t in types.iter_mut() {
            if t.flags & F_HASUPPER != 0 {
                if lc.contains_key(&t.lower) {
                    t.flags |= F_DOC_LC;
                }
                if tc.contains_key(&t.lower) {
                    t.flags |= F_DOC_TC;
                }
            }
        }
        // Context aggregation: the neighbouring words of every occurrence of
        // a capitalized word that occurs more than once in the document.
        let lower = |o: &Occ| types.get(o.ty as usize).map_or(0, |t| t.lower);
        let mut occ: PreMap<u64, Vec<(usize, usize)>> = PreMap::default();
        for (si, s) in sents.iter().enumerate() {
            for (i, o) in s.iter().enumerate() {
                let Some(t) = types.get(o.ty as usize) else {
                    continue;
                };
                if t.flags & F_HASUPPER != 0 {
                    let v = occ.entry(t.lower).or_default();
                    if v.len() < AGG_MAX_OCC {
                        v.push((si, i));
                    }
                }
            }
        }
        let mut agg: PreMap<u64, Vec<u32>> = PreMap::default();
        for (w, v) in occ {
            if v.len() < 2 {
                continue;
            }
            let mut keys = Vec::with_capacity(v.len() * 2);
            for (si, i) in v {
                let s = &sents[si];
                let l = if i > 0 { lower(&s[i - 1]) } else { PAD_L };
                let r = s.get(i + 1).map(lower).unwrap_or(PAD_R);
                keys.push(k1(T_AGG_L, l));
                keys.push(k1(T_AGG_R, r));
            }
            keys.sort_unstable();
            keys.dedup();
            agg.insert(w, keys);
        }
        DocCtx {
            types,
            sents,
            headline,
            table,
            agg,
        }
    }

    /// The type of token `i` of sentence `si` (an index into
    /// [`DocCtx::types`]), or `None` out of range (the padding tokens).
    #[inline]
    pub fn ty(&self, si: usize, i: isize) -> Option<u32> {
        if i < 0 {
            return None;
        }
        self.sents
            .get(si)
            .and_then(|s| s.get(i as usize))
            .map(|o| o.ty)
    }

    /// The analysis of token `i` of sentence `si` and its gazetteer bits
    /// (the padding token of its side, and 0, out of range).
    #[inline]
    pub fn tok(&self, si: usize, i: isize) -> (&Tok, u16) {
        if i < 0 {
            return (&PAD_TOK_L, 0);
        }
        match self.sents.get(si).and_then(|s| s.get(i as usize)) {
            Some(o) => (self.types.get(o.ty as usize).unwrap_or(&PAD_TOK_R), o.gaz),
            None => (&PAD_TOK_R, 0),
        }
    }
}

/// First-stage labels of a document, with per-word label counts.
pub(crate) struct Stage1 {
    pub labels: Vec<Vec<u8>>,
    counts: PreMap<u64, [u16; 5]>,
}

/// Entity type index of a BILOU label (0..4), or 4 for O.
#[inline]
pub(crate) fn label_type(l: u8) -> usize {
    if l == 0 {
        4
    } else {
        (((l - 1) / 4) as usize).min(4)
    }
}

impl Stage1 {
    /// Aggregates first-stage labels over the document.
    pub fn new(doc: &DocCtx, labels: Vec<Vec<u8>>) -> Stage1 {
        let mut counts: PreMap<u64, [u16; 5]> = PreMap::default();
        for (s, ls) in doc.sents.iter().zip(labels.iter()) {
            for (o, &l) in s.iter().zip(ls.iter()) {
                let Some(t) = doc.types.get(o.ty as usize) else {
                    continue;
                };
                if t.flags & F_HASUPPER != 0 {
                    let e = counts.entry(t.lower).or_insert([0; 5]);
                    let ty = label_type(l);
                    e[ty] = e[ty].saturating_add(1);
                }
            }
        }
        Stage1 { labels, counts }
    }
}

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
