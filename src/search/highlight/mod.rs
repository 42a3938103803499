//! Highlights and snippets: which words of a title or body match a query,
//! and the query-biased snippet with the densest cluster of hits, cut at
//! sentence or word boundaries, about 160–240 characters long.
//!
//! # Two paths, one answer
//!
//! The reference path ([`reference`]: [`match_ranges`], [`snippet`](fn@snippet)) reads
//! the whole text: tokens, sentences, every match. It is simple and it is
//! what the tests compare with. The bounded path, the one search results
//! use, gives the same answer while reading only a little of the text around
//! each hit, in three stages, one file each:
//!
//! 1. [`marks`]: how a stored text is walked. The tokenizer reads each
//!    whitespace-separated chunk on its own, so the tokens of a slice that
//!    starts and ends at chunk edges are the text's own. A [`TextMarks`]
//!    keeps, every [`CHECKPOINT_BYTES`] or so, the token number, byte and
//!    UTF-16 offset of a chunk start; a walk from there counts tokens chunk by
//!    chunk, a table look-up per byte, and the chunks of common ASCII shapes
//!    (plain words, `said,"`, `"We`, `AOL's`, `high-speed`, `$1.13bn`: 99% of
//!    news chunks) counted from their bytes by
//!    [`count_chunk_tokens`](crate::text::fast::count_chunk_tokens), never
//!    tokenized. A run of plain words, and of words with one mark
//!    (`said,`), is passed without making a chunk each.
//! 2. [`locate`]: [`locate_matches`] places the matches from the token
//!    positions the index already holds (postings keep positions), walking
//!    from the checkpoint before each; the chunk a position falls in is
//!    tokenized only when it is not a plain word (and its mark).
//! 3. [`snippet`](mod@snippet): [`snippet_near`] reads only the text around the hits that
//!    can win. Each hit's best possible score is bounded from the hits near
//!    it (and whether a sentence can start before it), hits are tried best
//!    bound first, and the search stops when no bound can beat the best
//!    window found. Around a hit, [`regions`] finds the sentence edges: a
//!    sentence boundary falls only after a terminal mark or between
//!    paragraphs, and the splitter decides it from the chunk holding the mark
//!    and the chunks beside it, so each such chunk is read with its
//!    neighbours (the common shapes, `said.`, `next."`, `out".`, `6.4%`,
//!    decided from their bytes alone); [`edges`] finds token and chunk edges
//!    near a byte without tokenizing a plain word.
//!
//! Caps, per hit: at most [`MAX_MATCHES`] body matches and [`SCAN_BUDGET`] bytes
//! walked to find them (then `matches_cut` is set; the snippet and title
//! highlights stay right), [`REGION_BUDGET`] bytes of paragraphs analyzed for
//! the snippet, and chunks longer than [`MAX_CHUNK_BYTES`] (no whitespace for
//! 16 KiB) are not tokenized at search time.

use super::query::FieldMask;
use crate::text::hash::FxMap;
use crate::text::Span16;

mod edges;
mod locate;
mod marks;
mod reference;
mod regions;
mod snippet;
#[cfg(test)]
mod tests;

pub use locate::locate_matches;
pub use marks::{Checkpoint, TextMarks};
pub use reference::{match_ranges, snippet, spans};
pub use snippet::snippet_near;

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

/// The token positions where a query's highlights fall in one document.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DocWants<'s> {
    /// Title positions (token indices, sorted) and what is wanted there.
    pub title: Vec<(u32, Want<'s>)>,
    /// Body positions likewise.
    pub body: Vec<(u32, Want<'s>)>,
}
