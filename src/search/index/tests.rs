//! Tests of the index's codecs and walks: varints, stepping over
//! positions, the edit distance against a full-matrix reference, and the
//! dictionary walks against a scan of every term.

use super::*;

/// Property tests (proptest is a native-only dev-dependency).
#[cfg(not(target_arch = "wasm32"))]
mod reference {
    use super::*;
    use proptest::prelude::*;

    /// Full-matrix reference of the same distance (first character double), capped.
    fn reference(q: &[u8], t: &[u8], max: u8) -> u8 {
        let cap = max + 1;
        let c = |j: usize| if j == 0 { 2u8 } else { 1 };
        let (n, m) = (q.len(), t.len());
        let mut d = vec![vec![0u8; n + 1]; m + 1];
        for j in 1..=n {
            d[0][j] = d[0][j - 1].saturating_add(c(j - 1)).min(cap);
        }
        for i in 1..=m {
            d[i][0] = d[i - 1][0].saturating_add(2).min(cap);
            for j in 1..=n {
                let sub = if q[j - 1] == t[i - 1] { 0 } else { c(j - 1) };
                let mut v = d[i - 1][j - 1]
                    .saturating_add(sub)
                    .min(d[i - 1][j].saturating_add(1))
                    .min(d[i][j - 1].saturating_add(c(j - 1)));
                if i > 1
                    && j > 1
                    && q[j - 1] != t[i - 1]
                    && q[j - 1] == t[i - 2]
                    && q[j - 2] == t[i - 1]
                {
                    v = v.min(d[i - 2][j - 2].saturating_add(c(j - 2)));
                }
                d[i][j] = v.min(cap);
            }
        }
        d[m][n]
    }

    /// An index holding `words` (deduplicated) as terms, in that order.
    fn index_of(words: &[String]) -> Index {
        let mut ix = Index::default();
        let mut seen = std::collections::HashSet::new();
        for w in words {
            if seen.insert(w.clone()) {
                ix.push_term(Term {
                    text: w.clone(),
                    df: 1,
                    last_doc: u32::MAX,
                    postings: Vec::new(),
                });
            }
        }
        ix
    }

    /// What the dictionary walk must give: every accepted term in byte
    /// order (the dictionary's part), then the recent ones by id.
    fn brute(ix: &Index, ok: impl Fn(&str) -> bool, limit: usize) -> Vec<u32> {
        let upto = ix.fst.borrow().upto as usize;
        let mut sorted: Vec<u32> = (0..upto as u32).collect();
        sorted.sort_by(|a, b| ix.terms[*a as usize].text.cmp(&ix.terms[*b as usize].text));
        let mut out: Vec<u32> = sorted
            .into_iter()
            .filter(|&i| ok(&ix.terms[i as usize].text))
            .collect();
        out.extend(
            (upto as u32..ix.terms.len() as u32).filter(|&i| ok(&ix.terms[i as usize].text)),
        );
        out.truncate(limit);
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Over 600–1500 terms (past the recent-terms list, so the
        /// sorted dictionary is built; some added after it), typo and
        /// prefix look-ups give exactly the accepted terms, in order.
        #[test]
        fn the_dictionary_walk_finds_what_a_scan_finds(
            words in proptest::collection::vec("[a-dé]{1,9}", 600..1500),
            more in proptest::collection::vec("[a-d]{1,9}", 0..40),
            q in "[a-dé]{1,9}",
            max in 1u8..=2,
            limit in prop_oneof![Just(3usize), Just(2000usize)],
        ) {
            let mut ix = index_of(&words);
            ix.refresh_fst();
            for w in &more {
                if ix.term_id(w).is_none() {
                    ix.push_term(Term { text: w.clone(), df: 1, last_doc: u32::MAX, postings: Vec::new() });
                }
            }
            let aut = EditDistance::new(&q, max);
            let check = aut.clone();
            let ok = |t: &str| check.distance(t).is_some();
            prop_assert_eq!(ix.edit_terms(&aut, limit), brute(&ix, ok, limit));
            prop_assert_eq!(ix.automaton_terms(aut, ok, limit), brute(&ix, ok, limit));
            let p = &q[..q.char_indices().nth(2).map_or(q.len(), |(i, _)| i)];
            let ok = |t: &str| t.starts_with(p);
            prop_assert_eq!(ix.automaton_terms(Prefix(p.as_bytes()), ok, limit), brute(&ix, ok, limit));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// A dense dictionary (many of the words of up to 7 letters over `a`, `b`
        /// and `é`, past the recent-terms list): every query's one-edit
        /// neighbours are many and close, and the trie-guided look-ups give
        /// exactly the accepted terms, in order.
        #[test]
        fn one_edit_look_ups_find_what_a_scan_finds(
            words in proptest::collection::vec("[abé]{1,7}", 1500..2500),
            q in "[abé]{1,8}",
            limit in prop_oneof![Just(5usize), Just(2000usize)],
        ) {
            let ix = index_of(&words);
            ix.refresh_fst();
            let aut = EditDistance::new(&q, 1);
            let check = aut.clone();
            let ok = |t: &str| check.distance(t).is_some();
            prop_assert_eq!(ix.edit_terms(&aut, limit), brute(&ix, ok, limit));
        }
    }

    proptest! {
        #[test]
        fn banded_automaton_matches_the_full_matrix(q in "[abc]{0,9}", t in "[abc]{0,11}", max in 1u8..=2) {
            let want = reference(q.as_bytes(), t.as_bytes(), max);
            let got = EditDistance::new(&q, max).distance(&t);
            prop_assert_eq!(got, (want <= max).then_some(want), "{} vs {}", q, t);
        }
    }
}

#[test]
fn varints_round_trip() {
    let mut b = Vec::new();
    for v in [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
        put_varint(&mut b, v);
    }
    let mut at = 0;
    for v in [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
        assert_eq!(get_varint(&b, &mut at), Some(v));
    }
    assert_eq!(get_varint(&b, &mut at), None);
    assert_eq!(get_varint(&[0x80, 0x80], &mut 0), None);
}

#[test]
fn skipping_positions_lands_where_reading_them_does() {
    // entries of every length up to 40 positions, deltas of one to
    // four bytes mixed, so the eight-byte steps meet every boundary
    let mut buf = Vec::new();
    let mut want = Vec::new();
    let mut prev_doc = 0u64;
    for (k, n) in (0..=40u64).enumerate() {
        let doc = k as u64 * 3;
        put_varint(&mut buf, if k == 0 { doc } else { doc - prev_doc });
        prev_doc = doc;
        put_varint(&mut buf, n);
        let mut p = 0u64;
        let mut list = Vec::new();
        for i in 0..n {
            let delta = [1u64, 200, 70_000, 3, 5_000_000][((i + n) % 5) as usize];
            p += delta;
            put_varint(&mut buf, delta);
            list.push(p as u32);
        }
        want.push((doc as u32, list));
    }
    let mut read = PostingsIter::new(&buf);
    let mut skip = PostingsIter::new(&buf);
    let mut pos = Vec::new();
    for (doc, list) in &want {
        assert_eq!(read.next_into(&mut pos), Some(*doc));
        assert_eq!(&pos, list);
        let (d, n) = skip.next_doc().expect("an entry");
        assert_eq!(d, *doc);
        skip.skip_positions(n).expect("its positions");
        assert_eq!(skip.offset(), read.offset());
    }
    assert!(skip.at_end() && read.at_end());
    // a list cut short is reported, not stepped past
    let cut = &buf[..buf.len() - 1];
    let mut it = PostingsIter::new(cut);
    let mut last = Some(());
    while let Some((_, n)) = it.next_doc() {
        last = it.skip_positions(n);
        if last.is_none() {
            break;
        }
    }
    assert_eq!(last, None);
}

#[test]
fn edit_distance() {
    let a = EditDistance::new("minister", 2);
    assert_eq!(a.distance("minister"), Some(0));
    assert_eq!(a.distance("minster"), Some(1));
    assert_eq!(a.distance("mnister"), Some(1));
    assert_eq!(a.distance("ministers"), Some(1));
    assert_eq!(a.distance("monastery"), None);
    // the first character counts double
    assert_eq!(a.distance("imnister"), Some(2));
    assert_eq!(a.distance("binister"), Some(2));
    let b = EditDistance::new("budget", 1);
    assert_eq!(b.distance("bugdet"), Some(1));
    assert_eq!(b.distance("budgets"), Some(1));
    assert_eq!(b.distance("nudget"), None);
    assert_eq!(b.distance("udget"), None);
}
