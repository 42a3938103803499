//! Where the bytes of a saved index go: the postings by part (per-term
//! headers, document numbers, counts per field), the positions by field,
//! both by document-frequency class, and the documents section by kind of
//! data. A measuring tool for the format's design (the `search` benchmark
//! prints it); nothing reads it back. The figures come from the writer
//! itself, so they are the bits of the saved file.

use super::super::index::Index;
use super::super::NFIELDS;
use super::{put_opt, put_str};
use crate::text::hash::FxMap;
use crate::text::varint::put_varint;

/// Bits of each part of the postings and positions, and bytes of the kinds
/// of data in the documents section.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Breakdown {
    /// Terms saved.
    pub terms: u64,
    /// (term, document) entries.
    pub entries: u64,
    /// Entries with an occurrence outside the body (they carry a field mask).
    pub entries_other: u64,
    /// Positions.
    pub positions: u64,
    /// Bits of the per-term headers of the postings (document frequency,
    /// Rice parameter of the counts).
    pub head_bits: u64,
    /// Bits of the document numbers.
    pub doc_bits: u64,
    /// Bits of the counts per field.
    pub count_bits: u64,
    /// Bits of the positions (with the per-term adjustments).
    pub pos_bits: u64,
    /// Positions and their bits by field (title, body, people, orgs,
    /// places, speakers, keyphrases).
    pub by_field: [(u64, u64); NFIELDS],
    /// By document-frequency class (1, 2–9, 10–99, 100–999, 1000+): terms,
    /// postings bits, positions bits.
    pub by_df: [(u64, u64, u64); 5],
    /// Raw bytes of the documents section by kind (name, raw, deflated alone).
    pub docs: Vec<(&'static str, u64, u64)>,
}

/// Labels of [`Breakdown::by_field`].
pub const FIELD_NAMES: [&str; NFIELDS] = [
    "title",
    "body",
    "people",
    "orgs",
    "places",
    "speakers",
    "keyphrases",
];

/// Labels of [`Breakdown::by_df`].
pub const DF_CLASSES: [&str; 5] = ["df 1", "df 2-9", "df 10-99", "df 100-999", "df 1000+"];

fn df_class(df: u32) -> usize {
    match df {
        0..=1 => 0,
        2..=9 => 1,
        10..=99 => 2,
        100..=999 => 3,
        _ => 4,
    }
}

impl Breakdown {
    /// Counts one term as the writer saved it.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn add_term(
        &mut self,
        df: u32,
        head: u64,
        doc_bits: u64,
        count_bits: u64,
        pos_bits: u64,
        entries: &[(u32, [u32; NFIELDS])],
        by_field: &[u64; NFIELDS],
    ) {
        self.terms += 1;
        self.entries += u64::from(df);
        self.head_bits += head;
        self.doc_bits += doc_bits;
        self.count_bits += count_bits;
        self.pos_bits += pos_bits;
        for (_, tf) in entries {
            if tf.iter().sum::<u32>() > tf[1] {
                self.entries_other += 1;
            }
            for ((n, _), &c) in self.by_field.iter_mut().zip(tf.iter()) {
                *n += u64::from(c);
                self.positions += u64::from(c);
            }
        }
        for ((_, b), &x) in self.by_field.iter_mut().zip(by_field.iter()) {
            *b += x;
        }
        if let Some(x) = self.by_df.get_mut(df_class(df)) {
            x.0 += 1;
            x.1 += head + doc_bits + count_bits;
            x.2 += pos_bits;
        }
    }
}

/// Measures the saved form of `ix` (see [`Breakdown`]).
pub fn breakdown(ix: &Index) -> Breakdown {
    let (_, _, mut b) = super::to_bytes_tallied(ix);
    // the documents section, by kind
    let mut uses: FxMap<&str, u32> = FxMap::default();
    let mut parts: [Vec<u8>; 7] = Default::default();
    for s in ix.docs.iter().flatten() {
        put_str(&mut parts[1], &s.doc.id);
        put_str(&mut parts[2], &s.doc.title);
        put_opt(&mut parts[3], &s.doc.date);
        put_opt(&mut parts[3], &s.doc.source);
        put_opt(&mut parts[3], &s.doc.url);
        put_opt(&mut parts[3], &s.doc.lang);
        for (_, vals) in s.fields.by_field() {
            for v in vals {
                *uses.entry(v.as_str()).or_insert(0) += 1;
            }
        }
        for l in s.lens {
            put_varint(&mut parts[5], u64::from(l));
        }
    }
    let (table, ids) = super::value_table(uses);
    for (v, _) in &table {
        put_str(&mut parts[0], v);
    }
    for s in ix.docs.iter().flatten() {
        for (_, vals) in s.fields.by_field() {
            put_varint(&mut parts[4], vals.len() as u64);
            for v in vals {
                put_varint(
                    &mut parts[4],
                    u64::from(ids.get(v.as_str()).copied().unwrap_or(0)),
                );
            }
        }
        // the same values as strings, as version 2 saved them
        for (_, vals) in s.fields.by_field() {
            put_varint(&mut parts[6], vals.len() as u64);
            for v in vals {
                put_str(&mut parts[6], v);
            }
        }
    }
    let names = [
        "value table",
        "ids",
        "titles",
        "date/source/url/lang",
        "field value numbers",
        "field lengths",
        "(v2: field values as strings)",
    ];
    for (name, p) in names.into_iter().zip(parts.iter()) {
        let z = miniz_oxide::deflate::compress_to_vec(p, 9).len() as u64;
        b.docs.push((name, p.len() as u64, z));
    }
    b
}
