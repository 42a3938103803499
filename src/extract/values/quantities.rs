//! Quantities and percentages: a number with a unit (`5km`, `300 miles`,
//! `12 square km`) or with `%` / `percent` / `per cent` / `percentage
//! points`.
//!
//! Units are `data/units.txt`: each line is the unit as written in values
//! (`km`, `°C`, `km/h`), then the words and suffixes for it. A one-letter
//! unit word (`g`, `l`) only counts after digits (`5 g`), not after a number
//! word (`two g`).

use super::numbers::{fmt_num, number_value};
use super::table::{self, Table};
use super::{Ctx, Match, Value};

/// Unit words and suffixes → unit.
static UNITS: Table<&str> = Table::new(include_str!("data/units.txt"), table::code);

/// A measured quantity.
pub(super) fn quantity_value(n: f64, unit: String) -> Value {
    Value {
        number: Some(fmt_num(n)),
        unit: Some(unit),
        ..Value::default()
    }
}

/// The number `n` with a unit suffix `suf` (`5km`); `j` is the next token.
pub(super) fn unit_suffix(j: usize, n: f64, suf: &str) -> Option<Match> {
    let u = UNITS.get(suf)?;
    Some((j, Some(quantity_value(n, u.into()))))
}

/// The number `n` followed at token `j` by `%`, `percent` or `per cent`
/// (then `point(s)` or not), or by `percentage point(s)`.
pub(super) fn percent_after(c: &Ctx, j: usize, n: f64) -> Option<Match> {
    let next = c.norm(j);
    if next == "%" || next == "percent" || (next == "per" && c.norm(j + 1) == "cent") {
        let e = if next == "per" { j + 2 } else { j + 1 };
        let e = if c.norm(e) == "point" || c.norm(e) == "points" {
            e + 1
        } else {
            e
        };
        return Some((e, Some(number_value(n))));
    }
    if next == "percentage" && matches!(c.norm(j + 1), "point" | "points") {
        return Some((j + 2, Some(number_value(n))));
    }
    None
}

/// The number `n` followed at token `j` by a unit word (`300 miles`) or by
/// `square` and one (`12 square km`); `is_word` when the number was written
/// as a word.
pub(super) fn unit_after(c: &Ctx, j: usize, n: f64, is_word: bool) -> Option<Match> {
    let next = c.norm(j);
    if let Some(u) = UNITS.get(next).filter(|_| next.len() > 1 || !is_word) {
        return Some((j + 1, Some(quantity_value(n, u.into()))));
    }
    if next == "square" {
        let u = UNITS.get(c.norm(j + 1))?;
        return Some((j + 2, Some(quantity_value(n, format!("{u}²")))));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_read_whole() {
        assert_eq!(UNITS.check(), Ok(92));
        assert_eq!(UNITS.get("kilometers"), Some("km"));
        assert_eq!(UNITS.get("°c"), Some("°C"));
        assert_eq!(UNITS.get("km/h"), Some("km/h"));
    }
}
