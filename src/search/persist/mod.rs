//! The binary format of a corpus: a header, sections, a CRC-32.
//!
//! ```text
//! offset  size  what
//! 0       8     magic "LEDESRCH"
//! 8       4     format version (u32 LE), currently 3
//! 12      8     body length in bytes (u64 LE)
//! 20      8     sum of the sections' decoded lengths (u64 LE)
//! 28      4     CRC-32 (IEEE) of the body (u32 LE)
//! 32      ...   body: the sections, in order
//! ```
//!
//! Each section is `tag (u8) codec (u8: 0 stored, 1 deflated) varint(decoded
//! length) varint(stored length) bytes`. The sections come in the order a
//! reader needs them, so the file's prefix up to the end of the postings is
//! everything that ranks (the **rank part**), positions follow, texts last:
//!
//! 1. **documents** (deflated): a table of the distinct values of the five
//!    extracted fields (people, organizations, places, speakers,
//!    keyphrases; most used first, so the common ones get one-byte
//!    numbers), then for each live document, renumbered densely: id, title,
//!    date, source, url, language, each field's values as numbers into the
//!    table, and the field lengths. A name is stored once, not once per
//!    article that mentions it.
//! 2. **dictionary** (deflated): the terms in byte order, front-coded
//!    (`varint(shared prefix) varint(suffix length) suffix`). A term's id is
//!    its rank, so the postings need no key and the in-memory fst (prefix and
//!    typo look-ups) is built from keys already sorted, without a sort.
//! 3. **postings** (stored): one bit stream of Rice codes (see [`pack`]);
//!    for each term in dictionary order: `df − 1`, the Rice parameter of its
//!    counts, then the document numbers: when `df` > 1, one bit says how,
//!    a binary interpolative code ([`pack::write_interpolative`]: clustered
//!    lists, a word used in one part of the corpus, cost much less) or, as
//!    always for `df` = 1, Rice-coded gaps (the first absolute, then gap − 1,
//!    with a parameter from `df`); and for each document its term frequency in
//!    every field: `2 × (count − 1)`, + 1 when some occurrence is outside
//!    the body, then (only then) the mask of the other fields present (6
//!    bits, or one bit when it repeats the term's previous mask: a name
//!    sits in the same fields article after article) and each one's
//!    `count − 1`. That is all BM25F needs.
//! 4. **positions** (stored): one bit stream; for each term a 3-bit
//!    adjustment, then for each of its documents and each field the term
//!    is in, the gaps between its token positions (the first from −1),
//!    Rice-coded with a parameter derived from the field's length in that
//!    document over the term's count there (the Golomb rule, shifted by
//!    the term's adjustment). Which field a position is in is known from
//!    the counts of the postings: no position spends a bit on it.
//!    Positions serve phrases, proximity and highlights.
//! 5. **texts**: the bodies, apart from everything a search needs to rank
//!    and list results: a block table, then blocks of about 64 KiB of
//!    bodies, each deflated on its own (a reader can inflate only the block
//!    holding a result's text).
//!
//! A Rice code gives a geometric-like value (a gap between random
//! positions) within a few percent of its entropy; deflate would save
//! nothing on top of the bit streams, so none is spent. [`Sizes`] gives
//! each section's bytes and [`stats`] where the bits go.
//!
//! The dictionary is not stored as fst bytes: the `fst` crate trusts its
//! input (crafted bytes behind a valid checksum can make it index out of
//! bounds), and the core never panics on input. Front-coded terms are as
//! small, checked in one linear pass, and the fst is rebuilt from them in a
//! few milliseconds.
//!
//! Text marks (where tokens are, for highlights) are not stored: each hit
//! makes its own on first use ([`super::index::StoredDoc::body_marks`]).
//!
//! Versions 1 ([`v1`]: one deflated payload of documents and varint
//! postings) and 2 ([`v2`]: field values as strings, positions inside the
//! postings) still load, natively and in the wasm builds that write (feature
//! `write`); the search-only wasm reads version 3 only, for download size
//! (an older file is `SearchError::UnsupportedVersion` there, and the embed's
//! engine opens it with the full build). Every check runs before anything is
//! built, so bad bytes give an error and change nothing.

pub mod pack;
pub mod stats;
pub mod v1;
pub mod v2;

use super::index::{get_varint, put_varint, Index, PostingsIter, StoredDoc, Term, POS_BITS};
use super::{DocFields, Document, Field, SearchError, NFIELDS};
use crate::text::hash::FxMap;

/// The magic header.
pub const MAGIC: &[u8; 8] = b"LEDESRCH";
/// The format version this build writes.
pub const VERSION: u32 = 3;
/// The oldest format version this build still reads.
pub const OLDEST_VERSION: u32 = 1;
/// Length of the header.
pub const HEADER: usize = 32;
/// Largest decoded size accepted (1 GiB).
const MAX_RAW: u64 = 1 << 30;
/// Bodies per text block: a block closes when it passes this many bytes.
pub(crate) const TEXT_BLOCK_BYTES: usize = 64 * 1024;
/// Deflate level of the deflated sections.
pub(crate) const LEVEL: u8 = 9;

pub(crate) const TAG_DOCS: u8 = 1;
pub(crate) const TAG_DICT: u8 = 2;
pub(crate) const TAG_POSTINGS: u8 = 3;
pub(crate) const TAG_TEXTS: u8 = 4;
pub(crate) const TAG_POSITIONS: u8 = 5;
/// Fields other than the body, in the order of the postings' field mask.
const OTHER_FIELDS: [usize; NFIELDS - 1] = [0, 2, 3, 4, 5, 6];
const BODY: usize = Field::Body as usize;
const POS_MASK: u32 = (1 << POS_BITS) - 1;

/// CRC-32 (IEEE 802.3, reflected) of `data`, eight bytes a step
/// ("slicing by 8": a load checks the whole file, so this is on the path of
/// every reload). The tables are made on first use rather than stored in the
/// binary (8 KiB the wasm download does not carry).
pub fn crc32(data: &[u8]) -> u32 {
    static TABLES: std::sync::OnceLock<Box<[[u32; 256]; 8]>> = std::sync::OnceLock::new();
    let t = TABLES.get_or_init(|| {
        let mut t = Box::new([[0u32; 256]; 8]);
        for i in 0..256 {
            let mut c = i as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            t[0][i] = c;
        }
        for i in 0..256 {
            for k in 1..8 {
                let prev = t[k - 1][i];
                t[k][i] = (prev >> 8) ^ t[0][(prev & 0xff) as usize];
            }
        }
        t
    });
    let mut c = !0u32;
    let mut chunks = data.chunks_exact(8);
    for ch in &mut chunks {
        let w = u64::from_le_bytes(<[u8; 8]>::try_from(ch).unwrap_or([0; 8]));
        let lo = (w as u32) ^ c;
        let hi = (w >> 32) as u32;
        c = t[7][(lo & 0xff) as usize]
            ^ t[6][((lo >> 8) & 0xff) as usize]
            ^ t[5][((lo >> 16) & 0xff) as usize]
            ^ t[4][(lo >> 24) as usize]
            ^ t[3][(hi & 0xff) as usize]
            ^ t[2][((hi >> 8) & 0xff) as usize]
            ^ t[1][((hi >> 16) & 0xff) as usize]
            ^ t[0][(hi >> 24) as usize];
    }
    for &b in chunks.remainder() {
        c = t[0][((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8);
    }
    !c
}

pub(crate) fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

pub(crate) fn put_opt(out: &mut Vec<u8>, s: &Option<String>) {
    match s {
        None => put_varint(out, 0),
        Some(s) => {
            put_varint(out, s.len() as u64 + 1);
            out.extend_from_slice(s.as_bytes());
        }
    }
}

/// The sizes of a saved index's parts, in bytes as stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sizes {
    /// Header and section headers.
    pub header: usize,
    /// Documents (ids, titles, dates, extracted fields, lengths).
    pub docs: usize,
    /// The term dictionary.
    pub dict: usize,
    /// The postings: documents and term frequencies per field.
    pub postings: usize,
    /// The positions (phrases, proximity, highlights).
    pub positions: usize,
    /// The bodies.
    pub texts: usize,
}

impl Sizes {
    /// What ranks and lists results: header, documents, dictionary and
    /// postings (the file's prefix before the positions).
    pub fn rank(&self) -> usize {
        self.header + self.docs + self.dict + self.postings
    }

    /// Everything a search needs: all but the texts.
    pub fn index(&self) -> usize {
        self.rank() + self.positions
    }

    /// The whole file.
    pub fn total(&self) -> usize {
        self.index() + self.texts
    }
}

/// Serializes the live part of an index.
pub fn to_bytes(ix: &Index) -> Vec<u8> {
    to_bytes_sized(ix).0
}

/// New numbers of the live documents (`u32::MAX`: removed) and their count.
pub(crate) fn live_remap(ix: &Index) -> (Vec<u32>, u32) {
    let mut remap = Vec::with_capacity(ix.docs.len());
    let mut next = 0u32;
    for d in &ix.docs {
        if d.is_some() {
            remap.push(next);
            next += 1;
        } else {
            remap.push(u32::MAX);
        }
    }
    (remap, next)
}

/// The value table of the documents section from each value's number of
/// uses: the values most used first (ties in byte order), and each value's
/// number in it.
pub(crate) fn value_table(uses: FxMap<&str, u32>) -> (Vec<(&str, u32)>, FxMap<&str, u32>) {
    let mut table: Vec<(&str, u32)> = uses.into_iter().collect();
    crate::text::sort::sort_by(&mut table, |a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let ids = table
        .iter()
        .enumerate()
        .map(|(i, (v, _))| (*v, i as u32))
        .collect();
    (table, ids)
}

/// The documents section: the value table, then the documents.
fn write_docs(ix: &Index, ndocs: u32) -> Vec<u8> {
    // the distinct values, most used first (ties in byte order)
    let mut uses: FxMap<&str, u32> = FxMap::default();
    for s in ix.docs.iter().flatten() {
        for (_, vals) in s.fields.by_field() {
            for v in vals {
                *uses.entry(v.as_str()).or_insert(0) += 1;
            }
        }
    }
    let (table, ids) = value_table(uses);
    let mut docs = Vec::new();
    put_varint(&mut docs, table.len() as u64);
    for (v, _) in &table {
        put_str(&mut docs, v);
    }
    put_varint(&mut docs, u64::from(ndocs));
    for s in ix.docs.iter().flatten() {
        put_str(&mut docs, &s.doc.id);
        put_str(&mut docs, &s.doc.title);
        put_opt(&mut docs, &s.doc.date);
        put_opt(&mut docs, &s.doc.source);
        put_opt(&mut docs, &s.doc.url);
        put_opt(&mut docs, &s.doc.lang);
        for (_, vals) in s.fields.by_field() {
            put_varint(&mut docs, vals.len() as u64);
            for v in vals {
                put_varint(
                    &mut docs,
                    u64::from(ids.get(v.as_str()).copied().unwrap_or(0)),
                );
            }
        }
        for l in s.lens {
            put_varint(&mut docs, u64::from(l));
        }
    }
    docs
}

/// The texts section: a block table, then the deflated blocks; and the
/// bodies' decoded length.
pub(crate) fn write_texts(ix: &Index) -> (Vec<u8>, u64) {
    let mut table = Vec::new();
    let mut blocks = Vec::new();
    let mut block = Vec::new();
    let mut in_block = 0u64;
    let mut nblocks = 0u64;
    let mut text_raw = 0u64;
    let mut flush = |block: &mut Vec<u8>, in_block: &mut u64, table: &mut Vec<u8>| {
        if *in_block == 0 {
            return;
        }
        let z = miniz_oxide::deflate::compress_to_vec(block, LEVEL);
        put_varint(table, *in_block);
        put_varint(table, block.len() as u64);
        put_varint(table, z.len() as u64);
        blocks.extend_from_slice(&z);
        text_raw += block.len() as u64;
        block.clear();
        *in_block = 0;
        nblocks += 1;
    };
    for s in ix.docs.iter().flatten() {
        put_str(&mut block, &s.doc.text);
        in_block += 1;
        if block.len() >= TEXT_BLOCK_BYTES {
            flush(&mut block, &mut in_block, &mut table);
        }
    }
    flush(&mut block, &mut in_block, &mut table);
    let mut texts = Vec::new();
    put_varint(&mut texts, nblocks);
    texts.extend_from_slice(&table);
    texts.extend_from_slice(&blocks);
    (texts, text_raw)
}

/// The front-coded dictionary of `terms` (sorted).
fn write_dict(terms: &[&Term]) -> Vec<u8> {
    let mut dict = Vec::new();
    put_varint(&mut dict, terms.len() as u64);
    let mut prev: &str = "";
    for t in terms {
        let shared = prev
            .bytes()
            .zip(t.text.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        let suffix = t.text.as_bytes().get(shared..).unwrap_or(&[]);
        put_varint(&mut dict, shared as u64);
        put_varint(&mut dict, suffix.len() as u64);
        dict.extend_from_slice(suffix);
        prev = &t.text;
    }
    dict
}

/// Appends a section to `body`; returns the bytes it took there (header
/// included) and the stored bytes.
fn put_section(body: &mut Vec<u8>, tag: u8, data: &[u8], deflate: bool) -> (usize, usize) {
    let before = body.len();
    let stored;
    let bytes: &[u8] = if deflate {
        stored = miniz_oxide::deflate::compress_to_vec(data, LEVEL);
        &stored
    } else {
        data
    };
    body.push(tag);
    body.push(u8::from(deflate));
    put_varint(body, data.len() as u64);
    put_varint(body, bytes.len() as u64);
    body.extend_from_slice(bytes);
    (body.len() - before, bytes.len())
}

/// The header and `body`.
pub(crate) fn wrap(version: u32, body: &[u8], raw_total: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + body.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&version.to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&raw_total.to_le_bytes());
    out.extend_from_slice(&crc32(body).to_le_bytes());
    out.extend_from_slice(body);
    out
}

/// The postings and positions bit streams of the live terms (in the order
/// given), with the bits each part took in `tally`.
pub(crate) fn write_postings(
    ix: &Index,
    terms: &[&Term],
    remap: &[u32],
    ndocs: u32,
    tally: &mut stats::Breakdown,
) -> (Vec<u8>, Vec<u8>) {
    let lens: Vec<[u32; NFIELDS]> = ix.docs.iter().flatten().map(|s| s.lens).collect();
    let mut rank = pack::BitWriter::default();
    let mut posw = pack::BitWriter::default();
    let mut enc = Encoder::default();
    for t in terms {
        enc.encode(
            ix.term_postings(t),
            remap,
            ndocs,
            &lens,
            &mut rank,
            &mut posw,
            tally,
        );
    }
    (rank.finish(), posw.finish())
}

/// Serializes the live part of an index and says how big each part is.
pub fn to_bytes_sized(ix: &Index) -> (Vec<u8>, Sizes) {
    let (b, s, _) = to_bytes_tallied(ix);
    (b, s)
}

/// Serializes the live part of an index, with each part's size and where
/// the postings' bits go.
pub(crate) fn to_bytes_tallied(ix: &Index) -> (Vec<u8>, Sizes, stats::Breakdown) {
    let (remap, ndocs) = live_remap(ix);
    let docs = write_docs(ix, ndocs);
    let mut live: Vec<&Term> = ix.terms.iter().filter(|t| t.df > 0).collect();
    crate::text::sort::sort_by(&mut live, |a, b| a.text.cmp(&b.text));
    let dict = write_dict(&live);
    let mut tally = stats::Breakdown::default();
    let (postings, positions) = write_postings(ix, &live, &remap, ndocs, &mut tally);
    let (texts, text_raw) = write_texts(ix);
    let mut body = Vec::new();
    let mut raw_total = text_raw;
    let mut sizes = Sizes {
        header: HEADER,
        ..Sizes::default()
    };
    for (tag, data, deflate) in [
        (TAG_DOCS, &docs, true),
        (TAG_DICT, &dict, true),
        (TAG_POSTINGS, &postings, false),
        (TAG_POSITIONS, &positions, false),
        (TAG_TEXTS, &texts, false),
    ] {
        raw_total += data.len() as u64;
        let (took, n) = put_section(&mut body, tag, data, deflate);
        sizes.header += took - n;
        match tag {
            TAG_DOCS => sizes.docs = n,
            TAG_DICT => sizes.dict = n,
            TAG_POSTINGS => sizes.postings = n,
            TAG_POSITIONS => sizes.positions = n,
            _ => sizes.texts = n,
        }
    }
    (wrap(VERSION, &body, raw_total), sizes, tally)
}

/// Rice parameter of a term's document gaps: about log2 of 0.69 × the mean
/// gap (the Golomb rule), from what the reader knows before reading them.
/// The same rule gives the base parameter of position gaps from a field's
/// length and the term's count in it.
pub(crate) fn doc_gap_k(ndocs: u32, df: u32) -> u32 {
    let m = u64::from(ndocs) * 69 / (100 * u64::from(df.max(1)));
    63 - m.max(1).leading_zeros()
}

/// Adjustments of a term's position parameter: `k = base + adj − ADJ_ZERO`.
const ADJ_BITS: u32 = 3;
const ADJ_ZERO: u32 = 3;
/// Largest Rice parameter of a position gap.
const MAX_POS_K: u32 = 24;

/// The Rice parameter of the position gaps of a term with `count`
/// occurrences in a field `len` terms long, shifted by the term's `adj`.
fn pos_k(len: u32, count: u32, adj: u32) -> u32 {
    (doc_gap_k(len.max(1), count) + adj)
        .saturating_sub(ADJ_ZERO)
        .min(MAX_POS_K)
}

/// Writes the mask of the fields besides the body an entry is in: 6 bits
/// for a term's first such entry; after it one bit when it is the same as
/// the term's previous mask (a name is in the same fields article after
/// article), else a zero bit and the 6 bits.
fn put_mask(w: &mut pack::BitWriter, mask: u32, prev: &mut Option<u32>) {
    let n = OTHER_FIELDS.len() as u32;
    match *prev {
        None => w.bits(mask, n),
        Some(p) if p == mask => w.bits(1, 1),
        Some(_) => {
            w.bits(0, 1);
            w.bits(mask, n);
        }
    }
    *prev = Some(mask);
}

/// Reads a mask written by [`put_mask`].
fn get_mask(r: &mut pack::BitReader<'_>, prev: &mut Option<u32>) -> Option<u32> {
    let n = OTHER_FIELDS.len() as u32;
    let mask = match *prev {
        None => r.bits(n)?,
        Some(p) => {
            if r.bits(1)? == 1 {
                p
            } else {
                r.bits(n)?
            }
        }
    };
    *prev = Some(mask);
    Some(mask)
}

/// Re-encodes in-memory postings into the saved form, reusing its buffers.
#[derive(Default)]
struct Encoder {
    pos: Vec<u32>,
    gaps: Vec<u32>,
    docs: Vec<u32>,
    counts: Vec<u32>,
    /// Per entry: document (new number) and count per field.
    entries: Vec<(u32, [u32; NFIELDS])>,
    /// Token positions of every entry, field by field.
    tokens: Vec<u32>,
}

impl Encoder {
    /// Writes the saved form of `postings`, documents renumbered by `remap`
    /// (`u32::MAX`: dropped): documents and counts to `rank`, positions to
    /// `posw` (see the module documentation).
    #[allow(clippy::too_many_arguments)]
    fn encode(
        &mut self,
        postings: &[u8],
        remap: &[u32],
        ndocs: u32,
        lens: &[[u32; NFIELDS]],
        rank: &mut pack::BitWriter,
        posw: &mut pack::BitWriter,
        tally: &mut stats::Breakdown,
    ) {
        self.gaps.clear();
        self.counts.clear();
        self.entries.clear();
        self.tokens.clear();
        let mut it = PostingsIter::new(postings);
        let mut last: Option<u32> = None;
        while let Some(doc) = it.next_into(&mut self.pos) {
            let Some(&nd) = remap.get(doc as usize) else {
                continue;
            };
            let mut tf = [0u32; NFIELDS];
            for &p in &self.pos {
                if let Some(x) = tf.get_mut((p >> POS_BITS) as usize) {
                    *x += 1;
                }
            }
            let total: u32 = tf.iter().sum();
            if nd == u32::MAX || total == 0 {
                continue;
            }
            self.gaps.push(match last {
                None => nd,
                Some(l) => nd.saturating_sub(l).saturating_sub(1),
            });
            last = Some(nd);
            let other = total - tf[BODY];
            self.counts.push((total - 1) * 2 + u32::from(other > 0));
            // positions are sorted: field by field, tokens ascending
            self.tokens.extend(
                self.pos
                    .iter()
                    .filter(|&&p| ((p >> POS_BITS) as usize) < NFIELDS)
                    .map(|&p| p & POS_MASK),
            );
            self.entries.push((nd, tf));
        }
        let df = self.gaps.len() as u32;
        let kc = pack::best_rice(&self.counts);
        let kd = doc_gap_k(ndocs, df);
        let rank_start = rank.bit_len();
        rank.rice(df.saturating_sub(1), 3);
        rank.bits(kc, 5);
        // the document numbers: as Rice-coded gaps or, when smaller (a
        // term used in one part of the corpus), an interpolative code
        let mut interpolative = false;
        if df >= 2 {
            let rice: u64 = self
                .gaps
                .iter()
                .map(|&g| u64::from(pack::rice_len(g, kd)))
                .sum();
            self.docs.clear();
            self.docs.extend(self.entries.iter().map(|e| e.0));
            let top = ndocs.saturating_sub(1);
            interpolative = pack::interpolative_len(&self.docs, 0, top) < rice;
            rank.bits(u32::from(interpolative), 1);
        }
        let head = rank.bit_len() - rank_start;
        if interpolative {
            pack::write_interpolative(rank, &self.docs, 0, ndocs.saturating_sub(1));
        } else {
            for &g in &self.gaps {
                rank.rice(g, kd);
            }
        }
        let doc_bits = rank.bit_len() - rank_start - head;
        let mut prev_mask: Option<u32> = None;
        for (&c, (_, tf)) in self.counts.iter().zip(&self.entries) {
            rank.rice(c, kc);
            if c & 1 == 1 {
                let mut mask = 0u32;
                for (i, &f) in OTHER_FIELDS.iter().enumerate() {
                    if tf[f] > 0 {
                        mask |= 1 << i;
                    }
                }
                put_mask(rank, mask, &mut prev_mask);
                for &f in &OTHER_FIELDS {
                    if tf[f] > 0 {
                        rank.rice(tf[f] - 1, 0);
                    }
                }
            }
        }
        let count_bits = rank.bit_len() - rank_start - head - doc_bits;
        // positions: the adjustment that codes them in the fewest bits
        let mut best = (u64::MAX, ADJ_ZERO);
        for adj in 0..(1 << ADJ_BITS) {
            let mut bits = 0u64;
            self.walk_positions(lens, adj, |_, g, k| bits += u64::from(pack::rice_len(g, k)));
            if bits < best.0 {
                best = (bits, adj);
            }
        }
        let adj = best.1;
        let pos_start = posw.bit_len();
        posw.bits(adj, ADJ_BITS);
        let mut by_field = [0u64; NFIELDS];
        self.walk_positions(lens, adj, |f, g, k| {
            posw.rice(g, k);
            if let Some(x) = by_field.get_mut(f) {
                *x += u64::from(pack::rice_len(g, k));
            }
        });
        let pos_bits = posw.bit_len() - pos_start;
        tally.add_term(
            df,
            head,
            doc_bits,
            count_bits,
            pos_bits,
            &self.entries,
            &by_field,
        );
    }

    /// Calls `f(field, gap code, Rice parameter)` for every position, in
    /// the order they are written.
    fn walk_positions(
        &self,
        lens: &[[u32; NFIELDS]],
        adj: u32,
        mut f: impl FnMut(usize, u32, u32),
    ) {
        let mut at = 0usize;
        for (doc, tf) in &self.entries {
            let dl = lens.get(*doc as usize).copied().unwrap_or([0; NFIELDS]);
            for (field, (&n, &len)) in tf.iter().zip(dl.iter()).enumerate() {
                let k = pos_k(len, n, adj);
                let mut last: i64 = -1;
                for &t in self.tokens.get(at..at + n as usize).unwrap_or(&[]) {
                    let g = (i64::from(t) - last - 1).max(0) as u32;
                    f(field, g, k);
                    last = i64::from(t);
                }
                at += n as usize;
            }
        }
    }
}

/// A cursor over bytes that never reads past them.
pub(crate) struct Reader<'a> {
    pub(crate) buf: &'a [u8],
    pub(crate) at: usize,
}

pub(crate) fn corrupt(m: &str) -> SearchError {
    SearchError::Corrupt(m.to_string())
}

impl<'a> Reader<'a> {
    pub(crate) fn new(buf: &'a [u8]) -> Self {
        Reader { buf, at: 0 }
    }

    pub(crate) fn varint(&mut self) -> Result<u64, SearchError> {
        get_varint(self.buf, &mut self.at).ok_or_else(|| corrupt("bad number"))
    }

    pub(crate) fn left(&self) -> usize {
        self.buf.len().saturating_sub(self.at)
    }

    /// A count of items that take at least one byte each.
    pub(crate) fn count(&mut self) -> Result<usize, SearchError> {
        let n = self.varint()?;
        if n > self.left() as u64 {
            return Err(corrupt("count larger than the data"));
        }
        Ok(n as usize)
    }

    pub(crate) fn bytes(&mut self, n: usize) -> Result<&'a [u8], SearchError> {
        let end = self
            .at
            .checked_add(n)
            .ok_or_else(|| corrupt("bad length"))?;
        let b = self
            .buf
            .get(self.at..end)
            .ok_or_else(|| corrupt("length past the end"))?;
        self.at = end;
        Ok(b)
    }

    pub(crate) fn string(&mut self) -> Result<String, SearchError> {
        let n = self.count()?;
        let b = self.bytes(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| corrupt("bad UTF-8"))
    }

    pub(crate) fn opt(&mut self) -> Result<Option<String>, SearchError> {
        let n = self.varint()?;
        if n == 0 {
            return Ok(None);
        }
        let n = usize::try_from(n - 1).map_err(|_| corrupt("bad length"))?;
        let b = self.bytes(n)?;
        String::from_utf8(b.to_vec())
            .map(Some)
            .map_err(|_| corrupt("bad UTF-8"))
    }

    pub(crate) fn done(&self) -> bool {
        self.at == self.buf.len()
    }
}

/// Reads an index written by [`to_bytes`] (or by version 1).
pub fn from_bytes(bytes: &[u8]) -> Result<Index, SearchError> {
    if bytes.len() < MAGIC.len() {
        return Err(if MAGIC.starts_with(bytes) && !bytes.is_empty() {
            SearchError::Truncated
        } else {
            SearchError::NotAnIndex
        });
    }
    if bytes.get(..8) != Some(&MAGIC[..]) {
        return Err(SearchError::NotAnIndex);
    }
    if bytes.len() < HEADER {
        return Err(SearchError::Truncated);
    }
    let u32_at = |i: usize| {
        bytes
            .get(i..i + 4)
            .and_then(|b| b.try_into().ok())
            .map(u32::from_le_bytes)
            .unwrap_or(0)
    };
    let u64_at = |i: usize| {
        bytes
            .get(i..i + 8)
            .and_then(|b| b.try_into().ok())
            .map(u64::from_le_bytes)
            .unwrap_or(0)
    };
    let version = u32_at(8);
    if !(OLDEST_VERSION..=VERSION).contains(&version) {
        return Err(SearchError::UnsupportedVersion {
            found: version,
            supported: VERSION,
        });
    }
    let body_len = u64_at(12);
    let raw_len = u64_at(20);
    let crc = u32_at(28);
    let have = (bytes.len() - HEADER) as u64;
    if have < body_len {
        return Err(SearchError::Truncated);
    }
    if have > body_len {
        return Err(corrupt("trailing bytes after the payload"));
    }
    let body = bytes.get(HEADER..).unwrap_or(&[]);
    if crc32(body) != crc {
        return Err(corrupt("checksum mismatch"));
    }
    if raw_len > MAX_RAW {
        return Err(corrupt("payload too large"));
    }
    match version {
        #[cfg(any(feature = "write", not(target_arch = "wasm32")))]
        1 => v1::parse_body(body, raw_len),
        #[cfg(any(feature = "write", not(target_arch = "wasm32")))]
        2 => v2::parse_body(body, raw_len),
        #[cfg(not(any(feature = "write", not(target_arch = "wasm32"))))]
        1 | 2 => Err(SearchError::UnsupportedVersion {
            found: version,
            supported: VERSION,
        }),
        _ => parse_v3(body, raw_len),
    }
}

/// One section's decoded bytes.
pub(crate) fn section(
    r: &mut Reader<'_>,
    tag: u8,
    budget: &mut u64,
) -> Result<Vec<u8>, SearchError> {
    let head = r.bytes(2)?;
    if head.first() != Some(&tag) {
        return Err(corrupt("sections out of order"));
    }
    let deflated = match head.get(1) {
        Some(0) => false,
        Some(1) => true,
        _ => return Err(corrupt("unknown section codec")),
    };
    let raw_len = r.varint()?;
    let stored_len = r.count()?;
    if raw_len > *budget {
        return Err(corrupt("section larger than the header says"));
    }
    *budget -= raw_len;
    let data = r.bytes(stored_len)?;
    if !deflated {
        if raw_len != stored_len as u64 {
            return Err(corrupt("section length mismatch"));
        }
        return Ok(data.to_vec());
    }
    inflate(data, raw_len)
}

pub(crate) fn inflate(data: &[u8], raw_len: u64) -> Result<Vec<u8>, SearchError> {
    let raw = miniz_oxide::inflate::decompress_to_vec_with_limit(data, raw_len as usize)
        .map_err(|_| corrupt("section does not inflate"))?;
    if raw.len() as u64 != raw_len {
        return Err(corrupt("section length mismatch"));
    }
    Ok(raw)
}

// read by versions 1 and 2 only
#[cfg_attr(all(target_arch = "wasm32", not(feature = "write")), allow(dead_code))]
pub(crate) fn read_fields(r: &mut Reader<'_>) -> Result<DocFields, SearchError> {
    let mut lists: [Vec<String>; 5] = Default::default();
    for l in lists.iter_mut() {
        let n = r.count()?;
        for _ in 0..n {
            l.push(r.string()?);
        }
    }
    let [people, orgs, places, speakers, keyphrases] = lists;
    Ok(DocFields {
        people,
        orgs,
        places,
        speakers,
        keyphrases,
    })
}

pub(crate) fn read_lens(r: &mut Reader<'_>) -> Result<[u32; NFIELDS], SearchError> {
    let mut lens = [0u32; NFIELDS];
    for l in lens.iter_mut() {
        *l = u32::try_from(r.varint()?).map_err(|_| corrupt("bad field length"))?;
    }
    Ok(lens)
}

/// The bodies, in document order.
pub(crate) fn read_texts(
    raw: &[u8],
    ndocs: usize,
    budget: &mut u64,
) -> Result<Vec<String>, SearchError> {
    let mut r = Reader::new(raw);
    let nblocks = r.count()?;
    let mut table = Vec::with_capacity(nblocks);
    for _ in 0..nblocks {
        let n = r.count()?;
        let raw_len = r.varint()?;
        let stored = r.count()?;
        table.push((n, raw_len, stored));
    }
    let mut texts = Vec::with_capacity(ndocs);
    for (n, raw_len, stored) in table {
        if raw_len > *budget {
            return Err(corrupt("text block larger than the header says"));
        }
        *budget -= raw_len;
        let block = inflate(r.bytes(stored)?, raw_len)?;
        let mut b = Reader::new(&block);
        for _ in 0..n {
            texts.push(b.string()?);
        }
        if !b.done() {
            return Err(corrupt("trailing data in a text block"));
        }
    }
    if !r.done() || texts.len() != ndocs {
        return Err(corrupt("texts do not match the documents"));
    }
    Ok(texts)
}

/// The sorted terms of the dictionary section.
pub(crate) fn read_dict(raw: &[u8]) -> Result<Vec<String>, SearchError> {
    let mut r = Reader::new(raw);
    let n = r.count()?;
    let mut terms: Vec<String> = Vec::with_capacity(n);
    let mut prev: Vec<u8> = Vec::new();
    for _ in 0..n {
        let shared = r.varint()?;
        let len = r.count()?;
        let suffix = r.bytes(len)?;
        let keep = usize::try_from(shared)
            .ok()
            .filter(|&s| s <= prev.len())
            .ok_or_else(|| corrupt("bad term prefix"))?;
        let mut t = prev.get(..keep).unwrap_or(&[]).to_vec();
        t.extend_from_slice(suffix);
        if t.is_empty() || (!terms.is_empty() && t <= prev) {
            return Err(corrupt("terms out of order"));
        }
        let s = String::from_utf8(t.clone()).map_err(|_| corrupt("bad UTF-8"))?;
        prev = t;
        terms.push(s);
    }
    if !r.done() {
        return Err(corrupt("trailing data in the dictionary"));
    }
    Ok(terms)
}

/// Documents as read from a version 3 documents section, texts still empty.
fn read_docs(raw: &[u8]) -> Result<Vec<(Document, DocFields, [u32; NFIELDS])>, SearchError> {
    let mut r = Reader::new(raw);
    let nvalues = r.count()?;
    let mut table = Vec::with_capacity(nvalues);
    for _ in 0..nvalues {
        table.push(r.string()?);
    }
    let ndocs = r.count()?;
    let mut out = Vec::with_capacity(ndocs);
    for _ in 0..ndocs {
        let doc = Document {
            id: r.string()?,
            title: r.string()?,
            text: String::new(),
            date: r.opt()?,
            source: r.opt()?,
            url: r.opt()?,
            lang: r.opt()?,
        };
        let mut lists: [Vec<String>; 5] = Default::default();
        for l in lists.iter_mut() {
            let n = r.count()?;
            for _ in 0..n {
                let id = r.varint()?;
                let v = usize::try_from(id)
                    .ok()
                    .and_then(|i| table.get(i))
                    .ok_or_else(|| corrupt("bad field value number"))?;
                l.push(v.clone());
            }
        }
        let [people, orgs, places, speakers, keyphrases] = lists;
        let fields = DocFields {
            people,
            orgs,
            places,
            speakers,
            keyphrases,
        };
        let lens = read_lens(&mut r)?;
        out.push((doc, fields, lens));
    }
    if !r.done() {
        return Err(corrupt("trailing data in the documents"));
    }
    Ok(out)
}

/// Reusable buffers of [`decode_postings`].
#[derive(Default)]
struct Scratch {
    docs: Vec<u32>,
    tfs: Vec<[u32; NFIELDS]>,
}

/// Decodes one term's saved postings and positions (see [`Encoder::encode`])
/// into the in-memory form, checking them: returns the document frequency,
/// the postings and the last document.
fn decode_postings(
    r: &mut pack::BitReader<'_>,
    p: &mut pack::BitReader<'_>,
    lens: &[[u32; NFIELDS]],
    s: &mut Scratch,
    mut out: Option<&mut Vec<u8>>,
) -> Result<(u32, u32), SearchError> {
    let bad = || corrupt("bad postings");
    let ndocs = lens.len();
    s.docs.clear();
    s.tfs.clear();
    let df = r.rice(3).and_then(|d| d.checked_add(1)).ok_or_else(bad)?;
    let kc = r.bits(5).ok_or_else(bad)?;
    // every value takes at least one bit
    if df as usize > ndocs || df as usize > r.left() {
        return Err(bad());
    }
    let kd = doc_gap_k(ndocs as u32, df);
    let mut last: Option<u32> = None;
    if df >= 2 && r.bits(1).ok_or_else(bad)? == 1 {
        let top = u32::try_from(ndocs - 1).map_err(|_| bad())?;
        pack::read_interpolative(r, df as usize, 0, top, &mut s.docs).ok_or_else(bad)?;
        last = s.docs.last().copied();
    }
    for _ in 0..if s.docs.is_empty() { df } else { 0 } {
        let g = r.rice(kd).ok_or_else(bad)?;
        let doc = match last {
            None => g,
            Some(l) => l
                .checked_add(g)
                .and_then(|x| x.checked_add(1))
                .ok_or_else(bad)?,
        };
        if doc as usize >= ndocs {
            return Err(bad());
        }
        s.docs.push(doc);
        last = Some(doc);
    }
    let mut total_all = 0usize;
    let mut prev_mask: Option<u32> = None;
    for _ in 0..df {
        let c = r.rice(kc).ok_or_else(bad)?;
        let total = (c >> 1).checked_add(1).ok_or_else(bad)?;
        let mut tf = [0u32; NFIELDS];
        let mut others = 0u32;
        if c & 1 == 1 {
            let mask = get_mask(r, &mut prev_mask).ok_or_else(bad)?;
            if mask == 0 {
                return Err(bad());
            }
            for (i, &f) in OTHER_FIELDS.iter().enumerate() {
                if mask & (1 << i) != 0 {
                    let n = r.rice(0).and_then(|n| n.checked_add(1)).ok_or_else(bad)?;
                    others = others.checked_add(n).ok_or_else(bad)?;
                    if let Some(x) = tf.get_mut(f) {
                        *x = n;
                    }
                }
            }
        }
        tf[BODY] = total.checked_sub(others).ok_or_else(bad)?;
        total_all = total_all.saturating_add(total as usize);
        s.tfs.push(tf);
    }
    // every position takes at least one bit
    let adj = p.bits(ADJ_BITS).ok_or_else(bad)?;
    if total_all > p.left() {
        return Err(bad());
    }
    if let Some(o) = out.as_deref_mut() {
        o.reserve(total_all * 2 + s.docs.len() * 2);
    }
    let mut prev_doc: Option<u32> = None;
    for (&doc, tf) in s.docs.iter().zip(s.tfs.iter()) {
        let dl = lens.get(doc as usize).copied().unwrap_or([0; NFIELDS]);
        if let Some(o) = out.as_deref_mut() {
            put_varint(o, u64::from(doc - prev_doc.unwrap_or(0)));
            put_varint(o, u64::from(tf.iter().sum::<u32>()));
        }
        prev_doc = Some(doc);
        let mut prev = 0u32;
        for (field, (&n, &len)) in tf.iter().zip(dl.iter()).enumerate() {
            if n == 0 {
                continue;
            }
            let k = pos_k(len, n, adj);
            let mut t: i64 = -1;
            for _ in 0..n {
                let g = p.rice(k).ok_or_else(bad)?;
                t += 1 + i64::from(g);
                if t > i64::from(POS_MASK) {
                    return Err(bad());
                }
                let pos = (field as u32) << POS_BITS | t as u32;
                if let Some(o) = out.as_deref_mut() {
                    put_varint(o, u64::from(pos - prev));
                }
                prev = pos;
            }
        }
    }
    Ok((df, last.unwrap_or(u32::MAX)))
}

/// The postings of a loaded version 3 index, kept as saved (two bit streams)
/// and decoded term by term into the in-memory form when a query first
/// reads them. Loading checks every term once (the same decoder, writing
/// nothing) and notes where each starts in both streams, so a damaged file
/// is still refused before anything is built, and a query pays only for the
/// terms it reads.
pub struct LazyPostings {
    rank: Vec<u8>,
    pos: Vec<u8>,
    lens: Vec<[u32; NFIELDS]>,
    /// Bit offsets of each term (by id) in `rank` and `pos`.
    starts: Vec<(usize, usize)>,
    cells: Vec<std::sync::OnceLock<Vec<u8>>>,
}

impl std::fmt::Debug for LazyPostings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LazyPostings({} terms)", self.starts.len())
    }
}

impl super::index::PostingsSource for LazyPostings {
    /// The postings of term `id` in the in-memory form (see
    /// [`super::index`]), decoded on first use; empty for an unknown id.
    fn get(&self, id: u32) -> &[u8] {
        match self.cells.get(id as usize) {
            Some(cell) => cell.get_or_init(|| self.decode(id).unwrap_or_default()),
            None => &[],
        }
    }
}

impl LazyPostings {
    fn decode(&self, id: u32) -> Option<Vec<u8>> {
        let &(rb, pb) = self.starts.get(id as usize)?;
        let mut r = pack::BitReader::at_bit(&self.rank, rb);
        let mut p = pack::BitReader::at_bit(&self.pos, pb);
        let mut out = Vec::new();
        decode_postings(
            &mut r,
            &mut p,
            &self.lens,
            &mut Scratch::default(),
            Some(&mut out),
        )
        .ok()?;
        Some(out)
    }
}

fn parse_v3(body: &[u8], raw_len: u64) -> Result<Index, SearchError> {
    let mut r = Reader::new(body);
    let mut budget = raw_len;
    let docs_raw = section(&mut r, TAG_DOCS, &mut budget)?;
    let dict_raw = section(&mut r, TAG_DICT, &mut budget)?;
    let post_raw = section(&mut r, TAG_POSTINGS, &mut budget)?;
    let pos_raw = section(&mut r, TAG_POSITIONS, &mut budget)?;
    let texts_raw = section(&mut r, TAG_TEXTS, &mut budget)?;
    if !r.done() {
        return Err(corrupt("trailing data after the sections"));
    }
    let docs = read_docs(&docs_raw)?;
    let ndocs = docs.len();
    let texts = read_texts(&texts_raw, ndocs, &mut budget)?;
    let terms = read_dict(&dict_raw)?;
    let lens: Vec<[u32; NFIELDS]> = docs.iter().map(|d| d.2).collect();
    let mut ix = Index::default();
    for (num, ((mut doc, fields, lens), text)) in docs.into_iter().zip(texts).enumerate() {
        doc.text = text;
        if doc.id.is_empty() || ix.by_id.contains_key(&doc.id) {
            return Err(corrupt("empty or duplicate document id"));
        }
        for (s, l) in ix.field_len_sum.iter_mut().zip(lens.iter()) {
            *s += u64::from(*l);
        }
        ix.by_id.insert(doc.id.clone(), num as u32);
        ix.docs.push(Some(StoredDoc::new(doc, fields, lens)));
    }
    let mut pr = pack::BitReader::new(&post_raw);
    let mut pp = pack::BitReader::new(&pos_raw);
    let mut scratch = Scratch::default();
    let mut loaded = Vec::with_capacity(terms.len());
    let mut starts = Vec::with_capacity(terms.len());
    for text in terms {
        starts.push((pr.bit_pos(), pp.bit_pos()));
        let (df, last_doc) = decode_postings(&mut pr, &mut pp, &lens, &mut scratch, None)?;
        loaded.push(Term {
            text,
            df,
            last_doc,
            postings: Vec::new(),
        });
    }
    if pr.left() >= 8 || pp.left() >= 8 {
        return Err(corrupt("trailing data in the postings"));
    }
    let cells = std::iter::repeat_with(std::sync::OnceLock::new)
        .take(loaded.len())
        .collect();
    ix.load_sorted_terms(loaded);
    ix.lazy = Some(Box::new(LazyPostings {
        rank: post_raw,
        pos: pos_raw,
        lens,
        starts,
        cells,
    }));
    Ok(ix)
}

#[cfg(test)]
mod tests {
    use super::crc32;

    /// The bitwise CRC-32 the sliced one must equal.
    fn crc32_bitwise(data: &[u8]) -> u32 {
        let mut c = !0u32;
        for &b in data {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }

    #[test]
    fn crc32_by_eight_equals_the_bitwise_crc() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7919 % 251) as u8).collect();
        for len in [0, 1, 7, 8, 9, 15, 16, 17, 999, 1000] {
            assert_eq!(
                crc32(&data[..len]),
                crc32_bitwise(&data[..len]),
                "length {len}"
            );
        }
    }
}
