//! Normalization: case and diacritic folding, typographic punctuation to ASCII.

use super::fold_tables::{LATIN_FOLD, LOWER, MARKS};

/// True for a combining mark (general category `Mn`, `Mc` or `Me`): the
/// same answer as `unicode_normalization::char::is_combining_mark`, from a
/// table of 333 ranges (binary search; nothing below U+0300 is a mark).
pub fn is_combining_mark(c: char) -> bool {
    let u = c as u32;
    u >= 0x300
        && MARKS
            .binary_search_by(|&(lo, hi)| {
                if hi < u {
                    std::cmp::Ordering::Less
                } else if lo > u {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
}

/// The folded letter of a Latin letter whose canonical decomposition carries
/// marks (`É` → `e`), or `None` when folding is plain lower-casing.
fn latin_fold(c: char) -> Option<char> {
    let u = u16::try_from(c as u32).ok()?;
    let i = LATIN_FOLD.binary_search_by_key(&u, |&(k, _)| k).ok()?;
    LATIN_FOLD
        .get(i)
        .and_then(|&(_, v)| char::from_u32(u32::from(v)))
}

/// Appends the lower case of `c` to `out`: exactly what
/// `out.extend(c.to_lowercase())` appends, from this crate's run table
/// ([`LOWER`], 1.5 KiB) instead of the standard library's mapping (11.4 KiB
/// of data in every wasm build).
pub fn push_lower(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if c == '\u{130}' {
        out.push_str("i\u{307}");
        return;
    }
    let u = c as u32;
    let i = LOWER.partition_point(|&(key, _)| key >> 8 <= u);
    let mapped = i
        .checked_sub(1)
        .and_then(|i| LOWER.get(i))
        .and_then(|&(key, delta)| {
            let (first, count, stride) = (key >> 8, (key >> 1) & 0x7f, (key & 1) + 1);
            let k = u - first;
            (k % stride == 0 && k / stride < count)
                .then(|| char::from_u32(u.wrapping_add_signed(delta)))
                .flatten()
        });
    out.push(mapped.unwrap_or(c));
}

/// Folds one character into `out`: lower-cased, diacritics removed, typographic
/// quotes, apostrophes and dashes mapped to their ASCII forms.
fn fold_char_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}'
        | '\u{FF07}' => out.push('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' | '\u{FF02}' => out.push('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => out.push('-'),
        '\u{00A0}' | '\u{2007}' | '\u{202F}' => out.push(' '),
        '\u{2026}' => out.push_str("..."),
        '\u{00DF}' => out.push_str("ss"),
        '\u{00E6}' | '\u{00C6}' => out.push_str("ae"),
        '\u{0153}' | '\u{0152}' => out.push_str("oe"),
        '\u{00F8}' | '\u{00D8}' => out.push('o'),
        '\u{0142}' | '\u{0141}' => out.push('l'),
        '\u{0111}' | '\u{0110}' => out.push('d'),
        '\u{0131}' => out.push('i'),
        _ if !is_latin(c) => push_lower(c, out),
        // the canonical decomposition without its marks, lower-cased
        _ => match latin_fold(c) {
            Some(f) => out.push(f),
            None => push_lower(c, out),
        },
    }
}

/// True for a letter of the Latin script (Latin-1, Latin Extended A–E,
/// Latin Extended Additional, full-width Latin): the only script whose
/// diacritics folding drops.
fn is_latin(c: char) -> bool {
    matches!(
        c as u32,
        0..=0x024F | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF | 0xAB30..=0xAB6F | 0xFF21..=0xFF5A
    )
}

/// Returns the folded form of `s`: lower case, no diacritics on Latin letters
/// (`André` → `andre`), curly quotes and apostrophes as ASCII (`’` → `'`),
/// dashes as `-`.
///
/// Combining marks after a Latin letter are dropped even when it has no
/// precomposed form, so `e\u{301}` and `é` fold alike. Other scripts are
/// only lower-cased: their marks carry meaning (Japanese voicing marks `が`
/// ≠ `か`, Devanagari vowel signs, Cyrillic `й` ≠ `и`) and Hangul syllables
/// stay whole (never split into jamo), so search never mangles them.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// Appends the folded form of `s` (see [`fold`]) to `out`.
pub fn fold_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        out.extend(s.chars().map(|c| c.to_ascii_lowercase()));
        return;
    }
    let mut after_latin = true;
    for c in s.chars() {
        if is_combining_mark(c) {
            if !after_latin {
                out.push(c);
            }
            continue;
        }
        after_latin = is_latin(c);
        fold_char_into(c, out);
    }
}

/// Maps typographic quotes, apostrophes and dashes to ASCII but keeps case and
/// letters as they are (useful for feeding models trained on ASCII news text).
pub fn asciify_punct(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{02BC}' => out.push('\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}' => {
                out.push('"')
            }
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' => out.push('-'),
            '\u{2014}' | '\u{2015}' => out.push_str("--"),
            '\u{2026}' => out.push_str("..."),
            '\u{00A0}' => out.push(' '),
            _ => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// True for characters used as quotation marks (straight or typographic).
pub fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201A}'
            | '\u{201B}'
            | '\u{201C}'
            | '\u{201D}'
            | '\u{201E}'
            | '\u{201F}'
            | '\u{00AB}'
            | '\u{00BB}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_diacritics() {
        assert_eq!(fold("André"), "andre");
        assert_eq!(fold("Saint-André"), "saint-andre");
        assert_eq!(fold("Russia’s"), "russia's");
        assert_eq!(fold("ÉCOLE"), "ecole");
        assert_eq!(fold("e\u{301}te\u{301}"), "ete");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("“Hi”"), "\"hi\"");
        assert_eq!(fold("北京"), "北京");
        assert_eq!(fold("😀"), "😀");
    }

    #[test]
    fn other_scripts_keep_their_marks() {
        assert_eq!(fold("がっこう"), "がっこう");
        assert_eq!(fold("서울에서"), "서울에서");
        assert_eq!(fold("Йошкар"), "йошкар");
        assert_eq!(fold("हिन्दी"), "हिन्दी");
        assert_eq!(fold("ΑΘΗΝΑ"), "αθηνα");
        assert_eq!(fold("Crème Brûlée"), "creme brulee");
    }

    /// The folding of one Latin letter as it was written over
    /// `unicode-normalization` before the tables: decomposition, marks dropped,
    /// lower case.
    fn reference_latin(c: char) -> String {
        use unicode_normalization::char::{decompose_canonical, is_combining_mark as mark};
        let mut out = String::new();
        decompose_canonical(c, |d| {
            if !mark(d) {
                out.extend(d.to_lowercase());
            }
        });
        out
    }

    #[test]
    fn tables_match_unicode_normalization() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(
                is_combining_mark(c),
                unicode_normalization::char::is_combining_mark(c),
                "is_combining_mark(U+{:04X})",
                c as u32
            );
            if is_latin(c) && !c.is_ascii() && !is_combining_mark(c) {
                let mine: String = match latin_fold(c) {
                    Some(f) => f.to_string(),
                    None => c.to_lowercase().collect(),
                };
                assert_eq!(mine, reference_latin(c), "fold of U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn lower_matches_std() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut mine = String::new();
            push_lower(c, &mut mine);
            let std: String = c.to_lowercase().collect();
            assert_eq!(mine, std, "lower case of U+{:04X}", c as u32);
        }
    }

    /// Prints `fold_tables.rs`'s `LOWER` from the standard library's
    /// `char::to_lowercase` (`cargo test --lib print_lower_table -- --ignored
    /// --nocapture`): runs of characters, one stride apart, that map to one
    /// character at the same distance.
    #[test]
    #[ignore]
    fn print_lower_table() {
        // (first, count, stride, delta)
        let mut runs: Vec<(u32, u32, u32, i64)> = Vec::new();
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let l: Vec<char> = c.to_lowercase().collect();
            if l.len() != 1 || l[0] == c {
                continue;
            }
            let u = c as u32;
            let d = i64::from(l[0] as u32) - i64::from(u);
            if let Some(r) = runs.last_mut() {
                let last = r.0 + (r.1 - 1) * r.2;
                if r.3 == d && r.1 < 127 {
                    if r.1 == 1 && (u - last == 1 || u - last == 2) {
                        r.2 = u - last;
                        r.1 = 2;
                        continue;
                    }
                    if r.1 > 1 && u - last == r.2 {
                        r.1 += 1;
                        continue;
                    }
                }
            }
            runs.push((u, 1, 1, d));
        }
        println!("pub(super) const LOWER: [(u32, i32); {}] = [", runs.len());
        for (s, n, st, d) in &runs {
            println!("    (0x{:X}, {d}),", (s << 8) | (n << 1) | (st - 1));
        }
        println!("];");
    }

    /// Prints `fold_tables.rs`'s two tables from `unicode-normalization`
    /// (`cargo test --lib print_fold_tables -- --ignored --nocapture`).
    #[test]
    #[ignore]
    fn print_fold_tables() {
        let mut marks: Vec<(u32, u32)> = Vec::new();
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if unicode_normalization::char::is_combining_mark(c) {
                let u = c as u32;
                match marks.last_mut() {
                    Some(r) if r.1 + 1 == u => r.1 = u,
                    _ => marks.push((u, u)),
                }
            }
        }
        println!("MARKS ({}):", marks.len());
        for (lo, hi) in &marks {
            println!("    (0x{lo:X}, 0x{hi:X}),");
        }
        let latin: Vec<(u32, String)> = (0x80..=0xFF5Au32)
            .filter_map(char::from_u32)
            .filter(|&c| is_latin(c) && !unicode_normalization::char::is_combining_mark(c))
            .map(|c| {
                (
                    c as u32,
                    reference_latin(c),
                    c.to_lowercase().collect::<String>(),
                )
            })
            .filter(|(_, folded, lower)| folded != lower)
            .map(|(u, folded, _)| (u, folded))
            .collect();
        println!("LATIN_FOLD ({}):", latin.len());
        for (u, f) in &latin {
            let f: Vec<String> = f.chars().map(|c| format!("0x{:X}", c as u32)).collect();
            println!("    (0x{u:X}, {}),", f.join(" + "));
        }
    }

    #[test]
    fn asciify_keeps_case() {
        assert_eq!(asciify_punct("Russia’s “War”"), "Russia's \"War\"");
        assert_eq!(asciify_punct("André"), "André");
    }
}
