//! Search results handed to JS as numbers and one string, which a few lines
//! of JS make into the result objects, instead of JSON text that JS parses.
//!
//! `JSON.parse` of a page of results costs more than the objects it makes:
//! measured in Node on the 300 plain BBC queries (5 December 2026), ~48 µs
//! a page ids only (1.8 KB of text) and ~200 µs with highlights and
//! snippets (6 KB), where the same objects built in JS from numbers and one
//! string take ~4 µs. Building them from Rust instead, one `Reflect.set` per
//! property, measured slower than the JSON (each crossing costs more than
//! the parser's work), so the JS that builds them is a snippet
//! ([`build`]) called once per page with a view of the numbers (no copy)
//! and the page's strings as one JS string (one text decoding), cut there
//! by UTF-16 lengths.
//!
//! The objects are exactly what `JSON.parse` of [`crate::search::json`]'s
//! text gives: the same keys in the same order, the optional keys
//! (`matchesCut`) left out the same way, each score the number JS reads from
//! the shortest text of the `f32` (the text the JSON holds, `zmij`'s), or
//! `null` for a non-finite one. A page with explanations (a debugging aid)
//! still crosses as JSON. `bench/search/dump.mjs` holds the two paths
//! byte-equal on every BBC query kind.

use crate::search::SearchResults;
use crate::text::Span16;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export function lede_results(n, s) {
  let i = 0, o = 0;
  const str = () => { const l = n[i++]; const x = s.substring(o, o + l); o += l; return x; };
  const spans = () => {
    const l = n[i++]; const v = [];
    for (let k = 0; k < l; k++) { v.push({ start: n[i], end: n[i + 1] }); i += 2; }
    return v;
  };
  const num = () => { const t = str(); return t === "null" ? null : +t; };
  const m = n[i++]; const results = [];
  for (let k = 0; k < m; k++) {
    const h = { id: str(), title: str(), score: num(), titleHighlights: spans() };
    const text = str(); const start = n[i++], end = n[i++];
    h.snippet = { text, start, end, highlights: spans() };
    h.matches = spans();
    if (n[i++]) h.matchesCut = true;
    results.push(h);
  }
  const facet = () => {
    const l = n[i++]; const v = [];
    for (let k = 0; k < l; k++) { const value = str(); v.push({ value, count: n[i++] }); }
    return v;
  };
  const people = facet(), orgs = facet(), places = facet();
  return { results, facets: { people, orgs, places }, total: n[i++] };
}
"#)]
extern "C" {
    /// The results from their numbers `n` and strings `s` (see [`build`]).
    fn lede_results(n: &[u32], s: &str) -> JsValue;
}

/// The numbers and strings of a page, in the order `lede_results` reads
/// them: each string as its UTF-16 length in `n` and its text in `s`.
#[derive(Default)]
struct Wire {
    n: Vec<u32>,
    s: String,
}

impl Wire {
    fn str(&mut self, x: &str) {
        self.n.push(utf16_len(x) as u32);
        self.s.push_str(x);
    }

    fn spans(&mut self, v: &[Span16]) {
        self.n.push(v.len() as u32);
        for x in v {
            self.n.push(x.start);
            self.n.push(x.end);
        }
    }
}

/// UTF-16 length of `s`, from its bytes: a unit per character start, two
/// for a four-byte character.
fn utf16_len(s: &str) -> usize {
    s.as_bytes()
        .iter()
        .map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

/// What `JSON.parse` of `crate::search::json::search_results(r)` gives, or
/// `None` for a page with explanations (the caller sends those as JSON).
pub(super) fn build(r: &SearchResults) -> Option<JsValue> {
    if r.results.iter().any(|h| h.explain.is_some()) {
        return None;
    }
    let mut w = Wire::default();
    w.n.reserve(16 + r.results.len() * 32);
    w.n.push(r.results.len() as u32);
    for h in &r.results {
        w.str(&h.id);
        w.str(&h.title);
        if h.score.is_finite() {
            let mut b = zmij::Buffer::new();
            w.str(b.format_finite(h.score));
        } else {
            w.str("null");
        }
        w.spans(&h.title_highlights);
        w.str(&h.snippet.text);
        w.n.push(h.snippet.start);
        w.n.push(h.snippet.end);
        w.spans(&h.snippet.highlights);
        w.spans(&h.matches);
        w.n.push(u32::from(h.matches_cut));
    }
    for v in [&r.facets.people, &r.facets.orgs, &r.facets.places] {
        w.n.push(v.len() as u32);
        for c in v {
            w.str(&c.value);
            w.n.push(c.count);
        }
    }
    // a total past u32 cannot happen on wasm32 (usize is 32 bits)
    w.n.push(u32::try_from(r.total).unwrap_or(u32::MAX));
    Some(lede_results(&w.n, &w.s))
}
