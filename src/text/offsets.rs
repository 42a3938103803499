//! Byte ↔ UTF-16 code-unit offset maps.
//!
//! Rust-side APIs use byte ranges into UTF-8 text; everything that crosses into
//! JavaScript or JSON uses UTF-16 code units, end-exclusive, so that
//! `text.slice(start, end)` in JS is exactly the span.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A UTF-16, end-exclusive range as it crosses into JS or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span16 {
    /// Start, in UTF-16 code units.
    pub start: u32,
    /// End (exclusive), in UTF-16 code units.
    pub end: u32,
}

/// Maps byte offsets of one text to UTF-16 code-unit offsets and back.
///
/// Built once per text in O(n); each lookup is O(log k) where k is the number
/// of non-ASCII characters (O(1) for ASCII text).
#[derive(Debug, Clone)]
pub struct OffsetMap {
    len_bytes: usize,
    len_utf16: usize,
    /// For each non-ASCII char: (byte end, utf16 end, cumulative
    /// byte-minus-utf16 delta after it, byte start).
    marks: Vec<(u32, u32, u32, u32)>,
}

impl OffsetMap {
    /// Builds the map for `text`.
    pub fn new(text: &str) -> OffsetMap {
        let mut marks = Vec::new();
        let mut delta: u32 = 0;
        if !text.is_ascii() {
            for (i, c) in text.char_indices() {
                let l8 = c.len_utf8() as u32;
                if l8 > 1 {
                    delta += l8 - c.len_utf16() as u32;
                    let end8 = i as u32 + l8;
                    marks.push((end8, end8 - delta, delta, i as u32));
                }
            }
        }
        OffsetMap {
            len_bytes: text.len(),
            len_utf16: text.len() - delta as usize,
            marks,
        }
    }

    /// Length of the text in UTF-16 code units.
    pub fn len_utf16(&self) -> usize {
        self.len_utf16
    }

    /// Length of the text in bytes.
    pub fn len_bytes(&self) -> usize {
        self.len_bytes
    }

    /// UTF-16 offset of byte offset `b` (which should be a char boundary; an
    /// offset inside a character maps to that character's end; past the end
    /// clamps to the length).
    pub fn to_utf16(&self, b: usize) -> usize {
        let b = b.min(self.len_bytes);
        if self.marks.is_empty() {
            return b;
        }
        // marks whose byte end <= b lie wholly before b
        let n = self.marks.partition_point(|m| (m.0 as usize) <= b);
        let delta = if n == 0 { 0 } else { self.marks[n - 1].2 } as usize;
        let u = b - delta;
        match self.marks.get(n) {
            // b inside the next non-ASCII char: snap to its end
            Some(&(_, end16, _, start8)) if b > start8 as usize => end16 as usize,
            _ => u,
        }
    }

    /// Byte offset of UTF-16 offset `u` (an offset between the two halves of a
    /// surrogate pair maps to the character's end; past the end clamps).
    pub fn to_byte(&self, u: usize) -> usize {
        let u = u.min(self.len_utf16);
        if self.marks.is_empty() {
            return u;
        }
        let n = self.marks.partition_point(|m| (m.1 as usize) <= u);
        let delta = if n == 0 { 0 } else { self.marks[n - 1].2 } as usize;
        let b = u + delta;
        match self.marks.get(n) {
            Some(&(end8, _, _, start8)) if b > start8 as usize => end8 as usize,
            _ => b,
        }
    }

    /// Converts a byte range to a UTF-16 [`Span16`].
    pub fn span(&self, r: Range<usize>) -> Span16 {
        Span16 {
            start: self.to_utf16(r.start) as u32,
            end: self.to_utf16(r.end) as u32,
        }
    }

    /// Converts a UTF-16 span back to a byte range.
    pub fn byte_range(&self, s: Span16) -> Range<usize> {
        self.to_byte(s.start as usize)..self.to_byte(s.end as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16_len(s: &str) -> usize {
        s.encode_utf16().count()
    }

    #[test]
    fn maps_every_boundary() {
        for text in [
            "plain ascii",
            "Russia’s “Weapons” André 😀 北京 e\u{301}",
            "😀😀x",
            "",
            "é",
        ] {
            let m = OffsetMap::new(text);
            assert_eq!(m.len_utf16(), utf16_len(text));
            for (i, _) in text
                .char_indices()
                .chain(std::iter::once((text.len(), ' ')))
            {
                let u = m.to_utf16(i);
                assert_eq!(u, utf16_len(&text[..i]), "{text:?} at {i}");
                assert_eq!(m.to_byte(u), i, "{text:?} back at {u}");
            }
            // offsets inside a character snap to its end
            for (i, c) in text.char_indices() {
                for k in 1..c.len_utf8() {
                    assert_eq!(m.to_utf16(i + k), utf16_len(&text[..i + c.len_utf8()]));
                }
                if c.len_utf16() == 2 {
                    let u = utf16_len(&text[..i]) + 1;
                    assert_eq!(m.to_byte(u), i + c.len_utf8());
                }
            }
        }
    }
}
