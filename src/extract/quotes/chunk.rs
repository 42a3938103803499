//! The noun-phrase chunker that finds speakers next to a cue.
//!
//! A speaker is a short run of noun-phrase words: any word or number that is
//! not in `data/np_stop.txt` (conjunctions, auxiliaries, prepositions, time
//! words), not a cue, not a past-tense verb ending a clause (`a report
//! released`), and not quoted. A cue word that is also a noun
//! (`data/noun_cues.txt`: `state`, `report`) counts when a noun follows it or
//! a determiner precedes it (`state media`, `the report`). A phrase may grow
//! over `of`/`for` (`the head of the agency`, `a spokesman for the ministry`)
//! and a possessive (`Russia's defence ministry`), over `from` (`a statement
//! from the ministry`) and the prepositions of unnamed sources (`people
//! familiar with the matter`), is at most a few words
//! long, and needs one word that is not a determiner (`data/determiners.txt`).
//!
//! Before a cue ([`Ctx::np_before`]) auxiliaries and adverbs are skipped
//! (`X has repeatedly said`, `data/aux_adverbs.txt`), an appositive or a
//! relative clause gives the name before it (`X, the minister, said`, `X,
//! who leads the party, said` → `X`), and an article after a lower-case
//! word opens the speaker (`In his New Year message the Liberal Democrat
//! leader said` → `the Liberal Democrat leader`). After a cue ([`Ctx::np_after`]) the
//! phrase must start capitalized, with a determiner or with a subject
//! pronoun (`said Peskov`, `said the ministry`, `said he`), or end with a
//! capitalized name after a title (`said chief executive Jean Dupont`).

use super::attribution::{is_cue_word, is_word, Ctx};
use crate::extract::coref::is_subject_pronoun;
use crate::extract::WordSet;
use crate::text::TokenKind;
use std::ops::Range;

static NP_STOP: WordSet = WordSet::from_lines(include_str!("data/np_stop.txt"));
static NOUN_CUES: WordSet = WordSet::from_lines(include_str!("data/noun_cues.txt"));
static DETERMINERS: WordSet = WordSet::from_lines(include_str!("data/determiners.txt"));
static AUX_ADVERBS: WordSet = WordSet::from_lines(include_str!("data/aux_adverbs.txt"));
static SOURCE_NOUNS: WordSet = WordSet::from_lines(include_str!("data/source_nouns.txt"));

/// How many tokens a parenthetical after a speaker's name may hold (`(D-Wis.)`
/// is five: `D`, `-`, `Wis`, `.` and the closing mark is not counted).
const PAREN_MAX: usize = 6;

impl Ctx<'_> {
    /// Token `i` can be part of a speaker noun phrase.
    pub(super) fn is_np_word(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        if !is_word(t) || self.in_quote[i] {
            return false;
        }
        let n = t.norm.as_str();
        if n == "us" && t.text(self.text) == "US" {
            return true;
        }
        if NOUN_CUES.contains(n) {
            // `state media`, `the report`: a noun, not the verb
            let next_noun = self
                .tokens
                .get(i + 1)
                .is_some_and(|x| is_word(x) && !NP_STOP.contains(&x.norm) && !is_cue_word(&x.norm));
            let after_det = i
                .checked_sub(1)
                .is_some_and(|k| DETERMINERS.contains(self.norm(k)));
            // `a police statement said`, `a Holcim statement said`: the head
            // noun of a compound, right before the speech verb
            let compound_head = i.checked_sub(1).is_some_and(|k| {
                let p = &self.tokens[k];
                is_word(p)
                    && !self.in_quote[k]
                    && !NP_STOP.contains(&p.norm)
                    && !is_cue_word(&p.norm)
            }) && self.tokens.get(i + 1).is_some_and(|x| is_cue_word(&x.norm));
            return next_noun || after_det || compound_head;
        }
        if NP_STOP.contains(n) && self.is_name_part(i) {
            // `Theresa May`, `Will` in `Ben Will`: a capitalized stop word
            // after a capitalized word is part of a name
            return true;
        }
        !NP_STOP.contains(n) && !is_cue_word(n) && !self.is_past_verb(i)
    }

    /// Token `i` is capitalized, not the first of its sentence, and follows a
    /// capitalized word that is not a stop word (`Theresa May`).
    fn is_name_part(&self, i: usize) -> bool {
        let Some(k) = i.checked_sub(1) else {
            return false;
        };
        let p = &self.tokens[k];
        self.tokens[i].is_capitalized(self.text)
            && p.kind == TokenKind::Word
            && p.is_capitalized(self.text)
            && !NP_STOP.contains(&p.norm)
            && !self.in_quote[k]
            && self.sentence_range(i).start != i
    }

    /// Token `i` reads as a past-tense verb after a noun phrase, not as a
    /// word of it: a lower-case word in `-ed` right after another word of a
    /// phrase (`a report released`, `the governor returned`, `the chairwoman
    /// rallied`). An `-ed` word that opens a phrase is an adjective: after a
    /// determiner, a stop word, a cue or an adverb in `-ly` (`the affected
    /// residents`, `unnamed sources`, `said retired general X`, `newly
    /// elected`).
    fn is_past_verb(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        let n = t.norm.as_str();
        if n.len() < 5 || !n.ends_with("ed") || t.is_capitalized(self.text) {
            return false;
        }
        let Some(p) = i.checked_sub(1).and_then(|k| self.tokens.get(k)) else {
            return false;
        };
        p.kind == TokenKind::Word
            && !self.in_quote[i - 1]
            && !DETERMINERS.contains(&p.norm)
            && !NP_STOP.contains(&p.norm)
            && !is_cue_word(&p.norm)
            && !p.norm.ends_with("ly")
    }

    /// Token `i` is a cue word that can also be a noun (`data/noun_cues.txt`).
    pub(super) fn is_noun_cue(&self, i: usize) -> bool {
        NOUN_CUES.contains(self.norm(i))
    }

    /// `r` as a noun phrase: a leading `of`/`for` dropped, and some word in it
    /// that is neither a determiner nor `'s`.
    pub(super) fn valid_np(&self, r: Range<usize>) -> Option<Range<usize>> {
        if r.start >= r.end {
            return None;
        }
        let mut r = r;
        while r.start < r.end && matches!(self.norm(r.start), "of" | "for") {
            r.start += 1;
        }
        let content = r
            .clone()
            .any(|i| !DETERMINERS.contains(self.norm(i)) && self.norm(i) != "'s");
        (content && r.start < r.end).then_some(r)
    }

    /// A noun phrase ending right before `end` (exclusive), not before `lo`.
    pub(super) fn np_ending(&self, end: usize, lo: usize) -> Option<Range<usize>> {
        if end > lo && is_subject_pronoun(self.norm(end - 1)) {
            // `X told the paper it expected`: a subject pronoun opens its
            // own clause; the phrase is the pronoun alone
            return Some(end - 1..end);
        }
        let mut j = end;
        while j > lo && self.is_np_word(j - 1) && end - j < 9 {
            j -= 1;
        }
        // allow `the head of the agency`, `a spokesman for the ministry`,
        // `people familiar with the matter`
        while j > lo + 1 && self.is_link(j - 1) && self.is_np_word(j - 2) && end - j < 9 {
            j -= 1;
            while j > lo && self.is_np_word(j - 1) && end - j < 9 {
                j -= 1;
            }
        }
        self.valid_np(j..end)
    }

    /// Token `i` joins a noun phrase to the one after it: `of`, `for`,
    /// `from` after a name or a source noun (`a statement from the
    /// ministry`, `Ben Coppin from Envisional`; `data/source_nouns.txt`),
    /// and the prepositions of unnamed sources (`familiar with`, `close
    /// to`, `briefed on`, `with knowledge of`).
    fn is_link(&self, i: usize) -> bool {
        match self.norm(i) {
            "of" | "for" => true,
            "from" => i.checked_sub(1).is_some_and(|p| {
                let w = self.norm(p);
                SOURCE_NOUNS.contains(w)
                    || NOUN_CUES.contains(w)
                    || (self.tokens[p].is_capitalized(self.text) && !self.in_quote[p])
            }),
            "with" if self.norm(i + 1) == "knowledge" => true,
            "with" | "to" | "on" => i.checked_sub(1).is_some_and(|p| {
                matches!(
                    self.norm(p),
                    "familiar" | "close" | "briefed" | "knowledgeable" | "involved"
                )
            }),
            _ => false,
        }
    }

    /// The end of the noun-phrase words from `s` (before `hi`): at most
    /// `head_max` words, then phrases joined by [`Ctx::is_link`] up to 12
    /// words in all (`the head of the agency`).
    pub(super) fn np_extent(&self, s: usize, hi: usize, head_max: usize) -> usize {
        let mut e = s;
        while e < hi && self.is_np_word(e) && e - s < head_max {
            e += 1;
        }
        while e + 1 < hi && self.is_link(e) && self.is_np_word(e + 1) {
            e += 1;
            while e < hi && self.is_np_word(e) && e - s < 12 {
                e += 1;
            }
        }
        e
    }

    /// Token `i` can start a speaker named after a cue: capitalized, a
    /// determiner or a subject pronoun.
    pub(super) fn can_open_speaker(&self, i: usize) -> bool {
        let first = &self.tokens[i];
        first.is_capitalized(self.text)
            || DETERMINERS.contains(&first.norm)
            || is_subject_pronoun(&first.norm)
    }

    /// The first token from `k` (before `hi`) that is not an auxiliary or an
    /// adverb of `data/aux_adverbs.txt`.
    pub(super) fn skip_aux(&self, k: usize, hi: usize) -> usize {
        let mut k = k;
        while k < hi && AUX_ADVERBS.contains(self.norm(k)) {
            k += 1;
        }
        k
    }

    /// The token after a short parenthetical opening at `open` (`(D-Wis.)`,
    /// `(pictured)`, `(AP)`): the `(` at `open`, at most [`PAREN_MAX`] tokens,
    /// then `)`, none of them a quotation mark or a cue. `None` otherwise.
    pub(super) fn paren_after(&self, open: usize, hi: usize) -> Option<usize> {
        if self.tokens.get(open).map(|t| t.text(self.text)) != Some("(") {
            return None;
        }
        let lim = hi.min(open + PAREN_MAX + 2);
        for k in open + 1..lim {
            if self.is_mark[k] || self.is_cue(k) || self.in_quote[k] {
                return None;
            }
            match self.tok(k) {
                ")" => return (k > open + 1).then_some(k + 1),
                "(" => return None,
                "." | "?" | "!" | ";" if self.sentence_range(k).end == k + 1 => return None,
                _ => {}
            }
        }
        None
    }

    /// The `(` of a short parenthetical ending right before `end` (the mirror
    /// of [`Ctx::paren_after`]), not before `lo`.
    fn paren_before(&self, end: usize, lo: usize) -> Option<usize> {
        if end <= lo || self.tok(end - 1) != ")" {
            return None;
        }
        let floor = lo.max(end.saturating_sub(PAREN_MAX + 2));
        let mut k = end - 1;
        while k > floor {
            k -= 1;
            if self.tok(k) == "(" {
                return (self.paren_after(k, end) == Some(end)).then_some(k);
            }
        }
        None
    }

    /// The subject of the cue at `cue`: a noun phrase before it, auxiliaries and
    /// adverbs skipped; `X, the minister, said` gives `X`, `X (D-Wis.) said`
    /// gives `X`, `X, who said` gives `X`.
    pub(super) fn np_before(&self, cue: usize, lo: usize) -> Option<Range<usize>> {
        let mut j = cue;
        while j > lo && AUX_ADVERBS.contains(self.norm(j - 1)) {
            j -= 1;
        }
        if let Some(open) = self.paren_before(j, lo) {
            // `Rep. Gwen Moore (D-Wis.) said`: the name before the parenthetical
            let name = self.np_ending(open, lo)?;
            let named = name
                .clone()
                .any(|k| self.tokens[k].is_capitalized(self.text));
            return named.then_some(name);
        }
        if j >= lo + 3
            && matches!(self.norm(j - 1), "who" | "which")
            && self.tok(j - 2) == ","
            && !self.is_mark[j - 2]
        {
            // `NAME, who said`: the name the relative pronoun stands for
            let name = self.np_ending(j - 2, lo)?;
            return self.tokens[name.end - 1]
                .is_capitalized(self.text)
                .then_some(name);
        }
        if j > lo && self.tokens[j - 1].text(self.text) == "," && !self.is_mark[j - 1] {
            // appositive: `NAME, DESCRIPTION, said`
            if let Some(desc) = self.np_ending(j - 1, lo) {
                if desc.start > lo + 1 && self.tokens[desc.start - 1].text(self.text) == "," {
                    if let Some(name) = self.np_ending(desc.start - 1, lo) {
                        if self.tokens[name.start].is_capitalized(self.text) {
                            return Some(name);
                        }
                    }
                }
            }
            // relative clause: `NAME, who …, said`
            return self.name_before_relative(j - 1, lo);
        }
        self.np_ending(j, lo).map(|r| self.own_phrase(r))
    }

    /// The last phrase of `r` that an article opens right after a
    /// lower-case noun, when a lower-case head ends `r`: in `In his New Year
    /// message the Liberal Democrat leader said`, the speaker is `the
    /// Liberal Democrat leader`. Not past a link (`a spokesman for the
    /// ministry`), a name (`Save the Children`, `Launching the initiative Mr
    /// Clarke`) nor an appositive name (`voting watchdog the Electoral
    /// Commission`, which ends capitalized).
    fn own_phrase(&self, r: Range<usize>) -> Range<usize> {
        let lower = |i: usize| {
            self.tokens
                .get(i)
                .is_some_and(|t| is_word(t) && !t.is_capitalized(self.text))
        };
        // what comes before is no phrase of its own when a name or an
        // article opens it (`Rubio recites the same campaign`, `a probe the
        // law enforcement agency`): only a lower-case word or a possessive
        // (`his New Year message`, `meddling`)
        let first = self.norm(r.start);
        let opener = (lower(r.start) && !DETERMINERS.contains(first))
            || matches!(
                first,
                "his" | "her" | "its" | "their" | "our" | "my" | "your"
            );
        if r.is_empty() || !lower(r.end - 1) || !opener {
            return r;
        }
        let opens = |k: usize| {
            matches!(self.norm(k), "the" | "a" | "an")
                && lower(k - 1)
                && !DETERMINERS.contains(self.norm(k - 1))
                && !self.is_link(k - 1)
        };
        match (r.start + 1..r.end).rev().find(|&k| opens(k)) {
            Some(k) => k..r.end,
            None => r,
        }
    }

    /// `NAME, who … ,` ending at the comma `comma`: the capitalized name
    /// before the relative clause (looked for at most 30 tokens back).
    fn name_before_relative(&self, comma: usize, lo: usize) -> Option<Range<usize>> {
        let floor = lo.max(comma.saturating_sub(30));
        let mut k = comma;
        while k > floor + 1 {
            k -= 1;
            if self.is_mark[k] || matches!(self.tok(k), "." | ";" | ":") {
                return None;
            }
            if self.tok(k) == "," && matches!(self.norm(k + 1), "who" | "whose" | "which" | "whom")
            {
                let name = self.np_ending(k, lo)?;
                return self.tokens[name.start]
                    .is_capitalized(self.text)
                    .then_some(name);
            }
        }
        None
    }

    /// A noun phrase right after the cue (`said X`, `according to X`), before `hi`.
    pub(super) fn np_after(&self, cue: usize, hi: usize) -> Option<Range<usize>> {
        let according = self.norm(cue) == "according";
        let s = if according { cue + 2 } else { cue + 1 };
        let mut e = self.np_extent(s, hi, 9);
        if e < hi && self.norm(e) == "'s" {
            // `said Russia's defence ministry`
            e += 1;
            while e < hi && self.is_np_word(e) && e - s < 12 {
                e += 1;
            }
        }
        let r = self.valid_np(s..e)?;
        // `said chief executive Jean-Louis Raymond`: a title before a name
        let titled = r.end > r.start && self.tokens[r.end - 1].is_capitalized(self.text);
        (self.can_open_speaker(r.start) || according || titled).then_some(r)
    }
}
