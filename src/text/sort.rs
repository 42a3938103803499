//! One shared sort for code that is not hot, to keep the wasm builds small.
//!
//! Every `slice::sort_by` / `sort_unstable_by` call with its own element type
//! or closure makes the compiler emit a whole new copy of the standard
//! library's sort (driftsort or ipnsort: merging, run detection, small-sort
//! networks, pivot selection), 2–5 KB of wasm each. Dozens of call sites sort
//! a few dozen items once per article or per index build, and together their
//! copies weighed ~17 % of the search-only wasm's code.
//!
//! [`sort_by`] sorts through **one** non-generic function: it sorts the
//! positions `0..n` (`usize`) with a `&dyn Fn` comparator that looks the
//! elements up, then moves the elements into that order by following the
//! permutation's cycles (`swap`, linear). Per call site only the small
//! lookup closure and the cycle walk are generated.
//!
//! The sort is **stable**, so the result is the one `slice::sort_by` gives
//! for the same comparator, and the one `sort_unstable_by` gives whenever no
//! two distinguishable elements compare equal (a total order, e.g. ties
//! broken by an id), or `sort`/`sort_unstable` on a type whose equal values
//! are identical (`Ord::cmp` on integers, tuples, strings). Costs: one
//! `Vec<usize>` and a `Vec<bool>` of `n` entries, one indirect call per
//! comparison; hot paths use [`sort_by_hot`], which keeps the standard sort
//! wherever speed matters more than size.

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp` (the same order as `v.sort_by(cmp)`) with the
/// shared index sort (see the module docs).
pub fn sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..v.len()).collect();
    {
        let items: &[T] = v;
        let by_position = |a: usize, b: usize| match (items.get(a), items.get(b)) {
            (Some(x), Some(y)) => cmp(x, y),
            _ => Ordering::Equal,
        };
        sort_positions(&mut order, &by_position);
    }
    apply_order(v, &order);
}

/// Sorts `v` stably by the key `key` gives (the same order as
/// `v.sort_by_key(key)`), with the shared index sort.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// [`sort_by`] on a hot path: the standard library's stable sort (its own
/// copy, fastest) in builds with the extraction engines, the shared sort in
/// the search-only build (feature `extract` off), whose download size
/// matters more than a few microseconds a query. Both are stable, so every
/// build gives the same order.
#[inline]
pub fn sort_by_hot<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    #[cfg(feature = "extract")]
    v.sort_by(cmp);
    #[cfg(not(feature = "extract"))]
    sort_by(v, cmp);
}

/// [`sort_by_key`] on a hot path (see [`sort_by_hot`]).
#[inline]
pub fn sort_by_key_hot<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    sort_by_hot(v, |a, b| key(a).cmp(&key(b)));
}

/// The one monomorphized sort: positions ordered by a comparator on them.
#[inline(never)]
fn sort_positions(order: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

/// Rearranges `v` so that position `i` holds the element that was at
/// `order[i]` (`order` a permutation of `0..v.len()`), one cycle at a time.
fn apply_order<T>(v: &mut [T], order: &[usize]) {
    let mut done = vec![false; v.len()];
    for start in 0..v.len() {
        if done.get(start).copied().unwrap_or(true) {
            continue;
        }
        let mut at = start;
        // at most v.len() steps: each visits a new position of the cycle
        for _ in 0..v.len() {
            if let Some(d) = done.get_mut(at) {
                *d = true;
            }
            let from = order.get(at).copied().unwrap_or(start);
            if from == start || from >= v.len() {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (no dependency) for test data.
    fn numbers(n: usize, seed: u64, modulo: u64) -> Vec<u64> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x % modulo
            })
            .collect()
    }

    #[test]
    fn same_order_as_the_standard_stable_sort() {
        for (n, modulo) in [
            (0, 5),
            (1, 5),
            (2, 2),
            (17, 4),
            (100, 10),
            (1000, 7),
            (5000, 100_000),
        ] {
            // (key, original position): ties on the key must keep their order
            let data: Vec<(u64, usize)> = numbers(n, 0x9E37_79B9_7F4A_7C15 ^ n as u64, modulo)
                .into_iter()
                .zip(0..)
                .collect();
            let mut want = data.clone();
            want.sort_by_key(|x| std::cmp::Reverse(x.0));
            let mut got = data.clone();
            sort_by(&mut got, |a, b| b.0.cmp(&a.0));
            assert_eq!(got, want, "n={n}");
            let mut got = data;
            sort_by_key(&mut got, |x| std::cmp::Reverse(x.0));
            assert_eq!(got, want, "by key, n={n}");
        }
    }

    #[test]
    fn hot_sort_gives_the_same_order() {
        let data: Vec<(u64, usize)> = numbers(3000, 7, 50).into_iter().zip(0..).collect();
        let mut want = data.clone();
        want.sort_by_key(|x| x.0);
        let mut got = data;
        sort_by_key_hot(&mut got, |x| x.0);
        assert_eq!(got, want);
    }

    #[test]
    fn owned_values_are_moved_not_lost() {
        let mut words: Vec<String> = "the quick brown fox jumps over the lazy dog"
            .split(' ')
            .map(String::from)
            .collect();
        let mut want = words.clone();
        want.sort_by(|a, b| a.len().cmp(&b.len()).then(b.cmp(a)));
        sort_by(&mut words, |a, b| a.len().cmp(&b.len()).then(b.cmp(a)));
        assert_eq!(words, want);
    }

    #[test]
    fn sorts_a_subslice_only() {
        let mut v = vec![5, 4, 3, 2, 1];
        if let Some(s) = v.get_mut(1..4) {
            sort_by(s, |a: &i32, b| a.cmp(b));
        }
        assert_eq!(v, [5, 2, 3, 4, 1]);
    }
}
