//! The query language, forgiving by design:
//!
//! - words: `budget tax` (documents with all words first, then those with fewer);
//! - phrases: `"prime minister"` (straight or curly quotes);
//! - exclusion: `-word`, `-"exact phrase"`;
//! - alternatives: `tax OR budget`;
//! - fields: `title:`, `person:`, `org:`, `place:`, `speaker:`, `keyphrase:`
//!   followed by a word or a quoted phrase (`person:"Tony Blair"`).
//!
//! An entity field that no document has yet (no extractor filled it) falls
//! back to titles and texts, so `person:"Tony Blair"` finds the name anyway.
//!
//! Nothing is an error: an unbalanced quote reads the rest as words, a lone `-`
//! or a dangling `OR` is ignored, an unknown field (`foo:bar`) is read as words.

use super::analysis::{all_cjk, cjk_query_terms, is_indexed, is_stop_word, MAX_TERM_BYTES};
use super::Field;
use crate::text::tokenize_fast;

/// Fields a query unit may be restricted to (a bit mask of [`Field`]s).
pub type FieldMask = u8;

/// Most positive clauses (and most exclusions) a query keeps.
pub const MAX_CLAUSES: usize = 64;

/// Every field.
pub const ALL_FIELDS: FieldMask = 0x7f;

/// One matchable unit of a query.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Unit {
    /// A word (folded), matched exactly, by stem, by prefix or with typos.
    Word {
        /// The folded word.
        term: String,
        /// Fields it may match in.
        fields: FieldMask,
        /// True for the last word of the query (prefix-matched when asked).
        last: bool,
    },
    /// A phrase: folded words with their token offsets (punctuation counts),
    /// matched exactly and in order. A quoted single word is a one-word phrase
    /// (exact form only).
    Phrase {
        /// Words and their offsets from the first word.
        words: Vec<(String, u32)>,
        /// Fields it may match in.
        fields: FieldMask,
    },
}

impl Unit {
    /// The unit as the user wrote it (folded), for explanations.
    pub fn label(&self) -> String {
        match self {
            Unit::Word { term, .. } => term.clone(),
            Unit::Phrase { words, .. } => {
                let w: Vec<&str> = words.iter().map(|(w, _)| w.as_str()).collect();
                format!("\"{}\"", w.join(" "))
            }
        }
    }

    /// Fields the unit may match in.
    pub fn fields(&self) -> FieldMask {
        match self {
            Unit::Word { fields, .. } | Unit::Phrase { fields, .. } => *fields,
        }
    }
}

/// A query clause: alternatives joined by `OR`; a document matches the clause
/// when it matches any alternative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// The alternatives.
    pub alts: Vec<Unit>,
    /// True when the clause need not match (a stop word).
    pub optional: bool,
    /// True when the clause is an unquoted word that directly follows the
    /// previous clause's unquoted word in the query (`north korea`): the two
    /// are highlighted as a phrase where they occur together.
    pub joined: bool,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// Positive clauses, in query order.
    pub clauses: Vec<Clause>,
    /// Excluded units (`-word`, `-"phrase"`).
    pub exclude: Vec<Unit>,
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201E}' | '\u{00AB}')
}

fn is_close_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201D}' | '\u{201C}' | '\u{00BB}')
}

fn field_mask(name: &str) -> Option<FieldMask> {
    Some(match name.to_ascii_lowercase().as_str() {
        "title" => Field::Title.bit(),
        "person" | "people" => Field::Person.bit(),
        "org" | "organization" | "organisation" => Field::Org.bit(),
        "place" | "location" => Field::Place.bit(),
        "speaker" => Field::Speaker.bit(),
        "keyphrase" | "topic" => Field::Keyphrase.bit(),
        _ => return None,
    })
}

fn clip(s: &str) -> String {
    let mut end = s.len().min(MAX_TERM_BYTES);
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("").to_string()
}

/// Folded indexable words of a chunk of query text, with token offsets. A
/// run of adjacent all-CJK tokens becomes its character bigrams (see
/// [`super::analysis`]), each at the offset of its first character's token.
fn words_of(s: &str) -> Vec<(String, u32)> {
    // the text layer's tokens, by its fast path (the same tokens)
    let toks = tokenize_fast(s);
    let mut out = Vec::new();
    let mut first: Option<usize> = None;
    let mut run: Vec<(char, u32)> = Vec::new();
    let mut run_end: Option<usize> = None;
    for (i, t) in toks.iter().enumerate() {
        if !is_indexed(t.kind) || t.norm.is_empty() {
            cjk_query_terms_flush(&mut run, &mut out);
            continue;
        }
        let f = *first.get_or_insert(i);
        let off = (i - f) as u32;
        if all_cjk(&t.norm) {
            if run_end != Some(t.start) {
                cjk_query_terms_flush(&mut run, &mut out);
            }
            run.extend(t.norm.chars().map(|c| (c, off)));
            run_end = Some(t.end);
            continue;
        }
        cjk_query_terms_flush(&mut run, &mut out);
        out.push((clip(&t.norm), off));
    }
    cjk_query_terms_flush(&mut run, &mut out);
    out
}

fn cjk_query_terms_flush(run: &mut Vec<(char, u32)>, out: &mut Vec<(String, u32)>) {
    if !run.is_empty() {
        cjk_query_terms(run, out);
        run.clear();
    }
}

/// A raw piece of query syntax.
#[derive(Debug)]
enum Piece {
    /// Words (possibly several tokens), restricted to fields.
    Words(String, FieldMask, bool),
    /// A quoted phrase, restricted to fields.
    Phrase(String, FieldMask, bool),
    /// The `OR` operator.
    Or,
}

fn lex(q: &str) -> Vec<Piece> {
    let chars: Vec<(usize, char)> = q.char_indices().collect();
    let n = chars.len();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let byte = |i: usize| chars.get(i).map(|&(b, _)| b).unwrap_or(q.len());
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let Some(c) = at(i) else { break };
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let mut neg = false;
        if c == '-' || c == '\u{2212}' {
            match at(i + 1) {
                Some(d) if !d.is_whitespace() && d != '-' => {
                    neg = true;
                    i += 1;
                }
                _ => {
                    // a lone dash: ignored
                    i += 1;
                    continue;
                }
            }
        }
        // a field prefix: letters then ':' then something
        let mut fields = super::query::ALL_FIELDS;
        {
            let mut j = i;
            while at(j).is_some_and(|c| c.is_ascii_alphabetic()) {
                j += 1;
            }
            if j > i && at(j) == Some(':') && at(j + 1).is_some_and(|c| !c.is_whitespace()) {
                let name = q.get(byte(i)..byte(j)).unwrap_or("");
                if let Some(m) = field_mask(name) {
                    fields = m;
                } else {
                    // an unknown field is read as a word
                    out.push(Piece::Words(name.to_string(), ALL_FIELDS, neg));
                    neg = false;
                }
                i = j + 1;
            }
        }
        let Some(c) = at(i) else { break };
        if is_open_quote(c) {
            // find the closing quote
            let mut j = i + 1;
            while j < n && !at(j).is_some_and(is_close_quote) {
                j += 1;
            }
            if j < n {
                let inner = q.get(byte(i + 1)..byte(j)).unwrap_or("");
                out.push(Piece::Phrase(inner.to_string(), fields, neg));
                i = j + 1;
                continue;
            }
            // unbalanced: the rest is read as words
            i += 1;
            continue;
        }
        let mut j = i;
        while j < n && !at(j).is_some_and(|c| c.is_whitespace() || is_open_quote(c)) {
            j += 1;
        }
        let chunk = q.get(byte(i)..byte(j)).unwrap_or("");
        if chunk == "OR" && !neg && fields == ALL_FIELDS {
            out.push(Piece::Or);
        } else if !chunk.is_empty() {
            out.push(Piece::Words(chunk.to_string(), fields, neg));
        }
        i = j.max(i + 1);
    }
    out
}

/// Drops clauses equal to an earlier one, so a repeated word is scored once
/// (and its repeats earn no proximity bonus with themselves). Returns where
/// the last clause went (the word typed last, when it repeats an earlier one).
fn dedup_clauses(clauses: &mut Vec<Clause>) -> Option<usize> {
    let mut first: std::collections::HashMap<Vec<Unit>, usize> =
        std::collections::HashMap::with_capacity(clauses.len());
    let mut kept: Vec<Clause> = Vec::with_capacity(clauses.len());
    let mut last = None;
    let mut dropped = false;
    for mut c in clauses.drain(..) {
        let k = *first.entry(c.alts.clone()).or_insert(kept.len());
        if k == kept.len() {
            // a word joins the one before it only if that one is still there
            c.joined &= !dropped;
            kept.push(c);
            dropped = false;
        } else {
            dropped = true;
        }
        last = Some(k);
    }
    *clauses = kept;
    last
}

/// Parses a query (never fails; see the module documentation).
pub fn parse_query(q: &str) -> Query {
    let mut end = q.len().min(super::MAX_QUERY_BYTES);
    while end > 0 && !q.is_char_boundary(end) {
        end -= 1;
    }
    let q = q.get(..end).unwrap_or("");
    let mut query = Query::default();
    let mut or_pending = false;
    // whether the last piece was an unquoted word (one a next word joins)
    let mut after_word = false;
    let push = |query: &mut Query, unit: Unit, or_pending: &mut bool, joined: bool| {
        if *or_pending {
            if let Some(last) = query.clauses.last_mut() {
                last.alts.push(unit);
                last.joined = false;
                *or_pending = false;
                return;
            }
        }
        *or_pending = false;
        query.clauses.push(Clause {
            alts: vec![unit],
            optional: false,
            joined,
        });
    };
    for piece in lex(q) {
        let word = matches!(&piece, Piece::Words(_, f, false) if *f == ALL_FIELDS) && !or_pending;
        let joined = word && after_word;
        after_word = word;
        match piece {
            Piece::Or => {
                or_pending = !query.clauses.is_empty();
                after_word = false;
            }
            Piece::Phrase(s, fields, neg) => {
                let words = words_of(&s);
                if words.is_empty() {
                    continue;
                }
                let unit = Unit::Phrase { words, fields };
                if neg {
                    query.exclude.push(unit);
                } else {
                    push(&mut query, unit, &mut or_pending, false);
                }
            }
            Piece::Words(s, fields, neg) => {
                let words = words_of(&s);
                if neg {
                    // `-U.S.-led` style chunks: exclude the exact sequence
                    if words.len() == 1 {
                        if let Some((w, _)) = words.into_iter().next() {
                            query.exclude.push(Unit::Word {
                                term: w,
                                fields,
                                last: false,
                            });
                        }
                    } else if !words.is_empty() {
                        query.exclude.push(Unit::Phrase { words, fields });
                    }
                    continue;
                }
                for (k, (w, _)) in words.into_iter().enumerate() {
                    let j = if k == 0 { joined } else { fields == ALL_FIELDS };
                    push(
                        &mut query,
                        Unit::Word {
                            term: w,
                            fields,
                            last: false,
                        },
                        &mut or_pending,
                        j,
                    );
                }
            }
        }
    }
    // a repeated clause or exclusion counts once (`the the the`, `tax tax`)
    let typed_last = dedup_clauses(&mut query.clauses);
    let mut seen = std::collections::HashSet::new();
    query.exclude.retain(|u| seen.insert(u.clone()));
    // bound the work a pasted wall of text can cause
    query.clauses.truncate(MAX_CLAUSES);
    query.exclude.truncate(MAX_CLAUSES);
    // the last word typed (when the query does not end in a space or quote)
    let ends_open = q
        .chars()
        .last()
        .is_some_and(|c| !c.is_whitespace() && !is_close_quote(c));
    if ends_open {
        let k = typed_last
            .filter(|&k| k < query.clauses.len())
            .unwrap_or(query.clauses.len().saturating_sub(1));
        if let Some(Unit::Word { last, .. }) =
            query.clauses.get_mut(k).and_then(|c| c.alts.last_mut())
        {
            *last = true;
        }
    }
    // stop words are optional, unless the query has nothing else
    for c in query.clauses.iter_mut() {
        c.optional = c.alts.iter().all(|u| match u {
            Unit::Word { term, fields, .. } => *fields == ALL_FIELDS && is_stop_word(term),
            Unit::Phrase { .. } => false,
        });
    }
    if query.clauses.iter().all(|c| c.optional) {
        for c in query.clauses.iter_mut() {
            c.optional = false;
        }
    }
    query
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(t: &str) -> Unit {
        Unit::Word {
            term: t.into(),
            fields: ALL_FIELDS,
            last: false,
        }
    }

    #[test]
    fn parses_every_form() {
        let q = parse_query("Blair “prime minister” -Brown -\"tax cut\" tax OR budget person:\"Tony Blair\" title:Iraq");
        assert_eq!(q.clauses.len(), 5);
        assert_eq!(q.clauses[0].alts, vec![word("blair")]);
        assert!(matches!(&q.clauses[1].alts[0], Unit::Phrase { words, .. } if words.len() == 2));
        assert_eq!(q.clauses[2].alts, vec![word("tax"), word("budget")]);
        assert!(
            matches!(&q.clauses[3].alts[0], Unit::Phrase { fields, .. } if *fields == Field::Person.bit())
        );
        assert!(
            matches!(&q.clauses[4].alts[0], Unit::Word { term, fields, last: true } if term == "iraq" && *fields == Field::Title.bit())
        );
        assert_eq!(q.exclude.len(), 2);
    }

    #[test]
    fn forgiving() {
        for s in [
            "",
            "-",
            "\"",
            "\"unbalanced quote",
            "OR",
            "a OR",
            "OR b",
            "foo:bar",
            "-\"",
            "::",
            "“",
            "title:",
            "person:\"",
            "- - -",
            "😀",
            "\u{0}",
        ] {
            let _ = parse_query(s);
        }
        let q = parse_query("\"unbalanced quote");
        assert_eq!(q.clauses.len(), 2);
        let q = parse_query("foo:bar");
        assert_eq!(q.clauses.len(), 2);
        let q = parse_query("the budget");
        assert!(q.clauses[0].optional && !q.clauses[1].optional);
        let q = parse_query("the");
        assert!(!q.clauses[0].optional);
    }
}
