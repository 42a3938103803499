//! Reading a saved corpus: the header (magic, version, lengths, CRC-32)
//! checked before anything else, the sections found by tag, then the
//! documents, the dictionary and the postings, each checked in one linear
//! pass so that bad bytes are an error and never a panic or a half-built
//! index. Older versions are handed to [`super::v1`] and [`super::v2`].
//!
//! The postings of a version 3 file stay as saved ([`LazyPostings`]): the
//! load checks every term once and notes where each starts, and a query
//! decodes only the terms it reads.

use super::postings::{decode_postings, Scratch};
use super::{
    corrupt, crc32, pack, HEADER, MAGIC, MAX_RAW, OLDEST_VERSION, TAG_DICT, TAG_DOCS,
    TAG_POSITIONS, TAG_POSTINGS, TAG_TEXTS, VERSION,
};
// the old formats are not read by the search-only wasm
#[cfg(any(feature = "write", not(target_arch = "wasm32")))]
use super::{v1, v2};
use crate::search::index::{get_varint, Index, StoredDoc, Term};
use crate::search::{DocFields, Document, SearchError, NFIELDS};

/// A cursor over bytes that never reads past them.
pub(crate) struct Reader<'a> {
    pub(crate) buf: &'a [u8],
    pub(crate) at: usize,
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

impl crate::search::index::PostingsSource for LazyPostings {
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
