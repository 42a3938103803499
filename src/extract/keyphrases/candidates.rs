//! Candidate phrases: what could be a keyphrase, and everything the scorer
//! needs to know about each one.
//!
//! A candidate is a run of one to four content words inside a sentence, with
//! no stop word at either edge and only `of` / `and` / `de` / `for` inside
//! (`Ministry of Defence`), written as contiguous text. Each run is keyed by
//! the stems of its words ([`Stems`]: `missile` and `missiles` are one key),
//! and all runs with one key are gathered into an [`Agg`]: where the phrase
//! occurs, in which sentences, how it is written, how often capitalized.
//!
//! Entity mentions are candidates too, whole: a run that cuts through a
//! mention (`Jong Un` of `Kim Jong Un`) is not gathered, and the mention
//! itself is, tied to its entity.
//!
//! The stop set is the base list ([`is_stop_word`]) plus `data/stop_extra.txt`
//! (reporting verbs, time words, titles, page furniture, ...), less the base
//! list's lone letter `s`, which this list never had.

use crate::extract::{EntityRef, FxMap, WordSet};
use crate::text::{is_stop_word, stem_word, TextLayer, Token, TokenKind};
use std::ops::Range;

/// Irregular verb forms that end a phrase (`ICBM flew`).
static VERBS: WordSet = WordSet::from_lines(include_str!("data/verbs.txt"));

/// Keyphrase stop words beyond the base stop list.
static STOP_EXTRA: WordSet = WordSet::from_lines(include_str!("data/stop_extra.txt"));

/// True for a folded word that never starts or ends a keyphrase.
pub(super) fn is_stop(norm: &str) -> bool {
    (is_stop_word(norm) && norm != "s") || STOP_EXTRA.contains(norm)
}

/// Stems of each token as ids into a table of distinct stems (`NONE` for
/// tokens that cannot be in a keyphrase); each distinct word is stemmed once.
/// With them, what [`candidates`] asks of each word ([`Word`] flags), worked
/// out once per distinct word too: the candidate passes look at each token up
/// to four times each.
pub(super) struct Stems {
    ids: Vec<u32>,
    table: Vec<String>,
    /// [`Word`] flags of each token.
    words: Vec<u8>,
}

/// What a folded word can be in a candidate phrase (bits of [`Stems::words`]).
struct Word;

impl Word {
    /// A content word: a word token with a stem, two letters or more, not a link.
    const CONTENT: u8 = 1;
    /// A stop word ([`is_stop`]).
    const STOP: u8 = 2;
    /// A stop word that may join a phrase's words (`of`, `and`, `de`, `for`).
    const JOINER: u8 = 4;
    /// An adverb or a verb form: never in a phrase unless capitalized.
    const NEVER: u8 = 8;
    /// A past tense or participle (5 letters or more).
    const PAST: u8 = 16;
    /// A form in -ing (5 letters or more, not a past).
    const ING: u8 = 32;

    /// The flags of a word token with folded form `w` and stem id `id`.
    fn flags(w: &str, id: u32) -> u8 {
        let mut f = 0;
        if id != NONE
            && w.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !w.starts_with("http")
        {
            f |= Word::CONTENT;
        }
        if is_stop(w) {
            f |= Word::STOP;
            if matches!(w, "of" | "and" | "de" | "for") {
                f |= Word::JOINER;
            }
        }
        if w.len() > 4 && w.ends_with("ly") && !w.ends_with("ply") || VERBS.contains(w) {
            f |= Word::NEVER;
        }
        let past = w.ends_with("ed") && !w.ends_with("eed") && w != "hundred";
        if w.len() > 4 && past {
            f |= Word::PAST;
        } else if w.len() > 4 && w.ends_with("ing") {
            f |= Word::ING;
        }
        f
    }
}

/// The stem id of a token that cannot be in a keyphrase.
const NONE: u32 = u32::MAX;

impl Stems {
    /// Stems every word token of `tokens`.
    pub(super) fn new(tokens: &[Token]) -> Stems {
        let mut by_norm: FxMap<&str, (u32, u8)> = FxMap::default();
        let mut by_stem: FxMap<String, u32> = FxMap::default();
        let mut table: Vec<String> = Vec::new();
        // sized once: a long text's per-token arrays are what this costs
        let mut ids = Vec::with_capacity(tokens.len());
        let mut words = Vec::with_capacity(tokens.len());
        for (id, word) in tokens.iter().map(|t| {
            if t.kind != TokenKind::Word {
                return (NONE, 0);
            }
            if let Some(&known) = by_norm.get(t.norm.as_str()) {
                return known;
            }
            let stem = stem_word(&t.norm);
            let id = if stem.is_empty() {
                NONE
            } else {
                let stem = stem.to_string();
                match by_stem.get(&stem) {
                    Some(&id) => id,
                    None => {
                        let id = table.len() as u32;
                        table.push(stem.clone());
                        by_stem.insert(stem, id);
                        id
                    }
                }
            };
            let known = (id, Word::flags(&t.norm, id));
            by_norm.insert(t.norm.as_str(), known);
            known
        }) {
            ids.push(id);
            words.push(word);
        }
        Stems { ids, table, words }
    }

    /// How many distinct stems there are (stem ids are `0..len`).
    pub(super) fn len(&self) -> usize {
        self.table.len()
    }

    /// The [`Word`] flags of token `i` (none for a token out of range).
    fn word(&self, i: usize) -> u8 {
        self.words.get(i).copied().unwrap_or(0)
    }

    /// True when token `i` has a stem.
    fn has(&self, i: usize) -> bool {
        self.ids.get(i).is_some_and(|&id| id != NONE)
    }

    /// The stem with id `id` (`""` for none).
    pub(super) fn stem_of(&self, id: u32) -> &str {
        self.table.get(id as usize).map_or("", String::as_str)
    }

    /// The space-joined stems of a key.
    pub(super) fn key_string(&self, key: &Key) -> String {
        let mut s = String::new();
        for &id in &key.0[..key.1 as usize] {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(self.table.get(id as usize).map_or("", String::as_str));
        }
        s
    }
}

/// A phrase key: up to four stem ids and how many there are.
pub(super) type Key = ([u32; 4], u8);

/// One occurrence of a candidate phrase.
pub(super) struct Cand {
    /// The stems of its words.
    pub(super) key: Key,
    /// Its tokens.
    pub(super) tokens: Range<usize>,
    /// The sentence it is in.
    sentence: usize,
}

/// How a word may sit in a noun phrase, by its shape (there is no
/// part-of-speech tagger; closed-class lists and suffixes stand in for one).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// Anywhere.
    Any,
    /// Only first (a participle or gerund as a modifier: `armed forces`).
    First,
    /// Nowhere: the phrase ends before it (an adverb, a verb after a name).
    Never,
}

/// Where token `i` (with [`Word`] flags `word`) may sit in a phrase that
/// starts at `s`, in a sentence that starts at `first`.
fn slot(text: &str, toks: &[Token], word: u8, first: usize, s: usize, i: usize) -> Slot {
    if word & (Word::NEVER | Word::PAST | Word::ING) == 0 || toks[i].is_capitalized(text) {
        return Slot::Any;
    }
    if word & Word::NEVER != 0 {
        return Slot::Never;
    }
    // a past tense or participle after a name is a verb: `Sunak visited Leeds`
    let after_name = i > s && i - 1 > first && toks[i - 1].is_capitalized(text);
    if after_name {
        Slot::Never
    } else if word & Word::PAST != 0 {
        Slot::First
    } else {
        Slot::Any
    }
}

/// Candidate phrases: runs of 1–4 content words inside a sentence, no stop
/// word at the edges, `of` / `and` allowed inside, no adverb and no verb
/// after a name (`visited` in `Sunak visited Leeds`), a past participle only
/// as the first word.
pub(super) fn candidates(text: &str, layer: &TextLayer, stems: &Stems, mut out: impl FnMut(Cand)) {
    let toks = &layer.tokens;
    for (si, sr) in layer.sentence_tokens.iter().enumerate() {
        for s in sr.clone() {
            let ws = stems.word(s);
            if ws & Word::CONTENT == 0 || ws & Word::STOP != 0 {
                continue;
            }
            let first_slot = slot(text, toks, ws, sr.start, s, s);
            if first_slot == Slot::Never {
                continue;
            }
            let mut key: Key = ([NONE; 4], 0);
            for e in s..(s + 4).min(sr.end) {
                let we = stems.word(e);
                if we & Word::CONTENT == 0 {
                    break;
                }
                // no gap: the run must be contiguous text (a single space)
                if e > s && toks[e].start > toks[e - 1].end + 1 {
                    break;
                }
                let inner = we & Word::STOP != 0;
                if inner && we & Word::JOINER == 0 {
                    break;
                }
                let sl = slot(text, toks, we, sr.start, s, e);
                if sl == Slot::Never || (e > s && sl == Slot::First) {
                    break;
                }
                key.0[key.1 as usize] = stems.ids[e];
                key.1 += 1;
                // a participle is a modifier, never a keyphrase alone
                let participle_alone = e == s && first_slot == Slot::First;
                if !inner && !participle_alone {
                    out(Cand {
                        key,
                        tokens: s..e + 1,
                        sentence: si,
                    });
                }
            }
        }
    }
}

/// Words after which a lower-case word is a verb: modals, `to`, `not`,
/// subject pronouns (`will tolerate`, `to detain`, `it contains`).
const VERB_CUES: [&str; 24] = [
    "to", "will", "would", "can", "could", "may", "might", "must", "shall", "should", "not", "n't",
    "did", "does", "do", "he", "she", "they", "we", "i", "it", "who", "never", "cannot",
];

/// Per stem id, `(how often in one use, how often written in lower case at all)`.
pub(super) type StemCounts = Vec<(u32, u32)>;

/// Two counts of each stem's lower-case content words, in one pass, as
/// arrays indexed by stem id:
/// - as a modifier (followed by another content word of a phrase: `illegal`
///   in `illegal aliens`): a word that is nearly always a modifier is an
///   adjective, never a keyphrase alone;
/// - right after a verb cue ([`VERB_CUES`]): a word the article mostly writes
///   as a verb (`tolerate`, `detain`) is no topic alone.
pub(super) fn lower_case_counts(
    text: &str,
    layer: &TextLayer,
    stems: &Stems,
) -> (StemCounts, StemCounts) {
    let toks = &layer.tokens;
    let mut modifiers: StemCounts = vec![(0, 0); stems.len()];
    let mut verbs: StemCounts = vec![(0, 0); stems.len()];
    for sr in &layer.sentence_tokens {
        for i in sr.clone() {
            let t = &toks[i];
            // (a token with a stem is a word; its flags say whether it is a stop word)
            if !stems.has(i) || stems.word(i) & Word::STOP != 0 || t.is_capitalized(text) {
                continue;
            }
            let next_content = i + 1 < sr.end
                && toks[i + 1].start <= t.end + 1
                && stems.has(i + 1)
                && stems.word(i + 1) & Word::STOP == 0;
            let cue = i > sr.start && VERB_CUES.contains(&toks[i - 1].norm.as_str());
            let id = stems.ids[i] as usize;
            for (m, hit) in [(&mut modifiers, next_content), (&mut verbs, cue)] {
                if let Some(e) = m.get_mut(id) {
                    e.1 += 1;
                    if hit {
                        e.0 += 1;
                    }
                }
            }
        }
    }
    (modifiers, verbs)
}

/// Everything known about one candidate phrase (all its occurrences).
#[derive(Default)]
pub(super) struct Agg<'a> {
    /// Token ranges of its occurrences.
    pub(super) occ: Vec<Range<usize>>,
    /// First sentence it occurs in.
    pub(super) first: Option<usize>,
    /// Last sentence it occurs in.
    pub(super) last: usize,
    /// Its written forms and how often each is seen (see [`count_surface`]).
    pub(super) surfaces: Vec<(&'a str, usize)>,
    /// How many occurrences are written capitalized.
    pub(super) capitalized: usize,
    /// The entity it is a mention of, if any (index into the entities).
    pub(super) entity: Option<usize>,
}

impl<'a> Agg<'a> {
    fn saw_sentence(&mut self, s: usize) {
        self.first = Some(self.first.map_or(s, |f| f.min(s)));
        self.last = self.last.max(s);
    }

    /// Counts one more written form of the phrase (a handful of forms at most).
    fn count_surface(&mut self, s: &'a str) {
        if let Some(x) = self.surfaces.iter_mut().find(|x| x.0 == s) {
            x.1 += 1;
        } else if self.surfaces.len() < 8 {
            self.surfaces.push((s, 1));
        }
    }
}

/// The distinct phrase keys of one text, numbered from 0 in the order they
/// were first met: each key a run of stem ids (up to four for a candidate,
/// any number for an entity's mention), all of them in one array. A key id
/// stands for the phrase everywhere after gathering (aggregates, scores,
/// selection); its text, the space-joined stems, is never built unless a
/// caller asks ([`Keys::string`]) — it is only compared, byte by byte, to
/// break ties ([`Keys::cmp_text`]).
#[derive(Default)]
pub(super) struct Keys {
    /// The stem ids of every key, one key after another.
    ids: Vec<u32>,
    /// Where each key ends in `ids` (key `k` starts where key `k - 1` ends).
    ends: Vec<u32>,
}

impl Keys {
    /// Adds a key; returns its id.
    fn push(&mut self, stems: &[u32]) -> u32 {
        self.ids.extend_from_slice(stems);
        self.ends.push(self.ids.len() as u32);
        (self.ends.len() - 1) as u32
    }

    /// How many keys there are.
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The stem ids of key `k` (none for an unknown id).
    pub(super) fn get(&self, k: u32) -> &[u32] {
        let k = k as usize;
        let end = self.ends.get(k).map_or(0, |&e| e as usize);
        let start = match k.checked_sub(1) {
            Some(p) => self.ends.get(p).map_or(end, |&e| e as usize),
            None => 0,
        };
        self.ids.get(start..end).unwrap_or(&[])
    }

    /// The bytes of key `k`'s text (its stems joined by spaces), without
    /// building it.
    fn bytes<'s>(&'s self, k: u32, stems: &'s Stems) -> impl Iterator<Item = u8> + 's {
        self.get(k).iter().enumerate().flat_map(move |(i, &s)| {
            let sep: &[u8] = if i == 0 { b"" } else { b" " };
            sep.iter().chain(stems.stem_of(s).as_bytes()).copied()
        })
    }

    /// Keys `a` and `b` in the order of their texts (as `str` orders them).
    pub(super) fn cmp_text(&self, a: u32, b: u32, stems: &Stems) -> std::cmp::Ordering {
        self.bytes(a, stems).cmp(self.bytes(b, stems))
    }

    /// The text of key `k`: its stems joined by spaces.
    pub(super) fn string(&self, k: u32, stems: &Stems) -> String {
        let mut s = String::new();
        for &id in self.get(k) {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(stems.stem_of(id));
        }
        s
    }
}

/// True when `short` occurs in `long` as a run of whole words and is shorter
/// (`census` in `1990 census`).
pub(super) fn is_inner_run(short: &[u32], long: &[u32]) -> bool {
    !short.is_empty() && short.len() < long.len() && long.windows(short.len()).any(|w| w == short)
}

/// Every candidate phrase of a text, by key id.
pub(super) struct Gathered<'a> {
    /// The keys.
    pub(super) keys: Keys,
    /// What is known about each key, by key id.
    pub(super) aggs: Vec<Agg<'a>>,
}

impl Gathered<'_> {
    /// True when nothing was gathered.
    pub(super) fn is_empty(&self) -> bool {
        self.aggs.is_empty()
    }

    /// The aggregate of key `k`, if there is one.
    pub(super) fn agg(&self, k: u32) -> Option<&Agg<'_>> {
        self.aggs.get(k as usize)
    }

    /// How often the phrase of key `k` occurs (0 for an unknown id).
    pub(super) fn occurrences(&self, k: u32) -> usize {
        self.agg(k).map_or(0, |a| a.occ.len())
    }
}

/// The tokens a mention's byte range covers.
fn mention_tokens(toks: &[Token], m: &Range<usize>) -> Range<usize> {
    let ts = toks.partition_point(|t| t.end <= m.start);
    let te = toks.partition_point(|t| t.start < m.end);
    ts..te
}

/// Gathers every candidate phrase of `text` and every entity mention by key
/// (the stems of its words), each key numbered once.
pub(super) fn gather<'a>(
    text: &'a str,
    layer: &TextLayer,
    stems: &Stems,
    entities: &[EntityRef],
) -> Gathered<'a> {
    let toks = &layer.tokens;
    // tokens inside entity mentions: only the whole mention is a candidate
    // there (per token, the index of the last mention over it)
    let mut mentions: Vec<Range<usize>> = Vec::new();
    let mut in_mention: Vec<u32> = Vec::new();
    for e in entities {
        for m in &e.mentions {
            let r = mention_tokens(toks, m);
            if r.start >= r.end || r.end > toks.len() {
                continue;
            }
            if in_mention.is_empty() {
                in_mention = vec![NONE; toks.len()];
            }
            let mi = mentions.len() as u32;
            for slot in &mut in_mention[r.clone()] {
                *slot = mi;
            }
            mentions.push(r);
        }
    }
    // first pass: how often each phrase occurs; in a long text (over
    // LONG_KEYS distinct phrases) a phrase seen once outside the lead cannot
    // be a keyphrase and is not gathered. A token starts at most four
    // candidates, so a text of at most LONG_KEYS / 4 tokens cannot be long:
    // an article skips the pass.
    const LONG_KEYS: usize = 20_000;
    let mut counts: FxMap<Key, u32> = FxMap::default();
    if toks.len().saturating_mul(4) > LONG_KEYS {
        candidates(text, layer, stems, |c| {
            let n = counts.entry(c.key).or_insert(0);
            *n += if c.sentence < 3 { 2 } else { 1 };
        });
    }
    let long = counts.len() > LONG_KEYS;
    // In a long text only the phrases counted twice are kept: the count map
    // shrinks to them before the second pass, and what the second pass fills
    // is sized once, to at most the keys it can meet (no table or array
    // doubling while the largest structures of this stage are all live: on
    // a long text this stage sets the analysis's peak memory).
    let room = if long {
        counts.retain(|_, n| *n >= 2);
        counts.shrink_to_fit();
        counts.len()
    } else {
        counts.len()
    };
    let mut g = Gathered {
        keys: Keys::default(),
        aggs: Vec::with_capacity(room),
    };
    let mut ids: FxMap<Key, u32> = FxMap::default();
    ids.reserve(room);
    candidates(text, layer, stems, |c| {
        if long && !counts.contains_key(&c.key) {
            return;
        }
        let partial = c.tokens.clone().any(|i| {
            in_mention
                .get(i)
                .and_then(|&m| mentions.get(m as usize))
                .is_some_and(|m| !(c.tokens.start <= m.start && c.tokens.end >= m.end))
        });
        if partial {
            return;
        }
        let k = *ids.entry(c.key).or_insert_with(|| {
            g.aggs.push(Agg::default());
            g.keys.push(&c.key.0[..c.key.1 as usize])
        });
        let a = &mut g.aggs[k as usize];
        let s = toks[c.tokens.start].start;
        let e = toks[c.tokens.end - 1].end;
        a.count_surface(text.get(s..e).unwrap_or(""));
        // (a candidate's tokens are words, whose flags say which are stop words)
        if c.tokens
            .clone()
            .filter(|&i| stems.word(i) & Word::STOP == 0)
            .all(|i| toks[i].is_capitalized(text))
        {
            a.capitalized += 1;
        }
        a.occ.push(c.tokens);
        a.saw_sentence(c.sentence);
    });
    drop(counts);
    drop(in_mention);
    add_entities(text, layer, stems, entities, &mut g, ids);
    g
}

/// Entities: their mentions are candidates too, tied to the entity (a
/// mention keyed like a candidate phrase joins it). A phrase's occurrences
/// are looked up in a set once it has many, so this stays linear in the
/// mentions on hostile text.
fn add_entities<'a>(
    text: &'a str,
    layer: &TextLayer,
    stems: &Stems,
    entities: &[EntityRef],
    g: &mut Gathered<'a>,
    mut ids: FxMap<Key, u32>,
) {
    let toks = &layer.tokens;
    // keys of more than four stems (only mentions have them)
    let mut long_ids: FxMap<Vec<u32>, u32> = FxMap::default();
    let mut occ_sets: FxMap<u32, crate::text::hash::FxSet<(usize, usize)>> = FxMap::default();
    let mut key: Vec<u32> = Vec::new();
    for (ei, e) in entities.iter().enumerate() {
        for m in &e.mentions {
            let Range { start: ts, end: te } = mention_tokens(toks, m);
            if ts >= te {
                continue;
            }
            key.clear();
            key.extend(
                (ts..te)
                    .filter(|&i| stems.has(i) && stems.word(i) & Word::STOP == 0)
                    .map(|i| stems.ids[i]),
            );
            if key.is_empty() {
                continue;
            }
            let (keys, aggs) = (&mut g.keys, &mut g.aggs);
            let mut new = || {
                aggs.push(Agg::default());
                keys.push(&key)
            };
            let k = if key.len() <= 4 {
                let mut short: Key = ([NONE; 4], key.len() as u8);
                short.0[..key.len()].copy_from_slice(&key);
                *ids.entry(short).or_insert_with(new)
            } else if let Some(&k) = long_ids.get(&key) {
                k
            } else {
                let k = new();
                long_ids.insert(key.clone(), k);
                k
            };
            let a = &mut g.aggs[k as usize];
            a.entity = Some(ei);
            let seen = if a.occ.len() < 32 {
                a.occ.iter().any(|r| r.start == ts && r.end == te)
            } else {
                let set = occ_sets
                    .entry(k)
                    .or_insert_with(|| a.occ.iter().map(|r| (r.start, r.end)).collect());
                !set.insert((ts, te))
            };
            if !seen {
                a.occ.push(ts..te);
                a.saw_sentence(layer.sentence_of_token(ts).unwrap_or(0));
                a.count_surface(text.get(toks[ts].start..toks[te - 1].end).unwrap_or(""));
                a.capitalized += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A news text whose candidates include phrases inside others, acronyms
    /// and stems that are prefixes of others (`nation`, `nation's`).
    const NEWS: &str = "North Korea fired an intercontinental ballistic missile (ICBM) \
        on Friday. The ballistic missile flew for 70 minutes, the third ICBM test this \
        year. The nation's leader, Kim Jong Un, watched the launch; the nations of the \
        region condemned the missile tests, and the United Nations Security Council met.";

    #[test]
    fn key_ids_order_and_nest_as_their_texts_do() {
        let layer = TextLayer::new(NEWS);
        let stems = Stems::new(&layer.tokens);
        let g = gather(NEWS, &layer, &stems, &[]);
        let n = g.keys.len() as u32;
        assert!(n > 20, "{n} keys");
        let text: Vec<String> = (0..n).map(|k| g.keys.string(k, &stems)).collect();
        assert!(text.contains(&"ballist missil".to_string()), "{text:?}");
        let mut nested = 0;
        for a in 0..n {
            for b in 0..n {
                let (ta, tb) = (&text[a as usize], &text[b as usize]);
                assert_eq!(g.keys.cmp_text(a, b, &stems), ta.cmp(tb), "{ta} / {tb}");
                let inner = tb.len() > ta.len() && format!(" {tb} ").contains(&format!(" {ta} "));
                assert_eq!(
                    is_inner_run(g.keys.get(a), g.keys.get(b)),
                    inner,
                    "{ta} / {tb}"
                );
                nested += usize::from(inner);
            }
        }
        assert!(nested > 10, "{nested} nested pairs");
        // one key per text: no two ids for one phrase
        let mut sorted = text.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), text.len());
    }

    #[test]
    fn stop_set_is_the_base_list_plus_extras() {
        // extras add to the base list, never repeat it
        assert!(STOP_EXTRA.iter().all(|w| !is_stop_word(w)));
        let base = crate::text::stopwords::stop_words().filter(|w| *w != "s");
        // the keyphrase stop set had 449 distinct words before it was split
        assert_eq!(base.count() + STOP_EXTRA.len(), 449);
        for w in ["the", "'s", "said", "mr.", "reuters", "percent", "monday"] {
            assert!(is_stop(w), "{w}");
        }
        for w in ["s", "missile", "election"] {
            assert!(!is_stop(w), "{w}");
        }
    }
}
