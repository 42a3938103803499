//! Facets count a name once, under its full form (issue 13, finding 4: "Blair"
//! and "Tony Blair" were counted apart), on real articles: the seeds (in the
//! repo) and 600 BBC articles (from ../shared, skipped when absent), indexed
//! with Lede's own names as `lede index` and the page do.
// Uses the extraction engines: built with the `extract` feature (the default) only.
#![cfg(feature = "extract")]
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use lede::pipeline::enriched_corpus;
use lede::search::{Corpus, Document, FacetCount, SearchOptions};

fn seeds() -> Corpus {
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("seeds/manifest.json")).unwrap())
            .unwrap();
    let mut c = enriched_corpus();
    for m in manifest.as_array().unwrap() {
        let text = std::fs::read_to_string(root().join("seeds").join(m["file"].as_str().unwrap()))
            .unwrap();
        c.add(Document::new(
            m["id"].as_str().unwrap(),
            m["title"].as_str().unwrap(),
            &text,
        ))
        .unwrap();
    }
    c
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(|w| w.to_lowercase()).collect()
}

/// The people facet values that are a surname (word suffix) of exactly one
/// longer value in the same facet list: what the merge must leave none of.
fn split_surnames(people: &[FacetCount]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for v in people {
        let w = words(&v.value);
        let longer: Vec<&FacetCount> = people
            .iter()
            .filter(|o| {
                let ow = words(&o.value);
                ow.len() > w.len() && ow.ends_with(&w)
            })
            .collect();
        if let [one] = longer.as_slice() {
            out.push((v.value.clone(), one.value.clone()));
        }
    }
    out
}

fn all(limit: usize) -> SearchOptions {
    SearchOptions {
        limit,
        ..SearchOptions::default()
    }
}

#[test]
fn seeds_count_shoigu_once_under_his_full_name() {
    let c = seeds();
    let r = c.search("Shoigu", &all(50));
    let shoigu: Vec<&FacetCount> = r
        .facets
        .people
        .iter()
        .filter(|f| f.value.ends_with("Shoigu"))
        .collect();
    assert_eq!(shoigu.len(), 1, "{:?}", r.facets.people);
    // Every result naming him (in any spelling) counts once.
    let naming = r
        .results
        .iter()
        .filter(|h| {
            c.get(&h.id)
                .is_some_and(|(_, f)| f.people.iter().any(|p| p.ends_with("Shoigu")))
        })
        .count();
    assert_eq!(shoigu[0].count as usize, naming);
    for q in ["the", "said", "North Korea", "Scientology"] {
        let r = c.search(q, &all(50));
        assert_eq!(split_surnames(&r.facets.people), vec![], "{q}");
    }
}

#[test]
fn bbc_people_facets_have_no_surname_counted_apart() {
    let Some(arts) = bbc_articles(600) else {
        return;
    };
    let mut c = enriched_corpus();
    for (i, (title, text)) in arts.iter().enumerate() {
        if text.trim().is_empty() {
            continue;
        }
        c.add(Document::new(&format!("bbc-{i}"), title, text))
            .unwrap();
    }
    let mut merged_any = false;
    for q in [
        "prime minister",
        "election",
        "Blair",
        "Brown",
        "chancellor budget",
        "film",
        "music",
        "football",
    ] {
        let r = c.search(q, &all(1000));
        assert_eq!(split_surnames(&r.facets.people), vec![], "{q}");
        // A merged name counts at least as many articles as name it in full.
        for f in &r.facets.people {
            let full = r
                .results
                .iter()
                .filter(|h| {
                    c.get(&h.id)
                        .is_some_and(|(_, d)| d.people.contains(&f.value))
                })
                .count();
            if f.count as usize > full && full > 0 {
                merged_any = true;
            }
        }
    }
    assert!(
        merged_any,
        "some facet gained the articles of its short form"
    );
}
