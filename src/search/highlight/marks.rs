//! Walking a stored text chunk by chunk, counting tokens, and the marks
//! ([`TextMarks`]) that let a walk start near where it is going.
//!
//! The tokenizer reads each whitespace-separated chunk on its own, so the
//! token number of any chunk is the sum of the token counts of the chunks
//! before it. [`Walker`] keeps that sum as it steps: one table look-up per
//! byte ([`BYTE_CLASS`]), a plain word counted as one token and a word
//! with one mark (`said,`, `year.`) as two without a [`Chunk`] made for
//! them ([`Walker::pass_plain`], also used by [`TextMarks::new`] between
//! checkpoints), the other common ASCII shapes
//! counted from their bytes ([`simple_count`],
//! [`count_chunk_tokens`]), and only the rest (`U.S.`, accented words,
//! curly quotes: about one chunk in a hundred) tokenized. [`TextMarks`] are
//! checkpoints of such a walk, made once per text, plus the token count of
//! each chunk that had to be tokenized, so a later walk never tokenizes
//! anything but the chunk it stops in.

use super::super::analysis::tokenize_fast_no_shapes;
use super::{CHECKPOINT_BYTES, MAX_CHUNK_BYTES, SCAN_BUDGET};
use crate::text::fast::count_chunk_tokens;
use crate::text::Token;

/// A place where tokenizing may start: a chunk start (after whitespace or at
/// the text start), with the number of tokens before it and its offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpoint {
    /// Number of tokens before the chunk (the index of its first token).
    pub token: u32,
    /// Byte offset of the chunk start.
    pub byte: u32,
    /// UTF-16 offset of the chunk start.
    pub utf16: u32,
    /// Number of complex chunks before it (an index into [`TextMarks::counts`]).
    pub complex: u32,
}

/// What a stored text keeps so that token positions can be placed without
/// re-reading it: its UTF-16 length, a checkpoint about every
/// [`CHECKPOINT_BYTES`] (none for shorter texts), and the token count of each
/// complex chunk: one whose count cannot be read from its bytes (see
/// [`Chunk::simple`]; about one chunk in a hundred in news text: `U.S.`,
/// accented words, curly quotes), so that placing a position never tokenizes
/// anything but the chunk it falls in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextMarks {
    /// Length of the text in UTF-16 code units.
    pub len16: u32,
    /// Checkpoints in text order.
    pub checkpoints: Vec<Checkpoint>,
    /// Token count of each complex chunk, in text order (255: that many or
    /// more, count again).
    pub counts: Vec<u8>,
}

impl TextMarks {
    /// The marks of `text` (one pass; only complex chunks are tokenized).
    pub fn new(text: &str) -> TextMarks {
        let mut w = Walker::new();
        let mut checkpoints = Vec::new();
        let mut counts = Vec::new();
        let mut next = CHECKPOINT_BYTES;
        loop {
            // plain words short of the next checkpoint passed without a
            // chunk each (the same counts as the loop below gives them)
            w.pass_plain_before(text, next);
            let Some(c) = w.next_chunk(text) else { break };
            if c.start >= next {
                checkpoints.push(Checkpoint {
                    token: c.token as u32,
                    byte: c.start as u32,
                    utf16: c.start16 as u32,
                    complex: w.complex as u32,
                });
                next = c.start + CHECKPOINT_BYTES;
            }
            match c.simple(text) {
                Some(n) => w.pass(&c, n, false),
                None => {
                    let n = chunk_tokens(text, &c).len();
                    counts.push(n.min(255) as u8);
                    w.pass(&c, n, true);
                }
            }
        }
        let rest = text.get(w.byte..).map_or(0, utf16_len);
        checkpoints.shrink_to_fit();
        counts.shrink_to_fit();
        TextMarks {
            len16: (w.u16 + rest) as u32,
            checkpoints,
            counts,
        }
    }

    /// Longest text placed without marks (see [`TextMarks::unmarked`]): no
    /// chunk in it can be longer than [`MAX_CHUNK_BYTES`], and a walk over
    /// all of it stays within [`SCAN_BUDGET`].
    pub const MAX_UNMARKED: usize = if MAX_CHUNK_BYTES < SCAN_BUDGET {
        MAX_CHUNK_BYTES
    } else {
        SCAN_BUDGET
    };

    /// Marks with only the text's UTF-16 length: no checkpoints (a walk
    /// starts at the text start) and no stored counts (each complex chunk
    /// is tokenized as the walk passes it). [`locate_matches`] gives with
    /// them what it gives with [`TextMarks::new`] for any text of at most
    /// [`TextMarks::MAX_UNMARKED`] bytes: checkpoints only let a walk start
    /// later, and neither a too-long chunk nor the scan budget can stop a
    /// walk over such a text.
    pub fn unmarked(text: &str) -> TextMarks {
        TextMarks {
            len16: utf16_len(text) as u32,
            checkpoints: Vec::new(),
            counts: Vec::new(),
        }
    }

    /// Number of tokens of a chunk, the `complex`-th complex one when
    /// `simple` is `None`.
    pub(super) fn count(
        &self,
        text: &str,
        c: &Chunk,
        simple: Option<usize>,
        complex: usize,
    ) -> usize {
        match simple {
            Some(n) => n,
            None => match self.counts.get(complex) {
                Some(&n) if n < 255 => usize::from(n),
                _ => chunk_tokens(text, c).len(),
            },
        }
    }

    /// The last checkpoint at or before token `token`.
    pub(super) fn before(&self, token: usize) -> Option<&Checkpoint> {
        let k = self
            .checkpoints
            .partition_point(|c| c.token as usize <= token);
        k.checked_sub(1).and_then(|k| self.checkpoints.get(k))
    }

    /// The first checkpoint at or after byte `b`.
    pub(super) fn after_byte(&self, b: usize) -> Option<&Checkpoint> {
        let k = self.checkpoints.partition_point(|c| (c.byte as usize) < b);
        self.checkpoints.get(k)
    }
}

/// UTF-16 length of `s`, read from its bytes: one unit per byte that
/// starts a character (any but a continuation byte, `0b10xx_xxxx`), and one
/// more per four-byte character (a surrogate pair), without decoding any.
pub(super) fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    s.as_bytes()
        .iter()
        .map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

pub(super) const fn is_ws_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// One whitespace-separated chunk, as the tokenizer reads it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Chunk {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) start16: usize,
    pub(super) len16: usize,
    /// Index of the chunk's first token.
    pub(super) token: usize,
    /// Made only of ASCII letters and digits (one token; false when not
    /// known).
    pub(super) plain: bool,
}

impl Chunk {
    /// Its token count when it can be read from its bytes (plain words,
    /// and the common ASCII shapes of [`count_chunk_tokens`]), without
    /// tokenizing it.
    pub(super) fn simple(&self, text: &str) -> Option<usize> {
        if self.plain {
            return Some(1);
        }
        let chunk = text.get(self.start..self.end)?;
        simple_count(chunk.as_bytes()).or_else(|| count_chunk_tokens(chunk))
    }
}

/// [`BYTE_CLASS`] of whitespace (ASCII).
pub(super) const WS: u8 = 0;

/// [`BYTE_CLASS`] of an ASCII letter or digit.
pub(super) const ALNUM: u8 = 1;

/// [`BYTE_CLASS`] of any other ASCII byte.
pub(super) const MARK: u8 = 2;

/// [`BYTE_CLASS`] of a byte of a character outside ASCII.
pub(super) const WIDE: u8 = 3;

/// The class of each byte, for the chunk walk: one look-up a byte.
pub(super) static BYTE_CLASS: [u8; 256] = {
    let mut t = [WIDE; 256];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = if is_ws_byte(b) {
            WS
        } else if b.is_ascii_alphanumeric() {
            ALNUM
        } else {
            MARK
        };
        i += 1;
    }
    t
};

/// Walks a text chunk by chunk, keeping the byte, UTF-16, token and complex
/// chunk counts.
#[derive(Debug, Clone, Copy)]
pub(super) struct Walker {
    pub(super) byte: usize,
    pub(super) u16: usize,
    pub(super) token: usize,
    pub(super) complex: usize,
}

impl Walker {
    pub(super) fn new() -> Walker {
        Walker {
            byte: 0,
            u16: 0,
            token: 0,
            complex: 0,
        }
    }

    pub(super) fn at(c: &Checkpoint) -> Walker {
        Walker {
            byte: c.byte as usize,
            u16: c.utf16 as usize,
            token: c.token as usize,
            complex: c.complex as usize,
        }
    }

    /// The next chunk (whitespace before it skipped), without passing it.
    pub(super) fn next_chunk(&self, text: &str) -> Option<Chunk> {
        self.next_chunk_upto(text, usize::MAX)
    }

    /// [`Walker::next_chunk`], reading at most `max` bytes of the chunk (a
    /// longer one comes back cut, `max + 1` bytes or so long).
    pub(super) fn next_chunk_upto(&self, text: &str, max: usize) -> Option<Chunk> {
        let bytes = text.as_bytes();
        let (mut i, mut u) = (self.byte, self.u16);
        loop {
            let &b = bytes.get(i)?;
            match BYTE_CLASS[usize::from(b)] {
                WS => {
                    i += 1;
                    u += 1;
                }
                WIDE => {
                    let c = text.get(i..)?.chars().next()?;
                    if !c.is_whitespace() {
                        break;
                    }
                    i += c.len_utf8();
                    u += c.len_utf16();
                }
                _ => break,
            }
        }
        let (start, start16) = (i, u);
        // ASCII bytes a table look-up each (a UTF-16 unit each), other
        // characters decoded; bytes past `start + max` are not read
        let lim = start.saturating_add(max).saturating_add(1).min(bytes.len());
        // the classes seen, or-ed (MARK sets bit 1: not plain)
        let mut seen = 0u8;
        // bytes beyond one unit of each character outside ASCII
        let mut extra = 0usize;
        loop {
            let run = bytes.get(i..lim).unwrap_or(&[]);
            let mut n = 0;
            for &b in run {
                let class = BYTE_CLASS[usize::from(b)];
                if class == WS || class == WIDE {
                    break;
                }
                seen |= class;
                n += 1;
            }
            i += n;
            if i >= lim || BYTE_CLASS[usize::from(bytes.get(i).copied().unwrap_or(b' '))] == WS {
                break;
            }
            // a character outside ASCII
            seen |= MARK;
            match text.get(i..).and_then(|t| t.chars().next()) {
                Some(c) if !c.is_whitespace() => {
                    i += c.len_utf8();
                    extra += c.len_utf8() - c.len_utf16();
                }
                _ => break,
            }
        }
        let plain = seen & MARK == 0;
        (i > start).then_some(Chunk {
            start,
            end: i,
            start16,
            len16: (i - start).saturating_sub(extra),
            token: self.token,
            plain,
        })
    }

    /// Moves past the plain words ahead (ASCII letters and digits, after
    /// ASCII whitespace, each ended by ASCII whitespace or the text end),
    /// and such words with one trailing mark that [`simple_count`] reads
    /// as two tokens (`said,` `year.`), while they come before token `p`,
    /// as [`locate_matches`] would pass them one chunk at a time, without
    /// making a [`Chunk`] for each; stops before the first other chunk, the
    /// chunk holding `p`, or one that would take `walked` (bytes walked so
    /// far, returned updated) past `budget`. Most of a news text is such
    /// chunks.
    pub(super) fn pass_plain(
        &mut self,
        text: &str,
        p: usize,
        mut walked: usize,
        budget: usize,
    ) -> usize {
        let bytes = text.as_bytes();
        while self.token < p {
            // a block of bytes at a time while it holds whole plain words ...
            if let Some((n, step)) = plain_block(bytes, self.byte) {
                if self.token + n <= p && walked + step <= budget {
                    walked += step;
                    self.step_plain(step, n);
                    continue;
                }
            }
            // ... else one chunk
            let Some((ws, len, n)) = self.plain_chunk_ahead(text) else {
                break;
            };
            let step = ws + len;
            if self.token + n > p || len > MAX_CHUNK_BYTES || walked + step > budget {
                break;
            }
            walked += step;
            self.step_plain(step, n);
        }
        walked
    }

    /// Moves past the chunks ahead that [`Walker::pass_plain`] reads (plain
    /// words, and a word with its mark) and that start before byte
    /// `before`, with no cap on their length: what [`TextMarks::new`] does
    /// with each such chunk, without making it.
    pub(super) fn pass_plain_before(&mut self, text: &str, before: usize) {
        let bytes = text.as_bytes();
        loop {
            // a block at a time (the words in it start before `before`) ...
            if self.byte + BLOCK <= before {
                if let Some((n, step)) = plain_block(bytes, self.byte) {
                    self.step_plain(step, n);
                    continue;
                }
            }
            // ... else one chunk
            let Some((ws, len, n)) = self.plain_chunk_ahead(text) else {
                break;
            };
            if self.byte + ws >= before {
                break;
            }
            self.step_plain(ws + len, n);
        }
    }

    /// When the next chunk (after ASCII whitespace, ended by ASCII
    /// whitespace or the text end) is a plain word (ASCII letters and
    /// digits: one token) or such a word and one mark that [`simple_count`]
    /// counts as two tokens: the whitespace's length, the chunk's and its
    /// token count. Read with slice iterators, no bounds check a byte.
    #[inline]
    fn plain_chunk_ahead(&self, text: &str) -> Option<(usize, usize, usize)> {
        let rest = text.as_bytes().get(self.byte..)?;
        let ws = rest
            .iter()
            .position(|&b| BYTE_CLASS[usize::from(b)] != WS)?;
        let word = rest.get(ws..)?;
        let len = word
            .iter()
            .position(|&b| BYTE_CLASS[usize::from(b)] != ALNUM)
            .unwrap_or(word.len());
        if len == 0 {
            return None;
        }
        let ends = |k: usize| {
            word.get(k)
                .map_or(true, |&b| BYTE_CLASS[usize::from(b)] == WS)
        };
        if ends(len) {
            return Some((ws, len, 1));
        }
        // a word and one ASCII mark (`said,`): two tokens unless the mark
        // is an abbreviation's stop (then the chunk is left to the caller)
        if word
            .get(len)
            .is_some_and(|&b| BYTE_CLASS[usize::from(b)] == MARK)
            && ends(len + 1)
        {
            let chunk = word.get(..len + 1)?;
            if simple_count(chunk) == Some(2) {
                return Some((ws, len + 1, 2));
            }
        }
        None
    }

    /// Moves past whitespace and a chunk of `n` tokens, `step` ASCII bytes
    /// in all.
    #[inline]
    fn step_plain(&mut self, step: usize, n: usize) {
        self.byte += step;
        self.u16 += step;
        self.token += n;
    }

    /// Moves past chunk `c`, which holds `n` tokens.
    pub(super) fn pass(&mut self, c: &Chunk, n: usize, complex: bool) {
        self.byte = c.end;
        self.u16 = c.start16 + c.len16;
        self.token = c.token + n;
        self.complex += usize::from(complex);
    }
}

/// Each byte's lowest bit, in a block of [`BLOCK`] bytes.
const LANES: u128 = u128::MAX / 0xFF;

/// Each byte's highest bit, in a block of [`BLOCK`] bytes.
const HIGH: u128 = LANES << 7;

/// Bytes read at once by [`plain_block`] (the words of a `u128`).
pub(super) const BLOCK: usize = 16;

/// The high bit of each byte of `y` (bytes below 0x80) in `lo..=hi`: one
/// add sets a byte's high bit when it reaches `lo` (no byte carries into
/// the next: at most 0x7F + 0x80), another when it passes `hi`.
#[inline(always)]
fn in_range(y: u128, lo: u8, hi: u8) -> u128 {
    let ge = y.wrapping_add(LANES * u128::from(0x80 - lo));
    let gt = y.wrapping_add(LANES * u128::from(0x7F - hi));
    ge & !gt & HIGH
}

/// The plain words (ASCII letters and digits, each ended by ASCII
/// whitespace) that begin the [`BLOCK`] bytes at `i`, read at once: their
/// number and the bytes up to the end of the last of them, or `None` when
/// no word ends in those bytes before another byte (a mark, a character
/// outside ASCII), or fewer than [`BLOCK`] bytes are left. `i` must be a
/// chunk edge (no word runs on from before it), as a [`Walker`]'s byte is.
/// The chunk walk would pass the same words one at a time, a branch per
/// byte and a mispredicted one per word end; here it is a few word
/// operations (a word of [`BLOCK`] bytes or more is left to the chunk walk).
#[inline]
fn plain_block(bytes: &[u8], i: usize) -> Option<(usize, usize)> {
    let block: [u8; BLOCK] = bytes.get(i..i.checked_add(BLOCK)?)?.try_into().ok()?;
    let x = u128::from_le_bytes(block);
    let y = x & !HIGH;
    let ascii = !x & HIGH;
    let alnum =
        (in_range(y, b'0', b'9') | in_range(y, b'A', b'Z') | in_range(y, b'a', b'z')) & ascii;
    let ws = (in_range(y, 0x09, 0x0d) | in_range(y, b' ', b' ')) & ascii;
    // bytes before the first that is neither (little-endian: byte k is bits 8k..8k+7)
    let bad = HIGH & !(alnum | ws);
    let before_bad = if bad == 0 {
        u128::MAX
    } else {
        (1u128 << bad.trailing_zeros()) - 1
    };
    // word ends: a letter or digit followed by whitespace, both before the
    // first other byte (the last byte's follower is unknown: never an end)
    let ends = alnum & (ws >> 8) & before_bad;
    if ends == 0 {
        return None;
    }
    let last = (127 - ends.leading_zeros() as usize) / 8;
    Some((ends.count_ones() as usize, last + 1))
}

/// Number of tokens in a chunk made only of ASCII letters and digits,
/// optionally followed by one of `,;:?!).`, counted the way the fast
/// tokenizer makes them: one token for the word and one for the mark, unless
/// the mark is the full stop of an abbreviation or an initial (then the chunk
/// is left to the tokenizer: `None`).
pub(super) fn simple_count(b: &[u8]) -> Option<usize> {
    let (&last, word) = b.split_last()?;
    if last.is_ascii_alphanumeric() {
        return word.iter().all(u8::is_ascii_alphanumeric).then_some(1);
    }
    if !matches!(last, b',' | b';' | b':' | b'?' | b'!' | b')' | b'.')
        || word.is_empty()
        || !word.iter().all(u8::is_ascii_alphanumeric)
    {
        return None;
    }
    if last == b'.' {
        let mut low = [0u8; 32];
        let buf = low.get_mut(..word.len())?;
        if buf.len() < 2 {
            return None;
        }
        for (d, s) in buf.iter_mut().zip(word) {
            *d = s.to_ascii_lowercase();
        }
        let w = std::str::from_utf8(buf).ok()?;
        if crate::text::tokens::is_abbreviation(w) {
            return None;
        }
    }
    Some(2)
}

/// Where the word of a simple chunk `text[start..end]` (see
/// [`simple_count`]) ends, read without tokenizing it: `end` when the chunk
/// is one token, the start of its trailing mark when it is two (the
/// tokenizer makes `word` and `.` of `word.`). `None` for any other chunk.
/// Snippets read token edges this way, because tokenizing a chunk makes an
/// array and a folded string per token, and most chunks are plain words.
pub(super) fn simple_split(text: &str, start: usize, end: usize) -> Option<usize> {
    match simple_count(text.as_bytes().get(start..end)?)? {
        1 => Some(end),
        _ => Some(end - 1),
    }
}

/// The tokens of a chunk, with offsets in the whole text.
pub(super) fn chunk_tokens(text: &str, c: &Chunk) -> Vec<Token> {
    let mut toks = tokenize_fast_no_shapes(text.get(c.start..c.end).unwrap_or(""));
    for t in toks.iter_mut() {
        t.start += c.start;
        t.end += c.start;
    }
    toks
}
