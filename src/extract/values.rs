//! Rule-based values: DATE, TIME, MONEY, PERCENT, QUANTITY, ORDINAL and
//! CARDINAL mentions, each with a normalized value.
//!
//! Dates are resolved against the article's date when one is given
//! (`Thursday`, `last week`, `earlier this year`, `July 27` → an ISO date or
//! range); money becomes an amount and an ISO 4217 currency (`£600m` →
//! 600000000 GBP); percentages and quantities become numbers with units.

use crate::text::{Token, TokenKind};
use serde::Serialize;
use std::ops::Range;

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
        match self {
            ValueKind::Date => "DATE",
            ValueKind::Time => "TIME",
            ValueKind::Money => "MONEY",
            ValueKind::Percent => "PERCENT",
            ValueKind::Quantity => "QUANTITY",
            ValueKind::Ordinal => "ORDINAL",
            ValueKind::Cardinal => "CARDINAL",
        }
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

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

fn month_of(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.');
    Some(match w {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

fn weekday_of(w: &str) -> Option<u32> {
    Some(match w {
        "monday" => 0,
        "tuesday" => 1,
        "wednesday" => 2,
        "thursday" => 3,
        "friday" => 4,
        "saturday" => 5,
        "sunday" => 6,
        _ => return None,
    })
}

fn small_number(w: &str) -> Option<f64> {
    Some(match w {
        "zero" => 0.0,
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        "hundred" => 100.0,
        "dozen" => 12.0,
        _ => return None,
    })
}

fn ordinal_word(w: &str) -> Option<f64> {
    Some(match w {
        "first" => 1.0,
        "second" => 2.0,
        "third" => 3.0,
        "fourth" => 4.0,
        "fifth" => 5.0,
        "sixth" => 6.0,
        "seventh" => 7.0,
        "eighth" => 8.0,
        "ninth" => 9.0,
        "tenth" => 10.0,
        "eleventh" => 11.0,
        "twelfth" => 12.0,
        "thirteenth" => 13.0,
        "fifteenth" => 15.0,
        "twentieth" => 20.0,
        "thirtieth" => 30.0,
        "fiftieth" => 50.0,
        "hundredth" => 100.0,
        _ => return None,
    })
}

fn scale_of(w: &str) -> Option<f64> {
    Some(match w {
        "thousand" | "k" => 1e3,
        "million" | "m" | "mn" | "mln" | "millions" => 1e6,
        "billion" | "bn" | "b" | "billions" => 1e9,
        "trillion" | "tn" | "trn" | "trillions" => 1e12,
        _ => return None,
    })
}

fn currency_word(w: &str) -> Option<&'static str> {
    Some(match w {
        "dollar" | "dollars" | "usd" => "USD",
        "pound" | "pounds" | "sterling" | "gbp" => "GBP",
        "euro" | "euros" | "eur" => "EUR",
        "yen" | "jpy" => "JPY",
        "yuan" | "renminbi" | "cny" | "rmb" => "CNY",
        "rupee" | "rupees" | "inr" => "INR",
        "won" | "krw" => "KRW",
        "rouble" | "roubles" | "ruble" | "rubles" | "rub" => "RUB",
        "franc" | "francs" | "chf" => "CHF",
        "pesos" | "peso" => "MXN",
        "shekel" | "shekels" | "ils" => "ILS",
        "lira" | "try" => "TRY",
        "rand" | "zar" => "ZAR",
        "naira" | "ngn" => "NGN",
        "riyal" | "riyals" | "sar" => "SAR",
        _ => return None,
    })
}

fn currency_sign(prefix: &str) -> Option<&'static str> {
    Some(match prefix {
        "$" | "us$" => "USD",
        "a$" | "au$" => "AUD",
        "c$" | "ca$" => "CAD",
        "hk$" => "HKD",
        "nz$" => "NZD",
        "s$" => "SGD",
        "nt$" => "TWD",
        "r$" => "BRL",
        "£" => "GBP",
        "€" => "EUR",
        "¥" => "JPY",
        "₹" => "INR",
        "₩" => "KRW",
        "₽" => "RUB",
        "₺" => "TRY",
        "₪" => "ILS",
        "₦" => "NGN",
        "₱" => "PHP",
        "฿" => "THB",
        "₫" => "VND",
        _ => return None,
    })
}

fn unit_of(w: &str) -> Option<&'static str> {
    Some(match w {
        "km" | "kms" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => "km",
        "mile" | "miles" => "mi",
        "metre" | "metres" | "meter" | "meters" => "m",
        "cm" | "centimetre" | "centimetres" | "centimeter" | "centimeters" => "cm",
        "mm" | "millimetre" | "millimetres" | "millimeter" | "millimeters" => "mm",
        "ft" | "foot" | "feet" => "ft",
        "inch" | "inches" => "in",
        "yard" | "yards" => "yd",
        "kg" | "kgs" | "kilogram" | "kilograms" | "kilo" | "kilos" => "kg",
        "g" | "gram" | "grams" => "g",
        "lb" | "lbs" => "lb",
        "oz" | "ounce" | "ounces" => "oz",
        "tonne" | "tonnes" | "ton" | "tons" => "t",
        "litre" | "litres" | "liter" | "liters" | "l" => "l",
        "gallon" | "gallons" => "gal",
        "barrel" | "barrels" => "bbl",
        "acre" | "acres" => "acre",
        "hectare" | "hectares" | "ha" => "ha",
        "mph" => "mph",
        "kph" | "km/h" => "km/h",
        "knot" | "knots" => "kn",
        "degree" | "degrees" => "deg",
        "°c" | "celsius" => "°C",
        "°f" | "fahrenheit" => "°F",
        "mw" | "megawatt" | "megawatts" => "MW",
        "gw" | "gigawatt" | "gigawatts" => "GW",
        "kw" | "kilowatt" | "kilowatts" => "kW",
        "kwh" => "kWh",
        "gb" | "gigabyte" | "gigabytes" => "GB",
        "mb" | "megabyte" | "megabytes" => "MB",
        "tb" | "terabyte" | "terabytes" => "TB",
        "mbps" => "Mbps",
        _ => return None,
    })
}

fn duration_unit(w: &str) -> Option<(char, bool)> {
    // (ISO designator, is time part)
    Some(match w {
        "day" | "days" => ('D', false),
        "week" | "weeks" => ('W', false),
        "month" | "months" => ('M', false),
        "year" | "years" => ('Y', false),
        "decade" | "decades" => ('X', false),
        "century" | "centuries" => ('C', false),
        "hour" | "hours" => ('H', true),
        "minute" | "minutes" => ('M', true),
        "second" | "seconds" => ('S', true),
        _ => return None,
    })
}

/// Parses a plain number token: `1,000.5`, `76`, `1.13`; None otherwise.
fn parse_plain_number(s: &str) -> Option<f64> {
    if s.is_empty() || !s.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return None;
    }
    let cleaned: String = s.chars().filter(|&c| c != ',').collect();
    if cleaned.matches('.').count() > 1 {
        return None;
    }
    cleaned.parse().ok()
}

/// Splits a number token like `1.13bn`, `600m`, `5km`, `76%`, `70th`, `3pm` into
/// (number, suffix) with the suffix folded.
fn split_number_suffix(s: &str) -> Option<(f64, String)> {
    let end = s
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == ',' || *c == '.'))
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    let (num, suf) = s.split_at(end);
    let num = num.trim_end_matches(['.', ',']);
    let n = parse_plain_number(num)?;
    Some((n, suf.to_lowercase()))
}

fn fmt_num(n: f64) -> f64 {
    // avoid float noise like 1130000000.0000002
    (n * 1e6).round() / 1e6
}

struct Ctx<'a> {
    text: &'a str,
    tokens: &'a [Token],
    anchor: Option<Ymd>,
    future: bool,
}

impl Ctx<'_> {
    fn norm(&self, i: usize) -> &str {
        self.tokens.get(i).map(|t| t.norm.as_str()).unwrap_or("")
    }
    fn raw(&self, i: usize) -> &str {
        self.tokens.get(i).map(|t| t.text(self.text)).unwrap_or("")
    }
    fn is_cap(&self, i: usize) -> bool {
        self.raw(i).chars().next().is_some_and(char::is_uppercase)
    }
    /// tokens i and i+1 are adjacent (no space between)
    fn tight(&self, i: usize) -> bool {
        match (self.tokens.get(i), self.tokens.get(i + 1)) {
            (Some(a), Some(b)) => a.end == b.start,
            _ => false,
        }
    }
}

fn year_of(s: &str) -> Option<i32> {
    if s.len() == 4 && s.chars().all(|c| c.is_ascii_digit()) {
        let y: i32 = s.parse().ok()?;
        (1000..=2999).contains(&y).then_some(y)
    } else {
        None
    }
}

fn day_of(s: &str) -> Option<u32> {
    let s = s
        .trim_end_matches("st")
        .trim_end_matches("nd")
        .trim_end_matches("rd")
        .trim_end_matches("th");
    if s.is_empty() || s.len() > 2 || !s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let d: u32 = s.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn range_value(a: Ymd, b: Ymd) -> Value {
    Value {
        start: Some(a.iso()),
        end: Some(b.iso()),
        ..Value::default()
    }
}

fn day_value(d: Ymd) -> Value {
    Value {
        date: Some(d.iso()),
        ..Value::default()
    }
}

fn month_range(y: i32, m: u32) -> Option<Value> {
    let a = Ymd::new(y, m, 1)?;
    let b = Ymd::new(y, m, days_in_month(y, m))?;
    Some(range_value(a, b))
}

fn year_range(y: i32) -> Option<Value> {
    Some(range_value(Ymd::new(y, 1, 1)?, Ymd::new(y, 12, 31)?))
}

/// Monday of the week holding `d`.
fn week_start(d: Ymd) -> Ymd {
    d.add_days(-i64::from(d.weekday()))
}

/// Tries a date pattern at token `i`; returns (end token, value).
fn match_date(c: &Ctx, i: usize) -> Option<(usize, Option<Value>)> {
    let w = c.norm(i);
    // ISO date token 2023-07-27
    if c.tokens.get(i)?.kind == TokenKind::Number
        && w.len() == 10
        && w.as_bytes().get(4) == Some(&b'-')
    {
        if let Some(d) = Ymd::parse(w) {
            return Some((i + 1, Some(day_value(d))));
        }
    }
    // Month [day][,] [year] | day Month [year] | Month year
    if let Some(m) = month_of(w).filter(|_| c.is_cap(i)) {
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
            (Some(d), Some(y)) => Ymd::new(y, m, d).map(day_value),
            (Some(d), None) => Some(Value {
                date: Some(format!("--{m:02}-{d:02}")),
                ..Value::default()
            }),
            (None, Some(y)) => month_range(y, m),
            (None, None) => None,
        };
        return Some((end, v));
    }
    if let Some(d) = day_of(w) {
        if let Some(m) = month_of(c.norm(i + 1)).filter(|_| c.is_cap(i + 1)) {
            let year = year_of(c.norm(i + 2));
            let end = if year.is_some() { i + 3 } else { i + 2 };
            let y = year.or(c.anchor.map(|a| a.y));
            let v = match y {
                Some(y) => Ymd::new(y, m, d).map(day_value),
                None => Some(Value {
                    date: Some(format!("--{m:02}-{d:02}")),
                    ..Value::default()
                }),
            };
            return Some((end, v));
        }
    }
    // weekdays, with optional last/next/this before
    let (mod_word, wi) = match w {
        "last" | "next" | "this" if weekday_of(c.norm(i + 1)).is_some() => (w, i + 1),
        _ => ("", i),
    };
    if let Some(wd) = weekday_of(c.norm(wi)) {
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
        return Some((wi + 1, v));
    }
    // today / yesterday / tomorrow / tonight
    match w {
        "today" | "tonight" => return Some((i + 1, c.anchor.map(day_value))),
        "yesterday" => return Some((i + 1, c.anchor.map(|a| day_value(a.add_days(-1))))),
        "tomorrow" => return Some((i + 1, c.anchor.map(|a| day_value(a.add_days(1))))),
        _ => {}
    }
    // (earlier|later)? (last|next|this) (week|month|year)
    let (qual, qi) = match w {
        "earlier" | "later" => (w, i + 1),
        _ => ("", i),
    };
    let rel = c.norm(qi);
    if matches!(rel, "last" | "next" | "this" | "past" | "coming") {
        let unit = c.norm(qi + 1);
        if matches!(unit, "week" | "month" | "year" | "weekend") {
            let v = c.anchor.and_then(|a| {
                let off: i64 = match rel {
                    "last" | "past" => -1,
                    "next" | "coming" => 1,
                    _ => 0,
                };
                let (s, e) = match unit {
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
                };
                let (s, e) = match (qual, off) {
                    ("earlier", 0) => (s, a),
                    ("later", 0) => (a, e),
                    _ => (s, e),
                };
                Some(range_value(s, e))
            });
            return Some((qi + 2, v));
        }
    }
    // N (days|weeks|months|years) ago / durations
    let n = parse_plain_number(w).or_else(|| small_number(w));
    if let Some(n) = n {
        let mut j = i + 1;
        let mut n = n;
        if let Some(s) = scale_of(c.norm(j)).filter(|s| *s < 1e6) {
            n *= s;
            j += 1;
        }
        if let Some((des, is_time)) = duration_unit(c.norm(j)) {
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
            if !is_time || n.fract() == 0.0 {
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
                return Some((
                    j + 1,
                    Some(Value {
                        duration: Some(dur),
                        ..Value::default()
                    }),
                ));
            }
        }
    }
    // in|since|by|until|from|of|to|before|after YEAR ; the 1990s
    if let Some(y) = year_of(w) {
        let prev = if i > 0 { c.norm(i - 1) } else { "" };
        if matches!(
            prev,
            "in" | "since"
                | "by"
                | "until"
                | "till"
                | "from"
                | "of"
                | "to"
                | "before"
                | "after"
                | "during"
                | "between"
                | "and"
                | "early"
                | "late"
                | "mid"
                | "summer"
                | "spring"
                | "autumn"
                | "winter"
                | "fall"
                | "year"
                | ","
        ) || (i == 0)
        {
            return Some((i + 1, year_range(y)));
        }
    }
    if w.len() == 5 && w.ends_with('s') {
        if let Some(y) = year_of(&w[..4]).filter(|y| y % 10 == 0) {
            let a = Ymd::new(y, 1, 1)?;
            let b = Ymd::new(y + 9, 12, 31)?;
            return Some((i + 1, Some(range_value(a, b))));
        }
    }
    None
}

fn match_time(c: &Ctx, i: usize) -> Option<(usize, Option<Value>)> {
    let w = c.norm(i);
    let tv = |h: u32, m: u32| {
        (h < 24 && m < 60).then(|| Value {
            time: Some(format!("{h:02}:{m:02}")),
            ..Value::default()
        })
    };
    match w {
        "noon" | "midday" => return Some((i + 1, tv(12, 0))),
        "midnight" => return Some((i + 1, tv(0, 0))),
        _ => {}
    }
    // 10:30 (three tokens), optionally am/pm
    let (h, m, mut j) = if c.norm(i + 1) == ":" && c.tight(i) && c.tight(i + 1) {
        let h: u32 = w.parse().ok()?;
        let m: u32 = c.norm(i + 2).get(..2)?.parse().ok()?;
        if c.norm(i + 2).len() != 2 {
            return None;
        }
        (h, m, i + 3)
    } else if let Some((n, suf)) = split_number_suffix(c.raw(i)) {
        // 3pm, 10.30am
        let hm = if suf == "am" || suf == "pm" || suf == "a.m." || suf == "p.m." {
            let h = n.trunc() as u32;
            let m = ((n.fract() * 100.0).round()) as u32;
            Some((h, m, suf.starts_with('p')))
        } else {
            None
        };
        match hm {
            Some((h, m, pm)) => {
                let h = if pm && h < 12 {
                    h + 12
                } else if !pm && h == 12 {
                    0
                } else {
                    h
                };
                return Some((i + 1, tv(h, m)));
            }
            None => {
                // 3 p.m. / 10.30 am
                let next = c.norm(i + 1);
                if suf.is_empty() && matches!(next, "am" | "pm" | "a.m." | "p.m.") && n < 13.0 {
                    let h = n.trunc() as u32;
                    let m = ((n.fract() * 100.0).round()) as u32;
                    let h = if next.starts_with('p') && h < 12 {
                        h + 12
                    } else if h == 12 && next.starts_with('a') {
                        0
                    } else {
                        h
                    };
                    return Some((i + 2, tv(h, m)));
                }
                return None;
            }
        }
    } else {
        return None;
    };
    let mut h = h;
    let next = c.norm(j);
    if matches!(next, "am" | "pm" | "a.m." | "p.m.") {
        if next.starts_with('p') && h < 12 {
            h += 12;
        }
        j += 1;
    }
    Some((j, tv(h, m)))
}

/// Money, percent, quantity, ordinal and cardinal patterns at token `i`.
fn match_number(c: &Ctx, i: usize) -> Option<(usize, ValueKind, Option<Value>)> {
    let t = c.tokens.get(i)?;
    let raw = t.text(c.text);
    let w = c.norm(i);
    let money = |n: f64, cur: &str| Value {
        number: Some(fmt_num(n)),
        currency: Some(cur.to_string()),
        ..Value::default()
    };
    let num = |n: f64| Value {
        number: Some(fmt_num(n)),
        ..Value::default()
    };
    // currency-sign amounts: $1.13bn, £600m, US$5, $1.13 billion
    if t.kind == TokenKind::Number && !raw.starts_with(|c: char| c.is_ascii_digit()) {
        let split = raw.find(|c: char| c.is_ascii_digit())?;
        let prefix = raw[..split].to_lowercase();
        let cur = currency_sign(&prefix)?;
        let (mut n, suf) = split_number_suffix(&raw[split..])?;
        let mut j = i + 1;
        if !suf.is_empty() {
            n *= scale_of(&suf)?;
        } else if let Some(s) = scale_of(c.norm(j)).filter(|_| c.norm(j).len() > 1) {
            n *= s;
            j += 1;
        }
        return Some((j, ValueKind::Money, Some(money(n, cur))));
    }
    // a number: digits (possibly with a suffix) or a number word
    let (mut n, suf, is_word) = if let Some((n, suf)) = split_number_suffix(raw) {
        (n, suf, false)
    } else if let Some(n) = small_number(w) {
        (n, String::new(), true)
    } else if let Some(n) = ordinal_word(w) {
        // `second` after a number is a time unit, handled by durations
        return Some((i + 1, ValueKind::Ordinal, Some(num(n))));
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
    match suf.as_str() {
        "" => {}
        "%" => return Some((j, ValueKind::Percent, Some(num(n)))),
        "st" | "nd" | "rd" | "th" => return Some((j, ValueKind::Ordinal, Some(num(n)))),
        s => {
            if let Some(sc) = scale_of(s) {
                n *= sc;
                // 600m euros
                if let Some(cur) = currency_word(c.norm(j)) {
                    return Some((j + 1, ValueKind::Money, Some(money(n, cur))));
                }
                if s == "m" && n < 1e9 {
                    // `100m` with no currency: metres are likelier for small numbers
                    if n / 1e6 <= 400.0 && c.norm(j) != "people" && c.norm(j) != "users" {
                        return Some((
                            j,
                            ValueKind::Quantity,
                            Some(Value {
                                number: Some(fmt_num(n / 1e6)),
                                unit: Some("m".into()),
                                ..Value::default()
                            }),
                        ));
                    }
                }
                return Some((j, ValueKind::Cardinal, Some(num(n))));
            }
            if let Some(u) = unit_of(s) {
                return Some((
                    j,
                    ValueKind::Quantity,
                    Some(Value {
                        number: Some(fmt_num(n)),
                        unit: Some(u.into()),
                        ..Value::default()
                    }),
                ));
            }
            return None;
        }
    }
    // scale words: 1.5 million, two billion, 3 hundred
    while let Some(sc) = scale_of(c.norm(j))
        .filter(|_| c.norm(j).len() > 2)
        .or_else(|| (c.norm(j) == "hundred").then_some(100.0))
    {
        n *= sc;
        j += 1;
    }
    let next = c.norm(j);
    if let Some(cur) = currency_word(next) {
        if !(next == "won" || next == "rand" || next == "try") || !is_word {
            return Some((j + 1, ValueKind::Money, Some(money(n, cur))));
        }
    }
    if next == "%" || next == "percent" || (next == "per" && c.norm(j + 1) == "cent") {
        let e = if next == "per" { j + 2 } else { j + 1 };
        let e = if c.norm(e) == "point" || c.norm(e) == "points" {
            e + 1
        } else {
            e
        };
        return Some((e, ValueKind::Percent, Some(num(n))));
    }
    if next == "percentage" && matches!(c.norm(j + 1), "point" | "points") {
        return Some((j + 2, ValueKind::Percent, Some(num(n))));
    }
    if let Some(u) = unit_of(next).filter(|_| next.len() > 1 || !is_word) {
        // `square km`
        return Some((
            j + 1,
            ValueKind::Quantity,
            Some(Value {
                number: Some(fmt_num(n)),
                unit: Some(u.into()),
                ..Value::default()
            }),
        ));
    }
    if next == "square" {
        if let Some(u) = unit_of(c.norm(j + 1)) {
            return Some((
                j + 2,
                ValueKind::Quantity,
                Some(Value {
                    number: Some(fmt_num(n)),
                    unit: Some(format!("{u}²")),
                    ..Value::default()
                }),
            ));
        }
    }
    Some((j, ValueKind::Cardinal, Some(num(n))))
}

/// Finds the value mentions of one text. `anchor` is the article's date;
/// `skip` marks tokens already inside a name (they never start a value).
pub fn find_values(
    text: &str,
    tokens: &[Token],
    sentences: &[Range<usize>],
    anchor: Option<Ymd>,
    skip: &[bool],
) -> Vec<ValueMention> {
    let mut out = Vec::new();
    for s in sentences {
        let future = tokens.get(s.clone()).unwrap_or(&[]).iter().any(|t| {
            matches!(
                t.norm.as_str(),
                "will" | "'ll" | "next" | "upcoming" | "plans" | "scheduled"
            )
        });
        let c = Ctx {
            text,
            tokens: tokens.get(..s.end).unwrap_or(tokens),
            anchor,
            future,
        };
        let mut i = s.start;
        while i < s.end {
            if skip.get(i).copied().unwrap_or(false) {
                i += 1;
                continue;
            }
            let found = match_date(&c, i)
                .map(|(e, v)| (e, ValueKind::Date, v))
                .or_else(|| match_time(&c, i).map(|(e, v)| (e, ValueKind::Time, v)))
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
