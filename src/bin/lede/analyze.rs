//! `lede analyze`: one article in, its analysis out as JSON (the same
//! text as JS's `analyze`), a readable text report or a CSV of mentions.
//! Reading and decoding the file are `lede::cli::input`'s; the reports are
//! `lede::cli::report`'s.

use crate::args::Args;
use crate::{usage, write_out, write_raw, Fail};
use lede::cli::{self as search_cli, report};
use lede::pipeline::{analyze, analyze_json, AnalyzeOptions};

/// What `lede analyze --format` prints.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Text,
    Csv,
}

pub(super) fn cmd_analyze(raw: &[String]) -> Result<(), Fail> {
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
