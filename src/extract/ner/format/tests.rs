//! Tests of the model format: the shipped model re-encodes to its own bytes,
//! the v3 writer kept here and the current one read to the same model, one
//! stage and wide weights round-trip, and every truncation and many bit
//! flips of a model are errors or models, never panics.

use super::*;

/// The v3 writer, kept to test that both formats read the same.
fn encode_v3(d: &ModelData) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC_V3);
    out.extend_from_slice(&(L as u32).to_le_bytes());
    out.extend_from_slice(&d.cfg.to_bits().to_le_bytes());
    d.lex.encode_v3(&mut out);
    out.push(d.stages.len() as u8);
    for s in &d.stages {
        s.encode_v3(&mut out);
    }
    d.calib.encode(&mut out);
    out
}

/// Equal contents, whatever the order of words, phrases and rows.
fn assert_same(a: &ModelData, b: &ModelData) {
    assert_eq!(a.cfg.to_bits(), b.cfg.to_bits());
    assert_eq!(a.lex.ngran, b.lex.ngran);
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    let words = |d: &ModelData| {
        sorted(
            d.lex
                .words
                .iter()
                .map(|(w, c, k)| format!("{w}\t{c:?}\t{k}"))
                .collect(),
        )
    };
    assert_eq!(words(a), words(b));
    let gaz = |d: &ModelData| sorted(d.lex.gaz.iter().map(|(p, m)| format!("{p}\t{m}")).collect());
    assert_eq!(gaz(a), gaz(b));
    assert_eq!(a.stages.len(), b.stages.len());
    for (x, y) in a.stages.iter().zip(&b.stages) {
        let rows = |q: &QuantWeights| {
            let mut v: Vec<(u32, Vec<i16>)> = q
                .keys
                .iter()
                .enumerate()
                .map(|(i, &k)| (k, q.q[i * L..i * L + L].to_vec()))
                .collect();
            v.sort();
            v
        };
        assert_eq!(rows(x), rows(y));
        assert_eq!((x.scale, x.width), (y.scale, y.width));
        assert_eq!(x.trans, y.trans);
    }
    assert_eq!(a.calib, b.calib);
}

fn shipped() -> ModelData {
    let bytes = include_bytes!("../../../../models/ner.bin");
    ModelData::decode(bytes).expect("models/ner.bin reads")
}

#[test]
fn the_shipped_model_is_v4_and_reencodes_to_the_same_bytes() {
    let bytes = include_bytes!("../../../../models/ner.bin");
    assert_eq!(&bytes[..8], MAGIC_V4);
    let d = shipped();
    assert!(d.lex.words.len() > 10_000 && d.lex.gaz.len() > 10_000);
    assert_eq!(d.stages.len(), 2);
    assert_eq!(d.encode(), bytes.to_vec());
    let names: Vec<&str> = sections(bytes)
        .expect("sections")
        .iter()
        .map(|s| s.0)
        .collect();
    assert_eq!(names, SECTIONS);
}

#[test]
fn v3_and_v4_read_the_same_model() {
    let d = shipped();
    let v3 = encode_v3(&d);
    let from_v3 = ModelData::decode(&v3).expect("v3 reads");
    assert_same(&d, &from_v3);
    let v4 = from_v3.encode();
    assert!(
        v4.len() * 10 < v3.len() * 6,
        "v4 {} v3 {}",
        v4.len(),
        v3.len()
    );
    assert_same(&d, &ModelData::decode(&v4).expect("v4 reads"));
}

#[test]
fn one_stage_and_wide_weights_round_trip() {
    let mut d = shipped();
    d.stages.truncate(1);
    if let Some(s) = d.stages.first_mut() {
        s.width = 2;
        for (i, v) in s.q.iter_mut().enumerate() {
            if *v != 0 {
                *v = v.saturating_mul(200).saturating_add((i % 7) as i16);
            }
        }
    }
    let back = ModelData::decode(&d.encode()).expect("reads");
    assert_same(&d, &back);
}

#[test]
fn every_truncation_and_many_bit_flips_are_errors_or_models() {
    let bytes = shipped().encode();
    // every section boundary and a spread of cut points
    let mut cuts: Vec<usize> = (0..bytes.len()).step_by(997).collect();
    for (_, at, len) in sections(&bytes).expect("sections") {
        cuts.extend([at, at + 1, at + len.saturating_sub(1), at + len]);
    }
    for cut in cuts.into_iter().filter(|&c| c < bytes.len()) {
        assert!(ModelData::decode(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    let mut b = bytes.clone();
    for i in (0..b.len()).step_by(4099) {
        b[i] ^= 0x5a;
        let _ = ModelData::decode(&b);
        b[i] ^= 0x5a;
    }
}
