//! Adding and removing documents.
//!
//! A document's terms and positions come from the one analyzer
//! ([`occurrences`]: title, body, then each extracted field, a multi-valued
//! field's values a gap apart); each term's entry is appended to its
//! postings, since documents only ever get a higher internal number.
//! Removing a document leaves a tombstone: its postings entries stay (the
//! ranking skips removed documents), only the document frequencies and the
//! field length sums drop at once. When tombstones are more than half the
//! documents (and at least 64), [`Index::compact`] rewrites every postings
//! list without them and renumbers the documents.

use super::super::analysis::occurrences;
use super::super::{DocFields, Document, Field, NFIELDS};
use super::{
    make_pos, put_varint, remap_postings, FacetTable, FstCache, FxMap, Index, StoredDoc, Term,
    VALUE_GAP,
};

impl Index {
    /// Positions of every term of a document (title, body, extracted fields),
    /// and the length of each field.
    pub fn doc_terms(
        doc: &Document,
        fields: &DocFields,
    ) -> (FxMap<String, Vec<u32>>, [u32; NFIELDS]) {
        let mut map: FxMap<String, Vec<u32>> = FxMap::default();
        let mut lens = [0u32; NFIELDS];
        let mut add_text =
            |field: Field, text: &str, base: u32, lens: &mut [u32; NFIELDS]| -> u32 {
                let occ = occurrences(text);
                let mut max_pos = 0;
                for o in occ {
                    if !o.part {
                        lens[field as usize] += 1;
                    }
                    max_pos = max_pos.max(o.pos + 1);
                    map.entry(o.term)
                        .or_default()
                        .push(make_pos(field, base.saturating_add(o.pos)));
                }
                max_pos
            };
        add_text(Field::Title, &doc.title, 0, &mut lens);
        add_text(Field::Body, &doc.text, 0, &mut lens);
        for (field, values) in fields.by_field() {
            let mut base = 0;
            for v in values {
                let n = add_text(field, v, base, &mut lens);
                base = base.saturating_add(n + VALUE_GAP);
            }
        }
        for ps in map.values_mut() {
            ps.sort_unstable();
            ps.dedup();
        }
        (map, lens)
    }

    /// Adds a document (its id must not be present).
    pub fn insert(&mut self, doc: Document, fields: DocFields) {
        self.make_mutable();
        let (terms, lens) = Self::doc_terms(&doc, &fields);
        let num = self.docs.len() as u32;
        let mut sorted: Vec<(String, Vec<u32>)> = terms.into_iter().collect();
        crate::text::sort::sort_by_hot(&mut sorted, |a, b| a.0.cmp(&b.0));
        for (t, ps) in sorted {
            let id = self.intern(&t);
            if let Some(term) = self.terms.get_mut(id as usize) {
                let delta = if term.last_doc == u32::MAX {
                    num
                } else {
                    num - term.last_doc
                };
                put_varint(&mut term.postings, u64::from(delta));
                put_varint(&mut term.postings, ps.len() as u64);
                let mut prev = 0u32;
                for p in ps {
                    put_varint(&mut term.postings, u64::from(p - prev));
                    prev = p;
                }
                term.last_doc = num;
                term.df += 1;
            }
        }
        for (s, l) in self.field_len_sum.iter_mut().zip(lens.iter()) {
            *s += u64::from(*l);
        }
        self.by_id.insert(doc.id.clone(), num);
        self.docs.push(Some(StoredDoc::new(doc, fields, lens)));
        self.changes += 1;
    }

    /// Removes the document with this id; true if it was there.
    pub fn remove(&mut self, id: &str) -> bool {
        if !self.by_id.contains_key(id) {
            return false;
        }
        self.make_mutable();
        let Some(num) = self.by_id.remove(id) else {
            return false;
        };
        let Some(stored) = self.docs.get_mut(num as usize).and_then(Option::take) else {
            return false;
        };
        self.changes += 1;
        let (terms, lens) = Self::doc_terms(&stored.doc, &stored.fields);
        for t in terms.keys() {
            if let Some(&tid) = self.term_ids.get(t) {
                if let Some(term) = self.terms.get_mut(tid as usize) {
                    term.df = term.df.saturating_sub(1);
                }
            }
        }
        for (s, l) in self.field_len_sum.iter_mut().zip(lens.iter()) {
            *s = s.saturating_sub(u64::from(*l));
        }
        self.deleted += 1;
        if self.deleted >= 64 && self.deleted as usize * 2 > self.docs.len() {
            self.compact();
        }
        true
    }

    /// Rewrites postings without removed documents, renumbering documents and
    /// dropping terms no live document uses.
    pub fn compact(&mut self) {
        if self.deleted == 0 {
            return;
        }
        self.make_mutable();
        let mut remap: Vec<u32> = Vec::with_capacity(self.docs.len());
        let mut next = 0u32;
        for d in &self.docs {
            if d.is_some() {
                remap.push(next);
                next += 1;
            } else {
                remap.push(u32::MAX);
            }
        }
        let old_terms = std::mem::take(&mut self.terms);
        self.term_ids.clear();
        self.stems.clear();
        let mut pos = Vec::new();
        for t in old_terms {
            if t.df == 0 {
                continue;
            }
            let postings = remap_postings(&t.postings, &remap, &mut pos);
            let id = self.intern(&t.text);
            if let Some(nt) = self.terms.get_mut(id as usize) {
                nt.df = t.df;
                nt.last_doc = postings.1;
                nt.postings = postings.0;
            }
        }
        self.docs.retain(Option::is_some);
        for (k, v) in self.by_id.iter_mut() {
            let _ = k;
            *v = remap.get(*v as usize).copied().unwrap_or(u32::MAX);
        }
        self.deleted = 0;
        self.changes += 1;
        *self.fst.borrow_mut() = FstCache::default();
        *self.facets.borrow_mut() = FacetTable::default();
    }

    /// Appends a complete term (used when loading an index).
    pub fn push_term(&mut self, term: Term) {
        self.make_mutable();
        let id = self.terms.len() as u32;
        self.term_ids.insert(term.text.clone(), id);
        let stem = self.stemmer.stem(&term.text);
        self.stems.entry(stem).or_default().push(id);
        self.terms.push(term);
    }

    fn intern(&mut self, t: &str) -> u32 {
        if let Some(&id) = self.term_ids.get(t) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.terms.push(Term {
            text: t.to_string(),
            df: 0,
            last_doc: u32::MAX,
            postings: Vec::new(),
        });
        self.term_ids.insert(t.to_string(), id);
        let stem = self.stemmer.stem(t);
        self.stems.entry(stem).or_default().push(id);
        id
    }
}
