//! Reading JS values into plain Rust data: the first step of every export.
//!
//! Each argument arrives as a `JsValue` whose type is checked here rather
//! than by wasm-bindgen's glue (its `&str` and `u32` conversions trap on a
//! number or a `{length}` object), and every property is read through
//! `Reflect`, a `catch` import: a throwing getter, a revoked Proxy or a
//! Proxy whose trap throws becomes an error message naming what could not
//! be read, never an exception unwinding through Rust frames. Strings with
//! lone surrogates are refused rather than turned into U+FFFD (two ids
//! would otherwise collide), counts must be finite non-negative integers,
//! and option objects are plain objects whose unknown keys are reported by
//! name with the nearest known one ("did you mean").
//!
//! The cost checks live here too: [`check_cost`] refuses a text over the
//! memory budget, or one that would not fit in what is left of the
//! module's 4 GiB (a wasm memory never shrinks), before any work starts.

use super::err;
use crate::pipeline::errors::{self, quoted, quoted_max, LedeError, MAX_TEXT_BYTES};
use js_sys::{JsString, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Array.isArray(v)`, with the `TypeError` of a revoked Proxy caught.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array(v: &JsValue) -> Result<bool, JsValue>;
    /// `String(x)` for a number (never throws).
    #[wasm_bindgen(js_name = String)]
    fn js_string(x: f64) -> String;
}
/// What a JS value is, for messages ("a number", "an array").
pub(super) fn kind(v: &JsValue) -> &'static str {
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
pub(super) fn prop(obj: &JsValue, key: &'static str, what: &str) -> Result<JsValue, String> {
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
pub(super) fn opt_prop(
    obj: &JsValue,
    key: &'static str,
    what: &str,
) -> Result<Option<JsValue>, String> {
    let v = prop(obj, key, what)?;
    Ok((!v.is_undefined() && !v.is_null()).then_some(v))
}

/// The own keys of `v` (strings and symbols, as `Reflect.ownKeys` gives
/// them), which must be a plain-data object (not an array, a function or a
/// primitive); a revoked Proxy is an error.
pub(super) fn object_keys(v: &JsValue, what: &str) -> Result<js_sys::Array, String> {
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
pub(super) fn check_keys(
    keys: &js_sys::Array,
    known: &[&'static str],
    what: &str,
) -> Result<(), String> {
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
pub(super) fn read_string(v: &JsValue, what: &str, max_bytes: usize) -> Result<String, String> {
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
pub(super) fn read_text(v: &JsValue) -> Result<String, JsError> {
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

pub(super) fn read_bool(v: &JsValue, what: &str) -> Result<bool, String> {
    v.as_bool()
        .ok_or_else(|| format!("{what} must be true or false, not {}", kind(v)))
}

/// Reads a count: a finite, non-negative integer up to `u32::MAX` (never a
/// wrapped `-1`, a truncated `1.5` or a NaN).
pub(super) fn read_count(v: &JsValue, what: &str) -> Result<usize, String> {
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
pub(super) fn read_array(
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
pub(super) fn read_strings(v: &JsValue, what: &str) -> Result<Vec<String>, String> {
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
pub(super) fn check_room(tokens: usize) -> Result<(), JsError> {
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
pub(super) fn check_cost(tokens: usize) -> Result<(), JsError> {
    if tokens > errors::MAX_TOKENS {
        return Err(err(LedeError::OverBudget { tokens }));
    }
    check_room(tokens)
}

/// Reads a document id given to `remove`, `get` or `related`: a string of
/// at most `MAX_ID_BYTES` without lone surrogates (so `'a\uD800'` and
/// `'a\uDBFF'` never both become `'a\uFFFD'`).
pub(super) fn read_id(v: &JsValue) -> Result<String, JsError> {
    read_string(v, "the id", crate::search::MAX_ID_BYTES).map_err(|m| JsError::new(&m))
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
