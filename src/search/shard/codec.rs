//! The small codecs every binary file of a sharded index shares: strings as
//! `varint(length) bytes`, optional strings behind a 0/1 byte, 16-byte
//! hashes. Readers return `None` on anything truncated or malformed, never
//! panic, and never allocate more than the bytes they were given.

use crate::search::index::{get_varint, put_varint};

/// Writes `s` as `varint(length) bytes`.
pub(super) fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// Reads a string written by [`put_str`]; `None` if truncated or not UTF-8.
pub(super) fn get_str(b: &[u8], at: &mut usize) -> Option<String> {
    let n = usize::try_from(get_varint(b, at)?).ok()?;
    let end = at.checked_add(n)?;
    let s = std::str::from_utf8(b.get(*at..end)?).ok()?.to_string();
    *at = end;
    Some(s)
}

/// Writes an optional string: a 0 byte for none, or 1 and the string.
pub(super) fn put_opt(out: &mut Vec<u8>, s: &Option<String>) {
    match s {
        Some(s) => {
            out.push(1);
            put_str(out, s);
        }
        None => out.push(0),
    }
}

/// Reads an optional string written by [`put_opt`].
pub(super) fn get_opt(b: &[u8], at: &mut usize) -> Option<Option<String>> {
    let flag = *b.get(*at)?;
    *at += 1;
    match flag {
        0 => Some(None),
        1 => Some(Some(get_str(b, at)?)),
        _ => None,
    }
}

/// A 16-byte little-endian hash at `at`.
pub(super) fn get_hash16(b: &[u8], at: &mut usize) -> Option<u128> {
    let h: [u8; 16] = b.get(*at..at.checked_add(16)?)?.try_into().ok()?;
    *at += 16;
    Some(u128::from_le_bytes(h))
}

/// At most 40 characters of `s` (a long value echoed only in part).
pub(super) fn shorten(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", s.get(..i).unwrap_or(s)),
        None => s.to_string(),
    }
}
