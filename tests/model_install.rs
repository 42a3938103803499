//! The NER model as the embed's wasm uses it: with the `embedded-model`
//! feature (the default) a model is always in place and `install` refuses a
//! second one; the bytes that the embed fetches (`models/ner.bin`) load.
// Uses the extraction engines: built with the `extract` feature (the default) only.
#![cfg(feature = "extract")]

use lede::extract::ner::NerModel;

#[test]
fn embedded_model_is_in_place_and_install_refuses_another() {
    assert!(NerModel::has_builtin());
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/models/ner.bin")).unwrap();
    let model = NerModel::from_bytes(&bytes).expect("models/ner.bin loads");
    let tags = model.tag_sentence(&["Sergei", "Shoigu", "visited", "Pyongyang", "."]);
    let labels: Vec<_> = tags.iter().map(|t| t.label.map(|l| l.as_str())).collect();
    assert_eq!(
        labels,
        vec![Some("PER"), Some("PER"), None, Some("LOC"), None]
    );
    assert!(!NerModel::install(model), "a second model is refused");
}

#[test]
fn corrupt_model_bytes_are_an_error_not_a_panic() {
    assert!(NerModel::from_bytes(b"not a model").is_err());
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/models/ner.bin")).unwrap();
    assert!(NerModel::from_bytes(&bytes[..bytes.len() / 2]).is_err());
}
