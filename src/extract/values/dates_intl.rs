//! Dates in French, German and Spanish, tried before the English patterns
//! when the article is in one of those languages ([`ValueLang`]):
//! - [`day_month`] — `14 mars 2024`, `le 1er janvier`, `14. März 2024`,
//!   `14 de marzo de 2024`, `3 janvier` (the year of the article's date);
//! - [`month_year`] — `mars 2024`, `im März`, `en marzo de 2024` (the month);
//! - [`weekday`] — `jeudi`, `lundi dernier`, `am Mittwoch`, `nächsten
//!   Montag`, `el lunes`, `el próximo viernes`, `el lunes pasado` (a bare
//!   weekday is the last one, as in English, or the coming one when the
//!   sentence speaks of the future);
//! - [`deictic`] — `aujourd'hui`, `hier`, `demain`, `heute`, `gestern`,
//!   `morgen`, `hoy`, `ayer`, `mañana`;
//! - [`year`] — `en 2024`, `seit 1998`, `desde 2004` (the whole year).
//!
//! French and Spanish write months and weekdays in lower case, German in
//! title case; a month or weekday written otherwise is left alone unless a
//! day number goes with it (`Julio` and `Domingo` are names too). Word lists
//! are `data/months_*.txt` and `data/weekdays_*.txt`.

use super::dates::{day_in, day_of, month_range, year_of, year_range};
use super::table::{self, Table};
use super::{Ctx, Match, Value, ValueLang, Ymd};

static MONTHS_FR: Table<u32> = Table::new(include_str!("data/months_fr.txt"), table::index);
static MONTHS_DE: Table<u32> = Table::new(include_str!("data/months_de.txt"), table::index);
static MONTHS_ES: Table<u32> = Table::new(include_str!("data/months_es.txt"), table::index);
static WEEKDAYS_FR: Table<u32> = Table::new(include_str!("data/weekdays_fr.txt"), table::index);
static WEEKDAYS_DE: Table<u32> = Table::new(include_str!("data/weekdays_de.txt"), table::index);
static WEEKDAYS_ES: Table<u32> = Table::new(include_str!("data/weekdays_es.txt"), table::index);

/// The patterns, in the order they are tried.
const PATTERNS: [fn(&Ctx, usize) -> Option<Match>; 5] =
    [day_month, month_year, weekday, deictic, year];

/// Tries the patterns of the context's language at token `i`.
pub(super) fn match_date(c: &Ctx, i: usize) -> Option<Match> {
    if c.lang == ValueLang::En {
        return None;
    }
    PATTERNS.iter().find_map(|p| p(c, i))
}

/// The month a word names in the context's language (`mars.` → 3).
fn month_of(c: &Ctx, w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.');
    match c.lang {
        ValueLang::Fr => MONTHS_FR.get(w),
        ValueLang::De => MONTHS_DE.get(w),
        ValueLang::Es => MONTHS_ES.get(w),
        ValueLang::En => None,
    }
}

/// The weekday a word names in the context's language (0 = Monday).
fn weekday_of(c: &Ctx, w: &str) -> Option<u32> {
    match c.lang {
        ValueLang::Fr => WEEKDAYS_FR.get(w),
        ValueLang::De => WEEKDAYS_DE.get(w),
        ValueLang::Es => WEEKDAYS_ES.get(w),
        ValueLang::En => None,
    }
}

/// True when token `i` is written as the language writes month and weekday
/// names: title case in German, lower case in French and Spanish.
fn cased(c: &Ctx, i: usize) -> bool {
    match c.lang {
        ValueLang::De => c.is_cap(i),
        _ => !c.is_cap(i),
    }
}

/// A day number in these languages: `14`, `1er` / `1re` (French), `1º`
/// (Spanish), `14.` (German, one token or two); returns the day and the
/// token after it.
fn day_at(c: &Ctx, i: usize) -> Option<(u32, usize)> {
    let raw = c.raw(i);
    let w = c.norm(i);
    let core = w
        .strip_suffix("er")
        .or_else(|| w.strip_suffix("re"))
        .or_else(|| w.strip_suffix('º'))
        .or_else(|| w.strip_suffix("o"))
        .or_else(|| w.strip_suffix('.'))
        .unwrap_or(w);
    if core.is_empty()
        || !core.chars().all(|ch| ch.is_ascii_digit())
        || !raw.starts_with(|ch: char| ch.is_ascii_digit())
    {
        return None;
    }
    let d = day_of(core)?;
    // `14 .` (German ordinal dot as its own token, right after the number)
    let next = if c.lang == ValueLang::De && c.norm(i + 1) == "." && c.tight(i) {
        i + 2
    } else {
        i + 1
    };
    Some((d, next))
}

/// Day month [year]: `14 mars 2024`, `14. März 2024`, `14 de marzo de 2024`.
fn day_month(c: &Ctx, i: usize) -> Option<Match> {
    let (d, mut j) = day_at(c, i)?;
    if c.lang == ValueLang::Es && c.norm(j) == "de" {
        j += 1;
    }
    let m = month_of(c, c.norm(j))?;
    j += 1;
    let mut k = j;
    if c.lang == ValueLang::Es && matches!(c.norm(k), "de" | "del") {
        k += 1;
    }
    let year = year_of(c.norm(k));
    let end = if year.is_some() { k + 1 } else { j };
    Some((end, day_in(year.or(c.anchor.map(|a| a.y)), m, d)))
}

/// Month [de] year, or a month alone after a preposition: `mars 2024`,
/// `im März`, `en marzo de 2024`.
fn month_year(c: &Ctx, i: usize) -> Option<Match> {
    let m = month_of(c, c.norm(i)).filter(|_| cased(c, i))?;
    let mut k = i + 1;
    if c.lang == ValueLang::Es && c.norm(k) == "de" {
        k += 1;
    }
    let year = year_of(c.norm(k));
    let prev = if i > 0 { c.norm(i - 1) } else { "" };
    let after_preposition = matches!(
        (c.lang, prev),
        (
            ValueLang::Fr,
            "en" | "depuis" | "fin" | "debut" | "mi" | "d'ici"
        ) | (
            ValueLang::De,
            "im" | "seit" | "bis" | "ende" | "anfang" | "mitte"
        ) | (
            ValueLang::Es,
            "en" | "desde" | "hasta" | "de" | "finales" | "principios"
        )
    );
    match year {
        Some(y) => Some((k + 1, month_range(y, m))),
        None if after_preposition => Some((i + 1, c.anchor.and_then(|a| month_range(a.y, m)))),
        None => None,
    }
}

/// Which way a weekday's modifier points: the last one, the next one, or
/// neither (the bare weekday).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dir {
    Last,
    Next,
    Bare,
}

/// A modifier word of a weekday (`dernier`, `nächsten`, `pasado`).
fn direction(lang: ValueLang, w: &str) -> Option<Dir> {
    match (lang, w) {
        (ValueLang::Fr, "dernier") => Some(Dir::Last),
        (ValueLang::Fr, "prochain") => Some(Dir::Next),
        (ValueLang::De, "letzten" | "vergangenen" | "letzter" | "vergangener") => Some(Dir::Last),
        (ValueLang::De, "nachsten" | "kommenden" | "nachster" | "kommender") => Some(Dir::Next),
        (ValueLang::Es, "pasado") => Some(Dir::Last),
        (ValueLang::Es, "proximo" | "que" | "viene") => Some(Dir::Next),
        _ => None,
    }
}

/// A weekday with its modifier, if any: `lundi dernier`, `nächsten Montag`,
/// `el próximo lunes`, `el lunes pasado`.
fn weekday(c: &Ctx, i: usize) -> Option<Match> {
    // a modifier before the weekday (German, Spanish)
    let (dir, wi) = match direction(c.lang, c.norm(i)) {
        Some(d) if c.lang != ValueLang::Fr && weekday_of(c, c.norm(i + 1)).is_some() => (d, i + 1),
        _ => (Dir::Bare, i),
    };
    let wd = weekday_of(c, c.norm(wi)).filter(|_| cased(c, wi))?;
    let mut end = wi + 1;
    let mut dir = dir;
    // a modifier after it (French, Spanish: `lundi dernier`, `el lunes pasado`)
    if dir == Dir::Bare && c.lang != ValueLang::De {
        if let Some(d) = direction(c.lang, c.norm(end)).filter(|_| c.norm(end) != "que") {
            dir = d;
            end += 1;
        } else if c.lang == ValueLang::Es && c.norm(end) == "que" && c.norm(end + 1) == "viene" {
            dir = Dir::Next;
            end += 2;
        }
    }
    let v = c.anchor.map(|a| {
        let aw = i64::from(a.weekday());
        let wd = i64::from(wd);
        let d = match dir {
            Dir::Next => a.add_days(if wd == aw { 7 } else { (wd - aw).rem_euclid(7) }),
            Dir::Last => a.add_days(-(if wd == aw { 7 } else { (aw - wd).rem_euclid(7) })),
            Dir::Bare if c.future => a.add_days((wd - aw).rem_euclid(7)),
            Dir::Bare => a.add_days(-((aw - wd).rem_euclid(7))),
        };
        day_value(d)
    });
    Some((end, v))
}

fn day_value(d: Ymd) -> Value {
    Value {
        date: Some(d.iso()),
        ..Value::default()
    }
}

/// Today, yesterday, tomorrow (lower case: `Morgen` is the German morning;
/// `la mañana` / `esta mañana` the Spanish one).
fn deictic(c: &Ctx, i: usize) -> Option<Match> {
    if c.is_cap(i) && c.lang != ValueLang::De {
        // sentence-initial `Hier`, `Hoy` are still the words
    } else if c.is_cap(i) {
        // German `Heute` / `Gestern` at the start of a sentence; never `Morgen`
        if c.norm(i) == "morgen" {
            return None;
        }
    }
    let prev = if i > 0 { c.norm(i - 1) } else { "" };
    let w = c.norm(i);
    let (offset, len) = match (c.lang, w) {
        (ValueLang::Fr, "aujourd'hui") => (0, 1),
        (ValueLang::Fr, "aujourd") if c.norm(i + 1) == "'hui" || c.norm(i + 1) == "hui" => (0, 2),
        (ValueLang::Fr, "hier") => (-1, 1),
        (ValueLang::Fr, "avant-hier") => (-2, 1),
        (ValueLang::Fr, "demain") => (1, 1),
        (ValueLang::Fr, "apres-demain") => (2, 1),
        (ValueLang::De, "heute") => (0, 1),
        (ValueLang::De, "gestern") => (-1, 1),
        (ValueLang::De, "vorgestern") => (-2, 1),
        (ValueLang::De, "morgen")
            if !matches!(prev, "heute" | "gestern" | "am" | "den" | "jeden") =>
        {
            (1, 1)
        }
        (ValueLang::De, "ubermorgen") => (2, 1),
        (ValueLang::Es, "hoy") => (0, 1),
        (ValueLang::Es, "ayer") => (-1, 1),
        (ValueLang::Es, "anteayer") => (-2, 1),
        (ValueLang::Es, "manana")
            if !c.is_cap(i) && !matches!(prev, "la" | "esta" | "cada" | "una" | "por" | "de") =>
        {
            (1, 1)
        }
        _ => return None,
    };
    Some((i + len, c.anchor.map(|a| day_value(a.add_days(offset)))))
}

/// A year after a preposition of the language (`en 2024`, `seit 1998`,
/// `desde 2004`): the whole year.
fn year(c: &Ctx, i: usize) -> Option<Match> {
    let y = year_of(c.norm(i))?;
    let prev = if i > 0 { c.norm(i - 1) } else { "" };
    let cue = matches!(
        (c.lang, prev),
        (
            ValueLang::Fr,
            "en" | "depuis" | "des" | "avant" | "apres" | "jusqu'en"
        ) | (
            ValueLang::De,
            "im" | "seit" | "bis" | "vor" | "nach" | "jahr" | "ab"
        ) | (
            ValueLang::Es,
            "en" | "desde" | "hasta" | "antes" | "despues" | "ano"
        )
    );
    cue.then(|| (i + 1, year_range(y)))
}

/// German writes a day as an ordinal with a dot (`14. März`), which a
/// sentence splitter takes for a full stop: sentences that end in a day
/// number and its dot, followed by one that starts with a month name, are
/// joined again.
pub(super) fn join_ordinal_dots(
    tokens: &[crate::text::Token],
    sentences: &[std::ops::Range<usize>],
) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::with_capacity(sentences.len());
    for s in sentences {
        let joins = out.last().is_some_and(|prev| {
            let norm = |i: usize| tokens.get(i).map_or("", |t| t.norm.as_str());
            let day = |w: &str| day_of(w.trim_end_matches('.')).is_some();
            let ends_in_day = prev.end >= 2 && norm(prev.end - 1) == "." && day(norm(prev.end - 2))
                || prev.end >= 1 && norm(prev.end - 1).ends_with('.') && day(norm(prev.end - 1));
            prev.end == s.start
                && ends_in_day
                && MONTHS_DE.get(norm(s.start).trim_end_matches('.')).is_some()
        });
        match out.last_mut() {
            Some(prev) if joins => prev.end = s.end,
            _ => out.push(s.clone()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_read_whole() {
        assert_eq!(MONTHS_FR.check(), Ok(21));
        assert_eq!(MONTHS_DE.check(), Ok(26));
        assert_eq!(MONTHS_ES.check(), Ok(24));
        assert_eq!(WEEKDAYS_FR.check(), Ok(7));
        assert_eq!(WEEKDAYS_DE.check(), Ok(8));
        assert_eq!(WEEKDAYS_ES.check(), Ok(7));
    }
}
