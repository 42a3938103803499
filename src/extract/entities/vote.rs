//! One type per name per article: the vote of the mentions written the same
//! way ([`one_type_per_name`]), after the repairs and before the grouping.

use super::repair::{draft_key, people_plural_stem};
use super::roles::ORG_TAILS;
use super::shape::{is_head_word, is_middle_initial};
use super::Draft;
use crate::extract::coref::{is_first_name, listed_first_name_gender, Gender};
use crate::extract::ner::{tagger_form, NerModel};
use crate::extract::{FxMap, Label};
use crate::text::hash::FxSet;
use crate::text::{Token, TokenKind};

/// A draft keeps a type the article's other mentions of the same name
/// outvote only when the tagger is at least this sure of it and gives the
/// winning type less than [`KEEP_OTHER`].
const KEEP_OWN: f32 = 0.9;
/// What a mention with a person's title split off it (`roles::split_role`)
/// adds to the person type in [`one_type_per_name`]'s vote, on top of its
/// own confidences: one more sure mention. The tagger reads a name's other
/// uses in the article (`Trump rallies`, `Trump events`) and may call the
/// person an organisation everywhere; a title (`candidate`, `Sen.`,
/// `chairman`) before the name is the surest sign of a person.
const TITLED_VOTE: f32 = 1.0;
const KEEP_OTHER: f32 = 0.1;
/// What a work's title read from its context (`the comedy Sideways`,
/// `films including The Aviator`; [`super::Draft::work`]) adds to MISC in
/// the vote, on top of its own confidence: one more sure mention. The
/// tagger takes a one-word title for a person or a place where nothing
/// around it says what it is (`Sideways is written and directed by…`).
const WORK_VOTE: f32 = 1.0;
/// A full name of two or three capitalized words that opens with a common
/// first name and that the gazetteer does not list is a person's once its
/// surname names a person elsewhere in the article, by this much: about
/// three lone mentions' worth of the tagger's person confidence, or
/// another person's full name (`Melania Trump` beside `Donald Trump`).
/// Below it, the lone mentions' confidences join the vote. (The tagger can
/// be sure and wrong: `Melania Trump` an organisation at 0.95 beside twenty
/// `Trump` people.)
const LENT_SURE: f32 = 1.5;

/// One type per name per article: the mentions written the same way vote,
/// each with its confidence in every type, and take the winning type,
/// unless the tagger is sure of its own type and gives the winner almost
/// nothing ([`KEEP_OWN`], [`KEEP_OTHER`]). A lone word that is the surname
/// of a person named in full elsewhere (`Brown` after `Gordon Brown`)
/// joins the vote of that person, a people's plural (`Republicans`)
/// the vote of its singular ([`people_plural_stem`]), and a name with a middle
/// initial the vote of the name without it (`Donald J. Trump`, `Donald
/// Trump`). A person's title is the surest sign of a person: a mention
/// with a title split off it (`presidential candidate Donald Trump`) counts
/// once more for a person, and so does, once, a full name whose surname
/// the article gives alone after a title (`Mr. Trump`) ([`TITLED_VOTE`]).
/// A full name that opens with a first name of the hand-written lists and
/// whose surname the article also writes alone is a person's however the
/// tagger read the surname's other uses (`Trump's rallies`, `a Trump
/// rally`), unless its words say otherwise (a head word such as `Airport`,
/// a word usually written in lower case, a name the gazetteer lists). A
/// work's title read from its context counts once more for MISC
/// ([`WORK_VOTE`]).
pub(super) fn one_type_per_name(
    text: &str,
    tokens: &[Token],
    drafts: &mut [Draft],
    model: &NerModel,
) {
    let is_name = |l: Label| super::type_slot(l).is_some();
    let vote_key = |tokens: &[Token], d: &Draft| {
        let r = d.tokens.clone();
        if r.len() >= 3 {
            // `Donald J. Trump` votes as `Donald Trump`
            let inner = r.start + 1..r.end - 1;
            let mut k = String::new();
            for i in r.clone() {
                let Some(t) = tokens.get(i) else { continue };
                if inner.contains(&i) && is_middle_initial(text, t) {
                    continue;
                }
                if !k.is_empty() {
                    k.push(' ');
                }
                k.push_str(&t.norm);
            }
            return k;
        }
        let k = draft_key(tokens, d);
        match people_plural_stem(&k) {
            Some(stem) if d.tokens.len() == 1 => stem.to_string(),
            _ => k,
        }
    };
    let mut votes: FxMap<String, [f32; 4]> = FxMap::default();
    let mut surname_of_person: FxSet<String> = FxSet::default();
    let mut titled_surnames: FxSet<String> = FxSet::default();
    for d in drafts
        .iter()
        .filter(|d| is_name(d.label) && d.sub.is_none())
    {
        let v = votes.entry(vote_key(tokens, d)).or_insert([0.0; 4]);
        for (a, b) in v.iter_mut().zip(d.type_conf) {
            *a += b;
        }
        if d.label == Label::Per && d.role.is_some() {
            // a person's title before the name (`presidential candidate
            // Donald Trump`) says more than the tagger's doubt
            v[0] += TITLED_VOTE;
        }
        if d.work && d.label == Label::Misc {
            v[3] += WORK_VOTE;
        }
        if d.label == Label::Per && d.tokens.len() >= 2 {
            if let Some(t) = tokens.get(d.tokens.end - 1) {
                surname_of_person.insert(t.norm.to_string());
            }
        }
        if d.label == Label::Per && d.role.is_some() && d.tokens.len() == 1 {
            if let Some(t) = tokens.get(d.tokens.start) {
                titled_surnames.insert(t.norm.to_string());
            }
        }
    }
    // a full name (two or three capitalized words) whose surname stands
    // alone after a title elsewhere (`Mr. Trump`): once more a person
    let mut boosted: FxSet<String> = FxSet::default();
    for d in drafts
        .iter()
        .filter(|d| is_name(d.label) && d.sub.is_none() && (2..=3).contains(&d.tokens.len()))
    {
        let capitalized = tokens
            .get(d.tokens.clone())
            .is_some_and(|ts| ts.iter().all(|t| t.is_capitalized(text)));
        let titled = tokens
            .get(d.tokens.end - 1)
            .is_some_and(|t| titled_surnames.contains(t.norm.as_str()));
        let key = vote_key(tokens, d);
        if capitalized && titled && !boosted.contains(&key) {
            if let Some(v) = votes.get_mut(&key) {
                v[0] += TITLED_VOTE;
            }
            boosted.insert(key);
        }
    }
    // a full name opening with a common first name, typed otherwise, whose
    // surname the article gives alone as a person (`Donald Trump` an
    // organisation, `Trump said` a person) or to another person in full
    // (`Melania Trump` beside `Donald Trump`): a person's, when the
    // evidence reaches `LENT_SURE`, else the lone mentions vote for it too;
    // not a name the gazetteer lists (`Morgan Stanley` beside a `Stanley`)
    let mut lone_person: FxMap<String, f32> = FxMap::default();
    let mut sure_person: FxSet<String> = FxSet::default();
    let mut lent_to: FxSet<String> = FxSet::default();
    for d in drafts
        .iter()
        .filter(|d| d.label == Label::Per && d.sub.is_none() && d.tokens.len() == 1)
    {
        if let Some(t) = tokens.get(d.tokens.start) {
            *lone_person.entry(t.norm.to_string()).or_insert(0.0) += d.type_conf[0];
        }
    }
    for d in drafts.iter().filter(|d| {
        is_name(d.label)
            && d.label != Label::Per
            && d.sub.is_none()
            && (2..=3).contains(&d.tokens.len())
    }) {
        let Some(ts) = tokens.get(d.tokens.clone()) else {
            continue;
        };
        let (Some(first), Some(last)) = (ts.first(), ts.last()) else {
            continue;
        };
        if !is_first_name(&first.norm) || !ts.iter().all(|t| t.is_capitalized(text)) {
            continue;
        }
        // the surname alone as a person, or another person's surname
        // (`Melania Trump` beside `Donald Trump`)
        let lone = lone_person.get(last.norm.as_str()).copied().unwrap_or(0.0);
        let kin = surname_of_person.contains(last.norm.as_str());
        if lone == 0.0 && !kin {
            continue;
        }
        let lent = lone + if kin { LENT_SURE } else { 0.0 };
        let key = vote_key(tokens, d);
        if lent_to.contains(&key) {
            continue;
        }
        let words: Vec<_> = ts.iter().map(|t| tagger_form(text, t)).collect();
        if model.gazetteer_types(&words) != 0 {
            continue;
        }
        if let Some(v) = votes.get_mut(&key) {
            v[0] += lent;
        }
        if lent >= LENT_SURE {
            sure_person.insert(key.clone());
        }
        lent_to.insert(key);
    }
    for (key, surname) in persons_by_first_name(text, tokens, drafts, model) {
        sure_person.insert(key);
        surname_of_person.insert(surname);
    }
    for d in drafts
        .iter_mut()
        .filter(|d| is_name(d.label) && d.sub.is_none())
    {
        let key = vote_key(tokens, d);
        if sure_person.contains(&key) {
            d.set_label_by_rule(Label::Per);
            continue;
        }
        let Some(v) = votes.get(&key) else { continue };
        let mut v = *v;
        if d.tokens.len() == 1 && surname_of_person.contains(&key) {
            // a person named in full outvotes the lone surname's other types
            v[0] += v.iter().copied().fold(0.0, f32::max) + f32::EPSILON;
        }
        // a tie keeps the draft's own type
        let mut best = super::type_slot(d.label).unwrap_or(0);
        for k in 0..4 {
            if v[k] > v[best] {
                best = k;
            }
        }
        let winner = super::slot_label(best);
        if winner == d.label {
            continue;
        }
        let own = d.confidence();
        if own >= KEEP_OWN && d.type_conf[best] < KEEP_OTHER {
            continue;
        }
        d.label = winner;
    }
}

/// The full names of two capitalized words typed an organisation or a place
/// that are people's by their words: the first a first name of the
/// hand-written lists, the last a word news does not write in lower case,
/// no head word of a body's, a place's or a firm's name, and written alone
/// as a name elsewhere in the article, the gazetteer listing neither the
/// name nor its last word (`Donald Trump`, which the tagger reads as the
/// organisation of `the Trump campaign` everywhere; not `Beverly Hills`,
/// `Charlotte Observer`: no `Hills` or `Observer` alone). Each as its vote
/// key and its surname (folded).
fn persons_by_first_name(
    text: &str,
    tokens: &[Token],
    drafts: &[Draft],
    model: &NerModel,
) -> Vec<(String, String)> {
    let is_name = |l: Label| super::type_slot(l).is_some();
    let lone_words: FxSet<&str> = drafts
        .iter()
        .filter(|d| is_name(d.label) && d.sub.is_none() && d.tokens.len() == 1)
        .filter_map(|d| tokens.get(d.tokens.start))
        .map(|t| t.norm.as_str())
        .collect();
    let mut found = Vec::new();
    for d in drafts.iter().filter(|d| {
        matches!(d.label, Label::Org | Label::Loc) && d.sub.is_none() && d.tokens.len() == 2
    }) {
        let Some([first, last]) = tokens.get(d.tokens.clone()) else {
            continue;
        };
        let shaped = [first, last]
            .iter()
            .all(|t| t.kind == TokenKind::Word && t.is_capitalized(text));
        if !shaped
            || listed_first_name_gender(&first.norm) == Gender::Unknown
            || model.usually_lowercase(last.text(text))
            || is_head_word(&last.norm)
            || ORG_TAILS.contains(&last.norm)
            || !lone_words.contains(last.norm.as_str())
        {
            continue;
        }
        let words = [tagger_form(text, first), tagger_form(text, last)];
        if model.gazetteer_types(&words) != 0 || model.gazetteer_types(&words[1..]) != 0 {
            continue;
        }
        // two words: the vote key is the words themselves
        found.push((draft_key(tokens, d), last.norm.to_string()));
    }
    found
}
