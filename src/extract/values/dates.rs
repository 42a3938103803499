//! Dates: calendar dates, weekdays, relative days and periods, durations,
//! years and decades, resolved against the article's date when there is one.
//!
//! [`match_date`] tries one pattern function after another at a token; the
//! first that matches wins:
//! - [`iso_date`] — `2023-07-27`;
//! - [`month_first`] — `July 27`, `July 27, 2023`, `July 2023`, `July` (a
//!   month range; bare `May` is left to the verb);
//! - [`day_first`] — `27 July`, `27th July 2023`;
//! - [`weekday`] — `Thursday`, `last Friday`, `next Monday` (a bare weekday is
//!   the last one, or the coming one in a sentence about the future);
//! - [`deictic`] — `today`, `tonight`, `yesterday`, `tomorrow`;
//! - [`relative_period`] — `last week`, `this month`, `earlier this year`;
//! - [`ago_or_duration`] — `three months ago` (a day), `three months` (`P3M`);
//! - [`year`] — `in 2004`, `since 1998` (a year range; see `data/year_cues.txt`);
//! - [`decade`] — `the 1990s`.
//!
//! Without an article date, relative dates are found but get no value, and a
//! day with no year is written `--MM-DD`.

use super::numbers::{fmt_num, parse_plain_number, scale_of, small_number};
use super::table::{self, Table};
use super::{days_in_month, Ctx, Match, Value, Ymd};
use crate::extract::WordSet;
use crate::text::TokenKind;

/// Month names and abbreviations → month number.
static MONTHS: Table<u32> = Table::new(include_str!("data/months.txt"), table::index);
/// Weekday names → 0 (Monday) … 6 (Sunday).
static WEEKDAYS: Table<u32> = Table::new(include_str!("data/weekdays.txt"), table::index);
/// Duration units → (ISO 8601 designator, is a time part).
static DURATION_UNITS: Table<(char, bool)> =
    Table::new(include_str!("data/duration_units.txt"), designator);
/// Words before a four-digit number that make it a year.
static YEAR_CUES: WordSet = WordSet::from_lines(include_str!("data/year_cues.txt"));

/// The date patterns, in the order they are tried.
const PATTERNS: [fn(&Ctx, usize) -> Option<Match>; 9] = [
    iso_date,
    month_first,
    day_first,
    weekday,
    deictic,
    relative_period,
    ago_or_duration,
    year,
    decade,
];

/// Tries the date patterns at token `i`; returns (end token, value).
pub(super) fn match_date(c: &Ctx, i: usize) -> Option<Match> {
    PATTERNS.iter().find_map(|p| p(c, i))
}

/// Reads a duration designator: `D`, or `TH` for a time part.
fn designator(s: &str) -> Option<(char, bool)> {
    let (des, is_time) = match s.strip_prefix('T') {
        Some(d) => (d, true),
        None => (s, false),
    };
    let mut chars = des.chars();
    let d = chars.next()?;
    chars.next().is_none().then_some((d, is_time))
}

/// The month a word names (`sept.` → 9).
fn month_of(w: &str) -> Option<u32> {
    MONTHS.get(w.trim_end_matches('.'))
}

/// The weekday a word names, 0 = Monday.
fn weekday_of(w: &str) -> Option<u32> {
    WEEKDAYS.get(w)
}

/// A four-digit year, 1000–2999.
pub(super) fn year_of(s: &str) -> Option<i32> {
    if s.len() == 4 && s.chars().all(|c| c.is_ascii_digit()) {
        let y: i32 = s.parse().ok()?;
        (1000..=2999).contains(&y).then_some(y)
    } else {
        None
    }
}

/// A day of the month (`27`, `27th`).
pub(super) fn day_of(s: &str) -> Option<u32> {
    // a day starts with a digit: most words stop here, before any suffix
    // search (this runs on every token)
    if !s.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let mut s = s;
    for suffix in ["st", "nd", "rd", "th"] {
        while let Some(rest) = s.strip_suffix(suffix) {
            s = rest;
        }
    }
    if s.is_empty() || s.len() > 2 || !s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let d: u32 = s.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

/// A date range, first and last day.
fn range_value(a: Ymd, b: Ymd) -> Value {
    Value {
        start: Some(a.iso()),
        end: Some(b.iso()),
        ..Value::default()
    }
}

/// One day.
fn day_value(d: Ymd) -> Value {
    Value {
        date: Some(d.iso()),
        ..Value::default()
    }
}

/// Day `d` of month `m` in year `y`; `--MM-DD` when the year is unknown.
pub(super) fn day_in(y: Option<i32>, m: u32, d: u32) -> Option<Value> {
    match y {
        Some(y) => Ymd::new(y, m, d).map(day_value),
        None => Some(Value {
            date: Some(format!("--{m:02}-{d:02}")),
            ..Value::default()
        }),
    }
}

/// The whole of month `m` of year `y`.
pub(super) fn month_range(y: i32, m: u32) -> Option<Value> {
    let a = Ymd::new(y, m, 1)?;
    let b = Ymd::new(y, m, days_in_month(y, m))?;
    Some(range_value(a, b))
}

/// The whole of year `y`.
pub(super) fn year_range(y: i32) -> Option<Value> {
    Some(range_value(Ymd::new(y, 1, 1)?, Ymd::new(y, 12, 31)?))
}

/// Monday of the week holding `d`.
fn week_start(d: Ymd) -> Ymd {
    d.add_days(-i64::from(d.weekday()))
}

/// `2023-07-27` (one token).
fn iso_date(c: &Ctx, i: usize) -> Option<Match> {
    let w = c.norm(i);
    if c.tokens.get(i)?.kind != TokenKind::Number
        || w.len() != 10
        || w.as_bytes().get(4) != Some(&b'-')
    {
        return None;
    }
    Ymd::parse(w).map(|d| (i + 1, Some(day_value(d))))
}

/// Month [day][,] [year]: `July 27`, `July 27, 2023`, `July 2023`, `July`.
fn month_first(c: &Ctx, i: usize) -> Option<Match> {
    let w = c.norm(i);
    let m = month_of(w).filter(|_| c.is_cap(i))?;
    let mut j = i + 1;
    let mut day = None;
    if let Some(d) = day_of(c.norm(j)) {
        day = Some(d);
        j += 1;
    }
    let mut k = j;
    if c.norm(k) == "," {
        k += 1;
    }
    let year = year_of(c.norm(k));
    let end = if year.is_some() { k + 1 } else { j };
    // `May` alone is usually the verb
    if w == "may" && day.is_none() && year.is_none() {
        return None;
    }
    let y = year.or(c.anchor.map(|a| a.y));
    let v = match (day, y) {
        (Some(d), y) => day_in(y, m, d),
        (None, Some(y)) => month_range(y, m),
        (None, None) => None,
    };
    Some((end, v))
}

/// Day Month [year]: `27 July`, `27th July 2023`.
fn day_first(c: &Ctx, i: usize) -> Option<Match> {
    let d = day_of(c.norm(i))?;
    let m = month_of(c.norm(i + 1)).filter(|_| c.is_cap(i + 1))?;
    let year = year_of(c.norm(i + 2));
    let end = if year.is_some() { i + 3 } else { i + 2 };
    Some((end, day_in(year.or(c.anchor.map(|a| a.y)), m, d)))
}

/// A weekday, with `last` / `next` / `this` before it or not.
fn weekday(c: &Ctx, i: usize) -> Option<Match> {
    let w = c.norm(i);
    let (mod_word, wi) = match w {
        "last" | "next" | "this" if weekday_of(c.norm(i + 1)).is_some() => (w, i + 1),
        _ => ("", i),
    };
    let wd = weekday_of(c.norm(wi))?;
    let v = c.anchor.map(|a| {
        let aw = a.weekday() as i64;
        let wd = wd as i64;
        let d = match mod_word {
            "next" => a.add_days(if wd == aw { 7 } else { (wd - aw).rem_euclid(7) }),
            "last" => a.add_days(-(if wd == aw { 7 } else { (aw - wd).rem_euclid(7) })),
            _ if c.future => a.add_days((wd - aw).rem_euclid(7)),
            _ => a.add_days(-((aw - wd).rem_euclid(7))),
        };
        day_value(d)
    });
    Some((wi + 1, v))
}

/// `today`, `tonight`, `yesterday`, `tomorrow`.
fn deictic(c: &Ctx, i: usize) -> Option<Match> {
    let offset = match c.norm(i) {
        "today" | "tonight" => 0,
        "yesterday" => -1,
        "tomorrow" => 1,
        _ => return None,
    };
    Some((i + 1, c.anchor.map(|a| day_value(a.add_days(offset)))))
}

/// (earlier|later)? (last|next|this|past|coming) (week|month|year|weekend).
fn relative_period(c: &Ctx, i: usize) -> Option<Match> {
    let w = c.norm(i);
    let (qual, qi) = match w {
        "earlier" | "later" => (w, i + 1),
        _ => ("", i),
    };
    let rel = c.norm(qi);
    let unit = c.norm(qi + 1);
    if !matches!(rel, "last" | "next" | "this" | "past" | "coming")
        || !matches!(unit, "week" | "month" | "year" | "weekend")
    {
        return None;
    }
    let v = c.anchor.and_then(|a| {
        let off: i64 = match rel {
            "last" | "past" => -1,
            "next" | "coming" => 1,
            _ => 0,
        };
        let (s, e) = period(a, off, unit)?;
        let (s, e) = match (qual, off) {
            ("earlier", 0) => (s, a),
            ("later", 0) => (a, e),
            _ => (s, e),
        };
        Some(range_value(s, e))
    });
    Some((qi + 2, v))
}

/// First and last day of the `unit` (`week`, `weekend`, `month`, `year`)
/// `off` units from the one holding `a`.
fn period(a: Ymd, off: i64, unit: &str) -> Option<(Ymd, Ymd)> {
    Some(match unit {
        "week" => {
            let ws = week_start(a).add_days(7 * off);
            (ws, ws.add_days(6))
        }
        "weekend" => {
            let ws = week_start(a).add_days(7 * off + 5);
            (ws, ws.add_days(1))
        }
        "month" => {
            let mut y = a.y;
            let mut m = a.m as i64 + off;
            if m < 1 {
                m += 12;
                y -= 1;
            } else if m > 12 {
                m -= 12;
                y += 1;
            }
            (
                Ymd::new(y, m as u32, 1)?,
                Ymd::new(y, m as u32, days_in_month(y, m as u32))?,
            )
        }
        _ => {
            let y = a.y + off as i32;
            (Ymd::new(y, 1, 1)?, Ymd::new(y, 12, 31)?)
        }
    })
}

/// N (days|weeks|months|years) ago (a day); N units (a duration, `P3M`,
/// `PT2H`; hours, minutes and seconds only in whole numbers).
fn ago_or_duration(c: &Ctx, i: usize) -> Option<Match> {
    let w = c.norm(i);
    let mut n = parse_plain_number(w).or_else(|| small_number(w))?;
    let mut j = i + 1;
    if let Some(s) = scale_of(c.norm(j)).filter(|s| *s < 1e6) {
        n *= s;
        j += 1;
    }
    let (des, is_time) = DURATION_UNITS.get(c.norm(j))?;
    if c.norm(j + 1) == "ago" {
        let v = c.anchor.and_then(|a| {
            let days = match des {
                'D' => n,
                'W' => n * 7.0,
                'M' => n * 30.44,
                'Y' => n * 365.25,
                _ => return None,
            } as i64;
            Some(day_value(a.add_days(-days)))
        });
        if !is_time {
            return Some((j + 2, v));
        }
    }
    if is_time && n.fract() != 0.0 {
        return None;
    }
    let nn = fmt_num(n);
    let (des, mult) = match des {
        'X' => ('Y', 10.0),
        'C' => ('Y', 100.0),
        d => (d, 1.0),
    };
    let num = fmt_num(nn * mult);
    let dur = if is_time {
        format!("PT{num}{des}")
    } else {
        format!("P{num}{des}")
    };
    Some((
        j + 1,
        Some(Value {
            duration: Some(dur),
            ..Value::default()
        }),
    ))
}

/// A year after a cue word (`in 2004`) or at the start: the whole year.
fn year(c: &Ctx, i: usize) -> Option<Match> {
    let y = year_of(c.norm(i))?;
    let prev = if i > 0 { c.norm(i - 1) } else { "" };
    (YEAR_CUES.contains(prev) || i == 0).then(|| (i + 1, year_range(y)))
}

/// `1990s`: the ten years.
fn decade(c: &Ctx, i: usize) -> Option<Match> {
    let w = c.norm(i);
    if w.len() != 5 || !w.ends_with('s') {
        return None;
    }
    let y = year_of(w.get(..4)?).filter(|y| y % 10 == 0)?;
    let a = Ymd::new(y, 1, 1)?;
    let b = Ymd::new(y + 9, 12, 31)?;
    Some((i + 1, Some(range_value(a, b))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_read_whole() {
        assert_eq!(MONTHS.check(), Ok(24));
        assert_eq!(WEEKDAYS.check(), Ok(7));
        assert_eq!(DURATION_UNITS.check(), Ok(18));
        assert_eq!(month_of("sept."), Some(9));
        assert_eq!(DURATION_UNITS.get("hours"), Some(('H', true)));
        assert_eq!(DURATION_UNITS.get("months"), Some(('M', false)));
        assert!(YEAR_CUES.contains(",") && YEAR_CUES.contains("since"));
    }
}
