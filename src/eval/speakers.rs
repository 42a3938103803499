//! Who said it, on real reporting: speaker accuracy on BBC News articles
//! annotated by hand (`tests/data/bbc_speakers.tsv`).
//!
//! The annotation file holds no article text, only where each quote is: one
//! row per quoted stretch that is speech, with the article id, its split
//! (`dev`, or `test` — a held-out third looked at only to report), the
//! quote's content as code-point offsets into the article's `text` (without
//! the marks), the first 20 characters as a check, its kind and the speaker's
//! name as the article gives it (or the organisation when only that is named).
//!
//! Splits: `dev` and `test` (the first 30 articles; rules of session 1
//! were written on `dev`), `new` (29 more, annotated before any rule of
//! session 2 was written). Because rules are written by looking at errors,
//! no split stays held out for long: the report therefore also gives a
//! **5-fold cross-validation** by article ([`fold_of`]: a hash of the id, so
//! the folds do not depend on the file's order). A rule is judged on the
//! mean of the five folds and their spread, and its errors are studied on
//! the folds other than the one it is scored on.
//!
//! Kinds: `s` a spoken quote (a sentence or more), `p` a partial quote (a few
//! quoted words inside reported speech: `X said the plan was “vacuous”`), `r`
//! a run-on paragraph (BBC style: a quote going on in the next paragraph
//! with a fresh opening mark and no closing mark before it).
//!
//! A gold quote is **found** when a predicted quote covers at least half of
//! it, and **right** when that quote's speaker — the resolved entity's name,
//! else the words naming the speaker — is the same entity as the gold
//! speaker ([`same_speaker`]: the surname or the last word of an
//! organisation's name in the other name, generic words aside). Accuracy is
//! right over all gold quotes, missed ones counting as wrong.
//!
//! Each predicted quote carries a `confidence`; [`SpeakerEval::report`]
//! prints, per confidence band, how many found quotes were right (the
//! calibration table).

use super::Prf;
use crate::pipeline::{run, Engines};
use crate::text::fold;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

/// One annotated quote.
#[derive(Debug, Clone)]
pub struct GoldQuote {
    /// Article id (`politics/120`).
    pub id: String,
    /// `dev` or `test`.
    pub split: String,
    /// Content, code points into the article text.
    pub range: Range<usize>,
    /// The first characters of the content, as annotated.
    pub check: String,
    /// `s`, `p` or `r`.
    pub kind: char,
    /// The speaker's name.
    pub speaker: String,
}

/// Reads annotation rows (tab-separated; `#` lines are comments).
pub fn read_gold(tsv: &str) -> Result<Vec<GoldQuote>, String> {
    let mut out = Vec::new();
    for (n, line) in tsv.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 7 {
            return Err(format!(
                "line {}: expected 7 fields, got {}",
                n + 1,
                f.len()
            ));
        }
        let num = |s: &str| {
            s.parse::<usize>()
                .map_err(|_| format!("line {}: bad offset {s:?}", n + 1))
        };
        let (start, end) = (num(f[2])?, num(f[3])?);
        if start >= end {
            return Err(format!("line {}: empty range", n + 1));
        }
        out.push(GoldQuote {
            id: f[0].to_string(),
            split: f[1].to_string(),
            range: start..end,
            check: f[4].to_string(),
            kind: f[5].chars().next().unwrap_or('s'),
            speaker: f[6].to_string(),
        });
    }
    Ok(out)
}

/// Counts for one kind of quote.
#[derive(Debug, Clone, Copy, Default)]
pub struct KindScore {
    /// Gold quotes.
    pub gold: usize,
    /// Gold quotes covered by a predicted quote.
    pub found: usize,
    /// Gold quotes found with the right speaker.
    pub right: usize,
}

impl KindScore {
    fn add(&mut self, found: bool, right: bool) {
        self.gold += 1;
        self.found += usize::from(found);
        self.right += usize::from(right);
    }

    fn pct(a: usize, b: usize) -> f64 {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    }

    fn line(&self, name: &str) -> String {
        format!(
            "  {name:<8} {:>4} quotes  found {:5.1}%  speaker right {:5.1}% (of found {:5.1}%)",
            self.gold,
            Self::pct(self.found, self.gold),
            Self::pct(self.right, self.gold),
            Self::pct(self.right, self.found),
        )
    }
}

/// Scores of one split.
#[derive(Debug, Clone, Default)]
pub struct SplitScore {
    /// Articles scored.
    pub articles: usize,
    /// All quotes.
    pub all: KindScore,
    /// Spoken quotes.
    pub spoken: KindScore,
    /// Partial quotes.
    pub partial: KindScore,
    /// Run-on paragraphs.
    pub run_on: KindScore,
    /// Predicted quotes with a speaker that cover no gold quote.
    pub spurious: usize,
    /// Predicted quotes.
    pub predicted: usize,
    /// Per confidence band (tenths): (found quotes, right ones).
    pub bands: [(usize, usize); 10],
}

impl SplitScore {
    /// Speaker accuracy over all gold quotes, in [0, 1].
    pub fn accuracy(&self) -> f64 {
        if self.all.gold == 0 {
            0.0
        } else {
            self.all.right as f64 / self.all.gold as f64
        }
    }

    /// Quote detection: predicted quotes covering a gold one, gold ones found.
    pub fn detection(&self) -> Prf {
        let tp = self.predicted.saturating_sub(self.spurious);
        Prf::new(tp, self.predicted, self.all.found, self.all.gold)
    }
}

/// Speaker accuracy on the annotated BBC articles, per split.
#[derive(Debug, Clone, Default)]
pub struct SpeakerEval {
    /// The development split.
    pub dev: SplitScore,
    /// The held-out split.
    pub test: SplitScore,
    /// The articles annotated in session 2.
    pub new: SplitScore,
    /// All articles, by cross-validation fold ([`fold_of`]).
    pub folds: [SplitScore; FOLDS],
}

/// Number of cross-validation folds.
pub const FOLDS: usize = 5;

/// The fold of an article: FNV-1a of its id, modulo [`FOLDS`].
pub fn fold_of(id: &str) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % FOLDS as u64) as usize
}

impl SpeakerEval {
    /// A human-readable report: both splits, per kind, and the calibration.
    pub fn report(&self) -> String {
        let mut s = String::new();
        for (name, x) in [
            ("dev", &self.dev),
            ("test (held out)", &self.test),
            ("new (session 2)", &self.new),
        ] {
            let _ = writeln!(
                s,
                "BBC speakers, {name}: {} articles, {} gold quotes, {} predicted; speaker accuracy {:.1}%",
                x.articles,
                x.all.gold,
                x.predicted,
                100.0 * x.accuracy()
            );
            let _ = writeln!(s, "{}", x.all.line("all"));
            let _ = writeln!(s, "{}", x.spoken.line("spoken"));
            let _ = writeln!(s, "{}", x.partial.line("partial"));
            let _ = writeln!(s, "{}", x.run_on.line("run-on"));
            let _ = writeln!(s, "  quote detection {}", x.detection());
            let bands: Vec<String> = x
                .bands
                .iter()
                .enumerate()
                .filter(|(_, b)| b.0 > 0)
                .map(|(i, b)| {
                    format!(
                        "{:.1}-{:.1}: {}/{} right",
                        i as f64 / 10.0,
                        (i + 1) as f64 / 10.0,
                        b.1,
                        b.0
                    )
                })
                .collect();
            let _ = writeln!(s, "  confidence bands (found quotes): {}", bands.join(", "));
        }
        let _ = writeln!(s, "{}", self.cv_report());
        s
    }

    /// Mean and spread of speaker accuracy over the folds, overall and by kind.
    pub fn cv(&self) -> (f64, f64) {
        let accs: Vec<f64> = self.folds.iter().map(SplitScore::accuracy).collect();
        let mean = accs.iter().sum::<f64>() / FOLDS as f64;
        let var = accs.iter().map(|a| (a - mean).powi(2)).sum::<f64>() / FOLDS as f64;
        (mean, var.sqrt())
    }

    /// The cross-validation lines of the report.
    pub fn cv_report(&self) -> String {
        let (mean, sd) = self.cv();
        let per: Vec<String> = self
            .folds
            .iter()
            .map(|f| format!("{:.1}% ({} q)", 100.0 * f.accuracy(), f.all.gold))
            .collect();
        let kind_mean = |k: fn(&SplitScore) -> &KindScore| {
            let v: Vec<f64> = self
                .folds
                .iter()
                .map(k)
                .filter(|x| x.gold > 0)
                .map(|x| x.right as f64 / x.gold as f64)
                .collect();
            100.0 * v.iter().sum::<f64>() / v.len().max(1) as f64
        };
        let mut bands = [(0usize, 0usize); 10];
        for f in &self.folds {
            for (b, x) in bands.iter_mut().zip(f.bands.iter()) {
                b.0 += x.0;
                b.1 += x.1;
            }
        }
        let bands: Vec<String> = bands
            .iter()
            .enumerate()
            .filter(|(_, b)| b.0 > 0)
            .map(|(i, b)| {
                format!(
                    "{:.1}-{:.1}: {:.0}% of {}",
                    i as f64 / 10.0,
                    (i + 1) as f64 / 10.0,
                    100.0 * b.1 as f64 / b.0 as f64,
                    b.0
                )
            })
            .collect();
        format!(
            "BBC speakers, {FOLDS}-fold CV by article: mean {:.1}% (sd {:.1}); folds {}\n  mean by kind: spoken {:.1}%, partial {:.1}%, run-on {:.1}%\n  share right by confidence: {}",
            100.0 * mean,
            100.0 * sd,
            per.join(", "),
            kind_mean(|f| &f.spoken),
            kind_mean(|f| &f.partial),
            kind_mean(|f| &f.run_on),
            bands.join(", ")
        )
    }
}

/// Words that do not tell one organisation from another.
const GENERIC: &[&str] = &[
    "the",
    "of",
    "and",
    "for",
    "united",
    "party",
    "council",
    "office",
    "agency",
    "committee",
    "group",
    "company",
    "ministry",
    "department",
    "association",
    "union",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "lord",
    "lady",
    "a",
    "an",
    "spokesman",
    "spokeswoman",
    "spokesperson",
];

/// The folded, significant words of a name (`'s` dropped, generic words aside).
fn name_words(name: &str) -> Vec<String> {
    fold(name)
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .map(|w| match w.trim_end_matches("'s") {
            // `Downing St` is `Downing Street`
            "st" => "street".to_string(),
            w => w.to_string(),
        })
        .filter(|w| !w.is_empty() && !GENERIC.contains(&w.as_str()))
        .collect()
}

/// Two words are the same name: equal, or one a plural or adjective of the
/// other (`Conservative`/`Conservatives`).
fn same_word(a: &str, b: &str) -> bool {
    a == b || (a.len() >= 6 && b.len() >= 6 && a.get(..6) == b.get(..6))
}

/// True when a predicted speaker name and a gold one mean the same entity:
/// equal when folded, or the last significant word of one is a word of the
/// other (`Howard` / `Michael Howard`, `Continental` / `Continental Airlines`).
pub fn same_speaker(pred: &str, gold: &str) -> bool {
    if fold(pred).trim() == fold(gold).trim() {
        return true;
    }
    let p = name_words(pred);
    let g = name_words(gold);
    let (Some(pl), Some(gl)) = (p.last(), g.last()) else {
        return false;
    };
    g.iter().any(|w| same_word(w, pl)) || p.iter().any(|w| same_word(w, gl))
}

/// Byte offset → code-point offset table for `text`.
fn cp_table(text: &str) -> Vec<usize> {
    super::cp_table(text)
}

fn ov(a: &Range<usize>, b: &Range<usize>) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// A predicted quote in code points: content, speaker name, confidence.
struct PredQuote {
    range: Range<usize>,
    speaker: Option<String>,
    confidence: f64,
}

/// Runs the pipeline (entities and quotes) over each annotated article of
/// the BBC News Summary JSONL `file` and scores the quotes of `gold_tsv`.
pub fn eval_speakers(file: &Path, gold_tsv: &Path) -> Result<SpeakerEval, String> {
    let tsv = std::fs::read_to_string(gold_tsv)
        .map_err(|e| format!("cannot read {}: {e}", gold_tsv.display()))?;
    let gold = read_gold(&tsv)?;
    let mut by_id: HashMap<&str, Vec<&GoldQuote>> = HashMap::new();
    for g in &gold {
        by_id.entry(g.id.as_str()).or_default().push(g);
    }
    let data = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let debug = std::env::var_os("LEDE_EVAL_DEBUG").is_some();
    let mut ev = SpeakerEval::default();
    let mut seen = 0;
    for line in data.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let (Some(id), Some(text)) = (v["id"].as_str(), v["text"].as_str()) else {
            continue;
        };
        let Some(golds) = by_id.get(id) else {
            continue;
        };
        seen += 1;
        let chars: Vec<char> = text.chars().collect();
        for g in golds {
            let got: String = chars
                .get(g.range.clone())
                .map(|c| c.iter().take(20).collect())
                .unwrap_or_default();
            if got.trim() != g.check.trim() {
                return Err(format!(
                    "{id}: the text at {}..{} is {got:?}, not {:?} (another version of the data?)",
                    g.range.start, g.range.end, g.check
                ));
            }
        }
        let preds = predict(text);
        let split = match golds[0].split.as_str() {
            "test" => &mut ev.test,
            "new" => &mut ev.new,
            _ => &mut ev.dev,
        };
        split.articles += 1;
        split.predicted += preds.len();
        score_article(split, golds, &preds);
        if let Some(f) = ev.folds.get_mut(fold_of(id)) {
            f.articles += 1;
            f.predicted += preds.len();
            score_article(f, golds, &preds);
        }
        if debug {
            debug_article(id, &chars, golds, &preds);
        }
    }
    if seen != by_id.len() {
        return Err(format!(
            "{} of {} annotated articles are not in {}",
            by_id.len() - seen,
            by_id.len(),
            file.display()
        ));
    }
    Ok(ev)
}

/// The quotes of `text` as the pipeline finds them.
fn predict(text: &str) -> Vec<PredQuote> {
    let x = run(
        text,
        None,
        &Engines {
            quotes: true,
            keyphrases: 0,
            summary: 0,
        },
    );
    let cp = cp_table(text);
    let at = |b: usize| cp.get(b).copied().unwrap_or(0);
    x.quotes
        .quotes
        .iter()
        .map(|q| PredQuote {
            range: at(q.range.start)..at(q.range.end),
            speaker: q
                .speaker
                .and_then(|i| x.entities.entities.get(i).map(|e| e.name.clone()))
                .or_else(|| {
                    q.speaker_span
                        .as_ref()
                        .and_then(|r| text.get(r.clone()).map(str::to_string))
                }),
            confidence: q.confidence,
        })
        .collect()
}

/// The predicted quote covering most of `g` (at least half of it).
fn covering<'a>(g: &Range<usize>, preds: &'a [PredQuote]) -> Option<&'a PredQuote> {
    preds
        .iter()
        .filter(|p| 2 * ov(&p.range, g) >= g.len())
        .max_by_key(|p| ov(&p.range, g))
}

fn score_article(s: &mut SplitScore, golds: &[&GoldQuote], preds: &[PredQuote]) {
    for g in golds {
        let p = covering(&g.range, preds);
        let right = p.is_some_and(|p| {
            p.speaker
                .as_deref()
                .is_some_and(|sp| same_speaker(sp, &g.speaker))
        });
        s.all.add(p.is_some(), right);
        match g.kind {
            'p' => s.partial.add(p.is_some(), right),
            'r' => s.run_on.add(p.is_some(), right),
            _ => s.spoken.add(p.is_some(), right),
        }
        if let Some(p) = p {
            let band = ((p.confidence * 10.0) as usize).min(9);
            s.bands[band].0 += 1;
            s.bands[band].1 += usize::from(right);
        }
    }
    s.spurious += preds
        .iter()
        .filter(|p| !golds.iter().any(|g| ov(&p.range, &g.range) > 0))
        .count();
}

fn debug_article(id: &str, chars: &[char], golds: &[&GoldQuote], preds: &[PredQuote]) {
    let sl = |r: &Range<usize>| -> String {
        chars
            .get(r.start.min(chars.len())..r.end.min(chars.len()))
            .map(|c| c.iter().take(60).collect::<String>())
            .unwrap_or_default()
            .replace('\n', " ")
    };
    for g in golds {
        let tag = match covering(&g.range, preds) {
            None => "MISS".to_string(),
            Some(p) => match &p.speaker {
                Some(sp) if same_speaker(sp, &g.speaker) => format!("ok {:.2}", p.confidence),
                sp => format!(
                    "WRONG[{}] {:.2}",
                    sp.as_deref().unwrap_or("-"),
                    p.confidence
                ),
            },
        };
        eprintln!(
            "{id} f{} {}{}\t{tag}\t<= {}\t{}",
            fold_of(id),
            g.split.chars().next().unwrap_or('?'),
            g.kind,
            g.speaker,
            sl(&g.range)
        );
    }
    for p in preds {
        if !golds.iter().any(|g| ov(&p.range, &g.range) > 0) {
            eprintln!(
                "{id} FP\t{}\t{}",
                p.speaker.as_deref().unwrap_or("-"),
                sl(&p.range)
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speakers_match_by_surname_or_organisation_word() {
        assert!(same_speaker("Howard", "Michael Howard"));
        assert!(same_speaker("Mr Howard", "Michael Howard"));
        assert!(same_speaker("Michael Howard", "Howard"));
        assert!(same_speaker("Continental", "Continental Airlines"));
        assert!(same_speaker("the Conservatives", "Conservative Party"));
        assert!(!same_speaker("Manchester United", "Shareholders United"));
        assert!(!same_speaker("Tony Blair", "Michael Howard"));
        assert!(!same_speaker("he", "Michael Howard"));
        assert!(!same_speaker("a spokesman", "Home Office"));
    }

    #[test]
    fn gold_rows_parse_and_reject_bad_ones() {
        let g = read_gold("# c\npolitics/1\tdev\t3\t9\tabc\tp\tTony Blair\n").unwrap();
        assert_eq!(g.len(), 1);
        assert_eq!((g[0].range.clone(), g[0].kind), (3..9, 'p'));
        assert!(read_gold("x\tdev\t9\t3\tabc\ts\tA\n").is_err());
        assert!(read_gold("x\tdev\t1\n").is_err());
    }
}
