//! Entities, not just mentions: the named-entity tagger's mentions and the
//! rule-based values of an article, cleaned and grouped into entities with a
//! canonical name, aliases, a role and relations.
//!
//! - possessives stay outside mentions (`Russia’s` → `Russia`);
//! - titles and roles are kept apart from names and recorded as the entity's
//!   `role` (`Russian Defense Minister Sergey Shoigu` → role `Defense Minister`);
//! - surname-only and first-name-only references join the full name
//!   (`Shoigu` → Sergei Shoigu, `Kim` → Kim Jong Un);
//! - transliteration variants merge (`Sergey` / `Sergei Shoigu`);
//! - acronyms join their expansions in either order (`Korean Central News
//!   Agency` … `KCNA`; `unmanned aerial vehicles (UAVs)`);
//! - demonyms link to their country as a relation (`North Korean` → North Korea).

use super::ner::{spans, EntityType, NerModel};
use super::values::{find_values, Value, ValueMention, Ymd};
use crate::text::{asciify_punct, Token, TokenKind};
use std::collections::HashMap;
use std::ops::Range;

/// A mention of an entity in the text (byte ranges).
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Token index range.
    pub tokens: Range<usize>,
    /// Byte range.
    pub range: Range<usize>,
    /// Label: `PER`, `ORG`, `LOC`, `MISC`, or a value type (`DATE`, `MONEY`, ...).
    pub label: &'static str,
    /// Index of the entity in the entity list.
    pub entity: usize,
}

/// A relation from an entity to another thing.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Related {
    /// The kind of relation (`"demonym-of"`).
    pub relation: &'static str,
    /// The related name (`"North Korea"`).
    pub name: String,
    /// The related entity's index, when it is in the article.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<usize>,
}

/// One thing the article talks about, with all its mentions.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// The canonical name: the fullest form used.
    pub name: String,
    /// Label, as for mentions.
    pub label: &'static str,
    /// Indices of its mentions (in text order).
    pub mentions: Vec<usize>,
    /// Other surface forms used for it.
    pub aliases: Vec<String>,
    /// A title or role seen with it (`Defense Minister`, `leader`).
    pub role: Option<String>,
    /// The normalized value of a value entity (dates, money, ...).
    pub value: Option<Value>,
    /// A relation, e.g. a demonym to its country.
    pub related: Option<Related>,
}

/// Mentions and entities of an article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntityAnalysis {
    /// Mentions in text order.
    pub mentions: Vec<Mention>,
    /// Entities: names first, by salience (mention count, then first position),
    /// then values, likewise.
    pub entities: Vec<Entity>,
}

/// Head words of titles and roles.
const ROLE_HEADS: &[&str] = &[
    "president",
    "minister",
    "leader",
    "secretary",
    "chancellor",
    "premier",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "senator",
    "sen.",
    "governor",
    "gov.",
    "mayor",
    "chairman",
    "chairwoman",
    "chair",
    "director",
    "ceo",
    "chief",
    "head",
    "ambassador",
    "commander",
    "general",
    "gen.",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "judge",
    "justice",
    "attorney",
    "prosecutor",
    "officer",
    "official",
    "envoy",
    "representative",
    "rep.",
    "congressman",
    "congresswoman",
    "lawmaker",
    "mp",
    "coach",
    "manager",
    "captain",
    "capt.",
    "founder",
    "executive",
    "analyst",
    "professor",
    "prof.",
    "dr.",
    "doctor",
    "mr.",
    "mrs.",
    "ms.",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "dame",
    "lord",
    "lady",
    "colonel",
    "col.",
    "lieutenant",
    "lt.",
    "sergeant",
    "sgt.",
    "admiral",
    "marshal",
    "dictator",
    "emperor",
    "sheikh",
    "ayatollah",
    "cardinal",
    "bishop",
    "archbishop",
    "rabbi",
    "imam",
    "reverend",
    "rev.",
    "father",
    "candidate",
    "nominee",
    "president-elect",
    "correspondent",
    "reporter",
    "editor",
    "author",
    "economist",
    "striker",
    "midfielder",
    "defender",
    "goalkeeper",
    "champion",
    "star",
    "actor",
    "actress",
    "singer",
    "player",
    "deputy",
    "vice-president",
    "boss",
    "founder",
];

/// Modifiers that may stand inside a role before its head.
const ROLE_MODIFIERS: &[&str] = &[
    "defense",
    "defence",
    "foreign",
    "prime",
    "vice",
    "deputy",
    "chief",
    "former",
    "interior",
    "finance",
    "health",
    "education",
    "trade",
    "justice",
    "home",
    "state",
    "general",
    "executive",
    "supreme",
    "senior",
    "acting",
    "first",
    "top",
    "opposition",
    "party",
    "army",
    "military",
    "national",
    "security",
    "economy",
    "economic",
    "energy",
    "environment",
    "culture",
    "transport",
    "labour",
    "labor",
    "agriculture",
    "industry",
    "technology",
    "science",
    "communications",
    "information",
    "press",
    "team",
    "club",
    "us",
    "u.s.",
    "un",
    "eu",
    "nato",
    "white",
    "house",
    "assistant",
    "associate",
    "managing",
    "operating",
    "financial",
    "new",
    "current",
    "then",
    "late",
    "outgoing",
    "incoming",
    "regional",
    "provincial",
    "federal",
    "police",
    "fire",
    "intelligence",
    "foreign-affairs",
    "affairs",
    "cabinet",
    "attorney",
    "district",
    "county",
    "city",
    "world",
    "olympic",
    "grand",
    "crown",
    "de",
    "facto",
];

fn is_role_word(norm: &str) -> bool {
    ROLE_HEADS.contains(&norm) || ROLE_MODIFIERS.contains(&norm)
}

/// Words never part of a name's edge.
const EDGE_STOP: &[&str] = &["the", "a", "an", "'s", "'", "\"", ",", ".", "-", "--"];

/// Demonyms (folded) → country names; regular `-n`/`-an`/`-ian` forms are
/// tried by rule against the article's places as well.
const DEMONYMS: &[(&str, &str)] = &[
    ("american", "United States"),
    ("british", "Britain"),
    ("english", "England"),
    ("scottish", "Scotland"),
    ("welsh", "Wales"),
    ("irish", "Ireland"),
    ("french", "France"),
    ("german", "Germany"),
    ("dutch", "Netherlands"),
    ("spanish", "Spain"),
    ("portuguese", "Portugal"),
    ("swiss", "Switzerland"),
    ("swedish", "Sweden"),
    ("danish", "Denmark"),
    ("finnish", "Finland"),
    ("norwegian", "Norway"),
    ("polish", "Poland"),
    ("greek", "Greece"),
    ("turkish", "Turkey"),
    ("chinese", "China"),
    ("japanese", "Japan"),
    ("vietnamese", "Vietnam"),
    ("lebanese", "Lebanon"),
    ("sudanese", "Sudan"),
    ("taiwanese", "Taiwan"),
    ("burmese", "Myanmar"),
    ("thai", "Thailand"),
    ("filipino", "Philippines"),
    ("iraqi", "Iraq"),
    ("israeli", "Israel"),
    ("pakistani", "Pakistan"),
    ("afghan", "Afghanistan"),
    ("saudi", "Saudi Arabia"),
    ("kuwaiti", "Kuwait"),
    ("qatari", "Qatar"),
    ("yemeni", "Yemen"),
    ("omani", "Oman"),
    ("emirati", "United Arab Emirates"),
    ("bangladeshi", "Bangladesh"),
    ("nepali", "Nepal"),
    ("somali", "Somalia"),
    ("russian", "Russia"),
    ("korean", "Korea"),
    ("north korean", "North Korea"),
    ("south korean", "South Korea"),
    ("indian", "India"),
    ("syrian", "Syria"),
    ("australian", "Australia"),
    ("canadian", "Canada"),
    ("italian", "Italy"),
    ("egyptian", "Egypt"),
    ("ukrainian", "Ukraine"),
    ("iranian", "Iran"),
    ("brazilian", "Brazil"),
    ("mexican", "Mexico"),
    ("argentine", "Argentina"),
    ("argentinian", "Argentina"),
    ("chilean", "Chile"),
    ("colombian", "Colombia"),
    ("peruvian", "Peru"),
    ("venezuelan", "Venezuela"),
    ("cuban", "Cuba"),
    ("nigerian", "Nigeria"),
    ("kenyan", "Kenya"),
    ("ethiopian", "Ethiopia"),
    ("ghanaian", "Ghana"),
    ("south african", "South Africa"),
    ("african", "Africa"),
    ("european", "Europe"),
    ("asian", "Asia"),
    ("indonesian", "Indonesia"),
    ("malaysian", "Malaysia"),
    ("belgian", "Belgium"),
    ("austrian", "Austria"),
    ("hungarian", "Hungary"),
    ("czech", "Czech Republic"),
    ("romanian", "Romania"),
    ("bulgarian", "Bulgaria"),
    ("serbian", "Serbia"),
    ("croatian", "Croatia"),
    ("bosnian", "Bosnia"),
    ("albanian", "Albania"),
    ("palestinian", "Palestine"),
    ("jordanian", "Jordan"),
    ("libyan", "Libya"),
    ("tunisian", "Tunisia"),
    ("algerian", "Algeria"),
    ("moroccan", "Morocco"),
    ("new zealander", "New Zealand"),
    ("mongolian", "Mongolia"),
    ("georgian", "Georgia"),
    ("armenian", "Armenia"),
    ("belarusian", "Belarus"),
    ("kazakh", "Kazakhstan"),
    ("uzbek", "Uzbekistan"),
    ("sri lankan", "Sri Lanka"),
    ("singaporean", "Singapore"),
    ("hong konger", "Hong Kong"),
    ("zimbabwean", "Zimbabwe"),
    ("ugandan", "Uganda"),
    ("rwandan", "Rwanda"),
    ("congolese", "Congo"),
    ("haitian", "Haiti"),
    ("jamaican", "Jamaica"),
    ("soviet", "Soviet Union"),
];

fn demonym_country(folded: &str) -> Option<&'static str> {
    DEMONYMS.iter().find(|(d, _)| *d == folded).map(|(_, c)| *c)
}

/// Letters of a string, folded (for comparing `Kim Jong Un` and `Kim Jong-un`).
fn letters_key(s: &str) -> String {
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

/// Acronym letters of a name: initials of its capitalized words, ignoring small words.
fn initials(words: &[&str]) -> String {
    words
        .iter()
        .filter(|w| {
            !matches!(
                w.to_lowercase().as_str(),
                "of" | "the" | "and" | "for" | "&" | "de" | "on" | "in"
            )
        })
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

/// The letters of an acronym token (`KCNA`, `UAVs` → `UAV`, `U.S.` → `US`), if it is one.
fn acronym_letters(tok: &str) -> Option<String> {
    let t = tok
        .strip_suffix('s')
        .filter(|t| t.len() >= 2)
        .unwrap_or(tok);
    let letters: String = t.chars().filter(|c| *c != '.').collect();
    (letters.chars().count() >= 2 && letters.chars().all(|c| c.is_uppercase())).then_some(letters)
}

struct Draft {
    tokens: Range<usize>,
    label: &'static str,
    role: Option<String>,
    /// A byte range inside a hyphenated token (`Seoul` in `Seoul-based`).
    sub: Option<Range<usize>>,
}

impl Draft {
    fn new(tokens: Range<usize>, label: &'static str) -> Draft {
        Draft {
            tokens,
            label,
            role: None,
            sub: None,
        }
    }

    fn bytes(&self, tokens: &[Token]) -> Range<usize> {
        match &self.sub {
            Some(r) => r.clone(),
            None => tokens[self.tokens.start].start..tokens[self.tokens.end - 1].end,
        }
    }
}

/// Lower-case second parts of hyphenated words whose first part is a place
/// (`Seoul-based`), and of those whose first part is another name (`US-led`).
const PLACE_SUFFIXES: &[&str] = &[
    "based",
    "born",
    "bred",
    "headquartered",
    "registered",
    "listed",
];
const NAME_SUFFIXES: &[&str] = &[
    "led",
    "backed",
    "owned",
    "run",
    "made",
    "style",
    "era",
    "controlled",
    "allied",
    "funded",
    "sponsored",
    "brokered",
    "linked",
    "affiliated",
    "bound",
    "focused",
    "built",
    "produced",
];

/// Country names commonly written as acronyms (a tagger often calls them organizations).
const PLACE_ACRONYMS: &[&str] = &[
    "ussr", "us", "u.s.", "uk", "u.k.", "uae", "dprk", "prc", "drc", "usa", "u.s.a.",
];

fn label_of(t: EntityType) -> &'static str {
    t.as_str()
}

/// Runs the tagger over the tokens of a text, sentence by sentence, as one document.
fn tag(text: &str, tokens: &[Token], sentences: &[Range<usize>], model: &NerModel) -> Vec<Draft> {
    let doc: Vec<Vec<std::borrow::Cow<'_, str>>> = sentences
        .iter()
        .map(|r| {
            tokens
                .get(r.clone())
                .unwrap_or(&[])
                .iter()
                .map(|t| asciify_punct(t.text(text)))
                .collect()
        })
        .collect();
    let tags = model.tag_document(&doc);
    let mut out = Vec::new();
    for (r, st) in sentences.iter().zip(tags.iter()) {
        for sp in spans(st) {
            out.push(Draft::new(
                r.start + sp.start..r.start + sp.end,
                label_of(sp.kind),
            ));
        }
    }
    out
}

fn norm(tokens: &[Token], i: usize) -> &str {
    tokens.get(i).map(|t| t.norm.as_str()).unwrap_or("")
}

/// Trims possessives, articles and punctuation off mention edges, splits
/// titles off person names, and finds roles just before person names.
fn clean(text: &str, tokens: &[Token], drafts: &mut Vec<Draft>, sentences: &[Range<usize>]) {
    for d in drafts.iter_mut() {
        while d.tokens.end > d.tokens.start && EDGE_STOP.contains(&norm(tokens, d.tokens.end - 1)) {
            d.tokens.end -= 1;
        }
        while d.tokens.end > d.tokens.start && EDGE_STOP.contains(&norm(tokens, d.tokens.start)) {
            d.tokens.start += 1;
        }
        if d.tokens.len() == 1 {
            let t = &tokens[d.tokens.start];
            let parts = t.parts(text);
            if parts.len() >= 2 {
                if let Some(last) = parts.last() {
                    let suf = text[last.clone()].to_string();
                    let is_lower = suf.chars().all(|c| c.is_lowercase());
                    if is_lower
                        && (PLACE_SUFFIXES.contains(&suf.as_str())
                            || NAME_SUFFIXES.contains(&suf.as_str()))
                    {
                        d.sub = Some(t.start..parts[parts.len() - 2].end);
                        if PLACE_SUFFIXES.contains(&suf.as_str()) && d.label == "MISC" {
                            d.label = "LOC";
                        }
                    }
                }
            }
            if PLACE_ACRONYMS.contains(&t.norm.as_str()) && d.label == "ORG" {
                d.label = "LOC";
            }
        }
        // a name inside a quoted title: `the “Weapons and Equipment Exhibition 2023”`
        if d.label == "MISC" || d.label == "ORG" {
            if let Some((qs, qe)) = quoted_title_around(text, tokens, d.tokens.clone()) {
                d.tokens = qs..qe;
            }
        }
        if d.label != "PER" {
            continue;
        }
        // titles inside the mention: `President Joe Biden` → role President
        let mut role_end = d.tokens.start;
        while role_end + 1 < d.tokens.end && is_role_word(norm(tokens, role_end)) {
            role_end += 1;
        }
        // roles just before the mention: `Defense Minister Sergey Shoigu`, `leader Kim Jong Un`
        let sent_start = sentences
            .iter()
            .find(|s| s.contains(&d.tokens.start))
            .map(|s| s.start)
            .unwrap_or(0);
        let mut role_start = d.tokens.start;
        while role_start > sent_start && is_role_word(norm(tokens, role_start - 1)) {
            role_start -= 1;
        }
        let role_tokens = role_start..role_end;
        let has_head = role_tokens
            .clone()
            .any(|i| ROLE_HEADS.contains(&norm(tokens, i)));
        if has_head && !role_tokens.is_empty() {
            // drop leading modifiers that are really separate words (`former` stays)
            let s = tokens[role_tokens.start].start;
            let e = tokens[role_tokens.end - 1].end;
            d.role = text.get(s..e).map(str::to_string);
        }
        d.tokens.start = role_end;
    }
    drafts.retain(|d| {
        d.tokens.end > d.tokens.start
            && tokens.get(d.tokens.clone()).is_some_and(|ts| {
                ts.iter()
                    .any(|t| t.kind == TokenKind::Word || t.kind == TokenKind::Number)
            })
    });
}

/// If tokens `r` lie inside a short quoted span of title-case words, that span (without the marks).
fn quoted_title_around(text: &str, tokens: &[Token], r: Range<usize>) -> Option<(usize, usize)> {
    const MAX: usize = 10;
    let is_open = |t: &Token| matches!(t.text(text), "“" | "\"" | "‘");
    let is_close = |t: &Token| matches!(t.text(text), "”" | "\"" | "’");
    let mut s = r.start;
    while s > 0 && r.start - s < MAX && !is_open(&tokens[s - 1]) {
        s -= 1;
        if tokens[s].kind == TokenKind::Punct && tokens[s].text(text) != "&" {
            return None;
        }
    }
    if s == 0 || !is_open(&tokens[s - 1]) {
        return None;
    }
    let mut e = r.end;
    while e < tokens.len() && e - r.end < MAX && !is_close(&tokens[e]) {
        if tokens[e].kind == TokenKind::Punct && tokens[e].text(text) != "&" {
            return None;
        }
        e += 1;
    }
    if e >= tokens.len() || !is_close(&tokens[e]) || (s..r.start).len() + (r.end..e).len() == 0 {
        return None;
    }
    // every word capitalized, a number, or a small function word
    let ok = tokens[s..e].iter().all(|t| {
        let w = t.text(text);
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            || matches!(
                t.norm.as_str(),
                "and" | "of" | "the" | "for" | "in" | "on" | "a" | "&" | "to"
            )
    });
    ok.then_some((s, e))
}

/// A byline (`By Jane Doe`, `Jane Doe, with AFP`, `Jane Doe in Seoul`) names
/// its writer: the name at its start is a person whatever the tagger said.
fn relabel_bylines(text: &str, tokens: &[Token], sentences: &[Range<usize>], drafts: &mut [Draft]) {
    for s in sentences {
        let n = s.len();
        if n == 0 || n > 14 {
            continue;
        }
        let last = tokens[s.end - 1].text(text);
        // a sentence ending in a full stop is prose, not a byline
        if matches!(last, "." | "!" | "?" | "”" | "\"") {
            continue;
        }
        let mut start = s.start;
        if tokens[start].norm == "by" {
            start += 1;
        }
        let name_end = (start..s.end)
            .find(|&i| {
                !tokens[i].is_capitalized(text)
                    && !matches!(
                        tokens[i].norm.as_str(),
                        "de" | "la"
                            | "le"
                            | "van"
                            | "von"
                            | "der"
                            | "da"
                            | "di"
                            | "du"
                            | "bin"
                            | "al"
                    )
            })
            .unwrap_or(s.end);
        let tail_ok = name_end == s.end
            || matches!(
                tokens[name_end].norm.as_str(),
                "," | "in" | "and" | "with" | "for" | "reporting"
            );
        let is_byline = tokens[s.start].norm == "by" || (name_end < s.end && tail_ok);
        if !is_byline || name_end - start < 2 {
            continue;
        }
        for d in drafts.iter_mut() {
            if d.tokens.start == start && d.tokens.end == name_end && d.label != "PER" {
                d.label = "PER";
            }
        }
    }
}

/// Joins adjacent person mentions that together spell a name used elsewhere
/// in the article (`Kim` + `Jong Un` when `Kim Jong Un` appears).
fn merge_split_names(tokens: &[Token], drafts: &mut Vec<Draft>) {
    let key = |r: &Range<usize>| -> String {
        tokens[r.clone()]
            .iter()
            .flat_map(|t| t.norm.chars())
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    let known: std::collections::HashSet<String> = drafts
        .iter()
        .filter(|d| d.label == "PER" && d.tokens.len() >= 2)
        .map(|d| key(&d.tokens))
        .collect();
    let mut i = 0;
    while i + 1 < drafts.len() {
        let (a, b) = (&drafts[i], &drafts[i + 1]);
        if a.label == "PER"
            && b.label == "PER"
            && a.tokens.end == b.tokens.start
            && known.contains(&key(&(a.tokens.start..b.tokens.end)))
        {
            drafts[i].tokens.end = drafts[i + 1].tokens.end;
            drafts.remove(i + 1);
        } else {
            i += 1;
        }
    }
}

/// Quoted title-case phrases (`the “Weapons and Equipment Exhibition 2023”`)
/// are names of things: tagged MISC when the tagger left them out.
fn add_quoted_titles(text: &str, tokens: &[Token], drafts: &mut Vec<Draft>) {
    let is_open = |t: &Token| matches!(t.text(text), "“" | "\"" | "‘");
    let is_close = |t: &Token| matches!(t.text(text), "”" | "\"" | "’");
    let small = |t: &Token| {
        matches!(
            t.norm.as_str(),
            "and" | "of" | "the" | "for" | "in" | "on" | "a" | "&" | "to"
        )
    };
    let mut i = 0;
    while i < tokens.len() {
        if !is_open(&tokens[i]) {
            i += 1;
            continue;
        }
        let s = i + 1;
        let mut e = s;
        while e < tokens.len() && e - s <= 10 && !is_close(&tokens[e]) {
            e += 1;
        }
        if e >= tokens.len() || !is_close(&tokens[e]) || e - s < 2 || e - s > 10 {
            i += 1;
            continue;
        }
        let words = &tokens[s..e];
        let caps = words.iter().filter(|t| t.is_capitalized(text)).count();
        let all_title = words
            .iter()
            .all(|t| t.is_capitalized(text) || small(t) || t.kind == TokenKind::Number);
        let starts_cap = words[0].is_capitalized(text) && !small(&words[0]);
        let overlapping_other = drafts
            .iter()
            .any(|d| d.tokens.start < e && s < d.tokens.end && d.label == "PER");
        if all_title && caps >= 2 && starts_cap && !overlapping_other {
            drafts.retain(|d| !(d.tokens.start >= s && d.tokens.end <= e));
            drafts.push(Draft::new(s..e, "MISC"));
        }
        i = e + 1;
    }
    drafts.sort_by_key(|d| d.tokens.start);
}

struct Group {
    label: &'static str,
    /// folded tokens of the fullest name
    full: Vec<String>,
    /// letters of `full` (see `letters_key`)
    key: String,
    members: Vec<usize>,
}

/// Finds the entities of a text. `anchor` resolves relative dates.
pub fn find_entities(
    text: &str,
    tokens: &[Token],
    sentences: &[Range<usize>],
    anchor: Option<Ymd>,
    model: &NerModel,
) -> EntityAnalysis {
    let mut drafts = tag(text, tokens, sentences, model);
    drafts.sort_by_key(|d| d.tokens.start);
    merge_split_names(tokens, &mut drafts);
    relabel_bylines(text, tokens, sentences, &mut drafts);
    add_quoted_titles(text, tokens, &mut drafts);
    clean(text, tokens, &mut drafts, sentences);
    drafts.sort_by_key(|d| d.tokens.start);

    // acronym definitions: `words (ACR)` where the initials match
    let mut acronym_defs: Vec<(Range<usize>, usize)> = Vec::new(); // (expansion tokens, acronym token)
    for i in 1..tokens.len().saturating_sub(1) {
        if tokens[i - 1].text(text) != "(" || tokens[i + 1].text(text) != ")" {
            continue;
        }
        let Some(acr) = acronym_letters(tokens[i].text(text)) else {
            continue;
        };
        let n = acr.chars().count();
        if i < n + 1 {
            continue;
        }
        // try n words before the parenthesis, allowing small words in between
        let mut words = Vec::new();
        let mut j = i - 1;
        while j > 0 && words.len() < n + 3 {
            j -= 1;
            let t = &tokens[j];
            if t.kind != TokenKind::Word {
                break;
            }
            words.insert(0, j);
            let ws: Vec<&str> = words.iter().map(|&k| tokens[k].text(text)).collect();
            if initials(&ws).eq_ignore_ascii_case(&acr) {
                acronym_defs.push((j..i - 1, i));
                break;
            }
        }
    }

    // values, never inside names
    let mut in_name = vec![false; tokens.len()];
    for d in &drafts {
        for k in d.tokens.clone() {
            if let Some(x) = in_name.get_mut(k) {
                *x = true;
            }
        }
    }
    let values = find_values(text, tokens, sentences, anchor, &in_name);

    // acronyms defined in the text but not tagged: add them (and their expansions) as MISC
    for (exp, acr) in &acronym_defs {
        let tagged = |ds: &[Draft], r: &Range<usize>| {
            ds.iter()
                .any(|d| d.tokens.start < r.end && r.start < d.tokens.end)
        };
        let acr_r = *acr..*acr + 1;
        let lower_expansion = tokens[exp.clone()].iter().all(|t| !t.is_capitalized(text));
        if tagged(&drafts, &acr_r) {
            // the expansion joins the acronym's entity; a common-noun expansion
            // (`unmanned aerial vehicles (UAVs)`) makes it a MISC thing
            let label = if lower_expansion {
                "MISC"
            } else {
                drafts
                    .iter()
                    .find(|d| d.tokens == acr_r)
                    .map(|d| d.label)
                    .unwrap_or("MISC")
            };
            let key = acronym_letters(tokens[*acr].text(text)).unwrap_or_default();
            for d in drafts.iter_mut() {
                if d.tokens.len() == 1
                    && acronym_letters(tokens[d.tokens.start].text(text)).as_deref()
                        == Some(key.as_str())
                {
                    d.label = label;
                }
            }
            if !tagged(&drafts, exp) {
                drafts.push(Draft::new(exp.clone(), label));
            }
            continue;
        }
        let label = drafts
            .iter()
            .find(|d| d.tokens == *exp)
            .map(|d| d.label)
            .unwrap_or("MISC");
        let key = acronym_letters(tokens[*acr].text(text)).unwrap_or_default();
        // every use of the acronym in the text
        let mut add = Vec::new();
        for (k, t) in tokens.iter().enumerate() {
            if acronym_letters(t.text(text)).as_deref() == Some(key.as_str()) && !in_name[k] {
                add.push(k..k + 1);
            }
        }
        if !tagged(&drafts, exp) {
            add.push(exp.clone());
        }
        for r in add {
            drafts.push(Draft::new(r, label));
        }
    }
    drafts.sort_by_key(|d| d.tokens.start);
    drafts.dedup_by(|a, b| a.tokens == b.tokens);

    let folded = |d: &Draft| -> Vec<String> {
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
    };
    let surface = |d: &Draft| -> String { text[d.bytes(tokens)].to_string() };

    // group names: full (multi-token) names first, then single tokens
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of: Vec<usize> = vec![usize::MAX; drafts.len()];
    let mut order: Vec<usize> = (0..drafts.len()).collect();
    order.sort_by_key(|&i| {
        (
            std::cmp::Reverse(drafts[i].tokens.len()),
            drafts[i].tokens.start,
        )
    });
    for &i in &order {
        let d = &drafts[i];
        let f = folded(d);
        let key = letters_key(&f.join(" "));
        let mut found = None;
        for (gi, g) in groups.iter().enumerate() {
            let same_type = g.label == d.label
                || (d.label != "PER" && g.label != "PER" && d.label != "LOC" && g.label != "LOC");
            if g.key == key && g.label == d.label {
                found = Some(gi);
                break;
            }
            if d.label == "PER" && g.label == "PER" {
                if f.len() >= 2 && g.full.len() >= 2 {
                    // same surname, compatible first names
                    if f.last() == g.full.last() && first_names_compatible(&f[0], &g.full[0]) {
                        found = Some(gi);
                        break;
                    }
                } else if f.len() == 1
                    && (g.full.last() == Some(&f[0]) || g.full.first() == Some(&f[0]))
                {
                    // surname- or first-name-only reference: the most recent such group wins
                    let last_pos = g
                        .members
                        .iter()
                        .map(|&m| drafts[m].tokens.start)
                        .filter(|&p| p < d.tokens.start)
                        .max();
                    match found {
                        None => found = Some(gi),
                        Some(prev) => {
                            let prev_pos = groups[prev]
                                .members
                                .iter()
                                .map(|&m| drafts[m].tokens.start)
                                .filter(|&p| p < d.tokens.start)
                                .max();
                            if last_pos > prev_pos {
                                found = Some(gi);
                            }
                        }
                    }
                }
                continue;
            }
            // `the North` for North Korea, when the article has one such place
            if d.label == "LOC"
                && g.label == "LOC"
                && f.len() == 1
                && g.full.len() >= 2
                && g.full[0] == f[0]
                && matches!(f[0].as_str(), "north" | "south" | "east" | "west")
            {
                let n = groups
                    .iter()
                    .filter(|h| h.label == "LOC" && h.full.len() >= 2 && h.full[0] == f[0])
                    .count();
                if n == 1 {
                    found = Some(gi);
                    break;
                }
            }
            // acronyms: KCNA ↔ Korean Central News Agency
            if same_type && f.len() == 1 && g.full.len() >= 2 {
                if let Some(acr) = acronym_letters(tokens[d.tokens.start].text(text)) {
                    let gwords: Vec<&str> = g.full.iter().map(String::as_str).collect();
                    if initials(&gwords).eq_ignore_ascii_case(&acr) {
                        found = Some(gi);
                        break;
                    }
                }
            }
            // ORG names contained in a longer ORG name
            if d.label == "ORG"
                && g.label == "ORG"
                && f.len() >= 2
                && g.full.len() > f.len()
                && g.full.windows(f.len()).any(|w| w == f.as_slice())
            {
                found = Some(gi);
                break;
            }
        }
        // defined acronyms: join the expansion's group
        if found.is_none() {
            if let Some((exp, _)) = acronym_defs
                .iter()
                .find(|(e, a)| d.tokens == (*a..*a + 1) || *e == d.tokens)
            {
                let ef: Vec<String> = tokens[exp.clone()].iter().map(|t| t.norm.clone()).collect();
                found = groups.iter().position(|g| g.full == ef);
                if found.is_none() {
                    if let Some(acr) = acronym_letters(tokens[d.tokens.start].text(text)) {
                        found = groups.iter().position(|g| {
                            g.full.len() == 1
                                && acronym_letters(&g.full[0].to_uppercase()) == Some(acr.clone())
                        });
                    }
                }
            }
        }
        match found {
            Some(gi) => {
                groups[gi].members.push(i);
                if f.len() > groups[gi].full.len() {
                    groups[gi].full = f;
                    groups[gi].key = key;
                }
            }
            None => {
                groups.push(Group {
                    label: d.label,
                    full: f,
                    key,
                    members: vec![i],
                });
            }
        }
        group_of[i] = groups.len();
    }
    // recompute group_of from members
    for (gi, g) in groups.iter().enumerate() {
        for &m in &g.members {
            group_of[m] = gi;
        }
    }

    // build entities for names
    let mut entities: Vec<Entity> = Vec::new();
    let mut first_pos: Vec<usize> = Vec::new();
    for g in &groups {
        let mut members = g.members.clone();
        members.sort_by_key(|&m| drafts[m].tokens.start);
        // canonical name: the fullest form; ties → the most frequent, then the latest
        let mut forms: HashMap<String, (usize, usize, usize)> = HashMap::new(); // surface → (tokens, count, last pos)
        for &m in &members {
            let s = surface(&drafts[m]);
            let e = forms.entry(s).or_insert((drafts[m].tokens.len(), 0, 0));
            e.1 += 1;
            e.2 = drafts[m].tokens.start;
        }
        let name = forms
            .iter()
            .max_by_key(|(s, (n, c, p))| {
                (*n, s.chars().filter(|c| c.is_alphabetic()).count(), *c, *p)
            })
            .map(|(s, _)| s.clone())
            .unwrap_or_default();
        let mut aliases: Vec<(usize, String)> = forms
            .iter()
            .filter(|(s, _)| **s != name)
            .map(|(s, (_, _, p))| (*p, s.clone()))
            .collect();
        aliases.sort();
        // add acronym expansions / acronyms defined in text as aliases
        let role = members.iter().find_map(|&m| drafts[m].role.clone());
        let label = {
            let mut counts: HashMap<&'static str, usize> = HashMap::new();
            for &m in &members {
                *counts.entry(drafts[m].label).or_default() += 1;
            }
            counts
                .into_iter()
                .max_by_key(|(l, c)| (*c, *l == g.label))
                .map(|(l, _)| l)
                .unwrap_or(g.label)
        };
        first_pos.push(
            members
                .first()
                .map(|&m| drafts[m].tokens.start)
                .unwrap_or(0),
        );
        entities.push(Entity {
            name,
            label,
            mentions: members,
            aliases: aliases.into_iter().map(|(_, s)| s).collect(),
            role,
            value: None,
            related: None,
        });
    }

    // demonyms → countries
    let place_index: HashMap<String, usize> = entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.label == "LOC")
        .flat_map(|(i, e)| {
            std::iter::once((letters_key(&e.name), i))
                .chain(e.aliases.iter().map(move |a| (letters_key(a), i)))
        })
        .collect();
    let names: Vec<String> = entities.iter().map(|e| e.name.clone()).collect();
    for e in entities.iter_mut() {
        if e.label != "MISC" {
            continue;
        }
        let f = crate::text::fold(&e.name);
        let country = demonym_country(&f).map(str::to_string).or_else(|| {
            // regular forms (Xian, Xan, Xn, Xese, Xi → X or Xa) naming a place of the article
            for suf in ["ian", "an", "n", "ese", "i"] {
                if let Some(stem) = f.strip_suffix(suf) {
                    for cand in [stem.to_string(), format!("{stem}a")] {
                        if let Some(&pi) = place_index.get(&letters_key(&cand)) {
                            return names.get(pi).cloned();
                        }
                    }
                }
            }
            None
        });
        if let Some(c) = country {
            let idx = place_index.get(&letters_key(&c)).copied();
            e.related = Some(Related {
                relation: "demonym-of",
                name: c,
                entity: idx,
            });
        }
    }

    // value entities: grouped by label and normalized value (or folded text)
    let mut value_groups: Vec<(String, &'static str, Vec<usize>)> = Vec::new();
    for (vi, v) in values.iter().enumerate() {
        let key = match &v.value {
            Some(val) => serde_json::to_string(val).unwrap_or_default(),
            None => crate::text::fold(&text[v.range.clone()]),
        };
        let label = v.kind.as_str();
        match value_groups
            .iter_mut()
            .find(|(k, l, _)| *k == key && *l == label)
        {
            Some(g) => g.2.push(vi),
            None => value_groups.push((key, label, vec![vi])),
        }
    }

    // order: names by (count desc, first position), then values likewise
    let mut name_order: Vec<usize> = (0..entities.len()).collect();
    name_order.sort_by_key(|&i| (std::cmp::Reverse(entities[i].mentions.len()), first_pos[i]));
    let mut value_order: Vec<usize> = (0..value_groups.len()).collect();
    value_order.sort_by_key(|&i| {
        (
            std::cmp::Reverse(value_groups[i].2.len()),
            values[value_groups[i].2[0]].tokens.start,
        )
    });

    // assemble mentions in text order
    struct M {
        tokens: Range<usize>,
        range: Range<usize>,
        label: &'static str,
        entity: usize,
    }
    let mut ms: Vec<M> = Vec::new();
    let mut final_entities: Vec<Entity> = Vec::new();
    for &ei in &name_order {
        let e = &entities[ei];
        let new_idx = final_entities.len();
        for &m in &e.mentions {
            ms.push(M {
                tokens: drafts[m].tokens.clone(),
                range: drafts[m].bytes(tokens),
                label: e.label,
                entity: new_idx,
            });
        }
        final_entities.push(Entity {
            mentions: Vec::new(),
            ..e.clone()
        });
    }
    for &gi in &value_order {
        let (_, label, members) = &value_groups[gi];
        let new_idx = final_entities.len();
        let first: &ValueMention = &values[members[0]];
        for &m in members {
            ms.push(M {
                tokens: values[m].tokens.clone(),
                range: values[m].range.clone(),
                label,
                entity: new_idx,
            });
        }
        let mut aliases: Vec<String> = members
            .iter()
            .map(|&m| text[values[m].range.clone()].to_string())
            .collect();
        let name = text[first.range.clone()].to_string();
        aliases.retain(|a| *a != name);
        aliases.dedup();
        final_entities.push(Entity {
            name,
            label,
            mentions: Vec::new(),
            aliases,
            role: None,
            value: first.value.clone(),
            related: None,
        });
    }
    // fix related entity indices after reordering
    let mut new_index_of = vec![0usize; entities.len()];
    for (new, &old) in name_order.iter().enumerate() {
        new_index_of[old] = new;
    }
    for e in final_entities.iter_mut() {
        if let Some(r) = e.related.as_mut() {
            r.entity = r.entity.map(|old| new_index_of[old]);
        }
    }
    ms.sort_by_key(|m| (m.range.start, m.range.end));
    let mut mentions = Vec::with_capacity(ms.len());
    for (mi, m) in ms.into_iter().enumerate() {
        final_entities[m.entity].mentions.push(mi);
        mentions.push(Mention {
            range: m.range,
            tokens: m.tokens,
            label: m.label,
            entity: m.entity,
        });
    }
    let _ = group_of;
    EntityAnalysis {
        mentions,
        entities: final_entities,
    }
}
