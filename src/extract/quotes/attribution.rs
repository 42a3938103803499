//! Attribution: who said a quote, found around a speech cue.
//!
//! A cue is a speech verb (`data/cues.txt`; `according to` counts as one).
//! Weak cues (`data/weak_cues.txt`: `called`, `described`, `thought`) only
//! introduce a quote right after them; listener cues (`told`, `warned`) take
//! the listener as object, so the noun phrase after them is never the speaker.
//!
//! [`attribute`] looks after a quote first ([`attribute_forward`], in the
//! rest of its sentence, or in the next one when the quote ends its
//! sentence), then before it ([`attribute_backward`]):
//!
//! - `“…,” X said` / `“…,” X, the minister, said` (a noun phrase leads the window),
//! - `“…,” said X` / `“…,” reads an editorial` (a cue leads it),
//! - `“…” according to X`, and a cue later in the sentence (`…, KCNA added.`),
//! - `X said: “…”`, `X told Y “…”`, `X called it “…”`, `said X: “…”`,
//! - `…, saying “…”` (the sentence's subject), and `X issued a statement: “…”`;
//! - whichever found it, `the paper quoted X as saying` names X, not the paper.
//!
//! The speaker is a noun phrase found by the chunker (`chunk.rs`). How the
//! attribution was found ([`How`]) later decides whether a short quote is
//! speech (`speech.rs`). [`Ctx`] is the view of the text every stage reads:
//! tokens, sentences and which tokens are quoted or are marks.

use super::marks::Chain;
use crate::extract::entities::NAME_PARTICLES;
use crate::extract::WordSet;
use crate::text::{TextLayer, Token, TokenKind};
use std::ops::Range;

static CUES: WordSet = WordSet::from_lines(include_str!("data/cues.txt"));
static WEAK_CUES: WordSet = WordSet::from_lines(include_str!("data/weak_cues.txt"));
static LISTENER_CUES: WordSet = WordSet::from_lines(include_str!("data/listener_cues.txt"));
static CLAUSE_OPENERS: WordSet = WordSet::from_lines(include_str!("data/clause_openers.txt"));
static TIME_WORDS: WordSet = WordSet::from_lines(include_str!("data/time_words.txt"));

/// True for a folded cue word, weak or not.
pub(super) fn is_cue_word(w: &str) -> bool {
    CUES.contains(w) || WEAK_CUES.contains(w)
}

/// True for a word or number token.
pub(super) fn is_word(t: &Token) -> bool {
    matches!(t.kind, TokenKind::Word | TokenKind::Number)
}

/// The text as the attribution stages see it.
pub(super) struct Ctx<'a> {
    pub(super) text: &'a str,
    pub(super) tokens: &'a [Token],
    pub(super) layer: &'a TextLayer,
    /// For each token: inside the content of some quote segment.
    pub(super) in_quote: Vec<bool>,
    /// For each token: is a quotation mark of a segment.
    pub(super) is_mark: Vec<bool>,
    /// Word and number tokens before each token (`tokens.len() + 1` counts).
    pub(super) words_before: Vec<u32>,
    /// Segment marks before each token (`tokens.len() + 1` counts).
    pub(super) marks_before: Vec<u32>,
    /// For each token: a word of a name after its first (`States` of
    /// `United States`): never a cue.
    pub(super) in_name: Vec<bool>,
    /// For each token: [`CUE`] and [`STRONG`] bits (see [`Ctx::with_cue_flags`]).
    pub(super) cues: Vec<u8>,
}

/// The token is a cue.
const CUE: u8 = 1;
/// The token is a cue that is not weak.
const STRONG: u8 = 2;

/// How many tokens after a quote's closing mark, or before its opening mark,
/// attribution looks at for a cue (the rest of a sentence, at most this
/// long). Real reporting clauses are a few tokens away; without a bound, a
/// sentence of thousands of quotes and cues would make every quote scan all
/// of it.
pub(super) const MAX_WINDOW: usize = 256;

/// Running counts: `out[i]` is how many of `flags[..i]` are true.
pub(super) fn prefix_counts(flags: impl Iterator<Item = bool>) -> Vec<u32> {
    let mut out = vec![0u32];
    let mut n = 0u32;
    for f in flags {
        n = n.saturating_add(u32::from(f));
        out.push(n);
    }
    out
}

impl Ctx<'_> {
    /// The folded form of token `i` (empty past the end).
    pub(super) fn norm(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| t.norm.as_str())
    }

    /// The text of token `i`.
    pub(super) fn tok(&self, i: usize) -> &str {
        self.tokens[i].text(self.text)
    }

    /// Token `i` is a cue (`according` only before `to`); looked up once per
    /// token ([`Ctx::with_cue_flags`]), as the attribution windows ask about each
    /// token many times.
    pub(super) fn is_cue(&self, i: usize) -> bool {
        self.cues.get(i).is_some_and(|f| f & CUE != 0)
    }

    /// Token `i` is a cue that is not weak.
    pub(super) fn is_strong_cue(&self, i: usize) -> bool {
        self.cues.get(i).is_some_and(|f| f & STRONG != 0)
    }

    /// [`Ctx::is_cue`], from the word lists: a cue word that is not a noun
    /// in a noun phrase (`towards the state`, `the report`).
    fn find_cue(&self, i: usize) -> bool {
        let n = self.norm(i);
        if n == "according" {
            return self.norm(i + 1) == "to";
        }
        self.tokens.get(i).is_some_and(is_word)
            && !self.in_name.get(i).copied().unwrap_or(false)
            && is_cue_word(n)
            && !(self.is_noun_cue(i) && self.is_np_word(i))
    }

    /// Fills [`Ctx::cues`] (once, before any look-up).
    pub(super) fn with_cue_flags(mut self) -> Self {
        let flags = (0..self.tokens.len())
            .map(|i| {
                if !self.find_cue(i) {
                    0
                } else if WEAK_CUES.contains(self.norm(i)) {
                    CUE
                } else {
                    CUE | STRONG
                }
            })
            .collect();
        self.cues = flags;
        self
    }

    /// Token `i` is a cue whose object is the listener (`told`).
    pub(super) fn is_listener_cue(&self, i: usize) -> bool {
        LISTENER_CUES.contains(self.norm(i))
    }

    /// Token `i` separates phrases: a quotation mark, a comma, a dash, a
    /// colon or semicolon, an opening parenthesis.
    pub(super) fn is_boundary(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        if self.is_mark[i] {
            return true;
        }
        t.kind == TokenKind::Punct
            && matches!(
                t.text(self.text),
                "," | "—" | "–" | "-" | "(" | ":" | ";" | "--"
            )
    }

    /// The token range of the sentence holding token `ti` (just `ti` if none).
    pub(super) fn sentence_range(&self, ti: usize) -> Range<usize> {
        self.layer
            .sentence_of_token(ti)
            .and_then(|s| self.layer.sentence_tokens.get(s).cloned())
            .unwrap_or(ti..ti + 1)
    }

    /// The number of word and number tokens in `r` (constant time).
    pub(super) fn words_in(&self, r: &Range<usize>) -> usize {
        count_in(&self.words_before, r)
    }

    /// Some token of `r` is a segment's quotation mark (constant time).
    pub(super) fn has_mark(&self, r: &Range<usize>) -> bool {
        count_in(&self.marks_before, r) > 0
    }

    /// The tokens of the cue at `i` (`according to` is two).
    pub(super) fn cue_tokens(&self, i: usize) -> Range<usize> {
        if self.norm(i) == "according" {
            i..i + 2
        } else {
            i..i + 1
        }
    }
}

/// How many of the flags counted by `before` (see [`prefix_counts`]) lie in `r`.
fn count_in(before: &[u32], r: &Range<usize>) -> usize {
    if r.start >= r.end {
        return 0;
    }
    let a = before.get(r.start).copied().unwrap_or(0);
    let b = before.get(r.end).or(before.last()).copied().unwrap_or(0);
    b.saturating_sub(a) as usize
}

/// How an attribution was found (for deciding whether short quotes are speech).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum How {
    /// Cue right next to the quote.
    Adjacent,
    /// Cue further away in the same sentence.
    Sentence,
    /// Carried over from the previous quote.
    Carried,
    /// A speaker label: a transcript's turn or a headline's claim
    /// (`turns.rs`).
    Label,
}

/// An attribution found for a quote.
#[derive(Debug, Clone)]
pub(super) struct Found {
    /// The tokens naming the speaker.
    pub(super) speaker: Range<usize>,
    /// The cue's tokens (empty when there is none).
    pub(super) cue: Range<usize>,
    /// How it was found.
    pub(super) how: How,
}

impl Found {
    fn new(speaker: Range<usize>, cue: Range<usize>, how: How) -> Found {
        Found { speaker, cue, how }
    }
}

/// The attribution of a marked quote: after it first, else before it
/// (`paras`: the token range of each paragraph).
pub(super) fn attribute(ctx: &Ctx, chain: &Chain, paras: &[Range<usize>]) -> Option<Found> {
    let forward = chain.close.and_then(|c| {
        let pe = paras.get(chain.last_para).map_or(c + 1, |p| p.end);
        dash_signature(ctx, c, pe).or_else(|| attribute_forward(ctx, c, pe))
    });
    let backward = || {
        let ps = paras.get(chain.para).map_or(0, |p| p.start);
        attribute_backward(ctx, chain.open, ps)
    };
    // `Brafman said, “…” He added, “…”`: a reporting clause in the next
    // sentence that opens the next quote is that quote's; this one takes
    // its own clause before it, when it has one
    let opens_next = |f: &Found| {
        chain
            .close
            .is_some_and(|c| ctx.sentence_range(c).end <= c + 1 && introduces_quote(ctx, f))
    };
    let found = match forward {
        Some(f) if opens_next(&f) => backward().or(Some(f)),
        Some(f) => Some(f),
        None => backward(),
    };
    found.map(|f| quoted_as_saying(ctx, f))
}

/// True when the attribution `f` ends in a comma or colon right before a
/// quotation mark: `He added, “…`, `said X: “…`.
fn introduces_quote(ctx: &Ctx, f: &Found) -> bool {
    let end = f.cue.end.max(f.speaker.end);
    ctx.tokens
        .get(end)
        .is_some_and(|t| matches!(t.text(ctx.text), "," | ":"))
        && ctx.is_mark.get(end + 1).copied().unwrap_or(false)
}

/// `…, the paper quoted Mr Chernin as saying`: a cue `quoted` (or `cited`)
/// whose object is followed by `as` and a cue names the object as the
/// speaker, not the one quoting; any other attribution is returned as it is.
fn quoted_as_saying(ctx: &Ctx, f: Found) -> Found {
    let c = f.cue.start;
    if f.cue.is_empty() || !matches!(ctx.norm(c), "quoted" | "cited") {
        return f;
    }
    let hi = ctx.sentence_range(c).end;
    let Some(np) = ctx.np_after(c, hi) else {
        return f;
    };
    let says = np.end + 1;
    if says < hi && ctx.norm(np.end) == "as" && ctx.is_cue(says) {
        return Found::new(np, ctx.cue_tokens(says), f.how);
    }
    f
}

/// Looks after a quote's closing mark: `“…,” X said`, `“…,” said X`,
/// `“…” according to X`, and a sentence-final reporting clause (`…, KCNA added.`).
fn attribute_forward(ctx: &Ctx, close: usize, para_end: usize) -> Option<Found> {
    let sent = ctx.sentence_range(close);
    let (mut ws, we, strict) = if close + 1 < sent.end {
        (close + 1, sent.end, false)
    } else {
        // the quote ends its sentence: the next sentence may start `X said.`
        let next = ctx.sentence_range(close + 1);
        if close + 1 >= para_end || next.start != close + 1 {
            return None;
        }
        (next.start, next.end.min(para_end), true)
    };
    while ws < we && ctx.is_boundary(ws) && !ctx.is_mark[ws] {
        ws += 1;
    }
    let we = we.min(ws + MAX_WINDOW);
    crate::extract::work::add(we.saturating_sub(ws) + 1);
    let found = lead_np_cue(ctx, ws, we)
        .or_else(|| {
            if ws < we && ctx.is_cue(ws) && !ctx.is_listener_cue(ws) {
                // `“…,” reads an editorial`, `“…,” said X`
                let np = ctx.np_after(ws, we)?;
                return Some(Found::new(np, ctx.cue_tokens(ws), How::Adjacent));
            }
            None
        })
        .or_else(|| scan_forward(ctx, ws, we, strict))?;
    if strict && !reporting_clause_ends(ctx, &found, we) {
        // `“…” X said the plan …`: the next sentence reports its own words
        return None;
    }
    Some(found)
}

/// `“… shame.” ― Sonya Herridge`: a quote that ends a sentence, then a dash
/// and a name standing alone (up to the paragraph's end, a period, a comma or
/// the next quote), as under a pull quote or in a list of readers' replies.
/// The name must be capitalized words only (name particles aside), so `“…” —
/// a claim the minister denied` and a title (`“Hamilton” — Lin-Manuel
/// Miranda's musical`, no sentence end inside) are not signatures.
fn dash_signature(ctx: &Ctx, close: usize, para_end: usize) -> Option<Found> {
    let d = close + 1;
    if d >= para_end || close == 0 || !matches!(ctx.tok(d), "―" | "—" | "–" | "--") {
        return None;
    }
    if !matches!(ctx.tok(close - 1), "." | "!" | "?" | "…") {
        return None;
    }
    let s = d + 1;
    let mut e = s;
    let mut words = 0;
    while e < para_end && !ctx.is_mark[e] && words <= 5 {
        let t = &ctx.tokens[e];
        let initial = t.kind == TokenKind::Punct
            && ctx.tok(e) == "."
            && e > s
            && ctx.tok(e - 1).chars().count() == 1
            && e + 1 < para_end
            && ctx.tokens[e + 1].is_capitalized(ctx.text);
        if is_word(t) && (t.is_capitalized(ctx.text) || NAME_PARTICLES.contains(&t.norm)) {
            words += 1;
        } else if !initial {
            break;
        }
        e += 1;
    }
    let ends = e == para_end || ctx.is_mark[e] || matches!(ctx.tok(e), "." | "," | ";");
    if words == 0 || words > 5 || !ends || !ctx.tokens[s].is_capitalized(ctx.text) {
        return None;
    }
    Some(Found::new(s..e, 0..0, How::Adjacent))
}

/// How many tokens may follow a reporting clause that makes up a sentence of
/// its own (`X said on Monday.`, `said X, the minister.`).
const CLAUSE_TAIL: usize = 6;

/// True when the sentence ending at `we` ends soon after the attribution
/// `f` (its speaker and cue): it is only a reporting clause.
fn reporting_clause_ends(ctx: &Ctx, f: &Found, we: usize) -> bool {
    let end = f.cue.end.max(f.speaker.end);
    let mut e = we;
    while e > end && ctx.tokens[e - 1].kind == TokenKind::Punct {
        e -= 1;
    }
    e.saturating_sub(end) <= CLAUSE_TAIL || ctx.norm(end) == ","
}

/// The first strong cue of the window `ws..we` with a speaker before it
/// (`X said`) or after it (`said X`); with `strict` (the window is the next
/// sentence) only a first cue right after a leading noun phrase counts.
fn scan_forward(ctx: &Ctx, ws: usize, we: usize, strict: bool) -> Option<Found> {
    for i in ws..we {
        if ctx.in_quote[i] || ctx.is_mark[i] || !ctx.is_strong_cue(i) {
            continue;
        }
        let adjacent = i <= ws + 10;
        // NP cue
        if let Some(np) = ctx.np_before(i, ws) {
            let start_ok = np.start == ws || ctx.is_boundary(np.start - 1);
            if start_ok && (!strict || np.start == ws) {
                let how = if adjacent && np.start == ws {
                    How::Adjacent
                } else {
                    How::Sentence
                };
                return Some(Found::new(np, ctx.cue_tokens(i), how));
            }
        }
        // cue NP
        let cue_start_ok = i == ws || ctx.is_boundary(i - 1);
        if cue_start_ok && !ctx.is_listener_cue(i) {
            if let Some(np) = ctx.np_after(i, we) {
                let how = if i == ws {
                    How::Adjacent
                } else {
                    How::Sentence
                };
                return Some(Found::new(np, ctx.cue_tokens(i), how));
            }
        }
        if strict {
            return None;
        }
    }
    None
}

/// `“…,” NAME, DESCRIPTION, said` and `“…,” NAME said`: a noun phrase at the
/// window start, an optional appositive, then a cue.
fn lead_np_cue(ctx: &Ctx, ws: usize, we: usize) -> Option<Found> {
    let mut e = ctx.np_extent(ws, we, 8);
    let np = ctx.valid_np(ws..e)?;
    if !ctx.can_open_speaker(np.start) {
        return None;
    }
    if let Some(after) = ctx.paren_after(e, we) {
        // `“…,” Rep. Gwen Moore (D-Wis.) said`: the parenthetical is read past
        e = after;
    }
    let k = ctx.skip_aux(e, we);
    if k < we && ctx.is_cue(k) && ctx.norm(k) != "according" {
        return Some(Found::new(np, ctx.cue_tokens(k), How::Adjacent));
    }
    if ctx.tokens.get(e).is_some_and(|t| t.text(ctx.text) == ",") {
        // an appositive closed by a comma, then the cue
        let lim = we.min(e + 30);
        for j in e + 1..lim {
            if ctx.is_mark[j] || matches!(ctx.tok(j), "?" | "!" | ";" | ":") {
                return None;
            }
            if ctx.tok(j) == "." && ctx.sentence_range(j).end == j + 1 {
                // a sentence ends; the dot of `R-Ky.` does not
                return None;
            }
            if ctx.tok(j) == "," {
                let c = ctx.skip_aux(j + 1, we);
                if c < we && ctx.is_strong_cue(c) && ctx.norm(c) != "according" {
                    return Some(Found::new(np, ctx.cue_tokens(c), How::Adjacent));
                }
                return None;
            }
            if ctx.is_cue(j) {
                return None;
            }
        }
    }
    None
}

/// Looks before a quote's opening mark in its sentence: `X said: “…”`,
/// `X told Y “…”`, `X called it “…”`, `said X: “…”`.
fn attribute_backward(ctx: &Ctx, open: usize, para_start: usize) -> Option<Found> {
    let (lo, hi, colon) = backward_window(ctx, open, para_start)?;
    crate::extract::work::add(hi.saturating_sub(lo) + 1);
    let mut i = hi;
    while i > lo {
        i -= 1;
        if ctx.in_quote[i] || ctx.is_mark[i] || !ctx.is_cue(i) {
            continue;
        }
        if let Some(f) = speaker_of_cue_before(ctx, i, lo, hi) {
            return Some(f);
        }
    }
    if colon {
        // `Trump issued the following statement:`, `John Bolton:`
        if let Some(np) = sentence_subject(ctx, lo, hi) {
            return Some(Found::new(np, 0..0, How::Sentence));
        }
    }
    None
}

/// The tokens `lo..hi` before a quote opening at `open` to look for a cue in,
/// and whether they end with a colon. A quote opening its sentence looks back
/// only when it opens a paragraph after `X said:`, `X said,` or `X says`.
fn backward_window(ctx: &Ctx, open: usize, para_start: usize) -> Option<(usize, usize, bool)> {
    let sent = ctx.sentence_range(open);
    let mut lo = sent.start;
    let mut hi = open;
    let mut colon = false;
    if open == sent.start || open == para_start {
        if open != para_start || open == 0 {
            return None;
        }
        let prev = ctx.tok(open - 1);
        if prev == ":" || prev == "," {
            hi = open - 1;
            colon = prev == ":";
        } else if ctx.is_strong_cue(open - 1) {
            hi = open;
        } else {
            return None;
        }
        lo = ctx.sentence_range(open - 1).start;
    }
    if hi > lo && ctx.tok(hi - 1) == ":" {
        colon = true;
    }
    Some((lo.max(hi.saturating_sub(MAX_WINDOW)), hi, colon))
}

/// Most tokens of an appositive between an inverted cue's speaker and the
/// quote (`Said X, who …, “…”`).
const MAX_APPOSITIVE: usize = 24;

/// The speaker of the cue at `i`, in a window `lo..hi` that ends at a quote:
/// `X said`, `said X:` right before the quote, or for a participle
/// (`…, saying`, `to say`) the sentence's subject.
fn speaker_of_cue_before(ctx: &Ctx, i: usize, lo: usize, hi: usize) -> Option<Found> {
    let participle =
        ctx.norm(i).ends_with("ing") || i.checked_sub(1).is_some_and(|k| ctx.norm(k) == "to");
    // `footage of Hillary Clinton asking, “…”`, `with leader Charles
    // Kennedy saying`: a name right before a participle speaks; a common
    // noun there (`dismissed the figures insisting that “…”`) is the object
    // of the verb before, and the speaker is the sentence's subject (below)
    let np = ctx.np_before(i, lo).filter(|np| {
        !participle || np.end > np.start && ctx.tokens[np.end - 1].is_capitalized(ctx.text)
    });
    if let Some(np) = np {
        let how = if hi - i <= 4 {
            How::Adjacent
        } else {
            How::Sentence
        };
        return Some(Found::new(np, ctx.cue_tokens(i), how));
    }
    let passive = !participle
        && i.checked_sub(1).is_some_and(|k| {
            matches!(
                ctx.norm(k),
                "been" | "being" | "was" | "were" | "is" | "are" | "be"
            )
        });
    if passive {
        // `X was told`, `X has been called a “quack”`: X is not the speaker
        return None;
    }
    let weak = !ctx.is_strong_cue(i);
    if weak {
        // `X, who …, branded the plan “a disgrace”`: the object is what is
        // described, the speaker the sentence's subject
        if let Some(np) = sentence_subject(ctx, i, i) {
            return Some(Found::new(np, ctx.cue_tokens(i), How::Sentence));
        }
        return None;
    }
    if !participle && !ctx.is_listener_cue(i) {
        if let Some(np) = ctx.np_after(i, hi) {
            // `said X: “…”`: nothing but punctuation between X and the quote
            let tight = (np.end..hi).all(|k| ctx.tokens[k].kind == TokenKind::Punct);
            // `Said Dorothy Poynter, who grew up with Ali, “…”`: a sentence
            // that opens with its cue, then the speaker and an appositive
            // between commas before the quote
            let appositive = i == lo
                && hi > np.end + 2
                && hi - np.end <= MAX_APPOSITIVE
                && ctx.tok(np.end) == ","
                && matches!(ctx.tok(hi - 1), "," | ":")
                && !(np.end..hi).any(|k| ctx.is_mark[k]);
            if tight || appositive {
                return Some(Found::new(np, ctx.cue_tokens(i), How::Adjacent));
            }
        }
    }
    let after_appositive = !participle && i.checked_sub(1).is_some_and(|k| ctx.tok(k) == ",");
    if after_appositive {
        // `X, head of music at Y, said every track “…”`: the subject
        // before the appositive
        if let Some(np) = sentence_subject(ctx, i, i) {
            return Some(Found::new(np, ctx.cue_tokens(i), How::Sentence));
        }
    }
    if participle {
        // `…, saying “…”`, `went on to say: “…”`: the sentence's subject
        if let Some(np) = sentence_subject(ctx, i, i) {
            return Some(Found::new(np, ctx.cue_tokens(i), How::Sentence));
        }
    }
    None
}

/// The first noun phrase of the sentence holding token `ti` (a subject),
/// after a leading adverbial clause (`In a statement, …`), a time phrase
/// (`Hours later, …`) or a dateline (`WASHINGTON —`), ending before `hi`.
fn sentence_subject(ctx: &Ctx, ti: usize, hi: usize) -> Option<Range<usize>> {
    let sent = ctx.sentence_range(ti);
    let mut s = sent.start;
    if CLAUSE_OPENERS.contains(ctx.norm(s)) {
        let mut k = s;
        while k < hi.min(s + 15) {
            if ctx.tok(k) == "," {
                s = k + 1;
                break;
            }
            k += 1;
        }
    } else if let Some(k) = leading_adverbial_end(ctx, s, hi) {
        s = k;
    }
    let mut e = s;
    while e < hi && ctx.is_np_word(e) && e - s < 8 {
        e += 1;
    }
    ctx.valid_np(s..e)
}

/// How many tokens a leading time phrase or dateline may have.
const LEADING_PHRASE_MAX: usize = 6;

/// The token after a short phrase that opens the sentence at `s` and is not
/// its subject: a dateline in capitals closed by a dash (`WASHINGTON —`,
/// `NEW YORK (AP) -`) or a time phrase closed by a comma (`Hours later,`,
/// `Two days ago,`, `Last Tuesday,`). `None` when the sentence opens
/// otherwise, so `Barack Obama, the president, said` keeps its subject.
fn leading_adverbial_end(ctx: &Ctx, s: usize, hi: usize) -> Option<usize> {
    let lim = hi.min(s + LEADING_PHRASE_MAX + 1);
    let k = (s..lim).find(|&k| matches!(ctx.tok(k), "," | "—" | "–" | "-" | "--"))?;
    if k == s || ctx.is_mark[k] {
        return None;
    }
    let words: Vec<usize> = (s..k).filter(|&i| is_word(&ctx.tokens[i])).collect();
    let dash = ctx.tok(k) != ",";
    let capitals = !words.is_empty()
        && words.iter().all(|&i| {
            let t = ctx.tok(i);
            t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase)
        })
        && words
            .iter()
            .any(|&i| ctx.tok(i).chars().filter(|c| c.is_alphabetic()).count() >= 3);
    let timed = words.iter().any(|&i| TIME_WORDS.contains(ctx.norm(i)));
    ((dash && capitals) || (!dash && timed)).then_some(k + 1)
}
