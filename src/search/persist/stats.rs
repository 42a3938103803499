//! Where the bytes of a saved index go: the postings by part (document
//! numbers, counts, positions, per-term headers), by field (the positions
//! of each field) and by document-frequency class, and the documents
//! section by kind of data. A measuring tool for the format's design (the
//! `search` benchmark prints it); nothing reads it back.

use super::super::index::{Index, PostingsIter, POS_BITS};
use super::super::NFIELDS;
use super::{pack, put_opt, put_str};
use crate::text::varint::put_varint;

/// Bits (postings) or bytes (documents) of each part of a saved index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Breakdown {
    /// Terms, (term, document) entries and positions in the postings.
    pub terms: u64,
    /// (term, document) entries.
    pub entries: u64,
    /// Positions.
    pub positions: u64,
    /// Bits of the per-term headers (document frequency, Rice parameters).
    pub head_bits: u64,
    /// Bits of the document numbers.
    pub doc_bits: u64,
    /// Bits of the counts.
    pub count_bits: u64,
    /// Bits of the positions.
    pub pos_bits: u64,
    /// Positions and their bits by field (title, body, people, orgs,
    /// places, speakers, keyphrases).
    pub by_field: [(u64, u64); NFIELDS],
    /// By document-frequency class (1, 2–9, 10–99, 100–999, 1000+): terms
    /// and all their bits.
    pub by_df: [(u64, u64); 5],
    /// Raw bytes of the documents section by kind: ids, titles, dates +
    /// sources + urls + languages, each of the five extracted fields,
    /// field lengths; and each of these deflated alone.
    pub docs: [(&'static str, u64, u64); 9],
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

fn df_class(df: u64) -> usize {
    match df {
        0..=1 => 0,
        2..=9 => 1,
        10..=99 => 2,
        100..=999 => 3,
        _ => 4,
    }
}

/// Measures the saved form of `ix` (see [`Breakdown`]).
pub fn breakdown(ix: &Index) -> Breakdown {
    let mut b = Breakdown::default();
    let mut pos = Vec::new();
    let mut codes = Vec::new();
    let ndocs = ix.docs.iter().flatten().count() as u32;
    for t in ix.terms.iter().filter(|t| t.df > 0) {
        let mut it = PostingsIter::new(&t.postings);
        let mut docs = Vec::new();
        let mut counts = Vec::new();
        let mut entry_codes: Vec<(usize, Vec<u32>)> = Vec::new();
        let mut last: Option<u32> = None;
        while let Some(doc) = it.next_into(&mut pos) {
            if pos.is_empty() || !matches!(ix.docs.get(doc as usize), Some(Some(_))) {
                continue;
            }
            docs.push(match last {
                None => doc,
                Some(l) => doc.saturating_sub(l).saturating_sub(1),
            });
            last = Some(doc);
            let body = pack::body_only(&pos);
            counts.push((pos.len() as u32 - 1) * 2 + u32::from(!body));
            codes.clear();
            pack::encode_positions(&pos, body, &mut codes);
            for (&p, &c) in pos.iter().zip(codes.iter()) {
                entry_codes.push(((p >> POS_BITS) as usize, vec![c]));
            }
        }
        let df = docs.len() as u64;
        if df == 0 {
            continue;
        }
        let all: Vec<u32> = entry_codes.iter().flat_map(|e| e.1.clone()).collect();
        let (kc, kp) = (pack::best_rice(&counts), pack::best_rice(&all));
        let kd = super::doc_gap_k(ndocs, df as u32);
        let head = u64::from(pack::rice_len(df as u32 - 1, 3)) + 10;
        let db: u64 = docs.iter().map(|&g| u64::from(pack::rice_len(g, kd))).sum();
        let cb: u64 = counts
            .iter()
            .map(|&c| u64::from(pack::rice_len(c, kc)))
            .sum();
        let mut pb = 0u64;
        for (f, c) in &entry_codes {
            let bits = u64::from(pack::rice_len(c[0], kp));
            pb += bits;
            if let Some(x) = b.by_field.get_mut(*f) {
                x.0 += 1;
                x.1 += bits;
            }
        }
        b.terms += 1;
        b.entries += df;
        b.positions += entry_codes.len() as u64;
        b.head_bits += head;
        b.doc_bits += db;
        b.count_bits += cb;
        b.pos_bits += pb;
        if let Some(x) = b.by_df.get_mut(df_class(df)) {
            x.0 += 1;
            x.1 += head + db + cb + pb;
        }
    }
    // the documents section, by kind
    let mut parts: [Vec<u8>; 9] = Default::default();
    for s in ix.docs.iter().flatten() {
        put_str(&mut parts[0], &s.doc.id);
        put_str(&mut parts[1], &s.doc.title);
        put_opt(&mut parts[2], &s.doc.date);
        put_opt(&mut parts[2], &s.doc.source);
        put_opt(&mut parts[2], &s.doc.url);
        put_opt(&mut parts[2], &s.doc.lang);
        for (k, (_, vals)) in s.fields.by_field().into_iter().enumerate() {
            if let Some(p) = parts.get_mut(3 + k) {
                put_varint(p, vals.len() as u64);
                for v in vals {
                    put_str(p, v);
                }
            }
        }
        for l in s.lens {
            put_varint(&mut parts[8], u64::from(l));
        }
    }
    let names = [
        "ids",
        "titles",
        "date/source/url/lang",
        "people",
        "orgs",
        "places",
        "speakers",
        "keyphrases",
        "field lengths",
    ];
    for ((slot, name), p) in b.docs.iter_mut().zip(names).zip(parts.iter()) {
        let z = miniz_oxide::deflate::compress_to_vec(p, 9).len() as u64;
        *slot = (name, p.len() as u64, z);
    }
    b
}
