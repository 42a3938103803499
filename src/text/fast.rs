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
        norm: {
            let mut n = crate::text::CompactString::from(s);
            n.as_mut_str().make_ascii_lowercase();
            n
        },
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

/// The number of tokens [`tokenize_fast`] makes of `chunk` (one
/// whitespace-free chunk), counted without making them, for the common ASCII
/// shapes of news text; `None` for any other chunk (then tokenize it).
///
/// Counted: runs of punctuation (`-`, `"`, `...`: each mark a token, a run of
/// full stops one), and a word with marks around it: openers (`"`, `(`, `'`,
/// `[`), an optional `$` before a number, the word, trailing marks. The word
/// is runs of letters and digits joined by single hyphens (one token, as the
/// tokenizer joins them), apostrophes between letters and `,` or `.` between
/// digits (Unicode word boundaries do not break there: `Kim's`, `1,000.5`);
/// then, as the tokenizer reads it, `%` after a number, the full stop of an
/// abbreviation, an initial or a dotted word, and a clitic split off (`Kim` +
/// `'s`). A `$` amount is one token with nothing joined after it. Anything
/// else (non-ASCII, URLs, e-mail, `.` between letters, other symbols) is left
/// to the tokenizer. Held equal to it by tests over every chunk of short
/// strings of these characters, random chunks and news text.
pub fn count_chunk_tokens(chunk: &str) -> Option<usize> {
    let b = chunk.as_bytes();
    if b.is_empty() || !b.is_ascii() {
        return None;
    }
    // a run of marks after position `i`: each a token, full stops run together
    let marks = |mut i: usize, mut n: usize, set: fn(u8) -> bool| -> Option<usize> {
        let mut dot = false;
        while let Some(&c) = b.get(i) {
            if !set(c) {
                return None;
            }
            if c != b'.' || !dot {
                n += 1;
            }
            dot = c == b'.';
            i += 1;
        }
        Some(n)
    };
    if !b.iter().any(u8::is_ascii_alphanumeric) {
        return marks(0, 0, |c| {
            matches!(
                c,
                b'"' | b'\''
                    | b'('
                    | b')'
                    | b'-'
                    | b','
                    | b'.'
                    | b';'
                    | b':'
                    | b'!'
                    | b'?'
                    | b'['
                    | b']'
                    | b'&'
                    | b'*'
            )
        });
    }
    let mut i = 0;
    let mut n = 0;
    while matches!(b.get(i), Some(b'"' | b'(' | b'\'' | b'[')) {
        i += 1;
        n += 1;
    }
    let money = b.get(i) == Some(&b'$');
    if money {
        i += 1;
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return None;
        }
    }
    let cs = i;
    loop {
        let rs = i;
        while b.get(i).is_some_and(u8::is_ascii_alphanumeric) {
            i += 1;
        }
        if i == rs {
            return None;
        }
        let before = b.get(i - 1).copied().unwrap_or(0);
        let after = b.get(i + 1).copied().unwrap_or(0);
        let joined = match b.get(i) {
            Some(b'-') => after.is_ascii_alphanumeric(),
            Some(b'\'') => before.is_ascii_alphabetic() && after.is_ascii_alphabetic(),
            Some(b',' | b'.') => before.is_ascii_digit() && after.is_ascii_digit(),
            _ => false,
        };
        if !joined {
            break;
        }
        i += 1;
    }
    let mut end = i;
    if money {
        n += 1;
    } else {
        let first_digit = b.get(cs).is_some_and(u8::is_ascii_digit);
        if first_digit && b.get(end) == Some(&b'%') {
            end += 1;
        }
        let word = chunk.get(cs..end)?;
        if b.get(end) == Some(&b'.') && b.get(end + 1) != Some(&b'.') {
            let letters = word.bytes().filter(u8::is_ascii_alphabetic).count();
            let inner_dot = word.contains('.') && letters > 0;
            let initial = letters == 1 && word.len() == 1;
            if inner_dot || initial || ascii_abbreviation(word) {
                end += 1;
            }
        }
        let word = chunk.get(cs..end)?;
        let clitic = word.contains('\'') && ascii_clitic(word);
        n += 1 + usize::from(clitic);
    }
    marks(end, n, |c| {
        matches!(
            c,
            b'"' | b'\'' | b')' | b']' | b'-' | b',' | b'.' | b';' | b':' | b'!' | b'?' | b'%'
        )
    })
}

/// Whether an ASCII word is an abbreviation that keeps its full stop
/// (folded in a buffer on the stack when it is short, as most words are).
fn ascii_abbreviation(word: &str) -> bool {
    let mut buf = [0u8; 32];
    match buf.get_mut(..word.len()) {
        Some(low) => {
            low.copy_from_slice(word.as_bytes());
            low.make_ascii_lowercase();
            std::str::from_utf8(low).is_ok_and(super::tokens::is_abbreviation)
        }
        None => super::tokens::is_abbreviation(&word.to_ascii_lowercase()),
    }
}

/// Whether the tokenizer splits a clitic off an ASCII word (its
/// `clitic_split` without allocating): the word ends in `'s`, `n't`, `'re`,
/// `'ve`, `'ll`, `'d` or `'m` (any case) after a letter or digit, and is not
/// hyphenated unless it ends in `s`.
fn ascii_clitic(word: &str) -> bool {
    if word.contains('-') && !word.ends_with('s') {
        return false;
    }
    let b = word.as_bytes();
    ["'s", "n't", "'re", "'ve", "'ll", "'d", "'m"]
        .iter()
        .any(|cl| {
            b.len() > cl.len()
                && b.get(b.len() - cl.len()..)
                    .is_some_and(|t| t.eq_ignore_ascii_case(cl.as_bytes()))
                && b.get(b.len() - cl.len() - 1)
                    .is_some_and(u8::is_ascii_alphanumeric)
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn check(chunk: &str) -> bool {
        match count_chunk_tokens(chunk) {
            Some(n) => {
                assert_eq!(n, tokenize_fast(chunk).len(), "{chunk:?}");
                assert_eq!(n, crate::text::tokenize(chunk).len(), "{chunk:?}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn counts_equal_the_tokenizer_on_every_short_chunk() {
        // every chunk of up to 5 characters over letters, digits and marks
        let alphabet: Vec<char> = "aSs9'\"-.,(%$)t:n".chars().collect();
        let mut counted = 0;
        let mut chunk = String::new();
        fn rec(a: &[char], chunk: &mut String, depth: usize, counted: &mut usize) {
            if !chunk.is_empty() && check(chunk) {
                *counted += 1;
            }
            if depth == 0 {
                return;
            }
            for &c in a {
                chunk.push(c);
                rec(a, chunk, depth - 1, counted);
                chunk.pop();
            }
        }
        rec(&alphabet, &mut chunk, 5, &mut counted);
        assert!(counted > 100_000, "{counted}");
    }

    #[test]
    fn counts_equal_the_tokenizer_on_news_shapes() {
        for c in [
            "Kim's",
            "\"We",
            "high-speed",
            "said,\"",
            "year.\"",
            "76%",
            "1,000.5",
            "$1.13bn",
            "(BBC)",
            "(BBC),",
            "don't",
            "rock'n'roll",
            "U.S.",
            "Dr.",
            "J.",
            "wait...",
            "-",
            "--",
            "...",
            "players'",
            "ex-boss's",
            "9.5bn.",
            "$5%",
            "(a).",
            "No.",
            "etc.\"",
            "Seoul-based",
            "a-",
            "'90s",
            "9'a",
            "Smith's.",
            "can't,",
            "[1]",
            "1990s.",
        ] {
            check(c);
        }
        assert_eq!(count_chunk_tokens("Kim's"), Some(2));
        assert_eq!(count_chunk_tokens("high-speed,"), Some(2));
        assert_eq!(count_chunk_tokens("U.S."), None);
        assert_eq!(count_chunk_tokens("www.bbc.co.uk"), None);
        assert_eq!(count_chunk_tokens("Andr\u{e9}"), None);
    }

    #[test]
    fn counts_equal_the_tokenizer_on_news_text() {
        let Ok(jsonl) = std::fs::read_to_string("../shared/data/bbc/bbc_news_summary.jsonl") else {
            return;
        };
        let (mut counted, mut all) = (0, 0);
        for line in jsonl.lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            for key in ["title", "text"] {
                if let Some(t) = v.get(key).and_then(|t| t.as_str()) {
                    for c in t.split_whitespace() {
                        all += 1;
                        counted += usize::from(check(c));
                    }
                }
            }
        }
        eprintln!("{counted} of {all} chunks counted from their bytes");
        assert!(all == 0 || counted * 10 > all * 9, "{counted} of {all}");
    }

    // random chunks (proptest is a native-only dev-dependency)
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn counts_equal_the_tokenizer_on_random_chunks(s in "[aAsStn9'\"(\\[\\])\\-.,;:!?%$&*_@/]{1,12}") {
            check(&s);
        }
    }
}
