//! The JavaScript face (wasm32 only): conversion between JS values and the
//! core's Rust types, nothing else. All logic lives in plain Rust modules that
//! `cargo test` exercises natively.

//!
//! Every build has `version`, `highlight` and the `Corpus` class; builds with
//! the `extract` feature add `analyze`, `summarize`, the NER model loader
//! (`wasm_model`) and corpora that extract their own search fields. The
//! search-only build (`--no-default-features`) is what `<lede-search>` loads
//! over a prebuilt index.

use crate::pipeline::LedeError;
#[cfg(feature = "extract")]
use crate::pipeline::{analyze_json, summarize_json, AnalyzeOptions};
use wasm_bindgen::prelude::*;

#[cfg(feature = "extract")]
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** One token: its range and its case- and diacritic-folded form. */
export interface Token extends Span { norm: string; }
/** Options for `analyze`. */
export interface AnalyzeOptions {
  /** The article's date, ISO `YYYY-MM-DD`, to resolve relative dates. */
  date?: string;
  /** Number of summary sentences (default 3; fewer for short texts; 0 skips the summary). */
  summary?: number;
  /** Number of keyphrases (default 10; 0 skips them). */
  keyphrases?: number;
  /** Find quotes and attributions (default true). */
  quotes?: boolean;
}
/** Entity and value labels. */
export type Label = "PER" | "ORG" | "LOC" | "MISC" | "DATE" | "TIME" | "MONEY" | "PERCENT" | "QUANTITY" | "ORDINAL" | "CARDINAL";
/** One mention of an entity or value in the text. */
export interface Mention extends Span {
  /** `text.slice(start, end)`. */
  text: string;
  label: Label;
  /** Index into `Analysis.entities`. */
  entity: number;
}
/** A normalized value: which fields are present depends on the label. */
export interface Value {
  /** DATE: an exact day, `YYYY-MM-DD` (`--MM-DD` when the year is unknown). */
  date?: string;
  /** DATE: a range, inclusive, `YYYY-MM-DD`. */
  start?: string;
  end?: string;
  /** DATE: a duration, ISO 8601 (`P3M`). */
  duration?: string;
  /** TIME: `HH:MM`, 24 h. */
  time?: string;
  /** MONEY, PERCENT, QUANTITY, ORDINAL, CARDINAL. */
  number?: number;
  /** MONEY: ISO 4217 code. */
  currency?: string;
  /** QUANTITY: unit (`km`, `kg`, `mph`, ...). */
  unit?: string;
}
/** A relation from an entity to another (a demonym to its country). */
export interface Related {
  relation: "demonym-of";
  name: string;
  /** Index into `Analysis.entities` when the related thing is in the article. */
  entity?: number;
}
/** One thing the article mentions, with all its mentions grouped. */
export interface Entity {
  /** Canonical name: the fullest form used. */
  name: string;
  label: Label;
  /** Indices into `Analysis.mentions`. */
  mentions: number[];
  /** Other surface forms (`Shoigu`, `KCNA`). */
  aliases: string[];
  /** Title or role kept apart from the name (`Defense Minister`). */
  role?: string;
  value?: Value;
  related?: Related;
}
/** A speech cue: its range and text (`said`, `according to`). */
export interface Cue extends Span { text: string; }
/** A direct quote (words inside the marks) or an indirect attribution (the reported content). */
export interface Quote extends Span {
  text: string;
  /** The words naming the speaker (may be a pronoun or a description). */
  speaker_span: Span | null;
  /** Index of the resolved speaker in `entities`. */
  speaker: number | null;
  cue: Cue | null;
}
/** A keyphrase with its score and where it occurs. */
export interface Keyphrase { text: string; score: number; occurrences: Span[]; }
/** A summary sentence: its index in `sentences` and its range. */
export interface SummarySentence extends Span { sentence: number; }
/** The analysis of one article. All ranges are UTF-16 code units, end-exclusive. */
export interface Analysis {
  paragraphs: Span[];
  sentences: Span[];
  tokens: Token[];
  /** Mentions in text order. */
  mentions: Mention[];
  /** Names by salience (mention count, then first position), then values. */
  entities: Entity[];
  /** Direct quotes, in text order. */
  quotes: Quote[];
  /** Indirect speech (`X said that …`), in text order. */
  attributions: Quote[];
  /** Top keyphrases, best first. */
  keyphrases: Keyphrase[];
  /** Extractive summary, in article order. */
  summary: SummarySentence[];
}
"#;

fn err(e: LedeError) -> JsError {
    JsError::new(&e.to_string())
}

/// Reads a JS value as article text: a string without lone surrogates.
fn js_text(text: &JsValue) -> Result<String, JsError> {
    let Some(s) = text.dyn_ref::<js_sys::JsString>() else {
        return Err(err(LedeError::NotAString));
    };
    if !s.is_valid_utf16() {
        return Err(err(LedeError::LoneSurrogate));
    }
    s.as_string().ok_or_else(|| err(LedeError::NotAString))
}

fn js_options<T: serde::de::DeserializeOwned + Default>(v: &JsValue) -> Result<T, JsError> {
    if v.is_undefined() || v.is_null() {
        return Ok(T::default());
    }
    serde_wasm_bindgen::from_value(v.clone()).map_err(|e| err(LedeError::BadOptions(e.to_string())))
}

fn json_to_js(json: &str) -> Result<JsValue, JsError> {
    js_sys::JSON::parse(json).map_err(|_| JsError::new("internal error: bad JSON"))
}

/// Installs a panic hook that reports panics to the console (debug builds only).
#[wasm_bindgen(start)]
pub fn start() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
}

/// Analyzes an article. Throws an `Error` for input that is not a non-empty,
/// well-formed string, or for options it cannot read.
#[cfg(feature = "extract")]
#[wasm_bindgen(unchecked_return_type = "Analysis")]
pub fn analyze(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "AnalyzeOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsError> {
    let text = js_text(&text)?;
    let opts: AnalyzeOptions = js_options(&options)?;
    json_to_js(&analyze_json(&text, &opts, false).map_err(err)?)
}

/// The extractive summary of an article: up to `k` sentences (default 3,
/// fewer for short texts) in article order. Throws like `analyze`.
#[cfg(feature = "extract")]
#[wasm_bindgen(unchecked_return_type = "SummarySentence[]")]
pub fn summarize(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number | undefined")] k: JsValue,
) -> Result<JsValue, JsError> {
    let text = js_text(&text)?;
    let k = if k.is_undefined() || k.is_null() {
        crate::extract::summary::DEFAULT_SENTENCES
    } else {
        match k.as_f64() {
            Some(x) if x.is_finite() && x >= 0.0 && x.fract() == 0.0 => x.min(1e6) as usize,
            _ => {
                return Err(err(LedeError::BadOptions(
                    "k must be a non-negative integer".to_string(),
                )))
            }
        }
    };
    json_to_js(&summarize_json(&text, k).map_err(err)?)
}

/// The version of the Lede core.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Where `query` matches in `text`, as UTF-16 ranges in text order: the core's
/// own analyzer, stems, typo tolerance and phrases, as a search would match
/// them. Throws an `Error` when `text` or `query` is not a well-formed string.
#[wasm_bindgen(unchecked_return_type = "Span[]")]
pub fn highlight(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] query: JsValue,
) -> Result<JsValue, JsError> {
    let text = js_text(&text)?;
    let query = js_text(&query)?;
    let r = crate::search::highlight_text(&text, &query);
    json_to_js(&serde_json::to_string(&r).map_err(|e| JsError::new(&e.to_string()))?)
}

// ---------------------------------------------------------------------------
// Search: the `Corpus` class.

#[wasm_bindgen(typescript_custom_section)]
const TS_SEARCH_TYPES: &'static str = r#"
/** A UTF-16, end-exclusive range: `text.slice(start, end)` is the span. */
export interface Span { start: number; end: number; }
/** A document to index. Adding an existing `id` replaces that document. */
export interface SearchDocument {
  id: string;
  title?: string;
  text?: string;
  /** Publication date, e.g. ISO `YYYY-MM-DD`. */
  date?: string;
  source?: string;
  url?: string;
}
/** Extracted fields of a document: names and aliases as plain strings. */
export interface DocFields {
  people?: string[];
  orgs?: string[];
  places?: string[];
  speakers?: string[];
  keyphrases?: string[];
}
/** Options for `Corpus.search`. */
export interface SearchOptions {
  /** Most results (default 10, at most 1000). */
  limit?: number;
  /** Results skipped first (paging). */
  offset?: number;
  /** Match the last word as a prefix (search as you type). Default false. */
  prefix?: boolean;
  /** Tolerate typos (1 edit from 5 letters, 2 from 9). Default true. */
  fuzzy?: boolean;
  /** Attach each result's score breakdown. Default false. */
  explain?: boolean;
  /** Compute highlights, snippets and match ranges. Default true. */
  highlight?: boolean;
  /** Keep only results whose field has exactly this value; `total` and `facets` count what is left. */
  filters?: SearchFilter[];
}
/** A facet filter. */
export interface SearchFilter { field: "person" | "org" | "place" | "speaker" | "keyphrase"; value: string; }
/** A name an added article mentions, with its mention count. */
export interface NameCount { name: string; label: "PER" | "ORG" | "LOC" | "MISC"; mentions: number; }
/** What `Corpus.add` extracted: the article's names, most salient first (empty when fields were given or entities are off). */
export interface AddResult { entities: NameCount[]; }
/** A stored document (without its text) and its fields, from `Corpus.get`. */
export interface StoredDocument { id: string; title: string; date?: string; source?: string; url?: string; fields: DocFields; }
/** A query-biased snippet; `start`/`end` are UTF-16 offsets in the body, `highlights` are relative to the snippet. */
export interface Snippet { text: string; start: number; end: number; highlights: Span[]; }
/** One clause's part of a score. */
export interface ExplainClause {
  query: string;
  term: string;
  kind: "exact" | "stem" | "prefix" | "typo" | "phrase";
  score: number;
  fields: Array<"title" | "body" | "person" | "org" | "place" | "speaker" | "keyphrase">;
}
/** A result's score breakdown. */
export interface Explain { coverage: number; required: number; clauses: ExplainClause[]; proximity: number; score: number; }
/** One search result. All ranges are UTF-16, end-exclusive. */
export interface SearchHit {
  id: string;
  title: string;
  score: number;
  titleHighlights: Span[];
  snippet: Snippet;
  /** Every match in the body, article-relative. */
  matches: Span[];
  explain?: Explain;
}
/** A facet value and the number of matching documents that have it. */
export interface FacetCount { value: string; count: number; }
/** Top people, organizations and places over all matching documents. */
export interface Facets { people: FacetCount[]; orgs: FacetCount[]; places: FacetCount[]; }
/** What `Corpus.search` returns. */
export interface SearchResults { results: SearchHit[]; facets: Facets; total: number; }
/** An article related to another one. */
export interface RelatedArticle { id: string; title: string; score: number; shared: string[]; }
"#;

fn search_err(e: crate::search::SearchError) -> JsError {
    JsError::new(&e.to_string())
}

/// A searchable collection of articles (JS class `Corpus`).
#[wasm_bindgen(js_name = Corpus)]
pub struct WasmCorpus {
    inner: crate::search::Corpus,
    /// Whether `add(doc)` without fields extracts them (builds with `extract`).
    #[cfg_attr(not(feature = "extract"), allow(dead_code))]
    entities: bool,
}

fn to_js<T: serde::Serialize>(v: &T) -> Result<JsValue, JsError> {
    json_to_js(&serde_json::to_string(v).map_err(|e| JsError::new(&e.to_string()))?)
}

#[wasm_bindgen(js_class = Corpus)]
impl WasmCorpus {
    /// An empty corpus. In builds with the extraction engines, documents
    /// added without fields get their people, organizations, places, quote
    /// speakers and keyphrases extracted, unless `options.entities` is
    /// `false`. The search-only build throws for `entities: true`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "{ entities?: boolean } | undefined")]
        options: JsValue,
    ) -> Result<WasmCorpus, JsError> {
        let asked = if options.is_object() {
            js_sys::Reflect::get(&options, &JsValue::from_str("entities"))
                .ok()
                .and_then(|v| v.as_bool())
        } else {
            None
        };
        let entities = match asked {
            Some(true) if !cfg!(feature = "extract") => return Err(JsError::new(
                "this build of Lede has no extraction engines: use entities: false, or give fields",
            )),
            Some(b) => b,
            None => cfg!(feature = "extract"),
        };
        Ok(WasmCorpus {
            inner: crate::search::Corpus::new(),
            entities,
        })
    }

    /// Adds (or replaces, by id) a document, with optional extracted fields.
    /// Returns what was extracted (`{entities}`: the article's names).
    /// Throws an `Error` for a document that cannot be indexed.
    #[wasm_bindgen(unchecked_return_type = "AddResult")]
    pub fn add(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "SearchDocument")] doc: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DocFields | undefined")] fields: JsValue,
    ) -> Result<JsValue, JsError> {
        if !doc.is_object() {
            return Err(JsError::new(
                "bad document: expected an object {id, title, text}",
            ));
        }
        let d: crate::search::Document = serde_wasm_bindgen::from_value(doc)
            .map_err(|e| JsError::new(&format!("bad document: {e}")))?;
        if !(fields.is_undefined() || fields.is_null()) {
            let f: crate::search::DocFields = serde_wasm_bindgen::from_value(fields)
                .map_err(|e| JsError::new(&format!("bad fields: {e}")))?;
            self.inner.add_with_fields(d, f).map_err(search_err)?;
            return to_js(&serde_json::json!({ "entities": [] }));
        }
        #[cfg(feature = "extract")]
        if self.entities {
            let e = crate::pipeline::add_enriched(&mut self.inner, d).map_err(search_err)?;
            return to_js(&e);
        }
        self.inner
            .add_with_fields(d, crate::search::DocFields::default())
            .map_err(search_err)?;
        to_js(&serde_json::json!({ "entities": [] }))
    }

    /// Removes a document by id; true if it was there.
    pub fn remove(&mut self, id: &str) -> bool {
        self.inner.remove(id)
    }

    /// Number of documents.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.inner.len()
    }

    /// The stored document with this id (without its text) and its fields;
    /// `undefined` for an unknown id.
    #[wasm_bindgen(unchecked_return_type = "StoredDocument | undefined")]
    pub fn get(&self, id: &str) -> Result<JsValue, JsError> {
        let Some((d, f)) = self.inner.get(id) else {
            return Ok(JsValue::UNDEFINED);
        };
        to_js(&serde_json::json!({
            "id": d.id,
            "title": d.title,
            "date": d.date,
            "source": d.source,
            "url": d.url,
            "fields": f,
        }))
    }

    /// Searches. Never throws for a string query (malformed syntax is read
    /// literally); throws an `Error` for a non-string query or options it
    /// cannot read.
    #[wasm_bindgen(unchecked_return_type = "SearchResults")]
    pub fn search(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] query: JsValue,
        #[wasm_bindgen(unchecked_param_type = "SearchOptions | undefined")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        let Some(q) = query.as_string() else {
            return Err(JsError::new("the query must be a string"));
        };
        let opts: crate::search::SearchOptions = js_options(&options)?;
        to_js(&self.inner.search(&q, &opts))
    }

    /// Articles related to `id` (most related first; empty for an unknown id).
    #[wasm_bindgen(unchecked_return_type = "RelatedArticle[]")]
    pub fn related(&self, id: &str, limit: Option<u32>) -> Result<JsValue, JsError> {
        to_js(&self.inner.related(id, limit.unwrap_or(10) as usize))
    }

    /// The corpus as bytes (a versioned, checksummed binary format).
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.inner.to_bytes()
    }

    /// A corpus from `toBytes()` output. Throws an `Error` for truncated,
    /// corrupted or wrong-version bytes. Documents added later get their
    /// fields extracted as in `new Corpus()`.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> Result<WasmCorpus, JsError> {
        crate::search::Corpus::from_bytes(bytes)
            .map(|inner| WasmCorpus {
                inner,
                entities: cfg!(feature = "extract"),
            })
            .map_err(search_err)
    }
}
