//! The analysis pipeline: one call that runs every engine over an article and
//! returns one JSON-ready object with UTF-16 offsets.
//!
//! The same object is returned by JS `analyze(text)` and printed by
//! `lede analyze`; later engines add fields to it.

use crate::extract::entities::{find_entities, Related};
use crate::extract::ner::NerModel;
use crate::extract::summary::DEFAULT_SENTENCES;
use crate::extract::values::{Value, Ymd};
use crate::extract::{extract_keyphrases, extract_quotes, summarize, EntityRef, Keyphrase, Quote};
use crate::text::{OffsetMap, Span16, TextLayer};
use serde::Serialize;
use std::fmt;

/// Largest text `analyze` accepts, in bytes (16 MiB).
pub const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;

/// Why an input was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedeError {
    /// The text is empty or only whitespace.
    Empty,
    /// The text is larger than [`MAX_TEXT_BYTES`].
    TooLarge {
        /// Size of the text in bytes.
        bytes: usize,
    },
    /// The text looks like binary data (NUL bytes or mostly control characters).
    Binary,
    /// The input is not a string (from JS).
    NotAString,
    /// The input string contains an unpaired UTF-16 surrogate (from JS).
    LoneSurrogate,
    /// The input bytes are not valid UTF-8 (from files).
    NotUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// Options that could not be read.
    BadOptions(String),
}

impl fmt::Display for LedeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LedeError::Empty => write!(f, "the text is empty"),
            LedeError::TooLarge { bytes } => write!(
                f,
                "the text is too large ({bytes} bytes; the limit is {MAX_TEXT_BYTES})"
            ),
            LedeError::Binary => write!(f, "the input looks like binary data, not text"),
            LedeError::NotAString => write!(f, "the text must be a string"),
            LedeError::LoneSurrogate => {
                write!(
                    f,
                    "the text contains an unpaired UTF-16 surrogate (malformed string)"
                )
            }
            LedeError::NotUtf8 { offset } => {
                write!(
                    f,
                    "the input is not valid UTF-8 (first bad byte at offset {offset})"
                )
            }
            LedeError::BadOptions(m) => write!(f, "bad options: {m}"),
        }
    }
}

impl std::error::Error for LedeError {}

/// Checks that `text` is something `analyze` can work on.
pub fn validate_text(text: &str) -> Result<(), LedeError> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(LedeError::TooLarge { bytes: text.len() });
    }
    if text.trim().is_empty() {
        return Err(LedeError::Empty);
    }
    if text.contains('\0') {
        return Err(LedeError::Binary);
    }
    let sample: Vec<char> = text.chars().take(4096).collect();
    let control = sample
        .iter()
        .filter(|c| c.is_control() && !c.is_whitespace())
        .count();
    if control * 10 > sample.len() {
        return Err(LedeError::Binary);
    }
    Ok(())
}

/// Decodes file bytes as UTF-8 text (a leading BOM is dropped).
pub fn decode_utf8(bytes: &[u8]) -> Result<&str, LedeError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err(LedeError::Binary);
    }
    std::str::from_utf8(bytes).map_err(|e| LedeError::NotUtf8 {
        offset: e.valid_up_to(),
    })
}

/// Options for [`analyze`].
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnalyzeOptions {
    /// The article's date (ISO `YYYY-MM-DD`), used to resolve relative dates.
    pub date: Option<String>,
    /// Number of summary sentences wanted (default 3; fewer for short texts;
    /// 0 skips the summary).
    pub summary: Option<usize>,
    /// Number of keyphrases wanted (default 10; 0 skips them).
    pub keyphrases: Option<usize>,
    /// Whether to find quotes and attributions (default true).
    pub quotes: Option<bool>,
}

/// Number of keyphrases in an [`Analysis`].
pub const KEYPHRASES: usize = 10;

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
    /// Tokens.
    pub tokens: Vec<TokenOut>,
    /// Entity and value mentions, in text order.
    pub mentions: Vec<MentionOut>,
    /// Entities: names by salience (mention count, then first position), then values.
    pub entities: Vec<EntityOut>,
    /// Direct quotes (words in quotation marks that someone said), in text order.
    pub quotes: Vec<QuoteOut>,
    /// Indirect speech (`X said that …`), in text order.
    pub attributions: Vec<QuoteOut>,
    /// The top keyphrases, best first.
    pub keyphrases: Vec<KeyphraseOut>,
    /// The extractive summary, in article order.
    pub summary: Vec<SummaryOut>,
}

/// Analyzes `text` (see [`Analysis`]).
pub fn analyze(text: &str, opts: &AnalyzeOptions) -> Result<Analysis, LedeError> {
    validate_text(text)?;
    let anchor =
        match opts.date.as_deref() {
            None | Some("") => None,
            Some(d) => Some(Ymd::parse(d).ok_or_else(|| {
                LedeError::BadOptions(format!("date must be YYYY-MM-DD, got {d:?}"))
            })?),
        };
    let layer = TextLayer::new(text);
    let map = OffsetMap::new(text);
    let ents = find_entities(
        text,
        &layer.tokens,
        &layer.sentence_tokens,
        anchor,
        NerModel::builtin(),
    );
    let mentions = ents
        .mentions
        .iter()
        .map(|m| {
            let s = map.span(m.range.clone());
            MentionOut {
                start: s.start,
                end: s.end,
                text: text[m.range.clone()].to_string(),
                label: m.label.as_str(),
                entity: m.entity,
            }
        })
        .collect();
    // what the quote, keyphrase and summary engines know of the entities
    // (same order, so quote speakers index into `entities`)
    let refs: Vec<EntityRef> = ents
        .entities
        .iter()
        .map(|e| EntityRef {
            name: e.name.clone(),
            label: e.label,
            mentions: e
                .mentions
                .iter()
                .filter_map(|&i| ents.mentions.get(i).map(|m| m.range.clone()))
                .collect(),
            role: e.role.clone(),
        })
        .collect();
    let entities = &refs[..];
    let entities_related: Vec<bool> = ents.entities.iter().map(|e| e.related.is_some()).collect();
    let entities_out = ents
        .entities
        .into_iter()
        .map(|e| EntityOut {
            name: e.name,
            label: e.label.as_str(),
            mentions: e.mentions,
            aliases: e.aliases,
            role: e.role,
            value: e.value,
            related: e.related,
        })
        .collect();
    let q = if opts.quotes.unwrap_or(true) {
        extract_quotes(text, &layer, entities)
    } else {
        crate::extract::Quotes::default()
    };
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
    // keyphrases and the summary weigh names, not numbers or demonyms
    let names: Vec<EntityRef> = refs
        .iter()
        .zip(entities_related.iter())
        .filter(|(e, related)| e.label.is_name() && !**related)
        .map(|(e, _)| e.clone())
        .collect();
    let kps = extract_keyphrases(
        text,
        &layer,
        &names,
        None,
        opts.keyphrases.unwrap_or(KEYPHRASES),
    );
    let k = opts.summary.unwrap_or(DEFAULT_SENTENCES);
    let summary = if k == 0 {
        Vec::new()
    } else {
        summary_out(&layer, &map, &summarize(text, &layer, &names, &kps, k))
    };
    Ok(Analysis {
        mentions,
        entities: entities_out,
        quotes,
        attributions,
        keyphrases: kps
            .iter()
            .map(|k| KeyphraseOut::from_keyphrase(k, &map))
            .collect(),
        summary,
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
        tokens: layer
            .tokens
            .into_iter()
            .map(|t| {
                let s = map.span(t.start..t.end);
                TokenOut {
                    start: s.start,
                    end: s.end,
                    norm: t.norm,
                }
            })
            .collect(),
    })
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
    let opts = AnalyzeOptions {
        summary: Some(k),
        ..AnalyzeOptions::default()
    };
    Ok(analyze(text, &opts)?.summary)
}

/// The JSON of [`summarize_text`].
pub fn summarize_json(text: &str, k: usize) -> Result<String, LedeError> {
    let s = summarize_text(text, k)?;
    serde_json::to_string(&s).map_err(|e| LedeError::BadOptions(e.to_string()))
}

/// The fields a search index keeps of an article: people, organizations and
/// places (canonical names and aliases), quote speakers and keyphrases. Text
/// that cannot be analyzed (empty, binary) has no fields.
pub fn search_fields(title: &str, text: &str) -> crate::search::DocFields {
    let mut f = crate::search::DocFields::default();
    let Ok(a) = analyze(text, &AnalyzeOptions::default()) else {
        return f;
    };
    for e in &a.entities {
        let list = match e.label {
            "PER" => &mut f.people,
            "ORG" => &mut f.orgs,
            "LOC" => &mut f.places,
            _ => continue,
        };
        list.push(e.name.clone());
        list.extend(e.aliases.iter().cloned());
    }
    for q in &a.quotes {
        if let Some(name) = q
            .speaker
            .and_then(|i| a.entities.get(i))
            .map(|e| e.name.clone())
        {
            if !f.speakers.contains(&name) {
                f.speakers.push(name);
            }
        }
    }
    f.keyphrases = a.keyphrases.iter().map(|k| k.text.clone()).collect();
    // a title's own names count too (headlines name the story's subject)
    if !title.trim().is_empty() && validate_text(title).is_ok() {
        if let Ok(t) = analyze(title, &AnalyzeOptions::default()) {
            for e in &t.entities {
                let list = match e.label {
                    "PER" => &mut f.people,
                    "ORG" => &mut f.orgs,
                    "LOC" => &mut f.places,
                    _ => continue,
                };
                if !list.contains(&e.name) {
                    list.push(e.name.clone());
                }
            }
        }
    }
    f
}

/// Analyzes `text` and returns the JSON of the [`Analysis`].
pub fn analyze_json(text: &str, opts: &AnalyzeOptions, pretty: bool) -> Result<String, LedeError> {
    let a = analyze(text, opts)?;
    let r = if pretty {
        serde_json::to_string_pretty(&a)
    } else {
        serde_json::to_string(&a)
    };
    r.map_err(|e| LedeError::BadOptions(e.to_string()))
}
