//! Extraction: entities, aliases, quotes, keyphrases and summaries.

pub mod entities;
pub mod ner;
pub mod values;
