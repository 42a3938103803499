//! The text layer: normalization, tokens, sentences, paragraphs and offsets.
