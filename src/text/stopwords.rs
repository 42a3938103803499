//! The one English stop list (`data/stopwords.txt`): function words that carry
//! no topic. Search indexes them (so phrases work) but makes them optional in
//! queries; the extractors build their own lists on top of this one (see
//! `extract/keyphrases/data/`).

use crate::text::hash::WordSet;

static STOP_WORDS: WordSet = WordSet::from_lines(include_str!("data/stopwords.txt"));

/// True for a folded English stop word (`the`, `'s`, `n't`).
pub fn is_stop_word(term: &str) -> bool {
    STOP_WORDS.contains(term)
}

/// Every stop word of the list.
pub fn stop_words() -> impl Iterator<Item = &'static str> {
    STOP_WORDS.iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_only() {
        assert!(is_stop_word("the"));
        assert!(is_stop_word("'s"));
        assert!(!is_stop_word("election"));
        assert!(stop_words().count() > 50);
    }
}
