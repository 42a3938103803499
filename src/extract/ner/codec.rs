//! The byte layer of the model file: a bounds-checked little-endian reader
//! and the varint writer.
//!
//! `models/ner.bin` is read from untrusted bytes (the embed's wasm fetches
//! it), so every read goes through [`Reader`], which checks the remaining
//! length first and returns an error instead of panicking on a truncated or
//! corrupt file. Integers are little-endian; sorted feature keys and sparse
//! row masks are LEB128 varints ([`crate::text::varint`]).
//!
//! This module depends on nothing else of the tagger: the lexicon and the
//! model both decode through it.

/// Bounds-checked little-endian reader over model bytes.
pub(crate) struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `b`.
    pub fn new(b: &'a [u8]) -> Self {
        Reader { b, pos: 0 }
    }

    /// Bytes left to read.
    pub fn remaining(&self) -> usize {
        self.b.len() - self.pos
    }

    /// The next `n` bytes.
    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], String> {
        if n > self.remaining() {
            return Err(format!("model truncated at byte {}", self.pos));
        }
        let s = &self.b[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    /// One byte.
    pub fn u8(&mut self) -> Result<u8, String> {
        Ok(self.bytes(1)?[0])
    }

    /// A little-endian `u16`.
    pub fn u16(&mut self) -> Result<u16, String> {
        let s = self.bytes(2)?;
        Ok(u16::from_le_bytes([s[0], s[1]]))
    }

    /// A little-endian `u32`.
    pub fn u32(&mut self) -> Result<u32, String> {
        let s = self.bytes(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }

    /// A little-endian `f32`; NaN and infinities are errors.
    pub fn f32(&mut self) -> Result<f32, String> {
        let v = f32::from_bits(self.u32()?);
        if v.is_finite() {
            Ok(v)
        } else {
            Err("non-finite number in model".to_string())
        }
    }

    /// A varint that fits a `u32`.
    pub fn varint(&mut self) -> Result<u32, String> {
        let v = crate::text::varint::get_varint(self.b, &mut self.pos)
            .ok_or_else(|| format!("bad varint at byte {}", self.pos))?;
        u32::try_from(v).map_err(|_| "varint overflow".to_string())
    }

    /// `n` bytes of UTF-8 text.
    pub fn str(&mut self, n: usize) -> Result<String, String> {
        let b = self.bytes(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| "invalid UTF-8 in model".to_string())
    }
}

/// Appends `v` as a varint.
pub(crate) fn put_varint(out: &mut Vec<u8>, v: u32) {
    crate::text::varint::put_varint(out, u64::from(v));
}
