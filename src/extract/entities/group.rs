//! Stage 4: mentions → entities.
//!
//! Drafts are visited longest first (then in text order), so full names
//! found groups before the shorter references that join them:
//! - the same letters and label (`Kim Jong Un` / `Kim Jong-un`);
//! - people: the same surname with compatible first names (`Sergey` /
//!   `Sergei Shoigu`, `J. Smith` / `John Smith`); a surname or first name
//!   alone joins the most recent person with it (`Shoigu`, `Kim`);
//! - places: `the North` joins North Korea when the article has one such place;
//! - acronyms: their initials spell a group's name (`KCNA`), or the text
//!   defines them as it (`unmanned aerial vehicles (UAVs)`);
//! - organizations: a name contained in a longer one (`Central News Agency`).
//!
//! Each group becomes an entity: its fullest form is the canonical name (ties:
//! more letters, then the most frequent, then the latest), the other forms
//! are aliases (in order of last use), the first role seen is its role, and
//! the label most of its members have is its label (ties: the group's own).

use super::acronyms::{acronym_letters, initials, Definition};
use super::{Draft, Entity};
use crate::extract::{FxMap, Label};
use crate::text::Token;

/// Drafts that name one thing.
pub(super) struct Group {
    /// The label of the group's first (fullest) draft.
    label: Label,
    /// Folded tokens of the fullest name.
    full: Vec<String>,
    /// Letters of `full` (see [`letters_key`]).
    key: String,
    /// Indices of the member drafts.
    members: Vec<usize>,
}

/// Letters of a string, folded (for comparing `Kim Jong Un` and `Kim Jong-un`).
pub(super) fn letters_key(s: &str) -> String {
    crate::text::fold(s)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Are two first names spellings of one name (`sergey`/`sergei`, `j.`/`john`)?
fn first_names_compatible(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (a, b) = (a.trim_end_matches('.'), b.trim_end_matches('.'));
    if a.len() == 1 || b.len() == 1 {
        return a.chars().next() == b.chars().next();
    }
    a.chars().next() == b.chars().next() && a.len().min(b.len()) >= 4 && edit_distance(a, b) <= 2
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
            .map(|t| t.norm.clone())
            .collect(),
    }
}

/// The latest start, before `pos`, of a member of `g`.
fn last_before(drafts: &[Draft], g: &Group, pos: usize) -> Option<usize> {
    g.members
        .iter()
        .map(|&m| drafts[m].tokens.start)
        .filter(|&p| p < pos)
        .max()
}

/// The group an earlier, longer draft started that draft `d` (folded words
/// `f`, letters `key`) refers to, if any.
fn find_group(
    text: &str,
    tokens: &[Token],
    drafts: &[Draft],
    groups: &[Group],
    d: &Draft,
    f: &[String],
    key: &str,
) -> Option<usize> {
    let mut found = None;
    for (gi, g) in groups.iter().enumerate() {
        if g.key == key && g.label == d.label {
            return Some(gi);
        }
        if d.label == Label::Per && g.label == Label::Per {
            if f.len() >= 2 && g.full.len() >= 2 {
                // same surname, compatible first names
                if f.last() == g.full.last() && first_names_compatible(&f[0], &g.full[0]) {
                    return Some(gi);
                }
            } else if f.len() == 1
                && (g.full.last() == Some(&f[0]) || g.full.first() == Some(&f[0]))
            {
                // surname- or first-name-only reference: the most recent such group wins
                let pos = d.tokens.start;
                match found {
                    None => found = Some(gi),
                    Some(prev) => {
                        if last_before(drafts, g, pos) > last_before(drafts, &groups[prev], pos) {
                            found = Some(gi);
                        }
                    }
                }
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
            let n = groups
                .iter()
                .filter(|h| h.label == Label::Loc && h.full.len() >= 2 && h.full[0] == f[0])
                .count();
            if n == 1 {
                return Some(gi);
            }
        }
        // acronyms: KCNA ↔ Korean Central News Agency
        let person_or_place = |l: Label| matches!(l, Label::Per | Label::Loc);
        let same_type =
            g.label == d.label || (!person_or_place(d.label) && !person_or_place(g.label));
        if same_type && f.len() == 1 && g.full.len() >= 2 {
            if let Some(acr) = acronym_letters(tokens[d.tokens.start].text(text)) {
                let gwords: Vec<&str> = g.full.iter().map(String::as_str).collect();
                if initials(&gwords).eq_ignore_ascii_case(&acr) {
                    return Some(gi);
                }
            }
        }
        // ORG names contained in a longer ORG name
        if d.label == Label::Org
            && g.label == Label::Org
            && f.len() >= 2
            && g.full.len() > f.len()
            && g.full.windows(f.len()).any(|w| w == f)
        {
            return Some(gi);
        }
    }
    found
}

/// The group of a defined acronym's (or expansion's) other half, if any.
fn defined_group(
    text: &str,
    tokens: &[Token],
    groups: &[Group],
    defs: &[Definition],
    d: &Draft,
) -> Option<usize> {
    let def = defs
        .iter()
        .find(|def| d.tokens == (def.acronym..def.acronym + 1) || def.expansion == d.tokens)?;
    let ef: Vec<String> = tokens[def.expansion.clone()]
        .iter()
        .map(|t| t.norm.clone())
        .collect();
    groups.iter().position(|g| g.full == ef).or_else(|| {
        let acr = acronym_letters(tokens[d.tokens.start].text(text))?;
        groups.iter().position(|g| {
            g.full.len() == 1 && acronym_letters(&g.full[0].to_uppercase()) == Some(acr.clone())
        })
    })
}

/// Groups the drafts: full (multi-token) names first, then single tokens.
pub(super) fn group_names(
    text: &str,
    tokens: &[Token],
    drafts: &[Draft],
    defs: &[Definition],
) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut order: Vec<usize> = (0..drafts.len()).collect();
    order.sort_by_key(|&i| {
        (
            std::cmp::Reverse(drafts[i].tokens.len()),
            drafts[i].tokens.start,
        )
    });
    for i in order {
        let d = &drafts[i];
        let f = folded_words(text, tokens, d);
        let key = letters_key(&f.join(" "));
        let found = find_group(text, tokens, drafts, &groups, d, &f, &key)
            .or_else(|| defined_group(text, tokens, &groups, defs, d));
        match found {
            Some(gi) => {
                let g = &mut groups[gi];
                g.members.push(i);
                if f.len() > g.full.len() {
                    g.full = f;
                    g.key = key;
                }
            }
            None => groups.push(Group {
                label: d.label,
                full: f,
                key,
                members: vec![i],
            }),
        }
    }
    groups
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
            members.sort_by_key(|&m| drafts[m].tokens.start);
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

/// The label most members of `g` have; on a tie the group's own label, then
/// the later in [`Label::ALL`] order.
fn label_vote(drafts: &[Draft], g: &Group) -> Label {
    Label::ALL
        .into_iter()
        .map(|l| {
            let n = g.members.iter().filter(|&&m| drafts[m].label == l).count();
            (l, n)
        })
        .filter(|&(_, n)| n > 0)
        .max_by_key(|&(l, n)| (n, l == g.label))
        .map(|(l, _)| l)
        .unwrap_or(g.label)
}
