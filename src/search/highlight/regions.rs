//! Sentence starts and ends around a hit, found without analyzing the text.
//!
//! The sentence splitter ends a sentence only after a terminal mark
//! (`.!?…` and their wide forms, or a word's final full stop) or at a
//! paragraph's end, and decides each case from the token holding the mark,
//! the one before it and the one after its closing marks. So a [`Region`]
//! (the text around one hit) scans its bytes for terminal marks and line
//! breaks, and decides each mark from its chunk and the chunks beside it:
//! the common shapes of news text from their bytes ([`simple_terminal`]:
//! `said.`, `next."`, `out".` before a capital or an opening mark, the
//! decimal points of `6.4%`), any other by analyzing those three chunks.
//! Blank lines give paragraph edges. What the regions of one text found is
//! kept in [`Sentences`], each mark decided once, each byte scanned once.

use super::super::analysis::text_layer;
use super::super::work;
use super::edges::{
    chunk_end, chunk_start, first_token_at, last_token_end, next_chunk_end, prev_chunk_start,
};
use super::marks::{chunk_tokens, simple_count, simple_split, utf16_len, Chunk};
use super::MAX_CHUNK_BYTES;
use crate::text::hash::FxMap;
use crate::text::OffsetMap;

/// The text around a hit, `[lo, hi)` plus whole chunks around it (two
/// before, one after), with its sentence starts and ends found without
/// analyzing all of it. A sentence boundary falls only after a terminal mark
/// (`.!?…`, wide forms, a word's final stop) or between paragraphs; the
/// sentence splitter decides it from the chunk holding the mark, the token
/// before it and the token after its closing marks. So each chunk holding a
/// terminal mark is analyzed with the chunk before and after it (tokens of a
/// chunk-aligned slice are the text's own), blank lines give paragraph
/// edges, and the result equals the whole text's sentences inside `[lo, hi)`.
pub(super) struct Region {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) start16: usize,
    /// The range the region was made for (its sentences are exact there).
    pub(super) lo: usize,
    pub(super) hi: usize,
    pub(super) map: OffsetMap,
}

/// Sentence starts and ends found so far in one text (each exact; complete
/// inside the ranges of the regions made), and the chunks and line breaks
/// already read for them.
#[derive(Default)]
pub(super) struct Sentences {
    /// Sentence starts (bytes), sorted.
    pub(super) starts: Vec<usize>,
    /// Sentence ends (bytes), sorted.
    pub(super) ends: Vec<usize>,
    pub(super) seen: FxMap<usize, ()>,
    /// Byte ranges already scanned for marks and line breaks (a region
    /// overlapping them scans only the rest: what a scan finds is keyed
    /// in `seen`, so a second scan of the same bytes adds nothing).
    pub(super) scanned: Vec<(usize, usize)>,
}

/// The bytes a region's scan stops at: ASCII terminal marks, the line
/// break, and the lead bytes of `…` and the wide marks (0xE2, 0xE3, 0xEF).
pub(super) static SCAN_BYTE: [bool; 256] = {
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
    pub(super) fn new(
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
    pub(super) fn u(&self, b: usize) -> usize {
        self.start16 + self.map.to_utf16(b.saturating_sub(self.start))
    }

    /// The last char boundary (in the whole text) whose UTF-16 offset is at
    /// most `u16`.
    pub(super) fn byte_at_most(&self, u16: usize) -> usize {
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
pub(super) fn is_terminal_char(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？')
}

/// Sentence ends decided in the chunk starting at `cs` (it holds a terminal
/// mark), with the starts of the sentences after them: the chunk is
/// analyzed with the chunk before and the chunk after it.
pub(super) fn terminal_boundaries(
    text: &str,
    cs: usize,
    starts: &mut Vec<usize>,
    ends: &mut Vec<usize>,
) {
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
pub(super) fn analyzed_boundaries(
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
pub(super) fn simple_terminal(
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
pub(super) fn only_decimal_points(chunk: &str) -> bool {
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
pub(super) fn paragraph_break(
    text: &str,
    g: usize,
    starts: &mut Vec<usize>,
    ends: &mut Vec<usize>,
) {
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
