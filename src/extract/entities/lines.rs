//! Stage 2, continued: names and the text's lines. A name never runs
//! across a line break ([`split_at_line_breaks`]), and a dateline opening a
//! line names the place a story was filed from ([`datelines`]).

use super::{words_key, Draft};
use crate::extract::ner::{tagger_form, NerModel};
use crate::extract::Label;
use crate::text::hash::FxSet;
use crate::text::line_break_before;
use crate::text::{Token, TokenKind};
use std::ops::Range;

/// A name never runs across a line break: a draft the tagger ran over one
/// (a headline's last name and the first line's first, `Keira Knightley`
/// / `Steve Carell is no longer…`) is cut there, each part with a word in
/// it keeping the draft's type.
pub(super) fn split_at_line_breaks(text: &str, tokens: &[Token], drafts: &mut Vec<Draft>) {
    let mut added: Vec<Draft> = Vec::new();
    let mut emptied = false;
    for d in drafts.iter_mut().filter(|d| d.sub.is_none()) {
        let r = d.tokens.clone();
        let mut cuts = (r.start + 1..r.end).filter(|&k| line_break_before(text, tokens, k));
        let Some(first) = cuts.next() else { continue };
        let has_word = |p: &Range<usize>| {
            p.clone()
                .any(|k| tokens.get(k).is_some_and(|t| t.kind == TokenKind::Word))
        };
        let mut start = first;
        for end in cuts.chain(std::iter::once(r.end)) {
            let part = start..end;
            if has_word(&part) {
                let mut p = Draft::new(part, d.label);
                p.type_conf = d.type_conf;
                added.push(p);
            }
            start = end;
        }
        d.tokens.end = first;
        if !has_word(&d.tokens) {
            d.tokens.end = d.tokens.start;
            emptied = true;
        }
    }
    if emptied {
        drafts.retain(|d| d.tokens.start < d.tokens.end);
    }
    if !added.is_empty() {
        drafts.extend(added);
        crate::text::sort::sort_by_key(drafts, |d| d.tokens.start);
    }
}

/// A dateline opening a line (`CLEVELAND —`, `BIRMINGHAM, Ala (Reuters)
/// -`, `PURCHASE, N.Y., April 1 (UPI) —`) names the place the story was
/// filed from: its city, written in capitals, and the state or country
/// after it are places, there and wherever the article names them alone,
/// whatever the tagger made of them (a capitalized word at the start of a
/// line read as an organisation or a person: 22 of some 250 datelines in
/// KPCrowd and PolNeAR; `Fort Pierce` an organisation in all its eight
/// mentions). Runs after the vote of one type per name, which the tagger's
/// other readings would win. Only names the tagger found are relabelled;
/// a heading in capitals before a dash (`EXCLUSIVE —`) is not a name and
/// stays none, and a city alone before the dash (no state, no agency) must
/// be a place the gazetteer lists (a newsletter's headings: `PSA—`).
pub(super) fn datelines(text: &str, tokens: &[Token], drafts: &mut [Draft], model: &NerModel) {
    let word = |k: usize| tokens.get(k).filter(|t| t.kind == TokenKind::Word);
    let is = |k: usize, s: &[&str]| tokens.get(k).is_some_and(|t| s.contains(&t.text(text)));
    // (sets: a text of thousands of datelines stays linear)
    let mut places: FxSet<String> = FxSet::default();
    let ranges: FxSet<(usize, usize)> = drafts
        .iter()
        .filter(|d| d.sub.is_none())
        .map(|d| (d.tokens.start, d.tokens.end))
        .collect();
    for p in 0..tokens.len() {
        if p > 0 && !line_break_before(text, tokens, p) {
            continue;
        }
        // the city: one to four words in capitals
        let mut k = p;
        while k < p + 4
            && word(k).is_some_and(|t| {
                let w = t.text(text);
                w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase)
            })
            && (k == p || !line_break_before(text, tokens, k))
        {
            k += 1;
        }
        if k == p || tokens.get(p).is_some_and(|t| t.norm == "by") {
            continue;
        }
        let city = p..k;
        // `, Ala`, `, N.Y.`, `, Mexico`: the state or country
        let mut state = k..k;
        if is(k, &[","]) {
            let mut j = k + 1;
            while j < k + 4 && word(j).is_some_and(|t| t.is_capitalized(text)) {
                j += 1;
            }
            if j > k + 1 {
                state = k + 1..j;
                k = j;
                // an abbreviation's full stop the tokenizer split off
                // (`Pa.`, `Md.`; `Fla.` is one token)
                let attached =
                    |i: usize| i > 0 && tokens.get(i).is_some_and(|t| t.start == tokens[i - 1].end);
                if is(k, &["."]) && attached(k) {
                    k += 1;
                }
            }
        }
        // `, April 1`: the date
        if is(k, &[","])
            && word(k + 1).is_some_and(|t| t.is_capitalized(text))
            && tokens
                .get(k + 2)
                .is_some_and(|t| t.kind == TokenKind::Number)
        {
            k += 3;
        }
        // `(Reuters)`: the agency
        let mut agency = false;
        if is(k, &["("]) {
            if let Some(close) = (k + 1..(k + 6).min(tokens.len())).find(|&j| is(j, &[")"])) {
                k = close + 1;
                agency = true;
            }
        }
        if !is(k, &["-", "\u{2014}", "\u{2013}", "--"]) {
            continue;
        }
        // a city alone before the dash must be a place the gazetteer knows
        // (a newsletter's headings are written so: `PSA—`, `NOW OPEN—`)
        if state.is_empty() && !agency {
            let words: Vec<_> = city
                .clone()
                .map(|j| tagger_form(text, &tokens[j]))
                .collect();
            if model.gazetteer_types(&words) & NerModel::GAZETTEER_LOC == 0 {
                continue;
            }
        }
        let found = |r: &Range<usize>| ranges.contains(&(r.start, r.end));
        if found(&city) {
            places.insert(words_key(tokens, city));
        }
        if !state.is_empty() && found(&state) {
            places.insert(words_key(tokens, state));
        }
    }
    if places.is_empty() {
        return;
    }
    // the place the dateline names is that place wherever the article
    // names it alone (`FORT PIERCE, Fla. -` … `in Fort Pierce`), unless a
    // title makes a person of it (`Mr Washington`)
    for d in drafts.iter_mut() {
        if d.sub.is_none()
            && d.role.is_none()
            && matches!(d.label, Label::Per | Label::Org | Label::Misc)
            && places.contains(&words_key(tokens, d.tokens.clone()))
        {
            d.set_label_by_rule(Label::Loc);
        }
    }
}
