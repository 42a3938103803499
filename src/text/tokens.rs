//! Tokens on Unicode word boundaries (UAX #29) with news-aware rules.
//!
//! On top of `unicode-segmentation`'s word boundaries:
//! - hyphenated words and model names stay one token (`Hwasong-17`, `Seoul-based`);
//! - possessive and contracted `’s` / `'s` (and `n't`, `'re`, `'ve`, `'ll`, `'d`, `'m`)
//!   are split off, as in news treebanks (`Russia` + `’s`);
//! - numbers with separators, currency amounts and percentages stay whole
//!   (`1,000.5`, `$1.13bn`, `£600m`, `76%`);
//! - abbreviations keep their full stop (`U.S.`, `Dr.`, `J.`); ellipses are one token;
//! - URLs and e-mail addresses are one token.

use super::normalize::fold_into;
pub use compact_str::CompactString;
use serde::Serialize;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// Contains letters (possibly digits and hyphens too): `Kim`, `Hwasong-17`, `U.S.`.
    Word,
    /// Starts with a digit or a currency sign: `1,000.5`, `$1.13bn`, `76%`, `1996-08-22`.
    Number,
    /// Punctuation: `.`, `,`, `“`, `—`, `...`.
    Punct,
    /// Symbols and emoji: `+`, `😀`.
    Symbol,
    /// A web address: `https://example.org/a?b=c`, `www.bbc.co.uk`.
    Url,
    /// An e-mail address: `desk@example.org`.
    Email,
}

/// One token of a text.
///
/// A token is kept small because an analysis holds one per word and
/// punctuation mark of its text (a megabyte of commas is a million tokens):
/// its offsets, its kind and its folded form, nothing that can be derived
/// from them on demand (its text, [`Token::shape`]). In wasm32 a token is
/// 24 bytes, its folded form included when it takes at most 12 bytes (most
/// words): no allocation of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// What the token is made of.
    pub kind: TokenKind,
    /// Normalized form: case- and diacritic-folded, ASCII quotes (`André` → `andre`, `’s` → `'s`).
    pub norm: CompactString,
}

impl Token {
    /// The byte range of the token.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The token's text in `text` (the text it was made from).
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// The token's shape ([`shape_of`] its text): `X` upper, `x` lower, `d`
    /// digit, other characters as they are, runs longer than four cut to
    /// four (`Hwasong-17` → `Xxxxx-dd`). Made on demand, not stored.
    pub fn shape(&self, text: &str) -> String {
        shape_of(self.text(text))
    }

    /// Byte ranges of the hyphen-separated parts of a hyphenated token
    /// (`Seoul-based` → `Seoul`, `based`); one part for other tokens.
    pub fn parts(&self, text: &str) -> Vec<Range<usize>> {
        let s = self.text(text);
        if self.kind == TokenKind::Url || self.kind == TokenKind::Email {
            return vec![self.range()];
        }
        let mut out = Vec::new();
        let mut from = 0;
        for (i, c) in s.char_indices() {
            if is_hyphen(c) {
                if i > from {
                    out.push(self.start + from..self.start + i);
                }
                from = i + c.len_utf8();
            }
        }
        if from < s.len() {
            out.push(self.start + from..self.end);
        }
        if out.is_empty() {
            out.push(self.range());
        }
        out
    }

    /// True when the first character is an upper-case letter.
    pub fn is_capitalized(&self, text: &str) -> bool {
        self.text(text)
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    }
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn is_currency(c: char) -> bool {
    matches!(
        c,
        '$' | '£'
            | '€'
            | '¥'
            | '₹'
            | '₩'
            | '₽'
            | '₺'
            | '₪'
            | '₫'
            | '฿'
            | '₦'
            | '₱'
            | '¢'
    )
}

/// Abbreviations that keep their full stop (folded, without the dot): the
/// one list, `data/abbreviations.txt`.
static ABBREVIATIONS: super::hash::WordSet =
    super::hash::WordSet::from_lines(include_str!("data/abbreviations.txt"));

/// True for a folded abbreviation (without its dot) that keeps its full stop.
pub(crate) fn is_abbreviation(folded: &str) -> bool {
    ABBREVIATIONS.contains(folded)
}

/// Suffixes split off as their own token (folded forms).
const CLITICS: &[&str] = &["'s", "n't", "'re", "'ve", "'ll", "'d", "'m"];

#[derive(Clone, Copy)]
struct Seg {
    start: usize,
    end: usize,
}

fn seg_str<'a>(text: &'a str, s: &Seg) -> &'a str {
    &text[s.start..s.end]
}

fn is_alnum_seg(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_alphanumeric)
}

fn is_numeric_seg(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// An upper bound of the number of tokens [`tokenize`] makes of `text`, in
/// one pass without allocating: every run of letters and every run of digits
/// counts one (a word the tokenizer may cut at an apostrophe or a hyphen is
/// counted in pieces, as the punctuation between them counts too), every
/// other character that is not whitespace counts one (punctuation, symbols,
/// emoji, and each character of a script written without spaces: CJK, Thai,
/// ...). On news prose the bound is within a few percent of the real count.
///
/// The memory budget checks a text with it before any work
/// (`pipeline::errors`), and the tokenizer sizes its array with it, so that
/// the array is allocated once instead of doubling (a doubling array briefly
/// holds three times its tokens).
pub fn estimate_tokens(text: &str) -> usize {
    let mut n = 0usize;
    let mut run = Run::None;
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(&x) = b.get(i) {
        // ASCII a byte at a time; other characters decoded
        let (now, space, len) = if x < 0x80 {
            (ASCII_RUN[x as usize], matches!(x, b'\t'..=b'\r' | b' '), 1)
        } else {
            match text.get(i..).and_then(|s| s.chars().next()) {
                Some(c) => (char_run(c), c.is_whitespace(), c.len_utf8()),
                None => break,
            }
        };
        if now == Run::None {
            if !space {
                n += 1;
            }
        } else if now != run {
            n += 1;
        }
        run = now;
        i += len;
    }
    n
}

/// What kind of run a character of [`estimate_tokens`] belongs to.
#[derive(PartialEq, Clone, Copy)]
enum Run {
    None,
    Letters,
    Digits,
}

/// The run of each ASCII byte.
const ASCII_RUN: [Run; 128] = {
    let mut t = [Run::None; 128];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        if c.is_ascii_alphabetic() {
            t[i] = Run::Letters;
        } else if c.is_ascii_digit() {
            t[i] = Run::Digits;
        }
        i += 1;
    }
    t
};

/// The run of a character outside ASCII.
fn char_run(c: char) -> Run {
    if c.is_numeric() {
        Run::Digits
    } else if c.is_alphabetic() && (c as u32) < 0x0E00 {
        // Latin, Greek, Cyrillic, Hebrew, Arabic, Indic: words between spaces
        Run::Letters
    } else {
        Run::None
    }
}

/// Splits `text` into tokens (see the module documentation for the rules).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        // skip whitespace
        let c = match text[i..].chars().next() {
            Some(c) => c,
            None => break,
        };
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let cs = i;
        let mut ce = i;
        for (k, ch) in text[i..].char_indices() {
            if ch.is_whitespace() {
                break;
            }
            ce = i + k + ch.len_utf8();
        }
        tokenize_chunk(text, cs, ce, &mut out);
        i = ce;
        let _ = bytes;
    }
    out
}

fn push_token(text: &str, start: usize, end: usize, kind: Option<TokenKind>, out: &mut Vec<Token>) {
    let s = &text[start..end];
    let kind = kind.unwrap_or_else(|| classify(s));
    // built in place when ASCII (most words: no allocation once inline)
    let norm = if s.is_ascii() {
        let mut n = CompactString::from(s);
        n.as_mut_str().make_ascii_lowercase();
        n
    } else {
        let mut n = String::with_capacity(s.len());
        fold_into(s, &mut n);
        CompactString::from(n.as_str())
    };
    out.push(Token {
        start,
        end,
        kind,
        norm,
    });
}

fn classify(s: &str) -> TokenKind {
    let first = s.chars().next().unwrap_or(' ');
    if first.is_ascii_digit() || (is_currency(first) && s.chars().count() > 1) {
        return TokenKind::Number;
    }
    if s.chars().any(char::is_alphabetic) {
        return TokenKind::Word;
    }
    if s.chars().any(char::is_numeric) {
        return TokenKind::Number;
    }
    if s.chars().all(is_punct_char) {
        TokenKind::Punct
    } else {
        TokenKind::Symbol
    }
}

fn is_punct_char(c: char) -> bool {
    c.is_ascii_punctuation() && !matches!(c, '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~')
        || matches!(
            c,
            '\u{2010}'
                ..='\u{2027}'
                    | '\u{00AB}'
                    | '\u{00BB}'
                    | '\u{00BF}'
                    | '\u{00A1}'
                    | '\u{3001}'
                    | '\u{3002}'
                    | '\u{FF0C}'
                    | '\u{FF01}'
                    | '\u{FF1F}'
        )
}

/// The shape of a string: `X` upper, `x` lower, `d` digit, other
/// characters as they are, runs longer than four cut to four
/// (`Hwasong-17` → `Xxxxx-dd`; [`Token::shape`]).
pub fn shape_of(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(16));
    let mut last = '\0';
    let mut run = 0;
    for c in s.chars() {
        let m = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else if c.is_alphabetic() {
            'x'
        } else {
            c
        };
        if m == last {
            run += 1;
            if run > 4 {
                continue;
            }
        } else {
            last = m;
            run = 1;
        }
        out.push(m);
    }
    out
}

const URL_PREFIXES: &[&str] = &["http://", "https://", "ftp://", "www."];
const OPENERS: &[char] = &[
    '(', '[', '{', '<', '"', '\'', '\u{201C}', '\u{2018}', '\u{00AB}',
];
const TRAILERS: &[char] = &[
    '.', ',', ';', ':', '!', '?', ')', ']', '}', '>', '"', '\'', '\u{201D}', '\u{2019}', '\u{00BB}',
];

fn starts_with_ci(s: &str, p: &str) -> bool {
    s.len() >= p.len() && s.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
}

/// Finds a URL or e-mail core inside a chunk: (start, end, kind), byte offsets in `text`.
fn special_core(text: &str, cs: usize, ce: usize) -> Option<(usize, usize, TokenKind)> {
    let chunk = &text[cs..ce];
    let lead = chunk.len() - chunk.trim_start_matches(OPENERS).len();
    let core_start = cs + lead;
    let mut core_end = ce;
    while core_end > core_start {
        let s = &text[core_start..core_end];
        match s.chars().next_back() {
            Some(c) if TRAILERS.contains(&c) => {
                // keep a closing parenthesis that closes one inside the URL
                if c == ')' && s.contains('(') && s.matches('(').count() >= s.matches(')').count() {
                    break;
                }
                core_end -= c.len_utf8();
            }
            _ => break,
        }
    }
    let core = &text[core_start..core_end];
    if core.is_empty() {
        return None;
    }
    if URL_PREFIXES.iter().any(|p| starts_with_ci(core, p)) && core.len() > 7 {
        let host_ok = core
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .trim_start_matches("://")
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric());
        if host_ok {
            return Some((core_start, core_end, TokenKind::Url));
        }
    }
    if let Some(at) = core.find('@') {
        let (local, domain) = (&core[..at], &core[at + 1..]);
        let local_ok = !local.is_empty()
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "._%+-".contains(c));
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        if local_ok && domain_ok {
            return Some((core_start, core_end, TokenKind::Email));
        }
    }
    None
}

pub(super) fn tokenize_chunk(text: &str, cs: usize, ce: usize, out: &mut Vec<Token>) {
    if let Some((s, e, kind)) = special_core(text, cs, ce) {
        if s > cs {
            tokenize_plain(text, cs, s, out);
        }
        push_token(text, s, e, Some(kind), out);
        if e < ce {
            tokenize_plain(text, e, ce, out);
        }
        return;
    }
    tokenize_plain(text, cs, ce, out);
}

fn tokenize_plain(text: &str, cs: usize, ce: usize, out: &mut Vec<Token>) {
    let chunk = &text[cs..ce];
    let segs: Vec<Seg> = chunk
        .split_word_bound_indices()
        .map(|(i, s)| Seg {
            start: cs + i,
            end: cs + i + s.len(),
        })
        .collect();
    let n = segs.len();
    let mut i = 0;
    while i < n {
        let mut start = segs[i].start;
        let mut end = segs[i].end;
        let first = seg_str(text, &segs[i]);
        let mut j = i + 1;

        // Ellipsis made of dots.
        if first == "." {
            while j < n && seg_str(text, &segs[j]) == "." {
                end = segs[j].end;
                j += 1;
            }
            push_token(text, start, end, Some(TokenKind::Punct), out);
            i = j;
            continue;
        }

        // Currency sign (optionally after a short upper-case prefix such as `US`) + number.
        let fc = first.chars().next().unwrap_or(' ');
        let cur_prefix = first.len() <= 3
            && first.chars().all(|c| c.is_ascii_uppercase())
            && j + 1 < n
            && seg_str(text, &segs[j]).chars().all(is_currency)
            && is_numeric_seg(seg_str(text, &segs[j + 1]));
        if cur_prefix {
            j += 1;
        }
        let is_cur = cur_prefix || (first.chars().all(is_currency) && first.chars().count() == 1);
        if is_cur && j < n && is_numeric_seg(seg_str(text, &segs[j])) {
            end = segs[j].end;
            j += 1;
            join_hyphens(text, &segs, &mut j, &mut end, false);
            push_token(text, start, end, Some(TokenKind::Number), out);
            i = j;
            continue;
        } else if cur_prefix {
            j -= 1;
        }

        if is_alnum_seg(first) {
            join_hyphens(text, &segs, &mut j, &mut end, true);
            // percent sign after a number
            if is_numeric_seg(first) && j < n && seg_str(text, &segs[j]) == "%" {
                end = segs[j].end;
                j += 1;
            }
            // abbreviation full stop
            let word = &text[start..end];
            if j < n
                && seg_str(text, &segs[j]) == "."
                && !(j + 1 < n && seg_str(text, &segs[j + 1]) == ".")
            {
                let letters = word.chars().filter(|c| c.is_alphabetic()).count();
                let inner_dot = word.contains('.') && word.chars().any(char::is_alphabetic);
                let initial = letters == 1 && word.chars().count() == 1;
                let mut folded = String::new();
                fold_into(word, &mut folded);
                if inner_dot || initial || is_abbreviation(&folded) {
                    end = segs[j].end;
                    j += 1;
                }
            }
            // clitics: Russia’s → Russia + ’s ; don't → do + n't
            let word = &text[start..end];
            if let Some(split) = clitic_split(word) {
                push_token(text, start, start + split, None, out);
                start += split;
            }
            push_token(text, start, end, None, out);
            i = j;
            continue;
        }
        let _ = fc;
        push_token(text, start, end, None, out);
        i = j;
    }
}

/// Joins `-` + alphanumeric segments onto the token ending at `end`.
fn join_hyphens(text: &str, segs: &[Seg], j: &mut usize, end: &mut usize, _words: bool) {
    while *j + 1 < segs.len() {
        let h = seg_str(text, &segs[*j]);
        let next = seg_str(text, &segs[*j + 1]);
        if h.chars().count() == 1 && h.chars().all(is_hyphen) && is_alnum_seg(next) {
            *end = segs[*j + 1].end;
            *j += 2;
        } else {
            break;
        }
    }
}

/// Byte index at which a clitic starts in `word`, if it ends in one.
pub(crate) fn clitic_split(word: &str) -> Option<usize> {
    if word.contains('-') && !word.ends_with("s") {
        return None;
    }
    for cl in CLITICS {
        // match against the word's tail with ’ read as '
        let tail_chars = cl.chars().count();
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        if chars.len() <= tail_chars {
            continue;
        }
        let (at, _) = chars[chars.len() - tail_chars];
        let tail: String = word[at..]
            .chars()
            .map(|c| {
                if c == '\u{2019}' {
                    '\''
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        if tail == *cl {
            // the remaining stem must end in a letter or digit
            if word[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            {
                return Some(at);
            }
        }
    }
    None
}

/// Whether a line break lies between tokens `i - 1` and `i` (false for the
/// first token and past the end).
pub fn line_break_before(text: &str, tokens: &[Token], i: usize) -> bool {
    i > 0
        && text
            .get(tokens.get(i - 1).map_or(0, |t| t.end)..tokens.get(i).map_or(0, |t| t.start))
            .is_some_and(|gap| gap.contains('\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| &s[t.start..t.end]).collect()
    }

    #[test]
    fn news_rules() {
        assert_eq!(
            toks("the Hwasong-17 and Covid-19"),
            ["the", "Hwasong-17", "and", "Covid-19"]
        );
        assert_eq!(toks("Seoul-based site"), ["Seoul-based", "site"]);
        assert_eq!(toks("Russia’s war"), ["Russia", "’s", "war"]);
        assert_eq!(toks("Kim's"), ["Kim", "'s"]);
        assert_eq!(toks("don't"), ["do", "n't"]);
        assert_eq!(
            toks("jumped 76% to $1.13bn (£600m), 1,000.5"),
            ["jumped", "76%", "to", "$1.13bn", "(", "£600m", ")", ",", "1,000.5"]
        );
        assert_eq!(
            toks("the U.S. and Dr. Who"),
            ["the", "U.S.", "and", "Dr.", "Who"]
        );
        assert_eq!(toks("J. K. Rowling"), ["J.", "K.", "Rowling"]);
        assert_eq!(toks("wait... what…"), ["wait", "...", "what", "…"]);
        assert_eq!(
            toks("see https://example.org/a?b=c, or mail desk@example.org."),
            [
                "see",
                "https://example.org/a?b=c",
                ",",
                "or",
                "mail",
                "desk@example.org",
                "."
            ]
        );
        assert_eq!(toks("(www.bbc.co.uk)"), ["(", "www.bbc.co.uk", ")"]);
        assert_eq!(toks("US$5bn"), ["US$5bn"]);
        assert_eq!(toks("“Weapons”"), ["“", "Weapons", "”"]);
        assert_eq!(
            toks("missiles — a charge"),
            ["missiles", "—", "a", "charge"]
        );
    }

    #[test]
    fn kinds_norms_shapes() {
        let s = "André’s Hwasong-17 $1.13bn https://x.org 😀";
        let t = tokenize(s);
        assert_eq!(t[0].norm, "andre");
        assert_eq!(t[1].norm, "'s");
        assert_eq!(t[2].shape(s), "Xxxxx-dd");
        assert_eq!(t[2].kind, TokenKind::Word);
        assert_eq!(t[3].kind, TokenKind::Number);
        assert_eq!(t[4].kind, TokenKind::Url);
        assert_eq!(t[5].kind, TokenKind::Symbol);
        let parts: Vec<&str> = t[2].parts(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(parts, ["Hwasong", "17"]);
    }
}
