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
