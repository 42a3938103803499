//! Word clusters and gazetteers, stored inside the model file.

use super::features::{mix, word_hash, Tok, MAX_GRAN, NO_CLUSTER, SEED_PHRASE};
use super::model::Reader;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

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

/// Capitalization bin of a word outside the cluster vocabulary.
pub(crate) const CASE_OOV: u8 = 6;

/// Longest gazetteer phrase, in tokens.
pub(crate) const GAZ_MAX_LEN: usize = 6;

/// Clusters (lowercased word -> ids at several granularities) and
/// gazetteer phrases (lowercased token sequence -> type bit mask).
#[derive(Default, Clone)]
pub(crate) struct Lexicon {
    pub ngran: usize,
    clusters: PreMap<u64, ([u16; MAX_GRAN], u8)>,
    gaz: PreMap<u64, u8>,
    gaz_max: usize,
}

/// Raw lexicon contents, as written to the model file.
#[derive(Default, Clone, Debug)]
pub(crate) struct LexiconData {
    pub ngran: usize,
    /// Word, cluster ids, capitalization bin (0-4 from rare to always capitalized, 5 unknown).
    pub words: Vec<(String, [u16; MAX_GRAN], u8)>,
    pub gaz: Vec<(String, u8)>,
}

/// Hash of a phrase given the hashes of its lowercased tokens.
fn phrase_hash(tokens: impl Iterator<Item = u64>) -> u64 {
    let mut h = SEED_PHRASE;
    for t in tokens {
        h = mix(h, t);
    }
    h
}

impl Lexicon {
    /// Builds the lookup tables.
    pub fn from_data(d: &LexiconData) -> Lexicon {
        let mut clusters = PreMap::default();
        for (w, c, case) in &d.words {
            clusters.insert(word_hash(w), (*c, *case));
        }
        let mut gaz: PreMap<u64, u8> = PreMap::default();
        let mut gaz_max = 0;
        for (p, m) in &d.gaz {
            let toks: Vec<&str> = p.split(' ').filter(|s| !s.is_empty()).collect();
            if toks.is_empty() || toks.len() > GAZ_MAX_LEN {
                continue;
            }
            gaz_max = gaz_max.max(toks.len());
            *gaz.entry(phrase_hash(toks.iter().map(|t| word_hash(t))))
                .or_insert(0) |= *m;
        }
        Lexicon {
            ngran: d.ngran.min(MAX_GRAN),
            clusters,
            gaz,
            gaz_max,
        }
    }

    /// Cluster ids and capitalization bin of a lowercased word hash.
    #[inline]
    pub fn clusters_of(&self, lower: u64) -> ([u16; MAX_GRAN], u8) {
        self.clusters
            .get(&lower)
            .copied()
            .unwrap_or(([NO_CLUSTER; MAX_GRAN], CASE_OOV))
    }

    /// Marks gazetteer matches (longest match first, left to right; all
    /// types of the matched phrase are marked).
    pub fn mark_gazetteer(&self, toks: &mut [Tok]) {
        if self.gaz.is_empty() {
            return;
        }
        let n = toks.len();
        let mut i = 0;
        while i < n {
            let mut found = 0usize;
            let mut mask = 0u8;
            let maxl = self.gaz_max.min(n - i);
            for len in (1..=maxl).rev() {
                let h = phrase_hash(toks[i..i + len].iter().map(|t| t.lower));
                if let Some(&m) = self.gaz.get(&h) {
                    found = len;
                    mask = m;
                    break;
                }
            }
            if found == 0 {
                i += 1;
                continue;
            }
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
}

impl LexiconData {
    /// Serializes the lexicon.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.push(self.ngran as u8);
        out.extend_from_slice(&(self.words.len() as u32).to_le_bytes());
        for (w, c, case) in &self.words {
            let b = w.as_bytes();
            let len = b.len().min(255);
            out.push(len as u8);
            out.extend_from_slice(&b[..len]);
            out.push(*case);
            for &x in c.iter().take(self.ngran) {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        out.extend_from_slice(&(self.gaz.len() as u32).to_le_bytes());
        for (p, m) in &self.gaz {
            let b = p.as_bytes();
            let len = b.len().min(255);
            out.push(*m);
            out.push(len as u8);
            out.extend_from_slice(&b[..len]);
        }
    }

    /// Deserializes a lexicon.
    pub fn decode(r: &mut Reader<'_>) -> Result<LexiconData, String> {
        let ngran = r.u8()? as usize;
        if ngran > MAX_GRAN {
            return Err(format!("bad cluster granularity count {ngran}"));
        }
        let nw = r.u32()? as usize;
        let mut words = Vec::with_capacity(nw.min(r.remaining()));
        for _ in 0..nw {
            let len = r.u8()? as usize;
            let w = r.str(len)?;
            let case = r.u8()?;
            let mut c = [NO_CLUSTER; MAX_GRAN];
            for x in c.iter_mut().take(ngran) {
                *x = r.u16()?;
            }
            words.push((w, c, case));
        }
        let ng = r.u32()? as usize;
        let mut gaz = Vec::with_capacity(ng.min(r.remaining()));
        for _ in 0..ng {
            let m = r.u8()?;
            let len = r.u8()? as usize;
            gaz.push((r.str(len)?, m));
        }
        Ok(LexiconData { ngran, words, gaz })
    }
}
