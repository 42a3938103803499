//! Stage 5: demonyms → countries.
//!
//! The tagger calls `North Korean` or `Russian` a MISC name. Such an entity
//! is related to the country it names (`demonym-of`): listed demonyms
//! (`data/demonyms.txt`: `british = Britain`) first, then regular forms
//! (`Xian`, `Xan`, `Xn`, `Xese`, `Xi` → `X` or `Xa`) when they name a place
//! of the article. The relation points at the article's entity for the
//! country when there is one.

use super::{Entity, Related};
use crate::extract::coref::letters_key;
use crate::extract::{FxMap, Label};
use crate::text::hash::data_lines;
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
        assert_eq!(demonyms().len(), 134);
        assert_eq!(demonyms().get("briton"), Some(&"Britain"));
        assert_eq!(demonyms().get("north korean"), Some(&"North Korea"));
        assert_eq!(demonyms().get("american"), Some(&"United States"));
        assert_eq!(demonyms().get("soviet"), Some(&"Soviet Union"));
    }
}
