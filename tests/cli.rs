//! The `lede` binary as a user runs it: exit codes, messages, help, output
//! formats, bounded input, JSONL line reports, search highlighting. Every
//! test runs the built binary (`CARGO_BIN_EXE_lede`) on real text (the seeds,
//! BBC articles when `../shared` is present).
// Uses the extraction engines: built with the `extract` feature (the default) only.
#![cfg(feature = "extract")]
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{bbc_articles, root, seed, shared, slice16};
use lede::cli::input::decode_article;
use lede::pipeline::{analyze, analyze_json, AnalyzeOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What one run of the binary did.
struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    fn out(&self) -> String {
        String::from_utf8(self.stdout.clone()).expect("UTF-8 output")
    }
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_lede")
}

/// Runs `lede ARGS` with `stdin` (none: empty) and extra environment.
fn run_env(args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("run lede");
    let mut sin = child.stdin.take().expect("stdin");
    let input = stdin.map(<[u8]>::to_vec).unwrap_or_default();
    let writer = std::thread::spawn(move || {
        let _ = sin.write_all(&input);
    });
    let o = child.wait_with_output().expect("lede output");
    let _ = writer.join();
    Run {
        code: o.status.code().unwrap_or(-1),
        stdout: o.stdout,
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn run(args: &[&str]) -> Run {
    run_env(args, None, &[])
}

/// A scratch path unique to this process and `name`.
fn tmp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("lede-cli-{}-{name}", std::process::id()))
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn seed_path() -> PathBuf {
    root().join("seeds/000_cbae279371bf3f5a.txt")
}

/// Every seed article's path.
fn seeds() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("seeds"))
        .expect("seeds")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    v.sort();
    v
}

// ---------------------------------------------------------------- help

const COMMANDS: &[&str] = &[
    "analyze",
    "index",
    "search",
    "tag",
    "eval",
    "bench",
    "eval-quotes",
    "eval-keyphrases",
    "eval-summary",
    "train",
    "train-clusters",
    "help",
];

#[test]
fn version_prints_the_crate_version() {
    for flag in ["--version", "-V"] {
        let r = run(&[flag]);
        assert_eq!(r.code, 0, "{flag}");
        assert_eq!(
            r.out(),
            format!("lede {}\n", env!("CARGO_PKG_VERSION")),
            "{flag}"
        );
        assert!(r.stderr.is_empty());
    }
}

#[test]
fn every_command_has_its_own_help() {
    let all = run(&["help"]);
    assert_eq!(all.code, 0);
    assert_eq!(all.out(), run(&["--help"]).out());
    for c in COMMANDS {
        assert!(
            all.out().contains(&format!("\n  {c} ")),
            "{c} missing from lede help"
        );
        let h = run(&["help", c]);
        assert_eq!(h.code, 0, "lede help {c}: {}", h.stderr);
        assert!(h.out().starts_with(&format!("lede {c} — ")), "{}", h.out());
        assert!(h.out().contains("USAGE:"), "{c}");
        for flag in ["--help", "-h"] {
            let f = run(&[c, flag]);
            assert_eq!(f.code, 0, "lede {c} {flag}");
            assert_eq!(
                f.out(),
                h.out(),
                "lede {c} {flag} differs from lede help {c}"
            );
        }
    }
    // the per-command help is where the options are
    let a = run(&["analyze", "--help"]).out();
    for opt in [
        "--format json",
        "--format text",
        "--format csv",
        "--pretty",
        "--date",
        "--summary",
    ] {
        assert!(a.contains(opt), "{opt}");
    }
    let i = run(&["index", "--help"]).out();
    assert!(i.contains("--skip-bad") && i.contains("--progress") && i.contains("duplicate id"));
    let q = run(&["search", "--help"]).out();
    assert!(q.contains("--color") && q.contains("NO_COLOR") && q.contains("4096"));
}

#[test]
fn usage_errors_are_one_line_and_a_hint() {
    let p = s(&seed_path()).to_string();
    let cases: &[(&[&str], &str, &str)] = &[
        (&["analyze"], "analyze takes one PATH", "analyze"),
        (&["analyze", &p, &p], "analyze takes one PATH", "analyze"),
        (
            &["analyze", &p, "--bogus"],
            "unknown option --bogus",
            "analyze",
        ),
        (
            &["analyze", &p, "--format", "yaml"],
            "--format is json, text or csv",
            "analyze",
        ),
        (
            &["analyze", &p, "--format=text", "--pretty"],
            "--pretty applies to --format json only",
            "analyze",
        ),
        (
            &["analyze", &p, "--summary", "x"],
            "--summary needs a number",
            "analyze",
        ),
        (
            &["analyze", &p, "--date"],
            "--date needs a value",
            "analyze",
        ),
        (
            &["index", "--jsonl", "x.jsonl"],
            "index needs --jsonl FILE and --out PATH",
            "index",
        ),
        (
            &["index", "--jsonl", "x", "--out", "y", "--skip-bad=yes"],
            "--skip-bad takes no value",
            "index",
        ),
        (
            &["search", "x.idx"],
            "search takes an index PATH and a QUERY",
            "search",
        ),
        (
            &["search", "x.idx", "q", "--limit", "ten"],
            "--limit needs a number",
            "search",
        ),
        (
            &["search", "x.idx", "q", "--color", "pink"],
            "--color is auto, always or never",
            "search",
        ),
        (&["tag"], "tag needs --conll PATH", "tag"),
        (
            &["help", "a", "b"],
            "help takes at most one COMMAND",
            "help",
        ),
    ];
    for (args, msg, cmd) in cases {
        let r = run(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}");
        let lines: Vec<&str> = r.stderr.lines().collect();
        assert_eq!(lines.len(), 2, "{args:?}: {}", r.stderr);
        assert!(
            lines[0].starts_with("lede: ") && lines[0].contains(msg),
            "{args:?}: {}",
            lines[0]
        );
        assert_eq!(lines[1], format!("try 'lede {cmd} --help'"), "{args:?}");
    }
    for args in [&["frobnicate"][..], &["help", "frobnicate"]] {
        let r = run(args);
        assert_eq!(r.code, 2);
        let lines: Vec<&str> = r.stderr.lines().collect();
        assert_eq!(lines.len(), 2, "{}", r.stderr);
        assert!(lines[0].contains("\"frobnicate\""));
        assert_eq!(lines[1], "try 'lede help'");
    }
    // no command at all: the short command list (not a page of options), exit 2
    let r = run(&[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("COMMANDS:") && r.stderr.lines().count() < 30);
}

#[test]
fn failures_that_are_not_usage_exit_1_with_one_line() {
    let cases: &[&[&str]] = &[
        &["analyze", "no/such/file.txt"],
        &["analyze", "seeds"],
        &["search", "no/such.idx", "budget"],
        &["index", "--jsonl", "no/such.jsonl", "--out", "x.idx"],
    ];
    for args in cases {
        let r = run(args);
        assert_eq!(r.code, 1, "{args:?}");
        assert_eq!(r.stderr.lines().count(), 1, "{args:?}: {}", r.stderr);
        assert!(r.stderr.starts_with("lede: "), "{}", r.stderr);
    }
}

// ---------------------------------------------------------------- analyze

#[test]
fn json_stays_the_default_and_byte_identical() {
    for p in seeds().iter().take(6) {
        let text = std::fs::read_to_string(p).unwrap();
        let want = analyze_json(&text, &AnalyzeOptions::default(), false).unwrap() + "\n";
        let plain = run(&["analyze", s(p)]);
        assert_eq!(plain.code, 0, "{}", plain.stderr);
        assert_eq!(plain.out(), want, "{}", p.display());
        assert_eq!(run(&["analyze", s(p), "--format", "json"]).out(), want);
        let pretty = analyze_json(&text, &AnalyzeOptions::default(), true).unwrap() + "\n";
        assert_eq!(run(&["analyze", s(p), "--pretty"]).out(), pretty);
    }
    // standard input, and --date / --summary still reach the pipeline
    let text = seed();
    let opts = AnalyzeOptions {
        date: Some("2023-09-14".into()),
        summary: Some(2),
        ..AnalyzeOptions::default()
    };
    let want = analyze_json(&text, &opts, false).unwrap() + "\n";
    let r = run_env(
        &["analyze", "-", "--date", "2023-09-14", "--summary", "2"],
        Some(text.as_bytes()),
        &[],
    );
    assert_eq!(r.out(), want);
}

/// Minimal RFC 4180 reader: rows of fields.
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(field.is_empty() && row.is_empty(), "CSV ends in a newline");
    rows
}

#[test]
fn csv_has_one_row_per_mention_with_utf16_offsets() {
    let mut rows_seen = 0;
    for p in seeds() {
        let text = std::fs::read_to_string(&p).unwrap();
        let a = analyze(&text, &AnalyzeOptions::default()).unwrap();
        let r = run(&["analyze", s(&p), "--format", "csv"]);
        assert_eq!(r.code, 0, "{}: {}", p.display(), r.stderr);
        let rows = parse_csv(&r.out());
        assert_eq!(
            rows[0],
            ["start", "end", "label", "text", "entity", "entity_name"]
        );
        assert_eq!(rows.len(), a.mentions.len() + 1, "{}", p.display());
        for (row, m) in rows[1..].iter().zip(&a.mentions) {
            let (start, end): (u32, u32) = (row[0].parse().unwrap(), row[1].parse().unwrap());
            assert_eq!((start, end), (m.start, m.end));
            assert_eq!(row[2], m.label);
            assert_eq!(row[3], m.text);
            // the offsets are UTF-16: JS text.slice(start, end) is the mention
            assert_eq!(slice16(&text, start, end), row[3], "{}", p.display());
            assert_eq!(row[4], m.entity.to_string());
            assert_eq!(row[5], a.entities[m.entity].name);
            rows_seen += 1;
        }
    }
    assert!(rows_seen > 500, "{rows_seen}");
}

#[test]
fn csv_quotes_commas_quotes_and_newlines() {
    // dates and numbers with commas are mention texts that need quoting
    let text = "On July 21, 2017, about 20,000 people marched through London, the \
                \"Financial Times\" reported.\n\nTony Blair said the march was peaceful.\n";
    let a = analyze(text, &AnalyzeOptions::default()).unwrap();
    let r = run_env(
        &["analyze", "-", "--format", "csv"],
        Some(text.as_bytes()),
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = r.out();
    let rows = parse_csv(&out);
    assert_eq!(rows.len(), a.mentions.len() + 1);
    for (row, m) in rows[1..].iter().zip(&a.mentions) {
        assert_eq!(row.len(), 6);
        assert_eq!(row[3], m.text);
    }
    assert!(out.contains(",DATE,\"July 21, 2017\","), "{out}");
    assert!(out.contains(",CARDINAL,\"20,000\","), "{out}");
    // every field that holds a comma or a quote is quoted, quotes doubled
    for line in out.lines().skip(1) {
        for f in &parse_csv(&format!("{line}\n"))[0] {
            if f.contains([',', '"']) {
                let q = format!("\"{}\"", f.replace('"', "\"\""));
                assert!(line.contains(&q), "{line}");
            }
        }
    }
}

#[test]
fn text_report_lists_names_values_quotes_keyphrases_summary() {
    let mut checked = 0;
    for p in seeds() {
        let text = std::fs::read_to_string(&p).unwrap();
        let a = analyze(&text, &AnalyzeOptions::default()).unwrap();
        let r = run(&["analyze", s(&p), "--format", "text"]);
        assert_eq!(r.code, 0, "{}: {}", p.display(), r.stderr);
        let out = r.out();
        assert!(!out.contains('{'), "not JSON");
        let count = |l: &str| a.entities.iter().filter(|e| e.label == l).count();
        for (title, label) in [
            ("People", "PER"),
            ("Organisations", "ORG"),
            ("Places", "LOC"),
            ("Other names", "MISC"),
        ] {
            assert!(
                out.contains(&format!("\n{title} ({})\n", count(label))),
                "{title} in {}",
                p.display()
            );
        }
        for e in &a.entities {
            let n = e.mentions.len();
            let name: String = e.name.split_whitespace().collect::<Vec<_>>().join(" ");
            if name.chars().count() > 30 {
                continue; // long names are cut to the column
            }
            let word = if n == 1 { "mention" } else { "mentions" };
            assert!(
                out.lines()
                    .any(|l| l.contains(&name) && l.contains(&format!("{n:>3} {word}"))),
                "{name} ({n}) in {}",
                p.display()
            );
        }
        assert!(out.contains(&format!("\nQuotes ({})\n", a.quotes.len())));
        for q in &a.quotes {
            let words: String = q.text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(out.contains(&format!("“{words}”")), "{words}");
            if let Some(e) = q.speaker.and_then(|i| a.entities.get(i)) {
                assert!(out.contains(&format!("— {}", e.name)), "{}", e.name);
            }
        }
        for k in &a.keyphrases {
            assert!(out.contains(&format!("  {}  (", k.text)), "{}", k.text);
        }
        assert!(out.contains("\nSummary ("));
        for sm in &a.summary {
            let sent = slice16(&text, sm.start, sm.end);
            let sent: String = sent.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(out.contains(&sent), "{sent}");
        }
        checked += 1;
    }
    assert_eq!(checked, 25);
}

#[test]
fn text_report_of_bbc_articles() {
    let Some(arts) = bbc_articles(40) else {
        return;
    };
    for (_, text) in arts.iter().step_by(4) {
        let a = analyze(text, &AnalyzeOptions::default()).unwrap();
        let r = run_env(
            &["analyze", "-", "--format", "text"],
            Some(text.as_bytes()),
            &[],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        let people = a.entities.iter().filter(|e| e.label == "PER").count();
        assert!(r.out().contains(&format!("\nPeople ({people})\n")));
        assert_eq!(
            r.out().matches('“').count(),
            a.quotes.len()
                + a.attributions.len()
                + a.quotes
                    .iter()
                    .chain(&a.attributions)
                    .map(|q| q.text.matches('“').count())
                    .sum::<usize>()
        );
    }
}

// ---------------------------------------------------------------- input

/// Feeds an endless stream of article-like text to `lede analyze -`; returns
/// the run and how many bytes the child accepted before it stopped reading.
fn endless_stdin(args: &[&str]) -> (i32, String, u64) {
    let mut child = Command::new(bin())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run lede");
    let mut sin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let chunk = "The minister said the budget would pass. ".repeat(1600);
        let mut sent = 0u64;
        // stops when the child closes its end (or after 1 GiB: a failure);
        // every byte the pipe took counts, also those of a write the closing
        // cut short (`write_all` would drop them from the count)
        let bytes = chunk.as_bytes();
        let mut at = 0usize;
        while sent < 1 << 30 {
            match sin.write(&bytes[at..]) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    sent += n as u64;
                    at = (at + n) % bytes.len();
                }
            }
        }
        sent
    });
    let o = child.wait_with_output().expect("output");
    let sent = writer.join().expect("writer");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
        sent,
    )
}

#[test]
fn endless_input_is_refused_at_the_limit() {
    let limit = lede::pipeline::MAX_TEXT_BYTES as u64;
    let (code, err, sent) = endless_stdin(&["analyze", "-"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        err.trim_end(),
        format!(
            "lede: standard input: the text is too large (more than {limit} bytes; stopped reading; the limit is {limit} bytes, 16 MiB)"
        )
    );
    // the child read one byte past the limit and stopped: what it accepted is
    // the limit plus what the pipe and one write hold
    assert!(sent < limit + 4 * 1024 * 1024, "{sent}");
    assert!(sent >= limit, "{sent}");
}

#[test]
fn large_files_are_refused_with_their_size() {
    let limit = lede::pipeline::MAX_TEXT_BYTES;
    let p = tmp("big.txt");
    let body = "The minister said the budget would pass. ".repeat(limit / 40 + 10);
    std::fs::write(&p, &body).unwrap();
    let r = run(&["analyze", s(&p)]);
    let _ = std::fs::remove_file(&p);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains(&format!("the text is too large ({} bytes;", body.len())),
        "{}",
        r.stderr
    );
    // exactly at the limit is read (and refused or analyzed by the core, not by the reader)
    let p = tmp("limit.txt");
    let mut b = body.into_bytes();
    b.truncate(limit);
    std::fs::write(&p, &b).unwrap();
    let r = run(&["analyze", s(&p), "--format", "csv"]);
    let _ = std::fs::remove_file(&p);
    assert!(!r.stderr.contains("too large"), "{}", r.stderr);
}

#[test]
fn a_bom_gives_the_offsets_the_pipeline_decides() {
    let text = seed();
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(text.as_bytes());
    let p = tmp("bom.txt");
    std::fs::write(&p, &with_bom).unwrap();
    let bom_json = run(&["analyze", s(&p)]);
    let bom_csv = run(&["analyze", s(&p), "--format", "csv"]);
    let bom_stdin = run_env(&["analyze", "-"], Some(&with_bom), &[]);
    let _ = std::fs::remove_file(&p);
    assert_eq!(bom_json.code, 0, "{}", bom_json.stderr);
    assert_eq!(bom_stdin.out(), bom_json.out());
    // the CLI prints the analysis of exactly what the pipeline makes of the bytes
    let decoded = decode_article(&with_bom).unwrap();
    let want = analyze_json(&decoded, &AnalyzeOptions::default(), false).unwrap() + "\n";
    assert_eq!(bom_json.out(), want);
    let plain = run(&["analyze", s(&seed_path())]);
    let plain_csv = run(&["analyze", s(&seed_path()), "--format", "csv"]);
    let offsets = |r: &Run| -> Vec<(u32, u32)> {
        parse_csv(&r.out())[1..]
            .iter()
            .map(|row| (row[0].parse().unwrap(), row[1].parse().unwrap()))
            .collect()
    };
    let shift = decoded.encode_utf16().count() - text.encode_utf16().count();
    match shift {
        // the BOM is one character, as at index 0 of a JS string: every offset one more
        1 => {
            let shifted: Vec<(u32, u32)> = offsets(&plain_csv)
                .iter()
                .map(|&(a, b)| (a + 1, b + 1))
                .collect();
            assert_eq!(offsets(&bom_csv), shifted);
        }
        // the BOM is dropped: the same output as the text without it
        0 => {
            assert_eq!(bom_json.out(), plain.out());
            assert_eq!(bom_csv.out(), plain_csv.out());
        }
        n => panic!("a BOM decoded as {n} UTF-16 units"),
    }
}

#[test]
fn bad_bytes_are_one_line_errors() {
    let r = run_env(&["analyze", "-"], Some(b"Tony Blair \xff said"), &[]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr.trim_end(),
        "lede: standard input: the input is not valid UTF-8 (first bad byte at offset 11)"
    );
    let r = run_env(&["analyze", "-"], Some(b"   \n "), &[]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr.trim_end(),
        "lede: standard input: the text is empty"
    );
}

// ---------------------------------------------------------------- index

/// A JSONL line.
fn line(v: serde_json::Value) -> String {
    v.to_string() + "\n"
}

/// A JSONL file mixing good articles (seeds) with one of each kind of bad line;
/// returns it, the good ids and the bad line numbers with a reason fragment.
fn mixed_jsonl() -> (Vec<u8>, Vec<String>, Vec<(usize, String)>) {
    use serde_json::json;
    let texts: Vec<String> = seeds()
        .iter()
        .take(6)
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let mut out: Vec<u8> = Vec::new();
    let mut good = Vec::new();
    let mut bad = Vec::new();
    let mut n = 0;
    let mut push = |out: &mut Vec<u8>, l: &[u8], why: Option<&str>| {
        n += 1;
        out.extend_from_slice(l);
        if let Some(w) = why {
            bad.push((n, w.to_string()));
        }
        n
    };
    push(
        &mut out,
        line(json!({"id": "s0", "title": "Seed 0", "text": texts[0]})).as_bytes(),
        None,
    );
    good.push("s0".to_string());
    push(&mut out, b"{not json}\n", Some("not valid JSON"));
    push(
        &mut out,
        line(json!({"title": "t", "text": texts[1]})).as_bytes(),
        Some("no id"),
    );
    push(
        &mut out,
        line(json!({"id": true, "text": texts[1]})).as_bytes(),
        Some("id is a boolean"),
    );
    push(
        &mut out,
        line(json!({"id": ["s1"], "text": texts[1]})).as_bytes(),
        Some("id is an array"),
    );
    let long_id = "x".repeat(1025);
    push(
        &mut out,
        line(json!({"id": long_id, "text": texts[1]})).as_bytes(),
        Some("id is 1025 bytes long (the limit is 1024)"),
    );
    push(
        &mut out,
        format!("{{\"id\": \"s\\ud800\", \"text\": {}}}\n", json!(texts[1])).as_bytes(),
        Some("unpaired UTF-16 surrogate"),
    );
    push(
        &mut out,
        b"{\"id\": \"s1b\", \"text\": \"Tony Blair \\udc00 said\"}\n",
        Some("unpaired UTF-16 surrogate"),
    );
    push(
        &mut out,
        line(json!({"id": "s2", "title": "No text"})).as_bytes(),
        Some("no text"),
    );
    push(
        &mut out,
        line(json!({"id": "s2", "text": ["a", "b"]})).as_bytes(),
        Some("text is an array, not a string"),
    );
    push(
        &mut out,
        line(json!({"id": "s2", "text": "Tony\u{0}Blair"})).as_bytes(),
        Some("text contains a NUL"),
    );
    push(
        &mut out,
        line(json!({"id": "s2", "title": {"a": 1}, "text": texts[2]})).as_bytes(),
        Some("title is an object, not a string"),
    );
    // a blank line is not an article, and not an error
    push(&mut out, b"   \n", None);
    // a BOM at a line's start is stripped
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(line(json!({"id": "s3", "title": "BOM", "text": texts[3]})).as_bytes());
    push(&mut out, &bom, None);
    good.push("s3".to_string());
    // invalid UTF-8 in one line: that line only
    let mut raw = b"{\"id\": \"s4\", \"text\": \"caf\xe9 society\"}\n".to_vec();
    push(
        &mut out,
        &raw,
        Some("not valid UTF-8 (bad byte at column 26)"),
    );
    raw.clear();
    push(
        &mut out,
        line(json!({"id": "s5", "title": "Seed 5", "text": texts[5]})).as_bytes(),
        None,
    );
    good.push("s5".to_string());
    push(
        &mut out,
        line(json!({"id": "s0", "text": texts[4]})).as_bytes(),
        Some("duplicate id \"s0\" (first on line 1; that one is kept)"),
    );
    // a numeric id is its decimal text
    push(
        &mut out,
        line(json!({"id": 42, "text": texts[4], "date": "2023-09-14"})).as_bytes(),
        None,
    );
    good.push("42".to_string());
    (out, good, bad)
}

#[test]
fn index_reports_every_bad_line_and_fails_without_skip_bad() {
    let (data, good, bad) = mixed_jsonl();
    let input = tmp("mixed.jsonl");
    let out = tmp("mixed.idx");
    std::fs::write(&input, &data).unwrap();
    let _ = std::fs::remove_file(&out);
    let r = run(&["index", "--jsonl", s(&input), "--out", s(&out)]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!out.exists(), "nothing is written when a line is bad");
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), bad.len() + 1, "{}", r.stderr);
    for ((n, why), l) in bad.iter().zip(&lines) {
        let prefix = format!("lede: {}:{n}: ", s(&input));
        assert!(
            l.starts_with(&prefix) && l.contains(why.as_str()),
            "{l} / {n} {why}"
        );
    }
    assert!(
        lines[bad.len()].contains(&format!(
            "{} of {} lines cannot be indexed (the first is line 2)",
            bad.len(),
            data.iter().filter(|&&b| b == b'\n').count()
        )) && lines[bad.len()].contains("--skip-bad"),
        "{}",
        lines[bad.len()]
    );

    let r = run(&[
        "index",
        "--jsonl",
        s(&input),
        "--out",
        s(&out),
        "--skip-bad",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for (n, _) in &bad {
        assert!(r.stderr.contains(&format!(":{n}: skipped: ")), "{n}");
    }
    assert!(
        r.stderr.lines().last().unwrap().starts_with(&format!(
            "indexed {} documents ({} lines skipped)",
            good.len(),
            bad.len()
        )),
        "{}",
        r.stderr
    );
    let c = lede::cli::load(s(&out)).unwrap();
    let mut ids: Vec<String> = c.ids();
    ids.sort();
    let mut want = good.clone();
    want.sort();
    assert_eq!(ids, want);
    // the duplicate kept the first line's article
    assert_eq!(c.get("s0").unwrap().0.title, "Seed 0");
    let _ = std::fs::remove_file(&input);
    let _ = std::fs::remove_file(&out);
}

#[test]
fn index_refuses_text_over_16_mib_in_its_line() {
    let limit = lede::pipeline::MAX_TEXT_BYTES;
    let big = "a".repeat(limit + 1);
    let data = format!(
        "{}{}{}",
        line(serde_json::json!({"id": "big", "text": big})),
        line(serde_json::json!({"id": "ok", "text": seed()})),
        "\n"
    );
    let r = run_env(
        &[
            "index",
            "--jsonl",
            "-",
            "--out",
            s(&tmp("big.idx")),
            "--skip-bad",
        ],
        Some(data.as_bytes()),
        &[],
    );
    let _ = std::fs::remove_file(tmp("big.idx"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "lede: standard input:1: skipped: text is {} bytes long (the limit is {limit}, 16 MiB)",
            limit + 1
        )),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("indexed 1 documents (1 lines skipped)"));
}

#[test]
fn index_progress_only_when_asked_or_on_a_terminal() {
    let mut data = String::new();
    for i in 0..2100 {
        data.push_str(&line(serde_json::json!({
            "id": format!("d{i}"),
            "title": format!("Note {i}"),
            "text": format!("Minister {i} met the council in Leeds on Monday."),
        })));
    }
    let input = tmp("many.jsonl");
    std::fs::write(&input, &data).unwrap();
    let out = tmp("many.idx");
    let r = run(&[
        "index",
        "--jsonl",
        s(&input),
        "--out",
        s(&out),
        "--progress",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for n in [1000, 2000] {
        assert!(
            r.stderr.lines().any(|l| l
                .starts_with(&format!("lede index: {n} documents, 0 bad lines, "))
                && l.contains("% of ")),
            "{}",
            r.stderr
        );
    }
    // on a terminal (script(1) gives the child a pty) the line is rewritten in place
    if Command::new("script").arg("--version").output().is_ok() {
        let cmdline = format!("{} index --jsonl {} --out {}", bin(), s(&input), s(&out));
        let o = Command::new("script")
            .args(["-qec", &cmdline, "/dev/null"])
            .output()
            .expect("script");
        let tty = String::from_utf8_lossy(&o.stdout);
        assert!(
            tty.contains("\rlede index: 1000 documents, 0 bad lines, "),
            "{tty}"
        );
        assert!(
            tty.contains("indexed 2100 documents (0 lines skipped)"),
            "{tty}"
        );
    }
    // standard error is a pipe here: without --progress, only the report
    let r = run(&["index", "--jsonl", s(&input), "--out", s(&out)]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r
        .stderr
        .starts_with("indexed 2100 documents (0 lines skipped)"));
    let _ = std::fs::remove_file(&input);
    let _ = std::fs::remove_file(&out);
}

#[test]
fn bbc_index_contract_holds() {
    let Some(p) = shared("bbc/bbc_news_summary.jsonl") else {
        return;
    };
    // the first 300 articles, through standard input
    let data: String = std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .take(300)
        .map(|l| format!("{l}\n"))
        .collect();
    let out = tmp("bbc.idx");
    let r = run_env(
        &["index", "--jsonl", "-", "--out", s(&out)],
        Some(data.as_bytes()),
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .starts_with("indexed 300 documents (0 lines skipped), "),
        "{}",
        r.stderr
    );
    let r = run(&["search", s(&out), "person:Blair election", "--limit", "3"]);
    assert_eq!(r.code, 0);
    assert!(r.out().lines().count() >= 3, "{}", r.out());
    let _ = std::fs::remove_file(&out);
}

// ---------------------------------------------------------------- search

/// An index of the 25 seeds (ids = file stems).
fn seed_index(name: &str) -> PathBuf {
    let mut data = String::new();
    for p in seeds() {
        let id = p.file_stem().unwrap().to_str().unwrap().to_string();
        let text = std::fs::read_to_string(&p).unwrap();
        let title = text.lines().next().unwrap_or("").to_string();
        data.push_str(&line(
            serde_json::json!({"id": id, "title": title, "text": text}),
        ));
    }
    let input = tmp(&format!("{name}.jsonl"));
    let out = tmp(&format!("{name}.idx"));
    std::fs::write(&input, data).unwrap();
    let r = run(&["index", "--jsonl", s(&input), "--out", s(&out)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let _ = std::fs::remove_file(&input);
    out
}

#[test]
fn search_bolds_matches_only_for_a_terminal_or_when_asked() {
    let idx = seed_index("bold");
    let plain = run(&["search", s(&idx), "Shoigu missiles"]);
    assert_eq!(plain.code, 0);
    assert!(!plain.out().contains('\x1b'), "a pipe gets no escapes");
    let bold = run(&["search", s(&idx), "Shoigu missiles", "--color", "always"]);
    let b = bold.out();
    assert!(b.contains("\x1b[1mShoigu\x1b[22m"), "{b}");
    // the same text once the escapes are taken out
    assert_eq!(
        b.replace("\x1b[1m", "").replace("\x1b[22m", ""),
        plain.out()
    );
    // every bold run is a match of the query, nothing else
    for run_ in b.split("\x1b[1m").skip(1) {
        let word = run_.split("\x1b[22m").next().unwrap().to_lowercase();
        assert!(
            word.starts_with("shoigu") || word.starts_with("missile"),
            "{word}"
        );
    }
    assert_eq!(
        run(&["search", s(&idx), "Shoigu", "--color", "never"]).out(),
        run(&["search", s(&idx), "Shoigu"]).out()
    );
    // a real terminal (script(1) gives the child a pty), with and without NO_COLOR
    if Command::new("script").arg("--version").output().is_ok() {
        let cmdline = format!("{} search {} Shoigu", bin(), s(&idx));
        let tty = |no_color: Option<&str>| -> String {
            let mut c = Command::new("script");
            c.args(["-qec", &cmdline, "/dev/null"])
                .env_remove("NO_COLOR");
            if let Some(v) = no_color {
                c.env("NO_COLOR", v);
            }
            String::from_utf8_lossy(&c.output().expect("script").stdout).into_owned()
        };
        assert!(tty(None).contains("\x1b[1mShoigu\x1b[22m"), "{}", tty(None));
        assert!(!tty(Some("1")).contains("\x1b[1m"));
        // an empty NO_COLOR does not count (no-color.org)
        assert!(tty(Some("")).contains("\x1b[1m"));
    }
    let _ = std::fs::remove_file(&idx);
}

#[test]
fn queries_over_the_cap_are_errors_not_cut() {
    let idx = seed_index("cap");
    // the case: "budget", 5,000 spaces, "-brown"
    let q = format!("budget{}-brown", " ".repeat(5000));
    let r = run(&["search", s(&idx), &q]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty());
    assert_eq!(
        r.stderr.trim_end(),
        "lede: the query is 5012 bytes long, over the limit of 4096 bytes"
    );
    let ok = "x".repeat(4096 - 6) + " Kim";
    assert_eq!(run(&["search", s(&idx), &ok]).code, 0);
    // batch: the long line gets an error object, the others their results
    let input = format!("Shoigu\n{q}\nKim Jong Un\n");
    let r = run_env(&["search", s(&idx), "--batch"], Some(input.as_bytes()), &[]);
    assert_eq!(r.code, 1);
    let lines: Vec<serde_json::Value> = r
        .out()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["query"], "Shoigu");
    assert_eq!(lines[0]["ids"][0], "000_cbae279371bf3f5a");
    assert!(lines[0].get("error").is_none());
    assert_eq!(lines[1]["ids"].as_array().unwrap().len(), 0);
    assert_eq!(
        lines[1]["error"],
        "the query is 5012 bytes long, over the limit of 4096 bytes"
    );
    assert!(!lines[2]["ids"].as_array().unwrap().is_empty());
    assert!(r
        .stderr
        .contains("lede: standard input:2: the query is 5012 bytes long"));
    assert!(r.stderr.contains("1 of 3 queries were not run"));
    // an endless query line is consumed without being kept
    let huge = format!("{}\nShoigu\n", "budget ".repeat(3_000_000));
    let r = run_env(&["search", s(&idx), "--batch"], Some(huge.as_bytes()), &[]);
    let out = r.out();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0].contains("21000000 bytes long") && lines[0].len() < 300,
        "{}",
        lines[0]
    );
    let _ = std::fs::remove_file(&idx);
}

#[test]
fn batch_and_tag_contracts_hold() {
    let idx = seed_index("contract");
    let r = run_env(
        &["search", s(&idx), "--batch"],
        Some(b"Shoigu\n\nKim Jong Un\r\n"),
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    for l in r.out().lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["ids", "query", "took_us"], "{l}");
    }
    let r = run(&["search", s(&idx), "Shoigu", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(v["results"][0]["id"], "000_cbae279371bf3f5a");
    let _ = std::fs::remove_file(&idx);
    let conll = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\ncall NN I-NP O\n. . O O\n";
    let r = run_env(&["tag", "--conll", "-"], Some(conll.as_bytes()), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = r.out();
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(rows.len(), conll.lines().count());
    assert_eq!(rows[2].split(' ').count(), 5);
    // `--model` tags with a model file: the shipped file gives the built-in
    // model's tags; a file that is not a model is an error naming it
    let shipped = concat!(env!("CARGO_MANIFEST_DIR"), "/models/ner.bin");
    let r2 = run_env(
        &["tag", "--conll", "-", "--model", shipped],
        Some(conll.as_bytes()),
        &[],
    );
    assert_eq!((r2.code, r2.out()), (0, out.clone()), "{}", r2.stderr);
    let not_model = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    let r3 = run_env(
        &["tag", "--conll", "-", "--model", not_model],
        Some(conll.as_bytes()),
        &[],
    );
    assert_eq!(r3.code, 1);
    assert!(
        r3.stdout.is_empty() && r3.stderr.contains("Cargo.toml"),
        "{}",
        r3.stderr
    );
}
