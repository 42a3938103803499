//! Parity and bytes of a sharded index against the in-memory `Corpus` on
//! the same documents, natively (no browser): the 30 queries of
//! `browser.mjs` and random queries drawn from the corpus (words, two-word
//! queries, phrases, typos), each run cold (a fresh reader) with
//! `{limit: 10, prefix: true}` for the bench queries as `<lede-search>`
//! asks, and default options for the drawn ones.
//!
//! ```sh
//! cargo bench --bench shard-parity -- DIR [RANDOM_QUERIES]
//! ```
//!
//! Prints, per bench query, the stored KB read cold and whether the top 10
//! equals the in-memory one; then the share of identical top-10 lists on
//! both sets, with the misses.

use lede::search::shard::{Builder, ShardError, ShardedIndex, MANIFEST};
use lede::search::{Corpus, SearchOptions};
use std::path::Path;

const QUERIES: &[&str] = &[
    "tony blair",
    "chelsea",
    "oil prices",
    "interest rates",
    "\"gordon brown\" budget",
    "\"world cup\"",
    "iraq election",
    "google",
    "mobile phone",
    "hillary clinton emails",
    "trump campaign",
    "film awards",
    "champions league",
    "yukos",
    "climate change",
    "stock exchange",
    "music downloads",
    "parliment",
    "electoin",
    "footbal",
    "microsfot",
    "econ",
    "olymp",
    "person:\"Tony Blair\"",
    "org:microsoft",
    "place:london",
    "title:election",
    "apple OR microsoft",
    "england -football",
    "fashion week",
];

fn read(dir: &Path, name: &str) -> Result<Vec<u8>, ShardError> {
    std::fs::read(dir.join(name)).map_err(|e| ShardError::Corrupt {
        file: name.into(),
        reason: e.to_string(),
    })
}

/// A query's top-10 ids, the stored bytes it read by kind of file, its rounds.
type Ran = (Vec<String>, Vec<(char, usize)>, usize);

/// Runs one query in `ix` (a reader that may hold files already): (top-10
/// ids, stored bytes read by kind of file, rounds).
fn run(dir: &Path, ix: &mut ShardedIndex, q: &str, o: &SearchOptions) -> Result<Ran, ShardError> {
    let mut by: Vec<(char, usize)> = Vec::new();
    for round in 0..32 {
        let missing = ix.missing(q, o)?;
        if missing.is_empty() {
            let r = ix.search(q, o)?;
            return Ok((r.results.into_iter().map(|h| h.id).collect(), by, round));
        }
        for f in missing {
            let b = read(dir, &f)?;
            let k = f.chars().next().unwrap_or('?');
            match by.iter_mut().find(|x| x.0 == k) {
                Some(x) => x.1 += b.len(),
                None => by.push((k, b.len())),
            }
            ix.load(&f, &b)?;
        }
    }
    Err(ShardError::Missing(vec!["(no convergence)".into()]))
}

/// Runs one query cold: (top-10 ids, stored bytes read, rounds).
fn cold(dir: &Path, q: &str, o: &SearchOptions) -> Result<(Vec<String>, usize, usize), ShardError> {
    let m = read(dir, MANIFEST)?;
    let mut bytes = m.len();
    let mut ix = ShardedIndex::new(&m)?;
    for round in 0..32 {
        let missing = ix.missing(q, o)?;
        if missing.is_empty() {
            let r = ix.search(q, o)?;
            return Ok((r.results.into_iter().map(|h| h.id).collect(), bytes, round));
        }
        for f in missing {
            let b = read(dir, &f)?;
            bytes += b.len();
            ix.load(&f, &b)?;
        }
    }
    Err(ShardError::Missing(vec!["(no convergence)".into()]))
}

struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: cargo bench --bench shard-parity -- DIR [RANDOM_QUERIES]");
        std::process::exit(2);
    };
    let n_random: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(200);
    let dir = Path::new(dir);
    let m = read(dir, MANIFEST).expect("manifest");
    let b = Builder::open(&m, &mut |f| read(dir, f)).expect("the index opens");
    let mut corpus = Corpus::new();
    let mut texts = Vec::new();
    for (d, f) in b.documents() {
        corpus
            .add_with_fields(d.clone(), f.clone())
            .expect("indexable");
        texts.push(d.text.clone());
    }
    let bench = SearchOptions {
        limit: 10,
        prefix: true,
        ..SearchOptions::default()
    };
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut drawn: Vec<String> = Vec::new();
    while drawn.len() < n_random && !texts.is_empty() {
        let t = &texts[rng.below(texts.len())];
        let words: Vec<&str> = t
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3)
            .collect();
        if words.len() < 4 {
            continue;
        }
        let i = rng.below(words.len() - 1);
        let (w, w2) = (words[i], words[i + 1]);
        drawn.push(match drawn.len() % 4 {
            0 => w.to_string(),
            1 => format!("{w} {}", words[rng.below(words.len())]),
            2 => format!("\"{w} {w2}\""),
            _ => {
                let mut c: Vec<char> = w.chars().collect();
                if c.len() >= 6 {
                    c.swap(2, 3);
                }
                c.into_iter().collect()
            }
        });
    }
    let mut misses = Vec::new();
    let mut same = 0;
    let mut kbs = Vec::new();
    println!("bench queries, {{limit: 10, prefix: true}}, cold: stored KB, rounds, same top 10");
    for q in QUERIES {
        let want: Vec<String> = corpus
            .try_search(q, &bench)
            .map(|r| r.results.into_iter().map(|h| h.id).collect())
            .unwrap_or_default();
        match cold(dir, q, &bench) {
            Ok((got, bytes, rounds)) => {
                let ok = got == want;
                same += usize::from(ok);
                kbs.push(bytes);
                println!(
                    "  {q:<26} {:>7.1} {rounds:>3} {}",
                    bytes as f64 / 1000.0,
                    if ok { "yes" } else { "NO" }
                );
                if !ok {
                    misses.push(q.to_string());
                }
            }
            Err(e) => println!("  {q:<26} error: {e}"),
        }
    }
    // next: one reader, a warm-up query, then the queries in order (what
    // bytes.mjs calls next), with what each adds by kind of file
    println!("next (one reader after a warm-up): stored KB added, rounds, by kind");
    let m = read(dir, MANIFEST).expect("manifest");
    let mut ix = ShardedIndex::new(&m).expect("manifest reads");
    let _ = run(dir, &mut ix, "news", &bench);
    let mut next_kb = Vec::new();
    for q in QUERIES {
        match run(dir, &mut ix, q, &bench) {
            Ok((_, by, rounds)) => {
                let total: usize = by.iter().map(|x| x.1).sum();
                next_kb.push(total);
                let kinds: Vec<String> = by
                    .iter()
                    .map(|(k, b)| format!("{k} {:.1}", *b as f64 / 1000.0))
                    .collect();
                println!(
                    "  {q:<26} {:>7.1} {rounds:>3}  {}{}",
                    total as f64 / 1000.0,
                    kinds.join(", "),
                    if total > 100_000 { "  OVER 100 KB" } else { "" }
                );
            }
            Err(e) => println!("  {q:<26} error: {e}"),
        }
    }
    let over = next_kb.iter().filter(|&&b| b > 100_000).count();
    next_kb.sort_unstable();
    println!(
        "next: KB median {:.1}, max {:.1}; {over} of {} over 100 KB",
        next_kb
            .get(next_kb.len().saturating_sub(1) / 2)
            .copied()
            .unwrap_or(0) as f64
            / 1000.0,
        next_kb.last().copied().unwrap_or(0) as f64 / 1000.0,
        next_kb.len()
    );
    kbs.sort_unstable();
    println!(
        "bench: {same} of {} identical top-10 lists; cold KB median {:.1}, max {:.1}; misses {misses:?}",
        QUERIES.len(),
        kbs.get(kbs.len().saturating_sub(1) / 2).copied().unwrap_or(0) as f64 / 1000.0,
        kbs.last().copied().unwrap_or(0) as f64 / 1000.0
    );
    let dflt = SearchOptions::default();
    let (mut same, mut misses, mut kbs) = (0, Vec::new(), Vec::new());
    for q in &drawn {
        let want: Vec<String> = corpus
            .try_search(q, &dflt)
            .map(|r| r.results.into_iter().map(|h| h.id).collect())
            .unwrap_or_default();
        if let Ok((got, bytes, _)) = cold(dir, q, &dflt) {
            kbs.push(bytes);
            if got == want {
                same += 1;
            } else {
                misses.push(q.clone());
            }
        }
    }
    kbs.sort_unstable();
    println!(
        "drawn: {same} of {} identical top-10 lists ({:.1}%); cold KB median {:.1}, max {:.1}; misses {:?}",
        drawn.len(),
        100.0 * same as f64 / drawn.len().max(1) as f64,
        kbs.get(kbs.len().saturating_sub(1) / 2).copied().unwrap_or(0) as f64 / 1000.0,
        kbs.last().copied().unwrap_or(0) as f64 / 1000.0,
        misses.iter().take(20).collect::<Vec<_>>()
    );
}
