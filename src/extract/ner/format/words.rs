//! The model's strings: the cluster vocabulary (each word with its
//! capitalization bin and cluster ids) and the gazetteer's phrases.
//!
//! Strings are stored front-coded (the bytes shared with the string before,
//! then the rest): sorted words share long prefixes, and the download's gzip
//! compresses what is left well. The classes are range-coded beside them
//! (see `entropy`), and both are read in step, [`CHUNK`](super::CHUNK)
//! items per call, into one reused buffer: loading a model allocates
//! nothing per word.

use super::{CHUNK, MAX_STRINGS};
use crate::extract::ner::codec::{put_varint, Reader};
use crate::extract::ner::entropy::{self, Decoder, Prob};
use crate::extract::ner::lexicon::{Lexicon, MAX_GRAN, NO_CLUSTER};

/// Writes strings front-coded: bytes shared with the previous string, then
/// the length of the rest and the rest.
pub(super) fn front_code<'a>(out: &mut Vec<u8>, items: impl Iterator<Item = &'a str>) {
    let mut prev: &[u8] = &[];
    for s in items {
        let b = s.as_bytes();
        let shared = b.iter().zip(prev).take_while(|(x, y)| x == y).count();
        put_varint(out, shared as u32);
        put_varint(out, (b.len() - shared) as u32);
        out.extend_from_slice(&b[shared..]);
        prev = b;
    }
}

/// The words of the cluster vocabulary with their classes: the front-coded
/// strings of section 1 and the range-coded classes of section 2, read in
/// step, one word at a time into one reused buffer (no allocation a word).
pub(super) struct WordReader<'a> {
    names: Reader<'a>,
    pub(super) left: usize,
    prev: Vec<u8>,
    d: Decoder<'a>,
    pub(super) ngran: usize,
    case_bits: u32,
    gran_bits: [u32; MAX_GRAN],
    pc: Vec<Prob>,
    pg: [Vec<Prob>; MAX_GRAN],
}

impl<'a> WordReader<'a> {
    pub(super) fn new(words: &'a [u8], classes: &'a [u8]) -> Result<WordReader<'a>, String> {
        let mut names = Reader::new(words);
        let ngran = names.varint()? as usize;
        if ngran > MAX_GRAN {
            return Err(format!("bad cluster granularity count {ngran}"));
        }
        let n = names.varint()? as usize;
        if n > MAX_STRINGS || n.saturating_mul(2) > names.remaining() {
            return Err("model word count too large".to_string());
        }
        let mut s = Reader::new(classes);
        let case_bits = u32::from(s.u8()?);
        let mut gran_bits = [0u32; MAX_GRAN];
        for b in gran_bits.iter_mut().take(ngran) {
            *b = u32::from(s.u8()?);
        }
        if case_bits > 8 || gran_bits.iter().any(|&b| b > 16) {
            return Err("bad class widths in model".to_string());
        }
        Ok(WordReader {
            names,
            left: n,
            prev: Vec::new(),
            d: Decoder::new(s.bytes(s.remaining())?),
            ngran,
            case_bits,
            gran_bits,
            pc: entropy::probs(1 << case_bits),
            pg: std::array::from_fn(|g| {
                if g < ngran {
                    entropy::probs(1 << gran_bits[g])
                } else {
                    Vec::new()
                }
            }),
        })
    }

    /// Reads up to [`CHUNK`] words, calling `f` with each (its bytes, valid
    /// UTF-8; its cluster ids; its capitalization bin). False once done.
    #[inline(never)]
    fn chunk<F: FnMut(&[u8], [u16; MAX_GRAN], u8)>(&mut self, f: &mut F) -> Result<bool, String> {
        for _ in 0..CHUNK {
            if self.left == 0 || self.d.overrun() {
                return Ok(false);
            }
            self.left -= 1;
            read_front_coded_one(&mut self.names, &mut self.prev)?;
            let case = self.d.tree(&mut self.pc, self.case_bits) as u8;
            let mut c = [NO_CLUSTER; MAX_GRAN];
            for (g, p) in self.pg.iter_mut().enumerate().take(self.ngran) {
                c[g] = self.d.tree(p, self.gran_bits[g]) as u16;
            }
            f(&self.prev, c, case);
        }
        Ok(true)
    }

    /// Reads every word, then checks that both streams ended where they
    /// should. Returns the number of granularities.
    pub(super) fn read_all<F: FnMut(&[u8], [u16; MAX_GRAN], u8)>(
        mut self,
        mut f: F,
    ) -> Result<usize, String> {
        let chunk: fn(&mut Self, &mut F) -> Result<bool, String> = Self::chunk::<F>;
        let chunk = std::hint::black_box(chunk);
        while chunk(&mut self, &mut f)? {}
        // a stream that ran out (overrun) left words unread
        if self.left != 0 && !self.d.overrun() {
            return Err("model words and classes disagree".to_string());
        }
        if self.names.remaining() != 0 {
            return Err("trailing bytes in model words".to_string());
        }
        self.d.finish()?;
        Ok(self.ngran)
    }
}

/// Reads one front-coded string into `prev` (which holds the string before
/// it); an error for a bad shared prefix or bytes that are not UTF-8.
#[inline]
fn read_front_coded_one(r: &mut Reader<'_>, prev: &mut Vec<u8>) -> Result<(), String> {
    let shared = r.varint()? as usize;
    let rest = r.varint()? as usize;
    if shared > prev.len() {
        return Err("bad shared prefix in model strings".to_string());
    }
    prev.truncate(shared);
    prev.extend_from_slice(r.bytes(rest)?);
    if std::str::from_utf8(prev).is_err() {
        return Err("invalid UTF-8 in model".to_string());
    }
    Ok(())
}

/// Where [`read_gazetteer`] puts the phrases: the raw list ([`ModelData`])
/// or the lookup table ([`Lexicon`]).
pub(super) trait PhraseSink {
    /// A group of `n` phrases begins.
    fn group(&mut self, n: usize);
    /// A phrase and its type mask.
    fn phrase(&mut self, p: &str, mask: u8);
}

impl PhraseSink for Vec<(String, u8)> {
    fn group(&mut self, n: usize) {
        self.reserve(n);
    }
    fn phrase(&mut self, p: &str, mask: u8) {
        self.push((p.to_string(), mask));
    }
}

impl PhraseSink for Lexicon {
    fn group(&mut self, n: usize) {
        self.reserve_phrases(n);
    }
    #[inline]
    fn phrase(&mut self, p: &str, mask: u8) {
        self.add_phrase(p, mask);
    }
}

/// Reads the gazetteer section into `sink` ([`CHUNK`] phrases per call of
/// the inner loop).
pub(super) fn read_gazetteer<S: PhraseSink>(gaz: &[u8], sink: &mut S) -> Result<(), String> {
    /// The phrase stream between chunks: the reader and the phrase before.
    struct Phrases<'a> {
        s: Reader<'a>,
        prev: Vec<u8>,
    }
    #[inline(never)]
    fn chunk<S: PhraseSink>(
        st: &mut Phrases<'_>,
        n: usize,
        m: u8,
        sink: &mut S,
    ) -> Result<(), String> {
        for _ in 0..n {
            read_front_coded_one(&mut st.s, &mut st.prev)?;
            // checked by read_front_coded_one
            if let Ok(p) = std::str::from_utf8(&st.prev) {
                sink.phrase(p, m);
            }
        }
        Ok(())
    }
    let mut st = Phrases {
        s: Reader::new(gaz),
        prev: Vec::new(),
    };
    let groups = st.s.varint()? as usize;
    if groups > 256 {
        return Err("bad gazetteer group count".to_string());
    }
    let chunk = std::hint::black_box(chunk::<S> as fn(&mut Phrases<'_>, usize, u8, &mut S) -> _);
    for _ in 0..groups {
        let m = st.s.u8()?;
        let n = st.s.varint()? as usize;
        if n > MAX_STRINGS || n.saturating_mul(2) > st.s.remaining() {
            return Err("model gazetteer count too large".to_string());
        }
        sink.group(n);
        st.prev.clear();
        let mut left = n;
        while left > 0 {
            let k = left.min(CHUNK);
            chunk(&mut st, k, m, sink)?;
            left -= k;
        }
    }
    if st.s.remaining() != 0 {
        return Err("trailing bytes in model gazetteer".to_string());
    }
    Ok(())
}
