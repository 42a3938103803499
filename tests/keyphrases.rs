//! Keyphrases: the seed article, merging, corpus statistics, KPCrowd.
// Uses the extraction engines: built with the `extract` feature (the default) only.
#![cfg(feature = "extract")]
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
    let docs = lede::eval::keyphrase_docs(&dir).unwrap();
    let base = lede::eval::eval_first_phrases(&docs);
    eprintln!("{}first noun phrases @10: {}", ev.report(), base.at10);
    assert_eq!(ev.docs, 50);
    // KPCrowd's crowd labels are mostly single words and name parts
    // (`kutcher`, `bieber`), which one phrase per entity and the preference
    // for noun phrases give up (see README): above the baseline, not at 20
    // (no ranking reaches 20 in CV without costing the DUC-style set ~20
    // points: models/KEYPHRASES.md, issue #16)
    assert!(
        ev.at10.f1 >= 0.16 && ev.at10.f1 > base.at10.f1,
        "{}",
        ev.report()
    );
    // the learned ranker (`learned=1`; 5-fold CV on KPCrowd train 17.2)
    // scores 17.5 here with the entity model of December 5 (18.0 with the
    // one before), above the hand-weighted score's 16.5
    let learned = lede::extract::keyphrases::Params {
        learned: true,
        ..Default::default()
    };
    let ranked = lede::eval::eval_keyphrase_docs(&docs, &learned);
    assert!(
        ranked.at10.f1 >= 0.17 && ranked.at10.f1 > ev.at10.f1 + 0.005,
        "{} vs {}",
        ranked.at10,
        ev.at10
    );
}

/// A news story written for these tests: a census dispute, with adjectives
/// (`illegal`, `national`), reporting verbs and a name followed by a verb.
const CENSUS: &str = "States sue over census count of illegal aliens

Several states filed suit on Tuesday to stop the Census Bureau from counting illegal aliens in the 1990 census, a national head count that decides how many seats each state holds in the House of Representatives.

The suit, announced by Governor Mark Ellison in Sacramento, argues that including illegal aliens in the national head count shifts seats to states with large immigrant populations. Mark Ellison visited Washington last week to press the case with members of Congress.

The Census Bureau said it was required by the Constitution to count every resident. A spokesman for the bureau said the 1990 census would include illegal aliens as it always had, and that any change would need an act of Congress.

Federation for American Immigration Reform, which backs the suit, said illegal aliens could cost some states a seat in the House. Mark Ellison said the census was meant to count citizens and lawful residents.";

#[test]
fn phrases_people_choose_not_generic_words_or_fragments() {
    let a = analyze(CENSUS, &AnalyzeOptions::default()).unwrap();
    let kp: Vec<String> = a.keyphrases.iter().map(|k| k.text.to_lowercase()).collect();
    // the multi-word topics are there
    for want in ["illegal aliens", "census bureau"] {
        assert!(kp.iter().any(|k| k == want), "{want} not in {kp:?}");
    }
    assert!(
        kp.iter().any(|k| k.ends_with("head count")),
        "no head count in {kp:?}"
    );
    // no adjective, reporting verb or generic word alone
    for bad in ["illegal", "national", "announced", "members", "said"] {
        assert!(!kp.iter().any(|k| k == bad), "{bad} in {kp:?}");
    }
    // no fragment that runs through a verb
    for k in &kp {
        for verb in ["visited", "announced", "said", "filed", "argues"] {
            assert!(!k.split(' ').any(|w| w == verb), "{k} in {kp:?}");
        }
    }
}

#[test]
fn one_phrase_per_entity_and_counts_of_the_entity_panel() {
    let a = analyze(CENSUS, &AnalyzeOptions::default()).unwrap();
    let mut seen = std::collections::HashSet::new();
    for k in &a.keyphrases {
        assert!(
            seen.insert(k.text.clone()),
            "{} twice: {:?}",
            k.text,
            a.keyphrases
        );
        if let Some(e) = a.entities.iter().find(|e| e.name == k.text) {
            // the keyphrase's count is the entity's mention count
            assert_eq!(k.occurrences.len(), e.mentions.len(), "{}", k.text);
            // and none of its aliases is another keyphrase
            for al in &e.aliases {
                assert!(
                    !a.keyphrases.iter().any(|o| &o.text == al),
                    "{al} and {} both listed",
                    e.name
                );
            }
        }
    }
    assert!(
        a.keyphrases.iter().any(|k| k.text == "Mark Ellison"),
        "{:?}",
        a.keyphrases.iter().map(|k| &k.text).collect::<Vec<_>>()
    );
}

#[test]
fn bbc_dev_set_beats_the_first_phrases_baseline() {
    let (Some(jsonl), Some(kp)) = (
        shared("bbc/bbc_news_summary.jsonl"),
        shared("kpcrowd/validation"),
    ) else {
        return;
    };
    let keys = common::root().join("tests/data/bbc_keyphrases.tsv");
    let docs = lede::eval::bbc_keyphrase_docs(&jsonl, &keys).unwrap();
    assert_eq!(docs.len(), 20);
    assert!(docs.iter().all(|d| (8..=10).contains(&d.gold.len())));
    let ours = lede::eval::eval_keyphrase_docs(&docs, &Default::default());
    let base = lede::eval::eval_first_phrases(&docs);
    let kpc = lede::eval::keyphrase_docs(&kp).unwrap();
    let kbase = lede::eval::eval_first_phrases(&kpc);
    eprintln!(
        "BBC dev F1@10: Lede {:.1}, first phrases {:.1}; KPCrowd validation first phrases {:.1}",
        ours.at10.f1 * 100.0,
        base.at10.f1 * 100.0,
        kbase.at10.f1 * 100.0
    );
    assert!(
        ours.at10.f1 > base.at10.f1 + 0.05,
        "{} vs {}",
        ours.at10,
        base.at10
    );
    // the level of the default (51.6; weights chosen with this set in the
    // CV, so a floor with a margin)
    assert!(ours.at10.f1 >= 0.48, "{}", ours.at10);
}

#[test]
fn one_entry_per_written_form() {
    // the tagger names only some mentions of `Future of Cinema`: its entity
    // (keyed without `of`) and the plain phrase (keyed with it) are one entry
    let text = "James Cameron opened the Future of Cinema panel at CinemaCon on Tuesday. \
                The Future of Cinema panel showed footage shot at 48 frames per second. \
                Exhibitors said the Future of Cinema demonstration was striking. \
                Cameron said the Future of Cinema belongs to higher frame rates, and \
                exhibitors at CinemaCon agreed that higher frame rates are coming.";
    let mut ents = entities(
        text,
        &[
            ("James Cameron", "PER", None, &["James Cameron", "Cameron"]),
            ("Future of Cinema", "MISC", None, &["Future of Cinema"]),
            ("CinemaCon", "MISC", None, &["CinemaCon"]),
        ],
    );
    ents[1].mentions.truncate(2);
    let kp = extract_keyphrases(text, &TextLayer::new(text), &ents, None, 10);
    let names: Vec<&str> = kp.iter().map(|k| k.text.as_str()).collect();
    let shown: Vec<String> = names
        .iter()
        .map(|n| lede::extract::keyphrases::stem_phrase(n))
        .collect();
    let mut distinct = shown.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), shown.len(), "{names:?}");
    assert!(names.contains(&"Future of Cinema"), "{names:?}");
}
