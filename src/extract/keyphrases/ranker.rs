//! The learned ranker: a logistic regression over general features of a
//! candidate phrase, trained on KPCrowd train and the BBC keyphrase dev set
//! (`lede eval-keyphrases --fit`, see `models/KEYPHRASES.md`).
//!
//! Each candidate is described by [`N_FEATURES`] numbers ([`features`]):
//! how often and how widely the article says it, where it first says it
//! (title, lead), its length in words, its shape (capitalized, a lower-case
//! single word, a digit, a word the article mostly writes as a modifier),
//! whether it names an entity and of which type, how specific its words are
//! over a background of news (the counts of `data/background_df.txt`), how
//! productive its head word is, how much of it only ever sits inside one
//! longer phrase (`head count` of `national head count`), and the
//! hand-weighted score of
//! [`super::scoring`] as one more feature. The ranker's score is the
//! probability that a reader picks the phrase: `1 / (1 + e^-(b + w·x))`.
//!
//! The weights are a small text file, `data/ranker.txt` (one `name weight`
//! a line, the bias first), read once at first use. They apply to the raw
//! features (the trainer folds its standardization into them).

use std::sync::OnceLock;

/// The names of the features, in order (the first line of the weights file
/// is `bias`).
pub const FEATURE_NAMES: [&str; N_FEATURES] = [
    "log_tf",
    "log_head_tf",
    "early",
    "in_title",
    "in_lead",
    "first_rel",
    "spread",
    "log_cohesion",
    "idf_mean",
    "idf_min",
    "words1",
    "words2",
    "words3",
    "entity",
    "entity_per",
    "entity_org",
    "entity_loc",
    "single_lower",
    "adjective",
    "cap_share",
    "digit",
    "head_idf",
    "log_head_uni",
    "log_hand_score",
    "log_containers",
    "corpus_idf",
    "log_tf_single",
    "spread_single",
    "early_entity",
    "log_tf_entity",
    "inside_share",
    "inside_single",
    "title_single",
];

/// Number of features of a candidate.
pub const N_FEATURES: usize = 33;

/// A logistic-regression ranker: a bias and one weight per feature.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranker {
    /// The bias.
    pub bias: f64,
    /// One weight per feature ([`FEATURE_NAMES`]).
    pub weights: [f64; N_FEATURES],
}

impl Ranker {
    /// The probability that a candidate with features `x` is a keyphrase.
    pub fn prob(&self, x: &[f64; N_FEATURES]) -> f64 {
        let z = self.bias + self.weights.iter().zip(x).map(|(w, v)| w * v).sum::<f64>();
        1.0 / (1.0 + (-z.clamp(-40.0, 40.0)).exp())
    }

    /// Reads weights written by [`Ranker::to_text`]: `name weight` lines,
    /// `#` comments; every feature must be present.
    pub fn parse(text: &str) -> Result<Ranker, String> {
        let mut r = Ranker {
            bias: 0.0,
            weights: [0.0; N_FEATURES],
        };
        let mut seen = [false; N_FEATURES + 1];
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (name, w) = line
                .split_once(char::is_whitespace)
                .ok_or_else(|| format!("not `name weight`: {line}"))?;
            let w: f64 = w
                .trim()
                .parse()
                .map_err(|_| format!("not a number: {line}"))?;
            if !w.is_finite() {
                return Err(format!("not finite: {line}"));
            }
            if name == "bias" {
                r.bias = w;
                seen[N_FEATURES] = true;
            } else if let Some(i) = FEATURE_NAMES.iter().position(|n| *n == name) {
                r.weights[i] = w;
                seen[i] = true;
            } else {
                return Err(format!("unknown feature {name}"));
            }
        }
        if let Some(i) = seen.iter().position(|s| !s) {
            let name = FEATURE_NAMES.get(i).copied().unwrap_or("bias");
            return Err(format!("missing weight {name}"));
        }
        Ok(r)
    }

    /// The weights as text (`bias` first, then one feature a line).
    pub fn to_text(&self) -> String {
        let mut s = format!("bias {:.6}\n", self.bias);
        for (n, w) in FEATURE_NAMES.iter().zip(&self.weights) {
            s.push_str(&format!("{n} {w:.6}\n"));
        }
        s
    }

    /// The shipped ranker (`data/ranker.txt`).
    pub fn shipped() -> &'static Ranker {
        static R: OnceLock<Ranker> = OnceLock::new();
        R.get_or_init(|| {
            // the file is checked by a unit test; a broken file scores nothing
            Ranker::parse(include_str!("data/ranker.txt")).unwrap_or(Ranker {
                bias: 0.0,
                weights: [0.0; N_FEATURES],
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_weights_parse_and_round_trip() {
        let r = Ranker::parse(include_str!("data/ranker.txt")).expect("data/ranker.txt");
        assert!(r.weights.iter().any(|w| *w != 0.0));
        assert_eq!(
            Ranker::parse(&r.to_text()).map(|x| x.to_text()),
            Ok(r.to_text())
        );
    }

    #[test]
    fn parse_rejects_unknown_and_missing_names() {
        assert!(Ranker::parse("bias 1\nnope 2").is_err());
        assert!(Ranker::parse("bias 1").is_err());
        assert!(Ranker::parse("bias x").is_err());
    }

    #[test]
    fn prob_is_a_probability_on_any_weights() {
        let mut r = Ranker::parse(include_str!("data/ranker.txt")).expect("weights");
        r.bias = 1e308;
        let p = r.prob(&[1.0; N_FEATURES]);
        assert!((0.0..=1.0).contains(&p), "{p}");
    }
}
