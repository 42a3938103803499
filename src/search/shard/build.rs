//! Writing a sharded index: numbered documents in, content-hashed files out.
//!
//! One code path serves a fresh build, an update and a merge: a [`Builder`]
//! holds the numbered documents (new ones numbered after the last, an id
//! added again replacing the old one at a new number, a removal leaving a
//! gap), and [`build`] turns them into files. Unchanged content gives
//! unchanged names, so an update only writes the files that changed.

use super::{
    content_hash, file_name, filter_key, filter_values, fragment_name, lexicon_key, pair_key,
    pair_min_df, paired, postings_to_columns, put_str, Epoch, Fragment, Manifest, ShardError,
    ShardRef, BIG_TERM_BYTES, DOCS_PER_PART, FORMAT, FRAGMENT_MAGIC, INLINE_POSITIONS,
    LEXICON_BYTES, LEXICON_MAGIC, MAX_DIR_ENTRIES, MAX_SHARD_BYTES, MIN_DIR_ENTRIES,
    MIN_SHARD_BYTES, PAIR_MARK, PARTS_PER_DIR, PART_DIR_MAGIC, PART_MAGIC, POSITIONS_MAGIC,
    TERMS_MAGIC, TERM_DIR_MAGIC, VERSION,
};
use crate::search::analysis::TermStemmer;
use crate::search::index::{put_varint, FxMap, Index};
use crate::search::{check_document, DocFields, Document, SearchError, NFIELDS};
use std::collections::{BTreeMap, HashMap};

/// Numbered documents, ready to be written as a sharded index.
#[derive(Debug, Clone, Default)]
pub struct Builder {
    docs: BTreeMap<u32, (Document, DocFields)>,
    by_id: HashMap<String, u32>,
    next: u32,
    /// The epochs of the index this builder was opened from (none for a
    /// fresh one): their documents keep their fragment names.
    epochs: Vec<(u32, u64)>,
    /// The next document number of the index it was opened from: documents
    /// numbered from here form a new epoch.
    sealed: u32,
    /// The least document frequency of a paired word, when set by
    /// [`Builder::without_pairs`] (0) or [`Builder::pairs_at`]; else
    /// [`pair_min_df`] of the number of documents (see *Pairs* in
    /// [`super`]).
    pair_min: Option<u32>,
}

/// A built index: its manifest and its files (name → uncompressed content).
#[derive(Debug, Clone)]
pub struct Built {
    /// The manifest.
    pub manifest: Manifest,
    /// Every file the manifest needs (term shards, document parts,
    /// fragments), by name, uncompressed (store them with [`super::compress`]).
    pub files: BTreeMap<String, Vec<u8>>,
    /// Number of term shards (listed by the term directory pages).
    pub term_shards: usize,
}

impl Builder {
    /// No documents.
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// True when there are no documents.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// True when a document has this id.
    pub fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    /// The documents in number order.
    pub fn documents(&self) -> impl Iterator<Item = (&Document, &DocFields)> {
        self.docs.values().map(|(d, f)| (d, f))
    }

    /// Adds a document with its fields after the others; a document with the
    /// same id is replaced (removed, then added at the end, as
    /// `Corpus::add_with_fields` does).
    pub fn add(&mut self, doc: Document, fields: DocFields) -> Result<(), SearchError> {
        check_document(&doc)?;
        if self.next == u32::MAX {
            return Err(SearchError::BadDocument(
                "the index has used every document number".into(),
            ));
        }
        self.remove(&doc.id);
        let n = self.next;
        self.next += 1;
        self.by_id.insert(doc.id.clone(), n);
        self.docs.insert(n, (doc, fields));
        Ok(())
    }

    /// The same documents, written without the lists of pairs of frequent
    /// words (see *Pairs* in [`super`]): smaller, but two frequent words in
    /// a query read their positions or more fragments. (An update opened
    /// from the directory follows the default rule again.)
    pub fn without_pairs(mut self) -> Builder {
        self.pair_min = Some(0);
        self
    }

    /// The same documents, written with the pairs of the words of a stem
    /// whose most frequent word is in at least `min_df` documents, whatever
    /// the number of documents (by default an index lists pairs only from
    /// [`PAIR_MIN_INDEX`](super::PAIR_MIN_INDEX) documents on).
    pub fn pairs_at(mut self, min_df: u32) -> Builder {
        self.pair_min = Some(min_df.max(1));
        self
    }

    /// Removes the document with this id; true if it was there.
    pub fn remove(&mut self, id: &str) -> bool {
        match self.by_id.remove(id) {
            Some(n) => self.docs.remove(&n).is_some(),
            None => false,
        }
    }

    /// The documents of an existing sharded index: its manifest's bytes, and
    /// `read` giving any of its files' bytes (as stored or inflated). Keeps
    /// the document numbers, so an update rewrites only what changed. Reads
    /// format 1 too (an update or a merge then writes the current format).
    pub fn open(
        manifest: &[u8],
        read: &mut dyn FnMut(&str) -> Result<Vec<u8>, ShardError>,
    ) -> Result<Builder, ShardError> {
        let (next, parts, epochs) = super::read::part_files(manifest, read)?;
        let mut b = Builder {
            next,
            epochs: epochs.clone().unwrap_or_default(),
            // an index of an older format gets all-new fragment names
            sealed: if epochs.is_some() { next } else { 0 },
            ..Builder::default()
        };
        for p in &parts {
            let bytes = read(p)?;
            for (n, name, hash) in super::read::part_fragments_of(p, &bytes, epochs.as_deref())? {
                let bytes = read(&name)?;
                let f = super::read::fragment_of(&name, &bytes, hash)?;
                if n >= b.next || b.by_id.contains_key(&f.doc.id) {
                    return Err(ShardError::Corrupt {
                        file: name,
                        reason: "a document number or id appears twice".into(),
                    });
                }
                b.by_id.insert(f.doc.id.clone(), n);
                b.docs.insert(n, (f.doc, f.fields));
            }
        }
        Ok(b)
    }
}

/// Joins indexes built separately, in order: the documents of each input
/// after those of the ones before; an id in two inputs keeps the later
/// input's document (as an update would).
pub fn merge(inputs: Vec<Builder>) -> Builder {
    let mut out = Builder::new();
    for b in inputs {
        for (_, (d, f)) in b.docs {
            // documents in a builder were checked when added
            let _ = out.add(d, f);
        }
    }
    out
}

/// A term's postings being built: document, fields, frequencies and
/// lengths in `postings`; positions apart.
struct Acc {
    df: u32,
    last: u32,
    postings: Vec<u8>,
    positions: Vec<u8>,
}

impl Acc {
    fn new() -> Acc {
        Acc {
            df: 0,
            last: 0,
            postings: Vec::new(),
            positions: Vec::new(),
        }
    }
}

fn push_entry(acc: &mut Acc, doc: u32, positions: &[u32], lens: &[u32; NFIELDS]) {
    // positions field by field: the first token number, then gaps (the
    // postings give each field's count)
    let mut prev: Option<u32> = None;
    let mut tf = [0u32; NFIELDS];
    for &p in positions {
        let field = crate::search::index::pos_field(p);
        let token = p & ((1 << crate::search::index::POS_BITS) - 1);
        let step = match prev {
            Some(q) if crate::search::index::pos_field(q) == field => p - q,
            _ => token,
        };
        put_varint(&mut acc.positions, u64::from(step));
        prev = Some(p);
        if let Some(t) = tf.get_mut(field as usize) {
            *t += 1;
        }
    }
    push_counts(acc, doc, &tf, lens);
}

/// One document's postings entry from its counts per field (no positions:
/// a facet value, or a pair list).
fn push_counts(acc: &mut Acc, doc: u32, tf: &[u32; NFIELDS], lens: &[u32; NFIELDS]) {
    let delta = if acc.df == 0 { doc } else { doc - acc.last };
    put_varint(&mut acc.postings, u64::from(delta));
    let mask = tf
        .iter()
        .enumerate()
        .fold(0u8, |m, (f, &t)| if t > 0 { m | 1 << f } else { m });
    acc.postings.push(mask);
    for (f, len) in lens.iter().enumerate() {
        if mask & (1 << f) != 0 {
            put_varint(&mut acc.postings, u64::from(tf[f]));
            put_varint(&mut acc.postings, u64::from(*len));
        }
    }
    acc.df += 1;
    acc.last = doc;
}

/// Adds the pair lists of one document (see *Pairs* in [`super`]): for
/// every two paired words at consecutive positions of one field, the
/// count of such places per field, under [`pair_key`].
fn push_pairs(
    terms: &mut FxMap<String, Acc>,
    doc: u32,
    map: &FxMap<String, Vec<u32>>,
    paired: &std::collections::HashSet<&str>,
    stem_of: &FxMap<String, String>,
) {
    let mut at: Vec<(u32, &str)> = map
        .iter()
        .filter(|(t, _)| paired.contains(t.as_str()))
        .flat_map(|(t, ps)| ps.iter().map(move |&p| (p, t.as_str())))
        .collect();
    if at.len() < 2 {
        return;
    }
    crate::text::sort::sort_by(&mut at, Ord::cmp);
    let mut counts: BTreeMap<(&str, &str), [u32; NFIELDS]> = BTreeMap::new();
    // several words may share a position (a hyphenated word and its
    // parts): every word at `p` pairs with every word at `p + 1`
    let mut next = 0usize;
    for &(p, a) in &at {
        let Some(q) = p.checked_add(1) else { continue };
        if crate::search::index::pos_field(q) != crate::search::index::pos_field(p) {
            continue;
        }
        while at.get(next).is_some_and(|x| x.0 < q) {
            next += 1;
        }
        for &(_, b) in at
            .get(next..)
            .unwrap_or(&[])
            .iter()
            .take_while(|x| x.0 == q)
        {
            let f = crate::search::index::pos_field(p) as usize;
            if let Some(c) = counts.entry((a, b)).or_default().get_mut(f) {
                *c += 1;
            }
        }
    }
    let stem = |w: &str| stem_of.get(w).map_or("", String::as_str);
    // no field lengths: the words' own postings give them (zeros deflate
    // to nothing)
    for ((a, b), tf) in counts {
        let key = pair_key(stem(a), stem(b), a, b);
        push_counts(
            terms.entry(key).or_insert_with(Acc::new),
            doc,
            &tf,
            &[0; NFIELDS],
        );
    }
}

/// A fragment file's content: magic, generation, document number, the hash
/// of the body, the body ([`Fragment::to_bytes`]).
pub(super) fn fragment_content(gen: u64, num: u32, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + 32);
    out.extend_from_slice(FRAGMENT_MAGIC);
    out.extend_from_slice(&gen.to_le_bytes());
    put_varint(&mut out, u64::from(num));
    out.extend_from_slice(&content_hash(body).to_le_bytes());
    out.extend_from_slice(body);
    out
}

/// Writes the documents of `b` as a sharded index (see the module docs of
/// [`super`] for the format).
pub fn build(b: &Builder) -> Built {
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut terms: FxMap<String, Acc> = FxMap::default();
    let mut field_len_sum = [0u64; NFIELDS];
    let mut frag_hash: BTreeMap<u32, u128> = BTreeMap::new();
    let mut bodies: BTreeMap<u32, Vec<u8>> = BTreeMap::new();
    for (&n, (doc, fields)) in &b.docs {
        let (map, lens) = Index::doc_terms(doc, fields);
        let mut sorted: Vec<(String, Vec<u32>)> = map.into_iter().collect();
        crate::text::sort::sort_by(&mut sorted, |a, b| a.0.cmp(&b.0));
        for (t, ps) in sorted {
            let acc = terms.entry(t).or_insert_with(Acc::new);
            push_entry(acc, n, &ps, &lens);
        }
        let mut keys: Vec<String> = filter_values(fields)
            .iter()
            .flat_map(|(ff, vals)| vals.iter().map(|v| filter_key(*ff, v)))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        for k in keys {
            let acc = terms.entry(k).or_insert_with(Acc::new);
            push_entry(acc, n, &[], &lens);
        }
        for (s, l) in field_len_sum.iter_mut().zip(lens.iter()) {
            *s += u64::from(*l);
        }
        let body = Fragment {
            doc: doc.clone(),
            fields: fields.clone(),
        }
        .to_bytes();
        frag_hash.insert(n, content_hash(&body));
        bodies.insert(n, body);
    }
    // pair lists: a second pass, once every word's document frequency is
    // known (see *Pairs*)
    let pair_min = b
        .pair_min
        .unwrap_or_else(|| pair_min_df(b.docs.len() as u64));
    // each word's stem, and the document frequency of the most frequent
    // word of each stem: a word is paired by its stem's
    let stemmer = TermStemmer;
    let mut stem_of: FxMap<String, String> = FxMap::default();
    let mut stem_df: FxMap<String, u32> = FxMap::default();
    if pair_min > 0 {
        for (t, a) in terms.iter().filter(|(t, _)| !t.starts_with('\u{1}')) {
            let s = stemmer.stem(t);
            let d = stem_df.entry(s.clone()).or_insert(0);
            *d = (*d).max(a.df);
            stem_of.insert(t.clone(), s);
        }
    }
    let paired_terms: std::collections::HashSet<&str> = stem_of
        .iter()
        .filter(|(t, s)| paired(t, stem_df.get(*s).copied().unwrap_or(0), pair_min))
        .map(|(t, _)| t.as_str())
        .collect();
    if !paired_terms.is_empty() {
        let mut pairs: FxMap<String, Acc> = FxMap::default();
        for (&n, (doc, fields)) in &b.docs {
            let (map, _) = Index::doc_terms(doc, fields);
            push_pairs(&mut pairs, n, &map, &paired_terms, &stem_of);
        }
        terms.extend(pairs);
    }
    // epochs: the opened index's, then one for the documents added since
    let mut epochs = b.epochs.clone();
    if b.docs.range(b.sealed..).next().is_some() {
        let mut h = epochs.last().map_or(0, |e| e.1).to_le_bytes().to_vec();
        for (n, fh) in frag_hash.range(b.sealed..) {
            h.extend_from_slice(&n.to_le_bytes());
            h.extend_from_slice(&fh.to_le_bytes());
        }
        epochs.push((b.sealed, content_hash(&h) as u64));
    }
    // an epoch none of whose numbers is live names nothing
    let ends: Vec<u32> = epochs
        .iter()
        .skip(1)
        .map(|e| e.0)
        .chain([u32::MAX])
        .collect();
    let epochs: Vec<(u32, u64)> = epochs
        .iter()
        .zip(ends)
        .filter(|(e, end)| b.docs.range(e.0..*end).next().is_some())
        .map(|(e, _)| *e)
        .collect();
    let gen_of = |n: u32| {
        let i = epochs.partition_point(|e| e.0 <= n);
        i.checked_sub(1)
            .and_then(|i| epochs.get(i))
            .map_or(0, |e| e.1)
    };
    for (n, body) in bodies {
        let g = gen_of(n);
        files.insert(fragment_name(g, n), fragment_content(g, n, &body));
    }
    // term shards, cut by content
    let mut sorted: Vec<(String, Acc)> = terms.into_iter().collect();
    crate::text::sort::sort_by(&mut sorted, |a, b| a.0.cmp(&b.0));
    let stems = stem_groups(sorted.iter().map(|(t, _)| t.as_str()));
    // lexicon files: terms and document frequencies in lexicon-key order
    // (first letter, length, term), cut by content
    let mut lexicons: Vec<ShardRef> = Vec::new();
    let mut keyed: Vec<(String, &str, u32)> = sorted
        .iter()
        .filter_map(|(t, acc)| Some((lexicon_key(t)?, t.as_str(), acc.df)))
        .collect();
    crate::text::sort::sort_by(&mut keyed, |a, b| a.0.cmp(&b.0));
    let mut lex: Vec<u8> = Vec::new();
    let mut lex_n = 0u64;
    let mut lex_first: Option<&str> = None;
    let mut flush_lex = |lex: &mut Vec<u8>, n: &mut u64, first: &mut Option<&str>| {
        let Some(f) = first.take() else { return };
        let mut content = LEXICON_MAGIC.to_vec();
        put_varint(&mut content, *n);
        content.extend_from_slice(lex);
        lex.clear();
        *n = 0;
        let name = file_name('x', &content);
        lexicons.push(ShardRef {
            first: f.to_string(),
            file: name.clone(),
            bytes: super::compress(&content).len() as u64,
        });
        files.insert(name, content);
    };
    for (k, t, df) in &keyed {
        if lex_first.is_none() {
            lex_first = Some(k);
        }
        put_str(&mut lex, t);
        put_varint(&mut lex, u64::from(*df));
        lex_n += 1;
        let cut = content_hash(t.as_bytes()) & 7 == 0;
        if lex.len() >= 2 * LEXICON_BYTES || (lex.len() >= LEXICON_BYTES / 2 && cut) {
            flush_lex(&mut lex, &mut lex_n, &mut lex_first);
        }
    }
    flush_lex(&mut lex, &mut lex_n, &mut lex_first);
    let mut shards: Vec<ShardRef> = Vec::new();
    let mut qfiles: Vec<(String, Vec<u8>)> = Vec::new();
    let mut body: Vec<u8> = Vec::new();
    let mut count = 0u64;
    let mut first: Option<String> = None;
    let mut flush = |body: &mut Vec<u8>, count: &mut u64, first: &mut Option<String>| {
        let Some(f) = first.take() else { return };
        let mut content = TERMS_MAGIC.to_vec();
        put_varint(&mut content, *count);
        content.extend_from_slice(body);
        body.clear();
        *count = 0;
        let name = file_name('t', &content);
        shards.push(ShardRef {
            first: f,
            file: name.clone(),
            bytes: super::compress(&content).len() as u64,
        });
        files.insert(name, content);
    };
    // pair lists come in groups (see *Pairs*): a group that would not fit in
    // the current shard, or holds a big list, starts a shard of its own; one
    // that fits is not cut
    let group_of = |t: &str| -> Option<usize> {
        t.strip_prefix(PAIR_MARK)?
            .match_indices(PAIR_MARK)
            .nth(1)
            .map(|(i, _)| i + 2 * PAIR_MARK.len_utf8())
    };
    let mut group_bytes: FxMap<String, (usize, bool)> = FxMap::default();
    for (t, acc) in &sorted {
        if let Some(end) = group_of(t) {
            let g = group_bytes
                .entry(t[..end].to_string())
                .or_insert((0, false));
            g.0 += t.len() + acc.postings.len() + 16;
            g.1 |= acc.postings.len() >= BIG_TERM_BYTES;
        }
    }
    let mut in_small_group: Option<String> = None;
    let mut last_group: Option<String> = None;
    let mut it = sorted.into_iter().peekable();
    while let Some((t, acc)) = it.next() {
        let group = group_of(&t).map(|end| &t[..end]);
        if last_group.as_deref() != group {
            last_group = group.map(str::to_string);
            in_small_group = None;
            if let Some(g) = group {
                let (bytes, has_big) = group_bytes.get(g).copied().unwrap_or((0, false));
                if !body.is_empty() && (has_big || body.len() + bytes > MAX_SHARD_BYTES) {
                    flush(&mut body, &mut count, &mut first);
                }
                if !body.is_empty() {
                    in_small_group = Some(g.to_string());
                }
            }
        }
        // a big term gets a shard of its own
        let big = acc.postings.len() >= BIG_TERM_BYTES;
        if big {
            flush(&mut body, &mut count, &mut first);
        }
        if first.is_none() {
            first = Some(t.clone());
        }
        put_str(&mut body, &t);
        put_varint(&mut body, u64::from(acc.df));
        let cols = postings_to_columns(&acc.postings, acc.df).unwrap_or_default();
        put_varint(&mut body, cols.len() as u64);
        body.extend_from_slice(&cols);
        // bit 2 of the tag: a paired word
        let pair_bit = if paired_terms.contains(t.as_str()) {
            4
        } else {
            0
        };
        if t.starts_with(['\u{1}', PAIR_MARK]) {
            body.push(0); // a facet value or a pair list: no positions
        } else if acc.positions.len() <= INLINE_POSITIONS {
            body.push(1 | pair_bit);
            put_varint(&mut body, acc.positions.len() as u64);
            body.extend_from_slice(&acc.positions);
        } else {
            let mut q = POSITIONS_MAGIC.to_vec();
            put_str(&mut q, &t);
            put_varint(&mut q, u64::from(acc.df));
            q.extend_from_slice(&acc.positions);
            body.push(2 | pair_bit);
            body.extend_from_slice(&content_hash(&q).to_le_bytes());
            put_varint(&mut body, super::compress(&q).len() as u64);
            qfiles.push((file_name('q', &q), q));
        }
        count += 1;
        // inside a group that fits, no cut but after its last list
        let group_goes_on = in_small_group.is_some()
            && it
                .peek()
                .and_then(|(n, _)| group_of(n).map(|end| &n[..end]))
                == in_small_group.as_deref();
        let cut = !group_goes_on
            && (big
                || body.len() >= MAX_SHARD_BYTES
                || (body.len() >= MIN_SHARD_BYTES && content_hash(t.as_bytes()) & 15 == 0));
        if cut {
            flush(&mut body, &mut count, &mut first);
        }
    }
    flush(&mut body, &mut count, &mut first);
    files.extend(qfiles);
    let term_shards = shards.len();
    let terms = term_dirs(&shards, &stems, &mut files);
    // document parts: the fragment hash of each document number
    let nparts = b.next.div_ceil(DOCS_PER_PART);
    let mut parts: Vec<Option<u128>> = Vec::with_capacity(nparts as usize);
    for p in 0..nparts {
        let lo = p * DOCS_PER_PART;
        let hi = lo.saturating_add(DOCS_PER_PART);
        let docs: Vec<(&u32, &(Document, DocFields))> = b.docs.range(lo..hi).collect();
        if docs.is_empty() {
            parts.push(None);
            continue;
        }
        let mut content = PART_MAGIC.to_vec();
        put_varint(&mut content, u64::from(lo));
        put_varint(&mut content, u64::from(hi - lo));
        let mut at = docs.iter().peekable();
        for n in lo..hi {
            match at.peek() {
                Some((&m, _)) if m == n => {
                    content.push(1);
                    let h = frag_hash.get(&n).copied().unwrap_or(0);
                    content.extend_from_slice(&h.to_le_bytes());
                    at.next();
                }
                _ => content.push(0),
            }
        }
        let hash = content_hash(&content);
        parts.push(Some(hash));
        files.insert(file_name('d', &content), content);
    }
    // part directory pages: the hash of each part, PARTS_PER_DIR a page
    let mut part_dirs: Vec<Option<String>> = Vec::new();
    for (i, chunk) in parts.chunks(PARTS_PER_DIR as usize).enumerate() {
        if chunk.iter().all(Option::is_none) {
            part_dirs.push(None);
            continue;
        }
        let mut content = PART_DIR_MAGIC.to_vec();
        put_varint(&mut content, (i * PARTS_PER_DIR as usize) as u64);
        put_varint(&mut content, chunk.len() as u64);
        for p in chunk {
            match p {
                Some(h) => {
                    content.push(1);
                    content.extend_from_slice(&h.to_le_bytes());
                }
                None => content.push(0),
            }
        }
        let name = file_name('p', &content);
        part_dirs.push(Some(name.clone()));
        files.insert(name, content);
    }
    let manifest = Manifest {
        format: FORMAT.into(),
        version: VERSION,
        docs: b.docs.len() as u64,
        next_doc: b.next,
        field_len_sum,
        docs_per_part: DOCS_PER_PART,
        parts_per_dir: PARTS_PER_DIR,
        pair_min_df: pair_min,
        epochs: epochs
            .iter()
            .map(|&(first, g)| Epoch {
                first,
                generation: format!("{g:016x}"),
            })
            .collect(),
        terms,
        lexicons,
        part_dirs,
    };
    Built {
        manifest,
        files,
        term_shards,
    }
}

/// The words of each stem, for the stem tables: every term but facet keys,
/// grouped by [`TermStemmer`] (the reader's and the ranking's stemmer),
/// each group's words in increasing order (`terms` are). Groups whose one
/// word is the stem itself are left out: a reader that finds no group
/// looks the stem up as a word.
fn stem_groups<'a>(terms: impl Iterator<Item = &'a str>) -> Vec<(String, Vec<String>)> {
    let stemmer = TermStemmer;
    let mut by: FxMap<String, Vec<String>> = FxMap::default();
    for t in terms.filter(|t| !t.starts_with(['\u{1}', PAIR_MARK])) {
        by.entry(stemmer.stem(t)).or_default().push(t.to_string());
    }
    let mut out: Vec<(String, Vec<String>)> = by
        .into_iter()
        .filter(|(s, words)| !(words.len() == 1 && words[0] == *s))
        .collect();
    crate::text::sort::sort_by(&mut out, |a, b| a.0.cmp(&b.0));
    out
}

/// Where the words of a stem may lie in the sorted dictionary without a
/// stem table: from the stem less its last letter (`happy` → `happi`,
/// `rating` → `rate`) on, as (low, high) bounds. The reader reads this
/// range when a stem table does not list the stem (see [`term_dirs`]).
pub(super) fn stem_range(stem: &str) -> (String, String) {
    let base = if stem.chars().count() >= 4 {
        let mut c = stem.chars();
        c.next_back();
        c.as_str().to_string()
    } else {
        stem.to_string()
    };
    let hi = format!("{base}\u{10FFFF}");
    (base, hi)
}

/// The shards (index range into `firsts`, the first term of each shard in
/// order) whose terms may lie in `lo..=hi`.
pub(super) fn shards_between(firsts: &[&str], lo: &str, hi: &str) -> std::ops::Range<usize> {
    let start = firsts.partition_point(|f| *f <= lo).saturating_sub(1);
    let end = firsts.partition_point(|f| *f <= hi).max(start + 1);
    start..end
}

/// Groups the term shards into directory pages (`r-HASH.bin`): cut by
/// content (after a shard whose hash ends in five zero bits, once a page
/// holds [`MIN_DIR_ENTRIES`]; at [`MAX_DIR_ENTRIES`] at the latest), so a
/// changed shard changes one page and the cuts after it re-synchronize.
///
/// Each page ends with its stem table: the stems of `stems` whose range
/// ([`stem_range`]) starts in the page and spans two shards or more, each
/// with all its words. A query word's stem variants are then looked up in
/// the page the reader reads anyway, and only their shards are fetched,
/// not every shard of the range (`rat…` for `rates`: `rather`, `ratio`,
/// `rational`…). A stem the page does not list has no word but itself.
fn term_dirs(
    shards: &[ShardRef],
    stems: &[(String, Vec<String>)],
    files: &mut BTreeMap<String, Vec<u8>>,
) -> Vec<ShardRef> {
    // the pages: runs of shards, cut by content
    let mut pages: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    for (i, r) in shards.iter().enumerate() {
        let h = super::parse_file_name(&r.file).map_or(0, |x| x.1);
        let n = i + 1 - start;
        if n >= MAX_DIR_ENTRIES || (n >= MIN_DIR_ENTRIES && h & 31 == 0) {
            pages.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < shards.len() {
        pages.push(start..shards.len());
    }
    // each listed stem in the page where its range starts
    let firsts: Vec<&str> = shards.iter().map(|r| r.first.as_str()).collect();
    let page_firsts: Vec<&str> = pages
        .iter()
        .filter_map(|p| firsts.get(p.start).copied())
        .collect();
    let mut tables: Vec<Vec<&(String, Vec<String>)>> = vec![Vec::new(); pages.len()];
    for g in stems {
        let (lo, hi) = stem_range(&g.0);
        if shards_between(&firsts, &lo, &hi).len() < 2 {
            continue;
        }
        let p = page_firsts
            .partition_point(|f| *f <= lo.as_str())
            .saturating_sub(1);
        if let Some(t) = tables.get_mut(p) {
            t.push(g);
        }
    }
    let mut out = Vec::new();
    for (page, table) in pages.iter().zip(&tables) {
        let mut content = TERM_DIR_MAGIC.to_vec();
        put_varint(&mut content, page.len() as u64);
        let run = shards.get(page.clone()).unwrap_or_default();
        let Some(first) = run.first() else { continue };
        for r in run {
            put_str(&mut content, &r.first);
            let h = super::parse_file_name(&r.file).map_or(0, |x| x.1);
            content.extend_from_slice(&h.to_le_bytes());
            put_varint(&mut content, r.bytes);
        }
        put_varint(&mut content, table.len() as u64);
        for (stem, words) in table {
            put_str(&mut content, stem);
            put_varint(&mut content, words.len() as u64);
            for w in words {
                put_str(&mut content, w);
            }
        }
        let name = file_name('r', &content);
        out.push(ShardRef {
            first: first.first.clone(),
            file: name.clone(),
            bytes: super::compress(&content).len() as u64,
        });
        files.insert(name, content);
    }
    out
}
