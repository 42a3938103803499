//! Scores: how much each candidate phrase says what the article is about.
//!
//! A candidate's score is a product of features, each near 1 when it says
//! nothing (the weights are [`Params`], chosen by cross-validation over the
//! BBC keyphrase dev set and KPCrowd train, see `lede eval-keyphrases --cv`):
//! - frequency: the phrase's occurrences, sublinear, plus a share of its head
//!   word's (`census` counts for `1990 census`);
//! - position: an early first occurrence counts (news leads carry the topic;
//!   the title, when the text has one, is the first sentence);
//! - spread: a phrase seen from the start to the end of the article beats one
//!   bunched in a paragraph;
//! - cohesion (phrases of several words): how often the words occur together
//!   rather than apart (`ballistic missile` vs `missile`);
//! - specificity: the inverse document frequency of the phrase's words over a
//!   background of news articles ([`background_idf`], `data/background_df.txt`,
//!   made by `scripts/keyphrase_df.py`), so `announced` or `national` weigh
//!   little and `census` much; a loaded corpus ([`DocFreqs`]) adds its own;
//! - shape: a length prior (people choose two- and three-word phrases),
//!   entities (names are what news is about), a factor for single lower-case
//!   words, and a penalty for a phrase whose head the article nearly always
//!   writes as a modifier (`illegal` of `illegal aliens`, `ballistic` of
//!   `intercontinental ballistic missile`: an adjective, not a topic).

use super::candidates::{Agg, Gathered, StemCounts, Stems};
use super::ranker::{Ranker, N_FEATURES};
use super::DocFreqs;
use crate::extract::{EntityRef, FxMap, Label};
use crate::text::hash::data_lines;
use std::cmp::Ordering;
use std::sync::OnceLock;

/// The weights of the score. The defaults are the choice of a 5-fold
/// cross-validation over the BBC keyphrase dev set and KPCrowd train
/// (`bench/keyphrases/run.sh --cv`, each set weighing the same): every fold
/// chose `len2=1`, `idf=1`, `entity=1.6`, `modifier=0.3`, most
/// `single_lower=1`, `len3=0.8`, `cidf=1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Exponent on the frequency.
    pub tf: f64,
    /// Share of the head word's frequency added to a phrase's.
    pub head: f64,
    /// Weight of an early first occurrence.
    pub pos: f64,
    /// Exponent on the background inverse document frequency.
    pub idf: f64,
    /// Length prior of two-word phrases (one word: 1).
    pub len2: f64,
    /// Length prior of three-word phrases.
    pub len3: f64,
    /// Length prior of four-word phrases.
    pub len4: f64,
    /// Factor of an entity's name.
    pub entity: f64,
    /// Factor of a single lower-case word mostly written as a modifier.
    pub modifier: f64,
    /// Factor of a single lower-case word (not a name).
    pub single_lower: f64,
    /// Factor of a single lower-case word the article mostly writes as a
    /// verb (after `to`, a modal, `not` or a subject pronoun). 1 (none) by
    /// default: 0.3 drops `tolerate` of `will not tolerate` but moves F1@10
    /// by 0.0 on the BBC set and -0.1 on KPCrowd train.
    pub verb: f64,
    /// Exponent on a loaded corpus's inverse document frequency.
    pub cidf: f64,
    /// Rank by the learned ranker ([`super::Ranker`], `learned=1`) rather
    /// than by the hand-weighted score these weights make (the default: the
    /// ranker scores better on KPCrowd and the BBC dev set, but on a long
    /// DUC-like story it still prefers head words alone, `count` over
    /// `national head count`; see `models/KEYPHRASES.md`).
    pub learned: bool,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            tf: 0.8,
            head: 0.3,
            pos: 1.5,
            idf: 1.0,
            len2: 1.0,
            len3: 0.8,
            len4: 0.4,
            entity: 1.6,
            modifier: 0.3,
            single_lower: 1.0,
            verb: 1.0,
            cidf: 1.0,
            learned: false,
        }
    }
}

impl Params {
    /// Reads `name=value` pairs separated by commas over the defaults
    /// (`tf=0.8,len2=1.2`); unknown names are an error.
    pub fn parse(s: &str) -> Result<Params, String> {
        let mut p = Params::default();
        for kv in s.split(',').map(str::trim).filter(|x| !x.is_empty()) {
            let (k, v) = kv
                .split_once('=')
                .ok_or_else(|| format!("not name=value: {kv}"))?;
            let v: f64 = v
                .trim()
                .parse()
                .map_err(|_| format!("not a number: {kv}"))?;
            if k.trim() == "learned" {
                p.learned = v != 0.0;
                continue;
            }
            let slot = match k.trim() {
                "tf" => &mut p.tf,
                "head" => &mut p.head,
                "pos" => &mut p.pos,
                "idf" => &mut p.idf,
                "len2" => &mut p.len2,
                "len3" => &mut p.len3,
                "len4" => &mut p.len4,
                "entity" => &mut p.entity,
                "modifier" => &mut p.modifier,
                "single_lower" => &mut p.single_lower,
                "verb" => &mut p.verb,
                "cidf" => &mut p.cidf,
                other => return Err(format!("unknown weight {other}")),
            };
            *slot = v;
        }
        Ok(p)
    }

    fn len(&self, n: usize) -> f64 {
        match n {
            1 => 1.0,
            2 => self.len2,
            3 => self.len3,
            _ => self.len4,
        }
    }
}

/// The background's inverse document frequencies: each common stem's
/// (from the largest document frequency of its words), and that of a stem
/// missing from the table. Worked out once, when the table is read: a
/// logarithm costs more than a look-up, and candidates ask for thousands.
struct Background {
    idf: FxMap<String, f64>,
    missing: f64,
}

fn background() -> &'static Background {
    static BG: OnceLock<Background> = OnceLock::new();
    BG.get_or_init(|| {
        let mut lines = data_lines(include_str!("data/background_df.txt"));
        let docs: f64 = lines.next().and_then(|l| l.parse().ok()).unwrap_or(1.0);
        let mut df: FxMap<String, f64> = FxMap::default();
        for l in lines {
            let Some((n, words)) = l.split_once('\t') else {
                continue;
            };
            let Ok(n) = n.parse::<f64>() else {
                continue;
            };
            for w in words.split(' ') {
                let e = df
                    .entry(crate::text::stem_word(w).to_string())
                    .or_insert(0.0);
                *e = e.max(n);
            }
        }
        let idf = |df: f64| (docs / (df + 1.0)).ln().max(0.05);
        Background {
            idf: df.into_iter().map(|(s, n)| (s, idf(n))).collect(),
            missing: idf(10.0),
        }
    })
}

/// Inverse document frequency of a stem over the background (a stem missing
/// from the table is rarer than any in it).
pub(super) fn background_idf(stem: &str) -> f64 {
    let bg = background();
    bg.idf.get(stem).copied().unwrap_or(bg.missing)
}

/// `x` to the power `e`; `x` itself for `e == 1` (as `powf` gives, without
/// its cost: most weights are 1).
fn pow(x: f64, e: f64) -> f64 {
    if e == 1.0 {
        x
    } else {
        x.powf(e)
    }
}

/// What the scorer asks of each stem, worked out once per distinct stem of
/// the text (a candidate's words are looked up by stem id, never by text).
#[derive(Clone, Copy)]
pub(super) struct StemInfo {
    /// Its background inverse document frequency ([`background_idf`]).
    idf: f64,
    /// A joining word (`of`, `and`, `de`, `for`): not counted in a phrase's
    /// specificity.
    joiner: bool,
    /// It has an ASCII digit.
    digit: bool,
}

impl StemInfo {
    /// Every stem's information, by stem id.
    pub(super) fn all(stems: &Stems) -> Vec<StemInfo> {
        (0..stems.len() as u32)
            .map(|id| {
                let s = stems.stem_of(id);
                StemInfo {
                    idf: background_idf(s),
                    joiner: matches!(s, "of" | "and" | "de" | "for"),
                    digit: s.bytes().any(|b| b.is_ascii_digit()),
                }
            })
            .collect()
    }
}

/// What the scorer knows about the text beyond each candidate.
pub(super) struct Context<'a> {
    /// Sentences in the article.
    pub n_sent: usize,
    /// A loaded corpus's document frequencies, if any.
    pub corpus: Option<&'a DocFreqs>,
    /// Per stem id: (times written as a modifier, times written in lower case).
    pub modifiers: StemCounts,
    /// Per stem id: (times written after a verb cue, times written in lower
    /// case).
    pub verbs: StemCounts,
    /// The weights.
    pub params: Params,
    /// The entities the candidates may name (for their types).
    pub entities: &'a [EntityRef],
    /// The learned ranker, when it ranks (else the hand-weighted score).
    pub ranker: Option<&'a Ranker>,
    /// The text's stems (what the key ids' stem ids stand for).
    pub stems: &'a Stems,
    /// Per stem id: what the score asks of it.
    pub info: Vec<StemInfo>,
}

impl Context<'_> {
    /// The information of stem `id` (a rare stem's for an unknown id).
    fn info(&self, id: u32) -> StemInfo {
        self.info.get(id as usize).copied().unwrap_or(StemInfo {
            idf: background().missing,
            joiner: false,
            digit: false,
        })
    }

    /// The counts of stem `id` in `m` (none for an unknown id).
    fn count(m: &StemCounts, id: u32) -> (u32, u32) {
        m.get(id as usize).copied().unwrap_or((0, 0))
    }

    /// The order of the ranking: the higher score first, ties by the keys'
    /// texts.
    fn order(&self, g: &Gathered, a: &(u32, f64), b: &(u32, f64)) -> Ordering {
        b.1.total_cmp(&a.1)
            .then_with(|| g.keys.cmp_text(a.0, b.0, self.stems))
    }
}

/// The occurrences of each one-word key, by stem id (for cohesion and head
/// frequency); `u32::MAX` for a stem that is no one-word key.
pub(super) struct Unigrams(Vec<u32>);

impl Unigrams {
    /// How often stem `id` occurs as a one-word key (`None` when it is none).
    fn get(&self, id: u32) -> Option<usize> {
        match self.0.get(id as usize) {
            Some(&n) if n != u32::MAX => Some(n as usize),
            _ => None,
        }
    }
}

/// Scores every candidate of `g`; returns the few hundred best that could
/// make a list of `k`, best first (ties: by key text), as key ids and scores.
pub(super) fn rank(g: &Gathered, cx: &Context, k: usize) -> Vec<(u32, f64)> {
    // unigram counts for cohesion and head frequency
    let uni = unigrams(g, cx.stems);
    let order = |a: &(u32, f64), b: &(u32, f64)| cx.order(g, a, b);
    let Some(ranker) = cx.ranker else {
        let scored = (0..g.keys.len() as u32)
            .zip(&g.aggs)
            .map(|(key, a)| (key, score(key, a, g, &uni, cx, true)))
            .filter(|x| x.1 > 0.0)
            .collect();
        return best(scored, k, order);
    };
    // the learned ranker re-ranks the hand score's best `pool`; the rest
    // follow in the hand score's order, below every re-ranked one
    let containers = containers(g);
    let mut by_hand = hand_order(g, &uni, cx, k);
    let pool = pool_size(k).min(by_hand.len());
    for x in by_hand.iter_mut().take(pool) {
        if let Some(a) = g.agg(x.0) {
            // above every hand-ordered one (those get at most 1e-3)
            x.1 = 1.0 + ranker.prob(&features(x.0, a, g, &uni, &containers, cx));
        }
    }
    for x in by_hand.iter_mut().skip(pool) {
        x.1 = 1e-3 * x.1 / (1.0 + x.1);
    }
    crate::text::sort::sort_by(&mut by_hand, order);
    by_hand
}

/// The candidates by the hand-weighted score without a corpus's statistics
/// (the order the learned ranker re-ranks), the best few hundred, best first.
pub(super) fn hand_order(g: &Gathered, uni: &Unigrams, cx: &Context, k: usize) -> Vec<(u32, f64)> {
    let by_hand: Vec<(u32, f64)> = (0..g.keys.len() as u32)
        .zip(&g.aggs)
        .map(|(key, a)| (key, score(key, a, g, uni, cx, false)))
        .filter(|x| x.1 > 0.0)
        .collect();
    best(by_hand, k, |a, b| cx.order(g, a, b))
}

/// How many of the hand score's best candidates the learned ranker
/// re-ranks for a list of `k`.
pub(super) fn pool_size(k: usize) -> usize {
    (k * 6).max(60)
}

/// The best few hundred of `scored` that could make a list of `k` (merging
/// drops some), best first.
fn best(
    mut scored: Vec<(u32, f64)>,
    k: usize,
    order: impl Fn(&(u32, f64), &(u32, f64)) -> Ordering,
) -> Vec<(u32, f64)> {
    let keep = (k * 30).max(300);
    if scored.len() > keep {
        scored.select_nth_unstable_by(keep, &order);
        scored.truncate(keep);
    }
    crate::text::sort::sort_by(&mut scored, order);
    scored
}

/// The one-word keys' occurrence counts, by stem id (for cohesion and head
/// frequency).
pub(super) fn unigrams(g: &Gathered, stems: &Stems) -> Unigrams {
    let mut uni = vec![u32::MAX; stems.len()];
    for (key, a) in (0..g.keys.len() as u32).zip(&g.aggs) {
        if let [s] = g.keys.get(key) {
            if let Some(n) = uni.get_mut(*s as usize) {
                *n = u32::try_from(a.occ.len()).unwrap_or(u32::MAX - 1);
            }
        }
    }
    Unigrams(uni)
}

/// For each key (by key id), how many longer candidate keys contain it as a
/// run of whole words (`census` in `1990 census`, `census bureau`): a word
/// many phrases are built on; and how often the most frequent of them occurs
/// (`national head count` around `head count`: a part of one phrase, not a
/// topic of its own). At most ten sub-runs per key of four words.
pub(super) fn containers(g: &Gathered) -> Vec<(u32, u32)> {
    let n = g.keys.len() as u32;
    let by_stems: FxMap<&[u32], u32> = (0..n).map(|k| (g.keys.get(k), k)).collect();
    let mut m = vec![(0u32, 0u32); g.keys.len()];
    for (key, a) in (0..n).zip(&g.aggs) {
        let parts = g.keys.get(key);
        let n = parts.len();
        let occ = u32::try_from(a.occ.len()).unwrap_or(u32::MAX);
        for len in 1..n {
            for s in 0..=n - len {
                let sub = parts.get(s..s + len).and_then(|sub| by_stems.get(sub));
                if let Some(e) = sub.and_then(|&k| m.get_mut(k as usize)) {
                    e.0 += 1;
                    e.1 = e.1.max(occ);
                }
            }
        }
    }
    m
}

/// The features of one candidate (key id `key`) for the learned ranker (see
/// [`super::ranker::FEATURE_NAMES`] for their order): `uni` counts the
/// occurrences of one-word candidates, `containers` the longer keys around
/// each key.
pub(super) fn features(
    key: u32,
    a: &Agg,
    g: &Gathered,
    uni: &Unigrams,
    containers: &[(u32, u32)],
    cx: &Context,
) -> [f64; N_FEATURES] {
    let tf = a.occ.len() as f64;
    let first = a.first.unwrap_or(0) as f64;
    let last = a.last as f64;
    let n_sent = cx.n_sent.max(1) as f64;
    let parts = g.keys.get(key);
    let n_parts = parts.len();
    let head = parts.last().copied().unwrap_or(u32::MAX);
    let head_uni = uni.get(head).unwrap_or(0) as f64;
    let (cohesion, head_tf) = if n_parts > 1 {
        let min_part = parts
            .iter()
            .filter_map(|&p| uni.get(p))
            .min()
            .unwrap_or(a.occ.len())
            .max(1) as f64;
        ((tf / min_part).max(1e-6), (head_uni - tf).max(0.0))
    } else {
        (1.0, 0.0)
    };
    let content: Vec<f64> = parts
        .iter()
        .map(|&w| cx.info(w))
        .filter(|w| !w.joiner)
        .map(|w| w.idf)
        .collect();
    let idf_mean = content.iter().sum::<f64>() / content.len().max(1) as f64;
    let idf_min = content.iter().copied().fold(f64::INFINITY, f64::min);
    let idf_min = if idf_min.is_finite() { idf_min } else { 0.0 };
    let label = a.entity.and_then(|i| cx.entities.get(i)).map(|e| e.label);
    let lower = a.capitalized * 2 < a.occ.len();
    let adjective = {
        let m = Context::count(&cx.modifiers, head);
        m.1 > 0 && m.0 * 3 >= m.1 * 2
    };
    let is_entity = a.entity.is_some();
    let flag = |b: bool| if b { 1.0 } else { 0.0 };
    let hand = score(key, a, g, uni, cx, false);
    let contained = containers.get(key as usize).copied().unwrap_or((0, 0));
    // the share of its occurrences inside its most frequent longer phrase
    let inside = (f64::from(contained.1) / tf.max(1.0)).min(1.0);
    let corpus_idf = cx
        .corpus
        .filter(|c| c.docs() > 0)
        .map_or(0.0, |c| c.idf(&g.keys.string(key, cx.stems)).ln());
    [
        (1.0 + tf).ln(),
        (1.0 + head_tf).ln(),
        1.0 / (1.0 + first).sqrt(),
        flag(a.first == Some(0)),
        flag(a.first.is_some_and(|f| f <= 2)),
        first / n_sent,
        (last - first) / n_sent,
        cohesion.ln(),
        idf_mean,
        idf_min,
        flag(n_parts == 1),
        flag(n_parts == 2),
        flag(n_parts == 3),
        flag(is_entity),
        flag(label == Some(Label::Per)),
        flag(label == Some(Label::Org)),
        flag(label == Some(Label::Loc)),
        flag(n_parts == 1 && lower && !is_entity),
        flag(adjective && !is_entity),
        a.capitalized as f64 / tf.max(1.0),
        flag(parts.iter().any(|&w| cx.info(w).digit)),
        cx.info(head).idf,
        (1.0 + head_uni).ln(),
        hand.max(1e-9).ln(),
        (1.0 + f64::from(contained.0)).ln(),
        corpus_idf,
        flag(n_parts == 1) * (1.0 + tf).ln(),
        flag(n_parts == 1) * (last - first) / n_sent,
        flag(is_entity) / (1.0 + first).sqrt(),
        flag(is_entity) * (1.0 + tf).ln(),
        inside,
        flag(n_parts == 1) * inside,
        flag(n_parts == 1 && a.first == Some(0)),
    ]
}

/// The hand-weighted score of one candidate (key id `key`, with the loaded
/// corpus's statistics when `use_corpus`); `uni` counts the occurrences of
/// one-word candidates (for cohesion and head frequency).
fn score(key: u32, a: &Agg, g: &Gathered, uni: &Unigrams, cx: &Context, use_corpus: bool) -> f64 {
    let p = &cx.params;
    let tf = a.occ.len() as f64;
    if tf == 0.0 {
        return 0.0;
    }
    let first = a.first.unwrap_or(0) as f64;
    let last = a.last as f64;
    let position = 1.0 + p.pos / (1.0 + first).sqrt();
    let spread = 1.0 + 0.5 * (last - first) / cx.n_sent.max(1) as f64;
    let parts = g.keys.get(key);
    let n_parts = parts.len();
    let head_word = parts.last().copied().unwrap_or(u32::MAX);
    let (cohesion, head_tf) = if n_parts > 1 {
        let min_part = parts
            .iter()
            .filter_map(|&p| uni.get(p))
            .min()
            .unwrap_or(a.occ.len())
            .max(1) as f64;
        let head = uni.get(head_word).unwrap_or(0) as f64;
        ((tf / min_part).sqrt(), (head - tf).max(0.0))
    } else {
        (1.0, 0.0)
    };
    let freq = (tf + p.head * head_tf).powf(p.tf);
    // specificity: the mean background idf of the content words
    let (mut idf_sum, mut n_content) = (0.0, 0usize);
    for w in parts.iter().map(|&w| cx.info(w)).filter(|w| !w.joiner) {
        idf_sum += w.idf;
        n_content += 1;
    }
    let idf_bg = idf_sum / n_content.max(1) as f64;
    let mut idf = pow(idf_bg, p.idf);
    if let Some(c) = cx.corpus.filter(|c| use_corpus && c.docs() > 0) {
        idf *= pow(c.idf(&g.keys.string(key, cx.stems)), p.cidf);
    }
    let entity = if a.entity.is_some() { p.entity } else { 1.0 };
    let lower = a.capitalized * 2 < a.occ.len();
    // a head the article nearly always writes as a modifier is an adjective
    // (`illegal`, `ballistic` of `third intercontinental ballistic`)
    let adjective = {
        let m = Context::count(&cx.modifiers, head_word);
        m.1 > 0 && m.0 * 3 >= m.1 * 2
    };
    let mut shape = if adjective && a.entity.is_none() {
        p.modifier
    } else {
        1.0
    };
    if n_parts == 1 && lower && a.entity.is_none() {
        shape *= p.single_lower;
        let v = Context::count(&cx.verbs, head_word);
        if v.1 > 0 && v.0 * 2 >= v.1 {
            shape *= p.verb;
        }
    }
    freq * position * spread * cohesion * idf * p.len(n_parts) * entity * shape
}
