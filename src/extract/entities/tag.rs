//! Stage 1: the statistical tagger's spans as drafts.
//!
//! The article is tagged as one document, sentence by sentence, so that the
//! tagger's document-level features see every occurrence of a word. Tokens
//! are given to it in its own form ([`tagger_form`]: ASCII punctuation, case
//! kept); each span it returns becomes a draft with the span's type as its
//! [`Label`](crate::extract::Label) and, for each type, the calibrated
//! probability of that exact span with that type (what document-level
//! voting weighs, and the mention's confidence).

use super::Draft;
use crate::extract::ner::{tagger_form, NerModel};
use crate::text::Token;
use std::borrow::Cow;
use std::ops::Range;

/// Runs the tagger over the tokens of a text, sentence by sentence, as one
/// document; the drafts come in text order.
pub(super) fn tag(
    text: &str,
    tokens: &[Token],
    sentences: &[Range<usize>],
    model: &NerModel,
) -> Vec<Draft> {
    let doc: Vec<Vec<Cow<'_, str>>> = sentences
        .iter()
        .map(|r| {
            tokens
                .get(r.clone())
                .unwrap_or(&[])
                .iter()
                .map(|t| tagger_form(text, t))
                .collect()
        })
        .collect();
    let scored = model.tag_document_scored(&doc);
    let mut out = Vec::new();
    for (r, st) in sentences.iter().zip(scored.iter()) {
        for s in st {
            let sp = s.span;
            let mut d = Draft::new(r.start + sp.start..r.start + sp.end, sp.kind.into());
            for (c, &raw) in d.type_conf.iter_mut().zip(&s.type_scores) {
                *c = model.calibrate(raw);
            }
            // the chosen type's calibrated confidence, as the model reports it
            d.type_conf[sp.kind.index()] = s.confidence;
            out.push(d);
        }
    }
    crate::text::sort::sort_by_key(&mut out, |d| d.tokens.start);
    out
}
