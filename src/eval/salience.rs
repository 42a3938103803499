//! Salient entities: are the entities Lede lists first the ones a reader
//! says the article is about? Scored on BBC News articles annotated by hand
//! (`tests/data/bbc_salience.tsv`: an article id, then its five most
//! salient entities separated by `;`).
//!
//! Each article is analysed as a reader sees it, its headline first (as the
//! speaker evaluation does). For each article the first five name entities of the analysis are
//! compared with the five annotated; one counts as right when it is the
//! same entity as an annotated one ([`super::speakers::same_speaker`]: the
//! last significant word of one name in the other). The baseline is the
//! order by mention count (then first mention), what Lede listed before.
//!
//! The first [`TUNED`] articles of the file chose the ranking's weights
//! before the others were annotated blind: the figures are given for both
//! halves. With `LEDE_SALIENCE_DUMP=FILE` the features of every name
//! entity are written to `FILE` (one line per entity: half, article id,
//! name, label, quotes given, the features of
//! [`crate::extract::entities::salience::features`] and of
//! [`crate::extract::entities::salience::dump_only_features`], the
//! annotated entities it matches), for choosing the weights by cross-validation over articles
//! outside the program.

use super::speakers::same_speaker;
use crate::extract::entities::salience::{
    dump_only_features, features, mention_ranges, DUMP_ONLY_NAMES, FEATURE_NAMES,
};
use crate::pipeline::{run, Engines};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

/// The articles at the head of the annotation file on which the weights
/// were first chosen; the rest were annotated without seeing Lede's output.
pub const TUNED: usize = 20;

/// Right entities among the top five, Lede's order and the count order.
#[derive(Debug, Clone, Default)]
pub struct SalienceEval {
    /// Articles scored.
    pub articles: usize,
    /// Annotated entities (five per article).
    pub gold: usize,
    /// Lede's top five that are annotated.
    pub right: usize,
    /// The top five by mention count that are annotated.
    pub right_by_count: usize,
    /// Lede's top five that are annotated, in the first [`TUNED`] articles
    /// of the file and in the rest.
    pub right_halves: [usize; 2],
    /// Annotated entities in the first [`TUNED`] articles and in the rest.
    pub gold_halves: [usize; 2],
}

impl SalienceEval {
    /// A human-readable report.
    pub fn report(&self) -> String {
        format!(
            "BBC salience: {} articles; annotated entities among the top 5: lede {} of {}, by mention count {} of {} (lede on the first {TUNED}: {} of {}; on the rest: {} of {})\n",
            self.articles, self.right, self.gold, self.right_by_count, self.gold,
            self.right_halves[0], self.gold_halves[0], self.right_halves[1], self.gold_halves[1]
        )
    }
}

/// How many of `top` are one of `gold` (each gold entity counted once).
fn hits(top: &[&str], gold: &[String]) -> usize {
    let mut used = vec![false; gold.len()];
    let mut n = 0;
    for t in top {
        if let Some(k) = (0..gold.len()).find(|&k| !used[k] && same_speaker(t, &gold[k])) {
            used[k] = true;
            n += 1;
        }
    }
    n
}

/// Scores the top five entities of each annotated article of the BBC News
/// Summary JSONL `file` against `gold_tsv`.
pub fn eval_salience(file: &Path, gold_tsv: &Path) -> Result<SalienceEval, String> {
    let tsv = std::fs::read_to_string(gold_tsv)
        .map_err(|e| format!("cannot read {}: {e}", gold_tsv.display()))?;
    let mut gold: HashMap<String, (usize, Vec<String>)> = HashMap::new();
    for line in tsv
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let Some((id, names)) = line.split_once('\t') else {
            return Err(format!("bad line {line:?}"));
        };
        let names: Vec<String> = names.split(';').map(|s| s.trim().to_string()).collect();
        let half = usize::from(gold.len() >= TUNED);
        gold.insert(id.to_string(), (half, names));
    }
    let data = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let debug = std::env::var_os("LEDE_EVAL_DEBUG").is_some();
    let dump_path = std::env::var_os("LEDE_SALIENCE_DUMP");
    let mut dump = format!(
        "half\tid\tname\tlabel\tquoted\t{}\t{}\tgold\n",
        FEATURE_NAMES.join("\t"),
        DUMP_ONLY_NAMES.join("\t")
    );
    let mut ev = SalienceEval::default();
    for line in data.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let (Some(id), Some(body)) = (v["id"].as_str(), v["text"].as_str()) else {
            continue;
        };
        let Some((half, g)) = gold.get(id) else {
            continue;
        };
        // the article as a reader (and the annotator) sees it: its headline,
        // then the text
        let text = match v["title"].as_str() {
            Some(title) => format!("{title}\n\n{body}"),
            None => body.to_string(),
        };
        let x = run(
            &text,
            None,
            &Engines {
                quotes: true,
                keyphrases: 0,
                summary: 0,
            },
        );
        let names: Vec<&crate::extract::entities::Entity> = x
            .entities
            .entities
            .iter()
            .filter(|e| e.label.is_name() && e.related.is_none())
            .collect();
        let top: Vec<&str> = names.iter().take(5).map(|e| e.name.as_str()).collect();
        let mut by_count = names.clone();
        by_count.sort_by_key(|e| {
            (
                std::cmp::Reverse(e.mentions.len()),
                e.mentions.first().copied().unwrap_or(usize::MAX),
            )
        });
        let top_count: Vec<&str> = by_count.iter().take(5).map(|e| e.name.as_str()).collect();
        ev.articles += 1;
        ev.gold += g.len();
        let right = hits(&top, g);
        ev.right += right;
        ev.right_halves[*half] += right;
        ev.gold_halves[*half] += g.len();
        ev.right_by_count += hits(&top_count, g);
        if dump_path.is_some() {
            dump_features(&mut dump, *half, id, &x, g);
        }
        if debug {
            eprintln!(
                "{id}\t{right} of {}\tlede {top:?}\n\tcount {top_count:?}\n\tgold {g:?}",
                g.len()
            );
        }
    }
    if let Some(p) = dump_path.map(std::path::PathBuf::from) {
        std::fs::write(&p, dump).map_err(|e| format!("cannot write {}: {e}", p.display()))?;
    }
    if ev.articles != gold.len() {
        return Err(format!(
            "{} of {} annotated articles found in {}",
            ev.articles,
            gold.len(),
            file.display()
        ));
    }
    Ok(ev)
}

/// Appends one line per name entity of `x` (see the module documentation).
fn dump_features(
    out: &mut String,
    half: usize,
    id: &str,
    x: &crate::pipeline::Extraction,
    gold: &[String],
) {
    let ents = &x.entities;
    let mut quoted = vec![0usize; ents.entities.len()];
    for q in x.quotes.quotes.iter().chain(&x.quotes.attributions) {
        if let Some(n) = q.speaker.and_then(|s| quoted.get_mut(s)) {
            *n += 1;
        }
    }
    let named = mention_ranges(ents);
    for (i, e) in ents.entities.iter().enumerate() {
        if !e.label.is_name() || e.related.is_some() {
            continue;
        }
        let ms = named.get(i).map_or(&[][..], Vec::as_slice);
        let f = features(
            &x.layer.tokens,
            &x.layer.sentence_tokens,
            &x.layer.paragraphs,
            e.label,
            ms,
        );
        let matches: Vec<String> = (0..gold.len())
            .filter(|&k| same_speaker(&e.name, &gold[k]))
            .map(|k| k.to_string())
            .collect();
        let _ = write!(
            out,
            "{half}\t{id}\t{}\t{:?}\t{}",
            e.name, e.label, quoted[i]
        );
        for v in f
            .into_iter()
            .chain(dump_only_features(&x.layer.tokens, e.label, ms))
        {
            let _ = write!(out, "\t{v:.4}");
        }
        let _ = writeln!(out, "\t{}", matches.join(","));
    }
}
