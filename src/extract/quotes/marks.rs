//! Quotation marks: which tokens open and close a quote, and what lies between.
//!
//! Marks are paired paragraph by paragraph ([`find_segments`]). Curly marks
//! say which way they face; straight ones (`"`, `'`) and misused curly ones
//! are read from their surroundings: a mark after a space and before a word
//! opens, one after a word and before a space or punctuation closes. Two
//! apostrophes in a row (`''`) are a double mark. Inside a double quote,
//! single marks are nested quotes and stay part of the content (and the other
//! way round); a single mark opens only before a word, so apostrophes
//! (`the Smiths'`) open nothing. A double quote opened again before it was
//! closed restarts at the new mark; a quote still open at the end of its
//! paragraph becomes an open segment.
//!
//! News style opens each paragraph of a long quote again without closing the
//! previous one; [`chain_paragraphs`] joins such segments into one [`Chain`].
//! Where the paragraph break was lost (`… debt. "He isn't …"`), a straight
//! mark after a finished sentence and a space, inside an open quote, opens
//! the next part instead of closing the quote ([`restarts`]).

use crate::text::{TextLayer, Token, TokenKind};
use std::ops::Range;

/// The token range of each paragraph of `layer`.
pub(super) fn paragraph_tokens(layer: &TextLayer) -> Vec<Range<usize>> {
    let tokens = &layer.tokens;
    let mut out = Vec::with_capacity(layer.paragraphs.len());
    let mut ti = 0;
    for p in &layer.paragraphs {
        while ti < tokens.len() && tokens[ti].start < p.start {
            ti += 1;
        }
        let s = ti;
        while ti < tokens.len() && tokens[ti].end <= p.end {
            ti += 1;
        }
        out.push(s..ti);
    }
    out
}

/// The paragraph holding token `ti`.
pub(super) fn para_index(paras: &[Range<usize>], ti: usize) -> usize {
    paras.partition_point(|r| r.end <= ti)
}

/// Which quotation mark a token is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mark {
    DoubleOpen,
    DoubleClose,
    DoubleAmb,
    SingleOpen,
    SingleClose,
    SingleAmb,
}

fn mark_of(t: &Token, text: &str) -> Option<Mark> {
    if t.kind != TokenKind::Punct {
        return None;
    }
    let s = t.text(text);
    let mut cs = s.chars();
    let c = cs.next()?;
    if cs.next().is_some() {
        return None;
    }
    Some(match c {
        '“' | '„' | '«' | '‟' => Mark::DoubleOpen,
        '”' | '»' => Mark::DoubleClose,
        '"' => Mark::DoubleAmb,
        '‘' | '‚' | '‛' => Mark::SingleOpen,
        '’' => Mark::SingleClose,
        '\'' => Mark::SingleAmb,
        _ => return None,
    })
}

fn char_before(text: &str, b: usize) -> Option<char> {
    text.get(..b).and_then(|s| s.chars().next_back())
}

fn char_after(text: &str, b: usize) -> Option<char> {
    text.get(b..).and_then(|s| s.chars().next())
}

/// A mark at bytes `m` could open: after a space (or a bracket, dash, mark),
/// before a non-space.
fn opening_context(text: &str, m: &Range<usize>) -> bool {
    let before = char_before(text, m.start);
    let after = char_after(text, m.end);
    let b_ok = before.map_or(true, |c| c.is_whitespace() || "([{—–-/“‘\"'".contains(c));
    let a_ok = after.is_some_and(|c| !c.is_whitespace());
    b_ok && a_ok
}

/// A mark at bytes `m` could close: after a non-space, before no letter or digit.
fn closing_context(text: &str, m: &Range<usize>) -> bool {
    let after = char_after(text, m.end);
    let before = char_before(text, m.start);
    before.is_some_and(|c| !c.is_whitespace()) && after.map_or(true, |c| !c.is_alphanumeric())
}

/// A straight double mark at bytes `m`, inside an open quote, that opens a
/// new part of it: a space before it, a sentence's final punctuation before
/// the space, a word right after it.
fn restarts(text: &str, m: &Range<usize>) -> bool {
    let before = text.get(..m.start).unwrap_or("");
    let trimmed = before.trim_end_matches(' ');
    let spaced = trimmed.len() < before.len();
    let sentence_end = trimmed
        .chars()
        .next_back()
        .is_some_and(|c| matches!(c, '.' | '?' | '!' | '…'));
    let word_next = char_after(text, m.end).is_some_and(char::is_alphanumeric);
    spaced && sentence_end && word_next
}

/// One quoted stretch: mark tokens and the content tokens between them.
#[derive(Debug, Clone)]
pub(super) struct Seg {
    /// Token index of the opening mark.
    pub(super) open: usize,
    /// Token index of the closing mark (None when the paragraph ended first).
    pub(super) close: Option<usize>,
    /// Content token range.
    pub(super) content: Range<usize>,
    /// Paragraph index.
    pub(super) para: usize,
}

/// Finds quoted segments paragraph by paragraph (`paras`: token ranges), in
/// text order, each with some content.
pub(super) fn find_segments(text: &str, tokens: &[Token], paras: &[Range<usize>]) -> Vec<Seg> {
    let mut out = Vec::new();
    for (pi, pr) in paras.iter().enumerate() {
        crate::extract::work::add(pr.len());
        paragraph_segments(text, tokens, pr, pi, &mut out);
    }
    out.retain(|s| s.content.start < s.content.end);
    out
}

/// The mark starting at token `i` (before `end`): its kind and its first and
/// last tokens (`''` is two tokens).
fn read_mark(text: &str, tokens: &[Token], i: usize, end: usize) -> Option<(Mark, usize, usize)> {
    let m = mark_of(&tokens[i], text)?;
    if m == Mark::SingleAmb
        && i + 1 < end
        && tokens[i + 1].start == tokens[i].end
        && mark_of(&tokens[i + 1], text) == Some(Mark::SingleAmb)
    {
        return Some((Mark::DoubleAmb, i, i + 1));
    }
    Some((m, i, i))
}

/// Pairs the marks of paragraph `pi` (tokens `pr`), pushing its segments.
fn paragraph_segments(
    text: &str,
    tokens: &[Token],
    pr: &Range<usize>,
    pi: usize,
    out: &mut Vec<Seg>,
) {
    // the open quote: (is_double, first token of its mark, last token of it)
    let mut open: Option<(bool, usize, usize)> = None;
    let mut i = pr.start;
    while i < pr.end {
        let Some((m, first, last)) = read_mark(text, tokens, i, pr.end) else {
            i += 1;
            continue;
        };
        i = last + 1;
        let bytes = tokens[first].start..tokens[last].end;
        let closed = |o_first: usize, o_last: usize| Seg {
            open: o_first,
            close: Some(last),
            content: o_last + 1..first,
            para: pi,
        };
        let opens = opening_context(text, &bytes);
        let closes = closing_context(text, &bytes);
        let word_next =
            char_after(text, bytes.end).is_some_and(|c| c.is_alphanumeric() || c == '…');
        match (open, m) {
            (None, Mark::DoubleOpen) => open = Some((true, first, last)),
            (None, Mark::DoubleAmb) if opens || !closes => open = Some((true, first, last)),
            // a closing glyph used as an opener (`”Yes”`); otherwise a stray mark
            (None, Mark::DoubleClose) if opens && !closes => open = Some((true, first, last)),
            (None, Mark::SingleOpen) | (None, Mark::SingleAmb) if opens && word_next => {
                open = Some((false, first, last));
            }
            // BBC style run-on (`… debt. "He isn't …`): a straight mark after
            // a finished sentence and a space, before a word, opens the next
            // part of the same quote; the part before stays open
            (Some((true, of, ol)), Mark::DoubleAmb) if restarts(text, &bytes) => {
                out.push(Seg {
                    open: of,
                    close: None,
                    content: ol + 1..first,
                    para: pi,
                });
                open = Some((true, first, last));
            }
            (Some((true, of, ol)), Mark::DoubleClose) | (Some((true, of, ol)), Mark::DoubleAmb) => {
                out.push(closed(of, ol));
                open = None;
            }
            // the previous quote was never closed: restart here
            (Some((true, _, _)), Mark::DoubleOpen) if opens && !closes => {
                open = Some((true, first, last));
            }
            (Some((true, of, ol)), Mark::DoubleOpen) => {
                out.push(closed(of, ol));
                open = None;
            }
            (Some((false, of, ol)), Mark::SingleClose)
            | (Some((false, of, ol)), Mark::SingleAmb)
                if closes =>
            {
                out.push(closed(of, ol));
                open = None;
            }
            // marks of the other kind inside a quote are nested quotes
            _ => {}
        }
    }
    if let Some((_, of, ol)) = open {
        if ol + 1 < pr.end {
            out.push(Seg {
                open: of,
                close: None,
                content: ol + 1..pr.end,
                para: pi,
            });
        }
    }
}

/// For each token: (inside the content of a segment, part of a segment's mark).
pub(super) fn mark_flags(n: usize, segs: &[Seg]) -> (Vec<bool>, Vec<bool>) {
    let mut in_quote = vec![false; n];
    let mut is_mark = vec![false; n];
    for s in segs {
        for f in in_quote[s.content.clone()].iter_mut() {
            *f = true;
        }
        for f in is_mark[s.open..s.content.start].iter_mut() {
            *f = true;
        }
        if let Some(c) = s.close {
            for f in is_mark[s.content.end..=c].iter_mut() {
                *f = true;
            }
        }
    }
    (in_quote, is_mark)
}

/// One quote as marked: a segment, or segments chained over paragraphs.
#[derive(Debug, Clone)]
pub(super) struct Chain {
    /// Content tokens, from the first segment's content to the last's end.
    pub(super) content: Range<usize>,
    /// Token index of the first segment's opening mark.
    pub(super) open: usize,
    /// Token index of the last segment's closing mark, if it has one.
    pub(super) close: Option<usize>,
    /// Paragraph of the first segment.
    pub(super) para: usize,
    /// Paragraph of the last segment.
    pub(super) last_para: usize,
    /// More than one segment.
    pub(super) multi: bool,
}

/// Joins segments that run over paragraphs: one left open at the end of a
/// paragraph and one opening the next paragraph, or one left open by a
/// fresh opening mark in the same paragraph (see [`restarts`]) and the part
/// that mark opens.
pub(super) fn chain_paragraphs(segs: Vec<Seg>, paras: &[Range<usize>]) -> Vec<Chain> {
    let mut chains: Vec<Chain> = Vec::new();
    for s in segs {
        match chains.last_mut() {
            Some(c)
                if c.close.is_none()
                    && (s.para == c.last_para + 1
                        && paras.get(s.para).is_some_and(|p| p.start == s.open)
                        || s.para == c.last_para && s.open == c.content.end) =>
            {
                c.content.end = s.content.end;
                c.close = s.close;
                c.last_para = s.para;
                c.multi = true;
            }
            _ => chains.push(Chain {
                content: s.content,
                open: s.open,
                close: s.close,
                para: s.para,
                last_para: s.para,
                multi: false,
            }),
        }
    }
    chains
}

/// True when the quote opening at token `open` opens its paragraph `p`.
pub(super) fn at_paragraph_start(open: usize, paras: &[Range<usize>], p: usize) -> bool {
    paras.get(p).is_some_and(|r| r.start == open)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The content of each chain of `text`.
    fn chains(text: &str) -> Vec<(String, bool)> {
        let layer = TextLayer::new(text);
        let paras = paragraph_tokens(&layer);
        let segs = find_segments(text, &layer.tokens, &paras);
        chain_paragraphs(segs, &paras)
            .into_iter()
            .map(|c| {
                let t = &layer.tokens;
                let s = &text[t[c.content.start].start..t[c.content.end - 1].end];
                (s.to_string(), c.multi)
            })
            .collect()
    }

    #[test]
    fn nested_marks_stay_inside_the_outer_quote() {
        let text = "He said: “I heard ‘no’ twice.” Then he left.";
        assert_eq!(chains(text), [("I heard ‘no’ twice.".to_string(), false)]);
    }

    #[test]
    fn straight_and_doubled_marks_pair_by_context() {
        assert_eq!(
            chains("''Yes,'' he said. \"Go,\" she said."),
            [("Yes,".to_string(), false), ("Go,".to_string(), false)]
        );
        assert!(chains("The Smiths' house is big.").is_empty());
    }

    #[test]
    fn a_fresh_mark_after_a_sentence_runs_the_quote_on() {
        // the paragraph break between the two parts was lost
        let text =
            "He said: \"I can't see any difference. \"He isn't bringing any money.\" Then he left.";
        assert_eq!(
            chains(text),
            [(
                "I can't see any difference. \"He isn't bringing any money.".to_string(),
                true
            )]
        );
        // a closing mark after a word still closes
        assert_eq!(
            chains("She called it \"vacuous\" and \"wrong\". He agreed."),
            [("vacuous".to_string(), false), ("wrong".to_string(), false)]
        );
    }

    #[test]
    fn a_quote_reopened_in_the_next_paragraph_runs_on() {
        let text = "“First part of it.\n\n“Second part,” he said.";
        assert_eq!(
            chains(text),
            [("First part of it.\n\n“Second part,".to_string(), true)]
        );
    }
}
