//! The search engine natively: saved-index size by part, load time, query
//! latency and known-item MRR@10 on the BBC corpus. A benchmark, not a test.
//!
//! ```sh
//! lede index --jsonl ../shared/data/bbc/bbc_news_summary.jsonl --out /tmp/bbc.lede
//! LEDE_DUMP_QUERIES=/tmp/q.json node bench/search/bench.mjs   # the JS bench's queries
//! cargo bench --bench search -- /tmp/bbc.lede /tmp/q.json
//! ```
//!
//! Sizes: the file, its gzip (deflate level 9 plus the 18-byte gzip
//! framing), each part (the rank part: documents, dictionary, postings; the
//! positions; the texts), where the bits of the postings and positions go
//! (by part, field and document frequency), and the same corpus in the old
//! formats (versions 1 and 2).
//! Load: `Corpus::from_bytes`, best and median of 7. Queries (when the JSON
//! is given): p50/p95 per kind, ids only (no facets), with highlights and
//! snippets, and as the page asks (highlights and the facets of all results),
//! and MRR@10 of the known item, the way `bench.mjs` scores it.
//!
//! Flags: `--plain` indexes the JSONL without entity fields (titles and
//! texts only, as `bench.mjs` gives every engine); `--built` the same, and
//! the queries run on the corpus as built (in memory, as `bench.mjs`'s wasm
//! `Corpus` is), not saved and loaded (no sizes); `LEDE_KINDS=plain,typo`
//! runs only those query kinds; `LEDE_DUMP_RESULTS=FILE`
//! writes every query's full results (ids, scores, highlights, snippets,
//! facets; once more with each hit's score explained) as JSON lines, so two builds can be diffed for identical output;
//! `LEDE_REPEAT=N` runs each kind's queries N times more before timing (for
//! `perf record`: the profile is then the queries, not the indexing), ids
//! only and highlighted, or only one of them with `LEDE_REPEAT_WHAT=ids` or
//! `lit`.

use lede::search::{Corpus, SearchOptions};
use std::time::Instant;

fn gzip_len(b: &[u8]) -> usize {
    miniz_oxide::deflate::compress_to_vec(b, 9).len() + 18
}

fn kb(n: usize) -> String {
    format!("{:.0} KB", n as f64 / 1024.0)
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(((p / 100.0) * v.len() as f64) as usize)
        .or(v.last())
        .copied()
        .unwrap_or(0.0)
}

fn print_breakdown(b: &lede::search::persist::stats::Breakdown) {
    use lede::search::persist::stats::{DF_CLASSES, FIELD_NAMES};
    let kbits = |bits: u64| kb((bits / 8) as usize);
    let per = |bits: u64, n: u64| bits as f64 / n.max(1) as f64;
    println!(
        "postings: {} terms, {} entries ({} with a field besides the body) = headers {} \
         + documents {} ({:.2} bits/entry) + counts per field {} ({:.2} bits/entry)",
        b.terms,
        b.entries,
        b.entries_other,
        kbits(b.head_bits),
        kbits(b.doc_bits),
        per(b.doc_bits, b.entries),
        kbits(b.count_bits),
        per(b.count_bits, b.entries),
    );
    let fields: Vec<String> = FIELD_NAMES
        .iter()
        .zip(b.by_field.iter())
        .map(|(n, (c, bits))| format!("{n} {} ({c}, {:.2} b)", kbits(*bits), per(*bits, *c)))
        .collect();
    println!(
        "positions: {} = {} ({:.2} bits/position); by field: {}",
        b.positions,
        kbits(b.pos_bits),
        per(b.pos_bits, b.positions),
        fields.join(", ")
    );
    let dfs: Vec<String> = DF_CLASSES
        .iter()
        .zip(b.by_df.iter())
        .map(|(n, (c, p, q))| {
            format!(
                "{n}: {c} terms, postings {}, positions {}",
                kbits(*p),
                kbits(*q)
            )
        })
        .collect();
    println!("by df: {}", dfs.join("; "));
    let docs: Vec<String> = b
        .docs
        .iter()
        .map(|(n, raw, z)| format!("{n} {} ({} deflated)", kb(*raw as usize), kb(*z as usize)))
        .collect();
    println!("documents by kind: {}", docs.join(", "));
}

/// Loads the saved corpus (7 times, timed), prints its sizes by part and
/// the old formats' sizes and load times; the corpus and its format-1 copy.
fn load_and_sizes(path: &str, bytes: &[u8]) -> (Corpus, Corpus) {
    let mut times = Vec::new();
    let mut corpus = None;
    for _ in 0..7 {
        let t = Instant::now();
        let c = Corpus::from_bytes(bytes).expect("the index loads");
        times.push(t.elapsed().as_secs_f64() * 1e3);
        corpus = Some(c);
    }
    let c = corpus.expect("loaded");
    let best = times.iter().copied().fold(f64::MAX, f64::min);
    let med = pct(&mut times, 50.0);
    println!(
        "index {path}: {} documents, {} terms",
        c.len(),
        c.term_count()
    );
    println!(
        "file {} ({} gzip); from_bytes best {best:.1} ms, median {med:.1} ms",
        kb(bytes.len()),
        kb(gzip_len(bytes))
    );
    let (again, sizes) = c.to_bytes_sized();
    println!(
        "saved now: {} ({} gzip) = rank part {} (header {}, documents {}, dictionary {}, postings {}) \
         + positions {} + texts {}",
        kb(again.len()),
        kb(gzip_len(&again)),
        kb(sizes.rank()),
        kb(sizes.header),
        kb(sizes.docs),
        kb(sizes.dict),
        kb(sizes.postings),
        kb(sizes.positions),
        kb(sizes.texts),
    );
    print_breakdown(&c.breakdown());
    let v2 = c.to_bytes_v2();
    let mut t2 = Vec::new();
    let mut t3 = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        let _ = Corpus::from_bytes(&v2).expect("v2 loads");
        t2.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let _ = Corpus::from_bytes(&again).expect("loads");
        t3.push(t.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "version 2 of the same corpus: {} ({} gzip), from_bytes median {:.1} ms; \
         version {} (now) from_bytes median {:.1} ms (same run, loads alternating)",
        kb(v2.len()),
        kb(gzip_len(&v2)),
        pct(&mut t2, 50.0),
        lede::search::persist::VERSION,
        pct(&mut t3, 50.0)
    );
    let v1 = c.to_bytes_v1();
    let t = Instant::now();
    let c1 = Corpus::from_bytes(&v1).expect("v1 loads");
    println!(
        "version 1 of the same corpus: {} ({} gzip), from_bytes {:.1} ms",
        kb(v1.len()),
        kb(gzip_len(&v1)),
        t.elapsed().as_secs_f64() * 1e3
    );
    (c, c1)
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some(path) = args.first() else {
        eprintln!("usage: cargo bench --bench search -- INDEX.lede [QUERIES.json]");
        return;
    };
    // --built: the corpus as built (in memory, as bench.mjs's wasm Corpus
    // is), not saved and loaded; no sizes
    let built_only = std::env::args().any(|a| a == "--built");
    let plain = built_only || std::env::args().any(|a| a == "--plain");
    let mut built = None;
    let bytes = if path.ends_with(".jsonl") && plain {
        // titles and texts only, as bench.mjs indexes every engine
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("SKIP: {path} not found (../shared is absent)");
            return;
        };
        let t = Instant::now();
        let mut c = Corpus::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            let field = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
            let doc = lede::search::Document::new(&field("id"), &field("title"), &field("text"));
            c.add(doc).expect("indexes");
        }
        println!(
            "indexed {path} (titles and texts only) in {:.1} s",
            t.elapsed().as_secs_f64()
        );
        if built_only {
            built = Some(c);
            Vec::new()
        } else {
            c.to_bytes()
        }
    } else if path.ends_with(".jsonl") {
        // index the articles the way `lede index` does (entity fields extracted)
        let Ok(f) = std::fs::File::open(path) else {
            eprintln!("SKIP: {path} not found (../shared is absent)");
            return;
        };
        let t = Instant::now();
        let ix = lede::cli::index_reader(
            std::io::BufReader::new(f),
            &lede::cli::IndexOptions::default(),
            &mut |_| {},
            &mut |_| {},
        )
        .expect("indexes");
        println!("indexed {path} in {:.1} s", t.elapsed().as_secs_f64());
        ix.corpus.to_bytes()
    } else {
        match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("SKIP: {path}: {e}");
                return;
            }
        }
    };
    let (c, c1) = match built {
        Some(c) => (c, None),
        None => {
            let (c, c1) = load_and_sizes(path, &bytes);
            (c, Some(c1))
        }
    };
    let Some(qpath) = args.get(1) else { return };
    let Ok(qs) = std::fs::read_to_string(qpath) else {
        eprintln!("SKIP queries: {qpath} not readable");
        return;
    };
    let qs: serde_json::Value = serde_json::from_str(&qs).expect("queries JSON");
    let mut dump = std::env::var("LEDE_DUMP_RESULTS")
        .ok()
        .map(|p| std::io::BufWriter::new(std::fs::File::create(p).expect("dump file")));
    let repeat: usize = std::env::var("LEDE_REPEAT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    println!(
        "\n| kind | n | ids p50 µs | ids p95 µs | highlighted p50 µs | highlighted p95 µs | \
         page p50 µs | page p95 µs | MRR@10 |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    let kinds = std::env::var("LEDE_KINDS").unwrap_or_default();
    let repeat_what = std::env::var("LEDE_REPEAT_WHAT").unwrap_or_default();
    for kind in ["plain", "prefix", "typo", "phrase"] {
        if !kinds.is_empty() && !kinds.split(',').any(|k| k == kind) {
            continue;
        }
        let Some(list) = qs.get(kind).and_then(|v| v.as_array()) else {
            continue;
        };
        let items: Vec<(String, String)> = list
            .iter()
            .filter_map(|x| {
                let q = x.get("q")?.as_str()?;
                let id = x.get("id")?.as_str()?;
                let q = if kind == "phrase" {
                    format!("\"{q}\"")
                } else {
                    q.to_string()
                };
                Some((q, id.to_string()))
            })
            .collect();
        let ids_only = SearchOptions {
            limit: 10,
            highlight: false,
            facets: false,
            prefix: kind == "prefix",
            ..SearchOptions::default()
        };
        let lit = SearchOptions {
            highlight: true,
            ..ids_only.clone()
        };
        // what the page asks: highlights and the facets of all results
        let page = SearchOptions {
            facets: true,
            ..lit.clone()
        };
        for (q, _) in items.iter().take(20) {
            let _ = c.search(q, &ids_only);
        }
        if let Some(w) = dump.as_mut() {
            use std::io::Write;
            for (q, _) in &items {
                // the page's options, and with each hit's score explained
                let explained = SearchOptions {
                    explain: true,
                    ..page.clone()
                };
                for o in [&ids_only, &page, &explained] {
                    let r = c.search(q, o);
                    let line = serde_json::to_string(&r).expect("results serialize");
                    writeln!(w, "{kind}\t{q}\t{line}").expect("dump written");
                }
            }
        }
        for _ in 0..repeat {
            for (q, _) in &items {
                if repeat_what != "lit" {
                    let _ = std::hint::black_box(c.search(q, &ids_only));
                }
                if repeat_what != "ids" {
                    let _ = std::hint::black_box(c.search(q, &lit));
                }
            }
        }
        if let Some(c1) = &c1 {
            let mut t_v1 = Vec::new();
            for (q, _) in &items {
                let t = Instant::now();
                let _ = c1.search(q, &ids_only);
                t_v1.push(t.elapsed().as_secs_f64() * 1e6);
            }
            eprintln!(
                "{kind}: ids p50 on the corpus loaded from version 1: {:.1} µs",
                pct(&mut t_v1, 50.0)
            );
        }
        let mut t_ids = Vec::new();
        let mut t_lit = Vec::new();
        let mut t_page = Vec::new();
        let mut rr = 0.0;
        for (q, id) in &items {
            let t = Instant::now();
            let r = c.search(q, &ids_only);
            t_ids.push(t.elapsed().as_secs_f64() * 1e6);
            if let Some(k) = r.results.iter().position(|h| &h.id == id) {
                rr += 1.0 / (k as f64 + 1.0);
            }
            let t = Instant::now();
            let _ = c.search(q, &lit);
            t_lit.push(t.elapsed().as_secs_f64() * 1e6);
            let t = Instant::now();
            let _ = c.search(q, &page);
            t_page.push(t.elapsed().as_secs_f64() * 1e6);
        }
        let n = items.len().max(1);
        println!(
            "| {kind} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.3} |",
            items.len(),
            pct(&mut t_ids, 50.0),
            pct(&mut t_ids, 95.0),
            pct(&mut t_lit, 50.0),
            pct(&mut t_lit, 95.0),
            pct(&mut t_page, 50.0),
            pct(&mut t_page, 95.0),
            rr / n as f64
        );
    }
}
