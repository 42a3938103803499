//! Money: amounts with a currency, normalized to a number and an ISO 4217
//! code (`£600m` → 600000000 GBP, `600m euros` → 600000000 EUR).
//!
//! A currency is a sign before the digits (`$`, `US$`, `£`, `€`, ...:
//! `data/currency_signs.txt`) or a word after the number (`dollars`, `yen`,
//! `rand`: `data/currency_words.txt`). `won`, `rand` and `try` are English
//! words too, so after a number word (`two won`) they do not make money.

use super::numbers::{fmt_num, scale_of, split_number_suffix};
use super::table::{self, Table};
use super::{Ctx, Match, Value};

/// Currency words after an amount → ISO 4217 code.
static CURRENCY_WORDS: Table<&str> =
    Table::new(include_str!("data/currency_words.txt"), table::code);
/// Currency signs before an amount → ISO 4217 code.
static CURRENCY_SIGNS: Table<&str> =
    Table::new(include_str!("data/currency_signs.txt"), table::code);

/// An amount of money.
fn money_value(n: f64, cur: &str) -> Value {
    Value {
        number: Some(fmt_num(n)),
        currency: Some(cur.to_string()),
        ..Value::default()
    }
}

/// An amount written with a currency sign at token `i` (`raw`, which does
/// not start with a digit): `$1.13bn`, `£600m`, `US$5`, `$1.13 billion`.
pub(super) fn sign_amount(c: &Ctx, i: usize, raw: &str) -> Option<Match> {
    let split = raw.find(|c: char| c.is_ascii_digit())?;
    let prefix = raw.get(..split)?.to_lowercase();
    let cur = CURRENCY_SIGNS.get(&prefix)?;
    let (mut n, suf) = split_number_suffix(raw.get(split..)?)?;
    let mut j = i + 1;
    if !suf.is_empty() {
        n *= scale_of(&suf)?;
    } else if let Some(s) = scale_of(c.norm(j)).filter(|_| c.norm(j).len() > 1) {
        n *= s;
        j += 1;
    }
    Some((j, Some(money_value(n, cur))))
}

/// The amount `n` followed by a currency word at token `j` (`600m euros`);
/// `is_word` when the number was written as a word.
pub(super) fn currency_after(c: &Ctx, j: usize, n: f64, is_word: bool) -> Option<Match> {
    let next = c.norm(j);
    let cur = CURRENCY_WORDS.get(next)?;
    let english = matches!(next, "won" | "rand" | "try");
    (!english || !is_word).then(|| (j + 1, Some(money_value(n, cur))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_read_whole() {
        assert_eq!(CURRENCY_WORDS.check(), Ok(43));
        assert_eq!(CURRENCY_SIGNS.check(), Ok(23));
        assert_eq!(CURRENCY_SIGNS.get("us$"), Some("USD"));
        assert_eq!(CURRENCY_WORDS.get("sterling"), Some("GBP"));
    }
}
