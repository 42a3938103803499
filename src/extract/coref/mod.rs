//! Coreference: which entity a pronoun, a description or a short name means.
//!
//! An extractor that finds a span naming someone (`he`, `the spokesman`,
//! `Shoigu`, `Sergei Shoigu`) asks a [`Resolver`] which of the text's entities
//! it refers to. The resolver tries, in order:
//!
//! 1. a mention of an entity overlapping the span ([`MentionIndex::overlapping`]);
//! 2. for a capitalized word that is not a pronoun, the latest entity with that
//!    word in its name (`Shoigu` → `Sergei Shoigu`);
//! 3. for a pronoun, the latest compatible entity: `he`/`him`/`his` a person
//!    not known to be female, `she`/`her` one not known to be male, `it`/`they`
//!    an organisation; `I`, `we`, `you` resolve to nothing;
//! 4. for a description, the latest entity whose role has the head noun
//!    (`the minister` → the entity with role `defence minister`), else by the
//!    kind of head noun (`data/org_nouns.txt`, `data/person_nouns.txt`): an
//!    organisation noun means the latest organisation named with that word
//!    (`the ministry` → `Ministry of Hajj`; not for kinds of business, `the
//!    bank`), else the latest organisation, never one named inside a quote
//!    nor one told something (`telling Radio Kent`). An indefinite
//!    description or a number (`one analyst`, `two people familiar with the
//!    matter`) means no entity, unless it names one (`a Microsoft
//!    spokesman`), and only names are ever speakers, never a date or a
//!    number. A
//!    definite description whose only name is a modifier (`the Tory
//!    leader`, `the Liberal Democrat leader`) means a person, not the party
//!    it names: the person with that role, else the person the nearest
//!    sentences are about.
//!
//! "Latest" means mentioned most recently before the span; for a pronoun,
//! when the caller gives the sentences and the quoted words
//! ([`Resolver::with_context`]), it means the first compatible mention of the
//! nearest sentence (a sentence's subject comes first), outside quotes;
//! a name inside the clause of a sentence that the same pronoun reports
//! (`It was ignoring a recent Law Lords judgement, he said.`) is what the
//! speaker spoke of, so the chain goes on from the sentence before. A
//! sentence opened by an unnamed spokesperson (`A Home Office spokesman
//! said …`, `a spokeswoman for Human Rights Watch`) gives `he` or `she`
//! (as the noun allows) the one the spokesperson speaks for, read as the
//! description itself is; a name after a comma is the spokesperson's own
//! (`…, Dean Boyd, said`), and `the spokesman` a person the article gave
//! that role.
//! A description of someone speaking for an organisation (`the director
//! general of the authority`) is the person with that role before the
//! organisation. Genders ([`entity_genders`]) come from first names written
//! by hand (`data/male_names.txt`, `data/female_names.txt`), a role
//! (`chairwoman`), the titles (`Mr`, `Ms`) before an entity's mentions, the
//! larger first-name lists of a packaged lexicon
//! (`data/*_names_lexicon.txt`), and else titles and the first personal
//! pronoun after each. Nothing here knows about quotes: the module works on
//! [`EntityRef`]s, tokens and the text they came from. `names` holds the
//! tests of when two written names can mean one entity, which the entity
//! engine groups mentions with.

mod describe;
mod gender;
mod names;

use gender::entity_genders;
pub(crate) use gender::{
    first_name_gender, is_first_name, listed_first_name_gender, title_gender, Gender,
};
pub(crate) use names::{first_names_compatible, letters_key};

use super::entities::HONORIFICS;
use super::{overlaps, EntityRef, FxMap, Label, WordSet};
use crate::text::{fold, Token, TokenKind};
use std::ops::Range;

static ORG_NOUNS: WordSet = WordSet::from_lines(include_str!("data/org_nouns.txt"));
static PERSON_NOUNS: WordSet = WordSet::from_lines(include_str!("data/person_nouns.txt"));
static SUBJECT_PRONOUNS: WordSet = WordSet::from_lines(include_str!("data/subject_pronouns.txt"));
/// People outside what is named beside them (`supporters`, `fans`,
/// `voters`): an indefinite description headed by one names no one.
static OUTSIDER_NOUNS: WordSet = WordSet::from_lines(include_str!("data/outsider_nouns.txt"));

/// Prepositions: a name right after one is not a subject.
const PREPOSITIONS: [&str; 16] = [
    "with", "on", "in", "at", "to", "from", "by", "for", "of", "about", "against", "into", "over",
    "under", "towards", "after",
];

/// Head nouns of people who speak for an organisation without a name of
/// their own in the text (`the spokesman said`).
const SPOKES_NOUNS: [&str; 3] = ["spokesman", "spokeswoman", "spokesperson"];

/// True for an age used as a noun (`34-year-old`).
fn is_age(w: &str) -> bool {
    w.ends_with("-year-old") && w.starts_with(|c: char| c.is_ascii_digit())
}

/// True for a folded subject pronoun (`he`, `they`, `i`) that can name an agent.
pub(crate) fn is_subject_pronoun(w: &str) -> bool {
    SUBJECT_PRONOUNS.contains(w)
}

/// Every mention of every entity, sorted by start: (start, end, entity).
pub(crate) struct MentionIndex {
    all: Vec<(usize, usize, usize)>,
}

impl MentionIndex {
    /// Indexes the (non-empty) mentions of the name entities of
    /// `entities` (persons, organisations, places, other names): a date or a
    /// number (`according to two people familiar with the matter`) never
    /// names who said something.
    pub(crate) fn new(entities: &[EntityRef]) -> MentionIndex {
        let mut all: Vec<(usize, usize, usize)> = entities
            .iter()
            .enumerate()
            .filter(|(_, e)| matches!(e.label, Label::Per | Label::Org | Label::Loc | Label::Misc))
            .flat_map(|(ei, e)| e.mentions.iter().map(move |m| (m.start, m.end, ei)))
            .filter(|m| m.0 < m.1)
            .collect();
        all.sort_unstable();
        MentionIndex { all }
    }

    /// The first mention (start, end, entity) starting at byte `b` or after.
    fn first_from(&self, b: usize) -> Option<&(usize, usize, usize)> {
        self.all.get(self.all.partition_point(|m| m.0 < b))
    }

    /// The entity whose mention overlaps `span` most (among the 256 mentions
    /// starting last before its end).
    pub(crate) fn overlapping(&self, span: &Range<usize>) -> Option<usize> {
        let hi = self.all.partition_point(|m| m.0 < span.end);
        crate::extract::work::add(hi.min(256));
        let mut best: Option<(usize, usize)> = None;
        for &(s, e, ei) in self.all[..hi].iter().rev().take(256) {
            let m = s..e;
            if overlaps(&m, span) {
                let ov = e.min(span.end) - s.max(span.start);
                if best.map_or(true, |(_, b)| ov > b) {
                    best = Some((ei, ov));
                }
            }
        }
        best.map(|b| b.0)
    }

    /// The entity allowed by `ok` mentioned most recently before `pos` (among
    /// the 4,096 mentions before it).
    pub(crate) fn most_recent(&self, pos: usize, ok: impl Fn(usize) -> bool) -> Option<usize> {
        self.most_recent_mention(pos, |m| ok(m.2))
    }

    /// The entity of the mention (start, end, entity) allowed by `ok` that
    /// starts most recently before `pos` (among the 4,096 mentions before it).
    pub(crate) fn most_recent_mention(
        &self,
        pos: usize,
        ok: impl Fn(&(usize, usize, usize)) -> bool,
    ) -> Option<usize> {
        let hi = self.all.partition_point(|m| m.0 < pos);
        let mut steps = 0;
        let found = self.all[..hi]
            .iter()
            .rev()
            .take(4096)
            .inspect(|_| steps += 1)
            .find(|m| ok(m))
            .map(|m| m.2);
        crate::extract::work::add(steps);
        found
    }
}

/// Resolves spans of one text to its entities (see the module documentation).
pub(crate) struct Resolver<'a> {
    text: &'a str,
    tokens: &'a [Token],
    entities: &'a [EntityRef],
    index: MentionIndex,
    /// Byte ranges of quoted words (sorted, disjoint): mentions inside them
    /// are never antecedents (a name inside a quote is not its speaker).
    quoted: Vec<Range<usize>>,
    /// Byte ranges of the sentences, in order (empty: no sentence order).
    sentences: Vec<Range<usize>>,
    /// Tells a speech verb (`said`, `added`) by its folded form; the
    /// caller's (the quotes' cue list), so this module needs none of its own.
    is_cue: fn(&str) -> bool,
    genders: Vec<Gender>,
    /// Folded word of an entity's name → the entities with it (ascending).
    name_words: FxMap<String, Vec<usize>>,
    /// Folded word of an entity's role → the entities with it (ascending).
    role_words: FxMap<String, Vec<usize>>,
}

/// Each of the words `words(e)` → the entities having it, in ascending
/// order, once each.
fn words_index(
    entities: &[EntityRef],
    words: impl Fn(&EntityRef) -> Vec<String>,
) -> FxMap<String, Vec<usize>> {
    let mut map: FxMap<String, Vec<usize>> = FxMap::default();
    for (i, e) in entities.iter().enumerate() {
        for w in words(e) {
            let list = map.entry(w).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    map
}

impl<'a> Resolver<'a> {
    /// A resolver over `entities` of `text` (tokenized as `tokens`).
    pub(crate) fn new(text: &'a str, tokens: &'a [Token], entities: &'a [EntityRef]) -> Self {
        Resolver {
            text,
            tokens,
            entities,
            index: MentionIndex::new(entities),
            quoted: Vec::new(),
            sentences: Vec::new(),
            is_cue: |_| false,
            genders: entity_genders(tokens, entities),
            // a name is folded word by word, a role as a whole
            name_words: words_index(entities, |e| e.name.split_whitespace().map(fold).collect()),
            // a form of address is not a role: `Lord` of `Lord Scarman` is
            // not what `The Lord Chief Justice, Lord Woolf` describes
            role_words: words_index(entities, |e| {
                e.role.as_deref().map_or(Vec::new(), |r| {
                    fold(r)
                        .split_whitespace()
                        .filter(|w| !HONORIFICS.contains(w))
                        .map(str::to_string)
                        .collect()
                })
            }),
        }
    }

    /// The same resolver, told where the quoted words and the sentences are
    /// (byte ranges) and which folded words are speech verbs (`is_cue`):
    /// pronouns then resolve as in [`Resolver::resolve`].
    pub(crate) fn with_context(
        mut self,
        mut quoted: Vec<Range<usize>>,
        sentences: Vec<Range<usize>>,
        is_cue: fn(&str) -> bool,
    ) -> Self {
        crate::text::sort::sort_by_key(&mut quoted, |r| (r.start, r.end));
        self.quoted = quoted;
        self.sentences = sentences;
        self.is_cue = is_cue;
        self
    }

    /// True when byte `b` lies in quoted words.
    fn in_quote(&self, b: usize) -> bool {
        let k = self.quoted.partition_point(|r| r.end <= b);
        self.quoted.get(k).is_some_and(|r| r.start <= b)
    }

    /// The index of the entity the byte span `span` refers to, if any.
    ///
    /// A description of someone who speaks for an organisation (`the
    /// director general of the authority`, `a spokesman for the ministry`)
    /// is first the person with that role; a pronoun, with the text's
    /// sentences and quotes known ([`Resolver::with_context`]), the
    /// compatible entity mentioned first in its own sentence before it or
    /// in the nearest sentence before (subjects come first), never one
    /// named inside a quote.
    pub(crate) fn resolve(&self, span: &Range<usize>) -> Option<usize> {
        if self.entities.is_empty() {
            return None;
        }
        if let Some(ei) = self.person_for_organisation(span) {
            return Some(ei);
        }
        // `a person close to the Clintons`, `two people familiar with the
        // matter`: an unnamed source, not whom it is close to
        if self.is_indefinite(span, false) && self.near_source(span) {
            return None;
        }
        let per = |i: usize| self.entities.get(i).is_some_and(|e| e.label == Label::Per);
        // `Yonca Brunini of Yahoo`: the person before `of`
        let pre = self.before_of(span);
        if pre != *span {
            if let Some(ei) = self.index.overlapping(&pre).filter(|&i| per(i)) {
                return Some(ei);
            }
        }
        let Some(head) = self.head_word(span) else {
            return self.index.overlapping(span);
        };
        let word = head.norm.as_str();
        let agent = |i: usize| {
            self.entities
                .get(i)
                .is_some_and(|e| matches!(e.label, Label::Per | Label::Org))
        };
        // the head word names the speaker (`Tory leader Michael Howard`)
        let on_head = self.index.overlapping(&(head.start..head.end));
        if let Some(ei) = on_head.filter(|&i| agent(i)) {
            return Some(ei);
        }
        // `the 34-year-old`, `the American`: a person described, not named
        if self.is_definite(span) && (on_head.is_some() || is_age(word)) {
            if let Some(ei) = self.antecedent(span.start, &per, None) {
                return Some(ei);
            }
        }
        let on_span = self.index.overlapping(span);
        // `one analyst`, `three US insurance executives`: unnamed, unless an
        // organisation or person in the span speaks through them (`a
        // Microsoft spokesman`), or a spokesman speaks for the organisation
        // last named
        if on_head.is_none() && self.is_indefinite(span, ORG_NOUNS.contains(word)) {
            // (`several Clinton supporters`: not Clinton)
            if let Some(ei) = on_span.filter(|&i| agent(i) && !OUTSIDER_NOUNS.contains(word)) {
                return Some(ei);
            }
            if SPOKES_NOUNS.contains(&word) {
                // `a Tory spokeswoman`: the party or people the name in
                // the phrase stands for, else the organisation last named
                // (`An All England club spokesperson`: not the place)
                let misc = |i: usize| self.entities.get(i).is_some_and(|e| e.label == Label::Misc);
                return on_span
                    .filter(|&i| misc(i))
                    .or_else(|| self.by_pronoun_or_description(word, span.start));
            }
            return None;
        }
        // `the Tory leader`: a person described by a role, the name in the
        // span only a modifier: the person with that role, else the person
        // the nearest sentences are about
        if self.is_definite(span)
            && on_head.is_none()
            && !head.is_capitalized(self.text)
            && !SPOKES_NOUNS.contains(&word)
            && on_span.is_some_and(|i| !per(i))
        {
            if let Some(ei) = self.person_described(word, span.start) {
                return Some(ei);
            }
        }
        // `a Fox spokesman`: the organisation or person named in the span
        if let Some(ei) = on_span.filter(|&i| agent(i) && on_head.is_none()) {
            return Some(ei);
        }
        if head.is_capitalized(self.text) && !is_subject_pronoun(word) {
            if let Some(ei) = self.by_name_word(word, span.start) {
                return Some(ei);
            }
        }
        if on_span.is_some() {
            return on_span;
        }
        self.by_pronoun_or_description(word, span.start)
            .or_else(|| {
                // `The 28-year-old world number one`: a person described by
                // age, whatever the head
                (self.is_definite(span) && self.has_age(span))
                    .then(|| self.antecedent(span.start, &per, None))
                    .flatten()
            })
    }

    /// The span up to its first `of`, `at`, `for` or `from` after its first
    /// word: where its head noun is (`Yonca Brunini of Yahoo`).
    fn before_of(&self, span: &Range<usize>) -> Range<usize> {
        let k = self.tokens.partition_point(|t| t.start < span.start);
        let cut = self
            .tokens
            .get(k..)
            .unwrap_or(&[])
            .iter()
            .take_while(|t| t.end <= span.end)
            .take(64)
            .skip(1)
            .find(|t| matches!(t.norm.as_str(), "of" | "at" | "for" | "from"));
        span.start..cut.map_or(span.end, |t| t.start)
    }

    /// The person a description with head noun `head` (a role or a person
    /// noun) at byte `pos` means: the person with that role mentioned most
    /// recently, else, for a person noun, the person the nearest sentences
    /// are about.
    fn person_described(&self, head: &str, pos: usize) -> Option<usize> {
        let per = |i: usize| self.entities.get(i).is_some_and(|e| e.label == Label::Per);
        if let Some(list) = self.role_words.get(head) {
            let found = self
                .index
                .most_recent(pos, |i| per(i) && list.binary_search(&i).is_ok());
            if found.is_some() {
                return found;
            }
        }
        if PERSON_NOUNS.contains(head) {
            return self.antecedent(pos, &per, None);
        }
        None
    }

    /// True when the span opens with `the` (a definite description).
    fn is_definite(&self, span: &Range<usize>) -> bool {
        let k = self.tokens.partition_point(|t| t.start < span.start);
        self.tokens
            .get(k)
            .is_some_and(|t| t.start < span.end && t.norm == "the")
    }

    /// `HEAD of/for ORG` where the words before `of` name no entity and
    /// end in a person noun (`director general`, `spokesman`): the person
    /// with that role, mentioned most recently.
    fn person_for_organisation(&self, span: &Range<usize>) -> Option<usize> {
        let tokens = self.tokens;
        let ts = tokens.partition_point(|t| t.start < span.start);
        let te = tokens.partition_point(|t| t.end <= span.end);
        let toks = tokens.get(ts..te)?;
        let of = toks
            .iter()
            .position(|t| matches!(t.norm.as_str(), "of" | "for"))?;
        let head = toks[..of]
            .iter()
            .rev()
            .find(|t| matches!(t.kind, TokenKind::Word))?;
        let before = toks.first()?.start..head.end;
        if self.index.overlapping(&before).is_some() {
            return None;
        }
        let word = head.norm.as_str();
        let is_per = |i: usize| self.entities.get(i).is_some_and(|e| e.label == Label::Per);
        if let Some(by_role) = self.role_words.get(word) {
            let found = self.index.most_recent(span.start, |i| {
                is_per(i) && by_role.binary_search(&i).is_ok()
            });
            if found.is_some() {
                return found;
            }
        }
        if self.index.overlapping(span).is_some() {
            // `a spokesman for the ministry`: the organisation named
            return None;
        }
        // `the head of the agency`: a description by its head noun
        self.by_pronoun_or_description(word, span.start)
    }

    /// The entity allowed by `ok` a pronoun at byte `pos` refers to: the
    /// first compatible mention (outside quotes) of the pronoun's sentence
    /// before it, else of each of the four sentences before, nearest first;
    /// else the most recent compatible mention outside quotes.
    ///
    /// `pronoun` is the pronoun's folded form when it is a personal subject
    /// (`he`, `she`): then a sentence whose first subject is that same
    /// pronoun (`He believes Yahoo failed…`) continues the chain — the
    /// pronoun means what that earlier one means (at most four links).
    fn antecedent(
        &self,
        pos: usize,
        ok: &dyn Fn(usize) -> bool,
        pronoun: Option<&str>,
    ) -> Option<usize> {
        self.antecedent_in(pos, ok, pronoun, 0, true)
    }

    /// [`Resolver::antecedent`] at chain depth `depth`; `fallback`: look
    /// beyond the five sentences when they have no compatible mention
    /// (always, today; kept as a parameter for a stricter first pass).
    fn antecedent_in(
        &self,
        pos: usize,
        ok: &dyn Fn(usize) -> bool,
        pronoun: Option<&str>,
        depth: usize,
        fallback: bool,
    ) -> Option<usize> {
        let all = &self.index.all;
        let fits = |m: &(usize, usize, usize)| ok(m.2) && !self.in_quote(m.0);
        if !self.sentences.is_empty() {
            let cur = self.sentences.partition_point(|r| r.end <= pos);
            for k in (cur.saturating_sub(4)..=cur).rev() {
                let Some(r) = self.sentences.get(k) else {
                    continue;
                };
                let lo = all.partition_point(|m| m.0 < r.start);
                let hi = all.partition_point(|m| m.0 < r.end.min(pos));
                crate::extract::work::add(hi.saturating_sub(lo).min(256));
                let first = all.get(lo..hi).and_then(|ms| {
                    ms.iter()
                        .take(256)
                        .find(|m| fits(m) && self.is_subject(m, r))
                });
                // `He believes …`: the same pronoun, earlier, is the subject
                if let Some(p) = pronoun.filter(|_| depth < 4) {
                    let upto = first.map_or(r.end.min(pos), |m| m.0);
                    if let Some(at) = self.pronoun_before(p, r.start, upto) {
                        if at < pos {
                            return self.antecedent_in(at, ok, pronoun, depth + 1, fallback);
                        }
                    }
                    // `It was ignoring a recent Law Lords judgement, he
                    // said.`: the same pronoun reports the sentence and the
                    // name sits inside its clause, so it is what the speaker
                    // spoke of, and the chain goes on from the sentence
                    // before. (`Ms Nwanguma was shocked, she said`: a name
                    // opening its clause is the one reporting.)
                    if let Some(m) = first {
                        if self.inside_clause(m.0, r)
                            && self.reporting_pronoun(p, m.1, r.end.min(pos))
                        {
                            return self.antecedent_in(r.start, ok, pronoun, depth + 1, fallback);
                        }
                    }
                }
                // `A Home Office spokesman said … He added`: the pronoun is
                // the spokesman, who speaks for the organisation
                if let Some(p) = pronoun {
                    let upto = first.map_or(r.end.min(pos), |m| m.0);
                    if let Some(found) = self.spokes_subject(r, upto, p) {
                        return found;
                    }
                }
                // `The home secretary said …`: a description opening the sentence
                if let Some(ei) = self.description_subject(r, first.map_or(pos, |m| m.0), ok) {
                    return Some(ei);
                }
                if let Some(m) = first {
                    return Some(m.2);
                }
            }
        }
        if !fallback {
            return None;
        }
        self.latest_outside_quotes(pos, ok)
    }

    /// True when mention `m` (in sentence `r`) can be a subject: not in
    /// parentheses (`WASHINGTON (AP) —`), not the
    /// object of a preposition (`on Breakfast with Frost`) — except a
    /// sentence-opening `for` (`For analyst X, …`: X's view) and `according
    /// to` — and not a possessive (`Lord Scarman's work`).
    fn is_subject(&self, m: &(usize, usize, usize), r: &Range<usize>) -> bool {
        let rest = self.text.get(m.1..).unwrap_or("");
        if rest.starts_with("'s") || rest.starts_with("\u{2019}s") {
            return false;
        }
        let k = self.tokens.partition_point(|t| t.start < m.0);
        let Some(p) = k.checked_sub(1).and_then(|p| self.tokens.get(p)) else {
            return true;
        };
        let prev = |n: usize| {
            k.checked_sub(n)
                .and_then(|p| self.tokens.get(p))
                .filter(|t| t.start >= r.start)
        };
        match p.norm.as_str() {
            // `WASHINGTON (AP) —`: a credit or an aside in parentheses
            "(" => false,
            "to" => prev(2).is_some_and(|t| t.norm == "according"),
            "for" => match prev(2) {
                None => true,
                Some(t) => matches!(t.norm.as_str(), "but" | "and") && prev(3).is_none(),
            },
            w => !PREPOSITIONS.contains(&w),
        }
    }

    /// The indices of the tokens `pronoun` outside quotes in bytes `lo..hi`
    /// (at most 256 tokens looked at).
    fn pronouns_in<'p>(
        &'p self,
        pronoun: &'p str,
        lo: usize,
        hi: usize,
    ) -> impl Iterator<Item = usize> + 'p {
        let k = self.tokens.partition_point(|t| t.start < lo);
        let toks = self.tokens.get(k..).unwrap_or(&[]);
        crate::extract::work::add(toks.len().min(256));
        toks.iter()
            .take(256)
            .take_while(move |t| t.start < hi)
            .enumerate()
            .filter(move |(_, t)| t.norm == pronoun && !self.in_quote(t.start))
            .map(move |(j, _)| k + j)
    }

    /// The first token `pronoun` outside quotes in bytes `lo..hi` (at most
    /// 256 tokens looked at).
    fn pronoun_before(&self, pronoun: &str, lo: usize, hi: usize) -> Option<usize> {
        let i = self.pronouns_in(pronoun, lo, hi).next()?;
        self.tokens.get(i).map(|t| t.start)
    }

    /// True when the word before byte `b` (in sentence `r`), past any
    /// capitalized words (a title: `Judge`, `UK`), is a lower-case word
    /// (`ignoring a recent Law Lords`, `a ruling by Judge Alan Moss`): the
    /// name there does not open its clause, as one does after the
    /// sentence's start or a comma.
    fn inside_clause(&self, b: usize, r: &Range<usize>) -> bool {
        let k = self.tokens.partition_point(|t| t.start < b);
        let before = self.tokens.get(..k).unwrap_or(&[]);
        before
            .iter()
            .rev()
            .take(8)
            .take_while(|t| t.start >= r.start)
            .find(|t| !(t.kind == TokenKind::Word && t.is_capitalized(self.text)))
            .is_some_and(|t| t.kind == TokenKind::Word)
    }

    /// True when `pronoun` occurs outside quotes in bytes `lo..hi` after a
    /// comma and before a speech verb (`…, he said`, `…, he told the BBC`):
    /// a clause reporting the sentence. (Not `said he believed` nor
    /// `something he says will help`: there the pronoun means the name
    /// before it.) At most 256 tokens are looked at.
    fn reporting_pronoun(&self, pronoun: &str, lo: usize, hi: usize) -> bool {
        let norm = |i: usize| self.tokens.get(i).map_or("", |t| t.norm.as_str());
        self.pronouns_in(pronoun, lo, hi)
            .any(|i| (self.is_cue)(norm(i + 1)) && i.checked_sub(1).is_some_and(|p| norm(p) == ","))
    }

    /// A sentence (bytes `r`) opening with `the` and a role of an entity
    /// allowed by `ok` within three words, before byte `before`: that entity,
    /// mentioned most recently.
    fn description_subject(
        &self,
        r: &Range<usize>,
        before: usize,
        ok: &dyn Fn(usize) -> bool,
    ) -> Option<usize> {
        let k = self.tokens.partition_point(|t| t.start < r.start);
        let toks = self.tokens.get(k..(k + 4).min(self.tokens.len()))?;
        if toks.first()?.norm != "the" {
            return None;
        }
        for t in &toks[1..] {
            if t.start >= before || t.kind != TokenKind::Word {
                return None;
            }
            if let Some(list) = self.role_words.get(t.norm.as_str()) {
                let found = self
                    .index
                    .most_recent(r.start, |i| ok(i) && list.binary_search(&i).is_ok());
                if found.is_some() {
                    return found;
                }
            }
        }
        None
    }

    /// The organisation (or person) an unnamed spokesperson opening
    /// sentence `r` before byte `before` speaks for, when `pronoun` can
    /// mean the spokesperson (`he` a spokesman, `she` a spokeswoman, either
    /// a spokesperson): `A spokesman for the Home Office defended the
    /// plans.`, `An EU spokesman told Reuters …`, `But a Conservative
    /// spokeswoman said …`. As [`Resolver::resolve`] reads the description:
    /// `Some(None)` when it names no entity of the text (`A Conservative
    /// spokeswoman` where the party is named only so), `None` when the
    /// sentence opens otherwise.
    fn spokes_subject(
        &self,
        r: &Range<usize>,
        before: usize,
        pronoun: &str,
    ) -> Option<Option<usize>> {
        let k = self.tokens.partition_point(|t| t.start < r.start);
        let toks = self.tokens.get(k..(k + 10).min(self.tokens.len()))?;
        let mut i = 0;
        while toks.get(i).is_some_and(|t| {
            matches!(
                t.norm.as_str(),
                "but" | "and" | "however" | "meanwhile" | ","
            )
        }) {
            i += 1;
        }
        let det = toks
            .get(i)
            .filter(|t| matches!(t.norm.as_str(), "a" | "an" | "the"))?;
        let (at, noun) = toks
            .iter()
            .enumerate()
            .skip(i + 1)
            .take(6)
            .take_while(|(_, t)| t.kind == TokenKind::Word && t.start < before)
            .find(|(_, t)| SPOKES_NOUNS.contains(&t.norm.as_str()))?;
        let fits = match noun.norm.as_str() {
            "spokesman" => pronoun == "he",
            "spokeswoman" => pronoun == "she",
            _ => matches!(pronoun, "he" | "she"),
        };
        if !fits {
            return None;
        }
        let is_per = |i: usize| self.entities.get(i).is_some_and(|e| e.label == Label::Per);
        // `The Tory spokesman` after `Tory spokesman Michael Ancram`: the
        // person the article gave that role
        if det.norm == "the" {
            if let Some(list) = self.role_words.get(noun.norm.as_str()) {
                let found = self
                    .index
                    .most_recent(det.start, |i| is_per(i) && list.binary_search(&i).is_ok());
                if found.is_some() {
                    return Some(found);
                }
            }
        }
        // `a spokesman for the Home Office`: the name after `for`
        let mut end = noun.end;
        if let Some(link) = toks
            .get(at + 1)
            .filter(|t| matches!(t.norm.as_str(), "for" | "of" | "at"))
        {
            let limit = toks.get(at + 4).map_or(r.end, |t| t.end);
            if let Some(m) = self
                .index
                .first_from(link.end)
                .filter(|m| m.0 < limit && m.1 <= r.end)
            {
                end = m.1;
            }
        }
        // `A spokesman for the agency, Dean Boyd, said`, `…, Dr Vancheshwar,
        // told`: the person named after the comma (a title before the name)
        let next = self.tokens.partition_point(|t| t.start < end);
        if self.tokens.get(next).is_some_and(|t| t.norm == ",") {
            let after = self.tokens.get(next + 1).map_or(r.end, |t| t.start);
            let limit = self.tokens.get(next + 2).map_or(r.end, |t| t.end);
            if let Some(m) = self
                .index
                .first_from(after)
                .filter(|m| m.0 < limit && is_per(m.2))
            {
                return Some(Some(m.2));
            }
        }
        // a capitalized word before the noun that no mention covers names
        // what the text does not hold as an entity: no one, rather than the
        // latest organisation
        let unnamed = toks.get(i + 1..at).is_some_and(|ws| {
            ws.iter().any(|t| {
                t.is_capitalized(self.text) && self.index.overlapping(&(t.start..t.end)).is_none()
            })
        });
        if unnamed {
            return Some(None);
        }
        Some(self.resolve(&(det.start..end)))
    }

    /// The last word (or number) token inside `span`.
    fn head_word(&self, span: &Range<usize>) -> Option<&'a Token> {
        let tokens = self.tokens;
        let ts = tokens.partition_point(|t| t.start < span.start);
        let te = tokens.partition_point(|t| t.end <= span.end);
        tokens
            .get(ts..te)?
            .iter()
            .rev()
            .find(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
    }

    /// The latest entity with `word` in its name (`Shoigu` for `Sergei Shoigu`).
    fn by_name_word(&self, word: &str, pos: usize) -> Option<usize> {
        let named = self.name_words.get(word)?;
        self.index
            .most_recent(pos, |i| named.binary_search(&i).is_ok())
    }

    /// The entity allowed by `ok` mentioned most recently before byte `pos`
    /// outside quotes (among the 4,096 mentions before it): a name inside a
    /// quote is what the speaker spoke of, not who speaks.
    fn latest_outside_quotes(&self, pos: usize, ok: &dyn Fn(usize) -> bool) -> Option<usize> {
        self.latest_mention(pos, &|ei, _| ok(ei))
    }

    /// [`Resolver::latest_outside_quotes`] with `ok` given the entity and
    /// the mention's first byte.
    fn latest_mention(&self, pos: usize, ok: &dyn Fn(usize, usize) -> bool) -> Option<usize> {
        self.index
            .most_recent_mention(pos, |m| ok(m.2, m.0) && !self.in_quote(m.0))
    }

    /// Pronouns by label and gender; descriptions by role, then by head noun.
    fn by_pronoun_or_description(&self, head: &str, pos: usize) -> Option<usize> {
        let is = |i: usize, l: Label| self.entities.get(i).is_some_and(|e| e.label == l);
        let gender = |i: usize| self.genders.get(i).copied().unwrap_or(Gender::Unknown);
        let latest = |ok: &dyn Fn(usize) -> bool| self.latest_outside_quotes(pos, ok);
        match head {
            "he" | "him" | "his" => self.antecedent(
                pos,
                &|i| is(i, Label::Per) && gender(i) != Gender::Female,
                Some(head).filter(|h| *h == "he"),
            ),
            "she" | "her" => self.antecedent(
                pos,
                &|i| is(i, Label::Per) && gender(i) != Gender::Male,
                Some(head).filter(|h| *h == "she"),
            ),
            // `The company's lawyers disagreed. “…,” they argued.`: people
            // described, no organisation
            "they" if self.plural_subject_before(pos) => None,
            "it" | "they" => self.antecedent(pos, &|i| is(i, Label::Org), None),
            "i" | "we" | "you" => None,
            _ => {
                let by_role = self.role_words.get(head).filter(|l| !l.is_empty());
                if let Some(by_role) = by_role {
                    // a person whose role has the word, named before; else an
                    // organisation's word stays one (`the club` before `club
                    // manager Sir Alex Ferguson` is named)
                    latest(&|i| by_role.binary_search(&i).is_ok()).or_else(|| {
                        ORG_NOUNS
                            .contains(head)
                            .then(|| self.organisation_described(head, pos))
                            .flatten()
                    })
                } else if SPOKES_NOUNS.contains(&head) {
                    // an unnamed spokesman speaks for the organisation last named
                    self.antecedent(pos, &|i| is(i, Label::Org), None)
                } else if ORG_NOUNS.contains(head) {
                    self.organisation_described(head, pos)
                } else if PERSON_NOUNS.contains(head) {
                    self.latest_outside_quotes(pos, &|i| is(i, Label::Per))
                } else {
                    None
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
