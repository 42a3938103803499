//! Writing the current format (3): the live documents renumbered densely,
//! then one section after another in the order a reader needs them
//! (documents, dictionary, postings: the rank part; positions; texts), each
//! deflated or stored as the module documentation says, behind a header with
//! the body's length and CRC-32.
//!
//! [`to_bytes_tallied`] is the one writer: it also counts the bytes of each
//! part ([`Sizes`]) and, for [`super::stats`], the bits of each kind of
//! code, so the figures describe exactly the bytes written.

use super::postings::Encoder;
use super::{
    crc32, pack, put_opt, put_str, stats, HEADER, LEVEL, MAGIC, TAG_DICT, TAG_DOCS, TAG_POSITIONS,
    TAG_POSTINGS, TAG_TEXTS, TEXT_BLOCK_BYTES, VERSION,
};
use crate::search::index::{put_varint, Index, Term};
use crate::search::NFIELDS;
use crate::text::hash::FxMap;

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
