//! CoNLL-2003 reading, tagging and conlleval-style evaluation.

use super::NerModel;
use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, BufRead, Write};

/// One line of a CoNLL file.
#[derive(Debug, Clone)]
enum Line {
    /// A `-DOCSTART-` line (kept verbatim).
    DocStart(String),
    /// A blank line (kept verbatim).
    Blank(String),
    /// A token line: the text (without line ending) and its first column.
    Token(String),
}

fn is_docstart(line: &str) -> bool {
    line.split_whitespace().next() == Some("-DOCSTART-")
}

/// A CoNLL document: its tokens grouped into sentences, plus the gold tag
/// (last column) of each token when there is more than one column.
#[derive(Debug, Clone, Default)]
pub struct ConllDoc {
    /// Sentences of tokens (first column).
    pub sentences: Vec<Vec<String>>,
    /// Last column of each token line (`None` for one-column input).
    pub gold: Vec<Vec<Option<String>>>,
}

fn group_sentences(lines: &[Line]) -> ConllDoc {
    let mut doc = ConllDoc::default();
    let mut cur: Vec<String> = Vec::new();
    let mut cur_gold: Vec<Option<String>> = Vec::new();
    for l in lines {
        match l {
            Line::Token(t) => {
                let mut cols = t.split_whitespace();
                let first = cols.next().unwrap_or("").to_string();
                let rest: Vec<&str> = cols.collect();
                cur.push(first);
                cur_gold.push(rest.last().map(|s| s.to_string()));
            }
            _ => {
                if !cur.is_empty() {
                    doc.sentences.push(std::mem::take(&mut cur));
                    doc.gold.push(std::mem::take(&mut cur_gold));
                }
            }
        }
    }
    if !cur.is_empty() {
        doc.sentences.push(cur);
        doc.gold.push(cur_gold);
    }
    doc
}

/// Streams CoNLL input document by document (split at `-DOCSTART-`).
fn for_each_doc<R: BufRead>(
    input: R,
    mut f: impl FnMut(&[Line]) -> io::Result<()>,
) -> io::Result<()> {
    let mut lines: Vec<Line> = Vec::new();
    for line in input.lines() {
        let line = line?;
        let line = line.strip_suffix('\r').map(str::to_string).unwrap_or(line);
        if is_docstart(&line) {
            if !lines.is_empty() {
                f(&lines)?;
                lines.clear();
            }
            lines.push(Line::DocStart(line));
        } else if line.trim().is_empty() {
            lines.push(Line::Blank(line));
        } else {
            lines.push(Line::Token(line));
        }
    }
    if !lines.is_empty() {
        f(&lines)?;
    }
    Ok(())
}

/// Reads every document of a CoNLL-2003 file.
pub fn read_conll<R: BufRead>(input: R) -> io::Result<Vec<ConllDoc>> {
    let mut docs = Vec::new();
    for_each_doc(input, |lines| {
        let d = group_sentences(lines);
        if !d.sentences.is_empty() {
            docs.push(d);
        }
        Ok(())
    })?;
    Ok(docs)
}

/// Tags CoNLL-2003 text: every input line is written back unchanged, token
/// lines get one more space-separated column with the predicted IOB2 tag.
/// Each `-DOCSTART-`-delimited document is tagged as a whole.
pub fn tag_conll<R: BufRead, W: Write>(
    model: &NerModel,
    input: R,
    mut output: W,
) -> io::Result<()> {
    for_each_doc(input, |lines| {
        let doc = group_sentences(lines);
        let tags = model.tag_document(&doc.sentences);
        let mut flat = tags.iter().flatten();
        for l in lines {
            match l {
                Line::DocStart(s) | Line::Blank(s) => writeln!(output, "{s}")?,
                Line::Token(s) => {
                    let tag = flat.next().map(|t| t.iob2()).unwrap_or_else(|| "O".into());
                    writeln!(output, "{} {}", s.trim_end(), tag)?;
                }
            }
        }
        Ok(())
    })?;
    output.flush()
}

/// Precision/recall counts for one entity type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TypeCounts {
    /// Entities predicted with exactly the gold span and type.
    pub correct: usize,
    /// Entities predicted.
    pub guessed: usize,
    /// Entities in the gold standard.
    pub gold: usize,
}

impl TypeCounts {
    /// Precision in percent.
    pub fn precision(&self) -> f64 {
        if self.guessed == 0 {
            0.0
        } else {
            100.0 * self.correct as f64 / self.guessed as f64
        }
    }
    /// Recall in percent.
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            0.0
        } else {
            100.0 * self.correct as f64 / self.gold as f64
        }
    }
    /// F1 in percent.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// An exact-span, entity-level evaluation, computed as `conlleval` does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvalReport {
    /// Counts per entity type name.
    pub per_type: BTreeMap<String, TypeCounts>,
    /// Counts over all types.
    pub overall: TypeCounts,
    /// Tokens seen.
    pub tokens: usize,
    /// Tokens whose predicted tag equals the gold tag.
    pub correct_tags: usize,
}

impl EvalReport {
    /// Overall F1 in percent.
    pub fn f1(&self) -> f64 {
        self.overall.f1()
    }
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let acc = if self.tokens == 0 {
            0.0
        } else {
            100.0 * self.correct_tags as f64 / self.tokens as f64
        };
        writeln!(
            f,
            "processed {} tokens with {} phrases; found: {} phrases; correct: {}.",
            self.tokens, self.overall.gold, self.overall.guessed, self.overall.correct
        )?;
        writeln!(
            f,
            "accuracy: {:6.2}%; precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}",
            acc,
            self.overall.precision(),
            self.overall.recall(),
            self.overall.f1()
        )?;
        for (t, c) in &self.per_type {
            writeln!(
                f,
                "{:>17}: precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}  {}",
                t,
                c.precision(),
                c.recall(),
                c.f1(),
                c.guessed
            )?;
        }
        Ok(())
    }
}

fn split_tag(tag: &str) -> (&str, &str) {
    if tag == "O" || tag.is_empty() {
        return ("O", "");
    }
    match tag.split_once('-') {
        Some((p, t)) => (p, t),
        None => (tag, ""),
    }
}

/// conlleval's `endOfChunk`.
fn end_of_chunk(prev_tag: &str, tag: &str, prev_type: &str, ty: &str) -> bool {
    let mut end = matches!(
        (prev_tag, tag),
        ("B", "B")
            | ("B", "O")
            | ("I", "B")
            | ("I", "O")
            | ("E", "E")
            | ("E", "I")
            | ("E", "O")
            | ("E", "S")
            | ("S", "E")
            | ("S", "I")
            | ("S", "O")
            | ("S", "S")
            | ("B", "S")
            | ("I", "S")
    );
    if prev_tag == "E" || prev_tag == "S" {
        end = true;
    }
    if prev_tag != "O" && prev_tag != "." && prev_type != ty {
        end = true;
    }
    end
}

/// conlleval's `startOfChunk`.
fn start_of_chunk(prev_tag: &str, tag: &str, prev_type: &str, ty: &str) -> bool {
    let mut start = matches!(
        (prev_tag, tag),
        ("B", "B")
            | ("I", "B")
            | ("O", "B")
            | ("O", "I")
            | ("E", "E")
            | ("E", "I")
            | ("O", "E")
            | ("S", "B")
            | ("S", "I")
            | ("S", "E")
            | ("E", "B")
            | ("O", "S")
            | ("B", "S")
            | ("I", "S")
            | ("E", "S")
            | ("S", "S")
    );
    if tag == "B" || tag == "S" {
        start = true;
    }
    if tag != "O" && tag != "." && prev_type != ty {
        start = true;
    }
    start
}

/// Incremental conlleval scorer: feed (gold, predicted) tag pairs token by
/// token, and call [`Conlleval::boundary`] between sentences.
#[derive(Debug, Clone, Default)]
pub struct Conlleval {
    report: EvalReport,
    in_correct: bool,
    last_correct: (String, String),
    last_guessed: (String, String),
    last_correct_type: String,
}

impl Conlleval {
    /// A fresh scorer.
    pub fn new() -> Self {
        Conlleval {
            last_correct: ("O".into(), String::new()),
            last_guessed: ("O".into(), String::new()),
            ..Default::default()
        }
    }

    /// Adds one token with its gold and predicted tags (IOB1, IOB2 or IOBES).
    pub fn add(&mut self, gold: &str, guess: &str) {
        self.step(gold, guess, true);
    }

    /// Marks a sentence or document boundary (scored like an `O` token that
    /// is not counted).
    pub fn boundary(&mut self) {
        self.step("O", "O", false);
    }

    fn step(&mut self, gold: &str, guess: &str, count: bool) {
        let (ct, cty) = split_tag(gold);
        let (gt, gty) = split_tag(guess);
        let (lct, lcty) = (self.last_correct.0.as_str(), self.last_correct.1.as_str());
        let (lgt, lgty) = (self.last_guessed.0.as_str(), self.last_guessed.1.as_str());
        let end_c = end_of_chunk(lct, ct, lcty, cty);
        let end_g = end_of_chunk(lgt, gt, lgty, gty);
        let start_c = start_of_chunk(lct, ct, lcty, cty);
        let start_g = start_of_chunk(lgt, gt, lgty, gty);
        if self.in_correct {
            if end_c && end_g && lgty == lcty {
                self.in_correct = false;
                let t = self.last_correct_type.clone();
                self.report.per_type.entry(t).or_default().correct += 1;
                self.report.overall.correct += 1;
            } else if end_c != end_g || gty != cty {
                self.in_correct = false;
            }
        }
        if start_c && start_g && gty == cty {
            self.in_correct = true;
            self.last_correct_type = cty.to_string();
        }
        if start_c {
            self.report.overall.gold += 1;
            self.report
                .per_type
                .entry(cty.to_string())
                .or_default()
                .gold += 1;
        }
        if start_g {
            self.report.overall.guessed += 1;
            self.report
                .per_type
                .entry(gty.to_string())
                .or_default()
                .guessed += 1;
        }
        if count {
            self.report.tokens += 1;
            if gold == guess {
                self.report.correct_tags += 1;
            }
        }
        self.last_correct = (ct.to_string(), cty.to_string());
        self.last_guessed = (gt.to_string(), gty.to_string());
    }

    /// Finishes scoring and returns the report.
    pub fn finish(mut self) -> EvalReport {
        self.boundary();
        self.report
    }
}

/// Tags CoNLL-2003 input with `model` and scores it against the gold tags
/// in the input's last column (IOB1 or IOB2), as `conlleval` does.
pub fn eval_conll<R: BufRead>(model: &NerModel, input: R) -> io::Result<EvalReport> {
    let mut ev = Conlleval::new();
    for_each_doc(input, |lines| {
        let doc = group_sentences(lines);
        let tags = model.tag_document(&doc.sentences);
        for (gs, ps) in doc.gold.iter().zip(tags.iter()) {
            for (g, p) in gs.iter().zip(ps.iter()) {
                ev.add(g.as_deref().unwrap_or("O"), &p.iob2());
            }
            ev.boundary();
        }
        Ok(())
    })?;
    Ok(ev.finish())
}

/// Scores already-tagged CoNLL text as `conlleval` does: the gold tag is
/// the second-to-last column and the predicted tag the last column of each
/// token line; blank and `-DOCSTART-` lines are boundaries.
pub fn score_conll<R: BufRead>(input: R) -> io::Result<EvalReport> {
    let mut ev = Conlleval::new();
    for (n, line) in input.lines().enumerate() {
        let line = line?;
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.is_empty() || cols[0] == "-DOCSTART-" {
            ev.boundary();
            continue;
        }
        if cols.len() < 3 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("line {}: expected token, gold and predicted columns", n + 1),
            ));
        }
        ev.add(cols[cols.len() - 2], cols[cols.len() - 1]);
    }
    Ok(ev.finish())
}

/// Scores documents already tagged (label indices) against their gold tags.
#[cfg_attr(not(feature = "train"), allow(dead_code))]
pub(crate) fn eval_indices(docs: &[ConllDoc], pred: &[Vec<Vec<u8>>]) -> EvalReport {
    let mut ev = Conlleval::new();
    for (d, p) in docs.iter().zip(pred.iter()) {
        for (gs, ps) in d.gold.iter().zip(p.iter()) {
            for (g, &l) in gs.iter().zip(ps.iter()) {
                ev.add(
                    g.as_deref().unwrap_or("O"),
                    &super::NerTag::from_index(l).iob2(),
                );
            }
            ev.boundary();
        }
    }
    ev.finish()
}
