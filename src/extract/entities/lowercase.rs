//! Lower-case words inside names: a name is glued to the words around it.
//!
//! A name keeps its small words in lower case (`Bank of England`, `Once
//! Upon a Time`, `Ariadne auf Naxos`: `data/name_inner_words.txt`), but a
//! lower-case word of any other kind (a verb, a common noun, an adjective)
//! says the tagger ran one name into the words and the next name around it:
//! - a verb between two names: `Bill Gates said Xbox 2`, `Lib Dems stress
//!   Budget` (a headline), `Equality Coalition left City Hall`;
//! - a common noun that describes the name after it: `US band Maroon 5`,
//!   `Championship side Wolves`, `Television channel NY1`;
//! - a common noun after the name: `BBC news`, `Labour party`, `Six Nations
//!   championship`.
//!
//! CoNLL-2003, which the tagger learned from, has lower-case content words
//! inside names a handful of times in 250,000 tokens; in 1,780 BBC and 840
//! PolNeAR articles they were almost all such glued names.
//! [`split_at_lowercase_words`] cuts a name draft at each such word and
//! trims lower-case words off the edges of what is left; each part keeps
//! the draft's types (the vote of one type per name, later, settles each
//! part with its other mentions). A part of one capitalized common word
//! (`Budget`, `Six`, `Who`: a word unlabeled news writes in lower case) is
//! no name and is dropped. A name in quotation marks is a title and is left
//! whole (`“Who Wants to Live Forever”`).
//!
//! Person drafts are left to [`super::repair::clean`], which cuts their
//! titles off (`Prime minister Tony Blair`: `minister` is part of the role,
//! not a glued word) and trims lower-case words off their edges. The other
//! drafts are split here, before that cleaning, which then trims articles
//! off the parts and makes a country's acronym a place (`US`).

use super::repair::is_quoted;
use super::{type_slot, words_key, Draft};
use crate::extract::ner::{tagger_form, NerModel};
use crate::extract::{Label, WordSet};
use crate::text::{Token, TokenKind};
use std::ops::Range;

/// Small words a name may hold in lower case (folded).
static INNER_WORDS: WordSet = WordSet::from_lines(include_str!("data/name_inner_words.txt"));

/// What a part of a split draft keeps of the draft's confidence in each
/// type: the tagger scored the glued span, not the part, so the part's
/// other mentions outweigh it in the vote of one type per name (`US` of
/// `US band Maroon 5`, an organisation, is a place elsewhere).
const PART_CONFIDENCE: f32 = 0.5;

/// The one type a gazetteer bit mask gives (bit 0 PER, 1 ORG, 2 LOC, 3
/// MISC: [`NerModel::gazetteer_types`]), or `None` for none or several.
fn sole_type(mask: u8) -> Option<Label> {
    match mask & 0xf {
        1 => Some(Label::Per),
        2 => Some(Label::Org),
        4 => Some(Label::Loc),
        8 => Some(Label::Misc),
        _ => None,
    }
}

/// True for a word written all in lower case (`said`, `welfare-to-work`;
/// not `eBay`, `iPod`, nor a word of a script without case).
fn is_lower_word(text: &str, t: &Token) -> bool {
    if t.kind != TokenKind::Word {
        return false;
    }
    let s = t.text(text);
    s.chars().any(char::is_lowercase) && !s.chars().any(char::is_uppercase)
}

/// True for a lower-case word that may sit inside a name: a listed small
/// word, a possessive, a contraction or an abbreviation, or a particle
/// joined by a hyphen (`al-Assad`).
fn may_sit_inside(t: &Token) -> bool {
    // a possessive or a contraction (`New Year's Day`, `Boys Don't Cry`),
    // an abbreviation (`Roe v. Wade`)
    let elided = |c: char| matches!(c, '\'' | '’' | '.');
    t.norm.starts_with(elided)
        || t.norm.ends_with(elided)
        || t.norm.starts_with("n'")
        || t.norm.starts_with("n’")
        || INNER_WORDS.contains(&t.norm)
        || t.norm
            .split('-')
            .next()
            .is_some_and(|p| super::shape::NAME_PARTICLES.contains(p))
}

/// `r` without the lower-case words at its edges; a particle may open a
/// name (`de Gaulle`, `van Gogh`).
fn trim_lower_edges(text: &str, tokens: &[Token], mut r: Range<usize>) -> Range<usize> {
    while r.end > r.start
        && tokens
            .get(r.end - 1)
            .is_some_and(|t| is_lower_word(text, t))
    {
        r.end -= 1;
    }
    while r.end > r.start
        && tokens.get(r.start).is_some_and(|t| {
            is_lower_word(text, t) && !super::roles::starts_a_name(text, tokens, r.start)
        })
    {
        r.start += 1;
    }
    r
}

/// Splits name drafts at lower-case words that no name holds, trims the
/// lower-case words off their edges, and drops the parts left with a single
/// common word (see the module documentation). Drafts stay in text order.
pub(super) fn split_at_lowercase_words(
    text: &str,
    tokens: &[Token],
    drafts: &mut Vec<Draft>,
    model: &NerModel,
) {
    let glued = |d: &Draft| {
        d.sub.is_none()
            && type_slot(d.label).is_some()
            && d.label != Label::Per
            && d.tokens.len() >= 2
            && !is_quoted(text, tokens, &d.tokens)
            && tokens.get(d.tokens.clone()).is_some_and(|ts| {
                ts.iter()
                    .any(|t| is_lower_word(text, t) && !may_sit_inside(t))
                    || ts.first().is_some_and(|t| is_lower_word(text, t))
                    || ts.last().is_some_and(|t| is_lower_word(text, t))
            })
    };
    if !drafts.iter().any(glued) {
        return;
    }
    let mut out = Vec::with_capacity(drafts.len() + 4);
    let mut words = Vec::new();
    for d in drafts.drain(..) {
        if !glued(&d) {
            out.push(d);
            continue;
        }
        let mut parts: Vec<Range<usize>> = Vec::new();
        let mut start = d.tokens.start;
        for i in d.tokens.clone() {
            if tokens
                .get(i)
                .is_some_and(|t| is_lower_word(text, t) && !may_sit_inside(t))
            {
                parts.push(start..i);
                start = i + 1;
            }
        }
        parts.push(start..d.tokens.end);
        let split = parts.len() > 1;
        let mut first = true;
        for p in parts {
            let p = trim_lower_edges(text, tokens, p);
            let Some(ts) = tokens.get(p.clone()).filter(|ts| !ts.is_empty()) else {
                continue;
            };
            // a name has a word (`1943 film The Outlaw`: `1943` is no name)
            if !ts.iter().any(|t| t.kind == TokenKind::Word) {
                continue;
            }
            // a part of one common word is no name (`Budget`, `Six`)
            let mut named = ts
                .iter()
                .filter(|t| t.kind == TokenKind::Word || t.kind == TokenKind::Number);
            let lone = match (named.next(), named.next()) {
                (Some(t), None) if t.kind == TokenKind::Word => Some(t),
                _ => None,
            };
            if split
                && lone.is_some_and(|t| {
                    // an acronym is a name (`US`, `IT`)
                    let acronym = t.text(text).chars().filter(|c| c.is_uppercase()).count() > 1;
                    !acronym
                        && (INNER_WORDS.contains(&t.norm) || model.usually_lowercase(t.text(text)))
                })
            {
                continue;
            }
            let mut part = Draft {
                tokens: p,
                label: d.label,
                role: if first { d.role.clone() } else { None },
                sub: None,
                type_conf: if split {
                    d.type_conf.map(|c| c * PART_CONFIDENCE)
                } else {
                    d.type_conf
                },
                work: d.work,
            };
            // a part the gazetteer lists with one type takes it (`Georgia`
            // of `Civil Rights icon Georgia`, an organisation: a place)
            if split {
                words.clear();
                words.extend(ts.iter().map(|t| tagger_form(text, t)));
                if let Some(label) = sole_type(model.gazetteer_types(&words)) {
                    part.set_label_by_rule(label);
                }
            }
            out.push(part);
            first = false;
        }
    }
    *drafts = out;
    crate::text::sort::sort_by_key(drafts, |d| d.tokens.start);
}

/// A common noun that opens a sentence is capitalized as every first word
/// is, and the tagger runs it into the name after it: `Retailer Tesco
/// said...`, `But Home Office officials...` (BBC style: a description, then the
/// name). An organisation's or a place's draft (a person's has its titles
/// cut off; a title or a slogan, MISC, may open with a verb: `Make America
/// Great Again`) that opens a sentence loses its first word when that word is one unlabeled
/// news writes in lower case, the gazetteer does not list the whole draft
/// (`General Motors`, `National Grid` stay whole), the article never writes
/// the whole draft again, and it does name the rest on its own elsewhere,
/// with the same type (`Tesco`; not `China` of `Air China`, a place).
pub(super) fn cut_opening_descriptions(
    text: &str,
    tokens: &[Token],
    sentences: &[Range<usize>],
    drafts: &mut [Draft],
    model: &NerModel,
) {
    // the sentence holding token `i` opens with it (after punctuation only)
    let opens = |i: usize| {
        let k = sentences.partition_point(|s| s.start <= i);
        k > 0
            && sentences.get(k - 1).is_some_and(|s| {
                i < s.end
                    && tokens
                        .get(s.start..i)
                        .is_some_and(|ts| ts.iter().all(|t| t.kind == TokenKind::Punct))
            })
    };
    let candidates: Vec<usize> = drafts
        .iter()
        .enumerate()
        .filter(|(_, d)| {
            matches!(d.label, Label::Org | Label::Loc) && d.sub.is_none() && d.tokens.len() >= 2
        })
        .filter(|(_, d)| {
            tokens.get(d.tokens.start).is_some_and(|first| {
                let word = first.text(text);
                first.kind == TokenKind::Word
                    && first.is_capitalized(text)
                    && word.chars().filter(|c| c.is_uppercase()).count() == 1
                    && opens(d.tokens.start)
                    && model.usually_lowercase(word)
            })
        })
        .map(|(i, _)| i)
        .collect();
    if candidates.is_empty() {
        return;
    }
    let mut uses: crate::extract::FxMap<(String, Label), usize> = crate::extract::FxMap::default();
    for d in drafts.iter().filter(|d| d.sub.is_none()) {
        *uses
            .entry((words_key(tokens, d.tokens.clone()), d.label))
            .or_insert(0) += 1;
    }
    let mut words = Vec::new();
    for i in candidates {
        let Some(d) = drafts.get_mut(i) else { continue };
        let whole = (words_key(tokens, d.tokens.clone()), d.label);
        let rest = (words_key(tokens, d.tokens.start + 1..d.tokens.end), d.label);
        if uses.get(&whole).copied().unwrap_or(0) > 1 || uses.get(&rest).copied().unwrap_or(0) == 0
        {
            continue;
        }
        words.clear();
        words.extend(
            tokens
                .get(d.tokens.clone())
                .unwrap_or(&[])
                .iter()
                .map(|t| tagger_form(text, t)),
        );
        if model.gazetteer_types(&words) != 0 {
            continue;
        }
        d.tokens.start += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn split(text: &str, spans: &[(&str, Label)]) -> Vec<(String, Label)> {
        let tokens = tokenize(text);
        let mut drafts: Vec<Draft> = spans
            .iter()
            .map(|(s, l)| {
                let b = text.find(s).expect("span in text");
                let e = b + s.len();
                let first = tokens.iter().position(|t| t.start == b).expect("start");
                let last = tokens.iter().position(|t| t.end == e).expect("end");
                Draft::new(first..last + 1, *l)
            })
            .collect();
        split_at_lowercase_words(text, &tokens, &mut drafts, NerModel::builtin());
        drafts
            .iter()
            .map(|d| (text[d.bytes(&tokens)].to_string(), d.label))
            .collect()
    }

    #[test]
    fn a_verb_between_two_names_splits_them() {
        let text = "Microsoft chairman Bill Gates said Xbox 2 would ship in 2005.";
        assert_eq!(
            split(text, &[("Bill Gates said Xbox 2", Label::Org)]),
            vec![
                ("Bill Gates".to_string(), Label::Org),
                ("Xbox 2".to_string(), Label::Org)
            ]
        );
    }
}
