//! Keyphrases: the words and phrases an article is about.
//!
//! Candidates are noun-phrase-like runs of the text layer's tokens (one to four
//! words, no stop word at either edge, no punctuation inside) plus the given
//! entities' mentions. Each candidate is keyed by its Porter (Snowball English)
//! stems, so `missile` and `missiles` are one candidate, and scored by
//! frequency, position of first occurrence, spread, cohesion (how much more
//! often the words occur together than apart), capitalization and entity
//! salience; corpus document frequencies ([`DocFreqs`]), when given, weigh
//! what makes this article different. Acronyms are merged with their
//! expansions (`ICBM` / `intercontinental ballistic missile`), and phrases
//! that only ever occur inside a better one are dropped.

use super::{EntityRef, FxMap};
use crate::text::{TextLayer, Token, TokenKind};
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashMap;
use std::ops::Range;

/// A keyphrase with its score and occurrences (byte ranges).
#[derive(Debug, Clone, PartialEq)]
pub struct Keyphrase {
    /// The phrase as it is most often written in the text.
    pub text: String,
    /// Score (higher is more important); comparable within one article.
    pub score: f64,
    /// Byte ranges of its occurrences, in text order.
    pub occurrences: Vec<Range<usize>>,
}

/// Document frequencies of candidate phrases over a corpus: what a loaded
/// collection of articles says is common, so an article's own topics stand out.
#[derive(Debug, Clone, Default)]
pub struct DocFreqs {
    docs: u32,
    df: HashMap<String, u32>,
}

impl DocFreqs {
    /// An empty table.
    pub fn new() -> DocFreqs {
        DocFreqs::default()
    }

    /// Builds the table from many texts.
    pub fn from_texts<'a, I: IntoIterator<Item = &'a str>>(texts: I) -> DocFreqs {
        let mut d = DocFreqs::new();
        for t in texts {
            d.add_text(t);
        }
        d
    }

    /// Counts the candidate phrases of one more text.
    pub fn add_text(&mut self, text: &str) {
        let layer = TextLayer::new(text);
        let stems = Stems::new(&layer.tokens);
        let mut keys: Vec<Key> = Vec::new();
        candidates(text, &layer, &stems, |c| keys.push(c.key));
        keys.sort_unstable();
        keys.dedup();
        for k in keys {
            *self.df.entry(stems.key_string(&k)).or_insert(0) += 1;
        }
        self.docs += 1;
    }

    /// Number of texts counted.
    pub fn docs(&self) -> u32 {
        self.docs
    }

    /// In how many texts the phrase key (space-joined stems) occurs.
    pub fn df(&self, key: &str) -> u32 {
        self.df.get(key).copied().unwrap_or(0)
    }

    /// Smoothed inverse document frequency of a phrase key.
    pub fn idf(&self, key: &str) -> f64 {
        let n = f64::from(self.docs);
        let df = f64::from(self.df(key));
        ((n + 1.0) / (df + 1.0)).ln() + 1.0
    }
}

/// English stop words (folded): never at the edge of a keyphrase.
const STOP: &[&str] = &[
    "a",
    "about",
    "above",
    "across",
    "after",
    "afterwards",
    "again",
    "against",
    "ago",
    "all",
    "almost",
    "alone",
    "along",
    "already",
    "also",
    "although",
    "always",
    "am",
    "among",
    "amongst",
    "an",
    "and",
    "another",
    "any",
    "anyone",
    "anything",
    "anyway",
    "are",
    "around",
    "as",
    "at",
    "back",
    "be",
    "became",
    "because",
    "become",
    "becomes",
    "been",
    "before",
    "behind",
    "being",
    "below",
    "beside",
    "besides",
    "between",
    "beyond",
    "both",
    "but",
    "by",
    "can",
    "cannot",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "done",
    "down",
    "due",
    "during",
    "each",
    "either",
    "else",
    "elsewhere",
    "enough",
    "even",
    "ever",
    "every",
    "everyone",
    "everything",
    "except",
    "few",
    "for",
    "former",
    "formerly",
    "from",
    "further",
    "get",
    "gets",
    "getting",
    "give",
    "given",
    "go",
    "goes",
    "going",
    "gone",
    "got",
    "had",
    "has",
    "have",
    "having",
    "he",
    "hence",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "including",
    "indeed",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "last",
    "later",
    "latter",
    "least",
    "less",
    "like",
    "made",
    "make",
    "makes",
    "many",
    "may",
    "me",
    "meanwhile",
    "might",
    "more",
    "moreover",
    "most",
    "mostly",
    "much",
    "must",
    "my",
    "myself",
    "near",
    "nearly",
    "neither",
    "never",
    "nevertheless",
    "new",
    "next",
    "no",
    "nobody",
    "none",
    "nor",
    "not",
    "nothing",
    "now",
    "nowhere",
    "of",
    "off",
    "often",
    "on",
    "once",
    "one",
    "only",
    "onto",
    "or",
    "other",
    "others",
    "otherwise",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "per",
    "perhaps",
    "please",
    "put",
    "rather",
    "re",
    "really",
    "same",
    "say",
    "says",
    "said",
    "saying",
    "see",
    "seem",
    "seemed",
    "seems",
    "several",
    "she",
    "should",
    "since",
    "so",
    "some",
    "someone",
    "something",
    "sometimes",
    "somewhere",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "thereby",
    "therefore",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "throughout",
    "thus",
    "to",
    "together",
    "too",
    "toward",
    "towards",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "via",
    "was",
    "we",
    "well",
    "were",
    "what",
    "whatever",
    "when",
    "whence",
    "whenever",
    "where",
    "whereas",
    "wherever",
    "whether",
    "which",
    "while",
    "who",
    "whoever",
    "whole",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
    "'s",
    "n't",
    "'re",
    "'ve",
    "'ll",
    "'d",
    "'m",
    "told",
    "tell",
    "tells",
    "added",
    "add",
    "adds",
    "according",
    "asked",
    "ask",
    "took",
    "take",
    "takes",
    "taken",
    "came",
    "come",
    "comes",
    "went",
    "want",
    "wants",
    "wanted",
    "used",
    "use",
    "uses",
    "using",
    "year",
    "years",
    "day",
    "days",
    "time",
    "times",
    "week",
    "weeks",
    "month",
    "months",
    "today",
    "yesterday",
    "tomorrow",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "dr",
    "dr.",
    "lot",
    "lots",
    "way",
    "ways",
    "thing",
    "things",
    "part",
    "first",
    "second",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "many",
    "make",
    "known",
    "think",
    "thought",
    "believe",
    "believed",
    "says",
    "added",
    "show",
    "showed",
    "shown",
    "showing",
    "set",
    "including",
    "told",
    "found",
    "find",
    "called",
    "call",
    "people",
    "able",
    "around",
    "around",
    "earlier",
    "recent",
    "recently",
    "big",
    "good",
    "great",
    "high",
    "long",
    "large",
    "small",
    "little",
    "old",
    "early",
    "late",
    "major",
    "top",
    "another",
    "based",
    "left",
    "right",
    "end",
    "keep",
    "kept",
    "let",
    "likely",
    "look",
    "looked",
    "looking",
    "need",
    "needs",
    "needed",
    "may",
    "saw",
    "seen",
    "tried",
    "try",
    "trying",
    "whose",
    "already",
    "began",
    "begin",
    "become",
    "became",
    "held",
    "hold",
    "far",
    "soon",
    "across",
    "among",
    "amid",
    "despite",
    "though",
    "unless",
    "least",
    "yes",
    "oh",
    "ok",
    "quot",
    "amp",
    "nbsp",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "am",
    "pm",
    "a.m.",
    "p.m.",
    "ap",
    "reuters",
    "afp",
    "photo",
    "image",
    "images",
    "getty",
    "click",
    "read",
    "watch",
    "via",
    "cent",
    "percent",
];

static STOP_SET: super::WordSet = super::WordSet::new(STOP);

fn is_stop(norm: &str) -> bool {
    STOP_SET.contains(norm)
}

/// Stems of each token as ids into a table of distinct stems (`NONE` for
/// tokens that cannot be in a keyphrase); each distinct word is stemmed once.
struct Stems {
    ids: Vec<u32>,
    table: Vec<String>,
}

const NONE: u32 = u32::MAX;

impl Stems {
    fn new(tokens: &[Token]) -> Stems {
        let mut by_norm: FxMap<&str, u32> = FxMap::default();
        let mut by_stem: FxMap<String, u32> = FxMap::default();
        let mut table: Vec<String> = Vec::new();
        let ids = tokens
            .iter()
            .map(|t| {
                if t.kind != TokenKind::Word {
                    return NONE;
                }
                if let Some(&id) = by_norm.get(t.norm.as_str()) {
                    return id;
                }
                let stem = super::stem_word(&t.norm);
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
                by_norm.insert(t.norm.as_str(), id);
                id
            })
            .collect();
        Stems { ids, table }
    }

    fn has(&self, i: usize) -> bool {
        self.ids.get(i).is_some_and(|&id| id != NONE)
    }

    /// The space-joined stems of a key.
    fn key_string(&self, key: &Key) -> String {
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
type Key = ([u32; 4], u8);

/// One occurrence of a candidate phrase.
struct Cand {
    key: Key,
    tokens: Range<usize>,
    sentence: usize,
}

/// Candidate phrases: runs of 1–4 content words inside a sentence, no stop
/// word at the edges, `of` / `and` allowed inside.
fn candidates(text: &str, layer: &TextLayer, stems: &Stems, mut out: impl FnMut(Cand)) {
    let toks = &layer.tokens;
    let ok_word = |i: usize| -> bool {
        let t = &toks[i];
        t.kind == TokenKind::Word
            && stems.has(i)
            && t.norm.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !t.norm.starts_with("http")
    };
    for (si, sr) in layer.sentence_tokens.iter().enumerate() {
        for s in sr.clone() {
            if !ok_word(s) || is_stop(&toks[s].norm) {
                continue;
            }
            let mut key: Key = ([NONE; 4], 0);
            for e in s..(s + 4).min(sr.end) {
                if !ok_word(e) {
                    break;
                }
                // no gap: the run must be contiguous text (a single space)
                if e > s && toks[e].start > toks[e - 1].end + 1 {
                    break;
                }
                let inner = is_stop(&toks[e].norm);
                if inner && !matches!(toks[e].norm.as_str(), "of" | "and" | "de" | "for") {
                    break;
                }
                key.0[key.1 as usize] = stems.ids[e];
                key.1 += 1;
                let verb_end =
                    e > s && toks[e].norm.ends_with("ed") && !toks[e].is_capitalized(text);
                if !inner && !verb_end {
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

#[derive(Default)]
struct Agg<'a> {
    occ: Vec<Range<usize>>, // token ranges
    /// First and last sentence it occurs in.
    first: Option<usize>,
    last: usize,
    surfaces: Vec<(&'a str, usize)>,
    capitalized: usize,
    entity: Option<usize>,
    words: usize,
}

impl Agg<'_> {
    fn saw_sentence(&mut self, s: usize) {
        self.first = Some(self.first.map_or(s, |f| f.min(s)));
        self.last = self.last.max(s);
    }
}

/// Extracts up to `k` keyphrases of `text` (10 is the usual number), best
/// first. `entities` may be empty; `corpus`, when given, sharpens the scores.
pub fn extract_keyphrases(
    text: &str,
    layer: &TextLayer,
    entities: &[EntityRef],
    corpus: Option<&DocFreqs>,
    k: usize,
) -> Vec<Keyphrase> {
    let toks = &layer.tokens;
    if toks.is_empty() || k == 0 {
        return Vec::new();
    }
    let stems = Stems::new(toks);
    let n_sent = layer.sentence_tokens.len().max(1);
    // tokens inside entity mentions: only the whole mention is a candidate there
    let mut in_mention: Vec<Option<Range<usize>>> = vec![None; toks.len()];
    for e in entities {
        for m in &e.mentions {
            let ts = toks.partition_point(|t| t.end <= m.start);
            let te = toks.partition_point(|t| t.start < m.end);
            for slot in in_mention.iter_mut().take(te).skip(ts) {
                *slot = Some(ts..te);
            }
        }
    }
    // first pass: how often each phrase occurs; in a long text a phrase seen
    // once outside the lead cannot be a keyphrase and is not gathered
    let mut counts: FxMap<Key, u32> = FxMap::default();
    candidates(text, layer, &stems, |c| {
        let n = counts.entry(c.key).or_insert(0);
        *n += if c.sentence < 3 { 2 } else { 1 };
    });
    let long = counts.len() > 20_000;
    let mut by_key: FxMap<Key, Agg> = FxMap::default();
    candidates(text, layer, &stems, |c| {
        if long && counts.get(&c.key).is_some_and(|&n| n < 2) {
            return;
        }
        let partial = c.tokens.clone().any(|i| {
            in_mention[i]
                .as_ref()
                .is_some_and(|m| !(c.tokens.start <= m.start && c.tokens.end >= m.end))
        });
        if partial {
            return;
        }
        let a = by_key.entry(c.key).or_default();
        let s = toks[c.tokens.start].start;
        let e = toks[c.tokens.end - 1].end;
        let surface = text.get(s..e).unwrap_or("");
        count_surface(&mut a.surfaces, surface);
        if toks[c.tokens.clone()]
            .iter()
            .filter(|t| !is_stop(&t.norm))
            .all(|t| t.is_capitalized(text))
        {
            a.capitalized += 1;
        }
        a.words = c.tokens.len();
        a.occ.push(c.tokens);
        a.saw_sentence(c.sentence);
    });
    drop(counts);
    let mut aggs: FxMap<String, Agg> = by_key
        .into_iter()
        .map(|(k, a)| (stems.key_string(&k), a))
        .collect();
    // entities: their mentions are candidates too; a phrase's occurrences
    // are looked up in a set once it has many (linear in the mentions)
    let mut occ_sets: FxMap<String, crate::text::hash::FxSet<(usize, usize)>> = FxMap::default();
    for (ei, e) in entities.iter().enumerate() {
        for m in &e.mentions {
            let ts = toks.partition_point(|t| t.end <= m.start);
            let te = toks.partition_point(|t| t.start < m.end);
            if ts >= te {
                continue;
            }
            let key: Vec<&str> = (ts..te)
                .filter(|&i| stems.has(i) && !is_stop(&toks[i].norm))
                .map(|i| stems.table[stems.ids[i] as usize].as_str())
                .collect();
            if key.is_empty() {
                continue;
            }
            let key = key.join(" ");
            let a = aggs.entry(key.clone()).or_default();
            a.entity = Some(ei);
            let seen = if a.occ.len() < 32 {
                a.occ.iter().any(|r| r.start == ts && r.end == te)
            } else {
                let set = occ_sets
                    .entry(key)
                    .or_insert_with(|| a.occ.iter().map(|r| (r.start, r.end)).collect());
                !set.insert((ts, te))
            };
            if !seen {
                a.occ.push(ts..te);
                a.saw_sentence(layer.sentence_of_token(ts).unwrap_or(0));
                let surface = text.get(toks[ts].start..toks[te - 1].end).unwrap_or("");
                count_surface(&mut a.surfaces, surface);
                a.capitalized += 1;
            }
            a.words = te - ts;
        }
    }
    if aggs.is_empty() {
        return Vec::new();
    }
    // unigram counts for cohesion
    let uni: FxMap<&str, usize> = aggs
        .iter()
        .filter(|(k, _)| !k.contains(' '))
        .map(|(k, a)| (k.as_str(), a.occ.len()))
        .collect();
    let mut scored: Vec<(&str, f64)> = Vec::with_capacity(aggs.len());
    for (key, a) in &aggs {
        let tf = a.occ.len() as f64;
        let first = a.first.unwrap_or(0) as f64;
        let last = a.last as f64;
        let position = 1.0 + weights::pos() / (1.0 + first).sqrt();
        let spread = 1.0 + 0.5 * (last - first) / n_sent as f64;
        let n_parts = key.split(' ').count();
        let cohesion = if n_parts > 1 {
            let min_part = key
                .split(' ')
                .filter_map(|p| uni.get(p).copied())
                .min()
                .unwrap_or(a.occ.len())
                .max(1) as f64;
            (tf / min_part).sqrt()
        } else {
            1.0
        };
        let caps = a.capitalized as f64 / tf;
        let proper = 1.0 + weights::caps() * caps;
        let entity = if a.entity.is_some() { 1.6 } else { 1.0 };
        let idf = match corpus {
            Some(c) if c.docs() > 0 => c.idf(key).powf(weights::idfp()),
            _ => 1.0 + 0.5 * n_parts as f64,
        };
        let length = weights::len(n_parts);
        let score = weights::tf(tf) * position * spread * cohesion * proper * entity * idf * length;
        scored.push((key.as_str(), score));
    }
    let order = |a: &(&str, f64), b: &(&str, f64)| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0));
    // only the best few hundred can make the list (merging drops some)
    let keep = (k * 30).max(300);
    if scored.len() > keep {
        scored.select_nth_unstable_by(keep, order);
        scored.truncate(keep);
    }
    scored.sort_by(order);

    // merge acronyms with their expansions, drop phrases always inside a better one
    // (key, score, occurrences, surface, keys merged into it)
    #[allow(clippy::type_complexity)]
    let mut chosen: Vec<(String, f64, Vec<Range<usize>>, String, Vec<String>)> = Vec::new();
    // does acronym `acr` abbreviate the multi-word phrase `key`?
    let abbreviates = |acr: &str, key: &str, a: &Agg| -> bool {
        key.contains(' ') && is_acronym_of(acr, &best_surface(a))
    };
    for &(key, score) in &scored {
        if chosen.len() >= k {
            break;
        }
        let key: &String = match aggs.get_key_value(key) {
            Some((kk, _)) => kk,
            None => continue,
        };
        let a = &aggs[key];
        let surface = best_surface(a);
        // acronym: `ICBM` ~ `intercontinental ballistic missile`
        let is_acronym = !key.contains(' ')
            && surface.chars().count() >= 2
            && surface
                .chars()
                .all(|c| c.is_uppercase() || c.is_ascii_digit());
        let acr = surface.to_lowercase();
        let mut merged = false;
        for ch in chosen.iter_mut() {
            let other = &aggs[&ch.0];
            let same = is_acronym && abbreviates(&acr, &ch.0, other);
            if same {
                ch.2.extend(a.occ.iter().cloned());
                ch.4.push(key.clone());
                merged = true;
                break;
            }
        }
        if merged {
            continue;
        }
        if !is_acronym {
            let mut expand = None;
            for (ci, ch) in chosen.iter().enumerate() {
                let o = best_surface(&aggs[&ch.0]);
                let o_acr = !ch.0.contains(' ')
                    && o.chars().count() >= 2
                    && o.chars().all(|c| c.is_uppercase() || c.is_ascii_digit());
                if o_acr && abbreviates(&o.to_lowercase(), key, a) {
                    expand = Some(ci);
                }
            }
            if let Some(ci) = expand {
                chosen[ci].2.extend(a.occ.iter().cloned());
                chosen[ci].4.push(key.clone());
                let acr_key = chosen[ci].0.clone();
                // parts of the expansion chosen earlier go with it
                chosen.retain(|ch| {
                    ch.0 == acr_key
                        || !(key.len() > ch.0.len()
                            && format!(" {key} ").contains(&format!(" {} ", ch.0))
                            && a.occ.len() >= aggs[&ch.0].occ.len())
                });
                continue;
            }
        }
        // inside a chosen phrase every time it occurs?
        let contained = chosen.iter().any(|ch| {
            ch.4.iter().any(|o| {
                o.len() > key.len()
                    && format!(" {o} ").contains(&format!(" {key} "))
                    && aggs[o].occ.len() >= a.occ.len()
            })
        });
        if contained {
            continue;
        }
        // a chosen phrase always inside this one: replace it
        chosen.retain(|ch| {
            let o = &ch.0;
            !(key.len() > o.len()
                && format!(" {key} ").contains(&format!(" {o} "))
                && a.occ.len() >= aggs[o].occ.len())
        });
        chosen.push((
            key.clone(),
            score,
            a.occ.clone(),
            surface,
            vec![key.clone()],
        ));
    }
    chosen
        .into_iter()
        .map(|(key, score, occ, surface, _)| {
            let mut occurrences: Vec<Range<usize>> = occ
                .into_iter()
                .filter(|r| r.start < r.end && r.end <= toks.len())
                .map(|r| toks[r.start].start..toks[r.end - 1].end)
                .collect();
            occurrences.sort_by_key(|r| (r.start, r.end));
            occurrences.dedup();
            let text = match aggs.get(&key).and_then(|a| a.entity) {
                Some(ei) if !entities[ei].name.is_empty() => entities[ei].name.clone(),
                _ => surface,
            };
            Keyphrase {
                text,
                score,
                occurrences,
            }
        })
        .collect()
}

/// True when `acr` (lower case) abbreviates `phrase`: every content word
/// gives its first letter, in order, and the acronym's other letters come from
/// inside those words (`icbm` ~ `intercontinental ballistic missile`).
fn is_acronym_of(acr: &str, phrase: &str) -> bool {
    let words: Vec<Vec<char>> = phrase
        .split_whitespace()
        .map(|w| w.to_lowercase())
        .filter(|w| !is_stop(w))
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<Vec<char>>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let acr: Vec<char> = acr.chars().collect();
    if words.len() < 2 || acr.len() < words.len() || acr.len() > 3 * words.len() {
        return false;
    }
    // m(i, w): can acr[i..] be produced by words[w..]?
    fn m(acr: &[char], words: &[Vec<char>], i: usize, w: usize) -> bool {
        if w == words.len() {
            return i == acr.len();
        }
        if i >= acr.len() || acr[i] != words[w][0] {
            return false;
        }
        // take the first letter, then 0..=2 more letters from inside the word, in order
        let word = &words[w];
        let mut states = vec![(i + 1, 1usize)];
        let mut extra = 0;
        while let Some(&(ni, _)) = states.last() {
            if m(acr, words, ni, w + 1) {
                return true;
            }
            if extra == 2 || ni >= acr.len() {
                return false;
            }
            let from = states.last().map_or(1, |s| s.1);
            match word[from..].iter().position(|&c| c == acr[ni]) {
                Some(p) => states.push((ni + 1, from + p + 1)),
                None => return false,
            }
            extra += 1;
        }
        false
    }
    m(&acr, &words, 0, 0)
}

/// The most frequent written form (ties: the lower-case one, then the first).
fn best_surface(a: &Agg) -> String {
    let mut v: Vec<&(&str, usize)> = a.surfaces.iter().collect();
    v.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(y.0)));
    v.first().map(|x| x.0.to_string()).unwrap_or_default()
}

/// Counts one more written form of a phrase (a handful of forms at most).
fn count_surface<'a>(v: &mut Vec<(&'a str, usize)>, s: &'a str) {
    if let Some(x) = v.iter_mut().find(|x| x.0 == s) {
        x.1 += 1;
    } else if v.len() < 8 {
        v.push((s, 1));
    }
}

/// Porter (Snowball English) stems of a phrase, lower-cased, space-joined, with
/// characters other than letters and digits dropped from each word: the form
/// keyphrase evaluation matches on.
pub fn stem_phrase(phrase: &str) -> String {
    let stemmer = Stemmer::create(Algorithm::English);
    phrase
        .split_whitespace()
        .map(|w| {
            let w: String = crate::text::fold(w)
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect();
            stemmer.stem(&w).into_owned()
        })
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Scoring weights, tuned on the KPCrowd training split.
mod weights {
    /// Length prior: news keyphrases are mostly single words and short names.
    pub fn len(n: usize) -> f64 {
        match n {
            1 => 1.0,
            2 => 0.7,
            3 => 0.5,
            _ => 0.3,
        }
    }
    /// Frequency term.
    pub fn tf(tf: f64) -> f64 {
        tf.powf(0.8)
    }
    /// Boost for phrases written capitalized (proper names) beyond entities.
    pub fn caps() -> f64 {
        0.0
    }
    /// Exponent on the corpus inverse document frequency.
    pub fn idfp() -> f64 {
        0.7
    }
    /// Weight of an early first occurrence.
    pub fn pos() -> f64 {
        1.5
    }
}
