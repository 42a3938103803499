//! From an article to its search fields: the seam between extraction and
//! search, so that `src/search/` never names an extraction engine.
//!
//! [`enrich`] runs the engines a search index needs — the entity engine,
//! quotes (for their speakers) and keyphrases, never a summary — once, over
//! the title and the body together (a headline names the story's subject, and
//! one run sees both), and returns the [`DocFields`] the index stores plus the
//! article's names with their mention counts (what the page's chart shows).
//! `lede index`, JS `corpus.add(doc)` and the page all go through
//! [`add_enriched`], so an index built anywhere from the same articles is the
//! same index.

use super::errors::validate_text;
use super::options::Engines;
use super::run::{run, Extraction};
use crate::extract::Label;
use crate::search::{Corpus, DocFields, Document, SearchError};
use serde::Serialize;

/// A name found in an article, with how often it is mentioned.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NameCount {
    /// Canonical name.
    pub name: String,
    /// `PER`, `ORG`, `LOC` or `MISC`.
    pub label: Label,
    /// Number of mentions (title and body).
    pub mentions: usize,
    /// The entity's confidence (the highest of its mentions', 0–1): the
    /// page's chart and facets leave out names below
    /// [`crate::extract::entities::UNCERTAIN_BELOW`] unless asked.
    pub confidence: f32,
}

/// What indexing an article extracted.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Enrichment {
    /// The search fields.
    #[serde(skip)]
    pub fields: DocFields,
    /// The article's names (PER, ORG, LOC, MISC), most salient first.
    pub entities: Vec<NameCount>,
}

impl Enrichment {
    /// `{"entities":[{"name":…,"label":…,"mentions":…,"confidence":…},…]}`:
    /// what `Corpus.add` returns to JS, the same text as `serde_json` writes
    /// for this type (the fields are left out), written with
    /// [`crate::text::json::Json`].
    pub fn to_json(&self) -> String {
        let mut j = crate::text::json::Json::new();
        j.begin_object();
        j.key(true, "entities");
        j.array(&self.entities, |j, n| {
            j.begin_object();
            j.key(true, "name");
            j.string(&n.name);
            j.key(false, "label");
            j.string(n.label.as_str());
            j.key(false, "mentions");
            j.usize(n.mentions);
            j.key(false, "confidence");
            j.float(n.confidence);
            j.end_object();
        });
        j.end_object();
        j.finish()
    }
}

/// The text the engines read for a document: title and body as two
/// paragraphs (either may be empty).
fn joined(title: &str, text: &str) -> String {
    match (title.trim().is_empty(), text.trim().is_empty()) {
        (true, _) => text.to_string(),
        (false, true) => title.to_string(),
        (false, false) => format!("{title}\n\n{text}"),
    }
}

/// Runs the search engines over an article's title and text. Text that cannot
/// be analyzed (empty, binary, too large) has no fields.
pub fn enrich(title: &str, text: &str) -> Enrichment {
    let all = joined(title, text);
    if validate_text(&all).is_err() {
        return Enrichment::default();
    }
    let x = run(&all, None, &Engines::SEARCH);
    Enrichment {
        fields: fields_of(&x),
        entities: names_of(&x),
    }
}

/// The search fields of an extraction: people, organizations and places
/// (canonical names, then aliases), quote speakers, keyphrases.
pub fn fields_of(x: &Extraction) -> DocFields {
    let mut f = DocFields::default();
    for e in &x.entities.entities {
        let list = match e.label {
            Label::Per => &mut f.people,
            Label::Org => &mut f.orgs,
            Label::Loc => &mut f.places,
            _ => continue,
        };
        list.push(e.name.clone());
        list.extend(e.aliases.iter().cloned());
    }
    for q in &x.quotes.quotes {
        if let Some(e) = q.speaker.and_then(|i| x.refs.get(i)) {
            if !f.speakers.contains(&e.name) {
                f.speakers.push(e.name.clone());
            }
        }
    }
    f.keyphrases = x.keyphrases.iter().map(|k| k.text.clone()).collect();
    f
}

fn names_of(x: &Extraction) -> Vec<NameCount> {
    x.refs
        .iter()
        .zip(x.entities.entities.iter())
        .filter(|(e, _)| e.label.is_name())
        .map(|(e, full)| NameCount {
            name: e.name.clone(),
            label: e.label,
            mentions: e.mentions.len(),
            confidence: full.confidence,
        })
        .collect()
}

/// The search fields of an article (see [`enrich`]).
pub fn search_fields(title: &str, text: &str) -> DocFields {
    enrich(title, text).fields
}

/// Adds `doc` to `corpus` with the fields [`enrich`] extracts; the document
/// is checked first, so a document the index refuses costs no extraction.
pub fn add_enriched(corpus: &mut Corpus, doc: Document) -> Result<Enrichment, SearchError> {
    crate::search::check_document(&doc)?;
    let mut e = enrich(&doc.title, &doc.text);
    corpus.add_with_fields(doc, std::mem::take(&mut e.fields))?;
    Ok(e)
}

/// An empty corpus whose [`Corpus::add`] extracts fields with [`search_fields`].
pub fn enriched_corpus() -> Corpus {
    let mut c = Corpus::new();
    c.set_enricher(search_fields);
    c
}
