//! Acronyms defined in the text, both ways round.
//!
//! `Korean Central News Agency (KCNA)` and `unmanned aerial vehicles (UAVs)`
//! define an acronym: the words before the parenthesis whose initials
//! (skipping small words: `data/acronym_small_words.txt`) spell it. Once the
//! values are found, the definitions fill the tagger's gaps:
//! - when the acronym was tagged, every draft of it takes one label (MISC for
//!   a common-noun expansion such as `unmanned aerial vehicles`, else the
//!   acronym's) and its expansion is added with that label;
//! - when it was not, every use of it outside names, and its expansion, are
//!   added with the expansion's label (MISC if untagged).
//!
//! The grouping stage then joins acronym and expansion into one entity.

use super::Draft;
use crate::extract::{Label, WordSet};
use crate::text::{Token, TokenKind};
use std::ops::Range;

static SMALL_WORDS: WordSet = WordSet::from_lines(include_str!("data/acronym_small_words.txt"));

/// An acronym defined in the text: `expansion (ACRONYM)`.
pub(super) struct Definition {
    /// Token range of the expansion.
    pub expansion: Range<usize>,
    /// Token index of the acronym.
    pub acronym: usize,
}

/// Acronym letters of a name: initials of its words, ignoring small words.
pub(super) fn initials(words: &[&str]) -> String {
    words
        .iter()
        .filter(|w| !SMALL_WORDS.contains(&w.to_lowercase()))
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

/// The letters of an acronym token (`KCNA`, `UAVs` → `UAV`, `U.S.` → `US`), if it is one.
pub(super) fn acronym_letters(tok: &str) -> Option<String> {
    let t = tok
        .strip_suffix('s')
        .filter(|t| t.len() >= 2)
        .unwrap_or(tok);
    let letters: String = t.chars().filter(|c| *c != '.').collect();
    (letters.chars().count() >= 2 && letters.chars().all(|c| c.is_uppercase())).then_some(letters)
}

/// Acronym definitions: `words (ACR)` where the initials of the words just
/// before the parenthesis (small words allowed in between) match.
pub(super) fn definitions(text: &str, tokens: &[Token]) -> Vec<Definition> {
    let mut defs = Vec::new();
    for i in 1..tokens.len().saturating_sub(1) {
        if tokens[i - 1].text(text) != "(" || tokens[i + 1].text(text) != ")" {
            continue;
        }
        let Some(acr) = acronym_letters(tokens[i].text(text)) else {
            continue;
        };
        let n = acr.chars().count();
        if i < n + 1 {
            continue;
        }
        // try n words before the parenthesis, allowing small words in between
        let mut words = Vec::new();
        let mut j = i - 1;
        while j > 0 && words.len() < n + 3 {
            j -= 1;
            let t = &tokens[j];
            if t.kind != TokenKind::Word {
                break;
            }
            words.insert(0, j);
            let ws: Vec<&str> = words.iter().map(|&k| tokens[k].text(text)).collect();
            if initials(&ws).eq_ignore_ascii_case(&acr) {
                defs.push(Definition {
                    expansion: j..i - 1,
                    acronym: i,
                });
                break;
            }
        }
    }
    defs
}

/// Adds the drafts that acronym definitions imply (see the module
/// documentation); `in_name` marks the tokens already inside names. The
/// drafts stay in text order, without duplicates.
pub(super) fn add_defined(
    text: &str,
    tokens: &[Token],
    defs: &[Definition],
    in_name: &[bool],
    drafts: &mut Vec<Draft>,
) {
    let tagged = |ds: &[Draft], r: &Range<usize>| {
        ds.iter()
            .any(|d| d.tokens.start < r.end && r.start < d.tokens.end)
    };
    let label_of = |ds: &[Draft], r: &Range<usize>| {
        ds.iter()
            .find(|d| d.tokens == *r)
            .map(|d| d.label)
            .unwrap_or(Label::Misc)
    };
    for Definition {
        expansion: exp,
        acronym: acr,
    } in defs
    {
        let acr_r = *acr..*acr + 1;
        let key = acronym_letters(tokens[*acr].text(text)).unwrap_or_default();
        let is_use = |t: &Token| acronym_letters(t.text(text)).as_deref() == Some(key.as_str());
        if tagged(drafts, &acr_r) {
            // the expansion joins the acronym's entity; a common-noun expansion
            // (`unmanned aerial vehicles (UAVs)`) makes it a MISC thing
            let lower_expansion = tokens[exp.clone()].iter().all(|t| !t.is_capitalized(text));
            let label = if lower_expansion {
                Label::Misc
            } else {
                label_of(drafts, &acr_r)
            };
            for d in drafts.iter_mut() {
                if d.tokens.len() == 1 && is_use(&tokens[d.tokens.start]) {
                    d.label = label;
                }
            }
            if !tagged(drafts, exp) {
                drafts.push(Draft::new(exp.clone(), label));
            }
            continue;
        }
        let label = label_of(drafts, exp);
        // every use of the acronym in the text
        let mut add: Vec<Range<usize>> = (0..tokens.len())
            .filter(|&k| is_use(&tokens[k]) && !in_name[k])
            .map(|k| k..k + 1)
            .collect();
        if !tagged(drafts, exp) {
            add.push(exp.clone());
        }
        for r in add {
            drafts.push(Draft::new(r, label));
        }
    }
    drafts.sort_by_key(|d| d.tokens.start);
    drafts.dedup_by(|a, b| a.tokens == b.tokens);
}
