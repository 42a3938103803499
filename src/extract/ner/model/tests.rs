//! Tests of the tagger on the seed articles (real news) and on hostile
//! texts: split keys are the token features' keys, the cached role sums
//! equal looking every key up, the decoder matches a plain Viterbi, the
//! gazetteer walk finds the longest phrase, and the key table finds every
//! key of both stages of the shipped model.

use super::*;
use crate::extract::ner::features::pair_keys;
use crate::extract::ner::tagger_form;
use crate::extract::ner::viterbi::{allowed, is_open};
use crate::text::TextLayer;

/// The seed articles' texts (real news), sorted.
fn seed_texts() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut texts: Vec<String> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .filter_map(|p| std::fs::read_to_string(p).ok())
                .collect()
        })
        .unwrap_or_default();
    texts.sort();
    assert!(texts.len() >= 10, "the seed articles are missing");
    texts
}

/// The seed articles (real news) as the tagger reads them, one document
/// each, plus two hostile texts of one repeated unit.
fn documents() -> Vec<Vec<Vec<String>>> {
    let mut texts = seed_texts();
    texts.push("Blair Brown London the of said BBC Labour ".repeat(400));
    texts.push("(KCNA) Korean Central News Agency ".repeat(300));
    texts
        .iter()
        .map(|text| {
            let layer = TextLayer::new(text);
            layer
                .sentence_tokens
                .iter()
                .map(|r| {
                    layer.tokens[r.clone()]
                        .iter()
                        .map(|t| tagger_form(text, t).into_owned())
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// The sum of the rows of every key of `token_features`, looked up one
/// by one: what the tagger computed before the role sums.
fn reference_sum(m: &NerModel, doc: &DocCtx, si: usize, i: usize, stage: usize) -> [i32; L] {
    let mut buf = Vec::new();
    token_features(doc, si, i, m.cfg, m.lex.ngran, None, &mut buf);
    let mut acc = [0i32; L];
    m.add_keys(stage, &buf, &mut acc);
    acc
}

#[test]
fn split_keys_are_the_keys_of_token_features() {
    let m = NerModel::builtin();
    let (cfg, ng) = (m.cfg, m.lex.ngran);
    let mut plain = 0;
    for sents in documents() {
        let doc = DocCtx::build(&sents, &m.lex);
        for (si, s) in doc.sents.iter().enumerate() {
            for i in 0..s.len() {
                if !is_plain(&doc, si, i, cfg) {
                    continue;
                }
                plain += 1;
                let mut whole = Vec::new();
                token_features(&doc, si, i, cfg, ng, None, &mut whole);
                let mut parts = Vec::new();
                self_keys(&doc, doc.tok(si, i as isize).0, cfg, ng, &mut parts);
                for role in Role::ALL {
                    let n = doc.tok(si, i as isize + role.offset()).0;
                    neighbor_keys(role, n, cfg, ng, &mut parts);
                }
                pair_keys(&doc, si, i, cfg, ng, &mut parts);
                whole.sort_unstable();
                parts.sort_unstable();
                assert_eq!(whole, parts, "sentence {si}, token {i}");
            }
        }
    }
    assert!(plain > 5_000, "only {plain} plain tokens");
}

#[test]
fn role_sums_equal_looking_every_key_up() {
    let m = NerModel::builtin();
    assert!(m.stage2.is_some(), "the builtin model has two stages");
    let mut buf = Vec::new();
    let (mut cached, mut tokens) = (0usize, 0usize);
    for sents in documents() {
        let doc = DocCtx::build(&sents, &m.lex);
        let mut cache = RoleCache::default();
        let mut pairs = PairCache::new(64);
        for stage in 0..2 {
            cache.fill(m, &doc, stage, &mut buf);
            pairs.clear();
            for (si, s) in doc.sents.iter().enumerate() {
                for (i, o) in s.iter().enumerate() {
                    let mut acc = [0i32; L];
                    m.token_sum(&doc, si, i, stage, (&cache, &mut pairs), &mut buf, &mut acc);
                    assert_eq!(acc, reference_sum(m, &doc, si, i, stage), "{si}:{i}");
                    tokens += 1;
                    cached += usize::from(cache.sum(Some(o.ty), 0).is_some());
                }
            }
        }
    }
    // both paths ran: cached types and types seen once
    assert!(
        cached > tokens / 3 && cached < tokens,
        "{cached} of {tokens}"
    );
}

/// The Viterbi decoder as it was: a pass over each label's allowed
/// predecessors.
fn reference_viterbi(scores: &[f32], n: usize, trans: &[f32]) -> Vec<u8> {
    let mut delta = vec![f32::NEG_INFINITY; n * L];
    let mut back = vec![0u8; n * L];
    for c in 0..L {
        if allowed(L, c) {
            delta[c] = trans[L * L + c] + scores[c];
        }
    }
    for i in 1..n {
        for c in 0..L {
            let (mut best, mut arg) = (f32::NEG_INFINITY, 0u8);
            for p in (0..L).filter(|&p| allowed(p, c)) {
                let v = delta[(i - 1) * L + p] + trans[p * L + c];
                if v > best {
                    best = v;
                    arg = p as u8;
                }
            }
            delta[i * L + c] = best + scores[i * L + c];
            back[i * L + c] = arg;
        }
    }
    let mut best = 0usize;
    for c in 1..L {
        if !is_open(c) && delta[(n - 1) * L + c] > delta[(n - 1) * L + best] {
            best = c;
        }
    }
    let mut out = vec![0u8; n];
    let mut cur = best;
    for i in (0..n).rev() {
        out[i] = cur as u8;
        cur = back[i * L + cur] as usize;
    }
    out
}

#[test]
fn decoder_matches_the_predecessor_pass() {
    let m = NerModel::builtin();
    let mut dec = Decoder::default();
    let (mut out, mut buf) = (Vec::new(), Vec::new());
    let mut entities = 0;
    for sents in documents() {
        let doc = DocCtx::build(&sents, &m.lex);
        let mut cache = RoleCache::default();
        cache.fill(m, &doc, 0, &mut buf);
        let mut pairs = PairCache::new(1 << 20);
        for (si, s) in doc.sents.iter().enumerate().take(40) {
            let n = s.len().min(WINDOW);
            let mut scores = vec![0f32; n * L];
            for i in 0..n {
                let mut acc = [0i32; L];
                m.token_sum(&doc, si, i, 0, (&cache, &mut pairs), &mut buf, &mut acc);
                m.stage1.emit(&acc, &mut scores[i * L..(i + 1) * L]);
            }
            dec.decode(&scores, n, &m.stage1.trans, &mut out);
            assert_eq!(out, reference_viterbi(&scores, n, &m.stage1.trans));
            entities += out.iter().filter(|&&l| l != 0).count();
        }
    }
    assert!(entities > 100, "only {entities} entity labels decoded");
    // ties everywhere: equal scores, and transitions with repeated values
    let n = 50;
    let flat = vec![0f32; n * L];
    let stepped: Vec<f32> = (0..n * L).map(|k| (k % 3) as f32).collect();
    for trans in [
        vec![0f32; (L + 1) * L],
        (0..(L + 1) * L).map(|k| (k % 2) as f32).collect(),
    ] {
        for scores in [&flat, &stepped] {
            dec.decode(scores, n, &trans, &mut out);
            assert_eq!(out, reference_viterbi(scores, n, &trans));
        }
    }
}

#[test]
fn gazetteer_walk_finds_the_longest_phrase() {
    let m = NerModel::builtin();
    let mut found = 0;
    for sents in documents() {
        let doc = DocCtx::build(&sents, &m.lex);
        for s in &doc.sents {
            let lowers: Vec<u64> = s
                .iter()
                .map(|o| doc.types.get(o.ty as usize).map_or(0, |t| t.lower))
                .collect();
            for i in 0..lowers.len() {
                let walk = m.lex.longest_phrase(lowers[i..].iter().copied());
                assert_eq!(walk, m.lex.longest_phrase_reference(&lowers[i..]));
                found += usize::from(walk.is_some_and(|(n, _)| n > 1));
            }
        }
    }
    assert!(found > 20, "only {found} phrases of several words");
}

#[test]
fn key_table_finds_every_key_of_both_stages() {
    let m = NerModel::builtin();
    assert!(m.stage2.is_some(), "the builtin model has two stages");
    let d = super::super::format::ModelData::decode(include_bytes!("../../../../models/ner.bin"))
        .expect("the model reads");
    let mut all = std::collections::HashSet::new();
    for (stage, q) in d.stages.iter().enumerate() {
        for (r, &k) in q.keys.iter().enumerate() {
            assert_eq!(m.keys.get(k)[stage], r as u32);
            all.insert(k);
        }
    }
    let absent = (0..10_000u32)
        .map(|x| x.wrapping_mul(0x9E37_79B9))
        .filter(|k| !all.contains(k));
    for k in absent {
        assert_eq!(m.keys.get(k), [NO_ROW, NO_ROW]);
    }
    // the same table from keys out of order
    let shuffled: Vec<Vec<u32>> = d
        .stages
        .iter()
        .map(|q| q.keys.iter().rev().copied().collect())
        .collect();
    let refs: Vec<&[u32]> = shuffled.iter().map(|k| k.as_slice()).collect();
    let t = KeyTable::build(&refs);
    for (stage, keys) in shuffled.iter().enumerate() {
        for (r, &k) in keys.iter().enumerate() {
            assert_eq!(t.get(k)[stage], r as u32);
        }
    }
}

/// The seed articles as they are, and with typographic punctuation the
/// tagger reads in ASCII (curly quotes and apostrophes, en and em dashes,
/// ellipses), accented names and emoji put in.
fn decorated_seeds() -> Vec<String> {
    let mut texts = seed_texts();
    let decorated: Vec<String> = texts
        .iter()
        .map(|t| {
            let mut open = true;
            let quoted: String = t
                .chars()
                .map(|c| match c {
                    '"' => {
                        open = !open;
                        if open {
                            '\u{201D}'
                        } else {
                            '\u{201C}'
                        }
                    }
                    '\'' => '\u{2019}',
                    c => c,
                })
                .collect();
            quoted
                .replace(" - ", " \u{2013} ")
                .replace(", ", " \u{2014} ")
                .replace("Jose", "José")
                .replace("Korea", "Kōrea")
                .replace(". ", ". 🙂 ")
                .replace("...", "\u{2026}")
        })
        .collect();
    texts.extend(decorated);
    texts
}

/// A copied document (`Vec<Vec<String>>`) with the line flags of the text
/// it was copied from.
struct Lined<'a> {
    doc: &'a [Vec<String>],
    lines: Vec<bool>,
}

impl crate::extract::ner::Words for Lined<'_> {
    fn sentence_count(&self) -> usize {
        self.doc.sentence_count()
    }
    fn sentence_len(&self, si: usize) -> usize {
        self.doc.sentence_len(si)
    }
    fn word(&self, si: usize, i: usize) -> std::borrow::Cow<'_, str> {
        self.doc.word(si, i)
    }
    fn own_line(&self, si: usize) -> bool {
        self.lines.get(si).copied().unwrap_or(false)
    }
}

#[test]
fn text_words_tag_as_the_copied_document() {
    use crate::extract::ner::{TextWords, Words};
    let m = NerModel::builtin();
    let (mut spans, mut owned, mut emoji, mut lined) = (0, 0, 0, 0);
    for text in decorated_seeds() {
        let layer = TextLayer::new(&text);
        // what the entity stage gave the tagger before: a copy of each token
        let copied: Vec<Vec<String>> = layer
            .sentence_tokens
            .iter()
            .map(|r| {
                layer.tokens[r.clone()]
                    .iter()
                    .map(|t| tagger_form(&text, t).into_owned())
                    .collect()
            })
            .collect();
        let words = TextWords::new(&text, &layer.tokens, &layer.sentence_tokens);
        assert_eq!(words.sentence_count(), copied.len());
        for (si, s) in copied.iter().enumerate() {
            assert_eq!(words.sentence_len(si), s.len());
            for (i, w) in s.iter().enumerate() {
                let read = words.word(si, i);
                assert_eq!(read, w.as_str());
                owned += usize::from(matches!(read, std::borrow::Cow::Owned(_)));
                emoji += usize::from(w.contains('🙂'));
            }
        }
        // a copy knows its words only: the lines the text breaks (its
        // headlines) come with it, as the text says them
        let lines: Vec<bool> = (0..copied.len()).map(|si| words.own_line(si)).collect();
        lined += lines.iter().filter(|&&l| l).count();
        let copy = Lined {
            doc: &copied,
            lines,
        };
        let by_copy = m.tag_words_scored(&copy);
        let in_place = m.tag_words_scored(&words);
        assert_eq!(in_place, by_copy);
        spans += in_place.iter().map(Vec::len).sum::<usize>();
    }
    // the texts have names, and words the tagger reads in ASCII or not at all
    assert!(spans > 500, "only {spans} spans");
    assert!(
        owned > 100,
        "only {owned} words with typographic punctuation"
    );
    assert!(emoji > 100, "only {emoji} emoji");
    // the seeds' headlines stand on lines of their own
    assert!(lined >= 5, "only {lined} sentences on a line of their own");
    // a sentence past the tokens reads as an empty sentence
    let text = "Angela Merkel met Emmanuel Macron in Paris.";
    let layer = TextLayer::new(text);
    #[allow(clippy::reversed_empty_ranges)]
    let ranges = [0..layer.tokens.len(), 5..2, 3..999];
    let words = TextWords::new(text, &layer.tokens, &ranges);
    assert_eq!(words.sentence_len(1), 0);
    assert_eq!(words.sentence_len(2), 0);
    assert_eq!(words.word(2, 0), "");
    let scored = m.tag_words_scored(&words);
    assert_eq!(scored.len(), 3);
    assert_eq!(scored[0].len(), 3, "{scored:?}");
    assert!(scored[1].is_empty() && scored[2].is_empty());
}
