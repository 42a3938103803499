//! Related articles: the documents that share the most of an article's
//! entities, keyphrases and most distinctive words.

use super::score::{idf, Ctx};
use super::MAX_LIMIT;
use crate::search::analysis::is_stop_word;
use crate::search::index::Index;
use crate::search::query::{Unit, ALL_FIELDS};
use crate::search::{Related, SearchOptions};
use std::collections::HashMap;

/// Articles related to `id`: sharing its entities and keyphrases (weighted
/// high) and its most distinctive title and body terms.
pub fn related(ix: &Index, id: &str, limit: usize) -> Vec<Related> {
    let Some(&num) = ix.by_id.get(id) else {
        return Vec::new();
    };
    let Some(Some(stored)) = ix.docs.get(num as usize) else {
        return Vec::new();
    };
    let ctx = Ctx::new(ix, false);
    // salient units: entity names and keyphrases as phrases in any field
    let mut units: Vec<(Unit, f32, String)> = Vec::new();
    let fields = &stored.fields;
    for (vals, w) in [
        (&fields.people, 2.0),
        (&fields.orgs, 1.5),
        (&fields.places, 1.0),
        (&fields.keyphrases, 2.0),
    ] {
        for v in vals.iter().take(20) {
            let words = crate::search::query::parse_query(&format!("\"{}\"", v.replace('"', " ")))
                .clauses
                .into_iter()
                .next()
                .and_then(|c| c.alts.into_iter().next());
            if let Some(u) = words {
                if !units.iter().any(|(x, _, _)| *x == u) {
                    units.push((u, w, v.clone()));
                }
            }
        }
    }
    // distinctive terms: tf-idf over the title (doubled) and body
    let mut tf: HashMap<String, f32> = HashMap::new();
    for (text, w) in [(&stored.doc.title, 2.0), (&stored.doc.text, 1.0)] {
        for o in crate::search::analysis::occurrences(text) {
            if o.part || is_stop_word(&o.term) || o.term.chars().count() < 3 {
                continue;
            }
            *tf.entry(o.term).or_insert(0.0) += w;
        }
    }
    let mut terms: Vec<(String, f32)> = tf
        .into_iter()
        .filter_map(|(t, f)| {
            let df = ix.term(ix.term_id(&t)?)?.df;
            (df > 1).then(|| (t, (1.0 + f.ln()) * idf(ctx.n, df)))
        })
        .collect();
    crate::text::sort::sort_by(&mut terms, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    for (t, _) in terms.into_iter().take(12) {
        units.push((
            Unit::Word {
                term: t.clone(),
                fields: ALL_FIELDS,
                last: false,
            },
            1.0,
            t,
        ));
    }
    let opts = SearchOptions::default();
    let mut score: HashMap<u32, (f32, Vec<String>)> = HashMap::new();
    for (u, w, label) in &units {
        for h in ctx.unit(u, &opts, false).hits {
            if h.doc == num {
                continue;
            }
            let e = score.entry(h.doc).or_insert((0.0, Vec::new()));
            e.0 += w * h.score;
            e.1.push(label.clone());
        }
    }
    let mut out: Vec<Related> = score
        .into_iter()
        .filter_map(|(d, (s, shared))| {
            let st = ix.docs.get(d as usize)?.as_ref()?;
            Some(Related {
                id: st.doc.id.clone(),
                title: st.doc.title.clone(),
                score: s,
                shared,
            })
        })
        .collect();
    crate::text::sort::sort_by(&mut out, |a, b| {
        b.score.total_cmp(&a.score).then(a.id.cmp(&b.id))
    });
    out.truncate(limit.min(MAX_LIMIT));
    out
}
