//! Stage 6: the article's entity list and mention list.
//!
//! Names come first, by salience: more mentions first, then the earlier
//! first mention; values follow, ordered likewise. Mentions are numbered in
//! text order (by start, then end; a name before a value at the same place)
//! and every entity lists its own. Relations (a demonym's country) are
//! re-pointed at the entities' new places.

use super::values::{value_entity, ValueGroup};
use super::{Draft, Entity, EntityAnalysis, Mention};
use crate::extract::values::ValueMention;
use crate::text::Token;
use std::cmp::Reverse;

/// Orders the name entities (whose mentions are draft indices) and the value
/// groups, and numbers all their mentions.
pub(super) fn assemble(
    text: &str,
    tokens: &[Token],
    drafts: &[Draft],
    names: Vec<Entity>,
    values: &[ValueMention],
    value_groups: &[ValueGroup],
) -> EntityAnalysis {
    let first_pos = |e: &Entity| {
        e.mentions
            .first()
            .map(|&m| drafts[m].tokens.start)
            .unwrap_or(0)
    };
    let mut name_order: Vec<usize> = (0..names.len()).collect();
    crate::text::sort::sort_by_key(&mut name_order, |&i| {
        (Reverse(names[i].mentions.len()), first_pos(&names[i]))
    });
    let mut value_order: Vec<usize> = (0..value_groups.len()).collect();
    crate::text::sort::sort_by_key(&mut value_order, |&i| {
        let g = &value_groups[i];
        (Reverse(g.members.len()), values[g.members[0]].tokens.start)
    });

    // every vector sized once, to what it will hold: the analysis stays
    // live through every later stage, so spare capacity would too
    let count = names.iter().map(|e| e.mentions.len()).sum::<usize>()
        + value_groups.iter().map(|g| g.members.len()).sum::<usize>();
    let mut mentions: Vec<Mention> = Vec::with_capacity(count);
    let mut entities: Vec<Entity> = Vec::with_capacity(names.len() + value_groups.len());
    for &ei in &name_order {
        let e = &names[ei];
        for &m in &e.mentions {
            mentions.push(Mention {
                tokens: drafts[m].tokens.clone(),
                range: drafts[m].bytes(tokens),
                label: e.label,
                entity: entities.len(),
                confidence: drafts[m].confidence(),
            });
        }
        entities.push(Entity {
            mentions: Vec::new(),
            ..e.clone()
        });
    }
    for &gi in &value_order {
        let g = &value_groups[gi];
        for &m in &g.members {
            mentions.push(Mention {
                tokens: values[m].tokens.clone(),
                range: values[m].range.clone(),
                label: g.label,
                entity: entities.len(),
                confidence: 1.0,
            });
        }
        entities.push(value_entity(text, values, g));
    }
    // relations point at the names' new places
    let mut new_index_of = vec![0usize; names.len()];
    for (new, &old) in name_order.iter().enumerate() {
        new_index_of[old] = new;
    }
    for e in entities.iter_mut() {
        if let Some(r) = e.related.as_mut() {
            r.entity = r.entity.map(|old| new_index_of[old]);
        }
    }
    crate::text::sort::sort_by_key(&mut mentions, |m| (m.range.start, m.range.end));
    let mut per_entity = vec![0usize; entities.len()];
    for m in &mentions {
        if let Some(n) = per_entity.get_mut(m.entity) {
            *n += 1;
        }
    }
    for (e, n) in entities.iter_mut().zip(per_entity) {
        e.mentions.reserve_exact(n);
    }
    for (mi, m) in mentions.iter().enumerate() {
        entities[m.entity].mentions.push(mi);
    }
    EntityAnalysis { mentions, entities }
}
