//! Reading a sharded index: the manifest, then files as queries need them.
//!
//! A [`ShardedIndex`] starts from the manifest's bytes alone. Each query is
//! answered in rounds: [`ShardedIndex::missing`] names the files the query
//! needs that are not loaded yet (term directory pages, then term shards,
//! lexicon files for typos, positions files, then the fragments of the
//! documents on the page); the caller fetches them and hands each to
//! [`ShardedIndex::load`], which checks its content hash and decodes it;
//! when nothing is missing, [`ShardedIndex::search`] ranks over a view of
//! the loaded files with the same `ranking` code as an in-memory corpus.
//!
//! One file per stage:
//! - `mod.rs` (this file): the limits, the error, the loaded files' types
//!   and the reader's state (load, unload, trim, and the rounds);
//! - `decode.rs`: each kind of file's bytes into those types, its hash
//!   checked first;
//! - `parts.rs`: walking an index's document parts and fragments without a
//!   query (for builds, merges and `lede gc`);
//! - `plan.rs`: which term shards (and pages, lexicons) a query needs;
//! - `pairs.rs`: what the lists of pairs of frequent words answer for a
//!   query, and the stand-in positions they stand for;
//! - `view.rs`: the index the ranking reads, built from the loaded shards,
//!   and which documents reach the requested page.

mod decode;
mod pairs;
mod parts;
mod plan;
mod view;

pub use parts::all_files;
pub(in crate::search::shard) use parts::{fragment_of, part_files, part_fragments_of};

use super::{Fragment, Manifest};
use crate::search::analysis::TermStemmer;
use crate::search::index::{FxMap, Index, POS_BITS};
use crate::search::{ranking, SearchError, SearchOptions, SearchResults};
use decode::decode;
use std::cell::{Cell, OnceCell, RefCell};
use std::collections::HashMap;
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
/// Most rounds of the most promising documents' fragments for one page
/// before the positions files of its words (see `view.rs`, `page`).
const MAX_SEED_ROUNDS: usize = 4;
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
    /// In its term shard; `true`: by field (format 5), else field-tagged.
    Inline(Vec<u8>, bool),
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
    /// True when the index lists this word's pairs with other paired
    /// words (see *Pairs* in [`super`]).
    paired: bool,
}

/// A loaded positions file.
#[derive(Debug)]
struct PositionsFile {
    text: String,
    df: u32,
    list: Vec<u8>,
    /// By field (format 5), else field-tagged (format 4).
    by_field: bool,
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
    /// The stem table (format 5; `None` in format 4): each stem whose base
    /// lies in this page, whose words are not just the stem itself, and
    /// whose base's range spans two term shards or more, with its words,
    /// sorted (see [`super::build`]'s `stem_table`).
    stems: Option<Vec<(String, Vec<String>)>>,
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
    /// The page whose rounds of promising documents' fragments were asked
    /// for last: the rounds are counted per query (see `page`), whatever
    /// fragments earlier queries left loaded.
    seeded: RefCell<Option<Seeded>>,
    /// See [`ShardedIndex::set_pair_threshold`].
    pair_threshold: u64,
}

/// The rounds of promising documents' fragments asked for one page.
#[derive(Debug)]
struct Seeded {
    /// The page: its end (offset + limit) and its query.
    page: (usize, String),
    /// Rounds asked for so far.
    rounds: usize,
    /// Their fragments' expected stored bytes, all rounds together.
    bytes: u64,
    /// Their documents (global numbers, in order).
    docs: Vec<u32>,
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
    /// For a query of two words the pair lists answer: what they say of
    /// each local document (see `pairs.rs`).
    pairs: Option<Vec<pairs::PairState>>,
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
            seeded: RefCell::new(None),
            pair_threshold: pairs::MIN_SPARED_BYTES,
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
        let v = self.view(&terms, query, opts, &page)?;
        Ok(ranking::search(&v.ix, query, opts))
    }
}
