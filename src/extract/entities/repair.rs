//! Stage 2: rules that repair the tagger's drafts.
//!
//! The tagger was trained on CoNLL-2003 news wire; articles have bylines,
//! typographic quotes, hyphenated compounds and titles it handles less well.
//! In order:
//! - [`merge_split_names`]: adjacent person parts that together spell a name
//!   used elsewhere in the article join (`Kim` + `Jong Un`);
//! - [`relabel_bylines`]: the name at the start of a byline is a person;
//! - [`add_quoted_titles`]: quoted title-case phrases are MISC names;
//! - [`clean`], draft by draft: edges trimmed of articles, possessives and
//!   punctuation (`data/edge_stop.txt`); hyphenated suffixes cut
//!   (`Seoul-based` → `Seoul`, a place: `data/place_suffixes.txt`; `US-led`
//!   → `US`: `data/name_suffixes.txt`); country acronyms tagged ORG made
//!   places (`data/place_acronyms.txt`); names inside quoted titles widened
//!   to the title; titles split off person names ([`super::roles`]).

use super::roles::split_role;
use super::{norm, Draft};
use crate::extract::{FxMap, Label, WordSet};
use crate::text::hash::FxSet;
use crate::text::{Token, TokenKind};
use std::ops::Range;

static EDGE_STOP: WordSet = WordSet::from_lines(include_str!("data/edge_stop.txt"));
static PLACE_SUFFIXES: WordSet = WordSet::from_lines(include_str!("data/place_suffixes.txt"));
static NAME_SUFFIXES: WordSet = WordSet::from_lines(include_str!("data/name_suffixes.txt"));
static PLACE_ACRONYMS: WordSet = WordSet::from_lines(include_str!("data/place_acronyms.txt"));
static TITLE_SMALL_WORDS: WordSet = WordSet::from_lines(include_str!("data/title_small_words.txt"));
static NAME_PARTICLES: WordSet = WordSet::from_lines(include_str!("data/name_particles.txt"));
static BYLINE_TAILS: WordSet = WordSet::from_lines(include_str!("data/byline_tails.txt"));

/// Longest name two person drafts can join into, in tokens (a run of
/// adjacent person drafts longer than this is not one name; the bound keeps
/// joining linear).
const MAX_NAME_TOKENS: usize = 32;

/// Longest quoted title, in tokens.
const MAX_TITLE: usize = 10;

fn opens_quote(text: &str, t: &Token) -> bool {
    matches!(t.text(text), "“" | "\"" | "‘")
}

fn closes_quote(text: &str, t: &Token) -> bool {
    matches!(t.text(text), "”" | "\"" | "’")
}

/// Joins adjacent person mentions that together spell a name used elsewhere
/// in the article (`Kim` + `Jong Un` when `Kim Jong Un` appears).
pub(super) fn merge_split_names(tokens: &[Token], drafts: &mut Vec<Draft>) {
    let key = |r: &Range<usize>| -> String {
        tokens[r.clone()]
            .iter()
            .flat_map(|t| t.norm.chars())
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    let known: FxSet<String> = drafts
        .iter()
        .filter(|d| d.label == Label::Per && d.tokens.len() >= 2)
        .map(|d| key(&d.tokens))
        .collect();
    // each draft joins the one before it (itself perhaps already joined)
    let mut out: Vec<Draft> = Vec::with_capacity(drafts.len());
    for b in drafts.drain(..) {
        if let Some(a) = out.last_mut() {
            if a.label == Label::Per
                && b.label == Label::Per
                && a.tokens.end == b.tokens.start
                && b.tokens.end - a.tokens.start <= MAX_NAME_TOKENS
                && known.contains(&key(&(a.tokens.start..b.tokens.end)))
            {
                a.tokens.end = b.tokens.end;
                continue;
            }
        }
        out.push(b);
    }
    *drafts = out;
}

/// A byline (`By Jane Doe`, `Jane Doe, with AFP`, `Jane Doe in Seoul`) names
/// its writer: the name at its start is a person whatever the tagger said.
pub(super) fn relabel_bylines(
    text: &str,
    tokens: &[Token],
    sentences: &[Range<usize>],
    drafts: &mut [Draft],
) {
    // the drafts of each token range
    let mut by_range: FxMap<(usize, usize), Vec<usize>> = FxMap::default();
    for (i, d) in drafts.iter().enumerate() {
        by_range
            .entry((d.tokens.start, d.tokens.end))
            .or_default()
            .push(i);
    }
    for s in sentences {
        let n = s.len();
        if n == 0 || n > 14 {
            continue;
        }
        let last = tokens[s.end - 1].text(text);
        // a sentence ending in a full stop is prose, not a byline
        if matches!(last, "." | "!" | "?" | "”" | "\"") {
            continue;
        }
        let mut start = s.start;
        if tokens[start].norm == "by" {
            start += 1;
        }
        let name_end = (start..s.end)
            .find(|&i| !tokens[i].is_capitalized(text) && !NAME_PARTICLES.contains(&tokens[i].norm))
            .unwrap_or(s.end);
        let tail_ok = name_end == s.end || BYLINE_TAILS.contains(&tokens[name_end].norm);
        let is_byline = tokens[s.start].norm == "by" || (name_end < s.end && tail_ok);
        if !is_byline || name_end - start < 2 {
            continue;
        }
        for &i in by_range
            .get(&(start, name_end))
            .map_or(&[][..], Vec::as_slice)
        {
            if let Some(d) = drafts.get_mut(i) {
                d.label = Label::Per;
            }
        }
    }
}

/// Quoted title-case phrases (`the “Weapons and Equipment Exhibition 2023”`)
/// are names of things: tagged MISC when the tagger left them out.
pub(super) fn add_quoted_titles(text: &str, tokens: &[Token], drafts: &mut Vec<Draft>) {
    let small = |t: &Token| TITLE_SMALL_WORDS.contains(&t.norm);
    // which tokens lie in a person draft (titles never overlap one); the
    // titles found are disjoint and in text order, so the drafts they replace
    // are dropped in one pass at the end
    let mut in_person = vec![false; tokens.len()];
    for d in drafts.iter().filter(|d| d.label == Label::Per) {
        for k in d.tokens.clone() {
            if let Some(x) = in_person.get_mut(k) {
                *x = true;
            }
        }
    }
    let mut titles: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !opens_quote(text, &tokens[i]) {
            i += 1;
            continue;
        }
        let s = i + 1;
        let mut e = s;
        while e < tokens.len() && e - s <= MAX_TITLE && !closes_quote(text, &tokens[e]) {
            e += 1;
        }
        if e >= tokens.len() || !closes_quote(text, &tokens[e]) || e - s < 2 || e - s > MAX_TITLE {
            i += 1;
            continue;
        }
        let words = &tokens[s..e];
        let caps = words.iter().filter(|t| t.is_capitalized(text)).count();
        let all_title = words
            .iter()
            .all(|t| t.is_capitalized(text) || small(t) || t.kind == TokenKind::Number);
        let starts_cap = words[0].is_capitalized(text) && !small(&words[0]);
        let overlapping_other = in_person[s..e].iter().any(|&x| x);
        if all_title && caps >= 2 && starts_cap && !overlapping_other {
            titles.push(s..e);
        }
        i = e + 1;
    }
    if titles.is_empty() {
        drafts.sort_by_key(|d| d.tokens.start);
        return;
    }
    // drop the drafts inside a title (the title starting last at or before them)
    drafts.retain(|d| {
        let k = titles.partition_point(|t| t.start <= d.tokens.start);
        !(k > 0 && d.tokens.end <= titles[k - 1].end)
    });
    drafts.extend(titles.into_iter().map(|r| Draft::new(r, Label::Misc)));
    drafts.sort_by_key(|d| d.tokens.start);
}

/// Cleans every draft (see the module documentation), then drops those left
/// without a word or a number; the drafts stay in text order.
pub(super) fn clean(
    text: &str,
    tokens: &[Token],
    sentences: &[Range<usize>],
    drafts: &mut Vec<Draft>,
) {
    for d in drafts.iter_mut() {
        trim_edges(tokens, d);
        if d.tokens.len() == 1 {
            cut_hyphen_suffix(text, &tokens[d.tokens.start], d);
            if PLACE_ACRONYMS.contains(&tokens[d.tokens.start].norm) && d.label == Label::Org {
                d.label = Label::Loc;
            }
        }
        // a name inside a quoted title: `the “Weapons and Equipment Exhibition 2023”`
        if d.label == Label::Misc || d.label == Label::Org {
            if let Some((qs, qe)) = quoted_title_around(text, tokens, d.tokens.clone()) {
                d.tokens = qs..qe;
            }
        }
        if d.label == Label::Per {
            split_role(text, tokens, sentences, d);
        }
    }
    drafts.retain(|d| {
        d.tokens.end > d.tokens.start
            && tokens.get(d.tokens.clone()).is_some_and(|ts| {
                ts.iter()
                    .any(|t| t.kind == TokenKind::Word || t.kind == TokenKind::Number)
            })
    });
    drafts.sort_by_key(|d| d.tokens.start);
}

/// Trims possessives, articles and punctuation off both edges.
fn trim_edges(tokens: &[Token], d: &mut Draft) {
    while d.tokens.end > d.tokens.start && EDGE_STOP.contains(norm(tokens, d.tokens.end - 1)) {
        d.tokens.end -= 1;
    }
    while d.tokens.end > d.tokens.start && EDGE_STOP.contains(norm(tokens, d.tokens.start)) {
        d.tokens.start += 1;
    }
}

/// `Seoul-based` → `Seoul` (a place), `US-led` → `US`: the draft of a
/// hyphenated token `t` shrinks to the part before a known lower-case suffix.
fn cut_hyphen_suffix(text: &str, t: &Token, d: &mut Draft) {
    let parts = t.parts(text);
    if parts.len() < 2 {
        return;
    }
    let Some(last) = parts.last() else { return };
    let suf = &text[last.clone()];
    let is_lower = suf.chars().all(|c| c.is_lowercase());
    if is_lower && (PLACE_SUFFIXES.contains(suf) || NAME_SUFFIXES.contains(suf)) {
        d.sub = Some(t.start..parts[parts.len() - 2].end);
        if PLACE_SUFFIXES.contains(suf) && d.label == Label::Misc {
            d.label = Label::Loc;
        }
    }
}

/// If tokens `r` lie inside a short quoted span of title-case words, that span (without the marks).
fn quoted_title_around(text: &str, tokens: &[Token], r: Range<usize>) -> Option<(usize, usize)> {
    let mut s = r.start;
    while s > 0 && r.start - s < MAX_TITLE && !opens_quote(text, &tokens[s - 1]) {
        s -= 1;
        if tokens[s].kind == TokenKind::Punct && tokens[s].text(text) != "&" {
            return None;
        }
    }
    if s == 0 || !opens_quote(text, &tokens[s - 1]) {
        return None;
    }
    let mut e = r.end;
    while e < tokens.len() && e - r.end < MAX_TITLE && !closes_quote(text, &tokens[e]) {
        if tokens[e].kind == TokenKind::Punct && tokens[e].text(text) != "&" {
            return None;
        }
        e += 1;
    }
    if e >= tokens.len()
        || !closes_quote(text, &tokens[e])
        || (s..r.start).len() + (r.end..e).len() == 0
    {
        return None;
    }
    // every word capitalized, a number, or a small function word
    let ok = tokens[s..e].iter().all(|t| {
        t.text(text)
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            || TITLE_SMALL_WORDS.contains(&t.norm)
    });
    ok.then_some((s, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_load_from_their_data_files() {
        for w in ["the", "'s", "\"", ",", "--"] {
            assert!(EDGE_STOP.contains(w), "{w}");
        }
        assert_eq!(EDGE_STOP.len(), 10);
        assert_eq!((PLACE_SUFFIXES.len(), NAME_SUFFIXES.len()), (6, 18));
        assert!(PLACE_ACRONYMS.contains("u.s.") && PLACE_ACRONYMS.len() == 11);
        assert_eq!(TITLE_SMALL_WORDS.len(), 9);
        assert!(NAME_PARTICLES.contains("von") && NAME_PARTICLES.len() == 11);
        assert!(BYLINE_TAILS.contains(",") && BYLINE_TAILS.contains("reporting"));
    }
}
