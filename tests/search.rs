//! The search engine on real text: the seed articles (in the repo) and the BBC
//! corpus (from ../shared, skipped when absent).
// Uses the extraction engines: built with the `extract` feature (the default) only.
#![cfg(feature = "extract")]
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use lede::cli;
use lede::pipeline::enriched_corpus;
use lede::search::{
    Corpus, DocFields, Document, SearchError, SearchHit, SearchOptions, SearchResults,
};
use lede::text::tokenize_fast;
use lede::text::{fold, tokenize};
use proptest::prelude::*;
use std::collections::BTreeSet;

/// The 25 seed articles with their manifest titles.
fn seed_corpus() -> Corpus {
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
    assert_eq!(c.len(), 25);
    c
}

fn opts() -> SearchOptions {
    SearchOptions::default()
}

fn ids(r: &SearchResults) -> Vec<&str> {
    r.results.iter().map(|h| h.id.as_str()).collect()
}

fn text_of<'a>(c: &'a Corpus, id: &str) -> (&'a str, &'a str) {
    let (d, _) = c.get(id).unwrap();
    (&d.title, &d.text)
}

/// Every range of a hit slices (in UTF-16) to one whole word or hyphen part
/// of the text, and the snippet is the slice it claims to be.
fn check_ranges(c: &Corpus, h: &SearchHit) -> Vec<String> {
    let (title, text) = text_of(c, &h.id);
    let mut words = Vec::new();
    for (src, spans) in [(title, &h.title_highlights), (text, &h.matches)] {
        let toks = tokenize(src);
        for s in spans.iter() {
            let w = slice16(src, s.start, s.end);
            // the slice is exactly a token or a hyphen part of one
            let is_token = toks.iter().any(|t| {
                let tt = t.text(src);
                tt == w || t.parts(src).iter().any(|r| src[r.clone()] == w)
            });
            assert!(is_token, "{:?} is not a word of {}", w, h.id);
            words.push(w);
        }
    }
    let sn = &h.snippet;
    assert_eq!(
        slice16(text, sn.start, sn.end),
        sn.text,
        "snippet of {}",
        h.id
    );
    for s in &sn.highlights {
        assert!(s.end as usize <= sn.text.encode_utf16().count());
        let abs = lede::text::Span16 {
            start: s.start + sn.start,
            end: s.end + sn.start,
        };
        assert!(h.matches.contains(&abs), "snippet highlight is a match");
    }
    words
}

#[test]
fn folding_finds_accented_names_and_highlights_them() {
    let c = seed_corpus();
    let r = c.search("andre", &opts());
    assert_eq!(r.results[0].id, "000_cbae279371bf3f5a");
    let words = check_ranges(&c, &r.results[0]);
    assert!(words.contains(&"André".to_string()), "{words:?}");
}

#[test]
fn curly_quotes_accents_and_emoji_highlight_exactly() {
    let mut c = enriched_corpus();
    let text = "😀 Critics called it “André’s naïve café résumé” — the 😀 café closed. \
                Another sentence about the Café de Flore 🇫🇷 follows here.";
    c.add(Document::new("u", "Café 😀 “Résumé”", text)).unwrap();
    // (in an order where no two query words stand together in the text:
    // adjacent ones would be marked as a phrase only)
    let r = c.search(
        "resume cafe naive andre",
        &SearchOptions {
            fuzzy: false,
            ..opts()
        },
    );
    let h = &r.results[0];
    let words = check_ranges(&c, h);
    for w in ["André", "naïve", "café", "résumé", "Café"] {
        assert!(words.iter().any(|x| x == w), "{w} in {words:?}");
    }
    let title_words: Vec<String> = h
        .title_highlights
        .iter()
        .map(|s| slice16("Café 😀 “Résumé”", s.start, s.end))
        .collect();
    assert_eq!(title_words, ["Café", "Résumé"]);
}

#[test]
fn stemming_recalls_but_exact_ranks_higher() {
    let mut c = enriched_corpus();
    c.add(Document::new(
        "stem",
        "Vote",
        "The elections were held in May and the count went on.",
    ))
    .unwrap();
    c.add(Document::new(
        "exact",
        "Vote",
        "The election was held in May and the count went on.",
    ))
    .unwrap();
    let r = c.search(
        "election",
        &SearchOptions {
            explain: true,
            ..opts()
        },
    );
    assert_eq!(ids(&r), ["exact", "stem"]);
    let kinds: Vec<_> = r
        .results
        .iter()
        .map(|h| h.explain.as_ref().unwrap().clauses[0].kind)
        .collect();
    assert_eq!(
        serde_json::to_string(&kinds).unwrap(),
        r#"["exact","stem"]"#
    );
    let words = check_ranges(&c, &r.results[1]);
    assert_eq!(words, ["elections"]);
}

#[test]
fn stop_words_never_make_a_query_fail() {
    let c = seed_corpus();
    let r = c.search("the of and Shoigu", &opts());
    assert_eq!(r.results[0].id, "000_cbae279371bf3f5a");
    // a query of stop words alone still finds documents
    assert!(c.search("the", &opts()).total > 10);
}

#[test]
fn documents_matching_all_terms_come_first_then_fewer() {
    let c = seed_corpus();
    let r = c.search(
        "Shoigu Pyongyang zzyzxqq",
        &SearchOptions {
            explain: true,
            ..opts()
        },
    );
    assert_eq!(r.results[0].id, "000_cbae279371bf3f5a");
    let cov: Vec<u32> = r
        .results
        .iter()
        .map(|h| h.explain.as_ref().unwrap().coverage)
        .collect();
    assert!(cov.windows(2).all(|w| w[0] >= w[1]), "{cov:?}");
    assert!(r.total >= 2, "a rare word never empties the results");
}

#[test]
fn phrases_match_consecutive_words_only() {
    let mut c = enriched_corpus();
    c.add(Document::new("p", "A", "The prime minister spoke."))
        .unwrap();
    c.add(Document::new(
        "q",
        "B",
        "The minister was prime in his field.",
    ))
    .unwrap();
    c.add(Document::new("r", "C", "Prime. Minister of state."))
        .unwrap();
    let r = c.search("\"prime minister\"", &opts());
    assert_eq!(ids(&r), ["p"]);
    assert_eq!(check_ranges(&c, &r.results[0]), ["prime", "minister"]);
    // words without quotes find all three
    assert_eq!(c.search("prime minister", &opts()).total, 3);
    // curly quotes work as quotes
    assert_eq!(ids(&c.search("“prime minister”", &opts())), ["p"]);
}

#[test]
fn exclusions_remove_documents() {
    let mut c = enriched_corpus();
    c.add(Document::new(
        "a",
        "A",
        "The prime minister Tony Blair spoke.",
    ))
    .unwrap();
    c.add(Document::new(
        "b",
        "B",
        "The prime minister of Canada spoke.",
    ))
    .unwrap();
    c.add(Document::new(
        "c",
        "C",
        "Blair's prime minister years and the tax cut.",
    ))
    .unwrap();
    assert_eq!(ids(&c.search("\"prime minister\" -Blair", &opts())), ["b"]);
    assert_eq!(ids(&c.search("prime -\"tax cut\"", &opts())).len(), 2);
    assert!(!ids(&c.search("prime -\"tax cut\"", &opts())).contains(&"c"));
}

#[test]
fn or_matches_either() {
    let c = seed_corpus();
    let r = c.search("Shoigu OR stampede", &opts());
    let got = ids(&r);
    assert!(got.contains(&"000_cbae279371bf3f5a"));
    assert!(got.contains(&"wikinews-stampede"), "{got:?}");
    // both are full matches of the one OR clause: no AND needed
    let only = c.search("Shoigu stampede", &opts());
    assert!(only.total >= 2);
}

#[test]
fn prefix_matches_the_last_word_while_typing() {
    let c = seed_corpus();
    let p = SearchOptions {
        prefix: true,
        fuzzy: false,
        ..opts()
    };
    let r = c.search("Kim Sho", &p);
    assert_eq!(r.results[0].id, "000_cbae279371bf3f5a");
    assert!(check_ranges(&c, &r.results[0]).contains(&"Shoigu".to_string()));
    // without prefix, "sho" is just a word that is not there
    let r = c.search(
        "Sho",
        &SearchOptions {
            fuzzy: false,
            ..opts()
        },
    );
    assert_eq!(r.total, 0);
    // a trailing space means the word is finished
    let r = c.search("Sho ", &p);
    assert_eq!(r.total, 0);
}

#[test]
fn typos_are_tolerated_by_word_length() {
    let c = seed_corpus();
    // 6 letters: one edit
    let r = c.search("Shoigo", &opts());
    assert_eq!(r.results[0].id, "000_cbae279371bf3f5a");
    assert!(check_ranges(&c, &r.results[0]).contains(&"Shoigu".to_string()));
    // two edits on a short word: no
    assert_eq!(c.search("Shuigo", &opts()).total, 0);
    // fuzzy off: no
    assert_eq!(
        c.search(
            "Shoigo",
            &SearchOptions {
                fuzzy: false,
                ..opts()
            }
        )
        .total,
        0
    );
    // 4 letters: no typo allowed
    assert_eq!(
        c.search(
            "Kimm",
            &SearchOptions {
                fuzzy: true,
                ..opts()
            }
        )
        .total,
        0
    );
    // 9+ letters: two edits
    let r = c.search("Pyonyangg", &opts());
    assert!(ids(&r).contains(&"000_cbae279371bf3f5a"));
}

fn shoigu_docs() -> Corpus {
    let mut c = enriched_corpus();
    let about = DocFields {
        people: vec![
            "Sergei Shoigu".into(),
            "Shoigu".into(),
            "Kim Jong Un".into(),
        ],
        places: vec!["Pyongyang".into()],
        keyphrases: vec!["weapons exhibition".into()],
        ..DocFields::default()
    };
    c.add_with_fields(
        Document::new("about", "Defence visit", "The Russian defence minister toured a weapons exhibition in Pyongyang with Kim. Shoigu praised the missiles."),
        about,
    )
    .unwrap();
    c.add_with_fields(
        Document::new("mention", "Grain exports", "Grain exports rose this year. Officials including Shoigu attended one meeting on the harvest."),
        DocFields {
            places: vec!["Kyiv".into()],
            ..DocFields::default()
        },
    )
    .unwrap();
    c.add_with_fields(
        Document::new(
            "tony",
            "Budget speech",
            "Mr Blair said the budget would help families, Tony Blair told MPs.",
        ),
        DocFields {
            people: vec!["Tony Blair".into(), "Blair".into()],
            ..DocFields::default()
        },
    )
    .unwrap();
    c.add_with_fields(
        Document::new(
            "cherie",
            "Budget reaction",
            "Cherie Blair and Tony Jones reacted to the budget.",
        ),
        DocFields {
            people: vec!["Cherie Blair".into(), "Tony Jones".into()],
            ..DocFields::default()
        },
    )
    .unwrap();
    c
}

#[test]
fn entity_fields_raise_the_score() {
    let c = shoigu_docs();
    let r = c.search(
        "Shoigu",
        &SearchOptions {
            explain: true,
            ..opts()
        },
    );
    assert_eq!(ids(&r), ["about", "mention"]);
    let fields = &r.results[0].explain.as_ref().unwrap().clauses[0].fields;
    assert!(fields.contains(&"person"), "{fields:?}");
}

#[test]
fn field_queries() {
    let c = shoigu_docs();
    // person: with a quoted phrase matches the person field only
    let r = c.search("person:\"Tony Blair\" budget", &opts());
    assert_eq!(r.results[0].id, "tony");
    let r2 = c.search("person:\"Tony Blair\"", &opts());
    assert_eq!(ids(&r2), ["tony"]);
    // highlights of a person query land on the name in the text
    let words = check_ranges(&c, &r2.results[0]);
    assert!(words.contains(&"Tony".to_string()) && words.contains(&"Blair".to_string()));
    assert_eq!(ids(&c.search("place:pyongyang", &opts())), ["about"]);
    assert_eq!(ids(&c.search("title:budget", &opts())).len(), 2);
    assert_eq!(ids(&c.search("title:exports", &opts())), ["mention"]);
    assert_eq!(c.search("title:harvest", &opts()).total, 0);
    // an unknown field is read as words, never an error
    assert_eq!(ids(&c.search("colour:harvest", &opts())), ["mention"]);
}

#[test]
fn entity_fields_nobody_has_fall_back_to_the_text() {
    // the seeds have no extracted fields: person: reads titles and texts
    let c = seed_corpus();
    let r = c.search("person:\"Sergei Shoigu\"", &opts());
    assert_eq!(ids(&r), ["000_cbae279371bf3f5a"]);
    let words = check_ranges(&c, &r.results[0]);
    assert!(words.contains(&"Sergei".to_string()));
    // once any document has people, the field is strict
    let c = shoigu_docs();
    assert_eq!(c.search("person:Jones", &opts()).total, 1);
    assert_eq!(c.search("person:families", &opts()).total, 0);
}

#[test]
fn facets_count_entities_over_all_results() {
    let c = shoigu_docs();
    let r = c.search("budget OR Shoigu", &SearchOptions { limit: 1, ..opts() });
    assert_eq!(r.total, 4);
    assert_eq!(r.results.len(), 1);
    let people: Vec<(&str, u32)> = r
        .facets
        .people
        .iter()
        .map(|f| (f.value.as_str(), f.count))
        .collect();
    assert!(people.contains(&("Tony Blair", 1)));
    // A short form counts under the one full name it fits (facet_alias) ...
    assert!(people.contains(&("Sergei Shoigu", 1)));
    assert!(!people.iter().any(|(v, _)| *v == "Shoigu"), "{people:?}");
    // ... and stays apart when two fit as often (Tony Blair, Cherie Blair).
    assert!(people.contains(&("Blair", 1)), "{people:?}");
    let places: Vec<&str> = r.facets.places.iter().map(|f| f.value.as_str()).collect();
    assert_eq!(places, ["Kyiv", "Pyongyang"]);
}

#[test]
fn facets_off_leaves_them_empty_and_the_results_as_they_were() {
    let c = shoigu_docs();
    for q in ["budget OR Shoigu", "Shoigu", "Blair"] {
        let with = c.search(q, &opts());
        let without = c.search(
            q,
            &SearchOptions {
                facets: false,
                ..opts()
            },
        );
        assert!(!with.facets.people.is_empty(), "{q}");
        assert_eq!(without.facets, Default::default(), "{q}");
        assert_eq!(ids(&with), ids(&without), "{q}");
        assert_eq!(with.total, without.total, "{q}");
    }
}

#[test]
fn related_shares_entities() {
    let mut c = shoigu_docs();
    c.add_with_fields(
        Document::new(
            "again",
            "Shoigu returns",
            "Sergei Shoigu visited Pyongyang again to see Kim Jong Un.",
        ),
        DocFields {
            people: vec!["Sergei Shoigu".into(), "Kim Jong Un".into()],
            places: vec!["Pyongyang".into()],
            ..DocFields::default()
        },
    )
    .unwrap();
    let rel = c.related("about", 5);
    assert_eq!(rel[0].id, "again");
    assert!(rel[0].shared.iter().any(|s| s == "Sergei Shoigu"));
    assert!(rel.iter().all(|r| r.id != "about"));
    assert!(c.related("nope", 5).is_empty());
}

#[test]
fn results_serialize_with_camel_case_names() {
    let c = seed_corpus();
    let r = c.search(
        "Shoigu",
        &SearchOptions {
            explain: true,
            ..opts()
        },
    );
    let v: serde_json::Value = serde_json::to_value(&r).unwrap();
    let h = &v["results"][0];
    for k in [
        "id",
        "title",
        "score",
        "titleHighlights",
        "snippet",
        "matches",
        "explain",
    ] {
        assert!(h.get(k).is_some(), "missing {k}");
    }
    for k in ["text", "start", "end", "highlights"] {
        assert!(h["snippet"].get(k).is_some(), "missing snippet.{k}");
    }
    assert!(v["facets"]["people"].is_array());
    assert!(v["total"].as_u64().unwrap() >= 1);
}

#[test]
fn snippets_are_query_biased_and_sized() {
    let c = seed_corpus();
    let r = c.search("Hwasong-18 solid-fuel", &opts());
    let h = &r.results[0];
    let n = h.snippet.text.encode_utf16().count();
    assert!((100..=240).contains(&n), "{n}: {:?}", h.snippet.text);
    assert!(!h.snippet.highlights.is_empty());
    check_ranges(&c, h);
}

#[test]
fn add_update_remove_keep_ids_stable() {
    let mut c = seed_corpus();
    assert!(c.remove("000_cbae279371bf3f5a"));
    assert!(!c.remove("000_cbae279371bf3f5a"));
    assert_eq!(c.search("Shoigu", &opts()).total, 0);
    c.add(Document::new(
        "000_cbae279371bf3f5a",
        "Replaced",
        "Now about Shoigu only.",
    ))
    .unwrap();
    let r = c.search("Shoigu", &opts());
    assert_eq!(ids(&r), ["000_cbae279371bf3f5a"]);
    assert_eq!(r.results[0].title, "Replaced");
    // update in place: the old text is gone
    c.add(Document::new(
        "000_cbae279371bf3f5a",
        "Again",
        "Something else entirely.",
    ))
    .unwrap();
    assert_eq!(c.search("Shoigu", &opts()).total, 0);
    assert_eq!(c.len(), 25);
    // bad documents are refused with a clear error
    assert!(matches!(
        c.add(Document::new("", "t", "x")),
        Err(SearchError::BadDocument(_))
    ));
    assert!(matches!(
        c.add(Document::new("e", "", "  ")),
        Err(SearchError::BadDocument(_))
    ));
    assert!(matches!(
        c.add(Document::new("z", "a\0b", "x")),
        Err(SearchError::BadDocument(_))
    ));
}

#[test]
fn corrupt_bytes_give_clear_errors_and_leave_the_index_untouched() {
    let mut c = seed_corpus();
    let good = c.to_bytes();
    let before = c.search("Shoigu missile", &opts());
    assert!(matches!(
        Corpus::from_bytes(&[]),
        Err(SearchError::NotAnIndex)
    ));
    assert!(matches!(
        Corpus::from_bytes(b"hello world, not an index at all"),
        Err(SearchError::NotAnIndex)
    ));
    assert!(matches!(
        Corpus::from_bytes(&good[..4]),
        Err(SearchError::Truncated)
    ));
    for cut in [9, 20, 31, 32, 100, good.len() / 2, good.len() - 1] {
        let e = Corpus::from_bytes(&good[..cut]).unwrap_err();
        assert!(matches!(e, SearchError::Truncated), "cut {cut}: {e}");
        assert!(c.load_bytes(&good[..cut]).is_err());
    }
    let mut v = good.clone();
    v[8] = 99;
    let e = Corpus::from_bytes(&v).unwrap_err();
    assert_eq!(
        e,
        SearchError::UnsupportedVersion {
            found: 99,
            supported: lede::search::persist::VERSION
        }
    );
    assert!(e.to_string().contains("version 99"));
    for at in [40, good.len() / 3, good.len() - 2] {
        let mut v = good.clone();
        v[at] ^= 0x55;
        let e = Corpus::from_bytes(&v).unwrap_err();
        assert!(matches!(e, SearchError::Corrupt(_)), "{e}");
        assert!(c.load_bytes(&v).is_err());
    }
    let mut v = good.clone();
    v.push(0);
    assert!(Corpus::from_bytes(&v).is_err());
    // after all those failures the corpus is unchanged
    assert_eq!(c.search("Shoigu missile", &opts()), before);
    c.load_bytes(&good).unwrap();
    assert_eq!(c.search("Shoigu missile", &opts()), before);
}

const VOCAB: [&str; 10] = [
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
];

#[derive(Debug, Clone)]
enum Op {
    Add(u8, Vec<u8>),
    Remove(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0u8..24, prop::collection::vec(0u8..10, 1..12)).prop_map(|(i, w)| Op::Add(i, w)),
        1 => (0u8..24).prop_map(Op::Remove),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// Add / update / remove in any order agree with a brute-force scan of the
    /// live documents, before and after a round trip through bytes.
    #[test]
    fn index_agrees_with_brute_force(ops in prop::collection::vec(op(), 1..160)) {
        let mut c = enriched_corpus();
        let mut truth: std::collections::BTreeMap<String, Vec<&str>> = Default::default();
        for o in &ops {
            match o {
                Op::Add(i, ws) => {
                    let words: Vec<&str> = ws.iter().map(|&w| VOCAB[w as usize]).collect();
                    let id = format!("d{i}");
                    c.add(Document::new(&id, "", &words.join(" "))).unwrap();
                    truth.insert(id, words);
                }
                Op::Remove(i) => {
                    let id = format!("d{i}");
                    prop_assert_eq!(c.remove(&id), truth.remove(&id).is_some());
                }
            }
        }
        prop_assert_eq!(c.len(), truth.len());
        let exact = SearchOptions { fuzzy: false, limit: 100, ..SearchOptions::default() };
        let restored = Corpus::from_bytes(&c.to_bytes()).unwrap();
        for w in VOCAB {
            let want: BTreeSet<&str> = truth.iter().filter(|(_, ws)| ws.contains(&w)).map(|(k, _)| k.as_str()).collect();
            let r = c.search(w, &exact);
            let got: BTreeSet<&str> = r.results.iter().map(|h| h.id.as_str()).collect();
            prop_assert_eq!(&got, &want, "word {}", w);
            prop_assert_eq!(r.total, want.len());
            prop_assert_eq!(restored.search(w, &exact), r);
        }
        for (a, b) in [("alpha", "bravo"), ("echo", "echo"), ("golf", "delta")] {
            let q = format!("\"{a} {b}\"");
            let want: BTreeSet<&str> = truth.iter().filter(|(_, ws)| ws.windows(2).any(|p| p[0] == a && p[1] == b)).map(|(k, _)| k.as_str()).collect();
            let r = c.search(&q, &exact);
            let got: BTreeSet<&str> = r.results.iter().map(|h| h.id.as_str()).collect();
            prop_assert_eq!(&got, &want, "phrase {}", q);
            prop_assert_eq!(restored.search(&q, &exact), r);
            // exclusion is the complement within the documents that have `a`
            let r = c.search(&format!("{a} -{b}"), &exact);
            for h in &r.results {
                prop_assert!(!truth[&h.id].contains(&b) || a == b);
            }
        }
    }

    /// No query, however odd, panics; every range stays inside its text.
    #[test]
    fn odd_queries_never_panic(q in "\\PC{0,40}", prefix: bool, fuzzy: bool, explain: bool) {
        let c = seed_small();
        let r = c.search(&q, &SearchOptions { prefix, fuzzy, explain, ..SearchOptions::default() });
        for h in &r.results {
            let (_, text) = text_of(&c, &h.id);
            let n = text.encode_utf16().count() as u32;
            prop_assert!(h.matches.iter().all(|s| s.start < s.end && s.end <= n));
            prop_assert!(h.snippet.end <= n);
        }
        let _ = c.related(&q, 3);
    }

    /// The fast tokenizer gives exactly the text layer's tokens.
    #[test]
    fn fast_tokens_are_the_text_layers(s in "[a-zA-Z0-9 ,.;:!?()'’\"“”\\-éü😀\n]{0,80}") {
        prop_assert_eq!(tokenize_fast(&s), tokenize(&s));
    }
}

fn seed_small() -> Corpus {
    thread_local! {
        static C: Corpus = seed_corpus();
    }
    C.with(|c| Corpus::from_bytes(&c.to_bytes()).unwrap())
}

#[test]
fn fast_tokens_match_the_text_layer_on_real_text() {
    for f in std::fs::read_dir(root().join("seeds")).unwrap() {
        let p = f.unwrap().path();
        if p.extension().is_some_and(|e| e == "txt") {
            let t = std::fs::read_to_string(&p).unwrap();
            assert_eq!(tokenize_fast(&t), tokenize(&t), "{}", p.display());
        }
    }
    let Some(arts) = bbc_articles(3000) else {
        return;
    };
    for (title, text) in &arts {
        assert_eq!(tokenize_fast(text), tokenize(text));
        assert_eq!(tokenize_fast(title), tokenize(title));
    }
}

#[test]
fn batch_answers_every_line_as_json() {
    let c = seed_corpus();
    let input = "Shoigu\n\n\"\n-\nfoo:bar OR\nperson:\"\n   \nKim Jong Un\r\n\u{0}\u{7f}😀\n";
    let mut out = Vec::new();
    let n = cli::batch(
        &c,
        input.as_bytes(),
        &mut out,
        &cli::cli_options(10, false, false),
    )
    .unwrap();
    let lines: Vec<&str> = std::str::from_utf8(&out).unwrap().lines().collect();
    assert_eq!(n, lines.len());
    assert_eq!(lines.len(), input.lines().count());
    for l in &lines {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert!(v["ids"].is_array() && v["took_us"].is_u64() && v["query"].is_string());
    }
    let first: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(first["ids"][0], "000_cbae279371bf3f5a");
    assert!(cli::parse_doc_line(r#"{"id": 7, "title": "t", "text": "x"}"#).is_some());
    assert!(cli::parse_doc_line("not json").is_none());
}

/// BBC articles as (id, title, text).
fn bbc() -> Option<Vec<(String, String, String)>> {
    let p = shared("bbc/bbc_news_summary.jsonl")?;
    let data = std::fs::read_to_string(p).ok()?;
    Some(
        data.lines()
            .filter_map(cli::parse_doc_line)
            .map(|d| (d.id, d.title, d.text))
            .collect(),
    )
}

/// A deterministic known-item query: `k` words from the middle sentence of a body.
fn known_item_query(text: &str, k: usize, typo: bool) -> String {
    let layer = lede::text::TextLayer::new(text);
    let s = &layer.sentences[layer.sentences.len() / 2];
    let words: Vec<&str> = text[s.clone()]
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.len() >= 4)
        .collect();
    let mut q: Vec<String> = words.iter().take(k).map(|w| w.to_string()).collect();
    if typo {
        if let Some(w) = q.iter_mut().find(|w| w.len() >= 6 && w.is_ascii()) {
            // swap two middle letters
            let mut b = w.clone().into_bytes();
            b.swap(2, 3);
            *w = String::from_utf8(b).unwrap();
        }
    }
    q.join(" ")
}

#[test]
fn bbc_known_items_plain_typo_and_persisted() {
    let Some(arts) = bbc() else { return };
    let mut c = enriched_corpus();
    for (id, title, text) in &arts {
        c.add(Document::new(id, title, text)).unwrap();
    }
    assert_eq!(c.len(), 2225);
    let restored = Corpus::from_bytes(&c.to_bytes()).unwrap();
    let o = SearchOptions {
        highlight: false,
        ..opts()
    };
    let (mut plain, mut typo, mut n) = (0, 0, 0);
    for (id, _, text) in arts.iter().step_by(20) {
        n += 1;
        let q = known_item_query(text, 4, false);
        let r = c.search(&q, &o);
        if ids(&r).contains(&id.as_str()) {
            plain += 1;
        }
        assert_eq!(restored.search(&q, &o), r, "round trip: {q}");
        let q = known_item_query(text, 4, true);
        if ids(&c.search(&q, &o)).contains(&id.as_str()) {
            typo += 1;
        }
    }
    eprintln!("known items: plain {plain}/{n}, typo {typo}/{n}");
    assert!(plain * 10 >= n * 9, "plain {plain}/{n}");
    assert!(typo * 10 >= n * 8, "typo {typo}/{n}");
    // highlights on real text
    for q in [
        "prime minister budget",
        "Blair",
        "\"general election\"",
        "mobile phones",
    ] {
        let r = c.search(
            q,
            &SearchOptions {
                fuzzy: false,
                ..opts()
            },
        );
        for h in &r.results {
            check_ranges(&c, h);
            let n = h.snippet.text.encode_utf16().count();
            let (_, text) = text_of(&c, &h.id);
            if text.encode_utf16().count() > 400 {
                assert!((160..=240).contains(&n), "{n} {:?}", h.snippet.text);
            }
        }
    }
}

#[test]
fn bbc_prime_minister_minus_blair_and_person_field() {
    let Some(arts) = bbc() else { return };
    // a test-side gazetteer stands in for entity extraction
    let names = [
        "Tony Blair",
        "Gordon Brown",
        "Michael Howard",
        "Charles Kennedy",
    ];
    let mut c = enriched_corpus();
    for (id, title, text) in &arts {
        let people = names
            .iter()
            .filter(|n| text.contains(*n) || title.contains(*n))
            .map(|n| n.to_string())
            .collect();
        c.add_with_fields(
            Document::new(id, title, text),
            DocFields {
                people,
                ..DocFields::default()
            },
        )
        .unwrap();
    }
    let r = c.search(
        "\"prime minister\" -Blair",
        &SearchOptions {
            limit: 1000,
            ..opts()
        },
    );
    assert!(r.total > 20);
    for h in &r.results {
        let (title, text) = text_of(&c, &h.id);
        let norms: Vec<String> = tokenize(&format!("{title}\n{text}"))
            .into_iter()
            .map(|t| t.norm.to_string())
            .collect();
        assert!(
            !norms.iter().any(|n| n == "blair"),
            "{} mentions Blair",
            h.id
        );
        let all = fold(&format!("{title} {text}"));
        assert!(all.contains("prime minister"), "{}", h.id);
    }
    // person:"Tony Blair" with title words finds the known article
    let mut found = 0;
    let mut tried = 0;
    for (id, title, text) in arts
        .iter()
        .filter(|(_, _, t)| t.contains("Tony Blair") && t.contains("budget"))
        .take(15)
    {
        tried += 1;
        let words: Vec<&str> = title
            .split_whitespace()
            .filter(|w| w.len() > 3)
            .take(2)
            .collect();
        let q = format!("person:\"Tony Blair\" budget {}", words.join(" "));
        let r = c.search(&q, &opts());
        if ids(&r).iter().take(3).any(|x| x == id) {
            found += 1;
        }
        for h in &r.results {
            let (_, f) = c.get(&h.id).unwrap();
            let _ = text;
            if h.score > 0.0 && ids(&r).first() == Some(&h.id.as_str()) {
                assert!(f.people.iter().any(|p| p == "Tony Blair"), "{q}: {}", h.id);
            }
        }
    }
    assert!(tried > 5 && found * 10 >= tried * 8, "{found}/{tried}");
    // related: the near-duplicate budget-date articles find each other
    let rel = c.related("politics/077", 3);
    assert_eq!(rel[0].id, "politics/354", "{rel:?}");
}

/// Re-wraps a modified version-1 raw payload with a valid header and
/// checksum, so the contents checks (not the checksum) must catch the damage.
fn rewrap(raw: &[u8]) -> Vec<u8> {
    let body = miniz_oxide::deflate::compress_to_vec(raw, 1);
    let mut out = Vec::new();
    out.extend_from_slice(lede::search::persist::MAGIC);
    out.extend_from_slice(&lede::search::persist::v1::VERSION.to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&(raw.len() as u64).to_le_bytes());
    out.extend_from_slice(&lede::search::persist::crc32(&body).to_le_bytes());
    out.extend_from_slice(&body);
    out
}

/// Re-wraps a modified sectioned body (version 2 or later) with a valid
/// header and checksum.
fn rewrap_sections(version: u32, body: &[u8], raw_len: u64) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(lede::search::persist::MAGIC);
    out.extend_from_slice(&version.to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&raw_len.to_le_bytes());
    out.extend_from_slice(&lede::search::persist::crc32(body).to_le_bytes());
    out.extend_from_slice(body);
    out
}

fn small_raw() -> Vec<u8> {
    let b = small_corpus().to_bytes_v1();
    miniz_oxide::inflate::decompress_to_vec(&b[32..]).unwrap()
}

fn small_corpus() -> Corpus {
    // fields only where given: document "a" mentions Blair but has no person field
    let mut c = enriched_corpus();
    c.set_enricher(lede::search::no_enrichment);
    c.add(Document::new(
        "a",
        "Budget day",
        "The chancellor set out the budget, Blair said.",
    ))
    .unwrap();
    c.add_with_fields(
        Document::new("b", "Blair visit", "Tony Blair visited Paris."),
        DocFields {
            people: vec!["Tony Blair".into()],
            ..DocFields::default()
        },
    )
    .unwrap();
    c
}

#[test]
fn rewrapped_payload_round_trips() {
    let raw = small_raw();
    let c = Corpus::from_bytes(&rewrap(&raw)).unwrap();
    assert_eq!(c.len(), 2);
    assert_eq!(ids(&c.search("person:blair", &opts())), ["b"]);
}

#[test]
fn old_format_files_still_load_and_search_alike() {
    let c = seed_corpus();
    let old = c.to_bytes_v1();
    assert_eq!(u32::from_le_bytes(old[8..12].try_into().unwrap()), 1);
    let new = c.to_bytes();
    assert_eq!(
        u32::from_le_bytes(new[8..12].try_into().unwrap()),
        lede::search::persist::VERSION
    );
    let v2 = c.to_bytes_v2();
    assert_eq!(u32::from_le_bytes(v2[8..12].try_into().unwrap()), 2);
    let (a, b, m) = (
        Corpus::from_bytes(&old).unwrap(),
        Corpus::from_bytes(&new).unwrap(),
        Corpus::from_bytes(&v2).unwrap(),
    );
    for q in [
        "Shoigu missile",
        "\"prime minister\"",
        "person:kim",
        "missle launch",
        "title:missile",
        "\"south korea\" -nuclear",
    ] {
        let want = c.search(q, &opts());
        assert_eq!(a.search(q, &opts()), want, "{q}");
        assert_eq!(b.search(q, &opts()), want, "{q}");
        assert_eq!(m.search(q, &opts()), want, "{q}");
    }
    // saving a loaded corpus gives the same bytes, whichever version it was read from
    assert_eq!(b.to_bytes(), new);
    assert_eq!(m.to_bytes(), new);
    assert_eq!(m.to_bytes_v2(), v2);
    // the texts and the positions are apart from what ranking needs, and
    // the sections come in that order: the rank part is a prefix
    let (_, sizes) = c.to_bytes_sized();
    assert_eq!(sizes.total(), new.len());
    assert!(
        sizes.texts > 0 && sizes.postings > 0 && sizes.dict > 0 && sizes.positions > 0,
        "{sizes:?}"
    );
    let tags: Vec<u8> = section_tags(&new);
    assert_eq!(
        tags,
        [1, 2, 3, 5, 4],
        "documents, dictionary, postings, positions, texts"
    );
    // the new format is smaller than version 2
    assert!(new.len() < v2.len(), "{} vs {}", new.len(), v2.len());
}

/// The tags of the sections of a saved corpus (version 2 or later), in order.
fn section_tags(b: &[u8]) -> Vec<u8> {
    let varint = |at: &mut usize| {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let x = b[*at];
            *at += 1;
            v |= u64::from(x & 0x7f) << shift;
            if x & 0x80 == 0 {
                return v;
            }
            shift += 7;
        }
    };
    let mut at = 32;
    let mut tags = Vec::new();
    while at < b.len() {
        tags.push(b[at]);
        at += 2;
        let _raw = varint(&mut at);
        at += varint(&mut at) as usize;
    }
    tags
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    /// Damaged contents behind a valid checksum: an error or a usable index, never a panic.
    #[test]
    fn damaged_contents_never_panic(at in 0usize..10_000, byte: u8, cut in 0usize..10_000) {
        let mut raw = small_raw();
        let n = raw.len();
        raw[at % n] = byte;
        if cut % 3 == 0 {
            raw.truncate(cut % n);
        }
        if let Ok(c) = Corpus::from_bytes(&rewrap(&raw)) {
            for q in ["budget", "blair", "\"tony blair\"", "person:blair", "chancelor"] {
                let _ = c.search(q, &SearchOptions { prefix: true, explain: true, ..SearchOptions::default() });
            }
            let _ = c.related("a", 3);
            let _ = c.to_bytes();
        }
    }

    /// The same for versions 2 and 3: damaged sections behind a valid checksum.
    #[test]
    fn damaged_sections_never_panic(at in 0usize..10_000, byte: u8, cut in 0usize..10_000, v2: bool) {
        let good = if v2 { small_corpus().to_bytes_v2() } else { small_corpus().to_bytes() };
        let version = u32::from_le_bytes(good[8..12].try_into().unwrap());
        let raw_len = u64::from_le_bytes(good[20..28].try_into().unwrap());
        let mut body = good[32..].to_vec();
        let n = body.len();
        body[at % n] = byte;
        if cut % 3 == 0 {
            body.truncate(cut % n);
        }
        if let Ok(c) = Corpus::from_bytes(&rewrap_sections(version, &body, raw_len)) {
            for q in ["budget", "blair", "\"tony blair\"", "person:blair", "chancelor"] {
                let _ = c.search(q, &SearchOptions { prefix: true, explain: true, ..SearchOptions::default() });
            }
            let _ = c.related("a", 3);
            let _ = c.to_bytes();
        }
    }
}

#[test]
fn walls_of_text_are_bounded() {
    let c = seed_corpus();
    let q = "Shoigu missile Kim ".repeat(400);
    let r = c.search(&q, &opts());
    assert_eq!(r.results[0].id, "000_cbae279371bf3f5a");
}

#[test]
fn bbc_cli_index_then_search() {
    let Some(p) = shared("bbc/bbc_news_summary.jsonl") else {
        return;
    };
    let out = std::env::temp_dir().join(format!("lede-search-test-{}.idx", std::process::id()));
    let report = cli::index_jsonl(p.to_str().unwrap(), out.to_str().unwrap()).unwrap();
    assert_eq!(report.documents, 2225);
    assert_eq!(report.skipped, 0);
    assert!(report.terms > 20_000 && report.bytes > 1_000_000);
    let c = cli::load(out.to_str().unwrap()).unwrap();
    let _ = std::fs::remove_file(&out);
    let arts = bbc().unwrap();
    // known articles: the person, "budget" and two title words
    let mut found = 0;
    let targets: Vec<_> = arts
        .iter()
        .filter(|(_, _, t)| t.contains("Tony Blair") && t.to_lowercase().contains("budget"))
        .take(12)
        .collect();
    for (id, title, _) in &targets {
        let words: Vec<&str> = title
            .split_whitespace()
            .filter(|w| w.len() > 3)
            .take(2)
            .collect();
        let q = format!("person:\"Tony Blair\" budget {}", words.join(" "));
        let r = c.search(&q, &cli::cli_options(10, false, false));
        if ids(&r).contains(&id.as_str()) {
            found += 1;
        }
    }
    assert!(
        targets.len() >= 8 && found * 10 >= targets.len() * 8,
        "{found}/{}",
        targets.len()
    );
    let mut out = Vec::new();
    cli::batch(
        &c,
        "\"prime minister\" -Blair\n".as_bytes(),
        &mut out,
        &cli::cli_options(10, false, false),
    )
    .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    for id in v["ids"].as_array().unwrap() {
        let (t, x) = text_of(&c, id.as_str().unwrap());
        assert!(!x.contains("Blair") && !t.contains("Blair"), "{id}");
    }
}

/// Queries of every kind for the bounded-highlights check: fixed ones, then
/// words, pairs, phrases and hyphen parts drawn from the texts themselves.
fn highlight_queries(texts: &[&str]) -> Vec<(String, SearchOptions)> {
    let plain = SearchOptions {
        limit: 100,
        ..opts()
    };
    let prefix = SearchOptions {
        prefix: true,
        ..plain.clone()
    };
    let mut qs: Vec<(String, SearchOptions)> = [
        "the",
        "the of and",
        "said",
        "prime minister budget",
        "\"prime minister\"",
        "Blair OR Brown",
        "government -labour",
        "election",
        "elections",
        "goverment",
        "people say",
        "title:year",
        "person:\"Tony Blair\"",
        "Kim Jong Un",
        "Shoigu missile",
        "\"solid-fuel\" Hwasong-18",
        "seoul based",
        "U.S.",
        "£600m",
        "it's",
        "mobile phones",
        "world cup",
    ]
    .iter()
    .map(|q| (q.to_string(), plain.clone()))
    .collect();
    qs.push(("gov".into(), prefix.clone()));
    qs.push(("prime mini".into(), prefix.clone()));
    for (k, text) in texts.iter().enumerate().step_by(3) {
        let words: Vec<&str> = text
            .split_whitespace()
            .filter(|w| w.chars().count() >= 4)
            .collect();
        if words.len() < 8 {
            continue;
        }
        let at = (k * 7) % (words.len() - 4);
        let w = &words[at..at + 4];
        qs.push((w[0].to_string(), plain.clone()));
        qs.push((format!("{} {}", w[1], w[3]), plain.clone()));
        let phrase: String = w[1..3].join(" ").replace('"', "");
        qs.push((format!("\"{phrase}\""), plain.clone()));
        if let Some(h) = words.iter().find(|w| w.contains('-')) {
            let part = h.split('-').next().unwrap_or("");
            qs.push((part.to_string(), plain.clone()));
        }
    }
    qs
}

/// Highlights from positions (bounded per hit) are exactly the whole-text
/// reference's — matches, title highlights, snippets — on the 25 seeds and
/// 200 BBC articles, for queries of every kind (issue 14 case 5).
#[test]
fn bounded_highlights_equal_the_reference() {
    let mut corpora = vec![("seeds", seed_corpus())];
    if let Some(arts) = bbc() {
        let mut c = enriched_corpus();
        for (id, title, text) in arts.iter().take(200) {
            c.add(Document::new(id, title, text)).unwrap();
        }
        corpora.push(("bbc", c));
    }
    let mut compared = 0;
    for (name, c) in &corpora {
        let ids = c.ids();
        let texts: Vec<&str> = ids.iter().map(|id| text_of(c, id).1).collect();
        for (q, o) in highlight_queries(&texts) {
            let got = c.search(&q, &o);
            let want = c.search_reference(&q, &o);
            assert_eq!(got.total, want.total, "{name}: {q}");
            for (g, w) in got.results.iter().zip(&want.results) {
                assert_eq!(g.id, w.id, "{name}: {q}");
                assert_eq!(
                    g.title_highlights, w.title_highlights,
                    "{name}: {q} {}",
                    g.id
                );
                assert_eq!(g.matches, w.matches, "{name}: {q} {}", g.id);
                assert_eq!(g.snippet, w.snippet, "{name}: {q} {}", g.id);
                assert!(!g.matches_cut);
                compared += 1;
            }
        }
    }
    eprintln!("{compared} hits compared");
    assert!(compared > 1000, "{compared}");
}

/// A document's first showing places its matches without the text's marks
/// (one walk from the start), later showings with them: the same results
/// either way, and the whole-text reference's. Every query runs twice on
/// corpora where no document was shown before (the seeds, 300 BBC
/// articles without entity fields), so each hit's first showing is
/// compared with its second.
#[test]
fn first_and_later_showings_highlight_alike() {
    let mut corpora = vec![("seeds", seed_corpus())];
    if let Some(arts) = bbc() {
        let mut c = Corpus::new();
        for (id, title, text) in arts.iter().take(300) {
            c.add(Document::new(id, title, text)).unwrap();
        }
        corpora.push(("bbc", c));
    }
    let mut compared = 0;
    for (name, c) in &corpora {
        let ids = c.ids();
        let texts: Vec<&str> = ids.iter().map(|id| text_of(c, id).1).collect();
        let mut qs = highlight_queries(&texts);
        // the most general query last: earlier ones meet unshown documents
        qs.retain(|(q, _)| q != "the");
        for (q, o) in qs {
            let first = c.search(&q, &o);
            let again = c.search(&q, &o);
            assert_eq!(first, again, "{name}: {q}");
            let want = c.search_reference(&q, &o);
            for (g, w) in first.results.iter().zip(&want.results) {
                assert_eq!(g.id, w.id, "{name}: {q}");
                assert_eq!(g.title_highlights, w.title_highlights, "{name}: {q}");
                assert_eq!(g.matches, w.matches, "{name}: {q} {}", g.id);
                assert_eq!(g.snippet, w.snippet, "{name}: {q} {}", g.id);
                compared += 1;
            }
        }
    }
    eprintln!("{compared} hits compared");
    assert!(compared > 1000, "{compared}");
}

/// A corpus of one article per language, each tagged with its language.
fn languages_corpus() -> Corpus {
    let mut c = Corpus::new();
    for (id, lang, title, text) in [
        (
            "ja",
            "ja",
            "新しい防災計画",
            "東京都は月曜日、大地震に備えた新しい防災計画を発表した。計画では避難所の数を増やし、高齢者の支援を強化する。",
        ),
        (
            "zh",
            "zh",
            "北京扩建地铁",
            "北京市政府周三宣布，将在明年扩大公共交通网络，并新建三条地铁线路，以缓解交通拥堵。",
        ),
        (
            "ko",
            "ko",
            "서울시 대중교통 정책",
            "서울시는 화요일 새로운 대중교통 정책을 발표했다. 시민들은 지하철 요금 인상에 반대하고 있다.",
        ),
        (
            "fr",
            "fr",
            "Réformes à l’Élysée",
            "Le président de la République a réuni les ministres à l’Élysée pour préparer les réformes des retraites.",
        ),
        (
            "de",
            "de",
            "Straßen und Brücken",
            "Die Bundesregierung plant höhere Ausgaben für Straßen und Brücken in München und Köln.",
        ),
        (
            "en",
            "en",
            "Budget day",
            "The chancellor set out the budget and the reforms in London on Wednesday.",
        ),
    ] {
        let mut d = Document::new(id, title, text);
        d.lang = Some(lang.into());
        c.add(d).unwrap();
    }
    c
}

#[test]
fn chinese_japanese_and_korean_articles_are_found_by_words_inside_them() {
    let c = languages_corpus();
    for (q, want) in [
        // inside longer runs of characters, with particles glued on
        ("地震", "ja"),
        ("避難所", "ja"),
        ("高齢者", "ja"),
        ("防災", "ja"),
        ("地铁", "zh"),
        ("拥堵", "zh"),
        ("公共交通", "zh"),
        ("서울", "ko"),
        ("지하철", "ko"),
        ("대중교통", "ko"),
        ("요금", "ko"),
    ] {
        let r = c.search(q, &opts());
        assert_eq!(ids(&r), [want], "{q}");
        // the marks cover the word where it stands in the text
        let h = &r.results[0];
        let (title, text) = text_of(&c, want);
        let marked: Vec<String> = h
            .matches
            .iter()
            .map(|s| slice16(text, s.start, s.end))
            .chain(
                h.title_highlights
                    .iter()
                    .map(|s| slice16(title, s.start, s.end)),
            )
            .collect();
        assert!(marked.iter().any(|m| m == q), "{q}: {marked:?}");
        assert!(
            h.snippet.text.contains(q) || title.contains(q),
            "{q}: {:?}",
            h.snippet
        );
    }
    // a single character is a word too (Han)
    assert_eq!(ids(&c.search("北京", &opts())), ["zh"]);
    // a saved and loaded corpus finds the same
    let back = Corpus::from_bytes(&c.to_bytes()).unwrap();
    for q in ["避難所", "地铁", "서울", "Élysée"] {
        assert_eq!(back.search(q, &opts()), c.search(q, &opts()), "{q}");
    }
}

#[test]
fn accents_fold_for_latin_languages_and_only_english_is_stemmed() {
    let c = languages_corpus();
    for (q, want) in [
        ("Élysée", "fr"),
        ("elysee", "fr"),
        ("ELYSEE", "fr"),
        ("réformes retraites", "fr"),
        ("reformes retraites", "fr"),
        ("Brücken", "de"),
        ("brucken", "de"),
        ("München Köln", "de"),
        ("munchen koln", "de"),
        ("Straßen", "de"),
        ("strassen", "de"),
    ] {
        assert_eq!(ids(&c.search(q, &opts())).first(), Some(&want), "{q}");
    }
    // English stems match the English article only: `reform` and the French
    // `réformes` share an English stem, but French is matched by its words
    assert_eq!(
        lede::text::term_stem("reformes"),
        lede::text::term_stem("reform")
    );
    let exact = SearchOptions {
        fuzzy: false,
        ..opts()
    };
    assert_eq!(ids(&c.search("reform", &exact)), ["en"]);
    // the same article tagged English (or untagged) is stemmed
    let mut d = c.get("fr").unwrap().0.clone();
    let mut c2 = Corpus::new();
    d.lang = None;
    c2.add(d).unwrap();
    assert_eq!(ids(&c2.search("reform", &exact)), ["fr"]);
}

#[test]
fn adjacent_query_words_are_marked_together_not_scattered() {
    let c = seed_corpus();
    let r = c.search("north korea", &opts());
    let mut checked = 0;
    for h in r.results.iter().take(10) {
        let (_, text) = text_of(&c, &h.id);
        let toks = tokenize(text);
        let has_pair = toks
            .windows(2)
            .any(|w| w[0].norm == "north" && w[1].norm == "korea");
        if !has_pair {
            continue;
        }
        checked += 1;
        // every mark is one word of a "North Korea" standing together
        let marks: Vec<(String, &lede::text::Span16)> = h
            .matches
            .iter()
            .map(|s| (fold(&slice16(text, s.start, s.end)), s))
            .collect();
        for (i, (w, _)) in marks.iter().enumerate() {
            match w.as_str() {
                "north" => assert_eq!(
                    marks.get(i + 1).map(|m| m.0.as_str()),
                    Some("korea"),
                    "{}: {marks:?}",
                    h.id
                ),
                "korea" => assert_eq!(
                    i.checked_sub(1)
                        .and_then(|k| marks.get(k))
                        .map(|m| m.0.as_str()),
                    Some("north"),
                    "{}: {marks:?}",
                    h.id
                ),
                other => panic!("{}: lone mark {other:?}", h.id),
            }
        }
        // lone "North" and "Korea" (the North's missiles, South Korea) stay unmarked
        let norths = toks.iter().filter(|t| t.norm == "north").count();
        let marked = marks.iter().filter(|m| m.0 == "north").count();
        assert!(marked >= 1 && marked <= norths, "{}", h.id);
    }
    assert!(checked >= 1);
    // where the words never stand together, each is marked alone
    let r = c.search("korea north", &opts());
    let h = &r.results[0];
    assert!(!h.matches.is_empty());
    // quoted: only the phrase, as before
    let q = c.search("\"north korea\"", &opts());
    assert_eq!(q.results[0].matches.len() % 2, 0);
}
