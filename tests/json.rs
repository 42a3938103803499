//! The hand-written JSON of search results (`lede::search::json`, what the
//! wasm builds hand to JS) is exactly the text `serde_json` writes for the
//! same values: on real searches over the seed articles (names extracted, so
//! facets and fields are full), with and without explain, prefix, typos,
//! phrases and filters; on related articles; on stored documents; and on
//! text full of characters JSON must escape.
// Uses the extraction engines: built with the `extract` feature (the default) only.
#![cfg(feature = "extract")]
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use lede::pipeline::enriched_corpus;
use lede::search::{json, Corpus, Document, Filter, FilterField, SearchOptions};

/// The 25 seed articles, names extracted, plus two documents whose text and
/// metadata hold control characters, quotes, backslashes and non-ASCII.
fn corpus() -> Corpus {
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("seeds/manifest.json")).unwrap())
            .unwrap();
    let mut c = enriched_corpus();
    for m in manifest.as_array().unwrap() {
        let text = std::fs::read_to_string(root().join("seeds").join(m["file"].as_str().unwrap()))
            .unwrap();
        let mut d = Document::new(
            m["id"].as_str().unwrap(),
            m["title"].as_str().unwrap(),
            &text,
        );
        d.date = m["date"].as_str().map(String::from);
        c.add(d).unwrap();
    }
    let mut odd = Document::new(
        "odd \"one\" \\ \u{1}",
        "Budget\ttalks \"collapse\" in Zürich \u{7}",
        "The budget\u{b} minister said:\r\n \"We\u{1f} will \\not\\ resign\" — 東京 talks 😀 \u{2028} end.",
    );
    odd.url = Some("https://example.com/a?b=\"c\"&d=\\e".into());
    odd.source = Some("Wire\u{0c}Service".into());
    c.add(odd).unwrap();
    c.add(Document::new(
        "plain",
        "Minister resigns",
        "The minister resigned on Tuesday.",
    ))
    .unwrap();
    c
}

/// Queries of every kind the query language has, from words in the seeds.
const QUERIES: &[&str] = &[
    "minister",
    "budget talks",
    "\"prime minister\"",
    "goverment",
    "ministr resigns",
    "russia -ukraine",
    "police OR army",
    "person:putin",
    "title:budget",
    "said",
    "東京",
    "not",
    "zzzz",
    "",
];

#[test]
fn search_results_are_written_as_serde_json_writes_them() {
    let c = corpus();
    let mut checked = 0;
    for q in QUERIES {
        for (prefix, explain, highlight, limit) in [
            (false, false, true, 10),
            (true, true, true, 5),
            (false, true, false, 20),
            (true, false, true, 1000),
        ] {
            let o = SearchOptions {
                prefix,
                explain,
                highlight,
                limit,
                ..SearchOptions::default()
            };
            let r = c.search(q, &o);
            assert_eq!(
                json::search_results(&r),
                serde_json::to_string(&r).unwrap(),
                "query {q:?}"
            );
            checked += r.results.len();
        }
    }
    assert!(checked > 100, "only {checked} hits checked");
    // facets and filters
    let r = c.search("minister", &SearchOptions::default());
    let Some(person) = r.facets.people.first().map(|f| f.value.clone()) else {
        panic!("no people facet for 'minister' in the seeds");
    };
    let o = SearchOptions {
        filters: vec![Filter {
            field: FilterField::Person,
            value: person,
        }],
        explain: true,
        ..SearchOptions::default()
    };
    let r = c.search("minister", &o);
    assert!(!r.results.is_empty());
    assert_eq!(json::search_results(&r), serde_json::to_string(&r).unwrap());
}

#[test]
fn related_spans_strings_and_documents_as_serde_json_writes_them() {
    let c = corpus();
    let r = c.search("minister", &SearchOptions::default());
    for h in &r.results {
        let rel = c.related(&h.id, 10);
        assert_eq!(json::related(&rel), serde_json::to_string(&rel).unwrap());
        let (d, f) = c.get(&h.id).unwrap();
        // what `Corpus.get` built with `serde_json::json!` before
        let want = serde_json::json!({
            "id": d.id, "title": d.title, "date": d.date, "source": d.source,
            "url": d.url, "fields": f,
        });
        assert_eq!(
            json::stored_document(d, f),
            serde_json::to_string(&want).unwrap()
        );
        assert_eq!(
            json::spans(&h.matches),
            serde_json::to_string(&h.matches).unwrap()
        );
    }
    let (d, f) = c.get("odd \"one\" \\ \u{1}").unwrap();
    let want = serde_json::json!({
        "id": d.id, "title": d.title, "date": d.date, "source": d.source,
        "url": d.url, "fields": f,
    });
    assert_eq!(
        json::stored_document(d, f),
        serde_json::to_string(&want).unwrap()
    );
    let names = ["a\"b", "c\\d", "\u{0}\u{1f}\u{7f}", "é😀"];
    assert_eq!(
        json::strings(&names),
        serde_json::to_string(&names).unwrap()
    );
    let hl = lede::search::highlight_text(&d.text, "budget minister resign");
    assert!(!hl.is_empty());
    assert_eq!(json::spans(&hl), serde_json::to_string(&hl).unwrap());
}
