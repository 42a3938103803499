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

/// `key=value` pairs of a normalized value or a relation, whatever its fields.
fn pairs(v: &impl serde::Serialize) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::Object(o)) => o
            .iter()
            .filter(|(k, _)| k.as_str() != "entity")
            .map(|(k, v)| match v {
                serde_json::Value::String(s) => format!("{k}={s}"),
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

/// The names of one kind, most mentioned first (the analysis's order).
fn name_section(out: &mut String, title: &str, ents: &[&EntityOut]) {
    let _ = writeln!(out, "\n{title} ({})", ents.len());
    if ents.is_empty() {
        out.push_str("  (none)\n");
        return;
    }
    let width = ents
        .iter()
        .map(|e| e.name.chars().count())
        .max()
        .unwrap_or(0)
        .min(36);
    for e in ents {
        let mut notes = Vec::new();
        if let Some(r) = &e.role {
            notes.push(one_line(r));
        }
        if !e.aliases.is_empty() {
            notes.push(format!("also {}", e.aliases.join(", ")));
        }
        if let Some(r) = &e.related {
            notes.push(pairs(r));
        }
        let line = format!(
            "  {:<width$}  {:>10}  {}",
            one_line(&e.name),
            plural(e.mentions.len(), "mention", "mentions"),
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
    name_section(&mut out, "People", &of("PER"));
    name_section(&mut out, "Organisations", &of("ORG"));
    name_section(&mut out, "Places", &of("LOC"));
    name_section(&mut out, "Other names", &of("MISC"));
    let values: Vec<&EntityOut> = a
        .entities
        .iter()
        .filter(|e| !matches!(e.label, "PER" | "ORG" | "LOC" | "MISC"))
        .collect();
    let _ = writeln!(out, "\nDates and values ({})", values.len());
    if values.is_empty() {
        out.push_str("  (none)\n");
    }
    let width = values
        .iter()
        .map(|e| e.name.chars().count())
        .max()
        .unwrap_or(0)
        .min(36);
    for e in &values {
        let line = format!(
            "  {:<8}  {:<width$}  {:>10}  {}",
            e.label,
            one_line(&e.name),
            plural(e.mentions.len(), "mention", "mentions"),
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
