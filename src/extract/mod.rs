//! Extraction: entities, aliases, quotes, keyphrases and summaries.
//!
//! The entity engine ([`entities`], on the [`ner`] tagger and the rule-based
//! [`values`]) runs first; the quote, keyphrase and summary extractors take
//! its output as an input ([`EntityRef`]), so they also work with none at all.

pub(crate) mod coref;
pub mod entities;
pub mod label;
pub mod ner;
pub mod values;

pub mod keyphrases;
pub mod quotes;
pub mod summary;

pub use keyphrases::{extract_keyphrases, DocFreqs, Keyphrase};
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

/// True when two byte ranges share at least one byte.
pub(crate) fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}
