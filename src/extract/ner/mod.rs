//! Statistical named-entity tagger (CoNLL-2003 types PER, ORG, LOC, MISC).
//!
//! The tagger is a two-stage averaged structured perceptron with first-order
//! Viterbi decoding over BIO labels. Features are hashed into `u32` keys
//! (word forms, shapes, affixes, context windows, word clusters learned from
//! unlabeled news, gazetteer matches and document-level cues). The second
//! stage adds non-local features computed from the first stage's labels of
//! the same word elsewhere in the document.
//!
//! The trained model is embedded in the binary (`models/ner.bin`) and loaded
//! lazily by [`NerModel::builtin`]; the trainer that writes it is the
//! top-level `train` module (feature `train`, never in the wasm build).
//!
//! Modules, each depending only on those before it:
//! - `codec`: the bounds-checked byte reader and varint writer of the model file;
//! - `entropy`: the adaptive binary range coder of the model file's weights and keys;
//! - `hash`: word, phrase and feature-key hashing (`word_hash`, `mix`);
//! - `lexicon`: word clusters and gazetteer phrases stored in the model;
//! - `features`: per-token analysis and hashed feature keys (shared with training);
//! - `format`: the model file, v4 written, v2–v4 read (`ModelData`);
//! - `viterbi`: the best BILOU label sequence of a sentence (`Decoder`);
//! - `model`: weights, scoring and span posteriors ([`NerModel`]);
//! - [`conll`]: reading, tagging and scoring CoNLL-2003 files.

pub(crate) mod codec;
pub mod conll;
pub(crate) mod entropy;
pub(crate) mod features;
pub(crate) mod format;
pub(crate) mod hash;
pub(crate) mod lexicon;
pub(crate) mod model;
pub(crate) mod viterbi;

pub use model::{NerModel, ScoredSpan};

use crate::extract::Label;
use crate::text::{asciify_punct, Token};
use std::borrow::Cow;
use std::ops::Range;

/// A token as the tagger reads it: its text with typographic quotes,
/// apostrophes and dashes in ASCII (the model was trained on ASCII news
/// text), case kept. The features lowercase it themselves.
pub fn tagger_form<'a>(text: &'a str, token: &Token) -> Cow<'a, str> {
    asciify_punct(token.text(text))
}

/// A document as the tagger reads it: sentences of words, each word in
/// tagger form ([`tagger_form`]), read in order, sentence by sentence.
///
/// The tagger reads each word once, while it analyzes the document
/// (`features::DocCtx`), and keeps only what it needs of it (the analysis of
/// each distinct word), so a document need not be copied into the
/// tagger's form first: [`TextWords`] reads a text layer's tokens in place.
/// A list of sentences of strings (`[Vec<S>]`, what CoNLL files and tests
/// give) is one too.
pub trait Words {
    /// The number of sentences.
    fn sentence_count(&self) -> usize;
    /// The number of words of sentence `si` (0 past the last sentence).
    fn sentence_len(&self, si: usize) -> usize;
    /// Word `i` of sentence `si`, in tagger form (empty out of range).
    fn word(&self, si: usize, i: usize) -> Cow<'_, str>;
    /// Whether sentence `si` is a line of its own in the text (a line break
    /// or the text's edge on both sides: a headline). Unknown, so false, for
    /// text given as sentences (CoNLL).
    fn own_line(&self, _si: usize) -> bool {
        false
    }
}

impl<S: AsRef<str>> Words for [Vec<S>] {
    fn sentence_count(&self) -> usize {
        self.len()
    }

    fn sentence_len(&self, si: usize) -> usize {
        self.get(si).map_or(0, Vec::len)
    }

    fn word(&self, si: usize, i: usize) -> Cow<'_, str> {
        Cow::Borrowed(
            self.get(si)
                .and_then(|s| s.get(i))
                .map_or("", |w| w.as_ref()),
        )
    }
}

impl<S: AsRef<str>> Words for Vec<Vec<S>> {
    fn sentence_count(&self) -> usize {
        self.as_slice().sentence_count()
    }

    fn sentence_len(&self, si: usize) -> usize {
        self.as_slice().sentence_len(si)
    }

    fn word(&self, si: usize, i: usize) -> Cow<'_, str> {
        self.as_slice().word(si, i)
    }
}

/// A text's tokens as the tagger's [`Words`], read in place: each token's
/// byte range in the text, in tagger form ([`tagger_form`], made only for
/// the tokens with typographic punctuation, when the tagger reads them), by
/// the sentences' token ranges. What the entity stage tags: no per-token
/// copy of the document.
#[derive(Clone, Copy, Debug)]
pub struct TextWords<'a> {
    text: &'a str,
    tokens: &'a [Token],
    sentences: &'a [Range<usize>],
}

impl<'a> TextWords<'a> {
    /// The tokens of `text` by the token ranges of its sentences (a range
    /// past the tokens reads as an empty sentence).
    pub fn new(text: &'a str, tokens: &'a [Token], sentences: &'a [Range<usize>]) -> Self {
        TextWords {
            text,
            tokens,
            sentences,
        }
    }

    /// The tokens of sentence `si` (none out of range).
    fn sentence(&self, si: usize) -> &'a [Token] {
        self.sentences
            .get(si)
            .and_then(|r| self.tokens.get(r.clone()))
            .unwrap_or(&[])
    }
}

impl Words for TextWords<'_> {
    fn sentence_count(&self) -> usize {
        self.sentences.len()
    }

    fn sentence_len(&self, si: usize) -> usize {
        self.sentence(si).len()
    }

    fn word(&self, si: usize, i: usize) -> Cow<'_, str> {
        self.sentence(si)
            .get(i)
            .map_or(Cow::Borrowed(""), |t| tagger_form(self.text, t))
    }

    fn own_line(&self, si: usize) -> bool {
        let s = self.sentence(si);
        let (Some(first), Some(last)) = (s.first(), s.last()) else {
            return false;
        };
        let before = self.text.get(..first.start).unwrap_or("");
        let after = self.text.get(last.end..).unwrap_or("");
        let before = before.trim_end_matches([' ', '\t', '\r']);
        let after = after.trim_start_matches([' ', '\t', '\r']);
        (before.is_empty() || before.ends_with('\n'))
            && (after.is_empty() || after.starts_with('\n'))
    }
}

/// An entity type of the CoNLL-2003 scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// A person.
    Per,
    /// An organization.
    Org,
    /// A location.
    Loc,
    /// Miscellaneous names (nationalities, events, works, ...).
    Misc,
}

impl EntityType {
    /// All types, in label order.
    pub const ALL: [EntityType; 4] = [
        EntityType::Per,
        EntityType::Org,
        EntityType::Loc,
        EntityType::Misc,
    ];

    /// The CoNLL name of the type: `"PER"`, `"ORG"`, `"LOC"` or `"MISC"`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Org => "ORG",
            EntityType::Loc => "LOC",
            EntityType::Misc => "MISC",
        }
    }

    /// Parses a CoNLL type name (`"PER"`, `"ORG"`, `"LOC"`, `"MISC"`).
    pub fn parse(s: &str) -> Option<EntityType> {
        match s {
            "PER" => Some(EntityType::Per),
            "ORG" => Some(EntityType::Org),
            "LOC" => Some(EntityType::Loc),
            "MISC" => Some(EntityType::Misc),
            _ => None,
        }
    }

    #[cfg_attr(not(feature = "train"), allow(dead_code))]
    pub(crate) fn index(self) -> usize {
        match self {
            EntityType::Per => 0,
            EntityType::Org => 1,
            EntityType::Loc => 2,
            EntityType::Misc => 3,
        }
    }
}

impl From<EntityType> for Label {
    fn from(t: EntityType) -> Label {
        match t {
            EntityType::Per => Label::Per,
            EntityType::Org => Label::Org,
            EntityType::Loc => Label::Loc,
            EntityType::Misc => Label::Misc,
        }
    }
}

/// The tag of one token: outside any entity (`label == None`) or inside an
/// entity of type `label`, with `begin` set on the entity's first token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NerTag {
    /// The entity type, or `None` for tokens outside entities.
    pub label: Option<EntityType>,
    /// True on the first token of an entity (IOB2 `B-`).
    pub begin: bool,
}

impl NerTag {
    /// The tag of a token outside any entity.
    pub const OUTSIDE: NerTag = NerTag {
        label: None,
        begin: false,
    };

    /// The tag in IOB2 notation: `"O"`, `"B-PER"`, `"I-PER"`, ...
    pub fn iob2(&self) -> String {
        match self.label {
            None => "O".to_string(),
            Some(t) => format!("{}-{}", if self.begin { "B" } else { "I" }, t.as_str()),
        }
    }

    /// Tag of an internal BILOU label index: 0 = O, `1 + 4t + k` with
    /// k = 0 (B), 1 (I), 2 (L), 3 (U).
    pub(crate) fn from_index(i: u8) -> NerTag {
        if i == 0 || i as usize >= NUM_LABELS {
            return NerTag::OUTSIDE;
        }
        let t = EntityType::ALL[((i - 1) / 4) as usize];
        let k = (i - 1) % 4;
        NerTag {
            label: Some(t),
            begin: k == 0 || k == 3,
        }
    }
}

/// Internal BILOU label index of entity type `t` and part `k`
/// (0 = Begin, 1 = Inside, 2 = Last, 3 = Unit).
#[inline]
#[cfg_attr(not(feature = "train"), allow(dead_code))]
pub(crate) fn label_index(t: EntityType, k: u8) -> u8 {
    1 + 4 * t.index() as u8 + k
}

/// Number of BILOU labels (O plus B/I/L/U for four types).
pub(crate) const NUM_LABELS: usize = 17;

/// A named entity found in a sentence: token range `[start, end)` and type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntitySpan {
    /// Index of the first token.
    pub start: usize,
    /// Index one past the last token.
    pub end: usize,
    /// The entity type.
    pub kind: EntityType,
}

/// Groups a sentence's tags into entity spans.
pub fn spans(tags: &[NerTag]) -> Vec<EntitySpan> {
    let mut out: Vec<EntitySpan> = Vec::new();
    let mut cur: Option<EntitySpan> = None;
    for (i, t) in tags.iter().enumerate() {
        match t.label {
            None => {
                if let Some(s) = cur.take() {
                    out.push(s);
                }
            }
            Some(k) => {
                let continues = matches!(cur, Some(s) if s.kind == k) && !t.begin;
                if continues {
                    if let Some(s) = cur.as_mut() {
                        s.end = i + 1;
                    }
                } else {
                    if let Some(s) = cur.take() {
                        out.push(s);
                    }
                    cur = Some(EntitySpan {
                        start: i,
                        end: i + 1,
                        kind: k,
                    });
                }
            }
        }
    }
    if let Some(s) = cur {
        out.push(s);
    }
    out
}
