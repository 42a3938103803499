//! Reading a sharded index: the manifest, then files as queries need them.

use super::{
    content_hash, decompress, filter_key, fragment_name, get_str, lexicon_key, lexicon_range,
    parse_file_name, postings_from_columns, Fragment, Manifest, ManifestOld, FORMAT,
    FRAGMENT_MAGIC, LEGACY_MANIFEST, LEXICON_MAGIC, PART_DIR_MAGIC, PART_MAGIC, POSITIONS_MAGIC,
    TERMS_MAGIC, TERM_DIR_MAGIC,
};
use crate::search::analysis::TermStemmer;
use crate::search::index::{get_varint, pos_field, put_varint, FxMap, Index, StoredDoc, Term};
use crate::search::index::{EditDistance, MAX_FUZZY_BYTES, POS_BITS};
use crate::search::query::{parse_query, Unit};
use crate::search::{
    check_query, ranking, Document, FilterField, SearchError, SearchOptions, SearchResults,
    MAX_LIMIT, NFIELDS,
};
use std::cell::{Cell, OnceCell};
use std::collections::{BTreeSet, HashMap};
use std::fmt;

/// Most term shards one prefix (or one stem's neighbourhood) may pull in.
pub const MAX_RANGE_SHARDS: usize = 48;
/// Most stored bytes of term shards one prefix (or one stem's
/// neighbourhood) may pull in (the first shard of a range always comes).
pub const MAX_RANGE_BYTES: u64 = 192 * 1024;
/// Most term directory pages one range may read.
const MAX_DIR_PAGES: usize = 6;
/// Most lexicon files one typo may read.
const MAX_LEXICON_FILES: usize = 24;
/// Typo variants the ranking keeps for a word not in the index (its
/// `MAX_EXPANSIONS`); a known word keeps a quarter.
const MAX_TYPO_VARIANTS: usize = 40;
/// The ranking's proximity bonus for two adjacent required clauses at
/// distance 1 (its `W_PROXIMITY`): the most one pair can add.
const MAX_PAIR_BONUS: f32 = 4.0;
/// Stand-in positions (a document whose real ones are not loaded) start at
/// this token and are [`STAND_IN_GAP`] apart: farther than the ranking's
/// proximity window from each other and from any real position of a
/// document shorter than this many tokens, so they never earn a bonus.
const STAND_IN_BASE: u32 = 1 << (POS_BITS - 1);
/// Gap between stand-in positions (over the ranking's `MAX_PROXIMITY`, 30).
const STAND_IN_GAP: u32 = 31;
/// Most fragments loaded in one round to settle which documents reach the
/// page; more, and the positions files of the query's words are loaded.
const MAX_RESOLVED: usize = 40;
/// What a fragment is taken to cost (stored bytes) when choosing between
/// fragments and positions files: this much, plus
/// [`FRAGMENT_PER_TOKEN`] per token of the document (its text, deflated).
const FRAGMENT_BASE: u64 = 300;
/// Stored bytes a fragment takes per token of its document.
const FRAGMENT_PER_TOKEN: u64 = 3;

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
            ShardError::Version { found, supported } if found < supported => write!(
                f,
                "unsupported sharded index version {found} (this build reads version \
                 {supported}; `lede merge DIR --out NEW` rewrites it in version {supported})"
            ),
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

/// Where a term's positions are.
#[derive(Debug)]
enum Positions {
    /// None (a facet value).
    None,
    /// In its term shard.
    Inline(Vec<u8>),
    /// In the positions file of this content hash, of this stored size.
    File(u128, u64),
}

/// A term of a loaded shard.
#[derive(Debug)]
struct ShardTerm {
    text: String,
    df: u32,
    /// Postings without positions (see the module docs).
    postings: Vec<u8>,
    positions: Positions,
}

/// A loaded positions file.
#[derive(Debug)]
struct PositionsFile {
    text: String,
    df: u32,
    list: Vec<u8>,
}

/// A document of a loaded part: the hash of its fragment's body.
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
    /// (first term, content hash, stored size) of each shard.
    entries: Vec<(String, u128, u64)>,
}

/// A part directory page: the content hash of each of a run of parts.
#[derive(Debug)]
struct PartDir {
    parts: Vec<Option<u128>>,
}

/// A loaded fragment: its document number, and the positions of its terms,
/// made on first need by the indexer's own analysis.
#[derive(Debug)]
struct LoadedFragment {
    num: u32,
    fragment: Fragment,
    terms: OnceCell<FxMap<String, Vec<u32>>>,
}

impl LoadedFragment {
    fn terms(&self) -> &FxMap<String, Vec<u32>> {
        self.terms
            .get_or_init(|| Index::doc_terms(&self.fragment.doc, &self.fragment.fields).0)
    }
}

#[derive(Debug)]
enum Content {
    Terms(Vec<ShardTerm>),
    Positions(PositionsFile),
    Lexicon(Vec<(String, u32)>),
    Part(Part),
    Fragment(Box<LoadedFragment>),
    TermDir(TermDir),
    PartDir(PartDir),
}

#[derive(Debug)]
struct Loaded {
    content: Content,
    bytes: usize,
    used: Cell<u64>,
}

/// Decodes postings without positions: per document, its term frequency
/// and length in each field the term occurs in.
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

    /// The next entry, its frequencies in `tf` and field lengths in `lens`
    /// (0 for the fields it does not touch). `None` at the end or on
    /// malformed bytes.
    fn next(&mut self, tf: &mut [u32; NFIELDS], lens: &mut [u32; NFIELDS]) -> Option<u32> {
        if self.done() {
            return None;
        }
        *lens = [0; NFIELDS];
        *tf = [0; NFIELDS];
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
        let mask = *self.buf.get(self.at)?;
        self.at += 1;
        if u32::from(mask) >> NFIELDS != 0 {
            return None;
        }
        for f in 0..NFIELDS {
            if mask & (1 << f) != 0 {
                let t = u32::try_from(get_varint(self.buf, &mut self.at)?).ok()?;
                if t == 0 {
                    return None;
                }
                tf[f] = t;
                lens[f] = u32::try_from(get_varint(self.buf, &mut self.at)?).ok()?;
            }
        }
        u32::try_from(self.doc).ok()
    }
}

/// Decodes a positions list, one document's positions at a time.
struct PositionList<'a> {
    buf: &'a [u8],
    at: usize,
}

impl PositionList<'_> {
    /// The next document's positions into `pos`; `None` at the end or on
    /// malformed bytes (positions must increase and fit a field).
    fn next(&mut self, pos: &mut Vec<u32>) -> Option<()> {
        let n = get_varint(self.buf, &mut self.at)?;
        if n > self.buf.len().saturating_sub(self.at) as u64 {
            return None;
        }
        pos.clear();
        let mut p: u64 = 0;
        for k in 0..n {
            let delta = get_varint(self.buf, &mut self.at)?;
            if k > 0 && delta == 0 {
                return None;
            }
            p = p.checked_add(delta)?;
            let v = u32::try_from(p).ok()?;
            if pos_field(v) as usize >= NFIELDS {
                return None;
            }
            pos.push(v);
        }
        Some(())
    }

    fn done(&self) -> bool {
        self.at >= self.buf.len()
    }
}

/// True when `pos` holds exactly `tf[f]` positions in each field `f`.
fn counts_match(pos: &[u32], tf: &[u32; NFIELDS]) -> bool {
    let mut c = [0u32; NFIELDS];
    for &p in pos {
        match c.get_mut(pos_field(p) as usize) {
            Some(x) => *x += 1,
            None => return false,
        }
    }
    c == *tf
}

/// True when a positions list holds one entry per document of `postings`,
/// each with the frequencies the postings give.
fn positions_agree(postings: &[u8], list: &[u8]) -> bool {
    let mut e = Entries::new(postings);
    let mut p = PositionList { buf: list, at: 0 };
    let (mut tf, mut lens, mut pos) = ([0u32; NFIELDS], [0u32; NFIELDS], Vec::new());
    while !e.done() {
        if e.next(&mut tf, &mut lens).is_none()
            || p.next(&mut pos).is_none()
            || !counts_match(&pos, &tf)
        {
            return false;
        }
    }
    p.done()
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
    for _ in 0..n {
        let text = get_str(c, &mut at)?;
        if out.last().is_some_and(|t| t.text >= text) {
            return None;
        }
        let df = u32::try_from(get_varint(c, &mut at)?).ok()?;
        let len = usize::try_from(get_varint(c, &mut at)?).ok()?;
        let end = at.checked_add(len)?;
        let postings = postings_from_columns(c.get(at..end)?, df)?;
        at = end;
        // every entry must decode, and df must count them
        let mut e = Entries::new(&postings);
        let (mut tf, mut lens) = ([0u32; NFIELDS], [0u32; NFIELDS]);
        let mut count = 0u64;
        while !e.done() {
            e.next(&mut tf, &mut lens)?;
            count += 1;
        }
        if count != u64::from(df) {
            return None;
        }
        let tag = *c.get(at)?;
        at += 1;
        let positions = match tag {
            0 => Positions::None,
            1 => {
                let len = usize::try_from(get_varint(c, &mut at)?).ok()?;
                let end = at.checked_add(len)?;
                let list = c.get(at..end)?.to_vec();
                at = end;
                if !positions_agree(&postings, &list) {
                    return None;
                }
                Positions::Inline(list)
            }
            2 => Positions::File(get_hash(c, &mut at)?, get_varint(c, &mut at)?),
            _ => return None,
        };
        out.push(ShardTerm {
            text,
            df,
            postings,
            positions,
        });
    }
    (at == c.len()).then_some(out)
}

fn parse_positions(c: &[u8]) -> Option<PositionsFile> {
    let mut at = POSITIONS_MAGIC.len();
    if c.get(..at)? != POSITIONS_MAGIC {
        return None;
    }
    let text = get_str(c, &mut at)?;
    let df = u32::try_from(get_varint(c, &mut at)?).ok()?;
    let list = c.get(at..)?.to_vec();
    // one entry per document, each well formed
    let mut p = PositionList { buf: &list, at: 0 };
    let mut pos = Vec::new();
    let mut count = 0u64;
    while !p.done() {
        p.next(&mut pos)?;
        count += 1;
    }
    (count == u64::from(df)).then_some(PositionsFile { text, df, list })
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
    let mut last: Option<String> = None;
    for _ in 0..n {
        let t = get_str(c, &mut at)?;
        let k = lexicon_key(&t)?;
        if last.as_ref().is_some_and(|p| *p >= k) {
            return None;
        }
        last = Some(k);
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
            1 => slots.push(Some(PartDoc {
                fragment: get_hash(c, &mut at)?,
            })),
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
    let mut entries: Vec<(String, u128, u64)> = Vec::with_capacity(n as usize);
    for _ in 0..n {
        let first = get_str(c, &mut at)?;
        if entries.last().is_some_and(|(p, _, _)| *p >= first) {
            return None;
        }
        let h = get_hash(c, &mut at)?;
        let size = get_varint(c, &mut at)?;
        entries.push((first, h, size));
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
    (at == c.len()).then_some(PartDir { parts })
}

/// A fragment file's content (see `build::fragment_content`) when it is
/// one, for generation `gen` and number `num`: its body checked against the
/// hash it holds.
fn parse_fragment(c: &[u8], gen: u64, num: u32) -> Option<(Fragment, u128)> {
    let mut at = FRAGMENT_MAGIC.len();
    if c.get(..at)? != FRAGMENT_MAGIC {
        return None;
    }
    let g: [u8; 8] = c.get(at..at + 8)?.try_into().ok()?;
    at += 8;
    let n = get_varint(c, &mut at)?;
    if u64::from_le_bytes(g) != gen || n != u64::from(num) {
        return None;
    }
    let h = get_hash(c, &mut at)?;
    let body = c.get(at..)?;
    if content_hash(body) != h {
        return None;
    }
    Some((Fragment::from_bytes(body)?, h))
}

/// Checks a file's bytes (as stored or inflated) against the hash its name
/// promises (a fragment: the hash it holds, and the number its name gives)
/// and parses them: (its name without a directory, its content, its
/// inflated size).
fn decode(path: &str, bytes: &[u8]) -> Result<(String, Content, usize), ShardError> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let corrupt = |reason: &str| ShardError::Corrupt {
        file: name.to_string(),
        reason: reason.to_string(),
    };
    let Some((kind, hash)) = parse_file_name(name) else {
        return Err(corrupt("not a file name of a sharded index"));
    };
    let damaged = || corrupt("its content does not match its hash (truncated or damaged)");
    if kind == 'f' {
        let gen = (hash >> 64) as u64;
        let Ok(num) = u32::try_from(hash as u64) else {
            return Err(corrupt("not a file name of a sharded index"));
        };
        let fragment = |c: &[u8]| {
            parse_fragment(c, gen, num).map(|(fragment, _)| LoadedFragment {
                num,
                fragment,
                terms: OnceCell::new(),
            })
        };
        if let Some(f) = fragment(bytes) {
            return Ok((
                name.to_string(),
                Content::Fragment(Box::new(f)),
                bytes.len(),
            ));
        }
        let inflated = decompress(bytes).ok_or_else(damaged)?;
        let f = fragment(&inflated).ok_or_else(damaged)?;
        return Ok((
            name.to_string(),
            Content::Fragment(Box::new(f)),
            inflated.len(),
        ));
    }
    let Some(content) = hashed_content(bytes, hash) else {
        return Err(damaged());
    };
    let content: &[u8] = &content;
    let parsed = match kind {
        't' => parse_terms(content).map(Content::Terms),
        'q' => parse_positions(content).map(Content::Positions),
        'x' => parse_lexicon(content).map(Content::Lexicon),
        'd' => parse_part(content).map(Content::Part),
        'r' => parse_term_dir(content).map(Content::TermDir),
        'p' => parse_part_dir(content).map(Content::PartDir),
        _ => None,
    };
    match parsed {
        Some(c) => Ok((name.to_string(), c, content.len())),
        None => Err(corrupt("its content cannot be read")),
    }
}

fn term_file(h: u128) -> String {
    format!("t-{h:032x}.bin")
}

fn positions_file(h: u128) -> String {
    format!("q-{h:032x}.bin")
}

fn part_file(h: u128) -> String {
    format!("d-{h:032x}.bin")
}

fn unreadable(name: &str) -> ShardError {
    ShardError::Corrupt {
        file: name.to_string(),
        reason: "it is not the kind of file its place in the index needs".into(),
    }
}

/// The epochs of an index as (first number, generation).
type Epochs = Vec<(u32, u64)>;

/// The next document number, the document part files and (format 3) the
/// epochs of an index, from its manifest (format 1, 2 or the current one)
/// and its part directories.
pub(super) fn part_files(
    manifest: &[u8],
    read: &mut dyn FnMut(&str) -> Result<Vec<u8>, ShardError>,
) -> Result<(u32, Vec<String>, Option<Epochs>), ShardError> {
    let dirs_of = |dirs: &[Option<String>],
                   read: &mut dyn FnMut(&str) -> Result<Vec<u8>, ShardError>|
     -> Result<Vec<String>, ShardError> {
        let mut out = Vec::new();
        for d in dirs.iter().flatten() {
            let Content::PartDir(pd) = decode(d, &read(d)?)?.1 else {
                return Err(unreadable(d));
            };
            out.extend(pd.parts.iter().flatten().map(|h| part_file(*h)));
        }
        Ok(out)
    };
    match Manifest::from_bytes(manifest) {
        Ok(m) => {
            let epochs = m
                .epochs
                .iter()
                .map(|e| (e.first, e.generation().unwrap_or(0)))
                .collect();
            Ok((m.next_doc, dirs_of(&m.part_dirs, read)?, Some(epochs)))
        }
        Err(ShardError::Version { found: 1..=3, .. }) => {
            let m: ManifestOld =
                serde_json::from_slice(manifest).map_err(|e| ShardError::Corrupt {
                    file: LEGACY_MANIFEST.into(),
                    reason: format!("not a manifest: {e}"),
                })?;
            if m.format != FORMAT || !(1..=3).contains(&m.version) {
                return Err(unreadable(LEGACY_MANIFEST));
            }
            let out: Vec<String> = match (m.parts, &m.part_dirs) {
                (Some(parts), _) => parts.into_iter().flatten().collect(),
                (None, Some(dirs)) => dirs_of(dirs, read)?,
                (None, None) => return Err(unreadable(LEGACY_MANIFEST)),
            };
            if out
                .iter()
                .any(|p| parse_file_name(p).map(|x| x.0) != Some('d'))
            {
                return Err(unreadable(LEGACY_MANIFEST));
            }
            // format 3: fragments named by epoch, binary, hashed in parts
            let epochs = match (m.version, m.epochs) {
                (3, Some(e)) => {
                    let mut v = Vec::with_capacity(e.len());
                    for x in e {
                        let g = u64::from_str_radix(&x.generation, 16)
                            .ok()
                            .filter(|_| x.generation.len() == 16)
                            .ok_or_else(|| unreadable(LEGACY_MANIFEST))?;
                        v.push((x.first, g));
                    }
                    Some(v)
                }
                (3, None) => return Err(unreadable(LEGACY_MANIFEST)),
                _ => None,
            };
            Ok((m.next_doc, out, epochs))
        }
        Err(e) => Err(e),
    }
}

/// The (document number, fragment file, hash of its body) of every document
/// of a part file: named after the `epochs` of a current index, or (an older
/// format, no epochs, no hash) after the fragment's content hash.
pub(super) fn part_fragments_of(
    name: &str,
    bytes: &[u8],
    epochs: Option<&[(u32, u64)]>,
) -> Result<Vec<(u32, String, Option<u128>)>, ShardError> {
    let Content::Part(p) = decode(name, bytes)?.1 else {
        return Err(unreadable(name));
    };
    Ok(p.slots
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let h = s.as_ref()?.fragment;
            let n = p.first + i as u32;
            Some(match epochs {
                Some(e) => {
                    let k = e.partition_point(|x| x.0 <= n);
                    let g = k.checked_sub(1).and_then(|k| e.get(k)).map_or(0, |x| x.1);
                    (n, fragment_name(g, n), Some(h))
                }
                None => (n, format!("f-{h:032x}.bin"), None),
            })
        })
        .collect())
}

/// The document of a fragment file: with `hash`, a current fragment whose
/// body has that hash; without, a fragment of format 1 or 2 (JSON, named
/// after its content hash).
pub(super) fn fragment_of(
    name: &str,
    bytes: &[u8],
    hash: Option<u128>,
) -> Result<Fragment, ShardError> {
    let Some(hash) = hash else {
        return legacy_fragment(name, bytes);
    };
    match decode(name, bytes)?.1 {
        Content::Fragment(f) => {
            if content_hash(&f.fragment.to_bytes()) != hash {
                return Err(ShardError::Corrupt {
                    file: name.to_string(),
                    reason: "it holds another document than its part lists".into(),
                });
            }
            Ok(f.fragment)
        }
        _ => Err(unreadable(name)),
    }
}

/// A format-1 or format-2 fragment (JSON, named after its content hash).
fn legacy_fragment(name: &str, bytes: &[u8]) -> Result<Fragment, ShardError> {
    let corrupt = |reason: &str| ShardError::Corrupt {
        file: name.to_string(),
        reason: reason.to_string(),
    };
    let Some(('f', hash)) = parse_file_name(name) else {
        return Err(unreadable(name));
    };
    let Some(content) = hashed_content(bytes, hash) else {
        return Err(corrupt("its content does not match its hash"));
    };
    let content: &[u8] = &content;
    serde_json::from_slice::<Fragment>(content)
        .map_err(|e| corrupt(&format!("its content cannot be read ({e})")))
}

/// Every file the index of this manifest needs (what `lede gc` keeps),
/// reading its directory pages, term shards and parts through `read`.
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
        for (_, h, _) in &td.entries {
            let t = term_file(*h);
            let Content::Terms(terms) = decode(&t, &read(&t)?)?.1 else {
                return Err(unreadable(&t));
            };
            for term in &terms {
                if let Positions::File(q, _) = term.positions {
                    keep.insert(positions_file(q));
                }
            }
            keep.insert(t);
        }
        keep.insert(d.file.clone());
    }
    keep.extend(m.lexicons.iter().map(|l| l.file.clone()));
    keep.extend(m.part_dirs.iter().flatten().cloned());
    let (_, parts, epochs) = part_files(manifest, read)?;
    for p in parts {
        let b = read(&p)?;
        keep.extend(
            part_fragments_of(&p, &b, epochs.as_deref())?
                .into_iter()
                .map(|x| x.1),
        );
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
    /// The loaded fragment of each document number.
    fragments: HashMap<u32, String>,
    tick: Cell<u64>,
    stemmer: TermStemmer,
}

/// The pieces of a query plan.
struct Plan {
    /// Term shard files, in term order.
    shards: Vec<String>,
}

/// The index the ranking reads, made of the loaded files.
struct View {
    ix: Index,
    /// The global number of each local document.
    globals: Vec<u32>,
    /// Local documents with stand-in positions for some term.
    partial: Vec<bool>,
}

impl ShardedIndex {
    /// A reader over the manifest's bytes (`manifest.json`); an error for a
    /// corrupt manifest or another version.
    pub fn new(manifest: &[u8]) -> Result<ShardedIndex, ShardError> {
        Ok(ShardedIndex {
            manifest: Manifest::from_bytes(manifest)?,
            files: HashMap::new(),
            fragments: HashMap::new(),
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
    /// Checks the hash its name promises and its structure; a corrupt file
    /// is an error naming it, and is not kept.
    pub fn load(&mut self, path: &str, bytes: &[u8]) -> Result<(), ShardError> {
        let (name, content, size) = decode(path, bytes)?;
        if let Content::Fragment(f) = &content {
            self.fragments.insert(f.num, name.clone());
        }
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
        if let Some(Loaded {
            content: Content::Fragment(f),
            ..
        }) = self.files.remove(name)
        {
            self.fragments.remove(&f.num);
        }
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
            self.unload(&k);
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
            Content::Fragment(f) => Some(&f.fragment),
            _ => None,
        }
    }

    /// The loaded fragment of document number `num`.
    fn fragment_of_doc(&self, num: u32) -> Option<&LoadedFragment> {
        match self.get(self.fragments.get(&num)?)? {
            Content::Fragment(f) => Some(f),
            _ => None,
        }
    }
    /// The term shards whose terms may lie in `lo..=hi` (at most `cap`, and
    /// past the first, at most [`MAX_RANGE_BYTES`] stored), as (first term,
    /// file) in `out`; the term directory pages needed to know them, when
    /// not loaded, in `missing`.
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
        let mut entries: Vec<&(String, u128, u64)> = Vec::new();
        let mut complete = true;
        for d in dirs
            .iter()
            .take(end)
            .skip(start)
            .take(cap.min(MAX_DIR_PAGES))
        {
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
        let mut bytes = 0u64;
        for (first, h, size) in entries.iter().take(end).skip(start).take(cap) {
            if bytes > 0 && bytes.saturating_add(*size) > MAX_RANGE_BYTES {
                break;
            }
            bytes = bytes.saturating_add(*size).max(1);
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
        let mut phrase_words: Vec<&str> = Vec::new();
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
                        phrase_words.push(w.as_str());
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
            // the lengths the in-memory ranking's edit budget allows
            let max = if chars >= 9 && !known { 2 } else { 1 };
            let (lo, hi) = lexicon_range(first, chars.saturating_sub(max), chars + max);
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
            let files: Vec<usize> = (start..end.min(s.len())).take(MAX_LEXICON_FILES).collect();
            lexicons.extend(files.iter().copied());
            typo_words.push((w, chars, known, files));
        }
        let mut missing: Vec<String> = lexicons
            .iter()
            .filter_map(|&i| self.manifest.lexicons.get(i))
            .filter(|r| !self.files.contains_key(&r.file))
            .map(|r| r.file.clone())
            .collect();
        // a phrase needs the positions of its words
        for w in phrase_words {
            let t = terms.iter().flat_map(|t| t.iter()).find(|t| t.text == w);
            if let Some(Positions::File(h, _)) = t.map(|t| &t.positions) {
                let name = positions_file(*h);
                if !self.files.contains_key(&name) && !missing.contains(&name) {
                    missing.push(name);
                }
            }
        }
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

    /// The index the ranking reads, made of the loaded shards of `plan`:
    /// local document numbers in global order. Documents of `page` get their
    /// fragment's document and fields; every document with a loaded fragment
    /// its real positions; the others the positions of their terms' inline
    /// or loaded positions lists, else stand-ins (flagged `partial`).
    fn view(
        &self,
        terms: &[&Vec<ShardTerm>],
        opts: &SearchOptions,
        page: &[u32],
    ) -> Result<View, ShardError> {
        let (mut tf, mut lens) = ([0u32; NFIELDS], [0u32; NFIELDS]);
        let mut lens_of: HashMap<u32, [u32; NFIELDS]> = HashMap::new();
        let words = || {
            terms
                .iter()
                .flat_map(|t| t.iter())
                .filter(|t| !t.text.starts_with('\u{1}'))
        };
        for t in words() {
            let mut e = Entries::new(&t.postings);
            while let Some(d) = e.next(&mut tf, &mut lens) {
                let l = lens_of.entry(d).or_insert([0; NFIELDS]);
                for (a, b) in l.iter_mut().zip(lens.iter()) {
                    *a = (*a).max(*b);
                }
            }
        }
        let mut globals: Vec<u32> = lens_of.keys().copied().collect();
        globals.sort_unstable();
        let local = |d: u32| globals.binary_search(&d).ok().map(|i| i as u32);
        let mut partial = vec![false; globals.len()];
        let mut ix = Index {
            ranking_docs: Some(self.manifest.docs),
            field_len_sum: self.manifest.field_len_sum,
            ..Index::default()
        };
        let mut pos: Vec<u32> = Vec::new();
        for t in words() {
            let (list, list_file): (Option<&[u8]>, Option<String>) = match &t.positions {
                Positions::Inline(l) => (Some(l), None),
                Positions::File(h, _) => {
                    let name = positions_file(*h);
                    match self.get(&name) {
                        Some(Content::Positions(p)) if p.text == t.text && p.df == t.df => {
                            (Some(&p.list), Some(name))
                        }
                        Some(_) => return Err(unreadable(&name)),
                        None => (None, None),
                    }
                }
                Positions::None => (None, None),
            };
            let mut plist = list.map(|buf| PositionList { buf, at: 0 });
            let mut e = Entries::new(&t.postings);
            let mut out = Vec::with_capacity(t.postings.len() * 2);
            let mut last = u32::MAX;
            while let Some(d) = e.next(&mut tf, &mut lens) {
                let real = match plist.as_mut() {
                    Some(p) => {
                        if p.next(&mut pos).is_none() || !counts_match(&pos, &tf) {
                            let file = list_file.clone().unwrap_or_else(|| term_file(0));
                            return Err(ShardError::Corrupt {
                                file,
                                reason: format!(
                                    "its positions of {:?} disagree with the postings",
                                    super::shorten(&t.text)
                                ),
                            });
                        }
                        true
                    }
                    None => match self.fragment_of_doc(d).and_then(|f| f.terms().get(&t.text)) {
                        Some(p) if counts_match(p, &tf) => {
                            pos.clear();
                            pos.extend_from_slice(p);
                            true
                        }
                        _ => false,
                    },
                };
                let Some(l) = local(d) else { continue };
                if !real {
                    // stand-ins: the right count per field, never near another
                    pos.clear();
                    for (f, &n) in tf.iter().enumerate() {
                        let base = ((f as u32) << POS_BITS) | STAND_IN_BASE;
                        let room = ((1u32 << (POS_BITS - 1)) - 1) / STAND_IN_GAP;
                        pos.extend((0..n.min(room)).map(|k| base + k * STAND_IN_GAP));
                    }
                    if let Some(p) = partial.get_mut(l as usize) {
                        *p = true;
                    }
                }
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
                while let Some(d) = e.next(&mut tf, &mut lens) {
                    docs.push(d);
                }
            }
            filtered.push((f.field, &f.value, docs));
        }
        for &g in &globals {
            // the page's documents have their fields (facets count them);
            // the others only the filter values they hold
            let frag = if page.contains(&g) {
                self.fragment_of_doc(g).map(|f| &f.fragment)
            } else {
                None
            };
            let mut fields = frag.map(|f| f.fields.clone()).unwrap_or_default();
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
            let doc = match frag {
                Some(f) => f.doc.clone(),
                None => Document {
                    id: format!("\u{0}{g}"),
                    ..Document::default()
                },
            };
            let lens = lens_of.get(&g).copied().unwrap_or([0; NFIELDS]);
            ix.docs.push(Some(StoredDoc::new(doc, fields, lens)));
        }
        Ok(View {
            ix,
            globals,
            partial,
        })
    }

    /// Global numbers of the documents on the requested page, or the
    /// fragments to load first: those of the documents whose stand-in
    /// positions leave their place unsure (see the module docs).
    fn page(&self, plan: &Plan, query: &str, opts: &SearchOptions) -> Result<Vec<u32>, ShardError> {
        let terms = self.shard_terms(plan)?;
        let v = self.view(&terms, opts, &[])?;
        let limit = opts.limit.min(MAX_LIMIT);
        let end = opts.offset.saturating_add(limit);
        let required = parse_query(query)
            .clauses
            .iter()
            .filter(|c| !c.optional)
            .count();
        // without two required clauses there is no proximity bonus, and
        // without stand-ins every score is exact
        let bounded = required > 1 && end <= MAX_LIMIT && v.partial.iter().any(|&p| p);
        let o = SearchOptions {
            highlight: false,
            facets: false,
            explain: bounded,
            offset: if bounded { 0 } else { opts.offset },
            limit: if bounded { MAX_LIMIT } else { limit },
            ..opts.clone()
        };
        let r = ranking::search(&v.ix, query, &o);
        let global = |id: &str| -> Option<(u32, u32)> {
            let g = id.strip_prefix('\u{0}')?.parse::<u32>().ok()?;
            let l = v.globals.binary_search(&g).ok()? as u32;
            Some((g, l))
        };
        if !bounded {
            return Ok(r
                .results
                .iter()
                .filter_map(|h| Some(global(&h.id)?.0))
                .collect());
        }
        // Every ranked document has a lower bound (its score here: stand-ins
        // earn no bonus) and an upper one (plus the most its matched
        // clauses' pairs could earn); the page's documents are among those
        // whose upper bound reaches the `end`-th best lower bound.
        let mut docs: Vec<(u32, f32, f32, Option<u32>, bool)> = Vec::new();
        for h in &r.results {
            let Some((g, l)) = global(&h.id) else {
                continue;
            };
            let cov = h.explain.as_ref().map_or(required as u32, |e| e.coverage);
            let exact = !v.partial.get(l as usize).copied().unwrap_or(true);
            let bonus = MAX_PAIR_BONUS * cov.saturating_sub(1) as f32;
            let hi = if exact { h.score } else { h.score + bonus };
            docs.push((cov, h.score, hi, Some(g), exact));
        }
        if r.total > r.results.len() {
            // the documents past the ranked ones rank below the last
            if let Some(&(cov, lo, _, _, _)) = docs.last() {
                let bonus = MAX_PAIR_BONUS * cov.saturating_sub(1) as f32;
                docs.push((cov, lo, lo + bonus, None, false));
            }
        }
        let mut lows: Vec<(u32, f32)> = docs.iter().map(|d| (d.0, d.1)).collect();
        // at most a page's worth of results: the shared sort (stable; equal
        // pairs are identical, so the order `sort_unstable_by` gave)
        crate::text::sort::sort_by(&mut lows, |a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)));
        let reaches = |d: &(u32, f32, f32, Option<u32>, bool)| match lows.get(end.max(1) - 1) {
            Some(&(cov, lo)) => d.0 > cov || (d.0 == cov && d.2 >= lo),
            None => true,
        };
        // the unsure documents, most promising first
        let mut unsure: Vec<&(u32, f32, f32, Option<u32>, bool)> =
            docs.iter().filter(|d| !d.4 && reaches(d)).collect();
        crate::text::sort::sort_by(&mut unsure, |a, b| b.0.cmp(&a.0).then(b.2.total_cmp(&a.2)));
        let unsure: Vec<Option<u32>> = unsure.iter().map(|d| d.3).collect();
        let frags: Vec<String> = unsure
            .iter()
            .flatten()
            .map(|&g| self.manifest.fragment_file(g))
            .filter(|f| !self.files.contains_key(f))
            .collect();
        if unsure.is_empty() || (frags.is_empty() && unsure.iter().all(Option::is_some)) {
            // every document that may reach the page is exact
            return Ok(r
                .results
                .iter()
                .skip(opts.offset)
                .take(limit)
                .filter_map(|h| Some(global(&h.id)?.0))
                .collect());
        }
        // resolve them by their fragments, or, when those would cost more,
        // by the positions files of the words that had stand-ins
        let mut lists: Vec<String> = Vec::new();
        let mut list_bytes = 0u64;
        for t in terms.iter().flat_map(|t| t.iter()) {
            if let Positions::File(h, size) = t.positions {
                let name = positions_file(h);
                if !self.files.contains_key(&name) && !lists.contains(&name) {
                    lists.push(name);
                    list_bytes += size;
                }
            }
        }
        // what a document's fragment is expected to cost (stored bytes):
        // its text is most of it, about three bytes a token once deflated
        let tokens = |g: u32| -> u64 {
            v.globals
                .binary_search(&g)
                .ok()
                .and_then(|l| v.ix.docs.get(l))
                .and_then(|d| d.as_ref())
                .map_or(0, |d| d.lens.iter().map(|&n| u64::from(n)).sum())
        };
        let cost = |g: u32| FRAGMENT_BASE + FRAGMENT_PER_TOKEN * tokens(g);
        let all_known = unsure.iter().all(Option::is_some);
        let unloaded = |g: &u32| !self.files.contains_key(&self.manifest.fragment_file(*g));
        let frag_cost: u64 = unsure
            .iter()
            .flatten()
            .filter(|g| unloaded(g))
            .map(|&g| cost(g))
            .sum();
        if lists.is_empty() || (all_known && frags.len() <= MAX_RESOLVED && frag_cost <= list_bytes)
        {
            if frags.is_empty() {
                // nothing left to load: this view's order is the best known
                return Ok(r
                    .results
                    .iter()
                    .skip(opts.offset)
                    .take(limit)
                    .filter_map(|h| Some(global(&h.id)?.0))
                    .collect());
            }
            return Err(ShardError::Missing(frags));
        }
        // Too many to load at once: once, load the fragments of the most
        // promising (by upper bound; most of them make the page, which needs
        // them anyway). Their exact scores, proximity bonus included, raise
        // the bar the others must reach, and the next round finds far fewer
        // unsure documents. The positions files are the last resort.
        let settled = docs
            .iter()
            .filter(|d| d.3.is_some_and(|g| self.fragments.contains_key(&g)))
            .count();
        let round = end.clamp(1, MAX_RESOLVED);
        if settled < round {
            let seed: Vec<u32> = unsure
                .iter()
                .map_while(|g| *g)
                .filter(unloaded)
                .take(round - settled)
                .collect();
            let seed_cost: u64 = seed.iter().map(|&g| cost(g)).sum();
            if !seed.is_empty() && seed_cost <= list_bytes {
                return Err(ShardError::Missing(
                    seed.iter()
                        .map(|&g| self.manifest.fragment_file(g))
                        .collect(),
                ));
            }
        }
        Err(ShardError::Missing(lists))
    }

    /// Files (names relative to the manifest's directory) that must be loaded
    /// before [`ShardedIndex::search`] can answer `query`; empty when ready.
    /// Call again after loading them: later rounds name fragments.
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
        let mut missing = Vec::new();
        for &g in &page {
            let name = self.manifest.fragment_file(g);
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
        let terms = self.shard_terms(&plan)?;
        let v = self.view(&terms, opts, &page)?;
        Ok(ranking::search(&v.ix, query, opts))
    }
}

/// A content-addressed file's content: the bytes as stored when they hash to
/// `hash`, else their inflation when that does; `None` when neither does.
fn hashed_content(bytes: &[u8], hash: u128) -> Option<std::borrow::Cow<'_, [u8]>> {
    if content_hash(bytes) == hash {
        return Some(std::borrow::Cow::Borrowed(bytes));
    }
    decompress(bytes)
        .filter(|c| content_hash(c) == hash)
        .map(std::borrow::Cow::Owned)
}
