//! Analysis: how text becomes index terms, using exactly the text layer's tokens
//! and folded forms, plus English stemming and a stop-word list.
//!
//! Every word, number, URL or e-mail token is a term (its folded `norm`); a
//! hyphenated token also yields its parts at the same position, so `seoul`
//! finds `Seoul-based`. Positions are token indices in the text layer's token
//! stream (punctuation counts), so a phrase never matches across punctuation.

use crate::text::{
    paragraphs, sentence_token_ranges, shape_of, tokenize, TextLayer, Token, TokenKind,
};

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

fn is_ws_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Next whitespace-separated chunk at or after `i`: (start, end) in bytes.
fn next_chunk(text: &str, mut i: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    // skip whitespace
    loop {
        let &b = bytes.get(i)?;
        if b.is_ascii() {
            if !is_ws_byte(b) {
                break;
            }
            i += 1;
        } else {
            let c = text.get(i..)?.chars().next()?;
            if !c.is_whitespace() {
                break;
            }
            i += c.len_utf8();
        }
    }
    let start = i;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            if is_ws_byte(b) {
                break;
            }
            i += 1;
        } else {
            let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
                break;
            };
            if c.is_whitespace() {
                break;
            }
            i += c.len_utf8();
        }
    }
    Some((start, i))
}

fn push_simple(
    text: &str,
    start: usize,
    end: usize,
    kind: TokenKind,
    shapes: bool,
    out: &mut Vec<Token>,
) {
    let s = text.get(start..end).unwrap_or("");
    out.push(Token {
        start,
        end,
        kind,
        norm: s.to_ascii_lowercase(),
        shape: if shapes { shape_of(s) } else { String::new() },
    });
}

/// The text layer's tokens of `text`, exactly as [`crate::text::tokenize`]
/// makes them, faster: the text layer cuts text at whitespace and reads each
/// chunk on its own, so plain ASCII words (optionally followed by one
/// punctuation mark that is never part of them) are made directly and every
/// other chunk goes through the text layer itself.
pub fn tokenize_fast(text: &str) -> Vec<Token> {
    tokenize_with(text, true)
}

/// Like [`tokenize_fast`] but without shapes (`shape` left empty), for
/// search-time work that never reads them (highlights, sentences).
pub fn tokenize_fast_no_shapes(text: &str) -> Vec<Token> {
    tokenize_with(text, false)
}

fn tokenize_with(text: &str, shapes: bool) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some((cs, ce)) = next_chunk(text, i) {
        i = ce;
        if ce <= cs {
            break;
        }
        let last = bytes.get(ce - 1).copied().unwrap_or(0);
        let trail = matches!(last, b',' | b'.' | b';' | b':' | b'?' | b'!' | b')') && ce - cs >= 2;
        let we = if trail { ce - 1 } else { ce };
        let word = bytes.get(cs..we).unwrap_or(&[]);
        let simple = !word.is_empty()
            && word.iter().all(u8::is_ascii_alphanumeric)
            && !(last == b'.'
                && trail
                && (word.len() == 1
                    || super::super::text::tokens::is_abbreviation(
                        &text.get(cs..we).unwrap_or("").to_ascii_lowercase(),
                    )));
        if simple {
            let kind = if word.first().is_some_and(u8::is_ascii_digit) {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            push_simple(text, cs, we, kind, shapes, &mut out);
            if trail {
                push_simple(text, we, ce, TokenKind::Punct, shapes, &mut out);
            }
        } else {
            let chunk = text.get(cs..ce).unwrap_or("");
            out.extend(tokenize(chunk).into_iter().map(|mut t| {
                t.start += cs;
                t.end += cs;
                t
            }));
        }
    }
    out
}

/// The text layer over `text` (tokens from [`tokenize_fast_no_shapes`], the
/// text layer's own paragraphs and sentences).
pub fn text_layer(text: &str) -> TextLayer {
    let tokens = tokenize_fast_no_shapes(text);
    let paras = paragraphs(text);
    let sentence_tokens = sentence_token_ranges(text, &tokens, &paras);
    let sentences = sentence_tokens
        .iter()
        .filter_map(|r| Some(tokens.get(r.start)?.start..tokens.get(r.end.checked_sub(1)?)?.end))
        .collect();
    TextLayer {
        tokens,
        paragraphs: paras,
        sentence_tokens,
        sentences,
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
