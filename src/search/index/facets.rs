//! The facets of every document as numbers.
//!
//! Counting the people, organizations and places of a result set by their
//! strings would hash every value of every matching document per query.
//! [`FacetTable`] numbers each distinct value once and keeps each
//! document's values as numbers; it is made on the first search that asks
//! for facets and extended for documents appended since (a compaction,
//! which renumbers documents, drops it).

use super::{FxMap, StoredDoc};

/// The people, organizations and places of every document as numbers, for
/// counting facets without hashing strings: made on the first search,
/// extended for documents added since (documents are only appended; a
/// compaction, which renumbers them, drops the table).
#[derive(Debug, Default)]
pub struct FacetTable {
    /// Documents covered (internal numbers below this).
    pub upto: usize,
    /// Each facet's values by number: people, organizations, places.
    pub names: [Vec<String>; 3],
    lookup: [FxMap<String, u32>; 3],
    /// Each document's distinct values, per facet.
    pub per_doc: Vec<[Vec<u32>; 3]>,
    /// The values' folded words and sorted order, for merging short forms.
    pub prep: super::super::facet_alias::Prep,
}

impl FacetTable {
    /// Covers every document of `docs`.
    pub fn refresh(&mut self, docs: &[Option<StoredDoc>]) {
        if self.per_doc.len() != self.upto || self.upto > docs.len() {
            *self = FacetTable::default();
        }
        for d in docs.iter().skip(self.upto) {
            let mut ids: [Vec<u32>; 3] = Default::default();
            if let Some(s) = d {
                let lists = [&s.fields.people, &s.fields.orgs, &s.fields.places];
                for (k, vals) in lists.into_iter().enumerate() {
                    let (Some(names), Some(lookup), Some(out)) = (
                        self.names.get_mut(k),
                        self.lookup.get_mut(k),
                        ids.get_mut(k),
                    ) else {
                        continue;
                    };
                    let prep = &mut self.prep;
                    for v in vals {
                        let id = *lookup.entry(v.clone()).or_insert_with(|| {
                            prep.add(k, v);
                            names.push(v.clone());
                            names.len() as u32 - 1
                        });
                        if !out.contains(&id) {
                            out.push(id);
                        }
                    }
                }
            }
            self.per_doc.push(ids);
        }
        self.upto = docs.len();
    }
}
