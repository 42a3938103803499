//! Decoding the files of a sharded index: term shards (postings stored by
//! column, positions inline or in a positions file), positions files,
//! lexicons (for typos), document parts, term and part directory pages and
//! fragments, each checked against the hash in its name before it is read.
//!
//! Every parser returns `None` on bytes that are not what their format
//! promises (a short read, a count past the end, a varint that overflows):
//! a corrupt or hostile file is an error naming it, never a panic. The
//! postings are read lazily through [`Entries`] and [`PositionList`], so a
//! query touches only the lists it ranks.

use super::super::{
    content_hash, decompress, get_str, lexicon_key, parse_file_name, postings_from_columns,
    Fragment, FRAGMENT_MAGIC, LEXICON_MAGIC, PART_DIR_MAGIC, PART_MAGIC, POSITIONS_MAGIC,
    POSITIONS_MAGIC_TAGGED, TERMS_MAGIC, TERMS_MAGIC_EXACT, TERM_DIR_MAGIC, TERM_DIR_MAGIC_PLAIN,
};
use super::{
    Content, LoadedFragment, Part, PartDir, PartDoc, Positions, PositionsFile, ShardError,
    ShardTerm, TermDir,
};
use crate::search::index::{get_varint, pos_field, POS_BITS};
use crate::search::NFIELDS;
use std::cell::OnceCell;

/// The capacity to reserve for a list a file says has `n` entries: at most
/// [`FIRST_CAPACITY`], so that a hostile count (checked only against the
/// file's length) reserves nothing large before its entries are read; the
/// list grows as real entries parse.
fn first_capacity(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX).min(FIRST_CAPACITY)
}

/// Most entries reserved before a list's entries are read.
const FIRST_CAPACITY: usize = 1 << 12;

pub(super) struct Entries<'a> {
    buf: &'a [u8],
    at: usize,
    doc: u64,
    first: bool,
}

impl<'a> Entries<'a> {
    pub(super) fn new(buf: &'a [u8]) -> Self {
        Entries {
            buf,
            at: 0,
            doc: 0,
            first: true,
        }
    }

    pub(super) fn done(&self) -> bool {
        self.at >= self.buf.len()
    }

    /// The next entry, its frequencies in `tf` and field lengths in `lens`
    /// (0 for the fields it does not touch). `None` at the end or on
    /// malformed bytes.
    pub(super) fn next(
        &mut self,
        tf: &mut [u32; NFIELDS],
        lens: &mut [u32; NFIELDS],
    ) -> Option<u32> {
        if self.done() {
            return None;
        }
        *lens = [0; NFIELDS];
        *tf = [0; NFIELDS];
        let d = get_varint(self.buf, &mut self.at)?;
        self.doc = if self.first {
            d
        } else {
            self.doc.checked_add(d)?
        };
        if !self.first && d == 0 {
            return None;
        }
        self.first = false;
        let mask = *self.buf.get(self.at)?;
        self.at += 1;
        if u32::from(mask) >> NFIELDS != 0 {
            return None;
        }
        for f in 0..NFIELDS {
            if mask & (1 << f) != 0 {
                let t = u32::try_from(get_varint(self.buf, &mut self.at)?).ok()?;
                if t == 0 {
                    return None;
                }
                tf[f] = t;
                lens[f] = u32::try_from(get_varint(self.buf, &mut self.at)?).ok()?;
            }
        }
        u32::try_from(self.doc).ok()
    }
}

/// Decodes a positions list, one document's positions at a time.
pub(super) struct PositionList<'a> {
    buf: &'a [u8],
    at: usize,
    /// By field, counts from the postings (format 5); else each document's
    /// count and field-tagged deltas (format 4).
    by_field: bool,
}

impl<'a> PositionList<'a> {
    /// A list read from its start; `by_field`: format 5's layout.
    pub(super) fn new(buf: &'a [u8], by_field: bool) -> Self {
        PositionList {
            buf,
            at: 0,
            by_field,
        }
    }

    /// The next document's positions into `pos`, `tf` being its term
    /// frequencies per field (from the postings); `None` at the end or on
    /// malformed bytes (positions must increase and fit a field).
    pub(super) fn next(&mut self, pos: &mut Vec<u32>, tf: &[u32; NFIELDS]) -> Option<()> {
        pos.clear();
        if self.by_field {
            for (f, &n) in tf.iter().enumerate() {
                let mut token: u64 = 0;
                for k in 0..n {
                    let step = get_varint(self.buf, &mut self.at)?;
                    if k > 0 && step == 0 {
                        return None;
                    }
                    token = if k == 0 {
                        step
                    } else {
                        token.checked_add(step)?
                    };
                    if token >= 1 << POS_BITS {
                        return None;
                    }
                    pos.push(((f as u32) << POS_BITS) | token as u32);
                }
            }
            return Some(());
        }
        let n = get_varint(self.buf, &mut self.at)?;
        if n > self.buf.len().saturating_sub(self.at) as u64 {
            return None;
        }
        let mut p: u64 = 0;
        for k in 0..n {
            let delta = get_varint(self.buf, &mut self.at)?;
            if k > 0 && delta == 0 {
                return None;
            }
            p = p.checked_add(delta)?;
            let v = u32::try_from(p).ok()?;
            if pos_field(v) as usize >= NFIELDS {
                return None;
            }
            pos.push(v);
        }
        Some(())
    }

    pub(super) fn done(&self) -> bool {
        self.at >= self.buf.len()
    }
}

/// True when `pos` holds exactly `tf[f]` positions in each field `f`.
pub(super) fn counts_match(pos: &[u32], tf: &[u32; NFIELDS]) -> bool {
    let mut c = [0u32; NFIELDS];
    for &p in pos {
        match c.get_mut(pos_field(p) as usize) {
            Some(x) => *x += 1,
            None => return false,
        }
    }
    c == *tf
}

/// True when a positions list holds one entry per document of `postings`,
/// each with the frequencies the postings give.
fn positions_agree(postings: &[u8], list: &[u8], by_field: bool) -> bool {
    let mut e = Entries::new(postings);
    let mut p = PositionList::new(list, by_field);
    let (mut tf, mut lens, mut pos) = ([0u32; NFIELDS], [0u32; NFIELDS], Vec::new());
    while !e.done() {
        if e.next(&mut tf, &mut lens).is_none()
            || p.next(&mut pos, &tf).is_none()
            || !counts_match(&pos, &tf)
        {
            return false;
        }
    }
    p.done()
}

fn parse_terms(c: &[u8]) -> Option<Vec<ShardTerm>> {
    let mut at = TERMS_MAGIC.len();
    // format 5 stores field lengths as codes, format 4 exactly
    let coded = match c.get(..at)? {
        m if m == TERMS_MAGIC => true,
        m if m == TERMS_MAGIC_EXACT => false,
        _ => return None,
    };
    let n = get_varint(c, &mut at)?;
    if n > c.len() as u64 {
        return None;
    }
    let mut out: Vec<ShardTerm> = Vec::with_capacity(first_capacity(n));
    for _ in 0..n {
        let text = get_str(c, &mut at)?;
        if out.last().is_some_and(|t| t.text >= text) {
            return None;
        }
        let df = u32::try_from(get_varint(c, &mut at)?).ok()?;
        let len = usize::try_from(get_varint(c, &mut at)?).ok()?;
        let end = at.checked_add(len)?;
        let postings = postings_from_columns(c.get(at..end)?, df, coded)?;
        at = end;
        // every entry must decode, and df must count them
        let mut e = Entries::new(&postings);
        let (mut tf, mut lens) = ([0u32; NFIELDS], [0u32; NFIELDS]);
        let mut count = 0u64;
        while !e.done() {
            e.next(&mut tf, &mut lens)?;
            count += 1;
        }
        if count != u64::from(df) {
            return None;
        }
        let tag = *c.get(at)?;
        at += 1;
        // bit 2: a paired word (format 6; see *Pairs*)
        let paired = tag & 4 != 0;
        let positions = match tag & !4 {
            0 => Positions::None,
            1 => {
                let len = usize::try_from(get_varint(c, &mut at)?).ok()?;
                let end = at.checked_add(len)?;
                let list = c.get(at..end)?.to_vec();
                at = end;
                if !positions_agree(&postings, &list, coded) {
                    return None;
                }
                Positions::Inline(list, coded)
            }
            2 => Positions::File(get_hash(c, &mut at)?, get_varint(c, &mut at)?),
            _ => return None,
        };
        if paired && matches!(positions, Positions::None) {
            return None;
        }
        out.push(ShardTerm {
            text,
            df,
            postings,
            positions,
            paired,
        });
    }
    (at == c.len()).then_some(out)
}

fn parse_positions(c: &[u8]) -> Option<PositionsFile> {
    let mut at = POSITIONS_MAGIC.len();
    let by_field = match c.get(..at)? {
        m if m == POSITIONS_MAGIC => true,
        m if m == POSITIONS_MAGIC_TAGGED => false,
        _ => return None,
    };
    let text = get_str(c, &mut at)?;
    let df = u32::try_from(get_varint(c, &mut at)?).ok()?;
    let list = c.get(at..)?.to_vec();
    if by_field {
        // its counts are the postings': checked entry by entry against
        // them when read (a list that disagrees is a corrupt file)
        return Some(PositionsFile {
            text,
            df,
            list,
            by_field,
        });
    }
    // one entry per document, each well formed
    let mut p = PositionList::new(&list, by_field);
    let mut pos = Vec::new();
    let mut count = 0u64;
    let none = [0u32; NFIELDS];
    while !p.done() {
        p.next(&mut pos, &none)?;
        count += 1;
    }
    (count == u64::from(df)).then_some(PositionsFile {
        text,
        df,
        list,
        by_field,
    })
}

fn parse_lexicon(c: &[u8]) -> Option<Vec<(String, u32)>> {
    let mut at = LEXICON_MAGIC.len();
    if c.get(..at)? != LEXICON_MAGIC {
        return None;
    }
    let n = get_varint(c, &mut at)?;
    if n > c.len() as u64 {
        return None;
    }
    let mut out: Vec<(String, u32)> = Vec::with_capacity(first_capacity(n));
    let mut last: Option<String> = None;
    for _ in 0..n {
        let t = get_str(c, &mut at)?;
        let k = lexicon_key(&t)?;
        if last.as_ref().is_some_and(|p| *p >= k) {
            return None;
        }
        last = Some(k);
        let df = u32::try_from(get_varint(c, &mut at)?).ok()?;
        out.push((t, df));
    }
    (at == c.len()).then_some(out)
}

fn parse_part(c: &[u8]) -> Option<Part> {
    let mut at = PART_MAGIC.len();
    if c.get(..at)? != PART_MAGIC {
        return None;
    }
    let first = u32::try_from(get_varint(c, &mut at)?).ok()?;
    let n = get_varint(c, &mut at)?;
    if n > c.len() as u64 {
        return None;
    }
    let mut slots = Vec::with_capacity(first_capacity(n));
    for _ in 0..n {
        let flag = *c.get(at)?;
        at += 1;
        match flag {
            0 => slots.push(None),
            1 => slots.push(Some(PartDoc {
                fragment: get_hash(c, &mut at)?,
            })),
            _ => return None,
        }
    }
    first.checked_add(n as u32)?;
    (at == c.len()).then_some(Part { first, slots })
}

fn get_hash(c: &[u8], at: &mut usize) -> Option<u128> {
    let h: [u8; 16] = c.get(*at..at.checked_add(16)?)?.try_into().ok()?;
    *at += 16;
    Some(u128::from_le_bytes(h))
}

fn parse_term_dir(c: &[u8]) -> Option<TermDir> {
    let mut at = TERM_DIR_MAGIC.len();
    // format 5 pages end with a stem table, format 4 pages have none
    let with_stems = match c.get(..at)? {
        m if m == TERM_DIR_MAGIC => true,
        m if m == TERM_DIR_MAGIC_PLAIN => false,
        _ => return None,
    };
    let n = get_varint(c, &mut at)?;
    if n == 0 || n > c.len() as u64 {
        return None;
    }
    let mut entries: Vec<(String, u128, u64)> = Vec::with_capacity(first_capacity(n));
    for _ in 0..n {
        let first = get_str(c, &mut at)?;
        if entries.last().is_some_and(|(p, _, _)| *p >= first) {
            return None;
        }
        let h = get_hash(c, &mut at)?;
        let size = get_varint(c, &mut at)?;
        entries.push((first, h, size));
    }
    let stems = if with_stems {
        Some(parse_stems(c, &mut at)?)
    } else {
        None
    };
    (at == c.len()).then_some(TermDir { entries, stems })
}

/// A term directory page's stem table: `varint(count)`, then per stem (in
/// increasing order) the stem, `varint(words)` and its words (in
/// increasing order, at least one).
fn parse_stems(c: &[u8], at: &mut usize) -> Option<Vec<(String, Vec<String>)>> {
    let n = get_varint(c, at)?;
    if n > c.len() as u64 {
        return None;
    }
    // grown as entries parse (each takes bytes), never sized by a count
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for _ in 0..n {
        let stem = get_str(c, at)?;
        if out.last().is_some_and(|(p, _)| *p >= stem) {
            return None;
        }
        let k = get_varint(c, at)?;
        if k == 0 || k > c.len() as u64 {
            return None;
        }
        let mut words: Vec<String> = Vec::new();
        for _ in 0..k {
            let w = get_str(c, at)?;
            if words.last().is_some_and(|p| *p >= w) {
                return None;
            }
            words.push(w);
        }
        out.push((stem, words));
    }
    Some(out)
}

fn parse_part_dir(c: &[u8]) -> Option<PartDir> {
    let mut at = PART_DIR_MAGIC.len();
    if c.get(..at)? != PART_DIR_MAGIC {
        return None;
    }
    let first = u32::try_from(get_varint(c, &mut at)?).ok()?;
    let n = get_varint(c, &mut at)?;
    if n > c.len() as u64 {
        return None;
    }
    let mut parts = Vec::with_capacity(first_capacity(n));
    for _ in 0..n {
        let flag = *c.get(at)?;
        at += 1;
        match flag {
            0 => parts.push(None),
            1 => parts.push(Some(get_hash(c, &mut at)?)),
            _ => return None,
        }
    }
    first.checked_add(n as u32)?;
    (at == c.len()).then_some(PartDir { parts })
}

/// A fragment file's content (see `build::fragment_content`) when it is
/// one, for generation `gen` and number `num`: its body checked against the
/// hash it holds.
fn parse_fragment(c: &[u8], gen: u64, num: u32) -> Option<(Fragment, u128)> {
    let mut at = FRAGMENT_MAGIC.len();
    if c.get(..at)? != FRAGMENT_MAGIC {
        return None;
    }
    let g: [u8; 8] = c.get(at..at + 8)?.try_into().ok()?;
    at += 8;
    let n = get_varint(c, &mut at)?;
    if u64::from_le_bytes(g) != gen || n != u64::from(num) {
        return None;
    }
    let h = get_hash(c, &mut at)?;
    let body = c.get(at..)?;
    if content_hash(body) != h {
        return None;
    }
    Some((Fragment::from_bytes(body)?, h))
}

/// Checks a file's bytes (as stored or inflated) against the hash its name
/// promises (a fragment: the hash it holds, and the number its name gives)
/// and parses them: (its name without a directory, its content, its
/// inflated size).
pub(super) fn decode(path: &str, bytes: &[u8]) -> Result<(String, Content, usize), ShardError> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let corrupt = |reason: &str| ShardError::Corrupt {
        file: name.to_string(),
        reason: reason.to_string(),
    };
    let Some((kind, hash)) = parse_file_name(name) else {
        return Err(corrupt("not a file name of a sharded index"));
    };
    let damaged = || corrupt("its content does not match its hash (truncated or damaged)");
    if kind == 'f' {
        let gen = (hash >> 64) as u64;
        let Ok(num) = u32::try_from(hash as u64) else {
            return Err(corrupt("not a file name of a sharded index"));
        };
        let fragment = |c: &[u8]| {
            parse_fragment(c, gen, num).map(|(fragment, _)| LoadedFragment {
                num,
                fragment,
                terms: OnceCell::new(),
            })
        };
        if let Some(f) = fragment(bytes) {
            return Ok((
                name.to_string(),
                Content::Fragment(Box::new(f)),
                bytes.len(),
            ));
        }
        let inflated = decompress(bytes).ok_or_else(damaged)?;
        let f = fragment(&inflated).ok_or_else(damaged)?;
        return Ok((
            name.to_string(),
            Content::Fragment(Box::new(f)),
            inflated.len(),
        ));
    }
    let Some(content) = hashed_content(bytes, hash) else {
        return Err(damaged());
    };
    let content: &[u8] = &content;
    let parsed = match kind {
        't' => parse_terms(content).map(Content::Terms),
        'q' => parse_positions(content).map(Content::Positions),
        'x' => parse_lexicon(content).map(Content::Lexicon),
        'd' => parse_part(content).map(Content::Part),
        'r' => parse_term_dir(content).map(Content::TermDir),
        'p' => parse_part_dir(content).map(Content::PartDir),
        _ => None,
    };
    match parsed {
        Some(c) => Ok((name.to_string(), c, content.len())),
        None => Err(corrupt("its content cannot be read")),
    }
}

pub(super) fn term_file(h: u128) -> String {
    format!("t-{h:032x}.bin")
}

pub(super) fn positions_file(h: u128) -> String {
    format!("q-{h:032x}.bin")
}

pub(super) fn part_file(h: u128) -> String {
    format!("d-{h:032x}.bin")
}

pub(super) fn unreadable(name: &str) -> ShardError {
    ShardError::Corrupt {
        file: name.to_string(),
        reason: "it is not the kind of file its place in the index needs".into(),
    }
}

/// A content-addressed file's content: the bytes as stored when they hash to
/// `hash`, else their inflation when that does; `None` when neither does.
pub(super) fn hashed_content(bytes: &[u8], hash: u128) -> Option<std::borrow::Cow<'_, [u8]>> {
    if content_hash(bytes) == hash {
        return Some(std::borrow::Cow::Borrowed(bytes));
    }
    decompress(bytes)
        .filter(|c| content_hash(c) == hash)
        .map(std::borrow::Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::super::super::put_str;
    use super::*;
    use crate::search::index::put_varint;

    /// A term directory page of one shard, with `table` (stem, words) after
    /// it when `magic` is format 5's.
    fn page(magic: &[u8; 4], table: &[(&str, &[&str])]) -> Vec<u8> {
        let mut c = magic.to_vec();
        put_varint(&mut c, 1);
        put_str(&mut c, "rat");
        c.extend_from_slice(&7u128.to_le_bytes());
        put_varint(&mut c, 99);
        if magic == TERM_DIR_MAGIC {
            put_varint(&mut c, table.len() as u64);
            for (stem, words) in table {
                put_str(&mut c, stem);
                put_varint(&mut c, words.len() as u64);
                for w in *words {
                    put_str(&mut c, w);
                }
            }
        }
        c
    }

    #[test]
    fn term_directory_pages_of_both_formats_read() {
        // format 4: no stem table (the reader then reads a stem's range)
        let old = parse_term_dir(&page(TERM_DIR_MAGIC_PLAIN, &[])).expect("format 4 reads");
        assert!(old.stems.is_none());
        assert_eq!(old.entries, [("rat".to_string(), 7u128, 99u64)]);
        // format 5: a table, possibly empty
        let t = parse_term_dir(&page(TERM_DIR_MAGIC, &[("rate", &["rate", "rating"])]))
            .expect("format 5 reads");
        assert_eq!(
            t.stems,
            Some(vec![("rate".into(), vec!["rate".into(), "rating".into()])])
        );
        let empty = parse_term_dir(&page(TERM_DIR_MAGIC, &[])).expect("an empty table reads");
        assert_eq!(empty.stems, Some(vec![]));
        // stems or words out of order, a stem without words, trailing bytes
        for bad in [
            page(TERM_DIR_MAGIC, &[("rate", &["rating", "rate"])]),
            page(
                TERM_DIR_MAGIC,
                &[("ratio", &["ratio"]), ("rate", &["rate"])],
            ),
            page(TERM_DIR_MAGIC, &[("rate", &[])]),
            [page(TERM_DIR_MAGIC, &[]), vec![0]].concat(),
            page(b"LSR9", &[]),
        ] {
            assert!(parse_term_dir(&bad).is_none());
        }
    }

    /// A term shard holding "rate": one entry, document 0, in the body
    /// (field 1) twice, its body `len` long as written.
    fn shard(magic: &[u8; 4], len: u64) -> Vec<u8> {
        let mut cols = vec![0u8, 0b10, 2];
        put_varint(&mut cols, len);
        let mut c = magic.to_vec();
        put_varint(&mut c, 1);
        put_str(&mut c, "rate");
        put_varint(&mut c, 1);
        put_varint(&mut c, cols.len() as u64);
        c.extend_from_slice(&cols);
        c.push(0);
        c
    }

    fn body_len(terms: &[ShardTerm]) -> u32 {
        let mut e = Entries::new(&terms[0].postings);
        let (mut tf, mut lens) = ([0; NFIELDS], [0; NFIELDS]);
        e.next(&mut tf, &mut lens).expect("an entry");
        assert_eq!(tf[1], 2);
        lens[1]
    }

    #[test]
    fn term_shards_read_exact_lengths_in_format_4_and_codes_in_format_5() {
        let exact = parse_terms(&shard(TERMS_MAGIC_EXACT, 300)).expect("format 4 reads");
        assert_eq!(body_len(&exact), 300);
        let code = crate::search::index::length_code(300);
        let coded = parse_terms(&shard(TERMS_MAGIC, u64::from(code))).expect("format 5 reads");
        assert_eq!(
            body_len(&coded),
            crate::search::index::quantized_length(300)
        );
        assert!(body_len(&coded).abs_diff(300) <= 300 / 16);
        // 300 is no length code
        assert!(parse_terms(&shard(TERMS_MAGIC, 300)).is_none());
    }

    #[test]
    fn positions_by_field_read_back_as_field_tagged_positions() {
        // one document: tokens 3 and 10 of the title (field 0), 7 of the
        // body (field 1)
        let tf = {
            let mut t = [0u32; NFIELDS];
            t[0] = 2;
            t[1] = 1;
            t
        };
        let want = vec![3, 10, (1 << POS_BITS) | 7];
        let mut pos = Vec::new();
        let by_field = [3u8, 7, 7];
        let mut p = PositionList::new(&by_field, true);
        p.next(&mut pos, &tf).expect("reads");
        assert_eq!(pos, want);
        assert!(p.done());
        // format 4: the count, then deltas of field-tagged positions
        let mut tagged = Vec::new();
        for v in [3u64, 3, 7, (1 << POS_BITS) + 7 - 10] {
            put_varint(&mut tagged, v);
        }
        let mut p = PositionList::new(&tagged, false);
        p.next(&mut pos, &tf).expect("reads");
        assert_eq!(pos, want);
        // a repeated token, a short list, a token past a field's range
        for bad in [vec![3u8, 0, 7], vec![3u8, 7]] {
            let mut p = PositionList::new(&bad, true);
            assert!(p.next(&mut pos, &tf).is_none(), "{bad:?}");
        }
        let mut big = Vec::new();
        put_varint(&mut big, 1 << POS_BITS);
        let mut one = [0u32; NFIELDS];
        one[1] = 1;
        let mut p = PositionList::new(&big, true);
        assert!(p.next(&mut pos, &one).is_none());
    }
}
