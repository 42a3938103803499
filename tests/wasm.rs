//! wasm-bindgen tests, run in headless Chromium by `wasm-pack test --headless --chrome`:
//! the JS face on the seed article, with every range sliced by JavaScript itself.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect};
use lede::wasm::{analyze, summarize};
use lede::wasm_model::{has_model, prepare_model};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SEED: &str = include_str!("../seeds/000_cbae279371bf3f5a.txt");

#[wasm_bindgen(inline_js = "
export function slices(text, spans) { return spans.map((s) => text.slice(s.start, s.end)); }
export function loneSurrogate() { return 'abc \\ud800 def'; }
export function errorMessage(f) { try { f(); return null; } catch (e) { return (e instanceof Error) ? e.message : 'not an Error'; } }
export function js(src) { return new Function('return (' + src + ');')(); }
")]
extern "C" {
    /// A JS value from a JS expression: getters, Proxies, lone surrogates.
    fn js(src: &str) -> JsValue;
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
    let a = analyze(JsValue::from_str(SEED), js(r#"{"tokens": true}"#)).unwrap();
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
    let a = analyze(JsValue::from_str(text), js(r#"{"tokens": true}"#)).unwrap();
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
    // the lede, though it shares its paragraph (tests/summary.rs)
    assert_eq!(get(&summary.get(0), "sentence").as_f64(), Some(0.0));
    let s: Array = summarize(JsValue::from_str(SEED), JsValue::from_f64(2.0))
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(s.length(), 2);
    assert!(summarize(JsValue::from_str(SEED), JsValue::from_f64(-1.0)).is_err());
    assert!(summarize(JsValue::from_f64(1.0), JsValue::UNDEFINED).is_err());
}

/// `prepareModel` (the page's worker calls it as soon as its core is up)
/// decodes the embedded model: the build has one, and the seed's names are
/// then found with it (Kim Jong Un and Sergei Shoigu among them).
#[wasm_bindgen_test]
fn prepare_model_decodes_the_embedded_model_the_analysis_then_uses() {
    assert!(has_model());
    assert!(prepare_model());
    // a second call finds it decoded
    assert!(prepare_model());
    let a = analyze(JsValue::from_str(SEED), JsValue::UNDEFINED).unwrap();
    let entities: Array = get(&a, "entities").dyn_into().unwrap();
    let names: Vec<String> = entities
        .iter()
        .filter_map(|e| get(&e, "name").as_string())
        .collect();
    for want in ["Kim Jong Un", "Sergei Shoigu"] {
        assert!(names.iter().any(|n| n == want), "{want} not in {names:?}");
    }
}

/// The message of an `Error` a call returned.
fn message(e: JsError) -> String {
    let v: JsValue = e.into();
    assert!(v.is_instance_of::<js_sys::Error>(), "not an Error");
    String::from(v.unchecked_into::<js_sys::Error>().message())
}

fn memory_bytes() -> usize {
    core::arch::wasm32::memory_size::<0>() * 65536
}

#[wasm_bindgen_test]
fn too_many_tokens_is_an_error_before_any_work_and_the_module_keeps_working() {
    // issue 14, case 1: 8,000,000 commas (7.6 MiB, under the size limit)
    // used to exhaust the 4 GiB of wasm32 memory and abort the module
    let before = memory_bytes();
    for n in [8_000_000, 6_000_000] {
        let commas = ",".repeat(n);
        let e = message(analyze(JsValue::from_str(&commas), JsValue::UNDEFINED).unwrap_err());
        assert!(
            e.contains(&format!("about {n} tokens"))
                && e.contains(&format!(
                    "the limit is {}",
                    lede::pipeline::errors::MAX_TOKENS
                )),
            "{e}"
        );
        let e = message(summarize(JsValue::from_str(&commas), JsValue::UNDEFINED).unwrap_err());
        assert!(e.contains("too many"), "{e}");
    }
    // refused before the pipeline ran: the module grew by the copies of the
    // text at most, not by gigabytes
    let grown = memory_bytes().saturating_sub(before);
    assert!(grown < 64 << 20, "grew {grown} bytes");
    // and a normal text is analyzed afterwards
    let a = analyze(JsValue::from_str(SEED), JsValue::UNDEFINED).unwrap();
    assert_eq!(Array::from(&get(&a, "sentences")).length(), 12);
    // under the budget still works: 100,000 commas
    let a = analyze(
        JsValue::from_str(&",".repeat(100_000)),
        js(r#"{"tokens": true}"#),
    )
    .unwrap();
    assert_eq!(Array::from(&get(&a, "tokens")).length(), 100_000);
}

#[wasm_bindgen_test]
fn analyze_options_are_checked_by_name_and_type() {
    // issue 14, case 9
    for (o, want) in [
        (
            "({summery: 1})",
            "unknown option \"summery\" (did you mean \"summary\"?)",
        ),
        ("({keyphrase: 3})", "did you mean \"keyphrases\"?"),
        (
            "({colour: 'red'})",
            "(known: date, summary, keyphrases, quotes, tokens)",
        ),
        ("[1, 2]", "the options must be an object, not an array"),
        (
            "'2023-07-27'",
            "the options must be an object, not a string",
        ),
        ("42", "the options must be an object, not a number"),
        (
            "({date: '2023-07-27xyz'})",
            "date must be YYYY-MM-DD, got \"2023-07-27xyz\"",
        ),
        ("({date: '2023-02-30'})", "date must be YYYY-MM-DD"),
        ("({date: '27/07/2023'})", "date must be YYYY-MM-DD"),
        ("({date: 20230727})", "date must be a string, not a number"),
        (
            "({summary: -1})",
            "summary must be a non-negative integer, got -1",
        ),
        ("({summary: 1.5})", "got 1.5"),
        ("({keyphrases: NaN})", "got NaN"),
        (
            "({quotes: 'no'})",
            "quotes must be true or false, not a string",
        ),
    ] {
        let e = message(analyze(JsValue::from_str("Some text."), js(o)).unwrap_err());
        assert!(e.contains(want), "{o}: {e:?} should mention {want:?}");
    }
    // a 1 MB bad date is quoted in part
    let e = message(
        analyze(
            JsValue::from_str("Some text."),
            js("({date: '2023-07-27' + 'x'.repeat(1 << 20)})"),
        )
        .unwrap_err(),
    );
    assert!(e.chars().count() < 120 && e.ends_with('…'), "{e}");
    // an RFC 3339 date-time is a date (its time is ignored); null is no option
    for o in [
        "({date: '2023-07-27T10:30:00Z'})",
        "({date: '2023-07-27'})",
        "({date: null, summary: undefined})",
        "({})",
        "null",
    ] {
        assert!(analyze(JsValue::from_str(SEED), js(o)).is_ok(), "{o}");
    }
    let a = analyze(
        JsValue::from_str(SEED),
        js("({summary: 0, keyphrases: 2, quotes: false})"),
    )
    .unwrap();
    assert_eq!(Array::from(&get(&a, "summary")).length(), 0);
    assert_eq!(Array::from(&get(&a, "keyphrases")).length(), 2);
    assert_eq!(Array::from(&get(&a, "quotes")).length(), 0);
}

#[wasm_bindgen_test]
fn throwing_options_are_errors_and_leak_nothing() {
    // issue 14, case 8: a throwing getter or a revoked Proxy as options used
    // to unwind through Rust after the text was copied, leaking it
    let text = "Kim met Shoigu in Pyongyang. ".repeat(70_000); // ~2 MB
    let big = JsValue::from_str(&text);
    drop(text);
    let throwing = [
        (
            "({get date() { throw new Error('date getter'); }})",
            "date getter",
        ),
        (
            "(() => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; })()",
            "revoked",
        ),
        (
            "new Proxy({}, {ownKeys() { throw new Error('reactive trap'); }})",
            "reactive trap",
        ),
        (
            "new Proxy({quotes: true}, {get() { throw new Error('get trap'); }})",
            "get trap",
        ),
        ("({get summary() { throw 'a string'; }})", "a string"),
    ];
    for (o, want) in throwing {
        let e = message(analyze(big.clone(), js(o)).unwrap_err());
        assert!(e.contains(want), "{o}: {e}");
    }
    let before = memory_bytes();
    for _ in 0..40 {
        for (o, _) in throwing {
            assert!(analyze(big.clone(), js(o)).is_err());
        }
    }
    let grown = memory_bytes().saturating_sub(before);
    assert!(
        grown < 16 << 20,
        "200 failed calls grew memory by {grown} bytes"
    );
    assert!(analyze(JsValue::from_str("Still alive."), JsValue::UNDEFINED).is_ok());
}

#[wasm_bindgen_test]
fn a_bom_is_one_character_as_in_the_cli() {
    // issue 14, case 9: `lede analyze` of a file with a BOM and JS `analyze`
    // of the same text give the same offsets; the BOM counts as a character
    // (it is one in the JS string) and never sticks to the first word
    let with = format!("\u{feff}{SEED}");
    let a = analyze(JsValue::from_str(&with), js(r#"{"tokens": true}"#)).unwrap();
    let b = analyze(JsValue::from_str(SEED), js(r#"{"tokens": true}"#)).unwrap();
    let spans = |a: &JsValue, k: &str| -> Vec<(u32, u32)> {
        Array::from(&get(a, k))
            .iter()
            .map(|s| {
                (
                    get(&s, "start").as_f64().unwrap() as u32,
                    get(&s, "end").as_f64().unwrap() as u32,
                )
            })
            .collect()
    };
    for k in ["tokens", "sentences", "paragraphs", "mentions", "quotes"] {
        let shifted: Vec<(u32, u32)> = spans(&b, k).iter().map(|&(s, e)| (s + 1, e + 1)).collect();
        assert_eq!(spans(&a, k), shifted, "{k}");
    }
    assert_eq!(strings(slices(&with, &get(&a, "tokens")))[0], "North");
    // the CLI's own path, run here: decode the file's bytes, analyze
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(SEED.as_bytes());
    let text = lede::pipeline::errors::decode_text(&bytes).unwrap();
    let cli = lede::pipeline::analyze(
        &text,
        &lede::pipeline::AnalyzeOptions {
            tokens: Some(true),
            ..Default::default()
        },
    )
    .unwrap();
    let cli_tokens: Vec<(u32, u32)> = cli
        .tokens
        .unwrap_or_default()
        .iter()
        .map(|t| (t.start, t.end))
        .collect();
    assert_eq!(cli_tokens, spans(&a, "tokens"));
}

#[wasm_bindgen_test]
fn the_heap_grows_the_memory_in_large_steps() {
    // issue 14: every `memory.grow` costs time in proportion to the memory's
    // size, so a heap that grows by one allocation's worth at a time made a
    // large analysis super-linear (src/wasm_alloc.rs). 40 MB held in 100 KB
    // pieces: growing by what each piece needs would take some 400 grows; in
    // steps of at least 1 MiB it takes at most 40
    let mut held: Vec<Vec<u8>> = Vec::new();
    let mut grows = 0;
    let mut last = memory_bytes();
    for i in 0..400u32 {
        held.push(vec![(i % 251) as u8; 100 * 1024]);
        let now = memory_bytes();
        if now != last {
            grows += 1;
            last = now;
        }
    }
    assert!(grows <= 42, "{grows} grows for 40 MB held");
    // and the memory holds what was written
    assert!(held
        .iter()
        .enumerate()
        .all(|(i, v)| v.len() == 100 * 1024 && v.iter().all(|&b| b == (i % 251) as u8)));
    drop(held);
    assert!(analyze(JsValue::from_str("Still alive."), JsValue::UNDEFINED).is_ok());
}
