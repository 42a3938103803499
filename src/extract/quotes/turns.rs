//! Speaker labels: a name and a colon that say who speaks, with no speech
//! verb.
//!
//! News uses the colon two ways for speech:
//!
//! - **Transcripts.** An interview printed as turns, each paragraph opening
//!   with its speaker's name in capitals (`WALLACE: Let’s start with…`,
//!   `PENCE: Well, look…`), often all inside one run-on quotation. Every
//!   turn is a quote of its own, said by the name before the colon, and the
//!   quotation marks that wrap the whole exchange say nothing about who
//!   speaks.
//! - **Headlines.** `Pence: Gennifer Flowers Won’t Be at Debate`,
//!   `Lynch: No outside influence on FBI probe`: the claim after the colon
//!   is what the named person said.
//!
//! A colon after a word in capitals is also a label of another kind
//! (`UPDATE:`, `EXCLUSIVE:`, `Profile: Gordon Brown`, `Analysis: …`), and a
//! name before a colon is also a headline's subject (`Arthur Hailey: King
//! of the bestsellers`). So a label counts only when it names a person or
//! organisation of the article, and a headline's claim only when it reads as
//! speech: a clause or words in quotation marks.

use super::attribution::{is_word, Ctx};
use super::marks::Chain;
use crate::extract::{EntityRef, Label};
use crate::text::{fold, line_break_before, Token};
use std::ops::Range;

/// Most words in a transcript's speaker label (`JAKE TAPPER`).
const MAX_TURN_LABEL: usize = 3;
/// Most words in a headline's speaker label (`Dr. Ben Carson`).
const MAX_HEADLINE_LABEL: usize = 4;
/// Most words in a headline.
const MAX_HEADLINE_WORDS: usize = 30;

/// A quote given by a speaker label (token ranges).
pub(super) struct Turn {
    /// The label's words.
    pub(super) label: Range<usize>,
    /// The colon.
    pub(super) colon: usize,
    /// What the label's speaker said.
    pub(super) content: Range<usize>,
    /// Paragraph of the turn.
    pub(super) para: usize,
    /// The entity the label names (`None`: a transcript's speaker the
    /// article names no other way).
    pub(super) entity: Option<usize>,
    /// In the headline.
    headline: bool,
}

impl Turn {
    /// The quote chain the turn stands for.
    pub(super) fn chain(&self) -> Chain {
        Chain {
            content: self.content.clone(),
            open: self.label.start,
            close: None,
            para: self.para,
            last_para: self.para,
            multi: false,
        }
    }
}

/// The turns of a text: transcript paragraphs and a headline's claim (see
/// the module docs). `chains` are the marked quotes (a headline's claim
/// wholly in quotation marks is their content, without the marks).
pub(super) fn turns(
    ctx: &Ctx,
    paras: &[Range<usize>],
    entities: &[EntityRef],
    chains: &[&Chain],
) -> Vec<Turn> {
    // the people of the article by the last word of their names
    let mut surnames: Vec<(String, usize)> = entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.label == Label::Per)
        .filter_map(|(i, e)| Some((fold(e.name.rsplit(' ').next()?), i)))
        .collect();
    crate::text::sort::sort_by(&mut surnames, Ord::cmp);
    let mut out = Vec::new();
    for (pi, p) in paras.iter().enumerate() {
        // a transcript's turn may open a run-on quotation: `"WALLACE: …`
        let mut start = p.start;
        if start < p.end && (ctx.is_mark[start] || is_quote_char(ctx.tok(start))) {
            start += 1;
        }
        let headline = pi == 0 && ctx.words_in(p) <= MAX_HEADLINE_WORDS;
        let max = if headline {
            MAX_HEADLINE_LABEL
        } else {
            MAX_TURN_LABEL
        };
        let Some(colon) = (start..p.end.min(start + max + 1)).find(|&i| ctx.tok(i) == ":") else {
            continue;
        };
        let label = start..colon;
        let shouted = label_words(ctx, &label, |t| is_shouted(ctx.text, t));
        let capitalized = label_words(ctx, &label, |t| t.is_capitalized(ctx.text));
        if !(shouted || headline && capitalized) {
            continue;
        }
        let entity = named(ctx, &label, entities, &surnames, headline);
        if headline && entity.is_none() {
            continue;
        }
        // a headline is its first line (a second may be a standfirst)
        let mut end = if headline {
            (colon + 1..p.end)
                .find(|&i| line_break_before(ctx.text, ctx.tokens, i))
                .unwrap_or(p.end)
        } else {
            p.end
        };
        // and its last full stop (or the `;` before a standfirst)
        if headline && end > colon + 1 && matches!(ctx.tok(end - 1), "." | ";" | ",") {
            end -= 1;
        }
        // a turn that opens with a quotation mark may close with one
        let opened = start > p.start;
        if opened && end > colon + 1 && (ctx.is_mark[end - 1] || is_quote_char(ctx.tok(end - 1))) {
            end -= 1;
        }
        let mut content = colon + 1..end;
        if ctx.words_in(&content) < 2 {
            continue;
        }
        if headline {
            // a claim wholly in quotation marks is the quote's content
            if let Some(c) = chains
                .iter()
                .find(|c| c.open == colon + 1 && c.content.end >= end.saturating_sub(1))
            {
                content = c.content.clone();
            } else if !says_something(ctx, &content) {
                continue;
            }
        }
        out.push(Turn {
            label,
            colon,
            content,
            para: pi,
            entity,
            headline,
        });
    }
    // A transcript's speaker the article names no other way (the host,
    // `WALLACE:`) speaks in two turns or more, in an exchange: with a
    // speaker it does name, or with another who speaks twice. Other labels
    // in capitals (`UPDATE:`) are not speakers.
    let label_of = |t: &Turn| {
        ctx.tokens[t.label.start..t.label.end]
            .iter()
            .map(|x| x.norm.as_str())
            .collect::<Vec<_>>()
    };
    // the body's labels, sorted, to count each one's turns
    let mut body: Vec<Vec<&str>> = out.iter().filter(|t| !t.headline).map(label_of).collect();
    crate::text::sort::sort_by(&mut body, Ord::cmp);
    let turns_of = |l: &[&str]| {
        body.partition_point(|m| m.as_slice() <= l) - body.partition_point(|m| m.as_slice() < l)
    };
    let mut twice = 0;
    for (i, l) in body.iter().enumerate() {
        if (i == 0 || body[i - 1] != *l) && turns_of(l) >= 2 {
            twice += 1;
        }
    }
    let exchange = out.iter().any(|t| !t.headline && t.entity.is_some()) || twice >= 2;
    let repeated: Vec<bool> = out
        .iter()
        .map(|t| !t.headline && turns_of(&label_of(t)) >= 2)
        .collect();
    let mut kept = Vec::with_capacity(out.len());
    for (t, rep) in out.into_iter().zip(repeated) {
        if t.entity.is_some() || exchange && rep {
            kept.push(t);
        }
    }
    kept
}

/// True when `r` holds one or more words, and every word passes `ok` (and
/// the other tokens are full stops of initials, `Dr.`).
fn label_words(ctx: &Ctx, r: &Range<usize>, ok: impl Fn(&Token) -> bool) -> bool {
    ctx.words_in(r) >= 1
        && r.clone().all(|i| {
            let t = &ctx.tokens[i];
            if is_word(t) {
                ok(t)
            } else {
                ctx.tok(i) == "."
            }
        })
}

/// True for a token that is one quotation mark, paired or not.
fn is_quote_char(s: &str) -> bool {
    let mut cs = s.chars();
    cs.next().is_some_and(crate::text::is_quote_char) && cs.next().is_none()
}

/// True for a word in capitals of two letters or more (`WALLACE`).
fn is_shouted(text: &str, t: &Token) -> bool {
    let s = t.text(text);
    s.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !s.chars().any(char::is_lowercase)
}

/// The entity a label names: a person of the article whose name ends with
/// the label's last word (`PENCE`, `Mike Pence`); in a headline also a
/// person or organisation the label is a mention of (`Politifact:`).
fn named(
    ctx: &Ctx,
    label: &Range<usize>,
    entities: &[EntityRef],
    surnames: &[(String, usize)],
    headline: bool,
) -> Option<usize> {
    let last = (label.start..label.end)
        .rev()
        .find(|&i| is_word(&ctx.tokens[i]))?;
    let last = ctx.norm(last);
    let at = surnames.partition_point(|(s, _)| s.as_str() < last);
    if let Some((s, i)) = surnames.get(at) {
        if s == last {
            return Some(*i);
        }
    }
    if !headline {
        return None;
    }
    let span = ctx.tokens[label.start].start..ctx.tokens[label.end - 1].end;
    entities
        .iter()
        .position(|e| matches!(e.label, Label::Per | Label::Org) && e.mentions.contains(&span))
}

/// True when a headline's words after the colon read as something said: a
/// clause (see `speech.rs`) or words in quotation marks.
fn says_something(ctx: &Ctx, r: &Range<usize>) -> bool {
    r.clone().any(|i| ctx.is_mark[i]) || super::speech::is_clause(ctx, r)
}
