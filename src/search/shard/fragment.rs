//! One document as a sharded index stores it: a fragment file holds its
//! text, title, metadata and extracted fields (people, organisations,
//! places, speakers, keyphrases), fetched only for the documents a page of
//! results shows. The fields also name the facet keys of the term
//! dictionary ([`filter_key`]).

use super::codec::{get_opt, get_str, put_opt, put_str};
use crate::search::index::{get_varint, put_varint};
use crate::search::{DocFields, Document, FilterField};
use serde::{Deserialize, Serialize};

/// One document as stored in its fragment file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fragment {
    /// The document.
    pub doc: Document,
    /// Its extracted fields.
    pub fields: DocFields,
}

impl Fragment {
    /// The binary form of a fragment's document and fields (what its
    /// content hash covers): strings as `varint(length) bytes`, optional
    /// ones behind a 0/1 byte, each field as `varint(count)` strings.
    pub fn to_bytes(&self) -> Vec<u8> {
        let d = &self.doc;
        let mut out = Vec::with_capacity(d.text.len() + d.title.len() + 64);
        put_str(&mut out, &d.id);
        put_str(&mut out, &d.title);
        put_str(&mut out, &d.text);
        for o in [&d.date, &d.source, &d.url, &d.lang] {
            put_opt(&mut out, o);
        }
        for (_, vals) in filter_values(&self.fields) {
            put_varint(&mut out, vals.len() as u64);
            for v in vals {
                put_str(&mut out, v);
            }
        }
        out
    }

    /// Reads [`Fragment::to_bytes`]; `None` unless every byte is used.
    pub fn from_bytes(b: &[u8]) -> Option<Fragment> {
        let mut at = 0;
        let id = get_str(b, &mut at)?;
        let title = get_str(b, &mut at)?;
        let text = get_str(b, &mut at)?;
        let date = get_opt(b, &mut at)?;
        let source = get_opt(b, &mut at)?;
        let url = get_opt(b, &mut at)?;
        let lang = get_opt(b, &mut at)?;
        let mut lists: [Vec<String>; 5] = Default::default();
        for l in lists.iter_mut() {
            let n = get_varint(b, &mut at)?;
            if n > b.len() as u64 {
                return None;
            }
            for _ in 0..n {
                l.push(get_str(b, &mut at)?);
            }
        }
        if at != b.len() {
            return None;
        }
        let [people, orgs, places, speakers, keyphrases] = lists;
        Some(Fragment {
            doc: Document {
                id,
                title,
                text,
                date,
                source,
                url,
                lang,
            },
            fields: DocFields {
                people,
                orgs,
                places,
                speakers,
                keyphrases,
            },
        })
    }
}

/// The dictionary key of a facet filter value.
pub fn filter_key(field: FilterField, value: &str) -> String {
    let c = match field {
        FilterField::Person => 'p',
        FilterField::Org => 'o',
        FilterField::Place => 'l',
        FilterField::Speaker => 's',
        FilterField::Keyphrase => 'k',
    };
    format!("\u{1}{c}\u{1}{value}")
}

/// Every filter field with the values of `f` in it.
pub(super) fn filter_values(f: &DocFields) -> [(FilterField, &[String]); 5] {
    [
        (FilterField::Person, &f.people),
        (FilterField::Org, &f.orgs),
        (FilterField::Place, &f.places),
        (FilterField::Speaker, &f.speakers),
        (FilterField::Keyphrase, &f.keyphrases),
    ]
}
