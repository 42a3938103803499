//! Name coreference: when two written names can mean one entity.
//!
//! The entity engine groups mentions with these tests (`Kim Jong Un` and
//! `Kim Jong-un` have the same [`letters_key`]; `Sergey Shoigu` and `Sergei
//! Shoigu` have compatible first names). They live with coreference because
//! they answer its question for written names, as the [`super::Resolver`]
//! answers it for pronouns and descriptions.

/// Letters of a string, folded (for comparing `Kim Jong Un` and `Kim Jong-un`).
pub(crate) fn letters_key(s: &str) -> String {
    crate::text::fold(s)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Are two first names spellings of one name (`sergey`/`sergei`, `j.`/`john`)?
pub(crate) fn first_names_compatible(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (a, b) = (a.trim_end_matches('.'), b.trim_end_matches('.'));
    if a.len() == 1 || b.len() == 1 {
        return a.chars().next() == b.chars().next();
    }
    a.chars().next() == b.chars().next() && a.len().min(b.len()) >= 4 && edit_distance(a, b) <= 2
}
