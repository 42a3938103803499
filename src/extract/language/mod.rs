//! Language: which language an article is written in, so the engines trained
//! on English news know when they are out of their depth.
//!
//! Two steps, as the trigram detectors of the literature (Cavnar & Trenkle's
//! "N-gram-based text categorization", franc, whatlang) do:
//! 1. **Script.** The letters are counted by writing system. Most scripts
//!    name their language outright: Hangul is Korean, kana (with or without
//!    Han) Japanese, Han alone Chinese, Greek Greek, Hebrew Hebrew, Thai Thai,
//!    Arabic and Devanagari their most common language (with less confidence).
//! 2. **Trigrams.** For Latin and Cyrillic text, the text's letter trigrams
//!    are ranked by frequency and compared with each language's profile (its
//!    300 most frequent trigrams, `data/trigrams.txt`): the "out-of-place"
//!    distance sums, for each profile trigram, how far its rank in the text is
//!    from its rank in the profile. The nearest profile wins; the gap to the
//!    runner-up, relative to how many trigrams the text has, is the
//!    confidence (whatlang's hyperbola, scaled down for short texts).
//!
//! A text with too few letters, or a close call, is `und` (undetermined).
//! Only the first [`SAMPLE_CHARS`] characters are read, so detection is
//! linear and bounded on any input.
//!
//! For text in another language, [`shape_names`] finds names by their written
//! shape alone (the English tagger's types mean nothing there).
//!
//! The profiles are a subset (22 languages of the Latin and Cyrillic scripts)
//! of those of the whatlang crate (MIT), about 30 KB of text compiled in; the
//! whole crate, with its 69 profiles as Rust structs, costs about 300 KB of
//! wasm (84 KB gzipped), which is why it is not a dependency.

mod names;

pub use names::shape_names;

use crate::extract::{FxMap, WordSet};

/// Words only English has among the languages of the profiles (`the`, `and`,
/// `said`): see [`english_share`].
static ENGLISH_WORDS: WordSet = WordSet::from_lines(include_str!("data/english_words.txt"));

/// A Latin-script text with at least this share of its words in
/// [`ENGLISH_WORDS`] is English, whatever its trigrams say: on a sentence or
/// two, trigram ranks are mostly ties and the nearest profile can be any
/// (`Walmart said shoppers were buying fewer televisions` came out Dutch).
/// English news has 25–35 % of such words; French, German, Spanish, Dutch
/// or Italian text next to none.
const ENGLISH_SHARE: f64 = 0.15;

/// How many words of a text must be read to trust [`ENGLISH_SHARE`].
const ENGLISH_MIN_WORDS: usize = 5;

/// Below this many words, a Latin-script text is not called another
/// language than English on its trigrams alone: on a headline or a sentence
/// the trigram ranks are mostly ties and the nearest profile is close to
/// chance (a quarter of the BBC's English headlines came out French,
/// Spanish, Catalan, Romanian...). Such a text is foreign only with
/// [`foreign_evidence`] too.
const SHORT_WORDS: usize = 30;

/// Italian, Dutch and Portuguese function words English lacks (beside the
/// French, German and Spanish ones of `names`): see [`foreign_evidence`].
static EVIDENCE_WORDS: WordSet = WordSet::from_lines(include_str!("data/evidence_words.txt"));

/// The profiles: `code TAB script TAB trigram|trigram|...` a line.
static PROFILES: &str = include_str!("data/trigrams.txt");

/// How many characters of a text detection reads at most.
pub const SAMPLE_CHARS: usize = 6_000;

/// Fewer letters than this and the language is undetermined.
const MIN_LETTERS: usize = 12;

/// Below this confidence the language is reported as `und`.
pub const MIN_CONFIDENCE: f64 = 0.5;

/// Out-of-place distance of a profile trigram missing from the text (and the
/// profile length).
const MAX_DIST: u32 = 300;

/// An article's language.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Language {
    /// ISO 639-1 code (`en`, `fr`, `de`, `es`, `zh`, ...), or `und` when unsure.
    pub code: &'static str,
    /// How sure the detector is, 0–1 (0 for `und` from too little text).
    pub confidence: f64,
}

impl Language {
    /// The undetermined language.
    pub const UND: Language = Language {
        code: "und",
        confidence: 0.0,
    };

    /// True when the text is confidently in a language other than English:
    /// the English models should not be trusted on it. Undetermined text
    /// (short, or a close call) is treated as English.
    pub fn is_foreign(&self) -> bool {
        self.code != "en" && self.code != "und" && self.confidence >= MIN_CONFIDENCE
    }
}

/// Writing systems told apart by their letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Cyrillic,
    Greek,
    Arabic,
    Hebrew,
    Devanagari,
    Thai,
    Han,
    Kana,
    Hangul,
    Other,
}

/// All scripts, in the order of [`script_index`].
const SCRIPTS: [Script; 11] = [
    Script::Latin,
    Script::Cyrillic,
    Script::Greek,
    Script::Arabic,
    Script::Hebrew,
    Script::Devanagari,
    Script::Thai,
    Script::Han,
    Script::Kana,
    Script::Hangul,
    Script::Other,
];

/// The script of a letter (`None` for anything that is not a letter).
fn script_of(c: char) -> Option<Script> {
    if !c.is_alphabetic() {
        return None;
    }
    let u = c as u32;
    Some(match u {
        0x41..=0x24F | 0x1E00..=0x1EFF => Script::Latin,
        0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
        0x400..=0x52F => Script::Cyrillic,
        0x590..=0x5FF => Script::Hebrew,
        0x600..=0x6FF | 0x750..=0x77F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
        0x900..=0x97F => Script::Devanagari,
        0xE00..=0xE7F => Script::Thai,
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Kana,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F => Script::Han,
        _ => Script::Other,
    })
}

fn script_index(s: Script) -> usize {
    SCRIPTS
        .iter()
        .position(|x| *x == s)
        .unwrap_or(SCRIPTS.len() - 1)
}

/// A language profile: code, script, trigrams (most frequent first).
struct Profile {
    code: &'static str,
    script: Script,
    trigrams: Vec<[char; 3]>,
}

/// A trigram as one number: its three characters, 21 bits each, the first
/// highest, so that numbers compare as the character arrays do.
fn pack(t: [char; 3]) -> u64 {
    (u64::from(t[0]) << 42) | (u64::from(t[1]) << 21) | u64::from(t[2])
}

/// Where each trigram stands in the profiles: for a trigram, every
/// `(profile, rank)` that lists it (`profile` indexes [`profiles`]). Detection
/// looks up the text's few hundred top trigrams here, instead of every
/// profile's 300 trigrams in the text's ranks.
fn profile_ranks() -> &'static FxMap<u64, Vec<(u16, u16)>> {
    static CELL: std::sync::OnceLock<FxMap<u64, Vec<(u16, u16)>>> = std::sync::OnceLock::new();
    CELL.get_or_init(|| {
        let mut m: FxMap<u64, Vec<(u16, u16)>> = FxMap::default();
        for (p, prof) in profiles().iter().enumerate() {
            for (i, &t) in prof.trigrams.iter().enumerate() {
                m.entry(pack(t)).or_default().push((p as u16, i as u16));
            }
        }
        m
    })
}

/// Reads the profiles (lines that do not parse are skipped; a unit test
/// checks that all do).
fn profiles() -> &'static [Profile] {
    static CELL: std::sync::OnceLock<Vec<Profile>> = std::sync::OnceLock::new();
    CELL.get_or_init(|| {
        PROFILES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut f = l.split('\t');
                let code = f.next()?;
                let script = match f.next()? {
                    "latn" => Script::Latin,
                    "cyrl" => Script::Cyrillic,
                    _ => return None,
                };
                let trigrams = f
                    .next()?
                    .split('|')
                    .filter_map(|t| {
                        let mut cs = t.chars();
                        let tri = [cs.next()?, cs.next()?, cs.next()?];
                        cs.next().is_none().then_some(tri)
                    })
                    .collect::<Vec<_>>();
                Some(Profile {
                    code,
                    script,
                    trigrams,
                })
            })
            .collect()
    })
}

/// The language codes the detector can return (besides `und`).
pub fn known_languages() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = profiles().iter().map(|p| p.code).collect();
    v.extend(["el", "ar", "he", "hi", "th", "zh", "ja", "ko"]);
    v
}

/// Detects the language of `text` (its first [`SAMPLE_CHARS`] characters).
pub fn detect_language(text: &str) -> Language {
    // the text up to its SAMPLE_CHARS-th character (no copy)
    let end = text
        .char_indices()
        .nth(SAMPLE_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let sample = text.get(..end).unwrap_or(text);
    let mut counts = [0usize; SCRIPTS.len()];
    for c in sample.chars() {
        if let Some(s) = script_of(c) {
            counts[script_index(s)] += 1;
        }
    }
    let letters: usize = counts.iter().sum();
    if letters < MIN_LETTERS {
        return Language::UND;
    }
    let count = |s: Script| counts[script_index(s)];
    // CJK first: a few hundred Han characters outweigh any Latin in it
    let cjk = count(Script::Han) + count(Script::Kana) + count(Script::Hangul);
    let (best, best_n) = SCRIPTS
        .iter()
        .map(|&s| (s, count(s)))
        .max_by_key(|&(s, n)| (n, std::cmp::Reverse(script_index(s))))
        .unwrap_or((Script::Other, 0));
    // how much of the text the script covers (CJK characters count double:
    // one stands for a word)
    let share = |n: usize| (n as f64 / letters as f64).min(1.0);
    if 2 * cjk >= best_n && cjk >= MIN_LETTERS / 2 {
        let (code, n) = if count(Script::Hangul) * 2 >= cjk {
            ("ko", count(Script::Hangul))
        } else if count(Script::Kana) * 10 >= cjk {
            ("ja", cjk)
        } else {
            ("zh", count(Script::Han))
        };
        return Language {
            code,
            confidence: round3(share(2 * n).max(0.5)),
        };
    }
    let single = |code: &'static str, certainty: f64| Language {
        code,
        confidence: round3(certainty * share(best_n)),
    };
    match best {
        Script::Greek => single("el", 1.0),
        Script::Hebrew => single("he", 0.9),
        Script::Arabic => single("ar", 0.8),
        Script::Devanagari => single("hi", 0.8),
        Script::Thai => single("th", 1.0),
        Script::Latin | Script::Cyrillic => {
            let lang = by_trigrams(sample, best);
            let confidence = round3(lang.confidence * share(best_n));
            let sure_english = lang.code == "en" && confidence >= MIN_CONFIDENCE;
            if best == Script::Latin && !sure_english {
                if let Some(e) = english_share(sample).filter(|&e| e >= ENGLISH_SHARE) {
                    // sure from a share of 25 % of English-only words up
                    let sure = (0.5 + 2.0 * e).min(1.0);
                    return Language {
                        code: "en",
                        confidence: if lang.code == "en" {
                            round3(sure * share(best_n)).max(confidence)
                        } else {
                            round3(sure * share(best_n))
                        },
                    };
                }
            }
            if best == Script::Latin
                && lang.code != "en"
                && confidence >= MIN_CONFIDENCE
                && !foreign_evidence(sample)
            {
                return Language {
                    code: "und",
                    confidence,
                };
            }
            if confidence < MIN_CONFIDENCE {
                Language {
                    code: "und",
                    confidence,
                }
            } else {
                Language {
                    code: lang.code,
                    confidence,
                }
            }
        }
        _ => Language::UND,
    }
}

/// The share of the words of `sample` (runs of letters and apostrophes,
/// lower-cased) that are [`ENGLISH_WORDS`], or `None` when it has fewer
/// than [`ENGLISH_MIN_WORDS`] words.
fn english_share(sample: &str) -> Option<f64> {
    let mut words = 0usize;
    let mut english = 0usize;
    let mut word = String::new();
    let mut flush = |word: &mut String| {
        if !word.is_empty() {
            words += 1;
            if ENGLISH_WORDS.contains(word) {
                english += 1;
            }
            word.clear();
        }
    };
    for c in sample.chars() {
        if c.is_alphabetic() {
            word.extend(c.to_lowercase());
        } else {
            flush(&mut word);
        }
    }
    flush(&mut word);
    (words >= ENGLISH_MIN_WORDS).then(|| english as f64 / words as f64)
}

/// Whether a Latin-script `sample` shows it is not English by more than its
/// trigrams: it has [`SHORT_WORDS`] words or more, or at least two words are
/// function words of another language that English does not have (French,
/// German, Spanish: `le`, `der`, `los`, `data/function_words.txt`; Italian,
/// Dutch, Portuguese: `della`, `het`, `uma`, `data/evidence_words.txt`) or
/// are written with letters English does not use (`économie`, `Größe`, `año`).
fn foreign_evidence(sample: &str) -> bool {
    let mut words = 0usize;
    let mut foreign = 0usize;
    for w in sample
        .split(|c: char| !(c.is_alphabetic() || c == '\''))
        .filter(|w| w.chars().any(char::is_alphabetic))
    {
        words += 1;
        if words >= SHORT_WORDS {
            return true;
        }
        let lower = w.to_lowercase();
        let function = (names::FUNCTION_WORDS.contains(&lower) || EVIDENCE_WORDS.contains(&lower))
            && !crate::text::is_stop_word(&lower)
            && !ENGLISH_WORDS.contains(&lower);
        if function || w.chars().any(|c| c.is_alphabetic() && !c.is_ascii()) {
            foreign += 1;
        }
    }
    foreign >= 2
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The nearest trigram profile of `script` to `sample`.
///
/// The out-of-place distance of a profile is the sum, over its trigrams, of
/// `|rank in the text - rank in the profile|`, or [`MAX_DIST`] for one the
/// text's top trigrams lack: that is `MAX_DIST` per profile trigram, plus
/// `|r - i| - MAX_DIST` for each one the text has. So only the text's top
/// trigrams (at most `2 * MAX_DIST`) are looked up, each once, in
/// [`profile_ranks`], whatever the number of profiles.
fn by_trigrams(sample: &str, script: Script) -> Language {
    // count trigrams of lower-cased letters; anything else is a word edge
    let mut freq: FxMap<u64, u32> = FxMap::default();
    let mut c1 = ' ';
    let mut c2 = ' ';
    let norm = |c: char| -> char {
        if c.is_ascii() {
            if c.is_ascii_alphabetic() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        } else if c.is_alphabetic() {
            c.to_lowercase().next().unwrap_or(c)
        } else {
            ' '
        }
    };
    for c3 in sample.chars().map(norm).chain(std::iter::once(' ')) {
        if !(c2 == ' ' && (c1 == ' ' || c3 == ' ')) {
            *freq.entry(pack([c1, c2, c3])).or_insert(0) += 1;
        }
        c1 = c2;
        c2 = c3;
    }
    // most frequent first, ties by trigram (descending): a total order, so
    // taking the top ones first and sorting only them gives the same ranks
    let mut ranked: Vec<(u64, u32)> = freq.into_iter().collect();
    let order = |a: &(u64, u32), b: &(u64, u32)| b.1.cmp(&a.1).then_with(|| b.0.cmp(&a.0));
    let top = 2 * MAX_DIST as usize;
    if ranked.len() > top {
        ranked.select_nth_unstable_by(top - 1, order);
        ranked.truncate(top);
    }
    ranked.sort_unstable_by(order);
    let n = ranked.len() as u32;
    if n == 0 {
        return Language::UND;
    }
    let all = profiles();
    // per profile: the sum of `|r - i| - MAX_DIST` over the trigrams it shares
    let mut shared = vec![0i64; all.len()];
    let index = profile_ranks();
    for (r, (t, _)) in ranked.iter().enumerate() {
        for &(p, i) in index.get(t).map_or(&[][..], Vec::as_slice) {
            if let Some(x) = shared.get_mut(usize::from(p)) {
                *x += i64::from((r as u32).abs_diff(u32::from(i))) - i64::from(MAX_DIST);
            }
        }
    }
    let mut dists: Vec<(&'static str, u32)> = all
        .iter()
        .zip(&shared)
        .filter(|(p, _)| p.script == script)
        .map(|(p, &s)| {
            let full = p.trigrams.len() as i64 * i64::from(MAX_DIST);
            let mut d = u32::try_from(full + s).unwrap_or(u32::MAX);
            // a short text cannot hold all 300: do not count what it could not have
            if n < MAX_DIST {
                d = d.saturating_sub((MAX_DIST - n) * MAX_DIST);
            }
            (p.code, d.min(MAX_DIST * MAX_DIST))
        })
        .collect();
    crate::text::sort::sort_by_key(&mut dists, |&(c, d)| (d, c));
    let max = f64::from(n * MAX_DIST);
    let score = |d: u32| (1.0 - f64::from(d) / max).max(0.0);
    let Some(&(code, d1)) = dists.first() else {
        return Language::UND;
    };
    let s1 = score(d1);
    let confidence = match dists.get(1) {
        Some(&(_, d2)) => {
            let s2 = score(d2);
            if s2 <= 0.0 {
                s1
            } else {
                // whatlang's hyperbola: a relative gap above it is certain
                let confident = 3.0 / f64::from(n) + 0.015;
                ((s1 - s2) / s2 / confident).min(1.0)
            }
        }
        None => s1,
    };
    // short texts are never quite certain
    let length = (f64::from(n) / 60.0).min(1.0);
    Language {
        code,
        confidence: confidence * length.sqrt(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_profile_line_reads_whole() {
        let lines = PROFILES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count();
        assert_eq!(profiles().len(), lines);
        for p in profiles() {
            assert_eq!(p.trigrams.len(), 300, "{}", p.code);
        }
    }

    /// The detector's trigram step as it was first written: every profile
    /// trigram looked up in the text's ranks.
    fn reference_by_trigrams(sample: &str, script: Script) -> Language {
        let mut freq: FxMap<[char; 3], u32> = FxMap::default();
        let (mut c1, mut c2) = (' ', ' ');
        let norm = |c: char| {
            if c.is_alphabetic() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        };
        for c3 in sample.chars().map(norm).chain(std::iter::once(' ')) {
            if !(c2 == ' ' && (c1 == ' ' || c3 == ' ')) {
                *freq.entry([c1, c2, c3]).or_insert(0) += 1;
            }
            c1 = c2;
            c2 = c3;
        }
        let mut ranked: Vec<([char; 3], u32)> = freq.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| b.0.cmp(&a.0)));
        ranked.truncate(2 * MAX_DIST as usize);
        let rank: FxMap<[char; 3], u32> = ranked
            .iter()
            .enumerate()
            .map(|(i, (t, _))| (*t, i as u32))
            .collect();
        let n = rank.len() as u32;
        if n == 0 {
            return Language::UND;
        }
        let mut dists: Vec<(&'static str, u32)> = profiles()
            .iter()
            .filter(|p| p.script == script)
            .map(|p| {
                let mut d: u32 = p
                    .trigrams
                    .iter()
                    .enumerate()
                    .map(|(i, t)| rank.get(t).map_or(MAX_DIST, |&r| r.abs_diff(i as u32)))
                    .sum();
                if n < MAX_DIST {
                    d = d.saturating_sub((MAX_DIST - n) * MAX_DIST);
                }
                (p.code, d.min(MAX_DIST * MAX_DIST))
            })
            .collect();
        dists.sort_by_key(|&(c, d)| (d, c));
        let max = f64::from(n * MAX_DIST);
        let score = |d: u32| (1.0 - f64::from(d) / max).max(0.0);
        let (code, d1) = dists[0];
        let s1 = score(d1);
        let confidence = match dists.get(1) {
            Some(&(_, d2)) if score(d2) > 0.0 => {
                let s2 = score(d2);
                ((s1 - s2) / s2 / (3.0 / f64::from(n) + 0.015)).min(1.0)
            }
            _ => s1,
        };
        Language {
            code,
            confidence: confidence * (f64::from(n) / 60.0).min(1.0).sqrt(),
        }
    }

    #[test]
    fn trigram_distances_are_those_of_looking_every_profile_trigram_up() {
        let texts = [
            "The government announced on Tuesday that it would raise the minimum wage next \
             spring. Shares in the carmaker fell sharply after it warned that profits would be \
             lower than expected, and police said two men had been arrested.",
            "Le gouvernement a annoncé mardi qu'il augmenterait le salaire minimum au printemps \
             prochain. Les actions du constructeur automobile ont chuté après l'annonce.",
            "Die Regierung hat am Dienstag angekündigt, den Mindestlohn im kommenden Frühjahr zu \
             erhöhen. Hunderte Menschen versammelten sich vor dem Rathaus.",
            "El Gobierno anunció el martes que subirá el salario mínimo la próxima primavera. \
             Cientos de personas se concentraron ante el ayuntamiento.",
            "Правительство во вторник объявило о повышении минимальной заработной платы \
             следующей весной. Полиция задержала двух мужчин.",
            "Il governo ha annunciato martedì che aumenterà il salario minimo la prossima \
             primavera; o Governo anunciou na terça-feira que vai aumentar o salário.",
        ];
        let mut checked = 0;
        for t in texts {
            // the whole text, a long repeat (over 600 distinct trigrams) and
            // short prefixes (fewer than 300)
            let long = format!("{t} {}", texts.join(" "));
            let cuts: Vec<String> = [12, 40, 90, 200]
                .iter()
                .map(|&k| t.chars().take(k).collect())
                .chain([t.to_string(), long])
                .collect();
            for c in &cuts {
                for script in [Script::Latin, Script::Cyrillic] {
                    let (a, b) = (by_trigrams(c, script), reference_by_trigrams(c, script));
                    assert_eq!(a.code, b.code, "{c}");
                    assert_eq!(a.confidence.to_bits(), b.confidence.to_bits(), "{c}");
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 72);
    }

    #[test]
    fn scripts_of_letters() {
        assert_eq!(script_of('a'), Some(Script::Latin));
        assert_eq!(script_of('é'), Some(Script::Latin));
        assert_eq!(script_of('ж'), Some(Script::Cyrillic));
        assert_eq!(script_of('中'), Some(Script::Han));
        assert_eq!(script_of('の'), Some(Script::Kana));
        assert_eq!(script_of('한'), Some(Script::Hangul));
        assert_eq!(script_of('7'), None);
    }
}
