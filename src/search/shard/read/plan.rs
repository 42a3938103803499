//! Planning a query's reads: which term shards hold its words, its
//! prefixes and the neighbours of its typos and stems, within caps
//! ([`MAX_RANGE_SHARDS`](super::MAX_RANGE_SHARDS),
//! [`MAX_RANGE_BYTES`](super::MAX_RANGE_BYTES)) so a short prefix cannot
//! pull in the whole index, and which directory pages and lexicon files must
//! be read first to know them.

use super::super::build::{shards_between, stem_range};
use super::super::{filter_key, lexicon_range};
use super::decode::term_file;
use super::{
    Content, Plan, ShardError, ShardTerm, ShardedIndex, MAX_DIR_PAGES, MAX_LEXICON_FILES,
    MAX_RANGE_BYTES, MAX_RANGE_SHARDS, MAX_TYPO_VARIANTS,
};
use crate::search::index::{EditDistance, MAX_FUZZY_BYTES};
use crate::search::query::{parse_query, Unit};
use crate::search::{check_query, SearchOptions};
use std::collections::BTreeSet;

impl ShardedIndex {
    /// The term shards whose terms may lie in `lo..=hi` (at most `cap`, and
    /// past the first, at most [`MAX_RANGE_BYTES`] stored), as (first term,
    /// file) in `out`; the term directory pages needed to know them, when
    /// not loaded, in `missing`.
    pub(super) fn shard_range(
        &self,
        lo: &str,
        hi: &str,
        cap: usize,
        out: &mut BTreeSet<(String, String)>,
        missing: &mut BTreeSet<String>,
    ) {
        let dirs = &self.manifest.terms;
        if dirs.is_empty() {
            return;
        }
        let start = dirs
            .partition_point(|r| r.first.as_str() <= lo)
            .saturating_sub(1);
        let end = dirs
            .partition_point(|r| r.first.as_str() <= hi)
            .max(start + 1);
        let mut entries: Vec<&(String, u128, u64)> = Vec::new();
        let mut complete = true;
        for d in dirs
            .iter()
            .take(end)
            .skip(start)
            .take(cap.min(MAX_DIR_PAGES))
        {
            match self.get(&d.file) {
                Some(Content::TermDir(td)) => entries.extend(td.entries.iter()),
                _ => {
                    complete = false;
                    missing.insert(d.file.clone());
                }
            }
        }
        if !complete || entries.is_empty() {
            return;
        }
        let start = entries
            .partition_point(|r| r.0.as_str() <= lo)
            .saturating_sub(1);
        let end = entries
            .partition_point(|r| r.0.as_str() <= hi)
            .max(start + 1);
        let mut bytes = 0u64;
        for (first, h, size) in entries.iter().take(end).skip(start).take(cap) {
            if bytes > 0 && bytes.saturating_add(*size) > MAX_RANGE_BYTES {
                break;
            }
            bytes = bytes.saturating_add(*size).max(1);
            out.insert((first.clone(), term_file(*h)));
        }
    }

    pub(super) fn plan(&self, query: &str, opts: &SearchOptions) -> Result<Plan, ShardError> {
        check_query(query).map_err(ShardError::Query)?;
        let q = parse_query(query);
        let mut shards = BTreeSet::new();
        let mut dirs = BTreeSet::new();
        let units = q
            .clauses
            .iter()
            .flat_map(|c| c.alts.iter())
            .chain(&q.exclude);
        let mut words: Vec<(&str, bool)> = Vec::new();
        for u in units {
            match u {
                Unit::Word { term, last, .. } => {
                    self.shard_range(term, term, 1, &mut shards, &mut dirs);
                    // words of the same stem: `budgets` for `budget`,
                    // `happy` for `happiness`
                    self.stem_shards(term, &mut shards, &mut dirs);
                    if *last && opts.prefix {
                        let hi = format!("{term}\u{10FFFF}");
                        self.shard_range(term, &hi, MAX_RANGE_SHARDS, &mut shards, &mut dirs);
                    }
                    words.push((term, *last));
                }
                Unit::Phrase { words, .. } => {
                    for (w, _) in words {
                        self.shard_range(w, w, 1, &mut shards, &mut dirs);
                    }
                }
            }
        }
        for f in &opts.filters {
            let k = filter_key(f.field, &f.value);
            self.shard_range(&k, &k, 1, &mut shards, &mut dirs);
        }
        if !dirs.is_empty() {
            return Err(ShardError::Missing(dirs.into_iter().collect()));
        }
        let mut plan = Plan {
            shards: shards.iter().map(|x| x.1.clone()).collect(),
        };
        // round 1: the shards of the words themselves
        let terms = self.shard_terms(&plan)?;
        // round 2: typos: a word the index does not hold gets the shards of
        // its nearest terms, found in the lexicon of its first letter
        let mut lexicons = BTreeSet::new();
        let mut typo_words = Vec::new();
        for &(w, _) in &words {
            let chars = w.chars().count();
            if !opts.fuzzy
                || chars < 5
                || w.len() > MAX_FUZZY_BYTES
                || w.chars().any(|c| c.is_ascii_digit())
            {
                continue;
            }
            let all = || terms.iter().flat_map(|t| t.iter());
            if all().any(|t| t.text == w) {
                continue;
            }
            let stem = self.stemmer.stem(w);
            let (base, _) = stem_range(&stem);
            let known = all()
                .any(|t| t.text.starts_with(base.as_str()) && self.stemmer.stem(&t.text) == stem);
            let Some(first) = w.chars().next() else {
                continue;
            };
            // the lengths the in-memory ranking's edit budget allows
            let max = if chars >= 9 && !known { 2 } else { 1 };
            let (lo, hi) = lexicon_range(first, chars.saturating_sub(max), chars + max);
            let s = &self.manifest.lexicons;
            if s.is_empty() {
                continue;
            }
            let start = s
                .partition_point(|r| r.first.as_str() <= lo.as_str())
                .saturating_sub(1);
            let end = s
                .partition_point(|r| r.first.as_str() <= hi.as_str())
                .max(start + 1);
            let files: Vec<usize> = (start..end.min(s.len())).take(MAX_LEXICON_FILES).collect();
            lexicons.extend(files.iter().copied());
            typo_words.push((w, chars, known, files));
        }
        let mut missing: Vec<String> = lexicons
            .iter()
            .filter_map(|&i| self.manifest.lexicons.get(i))
            .filter(|r| !self.files.contains_key(&r.file))
            .map(|r| r.file.clone())
            .collect();
        // the pair lists that answer for the query's words (see `pairs.rs`):
        // their directory pages first (with the lexicons), then their
        // shards (with the typos' neighbours); the positions files of a
        // phrase wait until the lists are known to answer or not
        let mut pair_dirs = BTreeSet::new();
        let pairs = self.pair_uses(&q, &terms, &mut pair_dirs);
        if !pair_dirs.is_empty() {
            missing.extend(pair_dirs);
            return Err(ShardError::Missing(missing));
        }
        shards.extend(pairs.files.iter().cloned());
        // a phrase needs the positions of its words, unless the pair lists
        // answer for it
        for name in self.phrase_positions(&q, &pairs, &terms) {
            if !missing.contains(&name) {
                missing.push(name);
            }
        }
        if !missing.is_empty() {
            return Err(ShardError::Missing(missing));
        }
        for (w, chars, known, files) in typo_words {
            // the in-memory ranking's choice: within 1 edit (2 for a long
            // unknown word), closest first, then most frequent
            let max = if chars >= 9 && !known { 2 } else { 1 };
            let keep = if known {
                MAX_TYPO_VARIANTS / 4
            } else {
                MAX_TYPO_VARIANTS
            };
            let aut = EditDistance::new(w, max);
            let mut cand: Vec<(u8, std::cmp::Reverse<u32>, &str)> = Vec::new();
            for i in files {
                let Some(r) = self.manifest.lexicons.get(i) else {
                    continue;
                };
                let Some(Content::Lexicon(l)) = self.get(&r.file) else {
                    continue;
                };
                for (t, df) in l {
                    if let Some(d) = aut.distance(t) {
                        cand.push((d, std::cmp::Reverse(*df), t));
                    }
                }
            }
            crate::text::sort::sort_by(&mut cand, Ord::cmp);
            for (_, _, t) in cand.into_iter().take(keep * 2) {
                self.shard_range(t, t, 1, &mut shards, &mut dirs);
            }
        }
        if !dirs.is_empty() {
            return Err(ShardError::Missing(dirs.into_iter().collect()));
        }
        plan.shards = shards.into_iter().map(|x| x.1).collect();
        Ok(plan)
    }

    /// The stem of `term` less its last letter (when it has four or more):
    /// the prefix every word of the same stem is expected to share.
    /// The term shards of the words that share `term`'s stem, into `out`;
    /// the term directory page needed to know them, when not loaded, into
    /// `missing`. A format 5 page lists the words of each stem whose range
    /// ([`stem_range`]) starts in it and spans two shards or more: then only
    /// the shards of those words (or of the stem itself, for a stem the
    /// page does not list) are read. Otherwise (a range within one shard,
    /// or a format 4 index) the range's shards, as many as the caps allow.
    fn stem_shards(
        &self,
        term: &str,
        out: &mut BTreeSet<(String, String)>,
        missing: &mut BTreeSet<String>,
    ) {
        let stem = self.stemmer.stem(term);
        let (lo, hi) = stem_range(&stem);
        let dirs = &self.manifest.terms;
        let page = dirs
            .partition_point(|r| r.first.as_str() <= lo.as_str())
            .saturating_sub(1);
        let pages_end = dirs.partition_point(|r| r.first.as_str() <= hi.as_str());
        let Some(d) = dirs.get(page) else { return };
        match self.get(&d.file) {
            Some(Content::TermDir(td)) => {
                if let Some(table) = &td.stems {
                    let firsts: Vec<&str> = td.entries.iter().map(|e| e.0.as_str()).collect();
                    let many = pages_end > page + 1 || shards_between(&firsts, &lo, &hi).len() >= 2;
                    if many {
                        match table.binary_search_by(|(s, _)| s.as_str().cmp(stem.as_str())) {
                            Ok(i) => {
                                for w in table.get(i).map_or(&[][..], |g| &g.1[..]) {
                                    self.shard_range(w, w, 1, out, missing);
                                }
                            }
                            Err(_) => self.shard_range(&stem, &stem, 1, out, missing),
                        }
                        return;
                    }
                }
            }
            _ => {
                missing.insert(d.file.clone());
                return;
            }
        }
        self.shard_range(&lo, &hi, MAX_RANGE_SHARDS, out, missing);
    }

    pub(super) fn shard_terms(&self, plan: &Plan) -> Result<Vec<&Vec<ShardTerm>>, ShardError> {
        let mut out = Vec::new();
        let mut missing = Vec::new();
        for f in &plan.shards {
            match self.get(f) {
                Some(Content::Terms(t)) => out.push(t),
                _ => missing.push(f.clone()),
            }
        }
        if missing.is_empty() {
            Ok(out)
        } else {
            Err(ShardError::Missing(missing))
        }
    }
}
