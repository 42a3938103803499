//! Hostile inputs (issue 14, cases 6 and 7): extraction is linear in the text.
//!
//! Each input is analyzed at two sizes, N and 4N, in the same run. The work
//! the engines count in their search loops (`lede::extract::work`: candidate
//! groups compared, attribution windows, indexed look-ups) must grow about
//! 4× (asserted ≤ 6×; the quadratic paths these inputs used to hit grow 16×),
//! and so must this thread's CPU time, with a wide margin (≤ 8×, plus 0.1 s
//! for the clock's 10 ms resolution and cache effects). No absolute time is
//! asserted. Outputs are checked for sanity: the quotes, names and acronyms
//! are still found.
//!
//! Memory is asserted the same way, without timing: the heap an analysis
//! reaches at its peak (counted per thread by this binary's allocator) stays
//! under the budget `validate_text` checks before any work
//! (`pipeline::errors::BYTES_PER_TOKEN` a token), on news and on hostile
//! text, so a text the budget admits cannot cost more than it planned for.
// Uses the extraction engines: built with the `extract` feature (the default) only.
#![cfg(feature = "extract")]
#![cfg(not(target_arch = "wasm32"))]

mod common;
use lede::extract::work;
use lede::pipeline::errors::{estimate_tokens, BYTES_PER_TOKEN};
use lede::pipeline::{analyze, analyze_json, Analysis, AnalyzeOptions};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::time::Instant;

/// The system allocator, counting this thread's live heap bytes and their
/// peak (tests run on threads of their own; an analysis is single-threaded).
struct Counting;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn count(delta: isize) {
    // `try_with`: a thread being torn down has no counters left
    let _ = LIVE.try_with(|l| {
        let now = l.get() + delta;
        l.set(now);
        let _ = PEAK.try_with(|p| p.set(p.get().max(now)));
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = System.alloc(l);
        if !p.is_null() {
            count(l.size() as isize);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        System.dealloc(p, l);
        count(-(l.size() as isize));
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = System.realloc(p, l, new);
        if !q.is_null() {
            count(new as isize - l.size() as isize);
        }
        q
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// The peak heap `f` reached on this thread above what was live when it
/// started, in bytes.
fn peak_heap<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let start = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(start));
    let out = f();
    let peak = PEAK.with(Cell::get) - start;
    (out, peak.max(0) as usize)
}

/// CPU seconds of this thread (from /proc; wall time where it is missing).
fn thread_cpu() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok());
    Some((ticks(11)? + ticks(12)?) / 100.0)
}

/// One analysis of `text`: (its result, steps counted, seconds taken).
fn measure(text: &str) -> (Analysis, u64, f64) {
    let opts = AnalyzeOptions::default();
    // the fastest of two runs (CPU time when the system reports it)
    let mut best = f64::INFINITY;
    let mut out = None;
    for _ in 0..2 {
        work::reset();
        let (c, t) = (thread_cpu(), Instant::now());
        let a = analyze(text, &opts).expect("hostile text within the limits");
        let secs = match (c, thread_cpu()) {
            (Some(a), Some(b)) if b > a => b - a,
            _ => t.elapsed().as_secs_f64(),
        };
        best = best.min(secs);
        out = Some((a, work::steps()));
    }
    let (a, steps) = out.expect("two runs");
    (a, steps, best)
}

/// Analyzes `make(n)` and `make(4 n)`; asserts linear work and time; returns
/// the larger analysis and its text.
fn assert_linear(name: &str, make: impl Fn(usize) -> String, n: usize) -> (String, Analysis) {
    let small = make(n);
    let large = make(4 * n);
    let (_, s1, t1) = measure(&small);
    let (a, s4, t4) = measure(&large);
    eprintln!(
        "{name}: {} B → {} B: steps {s1} → {s4} ({:.2}×), {:.3} s → {:.3} s",
        small.len(),
        large.len(),
        s4 as f64 / s1.max(1) as f64,
        t1,
        t4
    );
    assert!(s1 > 0, "{name}: no work counted");
    assert!(
        s4 <= 6 * s1,
        "{name}: 4× the text took {s4} steps against {s1}: super-linear"
    );
    assert!(
        t4 <= 8.0 * t1 + 0.1,
        "{name}: 4× the text took {t4:.3} s against {t1:.3} s: super-linear"
    );
    (large, a)
}

fn repeat(unit: &str, times: usize) -> String {
    unit.repeat(times)
}

fn entity<'a>(a: &'a Analysis, name: &str) -> Option<&'a lede::pipeline::EntityOut> {
    a.entities.iter().find(|e| e.name == name)
}

#[test]
fn unbalanced_nested_quote_marks_are_linear() {
    // case 6: `“ word ‘ said ` repeated (was 0.2 s at 5k, 24 s at 50k)
    let (text, a) = assert_linear("quotes", |n| repeat("“ word ‘ said ", n), 4_000);
    // every other mark closes a quote; the nested single marks stay inside
    assert!(
        !a.quotes.is_empty()
            || !a.attributions.is_empty()
            || text.split_whitespace().count() > 60_000
    );
    let units16 = text.encode_utf16().count() as u32;
    for q in &a.quotes {
        assert!(q.start < q.end && q.end <= units16);
    }
    for w in a.quotes.windows(2) {
        assert!(w[0].end <= w[1].start, "quotes overlap");
    }
}

#[test]
fn deeply_nested_marks_are_linear() {
    // opening marks only: every quote stays open to its paragraph's end
    let (_, a) = assert_linear(
        "nested",
        |n| format!("{} end.", repeat("“ ‘ “ said Blair ", n)),
        3_000,
    );
    assert!(a.quotes.len() <= 1);
}

#[test]
fn many_according_to_in_one_sentence_are_linear() {
    // each `…, according to X` reported the whole sentence before it: the
    // output grew as the square of the input (700 MB of JSON for 176 KB)
    let (text, a) = assert_linear(
        "according",
        |n| format!("{}it rained.", repeat("according to Reuters, ", n)),
        2_000,
    );
    let total: usize = a.attributions.iter().map(|q| q.text.len()).sum();
    assert!(!a.attributions.is_empty());
    assert!(total <= 2 * text.len(), "{total} bytes of attributions");
}

#[test]
fn one_sentence_of_names_is_linear() {
    // case 7: 300,000 words of this in one sentence took 40 s
    let (_, a) = assert_linear(
        "names",
        |n| repeat("Blair Brown London the of said BBC Labour ", n),
        2_500,
    );
    // the repeated names group into a few entities, not one per mention
    assert!(!a.entities.is_empty());
    assert!(a.entities.len() < 50, "{} entities", a.entities.len());
    assert!(a.entities[0].mentions.len() >= 2_500);
}

#[test]
fn repeated_acronym_definitions_are_linear() {
    // case 7: 30,000 definitions took 9.6 s. (With `the` before the name:
    // a document of nothing but `(KCNA) Korean Central News Agency`
    // repeated is tagged `Korean` + `Central News Agency` by the model's
    // document-level features since its GloVe word classes, which would
    // test the tagger, not the definitions' cost.)
    let (_, a) = assert_linear(
        "acronyms",
        |n| repeat("(KCNA) the Korean Central News Agency ", n),
        2_500,
    );
    let e = entity(&a, "Korean Central News Agency").expect("the expansion's entity");
    assert!(e.aliases.iter().any(|x| x == "KCNA"), "{:?}", e.aliases);
    assert!(a.entities.len() < 20, "{} entities", a.entities.len());
}

/// `n` distinct acronym definitions (`Alder Birch Cedar (ABC).`).
fn distinct_acronyms(n: usize) -> String {
    const WORDS: [&str; 20] = [
        "Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir", "Gum", "Hazel", "Ivy", "Juniper",
        "Kauri", "Larch", "Maple", "Nutmeg", "Oak", "Pine", "Quince", "Rowan", "Spruce", "Teak",
    ];
    let mut s = String::new();
    for i in 0..n {
        let w = [i % 20, (i / 20) % 20, (i / 400) % 20, (i / 8000) % 20];
        let words: Vec<&str> = w.iter().map(|&k| WORDS[k]).collect();
        let acr: String = words.iter().filter_map(|x| x.chars().next()).collect();
        s.push_str(&format!("The {} ({acr}) met. ", words.join(" ")));
    }
    s
}

#[test]
fn distinct_acronym_definitions_are_linear() {
    let (_, a) = assert_linear("distinct acronyms", distinct_acronyms, 1_000);
    assert!(a.entities.len() > 1_000, "{} entities", a.entities.len());
}

#[test]
fn quoted_titles_and_bylines_are_linear() {
    let (_, a) = assert_linear(
        "titles",
        |n| {
            repeat(
                "He saw “The Great Big Show” with Anna Smith.\n\nBy Anna Smith\n\n",
                n,
            )
        },
        1_000,
    );
    assert!(entity(&a, "The Great Big Show").is_some());
    assert!(entity(&a, "Anna Smith").is_some_and(|e| e.label == "PER"));
}

#[test]
fn concatenated_news_is_linear() {
    let Some(docs) = common::bbc_articles(2_000) else {
        return;
    };
    let news = |words: usize| {
        let mut s = String::new();
        let mut n = 0;
        for (_, d) in docs.iter().cycle().take(10_000) {
            if n >= words {
                break;
            }
            if !s.is_empty() {
                s.push_str("\n\n");
            }
            s.push_str(d);
            n += d.split_whitespace().count();
        }
        s
    };
    let (_, a) = assert_linear("news", news, 20_000);
    assert!(a.entities.len() > 1_000);
    assert!(a.quotes.len() > 100);
}

/// Peak heap of `analyze_json` on `text`, per estimated token, asserted
/// under the budget; returns it.
fn assert_within_budget(name: &str, text: &str) -> f64 {
    let tokens = estimate_tokens(text).max(1);
    let opts = AnalyzeOptions::default();
    // the model loads once, outside the measure
    let _ = analyze("Warm up in London.", &opts);
    let (json, peak) = peak_heap(|| analyze_json(text, &opts, false));
    assert!(json.is_ok(), "{name}: {:?}", json.err());
    let per = peak as f64 / tokens as f64;
    eprintln!(
        "{name}: {tokens} tokens, peak heap {:.1} MB, {per:.1} B/token (budget {BYTES_PER_TOKEN})",
        peak as f64 / 1e6
    );
    assert!(
        per <= BYTES_PER_TOKEN as f64,
        "{name}: {per:.1} bytes a token at the peak, over the budget of {BYTES_PER_TOKEN}"
    );
    per
}

#[test]
fn analyses_stay_within_the_memory_budget_per_token() {
    // issue 14: the budget refuses a text before any work on its estimated
    // tokens; what an admitted text costs must stay under it. Real news (the
    // seed articles, 25 of them, repeated) and the hostile inputs whose
    // tokens used to cost the most (one sentence of a million tokens).
    let dir = common::root().join("seeds");
    let mut seeds: Vec<_> = std::fs::read_dir(&dir)
        .expect("seeds/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    seeds.sort();
    let joined: Vec<String> = seeds
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    assert!(joined.len() >= 10, "the seed articles");
    let news = joined.join("\n\n").repeat(4);
    let news_per = assert_within_budget("seed news ×4", &news);
    assert!(news_per > 10.0, "nothing counted: {news_per}");
    assert_within_budget("commas", &",".repeat(400_000));
    assert_within_budget("quotes", &repeat("“ word ‘ said ", 30_000));
    assert_within_budget(
        "names",
        &repeat("Blair Brown London the of said BBC Labour ", 10_000),
    );
}

#[test]
fn names_beside_a_long_run_of_punctuation_keep_their_types() {
    // The tagger skips windows of punctuation only (a megabyte of commas is
    // a thousand of them); the names around such a run are tagged as alone.
    let opts = AnalyzeOptions::default();
    let sentence = "Prime Minister Tony Blair met the German chancellor, Angela Merkel, in \
                    Berlin on Monday. The two leaders talked about trade, security and the \
                    future of the European Union, officials said after the meeting. They will \
                    meet again in London next month, when the talks are expected to continue.";
    let alone = analyze(sentence, &opts).unwrap();
    let padded = format!("{}{sentence} {}", ", ".repeat(20_000), "- ".repeat(20_000));
    let a = analyze(&padded, &opts).unwrap();
    assert_eq!(alone.language.code, "en");
    for name in ["Tony Blair", "Angela Merkel", "Berlin", "London"] {
        let (x, y) = (entity(&alone, name), entity(&a, name));
        assert!(x.is_some(), "{name} alone: {:?}", alone.entities);
        assert_eq!(
            x.map(|e| &e.label),
            y.map(|e| &e.label),
            "{name} beside commas: {:?}",
            a.entities
        );
    }
    assert_eq!(a.entities.len(), alone.entities.len(), "{:?}", a.entities);
}
