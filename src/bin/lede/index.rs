//! The search commands: `lede index` (JSONL articles into one saved index
//! or, with `--sharded`, a sharded static index), `lede merge`, `lede gc`
//! and `lede search` (one query, or one per line from standard input, over
//! either kind of index). The work is `lede::cli`'s; these read the flags,
//! report progress and bad lines on standard error, and print.

use crate::args::Args;
use crate::{fail, usage, write_out, Fail};
use lede::cli as search_cli;
use std::io::IsTerminal;

pub(super) fn cmd_index(raw: &[String]) -> Result<(), Fail> {
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

pub(super) fn cmd_merge(raw: &[String]) -> Result<(), Fail> {
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

pub(super) fn cmd_gc(raw: &[String]) -> Result<(), Fail> {
    let args = Args::parse(raw, &[], &[])?;
    let [dir] = args.positional.as_slice() else {
        return usage("gc takes one DIR");
    };
    let (n, bytes) = search_cli::shard::gc(dir).map_err(|e| Fail(e, 1))?;
    eprintln!("{dir}: {n} unused files deleted ({bytes} bytes)");
    Ok(())
}

pub(super) fn cmd_search(raw: &[String]) -> Result<(), Fail> {
    let args = Args::parse(
        raw,
        &["--limit", "--color"],
        &["--prefix", "--json", "--batch", "--stats"],
    )?;
    let stats = args.has("--stats");
    if stats
        && args
            .positional
            .first()
            .is_some_and(|p| !search_cli::shard::is_sharded(p))
    {
        return usage("--stats is for a sharded index (a directory)");
    }
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
                let mut f = search_cli::shard::Fetched::default();
                let r = search_cli::shard::search_dir_counted(&mut ix, path, q, o, &mut f);
                if stats {
                    eprintln!("lede: {q:?}: {f}");
                }
                r
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
        let mut f = search_cli::shard::Fetched::default();
        let r = search_cli::shard::search_dir_counted(&mut ix, path, query, &opts, &mut f)
            .map_err(|e| Fail(e, 1))?;
        if stats {
            let manifest =
                std::fs::metadata(std::path::Path::new(path).join(lede::search::shard::MANIFEST))
                    .map_or(0, |m| m.len());
            eprintln!("lede: manifest {manifest} bytes; then {f}");
        }
        r
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
