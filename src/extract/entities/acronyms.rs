//! Acronyms defined in the text, both ways round.
//!
//! `Korean Central News Agency (KCNA)` and `unmanned aerial vehicles (UAVs)`
//! define an acronym: the words before the parenthesis whose initials
//! (skipping small words: `data/acronym_small_words.txt`, or keeping an
//! `of`: `Department of Energy (DOE)`) spell it, or
//! spell it but for a last capitalised word (`Public and Commercial
//! Services Union (PCS)`). Once the
//! values are found, the definitions fill the tagger's gaps:
//! - when the acronym was tagged, every draft of it takes one label (MISC for
//!   a common-noun expansion such as `unmanned aerial vehicles`, else the
//!   acronym's) and its expansion, when it is a name, is added with that
//!   label (a common-noun expansion is not a name: CoNLL-2003 leaves such
//!   words out, and so do readers);
//! - when it was not, and the expansion is a name, every use of it outside
//!   names, and its expansion, are added with the expansion's label (MISC if
//!   untagged).
//!
//! The grouping stage then joins acronym and expansion into one entity.

use super::Draft;
use crate::extract::{FxMap, Label, WordSet};
use crate::text::{Token, TokenKind};
use std::ops::Range;

static SMALL_WORDS: WordSet = WordSet::from_lines(include_str!("data/acronym_small_words.txt"));

/// The longest acronym a definition can define (`(ABCDEFGHIJKLMNOPQ)` is not one).
const MAX_ACRONYM_LETTERS: usize = 16;

/// An acronym defined in the text: `expansion (ACRONYM)`.
pub(super) struct Definition {
    /// Token range of the expansion.
    pub expansion: Range<usize>,
    /// Token index of the acronym.
    pub acronym: usize,
}

/// The initials of a name that an acronym may spell besides [`initials`]:
/// those of the name without a leading country acronym
/// (`data/place_acronyms.txt`: `US Securities and Exchange Commission` is
/// the `SEC`), when they have three letters or more (two letters are too
/// easily someone else's). `words` are folded.
fn initials_without_country(words: &[String]) -> Option<String> {
    let (first, rest) = words.split_first()?;
    if !super::repair::is_place_acronym(first) {
        return None;
    }
    let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
    let letters = initials(&rest);
    (letters.chars().count() >= 3).then_some(letters)
}

/// The initials of a name that keep the `of` inside it (`Bank of America`
/// is also the `BOA`, `Department of Energy` the `DOE`), when the name has
/// an `of` after its first word.
pub(super) fn initials_keeping_of(words: &[&str]) -> Option<String> {
    let of = |w: &&str| w.eq_ignore_ascii_case("of");
    if !words.iter().skip(1).any(of) {
        return None;
    }
    Some(
        words
            .iter()
            .filter(|w| of(w) || !SMALL_WORDS.contains(&w.to_lowercase()))
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_uppercase)
            .collect(),
    )
}

/// Every other spelling of a name's initials an acronym may use besides
/// [`initials`] (`words` folded, upper-case letters): without a leading
/// country ([`initials_without_country`]), with the `of`
/// ([`initials_keeping_of`]), both (`DOE` for the `US Department of
/// Energy`), and with a letter for each part of a hyphenated word (`WADA`).
pub(super) fn other_initials(words: &[String]) -> Vec<String> {
    let all: Vec<&str> = words.iter().map(String::as_str).collect();
    let mut out: Vec<String> = Vec::new();
    out.extend(initials_without_country(words));
    out.extend(initials_keeping_of(&all));
    if words
        .first()
        .is_some_and(|w| super::repair::is_place_acronym(w))
    {
        out.extend(initials_keeping_of(&all[1..]).filter(|l| l.chars().count() >= 3));
    }
    // each part of a hyphenated word (`World Anti-Doping Agency` is `WADA`)
    if words.iter().any(|w| w.contains('-')) {
        let parts: Vec<&str> = all
            .iter()
            .flat_map(|w| w.split('-'))
            .filter(|p| !p.is_empty())
            .collect();
        out.push(initials(&parts));
    }
    for l in &mut out {
        l.make_ascii_uppercase();
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Acronym letters of a name: initials of its words, ignoring small words.
pub(super) fn initials(words: &[&str]) -> String {
    words
        .iter()
        .filter(|w| !SMALL_WORDS.contains(&w.to_lowercase()))
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

/// The letters of an acronym token (`KCNA`, `UAVs` → `UAV`, `U.S.` → `US`), if it is one.
pub(super) fn acronym_letters(tok: &str) -> Option<String> {
    let t = tok
        .strip_suffix('s')
        .filter(|t| t.len() >= 2)
        .unwrap_or(tok);
    // checked before anything is allocated: most tokens are not acronyms
    let mut letters = t.chars().filter(|c| *c != '.');
    if !letters.clone().all(char::is_uppercase) || letters.nth(1).is_none() {
        return None;
    }
    Some(t.chars().filter(|c| *c != '.').collect())
}

/// The letters of an acronym written as a word, as British style writes
/// those said as words (`Nato`, `Icann`, `Unicef`): a capital, then three or
/// more lower-case ASCII letters. Only ever read against a longer name of
/// the same article whose initials it spells, so a plain word (`Bath`)
/// joins nothing.
pub(super) fn spoken_acronym_letters(tok: &str) -> Option<String> {
    let mut cs = tok.chars();
    let first = cs.next()?;
    let rest = cs.as_str();
    (first.is_ascii_uppercase() && rest.len() >= 3 && rest.bytes().all(|b| b.is_ascii_lowercase()))
        .then(|| tok.to_ascii_uppercase())
}

/// Acronym definitions: `words (ACR)` where the initials of the words just
/// before the parenthesis (small words allowed in between) match.
pub(super) fn definitions(text: &str, tokens: &[Token]) -> Vec<Definition> {
    let mut defs = Vec::new();
    for i in 1..tokens.len().saturating_sub(1) {
        if tokens[i - 1].text(text) != "(" || tokens[i + 1].text(text) != ")" {
            continue;
        }
        let Some(acr) = acronym_letters(tokens[i].text(text)) else {
            continue;
        };
        let n = acr.chars().count();
        // longer "acronyms" are not names, and each letter costs a pass over
        // the words before the parenthesis
        if i < n + 1 || n > MAX_ACRONYM_LETTERS {
            continue;
        }
        // try n words before the parenthesis, allowing small words in between
        let mut words = Vec::new();
        let mut j = i - 1;
        while j > 0 && words.len() < n + 3 {
            j -= 1;
            crate::extract::work::add(words.len() + 1);
            let t = &tokens[j];
            if t.kind != TokenKind::Word {
                break;
            }
            words.insert(0, j);
            let ws: Vec<&str> = words.iter().map(|&k| tokens[k].text(text)).collect();
            // the expansion may end with one capitalised word the acronym
            // leaves out (`Public and Commercial Services Union (PCS)`)
            let without_last = ws.len() >= 2
                && ws.last().is_some_and(|w| w.starts_with(char::is_uppercase))
                && initials(&ws[..ws.len() - 1]).eq_ignore_ascii_case(&acr);
            let with_of = initials_keeping_of(&ws).is_some_and(|l| l.eq_ignore_ascii_case(&acr));
            if initials(&ws).eq_ignore_ascii_case(&acr) || without_last || with_of {
                defs.push(Definition {
                    expansion: j..i - 1,
                    acronym: i,
                });
                break;
            }
        }
    }
    defs
}

/// Adds the drafts that acronym definitions imply (see the module
/// documentation); `in_name` marks the tokens already inside names. The
/// drafts stay in text order, without duplicates.
///
/// Linear in the drafts, tokens and definitions: the drafts are indexed (which
/// tokens they cover, the first draft of each token range, the one-token
/// drafts of each acronym), and relabelling every use of an acronym is
/// recorded once per definition and applied at the end ([`Drafts`]).
pub(super) fn add_defined(
    text: &str,
    tokens: &[Token],
    defs: &[Definition],
    in_name: &[bool],
    drafts: &mut Vec<Draft>,
) {
    // every token that is an acronym, by its letters
    let mut uses: FxMap<String, Vec<usize>> = FxMap::default();
    for (k, t) in tokens.iter().enumerate() {
        if let Some(a) = acronym_letters(t.text(text)) {
            uses.entry(a).or_default().push(k);
        }
    }
    let mut ds = Drafts::new(text, tokens, std::mem::take(drafts));
    for Definition {
        expansion: exp,
        acronym: acr,
    } in defs
    {
        let acr_r = *acr..*acr + 1;
        let key = tokens
            .get(*acr)
            .and_then(|t| acronym_letters(t.text(text)))
            .unwrap_or_default();
        // a common-noun expansion (`unmanned aerial vehicles (UAVs)`,
        // `personal video recorder (PVR)`) is not a name, as CoNLL and
        // readers see it: it is never added, and an acronym the tagger
        // left untagged stays so
        let lower_expansion = tokens
            .get(exp.clone())
            .unwrap_or_default()
            .iter()
            .all(|t| !t.is_capitalized(text));
        if ds.tagged(&acr_r) {
            // the expansion joins the acronym's entity; a tagged acronym of
            // common nouns is a MISC thing
            let label = if lower_expansion {
                Label::Misc
            } else {
                ds.label_of(&acr_r)
            };
            ds.relabel(&key, label);
            if !ds.tagged(exp) && !lower_expansion {
                ds.push(Draft::new(exp.clone(), label));
            }
            continue;
        }
        if lower_expansion {
            continue;
        }
        let label = ds.label_of(exp);
        // every use of the acronym in the text
        crate::extract::work::add(uses.get(&key).map_or(0, Vec::len));
        let mut add: Vec<Range<usize>> = uses
            .get(&key)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter(|&&k| !in_name.get(k).copied().unwrap_or(false))
            .map(|&k| k..k + 1)
            .collect();
        if !ds.tagged(exp) {
            add.push(exp.clone());
        }
        for r in add {
            ds.push(Draft::new(r, label));
        }
    }
    *drafts = ds.finish();
    crate::text::sort::sort_by_key(drafts, |d| d.tokens.start);
    drafts.dedup_by(|a, b| a.tokens == b.tokens);
}

/// The drafts while definitions are added, indexed so that each question
/// costs the size of its answer, not a scan of every draft.
struct Drafts<'a> {
    text: &'a str,
    tokens: &'a [Token],
    drafts: Vec<Draft>,
    /// For each token: inside some draft.
    covered: Vec<bool>,
    /// Token range → the first draft with exactly that range.
    first: FxMap<(usize, usize), usize>,
    /// Acronym letters → the one-token drafts that are that acronym, and for
    /// each such draft its place in that list.
    by_acronym: FxMap<String, Vec<usize>>,
    place: FxMap<usize, usize>,
    /// Acronym letters → (label, n): the first n drafts of its list take the
    /// label (the last relabelling, not yet applied).
    relabelled: FxMap<String, (Label, usize)>,
}

impl<'a> Drafts<'a> {
    fn new(text: &'a str, tokens: &'a [Token], drafts: Vec<Draft>) -> Drafts<'a> {
        let mut ds = Drafts {
            text,
            tokens,
            drafts: Vec::with_capacity(drafts.len()),
            covered: vec![false; tokens.len()],
            first: FxMap::default(),
            by_acronym: FxMap::default(),
            place: FxMap::default(),
            relabelled: FxMap::default(),
        };
        for d in drafts {
            ds.push(d);
        }
        ds
    }

    /// Adds a draft (at the end, as `Vec::push`).
    fn push(&mut self, d: Draft) {
        let i = self.drafts.len();
        let r = d.tokens.clone();
        for k in r.clone() {
            if let Some(c) = self.covered.get_mut(k) {
                *c = true;
            }
        }
        self.first.entry((r.start, r.end)).or_insert(i);
        if r.len() == 1 {
            if let Some(a) = self
                .tokens
                .get(r.start)
                .and_then(|t| acronym_letters(t.text(self.text)))
            {
                let list = self.by_acronym.entry(a).or_default();
                self.place.insert(i, list.len());
                list.push(i);
            }
        }
        self.drafts.push(d);
    }

    /// Some draft overlaps the (non-empty) token range `r`.
    fn tagged(&self, r: &Range<usize>) -> bool {
        crate::extract::work::add(r.len());
        self.covered
            .get(r.clone())
            .is_some_and(|c| c.iter().any(|&x| x))
    }

    /// The label of the first draft with exactly the tokens `r` (MISC if none).
    fn label_of(&self, r: &Range<usize>) -> Label {
        let Some(&i) = self.first.get(&(r.start, r.end)) else {
            return Label::Misc;
        };
        self.label(i)
    }

    /// The label draft `i` has now (a pending relabelling included).
    fn label(&self, i: usize) -> Label {
        let own = self.drafts.get(i).map_or(Label::Misc, |d| d.label);
        let Some(&p) = self.place.get(&i) else {
            return own;
        };
        let pending = self
            .tokens
            .get(self.drafts.get(i).map_or(usize::MAX, |d| d.tokens.start))
            .and_then(|t| acronym_letters(t.text(self.text)))
            .and_then(|a| self.relabelled.get(&a).copied());
        match pending {
            Some((l, n)) if p < n => l,
            _ => own,
        }
    }

    /// Every one-token draft of the acronym `key` takes `label`.
    fn relabel(&mut self, key: &str, label: Label) {
        let n = self.by_acronym.get(key).map_or(0, Vec::len);
        self.relabelled.insert(key.to_string(), (label, n));
    }

    /// The drafts, every relabelling applied.
    fn finish(mut self) -> Vec<Draft> {
        for (key, (label, n)) in std::mem::take(&mut self.relabelled) {
            for &i in self
                .by_acronym
                .get(&key)
                .map_or(&[][..], |l| &l[..n.min(l.len())])
            {
                if let Some(d) = self.drafts.get_mut(i) {
                    d.set_label_by_rule(label);
                }
            }
        }
        self.drafts
    }
}
