//! Names written as abbreviations the tagger does not read as names: a US
//! state in AP style after a city (`Louisville, Ky.`, `Milwaukee, Wis.`) or
//! in a politician's party label (`Paul Ryan (R-Wis.)`), and `9/11`, the
//! attacks of September 11, 2001.
//!
//! American news names a city's state by its AP abbreviation, with a full
//! stop (`data/us_state_abbreviations.txt`). The tagger, trained on 1996
//! Reuters text, misses most of them (`Wis.`, `Tenn.`) or takes the word
//! without its stop (`Ky`). [`us_states_after_places`] makes each one that
//! follows a name and a comma a place, stop included: the span a reader
//! expects and CoNLL-2003 annotates. [`states_in_party_labels`] does the
//! same for the state of a party label after a name (`Bob Corker, R-Tenn.,`,
//! `Bernie Sanders (I-Vt.)`): the party letter is not a name, the state is a
//! place, its stop included (`Wis.`), and a postal code there is one too
//! (`R-OH`).
//!
//! `9/11` is tokenized as a number, a slash and a number, and read as two
//! counts. Written alone (no year after it, `9/11/2001` is a date; no
//! digit or slash around it), it names the attacks, an event: MISC, as
//! CoNLL-2003 types named events ([`attacks_of_9_11`]).

use super::Draft;
use crate::extract::{Label, WordSet};
use crate::text::{Token, TokenKind};

static US_STATES: WordSet = WordSet::from_lines(include_str!("data/us_state_abbreviations.txt"));

/// True when token `i` is a state's abbreviation: its text (less a final
/// full stop) is listed, it is capitalized, and a full stop ends it (in the
/// token, `N.Y.`, or right after it, `Ky` `.`). Returns the tokens it takes.
fn state_at(text: &str, tokens: &[Token], i: usize) -> Option<std::ops::Range<usize>> {
    let t = tokens.get(i)?;
    if t.kind != TokenKind::Word || !t.is_capitalized(text) {
        return None;
    }
    let word = t.text(text);
    let bare = word.strip_suffix('.').unwrap_or(word);
    if !US_STATES.contains(&bare.to_lowercase()) {
        return None;
    }
    if word.ends_with('.') {
        return Some(i..i + 1);
    }
    let stop = tokens.get(i + 1)?;
    (stop.start == t.end && stop.text(text) == ".").then_some(i..i + 2)
}

/// Makes a state's AP abbreviation after a name and a comma a place, its
/// full stop included (see the module documentation). Drafts stay in text
/// order.
pub(super) fn us_states_after_places(text: &str, tokens: &[Token], drafts: &mut Vec<Draft>) {
    let owner = super::draft_owners(tokens.len(), drafts);
    let mut states: Vec<std::ops::Range<usize>> = Vec::new();
    for i in 2..tokens.len() {
        let comma = tokens.get(i - 1).is_some_and(|t| t.text(text) == ",");
        let after_name = owner.get(i - 2).copied().flatten().is_some_and(|d| {
            drafts
                .get(d)
                .is_some_and(|d| d.tokens.end == i - 1 && d.sub.is_none())
        });
        if !(comma && after_name) {
            continue;
        }
        if let Some(r) = state_at(text, tokens, i) {
            states.push(r);
        }
    }
    if states.is_empty() {
        return;
    }
    // a name the tagger ran on from the state keeps its rest (`N.J. Roger
    // Ailes`); other drafts over a state give way to it
    for d in drafts.iter_mut() {
        if let Some(s) = states
            .iter()
            .find(|s| d.tokens.start >= s.start && d.tokens.start < s.end && d.tokens.end > s.end)
        {
            d.tokens.start = s.end;
        }
    }
    drafts.retain(|d| {
        !states
            .iter()
            .any(|s| d.tokens.start < s.end && s.start < d.tokens.end)
    });
    drafts.extend(states.into_iter().map(|r| Draft::new(r, Label::Loc)));
    crate::text::sort::sort_by_key(drafts, |d| d.tokens.start);
}

/// The two-letter postal codes of the US states and DC, as party labels
/// write them (`R-OH`, `D-CA`): a state only there
/// (`data/us_state_postal_codes.txt`).
static POSTAL_CODES: WordSet = WordSet::from_lines(include_str!("data/us_state_postal_codes.txt"));

/// Makes the state of a party-and-state label right after a name, in
/// parentheses or after a comma (`Paul Ryan (R-Wis.)`, `Lindsey Graham,
/// R-S.C.,`), a place: the letters after the hyphen, with the full stop
/// that ends them (in the token or right after it), when they are a
/// state's AP abbreviation or postal code. Drafts over the label give way
/// (see [`super::shape::drop_party_labels`], which drops the tagger's
/// labels earlier). Drafts stay in text order.
pub(super) fn states_in_party_labels(text: &str, tokens: &[Token], drafts: &mut Vec<Draft>) {
    let mut found: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = Vec::new();
    for i in 2..tokens.len() {
        let t = &tokens[i];
        let s = t.text(text);
        let opened = matches!(tokens[i - 1].text(text), "(" | ",");
        let after_name =
            tokens[i - 2].kind == TokenKind::Word && tokens[i - 2].is_capitalized(text);
        if !(opened && after_name && super::shape::is_party_label(s)) {
            continue;
        }
        // the letters after `R-`
        let state = t.start + 2..t.end;
        let Some(word) = text.get(state.clone()) else {
            continue;
        };
        let bare = word.strip_suffix('.').unwrap_or(word);
        let stop = tokens
            .get(i + 1)
            .filter(|n| n.start == t.end && n.text(text) == ".");
        let listed = US_STATES.contains(&bare.to_lowercase());
        let postal = bare.bytes().all(|c| c.is_ascii_uppercase())
            && POSTAL_CODES.contains(&bare.to_ascii_lowercase());
        if !(listed || postal) {
            continue;
        }
        // an AP abbreviation takes its stop; a postal code has none
        match (word.ends_with('.'), stop) {
            (true, _) => found.push((i..i + 1, state)),
            (false, Some(n)) if listed => found.push((i..i + 2, state.start..n.end)),
            (false, _) if postal => found.push((i..i + 1, state)),
            _ => {}
        }
    }
    if found.is_empty() {
        return;
    }
    drafts.retain(|d| {
        !found
            .iter()
            .any(|(r, _)| d.tokens.start < r.end && r.start < d.tokens.end)
    });
    drafts.extend(found.into_iter().map(|(r, sub)| {
        let mut d = Draft::new(r, Label::Loc);
        d.sub = Some(sub);
        d
    }));
    crate::text::sort::sort_by_key(drafts, |d| d.tokens.start);
}

/// Makes `9/11` written alone a MISC name, the attacks (see the module
/// documentation). Drafts stay in text order.
pub(super) fn attacks_of_9_11(text: &str, tokens: &[Token], drafts: &mut Vec<Draft>) {
    let owner = super::draft_owners(tokens.len(), drafts);
    let mut found = Vec::new();
    for i in 0..tokens.len().saturating_sub(2) {
        let (a, s, b) = (&tokens[i], &tokens[i + 1], &tokens[i + 2]);
        let tight = a.end == s.start && s.end == b.start;
        if !(tight && a.text(text) == "9" && s.text(text) == "/" && b.text(text) == "11") {
            continue;
        }
        // nothing joined on either side: `9/11/2001`, `19/11` are dates
        let glued = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || c == '/' || c == '-');
        let before = text.get(..a.start).and_then(|p| p.chars().next_back());
        let after = text.get(b.end..).and_then(|p| p.chars().next());
        if glued(before)
            || glued(after)
            || (i..i + 3).any(|k| owner.get(k).copied().flatten().is_some())
        {
            continue;
        }
        found.push(i..i + 3);
    }
    if found.is_empty() {
        return;
    }
    drafts.extend(found.into_iter().map(|r| Draft::new(r, Label::Misc)));
    crate::text::sort::sort_by_key(drafts, |d| d.tokens.start);
}
