//! wasm-bindgen tests of the JS `Corpus` class, run in headless Chromium by
//! `wasm-pack test --headless --chrome`: ranges are sliced by JavaScript itself.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, Uint8Array};
use lede::wasm::WasmCorpus;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SEED: &str = include_str!("../seeds/000_cbae279371bf3f5a.txt");
const STAMPEDE: &str = include_str!("../seeds/stampede.txt");

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(k)).unwrap()
}

fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

fn doc(id: &str, title: &str, text: &str) -> JsValue {
    obj(&[
        ("id", id.into()),
        ("title", title.into()),
        ("text", text.into()),
    ])
}

fn js_slice(text: &str, span: &JsValue) -> String {
    let s = get(span, "start").as_f64().unwrap() as u32;
    let e = get(span, "end").as_f64().unwrap() as u32;
    String::from(js_sys::JsString::from(text).slice(s, e))
}

fn corpus() -> WasmCorpus {
    let mut c = WasmCorpus::new(JsValue::UNDEFINED).unwrap();
    c.add(
        doc("seed", "Kim shows Shoigu weapons", SEED),
        JsValue::UNDEFINED,
    )
    .unwrap();
    c.add(doc("stampede", "Stampede", STAMPEDE), JsValue::UNDEFINED)
        .unwrap();
    c.add(
        doc(
            "emoji",
            "😀 Café “André”",
            "😀😀 The café of André’s friend — naïve résumé.",
        ),
        JsValue::UNDEFINED,
    )
    .unwrap();
    c
}

#[wasm_bindgen_test]
fn search_results_slice_to_matching_words_in_js() {
    let c = corpus();
    assert_eq!(c.size(), 3);
    let r = c
        .search(JsValue::from_str("andre cafe"), JsValue::UNDEFINED)
        .unwrap();
    let results: Array = get(&r, "results").dyn_into().unwrap();
    let top = results.get(0);
    assert_eq!(get(&top, "id").as_string().unwrap(), "emoji");
    let title = get(&top, "title").as_string().unwrap();
    let th: Array = get(&top, "titleHighlights").dyn_into().unwrap();
    let tw: Vec<String> = th.iter().map(|s| js_slice(&title, &s)).collect();
    assert_eq!(tw, ["Café", "André"]);
    let text = "😀😀 The café of André’s friend — naïve résumé.";
    let m: Array = get(&top, "matches").dyn_into().unwrap();
    let mw: Vec<String> = m.iter().map(|s| js_slice(text, &s)).collect();
    assert_eq!(mw, ["café", "André"]);
    let sn = get(&top, "snippet");
    let st = get(&sn, "text").as_string().unwrap();
    assert_eq!(js_slice(text, &sn), st);
    let hl: Array = get(&sn, "highlights").dyn_into().unwrap();
    assert_eq!(js_slice(&st, &hl.get(0)), "café");
    // the seed article (Saint-André) matches one of the two words: it follows
    assert_eq!(get(&r, "total").as_f64().unwrap(), 2.0);
    assert_eq!(get(&results.get(1), "id").as_string().unwrap(), "seed");
}

#[wasm_bindgen_test]
fn options_phrases_exclusions_and_removal() {
    let mut c = corpus();
    let opts = obj(&[("prefix", true.into()), ("explain", true.into())]);
    let r = c.search(JsValue::from_str("Shoi"), opts).unwrap();
    let top = Array::from(&get(&r, "results")).get(0);
    assert_eq!(get(&top, "id").as_string().unwrap(), "seed");
    let kind = get(
        &Array::from(&get(&get(&top, "explain"), "clauses")).get(0),
        "kind",
    );
    assert_eq!(kind.as_string().unwrap(), "prefix");
    let r = c
        .search(
            JsValue::from_str("\"defence minister\" -stampede"),
            JsValue::UNDEFINED,
        )
        .unwrap();
    assert_eq!(get(&r, "total").as_f64().unwrap(), 1.0);
    assert!(c.remove("seed"));
    assert!(!c.remove("seed"));
    let r = c
        .search(JsValue::from_str("Shoigu"), JsValue::UNDEFINED)
        .unwrap();
    assert_eq!(get(&r, "total").as_f64().unwrap(), 0.0);
    assert!(Array::from(&c.related("stampede", Some(3)).unwrap()).length() <= 2);
}

#[wasm_bindgen_test]
fn bytes_round_trip_and_bad_input_throws() {
    let c = corpus();
    let bytes = c.to_bytes();
    let d = WasmCorpus::from_bytes(&bytes).unwrap();
    assert_eq!(d.size(), 3);
    let q = JsValue::from_str("stampede Mecca");
    let a = js_sys::JSON::stringify(&c.search(q.clone(), JsValue::UNDEFINED).unwrap()).unwrap();
    let b = js_sys::JSON::stringify(&d.search(q, JsValue::UNDEFINED).unwrap()).unwrap();
    assert_eq!(String::from(a), String::from(b));
    let msg = |e: JsError| {
        let v: JsValue = e.into();
        String::from(v.unchecked_into::<js_sys::Error>().message())
    };
    let cut = Uint8Array::from(&bytes[..bytes.len() / 2]).to_vec();
    assert!(msg(WasmCorpus::from_bytes(&cut).err().unwrap()).contains("truncated"));
    let mut bad = bytes.clone();
    bad[8] = 7;
    assert!(msg(WasmCorpus::from_bytes(&bad).err().unwrap()).contains("version 7"));
    let mut c2 = corpus();
    assert!(msg(c2
        .add(JsValue::from_f64(3.0), JsValue::UNDEFINED)
        .unwrap_err())
    .contains("bad document"));
    assert!(
        msg(c2.add(doc("", "t", "x"), JsValue::UNDEFINED).unwrap_err()).contains("id is empty")
    );
    let bad_opts = obj(&[("limit", "ten".into())]);
    assert!(c2.search(JsValue::from_str("x"), bad_opts).is_err());
    assert!(c2
        .search(JsValue::from_f64(1.0), JsValue::UNDEFINED)
        .is_err());
    // malformed queries are answered, not thrown
    for q in ["\"", "-", "OR", "person:", "foo:bar", "“unbalanced"] {
        assert!(
            c2.search(JsValue::from_str(q), JsValue::UNDEFINED).is_ok(),
            "{q}"
        );
    }
    // entity fields
    let fields = obj(&[("people", Array::of1(&"Tony Blair".into()).into())]);
    c2.add(doc("tb", "Budget", "The budget speech."), fields)
        .unwrap();
    let r = c2
        .search(
            JsValue::from_str("person:\"Tony Blair\""),
            JsValue::UNDEFINED,
        )
        .unwrap();
    let top = Array::from(&get(&r, "results")).get(0);
    assert_eq!(get(&top, "id").as_string().unwrap(), "tb");
    let people = Array::from(&get(&get(&r, "facets"), "people"));
    assert_eq!(
        get(&people.get(0), "value").as_string().unwrap(),
        "Tony Blair"
    );
}
