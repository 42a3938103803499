//! Search across articles: a positional inverted index over titles, bodies and
//! extracted fields (people, organizations, places, quote speakers,
//! keyphrases), a forgiving query language, BM25F ranking with proximity,
//! highlights and query-biased snippets in UTF-16, facets, related articles,
//! and a versioned, checksummed binary format.
//!
//! One file per concern: [`analysis`] (terms), [`index`] (postings and the term
//! dictionary), [`query`] (the query language), [`ranking`] (scoring),
//! [`facet_alias`] (a facet counts a name once, under its full form),
//! [`highlight`] (match ranges and snippets), [`persist`] (bytes), and `cli`
//! (the native `lede index` / `lede search` commands).
//!
//! ```
//! use lede::search::{Corpus, Document, SearchOptions};
//! let mut c = Corpus::new();
//! c.add(Document::new("a", "Budget day", "The chancellor set out the budget.")).unwrap();
//! let r = c.search("budgets", &SearchOptions::default());
//! assert_eq!(r.results[0].id, "a");
//! ```

pub mod analysis;
pub mod facet_alias;
pub mod highlight;
pub mod index;
pub mod json;
pub mod persist;
pub mod query;
pub mod ranking;
pub mod shard;

/// Counters of the work a search does on this thread, so tests can bound
/// it by counting instead of timing. Not an API.
#[doc(hidden)]
pub mod work {
    use std::cell::Cell;

    /// Work done since the last [`reset`].
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct Work {
        /// Query clauses evaluated.
        pub clauses: u64,
        /// Postings entries (document, positions) decoded.
        pub postings: u64,
        /// Bytes of document text read to place highlights and snippets.
        pub text_bytes: u64,
    }

    thread_local! {
        static WORK: Cell<Work> = Cell::new(Work::default());
    }

    fn bump(f: impl FnOnce(&mut Work)) {
        WORK.with(|w| {
            let mut v = w.get();
            f(&mut v);
            w.set(v);
        });
    }

    /// Zeroes the counters.
    pub fn reset() {
        WORK.with(|w| w.set(Work::default()));
    }

    /// The counters.
    pub fn get() -> Work {
        WORK.with(Cell::get)
    }

    pub(crate) fn add_clause() {
        bump(|w| w.clauses += 1);
    }

    pub(crate) fn add_postings(n: u64) {
        bump(|w| w.postings += n);
    }

    pub(crate) fn add_text(n: usize) {
        bump(|w| w.text_bytes += n as u64);
    }
}

use crate::text::Span16;
use serde::{Deserialize, Serialize};
use std::fmt;

pub use query::{parse_query, Query};
pub use ranking::{Explain, ExplainClause};

/// Largest document text accepted, in bytes (16 MiB, as for `analyze`).
pub const MAX_DOC_BYTES: usize = 16 * 1024 * 1024;
/// Largest document id accepted, in bytes.
pub const MAX_ID_BYTES: usize = 1024;
/// Largest query accepted, in bytes: [`Corpus::try_search`] refuses a longer
/// one with [`SearchError::QueryTooLong`] (never cuts it: a cut could drop an
/// exclusion or a phrase and change what the query means).
pub const MAX_QUERY_BYTES: usize = 4096;
pub use highlight::{MAX_MATCHES, SCAN_BUDGET};
pub use ranking::{MAX_HIGHLIGHTED_HITS, MAX_LIMIT};

/// An indexed field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Field {
    /// The title.
    Title = 0,
    /// The body text.
    Body = 1,
    /// People (names and aliases).
    Person = 2,
    /// Organizations (names and aliases).
    Org = 3,
    /// Places (names and aliases).
    Place = 4,
    /// Speakers of quotes.
    Speaker = 5,
    /// Keyphrases.
    Keyphrase = 6,
}

/// Number of fields.
pub const NFIELDS: usize = 7;

impl Field {
    /// Every field, in order.
    pub const ALL: [Field; NFIELDS] = [
        Field::Title,
        Field::Body,
        Field::Person,
        Field::Org,
        Field::Place,
        Field::Speaker,
        Field::Keyphrase,
    ];

    /// The field's name as used in explanations.
    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Body => "body",
            Field::Person => "person",
            Field::Org => "org",
            Field::Place => "place",
            Field::Speaker => "speaker",
            Field::Keyphrase => "keyphrase",
        }
    }

    /// The field with index `i`.
    pub fn from_index(i: u8) -> Option<Field> {
        Field::ALL.get(i as usize).copied()
    }

    /// This field's bit in a field mask.
    pub fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A document to index.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Document {
    /// Stable id chosen by the caller (non-empty; adding an existing id updates it).
    pub id: String,
    /// The title (may be empty when the text is not).
    #[serde(default)]
    pub title: String,
    /// The body text.
    #[serde(default)]
    pub text: String,
    /// Publication date, as given (e.g. ISO `YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Source name (publisher, feed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Web address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Language of the text, a BCP 47 tag as given (`en`, `fr`, `ja`,
    /// `zh-Hant`), set by the caller or taken from the analysis. It picks
    /// how words become terms (see [`analysis::Lang`]): English stemming only
    /// for English, no stemming for other languages, diacritics folded for
    /// Latin scripts, character bigrams for Chinese, Japanese and Korean
    /// whatever the tag. Absent: English rules for Latin-script words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

impl Document {
    /// A document with an id, a title and a text.
    pub fn new(id: &str, title: &str, text: &str) -> Document {
        Document {
            id: id.to_string(),
            title: title.to_string(),
            text: text.to_string(),
            ..Document::default()
        }
    }
}

/// Extracted fields of a document, supplied by the caller or by the enricher:
/// names and aliases as plain strings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DocFields {
    /// People: canonical names and aliases.
    pub people: Vec<String>,
    /// Organizations: canonical names and aliases.
    pub orgs: Vec<String>,
    /// Places: canonical names and aliases.
    pub places: Vec<String>,
    /// Speakers of quotes.
    pub speakers: Vec<String>,
    /// Keyphrases.
    pub keyphrases: Vec<String>,
}

impl DocFields {
    /// Each extracted field with its values.
    pub fn by_field(&self) -> [(Field, &[String]); 5] {
        [
            (Field::Person, &self.people),
            (Field::Org, &self.orgs),
            (Field::Place, &self.places),
            (Field::Speaker, &self.speakers),
            (Field::Keyphrase, &self.keyphrases),
        ]
    }

    /// True when every field is empty.
    pub fn is_empty(&self) -> bool {
        self.by_field().iter().all(|(_, v)| v.is_empty())
    }
}

/// An enrichment function: (title, text) → extracted fields. Search knows no
/// extraction engine: the layer above plugs one in (`lede::pipeline::enriched_corpus`).
pub type Enricher = fn(&str, &str) -> DocFields;

/// The default enricher: no extracted fields.
pub fn no_enrichment(_title: &str, _text: &str) -> DocFields {
    DocFields::default()
}

/// Search options (JSON: `{limit, offset, prefix, fuzzy, explain}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SearchOptions {
    /// Most results returned (default 10, at most 1000).
    pub limit: usize,
    /// Results skipped before the first returned (paging).
    pub offset: usize,
    /// Treat the last query word as a prefix (search as you type).
    pub prefix: bool,
    /// Tolerate typos: 1 edit from 5 letters, 2 from 9 (default true).
    pub fuzzy: bool,
    /// Attach each result's score breakdown.
    pub explain: bool,
    /// Compute titles' highlights, snippets and match ranges (default true;
    /// false returns ids, titles and scores only).
    pub highlight: bool,
    /// Count the top people, organizations and places of all results
    /// (default true; false leaves `facets` empty, for callers that only
    /// want the ranked results).
    pub facets: bool,
    /// Keep only results whose field has exactly this value (facet chips);
    /// `total` and `facets` count what is left.
    pub filters: Vec<Filter>,
}

/// A facet filter: the document's `field` holds `value` (as stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    /// `person`, `org`, `place`, `speaker` or `keyphrase`.
    pub field: FilterField,
    /// The exact value (a canonical name or an alias).
    pub value: String,
}

/// The extracted fields a [`Filter`] can test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FilterField {
    /// People.
    Person,
    /// Organizations.
    Org,
    /// Places.
    Place,
    /// Quote speakers.
    Speaker,
    /// Keyphrases.
    Keyphrase,
}

impl Filter {
    /// True when `fields` pass this filter.
    pub fn accepts(&self, fields: &DocFields) -> bool {
        let list = match self.field {
            FilterField::Person => &fields.people,
            FilterField::Org => &fields.orgs,
            FilterField::Place => &fields.places,
            FilterField::Speaker => &fields.speakers,
            FilterField::Keyphrase => &fields.keyphrases,
        };
        list.contains(&self.value)
    }
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            prefix: false,
            fuzzy: true,
            explain: false,
            highlight: true,
            facets: true,
            filters: Vec::new(),
        }
    }
}

/// A query-biased snippet of a body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snippet {
    /// The snippet text (a slice of the body).
    pub text: String,
    /// Start in the body, UTF-16.
    pub start: u32,
    /// End (exclusive) in the body, UTF-16.
    pub end: u32,
    /// Matches inside the snippet, UTF-16, relative to the snippet.
    pub highlights: Vec<Span16>,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    /// The document id.
    pub id: String,
    /// The document title.
    pub title: String,
    /// Relevance score (higher is better).
    pub score: f32,
    /// Matches in the title, UTF-16.
    pub title_highlights: Vec<Span16>,
    /// A query-biased snippet of the body.
    pub snippet: Snippet,
    /// Every match in the body, UTF-16, article-relative, in text order: at
    /// most [`MAX_MATCHES`], found within [`SCAN_BUDGET`] bytes of the body.
    pub matches: Vec<Span16>,
    /// True when `matches` does not list every match: cut at [`MAX_MATCHES`]
    /// or at the scan budget (a huge document), or left empty because the hit
    /// is past the first [`MAX_HIGHLIGHTED_HITS`] of its page (then its title
    /// highlights and snippet are empty too). Omitted from JSON when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub matches_cut: bool,
    /// Score breakdown (with `explain: true`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<Explain>,
}

/// A facet value with the number of results that have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// The value (a name as supplied).
    pub value: String,
    /// Number of matching documents that have it.
    pub count: u32,
}

/// The top people, organizations and places over all results.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Facets {
    /// Top people.
    pub people: Vec<FacetCount>,
    /// Top organizations.
    pub orgs: Vec<FacetCount>,
    /// Top places.
    pub places: Vec<FacetCount>,
}

/// What a search returns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    /// The results, best first.
    pub results: Vec<SearchHit>,
    /// Facets over all matching documents.
    pub facets: Facets,
    /// Number of matching documents.
    pub total: usize,
}

/// An article related to another one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Related {
    /// The document id.
    pub id: String,
    /// The document title.
    pub title: String,
    /// How related (higher is more).
    pub score: f32,
    /// The entities, keyphrases and terms the two articles share.
    pub shared: Vec<String>,
}

/// Why a search-engine call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchError {
    /// A document that cannot be indexed (empty id, no text, too large, binary).
    BadDocument(String),
    /// Options that could not be read.
    BadOptions(String),
    /// The bytes do not start with the index's magic header.
    NotAnIndex,
    /// The bytes end before the index does.
    Truncated,
    /// The bytes were written by another format version.
    UnsupportedVersion {
        /// The version found.
        found: u32,
        /// The version this build reads.
        supported: u32,
    },
    /// The checksum or the contents do not match.
    Corrupt(String),
    /// A query longer than [`MAX_QUERY_BYTES`].
    QueryTooLong {
        /// The query's length in bytes.
        len: usize,
        /// The largest length accepted ([`MAX_QUERY_BYTES`]).
        limit: usize,
    },
}

impl fmt::Display for SearchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SearchError::BadDocument(m) => write!(f, "bad document: {m}"),
            SearchError::BadOptions(m) => write!(f, "bad options: {m}"),
            SearchError::NotAnIndex => write!(f, "not a Lede search index (bad magic header)"),
            SearchError::Truncated => write!(f, "the search index is truncated"),
            SearchError::UnsupportedVersion { found, supported } => write!(
                f,
                "unsupported search index version {found} (this build reads version {supported})"
            ),
            SearchError::Corrupt(m) => write!(f, "the search index is corrupt: {m}"),
            SearchError::QueryTooLong { len, limit } => write!(
                f,
                "the query is {len} bytes long, over the limit of {limit} bytes"
            ),
        }
    }
}

impl std::error::Error for SearchError {}

/// A searchable collection of articles.
pub struct Corpus {
    index: index::Index,
    enricher: Enricher,
}

impl fmt::Debug for Corpus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Corpus")
            .field("documents", &self.len())
            .field("terms", &self.term_count())
            .finish()
    }
}

impl Default for Corpus {
    fn default() -> Self {
        Corpus::new()
    }
}

/// Checks that a query can be searched: at most [`MAX_QUERY_BYTES`] bytes.
pub fn check_query(query: &str) -> Result<(), SearchError> {
    if query.len() > MAX_QUERY_BYTES {
        return Err(SearchError::QueryTooLong {
            len: query.len(),
            limit: MAX_QUERY_BYTES,
        });
    }
    Ok(())
}

/// Checks that a document can be indexed (id, size, text), before any work
/// is spent on it.
pub fn check_document(doc: &Document) -> Result<(), SearchError> {
    if doc.id.trim().is_empty() {
        return Err(SearchError::BadDocument("the id is empty".into()));
    }
    if doc.id.len() > MAX_ID_BYTES {
        return Err(SearchError::BadDocument(format!(
            "the id is longer than {MAX_ID_BYTES} bytes"
        )));
    }
    if doc.title.trim().is_empty() && doc.text.trim().is_empty() {
        return Err(SearchError::BadDocument(format!(
            "document {:?} has neither title nor text",
            doc.id
        )));
    }
    if doc.text.len() + doc.title.len() > MAX_DOC_BYTES {
        return Err(SearchError::BadDocument(format!(
            "document {:?} is larger than {MAX_DOC_BYTES} bytes",
            doc.id
        )));
    }
    if doc.text.contains('\0') || doc.title.contains('\0') {
        return Err(SearchError::BadDocument(format!(
            "document {:?} looks like binary data",
            doc.id
        )));
    }
    Ok(())
}

impl Corpus {
    /// An empty corpus whose [`Corpus::add`] extracts no fields.
    pub fn new() -> Corpus {
        Corpus {
            index: index::Index::default(),
            enricher: no_enrichment,
        }
    }

    /// Sets the function that [`Corpus::add`] uses to extract fields.
    pub fn set_enricher(&mut self, f: Enricher) {
        self.enricher = f;
    }

    /// Adds a document, extracting its fields with the enricher; a document
    /// with the same id is replaced.
    pub fn add(&mut self, doc: Document) -> Result<(), SearchError> {
        check_document(&doc)?;
        let fields = (self.enricher)(&doc.title, &doc.text);
        self.add_with_fields(doc, fields)
    }

    /// Adds a document with fields supplied by the caller; a document with the
    /// same id is replaced.
    pub fn add_with_fields(&mut self, doc: Document, fields: DocFields) -> Result<(), SearchError> {
        check_document(&doc)?;
        self.index.remove(&doc.id);
        self.index.insert(doc, fields);
        Ok(())
    }

    /// Removes a document; true if it was there.
    pub fn remove(&mut self, id: &str) -> bool {
        self.index.remove(id)
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.index.live()
    }

    /// True when there are no documents.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of distinct terms in live documents.
    pub fn term_count(&self) -> usize {
        self.index.terms.iter().filter(|t| t.df > 0).count()
    }

    /// True when a document with this id is indexed.
    pub fn contains(&self, id: &str) -> bool {
        self.index.by_id.contains_key(id)
    }

    /// The document with this id and its fields.
    pub fn get(&self, id: &str) -> Option<(&Document, &DocFields)> {
        let n = *self.index.by_id.get(id)?;
        let s = self.index.docs.get(n as usize)?.as_ref()?;
        Some((&s.doc, &s.fields))
    }

    /// Ids of every document, in insertion order.
    pub fn ids(&self) -> Vec<String> {
        self.index
            .docs
            .iter()
            .flatten()
            .map(|s| s.doc.id.clone())
            .collect()
    }

    /// Searches (see the [`query`] module for the query language); a query
    /// longer than [`MAX_QUERY_BYTES`] is an error. `opts.limit` is clamped to
    /// [`MAX_LIMIT`]; hits past the first [`MAX_HIGHLIGHTED_HITS`] of the page
    /// come without highlights (`matches_cut`). This is what the faces (JS,
    /// `lede search`) call.
    pub fn try_search(
        &self,
        query: &str,
        opts: &SearchOptions,
    ) -> Result<SearchResults, SearchError> {
        check_query(query)?;
        Ok(ranking::search(&self.index, query, opts))
    }

    /// Searches like [`Corpus::try_search`], reading at most the first
    /// [`MAX_QUERY_BYTES`] of an over-long query (cut at a character
    /// boundary). Kept for Rust callers that want an answer to any query;
    /// anything facing a user should call [`Corpus::try_search`], which says
    /// so instead of changing the query's meaning.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> SearchResults {
        ranking::search(&self.index, query, opts)
    }

    /// [`Corpus::search`] with highlights made the old way, re-reading each
    /// hit's whole title and body: the reference the bounded path is tested
    /// against (same results on real articles).
    #[doc(hidden)]
    pub fn search_reference(&self, query: &str, opts: &SearchOptions) -> SearchResults {
        ranking::search_with(&self.index, query, opts, ranking::Highlighter::Reference)
    }

    /// Articles related to `id`: those sharing the most salient entities,
    /// keyphrases and terms. Empty when `id` is unknown.
    pub fn related(&self, id: &str, limit: usize) -> Vec<Related> {
        ranking::related(&self.index, id, limit)
    }

    /// The corpus as bytes (see [`persist`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        persist::to_bytes(&self.index)
    }

    /// The corpus as bytes, with the size of each part (see [`persist::Sizes`]).
    pub fn to_bytes_sized(&self) -> (Vec<u8>, persist::Sizes) {
        persist::to_bytes_sized(&self.index)
    }

    /// Where the bytes of the saved corpus go (see [`persist::stats`]).
    pub fn breakdown(&self) -> persist::stats::Breakdown {
        persist::stats::breakdown(&self.index)
    }

    /// The corpus in the old format (version 1), for tests and benchmarks of
    /// loading old files.
    #[doc(hidden)]
    pub fn to_bytes_v1(&self) -> Vec<u8> {
        persist::v1::to_bytes(&self.index)
    }

    /// The corpus in format version 2, for tests and benchmarks of loading
    /// old files.
    #[doc(hidden)]
    pub fn to_bytes_v2(&self) -> Vec<u8> {
        persist::v2::to_bytes(&self.index)
    }

    /// A corpus from bytes made by [`Corpus::to_bytes`]; a clear error for
    /// truncated, corrupted or wrong-version bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Corpus, SearchError> {
        Ok(Corpus {
            index: persist::from_bytes(bytes)?,
            enricher: no_enrichment,
        })
    }

    /// Replaces this corpus with the one in `bytes`; on error it is left untouched.
    pub fn load_bytes(&mut self, bytes: &[u8]) -> Result<(), SearchError> {
        self.index = persist::from_bytes(bytes)?;
        Ok(())
    }
}

/// Where `query` matches in `text` (UTF-16 ranges, in text order), found the
/// way a search would find them in an article with that text: the same
/// analyzer, stems, typo tolerance and phrases. For highlighting a query in a
/// text that is not in any index (the page's open article, an embedded one).
pub fn highlight_text(text: &str, query: &str) -> Vec<Span16> {
    let mut c = Corpus::new();
    if c.add_with_fields(Document::new("_", "", text), DocFields::default())
        .is_err()
    {
        return Vec::new();
    }
    let opts = SearchOptions {
        limit: 1,
        prefix: false,
        fuzzy: true,
        ..SearchOptions::default()
    };
    c.search(query, &opts)
        .results
        .into_iter()
        .next()
        .map(|h| h.matches)
        .unwrap_or_default()
}
