//! The logic of the native commands; the binary (`src/bin/lede/`) only
//! parses arguments and prints.
//!
//! - [`input`]: reading files and standard input with the size checked while
//!   reading (an endless input never fills memory);
//! - [`index`]: `lede index`, JSONL checked line by line, every dropped line
//!   reported with its number and reason;
//! - [`report`]: `lede analyze --format text|csv`;
//! - here: loading an index, `lede search` (results as text, matches in bold
//!   on a terminal) and `lede search --batch`.
//!
//! Indexing enriches every article through [`crate::pipeline::add_enriched`],
//! exactly as JS `corpus.add(doc)`, so the indexes are the same.

pub mod index;
pub mod input;
pub mod report;
pub mod shard;

pub use index::{index_reader, parse_record, BadLine, IndexOptions, Indexed, Progress};

use crate::search::{Corpus, Document, SearchOptions, SearchResults, MAX_QUERY_BYTES};
use crate::text::{OffsetMap, Span16};
use input::{read_line_capped, Line};
use std::io::{BufRead, Write};
use std::time::Instant;

/// What `lede index` reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexReport {
    /// Documents indexed.
    pub documents: usize,
    /// Lines dropped (see [`BadLine`]; blank lines are not counted).
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

/// Reads one JSONL line as a document (see [`parse_record`] for the rules);
/// `None` for a line that cannot be indexed.
pub fn parse_doc_line(line: &str) -> Option<Document> {
    parse_record(line.as_bytes()).ok()
}

/// Indexes a JSONL text into a corpus, skipping bad lines; returns it and
/// the number of lines skipped.
pub fn corpus_from_jsonl(data: &str) -> (Corpus, usize) {
    let opts = IndexOptions {
        skip_bad: true,
        progress_docs: 0,
        progress_every: None,
    };
    match index_reader(data.as_bytes(), &opts, &mut |_| {}, &mut |_| {}) {
        Ok(ix) => (ix.corpus, ix.bad.len()),
        // reading from memory cannot fail
        Err(_) => (crate::pipeline::enriched_corpus(), 0),
    }
}

/// Opens `path` (`-`: standard input) for buffered reading; with its size
/// when it is a regular file.
pub fn open_input(path: &str) -> Result<(Box<dyn BufRead>, Option<u64>), String> {
    if path == "-" {
        return Ok((Box::new(std::io::BufReader::new(std::io::stdin())), None));
    }
    let f = std::fs::File::open(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let size = match f.metadata() {
        Ok(m) if m.is_dir() => return Err(format!("cannot read {path}: it is a directory")),
        Ok(m) if m.is_file() => Some(m.len()),
        _ => None,
    };
    Ok((
        Box::new(std::io::BufReader::with_capacity(1 << 16, f)),
        size,
    ))
}

/// `lede index --jsonl FILE --out PATH` (see [`index`] for the rules): indexes
/// the file and writes the index. With bad lines and without
/// [`IndexOptions::skip_bad`], nothing is written and the error says how many
/// lines were bad (each was given to `on_bad` as it was found).
pub fn index_jsonl_with(
    input: &str,
    out: &str,
    opts: &IndexOptions,
    on_bad: &mut dyn FnMut(&BadLine),
    on_progress: &mut dyn FnMut(&Progress, Option<u64>),
) -> Result<IndexReport, String> {
    let t0 = Instant::now();
    let (reader, size) = open_input(input)?;
    let ix = index_reader(reader, opts, on_bad, &mut |p| on_progress(p, size))
        .map_err(|e| format!("cannot read {input}: {e}"))?;
    if !ix.bad.is_empty() && !opts.skip_bad {
        let first = ix.bad.first().map(|b| b.line).unwrap_or(0);
        return Err(format!(
            "{input}: {} of {} lines cannot be indexed (the first is line {first}); \
             nothing written (--skip-bad indexes the others)",
            ix.bad.len(),
            ix.lines
        ));
    }
    let b = ix.corpus.to_bytes();
    std::fs::write(out, &b).map_err(|e| format!("cannot write {out}: {e}"))?;
    Ok(IndexReport {
        documents: ix.corpus.len(),
        skipped: ix.bad.len(),
        terms: ix.corpus.term_count(),
        bytes: b.len(),
        millis: t0.elapsed().as_millis(),
    })
}

/// [`index_jsonl_with`] with the default options (a bad line is an error),
/// no progress and bad lines reported only by count.
pub fn index_jsonl(input: &str, out: &str) -> Result<IndexReport, String> {
    index_jsonl_with(
        input,
        out,
        &IndexOptions::default(),
        &mut |_| {},
        &mut |_, _| {},
    )
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

/// Checks a query against the query cap: a longer query is an error, never
/// silently cut.
pub fn check_query(q: &str) -> Result<(), String> {
    crate::search::check_query(q).map_err(|e| e.to_string())
}

/// The message for a query of `len` bytes over the cap.
fn query_too_long(len: u64) -> String {
    format!("the query is {len} bytes long, over the limit of {MAX_QUERY_BYTES} bytes")
}

/// ANSI bold on and off (off: "normal intensity", so other styles stay).
const BOLD: (&str, &str) = ("\x1b[1m", "\x1b[22m");

/// `text` with the UTF-16 `spans` (sorted, within `text`) in ANSI bold when
/// `bold`; newlines become spaces either way, so a hit stays on its lines.
pub fn emphasize(text: &str, spans: &[Span16], bold: bool) -> String {
    let flat = text.replace(['\n', '\r'], " ");
    if !bold || spans.is_empty() {
        return flat;
    }
    let map = OffsetMap::new(&flat);
    let mut out = String::with_capacity(flat.len() + spans.len() * 9);
    let mut at = 0;
    for s in spans {
        if s.start >= s.end || s.end as usize > map.len_utf16() {
            continue;
        }
        let r = map.byte_range(*s);
        let (Some(before), Some(hit)) = (flat.get(at..r.start), flat.get(r.clone())) else {
            continue;
        };
        if hit.is_empty() {
            continue;
        }
        out.push_str(before);
        out.push_str(BOLD.0);
        out.push_str(hit);
        out.push_str(BOLD.1);
        at = r.end;
    }
    out.push_str(flat.get(at..).unwrap_or(""));
    out
}

/// Results as human-readable lines: rank, score, id, title, snippet.
pub fn format_results(r: &SearchResults) -> String {
    format_results_styled(r, false)
}

/// [`format_results`], with the matches in the titles and snippets in ANSI
/// bold when `bold` (for a terminal).
pub fn format_results_styled(r: &SearchResults, bold: bool) -> String {
    let mut s = format!("{} matching documents\n", r.total);
    for (i, h) in r.results.iter().enumerate() {
        s.push_str(&format!(
            "{:>3}. {:>7.3}  {}  {}\n     {}\n",
            i + 1,
            h.score,
            h.id,
            emphasize(&h.title, &h.title_highlights, bold),
            emphasize(&h.snippet.text, &h.snippet.highlights, bold)
        ));
    }
    s
}

/// `lede search --batch`: one query per input line, one JSON line
/// `{"query", "ids", "took_us"}` per query (empty lines give empty results).
/// Returns the number of queries answered. See [`batch_with`].
pub fn batch(
    c: &Corpus,
    input: impl BufRead,
    out: impl Write,
    opts: &SearchOptions,
) -> std::io::Result<usize> {
    batch_with(c, input, out, opts, &mut |_| {}).map(|(n, _)| n)
}

/// [`batch`], telling `on_error` of each line that is not a query it can
/// run: a line over the query cap gets `{"query", "ids": [], "took_us": 0,
/// "error"}` (the query quoted only in part), so the output keeps one line
/// per input line. Returns the lines answered and the lines in error.
pub fn batch_with(
    c: &Corpus,
    input: impl BufRead,
    out: impl Write,
    opts: &SearchOptions,
    on_error: &mut dyn FnMut(&BadLine),
) -> std::io::Result<(usize, usize)> {
    batch_by(&mut |q, o| Ok(c.search(q, o)), input, out, opts, on_error)
}

/// [`batch_with`] over any search: `search` answers a query or says why it
/// cannot (a sharded index with a corrupt file); such a line gets
/// `"ids": []` and an `"error"`, and the other lines are answered.
pub fn batch_by(
    search: &mut dyn FnMut(&str, &SearchOptions) -> Result<SearchResults, String>,
    mut input: impl BufRead,
    mut out: impl Write,
    opts: &SearchOptions,
    on_error: &mut dyn FnMut(&BadLine),
) -> std::io::Result<(usize, usize)> {
    let mut n = 0;
    let mut errors = 0;
    let opts = SearchOptions {
        highlight: false,
        facets: false,
        ..opts.clone()
    };
    let mut buf = Vec::new();
    loop {
        let got = read_line_capped(&mut input, &mut buf, MAX_QUERY_BYTES + 1)?;
        if got == Line::End {
            break;
        }
        n += 1;
        let q = String::from_utf8_lossy(&buf);
        let q = q.trim_end_matches('\r');
        let too_long = match got {
            Line::TooLong { len } => Some(len),
            _ if q.len() > MAX_QUERY_BYTES => Some(q.len() as u64),
            _ => None,
        };
        let v = if let Some(len) = too_long {
            let reason = query_too_long(len);
            on_error(&BadLine {
                line: n,
                reason: reason.clone(),
            });
            errors += 1;
            let ids: [&str; 0] = [];
            serde_json::json!({ "query": index::shorten(q), "ids": ids, "took_us": 0, "error": reason })
        } else {
            let t0 = Instant::now();
            match search(q, &opts) {
                Ok(r) => {
                    let took = t0.elapsed().as_micros() as u64;
                    let ids: Vec<&str> = r.results.iter().map(|h| h.id.as_str()).collect();
                    serde_json::json!({ "query": q, "ids": ids, "took_us": took })
                }
                Err(reason) => {
                    on_error(&BadLine {
                        line: n,
                        reason: reason.clone(),
                    });
                    errors += 1;
                    let ids: [&str; 0] = [];
                    serde_json::json!({ "query": index::shorten(q), "ids": ids, "took_us": 0, "error": reason })
                }
            }
        };
        writeln!(out, "{v}")?;
    }
    out.flush()?;
    Ok((n, errors))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emphasis_wraps_exactly_the_spans() {
        let t = "Tony Blair said\nBlair’s plan";
        // UTF-16: "Blair" at 5..10 and 16..21 (’ is one unit)
        let spans = [Span16 { start: 5, end: 10 }, Span16 { start: 16, end: 21 }];
        assert_eq!(
            emphasize(t, &spans, true),
            "Tony \x1b[1mBlair\x1b[22m said \x1b[1mBlair\x1b[22m’s plan"
        );
        assert_eq!(emphasize(t, &spans, false), "Tony Blair said Blair’s plan");
        // spans out of range or overlapping are skipped, never a panic
        let bad = [Span16 { start: 3, end: 99 }, Span16 { start: 2, end: 1 }];
        assert_eq!(emphasize(t, &bad, true), "Tony Blair said Blair’s plan");
    }
}
