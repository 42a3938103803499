//! Proximity: how close two consecutive required clauses come in a
//! document.
//!
//! Both sides are sorted `(document, position)` lists; a position carries
//! its field in its high bits, so two positions of different fields are
//! never close. [`min_distances`] merges the two lists and keeps, per
//! document, the smallest distance within `MAX_PROXIMITY` tokens; runs of
//! positions (or documents) that cannot pair are stepped over by galloping
//! ([`skip_to`], [`skip_past`]).

use super::MAX_PROXIMITY;
use crate::search::index::pos_field;

/// The first index from `from` (whose document is below `doc`) where `v`
/// (sorted) reaches document `doc`, or its length: galloping, so a short
/// skip costs a few steps and a long one a binary search.
pub(super) fn skip_to(v: &[(u32, u32)], from: usize, doc: u32) -> usize {
    skip_past(v, from, (doc, 0))
}

/// The first index from `from` (whose entry is below `key`) where `v`
/// (sorted) reaches `key` (document, position), or its length: galloping,
/// as [`skip_to`].
pub(super) fn skip_past(v: &[(u32, u32)], from: usize, key: (u32, u32)) -> usize {
    let mut lo = from;
    let mut step = 1usize;
    let mut hi = from.saturating_add(1);
    while v.get(hi).is_some_and(|x| *x < key) {
        lo = hi;
        step = step.saturating_mul(2);
        hi = lo.saturating_add(step);
    }
    let hi = hi.min(v.len());
    let start = lo.saturating_add(1).min(hi);
    start
        + v.get(start..hi)
            .map_or(0, |s| s.partition_point(|x| *x < key))
}

/// Smallest distance between positions of `a` and `b` (same field), one
/// `(document, distance)` per document that has a close pair.
pub(super) fn min_distances(a: &[(u32, u32)], b: &[(u32, u32)], out: &mut Vec<(u32, u32)>) {
    let (mut i, mut j) = (0, 0);
    while let (Some(&(da, pa)), Some(&(db, pb))) = (a.get(i), b.get(j)) {
        // a document only one side has: its positions skipped in one go
        if da < db {
            i = skip_to(a, i, db);
            continue;
        }
        if db < da {
            j = skip_to(b, j, da);
            continue;
        }
        // a run of positions too far before the other side's: the merge
        // would step over each of them without a pair, so they are
        // skipped in one go, to where the step-by-step merge would be
        if pb.saturating_sub(pa) > MAX_PROXIMITY {
            i = skip_past(a, i, (da, pb - MAX_PROXIMITY));
            continue;
        }
        if pa.saturating_sub(pb) > MAX_PROXIMITY {
            j = skip_past(b, j, (db, pa - MAX_PROXIMITY));
            continue;
        }
        let d = pa.abs_diff(pb);
        if d > 0 && d <= MAX_PROXIMITY && pos_field(pa) == pos_field(pb) {
            match out.last_mut() {
                Some((doc, best)) if *doc == da => *best = (*best).min(d),
                _ => out.push((da, d)),
            }
        }
        if pa < pb {
            i += 1;
        } else {
            j += 1;
        }
    }
}
