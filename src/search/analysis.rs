//! Analysis: how text becomes index terms, using exactly the text layer's tokens
//! and folded forms, plus English stemming and a stop-word list.
//!
//! Every word, number, URL or e-mail token is a term (its folded `norm`); a
//! hyphenated token also yields its parts at the same position, so `seoul`
//! finds `Seoul-based`, and a word after an elision is a part too (`elysee`
//! finds `l’Élysée`). Positions are token indices in the text layer's token
//! stream (punctuation counts), so a phrase never matches across punctuation.
//!
//! # Any language
//!
//! Folding lower-cases every script but drops diacritics only from Latin
//! letters (`Élysée` and `elysee` meet; Japanese `が` stays `が`). Stemming is
//! English only: a document whose [`Lang`] is not English is matched by its
//! exact words (and prefixes and typos), never by English stems.
//!
//! Chinese, Japanese and Korean ([`is_cjk`]) write words without spaces, or
//! glue particles to them (`서울에서`, "in Seoul"), so a word is rarely a whole
//! token. Their text is indexed by overlapping character **bigrams** as well:
//! each pair of adjacent CJK characters, inside a token or across two
//! adjacent tokens, is a term at the position of the token holding its first
//! character (`東京都` → `東京`, `京都`). A query's run of CJK characters
//! becomes its bigrams ([`cjk_query_terms`]; a single character stays a
//! unigram, which the text layer already indexes for Han and kana), so any
//! word inside an article finds it, whatever the language tag says.

pub use crate::text::fast::{text_layer, tokenize_fast, tokenize_fast_no_shapes};
use crate::text::normalize::push_lower;
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

/// True for a character of Chinese, Japanese or Korean text (Han, Hiragana,
/// Katakana, Hangul), indexed by bigrams.
pub fn is_cjk(c: char) -> bool {
    matches!(
        c as u32,
        0x1100..=0x11FF
            | 0x3041..=0x3096
            | 0x309D..=0x309F
            | 0x30A1..=0x30FA
            | 0x30FC..=0x30FF
            | 0x3130..=0x318F
            | 0x31F0..=0x31FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xAC00..=0xD7AF
            | 0xF900..=0xFAFF
            | 0xFF66..=0xFF9F
            | 0x20000..=0x2FA1F
    )
}

/// True when `s` is not empty and all its characters are CJK.
pub fn all_cjk(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_cjk)
}

/// The language of a document, as far as analysis cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English, or not said: English stemming applies.
    #[default]
    English,
    /// Any other language: exact words only (folding and CJK bigrams still apply).
    Other,
}

impl Lang {
    /// The language of a BCP 47 tag (`en`, `en-GB`, `fr`, `ja`…); absent or
    /// empty reads as English.
    pub fn from_tag(tag: Option<&str>) -> Lang {
        let Some(t) = tag.map(str::trim).filter(|t| !t.is_empty()) else {
            return Lang::English;
        };
        let primary = t.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("en") || primary.eq_ignore_ascii_case("eng") {
            Lang::English
        } else {
            Lang::Other
        }
    }

    /// True when English stems may match this document's words.
    pub fn stems(self) -> bool {
        self == Lang::English
    }
}

/// The folded terms of one token with their byte ranges: the whole token,
/// for a hyphenated one its parts, and for CJK text its character bigrams
/// (with `next`, the token after it, when a bigram crosses into it).
pub fn token_terms(
    text: &str,
    tok: &Token,
    next: Option<&Token>,
    ti: u32,
    out: &mut Vec<Occurrence>,
) {
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
    if tok.kind == TokenKind::Word && tok.norm.contains('\'') {
        elided_part(text, tok, ti, out);
    }
    if tok.norm.bytes().any(|b| b >= 0xE1) {
        cjk_bigrams(text, tok, next, ti, out);
    }
}

/// The word after an elided article or particle (`l’Élysée`, `d’Artagnan`,
/// `qu’il`, `dell’Italia`, `O’Brien`): one to three letters, an apostrophe,
/// then the word, indexed as a part so that `elysee` finds `l’Élysée`.
fn elided_part(text: &str, tok: &Token, ti: u32, out: &mut Vec<Occurrence>) {
    let raw = text.get(tok.start..tok.end).unwrap_or("");
    let Some((k, c)) = raw
        .char_indices()
        .find(|&(_, c)| c == '\'' || c == '\u{2019}')
    else {
        return;
    };
    let head = raw.get(..k).unwrap_or("");
    let n = head.chars().count();
    if !(1..=4).contains(&n) || !head.chars().all(char::is_alphabetic) {
        return;
    }
    let from = k + c.len_utf8();
    let rest = raw.get(from..).unwrap_or("");
    if !rest.chars().next().is_some_and(char::is_alphabetic) {
        return;
    }
    let folded = crate::text::fold(rest);
    out.push(Occurrence {
        term: clip(&folded).to_string(),
        pos: ti,
        start: tok.start + from,
        end: tok.end,
        part: true,
    });
}

/// The CJK bigrams of a token (inside it when it holds more than two
/// characters, and across into `next` when that starts where it ends).
fn cjk_bigrams(text: &str, tok: &Token, next: Option<&Token>, ti: u32, out: &mut Vec<Occurrence>) {
    let raw = text.get(tok.start..tok.end).unwrap_or("");
    let mut prev: Option<(usize, char)> = None;
    let whole = raw.chars().count() <= 2;
    for (k, c) in raw.char_indices() {
        let at = tok.start + k;
        if let Some((ps, pc)) = prev {
            if !whole && is_cjk(pc) && is_cjk(c) {
                push_bigram(pc, c, ps, at + c.len_utf8(), ti, out);
            }
        }
        prev = Some((at, c));
    }
    let (Some((ps, pc)), Some(n)) = (prev, next) else {
        return;
    };
    if n.start != tok.end || !is_indexed(n.kind) || !is_cjk(pc) {
        return;
    }
    if let Some(c) = text.get(n.start..n.end).and_then(|s| s.chars().next()) {
        if is_cjk(c) {
            push_bigram(pc, c, ps, n.start + c.len_utf8(), ti, out);
        }
    }
}

fn push_bigram(a: char, b: char, start: usize, end: usize, ti: u32, out: &mut Vec<Occurrence>) {
    let mut term = String::with_capacity(8);
    push_lower(a, &mut term);
    push_lower(b, &mut term);
    out.push(Occurrence {
        term,
        pos: ti,
        start,
        end,
        part: true,
    });
}

/// The query terms of a run of adjacent all-CJK tokens: each token's
/// characters with its offset, as bigrams (a lone character as itself).
pub fn cjk_query_terms(chars: &[(char, u32)], out: &mut Vec<(String, u32)>) {
    if let [(c, off)] = chars {
        let mut t = String::with_capacity(4);
        push_lower(*c, &mut t);
        out.push((t, *off));
        return;
    }
    for w in chars.windows(2) {
        if let [(a, off), (b, _)] = w {
            let mut t = String::with_capacity(8);
            push_lower(*a, &mut t);
            push_lower(*b, &mut t);
            out.push((t, *off));
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
        token_terms(text, t, toks.get(i + 1), i as u32, &mut out);
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

    #[test]
    fn cjk_bigrams_inside_and_across_tokens() {
        let terms =
            |t: &str| -> Vec<String> { occurrences(t).into_iter().map(|o| o.term).collect() };
        // Han: one token a character, bigrams across them
        let zh = terms("北京大学");
        for b in ["北京", "京大", "大学", "北"] {
            assert!(zh.contains(&b.to_string()), "{b} in {zh:?}");
        }
        // Hangul: a particle glued to the word
        let fr = terms("à l’Élysée");
        assert!(fr.contains(&"elysee".to_string()), "{fr:?}");
        let ko = terms("서울에서 열린");
        assert!(ko.contains(&"서울".to_string()), "{ko:?}");
        // the byte ranges cover the two characters
        let occ = occurrences("東京都");
        let o = occ.iter().find(|o| o.term == "京都").unwrap();
        assert_eq!(&"東京都"[o.start..o.end], "京都");
        assert_eq!(Lang::from_tag(Some("en-GB")), Lang::English);
        assert_eq!(Lang::from_tag(Some("fr")), Lang::Other);
        assert_eq!(Lang::from_tag(None), Lang::English);
    }
}
