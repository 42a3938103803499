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

use super::speakers::same_speaker;
use crate::pipeline::{run, Engines};
use std::collections::HashMap;
use std::path::Path;

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
}

impl SalienceEval {
    /// A human-readable report.
    pub fn report(&self) -> String {
        format!(
            "BBC salience: {} articles; annotated entities among the top 5: lede {} of {}, by mention count {} of {}\n",
            self.articles, self.right, self.gold, self.right_by_count, self.gold
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
    let mut gold: HashMap<String, Vec<String>> = HashMap::new();
    for line in tsv
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let Some((id, names)) = line.split_once('\t') else {
            return Err(format!("bad line {line:?}"));
        };
        let names: Vec<String> = names.split(';').map(|s| s.trim().to_string()).collect();
        gold.insert(id.to_string(), names);
    }
    let data = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let debug = std::env::var_os("LEDE_EVAL_DEBUG").is_some();
    let mut ev = SalienceEval::default();
    for line in data.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let (Some(id), Some(body)) = (v["id"].as_str(), v["text"].as_str()) else {
            continue;
        };
        let Some(g) = gold.get(id) else {
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
        ev.right += hits(&top, g);
        ev.right_by_count += hits(&top_count, g);
        if debug {
            eprintln!("{id}\tlede {top:?}\n\tcount {top_count:?}\n\tgold {g:?}");
        }
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
