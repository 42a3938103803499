//! Titles of works in a list: `films including Raging Bull, Goodfellas and
//! Gangs of New York`.
//!
//! The tagger learned 1996 Reuters news, where films, songs and games are
//! rarely named; it reads a title as whatever its words look like: `Jungle
//! Fever` and `Goodfellas` people, `Raging Bull` an organisation, `The Sims`
//! a place, `Shaun of the Dead` a person `Shaun` and an organisation `Dead`.
//! Yet the article says what they are when it lists them after a plural noun
//! of works (`data/work_nouns.txt`) and `including`, `such as`, `like` or a
//! form of `include`: each item of that list is a title, MISC as CoNLL-2003
//! types titles, written in title case.
//!
//! [`titles_in_lists`] reads the list item by item, separated by commas,
//! `and` and `or` in lower case (an `and` inside one of the tagger's names
//! stays inside it: `Gin and Juice`; `Everything Or Nothing` is one title). An item runs over capitalized words, numbers, the small
//! words titles keep in lower case (`of`, `the`, `in`: `Lord of the Rings`)
//! and clitics (`Haven't`, `She's`); it must open with a capitalized word.
//! The list ends at the sentence's end or at the first item that does not
//! open so (`…, which end with`), and after an item cut short by another
//! lower-case word (`Manhunt with violent responses`, `World Cup
//! quarter-finals`): what follows is the sentence again, not the list. Each
//! item replaces the name drafts inside it with one MISC draft; an item that
//! a name draft crosses ends the list untouched.
//!
//! The same goes for a title named right after a singular noun of works or
//! of a genre (`the film Hotel Rwanda`, `the biopic Ray`:
//! `data/work_noun_singulars.txt`), and for a name followed by its credits
//! (`The Grudge, starring Michelle Gellar`, `directed by`). A person the
//! article names elsewhere is left a person there (`the film Julia Roberts
//! made`). A month or a weekday after a small word ends a title (`the film
//! Sideways on Monday`).
//!
//! A title found so is the surest sign of what the name is: it counts as
//! one more sure mention in the vote of one type per name
//! ([`super::vote`]), so the article's other mentions of it, where nothing
//! around them says what they are (`Sideways is written by…`, a headline),
//! take its type too.

use super::forenames::is_calendar;
use super::repair::TITLE_SMALL_WORDS;
use super::Draft;
use crate::extract::{Label, WordSet};
use crate::text::stopwords::is_stop_word;
use crate::text::{Token, TokenKind};
use std::ops::Range;

static WORK_NOUNS: WordSet = WordSet::from_lines(include_str!("data/work_nouns.txt"));
static WORK_NOUN_SINGULARS: WordSet =
    WordSet::from_lines(include_str!("data/work_noun_singulars.txt"));

/// The longest title taken from a list, in tokens.
const MAX_ITEM: usize = 10;

/// Where the list after a work noun at token `i` starts: past `including`,
/// `such as`, `like` or a form of `include` (a comma may come before).
fn list_start(tokens: &[Token], i: usize) -> Option<usize> {
    let norm = |k: usize| tokens.get(k).map_or("", |t| t.norm.as_str());
    let mut k = i + 1;
    if norm(k) == "," {
        k += 1;
    }
    match norm(k) {
        "including" | "like" | "include" | "includes" | "included" => Some(k + 1),
        "such" if norm(k + 1) == "as" => Some(k + 2),
        _ => None,
    }
}

/// True for a clitic written on a title's word (`'s`, `n't`, `'m`).
fn is_clitic(t: &Token) -> bool {
    t.norm.starts_with('\'') || t.norm.starts_with('\u{2019}') || t.norm == "n't"
}

/// True for a word with a lower-case part after a hyphen (`Oscar-winning`,
/// `London-based`; not `Ad-Aware`, `Half-Life`).
fn has_lower_suffix(word: &str) -> bool {
    word.split(['-', '\u{2010}', '\u{2011}'])
        .skip(1)
        .any(|p| p.chars().next().is_some_and(char::is_lowercase))
}

/// What token `t` is to a title in a list.
#[derive(Clone, Copy, PartialEq)]
enum Part {
    /// A capitalized word or a number: a title's own word.
    Word,
    /// A small word titles keep in lower case, or a clitic.
    Small,
    /// A comma, `and`, `or`: between items.
    Separator,
    /// Anything else: not in a title.
    Other,
}

fn part(text: &str, t: &Token) -> Part {
    let capitalized = t.is_capitalized(text);
    match t.kind {
        TokenKind::Word if !capitalized && (t.norm == "and" || t.norm == "or") => Part::Separator,
        // a capitalized adjective made with a hyphen describes the title
        // after it (`Oscar-winning Fame`)
        TokenKind::Word if capitalized && has_lower_suffix(t.text(text)) => Part::Other,
        TokenKind::Word if capitalized => Part::Word,
        TokenKind::Word if is_clitic(t) || TITLE_SMALL_WORDS.contains(&t.norm) => Part::Small,
        TokenKind::Number => Part::Word,
        TokenKind::Punct if t.norm == "," => Part::Separator,
        _ => Part::Other,
    }
}

/// The titles of the list that starts at token `s` in the sentence ending
/// at `end`: token ranges, in order (see the module documentation).
/// `in_draft(k)` gives the range of the name draft holding token `k`.
fn list_items(
    text: &str,
    tokens: &[Token],
    s: usize,
    end: usize,
    in_draft: &dyn Fn(usize) -> Option<Range<usize>>,
    one: bool,
) -> Vec<Range<usize>> {
    let mut items = Vec::new();
    let mut k = s;
    while k < end {
        let Some(first) = tokens.get(k) else { break };
        if part(text, first) != Part::Word || first.kind != TokenKind::Word {
            break;
        }
        // the item's extent: title parts, and an `and` inside a draft
        let mut e = k;
        let mut stopped = false;
        while e < end {
            let Some(t) = tokens.get(e) else { break };
            // a number after a small word is the sentence's again (`Dirty
            // Pretty Things in 2002`)
            let after_small = e > k
                && tokens
                    .get(e - 1)
                    .is_some_and(|p| part(text, p) == Part::Small);
            // so is a day or a month (`the film Sideways on Monday`)
            let date_word = || is_calendar(&t.norm);
            match part(text, t) {
                Part::Word if after_small && (t.kind == TokenKind::Number || date_word()) => {
                    stopped = true;
                    break;
                }
                Part::Word | Part::Small => e += 1,
                Part::Separator => {
                    let inside = in_draft(e).is_some_and(|r| r.start < e && e + 1 < r.end);
                    if inside {
                        e += 1;
                    } else {
                        break;
                    }
                }
                Part::Other => {
                    stopped = t.kind != TokenKind::Punct || e + 1 < end;
                    break;
                }
            }
        }
        // small words do not end a title
        let mut last = e;
        while last > k
            && tokens
                .get(last - 1)
                .is_some_and(|t| part(text, t) == Part::Small)
        {
            last -= 1;
        }
        let crossed = (k..last).any(|j| in_draft(j).is_some_and(|r| r.start < k || r.end > last));
        // one word that is no title alone (`With` of `With or Without You`)
        let lone_small = last - k == 1 && tokens.get(k).is_some_and(|t| is_stop_word(&t.norm));
        if crossed || lone_small || last - k > MAX_ITEM {
            break;
        }
        // one title alone: an `and` before a capitalized word may be inside
        // it or join another name (`Hopes and Fears`): neither is taken
        let joined = || {
            tokens
                .get(e)
                .is_some_and(|t| part(text, t) == Part::Separator && t.norm != ",")
                && tokens.get(e + 1).is_some_and(|t| t.is_capitalized(text))
        };
        if one && joined() {
            break;
        }
        items.push(k..last);
        if stopped || one {
            break;
        }
        // past the separators to the next item
        k = e;
        while k < end
            && tokens
                .get(k)
                .is_some_and(|t| part(text, t) == Part::Separator)
        {
            k += 1;
        }
    }
    items
}

/// True when token range `r` is a person draft whose last word a person
/// draft elsewhere holds too: `the film Julia Roberts made` names her, as
/// her other mentions show. One word alone elsewhere does not show a
/// one-word title to be a person (`the comedy Sideways` and `Sideways is
/// written by…`: the tagger's guess, twice); a full name does.
fn named_elsewhere(tokens: &[Token], drafts: &[Draft], r: &Range<usize>) -> bool {
    let last = |d: &Range<usize>| {
        d.end
            .checked_sub(1)
            .and_then(|k| tokens.get(k))
            .map(|t| &t.norm)
    };
    let is_person = drafts
        .iter()
        .any(|d| d.label == Label::Per && d.tokens == *r);
    is_person
        && drafts.iter().any(|d| {
            d.label == Label::Per
                && d.tokens != *r
                && d.sub.is_none()
                && (r.len() >= 2 || d.tokens.len() >= 2)
                && last(&d.tokens) == last(r)
        })
}

/// Types the titles listed after a plural noun of works, or named right
/// after a singular one (`the film Hotel Rwanda`), as MISC names (see the
/// module documentation). Drafts stay in text order.
pub(super) fn titles_in_lists(
    text: &str,
    tokens: &[Token],
    sentences: &[Range<usize>],
    drafts: &mut Vec<Draft>,
) {
    let owner = super::draft_owners(tokens.len(), drafts);
    let in_draft = |k: usize| -> Option<Range<usize>> {
        let di = (*owner.get(k)?)?;
        let d = drafts.get(di)?;
        Some(if d.sub.is_none() {
            d.tokens.clone()
        } else {
            0..usize::MAX
        })
    };
    let mut titles: Vec<Range<usize>> = Vec::new();
    for sent in sentences {
        for i in sent.clone() {
            let Some(t) = tokens.get(i) else { break };
            if t.kind != TokenKind::Word || t.is_capitalized(text) {
                continue;
            }
            if WORK_NOUNS.contains(&t.norm) {
                if let Some(s) = list_start(tokens, i) {
                    titles.extend(list_items(text, tokens, s, sent.end, &in_draft, false));
                }
            } else if WORK_NOUN_SINGULARS.contains(&t.norm) && i > sent.start {
                let verb_before = tokens.get(i - 1).is_some_and(|p| {
                    matches!(p.norm.as_str(), "to" | "will" | "would" | "can" | "could")
                });
                let items = list_items(text, tokens, i + 1, sent.end, &in_draft, true);
                let person = items
                    .first()
                    .is_some_and(|r| named_elsewhere(tokens, drafts, r));
                if !verb_before && !person {
                    titles.extend(items);
                }
            }
        }
    }
    credited_titles(tokens, drafts);
    if titles.is_empty() {
        return;
    }
    titles.sort_by_key(|r| r.start);
    titles.dedup();
    let inside = |d: &Draft| {
        let k = titles.partition_point(|t| t.start <= d.tokens.start);
        k > 0 && d.tokens.end <= titles[k - 1].end
    };
    drafts.retain(|d| !inside(d));
    drafts.extend(titles.into_iter().map(|r| {
        let mut d = Draft::new(r, Label::Misc);
        d.work = true;
        d
    }));
    crate::text::sort::sort_by_key(drafts, |d| d.tokens.start);
}

/// True when the words from token `k` credit a cast or a director to the
/// name before them: `starring` (not `starring in`, said of an actor),
/// `co-starring`, `directed by`.
fn credits_at(tokens: &[Token], k: usize) -> bool {
    let norm = |i: usize| tokens.get(i).map_or("", |t| t.norm.as_str());
    let k = if norm(k) == "," { k + 1 } else { k };
    match norm(k) {
        "starring" | "co-starring" => !matches!(norm(k + 1), "in" | "on" | "opposite"),
        "directed" => norm(k + 1) == "by",
        _ => false,
    }
}

/// A name right before the credits of a film or a show (`The Grudge,
/// starring Michelle Gellar`, `Tom Jones, directed by Tony Richardson`) is
/// its title: MISC, unless it is a person the article names elsewhere.
fn credited_titles(tokens: &[Token], drafts: &mut [Draft]) {
    let credited: Vec<usize> = (0..drafts.len())
        .filter(|&i| {
            let d = &drafts[i];
            d.sub.is_none()
                && d.label != Label::Misc
                && credits_at(tokens, d.tokens.end)
                && !named_elsewhere(tokens, drafts, &d.tokens)
        })
        .collect();
    for i in credited {
        if let Some(d) = drafts.get_mut(i) {
            d.set_label_by_rule(Label::Misc);
            d.work = true;
        }
    }
}
