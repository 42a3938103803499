//! The `ShardedIndex` class: a sharded static index (format and rounds in
//! `src/search/shard/`) read as queries need it. JS asks `missing` which
//! files a query needs, fetches them, hands each to `load`, and asks again
//! until nothing is missing; then `search` answers as `Corpus.search` does.
//! `trim` drops the least recently used files to bound memory.
//!
//! As with `Corpus`, every JS value is read before the index is borrowed.

use super::input::read_query;
use super::read::{read_bytes, read_count, read_id, read_string};
use super::{bad_options, json_to_js};
use crate::search::json;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

fn shard_err(e: crate::search::shard::ShardError) -> JsError {
    JsError::new(&e.to_string())
}

/// A sharded static index read as queries need it (JS class
/// `ShardedIndex`; format and rounds in `src/search/shard/`). The loop:
/// `while ((m = idx.missing(q, o)).length) await loadAll(m); idx.search(q, o)`.
#[wasm_bindgen(js_name = ShardedIndex)]
pub struct WasmShardedIndex {
    /// Borrowed only after every JS value is read, never across a JS call.
    inner: RefCell<crate::search::shard::ShardedIndex>,
}

impl WasmShardedIndex {
    fn read(&self) -> Result<std::cell::Ref<'_, crate::search::shard::ShardedIndex>, JsError> {
        self.inner
            .try_borrow()
            .map_err(|_| JsError::new("the index is busy: an earlier call on it has not returned"))
    }

    fn write(&self) -> Result<std::cell::RefMut<'_, crate::search::shard::ShardedIndex>, JsError> {
        self.inner
            .try_borrow_mut()
            .map_err(|_| JsError::new("the index is busy: an earlier call on it has not returned"))
    }
}
#[wasm_bindgen(js_class = ShardedIndex)]
impl WasmShardedIndex {
    /// A reader over the bytes of `manifest.json` (a `Uint8Array`). Throws an
    /// `Error` for a corrupt manifest or another format version.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] manifest: JsValue,
    ) -> Result<WasmShardedIndex, JsError> {
        let bytes = read_bytes(&manifest, "the manifest")?;
        let inner = crate::search::shard::ShardedIndex::new(&bytes).map_err(shard_err)?;
        Ok(WasmShardedIndex {
            inner: RefCell::new(inner),
        })
    }

    /// Files (paths relative to the manifest's directory) that must be
    /// loaded before `search(query, options)` can answer; `[]` when ready.
    /// Call again after loading: a later round names the page's fragments
    /// (by document number, no table of them). Throws for a query or options it cannot
    /// read, as `Corpus.search` does.
    #[wasm_bindgen(unchecked_return_type = "string[]")]
    pub fn missing(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] query: JsValue,
        #[wasm_bindgen(unchecked_param_type = "SearchOptions | undefined")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        let (q, opts) = read_query(&query, &options)?;
        let m = self.read()?.missing(&q, &opts).map_err(shard_err)?;
        json_to_js(&json::strings(&m))
    }

    /// Loads one file named by `missing()`: its bytes as served (raw
    /// DEFLATE, as stored) or already inflated (e.g. through
    /// `DecompressionStream('deflate-raw')`). Verifies the content hash in
    /// the name; throws an `Error` naming the file if it is corrupt (and
    /// keeps nothing of it).
    pub fn load(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] path: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
    ) -> Result<(), JsError> {
        let path = read_string(&path, "the path", 4096).map_err(|m| JsError::new(&m))?;
        let bytes = read_bytes(&bytes, "the bytes")?;
        self.write()?.load(&path, &bytes).map_err(shard_err)
    }

    /// Searches: the same result shape as `Corpus.search`. Throws an `Error`
    /// naming the files still missing (call `missing()` and load them).
    #[wasm_bindgen(unchecked_return_type = "SearchResults")]
    pub fn search(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] query: JsValue,
        #[wasm_bindgen(unchecked_param_type = "SearchOptions | undefined")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        let (q, opts) = read_query(&query, &options)?;
        let r = self.read()?.search(&q, &opts).map_err(shard_err)?;
        match super::results::build(&r) {
            Some(v) => Ok(v),
            None => json_to_js(&json::search_results(&r)),
        }
    }

    /// A document whose fragment is loaded (every hit of the last `search`
    /// has it), as `Corpus.get` gives it: without its text, with its fields;
    /// `undefined` when it is not loaded (or unknown). Throws for an id that
    /// is not a well-formed string. Costs one pass over the loaded files'
    /// names (bounded by what `trim` keeps).
    #[wasm_bindgen(unchecked_return_type = "StoredDocument | undefined")]
    pub fn get(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<JsValue, JsError> {
        let id = read_id(&id)?;
        let ix = self.read()?;
        let found = ix
            .loaded()
            .iter()
            .filter_map(|name| ix.fragment(name))
            .find(|f| f.doc.id == id)
            .map(|f| json::stored_document(&f.doc, &f.fields));
        drop(ix);
        match found {
            Some(json) => json_to_js(&json),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// Documents in the index.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> Result<usize, JsError> {
        let n = self.read()?.len();
        Ok(n)
    }

    /// Bytes held by loaded files (inflated), for cache trimming.
    #[wasm_bindgen(getter, js_name = loadedBytes)]
    pub fn loaded_bytes(&self) -> Result<usize, JsError> {
        let n = self.read()?.loaded_bytes();
        Ok(n)
    }

    /// Drops the least recently used loaded files until at most `maxBytes`
    /// are held (they are fetched again when a query needs them).
    pub fn trim(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] max_bytes: JsValue,
    ) -> Result<(), JsError> {
        let max = read_count(&max_bytes, "maxBytes").map_err(bad_options)?;
        self.write()?.trim(max);
        Ok(())
    }
}
