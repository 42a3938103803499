//! wasm-bindgen tests, run in headless Chromium by `wasm-pack test --headless --chrome`:
//! the JS face on the seed article, with every range sliced by JavaScript itself.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect};
use lede::wasm::{analyze, summarize};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SEED: &str = include_str!("../seeds/000_cbae279371bf3f5a.txt");

#[wasm_bindgen(inline_js = "
export function slices(text, spans) { return spans.map((s) => text.slice(s.start, s.end)); }
export function loneSurrogate() { return 'abc \\ud800 def'; }
export function errorMessage(f) { try { f(); return null; } catch (e) { return (e instanceof Error) ? e.message : 'not an Error'; } }
")]
extern "C" {
    fn slices(text: &str, spans: &JsValue) -> Array;
    #[wasm_bindgen(js_name = loneSurrogate)]
    fn lone_surrogate() -> JsValue;
}

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(k)).unwrap()
}

fn strings(a: Array) -> Vec<String> {
    a.iter().map(|v| v.as_string().unwrap()).collect()
}

#[wasm_bindgen_test]
fn seed_sentences_slice_exactly_in_js() {
    let a = analyze(JsValue::from_str(SEED), JsValue::UNDEFINED).unwrap();
    let sents = strings(slices(SEED, &get(&a, "sentences")));
    assert_eq!(sents.len(), 12);
    assert_eq!(sents[11], "Marie de La Roche Saint-André, with AFP");
    assert!(sents[5].contains("“Weapons and Equipment Exhibition 2023”"));
    assert!(sents[7].starts_with("Kim and Shoigu had earlier discussed “matters of mutual concern"));
    let paras = strings(slices(SEED, &get(&a, "paragraphs")));
    assert_eq!(paras.len(), 11);
    assert!(paras[0].starts_with("North Korean leader"));
}

#[wasm_bindgen_test]
fn seed_tokens_slice_to_their_text_in_js() {
    let a = analyze(JsValue::from_str(SEED), JsValue::UNDEFINED).unwrap();
    let tokens = get(&a, "tokens");
    let toks = strings(slices(SEED, &tokens));
    // curly-quoted and accented spans
    let w = toks.iter().position(|t| t == "Weapons").unwrap();
    assert_eq!(toks[w - 1], "“");
    assert!(toks.contains(&"Saint-André".to_string()));
    assert!(toks.windows(2).any(|p| p[0] == "Russia" && p[1] == "’s"));
    let arr: Array = tokens.dyn_into().unwrap();
    let andre = arr
        .iter()
        .find(|t| get(t, "norm").as_string().as_deref() == Some("saint-andre"))
        .expect("folded norm");
    let start = get(&andre, "start").as_f64().unwrap() as u32;
    let end = get(&andre, "end").as_f64().unwrap() as u32;
    let js = js_sys::JsString::from(SEED).slice(start, end);
    assert_eq!(String::from(js), "Saint-André");
}

#[wasm_bindgen_test]
fn emoji_and_cjk_offsets_are_utf16() {
    let text = "😀 Kim met 北京 officials — “André’s” visit.";
    let a = analyze(JsValue::from_str(text), JsValue::UNDEFINED).unwrap();
    let toks = strings(slices(text, &get(&a, "tokens")));
    assert_eq!(toks[0], "😀");
    assert!(toks.contains(&"André".to_string()));
    assert!(toks.contains(&"’s".to_string()));
    assert!(toks.iter().any(|t| t.contains('北')));
}

#[wasm_bindgen_test]
fn bad_input_gives_error_values() {
    for (input, want) in [
        (JsValue::from_f64(42.0), "must be a string"),
        (JsValue::NULL, "must be a string"),
        (JsValue::from_str(""), "empty"),
        (lone_surrogate(), "unpaired UTF-16 surrogate"),
        (JsValue::from_str("a\0b"), "binary"),
    ] {
        let e = analyze(input, JsValue::UNDEFINED).unwrap_err();
        let e: JsValue = e.into();
        assert!(e.is_instance_of::<js_sys::Error>());
        let msg = String::from(e.unchecked_into::<js_sys::Error>().message());
        assert!(msg.contains(want), "{msg:?} should mention {want:?}");
    }
    // bad options: a date that is not a string
    let opts = js_sys::Object::new();
    Reflect::set(&opts, &"date".into(), &JsValue::from_f64(42.0)).unwrap();
    assert!(analyze(JsValue::from_str("Some text."), opts.into()).is_err());
    // the module still works afterwards
    assert!(analyze(JsValue::from_str("Still alive."), JsValue::UNDEFINED).is_ok());
}

#[wasm_bindgen_test]
fn seed_quotes_keyphrases_and_summary_in_js() {
    let a = analyze(JsValue::from_str(SEED), JsValue::UNDEFINED).unwrap();
    let quotes: Array = get(&a, "quotes").dyn_into().unwrap();
    assert_eq!(quotes.length(), 3);
    let texts = strings(slices(SEED, &quotes));
    for (q, t) in quotes.iter().zip(&texts) {
        assert_eq!(get(&q, "text").as_string().as_deref(), Some(t.as_str()));
        let sp = get(&q, "speaker_span");
        let one = Array::of1(&sp);
        assert_eq!(strings(slices(SEED, &one)), vec!["KCNA".to_string()]);
    }
    assert!(texts[1].starts_with("about the weapons"));
    let kps: Array = get(&a, "keyphrases").dyn_into().unwrap();
    assert_eq!(kps.length(), 10);
    let summary: Array = get(&a, "summary").dyn_into().unwrap();
    assert_eq!(summary.length(), 3);
    assert_eq!(get(&summary.get(0), "sentence").as_f64(), Some(0.0));
    let s: Array = summarize(JsValue::from_str(SEED), JsValue::from_f64(2.0))
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(s.length(), 2);
    assert!(summarize(JsValue::from_str(SEED), JsValue::from_f64(-1.0)).is_err());
    assert!(summarize(JsValue::from_f64(1.0), JsValue::UNDEFINED).is_err());
}
