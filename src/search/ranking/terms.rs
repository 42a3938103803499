//! Term look-up and expansion: which indexed terms a query word stands for.
//!
//! A word matches its exact form, the other words of its English stem,
//! when it is the query's last word and prefixes are asked for the terms
//! it begins (most frequent first), and with typo tolerance its neighbours
//! within one edit (two for a long word not in the index), closest and
//! most frequent first. Each kind has its weight (exact > stem > prefix >
//! typo). A word that many documents use is taken as meant: no typo
//! neighbours. The dictionary walks are [`Index::automaton_terms`](crate::search::index::Index::automaton_terms) and
//! [`Index::edit_terms`](crate::search::index::Index::edit_terms).

use super::score::Ctx;
use super::{MatchKind, KNOWN_DF, MAX_EXPANSIONS, W_EXACT, W_PREFIX, W_STEM, W_TYPO1, W_TYPO2};
use crate::search::analysis::is_cjk;
use crate::search::index::{EditDistance, MAX_FUZZY_BYTES};
use crate::search::SearchOptions;

impl Ctx<'_> {
    /// Exact, stemmed, prefix and typo variants of a word: (term id, weight, kind).
    pub(super) fn variants(
        &self,
        term: &str,
        last: bool,
        opts: &SearchOptions,
        stems_ok: bool,
    ) -> Vec<(u32, f32, MatchKind)> {
        let ix = self.ix;
        let mut out: Vec<(u32, f32, MatchKind)> = Vec::new();
        let live = |id: u32| ix.term(id).is_some_and(|t| t.df > 0);
        let exact = ix.term_id(term).filter(|&id| live(id));
        if let Some(id) = exact {
            out.push((id, W_EXACT, MatchKind::Exact));
        }
        if stems_ok {
            {
                for &id in ix.stem_terms(&ix.stemmer.stem(term)) {
                    if Some(id) != exact && live(id) {
                        out.push((id, W_STEM, MatchKind::Stem));
                    }
                }
            }
        }
        let has = |out: &Vec<(u32, f32, MatchKind)>, id: u32| out.iter().any(|v| v.0 == id);
        if last && opts.prefix && !term.is_empty() {
            let aut = crate::search::index::Prefix(term.as_bytes());
            let mut ids = ix.automaton_terms(aut, |t| t.starts_with(term), 5000);
            ids.retain(|&id| live(id) && !has(&out, id));
            crate::text::sort::sort_by_key_hot(&mut ids, |&id| {
                std::cmp::Reverse(ix.term(id).map_or(0, |t| t.df))
            });
            ids.truncate(MAX_EXPANSIONS);
            for id in ids {
                out.push((id, W_PREFIX, MatchKind::Prefix));
            }
        }
        let chars = term.chars().count();
        // a word that many articles use is what the reader typed: its typo
        // neighbours would only add rarer words, at the cost of their postings
        let common = exact
            .and_then(|id| ix.term(id))
            .is_some_and(|t| t.df >= KNOWN_DF);
        if opts.fuzzy
            && !common
            && chars >= 5
            && term.len() <= MAX_FUZZY_BYTES
            && !term.chars().any(|c| c.is_ascii_digit() || is_cjk(c))
        {
            // a word that is in the index is most likely meant: look for
            // fewer, closer neighbours than for a word that is not
            let known = !out.is_empty();
            let max = if chars >= 9 && !known { 2 } else { 1 };
            let keep = if known {
                MAX_EXPANSIONS / 4
            } else {
                MAX_EXPANSIONS
            };
            let check = EditDistance::new(term, max);
            let ids = ix.edit_terms(&check, 2000);
            let mut cand: Vec<(u8, u32, u32)> = ids
                .into_iter()
                .filter(|&id| live(id) && !has(&out, id))
                .filter_map(|id| {
                    let t = ix.term(id)?;
                    Some((check.distance(&t.text)?, std::cmp::Reverse(t.df).0, id))
                })
                .collect();
            crate::text::sort::sort_by_key_hot(&mut cand, |&(d, df, _)| (d, std::cmp::Reverse(df)));
            cand.truncate(keep);
            for (d, _, id) in cand {
                out.push((id, if d <= 1 { W_TYPO1 } else { W_TYPO2 }, MatchKind::Typo));
            }
        }
        out
    }

    /// The variants of a word a unit searches: all of them when `loose`,
    /// else (an excluded word) the exact and stemmed ones.
    pub(super) fn word_variants(
        &self,
        term: &str,
        last: bool,
        opts: &SearchOptions,
        loose: bool,
    ) -> Vec<(u32, f32, MatchKind)> {
        if loose {
            self.variants(term, last, opts, true)
        } else {
            self.variants(
                term,
                false,
                &SearchOptions {
                    fuzzy: false,
                    prefix: false,
                    ..opts.clone()
                },
                true,
            )
        }
    }
}
