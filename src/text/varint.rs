//! LEB128 varints: the one integer codec of every binary format Lede writes
//! (the saved search index, the NER model).
//!
//! A value is written 7 bits at a time, least significant group first; the
//! high bit of each byte says another byte follows. Small numbers (deltas,
//! counts, lengths) take one byte:
//!
//! ```
//! use lede::text::varint::{get_varint, put_varint};
//! let mut buf = Vec::new();
//! put_varint(&mut buf, 300);
//! assert_eq!(buf, [0xac, 0x02]);
//! let mut at = 0;
//! assert_eq!(get_varint(&buf, &mut at), Some(300));
//! assert_eq!(at, 2);
//! ```
//!
//! Readers never trust their input: a truncated or over-long varint is `None`,
//! never a panic.

/// Appends `v` as a LEB128 varint.
pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a LEB128 varint at `*at`, advancing it; `None` when truncated or too long.
pub fn get_varint(buf: &[u8], at: &mut usize) -> Option<u64> {
    let mut v: u64 = 0;
    let mut shift = 0u32;
    loop {
        let b = *buf.get(*at)?;
        *at += 1;
        if shift >= 64 {
            return None;
        }
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
        shift += 7;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_truncation() {
        for v in [0u64, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            let mut b = Vec::new();
            put_varint(&mut b, v);
            let mut at = 0;
            assert_eq!(get_varint(&b, &mut at), Some(v));
            assert_eq!(at, b.len());
            let mut at = 0;
            assert_eq!(get_varint(&b[..b.len() - 1], &mut at), None);
        }
        let mut at = 0;
        assert_eq!(get_varint(&[0xff; 11], &mut at), None);
    }
}
