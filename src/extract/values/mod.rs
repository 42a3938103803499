//! Rule-based values: DATE, TIME, MONEY, PERCENT, QUANTITY, ORDINAL and
//! CARDINAL mentions, each with a normalized value.
//!
//! Dates are resolved against the article's date when one is given
//! (`Thursday`, `last week`, `earlier this year`, `July 27` → an ISO date or
//! range); money becomes an amount and an ISO 4217 currency (`£600m` →
//! 600000000 GBP); percentages and quantities become numbers with units.
//!
//! [`find_values`] walks each sentence token by token and tries, at each
//! token, the finders of one value kind each, in this order (the first that
//! matches wins and the walk goes on after it):
//! 1. `dates`: ISO dates, `July 27, 2023`, `27 July`, weekdays, `today`,
//!    `last week`, `three months ago`, durations, years, decades;
//! 2. `times`: `3pm`, `10:30 am`, `noon`;
//! 3. here, the number-led kinds: a number read by `numbers` (digits or
//!    words), then what is written with it decides the kind: `money`
//!    (`$1.13bn`, `600m euros`), `quantities` (`76%`, `5km`, `300 miles`),
//!    an ordinal (`70th`, `first`), else a cardinal (`1.5 million`).
//!
//! The words behind the patterns (month and weekday names, number words,
//! scales, currencies, units, ...) are data files in `data/`, read through
//! `table::Table`.

mod dates;
mod dates_intl;
mod money;
mod numbers;
mod quantities;
mod table;
mod times;

use crate::extract::{Label, WordSet};
use crate::text::{Token, TokenKind};
use numbers::{number_value, ordinal_word, scale_of, small_number, split_number_suffix};
use serde::Serialize;
use std::ops::Range;

/// Words that put a sentence in the future (a bare weekday is the coming one).
static FUTURE_CUES: WordSet = WordSet::from_lines(include_str!("data/future_cues.txt"));

/// The type of a value mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ValueKind {
    /// A date, a date range or a duration.
    Date,
    /// A time of day.
    Time,
    /// An amount of money.
    Money,
    /// A percentage.
    Percent,
    /// A measured quantity with a unit.
    Quantity,
    /// An ordinal number (`70th`, `first`).
    Ordinal,
    /// A cardinal number (`900`, `three`, `1.5 million`).
    Cardinal,
}

impl ValueKind {
    /// The label used in JSON (`"DATE"`, `"MONEY"`, ...).
    pub fn as_str(self) -> &'static str {
        Label::from(self).as_str()
    }
}

/// A normalized value. Fields that do not apply are omitted from JSON.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Value {
    /// An exact day, ISO `YYYY-MM-DD` (or `--MM-DD` when the year is unknown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Start of a date range, ISO `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// End (inclusive) of a date range, ISO `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// A duration, ISO 8601 (`P3M`, `P2W`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// A time of day, `HH:MM` (24 h).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// The number (amount of money, percentage, quantity, ordinal, cardinal).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<f64>,
    /// ISO 4217 currency code for money.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Unit of a quantity (`km`, `kg`, `mph`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

impl Value {
    /// Writes the value as JSON, the fields that do not apply left out: the
    /// same text as its `Serialize` through `serde_json`, without that code
    /// in the wasm (the analysis's JSON, and the key values are grouped by).
    pub fn write_json(&self, j: &mut crate::text::json::Json) {
        j.begin_object();
        let mut first = true;
        for (k, v) in [
            ("date", &self.date),
            ("start", &self.start),
            ("end", &self.end),
            ("duration", &self.duration),
            ("time", &self.time),
        ] {
            if let Some(v) = v {
                j.key(first, k);
                j.string(v);
                first = false;
            }
        }
        if let Some(n) = self.number {
            j.key(first, "number");
            j.float64(n);
            first = false;
        }
        for (k, v) in [("currency", &self.currency), ("unit", &self.unit)] {
            if let Some(v) = v {
                j.key(first, k);
                j.string(v);
                first = false;
            }
        }
        j.end_object();
    }

    /// [`Value::write_json`]'s text.
    pub fn to_json(&self) -> String {
        let mut j = crate::text::json::Json::new();
        self.write_json(&mut j);
        j.finish()
    }
}

/// A value found in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueMention {
    /// Token index range.
    pub tokens: Range<usize>,
    /// Byte range in the text.
    pub range: Range<usize>,
    /// The type.
    pub kind: ValueKind,
    /// The normalized value, when it could be worked out.
    pub value: Option<Value>,
}

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ymd {
    /// Year.
    pub y: i32,
    /// Month, 1–12.
    pub m: u32,
    /// Day, 1–31.
    pub d: u32,
}

impl Ymd {
    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Ymd> {
        let mut it = s.trim().splitn(3, '-');
        let y: i32 = it.next()?.parse().ok()?;
        let m: u32 = it.next()?.parse().ok()?;
        let d: u32 = it.next()?.get(..2)?.parse().ok()?;
        Ymd::new(y, m, d)
    }

    /// A valid date or None.
    pub fn new(y: i32, m: u32, d: u32) -> Option<Ymd> {
        ((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m) && (1..=9999).contains(&y))
            .then_some(Ymd { y, m, d })
    }

    /// Days since 1970-01-01.
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil
        let y = i64::from(self.y) - i64::from(self.m <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.m);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days(z: i64) -> Ymd {
        let z = z + 719468;
        let era = if z >= 0 { z } else { z - 146096 } / 146097;
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        Ymd {
            y: (y + i64::from(m <= 2)) as i32,
            m,
            d,
        }
    }

    /// Adds days.
    pub fn add_days(self, n: i64) -> Ymd {
        Ymd::from_days(self.to_days() + n)
    }

    /// Day of the week, 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u32 {
        (self.to_days() + 3).rem_euclid(7) as u32
    }

    /// ISO string.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

/// Number of days in month `m` of year `y` (0 for no month).
fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// The language of the words around the numbers: English always, and the
/// French, German or Spanish month and weekday names, prepositions and number
/// formats (`3,5 milliards`, `1.500`) when the article is in that language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ValueLang {
    /// English only (the default).
    #[default]
    En,
    /// French as well.
    Fr,
    /// German as well.
    De,
    /// Spanish as well.
    Es,
}

impl ValueLang {
    /// The value language of an ISO 639-1 code (English for any other).
    pub fn from_code(code: &str) -> ValueLang {
        match code {
            "fr" => ValueLang::Fr,
            "de" => ValueLang::De,
            "es" => ValueLang::Es,
            _ => ValueLang::En,
        }
    }
}

/// What the finders see: the text, its tokens (up to the end of the
/// sentence), the article's date, whether the sentence speaks of the future
/// and the article's language.
struct Ctx<'a> {
    text: &'a str,
    tokens: &'a [Token],
    anchor: Option<Ymd>,
    future: bool,
    lang: ValueLang,
}

/// A match of a finder: the token after it and its value, when that could be
/// worked out.
type Match = (usize, Option<Value>);

impl Ctx<'_> {
    /// The folded form of token `i` (`""` past the end).
    fn norm(&self, i: usize) -> &str {
        self.tokens.get(i).map(|t| t.norm.as_str()).unwrap_or("")
    }
    /// Token `i` as written (`""` past the end).
    fn raw(&self, i: usize) -> &str {
        self.tokens.get(i).map(|t| t.text(self.text)).unwrap_or("")
    }
    /// True when token `i` starts with a capital letter.
    fn is_cap(&self, i: usize) -> bool {
        self.raw(i).chars().next().is_some_and(char::is_uppercase)
    }
    /// True when tokens `i` and `i + 1` are adjacent (no space between).
    fn tight(&self, i: usize) -> bool {
        match (self.tokens.get(i), self.tokens.get(i + 1)) {
            (Some(a), Some(b)) => a.end == b.start,
            _ => false,
        }
    }
}

/// Finds the value mentions of one English text. `anchor` is the article's
/// date; `skip` marks tokens already inside a name (they never start a value).
pub fn find_values(
    text: &str,
    tokens: &[Token],
    sentences: &[Range<usize>],
    anchor: Option<Ymd>,
    skip: &[bool],
) -> Vec<ValueMention> {
    find_values_in(text, tokens, sentences, anchor, skip, ValueLang::En)
}

/// [`find_values`] for a text in `lang`: its dates and number formats first,
/// then the English patterns.
pub fn find_values_in(
    text: &str,
    tokens: &[Token],
    sentences: &[Range<usize>],
    anchor: Option<Ymd>,
    skip: &[bool],
    lang: ValueLang,
) -> Vec<ValueMention> {
    let mut out = Vec::new();
    let merged;
    let sentences = if lang == ValueLang::De {
        merged = dates_intl::join_ordinal_dots(tokens, sentences);
        &merged[..]
    } else {
        sentences
    };
    for s in sentences {
        let future = tokens
            .get(s.clone())
            .unwrap_or(&[])
            .iter()
            .any(|t| FUTURE_CUES.contains(&t.norm));
        let c = Ctx {
            text,
            tokens: tokens.get(..s.end).unwrap_or(tokens),
            anchor,
            future: future
                || (lang != ValueLang::En && foreign_future(tokens.get(s.clone()).unwrap_or(&[]))),
            lang,
        };
        let mut i = s.start;
        while i < s.end {
            if skip.get(i).copied().unwrap_or(false) {
                i += 1;
                continue;
            }
            let found = dates_intl::match_date(&c, i)
                .or_else(|| dates::match_date(&c, i))
                .map(tagged(ValueKind::Date))
                .or_else(|| times::match_time(&c, i).map(tagged(ValueKind::Time)))
                .or_else(|| match_number(&c, i));
            match found {
                Some((e, kind, value)) if e > i && e <= s.end => {
                    // a value must not run into a name
                    let e = (i + 1..e)
                        .find(|&k| skip.get(k).copied().unwrap_or(false))
                        .unwrap_or(e);
                    out.push(ValueMention {
                        tokens: i..e,
                        range: tokens[i].start..tokens[e - 1].end,
                        kind,
                        value,
                    });
                    i = e;
                }
                _ => i += 1,
            }
        }
    }
    out
}

/// Words that put a French, German or Spanish sentence in the future.
fn foreign_future(tokens: &[Token]) -> bool {
    tokens.iter().any(|t| {
        matches!(
            t.norm.as_str(),
            "prochain"
                | "prochaine"
                | "sera"
                | "seront"
                | "devrait"
                | "doit"
                | "wird"
                | "werden"
                | "soll"
                | "sollen"
                | "kommenden"
                | "proximo"
                | "proxima"
                | "debera"
                | "seran"
        )
    })
}

/// A match with its kind: the token after it, the kind and the value.
type Found = (usize, ValueKind, Option<Value>);

/// Tags a finder's match with its kind.
fn tagged(kind: ValueKind) -> impl Fn(Match) -> Found {
    move |(e, v)| (e, kind, v)
}

/// Money, percent, quantity, ordinal and cardinal patterns at token `i`: a
/// number, then what is written with it decides the kind.
fn match_number(c: &Ctx, i: usize) -> Option<Found> {
    let t = c.tokens.get(i)?;
    let raw = t.text(c.text);
    let w = c.norm(i);
    // currency-sign amounts: $1.13bn, £600m, US$5, $1.13 billion
    if t.kind == TokenKind::Number && !raw.starts_with(|c: char| c.is_ascii_digit()) {
        return money::sign_amount(c, i, raw).map(tagged(ValueKind::Money));
    }
    // `3,5` and `1.500` are 3.5 and 1500 in French, German and Spanish
    let converted;
    let raw = if c.lang != ValueLang::En {
        converted = numbers::continental(raw);
        converted.as_deref().unwrap_or(raw)
    } else {
        raw
    };
    // a number: digits (possibly with a suffix) or a number word
    let (mut n, suf, is_word) = if let Some((n, suf)) = split_number_suffix(raw) {
        (n, suf, false)
    } else if let Some(n) = small_number(w) {
        (n, String::new(), true)
    } else if let Some(n) = ordinal_word(w) {
        // `second` after a number is a time unit, handled by durations
        return Some((i + 1, ValueKind::Ordinal, Some(number_value(n))));
    } else {
        return None;
    };
    // token after a capitalized abbreviation (`H.R. 49`, `No. 10`): part of a name
    if i > 0
        && !is_word
        && c.raw(i - 1).ends_with('.')
        && c.is_cap(i - 1)
        && c.raw(i - 1).len() <= 5
    {
        return None;
    }
    let mut j = i + 1;
    if !suf.is_empty() {
        return suffixed(c, j, n, &suf);
    }
    // scale words: 1.5 million, two billion, 3 hundred
    while let Some(sc) = scale_of(c.norm(j))
        .filter(|_| c.norm(j).len() > 2)
        .or_else(|| (c.norm(j) == "hundred").then_some(100.0))
        .or_else(|| (c.lang != ValueLang::En).then(|| numbers::scale_intl(c.norm(j)))?)
    {
        n *= sc;
        j += 1;
    }
    money::currency_after(c, j, n, is_word)
        .map(tagged(ValueKind::Money))
        .or_else(|| quantities::percent_after(c, j, n).map(tagged(ValueKind::Percent)))
        .or_else(|| quantities::unit_after(c, j, n, is_word).map(tagged(ValueKind::Quantity)))
        .or(Some((j, ValueKind::Cardinal, Some(number_value(n)))))
}

/// A number written with a suffix (`76%`, `70th`, `600m`, `5km`); `j` is the
/// token after it.
fn suffixed(c: &Ctx, j: usize, n: f64, suf: &str) -> Option<Found> {
    match suf {
        "%" => Some((j, ValueKind::Percent, Some(number_value(n)))),
        "st" | "nd" | "rd" | "th" => Some((j, ValueKind::Ordinal, Some(number_value(n)))),
        s => {
            let Some(sc) = scale_of(s) else {
                return quantities::unit_suffix(j, n, s).map(tagged(ValueKind::Quantity));
            };
            let n = n * sc;
            // 600m euros
            if let Some(found) = money::currency_after(c, j, n, false) {
                return Some(tagged(ValueKind::Money)(found));
            }
            // `100m` with no currency: metres are likelier for small numbers
            if s == "m" && n < 1e9 && n / 1e6 <= 400.0 && !matches!(c.norm(j), "people" | "users") {
                return Some((
                    j,
                    ValueKind::Quantity,
                    Some(quantities::quantity_value(n / 1e6, "m".into())),
                ));
            }
            Some((j, ValueKind::Cardinal, Some(number_value(n))))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextLayer;

    fn vals(text: &str, date: Option<&str>) -> Vec<(String, &'static str, Option<Value>)> {
        let l = TextLayer::new(text);
        let skip = vec![false; l.tokens.len()];
        find_values(
            text,
            &l.tokens,
            &l.sentence_tokens,
            date.and_then(Ymd::parse),
            &skip,
        )
        .into_iter()
        .map(|v| (text[v.range].to_string(), v.kind.as_str(), v.value))
        .collect()
    }

    #[test]
    fn kinds_are_labels() {
        assert_eq!(Label::from(ValueKind::Money), Label::Money);
        assert_eq!(ValueKind::Cardinal.as_str(), "CARDINAL");
        assert_eq!(ValueKind::Date.as_str(), "DATE");
    }

    #[test]
    fn calendar_arithmetic() {
        let d = Ymd::parse("2023-07-27").unwrap();
        assert_eq!(d.weekday(), 3); // a Thursday
        assert_eq!(Ymd::from_days(d.to_days()), d);
        assert_eq!(d.add_days(7).iso(), "2023-08-03");
        assert_eq!(
            Ymd::parse("2024-02-29").unwrap().add_days(1).iso(),
            "2024-03-01"
        );
        assert!(Ymd::parse("2023-02-29").is_none());
    }

    #[test]
    fn money_on_real_sentences() {
        let v = vals("Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the three months to December, from $639m year-earlier.", Some("2005-01-15"));
        let find = |s: &str| {
            v.iter()
                .find(|x| x.0 == s)
                .unwrap_or_else(|| panic!("{s} not in {v:?}"))
        };
        assert_eq!(
            find("$1.13bn").2.as_ref().unwrap().number,
            Some(1_130_000_000.0)
        );
        assert_eq!(
            find("$1.13bn").2.as_ref().unwrap().currency.as_deref(),
            Some("USD")
        );
        assert_eq!(
            find("£600m").2.as_ref().unwrap().number,
            Some(600_000_000.0)
        );
        assert_eq!(
            find("£600m").2.as_ref().unwrap().currency.as_deref(),
            Some("GBP")
        );
        assert_eq!(find("76%").1, "PERCENT");
        assert_eq!(
            find("three months").2.as_ref().unwrap().duration.as_deref(),
            Some("P3M")
        );
        assert_eq!(
            find("December").2.as_ref().unwrap().start.as_deref(),
            Some("2005-12-01")
        );
    }

    #[test]
    fn dates_resolve_against_the_article_date() {
        let v = vals("Kim gave a tour Thursday, state media reported. Washington earlier this year accused Pyongyang. Talks were held last week and on July 27.", Some("2023-07-27"));
        let get = |s: &str| {
            v.iter()
                .find(|x| x.0 == s)
                .unwrap_or_else(|| panic!("{s} not in {v:?}"))
                .2
                .clone()
                .unwrap()
        };
        assert_eq!(get("Thursday").date.as_deref(), Some("2023-07-27"));
        let e = get("earlier this year");
        assert_eq!(
            (e.start.as_deref(), e.end.as_deref()),
            (Some("2023-01-01"), Some("2023-07-27"))
        );
        let lw = get("last week");
        assert_eq!(
            (lw.start.as_deref(), lw.end.as_deref()),
            (Some("2023-07-17"), Some("2023-07-23"))
        );
        assert_eq!(get("July 27").date.as_deref(), Some("2023-07-27"));
    }

    #[test]
    fn no_false_dates_from_model_names() {
        let v = vals(
            "The Hwasong-17 and Covid-19 were discussed under H.R. 49 in 2020.",
            None,
        );
        assert!(
            v.iter().all(|x| x.0 != "17" && x.0 != "19" && x.0 != "49"),
            "{v:?}"
        );
        assert_eq!(v.iter().filter(|x| x.1 == "DATE").count(), 1, "{v:?}");
    }

    #[test]
    fn ordinals_cardinals_quantities_times() {
        let v = vals("The 70th anniversary drew 1,500 people, two million viewers and a 5km queue at 3pm; the first of 12 ships sailed 300 miles by 10:30 am.", None);
        let kinds: Vec<(&str, &str)> = v.iter().map(|x| (x.0.as_str(), x.1)).collect();
        for want in [
            ("70th", "ORDINAL"),
            ("1,500", "CARDINAL"),
            ("two million", "CARDINAL"),
            ("5km", "QUANTITY"),
            ("3pm", "TIME"),
            ("first", "ORDINAL"),
            ("12", "CARDINAL"),
            ("300 miles", "QUANTITY"),
            ("10:30 am", "TIME"),
        ] {
            assert!(kinds.contains(&want), "{want:?} not in {kinds:?}");
        }
        let two_m = v.iter().find(|x| x.0 == "two million").unwrap();
        assert_eq!(two_m.2.as_ref().unwrap().number, Some(2e6));
        let t = v.iter().find(|x| x.0 == "10:30 am").unwrap();
        assert_eq!(t.2.as_ref().unwrap().time.as_deref(), Some("10:30"));
    }
}
