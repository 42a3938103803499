//! The binary format of a corpus: a header, sections, a CRC-32.
//!
//! ```text
//! offset  size  what
//! 0       8     magic "LEDESRCH"
//! 8       4     format version (u32 LE), currently 2
//! 12      8     body length in bytes (u64 LE)
//! 20      8     sum of the sections' decoded lengths (u64 LE)
//! 28      4     CRC-32 (IEEE) of the body (u32 LE)
//! 32      ...   body: the sections, in order
//! ```
//!
//! Each section is `tag (u8) codec (u8: 0 stored, 1 deflated) varint(decoded
//! length) varint(stored length) bytes`, in this order:
//!
//! 1. **documents** (deflated): for each live document, renumbered densely:
//!    id, title, date, source, url, language, the five extracted fields and
//!    the field lengths (varints and length-prefixed UTF-8).
//! 2. **dictionary** (deflated): the terms in byte order, front-coded
//!    (`varint(shared prefix) varint(suffix length) suffix`). A term's id is
//!    its rank, so the postings need no key and the in-memory fst (prefix and
//!    typo look-ups) is built from keys already sorted, without a sort.
//! 3. **postings** (stored): one bit stream; for each term in dictionary
//!    order, its document frequency, then three delta-coded sequences in
//!    Rice codes (see [`pack`]): document gaps (the first absolute, then
//!    gap − 1), count codes (`2 × (count − 1)`, + 1 when some position is
//!    outside the body) and position codes ([`pack::encode_positions`]).
//!    A Rice code gives a geometric-like value (a gap between random
//!    positions) within a few percent of its entropy, with one small
//!    parameter per sequence (derived from the document frequency for the
//!    document gaps); deflate would save nothing on top, so none is spent.
//! 4. **texts**: the bodies, apart from everything a search needs to rank
//!    and list results: a block table, then blocks of about 64 KiB of
//!    bodies, each deflated on its own (a reader can inflate only the block
//!    holding a result's text).
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
//! Version 1 (one deflated payload of documents and varint postings) still
//! loads ([`v1`]). Every check runs before anything is built, so bad bytes
//! give an error and change nothing.

pub mod pack;
pub mod stats;
pub mod v1;

use super::index::{get_varint, put_varint, Index, PostingsIter, StoredDoc, Term};
use super::{DocFields, Document, SearchError, NFIELDS};

/// The magic header.
pub const MAGIC: &[u8; 8] = b"LEDESRCH";
/// The format version this build writes.
pub const VERSION: u32 = 2;
/// The oldest format version this build still reads.
pub const OLDEST_VERSION: u32 = 1;
/// Length of the header.
pub const HEADER: usize = 32;
/// Largest decoded size accepted (1 GiB).
const MAX_RAW: u64 = 1 << 30;
/// Bodies per text block: a block closes when it passes this many bytes.
const TEXT_BLOCK_BYTES: usize = 64 * 1024;
/// Deflate level of the deflated sections.
const LEVEL: u8 = 9;

const TAG_DOCS: u8 = 1;
const TAG_DICT: u8 = 2;
const TAG_POSTINGS: u8 = 3;
const TAG_TEXTS: u8 = 4;

/// CRC-32 (IEEE 802.3, reflected) of `data`.
pub fn crc32(data: &[u8]) -> u32 {
    const fn table() -> [u32; 256] {
        let mut t = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            t[i] = c;
            i += 1;
        }
        t
    }
    const TABLE: [u32; 256] = table();
    let mut c = !0u32;
    for &b in data {
        c = TABLE[((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8);
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
    /// The postings.
    pub postings: usize,
    /// The bodies.
    pub texts: usize,
}

impl Sizes {
    /// Everything a search needs to rank and list results: all but the texts.
    pub fn index(&self) -> usize {
        self.header + self.docs + self.dict + self.postings
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

/// Serializes the live part of an index and says how big each part is.
pub fn to_bytes_sized(ix: &Index) -> (Vec<u8>, Sizes) {
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
    // documents
    let mut docs = Vec::new();
    put_varint(&mut docs, u64::from(next));
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
                put_str(&mut docs, v);
            }
        }
        for l in s.lens {
            put_varint(&mut docs, u64::from(l));
        }
    }
    // dictionary and postings, in term order
    let mut live: Vec<&Term> = ix.terms.iter().filter(|t| t.df > 0).collect();
    live.sort_unstable_by(|a, b| a.text.cmp(&b.text));
    let mut dict = Vec::new();
    put_varint(&mut dict, live.len() as u64);
    let mut prev: &str = "";
    let mut bits = pack::BitWriter::default();
    let mut enc = Encoder::default();
    for t in &live {
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
        enc.encode(&t.postings, &remap, next, &mut bits);
    }
    let postings = bits.finish();
    // texts, in blocks
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

    let mut body = Vec::new();
    let mut raw_total = text_raw;
    let mut sizes = Sizes::default();
    for (tag, data, deflate) in [
        (TAG_DOCS, &docs, true),
        (TAG_DICT, &dict, true),
        (TAG_POSTINGS, &postings, false),
        (TAG_TEXTS, &texts, false),
    ] {
        let before = body.len();
        raw_total += data.len() as u64;
        let stored;
        let bytes: &[u8] = if deflate {
            stored = miniz_oxide::deflate::compress_to_vec(data, LEVEL);
            &stored
        } else {
            data
        };
        body.push(tag);
        body.push(u8::from(deflate));
        put_varint(&mut body, data.len() as u64);
        put_varint(&mut body, bytes.len() as u64);
        let head = body.len() - before;
        body.extend_from_slice(bytes);
        sizes.header += head;
        let n = bytes.len();
        match tag {
            TAG_DOCS => sizes.docs = n,
            TAG_DICT => sizes.dict = n,
            TAG_POSTINGS => sizes.postings = n,
            _ => sizes.texts = n,
        }
    }
    sizes.header += HEADER;
    let mut out = Vec::with_capacity(HEADER + body.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&raw_total.to_le_bytes());
    out.extend_from_slice(&crc32(&body).to_le_bytes());
    out.extend_from_slice(&body);
    (out, sizes)
}

/// Re-encodes in-memory postings into the saved form, reusing its buffers.
#[derive(Default)]
struct Encoder {
    pos: Vec<u32>,
    docs: Vec<u32>,
    counts: Vec<u32>,
    codes: Vec<u32>,
}

/// Rice parameter of a term's document gaps: about log2 of 0.69 × the mean
/// gap (the Golomb rule), from what the reader knows before reading them.
fn doc_gap_k(ndocs: u32, df: u32) -> u32 {
    let m = u64::from(ndocs) * 69 / (100 * u64::from(df.max(1)));
    63 - m.max(1).leading_zeros()
}

impl Encoder {
    /// Writes the saved form of `postings` with documents renumbered by
    /// `remap` (`u32::MAX`: dropped) to `w`: `df − 1` (Rice, k = 3), the
    /// Rice parameters of the counts and of the positions (5 bits each), then
    /// the document gaps (the first absolute, then gap − 1; Rice with
    /// [`doc_gap_k`]), the count codes and the position codes.
    fn encode(&mut self, postings: &[u8], remap: &[u32], ndocs: u32, w: &mut pack::BitWriter) {
        self.docs.clear();
        self.counts.clear();
        self.codes.clear();
        let mut it = PostingsIter::new(postings);
        let mut last: Option<u32> = None;
        while let Some(doc) = it.next_into(&mut self.pos) {
            let Some(&nd) = remap.get(doc as usize) else {
                continue;
            };
            if nd == u32::MAX || self.pos.is_empty() {
                continue;
            }
            self.docs.push(match last {
                None => nd,
                Some(l) => nd.saturating_sub(l).saturating_sub(1),
            });
            last = Some(nd);
            let body = pack::body_only(&self.pos);
            self.counts
                .push((self.pos.len() as u32 - 1) * 2 + u32::from(!body));
            pack::encode_positions(&self.pos, body, &mut self.codes);
        }
        let df = self.docs.len() as u32;
        let (kc, kp) = (pack::best_rice(&self.counts), pack::best_rice(&self.codes));
        w.rice(df.saturating_sub(1), 3);
        w.bits(kc, 5);
        w.bits(kp, 5);
        let kd = doc_gap_k(ndocs, df);
        for &g in &self.docs {
            w.rice(g, kd);
        }
        for &c in &self.counts {
            w.rice(c, kc);
        }
        for &p in &self.codes {
            w.rice(p, kp);
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
    if version == 1 {
        return v1::parse_body(body, raw_len);
    }
    parse_v2(body, raw_len)
}

/// One section's decoded bytes.
fn section(r: &mut Reader<'_>, tag: u8, budget: &mut u64) -> Result<Vec<u8>, SearchError> {
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

fn inflate(data: &[u8], raw_len: u64) -> Result<Vec<u8>, SearchError> {
    let raw = miniz_oxide::inflate::decompress_to_vec_with_limit(data, raw_len as usize)
        .map_err(|_| corrupt("section does not inflate"))?;
    if raw.len() as u64 != raw_len {
        return Err(corrupt("section length mismatch"));
    }
    Ok(raw)
}

/// Documents as read from the documents section, texts still empty.
fn read_docs(raw: &[u8]) -> Result<Vec<(Document, DocFields, [u32; NFIELDS])>, SearchError> {
    let mut r = Reader::new(raw);
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
        let fields = read_fields(&mut r)?;
        let lens = read_lens(&mut r)?;
        out.push((doc, fields, lens));
    }
    if !r.done() {
        return Err(corrupt("trailing data in the documents"));
    }
    Ok(out)
}

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
fn read_texts(raw: &[u8], ndocs: usize, budget: &mut u64) -> Result<Vec<String>, SearchError> {
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
fn read_dict(raw: &[u8]) -> Result<Vec<String>, SearchError> {
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

/// Decodes one term's saved postings (see [`Encoder::encode`]) into the
/// in-memory form, checking them: returns the document frequency, the
/// postings and the last document.
fn decode_postings(
    r: &mut pack::BitReader<'_>,
    ndocs: usize,
    scratch: &mut Scratch,
) -> Result<(u32, Vec<u8>, u32), SearchError> {
    let bad = || corrupt("bad postings");
    let Scratch {
        docs,
        counts,
        codes,
        pos,
    } = scratch;
    docs.clear();
    counts.clear();
    codes.clear();
    let df = r.rice(3).and_then(|d| d.checked_add(1)).ok_or_else(bad)?;
    let kc = r.bits(5).ok_or_else(bad)?;
    let kp = r.bits(5).ok_or_else(bad)?;
    // every value takes at least one bit
    if df as usize > ndocs || df as usize > r.left() {
        return Err(bad());
    }
    let kd = doc_gap_k(ndocs as u32, df);
    for _ in 0..df {
        docs.push(r.rice(kd).ok_or_else(bad)?);
    }
    let mut total = 0usize;
    for _ in 0..df {
        let c = r.rice(kc).ok_or_else(bad)?;
        total = total.saturating_add((c >> 1) as usize + 1);
        counts.push(c);
    }
    if total > r.left() {
        return Err(bad());
    }
    for _ in 0..total {
        codes.push(r.rice(kp).ok_or_else(bad)?);
    }
    let mut out = Vec::with_capacity(total * 2 + docs.len() * 2);
    let mut last: Option<u32> = None;
    let mut k = 0usize;
    for (&g, &c) in docs.iter().zip(counts.iter()) {
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
        let n = (c >> 1) as usize + 1;
        let these = codes.get(k..k + n).ok_or_else(bad)?;
        k += n;
        pos.clear();
        pack::decode_positions(these, c & 1 == 0, NFIELDS as u32, pos).ok_or_else(bad)?;
        let delta = match last {
            None => doc,
            Some(l) => doc - l,
        };
        put_varint(&mut out, u64::from(delta));
        put_varint(&mut out, n as u64);
        let mut prev = 0u32;
        for (i, &p) in pos.iter().enumerate() {
            if i > 0 && p <= prev {
                return Err(bad());
            }
            put_varint(&mut out, u64::from(p - prev));
            prev = p;
        }
        last = Some(doc);
    }
    Ok((df, out, last.unwrap_or(u32::MAX)))
}

#[derive(Default)]
struct Scratch {
    docs: Vec<u32>,
    counts: Vec<u32>,
    codes: Vec<u32>,
    pos: Vec<u32>,
}

fn parse_v2(body: &[u8], raw_len: u64) -> Result<Index, SearchError> {
    let mut r = Reader::new(body);
    let mut budget = raw_len;
    let docs_raw = section(&mut r, TAG_DOCS, &mut budget)?;
    let dict_raw = section(&mut r, TAG_DICT, &mut budget)?;
    let post_raw = section(&mut r, TAG_POSTINGS, &mut budget)?;
    let texts_raw = section(&mut r, TAG_TEXTS, &mut budget)?;
    if !r.done() {
        return Err(corrupt("trailing data after the sections"));
    }
    let docs = read_docs(&docs_raw)?;
    let ndocs = docs.len();
    let texts = read_texts(&texts_raw, ndocs, &mut budget)?;
    let terms = read_dict(&dict_raw)?;
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
    let mut p = pack::BitReader::new(&post_raw);
    let mut scratch = Scratch::default();
    let mut loaded = Vec::with_capacity(terms.len());
    for text in terms {
        let (df, postings, last_doc) = decode_postings(&mut p, ndocs, &mut scratch)?;
        loaded.push(Term {
            text,
            df,
            last_doc,
            postings,
        });
    }
    if p.left() >= 8 {
        return Err(corrupt("trailing data in the postings"));
    }
    ix.load_sorted_terms(loaded);
    Ok(ix)
}
