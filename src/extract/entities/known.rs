//! Stage 2, continued: what the model's gazetteer knows of today's world, applied to the
//! repaired drafts.
//!
//! The tagger learned 1996 Reuters news. Its gazetteer (see
//! `models/MODEL.md`) lists today's companies, platforms, agencies, places,
//! holidays, events, faiths and languages. Two repairs use it, and a third
//! reads the article's own description of a name:
//! - [`known_organisations`]: a name the gazetteer lists as an organisation
//!   and not as a place (`Yahoo`, `Huawei`) is an organisation whatever the
//!   tagger said; a person or place draft it lists only as a
//!   miscellaneous name (`Christmas`, `Hajj`, `at Glastonbury`) is
//!   miscellaneous;
//! - [`add_known_misc`]: a capitalized word inside a sentence that the
//!   tagger left out, and that the gazetteer lists only as a miscellaneous
//!   name (`before Christmas`, `in Swahili`), becomes one;
//! - [`bodies_described`]: a one-word name typed as a person that the
//!   article describes as an organisation (`software firm Netcraft`, `his
//!   new party, Veritas`) is one.
//!
//! All leave alone what the article shows to be a person: an honorific
//! before the word, or a person named in full elsewhere whose first name or
//! surname it is (not a name quoted by itself, `''Wilayat Twitter''`: a
//! nickname or a title).

use super::roles::HONORIFICS;
use super::{norm, Draft};
use crate::extract::ner::{tagger_form, NerModel};
use crate::extract::{Label, WordSet};
use crate::text::hash::FxSet;
use crate::text::{Token, TokenKind};
use std::ops::Range;

/// Gazetteer type bits (see [`NerModel::gazetteer_types`]).
const ORG: u8 = NerModel::GAZETTEER_ORG;
const LOC: u8 = NerModel::GAZETTEER_LOC;
const MISC: u8 = NerModel::GAZETTEER_MISC;

/// The first names and surnames of people named in full in the article.
fn person_name_parts<'t>(tokens: &'t [Token], drafts: &[Draft]) -> FxSet<&'t str> {
    let mut parts: FxSet<&str> = FxSet::default();
    for d in drafts.iter().filter(|d| {
        d.label == Label::Per && d.sub.is_none() && d.tokens.len() >= 2 && !quoted_alone(tokens, d)
    }) {
        parts.insert(norm(tokens, d.tokens.start));
        parts.insert(norm(tokens, d.tokens.end - 1));
    }
    parts
}

/// True when a draft fills a quoted stretch by itself (`as ''Wilayat
/// Twitter,''`, `“Shark Tank”`): a title or a nickname quoted, not a
/// person introduced, so it shows no one whose name parts are people's.
fn quoted_alone(tokens: &[Token], d: &Draft) -> bool {
    let mark = |k: usize| {
        tokens.get(k).is_some_and(|t| {
            t.kind == TokenKind::Punct
                && matches!(
                    t.norm.as_str(),
                    "\"" | "“" | "”" | "''" | "``" | "'" | "‘" | "’" | "«" | "»" | "„"
                )
        })
    };
    let mut after = d.tokens.end;
    if tokens
        .get(after)
        .is_some_and(|t| matches!(t.norm.as_str(), "," | "."))
    {
        after += 1;
    }
    d.tokens.start.checked_sub(1).is_some_and(mark) && mark(after)
}

/// The folded word just before a draft (empty at the start of the text).
fn word_before<'t>(tokens: &'t [Token], d: &Draft) -> &'t str {
    d.tokens
        .start
        .checked_sub(1)
        .map_or("", |k| norm(tokens, k))
}

/// Names the model's gazetteer lists as organisations and not as places
/// (`Yahoo`, `Morgan Stanley`), which the tagger typed as a person or a
/// place (or as a miscellaneous name the gazetteer does not list as one:
/// `Huawei`, `SpaceX`, `Taliban`), become organisations, unless the article shows a person: an
/// honorific before the name, or a person named in full elsewhere whose
/// first name or surname it is (`Lindsay Davenport` ... `Davenport`), or `the` before it
/// (`the Kremlin`, `the Amazon`: a place). The tagger learned
/// 1996 news, where a lone capitalized word before "said" is nearly always
/// a person; the gazetteer knows today's companies, platforms and agencies.
/// Likewise a person draft the gazetteer lists only as a miscellaneous name
/// (a holiday, an event, a faith, a language: `Christmas`, `Hajj`) becomes
/// miscellaneous, with the same exceptions, and so does an award named in
/// the singular ([`singular_event`]: `an Oscar`).
pub(super) fn known_organisations(
    text: &str,
    tokens: &[Token],
    drafts: &mut [Draft],
    model: &NerModel,
) {
    let name_parts = person_name_parts(tokens, drafts);
    let mut words: Vec<std::borrow::Cow<'_, str>> = Vec::new();
    for d in drafts.iter_mut() {
        if singular_event(text, tokens, d, &name_parts, &mut words, model) {
            continue;
        }
        if !matches!(d.label, Label::Per | Label::Loc | Label::Misc) || d.sub.is_some() {
            continue;
        }
        let Some(toks) = tokens.get(d.tokens.clone()) else {
            continue;
        };
        if toks.len() == 1 && name_parts.contains(toks[0].norm.as_str()) {
            continue;
        }
        let before = word_before(tokens, d);
        // `the White House`, `the Kremlin`, `the Amazon`: a building or a
        // place named as the organisation it houses keeps its type
        if HONORIFICS.contains(before) || (before == "the" && d.label != Label::Misc) {
            continue;
        }
        words.clear();
        words.extend(toks.iter().map(|t| tagger_form(text, t)));
        let mask = model.gazetteer_types(&words);
        // a miscellaneous name only when the gazetteer has no MISC sense of
        // it (`Huawei`, `Taliban`; not `Christmas`), and not a party's or a
        // movement's members (`Republicans`, `Democrats`, `Socialists`: MISC,
        // as the tagger's training data has them)
        let members = toks.len() == 1
            && ["ans", "ats", "ists"]
                .iter()
                .any(|s| toks[0].norm.ends_with(s));
        if d.label == Label::Misc && members {
            continue;
        }
        let other = if d.label == Label::Misc {
            LOC | MISC
        } else {
            LOC
        };
        if mask & ORG != 0 && mask & other == 0 {
            d.set_label_by_rule(Label::Org);
        } else if mask == MISC && matches!(d.label, Label::Per | Label::Loc) {
            // a holiday, event, faith or language and nothing else in the
            // gazetteer (`before Christmas`, `Islam`, `Hajj`): not a person,
            // nor a place (`over Christmas`, `at Wimbledon`; `the` before a
            // place keeps it, above)
            d.set_label_by_rule(Label::Misc);
        }
    }
}

/// Common nouns that describe an organisation next to its name
/// (`data/body_nouns.txt`: `firm`, `party`, `duo`).
static BODY_NOUNS: WordSet = WordSet::from_lines(include_str!("data/body_nouns.txt"));
/// Plural nouns for an organisation's people right after its name
/// (`data/member_nouns.txt`: `reporters`, `engineers`, `subscribers`).
static MEMBER_NOUNS: WordSet = WordSet::from_lines(include_str!("data/member_nouns.txt"));

/// Most tokens an appositive after a name may run before its head noun
/// (`Daiwa, the country's second-largest brokerage firm,`).
const APPOSITIVE_SPAN: usize = 10;

/// A one-word name the tagger typed as a person (it learned that a lone
/// capitalized word before `said` nearly always is one) that the article
/// describes as an organisation is one: a body noun right before it
/// (`software firm Netcraft`, `rap duo OutKast`, `his new party, Veritas`),
/// an appositive after it headed by one (`Daiwa, the country's
/// second-largest brokerage firm,`), or its people right after it
/// (`Wikinews reporters attended`, `Google engineers`; `data/member_nouns.txt`). (Not an organisation's name it opens:
/// `Trump University` does not make `Trump` one.) Not when the article shows a person: the
/// word is the first name or surname of someone named in full, or follows
/// an honorific.
pub(super) fn bodies_described(text: &str, tokens: &[Token], drafts: &mut [Draft]) {
    let name_parts = person_name_parts(tokens, drafts);
    let norm_at = |k: usize| tokens.get(k).map_or("", |t| t.norm.as_str());
    let lone = |d: &Draft| d.label == Label::Per && d.sub.is_none() && d.tokens.len() == 1;
    // `Wikinews reporters attended`, `Google engineers`: its people after it
    let members_after = |k: usize| {
        MEMBER_NOUNS.contains(norm_at(k + 1))
            && tokens.get(k + 1).is_some_and(|t| !t.is_capitalized(text))
    };
    let mut described: FxSet<&str> = FxSet::default();
    let mut person: FxSet<&str> = FxSet::default();
    for d in drafts.iter().filter(|d| lone(d)) {
        let k = d.tokens.start;
        let w = norm_at(k);
        let before = word_before(tokens, d);
        if HONORIFICS.contains(before) || name_parts.contains(w) {
            person.insert(w);
            continue;
        }
        // `firm Netcraft`, `party, Veritas`
        let noun_before = BODY_NOUNS.contains(before)
            || (before == "," && k >= 2 && BODY_NOUNS.contains(norm_at(k - 2)));
        // `Daiwa, the … brokerage firm,`: the appositive's last word
        let appositive = norm_at(k + 1) == ","
            && matches!(norm_at(k + 2), "the" | "a" | "an")
            && (k + 3..(k + 3 + APPOSITIVE_SPAN).min(tokens.len()))
                .find(|&j| tokens[j].kind == TokenKind::Punct && tokens[j].text(text) != "-")
                .is_some_and(|j| BODY_NOUNS.contains(norm_at(j - 1)));
        if noun_before || appositive || members_after(k) {
            described.insert(w);
        }
    }
    // the word written with its people after it where the tagger typed
    // nothing (`Wikinews reporters attended`, and `Wikinews observed`
    // later a person)
    let lone_words: FxSet<&str> = drafts
        .iter()
        .filter(|d| lone(d))
        .map(|d| norm_at(d.tokens.start))
        .collect();
    for (k, t) in tokens.iter().enumerate() {
        if lone_words.contains(t.norm.as_str())
            && t.is_capitalized(text)
            && members_after(k)
            && !HONORIFICS.contains(norm_at(k.wrapping_sub(1)))
        {
            described.insert(t.norm.as_str());
        }
    }
    for d in drafts.iter_mut() {
        if lone(d) {
            let w = norm_at(d.tokens.start);
            if described.contains(w) && !person.contains(w) {
                d.set_label_by_rule(Label::Org);
            }
        }
    }
}

/// An award or an event named in the singular (`an Oscar`, `the Golden
/// Globe`, `a Grammy`) is the miscellaneous name the gazetteer lists in the
/// plural (`Oscars`, `Golden Globes`, `Grammys`), whatever type the tagger
/// gave it (`Oscar` was a person 67 times in 1,780 BBC articles): when the
/// singular is listed as nothing else, it is not the first name or
/// surname of a person the article names in full (`Oscar Pistorius`), is
/// not an acronym (`NIA`, a venue), and no honorific comes before it (`Mr
/// Oscar`). Relabels draft `d` so and says whether it did.
fn singular_event<'t>(
    text: &'t str,
    tokens: &'t [Token],
    d: &mut Draft,
    name_parts: &FxSet<&str>,
    words: &mut Vec<std::borrow::Cow<'t, str>>,
    model: &NerModel,
) -> bool {
    if !matches!(d.label, Label::Per | Label::Org | Label::Loc)
        || d.sub.is_some()
        || d.tokens.len() > MAX_KNOWN_MISC
    {
        return false;
    }
    let Some(toks) = tokens.get(d.tokens.clone()) else {
        return false;
    };
    let Some(last) = toks.last() else {
        return false;
    };
    if toks.iter().any(|t| name_parts.contains(t.norm.as_str()))
        || last.norm.ends_with('s')
        || last.text(text).chars().filter(|c| c.is_uppercase()).count() > 1
        || !toks
            .iter()
            .all(|t| t.kind == TokenKind::Word && t.is_capitalized(text))
    {
        return false;
    }
    let before = word_before(tokens, d);
    if HONORIFICS.contains(before) {
        return false;
    }
    words.clear();
    words.extend(toks.iter().map(|t| tagger_form(text, t)));
    if model.gazetteer_types(words) & !MISC != 0 {
        return false;
    }
    if let Some(w) = words.last_mut() {
        *w = std::borrow::Cow::Owned(format!("{w}s"));
    }
    if model.gazetteer_types(words) != MISC {
        return false;
    }
    d.set_label_by_rule(Label::Misc);
    true
}

/// Whether a word is written as a name: capitalized, or a product's
/// lower-case prefix letter before a capitalized word (`iPhone`, `eBay`,
/// `iTunes`; not a unit such as `kWh` or a common noun such as `mRNA`).
fn name_shaped(text: &str, t: &Token) -> bool {
    if t.is_capitalized(text) {
        return true;
    }
    let b = t.text(text).as_bytes();
    b.len() >= 4
        && b[0].is_ascii_lowercase()
        && b[1].is_ascii_uppercase()
        && b[2].is_ascii_lowercase()
        && b[3].is_ascii_lowercase()
}

/// Longest phrase [`add_known_misc`] looks up, in words (`Eid al-Fitr`).
const MAX_KNOWN_MISC: usize = 3;

/// A capitalized word (or a phrase of up to [`MAX_KNOWN_MISC`] capitalized words;
/// [`name_shaped`] also takes `iPhone`) that no draft covers, is not the first
/// word of its sentence, and stands apart from other capitalized words,
/// becomes a miscellaneous name when the gazetteer lists it as one and as
/// nothing else (`before Christmas`, `at Diwali`, `written in Swahili`, `its
/// iPhone models`): CoNLL-2003's tagger learned holidays and languages from
/// few examples and often leaves them out. Not after an honorific, and not a
/// person's first name or surname used in the article. A word in camel case
/// with a lower-case first letter (`iPod`, `eBay`) is a name even when the
/// gazetteer does not know it: a product (MISC), or a company when the
/// gazetteer lists it as one only. A capitalized plural after `the` that
/// the gazetteer lists as an organisation only (`The Conservatives have
/// called`), the sentence's first word `The` included, is an organisation
/// when the name does not go on (`The News of the World`).
pub(super) fn add_known_misc<'t>(
    text: &'t str,
    tokens: &'t [Token],
    sentences: &[Range<usize>],
    drafts: &mut Vec<Draft>,
    model: &NerModel,
) {
    let mut covered = vec![false; tokens.len()];
    for d in drafts.iter() {
        for k in d.tokens.clone() {
            if let Some(c) = covered.get_mut(k) {
                *c = true;
            }
        }
    }
    let name_parts = person_name_parts(tokens, drafts);
    let cap = |k: usize| {
        tokens
            .get(k)
            .is_some_and(|t| t.kind == TokenKind::Word && name_shaped(text, t))
    };
    let mut added: Vec<Draft> = Vec::new();
    let mut words: Vec<std::borrow::Cow<'t, str>> = Vec::new();
    for s in sentences {
        let mut i = s.start + 1;
        while i < s.end {
            // `The` opening the sentence: only a plural body may follow
            let opening_the = i - 1 == s.start && norm(tokens, i - 1) == "the";
            if covered.get(i) != Some(&false) || !cap(i) || (cap(i - 1) && !opening_the) {
                i += 1;
                continue;
            }
            let before = norm(tokens, i - 1);
            if HONORIFICS.contains(before) || name_parts.contains(norm(tokens, i)) {
                i += 1;
                continue;
            }
            // the longest listed phrase from here that ends before the next
            // capitalized word outside it and crosses no draft
            let mut found = None;
            for n in (1..=MAX_KNOWN_MISC).rev().filter(|_| !opening_the) {
                let end = i + n;
                let Some(phrase) = tokens.get(i..end).filter(|_| end <= s.end) else {
                    continue;
                };
                let words_capitalized = phrase
                    .iter()
                    .all(|t| t.kind != TokenKind::Word || name_shaped(text, t));
                if covered[i..end].iter().any(|&c| c) || cap(end) || !words_capitalized {
                    continue;
                }
                words.clear();
                words.extend(phrase.iter().map(|t| tagger_form(text, t)));
                if model.gazetteer_types(&words) == MISC {
                    found = Some(end);
                    break;
                }
            }
            // a product's or a company's word in camel case (`iPod`,
            // `eBay`) is a name whatever the gazetteer knows: a company
            // when it lists it as one only, else a product (MISC)
            let camel = |words: &mut Vec<std::borrow::Cow<'t, str>>| {
                let t = tokens.get(i)?;
                if t.is_capitalized(text) || cap(i + 1) {
                    return None;
                }
                words.clear();
                words.push(tagger_form(text, t));
                Some(match model.gazetteer_types(words) {
                    ORG => Label::Org,
                    0 | MISC => Label::Misc,
                    _ => return None,
                })
            };
            // a body named in the plural after `the` (`The Conservatives
            // have called`, `the Saints`), which the gazetteer lists as an
            // organisation and as nothing else: the tagger, seeing the
            // plural of a common word open a sentence, leaves it out. Not
            // when the name goes on (`The News of the World`, `The News
            // From Paraguay`)
            let plural_body = |words: &mut Vec<std::borrow::Cow<'t, str>>| {
                let t = tokens.get(i)?;
                let goes_on = cap(i + 1)
                    || matches!(norm(tokens, i + 1), "of" | "from" | "for" | "and" | "&");
                if before != "the" || !t.is_capitalized(text) || !t.norm.ends_with('s') || goes_on {
                    return None;
                }
                words.clear();
                words.push(tagger_form(text, t));
                (model.gazetteer_types(words) == ORG).then_some((i + 1, Label::Org))
            };
            let found = match found {
                Some(end) => Some((end, Label::Misc)),
                None if opening_the => plural_body(&mut words),
                None => plural_body(&mut words).or_else(|| camel(&mut words).map(|l| (i + 1, l))),
            };
            match found {
                Some((end, label)) => {
                    let mut d = Draft::new(i..end, label);
                    d.set_label_by_rule(label);
                    added.push(d);
                    i = end;
                }
                None => i += 1,
            }
        }
    }
    if !added.is_empty() {
        drafts.extend(added);
        crate::text::sort::sort_by_key(drafts, |d| d.tokens.start);
    }
}
