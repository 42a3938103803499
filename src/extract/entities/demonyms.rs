//! Demonyms: a nationality before a state's body (stage 2), and demonyms →
//! countries (stage 5).
//!
//! [`state_bodies`]: `Scottish Executive`, `British Government` and `Syrian
//! Army` are organisations. The tagger learned Reuters' lower-case `the
//! British government`, so it types the demonym alone (MISC) and leaves the
//! capitalized word after it out; a demonym draft followed by a listed
//! body's word (`data/state_bodies.txt`) takes it in and is an organisation.
//!
//! The tagger calls `North Korean` or `Russian` a MISC name. Such an entity
//! is related to the country it names (`demonym-of`): listed demonyms
//! (`data/demonyms.txt`: `british = Britain`) first, then regular forms
//! (`Xian`, `Xan`, `Xn`, `Xese`, `Xi` → `X` or `Xa`) when they name a place
//! of the article. The relation points at the article's entity for the
//! country when there is one.

use super::{draft_owners, words_key, Draft, Entity, Related};
use crate::extract::coref::letters_key;
use crate::extract::{FxMap, Label, WordSet};
use crate::text::hash::data_lines;
use crate::text::{line_break_before, Token, TokenKind};
use std::sync::OnceLock;

/// Folded demonym → country name.
fn demonyms() -> &'static FxMap<&'static str, &'static str> {
    static MAP: OnceLock<FxMap<&'static str, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut m = FxMap::default();
        for line in data_lines(include_str!("data/demonyms.txt")) {
            if let Some((demonym, country)) = line.split_once('=') {
                m.entry(demonym.trim()).or_insert(country.trim());
            }
        }
        m
    })
}

/// True for a listed demonym (folded: `australian`).
pub(super) fn is_demonym(folded: &str) -> bool {
    demonyms().contains_key(folded)
}

/// Capitalized words for a state's bodies (`data/state_bodies.txt`).
static STATE_BODIES: WordSet = WordSet::from_lines(include_str!("data/state_bodies.txt"));

/// A MISC draft that is a demonym (`Scottish`, `North Korean`) followed,
/// on the same line, by the capitalized word of a state's body that no
/// other name holds (`Executive`, `Government`, `Army`) takes the word in
/// and is an organisation (`Scottish Executive`); so is a MISC draft that
/// is already the two (`Irish Government`).
pub(super) fn state_bodies(text: &str, tokens: &[Token], drafts: &mut Vec<Draft>) {
    let owner = draft_owners(tokens.len(), drafts);
    // drafts that take the next word in, drafts relabelled as they are,
    // and the body word's own one-word drafts they swallow
    let (mut grow, mut relabel, mut absorbed) = (Vec::new(), Vec::new(), Vec::new());
    for (i, d) in drafts.iter().enumerate() {
        let e = d.tokens.end;
        if d.label != Label::Misc || d.sub.is_some() {
            continue;
        }
        if !is_demonym(&words_key(tokens, d.tokens.clone())) {
            // typed MISC with the word inside (`Irish Government`)
            let last = e.saturating_sub(1);
            let inside = d.tokens.len() >= 2
                && tokens
                    .get(last)
                    .is_some_and(|t| t.is_capitalized(text) && STATE_BODIES.contains(&t.norm))
                && is_demonym(&words_key(tokens, d.tokens.start..last));
            if inside {
                relabel.push(i);
            }
            continue;
        }
        let Some(t) = tokens.get(e) else { continue };
        if t.kind != TokenKind::Word
            || !t.is_capitalized(text)
            || !STATE_BODIES.contains(&t.norm)
            || line_break_before(text, tokens, e)
        {
            continue;
        }
        // the word is free, or a name of its own (`Government` typed alone)
        match owner.get(e).copied().flatten() {
            None => grow.push(i),
            Some(j)
                if drafts
                    .get(j)
                    .is_some_and(|o| o.tokens == (e..e + 1) && o.sub.is_none()) =>
            {
                grow.push(i);
                absorbed.push(e..e + 1);
            }
            Some(_) => {}
        }
    }
    for &i in &grow {
        if let Some(d) = drafts.get_mut(i) {
            d.tokens.end += 1;
        }
    }
    for &i in grow.iter().chain(&relabel) {
        if let Some(d) = drafts.get_mut(i) {
            d.set_label_by_rule(Label::Org);
        }
    }
    if !absorbed.is_empty() {
        drafts.retain(|d| d.sub.is_some() || !absorbed.contains(&d.tokens));
    }
}

/// Relates every MISC entity that is a demonym to its country.
pub(super) fn relate_to_countries(entities: &mut [Entity]) {
    let place_index: FxMap<String, usize> = entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.label == Label::Loc)
        .flat_map(|(i, e)| {
            std::iter::once((letters_key(&e.name), i))
                .chain(e.aliases.iter().map(move |a| (letters_key(a), i)))
        })
        .collect();
    let names: Vec<String> = entities.iter().map(|e| e.name.clone()).collect();
    for e in entities.iter_mut() {
        if e.label != Label::Misc {
            continue;
        }
        let f = crate::text::fold(&e.name);
        let country = demonyms()
            .get(f.as_str())
            .map(|c| c.to_string())
            .or_else(|| {
                // regular forms (Xian, Xan, Xn, Xese, Xi → X or Xa) naming a place of the article
                for suf in ["ian", "an", "n", "ese", "i"] {
                    if let Some(stem) = f.strip_suffix(suf) {
                        for cand in [stem.to_string(), format!("{stem}a")] {
                            if let Some(&pi) = place_index.get(&letters_key(&cand)) {
                                return names.get(pi).cloned();
                            }
                        }
                    }
                }
                None
            });
        if let Some(c) = country {
            let idx = place_index.get(&letters_key(&c)).copied();
            e.related = Some(Related {
                relation: "demonym-of",
                name: c,
                entity: idx,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demonym_list_loads_from_its_data_file() {
        assert_eq!(demonyms().len(), 136);
        assert_eq!(demonyms().get("latino"), Some(&"Latin America"));
        assert_eq!(demonyms().get("briton"), Some(&"Britain"));
        assert_eq!(demonyms().get("north korean"), Some(&"North Korea"));
        assert_eq!(demonyms().get("american"), Some(&"United States"));
        assert_eq!(demonyms().get("soviet"), Some(&"Soviet Union"));
    }
}
