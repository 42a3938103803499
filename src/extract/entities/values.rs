//! Value entities: the rule-based values ([`crate::extract::values`]) grouped.
//!
//! Values of one label with the same normalized value (or, without one, the
//! same folded text) are one entity: `Thursday` and `August 3` of a dated
//! article are one date. The entity is named by its first mention; the other
//! surface forms are its aliases.

use super::Entity;
use crate::extract::values::ValueMention;
use crate::extract::Label;

/// Value mentions that are one value.
pub(super) struct ValueGroup {
    /// The normalized value as JSON, or the folded text.
    key: String,
    /// The group's label (`DATE`, `MONEY`, ...).
    pub label: Label,
    /// Indices of its value mentions, in text order.
    pub members: Vec<usize>,
}

/// Groups value mentions by label and normalized value (or folded text),
/// in order of first mention.
pub(super) fn group_values(text: &str, values: &[ValueMention]) -> Vec<ValueGroup> {
    let mut groups: Vec<ValueGroup> = Vec::new();
    for (vi, v) in values.iter().enumerate() {
        let key = match &v.value {
            Some(val) => val.to_json(),
            None => crate::text::fold(&text[v.range.clone()]),
        };
        let label = Label::from(v.kind);
        match groups.iter_mut().find(|g| g.key == key && g.label == label) {
            Some(g) => g.members.push(vi),
            None => groups.push(ValueGroup {
                key,
                label,
                members: vec![vi],
            }),
        }
    }
    groups
}

/// The entity of a value group (without mentions: the caller numbers them).
pub(super) fn value_entity(text: &str, values: &[ValueMention], g: &ValueGroup) -> Entity {
    let first = &values[g.members[0]];
    let name = text[first.range.clone()].to_string();
    let mut aliases: Vec<String> = g
        .members
        .iter()
        .map(|&m| text[values[m].range.clone()].to_string())
        .collect();
    aliases.retain(|a| *a != name);
    aliases.dedup();
    Entity {
        name,
        label: g.label,
        mentions: Vec::new(),
        aliases,
        role: None,
        value: first.value.clone(),
        related: None,
        confidence: 1.0,
    }
}
