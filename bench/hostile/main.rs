//! Hostile-input and scale benchmark (issue 14, cases 6 and 7): native
//! `analyze` time for 10k, 100k and 1M words of real news (BBC articles from
//! ../shared/data/bbc concatenated) and for 1 MB of each hostile input, with
//! a breakdown by stage, so that linearity is visible.
//!
//! Times are this thread's CPU time where measurable (the machine may be
//! shared). Run with `cargo bench --bench hostile` (add `-- --quick` to skip the 1M-word
//! text, `-- CASE BYTES` to time one input: `news`, `quotes`, `names`,
//! `acronyms`, `according`, `commas`).

use lede::extract::entities::find_entities;
use lede::extract::ner::NerModel;
use lede::pipeline::{analyze_json, AnalyzeOptions};
use lede::text::TextLayer;
use std::time::Instant;

/// `unit` repeated until the text has at least `bytes` bytes.
fn repeat_to(unit: &str, bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + unit.len());
    while s.len() < bytes {
        s.push_str(unit);
    }
    s
}

/// BBC articles joined by blank lines until the text has `words` words.
fn news(docs: &[String], words: usize) -> String {
    let mut s = String::new();
    let mut n = 0;
    'outer: loop {
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
        if docs.is_empty() {
            break;
        }
    }
    s
}

/// CPU time of this thread in seconds (from /proc, 10 ms resolution): unlike
/// wall time, it does not grow when other processes share the cores.
fn thread_cpu() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok());
    // utime and stime: fields 14 and 15 of the line, 12 and 13 after the name
    Some((ticks(11)? + ticks(12)?) / 100.0)
}

/// Seconds `f` takes: this thread's CPU time when it is measurable (over
/// 50 ms), wall time otherwise.
fn secs(f: impl FnOnce()) -> f64 {
    let (c, t) = (thread_cpu(), Instant::now());
    f();
    let wall = t.elapsed().as_secs_f64();
    match (c, thread_cpu()) {
        (Some(a), Some(b)) if b - a > 0.05 => b - a,
        _ => wall,
    }
}

/// Times the stages and the whole of `analyze` on `text`, one line.
fn report(name: &str, text: &str) {
    let model = NerModel::builtin();
    let words = text.split_whitespace().count();
    let mut layer = None;
    let t_layer = secs(|| layer = Some(TextLayer::new(text)));
    let Some(l) = layer else { return };
    let mut ents = None;
    let t_ent = secs(|| {
        ents = Some(find_entities(
            text,
            &l.tokens,
            &l.sentence_tokens,
            None,
            model,
        ))
    });
    let Some(e) = ents else { return };
    let refs: Vec<lede::extract::EntityRef> = e
        .entities
        .iter()
        .map(|x| lede::extract::EntityRef {
            name: x.name.clone(),
            label: x.label,
            mentions: x
                .mentions
                .iter()
                .filter_map(|&i| e.mentions.get(i))
                .map(|m| m.range.clone())
                .collect(),
            role: x.role.clone(),
        })
        .collect();
    let t_quotes = secs(|| {
        std::hint::black_box(lede::extract::extract_quotes(text, &l, &refs));
    });
    let mut kps = Vec::new();
    let t_kps = secs(|| kps = lede::extract::extract_keyphrases(text, &l, &refs, None, 10));
    let t_sum = secs(|| {
        std::hint::black_box(lede::extract::summarize(text, &l, &refs, &kps, 3));
    });
    let opts = AnalyzeOptions::default();
    let mut ok = false;
    let t_all = secs(|| ok = analyze_json(text, &opts, false).is_ok());
    println!(
        "{name:<22} {:>8.1} KB {:>9} words  analyze {:>7.3} s {:>8.0} words/s | layer {:.3} entities {:.3} quotes {:.3} keyphrases {:.3} summary {:.3}{}",
        text.len() as f64 / 1024.0,
        words,
        t_all,
        words as f64 / t_all.max(1e-9),
        t_layer,
        t_ent,
        t_quotes,
        t_kps,
        t_sum,
        if ok { "" } else { "  (error)" }
    );
}

/// The hostile inputs of issue 14 (one unit each, repeated to the size).
const HOSTILE: [(&str, &str); 5] = [
    ("quotes", "“ word ‘ said "),
    ("names", "Blair Brown London the of said BBC Labour "),
    ("acronyms", "(KCNA) Korean Central News Agency "),
    ("according", "according to Reuters, "),
    ("commas", ","),
];

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let quick = args.iter().any(|a| a == "--quick");
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
    let positional: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    if let [case, size] = positional.as_slice() {
        let n: usize = size.parse().unwrap_or(100_000);
        if case.as_str() == "news" {
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
        let sizes: &[usize] = if quick {
            &[10_000, 100_000]
        } else {
            &[10_000, 100_000, 1_000_000]
        };
        for &n in sizes {
            report(&format!("news {n} words"), &news(&docs, n));
        }
    }
    for (case, unit) in HOSTILE {
        for bytes in [256 * 1024, 1024 * 1024] {
            report(
                &format!("{case} {} KB", bytes / 1024),
                &repeat_to(unit, bytes),
            );
        }
    }
}
