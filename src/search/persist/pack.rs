//! Block bit-packing of `u32` sequences, and the position codes of the saved
//! postings.
//!
//! A sequence is cut into blocks of [`BLOCK`] values (the last one shorter);
//! each block is one byte holding the bit width `w` of its largest value,
//! then its values packed `w` bits each, least significant bit first, padded
//! to a whole byte. A block of zeros is one byte. Small values (document
//! gaps, counts, position gaps) cost the bits they need, not whole bytes, and
//! decoding is a tight shift-and-mask loop.
//!
//! ```
//! use lede::search::persist::pack::{pack, unpack};
//! let v: Vec<u32> = (0..300).map(|i| i % 7).collect();
//! let mut buf = Vec::new();
//! pack(&v, &mut buf);
//! assert!(buf.len() < 130); // 3 bits a value, plus one width byte a block
//! let mut back = Vec::new();
//! let mut at = 0;
//! unpack(&buf, &mut at, v.len(), &mut back).unwrap();
//! assert_eq!(back, v);
//! ```
//!
//! Readers never trust their input: a width over 32 or a block past the end
//! of the bytes is `None`, never a panic.

/// Values per block.
pub const BLOCK: usize = 128;

/// Appends `values`, bit-packed in blocks.
pub fn pack(values: &[u32], out: &mut Vec<u8>) {
    for chunk in values.chunks(BLOCK) {
        let max = chunk.iter().fold(0u32, |a, &b| a | b);
        let w = 32 - max.leading_zeros();
        out.push(w as u8);
        if w == 0 {
            continue;
        }
        let mut acc: u64 = 0;
        let mut n = 0u32;
        for &v in chunk {
            acc |= u64::from(v) << n;
            n += w;
            while n >= 8 {
                out.push(acc as u8);
                acc >>= 8;
                n -= 8;
            }
        }
        if n > 0 {
            out.push(acc as u8);
        }
    }
}

/// Reads `count` values packed by [`pack`] at `*at` (advancing it), appending
/// them to `out`; `None` when the bytes are malformed or too short.
pub fn unpack(buf: &[u8], at: &mut usize, count: usize, out: &mut Vec<u32>) -> Option<()> {
    let mut left = count;
    while left > 0 {
        let len = left.min(BLOCK);
        let w = u32::from(*buf.get(*at)?);
        *at += 1;
        if w > 32 {
            return None;
        }
        if w == 0 {
            out.extend(std::iter::repeat(0).take(len));
            left -= len;
            continue;
        }
        let nbytes = (len * w as usize).div_ceil(8);
        let bytes = buf.get(*at..at.checked_add(nbytes)?)?;
        *at += nbytes;
        let mask: u64 = if w == 32 {
            u64::from(u32::MAX)
        } else {
            (1u64 << w) - 1
        };
        let mut acc: u64 = 0;
        let mut n = 0u32;
        let mut it = bytes.iter();
        for _ in 0..len {
            while n < w {
                acc |= u64::from(*it.next()?) << n;
                n += 8;
            }
            out.push((acc & mask) as u32);
            acc >>= w;
            n -= w;
        }
        left -= len;
    }
    Some(())
}

/// Bits of a position that hold the token index (as in the index).
const POS_BITS: u32 = super::super::index::POS_BITS;
const POS_MASK: u32 = (1 << POS_BITS) - 1;

/// True when every position of a document's entry is in the body: then its
/// positions are coded as plain gaps (see [`encode_positions`]).
pub fn body_only(positions: &[u32]) -> bool {
    positions
        .iter()
        .all(|&p| p >> POS_BITS == super::super::Field::Body as u32)
}

/// Codes the sorted positions (`field << 24 | token`) of one document's entry.
///
/// Body-only entries (most of them): the gaps between token indices, minus
/// one (the first from −1). Other entries: fields never decrease, so each
/// position is, from the state (field, last token) starting at (0, −1),
/// either `2 × (gap − 1)` in the same field or `1 + 2 × (token × 8 + field
/// step − 1)` in a later field.
pub fn encode_positions(positions: &[u32], body: bool, out: &mut Vec<u32>) {
    let mut field = if body {
        super::super::Field::Body as u32
    } else {
        0
    };
    let mut last: i64 = -1;
    for &p in positions {
        let f = p >> POS_BITS;
        let t = i64::from(p & POS_MASK);
        let v = if f == field {
            let gap = (t - last - 1).max(0) as u32;
            if body {
                gap
            } else {
                gap.saturating_mul(2)
            }
        } else {
            let step = f.saturating_sub(field).saturating_sub(1).min(7);
            field = f;
            1 + 2 * ((t as u32) * 8 + step)
        };
        out.push(v);
        last = t;
    }
}

/// Decodes `codes` made by [`encode_positions`] into positions (appended to
/// `out`); `None` when a code leaves the fields or token range.
pub fn decode_positions(codes: &[u32], body: bool, nfields: u32, out: &mut Vec<u32>) -> Option<()> {
    let mut field = if body {
        super::super::Field::Body as u32
    } else {
        0
    };
    let mut last: i64 = -1;
    for &v in codes {
        let t = if body {
            last + 1 + i64::from(v)
        } else if v & 1 == 0 {
            last + 1 + i64::from(v >> 1)
        } else {
            let x = v >> 1;
            field = field.checked_add(1 + (x & 7))?;
            i64::from(x >> 3)
        };
        if field >= nfields || t > i64::from(POS_MASK) || t < 0 {
            return None;
        }
        out.push(field << POS_BITS | t as u32);
        last = t;
    }
    Some(())
}

// ------------------------------------------------------------ Rice codes

/// Unary quotients this long or longer are escaped: the value follows in 32 bits.
const ESCAPE: u32 = 48;

/// A bit stream writer, least significant bit first.
#[derive(Debug, Default)]
pub struct BitWriter {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl BitWriter {
    /// Appends the `k` (at most 32) low bits of `v`.
    pub fn bits(&mut self, v: u32, k: u32) {
        if k == 0 {
            return;
        }
        let v = u64::from(v) & ((1u64 << k) - 1);
        self.acc |= v << self.n;
        self.n += k;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// Appends `v` as a Rice code with parameter `k`: `v >> k` in unary (that
    /// many one bits, then a zero), then the `k` low bits. A quotient of
    /// [`ESCAPE`] or more is written as [`ESCAPE`] one bits and `v` in 32 bits.
    pub fn rice(&mut self, v: u32, k: u32) {
        let k = k.min(32);
        let q = if k >= 32 { 0 } else { v >> k };
        if q >= ESCAPE {
            self.ones(ESCAPE);
            self.bits(v, 32);
            return;
        }
        self.ones(q);
        self.bits(0, 1);
        self.bits(v, k);
    }

    fn ones(&mut self, mut q: u32) {
        while q > 0 {
            let m = q.min(32);
            self.bits(u32::MAX, m);
            q -= m;
        }
    }

    /// Bits written so far.
    pub fn bit_len(&self) -> u64 {
        self.out.len() as u64 * 8 + u64::from(self.n)
    }

    /// The bytes written, the last one padded with zeros.
    pub fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// Length in bits of `v` as a Rice code with parameter `k` (see [`BitWriter::rice`]).
pub fn rice_len(v: u32, k: u32) -> u32 {
    let k = k.min(32);
    let q = if k >= 32 { 0 } else { v >> k };
    if q >= ESCAPE {
        ESCAPE + 32
    } else {
        q + 1 + k
    }
}

/// The Rice parameter that codes `values` in the fewest bits.
pub fn best_rice(values: &[u32]) -> u32 {
    let mut best = (u64::MAX, 0);
    for k in 0..=24u32 {
        let bits: u64 = values
            .iter()
            .map(|&v| {
                let q = v >> k;
                if q >= ESCAPE {
                    u64::from(ESCAPE) + 32
                } else {
                    u64::from(q) + 1 + u64::from(k)
                }
            })
            .sum();
        if bits < best.0 {
            best = (bits, k);
        }
    }
    best.1
}

/// A bit stream reader over bytes written by [`BitWriter`]; reading past
/// the end is `None`, never a panic.
#[derive(Debug)]
pub struct BitReader<'a> {
    buf: &'a [u8],
    at: usize,
    acc: u64,
    n: u32,
}

impl<'a> BitReader<'a> {
    /// A reader at the start of `buf`.
    pub fn new(buf: &'a [u8]) -> Self {
        BitReader {
            buf,
            at: 0,
            acc: 0,
            n: 0,
        }
    }

    /// A reader of `buf` from bit `bit` (as [`BitReader::bit_pos`] gave
    /// it); past the end, a reader with nothing left.
    pub fn at_bit(buf: &'a [u8], bit: usize) -> Self {
        let mut r = BitReader::new(buf);
        r.at = (bit / 8).min(buf.len());
        if bit / 8 < buf.len() {
            r.refill();
            let skip = (bit % 8) as u32;
            if r.n >= skip {
                r.drop_bits(skip);
            }
        }
        r
    }

    /// Bits read so far from the start of the buffer.
    pub fn bit_pos(&self) -> usize {
        (self.buf.len() * 8).saturating_sub(self.left())
    }

    fn refill(&mut self) {
        if self.n <= 56 {
            // a whole word at once when eight bytes are left
            if let Some(w) = self
                .at
                .checked_add(8)
                .and_then(|e| self.buf.get(self.at..e))
                .and_then(|b| <[u8; 8]>::try_from(b).ok())
            {
                let take = (63 - self.n) / 8;
                self.acc |= u64::from_le_bytes(w) << self.n;
                self.at += take as usize;
                self.n += take * 8;
                // bits above `n` are kept clean for `bits` and `rice`
                self.acc &= if self.n >= 64 {
                    u64::MAX
                } else {
                    (1u64 << self.n) - 1
                };
                return;
            }
        }
        while self.n <= 56 {
            let Some(&b) = self.buf.get(self.at) else {
                break;
            };
            self.acc |= u64::from(b) << self.n;
            self.n += 8;
            self.at += 1;
        }
    }

    fn drop_bits(&mut self, k: u32) {
        self.acc = if k >= 64 { 0 } else { self.acc >> k };
        self.n -= k;
    }

    /// The next `k` (at most 32) bits.
    pub fn bits(&mut self, k: u32) -> Option<u32> {
        if k == 0 {
            return Some(0);
        }
        if k > 32 {
            return None;
        }
        self.refill();
        if self.n < k {
            return None;
        }
        let v = (self.acc & ((1u64 << k) - 1)) as u32;
        self.drop_bits(k);
        Some(v)
    }

    /// The next Rice code with parameter `k` (see [`BitWriter::rice`]).
    pub fn rice(&mut self, k: u32) -> Option<u32> {
        let mut q = 0u32;
        loop {
            self.refill();
            if self.n == 0 {
                return None;
            }
            let ones = (!self.acc).trailing_zeros().min(self.n).min(ESCAPE - q);
            q += ones;
            self.drop_bits(ones);
            if q == ESCAPE {
                return self.bits(32);
            }
            if self.n > 0 {
                // the zero that ends the quotient
                self.drop_bits(1);
                break;
            }
        }
        if k >= 32 {
            // the whole value is in the low bits
            return if q == 0 { self.bits(32) } else { None };
        }
        let low = self.bits(k)?;
        q.checked_shl(k).map(|h| h | low)
    }

    /// Bits not read yet (including the padding of the last byte).
    pub fn left(&self) -> usize {
        (self.buf.len() - self.at.min(self.buf.len())) * 8 + self.n as usize
    }
}

// ------------------------------------------------ binary interpolative codes

/// Bits that hold any value of `0..=span`.
fn span_bits(span: u32) -> u32 {
    32 - span.leading_zeros()
}

/// Visits a sorted list the way binary interpolative coding does: the
/// middle value first, known to lie in a range narrowed by the values on
/// each side of it, then the left half, then the right half (a stack, not
/// recursion: its depth is at most the log of the length). Calls
/// `f(index, low, high)` for every value, in that order; `f` returns the
/// value at `index` (known to the writer, read by the reader), or `None` to
/// stop. A value whose range holds only itself (`low == high`) costs no bit.
fn interpolate(
    n: usize,
    lo: u32,
    hi: u32,
    mut f: impl FnMut(usize, u32, u32) -> Option<u32>,
) -> Option<()> {
    let mut stack: Vec<(usize, usize, u32, u32)> = vec![(0, n, lo, hi)];
    while let Some((s, e, lo, hi)) = stack.pop() {
        if s >= e {
            continue;
        }
        // a range too small for its values: bad input
        if u64::from(hi) + 1 < u64::from(lo) + (e - s) as u64 {
            return None;
        }
        let mid = s + (e - s) / 2;
        let min = lo + (mid - s) as u32;
        let max = hi - (e - mid - 1) as u32;
        let v = f(mid, min, max)?;
        if v < min || v > max {
            return None;
        }
        if mid + 1 < e {
            stack.push((mid + 1, e, v + 1, hi));
        }
        if s < mid {
            stack.push((s, mid, lo, v - 1));
        }
    }
    Some(())
}

/// Bits of `values` (strictly increasing, within `lo..=hi`) as a binary
/// interpolative code ([`write_interpolative`]); `u64::MAX` when they are not.
pub fn interpolative_len(values: &[u32], lo: u32, hi: u32) -> u64 {
    let mut bits = 0u64;
    let ok = interpolate(values.len(), lo, hi, |i, min, max| {
        bits += u64::from(span_bits(max - min));
        values.get(i).copied()
    });
    if ok.is_some() {
        bits
    } else {
        u64::MAX
    }
}

/// Writes `values` (strictly increasing, within `lo..=hi`) as a binary
/// interpolative code: each value in the fewest bits that hold its range
/// given the values already written. Clustered lists (a word used in one
/// part of a corpus) cost much less than their gaps in Rice codes.
pub fn write_interpolative(w: &mut BitWriter, values: &[u32], lo: u32, hi: u32) {
    let _ = interpolate(values.len(), lo, hi, |i, min, max| {
        let v = values.get(i).copied()?;
        w.bits(v.saturating_sub(min), span_bits(max - min));
        Some(v)
    });
}

/// Reads `n` values written by [`write_interpolative`] into `out` (replaced);
/// `None` when the bits run out or a value leaves its range.
pub fn read_interpolative(
    r: &mut BitReader<'_>,
    n: usize,
    lo: u32,
    hi: u32,
    out: &mut Vec<u32>,
) -> Option<()> {
    out.clear();
    if lo > hi || n as u64 > u64::from(hi - lo) + 1 {
        return if n == 0 { Some(()) } else { None };
    }
    out.resize(n, 0);
    interpolate(n, lo, hi, |i, min, max| {
        let v = min.checked_add(r.bits(span_bits(max - min))?)?;
        *out.get_mut(i)? = v;
        Some(v)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_every_width() {
        for w in 0..=32u32 {
            let max = if w == 0 { 0 } else { u32::MAX >> (32 - w) };
            let v: Vec<u32> = (0..301u32)
                .map(|i| if i % 3 == 0 { max } else { i & max })
                .collect();
            let mut buf = Vec::new();
            pack(&v, &mut buf);
            let mut back = Vec::new();
            let mut at = 0;
            unpack(&buf, &mut at, v.len(), &mut back).unwrap();
            assert_eq!(back, v, "width {w}");
            assert_eq!(at, buf.len());
            // short input is an error, never a panic
            for cut in 0..buf.len() {
                let mut at = 0;
                let mut out = Vec::new();
                assert!(
                    unpack(&buf[..cut], &mut at, v.len(), &mut out).is_none() || cut == buf.len()
                );
            }
        }
    }

    #[test]
    fn rice_codes_round_trip_and_never_panic() {
        let v: Vec<u32> = (0..500u32)
            .map(|i| (i * 7919) % 1000 + if i % 97 == 0 { 1 << 30 } else { 0 })
            .collect();
        for k in [0, 3, 9, 24, 32] {
            let mut w = BitWriter::default();
            for &x in &v {
                w.rice(x, k);
            }
            let buf = w.finish();
            let mut r = BitReader::new(&buf);
            let back: Vec<u32> = (0..v.len()).map(|_| r.rice(k).unwrap()).collect();
            assert_eq!(back, v, "k {k}");
            assert!(r.left() < 8);
            let mut r = BitReader::new(&buf[..buf.len() / 2]);
            assert!((0..v.len()).any(|_| r.rice(k).is_none()));
        }
        assert_eq!(best_rice(&[0, 0, 1, 0]), 0);
        assert!(best_rice(&[500, 700, 300, 900]) >= 7);
    }

    #[test]
    fn interpolative_codes_round_trip_and_never_panic() {
        let lists: [Vec<u32>; 5] = [
            vec![],
            vec![7],
            (0..100).collect(),
            vec![3, 4, 5, 90, 91, 92, 93, 500, 2000, 2001],
            (0..300)
                .map(|i| i * i % 9973)
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect(),
        ];
        for v in &lists {
            let mut w = BitWriter::default();
            write_interpolative(&mut w, v, 0, 9999);
            assert_eq!(w.bit_len(), interpolative_len(v, 0, 9999));
            let buf = w.finish();
            let mut r = BitReader::new(&buf);
            let mut back = Vec::new();
            read_interpolative(&mut r, v.len(), 0, 9999, &mut back).unwrap();
            assert_eq!(&back, v);
            // short input or a count too large: an error, never a panic
            let mut r = BitReader::new(&buf[..buf.len() / 2]);
            let _ = read_interpolative(&mut r, v.len(), 0, 9999, &mut back);
            let mut r = BitReader::new(&buf);
            assert!(read_interpolative(&mut r, 10_001, 0, 9999, &mut back).is_none());
        }
        // a dense run costs no bit at all; a clustered list less than spread values
        assert_eq!(interpolative_len(&lists[2], 0, 99), 0);
        let clustered: Vec<u32> = (1000..1050).collect();
        let spread: Vec<u32> = (0..50).map(|i| i * 199).collect();
        assert!(interpolative_len(&clustered, 0, 9999) * 3 < interpolative_len(&spread, 0, 9999));
        // values outside the range are refused by the measure
        assert_eq!(interpolative_len(&[5, 3], 0, 10), u64::MAX);
    }

    #[test]
    fn positions_round_trip() {
        let body = |t: u32| (1 << POS_BITS) | t;
        let f = |field: u32, t: u32| (field << POS_BITS) | t;
        for ps in [
            vec![body(0), body(5), body(6)],
            vec![f(0, 2), body(1), body(40), f(2, 0), f(2, 9), f(6, 3)],
            vec![f(0, 0)],
            vec![f(3, POS_MASK)],
        ] {
            let b = body_only(&ps);
            let mut codes = Vec::new();
            encode_positions(&ps, b, &mut codes);
            let mut back = Vec::new();
            decode_positions(&codes, b, 7, &mut back).unwrap();
            assert_eq!(back, ps);
        }
        let mut out = Vec::new();
        assert!(decode_positions(&[u32::MAX], false, 7, &mut out).is_none());
    }
}
