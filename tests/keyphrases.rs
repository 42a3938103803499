//! Keyphrases: the seed article, merging, corpus statistics, KPCrowd.
#![cfg(not(target_arch = "wasm32"))]

mod common;
mod extract_common;
use common::{seed, shared};
use extract_common::*;
use lede::extract::{extract_keyphrases, DocFreqs};
use lede::text::TextLayer;

#[test]
fn seed_keyphrases_with_entities() {
    let text = seed();
    let layer = TextLayer::new(&text);
    let ents = seed_entities(&text);
    let kp = extract_keyphrases(&text, &layer, &ents, None, 10);
    let names: Vec<&str> = kp.iter().map(|k| k.text.as_str()).collect();
    eprintln!("{names:?}");
}
