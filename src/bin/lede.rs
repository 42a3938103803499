//! `lede`: the command-line face of Lede, for batch work.
//!
//! Run `lede help` for the commands.

use lede::analyze::{analyze_json, decode_utf8, AnalyzeOptions};
#[cfg(not(target_arch = "wasm32"))]
use lede::search::cli as search_cli;
use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str = "\
lede — news-article analyzer

USAGE:
  lede analyze PATH|- [--pretty] [--date YYYY-MM-DD]
      Print the analysis of an article as JSON (UTF-16 offsets).
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
    let args = Args::parse(raw, &["--date"], &["--pretty"])?;
    let [path] = args.positional.as_slice() else {
        return usage("analyze takes one PATH (or - for standard input)");
    };
    let bytes = read_input(path)?;
    let text = decode_utf8(&bytes).map_err(|e| Fail(format!("{path}: {e}"), 1))?;
    let opts = AnalyzeOptions {
        date: args.value("--date").map(str::to_string),
    };
    let json = analyze_json(text, &opts, args.has("--pretty"))
        .map_err(|e| Fail(format!("{path}: {e}"), 1))?;
    write_out(&json)
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
        #[cfg(not(target_arch = "wasm32"))]
        "index" => cmd_index(rest),
        #[cfg(not(target_arch = "wasm32"))]
        "search" => cmd_search(rest),
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
