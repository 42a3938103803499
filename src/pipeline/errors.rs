//! Errors and input checks shared by every face of the core (JS, CLI, Rust).
//!
//! An input is checked before any work is spent on it: too large, empty,
//! binary or malformed text gets a [`LedeError`] that says why, in one line
//! that the JS face throws and the CLI prints. Nothing here panics.

use std::fmt;

/// Largest text `analyze` accepts, in bytes (16 MiB).
pub const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;

/// Why an input was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedeError {
    /// The text is empty or only whitespace.
    Empty,
    /// The text is larger than [`MAX_TEXT_BYTES`].
    TooLarge {
        /// Size of the text in bytes.
        bytes: usize,
    },
    /// The text looks like binary data (NUL bytes or mostly control characters).
    Binary,
    /// The input is not a string (from JS).
    NotAString,
    /// The input string contains an unpaired UTF-16 surrogate (from JS).
    LoneSurrogate,
    /// The input bytes are not valid UTF-8 (from files).
    NotUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// Options that could not be read.
    BadOptions(String),
}

impl fmt::Display for LedeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LedeError::Empty => write!(f, "the text is empty"),
            LedeError::TooLarge { bytes } => write!(
                f,
                "the text is too large ({bytes} bytes; the limit is {MAX_TEXT_BYTES})"
            ),
            LedeError::Binary => write!(f, "the input looks like binary data, not text"),
            LedeError::NotAString => write!(f, "the text must be a string"),
            LedeError::LoneSurrogate => {
                write!(
                    f,
                    "the text contains an unpaired UTF-16 surrogate (malformed string)"
                )
            }
            LedeError::NotUtf8 { offset } => {
                write!(
                    f,
                    "the input is not valid UTF-8 (first bad byte at offset {offset})"
                )
            }
            LedeError::BadOptions(m) => write!(f, "bad options: {m}"),
        }
    }
}

impl std::error::Error for LedeError {}

/// Checks that `text` is something `analyze` can work on.
pub fn validate_text(text: &str) -> Result<(), LedeError> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(LedeError::TooLarge { bytes: text.len() });
    }
    if text.trim().is_empty() {
        return Err(LedeError::Empty);
    }
    if text.contains('\0') {
        return Err(LedeError::Binary);
    }
    let sample: Vec<char> = text.chars().take(4096).collect();
    let control = sample
        .iter()
        .filter(|c| c.is_control() && !c.is_whitespace())
        .count();
    if control * 10 > sample.len() {
        return Err(LedeError::Binary);
    }
    Ok(())
}

/// Decodes file bytes as UTF-8 text (a leading BOM is dropped).
pub fn decode_utf8(bytes: &[u8]) -> Result<&str, LedeError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err(LedeError::Binary);
    }
    std::str::from_utf8(bytes).map_err(|e| LedeError::NotUtf8 {
        offset: e.valid_up_to(),
    })
}
