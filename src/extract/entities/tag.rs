//! Stage 1: the statistical tagger's spans as drafts.
//!
//! The article is tagged as one document, sentence by sentence, so that the
//! tagger's document-level features see every occurrence of a word. It
//! reads the tokens in place ([`TextWords`]: no copy of the document), each
//! in its own form ([`tagger_form`](crate::extract::ner::tagger_form): ASCII
//! punctuation, case kept); each span it returns becomes a draft with the span's type as its
//! [`Label`](crate::extract::Label) and, for each type, the calibrated
//! probability of that exact span with that type (what document-level
//! voting weighs, and the mention's confidence).

use super::Draft;
use crate::extract::ner::{NerModel, TextWords};
use crate::text::Token;
use std::ops::Range;

/// Runs the tagger over the tokens of a text, sentence by sentence, as one
/// document; the drafts come in text order.
pub(super) fn tag(
    text: &str,
    tokens: &[Token],
    sentences: &[Range<usize>],
    model: &NerModel,
) -> Vec<Draft> {
    // the tokens read in place: no per-token copy of the document
    let scored = model.tag_words_scored(&TextWords::new(text, tokens, sentences));
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
