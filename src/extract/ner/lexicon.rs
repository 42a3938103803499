//! Word clusters and gazetteers, stored inside the model file.
//!
//! Two tables learned outside the tagger's training data give it knowledge
//! of words it never saw labeled:
//! - word clusters: each lowercased word of a large unlabeled news corpus has
//!   a class at up to [`MAX_GRAN`] granularities (64, 256, 1024 classes) and a
//!   capitalization bin (how often it is written capitalized mid-sentence);
//! - gazetteer phrases: lowercased token sequences with a bit mask of the
//!   entity types they name.
//!
//! Both are keyed by [`word_hash`]es, so a lookup costs no allocation. The
//! raw contents ([`LexiconData`]) are what the model file stores; [`Lexicon`]
//! is the lookup form built from them.

use super::codec::Reader;
use super::hash::{hash_bytes, mix, word_hash, PreMap, SEED_WORD};

/// Number of cluster granularities a model may use.
pub(crate) const MAX_GRAN: usize = 3;
/// Cluster id meaning "word not in the cluster vocabulary".
pub(crate) const NO_CLUSTER: u16 = u16::MAX;

const SEED_PHRASE: u64 = 0xa409_3822_299f_31d0;

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
    /// Gazetteer phrases and their prefixes, by the hash of their tokens'
    /// hashes: a trie walked by hashes. The low byte is a phrase's type
    /// mask; [`GAZ_PHRASE`] marks a phrase, [`GAZ_LONGER`] a prefix of a
    /// longer phrase.
    gaz: PreMap<u64, u16>,
    gaz_max: usize,
}

/// A [`Lexicon`] gazetteer entry that is a whole phrase.
const GAZ_PHRASE: u16 = 1 << 8;
/// A [`Lexicon`] gazetteer entry that begins a longer phrase.
const GAZ_LONGER: u16 = 1 << 9;

/// Raw lexicon contents, as written to the model file.
#[derive(Default, Clone, Debug)]
pub(crate) struct LexiconData {
    pub ngran: usize,
    /// Word, cluster ids, capitalization bin (0-4 from rare to always capitalized, 5 unknown).
    pub words: Vec<(String, [u16; MAX_GRAN], u8)>,
    pub gaz: Vec<(String, u8)>,
}

/// Hash of a phrase given the hashes of its lowercased tokens (what the
/// trie walk of [`Lexicon::longest_phrase`] computes a token at a time).
#[cfg(test)]
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
        let mut lex = Lexicon::with_capacity(d.ngran, d.words.len(), d.gaz.len());
        for (w, c, case) in &d.words {
            lex.add_word(w.as_bytes(), *c, *case);
        }
        for (p, m) in &d.gaz {
            lex.add_phrase(p, *m);
        }
        lex
    }

    /// An empty lexicon with room for `words` words and `phrases`
    /// gazetteer phrases (each phrase of several words adds its prefixes).
    pub(crate) fn with_capacity(ngran: usize, words: usize, phrases: usize) -> Lexicon {
        let mut clusters = PreMap::default();
        clusters.reserve(words);
        let mut gaz = PreMap::default();
        gaz.reserve(phrases.saturating_add(phrases / 2));
        Lexicon {
            ngran: ngran.min(MAX_GRAN),
            clusters,
            gaz,
            gaz_max: 0,
        }
    }

    /// Makes room for `n` more gazetteer phrases.
    pub(crate) fn reserve_phrases(&mut self, n: usize) {
        self.gaz.reserve(n.saturating_add(n / 2));
    }

    /// Adds a word of the cluster vocabulary (its lowercased bytes, as
    /// [`word_hash`] hashes them); a word added again replaces the earlier.
    #[inline]
    pub(crate) fn add_word(&mut self, w: &[u8], c: [u16; MAX_GRAN], case: u8) {
        self.clusters.insert(hash_bytes(SEED_WORD, w), (c, case));
    }

    /// Adds a gazetteer phrase (lowercased tokens separated by spaces) with
    /// its type bit mask, and marks each of its prefixes. A phrase of no
    /// token or of more than [`GAZ_MAX_LEN`] is left out.
    pub(crate) fn add_phrase(&mut self, p: &str, m: u8) {
        let toks = p.split(' ').filter(|s| !s.is_empty());
        let n = toks.clone().count();
        if n == 0 || n > GAZ_MAX_LEN {
            return;
        }
        self.gaz_max = self.gaz_max.max(n);
        let mut h = SEED_PHRASE;
        for (k, t) in toks.enumerate() {
            h = mix(h, word_hash(t));
            let e = self.gaz.entry(h).or_insert(0);
            if k + 1 == n {
                *e |= GAZ_PHRASE | u16::from(m);
            } else {
                *e |= GAZ_LONGER;
            }
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

    /// The longest gazetteer phrase at the start of `lowers` (the lowercased
    /// word hashes of the tokens from some position on): its length in
    /// tokens and its type bit mask.
    ///
    /// A walk down the trie of phrase prefixes: one hash step and one
    /// lookup a token, and most tokens begin no phrase (one lookup).
    pub fn longest_phrase(&self, lowers: impl Iterator<Item = u64>) -> Option<(usize, u8)> {
        if self.gaz.is_empty() {
            return None;
        }
        let mut h = SEED_PHRASE;
        let mut found = None;
        for (k, t) in lowers.take(self.gaz_max).enumerate() {
            h = mix(h, t);
            let Some(&e) = self.gaz.get(&h) else { break };
            if e & GAZ_PHRASE != 0 {
                found = Some((k + 1, (e & 0xff) as u8));
            }
            if e & GAZ_LONGER == 0 {
                break;
            }
        }
        found
    }

    /// [`Lexicon::longest_phrase`] by its definition: the longest prefix of
    /// `lowers` (at most the longest phrase) that is a phrase.
    #[cfg(test)]
    pub(crate) fn longest_phrase_reference(&self, lowers: &[u64]) -> Option<(usize, u8)> {
        let maxl = lowers.len().min(self.gaz_max);
        (1..=maxl).rev().find_map(|len| {
            let h = phrase_hash(lowers.iter().take(len).copied());
            self.gaz
                .get(&h)
                .filter(|&&e| e & GAZ_PHRASE != 0)
                .map(|&e| (len, (e & 0xff) as u8))
        })
    }
}

impl LexiconData {
    /// The v3 encoding (kept to test that v3 files still read the same).
    #[cfg(test)]
    pub fn encode_v3(&self, out: &mut Vec<u8>) {
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

    /// Reads the lexicon of a v3 (or v2) model.
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
