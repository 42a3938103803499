//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The seed article's text.
pub fn seed() -> String {
    std::fs::read_to_string(root().join("seeds/000_cbae279371bf3f5a.txt")).expect("seed article")
}

/// `../shared/data/<rel>` if present; otherwise prints a skip message and returns None.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = root().join("../shared/data").join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!(
            "SKIP: {} not found (../shared is absent in a fresh clone)",
            p.display()
        );
        None
    }
}

/// Up to `n` BBC articles `(title, text)` from ../shared, or None when absent.
pub fn bbc_articles(n: usize) -> Option<Vec<(String, String)>> {
    let p = shared("bbc/bbc_news_summary.jsonl")?;
    let data = std::fs::read_to_string(p).ok()?;
    Some(
        data.lines()
            .take(n)
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .map(|v| {
                (
                    v["title"].as_str().unwrap_or("").to_string(),
                    v["text"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect(),
    )
}

/// UTF-16 slice of `text` (what JS `text.slice(start, end)` returns).
pub fn slice16(text: &str, start: u32, end: u32) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[start as usize..end as usize])
        .expect("slice on code-point boundaries")
}
