//! Stage 4: mentions → entities.
//!
//! Drafts are visited longest first (then in text order), so full names
//! found groups before the shorter references that join them:
//! - the same letters and label (`Kim Jong Un` / `Kim Jong-un`);
//! - people: the same surname with compatible first names (`Sergey` /
//!   `Sergei Shoigu`, `J. Smith` / `John Smith`); the last words of a longer
//!   name (`da Silva`, `Lula da Silva`); a surname or first name
//!   alone joins the most recent person with it (`Shoigu`, `Kim`), but of
//!   two people of one surname the one the article named first (`Trump`
//!   after `Donald Trump`, then `Melania Trump`), and a person whose first
//!   name's gender a title before the surname tells (`Mrs. Clinton`) before
//!   one whose first name tells the other;
//! - places: `the North` joins North Korea when the article has one such place;
//! - acronyms: their initials spell a group's name (`KCNA`), or its name
//!   but a leading country (`SEC` for the `US Securities and Exchange
//!   Commission`), or its name with its `of` (`BOA` for Bank of
//!   America), or the text defines them as it (`unmanned aerial
//!   vehicles (UAVs)`; later uses too when the letters are not the name's
//!   initials: `Public and Commercial Services Union (PCS)`);
//! - organizations: a name contained in a longer one (`Central News Agency`);
//!   a party by its name and `X Party` (`Labour`, `Labour Party`), or by two
//!   names listed as one in `data/name_aliases.txt` (`Tories`, `Conservatives`);
//!   the last word of the one organisation that ends with it (`United` for
//!   Manchester United), or has it as the body's word before its `of`, `to`
//!   or `for` (`the Committee` for the Committee to Protect Bloggers); the
//!   first word of the one organisation whose other words are generic
//!   (`Telegraph` for Telegraph Group, `Daiwa` for Daiwa Securities: see
//!   `data/org_tails.txt`), also when the tagger took it for a person's name
//!   and no person of the article has a longer name with it.
//!
//! Each group becomes an entity: its fullest form is the canonical name (ties:
//! more letters, then the most frequent, then the latest), the other forms
//! are aliases (in order of last use), the first role seen is its role, and
//! the label most of its members have is its label (ties: the group's own).

use super::acronyms::{
    acronym_letters, initials, other_initials, spoken_acronym_letters, Definition,
};
use super::aliases::alias_line;
use super::{Draft, Entity};
use crate::extract::coref::{first_names_compatible, is_first_name, letters_key};
use crate::extract::ner::NerModel;
use crate::extract::{FxMap, Label, WordSet};
use crate::text::Token;

mod bare;

/// Generic last words of organisation names (`group`, `airlines`): see
/// `data/org_tails.txt`.
static ORG_TAILS: WordSet = WordSet::from_lines(include_str!("data/org_tails.txt"));

/// Generic last words of the names of events and prizes (`contest`,
/// `awards`): see `data/event_tails.txt`.
static EVENT_TAILS: WordSet = WordSet::from_lines(include_str!("data/event_tails.txt"));

/// Whether a name of two words or more (folded words `full`, label `label`)
/// is its first word followed by generic words only, so that the first
/// word alone, with the same label, names the same thing: an organisation
/// and the words of `data/org_tails.txt` (`Telegraph Group`), a MISC name
/// and those of `data/event_tails.txt` (`Eurovision Song Contest`).
fn first_word_and_tail(label: Label, full: &[String]) -> bool {
    let tails = match label {
        Label::Org => &ORG_TAILS,
        Label::Misc => &EVENT_TAILS,
        _ => return false,
    };
    full.len() >= 2 && full[1..].iter().all(|w| tails.contains(w))
}

/// Drafts that name one thing.
pub(super) struct Group {
    /// The label of the group's first (fullest) draft.
    label: Label,
    /// Folded tokens of the fullest name.
    full: Vec<String>,
    /// Whether its fullest name's first word may open a person's name
    /// (see [`group_names`]).
    named: bool,
    /// Letters of `full` (see [`letters_key`]).
    key: String,
    /// Indices of the member drafts.
    members: Vec<usize>,
    /// The members' first tokens (for the most recent member before a place).
    starts: std::collections::BTreeSet<usize>,
    /// Acronyms the text defines as this group's name whose letters are
    /// not its initials (`Public and Commercial Services Union (PCS)`), upper
    /// case: later uses of the acronym join the group by them.
    defined: Vec<String>,
    /// Its fullest name is a quoted title (`“The Internet Explorer 6
    /// Countdown”`): the name of a thing (a site, a report, a campaign)
    /// that merely contains another name, so no shorter name joins it by
    /// being inside it.
    quoted: bool,
}

/// The folded words of a draft (of its part, for a hyphenated token).
fn folded_words(text: &str, tokens: &[Token], d: &Draft) -> Vec<String> {
    match &d.sub {
        Some(r) => crate::text::fold(&text[r.clone()])
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect(),
        None => tokens[d.tokens.clone()]
            .iter()
            .map(|t| t.norm.to_string())
            .collect(),
    }
}

/// How many groups one index key lists at most: a draft is compared with at
/// most this many groups per way of matching (same surname, same initials,
/// ...). Real articles stay far below it; a hostile text repeating one
/// surname with thousands of first names stops growing the lists here, so
/// grouping stays linear.
const MAX_PER_KEY: usize = 256;

/// The groups by every key a draft can match them on, so that a draft is
/// compared with the few groups that share a key with it instead of with all
/// of them. Lists may hold a group that no longer has the key (a group's
/// fullest name can change): candidates are always checked again.
#[derive(Default)]
struct GroupIndex {
    /// (label, letters key) → groups.
    by_key: FxMap<(Label, String), Vec<usize>>,
    /// Person groups by the last word of their fullest name.
    per_last: FxMap<String, Vec<usize>>,
    /// Person groups by the first word of their fullest name.
    per_first: FxMap<String, Vec<usize>>,
    /// Place groups of two words or more by their first word (`north`).
    loc_first: FxMap<String, Vec<usize>>,
    /// Groups of two words or more by their initials (ASCII upper case).
    by_initials: FxMap<String, Vec<usize>>,
    /// Organization groups by each pair of adjacent words of their name.
    org_pairs: FxMap<(String, String), Vec<usize>>,
    /// Groups by their fullest name's folded words.
    by_full: FxMap<Vec<String>, Vec<usize>>,
    /// One-word groups by their acronym letters (`KCNA`).
    by_acronym: FxMap<String, Vec<usize>>,
    /// Groups by the line of `data/name_aliases.txt` that names them.
    by_alias: FxMap<usize, Vec<usize>>,
    /// Groups but people's by the last word of each of their names of two
    /// words or more.
    org_last: FxMap<String, Vec<usize>>,
    /// Organisation and MISC groups whose name is a first word and generic
    /// words ([`first_word_and_tail`]), by that first word.
    tail_first: FxMap<String, Vec<usize>>,
}

/// Adds `gi` to the list of `key` in `map` (up to [`MAX_PER_KEY`]).
fn push_key<K: std::hash::Hash + Eq>(map: &mut FxMap<K, Vec<usize>>, key: K, gi: usize) {
    let list = map.entry(key).or_default();
    if list.len() < MAX_PER_KEY && list.last() != Some(&gi) {
        list.push(gi);
    }
}

/// The list of `key` in `map` (empty when absent).
fn listed<'m, K, Q>(map: &'m FxMap<K, Vec<usize>>, key: &Q) -> &'m [usize]
where
    K: std::borrow::Borrow<Q> + std::hash::Hash + Eq,
    Q: std::hash::Hash + Eq + ?Sized,
{
    map.get(key).map_or(&[], Vec::as_slice)
}

impl GroupIndex {
    /// Lists group `gi` (`g`, as it is now) under each of its keys.
    fn add(&mut self, gi: usize, g: &Group) {
        push_key(&mut self.by_key, (g.label, g.key.clone()), gi);
        push_key(&mut self.by_full, g.full.clone(), gi);
        if g.label == Label::Per {
            if let (Some(first), Some(last)) = (g.full.first(), g.full.last()) {
                push_key(&mut self.per_first, first.clone(), gi);
                push_key(&mut self.per_last, last.clone(), gi);
            }
        }
        if g.full.len() >= 2 {
            if g.label == Label::Loc {
                push_key(&mut self.loc_first, g.full[0].clone(), gi);
            }
            let gwords: Vec<&str> = g.full.iter().map(String::as_str).collect();
            push_key(
                &mut self.by_initials,
                initials(&gwords).to_ascii_uppercase(),
                gi,
            );
            for letters in other_initials(&g.full) {
                push_key(&mut self.by_initials, letters, gi);
            }
            if g.label != Label::Per {
                if let Some(last) = g.full.last() {
                    push_key(&mut self.org_last, last.clone(), gi);
                }
            }
            // a body's head word before its `of`, `to`, `for`: `the
            // Committee` for the Committee to Protect Bloggers, as the last
            // word (`the Commission` for the European Commission)
            if g.label == Label::Org {
                if let Some(head) = super::shape::body_head_before_connector(&g.full) {
                    push_key(&mut self.org_last, head.to_string(), gi);
                }
            }
            if first_word_and_tail(g.label, &g.full) {
                push_key(&mut self.tail_first, g.full[0].clone(), gi);
            }
            if g.label == Label::Org {
                for w in g.full.windows(2) {
                    push_key(&mut self.org_pairs, (w[0].clone(), w[1].clone()), gi);
                }
            }
        }
        if let [word] = g.full.as_slice() {
            if let Some(acr) = acronym_letters(&word.to_uppercase()) {
                push_key(&mut self.by_acronym, acr, gi);
            }
        }
        if let Some(line) = alias_line(&g.full) {
            push_key(&mut self.by_alias, line, gi);
        }
    }

    /// Every group draft `d` (folded words `f`, letters `key`, acronym
    /// letters `acr`, a one-word name's other number `forms`) could join by
    /// [`find_group`]'s rules, in group order.
    fn candidates(
        &self,
        d: &Draft,
        f: &[String],
        key: &str,
        acr: Option<&str>,
        forms: &[String],
    ) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        out.extend(listed(&self.by_key, &(d.label, key.to_string())));
        if d.label == Label::Per {
            if let Some(last) = f.last() {
                out.extend(listed(&self.per_last, last.as_str()));
            }
            if let [word] = f {
                out.extend(listed(&self.per_first, word.as_str()));
            }
        }
        if let [word] = f {
            if d.label == Label::Loc {
                out.extend(listed(&self.loc_first, word.as_str()));
            }
            if let Some(a) = acr {
                out.extend(listed(&self.by_initials, a.to_ascii_uppercase().as_str()));
            }
        }
        if d.label == Label::Org && f.len() >= 2 {
            out.extend(listed(&self.org_pairs, &(f[0].clone(), f[1].clone())));
        }
        for other in forms {
            out.extend(listed(&self.by_full, std::slice::from_ref(other)));
        }
        if let ([word], Label::Org | Label::Misc) = (f, d.label) {
            out.extend(listed(&self.org_last, word.as_str()));
        }
        if let [word] = f {
            // a firm's first word (`Daiwa`), also when the tagger took it
            // for a person's name
            out.extend(listed(&self.tail_first, word.as_str()));
        }
        if let [word] = f {
            // `Labour` / `Greens` for `Labour Party` / `Green Party`
            for w in std::iter::once(word).chain(forms) {
                out.extend(listed(&self.by_full, &[w.clone(), "party".to_string()][..]));
            }
        }
        if let Some(line) = alias_line(f) {
            out.extend(listed(&self.by_alias, &line));
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The group an earlier, longer draft started that draft `d` (folded words
/// `f`, letters `key`) refers to, if any: the first group in group order
/// that matches, among the groups `index` lists for it.
fn find_group(
    text: &str,
    tokens: &[Token],
    groups: &[Group],
    index: &GroupIndex,
    d: &Draft,
    f: &[String],
    key: &str,
) -> Option<usize> {
    let acr = if f.len() == 1 {
        tokens.get(d.tokens.start).and_then(|t| {
            let word = t.text(text);
            // `Icann` beside the Internet Corporation for Assigned Names
            // and Numbers (whatever type the tagger gave the word)
            acronym_letters(word).or_else(|| spoken_acronym_letters(word))
        })
    } else {
        None
    };
    let mut found = None;
    // the last word of the article's one longer organisation that ends with
    // it: `United` for Manchester United, `Post` for the Washington Post,
    // also when the tagger called it MISC, unless it is a plural of members
    // (`Gurkhas`); not when two groups (of any type but people, by any of
    // their names: a club the tagger once called a place, `Man Utd` then
    // `Manchester United`) end with it (`United` with Newcastle United);
    // only when no other rule finds a group
    let last_word = match f {
        [word] if d.label == Label::Org || d.label == Label::Misc && !word.ends_with('s') => {
            only_listed(listed(&index.org_last, word.as_str()), groups, |h| {
                h.label != Label::Per
            })
            .filter(|&one| groups.get(one).is_some_and(|g| g.label != Label::Loc))
        }
        _ => None,
    };
    let forms = match f {
        [word] => number_forms(word),
        _ => Vec::new(),
    };
    let f_alias = alias_line(f);
    let candidates = index.candidates(d, f, key, acr.as_deref(), &forms);
    crate::extract::work::add(candidates.len() + 1);
    for gi in candidates {
        let Some(g) = groups.get(gi) else { continue };
        if g.key == key && g.label == d.label {
            return Some(gi);
        }
        if d.label == Label::Per && g.label == Label::Per {
            if f.len() >= 2 && g.full.len() >= 2 {
                // same surname, compatible first names
                if f.last() == g.full.last() && first_names_compatible(&f[0], &g.full[0]) {
                    return Some(gi);
                }
                // the end of a longer name: a surname with its particle or
                // middle name (`da Silva`, `Lula da Silva`, `W Bush`)
                if g.full.len() > f.len() && g.full.ends_with(f) {
                    return Some(gi);
                }
            } else if f.len() == 1
                && (g.full.last() == Some(&f[0]) || g.full.first() == Some(&f[0]))
            {
                found = bare::choose(groups, found, gi, d, &f[0]);
            }
            continue;
        }
        // `the North` for North Korea, when the article has one such place
        if d.label == Label::Loc
            && g.label == Label::Loc
            && f.len() == 1
            && g.full.len() >= 2
            && g.full[0] == f[0]
            && matches!(f[0].as_str(), "north" | "south" | "east" | "west")
        {
            let one = only_listed(listed(&index.loc_first, f[0].as_str()), groups, |h| {
                h.label == Label::Loc && h.full.len() >= 2 && h.full[0] == f[0]
            });
            if one.is_some() {
                return Some(gi);
            }
        }
        // acronyms: KCNA ↔ Korean Central News Agency
        let person_or_place = |l: Label| matches!(l, Label::Per | Label::Loc);
        let same_type =
            g.label == d.label || (!person_or_place(d.label) && !person_or_place(g.label));
        // an acronym said as a word (`Icann`) the tagger took for a
        // person joins an organisation it spells
        let spoken = g.label == Label::Org
            && tokens
                .get(d.tokens.start)
                .and_then(|t| spoken_acronym_letters(t.text(text)))
                .is_some();
        if (same_type || spoken) && f.len() == 1 && g.full.len() >= 2 {
            if let Some(acr) = &acr {
                let gwords: Vec<&str> = g.full.iter().map(String::as_str).collect();
                if initials(&gwords).eq_ignore_ascii_case(acr)
                    || other_initials(&g.full)
                        .iter()
                        .any(|l| l.eq_ignore_ascii_case(acr))
                    || g.defined.iter().any(|l| l.eq_ignore_ascii_case(acr))
                {
                    return Some(gi);
                }
            }
        }
        // a party and its members: `Tory` (MISC, as in `Tory sources`) and
        // `Tories` (ORG), `Republican` and `Republicans`, one of them an
        // organisation and neither a person or a place
        if let [gword] = g.full.as_slice() {
            let org_and_name = (d.label == Label::Org || g.label == Label::Org)
                && !person_or_place(d.label)
                && !person_or_place(g.label);
            if org_and_name && forms.contains(gword) {
                return Some(gi);
            }
        }
        // one party by two names: `Labour` / `Labour Party`, `Greens` /
        // `Green Party`, and the names `data/name_aliases.txt` lists
        // (`Tories` / `Conservatives`), neither a person or a place
        if !person_or_place(d.label) && !person_or_place(g.label) {
            let party = match (f, g.full.as_slice()) {
                ([word], [x, p]) if p == "party" => x == word || forms.contains(x),
                _ => false,
            };
            if party || f_alias.is_some_and(|l| alias_line(&g.full) == Some(l)) {
                return Some(gi);
            }
        }
        // a party's first word alone that the tagger took for a person's
        // name (`Veritas would scrap the tax` beside `the Veritas Party`),
        // when no person of the article has a longer name with that word
        if let ([word], [x, p], Label::Per, Label::Org) = (f, g.full.as_slice(), d.label, g.label) {
            if p == "party" && x == word && !person_named_with(groups, index, word) {
                return Some(gi);
            }
        }
        // a name's first word alone, with the same label, when the rest is
        // generic (`Telegraph` for `Telegraph Group`, `Eurovision` for
        // `Eurovision Song Contest`), and the article has one such longer
        // name of that label; also a firm's first word the tagger took for
        // a person's name (`Daiwa added 5.3%` beside `Daiwa Securities`),
        // when no person of the article has a longer name with that word
        if let [word] = f {
            let firm_as_person = d.label == Label::Per
                && g.label == Label::Org
                && !person_named_with(groups, index, word);
            if (g.label == d.label || firm_as_person)
                && g.full.first() == Some(word)
                && first_word_and_tail(g.label, &g.full)
            {
                let one = only_listed(listed(&index.tail_first, word.as_str()), groups, |h| {
                    h.label == g.label
                        && h.full.first() == Some(word)
                        && first_word_and_tail(h.label, &h.full)
                });
                if one.is_some() {
                    return Some(gi);
                }
            }
        }
        // ORG names contained in a longer ORG name (not in a quoted title)
        if d.label == Label::Org
            && g.label == Label::Org
            && !g.quoted
            && f.len() >= 2
            && g.full.len() > f.len()
            && g.full.windows(f.len()).any(|w| w == f)
        {
            return Some(gi);
        }
    }
    found.or(last_word)
}

/// True when a person of the article has a name of two words or more that
/// starts or ends with `word` (folded): `Ford` of `Bill Ford` is his.
fn person_named_with(groups: &[Group], index: &GroupIndex, word: &str) -> bool {
    let person_named = |h: &usize| {
        groups
            .get(*h)
            .is_some_and(|h| h.label == Label::Per && h.full.len() >= 2)
    };
    listed(&index.per_first, word).iter().any(person_named)
        || listed(&index.per_last, word).iter().any(person_named)
}

/// The other number of a one-word name: plural for a singular (`tory` →
/// `tories`, `republican` → `republicans`), singular for a plural.
fn number_forms(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    if word.chars().count() < 3 {
        return out;
    }
    if let Some(stem) = word.strip_suffix("ies") {
        out.push(format!("{stem}y"));
    } else if let Some(stem) = word.strip_suffix('s') {
        if !stem.ends_with('s') {
            out.push(stem.to_string());
        }
    }
    if let Some(stem) = word.strip_suffix('y') {
        out.push(format!("{stem}ies"));
    } else if !word.ends_with('s') {
        out.push(format!("{word}s"));
    }
    out
}

/// The first acronym definition of each acronym token and of each expansion.
struct DefIndex {
    /// Acronym token → index of its first definition.
    acronym: FxMap<usize, usize>,
    /// Expansion token range → index of its first definition.
    expansion: FxMap<(usize, usize), usize>,
}

impl DefIndex {
    fn new(defs: &[Definition]) -> DefIndex {
        let mut acronym = FxMap::default();
        let mut expansion = FxMap::default();
        for (i, def) in defs.iter().enumerate() {
            acronym.entry(def.acronym).or_insert(i);
            expansion
                .entry((def.expansion.start, def.expansion.end))
                .or_insert(i);
        }
        DefIndex { acronym, expansion }
    }

    /// The first definition whose acronym or expansion is draft `d`.
    fn of(&self, d: &Draft) -> Option<usize> {
        let a = (d.tokens.len() == 1)
            .then(|| self.acronym.get(&d.tokens.start).copied())
            .flatten();
        let e = self.expansion.get(&(d.tokens.start, d.tokens.end)).copied();
        match (a, e) {
            (Some(a), Some(e)) => Some(a.min(e)),
            (a, e) => a.or(e),
        }
    }
}

/// The first listed group (in group order) that `ok` accepts.
fn first_listed(list: &[usize], groups: &[Group], ok: impl Fn(&Group) -> bool) -> Option<usize> {
    crate::extract::work::add(list.len());
    let mut list = list.to_vec();
    list.sort_unstable();
    list.into_iter().find(|&gi| groups.get(gi).is_some_and(&ok))
}

/// The one group listed in `list` that `ok` accepts, when exactly one is (a group listed
/// twice counts once); `None` when none or several are.
fn only_listed(list: &[usize], groups: &[Group], ok: impl Fn(&Group) -> bool) -> Option<usize> {
    crate::extract::work::add(list.len());
    let mut found = None;
    for &gi in list {
        if groups.get(gi).is_some_and(&ok) {
            match found {
                Some(f) if f != gi => return None,
                _ => found = Some(gi),
            }
        }
    }
    found
}

/// The group of a defined acronym's (or expansion's) other half, if any.
fn defined_group(
    text: &str,
    tokens: &[Token],
    groups: &[Group],
    index: &GroupIndex,
    defs: &[Definition],
    def_index: &DefIndex,
    d: &Draft,
) -> Option<usize> {
    let def = defs.get(def_index.of(d)?)?;
    let ef: Vec<String> = tokens
        .get(def.expansion.clone())?
        .iter()
        .map(|t| t.norm.to_string())
        .collect();
    first_listed(listed(&index.by_full, ef.as_slice()), groups, |g| {
        g.full == ef
    })
    .or_else(|| {
        let acr = acronym_letters(tokens.get(d.tokens.start)?.text(text))?;
        first_listed(listed(&index.by_acronym, acr.as_str()), groups, |g| {
            g.full.len() == 1 && acronym_letters(&g.full[0].to_uppercase()) == Some(acr.clone())
        })
    })
}

/// Groups the drafts: full (multi-token) names first, then single tokens.
/// `model` (when the English tagger ran) tells a name's first word that
/// may open a person's name from a headline's word glued to one (`Fuming
/// Robinson`, `Classy Henman`, `Rep McCaul`): a common first name, or a
/// word news does not usually write in lower case written outside the
/// headline (the first line).
pub(super) fn group_names(
    text: &str,
    tokens: &[Token],
    drafts: &[Draft],
    defs: &[Definition],
    model: Option<&NerModel>,
) -> Vec<Group> {
    // the headline: the first line, when text follows it
    let headline_end = text
        .find('\n')
        .filter(|&n| !text[n..].trim().is_empty())
        .unwrap_or(0);
    let name_like = |f: &[String], d: &Draft| {
        let in_headline = tokens
            .get(d.tokens.start)
            .is_some_and(|t| t.start < headline_end);
        f.first().is_some_and(|w| {
            is_first_name(w) || !in_headline && model.is_some_and(|m| !m.usually_lowercase(w))
        })
    };
    let mut groups: Vec<Group> = Vec::new();
    let mut index = GroupIndex::default();
    let def_index = DefIndex::new(defs);
    let mut order: Vec<usize> = (0..drafts.len()).collect();
    crate::text::sort::sort_by_key(&mut order, |&i| {
        (
            std::cmp::Reverse(drafts[i].tokens.len()),
            drafts[i].tokens.start,
        )
    });
    for i in order {
        let d = &drafts[i];
        let f = folded_words(text, tokens, d);
        let key = name_key(d.label, &f);
        let mut by_definition = false;
        let found = find_group(text, tokens, &groups, &index, d, &f, &key).or_else(|| {
            by_definition = true;
            defined_group(text, tokens, &groups, &index, defs, &def_index, d)
        });
        match found {
            Some(gi) => {
                // an acronym that joined by its definition: its later uses
                // join by its letters
                let defined_acronym = by_definition
                    .then(|| tokens.get(d.tokens.start))
                    .flatten()
                    .filter(|_| d.tokens.len() == 1)
                    .and_then(|t| acronym_letters(t.text(text)))
                    .map(|a| a.to_ascii_uppercase());
                if let Some(a) = defined_acronym {
                    let g = &mut groups[gi];
                    if !g.defined.contains(&a) && g.defined.len() < 4 {
                        g.defined.push(a.clone());
                        push_key(&mut index.by_initials, a, gi);
                    }
                }
                let g = &mut groups[gi];
                g.members.push(i);
                g.starts.insert(d.tokens.start);
                // another name of the group (`Manchester United` joining
                // `Man Utd`), not a part of its name (`Manchester United`
                // inside a supporters' association's), may end with a word
                // the group is called by
                let part = g.full.windows(f.len()).any(|w| w == f.as_slice());
                if let (true, Some(last)) =
                    (g.label != Label::Per && f.len() >= 2 && !part, f.last())
                {
                    push_key(&mut index.org_last, last.clone(), gi);
                }
                if f == g.full {
                    g.named |= name_like(&f, d);
                } else if f.len() > g.full.len() {
                    g.named = name_like(&f, d);
                    g.full = f;
                    g.key = key;
                    g.quoted = super::repair::is_quoted(text, tokens, &d.tokens);
                    index.add(gi, &groups[gi]);
                }
            }
            None => {
                let g = Group {
                    label: d.label,
                    named: name_like(&f, d),
                    full: f,
                    key,
                    members: vec![i],
                    starts: std::iter::once(d.tokens.start).collect(),
                    defined: Vec::new(),
                    quoted: super::repair::is_quoted(text, tokens, &d.tokens),
                };
                index.add(groups.len(), &g);
                groups.push(g);
            }
        }
    }
    groups
}

/// The letters of a name's folded words `f` (see [`letters_key`]), with
/// the abbreviations of street and company names written out for names
/// other than people's, so that `Downing St` and `Downing Street`, `Ford
/// Motor Co` and `Ford Motor Company` are one name. Only at the edge where
/// the abbreviation belongs: last (`St` = street) or first (`St` = saint).
fn name_key(label: Label, f: &[String]) -> String {
    // `Muslims` is one of the `Muslim`s: a people's plural groups with its
    // singular (the mention keeps its whole word, as CoNLL writes it)
    if let (Label::Misc, [w]) = (label, f) {
        if let Some(stem) = super::repair::people_plural_stem(w) {
            return letters_key(stem);
        }
    }
    if label == Label::Per || f.len() < 2 {
        return letters_key(&f.join(" "));
    }
    let last_full = |w: &str| match w.trim_end_matches('.') {
        "st" => Some("street"),
        "rd" => Some("road"),
        "ave" => Some("avenue"),
        "sq" => Some("square"),
        "co" => Some("company"),
        "corp" => Some("corporation"),
        _ => None,
    };
    let first_full = |w: &str| match w.trim_end_matches('.') {
        "st" => Some("saint"),
        "mt" => Some("mount"),
        "ft" => Some("fort"),
        _ => None,
    };
    let n = f.len();
    // a number inside a longer name is left out (`TFC 101 Tower` is the
    // `TFC Tower`), not at its edges (`Apollo 11`, `Ligue 1`)
    let inner_number =
        |i: usize, w: &str| n >= 3 && i > 0 && i + 1 < n && w.bytes().all(|b| b.is_ascii_digit());
    let words: Vec<&str> = f
        .iter()
        .enumerate()
        .filter(|&(i, w)| !inner_number(i, w))
        .map(|(i, w)| {
            let full = if i == 0 {
                first_full(w)
            } else if i + 1 == n {
                last_full(w)
            } else {
                None
            };
            full.unwrap_or(w.as_str())
        })
        .collect();
    letters_key(&words.join(" "))
}

/// One entity per group (in group order), its mentions the members' draft
/// indices in text order.
pub(super) fn name_entities(
    text: &str,
    tokens: &[Token],
    drafts: &[Draft],
    groups: &[Group],
) -> Vec<Entity> {
    groups
        .iter()
        .map(|g| {
            let mut members = g.members.clone();
            crate::text::sort::sort_by_key(&mut members, |&m| drafts[m].tokens.start);
            let (name, aliases) = names_of(text, tokens, drafts, &members);
            let role = members.iter().find_map(|&m| drafts[m].role.clone());
            Entity {
                name,
                label: label_vote(drafts, g),
                mentions: members,
                aliases,
                role,
                value: None,
                related: None,
                confidence: g
                    .members
                    .iter()
                    .map(|&m| drafts[m].confidence())
                    .fold(0.0, f32::max),
            }
        })
        .collect()
}

/// The canonical name of a group's members (the fullest form; ties: more
/// letters, the most frequent, the latest) and its other forms by last use.
fn names_of(
    text: &str,
    tokens: &[Token],
    drafts: &[Draft],
    members: &[usize],
) -> (String, Vec<String>) {
    // surface → (tokens, count, last position)
    let mut forms: FxMap<&str, (usize, usize, usize)> = FxMap::default();
    for &m in members {
        let d = &drafts[m];
        let e = forms
            .entry(&text[d.bytes(tokens)])
            .or_insert((d.tokens.len(), 0, 0));
        e.1 += 1;
        e.2 = d.tokens.start;
    }
    let name = forms
        .iter()
        .max_by_key(|(s, (n, c, p))| (*n, s.chars().filter(|c| c.is_alphabetic()).count(), *c, *p))
        .map(|(s, _)| s.to_string())
        .unwrap_or_default();
    let mut aliases: Vec<(usize, &str)> = forms
        .iter()
        .filter(|(s, _)| **s != name)
        .map(|(s, (_, _, p))| (*p, *s))
        .collect();
    aliases.sort();
    (
        name,
        aliases.into_iter().map(|(_, s)| s.to_string()).collect(),
    )
}

/// The label of group `g`'s entity: the one most members have
/// ([`label_count_vote`]), except that an organisation's MISC forms do not
/// outvote it.
fn label_vote(drafts: &[Draft], g: &Group) -> Label {
    let won = label_count_vote(drafts, g);
    // one name per label is settled before grouping: an organisation's group
    // with MISC members has them from its other forms, used as adjectives
    // (`Tory` sources for the `Tories`): the group is the organisation
    let has_org = g.members.iter().any(|&m| drafts[m].label == Label::Org);
    if won == Label::Misc && has_org {
        Label::Org
    } else {
        won
    }
}

/// The label member `m` of group `g` votes for: its own, except that a
/// one-word "person" that joined an organisation (an acronym said as a
/// word, `Icann`; a party's or a firm's first word, `Daiwa`: the only ways
/// [`find_group`] lets a person's draft join one) votes for the
/// organisation.
fn vote_of(drafts: &[Draft], g: &Group, m: usize) -> Label {
    let d = &drafts[m];
    let lone_person = d.label == Label::Per && d.sub.is_none() && d.tokens.len() == 1;
    if lone_person && g.label == Label::Org {
        g.label
    } else {
        d.label
    }
}

/// The label most members of `g` have (as [`vote_of`] counts them); on a
/// tie the group's own label, then the later in [`Label::ALL`] order.
fn label_count_vote(drafts: &[Draft], g: &Group) -> Label {
    Label::ALL
        .into_iter()
        .map(|l| {
            let n = g
                .members
                .iter()
                .filter(|&&m| vote_of(drafts, g, m) == l)
                .count();
            (l, n)
        })
        .filter(|&(_, n)| n > 0)
        .max_by_key(|&(l, n)| (n, l == g.label))
        .map(|(l, _)| l)
        .unwrap_or(g.label)
}
