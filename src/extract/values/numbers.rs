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

/// French, German and Spanish scale words (`milliards`, `Millionen`, `millones`).
static SCALES_INTL: Table<f64> = Table::new(include_str!("data/scales_intl.txt"), table::number);

/// The multiplier of a French, German or Spanish scale word.
pub(super) fn scale_intl(w: &str) -> Option<f64> {
    SCALES_INTL.get(w)
}

/// A number written the continental way (`3,5`, `1.500`, `1.500.000,25`,
/// `2,5%`) in the English way (`3.5`, `1500`, ...), suffix kept; `None` when
/// it is not written that way (`1,500` stays English: a comma before exactly
/// three digits and no dot is a thousands separator in any language).
pub(super) fn continental(raw: &str) -> Option<String> {
    let end = raw
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == ',' || *c == '.'))
        .map_or(raw.len(), |(i, _)| i);
    let num = raw.get(..end).unwrap_or("").trim_end_matches(['.', ',']);
    let rest = raw.get(num.len()..).unwrap_or("");
    if !num.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (int, frac) = match num.split_once(',') {
        Some((i, f)) if !f.contains([',', '.']) && (f.len() != 3 || i.contains('.')) => {
            (i, Some(f))
        }
        Some(_) => return None,
        None => (num, None),
    };
    // the integer part: digits, or groups of three after dots
    let groups: Vec<&str> = int.split('.').collect();
    let grouped = groups.len() > 1
        && groups.first().is_some_and(|g| (1..=3).contains(&g.len()))
        && groups.iter().skip(1).all(|g| g.len() == 3);
    if groups.len() > 1 && !grouped {
        return None;
    }
    if frac.is_none() && !grouped {
        return None;
    }
    let mut out: String = int.chars().filter(|c| *c != '.').collect();
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out.push_str(rest);
    Some(out)
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
        assert_eq!(SCALES_INTL.check(), Ok(7));
    }

    #[test]
    fn continental_numbers() {
        assert_eq!(continental("3,5").as_deref(), Some("3.5"));
        assert_eq!(continental("1.500").as_deref(), Some("1500"));
        assert_eq!(continental("1.500.000,25").as_deref(), Some("1500000.25"));
        assert_eq!(continental("2,5%").as_deref(), Some("2.5%"));
        assert_eq!(continental("1,500"), None);
        assert_eq!(continental("76"), None);
        assert_eq!(continental("1.5"), None);
    }
}
