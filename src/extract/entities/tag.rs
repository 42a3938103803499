//! Stage 1: the statistical tagger's spans as drafts.
//!
//! The article is tagged as one document, sentence by sentence, so that the
//! tagger's document-level features see every occurrence of a word. Tokens
//! are given to it in its own form ([`tagger_form`]: ASCII punctuation, case
//! kept); each span it returns becomes a draft with the span's type as its
//! [`Label`](crate::extract::Label).

use super::Draft;
use crate::extract::ner::{spans, tagger_form, NerModel};
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
    let tags = model.tag_document(&doc);
    let mut out = Vec::new();
    for (r, st) in sentences.iter().zip(tags.iter()) {
        for sp in spans(st) {
            out.push(Draft::new(
                r.start + sp.start..r.start + sp.end,
                sp.kind.into(),
            ));
        }
    }
    out.sort_by_key(|d| d.tokens.start);
    out
}
