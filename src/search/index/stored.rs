//! A document as the index stores it: the document, its extracted fields,
//! its field lengths and language, and the highlighter's marks.
//!
//! The marks ([`TextMarks`]) are checkpoints into a text where the
//! tokenizer can resume, so placing a match does not walk the text from its
//! start. They cost one whole walk to make, so they are made lazily: a
//! loaded index pays nothing for them, and a short text gets them only on
//! its third showing (see [`StoredDoc::highlight_marks`] for why the third).

use super::super::analysis::Lang;
use super::super::highlight::TextMarks;
use super::super::{DocFields, Document, NFIELDS};
use std::borrow::Cow;
use std::sync::OnceLock;

/// One document as stored: the document, its extracted fields, its field lengths.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDoc {
    /// The document.
    pub doc: Document,
    /// Its extracted fields.
    pub fields: DocFields,
    /// Number of terms in each field.
    pub lens: [u32; NFIELDS],
    /// The language of the text (from `doc.lang`): whether English stems match it.
    pub lang: Lang,
    /// Where the title's tokens are (for highlights), made on the second
    /// highlighted read (see [`StoredDoc::highlight_marks`]).
    title_marks: OnceLock<TextMarks>,
    /// Where the body's tokens are (for highlights and snippets), made on
    /// the second highlighted read (see [`StoredDoc::highlight_marks`]):
    /// loading a saved index does not pay for them.
    body_marks: OnceLock<TextMarks>,
    /// Set by the first highlighted read of this document.
    read_once: OnceLock<()>,
    /// Set by the second highlighted read of this document.
    read_twice: OnceLock<()>,
}

impl StoredDoc {
    /// A stored document; the marks of its title and body are made when
    /// first asked for.
    pub fn new(doc: Document, fields: DocFields, lens: [u32; NFIELDS]) -> StoredDoc {
        StoredDoc {
            lang: Lang::from_tag(doc.lang.as_deref()),
            title_marks: OnceLock::new(),
            body_marks: OnceLock::new(),
            read_once: OnceLock::new(),
            read_twice: OnceLock::new(),
            doc,
            fields,
            lens,
        }
    }

    /// Where the title's tokens are (see [`TextMarks`]).
    pub fn title_marks(&self) -> &TextMarks {
        self.title_marks
            .get_or_init(|| TextMarks::new(&self.doc.title))
    }

    /// Where the body's tokens are (see [`TextMarks`]).
    pub fn body_marks(&self) -> &TextMarks {
        self.body_marks
            .get_or_init(|| TextMarks::new(&self.doc.text))
    }

    /// The marks a highlighted search places its matches with, title then
    /// body. Making a text's marks is one walk over it, and placing matches
    /// without them is one walk too (from the text start, every chunk's
    /// tokens counted as it goes), the same result (checkpoints are exact
    /// resume points). So a text short enough that the walk can neither
    /// meet a chunk too long to tokenize nor exceed the scan budget
    /// ([`TextMarks::MAX_UNMARKED`]) is walked without marks the first two
    /// times it is shown, and gets them the third time: making them costs a
    /// whole walk, and a walk with them still reaches the last match, so
    /// they save work only from their second use. A document shown once or
    /// twice costs one walk per showing.
    pub fn highlight_marks<'a>(&'a self) -> (Cow<'a, TextMarks>, Cow<'a, TextMarks>) {
        let early = self.read_once.set(()).is_ok() || self.read_twice.set(()).is_ok();
        let pick = |text: &'_ str, lock: &'a OnceLock<TextMarks>| -> Cow<'a, TextMarks> {
            match lock.get() {
                Some(m) => Cow::Borrowed(m),
                None if early && text.len() <= TextMarks::MAX_UNMARKED => {
                    Cow::Owned(TextMarks::unmarked(text))
                }
                None => Cow::Borrowed(lock.get_or_init(|| TextMarks::new(text))),
            }
        };
        (
            pick(&self.doc.title, &self.title_marks),
            pick(&self.doc.text, &self.body_marks),
        )
    }
}
