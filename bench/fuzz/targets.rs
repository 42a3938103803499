//! Fuzz targets shared by the bounded run in the test command
//! (`tests/fuzz.rs`) and the longer campaign (`bench/fuzz/main.rs`).
//!
//! Each target is a proptest [`Strategy`] that generates inputs and a check
//! that runs the code under test on one input and asserts its invariants,
//! returning a [`TestCaseError`] instead of panicking (a panic in the code
//! under test is caught by proptest's runner and reported as a failure too).
//! The runner shrinks a failing input to a small one.
//!
//! - `analyze`: [`lede::pipeline::analyze`] on generated text: news words,
//!   names, quote marks of every kind nested and unbalanced, emoji, CJK,
//!   combining marks, sparse control characters, very long tokens, many
//!   sentences, and real articles with such pieces spliced in. Invariants:
//!   an error is a value with a one-line message; every UTF-16 range is
//!   end-exclusive, within the text and on code-point boundaries; indices
//!   between entities, mentions, quotes and sentences exist.
//! - `query`: [`lede::search::parse_query`] and [`Corpus::try_search`] /
//!   [`Corpus::search`] on generated queries (quotes, fields, minus, OR,
//!   unicode, over-long) over a corpus of the seed articles. Invariants:
//!   results' ids exist, counts agree with the options, highlight and
//!   snippet ranges lie within the title and body.
//! - `from_bytes`: [`Corpus::from_bytes`] on truncations, bit flips,
//!   overwritten and inserted bytes and garbage of a real saved corpus.
//!   Invariants: an error is a value; a corpus that loads answers searches
//!   with ids it contains and saves to bytes that load again.
//!
//! - `sharded`: the sharded index reader
//!   ([`lede::search::shard::ShardedIndex`]) over a sharded build of the
//!   same corpus with one file damaged: truncations, bit flips, garbage of a
//!   file as served (caught by its hash), the same damage to a file's
//!   inflated content served under its new hash with the manifest pointing
//!   at it (so the parsers see it), a dropped file, a manifest with odd
//!   statistics. Invariants: every error is a one-line value, results hold
//!   only known ids and valid ranges, `trim(0)` frees everything.
//!
//! - `sequence`: random add / remove / search / save-and-load sequences on
//!   a corpus, checked against a model (the set of ids): a failed add leaves
//!   the corpus as it was, `remove` says whether the id was there, searches
//!   return only live ids, a reloaded corpus has the same ids.
//!
//! Timing: [`Stats`] records every execution's time per KB of input (inputs
//! under 1 KB count as 1 KB, so tiny inputs do not dominate) and keeps the
//! slowest.
#![allow(dead_code)]

use lede::pipeline::{analyze, Analysis, AnalyzeOptions};
use lede::search::{parse_query, Corpus, Document, SearchOptions, SearchResults};
use lede::text::offsets::Span16;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use std::cell::RefCell;
use std::sync::OnceLock;
use std::time::Instant;

/// The seed articles, compiled in (the fuzz inputs never need ../shared).
pub const SEEDS: [&str; 6] = [
    include_str!("../../seeds/000_cbae279371bf3f5a.txt"),
    include_str!("../../seeds/afghan.txt"),
    include_str!("../../seeds/asylum.txt"),
    include_str!("../../seeds/election.txt"),
    include_str!("../../seeds/defector.txt"),
    include_str!("../../seeds/hackers.txt"),
];

// ---------------------------------------------------------------- timing

/// One timed input: microseconds, its size in bytes and a short preview.
#[derive(Debug, Clone)]
pub struct Slow {
    /// Microseconds per KB (size floored at 1 KB).
    pub us_per_kb: f64,
    /// Microseconds taken.
    pub us: f64,
    /// Input size in bytes.
    pub bytes: usize,
    /// The first characters of the input (escaped).
    pub preview: String,
}

/// Executions and the slowest inputs per KB of one target.
#[derive(Debug, Default)]
pub struct Stats {
    /// Inputs run.
    pub executions: u64,
    /// Input bytes run.
    pub bytes: u64,
    /// The slowest inputs per KB, slowest first (at most `keep`).
    pub slowest: Vec<Slow>,
    /// How many slow inputs to keep.
    pub keep: usize,
}

impl Stats {
    /// Stats keeping the `keep` slowest inputs.
    pub fn new(keep: usize) -> Stats {
        Stats {
            keep: keep.max(1),
            ..Stats::default()
        }
    }

    /// Records one execution of `bytes` bytes that took `us` microseconds.
    pub fn record(&mut self, us: f64, bytes: usize, preview: impl FnOnce() -> String) {
        self.executions += 1;
        self.bytes += bytes as u64;
        let per = us * 1024.0 / bytes.max(1024) as f64;
        let last = self.slowest.last().map_or(0.0, |s| s.us_per_kb);
        if self.slowest.len() < self.keep || per > last {
            self.slowest.push(Slow {
                us_per_kb: per,
                us,
                bytes,
                preview: preview(),
            });
            self.slowest
                .sort_by(|a, b| b.us_per_kb.total_cmp(&a.us_per_kb));
            self.slowest.truncate(self.keep);
        }
    }

    /// The slowest µs/KB seen (0 before any execution).
    pub fn worst(&self) -> f64 {
        self.slowest.first().map_or(0.0, |s| s.us_per_kb)
    }

    /// The line the test report prints for target `name`.
    pub fn line(&self, name: &str) -> String {
        let (size, us) = self.slowest.first().map_or((0, 0.0), |s| (s.bytes, s.us));
        format!(
            "fuzz {name}: {} executions, slowest input {:.0} µs/KB ({} B in {:.0} µs), {:.1} KB in all",
            self.executions,
            self.worst(),
            size,
            us,
            self.bytes as f64 / 1024.0
        )
    }
}

/// `s` cut to about 60 characters, escaped.
pub fn preview(s: &str) -> String {
    let cut: String = s.chars().take(60).collect();
    format!("{cut:?}")
}

/// Runs `f`, records its time for an input of `bytes` bytes into `stats`.
pub fn timed<T>(
    stats: &RefCell<Stats>,
    bytes: usize,
    show: impl FnOnce() -> String,
    f: impl FnOnce() -> T,
) -> T {
    let t = Instant::now();
    let out = f();
    let us = t.elapsed().as_secs_f64() * 1e6;
    stats.borrow_mut().record(us, bytes, show);
    out
}

// ---------------------------------------------------------------- generators

const NEWS: &[&str] = &[
    "the",
    "said",
    "of",
    "a",
    "to",
    "in",
    "government",
    "minister",
    "police",
    "on",
    "Tuesday",
    "percent",
    "million",
    "election",
    "court",
    "reported",
    "according",
    "told",
    "Reuters",
    "BBC",
    "spokesman",
    "was",
    "is",
    "has",
    "would",
    "not",
    "$5bn",
    "3.5%",
    "2004",
    "12",
    "U.S.",
    "Mr",
    "Mrs.",
    "Dr",
    "e.g.",
    "No.",
    "St.",
    "yesterday",
    "next",
    "week",
    "last",
    "month",
    "January",
    "1 March 2005",
];

const NAMES: &[&str] = &[
    "Tony Blair",
    "Gordon Brown",
    "Blair",
    "Brown",
    "London",
    "Labour",
    "Korean Central News Agency",
    "(KCNA)",
    "KCNA",
    "Jean-Claude Juncker",
    "O'Brien",
    "McDonald's",
    "São Paulo",
    "Zürich",
    "Mr Smith",
    "Smith",
    "European Union",
    "EU",
    "United Nations",
    "UN",
    "Microsoft",
    "Apple Inc.",
    "Dr. Angela Merkel",
    "Ban Ki-moon",
];

/// Quote marks of every kind (straight, curly, guillemets, CJK, primes).
const QUOTES: &[&str] = &[
    "\"", "'", "“", "”", "‘", "’", "„", "‚", "«", "»", "‹", "›", "「", "」", "『", "』", "〝",
    "〞", "″", "′", "``", "''", "＂",
];

const SEPS: &[&str] = &[
    " ", " ", " ", " ", ". ", ", ", "; ", ": ", "! ", "? ", "\n", "\n\n", " - ", " — ", "...", "…",
    "(", ")", "[", "]", "\t", "\u{a0}", "\u{2028}", "\r\n",
];

const ODD: &[&str] = &[
    "😀",
    "👨‍👩‍👧",
    "🇬🇧",
    "🏳️‍🌈",
    "中国",
    "北京市",
    "東京",
    "한국어",
    "日本語のテキスト",
    "e\u{301}",
    "a\u{308}\u{308}\u{308}",
    "\u{301}",
    "\u{200d}",
    "\u{200b}",
    "\u{feff}",
    "\u{202e}",
    "\u{1}",
    "\u{7f}",
    "\u{85}",
    "\u{fffd}",
    "\u{10ffff}",
    "ﬁ",
    "Ⅻ",
    "Ǆ",
    "İ",
    "ß",
    "ΣΊΣΥΦΟΣ",
    "Привет",
    "مرحبا",
    "שלום",
    "ℌ",
    "𝔘𝔫𝔦",
    "½",
    "²",
    "٣",
    "&amp;",
    "<b>",
    "http://example.com/a?b=c",
    "@user",
    "#tag",
    "--",
    "'s",
    "s'",
];

/// One piece of generated text.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(NEWS).prop_map(str::to_string),
        4 => prop::sample::select(NAMES).prop_map(str::to_string),
        4 => prop::sample::select(QUOTES).prop_map(str::to_string),
        6 => prop::sample::select(SEPS).prop_map(str::to_string),
        2 => prop::sample::select(ODD).prop_map(str::to_string),
        // a very long token
        1 => (prop::sample::select(&["a", "B", "中", "😀", "-", ".", "'", "1", "é"][..]), 1usize..3000)
            .prop_map(|(c, n)| c.repeat(n)),
        // a repeated unit (nesting, long runs of marks)
        1 => (prop::sample::select(&["“ word ‘ said ", "((", "« ", "\" ", "Mr. ", "(AB) ", ", ", "‘‘“"][..]), 1usize..200)
            .prop_map(|(c, n)| c.repeat(n)),
        // any character at all (including unassigned and private use)
        1 => any::<char>().prop_map(|c| c.to_string()),
    ]
}

/// Generated text: pieces joined, or a real article with pieces spliced in.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::collection::vec(piece(), 0..400).prop_map(|v| v.concat()),
        2 => (
            prop::sample::select(&SEEDS[..]),
            prop::collection::vec((any::<prop::sample::Index>(), piece()), 0..40),
            any::<prop::sample::Index>(),
        )
            .prop_map(|(seed, inserts, cut)| splice(seed, &inserts, cut)),
        // many short sentences
        1 => prop::collection::vec((prop::sample::select(NAMES), prop::sample::select(NEWS)), 1..600)
            .prop_map(|v| v.iter().map(|(a, b)| format!("{a} {b}. ")).collect()),
    ]
}

/// `seed` cut at a char boundary near `cut` with `inserts` placed at char
/// boundaries.
fn splice(
    seed: &str,
    inserts: &[(prop::sample::Index, String)],
    cut: prop::sample::Index,
) -> String {
    let bounds: Vec<usize> = seed
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(seed.len()))
        .collect();
    let end = *cut.get(&bounds);
    let mut at: Vec<(usize, &str)> = inserts
        .iter()
        .map(|(i, p)| (*i.get(&bounds), p.as_str()))
        .filter(|(i, _)| *i <= end)
        .collect();
    at.sort_by_key(|(i, _)| *i);
    let mut out = String::with_capacity(end + 64);
    let mut prev = 0;
    for (i, p) in at {
        out.push_str(seed.get(prev..i).unwrap_or(""));
        out.push_str(p);
        prev = i;
    }
    out.push_str(seed.get(prev..end).unwrap_or(""));
    out
}

/// Analyze options: mostly the default, sometimes a date (good or bad) and
/// other engine counts.
pub fn analyze_options() -> impl Strategy<Value = AnalyzeOptions> {
    (
        prop::option::weighted(
            0.2,
            prop::sample::select(
                &[
                    "2005-03-01",
                    "2024-02-29",
                    "2023-02-29",
                    "1-1-1",
                    "",
                    "2005-03-01x",
                    "9999-12-31",
                ][..],
            ),
        ),
        prop::option::weighted(0.2, 0usize..20),
        prop::option::weighted(0.2, 0usize..40),
        prop::option::weighted(0.2, any::<bool>()),
        prop::option::weighted(0.5, any::<bool>()),
    )
        .prop_map(
            |(date, summary, keyphrases, quotes, tokens)| AnalyzeOptions {
                date: date.map(str::to_string),
                summary,
                keyphrases,
                quotes,
                tokens,
            },
        )
}

const QWORDS: &[&str] = &[
    "blair",
    "Brown",
    "election",
    "minister",
    "the",
    "of",
    "said",
    "labour",
    "london",
    "governmnet",
    "electon",
    "pres",
    "a",
    "I",
    "to",
    "OR",
    "or",
    "AND",
    "NOT",
    "|",
    "北京",
    "😀",
    "café",
    "CAFÉ",
    "e\u{301}",
    "İ",
    "ß",
    "Σ",
    "1",
    "2005",
    "$5bn",
    "U.S.",
    "o'brien",
    "co-operation",
    "-",
    "--",
    "*",
    "?",
    "()",
    "\\",
];

const QMARKS: &[&str] = &[
    "\"",
    "“",
    "”",
    "„",
    "«",
    "»",
    "'",
    "‘",
    "’",
    "-",
    "-\"",
    "title:",
    "person:",
    "people:",
    "org:",
    "place:",
    "location:",
    "unknown:",
    ":",
    "title:\"",
    "-title:",
    "person:\"",
    " ",
    " ",
    " ",
    "  ",
    "\t",
    "\n",
    "\u{3000}",
];

/// One generated query.
pub fn query() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::collection::vec(
            prop_oneof![
                3 => prop::sample::select(QWORDS).prop_map(str::to_string),
                3 => prop::sample::select(QMARKS).prop_map(str::to_string),
                1 => prop::sample::select(ODD).prop_map(str::to_string),
                1 => any::<char>().prop_map(|c| c.to_string()),
            ],
            0..24,
        )
        .prop_map(|v| v.concat()),
        // long queries around the length cap, repeated words
        1 => (prop::sample::select(QWORDS), 1usize..1500, prop::sample::select(&[" ", "", " OR ", " -", "\""][..]))
            .prop_map(|(w, n, sep)| vec![w; n].join(sep)),
        1 => ".{0,64}",
    ]
}

/// Search options over their whole ranges (limits past the cap too).
pub fn search_options() -> impl Strategy<Value = SearchOptions> {
    (
        prop_oneof![0usize..30, Just(1000usize), Just(usize::MAX)],
        prop_oneof![0usize..30, Just(usize::MAX)],
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::bool::weighted(0.8),
    )
        .prop_map(
            |(limit, offset, prefix, fuzzy, explain, highlight)| SearchOptions {
                limit,
                offset,
                prefix,
                fuzzy,
                explain,
                highlight,
                ..SearchOptions::default()
            },
        )
}

/// A change to a saved corpus's bytes.
#[derive(Debug, Clone)]
pub enum Mutation {
    /// Keep the first bytes only (index into the length).
    Truncate(prop::sample::Index),
    /// Flip these bits (byte index, bit).
    Flip(Vec<(prop::sample::Index, u8)>),
    /// Overwrite bytes at these places.
    Overwrite(Vec<(prop::sample::Index, u8)>),
    /// Insert bytes at a place.
    Insert(prop::sample::Index, Vec<u8>),
    /// Remove a range (start, length).
    Remove(prop::sample::Index, usize),
    /// The header (first bytes) followed by garbage.
    HeaderThen(prop::sample::Index, Vec<u8>),
    /// Garbage alone.
    Garbage(Vec<u8>),
    /// Truncate, then flip one bit.
    TruncateFlip(prop::sample::Index, prop::sample::Index, u8),
}

/// Generated mutations of a saved corpus.
pub fn mutation() -> impl Strategy<Value = Mutation> {
    let ix = any::<prop::sample::Index>;
    prop_oneof![
        3 => ix().prop_map(Mutation::Truncate),
        4 => prop::collection::vec((ix(), 0u8..8), 1..8).prop_map(Mutation::Flip),
        3 => prop::collection::vec((ix(), any::<u8>()), 1..8).prop_map(Mutation::Overwrite),
        1 => (ix(), prop::collection::vec(any::<u8>(), 1..64)).prop_map(|(i, b)| Mutation::Insert(i, b)),
        1 => (ix(), 1usize..256).prop_map(|(i, n)| Mutation::Remove(i, n)),
        1 => (ix(), prop::collection::vec(any::<u8>(), 0..512)).prop_map(|(i, b)| Mutation::HeaderThen(i, b)),
        1 => prop::collection::vec(any::<u8>(), 0..512).prop_map(Mutation::Garbage),
        1 => (ix(), ix(), 0u8..8).prop_map(|(a, b, c)| Mutation::TruncateFlip(a, b, c)),
    ]
}

/// `good` changed by `m`.
pub fn mutate(good: &[u8], m: &Mutation) -> Vec<u8> {
    let mut b = good.to_vec();
    let n = b.len().max(1);
    match m {
        Mutation::Truncate(i) => b.truncate(i.index(n)),
        Mutation::Flip(fs) => {
            for (i, bit) in fs {
                if let Some(x) = b.get_mut(i.index(n)) {
                    *x ^= 1 << (bit % 8);
                }
            }
        }
        Mutation::Overwrite(ws) => {
            for (i, v) in ws {
                if let Some(x) = b.get_mut(i.index(n)) {
                    *x = *v;
                }
            }
        }
        Mutation::Insert(i, bytes) => {
            let at = i.index(n + 1).min(b.len());
            b.splice(at..at, bytes.iter().copied());
        }
        Mutation::Remove(i, len) => {
            let at = i.index(n).min(b.len());
            let end = at.saturating_add(*len).min(b.len());
            b.drain(at..end);
        }
        Mutation::HeaderThen(i, bytes) => {
            b.truncate(i.index(n.min(64)));
            b.extend_from_slice(bytes);
        }
        Mutation::Garbage(bytes) => b = bytes.clone(),
        Mutation::TruncateFlip(cut, at, bit) => {
            b.truncate(cut.index(n));
            let m = b.len().max(1);
            if let Some(x) = b.get_mut(at.index(m)) {
                *x ^= 1 << (bit % 8);
            }
        }
    }
    b
}

// ---------------------------------------------------------------- fixtures

/// A corpus of the seed articles (fields extracted by the enricher), plus
/// two odd documents (emoji and combining marks in title and body).
pub fn build_corpus() -> Corpus {
    {
        let mut c = lede::pipeline::enriched_corpus();
        for (i, s) in SEEDS.iter().enumerate() {
            let title = s.lines().next().unwrap_or("untitled");
            let _ = c.add(Document::new(&format!("seed{i}"), title, s));
        }
        let _ = c.add(Document::new(
            "odd",
            "Café 😀 “Résumé” e\u{301} 北京",
            "Blair said “e\u{301}lection 😀 北京 café” in London. Brown: ‘no’. 👨‍👩‍👧 Zürich İstanbul ß.",
        ));
        let _ = c.add(Document::new("tiny", "", "Brown."));
        c
    }
}

thread_local! {
    /// [`build_corpus`], once per thread (a `Corpus` is not `Sync`).
    static CORPUS: Corpus = build_corpus();
}

/// Runs `f` on this thread's [`build_corpus`].
pub fn with_corpus<T>(f: impl FnOnce(&Corpus) -> T) -> T {
    CORPUS.with(f)
}

/// Loads what the first call would otherwise pay for inside the timed
/// inputs: the NER model (decompressed on first use) and this thread's
/// corpus.
pub fn warm_up() {
    let _ = analyze(SEEDS[0], &AnalyzeOptions::default());
    with_corpus(|c| c.len());
}

/// The saved bytes of [`build_corpus`].
pub fn corpus_bytes() -> &'static [u8] {
    static B: OnceLock<Vec<u8>> = OnceLock::new();
    B.get_or_init(|| with_corpus(|c| c.to_bytes()))
}

// ---------------------------------------------------------------- checks

/// Fails the case with `msg` when `cond` is false.
macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(TestCaseError::fail(format!($($msg)+)));
        }
    };
}

/// The UTF-16 code-unit positions of `s` that are code-point boundaries.
pub struct Bounds16 {
    ok: Vec<bool>,
}

impl Bounds16 {
    /// The boundaries of `s`.
    pub fn new(s: &str) -> Bounds16 {
        let mut ok = Vec::with_capacity(s.len() + 1);
        for c in s.chars() {
            ok.push(true);
            if c.len_utf16() == 2 {
                ok.push(false);
            }
        }
        ok.push(true);
        Bounds16 { ok }
    }

    /// Length in UTF-16 units.
    pub fn len(&self) -> usize {
        self.ok.len() - 1
    }

    /// Checks that `start..end` is ordered, within the text and on boundaries.
    pub fn check(&self, what: &str, start: u32, end: u32) -> Result<(), TestCaseError> {
        let (s, e) = (start as usize, end as usize);
        ensure!(s <= e, "{what}: range {s}..{e} is reversed");
        ensure!(
            e <= self.len(),
            "{what}: range {s}..{e} past the end {}",
            self.len()
        );
        ensure!(
            self.ok.get(s).copied().unwrap_or(false) && self.ok.get(e).copied().unwrap_or(false),
            "{what}: range {s}..{e} splits a surrogate pair"
        );
        Ok(())
    }

    /// [`Bounds16::check`] on a span.
    pub fn span(&self, what: &str, s: &Span16) -> Result<(), TestCaseError> {
        self.check(what, s.start, s.end)
    }
}

/// `error` is a one-line, non-empty message of bounded size: it may quote a
/// document id whole (up to [`lede::search::MAX_ID_BYTES`], escaped), never
/// a large input (the generators make inputs far over 2 KB).
fn one_line(what: &str, error: &str) -> Result<(), TestCaseError> {
    ensure!(!error.trim().is_empty(), "{what}: empty error message");
    ensure!(
        !error.contains('\n'),
        "{what}: error over several lines: {error:?}"
    );
    ensure!(
        error.len() <= 2 * lede::search::MAX_ID_BYTES + 256,
        "{what}: error of {} bytes",
        error.len()
    );
    Ok(())
}

/// Runs `analyze` on `text` with `opts` and checks the invariants.
pub fn check_analyze(text: &str, opts: &AnalyzeOptions) -> Result<(), TestCaseError> {
    match analyze(text, opts) {
        Err(e) => one_line("analyze", &e.to_string()),
        Ok(a) => check_analysis(text, &a),
    }
}

/// The invariants of an analysis of `text`.
pub fn check_analysis(text: &str, a: &Analysis) -> Result<(), TestCaseError> {
    let b = Bounds16::new(text);
    for s in &a.paragraphs {
        b.span("paragraph", s)?;
    }
    for s in &a.sentences {
        b.span("sentence", s)?;
    }
    for t in a.tokens.iter().flatten() {
        b.check("token", t.start, t.end)?;
        ensure!(t.start < t.end, "empty token at {}", t.start);
    }
    for m in &a.mentions {
        b.check("mention", m.start, m.end)?;
        ensure!(
            m.entity < a.entities.len(),
            "mention {:?} of entity {} (of {})",
            m.text,
            m.entity,
            a.entities.len()
        );
    }
    for e in &a.entities {
        for &m in &e.mentions {
            ensure!(
                m < a.mentions.len(),
                "entity {:?} lists mention {m}",
                e.name
            );
        }
    }
    for (what, qs) in [("quote", &a.quotes), ("attribution", &a.attributions)] {
        for q in qs {
            b.check(what, q.start, q.end)?;
            if let Some(s) = &q.speaker_span {
                b.span("speaker", s)?;
            }
            if let Some(c) = &q.cue {
                b.check("cue", c.start, c.end)?;
            }
            if let Some(s) = q.speaker {
                ensure!(
                    s < a.entities.len(),
                    "{what} speaker {s} (of {})",
                    a.entities.len()
                );
            }
        }
    }
    for k in &a.keyphrases {
        ensure!(
            k.score.is_finite(),
            "keyphrase {:?} score {}",
            k.text,
            k.score
        );
        for s in &k.occurrences {
            b.span("keyphrase", s)?;
        }
    }
    for s in &a.summary {
        b.check("summary", s.start, s.end)?;
        ensure!(
            s.sentence < a.sentences.len(),
            "summary sentence {} (of {})",
            s.sentence,
            a.sentences.len()
        );
    }
    // the JSON the faces return serializes
    ensure!(
        serde_json::to_string(a).is_ok(),
        "analysis does not serialize"
    );
    Ok(())
}

/// Parses `q`, searches [`corpus`] with it and checks the invariants.
pub fn check_query(q: &str, opts: &SearchOptions) -> Result<(), TestCaseError> {
    with_corpus(|c| check_query_in(c, q, opts))
}

/// [`check_query`] over corpus `c`.
pub fn check_query_in(c: &Corpus, q: &str, opts: &SearchOptions) -> Result<(), TestCaseError> {
    let parsed = parse_query(q);
    for u in parsed.exclude.iter() {
        let _ = format!("{u:?}");
    }
    match c.try_search(q, opts) {
        Err(e) => {
            one_line("try_search", &e.to_string())?;
            ensure!(
                q.len() > lede::search::MAX_QUERY_BYTES,
                "try_search refused a query of {} bytes: {e}",
                q.len()
            );
        }
        Ok(r) => check_results(c, q, opts, &r)?,
    }
    // the lenient entry point answers every query
    let r = c.search(q, opts);
    check_results(c, q, opts, &r)
}

/// The invariants of search results.
pub fn check_results(
    c: &Corpus,
    q: &str,
    opts: &SearchOptions,
    r: &SearchResults,
) -> Result<(), TestCaseError> {
    ensure!(
        r.total >= r.results.len(),
        "{q:?}: total {} < {} results",
        r.total,
        r.results.len()
    );
    ensure!(
        r.total <= c.len(),
        "{q:?}: total {} > corpus {}",
        r.total,
        c.len()
    );
    ensure!(
        r.results.len() <= opts.limit.min(lede::search::MAX_LIMIT),
        "{q:?}: {} results over limit {}",
        r.results.len(),
        opts.limit
    );
    let mut seen = std::collections::HashSet::new();
    for h in &r.results {
        ensure!(seen.insert(h.id.as_str()), "{q:?}: id {:?} twice", h.id);
        let Some((doc, _)) = c.get(&h.id) else {
            return Err(TestCaseError::fail(format!("{q:?}: unknown id {:?}", h.id)));
        };
        ensure!(h.score.is_finite(), "{q:?}: score {}", h.score);
        ensure!(h.title == doc.title, "{q:?}: title differs for {:?}", h.id);
        let tb = Bounds16::new(&doc.title);
        for s in &h.title_highlights {
            tb.span("title highlight", s)?;
        }
        let bb = Bounds16::new(&doc.text);
        for s in &h.matches {
            bb.span("match", s)?;
        }
        let sn = &h.snippet;
        bb.check("snippet", sn.start, sn.end)?;
        let sb = Bounds16::new(&sn.text);
        for s in &sn.highlights {
            sb.span("snippet highlight", s)?;
        }
        if !opts.highlight {
            ensure!(h.matches.is_empty(), "{q:?}: matches without highlight");
        }
    }
    for f in [&r.facets.people, &r.facets.orgs, &r.facets.places] {
        for v in f {
            ensure!(
                v.count as usize <= r.total,
                "{q:?}: facet {:?} count {}",
                v.value,
                v.count
            );
        }
    }
    Ok(())
}

/// Loads `bytes` as a corpus and checks the invariants.
pub fn check_from_bytes(bytes: &[u8]) -> Result<(), TestCaseError> {
    match Corpus::from_bytes(bytes) {
        Err(e) => one_line("from_bytes", &e.to_string()),
        Ok(c) => {
            let opts = SearchOptions::default();
            for q in [
                "blair",
                "the",
                "\"prime minister\"",
                "person:brown -london",
                "😀",
            ] {
                let r = c.search(q, &opts);
                check_results(&c, q, &opts, &r)?;
            }
            for id in c.ids() {
                ensure!(
                    c.contains(&id),
                    "ids() lists {id:?} but contains() does not"
                );
                let _ = c.related(&id, 5);
            }
            let again = c.to_bytes();
            match Corpus::from_bytes(&again) {
                Ok(d) => ensure!(d.len() == c.len(), "reload changed the count"),
                Err(e) => {
                    return Err(TestCaseError::fail(format!(
                        "re-saved corpus fails to load: {e}"
                    )))
                }
            }
            Ok(())
        }
    }
}

// ---------------------------------------------------------------- sequences

/// One operation on a corpus.
#[derive(Debug, Clone)]
pub enum Op {
    /// Add (or replace) a document: id, title, text.
    Add(String, String, String),
    /// Remove an id.
    Remove(String),
    /// Search.
    Search(String, SearchOptions),
    /// Articles related to an id.
    Related(String, usize),
    /// Save to bytes and load them back in place of the corpus.
    Reload,
}

/// Ids: a few short ones (so operations collide), odd ones, empty, long.
fn id() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(&["a", "b", "c", "A", "a ", "é", "e\u{301}", "😀", "北京"][..]).prop_map(str::to_string),
        1 => prop::sample::select(&["", " ", "\t", "a\0b", "\u{feff}a"][..]).prop_map(str::to_string),
        1 => (1usize..1100).prop_map(|n| "x".repeat(n)),
    ]
}

/// One generated operation.
pub fn op() -> impl Strategy<Value = Op> {
    let short_text = || prop::collection::vec(piece(), 0..60).prop_map(|v| v.concat());
    prop_oneof![
        4 => (id(), short_text(), prop_oneof![3 => short_text(), 1 => prop::sample::select(&SEEDS[..]).prop_map(str::to_string)])
            .prop_map(|(i, t, x)| Op::Add(i, t.chars().take(80).collect(), x)),
        2 => id().prop_map(Op::Remove),
        3 => (query(), search_options()).prop_map(|(q, o)| Op::Search(q, o)),
        1 => (id(), prop_oneof![0usize..10, Just(usize::MAX)]).prop_map(|(i, n)| Op::Related(i, n)),
        1 => Just(Op::Reload),
    ]
}

/// A sequence of operations and whether the corpus extracts fields.
pub fn sequence() -> impl Strategy<Value = (bool, Vec<Op>)> {
    (
        prop::bool::weighted(0.2),
        prop::collection::vec(op(), 1..40),
    )
}

/// Bytes of text in a sequence (for the time per KB).
pub fn sequence_bytes(ops: &[Op]) -> usize {
    ops.iter()
        .map(|o| match o {
            Op::Add(i, t, x) => i.len() + t.len() + x.len(),
            Op::Remove(i) | Op::Related(i, _) => i.len(),
            Op::Search(q, _) => q.len(),
            Op::Reload => 0,
        })
        .sum()
}

/// Runs `ops` on a new corpus, checking it against the set of ids.
pub fn check_sequence(enrich: bool, ops: &[Op]) -> Result<(), TestCaseError> {
    let mut c = if enrich {
        lede::pipeline::enriched_corpus()
    } else {
        Corpus::new()
    };
    let mut model: std::collections::BTreeSet<String> = Default::default();
    let sorted = |c: &Corpus| {
        let mut v = c.ids();
        v.sort();
        v
    };
    for (n, o) in ops.iter().enumerate() {
        match o {
            Op::Add(i, t, x) => {
                let before = sorted(&c);
                match c.add(Document::new(i, t, x)) {
                    Ok(()) => {
                        model.insert(i.clone());
                        ensure!(c.contains(i), "op {n}: added {i:?} is missing");
                    }
                    Err(e) => {
                        one_line("add", &e.to_string())?;
                        ensure!(sorted(&c) == before, "op {n}: a failed add changed the ids");
                    }
                }
            }
            Op::Remove(i) => {
                let was = model.remove(i);
                ensure!(c.remove(i) == was, "op {n}: remove({i:?}) said {} ", !was);
            }
            Op::Search(q, opts) => {
                let r = c.search(q, opts);
                check_results(&c, q, opts, &r)?;
                for h in &r.results {
                    ensure!(
                        model.contains(&h.id),
                        "op {n}: search returned removed {:?}",
                        h.id
                    );
                }
            }
            Op::Related(i, k) => {
                for r in c.related(i, *k) {
                    ensure!(model.contains(&r.id), "op {n}: related returned {:?}", r.id);
                    ensure!(&r.id != i, "op {n}: {i:?} related to itself");
                }
            }
            Op::Reload => {
                let bytes = c.to_bytes();
                match Corpus::from_bytes(&bytes) {
                    Ok(mut d) => {
                        if enrich {
                            d.set_enricher(lede::pipeline::search_fields);
                        }
                        c = d;
                    }
                    Err(e) => {
                        return Err(TestCaseError::fail(format!("op {n}: reload failed: {e}")))
                    }
                }
            }
        }
        ensure!(
            c.len() == model.len(),
            "op {n}: {} documents, model {}",
            c.len(),
            model.len()
        );
        let ids = sorted(&c);
        ensure!(
            ids.iter().eq(model.iter()),
            "op {n}: ids {:?} differ from the model {:?}",
            ids.iter().take(5).collect::<Vec<_>>(),
            model.iter().take(5).collect::<Vec<_>>()
        );
    }
    Ok(())
}

// ---------------------------------------------------------------- sharded reader

/// A sharded index of the fuzz corpus's documents: the files as served
/// (compressed), the manifest under `manifest.json`, and the inflated
/// contents (to damage what the parsers read, behind a valid hash).
pub struct ShardFixture {
    /// File name → bytes as served.
    pub served: std::collections::BTreeMap<String, Vec<u8>>,
    /// File name → inflated content.
    pub content: std::collections::BTreeMap<String, Vec<u8>>,
    /// The manifest.
    pub manifest: lede::search::shard::Manifest,
}

/// The sharded fixture (built once).
pub fn shard_fixture() -> &'static ShardFixture {
    static F: OnceLock<ShardFixture> = OnceLock::new();
    F.get_or_init(|| {
        use lede::search::shard::{build, compress, Builder, MANIFEST};
        let docs: Vec<(Document, lede::search::DocFields)> = with_corpus(|c| {
            c.ids()
                .iter()
                .filter_map(|id| c.get(id).map(|(d, f)| (d.clone(), f.clone())))
                .collect()
        });
        let mut b = Builder::new();
        for (d, f) in docs {
            let _ = b.add(d, f);
        }
        let built = build(&b);
        let mut served: std::collections::BTreeMap<String, Vec<u8>> = built
            .files
            .iter()
            .map(|(k, v)| (k.clone(), compress(v)))
            .collect();
        served.insert(MANIFEST.into(), built.manifest.to_bytes());
        ShardFixture {
            served,
            content: built.files,
            manifest: built.manifest,
        }
    })
}

/// One damage to a sharded index.
#[derive(Debug, Clone)]
pub enum ShardDamage {
    /// Damage the bytes of one file as served (the file: an index into the
    /// sorted names; the manifest included).
    Served(prop::sample::Index, Mutation),
    /// Damage the inflated content of one file and serve it under the name
    /// of its new hash, with the manifest rewritten to point at it: the
    /// parsers, not the hash check, see the damage.
    Content(prop::sample::Index, Mutation),
    /// Drop one file.
    Drop(prop::sample::Index),
    /// A manifest with changed statistics, rehashed.
    Stats(u64, u32, u32),
}

/// Generated damages.
pub fn shard_damage() -> impl Strategy<Value = ShardDamage> {
    let ix = any::<prop::sample::Index>;
    prop_oneof![
        4 => (ix(), mutation()).prop_map(|(i, m)| ShardDamage::Served(i, m)),
        6 => (ix(), mutation()).prop_map(|(i, m)| ShardDamage::Content(i, m)),
        1 => ix().prop_map(ShardDamage::Drop),
        1 => (any::<u64>(), any::<u32>(), 0u32..300).prop_map(|(a, b, c)| ShardDamage::Stats(a, b, c)),
    ]
}

/// The fixture's files after `d`.
pub fn damaged_files(d: &ShardDamage) -> std::collections::BTreeMap<String, Vec<u8>> {
    use lede::search::shard::{file_name, MANIFEST};
    let f = shard_fixture();
    let mut files = f.served.clone();
    let names: Vec<String> = files.keys().cloned().collect();
    match d {
        ShardDamage::Served(i, m) => {
            let name = &names[i.index(names.len())];
            let b = mutate(&files[name], m);
            files.insert(name.clone(), b);
        }
        ShardDamage::Content(i, m) => {
            let inner: Vec<&String> = f.content.keys().collect();
            let old = inner[i.index(inner.len())];
            let kind = old.chars().next().unwrap_or('t');
            let bad = mutate(&f.content[old], m);
            let new = file_name(kind, &bad);
            files.insert(new.clone(), bad);
            // point the manifest at it (files below the manifest are named by
            // directory pages or parts: the reader loads it when asked for
            // the new name only)
            let mut man = f.manifest.clone();
            for s in man.terms.iter_mut().chain(man.lexicons.iter_mut()) {
                if &s.file == old {
                    s.file = new.clone();
                }
            }
            for p in man.part_dirs.iter_mut().flatten() {
                if p == old {
                    *p = new.clone();
                }
            }
            files.insert(MANIFEST.into(), man.to_bytes());
            files.insert("_extra".into(), new.into_bytes());
        }
        ShardDamage::Drop(i) => {
            files.remove(&names[i.index(names.len())]);
        }
        ShardDamage::Stats(docs, next, per) => {
            let mut man = f.manifest.clone();
            man.docs = *docs;
            man.next_doc = *next % 4096;
            man.docs_per_part = *per;
            files.insert(MANIFEST.into(), man.to_bytes());
        }
    }
    files
}

/// Opens a damaged sharded index and runs queries through the JS loop:
/// every error is a one-line value, results hold only known ids, and a
/// query that fails leaves the reader able to answer the others.
pub fn check_sharded(d: &ShardDamage) -> Result<(), TestCaseError> {
    use lede::search::shard::{ShardedIndex, MANIFEST};
    let files = damaged_files(d);
    let Some(m) = files.get(MANIFEST) else {
        return Ok(());
    };
    let mut ix = match ShardedIndex::new(m) {
        Ok(ix) => ix,
        Err(e) => return one_line("sharded manifest", &e.to_string()),
    };
    // a damaged file loaded directly must be refused or parsed, never panic
    if let Some(extra) = files.get("_extra") {
        let name = String::from_utf8_lossy(extra).to_string();
        if let Some(b) = files.get(&name) {
            if let Err(e) = ix.load(&name, b) {
                one_line("sharded load", &e.to_string())?;
            }
        }
    }
    let known: std::collections::BTreeSet<String> = with_corpus(|c| c.ids().into_iter().collect());
    let queries = [
        ("blair", SearchOptions::default()),
        ("\"prime minister\"", SearchOptions::default()),
        ("person:brown -london", SearchOptions::default()),
        (
            "lond",
            SearchOptions {
                prefix: true,
                ..SearchOptions::default()
            },
        ),
        ("minstr", SearchOptions::default()),
        ("😀 北京", SearchOptions::default()),
    ];
    for (q, o) in &queries {
        let mut answer = None;
        for _ in 0..6 {
            let miss = match ix.missing(q, o) {
                Ok(m) => m,
                Err(e) => {
                    one_line("sharded missing", &e.to_string())?;
                    break;
                }
            };
            if miss.is_empty() {
                answer = Some(ix.search(q, o));
                break;
            }
            let mut failed = false;
            for name in miss {
                match files.get(&name) {
                    Some(b) => {
                        if let Err(e) = ix.load(&name, b) {
                            one_line("sharded load", &e.to_string())?;
                            failed = true;
                        }
                    }
                    None => failed = true,
                }
            }
            if failed {
                break;
            }
        }
        match answer {
            Some(Ok(r)) => {
                ensure!(r.results.len() <= o.limit, "{q}: too many results");
                for h in &r.results {
                    ensure!(known.contains(&h.id), "{q}: unknown id {:?}", h.id);
                    let t = lede::text::OffsetMap::new(&h.title).len_utf16() as u32;
                    for s in &h.title_highlights {
                        ensure!(s.start < s.end && s.end <= t, "{q}: title highlight {s:?}");
                    }
                }
            }
            Some(Err(e)) => one_line("sharded search", &e.to_string())?,
            None => {}
        }
    }
    ix.trim(0);
    ensure!(ix.loaded_bytes() == 0, "trim(0) kept bytes");
    Ok(())
}
