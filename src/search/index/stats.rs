//! Corpus statistics for ranking: document counts, average field lengths,
//! and the packed per-document values read for every postings entry.
//!
//! BM25F divides each field's term count by a length norm of the
//! document's field length over the corpus average. Reading a document's
//! lengths from its [`StoredDoc`](super::StoredDoc) (hundreds of bytes) for
//! every postings entry cost a cache miss per entry; [`Index::doc_ranks`]
//! keeps the norms and two flags packed in 32 bytes a document, made once
//! and kept until the documents change.

use super::super::NFIELDS;
use super::Index;

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

/// Significant bits kept of a field length by [`length_code`] (the leading
/// one and three more): BM25F reads a length to within about 3%.
const LENGTH_BITS: u32 = 4;

/// A field length as a small code, for the sharded index's postings: the
/// lengths below 16 exactly, larger ones by their leading [`LENGTH_BITS`]
/// bits (a float of 3 mantissa bits, as Lucene keeps its norms in a byte).
/// Codes grow with lengths; [`length_of_code`] reads one back.
///
/// A sharded index stores each posting's field lengths, and exact lengths
/// were half of a term shard's bytes once deflated; codes take a byte and
/// repeat far more. Ranking reads every length through
/// [`quantized_length`], in memory as in the sharded reader, so both give
/// the same scores.
pub fn length_code(len: u32) -> u32 {
    let bits = 32 - len.leading_zeros();
    if bits <= LENGTH_BITS {
        return len;
    }
    let shift = bits - LENGTH_BITS;
    // the exponent counts from 1 above the exact codes; the mantissa is the
    // bits under the leading one
    (shift << (LENGTH_BITS - 1)) + (len >> shift)
}

/// The length a [`length_code`] stands for: the middle of the lengths that
/// share the code, so `length_code(length_of_code(c)) == c` for every code
/// `length_code` gives. `None` for a code no length has.
pub fn length_of_code(code: u32) -> Option<u32> {
    let exact = 1u32 << LENGTH_BITS;
    if code < exact {
        return Some(code);
    }
    let half = 1u32 << (LENGTH_BITS - 1);
    let shift = (code - half) / half;
    let mantissa = code - shift * half;
    if shift == 0 || shift > 32 - LENGTH_BITS {
        return None;
    }
    let low = u64::from(mantissa) << shift;
    let high = low + (1u64 << shift) - 1;
    u32::try_from(low + (high - low) / 2).ok()
}

/// `len` as ranking reads it: the length its [`length_code`] stands for.
pub fn quantized_length(len: u32) -> u32 {
    length_of_code(length_code(len)).unwrap_or(len)
}
