//! Is a quoted stretch speech? Quotation marks also hold titles, names and
//! scare quotes; those are dropped.
//!
//! - A quote over several paragraphs is speech.
//! - A title-like stretch (every word capitalized or a number, function words
//!   of `data/title_function_words.txt` aside, no sentence punctuation) is
//!   not, unless it has punctuation and three words or more; nor is one of
//!   two words or more followed only by the sentence's comma or full stop
//!   (`on “Fox News Sunday,” Pence said`: American style puts it inside the
//!   closing mark), unless its words are all in capitals.
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
    // a title with the sentence's comma or full stop inside its closing
    // mark, as American style puts it (`on “Fox News Sunday,” Pence
    // said`, `an episode of “Shark Tank.”`): two words or more in title
    // case, none of them shouted in capitals
    if !q.multi && words >= 2 && is_title_before_stop(ctx, r) && !in_title_case_line(ctx, q.open) {
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

/// True when the content is a title followed by one comma or full stop
/// (the sentence's, inside the closing mark), its words not all in capitals.
fn is_title_before_stop(ctx: &Ctx, r: &Range<usize>) -> bool {
    let Some(last) = r.end.checked_sub(1).filter(|&l| l > r.start) else {
        return false;
    };
    if !matches!(ctx.tok(last), "," | ".") {
        return false;
    }
    let inner = r.start..last;
    let shouted = inner.clone().all(|i| {
        let t = &ctx.tokens[i];
        !is_word(t) || !t.text(ctx.text).chars().any(char::is_lowercase)
    });
    !shouted && is_title_like(ctx, &inner) && !has_speech_punct(ctx, &inner)
}

/// True when the words of the sentence around the mark at token `open`,
/// outside quotes, are three or more and all in title case: a headline
/// written so (`Elizabeth Warren Hammers Wells Fargo CEO: ‘You Should Be
/// Criminally Investigated.’`), whose quoted words are in title case only
/// because the headline is.
fn in_title_case_line(ctx: &Ctx, open: usize) -> bool {
    let mut outside = 0;
    // a headline is short: at most this many tokens either side are read
    // (a sentence of thousands of quotes reads no more per quote)
    const NEAR: usize = 48;
    let s = ctx.sentence_range(open);
    let near = s.start.max(open.saturating_sub(NEAR))..s.end.min(open + NEAR);
    for i in near {
        let t = &ctx.tokens[i];
        if !is_word(t) || ctx.in_quote[i] {
            continue;
        }
        outside += 1;
        if !(t.is_capitalized(ctx.text) || TITLE_FUNCTION_WORDS.contains(&t.norm)) {
            return false;
        }
    }
    outside >= 3
}

/// True when the content has sentence punctuation anywhere.
fn has_speech_punct(ctx: &Ctx, r: &Range<usize>) -> bool {
    r.clone()
        .any(|i| matches!(ctx.tok(i), "." | "," | "?" | "!" | "…" | "..." | ";"))
}

/// True when the content is a clause: six words or more, or a clause word.
pub(super) fn is_clause(ctx: &Ctx, r: &Range<usize>) -> bool {
    ctx.words_in(r) >= 6 || r.clone().any(|i| CLAUSE_WORDS.contains(ctx.norm(i)))
}
