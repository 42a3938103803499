//! Edges near a byte: chunk starts and ends, the first or last token edge
//! within a few chunks, a number of UTF-16 units before or after, and
//! whether a sentence can start within a snippet's length before a hit.
//!
//! Each reads only the chunks it needs; a chunk that is a plain word (and
//! its mark) gives its token edges from its bytes ([`simple_split`]), any
//! other is tokenized on its own (its tokens are the text's own there).

use super::marks::{chunk_tokens, simple_split, Chunk, Walker};
use super::{MAX_CHUNK_BYTES, SNIPPET_MAX};

/// Start of the first token at or after byte `b`, reading at most a few chunks.
pub(super) fn first_token_at(text: &str, b: usize) -> Option<usize> {
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
pub(super) fn last_token_end_before(text: &str, b: usize, s: usize) -> Option<usize> {
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
pub(super) fn chunk_start(text: &str, x: usize) -> usize {
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
pub(super) fn chunk_end(text: &str, y: usize) -> usize {
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
pub(super) fn prev_chunk_start(text: &str, x: usize) -> usize {
    let head = text.get(..x).unwrap_or("");
    let trimmed = head.trim_end().len();
    if trimmed == 0 {
        return 0;
    }
    chunk_start(text, trimmed)
}

/// End of the chunk after byte `y` (a chunk end or whitespace).
pub(super) fn next_chunk_end(text: &str, y: usize) -> usize {
    let tail = text.get(y..).unwrap_or("");
    let skipped = tail.len() - tail.trim_start().len();
    chunk_end(text, y + skipped)
}

/// Byte `units` UTF-16 units before byte `from` (or the text start).
pub(super) fn back16(text: &str, from: usize, units: usize) -> usize {
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
pub(super) fn fwd16(text: &str, from: usize, units: usize) -> usize {
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
pub(super) fn last_token_end(text: &str) -> usize {
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
pub(super) fn may_start_sentence(text: &str, h: usize) -> bool {
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
pub(super) fn closers_then_terminal(
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
pub(super) fn is_closer_char(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '"' | '\'' | ')' | ']' | '»' | '}' | '」' | '』'
    )
}
