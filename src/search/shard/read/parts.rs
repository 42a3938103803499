//! Walking an index without a query: its document parts, epochs and
//! fragments, for what builds, updates and merges read back
//! (`shard::build`), and every file it needs (`lede gc` keeps those and
//! deletes the rest).
//!
//! These read whole files through a callback that fetches them, rather than
//! through a [`super::ShardedIndex`]'s rounds: they run natively, over a
//! directory, where every file is at hand.

use super::super::{
    content_hash, fragment_name, parse_file_name, Fragment, Manifest, ManifestOld, FORMAT,
    LEGACY_MANIFEST,
};
use super::decode::{decode, hashed_content, part_file, positions_file, term_file, unreadable};
use super::{Content, Positions, ShardError};
use std::collections::BTreeSet;

/// The epochs of an index as (first number, generation).
type Epochs = Vec<(u32, u64)>;

/// The next document number, the document part files and (format 3) the
/// epochs of an index, from its manifest (format 1, 2 or the current one)
/// and its part directories.
pub(in crate::search::shard) fn part_files(
    manifest: &[u8],
    read: &mut dyn FnMut(&str) -> Result<Vec<u8>, ShardError>,
) -> Result<(u32, Vec<String>, Option<Epochs>), ShardError> {
    let dirs_of = |dirs: &[Option<String>],
                   read: &mut dyn FnMut(&str) -> Result<Vec<u8>, ShardError>|
     -> Result<Vec<String>, ShardError> {
        let mut out = Vec::new();
        for d in dirs.iter().flatten() {
            let Content::PartDir(pd) = decode(d, &read(d)?)?.1 else {
                return Err(unreadable(d));
            };
            out.extend(pd.parts.iter().flatten().map(|h| part_file(*h)));
        }
        Ok(out)
    };
    match Manifest::from_bytes(manifest) {
        Ok(m) => {
            let epochs = m
                .epochs
                .iter()
                .map(|e| (e.first, e.generation().unwrap_or(0)))
                .collect();
            Ok((m.next_doc, dirs_of(&m.part_dirs, read)?, Some(epochs)))
        }
        Err(ShardError::Version { found: 1..=3, .. }) => {
            let m: ManifestOld =
                serde_json::from_slice(manifest).map_err(|e| ShardError::Corrupt {
                    file: LEGACY_MANIFEST.into(),
                    reason: format!("not a manifest: {e}"),
                })?;
            if m.format != FORMAT || !(1..=3).contains(&m.version) {
                return Err(unreadable(LEGACY_MANIFEST));
            }
            let out: Vec<String> = match (m.parts, &m.part_dirs) {
                (Some(parts), _) => parts.into_iter().flatten().collect(),
                (None, Some(dirs)) => dirs_of(dirs, read)?,
                (None, None) => return Err(unreadable(LEGACY_MANIFEST)),
            };
            if out
                .iter()
                .any(|p| parse_file_name(p).map(|x| x.0) != Some('d'))
            {
                return Err(unreadable(LEGACY_MANIFEST));
            }
            // format 3: fragments named by epoch, binary, hashed in parts
            let epochs = match (m.version, m.epochs) {
                (3, Some(e)) => {
                    let mut v = Vec::with_capacity(e.len());
                    for x in e {
                        let g = u64::from_str_radix(&x.generation, 16)
                            .ok()
                            .filter(|_| x.generation.len() == 16)
                            .ok_or_else(|| unreadable(LEGACY_MANIFEST))?;
                        v.push((x.first, g));
                    }
                    Some(v)
                }
                (3, None) => return Err(unreadable(LEGACY_MANIFEST)),
                _ => None,
            };
            Ok((m.next_doc, out, epochs))
        }
        Err(e) => Err(e),
    }
}

/// The (document number, fragment file, hash of its body) of every document
/// of a part file: named after the `epochs` of a current index, or (an older
/// format, no epochs, no hash) after the fragment's content hash.
pub(in crate::search::shard) fn part_fragments_of(
    name: &str,
    bytes: &[u8],
    epochs: Option<&[(u32, u64)]>,
) -> Result<Vec<(u32, String, Option<u128>)>, ShardError> {
    let Content::Part(p) = decode(name, bytes)?.1 else {
        return Err(unreadable(name));
    };
    Ok(p.slots
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let h = s.as_ref()?.fragment;
            let n = p.first + i as u32;
            Some(match epochs {
                Some(e) => {
                    let k = e.partition_point(|x| x.0 <= n);
                    let g = k.checked_sub(1).and_then(|k| e.get(k)).map_or(0, |x| x.1);
                    (n, fragment_name(g, n), Some(h))
                }
                None => (n, format!("f-{h:032x}.bin"), None),
            })
        })
        .collect())
}

/// The document of a fragment file: with `hash`, a current fragment whose
/// body has that hash; without, a fragment of format 1 or 2 (JSON, named
/// after its content hash).
pub(in crate::search::shard) fn fragment_of(
    name: &str,
    bytes: &[u8],
    hash: Option<u128>,
) -> Result<Fragment, ShardError> {
    let Some(hash) = hash else {
        return legacy_fragment(name, bytes);
    };
    match decode(name, bytes)?.1 {
        Content::Fragment(f) => {
            if content_hash(&f.fragment.to_bytes()) != hash {
                return Err(ShardError::Corrupt {
                    file: name.to_string(),
                    reason: "it holds another document than its part lists".into(),
                });
            }
            Ok(f.fragment)
        }
        _ => Err(unreadable(name)),
    }
}

/// A format-1 or format-2 fragment (JSON, named after its content hash).
fn legacy_fragment(name: &str, bytes: &[u8]) -> Result<Fragment, ShardError> {
    let corrupt = |reason: &str| ShardError::Corrupt {
        file: name.to_string(),
        reason: reason.to_string(),
    };
    let Some(('f', hash)) = parse_file_name(name) else {
        return Err(unreadable(name));
    };
    let Some(content) = hashed_content(bytes, hash) else {
        return Err(corrupt("its content does not match its hash"));
    };
    let content: &[u8] = &content;
    serde_json::from_slice::<Fragment>(content)
        .map_err(|e| corrupt(&format!("its content cannot be read ({e})")))
}

/// Every file the index of this manifest needs (what `lede gc` keeps),
/// reading its directory pages, term shards and parts through `read`.
pub fn all_files(
    manifest: &[u8],
    read: &mut dyn FnMut(&str) -> Result<Vec<u8>, ShardError>,
) -> Result<BTreeSet<String>, ShardError> {
    let m = Manifest::from_bytes(manifest)?;
    let mut keep = BTreeSet::new();
    for d in &m.terms {
        let Content::TermDir(td) = decode(&d.file, &read(&d.file)?)?.1 else {
            return Err(unreadable(&d.file));
        };
        for (_, h, _) in &td.entries {
            let t = term_file(*h);
            let Content::Terms(terms) = decode(&t, &read(&t)?)?.1 else {
                return Err(unreadable(&t));
            };
            for term in &terms {
                if let Positions::File(q, _) = term.positions {
                    keep.insert(positions_file(q));
                }
            }
            keep.insert(t);
        }
        keep.insert(d.file.clone());
    }
    keep.extend(m.lexicons.iter().map(|l| l.file.clone()));
    keep.extend(m.part_dirs.iter().flatten().cloned());
    let (_, parts, epochs) = part_files(manifest, read)?;
    for p in parts {
        let b = read(&p)?;
        keep.extend(
            part_fragments_of(&p, &b, epochs.as_deref())?
                .into_iter()
                .map(|x| x.1),
        );
        keep.insert(p);
    }
    Ok(keep)
}
