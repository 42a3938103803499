//! Lede command-line interface (temporary NER dispatch).

use lede::extract::ner::{conll, NerModel};
use std::io::{self, BufReader, Write};
use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!(
        "usage:\n  lede tag --conll PATH|-\n  lede eval --conll PATH [--model PATH]\n  lede bench --conll PATH\n  lede train --train PATH --dev PATH --out PATH [--clusters PATH] [--gazetteer PATH] [--epochs N] [--max-sentences N] [--prune X] [--width 1|2] [--one-stage] [--no-doc]\n  lede train-clusters --out PATH [--min-count N] [--classes a,b,c] [--iters N] CORPUS..."
    );
    ExitCode::from(2)
}

fn opt(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn open(path: &str) -> io::Result<Box<dyn io::BufRead>> {
    if path == "-" {
        Ok(Box::new(BufReader::new(io::stdin())))
    } else {
        Ok(Box::new(BufReader::new(std::fs::File::open(path)?)))
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let cmd = args.first().map(String::as_str).unwrap_or("");
    match cmd {
        "tag" => {
            let path = opt(args, "--conll").ok_or("missing --conll")?;
            let input = open(&path).map_err(|e| e.to_string())?;
            let stdout = io::stdout();
            let out = io::BufWriter::new(stdout.lock());
            conll::tag_conll(NerModel::builtin(), input, out).map_err(|e| e.to_string())
        }
        "eval" => {
            let path = opt(args, "--conll").ok_or("missing --conll")?;
            let input = open(&path).map_err(|e| e.to_string())?;
            let model = match opt(args, "--model") {
                Some(p) => NerModel::from_bytes(&std::fs::read(p).map_err(|e| e.to_string())?)?,
                None => NerModel::builtin().clone(),
            };
            let t0 = std::time::Instant::now();
            let rep = conll::eval_conll(&model, input).map_err(|e| e.to_string())?;
            let secs = t0.elapsed().as_secs_f64();
            print!("{rep}");
            eprintln!(
                "tagged {} tokens in {:.3}s ({:.0} tokens/s, including I/O)",
                rep.tokens,
                secs,
                rep.tokens as f64 / secs
            );
            io::stdout().flush().map_err(|e| e.to_string())
        }
        "bench" => {
            let path = opt(args, "--conll").ok_or("missing --conll")?;
            let input = open(&path).map_err(|e| e.to_string())?;
            let docs = conll::read_conll(input).map_err(|e| e.to_string())?;
            let model = NerModel::builtin();
            let ntok: usize = docs
                .iter()
                .flat_map(|d| d.sentences.iter())
                .map(Vec::len)
                .sum();
            let rounds = 20;
            let cpu0 = cpu_seconds();
            let t0 = std::time::Instant::now();
            let mut ents = 0usize;
            for _ in 0..rounds {
                for d in &docs {
                    let tags = model.tag_document(&d.sentences);
                    ents += tags.iter().flatten().filter(|t| t.begin).count();
                }
            }
            let secs = t0.elapsed().as_secs_f64();
            println!(
                "{} tokens x {rounds} rounds in {secs:.3}s wall: {:.0} tokens/s ({} entities)",
                ntok,
                (ntok * rounds) as f64 / secs,
                ents / rounds
            );
            if let (Some(a), Some(b)) = (cpu0, cpu_seconds()) {
                println!(
                    "CPU time {:.3}s: {:.0} tokens/s per core",
                    b - a,
                    (ntok * rounds) as f64 / (b - a).max(1e-9)
                );
            }
            Ok(())
        }
        #[cfg(feature = "train")]
        "train" => {
            use lede::extract::ner::train::{train, TrainOptions};
            use std::path::PathBuf;
            let mut o = TrainOptions::default();
            if let Some(x) = opt(args, "--epochs") {
                o.epochs = x.parse().map_err(|_| "bad --epochs")?;
            }
            if let Some(x) = opt(args, "--max-sentences") {
                o.max_sentences = Some(x.parse().map_err(|_| "bad --max-sentences")?);
            }
            if let Some(x) = opt(args, "--prune") {
                o.prune = x.parse().map_err(|_| "bad --prune")?;
            }
            if let Some(x) = opt(args, "--width") {
                o.width = x.parse().map_err(|_| "bad --width")?;
            }
            if let Some(x) = opt(args, "--experimental") {
                o.experimental = x.parse().map_err(|_| "bad --experimental")?;
            }
            if let Some(x) = opt(args, "--off") {
                for t in x.split(',') {
                    let t: u32 = t.parse().map_err(|_| "bad --off")?;
                    o.off |= 1u64 << (t & 63);
                }
            }
            if let Some(x) = opt(args, "--quant-clip") {
                o.quant_clip = x.parse().map_err(|_| "bad --quant-clip")?;
            }
            if let Some(x) = opt(args, "--folds") {
                o.folds = x.parse().map_err(|_| "bad --folds")?;
            }
            if let Some(x) = opt(args, "--seed") {
                o.seed = x.parse().map_err(|_| "bad --seed")?;
            }
            o.clusters = opt(args, "--clusters").map(PathBuf::from);
            o.gazetteer = opt(args, "--gazetteer").map(PathBuf::from);
            o.two_stage = !args.iter().any(|a| a == "--one-stage");
            o.doc_features = !args.iter().any(|a| a == "--no-doc");
            o.no_agg = args.iter().any(|a| a == "--no-agg");
            let tr = opt(args, "--train").ok_or("missing --train")?;
            let dv = opt(args, "--dev").ok_or("missing --dev")?;
            let out = opt(args, "--out").ok_or("missing --out")?;
            train(tr.as_ref(), dv.as_ref(), out.as_ref(), &o).map(|_| ())
        }
        #[cfg(feature = "train")]
        "train-clusters" => {
            use lede::extract::ner::train::clusters::{train_clusters, ClusterOptions};
            let mut o = ClusterOptions::default();
            if let Some(x) = opt(args, "--min-count") {
                o.min_count = x.parse().map_err(|_| "bad --min-count")?;
            }
            if let Some(x) = opt(args, "--iters") {
                o.iters = x.parse().map_err(|_| "bad --iters")?;
            }
            if let Some(x) = opt(args, "--classes") {
                o.classes = x
                    .split(',')
                    .map(|c| c.parse().map_err(|_| "bad --classes".to_string()))
                    .collect::<Result<_, _>>()?;
            }
            let out = opt(args, "--out").ok_or("missing --out")?;
            let mut corpora = Vec::new();
            let mut i = 1;
            while i < args.len() {
                if args[i].starts_with("--") {
                    i += 2;
                } else {
                    corpora.push(std::path::PathBuf::from(&args[i]));
                    i += 1;
                }
            }
            train_clusters(&corpora, out.as_ref(), &o)
        }
        _ => Err("unknown command".into()),
    }
}

/// User + system CPU seconds of this process (Linux `/proc`), if available.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    // Fields 14 and 15 (utime, stime) are at offsets 11 and 12 after `)`.
    let ut: f64 = f.get(11)?.parse().ok()?;
    let st: f64 = f.get(12)?.parse().ok()?;
    Some((ut + st) / 100.0)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        return usage();
    }
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            if e == "unknown command" {
                return usage();
            }
            ExitCode::FAILURE
        }
    }
}
