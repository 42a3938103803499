//! Word clusters learned with the (predictive) exchange algorithm
//! (Uszkoreit & Brants 2008) from unlabeled news text.
//!
//! Each vocabulary word is assigned to one of `K` classes so as to maximize
//! the likelihood of a class bigram model `p(class(w_i) | w_{i-1})`; the
//! algorithm is run once per granularity (e.g. 64, 256 and 1024 classes).
//! Deterministic: words are initialized round-robin by frequency rank and
//! visited in frequency order.

use crate::extract::ner::features::lowercase_into;
use crate::extract::ner::tagger_form;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Cluster training options.
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    /// Minimum count for a (lowercased) word to get a cluster.
    pub min_count: usize,
    /// Maximum vocabulary size (most frequent words).
    pub max_words: usize,
    /// Number of classes of each granularity.
    pub classes: Vec<usize>,
    /// Exchange iterations per granularity.
    pub iters: usize,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            min_count: 3,
            max_words: 60_000,
            classes: vec![64, 256, 1024],
            iters: 8,
        }
    }
}

/// Appends the words of a paragraph as the tagger reads them: the project's
/// tokens ([`crate::text::tokenize`]) in the tagger's form
/// ([`crate::extract::ner::tagger_form`]), case kept (the capitalization
/// statistics need it; [`train_clusters`] lowercases them afterwards exactly
/// as the tagger's features do).
fn tokenize(text: &str, out: &mut Vec<String>) {
    out.extend(
        crate::text::tokenize(text)
            .iter()
            .map(|t| tagger_form(text, t).into_owned()),
    );
}

/// Reads a corpus as a list of token sequences (lowercased). Supports JSON
/// lines (field `text`), CoNLL files (first column), plain text files and
/// directories of `.txt` files.
fn read_corpus(path: &Path, seqs: &mut Vec<Vec<String>>) -> Result<(), String> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| format!("{}: {e}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        entries.sort();
        for p in entries {
            read_corpus(&p, seqs)?;
        }
        return Ok(());
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    // Tokens keep their case here; `train_clusters` lowercases them after
    // collecting capitalization statistics.
    let lower = |v: Vec<String>| -> Vec<String> { v };
    if path.extension().is_some_and(|x| x == "jsonl") {
        for line in text.lines() {
            let v: serde_json::Value =
                serde_json::from_str(line).map_err(|e| format!("{}: {e}", path.display()))?;
            if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                for para in t.split('\n') {
                    let mut toks = Vec::new();
                    tokenize(para, &mut toks);
                    if !toks.is_empty() {
                        seqs.push(lower(toks));
                    }
                }
            }
        }
    } else if text.starts_with("-DOCSTART-") {
        let mut cur = Vec::new();
        for line in text.lines() {
            match line.split_whitespace().next() {
                None | Some("-DOCSTART-") => {
                    if !cur.is_empty() {
                        seqs.push(lower(std::mem::take(&mut cur)));
                    }
                }
                Some(t) => cur.push(t.to_string()),
            }
        }
        if !cur.is_empty() {
            seqs.push(lower(cur));
        }
    } else {
        for para in text.split('\n') {
            let mut toks = Vec::new();
            tokenize(para, &mut toks);
            if !toks.is_empty() {
                seqs.push(lower(toks));
            }
        }
    }
    Ok(())
}

/// One exchange-algorithm run. `preds[w]` lists `(predecessor, count)`;
/// returns the class of each word.
fn exchange(
    nwords: usize,
    npred: usize,
    preds: &[Vec<(u32, u32)>],
    k: usize,
    iters: usize,
    total: usize,
) -> Vec<u16> {
    let t0 = Instant::now();
    let table: Vec<f64> = (0..=total + 1)
        .map(|x| {
            if x == 0 {
                0.0
            } else {
                x as f64 * (x as f64).ln()
            }
        })
        .collect();
    let f = |x: u32| table[x as usize];
    let mut class: Vec<u16> = (0..nwords).map(|w| (w % k) as u16).collect();
    let wcount: Vec<u32> = preds.iter().map(|p| p.iter().map(|x| x.1).sum()).collect();
    let mut ncls = vec![0u32; k];
    let mut m = vec![0u32; npred * k];
    for w in 0..nwords {
        let c = class[w] as usize;
        ncls[c] += wcount[w];
        for &(v, n) in &preds[w] {
            m[v as usize * k + c] += n;
        }
    }
    let mut delta = vec![0f64; k];
    for it in 0..iters {
        let mut moved = 0usize;
        for w in 0..nwords {
            let a = class[w] as usize;
            let nw = wcount[w];
            if nw == 0 {
                continue;
            }
            for &(v, n) in &preds[w] {
                m[v as usize * k + a] -= n;
            }
            ncls[a] -= nw;
            for (b, d) in delta.iter_mut().enumerate() {
                *d = -(f(ncls[b] + nw) - f(ncls[b]));
            }
            for &(v, n) in &preds[w] {
                let row = &m[v as usize * k..(v as usize + 1) * k];
                for (d, &x) in delta.iter_mut().zip(row) {
                    *d += f(x + n) - f(x);
                }
            }
            let mut best = a;
            for b in 0..k {
                if delta[b] > delta[best] + 1e-9 {
                    best = b;
                }
            }
            if best != a {
                moved += 1;
            }
            class[w] = best as u16;
            ncls[best] += nw;
            for &(v, n) in &preds[w] {
                m[v as usize * k + best] += n;
            }
        }
        let mut obj = 0f64;
        for &x in &m {
            obj += f(x);
        }
        for &x in &ncls {
            obj -= f(x);
        }
        eprintln!(
            "  k={k} iter {} moved {moved} objective {obj:.0} ({:.1}s)",
            it + 1,
            t0.elapsed().as_secs_f64()
        );
        if moved == 0 {
            break;
        }
    }
    class
}

/// Learns clusters from the given corpora and writes `word<TAB>c1<TAB>c2...`.
pub fn train_clusters(corpora: &[PathBuf], out: &Path, o: &ClusterOptions) -> Result<(), String> {
    let mut seqs = Vec::new();
    for p in corpora {
        read_corpus(p, &mut seqs)?;
    }
    // Capitalization statistics (original case), then lowercase.
    let mut case_counts: HashMap<String, (u32, u32)> = HashMap::new();
    for s in &seqs {
        let (mut caps, mut alpha) = (0usize, 0usize);
        for t in s {
            if t.chars().any(char::is_alphabetic) {
                alpha += 1;
                if !t.chars().any(char::is_lowercase) {
                    caps += 1;
                }
            }
        }
        if caps * 2 > alpha {
            continue; // headline or table: case carries no information
        }
        for (i, t) in s.iter().enumerate() {
            let initial = i == 0
                || matches!(
                    s[i - 1].as_str(),
                    "." | "?" | "!" | ":" | "\"" | "'" | "`" | "``" | "-" | "--" | "(" | "["
                );
            if initial {
                continue;
            }
            let Some(c) = t.chars().next() else { continue };
            if !c.is_alphabetic() {
                continue;
            }
            let mut key = String::new();
            lowercase_into(t, &mut key);
            let e = case_counts.entry(key).or_insert((0, 0));
            e.0 += 1;
            if c.is_uppercase() {
                e.1 += 1;
            }
        }
    }
    let mut lower = String::new();
    for s in seqs.iter_mut() {
        for t in s.iter_mut() {
            lowercase_into(t, &mut lower);
            std::mem::swap(t, &mut lower);
        }
    }
    let case_bin = |w: &str| -> u8 {
        match case_counts.get(w) {
            Some(&(n, c)) if n >= 2 => {
                let r = f64::from(c) / f64::from(n);
                if r < 0.05 {
                    0
                } else if r < 0.3 {
                    1
                } else if r < 0.7 {
                    2
                } else if r < 0.95 {
                    3
                } else {
                    4
                }
            }
            _ => 5,
        }
    };
    let total: usize = seqs.iter().map(Vec::len).sum();
    eprintln!("corpus: {} sequences, {} tokens", seqs.len(), total);
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for s in &seqs {
        for t in s {
            *counts.entry(t.as_str()).or_insert(0) += 1;
        }
    }
    let mut vocab: Vec<(&str, usize)> = counts
        .iter()
        .filter(|(_, &c)| c >= o.min_count)
        .map(|(w, &c)| (*w, c))
        .collect();
    vocab.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    vocab.truncate(o.max_words);
    let nwords = vocab.len();
    let index: HashMap<&str, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (*w, i as u32))
        .collect();
    // Predecessor ids: vocabulary words, then UNK, then sequence start.
    let unk = nwords as u32;
    let start = nwords as u32 + 1;
    let npred = nwords + 2;
    let mut bigrams: HashMap<(u32, u32), u32> = HashMap::new();
    for s in &seqs {
        let mut prev = start;
        for t in s {
            let id = index.get(t.as_str()).copied().unwrap_or(unk);
            if id != unk {
                *bigrams.entry((id, prev)).or_insert(0) += 1;
            }
            prev = id;
        }
    }
    let mut preds: Vec<Vec<(u32, u32)>> = vec![Vec::new(); nwords];
    let mut bl: Vec<((u32, u32), u32)> = bigrams.into_iter().collect();
    bl.sort_unstable();
    for ((w, v), n) in bl {
        preds[w as usize].push((v, n));
    }
    eprintln!(
        "vocabulary: {} words (count >= {}), {} distinct bigrams",
        nwords,
        o.min_count,
        preds.iter().map(Vec::len).sum::<usize>()
    );
    let mut all: Vec<Vec<u16>> = Vec::new();
    for &k in &o.classes {
        let k = k.clamp(2, u16::MAX as usize - 2);
        all.push(exchange(nwords, npred, &preds, k, o.iters, total));
    }
    let mut lines: Vec<String> = vocab
        .iter()
        .enumerate()
        .filter(|(_, (w, _))| !w.contains('\t') && !w.contains('\n') && w.len() < 255)
        .map(|(i, (w, _))| {
            let mut l = w.to_string();
            l.push('\t');
            l.push_str(&case_bin(w).to_string());
            for c in &all {
                l.push('\t');
                l.push_str(&c[i].to_string());
            }
            l
        })
        .collect();
    lines.sort();
    let header = format!(
        "# word<TAB>capitalization bin (0-4 by capitalized ratio, 5 unknown)<TAB>exchange clusters: classes {:?}, min_count {}, {} iterations, {} tokens\n",
        o.classes, o.min_count, o.iters, total
    );
    std::fs::write(out, header + &lines.join("\n") + "\n")
        .map_err(|e| format!("{}: {e}", out.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_words_are_the_tokens_the_tagger_reads() {
        let mut v = Vec::new();
        tokenize("Russia’s “Seoul-based” firm, Mr. Kim said.", &mut v);
        assert_eq!(
            v,
            [
                "Russia",
                "'s",
                "\"",
                "Seoul-based",
                "\"",
                "firm",
                ",",
                "Mr.",
                "Kim",
                "said",
                "."
            ]
        );
    }
}
