//! `lede`: the command-line face of Lede, for batch work.
//!
//! Run `lede help` for the commands.

use lede::analyze::{analyze_json, decode_utf8, AnalyzeOptions};
use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str = "\
lede — news-article analyzer

USAGE:
  lede analyze PATH|- [--pretty] [--date YYYY-MM-DD] [--summary K]
      Print the analysis of an article as JSON (UTF-16 offsets).
  lede eval-quotes --polnear DIR
      Score quote extraction on PolNeAR (DIR holds text/ and attributions/).
  lede eval-keyphrases --kpcrowd DIR
      Score keyphrases at 5 and 10 on 500N-KPCrowd (DIR holds NAME.txt, NAME.key).
  lede eval-summary --bbc FILE
      Score summaries (ROUGE-1/2/L) on BBC News Summary, beside the lead-k baseline.
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
    let [path] = args.positional.as_slice() else {
        return usage("analyze takes one PATH (or - for standard input)");
    };
    let bytes = read_input(path)?;
    let text = decode_utf8(&bytes).map_err(|e| Fail(format!("{path}: {e}"), 1))?;
    let summary = match args.value("--summary") {
        Some(v) => match v.parse::<usize>() {
            Ok(k) => Some(k),
            Err(_) => return usage(format!("--summary needs a number of sentences, not {v:?}")),
        },
        None => None,
    };
    let opts = AnalyzeOptions {
        date: args.value("--date").map(str::to_string),
        summary,
    };
    let json = analyze_json(text, &opts, args.has("--pretty"))
        .map_err(|e| Fail(format!("{path}: {e}"), 1))?;
    write_out(&json)
}

#[cfg(not(target_arch = "wasm32"))]
fn cmd_eval_quotes(raw: &[String]) -> Result<(), Fail> {
    let args = Args::parse(raw, &["--polnear"], &[])?;
    let Some(dir) = args.value("--polnear") else {
        return usage("eval-quotes needs --polnear DIR");
    };
    let ev = lede::extract::eval::eval_quotes(std::path::Path::new(dir)).map_err(|e| Fail(e, 1))?;
    write_out(ev.report().trim_end())
}

#[cfg(not(target_arch = "wasm32"))]
fn cmd_eval_keyphrases(raw: &[String]) -> Result<(), Fail> {
    let args = Args::parse(raw, &["--kpcrowd"], &[])?;
    let Some(dir) = args.value("--kpcrowd") else {
        return usage("eval-keyphrases needs --kpcrowd DIR");
    };
    let ev =
        lede::extract::eval::eval_keyphrases(std::path::Path::new(dir)).map_err(|e| Fail(e, 1))?;
    write_out(ev.report().trim_end())
}

#[cfg(not(target_arch = "wasm32"))]
fn cmd_eval_summary(raw: &[String]) -> Result<(), Fail> {
    let args = Args::parse(raw, &["--bbc"], &[])?;
    let Some(file) = args.value("--bbc") else {
        return usage("eval-summary needs --bbc FILE");
    };
    let ev = lede::extract::eval::eval_summary(std::path::Path::new(file), None)
        .map_err(|e| Fail(e, 1))?;
    write_out(ev.report().trim_end())
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
        "eval-quotes" => cmd_eval_quotes(rest),
        #[cfg(not(target_arch = "wasm32"))]
        "eval-keyphrases" => cmd_eval_keyphrases(rest),
        #[cfg(not(target_arch = "wasm32"))]
        "eval-summary" => cmd_eval_summary(rest),
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
