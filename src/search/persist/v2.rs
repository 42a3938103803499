//! Version 2 of the saved format, still read (and written only for tests of
//! that): the header of [`super`], then four sections: documents (with
//! their extracted fields as strings), the front-coded dictionary, one Rice
//! bit stream of postings holding every position, and the texts.
//!
//! Postings, per term in dictionary order: its document frequency, then
//! three delta-coded sequences in Rice codes: document gaps (the first
//! absolute, then gap − 1), count codes (`2 × (count − 1)`, + 1 when some
//! position is outside the body) and position codes
//! ([`pack::encode_positions`]).
//!
//! Not read by the search-only wasm (no feature `write`): see [`super`].

#![cfg_attr(all(target_arch = "wasm32", not(feature = "write")), allow(dead_code))]

use super::{
    corrupt, crc32, doc_gap_k, pack, put_opt, put_str, read_dict, read_fields, read_lens,
    read_texts, section, Reader, HEADER, LEVEL, MAGIC, TAG_DICT, TAG_DOCS, TAG_POSTINGS, TAG_TEXTS,
};
use crate::search::index::{put_varint, Index, PostingsIter, StoredDoc, Term};
use crate::search::{DocFields, Document, SearchError, NFIELDS};

/// The version number of this format.
pub const VERSION: u32 = 2;

/// Serializes the live part of an index in version 2 (for tests of old files).
#[doc(hidden)]
pub fn to_bytes(ix: &Index) -> Vec<u8> {
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
    crate::text::sort::sort_by(&mut live, |a, b| a.text.cmp(&b.text));
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
        enc.encode(ix.term_postings(t), &remap, next, &mut bits);
    }
    let postings = bits.finish();
    // texts, in blocks: the same section as format 3's
    let (texts, text_raw) = super::write_texts(ix);

    let mut body = Vec::new();
    let mut raw_total = text_raw;
    for (tag, data, deflate) in [
        (TAG_DOCS, &docs, true),
        (TAG_DICT, &dict, true),
        (TAG_POSTINGS, &postings, false),
        (TAG_TEXTS, &texts, false),
    ] {
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
        body.extend_from_slice(bytes);
    }
    let mut out = Vec::with_capacity(HEADER + body.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&raw_total.to_le_bytes());
    out.extend_from_slice(&crc32(&body).to_le_bytes());
    out.extend_from_slice(&body);
    out
}

/// Re-encodes in-memory postings into the saved form, reusing its buffers.
#[derive(Default)]
struct Encoder {
    pos: Vec<u32>,
    docs: Vec<u32>,
    counts: Vec<u32>,
    codes: Vec<u32>,
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

pub(super) fn parse_body(body: &[u8], raw_len: u64) -> Result<Index, SearchError> {
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
