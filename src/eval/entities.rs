//! Names out of domain: Lede's entity mentions against news articles
//! annotated by hand with CoNLL-2003's types (`tests/data/ner_*.tsv`, made
//! with `scripts/ner_spans.py`: BBC News of 2004–05 and PolNeAR's US
//! political news of 2016, neither of which the tagger was trained or tuned
//! on).
//!
//! CoNLL's own score is per token sequence; here the unit is a mention in
//! the raw text, as a reader sees it in the page: a mention is right when
//! its span (code points, end-exclusive) and its type are both the
//! annotator's. That is the exact-match F1 of the CoNLL script, on text
//! Lede tokenizes itself, so tokenization and the document-level rules
//! (one type per entity, titles cut off as roles, bylines) count too.
//!
//! Each file row is `source, id, start, end, type, surface`; `source` is
//! `bbc` (the `text` field of BBC News Summary's JSONL, by `id`) or
//! `polnear` (the whole file `id` of PolNeAR's `dev/text`). An article with
//! no row is not in the set: every annotated article has at least one name.
//!
//! The report gives precision, recall and F1 by source and by type, for
//! every mention and for the confident ones only (what the page's chart and
//! facets count, [`UNCERTAIN_BELOW`]), and sorts the errors into
//! their kinds: the right span with the wrong type, an overlapping span
//! (a boundary error), a name missed, a name made up. Another tagger's
//! mentions in the same row format (`--predicted FILE`, e.g. spaCy's by
//! `scripts/ner_spacy.py`) are scored beside, on the same articles.

use super::{cp_table, Prf};
use crate::extract::entities::UNCERTAIN_BELOW;
use crate::pipeline::{run, Engines};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// The name types scored, in report order.
pub const TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

/// One mention: code-point span and type (an index into [`TYPES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The type, an index into [`TYPES`].
    pub ty: usize,
}

/// An annotated article: where it comes from, its text and its gold names.
#[derive(Debug, Clone)]
pub struct SpanDoc {
    /// `bbc` or `polnear`.
    pub source: String,
    /// The article's id in its source.
    pub id: String,
    /// The text the offsets count in.
    pub text: String,
    /// The annotated mentions, in text order.
    pub gold: Vec<Span>,
}

/// Counts for one slice of the set (a source, a type, or all).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Mentions right (span and type).
    pub tp: usize,
    /// Mentions predicted.
    pub pred: usize,
    /// Mentions annotated.
    pub gold: usize,
}

impl Counts {
    /// Precision, recall and F1.
    pub fn prf(&self) -> Prf {
        Prf::new(self.tp, self.pred, self.tp, self.gold)
    }

    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.pred += o.pred;
        self.gold += o.gold;
    }
}

/// The kinds of error, counted over gold and predicted mentions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Errors {
    /// The annotator's span, another type.
    pub wrong_type: usize,
    /// A predicted mention overlapping a gold one with other edges (either type).
    pub boundary: usize,
    /// A gold mention no prediction overlaps.
    pub missed: usize,
    /// A predicted mention that overlaps no gold mention.
    pub spurious: usize,
}

/// One tagger's score on the set.
#[derive(Debug, Clone, Default)]
pub struct Score {
    /// By source (`bbc`, `polnear`), then `all`.
    pub by_source: BTreeMap<String, Counts>,
    /// By type ([`TYPES`]) over all sources.
    pub by_type: [Counts; 4],
    /// All mentions.
    pub all: Counts,
    /// The errors by kind.
    pub errors: Errors,
    /// Each error, for reading: article, kind, the gold and predicted mentions.
    pub listing: Vec<String>,
}

impl Score {
    /// Scores `pred` (per article, as `docs`) against the gold of `docs`.
    pub fn new(docs: &[SpanDoc], pred: &[Vec<Span>]) -> Score {
        let mut s = Score::default();
        for (d, p) in docs.iter().zip(pred) {
            let mut c = Counts {
                gold: d.gold.len(),
                pred: p.len(),
                ..Counts::default()
            };
            for g in &d.gold {
                s.by_type[g.ty].gold += 1;
            }
            for x in p {
                s.by_type[x.ty].pred += 1;
                if d.gold.contains(x) {
                    c.tp += 1;
                    s.by_type[x.ty].tp += 1;
                }
            }
            let cut = |sp: &Span| {
                d.text
                    .chars()
                    .skip(sp.start)
                    .take(sp.end - sp.start)
                    .collect::<String>()
            };
            let overlaps = |a: &Span, b: &Span| a.start < b.end && b.start < a.end;
            for g in &d.gold {
                if p.contains(g) {
                    continue;
                }
                let same = p.iter().find(|x| x.start == g.start && x.end == g.end);
                let over: Vec<&Span> = p.iter().filter(|x| overlaps(x, g)).collect();
                let (kind, shown) = if let Some(x) = same {
                    s.errors.wrong_type += 1;
                    ("type", TYPES[x.ty].to_string())
                } else if over.is_empty() {
                    s.errors.missed += 1;
                    ("missed", String::new())
                } else {
                    let v: Vec<String> = over
                        .iter()
                        .map(|x| format!("{:?} {}", cut(x), TYPES[x.ty]))
                        .collect();
                    ("span", v.join(", "))
                };
                s.listing.push(format!(
                    "{}\t{kind}\tgold {:?} {}\t{shown}",
                    d.id,
                    cut(g),
                    TYPES[g.ty]
                ));
            }
            for x in p {
                if d.gold.iter().any(|g| g.start == x.start && g.end == x.end) {
                    continue;
                }
                if d.gold.iter().any(|g| overlaps(x, g)) {
                    s.errors.boundary += 1;
                } else {
                    s.errors.spurious += 1;
                    s.listing.push(format!(
                        "{}\tspurious\t\t{:?} {}",
                        d.id,
                        cut(x),
                        TYPES[x.ty]
                    ));
                }
            }
            s.by_source.entry(d.source.clone()).or_default().add(c);
            s.all.add(c);
        }
        s
    }

    /// One report line per source and type.
    pub fn report(&self, name: &str) -> String {
        let mut out = String::new();
        let f1 = |c: &Counts| format!("{:.1}", c.prf().f1 * 100.0);
        let sources: Vec<String> = self
            .by_source
            .iter()
            .map(|(k, c)| format!("{k} {}", f1(c)))
            .collect();
        let types: Vec<String> = TYPES
            .iter()
            .zip(&self.by_type)
            .map(|(t, c)| format!("{t} {}", f1(c)))
            .collect();
        let _ = writeln!(
            out,
            "{name}: {} ({} right of {} predicted, {} annotated); F1 by source: {}; by type: {}",
            self.all.prf(),
            self.all.tp,
            self.all.pred,
            self.all.gold,
            sources.join(", "),
            types.join(", ")
        );
        let e = &self.errors;
        let _ = writeln!(
            out,
            "  errors: type wrong {}, span overlapping {}, missed {}, spurious {}",
            e.wrong_type, e.boundary, e.missed, e.spurious
        );
        out
    }
}

/// Reads the annotation files and the articles they name: BBC articles from
/// the JSONL `bbc`, PolNeAR ones from the directory `polnear` (its
/// `dev/text`).
pub fn load_span_docs(
    files: &[&Path],
    bbc: Option<&Path>,
    polnear: Option<&Path>,
) -> Result<Vec<SpanDoc>, String> {
    let mut rows: BTreeMap<(String, String), Vec<Span>> = BTreeMap::new();
    let mut order: Vec<(String, String)> = Vec::new();
    for f in files {
        for (key, span) in parse_rows(f, true)? {
            if !rows.contains_key(&key) {
                order.push(key.clone());
            }
            rows.entry(key).or_default().push(span);
        }
    }
    let mut bbc_texts: BTreeMap<String, String> = BTreeMap::new();
    if order.iter().any(|(s, _)| s == "bbc") {
        let Some(path) = bbc else {
            return Err("the annotations name BBC articles: give --bbc FILE".into());
        };
        let data = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        for line in data.lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            if let (Some(id), Some(t)) = (v["id"].as_str(), v["text"].as_str()) {
                bbc_texts.insert(id.to_string(), t.to_string());
            }
        }
    }
    let mut docs = Vec::new();
    for key in order {
        let text = match key.0.as_str() {
            "bbc" => bbc_texts
                .get(&key.1)
                .cloned()
                .ok_or_else(|| format!("no BBC article {:?}", key.1))?,
            "polnear" => {
                let Some(dir) = polnear else {
                    return Err("the annotations name PolNeAR articles: give --polnear DIR".into());
                };
                let p = dir.join("dev").join("text").join(&key.1);
                std::fs::read_to_string(&p)
                    .map_err(|e| format!("cannot read {}: {e}", p.display()))?
            }
            s => return Err(format!("unknown source {s:?} (bbc or polnear)")),
        };
        let n = text.chars().count();
        let mut gold = rows.remove(&key).unwrap_or_default();
        if let Some(g) = gold.iter().find(|g| g.start >= g.end || g.end > n) {
            return Err(format!(
                "{} {}: span {}..{} outside the text",
                key.0, key.1, g.start, g.end
            ));
        }
        gold.sort();
        docs.push(SpanDoc {
            source: key.0,
            id: key.1,
            text,
            gold,
        });
    }
    Ok(docs)
}

/// Lede's name mentions in each article (code points), each with its
/// confidence: `analyze`'s pipeline run once per article.
pub fn lede_mentions(docs: &[SpanDoc]) -> Vec<Vec<(Span, f32)>> {
    docs.iter()
        .map(|d| {
            let x = run(
                &d.text,
                None,
                &Engines {
                    quotes: true,
                    keyphrases: 0,
                    summary: 0,
                },
            );
            let cp = cp_table(&d.text);
            x.entities
                .mentions
                .iter()
                .filter_map(|m| {
                    let ty = TYPES.iter().position(|t| *t == m.label.as_str())?;
                    let span = Span {
                        start: *cp.get(m.range.start)?,
                        end: *cp.get(m.range.end)?,
                        ty,
                    };
                    Some((span, m.confidence))
                })
                .collect()
        })
        .collect()
}

/// The mentions of `mentions` with a confidence of at least `min_conf`,
/// sorted, each span once.
pub fn at_least(mentions: &[Vec<(Span, f32)>], min_conf: f32) -> Vec<Vec<Span>> {
    mentions
        .iter()
        .map(|ms| {
            let mut v: Vec<Span> = ms
                .iter()
                .filter(|(_, c)| *c >= min_conf)
                .map(|&(sp, _)| sp)
                .collect();
            v.sort();
            v.dedup();
            v
        })
        .collect()
}

/// Lede's name mentions in each article (code points), those with a
/// confidence of at least `min_conf`.
pub fn lede_spans(docs: &[SpanDoc], min_conf: f32) -> Vec<Vec<Span>> {
    at_least(&lede_mentions(docs), min_conf)
}

/// Another tagger's mentions of the same articles, from rows in the
/// annotation format.
pub fn read_predicted(path: &Path, docs: &[SpanDoc]) -> Result<Vec<Vec<Span>>, String> {
    let mut by_doc: BTreeMap<(String, String), Vec<Span>> = BTreeMap::new();
    for (key, span) in parse_rows(path, false)? {
        by_doc.entry(key).or_default().push(span);
    }
    Ok(docs
        .iter()
        .map(|d| {
            let mut v = by_doc
                .remove(&(d.source.clone(), d.id.clone()))
                .unwrap_or_default();
            v.sort();
            v.dedup();
            v
        })
        .collect())
}

/// An article by source and id (`bbc`, `business/001`).
type ArticleKey = (String, String);

/// The rows of an annotation file (`source id start end type surface`), in
/// file order, comments and blank lines skipped. `strict` (gold files):
/// every row has its six columns and one of the four types; otherwise (another
/// tagger's rows) a row of another type (dates, numbers) is not a name and is
/// skipped.
fn parse_rows(path: &Path, strict: bool) -> Result<Vec<(ArticleKey, Span)>, String> {
    let tsv = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in tsv.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let bad = || {
            format!(
                "{}:{}: not `source id start end type surface`",
                path.display(),
                n + 1
            )
        };
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < if strict { 6 } else { 5 } {
            return Err(bad());
        }
        let (Ok(start), Ok(end)) = (c[2].parse::<usize>(), c[3].parse::<usize>()) else {
            return Err(bad());
        };
        match TYPES.iter().position(|t| *t == c[4]) {
            Some(ty) => out.push((
                (c[0].to_string(), c[1].to_string()),
                Span { start, end, ty },
            )),
            None if strict => return Err(bad()),
            None => {}
        }
    }
    Ok(out)
}

/// The whole report: Lede (every mention, then the confident ones) and the
/// `predicted` taggers, on the same articles. With `listing`, every error
/// of Lede's (all mentions) follows.
pub fn report(docs: &[SpanDoc], predicted: &[(String, Vec<Vec<Span>>)], listing: bool) -> String {
    let words: usize = docs.iter().map(|d| d.text.split_whitespace().count()).sum();
    let mut out = format!(
        "names out of domain: {} articles, {words} words, {} annotated mentions (exact span and type)\n",
        docs.len(),
        docs.iter().map(|d| d.gold.len()).sum::<usize>()
    );
    let mentions = lede_mentions(docs);
    let all = Score::new(docs, &at_least(&mentions, 0.0));
    out.push_str(&all.report("lede, every mention"));
    let sure = Score::new(docs, &at_least(&mentions, UNCERTAIN_BELOW));
    out.push_str(&sure.report(&format!("lede, confidence >= {UNCERTAIN_BELOW}")));
    for (name, p) in predicted {
        out.push_str(&Score::new(docs, p).report(name));
    }
    if listing {
        for l in &all.listing {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str, gold: &[(usize, usize, usize)]) -> SpanDoc {
        SpanDoc {
            source: "bbc".into(),
            id: "x/1".into(),
            text: text.into(),
            gold: gold
                .iter()
                .map(|&(start, end, ty)| Span { start, end, ty })
                .collect(),
        }
    }

    #[test]
    fn errors_are_sorted_into_their_kinds() {
        // "Tony Blair met Gordon Brown in Leeds"
        let d = doc(
            "Tony Blair met Gordon Brown in Leeds",
            &[(0, 10, 0), (15, 27, 0), (31, 36, 2)],
        );
        let p = vec![
            Span {
                start: 0,
                end: 10,
                ty: 0,
            }, // right
            Span {
                start: 22,
                end: 27,
                ty: 0,
            }, // boundary
            Span {
                start: 31,
                end: 36,
                ty: 1,
            }, // wrong type
            Span {
                start: 11,
                end: 14,
                ty: 3,
            }, // spurious
        ];
        let s = Score::new(&[d], &[p]);
        assert_eq!(
            s.all,
            Counts {
                tp: 1,
                pred: 4,
                gold: 3
            }
        );
        assert_eq!(
            s.errors,
            Errors {
                wrong_type: 1,
                boundary: 1,
                missed: 0,
                spurious: 1
            }
        );
        assert_eq!(
            s.by_type[0],
            Counts {
                tp: 1,
                pred: 2,
                gold: 2
            }
        );
        assert!(s
            .listing
            .iter()
            .any(|l| l.contains("type\tgold \"Leeds\" LOC\tORG")));
    }

    #[test]
    fn lede_spans_count_code_points() {
        // an accented name before the person: code points, not bytes
        let d = doc("José Mourinho’s side beat Arsenal at Stamford Bridge.", &[]);
        let spans = lede_spans(std::slice::from_ref(&d), 0.0).remove(0);
        let person = spans
            .iter()
            .find(|s| TYPES[s.ty] == "PER")
            .expect("a person");
        let got: String = d
            .text
            .chars()
            .skip(person.start)
            .take(person.end - person.start)
            .collect();
        assert_eq!(got, "José Mourinho");
    }
}
