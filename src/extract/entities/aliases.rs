//! Names one entity goes by that share no words (`Tories` and
//! `Conservatives`, `Labour` and `Labour Party`): `data/name_aliases.txt`,
//! one entity a line. Read by `group` (such names are one entity) and by
//! `repair` (an owner glued by a possessive is named alone under another of
//! its names).

use crate::extract::FxMap;
use crate::text::hash::data_lines;
use std::sync::OnceLock;

/// The line of `data/name_aliases.txt` that lists the name of folded words
/// `words`, if one does.
pub(super) fn alias_line(words: &[String]) -> Option<usize> {
    static LINES: OnceLock<FxMap<String, usize>> = OnceLock::new();
    if words.is_empty() || words.len() > 6 {
        return None;
    }
    let map = LINES.get_or_init(|| {
        let mut m = FxMap::default();
        for (i, line) in data_lines(include_str!("data/name_aliases.txt")).enumerate() {
            for name in line.split('|') {
                m.entry(name.trim().to_string()).or_insert(i);
            }
        }
        m
    });
    map.get(&words.join(" ")).copied()
}
