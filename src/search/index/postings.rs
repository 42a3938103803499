//! One term's postings: which documents hold the term, and where.
//!
//! Postings of a term are one byte vector of entries in increasing internal
//! document number: `varint(doc delta) varint(count) count × varint(position
//! delta)` (the first entry's delta is its document number). A position is
//! `field << 24 | token index` (see the parent module), so one sorted list
//! holds every field. Bytes, not structs: a corpus's postings are most of
//! its memory, and a varint of a small delta is one byte.
//!
//! [`PostingsIter`] decodes them entry by entry. Ranking reads most entries'
//! positions (they give the field counts), but a phrase or a highlight
//! wants only some documents: [`PostingsIter::next_doc`] gives an entry's
//! document and count and leaves the positions to be read or stepped over
//! ([`PostingsIter::skip_positions`], eight bytes a step). Malformed bytes
//! end the iteration (`None`); nothing panics.

use super::{get_varint, put_varint};

/// A dictionary term.
#[derive(Debug, Clone, Default)]
pub struct Term {
    /// The folded term.
    pub text: String,
    /// Number of live documents that contain it.
    pub df: u32,
    /// Internal number of the last document in `postings` (`u32::MAX`: none).
    pub last_doc: u32,
    /// Encoded postings (see the module documentation).
    pub postings: Vec<u8>,
}

/// [`get_varint`] with the one-byte case (most deltas and counts) inline.
#[inline(always)]
fn varint(buf: &[u8], at: &mut usize) -> Option<u64> {
    match buf.get(*at) {
        Some(&b) if b < 0x80 => {
            *at += 1;
            Some(u64::from(b))
        }
        _ => get_varint(buf, at),
    }
}

/// Decodes the entries of one postings list.
pub struct PostingsIter<'a> {
    buf: &'a [u8],
    at: usize,
    doc: u64,
    first: bool,
}

impl<'a> PostingsIter<'a> {
    /// Iterates over `buf`.
    pub fn new(buf: &'a [u8]) -> Self {
        PostingsIter {
            buf,
            at: 0,
            doc: 0,
            first: true,
        }
    }

    /// Resumes reading at byte `at` of `buf`, where [`PostingsIter::offset`]
    /// was after the entry of document `doc` was read: its positions (with
    /// [`PostingsIter::positions_each`]) and the entries after it.
    pub fn resume(buf: &'a [u8], at: usize, doc: u32) -> Self {
        PostingsIter {
            buf,
            at,
            doc: u64::from(doc),
            first: false,
        }
    }

    /// The byte offset read up to.
    pub fn offset(&self) -> usize {
        self.at
    }

    /// True when every byte was read.
    pub fn at_end(&self) -> bool {
        self.at >= self.buf.len()
    }

    /// The next entry: its document, with its positions written to `pos`
    /// (cleared first). `None` at the end or on malformed bytes.
    pub fn next_into(&mut self, pos: &mut Vec<u32>) -> Option<u32> {
        let (doc, n) = self.next_doc()?;
        self.positions_into(n, pos)?;
        Some(doc)
    }

    /// The next entry's document and number of positions, leaving the
    /// positions unread: the caller must then call [`PostingsIter::positions_into`]
    /// or [`PostingsIter::skip_positions`] with that number before the next
    /// entry. `None` at the end or on malformed bytes.
    pub fn next_doc(&mut self) -> Option<(u32, u64)> {
        if self.at >= self.buf.len() {
            return None;
        }
        let d = varint(self.buf, &mut self.at)?;
        self.doc = if self.first {
            d
        } else {
            self.doc.checked_add(d)?
        };
        self.first = false;
        let n = varint(self.buf, &mut self.at)?;
        Some((u32::try_from(self.doc).ok()?, n))
    }

    /// Reads the `n` positions of the entry [`PostingsIter::next_doc`] just
    /// gave into `pos` (cleared first). `None` on malformed bytes.
    pub fn positions_into(&mut self, n: u64, pos: &mut Vec<u32>) -> Option<()> {
        pos.clear();
        let mut p: u64 = 0;
        for _ in 0..n {
            p = p.checked_add(varint(self.buf, &mut self.at)?)?;
            pos.push(u32::try_from(p).ok()?);
        }
        Some(())
    }

    /// Reads the `n` positions of the entry [`PostingsIter::next_doc`] just
    /// gave, calling `each` on every one in order, without storing them.
    /// `None` on malformed bytes (after `each` saw the positions before them).
    #[inline]
    pub fn positions_each(&mut self, n: u64, mut each: impl FnMut(u32)) -> Option<()> {
        let mut p: u64 = 0;
        for _ in 0..n {
            p = p.checked_add(varint(self.buf, &mut self.at)?)?;
            each(u32::try_from(p).ok()?);
        }
        Some(())
    }

    /// Steps over the `n` positions of the entry [`PostingsIter::next_doc`]
    /// just gave, without decoding them (a varint ends at a byte below
    /// 0x80). `None` when the bytes end first.
    pub fn skip_positions(&mut self, n: u64) -> Option<()> {
        let mut left = n;
        // eight bytes at a time while they end no more varints than are
        // left: each byte below 0x80 ends one (a long list is stepped over
        // in an eighth of the steps; the bytewise loop finishes)
        while left >= 8 {
            let Some(chunk) = self.buf.get(self.at..self.at + 8) else {
                break;
            };
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            let ends = u64::from((!u64::from_le_bytes(b) & 0x8080_8080_8080_8080).count_ones());
            if ends > left {
                break;
            }
            left -= ends;
            self.at += 8;
        }
        while left > 0 {
            let &b = self.buf.get(self.at)?;
            self.at += 1;
            left -= u64::from(b < 0x80);
        }
        Some(())
    }
}

/// Re-encodes postings with documents renumbered by `remap` (`u32::MAX`:
/// dropped); returns the bytes and the last document number.
pub fn remap_postings(buf: &[u8], remap: &[u32], pos: &mut Vec<u32>) -> (Vec<u8>, u32) {
    let mut out = Vec::with_capacity(buf.len());
    let mut it = PostingsIter::new(buf);
    let mut last = u32::MAX;
    while let Some(doc) = it.next_into(pos) {
        let Some(&nd) = remap.get(doc as usize) else {
            continue;
        };
        if nd == u32::MAX {
            continue;
        }
        let delta = if last == u32::MAX { nd } else { nd - last };
        put_varint(&mut out, u64::from(delta));
        put_varint(&mut out, pos.len() as u64);
        let mut prev = 0;
        for &p in pos.iter() {
            put_varint(&mut out, u64::from(p - prev));
            prev = p;
        }
        last = nd;
    }
    (out, last)
}

/// Postings kept elsewhere than in [`Term::postings`] (a loaded index's
/// saved bit streams), decoded into the in-memory form on request.
pub trait PostingsSource: std::fmt::Debug + Send + Sync {
    /// The postings of term `id` (see the module documentation); empty for
    /// an unknown id or bytes that do not decode.
    fn get(&self, id: u32) -> &[u8];
}
