//! Numbers: cardinals and ordinals in digits or words, and the dispatch of a
//! number to the kind of value it is part of.
//!
//! [`match_number`] reads a number at a token (`1,500`, `1.13bn`, `76%`,
//! `70th`, `two`, `first`), then lets what is written with it decide:
//! - a currency sign before it or a currency word after it: `money`;
//! - `%`, `percent`, `per cent`, or a unit (`5km`, `300 miles`):
//!   `quantities`;
//! - an ordinal suffix or word: ORDINAL;
//! - otherwise a CARDINAL, with its scale words (`1.5 million`).
//!
//! Number words, ordinal words and scales are `data/number_words.txt`,
//! `data/ordinal_words.txt` and `data/scales.txt`.

use super::table::{self, Table};
use super::{money, quantities, Ctx, Value, ValueKind};
use crate::text::TokenKind;

/// Cardinal number words → number.
static NUMBER_WORDS: Table<f64> = Table::new(include_str!("data/number_words.txt"), table::number);
/// Ordinal number words → number.
static ORDINAL_WORDS: Table<f64> =
    Table::new(include_str!("data/ordinal_words.txt"), table::number);
/// Scale words and suffixes → multiplier.
static SCALES: Table<f64> = Table::new(include_str!("data/scales.txt"), table::number);

/// A number match: the token after it, its kind and its value.
type Found = (usize, ValueKind, Option<Value>);

/// The number a cardinal number word says (`twelve`, `dozen`).
pub(super) fn small_number(w: &str) -> Option<f64> {
    NUMBER_WORDS.get(w)
}

/// The multiplier of a scale word or suffix (`million`, `bn`).
pub(super) fn scale_of(w: &str) -> Option<f64> {
    SCALES.get(w)
}

/// Parses a plain number token: `1,000.5`, `76`, `1.13`; None otherwise.
pub(super) fn parse_plain_number(s: &str) -> Option<f64> {
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
pub(super) fn split_number_suffix(s: &str) -> Option<(f64, String)> {
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

/// Rounds away float noise like `1130000000.0000002`.
pub(super) fn fmt_num(n: f64) -> f64 {
    (n * 1e6).round() / 1e6
}

/// A plain number value (a cardinal, an ordinal, a percentage).
pub(super) fn number_value(n: f64) -> Value {
    Value {
        number: Some(fmt_num(n)),
        ..Value::default()
    }
}

/// Money, percent, quantity, ordinal and cardinal patterns at token `i`.
pub(super) fn match_number(c: &Ctx, i: usize) -> Option<Found> {
    let t = c.tokens.get(i)?;
    let raw = t.text(c.text);
    let w = c.norm(i);
    // currency-sign amounts: $1.13bn, £600m, US$5, $1.13 billion
    if t.kind == TokenKind::Number && !raw.starts_with(|c: char| c.is_ascii_digit()) {
        return money::sign_amount(c, i, raw).map(|(e, v)| (e, ValueKind::Money, v));
    }
    // a number: digits (possibly with a suffix) or a number word
    let (mut n, suf, is_word) = if let Some((n, suf)) = split_number_suffix(raw) {
        (n, suf, false)
    } else if let Some(n) = small_number(w) {
        (n, String::new(), true)
    } else if let Some(n) = ORDINAL_WORDS.get(w) {
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
    {
        n *= sc;
        j += 1;
    }
    let kind = |kind: ValueKind| move |(e, v): super::Match| (e, kind, v);
    money::currency_after(c, j, n, is_word)
        .map(kind(ValueKind::Money))
        .or_else(|| quantities::percent_after(c, j, n).map(kind(ValueKind::Percent)))
        .or_else(|| quantities::unit_after(c, j, n, is_word).map(kind(ValueKind::Quantity)))
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
                return quantities::unit_suffix(j, n, s).map(|(e, v)| (e, ValueKind::Quantity, v));
            };
            let n = n * sc;
            // 600m euros
            if let Some((e, v)) = money::currency_after(c, j, n, false) {
                return Some((e, ValueKind::Money, v));
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

    #[test]
    fn tables_read_whole() {
        assert_eq!(NUMBER_WORDS.check(), Ok(30));
        assert_eq!(ORDINAL_WORDS.check(), Ok(18));
        assert_eq!(SCALES.check(), Ok(15));
        assert_eq!(small_number("dozen"), Some(12.0));
        assert_eq!(scale_of("bn"), Some(1e9));
        assert_eq!(split_number_suffix("1.13bn"), Some((1.13, "bn".into())));
    }
}
