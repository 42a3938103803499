//! `lede analyze --format text|csv`: an [`Analysis`] for people rather than
//! programs.
//!
//! - [`text_report`]: a readable report — people, organisations, places and
//!   other names with their mention counts, aliases and roles; dates and
//!   values; quotes and reported speech with their speakers; keyphrases; the
//!   summary sentences.
//! - [`mentions_csv`]: one row per mention, `start,end,label,text,entity,entity_name`,
//!   quoted as RFC 4180 says (fields holding `,`, `"`, CR or LF between double
//!   quotes, a `"` doubled); `start`/`end` are the JSON's UTF-16 offsets,
//!   `entity` the index into its `entities`. Lines end in `\n`.
//!
//! Both read the same [`Analysis`] the JSON prints, so the three formats never
//! disagree.

use crate::pipeline::{Analysis, EntityOut, QuoteOut};
use crate::text::{OffsetMap, Span16};
use std::fmt::Write;

/// One CSV field, quoted when it must be.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The mentions of `a` as CSV, a header line first.
pub fn mentions_csv(a: &Analysis) -> String {
    let mut out = String::from("start,end,label,text,entity,entity_name\n");
    for m in &a.mentions {
        let name = a.entities.get(m.entity).map_or("", |e| e.name.as_str());
        let _ = writeln!(
            out,
            "{},{},{},{},{},{}",
            m.start,
            m.end,
            m.label,
            csv_field(&m.text),
            m.entity,
            csv_field(name)
        );
    }
    out
}

/// Whitespace runs (newlines included) as one space: a report line stays one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `key=value` pairs of a normalized value, whatever its fields (whole
/// numbers without a `.0`).
fn pairs(v: &impl serde::Serialize) -> String {
    use serde_json::Value as J;
    match serde_json::to_value(v) {
        Ok(J::Object(o)) => o
            .iter()
            .map(|(k, v)| match v {
                J::String(s) => format!("{k}={s}"),
                J::Number(n) => match n.as_f64() {
                    Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{k}={}", x as i64),
                    _ => format!("{k}={n}"),
                },
                v => format!("{k}={v}"),
            })
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Widest name column, in characters; longer names are cut with `…`.
const NAME_WIDTH: usize = 40;

/// `s` on one line, cut to `width` characters (the last one `…`).
fn fit(s: &str, width: usize) -> String {
    let s = one_line(s);
    if s.chars().count() <= width {
        return s;
    }
    let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
    t.push('…');
    t
}

/// A mention count as a fixed-width column (`  7 mentions`, `  1 mention `).
fn count(n: usize) -> String {
    format!("{n:>3} {:<8}", if n == 1 { "mention" } else { "mentions" })
}

/// The names of one kind, most mentioned first (the analysis's order).
fn name_section(out: &mut String, title: &str, ents: &[&EntityOut], width: usize) {
    let _ = writeln!(out, "\n{title} ({})", ents.len());
    if ents.is_empty() {
        out.push_str("  (none)\n");
        return;
    }
    for e in ents {
        let mut notes = Vec::new();
        if let Some(r) = &e.role {
            notes.push(one_line(r));
        }
        if !e.aliases.is_empty() {
            notes.push(format!("also {}", e.aliases.join(", ")));
        }
        if let Some(r) = &e.related {
            // "demonym-of" + "Russia": "demonym of Russia"
            notes.push(format!(
                "{} {}",
                r.relation.replace('-', " "),
                one_line(&r.name)
            ));
        }
        let line = format!(
            "  {:<width$}  {}  {}",
            fit(&e.name, width),
            count(e.mentions.len()),
            notes.join("; ")
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// The words of `span` in `text` (UTF-16 offsets, as in the analysis).
fn slice(text: &str, map: &OffsetMap, span: Span16) -> String {
    one_line(text.get(map.byte_range(span)).unwrap_or(""))
}

fn quote_section(
    out: &mut String,
    title: &str,
    text: &str,
    map: &OffsetMap,
    a: &Analysis,
    qs: &[QuoteOut],
) {
    let _ = writeln!(out, "\n{title} ({})", qs.len());
    if qs.is_empty() {
        out.push_str("  (none)\n");
        return;
    }
    for q in qs {
        let who = match (q.speaker.and_then(|i| a.entities.get(i)), q.speaker_span) {
            (Some(e), _) => one_line(&e.name),
            (None, Some(s)) => slice(text, map, s),
            (None, None) => "(speaker unknown)".to_string(),
        };
        let cue = q
            .cue
            .as_ref()
            .map(|c| format!(" ({})", one_line(&c.text)))
            .unwrap_or_default();
        let _ = writeln!(out, "  “{}”\n      — {who}{cue}", one_line(&q.text));
    }
}

/// A readable report of the analysis of `text` (see the module documentation).
pub fn text_report(text: &str, a: &Analysis) -> String {
    let map = OffsetMap::new(text);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}, {}, {}",
        plural(a.paragraphs.len(), "paragraph", "paragraphs"),
        plural(a.sentences.len(), "sentence", "sentences"),
        plural(a.mentions.len(), "mention", "mentions")
    );
    let of = |label: &str| -> Vec<&EntityOut> {
        a.entities.iter().filter(|e| e.label == label).collect()
    };
    // one name column for every section
    let width = a
        .entities
        .iter()
        .map(|e| one_line(&e.name).chars().count())
        .max()
        .unwrap_or(0)
        .min(NAME_WIDTH);
    name_section(&mut out, "People", &of("PER"), width);
    name_section(&mut out, "Organisations", &of("ORG"), width);
    name_section(&mut out, "Places", &of("LOC"), width);
    name_section(&mut out, "Other names", &of("MISC"), width);
    let values: Vec<&EntityOut> = a
        .entities
        .iter()
        .filter(|e| !matches!(e.label, "PER" | "ORG" | "LOC" | "MISC"))
        .collect();
    let _ = writeln!(out, "\nDates and values ({})", values.len());
    if values.is_empty() {
        out.push_str("  (none)\n");
    }
    // the label column takes 10 of the name column's characters
    let w = values
        .iter()
        .map(|e| one_line(&e.name).chars().count())
        .max()
        .unwrap_or(0)
        .min(NAME_WIDTH - 10);
    for e in &values {
        let line = format!(
            "  {:<8}  {:<w$}  {}  {}",
            e.label,
            fit(&e.name, w),
            count(e.mentions.len()),
            e.value.as_ref().map(pairs).unwrap_or_default()
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    quote_section(&mut out, "Quotes", text, &map, a, &a.quotes);
    quote_section(&mut out, "Reported speech", text, &map, a, &a.attributions);
    let _ = writeln!(out, "\nKeyphrases ({})", a.keyphrases.len());
    if a.keyphrases.is_empty() {
        out.push_str("  (none)\n");
    }
    for k in &a.keyphrases {
        let _ = writeln!(
            out,
            "  {}  ({})",
            one_line(&k.text),
            plural(k.occurrences.len(), "occurrence", "occurrences")
        );
    }
    let _ = writeln!(
        out,
        "\nSummary ({})",
        plural(a.summary.len(), "sentence", "sentences")
    );
    if a.summary.is_empty() {
        out.push_str("  (none)\n");
    }
    for s in &a.summary {
        let span = Span16 {
            start: s.start,
            end: s.end,
        };
        let _ = writeln!(out, "  {}", slice(text, &map, span));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("Kim Jong Un"), "Kim Jong Un");
        assert_eq!(csv_field("Smith, John"), "\"Smith, John\"");
        assert_eq!(csv_field("the \"Iron Lady\""), "\"the \"\"Iron Lady\"\"\"");
        assert_eq!(csv_field("a\nb"), "\"a\nb\"");
        assert_eq!(csv_field(""), "");
    }
}
