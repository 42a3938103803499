//! The lexicon files' sort key. A lexicon lists terms and document
//! frequencies without postings: what typo expansion reads for a word that
//! is not in the index. Its terms are sorted by first character, then
//! length, then the term, so the variants one typo can reach lie in one
//! short key range.

use super::LEXICON_MIN_CHARS;

/// The key a term is sorted by in the lexicon files: its first character,
/// its length in characters (three digits), then the term; `None` for a
/// term the lexicon leaves out (a facet key, a pair list, or shorter than
/// [`LEXICON_MIN_CHARS`]). Typo variants of a word share its first letter
/// (an edit there counts double) and lie within its edit budget in length,
/// so a typo reads the lexicon files of a few lengths of one letter, not
/// the whole letter.
pub fn lexicon_key(term: &str) -> Option<String> {
    let first = term.chars().next()?;
    let n = term.chars().count();
    if first == '\u{1}' || first == super::PAIR_MARK || n < LEXICON_MIN_CHARS {
        return None;
    }
    Some(format!("{first}{:03}{term}", n.min(999)))
}

/// The lexicon keys of the terms starting with `first` whose length is
/// within `lo..=hi` characters: `(from, to)`, inclusive.
pub fn lexicon_range(first: char, lo: usize, hi: usize) -> (String, String) {
    (
        format!("{first}{:03}", lo.min(999)),
        format!("{first}{:03}\u{10FFFF}", hi.min(999)),
    )
}
