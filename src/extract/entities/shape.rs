//! Stage 2, continued: names judged by their written shape.
//!
//! The tagger reads words; some names are told by how they are written:
//! - [`join_across_particles`]: initials (`L. Ron Hubbard`, `George W Bush`),
//!   particles (`von der`, `bin`: a person's whatever the parts were typed,
//!   `data/person_particles.txt`), `&` (`Brown & Williamson`) and `Bank of
//!   England` kept in one name;
//! - [`join_across_numbers`]: a number inside a name the article also uses
//!   without it (`TFC 101 Tower`, `the TFC Tower`) kept in it;
//! - [`take_trailing_numbers`]: a number that ends a name (`BBC Radio 4`,
//!   `Half-Life 2`, `FTSE 100`) kept in it when the article shows it belongs
//!   there, not when it is a quantity or a score;
//! - [`people_with_middle_initials`]: a name with a middle initial inside it
//!   is a person's (`George W Bush`, whatever type the tagger gave it);
//! - [`places_named_like_people`]: a person's name that ends in a street's
//!   or a venue's word (`Lansdowne Road`, `Wembley Stadium`,
//!   `data/place_heads.txt`) is a place;
//! - [`split_post_nominals`]: letters after a name (`MP`, `QC`,
//!   `data/post_nominals.txt`) are cut off it and kept as its role;
//! - [`drop_party_labels`]: a US politician's party and state after the
//!   name (`Gwen Moore (D-Wis.)`, `Mitch McConnell, R-Ky.,`) is not a name
//!   as the tagger reads it (its state becomes a place later:
//!   `abbreviations.rs`).
//! - [`drop_common_acronyms`]: an acronym of a common noun standing alone
//!   (`PC`, `ID`, `AI`, `MPs`: `data/common_acronyms.txt`) is not a name.

use super::{words_key, Draft};
use crate::extract::{Label, WordSet};
use crate::text::{line_break_before, Token, TokenKind};

/// Lower-case words inside names (`von`, `der`, `bin`).
pub(crate) static NAME_PARTICLES: WordSet =
    WordSet::from_lines(include_str!("data/name_particles.txt"));
/// Head words of organisations' names (`bank`, `university`).
pub(super) static ORG_HEADS: WordSet = WordSet::from_lines(include_str!("data/org_heads.txt"));
static POST_NOMINALS: WordSet = WordSet::from_lines(include_str!("data/post_nominals.txt"));
static NAMED_AFTER: WordSet = WordSet::from_lines(include_str!("data/named_after_heads.txt"));
pub(super) static PLACE_HEADS: WordSet = WordSet::from_lines(include_str!("data/place_heads.txt"));
static NUMBERED_ORG_WORDS: WordSet =
    WordSet::from_lines(include_str!("data/numbered_org_words.txt"));
/// Lower-case model words of product lines (`data/product_variants.txt`).
static PRODUCT_VARIANTS: WordSet = WordSet::from_lines(include_str!("data/product_variants.txt"));
/// Last words of the names of bodies of people (`data/body_heads.txt`).
static BODY_HEADS: WordSet = WordSet::from_lines(include_str!("data/body_heads.txt"));
/// Last words of the names of laws and treaties (`data/law_heads.txt`).
pub(super) static LAW_HEADS: WordSet = WordSet::from_lines(include_str!("data/law_heads.txt"));
static COMMON_ACRONYMS: WordSet = WordSet::from_lines(include_str!("data/common_acronyms.txt"));
/// Particles that make a person's name of the names around them (`von der`).
static PERSON_PARTICLES: WordSet = WordSet::from_lines(include_str!("data/person_particles.txt"));

/// Longest name that joining across particles, `&` or `of` may make, in tokens.
const MAX_JOINED: usize = 10;

/// Whether token `t` is an initial: one capital letter and a full stop
/// (`L.`), or several (`J.R.R.`).
pub(super) fn is_initial(text: &str, t: &Token) -> bool {
    let s = t.text(text);
    let mut letters = 0;
    let mut prev_letter = false;
    for c in s.chars() {
        if c.is_uppercase() && !prev_letter {
            letters += 1;
            prev_letter = true;
        } else if c == '.' && prev_letter {
            prev_letter = false;
        } else {
            return false;
        }
    }
    letters > 0 && !prev_letter
}

/// Whether token `t` is a middle initial: one capital letter, with or
/// without a full stop (`W`, `F.`); `I` and `A` are words, not initials.
pub(super) fn is_middle_initial(text: &str, t: &Token) -> bool {
    let s = t.text(text);
    let s = s.strip_suffix('.').unwrap_or(s);
    let mut cs = s.chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase() && c != 'I' && c != 'A')
}

/// Names the tagger cut in two are joined again:
/// - initials before a person (`L.` + `Ron Hubbard`, or `L.` left out);
/// - a middle initial at the cut or left out between the parts, when one
///   is a person (`George` + `W Bush`, `John F` + `Kennedy`);
/// - two parts across lower-case name particles, when one is a person
///   (`Ursula` + `von der` + `Leyen`, `Osama bin Laden`);
/// - two capitalized names across `&` make an organisation (`Brown & Williamson`);
/// - an organisation ending in a head word continues across `of`
///   (`Bank` + `of` + `England`).
///
/// One left-to-right pass over the drafts, each joining the one before it.
pub(super) fn join_across_particles(text: &str, tokens: &[Token], drafts: &mut Vec<Draft>) {
    crate::text::sort::sort_by_key(drafts, |d| d.tokens.start);
    // initials left out just before a person: widen the person
    for i in 0..drafts.len() {
        if drafts[i].label != Label::Per || drafts[i].sub.is_some() {
            continue;
        }
        let floor = if i > 0 { drafts[i - 1].tokens.end } else { 0 };
        let mut s = drafts[i].tokens.start;
        while s > floor
            && drafts[i].tokens.end - s < MAX_JOINED
            && is_initial(text, &tokens[s - 1])
            && !line_break_before(text, tokens, s)
        {
            s -= 1;
        }
        drafts[i].tokens.start = s;
    }
    let mut out: Vec<Draft> = Vec::with_capacity(drafts.len());
    for b in drafts.drain(..) {
        if let Some(a) = out.last_mut() {
            if let Some(label) = joined_label(text, tokens, a, &b) {
                let conf = a.confidence().min(b.confidence());
                a.tokens.end = b.tokens.end;
                a.label = label;
                a.type_conf = [0.0; 4];
                if let Some(k) = super::type_slot(label) {
                    a.type_conf[k] = conf;
                }
                continue;
            }
        }
        out.push(b);
    }
    *drafts = out;
}

/// The label of `a` and `b` joined (with the tokens between them), if they
/// are one name cut in two.
fn joined_label(text: &str, tokens: &[Token], a: &Draft, b: &Draft) -> Option<Label> {
    if a.sub.is_some() || b.sub.is_some() || b.tokens.start < a.tokens.end {
        return None;
    }
    if b.tokens.end - a.tokens.start > MAX_JOINED {
        return None;
    }
    // a name never runs on past the end of its line (`X.` closing a
    // caption, `Sexton` opening the next paragraph)
    if (a.tokens.end..=b.tokens.start).any(|k| line_break_before(text, tokens, k)) {
        return None;
    }
    let gap = tokens.get(a.tokens.end..b.tokens.start)?;
    let names = [a.label, b.label];
    let is_name = |l: Label| matches!(l, Label::Per | Label::Org | Label::Loc | Label::Misc);
    if !names.iter().all(|&l| is_name(l)) || !tokens[b.tokens.start].is_capitalized(text) {
        return None;
    }
    if gap.is_empty() {
        // `L.` + `Ron Hubbard`: a person part made only of initials
        let a_initials = tokens[a.tokens.clone()].iter().all(|t| is_initial(text, t));
        if a_initials && b.label == Label::Per {
            return Some(Label::Per);
        }
        // `John F` + `Kennedy`, `George` + `W Bush`: a middle initial at the
        // cut, with a name on either side of it, when one part is a person
        let last_a = tokens.get(a.tokens.end.checked_sub(1)?)?;
        let cut_at_initial = (a.tokens.len() >= 2 && is_middle_initial(text, last_a))
            || (b.tokens.len() >= 2 && is_middle_initial(text, &tokens[b.tokens.start]));
        return (cut_at_initial && names.contains(&Label::Per)).then_some(Label::Per);
    }
    // `George` + `W` + `Bush`: a middle initial the tagger left out
    if gap.len() == 1 && is_middle_initial(text, &gap[0]) && names.contains(&Label::Per) {
        return Some(Label::Per);
    }
    let particles = gap.len() <= 2
        && gap
            .iter()
            .all(|t| NAME_PARTICLES.contains(&t.norm) && !t.is_capitalized(text));
    // `Ursula` + `von der` + `Leyen`: a person's particles make a person,
    // whatever the tagger called the parts; other particles (`de`) do when
    // one part is a person already (`Rio de Janeiro` stays a place); a
    // second particle after a person's (`van der`) is any of the name's
    let persons = gap
        .first()
        .is_some_and(|t| PERSON_PARTICLES.contains(&t.norm));
    if particles && (persons || names.contains(&Label::Per)) {
        return Some(Label::Per);
    }
    if gap.len() == 1 && gap[0].text(text) == "&" {
        return Some(Label::Org);
    }
    let last_a = tokens.get(a.tokens.end.checked_sub(1)?)?;
    if gap.len() == 1
        && gap[0].norm == "of"
        && a.label == Label::Org
        && ORG_HEADS.contains(&last_a.norm)
        && b.label != Label::Per
    {
        return Some(Label::Org);
    }
    None
}

/// Longest run of capitalized words before a number that
/// [`join_across_numbers`] takes into a name, in tokens.
const MAX_NUMBER_PREFIX: usize = 3;

/// A number inside a name (`TFC 101 Tower`, `Apollo 11 Mission`): the tagger
/// reads the number as the end of one name and types what follows alone,
/// often as a person (`Tower`). When capitalized words, a number and a name
/// draft follow one another, and the article also names the words and the
/// draft without the number (`the TFC Tower`), the three are one name, with
/// the type that shorter name has.
pub(super) fn join_across_numbers(text: &str, tokens: &[Token], drafts: &mut Vec<Draft>) {
    let key = |r: std::ops::Range<usize>| words_key(tokens, r);
    let mut known: crate::extract::FxMap<String, Label> = crate::extract::FxMap::default();
    for d in drafts
        .iter()
        .filter(|d| d.sub.is_none() && d.tokens.len() >= 2)
    {
        known.entry(key(d.tokens.clone())).or_insert(d.label);
    }
    if known.is_empty() {
        return;
    }
    let word = |k: usize| {
        tokens
            .get(k)
            .is_some_and(|t| t.kind == TokenKind::Word && t.is_capitalized(text))
    };
    let mut absorbed: Vec<std::ops::Range<usize>> = Vec::new();
    for d in drafts.iter_mut() {
        let s = d.tokens.start;
        if d.sub.is_some() || s < 2 || !is_number(text, &tokens[s - 1]) {
            continue;
        }
        for n in 1..=MAX_NUMBER_PREFIX.min(s - 1) {
            let from = s - 1 - n;
            if !(from..s - 1).all(word) {
                break;
            }
            let mut k = key(from..s - 1);
            k.push(' ');
            k.push_str(&key(d.tokens.clone()));
            if let Some(&label) = known.get(&k) {
                absorbed.push(from..s);
                d.tokens.start = from;
                d.set_label_by_rule(label);
                break;
            }
        }
    }
    if !absorbed.is_empty() {
        // drafts inside the taken words and number are part of the name now
        drafts.retain(|d| {
            !absorbed
                .iter()
                .any(|r| r.start <= d.tokens.start && d.tokens.end <= r.end)
        });
    }
}

/// Longest number a name may end in, in digits (`Hot 100`, `Euro 2004`).
const MAX_TRAILING_DIGITS: usize = 4;

/// Words after a number that make it a quantity, not the end of a name
/// (`Chelsea 25 points`, `Tesco 5 million`).
static QUANTITY_WORDS: WordSet = WordSet::from_lines(include_str!("data/quantity_words.txt"));

/// A number that ends a name (`BBC Radio 4`, `Half-Life 2`, `Hot 100`,
/// `Commodore 64`, `FTSE 100`, `Euro 2004`): the tagger, trained on text
/// where numbers are rarely inside names, stops the name before it. An
/// organisation's or other name (not a person's or a place's: `Sweden 1`,
/// `Germany 2006`), followed by one space and a number of at most four
/// digits, takes the number in when the article shows that the number
/// belongs to the name: the same name and number appear at least twice, or
/// the name never appears without that number (and is not bracketed with
/// it, as a substitute and the minute are on a team sheet: `(Wyness 82)`).
/// It does not when the number is a quantity or a score: a letter, digit,
/// `-`, `/`, `:`, `.`, `,` or `%` right after it (`10,000m`, `2-1`, `9/11`),
/// a dash and a number after it (`1 – 0`), a quantity word after it
/// (`data/quantity_words.txt`), a number right before the name, or a name
/// and a number after it (`Arsenal 2 Chelsea 1`); nor when a title-case
/// word follows, as the name goes on (`BBC 6 Music`). A one-word name the
/// tagger took for a person's takes a number of at most three digits only
/// when the two appear together at least twice, and is then a product
/// (`Xbox 2`, `Xbox 2`): no person is written with the same number again
/// and again.
pub(super) fn take_trailing_numbers(text: &str, tokens: &[Token], drafts: &mut [Draft]) {
    let number_at = |k: usize| -> bool {
        tokens.get(k).is_some_and(|t| {
            let s = t.text(text);
            is_number(text, t) && s.len() <= MAX_TRAILING_DIGITS
        })
    };
    // a single space between tokens `a` and `a + 1`
    let spaced = |a: usize| -> bool {
        match (tokens.get(a), tokens.get(a + 1)) {
            (Some(x), Some(y)) => text.get(x.end..y.start) == Some(" "),
            _ => false,
        }
    };
    // per token: the end of the draft starting there, and whether a draft
    // covers it (linear in the drafts' tokens, for any number of drafts)
    let mut end_from: Vec<Option<usize>> = vec![None; tokens.len()];
    let mut covered = vec![false; tokens.len()];
    for d in drafts.iter() {
        if d.sub.is_none() {
            if let Some(e) = end_from.get_mut(d.tokens.start) {
                *e = Some(d.tokens.end);
            }
        }
        for k in d.tokens.clone() {
            if let Some(c) = covered.get_mut(k) {
                *c = true;
            }
        }
    }
    let in_draft = |k: usize| covered.get(k).copied().unwrap_or(false);
    // which drafts may take the number after them
    let mut candidate: Vec<Option<(&str, bool)>> = Vec::with_capacity(drafts.len());
    for d in drafts.iter() {
        let n = d.tokens.end;
        let person = d.label == Label::Per
            && d.tokens.len() == 1
            && tokens
                .get(n)
                .is_some_and(|t| t.text(text).len() <= MAX_MODEL_DIGITS);
        let ok = d.sub.is_none()
            && (matches!(d.label, Label::Org | Label::Misc) || person)
            && !d.tokens.is_empty()
            && number_at(n)
            && spaced(n - 1)
            && !in_draft(n)
            && !quantity_after(text, tokens, n)
            // a capitalized word after the number: the name goes on past it
            // (`BBC 6 Music`, `RBS 6 Nations`), `join_across_numbers`' case
            && !(spaced(n) && tokens.get(n + 1).is_some_and(|u| title_case(text, u)))
            // a number before the name: a score (`2 Chelsea 1`)
            && !(d.tokens.start > 0 && number_at(d.tokens.start - 1) && spaced(d.tokens.start - 1))
            // a name and a number after it: a score (`Arsenal 2 Chelsea 1`)
            && !(spaced(n)
                && end_from
                    .get(n + 1)
                    .copied()
                    .flatten()
                    .is_some_and(|end| number_at(end) && spaced(end - 1)));
        // `(Name 82)`: in a team sheet, a substitute and the minute
        let bracketed = d.tokens.start > 0
            && tokens[d.tokens.start - 1].text(text) == "("
            && tokens.get(n + 1).is_some_and(|u| u.text(text) == ")");
        candidate.push(ok.then(|| (tokens[n].text(text), bracketed || person)));
    }
    if candidate.iter().all(Option::is_none) {
        return;
    }
    // how often each name appears with each number (`name\u{1}number`),
    // and without one; how many numbers each name has
    let keys: Vec<String> = drafts
        .iter()
        .map(|d| words_key(tokens, d.tokens.clone()))
        .collect();
    let pair = |k: &str, num: &str| format!("{k}\u{1}{num}");
    let mut with: crate::extract::FxMap<String, usize> = crate::extract::FxMap::default();
    let mut without: crate::extract::FxMap<String, usize> = crate::extract::FxMap::default();
    let mut numbers_of: crate::extract::FxMap<String, usize> = crate::extract::FxMap::default();
    for (k, c) in keys.iter().zip(&candidate) {
        match c {
            Some((num, _)) => {
                let n = with.entry(pair(k, num)).or_insert(0);
                if *n == 0 {
                    *numbers_of.entry(k.clone()).or_insert(0) += 1;
                }
                *n += 1;
            }
            None => *without.entry(k.clone()).or_insert(0) += 1,
        }
    }
    let take: Vec<bool> = keys
        .iter()
        .zip(&candidate)
        .map(|(k, c)| {
            c.is_some_and(|(num, bracketed)| {
                let same = with.get(&pair(k, num)).copied().unwrap_or(0);
                same >= 2
                    || (!bracketed && !without.contains_key(k) && numbers_of.get(k) == Some(&1))
            })
        })
        .collect();
    for (d, t) in drafts.iter_mut().zip(take) {
        if t {
            d.tokens.end += 1;
            if d.label == Label::Per {
                d.set_label_by_rule(Label::Misc);
            }
        }
    }
}

/// Whether the number at token `n` reads as a quantity: a letter, a digit or
/// one of `-/:.,%` right after it, a score or range after it (`1 – 0`,
/// spaces or not), another number after it, or a quantity word after it.
fn quantity_after(text: &str, tokens: &[Token], n: usize) -> bool {
    let Some(t) = tokens.get(n) else {
        return true;
    };
    let rest = text.get(t.end..).unwrap_or("");
    let mut chars = rest.chars();
    match chars.next() {
        Some('%') => return true,
        Some(c) if c.is_alphanumeric() => return true,
        Some('-' | '\u{2013}' | '\u{2014}' | '/' | ':' | '.' | ',')
            if chars.next().is_some_and(|c| c.is_alphanumeric()) =>
        {
            return true
        }
        _ => {}
    }
    // a score or a range written with spaces: `1 – 0`, `3 - 2`, `10 : 4`
    let after = rest.trim_start_matches(' ');
    if let Some(r) = after.strip_prefix(['-', '\u{2013}', '\u{2014}', ':', '/']) {
        if r.trim_start_matches(' ')
            .starts_with(|c: char| c.is_ascii_digit())
        {
            return true;
        }
    }
    if after.starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    tokens
        .get(n + 1)
        .is_some_and(|u| text.get(t.end..u.start) == Some(" ") && QUANTITY_WORDS.contains(&u.norm))
}

/// Whether token `t` is a word in title case (`Music`, not `DJ` or `said`).
fn title_case(text: &str, t: &Token) -> bool {
    let s = t.text(text);
    t.kind == TokenKind::Word
        && s.starts_with(|c: char| c.is_uppercase())
        && s.chars().skip(1).any(|c| c.is_lowercase())
}

/// Longest number that makes a product's name (`PlayStation 3`, `Boeing
/// 757`), in digits: a year (`Euro 2004`) names an event.
const MAX_MODEL_DIGITS: usize = 3;

/// An organisation's name ending in a number is a product, a work or a
/// model (`PlayStation 2`, `Half-Life 2`, `Doom 3`, `Boeing 757`): the
/// tagger, which learned companies, types it by its maker's word or by its
/// shape. Such a draft becomes miscellaneous, as CoNLL-2003 types products,
/// unless a word of the name or the word before it keeps it an organisation
/// (`data/numbered_org_words.txt`: `BBC Radio 4`, `Channel 4`, `US band
/// Maroon 5`). Runs after [`take_trailing_numbers`], which brings the
/// number into the name.
pub(super) fn numbered_products(text: &str, tokens: &[Token], drafts: &mut [Draft]) {
    for d in drafts.iter_mut() {
        if d.label != Label::Org || d.sub.is_some() || d.tokens.len() < 2 {
            continue;
        }
        let Some(last) = tokens.get(d.tokens.end - 1) else {
            continue;
        };
        if !is_number(text, last) || last.text(text).len() > MAX_MODEL_DIGITS {
            continue;
        }
        let kept = d
            .tokens
            .start
            .checked_sub(1)
            .into_iter()
            .chain(d.tokens.clone())
            .any(|k| {
                // the word, or a part of it (`ex-BBC`)
                tokens
                    .get(k)
                    .is_some_and(|t| t.norm.split('-').any(|p| NUMBERED_ORG_WORDS.contains(p)))
            });
        if !kept {
            d.set_label_by_rule(Label::Misc);
        }
    }
}

/// A product's name followed by the lower-case word of a model in its line
/// (`Mac mini`, `iPod nano`, `iPod shuffle`: `data/product_variants.txt`)
/// takes the word in and is a product, MISC: the tagger, and the cut at
/// lower-case words ([`super::lowercase`]), leave `Mac` alone. Only after a
/// name that is not a person's or a place's, with one space between.
pub(super) fn product_variants(text: &str, tokens: &[Token], drafts: &mut [Draft]) {
    for d in drafts.iter_mut() {
        if matches!(d.label, Label::Per | Label::Loc) || d.sub.is_some() {
            continue;
        }
        let (Some(last), Some(next)) = (
            d.tokens.end.checked_sub(1).and_then(|k| tokens.get(k)),
            tokens.get(d.tokens.end),
        ) else {
            continue;
        };
        let spaced = next.start == last.end + 1 && text.get(last.end..next.start) == Some(" ");
        if spaced
            && next.kind == TokenKind::Word
            && next.text(text) == next.norm.as_str()
            && PRODUCT_VARIANTS.contains(&next.norm)
        {
            d.tokens.end += 1;
            d.set_label_by_rule(Label::Misc);
        }
    }
}

/// Whether a word (folded) ends the names of bodies, organisations, places,
/// things named after people or laws (`council`, `university`, `stadium`,
/// `airport`, `act`): a name that ends in one is no person's by its shape.
pub(super) fn is_head_word(folded: &str) -> bool {
    [
        &ORG_HEADS,
        &BODY_HEADS,
        &PLACE_HEADS,
        &NAMED_AFTER,
        &LAW_HEADS,
    ]
    .iter()
    .any(|set| set.contains(folded))
}

/// Whether token `t` is written in digits only (`101`, `11`).
fn is_number(text: &str, t: &Token) -> bool {
    let s = t.text(text);
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// A name with a middle initial inside it (`George W Bush`, `John F.
/// Kennedy`) is a person's, whatever type the tagger gave it, unless it
/// ends in an organisation's head word or names a place or prize after the
/// person (`John F Kennedy Airport`).
pub(super) fn people_with_middle_initials(text: &str, tokens: &[Token], drafts: &mut [Draft]) {
    for d in drafts.iter_mut() {
        if d.label == Label::Per || d.sub.is_some() || d.tokens.len() < 3 {
            continue;
        }
        let Some(span) = tokens.get(d.tokens.clone()) else {
            continue;
        };
        let n = span.len();
        let initial_inside = (1..n - 1).any(|i| {
            is_middle_initial(text, &span[i])
                && span[i - 1].kind == TokenKind::Word
                && span[i - 1].is_capitalized(text)
                && span[i + 1].is_capitalized(text)
        });
        let last = &span[n - 1];
        let named_after = ORG_HEADS.contains(&last.norm) || NAMED_AFTER.contains(&last.norm);
        if initial_inside && last.kind == TokenKind::Word && !named_after {
            d.set_label_by_rule(Label::Per);
        }
    }
}

/// The name drafts of two words or more, outside hyphenated words, whose
/// label `from` accepts and whose last word is capitalized and in `heads`
/// (`keep` may still refuse a label and last word), take the label `to`:
/// the rules below, which type a name by the word it ends in.
fn relabel_by_last_word(
    text: &str,
    tokens: &[Token],
    drafts: &mut [Draft],
    from: impl Fn(Label) -> bool,
    heads: &WordSet,
    keep: impl Fn(Label, &str) -> bool,
    to: Label,
) {
    for d in drafts.iter_mut() {
        if !from(d.label) || d.sub.is_some() || d.tokens.len() < 2 {
            continue;
        }
        let Some(last) = d.tokens.end.checked_sub(1).and_then(|i| tokens.get(i)) else {
            continue;
        };
        if last.kind == TokenKind::Word
            && last.is_capitalized(text)
            && heads.contains(&last.norm)
            && !keep(d.label, &last.norm)
        {
            d.set_label_by_rule(to);
        }
    }
}

/// A name the tagger typed as a person's that ends in a capitalized
/// street's or venue's word (`Lansdowne Road`, `Wembley Stadium`;
/// `data/place_heads.txt`: words that are also surnames, `Park`, `Hall`,
/// `Lane`, are left out) is a place. Two words at least.
pub(super) fn places_named_like_people(text: &str, tokens: &[Token], drafts: &mut [Draft]) {
    let person = |l: Label| l == Label::Per;
    relabel_by_last_word(
        text,
        tokens,
        drafts,
        person,
        &PLACE_HEADS,
        |_, _| false,
        Label::Loc,
    );
}

/// A name of two words or more that ends in a capitalized law's or
/// treaty's word (`Freedom of Information Act`, `Lusaka Agreement`;
/// `data/law_heads.txt`) is MISC, as CoNLL types laws, whatever the tagger
/// made of the words before. A person's name keeps a last `Bill`.
pub(super) fn laws_are_misc(text: &str, tokens: &[Token], drafts: &mut [Draft]) {
    let not_misc = |l: Label| l != Label::Misc;
    let person_bill = |l: Label, w: &str| l == Label::Per && w == "bill";
    relabel_by_last_word(
        text,
        tokens,
        drafts,
        not_misc,
        &LAW_HEADS,
        person_bill,
        Label::Misc,
    );
}

/// A court case (`Roe v. Wade`, `Obergefell v. Hodges`: a capitalized name
/// on each side of `v.` inside one name) is MISC, whatever the tagger made
/// of it (`Roe v. Wade` was a person). Only `v.` with its full stop, as
/// cases are cited: fixtures are written `Scotland v England`, and the
/// tagger types each team apart.
pub(super) fn court_cases_are_misc(text: &str, tokens: &[Token], drafts: &mut [Draft]) {
    for d in drafts
        .iter_mut()
        .filter(|d| d.sub.is_none() && d.label != Label::Misc)
    {
        let (s, e) = (d.tokens.start, d.tokens.end);
        let versus = (s + 1..e.saturating_sub(1)).any(|i| {
            let Some(t) = tokens.get(i) else { return false };
            let dotted =
                text.get(t.start..t.end.saturating_add(1)) == Some("v.") || t.text(text) == "v.";
            let capital = |k: usize| tokens.get(k).is_some_and(|t| t.is_capitalized(text));
            dotted && capital(i - 1) && (capital(i + 1) || capital(i + 2))
        });
        if versus {
            d.set_label_by_rule(Label::Misc);
        }
    }
}

/// A name of two words or more that ends in a capitalized word saying it
/// is a body of people (`Respect Coalition`, `Lawn Tennis Association`,
/// `Morehouse College`; `data/body_heads.txt`) is an organisation, whatever
/// type the tagger gave it: no person's or place's name ends so (`Cato
/// Institute` and `Morehouse College` were people, `Strathclyde University`
/// a place), except a person's last `Post` (`Marjorie Merriweather Post`).
/// A MISC name that has that word before its first `of`, `for`, `to`,
/// `against` or `on` (`Committee to Protect Bloggers`, `Council of
/// Europe`, `Institute for Fiscal Studies`) is an organisation too.
pub(super) fn bodies_are_organisations(text: &str, tokens: &[Token], drafts: &mut [Draft]) {
    let not_org = |l: Label| matches!(l, Label::Misc | Label::Per | Label::Loc);
    let surname = |l: Label, w: &str| l == Label::Per && w == "post";
    relabel_by_last_word(
        text,
        tokens,
        drafts,
        not_org,
        &BODY_HEADS,
        surname,
        Label::Org,
    );
    for d in drafts.iter_mut() {
        if d.label != Label::Misc || d.sub.is_some() {
            continue;
        }
        let at = |k: usize| tokens.get(d.tokens.start + k);
        let head = body_head_position(
            d.tokens.len(),
            |k| at(k).is_some_and(|t| is_connector(t.text(text))),
            |k| {
                at(k).is_some_and(|h| {
                    h.kind == TokenKind::Word
                        && h.is_capitalized(text)
                        && BODY_HEADS.contains(&h.norm)
                })
            },
        );
        if head.is_some() {
            d.set_label_by_rule(Label::Org);
        }
    }
}

/// Where a name of `n` words has a body's word (`head`) just before its
/// first connector (`connector`) after its first word and before its last:
/// `Committee` in `Committee to Protect Bloggers`.
fn body_head_position(
    n: usize,
    connector: impl Fn(usize) -> bool,
    head: impl Fn(usize) -> bool,
) -> Option<usize> {
    let k = (1..n.saturating_sub(1)).find(|&k| connector(k))?;
    head(k - 1).then_some(k - 1)
}

/// The words that join a body's name to what it is of or for (`Council of
/// Europe`, `Committee to Protect Bloggers`).
fn is_connector(word: &str) -> bool {
    matches!(word, "of" | "for" | "to" | "against" | "on")
}

/// The body's word (`data/body_heads.txt`) just before the first connector
/// of a name of three words or more (folded words): `committee` of
/// `Committee to Protect Bloggers`, `council` of `Council of Europe`.
pub(super) fn body_head_before_connector(full: &[String]) -> Option<&str> {
    let word = |k: usize| full.get(k).map_or("", String::as_str);
    body_head_position(
        full.len(),
        |k| is_connector(word(k)),
        |k| BODY_HEADS.contains(word(k)),
    )
    .map(word)
}

/// Whether a folded word is one of the post-nominal letters (`mp`, `qc`).
pub(super) fn is_post_nominal_norm(norm: &str) -> bool {
    POST_NOMINALS.contains(norm)
}

/// Whether token `t` is written as a post-nominal (`MP`, `QC`, `PhD`):
/// listed, and in capitals (so the words `mp3` or `Kc` are not).
fn is_post_nominal(text: &str, t: &Token) -> bool {
    let s = t.text(text);
    POST_NOMINALS.contains(&t.norm) && (s == "PhD" || s.chars().all(|c| c.is_ascii_uppercase()))
}

/// A name followed, inside its draft, by post-nominal letters (`Peter
/// Ainsworth MP`, `Guy Mansfield QC`, which the tagger may take for an
/// organisation) is a person's name: the letters are cut off and kept as
/// the draft's role when it has none. At least one capitalized word must be
/// left before them. Members' letters (`MP`) also follow parties (`Labour
/// MP`): they make a person only of a draft the tagger already called one.
pub(super) fn split_post_nominals(text: &str, tokens: &[Token], drafts: &mut [Draft]) {
    for d in drafts.iter_mut() {
        if d.sub.is_some() {
            continue;
        }
        let mut end = d.tokens.end;
        while end > d.tokens.start + 1
            && tokens
                .get(end - 1)
                .is_some_and(|t| is_post_nominal(text, t))
        {
            end -= 1;
        }
        if end == d.tokens.end || !tokens[end - 1].is_capitalized(text) {
            continue;
        }
        // a member's letters follow parties too (`Labour MP`, `Tory MP`): a
        // name the tagger did not call a person becomes one only by honours
        // and degrees (`QC`, `OBE`), after a name of two words or more
        let member = tokens[end..d.tokens.end]
            .iter()
            .any(|t| matches!(t.norm.as_str(), "mp" | "mep" | "msp" | "mla"));
        if d.label != Label::Per && (member || end - d.tokens.start < 2) {
            continue;
        }
        if d.role.is_none() {
            let s = tokens[end].start;
            let e = tokens[d.tokens.end - 1].end;
            d.role = text.get(s..e).map(str::to_string);
        }
        d.tokens.end = end;
        if d.label != Label::Per {
            d.set_label_by_rule(Label::Per);
        }
    }
}

/// Whether `s` is written as a party-and-state label: `D`, `R` or `I`, a
/// hyphen, then a capital and at most ten more letters or dots (`D-Wis`,
/// `R-N.Y.`, `R-OH`, `I-Vt`).
pub(super) fn is_party_label(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 3
        && b.len() <= 13
        && matches!(b[0], b'D' | b'R' | b'I')
        && b[1] == b'-'
        && b[2].is_ascii_uppercase()
        && b[3..].iter().all(|c| c.is_ascii_alphabetic() || *c == b'.')
}

/// Drafts that are a party-and-state label right after a name, in
/// parentheses or between commas (`Rep. Gwen Moore (D-Wis.) said`, `Mitch
/// McConnell, R-Ky., said`), are dropped: the tagger takes `D-Wis` for a
/// place or a person, but it says which party and state the person before it
/// represents (the state alone becomes a place later,
/// `abbreviations::states_in_party_labels`).
pub(super) fn drop_party_labels(text: &str, tokens: &[Token], drafts: &mut Vec<Draft>) {
    drafts.retain(|d| {
        let a = d.tokens.start;
        if d.sub.is_some() || a < 2 {
            return true;
        }
        let r = d.bytes(tokens);
        let Some(s) = text.get(r) else {
            return true;
        };
        let opened = matches!(tokens[a - 1].text(text), "(" | ",");
        let after_name =
            tokens[a - 2].kind == TokenKind::Word && tokens[a - 2].is_capitalized(text);
        !(is_party_label(s) && opened && after_name)
    });
}

/// Drafts that are one acronym of a common noun (`PC sales`, `ID cards`,
/// `AI tools`, `two Labour MPs`; `data/common_acronyms.txt`), written in
/// capitals with an optional plural `s`, are dropped: the tagger types them
/// as organisations because capitals look like `BBC` or `IBM`. Longer names
/// that hold one (`BBC TV`, `PC World`) are kept.
pub(super) fn drop_common_acronyms(text: &str, tokens: &[Token], drafts: &mut Vec<Draft>) {
    drafts.retain(|d| {
        if d.sub.is_some() || d.tokens.len() != 1 {
            return true;
        }
        let Some(t) = tokens.get(d.tokens.start) else {
            return true;
        };
        let s = t.text(text);
        let stem = s.strip_suffix('s').unwrap_or(s);
        let capitals = stem.len() >= 2
            && stem
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        !(capitals && COMMON_ACRONYMS.contains(&t.norm))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn party_labels_are_told_by_their_shape() {
        for s in ["D-Wis", "R-N.Y.", "R-OH", "I-Vt", "D-Calif."] {
            assert!(is_party_label(s), "{s}");
        }
        for s in [
            "Coca-Cola",
            "D-",
            "R-2",
            "A-Rod",
            "D-day",
            "Rolls-Royce",
            "I-95",
        ] {
            assert!(!is_party_label(s), "{s}");
        }
    }

    #[test]
    fn a_body_is_named_by_its_word_before_a_connector() {
        let words = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        for (name, head) in [
            ("committee to protect bloggers", Some("committee")),
            ("council of europe", Some("council")),
            ("royal institute of british architects", Some("institute")),
            ("battle of hastings", None),
            ("bank of england", None),
            ("committee of", None),
        ] {
            assert_eq!(body_head_before_connector(&words(name)), head, "{name}");
        }
    }

    #[test]
    fn word_lists_load_from_their_data_files() {
        assert!(POST_NOMINALS.contains("qc") && POST_NOMINALS.len() == 13);
        assert!(NAMED_AFTER.contains("airport") && NAMED_AFTER.len() == 20);
        assert!(PLACE_HEADS.contains("road") && !PLACE_HEADS.contains("lane"));
        assert!(COMMON_ACRONYMS.contains("pcs") && !COMMON_ACRONYMS.contains("bbc"));
        assert!(PERSON_PARTICLES.contains("von") && !PERSON_PARTICLES.contains("de"));
        assert!(POST_NOMINALS
            .iter()
            .chain(NAMED_AFTER.iter())
            .all(|w| !w.starts_with('#')));
    }
}
