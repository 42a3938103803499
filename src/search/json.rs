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
//!
//! The writer itself is [`crate::text::json::Json`], shared with the
//! analysis's JSON (`pipeline::view`).

use super::{DocFields, Explain, Facets, Related, SearchHit, SearchResults, Snippet};
use crate::text::json::Json;
use crate::text::offsets::Span16;

fn snippet(j: &mut Json, s: &Snippet) {
    j.begin_object();
    j.key(true, "text");
    j.string(&s.text);
    j.key(false, "start");
    j.uint(u64::from(s.start));
    j.key(false, "end");
    j.uint(u64::from(s.end));
    j.key(false, "highlights");
    j.spans(&s.highlights);
    j.end_object();
}

fn explain(j: &mut Json, e: &Explain) {
    j.begin_object();
    j.key(true, "coverage");
    j.uint(u64::from(e.coverage));
    j.key(false, "required");
    j.uint(u64::from(e.required));
    j.key(false, "clauses");
    j.array(&e.clauses, |j, c| {
        j.begin_object();
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
        j.end_object();
    });
    j.key(false, "proximity");
    j.float(e.proximity);
    j.key(false, "score");
    j.float(e.score);
    j.end_object();
}

fn hit(j: &mut Json, h: &SearchHit) {
    j.begin_object();
    j.key(true, "id");
    j.string(&h.id);
    j.key(false, "title");
    j.string(&h.title);
    j.key(false, "score");
    j.float(h.score);
    j.key(false, "titleHighlights");
    j.spans(&h.title_highlights);
    j.key(false, "snippet");
    snippet(j, &h.snippet);
    j.key(false, "matches");
    j.spans(&h.matches);
    if h.matches_cut {
        j.key(false, "matchesCut");
        j.bool(true);
    }
    if let Some(e) = &h.explain {
        j.key(false, "explain");
        explain(j, e);
    }
    j.end_object();
}

fn facets(j: &mut Json, f: &Facets) {
    j.begin_object();
    for (i, (k, v)) in [
        ("people", &f.people),
        ("orgs", &f.orgs),
        ("places", &f.places),
    ]
    .into_iter()
    .enumerate()
    {
        j.key(i == 0, k);
        j.array(v, |j, c| {
            j.begin_object();
            j.key(true, "value");
            j.string(&c.value);
            j.key(false, "count");
            j.uint(u64::from(c.count));
            j.end_object();
        });
    }
    j.end_object();
}

/// A document's fields as `serde_json::to_value` orders them (sorted keys).
fn fields_sorted(j: &mut Json, f: &DocFields) {
    j.begin_object();
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
        j.key(i == 0, k);
        j.strings(v);
    }
    j.end_object();
}

/// `serde_json::to_string(r)` for search results.
pub fn search_results(r: &SearchResults) -> String {
    let mut j = Json::new();
    j.reserve(256 + r.results.len() * 512);
    j.begin_object();
    j.key(true, "results");
    j.array(&r.results, hit);
    j.key(false, "facets");
    facets(&mut j, &r.facets);
    j.key(false, "total");
    j.usize(r.total);
    j.end_object();
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
        j.begin_object();
        j.key(true, "id");
        j.string(&r.id);
        j.key(false, "title");
        j.string(&r.title);
        j.key(false, "score");
        j.float(r.score);
        j.key(false, "shared");
        j.strings(&r.shared);
        j.end_object();
    });
    j.finish()
}

/// A stored document without its text, and its fields, as `Corpus.get`
/// returns it: the keys sorted (`date`, `fields`, `id`, `source`, `title`,
/// `url`), absent metadata as `null`.
pub fn stored_document(doc: &super::Document, fields: &DocFields) -> String {
    let mut j = Json::new();
    j.begin_object();
    j.key(true, "date");
    j.opt_string(doc.date.as_deref());
    j.key(false, "fields");
    fields_sorted(&mut j, fields);
    j.key(false, "id");
    j.string(&doc.id);
    j.key(false, "source");
    j.opt_string(doc.source.as_deref());
    j.key(false, "title");
    j.string(&doc.title);
    j.key(false, "url");
    j.opt_string(doc.url.as_deref());
    j.end_object();
    j.finish()
}
