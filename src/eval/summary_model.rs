//! Training the learned sentence scorer ([`Model`]) on BBC News Summary and
//! measuring it by cross-validation over articles.
//!
//! Every article runs through the pipeline twice, as in the XSum-like
//! evaluation ([`super::eval_xsum`]): on the body without its first
//! sentence (the reference is that sentence, BBC's intro) and on the whole
//! body (the reference is the headline). Each run gives a list: the
//! sentences' features ([`Prepared`]) and each sentence's ROUGE-2 against
//! its reference. Both settings are trained on together, so the scorer sees
//! articles with their intro and without it (the features `lead_alone` and
//! `lead_shared` tell them apart).
//!
//! The model is linear, fitted listwise: within a list, a softmax over the
//! prose sentences' scores is pulled towards the sentences' share of the
//! list's ROUGE-2 (cross-entropy), with an L2 penalty, by full-batch Adam on
//! standardized features; the standardization is folded back into the
//! weights (the mean's offset is the same for every sentence of a list and
//! changes no choice), so the shipped weights apply to raw features.
//! Captions, credits, datelines, bylines and headings are not in the lists:
//! the hard filter keeps them out before any score is read.
//!
//! [`cross_validate`] deals the articles into folds (article `i` in fold
//! `i % folds`), fits on the other folds, and scores the held-out fold end
//! to end: the one sentence in both settings and the k-sentence summary
//! against the reference summary, beside lead-1/lead-k and the hand score.
//! The scale of the score against the redundancy penalty (it matters only
//! for k sentences) is chosen on the training folds.

use super::summary::{bbc_rows, rouge, split_intro, split_reference, Rouge};
use crate::extract::summary::{select_with, Model, Prepared, Weights, FEATURES, NAMES};
use crate::pipeline::{run, Engines};
use crate::text::TextLayer;
use std::collections::HashMap;
use std::path::Path;

/// One article of the training set.
pub struct LearnArticle {
    /// The body without its intro: features.
    xsum: Prepared,
    /// Each sentence of the body without its intro vs the intro.
    xsum_rouge: Vec<Rouge>,
    /// The whole body: features.
    full: Prepared,
    /// Each sentence of the whole body vs the headline.
    head_rouge: Vec<Rouge>,
    /// The whole body's sentences (for the k-sentence summary).
    full_sentences: Vec<String>,
    /// The reference summary.
    summary: String,
    /// Sentences in the reference summary.
    k: usize,
    /// The picks of the hand score without a shared-lead bonus
    /// ([`Weights::lead_shared`] 0, the weight the hand score's own CV
    /// chose): one sentence of the body without its intro, one of the whole
    /// body, `k` of the whole body.
    no_shared: [Vec<usize>; 3],
}

/// Runs the pipeline over every article (or the first `limit` kept) of the
/// BBC News Summary file, the same articles as [`super::eval_xsum`] (those
/// whose rest has at least two sentences).
pub fn learn_articles(file: &Path, limit: Option<usize>) -> Result<Vec<LearnArticle>, String> {
    let engines = Engines {
        quotes: false,
        keyphrases: 10,
        summary: 0,
    };
    let mut out = Vec::new();
    for row in bbc_rows(file)? {
        if limit.is_some_and(|l| out.len() >= l) {
            break;
        }
        let (text, summary, title) = (row.text.as_str(), row.summary.as_str(), row.title.as_str());
        let k = split_reference(summary).len();
        let Some((reference, doc)) = split_intro(text) else {
            continue;
        };
        let xd = run(doc, None, &engines);
        if xd.layer.sentences.len() < 2 || k == 0 || reference.trim().is_empty() {
            continue;
        }
        let xf = run(text, None, &engines);
        let names_x = crate::pipeline::run::keyphrase_names(&xd.entities, &xd.refs);
        let names_f = crate::pipeline::run::keyphrase_names(&xf.entities, &xf.refs);
        let sentences = |t: &str, layer: &TextLayer| -> Vec<String> {
            layer
                .sentences
                .iter()
                .map(|r| t.get(r.clone()).unwrap_or("").to_string())
                .collect()
        };
        let no_shared = Weights {
            lead_shared: 0.0,
            ..Weights::default()
        };
        let no_shared = [
            select_with(doc, &xd.layer, &names_x, &xd.keyphrases, 1, &no_shared),
            select_with(text, &xf.layer, &names_f, &xf.keyphrases, 1, &no_shared),
            select_with(text, &xf.layer, &names_f, &xf.keyphrases, k, &no_shared),
        ];
        let xs = sentences(doc, &xd.layer);
        let full_sentences = sentences(text, &xf.layer);
        out.push(LearnArticle {
            xsum: Prepared::new(doc, &xd.layer, &names_x, &xd.keyphrases),
            xsum_rouge: xs.iter().map(|s| rouge(s, reference)).collect(),
            full: Prepared::new(text, &xf.layer, &names_f, &xf.keyphrases),
            head_rouge: full_sentences.iter().map(|s| rouge(s, title)).collect(),
            full_sentences,
            summary: summary.to_string(),
            k,
            no_shared,
        });
    }
    if out.is_empty() {
        return Err(format!("no articles in {}", file.display()));
    }
    Ok(out)
}

/// Which lists the scorer is trained on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Setting {
    /// The XSum-like lists only (articles without their intro).
    Xsum,
    /// The XSum-like lists and the whole articles against their headline.
    Both,
}

/// How the scorer is fitted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// The lists trained on.
    pub setting: Setting,
    /// The L2 penalty on the standardized weights.
    pub l2: f64,
    /// The target of a sentence is its ROUGE-2 to this power, as a share of
    /// its list's (1: in proportion; higher: sharper, towards the best).
    pub power: f64,
}

/// One list to fit: the prose sentences' features and their ROUGE-2 share.
struct List {
    x: Vec<[f64; FEATURES]>,
    p: Vec<f64>,
}

fn list(prep: &Prepared, r: &[Rouge], power: f64) -> Option<List> {
    let keep: Vec<usize> = (0..prep.features.len().min(r.len()))
        .filter(|&i| !prep.not_prose[i])
        .collect();
    let total: f64 = keep.iter().map(|&i| r[i].r2.powf(power)).sum();
    if keep.len() < 2 || total <= 0.0 {
        return None;
    }
    Some(List {
        x: keep.iter().map(|&i| prep.features[i]).collect(),
        p: keep.iter().map(|&i| r[i].r2.powf(power) / total).collect(),
    })
}

/// Fits the scorer on the articles passing `keep` as `fit` says. The returned model's scale is 1.
pub fn fit(articles: &[LearnArticle], keep: &dyn Fn(usize) -> bool, fit: &Fit) -> Model {
    let mut lists = Vec::new();
    for (_, a) in articles.iter().enumerate().filter(|(i, _)| keep(*i)) {
        lists.extend(list(&a.xsum, &a.xsum_rouge, fit.power));
        if fit.setting == Setting::Both {
            lists.extend(list(&a.full, &a.head_rouge, fit.power));
        }
    }
    // standardize over all rows
    let (mut mean, mut sd) = ([0.0f64; FEATURES], [0.0f64; FEATURES]);
    let rows: f64 = lists.iter().map(|l| l.x.len()).sum::<usize>().max(1) as f64;
    for l in &lists {
        for x in &l.x {
            for j in 0..FEATURES {
                mean[j] += x[j] / rows;
            }
        }
    }
    for l in &lists {
        for x in &l.x {
            for j in 0..FEATURES {
                sd[j] += (x[j] - mean[j]).powi(2) / rows;
            }
        }
    }
    for s in sd.iter_mut() {
        *s = s.sqrt().max(1e-6);
    }
    let z: Vec<Vec<[f64; FEATURES]>> = lists
        .iter()
        .map(|l| {
            l.x.iter()
                .map(|x| std::array::from_fn(|j| (x[j] - mean[j]) / sd[j]))
                .collect()
        })
        .collect();
    // full-batch Adam on the mean cross-entropy per list
    let mut w = [0.0f64; FEATURES];
    let (mut m, mut v) = ([0.0f64; FEATURES], [0.0f64; FEATURES]);
    let (lr, b1, b2) = (0.05, 0.9, 0.999);
    let nl = lists.len().max(1) as f64;
    for t in 1..=400 {
        let mut g = [0.0f64; FEATURES];
        for (l, zl) in lists.iter().zip(&z) {
            let s: Vec<f64> = zl
                .iter()
                .map(|x| x.iter().zip(&w).map(|(a, b)| a * b).sum())
                .collect();
            let mx = s.iter().copied().fold(f64::MIN, f64::max);
            let e: Vec<f64> = s.iter().map(|x| (x - mx).exp()).collect();
            let sum: f64 = e.iter().sum();
            for ((x, ei), pi) in zl.iter().zip(&e).zip(&l.p) {
                let d = ei / sum - pi;
                for j in 0..FEATURES {
                    g[j] += d * x[j] / nl;
                }
            }
        }
        for j in 0..FEATURES {
            g[j] += fit.l2 * w[j];
            m[j] = b1 * m[j] + (1.0 - b1) * g[j];
            v[j] = b2 * v[j] + (1.0 - b2) * g[j] * g[j];
            let mh = m[j] / (1.0 - b1.powi(t));
            let vh = v[j] / (1.0 - b2.powi(t));
            w[j] -= lr * mh / (vh.sqrt() + 1e-8);
        }
    }
    Model {
        weights: std::array::from_fn(|j| w[j] / sd[j]),
        scale: 1.0,
    }
}

/// The scales of the score against the redundancy penalty that are tried.
const SCALES: [f64; 6] = [0.5, 1.0, 2.0, 4.0, 8.0, 16.0];

/// Held-out ROUGE-2 F1 (0–1) of the cross-validation.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Figures {
    /// XSum-like: lead-1, the hand score, the learned scorer, the oracle.
    pub xsum: [f64; 4],
    /// The whole body vs the headline: lead-1, hand, learned.
    pub head: [f64; 3],
    /// k sentences vs the reference summary: lead-k, hand, learned.
    pub multi: [f64; 3],
    /// The hand score without a shared-lead bonus (the hand score's own CV
    /// choice, not shipped): XSum-like, headline, k sentences.
    pub no_shared: [f64; 3],
}

fn multi_rouge(a: &LearnArticle, ix: &[usize], memo: &mut HashMap<Vec<usize>, f64>) -> f64 {
    if let Some(r) = memo.get(ix) {
        return *r;
    }
    let s: Vec<&str> = ix
        .iter()
        .filter_map(|&i| a.full_sentences.get(i).map(String::as_str))
        .collect();
    let r = rouge(&s.join(" "), &a.summary).r2;
    memo.insert(ix.to_vec(), r);
    r
}

fn first_r2(prep: &Prepared, r: &[Rouge], score: &[f64]) -> f64 {
    prep.pick(score, 1)
        .first()
        .and_then(|&i| r.get(i))
        .map_or(0.0, |x| x.r2)
}

/// The report of a `folds`-fold cross-validation of the scorer trained on
/// as `how` says: each fold's held-out ROUGE-2 (XSum-like,
/// headline, k sentences) for lead-1/lead-k, the hand score and the learned
/// scorer, and the means (also returned as figures).
pub fn cross_validate(articles: &[LearnArticle], folds: usize, how: &Fit) -> (String, Figures) {
    let folds = folds.max(2);
    let mut memo: Vec<HashMap<Vec<usize>, f64>> = vec![HashMap::new(); articles.len()];
    let mut out = format!(
        "learned scorer, {:?}, {folds}-fold CV over {} articles (held-out ROUGE-2 F1):\n  fold  | XSum-like lead-1 / hand / learned (oracle) | headline lead-1 / hand / learned | k sentences lead-k / hand / learned (scale)\n",
        how,
        articles.len()
    );
    let mut mean = Figures::default();
    for f in 0..folds {
        let train = |i: usize| i % folds != f;
        let mut model = fit(articles, &train, how);
        // the scale against the redundancy penalty, on the training folds
        let mut best = (f64::MIN, 1.0);
        for sc in SCALES {
            model.scale = sc;
            let mut tot = 0.0;
            for (i, a) in articles.iter().enumerate().filter(|(i, _)| train(*i)) {
                let pick = a.full.pick(&a.full.scores(&model), a.k);
                tot += multi_rouge(a, &pick, &mut memo[i]);
            }
            if tot > best.0 {
                best = (tot, sc);
            }
        }
        model.scale = best.1;
        let mut fig = Figures::default();
        let test: Vec<usize> = (0..articles.len()).filter(|&i| i % folds == f).collect();
        let w = 1.0 / test.len().max(1) as f64;
        for &i in &test {
            let a = &articles[i];
            let lead_x = a.xsum_rouge.first().map_or(0.0, |r| r.r2);
            let oracle = a.xsum_rouge.iter().map(|r| r.r2).fold(0.0, f64::max);
            let sx = a.xsum.scores(&model);
            let sf = a.full.scores(&model);
            fig.xsum[0] += w * lead_x;
            fig.xsum[1] += w * first_r2(&a.xsum, &a.xsum_rouge, &a.xsum.hand);
            fig.xsum[2] += w * first_r2(&a.xsum, &a.xsum_rouge, &sx);
            fig.xsum[3] += w * oracle;
            fig.head[0] += w * a.head_rouge.first().map_or(0.0, |r| r.r2);
            fig.head[1] += w * first_r2(&a.full, &a.head_rouge, &a.full.hand);
            fig.head[2] += w * first_r2(&a.full, &a.head_rouge, &sf);
            let lead_k: Vec<usize> = (0..a.k.min(a.full_sentences.len())).collect();
            let hand_k = a.full.pick(&a.full.hand, a.k);
            let learned_k = a.full.pick(&sf, a.k);
            fig.multi[0] += w * multi_rouge(a, &lead_k, &mut memo[i]);
            fig.multi[1] += w * multi_rouge(a, &hand_k, &mut memo[i]);
            fig.multi[2] += w * multi_rouge(a, &learned_k, &mut memo[i]);
            let r2_of = |ix: &[usize], r: &[Rouge]| {
                ix.first().and_then(|&j| r.get(j)).map_or(0.0, |x| x.r2)
            };
            fig.no_shared[0] += w * r2_of(&a.no_shared[0], &a.xsum_rouge);
            fig.no_shared[1] += w * r2_of(&a.no_shared[1], &a.head_rouge);
            fig.no_shared[2] += w * multi_rouge(a, &a.no_shared[2], &mut memo[i]);
        }
        let p = |x: f64| x * 100.0;
        out.push_str(&format!(
            "  {f}     | {:.2} / {:.2} / {:.2} ({:.2}), learned {:+.2} over lead-1 (hand, lead_shared 0: {:.2}) | {:.2} / {:.2} / {:.2} | {:.2} / {:.2} / {:.2} ({})\n",
            p(fig.xsum[0]),
            p(fig.xsum[1]),
            p(fig.xsum[2]),
            p(fig.xsum[3]),
            p(fig.xsum[2] - fig.xsum[0]),
            p(fig.no_shared[0]),
            p(fig.head[0]),
            p(fig.head[1]),
            p(fig.head[2]),
            p(fig.multi[0]),
            p(fig.multi[1]),
            p(fig.multi[2]),
            model.scale
        ));
        let wf = 1.0 / folds as f64;
        for j in 0..4 {
            mean.xsum[j] += wf * fig.xsum[j];
        }
        for j in 0..3 {
            mean.head[j] += wf * fig.head[j];
            mean.multi[j] += wf * fig.multi[j];
            mean.no_shared[j] += wf * fig.no_shared[j];
        }
    }
    let p = |x: f64| x * 100.0;
    out.push_str(&format!(
        "  mean  | {:.2} / {:.2} / {:.2} ({:.2}), learned {:+.2} over lead-1, hand {:+.2} | {:.2} / {:.2} / {:.2} | {:.2} / {:.2} / {:.2}\n",
        p(mean.xsum[0]),
        p(mean.xsum[1]),
        p(mean.xsum[2]),
        p(mean.xsum[3]),
        p(mean.xsum[2] - mean.xsum[0]),
        p(mean.xsum[1] - mean.xsum[0]),
        p(mean.head[0]),
        p(mean.head[1]),
        p(mean.head[2]),
        p(mean.multi[0]),
        p(mean.multi[1]),
        p(mean.multi[2]),
    ));
    out.push_str(&format!(
        "  the hand score without a shared-lead bonus (lead_shared 0, its own CV's choice; not shipped): {:.2} | {:.2} | {:.2}\n",
        p(mean.no_shared[0]),
        p(mean.no_shared[1]),
        p(mean.no_shared[2]),
    ));
    (out, mean)
}

/// Fits the scorer on all the articles as `how` says,
/// chooses its scale on them as [`cross_validate`] does, and returns it.
pub fn fit_all(articles: &[LearnArticle], how: &Fit) -> Model {
    let mut memo: Vec<HashMap<Vec<usize>, f64>> = vec![HashMap::new(); articles.len()];
    let mut model = fit(articles, &|_| true, how);
    let mut best = (f64::MIN, 1.0);
    for sc in SCALES {
        model.scale = sc;
        let tot: f64 = articles
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let pick = a.full.pick(&a.full.scores(&model), a.k);
                multi_rouge(a, &pick, &mut memo[i])
            })
            .sum();
        if tot > best.0 {
            best = (tot, sc);
        }
    }
    model.scale = best.1;
    model
}

/// The Rust source of `src/extract/summary/learned.rs` for `model`.
pub fn model_source(model: &Model, how: &str) -> String {
    let mut s = String::from(
        "//! The learned sentence scorer's weights (`super::Model::learned`), written\n//! by `lede eval-summary --bbc FILE --xsum --train-out FILE` (`eval::summary_model`;\n//! `--l2` and `--power` as below): do not edit by hand, train again.\n",
    );
    for l in how.lines() {
        s.push_str(&format!("//! {l}\n"));
    }
    s.push_str("\nuse super::FEATURES;\n\n/// One weight per feature (`features::NAMES`), for raw features.\n#[rustfmt::skip]\npub(super) const WEIGHTS: [f64; FEATURES] = [\n");
    for (w, n) in model.weights.iter().zip(NAMES) {
        s.push_str(&format!("    {w:.6}, // {n}\n"));
    }
    s.push_str(&format!(
        "];\n\n/// The multiplier of the dot product (against the redundancy penalty).\npub(super) const SCALE: f64 = {:.2};\n",
        model.scale
    ));
    s
}
