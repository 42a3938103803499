//! Sentence features for the learned scorer: what `scoring` adds up by hand,
//! taken apart, plus cheap signals it does not use.
//!
//! Each sentence becomes [`FEATURES`] numbers, most of them 0/1 or in
//! `0..=1` (see [`NAMES`] for the list). The learned scorer
//! (`super::learned`, evaluated but not in `select`) is a dot product of
//! these with weights fitted on BBC News Summary
//! (`lede eval-summary --xsum --train-out FILE`), so a feature
//! here is only useful if it says, on its own or beside the others, how much
//! of a one-line human summary a sentence holds:
//! - where it stands: the lead (alone in its paragraph as a news intro, or
//!   sharing it), the second, third and next few sentences, how far into
//!   the article and into its paragraph;
//! - what it says: centrality, bigram recurrence, entity and keyphrase
//!   coverage, salient names (the parts of the hand score), numbers;
//! - how it says it: length buckets, quoted speech, an opening pronoun or
//!   connective (a sentence that leans on the one before), attribution
//!   verbs;
//! - the hand score itself (default weights), scaled to the article's best,
//!   and which sentence is the article's best by it, by centrality and by
//!   bigram recurrence; the similarity to the lead;
//! - a few of these again, only in an article without a stand-alone intro
//!   (the lead shares its paragraph): a linear scorer can then weigh them
//!   otherwise there.
//!
//! Captions, credits, datelines, bylines and headings are not features:
//! `scoring::not_prose` keeps them out of every summary before any score is
//! read.

use super::scoring::{
    bigram_recurrence, centrality, coverage, lead_stands_alone, paragraph_firsts, salient_cover,
    sentence_is_fragment,
};
use super::vectors::{cos, Sentences};
use crate::extract::EntityRef;
use crate::text::{TextLayer, TokenKind};

/// Number of features of a sentence.
pub const FEATURES: usize = 36;

/// The features' names, in order (for reports and the weights file).
pub const NAMES: [&str; FEATURES] = [
    "central",
    "position",
    "lead_alone",
    "lead_shared",
    "second",
    "third",
    "fourth_to_sixth",
    "relative_position",
    "para_first",
    "para_third_on",
    "relative_paragraph",
    "cover",
    "salient",
    "bigram",
    "bigram_sum",
    "words_lt_10",
    "words_10_20",
    "words_30_40",
    "words_gt_40",
    "fragment",
    "has_quote",
    "opens_with_quote",
    "has_number",
    "opens_leaning",
    "attribution",
    "entities",
    "hand_score",
    "central_top",
    "bigram_top",
    "hand_top",
    "lead_similarity",
    "no_intro_central",
    "no_intro_bigram",
    "no_intro_position",
    "no_intro_hand",
    "no_intro_second",
];

/// Words that, opening a sentence, say it leans on the one before (a
/// pronoun for someone named earlier, a connective).
const LEANING: [&str; 22] = [
    "he",
    "she",
    "it",
    "they",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "its",
    "their",
    "but",
    "and",
    "however",
    "also",
    "yet",
    "so",
    "meanwhile",
    "instead",
    "then",
    "there",
];

/// Words of attributed speech.
const ATTRIBUTION: [&str; 6] = ["said", "says", "told", "added", "according", "say"];

/// The features of every sentence of `layer` (one row per sentence).
/// `hand` is the hand score of each sentence (`scoring::sentence_scores`
/// with the default weights), `not_prose` the hard filter's verdict.
pub(super) fn sentence_features(
    text: &str,
    layer: &TextLayer,
    entities: &[EntityRef],
    keyphrases: &[crate::extract::Keyphrase],
    sents: &Sentences,
    not_prose: &[bool],
    hand: &[f64],
) -> Vec<[f64; FEATURES]> {
    let n = sents.vecs.len();
    if n == 0 {
        return Vec::new();
    }
    let scaled = |v: Vec<f64>| -> Vec<f64> {
        let m = v.iter().copied().fold(0.0, f64::max).max(1e-9);
        v.into_iter().map(|x| x / m).collect()
    };
    let central = scaled(centrality(sents));
    let cover = scaled(coverage(layer, &[], keyphrases, n));
    let salient = scaled(salient_cover(layer, entities, n));
    let bigram = scaled(bigram_recurrence(layer, &sents.words, 0.3));
    let bigram_sum = scaled(bigram_recurrence(layer, &sents.words, 0.0));
    let hand = scaled(hand.to_vec());
    let para_first = paragraph_firsts(layer, n);
    let alone = lead_stands_alone(layer, not_prose);
    // the article has no stand-alone intro: the interactions below let a
    // measure weigh otherwise in such articles
    let no_intro = if alone { 0.0 } else { 1.0 };
    // prose rank, as `scoring` counts it
    let rank = super::scoring::prose_ranks(not_prose, n);
    let prose = (0..n)
        .filter(|&i| !not_prose.get(i).copied().unwrap_or(false))
        .count()
        .max(1) as f64;
    // each sentence's paragraph and its place in it
    let mut para_of = vec![0usize; n];
    let mut in_para = vec![0usize; n];
    let (mut pi, mut last_p, mut k) = (0usize, usize::MAX, 0usize);
    for (si, sr) in layer.sentences.iter().enumerate().take(n) {
        while pi + 1 < layer.paragraphs.len() && layer.paragraphs[pi].end <= sr.start {
            pi += 1;
        }
        if pi != last_p {
            last_p = pi;
            k = 0;
        }
        para_of[si] = pi;
        in_para[si] = k;
        k += 1;
    }
    let paras = layer.paragraphs.len().max(1) as f64;
    // the article's best prose sentence by a measure
    let top = |v: &[f64]| -> Option<usize> {
        (0..n)
            .filter(|&i| !not_prose.get(i).copied().unwrap_or(false))
            .max_by(|&a, &b| v[a].total_cmp(&v[b]).then(b.cmp(&a)))
    };
    let (central_top, bigram_top, hand_top) = (top(&central), top(&bigram), top(&hand));
    // similarity to the lead (the first prose sentence)
    let lead = (0..n).find(|&i| !not_prose.get(i).copied().unwrap_or(false));
    // entities named in each sentence (each entity once)
    let names = coverage(layer, entities, &[], n);
    (0..n)
        .map(|i| {
            let r = rank[i];
            let toks = layer
                .sentence_tokens
                .get(i)
                .and_then(|t| layer.tokens.get(t.clone()))
                .unwrap_or(&[]);
            let s = layer
                .sentences
                .get(i)
                .and_then(|x| text.get(x.clone()))
                .unwrap_or("");
            let w = sents.words.get(i).copied().unwrap_or(0);
            let first_word = toks
                .iter()
                .find(|t| t.kind == TokenKind::Word)
                .map(|t| t.norm.as_str());
            let quote = |c: char| matches!(c, '"' | '“' | '”' | '‘' | '\'');
            let b = |x: bool| if x { 1.0 } else { 0.0 };
            [
                central[i],
                1.0 / (1.0 + r as f64).sqrt(),
                b(r == 0 && alone),
                b(r == 0 && !alone),
                b(r == 1),
                b(r == 2),
                b((3..=5).contains(&r)),
                r as f64 / prose,
                b(para_first[i]),
                b(in_para[i] >= 2),
                para_of[i] as f64 / paras,
                cover[i],
                salient[i],
                bigram[i],
                bigram_sum[i],
                b(w < 10),
                b((10..20).contains(&w)),
                b((30..40).contains(&w)),
                b(w >= 40),
                b(sentence_is_fragment(text, layer, i)),
                b(s.chars().any(|c| matches!(c, '"' | '“' | '”'))),
                b(s.chars().next().is_some_and(quote)),
                b(toks.iter().any(|t| t.kind == TokenKind::Number)),
                b(first_word.is_some_and(|f| LEANING.contains(&f))),
                b(toks
                    .iter()
                    .any(|t| t.kind == TokenKind::Word && ATTRIBUTION.contains(&t.norm.as_str()))),
                (names[i] / 3.0).min(1.0),
                hand[i],
                b(central_top == Some(i)),
                b(bigram_top == Some(i)),
                b(hand_top == Some(i)),
                match lead {
                    Some(l) if l != i => cos(&sents.vecs[i], &sents.vecs[l]),
                    _ => 0.0,
                },
                no_intro * central[i],
                no_intro * bigram[i],
                no_intro / (1.0 + r as f64).sqrt(),
                no_intro * hand[i],
                no_intro * b(r == 1),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::summary::scoring::{not_prose, sentence_scores};
    use crate::extract::summary::vectors::sentence_vectors;
    use crate::extract::summary::Weights;

    fn rows(text: &str) -> Vec<[f64; FEATURES]> {
        let layer = TextLayer::new(text);
        let sents = sentence_vectors(&layer);
        let np = not_prose(text, &layer);
        let hand = sentence_scores(text, &layer, &[], &[], &sents, &np, &Weights::default());
        sentence_features(text, &layer, &[], &[], &sents, &np, &hand)
    }

    fn f(name: &str) -> usize {
        NAMES.iter().position(|n| *n == name).unwrap()
    }

    #[test]
    fn features_say_where_a_sentence_stands_and_how_it_is_said() {
        let x = rows(
            "Profits at the media group Harland jumped 40% to $900m in the three months to December.\n\n\
             The firm gained from sales of broadband connections. \"We had a very good year,\" chief executive Anna Berg said. \
             But its film division saw profits slump 27% to $284m.",
        );
        assert_eq!(x.len(), 4);
        // the intro stands alone in its paragraph
        assert_eq!((x[0][f("lead_alone")], x[0][f("lead_shared")]), (1.0, 0.0));
        assert_eq!(x[1][f("second")], 1.0);
        assert_eq!(x[2][f("para_third_on")], 0.0);
        assert_eq!(x[3][f("para_third_on")], 1.0);
        // quoted, attributed speech
        assert_eq!(x[2][f("has_quote")], 1.0);
        assert_eq!(x[2][f("opens_with_quote")], 1.0);
        assert_eq!(x[2][f("attribution")], 1.0);
        assert_eq!(x[0][f("attribution")], 0.0);
        // a sentence that leans on the one before
        assert_eq!(x[3][f("opens_leaning")], 1.0);
        assert_eq!(x[1][f("opens_leaning")], 0.0);
        assert_eq!((x[0][f("has_number")], x[1][f("has_number")]), (1.0, 0.0));
        assert!(x.iter().all(|r| r.iter().all(|v| v.is_finite())));
    }

    #[test]
    fn a_lead_that_shares_its_paragraph_is_told_apart() {
        let x = rows(
            "The firm gained from sales of broadband connections. Harland said fourth quarter sales rose 3% to $8.2bn.\n\n\
             Harland said on Friday that it now owns 5% of a search-engine firm.",
        );
        assert_eq!((x[0][f("lead_alone")], x[0][f("lead_shared")]), (0.0, 1.0));
        assert!(rows("").is_empty());
    }
}
