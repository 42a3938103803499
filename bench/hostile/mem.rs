//! Where an analysis's memory goes, per token (issue 14 and issue 12 item 1):
//! the heap of `analyze` counted by a global allocator, stage by stage, on
//! the inputs of `cargo bench --bench hostile` (news and hostile text).
//!
//! For every stage of `pipeline::run` (text layer, language, entities with
//! the tagger inside, salience, quotes, keyphrases, summary, the JSON view
//! and its string; the tagger is also measured on its own, line `· tagger`,
//! reading the text layer's tokens in place as the entity stage does) it prints the bytes that stage's result keeps (live heap after
//! it, less before) and the peak reached while it ran (above what was live
//! when it started), both per token; then the peak of the whole
//! `analyze_json` per token, the figure the memory budget of
//! `pipeline/errors.rs` is sized on.
//!
//! Native figures are 64-bit: a `String` or `Vec` header is 24 bytes here and
//! 12 in wasm32, so the wasm heap per token is somewhat lower; the wasm
//! figure itself is printed by `node bench/hostile/wasm.mjs` (`mem`).
//!
//! `cargo bench --bench hostile-mem` (every case) or
//! `cargo bench --bench hostile-mem -- CASE SIZE` (`news` takes words, the
//! others bytes).

use lede::extract::entities::find_entities;
use lede::extract::entities::salience::rank;
use lede::extract::language::detect_language;
use lede::extract::ner::{NerModel, TextWords};
use lede::extract::{extract_keyphrases, extract_quotes, summarize};
use lede::pipeline::{
    analyze_json,
    run::{entity_refs, keyphrase_names},
    AnalyzeOptions,
};
use lede::text::TextLayer;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The system allocator, counting live bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = System.alloc(l);
        if !p.is_null() {
            let now = LIVE.fetch_add(l.size(), Relaxed) + l.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        System.dealloc(p, l);
        LIVE.fetch_sub(l.size(), Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = System.realloc(p, l, new);
        if !q.is_null() {
            if new >= l.size() {
                let now = LIVE.fetch_add(new - l.size(), Relaxed) + new - l.size();
                PEAK.fetch_max(now, Relaxed);
            } else {
                LIVE.fetch_sub(l.size() - new, Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static A: Counting = Counting;

/// Runs `f`, returns its result, the bytes it left live and its peak above
/// the live bytes at its start.
fn measure<T>(f: impl FnOnce() -> T) -> (T, usize, usize) {
    let start = LIVE.load(Relaxed);
    PEAK.store(start, Relaxed);
    let out = f();
    let kept = LIVE.load(Relaxed).saturating_sub(start);
    let peak = PEAK.load(Relaxed).saturating_sub(start);
    (out, kept, peak)
}

/// One case: a line per stage, then the whole.
fn report(name: &str, text: &str) {
    let model = NerModel::builtin();
    let warm = TextLayer::new("Warm up in London.");
    let _ = find_entities(
        "Warm up in London.",
        &warm.tokens,
        &warm.sentence_tokens,
        None,
        model,
    );
    let (layer, kept, peak) = measure(|| TextLayer::new(text));
    let n = layer.tokens.len().max(1);
    println!(
        "{name}: {} bytes, {} tokens, {} sentences",
        text.len(),
        layer.tokens.len(),
        layer.sentences.len()
    );
    let per = |b: usize| b as f64 / n as f64;
    let line = |stage: &str, kept: usize, peak: usize| {
        println!(
            "  {stage:<12} keeps {:>7.1} B/token  peak {:>7.1} B/token",
            per(kept),
            per(peak)
        );
    };
    line("text layer", kept, peak);
    let (_lang, kept, peak) = measure(|| detect_language(text));
    line("language", kept, peak);
    // the tagger inside the entity stage, reading the tokens in place as
    // `entities/tag.rs` has it do
    let words = TextWords::new(text, &layer.tokens, &layer.sentence_tokens);
    let (spans, kept, peak) = measure(|| model.tag_words_scored(&words));
    line("· tagger", kept, peak);
    drop(spans);
    let (mut ents, kept, peak) =
        measure(|| find_entities(text, &layer.tokens, &layer.sentence_tokens, None, model));
    line("entities", kept, peak);
    let (_sal, kept, peak) = measure(|| {
        rank(
            &layer.tokens,
            &layer.sentence_tokens,
            &layer.paragraphs,
            &mut ents,
            &[],
        )
    });
    line("salience", kept, peak);
    let refs = entity_refs(&ents);
    let (_q, kept, peak) = measure(|| extract_quotes(text, &layer, &refs));
    line("quotes", kept, peak);
    let names = keyphrase_names(&ents, &refs);
    let (kps, kept, peak) = measure(|| extract_keyphrases(text, &layer, &names, None, 10));
    line("keyphrases", kept, peak);
    let (_s, kept, peak) = measure(|| summarize(text, &layer, &names, &kps, 3));
    line("summary", kept, peak);
    drop((_q, _s, kps, names, refs, _sal, ents, layer));
    let opts = AnalyzeOptions::default();
    let (json, kept, peak) = measure(|| analyze_json(text, &opts, false));
    let len = json.as_ref().map(String::len).unwrap_or(0);
    line("analyze", kept, peak);
    println!(
        "  analyze_json peak {:.1} B/token ({:.1} MB), its JSON {:.1} B/token",
        per(peak),
        peak as f64 / 1e6,
        per(len)
    );
}

/// The hostile inputs of `bench/hostile/main.rs`.
const HOSTILE: [(&str, &str); 5] = [
    ("quotes", "“ word ‘ said "),
    ("names", "Blair Brown London the of said BBC Labour "),
    ("acronyms", "(KCNA) Korean Central News Agency "),
    ("according", "according to Reuters, "),
    ("commas", ","),
];

fn repeat_to(unit: &str, bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + unit.len());
    while s.len() < bytes {
        s.push_str(unit);
    }
    s
}

fn news(docs: &[String], words: usize) -> String {
    let mut s = String::new();
    let mut n = 0;
    'outer: while !docs.is_empty() {
        for d in docs {
            if n >= words {
                break 'outer;
            }
            if !s.is_empty() {
                s.push_str("\n\n");
            }
            s.push_str(d);
            n += d.split_whitespace().count();
        }
    }
    s
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/bbc/bbc_news_summary.jsonl"
    );
    let docs: Vec<String> = std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect();
    if let [case, size] = args.as_slice() {
        let n: usize = size.parse().unwrap_or(100_000);
        if case == "news" {
            report(&format!("news {n} words"), &news(&docs, n));
        } else if let Some((_, unit)) = HOSTILE.iter().find(|(c, _)| c == case) {
            report(&format!("{case} {n} B"), &repeat_to(unit, n));
        } else {
            eprintln!("unknown case {case}");
        }
        return;
    }
    if docs.is_empty() {
        eprintln!(
            "missing {path}: the news figures need ../shared/data (research data, not shipped)"
        );
    } else {
        report("news 100000 words", &news(&docs, 100_000));
    }
    for (case, unit) in HOSTILE {
        report(&format!("{case} 1024 KB"), &repeat_to(unit, 1 << 20));
    }
}
