//! wasm-bindgen tests of the JS `Corpus` class, run in headless Chromium by
//! `wasm-pack test --headless --chrome`: ranges are sliced by JavaScript itself.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, Uint8Array};
use lede::wasm::WasmCorpus;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = "
export function js(src) { return new Function('return (' + src + ');')(); }
")]
extern "C" {
    /// A JS value from a JS expression: lone surrogates, getters, Proxies.
    fn js(src: &str) -> JsValue;
}

/// The message of an `Error` a call returned.
fn message(e: JsError) -> String {
    let v: JsValue = e.into();
    assert!(v.is_instance_of::<js_sys::Error>(), "not an Error");
    String::from(v.unchecked_into::<js_sys::Error>().message())
}

/// The ids of a search's results.
fn ids(r: &JsValue) -> Vec<String> {
    Array::from(&get(r, "results"))
        .iter()
        .map(|h| get(&h, "id").as_string().unwrap())
        .collect()
}

/// Everything the three-document corpus answers, as JSON: what a failed
/// call must leave unchanged.
fn answers(c: &WasmCorpus) -> String {
    let mut out = String::new();
    for q in ["andre cafe", "Shoigu", "stampede Mecca", "weapons"] {
        let r = c.search(JsValue::from_str(q), JsValue::UNDEFINED).unwrap();
        out.push_str(&String::from(js_sys::JSON::stringify(&r).unwrap()));
    }
    out
}

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

fn u8s(b: &[u8]) -> JsValue {
    Uint8Array::from(b).into()
}

fn js_slice(text: &str, span: &JsValue) -> String {
    let s = get(span, "start").as_f64().unwrap() as u32;
    let e = get(span, "end").as_f64().unwrap() as u32;
    String::from(js_sys::JsString::from(text).slice(s, e))
}

fn corpus() -> WasmCorpus {
    let c = WasmCorpus::new(JsValue::UNDEFINED).unwrap();
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
    assert_eq!(c.size().unwrap(), 3);
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
    let c = corpus();
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
    assert!(c.remove("seed".into()).unwrap());
    assert!(!c.remove("seed".into()).unwrap());
    let r = c
        .search(JsValue::from_str("Shoigu"), JsValue::UNDEFINED)
        .unwrap();
    assert_eq!(get(&r, "total").as_f64().unwrap(), 0.0);
    assert!(Array::from(&c.related("stampede".into(), 3.into()).unwrap()).length() <= 2);
}

#[wasm_bindgen_test]
fn bytes_round_trip_and_bad_input_throws() {
    let c = corpus();
    let bytes = c.to_bytes().unwrap();
    let d = WasmCorpus::from_bytes(u8s(&bytes)).unwrap();
    assert_eq!(d.size().unwrap(), 3);
    let q = JsValue::from_str("stampede Mecca");
    let a = js_sys::JSON::stringify(&c.search(q.clone(), JsValue::UNDEFINED).unwrap()).unwrap();
    let b = js_sys::JSON::stringify(&d.search(q, JsValue::UNDEFINED).unwrap()).unwrap();
    assert_eq!(String::from(a), String::from(b));
    let msg = |e: JsError| {
        let v: JsValue = e.into();
        String::from(v.unchecked_into::<js_sys::Error>().message())
    };
    let cut = Uint8Array::from(&bytes[..bytes.len() / 2]).to_vec();
    assert!(msg(WasmCorpus::from_bytes(u8s(&cut)).err().unwrap()).contains("truncated"));
    let mut bad = bytes.clone();
    bad[8] = 7;
    assert!(msg(WasmCorpus::from_bytes(u8s(&bad)).err().unwrap()).contains("version 7"));
    let c2 = corpus();
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

#[wasm_bindgen_test]
fn a_failed_add_leaves_the_corpus_exactly_as_before() {
    // issue 14, cases 1, 2 and 8: over budget, bad documents, throwing getters,
    // revoked Proxies; each is an Error and the corpus answers as before
    let c = corpus();
    let before = answers(&c);
    let bytes = c.to_bytes().unwrap();
    let commas = ",".repeat(8_000_000);
    let pages = core::arch::wasm32::memory_size::<0>();
    let e = message(
        c.add(doc("commas", "Commas", &commas), JsValue::UNDEFINED)
            .unwrap_err(),
    );
    assert!(e.contains("too many") && e.contains("limit"), "{e}");
    // refused before any work: no more than the copy of the text was taken
    let grown = (core::arch::wasm32::memory_size::<0>() - pages) * 65536;
    assert!(grown < 64 << 20, "grew {grown} bytes");
    let bad: Vec<(JsValue, &str)> = vec![
        (js("({id: 'g', get text() { throw new Error('boom in text'); }})"), "boom in text"),
        (js("(() => { const r = Proxy.revocable({id: 'p', text: 't'}, {}); r.revoke(); return r.proxy; })()"), "revoked"),
        (js("new Proxy({id: 'q', text: 't'}, {get() { throw new Error('trap says no'); }})"), "trap says no"),
        (js("new Proxy({id: 'k', text: 't'}, {ownKeys() { throw new Error('no keys'); }})"), "no keys"),
        (js("({id: 'a\\uD800', text: 'lone'})"), "unpaired UTF-16 surrogate"),
        (js("({id: 'lone', text: 'x \\uDC00 y'})"), "unpaired UTF-16 surrogate"),
        (js("({id: 42, text: 'number id'})"), "the id must be a string, not a number"),
        (js("({id: 'n', text: 7})"), "must be a string, not a number"),
        (js("[{id: 'arr', text: 'x'}]"), "not an array"),
        (js("({text: 'no id'})"), "the id is missing"),
        (JsValue::from_str("a string"), "not a string"),
        (js("({id: 'x'.repeat(5000), text: 't'})"), "longer than 1024 bytes"),
        (js("({id: 'y'.repeat(500) + ' ', title: ' ', text: ' '})"), "…"),
    ];
    for (d, want) in bad {
        let e = message(c.add(d, JsValue::UNDEFINED).unwrap_err());
        assert!(e.contains(want), "{e:?} should mention {want:?}");
        assert!(e.chars().count() < 200, "message too long: {e}");
    }
    // fields that cannot be read
    for (f, want) in [
        (
            "({person: ['Tony Blair']})",
            "unknown field \"person\" (known: people, orgs, places, speakers, keyphrases)",
        ),
        (
            "({place: ['London']})",
            "unknown field \"place\" (did you mean \"places\"?)",
        ),
        ("({people: 'Tony Blair'})", "must be an array"),
        ("({people: ['ok', 3]})", "people[1] must be a string"),
        ("({get people() { throw new Error('getter'); }})", "getter"),
        ("[['Tony Blair']]", "not an array"),
    ] {
        let e = message(c.add(doc("f", "Fields", "Some text."), js(f)).unwrap_err());
        assert!(e.contains(want), "{e:?} should mention {want:?}");
    }
    assert_eq!(c.size().unwrap(), 3);
    assert_eq!(answers(&c), before);
    assert_eq!(c.to_bytes().unwrap(), bytes);
    // and it still takes documents, finding what was there before and what is new
    c.add(
        doc("new", "Budget day", "The chancellor set out the budget."),
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert_eq!(c.size().unwrap(), 4);
    for (q, id) in [
        ("andre cafe", "emoji"),
        ("Shoigu", "seed"),
        ("Mecca", "stampede"),
        ("budget", "new"),
    ] {
        let r = c.search(JsValue::from_str(q), JsValue::UNDEFINED).unwrap();
        assert_eq!(ids(&r).first().map(String::as_str), Some(id), "{q}");
    }
}

#[wasm_bindgen_test]
fn entities_off_refuses_over_budget_too_and_keeps_working() {
    let c = WasmCorpus::new(js("({entities: false})")).unwrap();
    c.add(
        doc("a", "Budget", "The chancellor set out the budget."),
        JsValue::UNDEFINED,
    )
    .unwrap();
    // 6 million commas: over the token budget (MAX_TOKENS), under the size limit
    let commas = ",".repeat(6_000_000);
    assert!(message(
        c.add(doc("b", "Commas", &commas), JsValue::UNDEFINED)
            .unwrap_err()
    )
    .contains("too many"));
    let r = c
        .search(JsValue::from_str("budget"), JsValue::UNDEFINED)
        .unwrap();
    assert_eq!(ids(&r), ["a"]);
    // constructor options are checked like every other option
    for (o, want) in [
        (
            "({entitie: false})",
            "unknown option \"entitie\" (did you mean \"entities\"?)",
        ),
        (
            "({entities: 'no'})",
            "entities must be true or false, not a string",
        ),
        ("[false]", "not an array"),
        (
            "({get entities() { throw new Error('getter'); }})",
            "getter",
        ),
    ] {
        let e = message(WasmCorpus::new(js(o)).err().unwrap());
        assert!(e.contains(want), "{e:?} should mention {want:?}");
    }
}

#[wasm_bindgen_test]
fn wrong_types_are_errors_not_traps() {
    // issue 14, case 3
    let c = corpus();
    for id in [
        "42",
        "true",
        "({length: 3})",
        "null",
        "undefined",
        "[1, 2]",
        "1.5",
    ] {
        let e = message(c.remove(js(id)).unwrap_err());
        assert!(e.contains("the id must be a string"), "remove({id}): {e}");
        let e = message(c.get(js(id)).unwrap_err());
        assert!(e.contains("the id must be a string"), "get({id}): {e}");
        let e = message(c.related(js(id), 3.into()).unwrap_err());
        assert!(e.contains("the id must be a string"), "related({id}): {e}");
    }
    for (limit, want) in [
        ("-1", "limit must be a non-negative integer, got -1"),
        ("1.5", "got 1.5"),
        ("NaN", "got NaN"),
        ("Infinity", "got Infinity"),
        ("'3'", "not a string"),
    ] {
        let e = message(c.related("seed".into(), js(limit)).unwrap_err());
        assert!(e.contains(want), "related(seed, {limit}): {e}");
    }
    for (o, want) in [
        (
            "({limit: -1})",
            "limit must be a non-negative integer, got -1",
        ),
        ("({limit: NaN})", "got NaN"),
        ("({offset: 0.5})", "got 0.5"),
        ("({prefix: 'yes'})", "prefix must be true or false"),
        ("({filters: {field: 'person'}})", "filters must be an array"),
        (
            "({filters: [{field: 'persons', value: 'x'}]})",
            "filters[0].field must be person",
        ),
        (
            "({filters: [{field: 'person', value: 'x', extra: 1}]})",
            "unknown filter key \"extra\"",
        ),
    ] {
        let e = message(c.search(JsValue::from_str("Shoigu"), js(o)).unwrap_err());
        assert!(e.contains(want), "search options {o}: {e}");
    }
    for q in ["42", "null", "({length: 3})"] {
        assert!(message(c.search(js(q), JsValue::UNDEFINED).unwrap_err())
            .contains("query must be a string"));
    }
    for b in ["42", "'bytes'", "({length: 3})", "[1, 2, 3]"] {
        let e = message(WasmCorpus::from_bytes(js(b)).err().unwrap());
        assert!(e.contains("must be a Uint8Array"), "fromBytes({b}): {e}");
    }
    // related with a limit is a real limit: never a u32 wrap to "everything"
    let all = Array::from(&c.related("seed".into(), JsValue::UNDEFINED).unwrap()).length();
    assert!(all >= 1);
    assert_eq!(
        Array::from(&c.related("seed".into(), 0.into()).unwrap()).length(),
        0
    );
    assert_eq!(c.size().unwrap(), 3);
}

#[wasm_bindgen_test]
fn lone_surrogate_ids_never_collide() {
    // issue 14, case 4: 'a\uD800' and 'a\uDBFF' would both become 'a\uFFFD'
    let c = WasmCorpus::new(js("({entities: false})")).unwrap();
    c.add(
        doc("a\u{fffd}", "Replacement", "A real U+FFFD id."),
        JsValue::UNDEFINED,
    )
    .unwrap();
    for src in ["'a\\uD800'", "'a\\uDBFF'", "'a\\uDC00'"] {
        let id = js(src);
        let d = Object::new();
        Reflect::set(&d, &"id".into(), &id).unwrap();
        Reflect::set(&d, &"text".into(), &"Other text.".into()).unwrap();
        for e in [
            c.add(d.into(), JsValue::UNDEFINED).unwrap_err(),
            c.remove(id.clone()).unwrap_err(),
            c.get(id.clone()).unwrap_err(),
            c.related(id.clone(), JsValue::UNDEFINED).unwrap_err(),
        ] {
            assert!(message(e).contains("unpaired UTF-16 surrogate"), "{src}");
        }
    }
    // the document whose id really is U+FFFD is untouched
    assert_eq!(c.size().unwrap(), 1);
    let got = c.get("a\u{fffd}".into()).unwrap();
    assert_eq!(get(&got, "title").as_string().unwrap(), "Replacement");
    // queries are texts: lone surrogates are refused there too
    let e = message(
        c.search(js("'real \\uD800'"), JsValue::UNDEFINED)
            .unwrap_err(),
    );
    assert!(e.contains("unpaired UTF-16 surrogate"), "{e}");
}

#[wasm_bindgen_test]
fn search_options_are_plain_data_read_before_the_corpus() {
    // issue 14, cases 8 and 9: a throwing getter or a revoked Proxy in the
    // options is an Error, unknown keys are reported by name, and the corpus
    // keeps answering (no borrow leaks)
    let c = corpus();
    let before = answers(&c);
    for (o, want) in [
        (
            "({limt: 1})",
            "unknown option \"limt\" (did you mean \"limit\"?)",
        ),
        ("({highlights: false})", "did you mean \"highlight\"?"),
        (
            "({zzzzzzzz: 1})",
            "(known: limit, offset, prefix, fuzzy, explain, highlight, facets, filters)",
        ),
        ("[10]", "the options must be an object, not an array"),
        ("'limit: 10'", "the options must be an object, not a string"),
        (
            "({get limit() { throw new Error('limit getter'); }})",
            "limit getter",
        ),
        (
            "(() => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; })()",
            "revoked",
        ),
        (
            "new Proxy({limit: 3}, {get() { throw new Error('vue trap'); }})",
            "vue trap",
        ),
        (
            "({filters: [new Proxy({}, {ownKeys() { throw new Error('filter keys'); }})]})",
            "filter keys",
        ),
    ] {
        let e = message(c.search(JsValue::from_str("Shoigu"), js(o)).unwrap_err());
        assert!(e.contains(want), "{o}: {e:?} should mention {want:?}");
    }
    assert_eq!(answers(&c), before);
    c.add(
        doc("later", "Shoigu again", "Sergei Shoigu visited again."),
        JsValue::UNDEFINED,
    )
    .unwrap();
    let r = c
        .search(JsValue::from_str("Shoigu"), js("({limit: 5})"))
        .unwrap();
    assert_eq!(ids(&r).len(), 2);
}

/// Issue 14 case 9: a query over the cap is an error naming the limit, never
/// silently cut (so a trailing `-brown` is never dropped), and the corpus
/// answers the next query as before.
#[wasm_bindgen_test]
fn an_over_long_query_is_an_error_not_cut() {
    let c = corpus();
    let before = answers(&c);
    let q = format!("budget{}-brown", " ".repeat(5000));
    let e = c
        .search(JsValue::from_str(&q), JsValue::UNDEFINED)
        .unwrap_err();
    let m = message(e);
    assert!(m.contains("4096"), "{m}");
    assert_eq!(answers(&c), before);
    let r = c
        .search(JsValue::from_str("Shoigu"), JsValue::UNDEFINED)
        .unwrap();
    assert_eq!(get(&r, "total").as_f64().unwrap(), 1.0);
}
