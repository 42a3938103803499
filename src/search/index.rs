//! The positional inverted index: documents, a term dictionary (hash map for
//! exact look-ups, a sorted array of term ids rebuilt lazily plus a short
//! list of recent terms for prefix and edit-distance look-ups), English stems,
//! and compact postings.
//!
//! The sorted array is walked like a trie: [`Index::automaton_terms`] keeps
//! the automaton's state for each byte of the current term, so a term shares
//! the work of the prefix it has in common with the previous one, and a
//! prefix the automaton rejects skips every term that starts with it by one
//! binary search. That is what an `fst` would do, without building one (a
//! sort instead of a sort plus a build) and without its code in the wasm
//! (the crate and its CRC tables were ~36 KiB of the search-only download).
//!
//! Postings of a term are one byte vector of entries in increasing internal
//! document number: `varint(doc delta) varint(count) count × varint(position
//! delta)`. A position is `field << 24 | token index`, so one sorted list
//! holds every field and phrases never cross fields. Removing a document
//! leaves a tombstone; postings are compacted when tombstones pile up.

use super::analysis::{occurrences, Lang, TermStemmer};
use super::highlight::TextMarks;
use super::{DocFields, Document, Field, NFIELDS};
use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::OnceLock;

pub use crate::text::hash::{FxHasher, FxMap};
pub use crate::text::varint::{get_varint, put_varint};

/// Bits of a position that hold the token index (the field is above them).
pub const POS_BITS: u32 = 24;
const POS_MASK: u32 = (1 << POS_BITS) - 1;
/// Gap between two values of a multi-valued field (so phrases never join them).
const VALUE_GAP: u32 = 8;

/// The field of a global position.
pub fn pos_field(p: u32) -> u8 {
    (p >> POS_BITS) as u8
}

/// Makes a global position.
pub fn make_pos(field: Field, ti: u32) -> u32 {
    ((field as u32) << POS_BITS) | ti.min(POS_MASK)
}

/// One document as stored: the document, its extracted fields, its field lengths.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDoc {
    /// The document.
    pub doc: Document,
    /// Its extracted fields.
    pub fields: DocFields,
    /// Number of terms in each field.
    pub lens: [u32; NFIELDS],
    /// The language of the text (from `doc.lang`): whether English stems match it.
    pub lang: Lang,
    /// Where the title's tokens are (for highlights), made on the second
    /// highlighted read (see [`StoredDoc::highlight_marks`]).
    title_marks: OnceLock<TextMarks>,
    /// Where the body's tokens are (for highlights and snippets), made on
    /// the second highlighted read (see [`StoredDoc::highlight_marks`]):
    /// loading a saved index does not pay for them.
    body_marks: OnceLock<TextMarks>,
    /// Set by the first highlighted read of this document.
    read_once: OnceLock<()>,
    /// Set by the second highlighted read of this document.
    read_twice: OnceLock<()>,
}

impl StoredDoc {
    /// A stored document; the marks of its title and body are made when
    /// first asked for.
    pub fn new(doc: Document, fields: DocFields, lens: [u32; NFIELDS]) -> StoredDoc {
        StoredDoc {
            lang: Lang::from_tag(doc.lang.as_deref()),
            title_marks: OnceLock::new(),
            body_marks: OnceLock::new(),
            read_once: OnceLock::new(),
            read_twice: OnceLock::new(),
            doc,
            fields,
            lens,
        }
    }

    /// Where the title's tokens are (see [`TextMarks`]).
    pub fn title_marks(&self) -> &TextMarks {
        self.title_marks
            .get_or_init(|| TextMarks::new(&self.doc.title))
    }

    /// Where the body's tokens are (see [`TextMarks`]).
    pub fn body_marks(&self) -> &TextMarks {
        self.body_marks
            .get_or_init(|| TextMarks::new(&self.doc.text))
    }

    /// The marks a highlighted search places its matches with, title then
    /// body. Making a text's marks is one walk over it, and placing matches
    /// without them is one walk too (from the text start, every chunk's
    /// tokens counted as it goes), the same result (checkpoints are exact
    /// resume points). So a text short enough that the walk can neither
    /// meet a chunk too long to tokenize nor exceed the scan budget
    /// ([`TextMarks::MAX_UNMARKED`]) is walked without marks the first two
    /// times it is shown, and gets them the third time: making them costs a
    /// whole walk, and a walk with them still reaches the last match, so
    /// they save work only from their second use. A document shown once or
    /// twice costs one walk per showing.
    pub fn highlight_marks<'a>(&'a self) -> (Cow<'a, TextMarks>, Cow<'a, TextMarks>) {
        let early = self.read_once.set(()).is_ok() || self.read_twice.set(()).is_ok();
        let pick = |text: &'_ str, lock: &'a OnceLock<TextMarks>| -> Cow<'a, TextMarks> {
            match lock.get() {
                Some(m) => Cow::Borrowed(m),
                None if early && text.len() <= TextMarks::MAX_UNMARKED => {
                    Cow::Owned(TextMarks::unmarked(text))
                }
                None => Cow::Borrowed(lock.get_or_init(|| TextMarks::new(text))),
            }
        };
        (
            pick(&self.doc.title, &self.title_marks),
            pick(&self.doc.text, &self.body_marks),
        )
    }
}

/// A dictionary term.
#[derive(Debug, Clone, Default)]
pub struct Term {
    /// The folded term.
    pub text: String,
    /// Number of live documents that contain it.
    pub df: u32,
    /// Internal number of the last document in `postings` (`u32::MAX`: none).
    pub last_doc: u32,
    /// Encoded postings (see the module documentation).
    pub postings: Vec<u8>,
}

/// [`get_varint`] with the one-byte case (most deltas and counts) inline.
#[inline(always)]
fn varint(buf: &[u8], at: &mut usize) -> Option<u64> {
    match buf.get(*at) {
        Some(&b) if b < 0x80 => {
            *at += 1;
            Some(u64::from(b))
        }
        _ => get_varint(buf, at),
    }
}

/// Decodes the entries of one postings list.
pub struct PostingsIter<'a> {
    buf: &'a [u8],
    at: usize,
    doc: u64,
    first: bool,
}

impl<'a> PostingsIter<'a> {
    /// Iterates over `buf`.
    pub fn new(buf: &'a [u8]) -> Self {
        PostingsIter {
            buf,
            at: 0,
            doc: 0,
            first: true,
        }
    }

    /// Resumes reading at byte `at` of `buf`, where [`PostingsIter::offset`]
    /// was after the entry of document `doc` was read: its positions (with
    /// [`PostingsIter::positions_each`]) and the entries after it.
    pub fn resume(buf: &'a [u8], at: usize, doc: u32) -> Self {
        PostingsIter {
            buf,
            at,
            doc: u64::from(doc),
            first: false,
        }
    }

    /// The byte offset read up to.
    pub fn offset(&self) -> usize {
        self.at
    }

    /// True when every byte was read.
    pub fn at_end(&self) -> bool {
        self.at >= self.buf.len()
    }

    /// The next entry: its document, with its positions written to `pos`
    /// (cleared first). `None` at the end or on malformed bytes.
    pub fn next_into(&mut self, pos: &mut Vec<u32>) -> Option<u32> {
        let (doc, n) = self.next_doc()?;
        self.positions_into(n, pos)?;
        Some(doc)
    }

    /// The next entry's document and number of positions, leaving the
    /// positions unread: the caller must then call [`PostingsIter::positions_into`]
    /// or [`PostingsIter::skip_positions`] with that number before the next
    /// entry. `None` at the end or on malformed bytes.
    pub fn next_doc(&mut self) -> Option<(u32, u64)> {
        if self.at >= self.buf.len() {
            return None;
        }
        let d = varint(self.buf, &mut self.at)?;
        self.doc = if self.first {
            d
        } else {
            self.doc.checked_add(d)?
        };
        self.first = false;
        let n = varint(self.buf, &mut self.at)?;
        Some((u32::try_from(self.doc).ok()?, n))
    }

    /// Reads the `n` positions of the entry [`PostingsIter::next_doc`] just
    /// gave into `pos` (cleared first). `None` on malformed bytes.
    pub fn positions_into(&mut self, n: u64, pos: &mut Vec<u32>) -> Option<()> {
        pos.clear();
        let mut p: u64 = 0;
        for _ in 0..n {
            p = p.checked_add(varint(self.buf, &mut self.at)?)?;
            pos.push(u32::try_from(p).ok()?);
        }
        Some(())
    }

    /// Reads the `n` positions of the entry [`PostingsIter::next_doc`] just
    /// gave, calling `each` on every one in order, without storing them.
    /// `None` on malformed bytes (after `each` saw the positions before them).
    #[inline]
    pub fn positions_each(&mut self, n: u64, mut each: impl FnMut(u32)) -> Option<()> {
        let mut p: u64 = 0;
        for _ in 0..n {
            p = p.checked_add(varint(self.buf, &mut self.at)?)?;
            each(u32::try_from(p).ok()?);
        }
        Some(())
    }

    /// Steps over the `n` positions of the entry [`PostingsIter::next_doc`]
    /// just gave, without decoding them (a varint ends at a byte below
    /// 0x80). `None` when the bytes end first.
    pub fn skip_positions(&mut self, n: u64) -> Option<()> {
        let mut left = n;
        // eight bytes at a time while they end no more varints than are
        // left: each byte below 0x80 ends one (a long list is stepped over
        // in an eighth of the steps; the bytewise loop finishes)
        while left >= 8 {
            let Some(chunk) = self.buf.get(self.at..self.at + 8) else {
                break;
            };
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            let ends = u64::from((!u64::from_le_bytes(b) & 0x8080_8080_8080_8080).count_ones());
            if ends > left {
                break;
            }
            left -= ends;
            self.at += 8;
        }
        while left > 0 {
            let &b = self.buf.get(self.at)?;
            self.at += 1;
            left -= u64::from(b < 0x80);
        }
        Some(())
    }
}

/// A lazily rebuilt dictionary over the first `upto` terms (by term id):
/// their texts in increasing byte order, in one buffer (a walk reads them
/// in order from contiguous memory), with their ids.
#[derive(Default)]
pub struct FstCache {
    /// The sorted terms, when built.
    pub map: Option<SortedTerms>,
    /// Terms with an id below this are in `map`.
    pub upto: u32,
}

/// Term texts in increasing byte order: the `k`-th is
/// `bytes[ends[k - 1]..ends[k]]`, and its term id is `ids[k]`.
#[derive(Default)]
pub struct SortedTerms {
    ids: Vec<u32>,
    ends: Vec<u32>,
    bytes: Vec<u8>,
}

impl SortedTerms {
    /// The `k`-th term's bytes (empty past the end).
    fn text(&self, k: usize) -> &[u8] {
        let start = match k.checked_sub(1) {
            Some(p) => self.ends.get(p).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(k).copied().unwrap_or(start);
        self.bytes.get(start as usize..end as usize).unwrap_or(&[])
    }

    fn len(&self) -> usize {
        self.ids.len()
    }

    /// The first position at or after `from` (below `to`) whose term does not
    /// start with `p`, given that the terms from `from` that do are one block
    /// (they are sorted): galloping, so a short block costs a few steps.
    fn block_end(&self, from: usize, to: usize, p: &[u8]) -> usize {
        let has = |k: usize| self.text(k).starts_with(p);
        let mut lo = from;
        let mut step = 1;
        // find an upper bound by doubling
        let mut hi = loop {
            let probe = lo.saturating_add(step);
            if probe >= to {
                break to;
            }
            if !has(probe) {
                break probe;
            }
            lo = probe;
            step *= 2;
        };
        // invariant: has(lo) (or lo == from), !has(hi) or hi == to
        while lo + 1 < hi {
            let mid = lo + (hi - lo) / 2;
            if has(mid) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        if has(lo) {
            hi
        } else {
            lo
        }
    }

    /// The first position whose term is not below `p`.
    fn lower_bound(&self, p: &[u8]) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.text(mid) < p {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }
}

impl std::fmt::Debug for FstCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FstCache")
    }
}

/// A byte automaton run over the dictionary (the shape of
/// `fst::Automaton`): terms whose bytes lead from `start` to a state where
/// `is_match` holds are accepted; `can_match` false prunes every term that
/// continues the bytes read so far. `is_match` must imply `can_match`.
pub trait Automaton {
    /// The state after some bytes.
    type State: Clone;
    /// The state before any byte.
    fn start(&self) -> Self::State;
    /// Whether the bytes read so far are accepted.
    fn is_match(&self, s: &Self::State) -> bool;
    /// Whether some continuation of the bytes read so far can be accepted.
    fn can_match(&self, s: &Self::State) -> bool;
    /// The state after one more byte.
    fn accept(&self, s: &Self::State, b: u8) -> Self::State;
    /// Bytes every accepted term starts with (the walk seeks to them).
    fn literal_prefix(&self) -> &[u8] {
        &[]
    }
}

/// Terms that start with a prefix.
pub struct Prefix<'a>(pub &'a [u8]);

impl Automaton for Prefix<'_> {
    /// Bytes of the prefix matched so far, or `None` once one differed.
    type State = Option<usize>;
    fn start(&self) -> Option<usize> {
        Some(0)
    }
    fn is_match(&self, s: &Option<usize>) -> bool {
        *s == Some(self.0.len())
    }
    fn can_match(&self, s: &Option<usize>) -> bool {
        s.is_some()
    }
    fn literal_prefix(&self) -> &[u8] {
        self.0
    }
    fn accept(&self, s: &Option<usize>, b: u8) -> Option<usize> {
        let n = (*s)?;
        match self.0.get(n) {
            None => Some(n),
            Some(&p) if p == b => Some(n + 1),
            Some(_) => None,
        }
    }
}

/// The people, organizations and places of every document as numbers, for
/// counting facets without hashing strings: made on the first search,
/// extended for documents added since (documents are only appended; a
/// compaction, which renumbers them, drops the table).
#[derive(Debug, Default)]
pub struct FacetTable {
    /// Documents covered (internal numbers below this).
    pub upto: usize,
    /// Each facet's values by number: people, organizations, places.
    pub names: [Vec<String>; 3],
    lookup: [FxMap<String, u32>; 3],
    /// Each document's distinct values, per facet.
    pub per_doc: Vec<[Vec<u32>; 3]>,
    /// The values' folded words and sorted order, for merging short forms.
    pub prep: super::facet_alias::Prep,
}

impl FacetTable {
    /// Covers every document of `docs`.
    pub fn refresh(&mut self, docs: &[Option<StoredDoc>]) {
        if self.per_doc.len() != self.upto || self.upto > docs.len() {
            *self = FacetTable::default();
        }
        for d in docs.iter().skip(self.upto) {
            let mut ids: [Vec<u32>; 3] = Default::default();
            if let Some(s) = d {
                let lists = [&s.fields.people, &s.fields.orgs, &s.fields.places];
                for (k, vals) in lists.into_iter().enumerate() {
                    let (Some(names), Some(lookup), Some(out)) = (
                        self.names.get_mut(k),
                        self.lookup.get_mut(k),
                        ids.get_mut(k),
                    ) else {
                        continue;
                    };
                    let prep = &mut self.prep;
                    for v in vals {
                        let id = *lookup.entry(v.clone()).or_insert_with(|| {
                            prep.add(k, v);
                            names.push(v.clone());
                            names.len() as u32 - 1
                        });
                        if !out.contains(&id) {
                            out.push(id);
                        }
                    }
                }
            }
            self.per_doc.push(ids);
        }
        self.upto = docs.len();
    }
}

/// Recent terms (not yet in the sorted dictionary) scanned linearly before a rebuild.
const MAX_RECENT: u32 = 512;

/// The index proper.
#[derive(Debug, Default)]
pub struct Index {
    /// Documents by internal number (`None`: removed).
    pub docs: Vec<Option<StoredDoc>>,
    /// Internal number of each live document id.
    pub by_id: FxMap<String, u32>,
    /// Sum of each field's length over live documents.
    pub field_len_sum: [u64; NFIELDS],
    /// Terms by id.
    pub terms: Vec<Term>,
    /// Term id of each term.
    pub term_ids: FxMap<String, u32>,
    /// Term ids of each English stem.
    pub stems: FxMap<String, Vec<u32>>,
    /// The stemmer.
    pub stemmer: TermStemmer,
    /// The prefix / edit-distance dictionary.
    pub fst: RefCell<FstCache>,
    /// The facet values of each document as numbers, made lazily.
    pub facets: RefCell<FacetTable>,
    /// Number of removed documents whose postings remain.
    pub deleted: u32,
    /// Documents that ranking counts (IDF, average field lengths) when this
    /// index is a partial view of a larger one (the sharded reader); `None`:
    /// the live documents.
    pub ranking_docs: Option<u64>,
    /// Postings of a loaded index still in their saved form, decoded per
    /// term on first read (see [`Index::postings`]); `None`: every term's
    /// postings are in [`Term::postings`].
    pub lazy: Option<Box<dyn PostingsSource>>,
    /// The state of a loaded index's terms (see [`LoadedTerms`]).
    pub loaded: LoadedTerms,
    /// What ranking reads of each document for every posting, made by
    /// ranking on first use (see [`RankCache`]).
    pub rank_cache: RefCell<RankCache>,
    /// Bumped by every change to the documents (insert, remove, compact), so
    /// that caches over them know when they are stale.
    pub changes: u64,
}

/// What ranking reads of a document for each of its postings entries,
/// packed apart from [`StoredDoc`] (hundreds of bytes, one cache miss per
/// entry when read there): a field's BM25F length norm and two flags.
#[derive(Debug, Clone, Copy, Default)]
pub struct DocRank {
    /// Per field, the length norm `max(1 - b + b·len/avg, 0.05)`, computed
    /// by ranking exactly as it would per entry.
    pub norm: [f32; NFIELDS],
    /// [`DocRank::LIVE`] and [`DocRank::STEMS`] bits.
    pub flags: u8,
}

impl DocRank {
    /// The document is stored (not removed).
    pub const LIVE: u8 = 1;
    /// English stems may match it (its language stems).
    pub const STEMS: u8 = 2;
}

/// Per-document ranking values ([`DocRank`]) with the state of the index
/// they were made for: valid while [`Index::changes`], the number of
/// documents, the field length sums and the ranking count are the same.
#[derive(Debug, Default)]
pub struct RankCache {
    key: Option<(u64, usize, [u64; NFIELDS], u64)>,
    docs: std::sync::Arc<[DocRank]>,
}

impl Index {
    /// The per-document ranking values, made with `make` (one value per
    /// stored document slot) when the index changed since they were last made.
    pub fn doc_ranks(
        &self,
        make: impl FnOnce(&Index) -> Vec<DocRank>,
    ) -> std::sync::Arc<[DocRank]> {
        let key = (
            self.changes,
            self.docs.len(),
            self.field_len_sum,
            self.ranking_n(),
        );
        let mut cache = self.rank_cache.borrow_mut();
        if cache.key != Some(key) {
            cache.docs = make(self).into();
            cache.key = Some(key);
        }
        std::sync::Arc::clone(&cache.docs)
    }
}

/// Postings kept elsewhere than in [`Term::postings`] (a loaded index's
/// saved bit streams), decoded into the in-memory form on request.
pub trait PostingsSource: std::fmt::Debug + Send + Sync {
    /// The postings of term `id` (see the module documentation); empty for
    /// an unknown id or bytes that do not decode.
    fn get(&self, id: u32) -> &[u8];
}

/// The terms of a loaded index before anything changes it: in strictly
/// increasing byte order, with [`Index::term_ids`] and [`Index::stems`] not
/// built. Look-ups binary-search the sorted terms and the stems are grouped
/// on first use (stemming every term was a large part of a load); any
/// change to the index builds both first.
#[derive(Debug, Default)]
pub struct LoadedTerms {
    sorted_only: bool,
    stems: OnceLock<FxMap<String, Vec<u32>>>,
}

impl Index {
    /// Number of live documents.
    pub fn live(&self) -> usize {
        self.by_id.len()
    }

    /// Number of documents ranking counts: [`Index::ranking_docs`] when set,
    /// else the live documents.
    pub fn ranking_n(&self) -> u64 {
        self.ranking_docs.unwrap_or(self.live() as u64)
    }

    /// Average length of a field over live documents (at least 1).
    pub fn avg_len(&self, f: usize) -> f32 {
        let n = self.ranking_n().max(1) as f64;
        let sum = self.field_len_sum.get(f).copied().unwrap_or(0) as f64;
        ((sum / n) as f32).max(1.0)
    }

    /// Term id of a folded term.
    pub fn term_id(&self, t: &str) -> Option<u32> {
        if self.loaded.sorted_only {
            return self
                .terms
                .binary_search_by(|x| x.text.as_str().cmp(t))
                .ok()
                .map(|i| i as u32);
        }
        self.term_ids.get(t).copied()
    }

    /// Ids of the terms whose English stem is `stem`.
    pub fn stem_terms(&self, stem: &str) -> &[u32] {
        let map = if self.loaded.sorted_only {
            self.loaded.stems.get_or_init(|| self.group_stems())
        } else {
            &self.stems
        };
        map.get(stem).map_or(&[], Vec::as_slice)
    }

    fn group_stems(&self) -> FxMap<String, Vec<u32>> {
        let mut stems: FxMap<String, Vec<u32>> = FxMap::default();
        for (i, t) in self.terms.iter().enumerate() {
            stems
                .entry(self.stemmer.stem(&t.text))
                .or_default()
                .push(i as u32);
        }
        stems
    }

    /// The postings of term `id` (see the module documentation), decoded
    /// from the saved form on first read when the index was loaded.
    pub fn postings(&self, id: u32) -> &[u8] {
        match self.terms.get(id as usize) {
            Some(t) => self.term_postings_at(t, id),
            None => &[],
        }
    }

    /// The postings of `t`, a term of this index (see [`Index::postings`]).
    pub fn term_postings<'a>(&'a self, t: &'a Term) -> &'a [u8] {
        if !t.postings.is_empty() || self.lazy.is_none() {
            return &t.postings;
        }
        match self.term_id(&t.text) {
            Some(id) => self.term_postings_at(t, id),
            None => &t.postings,
        }
    }

    fn term_postings_at<'a>(&'a self, t: &'a Term, id: u32) -> &'a [u8] {
        match &self.lazy {
            Some(l) if t.postings.is_empty() => l.get(id),
            _ => &t.postings,
        }
    }

    /// Makes a loaded index changeable: every term's postings decoded into
    /// [`Term::postings`], the term map and the stems built.
    fn make_mutable(&mut self) {
        if let Some(lazy) = self.lazy.take() {
            for (i, t) in self.terms.iter_mut().enumerate() {
                if t.postings.is_empty() {
                    t.postings = lazy.get(i as u32).to_vec();
                }
            }
        }
        if self.loaded.sorted_only {
            self.stems = self
                .loaded
                .stems
                .take()
                .unwrap_or_else(|| self.group_stems());
            self.term_ids = FxMap::default();
            self.term_ids.reserve(self.terms.len());
            for (i, t) in self.terms.iter().enumerate() {
                self.term_ids.insert(t.text.clone(), i as u32);
            }
            self.loaded.sorted_only = false;
        }
    }

    /// The term with id `id`.
    pub fn term(&self, id: u32) -> Option<&Term> {
        self.terms.get(id as usize)
    }

    /// Appends a complete term (used when loading an index).
    pub fn push_term(&mut self, term: Term) {
        self.make_mutable();
        let id = self.terms.len() as u32;
        self.term_ids.insert(term.text.clone(), id);
        let stem = self.stemmer.stem(&term.text);
        self.stems.entry(stem).or_default().push(id);
        self.terms.push(term);
    }

    /// Sets the terms of a loaded index, given in strictly increasing byte
    /// order (as the saved dictionary holds them; the loaders check it): ids
    /// follow that order, so a term is found by a binary search, and the
    /// term map and the stems are made only when something needs
    /// them (a change, a stemmed look-up, a prefix or typo look-up: the fst
    /// is built from the terms as they are, already sorted).
    pub fn load_sorted_terms(&mut self, terms: Vec<Term>) {
        let sorted = terms.windows(2).all(|w| match w {
            [a, b] => a.text < b.text,
            _ => true,
        });
        self.terms = Vec::new();
        self.term_ids = FxMap::default();
        self.stems = FxMap::default();
        self.loaded.stems = OnceLock::new();
        *self.fst.borrow_mut() = FstCache::default();
        if sorted {
            self.terms = terms;
            self.loaded.sorted_only = true;
        } else {
            self.loaded.sorted_only = false;
            for t in terms {
                self.push_term(t);
            }
        }
    }

    fn intern(&mut self, t: &str) -> u32 {
        if let Some(&id) = self.term_ids.get(t) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.terms.push(Term {
            text: t.to_string(),
            df: 0,
            last_doc: u32::MAX,
            postings: Vec::new(),
        });
        self.term_ids.insert(t.to_string(), id);
        let stem = self.stemmer.stem(t);
        self.stems.entry(stem).or_default().push(id);
        id
    }

    /// Positions of every term of a document (title, body, extracted fields),
    /// and the length of each field.
    pub fn doc_terms(
        doc: &Document,
        fields: &DocFields,
    ) -> (FxMap<String, Vec<u32>>, [u32; NFIELDS]) {
        let mut map: FxMap<String, Vec<u32>> = FxMap::default();
        let mut lens = [0u32; NFIELDS];
        let mut add_text =
            |field: Field, text: &str, base: u32, lens: &mut [u32; NFIELDS]| -> u32 {
                let occ = occurrences(text);
                let mut max_pos = 0;
                for o in occ {
                    if !o.part {
                        lens[field as usize] += 1;
                    }
                    max_pos = max_pos.max(o.pos + 1);
                    map.entry(o.term)
                        .or_default()
                        .push(make_pos(field, base.saturating_add(o.pos)));
                }
                max_pos
            };
        add_text(Field::Title, &doc.title, 0, &mut lens);
        add_text(Field::Body, &doc.text, 0, &mut lens);
        for (field, values) in fields.by_field() {
            let mut base = 0;
            for v in values {
                let n = add_text(field, v, base, &mut lens);
                base = base.saturating_add(n + VALUE_GAP);
            }
        }
        for ps in map.values_mut() {
            ps.sort_unstable();
            ps.dedup();
        }
        (map, lens)
    }

    /// Adds a document (its id must not be present).
    pub fn insert(&mut self, doc: Document, fields: DocFields) {
        self.make_mutable();
        let (terms, lens) = Self::doc_terms(&doc, &fields);
        let num = self.docs.len() as u32;
        let mut sorted: Vec<(String, Vec<u32>)> = terms.into_iter().collect();
        crate::text::sort::sort_by_hot(&mut sorted, |a, b| a.0.cmp(&b.0));
        for (t, ps) in sorted {
            let id = self.intern(&t);
            if let Some(term) = self.terms.get_mut(id as usize) {
                let delta = if term.last_doc == u32::MAX {
                    num
                } else {
                    num - term.last_doc
                };
                put_varint(&mut term.postings, u64::from(delta));
                put_varint(&mut term.postings, ps.len() as u64);
                let mut prev = 0u32;
                for p in ps {
                    put_varint(&mut term.postings, u64::from(p - prev));
                    prev = p;
                }
                term.last_doc = num;
                term.df += 1;
            }
        }
        for (s, l) in self.field_len_sum.iter_mut().zip(lens.iter()) {
            *s += u64::from(*l);
        }
        self.by_id.insert(doc.id.clone(), num);
        self.docs.push(Some(StoredDoc::new(doc, fields, lens)));
        self.changes += 1;
    }

    /// Removes the document with this id; true if it was there.
    pub fn remove(&mut self, id: &str) -> bool {
        if !self.by_id.contains_key(id) {
            return false;
        }
        self.make_mutable();
        let Some(num) = self.by_id.remove(id) else {
            return false;
        };
        let Some(stored) = self.docs.get_mut(num as usize).and_then(Option::take) else {
            return false;
        };
        self.changes += 1;
        let (terms, lens) = Self::doc_terms(&stored.doc, &stored.fields);
        for t in terms.keys() {
            if let Some(&tid) = self.term_ids.get(t) {
                if let Some(term) = self.terms.get_mut(tid as usize) {
                    term.df = term.df.saturating_sub(1);
                }
            }
        }
        for (s, l) in self.field_len_sum.iter_mut().zip(lens.iter()) {
            *s = s.saturating_sub(u64::from(*l));
        }
        self.deleted += 1;
        if self.deleted >= 64 && self.deleted as usize * 2 > self.docs.len() {
            self.compact();
        }
        true
    }

    /// Rewrites postings without removed documents, renumbering documents and
    /// dropping terms no live document uses.
    pub fn compact(&mut self) {
        if self.deleted == 0 {
            return;
        }
        self.make_mutable();
        let mut remap: Vec<u32> = Vec::with_capacity(self.docs.len());
        let mut next = 0u32;
        for d in &self.docs {
            if d.is_some() {
                remap.push(next);
                next += 1;
            } else {
                remap.push(u32::MAX);
            }
        }
        let old_terms = std::mem::take(&mut self.terms);
        self.term_ids.clear();
        self.stems.clear();
        let mut pos = Vec::new();
        for t in old_terms {
            if t.df == 0 {
                continue;
            }
            let postings = remap_postings(&t.postings, &remap, &mut pos);
            let id = self.intern(&t.text);
            if let Some(nt) = self.terms.get_mut(id as usize) {
                nt.df = t.df;
                nt.last_doc = postings.1;
                nt.postings = postings.0;
            }
        }
        self.docs.retain(Option::is_some);
        for (k, v) in self.by_id.iter_mut() {
            let _ = k;
            *v = remap.get(*v as usize).copied().unwrap_or(u32::MAX);
        }
        self.deleted = 0;
        self.changes += 1;
        *self.fst.borrow_mut() = FstCache::default();
        *self.facets.borrow_mut() = FacetTable::default();
    }

    /// Makes sure the sorted dictionary covers all but a few recent terms.
    pub fn refresh_fst(&self) {
        let n = self.terms.len() as u32;
        let mut cache = self.fst.borrow_mut();
        if n.saturating_sub(cache.upto) <= MAX_RECENT && (cache.map.is_some() || n <= MAX_RECENT) {
            return;
        }
        let mut ids: Vec<u32> = (0..n).collect();
        let text = |id: &u32| self.terms.get(*id as usize).map_or("", |t| t.text.as_str());
        // a loaded index's terms are already in order (a linear check);
        // terms are unique (interned), so an unstable sort gives one order
        if !ids
            .windows(2)
            .all(|w| matches!(w, [a, b] if text(a) < text(b)))
        {
            crate::text::sort::sort_by_hot(&mut ids, |a, b| text(a).cmp(text(b)));
            ids.dedup_by(|a, b| text(a) == text(b));
        }
        let mut sorted = SortedTerms {
            ends: Vec::with_capacity(ids.len()),
            bytes: Vec::new(),
            ids: Vec::new(),
        };
        for id in &ids {
            sorted.bytes.extend_from_slice(text(id).as_bytes());
            sorted.ends.push(sorted.bytes.len() as u32);
        }
        sorted.ids = ids;
        cache.map = Some(sorted);
        cache.upto = n;
    }

    /// Term ids accepted by an automaton, at most `limit`: dictionary terms
    /// in byte order, then matching recent terms (`recent_ok`) by id.
    pub fn automaton_terms<A: Automaton>(
        &self,
        aut: A,
        recent_ok: impl Fn(&str) -> bool,
        limit: usize,
    ) -> Vec<u32> {
        self.refresh_fst();
        let cache = self.fst.borrow();
        let mut out = Vec::new();
        if let Some(sorted) = &cache.map {
            let mut ranks = Vec::new();
            self.walk(sorted, &aut, limit, &mut ranks);
            out.extend(ranks.iter().filter_map(|&k| sorted.ids.get(k).copied()));
        }
        let from = if cache.map.is_some() { cache.upto } else { 0 };
        for (i, t) in self.terms.iter().enumerate().skip(from as usize) {
            if out.len() >= limit {
                break;
            }
            if recent_ok(&t.text) {
                out.push(i as u32);
            }
        }
        out
    }

    /// The terms within `aut`'s edits of its query, at most `limit`: what
    /// [`Index::automaton_terms`] gives for it (accepting the recent terms
    /// within the edits), found faster when two edits are allowed. An edit
    /// of the first byte then costs both, so a term that starts with
    /// another byte is the query with one first-byte edit and the rest
    /// exact: another first byte, or one more before it, the first byte
    /// dropped, or the first two swapped. Those few are looked up in each
    /// block of the dictionary's first bytes; only the block of the
    /// query's first byte is walked, where a walk over every term stepped
    /// into every block.
    pub fn edit_terms(&self, aut: &EditDistance, limit: usize) -> Vec<u32> {
        let ok = |t: &str| aut.distance(t).is_some();
        let q = aut.query.as_slice();
        let Some(&first) = q.first() else {
            return self.automaton_terms(aut.clone(), ok, limit);
        };
        if aut.max < 2 {
            return self.automaton_terms(aut.clone(), ok, limit);
        }
        self.refresh_fst();
        let cache = self.fst.borrow();
        let mut out = Vec::new();
        if let Some(sorted) = &cache.map {
            let mut ranks = Vec::new();
            self.walk(sorted, &FirstByte(aut), limit, &mut ranks);
            let rest = q.get(1..).unwrap_or(&[]);
            let mut swapped = q.to_vec();
            swapped.swap(0, 1.min(q.len() - 1));
            let mut cand: Vec<u8> = Vec::with_capacity(q.len() + 1);
            let look = |cand: &[u8], ranks: &mut Vec<usize>| {
                if cand.first().map_or(true, |&b| b == first) {
                    return;
                }
                let k = sorted.lower_bound(cand);
                if sorted.text(k) == cand
                    && std::str::from_utf8(cand).is_ok_and(|t| aut.distance(t).is_some())
                {
                    ranks.push(k);
                }
            };
            look(rest, &mut ranks);
            look(&swapped, &mut ranks);
            let mut i = 0;
            while i < sorted.len() {
                let Some(&b) = sorted.text(i).first() else {
                    i += 1;
                    continue;
                };
                let end = sorted.block_end(i, sorted.len(), &[b]).max(i + 1);
                if b != first {
                    for tail in [rest, q] {
                        cand.clear();
                        cand.push(b);
                        cand.extend_from_slice(tail);
                        look(&cand, &mut ranks);
                    }
                }
                i = end;
            }
            ranks.sort_unstable();
            ranks.dedup();
            ranks.truncate(limit);
            out.extend(ranks.iter().filter_map(|&k| sorted.ids.get(k).copied()));
        }
        let from = if cache.map.is_some() { cache.upto } else { 0 };
        for (i, t) in self.terms.iter().enumerate().skip(from as usize) {
            if out.len() >= limit {
                break;
            }
            if ok(&t.text) {
                out.push(i as u32);
            }
        }
        out
    }

    /// The trie walk of `aut` over `sorted`, from the block of its literal
    /// prefix: `states[k]` is the state after the current term's first `k`
    /// bytes, kept for the next term's common prefix; a rejected prefix skips
    /// its whole block of terms (galloping). Each byte of each visited term
    /// past the common prefix costs one step, as in a trie.
    fn walk<A: Automaton>(
        &self,
        sorted: &SortedTerms,
        aut: &A,
        limit: usize,
        out: &mut Vec<usize>,
    ) {
        let lit = aut.literal_prefix();
        let mut i = sorted.lower_bound(lit);
        let end = if lit.is_empty() {
            sorted.len()
        } else {
            sorted.block_end(i, sorted.len(), lit)
        };
        let mut states = vec![aut.start()];
        let mut prev: &[u8] = &[];
        while out.len() < limit && i < end {
            let t = sorted.text(i);
            let common = prev.iter().zip(t).take_while(|(a, b)| a == b).count();
            states.truncate(common.min(states.len() - 1) + 1);
            let mut dead = None;
            for k in states.len() - 1..t.len() {
                let Some(s) = states.last() else { break };
                if !aut.can_match(s) {
                    dead = Some(k);
                    break;
                }
                let next = aut.accept(s, t.get(k).copied().unwrap_or(0));
                states.push(next);
            }
            prev = t;
            match dead {
                None => {
                    if states.last().is_some_and(|s| aut.is_match(s)) {
                        out.push(i);
                    }
                    i += 1;
                }
                Some(0) => break,
                Some(k) => {
                    // every term in this block starts with the rejected prefix
                    let p = t.get(..k).unwrap_or(t);
                    i = sorted.block_end(i, end, p).max(i + 1);
                }
            }
        }
    }
}

/// Re-encodes postings with documents renumbered by `remap` (`u32::MAX`:
/// dropped); returns the bytes and the last document number.
pub fn remap_postings(buf: &[u8], remap: &[u32], pos: &mut Vec<u32>) -> (Vec<u8>, u32) {
    let mut out = Vec::with_capacity(buf.len());
    let mut it = PostingsIter::new(buf);
    let mut last = u32::MAX;
    while let Some(doc) = it.next_into(pos) {
        let Some(&nd) = remap.get(doc as usize) else {
            continue;
        };
        if nd == u32::MAX {
            continue;
        }
        let delta = if last == u32::MAX { nd } else { nd - last };
        put_varint(&mut out, u64::from(delta));
        put_varint(&mut out, pos.len() as u64);
        let mut prev = 0;
        for &p in pos.iter() {
            put_varint(&mut out, u64::from(p - prev));
            prev = p;
        }
        last = nd;
    }
    (out, last)
}

/// An [`EditDistance`] walked only over the terms that start with its
/// query's first byte (see [`Index::edit_terms`]).
struct FirstByte<'a>(&'a EditDistance);

impl Automaton for FirstByte<'_> {
    type State = EdState;

    fn literal_prefix(&self) -> &[u8] {
        self.0.query.get(..1).unwrap_or(&[])
    }

    fn start(&self) -> EdState {
        self.0.start()
    }

    fn is_match(&self, s: &EdState) -> bool {
        self.0.is_match(s)
    }

    fn can_match(&self, s: &EdState) -> bool {
        self.0.can_match(s)
    }

    fn accept(&self, s: &EdState, b: u8) -> EdState {
        self.0.accept(s, b)
    }
}

/// An edit-distance automaton over bytes (insertions, deletions,
/// substitutions and transpositions), simulated row by row for dictionary walks.
///
/// As in other search engines, an edit that changes the first character
/// counts double: with one typo allowed the first letter must be right, with
/// two it may be wrong if nothing else is. This keeps fuzzy look-ups fast and
/// their matches plausible.
#[derive(Debug, Clone)]
pub struct EditDistance {
    query: Vec<u8>,
    max: u8,
}

/// Longest query accepted by [`EditDistance`].
pub const MAX_FUZZY_BYTES: usize = 40;

/// Widest band of the DP row that can hold values within two edits.
const BAND: usize = 5;

/// Automaton state: the band of the last two DP rows (cells `depth - max ..=
/// depth + max`; every other cell is beyond the bound) and the last byte read.
#[derive(Clone, Copy)]
pub struct EdState {
    prev: [u8; BAND],
    band: [u8; BAND],
    last: u8,
    depth: u32,
}

impl EditDistance {
    /// An automaton accepting terms within `max` (at most 2) edits of `query`
    /// (cut to [`MAX_FUZZY_BYTES`]).
    pub fn new(query: &str, max: u8) -> Self {
        let q = query.as_bytes();
        EditDistance {
            query: q.get(..q.len().min(MAX_FUZZY_BYTES)).unwrap_or(q).to_vec(),
            max: max.min(2),
        }
    }

    /// Edit distance between the query and `term`, if within the bound.
    pub fn distance(&self, term: &str) -> Option<u8> {
        let mut s = self.start();
        for &b in term.as_bytes() {
            if !self.can_match(&s) {
                return None;
            }
            s = self.accept(&s, b);
        }
        let d = self.cell(&s.band, s.depth, self.query.len() as i64);
        (d <= self.max).then_some(d)
    }

    fn cap(&self) -> u8 {
        self.max + 1
    }

    fn width(&self) -> usize {
        2 * self.max as usize + 1
    }

    /// Value of column `j` in a band of the row at `depth`.
    fn cell(&self, band: &[u8; BAND], depth: u32, j: i64) -> u8 {
        if j < 0 || j > self.query.len() as i64 {
            return self.cap();
        }
        let k = j - (i64::from(depth) - i64::from(self.max));
        if k < 0 || k >= self.width() as i64 {
            return self.cap();
        }
        band.get(k as usize).copied().unwrap_or(self.cap())
    }
}

/// Cost of an edit at query position `j` (0-based): double on the first character.
fn edit_cost(j: i64) -> u8 {
    if j == 0 {
        2
    } else {
        1
    }
}

impl Automaton for EditDistance {
    type State = EdState;

    /// With one edit allowed, the first byte: an edit there costs two.
    fn literal_prefix(&self) -> &[u8] {
        if self.max <= 1 {
            self.query.get(..1).unwrap_or(&[])
        } else {
            &[]
        }
    }

    fn start(&self) -> EdState {
        let cap = self.cap();
        let mut band = [cap; BAND];
        let mut v = 0u8;
        for (k, slot) in band.iter_mut().enumerate().take(self.width()) {
            let j = k as i64 - i64::from(self.max);
            if j < 0 || j > self.query.len() as i64 {
                continue;
            }
            if j > 0 {
                v = v.saturating_add(edit_cost(j - 1));
            }
            *slot = v.min(cap);
        }
        EdState {
            prev: [cap; BAND],
            band,
            last: 0,
            depth: 0,
        }
    }

    fn is_match(&self, s: &EdState) -> bool {
        self.cell(&s.band, s.depth, self.query.len() as i64) <= self.max
    }

    fn can_match(&self, s: &EdState) -> bool {
        s.band.iter().take(self.width()).any(|&v| v <= self.max)
    }

    fn accept(&self, s: &EdState, b: u8) -> EdState {
        let cap = self.cap();
        let n = self.query.len() as i64;
        let d = s.depth + 1;
        let mut band = [cap; BAND];
        for k in 0..self.width() {
            let j = i64::from(d) - i64::from(self.max) + k as i64;
            if j < 0 || j > n {
                continue;
            }
            let v = if j == 0 {
                // inserting a byte before the first query character
                self.cell(&s.band, s.depth, 0).saturating_add(2)
            } else {
                let qb = self.query.get((j - 1) as usize).copied().unwrap_or(0);
                let sub = if qb == b { 0 } else { edit_cost(j - 1) };
                let left = if k > 0 { band[k - 1] } else { cap };
                let mut v = self
                    .cell(&s.band, s.depth, j - 1)
                    .saturating_add(sub)
                    .min(self.cell(&s.band, s.depth, j).saturating_add(1))
                    .min(left.saturating_add(edit_cost(j - 1)));
                if j > 1
                    && s.depth > 0
                    && qb != b
                    && qb == s.last
                    && self.query.get((j - 2) as usize) == Some(&b)
                {
                    let t = self.cell(&s.prev, s.depth - 1, j - 2);
                    v = v.min(t.saturating_add(edit_cost(j - 2)));
                }
                v
            };
            band[k] = v.min(cap);
        }
        EdState {
            prev: s.band,
            band,
            last: b,
            depth: d,
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// Property tests (proptest is a native-only dev-dependency).
    #[cfg(not(target_arch = "wasm32"))]
    mod reference {
        use super::*;
        use proptest::prelude::*;

        /// Full-matrix reference of the same distance (first character double), capped.
        fn reference(q: &[u8], t: &[u8], max: u8) -> u8 {
            let cap = max + 1;
            let c = |j: usize| if j == 0 { 2u8 } else { 1 };
            let (n, m) = (q.len(), t.len());
            let mut d = vec![vec![0u8; n + 1]; m + 1];
            for j in 1..=n {
                d[0][j] = d[0][j - 1].saturating_add(c(j - 1)).min(cap);
            }
            for i in 1..=m {
                d[i][0] = d[i - 1][0].saturating_add(2).min(cap);
                for j in 1..=n {
                    let sub = if q[j - 1] == t[i - 1] { 0 } else { c(j - 1) };
                    let mut v = d[i - 1][j - 1]
                        .saturating_add(sub)
                        .min(d[i - 1][j].saturating_add(1))
                        .min(d[i][j - 1].saturating_add(c(j - 1)));
                    if i > 1
                        && j > 1
                        && q[j - 1] != t[i - 1]
                        && q[j - 1] == t[i - 2]
                        && q[j - 2] == t[i - 1]
                    {
                        v = v.min(d[i - 2][j - 2].saturating_add(c(j - 2)));
                    }
                    d[i][j] = v.min(cap);
                }
            }
            d[m][n]
        }

        /// An index holding `words` (deduplicated) as terms, in that order.
        fn index_of(words: &[String]) -> Index {
            let mut ix = Index::default();
            let mut seen = std::collections::HashSet::new();
            for w in words {
                if seen.insert(w.clone()) {
                    ix.push_term(Term {
                        text: w.clone(),
                        df: 1,
                        last_doc: u32::MAX,
                        postings: Vec::new(),
                    });
                }
            }
            ix
        }

        /// What the dictionary walk must give: every accepted term in byte
        /// order (the dictionary's part), then the recent ones by id.
        fn brute(ix: &Index, ok: impl Fn(&str) -> bool, limit: usize) -> Vec<u32> {
            let upto = ix.fst.borrow().upto as usize;
            let mut sorted: Vec<u32> = (0..upto as u32).collect();
            sorted.sort_by(|a, b| ix.terms[*a as usize].text.cmp(&ix.terms[*b as usize].text));
            let mut out: Vec<u32> = sorted
                .into_iter()
                .filter(|&i| ok(&ix.terms[i as usize].text))
                .collect();
            out.extend(
                (upto as u32..ix.terms.len() as u32).filter(|&i| ok(&ix.terms[i as usize].text)),
            );
            out.truncate(limit);
            out
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(48))]
            /// Over 600–1500 terms (past the recent-terms list, so the
            /// sorted dictionary is built; some added after it), typo and
            /// prefix look-ups give exactly the accepted terms, in order.
            #[test]
            fn the_dictionary_walk_finds_what_a_scan_finds(
                words in proptest::collection::vec("[a-dé]{1,9}", 600..1500),
                more in proptest::collection::vec("[a-d]{1,9}", 0..40),
                q in "[a-dé]{1,9}",
                max in 1u8..=2,
                limit in prop_oneof![Just(3usize), Just(2000usize)],
            ) {
                let mut ix = index_of(&words);
                ix.refresh_fst();
                for w in &more {
                    if ix.term_id(w).is_none() {
                        ix.push_term(Term { text: w.clone(), df: 1, last_doc: u32::MAX, postings: Vec::new() });
                    }
                }
                let aut = EditDistance::new(&q, max);
                let check = aut.clone();
                let ok = |t: &str| check.distance(t).is_some();
                prop_assert_eq!(ix.edit_terms(&aut, limit), brute(&ix, ok, limit));
                prop_assert_eq!(ix.automaton_terms(aut, ok, limit), brute(&ix, ok, limit));
                let p = &q[..q.char_indices().nth(2).map_or(q.len(), |(i, _)| i)];
                let ok = |t: &str| t.starts_with(p);
                prop_assert_eq!(ix.automaton_terms(Prefix(p.as_bytes()), ok, limit), brute(&ix, ok, limit));
            }
        }

        proptest! {
            #[test]
            fn banded_automaton_matches_the_full_matrix(q in "[abc]{0,9}", t in "[abc]{0,11}", max in 1u8..=2) {
                let want = reference(q.as_bytes(), t.as_bytes(), max);
                let got = EditDistance::new(&q, max).distance(&t);
                prop_assert_eq!(got, (want <= max).then_some(want), "{} vs {}", q, t);
            }
        }
    }

    #[test]
    fn varints_round_trip() {
        let mut b = Vec::new();
        for v in [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            put_varint(&mut b, v);
        }
        let mut at = 0;
        for v in [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            assert_eq!(get_varint(&b, &mut at), Some(v));
        }
        assert_eq!(get_varint(&b, &mut at), None);
        assert_eq!(get_varint(&[0x80, 0x80], &mut 0), None);
    }

    #[test]
    fn skipping_positions_lands_where_reading_them_does() {
        // entries of every length up to 40 positions, deltas of one to
        // four bytes mixed, so the eight-byte steps meet every boundary
        let mut buf = Vec::new();
        let mut want = Vec::new();
        let mut prev_doc = 0u64;
        for (k, n) in (0..=40u64).enumerate() {
            let doc = k as u64 * 3;
            put_varint(&mut buf, if k == 0 { doc } else { doc - prev_doc });
            prev_doc = doc;
            put_varint(&mut buf, n);
            let mut p = 0u64;
            let mut list = Vec::new();
            for i in 0..n {
                let delta = [1u64, 200, 70_000, 3, 5_000_000][((i + n) % 5) as usize];
                p += delta;
                put_varint(&mut buf, delta);
                list.push(p as u32);
            }
            want.push((doc as u32, list));
        }
        let mut read = PostingsIter::new(&buf);
        let mut skip = PostingsIter::new(&buf);
        let mut pos = Vec::new();
        for (doc, list) in &want {
            assert_eq!(read.next_into(&mut pos), Some(*doc));
            assert_eq!(&pos, list);
            let (d, n) = skip.next_doc().expect("an entry");
            assert_eq!(d, *doc);
            skip.skip_positions(n).expect("its positions");
            assert_eq!(skip.offset(), read.offset());
        }
        assert!(skip.at_end() && read.at_end());
        // a list cut short is reported, not stepped past
        let cut = &buf[..buf.len() - 1];
        let mut it = PostingsIter::new(cut);
        let mut last = Some(());
        while let Some((_, n)) = it.next_doc() {
            last = it.skip_positions(n);
            if last.is_none() {
                break;
            }
        }
        assert_eq!(last, None);
    }

    #[test]
    fn edit_distance() {
        let a = EditDistance::new("minister", 2);
        assert_eq!(a.distance("minister"), Some(0));
        assert_eq!(a.distance("minster"), Some(1));
        assert_eq!(a.distance("mnister"), Some(1));
        assert_eq!(a.distance("ministers"), Some(1));
        assert_eq!(a.distance("monastery"), None);
        // the first character counts double
        assert_eq!(a.distance("imnister"), Some(2));
        assert_eq!(a.distance("binister"), Some(2));
        let b = EditDistance::new("budget", 1);
        assert_eq!(b.distance("bugdet"), Some(1));
        assert_eq!(b.distance("budgets"), Some(1));
        assert_eq!(b.distance("nudget"), None);
        assert_eq!(b.distance("udget"), None);
    }
}
