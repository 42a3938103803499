//! Salient entities: are the entities Lede lists first the ones a reader
//! says the article is about? Scored on BBC News articles annotated by hand
//! (`tests/data/bbc_salience.tsv`: an article id, then its five most
//! salient entities separated by `;`).
//!
//! Each article is analysed as a reader sees it, its headline first (as the
//! speaker evaluation does). For each article the first five name entities of the analysis are
//! compared with the five annotated; one counts as right when it is the
//! same entity as an annotated one ([`super::speakers::same_speaker`]: the
//! last significant word of one name in the other), by its name or one of
//! the aliases Lede lists with it (`Conservatives` with `Tories`: the
//! annotator wrote `Tories`). The score by name alone is given beside. The baseline is the
//! order by mention count (then first mention), what Lede listed before.
//!
//! The file is annotated in batches, each after a `# Session` comment line:
//! the first 20 articles chose the ranking's first weights, the later
//! batches were annotated blind (without seeing Lede's output). The figures
//! are given per batch, and by 5-fold cross-validation by article (article
//! `i` of the file in fold `i mod 5`): for the shipped weights that is the
//! score of each fold, whose mean and spread show how much one figure
//! moves with the articles drawn. Fitting the weights on four folds and
//! scoring the fifth is done outside the program on the feature dump:
//! with `LEDE_SALIENCE_DUMP=FILE` the features of every name
//! entity are written to `FILE` (one line per entity: batch, article id,
//! name, label, quotes given, the features of
//! [`crate::extract::entities::salience::features`] and of
//! [`crate::extract::entities::salience::dump_only_features`], the
//! annotated entities it matches), for choosing the weights by cross-validation over articles
//! outside the program.

use super::speakers::same_speaker;
use crate::extract::entities::salience::{
    alias_heads, dump_only_features, features, mention_ranges, DUMP_ONLY_NAMES, FEATURE_NAMES,
};
use crate::extract::entities::Entity;
use crate::pipeline::{run, Engines};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

/// The number of cross-validation folds (article `i` of the file is in
/// fold `i mod FOLDS`).
pub const FOLDS: usize = 5;

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
    /// Lede's top five that are annotated, matched by name alone (not by
    /// alias).
    pub right_by_name: usize,
    /// Lede's top five that are annotated and the annotated entities, by
    /// batch of the file (the lines before the first `# Session` comment,
    /// then after each).
    pub batches: Vec<(usize, usize)>,
    /// Lede's top five that are annotated and the annotated entities, by
    /// fold ([`FOLDS`]).
    pub folds: [(usize, usize); FOLDS],
}

impl SalienceEval {
    /// The share of annotated entities in Lede's top five in each fold:
    /// their mean and (sample) standard deviation, in percent.
    pub fn fold_mean_sd(&self) -> (f64, f64) {
        super::mean_sd(
            self.folds
                .iter()
                .filter(|f| f.1 > 0)
                .map(|&(r, g)| 100.0 * r as f64 / g as f64),
        )
    }

    /// A human-readable report.
    pub fn report(&self) -> String {
        let batches: Vec<String> = self
            .batches
            .iter()
            .map(|(r, g)| format!("{r} of {g}"))
            .collect();
        let folds: Vec<String> = self.folds.iter().map(|(r, g)| format!("{r}/{g}")).collect();
        let (mean, sd) = self.fold_mean_sd();
        format!(
            "BBC salience: {} articles; annotated entities among the top 5: lede {} of {} (by name alone {}), by mention count {} of {} (lede by batch of the file: {}; by fold: {}, mean {mean:.1}% sd {sd:.1})\n",
            self.articles, self.right, self.gold, self.right_by_name, self.right_by_count, self.gold,
            batches.join(", "), folds.join(" ")
        )
    }
}

/// True when the entity `e` is the annotated entity `gold`: by its name,
/// or (`aliases`) by one of its aliases too.
fn is_gold(e: &Entity, gold: &str, aliases: bool) -> bool {
    same_speaker(&e.name, gold) || aliases && e.aliases.iter().any(|a| same_speaker(a, gold))
}

/// How many of `top` are one of `gold` (each gold entity counted once),
/// matched by name and (`aliases`) by alias.
fn hits(top: &[&Entity], gold: &[String], aliases: bool) -> usize {
    let mut used = vec![false; gold.len()];
    let mut n = 0;
    for t in top {
        if let Some(k) = (0..gold.len()).find(|&k| !used[k] && is_gold(t, &gold[k], aliases)) {
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
    // id -> (batch, fold, names)
    let mut gold: HashMap<String, (usize, usize, Vec<String>)> = HashMap::new();
    let mut batch = 0;
    for line in tsv.lines().filter(|l| !l.trim().is_empty()) {
        if line.starts_with("# Session") && !gold.is_empty() {
            batch += 1;
        }
        if line.starts_with('#') {
            continue;
        }
        let Some((id, names)) = line.split_once('\t') else {
            return Err(format!("bad line {line:?}"));
        };
        let names: Vec<String> = names.split(';').map(|s| s.trim().to_string()).collect();
        let fold = gold.len() % FOLDS;
        gold.insert(id.to_string(), (batch, fold, names));
    }
    let data = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let debug = std::env::var_os("LEDE_EVAL_DEBUG").is_some();
    let dump_path = std::env::var_os("LEDE_SALIENCE_DUMP");
    let mut dump = format!(
        "batch\tfold\tid\tname\tlabel\tquoted\t{}\t{}\tgold\n",
        FEATURE_NAMES.join("\t"),
        DUMP_ONLY_NAMES.join("\t")
    );
    let mut ev = SalienceEval {
        batches: vec![(0, 0); batch + 1],
        ..SalienceEval::default()
    };
    for line in data.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let (Some(id), Some(body)) = (v["id"].as_str(), v["text"].as_str()) else {
            continue;
        };
        let Some(&(batch, fold, ref g)) = gold.get(id) else {
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
        let names: Vec<&Entity> = x
            .entities
            .entities
            .iter()
            .filter(|e| e.label.is_name() && e.related.is_none())
            .collect();
        let top: Vec<&Entity> = names.iter().take(5).copied().collect();
        let mut by_count = names.clone();
        by_count.sort_by_key(|e| {
            (
                std::cmp::Reverse(e.mentions.len()),
                e.mentions.first().copied().unwrap_or(usize::MAX),
            )
        });
        let top_count: Vec<&Entity> = by_count.iter().take(5).copied().collect();
        ev.articles += 1;
        ev.gold += g.len();
        let right = hits(&top, g, true);
        ev.right_by_name += hits(&top, g, false);
        ev.right += right;
        for slot in [&mut ev.batches[batch], &mut ev.folds[fold]] {
            slot.0 += right;
            slot.1 += g.len();
        }
        ev.right_by_count += hits(&top_count, g, true);
        if dump_path.is_some() {
            dump_features(&mut dump, (batch, fold), id, &x, g);
        }
        if debug {
            let show = |v: &[&Entity]| v.iter().map(|e| e.name.clone()).collect::<Vec<_>>();
            eprintln!(
                "{id}\t{right} of {}\tlede {:?}\n\tcount {:?}\n\tgold {g:?}",
                g.len(),
                show(&top),
                show(&top_count)
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
    (batch, fold): (usize, usize),
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
    let heads = alias_heads(ents);
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
            heads.get(i).is_some_and(Option::is_some),
        );
        let matches: Vec<String> = (0..gold.len())
            .filter(|&k| is_gold(e, &gold[k], true))
            .map(|k| k.to_string())
            .collect();
        let _ = write!(
            out,
            "{batch}\t{fold}\t{id}\t{}\t{:?}\t{}",
            e.name, e.label, quoted[i]
        );
        for v in f.into_iter().chain(dump_only_features(
            &x.layer.tokens,
            &x.layer.sentence_tokens,
            e.label,
            ms,
        )) {
            let _ = write!(out, "\t{v:.4}");
        }
        let _ = writeln!(out, "\t{}", matches.join(","));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Label;

    fn entity(name: &str, aliases: &[&str]) -> Entity {
        Entity {
            name: name.to_string(),
            label: Label::Org,
            mentions: Vec::new(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            role: None,
            value: None,
            related: None,
            confidence: 1.0,
        }
    }

    #[test]
    fn an_annotated_name_matches_an_alias_lede_lists() {
        // Lede lists `Conservatives (Tory, Tories)`; the annotator wrote `Tories`
        let tories = entity("Conservatives", &["Tory", "Tories"]);
        let labour = entity("Labour", &[]);
        let gold = vec!["Tories".to_string(), "Labour Party".to_string()];
        assert_eq!(hits(&[&tories, &labour], &gold, true), 2);
        assert_eq!(hits(&[&tories, &labour], &gold, false), 1);
        // each annotated entity counts once
        assert_eq!(hits(&[&labour, &labour], &gold, true), 1);
    }
}
