//! `lede index`: JSONL in, a search index out, and every line accounted for.
//!
//! The input has one article a line: `{"id", "title", "text", "date"?,
//! "source"?, "url"?}` (other keys, such as the BBC file's `category` and
//! `summary`, are ignored). Each line is read on its own ([`read_line_capped`]:
//! memory stays bounded whatever the file) and checked by [`parse_record`]; a
//! line that cannot be indexed is a [`BadLine`] with its 1-based number and a
//! one-line reason, never a silent skip:
//!
//! | the line | what happens |
//! | --- | --- |
//! | blank | ignored |
//! | a UTF-8 byte-order mark at its start | stripped (the rest is read) |
//! | invalid UTF-8 | bad: that line only, with the byte's column |
//! | not JSON, or not a JSON object | bad |
//! | a string with an unpaired surrogate escape (`"\ud800"`) | bad |
//! | `id` missing, `null`, a boolean, array or object, empty, over 1,024 bytes | bad (a number is accepted as its decimal text) |
//! | `text` missing, not a string, blank, over 16 MiB, holding NUL | bad |
//! | `title`, `date`, `source`, `url` present but not a string (`null` = absent) | bad |
//! | an `id` already seen on an earlier line | bad (the first line's document is kept) |
//! | a line longer than [`MAX_LINE_BYTES`] | bad, consumed without being stored |
//!
//! A duplicate id is an error, not an update: a JSONL file is a set of
//! articles, and two different texts under one id is a mistake in the data
//! that silently keeping either would hide (the message names both lines).
//!
//! Without [`IndexOptions::skip_bad`], the first bad line stops the indexing
//! (no more extraction is spent) but the reading goes on, so one run reports
//! every bad line; the caller then writes nothing. With it, bad lines are
//! reported and the rest is indexed.

use super::input::{read_line_capped, Line, BOM};
use crate::pipeline::add_enriched;
use crate::pipeline::errors::quoted;
use crate::search::{Corpus, Document, MAX_DOC_BYTES, MAX_ID_BYTES};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::io::BufRead;
use std::time::{Duration, Instant};

/// Longest JSONL line read, in bytes (64 MiB): room for a 16 MiB text even
/// when every character is written as a JSON escape.
pub const MAX_LINE_BYTES: usize = 4 * MAX_DOC_BYTES;

/// A line that was not indexed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    /// 1-based line number.
    pub line: usize,
    /// A one-line reason (`id is a boolean, not a string or a number`).
    pub reason: String,
}

impl std::fmt::Display for BadLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

/// How far an indexing job has got (for a progress line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Documents indexed so far.
    pub documents: usize,
    /// Bad lines so far.
    pub bad: usize,
    /// Lines read so far.
    pub lines: usize,
    /// Bytes read so far.
    pub bytes: u64,
    /// Time since the start.
    pub elapsed: Duration,
}

/// How [`index_reader`] behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexOptions {
    /// Index the good lines even when some are bad (default false: a bad line
    /// stops the indexing and the caller writes nothing).
    pub skip_bad: bool,
    /// Report progress every this many documents (0: never by count).
    pub progress_docs: usize,
    /// Report progress when this much time has passed since the last report.
    pub progress_every: Option<Duration>,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            skip_bad: false,
            progress_docs: 1000,
            progress_every: Some(Duration::from_secs(2)),
        }
    }
}

/// What an indexing job produced.
pub struct Indexed {
    /// The corpus (holding what was indexed before a bad line stopped the job,
    /// unless [`IndexOptions::skip_bad`]).
    pub corpus: Corpus,
    /// Every bad line, in order.
    pub bad: Vec<BadLine>,
    /// Lines read (the last line number).
    pub lines: usize,
}

/// The name of a JSON value's type, for messages.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// An optional string field: absent or `null` is `None`; another type is an error.
fn opt_string(o: &mut Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match o.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(v) => Err(format!("{key} is {}, not a string", kind(&v))),
    }
}

/// The reason for a JSON syntax error, without serde's "at line 1" (a JSONL
/// line is always line 1 to the parser).
fn json_reason(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let msg = match msg.rfind(" at line ") {
        Some(i) => msg.get(..i).unwrap_or(&msg).to_string(),
        None => msg,
    };
    if msg.contains("surrogate") || msg.contains("hex escape") {
        return format!(
            "a string holds an unpaired UTF-16 surrogate escape (\\uD800-\\uDFFF) near column {}",
            e.column()
        );
    }
    format!("not valid JSON: {msg} (column {})", e.column())
}

/// Checks one JSONL line (a UTF-8 byte-order mark at its start is ignored)
/// and returns its document, or the reason it cannot be indexed (see the
/// module documentation for the rules; duplicates are the caller's to find).
pub fn parse_record(line: &[u8]) -> Result<Document, String> {
    let line = line.strip_prefix(BOM).unwrap_or(line);
    let line = std::str::from_utf8(line).map_err(|e| {
        format!(
            "not valid UTF-8 (bad byte at column {})",
            e.valid_up_to() + 1
        )
    })?;
    let v: Value = serde_json::from_str(line).map_err(|e| json_reason(&e))?;
    let mut o = match v {
        Value::Object(o) => o,
        v => return Err(format!("not a JSON object but {}", kind(&v))),
    };
    let id = match o.remove("id") {
        None | Some(Value::Null) => return Err("no id".into()),
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) => n.to_string(),
        Some(v) => return Err(format!("id is {}, not a string or a number", kind(&v))),
    };
    if id.trim().is_empty() {
        return Err("id is empty".into());
    }
    if id.len() > MAX_ID_BYTES {
        return Err(format!(
            "id is {} bytes long (the limit is {MAX_ID_BYTES})",
            id.len()
        ));
    }
    let text = match o.remove("text") {
        None | Some(Value::Null) => return Err("no text".into()),
        Some(Value::String(s)) => s,
        Some(v) => return Err(format!("text is {}, not a string", kind(&v))),
    };
    if text.trim().is_empty() {
        return Err("text is empty".into());
    }
    if text.len() > MAX_DOC_BYTES {
        return Err(format!(
            "text is {} bytes long (the limit is {MAX_DOC_BYTES}, 16 MiB)",
            text.len()
        ));
    }
    if text.contains('\0') {
        return Err("text contains a NUL character (binary data?)".into());
    }
    let title = opt_string(&mut o, "title")?.unwrap_or_default();
    if title.contains('\0') {
        return Err("title contains a NUL character (binary data?)".into());
    }
    if title.len() + text.len() > MAX_DOC_BYTES {
        return Err(format!(
            "title and text are {} bytes long together (the limit is {MAX_DOC_BYTES}, 16 MiB)",
            title.len() + text.len()
        ));
    }
    Ok(Document {
        id,
        title,
        text,
        date: opt_string(&mut o, "date")?,
        source: opt_string(&mut o, "source")?,
        url: opt_string(&mut o, "url")?,
        lang: opt_string(&mut o, "lang")?,
    })
}

/// Reads JSONL from `input` and indexes every good line into an enriched
/// corpus (see the module documentation). `on_bad` hears of each bad line as
/// it is found; `on_progress` every [`IndexOptions::progress_docs`] documents
/// or [`IndexOptions::progress_every`], whichever comes first. Only an I/O
/// error fails the whole job.
pub fn index_reader(
    mut input: impl BufRead,
    opts: &IndexOptions,
    on_bad: &mut dyn FnMut(&BadLine),
    on_progress: &mut dyn FnMut(&Progress),
) -> std::io::Result<Indexed> {
    let t0 = Instant::now();
    let mut last_report = t0;
    let mut corpus = crate::pipeline::enriched_corpus();
    let mut bad = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut buf = Vec::new();
    let mut lines = 0usize;
    let mut bytes = 0u64;
    let mut documents = 0usize;
    let mut reported_docs = 0usize;
    loop {
        let got = read_line_capped(&mut input, &mut buf, MAX_LINE_BYTES)?;
        if got == Line::End {
            break;
        }
        lines += 1;
        let result = match got {
            Line::TooLong { len } => {
                bytes += len + 1;
                Err(format!(
                    "the line is {len} bytes long (the limit is {MAX_LINE_BYTES}, 64 MiB)"
                ))
            }
            _ => {
                bytes += buf.len() as u64 + 1;
                let body = buf.strip_prefix(BOM).unwrap_or(&buf);
                if body.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                parse_record(&buf)
            }
        };
        let result = result.and_then(|doc| match seen.get(&doc.id) {
            Some(first) => Err(format!(
                "duplicate id {} (first on line {first}; that one is kept)",
                quoted(&doc.id)
            )),
            None => Ok(doc),
        });
        // without --skip-bad, no more extraction once a line is bad
        let indexing = opts.skip_bad || bad.is_empty();
        let result = match result {
            Ok(doc) => {
                let id = doc.id.clone();
                let added = if indexing {
                    // checked above: only a new kind of refusal lands here
                    add_enriched(&mut corpus, doc)
                        .map(|_| documents += 1)
                        .map_err(|e| e.to_string())
                } else {
                    Ok(())
                };
                // an id counts as seen once its line is good
                if added.is_ok() {
                    seen.insert(id, lines);
                }
                added
            }
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => {}
            Err(reason) => {
                let b = BadLine {
                    line: lines,
                    reason,
                };
                on_bad(&b);
                bad.push(b);
            }
        }
        let now = Instant::now();
        let by_count = opts.progress_docs > 0
            && documents != reported_docs
            && documents % opts.progress_docs == 0;
        let by_time = opts
            .progress_every
            .is_some_and(|d| now.duration_since(last_report) >= d);
        if by_count || by_time {
            last_report = now;
            reported_docs = documents;
            on_progress(&Progress {
                documents,
                bad: bad.len(),
                lines,
                bytes,
                elapsed: now.duration_since(t0),
            });
        }
    }
    Ok(Indexed { corpus, bad, lines })
}

/// At most 40 characters of `s`, then `…` (a long value echoed only in part,
/// as [`quoted`] does in messages).
pub fn shorten(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", s.get(..i).unwrap_or(s)),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(line: &str) -> String {
        parse_record(line.as_bytes()).unwrap_err()
    }

    #[test]
    fn every_bad_record_has_its_reason() {
        assert!(parse_record(br#"{"id": 7, "title": "t", "text": "x"}"#).is_ok());
        assert!(parse_record(b"\xEF\xBB\xBF{\"id\": \"a\", \"text\": \"x\"}").is_ok());
        assert!(reason("not json").starts_with("not valid JSON"));
        assert_eq!(reason("[1]"), "not a JSON object but an array");
        assert_eq!(reason(r#"{"text": "x"}"#), "no id");
        assert_eq!(
            reason(r#"{"id": true, "text": "x"}"#),
            "id is a boolean, not a string or a number"
        );
        assert_eq!(
            reason(r#"{"id": ["a"], "text": "x"}"#),
            "id is an array, not a string or a number"
        );
        assert_eq!(reason(r#"{"id": " ", "text": "x"}"#), "id is empty");
        let long = format!(r#"{{"id": "{}", "text": "x"}}"#, "i".repeat(1025));
        assert_eq!(reason(&long), "id is 1025 bytes long (the limit is 1024)");
        assert!(reason(r#"{"id": "a\ud800", "text": "x"}"#).contains("surrogate"));
        assert!(reason(r#"{"id": "a", "text": "\udc00"}"#).contains("surrogate"));
        assert_eq!(reason(r#"{"id": "a"}"#), "no text");
        assert_eq!(
            reason(r#"{"id": "a", "text": ["x"]}"#),
            "text is an array, not a string"
        );
        assert_eq!(reason(r#"{"id": "a", "text": "  "}"#), "text is empty");
        assert!(reason(r#"{"id": "a", "text": "x\u0000y"}"#).contains("NUL"));
        assert_eq!(
            reason(r#"{"id": "a", "text": "x", "title": {}}"#),
            "title is an object, not a string"
        );
        assert_eq!(
            reason(r#"{"id": "a", "text": "x", "date": 2005}"#),
            "date is a number, not a string"
        );
        assert_eq!(
            parse_record(b"{\"id\": \"a\", \"text\": \"\xff\"}").unwrap_err(),
            "not valid UTF-8 (bad byte at column 22)"
        );
    }

    fn jsonl(lines: &[&str]) -> String {
        lines.iter().map(|l| format!("{l}\n")).collect()
    }

    fn index(data: &str, skip_bad: bool) -> (Indexed, Vec<BadLine>, Vec<Progress>) {
        let opts = IndexOptions {
            skip_bad,
            progress_docs: 2,
            progress_every: None,
        };
        let (mut bad, mut prog) = (Vec::new(), Vec::new());
        let ix = index_reader(
            data.as_bytes(),
            &opts,
            &mut |b| bad.push(b.clone()),
            &mut |p| prog.push(*p),
        )
        .unwrap();
        (ix, bad, prog)
    }

    #[test]
    fn a_bad_line_stops_indexing_but_every_line_is_checked() {
        let data = jsonl(&[
            r#"{"id": "a", "text": "Tony Blair spoke in London."}"#,
            r#"{"id": "b", "text": "Gordon Brown spoke in Leeds."}"#,
            r#"{"id": "c"}"#,
            r#"{"id": "d", "text": "Paris is in France."}"#,
            r#"{"id": "a", "text": "The same id."}"#,
            "",
            r#"{"id": true, "text": "x"}"#,
        ]);
        let (ix, bad, prog) = index(&data, false);
        assert_eq!(ix.lines, 7);
        let got: Vec<(usize, &str)> = bad.iter().map(|b| (b.line, b.reason.as_str())).collect();
        assert_eq!(
            got,
            [
                (3, "no text"),
                (5, "duplicate id \"a\" (first on line 1; that one is kept)"),
                (7, "id is a boolean, not a string or a number"),
            ]
        );
        assert_eq!(ix.bad, bad);
        // indexing stopped at line 3: "d" was checked, not indexed
        assert_eq!(ix.corpus.len(), 2);
        assert!(!ix.corpus.contains("d"));
        assert_eq!(prog.len(), 1);
        assert_eq!((prog[0].documents, prog[0].lines), (2, 2));

        let (ix, bad, prog) = index(&data, true);
        assert_eq!(bad.len(), 3);
        assert_eq!(ix.corpus.len(), 3);
        assert!(ix.corpus.contains("d"));
        assert_eq!(
            ix.corpus.get("a").map(|(d, _)| d.text.as_str()),
            Some("Tony Blair spoke in London.")
        );
        assert_eq!(prog.iter().map(|p| p.documents).collect::<Vec<_>>(), [2]);
    }

    #[test]
    fn an_id_is_seen_only_once_its_line_is_good() {
        // the first "a" is bad: the second is not its duplicate
        let data = jsonl(&[
            r#"{"id": "a", "text": ["x"]}"#,
            r#"{"id": "a", "text": "Tony Blair spoke in London."}"#,
        ]);
        let (ix, bad, _) = index(&data, true);
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].line, 1);
        assert!(ix.corpus.contains("a"));
    }
}
