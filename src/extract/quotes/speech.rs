//! Is a quoted stretch speech? Quotation marks also hold titles, names and
//! scare quotes; those are dropped.
//!
//! - A quote over several paragraphs is speech.
//! - A title-like stretch (every word capitalized or a number, function words
//!   of `data/title_function_words.txt` aside, no sentence punctuation) is
//!   not, unless it has punctuation and three words or more.
//! - One to three words without punctuation are speech only with a cue in
//!   their sentence (a partial quote inside reported speech: `X said the plan
//!   was “vacuous”`); right after a determiner (`the “reform”`,
//!   `data/scare_quote_openers.txt`) only when the cue comes before them and
//!   nothing of a noun phrase follows them.
//! - One to three words with punctuation need an attribution, or a closed
//!   quote that opens its paragraph.
//! - Longer stretches need an attribution, punctuation, or a clause (six
//!   words or more, or a word of `data/clause_words.txt`).

use super::attribution::{is_word, Ctx, How};
use super::marks::at_paragraph_start;
use super::Cand;
use crate::extract::WordSet;
use crate::text::TokenKind;
use std::ops::Range;

static TITLE_FUNCTION_WORDS: WordSet =
    WordSet::from_lines(include_str!("data/title_function_words.txt"));
static CLAUSE_WORDS: WordSet = WordSet::from_lines(include_str!("data/clause_words.txt"));
static SCARE_QUOTE_OPENERS: WordSet =
    WordSet::from_lines(include_str!("data/scare_quote_openers.txt"));

/// True when the candidate `c` looks like speech (see the module documentation).
pub(super) fn is_speech(ctx: &Ctx, c: &Cand, paras: &[Range<usize>]) -> bool {
    let q = &c.chain;
    let r = &q.content;
    let words = ctx.words_in(r);
    if words == 0 {
        return false;
    }
    let punct = has_speech_punct(ctx, r);
    if !q.multi && is_title_like(ctx, r) && !(punct && words >= 3) {
        return false;
    }
    let how = c.found.as_ref().map(|f| f.how);
    if q.multi {
        true
    } else if words <= 3 && !punct {
        // a partial quote inside reported speech (`X said the plan was
        // “vacuous”`): a cue in its sentence. After a determiner it is a
        // scare quote (`critics said the “reform” failed`) unless the cue
        // comes before it and the quoted noun phrase ends its clause
        // (`X said they had reached a “collective view” after …`)
        let after_det = q.open > 0 && SCARE_QUOTE_OPENERS.contains(ctx.norm(q.open - 1));
        match how {
            Some(How::Adjacent) | Some(How::Sentence) => {
                !after_det || cue_before(c) && ends_clause(ctx, c)
            }
            _ => false,
        }
    } else if words <= 3 {
        how.is_some() || q.close.is_some() && at_paragraph_start(q.open, paras, q.para)
    } else {
        how.is_some() || punct || is_clause(ctx, r)
    }
}

/// True when the candidate's cue comes before its quote.
fn cue_before(c: &Cand) -> bool {
    c.found
        .as_ref()
        .is_some_and(|f| f.cue.start < f.cue.end && f.cue.end <= c.chain.open)
}

/// True when no noun-phrase word follows the quote's closing mark (the
/// quoted words end their clause: punctuation, a preposition, an auxiliary).
fn ends_clause(ctx: &Ctx, c: &Cand) -> bool {
    c.chain.close.map_or(true, |k| {
        k + 1 >= ctx.tokens.len() || !ctx.is_np_word(k + 1)
    })
}

/// True when the content looks like a name or title: every content word
/// capitalized (or a number), no sentence punctuation inside.
fn is_title_like(ctx: &Ctx, r: &Range<usize>) -> bool {
    let mut words = 0;
    for i in r.clone() {
        let t = &ctx.tokens[i];
        if is_word(t) {
            words += 1;
            let cap = t.is_capitalized(ctx.text) || t.kind == TokenKind::Number;
            if !(cap || words > 1 && TITLE_FUNCTION_WORDS.contains(&t.norm)) && t.norm != "'s" {
                return false;
            }
        } else if t.kind == TokenKind::Punct
            && matches!(t.text(ctx.text), "." | "," | "?" | "!" | ";" | "…" | "...")
        {
            return false;
        }
    }
    words > 0 && words <= 12
}

/// True when the content has sentence punctuation anywhere.
fn has_speech_punct(ctx: &Ctx, r: &Range<usize>) -> bool {
    r.clone()
        .any(|i| matches!(ctx.tok(i), "." | "," | "?" | "!" | "…" | "..." | ";"))
}

/// True when the content is a clause: six words or more, or a clause word.
fn is_clause(ctx: &Ctx, r: &Range<usize>) -> bool {
    ctx.words_in(r) >= 6 || r.clone().any(|i| CLAUSE_WORDS.contains(ctx.norm(i)))
}
