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
/** The analysis of one article. All ranges are UTF-16 code units, end-exclusive. */
export interface Analysis {
  paragraphs: Span[];
  sentences: Span[];
  tokens: Token[];
  /** Mentions in text order. */
  mentions: Mention[];
  /** Names by salience (mention count, then first position), then values. */
  entities: Entity[];
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
