//! The typed pipeline: text in, every engine's output out, as byte ranges and
//! enums (no UTF-16, no strings for labels). Each caller says which engines it
//! needs ([`Engines`]) and each runs once:
//!
//! ```text
//! text ─▶ TextLayer (tokens, sentences, paragraphs)          src/text
//!      ─▶ language (script, trigram profiles)                extract/language
//!      ─▶ entities: tagger + values + grouping + salience    extract/entities
//!          (another language: names by shape, MISC; its dates)
//!          └─▶ EntityRef view (names, labels, mention ranges)
//!      ─▶ quotes and attributions (speakers index entities)  extract/quotes
//!          └─▶ salience again, with the quotes each name is given
//!      ─▶ keyphrases (weigh names, not values or demonyms)   extract/keyphrases
//!          (another language: its most mentioned names)
//!      ─▶ summary (weighs names and keyphrases)              extract/summary
//! ```
//!
//! [`super::view`] turns an [`Extraction`] into the UTF-16 JSON `Analysis`;
//! [`super::enrich`] turns one into search fields.

use super::options::Engines;
use crate::extract::entities::salience::rank;
use crate::extract::entities::{find_entities, find_entities_by_shape, EntityAnalysis};
use crate::extract::language::{detect_language, Language};
use crate::extract::ner::NerModel;
use crate::extract::values::{ValueLang, Ymd};
use crate::extract::{
    extract_keyphrases, extract_quotes, name_keyphrases, summarize, EntityRef, Keyphrase, Label,
    Quotes,
};
use crate::text::TextLayer;

/// Everything the engines found in one text (byte ranges).
#[derive(Debug, Clone)]
pub struct Extraction {
    /// Tokens, sentences and paragraphs.
    pub layer: TextLayer,
    /// The article's language. When it is confidently not English
    /// ([`Language::is_foreign`]), names are found by shape and labelled MISC,
    /// and keyphrases are its most mentioned names.
    pub language: Language,
    /// Mentions and entities (names and values), names by salience.
    pub entities: EntityAnalysis,
    /// The salience of each entity in [0, 1] (`extract::entities::salience`).
    pub salience: Vec<f64>,
    /// The entities as the other engines see them (same order as
    /// `entities.entities`, so a quote's speaker indexes both).
    pub refs: Vec<EntityRef>,
    /// Quotes and indirect attributions (empty when not asked for).
    pub quotes: Quotes,
    /// Keyphrases, best first (empty when not asked for).
    pub keyphrases: Vec<Keyphrase>,
    /// Summary sentences (indices into `layer.sentences`), in article order.
    pub summary: Vec<usize>,
}

impl Extraction {
    /// The label of entity `i`.
    pub fn label(&self, i: usize) -> Option<Label> {
        self.refs.get(i).map(|e| e.label)
    }
}

/// The entities keyphrases and the summary weigh: names, not numbers or
/// demonyms.
pub fn keyphrase_names(entities: &EntityAnalysis, refs: &[EntityRef]) -> Vec<EntityRef> {
    refs.iter()
        .zip(entities.entities.iter())
        .filter(|(r, e)| r.label.is_name() && e.related.is_none())
        .map(|(r, _)| r.clone())
        .collect()
}

/// The entities as the other engines see them ([`EntityRef`]: name, label,
/// mention ranges, role), in the order of `entities.entities`, so a quote's
/// speaker index names the same entity in both.
pub fn entity_refs(entities: &EntityAnalysis) -> Vec<EntityRef> {
    entities
        .entities
        .iter()
        .map(|e| EntityRef {
            name: e.name.clone(),
            label: e.label,
            mentions: e
                .mentions
                .iter()
                .filter_map(|&i| entities.mentions.get(i).map(|m| m.range.clone()))
                .collect(),
            role: e.role.clone(),
        })
        .collect()
}

/// Runs the engines in `engines` over `text` (already validated), resolving
/// relative dates against `anchor`.
pub fn run(text: &str, anchor: Option<Ymd>, engines: &Engines) -> Extraction {
    let layer = TextLayer::new(text);
    let language = detect_language(text);
    let mut entities = if language.is_foreign() {
        find_entities_by_shape(
            text,
            &layer.tokens,
            &layer.sentence_tokens,
            anchor,
            ValueLang::from_code(language.code),
        )
    } else {
        find_entities(
            text,
            &layer.tokens,
            &layer.sentence_tokens,
            anchor,
            NerModel::builtin(),
        )
    };
    let mut ranked = rank(
        &layer.tokens,
        &layer.sentence_tokens,
        &layer.paragraphs,
        &mut entities,
        &[],
    );
    let mut refs = entity_refs(&entities);
    let mut quotes = Quotes::default();
    if engines.quotes {
        quotes = extract_quotes(text, &layer, &refs);
        // rank again with the quotes each entity is given
        let mut quoted = vec![0usize; entities.entities.len()];
        for q in quotes.quotes.iter().chain(&quotes.attributions) {
            if let Some(n) = q.speaker.and_then(|s| quoted.get_mut(s)) {
                *n += 1;
            }
        }
        if quoted.iter().any(|&n| n > 0) {
            ranked = rank(
                &layer.tokens,
                &layer.sentence_tokens,
                &layer.paragraphs,
                &mut entities,
                &quoted,
            );
            for q in quotes
                .quotes
                .iter_mut()
                .chain(quotes.attributions.iter_mut())
            {
                q.speaker = q.speaker.and_then(|s| ranked.new_of.get(s).copied());
            }
            refs = entity_refs(&entities);
        }
    }
    let salience = ranked.salience;
    let names = keyphrase_names(&entities, &refs);
    let want_kps = engines.keyphrases > 0 || engines.summary > 0;
    let keyphrases = if want_kps && language.is_foreign() {
        // the keyphrase rules are English (stop words, noun phrases): names only
        name_keyphrases(&names, engines.keyphrases)
    } else if want_kps {
        extract_keyphrases(text, &layer, &names, None, engines.keyphrases)
    } else {
        Vec::new()
    };
    let summary = if engines.summary == 0 {
        Vec::new()
    } else {
        summarize(text, &layer, &names, &keyphrases, engines.summary)
    };
    Extraction {
        layer,
        language,
        entities,
        salience,
        refs,
        quotes,
        keyphrases,
        summary,
    }
}
