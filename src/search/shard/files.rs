//! How a sharded index names and stores its files. Every file but the
//! manifest and the fragments is named after a hash of its content
//! (`t-HASH.bin`), so a name never changes meaning: a cache may keep a file
//! forever and an update writes new names beside the old ones. Fragments are
//! named by generation and document number (see the module docs of
//! `shard`), and carry their hash inside. Everything is stored as raw
//! DEFLATE, inflated within a bound ([`MAX_FILE_BYTES`]) so a hostile file
//! cannot make a reader allocate without limit.

use super::MAX_FILE_BYTES;

/// A 128-bit hash of `bytes` (not cryptographic: it names files and detects
/// corruption). Two independent 64-bit lanes over 8-byte words, each
/// finished with the MurmurHash3 mixer.
pub fn content_hash(bytes: &[u8]) -> u128 {
    fn fmix(mut h: u64) -> u64 {
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
    let len = bytes.len() as u64;
    let mut a: u64 = 0xcbf2_9ce4_8422_2325 ^ len;
    let mut b: u64 = 0x9e37_79b9_7f4a_7c15 ^ len.rotate_left(32);
    for c in bytes.chunks(8) {
        let mut w = [0u8; 8];
        for (d, s) in w.iter_mut().zip(c) {
            *d = *s;
        }
        let v = u64::from_le_bytes(w);
        a = (a ^ v).wrapping_mul(0x0000_0100_0000_01b3).rotate_left(31);
        b = (b ^ v.rotate_left(23)).wrapping_mul(0x87c3_7b91_1142_53d5);
        b ^= b >> 29;
    }
    (u128::from(fmix(a)) << 64) | u128::from(fmix(b ^ a.rotate_left(17)))
}

/// The file name of content of `kind` (`t`, `q`, `d`, `x`, `r`, `p`).
pub fn file_name(kind: char, content: &[u8]) -> String {
    format!("{kind}-{:032x}.bin", content_hash(content))
}

/// The fragment file of document number `num` of generation `gen`.
pub fn fragment_name(gen: u64, num: u32) -> String {
    format!("f-{gen:016x}{:016x}.bin", u64::from(num))
}

/// The hash a file name promises, with its kind (for a fragment: its
/// generation in the high 64 bits, its document number in the low ones).
pub fn parse_file_name(name: &str) -> Option<(char, u128)> {
    let rest = name.strip_suffix(".bin")?;
    let (kind, hex) = rest.split_once('-')?;
    let mut k = kind.chars();
    let kind = k.next()?;
    if k.next().is_some()
        || !matches!(kind, 't' | 'q' | 'd' | 'f' | 'x' | 'r' | 'p')
        || hex.len() != 32
    {
        return None;
    }
    Some((kind, u128::from_str_radix(hex, 16).ok()?))
}

/// Compresses a file's content as stored (raw DEFLATE).
pub fn compress(content: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(content, 6)
}

/// Inflates stored bytes (at most [`MAX_FILE_BYTES`]).
pub fn decompress(stored: &[u8]) -> Option<Vec<u8>> {
    miniz_oxide::inflate::decompress_to_vec_with_limit(stored, MAX_FILE_BYTES).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_hashes_differ() {
        let a = file_name('t', b"abc");
        assert_eq!(parse_file_name(&a).map(|x| x.0), Some('t'));
        assert_ne!(content_hash(b"abc"), content_hash(b"abd"));
        assert_ne!(content_hash(b""), content_hash(b"\0"));
        assert_ne!(content_hash(b"12345678"), content_hash(b"123456780"));
        assert_eq!(parse_file_name("x-00.bin"), None);
        assert_eq!(parse_file_name("manifest.json"), None);
    }

    #[test]
    fn compression_round_trips() {
        let t = b"the the the budget budget".repeat(100);
        assert_eq!(decompress(&compress(&t)).as_deref(), Some(&t[..]));
        assert_eq!(decompress(b"\xff\xff\xff"), None);
    }
}
