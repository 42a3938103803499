//! The bit codes of one term's postings and positions, both ways.
//!
//! The writer's [`Encoder`] turns the in-memory postings (varint document
//! gaps, per-field counts, positions) into two Rice-coded bit streams: the
//! rank stream (document numbers, by interpolative code or gaps, and the
//! field counts with their masks) and the positions stream (per field, the
//! gaps between positions, with a parameter from the field's length over the
//! term's count). [`decode_postings`] reads them back into the in-memory
//! form and checks every value on the way (a count that overflows, a
//! document number past the corpus, a position past what the format can
//! hold), so a damaged file is refused rather than read into a corrupt
//! index.

use super::{corrupt, pack, stats, BODY, OTHER_FIELDS, POS_MASK};
use crate::search::index::{put_varint, PostingsIter, POS_BITS};
use crate::search::{SearchError, NFIELDS};

/// Rice parameter of a term's document gaps: about log2 of 0.69 × the mean
/// gap (the Golomb rule), from what the reader knows before reading them.
/// The same rule gives the base parameter of position gaps from a field's
/// length and the term's count in it.
pub(crate) fn doc_gap_k(ndocs: u32, df: u32) -> u32 {
    let m = u64::from(ndocs) * 69 / (100 * u64::from(df.max(1)));
    63 - m.max(1).leading_zeros()
}

/// Adjustments of a term's position parameter: `k = base + adj − ADJ_ZERO`.
const ADJ_BITS: u32 = 3;
const ADJ_ZERO: u32 = 3;
/// Largest Rice parameter of a position gap.
const MAX_POS_K: u32 = 24;

/// The Rice parameter of the position gaps of a term with `count`
/// occurrences in a field `len` terms long, shifted by the term's `adj`.
fn pos_k(len: u32, count: u32, adj: u32) -> u32 {
    (doc_gap_k(len.max(1), count) + adj)
        .saturating_sub(ADJ_ZERO)
        .min(MAX_POS_K)
}

/// Writes the mask of the fields besides the body an entry is in: 6 bits
/// for a term's first such entry; after it one bit when it is the same as
/// the term's previous mask (a name is in the same fields article after
/// article), else a zero bit and the 6 bits.
fn put_mask(w: &mut pack::BitWriter, mask: u32, prev: &mut Option<u32>) {
    let n = OTHER_FIELDS.len() as u32;
    match *prev {
        None => w.bits(mask, n),
        Some(p) if p == mask => w.bits(1, 1),
        Some(_) => {
            w.bits(0, 1);
            w.bits(mask, n);
        }
    }
    *prev = Some(mask);
}

/// Reads a mask written by [`put_mask`].
fn get_mask(r: &mut pack::BitReader<'_>, prev: &mut Option<u32>) -> Option<u32> {
    let n = OTHER_FIELDS.len() as u32;
    let mask = match *prev {
        None => r.bits(n)?,
        Some(p) => {
            if r.bits(1)? == 1 {
                p
            } else {
                r.bits(n)?
            }
        }
    };
    *prev = Some(mask);
    Some(mask)
}

/// Re-encodes in-memory postings into the saved form, reusing its buffers.
#[derive(Default)]
pub(super) struct Encoder {
    pos: Vec<u32>,
    gaps: Vec<u32>,
    docs: Vec<u32>,
    counts: Vec<u32>,
    /// Per entry: document (new number) and count per field.
    entries: Vec<(u32, [u32; NFIELDS])>,
    /// Token positions of every entry, field by field.
    tokens: Vec<u32>,
}

impl Encoder {
    /// Writes the saved form of `postings`, documents renumbered by `remap`
    /// (`u32::MAX`: dropped): documents and counts to `rank`, positions to
    /// `posw` (see the module documentation).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn encode(
        &mut self,
        postings: &[u8],
        remap: &[u32],
        ndocs: u32,
        lens: &[[u32; NFIELDS]],
        rank: &mut pack::BitWriter,
        posw: &mut pack::BitWriter,
        tally: &mut stats::Breakdown,
    ) {
        self.gaps.clear();
        self.counts.clear();
        self.entries.clear();
        self.tokens.clear();
        let mut it = PostingsIter::new(postings);
        let mut last: Option<u32> = None;
        while let Some(doc) = it.next_into(&mut self.pos) {
            let Some(&nd) = remap.get(doc as usize) else {
                continue;
            };
            let mut tf = [0u32; NFIELDS];
            for &p in &self.pos {
                if let Some(x) = tf.get_mut((p >> POS_BITS) as usize) {
                    *x += 1;
                }
            }
            let total: u32 = tf.iter().sum();
            if nd == u32::MAX || total == 0 {
                continue;
            }
            self.gaps.push(match last {
                None => nd,
                Some(l) => nd.saturating_sub(l).saturating_sub(1),
            });
            last = Some(nd);
            let other = total - tf[BODY];
            self.counts.push((total - 1) * 2 + u32::from(other > 0));
            // positions are sorted: field by field, tokens ascending
            self.tokens.extend(
                self.pos
                    .iter()
                    .filter(|&&p| ((p >> POS_BITS) as usize) < NFIELDS)
                    .map(|&p| p & POS_MASK),
            );
            self.entries.push((nd, tf));
        }
        let df = self.gaps.len() as u32;
        let kc = pack::best_rice(&self.counts);
        let kd = doc_gap_k(ndocs, df);
        let rank_start = rank.bit_len();
        rank.rice(df.saturating_sub(1), 3);
        rank.bits(kc, 5);
        // the document numbers: as Rice-coded gaps or, when smaller (a
        // term used in one part of the corpus), an interpolative code
        let mut interpolative = false;
        if df >= 2 {
            let rice: u64 = self
                .gaps
                .iter()
                .map(|&g| u64::from(pack::rice_len(g, kd)))
                .sum();
            self.docs.clear();
            self.docs.extend(self.entries.iter().map(|e| e.0));
            let top = ndocs.saturating_sub(1);
            interpolative = pack::interpolative_len(&self.docs, 0, top) < rice;
            rank.bits(u32::from(interpolative), 1);
        }
        let head = rank.bit_len() - rank_start;
        if interpolative {
            pack::write_interpolative(rank, &self.docs, 0, ndocs.saturating_sub(1));
        } else {
            for &g in &self.gaps {
                rank.rice(g, kd);
            }
        }
        let doc_bits = rank.bit_len() - rank_start - head;
        let mut prev_mask: Option<u32> = None;
        for (&c, (_, tf)) in self.counts.iter().zip(&self.entries) {
            rank.rice(c, kc);
            if c & 1 == 1 {
                let mut mask = 0u32;
                for (i, &f) in OTHER_FIELDS.iter().enumerate() {
                    if tf[f] > 0 {
                        mask |= 1 << i;
                    }
                }
                put_mask(rank, mask, &mut prev_mask);
                for &f in &OTHER_FIELDS {
                    if tf[f] > 0 {
                        rank.rice(tf[f] - 1, 0);
                    }
                }
            }
        }
        let count_bits = rank.bit_len() - rank_start - head - doc_bits;
        // positions: the adjustment that codes them in the fewest bits
        let mut best = (u64::MAX, ADJ_ZERO);
        for adj in 0..(1 << ADJ_BITS) {
            let mut bits = 0u64;
            self.walk_positions(lens, adj, |_, g, k| bits += u64::from(pack::rice_len(g, k)));
            if bits < best.0 {
                best = (bits, adj);
            }
        }
        let adj = best.1;
        let pos_start = posw.bit_len();
        posw.bits(adj, ADJ_BITS);
        let mut by_field = [0u64; NFIELDS];
        self.walk_positions(lens, adj, |f, g, k| {
            posw.rice(g, k);
            if let Some(x) = by_field.get_mut(f) {
                *x += u64::from(pack::rice_len(g, k));
            }
        });
        let pos_bits = posw.bit_len() - pos_start;
        tally.add_term(
            df,
            head,
            doc_bits,
            count_bits,
            pos_bits,
            &self.entries,
            &by_field,
        );
    }

    /// Calls `f(field, gap code, Rice parameter)` for every position, in
    /// the order they are written.
    fn walk_positions(
        &self,
        lens: &[[u32; NFIELDS]],
        adj: u32,
        mut f: impl FnMut(usize, u32, u32),
    ) {
        let mut at = 0usize;
        for (doc, tf) in &self.entries {
            let dl = lens.get(*doc as usize).copied().unwrap_or([0; NFIELDS]);
            for (field, (&n, &len)) in tf.iter().zip(dl.iter()).enumerate() {
                let k = pos_k(len, n, adj);
                let mut last: i64 = -1;
                for &t in self.tokens.get(at..at + n as usize).unwrap_or(&[]) {
                    let g = (i64::from(t) - last - 1).max(0) as u32;
                    f(field, g, k);
                    last = i64::from(t);
                }
                at += n as usize;
            }
        }
    }
}

/// Reusable buffers of [`decode_postings`].
#[derive(Default)]
pub(super) struct Scratch {
    docs: Vec<u32>,
    tfs: Vec<[u32; NFIELDS]>,
}

/// Decodes one term's saved postings and positions (see [`Encoder::encode`])
/// into the in-memory form, checking them: returns the document frequency,
/// the postings and the last document.
pub(super) fn decode_postings(
    r: &mut pack::BitReader<'_>,
    p: &mut pack::BitReader<'_>,
    lens: &[[u32; NFIELDS]],
    s: &mut Scratch,
    mut out: Option<&mut Vec<u8>>,
) -> Result<(u32, u32), SearchError> {
    let bad = || corrupt("bad postings");
    let ndocs = lens.len();
    s.docs.clear();
    s.tfs.clear();
    let df = r.rice(3).and_then(|d| d.checked_add(1)).ok_or_else(bad)?;
    let kc = r.bits(5).ok_or_else(bad)?;
    // every value takes at least one bit
    if df as usize > ndocs || df as usize > r.left() {
        return Err(bad());
    }
    let kd = doc_gap_k(ndocs as u32, df);
    let mut last: Option<u32> = None;
    if df >= 2 && r.bits(1).ok_or_else(bad)? == 1 {
        let top = u32::try_from(ndocs - 1).map_err(|_| bad())?;
        pack::read_interpolative(r, df as usize, 0, top, &mut s.docs).ok_or_else(bad)?;
        last = s.docs.last().copied();
    }
    for _ in 0..if s.docs.is_empty() { df } else { 0 } {
        let g = r.rice(kd).ok_or_else(bad)?;
        let doc = match last {
            None => g,
            Some(l) => l
                .checked_add(g)
                .and_then(|x| x.checked_add(1))
                .ok_or_else(bad)?,
        };
        if doc as usize >= ndocs {
            return Err(bad());
        }
        s.docs.push(doc);
        last = Some(doc);
    }
    let mut total_all = 0usize;
    let mut prev_mask: Option<u32> = None;
    for _ in 0..df {
        let c = r.rice(kc).ok_or_else(bad)?;
        let total = (c >> 1).checked_add(1).ok_or_else(bad)?;
        let mut tf = [0u32; NFIELDS];
        let mut others = 0u32;
        if c & 1 == 1 {
            let mask = get_mask(r, &mut prev_mask).ok_or_else(bad)?;
            if mask == 0 {
                return Err(bad());
            }
            for (i, &f) in OTHER_FIELDS.iter().enumerate() {
                if mask & (1 << i) != 0 {
                    let n = r.rice(0).and_then(|n| n.checked_add(1)).ok_or_else(bad)?;
                    others = others.checked_add(n).ok_or_else(bad)?;
                    if let Some(x) = tf.get_mut(f) {
                        *x = n;
                    }
                }
            }
        }
        tf[BODY] = total.checked_sub(others).ok_or_else(bad)?;
        total_all = total_all.saturating_add(total as usize);
        s.tfs.push(tf);
    }
    // every position takes at least one bit
    let adj = p.bits(ADJ_BITS).ok_or_else(bad)?;
    if total_all > p.left() {
        return Err(bad());
    }
    if let Some(o) = out.as_deref_mut() {
        o.reserve(total_all * 2 + s.docs.len() * 2);
    }
    let mut prev_doc: Option<u32> = None;
    for (&doc, tf) in s.docs.iter().zip(s.tfs.iter()) {
        let dl = lens.get(doc as usize).copied().unwrap_or([0; NFIELDS]);
        if let Some(o) = out.as_deref_mut() {
            put_varint(o, u64::from(doc - prev_doc.unwrap_or(0)));
            put_varint(o, u64::from(tf.iter().sum::<u32>()));
        }
        prev_doc = Some(doc);
        let mut prev = 0u32;
        for (field, (&n, &len)) in tf.iter().zip(dl.iter()).enumerate() {
            if n == 0 {
                continue;
            }
            let k = pos_k(len, n, adj);
            let mut t: i64 = -1;
            for _ in 0..n {
                let g = p.rice(k).ok_or_else(bad)?;
                t += 1 + i64::from(g);
                if t > i64::from(POS_MASK) {
                    return Err(bad());
                }
                let pos = (field as u32) << POS_BITS | t as u32;
                if let Some(o) = out.as_deref_mut() {
                    put_varint(o, u64::from(pos - prev));
                }
                prev = pos;
            }
        }
    }
    Ok((df, last.unwrap_or(u32::MAX)))
}
