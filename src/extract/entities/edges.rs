//! Stage 3 of the repairs, draft by draft: each name's edges (see
//! [`clean`]). A draft is split at a semicolon or at a parenthesis it does
//! not close; articles, possessives and punctuation are trimmed off its edges
//! (`data/edge_stop.txt`), so are joining words and the members after a
//! party (`Labour MPs`); hyphenated suffixes are cut (`Seoul-based`,
//! `New York-based`: `data/place_suffixes.txt`, `data/name_suffixes.txt`);
//! titles are split off person names ([`super::roles`]).

use super::repair::{is_place_acronym, quoted_title_around};
use super::roles::{is_titled_person, split_role};
use super::{norm, Draft};
use crate::extract::{Label, WordSet};
use crate::text::{Token, TokenKind};
use std::ops::Range;

static EDGE_STOP: WordSet = WordSet::from_lines(include_str!("data/edge_stop.txt"));
static PLACE_SUFFIXES: WordSet = WordSet::from_lines(include_str!("data/place_suffixes.txt"));
static NAME_SUFFIXES: WordSet = WordSet::from_lines(include_str!("data/name_suffixes.txt"));

/// Cleans every draft (see the module documentation), then drops those left
/// without a word or a number; the drafts stay in text order.
pub(super) fn clean(
    text: &str,
    tokens: &[Token],
    sentences: &[Range<usize>],
    drafts: &mut Vec<Draft>,
) {
    split_at_separators(text, tokens, drafts);
    for d in drafts.iter_mut() {
        trim_edges(text, tokens, d);
        cut_hyphen_suffix(text, tokens, d);
        if d.tokens.len() == 1
            && is_place_acronym(&tokens[d.tokens.start].norm)
            && d.label == Label::Org
        {
            d.set_label_by_rule(Label::Loc);
        }
        // a name inside a quoted title: `the “Weapons and Equipment Exhibition 2023”`
        if d.label == Label::Misc || d.label == Label::Org {
            if let Some((qs, qe)) = quoted_title_around(text, tokens, d.tokens.clone()) {
                d.tokens = qs..qe;
            }
        }
        // `US Secretary of State Condoleezza Rice` typed ORG is a person
        if matches!(d.label, Label::Org | Label::Misc) && is_titled_person(text, tokens, d) {
            d.set_label_by_rule(Label::Per);
        }
        if d.label == Label::Per {
            split_role(text, tokens, sentences, d);
            trim_lowercase_edges(text, tokens, d);
        }
    }
    drafts.retain(|d| {
        d.tokens.end > d.tokens.start
            && tokens.get(d.tokens.clone()).is_some_and(|ts| {
                ts.iter()
                    .any(|t| t.kind == TokenKind::Word || t.kind == TokenKind::Number)
            })
    });
    crate::text::sort::sort_by_key(drafts, |d| d.tokens.start);
}

/// A name never holds a semicolon or a parenthesis it does not close (or
/// open): a draft is split there, each side a draft of its own (`Delport;
/// Pieters` in a team sheet, `(Ryan) Giggs` is `Giggs` once the edges are
/// trimmed, `Jon Dahl) Tomasson`).
fn split_at_separators(text: &str, tokens: &[Token], drafts: &mut Vec<Draft>) {
    let mut extra = Vec::new();
    for d in drafts.iter_mut().filter(|d| d.sub.is_none()) {
        let mut cuts = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        for i in d.tokens.clone() {
            match tokens.get(i).map(|t| t.text(text)) {
                Some(";") => cuts.push(i),
                Some("(") => open.push(i),
                Some(")") if open.pop().is_none() => cuts.push(i),
                _ => {}
            }
        }
        cuts.extend(open);
        if cuts.is_empty() {
            continue;
        }
        cuts.sort_unstable();
        let mut start = d.tokens.start;
        let end = d.tokens.end;
        let mut pieces = Vec::new();
        for c in cuts.into_iter().chain(std::iter::once(end)) {
            if c > start {
                pieces.push(start..c);
            }
            start = c + 1;
        }
        let mut pieces = pieces.into_iter();
        // the draft keeps the first piece (none: it is dropped as empty)
        d.tokens = pieces.next().unwrap_or(end..end);
        for r in pieces {
            extra.push(Draft {
                tokens: r,
                label: d.label,
                role: None,
                sub: None,
                type_conf: d.type_conf,
                work: d.work,
            });
        }
    }
    drafts.extend(extra);
}

/// A person's name neither ends nor starts with a lower-case word (`Jim
/// rose to the top`, `aka Benny`); a particle may open it (`de Gaulle`,
/// `al-Assad`). Titles are cut off before ([`split_role`]), so `former
/// leader` is the role, not trimmed away. The last word is kept.
fn trim_lowercase_edges(text: &str, tokens: &[Token], d: &mut Draft) {
    let lower = |i: usize| {
        tokens.get(i).is_some_and(|t| {
            t.kind == TokenKind::Word && t.text(text).chars().next().is_some_and(char::is_lowercase)
        })
    };
    while d.tokens.len() > 1 && lower(d.tokens.end - 1) {
        d.tokens.end -= 1;
    }
    while d.tokens.len() > 1
        && lower(d.tokens.start)
        && !super::roles::starts_a_name(text, tokens, d.tokens.start)
    {
        d.tokens.start += 1;
    }
}

/// Trims possessives, articles and punctuation off both edges, and the
/// lower-case words that join names but never end one ([`JOINERS`]:
/// `in Labour and a` → `Labour`, `University of Chicago and` → `University
/// of Chicago`), then a plural of members that follows a party or a people
/// (`Labour MPs` → `Labour`, `UKIP MEPs` → `UKIP`).
fn trim_edges(text: &str, tokens: &[Token], d: &mut Draft) {
    /// Lower-case words that stand between the words of a name, never at
    /// its edge.
    const JOINERS: [&str; 12] = [
        "and", "or", "of", "to", "in", "for", "at", "on", "by", "with", "from", "as",
    ];
    /// Members of an assembly, after their party or people.
    const MEMBERS: [&str; 5] = ["mps", "meps", "msps", "mlas", "mps'"];
    let edge = |i: usize| {
        tokens.get(i).is_some_and(|t| {
            EDGE_STOP.contains(&t.norm)
                || JOINERS.contains(&t.norm.as_str()) && t.text(text) == t.norm.as_str()
        })
    };
    loop {
        let before = d.tokens.clone();
        while d.tokens.end > d.tokens.start && edge(d.tokens.end - 1) {
            d.tokens.end -= 1;
        }
        while d.tokens.end > d.tokens.start && edge(d.tokens.start) {
            d.tokens.start += 1;
        }
        if d.tokens.len() >= 2 && MEMBERS.contains(&norm(tokens, d.tokens.end - 1)) {
            d.tokens.end -= 1;
            // `Welsh MPs`: the people, not an organisation
            if d.tokens.len() == 1 && super::demonyms::is_demonym(norm(tokens, d.tokens.start)) {
                d.set_label_by_rule(Label::Misc);
            }
        }
        if d.tokens == before {
            break;
        }
    }
}

/// `Seoul-based` → `Seoul` (a place), `US-led` → `US`, `New York-based` →
/// `New York`: a draft whose last token is hyphenated shrinks to the part
/// before a known lower-case suffix.
fn cut_hyphen_suffix(text: &str, tokens: &[Token], d: &mut Draft) {
    let (Some(first), Some(t)) = (
        tokens.get(d.tokens.start),
        d.tokens.end.checked_sub(1).and_then(|i| tokens.get(i)),
    ) else {
        return;
    };
    let parts = t.parts(text);
    if parts.len() < 2 {
        return;
    }
    let Some(last) = parts.last() else { return };
    let suf = &text[last.clone()];
    let is_lower = suf.chars().all(|c| c.is_lowercase());
    if is_lower && (PLACE_SUFFIXES.contains(suf) || NAME_SUFFIXES.contains(suf)) {
        d.sub = Some(first.start..parts[parts.len() - 2].end);
        // `South African-born` stays a nationality
        let people = d
            .sub
            .as_ref()
            .and_then(|r| text.get(r.clone()))
            .is_some_and(|w| super::demonyms::is_demonym(&crate::text::fold(w)));
        if PLACE_SUFFIXES.contains(suf) && d.label == Label::Misc && !people {
            d.set_label_by_rule(Label::Loc);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_load_from_their_data_files() {
        for w in ["the", "'s", "\"", ",", "--", "!"] {
            assert!(EDGE_STOP.contains(w), "{w}");
        }
        assert_eq!(EDGE_STOP.len(), 12);
        assert_eq!((PLACE_SUFFIXES.len(), NAME_SUFFIXES.len()), (6, 18));
    }
}
