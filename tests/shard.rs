//! The sharded static index (`src/search/shard/`): parity with the
//! in-memory `Corpus` on real articles, incremental updates, merges, corrupt
//! and missing files, and `lede search DIR` through the CLI.

mod common;

use lede::search::shard::{
    build, compress, merge, Builder, Built, ShardError, ShardedIndex, MANIFEST,
};
use lede::search::{Corpus, DocFields, Document, Filter, FilterField, SearchOptions};
use std::collections::BTreeMap;

/// Documents with their extracted fields (the enrichment `lede index` uses),
/// analyzed on all cores.
fn enriched(docs: Vec<Document>) -> Vec<(Document, DocFields)> {
    let n = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = docs.len().div_ceil(n).max(1);
    std::thread::scope(|s| {
        let hs: Vec<_> = docs
            .chunks(chunk)
            .map(|c| {
                s.spawn(move || {
                    c.iter()
                        .map(|d| {
                            let f = lede::pipeline::enrich(&d.title, &d.text).fields;
                            (d.clone(), f)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        hs.into_iter()
            .flat_map(|h| h.join().expect("enrichment thread"))
            .collect()
    })
}

/// The seed articles (title: first line).
fn seed_docs() -> Vec<Document> {
    let dir = common::root().join("seeds");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("seeds/")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("seed");
            let title = text.lines().next().unwrap_or("").to_string();
            let id = p.file_stem().unwrap().to_string_lossy().to_string();
            Document::new(&id, &title, &text)
        })
        .collect()
}

/// Up to `n` BBC articles from ../shared, or None (the test then skips).
fn bbc_docs(n: usize) -> Option<Vec<Document>> {
    let arts = common::bbc_articles(n)?;
    Some(
        arts.into_iter()
            .enumerate()
            .map(|(i, (t, x))| Document::new(&format!("bbc{i}"), &t, &x))
            .collect(),
    )
}

fn corpus_of(docs: &[(Document, DocFields)]) -> Corpus {
    let mut c = Corpus::new();
    for (d, f) in docs {
        c.add_with_fields(d.clone(), f.clone()).expect("indexable");
    }
    c
}

fn builder_of(docs: &[(Document, DocFields)]) -> Builder {
    let mut b = Builder::new();
    for (d, f) in docs {
        b.add(d.clone(), f.clone()).expect("indexable");
    }
    b
}

/// Files as served: compressed.
fn served(built: &Built) -> BTreeMap<String, Vec<u8>> {
    let mut m: BTreeMap<String, Vec<u8>> = built
        .files
        .iter()
        .map(|(k, v)| (k.clone(), compress(v)))
        .collect();
    m.insert(MANIFEST.into(), built.manifest.to_bytes());
    m
}

/// Runs the JS loop: load what `missing` names until it names nothing.
/// Returns the results and the bytes loaded for this query.
fn run(
    ix: &mut ShardedIndex,
    files: &BTreeMap<String, Vec<u8>>,
    q: &str,
    o: &SearchOptions,
) -> Result<(lede::search::SearchResults, usize), ShardError> {
    let mut bytes = 0;
    for _ in 0..8 {
        let m = ix.missing(q, o)?;
        if m.is_empty() {
            return ix.search(q, o).map(|r| (r, bytes));
        }
        for name in m {
            let b = files
                .get(&name)
                .ok_or_else(|| ShardError::Missing(vec![name.clone()]))?;
            bytes += b.len();
            ix.load(&name, b)?;
        }
    }
    panic!("missing() did not converge for {q:?}");
}

fn open(files: &BTreeMap<String, Vec<u8>>) -> ShardedIndex {
    ShardedIndex::new(files.get(MANIFEST).expect("manifest")).expect("manifest reads")
}

/// A small deterministic generator.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Queries drawn from the articles: words, two-word queries, phrases,
/// typos, prefixes, entity fields and facet filters.
fn queries(docs: &[(Document, DocFields)], n: usize) -> Vec<(String, SearchOptions)> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut out = Vec::new();
    let words_of = |t: &str| -> Vec<String> {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3)
            .map(str::to_string)
            .collect()
    };
    let dflt = SearchOptions::default();
    while out.len() < n {
        let (d, f) = &docs[rng.below(docs.len())];
        let words = words_of(&d.text);
        if words.len() < 4 {
            continue;
        }
        let i = rng.below(words.len() - 1);
        let w = words[i].clone();
        let w2 = words[i + 1].clone();
        let (q, o) = match out.len() % 8 {
            0 => (w, dflt.clone()),
            1 => (
                format!("{w} {}", words[rng.below(words.len())]),
                dflt.clone(),
            ),
            2 => (format!("\"{w} {w2}\""), dflt.clone()),
            3 => {
                // a typo: two inner letters swapped
                let mut c: Vec<char> = w.chars().collect();
                if c.len() < 6 {
                    continue;
                }
                let k = 1 + rng.below(c.len() - 2);
                c.swap(k, k + 1);
                (c.into_iter().collect(), dflt.clone())
            }
            4 => {
                let p: String = w.chars().take(4).collect();
                (
                    p,
                    SearchOptions {
                        prefix: true,
                        ..dflt.clone()
                    },
                )
            }
            5 => match f.people.first().or(f.orgs.first()) {
                Some(name) => {
                    let field = if f.people.is_empty() { "org" } else { "person" };
                    (format!("{field}:\"{name}\""), dflt.clone())
                }
                None => continue,
            },
            6 => match f.places.first() {
                Some(p) => (
                    w,
                    SearchOptions {
                        filters: vec![Filter {
                            field: FilterField::Place,
                            value: p.clone(),
                        }],
                        ..dflt.clone()
                    },
                ),
                None => continue,
            },
            _ => (format!("{w} -{w2}"), dflt.clone()),
        };
        out.push((q, o));
    }
    out
}

fn ids(r: &lede::search::SearchResults) -> Vec<String> {
    r.results.iter().map(|h| h.id.clone()).collect()
}

/// Share of queries whose top-10 ids are identical, with the misses.
fn parity(docs: &[(Document, DocFields)], n: usize) -> (f64, Vec<String>) {
    let corpus = corpus_of(docs);
    let files = served(&build(&builder_of(docs)));
    let mut ix = open(&files);
    let qs = queries(docs, n);
    let mut same = 0;
    let mut misses = Vec::new();
    for (q, o) in &qs {
        let want = corpus.try_search(q, o).expect("in-memory search");
        let (got, _) = run(&mut ix, &files, q, o).expect("sharded search");
        if ids(&want) == ids(&got) {
            same += 1;
            // the whole hit is the same: scores, highlights, snippets
            assert_eq!(want.results, got.results, "{q:?}");
            assert_eq!(want.total, got.total, "{q:?}");
        } else {
            misses.push(format!("{q:?} {:?}", o.prefix));
        }
    }
    (same as f64 / qs.len() as f64, misses)
}

#[test]
fn parity_on_the_seeds() {
    let docs = enriched(seed_docs());
    let (share, misses) = parity(&docs, 240);
    eprintln!(
        "shard parity (seeds, 240 queries): {:.1}% identical top-10; misses: {misses:?}",
        share * 100.0
    );
    assert!(share >= 0.95, "{share}: {misses:?}");
}

#[test]
fn parity_on_bbc() {
    let Some(docs) = bbc_docs(2225) else { return };
    let docs = enriched(docs);
    let (share, misses) = parity(&docs, 400);
    eprintln!(
        "shard parity (BBC {} articles, 400 queries): {:.1}% identical top-10; misses: {:?}",
        docs.len(),
        share * 100.0,
        misses.iter().take(20).collect::<Vec<_>>()
    );
    assert!(share >= 0.95, "{share}: {misses:?}");
}
