//! The JSON view of an analysis: what `analyze` returns to JS and what
//! `lede analyze` prints. Every range becomes UTF-16 code units,
//! end-exclusive (`text.slice(start, end)` in JS is the span), through one
//! [`OffsetMap`] per text; labels become their strings here and nowhere
//! earlier.

use super::errors::{validate_text, LedeError};
use super::options::{AnalyzeOptions, Engines};
use super::run::{run, Extraction};
use crate::extract::entities::Related;
use crate::extract::language::Language;
use crate::extract::values::Value;
use crate::extract::{Keyphrase, Quote};
use crate::text::json::Json;
use crate::text::{OffsetMap, Span16, TextLayer};
use serde::Serialize;

/// A token as it crosses into JS/JSON.
#[derive(Debug, Clone, Serialize)]
pub struct TokenOut {
    /// Start, UTF-16 code units.
    pub start: u32,
    /// End (exclusive), UTF-16 code units.
    pub end: u32,
    /// Case- and diacritic-folded form.
    pub norm: String,
}

/// A mention as it crosses into JS/JSON.
#[derive(Debug, Clone, Serialize)]
pub struct MentionOut {
    /// Start, UTF-16 code units.
    pub start: u32,
    /// End (exclusive), UTF-16 code units.
    pub end: u32,
    /// The mention's text.
    pub text: String,
    /// `PER`, `ORG`, `LOC`, `MISC`, `DATE`, `TIME`, `MONEY`, `PERCENT`,
    /// `QUANTITY`, `ORDINAL` or `CARDINAL`.
    pub label: &'static str,
    /// Index of its entity in `entities`.
    pub entity: usize,
    /// How sure the tagger is of the mention, 0–1 (calibrated: among
    /// mentions at 0.8, about 80% are right; values found by patterns: 1).
    pub confidence: f32,
}

/// An entity as it crosses into JS/JSON.
#[derive(Debug, Clone, Serialize)]
pub struct EntityOut {
    /// Canonical name (the fullest form used).
    pub name: String,
    /// Label, as for mentions.
    pub label: &'static str,
    /// Indices into `mentions`.
    pub mentions: Vec<usize>,
    /// Other surface forms.
    pub aliases: Vec<String>,
    /// Title or role (`Defense Minister`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Normalized value of a DATE, MONEY, ... entity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// A relation (a demonym to its country).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related: Option<Related>,
    /// The highest confidence of its mentions.
    pub confidence: f32,
    /// How much the article is about it, in [0, 1] (the top name has 1;
    /// values 0): lead, speaker, repetition, spread.
    pub salience: f64,
}

/// A speech cue as it crosses into JS/JSON.
#[derive(Debug, Clone, Serialize)]
pub struct CueOut {
    /// Start, UTF-16 code units.
    pub start: u32,
    /// End (exclusive), UTF-16 code units.
    pub end: u32,
    /// The cue's text (`said`, `according to`).
    pub text: String,
}

/// A direct quote or an indirect attribution as it crosses into JS/JSON.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteOut {
    /// Start of the quoted (or reported) words, UTF-16 code units.
    pub start: u32,
    /// End (exclusive) of the quoted words.
    pub end: u32,
    /// The quoted words (without the quotation marks).
    pub text: String,
    /// The words naming the speaker, if found.
    pub speaker_span: Option<Span16>,
    /// Index of the speaker in `entities`, if resolved.
    pub speaker: Option<usize>,
    /// The speech cue, if any.
    pub cue: Option<CueOut>,
    /// How likely the speaker is right, in [0, 1] (0 without a speaker);
    /// calibrated on hand-annotated BBC articles (`lede eval-speakers`).
    pub confidence: f64,
}

impl QuoteOut {
    /// Converts a byte-range [`Quote`] of `text`.
    pub fn from_quote(q: &Quote, text: &str, map: &OffsetMap) -> QuoteOut {
        let s = map.span(q.range.clone());
        QuoteOut {
            start: s.start,
            end: s.end,
            text: text.get(q.range.clone()).unwrap_or("").to_string(),
            speaker_span: q.speaker_span.clone().map(|r| map.span(r)),
            speaker: q.speaker,
            confidence: q.confidence,
            cue: q.cue.clone().map(|r| {
                let c = map.span(r.clone());
                CueOut {
                    start: c.start,
                    end: c.end,
                    text: text.get(r).unwrap_or("").to_string(),
                }
            }),
        }
    }
}

/// A keyphrase as it crosses into JS/JSON.
#[derive(Debug, Clone, Serialize)]
pub struct KeyphraseOut {
    /// The phrase (an entity's canonical name, or its most frequent written form).
    pub text: String,
    /// Score (higher is more important), comparable within one article.
    pub score: f64,
    /// Where it occurs.
    pub occurrences: Vec<Span16>,
}

impl KeyphraseOut {
    /// Converts a byte-range [`Keyphrase`].
    pub fn from_keyphrase(k: &Keyphrase, map: &OffsetMap) -> KeyphraseOut {
        KeyphraseOut {
            text: k.text.clone(),
            score: (k.score * 1000.0).round() / 1000.0,
            occurrences: k.occurrences.iter().map(|r| map.span(r.clone())).collect(),
        }
    }
}

/// A summary sentence as it crosses into JS/JSON.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryOut {
    /// Index into `sentences`.
    pub sentence: usize,
    /// Start, UTF-16 code units.
    pub start: u32,
    /// End (exclusive), UTF-16 code units.
    pub end: u32,
}

/// The analysis of one article (UTF-16, end-exclusive offsets throughout).
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// Paragraph ranges.
    pub paragraphs: Vec<Span16>,
    /// Sentence ranges.
    pub sentences: Vec<Span16>,
    /// Tokens, only when asked for (`{tokens: true}`, `lede analyze --tokens`):
    /// absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens: Option<Vec<TokenOut>>,
    /// Entity and value mentions, in text order.
    pub mentions: Vec<MentionOut>,
    /// Entities: names by salience (lead, speaker, repetition, spread; see
    /// `extract::entities::salience`), then values.
    pub entities: Vec<EntityOut>,
    /// Direct quotes (words in quotation marks that someone said), in text order.
    pub quotes: Vec<QuoteOut>,
    /// Indirect speech (`X said that …`), in text order.
    pub attributions: Vec<QuoteOut>,
    /// The top keyphrases, best first.
    pub keyphrases: Vec<KeyphraseOut>,
    /// The extractive summary, in article order.
    pub summary: Vec<SummaryOut>,
    /// The article's language: `{code, confidence}`, ISO 639-1 (`und` when
    /// unsure). Not English: names are MISC, found by their shape.
    pub language: Language,
}

/// Analyzes `text` (see [`Analysis`]).
pub fn analyze(text: &str, opts: &AnalyzeOptions) -> Result<Analysis, LedeError> {
    validate_text(text)?;
    let anchor = opts.anchor()?;
    let x = run(text, anchor, &opts.engines());
    Ok(Analysis::new(text, x, opts.wants_tokens()))
}

impl Analysis {
    /// The JSON view of an [`Extraction`] of `text`; the token list only when
    /// `with_tokens`.
    pub fn new(text: &str, x: Extraction, with_tokens: bool) -> Analysis {
        let map = OffsetMap::new(text);
        let Extraction {
            layer,
            entities: ents,
            salience,
            quotes: q,
            keyphrases: kps,
            summary: picked,
            language,
            ..
        } = x;
        let mentions = ents
            .mentions
            .iter()
            .map(|m| {
                let s = map.span(m.range.clone());
                MentionOut {
                    start: s.start,
                    end: s.end,
                    text: text.get(m.range.clone()).unwrap_or("").to_string(),
                    label: m.label.as_str(),
                    entity: m.entity,
                    confidence: round3(m.confidence),
                }
            })
            .collect();
        let entities = ents
            .entities
            .into_iter()
            .enumerate()
            .map(|(i, e)| EntityOut {
                salience: salience.get(i).copied().unwrap_or(0.0),
                name: e.name,
                label: e.label.as_str(),
                mentions: e.mentions,
                aliases: e.aliases,
                role: e.role,
                value: e.value,
                related: e.related,
                confidence: round3(e.confidence),
            })
            .collect();
        let quotes = q
            .quotes
            .iter()
            .map(|x| QuoteOut::from_quote(x, text, &map))
            .collect();
        let attributions = q
            .attributions
            .iter()
            .map(|x| QuoteOut::from_quote(x, text, &map))
            .collect();
        Analysis {
            mentions,
            entities,
            quotes,
            attributions,
            keyphrases: kps
                .iter()
                .map(|k| KeyphraseOut::from_keyphrase(k, &map))
                .collect(),
            summary: summary_out(&layer, &map, &picked),
            language,
            paragraphs: layer
                .paragraphs
                .iter()
                .map(|r| map.span(r.clone()))
                .collect(),
            sentences: layer
                .sentences
                .iter()
                .map(|r| map.span(r.clone()))
                .collect(),
            tokens: with_tokens.then(|| {
                layer
                    .tokens
                    .into_iter()
                    .map(|t| {
                        let s = map.span(t.start..t.end);
                        TokenOut {
                            start: s.start,
                            end: s.end,
                            norm: t.norm.into(),
                        }
                    })
                    .collect()
            }),
        }
    }
}

fn summary_out(layer: &TextLayer, map: &OffsetMap, picked: &[usize]) -> Vec<SummaryOut> {
    picked
        .iter()
        .filter_map(|&i| {
            let r = layer.sentences.get(i)?;
            let s = map.span(r.clone());
            Some(SummaryOut {
                sentence: i,
                start: s.start,
                end: s.end,
            })
        })
        .collect()
}

/// The extractive summary of `text` alone: up to `k` sentences (fewer for
/// short texts), in article order.
pub fn summarize_text(text: &str, k: usize) -> Result<Vec<SummaryOut>, LedeError> {
    validate_text(text)?;
    // the summary weighs names and keyphrases; quotes play no part
    let engines = Engines {
        quotes: false,
        summary: k,
        ..Engines::ALL
    };
    let x = run(text, None, &engines);
    Ok(summary_out(&x.layer, &OffsetMap::new(text), &x.summary))
}

/// The JSON of [`summarize_text`].
pub fn summarize_json(text: &str, k: usize) -> Result<String, LedeError> {
    let s = summarize_text(text, k)?;
    let mut j = Json::new();
    j.array(&s, write_summary);
    Ok(j.finish())
}

/// Analyzes `text` and returns the JSON of the [`Analysis`] (pretty-printed
/// as `serde_json::to_string_pretty` lays it out when `pretty`).
pub fn analyze_json(text: &str, opts: &AnalyzeOptions, pretty: bool) -> Result<String, LedeError> {
    Ok(analyze(text, opts)?.to_json(pretty))
}

// The JSON of the analysis, written by hand with `text::json::Json`: exactly
// the text `serde_json` writes for the `Serialize` derives above (same key
// order, the same optional keys left out), held equal by the tests below and
// `tests/view_json.rs`, without serde's serializer in the wasm.

impl Analysis {
    /// The analysis as JSON text: what `serde_json::to_string` (or
    /// `to_string_pretty` when `pretty`) writes for it.
    pub fn to_json(&self, pretty: bool) -> String {
        let mut j = if pretty { Json::pretty() } else { Json::new() };
        j.reserve(1024 + self.mentions.len() * 96);
        self.write_json(&mut j);
        j.finish()
    }

    /// Writes the analysis as JSON into `j`.
    pub fn write_json(&self, j: &mut Json) {
        j.begin_object();
        j.key(true, "paragraphs");
        j.spans(&self.paragraphs);
        j.key(false, "sentences");
        j.spans(&self.sentences);
        if let Some(t) = &self.tokens {
            j.key(false, "tokens");
            j.array(t, |j, t| {
                j.begin_object();
                j.key(true, "start");
                j.uint(u64::from(t.start));
                j.key(false, "end");
                j.uint(u64::from(t.end));
                j.key(false, "norm");
                j.string(&t.norm);
                j.end_object();
            });
        }
        j.key(false, "mentions");
        j.array(&self.mentions, write_mention);
        j.key(false, "entities");
        j.array(&self.entities, write_entity);
        j.key(false, "quotes");
        j.array(&self.quotes, write_quote);
        j.key(false, "attributions");
        j.array(&self.attributions, write_quote);
        j.key(false, "keyphrases");
        j.array(&self.keyphrases, |j, k| {
            j.begin_object();
            j.key(true, "text");
            j.string(&k.text);
            j.key(false, "score");
            j.float64(k.score);
            j.key(false, "occurrences");
            j.spans(&k.occurrences);
            j.end_object();
        });
        j.key(false, "summary");
        j.array(&self.summary, write_summary);
        j.key(false, "language");
        j.begin_object();
        j.key(true, "code");
        j.string(self.language.code);
        j.key(false, "confidence");
        j.float64(self.language.confidence);
        j.end_object();
        j.end_object();
    }
}

fn write_mention(j: &mut Json, m: &MentionOut) {
    j.begin_object();
    j.key(true, "start");
    j.uint(u64::from(m.start));
    j.key(false, "end");
    j.uint(u64::from(m.end));
    j.key(false, "text");
    j.string(&m.text);
    j.key(false, "label");
    j.string(m.label);
    j.key(false, "entity");
    j.usize(m.entity);
    j.key(false, "confidence");
    j.float(m.confidence);
    j.end_object();
}

fn write_entity(j: &mut Json, e: &EntityOut) {
    j.begin_object();
    j.key(true, "name");
    j.string(&e.name);
    j.key(false, "label");
    j.string(e.label);
    j.key(false, "mentions");
    j.usizes(&e.mentions);
    j.key(false, "aliases");
    j.strings(&e.aliases);
    if let Some(r) = &e.role {
        j.key(false, "role");
        j.string(r);
    }
    if let Some(v) = &e.value {
        j.key(false, "value");
        v.write_json(j);
    }
    if let Some(r) = &e.related {
        j.key(false, "related");
        j.begin_object();
        j.key(true, "relation");
        j.string(r.relation);
        j.key(false, "name");
        j.string(&r.name);
        if let Some(i) = r.entity {
            j.key(false, "entity");
            j.usize(i);
        }
        j.end_object();
    }
    j.key(false, "confidence");
    j.float(e.confidence);
    j.key(false, "salience");
    j.float64(e.salience);
    j.end_object();
}

fn write_quote(j: &mut Json, q: &QuoteOut) {
    j.begin_object();
    j.key(true, "start");
    j.uint(u64::from(q.start));
    j.key(false, "end");
    j.uint(u64::from(q.end));
    j.key(false, "text");
    j.string(&q.text);
    j.key(false, "speaker_span");
    match &q.speaker_span {
        Some(s) => j.span(s),
        None => j.null(),
    }
    j.key(false, "speaker");
    match q.speaker {
        Some(i) => j.usize(i),
        None => j.null(),
    }
    j.key(false, "cue");
    match &q.cue {
        Some(c) => {
            j.begin_object();
            j.key(true, "start");
            j.uint(u64::from(c.start));
            j.key(false, "end");
            j.uint(u64::from(c.end));
            j.key(false, "text");
            j.string(&c.text);
            j.end_object();
        }
        None => j.null(),
    }
    j.key(false, "confidence");
    j.float64(q.confidence);
    j.end_object();
}

fn write_summary(j: &mut Json, s: &SummaryOut) {
    j.begin_object();
    j.key(true, "sentence");
    j.usize(s.sentence);
    j.key(false, "start");
    j.uint(u64::from(s.start));
    j.key(false, "end");
    j.uint(u64::from(s.end));
    j.end_object();
}

/// A confidence rounded to three decimals (stable, short JSON).
fn round3(x: f32) -> f32 {
    if x.is_finite() {
        (x.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
    } else {
        0.0
    }
}
