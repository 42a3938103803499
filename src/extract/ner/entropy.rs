//! An adaptive binary range coder (the one of LZMA), for the parts of the
//! model file that gzip compresses poorly.
//!
//! Every bit is coded with a probability that adapts to the bits seen
//! before it in the same *context* (a [`Prob`] slot chosen by the caller:
//! the label, the stage, the bit's position in a number). A bit that is
//! nearly always the same costs a small fraction of a bit, so a row mask
//! whose bits follow those of the same key in stage one, or a weight whose
//! sign agrees with stage one's, takes far less than its raw size.
//! Deflate (what `gzip` applies to the download) sees bytes and repeats;
//! it cannot use that structure.
//!
//! Numbers are coded in two ways: [`Encoder::tree`] / [`Decoder::tree`]
//! (a fixed number of bits, most significant first, each bit in the
//! context of the bits above it: a learned distribution over small
//! alphabets such as cluster ids), and [`Encoder::golomb`] /
//! [`Decoder::golomb`] (an Elias-gamma style bucket coded in adaptive
//! contexts, then the bits below the bucket's top, the two highest
//! adaptive and the rest plain: for magnitudes with a peaked distribution).
//!
//! The decoder reads untrusted bytes: it never reads outside its slice
//! (past the end it sees zeros and counts them), and [`Decoder::finish`]
//! fails unless the stream was consumed exactly, as the encoder wrote it.
//! A caller bounds the number of symbols it decodes, so the work is bounded
//! whatever the bytes say.

/// Bits of probability resolution.
const PROB_BITS: u32 = 11;
/// Probability one (the value of [`PROB_INIT`] doubled).
const PROB_ONE: u16 = 1 << PROB_BITS;
/// Adaptation speed: each bit moves the probability 1/32 of the way.
const MOVE_BITS: u32 = 5;
/// The range is renormalized below this.
const TOP: u32 = 1 << 24;

/// The adaptive probability that the next bit of a context is 0.
pub(crate) type Prob = u16;
/// A fresh context: 0 and 1 equally likely.
pub(crate) const PROB_INIT: Prob = PROB_ONE / 2;

/// A table of `n` fresh contexts.
pub(crate) fn probs(n: usize) -> Vec<Prob> {
    vec![PROB_INIT; n]
}

/// A fresh context table for [`Encoder::golomb`] / [`Decoder::golomb`].
pub(crate) fn golomb_probs() -> [Prob; GOLOMB_CONTEXTS] {
    [PROB_INIT; GOLOMB_CONTEXTS]
}

/// Largest bucket of [`Encoder::golomb`]: values up to `2^31` and more fit.
const GOLOMB_MAX_BUCKET: usize = 32;
/// Contexts a [`Encoder::golomb`] call uses: the bucket's unary bits, then
/// the two adaptive bits below each bucket's top.
pub(crate) const GOLOMB_CONTEXTS: usize = GOLOMB_MAX_BUCKET + 4 * (GOLOMB_MAX_BUCKET + 1);

/// Range encoder: bits in, bytes out.
pub(crate) struct Encoder {
    low: u64,
    range: u32,
    cache: u8,
    pending: u64,
    out: Vec<u8>,
}

impl Default for Encoder {
    fn default() -> Self {
        Encoder {
            low: 0,
            range: u32::MAX,
            cache: 0,
            pending: 1,
            out: Vec::new(),
        }
    }
}

#[cfg_attr(not(feature = "train"), allow(dead_code))]
impl Encoder {
    fn shift_low(&mut self) {
        if (self.low as u32) < 0xFF00_0000 || (self.low >> 32) != 0 {
            let carry = (self.low >> 32) as u8;
            let mut byte = self.cache;
            while self.pending > 0 {
                self.out.push(byte.wrapping_add(carry));
                byte = 0xFF;
                self.pending -= 1;
            }
            self.cache = ((self.low >> 24) & 0xFF) as u8;
        }
        self.pending += 1;
        self.low = (self.low & 0x00FF_FFFF) << 8;
    }

    fn normalize(&mut self) {
        while self.range < TOP {
            self.range <<= 8;
            self.shift_low();
        }
    }

    /// Codes `bit` in the context `p` (and adapts it).
    pub fn bit(&mut self, p: &mut Prob, bit: bool) {
        let bound = (self.range >> PROB_BITS) * u32::from(*p);
        if bit {
            self.low += u64::from(bound);
            self.range -= bound;
            *p -= *p >> MOVE_BITS;
        } else {
            self.range = bound;
            *p += (PROB_ONE - *p) >> MOVE_BITS;
        }
        self.normalize();
    }

    /// Codes the low `n` bits of `v` (most significant first) at
    /// probability one half, without context.
    pub fn direct(&mut self, v: u32, n: u32) {
        for i in (0..n).rev() {
            self.range >>= 1;
            if (v >> i) & 1 != 0 {
                self.low += u64::from(self.range);
            }
            self.normalize();
        }
    }

    /// Codes the low `n` bits of `v` (most significant first), each in the
    /// context of the bits above it: `p` holds `2^n` contexts.
    pub fn tree(&mut self, p: &mut [Prob], v: u32, n: u32) {
        let mut node = 1usize;
        for i in (0..n).rev() {
            let bit = (v >> i) & 1 != 0;
            if let Some(q) = p.get_mut(node) {
                self.bit(q, bit);
            }
            node = node * 2 + usize::from(bit);
        }
    }

    /// Codes `v` as its bucket `e` (the bit length of `v + 1`, less one) in
    /// unary, then the `e` bits of `v + 1` below its top bit: the two
    /// highest adaptive, the rest direct. `p` holds [`GOLOMB_CONTEXTS`].
    pub fn golomb(&mut self, p: &mut [Prob; GOLOMB_CONTEXTS], v: u32) {
        let x = u64::from(v) + 1;
        let e = 63 - x.leading_zeros() as usize;
        for j in 0..e {
            if let Some(q) = p.get_mut(j) {
                self.bit(q, true);
            }
        }
        if e < GOLOMB_MAX_BUCKET {
            if let Some(q) = p.get_mut(e) {
                self.bit(q, false);
            }
        }
        let mut node = 1usize;
        for i in (0..e).rev() {
            let bit = (x >> i) & 1 != 0;
            if e - i <= 2 {
                let at = GOLOMB_MAX_BUCKET + 4 * e + node;
                if let Some(q) = p.get_mut(at) {
                    self.bit(q, bit);
                }
                node = node * 2 + usize::from(bit);
            } else {
                self.direct(u32::from(bit), 1);
            }
        }
    }

    /// The coded bytes.
    pub fn finish(mut self) -> Vec<u8> {
        for _ in 0..5 {
            self.shift_low();
        }
        self.out
    }
}

/// Range decoder over untrusted bytes.
pub(crate) struct Decoder<'a> {
    b: &'a [u8],
    pos: usize,
    /// Bytes asked for past the end (read as zeros).
    over: usize,
    range: u32,
    code: u32,
}

impl<'a> Decoder<'a> {
    /// A decoder at the start of the stream `b`.
    pub fn new(b: &'a [u8]) -> Self {
        let mut d = Decoder {
            b,
            pos: 0,
            over: 0,
            range: u32::MAX,
            code: 0,
        };
        for _ in 0..5 {
            d.code = (d.code << 8) | u32::from(d.next());
        }
        d
    }

    fn next(&mut self) -> u8 {
        if let Some(&x) = self.b.get(self.pos) {
            self.pos += 1;
            x
        } else {
            self.over += 1;
            0
        }
    }

    /// True once the decoder has asked for bytes past the end: every
    /// symbol from there on is garbage, and a caller may stop early.
    pub fn overrun(&self) -> bool {
        self.over > 0
    }

    /// Decodes a bit in the context `p` (and adapts it).
    ///
    /// Written without a branch on the bit (selects instead): the bits of
    /// a model are hard to predict, and a mispredicted branch a bit made
    /// loading the model several times slower.
    #[inline]
    pub fn bit(&mut self, p: &mut Prob) -> bool {
        let prob = u32::from(*p);
        let bound = (self.range >> PROB_BITS) * prob;
        let bit = self.code >= bound;
        // all ones when the bit is 1
        let m = 0u32.wrapping_sub(u32::from(bit));
        self.code -= bound & m;
        self.range = (bound & !m) | (self.range.wrapping_sub(bound) & m);
        // towards 0 (p -= p >> 5) or towards one (p += (ONE - p) >> 5)
        let up = (u32::from(PROB_ONE) - prob) >> MOVE_BITS;
        let down = prob >> MOVE_BITS;
        *p = (prob + (up & !m)).wrapping_sub(down & m) as Prob;
        // one step is enough: the probabilities stay within [31, 2017]
        // of 2048, so a decision leaves at least 2^17 of the 2^24
        if self.range < TOP {
            self.range <<= 8;
            self.code = (self.code << 8) | u32::from(self.next());
        }
        bit
    }

    /// Decodes `n` bits coded by [`Encoder::direct`].
    pub fn direct(&mut self, n: u32) -> u32 {
        let mut v = 0u32;
        for _ in 0..n {
            self.range >>= 1;
            let bit = self.code >= self.range;
            self.code -= self.range & 0u32.wrapping_sub(u32::from(bit));
            v = (v << 1) | u32::from(bit);
            if self.range < TOP {
                self.range <<= 8;
                self.code = (self.code << 8) | u32::from(self.next());
            }
        }
        v
    }

    /// Decodes `n` bits coded by [`Encoder::tree`].
    pub fn tree(&mut self, p: &mut [Prob], n: u32) -> u32 {
        let mut node = 1usize;
        for _ in 0..n {
            let bit = match p.get_mut(node) {
                Some(q) => self.bit(q),
                None => false,
            };
            node = node * 2 + usize::from(bit);
        }
        (node - (1usize << n)) as u32
    }

    /// Decodes a number coded by [`Encoder::golomb`]; `None` when it does
    /// not fit a `u32` (corrupt input).
    ///
    /// The contexts are a fixed-size table, so that no index into it needs
    /// a check; the plain bits below the two adaptive ones are read in one
    /// [`Decoder::direct`] call.
    pub fn golomb(&mut self, p: &mut [Prob; GOLOMB_CONTEXTS]) -> Option<u32> {
        let mut e = 0usize;
        while e < GOLOMB_MAX_BUCKET {
            let one = match p.get_mut(e) {
                Some(q) => self.bit(q),
                None => false,
            };
            if !one {
                break;
            }
            e += 1;
        }
        let mut x = 1u64;
        if e >= 1 {
            // the two bits below the top, adaptive: node 1, then 2 or 3
            let at = GOLOMB_MAX_BUCKET + 4 * e;
            let b = match p.get_mut(at + 1) {
                Some(q) => self.bit(q),
                None => false,
            };
            x = (x << 1) | u64::from(b);
            if e >= 2 {
                let b2 = match p.get_mut(at + 2 + usize::from(b)) {
                    Some(q) => self.bit(q),
                    None => false,
                };
                x = (x << 1) | u64::from(b2);
                // the rest plain, most significant first
                let n = (e - 2) as u32;
                x = (x << n) | u64::from(self.direct(n));
            }
        }
        u32::try_from(x - 1).ok()
    }

    /// Checks that the stream was read exactly to its end.
    pub fn finish(self) -> Result<(), String> {
        if self.over > 0 || self.pos != self.b.len() {
            Err("model stream corrupt (coded length mismatch)".to_string())
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic stream of test numbers (xorshift).
    fn numbers(n: usize) -> Vec<u32> {
        let mut s = 0x9E37_79B9_7F4A_7C15u64;
        (0..n)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                // mostly small, sometimes large
                let shift = (s >> 59) as u32;
                (s as u32) >> (shift + 1).min(31)
            })
            .collect()
    }

    #[test]
    fn every_kind_of_symbol_round_trips() {
        let xs = numbers(5000);
        let mut e = Encoder::default();
        let (mut pb, mut pt, mut pg) = (probs(4), probs(1 << 10), golomb_probs());
        for &x in &xs {
            e.bit(&mut pb[(x & 3) as usize], x & 4 != 0);
            e.tree(&mut pt, x & 1023, 10);
            e.golomb(&mut pg, x);
            e.direct(x, 7);
        }
        e.golomb(&mut pg, u32::MAX);
        let bytes = e.finish();
        let mut d = Decoder::new(&bytes);
        let (mut pb, mut pt, mut pg) = (probs(4), probs(1 << 10), golomb_probs());
        for &x in &xs {
            assert_eq!(d.bit(&mut pb[(x & 3) as usize]), x & 4 != 0);
            assert_eq!(d.tree(&mut pt, 10), x & 1023);
            assert_eq!(d.golomb(&mut pg), Some(x));
            assert_eq!(d.direct(7), x & 127);
        }
        assert_eq!(d.golomb(&mut pg), Some(u32::MAX));
        assert!(d.finish().is_ok());
    }

    #[test]
    fn skewed_bits_cost_little() {
        let mut e = Encoder::default();
        let mut p = probs(1);
        for i in 0..80_000 {
            e.bit(&mut p[0], i % 100 == 0);
        }
        let bytes = e.finish();
        // entropy of p = 0.01 is 0.081 bits: 810 bytes; allow the adaptation
        assert!(bytes.len() < 1_100, "{} bytes", bytes.len());
    }

    #[test]
    fn truncated_or_padded_streams_are_errors() {
        let mut e = Encoder::default();
        let mut p = golomb_probs();
        for x in numbers(300) {
            e.golomb(&mut p, x);
        }
        let bytes = e.finish();
        let read = |b: &[u8]| {
            let mut d = Decoder::new(b);
            let mut p = golomb_probs();
            for _ in 0..300 {
                let _ = d.golomb(&mut p);
            }
            d.finish()
        };
        assert!(read(&bytes).is_ok());
        assert!(read(&bytes[..bytes.len() - 1]).is_err());
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(read(&longer).is_err());
        assert!(read(&[]).is_err());
    }
}
