//! Fuzz campaign (issue 14, item 4): the generators and invariants of
//! `tests/fuzz.rs` (shared in `targets.rs`) run for a time budget instead
//! of a fixed number of cases.
//!
//! `cargo bench --bench fuzz -- [SECONDS] [--only TARGET]` (default 300 s,
//! shared equally between the targets `analyze`, `query`, `from_bytes`, `sequence`).
//! Each target runs in batches of cases, each batch with a new seed (the
//! seed is printed, so a run can be repeated). It prints, per target, the
//! executions, the input volume, and the 5 slowest inputs per KB (inputs
//! under 1 KB count as 1 KB) with their size; and every failure, whose
//! input proptest has shrunk, written to
//! `target/fuzz-failures/TARGET-SEED.{txt,bin}` with the reason.

#[path = "targets.rs"]
mod targets;

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngAlgorithm, TestError, TestRng, TestRunner};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use targets::Stats;

/// One failure: the seed of its batch, the reason, the file written.
struct Failure {
    seed: u64,
    reason: String,
    file: PathBuf,
}

fn out_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
        .join("fuzz-failures")
}

/// Runs batches of `batch` cases of `strategy` until `budget` has passed.
#[allow(clippy::too_many_arguments)]
fn campaign<S: Strategy>(
    name: &str,
    budget: Duration,
    batch: u32,
    strategy: S,
    size: impl Fn(&S::Value) -> usize,
    show: impl Fn(&S::Value) -> String,
    dump: impl Fn(&S::Value) -> (Vec<u8>, &'static str),
    check: impl Fn(&S::Value) -> Result<(), proptest::test_runner::TestCaseError>,
) -> (Stats, Vec<Failure>, Duration) {
    let start = Instant::now();
    let stats = RefCell::new(Stats::new(5));
    let mut failures = Vec::new();
    let mut seed: u64 = 1000;
    while start.elapsed() < budget {
        seed += 1;
        let mut bytes = [0u8; 32];
        bytes[..8].copy_from_slice(&seed.to_le_bytes());
        bytes[8..8 + name.len().min(24)].copy_from_slice(&name.as_bytes()[..name.len().min(24)]);
        let config = Config {
            cases: batch,
            failure_persistence: None,
            max_shrink_iters: 5000,
            ..Config::default()
        };
        let mut runner =
            TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes));
        let out = runner.run(&strategy, |v| {
            targets::timed(&stats, size(&v), || show(&v), || check(&v))
        });
        match out {
            Ok(()) => {}
            Err(TestError::Fail(reason, value)) => {
                let (data, ext) = dump(&value);
                let dir = out_dir();
                let _ = std::fs::create_dir_all(&dir);
                let file = dir.join(format!("{name}-{seed}.{ext}"));
                let _ = std::fs::write(&file, &data);
                let _ = std::fs::write(
                    dir.join(format!("{name}-{seed}.reason.txt")),
                    format!("{reason}\n{value:?}\n"),
                );
                failures.push(Failure {
                    seed,
                    reason: reason.to_string(),
                    file,
                });
            }
            Err(TestError::Abort(reason)) => {
                failures.push(Failure {
                    seed,
                    reason: format!("aborted: {reason}"),
                    file: PathBuf::new(),
                });
            }
        }
    }
    (stats.into_inner(), failures, start.elapsed())
}

fn print(name: &str, (stats, failures, took): &(Stats, Vec<Failure>, Duration)) {
    println!(
        "{name}: {} executions in {:.0} s ({:.1}/s), {:.1} MB of input",
        stats.executions,
        took.as_secs_f64(),
        stats.executions as f64 / took.as_secs_f64().max(1e-9),
        stats.bytes as f64 / 1e6
    );
    for s in &stats.slowest {
        println!(
            "  slow: {:>9.0} µs/KB  {:>8} B  {:>9.0} µs  {}",
            s.us_per_kb, s.bytes, s.us, s.preview
        );
    }
    if failures.is_empty() {
        println!("  failures: none");
    }
    for f in failures {
        println!(
            "  FAILURE (seed {}): {} -> {}",
            f.seed,
            f.reason.lines().next().unwrap_or(""),
            f.file.display()
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let secs: u64 = args.iter().find_map(|a| a.parse().ok()).unwrap_or(300);
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let names = ["analyze", "query", "from_bytes", "sequence", "sharded"];
    let chosen: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| only.as_deref().map_or(true, |o| o == *n))
        .collect();
    let each = Duration::from_secs(secs) / chosen.len().max(1) as u32;
    println!(
        "fuzz campaign: {secs} s, {:.0} s per target ({})",
        each.as_secs_f64(),
        chosen.join(", ")
    );
    // the model and the corpus load before the clock runs
    targets::warm_up();
    let mut failed = 0;
    for name in chosen {
        let r = match name {
            "analyze" => campaign(
                name,
                each,
                25,
                (targets::text(), targets::analyze_options()),
                |(t, _)| t.len(),
                |(t, _)| targets::preview(t),
                |(t, o)| (format!("{o:?}\n{t}").into_bytes(), "txt"),
                |(t, o)| targets::check_analyze(t, o),
            ),
            "query" => campaign(
                name,
                each,
                500,
                (targets::query(), targets::search_options()),
                |(q, _)| q.len(),
                |(q, _)| targets::preview(q),
                |(q, o)| (format!("{o:?}\n{q}").into_bytes(), "txt"),
                |(q, o)| targets::check_query(q, o),
            ),
            "sequence" => campaign(
                name,
                each,
                25,
                targets::sequence(),
                |(_, ops)| targets::sequence_bytes(ops),
                |(e, ops)| format!("enrich {e}, {} ops", ops.len()),
                |v| (format!("{v:?}").into_bytes(), "txt"),
                |(e, ops)| targets::check_sequence(*e, ops),
            ),
            "sharded" => campaign(
                name,
                each,
                100,
                targets::shard_damage(),
                |d| format!("{d:?}").len(),
                |d| format!("{d:?}").chars().take(80).collect(),
                |d| (format!("{d:?}").into_bytes(), "txt"),
                targets::check_sharded,
            ),
            _ => {
                let good = targets::corpus_bytes();
                campaign(
                    name,
                    each,
                    500,
                    targets::mutation(),
                    |m| targets::mutate(good, m).len(),
                    |m| format!("{m:?}").chars().take(80).collect(),
                    |m| (targets::mutate(good, m), "bin"),
                    |m| targets::check_from_bytes(&targets::mutate(good, m)),
                )
            }
        };
        print(name, &r);
        failed += r.1.len();
    }
    println!("failures in all: {failed}");
}
