//! Postings by column. A term shard stores each term's postings as columns
//! (all document deltas, then all field masks, then term frequencies and
//! field lengths field by field) rather than rows: like values side by side
//! deflate better. The reader turns them back into the rows the in-memory
//! index decodes, checking every count on the way.

use crate::search::index::{get_varint, put_varint};
use crate::search::NFIELDS;

/// Postings by column, as a term shard stores them: the `df` document
/// deltas, then the `df` field masks, then for each field the term
/// frequencies of the entries holding it, then for each field their field
/// lengths (all varints but the masks). Like values side by side compress
/// better than rows. `rows`: postings as the reader decodes them (see the
/// module docs); `None` if they are malformed.
pub fn postings_to_columns(rows: &[u8], df: u32) -> Option<Vec<u8>> {
    let mut deltas = Vec::new();
    let mut masks = Vec::with_capacity(df as usize);
    let mut tfs: [Vec<u8>; NFIELDS] = Default::default();
    let mut lens: [Vec<u8>; NFIELDS] = Default::default();
    let mut at = 0;
    for _ in 0..df {
        put_varint(&mut deltas, get_varint(rows, &mut at)?);
        let m = *rows.get(at)?;
        at += 1;
        masks.push(m);
        for f in 0..NFIELDS {
            if m & (1 << f) != 0 {
                put_varint(&mut tfs[f], get_varint(rows, &mut at)?);
                put_varint(&mut lens[f], get_varint(rows, &mut at)?);
            }
        }
    }
    if at != rows.len() {
        return None;
    }
    let mut out = deltas;
    out.extend_from_slice(&masks);
    for c in tfs.iter().chain(lens.iter()) {
        out.extend_from_slice(c);
    }
    Some(out)
}

/// The rows of [`postings_to_columns`]'s columns (`df` entries), or `None`
/// when the bytes do not hold exactly that many well-formed entries.
pub fn postings_from_columns(cols: &[u8], df: u32) -> Option<Vec<u8>> {
    let n = df as usize;
    // every entry takes at least a delta byte and a mask byte
    if n > cols.len() / 2 {
        return None;
    }
    let mut at = 0;
    let mut deltas = Vec::with_capacity(n);
    for _ in 0..n {
        deltas.push(get_varint(cols, &mut at)?);
    }
    let masks = cols.get(at..at.checked_add(n)?)?;
    at += n;
    let mut per_field = [0usize; NFIELDS];
    for &m in masks {
        if u32::from(m) >> NFIELDS != 0 {
            return None;
        }
        for (f, c) in per_field.iter_mut().enumerate() {
            *c += usize::from(m & (1 << f) != 0);
        }
    }
    let mut tfs: [Vec<u64>; NFIELDS] = Default::default();
    let mut lens: [Vec<u64>; NFIELDS] = Default::default();
    for col in [&mut tfs, &mut lens] {
        for (f, c) in col.iter_mut().enumerate() {
            for _ in 0..per_field[f] {
                c.push(get_varint(cols, &mut at)?);
            }
        }
    }
    if at != cols.len() {
        return None;
    }
    let mut out = Vec::with_capacity(cols.len() + n);
    let mut next = [0usize; NFIELDS];
    for (d, &m) in deltas.iter().zip(masks) {
        put_varint(&mut out, *d);
        out.push(m);
        for f in 0..NFIELDS {
            if m & (1 << f) != 0 {
                let k = next[f];
                next[f] += 1;
                put_varint(&mut out, *tfs[f].get(k)?);
                put_varint(&mut out, *lens[f].get(k)?);
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_columns_round_trip_and_reject_bad_counts() {
        let mut rows = Vec::new();
        for (d, m, f) in [(3u64, 0b11u8, 2u64), (1, 0b10, 1), (250, 0b1000001, 7)] {
            put_varint(&mut rows, d);
            rows.push(m);
            for b in 0..NFIELDS {
                if m & (1 << b) != 0 {
                    put_varint(&mut rows, f);
                    put_varint(&mut rows, 300 + b as u64);
                }
            }
        }
        let cols = postings_to_columns(&rows, 3).expect("well formed");
        assert_eq!(postings_from_columns(&cols, 3).as_deref(), Some(&rows[..]));
        assert_eq!(postings_from_columns(&cols, 2), None);
        assert_eq!(postings_from_columns(&cols, 4), None);
        assert_eq!(postings_from_columns(&cols[..cols.len() - 1], 3), None);
        assert_eq!(postings_to_columns(&rows, 4), None);
    }
}
