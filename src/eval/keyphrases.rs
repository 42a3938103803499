//! Keyphrases scored against gold sets: 500N-KPCrowd (and sets in its
//! layout) and the hand-annotated BBC set, at 5 and 10, stemmed exact
//! match, macro-averaged, beside the first-noun-phrases baseline; the
//! cross-validation of weight sets; and the blend of the hand score's first
//! phrases with a learned ranker's.

use super::Prf;
use crate::extract::keyphrases::{
    extract_keyphrases_with, first_phrases, stem_phrase, DocFreqs, Params,
};
use crate::text::TextLayer;
use std::path::Path;

/// Scores of keyphrase extraction (macro-averaged over documents).
#[derive(Debug, Clone, Default)]
pub struct KeyphraseEval {
    /// Documents read.
    pub docs: usize,
    /// Average number of gold keyphrases per document.
    pub gold_per_doc: f64,
    /// P/R/F1 of the top 5.
    pub at5: Prf,
    /// P/R/F1 of the top 10.
    pub at10: Prf,
}

impl KeyphraseEval {
    /// A human-readable report.
    pub fn report(&self) -> String {
        format!(
            "KPCrowd keyphrases: {} documents, {:.1} gold keyphrases each (stemmed exact match)\n@5:  {}\n@10: {}\n",
            self.docs, self.gold_per_doc, self.at5, self.at10
        )
    }
}

/// A document with its gold keyphrases (stemmed, sorted, distinct).
#[derive(Debug, Clone)]
pub struct KeyphraseDoc {
    /// An id (file stem, article id).
    pub id: String,
    /// The text, its title line set apart as the first paragraph.
    pub text: String,
    /// Gold keyphrases as [`stem_phrase`] writes them.
    pub gold: Vec<String>,
}

/// A text with a title line set apart as its own paragraph.
fn title_paragraph(text: &str) -> String {
    match text.split_once('\n') {
        Some((title, rest)) => format!("{title}\n\n{rest}"),
        None => text.to_string(),
    }
}

fn gold_of<'a>(phrases: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut gold: Vec<String> = phrases.map(stem_phrase).filter(|k| !k.is_empty()).collect();
    gold.sort();
    gold.dedup();
    gold
}

/// Every `NAME.txt` of `dir` with its `NAME.key` (one keyphrase a line): the
/// layout of 500N-KPCrowd (and of DUC-2001 as usually shared).
pub fn keyphrase_docs(dir: &Path) -> Result<Vec<KeyphraseDoc>, String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    let mut docs = Vec::new();
    for n in &names {
        let stem = n.trim_end_matches(".txt");
        let Ok(key) = std::fs::read_to_string(dir.join(format!("{stem}.key"))) else {
            continue;
        };
        let bytes = std::fs::read(dir.join(n)).map_err(|e| format!("cannot read {n}: {e}"))?;
        let text = String::from_utf8_lossy(&bytes);
        docs.push(KeyphraseDoc {
            id: stem.to_string(),
            text: title_paragraph(&text),
            gold: gold_of(key.lines()),
        });
    }
    if docs.is_empty() {
        return Err(format!("no NAME.txt with NAME.key in {}", dir.display()));
    }
    Ok(docs)
}

/// The articles of the BBC keyphrase dev set: `tsv` (`id TAB phrase; phrase`,
/// `tests/data/bbc_keyphrases.tsv`) over the BBC News Summary JSONL `jsonl`
/// (title, then the text).
pub fn bbc_keyphrase_docs(jsonl: &Path, tsv: &Path) -> Result<Vec<KeyphraseDoc>, String> {
    let ann =
        std::fs::read_to_string(tsv).map_err(|e| format!("cannot read {}: {e}", tsv.display()))?;
    let mut want: Vec<(String, Vec<String>)> = Vec::new();
    for line in ann.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let Some((id, phrases)) = line.split_once('\t') else {
            return Err(format!("{}: no tab in {line:?}", tsv.display()));
        };
        want.push((id.to_string(), gold_of(phrases.split(';'))));
    }
    let data = std::fs::read_to_string(jsonl)
        .map_err(|e| format!("cannot read {}: {e}", jsonl.display()))?;
    let mut texts: std::collections::HashMap<String, String> = Default::default();
    for line in data.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if let (Some(id), Some(title), Some(text)) =
            (v["id"].as_str(), v["title"].as_str(), v["text"].as_str())
        {
            if want.iter().any(|w| w.0 == id) {
                texts.insert(id.to_string(), format!("{title}\n\n{text}"));
            }
        }
    }
    want.into_iter()
        .map(|(id, gold)| {
            let text = texts
                .remove(&id)
                .ok_or_else(|| format!("{id} not in {}", jsonl.display()))?;
            Ok(KeyphraseDoc { id, text, gold })
        })
        .collect()
}

/// Lede's top `k` keyphrases of `text` as `analyze` finds them (the tagger's
/// names, the background statistics), with the weights `params`.
pub fn lede_keyphrases(text: &str, params: &Params, k: usize) -> Vec<String> {
    Prepared::new(text).keyphrases(params, k)
}

/// Scores a list of keyphrases per document (stemmed exact match, a phrase
/// said twice counted once, macro-averaged).
pub fn score_keyphrases(docs: &[KeyphraseDoc], predicted: &[Vec<String>]) -> KeyphraseEval {
    let mut ev = KeyphraseEval {
        docs: docs.len(),
        ..Default::default()
    };
    let (mut p5, mut r5, mut f5, mut p10, mut r10, mut f10, mut g) =
        (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for (d, kp) in docs.iter().zip(predicted) {
        let mut seen = Vec::new();
        let hits: Vec<bool> = kp
            .iter()
            .map(|k| {
                let s = stem_phrase(k);
                let hit = !seen.contains(&s) && d.gold.binary_search(&s).is_ok();
                seen.push(s);
                hit
            })
            .collect();
        if std::env::var_os("LEDE_EVAL_DEBUG").is_some() {
            let v: Vec<String> = kp
                .iter()
                .zip(&hits)
                .map(|(k, h)| format!("{}{}", if *h { "+" } else { "-" }, k))
                .collect();
            eprintln!(
                "{}: {}\n   gold: {}",
                d.id,
                v.join(" | "),
                d.gold.join(" | ")
            );
        }
        g += d.gold.len() as f64;
        for (kk, p, r, f) in [
            (5, &mut p5, &mut r5, &mut f5),
            (10, &mut p10, &mut r10, &mut f10),
        ] {
            let m = hits.iter().take(kk).filter(|h| **h).count();
            let x = Prf::new(m, kk, m, d.gold.len());
            *p += x.p;
            *r += x.r;
            *f += x.f1;
        }
    }
    let n = docs.len().max(1) as f64;
    ev.gold_per_doc = g / n;
    ev.at5 = Prf {
        p: p5 / n,
        r: r5 / n,
        f1: f5 / n,
    };
    ev.at10 = Prf {
        p: p10 / n,
        r: r10 / n,
        f1: f10 / n,
    };
    ev
}

/// Lede's keyphrases on `docs` with the weights `params`.
pub fn eval_keyphrase_docs(docs: &[KeyphraseDoc], params: &Params) -> KeyphraseEval {
    let corpus = corpus_of(docs);
    let pred: Vec<Vec<String>> = docs
        .iter()
        .map(|d| {
            Prepared::new(&d.text)
                .with_corpus(corpus.clone())
                .keyphrases(params, 10)
        })
        .collect();
    score_keyphrases(docs, &pred)
}

/// The document frequencies of a set of documents: the corpus they are
/// scored in, as a loaded collection is.
pub(crate) fn corpus_of(docs: &[KeyphraseDoc]) -> Option<std::sync::Arc<DocFreqs>> {
    Some(std::sync::Arc::new(DocFreqs::from_texts(
        docs.iter().map(|d| d.text.as_str()),
    )))
}

/// The first-noun-phrases baseline on `docs` (the first ten distinct
/// candidate phrases in text order).
pub fn eval_first_phrases(docs: &[KeyphraseDoc]) -> KeyphraseEval {
    let pred: Vec<Vec<String>> = docs
        .iter()
        .map(|d| first_phrases(&d.text, &TextLayer::new(&d.text), 10))
        .collect();
    score_keyphrases(docs, &pred)
}

/// Runs keyphrase extraction over every `NAME.txt` of `dir` with its
/// `NAME.key`, as `analyze` does (the pipeline's names, default weights),
/// with the document frequencies of the documents of `dir`.
pub fn eval_keyphrases(dir: &Path) -> Result<KeyphraseEval, String> {
    let docs = keyphrase_docs(dir)?;
    Ok(eval_keyphrase_docs(&docs, &Params::default()))
}

/// Per fold, the chosen weights and their held-out F1@10 per set; then the
/// mean held-out F1@10 per set.
pub type CvResult = (Vec<(String, Vec<f64>)>, Vec<f64>);

/// Cross-validation of the weights over several document sets (the BBC dev
/// set, KPCrowd train): `grid` lists candidate weight sets (`name=value,...`
/// over the defaults). Each set is dealt into `folds` folds by position; for
/// each fold, the weights with the best mean F1@10 over the sets' other folds
/// (each set weighing the same, whatever its size) are scored on the held-out
/// fold of each set. Returns, per fold, the chosen weights and their
/// held-out F1@10 per set, and the mean held-out F1@10 per set.
pub fn cv_keyphrases(
    sets: &[&[KeyphraseDoc]],
    grid: &[String],
    folds: usize,
) -> Result<CvResult, String> {
    let params: Vec<Params> = grid
        .iter()
        .map(|g| Params::parse(g))
        .collect::<Result<_, _>>()?;
    let folds = folds.max(2);
    // the pipeline runs once per document; F1@10 of each document under
    // each weight set
    let f1: Vec<Vec<Vec<f64>>> = sets
        .iter()
        .map(|docs| {
            let corpus = corpus_of(docs);
            let prepared: Vec<Prepared> = docs
                .iter()
                .map(|d| Prepared::new(&d.text).with_corpus(corpus.clone()))
                .collect();
            params
                .iter()
                .map(|p| {
                    docs.iter()
                        .zip(&prepared)
                        .map(|(d, x)| {
                            score_keyphrases(std::slice::from_ref(d), &[x.keyphrases(p, 10)])
                                .at10
                                .f1
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let mean = |si: usize, gi: usize, f: usize, held: bool| -> f64 {
        let v: Vec<f64> = f1[si][gi]
            .iter()
            .enumerate()
            .filter(|(i, _)| (i % folds == f) == held)
            .map(|(_, x)| *x)
            .collect();
        v.iter().sum::<f64>() / v.len().max(1) as f64
    };
    let mut out = Vec::new();
    let mut total = vec![0.0; sets.len()];
    for f in 0..folds {
        let train = |gi: usize| -> f64 {
            (0..sets.len())
                .map(|si| mean(si, gi, f, false))
                .sum::<f64>()
                / sets.len().max(1) as f64
        };
        let best = (0..params.len())
            .max_by(|&a, &b| train(a).total_cmp(&train(b)).then(b.cmp(&a)))
            .unwrap_or(0);
        let held: Vec<f64> = (0..sets.len()).map(|si| mean(si, best, f, true)).collect();
        for (t, h) in total.iter_mut().zip(&held) {
            *t += h / folds as f64;
        }
        out.push((grid.get(best).cloned().unwrap_or_default(), held));
    }
    // every weight set on all the documents, best first (for the record)
    let mut all: Vec<(f64, usize)> = (0..params.len())
        .map(|gi| {
            let m = (0..sets.len())
                .map(|si| f1[si][gi].iter().sum::<f64>() / f1[si][gi].len().max(1) as f64)
                .sum::<f64>()
                / sets.len().max(1) as f64;
            (m, gi)
        })
        .collect();
    all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    if std::env::var_os("LEDE_EVAL_DEBUG").is_some() {
        for (m, gi) in &all {
            let per: Vec<String> = (0..sets.len())
                .map(|si| {
                    format!(
                        "{:.1}",
                        100.0 * f1[si][*gi].iter().sum::<f64>() / f1[si][*gi].len().max(1) as f64
                    )
                })
                .collect();
            eprintln!("{:.1} ({}) {}", m * 100.0, per.join(" / "), grid[*gi]);
        }
    }
    Ok((out, total))
}

/// A document run through the pipeline once (tokens, the tagger's names), so
/// keyphrases can be drawn from it under many weight sets.
pub struct Prepared {
    pub(super) text: String,
    pub(super) layer: TextLayer,
    pub(super) names: Vec<crate::extract::EntityRef>,
    pub(super) corpus: Option<std::sync::Arc<DocFreqs>>,
}

impl Prepared {
    /// Runs the pipeline (without quotes, keyphrases or summary) over `text`.
    pub fn new(text: &str) -> Prepared {
        use crate::pipeline::run::{keyphrase_names, run};
        let engines = crate::pipeline::Engines {
            quotes: false,
            keyphrases: 0,
            summary: 0,
        };
        let x = run(text, None, &engines);
        let names = keyphrase_names(&x.entities, &x.refs);
        Prepared {
            text: text.to_string(),
            layer: x.layer,
            names,
            corpus: None,
        }
    }

    /// With the document frequencies of a corpus.
    pub fn with_corpus(mut self, corpus: Option<std::sync::Arc<DocFreqs>>) -> Prepared {
        self.corpus = corpus;
        self
    }

    /// The top `k` keyphrases under the weights `params`.
    pub fn keyphrases(&self, params: &Params, k: usize) -> Vec<String> {
        extract_keyphrases_with(
            &self.text,
            &self.layer,
            &self.names,
            self.corpus.as_deref(),
            k,
            params,
        )
        .into_iter()
        .map(|k| k.text)
        .collect()
    }
}

/// Per document of `docs` (with the set's own document frequencies): the
/// hand-weighted score's ten keyphrases and `ranker`'s ten.
pub fn blend_lists(
    docs: &[KeyphraseDoc],
    ranker: &crate::extract::keyphrases::Ranker,
) -> Vec<(Vec<String>, Vec<String>)> {
    let corpus = corpus_of(docs);
    docs.iter()
        .map(|d| {
            let p = Prepared::new(&d.text).with_corpus(corpus.clone());
            let hand = p.keyphrases(&Params::default(), 10);
            let ranked = crate::extract::keyphrases::extract_keyphrases_ranked(
                &p.text,
                &p.layer,
                &p.names,
                p.corpus.as_deref(),
                10,
                ranker,
            )
            .into_iter()
            .map(|k| k.text)
            .collect();
            (hand, ranked)
        })
        .collect()
}

/// The first `n` of `hand`, then `ranked`'s not listed yet (by stems), up
/// to `k`.
pub fn blend(hand: &[String], ranked: &[String], n: usize, k: usize) -> Vec<String> {
    let mut out: Vec<String> = hand.iter().take(n).cloned().collect();
    let mut seen: Vec<String> = out.iter().map(|x| stem_phrase(x)).collect();
    for x in ranked.iter().chain(hand.iter().skip(n)) {
        if out.len() >= k {
            break;
        }
        let s = stem_phrase(x);
        if !seen.contains(&s) {
            seen.push(s);
            out.push(x.clone());
        }
    }
    out
}
