//! Highlights and snippets: which words of a title or body match a query,
//! and the query-biased snippet with the densest cluster of hits, cut at
//! sentence or word boundaries, about 160–240 characters long.
//!
//! # Bounded per hit
//!
//! A hit's highlights never re-read its whole text. The index already knows
//! *which tokens* match (postings hold token positions); what it does not keep
//! is where each token is. Three facts make that cheap to recover:
//!
//! 1. the tokenizer reads each whitespace-separated chunk on its own, so the
//!    tokens of a slice that starts and ends at chunk edges are the text's own;
//! 2. every document keeps [`TextMarks`]: every [`CHECKPOINT_BYTES`] or so, the
//!    token number, byte and UTF-16 offset of a chunk start. A position is found
//!    by walking chunks from the checkpoint before it, counting tokens: a
//!    table look-up per byte, and the chunks of common ASCII shapes (plain
//!    words, `said,"`, `"We`, `AOL's`, `high-speed`, `$1.13bn`: 99% of news
//!    chunks) counted from their bytes by
//!    [`count_chunk_tokens`](crate::text::fast::count_chunk_tokens), never
//!    tokenized; the chunk a position falls in is tokenized only when it is
//!    not a plain word (and its mark);
//! 3. a sentence boundary falls only after a terminal mark or between
//!    paragraphs, and the sentence splitter decides it from the chunk holding
//!    the mark and the chunks beside it.
//!
//! So matches come from positions ([`locate_matches`]), and the snippet
//! ([`snippet_near`]) reads only the text around the hits that can win: each
//! hit's best possible score is bounded from the hits near it (and whether a
//! sentence can start before it), hits are tried best bound first, and the
//! search stops when no bound can beat the best window found. Around a hit,
//! sentence edges come from the chunks holding terminal marks (each read with
//! its neighbours; a plain word and its mark, `said.`, before a plain word is
//! decided from their bytes alone) and from blank lines. Token edges in a
//! chunk that is one plain ASCII word (most chunks) are read from its bytes,
//! never by tokenizing it. The result is the one the whole-text
//! path ([`snippet`], [`match_ranges`], kept as the reference the tests
//! compare with) gives.
//!
//! Caps, per hit: at most [`MAX_MATCHES`] body matches and [`SCAN_BUDGET`] bytes
//! walked to find them (then `matches_cut` is set; the snippet and title
//! highlights stay right), [`REGION_BUDGET`] bytes of paragraphs analyzed for
//! the snippet, and chunks longer than [`MAX_CHUNK_BYTES`] (no whitespace for
//! 16 KiB) are not tokenized at search time.

use super::analysis::{
    clip, is_indexed, occurrences_of, text_layer, token_terms, tokenize_fast_no_shapes,
};
use super::query::FieldMask;
use super::work;
use super::{Field, Snippet};
use crate::text::fast::count_chunk_tokens;
use crate::text::hash::FxMap;
use crate::text::{OffsetMap, Span16, TextLayer, Token};
use std::collections::HashSet;
use std::ops::Range;

/// Shortest snippet wanted (UTF-16 units) when the text is long enough.
pub const SNIPPET_MIN: usize = 160;
/// Longest snippet (UTF-16 units).
pub const SNIPPET_MAX: usize = 240;

/// What to highlight: folded terms and exact phrases, each with the fields
/// (title, body) where it counts.
#[derive(Debug, Clone, Default)]
pub struct HighlightSpec {
    /// Matching terms (every form that matched: exact, stem, prefix, typo).
    pub words: FxMap<String, FieldMask>,
    /// Phrases: folded words with token offsets.
    pub phrases: Vec<(Vec<(String, u32)>, FieldMask)>,
}

impl HighlightSpec {
    /// True when there is nothing to highlight.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }
}

/// Byte ranges of the matches of `spec` in `text` (sorted, not overlapping).
pub fn match_ranges(
    text: &str,
    toks: &[Token],
    field: Field,
    spec: &HighlightSpec,
) -> Vec<Range<usize>> {
    let bit = field.bit();
    let mut out: Vec<Range<usize>> = Vec::new();
    let want = |t: &str| spec.words.get(t).is_some_and(|m| m & bit != 0);
    let phrases: Vec<&Vec<(String, u32)>> = spec
        .phrases
        .iter()
        .filter(|(_, m)| m & bit != 0)
        .map(|(w, _)| w)
        .collect();
    if phrases.is_empty() {
        // words only: no per-token allocation for plain tokens
        for (i, t) in toks.iter().enumerate() {
            if !is_indexed(t.kind) {
                continue;
            }
            let whole = want(clip(&t.norm));
            if whole {
                out.push(t.start..t.end);
            }
            if has_parts(t, whole) {
                let mut occ = Vec::new();
                token_terms(text, t, toks.get(i + 1), 0, &mut occ);
                out.extend(
                    occ.iter()
                        .filter(|o| o.part && want(&o.term))
                        .map(|o| o.start..o.end),
                );
            }
        }
    } else {
        let occ = occurrences_of(text, toks);
        for o in &occ {
            if want(&o.term) {
                out.push(o.start..o.end);
            }
        }
        let mut by_pos: FxMap<u32, Vec<usize>> = FxMap::default();
        for (i, o) in occ.iter().enumerate() {
            by_pos.entry(o.pos).or_default().push(i);
        }
        for words in phrases {
            let Some((first, _)) = words.first() else {
                continue;
            };
            for o in occ.iter().filter(|o| &o.term == first) {
                let mut found = Vec::with_capacity(words.len());
                let all = words.iter().all(|(w, off)| {
                    let hit = by_pos.get(&(o.pos + off)).and_then(|v| {
                        v.iter()
                            .find(|&&k| occ.get(k).is_some_and(|x| &x.term == w))
                    });
                    match hit.and_then(|&k| occ.get(k)) {
                        Some(x) => {
                            found.push(x.start..x.end);
                            true
                        }
                        None => false,
                    }
                });
                if all {
                    out.extend(found);
                }
            }
        }
    }
    crate::text::sort::sort_by_key_hot(&mut out, |r| (r.start, std::cmp::Reverse(r.end)));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(out.len());
    for r in out {
        match merged.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// True when a token's parts may match where the whole did not (hyphen
/// parts, the word after an elision), or beside it (CJK bigrams, which may reach into the next token).
fn has_parts(t: &Token, whole: bool) -> bool {
    (!whole && (t.norm.contains('-') || t.norm.contains('\''))) || t.norm.bytes().any(|b| b >= 0xE1)
}

/// UTF-16 spans of byte ranges.
pub fn spans(map: &OffsetMap, ranges: &[Range<usize>]) -> Vec<Span16> {
    ranges.iter().map(|r| map.span(r.clone())).collect()
}

/// The query-biased snippet of `text` around the densest cluster of `hits`
/// (byte ranges, sorted); the lead when there are none.
pub fn snippet(text: &str, layer: &TextLayer, map: &OffsetMap, hits: &[Range<usize>]) -> Snippet {
    let u = |b: usize| map.to_utf16(b);
    let total16 = map.len_utf16();
    // candidate starts: sentence starts, and word starts shortly before hits
    let mut starts: Vec<(usize, bool)> = layer.sentences.iter().map(|s| (s.start, true)).collect();
    if starts.is_empty() {
        if let Some(t) = layer.tokens.first() {
            starts.push((t.start, true));
        }
    }
    for h in hits.iter().take(200) {
        let want = u(h.start).saturating_sub(60);
        let k = layer.tokens.partition_point(|t| u(t.start) < want);
        if let Some(t) = layer.tokens.get(k) {
            if t.start <= h.start {
                starts.push((t.start, false));
            }
        }
    }
    crate::text::sort::sort_by_hot(&mut starts, Ord::cmp);
    starts.dedup_by(|a, b| a.0 == b.0);
    let hit_key: Vec<String> = hits
        .iter()
        .map(|h| crate::text::fold(text.get(h.clone()).unwrap_or("")))
        .collect();
    let mut best: Option<(i64, usize, usize)> = None;
    for &(s, at_sentence) in &starts {
        let s16 = u(s);
        let limit = s16 + SNIPPET_MAX;
        let e = window_end(layer, map, s, s16, limit, total16);
        if e <= s {
            continue;
        }
        let a = hits.partition_point(|h| h.start < s);
        let b = hits.partition_point(|h| h.end <= e);
        let inside = b.saturating_sub(a);
        let distinct: HashSet<&str> = hit_key
            .get(a..a + inside)
            .unwrap_or(&[])
            .iter()
            .map(String::as_str)
            .collect();
        let score = distinct.len() as i64 * 100 + inside as i64 * 10 + i64::from(at_sentence) * 5;
        if !matches!(best, Some((bs, _, _)) if bs >= score) {
            best = Some((score, s, e));
        }
        if hits.is_empty() {
            break;
        }
    }
    let (s, e) = match best {
        Some((_, s, e)) => (s, e),
        None => (0, map.to_byte(SNIPPET_MAX.min(total16))),
    };
    let s16 = u(s) as u32;
    let highlights = hits
        .iter()
        .filter(|h| h.start >= s && h.end <= e)
        .map(|h| {
            let sp = map.span(h.clone());
            Span16 {
                start: sp.start - s16,
                end: sp.end - s16,
            }
        })
        .collect();
    Snippet {
        text: text.get(s..e).unwrap_or("").to_string(),
        start: s16,
        end: u(e) as u32,
        highlights,
    }
}

/// End (bytes) of a snippet starting at `s`: the last sentence end within
/// `limit` (UTF-16), or the last word end within it when that would be too short.
fn window_end(
    layer: &TextLayer,
    map: &OffsetMap,
    s: usize,
    s16: usize,
    limit: usize,
    total16: usize,
) -> usize {
    let u = |b: usize| map.to_utf16(b);
    if total16 <= limit {
        // the rest of the text fits: end at the last token
        return layer
            .tokens
            .last()
            .map_or(map.len_bytes(), |t| t.end)
            .max(s);
    }
    let k = layer.sentences.partition_point(|r| u(r.end) <= limit);
    let mut e = layer.sentences[..k]
        .iter()
        .rev()
        .find(|r| r.end > s)
        .map_or(s, |r| r.end);
    if u(e).saturating_sub(s16) < SNIPPET_MIN {
        let k = layer.tokens.partition_point(|t| u(t.end) <= limit);
        if let Some(t) = layer.tokens[..k].iter().rev().find(|t| t.end > s) {
            e = e.max(t.end);
        }
    }
    if e <= s {
        // one huge token: cut inside it at a character boundary
        e = map.to_byte(limit);
    }
    e
}

// ---------------------------------------------------------------- bounded path

/// Spacing of [`TextMarks`] checkpoints, in bytes of text.
pub const CHECKPOINT_BYTES: usize = 2048;
/// Most body matches listed per hit (`matches_cut` says when there were more).
pub const MAX_MATCHES: usize = 1000;
/// Most bytes of a text walked per hit to place its matches.
pub const SCAN_BUDGET: usize = 64 * 1024;
/// Most bytes of paragraphs analyzed (tokens and sentences) per hit for its
/// snippet (one more region may start below the budget and end above it).
pub const REGION_BUDGET: usize = 32 * 1024;
/// Longest chunk (a run without whitespace) tokenized at search time.
pub const MAX_CHUNK_BYTES: usize = 16 * 1024;
/// How far before a hit a snippet region reaches (UTF-16): a window of
/// [`SNIPPET_MAX`] ending at the hit, plus the 60 units that a word-start
/// window opens before a hit.
const REGION_BEFORE: usize = SNIPPET_MAX + 60;
/// Hits (in text order) that propose a window starting shortly before them.
const WORD_START_HITS: usize = 200;

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
        while let Some(c) = w.next_chunk(text) {
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
    fn count(&self, text: &str, c: &Chunk, simple: Option<usize>, complex: usize) -> usize {
        match simple {
            Some(n) => n,
            None => match self.counts.get(complex) {
                Some(&n) if n < 255 => usize::from(n),
                _ => chunk_tokens(text, c).len(),
            },
        }
    }

    /// The last checkpoint at or before token `token`.
    fn before(&self, token: usize) -> Option<&Checkpoint> {
        let k = self
            .checkpoints
            .partition_point(|c| c.token as usize <= token);
        k.checked_sub(1).and_then(|k| self.checkpoints.get(k))
    }

    /// The first checkpoint at or after byte `b`.
    fn after_byte(&self, b: usize) -> Option<&Checkpoint> {
        let k = self.checkpoints.partition_point(|c| (c.byte as usize) < b);
        self.checkpoints.get(k)
    }
}

/// UTF-16 length of `s`.
fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().map(char::len_utf16).sum()
    }
}

const fn is_ws_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// One whitespace-separated chunk, as the tokenizer reads it.
#[derive(Debug, Clone, Copy)]
struct Chunk {
    start: usize,
    end: usize,
    start16: usize,
    len16: usize,
    /// Index of the chunk's first token.
    token: usize,
    /// Made only of ASCII letters and digits (one token; false when not
    /// known).
    plain: bool,
}

impl Chunk {
    /// Its token count when it can be read from its bytes (plain words,
    /// and the common ASCII shapes of [`count_chunk_tokens`]), without
    /// tokenizing it.
    fn simple(&self, text: &str) -> Option<usize> {
        if self.plain {
            return Some(1);
        }
        let chunk = text.get(self.start..self.end)?;
        simple_count(chunk.as_bytes()).or_else(|| count_chunk_tokens(chunk))
    }
}

/// [`BYTE_CLASS`] of whitespace (ASCII).
const WS: u8 = 0;
/// [`BYTE_CLASS`] of an ASCII letter or digit.
const ALNUM: u8 = 1;
/// [`BYTE_CLASS`] of any other ASCII byte.
const MARK: u8 = 2;
/// [`BYTE_CLASS`] of a byte of a character outside ASCII.
const WIDE: u8 = 3;

/// The class of each byte, for the chunk walk: one look-up a byte.
static BYTE_CLASS: [u8; 256] = {
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
struct Walker {
    byte: usize,
    u16: usize,
    token: usize,
    complex: usize,
}

impl Walker {
    fn new() -> Walker {
        Walker {
            byte: 0,
            u16: 0,
            token: 0,
            complex: 0,
        }
    }

    fn at(c: &Checkpoint) -> Walker {
        Walker {
            byte: c.byte as usize,
            u16: c.utf16 as usize,
            token: c.token as usize,
            complex: c.complex as usize,
        }
    }

    /// The next chunk (whitespace before it skipped), without passing it.
    fn next_chunk(&self, text: &str) -> Option<Chunk> {
        self.next_chunk_upto(text, usize::MAX)
    }

    /// [`Walker::next_chunk`], reading at most `max` bytes of the chunk (a
    /// longer one comes back cut, `max + 1` bytes or so long).
    fn next_chunk_upto(&self, text: &str, max: usize) -> Option<Chunk> {
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
    /// ASCII whitespace, each ended by ASCII whitespace or the text end)
    /// while they come before token `p`, as [`locate_matches`] would pass
    /// them one chunk at a time (one token each), without making a
    /// [`Chunk`] for each; stops before the first other chunk, the chunk
    /// holding `p`, or one that would take `walked` (bytes walked so far,
    /// returned updated) past `budget`. Most of a news text is such words.
    fn pass_plain(&mut self, text: &str, p: usize, mut walked: usize, budget: usize) -> usize {
        let bytes = text.as_bytes();
        while self.token < p {
            let mut i = self.byte;
            while bytes
                .get(i)
                .is_some_and(|&b| BYTE_CLASS[usize::from(b)] == WS)
            {
                i += 1;
            }
            let start = i;
            while bytes
                .get(i)
                .is_some_and(|&b| BYTE_CLASS[usize::from(b)] == ALNUM)
            {
                i += 1;
            }
            let ended = bytes
                .get(i)
                .map_or(true, |&b| BYTE_CLASS[usize::from(b)] == WS);
            let step = i - self.byte;
            if i == start || !ended || i - start > MAX_CHUNK_BYTES || walked + step > budget {
                break;
            }
            walked += step;
            self.byte = i;
            self.u16 += step;
            self.token += 1;
        }
        walked
    }

    /// Moves past chunk `c`, which holds `n` tokens.
    fn pass(&mut self, c: &Chunk, n: usize, complex: bool) {
        self.byte = c.end;
        self.u16 = c.start16 + c.len16;
        self.token = c.token + n;
        self.complex += usize::from(complex);
    }
}

/// Number of tokens in a chunk made only of ASCII letters and digits,
/// optionally followed by one of `,;:?!).`, counted the way the fast
/// tokenizer makes them: one token for the word and one for the mark, unless
/// the mark is the full stop of an abbreviation or an initial (then the chunk
/// is left to the tokenizer: `None`).
fn simple_count(b: &[u8]) -> Option<usize> {
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
fn simple_split(text: &str, start: usize, end: usize) -> Option<usize> {
    match simple_count(text.as_bytes().get(start..end)?)? {
        1 => Some(end),
        _ => Some(end - 1),
    }
}

/// The tokens of a chunk, with offsets in the whole text.
fn chunk_tokens(text: &str, c: &Chunk) -> Vec<Token> {
    let mut toks = tokenize_fast_no_shapes(text.get(c.start..c.end).unwrap_or(""));
    for t in toks.iter_mut() {
        t.start += c.start;
        t.end += c.start;
    }
    toks
}

/// What is wanted at a token position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Want<'s> {
    /// The matching words of the token (the whole token, or its matching
    /// hyphen parts), as [`match_ranges`] marks them.
    Word,
    /// The token's first occurrence of this term (a phrase word).
    Phrase(&'s str),
}

/// A match: its byte range and UTF-16 span in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    /// Byte start.
    pub start: usize,
    /// Byte end (exclusive).
    pub end: usize,
    /// UTF-16 start.
    pub start16: u32,
    /// UTF-16 end (exclusive).
    pub end16: u32,
}

impl Located {
    /// The UTF-16 span.
    pub fn span(&self) -> Span16 {
        Span16 {
            start: self.start16,
            end: self.end16,
        }
    }
}

/// The chunk holding the wanted position being placed: a plain word (and
/// its mark: `n` tokens, the word ending at byte `we`), read from its bytes,
/// or any other chunk's tokens.
enum Held {
    Word { we: usize, n: usize },
    Toks(Vec<Token>),
}

impl Held {
    /// Number of tokens of the chunk.
    fn len(&self) -> usize {
        match self {
            Held::Word { n, .. } => *n,
            Held::Toks(t) => t.len(),
        }
    }
}

/// The matches of `spec` in `text` at the token positions `wants` (sorted by
/// position), found from the positions alone: each is placed by walking from
/// the checkpoint before it. Sorted, overlapping ones merged, exactly as
/// [`match_ranges`] gives them. The flag is true when some were left out: past
/// `max` matches, past `budget` bytes walked, or inside a chunk longer than
/// [`MAX_CHUNK_BYTES`].
pub fn locate_matches(
    text: &str,
    marks: &TextMarks,
    wants: &[(u32, Want<'_>)],
    spec: &HighlightSpec,
    field: Field,
    max: usize,
    budget: usize,
) -> (Vec<Located>, bool) {
    let bit = field.bit();
    let want = |t: &str| spec.words.get(t).is_some_and(|m| m & bit != 0);
    let mut w = Walker::new();
    let mut cur: Option<(Chunk, Held)> = None;
    let mut raw: Vec<Located> = Vec::new();
    let mut walked = 0usize;
    let mut cut = false;
    let mut occ = Vec::new();
    let mut low = String::new();
    let mut i = 0;
    let locate = |c: &Chunk, s: usize, e: usize| Located {
        start: s,
        end: e,
        start16: (c.start16 + text.get(c.start..s).map_or(0, utf16_len)) as u32,
        end16: (c.start16 + text.get(c.start..e).map_or(0, utf16_len)) as u32,
    };
    'wants: while let Some(&(p, _)) = wants.get(i) {
        let p = p as usize;
        if raw.len() >= max {
            cut = true;
            break;
        }
        let held = |cur: &Option<(Chunk, Held)>| {
            cur.as_ref()
                .is_some_and(|(c, h)| c.token <= p && p < c.token + h.len())
        };
        if !held(&cur) {
            if p < w.token {
                // inside a chunk already passed (cannot happen with sorted wants)
                i += 1;
                continue;
            }
            if let Some(cp) = marks.before(p) {
                if cp.token as usize > w.token {
                    w = Walker::at(cp);
                }
            }
            loop {
                walked = w.pass_plain(text, p, walked, budget);
                let Some(c) = w.next_chunk_upto(text, MAX_CHUNK_BYTES) else {
                    break 'wants;
                };
                walked += c.end - w.byte;
                if walked > budget {
                    cut = true;
                    break 'wants;
                }
                if c.end - c.start > MAX_CHUNK_BYTES {
                    // too long to tokenize here: resume at the next checkpoint
                    cut = true;
                    let Some(cp) = marks.after_byte(c.end) else {
                        break 'wants;
                    };
                    w = Walker::at(cp);
                    while wants.get(i).is_some_and(|x| (x.0 as usize) < w.token) {
                        i += 1;
                    }
                    continue 'wants;
                }
                let simple = c.simple(text);
                let n = marks.count(text, &c, simple, w.complex);
                if p >= c.token + n {
                    w.pass(&c, n, simple.is_none());
                    continue;
                }
                // the chunk holding p: a plain word (and its mark) is read
                // from its bytes, any other chunk tokenized
                let h = match simple_split(text, c.start, c.end) {
                    Some(we) => Held::Word {
                        we,
                        n: 1 + usize::from(we < c.end),
                    },
                    None => Held::Toks(chunk_tokens(text, &c)),
                };
                w.pass(&c, h.len(), simple.is_none());
                if p < c.token + h.len() {
                    cur = Some((c, h));
                    break;
                }
            }
        }
        let Some((c, h)) = cur.as_ref() else {
            break;
        };
        match h {
            Held::Word { we, .. } => {
                // the word is token c.token (a plain ASCII word: indexed, no
                // parts, its folded form its lower case), its mark the next
                // (punctuation: never a match)
                let word = p == c.token;
                if word {
                    low.clear();
                    low.push_str(text.get(c.start..*we).unwrap_or(""));
                    low.make_ascii_lowercase();
                }
                while let Some(&(q, wt)) = wants.get(i) {
                    if q as usize != p {
                        break;
                    }
                    i += 1;
                    let hit = word
                        && match wt {
                            Want::Word => want(clip(&low)),
                            Want::Phrase(term) => clip(&low) == term,
                        };
                    if hit {
                        raw.push(locate(c, c.start, *we));
                    }
                }
            }
            Held::Toks(toks) => {
                let tok = toks.get(p - c.token);
                let next = toks.get(p - c.token + 1);
                while let Some(&(q, wt)) = wants.get(i) {
                    if q as usize != p {
                        break;
                    }
                    i += 1;
                    let Some(t) = tok else { continue };
                    match wt {
                        Want::Word => {
                            if !is_indexed(t.kind) {
                                continue;
                            }
                            let whole = want(clip(&t.norm));
                            if whole {
                                raw.push(locate(c, t.start, t.end));
                            }
                            if has_parts(t, whole) {
                                occ.clear();
                                token_terms(text, t, next, 0, &mut occ);
                                for o in occ.iter().filter(|o| o.part && want(&o.term)) {
                                    raw.push(locate(c, o.start, o.end));
                                }
                            }
                        }
                        Want::Phrase(term) => {
                            occ.clear();
                            token_terms(text, t, next, 0, &mut occ);
                            if let Some(o) = occ.iter().find(|o| o.term == term) {
                                raw.push(locate(c, o.start, o.end));
                            }
                        }
                    }
                }
            }
        }
    }
    work::add_text(walked);
    crate::text::sort::sort_by_key_hot(&mut raw, |r| (r.start, std::cmp::Reverse(r.end)));
    let mut merged: Vec<Located> = Vec::with_capacity(raw.len());
    for r in raw {
        match merged.last_mut() {
            Some(last) if r.start < last.end => {
                if r.end > last.end {
                    last.end = r.end;
                    last.end16 = r.end16;
                }
            }
            _ => merged.push(r),
        }
    }
    if merged.len() > max {
        merged.truncate(max);
        cut = true;
    }
    (merged, cut)
}

/// The text around a hit, `[lo, hi)` plus whole chunks around it (two
/// before, one after), with its sentence starts and ends found without
/// analyzing all of it. A sentence boundary falls only after a terminal mark
/// (`.!?…`, wide forms, a word's final stop) or between paragraphs; the
/// sentence splitter decides it from the chunk holding the mark, the token
/// before it and the token after its closing marks. So each chunk holding a
/// terminal mark is analyzed with the chunk before and after it (tokens of a
/// chunk-aligned slice are the text's own), blank lines give paragraph
/// edges, and the result equals the whole text's sentences inside `[lo, hi)`.
struct Region {
    start: usize,
    end: usize,
    start16: usize,
    /// The range the region was made for (its sentences are exact there).
    lo: usize,
    hi: usize,
    map: OffsetMap,
}

/// Sentence starts and ends found so far in one text (each exact; complete
/// inside the ranges of the regions made), and the chunks and line breaks
/// already read for them.
#[derive(Default)]
struct Sentences {
    /// Sentence starts (bytes), sorted.
    starts: Vec<usize>,
    /// Sentence ends (bytes), sorted.
    ends: Vec<usize>,
    seen: FxMap<usize, ()>,
    /// Byte ranges already scanned for marks and line breaks (a region
    /// overlapping them scans only the rest: what a scan finds is keyed
    /// in `seen`, so a second scan of the same bytes adds nothing).
    scanned: Vec<(usize, usize)>,
}

/// The bytes a region's scan stops at: ASCII terminal marks, the line
/// break, and the lead bytes of `…` and the wide marks (0xE2, 0xE3, 0xEF).
static SCAN_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    t[b'.' as usize] = true;
    t[b'!' as usize] = true;
    t[b'?' as usize] = true;
    t[b'\n' as usize] = true;
    t[0xE2] = true;
    t[0xE3] = true;
    t[0xEF] = true;
    t
};

impl Region {
    /// The region around `[lo, hi)`; `anchor` is a (byte, UTF-16) pair in it.
    fn new(
        text: &str,
        lo: usize,
        hi: usize,
        anchor: (usize, usize),
        sents: &mut Sentences,
    ) -> Region {
        let start = prev_chunk_start(text, prev_chunk_start(text, chunk_start(text, lo)));
        let start = start.min(anchor.0);
        let end = next_chunk_end(text, chunk_end(text, hi)).max(start);
        let slice = text.get(start..end).unwrap_or("");
        let start16 = anchor
            .1
            .saturating_sub(text.get(start..anchor.0).map_or(0, utf16_len));
        work::add_text(slice.len());
        let Sentences {
            starts,
            ends,
            seen,
            scanned,
        } = sents;
        if start == 0 {
            if let Some(t) = first_token_at(text, 0) {
                starts.push(t);
            }
        }
        if text.get(end..).map_or(true, |rest| rest.trim().is_empty()) {
            ends.push(last_token_end(text));
        }
        // a byte scan of the parts not scanned before: terminal marks and
        // line breaks are ASCII or start with 0xE2, 0xE3 or 0xEF (never a
        // continuation byte), and every other character is passed over
        let mut parts: Vec<(usize, usize)> = vec![(start, end)];
        for &(a, b) in scanned.iter() {
            let mut rest = Vec::with_capacity(parts.len() + 1);
            for (x, y) in parts {
                if b <= x || y <= a {
                    rest.push((x, y));
                    continue;
                }
                if x < a {
                    rest.push((x, a));
                }
                if b < y {
                    rest.push((b, y));
                }
            }
            parts = rest;
        }
        scanned.push((start, end));
        let bytes = text.as_bytes();
        for (a, b) in parts {
            let mut k = a;
            while let Some(off) = bytes
                .get(k..b)
                .and_then(|r| r.iter().position(|&x| SCAN_BYTE[usize::from(x)]))
            {
                let g = k + off;
                k = g + 1;
                let c = match bytes.get(g) {
                    Some(&x) if x < 0x80 => char::from(x),
                    _ => match text.get(g..).and_then(|r| r.chars().next()) {
                        Some(c) => c,
                        None => continue,
                    },
                };
                if is_terminal_char(c) {
                    // keyed by chunk start (terminal chunks) ...
                    let cs = chunk_start(text, g);
                    if seen.insert(cs, ()).is_none() {
                        terminal_boundaries(text, cs, starts, ends);
                    }
                } else if c == '\n' && seen.insert(g, ()).is_none() {
                    // ... or by the line break's own byte (never a chunk start)
                    paragraph_break(text, g, starts, ends);
                }
            }
        }
        starts.sort_unstable();
        starts.dedup();
        ends.sort_unstable();
        ends.dedup();
        Region {
            start,
            end,
            start16,
            lo,
            hi,
            map: OffsetMap::new(slice),
        }
    }

    /// UTF-16 offset (in the whole text) of byte `b` (in the whole text).
    fn u(&self, b: usize) -> usize {
        self.start16 + self.map.to_utf16(b.saturating_sub(self.start))
    }

    /// The last char boundary (in the whole text) whose UTF-16 offset is at
    /// most `u16`.
    fn byte_at_most(&self, u16: usize) -> usize {
        let local = u16.saturating_sub(self.start16);
        let b = self.map.to_byte(local);
        if self.map.to_utf16(b) > local {
            // inside a surrogate pair: step back to the character's start
            let mut k = b.saturating_sub(1);
            while k > 0 && self.map.to_utf16(k) > local {
                k -= 1;
            }
            self.start + k
        } else {
            self.start + b
        }
    }
}

/// A character that can end a sentence (as the sentence splitter reads
/// terminal marks), including a word's final full stop.
fn is_terminal_char(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？')
}

/// Sentence ends decided in the chunk starting at `cs` (it holds a terminal
/// mark), with the starts of the sentences after them: the chunk is
/// analyzed with the chunk before and the chunk after it.
fn terminal_boundaries(text: &str, cs: usize, starts: &mut Vec<usize>, ends: &mut Vec<usize>) {
    let ce = chunk_end(text, cs);
    if simple_terminal(text, cs, ce, starts, ends) {
        return;
    }
    let from = prev_chunk_start(text, cs);
    let to = next_chunk_end(text, ce);
    let Some(mini) = text.get(from..to) else {
        return;
    };
    analyzed_boundaries(cs, ce, mini, from, starts, ends);
}

/// [`terminal_boundaries`] by analyzing `mini` (the chunk `[cs, ce)` with
/// its neighbours, starting at byte `from`).
fn analyzed_boundaries(
    cs: usize,
    ce: usize,
    mini: &str,
    from: usize,
    starts: &mut Vec<usize>,
    ends: &mut Vec<usize>,
) {
    let layer = text_layer(mini);
    for (k, r) in layer.sentences.iter().enumerate() {
        let e = from + r.end;
        if e > cs && e <= ce {
            ends.push(e);
            if let Some(next) = layer.sentences.get(k + 1) {
                starts.push(from + next.start);
            }
        }
    }
}

/// [`terminal_boundaries`] without analyzing anything, for the common
/// shapes of news text, read from bytes. False (nothing pushed) for any
/// other chunk, which is then analyzed.
///
/// - A chunk whose only terminal marks are full stops between two ASCII
///   digits (`6.4%`, `$1.13bn`, `(£600m)`): they sit inside a number token,
///   and the splitter ends sentences only after a terminal token or a word
///   token ending in a full stop, so the chunk holds no boundary (unless it
///   is the last of its paragraph: that case is analyzed).
/// - A plain word and its mark (`said.`, `year?`: a simple chunk, see
///   [`simple_count`]), the same with a closing double quote after the mark
///   (`next."`: the splitter absorbs the adjacent closer into the sentence)
///   or before it (`out".`), followed by the text end or by a chunk starting
///   with an ASCII letter or digit or an opening `"`, `'` or `(`. The
///   splitter then ends a sentence at the chunk's end unless the next word
///   is in the same paragraph and starts in lower case, or is a number after
///   `No.` (an opening mark is never lower case); the next sentence starts
///   at the next chunk.
fn simple_terminal(
    text: &str,
    cs: usize,
    ce: usize,
    starts: &mut Vec<usize>,
    ends: &mut Vec<usize>,
) -> bool {
    let bytes = text.as_bytes();
    let Some(chunk) = bytes.get(cs..ce) else {
        return false;
    };
    let rest = text.get(ce..).unwrap_or("");
    let gap = rest.len() - rest.trim_start().len();
    // two line breaks with only whitespace between: a blank line, a new paragraph
    let new_paragraph = rest
        .get(..gap)
        .is_some_and(|g| g.bytes().filter(|&b| b == b'\n').count() >= 2);
    if text.get(cs..ce).is_some_and(only_decimal_points) {
        // a paragraph's (or the text's) last chunk ends its last sentence
        // wherever its last token ends: left to the analysis
        return !(new_paragraph || gap == rest.len());
    }
    let is_mark = |b: u8| matches!(b, b'.' | b'!' | b'?');
    let alnum = |w: &[u8]| !w.is_empty() && w.iter().all(u8::is_ascii_alphanumeric);
    // (the word, its mark)
    let (word, mark) = match chunk {
        // `next."`: a simple chunk and the closing quote
        [head @ .., m, b'"'] if is_mark(*m) => {
            if simple_count(chunk.get(..head.len() + 1).unwrap_or(&[])) != Some(2) {
                return false;
            }
            (head, *m)
        }
        // `out".`: a plain word, the quote, the mark (no abbreviation: the
        // quote stands between the word and its stop)
        [head @ .., b'"', m] if is_mark(*m) && alnum(head) => (&[][..], *m),
        _ => match simple_split(text, cs, ce).filter(|&we| we < ce) {
            Some(we) => (
                bytes.get(cs..we).unwrap_or(&[]),
                bytes.get(we).copied().unwrap_or(0),
            ),
            None => return false,
        },
    };
    if !is_mark(mark) {
        return false;
    }
    let ns = ce + gap;
    let Some(&nb) = bytes.get(ns) else {
        // the text's last chunk: its last sentence ends here
        ends.push(ce);
        return true;
    };
    let opener = matches!(nb, b'"' | b'\'' | b'(');
    if !(nb.is_ascii_alphanumeric() || opener) {
        return false;
    }
    let after_no = mark == b'.' && word.eq_ignore_ascii_case(b"no") && nb.is_ascii_digit();
    if new_paragraph || !(nb.is_ascii_lowercase() || after_no) {
        ends.push(ce);
        starts.push(ns);
    }
    true
}

/// True when a chunk's only terminal marks (see [`is_terminal_char`]) are
/// full stops with an ASCII digit on each side (`6.4%`, `14.27`), and it
/// has at least one.
fn only_decimal_points(chunk: &str) -> bool {
    let bytes = chunk.as_bytes();
    let digit = |i: Option<usize>| i.and_then(|i| bytes.get(i)).is_some_and(u8::is_ascii_digit);
    let mut any = false;
    for (k, c) in chunk.char_indices() {
        if c == '.' {
            if !(digit(k.checked_sub(1)) && digit(Some(k + 1))) {
                return false;
            }
            any = true;
        } else if is_terminal_char(c) {
            return false;
        }
    }
    any
}

/// When the line after the `\n` at byte `g` is blank: the end of the
/// paragraph before (its last token's end) and the start of the one after
/// (its first token's start).
fn paragraph_break(text: &str, g: usize, starts: &mut Vec<usize>, ends: &mut Vec<usize>) {
    let rest = text.get(g + 1..).unwrap_or("");
    let line = match rest.find('\n') {
        Some(k) if k <= MAX_CHUNK_BYTES => rest.get(..k).unwrap_or(""),
        Some(_) => return,
        None => rest,
    };
    if !line.trim().is_empty() {
        return;
    }
    let before = text.get(..g).unwrap_or("").trim_end().len();
    if before > 0 {
        let cs = chunk_start(text, before);
        let c = Chunk {
            start: cs,
            end: before,
            start16: 0,
            len16: 0,
            token: 0,
            plain: false,
        };
        if simple_split(text, cs, before).is_some() {
            ends.push(before);
        } else if let Some(t) = chunk_tokens(text, &c).last() {
            ends.push(t.end);
        }
    }
    if let Some(t) = first_token_at(text, g + 1) {
        starts.push(t);
    }
}

/// Start of the first token at or after byte `b`, reading at most a few chunks.
fn first_token_at(text: &str, b: usize) -> Option<usize> {
    let mut w = Walker::new();
    w.byte = b;
    let mut first = true;
    for _ in 0..8 {
        let mut c = w.next_chunk_upto(text, MAX_CHUNK_BYTES)?;
        if c.end - c.start > MAX_CHUNK_BYTES {
            return None;
        }
        if first {
            // `b` may be inside a chunk: read it from its start
            c.start = chunk_start(text, c.start);
            first = false;
        }
        if let Some(we) = simple_split(text, c.start, c.end) {
            // a plain word (and its mark): tokens start at the chunk start and at `we`
            if c.start >= b {
                return Some(c.start);
            }
            if we < c.end && we >= b {
                return Some(we);
            }
        } else if let Some(t) = chunk_tokens(text, &c).iter().find(|t| t.start >= b) {
            return Some(t.start);
        }
        w.byte = c.end;
    }
    None
}

/// End of the last token ending at or before byte `b` and after byte `s`,
/// reading at most a few chunks back.
fn last_token_end_before(text: &str, b: usize, s: usize) -> Option<usize> {
    let mut end = chunk_end(text, b);
    for _ in 0..8 {
        let head = text.get(..end)?.trim_end();
        if head.len() <= s {
            return None;
        }
        let cs = chunk_start(text, head.len());
        let c = Chunk {
            start: cs,
            end: head.len(),
            start16: 0,
            len16: 0,
            token: 0,
            plain: false,
        };
        let last = match simple_split(text, cs, c.end) {
            // a plain word (and its mark): tokens end at `we` and at the chunk end
            Some(we) => [c.end, we].into_iter().find(|&e| e <= b && e > cs),
            None => chunk_tokens(text, &c)
                .iter()
                .rev()
                .find(|t| t.end <= b)
                .map(|t| t.end),
        };
        if let Some(e) = last {
            return (e > s).then_some(e);
        }
        if cs <= s {
            return None;
        }
        end = cs;
    }
    None
}

/// Start of the chunk holding byte `x` (`x` itself when it starts one or is
/// whitespace), looking back at most [`MAX_CHUNK_BYTES`].
fn chunk_start(text: &str, x: usize) -> usize {
    let floor = x.saturating_sub(MAX_CHUNK_BYTES);
    let mut b = x;
    for c in text.get(..x).unwrap_or("").chars().rev() {
        if c.is_whitespace() || b <= floor {
            break;
        }
        b -= c.len_utf8();
    }
    b
}

/// End of the chunk holding byte `y` (`y` itself when whitespace follows),
/// looking ahead at most [`MAX_CHUNK_BYTES`].
fn chunk_end(text: &str, y: usize) -> usize {
    let ceil = y.saturating_add(MAX_CHUNK_BYTES);
    let mut b = y;
    for c in text.get(y..).unwrap_or("").chars() {
        if c.is_whitespace() || b >= ceil {
            break;
        }
        b += c.len_utf8();
    }
    b
}

/// Start of the chunk before byte `x` (a chunk start or whitespace).
fn prev_chunk_start(text: &str, x: usize) -> usize {
    let head = text.get(..x).unwrap_or("");
    let trimmed = head.trim_end().len();
    if trimmed == 0 {
        return 0;
    }
    chunk_start(text, trimmed)
}

/// End of the chunk after byte `y` (a chunk end or whitespace).
fn next_chunk_end(text: &str, y: usize) -> usize {
    let tail = text.get(y..).unwrap_or("");
    let skipped = tail.len() - tail.trim_start().len();
    chunk_end(text, y + skipped)
}

/// Byte `units` UTF-16 units before byte `from` (or the text start).
fn back16(text: &str, from: usize, units: usize) -> usize {
    // plain ASCII before `from`: a byte is a unit
    let lo = from.saturating_sub(units);
    if text.get(lo..from).is_some_and(str::is_ascii) {
        return lo;
    }
    let mut b = from;
    let mut n = 0;
    for c in text.get(..from).unwrap_or("").chars().rev() {
        if n >= units {
            break;
        }
        n += c.len_utf16();
        b -= c.len_utf8();
    }
    b
}

/// Byte `units` UTF-16 units after byte `from` (or the text end).
fn fwd16(text: &str, from: usize, units: usize) -> usize {
    // plain ASCII after `from`: a byte is a unit
    let hi = from.saturating_add(units).min(text.len());
    if text.get(from..hi).is_some_and(str::is_ascii) {
        return hi;
    }
    let mut b = from;
    let mut n = 0;
    for c in text.get(from..).unwrap_or("").chars() {
        if n >= units {
            break;
        }
        n += c.len_utf16();
        b += c.len_utf8();
    }
    b
}

/// End of the last token of `text` (its length when it has none), reading
/// only its last chunks.
fn last_token_end(text: &str) -> usize {
    let mut end = text.len();
    for _ in 0..8 {
        let head = text.get(..end).unwrap_or("");
        let trimmed = head.trim_end();
        if trimmed.is_empty() {
            break;
        }
        let floor = trimmed.len().saturating_sub(MAX_CHUNK_BYTES);
        let start = trimmed
            .char_indices()
            .rev()
            .take_while(|&(k, _)| k >= floor)
            .find(|(_, c)| c.is_whitespace())
            .map_or(floor, |(k, c)| k + c.len_utf8());
        if start == floor && floor > 0 {
            break;
        }
        let c = Chunk {
            start,
            end: trimmed.len(),
            start16: 0,
            len16: 0,
            token: 0,
            plain: false,
        };
        if let Some(t) = chunk_tokens(text, &c).last() {
            return t.end;
        }
        end = start;
    }
    text.len()
}

/// False when no sentence can start within [`SNIPPET_MAX`] before byte `h`:
/// no terminal mark (`.!?…` and their wide forms) and no line break in that
/// stretch or in the whitespace and closing marks before it, and the stretch
/// does not reach the text start. (A sentence starts at a paragraph start or
/// after a terminal mark, its closing marks and whitespace.)
fn may_start_sentence(text: &str, h: usize) -> bool {
    let terminal = |c: char| matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？' | '\n');
    let lo = h.saturating_sub(SNIPPET_MAX);
    if let Some(stretch) = text.get(lo..h).filter(|s| s.is_ascii()) {
        // plain ASCII: the stretch is SNIPPET_MAX bytes (or reaches the
        // text start), its only terminal marks are ASCII ones
        if stretch
            .bytes()
            .any(|b| matches!(b, b'.' | b'!' | b'?' | b'\n'))
        {
            return true;
        }
        return closers_then_terminal(text.get(..lo).unwrap_or("").chars().rev(), terminal);
    }
    let mut n = 0;
    let mut chars = text.get(..h).unwrap_or("").chars().rev();
    for c in chars.by_ref() {
        if terminal(c) {
            return true;
        }
        n += c.len_utf16();
        if n >= SNIPPET_MAX {
            break;
        }
    }
    closers_then_terminal(chars, terminal)
}

/// Whether the whitespace and closing marks just before a stretch (`chars`,
/// read backwards from it) end at a terminal mark or at the text start.
fn closers_then_terminal(
    chars: impl Iterator<Item = char>,
    terminal: impl Fn(char) -> bool,
) -> bool {
    for c in chars {
        if terminal(c) {
            return true;
        }
        if !(c.is_whitespace() || is_closer_char(c)) {
            return false;
        }
    }
    true
}

/// Closing marks the sentence splitter lets follow a terminal mark.
fn is_closer_char(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '"' | '\'' | ')' | ']' | '»' | '}' | '」' | '』'
    )
}

/// The best window so far: score, start, end, region.
#[derive(Debug, Clone, Copy)]
struct Best {
    score: i64,
    s: usize,
    s16: usize,
    e: usize,
    region: usize,
}

/// The snippet that [`snippet`] would pick from the whole text, found from
/// the located hits (sorted, merged, all of them for the same result) by
/// analyzing only the paragraphs around the hits that can win. Every window
/// holding hit `h` lies within [`SNIPPET_MAX`] of it, so its score is at most
/// what the hits within that distance could give; hits are tried by that
/// bound, best first, until no bound beats the best window found (ties go to
/// the earlier window, as in [`snippet`]).
pub fn snippet_near(text: &str, marks: &TextMarks, hits: &[Located]) -> Snippet {
    let total16 = marks.len16 as usize;
    if hits.is_empty() {
        return lead(text, total16);
    }
    let keys: Vec<String> = hits
        .iter()
        .map(|h| crate::text::fold(text.get(h.start..h.end).unwrap_or("")))
        .collect();
    let key = |i: usize| keys.get(i).map_or("", String::as_str);
    // the best a window can score when hit i is the first hit in it: the
    // hits starting at i and ending within SNIPPET_MAX of its start
    let n = hits.len();
    let mut first_score = vec![0i64; n];
    let mut counts: FxMap<&str, u32> = FxMap::default();
    let mut hi = 0usize;
    for (i, h) in hits.iter().enumerate() {
        let limit = h.start16 as usize + SNIPPET_MAX;
        while let Some(x) = hits.get(hi) {
            if x.end16 as usize > limit {
                break;
            }
            *counts.entry(key(hi)).or_insert(0) += 1;
            hi += 1;
        }
        let inside = hi.saturating_sub(i);
        if let Some(v) = first_score.get_mut(i) {
            *v = counts.len() as i64 * 100 + inside as i64 * 10;
        }
        // hit i leaves the window
        if i < hi {
            if let Some(c) = counts.get_mut(key(i)) {
                *c -= 1;
                if *c == 0 {
                    counts.remove(key(i));
                }
            }
        } else {
            hi = i + 1;
        }
    }
    // the bound of hit j: the best of the windows whose first hit starts
    // within SNIPPET_MAX before it
    let mut bound = vec![0i64; n];
    let mut lo = 0usize;
    for (j, h) in hits.iter().enumerate() {
        while hits
            .get(lo)
            .is_some_and(|x| x.start16 as usize + SNIPPET_MAX < h.start16 as usize)
        {
            lo += 1;
        }
        let b = first_score
            .get(lo..=j)
            .unwrap_or(&[])
            .iter()
            .copied()
            .max()
            .unwrap_or(0);
        let sentence = if may_start_sentence(text, h.start) {
            5
        } else {
            0
        };
        if let Some(v) = bound.get_mut(j) {
            *v = b + sentence;
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    crate::text::sort::sort_by_key_hot(&mut order, |&j| (std::cmp::Reverse(bound[j]), j));
    let mut regions: Vec<Region> = Vec::new();
    let mut sents = Sentences::default();
    let mut analyzed = 0usize;
    let mut best: Option<Best> = None;
    let mut last_tok: Option<usize> = None;
    let mut cands: Vec<(usize, bool)> = Vec::new();
    // first_token_at by byte (pure: hits near each other ask for the same)
    let mut token_at: FxMap<usize, Option<usize>> = FxMap::default();
    // candidates already scored: a window's end and score depend only on
    // its start and kind (each region's sentence edges are exact where its
    // windows end), so scoring one again cannot change the best
    let mut scored: FxMap<(usize, bool), ()> = FxMap::default();
    let mut distinct: Vec<&str> = Vec::new();
    for j in order {
        // no window holding this hit (nor any after it in this order) can
        // score more, or tie from further left
        if best.is_some_and(|b| {
            bound[j] < b.score
                || bound[j] == b.score && hits[j].start16 as usize >= b.s16 + SNIPPET_MAX
        }) {
            break;
        }
        let h = hits[j];
        let h16 = h.start16 as usize;
        let lo = back16(text, h.start, REGION_BEFORE);
        let hi = fwd16(text, h.start, SNIPPET_MAX);
        let ri = match regions.iter().position(|r| r.lo <= lo && hi <= r.hi) {
            Some(k) => k,
            None => {
                if analyzed > REGION_BUDGET {
                    break;
                }
                let r = Region::new(text, lo, hi, (h.start, h16), &mut sents);
                analyzed += r.end - r.start;
                regions.push(r);
                regions.len() - 1
            }
        };
        let Some(r) = regions.get(ri) else { break };
        // windows that can hold hit j start within SNIPPET_MAX before it
        let from16 = h16.saturating_sub(SNIPPET_MAX);
        cands.clear();
        for &g in &sents.starts {
            if g > h.start {
                break;
            }
            if r.u(g) >= from16 {
                cands.push((g, true));
            }
        }
        let first = hits.partition_point(|x| (x.start16 as usize) < from16);
        for (i, x) in hits.iter().enumerate().skip(first) {
            if i >= WORD_START_HITS || x.start16 as usize > h16 + 60 {
                break;
            }
            // the first token starting at most 60 units before the hit
            let want = (x.start16 as usize).saturating_sub(60);
            let b = r.start + r.map.to_byte(want.saturating_sub(r.start16));
            if let Some(g) = *token_at.entry(b).or_insert_with(|| first_token_at(text, b)) {
                if g <= x.start && g <= h.start && r.u(g) >= from16 {
                    cands.push((g, false));
                }
            }
        }
        crate::text::sort::sort_by_hot(&mut cands, Ord::cmp);
        cands.dedup_by(|a, b| a.0 == b.0);
        for &(s, at_sentence) in &cands {
            if scored.insert((s, at_sentence), ()).is_some() {
                continue;
            }
            let s16 = r.u(s);
            let e = window_end_in(r, &sents, text, s, s16, total16, &mut last_tok);
            if e <= s {
                continue;
            }
            let a = hits.partition_point(|x| x.start < s);
            let b = hits.partition_point(|x| x.end <= e);
            let inside = b.saturating_sub(a);
            distinct.clear();
            distinct.extend(
                keys.get(a..a + inside)
                    .unwrap_or(&[])
                    .iter()
                    .map(String::as_str),
            );
            crate::text::sort::sort_by_hot(&mut distinct, Ord::cmp);
            distinct.dedup();
            let score =
                distinct.len() as i64 * 100 + inside as i64 * 10 + i64::from(at_sentence) * 5;
            let better = match best {
                None => true,
                Some(b) => score > b.score || (score == b.score && s < b.s),
            };
            if better {
                best = Some(Best {
                    score,
                    s,
                    s16,
                    e,
                    region: ri,
                });
            }
        }
    }
    match best {
        Some(b) if b.score >= 100 => match regions.get(b.region) {
            Some(r) => make_snippet(text, b.s, b.e, r.u(b.s), r.u(b.e), hits),
            None => lead(text, total16),
        },
        _ => lead(text, total16),
    }
}

/// [`window_end`] within a region (`last_tok`: the text's last token end,
/// found once when a window reaches the text end).
fn window_end_in(
    r: &Region,
    sents: &Sentences,
    text: &str,
    s: usize,
    s16: usize,
    total16: usize,
    last_tok: &mut Option<usize>,
) -> usize {
    let limit = s16 + SNIPPET_MAX;
    if total16 <= limit {
        return (*last_tok.get_or_insert_with(|| last_token_end(text))).max(s);
    }
    let k = sents.ends.partition_point(|&x| r.u(x) <= limit);
    let mut e = sents
        .ends
        .get(..k)
        .unwrap_or(&[])
        .iter()
        .rev()
        .find(|&&x| x > s)
        .map_or(s, |&x| x);
    if r.u(e).saturating_sub(s16) < SNIPPET_MIN {
        if let Some(t) = last_token_end_before(text, r.byte_at_most(limit), s) {
            e = e.max(t);
        }
    }
    if e <= s {
        // one huge token: cut inside it at a character boundary
        e = r.start + r.map.to_byte(limit.saturating_sub(r.start16));
    }
    e
}

/// The snippet `text[s..e]` with the hits inside it.
fn make_snippet(
    text: &str,
    s: usize,
    e: usize,
    s16: usize,
    e16: usize,
    hits: &[Located],
) -> Snippet {
    let s16 = s16 as u32;
    Snippet {
        text: text.get(s..e).unwrap_or("").to_string(),
        start: s16,
        end: e16 as u32,
        highlights: hits
            .iter()
            .filter(|h| h.start >= s && h.end <= e)
            .map(|h| Span16 {
                start: h.start16.saturating_sub(s16),
                end: h.end16.saturating_sub(s16),
            })
            .collect(),
    }
}

/// The lead: the window from the first sentence start, as [`snippet`] picks
/// it when there are no hits.
fn lead(text: &str, total16: usize) -> Snippet {
    let fallback = || {
        let e = fwd16(text, 0, SNIPPET_MAX.min(total16));
        make_snippet(text, 0, e, 0, text.get(..e).map_or(0, utf16_len), &[])
    };
    let Some(c) = Walker::new().next_chunk_upto(text, MAX_CHUNK_BYTES) else {
        return fallback();
    };
    let hi = fwd16(text, c.start, SNIPPET_MAX + 16);
    let mut sents = Sentences::default();
    let r = Region::new(text, 0, hi, (c.start, c.start16), &mut sents);
    let Some(&s) = sents.starts.first() else {
        return fallback();
    };
    let s16 = r.u(s);
    let mut last_tok = None;
    let e = window_end_in(&r, &sents, text, s, s16, total16, &mut last_tok);
    if e <= s {
        return fallback();
    }
    make_snippet(text, s, e, s16, r.u(e), &[])
}

/// The token positions where a query's highlights fall in one document.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DocWants<'s> {
    /// Title positions (token indices, sorted) and what is wanted there.
    pub title: Vec<(u32, Want<'s>)>,
    /// Body positions likewise.
    pub body: Vec<(u32, Want<'s>)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every chunk with a terminal mark of `text`: the boundaries read from
    /// bytes (when [`simple_terminal`] takes the chunk) equal the analyzed ones.
    fn same_boundaries(text: &str) -> usize {
        let mut taken = 0;
        for (k, _) in text.match_indices(['.', '!', '?']) {
            let cs = chunk_start(text, k);
            let ce = chunk_end(text, cs);
            let (mut fs, mut fe) = (Vec::new(), Vec::new());
            if !simple_terminal(text, cs, ce, &mut fs, &mut fe) {
                continue;
            }
            taken += 1;
            let from = prev_chunk_start(text, cs);
            let to = next_chunk_end(text, ce);
            let (mut s, mut e) = (Vec::new(), Vec::new());
            analyzed_boundaries(cs, ce, &text[from..to], from, &mut s, &mut e);
            assert_eq!((fs, fe), (s, e), "at {:?}", &text[cs..ce]);
        }
        taken
    }

    #[test]
    fn plain_sentence_ends_read_from_bytes_match_the_splitter() {
        let text = "The bank raised rates. Shares fell 3% on Monday. It was No. 1 in \
                    sales. Is it over? the board asked. Profits rose!\nA new line. \
                    Costs were up by 5. 2004 was worse. He said no. 5 more came.\n\n\
                    next paragraph starts here. Mr. Smith left. Talks ended.";
        // the plain chunks (`rates.`, `Monday.`, `over?`, `sales.`, `rose!`, ...)
        assert!(same_boundaries(text) >= 8);
        let (mut s, mut e) = (Vec::new(), Vec::new());
        let k = text.find("rates.").unwrap_or(0);
        assert!(simple_terminal(text, k, k + 6, &mut s, &mut e));
        assert_eq!(e, vec![k + 6]);
        assert_eq!(s, vec![k + 7]);
        // a lower-case word after the mark continues the sentence
        let k = text.find("over?").unwrap_or(0);
        let (mut s, mut e) = (Vec::new(), Vec::new());
        assert!(simple_terminal(text, k, k + 5, &mut s, &mut e));
        assert!(s.is_empty() && e.is_empty());
    }

    #[test]
    fn quoted_sentence_ends_and_decimals_read_from_bytes_match_the_splitter() {
        let text = "He said: \"We will win.\" The crowd cheered. It was \"modest\". \
                    Analysts agreed. Profits rose 6.4% to $1.13bn (\u{a3}600m). \"It was \
                    fine,\" he said. \"We lost.\" it said. Prices were \"weak\". 'Still' \
                    fell. Trade rose. (Again) it rose? \"Why?\" No. \"5\" came. Up 2.5... \
                    Then 14.27 million.\n\nA \"quote.\"";
        assert!(same_boundaries(text) >= 12);
        let at = |w: &str| {
            let k = text.find(w).unwrap_or(0);
            let (mut s, mut e) = (Vec::new(), Vec::new());
            let taken = simple_terminal(text, k, k + w.len(), &mut s, &mut e);
            (taken, s, e, k + w.len())
        };
        // the closing quote belongs to the sentence; the next starts at `The`
        let (taken, s, e, end) = at("win.\"");
        assert!(taken);
        assert_eq!(e, vec![end]);
        assert_eq!(s, vec![end + 1]);
        // a mark after the quote, then an opening quote: a boundary
        let (taken, s, e, end) = at("agreed.");
        assert!(taken && e == vec![end] && s == vec![end + 1]);
        // a lower-case word after `lost."` continues the sentence
        let (taken, s, e, _) = at("lost.\"");
        assert!(taken && s.is_empty() && e.is_empty());
        // decimals hold no boundary; an ellipsis after one is analyzed
        let (taken, s, e, _) = at("$1.13bn");
        assert!(taken && s.is_empty() && e.is_empty());
        assert!(!at("2.5...").0);
        // the text's last chunk ends the last sentence
        let (taken, s, e, end) = at("quote.\"");
        assert!(taken && s.is_empty() && e == vec![end]);
    }

    #[test]
    fn plain_sentence_ends_match_the_splitter_on_news_text() {
        let Ok(jsonl) = std::fs::read_to_string("../shared/data/bbc/bbc_news_summary.jsonl") else {
            return;
        };
        let mut taken = 0;
        for line in jsonl.lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            if let Some(text) = v.get("text").and_then(|t| t.as_str()) {
                taken += same_boundaries(text);
            }
        }
        assert!(taken > 30_000);
    }
}
