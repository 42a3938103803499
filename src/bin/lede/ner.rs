//! The tagger's CoNLL commands: `lede tag` (tag a CoNLL file, one label
//! per token), `lede eval` (its scores against the gold labels, with an
//! optional other model) and `lede bench` (its speed on a CoNLL file).
//! These are in every build of the binary, wasm32 included.

use crate::args::Args;
use crate::{usage, write_out, Fail};
use lede::extract::ner::{conll, NerModel};
use std::io::{BufRead, BufReader};

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

pub(super) fn cmd_tag(raw: &[String]) -> Result<(), Fail> {
    let args = Args::parse(raw, &["--conll", "--model"], &[])?;
    let Some(path) = args.value("--conll") else {
        return usage("tag needs --conll PATH (or - for standard input)");
    };
    let input = open(path)?;
    let mut custom = None;
    let model = load_model(args.value("--model"), &mut custom)?;
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    match conll::tag_conll(model, input, out) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(io_fail(e)),
        _ => Ok(()),
    }
}

/// The model of `--model FILE` (read into `custom`), or the built-in one.
fn load_model<'a>(
    path: Option<&str>,
    custom: &'a mut Option<NerModel>,
) -> Result<&'a NerModel, Fail> {
    let Some(p) = path else {
        return Ok(NerModel::builtin());
    };
    let bytes = std::fs::read(p).map_err(|e| Fail(format!("cannot read {p}: {e}"), 1))?;
    let m = NerModel::from_bytes(&bytes).map_err(|e| Fail(format!("{p}: {e}"), 1))?;
    Ok(custom.insert(m))
}

pub(super) fn cmd_eval(raw: &[String]) -> Result<(), Fail> {
    let args = Args::parse(raw, &["--conll", "--model"], &[])?;
    let Some(path) = args.value("--conll") else {
        return usage("eval needs --conll PATH");
    };
    let input = open(path)?;
    let mut custom = None;
    let model = load_model(args.value("--model"), &mut custom)?;
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

pub(super) fn cmd_bench_ner(raw: &[String]) -> Result<(), Fail> {
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
