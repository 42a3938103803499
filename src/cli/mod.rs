//! The logic of the native `lede index` and `lede search` commands (the
//! binary only parses arguments and prints). Indexing enriches every article
//! through [`crate::pipeline::add_enriched`], exactly as JS `corpus.add(doc)`.

use crate::pipeline::add_enriched;
use crate::search::{Corpus, Document, SearchOptions, SearchResults};
use serde_json::Value;
use std::io::{BufRead, Write};
use std::time::Instant;

/// What `lede index` reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexReport {
    /// Documents indexed.
    pub documents: usize,
    /// Lines skipped (empty, not JSON, or without id / text).
    pub skipped: usize,
    /// Distinct terms.
    pub terms: usize,
    /// Size of the written index in bytes.
    pub bytes: usize,
    /// Time to read, index and write, in milliseconds.
    pub millis: u128,
}

impl std::fmt::Display for IndexReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "indexed {} documents ({} lines skipped), {} terms, {} bytes, {} ms",
            self.documents, self.skipped, self.terms, self.bytes, self.millis
        )
    }
}

fn opt_str(v: &Value, k: &str) -> Option<String> {
    v.get(k).and_then(Value::as_str).map(str::to_string)
}

/// Reads one JSONL line as a document: `{id, title, text, date?, source?, url?}`
/// (other keys, such as the BBC file's `category` and `summary`, are ignored;
/// a numeric id is accepted). `None` for lines that are not such an object.
pub fn parse_doc_line(line: &str) -> Option<Document> {
    let v: Value = serde_json::from_str(line.trim()).ok()?;
    let id = match v.get("id")? {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    Some(Document {
        id,
        title: opt_str(&v, "title").unwrap_or_default(),
        text: opt_str(&v, "text").unwrap_or_default(),
        date: opt_str(&v, "date"),
        source: opt_str(&v, "source"),
        url: opt_str(&v, "url"),
    })
}

/// Indexes a JSONL text into a corpus; returns it and the number of lines skipped.
pub fn corpus_from_jsonl(data: &str) -> (Corpus, usize) {
    let mut c = crate::pipeline::enriched_corpus();
    let mut skipped = 0;
    for line in data.lines() {
        if line.trim().is_empty() {
            continue;
        }
        match parse_doc_line(line).map(|d| add_enriched(&mut c, d)) {
            Some(Ok(_)) => {}
            _ => skipped += 1,
        }
    }
    (c, skipped)
}

/// `lede index --jsonl FILE --out PATH`: indexes the file and writes the index.
pub fn index_jsonl(input: &str, out: &str) -> Result<IndexReport, String> {
    let t0 = Instant::now();
    let bytes = std::fs::read(input).map_err(|e| format!("cannot read {input}: {e}"))?;
    let data = crate::pipeline::decode_utf8(&bytes).map_err(|e| format!("{input}: {e}"))?;
    let (c, skipped) = corpus_from_jsonl(data);
    let b = c.to_bytes();
    std::fs::write(out, &b).map_err(|e| format!("cannot write {out}: {e}"))?;
    Ok(IndexReport {
        documents: c.len(),
        skipped,
        terms: c.term_count(),
        bytes: b.len(),
        millis: t0.elapsed().as_millis(),
    })
}

/// Loads an index written by `lede index`.
pub fn load(path: &str) -> Result<Corpus, String> {
    let b = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    Corpus::from_bytes(&b).map_err(|e| format!("{path}: {e}"))
}

/// Search options for the command line.
pub fn cli_options(limit: usize, prefix: bool, highlight: bool) -> SearchOptions {
    SearchOptions {
        limit,
        prefix,
        highlight,
        ..SearchOptions::default()
    }
}

/// Results as human-readable lines: rank, score, id, title, snippet.
pub fn format_results(r: &SearchResults) -> String {
    let mut s = format!("{} matching documents\n", r.total);
    for (i, h) in r.results.iter().enumerate() {
        s.push_str(&format!(
            "{:>3}. {:>7.3}  {}  {}\n     {}\n",
            i + 1,
            h.score,
            h.id,
            h.title,
            h.snippet.text.replace('\n', " ")
        ));
    }
    s
}

/// `lede search --batch`: one query per input line, one JSON line
/// `{"query", "ids", "took_us"}` per query (empty lines give empty results).
/// Returns the number of queries answered.
pub fn batch(
    c: &Corpus,
    input: impl BufRead,
    mut out: impl Write,
    opts: &SearchOptions,
) -> std::io::Result<usize> {
    let mut n = 0;
    let opts = SearchOptions {
        highlight: false,
        ..opts.clone()
    };
    for line in input.split(b'\n') {
        let line = line?;
        let q = String::from_utf8_lossy(&line);
        let q = q.trim_end_matches('\r');
        let t0 = Instant::now();
        let r = c.search(q, &opts);
        let took = t0.elapsed().as_micros() as u64;
        let ids: Vec<&str> = r.results.iter().map(|h| h.id.as_str()).collect();
        let v = serde_json::json!({ "query": q, "ids": ids, "took_us": took });
        writeln!(out, "{v}")?;
        n += 1;
    }
    out.flush()?;
    Ok(n)
}
