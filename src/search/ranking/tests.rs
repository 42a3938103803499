//! Property tests of the ranking's building blocks: merging sorted runs, the
//! proximity merge, the top-k page.

use super::page::top_k;
use super::proximity::min_distances;
use super::score::merge_runs;
use super::MAX_PROXIMITY;
use crate::search::index::pos_field;
use proptest::prelude::*;

proptest! {
    /// Merging sorted, duplicate-free runs gives what sorting all of
    /// them and dropping duplicates gives.
    #[test]
    fn merged_runs_equal_a_sort_and_dedup(
        runs in proptest::collection::vec(
            proptest::collection::btree_set((0u32..20, 0u32..40), 0..30), 1..5)
    ) {
        let mut v = Vec::new();
        let mut starts = Vec::new();
        for r in &runs {
            starts.push(v.len());
            v.extend(r.iter().copied());
        }
        let mut want = v.clone();
        want.sort();
        want.dedup();
        prop_assert_eq!(merge_runs(&v, &starts), want);
    }

    /// Skipping a document's positions in one go gives the distances
    /// that stepping over them one by one gave.
    #[test]
    fn min_distances_equal_a_step_by_step_merge(
        a in proptest::collection::btree_set((0u32..30, 0u32..60), 0..120),
        b in proptest::collection::btree_set((0u32..30, 0u32..60), 0..120),
        spread in 1u32..8,
    ) {
        // positions spread out: runs far from the other side's are
        // skipped in one go (`spread` 1 keeps them close)
        let a: Vec<(u32, u32)> = a.into_iter().map(|(d, p)| (d, p * spread)).collect();
        let b: Vec<(u32, u32)> = b.into_iter().map(|(d, p)| (d, p * spread)).collect();
        let mut want: Vec<(u32, u32)> = Vec::new();
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            let ((da, pa), (db, pb)) = (a[i], b[j]);
            if da != db {
                if da < db { i += 1 } else { j += 1 }
                continue;
            }
            let d = pa.abs_diff(pb);
            if d > 0 && d <= MAX_PROXIMITY && pos_field(pa) == pos_field(pb) {
                match want.last_mut() {
                    Some((doc, best)) if *doc == da => *best = (*best).min(d),
                    _ => want.push((da, d)),
                }
            }
            if pa < pb { i += 1 } else { j += 1 }
        }
        let mut got = Vec::new();
        min_distances(&a, &b, &mut got);
        prop_assert_eq!(got, want);
    }

    /// The page picked in one pass is the page a full sort gives, and
    /// every entry is kept.
    #[test]
    fn top_k_is_the_sorted_prefix(
        v in proptest::collection::vec((0u32..4, 0u32..50), 0..200),
        k in 1usize..20,
    ) {
        // a total order, as search's keys have (ties broken by document)
        let keyed: Vec<(u32, u32, u32)> =
            v.iter().enumerate().map(|(i, &(a, b))| (a, b, i as u32)).collect();
        let order = |x: &(u32, u32, u32), y: &(u32, u32, u32)| {
            y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2))
        };
        let mut sorted = keyed.clone();
        sorted.sort_by(order);
        let mut got = keyed.clone();
        top_k(&mut got, k, order, true);
        let n = k.min(keyed.len());
        prop_assert_eq!(&got[..n], &sorted[..n]);
        let mut all = got.clone();
        all.sort_by(order);
        prop_assert_eq!(all, sorted.clone());
        // without the rest: the page alone
        let mut page = keyed.clone();
        top_k(&mut page, k, order, false);
        prop_assert_eq!(&page[..], &sorted[..n]);
    }
}

/// A phrase asked over some documents (`phrase_in`, as the page's word pairs
/// ask it) gives the whole corpus's hits for those documents, and no other:
/// every adjacent word pair of six seed articles, over each single article,
/// each two, and all of them.
#[test]
fn a_phrase_over_some_documents_is_the_whole_phrase_cut_to_them() {
    use super::score::Ctx;
    use crate::search::{Corpus, Document, Field};
    let texts = [
        include_str!("../../../seeds/election.txt"),
        include_str!("../../../seeds/afghan.txt"),
        include_str!("../../../seeds/asylum.txt"),
        include_str!("../../../seeds/clock.txt"),
        include_str!("../../../seeds/crane.txt"),
        include_str!("../../../seeds/flag.txt"),
    ];
    let mut c = Corpus::new();
    for (i, t) in texts.iter().enumerate() {
        let (title, text) = t.split_once('\n').unwrap_or((t, ""));
        let doc = Document {
            id: format!("d{i}"),
            title: title.to_string(),
            text: text.to_string(),
            ..Document::default()
        };
        c.add(doc).expect("a seed article is indexed");
    }
    let ix = &c.index;
    let ctx = Ctx::new(ix, false);
    let fields = Field::Title.bit() | Field::Body.bit();
    let n = texts.len() as u32;
    let mut subsets: Vec<Vec<u32>> = (0..n).map(|d| vec![d]).collect();
    subsets.extend((0..n).flat_map(|a| (a + 1..n).map(move |b| vec![a, b])));
    subsets.push((0..n).collect());
    let mut pairs = 0;
    let mut found = 0;
    for t in texts {
        let words: Vec<String> = t
            .split_whitespace()
            .filter(|w| w.chars().all(char::is_alphanumeric))
            .map(str::to_lowercase)
            .collect();
        for w in words.windows(2).take(60) {
            let words = vec![(w[0].clone(), 0), (w[1].clone(), 1)];
            let all = ctx.phrase(&words, fields);
            pairs += 1;
            found += usize::from(!all.hits.is_empty());
            for only in &subsets {
                let got = ctx.phrase_in(&words, fields, Some(only));
                let want: Vec<_> = all.hits.iter().filter(|h| only.contains(&h.doc)).collect();
                assert_eq!(got.hits.len(), want.len(), "{words:?} over {only:?}");
                for (g, w) in got.hits.iter().zip(want) {
                    assert_eq!((g.doc, g.score.to_bits()), (w.doc, w.score.to_bits()));
                }
            }
        }
    }
    // the pairs are the texts' own: most are found
    assert!(pairs > 300 && found * 2 > pairs, "{found} of {pairs}");
}
