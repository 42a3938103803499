//! Bounded fuzzing in the test command (issue 14, item 4).
//!
//! Four targets, each a proptest run with a fixed seed (the same inputs in
//! every run, so a failure reproduces) and a number of cases sized to fit
//! the test budget (about 40 s of CPU for the first four in release: 3,000 texts,
//! 15,000 queries, 20,000 damaged corpora, 1,000 sequences; about 35 s for
//! 300 damaged sharded indexes); set
//! `LEDE_FUZZ_CASES` to run that many cases of every target instead, and
//! `LEDE_FUZZ_SEED` (a number) to try other inputs:
//!
//! - `analyze`: the pipeline on generated hostile text;
//! - `query`: the query parser and `Corpus::search` on generated queries;
//! - `from_bytes`: loading damaged saved corpora;
//! - `sequence`: add / remove / search / reload sequences against a model;
//! - `sharded`: the sharded index reader over damaged files and manifests.
//!
//! The generators and invariants are in `bench/fuzz/targets.rs`, shared
//! with the longer campaign `cargo bench --bench fuzz`. Each target writes
//! one line `fuzz TARGET: N executions, slowest input X µs/KB` into
//! `target/fuzz-report.txt` (the test output hides stderr of passing tests)
//! and the count is part of the assertion's message. No time is asserted.
// Uses the extraction engines: built with the `extract` feature (the default) only.
#![cfg(feature = "extract")]
#![cfg(not(target_arch = "wasm32"))]

#[path = "../bench/fuzz/targets.rs"]
mod targets;

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::cell::RefCell;
use std::sync::Mutex;
use targets::Stats;

/// Cases of a target: `LEDE_FUZZ_CASES` (the same number for every target)
/// or the target's `default`, sized by its cost so that the four take about
/// 40 s of CPU in release.
fn cases(default: u32) -> u32 {
    std::env::var("LEDE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// A runner with a fixed seed (or `LEDE_FUZZ_SEED`), no failure files.
fn runner(cases: u32, salt: u8) -> TestRunner {
    let seed: u64 = std::env::var("LEDE_FUZZ_SEED")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(14);
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    bytes[8] = salt;
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 2000,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes))
}

/// The lines written so far by this test binary.
static REPORT: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Adds `line` to `target/fuzz-report.txt` (rewritten whole, so the file
/// holds this run's lines only).
fn report(line: String) {
    let mut lines = REPORT.lock().unwrap_or_else(|e| e.into_inner());
    lines.push(line);
    lines.sort();
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join("fuzz-report.txt"), lines.join("\n") + "\n");
}

/// Runs `check` on `cases` inputs of `strategy`; records stats; asserts no
/// failure, with the shrunk input in the message.
fn fuzz<S: Strategy>(
    name: &str,
    n: u32,
    salt: u8,
    strategy: S,
    size: impl Fn(&S::Value) -> usize,
    show: impl Fn(&S::Value) -> String,
    check: impl Fn(&S::Value) -> Result<(), proptest::test_runner::TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    targets::warm_up();
    let stats = RefCell::new(Stats::new(1));
    let mut r = runner(n, salt);
    let out = r.run(&strategy, |v| {
        targets::timed(&stats, size(&v), || show(&v), || check(&v))
    });
    let stats = stats.into_inner();
    let line = stats.line(name);
    eprintln!("{line}");
    report(line.clone());
    if let Err(e) = out {
        panic!("{line}\nfailure: {e}");
    }
    assert!(
        stats.executions >= u64::from(n),
        "{line}: fewer executions than the {n} cases"
    );
}

#[test]
fn fuzz_analyze() {
    fuzz(
        "analyze",
        cases(3000),
        1,
        (targets::text(), targets::analyze_options()),
        |(t, _)| t.len(),
        |(t, _)| targets::preview(t),
        |(t, o)| targets::check_analyze(t, o),
    );
}

#[test]
fn fuzz_query() {
    targets::with_corpus(|c| assert!(c.len() >= 6));
    fuzz(
        "query",
        cases(15000),
        2,
        (targets::query(), targets::search_options()),
        |(q, _)| q.len(),
        |(q, _)| targets::preview(q),
        |(q, o)| targets::check_query(q, o),
    );
}

#[test]
fn fuzz_from_bytes() {
    let good = targets::corpus_bytes();
    // the unchanged bytes load and pass the checks
    assert!(targets::check_from_bytes(good).is_ok());
    fuzz(
        "from_bytes",
        cases(20000),
        3,
        targets::mutation(),
        |m| targets::mutate(good, m).len(),
        |m| format!("{m:?}").chars().take(80).collect(),
        |m| targets::check_from_bytes(&targets::mutate(good, m)),
    );
}

#[test]
fn fuzz_sequence() {
    fuzz(
        "sequence",
        cases(1000),
        4,
        targets::sequence(),
        |(_, ops)| targets::sequence_bytes(ops),
        |(e, ops)| format!("enrich {e}, {} ops", ops.len()),
        |(e, ops)| targets::check_sequence(*e, ops),
    );
}

#[test]
fn fuzz_sharded() {
    let f = targets::shard_fixture();
    assert!(f.served.len() > 10);
    fuzz(
        "sharded",
        cases(300),
        5,
        targets::shard_damage(),
        |d| format!("{d:?}").len(),
        |d| format!("{d:?}").chars().take(80).collect(),
        targets::check_sharded,
    );
}
