//! Version 1 of the saved format, still read (and written only for tests of
//! that): the same 32-byte header, then one deflated payload of LEB128
//! varints and length-prefixed UTF-8 strings: the live documents (id, title,
//! text, date, source, url, the five extracted fields, the field lengths),
//! then the terms with their document frequencies and varint postings.
//!
//! Not read by the search-only wasm (no feature `write`): see [`super`].

#![cfg_attr(all(target_arch = "wasm32", not(feature = "write")), allow(dead_code))]

use super::{corrupt, put_opt, put_str, read_fields, read_lens, Reader, HEADER, MAGIC};
use crate::search::index::{pos_field, put_varint, Index, PostingsIter, StoredDoc, Term};
use crate::search::{Document, SearchError, NFIELDS};
use std::collections::HashMap;

/// The version number of this format.
pub const VERSION: u32 = 1;

/// Serializes the live part of an index in version 1 (for tests of old files).
#[doc(hidden)]
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
            ix.term_postings(t).to_vec()
        } else {
            crate::search::index::remap_postings(ix.term_postings(t), &remap, &mut pos).0
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
    out.extend_from_slice(&super::crc32(&body).to_le_bytes());
    out.extend_from_slice(&body);
    out
}

/// Reads a version-1 body (after the header and its checks).
pub(super) fn parse_body(body: &[u8], raw_len: u64) -> Result<Index, SearchError> {
    let raw = miniz_oxide::inflate::decompress_to_vec_with_limit(body, raw_len as usize)
        .map_err(|_| corrupt("payload does not inflate"))?;
    if raw.len() as u64 != raw_len {
        return Err(corrupt("payload length mismatch"));
    }
    parse(&raw)
}

fn parse(raw: &[u8]) -> Result<Index, SearchError> {
    let mut r = Reader::new(raw);
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
            lang: None,
        };
        let fields = read_fields(&mut r)?;
        let lens = read_lens(&mut r)?;
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
    if !r.done() {
        return Err(corrupt("trailing data in the payload"));
    }
    ix.refresh_fst();
    Ok(ix)
}
