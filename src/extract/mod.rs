//! Extraction: entities, aliases, quotes, keyphrases and summaries.
//!
//! The entity engine ([`entities`], on the [`ner`] tagger and the rule-based
//! [`values`]) runs first; the quote, keyphrase and summary extractors take
//! its output as an input ([`EntityRef`]), so they also work with none at all.

pub mod entities;
pub mod ner;
pub mod values;

#[cfg(not(target_arch = "wasm32"))]
pub mod eval;
pub mod keyphrases;
pub mod quotes;
pub mod summary;

pub use keyphrases::{extract_keyphrases, DocFreqs, Keyphrase};
pub use quotes::{extract_quotes, Quote, Quotes};
pub use summary::summarize;

use std::ops::Range;

/// An entity as the extractors see it: a canonical name, a label, where it is
/// mentioned, and an optional role (`defence minister`, `spokesman`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntityRef {
    /// Canonical name (`Kim Jong Un`).
    pub name: String,
    /// `PER`, `ORG`, `LOC` or `MISC`.
    pub label: String,
    /// Byte ranges of the entity's mentions in the text, in text order.
    pub mentions: Vec<Range<usize>>,
    /// A role or title the text gives the entity, if any (`defence minister`).
    pub role: Option<String>,
}

/// A fast non-cryptographic hasher (FxHash) for the extractors' internal maps.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A `HashMap` with [`FxHasher`].
pub(crate) type FxMap<K, V> =
    std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

thread_local! {
    static STEMS: std::cell::RefCell<(rust_stemmers::Stemmer, FxMap<String, std::rc::Rc<str>>)> =
        std::cell::RefCell::new((
            rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English),
            FxMap::default(),
        ));
}

/// The Porter (Snowball English) stem of a folded word with characters other
/// than letters and digits dropped (`""` when nothing is left). Stems are
/// memoized per thread (bounded), so each distinct word is stemmed once.
pub(crate) fn stem_word(norm: &str) -> std::rc::Rc<str> {
    STEMS.with(|cell| {
        let mut guard = cell.borrow_mut();
        let (stemmer, memo) = &mut *guard;
        if let Some(s) = memo.get(norm) {
            return s.clone();
        }
        let w: String = norm.chars().filter(|c| c.is_alphanumeric()).collect();
        let stem: std::rc::Rc<str> = if w.is_empty() {
            std::rc::Rc::from("")
        } else {
            std::rc::Rc::from(stemmer.stem(&w).as_ref())
        };
        if memo.len() > 200_000 {
            memo.clear();
        }
        memo.insert(norm.to_string(), stem.clone());
        stem
    })
}

/// A fixed word list with constant-time lookups (the set is built on first use).
pub(crate) struct WordSet {
    list: &'static [&'static str],
    set: std::sync::OnceLock<
        std::collections::HashSet<&'static str, std::hash::BuildHasherDefault<FxHasher>>,
    >,
}

impl WordSet {
    /// A set over `list`.
    pub(crate) const fn new(list: &'static [&'static str]) -> WordSet {
        WordSet {
            list,
            set: std::sync::OnceLock::new(),
        }
    }

    /// True when `w` is in the list.
    pub(crate) fn contains(&self, w: &str) -> bool {
        self.set
            .get_or_init(|| self.list.iter().copied().collect())
            .contains(w)
    }
}

/// True when two byte ranges share at least one byte.
pub(crate) fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}
