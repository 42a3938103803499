//! Analysis: how text becomes index terms, using exactly the text layer's tokens
//! and folded forms, plus English stemming and a stop-word list.
//!
//! Every word, number, URL or e-mail token is a term (its folded `norm`); a
//! hyphenated token also yields its parts at the same position, so `seoul`
//! finds `Seoul-based`. Positions are token indices in the text layer's token
//! stream (punctuation counts), so a phrase never matches across punctuation.

pub use crate::text::fast::{text_layer, tokenize_fast, tokenize_fast_no_shapes};
use crate::text::{Token, TokenKind};

/// One indexable occurrence: the folded term, its token position and byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// Folded term (`André` → `andre`).
    pub term: String,
    /// Token index in the text (punctuation counts, so phrases stop at it).
    pub pos: u32,
    /// Byte range of the matched text (a part's range for hyphen parts).
    pub start: usize,
    /// End of the byte range (exclusive).
    pub end: usize,
    /// True for the parts of a hyphenated token (indexed beside the whole).
    pub part: bool,
}

/// Longest term indexed, in bytes (longer tokens are cut at a char boundary).
pub const MAX_TERM_BYTES: usize = 64;

/// True when a token kind is indexed.
pub fn is_indexed(kind: TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::Word | TokenKind::Number | TokenKind::Url | TokenKind::Email
    )
}

/// `s` cut to at most [`MAX_TERM_BYTES`] at a character boundary.
pub fn clip(s: &str) -> &str {
    if s.len() <= MAX_TERM_BYTES {
        return s;
    }
    let mut end = MAX_TERM_BYTES;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}

/// The folded terms of one token with their byte ranges: the whole token and,
/// for a hyphenated one, its parts.
pub fn token_terms(text: &str, tok: &Token, ti: u32, out: &mut Vec<Occurrence>) {
    if !is_indexed(tok.kind) || tok.norm.is_empty() {
        return;
    }
    out.push(Occurrence {
        term: clip(&tok.norm).to_string(),
        pos: ti,
        start: tok.start,
        end: tok.end,
        part: false,
    });
    if tok.kind == TokenKind::Word || tok.kind == TokenKind::Number {
        let parts = tok.parts(text);
        if parts.len() > 1 {
            for r in parts {
                let raw = text.get(r.clone()).unwrap_or("");
                let folded = crate::text::fold(raw);
                if folded.is_empty() || folded == tok.norm {
                    continue;
                }
                out.push(Occurrence {
                    term: clip(&folded).to_string(),
                    pos: ti,
                    start: r.start,
                    end: r.end,
                    part: true,
                });
            }
        }
    }
}

/// Every indexable occurrence in `text`, in text order.
pub fn occurrences(text: &str) -> Vec<Occurrence> {
    let toks = tokenize_fast(text);
    occurrences_of(text, &toks)
}

/// Every indexable occurrence of already-tokenized text.
pub fn occurrences_of(text: &str, toks: &[Token]) -> Vec<Occurrence> {
    let mut out = Vec::with_capacity(toks.len());
    for (i, t) in toks.iter().enumerate() {
        token_terms(text, t, i as u32, &mut out);
    }
    out
}

pub use crate::text::is_stop_word;

/// English Snowball stemmer over folded terms.
#[derive(Default, Clone)]
pub struct TermStemmer;

impl std::fmt::Debug for TermStemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TermStemmer(english)")
    }
}

impl TermStemmer {
    /// The stem of a folded term; numbers, URLs and non-alphabetic terms are their own stem.
    pub fn stem(&self, term: &str) -> String {
        crate::text::term_stem(term)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphen_parts_and_folding() {
        let occ = occurrences("Saint-André’s Seoul-based firm");
        let terms: Vec<&str> = occ.iter().map(|o| o.term.as_str()).collect();
        assert_eq!(
            terms,
            [
                "saint-andre",
                "saint",
                "andre",
                "'s",
                "seoul-based",
                "seoul",
                "based",
                "firm"
            ]
        );
        assert_eq!(occ[1].pos, occ[0].pos);
        assert!(occ[2].part);
    }

    #[test]
    fn stems() {
        let s = TermStemmer;
        assert_eq!(s.stem("elections"), s.stem("election"));
        assert_eq!(s.stem("running"), "run");
        assert_eq!(s.stem("2004"), "2004");
        assert_eq!(s.stem("andre"), s.stem("andre"));
    }
}
