//! Titles and roles split off person names.
//!
//! A person's mention may start with a title (`President Joe Biden`) or
//! follow one (`Defense Minister Sergey Shoigu`, `leader Kim Jong Un`). The
//! title words are cut from the name and, when they include a head word
//! (`minister`, `leader`: `data/role_heads.txt`) and not only modifiers
//! (`defense`, `former`: `data/role_modifiers.txt`), kept as the draft's
//! role, which the entity reports.

use super::{norm, Draft};
use crate::extract::WordSet;
use crate::text::Token;
use std::ops::Range;

static ROLE_HEADS: WordSet = WordSet::from_lines(include_str!("data/role_heads.txt"));
static ROLE_MODIFIERS: WordSet = WordSet::from_lines(include_str!("data/role_modifiers.txt"));

fn is_role_word(norm: &str) -> bool {
    ROLE_HEADS.contains(norm) || ROLE_MODIFIERS.contains(norm)
}

/// Cuts the title at the start of a person draft and the one just before it
/// (within its sentence), keeping them as its role.
pub(super) fn split_role(text: &str, tokens: &[Token], sentences: &[Range<usize>], d: &mut Draft) {
    // titles inside the mention: `President Joe Biden` → role President
    let mut role_end = d.tokens.start;
    while role_end + 1 < d.tokens.end && is_role_word(norm(tokens, role_end)) {
        role_end += 1;
    }
    // roles just before the mention: `Defense Minister Sergey Shoigu`, `leader Kim Jong Un`
    // sentences are in text order: the first one ending after the start
    let k = sentences.partition_point(|s| s.end <= d.tokens.start);
    let sent_start = sentences
        .get(k)
        .filter(|s| s.contains(&d.tokens.start))
        .map_or(0, |s| s.start);
    let mut role_start = d.tokens.start;
    while role_start > sent_start && is_role_word(norm(tokens, role_start - 1)) {
        role_start -= 1;
    }
    let role_tokens = role_start..role_end;
    let has_head = role_tokens
        .clone()
        .any(|i| ROLE_HEADS.contains(norm(tokens, i)));
    if has_head && !role_tokens.is_empty() {
        let s = tokens[role_tokens.start].start;
        let e = tokens[role_tokens.end - 1].end;
        d.role = text.get(s..e).map(str::to_string);
    }
    d.tokens.start = role_end;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_lists_load_from_their_data_files() {
        assert_eq!(ROLE_HEADS.len(), 106);
        assert_eq!(ROLE_MODIFIERS.len(), 83);
        assert!(is_role_word("minister") && is_role_word("u.s.") && is_role_word("defence"));
        assert!(ROLE_HEADS
            .iter()
            .chain(ROLE_MODIFIERS.iter())
            .all(|w| !w.starts_with('#')));
        assert!(!is_role_word("shoigu"));
    }
}
