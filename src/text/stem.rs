//! English stemming (Snowball English, "Porter2", from `rust-stemmers`) for
//! everything that compares words by stem: index terms, query terms,
//! keyphrase candidates and summary sentences.
//!
//! Two entry points over one stemmer, because the two uses want different
//! things from the same algorithm:
//! - [`term_stem`] stems a folded *index term* and leaves alone what is not an
//!   English word (numbers, URLs, short or non-ASCII terms): `elections` →
//!   `elect`, `2004` → `2004`, `andré`'s folded `andre` stays `andre`.
//! - [`stem_word`] stems a folded *word* after dropping every character that
//!   is not a letter or digit (`u.s.` → `us`), memoized per thread, for the
//!   extractors that stem the same few thousand words over and over.

use crate::text::hash::FxMap;
use rust_stemmers::{Algorithm, Stemmer};
use std::cell::RefCell;
use std::rc::Rc;

thread_local! {
    static STEMMER: Stemmer = Stemmer::create(Algorithm::English);
    static MEMO: RefCell<FxMap<String, Rc<str>>> = RefCell::new(FxMap::default());
}

/// Largest number of memoized stems kept per thread before the memo is reset.
const MEMO_CAP: usize = 200_000;

/// The stem of a folded index term; numbers, URLs and non-alphabetic terms are
/// their own stem, and a trailing `'s` is dropped before stemming.
pub fn term_stem(term: &str) -> String {
    if term.len() < 3 || !term.bytes().all(|b| b.is_ascii_lowercase() || b == b'\'') {
        return term.to_string();
    }
    let t = term.trim_end_matches("'s");
    STEMMER.with(|s| s.stem(t).into_owned())
}

/// The stem of a folded word with characters other than letters and digits
/// dropped (`""` when nothing is left). Memoized per thread (bounded), so each
/// distinct word is stemmed once.
pub fn stem_word(norm: &str) -> Rc<str> {
    if let Some(s) = MEMO.with(|m| m.borrow().get(norm).cloned()) {
        return s;
    }
    let w: String = norm.chars().filter(|c| c.is_alphanumeric()).collect();
    let stem: Rc<str> = if w.is_empty() {
        Rc::from("")
    } else {
        STEMMER.with(|s| Rc::from(s.stem(&w).as_ref()))
    };
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() > MEMO_CAP {
            m.clear();
        }
        m.insert(norm.to_string(), stem.clone());
    });
    stem
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_stems() {
        assert_eq!(term_stem("elections"), term_stem("election"));
        assert_eq!(term_stem("running"), "run");
        assert_eq!(term_stem("2004"), "2004");
        assert_eq!(term_stem("andre"), term_stem("andre"));
    }

    #[test]
    fn word_stems_drop_punctuation() {
        assert_eq!(&*stem_word("u.s."), "us");
        assert_eq!(&*stem_word("--"), "");
        assert_eq!(&*stem_word("elections"), &*stem_word("election"));
    }
}
