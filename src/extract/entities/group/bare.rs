//! Which person a bare surname or first name joins when several could
//! (`Trump` beside `Donald Trump` and `Melania Trump`; `Clinton` after
//! `Mrs.`): see [`choose`].

use super::{Draft, Group};
use crate::extract::coref::{first_name_gender, listed_first_name_gender, title_gender, Gender};

/// The group a one-word person's name `word` (draft `d`) joins, given the
/// one chosen so far (`found`) and person group `gi`, which has the word as
/// its surname or first name. The most recent such group wins, but between
/// two people of one surname (`Donald Trump`, then `Melania Trump`) the one
/// the article named first, unless its first word is a headline's word
/// glued to the surname (`Faultless Federer`, `Classy Henman`; see
/// `Group::named`): news writing introduces a second person of the name in
/// full and keeps the bare surname for the first. A title's gender rules
/// out a person whose first name the hand-written lists give the other
/// gender (`Mrs. Clinton` is not Bill Clinton) and puts one the lexicon's
/// lists do after the others: their gender is a guess (`Dominique`).
pub(super) fn choose(
    groups: &[Group],
    found: Option<usize>,
    gi: usize,
    d: &Draft,
    word: &str,
) -> Option<usize> {
    let Some(g) = groups.get(gi) else {
        return found;
    };
    let wanted = d.role.as_deref().map_or(Gender::Unknown, title_gender);
    let against =
        |told: Gender| wanted != Gender::Unknown && told != Gender::Unknown && wanted != told;
    if against(listed_first_name_gender(first_of(g))) {
        return found;
    }
    let fits = |h: &Group| !against(first_name_gender(first_of(h)));
    let surname = |h: &Group| h.full.len() >= 2 && h.full.last().is_some_and(|w| w == word);
    let Some(p) = found.and_then(|prev| groups.get(prev)) else {
        return Some(gi);
    };
    let better = if fits(g) != fits(p) {
        fits(g)
    } else if surname(g) && surname(p) {
        let rank = |h: &Group| (h.named, std::cmp::Reverse(h.starts.first().copied()));
        rank(g) > rank(p)
    } else {
        let pos = d.tokens.start;
        last_before(g, pos) > last_before(p, pos)
    };
    if better {
        Some(gi)
    } else {
        found
    }
}

/// The first word of `h`'s fullest name.
fn first_of(h: &Group) -> &str {
    h.full.first().map_or("", String::as_str)
}

/// The latest start, before `pos`, of a member of `g`.
fn last_before(g: &Group, pos: usize) -> Option<usize> {
    g.starts.range(..pos).next_back().copied()
}
