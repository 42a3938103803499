//! Extraction: entities, aliases, quotes, keyphrases and summaries.
