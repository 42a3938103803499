//! Evaluation against public research corpora (native only): quote attribution
//! on PolNeAR, keyphrases on 500N-KPCrowd, summaries on BBC News Summary;
//! speakers ([`speakers`]) and salient entities ([`salience`]) on
//! hand-annotated BBC articles.
//!
//! One file per task: `entities.rs` (names out of domain, on BBC and
//! PolNeAR articles annotated by hand), `quotes.rs` (quote attribution on PolNeAR),
//! `keyphrases.rs` (KPCrowd, the BBC keyphrase set, weight cross-validation
//! and the blend of the hand score with the learned ranker),
//! `summary.rs` (ROUGE, and the summaries on BBC News Summary),
//! `summary_model.rs` (training the learned sentence scorer); this file
//! holds what they share ([`Prf`]). Their items are re-exported here, so
//! `lede::eval::eval_quotes` and the rest keep their paths.

pub mod entities;
pub mod keyphrase_model;
mod keyphrases;
mod quotes;
pub mod salience;
pub mod speakers;
mod summary;
pub mod summary_model;

pub(crate) use keyphrases::corpus_of;
pub use keyphrases::{
    bbc_keyphrase_docs, blend, blend_lists, cv_keyphrases, eval_first_phrases, eval_keyphrase_docs,
    eval_keyphrases, keyphrase_docs, lede_keyphrases, score_keyphrases, CvResult, KeyphraseDoc,
    KeyphraseEval, Prepared,
};
/// For [`speakers`], which reads the same articles in code points.
use quotes::cp_table;
pub use quotes::{eval_quotes, QuoteEval};
pub use summary::{
    eval_one_summary, eval_short_summary, eval_summary, eval_xsum, rouge, rouge_tokens,
    split_reference, OneScores, OneSummaryEval, Rouge, ShortSummaryEval, SummaryEval, XsumEval,
    XsumScores,
};

/// The mean of `xs` and their sample standard deviation (divided by
/// `n - 1`; 0 for fewer than two values), as the cross-validation reports
/// give them. `(0, 0)` for none.
pub(crate) fn mean_sd(xs: impl Iterator<Item = f64> + Clone) -> (f64, f64) {
    let n = xs.clone().count() as f64;
    if n == 0.0 {
        return (0.0, 0.0);
    }
    let mean = xs.clone().sum::<f64>() / n;
    let var = xs.map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    (mean, var.sqrt())
}

/// Precision, recall and F1 from counts.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    /// Precision in [0, 1].
    pub p: f64,
    /// Recall in [0, 1].
    pub r: f64,
    /// F1 in [0, 1].
    pub f1: f64,
}

impl Prf {
    /// From true positives over predictions (`tp_p / n_pred`) and over gold (`tp_g / n_gold`).
    pub fn new(tp_p: usize, n_pred: usize, tp_g: usize, n_gold: usize) -> Prf {
        let p = if n_pred == 0 {
            0.0
        } else {
            tp_p as f64 / n_pred as f64
        };
        let r = if n_gold == 0 {
            0.0
        } else {
            tp_g as f64 / n_gold as f64
        };
        let f1 = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        Prf { p, r, f1 }
    }
}

impl std::fmt::Display for Prf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "P {:.1}  R {:.1}  F1 {:.1}",
            self.p * 100.0,
            self.r * 100.0,
            self.f1 * 100.0
        )
    }
}
