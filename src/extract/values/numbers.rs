//! Numbers: cardinals and ordinals in digits (`1,500`, `1.13`, with a
//! suffix: `1.13bn`, `70th`, `5km`) or in words (`twelve`, `dozen`, `first`),
//! and the scales that multiply them (`million`, `bn`).
//!
//! Every number-led kind (money, percentages, quantities, ordinals,
//! cardinals) reads its number here; which kind a number is part of is
//! decided by what is written with it (see the finder in the parent module).
//! Number words, ordinal words and scales are `data/number_words.txt`,
//! `data/ordinal_words.txt` and `data/scales.txt`.

use super::table::{self, Table};
use super::Value;

/// Cardinal number words → number.
static NUMBER_WORDS: Table<f64> = Table::new(include_str!("data/number_words.txt"), table::number);
/// Ordinal number words → number.
static ORDINAL_WORDS: Table<f64> =
    Table::new(include_str!("data/ordinal_words.txt"), table::number);
/// Scale words and suffixes → multiplier.
static SCALES: Table<f64> = Table::new(include_str!("data/scales.txt"), table::number);

/// The number a cardinal number word says (`twelve`, `dozen`).
pub(super) fn small_number(w: &str) -> Option<f64> {
    NUMBER_WORDS.get(w)
}

/// The number an ordinal number word says (`first`, `twelfth`).
pub(super) fn ordinal_word(w: &str) -> Option<f64> {
    ORDINAL_WORDS.get(w)
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
