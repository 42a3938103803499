//! Search results as JSON text, written by hand for the few shapes that cross
//! into JavaScript (`SearchResults`, spans, related articles, a stored
//! document, a list of strings).
//!
//! Why not `serde_json`: the search-only wasm is a download every host page
//! pays, and serde's serializer machinery, instantiated for each result type,
//! was a large share of it. These writers emit **exactly** the text that
//! `serde_json::to_string` gives for the same values (same key order, same
//! optional keys left out, the same string escapes, and floats through the
//! same shortest-round-trip formatter, `zmij`, that `serde_json` uses), so the
//! objects JS parses are identical; `tests/json.rs` holds them equal on real
//! searches. Integers are written without `core::fmt`.
//!
//! The one exception to field order is [`stored_document`]: `Corpus.get` used
//! to build it with `serde_json::json!`, whose map sorts its keys, so its keys
//! are written in sorted order here too.

use super::{DocFields, Explain, Facets, Related, SearchHit, SearchResults, Snippet};
use crate::text::offsets::Span16;

/// A JSON text being written.
#[derive(Default)]
pub struct Json {
    out: String,
}

impl Json {
    /// An empty writer.
    pub fn new() -> Json {
        Json::default()
    }

    /// The text written.
    pub fn finish(self) -> String {
        self.out
    }

    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// A string, escaped as `serde_json` escapes it: `"` and `\`, the
    /// control characters (`\b \t \n \f \r` in short form, the rest as
    /// `\u00XX`); everything else as is.
    pub fn string(&mut self, s: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.out.reserve(s.len() + 2);
        self.out.push('"');
        let mut start = 0;
        for (i, b) in s.bytes().enumerate() {
            let short = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                0x08 => "\\b",
                0x09 => "\\t",
                0x0a => "\\n",
                0x0c => "\\f",
                0x0d => "\\r",
                0x00..=0x1f => "",
                _ => continue,
            };
            // `i` is an ASCII byte's index, so both slices are on char boundaries
            self.out.push_str(s.get(start..i).unwrap_or(""));
            if short.is_empty() {
                self.out.push_str("\\u00");
                self.out.push(char::from(HEX[usize::from(b >> 4)]));
                self.out.push(char::from(HEX[usize::from(b & 15)]));
            } else {
                self.out.push_str(short);
            }
            start = i + 1;
        }
        self.out.push_str(s.get(start..).unwrap_or(""));
        self.out.push('"');
    }

    /// An unsigned integer in decimal.
    pub fn uint(&mut self, mut n: u64) {
        let mut buf = [0u8; 20];
        let mut at = buf.len();
        loop {
            at -= 1;
            if let Some(d) = buf.get_mut(at) {
                *d = b'0' + (n % 10) as u8;
            }
            n /= 10;
            if n == 0 || at == 0 {
                break;
            }
        }
        for &d in buf.get(at..).unwrap_or(&[]) {
            self.out.push(char::from(d));
        }
    }

    /// A float as `serde_json` writes an `f32`: the shortest text that reads
    /// back as the same value; `null` for NaN and the infinities.
    pub fn float(&mut self, x: f32) {
        if x.is_finite() {
            let mut b = zmij::Buffer::new();
            let s = b.format_finite(x);
            self.out.push_str(s);
        } else {
            self.raw("null");
        }
    }

    /// `"key":` (after a `,` unless it is the object's first key).
    fn key(&mut self, first: bool, k: &str) {
        if !first {
            self.out.push(',');
        }
        self.string(k);
        self.out.push(':');
    }

    /// An array of `items`, each written by `each`.
    fn array<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Json, &T)) {
        self.out.push('[');
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            each(self, x);
        }
        self.out.push(']');
    }

    /// `{"start":…,"end":…}`.
    pub fn span(&mut self, s: &Span16) {
        self.raw("{\"start\":");
        self.uint(u64::from(s.start));
        self.raw(",\"end\":");
        self.uint(u64::from(s.end));
        self.out.push('}');
    }

    /// An array of spans.
    pub fn spans(&mut self, v: &[Span16]) {
        self.array(v, |j, s| j.span(s));
    }

    /// An array of strings.
    pub fn strings<S: AsRef<str>>(&mut self, v: &[S]) {
        self.array(v, |j, s| j.string(s.as_ref()));
    }

    fn snippet(&mut self, s: &Snippet) {
        self.key(true, "text");
        self.string(&s.text);
        self.key(false, "start");
        self.uint(u64::from(s.start));
        self.key(false, "end");
        self.uint(u64::from(s.end));
        self.key(false, "highlights");
        self.spans(&s.highlights);
    }

    fn explain(&mut self, e: &Explain) {
        self.key(true, "coverage");
        self.uint(u64::from(e.coverage));
        self.key(false, "required");
        self.uint(u64::from(e.required));
        self.key(false, "clauses");
        self.array(&e.clauses, |j, c| {
            j.out.push('{');
            j.key(true, "query");
            j.string(&c.query);
            j.key(false, "term");
            j.string(&c.term);
            j.key(false, "kind");
            j.string(c.kind.name());
            j.key(false, "score");
            j.float(c.score);
            j.key(false, "fields");
            j.strings(&c.fields);
            j.out.push('}');
        });
        self.key(false, "proximity");
        self.float(e.proximity);
        self.key(false, "score");
        self.float(e.score);
    }

    fn hit(&mut self, h: &SearchHit) {
        self.out.push('{');
        self.key(true, "id");
        self.string(&h.id);
        self.key(false, "title");
        self.string(&h.title);
        self.key(false, "score");
        self.float(h.score);
        self.key(false, "titleHighlights");
        self.spans(&h.title_highlights);
        self.key(false, "snippet");
        self.out.push('{');
        self.snippet(&h.snippet);
        self.out.push('}');
        self.key(false, "matches");
        self.spans(&h.matches);
        if h.matches_cut {
            self.key(false, "matchesCut");
            self.raw("true");
        }
        if let Some(e) = &h.explain {
            self.key(false, "explain");
            self.out.push('{');
            self.explain(e);
            self.out.push('}');
        }
        self.out.push('}');
    }

    fn facets(&mut self, f: &Facets) {
        for (i, (k, v)) in [
            ("people", &f.people),
            ("orgs", &f.orgs),
            ("places", &f.places),
        ]
        .into_iter()
        .enumerate()
        {
            self.key(i == 0, k);
            self.array(v, |j, c| {
                j.raw("{\"value\":");
                j.string(&c.value);
                j.raw(",\"count\":");
                j.uint(u64::from(c.count));
                j.out.push('}');
            });
        }
    }

    /// A document's fields as `serde_json::to_value` orders them (sorted keys).
    fn fields_sorted(&mut self, f: &DocFields) {
        self.out.push('{');
        for (i, (k, v)) in [
            ("keyphrases", &f.keyphrases),
            ("orgs", &f.orgs),
            ("people", &f.people),
            ("places", &f.places),
            ("speakers", &f.speakers),
        ]
        .into_iter()
        .enumerate()
        {
            self.key(i == 0, k);
            self.strings(v);
        }
        self.out.push('}');
    }

    fn opt_string(&mut self, v: Option<&str>) {
        match v {
            Some(s) => self.string(s),
            None => self.raw("null"),
        }
    }
}

/// `serde_json::to_string(r)` for search results.
pub fn search_results(r: &SearchResults) -> String {
    let mut j = Json::new();
    j.out.reserve(256 + r.results.len() * 512);
    j.raw("{\"results\":");
    j.array(&r.results, |j, h| j.hit(h));
    j.raw(",\"facets\":{");
    j.facets(&r.facets);
    j.raw("},\"total\":");
    j.uint(r.total as u64);
    j.out.push('}');
    j.finish()
}

/// `serde_json::to_string(v)` for spans.
pub fn spans(v: &[Span16]) -> String {
    let mut j = Json::new();
    j.spans(v);
    j.finish()
}

/// `serde_json::to_string(v)` for a list of strings.
pub fn strings<S: AsRef<str>>(v: &[S]) -> String {
    let mut j = Json::new();
    j.strings(v);
    j.finish()
}

/// `serde_json::to_string(v)` for related articles.
pub fn related(v: &[Related]) -> String {
    let mut j = Json::new();
    j.array(v, |j, r| {
        j.out.push('{');
        j.key(true, "id");
        j.string(&r.id);
        j.key(false, "title");
        j.string(&r.title);
        j.key(false, "score");
        j.float(r.score);
        j.key(false, "shared");
        j.strings(&r.shared);
        j.out.push('}');
    });
    j.finish()
}

/// A stored document without its text, and its fields, as `Corpus.get`
/// returns it: the keys sorted (`date`, `fields`, `id`, `source`, `title`,
/// `url`), absent metadata as `null`.
pub fn stored_document(doc: &super::Document, fields: &DocFields) -> String {
    let mut j = Json::new();
    j.out.push('{');
    j.key(true, "date");
    j.opt_string(doc.date.as_deref());
    j.key(false, "fields");
    j.fields_sorted(fields);
    j.key(false, "id");
    j.string(&doc.id);
    j.key(false, "source");
    j.opt_string(doc.source.as_deref());
    j.key(false, "title");
    j.string(&doc.title);
    j.key(false, "url");
    j.opt_string(doc.url.as_deref());
    j.out.push('}');
    j.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_as_serde_json_does() {
        let mut all = String::new();
        for c in (0u32..0x80).chain([0xe9, 0x2028, 0x1f600]) {
            all.push(char::from_u32(c).unwrap_or(' '));
        }
        for s in [all.as_str(), "", "plain", "\"quoted\" \\ back", "é\u{0}x"] {
            let mut j = Json::new();
            j.string(s);
            assert_eq!(j.finish(), serde_json::to_string(s).unwrap_or_default());
        }
    }

    #[test]
    fn numbers_as_serde_json_writes_them() {
        for n in [0u64, 7, 10, 99, 100, 4_294_967_295, u64::MAX] {
            let mut j = Json::new();
            j.uint(n);
            assert_eq!(j.finish(), n.to_string());
        }
        for x in [
            0.0f32,
            -0.0,
            1.0,
            0.1,
            3.215_6,
            1e-7,
            1e20,
            f32::MAX,
            f32::NAN,
            f32::INFINITY,
        ] {
            let mut j = Json::new();
            j.float(x);
            assert_eq!(
                j.finish(),
                serde_json::to_string(&x).unwrap_or_default(),
                "{x}"
            );
        }
    }
}
