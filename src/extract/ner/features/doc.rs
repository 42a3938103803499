//! The analysis of each distinct word of a document ([`Tok`]: hashes of
//! its forms, affixes and shape, its word classes, flags, capitalization
//! bin) and the document-level cues the templates read ([`DocCtx`]:
//! gazetteer matches, headline and table sentences, aggregated contexts;
//! [`Stage1`]: the first stage's labels).

use super::*;
use crate::extract::ner::hash::{hash_bytes, word_hash, PreMap, SEED_WORD};
use crate::extract::ner::lexicon::{Lexicon, NO_CLUSTER};
use crate::extract::ner::Words;
use std::borrow::Cow;

// Token flags.
pub(crate) const F_INITCAP: u16 = 1;
pub(crate) const F_ALLCAPS: u16 = 2;
pub(crate) const F_HASDIGIT: u16 = 4;
pub(crate) const F_ALLLOWER: u16 = 8;
pub(crate) const F_HASHYPHEN: u16 = 16;
pub(crate) const F_HASDOT: u16 = 32;
pub(crate) const F_NOALNUM: u16 = 64;
pub(crate) const F_HASUPPER: u16 = 128;
/// The lowercased form occurs as an all-lowercase token elsewhere in the document.
pub(crate) const F_DOC_LC: u16 = 256;
/// The form occurs title-cased in a mixed-case sentence elsewhere in the document.
pub(crate) const F_DOC_TC: u16 = 512;
/// Four characters or more (no feature reads it: the title-case test does).
pub(crate) const F_LONG: u16 = 1024;

/// Precomputed properties of one token.
#[derive(Clone, Debug)]
pub(crate) struct Tok {
    pub lower: u64,
    pub word: u64,
    pub shape: u64,
    pub sshape: u64,
    pub pre: [u64; 4],
    pub suf: [u64; 4],
    pub cl: [u16; MAX_GRAN],
    pub flags: u16,
    /// Capitalization bin from unlabeled text.
    pub case: u8,
    /// For hyphenated words: hashes of the lowercased first and last parts
    /// (0 otherwise) and their middle-granularity clusters.
    pub hy: [u64; 2],
    pub hy_cl: [u16; 2],
}

/// One token of a document as the features read it: its word type (an
/// index into [`DocCtx::types`], the analysis of its string) and what
/// depends on its neighbours, its gazetteer bits (type * 3 + {0: single,
/// 1: begin, 2: inside}). Eight bytes a token, where a [`Tok`] is over a
/// hundred: a document's tokens repeat a much smaller set of strings (a
/// megabyte of commas is a million tokens of one type).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Occ {
    /// Index of the token's type in [`DocCtx::types`].
    pub ty: u32,
    /// Gazetteer bits.
    pub gaz: u16,
}

impl Tok {
    const fn pad(v: u64) -> Tok {
        Tok {
            lower: v,
            word: v,
            shape: v,
            sshape: v,
            pre: [v; 4],
            suf: [v; 4],
            cl: [NO_CLUSTER - 1; MAX_GRAN],
            flags: 0,
            case: 0,
            hy: [0; 2],
            hy_cl: [NO_CLUSTER; 2],
        }
    }
}

static PAD_TOK_L: Tok = Tok::pad(PAD_L);
static PAD_TOK_R: Tok = Tok::pad(PAD_R);

/// The padding token of the left side (`left`) or of the right side: what
/// a token's neighbours are beyond the ends of its sentence.
pub(crate) fn pad_tok(left: bool) -> &'static Tok {
    if left {
        &PAD_TOK_L
    } else {
        &PAD_TOK_R
    }
}

fn shape_class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_ascii_digit() {
        'd'
    } else if c.is_alphabetic() {
        'a'
    } else if c.is_numeric() {
        'd'
    } else {
        c
    }
}

/// Reusable buffers for token analysis.
#[derive(Default)]
pub(crate) struct Scratch {
    lower: String,
    shape: String,
    sshape: String,
    starts: Vec<usize>,
}

/// Lowercases `s` into `out`.
pub(crate) fn lowercase_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
    } else {
        for c in s.chars() {
            out.extend(c.to_lowercase());
        }
    }
}

/// Analyzes one token.
pub(crate) fn analyze(s: &str, lex: &Lexicon, sc: &mut Scratch) -> Tok {
    lowercase_into(s, &mut sc.lower);
    sc.shape.clear();
    sc.sshape.clear();
    let mut flags = 0u16;
    let (mut n_up, mut n_low, mut n_dig, mut n_alnum) = (0usize, 0usize, 0usize, 0usize);
    let mut last = '\0';
    let mut run = 0usize;
    for (i, c) in s.chars().enumerate() {
        let k = shape_class(c);
        if c.is_uppercase() {
            n_up += 1;
            if i == 0 {
                flags |= F_INITCAP;
            }
        } else if c.is_lowercase() {
            n_low += 1;
        }
        if c.is_numeric() {
            n_dig += 1;
        }
        if c.is_alphanumeric() {
            n_alnum += 1;
        }
        if c == '-' {
            flags |= F_HASHYPHEN;
        }
        if c == '.' {
            flags |= F_HASDOT;
        }
        if k == last {
            run += 1;
        } else {
            run = 1;
            sc.sshape.push(k);
        }
        if run <= 2 {
            sc.shape.push(k);
        }
        last = k;
    }
    if n_up > 0 {
        flags |= F_HASUPPER;
        if n_low == 0 {
            flags |= F_ALLCAPS;
        }
    } else if n_low > 0 {
        flags |= F_ALLLOWER;
    }
    if n_dig > 0 {
        flags |= F_HASDIGIT;
    }
    if n_alnum == 0 {
        flags |= F_NOALNUM;
    }
    if n_up + n_low + n_dig >= 4 {
        flags |= F_LONG;
    }
    let lower = word_hash(&sc.lower);
    // Prefixes and suffixes of 1..=4 characters of the lowercased form.
    sc.starts.clear();
    sc.starts.extend(sc.lower.char_indices().map(|(i, _)| i));
    let n = sc.starts.len();
    let lb = sc.lower.as_bytes();
    let mut pre = [0u64; 4];
    let mut suf = [0u64; 4];
    for k in 1..=4usize {
        if n > k {
            let end = sc.starts[k];
            pre[k - 1] = hash_bytes(SEED_WORD ^ (k as u64), &lb[..end]);
            let st = sc.starts[n - k];
            suf[k - 1] = hash_bytes(SEED_WORD ^ (16 + k as u64), &lb[st..]);
        }
    }
    let (cl, case) = lex.clusters_of(lower);
    let mut hy = [0u64; 2];
    let mut hy_cl = [NO_CLUSTER; 2];
    if flags & F_HASHYPHEN != 0 {
        let first = sc.lower.split('-').find(|p| !p.is_empty());
        let last = sc.lower.rsplit('-').find(|p| !p.is_empty());
        if let (Some(a), Some(b)) = (first, last) {
            if a.len() + b.len() < sc.lower.len() {
                let g = lex.ngran / 2;
                for (k, part) in [a, b].into_iter().enumerate() {
                    let h = word_hash(part);
                    hy[k] = h;
                    hy_cl[k] = lex.clusters_of(h).0[g.min(MAX_GRAN - 1)];
                }
            }
        }
    }
    Tok {
        lower,
        word: hash_bytes(SEED_WORD ^ 99, s.as_bytes()),
        shape: hash_bytes(SEED_WORD ^ 7, sc.shape.as_bytes()),
        sshape: hash_bytes(SEED_WORD ^ 8, sc.sshape.as_bytes()),
        pre,
        suf,
        cl,
        flags,
        case,
        hy,
        hy_cl,
    }
}

/// Marks gazetteer matches (longest match first, left to right; all
/// types of the matched phrase are marked).
fn mark_gazetteer(lex: &Lexicon, types: &[Tok], toks: &mut [Occ]) {
    let lower = |o: &Occ| types.get(o.ty as usize).map_or(0, |t| t.lower);
    let mut i = 0;
    while i < toks.len() {
        let Some((found, mask)) = lex.longest_phrase(toks[i..].iter().map(lower)) else {
            i += 1;
            continue;
        };
        for ty in 0..4u16 {
            if mask & (1 << ty) == 0 {
                continue;
            }
            for (j, t) in toks[i..i + found].iter_mut().enumerate() {
                let pos = if found == 1 {
                    0
                } else if j == 0 {
                    1
                } else {
                    2
                };
                t.gaz |= 1 << (ty * 3 + pos);
            }
        }
        i += found;
    }
}

/// A document prepared for feature extraction.
pub(crate) struct DocCtx {
    /// The analysis of each distinct token string, once (its flags include
    /// the document-level case cues, which depend on the string only).
    pub types: Vec<Tok>,
    /// The tokens of each sentence.
    pub sents: Vec<Vec<Occ>>,
    /// Whether each sentence is an all-caps headline.
    pub headline: Vec<bool>,
    /// Whether each sentence looks like a table row (many numbers).
    pub table: Vec<bool>,
    /// Aggregated context keys of repeated capitalized words.
    pub agg: PreMap<u64, Vec<u32>>,
}

/// Occurrences of a word used for context aggregation.
const AGG_MAX_OCC: usize = 8;

/// The distinct word strings of a document while it is read: each one's
/// analysis (`types`), its string, and types by the hash of their string (a
/// hash met with another string makes a type of its own).
#[derive(Default)]
struct WordTypes<'a> {
    types: Vec<Tok>,
    strs: Vec<Cow<'a, str>>,
    ids: PreMap<u64, u32>,
    sc: Scratch,
}

impl<'a> WordTypes<'a> {
    /// The type of the string `w`, analysed the first time it is met.
    fn id(&mut self, w: Cow<'a, str>, lex: &Lexicon) -> u32 {
        let key = hash_bytes(SEED_WORD ^ 99, w.as_bytes());
        let strs = &self.strs;
        let known = self
            .ids
            .get(&key)
            .copied()
            .filter(|&id| strs.get(id as usize).map(|s| s.as_ref()) == Some(w.as_ref()));
        known.unwrap_or_else(|| {
            let id = u32::try_from(self.types.len()).unwrap_or(u32::MAX);
            self.types.push(analyze(&w, lex, &mut self.sc));
            self.strs.push(w);
            self.ids.entry(key).or_insert(id);
            id
        })
    }

    /// The analyses alone: the strings and the index are freed here.
    fn into_types(self) -> Vec<Tok> {
        self.types
    }
}

/// Words of a title-case line ([`title_case_line`]) the tagger reads in
/// lower case: a capitalized word whose lower-case form the document uses
/// (`F_DOC_LC` evidence) or unlabeled news writes capitalized less than 30%
/// of the time mid-sentence (capitalization bins 0 and 1), unless the
/// document writes it capitalized mid-sentence elsewhere (`tc`).
pub(crate) const TRUECASE_MAX_BIN: u8 = 1;

/// True for a headline in title case (`Clinton Breaks With Obama On
/// Lawsuit Bill`, as US outlets write them): at least four words of four
/// letters or more, every one capitalized (every style of title case
/// capitalizes them), and a function word
/// capitalized after the first word (`With`, `On`: [`TITLE_FUNCTION_WORDS`]).
/// CoNLL's Reuters text, which the tagger learned from, writes headlines in
/// capitals or in sentence case, so in title case every word looks like a
/// name to it. Its lines of names (`Port Vale v Oxford`, `Japan Credit
/// Rating Agency`) are capitalized too, but their small words are not. A
/// line of its own in an article (`own_line`: a headline) needs no
/// capitalized function word: AP style writes them in lower case (`Donald
/// Trump Denies Mike Tyson Invited to Appear at GOP Convention`), unless it
/// lists with commas (a team sheet: `Scotland: C Paterson, H Southwell,
/// ...`), opens with a dash or `By` (a byline) or is longer than a
/// headline ([`MAX_HEADLINE_TOKENS`]); text given as sentences (CoNLL)
/// never says it is a line.
fn title_case_line(s: &[Occ], types: &[Tok], strs: &[Cow<'_, str>], own_line: bool) -> bool {
    let (mut long, mut capped, mut function) = (0usize, 0usize, false);
    for (i, o) in s.iter().enumerate() {
        let Some(t) = types.get(o.ty as usize) else {
            continue;
        };
        if t.flags & (F_ALLCAPS | F_LONG | F_HASDIGIT) == F_LONG {
            long += 1;
            if t.flags & F_INITCAP != 0 {
                capped += 1;
            }
        }
        if i > 0 && t.flags & F_INITCAP != 0 && t.flags & F_ALLCAPS == 0 {
            let w = strs.get(o.ty as usize).map_or("", |w| w.as_ref());
            function |= TITLE_FUNCTION_WORDS.contains(&w);
        }
    }
    let listing = || {
        s.iter()
            .filter(|o| strs.get(o.ty as usize).is_some_and(|w| w == ","))
            .count()
            > 1
    };
    // a byline or a sign-off on its own line (`— White House Correspondent
    // Julie Pace`, `By ...`) is not a headline
    let signed = || {
        s.first()
            .and_then(|o| strs.get(o.ty as usize))
            .is_some_and(|w| matches!(w.as_ref(), "—" | "–" | "-" | "--" | "By"))
    };
    let headline = own_line && s.len() <= MAX_HEADLINE_TOKENS && !listing() && !signed();
    (function || headline) && long >= 4 && capped == long
}

/// Longest line (tokens) read as an AP-style headline: a headline is short;
/// a whole text on one line without a full stop is not one.
const MAX_HEADLINE_TOKENS: usize = 30;

/// Small words a title-case headline capitalizes and a line of names does
/// not.
const TITLE_FUNCTION_WORDS: [&str; 40] = [
    "A", "About", "After", "Against", "Amid", "An", "And", "Are", "As", "At", "Be", "But", "By",
    "Can", "For", "From", "Has", "Have", "His", "How", "In", "Into", "Is", "It", "Its", "Not",
    "On", "Or", "Over", "Than", "The", "Their", "To", "Was", "Were", "What", "Who", "Why", "Will",
    "With",
];

/// Gives the tagger the lower-case form of the common words of title-case
/// lines (see [`TRUECASE_MAX_BIN`]): `Breaks`, `With`, `On` read as the
/// words they are, so the names among them stand out as they do in running
/// text. A line changes only when at least two of its words do (a list of
/// names in capitals is left as it is). Offsets and the text are untouched:
/// only the word types the features read change.
fn truecase_titles(
    sents: &mut [Vec<Occ>],
    titled: &[bool],
    words: &mut WordTypes<'_>,
    lc: &PreMap<u64, ()>,
    tc: &PreMap<u64, ()>,
    lex: &Lexicon,
) {
    let mut lower = String::new();
    for (s, _) in sents.iter_mut().zip(titled).filter(|(_, &t)| t) {
        let common: Vec<usize> = s
            .iter()
            .enumerate()
            .filter(|(_, o)| {
                let Some(t) = words.types.get(o.ty as usize) else {
                    return false;
                };
                t.flags & F_INITCAP != 0
                    && t.flags & (F_ALLCAPS | F_HASDIGIT | F_HASDOT) == 0
                    && !tc.contains_key(&t.lower)
                    && (lc.contains_key(&t.lower) || t.case <= TRUECASE_MAX_BIN)
            })
            .map(|(i, _)| i)
            .collect();
        if common.len() < 2 {
            continue;
        }
        for i in common {
            let Some(o) = s.get_mut(i) else { continue };
            let Some(w) = words.strs.get(o.ty as usize) else {
                continue;
            };
            lowercase_into(w, &mut lower);
            o.ty = words.id(Cow::Owned(lower.clone()), lex);
        }
    }
}

impl DocCtx {
    /// Analyzes every distinct word of a document once and computes
    /// document-level cues. Each word is read once, in order; only the
    /// strings of the distinct words are kept while it runs (borrowed from
    /// the document when the document has them as they are).
    pub fn build<D: Words + ?Sized>(sentences: &D, lex: &Lexicon) -> DocCtx {
        let mut words = WordTypes::default();
        let n = sentences.sentence_count();
        let mut sents: Vec<Vec<Occ>> = Vec::with_capacity(n);
        let mut headline = Vec::with_capacity(n);
        let mut table = Vec::with_capacity(n);
        for si in 0..n {
            let len = sentences.sentence_len(si);
            let mut toks: Vec<Occ> = Vec::with_capacity(len);
            for i in 0..len {
                let ty = words.id(sentences.word(si, i), lex);
                toks.push(Occ { ty, gaz: 0 });
            }
            let (mut caps, mut alpha, mut nums) = (0usize, 0usize, 0usize);
            for o in &toks {
                let f = words.types.get(o.ty as usize).map_or(0, |t| t.flags);
                if f & (F_HASUPPER | F_ALLLOWER) != 0 && f & F_HASDIGIT == 0 {
                    alpha += 1;
                    if f & F_ALLCAPS != 0 {
                        caps += 1;
                    }
                }
                if f & F_HASDIGIT != 0 {
                    nums += 1;
                }
            }
            headline.push(alpha >= 2 && caps * 10 >= alpha * 7);
            table.push(nums >= 2 && nums * 10 >= toks.len() * 3);
            mark_gazetteer(lex, &words.types, &mut toks);
            sents.push(toks);
        }
        // Document-level case cues (a property of the lowercased form),
        // title-case lines left out of the title-cased evidence.
        let titled: Vec<bool> = sents
            .iter()
            .enumerate()
            .map(|(si, s)| title_case_line(s, &words.types, &words.strs, sentences.own_line(si)))
            .collect();
        let mut lc: PreMap<u64, ()> = PreMap::default();
        let mut tc: PreMap<u64, ()> = PreMap::default();
        for (si, s) in sents.iter().enumerate() {
            for (i, o) in s.iter().enumerate() {
                let Some(t) = words.types.get(o.ty as usize) else {
                    continue;
                };
                if t.flags & F_ALLLOWER != 0 && i > 0 {
                    lc.insert(t.lower, ());
                }
                if !headline[si]
                    && !titled[si]
                    && t.flags & F_INITCAP != 0
                    && t.flags & F_ALLCAPS == 0
                {
                    tc.insert(t.lower, ());
                }
            }
        }
        truecase_titles(&mut sents, &titled, &mut words, &lc, &tc, lex);
        // only the analyses are kept; the types grew by doubling, and what
        // is spare goes back before the tagger's caches are made
        let mut types = words.into_types();
        types.shrink_to_fit();
        for t in types.iter_mut() {
            if t.flags & F_HASUPPER != 0 {
                if lc.contains_key(&t.lower) {
                    t.flags |= F_DOC_LC;
                }
                if tc.contains_key(&t.lower) {
                    t.flags |= F_DOC_TC;
                }
            }
        }
        // Context aggregation: the neighbouring words of every occurrence of
        // a capitalized word that occurs more than once in the document.
        let lower = |o: &Occ| types.get(o.ty as usize).map_or(0, |t| t.lower);
        let mut occ: PreMap<u64, Vec<(usize, usize)>> = PreMap::default();
        for (si, s) in sents.iter().enumerate() {
            for (i, o) in s.iter().enumerate() {
                let Some(t) = types.get(o.ty as usize) else {
                    continue;
                };
                if t.flags & F_HASUPPER != 0 {
                    let v = occ.entry(t.lower).or_default();
                    if v.len() < AGG_MAX_OCC {
                        v.push((si, i));
                    }
                }
            }
        }
        let mut agg: PreMap<u64, Vec<u32>> = PreMap::default();
        for (w, v) in occ {
            if v.len() < 2 {
                continue;
            }
            let mut keys = Vec::with_capacity(v.len() * 2);
            for (si, i) in v {
                let s = &sents[si];
                let l = if i > 0 { lower(&s[i - 1]) } else { PAD_L };
                let r = s.get(i + 1).map(lower).unwrap_or(PAD_R);
                keys.push(k1(T_AGG_L, l));
                keys.push(k1(T_AGG_R, r));
            }
            keys.sort_unstable();
            keys.dedup();
            agg.insert(w, keys);
        }
        DocCtx {
            types,
            sents,
            headline,
            table,
            agg,
        }
    }

    /// The type of token `i` of sentence `si` (an index into
    /// [`DocCtx::types`]), or `None` out of range (the padding tokens).
    #[inline]
    pub fn ty(&self, si: usize, i: isize) -> Option<u32> {
        if i < 0 {
            return None;
        }
        self.sents
            .get(si)
            .and_then(|s| s.get(i as usize))
            .map(|o| o.ty)
    }

    /// The analysis of token `i` of sentence `si` and its gazetteer bits
    /// (the padding token of its side, and 0, out of range).
    #[inline]
    pub fn tok(&self, si: usize, i: isize) -> (&Tok, u16) {
        if i < 0 {
            return (&PAD_TOK_L, 0);
        }
        match self.sents.get(si).and_then(|s| s.get(i as usize)) {
            Some(o) => (self.types.get(o.ty as usize).unwrap_or(&PAD_TOK_R), o.gaz),
            None => (&PAD_TOK_R, 0),
        }
    }
}

/// First-stage labels of a document, with per-word label counts.
pub(crate) struct Stage1 {
    pub labels: Vec<Vec<u8>>,
    pub(super) counts: PreMap<u64, [u16; 5]>,
}

/// Entity type index of a BILOU label (0..4), or 4 for O.
#[inline]
pub(crate) fn label_type(l: u8) -> usize {
    if l == 0 {
        4
    } else {
        (((l - 1) / 4) as usize).min(4)
    }
}

impl Stage1 {
    /// Aggregates first-stage labels over the document.
    pub fn new(doc: &DocCtx, labels: Vec<Vec<u8>>) -> Stage1 {
        let mut counts: PreMap<u64, [u16; 5]> = PreMap::default();
        for (s, ls) in doc.sents.iter().zip(labels.iter()) {
            for (o, &l) in s.iter().zip(ls.iter()) {
                let Some(t) = doc.types.get(o.ty as usize) else {
                    continue;
                };
                if t.flags & F_HASUPPER != 0 {
                    let e = counts.entry(t.lower).or_insert([0; 5]);
                    let ty = label_type(l);
                    e[ty] = e[ty].saturating_add(1);
                }
            }
        }
        Stage1 { labels, counts }
    }
}
