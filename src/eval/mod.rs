//! Evaluation against public research corpora (native only): quote attribution
//! on PolNeAR, keyphrases on 500N-KPCrowd, summaries on BBC News Summary;
//! speakers ([`speakers`]) and salient entities ([`salience`]) on
//! hand-annotated BBC articles.

pub mod keyphrase_model;
pub mod salience;
pub mod speakers;

use crate::extract::keyphrases::{
    extract_keyphrases, extract_keyphrases_with, first_phrases, stem_phrase, DocFreqs, Params,
};
use crate::extract::quotes::extract_quotes;
use crate::extract::summary::select;
use crate::text::TextLayer;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

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

/// Scores of quote extraction on PolNeAR.
#[derive(Debug, Clone, Default)]
pub struct QuoteEval {
    /// Articles read.
    pub articles: usize,
    /// Gold direct quotes.
    pub gold: usize,
    /// Predicted quotes (interrupted quotes sharing a cue count once).
    pub predicted: usize,
    /// Quote detection.
    pub detection: Prf,
    /// Speaker right when `speaker_span` overlaps the gold source.
    pub speaker_overlap: Prf,
    /// Speaker right when `speaker_span` equals the gold source.
    pub speaker_exact: Prf,
    /// Predictions left out because they lie inside an annotated indirect attribution.
    pub ignored: usize,
    /// Quote detection counting every prediction.
    pub strict_detection: Prf,
    /// Speaker (overlap) counting every prediction.
    pub strict_speaker_overlap: Prf,
}

impl QuoteEval {
    /// A human-readable report.
    pub fn report(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "PolNeAR direct quotes: {} articles, {} gold quotes, {} predicted",
            self.articles, self.gold, self.predicted
        );
        let _ = writeln!(s, "quote detection:   {}", self.detection);
        let _ = writeln!(s, "speaker (overlap): {}", self.speaker_overlap);
        let _ = writeln!(s, "speaker (exact):   {}", self.speaker_exact);
        let _ = writeln!(
            s,
            "({} quoted fragments inside annotated indirect speech left out; counting them: detection {}, speaker (overlap) {})",
            self.ignored, self.strict_detection, self.strict_speaker_overlap
        );
        s
    }
}

/// A predicted attribution in code points: content, speaker, cue.
type Pred = (Range<usize>, Option<Range<usize>>, Option<Range<usize>>);

/// A gold attribution from a brat `.ann` file, in code points.
#[derive(Debug, Clone)]
struct GoldAttr {
    content: Range<usize>,
    source: Option<Range<usize>>,
}

fn parse_ann(ann: &str) -> Vec<GoldAttr> {
    let mut spans: std::collections::HashMap<&str, Range<usize>> = Default::default();
    let mut events = Vec::new();
    for line in ann.lines() {
        let mut f = line.split('\t');
        let (Some(id), Some(body)) = (f.next(), f.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let Some((_, rest)) = body.split_once(' ') else {
                continue;
            };
            let mut lo = usize::MAX;
            let mut hi = 0;
            for frag in rest.split(';') {
                let mut n = frag
                    .split_whitespace()
                    .filter_map(|x| x.parse::<usize>().ok());
                if let (Some(a), Some(b)) = (n.next(), n.next()) {
                    lo = lo.min(a);
                    hi = hi.max(b);
                }
            }
            if lo < hi {
                spans.insert(id, lo..hi);
            }
        } else if id.starts_with('E') {
            let mut content = None;
            let mut source = None;
            for part in body.split_whitespace() {
                if let Some((role, t)) = part.split_once(':') {
                    if role == "Content" {
                        content = Some(t);
                    } else if role == "Source" {
                        source = Some(t);
                    }
                }
            }
            events.push((content, source));
        }
    }
    events
        .into_iter()
        .filter_map(|(c, s)| {
            Some(GoldAttr {
                content: spans.get(c?)?.clone(),
                source: s.and_then(|s| spans.get(s).cloned()),
            })
        })
        .collect()
}

fn is_mark(c: char) -> bool {
    crate::text::is_quote_char(c)
}

/// True when the content (code-point range over `chars`) is enclosed in
/// quotation marks: it starts with an opening mark or right after one, and
/// ends with a closing mark (trailing punctuation allowed) or right before one.
fn enclosed(chars: &[char], r: &Range<usize>) -> bool {
    let mut s = r.start;
    let mut e = r.end.min(chars.len());
    while s < e && chars[s].is_whitespace() {
        s += 1;
    }
    while e > s && chars[e - 1].is_whitespace() {
        e -= 1;
    }
    if s >= e {
        return false;
    }
    let starts = is_mark(chars[s]) || (s > 0 && is_mark(chars[s - 1]));
    let mut ee = e;
    while ee > s && matches!(chars[ee - 1], '.' | ',' | '?' | '!' | ';' | ':') {
        ee -= 1;
    }
    let ends = (ee > s && is_mark(chars[ee - 1]))
        || (e < chars.len() && is_mark(chars[e]))
        || (ee > s && ee < e && is_mark(chars[ee]));
    starts && ends && e - s > 2
}

fn ov(a: &Range<usize>, b: &Range<usize>) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// Byte offset → code-point offset table for `text`.
fn cp_table(text: &str) -> Vec<usize> {
    let mut t = vec![0; text.len() + 1];
    let mut n = 0;
    for (b, c) in text.char_indices() {
        for k in 0..c.len_utf8() {
            t[b + k] = n;
        }
        n += 1;
    }
    t[text.len()] = n;
    t
}

/// Runs quote extraction over PolNeAR's `DIR/text` and `DIR/attributions`
/// (first annotator's file per article, sorted by name) and scores direct quotes.
pub fn eval_quotes(dir: &Path) -> Result<QuoteEval, String> {
    let tdir = dir.join("text");
    let adir = dir.join("attributions");
    let mut names: Vec<String> = std::fs::read_dir(&tdir)
        .map_err(|e| format!("cannot read {}: {e}", tdir.display()))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    let mut anns: Vec<String> = std::fs::read_dir(&adir)
        .map_err(|e| format!("cannot read {}: {e}", adir.display()))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".ann"))
        .collect();
    anns.sort();
    let mut ev = QuoteEval::default();
    let (mut tp_pred, mut tp_gold) = (0, 0);
    let (mut sp_pred, mut sp_gold, mut n_pred_sp, mut n_gold_sp) = (0, 0, 0, 0);
    let (mut sx_pred, mut sx_gold) = (0, 0);
    let (mut strict_pred, mut strict_pred_sp) = (0, 0);
    for name in &names {
        let stem = name.trim_end_matches(".txt");
        let prefix = format!("{stem}_");
        let Some(ann) = anns.iter().find(|a| {
            a.strip_prefix(&prefix)
                .is_some_and(|rest| !rest.trim_end_matches(".ann").contains('_'))
        }) else {
            continue;
        };
        let text = std::fs::read_to_string(tdir.join(name))
            .map_err(|e| format!("cannot read {name}: {e}"))?;
        let ann_text = std::fs::read_to_string(adir.join(ann))
            .map_err(|e| format!("cannot read {ann}: {e}"))?;
        let chars: Vec<char> = text.chars().collect();
        let all = parse_ann(&ann_text);
        let (gold, indirect): (Vec<GoldAttr>, Vec<GoldAttr>) =
            all.into_iter().partition(|g| enclosed(&chars, &g.content));
        ev.articles += 1;
        let layer = TextLayer::new(&text);
        let q = extract_quotes(&text, &layer, &[]);
        let cp = cp_table(&text);
        // interrupted quotes sharing a cue are one attribution
        let mut preds: Vec<Pred> = Vec::new();
        for x in &q.quotes {
            let c = cp[x.range.start]..cp[x.range.end];
            let s = x.speaker_span.as_ref().map(|s| cp[s.start]..cp[s.end]);
            if let Some(last) = preds.last_mut() {
                // one attribution: an interrupted quote sharing its cue, or a
                // quote that carries on the previous one's speaker
                let same_cue = x.cue.is_some() && last.2 == x.cue;
                let carried = x.cue.is_none()
                    && s.is_some()
                    && s == last.1
                    && c.start.saturating_sub(last.0.end) < 400;
                if same_cue || carried {
                    last.0.end = c.end;
                    continue;
                }
            }
            preds.push((c, s, x.cue.clone()));
        }
        ev.gold += gold.len();
        // a quoted fragment inside an annotated indirect attribution (`said the
        // plan was “a disaster”`) is neither right nor wrong against direct quotes
        let ignored = |p: &Range<usize>| {
            !gold
                .iter()
                .any(|g| 2 * ov(p, &g.content) >= g.content.len())
                && indirect.iter().any(|g| 2 * ov(p, &g.content) >= p.len())
        };
        for p in &preds {
            strict_pred += 1;
            if p.1.is_some() {
                strict_pred_sp += 1;
            }
        }
        preds.retain(|p| !ignored(&p.0));
        ev.predicted += preds.len();
        let matches = |p: &Range<usize>, g: &Range<usize>| 2 * ov(p, g) >= g.len();
        let sp_ok = |p: &Option<Range<usize>>, g: &Option<Range<usize>>| match (p, g) {
            (Some(p), Some(g)) => ov(p, g) > 0,
            _ => false,
        };
        let sp_exact = |p: &Option<Range<usize>>, g: &Option<Range<usize>>| match (p, g) {
            (Some(p), Some(g)) => p == g,
            _ => false,
        };
        for p in &preds {
            let m: Vec<&GoldAttr> = gold.iter().filter(|g| matches(&p.0, &g.content)).collect();
            if !m.is_empty() {
                tp_pred += 1;
            }
            if p.1.is_some() {
                n_pred_sp += 1;
                if m.iter().any(|g| sp_ok(&p.1, &g.source)) {
                    sp_pred += 1;
                }
                if m.iter().any(|g| sp_exact(&p.1, &g.source)) {
                    sx_pred += 1;
                }
            }
        }
        for g in &gold {
            let m: Vec<_> = preds.iter().filter(|p| matches(&p.0, &g.content)).collect();
            if !m.is_empty() {
                tp_gold += 1;
            }
            if g.source.is_some() {
                n_gold_sp += 1;
                if m.iter().any(|p| sp_ok(&p.1, &g.source)) {
                    sp_gold += 1;
                }
                if m.iter().any(|p| sp_exact(&p.1, &g.source)) {
                    sx_gold += 1;
                }
            }
        }
        if std::env::var_os("LEDE_EVAL_DEBUG").is_some() {
            debug_article(&text, &cp, &gold, &preds);
        }
    }
    ev.detection = Prf::new(tp_pred, ev.predicted, tp_gold, ev.gold);
    ev.speaker_overlap = Prf::new(sp_pred, n_pred_sp, sp_gold, n_gold_sp);
    ev.speaker_exact = Prf::new(sx_pred, n_pred_sp, sx_gold, n_gold_sp);
    ev.strict_detection = Prf::new(tp_pred, strict_pred, tp_gold, ev.gold);
    ev.strict_speaker_overlap = Prf::new(sp_pred, strict_pred_sp, sp_gold, n_gold_sp);
    ev.ignored = strict_pred - ev.predicted;
    Ok(ev)
}

fn debug_article(text: &str, cp: &[usize], gold: &[GoldAttr], preds: &[Pred]) {
    let chars: Vec<char> = text.chars().collect();
    let _ = cp;
    let sl = |r: &Range<usize>| -> String {
        chars[r.start.min(chars.len())..r.end.min(chars.len())]
            .iter()
            .collect::<String>()
            .replace('\n', " ")
    };
    let short = |s: String| -> String { s.chars().take(70).collect() };
    for g in gold {
        let m = preds
            .iter()
            .find(|p| 2 * ov(&p.0, &g.content) >= g.content.len());
        let tag = match m {
            None => "MISS".to_string(),
            Some(p) => match (&p.1, &g.source) {
                (Some(ps), Some(gs)) if ov(ps, gs) > 0 => "OK".to_string(),
                (ps, _) => format!("SPK[{}]", ps.as_ref().map(&sl).unwrap_or_default()),
            },
        };
        let ctx_b = sl(&(g.content.start.saturating_sub(80)..g.content.start));
        let ctx_a = sl(&(g.content.end..g.content.end + 60));
        eprintln!(
            "G {tag}\t{}\t<= {}\t|| {ctx_b} [[...]] {ctx_a}",
            short(sl(&g.content)),
            g.source.as_ref().map(&sl).unwrap_or_default()
        );
    }
    for p in preds {
        if !gold
            .iter()
            .any(|g| 2 * ov(&p.0, &g.content) >= g.content.len())
        {
            eprintln!(
                "P FP\t{}\t<= {}",
                short(sl(&p.0)),
                p.1.as_ref().map(&sl).unwrap_or_default()
            );
        }
    }
}

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
    text: String,
    layer: TextLayer,
    names: Vec<crate::extract::EntityRef>,
    corpus: Option<std::sync::Arc<DocFreqs>>,
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

/// Summarizes every article (or the first `limit`) of the BBC News Summary
/// JSONL file with as many sentences as its reference, and scores it and the
/// lead-k baseline.
pub fn eval_summary(file: &Path, limit: Option<usize>) -> Result<SummaryEval, String> {
    let data = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let mut ev = SummaryEval::default();
    let (mut a, mut b) = (Rouge::default(), Rouge::default());
    for line in data.lines() {
        if limit.is_some_and(|l| ev.articles >= l) {
            break;
        }
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let (Some(text), Some(summary)) = (v["text"].as_str(), v["summary"].as_str()) else {
            continue;
        };
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
    let data = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let mut ev = ShortSummaryEval::default();
    let add = |acc: &mut Rouge, x: Rouge| {
        acc.r1 += x.r1;
        acc.r2 += x.r2;
        acc.rl += x.rl;
    };
    for line in data.lines() {
        if limit.is_some_and(|l| ev.articles >= l) {
            break;
        }
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let (Some(text), Some(summary), Some(title)) = (
            v["text"].as_str(),
            v["summary"].as_str(),
            v["title"].as_str(),
        ) else {
            continue;
        };
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
    let data = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let mut ev = OneSummaryEval {
        grid: grid.to_vec(),
        ..Default::default()
    };
    for line in data.lines() {
        if limit.is_some_and(|l| ev.lead.len() >= l) {
            break;
        }
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let (Some(text), Some(summary), Some(title)) = (
            v["text"].as_str(),
            v["summary"].as_str(),
            v["title"].as_str(),
        ) else {
            continue;
        };
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
