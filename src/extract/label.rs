//! The label of a mention or an entity, typed through the whole core.
//!
//! Names (`PER`, `ORG`, `LOC`, `MISC`) come from the tagger; values (`DATE`,
//! `MONEY`, ...) from the rule-based value finders. Engines compare labels as
//! enums; they become strings only at the JSON face ([`Label::as_str`], and
//! `Serialize` writes the same string).

use serde::{Serialize, Serializer};

/// A mention's or an entity's label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Label {
    /// A person.
    Per,
    /// An organization.
    Org,
    /// A place.
    Loc,
    /// Another name (events, nationalities, works, products).
    #[default]
    Misc,
    /// A date, a date range or a duration.
    Date,
    /// A time of day.
    Time,
    /// An amount of money.
    Money,
    /// A percentage.
    Percent,
    /// A measured quantity with a unit.
    Quantity,
    /// An ordinal number.
    Ordinal,
    /// A cardinal number.
    Cardinal,
}

impl Label {
    /// Every label, names first.
    pub const ALL: [Label; 11] = [
        Label::Per,
        Label::Org,
        Label::Loc,
        Label::Misc,
        Label::Date,
        Label::Time,
        Label::Money,
        Label::Percent,
        Label::Quantity,
        Label::Ordinal,
        Label::Cardinal,
    ];

    /// The label as written in JSON and CoNLL (`"PER"`, `"DATE"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Per => "PER",
            Label::Org => "ORG",
            Label::Loc => "LOC",
            Label::Misc => "MISC",
            Label::Date => "DATE",
            Label::Time => "TIME",
            Label::Money => "MONEY",
            Label::Percent => "PERCENT",
            Label::Quantity => "QUANTITY",
            Label::Ordinal => "ORDINAL",
            Label::Cardinal => "CARDINAL",
        }
    }

    /// The label written as `s`, if it is one.
    pub fn parse(s: &str) -> Option<Label> {
        Label::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// True for the tagger's name labels (`PER`, `ORG`, `LOC`, `MISC`).
    pub fn is_name(self) -> bool {
        matches!(self, Label::Per | Label::Org | Label::Loc | Label::Misc)
    }
}

impl From<crate::extract::values::ValueKind> for Label {
    fn from(k: crate::extract::values::ValueKind) -> Label {
        use crate::extract::values::ValueKind;
        match k {
            ValueKind::Date => Label::Date,
            ValueKind::Time => Label::Time,
            ValueKind::Money => Label::Money,
            ValueKind::Percent => Label::Percent,
            ValueKind::Quantity => Label::Quantity,
            ValueKind::Ordinal => Label::Ordinal,
            ValueKind::Cardinal => Label::Cardinal,
        }
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Label {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for Label {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_strings() {
        for l in Label::ALL {
            assert_eq!(Label::parse(l.as_str()), Some(l));
        }
        assert_eq!(Label::parse("per"), None);
        assert!(Label::Misc.is_name() && !Label::Date.is_name());
    }

    #[test]
    fn converts_from_tagger_types_and_value_kinds_by_name() {
        use crate::extract::ner::EntityType;
        use crate::extract::values::ValueKind;
        for t in EntityType::ALL {
            assert_eq!(Label::from(t).as_str(), t.as_str());
        }
        for k in [
            ValueKind::Date,
            ValueKind::Time,
            ValueKind::Money,
            ValueKind::Percent,
            ValueKind::Quantity,
            ValueKind::Ordinal,
            ValueKind::Cardinal,
        ] {
            assert_eq!(Label::from(k).as_str(), k.as_str());
        }
    }
}
