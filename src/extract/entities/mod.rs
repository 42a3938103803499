//! Entities, not just mentions: the named-entity tagger's mentions and the
//! rule-based values of an article, cleaned and grouped into entities with a
//! canonical name, aliases, a role and relations.
//!
//! [`find_entities`] is a pipeline of stages over *drafts* (a token range, a
//! [`Label`], maybe a role, maybe a byte range inside a hyphenated token),
//! one module per stage:
//!
//! 1. `tag`: the statistical tagger ([`NerModel`]) reads the whole article
//!    at once; its spans become the first drafts.
//! 2. `repair`: rules the tagger does not know. Adjacent person parts that
//!    spell a name used elsewhere join (`Kim` + `Jong Un`); a byline's name is
//!    a person; quoted title-case phrases are MISC names, and so are titles
//!    of works listed or named after a noun of works (`works`: `films
//!    including Raging Bull`, `the film Vera Drake`); then each draft is
//!    cleaned (`edges`; before it `titles` makes a person of a name a
//!    title or an organisation is glued to: `Mayor Bill de Blasio`,
//!    `Goldman CEO Lloyd Blankfein`): possessives, articles and punctuation trimmed off its edges
//!    (`Russia’s` → `Russia`), hyphenated suffixes cut (`Seoul-based` →
//!    `Seoul`, a place), country acronyms made places (`US`), and titles split
//!    off person names into a role (`roles`: `Defense Minister Sergey
//!    Shoigu` → role `Defense Minister`). `known` applies the model's
//!    gazetteer: names it lists as organisations are not left as people or
//!    places (`Yahoo said`), holidays and events are not people, and ones
//!    the tagger missed are added (`before Christmas`), unless the article
//!    shows a person there; then one type per name. `shape` holds the rules that go by how a name is written: initials
//!    and particles kept inside it (`George W Bush`, `von der Leyen`),
//!    post-nominal letters cut off (`Peter Ainsworth MP`). `lowercase`
//!    cuts names at lower-case words no name holds (`Bill Gates said Xbox
//!    2`, `BBC news`) and a sentence's capitalized first word off the name
//!    after it (`But Home Office officials`). `abbreviations` adds a US
//!    state in AP style after a city (`Louisville, Ky.`) or in a party
//!    label (`Paul Ryan (R-Wis.)`) and `9/11`;
//!    `forenames` gives a surname back the first name the tagger dropped
//!    (`Film-maker Spike Lee` … `Lee said`) and makes a surname with its
//!    particle the person named in full (`Le Pen` after `Marine Le Pen`); `demonyms` joins a
//!    nationality to the state's body after it (`Scottish Executive`, an
//!    organisation).
//! 3. `acronyms`: acronyms defined in the text (`Korean Central News Agency
//!    (KCNA)`, `unmanned aerial vehicles (UAVs)`) are found; the rule-based
//!    values (dates, money, ...: [`crate::extract::values`]) are found on the
//!    tokens outside names; then defined acronyms and their expansions become
//!    drafts too (`values` groups the values into entities later).
//! 4. `group`: drafts become entities. Full names first, then shorter ones
//!    join them: a surname or first name alone joins the most recent person
//!    with it (`Shoigu`, `Kim`), or of two people of one surname the one
//!    named first (`Trump` is Donald Trump after `Melania Trump`) whose
//!    gender agrees with a title (`Mrs. Clinton`), spelling variants merge (`Sergey`/`Sergei`),
//!    acronyms join their expansions, `the North` joins North Korea. Each
//!    entity takes its fullest form as its name, the others as aliases, and
//!    the label most of its mentions have.
//! 5. `demonyms`: a MISC entity that is a demonym is related to its country
//!    (`North Korean` → North Korea), to the article's entity when it has one.
//! 6. `assemble`: names by salience (mention count, then first position),
//!    then values likewise; mentions in text order.
//!
//! Labels stay [`Label`]s throughout; they become strings only in JSON.
//! Word lists live in `data/*.txt`, compiled in.

mod abbreviations;
mod acronyms;
mod aliases;
mod assemble;
mod demonyms;
mod edges;
mod forenames;
mod group;
mod known;
mod lines;
mod lowercase;
mod repair;
mod roles;
pub mod salience;
mod shape;
/// Forms of address (`Mr`, `Lord`, `Dame`): what coreference does not take
/// for a role (`The Lord Chief Justice` is not a description of every lord).
pub(crate) use roles::HONORIFICS;
/// Lower-case words inside names (`von`, `der`, `bin`): also what a name
/// signed under a quote may hold (`quotes`).
pub(crate) use shape::NAME_PARTICLES;
mod tag;
mod titles;
mod values;
mod vote;
mod works;

use super::ner::NerModel;
use super::values::{find_values, find_values_in, Value, ValueLang, Ymd};
use super::Label;
use crate::text::Token;
use std::ops::Range;

/// A mention of an entity in the text (byte ranges).
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Token index range.
    pub tokens: Range<usize>,
    /// Byte range.
    pub range: Range<usize>,
    /// Label: `PER`, `ORG`, `LOC`, `MISC`, or a value type (`DATE`, `MONEY`, ...).
    pub label: Label,
    /// Index of the entity in the entity list.
    pub entity: usize,
    /// How sure the tagger is of this mention (0–1): for tagger spans, the
    /// calibrated probability that span and type are right; for names made
    /// by rules, a fixed value ([`RULE_CONFIDENCE`]; [`SHAPE_CONFIDENCE`]
    /// for names found by shape in other languages); for values (dates,
    /// money, ...), found by deterministic patterns, 1.
    pub confidence: f32,
}

/// The confidence given to names that rules rather than the tagger made
/// (quoted titles, acronyms whose expansion the tagger missed).
pub const RULE_CONFIDENCE: f32 = 0.5;

/// The confidence given to names found by their written shape alone, in
/// text the tagger was not trained on ([`find_entities_by_shape`]): a
/// capitalized run there is a name more often than not, but its type is
/// unknown (MISC) and nothing checked it, so it sits well under
/// [`UNCERTAIN_BELOW`].
pub const SHAPE_CONFIDENCE: f32 = 0.2;

/// Mentions and entities whose confidence is below this are *uncertain*:
/// calibrated on held-out CoNLL folds, a score under 0.5 means the span and
/// type are more often wrong than right (`models/MODEL.md`). The page marks
/// them as uncertain and leaves them out of its chart and facets unless the
/// reader asks for them (`www/app/dom.js` and `www/worker/articles.js` use
/// the same value).
pub const UNCERTAIN_BELOW: f32 = 0.5;

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
    pub label: Label,
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
    /// The highest confidence of its mentions (see [`Mention::confidence`]).
    pub confidence: f32,
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

/// A name mention in the making: what the stages pass on and refine.
struct Draft {
    tokens: Range<usize>,
    label: Label,
    role: Option<String>,
    /// A byte range inside a hyphenated token (`Seoul` in `Seoul-based`).
    sub: Option<Range<usize>>,
    /// Confidence of this span under each name type (PER, ORG, LOC, MISC):
    /// calibrated tagger posteriors, or [`RULE_CONFIDENCE`] on the rule's
    /// label for drafts that rules made.
    type_conf: [f32; 4],
    /// A work's title read from its context (`the film Sideways`, a list
    /// after `films including`, a name before `starring`): in the vote of
    /// one type per name it counts as a sure mention ([`vote`]).
    work: bool,
}

/// Index of a name label in [`Draft::type_conf`] (`None` for value labels).
fn type_slot(l: Label) -> Option<usize> {
    match l {
        Label::Per => Some(0),
        Label::Org => Some(1),
        Label::Loc => Some(2),
        Label::Misc => Some(3),
        _ => None,
    }
}

/// The name label of a [`Draft::type_conf`] slot.
fn slot_label(i: usize) -> Label {
    match i {
        0 => Label::Per,
        1 => Label::Org,
        2 => Label::Loc,
        _ => Label::Misc,
    }
}

impl Draft {
    /// A draft made by a rule: [`RULE_CONFIDENCE`] on its label.
    fn new(tokens: Range<usize>, label: Label) -> Draft {
        let mut type_conf = [0.0; 4];
        if let Some(i) = type_slot(label) {
            type_conf[i] = RULE_CONFIDENCE;
        }
        Draft {
            tokens,
            label,
            role: None,
            sub: None,
            type_conf,
            work: false,
        }
    }

    /// Gives the draft the label a rule decided: its confidence in that
    /// label is kept (at least [`RULE_CONFIDENCE`]) and it no longer votes
    /// for the types the tagger had given it.
    fn set_label_by_rule(&mut self, label: Label) {
        let conf = self.confidence().max(RULE_CONFIDENCE);
        self.label = label;
        self.type_conf = [0.0; 4];
        if let Some(i) = type_slot(label) {
            self.type_conf[i] = conf;
        }
    }

    /// Cuts the draft's words from token `at` on off into a person's draft
    /// of their own (a person glued to the end of a name: `… Islamic
    /// Relations Alia Salem`), as confident as this draft is of its label.
    fn split_person_off(&mut self, at: usize) -> Draft {
        let mut p = Draft::new(at..self.tokens.end, Label::Per);
        p.type_conf[0] = self.confidence();
        self.tokens.end = at;
        p
    }

    /// The confidence of the draft's current label.
    fn confidence(&self) -> f32 {
        type_slot(self.label).map_or(RULE_CONFIDENCE, |i| self.type_conf[i])
    }

    /// The draft's byte range in the text.
    fn bytes(&self, tokens: &[Token]) -> Range<usize> {
        match &self.sub {
            Some(r) => r.clone(),
            None => tokens[self.tokens.start].start..tokens[self.tokens.end - 1].end,
        }
    }
}

/// The folded form of token `i` (empty past the end).
fn norm(tokens: &[Token], i: usize) -> &str {
    tokens.get(i).map(|t| t.norm.as_str()).unwrap_or("")
}

/// The folded words of tokens `r` as one key (`bbc radio 4`): how the
/// repairs compare one name's drafts.
fn words_key(tokens: &[Token], r: Range<usize>) -> String {
    let mut k = String::new();
    for t in tokens.get(r).unwrap_or(&[]) {
        if !k.is_empty() {
            k.push(' ');
        }
        k.push_str(&t.norm);
    }
    k
}

/// Which draft holds each of `n` tokens (the last listed, where drafts
/// overlap), as an index into `drafts`.
fn draft_owners(n: usize, drafts: &[Draft]) -> Vec<Option<usize>> {
    let mut owner = vec![None; n];
    for (di, d) in drafts.iter().enumerate() {
        for k in d.tokens.clone() {
            if let Some(x) = owner.get_mut(k) {
                *x = Some(di);
            }
        }
    }
    owner
}

/// Which tokens lie inside a name draft (values are never found there).
fn name_mask(n: usize, drafts: &[Draft]) -> Vec<bool> {
    let mut in_name = vec![false; n];
    for d in drafts {
        for k in d.tokens.clone() {
            if let Some(x) = in_name.get_mut(k) {
                *x = true;
            }
        }
    }
    in_name
}

/// Finds the entities of a text. `anchor` resolves relative dates.
pub fn find_entities(
    text: &str,
    tokens: &[Token],
    sentences: &[Range<usize>],
    anchor: Option<Ymd>,
    model: &NerModel,
) -> EntityAnalysis {
    let mut drafts = tag::tag(text, tokens, sentences, model);
    lines::split_at_line_breaks(text, tokens, &mut drafts);
    repair::merge_split_names(tokens, &mut drafts);
    repair::relabel_bylines(text, tokens, sentences, &mut drafts);
    repair::add_quoted_titles(text, tokens, &mut drafts);
    works::titles_in_lists(text, tokens, sentences, &mut drafts);
    repair::drop_credits(text, tokens, sentences, &mut drafts);
    repair::drop_handles(text, tokens, &mut drafts);
    repair::drop_lone_titles(text, tokens, &mut drafts);
    shape::join_across_particles(text, tokens, &mut drafts);
    shape::join_across_numbers(text, tokens, &mut drafts);
    repair::people_after_honorifics(text, tokens, &mut drafts);
    forenames::restore_first_names(text, tokens, sentences, &mut drafts, model);
    shape::people_with_middle_initials(text, tokens, &mut drafts);
    repair::drop_lone_initials(text, tokens, &mut drafts);
    shape::places_named_like_people(text, tokens, &mut drafts);
    shape::laws_are_misc(text, tokens, &mut drafts);
    shape::court_cases_are_misc(text, tokens, &mut drafts);
    shape::bodies_are_organisations(text, tokens, &mut drafts);
    demonyms::state_bodies(text, tokens, &mut drafts);
    repair::peoples_are_misc(tokens, &mut drafts);
    shape::split_post_nominals(text, tokens, &mut drafts);
    shape::drop_party_labels(text, tokens, &mut drafts);
    shape::drop_common_acronyms(text, tokens, &mut drafts);
    lowercase::split_at_lowercase_words(text, tokens, &mut drafts, model);
    titles::people_behind_titles(text, tokens, &mut drafts, model);
    edges::clean(text, tokens, sentences, &mut drafts);
    lowercase::cut_opening_descriptions(text, tokens, sentences, &mut drafts, model);
    repair::split_glued_person(text, tokens, &mut drafts);
    forenames::surnames_with_particles(text, tokens, &mut drafts, model);
    repair::split_glued_place(text, tokens, &mut drafts, model);
    repair::split_surname_modifiers(text, tokens, &mut drafts);
    repair::split_possessives(text, tokens, &mut drafts);
    repair::singular_brands(text, tokens, &mut drafts);
    known::known_organisations(text, tokens, &mut drafts, model);
    known::bodies_described(text, tokens, &mut drafts);
    known::add_known_misc(text, tokens, sentences, &mut drafts, model);
    vote::one_type_per_name(text, tokens, &mut drafts, model);
    lines::datelines(text, tokens, &mut drafts, model);
    shape::take_trailing_numbers(text, tokens, &mut drafts);
    shape::numbered_products(text, tokens, &mut drafts);
    shape::product_variants(text, tokens, &mut drafts);
    abbreviations::us_states_after_places(text, tokens, &mut drafts);
    abbreviations::states_in_party_labels(text, tokens, &mut drafts);
    abbreviations::attacks_of_9_11(text, tokens, &mut drafts);

    let definitions = acronyms::definitions(text, tokens);
    let in_name = name_mask(tokens.len(), &drafts);
    let values = find_values(text, tokens, sentences, anchor, &in_name);
    acronyms::add_defined(text, tokens, &definitions, &in_name, &mut drafts);

    let groups = group::group_names(text, tokens, &drafts, &definitions, Some(model));
    let mut names = group::name_entities(text, tokens, &drafts, &groups);
    demonyms::relate_to_countries(&mut names);
    let value_groups = values::group_values(text, &values);
    assemble::assemble(text, tokens, &drafts, names, &values, &value_groups)
}

/// The entities of a text in a language the tagger was not trained on
/// (`lang` gives its dates and number formats): values first, then names
/// found by their written shape ([`crate::extract::language::shape_names`]),
/// all labelled MISC (the English model's types mean nothing there) with
/// [`SHAPE_CONFIDENCE`], grouped and ordered as [`find_entities`] does.
pub fn find_entities_by_shape(
    text: &str,
    tokens: &[Token],
    sentences: &[Range<usize>],
    anchor: Option<Ymd>,
    lang: ValueLang,
) -> EntityAnalysis {
    let none = vec![false; tokens.len()];
    let values = find_values_in(text, tokens, sentences, anchor, &none, lang);
    let mut taken = none;
    for v in &values {
        for k in v.tokens.clone() {
            if let Some(x) = taken.get_mut(k) {
                *x = true;
            }
        }
    }
    let spans =
        super::language::shape_names(text, tokens, sentences, &taken, lang == ValueLang::De);
    let drafts: Vec<Draft> = spans
        .into_iter()
        .map(|r| {
            let mut d = Draft::new(r, Label::Misc);
            d.type_conf = [0.0, 0.0, 0.0, SHAPE_CONFIDENCE];
            d
        })
        .collect();
    let definitions = acronyms::definitions(text, tokens);
    let groups = group::group_names(text, tokens, &drafts, &definitions, None);
    let names = group::name_entities(text, tokens, &drafts, &groups);
    let value_groups = values::group_values(text, &values);
    assemble::assemble(text, tokens, &drafts, names, &values, &value_groups)
}
