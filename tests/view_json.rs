//! The hand-written JSON of an analysis (`Analysis::to_json`, what `analyze`
//! hands to JS and `lede analyze` prints) is exactly the text `serde_json`
//! writes for the same value through its `Serialize` derive, compact and
//! pretty, with and without tokens: on the seed articles (with and without
//! their dates), on BBC articles (when `../shared` is present), on text full
//! of characters JSON must escape, and on every shape of a normalized value.
//! The same for what `Corpus.add` returns (`Enrichment::to_json`) and for
//! `summarize`.
// Uses the extraction engines: built with the `extract` feature (the default) only.
#![cfg(feature = "extract")]
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use lede::extract::values::Value;
use lede::pipeline::{analyze, enrich, summarize_json, summarize_text, AnalyzeOptions};

/// Checks one text under the option sets that change the JSON's shape.
fn check(text: &str, date: Option<&str>) -> usize {
    let mut n = 0;
    for tokens in [false, true] {
        let opts = AnalyzeOptions {
            date: date.map(String::from),
            tokens: Some(tokens),
            ..AnalyzeOptions::default()
        };
        let Ok(a) = analyze(text, &opts) else {
            continue;
        };
        assert_eq!(
            a.to_json(false),
            serde_json::to_string(&a).unwrap(),
            "compact, tokens {tokens}"
        );
        assert_eq!(
            a.to_json(true),
            serde_json::to_string_pretty(&a).unwrap(),
            "pretty, tokens {tokens}"
        );
        n += 1;
    }
    let e = enrich("", text);
    assert_eq!(e.to_json(), serde_json::to_string(&e).unwrap());
    if let (Ok(s), Ok(j)) = (summarize_text(text, 2), summarize_json(text, 2)) {
        assert_eq!(j, serde_json::to_string(&s).unwrap());
    }
    n
}

#[test]
fn analysis_json_is_serde_jsons_text_on_the_seeds() {
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("seeds/manifest.json")).unwrap())
            .unwrap();
    let mut n = 0;
    let mut with_values = 0;
    for m in manifest.as_array().unwrap() {
        let text = std::fs::read_to_string(root().join("seeds").join(m["file"].as_str().unwrap()))
            .unwrap();
        n += check(&text, None);
        n += check(&text, m["date"].as_str());
        let a = analyze(&text, &AnalyzeOptions::default()).unwrap();
        with_values += a.entities.iter().filter(|e| e.value.is_some()).count();
    }
    assert!(n >= 100, "{n} analyses compared");
    // the values' JSON (dates, money, numbers) was exercised, not only names
    assert!(with_values > 50, "{with_values} values");
}

#[test]
fn analysis_json_is_serde_jsons_text_on_bbc_articles() {
    let Some(arts) = bbc_articles(120) else {
        return;
    };
    for (title, text) in arts {
        check(&format!("{title}\n\n{text}"), Some("2005-03-01"));
    }
}

#[test]
fn analysis_json_escapes_as_serde_json_does() {
    let text = "The minister\u{b} said:\r\n \"We\u{1f} will \\not\\ resign,\" \
                said John Smith in Zürich on Tuesday. \u{7}Tokyo (東京) talks 😀 \
                \u{2028} cost $1.5bn, 12% more than 3 km of road.\n\n\
                \u{1}“Nothing,” she said.\tThe \"Bank of England\" met on 3 May 2021.";
    assert_eq!(check(text, Some("2021-05-04")), 2);
}

#[test]
fn value_json_is_serde_jsons_text_for_every_shape() {
    let s = |x: &str| Some(x.to_string());
    let values = [
        Value::default(),
        Value {
            date: s("2021-05-03"),
            ..Value::default()
        },
        Value {
            start: s("2021-05-01"),
            end: s("2021-05-31"),
            ..Value::default()
        },
        Value {
            duration: s("P3M"),
            time: s("09:30"),
            ..Value::default()
        },
        Value {
            number: Some(1.5e9),
            currency: s("GBP"),
            ..Value::default()
        },
        Value {
            number: Some(-0.25),
            unit: s("km \"long\""),
            ..Value::default()
        },
        Value {
            number: Some(f64::NAN),
            ..Value::default()
        },
        Value {
            date: s("--12-25"),
            start: s("a"),
            end: s("b"),
            duration: s("P1D"),
            time: s("23:59"),
            number: Some(0.1),
            currency: s("USD"),
            unit: s("kg"),
        },
    ];
    for v in &values {
        assert_eq!(v.to_json(), serde_json::to_string(v).unwrap(), "{v:?}");
    }
}
