//! Selection: the best `k` candidates, with no phrase said twice.
//!
//! Candidates are taken best first. Before one is kept:
//! - an acronym joins its expansion when that was kept already (`ICBM` ~
//!   `intercontinental ballistic missile`, see [`is_acronym_of`]), and an
//!   expansion joins its acronym (taking along parts of it kept earlier);
//! - a phrase that only ever occurs inside a kept one is dropped
//!   (`Jong Un` in `Kim Jong Un`), and a kept phrase that only ever occurs
//!   inside the new one is replaced by it.
//!
//! - a phrase said once around a kept one is a variant of it, dropped;
//! - an entity is said once: a phrase naming an entity already kept (an
//!   alias, a surname alone) joins it;
//! - a phrase the list would write as one kept already (same stems) joins it.
//!
//! A keyphrase is written as its entity's canonical name when it is one,
//! with the entity's mentions as its occurrences (so its count is the entity
//! panel's), otherwise in its most frequent written form.

use super::candidates::{is_inner_run, is_stop, Agg, Gathered};
use super::Keyphrase;
use crate::extract::EntityRef;
use crate::text::Token;
use std::ops::Range;

/// A phrase kept for the list.
struct Chosen {
    /// Its key id.
    key: u32,
    score: f64,
    /// Token ranges of its occurrences (and of those merged into it).
    occ: Vec<Range<usize>>,
    /// Its most frequent written form.
    surface: String,
    /// The keys merged into it, its own first.
    keys: Vec<u32>,
    /// How the list writes it, stemmed (two phrases the list would write
    /// alike are one: an entity `Future of Cinema`, keyed without its stop
    /// word, and the same words as a plain phrase).
    shown: String,
}

/// Picks up to `k` keyphrases from `scored` (key ids of `g`, best first).
pub(super) fn choose(
    toks: &[Token],
    entities: &[EntityRef],
    g: &Gathered,
    scored: &[(u32, f64)],
    k: usize,
) -> Vec<Keyphrase> {
    let mut chosen: Vec<Chosen> = Vec::new();
    let words = |key: u32| g.keys.get(key).len();
    // does acronym `acr` abbreviate the multi-word phrase `key`?
    let abbreviates = |acr: &str, key: u32, a: &Agg| -> bool {
        words(key) > 1 && is_acronym_of(acr, &best_surface(a))
    };
    // `short` occurs only inside `long`: within it and no more often
    let always_inside = |short: u32, long: u32| -> bool {
        is_inner_run(g.keys.get(short), g.keys.get(long))
            && g.occurrences(long) >= g.occurrences(short)
    };
    for &(key, score) in scored {
        if chosen.len() >= k {
            break;
        }
        let Some(a) = g.agg(key) else {
            continue;
        };
        let surface = best_surface(a);
        // one phrase per entity: its other names join the one kept
        if let Some(ei) = a.entity {
            // the same entity, or another of the same name (the tagger may
            // split one name into two entities of different types)
            let name = entities.get(ei).map(|e| e.name.as_str());
            let same = chosen.iter_mut().find(|ch| {
                g.agg(ch.key)
                    .and_then(|o| o.entity)
                    .is_some_and(|oi| oi == ei || entities.get(oi).map(|e| e.name.as_str()) == name)
            });
            if let Some(ch) = same {
                ch.keys.push(key);
                continue;
            }
        }
        // written as a phrase kept already: the same phrase
        let shown = super::stem_phrase(&display_text(entities, a));
        if let Some(ch) = chosen.iter_mut().find(|ch| ch.shown == shown) {
            ch.occ.extend(a.occ.iter().cloned());
            ch.keys.push(key);
            continue;
        }
        // acronym: `ICBM` ~ `intercontinental ballistic missile`
        let is_acronym = looks_like_acronym(words(key), &surface);
        let acr = surface.to_lowercase();
        if is_acronym {
            let expansion = chosen.iter_mut().find(|ch| {
                g.agg(ch.key)
                    .is_some_and(|other| abbreviates(&acr, ch.key, other))
            });
            if let Some(ch) = expansion {
                ch.occ.extend(a.occ.iter().cloned());
                ch.keys.push(key);
                continue;
            }
        } else {
            let acronym = chosen.iter().rposition(|ch| {
                let o = g.agg(ch.key).map(best_surface).unwrap_or_default();
                looks_like_acronym(words(ch.key), &o) && abbreviates(&o.to_lowercase(), key, a)
            });
            if let Some(ci) = acronym {
                chosen[ci].occ.extend(a.occ.iter().cloned());
                chosen[ci].keys.push(key);
                let acr_key = chosen[ci].key;
                // parts of the expansion chosen earlier go with it
                chosen.retain(|ch| ch.key == acr_key || !always_inside(ch.key, key));
                continue;
            }
        }
        // said once, around a phrase kept already (`third intercontinental
        // ballistic missile` around `ICBM`'s expansion): a variant of it
        if a.occ.len() == 1
            && chosen.iter().any(|ch| {
                ch.keys
                    .iter()
                    .any(|&o| is_inner_run(g.keys.get(o), g.keys.get(key)))
            })
        {
            continue;
        }
        // inside a chosen phrase every time it occurs?
        if chosen
            .iter()
            .any(|ch| ch.keys.iter().any(|&o| always_inside(key, o)))
        {
            continue;
        }
        // a chosen phrase always inside this one: replace it
        chosen.retain(|ch| !always_inside(ch.key, key));
        chosen.push(Chosen {
            key,
            score,
            occ: a.occ.clone(),
            surface,
            keys: vec![key],
            shown,
        });
    }
    chosen
        .into_iter()
        .map(|ch| keyphrase(toks, entities, g, ch))
        .collect()
}

/// The keyphrase of a chosen phrase: occurrences as byte ranges, in text
/// order, and its entity's name when it is one.
fn keyphrase(toks: &[Token], entities: &[EntityRef], g: &Gathered, ch: Chosen) -> Keyphrase {
    let entity = g
        .agg(ch.key)
        .and_then(|a| a.entity)
        .and_then(|ei| entities.get(ei));
    // an entity's keyphrase counts what the entity panel counts: its mentions
    let mut occurrences: Vec<Range<usize>> = match entity {
        Some(e) if !e.mentions.is_empty() => e.mentions.clone(),
        _ => ch
            .occ
            .into_iter()
            .filter(|r| r.start < r.end && r.end <= toks.len())
            .map(|r| toks[r.start].start..toks[r.end - 1].end)
            .collect(),
    };
    crate::text::sort::sort_by_key(&mut occurrences, |r| (r.start, r.end));
    occurrences.dedup();
    let text = match entity {
        Some(e) if !e.name.is_empty() => e.name.clone(),
        _ => ch.surface,
    };
    Keyphrase {
        text,
        score: ch.score,
        occurrences,
    }
}

/// How a keyphrase list writes a candidate: its entity's name, or its most
/// frequent written form.
pub(super) fn display_text(entities: &[EntityRef], a: &Agg) -> String {
    match a.entity.and_then(|ei| entities.get(ei)) {
        Some(e) if !e.name.is_empty() => e.name.clone(),
        _ => best_surface(a),
    }
}

/// A one-word phrase (`words` is its key's length) written in capitals and
/// digits (`ICBM`, `G7`).
fn looks_like_acronym(words: usize, surface: &str) -> bool {
    words == 1
        && surface.chars().count() >= 2
        && surface
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// True when `acr` (lower case) abbreviates `phrase`: every content word
/// gives its first letter, in order, and the acronym's other letters come from
/// inside those words (`icbm` ~ `intercontinental ballistic missile`).
fn is_acronym_of(acr: &str, phrase: &str) -> bool {
    let words: Vec<Vec<char>> = phrase
        .split_whitespace()
        .map(|w| w.to_lowercase())
        .filter(|w| !is_stop(w))
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<Vec<char>>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let acr: Vec<char> = acr.chars().collect();
    if words.len() < 2 || acr.len() < words.len() || acr.len() > 3 * words.len() {
        return false;
    }
    // m(i, w): can acr[i..] be produced by words[w..]?
    fn m(acr: &[char], words: &[Vec<char>], i: usize, w: usize) -> bool {
        if w == words.len() {
            return i == acr.len();
        }
        if i >= acr.len() || acr[i] != words[w][0] {
            return false;
        }
        // take the first letter, then 0..=2 more letters from inside the word, in order
        let word = &words[w];
        let mut states = vec![(i + 1, 1usize)];
        let mut extra = 0;
        while let Some(&(ni, _)) = states.last() {
            if m(acr, words, ni, w + 1) {
                return true;
            }
            if extra == 2 || ni >= acr.len() {
                return false;
            }
            let from = states.last().map_or(1, |s| s.1);
            match word[from..].iter().position(|&c| c == acr[ni]) {
                Some(p) => states.push((ni + 1, from + p + 1)),
                None => return false,
            }
            extra += 1;
        }
        false
    }
    m(&acr, &words, 0, 0)
}

/// The most frequent written form (ties: the lower-case one, then the first).
fn best_surface(a: &Agg) -> String {
    let mut v: Vec<&(&str, usize)> = a.surfaces.iter().collect();
    crate::text::sort::sort_by(&mut v, |x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(y.0)));
    v.first().map(|x| x.0.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_take_first_letters_and_inner_ones() {
        assert!(is_acronym_of("icbm", "intercontinental ballistic missile"));
        assert!(is_acronym_of("nato", "North Atlantic Treaty Organization"));
        assert!(is_acronym_of("bbc", "British Broadcasting Corporation"));
        assert!(!is_acronym_of("icbm", "ballistic missile"));
        assert!(!is_acronym_of("un", "nations"));
        assert!(looks_like_acronym(1, "ICBM") && !looks_like_acronym(1, "Icbm"));
        assert!(!looks_like_acronym(2, "ICBM"));
    }
}
