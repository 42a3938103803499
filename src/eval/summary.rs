//! Summaries scored with ROUGE (1, 2 and L, F1, written here: tokens,
//! n-gram counts, the longest common subsequence) on BBC News Summary,
//! beside the lead-k baselines: the usual summaries against the references,
//! one-sentence ones against the headline and the reference's first
//! sentence, and the cross-validation of the sentence-score weights.

use crate::extract::keyphrases::extract_keyphrases;
use crate::extract::summary::select;
use crate::text::TextLayer;
use std::path::Path;

/// ROUGE F1 scores (averaged over articles).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Rouge {
    /// ROUGE-1 F1.
    pub r1: f64,
    /// ROUGE-2 F1.
    pub r2: f64,
    /// ROUGE-L F1.
    pub rl: f64,
}

impl std::fmt::Display for Rouge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "ROUGE-1 {:.2}  ROUGE-2 {:.2}  ROUGE-L {:.2}",
            self.r1 * 100.0,
            self.r2 * 100.0,
            self.rl * 100.0
        )
    }
}

/// Scores of summaries on BBC News Summary, beside the lead-k baseline.
#[derive(Debug, Clone, Default)]
pub struct SummaryEval {
    /// Articles scored.
    pub articles: usize,
    /// Lede's summaries.
    pub lede: Rouge,
    /// The first k sentences.
    pub lead: Rouge,
}

impl SummaryEval {
    /// A human-readable report.
    pub fn report(&self) -> String {
        format!(
            "BBC News Summary: {} articles, k = sentences of the reference (F1, Porter-stemmed)\nlede:   {}\nlead-k: {}\nROUGE-2 F1 difference: {:+.2} points\n",
            self.articles,
            self.lede,
            self.lead,
            (self.lede.r2 - self.lead.r2) * 100.0
        )
    }
}

/// Lower-cased, stemmed words as ROUGE-1.5.5 sees them (non-alphanumerics are spaces).
pub fn rouge_tokens(s: &str) -> Vec<String> {
    let cleaned: String = crate::text::fold(s)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    cleaned
        .split_whitespace()
        .map(|w| crate::text::stem_word(w).to_string())
        .collect()
}

fn ngram_counts(t: &[String], n: usize) -> std::collections::HashMap<&[String], usize> {
    let mut m = std::collections::HashMap::new();
    if t.len() >= n {
        for w in t.windows(n) {
            *m.entry(w).or_insert(0) += 1;
        }
    }
    m
}

fn f1(overlap: usize, cand: usize, refn: usize) -> f64 {
    if overlap == 0 || cand == 0 || refn == 0 {
        return 0.0;
    }
    let p = overlap as f64 / cand as f64;
    let r = overlap as f64 / refn as f64;
    2.0 * p * r / (p + r)
}

fn rouge_n(c: &[String], r: &[String], n: usize) -> f64 {
    let cc = ngram_counts(c, n);
    let rc = ngram_counts(r, n);
    let ov: usize = rc
        .iter()
        .map(|(g, k)| (*k).min(cc.get(g).copied().unwrap_or(0)))
        .sum();
    f1(
        ov,
        c.len().saturating_sub(n - 1),
        r.len().saturating_sub(n - 1),
    )
}

fn lcs(a: &[String], b: &[String]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// ROUGE-1/2/L F1 of a candidate summary against a reference.
pub fn rouge(candidate: &str, reference: &str) -> Rouge {
    let c = rouge_tokens(candidate);
    let r = rouge_tokens(reference);
    Rouge {
        r1: rouge_n(&c, &r, 1),
        r2: rouge_n(&c, &r, 2),
        rl: f1(lcs(&c, &r), c.len(), r.len()),
    }
}

/// Splits a BBC reference summary (sentences glued with no separator) at a
/// `.` followed by an upper-case letter.
pub fn split_reference(summary: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut it = summary.chars().peekable();
    while let Some(c) = it.next() {
        cur.push(c);
        if c == '.' && it.peek().is_some_and(|n| n.is_uppercase()) {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur);
    }
    out
}

/// One article of the BBC News Summary JSONL file: its body, its reference
/// summary (sentences glued with no separator) and its headline.
#[derive(Debug, Clone, Default)]
pub(super) struct BbcRow {
    pub(super) text: String,
    pub(super) summary: String,
    pub(super) title: String,
}

/// The rows of the BBC News Summary JSONL file at `file` that have a text,
/// a summary and a headline (lines that are not JSON, or lack one of them,
/// are skipped). Each mode filters further and counts its own articles
/// against its limit.
pub(super) fn bbc_rows(file: &Path) -> Result<Vec<BbcRow>, String> {
    let data = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    Ok(data
        .lines()
        .filter_map(|line| {
            let v = serde_json::from_str::<serde_json::Value>(line).ok()?;
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
            Some(BbcRow {
                text: s("text")?,
                summary: s("summary")?,
                title: s("title")?,
            })
        })
        .collect())
}

/// Summarizes every article (or the first `limit`) of the BBC News Summary
/// JSONL file with as many sentences as its reference, and scores it and the
/// lead-k baseline.
pub fn eval_summary(file: &Path, limit: Option<usize>) -> Result<SummaryEval, String> {
    let mut ev = SummaryEval::default();
    let (mut a, mut b) = (Rouge::default(), Rouge::default());
    for row in bbc_rows(file)? {
        if limit.is_some_and(|l| ev.articles >= l) {
            break;
        }
        let (text, summary) = (row.text.as_str(), row.summary.as_str());
        let k = split_reference(summary).len();
        if k == 0 || text.trim().is_empty() {
            continue;
        }
        let layer = TextLayer::new(text);
        let kps = extract_keyphrases(text, &layer, &[], None, 10);
        let pick = select(text, &layer, &[], &kps, k);
        let join = |ix: &[usize]| -> String {
            ix.iter()
                .filter_map(|&i| layer.sentences.get(i).and_then(|r| text.get(r.clone())))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let lead: Vec<usize> = (0..k.min(layer.sentences.len())).collect();
        let x = rouge(&join(&pick), summary);
        let y = rouge(&join(&lead), summary);
        a.r1 += x.r1;
        a.r2 += x.r2;
        a.rl += x.rl;
        b.r1 += y.r1;
        b.r2 += y.r2;
        b.rl += y.rl;
        ev.articles += 1;
    }
    if ev.articles == 0 {
        return Err(format!("no articles in {}", file.display()));
    }
    let n = ev.articles as f64;
    ev.lede = Rouge {
        r1: a.r1 / n,
        r2: a.r2 / n,
        rl: a.rl / n,
    };
    ev.lead = Rouge {
        r1: b.r1 / n,
        r2: b.r2 / n,
        rl: b.rl / n,
    };
    Ok(ev)
}

/// ROUGE of one- and three-sentence summaries of BBC News Summary articles,
/// Lede's beside the lead baselines, against three references.
#[derive(Debug, Clone, Default)]
pub struct ShortSummaryEval {
    /// Articles scored.
    pub articles: usize,
    /// Against the headline (human-written, one sentence): lead-1, Lede-1.
    pub title: [Rouge; 2],
    /// Against the reference summary's first sentence: lead-1, Lede-1.
    pub first: [Rouge; 2],
    /// Against the whole reference summary: lead-3, Lede-3.
    pub full: [Rouge; 2],
}

impl ShortSummaryEval {
    /// A human-readable report.
    pub fn report(&self) -> String {
        let row = |name: &str, r: &[Rouge; 2], k: usize| {
            format!(
                "{name}\n  lead-{k}: {}\n  lede-{k}: {}\n  ROUGE-2 F1 difference: {:+.2} points\n",
                r[0],
                r[1],
                (r[1].r2 - r[0].r2) * 100.0
            )
        };
        format!(
            "BBC News Summary, short summaries: {} articles (F1, Porter-stemmed)\n{}{}{}",
            self.articles,
            row(
                "one sentence vs the headline (human-written):",
                &self.title,
                1
            ),
            row(
                "one sentence vs the reference summary's first sentence (extractive proxy):",
                &self.first,
                1
            ),
            row(
                "three sentences vs the whole reference summary:",
                &self.full,
                3
            ),
        )
    }
}

/// Runs the whole pipeline (entities, keyphrases) over every article (or the
/// first `limit`) of the BBC News Summary JSONL file and scores one- and
/// three-sentence summaries beside lead-1 and lead-3.
pub fn eval_short_summary(file: &Path, limit: Option<usize>) -> Result<ShortSummaryEval, String> {
    use crate::pipeline::{run, Engines};
    let mut ev = ShortSummaryEval::default();
    let add = |acc: &mut Rouge, x: Rouge| {
        acc.r1 += x.r1;
        acc.r2 += x.r2;
        acc.rl += x.rl;
    };
    for row in bbc_rows(file)? {
        if limit.is_some_and(|l| ev.articles >= l) {
            break;
        }
        let (text, summary, title) = (row.text.as_str(), row.summary.as_str(), row.title.as_str());
        let refs = split_reference(summary);
        let Some(first_ref) = refs.first() else {
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        let x = run(
            text,
            None,
            &Engines {
                quotes: false,
                keyphrases: 10,
                summary: 1,
            },
        );
        let names: Vec<crate::extract::EntityRef> = x
            .refs
            .iter()
            .zip(x.entities.entities.iter())
            .filter(|(r, e)| r.label.is_name() && e.related.is_none())
            .map(|(r, _)| r.clone())
            .collect();
        let layer = &x.layer;
        let join = |ix: &[usize]| -> String {
            ix.iter()
                .filter_map(|&i| layer.sentences.get(i).and_then(|r| text.get(r.clone())))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let one = select(text, layer, &names, &x.keyphrases, 1);
        let three = select(text, layer, &names, &x.keyphrases, 3);
        let n = layer.sentences.len();
        let lead1: Vec<usize> = (0..n.min(1)).collect();
        let lead3: Vec<usize> = (0..n.min(3)).collect();
        add(&mut ev.title[0], rouge(&join(&lead1), title));
        add(&mut ev.title[1], rouge(&join(&one), title));
        add(&mut ev.first[0], rouge(&join(&lead1), first_ref));
        add(&mut ev.first[1], rouge(&join(&one), first_ref));
        add(&mut ev.full[0], rouge(&join(&lead3), summary));
        add(&mut ev.full[1], rouge(&join(&three), summary));
        ev.articles += 1;
    }
    if ev.articles == 0 {
        return Err(format!("no articles in {}", file.display()));
    }
    let n = ev.articles as f64;
    for r in ev
        .title
        .iter_mut()
        .chain(ev.first.iter_mut())
        .chain(ev.full.iter_mut())
    {
        r.r1 /= n;
        r.r2 /= n;
        r.rl /= n;
    }
    Ok(ev)
}

/// ROUGE-1 and ROUGE-2 F1 of one-sentence summaries against the headline
/// and against the reference summary's first sentence.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct OneScores {
    /// Against the headline: ROUGE-1, ROUGE-2.
    pub title: (f64, f64),
    /// Against the reference summary's first sentence: ROUGE-1, ROUGE-2.
    pub first: (f64, f64),
}

impl OneScores {
    fn add(&mut self, o: &OneScores, w: f64) {
        self.title.0 += w * o.title.0;
        self.title.1 += w * o.title.1;
        self.first.0 += w * o.first.0;
        self.first.1 += w * o.first.1;
    }
}

/// The one-sentence summary evaluation: the first sentence and Lede's
/// sentence under each weight set of a grid, per article.
#[derive(Debug, Clone, Default)]
pub struct OneSummaryEval {
    /// The weight sets (the first is the default).
    pub grid: Vec<crate::extract::summary::Weights>,
    /// Per article: the first sentence's scores.
    pub lead: Vec<OneScores>,
    /// Per article: the scores of each weight set's sentence.
    pub lede: Vec<Vec<OneScores>>,
}

impl OneSummaryEval {
    /// Mean scores of the articles passing `keep`: the first sentence's, and
    /// weight set `g`'s.
    pub fn mean(&self, g: usize, keep: &dyn Fn(usize) -> bool) -> (OneScores, OneScores) {
        let ix: Vec<usize> = (0..self.lead.len()).filter(|&i| keep(i)).collect();
        let w = 1.0 / ix.len().max(1) as f64;
        let (mut a, mut b) = (OneScores::default(), OneScores::default());
        for &i in &ix {
            a.add(&self.lead[i], w);
            if let Some(x) = self.lede.get(i).and_then(|v| v.get(g)) {
                b.add(x, w);
            }
        }
        (a, b)
    }

    /// The report of the default weights beside the first sentence.
    pub fn report(&self) -> String {
        let (lead, lede) = self.mean(0, &|_| true);
        let row = |name: &str, l: (f64, f64), x: (f64, f64)| {
            format!(
                "{name}\n  first sentence: ROUGE-1 {:.2}  ROUGE-2 {:.2}\n  lede summary 1: ROUGE-1 {:.2}  ROUGE-2 {:.2}  (ROUGE-2 {:+.2})\n",
                l.0 * 100.0,
                l.1 * 100.0,
                x.0 * 100.0,
                x.1 * 100.0,
                (x.1 - l.1) * 100.0
            )
        };
        format!(
            "BBC News Summary, one-sentence summary of the text without its title: {} articles (F1, Porter-stemmed)\n{}{}",
            self.lead.len(),
            row("against the headline (human-written):", lead.title, lede.title),
            row(
                "against the reference summary's first sentence:",
                lead.first,
                lede.first
            ),
        )
    }

    /// `folds`-fold cross-validation of the weight sets: on each fold, the
    /// set whose smaller ROUGE-2 gain over the first sentence (against the
    /// headline, against the summary's first sentence) is best on the other
    /// folds is scored on the held-out fold. Returns a report.
    pub fn cross_validate(&self, folds: usize) -> String {
        let folds = folds.max(2);
        let mut out = String::new();
        let (mut held_lead, mut held_lede, mut held_def) = (
            OneScores::default(),
            OneScores::default(),
            OneScores::default(),
        );
        // both references must gain: the smaller ROUGE-2 gain over the
        // first sentence
        let obj = |g: usize, keep: &dyn Fn(usize) -> bool| -> f64 {
            let (l, x) = self.mean(g, keep);
            (x.title.1 - l.title.1).min(x.first.1 - l.first.1)
        };
        for f in 0..folds {
            let train = |i: usize| i % folds != f;
            let test = |i: usize| i % folds == f;
            let best = (0..self.grid.len())
                .max_by(|&a, &b| obj(a, &train).total_cmp(&obj(b, &train)).then(b.cmp(&a)))
                .unwrap_or(0);
            let (l, x) = self.mean(best, &test);
            let (_, d) = self.mean(0, &test);
            let w = 1.0 / folds as f64;
            held_lead.add(&l, w);
            held_lede.add(&x, w);
            held_def.add(&d, w);
            out.push_str(&format!(
                "fold {f}: {:?}\n  held-out ROUGE-2 vs headline {:.2} (first sentence {:.2}, default {:.2}); vs summary's first sentence {:.2} (first sentence {:.2}, default {:.2})\n",
                self.grid.get(best),
                x.title.1 * 100.0,
                l.title.1 * 100.0,
                d.title.1 * 100.0,
                x.first.1 * 100.0,
                l.first.1 * 100.0,
                d.first.1 * 100.0
            ));
        }
        // every weight set on all the articles, best first (for the record)
        let mut all: Vec<(f64, usize)> = (0..self.grid.len())
            .map(|g| (obj(g, &|_| true), g))
            .collect();
        all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        out.push_str(
            "all articles, by the smaller ROUGE-2 gain (headline, summary's first sentence):\n",
        );
        for (m, g) in all.iter().take(8) {
            let (_, x) = self.mean(*g, &|_| true);
            out.push_str(&format!(
                "  {:+.2}: headline R2 {:.2}, first {:.2} with {:?}\n",
                m * 100.0,
                x.title.1 * 100.0,
                x.first.1 * 100.0,
                self.grid.get(*g)
            ));
        }
        let p = |s: &OneScores| {
            format!(
                "headline R1 {:.2} R2 {:.2}; summary's first sentence R1 {:.2} R2 {:.2}",
                s.title.0 * 100.0,
                s.title.1 * 100.0,
                s.first.0 * 100.0,
                s.first.1 * 100.0
            )
        };
        out.push_str(&format!(
            "{folds}-fold CV means:\n  first sentence:  {}\n  default weights: {}\n  CV-chosen:       {}\n",
            p(&held_lead),
            p(&held_def),
            p(&held_lede)
        ));
        out
    }
}

/// Runs the whole pipeline over every article (or the first `limit`) of the
/// BBC News Summary JSONL file, its text without the title line, and scores
/// the one-sentence summary under each weight set of `grid` (the first
/// should be the default) and the first sentence, against the headline and
/// the reference summary's first sentence.
pub fn eval_one_summary(
    file: &Path,
    limit: Option<usize>,
    grid: &[crate::extract::summary::Weights],
) -> Result<OneSummaryEval, String> {
    use crate::extract::summary::select_with;
    use crate::pipeline::{run, Engines};
    let mut ev = OneSummaryEval {
        grid: grid.to_vec(),
        ..Default::default()
    };
    for row in bbc_rows(file)? {
        if limit.is_some_and(|l| ev.lead.len() >= l) {
            break;
        }
        let (text, summary, title) = (row.text.as_str(), row.summary.as_str(), row.title.as_str());
        let refs = split_reference(summary);
        let Some(first_ref) = refs.first() else {
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        let x = run(
            text,
            None,
            &Engines {
                quotes: false,
                keyphrases: 10,
                summary: 0,
            },
        );
        let names = crate::pipeline::run::keyphrase_names(&x.entities, &x.refs);
        let layer = &x.layer;
        let sentence = |ix: &[usize]| -> &str {
            ix.first()
                .and_then(|&i| layer.sentences.get(i))
                .and_then(|r| text.get(r.clone()))
                .unwrap_or("")
        };
        let scores = |s: &str| {
            let t = rouge(s, title);
            let f = rouge(s, first_ref);
            OneScores {
                title: (t.r1, t.r2),
                first: (f.r1, f.r2),
            }
        };
        ev.lead.push(scores(sentence(&[0])));
        ev.lede.push(
            grid.iter()
                .map(|w| {
                    scores(sentence(&select_with(
                        text,
                        layer,
                        &names,
                        &x.keyphrases,
                        1,
                        w,
                    )))
                })
                .collect(),
        );
    }
    if ev.lead.is_empty() {
        return Err(format!("no articles in {}", file.display()));
    }
    Ok(ev)
}

/// What [`XsumEval`] measures for one article and one choice of sentences:
/// ROUGE-1/2/L F1 in each setting.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct XsumScores {
    /// XSum-like: one sentence of the body without its first sentence,
    /// against that first sentence.
    pub xsum: Rouge,
    /// Full article: one sentence of the body against the headline.
    pub headline: Rouge,
    /// Full article: as many sentences as the reference summary, against it.
    pub multi: Rouge,
}

impl XsumScores {
    fn add(&mut self, o: &XsumScores, w: f64) {
        for (a, b) in [
            (&mut self.xsum, &o.xsum),
            (&mut self.headline, &o.headline),
            (&mut self.multi, &o.multi),
        ] {
            a.r1 += w * b.r1;
            a.r2 += w * b.r2;
            a.rl += w * b.rl;
        }
    }
}

/// The XSum-like evaluation on BBC News Summary, with the full-article
/// settings measured in the same run.
///
/// XSum (Narayan et al., 2018) is BBC articles whose introductory sentence,
/// written by a journalist to sum the story up, is taken off and used as the
/// reference; the document is the rest. BBC News Summary (2004–05) gives the
/// same thing: the body's first sentence is the reference, the body without
/// it the document, and lead-1 is the first sentence of what is left. The
/// oracle is the single sentence of the document with the best ROUGE-2: how
/// far one extracted sentence could go.
#[derive(Debug, Clone, Default)]
pub struct XsumEval {
    /// The weight sets (the first is the default).
    pub grid: Vec<crate::extract::summary::Weights>,
    /// Per article: lead-1 (XSum-like and headline) and lead-k (multi).
    pub lead: Vec<XsumScores>,
    /// Per article: the XSum-like oracle sentence (only `xsum` is set).
    pub oracle: Vec<XsumScores>,
    /// Per article: the scores of each weight set's choice.
    pub lede: Vec<Vec<XsumScores>>,
}

impl XsumEval {
    /// Mean scores of the articles passing `keep`: lead, oracle, weight set `g`.
    pub fn mean(
        &self,
        g: usize,
        keep: &dyn Fn(usize) -> bool,
    ) -> (XsumScores, XsumScores, XsumScores) {
        let ix: Vec<usize> = (0..self.lead.len()).filter(|&i| keep(i)).collect();
        let w = 1.0 / ix.len().max(1) as f64;
        let (mut a, mut o, mut b) = Default::default();
        for &i in &ix {
            XsumScores::add(&mut a, &self.lead[i], w);
            XsumScores::add(&mut o, &self.oracle[i], w);
            if let Some(x) = self.lede.get(i).and_then(|v| v.get(g)) {
                XsumScores::add(&mut b, x, w);
            }
        }
        (a, o, b)
    }

    /// The report of weight set `g` beside lead and the oracle on all articles.
    pub fn report(&self, g: usize) -> String {
        let (l, o, x) = self.mean(g, &|_| true);
        format!(
            "BBC News Summary, XSum-like: {} articles; reference: the body's first sentence; document: the rest (F1, Porter-stemmed)\n  lead-1: {}\n  lede-1: {}  (ROUGE-2 {:+.2})\n  oracle: {}\nfull article, one sentence vs the headline:\n  lead-1: {}\n  lede-1: {}  (ROUGE-2 {:+.2})\nfull article, k = the reference's sentences vs the reference summary (names and keyphrases from the pipeline):\n  lead-k: {}\n  lede-k: {}  (ROUGE-2 {:+.2})\n",
            self.lead.len(),
            l.xsum,
            x.xsum,
            (x.xsum.r2 - l.xsum.r2) * 100.0,
            o.xsum,
            l.headline,
            x.headline,
            (x.headline.r2 - l.headline.r2) * 100.0,
            l.multi,
            x.multi,
            (x.multi.r2 - l.multi.r2) * 100.0,
        )
    }

    /// `folds`-fold cross-validation over articles (article `i` is in fold
    /// `i % folds`): on each fold, among the weight sets that lose on the
    /// other folds no more than 0.02 ROUGE-2 points against the headline and
    /// 0.10 on the multi-sentence summary relative to the default (set 0),
    /// the one with the best XSum-like ROUGE-2 is scored on the held-out
    /// fold. Returns a report and the sets chosen on each fold.
    pub fn cross_validate(&self, folds: usize) -> (String, Vec<usize>) {
        let folds = folds.max(2);
        let mut out = String::new();
        let mut chosen = Vec::new();
        let (mut hl, mut hx, mut hd) = Default::default();
        let pick = |keep: &dyn Fn(usize) -> bool| -> usize {
            let (_, _, d) = self.mean(0, keep);
            let mut best = (0usize, d.xsum.r2);
            for g in 1..self.grid.len() {
                let (_, _, x) = self.mean(g, keep);
                let ok =
                    x.headline.r2 >= d.headline.r2 - 0.0002 && x.multi.r2 >= d.multi.r2 - 0.001;
                if ok && x.xsum.r2 > best.1 {
                    best = (g, x.xsum.r2);
                }
            }
            best.0
        };
        let row = |s: &XsumScores| {
            format!(
                "XSum-like R2 {:.2}, headline R2 {:.2}, multi R2 {:.2}",
                s.xsum.r2 * 100.0,
                s.headline.r2 * 100.0,
                s.multi.r2 * 100.0
            )
        };
        for f in 0..folds {
            let best = pick(&|i: usize| i % folds != f);
            chosen.push(best);
            let test = |i: usize| i % folds == f;
            let (l, _, x) = self.mean(best, &test);
            let (_, _, d) = self.mean(0, &test);
            let w = 1.0 / folds as f64;
            XsumScores::add(&mut hl, &l, w);
            XsumScores::add(&mut hx, &x, w);
            XsumScores::add(&mut hd, &d, w);
            out.push_str(&format!(
                "fold {f}: set {best} {:?}\n  held out: chosen {}\n            lead     {}\n            default  {}\n  XSum-like ROUGE-2 gain over lead-1: {:+.2}\n",
                self.grid.get(best),
                row(&x),
                row(&l),
                row(&d),
                (x.xsum.r2 - l.xsum.r2) * 100.0
            ));
        }
        // every set on all the articles, best XSum-like first (for the record)
        let mut all: Vec<(XsumScores, usize)> = (0..self.grid.len())
            .map(|g| (self.mean(g, &|_| true).2, g))
            .collect();
        all.sort_by(|a, b| b.0.xsum.r2.total_cmp(&a.0.xsum.r2).then(a.1.cmp(&b.1)));
        out.push_str("all articles, by XSum-like ROUGE-2 (the first 12 sets):\n");
        for (x, g) in all.iter().take(12) {
            out.push_str(&format!(
                "  set {g}: {} with {:?}\n",
                row(x),
                self.grid.get(*g)
            ));
        }
        let (_, o, _) = self.mean(0, &|_| true);
        out.push_str(&format!(
            "{folds}-fold CV means (held-out folds):\n  lead:      {}\n  default:   {}\n  CV-chosen: {}\n  XSum-like ROUGE-2 gain of the CV-chosen sets over lead-1: {:+.2} (oracle {:.2})\n",
            row(&hl),
            row(&hd),
            row(&hx),
            (hx.xsum.r2 - hl.xsum.r2) * 100.0,
            o.xsum.r2 * 100.0
        ));
        (out, chosen)
    }
}

/// The XSum-like split of an article: its first sentence (BBC's intro, the
/// reference) and the rest (the document), or `None` without a sentence.
pub(super) fn split_intro(text: &str) -> Option<(&str, &str)> {
    let layer = TextLayer::new(text);
    let first = layer.sentences.first()?;
    let reference = text.get(first.clone()).unwrap_or("");
    Some((reference, text.get(first.end..).unwrap_or("").trim_start()))
}

/// Runs the whole pipeline over every article (or the first `limit`) of the
/// BBC News Summary JSONL file twice, on the body without its first sentence
/// and on the whole body, and scores each weight set of `grid` (the first
/// should be the default) beside lead-1, lead-k and the XSum-like oracle
/// (see [`XsumEval`]). Articles whose rest has fewer than two sentences are
/// left out.
pub fn eval_xsum(
    file: &Path,
    limit: Option<usize>,
    grid: &[crate::extract::summary::Weights],
) -> Result<XsumEval, String> {
    use crate::extract::summary::select_with;
    use crate::pipeline::{run, Engines};
    let mut ev = XsumEval {
        grid: grid.to_vec(),
        ..Default::default()
    };
    let engines = Engines {
        quotes: false,
        keyphrases: 10,
        summary: 0,
    };
    for row in bbc_rows(file)? {
        if limit.is_some_and(|l| ev.lead.len() >= l) {
            break;
        }
        let (text, summary, title) = (row.text.as_str(), row.summary.as_str(), row.title.as_str());
        let k = split_reference(summary).len();
        let Some((reference, doc)) = split_intro(text) else {
            continue;
        };
        let xd = run(doc, None, &engines);
        let n = xd.layer.sentences.len();
        if n < 2 || k == 0 || reference.trim().is_empty() {
            continue;
        }
        let xf = run(text, None, &engines);
        let join = |t: &str, layer: &TextLayer, ix: &[usize]| -> String {
            ix.iter()
                .filter_map(|&i| layer.sentences.get(i).and_then(|r| t.get(r.clone())))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let sx = |ix: &[usize]| rouge(&join(doc, &xd.layer, ix), reference);
        let names_x = crate::pipeline::run::keyphrase_names(&xd.entities, &xd.refs);
        let names_f = crate::pipeline::run::keyphrase_names(&xf.entities, &xf.refs);
        let nf = xf.layer.sentences.len();
        let lead_k: Vec<usize> = (0..k.min(nf)).collect();
        ev.lead.push(XsumScores {
            xsum: sx(&[0]),
            headline: rouge(&join(text, &xf.layer, &[0]), title),
            multi: rouge(&join(text, &xf.layer, &lead_k), summary),
        });
        let oracle = (0..n)
            .map(|i| sx(&[i]))
            .max_by(|a, b| a.r2.total_cmp(&b.r2))
            .unwrap_or_default();
        ev.oracle.push(XsumScores {
            xsum: oracle,
            ..Default::default()
        });
        // many weight sets choose the same sentences: each choice is scored once
        type Memo = std::collections::HashMap<Vec<usize>, Rouge>;
        let (mut mx, mut mh, mut mm) = (Memo::new(), Memo::new(), Memo::new());
        ev.lede.push(
            grid.iter()
                .map(|w| {
                    let one_x = select_with(doc, &xd.layer, &names_x, &xd.keyphrases, 1, w);
                    let one_f = select_with(text, &xf.layer, &names_f, &xf.keyphrases, 1, w);
                    let many = select_with(text, &xf.layer, &names_f, &xf.keyphrases, k, w);
                    XsumScores {
                        xsum: *mx.entry(one_x.clone()).or_insert_with(|| sx(&one_x)),
                        headline: *mh
                            .entry(one_f.clone())
                            .or_insert_with(|| rouge(&join(text, &xf.layer, &one_f), title)),
                        multi: *mm
                            .entry(many.clone())
                            .or_insert_with(|| rouge(&join(text, &xf.layer, &many), summary)),
                    }
                })
                .collect(),
        );
    }
    if ev.lead.is_empty() {
        return Err(format!("no articles in {}", file.display()));
    }
    Ok(ev)
}
