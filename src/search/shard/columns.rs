//! Postings by column. A term shard stores each term's postings as columns
//! (all document deltas, then all field masks, then term frequencies and
//! field lengths field by field) rather than rows: like values side by side
//! deflate better. The reader turns them back into the rows the in-memory
//! index decodes, checking every count on the way.
//!
//! Field lengths are stored as [`length_code`]s (format 5): a byte that
//! keeps a length to within about 3%, which is all BM25F reads of it (the
//! in-memory ranking reads lengths the same way). Exact lengths took half
//! of a term shard once deflated. Format 4 shards, with exact lengths, are
//! still read.

use crate::search::index::{get_varint, length_code, length_of_code, put_varint};
use crate::search::NFIELDS;

/// Postings by column, as a term shard stores them: the `df` document
/// deltas, then the `df` field masks, then for each field the term
/// frequencies of the entries holding it, then for each field their field
/// lengths as [`length_code`]s (all varints but the masks). Like values side
/// by side compress better than rows. `rows`: postings as the reader decodes
/// them (see the module docs); `None` if they are malformed.
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
                let len = u32::try_from(get_varint(rows, &mut at)?).ok()?;
                put_varint(&mut lens[f], u64::from(length_code(len)));
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
/// when the bytes do not hold exactly that many well-formed entries. With
/// `coded` (format 5) the lengths are [`length_code`]s and the rows get the
/// lengths they stand for; else (format 4) they are the lengths.
pub fn postings_from_columns(cols: &[u8], df: u32, coded: bool) -> Option<Vec<u8>> {
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
                let len = *lens[f].get(k)?;
                let len = if coded {
                    u64::from(length_of_code(u32::try_from(len).ok()?)?)
                } else {
                    len
                };
                put_varint(&mut out, len);
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
        // the lengths come back as the lengths their codes stand for
        let back = postings_from_columns(&cols, 3, true).expect("well formed");
        assert_eq!(postings_to_columns(&back, 3).as_deref(), Some(&cols[..]));
        assert_ne!(back, rows, "300 and up are stored to within a few percent");
        assert_eq!(postings_from_columns(&cols, 2, true), None);
        assert_eq!(postings_from_columns(&cols, 4, true), None);
        assert_eq!(
            postings_from_columns(&cols[..cols.len() - 1], 3, true),
            None
        );
        assert_eq!(postings_to_columns(&rows, 4), None);
        // a format 4 shard (exact lengths): one entry, document 5, field 1,
        // frequency 2, length 300
        let mut cols4 = vec![5u8, 0b10, 2];
        put_varint(&mut cols4, 300);
        let mut want = vec![5u8, 0b10, 2];
        put_varint(&mut want, 300);
        assert_eq!(postings_from_columns(&cols4, 1, false), Some(want));
        // read as codes, 300 is no code any length has
        assert_eq!(postings_from_columns(&cols4, 1, true), None);
    }

    #[test]
    fn length_codes_keep_small_lengths_and_read_back_large_ones_closely() {
        for len in 0..16 {
            assert_eq!(length_of_code(length_code(len)), Some(len));
        }
        let mut last = 0;
        for len in (0..200_000u32).chain([u32::MAX - 1, u32::MAX]) {
            let c = length_code(len);
            assert!(c >= last, "codes grow with lengths");
            last = c;
            let back = length_of_code(c).expect("a code of a length reads back");
            assert_eq!(
                length_code(back),
                c,
                "{len}: the read-back length has the same code"
            );
            let err = (f64::from(back) - f64::from(len)).abs() / f64::from(len.max(1));
            assert!(err <= 1.0 / 16.0, "{len} read back as {back}");
        }
        assert!(length_code(u32::MAX) < 256, "one byte's worth of codes");
        assert_eq!(length_of_code(5000), None);
    }
}
