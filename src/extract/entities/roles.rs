//! Titles and roles split off person names.
//!
//! A person's mention may start with a title (`President Joe Biden`) or
//! follow one (`Defense Minister Sergey Shoigu`, `leader Kim Jong Un`). The
//! title words are cut from the name and, when they include a head word
//! (`minister`, `leader`: `data/role_heads.txt`) and not only modifiers
//! (`defense`, `former`: `data/role_modifiers.txt`), kept as the draft's
//! role, which the entity reports. A title may hold `of` between its
//! words (`US Secretary of State Condoleezza Rice`, role `US Secretary of
//! State`), and a nationality before the name is cut too (`Australian
//! Lynton Crosby` is `Lynton Crosby`, `Texan Michael Chicoine` is `Michael
//! Chicoine`; `data/demonyms.txt`, adjectives and nouns): a reader lists
//! the person by name.

use super::{norm, Draft};
use crate::extract::WordSet;
use crate::text::Token;
use std::ops::Range;

pub(super) static ROLE_HEADS: WordSet = WordSet::from_lines(include_str!("data/role_heads.txt"));
static ROLE_MODIFIERS: WordSet = WordSet::from_lines(include_str!("data/role_modifiers.txt"));
pub(super) static ORG_TAILS: WordSet = WordSet::from_lines(include_str!("data/org_tails.txt"));
/// Forms of address (`data/honorifics.txt`: `mr`, `lord`, `dame`) that only
/// ever precede a person's name.
pub(crate) static HONORIFICS: WordSet = WordSet::from_lines(include_str!("data/honorifics.txt"));

/// True for a title written short (`sen.`, `gov.`, `mr`, `dr.`: folded),
/// which alone is never a name.
pub(super) fn is_short_title(norm: &str) -> bool {
    matches!(norm, "mr" | "mrs" | "ms" | "dr") || norm.ends_with('.') && ROLE_HEADS.contains(norm)
}

/// True for a word of a role (`minister`, `chief`): `data/role_heads.txt`,
/// `data/role_modifiers.txt`.
pub(super) fn is_role_word(norm: &str) -> bool {
    ROLE_HEADS.contains(norm) || ROLE_MODIFIERS.contains(norm)
}

/// True when token `i` is a role word, or an `of` between two role words
/// (`Secretary of State`); inside the mention (`inside`), a nationality too
/// (`Australian Lynton Crosby`; before it, `North Korean leader` keeps the
/// role it had: `leader`).
pub(super) fn in_role(tokens: &[Token], i: usize, inside: bool) -> bool {
    let w = norm(tokens, i);
    // `de` is a role word only in `de facto` (`President de Gaulle`)
    if w == "de" && norm(tokens, i + 1) != "facto" {
        return false;
    }
    is_role_word(w)
        || inside && super::demonyms::is_demonym(w)
        || w == "of"
            && i > 0
            && i + 1 < tokens.len()
            && ROLE_HEADS.contains(norm(tokens, i - 1))
            && is_role_word(norm(tokens, i + 1))
}

/// True when a draft the tagger typed as something else is a title and a
/// person's name (`US Secretary of State Condoleezza Rice` typed ORG): its
/// first words are a role of two words or more with a head word (`of`
/// allowed between them), and two or three capitalized words follow, none
/// an organisation's head or tail (`General Electric Company`, `General
/// Motors Europe` stay organisations).
pub(super) fn is_titled_person(text: &str, tokens: &[Token], d: &Draft) -> bool {
    let mut end = d.tokens.start;
    while end < d.tokens.end && in_role(tokens, end, false) {
        end += 1;
    }
    let has_head = (d.tokens.start..end).any(|i| ROLE_HEADS.contains(norm(tokens, i)));
    let rest = end..d.tokens.end;
    has_head
        && end - d.tokens.start >= 2
        && (2..=3).contains(&rest.len())
        && tokens.get(rest).is_some_and(|ts| {
            ts.iter().all(|t| {
                t.is_capitalized(text)
                    && !super::shape::ORG_HEADS.contains(&t.norm)
                    && !ORG_TAILS.contains(&t.norm)
                    && !is_role_word(&t.norm)
            })
        })
}

/// True when token `i` can open a person's name: capitalized, or a name
/// particle (`de`, `al`), alone or before a hyphen (`al-Assad`).
pub(super) fn starts_a_name(text: &str, tokens: &[Token], i: usize) -> bool {
    tokens.get(i).is_some_and(|t| {
        t.is_capitalized(text)
            || t.norm
                .split('-')
                .next()
                .is_some_and(|p| super::shape::NAME_PARTICLES.contains(p))
    })
}

/// Cuts the title at the start of a person draft and the one just before it
/// (within its sentence), keeping them as its role.
pub(super) fn split_role(text: &str, tokens: &[Token], sentences: &[Range<usize>], d: &mut Draft) {
    // titles inside the mention: `President Joe Biden` → role President
    let mut role_end = d.tokens.start;
    while role_end + 1 < d.tokens.end && in_role(tokens, role_end, true) {
        role_end += 1;
    }
    // the name left after a title starts with a name word (a particle
    // allowed: `President al-Assad`): `Lord of the Rings` and `Prince of
    // Wales` are not the title `Lord` and a person `of the Rings`
    if role_end > d.tokens.start && !starts_a_name(text, tokens, role_end) {
        role_end = d.tokens.start;
    }
    // a title and nothing else (`The Lord Chief Justice`, `Prime Minister`)
    // names no one: its last word is the title's head, not a name. A form
    // of address alone before it keeps it a name (`Mr King`, `Lord Bishop`)
    if role_end + 1 == d.tokens.end
        && ROLE_HEADS.contains(norm(tokens, role_end))
        && (d.tokens.start..role_end).any(|i| !HONORIFICS.contains(norm(tokens, i)))
    {
        d.tokens.start = d.tokens.end;
        return;
    }
    // roles just before the mention: `Defense Minister Sergey Shoigu`, `leader Kim Jong Un`
    // sentences are in text order: the first one ending after the start
    let k = sentences.partition_point(|s| s.end <= d.tokens.start);
    let sent_start = sentences
        .get(k)
        .filter(|s| s.contains(&d.tokens.start))
        .map_or(0, |s| s.start);
    let mut role_start = d.tokens.start;
    while role_start > sent_start && in_role(tokens, role_start - 1, false) {
        role_start -= 1;
    }
    // a nationality opening the role is not part of it (`Korean leader`)
    while role_start < role_end && !in_role(tokens, role_start, false) {
        role_start += 1;
    }
    let mut role_tokens = role_start..role_end;
    // a form of address after a title is not part of it: `manager Sir Alex
    // Ferguson` has the role `manager` (alone, `Sir Alex Ferguson`, it stays
    // the role, as `Mr` does)
    while role_tokens.end > role_tokens.start + 1
        && HONORIFICS.contains(norm(tokens, role_tokens.end - 1))
        && (role_tokens.start..role_tokens.end - 1).any(|i| !HONORIFICS.contains(norm(tokens, i)))
    {
        role_tokens.end -= 1;
    }
    let has_head = role_tokens
        .clone()
        .any(|i| ROLE_HEADS.contains(norm(tokens, i)));
    if has_head && !role_tokens.is_empty() {
        let s = tokens[role_tokens.start].start;
        let e = tokens[role_tokens.end - 1].end;
        d.role = text.get(s..e).map(str::to_string);
    }
    d.tokens.start = role_end;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_lists_load_from_their_data_files() {
        assert_eq!(ROLE_HEADS.len(), 114);
        assert_eq!(ROLE_MODIFIERS.len(), 83);
        assert!(is_role_word("minister") && is_role_word("u.s.") && is_role_word("defence"));
        assert!(is_role_word("mogul") && is_role_word("front-runner"));
        assert!(ROLE_HEADS
            .iter()
            .chain(ROLE_MODIFIERS.iter())
            .all(|w| !w.starts_with('#')));
        assert!(!is_role_word("shoigu"));
    }
}
