//! Stage 2: rules that repair the tagger's drafts.
//!
//! The tagger was trained on CoNLL-2003 news wire; articles have bylines,
//! typographic quotes, hyphenated compounds and titles it handles less well.
//! In order:
//! - [`merge_split_names`]: adjacent person parts that together spell a name
//!   used elsewhere in the article join (`Kim` + `Jong Un`);
//! - [`relabel_bylines`]: the name at the start of a byline is a person;
//! - [`add_quoted_titles`]: quoted title-case phrases are MISC names;
//! - [`super::edges::clean`], draft by draft: split at a semicolon or a parenthesis the
//!   draft does not close (`Sberbank (Savings Bank`); edges trimmed of
//!   articles, possessives and punctuation (`data/edge_stop.txt`), of joining
//!   words (`and`, `of`) and of members after a party (`Labour MPs`); hyphenated suffixes cut
//!   (`Seoul-based` → `Seoul`, a place: `data/place_suffixes.txt`; `US-led`
//!   → `US`: `data/name_suffixes.txt`; `New York-based` → `New York`, the
//!   words before it kept; `South African-born` stays a nationality); country acronyms tagged ORG made
//!   places (`data/place_acronyms.txt`); names inside quoted titles widened
//!   to the title; titles split off person names ([`super::roles`]), also
//!   from a title and a name the tagger typed as an organisation.
//!
//! Then the article-level repairs the issue of "names neither split nor
//! glued, one type per name" asks for:
//! - [`drop_credits`]: names in credit lines (`Image: ...`, `Photo: ...`)
//!   dropped; `(Reuters) -` in a dateline an organisation;
//! - names judged by their written shape ([`super::shape`]): initials,
//!   particles, `&` and `Bank of England` kept in one name, a middle
//!   initial making a person, post-nominal letters cut off;
//! - [`people_after_honorifics`]: `Mr Ebbers` is a person;
//! - [`split_glued_person`]: `... Relations Alia Salem` split where the
//!   person's name starts;
//! - [`split_glued_place`]: `Stansted Airport in Essex` split at `in` when
//!   a known place follows;
//! - [`split_surname_modifiers`]: a person's surname before another name
//!   (`the Warhol Polaroid exhibits`) is not a person's full name;
//! - [`split_possessives`]: `Billboard's Hot 100` split at the
//!   possessive when the owner is named on its own elsewhere;
//! - [`singular_brands`]: `Saabs` is `Saab` when the article names `Saab`;
//! - one type per name per article by a vote (`vote.rs`)
//!   weighted by the tagger's confidence.

use super::roles::HONORIFICS;
use super::shape::{is_initial, is_middle_initial, NAME_PARTICLES, ORG_HEADS};
use super::{norm, words_key, Draft};
use crate::extract::ner::{tagger_form, NerModel};
use crate::extract::{FxMap, Label, WordSet};
use crate::text::hash::FxSet;
use crate::text::line_break_before;
use crate::text::{Token, TokenKind};
use std::ops::Range;

static PLACE_ACRONYMS: WordSet = WordSet::from_lines(include_str!("data/place_acronyms.txt"));

/// True for a country written as an acronym (folded: `us`, `uk`;
/// `data/place_acronyms.txt`).
pub(super) fn is_place_acronym(folded: &str) -> bool {
    PLACE_ACRONYMS.contains(folded)
}
pub(super) static TITLE_SMALL_WORDS: WordSet =
    WordSet::from_lines(include_str!("data/title_small_words.txt"));
static BYLINE_TAILS: WordSet = WordSet::from_lines(include_str!("data/byline_tails.txt"));
static CREDIT_WORDS: WordSet = WordSet::from_lines(include_str!("data/credit_words.txt"));

/// Longest name two person drafts can join into, in tokens (a run of
/// adjacent person drafts longer than this is not one name; the bound keeps
/// joining linear).
const MAX_NAME_TOKENS: usize = 32;

/// Longest quoted title, in tokens.
const MAX_TITLE: usize = 10;

pub(super) fn opens_quote(text: &str, t: &Token) -> bool {
    matches!(t.text(text), "“" | "\"" | "‘")
}

pub(super) fn closes_quote(text: &str, t: &Token) -> bool {
    matches!(t.text(text), "”" | "\"" | "’")
}

/// Whether tokens `r` are a whole quoted span (`“The Internet Explorer 6
/// Countdown”`, `“About a Boy”`): a quotation mark right before them and one
/// right after.
pub(super) fn is_quoted(text: &str, tokens: &[Token], r: &Range<usize>) -> bool {
    r.start > 0
        && tokens
            .get(r.start - 1)
            .is_some_and(|t| opens_quote(text, t))
        && tokens.get(r.end).is_some_and(|t| closes_quote(text, t))
}

/// Joins adjacent person mentions that together spell a name used elsewhere
/// in the article (`Kim` + `Jong Un` when `Kim Jong Un` appears).
pub(super) fn merge_split_names(tokens: &[Token], drafts: &mut Vec<Draft>) {
    let key = |r: &Range<usize>| -> String {
        tokens[r.clone()]
            .iter()
            .flat_map(|t| t.norm.chars())
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    let known: FxSet<String> = drafts
        .iter()
        .filter(|d| d.label == Label::Per && d.tokens.len() >= 2)
        .map(|d| key(&d.tokens))
        .collect();
    // each draft joins the one before it (itself perhaps already joined)
    let mut out: Vec<Draft> = Vec::with_capacity(drafts.len());
    for b in drafts.drain(..) {
        if let Some(a) = out.last_mut() {
            if a.label == Label::Per
                && b.label == Label::Per
                && a.tokens.end == b.tokens.start
                && b.tokens.end - a.tokens.start <= MAX_NAME_TOKENS
                && known.contains(&key(&(a.tokens.start..b.tokens.end)))
            {
                a.tokens.end = b.tokens.end;
                continue;
            }
        }
        out.push(b);
    }
    *drafts = out;
}

/// A byline (`By Jane Doe`, `Jane Doe, with AFP`, `Jane Doe in Seoul`) names
/// its writer: the name at its start is a person whatever the tagger said.
pub(super) fn relabel_bylines(
    text: &str,
    tokens: &[Token],
    sentences: &[Range<usize>],
    drafts: &mut [Draft],
) {
    // the drafts of each token range
    let mut by_range: FxMap<(usize, usize), Vec<usize>> = FxMap::default();
    for (i, d) in drafts.iter().enumerate() {
        by_range
            .entry((d.tokens.start, d.tokens.end))
            .or_default()
            .push(i);
    }
    for s in sentences {
        let n = s.len();
        if n == 0 || n > 14 {
            continue;
        }
        let last = tokens[s.end - 1].text(text);
        // a sentence ending in a full stop is prose, not a byline
        if matches!(last, "." | "!" | "?" | "”" | "\"") {
            continue;
        }
        let mut start = s.start;
        if tokens[start].norm == "by" {
            start += 1;
        }
        let name_end = (start..s.end)
            .find(|&i| !tokens[i].is_capitalized(text) && !NAME_PARTICLES.contains(&tokens[i].norm))
            .unwrap_or(s.end);
        let tail_ok = name_end == s.end || BYLINE_TAILS.contains(&tokens[name_end].norm);
        let is_byline = tokens[s.start].norm == "by" || (name_end < s.end && tail_ok);
        if !is_byline || name_end - start < 2 {
            continue;
        }
        for &i in by_range
            .get(&(start, name_end))
            .map_or(&[][..], Vec::as_slice)
        {
            if let Some(d) = drafts.get_mut(i) {
                d.set_label_by_rule(Label::Per);
            }
        }
    }
}

/// Quoted title-case phrases (`the “Weapons and Equipment Exhibition 2023”`)
/// are names of things: tagged MISC when the tagger left them out.
pub(super) fn add_quoted_titles(text: &str, tokens: &[Token], drafts: &mut Vec<Draft>) {
    let small = |t: &Token| TITLE_SMALL_WORDS.contains(&t.norm);
    // which tokens lie in a person draft (titles never overlap one); the
    // titles found are disjoint and in text order, so the drafts they replace
    // are dropped in one pass at the end
    let mut in_person = vec![false; tokens.len()];
    for d in drafts.iter().filter(|d| d.label == Label::Per) {
        for k in d.tokens.clone() {
            if let Some(x) = in_person.get_mut(k) {
                *x = true;
            }
        }
    }
    let mut titles: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !opens_quote(text, &tokens[i]) {
            i += 1;
            continue;
        }
        let s = i + 1;
        let mut e = s;
        while e < tokens.len() && e - s <= MAX_TITLE && !closes_quote(text, &tokens[e]) {
            e += 1;
        }
        if e >= tokens.len() || !closes_quote(text, &tokens[e]) || e - s < 2 || e - s > MAX_TITLE {
            i += 1;
            continue;
        }
        let words = &tokens[s..e];
        let caps = words.iter().filter(|t| t.is_capitalized(text)).count();
        let all_title = words
            .iter()
            .all(|t| t.is_capitalized(text) || small(t) || t.kind == TokenKind::Number);
        let starts_cap = words[0].is_capitalized(text) && !small(&words[0]);
        let overlapping_other = in_person[s..e].iter().any(|&x| x);
        if all_title && caps >= 2 && starts_cap && !overlapping_other {
            titles.push(s..e);
        }
        i = e + 1;
    }
    if titles.is_empty() {
        crate::text::sort::sort_by_key(drafts, |d| d.tokens.start);
        return;
    }
    // drop the drafts inside a title (the title starting last at or before them)
    drafts.retain(|d| {
        let k = titles.partition_point(|t| t.start <= d.tokens.start);
        !(k > 0 && d.tokens.end <= titles[k - 1].end)
    });
    drafts.extend(titles.into_iter().map(|r| Draft::new(r, Label::Misc)));
    crate::text::sort::sort_by_key(drafts, |d| d.tokens.start);
}

/// Credit lines (`Image: Jane Doe/Agency`, `Photo credit: ...`) name who
/// made a picture, not what the article is about: name drafts from the
/// colon to the end of the line (or sentence) are dropped. A news agency in
/// parentheses in a dateline (`LONDON (Reuters) -`) is an organisation,
/// never a person.
pub(super) fn drop_credits(
    text: &str,
    tokens: &[Token],
    sentences: &[Range<usize>],
    drafts: &mut Vec<Draft>,
) {
    let mut credit = vec![false; tokens.len()];
    let mut any = false;
    for s in sentences {
        // a credit word at the start of the sentence or of a line in it;
        // each token is marked at most once (`skip` jumps past a marked line)
        let mut skip = s.start;
        for i in s.clone() {
            if i < skip {
                continue;
            }
            let line_start = i == s.start || line_break_before(text, tokens, i);
            if !line_start || !CREDIT_WORDS.contains(&tokens[i].norm) {
                continue;
            }
            let Some(colon) = (i + 1..(i + 3).min(s.end)).find(|&k| tokens[k].norm == ":") else {
                continue;
            };
            let mut k = colon + 1;
            while k < s.end && !line_break_before(text, tokens, k) {
                credit[k] = true;
                any = true;
                k += 1;
            }
            skip = k;
        }
    }
    if any {
        drafts.retain(|d| !credit.get(d.tokens.start).copied().unwrap_or(false));
    }
    // `(Reuters) -` after a dateline
    for d in drafts.iter_mut() {
        let (a, b) = (d.tokens.start, d.tokens.end);
        if d.label != Label::Per || a == 0 || b + 1 >= tokens.len() || b - a > 3 {
            continue;
        }
        let dash_after = matches!(tokens[b + 1].text(text), "-" | "–" | "—" | "--");
        if tokens[a - 1].text(text) == "(" && tokens[b].text(text) == ")" && dash_after {
            d.set_label_by_rule(Label::Org);
        }
    }
}

/// A social-media handle or hashtag (`@AppleMusic`, `#NeverTrump`, as
/// quoted tweets sign and tag) is an address, not a mention of a name: a
/// draft whose first word follows `@` or `#` with no space between is
/// dropped. The name written out beside it (`Apple Music (@AppleMusic)`)
/// stays.
pub(super) fn drop_handles(text: &str, tokens: &[Token], drafts: &mut Vec<Draft>) {
    drafts.retain(|d| {
        let Some(t) = tokens.get(d.tokens.start) else {
            return true;
        };
        let start = d.sub.as_ref().map_or(t.start, |r| r.start);
        !text
            .get(..start)
            .is_some_and(|before| before.ends_with('@') || before.ends_with('#'))
    });
}

/// A title written short and standing alone (`Sen.`, `Gov.`, `Mr`), which
/// the tagger sometimes takes for a name of its own before a person's
/// (`Sen. Ron Johnson (R-Wis.)`), is not a name: such a draft is dropped;
/// the person's name after it keeps the title as its role. Written in
/// capitals (`MS`, `DR`) it is an acronym, and stays.
pub(super) fn drop_lone_titles(text: &str, tokens: &[Token], drafts: &mut Vec<Draft>) {
    drafts.retain(|d| {
        let Some(t) = tokens.get(d.tokens.start).filter(|_| d.tokens.len() == 1) else {
            return true;
        };
        let capitals = t.text(text).chars().all(|c| !c.is_lowercase());
        d.sub.is_some() || capitals || !super::roles::is_short_title(&t.norm)
    });
}

/// A lone initial (`X.`, closing an embedded tweet's caption) is not a name
/// by itself: initials before a name have joined it by now (`L. Ron
/// Hubbard`), and an initial left alone names no one.
pub(super) fn drop_lone_initials(text: &str, tokens: &[Token], drafts: &mut Vec<Draft>) {
    drafts.retain(|d| {
        let Some(t) = tokens.get(d.tokens.start).filter(|_| d.tokens.len() == 1) else {
            return true;
        };
        let mut cs = t.text(text).chars();
        let initial = matches!(
            (cs.next(), cs.next(), cs.next()),
            (Some(c), Some('.'), None) if c.is_uppercase()
        );
        d.sub.is_some() || !initial
    });
}

/// A name right after an honorific (`Mr Ebbers`), or starting with one, is
/// a person; not one that opens with an honorific and `of`, the title of a
/// work (`Lord of the Rings`, `Lord of the Flies`), which is MISC (`Lord
/// Falconer of Thoroton` has his name first).
pub(super) fn people_after_honorifics(text: &str, tokens: &[Token], drafts: &mut [Draft]) {
    for d in drafts.iter_mut() {
        if d.label == Label::Per || d.sub.is_some() {
            continue;
        }
        let first = norm(tokens, d.tokens.start);
        let work = d.tokens.len() >= 3
            && HONORIFICS.contains(first)
            && tokens
                .get(d.tokens.start + 1)
                .is_some_and(|t| t.text(text) == "of");
        if work {
            d.set_label_by_rule(Label::Misc);
            continue;
        }
        let before = d
            .tokens
            .start
            .checked_sub(1)
            .map_or("", |k| norm(tokens, k));
        if HONORIFICS.contains(first) || HONORIFICS.contains(before) {
            d.set_label_by_rule(Label::Per);
        }
    }
}

/// A one-word name the tagger typed as a person or a place that is a
/// demonym or a demonym's plural (`Latino voters`, `Latinos`, `an
/// Irishman`, `Bangladeshi`) names a people: MISC, as CoNLL types
/// nationalities. Organisations keep their type (`American` for the
/// airline, `the Scotsman` for the paper), and so does a person's surname:
/// after a title (`Mr. English`) or when the article names the person in
/// full (`Cuban said` after `Mark Cuban`).
pub(super) fn peoples_are_misc(tokens: &[Token], drafts: &mut [Draft]) {
    let surnames: Vec<&str> = drafts
        .iter()
        .filter(|d| d.label == Label::Per && d.sub.is_none() && d.tokens.len() >= 2)
        .filter_map(|d| tokens.get(d.tokens.end - 1))
        .map(|t| t.norm.as_str())
        .collect();
    for d in drafts.iter_mut() {
        if !matches!(d.label, Label::Per | Label::Loc)
            || d.sub.is_some()
            || d.tokens.len() != 1
            || d.role.is_some()
        {
            continue;
        }
        let Some(t) = tokens.get(d.tokens.start) else {
            continue;
        };
        let w = t.norm.as_str();
        let titled = d
            .tokens
            .start
            .checked_sub(1)
            .and_then(|k| tokens.get(k))
            .is_some_and(|p| HONORIFICS.contains(&p.norm));
        if t.kind == TokenKind::Word
            && !titled
            && !surnames.contains(&w)
            && (super::demonyms::is_demonym(w)
                || w.strip_suffix('s').is_some_and(super::demonyms::is_demonym))
        {
            d.set_label_by_rule(Label::Misc);
        }
    }
}

/// The folded words of a draft as one key.
pub(super) fn draft_key(tokens: &[Token], d: &Draft) -> String {
    words_key(tokens, d.tokens.clone())
}

/// An organisation (or place, or thing) followed by a person's name with
/// no break (`... Islamic Relations Alia Salem`) is split at the boundary
/// when the article names that person elsewhere: by the same two words, or
/// by the last word alone as a person's surname.
pub(super) fn split_glued_person(text: &str, tokens: &[Token], drafts: &mut Vec<Draft>) {
    let mut full: FxSet<String> = FxSet::default();
    let mut surnames: FxSet<String> = FxSet::default();
    for d in drafts
        .iter()
        .filter(|d| d.label == Label::Per && d.sub.is_none())
    {
        if d.tokens.len() >= 2 {
            full.insert(draft_key(tokens, d));
        }
        if let Some(t) = tokens.get(d.tokens.end.wrapping_sub(1)) {
            surnames.insert(t.norm.to_string());
        }
    }
    if surnames.is_empty() {
        return;
    }
    let mut added: Vec<Draft> = Vec::new();
    for d in drafts.iter_mut() {
        if d.label == Label::Per || d.sub.is_some() || d.tokens.len() < 3 {
            continue;
        }
        let e = d.tokens.end;
        let tail = &tokens[e - 2..e];
        let key = format!("{} {}", tail[0].norm, tail[1].norm);
        let by_full = full.contains(&key);
        let words = tail
            .iter()
            .all(|t| t.kind == TokenKind::Word && t.is_capitalized(text));
        if !words {
            continue;
        }
        let by_surname = surnames.contains(tail[1].norm.as_str())
            && !ORG_HEADS.contains(&tail[1].norm)
            && !ORG_HEADS.contains(&tail[0].norm);
        // not glued but mistyped: the whole name is a person elsewhere
        // (the vote on one type per name settles it), or the cut would
        // fall after a first name, before its middle initial (`George W Bush`)
        let one_name = full.contains(&draft_key(tokens, d)) || is_middle_initial(text, &tail[0]);
        if (by_full || by_surname) && !one_name {
            added.push(d.split_person_off(e - 2));
        }
    }
    if !added.is_empty() {
        drafts.extend(added);
        crate::text::sort::sort_by_key(drafts, |d| d.tokens.start);
    }
}

/// An organisation or a thing glued to the place it is in (`Stansted Airport
/// in Essex`, `the Beaufort Hunt in Cardiff`) is split at the lower-case `in`:
/// the words after it become a place when the gazetteer lists them as a place
/// and not as an organisation, and at least two words stay before it. Names
/// with `in` inside them are left whole when what follows is no place
/// (`Investors in People`, `Lost in Translation`).
pub(super) fn split_glued_place(
    text: &str,
    tokens: &[Token],
    drafts: &mut Vec<Draft>,
    model: &NerModel,
) {
    const ORG: u8 = 1 << 1;
    const LOC: u8 = 1 << 2;
    let mut added: Vec<Draft> = Vec::new();
    let mut words: Vec<std::borrow::Cow<'_, str>> = Vec::new();
    for d in drafts.iter_mut() {
        if !matches!(d.label, Label::Org | Label::Misc) || d.sub.is_some() || d.tokens.len() < 4 {
            continue;
        }
        let Some(toks) = tokens.get(d.tokens.clone()) else {
            continue;
        };
        // the last lower-case `in` with two words or more before it
        let Some(k) = (2..toks.len() - 1)
            .rev()
            .find(|&k| text.get(toks[k].start..toks[k].end) == Some("in"))
        else {
            continue;
        };
        let place = &toks[k + 1..];
        if !place
            .iter()
            .all(|t| t.kind == TokenKind::Word && t.is_capitalized(text))
        {
            continue;
        }
        words.clear();
        words.extend(place.iter().map(|t| tagger_form(text, t)));
        let mask = model.gazetteer_types(&words);
        if mask & LOC == 0 || mask & ORG != 0 {
            continue;
        }
        let at = d.tokens.start + k;
        let end = d.tokens.end;
        d.tokens.end = at;
        let mut p = Draft::new(at + 1..end, Label::Loc);
        p.type_conf[2] = d.confidence();
        added.push(p);
    }
    if !added.is_empty() {
        drafts.extend(added);
        crate::text::sort::sort_by_key(drafts, |d| d.tokens.start);
    }
}

/// Longest thing after a person's surname that [`split_surname_modifiers`]
/// splits off, in tokens.
const MAX_MODIFIED: usize = 3;

/// A person's surname used as a modifier before the name of a thing (`the
/// Warhol Polaroid exhibits`, `a Hockney iPad drawing`) is not a person
/// called `Warhol Polaroid`: the tagger reads a capitalized pair as a first
/// name and a surname (or, as often, glues them into one organisation:
/// `the Dylan Fender guitars`). When a name draft of two to four
/// words starts with the surname of *another* person named in full in the
/// article (`Andy Warhol`), and that word never starts a full name there,
/// and the rest is a name the article uses on its own elsewhere, mostly as
/// something other than a person (`Polaroid`, a brand), the draft is split:
/// the surname stays a person (it joins `Andy Warhol` when grouped), the
/// rest takes the types its other mentions give it. First names that are
/// also surnames stay whole (`Howard Flight` beside `Michael Howard`,
/// `Lee Cheuk-yan` beside `Martin Lee`): their second word is a person's
/// name, or not a name of its own.
pub(super) fn split_surname_modifiers(text: &str, tokens: &[Token], drafts: &mut Vec<Draft>) {
    let full = |d: &Draft| d.label == Label::Per && d.sub.is_none() && d.tokens.len() >= 2;
    // surname -> the keys of the full names ending with it (two are enough);
    // the first words of full names, with their keys
    let mut surname_of: FxMap<String, Vec<String>> = FxMap::default();
    let mut first_of: FxMap<String, Vec<String>> = FxMap::default();
    let note = |m: &mut FxMap<String, Vec<String>>, w: &str, key: &str| {
        let keys = m.entry(w.to_string()).or_default();
        if keys.len() < 2 && !keys.iter().any(|k| k == key) {
            keys.push(key.to_string());
        }
    };
    for d in drafts.iter().filter(|d| full(d)) {
        let key = draft_key(tokens, d);
        note(&mut surname_of, norm(tokens, d.tokens.end - 1), &key);
        note(&mut first_of, norm(tokens, d.tokens.start), &key);
    }
    if surname_of.is_empty() {
        return;
    }
    let other = |m: &FxMap<String, Vec<String>>, w: &str, key: &str| {
        m.get(w).is_some_and(|keys| keys.iter().any(|k| k != key))
    };
    // the types every other draft gives each name written the same way
    let mut types: FxMap<String, [f32; 4]> = FxMap::default();
    for d in drafts.iter().filter(|d| d.sub.is_none()) {
        let v = types.entry(draft_key(tokens, d)).or_insert([0.0; 4]);
        for (a, b) in v.iter_mut().zip(d.type_conf) {
            *a = a.max(b);
        }
    }
    let mut added: Vec<Draft> = Vec::new();
    for d in drafts.iter_mut() {
        let name = super::type_slot(d.label).is_some() && d.sub.is_none();
        if !name || d.tokens.len() < 2 || d.tokens.len() > MAX_MODIFIED + 1 {
            continue;
        }
        let key = draft_key(tokens, d);
        let head = norm(tokens, d.tokens.start);
        if !other(&surname_of, head, &key) || other(&first_of, head, &key) {
            continue;
        }
        let rest = d.tokens.start + 1..d.tokens.end;
        let Some(rest_tokens) = tokens.get(rest.clone()) else {
            continue;
        };
        // the rest is words written as a name, not initials or particles
        let name_like = rest_tokens.iter().all(|t| {
            t.kind == TokenKind::Word
                && t.is_capitalized(text)
                && !is_initial(text, t)
                && !NAME_PARTICLES.contains(&t.norm)
        });
        if !name_like {
            continue;
        }
        let rest_key = rest_tokens
            .iter()
            .map(|t| t.norm.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        // the rest must be a name of its own elsewhere, and not a person's
        let Some(conf) = types.get(&rest_key).copied() else {
            continue;
        };
        let mut best = 0;
        for k in 1..4 {
            if conf[k] > conf[best] {
                best = k;
            }
        }
        if best == 0 || conf[best] <= 0.0 {
            continue;
        }
        if d.label != Label::Per {
            // `Dylan Fender` as one organisation: the surname is the person
            let own = d.confidence();
            d.label = Label::Per;
            d.type_conf = [own, 0.0, 0.0, 0.0];
        }
        d.tokens.end = d.tokens.start + 1;
        let mut r = Draft::new(rest, super::slot_label(best));
        r.type_conf = conf;
        r.type_conf[0] = 0.0;
        added.push(r);
    }
    if !added.is_empty() {
        drafts.extend(added);
        crate::text::sort::sort_by_key(drafts, |d| d.tokens.start);
    }
}

/// A name glued to its owner by a possessive (`Billboard's Hot 100`, `the
/// Tories' Commons majority`) is split at the possessive into the owner and
/// the thing owned, when the article names the owner on its own elsewhere
/// (`Billboard`, `Tories`), or by another name of it listed in
/// `data/name_aliases.txt` (`Conservatives` for the `Tories'`). Names with a
/// possessive inside that the article never splits are kept (`the Women's
/// Institute`, `People's Party`).
pub(super) fn split_possessives(text: &str, tokens: &[Token], drafts: &mut Vec<Draft>) {
    let is_name = |d: &Draft| super::type_slot(d.label).is_some() && d.sub.is_none();
    let alone: FxSet<String> = drafts
        .iter()
        .filter(|d| is_name(d))
        .map(|d| draft_key(tokens, d))
        .collect();
    let words = |k: &str| -> Vec<String> { k.split(' ').map(str::to_string).collect() };
    let alone_lines: FxSet<usize> = alone
        .iter()
        .filter_map(|k| super::aliases::alias_line(&words(k)))
        .collect();
    let mut added: Vec<Draft> = Vec::new();
    for d in drafts.iter_mut().filter(|d| is_name(d)) {
        let r = d.tokens.clone();
        let Some(k) =
            (r.start + 1..r.end.saturating_sub(1)).find(|&k| matches!(norm(tokens, k), "'s" | "'"))
        else {
            continue;
        };
        let owner = words_key(tokens, r.start..k);
        if !alone.contains(&owner)
            && !super::aliases::alias_line(&words(&owner)).is_some_and(|l| alone_lines.contains(&l))
        {
            continue;
        }
        // the thing owned starts with a capital (`Hot 100`, not `'s report`)
        if !tokens.get(k + 1).is_some_and(|t| t.is_capitalized(text)) {
            continue;
        }
        let mut owned = Draft::new(k + 1..r.end, d.label);
        owned.type_conf = d.type_conf;
        added.push(owned);
        d.tokens.end = k;
    }
    if !added.is_empty() {
        drafts.extend(added);
        crate::text::sort::sort_by_key(drafts, |d| d.tokens.start);
    }
}

/// A brand in the plural (`Saabs`, `Cadillacs`: the cars) is the brand
/// when the article names it in the singular: the draft shrinks to the
/// word without its `s`, as `Seoul-based` shrinks to `Seoul`, and groups
/// with it. People are left alone (`Williams` beside `William`), and so
/// are groups of people named after a place, a faith or a party
/// (`Americans`, `Muslims`, `Democrats`: [`names_people`]): CoNLL's MISC
/// is the plural word whole, and the plural is not the singular's thing.
pub(super) fn singular_brands(text: &str, tokens: &[Token], drafts: &mut [Draft]) {
    let brand = |d: &Draft| {
        super::type_slot(d.label).is_some()
            && d.label != Label::Per
            && d.sub.is_none()
            && d.tokens.len() == 1
            && !(d.label == Label::Misc
                && tokens
                    .get(d.tokens.start)
                    .and_then(|t| people_plural_stem(&t.norm))
                    .is_some())
    };
    let singles: FxSet<String> = drafts
        .iter()
        .filter(|d| brand(d))
        .map(|d| norm(tokens, d.tokens.start).to_string())
        .collect();
    for d in drafts.iter_mut().filter(|d| brand(d)) {
        let Some(t) = tokens.get(d.tokens.start) else {
            continue;
        };
        let Some(word) = text.get(t.start..t.end) else {
            continue;
        };
        let plural = word.len() >= 4
            && word.ends_with('s')
            && !word.ends_with("ss")
            && t.kind == TokenKind::Word
            && t.parts(text).len() < 2;
        if plural
            && t.norm
                .strip_suffix('s')
                .is_some_and(|stem| singles.contains(stem))
        {
            d.sub = Some(t.start..t.end - 1);
        }
    }
}

/// True for a word (folded, singular) that names a member of a people, a
/// faith or a party: a demonym ([`super::demonyms::is_demonym`]) or a word
/// with the endings such nouns take (`-an`, `-ese`, `-ic`, `-ist`, `-ite`,
/// `-crat`, `-im`: `Republican`, `Catholic`, `Muslim`, `Democrat`). Brands
/// end in anything (`Volvo`, `Audi`), so the endings are only these.
fn names_people(singular: &str) -> bool {
    const ENDINGS: [&str; 7] = ["an", "ese", "ic", "ist", "ite", "crat", "im"];
    super::demonyms::is_demonym(singular) || ENDINGS.iter().any(|e| singular.ends_with(e))
}

/// The singular of a people's, faith's or party's plural (folded:
/// `republicans` -> `republican`; [`names_people`]), or `None`.
pub(super) fn people_plural_stem(folded: &str) -> Option<&str> {
    folded.strip_suffix('s').filter(|s| names_people(s))
}

/// If tokens `r` lie inside a short quoted span of title-case words, that span (without the marks).
pub(super) fn quoted_title_around(
    text: &str,
    tokens: &[Token],
    r: Range<usize>,
) -> Option<(usize, usize)> {
    let mut s = r.start;
    while s > 0 && r.start - s < MAX_TITLE && !opens_quote(text, &tokens[s - 1]) {
        s -= 1;
        if tokens[s].kind == TokenKind::Punct && tokens[s].text(text) != "&" {
            return None;
        }
    }
    if s == 0 || !opens_quote(text, &tokens[s - 1]) {
        return None;
    }
    let mut e = r.end;
    while e < tokens.len() && e - r.end < MAX_TITLE && !closes_quote(text, &tokens[e]) {
        if tokens[e].kind == TokenKind::Punct && tokens[e].text(text) != "&" {
            return None;
        }
        e += 1;
    }
    if e >= tokens.len()
        || !closes_quote(text, &tokens[e])
        || (s..r.start).len() + (r.end..e).len() == 0
    {
        return None;
    }
    // every word capitalized, a number, or a small function word, and the
    // first and last not a small word: between a closing mark and the next
    // opening one (`a "huge figure" in Labour and a "valued friend"`) lies
    // no title
    let edge = |t: &Token| t.is_capitalized(text) || t.kind == TokenKind::Number;
    if !tokens.get(s).is_some_and(edge) || !tokens.get(e - 1).is_some_and(edge) {
        return None;
    }
    let ok = tokens[s..e].iter().all(|t| {
        t.text(text)
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            || TITLE_SMALL_WORDS.contains(&t.norm)
    });
    ok.then_some((s, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_load_from_their_data_files() {
        assert!(PLACE_ACRONYMS.contains("u.s.") && PLACE_ACRONYMS.len() == 11);
        assert_eq!(TITLE_SMALL_WORDS.len(), 9);
        assert!(NAME_PARTICLES.contains("von") && NAME_PARTICLES.len() == 12);
        assert!(BYLINE_TAILS.contains(",") && BYLINE_TAILS.contains("reporting"));
    }
}
