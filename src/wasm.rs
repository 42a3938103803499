//! The JavaScript face (wasm32 only): conversion between JS values and the
//! core's Rust types, nothing else. All logic lives in plain Rust modules that
//! `cargo test` exercises natively.

use crate::analyze::{analyze_json, AnalyzeOptions, LedeError};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A UTF-16, end-exclusive range: `text.slice(start, end)` is the span. */
export interface Span { start: number; end: number; }
/** One token: its range and its case- and diacritic-folded form. */
export interface Token extends Span { norm: string; }
/** Options for `analyze`. */
export interface AnalyzeOptions {
  /** The article's date, ISO `YYYY-MM-DD`, to resolve relative dates. */
  date?: string;
}
/** The analysis of one article. All ranges are UTF-16 code units, end-exclusive. */
export interface Analysis {
  paragraphs: Span[];
  sentences: Span[];
  tokens: Token[];
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
#[wasm_bindgen(unchecked_return_type = "Analysis")]
pub fn analyze(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "AnalyzeOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsError> {
    let text = js_text(&text)?;
    let opts: AnalyzeOptions = js_options(&options)?;
    json_to_js(&analyze_json(&text, &opts, false).map_err(err)?)
}

/// The version of the Lede core.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
