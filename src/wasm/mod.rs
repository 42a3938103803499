//! The JavaScript face (wasm32 only): conversion between JS values and the
//! core's Rust types, nothing else. All logic lives in plain Rust modules that
//! `cargo test` exercises natively.
//!
//! Every build has `version`, `highlight` and the `Corpus` and `ShardedIndex`
//! classes; builds with the `extract` feature add `analyze`, `summarize`, the
//! NER model loader (`wasm_model`) and corpora that extract their own search
//! fields. The search-only build (`--no-default-features`) is what
//! `<lede-search>` loads over a prebuilt index: without the `write` feature
//! it only reads (`Corpus.fromBytes`, `search`, `get`, `related`, `remove`,
//! `ShardedIndex`), and `Corpus.add` and `toBytes` throw an `Error` that says
//! so, which keeps indexing, the saved format's writer and deflate out of the
//! download.
//!
//! Search results cross as numbers and one string that a JS snippet of the
//! glue makes into plain objects ([`results`]: parsing their JSON text cost
//! more than the objects, and setting each property from Rust more still);
//! the other results (and a page with explanations) cross as JSON text that
//! JS parses, written by [`crate::search::json`], not `serde_json`, for
//! download size. Both give the same objects. No float is formatted here
//! but a score's shortest text, as the JSON writes it (a number in a message
//! is written by JS's `String(x)`).
//!
//! ## The boundary never aborts, never leaks, never bricks a corpus
//!
//! A JS exception that unwinds through a Rust frame skips its destructors, and
//! a panic or an out-of-memory aborts the whole module (release builds abort
//! on panic): either loses everything the module holds. So every export
//! follows the same order:
//!
//! 1. **Read every JS value completely first**, as plain data: each argument
//!    is a `JsValue` whose type this module checks itself (wasm-bindgen's own
//!    `&str`/`u32` conversions trap on a number or a `{length}` object), and
//!    every property is read with `Reflect` (a `catch` import), so a throwing
//!    getter, a revoked Proxy or a Proxy whose trap throws is an `Error`
//!    naming what could not be read, never an exception unwinding through
//!    Rust. Strings with lone surrogates are refused (never turned into
//!    U+FFFD), numbers must be finite non-negative integers, options are
//!    plain objects (not arrays) whose unknown keys are reported by name.
//! 2. **Check before working**: sizes, then the memory budget
//!    ([`crate::pipeline::errors::check_budget`], and the room left in this
//!    module's 4 GiB), so a text too costly to analyze is a clear error.
//! 3. **Only then touch the corpus**: `Corpus` methods all take `&self` over
//!    an inner `RefCell` borrowed after every JS read and released before
//!    returning; no JS runs while it is borrowed. (A shared borrow that
//!    wasm-bindgen's glue leaks, should anything ever unwind, cannot block a
//!    later call, as every method takes `&self`.) A failed `add` leaves the
//!    corpus exactly as it was.
//!
//! ## One file per concern
//!
//! - `mod.rs` (this file): the free functions `analyze`, `summarize`,
//!   `version`, `highlight`, and the errors and JSON hand-over they share;
//! - [`read`]: reading JS values (strings, counts, arrays, option objects)
//!   and the cost checks;
//! - [`input`]: the search engine's inputs (documents, fields, options,
//!   filters);
//! - [`corpus`]: the `Corpus` class; [`sharded`]: the `ShardedIndex` class;
//! - [`types`]: the TypeScript interfaces copied into `lede.d.ts`.

mod corpus;
mod input;
mod read;
mod results;
mod sharded;
mod types;

pub use corpus::WasmCorpus;
#[cfg(feature = "extract")]
pub(crate) use read::read_bytes;
pub use sharded::WasmShardedIndex;

use crate::pipeline::errors::{self, LedeError, MAX_TEXT_BYTES};
#[cfg(feature = "extract")]
use crate::pipeline::{analyze_json, summarize_json, AnalyzeOptions};
use crate::search::json;
use read::{check_cost, read_string, read_text};
#[cfg(feature = "extract")]
use read::{check_keys, object_keys, opt_prop, read_bool, read_count};
use wasm_bindgen::prelude::*;

pub(super) fn err(e: LedeError) -> JsError {
    JsError::new(&e.to_string())
}

pub(super) fn bad_options(m: String) -> JsError {
    err(LedeError::BadOptions(m))
}
/// Reads `analyze` options: `undefined`, `null` or a plain object with only
/// `date`, `summary`, `keyphrases` and `quotes`.
#[cfg(feature = "extract")]
fn read_analyze_options(v: &JsValue) -> Result<AnalyzeOptions, JsError> {
    let mut o = AnalyzeOptions::default();
    if v.is_undefined() || v.is_null() {
        return Ok(o);
    }
    let known = ["date", "summary", "keyphrases", "quotes", "tokens"];
    let keys = object_keys(v, "the options").map_err(bad_options)?;
    check_keys(&keys, &known, "option").map_err(bad_options)?;
    if let Some(d) = opt_prop(v, "date", "date").map_err(bad_options)? {
        let d = read_string(&d, "date", MAX_TEXT_BYTES).map_err(bad_options)?;
        if !d.is_empty() {
            errors::check_date(&d).map_err(err)?;
            o.date = Some(d);
        }
    }
    for (key, slot) in [
        ("summary", &mut o.summary),
        ("keyphrases", &mut o.keyphrases),
    ] {
        if let Some(x) = opt_prop(v, key, key).map_err(bad_options)? {
            *slot = Some(read_count(&x, key).map_err(bad_options)?);
        }
    }
    if let Some(q) = opt_prop(v, "quotes", "quotes").map_err(bad_options)? {
        o.quotes = Some(read_bool(&q, "quotes").map_err(bad_options)?);
    }
    if let Some(t) = opt_prop(v, "tokens", "tokens").map_err(bad_options)? {
        o.tokens = Some(read_bool(&t, "tokens").map_err(bad_options)?);
    }
    Ok(o)
}
pub(super) fn json_to_js(json: &str) -> Result<JsValue, JsError> {
    js_sys::JSON::parse(json).map_err(|_| JsError::new("internal error: bad JSON"))
}

/// Installs a panic hook that reports panics to the console (debug builds only).
#[wasm_bindgen(start)]
pub fn start() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
}

/// Analyzes an article. Throws an `Error` for input that is not a non-empty,
/// well-formed string, for a text over the size limit or the memory budget,
/// or for options it cannot read (unknown keys, wrong types, a bad date).
#[cfg(feature = "extract")]
#[wasm_bindgen(unchecked_return_type = "Analysis")]
pub fn analyze(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "AnalyzeOptions")] options: JsValue,
) -> Result<JsValue, JsError> {
    if !text.is_string() {
        return Err(err(LedeError::NotAString));
    }
    // the options first: nothing is copied while JS code (a getter) can run
    let opts = read_analyze_options(&options)?;
    let mut text = read_text(&text)?;
    errors::bom_as_space_in_place(&mut text);
    check_cost(errors::estimate_tokens(&text))?;
    json_to_js(&analyze_json(&text, &opts, false).map_err(err)?)
}

/// The extractive summary of an article: up to `k` sentences (default 3,
/// fewer for short texts) in article order. Throws like `analyze`.
#[cfg(feature = "extract")]
#[wasm_bindgen(unchecked_return_type = "SummarySentence[]")]
pub fn summarize(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "number")] k: JsValue,
) -> Result<JsValue, JsError> {
    if !text.is_string() {
        return Err(err(LedeError::NotAString));
    }
    let k = if k.is_undefined() || k.is_null() {
        crate::extract::summary::DEFAULT_SENTENCES
    } else {
        read_count(&k, "k").map_err(bad_options)?
    };
    let mut text = read_text(&text)?;
    errors::bom_as_space_in_place(&mut text);
    check_cost(errors::estimate_tokens(&text))?;
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
    if !text.is_string() {
        return Err(err(LedeError::NotAString));
    }
    if !query.is_string() {
        return Err(JsError::new("the query must be a string"));
    }
    let query = read_string(&query, "the query", MAX_TEXT_BYTES).map_err(|m| JsError::new(&m))?;
    let text = read_text(&text)?;
    check_cost(errors::estimate_tokens(&text))?;
    let r = crate::search::highlight_text(&text, &query);
    json_to_js(&json::spans(&r))
}
