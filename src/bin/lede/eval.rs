//! The evaluation commands on research corpora: `eval-quotes` (PolNeAR),
//! `eval-speakers` (the hand-annotated BBC speakers and salience),
//! `eval-keyphrases` (KPCrowd, BBC, the learned ranker and its
//! cross-validation) and `eval-summary`. The measuring is `lede::eval`'s;
//! these read the flags and print its reports.

use crate::args::Args;
use crate::{usage, write_out, Fail};

pub(super) fn cmd_eval_quotes(raw: &[String]) -> Result<(), Fail> {
    let args = Args::parse(raw, &["--polnear"], &[])?;
    let Some(dir) = args.value("--polnear") else {
        return usage("eval-quotes needs --polnear DIR");
    };
    let ev = lede::eval::eval_quotes(std::path::Path::new(dir)).map_err(|e| Fail(e, 1))?;
    write_out(ev.report().trim_end())
}

pub(super) fn cmd_eval_speakers(raw: &[String]) -> Result<(), Fail> {
    let args = Args::parse(raw, &["--bbc", "--gold", "--salience"], &[])?;
    let Some(file) = args.value("--bbc") else {
        return usage("eval-speakers needs --bbc FILE");
    };
    let gold = args
        .value("--gold")
        .unwrap_or("tests/data/bbc_speakers.tsv");
    let sal = args
        .value("--salience")
        .unwrap_or("tests/data/bbc_salience.tsv");
    let ev =
        lede::eval::speakers::eval_speakers(std::path::Path::new(file), std::path::Path::new(gold))
            .map_err(|e| Fail(e, 1))?;
    let s =
        lede::eval::salience::eval_salience(std::path::Path::new(file), std::path::Path::new(sal))
            .map_err(|e| Fail(e, 1))?;
    write_out(format!("{}{}", ev.report(), s.report()).trim_end())
}

pub(super) fn cmd_eval_entities(raw: &[String]) -> Result<(), Fail> {
    use lede::eval::entities;
    use std::path::Path;
    let args = Args::parse(
        raw,
        &["--bbc", "--polnear", "--gold", "--predicted"],
        &["--errors"],
    )?;
    let mut gold: Vec<String> = args
        .values("--gold")
        .iter()
        .map(|s| s.to_string())
        .collect();
    if gold.is_empty() {
        let dir = Path::new("tests/data");
        let mut found: Vec<String> = std::fs::read_dir(dir)
            .map_err(|e| Fail(format!("cannot read {}: {e}", dir.display()), 1))?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("ner_") && n.ends_with(".tsv"))
            .map(|n| format!("tests/data/{n}"))
            .collect();
        found.sort();
        gold = found;
    }
    if gold.is_empty() {
        return usage("eval-entities found no tests/data/ner_*.tsv: give --gold TSV");
    }
    let files: Vec<&Path> = gold.iter().map(Path::new).collect();
    let docs = entities::load_span_docs(
        &files,
        args.value("--bbc").map(Path::new),
        args.value("--polnear").map(Path::new),
    )
    .map_err(|e| Fail(e, 1))?;
    let mut predicted = Vec::new();
    for p in args.values("--predicted") {
        let Some((name, file)) = p.split_once('=') else {
            return usage("--predicted takes NAME=TSV");
        };
        let spans = entities::read_predicted(Path::new(file), &docs).map_err(|e| Fail(e, 1))?;
        predicted.push((name.to_string(), spans));
    }
    write_out(entities::report(&docs, &predicted, args.has("--errors")).trim_end())
}

pub(super) fn cmd_eval_keyphrases(raw: &[String]) -> Result<(), Fail> {
    use lede::eval::{self, KeyphraseDoc};
    use std::path::Path;
    let args = Args::parse(
        raw,
        &[
            "--kpcrowd",
            "--bbc",
            "--bbc-keys",
            "--weights",
            "--cv",
            "--grid",
            "--train",
            "--predicted",
            "--blend",
            "--fit",
            "--share",
            "--targets",
        ],
        &[],
    )?;
    let fail = |e: String| Fail(e, 1);
    let params = lede::extract::keyphrases::Params::parse(args.value("--weights").unwrap_or(""))
        .map_err(|e| Fail(format!("--weights: {e}"), 2))?;
    let bbc = |file: &str| -> Result<Vec<KeyphraseDoc>, Fail> {
        let keys = args
            .value("--bbc-keys")
            .unwrap_or("tests/data/bbc_keyphrases.tsv");
        eval::bbc_keyphrase_docs(Path::new(file), Path::new(keys)).map_err(fail)
    };
    if let Some(out) = args.value("--fit") {
        // train the ranker: settings by CV over KPCrowd --train (and --bbc)
        let Some(d) = args.value("--train") else {
            return usage("--fit needs --train DIR (KPCrowd train)");
        };
        let folds: usize = args.value("--cv").unwrap_or("5").parse().unwrap_or(5);
        let mut sets = vec![(
            "KPCrowd train".to_string(),
            eval::keyphrase_docs(Path::new(d)).map_err(fail)?,
        )];
        if let Some(f) = args.value("--bbc") {
            sets.push(("BBC dev".into(), bbc(f)?));
        }
        let share = match args.value("--share") {
            Some(s) => Some(
                s.parse::<f64>()
                    .map_err(|_| Fail("--share needs a number".into(), 2))?,
            ),
            None => None,
        };
        let targets: Option<Vec<f64>> = match args.value("--targets") {
            Some(t) => Some(
                t.split(',')
                    .map(|x| x.trim().parse::<f64>().map(|v| v / 100.0))
                    .collect::<Result<_, _>>()
                    .map_err(|_| Fail("--targets needs F1 figures: 20,30".into(), 2))?,
            ),
            None => None,
        };
        let (report, ranker) =
            eval::keyphrase_model::select_and_fit(&sets, folds, share, targets.as_deref());
        std::fs::write(out, ranker.to_text())
            .map_err(|e| Fail(format!("cannot write {out}: {e}"), 1))?;
        let mut report = format!("{report}weights written to {out}");
        if let Some(v) = args.value("--kpcrowd") {
            // held-out validation, once, after the choice
            let docs = eval::keyphrase_docs(Path::new(v)).map_err(fail)?;
            let (f10, f5) = eval::keyphrase_model::validate(&docs, &ranker);
            report.push_str(&format!(
                "\nvalidation {v} ({} docs): F1@10 {:.1} F1@5 {:.1}",
                docs.len(),
                f10 * 100.0,
                f5 * 100.0
            ));
        }
        return write_out(&report);
    }
    if let Some(folds) = args.value("--cv") {
        let folds: usize = folds
            .parse()
            .map_err(|_| Fail("--cv needs a number of folds".into(), 2))?;
        let Some(grid) = args.value("--grid") else {
            return usage("--cv needs --grid FILE (one weight set a line)");
        };
        let grid: Vec<String> = std::fs::read_to_string(grid)
            .map_err(|e| Fail(format!("cannot read {grid}: {e}"), 1))?
            .lines()
            .map(str::trim)
            .filter(|l| !l.starts_with('#'))
            .map(str::to_string)
            .collect();
        let mut sets: Vec<(String, Vec<KeyphraseDoc>)> = Vec::new();
        if let Some(f) = args.value("--bbc") {
            sets.push(("BBC dev".into(), bbc(f)?));
        }
        if let Some(d) = args.value("--train") {
            sets.push((
                "KPCrowd train".into(),
                eval::keyphrase_docs(Path::new(d)).map_err(fail)?,
            ));
        }
        let refs: Vec<&[KeyphraseDoc]> = sets.iter().map(|s| s.1.as_slice()).collect();
        let (per_fold, mean) = eval::cv_keyphrases(&refs, &grid, folds).map_err(fail)?;
        let mut out = format!(
            "{folds}-fold cross-validation over {} weight sets\n",
            grid.len()
        );
        for (i, (w, held)) in per_fold.iter().enumerate() {
            let h: Vec<String> = held.iter().map(|x| format!("{:.1}", x * 100.0)).collect();
            out.push_str(&format!(
                "fold {i}: held-out F1@10 {} with [{w}]\n",
                h.join(" / ")
            ));
        }
        for ((name, docs), m) in sets.iter().zip(&mean) {
            out.push_str(&format!(
                "{name} ({} docs): CV F1@10 {:.1}\n",
                docs.len(),
                m * 100.0
            ));
        }
        return write_out(out.trim_end());
    }
    if let Some(rf) = args.value("--blend") {
        // lists of the hand score's first n, then the ranker's (RANKER a
        // weights file), n = 0..=10: the trade-off of a blend
        let text =
            std::fs::read_to_string(rf).map_err(|e| Fail(format!("cannot read {rf}: {e}"), 1))?;
        let ranker = lede::extract::keyphrases::Ranker::parse(&text)
            .map_err(|e| Fail(format!("{rf}: {e}"), 1))?;
        let mut sets: Vec<(String, Vec<KeyphraseDoc>)> = Vec::new();
        if let Some(f) = args.value("--bbc") {
            sets.push(("BBC dev".into(), bbc(f)?));
        }
        if let Some(d) = args.value("--kpcrowd") {
            sets.push((
                d.to_string(),
                eval::keyphrase_docs(Path::new(d)).map_err(fail)?,
            ));
        }
        let mut out = String::from("hand first n, then the ranker: F1@10 per set\n");
        let lists: Vec<Vec<(Vec<String>, Vec<String>)>> = sets
            .iter()
            .map(|(_, docs)| eval::blend_lists(docs, &ranker))
            .collect();
        for n in 0..=10 {
            let cells: Vec<String> = sets
                .iter()
                .zip(&lists)
                .map(|((name, docs), l)| {
                    let pred: Vec<Vec<String>> =
                        l.iter().map(|(h, r)| eval::blend(h, r, n, 10)).collect();
                    let ev = eval::score_keyphrases(docs, &pred);
                    format!("{name} {:.1}", ev.at10.f1 * 100.0)
                })
                .collect();
            out.push_str(&format!("n={n}: {}\n", cells.join("; ")));
        }
        return write_out(out.trim_end());
    }
    if let Some(pred) = args.value("--predicted") {
        // another system's keyphrases (id TAB phrase; phrase ...) on the BBC set
        let Some(f) = args.value("--bbc") else {
            return usage("--predicted needs --bbc FILE");
        };
        let docs = bbc(f)?;
        let text = std::fs::read_to_string(pred)
            .map_err(|e| Fail(format!("cannot read {pred}: {e}"), 1))?;
        let lists: Vec<Vec<String>> = docs
            .iter()
            .map(|d| {
                text.lines()
                    .find_map(|l| l.strip_prefix(&format!("{}\t", d.id)))
                    .map(|p| p.split(';').map(|x| x.trim().to_string()).collect())
                    .unwrap_or_default()
            })
            .collect();
        let ev = eval::score_keyphrases(&docs, &lists);
        return write_out(&format!(
            "{pred} on the BBC dev set: @5 {}  @10 {}",
            ev.at5, ev.at10
        ));
    }
    let mut rows: Vec<(String, Vec<KeyphraseDoc>)> = Vec::new();
    if let Some(f) = args.value("--bbc") {
        rows.push(("BBC dev (DUC-style)".into(), bbc(f)?));
    }
    if let Some(d) = args.value("--kpcrowd") {
        rows.push((
            "KPCrowd".into(),
            eval::keyphrase_docs(Path::new(d)).map_err(fail)?,
        ));
    }
    if rows.is_empty() {
        return usage("eval-keyphrases needs --kpcrowd DIR or --bbc FILE");
    }
    let mut out = String::new();
    if rows.len() == 1 && args.value("--kpcrowd").is_some() {
        // the report of old, then the baseline
        let ev = eval::eval_keyphrase_docs(&rows[0].1, &params);
        out.push_str(&ev.report());
        let base = eval::eval_first_phrases(&rows[0].1);
        out.push_str(&format!("first noun phrases @10: {}\n", base.at10));
        return write_out(out.trim_end());
    }
    out.push_str(
        "set                      docs  gold   Lede F1@5  Lede F1@10  first-phrases F1@10\n",
    );
    for (name, docs) in &rows {
        let ev = eval::eval_keyphrase_docs(docs, &params);
        let base = eval::eval_first_phrases(docs);
        out.push_str(&format!(
            "{name:<24} {:>4}  {:>4.1}   {:>9.1}  {:>10.1}  {:>19.1}\n",
            ev.docs,
            ev.gold_per_doc,
            ev.at5.f1 * 100.0,
            ev.at10.f1 * 100.0,
            base.at10.f1 * 100.0
        ));
    }
    write_out(out.trim_end())
}

pub(super) fn cmd_eval_summary(raw: &[String]) -> Result<(), Fail> {
    let args = Args::parse(
        raw,
        &[
            "--bbc",
            "--grid",
            "--folds",
            "--limit",
            "--train-out",
            "--l2",
            "--power",
        ],
        &["--one", "--xsum", "--learn"],
    )?;
    let Some(file) = args.value("--bbc") else {
        return usage("eval-summary needs --bbc FILE");
    };
    let file = std::path::Path::new(file);
    if args.has("--one") || args.has("--xsum") {
        use lede::extract::summary::Weights;
        let mut grid = vec![Weights::default()];
        if let Some(g) = args.value("--grid") {
            let text =
                std::fs::read_to_string(g).map_err(|e| Fail(format!("cannot read {g}: {e}"), 1))?;
            for l in text.lines().map(str::trim) {
                if l.is_empty() || l.starts_with('#') {
                    continue;
                }
                grid.push(Weights::parse(l).map_err(|e| Fail(format!("--grid: {e}"), 2))?);
            }
        }
        let num = |name: &str, default: usize| -> Result<usize, Fail> {
            match args.value(name) {
                Some(v) => v
                    .parse()
                    .map_err(|_| Fail(format!("{name} needs a number"), 2)),
                None => Ok(default),
            }
        };
        let folds = num("--folds", 5)?;
        let limit = args
            .value("--limit")
            .map(|_| num("--limit", 0))
            .transpose()?;
        if args.has("--xsum") && (args.has("--learn") || args.value("--train-out").is_some()) {
            use lede::eval::summary_model::{
                cross_validate, fit_all, learn_articles, model_source, Fit, Setting,
            };
            let list = |name: &str, default: f64| -> Result<Vec<f64>, Fail> {
                match args.value(name) {
                    Some(v) => v
                        .split(',')
                        .map(|x| x.trim().parse())
                        .collect::<Result<Vec<f64>, _>>()
                        .map_err(|_| Fail(format!("{name} needs numbers"), 2)),
                    None => Ok(vec![default]),
                }
            };
            let (l2s, powers) = (list("--l2", 0.001)?, list("--power", 1.0)?);
            let (l2, power) = (l2s[0], powers[0]);
            let arts = learn_articles(file, limit).map_err(|e| Fail(e, 1))?;
            let mut out = String::new();
            for setting in [Setting::Xsum, Setting::Both] {
                for &l2 in &l2s {
                    for &power in &powers {
                        let how = Fit { setting, l2, power };
                        out.push_str(&cross_validate(&arts, folds, &how).0);
                    }
                }
            }
            if let Some(path) = args.value("--train-out") {
                let how = Fit {
                    setting: Setting::Both,
                    l2,
                    power,
                };
                let model = fit_all(&arts, &how);
                let how = format!(
                    "fitted on {} BBC News Summary articles, both settings (the body without\nits intro vs the intro, the whole body vs the headline), L2 {l2}, target power {power}.",
                    arts.len()
                );
                std::fs::write(path, model_source(&model, &how))
                    .map_err(|e| Fail(format!("cannot write {path}: {e}"), 1))?;
                out.push_str(&format!("weights written to {path}\n"));
            }
            return write_out(out.trim_end());
        }
        if args.has("--xsum") {
            let ev = lede::eval::eval_xsum(file, limit, &grid).map_err(|e| Fail(e, 1))?;
            let mut out = format!("default weights {:?}\n{}", grid[0], ev.report(0));
            if grid.len() > 1 {
                let (cv, chosen) = ev.cross_validate(folds);
                out.push_str(&cv);
                let mut sets = chosen.clone();
                sets.sort_unstable();
                sets.dedup();
                for g in sets {
                    out.push_str(&format!(
                        "\nset {g} {:?} on all articles:\n{}",
                        grid[g],
                        ev.report(g)
                    ));
                }
            }
            return write_out(out.trim_end());
        }
        let ev = lede::eval::eval_one_summary(file, limit, &grid).map_err(|e| Fail(e, 1))?;
        let mut out = ev.report();
        if grid.len() > 1 {
            out.push_str(&ev.cross_validate(folds));
        }
        return write_out(out.trim_end());
    }
    let ev = lede::eval::eval_summary(file, None).map_err(|e| Fail(e, 1))?;
    let short = lede::eval::eval_short_summary(file, None).map_err(|e| Fail(e, 1))?;
    write_out(format!("{}\n{}", ev.report(), short.report()).trim_end())
}
