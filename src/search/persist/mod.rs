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
//!
//! ## One file per stage
//!
//! - `mod.rs` (this file): the header's constants, the CRC-32 and the
//!   string codec every version shares;
//! - `write.rs`: the writer, section by section (documents, dictionary,
//!   postings and positions, texts), and [`Sizes`];
//! - `postings.rs`: the bit codes of one term's postings and positions,
//!   both ways (the writer's encoder and the reader's checked decoder);
//! - `read.rs`: the reader: header and checksum, sections, documents,
//!   dictionary, and the postings kept as saved ([`LazyPostings`]) until a
//!   query reads them;
//! - [`pack`] (Rice and interpolative codes), [`stats`] (where the bytes
//!   go), [`v1`] and [`v2`] (the older formats).

pub mod pack;
mod postings;
mod read;
pub mod stats;
pub mod v1;
pub mod v2;
mod write;

pub(crate) use postings::doc_gap_k;
pub use read::{from_bytes, LazyPostings};
pub(crate) use read::{read_dict, read_fields, read_lens, read_texts, section, Reader};
pub use write::{to_bytes, to_bytes_sized, Sizes};
pub(crate) use write::{to_bytes_tallied, value_table, write_texts};

use super::index::{put_varint, POS_BITS};
use super::{Field, SearchError, NFIELDS};

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

pub(crate) fn corrupt(m: &str) -> SearchError {
    SearchError::Corrupt(m.to_string())
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
