//! Extraction: entities, aliases, quotes, keyphrases and summaries.

pub mod ner;
pub mod values;
