//! Helpers for the quote, keyphrase and summary tests: hand-made entity lists
//! shaped like the entity engine's output, and UTF-16 slicing.
#![allow(dead_code)]

use lede::extract::EntityRef;
use std::ops::Range;

/// Word-bounded occurrences of `alias` in `text` (byte ranges).
fn find_all(text: &str, alias: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = text[from..].find(alias) {
        let s = from + p;
        let e = s + alias.len();
        let before_ok = text[..s]
            .chars()
            .next_back()
            .map_or(true, |c| !c.is_alphanumeric());
        let after_ok = text[e..]
            .chars()
            .next()
            .map_or(true, |c| !c.is_alphanumeric());
        if before_ok && after_ok {
            out.push(s..e);
        }
        from = e;
    }
    out
}

/// Builds entities from `(name, label, role, aliases)`: every word-bounded
/// occurrence of an alias is a mention, longer aliases first, no overlaps.
pub fn entities(text: &str, spec: &[(&str, &str, Option<&str>, &[&str])]) -> Vec<EntityRef> {
    let mut taken: Vec<Range<usize>> = Vec::new();
    let mut all: Vec<(usize, &str)> = Vec::new();
    for (i, (_, _, _, aliases)) in spec.iter().enumerate() {
        for a in aliases.iter() {
            all.push((i, a));
        }
    }
    all.sort_by_key(|(_, a)| std::cmp::Reverse(a.len()));
    let mut ents: Vec<EntityRef> = spec
        .iter()
        .map(|(name, label, role, _)| EntityRef {
            name: name.to_string(),
            label: lede::extract::Label::parse(label).expect("a label"),
            mentions: Vec::new(),
            role: role.map(str::to_string),
        })
        .collect();
    for (i, a) in all {
        for r in find_all(text, a) {
            if taken.iter().any(|t| t.start < r.end && r.start < t.end) {
                continue;
            }
            taken.push(r.clone());
            ents[i].mentions.push(r);
        }
    }
    for e in ents.iter_mut() {
        e.mentions.sort_by_key(|r| r.start);
    }
    ents
}

/// The seed article's entities, as the entity engine would give them.
pub fn seed_entities(text: &str) -> Vec<EntityRef> {
    entities(
        text,
        &[
            (
                "Kim Jong Un",
                "PER",
                Some("North Korean leader"),
                &["Kim Jong Un", "Kim"],
            ),
            (
                "Sergei Shoigu",
                "PER",
                Some("defence minister"),
                &["Sergey Shoigu", "Sergei Shoigu", "Shoigu"],
            ),
            ("KCNA", "ORG", None, &["Korean Central News Agency", "KCNA"]),
            ("North Korea", "LOC", None, &["North Korea"]),
            ("Russia", "LOC", None, &["Russia"]),
            ("Pyongyang", "LOC", None, &["Pyongyang"]),
            ("Washington", "LOC", None, &["Washington"]),
            ("Moscow", "LOC", None, &["Moscow"]),
            ("Ukraine", "LOC", None, &["Ukraine"]),
            ("Seoul", "LOC", None, &["Seoul"]),
            ("NK News", "ORG", None, &["NK News"]),
            ("AFP", "ORG", None, &["AFP"]),
            (
                "Marie de La Roche Saint-André",
                "PER",
                None,
                &["Marie de La Roche Saint-André"],
            ),
        ],
    )
}

/// UTF-16 slice of `text` (what JS `text.slice(start, end)` returns).
pub fn slice16(text: &str, start: u32, end: u32) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[start as usize..end as usize]).expect("code-point boundaries")
}
