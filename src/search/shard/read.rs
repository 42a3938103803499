//! Reading a sharded index: the manifest, then files as queries need them.

use super::{
    content_hash, decompress, filter_key, parse_file_name, Fragment, Manifest, ManifestV1, FORMAT,
    LEXICON_MAGIC, MANIFEST, PART_DIR_MAGIC, PART_MAGIC, TERMS_MAGIC, TERM_DIR_MAGIC,
};
use crate::search::analysis::TermStemmer;
use crate::search::index::{get_varint, pos_field, put_varint, Index, StoredDoc, Term};
use crate::search::index::{EditDistance, MAX_FUZZY_BYTES};
use crate::search::query::{parse_query, Unit};
use crate::search::{
    check_query, ranking, Document, FilterField, SearchError, SearchOptions, SearchResults, NFIELDS,
};
use std::cell::Cell;
use std::collections::{BTreeSet, HashMap};
use std::fmt;

/// Most term shards one prefix (or one stem's neighbourhood) may pull in.
pub const MAX_RANGE_SHARDS: usize = 6;
/// Typo variants the ranking keeps for a word not in the index (its
/// `MAX_EXPANSIONS`); a known word keeps a quarter.
const MAX_TYPO_VARIANTS: usize = 40;

/// Why a sharded index cannot answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShardError {
    /// A file (or the manifest) whose bytes are not what its name or format promise.
    Corrupt {
        /// The file.
        file: String,
        /// What is wrong.
        reason: String,
    },
    /// A manifest of another format version.
    Version {
        /// The version found.
        found: u32,
        /// The version this build reads.
        supported: u32,
    },
    /// Files that must be loaded first.
    Missing(Vec<String>),
    /// The query cannot be run (too long).
    Query(SearchError),
}

impl fmt::Display for ShardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShardError::Corrupt { file, reason } => write!(f, "{file} is corrupt: {reason}"),
            ShardError::Version { found, supported } => write!(
                f,
                "unsupported sharded index version {found} (this build reads version {supported})"
            ),
            ShardError::Missing(files) => {
                write!(f, "files not loaded yet: {}", files.join(", "))
            }
            ShardError::Query(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ShardError {}

/// A term of a loaded shard.
#[derive(Debug)]
struct ShardTerm {
    text: String,
    df: u32,
    postings: Vec<u8>,
}

/// A document of a loaded part: the hash of its fragment.
#[derive(Debug)]
struct PartDoc {
    fragment: u128,
}

#[derive(Debug)]
struct Part {
    first: u32,
    slots: Vec<Option<PartDoc>>,
}

/// A term directory page: the first term and content hash of each of a run
/// of term shards.
#[derive(Debug)]
struct TermDir {
    entries: Vec<(String, u128)>,
}

/// A part directory page: the content hash of each of a run of parts.
#[derive(Debug)]
struct PartDir {
    first: u32,
    parts: Vec<Option<u128>>,
}

#[derive(Debug)]
enum Content {
    Terms(Vec<ShardTerm>),
    Lexicon(Vec<(String, u32)>),
    Part(Part),
    Fragment(Box<Fragment>),
    TermDir(TermDir),
    PartDir(PartDir),
}

#[derive(Debug)]
struct Loaded {
    content: Content,
    bytes: usize,
    used: Cell<u64>,
}

/// Decodes sharded postings: document, positions and the lengths of the
/// fields the positions touch.
struct Entries<'a> {
    buf: &'a [u8],
    at: usize,
    doc: u64,
    first: bool,
}

impl<'a> Entries<'a> {
    fn new(buf: &'a [u8]) -> Self {
        Entries {
            buf,
            at: 0,
            doc: 0,
            first: true,
        }
    }

    fn done(&self) -> bool {
        self.at >= self.buf.len()
    }

    /// The next entry, its positions in `pos` and its field lengths in
    /// `lens` (0 for the fields it does not touch). `None` at the end or on
    /// malformed bytes.
    fn next(&mut self, pos: &mut Vec<u32>, lens: &mut [u32; NFIELDS]) -> Option<u32> {
        if self.done() {
            return None;
        }
        *lens = [0; NFIELDS];
        let d = get_varint(self.buf, &mut self.at)?;
        self.doc = if self.first {
            d
        } else {
            self.doc.checked_add(d)?
        };
        if !self.first && d == 0 {
            return None;
        }
        self.first = false;
        let n = get_varint(self.buf, &mut self.at)?;
        if n > self.buf.len().saturating_sub(self.at) as u64 {
            return None;
        }
        pos.clear();
        let mut p: u64 = 0;
        let mut fields = 0u8;
        for k in 0..n {
            let delta = get_varint(self.buf, &mut self.at)?;
            if k > 0 && delta == 0 {
                return None;
            }
            p = p.checked_add(delta)?;
            let v = u32::try_from(p).ok()?;
            let f = pos_field(v) as usize;
            if f >= NFIELDS {
                return None;
            }
            fields |= 1 << f;
            pos.push(v);
        }
        for (f, l) in lens.iter_mut().enumerate() {
            if fields & (1 << f) != 0 {
                *l = u32::try_from(get_varint(self.buf, &mut self.at)?).ok()?;
            }
        }
        u32::try_from(self.doc).ok()
    }
}

fn get_str(b: &[u8], at: &mut usize) -> Option<String> {
    let n = usize::try_from(get_varint(b, at)?).ok()?;
    let end = at.checked_add(n)?;
    let s = std::str::from_utf8(b.get(*at..end)?).ok()?.to_string();
    *at = end;
    Some(s)
}

fn parse_terms(c: &[u8]) -> Option<Vec<ShardTerm>> {
    let mut at = TERMS_MAGIC.len();
    if c.get(..at)? != TERMS_MAGIC {
        return None;
    }
    let n = get_varint(c, &mut at)?;
    if n > c.len() as u64 {
        return None;
    }
    let mut out: Vec<ShardTerm> = Vec::with_capacity(n as usize);
    let mut pos = Vec::new();
    for _ in 0..n {
        let text = get_str(c, &mut at)?;
        if out.last().is_some_and(|t| t.text >= text) {
            return None;
        }
        let df = u32::try_from(get_varint(c, &mut at)?).ok()?;
        let len = usize::try_from(get_varint(c, &mut at)?).ok()?;
        let end = at.checked_add(len)?;
        let postings = c.get(at..end)?.to_vec();
        at = end;
        // every entry must decode, and df must count them
        let mut e = Entries::new(&postings);
        let mut lens = [0u32; NFIELDS];
        let mut count = 0u64;
        while !e.done() {
            e.next(&mut pos, &mut lens)?;
            count += 1;
        }
        if count != u64::from(df) {
            return None;
        }
        out.push(ShardTerm { text, df, postings });
    }
    (at == c.len()).then_some(out)
}

fn parse_lexicon(c: &[u8]) -> Option<Vec<(String, u32)>> {
    let mut at = LEXICON_MAGIC.len();
    if c.get(..at)? != LEXICON_MAGIC {
        return None;
    }
    let n = get_varint(c, &mut at)?;
    if n > c.len() as u64 {
        return None;
    }
    let mut out: Vec<(String, u32)> = Vec::with_capacity(n as usize);
    for _ in 0..n {
        let t = get_str(c, &mut at)?;
        if out.last().is_some_and(|(p, _)| *p >= t) {
            return None;
        }
        let df = u32::try_from(get_varint(c, &mut at)?).ok()?;
        out.push((t, df));
    }
    (at == c.len()).then_some(out)
}

fn parse_part(c: &[u8]) -> Option<Part> {
    let mut at = PART_MAGIC.len();
    if c.get(..at)? != PART_MAGIC {
        return None;
    }
    let first = u32::try_from(get_varint(c, &mut at)?).ok()?;
    let n = get_varint(c, &mut at)?;
    if n > c.len() as u64 {
        return None;
    }
    let mut slots = Vec::with_capacity(n as usize);
    for _ in 0..n {
        let flag = *c.get(at)?;
        at += 1;
        match flag {
            0 => slots.push(None),
            1 => {
                let h: [u8; 16] = c.get(at..at.checked_add(16)?)?.try_into().ok()?;
                at += 16;
                slots.push(Some(PartDoc {
                    fragment: u128::from_le_bytes(h),
                }));
            }
            _ => return None,
        }
    }
    first.checked_add(n as u32)?;
    (at == c.len()).then_some(Part { first, slots })
}

fn get_hash(c: &[u8], at: &mut usize) -> Option<u128> {
    let h: [u8; 16] = c.get(*at..at.checked_add(16)?)?.try_into().ok()?;
    *at += 16;
    Some(u128::from_le_bytes(h))
}

fn parse_term_dir(c: &[u8]) -> Option<TermDir> {
    let mut at = TERM_DIR_MAGIC.len();
    if c.get(..at)? != TERM_DIR_MAGIC {
        return None;
    }
    let n = get_varint(c, &mut at)?;
    if n == 0 || n > c.len() as u64 {
        return None;
    }
    let mut entries: Vec<(String, u128)> = Vec::with_capacity(n as usize);
    for _ in 0..n {
        let first = get_str(c, &mut at)?;
        if entries.last().is_some_and(|(p, _)| *p >= first) {
            return None;
        }
        let h = get_hash(c, &mut at)?;
        get_varint(c, &mut at)?; // stored size, for tools
        entries.push((first, h));
    }
    (at == c.len()).then_some(TermDir { entries })
}

fn parse_part_dir(c: &[u8]) -> Option<PartDir> {
    let mut at = PART_DIR_MAGIC.len();
    if c.get(..at)? != PART_DIR_MAGIC {
        return None;
    }
    let first = u32::try_from(get_varint(c, &mut at)?).ok()?;
    let n = get_varint(c, &mut at)?;
    if n > c.len() as u64 {
        return None;
    }
    let mut parts = Vec::with_capacity(n as usize);
    for _ in 0..n {
        let flag = *c.get(at)?;
        at += 1;
        match flag {
            0 => parts.push(None),
            1 => parts.push(Some(get_hash(c, &mut at)?)),
            _ => return None,
        }
    }
    first.checked_add(n as u32)?;
    (at == c.len()).then_some(PartDir { first, parts })
}

/// Checks a file's bytes (as stored or inflated) against the hash its name
/// promises and parses them: (its name without a directory, its content,
/// its inflated size).
fn decode(path: &str, bytes: &[u8]) -> Result<(String, Content, usize), ShardError> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let corrupt = |reason: &str| ShardError::Corrupt {
        file: name.to_string(),
        reason: reason.to_string(),
    };
    let Some((kind, hash)) = parse_file_name(name) else {
        return Err(corrupt("not a file name of a sharded index"));
    };
    let inflated;
    let content: &[u8] = if content_hash(bytes) == hash {
        bytes
    } else {
        match decompress(bytes) {
            Some(c) if content_hash(&c) == hash => {
                inflated = c;
                &inflated
            }
            _ => {
                return Err(corrupt(
                    "its content does not match its hash (truncated or damaged)",
                ))
            }
        }
    };
    let parsed = match kind {
        't' => parse_terms(content).map(Content::Terms),
        'x' => parse_lexicon(content).map(Content::Lexicon),
        'd' => parse_part(content).map(Content::Part),
        'r' => parse_term_dir(content).map(Content::TermDir),
        'p' => parse_part_dir(content).map(Content::PartDir),
        _ => serde_json::from_slice::<Fragment>(content)
            .ok()
            .map(|f| Content::Fragment(Box::new(f))),
    };
    match parsed {
        Some(c) => Ok((name.to_string(), c, content.len())),
        None => Err(corrupt("its content cannot be read")),
    }
}

fn term_file(h: u128) -> String {
    format!("t-{h:032x}.bin")
}

fn part_file(h: u128) -> String {
    format!("d-{h:032x}.bin")
}

fn fragment_file(h: u128) -> String {
    format!("f-{h:032x}.bin")
}

fn unreadable(name: &str) -> ShardError {
    ShardError::Corrupt {
        file: name.to_string(),
        reason: "it is not the kind of file its place in the index needs".into(),
    }
}

/// The next document number and the document part files of an index, from
/// its manifest (format 1 or the current one) and its part directories.
pub(super) fn part_files(
    manifest: &[u8],
    read: &mut dyn FnMut(&str) -> Result<Vec<u8>, ShardError>,
) -> Result<(u32, Vec<String>), ShardError> {
    match Manifest::from_bytes(manifest) {
        Ok(m) => {
            let mut out = Vec::new();
            for d in m.part_dirs.iter().flatten() {
                let Content::PartDir(pd) = decode(d, &read(d)?)?.1 else {
                    return Err(unreadable(d));
                };
                out.extend(pd.parts.iter().flatten().map(|h| part_file(*h)));
            }
            Ok((m.next_doc, out))
        }
        Err(ShardError::Version { found: 1, .. }) => {
            let m: ManifestV1 =
                serde_json::from_slice(manifest).map_err(|e| ShardError::Corrupt {
                    file: MANIFEST.into(),
                    reason: format!("not a manifest: {e}"),
                })?;
            if m.format != FORMAT || m.version != 1 {
                return Err(unreadable(MANIFEST));
            }
            let out: Vec<String> = m.parts.into_iter().flatten().collect();
            if out
                .iter()
                .any(|p| parse_file_name(p).map(|x| x.0) != Some('d'))
            {
                return Err(unreadable(MANIFEST));
            }
            Ok((m.next_doc, out))
        }
        Err(e) => Err(e),
    }
}

/// The (document number, fragment file) of every document of a part file.
pub(super) fn part_fragments_of(
    name: &str,
    bytes: &[u8],
) -> Result<Vec<(u32, String)>, ShardError> {
    let Content::Part(p) = decode(name, bytes)?.1 else {
        return Err(unreadable(name));
    };
    Ok(p.slots
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((p.first + i as u32, fragment_file(s.as_ref()?.fragment))))
        .collect())
}

/// The document of a fragment file.
pub(super) fn fragment_of(name: &str, bytes: &[u8]) -> Result<Fragment, ShardError> {
    match decode(name, bytes)?.1 {
        Content::Fragment(f) => Ok(*f),
        _ => Err(unreadable(name)),
    }
}

/// Every file the index of this manifest needs (what `lede gc` keeps),
/// reading its directory pages and parts through `read`.
pub fn all_files(
    manifest: &[u8],
    read: &mut dyn FnMut(&str) -> Result<Vec<u8>, ShardError>,
) -> Result<BTreeSet<String>, ShardError> {
    let m = Manifest::from_bytes(manifest)?;
    let mut keep = BTreeSet::new();
    for d in &m.terms {
        let Content::TermDir(td) = decode(&d.file, &read(&d.file)?)?.1 else {
            return Err(unreadable(&d.file));
        };
        keep.extend(td.entries.iter().map(|(_, h)| term_file(*h)));
        keep.insert(d.file.clone());
    }
    keep.extend(m.lexicons.iter().map(|l| l.file.clone()));
    keep.extend(m.part_dirs.iter().flatten().cloned());
    let (_, parts) = part_files(manifest, read)?;
    for p in parts {
        let b = read(&p)?;
        keep.extend(part_fragments_of(&p, &b)?.into_iter().map(|x| x.1));
        keep.insert(p);
    }
    Ok(keep)
}

/// A sharded index being read: its manifest and the files loaded so far
/// (see the [module documentation](super)).
#[derive(Debug)]
pub struct ShardedIndex {
    manifest: Manifest,
    files: HashMap<String, Loaded>,
    tick: Cell<u64>,
    stemmer: TermStemmer,
}

/// The pieces of a query plan.
struct Plan {
    /// Term shard files, in term order.
    shards: Vec<String>,
}

impl ShardedIndex {
    /// A reader over the manifest's bytes (`manifest.json`); an error for a
    /// corrupt manifest or another version.
    pub fn new(manifest: &[u8]) -> Result<ShardedIndex, ShardError> {
        Ok(ShardedIndex {
            manifest: Manifest::from_bytes(manifest)?,
            files: HashMap::new(),
            tick: Cell::new(0),
            stemmer: TermStemmer,
        })
    }

    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Number of documents in the index.
    pub fn len(&self) -> usize {
        self.manifest.docs as usize
    }

    /// True when the index has no documents.
    pub fn is_empty(&self) -> bool {
        self.manifest.docs == 0
    }

    /// Bytes held by loaded files (uncompressed).
    pub fn loaded_bytes(&self) -> usize {
        self.files.values().map(|l| l.bytes).sum()
    }

    /// Names of the loaded files.
    pub fn loaded(&self) -> Vec<String> {
        let mut v: Vec<String> = self.files.keys().cloned().collect();
        crate::text::sort::sort_by(&mut v, Ord::cmp);
        v
    }

    /// True when this file is loaded.
    pub fn is_loaded(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    /// Loads one file: `bytes` as stored (raw DEFLATE) or already inflated.
    /// Checks the content hash its name promises and its structure; a corrupt
    /// file is an error naming it, and is not kept.
    pub fn load(&mut self, path: &str, bytes: &[u8]) -> Result<(), ShardError> {
        let (name, content, size) = decode(path, bytes)?;
        self.files.insert(
            name,
            Loaded {
                content,
                bytes: size,
                used: Cell::new(self.bump()),
            },
        );
        Ok(())
    }

    /// Forgets a loaded file.
    pub fn unload(&mut self, name: &str) {
        self.files.remove(name);
    }

    /// Drops the least recently used files until at most `max_bytes` are held.
    pub fn trim(&mut self, max_bytes: usize) {
        let mut by_use: Vec<(u64, String, usize)> = self
            .files
            .iter()
            .map(|(k, l)| (l.used.get(), k.clone(), l.bytes))
            .collect();
        crate::text::sort::sort_by(&mut by_use, Ord::cmp);
        let mut held = self.loaded_bytes();
        for (_, k, b) in by_use {
            if held <= max_bytes {
                break;
            }
            self.files.remove(&k);
            held -= b;
        }
    }

    fn bump(&self) -> u64 {
        let t = self.tick.get() + 1;
        self.tick.set(t);
        t
    }

    fn get(&self, name: &str) -> Option<&Content> {
        let l = self.files.get(name)?;
        l.used.set(self.bump());
        Some(&l.content)
    }

    /// The fragment loaded under this name.
    pub fn fragment(&self, name: &str) -> Option<&Fragment> {
        match self.get(name)? {
            Content::Fragment(f) => Some(f),
            _ => None,
        }
    }

    /// The term shards whose terms may lie in `lo..=hi` (at most `cap`), as
    /// (first term, file) in `out`; the term directory pages needed to know
    /// them, when not loaded, in `missing`.
    fn shard_range(
        &self,
        lo: &str,
        hi: &str,
        cap: usize,
        out: &mut BTreeSet<(String, String)>,
        missing: &mut BTreeSet<String>,
    ) {
        let dirs = &self.manifest.terms;
        if dirs.is_empty() {
            return;
        }
        let start = dirs
            .partition_point(|r| r.first.as_str() <= lo)
            .saturating_sub(1);
        let end = dirs
            .partition_point(|r| r.first.as_str() <= hi)
            .max(start + 1);
        let mut entries: Vec<&(String, u128)> = Vec::new();
        let mut complete = true;
        for d in dirs.iter().take(end).skip(start).take(cap) {
            match self.get(&d.file) {
                Some(Content::TermDir(td)) => entries.extend(td.entries.iter()),
                _ => {
                    complete = false;
                    missing.insert(d.file.clone());
                }
            }
        }
        if !complete || entries.is_empty() {
            return;
        }
        let start = entries
            .partition_point(|r| r.0.as_str() <= lo)
            .saturating_sub(1);
        let end = entries
            .partition_point(|r| r.0.as_str() <= hi)
            .max(start + 1);
        for (first, h) in entries.iter().take(end).skip(start).take(cap) {
            out.insert((first.clone(), term_file(*h)));
        }
    }

    fn plan(&self, query: &str, opts: &SearchOptions) -> Result<Plan, ShardError> {
        check_query(query).map_err(ShardError::Query)?;
        let q = parse_query(query);
        let mut shards = BTreeSet::new();
        let mut dirs = BTreeSet::new();
        let units = q
            .clauses
            .iter()
            .flat_map(|c| c.alts.iter())
            .chain(&q.exclude);
        let mut words: Vec<(&str, bool)> = Vec::new();
        for u in units {
            match u {
                Unit::Word { term, last, .. } => {
                    self.shard_range(term, term, 1, &mut shards, &mut dirs);
                    // words of the same stem: `budgets` for `budget`,
                    // `happy` for `happiness` (the stem less its last letter)
                    let base = self.stem_base(term);
                    let hi = format!("{base}\u{10FFFF}");
                    self.shard_range(&base, &hi, MAX_RANGE_SHARDS, &mut shards, &mut dirs);
                    if *last && opts.prefix {
                        let hi = format!("{term}\u{10FFFF}");
                        self.shard_range(term, &hi, MAX_RANGE_SHARDS, &mut shards, &mut dirs);
                    }
                    words.push((term, *last));
                }
                Unit::Phrase { words, .. } => {
                    for (w, _) in words {
                        self.shard_range(w, w, 1, &mut shards, &mut dirs);
                    }
                }
            }
        }
        for f in &opts.filters {
            let k = filter_key(f.field, &f.value);
            self.shard_range(&k, &k, 1, &mut shards, &mut dirs);
        }
        if !dirs.is_empty() {
            return Err(ShardError::Missing(dirs.into_iter().collect()));
        }
        let mut plan = Plan {
            shards: shards.iter().map(|x| x.1.clone()).collect(),
        };
        // round 1: the shards of the words themselves
        let terms = self.shard_terms(&plan)?;
        // round 2: typos: a word the index does not hold gets the shards of
        // its nearest terms, found in the lexicon of its first letter
        let mut lexicons = BTreeSet::new();
        let mut typo_words = Vec::new();
        for &(w, _) in &words {
            let chars = w.chars().count();
            if !opts.fuzzy
                || chars < 5
                || w.len() > MAX_FUZZY_BYTES
                || w.chars().any(|c| c.is_ascii_digit())
            {
                continue;
            }
            let all = || terms.iter().flat_map(|t| t.iter());
            if all().any(|t| t.text == w) {
                continue;
            }
            let stem = self.stemmer.stem(w);
            let known = all().any(|t| {
                t.text.starts_with(self.stem_base(w).as_str()) && self.stemmer.stem(&t.text) == stem
            });
            let Some(first) = w.chars().next() else {
                continue;
            };
            let lo = first.to_string();
            let hi = format!("{first}\u{10FFFF}");
            let s = &self.manifest.lexicons;
            if s.is_empty() {
                continue;
            }
            let start = s
                .partition_point(|r| r.first.as_str() <= lo.as_str())
                .saturating_sub(1);
            let end = s
                .partition_point(|r| r.first.as_str() <= hi.as_str())
                .max(start + 1);
            let files: Vec<usize> = (start..end.min(s.len())).take(MAX_RANGE_SHARDS).collect();
            lexicons.extend(files.iter().copied());
            typo_words.push((w, chars, known, files));
        }
        let missing: Vec<String> = lexicons
            .iter()
            .filter_map(|&i| self.manifest.lexicons.get(i))
            .filter(|r| !self.files.contains_key(&r.file))
            .map(|r| r.file.clone())
            .collect();
        if !missing.is_empty() {
            return Err(ShardError::Missing(missing));
        }
        for (w, chars, known, files) in typo_words {
            // the in-memory ranking's choice: within 1 edit (2 for a long
            // unknown word), closest first, then most frequent
            let max = if chars >= 9 && !known { 2 } else { 1 };
            let keep = if known {
                MAX_TYPO_VARIANTS / 4
            } else {
                MAX_TYPO_VARIANTS
            };
            let aut = EditDistance::new(w, max);
            let mut cand: Vec<(u8, std::cmp::Reverse<u32>, &str)> = Vec::new();
            for i in files {
                let Some(r) = self.manifest.lexicons.get(i) else {
                    continue;
                };
                let Some(Content::Lexicon(l)) = self.get(&r.file) else {
                    continue;
                };
                for (t, df) in l {
                    if let Some(d) = aut.distance(t) {
                        cand.push((d, std::cmp::Reverse(*df), t));
                    }
                }
            }
            crate::text::sort::sort_by(&mut cand, Ord::cmp);
            for (_, _, t) in cand.into_iter().take(keep * 2) {
                self.shard_range(t, t, 1, &mut shards, &mut dirs);
            }
        }
        if !dirs.is_empty() {
            return Err(ShardError::Missing(dirs.into_iter().collect()));
        }
        plan.shards = shards.into_iter().map(|x| x.1).collect();
        Ok(plan)
    }

    /// The stem of `term` less its last letter (when it has four or more):
    /// the prefix every word of the same stem is expected to share.
    fn stem_base(&self, term: &str) -> String {
        let stem = self.stemmer.stem(term);
        if stem.chars().count() >= 4 {
            let mut c = stem.chars();
            c.next_back();
            c.as_str().to_string()
        } else {
            stem
        }
    }

    fn shard_terms(&self, plan: &Plan) -> Result<Vec<&Vec<ShardTerm>>, ShardError> {
        let mut out = Vec::new();
        let mut missing = Vec::new();
        for f in &plan.shards {
            match self.get(f) {
                Some(Content::Terms(t)) => out.push(t),
                _ => missing.push(f.clone()),
            }
        }
        if missing.is_empty() {
            Ok(out)
        } else {
            Err(ShardError::Missing(missing))
        }
    }

    /// The part file of document `doc`: `Err` with the part directory page
    /// to load first; `Ok(None)` when the manifest has no part for it.
    fn part_of(&self, doc: u32) -> Result<Option<String>, String> {
        let i = doc / self.manifest.docs_per_part;
        let j = i / self.manifest.parts_per_dir;
        let Some(Some(dir)) = self.manifest.part_dirs.get(j as usize) else {
            return Ok(None);
        };
        let Some(Content::PartDir(pd)) = self.get(dir) else {
            return Err(dir.clone());
        };
        let k = i.checked_sub(pd.first).map(|k| k as usize);
        Ok(k.and_then(|k| pd.parts.get(k).copied().flatten())
            .map(part_file))
    }

    fn part_doc(&self, doc: u32) -> Option<&PartDoc> {
        let part = self.part_of(doc).ok()??;
        let Some(Content::Part(p)) = self.get(&part) else {
            return None;
        };
        p.slots.get(doc.checked_sub(p.first)? as usize)?.as_ref()
    }

    /// The index the ranking reads, made of the loaded shards of `plan`:
    /// local document numbers in global order. Documents of `frags` get
    /// their fragment (document and fields). Also returns the global number
    /// of each local document.
    fn view(
        &self,
        terms: &[&Vec<ShardTerm>],
        opts: &SearchOptions,
        frags: &HashMap<u32, &Fragment>,
    ) -> (Index, Vec<u32>) {
        let mut pos = Vec::new();
        let mut lens_of: HashMap<u32, [u32; NFIELDS]> = HashMap::new();
        let words = || {
            terms
                .iter()
                .flat_map(|t| t.iter())
                .filter(|t| !t.text.starts_with('\u{1}'))
        };
        for t in words() {
            let mut e = Entries::new(&t.postings);
            let mut lens = [0u32; NFIELDS];
            while let Some(d) = e.next(&mut pos, &mut lens) {
                let l = lens_of.entry(d).or_insert([0; NFIELDS]);
                for (a, b) in l.iter_mut().zip(lens.iter()) {
                    *a = (*a).max(*b);
                }
            }
        }
        let mut globals: Vec<u32> = lens_of.keys().copied().collect();
        globals.sort_unstable();
        let local = |d: u32| globals.binary_search(&d).ok().map(|i| i as u32);
        let mut ix = Index {
            ranking_docs: Some(self.manifest.docs),
            field_len_sum: self.manifest.field_len_sum,
            ..Index::default()
        };
        for t in words() {
            let mut e = Entries::new(&t.postings);
            let mut lens = [0u32; NFIELDS];
            let mut out = Vec::with_capacity(t.postings.len());
            let mut last = u32::MAX;
            while let Some(d) = e.next(&mut pos, &mut lens) {
                let Some(l) = local(d) else { continue };
                let delta = if last == u32::MAX { l } else { l - last };
                put_varint(&mut out, u64::from(delta));
                put_varint(&mut out, pos.len() as u64);
                let mut prev = 0;
                for &p in &pos {
                    put_varint(&mut out, u64::from(p - prev));
                    prev = p;
                }
                last = l;
            }
            ix.push_term(Term {
                text: t.text.clone(),
                df: t.df,
                last_doc: last,
                postings: out,
            });
        }
        // facet filters: the documents holding each filter's value
        let mut filtered: Vec<(FilterField, &str, Vec<u32>)> = Vec::new();
        for f in &opts.filters {
            let k = filter_key(f.field, &f.value);
            let mut docs = Vec::new();
            if let Some(t) = terms.iter().flat_map(|t| t.iter()).find(|t| t.text == k) {
                let mut e = Entries::new(&t.postings);
                let mut lens = [0u32; NFIELDS];
                while let Some(d) = e.next(&mut pos, &mut lens) {
                    docs.push(d);
                }
            }
            filtered.push((f.field, &f.value, docs));
        }
        for &g in &globals {
            // the page's documents have their fields (facets count them);
            // the others only the filter values they hold
            let mut fields = frags.get(&g).map(|f| f.fields.clone()).unwrap_or_default();
            for (ff, value, docs) in &filtered {
                if docs.binary_search(&g).is_ok() {
                    let list = match ff {
                        FilterField::Person => &mut fields.people,
                        FilterField::Org => &mut fields.orgs,
                        FilterField::Place => &mut fields.places,
                        FilterField::Speaker => &mut fields.speakers,
                        FilterField::Keyphrase => &mut fields.keyphrases,
                    };
                    if !list.iter().any(|v| v == value) {
                        list.push(value.to_string());
                    }
                }
            }
            let doc = match frags.get(&g) {
                Some(f) => f.doc.clone(),
                None => Document {
                    id: format!("\u{0}{g}"),
                    ..Document::default()
                },
            };
            let lens = lens_of.get(&g).copied().unwrap_or([0; NFIELDS]);
            ix.docs.push(Some(StoredDoc::new(doc, fields, lens)));
        }
        (ix, globals)
    }

    /// Global numbers of the documents on the requested page.
    fn page(&self, plan: &Plan, query: &str, opts: &SearchOptions) -> Result<Vec<u32>, ShardError> {
        let terms = self.shard_terms(plan)?;
        let (ix, globals) = self.view(&terms, opts, &HashMap::new());
        let o = SearchOptions {
            highlight: false,
            explain: false,
            facets: false,
            ..opts.clone()
        };
        let r = ranking::search(&ix, query, &o);
        Ok(r.results
            .iter()
            .filter_map(|h| h.id.strip_prefix('\u{0}')?.parse::<u32>().ok())
            .filter(|g| globals.binary_search(g).is_ok())
            .collect())
    }

    /// Files (names relative to the manifest's directory) that must be loaded
    /// before [`ShardedIndex::search`] can answer `query`; empty when ready.
    /// Call again after loading them: a later round names the page's
    /// document parts, then its fragments.
    pub fn missing(&self, query: &str, opts: &SearchOptions) -> Result<Vec<String>, ShardError> {
        match self.prepare(query, opts) {
            Ok(_) => Ok(Vec::new()),
            Err(ShardError::Missing(m)) => Ok(m),
            Err(e) => Err(e),
        }
    }

    /// Everything a search needs, or the files missing.
    fn prepare(&self, query: &str, opts: &SearchOptions) -> Result<(Plan, Vec<u32>), ShardError> {
        let plan = self.plan(query, opts)?;
        let page = self.page(&plan, query, opts)?;
        // three rounds at most: part directory pages, parts, fragments
        let mut dirs = BTreeSet::new();
        let mut parts = BTreeSet::new();
        for &g in &page {
            match self.part_of(g) {
                Err(dir) => {
                    dirs.insert(dir);
                }
                Ok(Some(p)) => {
                    if !self.files.contains_key(&p) {
                        parts.insert(p);
                    }
                }
                Ok(None) => {}
            }
        }
        if !dirs.is_empty() {
            return Err(ShardError::Missing(dirs.into_iter().collect()));
        }
        if !parts.is_empty() {
            return Err(ShardError::Missing(parts.into_iter().collect()));
        }
        let mut missing = Vec::new();
        for &g in &page {
            let Some(pd) = self.part_doc(g) else {
                return Err(ShardError::Corrupt {
                    file: self
                        .part_of(g)
                        .ok()
                        .flatten()
                        .unwrap_or_else(|| MANIFEST.into()),
                    reason: format!("no entry for document number {g}"),
                });
            };
            let name = fragment_file(pd.fragment);
            if !self.files.contains_key(&name) && !missing.contains(&name) {
                missing.push(name);
            }
        }
        if !missing.is_empty() {
            return Err(ShardError::Missing(missing));
        }
        Ok((plan, page))
    }

    /// Searches, with the same results as `Corpus::try_search` on the same
    /// documents (see the [module documentation](super) for the two
    /// differences); [`ShardError::Missing`] names the files to load first.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Result<SearchResults, ShardError> {
        let (plan, page) = self.prepare(query, opts)?;
        let mut frags: HashMap<u32, &Fragment> = HashMap::new();
        for &g in &page {
            if let Some(pd) = self.part_doc(g) {
                if let Some(f) = self.fragment(&fragment_file(pd.fragment)) {
                    frags.insert(g, f);
                }
            }
        }
        let terms = self.shard_terms(&plan)?;
        let (ix, _) = self.view(&terms, opts, &frags);
        Ok(ranking::search(&ix, query, opts))
    }
}
