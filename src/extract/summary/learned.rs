//! The learned sentence scorer's weights (`super::Model::learned`), written
//! by `lede eval-summary --bbc FILE --xsum --train-out FILE` (`eval::summary_model`;
//! `--l2` and `--power` as below): do not edit by hand, train again.
//! fitted on 2225 BBC News Summary articles, both settings (the body without
//! its intro vs the intro, the whole body vs the headline), L2 1, target power 1.

use super::FEATURES;

/// One weight per feature (`features::NAMES`), for raw features.
#[rustfmt::skip]
pub(super) const WEIGHTS: [f64; FEATURES] = [
    0.356329, // central
    0.242441, // position
    0.984352, // lead_alone
    -0.272289, // lead_shared
    -0.017368, // second
    -0.032845, // third
    0.013377, // fourth_to_sixth
    -0.074782, // relative_position
    0.066884, // para_first
    -0.033839, // para_third_on
    -0.185868, // relative_paragraph
    0.283494, // cover
    0.138542, // salient
    0.117700, // bigram
    0.111537, // bigram_sum
    -0.199730, // words_lt_10
    -0.035542, // words_10_20
    0.033826, // words_30_40
    -0.020168, // words_gt_40
    0.091166, // fragment
    -0.037901, // has_quote
    -0.071072, // opens_with_quote
    0.008279, // has_number
    -0.028721, // opens_leaning
    -0.037575, // attribution
    0.122966, // entities
    0.360285, // hand_score
    0.043703, // central_top
    -0.055897, // bigram_top
    0.160099, // hand_top
    1.249728, // lead_similarity
    0.013258, // no_intro_central
    0.018741, // no_intro_bigram
    -0.119892, // no_intro_position
    0.004852, // no_intro_hand
    -0.048151, // no_intro_second
];

/// The multiplier of the dot product (against the redundancy penalty).
pub(super) const SCALE: f64 = 16.00;
