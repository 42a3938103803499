//! The manifest, the root of a sharded index: the only file whose name is
//! fixed ([`MANIFEST`]), read before the first query and swapped last by an
//! update, so a reader sees either the old index or the new one, never half
//! of both. It lists the term directory pages, the lexicons and the part
//! directory pages by hash, the document epochs and the counts the ranking
//! needs; it ends with a hash of itself. Manifests of formats 1–3 were JSON:
//! their version is found by a scan (so a reader can say which format it
//! met), and an update or a merge reads them with `serde` to upgrade them.

use super::codec::{get_hash16, get_str, put_str, shorten};
use super::files::{content_hash, fragment_name, parse_file_name};
use super::{ShardError, FORMAT, MANIFEST, MANIFEST_MAGIC, OLDEST_VERSION, VERSION};
use crate::search::NFIELDS;
use serde::Deserialize;

/// One entry of a sorted list of files by key range: a term shard in a
/// term directory page, a term directory page or a lexicon in the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardRef {
    /// Its first key (entries are in key order; an entry covers the keys
    /// from its first to the next entry's first).
    pub first: String,
    /// Its file name.
    pub file: String,
    /// Its size as stored, in bytes.
    pub bytes: u64,
}

/// The manifest (the root of the index): everything a reader needs before
/// its first query, and nothing that grows with the number of documents
/// faster than a few bytes per [`MAX_DIR_ENTRIES`](super::MAX_DIR_ENTRIES) files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`VERSION`] when written; [`OLDEST_VERSION`] up to it when read.
    pub version: u32,
    /// Live documents (the ranking's document count).
    pub docs: u64,
    /// Next document number to give (numbers below it may be gaps).
    pub next_doc: u32,
    /// Sum of each field's length over live documents (title, body, person,
    /// org, place, speaker, keyphrase).
    pub field_len_sum: [u64; NFIELDS],
    /// Documents per document part ([`DOCS_PER_PART`](super::DOCS_PER_PART)).
    pub docs_per_part: u32,
    /// Document parts per part directory page ([`PARTS_PER_DIR`](super::PARTS_PER_DIR)).
    pub parts_per_dir: u32,
    /// The least document frequency of a word whose pairs are listed
    /// ([`pair_min_df`](super::pair_min_df)); 0 in an index without pair
    /// lists (format 5).
    pub pair_min_df: u32,
    /// The epochs of document numbers, in increasing first number: a
    /// document's fragment is named after the generation of the last epoch
    /// starting at or before its number (see the module docs).
    pub epochs: Vec<Epoch>,
    /// Term directory pages (`r-HASH.bin`), in term order: each lists a run
    /// of consecutive term shards with their first terms.
    pub terms: Vec<ShardRef>,
    /// Lexicon files (terms and document frequencies, no postings), in
    /// term order: what typo expansion reads for a word not in the index.
    pub lexicons: Vec<ShardRef>,
    /// Part directory page `i` (`p-HASH.bin`, parts `i × parts_per_dir ..`),
    /// or `None` when all its documents are gaps.
    pub part_dirs: Vec<Option<String>>,
}

impl Manifest {
    /// The binary form (see [`MANIFEST_MAGIC`]), its self-hash at the end.
    pub fn to_bytes(&self) -> Vec<u8> {
        use crate::search::index::put_varint;
        let mut out = MANIFEST_MAGIC.to_vec();
        put_varint(&mut out, u64::from(self.version));
        put_str(&mut out, &self.format);
        put_varint(&mut out, self.docs);
        put_varint(&mut out, u64::from(self.next_doc));
        for &l in &self.field_len_sum {
            put_varint(&mut out, l);
        }
        put_varint(&mut out, u64::from(self.docs_per_part));
        put_varint(&mut out, u64::from(self.parts_per_dir));
        if self.version >= 6 {
            put_varint(&mut out, u64::from(self.pair_min_df));
        }
        put_varint(&mut out, self.epochs.len() as u64);
        for e in &self.epochs {
            put_varint(&mut out, u64::from(e.first));
            out.extend_from_slice(&e.generation().unwrap_or(0).to_le_bytes());
        }
        for list in [&self.terms, &self.lexicons] {
            put_varint(&mut out, list.len() as u64);
            for r in list.iter() {
                put_str(&mut out, &r.first);
                let h = parse_file_name(&r.file).map_or(0, |x| x.1);
                out.extend_from_slice(&h.to_le_bytes());
                put_varint(&mut out, r.bytes);
            }
        }
        put_varint(&mut out, self.part_dirs.len() as u64);
        for d in &self.part_dirs {
            match d.as_deref().and_then(parse_file_name) {
                Some((_, h)) => {
                    out.push(1);
                    out.extend_from_slice(&h.to_le_bytes());
                }
                None => out.push(0),
            }
        }
        let h = content_hash(&out);
        out.extend_from_slice(&h.to_le_bytes());
        out
    }

    /// Parses and checks a manifest: a clear error for bytes that are not
    /// one, and [`ShardError::Version`] for an index of another version
    /// (including the JSON manifests of formats 1–3, whose version is read
    /// by a small scan, without a JSON parser).
    pub fn from_bytes(bytes: &[u8]) -> Result<Manifest, ShardError> {
        let bad = |m: String| ShardError::Corrupt {
            file: MANIFEST.into(),
            reason: m,
        };
        if !bytes.starts_with(MANIFEST_MAGIC) {
            return match legacy_version(bytes) {
                Some(found) => Err(ShardError::Version {
                    found,
                    supported: VERSION,
                }),
                None => Err(bad("not a manifest of a sharded index".into())),
            };
        }
        // the version first, so an index of another version says so
        let mut at = MANIFEST_MAGIC.len();
        let version = crate::search::index::get_varint(bytes, &mut at)
            .and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| bad("truncated".into()))?;
        if !(OLDEST_VERSION..=VERSION).contains(&version) {
            return Err(ShardError::Version {
                found: version,
                supported: VERSION,
            });
        }
        let body_len = bytes
            .len()
            .checked_sub(16)
            .filter(|&n| n >= at)
            .ok_or_else(|| bad("truncated".into()))?;
        let (body, tail) = bytes.split_at(body_len);
        let tail: [u8; 16] = tail.try_into().map_err(|_| bad("truncated".into()))?;
        if content_hash(body) != u128::from_le_bytes(tail) {
            return Err(bad("its hash does not match its content".into()));
        }
        let m = parse_manifest_body(body, at, version)
            .ok_or_else(|| bad("its content cannot be read".into()))?;
        if m.format != FORMAT {
            return Err(bad(format!(
                "format {:?}, not {FORMAT:?}",
                shorten(&m.format)
            )));
        }
        for w in m.epochs.windows(2) {
            if let [a, b] = w {
                if a.first >= b.first {
                    return Err(bad("epochs out of order".into()));
                }
            }
        }
        if m.docs > 0 && m.epochs.first().map(|e| e.first) != Some(0) {
            return Err(bad("the epochs do not cover the documents".into()));
        }
        if m.docs_per_part == 0 || m.parts_per_dir == 0 {
            return Err(bad("docs_per_part or parts_per_dir is 0".into()));
        }
        if m.docs > u64::from(m.next_doc) {
            return Err(bad("more documents than document numbers".into()));
        }
        for (list, what) in [(&m.terms, "term directory"), (&m.lexicons, "lexicon")] {
            for w in list.windows(2) {
                if let [a, b] = w {
                    if a.first >= b.first {
                        return Err(bad(format!("{what} files out of order")));
                    }
                }
            }
        }
        let parts_needed = u64::from(m.next_doc).div_ceil(u64::from(m.docs_per_part));
        let dirs_needed = parts_needed.div_ceil(u64::from(m.parts_per_dir));
        if m.part_dirs.len() as u64 != dirs_needed {
            return Err(bad("part directories do not cover the documents".into()));
        }
        Ok(m)
    }

    /// The generation of document number `num` (0 when no epoch covers it).
    pub fn generation_of(&self, num: u32) -> u64 {
        let i = self.epochs.partition_point(|e| e.first <= num);
        i.checked_sub(1)
            .and_then(|i| self.epochs.get(i))
            .and_then(Epoch::generation)
            .unwrap_or(0)
    }

    /// The fragment file of document number `num`.
    pub fn fragment_file(&self, num: u32) -> String {
        fragment_name(self.generation_of(num), num)
    }
}

/// A run of document numbers named under one generation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Epoch {
    /// Its first document number.
    pub first: u32,
    /// Its generation, 16 hex digits.
    pub generation: String,
}

impl Epoch {
    /// The generation as a number.
    pub fn generation(&self) -> Option<u64> {
        u64::from_str_radix(&self.generation, 16).ok()
    }
}

/// What an update or a merge reads of a JSON manifest: format 1 (one flat
/// list of term shards and parts), format 2 (part directory pages) or
/// format 3 (and epochs): only to upgrade such an index (`lede merge OLD
/// --out NEW`).
#[derive(Debug, Deserialize)]
pub(super) struct ManifestOld {
    pub(super) format: String,
    pub(super) version: u32,
    pub(super) next_doc: u32,
    #[serde(default)]
    pub(super) parts: Option<Vec<Option<String>>>,
    #[serde(default)]
    pub(super) part_dirs: Option<Vec<Option<String>>>,
    #[serde(default)]
    pub(super) epochs: Option<Vec<EpochOld>>,
}

/// An epoch of a format-3 manifest.
#[derive(Debug, Deserialize)]
pub(super) struct EpochOld {
    pub(super) first: u32,
    pub(super) generation: String,
}

/// Reads the body of a binary manifest from `at` (after its version).
/// `None` on any malformed or truncated field; lists are bounded by the
/// bytes left, so hostile counts cannot allocate much.
fn parse_manifest_body(b: &[u8], mut at: usize, version: u32) -> Option<Manifest> {
    use crate::search::index::get_varint;
    let at = &mut at;
    let count = |b: &[u8], at: &mut usize| -> Option<usize> {
        let n = usize::try_from(get_varint(b, at)?).ok()?;
        (n <= b.len().saturating_sub(*at)).then_some(n)
    };
    // reserved before a list's entries are read: never much, whatever a
    // hostile count says (the lists grow as real entries parse)
    let first = |n: usize| n.min(1 << 12);
    let u32_of = |v: u64| u32::try_from(v).ok();
    let format = get_str(b, at)?;
    let docs = get_varint(b, at)?;
    let next_doc = u32_of(get_varint(b, at)?)?;
    let mut field_len_sum = [0u64; NFIELDS];
    for l in field_len_sum.iter_mut() {
        *l = get_varint(b, at)?;
    }
    let docs_per_part = u32_of(get_varint(b, at)?)?;
    let parts_per_dir = u32_of(get_varint(b, at)?)?;
    let pair_min_df = if version >= 6 {
        u32_of(get_varint(b, at)?)?
    } else {
        0
    };
    let n = count(b, at)?;
    let mut epochs = Vec::with_capacity(first(n));
    for _ in 0..n {
        let first = u32_of(get_varint(b, at)?)?;
        let g: [u8; 8] = b.get(*at..at.checked_add(8)?)?.try_into().ok()?;
        *at += 8;
        epochs.push(Epoch {
            first,
            generation: format!("{:016x}", u64::from_le_bytes(g)),
        });
    }
    let mut lists: [Vec<ShardRef>; 2] = Default::default();
    for (list, kind) in lists.iter_mut().zip(['r', 'x']) {
        let n = count(b, at)?;
        list.reserve(first(n));
        for _ in 0..n {
            let first = get_str(b, at)?;
            let h = get_hash16(b, at)?;
            let bytes = get_varint(b, at)?;
            list.push(ShardRef {
                first,
                file: format!("{kind}-{h:032x}.bin"),
                bytes,
            });
        }
    }
    let n = count(b, at)?;
    let mut part_dirs = Vec::with_capacity(first(n));
    for _ in 0..n {
        let flag = *b.get(*at)?;
        *at += 1;
        part_dirs.push(match flag {
            0 => None,
            1 => Some(format!("p-{:032x}.bin", get_hash16(b, at)?)),
            _ => return None,
        });
    }
    let [terms, lexicons] = lists;
    (*at == b.len()).then_some(Manifest {
        format,
        version,
        docs,
        next_doc,
        field_len_sum,
        docs_per_part,
        parts_per_dir,
        pair_min_df,
        epochs,
        terms,
        lexicons,
        part_dirs,
    })
}

/// The version of a JSON manifest (formats 1–3): the number after the first
/// `"version":`, when the bytes look like a JSON object of this format. A
/// scan, not a parser: enough to tell the reader which format it met.
fn legacy_version(bytes: &[u8]) -> Option<u32> {
    let head = bytes.get(..bytes.len().min(4096))?;
    let text = std::str::from_utf8(head).ok().or_else(|| {
        // a manifest longer than the window may cut a character in two
        (1..4).find_map(|k| std::str::from_utf8(head.get(..head.len().checked_sub(k)?)?).ok())
    })?;
    if !text.trim_start().starts_with('{') || !text.contains(&format!("\"{FORMAT}\"")) {
        return None;
    }
    let rest = text.split_once("\"version\"")?.1.trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let digits: String = rest
        .chars()
        .take_while(char::is_ascii_digit)
        .take(9)
        .collect();
    digits.parse().ok()
}
