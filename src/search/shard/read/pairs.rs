//! Pairs of frequent words (see *Pairs* in [`crate::search::shard`]): which
//! of a query's parts the index's pair lists answer, the files that hold
//! them, and the positions they stand for.
//!
//! Two uses, both for words the index pairs ([`paired`]):
//! - **a phrase of two words** (`"world cup"`): the list of `world` followed
//!   by `cup` says, per document and field, how many times the phrase
//!   occurs. The reader then needs neither word's positions file: it places
//!   the words' stand-in positions so that the phrase occurs exactly that
//!   many times (`world` at a cell, `cup` right after it), and the ranking,
//!   which matches phrases on positions, scores it as it would the real ones;
//! - **a query of two words** (`mobile phone`): the lists of every word of
//!   one's stem beside every word of the other's, both orders, say which
//!   documents have the two side by side in the title or the text. There the
//!   proximity bonus is the full one (distance 1), and the stand-ins are
//!   placed side by side so the ranking gives it: such a document's score is
//!   exact without its fragment. Elsewhere the words are at least two tokens
//!   apart, so the bonus is at most half: the stand-ins are placed two
//!   tokens apart ([`PairState::Apart`]), and the score is the upper bound,
//!   half a bonus above the lower one. Where a form the lists do not cover
//!   (a prefix expansion) may bring the words together, they are placed
//!   side by side ([`PairState::Upper`]): the upper bound again. So every
//!   score is exact or an upper bound, and documents past the ranked ones
//!   score at most the last of them.
//!
//! While the lists answer, every form of the words takes stand-ins and
//! cells, even where its positions are known (inline, or a positions file
//! loaded), unless the document's fragment is loaded (then every term's
//! positions are real): the bounds hold for the forms together. They answer
//! only while some of the words' positions files are not loaded, and spare
//! at least [`MIN_SPARED_BYTES`] by default.
//!
//! Cells lie in the last quarter of a field's positions, past every
//! stand-in of the usual grid (see `view.rs`), [`super::STAND_IN_GAP`] apart,
//! so two cells never come within the proximity window of each other.

use super::super::{pair_key, pair_prefix, pair_words, PAIR_MARK};
use super::decode::{positions_file, Entries};
use super::{Positions, ShardTerm, ShardedIndex, STAND_IN_BASE, STAND_IN_GAP};
use crate::search::index::{make_pos, POS_BITS};
use crate::search::query::{Clause, Query, Unit, ALL_FIELDS};
use crate::search::{Field, SearchOptions, NFIELDS};
use std::collections::BTreeSet;

/// Most term shards the lists of one pair of stems may span; a pair whose
/// lists span more is not used (its words' positions are read as before).
const MAX_PAIR_SHARDS: usize = 2;

/// The least stored size of the positions files the pair lists would spare
/// (the two words' and their forms') for the reader to use them, by
/// default ([`ShardedIndex::set_pair_threshold`]): below it, the lists'
/// directory page and shards cost about as much as what they save (a few
/// fragments or small positions files settle the page).
pub const MIN_SPARED_BYTES: u64 = 8 * 1024;

/// The first position of the cells, in each field: past the usual grid of
/// stand-ins, which stays below it.
pub(super) const PAIR_BASE: u32 = STAND_IN_BASE + (1 << (POS_BITS - 2));

/// How many stand-ins the usual grid holds per field (below [`PAIR_BASE`]).
pub(super) const GRID_ROOM: u32 = ((1 << (POS_BITS - 2)) - 1) / STAND_IN_GAP;

/// What the pair lists can answer for a query (judged from the loaded
/// term shards of its words).
#[derive(Debug, Default)]
pub(super) struct PairUses {
    /// The query's two required words, when it has exactly two, each a
    /// plain word in every field, both paired.
    pub(super) words: Option<WordPair>,
    /// Two-word phrases of paired words with a positions file not loaded:
    /// (first word, second word).
    pub(super) phrases: Vec<(String, String)>,
    /// The term shards holding those lists: (first term, file).
    pub(super) files: Vec<(String, String)>,
}

/// The two required words of a query, in query order.
#[derive(Debug)]
pub(super) struct WordPair {
    words: [(String, bool); 2],
    prefix: String,
}

/// What the pair lists say of a document for the query's two words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PairState {
    /// Real positions for every form of the words it holds, or forms that
    /// never share a field: its proximity bonus is exact.
    Real,
    /// The words stand side by side (placed so): its bonus is exact.
    Adjacent,
    /// The words are at least two tokens apart: at most half the bonus,
    /// which the cells (two tokens apart) give, so its score is an upper
    /// bound, half the bonus above the lower one.
    Apart,
    /// A form the lists do not cover may bring the words side by side:
    /// the cells place them so, and its score is the upper bound, the whole
    /// bonus above the lower one.
    Upper,
    /// The lists cannot tell, and the stand-ins are far apart: its score is
    /// the lower bound.
    Unknown,
}

/// The stand-in positions the pair lists call for, per document and term,
/// and the state of each document for the query's two words. (Sorted
/// vectors, not hash maps: the search-only wasm stays smaller.)
#[derive(Debug, Default)]
pub(super) struct Cells {
    /// Per term: (global document, position with its field bits), sorted.
    at: Vec<(String, Vec<(u32, u32)>)>,
    /// The forms of the two words the lists cover.
    covered: Vec<String>,
    /// Forms of the two words the ranking may match that the lists do not
    /// cover.
    uncovered: Vec<String>,
    /// The documents given cells for the two words, with what the cells
    /// say (side by side, at the upper bound, apart), by document.
    placed: Vec<(u32, PairState)>,
    /// True when a word pair is in use.
    pub(super) words: bool,
    /// The terms whose positions are the stand-ins and cells, even where
    /// known (see [`PairUses`]): the answered phrases' words, and every form
    /// of the two words while a word pair is in use.
    forced: Vec<String>,
}

impl Cells {
    /// The cells of `term` in document `doc` (positions with their field
    /// bits, increasing).
    pub(super) fn of(&self, term: &str, doc: u32) -> impl Iterator<Item = u32> + Clone + '_ {
        let list = self
            .at
            .iter()
            .find(|(t, _)| t == term)
            .map_or(&[][..], |(_, v)| v.as_slice());
        let lo = list.partition_point(|e| e.0 < doc);
        let hi = list.partition_point(|e| e.0 <= doc);
        list.get(lo..hi).unwrap_or(&[]).iter().map(|e| e.1)
    }

    /// True when `term`'s positions must be stand-ins and cells, even where
    /// known (a loaded fragment aside: it gives every term's).
    pub(super) fn forced(&self, term: &str) -> bool {
        self.forced.iter().any(|t| t == term)
    }

    /// Whether `term` is a form of the two words: `Some(true)` covered by
    /// the lists, `Some(false)` not covered, `None` not a form of them.
    pub(super) fn form(&self, term: &str) -> Option<bool> {
        if self.covered.iter().any(|t| t == term) {
            Some(true)
        } else if self.uncovered.iter().any(|t| t == term) {
            Some(false)
        } else {
            None
        }
    }

    /// Places `first` at cell `c` of field `f` in `doc`, `second` `gap`
    /// tokens after it; false when the field has no room left.
    fn place(
        &mut self,
        doc: u32,
        f: usize,
        c: u32,
        (first, second): (&str, &str),
        gap: u32,
    ) -> bool {
        let Some(field) = u8::try_from(f).ok().and_then(Field::from_index) else {
            return false;
        };
        if c >= GRID_ROOM {
            return false;
        }
        let p = make_pos(field, PAIR_BASE + c * STAND_IN_GAP);
        for (w, at) in [(first, p), (second, p + gap)] {
            match self.at.iter_mut().find(|(t, _)| t == w) {
                Some((_, v)) => v.push((doc, at)),
                None => self.at.push((w.to_string(), vec![(doc, at)])),
            }
        }
        true
    }

    /// A document's state from what its terms had: real positions for a
    /// form, stand-ins for a covered form, stand-ins for an uncovered one.
    pub(super) fn state(&self, doc: u32, real: bool, covered: bool, uncovered: bool) -> PairState {
        if real {
            // the fragment gives every form's positions (else, mixed with
            // stand-ins, no bound holds)
            return if covered || uncovered {
                PairState::Unknown
            } else {
                PairState::Real
            };
        }
        match self.placed.binary_search_by_key(&doc, |e| e.0) {
            Ok(i) => self.placed.get(i).map_or(PairState::Unknown, |e| e.1),
            // no form of one word shares the title or the text with a form
            // of the other: no bonus, exactly
            Err(_) => PairState::Real,
        }
    }
}

/// A query's candidates for the pair lists: its two required words (each
/// with whether it is the query's last), and its two-word phrases.
type Candidates<'q> = (Option<[(&'q str, bool); 2]>, Vec<(&'q str, &'q str)>);

/// The query's candidates for the pair lists, from the query alone: its
/// two required plain words (when it has exactly two, of different stems),
/// and its two-word phrases (a word in one phrase only).
fn candidates<'q>(ix: &ShardedIndex, q: &'q Query) -> Candidates<'q> {
    // an excluded phrase reads its words' real positions, which the cells
    // would take the place of
    let excluded_phrase = q.exclude.iter().any(|u| matches!(u, Unit::Phrase { .. }));
    if ix.manifest.pair_min_df == 0 || excluded_phrase {
        return (None, Vec::new());
    }
    let word = |c: &&'q Clause| match c.alts.as_slice() {
        [Unit::Word { term, fields, last }] if *fields == ALL_FIELDS => {
            Some((term.as_str(), *last))
        }
        _ => None,
    };
    let req: Vec<&Clause> = q.clauses.iter().filter(|c| !c.optional).collect();
    let words = match req.as_slice() {
        [a, b] => word(a).zip(word(b)).map(|(x, y)| [x, y]),
        _ => None,
    }
    .filter(|[x, y]| ix.stemmer.stem(x.0) != ix.stemmer.stem(y.0));
    // a phrase alone (its neighbours' proximity would need its positions)
    let mut phrases: Vec<(&str, &str)> = Vec::new();
    if let [c] = req.as_slice() {
        if let [Unit::Phrase { words, .. }] = c.alts.as_slice() {
            if let [(w0, o0), (w1, o1)] = words.as_slice() {
                if o0.checked_add(1) == Some(*o1) && w0 != w1 {
                    phrases.push((w0, w1));
                }
            }
        }
    }
    (words, phrases)
}

impl ShardedIndex {
    /// Sets the least stored bytes of positions files the pair lists must
    /// spare a query for the reader to use them ([`MIN_SPARED_BYTES`] by
    /// default; 0: whenever they answer). Results are the same either way;
    /// only what is fetched changes.
    pub fn set_pair_threshold(&mut self, bytes: u64) {
        self.pair_threshold = bytes;
    }

    /// The term shards of the lists under `prefix` (a group: see *Pairs*),
    /// as (first key, file): those whose first key is in the group, or else
    /// the one holding its first key. `None` when they are more than
    /// [`MAX_PAIR_SHARDS`], or when a term directory page must be read first
    /// (named in `missing`).
    fn pair_files(
        &self,
        prefix: &str,
        missing: &mut BTreeSet<String>,
    ) -> Option<Vec<(String, String)>> {
        let mut out = BTreeSet::new();
        let mut dirs = BTreeSet::new();
        let cap = MAX_PAIR_SHARDS + 2;
        self.shard_range(
            prefix,
            &format!("{prefix}\u{10FFFF}"),
            cap,
            &mut out,
            &mut dirs,
        );
        if !dirs.is_empty() {
            missing.extend(dirs);
            return None;
        }
        if out.len() >= cap {
            return None;
        }
        let inside: Vec<(String, String)> = out
            .iter()
            .filter(|(first, _)| first.starts_with(prefix))
            .cloned()
            .collect();
        if !inside.is_empty() {
            return Some(inside);
        }
        // the group, if any, lies within the shard holding its first key
        out.into_iter()
            .rev()
            .find(|(first, _)| first.as_str() <= prefix)
            .map(|x| vec![x])
    }

    /// What the pair lists can answer for `q`, judged from the loaded term
    /// shards `terms` (those of its words): both words paired, their lists
    /// within reach, and positions files of theirs not loaded yet, at least
    /// the threshold's worth. Where the lists answer, the
    /// words' known positions (inline, or a positions file loaded) give way
    /// to the cells, so that the two words' positions are all of one kind.
    pub(super) fn pair_uses(
        &self,
        q: &Query,
        terms: &[&Vec<ShardTerm>],
        missing: &mut BTreeSet<String>,
    ) -> PairUses {
        let mut uses = PairUses::default();
        let (words, phrases) = candidates(self, q);
        let find = |w: &str| terms.iter().flat_map(|t| t.iter()).find(|t| t.text == w);
        // a query word must be paired and frequent itself: a word in fewer
        // than the ranking's `KNOWN_DF` documents (5) also matches its typo
        // neighbours, which the lists do not cover
        let min = self.manifest.pair_min_df;
        let is_paired = |w: &str| find(w).is_some_and(|t| t.paired && t.df >= min);
        let stem = |w: &str| self.stemmer.stem(w);
        // the stored size of the positions files of `w`'s forms (its stem's
        // words when `family`), those not loaded yet
        let spared = |w: &str, family: bool| -> u64 {
            let s = stem(w);
            terms
                .iter()
                .flat_map(|t| t.iter())
                .filter(|t| !t.text.starts_with(['\u{1}', PAIR_MARK]))
                .filter(|t| t.text == w || (family && stem(&t.text) == s))
                .filter_map(|t| match t.positions {
                    Positions::File(h, size) if !self.files.contains_key(&positions_file(h)) => {
                        Some(size)
                    }
                    _ => None,
                })
                .sum()
        };
        // the lists answer only while some of those positions are not
        // loaded: once they all are (the last resort's positions files),
        // the real positions do
        let worth = |n: u64| n > 0 && n >= self.pair_threshold;
        if let Some([a, b]) = words {
            if is_paired(a.0) && is_paired(b.0) && worth(spared(a.0, true) + spared(b.0, true)) {
                let prefix = pair_prefix(&stem(a.0), &stem(b.0));
                if let Some(files) = self.pair_files(&prefix, missing) {
                    uses.files.extend(files);
                    uses.words = Some(WordPair {
                        words: [(a.0.to_string(), a.1), (b.0.to_string(), b.1)],
                        prefix,
                    });
                }
            }
        }
        for (a, b) in phrases {
            if !(is_paired(a) && is_paired(b) && worth(spared(a, false) + spared(b, false))) {
                continue;
            }
            if let Some(files) = self.pair_files(&pair_prefix(&stem(a), &stem(b)), missing) {
                uses.files.extend(files);
                uses.phrases.push((a.to_string(), b.to_string()));
            }
        }
        crate::text::sort::sort_by(&mut uses.files, Ord::cmp);
        uses.files.dedup();
        uses
    }

    /// The positions files, not loaded yet, of the words of `q`'s phrases
    /// (excluded ones too) that the pair lists in `uses` do not answer: a
    /// phrase needs its words' positions.
    pub(super) fn phrase_positions(
        &self,
        q: &Query,
        uses: &PairUses,
        terms: &[&Vec<ShardTerm>],
    ) -> Vec<String> {
        let listed = |w: &str| uses.phrases.iter().any(|(a, b)| a == w || b == w);
        let mut out = Vec::new();
        for u in q
            .clauses
            .iter()
            .flat_map(|c| c.alts.iter())
            .chain(&q.exclude)
        {
            let Unit::Phrase { words, .. } = u else {
                continue;
            };
            for (w, _) in words.iter().filter(|(w, _)| !listed(w)) {
                let t = terms.iter().flat_map(|t| t.iter()).find(|t| t.text == *w);
                if let Some(Positions::File(h, _)) = t.map(|t| &t.positions) {
                    let name = positions_file(*h);
                    if !self.files.contains_key(&name) && !out.contains(&name) {
                        out.push(name);
                    }
                }
            }
        }
        out
    }

    /// The cells `uses` calls for, from the loaded lists in `terms`, and
    /// the forms of the two words (see [`Cells`]). `opts` says whether the
    /// last word is also matched as a prefix.
    pub(super) fn pair_cells(
        &self,
        uses: &PairUses,
        terms: &[&Vec<ShardTerm>],
        opts: &SearchOptions,
    ) -> Cells {
        let mut cells = Cells::default();
        let all = || terms.iter().flat_map(|t| t.iter());
        let (mut tf, mut lens) = ([0u32; NFIELDS], [0u32; NFIELDS]);
        for (a, b) in &uses.phrases {
            cells.forced.push(a.clone());
            cells.forced.push(b.clone());
            let key = pair_key(&self.stemmer.stem(a), &self.stemmer.stem(b), a, b);
            // no list: no document has the phrase, and stand-ins never
            // form it
            let Some(t) = all().find(|t| t.text == key) else {
                continue;
            };
            let mut e = Entries::new(&t.postings);
            while let Some(d) = e.next(&mut tf, &mut lens) {
                for (f, &k) in tf.iter().enumerate() {
                    for c in 0..k {
                        cells.place(d, f, c, (a, b), 1);
                    }
                }
            }
        }
        if let Some(wp) = &uses.words {
            self.word_cells(wp, &mut cells, terms, opts);
        }
        for (_, v) in cells.at.iter_mut() {
            crate::text::sort::sort_by(v, Ord::cmp);
        }
        cells
    }

    /// The cells of the query's two words (see the module docs).
    fn word_cells(
        &self,
        wp: &WordPair,
        cells: &mut Cells,
        terms: &[&Vec<ShardTerm>],
        opts: &SearchOptions,
    ) {
        let all = || terms.iter().flat_map(|t| t.iter());
        let words = || all().filter(|t| !t.text.starts_with(['\u{1}', PAIR_MARK]));
        let (mut tf, mut lens) = ([0u32; NFIELDS], [0u32; NFIELDS]);
        // per side: the forms the lists cover (paired words of the stem),
        // and every form the ranking may match (its stem's words, and for a
        // last word matched as a prefix, the words it begins: one it does
        // not pick, past its most frequent, is inert in a cell, so a
        // superset is safe)
        let mut sides: [Vec<&str>; 2] = Default::default();
        let mut family: [Vec<&str>; 2] = Default::default();
        for ((side, fam), (w, last)) in sides.iter_mut().zip(family.iter_mut()).zip(&wp.words) {
            let s = self.stemmer.stem(w);
            for t in words() {
                let same = self.stemmer.stem(&t.text) == s;
                let expansion = *last && opts.prefix && t.text.starts_with(w.as_str());
                if same || expansion {
                    fam.push(&t.text);
                }
                if same && t.paired {
                    side.push(&t.text);
                } else if same || expansion {
                    cells.uncovered.push(t.text.clone());
                }
            }
        }
        // a form the ranking may match for the other word too (a prefix
        // expansion) is not one the lists can speak for
        for s in sides.iter_mut() {
            s.retain(|w| !cells.uncovered.iter().any(|u| u == w));
        }
        let [sa, sb] = &sides;
        cells.words = true;
        // side by side, from the lists (title or text: proximity counts
        // those only): (document, field, first, second)
        let mut adjacent: Vec<(u32, usize, &str, &str)> = Vec::new();
        for t in all().filter(|t| t.text.starts_with(wp.prefix.as_str())) {
            let Some((x, y)) = pair_words(&t.text, &wp.prefix) else {
                continue;
            };
            let ours = (sa.contains(&x) && sb.contains(&y)) || (sb.contains(&x) && sa.contains(&y));
            if !ours {
                continue;
            }
            let mut e = Entries::new(&t.postings);
            while let Some(d) = e.next(&mut tf, &mut lens) {
                let f = [Field::Title as usize, Field::Body as usize]
                    .into_iter()
                    .find(|&f| tf.get(f).is_some_and(|&n| n > 0));
                if let Some(f) = f {
                    adjacent.push((d, f, x, y));
                }
            }
        }
        crate::text::sort::sort_by(&mut adjacent, |a, b| a.0.cmp(&b.0));
        adjacent.dedup_by_key(|a| a.0);
        for &(d, f, x, y) in &adjacent {
            if cells.place(d, f, 0, (x, y), 1) {
                cells.placed.push((d, PairState::Adjacent));
            }
        }
        // elsewhere the stand-ins go where the score is the upper bound:
        // two tokens apart where the lists say the words are not side by
        // side, side by side where a form they do not cover may be; in a
        // field that holds a form of each word. In no common field, no
        // bonus at all: exact. (document, side, field, form)
        let mut held: Vec<(u32, usize, usize, &str)> = Vec::new();
        let mut unknown: Vec<u32> = Vec::new();
        for (k, fam) in family.iter().enumerate() {
            for t in words().filter(|t| fam.contains(&t.text.as_str())) {
                let uncovered = cells.uncovered.contains(&t.text);
                let mut e = Entries::new(&t.postings);
                while let Some(d) = e.next(&mut tf, &mut lens) {
                    for f in [Field::Title as usize, Field::Body as usize] {
                        if tf.get(f).is_some_and(|&n| n > 0) {
                            held.push((d, k, f, &t.text));
                            if uncovered {
                                unknown.push(d);
                            }
                        }
                    }
                }
            }
        }
        crate::text::sort::sort_by(&mut held, |a, b| (a.0, a.2, a.1).cmp(&(b.0, b.2, b.1)));
        crate::text::sort::sort_by(&mut unknown, Ord::cmp);
        unknown.dedup();
        let mut placed: Vec<(u32, PairState)> = Vec::new();
        for group in held.chunk_by(|a, b| a.0 == b.0) {
            let Some(&(d, ..)) = group.first() else {
                continue;
            };
            if adjacent.binary_search_by_key(&d, |a| a.0).is_ok() {
                continue;
            }
            // the first field holding a form of each side
            let common = [Field::Title as usize, Field::Body as usize]
                .into_iter()
                .find_map(|f| {
                    let of = |k: usize| group.iter().find(|h| h.2 == f && h.1 == k).map(|h| h.3);
                    Some((f, of(0)?, of(1)?))
                });
            let Some((f, x, y)) = common else { continue };
            let (state, gap) = if unknown.binary_search(&d).is_ok() {
                (PairState::Upper, 1)
            } else {
                (PairState::Apart, 2)
            };
            if cells.place(d, f, 0, (x, y), gap) {
                placed.push((d, state));
            }
        }
        cells.placed.extend(placed);
        crate::text::sort::sort_by(&mut cells.placed, |a, b| a.0.cmp(&b.0));
        cells.covered = sa.iter().chain(sb.iter()).map(|w| w.to_string()).collect();
        cells.forced.extend(cells.covered.iter().cloned());
        cells.forced.extend(cells.uncovered.iter().cloned());
    }
}
