//! A first name the tagger dropped before a surname it knows.
//!
//! The tagger's second stage reads what the article does with each word
//! elsewhere: when a surname comes back alone many times (`Lee told them`,
//! `Lee said`), it may tag the full name's surname alone and leave the first
//! name out, the more so when the first name is also a common word:
//! `Film-maker Spike Lee` became `Lee`, `Balco founder Victor Conte`
//! `Conte`, `goalkeeper Shay Given` `Given`. The article then has no full
//! name for the person, and every card, chart and speaker says `Lee`.
//!
//! [`restore_first_names`] gives a one-word person's name back the
//! capitalized word right before it, when the name stands alone as a
//! person's at least twice in the article (the tagger's reason to drop the
//! first name) and that word is written as a first name is (letters only, a
//! capital then lower case, three letters or more),
//! is no sentence's first word, stands after a lower-case word, a comma or a
//! description opening the sentence (`Director Spike Lee`, `Film-maker`),
//! and is nothing else a rule
//! knows: no title or form of address (`President`, `Mr`, `Speaker`), no nationality
//! (`Kenyan`), no month or weekday, no small word, no name the gazetteer
//! lists, no part of another name. A line in title case (a headline) is
//! left alone: every word there is capitalized.

use super::demonyms::is_demonym;
use super::repair::TITLE_SMALL_WORDS;
use super::roles::{is_role_word, HONORIFICS};
use super::{norm, Draft};
use crate::extract::ner::{tagger_form, NerModel};
use crate::extract::Label;
use crate::text::stopwords::is_stop_word;
use crate::text::{Token, TokenKind};
use std::ops::Range;

/// Months and weekdays (folded), capitalized wherever they stand.
const CALENDAR: [&str; 19] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// True for a month's or a weekday's name (folded).
pub(super) fn is_calendar(norm: &str) -> bool {
    CALENDAR.contains(&norm)
}

/// True for a word written as a first name: letters only, a capital then
/// lower case, three letters or more.
fn first_name_shape(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && word.chars().count() >= 3
        && chars.all(char::is_lowercase)
}

/// True when more than half the words of `s` are capitalized: a headline.
fn title_case_line(text: &str, tokens: &[Token], s: &Range<usize>) -> bool {
    let words: Vec<&Token> = tokens
        .get(s.clone())
        .unwrap_or(&[])
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .collect();
    let caps = words.iter().filter(|t| t.is_capitalized(text)).count();
    words.len() >= 3 && caps * 2 > words.len()
}

/// Joins a dropped first name to the one-word person's name after it (see
/// the module documentation).
pub(super) fn restore_first_names(
    text: &str,
    tokens: &[Token],
    sentences: &[Range<usize>],
    drafts: &mut [Draft],
    model: &NerModel,
) {
    let in_draft = super::name_mask(tokens.len(), drafts);
    // one-word person names, by how often each stands alone
    let mut alone: crate::extract::FxMap<String, usize> = Default::default();
    for d in drafts.iter() {
        if d.label == Label::Per && d.sub.is_none() && d.tokens.len() == 1 {
            if let Some(t) = tokens.get(d.tokens.start) {
                *alone.entry(t.norm.to_string()).or_default() += 1;
            }
        }
    }
    for d in drafts.iter_mut() {
        if d.label != Label::Per || d.sub.is_some() || d.tokens.len() != 1 || d.tokens.start < 2 {
            continue;
        }
        // the tagger drops a first name when the surname comes back alone
        let surname = tokens.get(d.tokens.start).map_or("", |t| t.norm.as_str());
        if alone.get(surname).copied().unwrap_or(0) < 2 {
            continue;
        }
        let j = d.tokens.start;
        let k = sentences.partition_point(|s| s.start <= j);
        let Some(s) = k
            .checked_sub(1)
            .and_then(|k| sentences.get(k))
            .filter(|s| j < s.end)
        else {
            continue;
        };
        // the word before the name, no sentence's first word
        let x = j - 1;
        if x <= s.start || in_draft.get(x).copied().unwrap_or(true) {
            continue;
        }
        let (Some(t), Some(prev)) = (tokens.get(x), tokens.get(x - 1)) else {
            continue;
        };
        let word = t.text(text);
        // one space between them, no line break
        let joined = tokens.get(j).is_some_and(|n| n.start == t.end + 1)
            && text.get(t.end..t.end + 1) == Some(" ");
        let norm = t.norm.as_str();
        let known = is_role_word(norm)
            || HONORIFICS.contains(norm)
            || is_demonym(norm)
            || CALENDAR.contains(&norm)
            || norm == "speaker"
            || TITLE_SMALL_WORDS.contains(norm)
            || is_stop_word(norm)
            || model.gazetteer_types(&[word]) != 0;
        // after a comma or a lower-case word, or after a description that
        // opens the sentence (`Film-maker Spike Lee`, `Director …`)
        let opening = x - 1 == s.start
            && prev.kind == TokenKind::Word
            && (prev.text(text).contains('-') || is_role_word(&prev.norm));
        let after = prev.kind == TokenKind::Punct && prev.text(text) == ","
            || prev.kind == TokenKind::Word && !prev.is_capitalized(text)
            || opening;
        if t.kind == TokenKind::Word
            && first_name_shape(word)
            && joined
            && !known
            && after
            && !in_draft.get(x - 1).copied().unwrap_or(false)
            && !title_case_line(text, tokens, s)
        {
            d.tokens.start = x;
        }
    }
}

/// A surname with its capitalized particle (`Le Pen`, `La Russa`, `Van
/// Persie`, `Bin Laden`) is a person when the article names that person in
/// full (`Marine Le Pen`), whatever type the tagger gave the two words: it
/// reads a capitalized `Le` or `Van` as a French or Dutch organisation's
/// first word. The surname must be no organisation's or place's head word,
/// and a name the gazetteer lists whole stays. (A relative's first name
/// before the surname, `Melania Trump` typed ORG beside `Donald Trump`, is
/// `vote::one_type_per_name`'s.)
pub(super) fn surnames_with_particles(
    text: &str,
    tokens: &[Token],
    drafts: &mut [Draft],
    model: &NerModel,
) {
    let heads = |w: &str| {
        super::shape::ORG_HEADS.contains(w)
            || super::roles::ORG_TAILS.contains(w)
            || super::shape::PLACE_HEADS.contains(w)
    };
    // the last two words of the people named in three words or more
    let people: Vec<(&str, &str)> = drafts
        .iter()
        .filter(|d| d.label == Label::Per && d.sub.is_none() && d.tokens.len() >= 3)
        .map(|d| {
            (
                norm(tokens, d.tokens.end - 2),
                norm(tokens, d.tokens.end - 1),
            )
        })
        .filter(|(_, w)| !heads(w))
        .collect();
    if people.is_empty() {
        return;
    }
    for d in drafts.iter_mut() {
        if d.label == Label::Per || d.sub.is_some() || d.tokens.len() != 2 {
            continue;
        }
        let (Some(first), Some(last)) =
            (tokens.get(d.tokens.start), tokens.get(d.tokens.start + 1))
        else {
            continue;
        };
        let particle =
            super::shape::NAME_PARTICLES.contains(&first.norm) && first.is_capitalized(text);
        let named = people
            .iter()
            .any(|&(p, l)| p == first.norm.as_str() && l == last.norm.as_str());
        let whole = [tagger_form(text, first), tagger_form(text, last)];
        if particle
            && named
            && last.kind == TokenKind::Word
            && !heads(&last.norm)
            && model.gazetteer_types(&whole) == 0
        {
            d.set_label_by_rule(Label::Per);
        }
    }
}
