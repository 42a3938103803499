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
//! | `r-HASH.bin` | term directory page | a run of consecutive term shards (at most [`MAX_DIR_ENTRIES`], cut by content): the first term, content hash and stored size of each; then its stem table (see *Stems*) |
//! | `t-HASH.bin` | term shard | a contiguous range of the sorted term dictionary: each term with its global document frequency, its postings *without positions*, and its positions inline (a short list) or the hash of its positions file; pair lists (see *Pairs*) are terms too |
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
//! length sums, documents per part and parts per directory page, the least
//! document frequency of a paired word (format 6; see *Pairs*); the epochs
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
//! better, and each length as a one-byte code that keeps it to within 3%
//! ([`crate::search::index::length_code`]; the in-memory ranking reads
//! lengths through the same codes, so scores agree): exact lengths were
//! half of a term shard's bytes. The reader turns them back into rows. That is all BM25F needs:
//! no global document table is ever fetched, and a frequent word costs a
//! few bytes per document instead of its every position. Facet filters
//! (`person: X` as a chip) are terms too: the key `"\u{1}" + field letter +
//! "\u{1}" + value` holds the documents with that value (no fields, no
//! positions), so a filter costs one shard.
//!
//! Positions are kept per document of the postings, field by field
//! (ascending), each field's `tf` token numbers as `varint(first)` then
//! `varint(gap)`s: the postings already give each field's count, so no
//! count and no field number is stored (format 4 stored `varint(n)` and
//! deltas of `field << 24 | token`, 30% more once deflated). They are kept
//! inline when a term's list is at most [`INLINE_POSITIONS`] bytes, else
//! in a positions file of their own. Three
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
//! # Stems
//!
//! A query word also matches the other words of its English stem
//! (`rates` → `rate`, `rated`, `rating`). Their place in the sorted
//! dictionary is known only roughly: from the stem less its last letter on
//! (`rat…`, since `rating` stems to `rate`), a range that also holds
//! `rather`, `ratio` and `rational`, each with its own shard when frequent.
//! So each term directory page ends with a stem table: every stem whose
//! range starts in the page and spans two term shards or more, with its
//! words (`varint(count)`, then per stem `str(stem) varint(n) n × str(word)`,
//! stems and words in increasing order). A stem whose only word is itself
//! is not listed. The reader reads the page anyway (it names the shards):
//! for a listed stem it fetches only its words' shards, for a stem the
//! page does not list only the stem's own shard, and for a range within
//! one shard that shard. Over 100,000 articles the tables hold about 8,400
//! stems (47 KB deflated in all, a few hundred bytes a page), and a
//! query's term shards weigh about 40% less.
//!
//! # Pairs of frequent words
//!
//! Two frequent words in one query (`mobile phone`, `"world cup"`) are
//! costly without help: the proximity bonus and a phrase need to know where
//! the words stand, and their positions files are tens to hundreds of
//! kilobytes at 100,000 articles. So the index also lists, for every two
//! *paired* words that stand side by side somewhere, the documents where
//! they do (from [`PAIR_MIN_INDEX`] documents on: below, the lists cost
//! about what they save). A word is paired when the most frequent word of
//! its stem is in at least the manifest's `pair_min_df` documents
//! ([`pair_min_df`]: one in [`PAIR_SHARE`], at least [`PAIR_MIN_DOCS`]) and it
//! is not a stop word
//! ([`paired`]): every form of a frequent word, so that a document with a
//! rarer form (`campaigning`) is answered too. Its term shard entry says so
//! (bit 2 of its positions tag). Since every build, update and merge writes
//! the terms again from all the documents, the lists always agree with the
//! words' document frequencies.
//!
//! A pair's list is a term of its own, keyed ([`pair_key`]) by the two
//! words' stems, sorted, then the two words in text order:
//! `"\u{2}" + stem₁ + "\u{2}" + stem₂ + "\u{2}" + first + "\u{2}" + second`.
//! Its postings are ordinary postings without positions: per document and
//! field, how many times `first` is directly followed by `second`. All the
//! lists of two stems (`campaign`/`campaigns` beside `trump`, both orders)
//! thus lie in one short key range ([`pair_prefix`]), a *group*. A group
//! never starts in the middle of a term shard unless it ends in that shard,
//! so a reader takes the shards whose first key is in the group, or else
//! the one shard holding the group's first key. A phrase of two paired words is that list's documents and
//! counts, with no positions; a query of two paired words learns which
//! documents have them side by side (the full proximity bonus, exactly) and
//! that the others have them at least two tokens apart (at most half the
//! bonus). See `read/pairs.rs`.
//!
//! # Reading
//!
//! [`ShardedIndex`] holds the manifest and the files loaded so far. For a
//! query, [`ShardedIndex::missing`] names the files still needed, in rounds:
//! 1. the term directory pages, then the term shards, covering each query
//!    word, the words of its stem (so `budgets` finds `budget`; see
//!    *Stems*), and for a prefix query the prefix's range;
//! 2. for a word the index does not hold (a typo), the lexicon files of
//!    its first letter and of the lengths within its edit budget, then the
//!    term shards of the nearest terms (those the in-memory ranking would
//!    pick as typo variants); for a query of two paired words or a phrase
//!    of two (see *Pairs*), the directory page and term shards of their
//!    pair lists; the positions files of the other phrases' words;
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
//! needs them anyway), in rounds: their exact scores, bonus included, raise
//! the bar, and the page is settled once enough of them earned their bonus.
//! The first round says how often the words come together (the share of
//! its documents that earned at least half their bonus), and the next takes
//! as many documents as that rate says the page still lacks; none when no
//! document of the rounds earned it. The positions files of the query's words are the
//! last resort, after four rounds or once the rounds' fragments would cost
//! more than those files. The page is then
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
//! This is format 6: format 5 and the lists of pairs of frequent words
//! (see *Pairs*), whose threshold the manifest holds; a reader searches a
//! format 5 index as it is, without pairs. Format 4 had exact field lengths and field-tagged
//! positions in its term shards (magic `LST3`) and positions files (`LSQ1`),
//! and no stem tables (term directory pages `LSR1`); a
//! reader still searches it as it is (each file says by its magic which
//! it is; without stem tables a word's stem range is read whole), and an
//! update or a merge rewrites it as format 5. Format 3 had a JSON manifest
//! and lexicons cut by first letter only. A reader refuses a manifest of
//! another version with a clear error; `lede merge OLD --out NEW` (and any
//! update) reads formats 1 to 5 and writes format 6.

mod build;
mod codec;
mod columns;
mod files;
mod fragment;
mod lexicon;
mod manifest;
mod read;

pub use build::{build, merge, Builder, Built};
pub use columns::{postings_from_columns, postings_to_columns};
pub use files::{compress, content_hash, decompress, file_name, fragment_name, parse_file_name};
pub use fragment::{filter_key, Fragment};
pub use lexicon::{lexicon_key, lexicon_range};
pub use manifest::{Epoch, Manifest, ShardRef};
pub use read::{all_files, ShardError, ShardedIndex};

use codec::{get_str, put_str, shorten};
use fragment::filter_values;
use manifest::ManifestOld;

/// Format name in the manifest.
pub const FORMAT: &str = "lede-sharded";
/// Format version written and read (formats 1 to 3 are still read for an
/// update or a merge, which rewrite them as this version).
pub const VERSION: u32 = 6;
/// The oldest format a reader searches as it is: format 4 has the same
/// manifest, exact field lengths in its term shards and no stem table in
/// its term directory pages (see *Versions*).
pub const OLDEST_VERSION: u32 = 4;
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

/// Magic bytes at the start of a term shard (postings by column, field
/// lengths as [`crate::search::index::length_code`]s).
const TERMS_MAGIC: &[u8; 4] = b"LST4";
/// Magic bytes at the start of a format 4 term shard (exact field lengths):
/// still read.
const TERMS_MAGIC_EXACT: &[u8; 4] = b"LST3";
/// A term whose postings take at least this many bytes gets a term shard of
/// its own: a query for it then fetches no other term's postings.
pub const BIG_TERM_BYTES: usize = MIN_SHARD_BYTES / 2;
/// Magic bytes at the start of a positions file (positions by field, as
/// the term shards of format 5 keep them inline: see *Positions*).
const POSITIONS_MAGIC: &[u8; 4] = b"LSQ2";
/// Magic bytes at the start of a format 4 positions file (a count and
/// field-tagged deltas per document): still read.
const POSITIONS_MAGIC_TAGGED: &[u8; 4] = b"LSQ1";
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
/// Magic bytes at the start of a term directory page (with its stem table).
const TERM_DIR_MAGIC: &[u8; 4] = b"LSR2";
/// Magic bytes at the start of a format 4 term directory page (no stem
/// table): still read.
const TERM_DIR_MAGIC_PLAIN: &[u8; 4] = b"LSR1";
/// Magic bytes at the start of a part directory page.
const PART_DIR_MAGIC: &[u8; 4] = b"LSP1";
/// Document parts per part directory page.
pub const PARTS_PER_DIR: u32 = 256;
/// The first character of a pair list's key (see *Pairs*).
pub const PAIR_MARK: char = '\u{2}';
/// Fewest documents a word must be in for its pairs to be listed.
pub const PAIR_MIN_DOCS: u32 = 50;
/// A word is paired when at least one document in this many holds it.
pub const PAIR_SHARE: u64 = 200;
/// Fewest documents of an index that lists pairs by default: in a smaller
/// one the words' positions files are small, and the lists cost about what
/// they save (2,225 BBC articles: 5% more bytes over 120 queries).
pub const PAIR_MIN_INDEX: u64 = 20_000;

/// The least document frequency of a paired word in an index of `docs`
/// documents (see *Pairs*): 0 (no pair lists) below [`PAIR_MIN_INDEX`].
pub fn pair_min_df(docs: u64) -> u32 {
    if docs < PAIR_MIN_INDEX {
        return 0;
    }
    u32::try_from(docs / PAIR_SHARE)
        .unwrap_or(u32::MAX)
        .max(PAIR_MIN_DOCS)
}

/// True when an index whose manifest says `min_df` (0: an index without
/// pair lists) lists the pairs of `term`, when the most frequent word of its
/// stem (`term` itself, or `campaign` for `campaigning`) is in `stem_df`
/// documents. The writer decides; each term shard entry records it.
pub fn paired(term: &str, stem_df: u32, min_df: u32) -> bool {
    min_df > 0
        && stem_df >= min_df
        && !term.starts_with(['\u{1}', PAIR_MARK])
        && !crate::text::stopwords::is_stop_word(term)
}

/// Where the pair lists of two stems lie: every key starts with this.
pub fn pair_prefix(stem_a: &str, stem_b: &str) -> String {
    let (lo, hi) = if stem_a <= stem_b {
        (stem_a, stem_b)
    } else {
        (stem_b, stem_a)
    };
    format!("{PAIR_MARK}{lo}{PAIR_MARK}{hi}{PAIR_MARK}")
}

/// The key of the list of documents where `first` is directly followed by
/// `second` (whose stems are `stem_first`, `stem_second`).
pub fn pair_key(stem_first: &str, stem_second: &str, first: &str, second: &str) -> String {
    format!(
        "{}{first}{PAIR_MARK}{second}",
        pair_prefix(stem_first, stem_second)
    )
}

/// The two words of a pair key, given the prefix it starts with.
pub fn pair_words<'a>(key: &'a str, prefix: &str) -> Option<(&'a str, &'a str)> {
    key.strip_prefix(prefix)?.split_once(PAIR_MARK)
}

/// Fewest term shards in a term directory page cut by content.
pub const MIN_DIR_ENTRIES: usize = 16;
/// Most term shards in a term directory page.
pub const MAX_DIR_ENTRIES: usize = 128;
