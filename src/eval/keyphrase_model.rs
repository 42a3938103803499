//! Training the keyphrase ranker ([`Ranker`]) and choosing its settings by
//! cross-validation.
//!
//! Every document of each set (KPCrowd train, the BBC dev set) runs through
//! the pipeline once; each of its candidate phrases becomes a row: the
//! ranker's features and whether a reader chose it (its stems, or the stems
//! of how the list would write it, are among the gold phrases). A
//! logistic regression with an L2 penalty is fitted by Newton's method
//! (iteratively reweighted least squares) on standardized features; the
//! standardization is folded back into the weights, so the shipped file
//! applies to raw features.
//!
//! Each set weighs as a whole, not by its number of rows: the sets' weights
//! are `1 - share` (KPCrowd) and `share` (BBC), so a large set of one style
//! (KPCrowd's single words) does not teach the ranker that style alone.
//! [`cross_validate`] deals each set's documents into folds by position and,
//! for every setting, fits on the other folds and scores the held-out fold
//! end to end (the real selection, with merging of entities and acronyms),
//! F1@10 and F1@5 per set.

use super::{score_keyphrases, KeyphraseDoc, Prepared};
use crate::extract::keyphrases::Params;
use crate::extract::keyphrases::{
    candidate_features, extract_keyphrases_ranked, stem_phrase, Ranker, N_FEATURES,
};

/// One training row: features, label, weight.
struct Row {
    x: [f64; N_FEATURES],
    y: f64,
}

/// A document ready for training and scoring: pipeline run once, rows drawn.
pub struct FitDoc {
    doc: KeyphraseDoc,
    prepared: Prepared,
    rows: Vec<Row>,
}

/// Runs the pipeline over each document of a set (with the set's own
/// document frequencies, as evaluation does) and draws its rows.
pub fn prepare(docs: &[KeyphraseDoc]) -> Vec<FitDoc> {
    let corpus = super::corpus_of(docs);
    docs.iter()
        .map(|d| {
            let prepared = Prepared::new(&d.text).with_corpus(corpus.clone());
            let rows = candidate_features(
                &prepared.text,
                &prepared.layer,
                &prepared.names,
                prepared.corpus.as_deref(),
            )
            .into_iter()
            .map(|c| {
                let hit = d.gold.binary_search(&c.key).is_ok()
                    || d.gold.binary_search(&stem_phrase(&c.text)).is_ok();
                Row {
                    x: c.features,
                    y: if hit { 1.0 } else { 0.0 },
                }
            })
            .collect();
            FitDoc {
                doc: d.clone(),
                prepared,
                rows,
            }
        })
        .collect()
}

/// The settings a fit takes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitSettings {
    /// L2 penalty on the standardized weights (per unit of total weight).
    pub l2: f64,
    /// The weight of the second set (the BBC dev set) against the first.
    pub share: f64,
    /// Features held at zero (bit `i`: feature `i`).
    pub drop: u64,
}

/// Fits a ranker on the documents `docs[s]` of each set `s` whose index
/// passes `keep(s, i)`.
#[allow(clippy::needless_range_loop)]
pub fn fit(sets: &[Vec<FitDoc>], keep: &dyn Fn(usize, usize) -> bool, st: &FitSettings) -> Ranker {
    // the rows and their weights
    let mut xs: Vec<(&[f64; N_FEATURES], f64, f64)> = Vec::new();
    for (si, docs) in sets.iter().enumerate() {
        let set_w = if sets.len() < 2 {
            1.0
        } else if si == 0 {
            1.0 - st.share
        } else {
            st.share / (sets.len() - 1) as f64
        };
        let n: usize = docs
            .iter()
            .enumerate()
            .filter(|(i, _)| keep(si, *i))
            .map(|(_, d)| d.rows.len())
            .sum();
        if n == 0 || set_w <= 0.0 {
            continue;
        }
        let w = set_w / n as f64;
        for (i, d) in docs.iter().enumerate() {
            if keep(si, i) {
                xs.extend(d.rows.iter().map(|r| (&r.x, r.y, w)));
            }
        }
    }
    let total: f64 = xs.iter().map(|r| r.2).sum::<f64>().max(1e-12);
    // standardize
    let mut mean = [0.0; N_FEATURES];
    let mut sd = [0.0; N_FEATURES];
    for (x, _, w) in &xs {
        for j in 0..N_FEATURES {
            mean[j] += w * x[j] / total;
        }
    }
    for (x, _, w) in &xs {
        for j in 0..N_FEATURES {
            sd[j] += w * (x[j] - mean[j]).powi(2) / total;
        }
    }
    let active: Vec<usize> = (0..N_FEATURES)
        .filter(|&j| st.drop & (1 << j) == 0 && sd[j] > 1e-12)
        .collect();
    for s in sd.iter_mut() {
        *s = s.sqrt().max(1e-9);
    }
    let d = active.len() + 1; // bias last
    let z = |x: &[f64; N_FEATURES]| -> Vec<f64> {
        let mut v: Vec<f64> = active.iter().map(|&j| (x[j] - mean[j]) / sd[j]).collect();
        v.push(1.0);
        v
    };
    let zs: Vec<(Vec<f64>, f64, f64)> = xs.iter().map(|(x, y, w)| (z(x), *y, *w / total)).collect();
    let mut beta = vec![0.0; d];
    for _ in 0..25 {
        let mut grad = vec![0.0; d];
        let mut hess = vec![vec![0.0; d]; d];
        for (v, y, w) in &zs {
            let eta: f64 = v.iter().zip(&beta).map(|(a, b)| a * b).sum();
            let p = 1.0 / (1.0 + (-eta.clamp(-40.0, 40.0)).exp());
            let g = w * (p - y);
            let h = w * (p * (1.0 - p)).max(1e-9);
            for a in 0..d {
                grad[a] += g * v[a];
                for b in a..d {
                    hess[a][b] += h * v[a] * v[b];
                }
            }
        }
        for a in 0..d {
            for b in 0..a {
                let upper = hess[b][a];
                hess[a][b] = upper;
            }
            if a + 1 < d {
                grad[a] += st.l2 * beta[a];
                hess[a][a] += st.l2;
            }
            hess[a][a] += 1e-9;
        }
        let Some(step) = solve(hess, grad) else {
            break;
        };
        let mut moved = 0.0f64;
        for (b, s) in beta.iter_mut().zip(&step) {
            *b -= s;
            moved = moved.max(s.abs());
        }
        if moved < 1e-7 {
            break;
        }
    }
    // back to raw features
    let mut r = Ranker {
        bias: beta[d - 1],
        weights: [0.0; N_FEATURES],
    };
    for (k, &j) in active.iter().enumerate() {
        r.weights[j] = beta[k] / sd[j];
        r.bias -= beta[k] * mean[j] / sd[j];
    }
    r
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting (`None`
/// when singular).
#[allow(clippy::needless_range_loop)]
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for c in 0..n {
        let p = (c..n).max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs()))?;
        if a[p][c].abs() < 1e-15 {
            return None;
        }
        a.swap(c, p);
        b.swap(c, p);
        for r in c + 1..n {
            let f = a[r][c] / a[c][c];
            if f != 0.0 {
                for k in c..n {
                    a[r][k] -= f * a[c][k];
                }
                b[r] -= f * b[c];
            }
        }
    }
    let mut x = vec![0.0; n];
    for c in (0..n).rev() {
        let s: f64 = (c + 1..n).map(|k| a[c][k] * x[k]).sum();
        x[c] = (b[c] - s) / a[c][c];
    }
    Some(x)
}

/// F1@10 and F1@5 of a ranker (`None`: the hand-weighted score) on the
/// documents of `docs` that pass `keep`.
pub fn score(docs: &[FitDoc], keep: &dyn Fn(usize) -> bool, r: Option<&Ranker>) -> (f64, f64) {
    let chosen: Vec<&FitDoc> = docs
        .iter()
        .enumerate()
        .filter(|(i, _)| keep(*i))
        .map(|x| x.1)
        .collect();
    let gold: Vec<KeyphraseDoc> = chosen.iter().map(|d| d.doc.clone()).collect();
    let pred: Vec<Vec<String>> = chosen
        .iter()
        .map(|d| {
            let p = &d.prepared;
            match r {
                Some(r) => extract_keyphrases_ranked(
                    &p.text,
                    &p.layer,
                    &p.names,
                    p.corpus.as_deref(),
                    10,
                    r,
                )
                .into_iter()
                .map(|k| k.text)
                .collect(),
                None => p.keyphrases(&Params::default(), 10),
            }
        })
        .collect();
    let ev = score_keyphrases(&gold, &pred);
    (ev.at10.f1, ev.at5.f1)
}

/// Held-out scores of one set over the folds of a cross-validation.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CvScore {
    /// Mean held-out F1@10.
    pub f10: f64,
    /// Mean held-out F1@5.
    pub f5: f64,
    /// Standard deviation of the held-out F1@10 over the folds.
    pub sd10: f64,
}

/// Held-out scores per set over `folds` folds of the settings `st`
/// (`st = None`: the hand-weighted score, nothing fitted).
pub fn cross_validate(
    sets: &[Vec<FitDoc>],
    folds: usize,
    st: Option<&FitSettings>,
) -> Vec<CvScore> {
    let folds = folds.max(2);
    let mut per: Vec<Vec<(f64, f64)>> = vec![Vec::new(); sets.len()];
    for f in 0..folds {
        let r = st.map(|st| fit(sets, &|_, i| i % folds != f, st));
        for (si, docs) in sets.iter().enumerate() {
            per[si].push(score(docs, &|i| i % folds == f, r.as_ref()));
        }
    }
    per.iter()
        .map(|v| {
            let (f10, sd10) = super::mean_sd(v.iter().map(|x| x.0));
            let (f5, _) = super::mean_sd(v.iter().map(|x| x.1));
            CvScore { f10, f5, sd10 }
        })
        .collect()
}

/// The settings tried by [`select_and_fit`]: L2 penalties and BBC shares.
const L2S: [f64; 4] = [1e-4, 1e-3, 1e-2, 1e-1];
const SHARES: [f64; 6] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5];

/// Feature groups tried out one at a time once the penalty and share are
/// chosen (a group is kept unless leaving it out raises the CV mean).
const GROUPS: [(&str, &[&str]); 8] = [
    ("hand score", &["log_hand_score"]),
    ("corpus idf", &["corpus_idf"]),
    ("entity types", &["entity_per", "entity_org", "entity_loc"]),
    ("containers", &["log_containers"]),
    ("inside", &["inside_share", "inside_single", "title_single"]),
    ("head stats", &["log_head_uni", "head_idf", "log_head_tf"]),
    ("position detail", &["in_title", "in_lead", "first_rel"]),
    (
        "interactions",
        &[
            "log_tf_single",
            "spread_single",
            "early_entity",
            "log_tf_entity",
        ],
    ),
];

fn mask(names: &[&str]) -> u64 {
    use crate::extract::keyphrases::FEATURE_NAMES;
    names
        .iter()
        .filter_map(|n| FEATURE_NAMES.iter().position(|f| f == n))
        .fold(0, |m, i| m | (1 << i))
}

/// Chooses the L2 penalty, the second set's share and the feature groups
/// by `folds`-fold cross-validation over `sets` (the first KPCrowd train,
/// the optional second the BBC dev set), then fits on all their documents.
/// The objective is the mean held-out F1@10 over the sets, or, with
/// `targets` (one F1@10 per set, e.g. 0.20 and 0.30), the worst ratio of a
/// set's held-out F1@10 to its target: both styles must hold. Returns a
/// report (the hand-weighted score's CV, every setting tried, the best
/// setting per share: the trade-off curve) and the ranker.
pub fn select_and_fit(
    sets: &[(String, Vec<KeyphraseDoc>)],
    folds: usize,
    share: Option<f64>,
    targets: Option<&[f64]>,
) -> (String, Ranker) {
    let prepared: Vec<Vec<FitDoc>> = sets.iter().map(|(_, d)| prepare(d)).collect();
    let mut report = String::new();
    let cells = |cv: &[CvScore]| -> String {
        sets.iter()
            .zip(cv)
            .map(|((n, _), c)| {
                format!(
                    "{n} F1@10 {:.1} (sd {:.1}) F1@5 {:.1}",
                    c.f10 * 100.0,
                    c.sd10 * 100.0,
                    c.f5 * 100.0
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let line = |st: &FitSettings, cv: &[CvScore]| -> String {
        format!(
            "l2={} share={} drop={:#x}: {}\n",
            st.l2,
            st.share,
            st.drop,
            cells(cv)
        )
    };
    let objective = |cv: &[CvScore]| -> f64 {
        match targets {
            Some(t) => cv
                .iter()
                .zip(t)
                .map(|(c, t)| c.f10 / t.max(1e-9))
                .fold(f64::INFINITY, f64::min),
            None => cv.iter().map(|x| x.f10).sum::<f64>() / cv.len().max(1) as f64,
        }
    };
    let hand = cross_validate(&prepared, folds, None);
    report.push_str(&format!(
        "hand-weighted score (nothing fitted): {}\n",
        cells(&hand)
    ));
    let pinned = [share.unwrap_or(0.0)];
    let shares: &[f64] = if share.is_some() || sets.len() < 2 {
        &pinned
    } else {
        &SHARES
    };
    let mut best: Option<(f64, FitSettings)> = None;
    let mut curve: Vec<(f64, FitSettings, Vec<CvScore>)> = Vec::new();
    for &share in shares {
        let mut best_here: Option<(f64, FitSettings, Vec<CvScore>)> = None;
        for &l2 in &L2S {
            let st = FitSettings { l2, share, drop: 0 };
            let cv = cross_validate(&prepared, folds, Some(&st));
            report.push_str(&line(&st, &cv));
            let m = objective(&cv);
            if best.map_or(true, |b| m > b.0) {
                best = Some((m, st));
            }
            if best_here.as_ref().map_or(true, |b| m > b.0) {
                best_here = Some((m, st, cv));
            }
        }
        curve.extend(best_here);
    }
    if curve.len() > 1 {
        report.push_str("trade-off (the best penalty per share):\n");
        for (m, st, cv) in &curve {
            report.push_str(&format!(
                "  share {}: objective {:.3}; {}\n",
                st.share,
                m,
                cells(cv)
            ));
        }
    }
    let (mut best_m, mut st) = best.unwrap_or((
        0.0,
        FitSettings {
            l2: 1e-2,
            share: 0.0,
            drop: 0,
        },
    ));
    for (name, feats) in GROUPS {
        let trial = FitSettings {
            drop: st.drop | mask(feats),
            ..st
        };
        let cv = cross_validate(&prepared, folds, Some(&trial));
        report.push_str(&format!("without {name}: {}", line(&trial, &cv)));
        let m = objective(&cv);
        if m > best_m {
            best_m = m;
            st = trial;
        }
    }
    let cv = cross_validate(&prepared, folds, Some(&st));
    report.push_str(&format!(
        "chosen ({folds}-fold CV, objective {:.3}): {}",
        objective(&cv),
        line(&st, &cv)
    ));
    let r = fit(&prepared, &|_, _| true, &st);
    (report, r)
}

/// F1@10 and F1@5 of `ranker` on held-out documents (the pipeline run as
/// evaluation runs it: with the documents' own frequencies).
pub fn validate(docs: &[KeyphraseDoc], ranker: &Ranker) -> (f64, f64) {
    let prepared = prepare(docs);
    score(&prepared, &|_| true, Some(ranker))
}
