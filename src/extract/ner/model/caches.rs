//! The caches that make scoring a document cheap: the sums of the weight
//! rows of keys that depend on one token ([`RoleCache`], per word type and
//! role) and on two neighbouring tokens ([`PairCache`], per bigram of
//! types). News repeats its words and bigrams, so most tokens are scored
//! from a few cached sums instead of a lookup per key; both caches are
//! bounded, whatever the text.

use super::{NerModel, L};
use crate::extract::ner::features::{
    left_pair_keys, neighbor_keys, pad_tok, right_pair_keys, self_keys, DocCtx, Role,
};

/// The sums of the keys that join two neighbouring tokens, by the pair of
/// their types (a bigram): for the second, its keys with the first on its
/// left ([`left_pair_keys`]); for the first, its keys with the second on its
/// right ([`right_pair_keys`]). A direct-mapped cache of a fixed number of
/// slots (at most 4,096, 144 bytes each; fewer for short documents): a
/// bigram seen again while its slot holds it costs no lookup, one met once
/// costs what looking its keys up costs anyway. News repeats its bigrams
/// (`of the`, `, and`, `said the`); each bigram serves two tokens in a row.
pub(super) struct PairCache {
    /// `slots.len() - 1` (a power of two less one).
    mask: usize,
    slots: Vec<PairSlot>,
}

/// One slot of a [`PairCache`] (`a == b == NO_SLOT`: empty).
#[derive(Clone, Copy)]
pub(super) struct PairSlot {
    a: u32,
    b: u32,
    pub(super) left: [i32; L],
    pub(super) right: [i32; L],
}

const EMPTY_PAIR: PairSlot = PairSlot {
    a: NO_SLOT,
    b: NO_SLOT,
    left: [0; L],
    right: [0; L],
};

impl PairCache {
    /// A cache for a document of `tokens` tokens.
    pub(super) fn new(tokens: usize) -> PairCache {
        let n = (tokens / 16).next_power_of_two().clamp(64, 4096);
        PairCache {
            mask: n - 1,
            slots: vec![EMPTY_PAIR; n],
        }
    }

    /// Empties every slot (before the next stage).
    pub(super) fn clear(&mut self) {
        self.slots.fill(EMPTY_PAIR);
    }

    /// The sums of stage `stage` of the bigram of types `a`, `b` (`None`
    /// for a type out of range).
    pub(super) fn get(
        &mut self,
        model: &NerModel,
        doc: &DocCtx,
        stage: usize,
        a: u32,
        b: u32,
        buf: &mut Vec<u32>,
    ) -> Option<&PairSlot> {
        let h = (u64::from(a) << 32 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let slot = self.slots.get_mut((h >> 40) as usize & self.mask)?;
        if slot.a != a || slot.b != b {
            let (ta, tb) = (doc.types.get(a as usize)?, doc.types.get(b as usize)?);
            let (cfg, ng) = (model.cfg, model.lex.ngran);
            let mut left = [0i32; L];
            buf.clear();
            left_pair_keys(ta, tb, cfg, ng, buf);
            model.add_keys(stage, buf, &mut left);
            let mut right = [0i32; L];
            buf.clear();
            right_pair_keys(ta, tb, cfg, ng, buf);
            model.add_keys(stage, buf, &mut right);
            *slot = PairSlot { a, b, left, right };
        }
        Some(slot)
    }
}

/// Adds `v` into `acc`.
#[inline]
pub(super) fn add_sum(acc: &mut [i32; L], v: &[i32; L]) {
    for (a, x) in acc.iter_mut().zip(v) {
        *a += *x;
    }
}

/// Sums per role per cached type.
const ROLES: usize = 5;
/// A type without cached sums.
const NO_SLOT: u32 = u32::MAX;

/// The sums of the weight rows of the keys that depend on one token only,
/// for one stage: for each cached word type, its own keys in a plain
/// position ([`self_keys`]) and its keys as each of the four neighbours
/// ([`neighbor_keys`]); and the padding tokens' keys as neighbours.
///
/// Only types that occur at least twice are cached (a sum used once saves
/// nothing), the most frequent first, at most [`RoleCache::cap`] of them:
/// 340 bytes a type, at most about 11 bytes a token of the document,
/// whatever it holds. News repeats its words (the cached types cover most
/// tokens); a hostile text of one repeated unit is a handful of types.
#[derive(Default)]
pub(super) struct RoleCache {
    /// Slot of each type of the document (`NO_SLOT`: not cached).
    slot: Vec<u32>,
    /// `ROLES` sums a slot: self, then the roles of [`Role::ALL`].
    sums: Vec<[i32; L]>,
    /// The padding tokens' sums in the roles of [`Role::ALL`] (the left
    /// pad for the roles on the left, the right pad for the others).
    pub(super) pad: [[i32; L]; 4],
}

impl RoleCache {
    /// Most types cached for a document of `tokens` tokens.
    pub(super) fn cap(tokens: usize) -> usize {
        256 + tokens / 32
    }

    /// The cached sum of type `ty` in role `role` (0: self; 1 + the index
    /// in [`Role::ALL`]).
    #[inline]
    pub(super) fn sum(&self, ty: Option<u32>, role: usize) -> Option<&[i32; L]> {
        let slot = *self.slot.get(ty? as usize)?;
        if slot == NO_SLOT {
            return None;
        }
        self.sums.get(slot as usize * ROLES + role)
    }

    /// Fills the cache for `doc` with the sums of stage `stage` of `model`
    /// (choosing the types on the first fill, keeping them on the next).
    pub(super) fn fill(
        &mut self,
        model: &NerModel,
        doc: &DocCtx,
        stage: usize,
        buf: &mut Vec<u32>,
    ) {
        let (cfg, ng) = (model.cfg, model.lex.ngran);
        if self.slot.len() != doc.types.len() {
            let mut count = vec![0u32; doc.types.len()];
            let mut tokens = 0usize;
            for s in &doc.sents {
                tokens += s.len();
                for o in s {
                    if let Some(c) = count.get_mut(o.ty as usize) {
                        *c = c.saturating_add(1);
                    }
                }
            }
            let mut chosen: Vec<(u32, u32)> = count
                .iter()
                .enumerate()
                .filter(|&(_, &c)| c >= 2)
                .map(|(t, &c)| (c, t as u32))
                .collect();
            let cap = Self::cap(tokens);
            if chosen.len() > cap {
                chosen.select_nth_unstable_by(cap, |a, b| b.cmp(a));
                chosen.truncate(cap);
            }
            self.slot = vec![NO_SLOT; doc.types.len()];
            for (k, &(_, t)) in chosen.iter().enumerate() {
                if let Some(s) = self.slot.get_mut(t as usize) {
                    *s = k as u32;
                }
            }
            self.sums = vec![[0; L]; chosen.len() * ROLES];
        }
        let sum_of = |buf: &mut Vec<u32>| {
            let mut acc = [0i32; L];
            model.add_keys(stage, buf, &mut acc);
            acc
        };
        for (t, &slot) in self.slot.iter().enumerate() {
            if slot == NO_SLOT {
                continue;
            }
            let Some(tok) = doc.types.get(t) else {
                continue;
            };
            let base = slot as usize * ROLES;
            buf.clear();
            self_keys(doc, tok, cfg, ng, buf);
            let own = sum_of(buf);
            if let Some(x) = self.sums.get_mut(base) {
                *x = own;
            }
            for (r, role) in Role::ALL.into_iter().enumerate() {
                buf.clear();
                neighbor_keys(role, tok, cfg, ng, buf);
                let v = sum_of(buf);
                if let Some(x) = self.sums.get_mut(base + 1 + r) {
                    *x = v;
                }
            }
        }
        for (r, role) in Role::ALL.into_iter().enumerate() {
            buf.clear();
            neighbor_keys(role, pad_tok(role.offset() < 0), cfg, ng, buf);
            self.pad[r] = sum_of(buf);
        }
    }
}
