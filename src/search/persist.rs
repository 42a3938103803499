//! The binary format of a corpus: a header, a deflated payload and a CRC-32.
//!
//! ```text
//! offset  size  what
//! 0       8     magic "LEDESRCH"
//! 8       4     format version (u32 LE), currently 1
//! 12      8     payload length in bytes, compressed (u64 LE)
//! 20      8     payload length in bytes, uncompressed (u64 LE)
//! 28      4     CRC-32 (IEEE) of the compressed payload (u32 LE)
//! 32      ...   payload, deflated (RFC 1951)
//! ```
//!
//! The uncompressed payload is LEB128 varints and length-prefixed UTF-8
//! strings: the live documents (id, title, text, date, source, url, the five
//! extracted fields, the field lengths), then the terms with their document
//! frequencies and postings (documents renumbered densely, removed ones
//! dropped). Stems and the fst are rebuilt on load. Every check runs before
//! anything is built, so bad bytes give an error and change nothing.

use super::index::{get_varint, pos_field, put_varint, Index, PostingsIter, StoredDoc, Term};
use super::{DocFields, Document, SearchError, NFIELDS};
use std::collections::HashMap;

/// The magic header.
pub const MAGIC: &[u8; 8] = b"LEDESRCH";
/// The format version this build writes and reads.
pub const VERSION: u32 = 1;
const HEADER: usize = 32;
/// Largest uncompressed payload accepted (1 GiB).
const MAX_RAW: u64 = 1 << 30;

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

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn put_opt(out: &mut Vec<u8>, s: &Option<String>) {
    match s {
        None => put_varint(out, 0),
        Some(s) => {
            put_varint(out, s.len() as u64 + 1);
            out.extend_from_slice(s.as_bytes());
        }
    }
}

/// Serializes the live part of an index.
pub fn to_bytes(ix: &Index) -> Vec<u8> {
    let mut raw = Vec::new();
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
    put_varint(&mut raw, u64::from(next));
    for s in ix.docs.iter().flatten() {
        put_str(&mut raw, &s.doc.id);
        put_str(&mut raw, &s.doc.title);
        put_str(&mut raw, &s.doc.text);
        put_opt(&mut raw, &s.doc.date);
        put_opt(&mut raw, &s.doc.source);
        put_opt(&mut raw, &s.doc.url);
        for (_, vals) in s.fields.by_field() {
            put_varint(&mut raw, vals.len() as u64);
            for v in vals {
                put_str(&mut raw, v);
            }
        }
        for l in s.lens {
            put_varint(&mut raw, u64::from(l));
        }
    }
    let live_terms: Vec<&Term> = ix.terms.iter().filter(|t| t.df > 0).collect();
    put_varint(&mut raw, live_terms.len() as u64);
    let mut pos = Vec::new();
    for t in live_terms {
        put_str(&mut raw, &t.text);
        put_varint(&mut raw, u64::from(t.df));
        let p = if ix.deleted == 0 {
            t.postings.clone()
        } else {
            super::index::remap_postings(&t.postings, &remap, &mut pos).0
        };
        put_varint(&mut raw, p.len() as u64);
        raw.extend_from_slice(&p);
    }
    let body = miniz_oxide::deflate::compress_to_vec(&raw, 6);
    let mut out = Vec::with_capacity(HEADER + body.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&(raw.len() as u64).to_le_bytes());
    out.extend_from_slice(&crc32(&body).to_le_bytes());
    out.extend_from_slice(&body);
    out
}

struct Reader<'a> {
    buf: &'a [u8],
    at: usize,
}

fn corrupt(m: &str) -> SearchError {
    SearchError::Corrupt(m.to_string())
}

impl Reader<'_> {
    fn varint(&mut self) -> Result<u64, SearchError> {
        get_varint(self.buf, &mut self.at).ok_or_else(|| corrupt("bad number"))
    }

    fn count(&mut self) -> Result<usize, SearchError> {
        let n = self.varint()?;
        // every counted item takes at least one byte
        if n > (self.buf.len() - self.at.min(self.buf.len())) as u64 {
            return Err(corrupt("count larger than the data"));
        }
        Ok(n as usize)
    }

    fn bytes(&mut self, n: usize) -> Result<&[u8], SearchError> {
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

    fn string(&mut self) -> Result<String, SearchError> {
        let n = self.count()?;
        let b = self.bytes(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| corrupt("bad UTF-8"))
    }

    fn opt(&mut self) -> Result<Option<String>, SearchError> {
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
}

/// Reads an index written by [`to_bytes`].
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
    if version != VERSION {
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
    let raw = miniz_oxide::inflate::decompress_to_vec_with_limit(body, raw_len as usize)
        .map_err(|_| corrupt("payload does not inflate"))?;
    if raw.len() as u64 != raw_len {
        return Err(corrupt("payload length mismatch"));
    }
    parse(&raw)
}

fn parse(raw: &[u8]) -> Result<Index, SearchError> {
    let mut r = Reader { buf: raw, at: 0 };
    let ndocs = r.count()?;
    let mut ix = Index::default();
    for num in 0..ndocs {
        let doc = Document {
            id: r.string()?,
            title: r.string()?,
            text: r.string()?,
            date: r.opt()?,
            source: r.opt()?,
            url: r.opt()?,
        };
        let mut lists: [Vec<String>; 5] = Default::default();
        for l in lists.iter_mut() {
            let n = r.count()?;
            for _ in 0..n {
                l.push(r.string()?);
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
        let mut lens = [0u32; NFIELDS];
        for l in lens.iter_mut() {
            *l = u32::try_from(r.varint()?).map_err(|_| corrupt("bad field length"))?;
        }
        if doc.id.is_empty() || ix.by_id.contains_key(&doc.id) {
            return Err(corrupt("empty or duplicate document id"));
        }
        for (s, l) in ix.field_len_sum.iter_mut().zip(lens.iter()) {
            *s += u64::from(*l);
        }
        ix.by_id.insert(doc.id.clone(), num as u32);
        ix.docs.push(Some(StoredDoc::new(doc, fields, lens)));
    }
    let nterms = r.count()?;
    let mut seen: HashMap<String, ()> = HashMap::with_capacity(nterms);
    let mut pos = Vec::new();
    for _ in 0..nterms {
        let text = r.string()?;
        let df = u32::try_from(r.varint()?).map_err(|_| corrupt("bad document frequency"))?;
        let n = r.count()?;
        let postings = r.bytes(n)?.to_vec();
        // validate: documents increasing and in range, positions increasing
        let mut it = PostingsIter::new(&postings);
        let mut count = 0u32;
        let mut last: Option<u32> = None;
        let mut consumed_ok = true;
        loop {
            match it.next_into(&mut pos) {
                Some(d) => {
                    if d as usize >= ndocs
                        || last.is_some_and(|l| d <= l)
                        || pos.is_empty()
                        || pos.iter().any(|&p| pos_field(p) as usize >= NFIELDS)
                    {
                        return Err(corrupt("bad postings"));
                    }
                    last = Some(d);
                    count += 1;
                }
                None => {
                    if !it.at_end() {
                        consumed_ok = false;
                    }
                    break;
                }
            }
        }
        if !consumed_ok
            || count != df
            || df == 0
            || text.is_empty()
            || seen.insert(text.clone(), ()).is_some()
        {
            return Err(corrupt("bad term entry"));
        }
        ix.push_term(Term {
            text,
            df,
            last_doc: last.unwrap_or(u32::MAX),
            postings,
        });
    }
    if r.at != raw.len() {
        return Err(corrupt("trailing data in the payload"));
    }
    ix.refresh_fst();
    Ok(ix)
}
