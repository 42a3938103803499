//! The tagger's hashing: one mixing step for words, phrases and feature keys.
//!
//! The tagger never stores strings for its features: a word is hashed once
//! ([`word_hash`] of its lowercased form, the key of the cluster and
//! gazetteer tables) and feature keys are hashes of a template id and token
//! hashes, avalanched to 32 bits ([`fin`]). The constants are part of the
//! model format: changing any of them changes every key, so a trained
//! `models/ner.bin` would no longer match.
//!
//! Keys that are already hashes need no second hashing: [`PreMap`] uses them
//! as they are.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const K_MUL: u64 = 0x517c_c1b7_2722_0a95;

/// Seed of word hashes (and, xor-ed with a small number, of affix and shape hashes).
pub(crate) const SEED_WORD: u64 = 0x243f_6a88_85a3_08d3;

/// One FxHash-style mixing step.
#[inline]
pub(crate) fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(K_MUL)
}

/// Hashes a byte string (8 bytes at a time).
#[inline]
pub(crate) fn hash_bytes(seed: u64, b: &[u8]) -> u64 {
    let mut h = mix(seed, b.len() as u64);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut a = [0u8; 8];
        a.copy_from_slice(c);
        h = mix(h, u64::from_le_bytes(a));
    }
    let mut x = 0u64;
    for (i, &byte) in chunks.remainder().iter().enumerate() {
        x |= u64::from(byte) << (8 * i);
    }
    mix(h, x ^ 0xff)
}

/// Final avalanche to a 32-bit feature key.
#[inline]
pub(crate) fn fin(h: u64) -> u32 {
    let mut h = h ^ (h >> 31);
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 29;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    (h ^ (h >> 32)) as u32
}

/// Hash of a (lowercased) word form, as used by the lexicon.
#[inline]
pub(crate) fn word_hash(s: &str) -> u64 {
    hash_bytes(SEED_WORD, s.as_bytes())
}

/// Hasher for keys that are already well-mixed hashes.
#[derive(Default, Clone, Copy)]
pub(crate) struct PreHashed(u64);

impl Hasher for PreHashed {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0, u64::from(b));
        }
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.0 = u64::from(i).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }
}

/// A hash map keyed by pre-hashed integers.
pub(crate) type PreMap<K, V> = HashMap<K, V, BuildHasherDefault<PreHashed>>;
