//! The `Corpus` class: an in-memory search index that JS fills with
//! `add`, queries with `search`, `get` and `related`, and saves with
//! `toBytes` / `fromBytes`.
//!
//! Every method takes `&self` over a `RefCell` that is borrowed only after
//! every JS value has been read (by [`super::input`]) and released before
//! returning, so no JS code runs while the corpus is borrowed and a failed
//! `add` leaves it exactly as it was. In the search-only build (no feature
//! `write`) `add` and `toBytes` throw an `Error` that says why, which keeps
//! the indexer and the saved format's writer out of that download.

#[cfg(feature = "write")]
use super::input::{doc_err, read_document, read_fields};
use super::input::{read_query, search_err};
#[cfg(feature = "write")]
use super::read::check_room;
use super::read::{check_keys, object_keys, opt_prop, read_bool, read_bytes, read_count, read_id};
use super::{bad_options, json_to_js};
#[cfg(feature = "write")]
use crate::pipeline::errors::{self, quoted, LedeError};
use crate::search::json;
#[cfg(feature = "write")]
use crate::search::DocFields;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

/// What `Corpus.add` returns when no names were extracted.
#[cfg(feature = "write")]
const NO_ENTITIES: &str = "{\"entities\":[]}";
/// A searchable collection of articles (JS class `Corpus`).
#[wasm_bindgen(js_name = Corpus)]
pub struct WasmCorpus {
    /// Borrowed only after every JS value is read, never across a JS call.
    inner: RefCell<crate::search::Corpus>,
    /// Whether `add(doc)` without fields extracts them (builds with `extract`).
    #[cfg_attr(not(feature = "extract"), allow(dead_code))]
    entities: bool,
}

fn busy() -> JsError {
    JsError::new("the corpus is busy: an earlier call on it has not returned")
}

/// What a read-only build answers where it would have to index or save.
#[cfg(not(feature = "write"))]
fn read_only(what: &str) -> JsError {
    JsError::new(&format!(
        "this build of Lede only reads indexes (the search-only build): it cannot {what}; \
         load the full build (pkg/) to index articles or save a corpus"
    ))
}

impl WasmCorpus {
    /// `add`: reads `doc` and `fields`, checks the cost, indexes.
    #[cfg(feature = "write")]
    fn add_doc(&self, doc: &JsValue, fields: &JsValue) -> Result<JsValue, JsError> {
        // 1. every JS value, read completely
        let d = read_document(doc)?;
        let fields = if fields.is_undefined() || fields.is_null() {
            None
        } else {
            Some(read_fields(fields)?)
        };
        // 2. what indexing (and extraction) will cost, before any of it
        let tokens = errors::estimate_tokens(&d.title) + errors::estimate_tokens(&d.text);
        if tokens > errors::MAX_TOKENS {
            return Err(doc_err(format!(
                "document {}: {}",
                quoted(&d.id),
                LedeError::OverBudget { tokens }
            )));
        }
        check_room(tokens)?;
        // 3. the corpus, borrowed only now; no JS runs until it is released
        let mut c = self.write()?;
        if let Some(f) = fields {
            c.add_with_fields(d, f).map_err(search_err)?;
            drop(c);
            return json_to_js(NO_ENTITIES);
        }
        #[cfg(feature = "extract")]
        if self.entities {
            let e = crate::pipeline::add_enriched(&mut c, d).map_err(search_err)?;
            drop(c);
            return json_to_js(&e.to_json());
        }
        c.add_with_fields(d, DocFields::default())
            .map_err(search_err)?;
        drop(c);
        json_to_js(NO_ENTITIES)
    }

    /// `add` in a read-only build: a clear error.
    #[cfg(not(feature = "write"))]
    fn add_doc(&self, _doc: &JsValue, _fields: &JsValue) -> Result<JsValue, JsError> {
        Err(read_only("add articles"))
    }

    /// `toBytes`.
    #[cfg(feature = "write")]
    fn save(&self) -> Result<Vec<u8>, JsError> {
        let b = self.read()?.to_bytes();
        Ok(b)
    }

    /// `toBytes` in a read-only build: a clear error.
    #[cfg(not(feature = "write"))]
    fn save(&self) -> Result<Vec<u8>, JsError> {
        Err(read_only("save a corpus (toBytes)"))
    }

    fn read(&self) -> Result<std::cell::Ref<'_, crate::search::Corpus>, JsError> {
        self.inner.try_borrow().map_err(|_| busy())
    }

    fn write(&self) -> Result<std::cell::RefMut<'_, crate::search::Corpus>, JsError> {
        self.inner.try_borrow_mut().map_err(|_| busy())
    }
}

#[wasm_bindgen(js_class = Corpus)]
impl WasmCorpus {
    /// An empty corpus. In builds with the extraction engines, documents
    /// added without fields get their people, organizations, places, quote
    /// speakers and keyphrases extracted, unless `options.entities` is
    /// `false`. The search-only build throws for `entities: true`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "{ entities?: boolean }")] options: JsValue,
    ) -> Result<WasmCorpus, JsError> {
        let mut asked = None;
        if !(options.is_undefined() || options.is_null()) {
            let keys = object_keys(&options, "the options").map_err(bad_options)?;
            check_keys(&keys, &["entities"], "option").map_err(bad_options)?;
            if let Some(e) = opt_prop(&options, "entities", "entities").map_err(bad_options)? {
                asked = Some(read_bool(&e, "entities").map_err(bad_options)?);
            }
        }
        let entities = match asked {
            Some(true) if !cfg!(feature = "extract") => return Err(JsError::new(
                "this build of Lede has no extraction engines: use entities: false, or give fields",
            )),
            Some(b) => b,
            None => cfg!(feature = "extract"),
        };
        Ok(WasmCorpus {
            inner: RefCell::new(crate::search::Corpus::new()),
            entities,
        })
    }

    /// Adds (or replaces, by id) a document, with optional extracted fields.
    /// Returns what was extracted (`{entities}`: the article's names).
    /// Throws an `Error` for a document that cannot be indexed (wrong types,
    /// lone surrogates, too large, over the memory budget, a property that
    /// throws when read); the corpus is then exactly as before. The
    /// search-only build (read-only) always throws: it cannot index.
    #[wasm_bindgen(unchecked_return_type = "AddResult")]
    pub fn add(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SearchDocument")] doc: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "DocFields")] fields: JsValue,
    ) -> Result<JsValue, JsError> {
        self.add_doc(&doc, &fields)
    }

    /// Removes a document by id; true if it was there. Throws an `Error` for
    /// an id that is not a well-formed string.
    pub fn remove(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<bool, JsError> {
        let id = read_id(&id)?;
        let removed = self.write()?.remove(&id);
        Ok(removed)
    }

    /// Number of documents.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> Result<usize, JsError> {
        let n = self.read()?.len();
        Ok(n)
    }

    /// The stored document with this id (without its text) and its fields;
    /// `undefined` for an unknown id. Throws for an id that is not a
    /// well-formed string.
    #[wasm_bindgen(unchecked_return_type = "StoredDocument | undefined")]
    pub fn get(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<JsValue, JsError> {
        let id = read_id(&id)?;
        let c = self.read()?;
        let Some((d, f)) = c.get(&id) else {
            return Ok(JsValue::UNDEFINED);
        };
        let json = json::stored_document(d, f);
        drop(c);
        json_to_js(&json)
    }

    /// Searches. Never throws for a well-formed string query (malformed
    /// syntax is read literally); throws an `Error` for a query that is not a
    /// string, has lone surrogates or is over the query cap (4,096 bytes of
    /// UTF-8: an error, never silently cut), and for options it cannot read
    /// (unknown keys, wrong types, negative or fractional numbers).
    #[wasm_bindgen(unchecked_return_type = "SearchResults")]
    pub fn search(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SearchOptions")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        let (q, opts) = read_query(&query, &options)?;
        let r = self.read()?.try_search(&q, &opts).map_err(search_err)?;
        match super::results::build(&r) {
            Some(v) => Ok(v),
            None => json_to_js(&json::search_results(&r)),
        }
    }

    /// Articles related to `id` (most related first; empty for an unknown
    /// id), at most `limit` (default 10). Throws for an id that is not a
    /// well-formed string or a limit that is not a non-negative integer.
    #[wasm_bindgen(unchecked_return_type = "RelatedArticle[]")]
    pub fn related(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "number")] limit: JsValue,
    ) -> Result<JsValue, JsError> {
        let id = read_id(&id)?;
        let limit = if limit.is_undefined() || limit.is_null() {
            10
        } else {
            read_count(&limit, "limit").map_err(bad_options)?
        };
        let r = self.read()?.related(&id, limit);
        json_to_js(&json::related(&r))
    }

    /// The corpus as bytes (a versioned, checksummed binary format). The
    /// search-only build (read-only) throws: it cannot save.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Result<Vec<u8>, JsError> {
        self.save()
    }

    /// A corpus from `toBytes()` output (a `Uint8Array`). Throws an `Error`
    /// for anything else and for truncated, corrupted or wrong-version bytes.
    /// Documents added later get their fields extracted as in `new Corpus()`.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
    ) -> Result<WasmCorpus, JsError> {
        let bytes = read_bytes(&bytes, "the bytes")?;
        crate::search::Corpus::from_bytes(&bytes)
            .map(|inner| WasmCorpus {
                inner: RefCell::new(inner),
                entities: cfg!(feature = "extract"),
            })
            .map_err(search_err)
    }
}
