//! Indirect speech: reported words without quotation marks.
//!
//! Each sentence is scanned for strong cues that no kept direct quote used,
//! outside quotes, in three patterns:
//!
//! - `According to X, …` and `…, according to X.`: the rest of the sentence;
//! - `…, state media reported.`: a reporting clause after a comma, at most
//!   four tokens before the sentence's end or closed by a comma and an
//!   adjunct (`…, the commission said on Tuesday, as …`); the words before
//!   it;
//! - `X said (that) …`, `X told Y (that) …`, `X said on Monday that …`: a
//!   subject opening the sentence or a clause, the words after the cue.
//!
//! The reported words need three words or more and no quotation mark (a
//! partly quoted sentence belongs to the direct quotes); a denied cue
//! (`did not respond to a request for comment`) reports nothing.

use super::attribution::Ctx;
use crate::text::TokenKind;
use std::ops::Range;

/// Reported speech: content, speaker and cue tokens.
#[derive(Debug, Clone)]
pub(super) struct Reported {
    /// The reported words.
    pub(super) content: Range<usize>,
    /// The tokens naming the speaker.
    pub(super) speaker: Range<usize>,
    /// The cue's tokens.
    pub(super) cue: Range<usize>,
}

/// A sentence's tokens: `start..end`, and `content_end` before its final
/// punctuation.
struct Sentence {
    start: usize,
    end: usize,
    content_end: usize,
    /// Where reported words before an `according to` may start: the
    /// sentence's start, or the end of the previous `according to X` in it
    /// (each `…, according to X` reports only the words since the last one,
    /// so a sentence of thousands of them stays linear).
    floor: usize,
}

/// Indirect speech in text order; `used[i]` marks cue tokens of direct quotes.
pub(super) fn indirect(ctx: &Ctx, used: &[bool]) -> Vec<Reported> {
    let mut out = Vec::new();
    for sent in &ctx.layer.sentence_tokens {
        crate::extract::work::add(sent.len());
        let mut ce = sent.end;
        while ce > sent.start && ctx.tokens[ce - 1].kind == TokenKind::Punct {
            ce -= 1;
        }
        let mut s = Sentence {
            start: sent.start,
            end: sent.end,
            content_end: ce,
            floor: sent.start,
        };
        let mut i = s.start;
        while i < s.end {
            i = if used[i] || ctx.in_quote[i] || !ctx.is_strong_cue(i) || negated(ctx, i, s.start) {
                i + 1
            } else if ctx.norm(i) == "according" {
                according_to(ctx, i, &mut s, &mut out)
            } else {
                reported_by_subject(ctx, i, &s, &mut out)
            };
        }
    }
    out
}

/// True when the cue at `i` is denied (`did not respond to a request`,
/// `declined to comment`, `has never said`): within the three tokens before
/// it, back to a boundary or the sentence start `ss`. Nothing was said.
fn negated(ctx: &Ctx, i: usize, ss: usize) -> bool {
    (ss.max(i.saturating_sub(3))..i)
        .rev()
        .take_while(|&k| !ctx.is_boundary(k))
        .any(|k| {
            matches!(
                ctx.norm(k),
                "not" | "n't" | "never" | "declined" | "refused"
            )
        })
}

/// `According to X, …` / `…, according to X.` at the cue `i`; returns where
/// the scan goes on.
fn according_to(ctx: &Ctx, i: usize, s: &mut Sentence, out: &mut Vec<Reported>) -> usize {
    let Some(np) = ctx.np_after(i, s.end) else {
        return i + 1;
    };
    let (ss, ce) = (s.start, s.content_end);
    let content = if i == ss || (i == ss + 1 && ctx.tokens[ss].kind == TokenKind::Punct) {
        // According to X, content.
        let mut cs = np.end;
        while cs < ce && ctx.tokens[cs].kind == TokenKind::Punct {
            cs += 1;
        }
        cs..ce
    } else {
        // content, according to X.
        s.floor..trim_boundaries(ctx, s.floor, i)
    };
    s.floor = s.floor.max(np.end);
    if ctx.words_in(&content) >= 3 {
        out.push(Reported {
            content,
            speaker: np.clone(),
            cue: ctx.cue_tokens(i),
        });
    }
    np.end
}

/// `…, NP cue.` and `NP cue (that) …` at the cue `i`; returns where the scan
/// goes on.
fn reported_by_subject(ctx: &Ctx, i: usize, s: &Sentence, out: &mut Vec<Reported>) -> usize {
    let (ss, ce) = (s.start, s.content_end);
    let Some(np) = ctx.np_before(i, ss) else {
        return i + 1;
    };
    let cue = ctx.cue_tokens(i);
    // sentence-final reporting clause: `…, NP cue [adjuncts].`
    let tail = ce.saturating_sub(i + 1);
    let after_comma = np.start > ss && ctx.is_boundary(np.start - 1);
    // `…, the commission said on Tuesday, as regulators …`: a clause closed
    // by a comma a few words after the cue, then an adjunct (`as`,
    // `adding`, `amid`), reports the words before it; (`By doing so, he
    // said, the firm …` reports the main clause after it)
    let closed = (i + 1..ce.min(i + 7))
        .take_while(|&k| ctx.norm(k) != "that" && !ctx.is_mark[k])
        .find(|&k| ctx.tok(k) == ",")
        .is_some_and(|k| ADJUNCT_OPENERS.contains(&ctx.norm(k + 1)));
    // (`But before doing so, he said, as …`: a subordinate clause before
    // it is not what was said)
    let closed = closed && {
        let mut k = ss;
        while k < np.start && matches!(ctx.norm(k), "but" | "and" | "so") {
            k += 1;
        }
        !SUBORDINATORS.contains(&ctx.norm(k))
    };
    if after_comma && (tail <= 4 || closed) {
        let e = trim_boundaries(ctx, ss, np.start);
        if ctx.words_in(&(ss..e)) >= 3 && !ctx.has_mark(&(ss..e)) {
            out.push(Reported {
                content: ss..e,
                speaker: np,
                cue,
            });
        }
        return i + 1;
    }
    // NP cue (that) content; the subject may follow a sentence adverb
    // (`But X said …`, `Meanwhile, X said …`)
    let opener =
        (ss..np.start).all(|k| ctx.is_boundary(k) || SENTENCE_ADVERBS.contains(&ctx.norm(k)));
    let subject_ok = np.start == ss || ctx.is_boundary(np.start - 1) || opener;
    if subject_ok {
        let cs = that_clause_start(ctx, i, ce);
        let starts_quote = cs < ce && (ctx.is_mark[cs] || ctx.is_boundary(cs));
        if !starts_quote && ctx.words_in(&(cs..ce)) >= 3 && !ctx.has_mark(&(cs..ce)) {
            out.push(Reported {
                content: cs..ce,
                speaker: np,
                cue,
            });
            return ce;
        }
    }
    i + 1
}

/// Words opening an adjunct after a reporting clause (`…, X said on
/// Tuesday, as regulators …`), rather than the reported main clause.
const ADJUNCT_OPENERS: [&str; 16] = [
    "as",
    "while",
    "after",
    "before",
    "when",
    "amid",
    "following",
    "adding",
    "citing",
    "because",
    "although",
    "though",
    "despite",
    "ahead",
    "saying",
    "without",
];

/// Words opening a subordinate clause.
const SUBORDINATORS: [&str; 13] = [
    "before", "after", "when", "if", "while", "although", "though", "because", "since", "unless",
    "as", "until", "once",
];

/// Words that may open a sentence before its subject.
const SENTENCE_ADVERBS: [&str; 9] = [
    "but",
    "and",
    "however",
    "meanwhile",
    "yet",
    "so",
    "now",
    "also",
    "still",
];

/// Where the reported words start after the cue at `i`: past a listener
/// (`told reporters`), a short `on Monday`/`in a statement`, and `that`.
fn that_clause_start(ctx: &Ctx, i: usize, ce: usize) -> usize {
    let mut cs = i + 1;
    if ctx.is_listener_cue(i) {
        while cs < ce && ctx.is_np_word(cs) && cs - i < 6 {
            cs += 1;
        }
    }
    if ctx.norm(cs) == "on" || ctx.norm(cs) == "in" {
        let mut k = cs + 1;
        while k < ce && k - cs < 6 && ctx.norm(k) != "that" {
            k += 1;
        }
        if ctx.norm(k) == "that" {
            cs = k;
        }
    }
    if ctx.norm(cs) == "that" {
        cs += 1;
    }
    cs
}

/// `e` moved back over boundary tokens (commas, dashes) down to `ss`.
fn trim_boundaries(ctx: &Ctx, ss: usize, e: usize) -> usize {
    let mut e = e;
    while e > ss && ctx.is_boundary(e - 1) {
        e -= 1;
    }
    e
}
