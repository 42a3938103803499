//! Paragraphs (blank-line separated) and sentences.

use super::tokens::{is_abbreviation, line_break_before, Token, TokenKind};
use std::ops::Range;

/// Byte ranges of the paragraphs of `text`: maximal runs of non-blank lines,
/// trimmed of surrounding whitespace.
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut cur: Option<Range<usize>> = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let ls = pos;
        pos += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if let Some(p) = cur.take() {
                out.push(p);
            }
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let s = ls + lead;
        let e = s + trimmed.len();
        cur = Some(match cur {
            Some(p) => p.start..e,
            None => s..e,
        });
    }
    if let Some(p) = cur {
        out.push(p);
    }
    out
}

fn is_terminal(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？'))
}

fn is_closer(s: &str) -> bool {
    matches!(
        s,
        "”" | "’" | "\"" | "'" | ")" | "]" | "»" | "}" | "」" | "』"
    )
}

/// Words that, capitalized after an abbreviation, most likely start a new sentence.
const STARTERS: &[&str] = &[
    "the",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "but",
    "and",
    "a",
    "an",
    "in",
    "on",
    "this",
    "that",
    "there",
    "his",
    "her",
    "its",
    "their",
    "our",
    "these",
    "those",
    "however",
    "meanwhile",
    "after",
    "when",
    "while",
    "if",
    "as",
    "at",
    "for",
    "from",
    "some",
    "many",
    "most",
    "one",
    "no",
    "not",
    "yet",
    "so",
    "then",
    "now",
    "officials",
    "police",
];

const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "cpl", "adm",
    "cmdr", "cdr", "sen", "rep", "gov", "pres", "rev", "hon", "st", "mt", "ft", "messrs", "mme",
    "mlle", "supt", "insp", "det", "atty",
];

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

fn starts_lower(t: &Token, text: &str) -> bool {
    t.text(text).chars().next().is_some_and(char::is_lowercase)
}

fn starts_digit(t: &Token, text: &str) -> bool {
    t.text(text)
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit())
}

/// True when the paragraph's first line ends at token `i` (of the paragraph
/// starting at token `ps`) as a headline does: no sentence punctuation at
/// its end (that case is a boundary anyway), and the next line starts with
/// a capital, a digit or an opening quote (`Family of woman who died after
/// contaminated IV sues` / `BIRMINGHAM, Ala (Reuters) - The family…`). A
/// first line ending in a small word, a comma or a dash runs on (text
/// wrapped by hand: `… met with` / `President Obama`).
fn headline_ends(text: &str, tokens: &[Token], ps: usize, i: usize) -> bool {
    let (Some(t), Some(next), Some(first)) = (tokens.get(i), tokens.get(i + 1), tokens.get(ps))
    else {
        return false;
    };
    if !line_break_before(text, tokens, i + 1)
        || text
            .get(first.start..t.end)
            .is_some_and(|l| l.contains('\n'))
    {
        return false;
    }
    let last = t.text(text);
    let runs_on = matches!(
        last,
        "," | ";" | ":" | "-" | "–" | "—" | "(" | "[" | "“" | "‘" | "/" | "&"
    ) || (t.kind == TokenKind::Word
        && starts_lower(t, text)
        && super::stopwords::is_stop_word(&t.norm));
    let opens = next.is_capitalized(text)
        || starts_digit(next, text)
        || matches!(next.text(text), "“" | "\"" | "‘" | "'");
    !runs_on && opens
}

/// Sentences of `text` as token-index ranges into `tokens` (as made by
/// [`tokenize`](super::tokenize)), never crossing a paragraph in `paras`.
pub fn sentence_token_ranges(
    text: &str,
    tokens: &[Token],
    paras: &[Range<usize>],
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut ti = 0;
    for p in paras {
        // tokens of this paragraph
        while ti < tokens.len() && tokens[ti].start < p.start {
            ti += 1;
        }
        let ps = ti;
        while ti < tokens.len() && tokens[ti].end <= p.end {
            ti += 1;
        }
        let pe = ti;
        split_paragraph(text, tokens, ps, pe, &mut out);
    }
    out
}

fn split_paragraph(
    text: &str,
    tokens: &[Token],
    ps: usize,
    pe: usize,
    out: &mut Vec<Range<usize>>,
) {
    let mut s = ps;
    let mut i = ps;
    while i < pe {
        let t = &tokens[i];
        let tt = t.text(text);
        let mut boundary_after: Option<usize> = None;
        if t.kind == TokenKind::Punct && is_terminal(tt) {
            // absorb closing quotes and brackets
            let mut j = i + 1;
            while j < pe && is_closer(tokens[j].text(text)) && tokens[j].start == tokens[j - 1].end
            {
                j += 1;
            }
            let last = j - 1;
            if j >= pe {
                boundary_after = Some(last);
            } else {
                let next = &tokens[j];
                let nt = next.text(text);
                let prev_no =
                    i > ps && tt == "." && tokens[i - 1].norm == "no" && starts_digit(next, text);
                if starts_lower(next, text)
                    || matches!(nt, "," | ";" | ":" | ")" | "]" | "—" | "–")
                    || prev_no
                {
                    // not a boundary
                } else {
                    boundary_after = Some(last);
                }
            }
            i = last;
        } else if s == ps && i + 1 < pe && headline_ends(text, tokens, ps, i) {
            boundary_after = Some(i);
        } else if t.kind == TokenKind::Word && tt.ends_with('.') && i + 1 < pe {
            let next = &tokens[i + 1];
            let stem = t.norm.trim_end_matches('.');
            let letters = stem.chars().filter(|c| c.is_alphabetic()).count();
            let next_cap = next.is_capitalized(text);
            let starter = next_cap && STARTERS.contains(&next.norm.as_str());
            let boundary =
                if TITLES.contains(&stem) || MONTHS.contains(&stem) && starts_digit(next, text) {
                    false
                } else if letters == 1 && !stem.contains('.') {
                    // an initial: `J. K. Rowling`
                    starter && next.norm != "a" && next.norm != "i"
                } else if starts_lower(next, text) || !next_cap && next.kind != TokenKind::Punct {
                    false
                } else if next.kind == TokenKind::Punct {
                    // an opening quote after an abbreviation that ends a sentence
                    matches!(next.text(text), "“" | "\"" | "‘")
                } else if stem.contains('.') || is_abbreviation(stem) {
                    starter
                } else {
                    true
                };
            if boundary {
                boundary_after = Some(i);
            }
        }
        if let Some(b) = boundary_after {
            out.push(s..b + 1);
            s = b + 1;
        }
        i += 1;
    }
    if s < pe {
        out.push(s..pe);
    }
}

#[cfg(test)]
mod tests {
    use super::super::tokenize;
    use super::*;

    fn sents(text: &str) -> Vec<&str> {
        let toks = tokenize(text);
        let paras = paragraphs(text);
        sentence_token_ranges(text, &toks, &paras)
            .into_iter()
            .map(|r| &text[toks[r.start].start..toks[r.end - 1].end])
            .collect()
    }

    #[test]
    fn paragraphs_trimmed() {
        let t = "  One.\nstill one.\n\n \n Two. \r\n\r\nThree";
        let p: Vec<&str> = paragraphs(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(p, ["One.\nstill one.", "Two.", "Three"]);
    }

    #[test]
    fn sentence_rules() {
        assert_eq!(
            sents("Mr. Smith went to the U.S. embassy on Jan. 5. He left."),
            ["Mr. Smith went to the U.S. embassy on Jan. 5.", "He left."]
        );
        assert_eq!(
            sents("She met J. K. Rowling. It rained 2.5 mm... Then sun."),
            ["She met J. K. Rowling.", "It rained 2.5 mm...", "Then sun."]
        );
        assert_eq!(
            sents("“We will win.” The crowd cheered. “Why?” he asked."),
            ["“We will win.”", "The crowd cheered.", "“Why?” he asked."]
        );
        assert_eq!(
            sents("He moved to the U.S. The next day he left."),
            ["He moved to the U.S.", "The next day he left."]
        );
        assert_eq!(
            sents("Title line\n\nBody one. Body two"),
            ["Title line", "Body one.", "Body two"]
        );
    }

    #[test]
    fn a_headline_on_the_first_line_is_a_sentence() {
        // a title and its article on the next line, no blank line between
        assert_eq!(
            sents(
                "Family of woman who died after contaminated IV sues\nBIRMINGHAM, Ala \
                 (Reuters) - The family filed a lawsuit. It was dismissed."
            ),
            [
                "Family of woman who died after contaminated IV sues",
                "BIRMINGHAM, Ala (Reuters) - The family filed a lawsuit.",
                "It was dismissed."
            ]
        );
        assert_eq!(
            sents("Steve Carell with Keira Knightley\n“Seeking a Friend” opens today."),
            [
                "Steve Carell with Keira Knightley",
                "“Seeking a Friend” opens today."
            ]
        );
        // text wrapped by hand runs on: a small word, a comma, a lower-case
        // next line, and any line after the first
        assert_eq!(
            sents("The senator met with\nPresident Obama on Monday."),
            ["The senator met with\nPresident Obama on Monday."]
        );
        assert_eq!(
            sents("In Paris,\nMacron spoke. He said\nNothing more."),
            ["In Paris,\nMacron spoke.", "He said\nNothing more."]
        );
        assert_eq!(
            sents("Prices rose sharply\nand markets fell."),
            ["Prices rose sharply\nand markets fell."]
        );
    }
}
