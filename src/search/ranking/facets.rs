//! Facets: the most frequent people, organisations and places among all
//! the matched documents, short forms merged into their full names.

use super::FACET_SIZE;
use crate::search::index::Index;
use crate::search::{FacetCount, Facets};

/// The top values of each entity field over the documents `docs`: each
/// document's values are numbers ([`crate::search::index::FacetTable`]), counted in
/// arrays, so the cost is one increment per value, whatever the names. Short
/// forms then merge into their full names ([`crate::search::facet_alias`]), on the
/// values' prepared word numbers, and the documents are counted again only
/// for a field where something merged.
pub(super) fn facets(ix: &Index, docs: &[u32]) -> Facets {
    let mut table = ix.facets.borrow_mut();
    table.refresh(&ix.docs);
    let table = &mut *table;
    table.prep.sort(&table.names);
    let table = &*table;
    let mut out: [Vec<FacetCount>; 3] = Default::default();
    for (k, slot) in out.iter_mut().enumerate() {
        let n = table.names.get(k).map_or(0, Vec::len);
        let mut counts = vec![0u32; n];
        let mut touched: Vec<u32> = Vec::new();
        let count_into = |counts: &mut Vec<u32>, touched: &mut Vec<u32>, id: u32| {
            if let Some(x) = counts.get_mut(id as usize) {
                if *x == 0 {
                    touched.push(id);
                }
                *x += 1;
            }
        };
        for &d in docs {
            if let Some(list) = table.per_doc.get(d as usize).and_then(|ids| ids.get(k)) {
                for &id in list {
                    count_into(&mut counts, &mut touched, id);
                }
            }
        }
        // the values in sorted order, as the alias rules read them
        crate::text::sort::sort_by_key_hot(&mut touched, |&id| table.prep.rank(k, id));
        let values: Vec<(u32, u32)> = touched
            .iter()
            .map(|&id| (id, counts.get(id as usize).copied().unwrap_or(0)))
            .collect();
        let canon = table.prep.aliases(k, &values);
        if canon.iter().any(Option::is_some) {
            // each document counts once per canonical name
            let mut to = vec![u32::MAX; n];
            for ((id, _), c) in values.iter().zip(&canon) {
                if let (Some(slot), Some(c)) = (to.get_mut(*id as usize), c) {
                    *slot = *c;
                }
            }
            for &id in &touched {
                if let Some(x) = counts.get_mut(id as usize) {
                    *x = 0;
                }
            }
            touched.clear();
            let mut seen: Vec<u32> = Vec::new();
            for &d in docs {
                let Some(list) = table.per_doc.get(d as usize).and_then(|ids| ids.get(k)) else {
                    continue;
                };
                seen.clear();
                for &id in list {
                    let c = match to.get(id as usize) {
                        Some(&c) if c != u32::MAX => c,
                        _ => id,
                    };
                    if !seen.contains(&c) {
                        seen.push(c);
                        count_into(&mut counts, &mut touched, c);
                    }
                }
            }
        }
        let mut v: Vec<(u32, u32, u32)> = touched
            .iter()
            .map(|&id| {
                let c = counts.get(id as usize).copied().unwrap_or(0);
                (c, table.prep.rank(k, id), id)
            })
            .collect();
        // most results first, then in the values' sorted order
        let order = |a: &(u32, u32, u32), b: &(u32, u32, u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        if v.len() > FACET_SIZE {
            v.select_nth_unstable_by(FACET_SIZE - 1, order);
            v.truncate(FACET_SIZE);
        }
        v.sort_unstable_by(order);
        let names = table.names.get(k);
        *slot = v
            .into_iter()
            .map(|(count, _, id)| FacetCount {
                value: names
                    .and_then(|ns| ns.get(id as usize))
                    .cloned()
                    .unwrap_or_default(),
                count,
            })
            .collect();
    }
    let [people, orgs, places] = out;
    Facets {
        people,
        orgs,
        places,
    }
}
