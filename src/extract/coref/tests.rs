//! Tests of coreference: pronouns, descriptions and names to entities.

use super::*;
use crate::text::tokenize;

/// An entity mentioned wherever `name` occurs in `text`.
fn ent(text: &str, name: &str, label: Label, role: Option<&str>) -> EntityRef {
    EntityRef {
        name: name.to_string(),
        label,
        mentions: text
            .match_indices(name)
            .map(|(s, m)| s..s + m.len())
            .collect(),
        role: role.map(str::to_string),
    }
}

fn span_of(text: &str, w: &str) -> Range<usize> {
    let s = text.rfind(w).unwrap_or(0);
    s..s + w.len()
}

#[test]
fn pronouns_take_the_latest_compatible_entity() {
    let text = "Angela Merkel met Boris Johnson and Siemens. She said it would help. He agreed.";
    let tokens = tokenize(text);
    let ents = [
        ent(text, "Angela Merkel", Label::Per, None),
        ent(text, "Boris Johnson", Label::Per, None),
        ent(text, "Siemens", Label::Org, None),
    ];
    assert_eq!(
        entity_genders(&tokens, &ents),
        [Gender::Female, Gender::Male, Gender::Unknown]
    );
    let r = Resolver::new(text, &tokens, &ents);
    assert_eq!(r.resolve(&span_of(text, "She")), Some(0));
    assert_eq!(r.resolve(&span_of(text, "He")), Some(1));
    assert_eq!(r.resolve(&span_of(text, "it")), Some(2));
    assert_eq!(r.resolve(&span_of(text, "Johnson")), Some(1));
}

#[test]
fn descriptions_by_role_then_head_noun() {
    let text = "Sergei Shoigu met Gazprom. Later the minister and the company spoke. We agreed.";
    let tokens = tokenize(text);
    let ents = [
        ent(text, "Sergei Shoigu", Label::Per, Some("defence minister")),
        ent(text, "Gazprom", Label::Org, None),
    ];
    let r = Resolver::new(text, &tokens, &ents);
    assert_eq!(r.resolve(&span_of(text, "the minister")), Some(0));
    assert_eq!(r.resolve(&span_of(text, "the company")), Some(1));
    assert_eq!(r.resolve(&span_of(text, "We")), None);
    assert_eq!(Resolver::new(text, &tokens, &[]).resolve(&(0..5)), None);
}

#[test]
fn gender_from_titles_and_following_pronouns() {
    let text = "Ms Quill spoke first. Zed Oaks arrived; he was late.";
    let tokens = tokenize(text);
    let ents = [
        ent(text, "Quill", Label::Per, None),
        ent(text, "Zed Oaks", Label::Per, None),
    ];
    assert_eq!(
        entity_genders(&tokens, &ents),
        [Gender::Female, Gender::Male]
    );
}

/// Byte ranges of the sentences of `text` (split after `. `).
fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices(". ") {
        out.push(start..i + 1);
        start = i + 2;
    }
    out.push(start..text.len());
    out
}

/// Byte ranges of the text between straight double quotes.
fn quoted(text: &str) -> Vec<Range<usize>> {
    let marks: Vec<usize> = text.match_indices('"').map(|m| m.0).collect();
    marks
        .chunks(2)
        .filter(|p| p.len() == 2)
        .map(|p| p[0] + 1..p[1])
        .collect()
}

fn resolver<'a>(text: &'a str, tokens: &'a [Token], ents: &'a [EntityRef]) -> Resolver<'a> {
    Resolver::new(text, tokens, ents).with_context(quoted(text), sentences(text), |w| {
        matches!(w, "said" | "says" | "added")
    })
}

#[test]
fn a_speaker_for_an_organisation_is_the_person_with_that_role() {
    let text = "Maria Lopez, director general of the port authority, visited the docks. \
                The director general of the authority said the cranes were safe.";
    let tokens = tokenize(text);
    let ents = [
        ent(text, "Maria Lopez", Label::Per, Some("director general")),
        ent(text, "port authority", Label::Org, None),
    ];
    let r = resolver(text, &tokens, &ents);
    let span = span_of(text, "The director general of the authority");
    assert_eq!(r.resolve(&span), Some(0));
    // without a person in that role, the organisation named in the span
    let text = "A spokesman for Northwind Airways said flights would resume.";
    let tokens = tokenize(text);
    let ents = [ent(text, "Northwind Airways", Label::Org, None)];
    let r = resolver(text, &tokens, &ents);
    assert_eq!(
        r.resolve(&span_of(text, "A spokesman for Northwind Airways")),
        Some(0)
    );
}

#[test]
fn the_person_before_of_names_the_speaker() {
    let text = "Priya Raman of Hollis Bank said rates would rise.";
    let tokens = tokenize(text);
    let ents = [
        ent(text, "Priya Raman", Label::Per, None),
        ent(text, "Hollis Bank", Label::Org, None),
    ];
    let r = resolver(text, &tokens, &ents);
    assert_eq!(
        r.resolve(&span_of(text, "Priya Raman of Hollis Bank")),
        Some(0)
    );
}

#[test]
fn a_name_on_the_head_word_beats_a_modifier() {
    let text = "Labour leader Tom Hale spoke in Leeds.";
    let tokens = tokenize(text);
    let ents = [
        ent(text, "Labour", Label::Org, None),
        ent(text, "Tom Hale", Label::Per, None),
    ];
    let r = resolver(text, &tokens, &ents);
    assert_eq!(r.resolve(&span_of(text, "Labour leader Tom Hale")), Some(1));
}

#[test]
fn a_description_whose_name_is_a_modifier_means_a_person() {
    // `the Green leader`: the party is a modifier; the leader is a person
    let text = "Ann Birch addressed the conference in Brighton. \
                The Green leader said the plan was vacuous.";
    let tokens = tokenize(text);
    let ents = [
        ent(text, "Ann Birch", Label::Per, None),
        ent(text, "Brighton", Label::Loc, None),
        ent(text, "Green", Label::Org, None),
    ];
    let r = resolver(text, &tokens, &ents);
    assert_eq!(r.resolve(&span_of(text, "The Green leader")), Some(0));
    // the role known from the text wins over the nearest person
    let text = "Ann Birch, the Green leader, met Carl Dunn. \
                Carl Dunn left early. The Green leader said the talks went well.";
    let tokens = tokenize(text);
    let ents = [
        ent(text, "Ann Birch", Label::Per, Some("Green leader")),
        ent(text, "Carl Dunn", Label::Per, None),
        ent(text, "Green", Label::Org, None),
    ];
    let r = resolver(text, &tokens, &ents);
    assert_eq!(r.resolve(&span_of(text, "The Green leader")), Some(0));
    // an indefinite spokesman speaks for the organisation he names
    let text = "Ann Birch spoke. A Green spokesman said the party agreed.";
    let tokens = tokenize(text);
    let ents = [
        ent(text, "Ann Birch", Label::Per, None),
        ent(text, "Green", Label::Org, None),
    ];
    let r = resolver(text, &tokens, &ents);
    assert_eq!(r.resolve(&span_of(text, "A Green spokesman")), Some(1));
}

#[test]
fn a_name_inside_a_quote_is_not_an_antecedent() {
    let text =
        "Ben Ortiz denied the charges. \"I was not told by Carl Dunn of anything,\" he said.";
    let tokens = tokenize(text);
    let ents = [
        ent(text, "Ben Ortiz", Label::Per, None),
        ent(text, "Carl Dunn", Label::Per, None),
    ];
    let r = resolver(text, &tokens, &ents);
    assert_eq!(r.resolve(&span_of(text, "he")), Some(0));
    // without the quotes known, the latest person would be taken
    let plain = Resolver::new(text, &tokens, &ents);
    assert_eq!(plain.resolve(&span_of(text, "he")), Some(1));
}

#[test]
fn a_pronoun_takes_the_subject_of_the_nearest_sentence() {
    // the subject comes first; a name after a preposition or a
    // possessive is no subject
    let text = "Lord Hale's report was read by Tom Reed. \
                Ann Birch praised it on Breakfast with Frost. She said it mattered.";
    let tokens = tokenize(text);
    let ents = [
        ent(text, "Lord Hale", Label::Per, None),
        ent(text, "Tom Reed", Label::Per, None),
        ent(text, "Ann Birch", Label::Per, None),
        ent(text, "Frost", Label::Per, None),
    ];
    let r = resolver(text, &tokens, &ents);
    assert_eq!(r.resolve(&span_of(text, "She")), Some(2));
    let text = "Ann Birch praised the plan. Lord Hale's report was read by Tom Reed. \
                He said it mattered.";
    let tokens = tokenize(text);
    let ents = [
        ent(text, "Ann Birch", Label::Per, None),
        ent(text, "Lord Hale", Label::Per, None),
        ent(text, "Tom Reed", Label::Per, None),
    ];
    let r = resolver(text, &tokens, &ents);
    // `Lord Hale's` is a possessive; `by Tom Reed` an object
    assert_ne!(r.resolve(&span_of(text, "He")), Some(1));
}

#[test]
fn a_chain_of_the_same_pronoun_keeps_its_referent() {
    let text = "Tom Reed met Carl Dunn in Paris. He believes the deal failed. \
                He said so on Monday.";
    let tokens = tokenize(text);
    let ents = [
        ent(text, "Tom Reed", Label::Per, None),
        ent(text, "Carl Dunn", Label::Per, None),
        ent(text, "Paris", Label::Loc, None),
    ];
    let r = resolver(text, &tokens, &ents);
    assert_eq!(r.resolve(&span_of(text, "He")), Some(0));
}

#[test]
fn a_name_inside_a_clause_reported_by_the_pronoun_is_not_its_referent() {
    // the entity the text's last `He said` resolves to, among Tom Reed,
    // Carl Dunn and the places named
    let last_he = |text: &str| {
        let tokens = tokenize(text);
        let mut ents = vec![
            ent(text, "Tom Reed", Label::Per, None),
            ent(text, "Carl Dunn", Label::Per, None),
        ];
        for place in ["Leeds", "York"].into_iter().filter(|p| text.contains(p)) {
            ents.push(ent(text, place, Label::Loc, None));
        }
        let last = text.rfind("He said").unwrap_or(0);
        resolver(text, &tokens, &ents).resolve(&(last..last + 2))
    };
    // `…, he said` reports the sentence: Carl Dunn, inside its clause,
    // is what Tom Reed spoke of, and the chain goes on before it
    let reported = "Tom Reed spoke in Leeds on Monday. The council was ignoring a recent \
                    Carl Dunn report on the plan, he said. He said the town deserved better.";
    assert_eq!(last_he(reported), Some(0));
    // a name opening its clause is the one the pronoun reports for
    let opening = "Tom Reed spoke in Leeds on Monday. In York, Carl Dunn was shocked by \
                   the vote, he said. He said the town deserved better.";
    assert_eq!(last_he(opening), Some(1));
    // without the reporting pronoun the name is the subject it was
    let plain = "Tom Reed spoke in Leeds on Monday. The council was ignoring a recent \
                 Carl Dunn report on the plan. He said the town deserved better.";
    assert_eq!(last_he(plain), Some(1));
}

#[test]
fn a_sentence_opening_description_is_the_entity_with_that_role() {
    let text = "Tom Reed, the home secretary, met Ann Birch. \
                The home secretary said the bill would pass. He added more.";
    let tokens = tokenize(text);
    let ents = [
        ent(text, "Tom Reed", Label::Per, Some("home secretary")),
        ent(text, "Ann Birch", Label::Per, None),
    ];
    let r = resolver(text, &tokens, &ents);
    assert_eq!(r.resolve(&span_of(text, "He")), Some(0));
}
