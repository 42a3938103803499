//! Descriptions that name no one by name (a part of [`super::Resolver`]):
//! an organisation by its head noun (`the ministry`, `the force`), an
//! indefinite description or an unnamed source (`one analyst`, `two people
//! familiar with the matter`), a plural subject that a `they` after it means
//! (`The company's lawyers disagreed.`), a person described by age.

use super::{is_age, Resolver};
use crate::extract::Label;
use crate::text::{Token, TokenKind};
use std::ops::Range;

/// Head nouns of organisations that name a kind of business rather than a
/// word of its name: `the bank` is as often `Halifax` or `ABN Amro` as a
/// `… Bank`, so these go to the latest organisation, never by the name's
/// words (`the ministry` goes to `Ministry of Hajj`).
const GENERIC_ORG_HEADS: [&str; 26] = [
    "bank",
    "company",
    "firm",
    "group",
    "club",
    "team",
    "network",
    "channel",
    "site",
    "website",
    "outlet",
    "paper",
    "newspaper",
    "campaign",
    "airline",
    "carrier",
    "lender",
    "insurer",
    "retailer",
    "supermarket",
    "chain",
    "manufacturer",
    "giant",
    "operator",
    "publisher",
    "studio",
];

/// Auxiliaries that end a sentence's subject (`The firm has …`).
const AUXILIARIES: [&str; 18] = [
    "has", "had", "have", "is", "was", "are", "were", "will", "would", "could", "can", "may",
    "might", "should", "must", "does", "did", "do",
];

/// Words opening an indefinite description of unnamed people or bodies
/// (`one analyst`, `two people familiar with the matter`, `some
/// economists`): they refer to no entity of the text.
const INDEFINITE: [&str; 20] = [
    "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "some", "several", "many", "another", "other", "few", "most", "all",
];

impl<'a> Resolver<'a> {
    /// True when the span opens with an indefinite word or a number (`one
    /// analyst`, `an official`, `500 officials`). With `org_head` (the head
    /// noun names a kind of organisation) a lone `a`/`an` does not count:
    /// `said an agency statement` is the agency just named.
    pub(super) fn is_indefinite(&self, span: &Range<usize>, org_head: bool) -> bool {
        let k = self.tokens.partition_point(|t| t.start < span.start);
        self.tokens.get(k).is_some_and(|t| {
            let w = t.norm.as_str();
            t.start < span.end
                && (INDEFINITE.contains(&w) || t.kind == TokenKind::Number)
                && !(org_head && matches!(w, "a" | "an"))
        })
    }

    /// True when the nearest sentence before byte `pos` that is not all
    /// quoted words has for subject a description of people or things in
    /// the plural naming no entity (`The company's lawyers disagreed.`,
    /// `Some analysts were less sure.`): what a `they` after it means.
    pub(super) fn plural_subject_before(&self, pos: usize) -> bool {
        let cur = self.sentences.partition_point(|r| r.end <= pos);
        let Some(r) = (cur.saturating_sub(3)..cur)
            .rev()
            .filter_map(|k| self.sentences.get(k))
            .find(|r| !self.in_quote(r.start) || !self.in_quote(r.end.saturating_sub(1)))
        else {
            return false;
        };
        let k = self.tokens.partition_point(|t| t.start < r.start);
        let toks = self.tokens.get(k..).unwrap_or(&[]);
        let mut i = 0;
        while toks
            .get(i)
            .is_some_and(|t| matches!(t.norm.as_str(), "but" | "and" | "however" | ","))
        {
            i += 1;
        }
        let opens = toks.get(i).is_some_and(|t| {
            matches!(
                t.norm.as_str(),
                "the" | "some" | "many" | "several" | "other"
            )
        });
        if !opens {
            return false;
        }
        // a lower-case word ending in `s` within five words (not a
        // possessive's owner), before any mention of an entity, any
        // auxiliary (`The firm has`) and any punctuation (`The bill, which
        // ministers …`), is the plural head
        let rest = toks.get(i + 1..).unwrap_or(&[]);
        for (j, t) in rest.iter().enumerate().take(5) {
            if t.end > r.end || self.index.overlapping(&(t.start..t.end)).is_some() {
                return false;
            }
            let w = t.norm.as_str();
            if AUXILIARIES.contains(&w) || (self.is_cue)(w) || t.kind == TokenKind::Punct {
                return false;
            }
            let owner = rest.get(j + 1).is_some_and(|n| n.norm == "'s");
            if t.kind == TokenKind::Word
                && !t.is_capitalized(self.text)
                && w.len() > 3
                && !owner
                && w.ends_with('s')
                && !w.ends_with("ss")
                && !w.ends_with("us")
            {
                return true;
            }
        }
        false
    }

    /// The tokens inside `span` (at most 32).
    fn span_tokens(&self, span: &Range<usize>) -> impl Iterator<Item = &'a Token> + '_ {
        let k = self.tokens.partition_point(|t| t.start < span.start);
        let end = span.end;
        self.tokens
            .get(k..)
            .unwrap_or(&[])
            .iter()
            .take_while(move |t| t.end <= end)
            .take(32)
    }

    /// True when the span describes an unnamed source by whom it is near
    /// (`close to`, `familiar with`, `briefed on`, `with knowledge of`).
    pub(super) fn near_source(&self, span: &Range<usize>) -> bool {
        self.span_tokens(span).any(|t| {
            matches!(
                t.norm.as_str(),
                "close" | "familiar" | "briefed" | "knowledge"
            )
        })
    }

    /// True when a word of the span is an age used as a noun (`The
    /// 28-year-old world number one`).
    pub(super) fn has_age(&self, span: &Range<usize>) -> bool {
        self.span_tokens(span).any(|t| is_age(&t.norm))
    }

    /// An organisation described by its head noun (`the ministry`, `the
    /// force`, `the company`) at byte `pos`: the latest organisation whose
    /// name has that word (`Ministry of Hajj`, `Royal Air Force`), else the
    /// latest organisation, never one named inside a quote (`“Posts on X
    /// and Instagram …,” the ministry added`) nor one told something
    /// (`telling Fox 35 that …`: the listener).
    pub(super) fn organisation_described(&self, head: &str, pos: usize) -> Option<usize> {
        let org = |i: usize| self.entities.get(i).is_some_and(|e| e.label == Label::Org);
        let named = self
            .name_words
            .get(head)
            .filter(|_| !GENERIC_ORG_HEADS.contains(&head));
        if let Some(named) = named {
            let found =
                self.latest_outside_quotes(pos, &|i| org(i) && named.binary_search(&i).is_ok());
            if found.is_some() {
                return found;
            }
        }
        self.latest_mention(pos, &|ei, start| org(ei) && !self.told(start))
    }

    /// True when the mention starting at byte `start` is the object of a
    /// verb of telling (`told Reuters`, `telling Fox 35`), a determiner
    /// between them allowed (`told the BBC`).
    fn told(&self, start: usize) -> bool {
        let k = self.tokens.partition_point(|t| t.start < start);
        let norm = |i: usize| self.tokens.get(i).map_or("", |t| t.norm.as_str());
        let prev = match k.checked_sub(1) {
            Some(p) if norm(p) == "the" => p.checked_sub(1),
            p => p,
        };
        prev.is_some_and(|p| matches!(norm(p), "told" | "tell" | "tells" | "telling"))
    }
}
