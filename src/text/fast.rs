//! The tokenizer's fast path: the same tokens as [`tokenize`](super::tokenize), made faster.
//!
//! The reference tokenizer ([`super::tokens`]) cuts text at whitespace and
//! reads each chunk on its own with Unicode word boundaries and news rules.
//! Most chunks of news text are plain ASCII words, optionally followed by one
//! punctuation mark that is never part of them (`said,` `year.`): this path
//! makes those tokens directly and hands every other chunk (accents, quotes,
//! hyphens, abbreviations, numbers with separators, emoji, CJK) to the
//! reference. The two are held equal by a property test over random text and
//! by a test over every seed and BBC article (`tests/search.rs`), so callers
//! may use either: indexing, querying, highlighting and extraction all get the
//! same tokens.

use super::{paragraphs, sentence_token_ranges, TextLayer, Token, TokenKind};

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

fn push_simple(text: &str, start: usize, end: usize, kind: TokenKind, out: &mut Vec<Token>) {
    let s = text.get(start..end).unwrap_or("");
    out.push(Token {
        start,
        end,
        kind,
        norm: s.to_ascii_lowercase(),
    });
}

/// The text layer's tokens of `text`, exactly as [`crate::text::tokenize`]
/// makes them, faster: the text layer cuts text at whitespace and reads each
/// chunk on its own, so plain ASCII words (optionally followed by one
/// punctuation mark that is never part of them) are made directly and every
/// other chunk goes through the text layer itself.
pub fn tokenize_fast(text: &str) -> Vec<Token> {
    tokenize_with(text)
}

/// The same as [`tokenize_fast`] (tokens no longer store a shape; the name
/// stays for search-time callers that never read one).
pub fn tokenize_fast_no_shapes(text: &str) -> Vec<Token> {
    tokenize_with(text)
}

fn tokenize_with(text: &str) -> Vec<Token> {
    // an upper bound, so the array is allocated once (1 MB of commas is a
    // million tokens; a doubling array would briefly hold three million)
    let mut out = Vec::with_capacity(super::estimate_tokens(text));
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
                    || super::tokens::is_abbreviation(
                        &text.get(cs..we).unwrap_or("").to_ascii_lowercase(),
                    )));
        if simple {
            let kind = if word.first().is_some_and(u8::is_ascii_digit) {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            push_simple(text, cs, we, kind, &mut out);
            if trail {
                push_simple(text, we, ce, TokenKind::Punct, &mut out);
            }
        } else {
            // the reference tokenizer's own reading of this chunk, made in
            // place (no array of its own: a megabyte of commas is one chunk)
            super::tokens::tokenize_chunk(text, cs, ce, &mut out);
        }
    }
    // the capacity was a guess: give back what the text did not use
    out.shrink_to_fit();
    out
}

/// The text layer over `text` (tokens from [`tokenize_fast_no_shapes`], the
/// text layer's own paragraphs and sentences), for search-time work that
/// never reads shapes.
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
