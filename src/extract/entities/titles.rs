//! People behind titles: a name the tagger typed as an organisation (or
//! a place, or a thing) because a title or an organisation's name is glued
//! to it (`Mayor Bill de Blasio`, `Supreme Court Justice Antonin Scalia`,
//! `CEO of the Refugee Council Enver Solomon told`). The tagger learned
//! Reuters' `Justice Department` and `Premier League`: a capitalized title
//! word before names pulls them towards an organisation. See
//! [`people_behind_titles`].

use super::demonyms::is_demonym;
use super::repair::is_place_acronym;
use super::roles::{in_role, is_role_word, ORG_TAILS, ROLE_HEADS};
use super::shape::{LAW_HEADS, ORG_HEADS, PLACE_HEADS};
use super::{norm, Draft};
use crate::extract::ner::{tagger_form, NerModel};
use crate::extract::{Label, WordSet};
use crate::text::hash::FxSet;
use crate::text::{Token, TokenKind};
use std::ops::Range;

/// Titles that never open an organisation's or a place's name
/// (`data/person_titles.txt`): right before a name, they make it a person's.
static PERSON_TITLES: WordSet = WordSet::from_lines(include_str!("data/person_titles.txt"));
/// Speech verbs after a name (folded): `… Alia Salem said`.
const SPEECH: [&str; 16] = [
    "said",
    "says",
    "told",
    "tells",
    "added",
    "adds",
    "explained",
    "wrote",
    "announced",
    "stated",
    "noted",
    "argued",
    "warned",
    "insisted",
    "claimed",
    "confirmed",
];

/// True when tokens `r` can be a person's name after a title: one to three
/// words, each capitalized (a name particle between two of them: `Bill de
/// Blasio`), none the head or tail of an organisation's or a place's name
/// (the last not a law's: `Criminal Justice Bill`),
/// a role word, a nationality, a month or a weekday; those after the first
/// (a first name may be a common word: `Bill`) neither words that news
/// writes in lower case (`Advisors`) nor acronyms (`PAC`). Two words or
/// more, or one the article gives a person elsewhere (`surnames`) or that is
/// neither a common word nor a name the gazetteer lists (`Justice Alito`;
/// not `Mayor Bloomberg`, where `Bloomberg` is also the company).
fn name_after_title(
    text: &str,
    tokens: &[Token],
    r: Range<usize>,
    surnames: &FxSet<String>,
    model: &NerModel,
) -> bool {
    let Some(ts) = tokens.get(r.clone()) else {
        return false;
    };
    let (Some(first), Some(last)) = (ts.first(), ts.last()) else {
        return false;
    };
    let word_ok = |t: &Token| {
        t.kind == TokenKind::Word
            && !ORG_HEADS.contains(&t.norm)
            && !ORG_TAILS.contains(&t.norm)
            && !PLACE_HEADS.contains(&t.norm)
            && !is_role_word(&t.norm)
            && !is_demonym(&t.norm)
            && !super::forenames::is_calendar(&t.norm)
    };
    let particle = |t: &Token| super::shape::NAME_PARTICLES.contains(&t.norm);
    // a word news writes in lower case (`Advisors`), or an acronym (`PAC`)
    let common = |t: &Token| {
        let w = t.text(text);
        model.usually_lowercase(w) || w.chars().filter(|c| c.is_uppercase()).count() > 1
    };
    ts.len() <= 3
        && first.is_capitalized(text)
        && last.is_capitalized(text)
        && !LAW_HEADS.contains(&last.norm)
        && ts
            .iter()
            .all(|t| particle(t) || word_ok(t) && t.is_capitalized(text))
        && ts.iter().skip(1).all(|t| particle(t) || !common(t))
        && (ts.len() >= 2
            || surnames.contains(last.norm.as_str())
            || !common(last) && model.gazetteer_types(&[tagger_form(text, last)]) == 0)
}

/// A name the tagger typed as an organisation (or a place, or a thing)
/// because a title or an organisation is glued to it is a person's:
/// - a title inside the draft: `Mayor Bill de Blasio`, `Supreme Court
///   Justice Antonin Scalia`, `US President Bush` (the words before the
///   title, if any, stay a name of their own: an organisation, or a place
///   the gazetteer lists as one);
/// - a title right before it: `Goldman CEO Lloyd Blankfein` (`Lloyd
///   Blankfein` typed ORG);
/// - right after a role and `of`, `at` or `for`, the last two words of an
///   organisation's name before a speech verb: `CEO of the Refugee Council
///   Enver Solomon told`, `Vice Minister of Finance Wang Jun said` (not
///   after a person and a comma: `Jo Smith, analyst at SunTrust Robinson
///   Humphrey, said`; not when the role stands further back: `director of
///   the Dallas chapter of the Council on American-Islamic Relations Alia
///   Salem said` stays one organisation).
///
/// Titles: `data/person_titles.txt`, which leaves out those that open
/// organisations' names (`General Motors`, `Premier League`). What counts
/// as a name: [`name_after_title`] (one word only when the article gives it
/// a person elsewhere, or when it is no common word and no list knows it:
/// `Justice Alito`). A name the gazetteer lists whole is left alone. The
/// title stays in the person's draft, where `roles::split_role` makes it
/// the role.
pub(super) fn people_behind_titles(
    text: &str,
    tokens: &[Token],
    drafts: &mut Vec<Draft>,
    model: &NerModel,
) {
    let mut surnames: FxSet<String> = FxSet::default();
    for d in drafts
        .iter()
        .filter(|d| d.label == Label::Per && d.sub.is_none())
    {
        if let Some(t) = tokens.get(d.tokens.end.wrapping_sub(1)) {
            surnames.insert(t.norm.to_string());
        }
    }
    let listed = |r: Range<usize>| {
        let words: Vec<std::borrow::Cow<'_, str>> = tokens
            .get(r)
            .unwrap_or(&[])
            .iter()
            .map(|t| tagger_form(text, t))
            .collect();
        model.gazetteer_types(&words)
    };
    let is_title = |i: usize| PERSON_TITLES.contains(norm(tokens, i));
    let mut added: Vec<Draft> = Vec::new();
    for d in drafts.iter_mut() {
        if d.label == Label::Per || d.sub.is_some() {
            continue;
        }
        let (s, e) = (d.tokens.start, d.tokens.end);
        // a name the gazetteer lists whole is left alone (looked up only
        // once a shape below matches: most drafts have no title)
        let known = || listed(s..e) != 0;
        // a title inside: the last one before a name
        let inside = (s..e.saturating_sub(1)).rev().find(|&i| {
            is_title(i)
                && tokens.get(i).is_some_and(|t| t.is_capitalized(text))
                && name_after_title(text, tokens, i + 1..e, &surnames, model)
        });
        if let Some(t) = inside.filter(|_| !known()) {
            // the title's run of role words, and the name before it
            let mut run = t;
            while run > s && in_role(tokens, run - 1, false) {
                run -= 1;
            }
            // a name the gazetteer lists keeps its last words (`New York
            // City Mayor`: `City` is a role word, as in `city councillor`)
            while run > s && run < t && listed(s..run + 1) != 0 {
                run += 1;
            }
            if run > s {
                let place = {
                    let mask = listed(s..run);
                    mask & NerModel::GAZETTEER_LOC != 0 && mask & NerModel::GAZETTEER_ORG == 0
                        || run - s == 1 && is_place_acronym(norm(tokens, s))
                };
                let person = surnames.contains(norm(tokens, run - 1));
                let label = if place {
                    Label::Loc
                } else if person {
                    Label::Per
                } else {
                    Label::Org
                };
                let mut p = Draft::new(s..run, label);
                p.type_conf = d.type_conf;
                if place || person {
                    p.set_label_by_rule(label);
                }
                added.push(p);
                d.tokens.start = run;
            }
            d.set_label_by_rule(Label::Per);
            continue;
        }
        // a title right before it
        if s > 0
            && is_title(s - 1)
            && title_stands_alone(text, tokens, s - 1)
            && e - s >= 2
            && name_after_title(text, tokens, s..e, &surnames, model)
            && !known()
        {
            d.set_label_by_rule(Label::Per);
            continue;
        }
        // a role, `of`, an organisation, a name, a speech verb
        if e - s >= 3
            && SPEECH.contains(&norm(tokens, e))
            && name_after_title(text, tokens, e - 2..e, &surnames, model)
            && !model.usually_lowercase(tokens[e - 2].text(text))
            && listed(e - 2..e) == 0
            && role_of_before(text, tokens, s)
            && tokens.get(e - 3).is_some_and(|t| t.is_capitalized(text))
            && !known()
        {
            added.push(d.split_person_off(e - 2));
        }
    }
    if !added.is_empty() {
        drafts.extend(added);
        crate::text::sort::sort_by_key(drafts, |d| d.tokens.start);
    }
}

/// True when the title at token `i` is capitalized (`CEO`, `Mayor`), or
/// opens its noun phrase (`her attorney`, `the coach`, `former manager`,
/// after a comma): not the last word of a compound (`fund manager Matrix
/// Asset Advisors`).
fn title_stands_alone(text: &str, tokens: &[Token], i: usize) -> bool {
    if tokens.get(i).is_some_and(|t| t.is_capitalized(text)) || i == 0 {
        return true;
    }
    let before = norm(tokens, i - 1);
    matches!(
        before,
        "a" | "an" | "the" | "his" | "her" | "their" | "its" | "our" | "my" | "your" | "," | "and"
    ) || is_role_word(before)
}

/// True when a role and `of`, `at` or `for` (an article allowed after it)
/// stand right before token `s`, and not as a description of a name before
/// a comma (`Jo Smith, director of …`).
fn role_of_before(text: &str, tokens: &[Token], s: usize) -> bool {
    let mut i = s;
    if i > 0 && norm(tokens, i - 1) == "the" {
        i -= 1;
    }
    if i == 0 || !matches!(norm(tokens, i - 1), "of" | "at" | "for") {
        return false;
    }
    i -= 1;
    let mut start = i;
    while start > 0 && is_role_word(norm(tokens, start - 1)) {
        start -= 1;
    }
    if start == i || !(start..i).any(|k| ROLE_HEADS.contains(norm(tokens, k))) {
        return false;
    }
    // `…, the director of`: the description of whoever stands before it
    let mut k = start;
    while k > 0 && matches!(norm(tokens, k - 1), "a" | "an" | "the") {
        k -= 1;
    }
    let after_name = k >= 2
        && tokens.get(k - 1).is_some_and(|t| t.text(text) == ",")
        && tokens.get(k - 2).is_some_and(|t| t.is_capitalized(text));
    !after_name
}
