//! Extraction: entities, aliases, quotes, keyphrases and summaries.
//!
//! The entity engine ([`entities`], on the [`ner`] tagger and the rule-based
//! [`values`]) runs first; the quote, keyphrase and summary extractors take
//! its output as an input ([`EntityRef`]), so they also work with none at all.

pub(crate) mod coref;
pub mod entities;
pub mod label;
pub mod language;
pub mod ner;
pub mod values;

pub mod keyphrases;
pub mod quotes;
pub mod summary;

pub use keyphrases::{extract_keyphrases, name_keyphrases, DocFreqs, Keyphrase};
pub use label::Label;
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
    pub label: Label,
    /// Byte ranges of the entity's mentions in the text, in text order.
    pub mentions: Vec<Range<usize>>,
    /// A role or title the text gives the entity, if any (`defence minister`).
    pub role: Option<String>,
}

pub(crate) use crate::text::hash::{FxMap, WordSet};

/// Work counters for the linearity tests (`tests/hostile.rs`): the engines add
/// the steps of their search loops (candidate groups compared, attribution
/// window tokens, indexed look-ups) here, so a test can check that doubling
/// a hostile input doubles the work instead of quadrupling it, without timing
/// anything. Per thread; not part of the API.
#[doc(hidden)]
pub mod work {
    use std::cell::Cell;

    thread_local! {
        static STEPS: Cell<u64> = const { Cell::new(0) };
    }

    /// Counts `n` more steps on this thread.
    #[inline]
    pub(crate) fn add(n: usize) {
        STEPS.with(|s| s.set(s.get().saturating_add(n as u64)));
    }

    /// Sets this thread's count back to zero.
    pub fn reset() {
        STEPS.with(|s| s.set(0));
    }

    /// The steps counted on this thread since the last [`reset`].
    pub fn steps() -> u64 {
        STEPS.with(Cell::get)
    }
}

/// True when two byte ranges share at least one byte.
pub(crate) fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}
