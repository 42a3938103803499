//! The text layer, shared by every feature: normalization, tokens, sentences,
//! paragraphs, UTF-8 ↔ UTF-16 offsets, stemming and the stop list — plus the
//! small building blocks every layer above uses (fast hashing and word lists,
//! varints). It imports nothing else from the crate.
//!
//! Rust-side APIs use byte ranges; [`OffsetMap`] converts them to UTF-16 code
//! units for anything that crosses into JavaScript or JSON.

pub mod fast;
mod fold_tables;
pub mod hash;
pub mod json;
pub mod normalize;
pub mod offsets;
pub mod sentences;
pub mod sort;
pub mod stem;
pub mod stopwords;
pub mod tokens;
pub mod varint;

pub use fast::tokenize_fast;
pub use normalize::{asciify_punct, fold, fold_into, is_quote_char};
pub use offsets::{OffsetMap, Span16};
pub use sentences::{paragraphs, sentence_token_ranges};
pub use stem::{stem_word, term_stem};
pub use stopwords::is_stop_word;
pub use tokens::{
    estimate_tokens, line_break_before, shape_of, tokenize, CompactString, Token, TokenKind,
};

use std::ops::Range;

/// A text split into paragraphs, sentences and tokens (byte ranges).
#[derive(Debug, Clone)]
pub struct TextLayer {
    /// Tokens in text order.
    pub tokens: Vec<Token>,
    /// Paragraph byte ranges.
    pub paragraphs: Vec<Range<usize>>,
    /// Sentences as token-index ranges into `tokens`.
    pub sentence_tokens: Vec<Range<usize>>,
    /// Sentence byte ranges (first token start to last token end).
    pub sentences: Vec<Range<usize>>,
}

impl TextLayer {
    /// Runs the text layer over `text`.
    pub fn new(text: &str) -> TextLayer {
        let tokens = tokenize_fast(text);
        let paragraphs = paragraphs(text);
        let sentence_tokens = sentence_token_ranges(text, &tokens, &paragraphs);
        let sentences = sentence_tokens
            .iter()
            .map(|r| tokens[r.start].start..tokens[r.end - 1].end)
            .collect();
        TextLayer {
            tokens,
            paragraphs,
            sentence_tokens,
            sentences,
        }
    }

    /// Index of the sentence holding token `ti`, if any.
    pub fn sentence_of_token(&self, ti: usize) -> Option<usize> {
        let k = self.sentence_tokens.partition_point(|r| r.end <= ti);
        (k < self.sentence_tokens.len() && self.sentence_tokens[k].start <= ti).then_some(k)
    }
}
