//! Native extraction benchmark: the full `analyze` pipeline over the BBC
//! corpus in ../shared/data/bbc, words per second (median of 3 runs), with a
//! breakdown by stage. Run with `cargo bench --bench extract [-- --quick]`.

use lede::extract::entities::find_entities;
use lede::extract::ner::NerModel;
use lede::pipeline::{analyze, analyze_json, AnalyzeOptions};
use lede::text::TextLayer;
use std::time::Instant;

/// CPU time of this thread in seconds (from /proc, 10 ms resolution): unlike
/// wall time, it does not grow when other processes share the cores.
fn thread_cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    // fields after the command name (which is in parentheses)
    let rest = stat.rsplit_once(')').map(|x| x.1).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the full line: 12 and 13 after the name
    (ticks(11) + ticks(12)) / 100.0
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    xs[xs.len() / 2]
}

fn refs_of(e: &lede::extract::entities::EntityAnalysis) -> Vec<lede::extract::EntityRef> {
    e.entities
        .iter()
        .map(|x| lede::extract::EntityRef {
            name: x.name.clone(),
            label: x.label,
            mentions: x
                .mentions
                .iter()
                .map(|&i| e.mentions[i].range.clone())
                .collect(),
            role: x.role.clone(),
        })
        .collect()
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/bbc/bbc_news_summary.jsonl"
    );
    let Ok(data) = std::fs::read_to_string(path) else {
        eprintln!(
            "missing {path}: this benchmark reads ../shared/data (research data, not shipped)"
        );
        std::process::exit(2);
    };
    let mut docs: Vec<String> = data
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect();
    if quick {
        docs.truncate(300);
    }
    let words: usize = docs.iter().map(|d| d.split_whitespace().count()).sum();
    let opts = AnalyzeOptions::default();
    let model = NerModel::builtin();
    let runs = if quick { 1 } else { 3 };
    let time = |f: &dyn Fn(&str)| -> f64 {
        median(
            (0..runs)
                .map(|_| {
                    let t = Instant::now();
                    let c = thread_cpu();
                    for d in &docs {
                        f(d);
                    }
                    let cpu = thread_cpu() - c;
                    // CPU time when it is measurable, wall time otherwise
                    if cpu > 0.05 {
                        cpu
                    } else {
                        t.elapsed().as_secs_f64()
                    }
                })
                .collect(),
        )
    };
    let text_layer = time(&|d| {
        std::hint::black_box(TextLayer::new(d));
    });
    let ner_only = time(&|d| {
        let l = TextLayer::new(d);
        let doc: Vec<Vec<std::borrow::Cow<'_, str>>> = l
            .sentence_tokens
            .iter()
            .map(|r| {
                l.tokens[r.clone()]
                    .iter()
                    .map(|t| lede::text::asciify_punct(t.text(d)))
                    .collect()
            })
            .collect();
        std::hint::black_box(model.tag_document(&doc));
    });
    let entities = time(&|d| {
        let l = TextLayer::new(d);
        std::hint::black_box(find_entities(d, &l.tokens, &l.sentence_tokens, None, model));
    });
    let with_quotes = time(&|d| {
        let l = TextLayer::new(d);
        let e = find_entities(d, &l.tokens, &l.sentence_tokens, None, model);
        let refs = refs_of(&e);
        std::hint::black_box(lede::extract::extract_quotes(d, &l, &refs));
    });
    let with_keyphrases = time(&|d| {
        let l = TextLayer::new(d);
        let e = find_entities(d, &l.tokens, &l.sentence_tokens, None, model);
        let refs = refs_of(&e);
        std::hint::black_box(lede::extract::extract_keyphrases(d, &l, &refs, None, 10));
    });
    let full = time(&|d| {
        std::hint::black_box(analyze(d, &opts).ok());
    });
    let json = time(&|d| {
        std::hint::black_box(analyze_json(d, &opts, false).ok());
    });
    println!(
        "docs={} words={words} (times are this thread's CPU time)",
        docs.len()
    );
    for (name, s) in [
        ("text layer", text_layer),
        ("text layer + NER tagger", ner_only),
        ("text layer + entities", entities),
        ("  + quotes only", with_quotes),
        ("  + keyphrases only", with_keyphrases),
        ("analyze (struct)", full),
        ("analyze (JSON)", json),
    ] {
        println!(
            "{name:<24} {:>8.3} s  {:>10.0} words/s",
            s,
            words as f64 / s
        );
    }
    println!("words_per_s={:.0}", words as f64 / json);
}
