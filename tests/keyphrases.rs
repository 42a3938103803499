//! Keyphrases: the seed article, merging, corpus statistics, KPCrowd.
#![cfg(not(target_arch = "wasm32"))]

mod common;
mod extract_common;
use common::{seed, shared};
use extract_common::*;
use lede::extract::{extract_keyphrases, DocFreqs, Keyphrase};
use lede::pipeline::{analyze, AnalyzeOptions};
use lede::text::TextLayer;

fn kps(text: &str, df: Option<&DocFreqs>) -> Vec<Keyphrase> {
    extract_keyphrases(text, &TextLayer::new(text), &[], df, 10)
}

#[test]
fn seed_keyphrases_name_the_story() {
    let text = seed();
    let layer = TextLayer::new(&text);
    let ents = seed_entities(&text);
    let kp = extract_keyphrases(&text, &layer, &ents, None, 10);
    let names: Vec<&str> = kp.iter().map(|k| k.text.as_str()).collect();
    let top = |s: &str| names.iter().any(|n| n.contains(s));
    assert!(top("Kim Jong Un"), "{names:?}");
    assert!(top("Shoigu"), "{names:?}");
    assert!(top("North Korea"), "{names:?}");
    assert!(top("Russia"), "{names:?}");
    assert!(
        top("weapons") || top("missile") || top("drone") || top("Exhibition"),
        "{names:?}"
    );
    assert_eq!(kp.len(), 10);
    // best first, occurrences on the phrase's words
    assert!(kp.windows(2).all(|w| w[0].score >= w[1].score));
    for k in &kp {
        assert!(!k.occurrences.is_empty());
        for o in &k.occurrences {
            assert!(text.get(o.clone()).is_some_and(|s| !s.is_empty()));
        }
    }
    // no duplicates of an entity's name
    let kim = names.iter().filter(|n| n.contains("Kim")).count();
    assert_eq!(kim, 1, "{names:?}");
}

#[test]
fn seed_keyphrases_without_entities_are_reasonable() {
    let text = seed();
    let kp = kps(&text, None);
    let names: Vec<String> = kp.iter().map(|k| k.text.to_lowercase()).collect();
    assert!(names.iter().any(|n| n.contains("shoigu")), "{names:?}");
    assert!(names.iter().any(|n| n.contains("kim")), "{names:?}");
    assert!(names.iter().any(|n| n.contains("pyongyang")), "{names:?}");
}

#[test]
fn plural_and_singular_merge() {
    let text = "The army tested a new missile on Monday. Two more missiles were launched at dawn. \
                Analysts said the missiles could reach Guam. The missile programme is growing.";
    let kp = kps(text, None);
    let m: Vec<&Keyphrase> = kp
        .iter()
        .filter(|k| matches!(k.text.to_lowercase().as_str(), "missile" | "missiles"))
        .collect();
    assert_eq!(m.len(), 1, "{kp:?}");
    assert!(m[0].occurrences.len() >= 4, "{:?}", m[0]);
    assert_eq!(kp[0].text.to_lowercase().trim_end_matches('s'), "missile");
}

#[test]
fn acronym_merges_with_expansion() {
    let text = "North Korea fired an intercontinental ballistic missile on Friday. \
                The ICBM flew for 70 minutes. Japan said the ICBM landed in its waters. \
                It was the third intercontinental ballistic missile launch this year, and the ICBM \
                programme worries Tokyo.";
    let kp = kps(text, None);
    let hits: Vec<&Keyphrase> = kp
        .iter()
        .filter(|k| {
            k.text == "ICBM" || k.text.to_lowercase().contains("intercontinental ballistic")
        })
        .collect();
    assert_eq!(hits.len(), 1, "{kp:?}");
    assert!(hits[0].occurrences.len() >= 5, "{:?}", hits[0]);
}

#[test]
fn no_stop_words_at_edges() {
    let text = seed();
    for k in kps(&text, None) {
        let first = k.text.split_whitespace().next().unwrap().to_lowercase();
        let last = k.text.split_whitespace().last().unwrap().to_lowercase();
        for w in [first, last] {
            assert!(
                !["the", "of", "and", "a", "in", "said", "to"].contains(&w.as_str()),
                "{}",
                k.text
            );
        }
    }
}

#[test]
fn corpus_frequencies_favour_what_is_distinctive() {
    // `government` is everywhere in the corpus, `vaccine` only here
    let docs = [
        "The government announced a budget. The government cut taxes.",
        "The government fell. Parliament voted against the government.",
        "The government and the unions met. The government offered more pay.",
    ];
    let df = DocFreqs::from_texts(docs.iter().copied());
    assert_eq!(df.docs(), 3);
    assert_eq!(df.df("govern"), 3);
    let text = "The government approved a vaccine. The government said the vaccine is safe. \
                Doctors welcomed the vaccine, and the government will pay.";
    let plain = kps(text, None);
    let rank = |v: &[Keyphrase], w: &str| v.iter().position(|k| k.text.to_lowercase() == w);
    let with = kps(text, Some(&df));
    assert!(rank(&with, "vaccine") < rank(&with, "government").or(Some(usize::MAX)));
    assert!(rank(&plain, "government").is_some());
}

#[test]
fn analysis_has_ten_keyphrases_with_utf16_occurrences() {
    let text = seed();
    let a = analyze(&text, &AnalyzeOptions::default()).unwrap();
    assert_eq!(a.keyphrases.len(), 10);
    for k in &a.keyphrases {
        for o in &k.occurrences {
            let s = slice16(&text, o.start, o.end);
            assert!(!s.is_empty());
        }
    }
}

#[test]
fn tiny_and_odd_texts() {
    for t in ["a", "“”", "The.", "!!!", "😀 😀", "x\n\n\n\ny"] {
        let _ = kps(t, None);
    }
    assert!(kps("", None).is_empty());
}

#[test]
fn kpcrowd_validation_f1_at_10() {
    let Some(dir) = shared("kpcrowd/validation") else {
        return;
    };
    let ev = lede::eval::eval_keyphrases(&dir).unwrap();
    eprintln!("{}", ev.report());
    assert_eq!(ev.docs, 50);
    assert!(ev.at10.f1 >= 0.20, "{}", ev.report());
}
