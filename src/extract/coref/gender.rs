//! Genders: what a person's first name, title and the pronouns after the
//! mentions tell (see the module documentation of `coref`). First names
//! come from lists written by hand for news (`data/male_names.txt`,
//! `data/female_names.txt`) and from the larger lists of a packaged lexicon
//! (`data/*_names_lexicon.txt`, written by `scripts/first_names.mjs`), whose
//! genders are guesses a title overrules.

use crate::extract::{EntityRef, Label, WordSet};
use crate::text::{fold, Token};
use std::ops::Range;

static MALE_NAMES: WordSet = WordSet::from_lines(include_str!("data/male_names.txt"));
static FEMALE_NAMES: WordSet = WordSet::from_lines(include_str!("data/female_names.txt"));
/// First names from a larger packaged lexicon (`scripts/first_names.mjs`),
/// read after the hand-written lists, whose gender wins.
static MALE_NAMES_LEXICON: WordSet =
    WordSet::from_lines(include_str!("data/male_names_lexicon.txt"));
static FEMALE_NAMES_LEXICON: WordSet =
    WordSet::from_lines(include_str!("data/female_names_lexicon.txt"));

/// True for a common first name (folded), of either list.
pub(crate) fn is_first_name(folded: &str) -> bool {
    first_name_gender(folded) != Gender::Unknown
}

/// The gender a common first name (folded) tells (the female list first,
/// as [`entity_genders`] reads them; the hand-written lists before the
/// lexicon's).
pub(crate) fn first_name_gender(folded: &str) -> Gender {
    match listed_first_name_gender(folded) {
        Gender::Unknown if FEMALE_NAMES_LEXICON.contains(folded) => Gender::Female,
        Gender::Unknown if MALE_NAMES_LEXICON.contains(folded) => Gender::Male,
        told => told,
    }
}

/// The gender the hand-written first-name lists alone tell: names chosen
/// for news of either language they occur in, where the lexicon's lists
/// give some names one gender that another language gives the other
/// (`Dominique`, `Andrea`).
pub(crate) fn listed_first_name_gender(folded: &str) -> Gender {
    if FEMALE_NAMES.contains(folded) {
        Gender::Female
    } else if MALE_NAMES.contains(folded) {
        Gender::Male
    } else {
        Gender::Unknown
    }
}

/// The gender a person's title before the name tells, by its last word
/// (`Mr.`, `Mrs`, `Ms.`, `Sir`, `Lady`; `former Sen.` tells none).
pub(crate) fn title_gender(role: &str) -> Gender {
    let last = role.split_whitespace().last().unwrap_or("");
    match fold(last.trim_end_matches('.')).as_str() {
        "mr" | "sir" | "lord" | "king" | "prince" | "duke" | "baron" => Gender::Male,
        "mrs" | "ms" | "miss" | "lady" | "dame" | "queen" | "princess" | "duchess" | "baroness"
        | "madam" => Gender::Female,
        _ => Gender::Unknown,
    }
}

/// An entity's grammatical gender, as far as the text tells.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Gender {
    Male,
    Female,
    Unknown,
}

/// Guesses each entity's gender (see the module documentation); only persons
/// get one.
pub(crate) fn entity_genders(tokens: &[Token], entities: &[EntityRef]) -> Vec<Gender> {
    entities.iter().map(|e| gender_of(tokens, e)).collect()
}

fn gender_of(tokens: &[Token], e: &EntityRef) -> Gender {
    if e.label != Label::Per {
        return Gender::Unknown;
    }
    let first = fold(e.name.split_whitespace().next().unwrap_or(""));
    let told = listed_first_name_gender(&first);
    if told != Gender::Unknown {
        return told;
    }
    if let Some(r) = &e.role {
        let r = fold(r);
        if r.contains("woman") || r.contains("mrs") || r.contains("queen") {
            return Gender::Female;
        }
    }
    let ((tm, tf), (pm, pf)) = mention_evidence(tokens, &e.mentions);
    let by = |m: u32, f: u32| match m.cmp(&f) {
        std::cmp::Ordering::Greater => Gender::Male,
        std::cmp::Ordering::Less => Gender::Female,
        std::cmp::Ordering::Equal => Gender::Unknown,
    };
    // a first name of the lexicon's lists gives way to titles only (its
    // gender is a guess, `Mr Dominique Bussereau`; the first pronoun after
    // a mention is often someone else's: `Wendy Nanney, a leader of Cruz's
    // coalition, suggested that Trump had not been exposed on his old
    // views`); without one, a title counts two pronouns
    match (first_name_gender(&first), by(tm, tf)) {
        (Gender::Unknown, _) => by(2 * tm + pm, 2 * tf + pf),
        (lexicon, Gender::Unknown) => lexicon,
        (_, titles) => titles,
    }
}

/// Counts (male, female) of the titles before the mentions (`Mr`), and of
/// the first personal pronoun within 25 tokens after each.
fn mention_evidence(tokens: &[Token], mentions: &[Range<usize>]) -> ((u32, u32), (u32, u32)) {
    let ((mut tm, mut tf), (mut pm, mut pf)) = ((0, 0), (0, 0));
    for mr in mentions {
        let k = tokens.partition_point(|t| t.start < mr.start);
        if k > 0 {
            match tokens[k - 1].norm.as_str() {
                "mr" | "mr." => tm += 1,
                "mrs" | "mrs." | "ms" | "ms." | "miss" => tf += 1,
                _ => {}
            }
        }
        let after = tokens.partition_point(|t| t.start < mr.end);
        for t in tokens.iter().skip(after).take(25) {
            if matches!(t.norm.as_str(), "he" | "him" | "his" | "himself") {
                pm += 1;
                break;
            }
            if matches!(t.norm.as_str(), "she" | "her" | "hers" | "herself") {
                pf += 1;
                break;
            }
        }
    }
    ((tm, tf), (pm, pf))
}
