//! `lede`: the command-line face of Lede, for batch work.
//!
//! Run `lede help` for the commands.

#[cfg(not(target_arch = "wasm32"))]
use lede::cli as search_cli;
use lede::extract::ner::{conll, NerModel};
use lede::pipeline::{analyze_json, decode_utf8, AnalyzeOptions};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::ExitCode;

const USAGE: &str = "\
lede — news-article analyzer

USAGE:
  lede analyze PATH|- [--pretty] [--date YYYY-MM-DD] [--summary K]
      Print the analysis of an article as JSON (UTF-16 offsets).
  lede tag --conll PATH|-
      Tag CoNLL-2003 text (token first column): each line echoed with one more
      column, the predicted IOB2 tag. Documents are tagged as a whole.
  lede eval --conll PATH [--model FILE]
      Precision, recall and F1 per type and overall, as conlleval computes them.
  lede bench --conll PATH
      Tagging speed of the entity model (tokens/s) over CoNLL text.
  lede train --train FILE --dev FILE --out FILE [--clusters F] [--gazetteer F]
             [--epochs N] [--max-sentences N] [--prune X] [--width 1|2] [--seed N]
             [--folds N] [--one-stage] [--no-doc] [--no-agg]   (needs --features train)
  lede train-clusters --out FILE [--min-count N] [--classes a,b] [--iters N] CORPUS...
                                                  (needs --features train)
  lede eval-quotes --polnear DIR
      Score quote extraction on PolNeAR (DIR holds text/ and attributions/).
  lede eval-keyphrases --kpcrowd DIR
      Score keyphrases at 5 and 10 on 500N-KPCrowd (DIR holds NAME.txt, NAME.key).
  lede eval-summary --bbc FILE
      Score summaries (ROUGE-1/2/L) on BBC News Summary, beside the lead-k baseline.
  lede index --jsonl FILE --out PATH
      Index a JSONL file (one {id, title, text, date?, source?, url?} a line)
      into a search index; reports documents, terms, bytes and time.
  lede search PATH QUERY [--limit N] [--prefix] [--json]
      Search an index (query language: words, \"phrases\", -exclusions, OR,
      title: person: org: place: speaker: fields).
  lede search PATH --batch [--limit N] [--prefix]
      One query per standard-input line; one JSON line
      {\"query\", \"ids\", \"took_us\"} per query.
  lede help
      Show this message.
";

/// A command-line failure: a one-line message and an exit code.
struct Fail(String, u8);

fn fail<T>(msg: impl Into<String>) -> Result<T, Fail> {
    Err(Fail(msg.into(), 1))
}

fn usage<T>(msg: impl Into<String>) -> Result<T, Fail> {
    Err(Fail(format!("{}\n\n{USAGE}", msg.into()), 2))
}

/// Reads a whole file (or standard input for `-`) as bytes.
fn read_input(path: &str) -> Result<Vec<u8>, Fail> {
    let mut buf = Vec::new();
    if path == "-" {
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| Fail(format!("cannot read standard input: {e}"), 1))?;
    } else {
        buf = std::fs::read(path).map_err(|e| Fail(format!("cannot read {path}: {e}"), 1))?;
    }
    Ok(buf)
}

/// Simple flag parser: positional arguments and `--flag [value]` pairs.
struct Args {
    positional: Vec<String>,
    flags: Vec<(String, Option<String>)>,
}

impl Args {
    fn parse(raw: &[String], valued: &[&str], bools: &[&str]) -> Result<Args, Fail> {
        let mut positional = Vec::new();
        let mut flags = Vec::new();
        let mut it = raw.iter();
        while let Some(a) = it.next() {
            if a.starts_with("--") && a.len() > 2 {
                let (name, inline) = match a.split_once('=') {
                    Some((n, v)) => (n.to_string(), Some(v.to_string())),
                    None => (a.clone(), None),
                };
                if valued.contains(&name.as_str()) {
                    let v = match inline {
                        Some(v) => v,
                        None => match it.next() {
                            Some(v) => v.clone(),
                            None => return usage(format!("{name} needs a value")),
                        },
                    };
                    flags.push((name, Some(v)));
                } else if bools.contains(&name.as_str()) {
                    flags.push((name, None));
                } else {
                    return usage(format!("unknown option {name}"));
                }
            } else {
                positional.push(a.clone());
            }
        }
        Ok(Args { positional, flags })
    }

    fn has(&self, name: &str) -> bool {
        self.flags.iter().any(|(n, _)| n == name)
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.flags
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }
}

fn cmd_analyze(raw: &[String]) -> Result<(), Fail> {
    let args = Args::parse(raw, &["--date", "--summary"], &["--pretty"])?;
    let summary = match args.value("--summary") {
        Some(v) => match v.parse::<usize>() {
            Ok(k) => Some(k),
            Err(_) => return usage(format!("--summary needs a number of sentences, not {v:?}")),
        },
        None => None,
    };
    let [path] = args.positional.as_slice() else {
        return usage("analyze takes one PATH (or - for standard input)");
    };
    let bytes = read_input(path)?;
    let text = decode_utf8(&bytes).map_err(|e| Fail(format!("{path}: {e}"), 1))?;
    let opts = AnalyzeOptions {
        date: args.value("--date").map(str::to_string),
        summary,
        ..AnalyzeOptions::default()
    };
    let json = analyze_json(text, &opts, args.has("--pretty"))
        .map_err(|e| Fail(format!("{path}: {e}"), 1))?;
    write_out(&json)
}

/// Opens a file (or standard input for `-`) for buffered reading.
fn open(path: &str) -> Result<Box<dyn BufRead>, Fail> {
    if path == "-" {
        return Ok(Box::new(BufReader::new(std::io::stdin())));
    }
    let f = std::fs::File::open(path).map_err(|e| Fail(format!("cannot read {path}: {e}"), 1))?;
    Ok(Box::new(BufReader::new(f)))
}

fn io_fail(e: std::io::Error) -> Fail {
    Fail(e.to_string(), 1)
}

fn cmd_tag(raw: &[String]) -> Result<(), Fail> {
    let args = Args::parse(raw, &["--conll"], &[])?;
    let Some(path) = args.value("--conll") else {
        return usage("tag needs --conll PATH (or - for standard input)");
    };
    let input = open(path)?;
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    match conll::tag_conll(NerModel::builtin(), input, out) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(io_fail(e)),
        _ => Ok(()),
    }
}

fn cmd_eval(raw: &[String]) -> Result<(), Fail> {
    let args = Args::parse(raw, &["--conll", "--model"], &[])?;
    let Some(path) = args.value("--conll") else {
        return usage("eval needs --conll PATH");
    };
    let input = open(path)?;
    let custom;
    let model = match args.value("--model") {
        Some(p) => {
            let bytes = std::fs::read(p).map_err(|e| Fail(format!("cannot read {p}: {e}"), 1))?;
            custom = NerModel::from_bytes(&bytes).map_err(|e| Fail(format!("{p}: {e}"), 1))?;
            &custom
        }
        None => NerModel::builtin(),
    };
    let t0 = std::time::Instant::now();
    let rep = conll::eval_conll(model, input).map_err(io_fail)?;
    let secs = t0.elapsed().as_secs_f64();
    write_out(rep.to_string().trim_end())?;
    eprintln!(
        "tagged {} tokens in {:.3}s ({:.0} tokens/s, including I/O)",
        rep.tokens,
        secs,
        rep.tokens as f64 / secs.max(1e-9)
    );
    Ok(())
}

fn cmd_bench_ner(raw: &[String]) -> Result<(), Fail> {
    let args = Args::parse(raw, &["--conll"], &[])?;
    let Some(path) = args.value("--conll") else {
        return usage("bench needs --conll PATH");
    };
    let docs = conll::read_conll(open(path)?).map_err(io_fail)?;
    let model = NerModel::builtin();
    let ntok: usize = docs
        .iter()
        .flat_map(|d| d.sentences.iter())
        .map(Vec::len)
        .sum();
    let rounds = 5;
    let t0 = std::time::Instant::now();
    let mut ents = 0usize;
    for _ in 0..rounds {
        for d in &docs {
            let tags = model.tag_document(&d.sentences);
            ents += tags.iter().flatten().filter(|t| t.begin).count();
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    write_out(&format!(
        "{ntok} tokens x {rounds} rounds in {secs:.3}s: {:.0} tokens/s ({} entities)",
        (ntok * rounds) as f64 / secs.max(1e-9),
        ents / rounds
    ))
}

#[cfg(feature = "train")]
fn parse_num<T: std::str::FromStr>(args: &Args, name: &str) -> Result<Option<T>, Fail> {
    match args.value(name) {
        None => Ok(None),
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| Fail(format!("bad value for {name}: {v:?}"), 2)),
    }
}

#[cfg(feature = "train")]
fn cmd_train(raw: &[String]) -> Result<(), Fail> {
    use lede::train::{train, TrainOptions};
    let args = Args::parse(
        raw,
        &[
            "--train",
            "--dev",
            "--out",
            "--clusters",
            "--gazetteer",
            "--epochs",
            "--max-sentences",
            "--prune",
            "--width",
            "--seed",
        ],
        &["--one-stage", "--no-doc"],
    )?;
    let mut o = TrainOptions::default();
    if let Some(x) = parse_num(&args, "--epochs")? {
        o.epochs = x;
    }
    o.max_sentences = parse_num(&args, "--max-sentences")?;
    if let Some(x) = parse_num(&args, "--prune")? {
        o.prune = x;
    }
    if let Some(x) = parse_num(&args, "--width")? {
        o.width = x;
    }
    if let Some(x) = parse_num(&args, "--seed")? {
        o.seed = x;
    }
    o.clusters = args.value("--clusters").map(Into::into);
    o.gazetteer = args.value("--gazetteer").map(Into::into);
    if let Some(x) = parse_num(&args, "--folds")? {
        o.folds = x;
    }
    o.no_agg = args.has("--no-agg");
    o.two_stage = !args.has("--one-stage");
    o.doc_features = !args.has("--no-doc");
    let (Some(tr), Some(dv), Some(out)) = (
        args.value("--train"),
        args.value("--dev"),
        args.value("--out"),
    ) else {
        return usage("train needs --train, --dev and --out");
    };
    train(tr.as_ref(), dv.as_ref(), out.as_ref(), &o)
        .map(|_| ())
        .map_err(|e| Fail(e, 1))
}

#[cfg(feature = "train")]
fn cmd_train_clusters(raw: &[String]) -> Result<(), Fail> {
    use lede::train::clusters::{train_clusters, ClusterOptions};
    let args = Args::parse(raw, &["--out", "--min-count", "--classes", "--iters"], &[])?;
    let mut o = ClusterOptions::default();
    if let Some(x) = parse_num(&args, "--min-count")? {
        o.min_count = x;
    }
    if let Some(x) = parse_num(&args, "--iters")? {
        o.iters = x;
    }
    if let Some(x) = args.value("--classes") {
        o.classes = x
            .split(',')
            .map(|c| c.parse().map_err(|_| Fail("bad --classes".into(), 2)))
            .collect::<Result<_, _>>()?;
    }
    let Some(out) = args.value("--out") else {
        return usage("train-clusters needs --out");
    };
    let corpora: Vec<std::path::PathBuf> = args.positional.iter().map(Into::into).collect();
    train_clusters(&corpora, out.as_ref(), &o).map_err(|e| Fail(e, 1))
}

#[cfg(not(target_arch = "wasm32"))]
fn cmd_eval_quotes(raw: &[String]) -> Result<(), Fail> {
    let args = Args::parse(raw, &["--polnear"], &[])?;
    let Some(dir) = args.value("--polnear") else {
        return usage("eval-quotes needs --polnear DIR");
    };
    let ev = lede::eval::eval_quotes(std::path::Path::new(dir)).map_err(|e| Fail(e, 1))?;
    write_out(ev.report().trim_end())
}

#[cfg(not(target_arch = "wasm32"))]
fn cmd_eval_keyphrases(raw: &[String]) -> Result<(), Fail> {
    let args = Args::parse(raw, &["--kpcrowd"], &[])?;
    let Some(dir) = args.value("--kpcrowd") else {
        return usage("eval-keyphrases needs --kpcrowd DIR");
    };
    let ev = lede::eval::eval_keyphrases(std::path::Path::new(dir)).map_err(|e| Fail(e, 1))?;
    write_out(ev.report().trim_end())
}

#[cfg(not(target_arch = "wasm32"))]
fn cmd_eval_summary(raw: &[String]) -> Result<(), Fail> {
    let args = Args::parse(raw, &["--bbc"], &[])?;
    let Some(file) = args.value("--bbc") else {
        return usage("eval-summary needs --bbc FILE");
    };
    let ev = lede::eval::eval_summary(std::path::Path::new(file), None).map_err(|e| Fail(e, 1))?;
    write_out(ev.report().trim_end())
}

#[cfg(not(target_arch = "wasm32"))]
fn cmd_index(raw: &[String]) -> Result<(), Fail> {
    let args = Args::parse(raw, &["--jsonl", "--out"], &[])?;
    if !args.positional.is_empty() {
        return usage("index takes --jsonl FILE --out PATH");
    }
    let (Some(input), Some(out)) = (args.value("--jsonl"), args.value("--out")) else {
        return usage("index needs --jsonl FILE and --out PATH");
    };
    let report = search_cli::index_jsonl(input, out).map_err(|e| Fail(e, 1))?;
    eprintln!("{report}");
    Ok(())
}

#[cfg(not(target_arch = "wasm32"))]
fn cmd_search(raw: &[String]) -> Result<(), Fail> {
    let args = Args::parse(raw, &["--limit"], &["--prefix", "--json", "--batch"])?;
    let limit = match args.value("--limit") {
        None => 10,
        Some(v) => match v.parse::<usize>() {
            Ok(n) => n,
            Err(_) => return usage(format!("--limit needs a number, not {v:?}")),
        },
    };
    let opts = search_cli::cli_options(limit, args.has("--prefix"), true);
    if args.has("--batch") {
        let [path] = args.positional.as_slice() else {
            return usage("search --batch takes one index PATH (queries on standard input)");
        };
        let corpus = search_cli::load(path).map_err(|e| Fail(e, 1))?;
        let stdin = std::io::stdin().lock();
        let stdout = std::io::BufWriter::new(std::io::stdout().lock());
        return match search_cli::batch(&corpus, stdin, stdout, &opts) {
            Ok(_) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            Err(e) => fail(format!("batch search failed: {e}")),
        };
    }
    let [path, query] = args.positional.as_slice() else {
        return usage("search takes an index PATH and a QUERY (or --batch)");
    };
    let corpus = search_cli::load(path).map_err(|e| Fail(e, 1))?;
    let r = corpus.search(query, &opts);
    if args.has("--json") {
        let json =
            serde_json::to_string(&r).map_err(|e| Fail(format!("cannot write JSON: {e}"), 1))?;
        write_out(&json)
    } else {
        write_out(search_cli::format_results(&r).trim_end())
    }
}

fn write_out(s: &str) -> Result<(), Fail> {
    let mut out = std::io::stdout().lock();
    match out
        .write_all(s.as_bytes())
        .and_then(|_| out.write_all(b"\n"))
        .and_then(|_| out.flush())
    {
        Ok(()) => Ok(()),
        // a closed pipe (`lede ... | head`) is not an error worth reporting
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => fail(format!("cannot write output: {e}")),
    }
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = argv.split_first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let r = match cmd.as_str() {
        "analyze" => cmd_analyze(rest),
        "tag" => cmd_tag(rest),
        "eval" => cmd_eval(rest),
        "bench" => cmd_bench_ner(rest),
        #[cfg(not(target_arch = "wasm32"))]
        "index" => cmd_index(rest),
        #[cfg(not(target_arch = "wasm32"))]
        "search" => cmd_search(rest),
        #[cfg(not(target_arch = "wasm32"))]
        "eval-quotes" => cmd_eval_quotes(rest),
        #[cfg(not(target_arch = "wasm32"))]
        "eval-keyphrases" => cmd_eval_keyphrases(rest),
        #[cfg(not(target_arch = "wasm32"))]
        "eval-summary" => cmd_eval_summary(rest),
        #[cfg(feature = "train")]
        "train" => cmd_train(rest),
        #[cfg(feature = "train")]
        "train-clusters" => cmd_train_clusters(rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        other => usage(format!("unknown command {other:?}")),
    };
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(Fail(msg, code)) => {
            eprintln!("lede: {msg}");
            ExitCode::from(code)
        }
    }
}
