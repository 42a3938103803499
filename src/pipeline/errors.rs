//! Errors and input checks shared by every face of the core (JS, CLI, Rust).
//!
//! An input is checked before any work is spent on it: too large, empty,
//! binary or malformed text gets a [`LedeError`] that says why, in one line
//! that the JS face throws and the CLI prints. Nothing here panics.
//!
//! ## The memory budget
//!
//! The size limit alone does not keep an analysis inside memory: what an
//! analysis costs grows with its number of tokens, not its bytes, and 16 MiB
//! of commas is 16 million tokens. A 32-bit WebAssembly module has at most
//! 4 GiB, and a module that runs out of memory aborts, losing everything it
//! holds (every document indexed in a `Corpus`). So [`validate_text`] also
//! estimates the tokens of a text *before* any work is spent on it
//! ([`estimate_tokens`]: one linear pass, no allocation, an upper bound of
//! what the tokenizer makes) and refuses a text whose analysis would need
//! more than [`MEMORY_BUDGET_BYTES`] at its peak with
//! [`LedeError::OverBudget`], a clear error instead of an abort.
//!
//! The cost of a token, [`BYTES_PER_TOKEN`], is measured on the current build
//! (peak resident memory of `lede analyze`, see the constant); when the
//! pipeline gets leaner, measure again and lower it, and longer texts pass.
//!
//! ## Quoting input in messages
//!
//! An error message quotes what it refuses only in part ([`quoted`]: at most
//! [`QUOTE_CHARS`] characters, then `…`), so a 1 MB bad date is not echoed
//! whole.

use std::borrow::Cow;
use std::fmt;

/// Largest text `analyze` accepts, in bytes (16 MiB).
pub const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;

/// Peak memory one token of a text costs an analysis, in bytes (the whole
/// pipeline: token and sentence arrays, the tagger's document, entities,
/// keyphrases, the JSON view and its string). Measured on this build, in
/// WebAssembly (`node bench/hostile/wasm.mjs`: wasm memory after the
/// analysis less that after a one-sentence analysis, per token) and natively
/// (`cargo bench --bench hostile-mem`: peak heap of `analyze_json`, 64-bit).
/// The dearest text is news: 189 bytes a token for 100,000 words in wasm
/// (135 for 1,000,000 words; the wasm allocator keeps what it freed, and a
/// small text pays for its first pages), 148 natively; a megabyte of commas
/// costs 94 in wasm. Before the tagger stopped keeping per-token feature
/// rows and analyses, and tokens their shapes (issue 14), a token cost 540.
/// Rounded up, with a quarter for margin.
pub const BYTES_PER_TOKEN: usize = 240;
/// Most memory one analysis may use at its peak (1 GiB): a quarter of what a
/// wasm32 module can ever have, so the page keeps room for its corpus and
/// for JS's copy of the result.
pub const MEMORY_BUDGET_BYTES: usize = 1 << 30;

/// Most tokens a text may have ([`MEMORY_BUDGET_BYTES`] /
/// [`BYTES_PER_TOKEN`]: 4,473,924; the size limit, 16 MiB, comes first for
/// news prose, about 3.4 million tokens).
pub const MAX_TOKENS: usize = MEMORY_BUDGET_BYTES / BYTES_PER_TOKEN;

/// Most characters of an input that an error message quotes.
pub const QUOTE_CHARS: usize = 40;

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
    /// The text would need more memory than an analysis may use
    /// ([`MEMORY_BUDGET_BYTES`]): too many tokens.
    OverBudget {
        /// Estimated tokens ([`estimate_tokens`]).
        tokens: usize,
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
            LedeError::OverBudget { tokens } => write!(
                f,
                "the text has too many words and punctuation marks to analyze \
                 (about {tokens} tokens; the limit is {MAX_TOKENS}, \
                 {} MiB of working memory)",
                MEMORY_BUDGET_BYTES >> 20
            ),
            LedeError::BadOptions(m) => write!(f, "bad options: {m}"),
        }
    }
}

impl std::error::Error for LedeError {}

/// Checks that `text` is something `analyze` can work on: not too large,
/// not empty, not binary, and within the memory budget ([`check_budget`]).
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
    // the first 4,096 characters, counted without copying them
    let (mut sampled, mut control) = (0usize, 0usize);
    for c in text.chars().take(4096) {
        sampled += 1;
        if c.is_control() && !c.is_whitespace() {
            control += 1;
        }
    }
    if control * 10 > sampled {
        return Err(LedeError::Binary);
    }
    check_budget(text)
}

/// An upper bound of the number of tokens the analyzer makes of `text`, in
/// one pass without allocating: every run of letters and every run of digits
/// counts one (a word the tokenizer may cut at an apostrophe or a hyphen is
/// counted in pieces, as the punctuation between them counts too), every
/// other character that is not whitespace counts one (punctuation, symbols,
/// emoji, and each character of a script written without spaces: CJK, Thai,
/// ...). On news prose the bound is within a few percent of the real count.
/// (The text layer sizes its token array with it: [`crate::text::estimate_tokens`].)
pub fn estimate_tokens(text: &str) -> usize {
    crate::text::estimate_tokens(text)
}

/// Refuses a text whose analysis would need more than
/// [`MEMORY_BUDGET_BYTES`]: more than [`MAX_TOKENS`] estimated tokens
/// ([`estimate_tokens`]). Costs one pass over the text, no allocation.
pub fn check_budget(text: &str) -> Result<(), LedeError> {
    let tokens = estimate_tokens(text);
    if tokens > MAX_TOKENS {
        return Err(LedeError::OverBudget { tokens });
    }
    Ok(())
}

/// `s` quoted for an error message: at most [`QUOTE_CHARS`] characters, then
/// `…` when it was longer; control characters and quotes escaped as in a Rust
/// or JSON string (`"2024-01-01xyz"`).
pub fn quoted(s: &str) -> String {
    quoted_max(s, QUOTE_CHARS)
}

/// `s` quoted as by [`quoted`], cut after `max` characters.
pub fn quoted_max(s: &str, max: usize) -> String {
    let mut cut = s.len();
    if let Some((i, _)) = s.char_indices().nth(max) {
        cut = i;
    }
    let head = s.get(..cut).unwrap_or("");
    let more = if cut < s.len() { "…" } else { "" };
    format!("{head:?}{more}")
}

/// Checks an article date given as an option (the anchor of relative dates):
/// `YYYY-MM-DD`, a real day, optionally followed by an RFC 3339 time
/// (`2023-07-27T10:30:00Z`, ignored); anything else, trailing junk included,
/// is an error that quotes the date in part.
pub fn check_date(d: &str) -> Result<(), LedeError> {
    let bad = || LedeError::BadOptions(format!("date must be YYYY-MM-DD, got {}", quoted(d)));
    let b = d.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r)
            .is_some_and(|x| !x.is_empty() && x.iter().all(u8::is_ascii_digit))
    };
    let shape = digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10);
    if !shape {
        return Err(bad());
    }
    let num = |r: std::ops::Range<usize>| d.get(r).and_then(|x| x.parse::<u32>().ok()).unwrap_or(0);
    let (y, m, day) = (num(0..4), num(5..7), num(8..10));
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    if y == 0 || day == 0 || day > days {
        return Err(bad());
    }
    match d.get(10..) {
        Some("") => Ok(()),
        Some(t) if is_rfc3339_time(t) => Ok(()),
        _ => Err(bad()),
    }
}

/// `T10:30`, `T10:30:00`, `T10:30:00.5` (or with a space for the `T`), each
/// optionally with `Z` or `±hh:mm`.
fn is_rfc3339_time(t: &str) -> bool {
    // RFC 3339 allows a space for the `T`
    let Some(t) = t.strip_prefix(['T', 't', ' ']) else {
        return false;
    };
    let (clock, zone) = match t.find(['Z', 'z', '+', '-']) {
        Some(i) => (t.get(..i).unwrap_or(""), t.get(i..).unwrap_or("")),
        None => (t, ""),
    };
    let two = |s: &str, max: u32| {
        s.len() == 2
            && s.bytes().all(|c| c.is_ascii_digit())
            && s.parse::<u32>().is_ok_and(|v| v <= max)
    };
    let mut parts = clock.splitn(3, ':');
    let (Some(h), Some(mi)) = (parts.next(), parts.next()) else {
        return false;
    };
    let sec_ok = match parts.next() {
        None => true,
        Some(s) => {
            let (whole, frac) = s.split_once('.').unwrap_or((s, "0"));
            two(whole, 60) && !frac.is_empty() && frac.bytes().all(|c| c.is_ascii_digit())
        }
    };
    let zone_ok = match zone {
        "" | "Z" | "z" => true,
        z => z
            .get(1..)
            .and_then(|hm| hm.split_once(':'))
            .is_some_and(|(zh, zm)| two(zh, 23) && two(zm, 59)),
    };
    two(h, 23) && two(mi, 59) && sec_ok && zone_ok
}

/// The byte-order mark, U+FEFF.
pub const BOM: char = '\u{feff}';

/// What a leading BOM reads as: U+2002 EN SPACE, like the BOM one UTF-16
/// code unit and three UTF-8 bytes, so every offset stays where it is.
pub const BOM_STANDIN: char = '\u{2002}';

/// A leading byte-order mark made whitespace of the same width: offsets
/// count it as the one character it is in a JS string (so `lede analyze` of
/// a file and JS `analyze` of the same text give the same offsets) and the
/// engines read it as a space (it never sticks to the first word).
pub fn bom_as_space(text: &str) -> Cow<'_, str> {
    match text.strip_prefix(BOM) {
        Some(rest) => Cow::Owned(format!("{BOM_STANDIN}{rest}")),
        None => Cow::Borrowed(text),
    }
}

/// [`bom_as_space`] in place, for a text already copied (no allocation).
pub fn bom_as_space_in_place(text: &mut String) {
    if text.starts_with(BOM) {
        // both are three bytes: the string keeps its length
        text.replace_range(..BOM.len_utf8(), BOM_STANDIN.encode_utf8(&mut [0; 4]));
    }
}

/// Decodes file bytes as UTF-8 text (a leading BOM is dropped): for data
/// formats (JSONL), where no offset points into the file. An article's text
/// is read with [`decode_text`].
pub fn decode_utf8(bytes: &[u8]) -> Result<&str, LedeError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err(LedeError::Binary);
    }
    std::str::from_utf8(bytes).map_err(|e| LedeError::NotUtf8 {
        offset: e.valid_up_to(),
    })
}

/// Decodes an article file as UTF-8 text for analysis: a leading BOM is kept
/// as one character that reads as a space ([`bom_as_space`]), so the offsets
/// of `lede analyze` are those of JS `analyze` on the same text (a JS string
/// read with the BOM holds it at index 0).
pub fn decode_text(bytes: &[u8]) -> Result<Cow<'_, str>, LedeError> {
    if bytes.contains(&0) {
        return Err(LedeError::Binary);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| LedeError::NotUtf8 {
        offset: e.valid_up_to(),
    })?;
    Ok(bom_as_space(text))
}
