//! The sharded static index: a directory of immutable files that a reader
//! (the browser, `lede search DIR`) fetches only as a query needs them.
//!
//! # Why
//!
//! A single index file must be loaded whole before the first query. A news
//! archive of 100,000 articles makes that file hundreds of megabytes. Here a
//! query loads the manifest, the few term shards holding its words, and the
//! documents of its first page; nothing else.
//!
//! # The files
//!
//! Every file but the manifest and the fragments is named after a hash of
//! its (uncompressed) content, `KIND-HASH.bin` (`HASH`: 32 hex digits,
//! [`content_hash`]); a fragment is named after its document: `f-` + the
//! generation of its document number (16 hex digits, see *Generations*) +
//! the number (16 hex digits), and holds a hash of its own content, checked
//! on read. Every file is stored compressed as raw DEFLATE (`deflate-raw`,
//! RFC 1951). A name never changes meaning, so a web server can let clients
//! cache these files forever; an update writes new files and then a new
//! manifest.
//!
//! | file | kind | holds |
//! | --- | --- | --- |
//! | `manifest.bin` | root | binary (see *The manifest*): format version, global ranking statistics (documents, field length sums), the generations of the document numbers, the first term and file of every term directory page, the first key and file of every lexicon file, the file of every part directory page, and a hash of itself |
//! | `r-HASH.bin` | term directory page | a run of consecutive term shards (at most [`MAX_DIR_ENTRIES`], cut by content): the first term, content hash and stored size of each |
//! | `t-HASH.bin` | term shard | a contiguous range of the sorted term dictionary: each term with its global document frequency, its postings *without positions*, and its positions inline (a short list) or the hash of its positions file |
//! | `q-HASH.bin` | positions | one term's positions, per document of its postings: read only when a phrase needs that term |
//! | `x-HASH.bin` | lexicon | terms of four characters or more with their document frequencies, sorted by [`lexicon_key`] (first letter, length, term): read for typo expansion of a word the index does not hold, only the lengths its edit budget allows |
//! | `f-GEN NUMBER.bin` | fragment | one document (binary): id, title, text, date, source, url, language, and its extracted fields |
//! | `p-HASH.bin`, `d-HASH.bin` | part directory page, document part | which document numbers are live, with the hash of each one's fragment: read by updates, merges and `lede gc`, never by a query |
//!
//! The root stays a few kilobytes however large the archive: about one entry
//! per [`MAX_DIR_ENTRIES`] term shards, per [`LEXICON_BYTES`] of lexicon and
//! per [`PARTS_PER_DIR`] × [`DOCS_PER_PART`] documents.
//!
//! # The manifest
//!
//! Binary, so that a reader needs no JSON parser (the search-only wasm has
//! none): [`MANIFEST_MAGIC`], `varint(version)`, then the format name as a
//! string, `varint` documents, next document number, the [`NFIELDS`] field
//! length sums, documents per part and parts per directory page; the epochs
//! (`varint(count)`, each `varint(first) u64le(generation)`); the term
//! directory pages and the lexicon files (each list `varint(count)`, each
//! entry its first key as a string, the 16-byte hash that names its file
//! and `varint(stored size)`); the part directory pages (`varint(count)`,
//! each a 0 byte, or 1 and a hash); last, the [`content_hash`] of
//! everything before it (16 bytes, little-endian). Strings are
//! `varint(length) UTF-8`. [`Manifest::from_bytes`] checks every length
//! against the bytes left, so a hostile manifest is a clear error, never a
//! panic or a large allocation. A JSON manifest (`manifest.json`, formats
//! 1–3) is recognized by a scan for its version and refused with how to
//! upgrade it.
//!
//! # Postings without positions
//!
//! Postings are, per document in increasing global number: `varint(doc
//! delta)`, a byte with one bit per field the term occurs in, then for each
//! such field (ascending) `varint(term frequency) varint(length of that
//! field in the document)`. A term shard stores them by column
//! ([`postings_to_columns`]: the deltas, the masks, the frequencies field
//! by field, the lengths field by field), which compresses about a tenth
//! better; the reader turns them back into rows. That is all BM25F needs:
//! no global document table is ever fetched, and a frequent word costs a
//! few bytes per document instead of its every position. Facet filters
//! (`person: X` as a chip) are terms too: the key `"\u{1}" + field letter +
//! "\u{1}" + value` holds the documents with that value (no fields, no
//! positions), so a filter costs one shard.
//!
//! Positions (`varint(n) n × varint(position delta)` per document, a position
//! being `field << 24 | token`) are kept inline when a term's list is at most
//! [`INLINE_POSITIONS`] bytes, else in a positions file of their own. Three
//! things need positions: phrases (the reader fetches the positions files of
//! a phrase's words), highlights and the proximity bonus (the reader takes
//! them from the fragments it loads, re-analyzing the document's text with
//! the indexer's own analysis: the same positions, no extra file).
//!
//! Term shards are cut by content: after a term whose hash ends in four zero
//! bits once the shard holds [`MIN_SHARD_BYTES`], or at [`MAX_SHARD_BYTES`].
//! A local change then re-synchronizes the following cuts, so an update
//! rewrites few files. A term whose postings take [`BIG_TERM_BYTES`] or
//! more gets a shard of its own, so a query for a frequent word fetches
//! no other word's postings with it.
//!
//! # Reading
//!
//! [`ShardedIndex`] holds the manifest and the files loaded so far. For a
//! query, [`ShardedIndex::missing`] names the files still needed, in rounds:
//! 1. the term directory pages, then the term shards, covering each query
//!    word, its stem's neighbours (so `budgets` finds `budget`), and for a
//!    prefix query the prefix's range;
//! 2. for a word the index does not hold (a typo), the lexicon files of
//!    its first letter and of the lengths within its edit budget, then the
//!    term shards of the nearest terms (those the in-memory ranking would
//!    pick as typo variants); the positions files of phrase words;
//! 3. the fragments of the documents that may reach the requested page
//!    (see below), most promising first, in rounds; then those of the page.
//!
//! [`ShardedIndex::search`] builds from the loaded shards the same
//! [`crate::search::index::Index`] structures the in-memory ranking reads
//! (local document numbers in global order, so ties break the same way;
//! global document count and field length sums from the manifest) and runs
//! that very ranking. A document whose positions are not loaded gets
//! stand-in positions with the right count per field (so BM25F is exact)
//! placed where they never earn a proximity bonus. Its score is then a lower
//! bound, and its score plus the largest bonus its matched clauses could earn
//! (the ranking's proximity weight per pair of adjacent required clauses) an
//! upper bound; the reader loads the fragments of the documents whose upper
//! bound reaches the page, until the page holds only exact documents whose
//! exact keys no other document's upper bound can pass. When many documents
//! are unsure (two common words: thousands may pass the bar of the best
//! scores *without* a bonus), the reader loads the fragments of the most
//! promising ones first (by upper bound; most of them make the page, which
//! needs them anyway): their exact scores, bonus included, raise the bar
//! and the next round finds far fewer unsure documents. The positions
//! files of the query's words are the last resort, loaded at once (without
//! that first round) when it cannot settle the page: the bar it raises is
//! at most the page's last upper bound, and too many documents outside it
//! reach even that. The page is then
//! the in-memory `Corpus`'s, except that typo and prefix expansion only see
//! the fetched dictionary shards, and facets count the page's documents.
//!
//! [`ShardedIndex::load`] takes a file's bytes either as stored (compressed)
//! or already inflated (e.g. by the browser's
//! `DecompressionStream('deflate-raw')`), and checks the hash either way: a
//! corrupt file is an error naming it, and is not kept.
//!
//! # Writing, updating, merging
//!
//! [`build`] turns numbered documents into files. Document numbers give the
//! ranking's tie order and stay stable across updates: added documents get
//! new numbers after the last one (an added id already present replaces the
//! old document, as `Corpus.add` does); removed ones leave a gap. Updating
//! ([`Builder::add`], [`Builder::remove`]) and merging indexes ([`merge`],
//! later inputs win for a shared id) are the same operation on the documents,
//! then the same [`build`]: files whose content did not change keep their
//! names and are not rewritten; the manifest is written last.
//!
//! # Generations
//!
//! A fragment's name says which document number it holds, so that the reader
//! finds it without a table. Numbers are never reused within an index, but a
//! fresh build or a merge numbers from 0 again: the manifest therefore lists
//! *epochs*, each a first document number and a 64-bit generation. The
//! documents a build (or an update) adds after the numbers it opened with
//! form a new epoch, whose generation hashes the previous epoch's generation
//! and the added documents' fragments; a fresh build is one epoch. Two
//! fragment files of the same name thus hold the same document, whichever
//! build wrote them, and an update leaves the fragments of the documents it
//! kept untouched.
//!
//! # Versions
//!
//! This is format 4 (format 3 had a JSON manifest and lexicons cut by first
//! letter only). A reader refuses a manifest of another version with a
//! clear error; `lede merge OLD --out NEW` (and any update) reads formats 1
//! to 3 and writes format 4.

mod build;
mod read;

pub use build::{build, merge, Builder, Built};
pub use read::{all_files, ShardError, ShardedIndex};

use super::{DocFields, Document, FilterField, NFIELDS};
use serde::{Deserialize, Serialize};

/// Format name in the manifest.
pub const FORMAT: &str = "lede-sharded";
/// Format version written and read (formats 1 and 2 are still read for an
/// update or a merge, which rewrite them as this version).
pub const VERSION: u32 = 4;
/// File name of the manifest.
pub const MANIFEST: &str = "manifest.bin";
/// File name of the manifest of formats 1–3 (JSON): read only to upgrade
/// such an index, or to tell its reader to.
pub const LEGACY_MANIFEST: &str = "manifest.json";
/// Magic bytes at the start of the manifest (then `varint(version)`).
pub const MANIFEST_MAGIC: &[u8; 4] = b"LSM4";
/// Documents per document part.
pub const DOCS_PER_PART: u32 = 128;
/// Smallest term shard cut by content (uncompressed bytes).
pub const MIN_SHARD_BYTES: usize = 8 * 1024;
/// Largest term shard (uncompressed bytes) unless one term is larger.
pub const MAX_SHARD_BYTES: usize = 32 * 1024;
/// Largest file accepted once inflated (256 MiB).
pub const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;

/// Magic bytes at the start of a term shard (postings by column).
const TERMS_MAGIC: &[u8; 4] = b"LST3";
/// A term whose postings take at least this many bytes gets a term shard of
/// its own: a query for it then fetches no other term's postings.
pub const BIG_TERM_BYTES: usize = MIN_SHARD_BYTES / 2;
/// Magic bytes at the start of a positions file.
const POSITIONS_MAGIC: &[u8; 4] = b"LSQ1";
/// Magic bytes at the start of a fragment.
const FRAGMENT_MAGIC: &[u8; 4] = b"LSF2";
/// A term's positions up to this many bytes stay in its term shard; longer
/// ones get a positions file (`q-HASH.bin`), fetched only for phrases.
pub const INLINE_POSITIONS: usize = 256;
/// Magic bytes at the start of a lexicon file.
const LEXICON_MAGIC: &[u8; 4] = b"LSX1";
/// Target size of a lexicon file (uncompressed bytes): cut by content from
/// half this size, at twice this size at the latest.
pub const LEXICON_BYTES: usize = 8 * 1024;
/// Shortest term (characters) a lexicon lists: typo expansion looks at
/// words of five characters or more, and an edit changes a length by one
/// (two only for words of nine or more).
pub const LEXICON_MIN_CHARS: usize = 4;

/// Magic bytes at the start of a document part.
const PART_MAGIC: &[u8; 4] = b"LSD1";
/// Magic bytes at the start of a term directory page.
const TERM_DIR_MAGIC: &[u8; 4] = b"LSR1";
/// Magic bytes at the start of a part directory page.
const PART_DIR_MAGIC: &[u8; 4] = b"LSP1";
/// Document parts per part directory page.
pub const PARTS_PER_DIR: u32 = 256;
/// Fewest term shards in a term directory page cut by content.
pub const MIN_DIR_ENTRIES: usize = 16;
/// Most term shards in a term directory page.
pub const MAX_DIR_ENTRIES: usize = 128;

/// A 128-bit hash of `bytes` (not cryptographic: it names files and detects
/// corruption). Two independent 64-bit lanes over 8-byte words, each
/// finished with the MurmurHash3 mixer.
pub fn content_hash(bytes: &[u8]) -> u128 {
    fn fmix(mut h: u64) -> u64 {
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
    let len = bytes.len() as u64;
    let mut a: u64 = 0xcbf2_9ce4_8422_2325 ^ len;
    let mut b: u64 = 0x9e37_79b9_7f4a_7c15 ^ len.rotate_left(32);
    for c in bytes.chunks(8) {
        let mut w = [0u8; 8];
        for (d, s) in w.iter_mut().zip(c) {
            *d = *s;
        }
        let v = u64::from_le_bytes(w);
        a = (a ^ v).wrapping_mul(0x0000_0100_0000_01b3).rotate_left(31);
        b = (b ^ v.rotate_left(23)).wrapping_mul(0x87c3_7b91_1142_53d5);
        b ^= b >> 29;
    }
    (u128::from(fmix(a)) << 64) | u128::from(fmix(b ^ a.rotate_left(17)))
}

/// The file name of content of `kind` (`t`, `q`, `d`, `x`, `r`, `p`).
pub fn file_name(kind: char, content: &[u8]) -> String {
    format!("{kind}-{:032x}.bin", content_hash(content))
}

/// The fragment file of document number `num` of generation `gen`.
pub fn fragment_name(gen: u64, num: u32) -> String {
    format!("f-{gen:016x}{:016x}.bin", u64::from(num))
}

/// The hash a file name promises, with its kind (for a fragment: its
/// generation in the high 64 bits, its document number in the low ones).
pub fn parse_file_name(name: &str) -> Option<(char, u128)> {
    let rest = name.strip_suffix(".bin")?;
    let (kind, hex) = rest.split_once('-')?;
    let mut k = kind.chars();
    let kind = k.next()?;
    if k.next().is_some()
        || !matches!(kind, 't' | 'q' | 'd' | 'f' | 'x' | 'r' | 'p')
        || hex.len() != 32
    {
        return None;
    }
    Some((kind, u128::from_str_radix(hex, 16).ok()?))
}

/// Compresses a file's content as stored (raw DEFLATE).
pub fn compress(content: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(content, 6)
}

/// Inflates stored bytes (at most [`MAX_FILE_BYTES`]).
pub fn decompress(stored: &[u8]) -> Option<Vec<u8>> {
    miniz_oxide::inflate::decompress_to_vec_with_limit(stored, MAX_FILE_BYTES).ok()
}

/// One entry of a sorted list of files by key range: a term shard in a
/// term directory page, a term directory page or a lexicon in the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardRef {
    /// Its first key (entries are in key order; an entry covers the keys
    /// from its first to the next entry's first).
    pub first: String,
    /// Its file name.
    pub file: String,
    /// Its size as stored, in bytes.
    pub bytes: u64,
}

/// The manifest (the root of the index): everything a reader needs before
/// its first query, and nothing that grows with the number of documents
/// faster than a few bytes per [`MAX_DIR_ENTRIES`] files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`].
    pub version: u32,
    /// Live documents (the ranking's document count).
    pub docs: u64,
    /// Next document number to give (numbers below it may be gaps).
    pub next_doc: u32,
    /// Sum of each field's length over live documents (title, body, person,
    /// org, place, speaker, keyphrase).
    pub field_len_sum: [u64; NFIELDS],
    /// Documents per document part ([`DOCS_PER_PART`]).
    pub docs_per_part: u32,
    /// Document parts per part directory page ([`PARTS_PER_DIR`]).
    pub parts_per_dir: u32,
    /// The epochs of document numbers, in increasing first number: a
    /// document's fragment is named after the generation of the last epoch
    /// starting at or before its number (see the module docs).
    pub epochs: Vec<Epoch>,
    /// Term directory pages (`r-HASH.bin`), in term order: each lists a run
    /// of consecutive term shards with their first terms.
    pub terms: Vec<ShardRef>,
    /// Lexicon files (terms and document frequencies, no postings), in
    /// term order: what typo expansion reads for a word not in the index.
    pub lexicons: Vec<ShardRef>,
    /// Part directory page `i` (`p-HASH.bin`, parts `i × parts_per_dir ..`),
    /// or `None` when all its documents are gaps.
    pub part_dirs: Vec<Option<String>>,
}

impl Manifest {
    /// The binary form (see [`MANIFEST_MAGIC`]), its self-hash at the end.
    pub fn to_bytes(&self) -> Vec<u8> {
        use crate::search::index::put_varint;
        let mut out = MANIFEST_MAGIC.to_vec();
        put_varint(&mut out, u64::from(self.version));
        put_str(&mut out, &self.format);
        put_varint(&mut out, self.docs);
        put_varint(&mut out, u64::from(self.next_doc));
        for &l in &self.field_len_sum {
            put_varint(&mut out, l);
        }
        put_varint(&mut out, u64::from(self.docs_per_part));
        put_varint(&mut out, u64::from(self.parts_per_dir));
        put_varint(&mut out, self.epochs.len() as u64);
        for e in &self.epochs {
            put_varint(&mut out, u64::from(e.first));
            out.extend_from_slice(&e.generation().unwrap_or(0).to_le_bytes());
        }
        for list in [&self.terms, &self.lexicons] {
            put_varint(&mut out, list.len() as u64);
            for r in list.iter() {
                put_str(&mut out, &r.first);
                let h = parse_file_name(&r.file).map_or(0, |x| x.1);
                out.extend_from_slice(&h.to_le_bytes());
                put_varint(&mut out, r.bytes);
            }
        }
        put_varint(&mut out, self.part_dirs.len() as u64);
        for d in &self.part_dirs {
            match d.as_deref().and_then(parse_file_name) {
                Some((_, h)) => {
                    out.push(1);
                    out.extend_from_slice(&h.to_le_bytes());
                }
                None => out.push(0),
            }
        }
        let h = content_hash(&out);
        out.extend_from_slice(&h.to_le_bytes());
        out
    }

    /// Parses and checks a manifest: a clear error for bytes that are not
    /// one, and [`ShardError::Version`] for an index of another version
    /// (including the JSON manifests of formats 1–3, whose version is read
    /// by a small scan, without a JSON parser).
    pub fn from_bytes(bytes: &[u8]) -> Result<Manifest, ShardError> {
        let bad = |m: String| ShardError::Corrupt {
            file: MANIFEST.into(),
            reason: m,
        };
        if !bytes.starts_with(MANIFEST_MAGIC) {
            return match legacy_version(bytes) {
                Some(found) => Err(ShardError::Version {
                    found,
                    supported: VERSION,
                }),
                None => Err(bad("not a manifest of a sharded index".into())),
            };
        }
        // the version first, so an index of another version says so
        let mut at = MANIFEST_MAGIC.len();
        let version = crate::search::index::get_varint(bytes, &mut at)
            .and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| bad("truncated".into()))?;
        if version != VERSION {
            return Err(ShardError::Version {
                found: version,
                supported: VERSION,
            });
        }
        let body_len = bytes
            .len()
            .checked_sub(16)
            .filter(|&n| n >= at)
            .ok_or_else(|| bad("truncated".into()))?;
        let (body, tail) = bytes.split_at(body_len);
        let tail: [u8; 16] = tail.try_into().map_err(|_| bad("truncated".into()))?;
        if content_hash(body) != u128::from_le_bytes(tail) {
            return Err(bad("its hash does not match its content".into()));
        }
        let m = parse_manifest_body(body, at, version)
            .ok_or_else(|| bad("its content cannot be read".into()))?;
        if m.format != FORMAT {
            return Err(bad(format!(
                "format {:?}, not {FORMAT:?}",
                shorten(&m.format)
            )));
        }
        for w in m.epochs.windows(2) {
            if let [a, b] = w {
                if a.first >= b.first {
                    return Err(bad("epochs out of order".into()));
                }
            }
        }
        if m.docs > 0 && m.epochs.first().map(|e| e.first) != Some(0) {
            return Err(bad("the epochs do not cover the documents".into()));
        }
        if m.docs_per_part == 0 || m.parts_per_dir == 0 {
            return Err(bad("docs_per_part or parts_per_dir is 0".into()));
        }
        if m.docs > u64::from(m.next_doc) {
            return Err(bad("more documents than document numbers".into()));
        }
        for (list, what) in [(&m.terms, "term directory"), (&m.lexicons, "lexicon")] {
            for w in list.windows(2) {
                if let [a, b] = w {
                    if a.first >= b.first {
                        return Err(bad(format!("{what} files out of order")));
                    }
                }
            }
        }
        let parts_needed = u64::from(m.next_doc).div_ceil(u64::from(m.docs_per_part));
        let dirs_needed = parts_needed.div_ceil(u64::from(m.parts_per_dir));
        if m.part_dirs.len() as u64 != dirs_needed {
            return Err(bad("part directories do not cover the documents".into()));
        }
        Ok(m)
    }

    /// The generation of document number `num` (0 when no epoch covers it).
    pub fn generation_of(&self, num: u32) -> u64 {
        let i = self.epochs.partition_point(|e| e.first <= num);
        i.checked_sub(1)
            .and_then(|i| self.epochs.get(i))
            .and_then(Epoch::generation)
            .unwrap_or(0)
    }

    /// The fragment file of document number `num`.
    pub fn fragment_file(&self, num: u32) -> String {
        fragment_name(self.generation_of(num), num)
    }
}

/// A run of document numbers named under one generation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Epoch {
    /// Its first document number.
    pub first: u32,
    /// Its generation, 16 hex digits.
    pub generation: String,
}

impl Epoch {
    /// The generation as a number.
    pub fn generation(&self) -> Option<u64> {
        u64::from_str_radix(&self.generation, 16).ok()
    }
}

/// What an update or a merge reads of a JSON manifest: format 1 (one flat
/// list of term shards and parts), format 2 (part directory pages) or
/// format 3 (and epochs): only to upgrade such an index (`lede merge OLD
/// --out NEW`).
#[derive(Debug, Deserialize)]
struct ManifestOld {
    format: String,
    version: u32,
    next_doc: u32,
    #[serde(default)]
    parts: Option<Vec<Option<String>>>,
    #[serde(default)]
    part_dirs: Option<Vec<Option<String>>>,
    #[serde(default)]
    epochs: Option<Vec<EpochOld>>,
}

/// An epoch of a format-3 manifest.
#[derive(Debug, Deserialize)]
struct EpochOld {
    first: u32,
    generation: String,
}

/// At most 40 characters of `s` (a long value echoed only in part).
fn shorten(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", s.get(..i).unwrap_or(s)),
        None => s.to_string(),
    }
}

/// Reads the body of a binary manifest from `at` (after its version).
/// `None` on any malformed or truncated field; lists are bounded by the
/// bytes left, so hostile counts cannot allocate much.
fn parse_manifest_body(b: &[u8], mut at: usize, version: u32) -> Option<Manifest> {
    use crate::search::index::get_varint;
    let at = &mut at;
    let count = |b: &[u8], at: &mut usize| -> Option<usize> {
        let n = usize::try_from(get_varint(b, at)?).ok()?;
        (n <= b.len().saturating_sub(*at)).then_some(n)
    };
    let u32_of = |v: u64| u32::try_from(v).ok();
    let format = get_str(b, at)?;
    let docs = get_varint(b, at)?;
    let next_doc = u32_of(get_varint(b, at)?)?;
    let mut field_len_sum = [0u64; NFIELDS];
    for l in field_len_sum.iter_mut() {
        *l = get_varint(b, at)?;
    }
    let docs_per_part = u32_of(get_varint(b, at)?)?;
    let parts_per_dir = u32_of(get_varint(b, at)?)?;
    let n = count(b, at)?;
    let mut epochs = Vec::with_capacity(n);
    for _ in 0..n {
        let first = u32_of(get_varint(b, at)?)?;
        let g: [u8; 8] = b.get(*at..at.checked_add(8)?)?.try_into().ok()?;
        *at += 8;
        epochs.push(Epoch {
            first,
            generation: format!("{:016x}", u64::from_le_bytes(g)),
        });
    }
    let mut lists: [Vec<ShardRef>; 2] = Default::default();
    for (list, kind) in lists.iter_mut().zip(['r', 'x']) {
        let n = count(b, at)?;
        list.reserve(n);
        for _ in 0..n {
            let first = get_str(b, at)?;
            let h = get_hash16(b, at)?;
            let bytes = get_varint(b, at)?;
            list.push(ShardRef {
                first,
                file: format!("{kind}-{h:032x}.bin"),
                bytes,
            });
        }
    }
    let n = count(b, at)?;
    let mut part_dirs = Vec::with_capacity(n);
    for _ in 0..n {
        let flag = *b.get(*at)?;
        *at += 1;
        part_dirs.push(match flag {
            0 => None,
            1 => Some(format!("p-{:032x}.bin", get_hash16(b, at)?)),
            _ => return None,
        });
    }
    let [terms, lexicons] = lists;
    (*at == b.len()).then_some(Manifest {
        format,
        version,
        docs,
        next_doc,
        field_len_sum,
        docs_per_part,
        parts_per_dir,
        epochs,
        terms,
        lexicons,
        part_dirs,
    })
}

/// A 16-byte little-endian hash at `at`.
fn get_hash16(b: &[u8], at: &mut usize) -> Option<u128> {
    let h: [u8; 16] = b.get(*at..at.checked_add(16)?)?.try_into().ok()?;
    *at += 16;
    Some(u128::from_le_bytes(h))
}

/// The version of a JSON manifest (formats 1–3): the number after the first
/// `"version":`, when the bytes look like a JSON object of this format. A
/// scan, not a parser: enough to tell the reader which format it met.
fn legacy_version(bytes: &[u8]) -> Option<u32> {
    let head = bytes.get(..bytes.len().min(4096))?;
    let text = std::str::from_utf8(head).ok().or_else(|| {
        // a manifest longer than the window may cut a character in two
        (1..4).find_map(|k| std::str::from_utf8(head.get(..head.len().checked_sub(k)?)?).ok())
    })?;
    if !text.trim_start().starts_with('{') || !text.contains(&format!("\"{FORMAT}\"")) {
        return None;
    }
    let rest = text.split_once("\"version\"")?.1.trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let digits: String = rest
        .chars()
        .take_while(char::is_ascii_digit)
        .take(9)
        .collect();
    digits.parse().ok()
}

/// One document as stored in its fragment file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fragment {
    /// The document.
    pub doc: Document,
    /// Its extracted fields.
    pub fields: DocFields,
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    crate::search::index::put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn get_str(b: &[u8], at: &mut usize) -> Option<String> {
    let n = usize::try_from(crate::search::index::get_varint(b, at)?).ok()?;
    let end = at.checked_add(n)?;
    let s = std::str::from_utf8(b.get(*at..end)?).ok()?.to_string();
    *at = end;
    Some(s)
}

fn put_opt(out: &mut Vec<u8>, s: &Option<String>) {
    match s {
        Some(s) => {
            out.push(1);
            put_str(out, s);
        }
        None => out.push(0),
    }
}

fn get_opt(b: &[u8], at: &mut usize) -> Option<Option<String>> {
    let flag = *b.get(*at)?;
    *at += 1;
    match flag {
        0 => Some(None),
        1 => Some(Some(get_str(b, at)?)),
        _ => None,
    }
}

impl Fragment {
    /// The binary form of a fragment's document and fields (what its
    /// content hash covers): strings as `varint(length) bytes`, optional
    /// ones behind a 0/1 byte, each field as `varint(count)` strings.
    pub fn to_bytes(&self) -> Vec<u8> {
        let d = &self.doc;
        let mut out = Vec::with_capacity(d.text.len() + d.title.len() + 64);
        put_str(&mut out, &d.id);
        put_str(&mut out, &d.title);
        put_str(&mut out, &d.text);
        for o in [&d.date, &d.source, &d.url, &d.lang] {
            put_opt(&mut out, o);
        }
        for (_, vals) in filter_values(&self.fields) {
            crate::search::index::put_varint(&mut out, vals.len() as u64);
            for v in vals {
                put_str(&mut out, v);
            }
        }
        out
    }

    /// Reads [`Fragment::to_bytes`]; `None` unless every byte is used.
    pub fn from_bytes(b: &[u8]) -> Option<Fragment> {
        let mut at = 0;
        let id = get_str(b, &mut at)?;
        let title = get_str(b, &mut at)?;
        let text = get_str(b, &mut at)?;
        let date = get_opt(b, &mut at)?;
        let source = get_opt(b, &mut at)?;
        let url = get_opt(b, &mut at)?;
        let lang = get_opt(b, &mut at)?;
        let mut lists: [Vec<String>; 5] = Default::default();
        for l in lists.iter_mut() {
            let n = crate::search::index::get_varint(b, &mut at)?;
            if n > b.len() as u64 {
                return None;
            }
            for _ in 0..n {
                l.push(get_str(b, &mut at)?);
            }
        }
        if at != b.len() {
            return None;
        }
        let [people, orgs, places, speakers, keyphrases] = lists;
        Some(Fragment {
            doc: Document {
                id,
                title,
                text,
                date,
                source,
                url,
                lang,
            },
            fields: DocFields {
                people,
                orgs,
                places,
                speakers,
                keyphrases,
            },
        })
    }
}

/// The key a term is sorted by in the lexicon files: its first character,
/// its length in characters (three digits), then the term; `None` for a
/// term the lexicon leaves out (a facet key, or shorter than
/// [`LEXICON_MIN_CHARS`]). Typo variants of a word share its first letter
/// (an edit there counts double) and lie within its edit budget in length,
/// so a typo reads the lexicon files of a few lengths of one letter, not
/// the whole letter.
pub fn lexicon_key(term: &str) -> Option<String> {
    let first = term.chars().next()?;
    let n = term.chars().count();
    if first == '\u{1}' || n < LEXICON_MIN_CHARS {
        return None;
    }
    Some(format!("{first}{:03}{term}", n.min(999)))
}

/// The lexicon keys of the terms starting with `first` whose length is
/// within `lo..=hi` characters: `(from, to)`, inclusive.
pub fn lexicon_range(first: char, lo: usize, hi: usize) -> (String, String) {
    (
        format!("{first}{:03}", lo.min(999)),
        format!("{first}{:03}\u{10FFFF}", hi.min(999)),
    )
}

/// Postings by column, as a term shard stores them: the `df` document
/// deltas, then the `df` field masks, then for each field the term
/// frequencies of the entries holding it, then for each field their field
/// lengths (all varints but the masks). Like values side by side compress
/// better than rows. `rows`: postings as the reader decodes them (see the
/// module docs); `None` if they are malformed.
pub fn postings_to_columns(rows: &[u8], df: u32) -> Option<Vec<u8>> {
    use crate::search::index::{get_varint, put_varint};
    let mut deltas = Vec::new();
    let mut masks = Vec::with_capacity(df as usize);
    let mut tfs: [Vec<u8>; NFIELDS] = Default::default();
    let mut lens: [Vec<u8>; NFIELDS] = Default::default();
    let mut at = 0;
    for _ in 0..df {
        put_varint(&mut deltas, get_varint(rows, &mut at)?);
        let m = *rows.get(at)?;
        at += 1;
        masks.push(m);
        for f in 0..NFIELDS {
            if m & (1 << f) != 0 {
                put_varint(&mut tfs[f], get_varint(rows, &mut at)?);
                put_varint(&mut lens[f], get_varint(rows, &mut at)?);
            }
        }
    }
    if at != rows.len() {
        return None;
    }
    let mut out = deltas;
    out.extend_from_slice(&masks);
    for c in tfs.iter().chain(lens.iter()) {
        out.extend_from_slice(c);
    }
    Some(out)
}

/// The rows of [`postings_to_columns`]'s columns (`df` entries), or `None`
/// when the bytes do not hold exactly that many well-formed entries.
pub fn postings_from_columns(cols: &[u8], df: u32) -> Option<Vec<u8>> {
    use crate::search::index::{get_varint, put_varint};
    let n = df as usize;
    // every entry takes at least a delta byte and a mask byte
    if n > cols.len() / 2 {
        return None;
    }
    let mut at = 0;
    let mut deltas = Vec::with_capacity(n);
    for _ in 0..n {
        deltas.push(get_varint(cols, &mut at)?);
    }
    let masks = cols.get(at..at.checked_add(n)?)?;
    at += n;
    let mut per_field = [0usize; NFIELDS];
    for &m in masks {
        if u32::from(m) >> NFIELDS != 0 {
            return None;
        }
        for (f, c) in per_field.iter_mut().enumerate() {
            *c += usize::from(m & (1 << f) != 0);
        }
    }
    let mut tfs: [Vec<u64>; NFIELDS] = Default::default();
    let mut lens: [Vec<u64>; NFIELDS] = Default::default();
    for col in [&mut tfs, &mut lens] {
        for (f, c) in col.iter_mut().enumerate() {
            for _ in 0..per_field[f] {
                c.push(get_varint(cols, &mut at)?);
            }
        }
    }
    if at != cols.len() {
        return None;
    }
    let mut out = Vec::with_capacity(cols.len() + n);
    let mut next = [0usize; NFIELDS];
    for (d, &m) in deltas.iter().zip(masks) {
        put_varint(&mut out, *d);
        out.push(m);
        for f in 0..NFIELDS {
            if m & (1 << f) != 0 {
                let k = next[f];
                next[f] += 1;
                put_varint(&mut out, *tfs[f].get(k)?);
                put_varint(&mut out, *lens[f].get(k)?);
            }
        }
    }
    Some(out)
}

/// The dictionary key of a facet filter value.
pub fn filter_key(field: FilterField, value: &str) -> String {
    let c = match field {
        FilterField::Person => 'p',
        FilterField::Org => 'o',
        FilterField::Place => 'l',
        FilterField::Speaker => 's',
        FilterField::Keyphrase => 'k',
    };
    format!("\u{1}{c}\u{1}{value}")
}

/// Every filter field with the values of `f` in it.
fn filter_values(f: &DocFields) -> [(FilterField, &[String]); 5] {
    [
        (FilterField::Person, &f.people),
        (FilterField::Org, &f.orgs),
        (FilterField::Place, &f.places),
        (FilterField::Speaker, &f.speakers),
        (FilterField::Keyphrase, &f.keyphrases),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_hashes_differ() {
        let a = file_name('t', b"abc");
        assert_eq!(parse_file_name(&a).map(|x| x.0), Some('t'));
        assert_ne!(content_hash(b"abc"), content_hash(b"abd"));
        assert_ne!(content_hash(b""), content_hash(b"\0"));
        assert_ne!(content_hash(b"12345678"), content_hash(b"123456780"));
        assert_eq!(parse_file_name("x-00.bin"), None);
        assert_eq!(parse_file_name("manifest.json"), None);
    }

    #[test]
    fn postings_columns_round_trip_and_reject_bad_counts() {
        use crate::search::index::put_varint;
        let mut rows = Vec::new();
        for (d, m, f) in [(3u64, 0b11u8, 2u64), (1, 0b10, 1), (250, 0b1000001, 7)] {
            put_varint(&mut rows, d);
            rows.push(m);
            for b in 0..NFIELDS {
                if m & (1 << b) != 0 {
                    put_varint(&mut rows, f);
                    put_varint(&mut rows, 300 + b as u64);
                }
            }
        }
        let cols = postings_to_columns(&rows, 3).expect("well formed");
        assert_eq!(postings_from_columns(&cols, 3).as_deref(), Some(&rows[..]));
        assert_eq!(postings_from_columns(&cols, 2), None);
        assert_eq!(postings_from_columns(&cols, 4), None);
        assert_eq!(postings_from_columns(&cols[..cols.len() - 1], 3), None);
        assert_eq!(postings_to_columns(&rows, 4), None);
    }

    #[test]
    fn compression_round_trips() {
        let t = b"the the the budget budget".repeat(100);
        assert_eq!(decompress(&compress(&t)).as_deref(), Some(&t[..]));
        assert_eq!(decompress(b"\xff\xff\xff"), None);
    }
}
