//! Names by shape, for text the tagger was not trained on.
//!
//! The tagger learned English news; on French or German text it types
//! sentence-initial articles as people (`Le`) and nouns as organizations
//! (`Mittwoch`). Its types mean nothing there, so such text gets names by
//! their written shape alone, typed by nobody (MISC, uncertain):
//! - a run of capitalized words inside a sentence (`Emmanuel Macron`,
//!   `Banco Santander`), with the lower-case particles of names between two
//!   of them (`Ursula von der Leyen`, `Charles de Gaulle`);
//! - never a function word (`Le`, `Der`, `El`, ...: `data/function_words.txt`,
//!   and the English stop list), nor a word already taken by a value
//!   (`Mittwoch`, `Janvier`);
//! - a single capitalized word at the start of a sentence only when the
//!   article also writes it capitalized elsewhere, inside a sentence;
//! - in German, where every noun is capitalized, a single word only when it
//!   is an acronym (`SPD`) or a word of a longer name found elsewhere
//!   (`Scholz` after `Olaf Scholz`).
//!
//! Linear in the tokens: one pass to collect the words seen capitalized
//! inside sentences and in runs, one to cut the runs.

use crate::extract::{FxMap, WordSet};
use crate::text::{is_stop_word, Token, TokenKind};
use std::ops::Range;

/// Function words of French, German and Spanish.
pub(super) static FUNCTION_WORDS: WordSet =
    WordSet::from_lines(include_str!("data/function_words.txt"));

/// Lower-case words that may sit between two capitalized words of a name.
fn is_particle(norm: &str) -> bool {
    matches!(
        norm,
        "de" | "du"
            | "des"
            | "la"
            | "le"
            | "von"
            | "der"
            | "van"
            | "den"
            | "zu"
            | "del"
            | "della"
            | "di"
            | "da"
            | "dos"
            | "das"
            | "y"
            | "e"
            | "al"
            | "bin"
            | "ibn"
    )
}

/// True when a word could be (part of) a name by its shape.
fn name_shaped(text: &str, t: &Token) -> bool {
    t.kind == TokenKind::Word
        && t.is_capitalized(text)
        && t.norm.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !FUNCTION_WORDS.contains(&t.norm)
        && !is_stop_word(&t.norm)
}

/// True for an acronym: two or more letters, all capitals (`SPD`, `PSOE`).
fn is_acronym(text: &str, t: &Token) -> bool {
    let s = t.text(text);
    s.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && s.chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '-')
}

/// Token ranges of the names of `text` found by shape. `taken` marks tokens
/// already in a value (a date, a number); `german` asks for the stricter
/// German rule for single words.
pub fn shape_names(
    text: &str,
    tokens: &[Token],
    sentences: &[Range<usize>],
    taken: &[bool],
    german: bool,
) -> Vec<Range<usize>> {
    let free = |i: usize| !taken.get(i).copied().unwrap_or(false);
    let shaped = |i: usize| tokens.get(i).is_some_and(|t| name_shaped(text, t)) && free(i);
    // the runs of each sentence (the first word's place kept apart)
    let mut runs: Vec<(Range<usize>, bool)> = Vec::new();
    for s in sentences {
        // the first word of a sentence, past opening quotes and dashes
        let first_word = (s.start..s.end)
            .find(|&i| {
                tokens
                    .get(i)
                    .is_some_and(|t| t.kind == TokenKind::Word || t.kind == TokenKind::Number)
            })
            .unwrap_or(s.start);
        let mut i = s.start;
        while i < s.end {
            if !shaped(i) {
                i += 1;
                continue;
            }
            let start = i;
            let mut end = i + 1;
            loop {
                if shaped(end) && end < s.end {
                    end += 1;
                    continue;
                }
                // particles between two name words: `von der`, `de`
                let mut k = end;
                while k < s.end
                    && k < end + 2
                    && tokens
                        .get(k)
                        .is_some_and(|t| is_particle(&t.norm) && !t.is_capitalized(text))
                {
                    k += 1;
                }
                if k > end && k < s.end && shaped(k) {
                    end = k + 1;
                    continue;
                }
                break;
            }
            runs.push((start..end, start == first_word));
            i = end;
        }
    }
    // words seen capitalized inside a sentence, and words of longer names
    let mut inside: FxMap<&str, ()> = FxMap::default();
    let mut in_long: FxMap<&str, ()> = FxMap::default();
    for (r, initial) in &runs {
        let words = tokens.get(r.clone()).unwrap_or(&[]);
        if !initial {
            for t in words {
                inside.insert(t.norm.as_str(), ());
            }
        }
        if r.len() > 1 {
            for t in words {
                in_long.insert(t.norm.as_str(), ());
            }
        }
    }
    runs.into_iter()
        .filter_map(|(r, initial)| {
            if r.len() > 1 {
                return Some(r);
            }
            let t = tokens.get(r.start)?;
            if is_acronym(text, t) {
                return Some(r);
            }
            let known = in_long.contains_key(t.norm.as_str());
            let ok = if german {
                known
            } else {
                !initial || known || inside.contains_key(t.norm.as_str())
            };
            ok.then_some(r)
        })
        .collect()
}
