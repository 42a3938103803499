//! The sharded index on disk: `lede index --sharded` (build, `--add`,
//! `--remove`), `lede search DIR`, `lede merge` and `lede gc`.
//!
//! Files are written under their content-hashed names, each to a temporary
//! name and then renamed; a file already present is not written again (its
//! name is its content). `manifest.bin` is written last, the same way, so a
//! reader sees the old index or the new one, never half of an update. Old
//! files stay for readers of the old manifest until `lede gc DIR`.
//!
//! Articles are analyzed (entity fields, as `lede index`) in batches on all
//! cores; the JSONL rules are those of `lede index` (see [`super::index`]).

use super::index::{parse_record, BadLine, MAX_LINE_BYTES};
use super::input::{read_line_capped, Line, BOM};
use crate::pipeline::errors::quoted;
use crate::search::shard::{
    all_files, build, compress, merge, parse_file_name, Builder, ShardError, ShardedIndex,
    LEGACY_MANIFEST, MANIFEST,
};
use crate::search::{check_document, DocFields, Document, SearchOptions, SearchResults};
use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Most rounds of "missing files → load" for one query (a broken index
/// that keeps asking stops there).
pub const MAX_ROUNDS: usize = 16;

/// Articles analyzed together (one batch spread over the cores).
pub const BATCH_DOCS: usize = 512;

/// How far a sharded build has got.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShardProgress {
    /// Documents analyzed so far.
    pub documents: usize,
    /// Bytes of input read so far.
    pub bytes: u64,
    /// Size of the input, when known.
    pub size: Option<u64>,
    /// Time since the start.
    pub elapsed: Duration,
}

impl ShardProgress {
    /// Documents per second so far.
    pub fn rate(&self) -> f64 {
        self.documents as f64 / self.elapsed.as_secs_f64().max(1e-3)
    }

    /// Estimated time left, from the share of the input read.
    pub fn eta(&self) -> Option<Duration> {
        let size = self.size? as f64;
        let done = self.bytes as f64 / size.max(1.0);
        if done <= 0.0 {
            return None;
        }
        Some(Duration::from_secs_f64(
            self.elapsed.as_secs_f64() * (1.0 - done.min(1.0)) / done,
        ))
    }
}

impl std::fmt::Display for ShardProgress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "lede index: {} documents, {:.0} docs/s",
            self.documents,
            self.rate()
        )?;
        if let (Some(eta), Some(size)) = (self.eta(), self.size) {
            write!(
                f,
                ", {:.0}% of {:.1} MB, ETA {:.0} s",
                (self.bytes as f64 * 100.0 / size.max(1) as f64).min(100.0),
                size as f64 / 1e6,
                eta.as_secs_f64()
            )?;
        }
        Ok(())
    }
}

/// What a write of a sharded index did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ShardReport {
    /// Documents in the index now.
    pub documents: usize,
    /// Documents added (or replaced) and removed by this run.
    pub added: usize,
    /// Documents removed by this run.
    pub removed: usize,
    /// Term shards in the index.
    pub shards: usize,
    /// Files the manifest needs.
    pub files: usize,
    /// Files written by this run (the others were already there).
    pub written: usize,
    /// Bytes of the files the manifest needs, as stored.
    pub bytes: u64,
    /// Bytes of the manifest.
    pub manifest_bytes: usize,
    /// Time taken, in milliseconds.
    pub millis: u128,
}

impl std::fmt::Display for ShardReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} documents ({} added, {} removed), {} term shards, {} files ({} written), \
             {} bytes + manifest {} bytes, {} ms",
            self.documents,
            self.added,
            self.removed,
            self.shards,
            self.files,
            self.written,
            self.bytes,
            self.manifest_bytes,
            self.millis
        )
    }
}

/// What to read from a JSONL input.
pub struct JsonlInput<'a> {
    /// The name for messages.
    pub name: &'a str,
    /// The lines.
    pub reader: Box<dyn BufRead + 'a>,
    /// Its size, when known (for the ETA).
    pub size: Option<u64>,
}

/// Reads JSONL and adds every good article to `b` (analyzed on all cores,
/// in input order). A duplicate id inside the input is a bad line; an id
/// already in `b` is an update. Without `skip_bad`, the first bad line
/// stops the analysis (every line is still checked). Returns the documents added and the bad
/// lines (each also given to `on_bad`).
pub fn add_jsonl(
    b: &mut Builder,
    mut input: JsonlInput<'_>,
    skip_bad: bool,
    on_bad: &mut dyn FnMut(&BadLine),
    on_progress: &mut dyn FnMut(&ShardProgress),
) -> Result<(usize, Vec<BadLine>), String> {
    let t0 = Instant::now();
    let mut buf = Vec::new();
    let mut bad = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut batch: Vec<Document> = Vec::with_capacity(BATCH_DOCS);
    let (mut lines, mut bytes, mut added) = (0usize, 0u64, 0usize);
    let mut last_report = t0;
    loop {
        let got = read_line_capped(&mut input.reader, &mut buf, MAX_LINE_BYTES)
            .map_err(|e| format!("cannot read {}: {e}", input.name))?;
        let end = got == Line::End;
        if !end {
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
                None => check_document(&doc).map(|_| doc).map_err(|e| e.to_string()),
            });
            match result {
                Ok(doc) => {
                    seen.insert(doc.id.clone(), lines);
                    batch.push(doc);
                }
                Err(reason) => {
                    let l = BadLine {
                        line: lines,
                        reason,
                    };
                    on_bad(&l);
                    bad.push(l);
                }
            }
        }
        if !skip_bad && !bad.is_empty() {
            batch.clear();
        }
        if batch.len() >= BATCH_DOCS || (end && !batch.is_empty()) {
            for (d, f) in enrich_all(std::mem::take(&mut batch)) {
                b.add(d, f).map_err(|e| e.to_string())?;
                added += 1;
            }
            let now = Instant::now();
            if now.duration_since(last_report) >= Duration::from_millis(500) || end {
                last_report = now;
                on_progress(&ShardProgress {
                    documents: added,
                    bytes,
                    size: input.size,
                    elapsed: now.duration_since(t0),
                });
            }
        }
        if end {
            break;
        }
    }
    Ok((added, bad))
}

/// Each document with its extracted fields, analyzed on all cores (order kept).
pub fn enrich_all(docs: Vec<Document>) -> Vec<(Document, DocFields)> {
    let n = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = docs.len().div_ceil(n).max(1);
    std::thread::scope(|s| {
        let hs: Vec<_> = docs
            .chunks(chunk)
            .map(|c| {
                s.spawn(move || {
                    c.iter()
                        .map(|d| {
                            let f = crate::pipeline::enrich(&d.title, &d.text).fields;
                            (d.clone(), f)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        hs.into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

fn io_err(path: &Path, e: std::io::Error) -> String {
    format!("cannot write {}: {e}", path.display())
}

/// Writes `bytes` to `path` through a temporary file and a rename.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".tmp{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes).map_err(|e| io_err(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| io_err(path, e))
}

/// Builds the files of `b` into `dir`: new files first (compressed on all
/// cores), the manifest last. Fills the counts of `report`.
pub fn write_dir(b: &Builder, dir: &Path, report: &mut ShardReport) -> Result<(), String> {
    let t0 = Instant::now();
    std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
    let built = build(b);
    let todo: Vec<(&String, &Vec<u8>)> = built
        .files
        .iter()
        .filter(|(name, _)| !dir.join(name).exists())
        .collect();
    let n = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = todo.len().div_ceil(n).max(1);
    let results: Vec<Result<(), String>> = std::thread::scope(|s| {
        let hs: Vec<_> = todo
            .chunks(chunk)
            .map(|c| {
                s.spawn(move || {
                    c.iter().try_for_each(|(name, content)| {
                        write_atomic(&dir.join(name), &compress(content))
                    })
                })
            })
            .collect();
        hs.into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("a writer thread failed".into()))
            })
            .collect()
    });
    results.into_iter().collect::<Result<Vec<()>, String>>()?;
    let manifest = built.manifest.to_bytes();
    write_atomic(&dir.join(MANIFEST), &manifest)?;
    // an index upgraded in place: its JSON manifest (formats 1–3) goes last
    let legacy = dir.join(LEGACY_MANIFEST);
    if legacy.is_file() {
        std::fs::remove_file(&legacy)
            .map_err(|e| format!("cannot delete {}: {e}", legacy.display()))?;
    }
    let mut bytes = 0u64;
    for name in built.files.keys() {
        bytes += std::fs::metadata(dir.join(name)).map_or(0, |m| m.len());
    }
    report.documents = b.len();
    report.shards = built.term_shards;
    report.files = built.files.len();
    report.written = todo.len();
    report.bytes = bytes;
    report.manifest_bytes = manifest.len();
    report.millis += t0.elapsed().as_millis();
    Ok(())
}

/// True when `path` is a directory holding a sharded index.
pub fn is_sharded(path: &str) -> bool {
    let p = Path::new(path);
    p.join(MANIFEST).is_file() || p.join(LEGACY_MANIFEST).is_file()
}

/// The manifest of the sharded index in `dir`: `manifest.bin`, or the JSON
/// manifest of an index of formats 1–3 (which search refuses with a
/// message saying how to upgrade it, and updates and merges read).
pub fn manifest_path(dir: &Path) -> PathBuf {
    let p = dir.join(MANIFEST);
    if !p.is_file() && dir.join(LEGACY_MANIFEST).is_file() {
        return dir.join(LEGACY_MANIFEST);
    }
    p
}

/// Reads one file of the sharded index in `dir`.
pub fn read_file(dir: &Path, name: &str) -> Result<Vec<u8>, ShardError> {
    if parse_file_name(name).is_none() && name != MANIFEST {
        return Err(ShardError::Corrupt {
            file: name.into(),
            reason: "not a file of a sharded index".into(),
        });
    }
    std::fs::read(dir.join(name)).map_err(|e| ShardError::Corrupt {
        file: name.into(),
        reason: format!("cannot be read ({e})"),
    })
}

/// The documents of the sharded index in `dir` (for an update or a merge).
pub fn open_builder(dir: &Path) -> Result<Builder, String> {
    let p = manifest_path(dir);
    let m = std::fs::read(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
    Builder::open(&m, &mut |name| read_file(dir, name))
        .map_err(|e| format!("{}: {e}", dir.display()))
}

/// Opens the sharded index in `dir` for searching (its manifest only).
pub fn open_dir(dir: &str) -> Result<ShardedIndex, String> {
    let p = manifest_path(Path::new(dir));
    let m = std::fs::read(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
    ShardedIndex::new(&m).map_err(|e| format!("{dir}: {e}"))
}

/// Searches the sharded index in `dir`, reading the files the query needs
/// (files read earlier stay loaded). A corrupt or missing file is an error
/// for this query; the index stays usable for others.
pub fn search_dir(
    ix: &mut ShardedIndex,
    dir: &str,
    query: &str,
    opts: &SearchOptions,
) -> Result<SearchResults, String> {
    search_dir_counted(ix, dir, query, opts, &mut Fetched::default())
}

/// What a query read from a sharded directory (`lede search DIR --stats`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fetched {
    /// Rounds of "missing files → read them".
    pub rounds: usize,
    /// Files read.
    pub files: usize,
    /// Bytes read as stored, by the first letter of the file's name (its
    /// kind: `r` term directory pages, `t` term shards, `q` positions, `x`
    /// lexicons, `f` fragments; see `crate::search::shard`).
    pub by_kind: std::collections::BTreeMap<char, u64>,
}

impl Fetched {
    /// Bytes read in all.
    pub fn bytes(&self) -> u64 {
        self.by_kind.values().sum()
    }
}

impl std::fmt::Display for Fetched {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} files in {} rounds, {} bytes as stored",
            self.files,
            self.rounds,
            self.bytes()
        )?;
        let kinds: Vec<String> = self
            .by_kind
            .iter()
            .map(|(k, b)| format!("{k} {b}"))
            .collect();
        if !kinds.is_empty() {
            write!(f, " ({})", kinds.join(", "))?;
        }
        Ok(())
    }
}

/// [`search_dir`], adding what the query read to `fetched`.
pub fn search_dir_counted(
    ix: &mut ShardedIndex,
    dir: &str,
    query: &str,
    opts: &SearchOptions,
    fetched: &mut Fetched,
) -> Result<SearchResults, String> {
    let d = Path::new(dir);
    for _ in 0..MAX_ROUNDS {
        let m = ix.missing(query, opts).map_err(|e| format!("{dir}: {e}"))?;
        if m.is_empty() {
            return ix.search(query, opts).map_err(|e| format!("{dir}: {e}"));
        }
        fetched.rounds += 1;
        for name in m {
            let b = read_file(d, &name).map_err(|e| format!("{dir}: {e}"))?;
            fetched.files += 1;
            let kind = name.chars().next().unwrap_or('?');
            *fetched.by_kind.entry(kind).or_insert(0) += b.len() as u64;
            ix.load(&name, &b).map_err(|e| format!("{dir}: {e}"))?;
        }
    }
    Err(format!(
        "{dir}: the query needs more rounds of files than expected"
    ))
}

/// `lede merge A B ... --out C`: the documents of every input, in order (an
/// id in two inputs: the later input's document wins), written to `out`.
pub fn merge_dirs(inputs: &[&str], out: &str) -> Result<ShardReport, String> {
    let t0 = Instant::now();
    let mut builders = Vec::new();
    for i in inputs {
        builders.push(open_builder(Path::new(i))?);
    }
    let b = merge(builders);
    let mut r = ShardReport {
        added: b.len(),
        ..ShardReport::default()
    };
    write_dir(&b, Path::new(out), &mut r)?;
    r.millis = t0.elapsed().as_millis();
    Ok(r)
}

/// `lede gc DIR`: deletes the files of `dir` that its manifest no longer
/// needs (left by updates for readers of an older manifest). Returns the
/// files deleted and their bytes.
pub fn gc(dir: &str) -> Result<(usize, u64), String> {
    let d = Path::new(dir);
    let p = manifest_path(d);
    let m = std::fs::read(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
    let keep = all_files(&m, &mut |name| read_file(d, name)).map_err(|e| format!("{dir}: {e}"))?;
    let (mut n, mut bytes) = (0, 0);
    let entries = std::fs::read_dir(d).map_err(|e| format!("cannot read {dir}: {e}"))?;
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if parse_file_name(&name).is_some() && !keep.contains(&name) {
            bytes += e.metadata().map_or(0, |m| m.len());
            std::fs::remove_file(e.path()).map_err(|err| format!("cannot delete {name}: {err}"))?;
            n += 1;
        }
    }
    Ok((n, bytes))
}
