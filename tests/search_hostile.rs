//! Search under hostile and heavy use: big documents, long queries, large
//! pages, repeated terms, damaged index bytes, random add/remove/search
//! sequences. Work is bounded by counting it (the hidden `search::work`
//! counters), never by timing it.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use lede::search::{Corpus, Document, SearchOptions};
use std::time::Instant;

/// Deterministic plain queries like `bench/search`'s: four content words
/// from one body sentence of every 7th article.
fn bench_queries(arts: &[(String, String)]) -> Vec<String> {
    let stop = [
        "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had",
        "has", "have", "he", "her", "his", "in", "into", "is", "it", "its", "of", "on", "or",
        "that", "the", "their", "they", "this", "to", "was", "were", "which", "who", "will",
        "with", "would", "said", "says", "also", "there", "than", "then", "when", "what",
    ];
    let mut out = Vec::new();
    for (k, (_, text)) in arts.iter().enumerate().step_by(7) {
        let sentences: Vec<&str> = text.split(". ").filter(|s| s.len() > 60).collect();
        let Some(s) = sentences.get(k % sentences.len().max(1)) else {
            continue;
        };
        let words: Vec<&str> = s
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| w.len() >= 3 && !stop.contains(&w.to_lowercase().as_str()))
            .collect();
        if words.len() >= 4 {
            let at = k % (words.len() - 3);
            out.push(words[at..at + 4].join(" "));
        }
    }
    out
}

fn p50(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// Highlights + snippets over ids-only, native, on the BBC corpus (issue 11
/// item 5). Prints figures; asserts nothing about time.
/// `cargo test --release --test search_hostile -- --ignored --nocapture highlight_cost`
#[test]
#[ignore]
fn highlight_cost() {
    let Some(arts) = bbc_articles(3000) else {
        return;
    };
    let mut c = Corpus::new();
    for (i, (title, text)) in arts.iter().enumerate() {
        c.add(Document::new(&format!("d{i}"), title, text)).unwrap();
    }
    let qs = bench_queries(&arts);
    let ids_only = SearchOptions {
        highlight: false,
        ..SearchOptions::default()
    };
    let full = SearchOptions::default();
    let time = |o: &SearchOptions, reference: bool| {
        let mut v = Vec::new();
        for _ in 0..3 {
            for q in &qs {
                let t = Instant::now();
                let r = if reference {
                    c.search_reference(q, o)
                } else {
                    c.search(q, o)
                };
                v.push(t.elapsed().as_secs_f64() * 1e6);
                std::hint::black_box(r);
            }
        }
        p50(v)
    };
    let ids = time(&ids_only, false);
    let bounded = time(&full, false);
    let reference = time(&full, true);
    eprintln!(
        "{} plain queries x3, p50: ids-only {ids:.1} us; highlights from positions {bounded:.1} us \
         (+{:.1}); whole-text reference {reference:.1} us (+{:.1})",
        qs.len(),
        bounded - ids,
        reference - ids
    );
}

use lede::search::{
    work, SearchError, MAX_HIGHLIGHTED_HITS, MAX_LIMIT, MAX_MATCHES, MAX_QUERY_BYTES,
};
use proptest::prelude::*;

/// The seed texts, concatenated until at least `bytes` long, then a unique word.
fn big_text(bytes: usize) -> String {
    let mut seeds = String::new();
    for f in std::fs::read_dir(root().join("seeds")).unwrap() {
        let p = f.unwrap().path();
        if p.extension().is_some_and(|e| e == "txt") {
            seeds.push_str(&std::fs::read_to_string(&p).unwrap());
            seeds.push_str("\n\n");
        }
    }
    let mut t = String::new();
    while t.len() < bytes {
        t.push_str(&seeds);
    }
    t.push_str("At the very end the zanzibarquux appeared.");
    t
}

fn small_corpus() -> Corpus {
    let mut c = Corpus::new();
    for f in std::fs::read_dir(root().join("seeds")).unwrap() {
        let p = f.unwrap().path();
        if p.extension().is_some_and(|e| e == "txt") {
            let id = p.file_name().unwrap().to_string_lossy().to_string();
            c.add(Document::new(
                &id,
                "",
                &std::fs::read_to_string(&p).unwrap(),
            ))
            .unwrap();
        }
    }
    c
}

/// Highlight work for `q` (bytes of text read), the hit for `id`.
fn highlight_work(c: &Corpus, q: &str, id: &str) -> (u64, lede::search::SearchHit) {
    work::reset();
    let r = c.search(q, &SearchOptions::default());
    let w = work::get().text_bytes;
    let hit = r
        .results
        .into_iter()
        .find(|h| h.id == id)
        .expect("the big document");
    (w, hit)
}

/// Issue 14 case 5: one big document costs a query the same whatever its
/// size — matches and snippet come from windows around positions.
#[test]
fn a_big_document_costs_a_bounded_amount_per_hit() {
    let mut costs = Vec::new();
    for mb in [1usize, 4] {
        let mut c = small_corpus();
        let text = big_text(mb << 20);
        c.add(Document::new("big", "Big", &text)).unwrap();
        // a rare word at the very end
        let (w, h) = highlight_work(&c, "zanzibarquux", "big");
        assert_eq!(h.matches.len(), 1);
        assert_eq!(
            slice16(&text, h.matches[0].start, h.matches[0].end),
            "zanzibarquux"
        );
        assert!(
            h.snippet.text.contains("zanzibarquux"),
            "{:?}",
            h.snippet.text
        );
        assert!(!h.matches_cut);
        costs.push(w);
        // a common word: matches capped, flagged, snippet still right
        let (w2, h) = highlight_work(&c, "the", "big");
        assert!(h.matches_cut);
        assert!(h.matches.len() <= MAX_MATCHES);
        for m in &h.matches {
            assert_eq!(slice16(&text, m.start, m.end).to_lowercase(), "the");
        }
        assert_eq!(
            slice16(&text, h.snippet.start, h.snippet.end),
            h.snippet.text
        );
        assert!(!h.snippet.highlights.is_empty());
        costs.push(w2);
    }
    eprintln!("highlight bytes read, 1 MiB then 4 MiB: {costs:?}");
    // the same work at 1 and 4 MiB (wide margin), far below the document size
    assert!(costs[2] <= costs[0] * 2 + 4096, "{costs:?}");
    assert!(costs[3] <= costs[1] * 2 + 4096, "{costs:?}");
    assert!(costs.iter().all(|&w| w < 400_000), "{costs:?}");
}

/// A document with no whitespace at all (one 1 MiB chunk): no panic, bounded.
#[test]
fn a_document_without_spaces_is_bounded_too() {
    let mut c = small_corpus();
    let text = "word,".repeat(200_000);
    c.add(Document::new("blob", "Blob", &text)).unwrap();
    work::reset();
    let r = c.search("word", &SearchOptions::default());
    assert!(work::get().text_bytes < 200_000, "{:?}", work::get());
    let h = r.results.iter().find(|h| h.id == "blob").unwrap();
    assert!(h.matches_cut);
    assert_eq!(
        slice16(&text, h.snippet.start, h.snippet.end),
        h.snippet.text
    );
}

/// Issue 14 case 10: the limit is clamped, highlights stop after the first
/// MAX_HIGHLIGHTED_HITS of a page, repeated terms are scored once.
#[test]
fn limits_and_repeated_terms_are_bounded() {
    let Some(arts) = bbc_articles(3000) else {
        return;
    };
    let mut c = Corpus::new();
    for (i, (title, text)) in arts.iter().enumerate() {
        c.add(Document::new(&format!("d{i}"), title, text)).unwrap();
    }
    let big = SearchOptions {
        limit: 100_000,
        ..SearchOptions::default()
    };
    let r = c.search("the", &big);
    assert!(r.total > MAX_LIMIT);
    assert_eq!(r.results.len(), MAX_LIMIT);
    let lit = r
        .results
        .iter()
        .filter(|h| !h.snippet.text.is_empty())
        .count();
    assert_eq!(lit, MAX_HIGHLIGHTED_HITS);
    assert!(r.results[MAX_HIGHLIGHTED_HITS..]
        .iter()
        .all(|h| h.matches_cut && h.matches.is_empty()));
    // highlight work: a page of 1000 costs what a page of 100 does. A text
    // shown often keeps marks that make its next showings cheaper, so both
    // are measured once the page's texts have them (shown three times)
    let page100 = SearchOptions {
        limit: 100,
        ..SearchOptions::default()
    };
    for _ in 0..3 {
        c.search("the", &page100);
    }
    work::reset();
    c.search("the", &page100);
    let w100 = work::get();
    work::reset();
    c.search("the", &big);
    let w1000 = work::get();
    assert_eq!(w100.text_bytes, w1000.text_bytes);
    // 100 repeated stop words cost what one does
    let o = SearchOptions::default();
    work::reset();
    let one = c.search("the", &o);
    let w1 = work::get();
    work::reset();
    let many = c.search(&"the ".repeat(100), &o);
    let wn = work::get();
    assert_eq!((w1.clauses, w1.postings), (wn.clauses, wn.postings));
    assert_eq!(one.total, many.total);
    // a repeated word is scored once
    let a = c.search("budget tax", &o);
    let b = c.search("budget budget tax tax budget", &o);
    let ids = |r: &lede::search::SearchResults| {
        r.results.iter().map(|h| h.id.clone()).collect::<Vec<_>>()
    };
    assert_eq!(ids(&a), ids(&b));
}

/// Issue 14 case 9: a query over the cap is an error naming the limit.
#[test]
fn an_over_long_query_is_an_error() {
    let c = small_corpus();
    let o = SearchOptions::default();
    let q = format!("budget{}-brown", " ".repeat(5000));
    let e = c.try_search(&q, &o).unwrap_err();
    assert_eq!(
        e,
        SearchError::QueryTooLong {
            len: q.len(),
            limit: MAX_QUERY_BYTES
        }
    );
    assert!(e.to_string().contains("4096"), "{e}");
    let ok = "a".repeat(MAX_QUERY_BYTES);
    assert!(c.try_search(&ok, &o).is_ok());
    assert!(c.try_search(&format!("{ok}b"), &o).is_err());
    assert_eq!(c.try_search("Shoigu", &o).unwrap(), c.search("Shoigu", &o));
}

const WORDS: [&str; 8] = [
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
];

#[derive(Debug, Clone)]
enum Op {
    Add(u8, Vec<u8>),
    Remove(u8),
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    /// Add/remove/search sequences against a model: the ids present, and a
    /// search for a document's unique word finds exactly that document.
    #[test]
    fn add_remove_search_agree_with_a_model(ops in prop::collection::vec(prop_oneof![
        3 => (0u8..16, prop::collection::vec(0u8..8, 0..10)).prop_map(|(i, w)| Op::Add(i, w)),
        1 => (0u8..16).prop_map(Op::Remove),
    ], 1..60)) {
        let mut c = Corpus::new();
        let mut model: std::collections::BTreeMap<String, u32> = Default::default();
        let mut version = 0u32;
        for o in &ops {
            match o {
                Op::Add(i, ws) => {
                    version += 1;
                    let id = format!("d{i}");
                    let mut text: Vec<&str> = ws.iter().map(|&w| WORDS[w as usize]).collect();
                    let unique = format!("uniq{i}v{version}");
                    text.push(&unique);
                    c.add(Document::new(&id, "", &text.join(" "))).unwrap();
                    model.insert(id, version);
                }
                Op::Remove(i) => {
                    let id = format!("d{i}");
                    prop_assert_eq!(c.remove(&id), model.remove(&id).is_some());
                }
            }
        }
        let mut ids = c.ids();
        ids.sort();
        prop_assert_eq!(ids, model.keys().cloned().collect::<Vec<_>>());
        let exact = SearchOptions { fuzzy: false, ..SearchOptions::default() };
        for (id, v) in &model {
            let q = format!("uniq{}v{v}", &id[1..]);
            let r = c.search(&q, &exact);
            prop_assert_eq!(r.results.len(), 1);
            prop_assert_eq!(&r.results[0].id, id);
            let m = &r.results[0].matches;
            prop_assert_eq!(m.len(), 1);
        }
    }

    /// `Corpus::from_bytes` on truncations, bit flips and garbage: a clear
    /// error or a corpus that works, never a panic.
    #[test]
    fn from_bytes_survives_damage(cut in 0usize..100_000, flips in prop::collection::vec((0usize..100_000, 0u8..8), 0..4), garbage in prop::collection::vec(any::<u8>(), 0..64), mode in 0u8..3) {
        thread_local! {
            static GOOD: Vec<u8> = small_corpus().to_bytes();
        }
        let mut b = GOOD.with(|g| g.clone());
        match mode {
            0 => b.truncate(cut % (b.len() + 1)),
            1 => {
                for (at, bit) in &flips {
                    let n = b.len();
                    b[at % n] ^= 1 << bit;
                }
            }
            _ => {
                let at = cut % (b.len() + 1);
                b.truncate(at);
                b.extend_from_slice(&garbage);
            }
        }
        match Corpus::from_bytes(&b) {
            Ok(c) => {
                let _ = c.search("Shoigu missile", &SearchOptions::default());
                let _ = c.to_bytes();
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
        let _ = Corpus::from_bytes(&garbage);
    }
}

/// What the per-document marks cost when a saved index is loaded (they are
/// rebuilt, not saved). Prints figures.
#[test]
#[ignore]
fn load_cost() {
    let Some(arts) = bbc_articles(3000) else {
        return;
    };
    let mut c = Corpus::new();
    for (i, (title, text)) in arts.iter().enumerate() {
        c.add(Document::new(&format!("d{i}"), title, text)).unwrap();
    }
    let bytes = c.to_bytes();
    let t = Instant::now();
    for _ in 0..3 {
        std::hint::black_box(Corpus::from_bytes(&bytes).unwrap());
    }
    let load = t.elapsed().as_secs_f64() / 3.0 * 1e3;
    let t = Instant::now();
    for (title, text) in &arts {
        std::hint::black_box(lede::search::highlight::TextMarks::new(title));
        std::hint::black_box(lede::search::highlight::TextMarks::new(text));
    }
    let marks = t.elapsed().as_secs_f64() * 1e3;
    eprintln!("from_bytes {load:.1} ms, of which marks about {marks:.1} ms");
}
