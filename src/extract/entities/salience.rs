//! Salience: which entities the article is about.
//!
//! The most frequent names are not always the subject: a country named in
//! every paragraph of a business story, a newspaper credited three times.
//! News writing puts its subject in the lead and lets it speak, so each name
//! entity is scored from its mentions:
//!
//! - **lead**: named in the first sentence (the headline or the lede), or in
//!   the second or third;
//! - **speaker**: named right next to a speech verb (`X said`, `said X`,
//!   `X told`, `according to X`) — a person quoted;
//! - **repetition**: the number of mentions, on a log scale;
//! - **spread**: the share of paragraphs it is named in;
//! - **earliness**: how soon it is first named;
//! - **kind**: people and organisations count a little more than places and
//!   other names (the setting of a story rarely is its subject);
//! - **quoted**: how many quotes the article gives it, on a log scale, when
//!   the quotes are known ([`rank`]'s `quoted`): a person the story lets
//!   speak four times is one it is about, even when named only once and
//!   then called `he`.
//!
//! The scores are scaled to [0, 1] (the top entity has 1), names are ordered
//! by them (ties: more mentions, then the earlier first mention) and values
//! (dates, money) follow in their order with a salience of 0. [`rank`]
//! reorders an [`EntityAnalysis`] in place, re-pointing mentions and
//! relations, returns where each entity went (for anything else that points
//! at entities, such as quotes' speakers), and is linear in the number of
//! mentions (plus sorting). The pipeline ranks twice: once before quotes are
//! found (they read the names in that order), then with their speakers.

use super::EntityAnalysis;
use crate::extract::Label;
use crate::text::{Token, TokenKind};
use std::cmp::Ordering;
use std::ops::Range;

/// Speech verbs that mark the name next to them as a speaker.
const SPEECH: [&str; 14] = [
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "explained",
    "insisted",
    "argued",
    "warned",
    "believes",
    "according",
    "admitted",
];

/// True for a folded speech verb of [`SPEECH`].
fn is_speech(norm: &str) -> bool {
    SPEECH.contains(&norm)
}

/// Weight of the quoted feature: `QUOTED × ln(1 + quotes)` is added to a
/// person's raw score, half of it to another name's (one quote ≈ half a
/// mention in the first sentence). Chosen on the BBC salience dev set
/// (`lede eval-speakers`): 71 of 100 without it, 79 at 0.8–1.2, 80 at
/// 1.6–2.0; read on other BBC articles, the higher weights let an analyst
/// quoted twice lead a business story over the companies in its headline,
/// so the lower end. A full weight for organisations put the agency a
/// story quotes above the people it is about.
const QUOTED: f64 = 0.8;

/// The new order [`rank`] gave the entities.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ranked {
    /// The salience of every entity, in the new order (values get 0).
    pub salience: Vec<f64>,
    /// `new_of[old]`: the new index of the entity that was at `old`.
    pub new_of: Vec<usize>,
}

/// Scores the name entities of `analysis`, orders them by salience and
/// returns their salience in the new order and where each went.
/// `sentences` are the token ranges of the text's sentences, `paragraphs`
/// the byte ranges of its paragraphs; `quoted[i]` (when given) is the number
/// of quotes attributed to entity `i` (missing entries count 0).
pub fn rank(
    tokens: &[Token],
    sentences: &[Range<usize>],
    paragraphs: &[Range<usize>],
    analysis: &mut EntityAnalysis,
    quoted: &[usize],
) -> Ranked {
    let n = analysis.entities.len();
    let raw: Vec<f64> = analysis
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| {
            if !e.label.is_name() || e.related.is_some() {
                return 0.0;
            }
            let ms: Vec<&Range<usize>> = e
                .mentions
                .iter()
                .filter_map(|&m| analysis.mentions.get(m).map(|x| &x.tokens))
                .collect();
            let q = quoted.get(i).copied().unwrap_or(0) as f64;
            // a quoted organisation is often the story's source (an agency,
            // a statement), a quoted person more often its subject
            let w = if e.label == Label::Per {
                QUOTED
            } else {
                QUOTED / 2.0
            };
            score(tokens, sentences, paragraphs, e.label, &ms) + w * (1.0 + q).ln()
        })
        .collect();
    let max = raw.iter().copied().fold(0.0, f64::max);
    let sal: Vec<f64> = raw
        .iter()
        .map(|r| {
            if max > 0.0 {
                (r / max * 1000.0).round() / 1000.0
            } else {
                0.0
            }
        })
        .collect();
    // new order: names by salience, then values as they were
    let first = |i: usize| {
        analysis.entities[i]
            .mentions
            .first()
            .and_then(|&m| analysis.mentions.get(m))
            .map_or(usize::MAX, |m| m.range.start)
    };
    let is_value = |i: usize| !analysis.entities[i].label.is_name();
    let mut order: Vec<usize> = (0..n).collect();
    crate::text::sort::sort_by(&mut order, |&a, &b| {
        is_value(a).cmp(&is_value(b)).then(if is_value(a) {
            a.cmp(&b)
        } else {
            sal[b]
                .partial_cmp(&sal[a])
                .unwrap_or(Ordering::Equal)
                .then(
                    analysis.entities[b]
                        .mentions
                        .len()
                        .cmp(&analysis.entities[a].mentions.len()),
                )
                .then(first(a).cmp(&first(b)))
        })
    });
    let mut new_of = vec![0usize; n];
    for (new, &old) in order.iter().enumerate() {
        new_of[old] = new;
    }
    let mut old = std::mem::take(&mut analysis.entities)
        .into_iter()
        .map(Some)
        .collect::<Vec<_>>();
    for &o in &order {
        if let Some(mut e) = old.get_mut(o).and_then(Option::take) {
            if let Some(r) = e.related.as_mut() {
                r.entity = r.entity.and_then(|x| new_of.get(x).copied());
            }
            analysis.entities.push(e);
        }
    }
    for m in analysis.mentions.iter_mut() {
        if let Some(&x) = new_of.get(m.entity) {
            m.entity = x;
        }
    }
    Ranked {
        salience: order.iter().map(|&o| sal[o]).collect(),
        new_of,
    }
}

/// The raw salience of a name entity with mentions at token ranges `ms`.
fn score(
    tokens: &[Token],
    sentences: &[Range<usize>],
    paragraphs: &[Range<usize>],
    label: Label,
    ms: &[&Range<usize>],
) -> f64 {
    if ms.is_empty() {
        return 0.0;
    }
    let sent_of = |t: usize| sentences.partition_point(|r| r.end <= t);
    let para_of = |t: usize| {
        let b = tokens.get(t).map_or(0, |x| x.start);
        paragraphs.partition_point(|r| r.end <= b)
    };
    let first_sent = ms.iter().map(|m| sent_of(m.start)).min().unwrap_or(0);
    let lead = match first_sent {
        0 => 1.0,
        1 | 2 => 0.5,
        _ => 0.0,
    };
    let speaker = ms.iter().any(|m| next_to_speech(tokens, m));
    let mut paras: Vec<usize> = ms.iter().map(|m| para_of(m.start)).collect();
    paras.dedup();
    paras.sort_unstable();
    paras.dedup();
    let spread = paras.len() as f64 / paragraphs.len().max(1) as f64;
    let repetition = (1.0 + ms.len() as f64).ln();
    let earliness = 1.0 - first_sent as f64 / sentences.len().max(1) as f64;
    let kind = match label {
        Label::Per | Label::Org => 1.0,
        _ => 0.75,
    };
    kind * (1.0 * lead
        + 0.6 * f64::from(u8::from(speaker))
        + 0.7 * repetition
        + 0.5 * spread
        + 0.4 * earliness)
}

/// True when a speech verb sits right before or after the mention
/// (`X said`, `X has said`, `said X`, `according to X`; not `told X`, the
/// one spoken to), across at most one
/// auxiliary or a comma-closed appositive's end, and post-nominal letters
/// (`X MP said`).
fn next_to_speech(tokens: &[Token], m: &Range<usize>) -> bool {
    let word = |i: usize| {
        tokens
            .get(i)
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| t.norm.as_str())
    };
    // post-nominal letters the name was cut from (`Peter Ainsworth MP, said`)
    let end = m.end + usize::from(word(m.end).is_some_and(super::shape::is_post_nominal_norm));
    let after = (end..end + 2).any(|i| word(i).is_some_and(is_speech));
    // `said X` names the speaker, `told X` its audience (`told BBC News`)
    let before = m.start > 0
        && word(m.start - 1).is_some_and(|w| is_speech(w) && w != "told" && w != "tells")
        || m.start > 1 && word(m.start - 2) == Some("according");
    after || before
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::entities::{Entity, Mention};
    use crate::text::TextLayer;

    fn ent(name: &str, label: Label, mentions: Vec<usize>) -> Entity {
        Entity {
            name: name.to_string(),
            label,
            mentions,
            aliases: Vec::new(),
            role: None,
            value: None,
            related: None,
            confidence: 1.0,
        }
    }

    #[test]
    fn the_lead_and_the_speaker_outrank_a_repeated_setting() {
        let text = "Acme Corp cut 500 jobs, its chief Ann Lee said.\n\n\
                    The cuts hit London. London staff were told first. London offices close.\n\n\
                    \"It is hard,\" Lee said.";
        let layer = TextLayer::new(text);
        let find = |w: &str| -> Vec<Range<usize>> {
            let mut out = Vec::new();
            for (i, t) in layer.tokens.iter().enumerate() {
                if t.text(text) == w {
                    out.push(i..i + 1);
                }
            }
            out
        };
        let mut mentions = Vec::new();
        let mut ents = Vec::new();
        for (name, label, w) in [
            ("London", Label::Loc, "London"),
            ("Ann Lee", Label::Per, "Lee"),
            ("Acme Corp", Label::Org, "Acme"),
        ] {
            let mut ids = Vec::new();
            for r in find(w) {
                ids.push(mentions.len());
                mentions.push(Mention {
                    range: layer.tokens[r.start].start..layer.tokens[r.end - 1].end,
                    tokens: r,
                    label,
                    entity: ents.len(),
                    confidence: 1.0,
                });
            }
            ents.push(ent(name, label, ids));
        }
        let mut a = EntityAnalysis {
            mentions,
            entities: ents,
        };
        let sal = rank(
            &layer.tokens,
            &layer.sentence_tokens,
            &layer.paragraphs,
            &mut a,
            &[],
        )
        .salience;
        let names: Vec<&str> = a.entities.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names[2], "London", "{names:?} {sal:?}");
        assert_eq!(sal[0], 1.0);
        assert!(sal.windows(2).all(|w| w[0] >= w[1]), "{sal:?}");
        // mentions point at the entities' new places
        for m in &a.mentions {
            let e = &a.entities[m.entity];
            assert!(e.name.contains(&text[m.range.clone()]), "{}", e.name);
        }
    }
}
