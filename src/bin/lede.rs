//! `lede`: the command-line face of Lede, for batch work.
//!
//! Run `lede help` for the commands. The command logic that is more than
//! parsing and printing lives in `lede::cli` (native only, like this binary).

#[cfg(not(target_arch = "wasm32"))]
use lede::cli::{self as search_cli, report};
use lede::extract::ner::{conll, NerModel};
#[cfg(not(target_arch = "wasm32"))]
use lede::pipeline::{analyze, analyze_json, AnalyzeOptions};
#[cfg(not(target_arch = "wasm32"))]
use std::io::IsTerminal;
use std::io::{BufRead, BufReader, Write};
use std::process::ExitCode;

/// One command's help: what `lede help` lists and `lede help CMD` prints.
struct Help {
    name: &'static str,
    /// One line for the command list.
    about: &'static str,
    /// The synopsis and the options.
    text: &'static str,
}

const COMMANDS: &[Help] = &[
    Help {
        name: "analyze",
        about: "Analyze an article: names, values, quotes, keyphrases, summary",
        text: "\
USAGE:
  lede analyze PATH|- [--format json|text|csv] [--pretty] [--tokens] [--date YYYY-MM-DD]
               [--summary K]

Reads one article (UTF-8 text, at most 16 MiB; - for standard input) and prints its analysis.

OPTIONS:
  --format json   the analysis as one JSON object, offsets in UTF-16 code units (default)
  --format text   a report: people, organisations, places and other names with their
                  mention counts, dates and values, quotes with speakers, keyphrases, summary
  --format csv    one row per mention: start,end,label,text,entity,entity_name
                  (UTF-16 offsets as in the JSON; RFC 4180 quoting; a header row)
  --pretty        indent the JSON
  --tokens        include every token (start, end, norm) in the JSON (left out by default)
  --date D        the article's date (YYYY-MM-DD): resolves \"Monday\", \"last week\"
  --summary K     summary sentences wanted (default 3; 0: none)

A UTF-8 byte-order mark at the start of the input is handled as JS analyze handles it.
Exit status: 0 done, 1 the input cannot be read or analyzed, 2 usage error.
",
    },
    Help {
        name: "index",
        about: "Build a search index from a JSONL file of articles",
        text: "\
USAGE:
  lede index --jsonl FILE|- --out PATH [--skip-bad] [--progress]
  lede index --jsonl FILE|- --out DIR --sharded [--skip-bad] [--progress]
  lede index --out DIR --sharded [--add FILE|-] [--remove ID]... [--remove-file FILE] [--gc]

Reads one article a line, {\"id\", \"title\", \"text\", \"date\"?, \"source\"?, \"url\"?}
(other keys are ignored; a numeric id is read as its decimal text), extracts each one's
names, speakers and keyphrases and writes a search index; reports documents, terms,
bytes and time on standard error.

Every line that cannot be indexed is reported as FILE:LINE: reason (not JSON, invalid
UTF-8, id missing or not a string/number or over 1024 bytes, text missing or not a
string or empty or over 16 MiB or holding NUL, title/date/source/url not a string,
a duplicate id). A duplicate id is an error: the first line's article is kept and the
message names both lines. Blank lines are ignored; a byte-order mark at a line's start
is stripped.

OPTIONS:
  --skip-bad      index the other lines and exit 0 even when some lines are bad
                  (default: any bad line is an error and nothing is written)
  --progress      a progress line on standard error every 1000 documents or 2 seconds
                  (the default when standard error is a terminal; with --sharded:
                  documents, docs/s and the time left)
  --sharded       write a sharded static index to the directory DIR: content-hashed
                  files a browser (ShardedIndex, <lede-search src=\"DIR/\">) or
                  'lede search DIR' fetches only as a query needs them; articles are
                  analyzed on all cores. With --jsonl: a new index of that file.
  --add FILE      (--sharded) add the articles of FILE to the index in DIR; an id
                  already there is replaced (an update); only changed files are written
  --remove ID     (--sharded) remove the article with this id (repeatable)
  --remove-file F (--sharded) remove the articles whose ids are in F (one a line)
  --gc            (--sharded) then delete files the new manifest no longer needs
                  (readers still holding the old manifest would miss them)

A sharded update writes new files under new names and manifest.bin last (a temporary
file renamed), so a reader sees the old index or the new one, never half of an update.

Exit status: 0 done, 1 bad lines (without --skip-bad) or I/O error, 2 usage error.
",
    },
    Help {
        name: "search",
        about: "Search an index built by lede index",
        text: "\
USAGE:
  lede search PATH QUERY [--limit N] [--prefix] [--json] [--color auto|always|never]
  lede search PATH --batch [--limit N] [--prefix]

PATH is an index file, or a directory holding a sharded index (lede index --sharded):
then only the files a query needs are read; a corrupt or missing file is an error for
the queries that need it (in --batch, that line gets an \"error\"), not for the others.

Query language: words, \"phrases\", -exclusions, OR, and the fields title: person: org:
place: speaker: (person:\"Tony Blair\" budget). A query is at most 4096 bytes: a longer
one is an error, never cut.

OPTIONS:
  --limit N       results wanted (default 10)
  --prefix        the last word is a prefix (search as you type)
  --json          the results as JSON (ids, titles, scores, snippets, UTF-16 highlights)
  --color WHEN    matches in bold: auto (default: when standard output is a terminal
                  and NO_COLOR is not set), always or never
  --batch         one query per standard-input line; one JSON line
                  {\"query\", \"ids\", \"took_us\"} per query (a query over the limit gets
                  \"ids\": [] and an \"error\", is reported on standard error, and the exit
                  status is 1)

Exit status: 0 done, 1 the index cannot be read or a query is too long, 2 usage error.
",
    },
    Help {
        name: "merge",
        about: "Join sharded indexes built separately into one",
        text: "\
USAGE:
  lede merge DIR1 DIR2 ... --out DIR

Joins sharded indexes (lede index --sharded), e.g. built per partition on many
machines: the articles of each input, in the order given, after those of the inputs
before it. An id in two inputs keeps the later input's article (as an update would).
Articles are not analyzed again (their fields are in the inputs). DIR may be one of
the inputs or a new directory; its manifest is written last.

Exit status: 0 done, 1 an input cannot be read or the output written, 2 usage error.
",
    },
    Help {
        name: "gc",
        about: "Delete the files a sharded index no longer needs",
        text: "\
USAGE:
  lede gc DIR

Deletes the content-hashed files of DIR that its manifest.bin no longer needs (left
by updates and merges for readers of an older manifest). Run it once no reader can
still hold an old manifest.

Exit status: 0 done, 1 the index cannot be read or a file deleted, 2 usage error.
",
    },
    Help {
        name: "tag",
        about: "Tag CoNLL-2003 text with the entity model",
        text: "\
USAGE:
  lede tag --conll PATH|-

Tags CoNLL-2003 text (token first column): each line echoed with one more column, the
predicted IOB2 tag. Documents are tagged as a whole.
",
    },
    Help {
        name: "eval",
        about: "Score the entity model on CoNLL-2003 text",
        text: "\
USAGE:
  lede eval --conll PATH [--model FILE]

Precision, recall and F1 per type and overall, as conlleval computes them.
",
    },
    Help {
        name: "bench",
        about: "Entity tagging speed over CoNLL text",
        text: "\
USAGE:
  lede bench --conll PATH

Tagging speed of the entity model (tokens/s) over CoNLL text.
",
    },
    Help {
        name: "eval-quotes",
        about: "Score quote extraction on PolNeAR",
        text: "\
USAGE:
  lede eval-quotes --polnear DIR

Scores quote extraction on PolNeAR (DIR holds text/ and attributions/).
",
    },
    Help {
        name: "eval-speakers",
        about: "Score speakers on hand-annotated BBC articles",
        text: "\
USAGE:
  lede eval-speakers --bbc FILE [--gold TSV] [--salience TSV]

Speaker accuracy on BBC News articles annotated by hand (TSV, default
tests/data/bbc_speakers.tsv): dev and held-out splits, per kind of quote (spoken,
partial, run-on), and how often quotes at each confidence are right. Then the
annotated salient entities (default tests/data/bbc_salience.tsv) among the top 5.
",
    },
    Help {
        name: "eval-keyphrases",
        about: "Score keyphrases (KPCrowd, the BBC dev set) beside a baseline",
        text: "\
USAGE:
  lede eval-keyphrases --kpcrowd DIR
  lede eval-keyphrases --bbc FILE [--bbc-keys TSV] [--kpcrowd DIR] [--weights W]
  lede eval-keyphrases --cv N --grid FILE [--bbc FILE] [--train DIR]
  lede eval-keyphrases --fit OUT --train DIR [--bbc FILE] [--cv N] [--share S]
                       [--targets KP,BBC] [--kpcrowd VAL]

Scores keyphrases at 5 and 10 (stemmed exact match, macro-averaged) as
`analyze` finds them, beside the first-noun-phrases baseline. --kpcrowd DIR
holds NAME.txt and NAME.key (500N-KPCrowd; DUC-2001 in the same layout);
--bbc FILE is BBC News Summary's JSONL with the hand-annotated dev set
--bbc-keys (default tests/data/bbc_keyphrases.tsv). --weights tries other
scoring weights (name=value,...). --cv N cross-validates the weight sets of
--grid (one a line) over the BBC set and KPCrowd --train, N folds each.
--fit OUT trains the learned ranker on KPCrowd --train (and the BBC set),
choosing its penalty, the BBC set's share of the weight (or --share S)
and feature groups by N-fold CV (default 5), writes its weights to OUT,
and scores them once on --kpcrowd VAL. The CV objective is the mean F1@10
of the sets, or with --targets KP,BBC (e.g. 20,30) the worst ratio of a
set's F1@10 to its target. --blend RANKER scores lists of the hand score's
first n then RANKER's (a weights file), n = 0..10, on --bbc and --kpcrowd. --predicted FILE scores another system's lists (id TAB phrase; phrase) on
the BBC set.
",
    },
    Help {
        name: "eval-summary",
        about: "Score summaries on BBC News Summary",
        text: "\
USAGE:
  lede eval-summary --bbc FILE
  lede eval-summary --bbc FILE --one [--grid FILE] [--folds N] [--limit N]

Scores summaries (ROUGE-1/2/L) on BBC News Summary, beside the lead-k baseline;
then one-sentence summaries against the headline and against the reference's
first sentence (beside lead-1), and three-sentence ones (beside lead-3).
--one scores only `summary: 1` (the text without its title line) against the
headline and the reference's first sentence, beside the first sentence; with
--grid (sentence-score weights, name=value,... one set a line) it
cross-validates them (--folds, default 5) on the mean ROUGE-2 of both.
",
    },
    Help {
        name: "train",
        about: "Train the entity model (a build with --features train)",
        text: "\
USAGE:
  lede train --train FILE --dev FILE --out FILE [--clusters F] [--gazetteer F]
             [--epochs N] [--max-sentences N] [--prune X] [--width 1|2] [--seed N]
             [--folds N] [--one-stage] [--no-doc] [--no-agg]
             [--cv K] [--cv-only] [--extra-train FILE[,FILE...]]
             [--prune-sweep X,Y...] [--off TEMPLATE_ID,...] [--calib-from MODEL]
  lede train --reencode MODEL --out FILE

Trains the entity model (only in a build with --features train).
--cv K cross-validates on the training file by documents first (K folds)
and calibrates the mentions' confidence on the held-out folds; --cv-only
stops there. --extra-train adds documents (e.g. the dev set, once the
configuration is chosen) to the written model's training data.
--prune-sweep prints size and dev F1 of the model pruned harder; --off
switches feature templates off (experiments: the model does not record it).
--calib-from takes the confidence calibration of an earlier model (fitted by
its --cv run of the same configuration). --reencode rewrites a model file of
an older format in the current one (the same weights) and prints its sizes.
",
    },
    Help {
        name: "train-clusters",
        about: "Train word clusters (a build with --features train)",
        text: "\
USAGE:
  lede train-clusters --out FILE [--min-count N] [--classes a,b] [--iters N] CORPUS...

Trains word clusters for the entity model (only in a build with --features train).
",
    },
    Help {
        name: "help",
        about: "Show the commands, or one command's options",
        text: "\
USAGE:
  lede help [COMMAND]
  lede COMMAND --help
",
    },
];

/// The command list (`lede help`, `lede --help`, `lede` alone).
fn overview() -> String {
    let mut s = format!(
        "lede {} — news-article analyzer\n\nUSAGE:\n  lede COMMAND [OPTIONS]\n\nCOMMANDS:\n",
        env!("CARGO_PKG_VERSION")
    );
    for h in COMMANDS {
        s.push_str(&format!("  {:<16} {}\n", h.name, h.about));
    }
    s.push_str(
        "\nRun 'lede help COMMAND' or 'lede COMMAND --help' for a command's options;\n\
         'lede --version' prints the version.\n",
    );
    s
}

/// One command's help, or `None` for an unknown command.
fn command_help(name: &str) -> Option<String> {
    let h = COMMANDS.iter().find(|h| h.name == name)?;
    Some(format!("lede {} — {}\n\n{}", h.name, h.about, h.text))
}

/// A command-line failure: a one-line message and an exit code ([`USAGE`]:
/// a usage error, followed by a hint to the command's help).
struct Fail(String, u8);

/// Exit code of a usage error.
const USAGE: u8 = 2;
/// An unknown command: exit code [`USAGE`], with a hint to `lede help`.
const NO_SUCH_COMMAND: u8 = 3;

fn fail<T>(msg: impl Into<String>) -> Result<T, Fail> {
    Err(Fail(msg.into(), 1))
}

fn usage<T>(msg: impl Into<String>) -> Result<T, Fail> {
    Err(Fail(msg.into(), USAGE))
}

/// Simple flag parser: positional arguments and `--flag [value]` pairs;
/// after `--`, everything is positional (a query such as `-- --budget`).
// (the wasm32 build of this binary, never run, has fewer commands)
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
struct Args {
    positional: Vec<String>,
    flags: Vec<(String, Option<String>)>,
}

#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
impl Args {
    fn parse(raw: &[String], valued: &[&str], bools: &[&str]) -> Result<Args, Fail> {
        let mut positional = Vec::new();
        let mut flags = Vec::new();
        let mut it = raw.iter();
        while let Some(a) = it.next() {
            if a == "--" {
                positional.extend(it.by_ref().cloned());
                break;
            }
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
                    if inline.is_some() {
                        return usage(format!("{name} takes no value"));
                    }
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

    fn values(&self, name: &str) -> Vec<&str> {
        self.flags
            .iter()
            .filter(|(n, _)| n == name)
            .filter_map(|(_, v)| v.as_deref())
            .collect()
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.flags
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }
}

/// What `lede analyze --format` prints.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Text,
    Csv,
}

#[cfg(not(target_arch = "wasm32"))]
fn cmd_analyze(raw: &[String]) -> Result<(), Fail> {
    let args = Args::parse(
        raw,
        &["--date", "--summary", "--format"],
        &["--pretty", "--tokens"],
    )?;
    let summary = match args.value("--summary") {
        Some(v) => match v.parse::<usize>() {
            Ok(k) => Some(k),
            Err(_) => return usage(format!("--summary needs a number of sentences, not {v:?}")),
        },
        None => None,
    };
    let format = match args.value("--format") {
        None | Some("json") => Format::Json,
        Some("text") => Format::Text,
        Some("csv") => Format::Csv,
        Some(f) => return usage(format!("--format is json, text or csv, not {f:?}")),
    };
    if args.has("--pretty") && format != Format::Json {
        return usage("--pretty applies to --format json only");
    }
    if args.has("--tokens") && format != Format::Json {
        return usage("--tokens applies to --format json only");
    }
    let [path] = args.positional.as_slice() else {
        return usage("analyze takes one PATH (or - for standard input)");
    };
    let bytes = search_cli::input::read_article(path).map_err(|e| Fail(e, 1))?;
    let name = if path == "-" { "standard input" } else { path };
    // what the bytes mean (UTF-8, the BOM) is the pipeline's decision
    let text =
        search_cli::input::decode_article(&bytes).map_err(|e| Fail(format!("{name}: {e}"), 1))?;
    let text = text.as_ref();
    let opts = AnalyzeOptions {
        date: args.value("--date").map(str::to_string),
        summary,
        tokens: Some(args.has("--tokens")),
        ..AnalyzeOptions::default()
    };
    let out = match format {
        Format::Json => analyze_json(text, &opts, args.has("--pretty")),
        Format::Text => analyze(text, &opts).map(|a| report::text_report(text, &a)),
        Format::Csv => analyze(text, &opts).map(|a| report::mentions_csv(&a)),
    }
    .map_err(|e| Fail(format!("{name}: {e}"), 1))?;
    match format {
        Format::Json => write_out(&out),
        // the reports end in a newline already
        _ => write_raw(&out),
    }
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
            .map_err(|_| Fail(format!("bad value for {name}: {v:?}"), USAGE)),
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
            "--folds",
            "--cv",
            "--extra-train",
            "--prune-sweep",
            "--off",
            "--calib-from",
            "--reencode",
        ],
        &["--one-stage", "--no-doc", "--cv-only", "--no-agg"],
    )?;
    if let (Some(input), Some(out)) = (args.value("--reencode"), args.value("--out")) {
        let report =
            lede::train::reencode_model(input.as_ref(), out.as_ref()).map_err(|e| Fail(e, 1))?;
        eprintln!("{report}");
        return Ok(());
    }
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
    if let Some(x) = parse_num(&args, "--cv")? {
        o.cv = x;
    }
    o.cv_only = args.has("--cv-only");
    o.calib_from = args.value("--calib-from").map(Into::into);
    if let Some(v) = args.value("--prune-sweep") {
        o.prune_sweep = v
            .split(',')
            .map(|x| {
                x.parse()
                    .map_err(|_| Fail("bad --prune-sweep".into(), USAGE))
            })
            .collect::<Result<_, _>>()?;
    }
    if let Some(v) = args.value("--off") {
        for x in v.split(',') {
            let t: u64 = x.parse().map_err(|_| Fail("bad --off".into(), USAGE))?;
            if t < 64 {
                o.off |= 1 << t;
            }
        }
    }
    o.extra_train = args
        .value("--extra-train")
        .map(|v| v.split(',').map(Into::into).collect())
        .unwrap_or_default();
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
            .map(|c| c.parse().map_err(|_| Fail("bad --classes".into(), USAGE)))
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
fn cmd_eval_speakers(raw: &[String]) -> Result<(), Fail> {
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

#[cfg(not(target_arch = "wasm32"))]
fn cmd_eval_keyphrases(raw: &[String]) -> Result<(), Fail> {
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

#[cfg(not(target_arch = "wasm32"))]
fn cmd_eval_summary(raw: &[String]) -> Result<(), Fail> {
    let args = Args::parse(raw, &["--bbc", "--grid", "--folds", "--limit"], &["--one"])?;
    let Some(file) = args.value("--bbc") else {
        return usage("eval-summary needs --bbc FILE");
    };
    let file = std::path::Path::new(file);
    if args.has("--one") {
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

#[cfg(not(target_arch = "wasm32"))]
fn cmd_index(raw: &[String]) -> Result<(), Fail> {
    use std::cell::Cell;
    let args = Args::parse(
        raw,
        &["--jsonl", "--out", "--add", "--remove", "--remove-file"],
        &["--skip-bad", "--progress", "--sharded", "--gc"],
    )?;
    if !args.positional.is_empty() {
        return usage("index takes --jsonl FILE --out PATH");
    }
    if args.has("--sharded") {
        return cmd_index_sharded(&args);
    }
    for f in ["--add", "--remove", "--remove-file", "--gc"] {
        if args.has(f) {
            return usage(format!("{f} needs --sharded"));
        }
    }
    let (Some(input), Some(out)) = (args.value("--jsonl"), args.value("--out")) else {
        return usage("index needs --jsonl FILE and --out PATH");
    };
    let opts = search_cli::IndexOptions {
        skip_bad: args.has("--skip-bad"),
        ..search_cli::IndexOptions::default()
    };
    let tty = std::io::stderr().is_terminal();
    let progress = tty || args.has("--progress");
    let name = if input == "-" {
        "standard input"
    } else {
        input
    };
    // on a terminal the progress line is rewritten in place: clear it first
    let shown = Cell::new(false);
    let clear = || {
        if shown.replace(false) {
            eprint!("\r\x1b[K");
        }
    };
    let skipped = if opts.skip_bad { "skipped: " } else { "" };
    let mut on_bad = |b: &search_cli::BadLine| {
        clear();
        eprintln!("lede: {name}:{}: {skipped}{}", b.line, b.reason);
    };
    let mut on_progress = |p: &search_cli::Progress, size: Option<u64>| {
        if !progress {
            return;
        }
        let share = match size {
            Some(n) if n > 0 => format!(
                "{:.0}% of {:.1} MB, ",
                (p.bytes as f64 * 100.0 / n as f64).min(100.0),
                n as f64 / 1e6
            ),
            _ => format!("{:.1} MB read, ", p.bytes as f64 / 1e6),
        };
        let line = format!(
            "lede index: {} documents, {} bad lines, {share}{:.1} s",
            p.documents,
            p.bad,
            p.elapsed.as_secs_f64()
        );
        if tty {
            eprint!("\r{line}\x1b[K");
            shown.set(true);
        } else {
            eprintln!("{line}");
        }
    };
    let r = search_cli::index_jsonl_with(input, out, &opts, &mut on_bad, &mut on_progress);
    clear();
    let report = r.map_err(|e| Fail(e, 1))?;
    eprintln!("{report}");
    Ok(())
}

/// `lede index --sharded`: a new index (`--jsonl`) or an update of DIR.
#[cfg(not(target_arch = "wasm32"))]
fn cmd_index_sharded(args: &Args) -> Result<(), Fail> {
    use search_cli::shard::{self as sh, JsonlInput, ShardReport};
    use std::path::Path;
    let Some(out) = args.value("--out") else {
        return usage("index --sharded needs --out DIR");
    };
    let dir = Path::new(out);
    let input = match (args.value("--jsonl"), args.value("--add")) {
        (Some(_), Some(_)) => {
            return usage("give --jsonl (a new index) or --add (an update), not both")
        }
        (Some(f), None) => Some((f, false)),
        (None, Some(f)) => Some((f, true)),
        (None, None) => None,
    };
    let mut removes: Vec<String> = args
        .values("--remove")
        .iter()
        .map(|s| s.to_string())
        .collect();
    if let Some(f) = args.value("--remove-file") {
        let text =
            std::fs::read_to_string(f).map_err(|e| Fail(format!("cannot read {f}: {e}"), 1))?;
        removes.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string),
        );
    }
    let fresh = matches!(input, Some((_, false)));
    if input.is_none() && removes.is_empty() && !args.has("--gc") {
        return usage("index --sharded needs --jsonl FILE, --add FILE, --remove ID or --gc");
    }
    if !fresh && !sh::is_sharded(out) {
        return fail(format!(
            "{out} holds no sharded index (build one with --jsonl FILE)"
        ));
    }
    let t0 = std::time::Instant::now();
    let mut b = if fresh {
        lede::search::shard::Builder::new()
    } else {
        sh::open_builder(dir).map_err(|e| Fail(e, 1))?
    };
    let mut report = ShardReport::default();
    let skip_bad = args.has("--skip-bad");
    if let Some((file, _)) = input {
        let (reader, size) = search_cli::open_input(file).map_err(|e| Fail(e, 1))?;
        let name = if file == "-" { "standard input" } else { file };
        let tty = std::io::stderr().is_terminal();
        let progress = tty || args.has("--progress");
        let skipped = if skip_bad { "skipped: " } else { "" };
        let mut on_bad = |l: &search_cli::BadLine| {
            if tty && progress {
                eprint!("\r\x1b[K");
            }
            eprintln!("lede: {name}:{}: {skipped}{}", l.line, l.reason);
        };
        let mut on_progress = |p: &sh::ShardProgress| {
            if !progress {
            } else if tty {
                eprint!("\r{p}\x1b[K");
            } else {
                eprintln!("{p}");
            }
        };
        let r = sh::add_jsonl(
            &mut b,
            JsonlInput { name, reader, size },
            skip_bad,
            &mut on_bad,
            &mut on_progress,
        );
        if tty && progress {
            eprint!("\r\x1b[K");
        }
        let (added, bad) = r.map_err(|e| Fail(e, 1))?;
        if !bad.is_empty() && !skip_bad {
            return fail(format!(
                "{name}: {} lines cannot be indexed (the first is line {}); nothing written \
                 (--skip-bad indexes the others)",
                bad.len(),
                bad.first().map_or(0, |l| l.line)
            ));
        }
        report.added = added;
    }
    for id in &removes {
        if b.remove(id) {
            report.removed += 1;
        } else {
            eprintln!("lede: no article with id {id:?} in {out}");
        }
    }
    if input.is_some() || !removes.is_empty() {
        sh::write_dir(&b, dir, &mut report).map_err(|e| Fail(e, 1))?;
        report.millis = t0.elapsed().as_millis();
        eprintln!("{out}: {report}");
    }
    if args.has("--gc") {
        let (n, bytes) = sh::gc(out).map_err(|e| Fail(e, 1))?;
        eprintln!("{out}: {n} unused files deleted ({bytes} bytes)");
    }
    Ok(())
}

#[cfg(not(target_arch = "wasm32"))]
fn cmd_merge(raw: &[String]) -> Result<(), Fail> {
    let args = Args::parse(raw, &["--out"], &[])?;
    let Some(out) = args.value("--out") else {
        return usage("merge needs --out DIR");
    };
    if args.positional.is_empty() {
        return usage("merge takes the input DIRs, then --out DIR");
    }
    let inputs: Vec<&str> = args.positional.iter().map(String::as_str).collect();
    let r = search_cli::shard::merge_dirs(&inputs, out).map_err(|e| Fail(e, 1))?;
    eprintln!("{out}: {r}");
    Ok(())
}

#[cfg(not(target_arch = "wasm32"))]
fn cmd_gc(raw: &[String]) -> Result<(), Fail> {
    let args = Args::parse(raw, &[], &[])?;
    let [dir] = args.positional.as_slice() else {
        return usage("gc takes one DIR");
    };
    let (n, bytes) = search_cli::shard::gc(dir).map_err(|e| Fail(e, 1))?;
    eprintln!("{dir}: {n} unused files deleted ({bytes} bytes)");
    Ok(())
}

#[cfg(not(target_arch = "wasm32"))]
fn cmd_search(raw: &[String]) -> Result<(), Fail> {
    let args = Args::parse(
        raw,
        &["--limit", "--color"],
        &["--prefix", "--json", "--batch"],
    )?;
    let limit = match args.value("--limit") {
        None => 10,
        Some(v) => match v.parse::<usize>() {
            Ok(n) => n,
            Err(_) => return usage(format!("--limit needs a number, not {v:?}")),
        },
    };
    let bold = match args.value("--color") {
        None | Some("auto") => {
            // https://no-color.org: set and not empty turns styling off
            std::io::stdout().is_terminal()
                && !matches!(std::env::var_os("NO_COLOR"), Some(v) if !v.is_empty())
        }
        Some("always") => true,
        Some("never") => false,
        Some(v) => return usage(format!("--color is auto, always or never, not {v:?}")),
    };
    let opts = search_cli::cli_options(limit, args.has("--prefix"), true);
    if args.has("--batch") {
        let [path] = args.positional.as_slice() else {
            return usage("search --batch takes one index PATH (queries on standard input)");
        };
        let stdin = std::io::stdin().lock();
        let stdout = std::io::BufWriter::new(std::io::stdout().lock());
        let mut on_error = |b: &search_cli::BadLine| {
            eprintln!("lede: standard input:{}: {}", b.line, b.reason);
        };
        let r = if search_cli::shard::is_sharded(path) {
            let mut ix = search_cli::shard::open_dir(path).map_err(|e| Fail(e, 1))?;
            let mut search = |q: &str, o: &lede::search::SearchOptions| {
                search_cli::shard::search_dir(&mut ix, path, q, o)
            };
            search_cli::batch_by(&mut search, stdin, stdout, &opts, &mut on_error)
        } else {
            let corpus = search_cli::load(path).map_err(|e| Fail(e, 1))?;
            search_cli::batch_with(&corpus, stdin, stdout, &opts, &mut on_error)
        };
        return match r {
            Ok((_, 0)) => Ok(()),
            Ok((n, e)) => fail(format!("{e} of {n} queries were not run")),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            Err(e) => fail(format!("batch search failed: {e}")),
        };
    }
    let [path, query] = args.positional.as_slice() else {
        return usage("search takes an index PATH and a QUERY (or --batch)");
    };
    search_cli::check_query(query).map_err(|e| Fail(e, 1))?;
    let r = if search_cli::shard::is_sharded(path) {
        let mut ix = search_cli::shard::open_dir(path).map_err(|e| Fail(e, 1))?;
        search_cli::shard::search_dir(&mut ix, path, query, &opts).map_err(|e| Fail(e, 1))?
    } else {
        let corpus = search_cli::load(path).map_err(|e| Fail(e, 1))?;
        corpus.search(query, &opts)
    };
    if args.has("--json") {
        let json =
            serde_json::to_string(&r).map_err(|e| Fail(format!("cannot write JSON: {e}"), 1))?;
        write_out(&json)
    } else {
        write_out(search_cli::format_results_styled(&r, bold).trim_end())
    }
}

fn write_out(s: &str) -> Result<(), Fail> {
    write_bytes(&[s.as_bytes(), b"\n"])
}

/// Writes `s` as it is (it ends in its own newline).
fn write_raw(s: &str) -> Result<(), Fail> {
    write_bytes(&[s.as_bytes()])
}

fn write_bytes(parts: &[&[u8]]) -> Result<(), Fail> {
    let mut out = std::io::stdout().lock();
    match parts
        .iter()
        .try_for_each(|p| out.write_all(p))
        .and_then(|_| out.flush())
    {
        Ok(()) => Ok(()),
        // a closed pipe (`lede ... | head`) is not an error worth reporting
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => fail(format!("cannot write output: {e}")),
    }
}

/// True when `raw` asks for help (`--help` or `-h` before any `--`).
fn wants_help(raw: &[String]) -> bool {
    raw.iter()
        .take_while(|a| a.as_str() != "--")
        .any(|a| a == "--help" || a == "-h")
}

fn run(cmd: &str, rest: &[String]) -> Result<(), Fail> {
    if wants_help(rest) {
        if let Some(h) = command_help(cmd) {
            return write_raw(&h);
        }
    }
    match cmd {
        #[cfg(not(target_arch = "wasm32"))]
        "analyze" => cmd_analyze(rest),
        "tag" => cmd_tag(rest),
        "eval" => cmd_eval(rest),
        "bench" => cmd_bench_ner(rest),
        #[cfg(not(target_arch = "wasm32"))]
        "index" => cmd_index(rest),
        #[cfg(not(target_arch = "wasm32"))]
        "search" => cmd_search(rest),
        #[cfg(not(target_arch = "wasm32"))]
        "merge" => cmd_merge(rest),
        #[cfg(not(target_arch = "wasm32"))]
        "gc" => cmd_gc(rest),
        #[cfg(not(target_arch = "wasm32"))]
        "eval-quotes" => cmd_eval_quotes(rest),
        #[cfg(not(target_arch = "wasm32"))]
        "eval-keyphrases" => cmd_eval_keyphrases(rest),
        #[cfg(not(target_arch = "wasm32"))]
        "eval-speakers" => cmd_eval_speakers(rest),
        #[cfg(not(target_arch = "wasm32"))]
        "eval-summary" => cmd_eval_summary(rest),
        #[cfg(feature = "train")]
        "train" => cmd_train(rest),
        #[cfg(feature = "train")]
        "train-clusters" => cmd_train_clusters(rest),
        #[cfg(not(feature = "train"))]
        "train" | "train-clusters" => fail(format!(
            "{cmd} is not in this build (cargo build --release --features train --bin lede)"
        )),
        "help" => match rest {
            [] => write_raw(&overview()),
            [name] => match command_help(name) {
                Some(h) => write_raw(&h),
                None => Err(Fail(format!("no command {name:?}"), NO_SUCH_COMMAND)),
            },
            _ => usage("help takes at most one COMMAND"),
        },
        _ => Err(Fail(format!("unknown command {cmd:?}"), NO_SUCH_COMMAND)),
    }
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = argv.split_first() else {
        eprint!("{}", overview());
        return ExitCode::from(2);
    };
    let r = match cmd.as_str() {
        "--version" | "-V" | "version" => write_out(&format!("lede {}", env!("CARGO_PKG_VERSION"))),
        "--help" | "-h" => write_raw(&overview()),
        c => run(c, rest),
    };
    match r {
        Ok(()) => ExitCode::SUCCESS,
        // usage errors: the message, then where the help is (never the whole help)
        Err(Fail(msg, USAGE)) => {
            eprintln!("lede: {msg}\ntry 'lede {cmd} --help'");
            ExitCode::from(USAGE)
        }
        // an unknown command (or help for one): the command list is the help
        Err(Fail(msg, NO_SUCH_COMMAND)) => {
            eprintln!("lede: {msg}\ntry 'lede help'");
            ExitCode::from(USAGE)
        }
        Err(Fail(msg, code)) => {
            eprintln!("lede: {msg}");
            ExitCode::from(code)
        }
    }
}
