//! The positional inverted index: the stored documents, a term dictionary
//! (a hash map for exact look-ups, a sorted array rebuilt lazily plus a
//! short list of recent terms for prefix and edit-distance look-ups),
//! English stems, and compact postings. Ranking (`super::ranking`) reads it;
//! the saved formats (`super::persist`, `super::shard`) write and rebuild it.
//!
//! A position is `field << 24 | token index` ([`make_pos`], [`pos_field`]),
//! so one sorted list of a term's positions in a document holds every field
//! and a phrase never crosses from one field into another; the values of a
//! multi-valued field (people, places) are [`VALUE_GAP`] tokens apart, so a
//! phrase never joins two of them either.
//!
//! One file per concern, in the order a document travels:
//!
//! - `stored.rs`: a document as stored ([`StoredDoc`]), with the marks the
//!   highlighter places matches by, made when a text is shown often enough
//!   to pay for them;
//! - `change.rs`: adding and removing documents, and compacting the
//!   postings once removed documents pile up;
//! - `postings.rs`: one term's postings, their byte format and the
//!   iterator that decodes them ([`PostingsIter`]);
//! - `terms.rs`: term look-ups and stems, including a loaded index's terms,
//!   which stay a sorted array until something needs the maps;
//! - `dictionary.rs`: the sorted dictionary and the trie-like walk of an
//!   [`Automaton`] over it (prefix look-ups);
//! - `typo.rs`: the edit-distance automaton and the faster walk of a
//!   two-edit look-up ([`Index::edit_terms`]);
//! - `facets.rs`: each document's people, organizations and places as
//!   numbers, for counting facets;
//! - `stats.rs`: document counts, average field lengths and the packed
//!   per-document values ranking reads for every postings entry
//!   ([`Index::doc_ranks`]);
//! - `tests.rs`: the codecs and the walks held to brute-force references.

mod change;
mod dictionary;
mod facets;
mod postings;
mod stats;
mod stored;
mod terms;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
mod typo;

use super::analysis::TermStemmer;
use super::{Field, NFIELDS};
use std::cell::RefCell;

pub use dictionary::{Automaton, FstCache, Prefix, SortedTerms};
pub use facets::FacetTable;
pub use postings::{remap_postings, PostingsIter, PostingsSource, Term};
pub use stats::{length_code, length_of_code, quantized_length, DocRank, RankCache};
pub use stored::StoredDoc;
pub use terms::LoadedTerms;
pub use typo::{EdState, EditDistance, MAX_FUZZY_BYTES};

pub use crate::text::hash::{FxHasher, FxMap};
pub use crate::text::varint::{get_varint, put_varint};

/// Bits of a position that hold the token index (the field is above them).
pub const POS_BITS: u32 = 24;
const POS_MASK: u32 = (1 << POS_BITS) - 1;
/// Gap between two values of a multi-valued field (so phrases never join them).
const VALUE_GAP: u32 = 8;

/// The field of a global position.
pub fn pos_field(p: u32) -> u8 {
    (p >> POS_BITS) as u8
}

/// Makes a global position.
pub fn make_pos(field: Field, ti: u32) -> u32 {
    ((field as u32) << POS_BITS) | ti.min(POS_MASK)
}

/// The index proper.
#[derive(Debug, Default)]
pub struct Index {
    /// Documents by internal number (`None`: removed).
    pub docs: Vec<Option<StoredDoc>>,
    /// Internal number of each live document id.
    pub by_id: FxMap<String, u32>,
    /// Sum of each field's length over live documents.
    pub field_len_sum: [u64; NFIELDS],
    /// Terms by id.
    pub terms: Vec<Term>,
    /// Term id of each term.
    pub term_ids: FxMap<String, u32>,
    /// Term ids of each English stem.
    pub stems: FxMap<String, Vec<u32>>,
    /// The stemmer.
    pub stemmer: TermStemmer,
    /// The prefix / edit-distance dictionary.
    pub fst: RefCell<FstCache>,
    /// The facet values of each document as numbers, made lazily.
    pub facets: RefCell<FacetTable>,
    /// Number of removed documents whose postings remain.
    pub deleted: u32,
    /// Documents that ranking counts (IDF, average field lengths) when this
    /// index is a partial view of a larger one (the sharded reader); `None`:
    /// the live documents.
    pub ranking_docs: Option<u64>,
    /// Postings of a loaded index still in their saved form, decoded per
    /// term on first read (see [`Index::postings`]); `None`: every term's
    /// postings are in [`Term::postings`].
    pub lazy: Option<Box<dyn PostingsSource>>,
    /// The state of a loaded index's terms (see [`LoadedTerms`]).
    pub loaded: LoadedTerms,
    /// What ranking reads of each document for every posting, made by
    /// ranking on first use (see [`RankCache`]).
    pub rank_cache: RefCell<RankCache>,
    /// Bumped by every change to the documents (insert, remove, compact), so
    /// that caches over them know when they are stale.
    pub changes: u64,
}
