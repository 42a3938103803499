//! `lede`: the command-line face of Lede, for batch work.
//!
//! Run `lede help` for the commands. The command logic that is more than
//! parsing and printing lives in `lede::cli` (native only, like this binary).
//!
//! One file per concern: `help.rs` (the help text of every command),
//! `args.rs` (the flag parser), then one file per group of commands:
//! `analyze.rs`, `ner.rs` (`tag`, `eval`, `bench` on CoNLL files),
//! `index.rs` (`index`, `merge`, `gc`, `search`), `eval.rs` (the
//! `eval-*` commands), `train.rs` (feature `train`). This file holds what
//! they share (the failure type, writing to standard output) and the
//! dispatch from a command's name to its function.

#[cfg(not(target_arch = "wasm32"))]
mod analyze;
mod args;
#[cfg(not(target_arch = "wasm32"))]
mod eval;
mod help;
#[cfg(not(target_arch = "wasm32"))]
mod index;
mod ner;
#[cfg(feature = "train")]
mod train;

#[cfg(not(target_arch = "wasm32"))]
use analyze::cmd_analyze;
#[cfg(not(target_arch = "wasm32"))]
use eval::{
    cmd_eval_entities, cmd_eval_keyphrases, cmd_eval_quotes, cmd_eval_speakers, cmd_eval_summary,
};
use help::{command_help, overview};
#[cfg(not(target_arch = "wasm32"))]
use index::{cmd_gc, cmd_index, cmd_merge, cmd_search};
use ner::{cmd_bench_ner, cmd_eval, cmd_tag};
use std::io::Write;
use std::process::ExitCode;
#[cfg(feature = "train")]
use train::{cmd_train, cmd_train_clusters};

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
        "eval-entities" => cmd_eval_entities(rest),
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
