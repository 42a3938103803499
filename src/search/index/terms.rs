//! Term look-ups: a folded term to its id, an English stem to its terms,
//! a term id to its postings.
//!
//! An index built in memory keeps hash maps for both look-ups. A loaded
//! index does not build them: its saved dictionary is in strictly
//! increasing byte order, so a term's id is its rank and a binary search
//! finds it; the stems are grouped on the first stemmed look-up (stemming
//! every term was a large part of a load), and its postings stay in their
//! saved form, decoded per term on first read ([`Index::lazy`]). The first
//! change to a loaded index makes it changeable: every term's postings
//! decoded, both maps built.

use super::{FstCache, FxMap, Index, Term};
use std::sync::OnceLock;

/// The terms of a loaded index before anything changes it: in strictly
/// increasing byte order, with [`Index::term_ids`] and [`Index::stems`] not
/// built. Look-ups binary-search the sorted terms and the stems are grouped
/// on first use (stemming every term was a large part of a load); any
/// change to the index builds both first.
#[derive(Debug, Default)]
pub struct LoadedTerms {
    sorted_only: bool,
    stems: OnceLock<FxMap<String, Vec<u32>>>,
}

impl Index {
    /// Term id of a folded term.
    pub fn term_id(&self, t: &str) -> Option<u32> {
        if self.loaded.sorted_only {
            return self
                .terms
                .binary_search_by(|x| x.text.as_str().cmp(t))
                .ok()
                .map(|i| i as u32);
        }
        self.term_ids.get(t).copied()
    }

    /// The term with id `id`.
    pub fn term(&self, id: u32) -> Option<&Term> {
        self.terms.get(id as usize)
    }

    /// Ids of the terms whose English stem is `stem`.
    pub fn stem_terms(&self, stem: &str) -> &[u32] {
        let map = if self.loaded.sorted_only {
            self.loaded.stems.get_or_init(|| self.group_stems())
        } else {
            &self.stems
        };
        map.get(stem).map_or(&[], Vec::as_slice)
    }

    fn group_stems(&self) -> FxMap<String, Vec<u32>> {
        let mut stems: FxMap<String, Vec<u32>> = FxMap::default();
        for (i, t) in self.terms.iter().enumerate() {
            stems
                .entry(self.stemmer.stem(&t.text))
                .or_default()
                .push(i as u32);
        }
        stems
    }

    /// The postings of term `id` (the format is in `postings.rs`), decoded
    /// from the saved form on first read when the index was loaded.
    pub fn postings(&self, id: u32) -> &[u8] {
        match self.terms.get(id as usize) {
            Some(t) => self.term_postings_at(t, id),
            None => &[],
        }
    }

    /// The postings of `t`, a term of this index (see [`Index::postings`]).
    pub fn term_postings<'a>(&'a self, t: &'a Term) -> &'a [u8] {
        if !t.postings.is_empty() || self.lazy.is_none() {
            return &t.postings;
        }
        match self.term_id(&t.text) {
            Some(id) => self.term_postings_at(t, id),
            None => &t.postings,
        }
    }

    fn term_postings_at<'a>(&'a self, t: &'a Term, id: u32) -> &'a [u8] {
        match &self.lazy {
            Some(l) if t.postings.is_empty() => l.get(id),
            _ => &t.postings,
        }
    }

    /// Sets the terms of a loaded index, given in strictly increasing byte
    /// order (as the saved dictionary holds them; the loaders check it): ids
    /// follow that order, so a term is found by a binary search, and the
    /// term map and the stems are made only when something needs
    /// them (a change, a stemmed look-up, a prefix or typo look-up: the fst
    /// is built from the terms as they are, already sorted).
    pub fn load_sorted_terms(&mut self, terms: Vec<Term>) {
        let sorted = terms.windows(2).all(|w| match w {
            [a, b] => a.text < b.text,
            _ => true,
        });
        self.terms = Vec::new();
        self.term_ids = FxMap::default();
        self.stems = FxMap::default();
        self.loaded.stems = OnceLock::new();
        *self.fst.borrow_mut() = FstCache::default();
        if sorted {
            self.terms = terms;
            self.loaded.sorted_only = true;
        } else {
            self.loaded.sorted_only = false;
            for t in terms {
                self.push_term(t);
            }
        }
    }

    /// Makes a loaded index changeable: every term's postings decoded into
    /// [`Term::postings`], the term map and the stems built.
    pub(super) fn make_mutable(&mut self) {
        if let Some(lazy) = self.lazy.take() {
            for (i, t) in self.terms.iter_mut().enumerate() {
                if t.postings.is_empty() {
                    t.postings = lazy.get(i as u32).to_vec();
                }
            }
        }
        if self.loaded.sorted_only {
            self.stems = self
                .loaded
                .stems
                .take()
                .unwrap_or_else(|| self.group_stems());
            self.term_ids = FxMap::default();
            self.term_ids.reserve(self.terms.len());
            for (i, t) in self.terms.iter().enumerate() {
                self.term_ids.insert(t.text.clone(), i as u32);
            }
            self.loaded.sorted_only = false;
        }
    }
}
