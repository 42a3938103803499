//! Reading input with its size checked *while* reading.
//!
//! The command line reads files and standard input, and either may be far
//! larger than anything Lede accepts: `lede analyze - < /dev/zero`, a
//! multi-gigabyte log piped in by mistake, an endless JSONL stream. Reading
//! it all and checking the size afterwards would grow memory without bound,
//! so every reader here stops one byte past its limit:
//!
//! - [`read_article`] reads one article (at most [`MAX_TEXT_BYTES`], plus a
//!   byte-order mark) and fails with a one-line message beyond that;
//! - [`read_line_capped`] reads one line of a line-oriented input (JSONL,
//!   batch queries) keeping at most `cap` bytes of it; a longer line is
//!   consumed to its end without being stored and reported as too long.
//!
//! What the bytes mean (UTF-8, whether a byte-order mark is text) is decided
//! in `src/pipeline/errors.rs`, not here: [`decode_article`] only names the
//! function the CLI uses for an article, so that `lede analyze` and JS
//! `analyze` give the same offsets for the same text.

use crate::pipeline::{LedeError, MAX_TEXT_BYTES};
use std::borrow::Cow;
use std::io::{BufRead, Read};

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads at most `cap + 1` bytes of `r`: a result longer than `cap` means
/// the input is larger than `cap` (how much larger is not known, and not read).
pub fn read_capped(r: impl Read, cap: usize) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    r.take(cap as u64 + 1).read_to_end(&mut buf)?;
    Ok(buf)
}

/// The message for an article larger than the limit.
fn too_large(name: &str, size: Option<u64>) -> String {
    let size = match size {
        Some(n) => format!("{n} bytes"),
        None => format!("more than {MAX_TEXT_BYTES} bytes; stopped reading"),
    };
    format!("{name}: the text is too large ({size}; the limit is {MAX_TEXT_BYTES} bytes, 16 MiB)")
}

/// Reads one article from `path` (`-`: standard input) as bytes, refusing
/// anything over [`MAX_TEXT_BYTES`] (a leading byte-order mark does not
/// count) without reading more than one byte past the limit. A regular file
/// whose size is known to be too large is refused before reading.
pub fn read_article(path: &str) -> Result<Vec<u8>, String> {
    let cap = MAX_TEXT_BYTES + BOM.len();
    let (name, bytes) = if path == "-" {
        let b = read_capped(std::io::stdin().lock(), cap)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        ("standard input", b)
    } else {
        let f = std::fs::File::open(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        if let Ok(m) = f.metadata() {
            if m.is_dir() {
                return Err(format!("cannot read {path}: it is a directory"));
            }
            // a regular file's size is known up front (devices and pipes say 0)
            if m.is_file() && m.len() > cap as u64 {
                return Err(too_large(path, Some(m.len())));
            }
        }
        let b = read_capped(f, cap).map_err(|e| format!("cannot read {path}: {e}"))?;
        (path, b)
    };
    let allowed = MAX_TEXT_BYTES + if bytes.starts_with(BOM) { BOM.len() } else { 0 };
    if bytes.len() > allowed {
        return Err(too_large(name, None));
    }
    Ok(bytes)
}

/// An article's bytes as text, as the pipeline decides
/// ([`crate::pipeline::errors::decode_text`]: UTF-8, no NUL; a leading
/// byte-order mark kept as one character that reads as a space, as JS
/// `analyze` reads it, so the offsets agree). Every format of `lede analyze`
/// reads its text through here.
pub fn decode_article(bytes: &[u8]) -> Result<Cow<'_, str>, LedeError> {
    crate::pipeline::errors::decode_text(bytes)
}

/// What [`read_line_capped`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// The input is exhausted: no line was read.
    End,
    /// A line (without its `\n`) is in the buffer.
    Read,
    /// The line was longer than the cap: it was consumed but not kept (the
    /// buffer holds its first `cap` bytes). `len` is its full length.
    TooLong {
        /// The line's length in bytes (without its `\n`).
        len: u64,
    },
}

/// Reads the next line of `r` into `buf` (cleared first), without its `\n`,
/// keeping at most `cap` bytes. A longer line is read to its end and
/// dropped, so memory stays bounded by `cap` whatever the input.
pub fn read_line_capped(
    r: &mut impl BufRead,
    buf: &mut Vec<u8>,
    cap: usize,
) -> std::io::Result<Line> {
    buf.clear();
    let mut len: u64 = 0;
    let mut any = false;
    loop {
        let avail = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            break;
        }
        any = true;
        let (chunk, done) = match avail.iter().position(|&b| b == b'\n') {
            Some(i) => (&avail[..i], true),
            None => (avail, false),
        };
        let room = cap.saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
        len += chunk.len() as u64;
        let used = chunk.len() + usize::from(done);
        r.consume(used);
        if done {
            break;
        }
    }
    Ok(if !any {
        Line::End
    } else if len > cap as u64 {
        Line::TooLong { len }
    } else {
        Line::Read
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_lines_stay_bounded() {
        let data = b"short\n0123456789abcdef\n\nlast";
        let mut r = std::io::BufReader::with_capacity(4, &data[..]);
        let mut buf = Vec::new();
        let mut got = Vec::new();
        loop {
            match read_line_capped(&mut r, &mut buf, 8).unwrap() {
                Line::End => break,
                Line::Read => got.push(String::from_utf8(buf.clone()).unwrap()),
                Line::TooLong { len } => {
                    assert!(buf.len() <= 8);
                    got.push(format!("<{len}>"))
                }
            }
        }
        assert_eq!(got, ["short", "<16>", "", "last"]);
    }

    #[test]
    fn capped_read_stops_one_past_the_cap() {
        let endless = std::io::repeat(b'a');
        assert_eq!(read_capped(endless, 1000).unwrap().len(), 1001);
    }
}
