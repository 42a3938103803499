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
//! Results cross as JSON text that JS parses (`JSON.parse` is fast and makes
//! plain objects): written by [`crate::search::json`], not `serde_json`, for
//! download size. No float is formatted here (a number in a message is
//! written by JS's `String(x)`).
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

use crate::pipeline::errors::{self, quoted, quoted_max, LedeError, MAX_TEXT_BYTES};
#[cfg(feature = "extract")]
use crate::pipeline::{analyze_json, summarize_json, AnalyzeOptions};
use crate::search::{json, Filter, FilterField, SearchOptions};
#[cfg(feature = "write")]
use crate::search::{DocFields, Document};
use js_sys::{JsString, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
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
  /** List every token in `Analysis.tokens` (default false: the bulk of a result). */
  tokens?: boolean;
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
  /** How sure the tagger is, 0–1 (calibrated; pattern-found values: 1). */
  confidence: number;
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
  /** Highest confidence of its mentions, 0–1. */
  confidence: number;
  /** How much the article is about it, 0–1 (the first name has 1; values 0). */
  salience: number;
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
  /** Every token; present only with `{tokens: true}`. */
  tokens?: Token[];
  /** Mentions in text order. */
  mentions: Mention[];
  /** Names by salience (lead, speaking, repetition, spread), then values. */
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

#[wasm_bindgen]
extern "C" {
    /// `Array.isArray(v)`, with the `TypeError` of a revoked Proxy caught.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array(v: &JsValue) -> Result<bool, JsValue>;
    /// `String(x)` for a number (never throws).
    #[wasm_bindgen(js_name = String)]
    fn js_string(x: f64) -> String;
}

fn err(e: LedeError) -> JsError {
    JsError::new(&e.to_string())
}

fn bad_options(m: String) -> JsError {
    err(LedeError::BadOptions(m))
}

/// What a JS value is, for messages ("a number", "an array").
fn kind(v: &JsValue) -> &'static str {
    if v.is_undefined() {
        "undefined"
    } else if v.is_null() {
        "null"
    } else if v.is_string() {
        "a string"
    } else if v.as_bool().is_some() {
        "a boolean"
    } else if v.as_f64().is_some() {
        "a number"
    } else if v.is_bigint() {
        "a bigint"
    } else if v.is_symbol() {
        "a symbol"
    } else if v.is_function() {
        "a function"
    } else if is_array(v).unwrap_or(false) {
        "an array"
    } else {
        "an object"
    }
}

/// The message of a thrown JS value, in part (read with `Reflect`: no getter
/// runs uncaught).
fn thrown_message(e: &JsValue) -> String {
    let m = if e.is_string() {
        e.as_string()
    } else {
        Reflect::get(e, &JsValue::from_str("message"))
            .ok()
            .and_then(|m| m.as_string())
    };
    match m {
        Some(m) => quoted_max(&m, 100),
        None => "an exception".to_string(),
    }
}

fn threw(what: &str, e: &JsValue) -> String {
    format!("reading {what} threw {}", thrown_message(e))
}

/// `obj[key]`, with a throwing getter or Proxy trap caught; `what` names the
/// property in the message.
fn prop(obj: &JsValue, key: &'static str, what: &str) -> Result<JsValue, String> {
    Reflect::get(obj, &key_js(key)).map_err(|e| threw(what, &e))
}

thread_local! {
    /// The JS string of each property name this module reads, made once:
    /// a search reads a dozen names per call, and making a JS string from
    /// Rust text (a decode in JS) cost more than the read itself.
    static KEYS: RefCell<crate::text::hash::FxMap<&'static str, Rc<JsValue>>> =
        RefCell::new(Default::default());
}

/// The JS string `name` (cached; the borrow ends before any JS runs, so a
/// getter that calls back into this module finds the cache free).
fn key_js(name: &'static str) -> Rc<JsValue> {
    KEYS.with(|k| {
        Rc::clone(
            k.borrow_mut()
                .entry(name)
                .or_insert_with(|| Rc::new(JsValue::from_str(name))),
        )
    })
}

/// `obj[key]`, or None when it is undefined or null.
fn opt_prop(obj: &JsValue, key: &'static str, what: &str) -> Result<Option<JsValue>, String> {
    let v = prop(obj, key, what)?;
    Ok((!v.is_undefined() && !v.is_null()).then_some(v))
}

/// The own keys of `v` (strings and symbols, as `Reflect.ownKeys` gives
/// them), which must be a plain-data object (not an array, a function or a
/// primitive); a revoked Proxy is an error.
fn object_keys(v: &JsValue, what: &str) -> Result<js_sys::Array, String> {
    if !v.is_object() {
        return Err(format!("{what} must be an object, not {}", kind(v)));
    }
    match is_array(v) {
        Ok(false) => {}
        Ok(true) => return Err(format!("{what} must be an object, not an array")),
        Err(e) => return Err(threw(what, &e)),
    }
    Reflect::own_keys(v).map_err(|e| threw(what, &e))
}

/// Edit distance of two short strings (for "did you mean").
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = i;
        if let Some(r) = row.first_mut() {
            *r = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let up = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let v = (prev + usize::from(ca != *cb)).min(up + 1).min(left + 1);
            if let Some(r) = row.get_mut(j + 1) {
                *r = v;
            }
            prev = up;
        }
    }
    row.last().copied().unwrap_or(0)
}

/// An error for the first string key of `keys` (from [`object_keys`]; symbols
/// are passed over) that is not in `known`, by name (with the nearest known
/// key when one is close). Keys are compared as JS strings (`===` against
/// the cached names): only an unknown one is copied into Rust.
fn check_keys(keys: &js_sys::Array, known: &[&'static str], what: &str) -> Result<(), String> {
    let known_js: Vec<Rc<JsValue>> = known.iter().map(|&k| key_js(k)).collect();
    let Some(k) = keys
        .iter()
        .filter(|k| k.is_string() && !known_js.iter().any(|j| **j == *k))
        .find_map(|k| k.as_string())
    else {
        return Ok(());
    };
    let near = if k.chars().count() <= 40 {
        known
            .iter()
            .map(|c| (edits(&k, c), *c))
            .filter(|(d, _)| *d <= 2)
            .min()
            .map(|(_, c)| format!(" (did you mean {c:?}?)"))
    } else {
        None
    };
    Err(format!(
        "unknown {what} {}{}",
        quoted(&k),
        near.unwrap_or_else(|| format!(" (known: {})", known.join(", ")))
    ))
}

/// Whether a string copied from JS was well-formed: the copy turns lone
/// surrogates into U+FFFD, so only a copy holding U+FFFD needs the (slower)
/// check of the JS string itself.
fn well_formed(js: &JsString, copy: &str) -> bool {
    !copy.contains('\u{fffd}') || js.is_valid_utf16()
}

/// Reads a string of at most `max_bytes` UTF-8 bytes (checked on the JS
/// length before copying: a UTF-16 unit is at least one byte); `what` names
/// it in messages. Lone surrogates are an error, as in `analyze`.
fn read_string(v: &JsValue, what: &str, max_bytes: usize) -> Result<String, String> {
    let Some(js) = v.dyn_ref::<JsString>() else {
        return Err(format!("{what} must be a string, not {}", kind(v)));
    };
    let long = || format!("{what} is longer than {max_bytes} bytes");
    if js.length() as usize > max_bytes {
        return Err(long());
    }
    let s = v.as_string().unwrap_or_default();
    if s.len() > max_bytes {
        return Err(long());
    }
    if !well_formed(js, &s) {
        return Err(format!(
            "{what} contains an unpaired UTF-16 surrogate (malformed string)"
        ));
    }
    Ok(s)
}

/// Reads article text: a string of at most [`MAX_TEXT_BYTES`] without lone
/// surrogates, with the errors of `analyze` ([`LedeError`]).
fn read_text(v: &JsValue) -> Result<String, JsError> {
    let Some(js) = v.dyn_ref::<JsString>() else {
        return Err(err(LedeError::NotAString));
    };
    if js.length() as usize > MAX_TEXT_BYTES {
        return Err(err(LedeError::TooLarge {
            bytes: js.length() as usize,
        }));
    }
    let s = v.as_string().unwrap_or_default();
    if !well_formed(js, &s) {
        return Err(err(LedeError::LoneSurrogate));
    }
    Ok(s)
}

fn read_bool(v: &JsValue, what: &str) -> Result<bool, String> {
    v.as_bool()
        .ok_or_else(|| format!("{what} must be true or false, not {}", kind(v)))
}

/// Reads a count: a finite, non-negative integer up to `u32::MAX` (never a
/// wrapped `-1`, a truncated `1.5` or a NaN).
fn read_count(v: &JsValue, what: &str) -> Result<usize, String> {
    let Some(x) = v.as_f64() else {
        return Err(format!(
            "{what} must be a non-negative integer, not {}",
            kind(v)
        ));
    };
    if x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x <= f64::from(u32::MAX) {
        return Ok(x as usize);
    }
    // shown as JS shows it (`String(x)`: NaN, -Infinity, 1.5, 1e+21), by JS,
    // so no float formatting code is in the wasm
    let shown = js_string(x);
    Err(format!(
        "{what} must be a non-negative integer, got {shown}"
    ))
}

/// Calls `each` on every element of the JS array `v` (elements read with
/// `Reflect`, a throw caught).
fn read_array(
    v: &JsValue,
    what: &str,
    mut each: impl FnMut(&JsValue, &str) -> Result<(), String>,
) -> Result<(), String> {
    match is_array(v) {
        Ok(true) => {}
        Ok(false) => return Err(format!("{what} must be an array, not {}", kind(v))),
        Err(e) => return Err(threw(what, &e)),
    }
    let n = prop(v, "length", what)?.as_f64().unwrap_or(0.0);
    let n = if n.is_finite() && n > 0.0 {
        n.min(f64::from(u32::MAX)) as u32
    } else {
        0
    };
    for i in 0..n {
        let name = format!("{what}[{i}]");
        let x = Reflect::get_u32(v, i).map_err(|e| threw(&name, &e))?;
        each(&x, &name)?;
    }
    Ok(())
}

#[cfg(feature = "write")]
/// Reads an array of strings (each one checked as by [`read_string`]).
fn read_strings(v: &JsValue, what: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    read_array(v, what, |x, name| {
        out.push(read_string(x, name, MAX_TEXT_BYTES)?);
        Ok(())
    })?;
    Ok(out)
}

/// Wasm memory the module may reach: 4 GiB less room for the allocator's own
/// bookkeeping and for what JS makes of the result.
const MEMORY_CEILING: u64 = (4 << 30) - (256 << 20);

/// Refuses work on `tokens` estimated tokens that would not fit in the memory
/// this module has left (what earlier work already made it grow to, as a
/// wasm memory never shrinks).
fn check_room(tokens: usize) -> Result<(), JsError> {
    let pages = core::arch::wasm32::memory_size::<0>() as u64;
    let have = pages * 65536;
    let need = (tokens as u64).saturating_mul(errors::BYTES_PER_TOKEN as u64);
    if have.saturating_add(need) > MEMORY_CEILING {
        return Err(JsError::new(&format!(
            "not enough memory left in this module for about {tokens} tokens \
             ({} MiB of 4096 in use): give a shorter text, or start a new module",
            have >> 20
        )));
    }
    Ok(())
}

/// Refuses a text over the memory budget (as `analyze` does) or one that
/// would not fit in what the module has left.
fn check_cost(tokens: usize) -> Result<(), JsError> {
    if tokens > errors::MAX_TOKENS {
        return Err(err(LedeError::OverBudget { tokens }));
    }
    check_room(tokens)
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

/// What `Corpus.add` returns when no names were extracted.
#[cfg(feature = "write")]
const NO_ENTITIES: &str = "{\"entities\":[]}";

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
  /** Language of the text (BCP 47: `en`, `fr`, `ja`…): picks stemming and folding. */
  lang?: string;
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
  /** Count the top people, organizations and places of all results. Default true; false leaves `facets` empty (ranked results only, faster). */
  facets?: boolean;
  /** Keep only results whose field has exactly this value; `total` and `facets` count what is left. */
  filters?: SearchFilter[];
}
/** A facet filter. */
export interface SearchFilter { field: "person" | "org" | "place" | "speaker" | "keyphrase"; value: string; }
/** A name an added article mentions, with its mention count and confidence (0–1). */
export interface NameCount { name: string; label: "PER" | "ORG" | "LOC" | "MISC"; mentions: number; confidence: number; }
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
  /** Present (true) when `matches` stopped at the per-hit cap (a very long article). */
  matchesCut?: boolean;
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

#[cfg(feature = "write")]
fn doc_err(m: String) -> JsError {
    JsError::new(&format!("bad document: {m}"))
}

#[cfg(feature = "write")]
/// Reads a document: a plain object with a string `id` and optional string
/// `title`, `text`, `date`, `source`, `url` (`undefined` or `null` for
/// none). Other keys are ignored (apps pass their own article objects).
fn read_document(v: &JsValue) -> Result<Document, JsError> {
    use crate::search::{MAX_DOC_BYTES, MAX_ID_BYTES};
    if !v.is_object() {
        return Err(doc_err(format!(
            "expected an object {{id, title, text}}, not {}",
            kind(v)
        )));
    }
    object_keys(v, "the document").map_err(doc_err)?;
    let id = prop(v, "id", "id").map_err(doc_err)?;
    if id.is_undefined() || id.is_null() {
        return Err(doc_err("the id is missing".into()));
    }
    let id = read_string(&id, "the id", MAX_ID_BYTES).map_err(doc_err)?;
    let text_of = |key: &'static str| -> Result<Option<String>, JsError> {
        match opt_prop(v, key, key).map_err(doc_err)? {
            Some(x) => Ok(Some(
                read_string(&x, &format!("the {key} of {}", quoted(&id)), MAX_DOC_BYTES)
                    .map_err(doc_err)?,
            )),
            None => Ok(None),
        }
    };
    let date = text_of("date")?;
    let source = text_of("source")?;
    let url = text_of("url")?;
    let title = text_of("title")?.unwrap_or_default();
    let text = text_of("text")?.unwrap_or_default();
    let lang = text_of("lang")?;
    let d = Document {
        id,
        title,
        text,
        date,
        source,
        url,
        lang,
    };
    check_document(&d)?;
    Ok(d)
}

#[cfg(feature = "write")]
/// [`crate::search::check_document`], with the id quoted only in part.
fn check_document(d: &Document) -> Result<(), JsError> {
    use crate::search::MAX_DOC_BYTES;
    let id = quoted(&d.id);
    if d.id.trim().is_empty() {
        return Err(doc_err("the id is empty".into()));
    }
    if d.title.trim().is_empty() && d.text.trim().is_empty() {
        return Err(doc_err(format!("document {id} has neither title nor text")));
    }
    if d.text.len() + d.title.len() > MAX_DOC_BYTES {
        return Err(doc_err(format!(
            "document {id} is larger than {MAX_DOC_BYTES} bytes"
        )));
    }
    if d.text.contains('\0') || d.title.contains('\0') {
        return Err(doc_err(format!("document {id} looks like binary data")));
    }
    crate::search::check_document(d).map_err(search_err)
}

#[cfg(feature = "write")]
/// Reads extracted fields: a plain object with only `people`, `orgs`,
/// `places`, `speakers`, `keyphrases`, each an array of strings.
fn read_fields(v: &JsValue) -> Result<DocFields, JsError> {
    let bad = |m: String| JsError::new(&format!("bad fields: {m}"));
    let keys = object_keys(v, "the fields").map_err(bad)?;
    let known = ["people", "orgs", "places", "speakers", "keyphrases"];
    check_keys(&keys, &known, "field").map_err(bad)?;
    let mut f = DocFields::default();
    for (key, slot) in [
        ("people", &mut f.people),
        ("orgs", &mut f.orgs),
        ("places", &mut f.places),
        ("speakers", &mut f.speakers),
        ("keyphrases", &mut f.keyphrases),
    ] {
        if let Some(x) = opt_prop(v, key, key).map_err(bad)? {
            *slot = read_strings(&x, key).map_err(bad)?;
        }
    }
    Ok(f)
}

/// Reads search options: `undefined`, `null` or a plain object with only
/// the keys of `SearchOptions`.
fn read_search_options(v: &JsValue) -> Result<SearchOptions, JsError> {
    let mut o = SearchOptions::default();
    if v.is_undefined() || v.is_null() {
        return Ok(o);
    }
    let known = [
        "limit",
        "offset",
        "prefix",
        "fuzzy",
        "explain",
        "highlight",
        "facets",
        "filters",
    ];
    let keys = object_keys(v, "the options").map_err(bad_options)?;
    check_keys(&keys, &known, "option").map_err(bad_options)?;
    for (key, slot) in [("limit", &mut o.limit), ("offset", &mut o.offset)] {
        if let Some(x) = opt_prop(v, key, key).map_err(bad_options)? {
            *slot = read_count(&x, key).map_err(bad_options)?;
        }
    }
    for (key, slot) in [
        ("prefix", &mut o.prefix),
        ("fuzzy", &mut o.fuzzy),
        ("explain", &mut o.explain),
        ("highlight", &mut o.highlight),
        ("facets", &mut o.facets),
    ] {
        if let Some(x) = opt_prop(v, key, key).map_err(bad_options)? {
            *slot = read_bool(&x, key).map_err(bad_options)?;
        }
    }
    if let Some(fs) = opt_prop(v, "filters", "filters").map_err(bad_options)? {
        let mut filters = Vec::new();
        read_array(&fs, "filters", |f, name| {
            filters.push(read_filter(f, name)?);
            Ok(())
        })
        .map_err(bad_options)?;
        o.filters = filters;
    }
    Ok(o)
}

/// Reads one facet filter `{field, value}`.
fn read_filter(v: &JsValue, what: &str) -> Result<Filter, String> {
    let keys = object_keys(v, what)?;
    check_keys(&keys, &["field", "value"], "filter key")?;
    let field = prop(v, "field", "field")?;
    let field = match read_string(&field, &format!("{what}.field"), 64)?.as_str() {
        "person" => FilterField::Person,
        "org" => FilterField::Org,
        "place" => FilterField::Place,
        "speaker" => FilterField::Speaker,
        "keyphrase" => FilterField::Keyphrase,
        other => {
            return Err(format!(
                "{what}.field must be person, org, place, speaker or keyphrase, got {}",
                quoted(other)
            ))
        }
    };
    let value = prop(v, "value", "value")?;
    let value = read_string(&value, &format!("{what}.value"), MAX_TEXT_BYTES)?;
    Ok(Filter { field, value })
}

/// Reads a document id given to `remove`, `get` or `related`: a string of
/// at most `MAX_ID_BYTES` without lone surrogates (so `'a\uD800'` and
/// `'a\uDBFF'` never both become `'a\uFFFD'`).
fn read_id(v: &JsValue) -> Result<String, JsError> {
    read_string(v, "the id", crate::search::MAX_ID_BYTES).map_err(|m| JsError::new(&m))
}

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
        if !query.is_string() {
            return Err(JsError::new("the query must be a string"));
        }
        let opts = read_search_options(&options)?;
        let q = read_string(&query, "the query", MAX_TEXT_BYTES).map_err(|m| JsError::new(&m))?;
        let r = self.read()?.try_search(&q, &opts).map_err(search_err)?;
        json_to_js(&json::search_results(&r))
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

/// Reads a `Uint8Array` (the glue of a `&[u8]` argument would trap on a
/// number or a `{length}` object).
pub(crate) fn read_bytes(v: &JsValue, what: &str) -> Result<Vec<u8>, JsError> {
    match v.dyn_ref::<js_sys::Uint8Array>() {
        Some(a) => Ok(a.to_vec()),
        None => Err(JsError::new(&format!(
            "{what} must be a Uint8Array, not {}",
            kind(v)
        ))),
    }
}

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

/// Reads a query and search options (both completely, before any borrow).
fn read_query(query: &JsValue, options: &JsValue) -> Result<(String, SearchOptions), JsError> {
    if !query.is_string() {
        return Err(JsError::new("the query must be a string"));
    }
    let opts = read_search_options(options)?;
    let q = read_string(query, "the query", MAX_TEXT_BYTES).map_err(|m| JsError::new(&m))?;
    Ok((q, opts))
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
    /// Call again after loading: a later round names the page's document
    /// parts, then its fragments. Throws for a query or options it cannot
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
        json_to_js(&json::search_results(&r))
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
