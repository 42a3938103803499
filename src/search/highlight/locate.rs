//! Placing matches from token positions.
//!
//! The index knows *which* tokens match a query (postings hold token
//! positions: [`DocWants`](super::DocWants) lists them per document); this
//! stage finds *where* they are. Positions come sorted, so one walk
//! ([`Walker`]) goes forward through the text, jumping to the checkpoint
//! before each position when it is ahead, and stops in the chunk holding
//! it. A plain word (and its mark) is read from its bytes: the word is the
//! match (its folded form is its lower case); any other chunk is tokenized
//! and its token's parts checked as [`match_ranges`](super::match_ranges)
//! checks them. The result equals the reference path's matches.

use super::super::analysis::{clip, is_indexed, token_terms};
use super::super::{work, Field};
use super::marks::{chunk_tokens, simple_split, utf16_len, Chunk, TextMarks, Walker};
use super::reference::has_parts;
use super::{HighlightSpec, Located, Want, MAX_CHUNK_BYTES};
use crate::text::Token;

/// The chunk holding the wanted position being placed: a plain word (and
/// its mark: `n` tokens, the word ending at byte `we`), read from its bytes,
/// or any other chunk's tokens.
pub(super) enum Held {
    Word { we: usize, n: usize },
    Toks(Vec<Token>),
}

impl Held {
    /// Number of tokens of the chunk.
    pub(super) fn len(&self) -> usize {
        match self {
            Held::Word { n, .. } => *n,
            Held::Toks(t) => t.len(),
        }
    }
}

/// The matches of `spec` in `text` at the token positions `wants` (sorted by
/// position), found from the positions alone: each is placed by walking from
/// the checkpoint before it. Sorted, overlapping ones merged, exactly as
/// [`match_ranges`] gives them. The flag is true when some were left out: past
/// `max` matches, past `budget` bytes walked, or inside a chunk longer than
/// [`MAX_CHUNK_BYTES`].
pub fn locate_matches(
    text: &str,
    marks: &TextMarks,
    wants: &[(u32, Want<'_>)],
    spec: &HighlightSpec,
    field: Field,
    max: usize,
    budget: usize,
) -> (Vec<Located>, bool) {
    let bit = field.bit();
    let want = |t: &str| spec.words.get(t).is_some_and(|m| m & bit != 0);
    let mut w = Walker::new();
    let mut cur: Option<(Chunk, Held)> = None;
    let mut raw: Vec<Located> = Vec::new();
    let mut walked = 0usize;
    let mut cut = false;
    let mut occ = Vec::new();
    let mut low = String::new();
    let mut i = 0;
    let locate = |c: &Chunk, s: usize, e: usize| Located {
        start: s,
        end: e,
        start16: (c.start16 + text.get(c.start..s).map_or(0, utf16_len)) as u32,
        end16: (c.start16 + text.get(c.start..e).map_or(0, utf16_len)) as u32,
    };
    'wants: while let Some(&(p, _)) = wants.get(i) {
        let p = p as usize;
        if raw.len() >= max {
            cut = true;
            break;
        }
        let held = |cur: &Option<(Chunk, Held)>| {
            cur.as_ref()
                .is_some_and(|(c, h)| c.token <= p && p < c.token + h.len())
        };
        if !held(&cur) {
            if p < w.token {
                // inside a chunk already passed (cannot happen with sorted wants)
                i += 1;
                continue;
            }
            if let Some(cp) = marks.before(p) {
                if cp.token as usize > w.token {
                    w = Walker::at(cp);
                }
            }
            loop {
                walked = w.pass_plain(text, p, walked, budget);
                let Some(c) = w.next_chunk_upto(text, MAX_CHUNK_BYTES) else {
                    break 'wants;
                };
                walked += c.end - w.byte;
                if walked > budget {
                    cut = true;
                    break 'wants;
                }
                if c.end - c.start > MAX_CHUNK_BYTES {
                    // too long to tokenize here: resume at the next checkpoint
                    cut = true;
                    let Some(cp) = marks.after_byte(c.end) else {
                        break 'wants;
                    };
                    w = Walker::at(cp);
                    while wants.get(i).is_some_and(|x| (x.0 as usize) < w.token) {
                        i += 1;
                    }
                    continue 'wants;
                }
                let simple = c.simple(text);
                let n = marks.count(text, &c, simple, w.complex);
                if p >= c.token + n {
                    w.pass(&c, n, simple.is_none());
                    continue;
                }
                // the chunk holding p: a plain word (and its mark) is read
                // from its bytes, any other chunk tokenized
                let h = match simple_split(text, c.start, c.end) {
                    Some(we) => Held::Word {
                        we,
                        n: 1 + usize::from(we < c.end),
                    },
                    None => Held::Toks(chunk_tokens(text, &c)),
                };
                w.pass(&c, h.len(), simple.is_none());
                if p < c.token + h.len() {
                    cur = Some((c, h));
                    break;
                }
            }
        }
        let Some((c, h)) = cur.as_ref() else {
            break;
        };
        match h {
            Held::Word { we, .. } => {
                // the word is token c.token (a plain ASCII word: indexed, no
                // parts, its folded form its lower case), its mark the next
                // (punctuation: never a match)
                let word = p == c.token;
                if word {
                    low.clear();
                    low.push_str(text.get(c.start..*we).unwrap_or(""));
                    low.make_ascii_lowercase();
                }
                while let Some(&(q, wt)) = wants.get(i) {
                    if q as usize != p {
                        break;
                    }
                    i += 1;
                    let hit = word
                        && match wt {
                            Want::Word => want(clip(&low)),
                            Want::Phrase(term) => clip(&low) == term,
                        };
                    if hit {
                        raw.push(locate(c, c.start, *we));
                    }
                }
            }
            Held::Toks(toks) => {
                let tok = toks.get(p - c.token);
                let next = toks.get(p - c.token + 1);
                while let Some(&(q, wt)) = wants.get(i) {
                    if q as usize != p {
                        break;
                    }
                    i += 1;
                    let Some(t) = tok else { continue };
                    match wt {
                        Want::Word => {
                            if !is_indexed(t.kind) {
                                continue;
                            }
                            let whole = want(clip(&t.norm));
                            if whole {
                                raw.push(locate(c, t.start, t.end));
                            }
                            if has_parts(t, whole) {
                                occ.clear();
                                token_terms(text, t, next, 0, &mut occ);
                                for o in occ.iter().filter(|o| o.part && want(&o.term)) {
                                    raw.push(locate(c, o.start, o.end));
                                }
                            }
                        }
                        Want::Phrase(term) => {
                            occ.clear();
                            token_terms(text, t, next, 0, &mut occ);
                            if let Some(o) = occ.iter().find(|o| o.term == term) {
                                raw.push(locate(c, o.start, o.end));
                            }
                        }
                    }
                }
            }
        }
    }
    work::add_text(walked);
    crate::text::sort::sort_by_key_hot(&mut raw, |r| (r.start, std::cmp::Reverse(r.end)));
    let mut merged: Vec<Located> = Vec::with_capacity(raw.len());
    for r in raw {
        match merged.last_mut() {
            Some(last) if r.start < last.end => {
                if r.end > last.end {
                    last.end = r.end;
                    last.end16 = r.end16;
                }
            }
            _ => merged.push(r),
        }
    }
    if merged.len() > max {
        merged.truncate(max);
        cut = true;
    }
    (merged, cut)
}
