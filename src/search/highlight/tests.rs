//! The byte-read sentence edges against the splitter's, on chosen text and
//! on the BBC corpus when it is present.

use super::edges::{chunk_end, chunk_start, next_chunk_end, prev_chunk_start};
use super::regions::{analyzed_boundaries, simple_terminal};

/// Every chunk with a terminal mark of `text`: the boundaries read from
/// bytes (when [`simple_terminal`] takes the chunk) equal the analyzed ones.
fn same_boundaries(text: &str) -> usize {
    let mut taken = 0;
    for (k, _) in text.match_indices(['.', '!', '?']) {
        let cs = chunk_start(text, k);
        let ce = chunk_end(text, cs);
        let (mut fs, mut fe) = (Vec::new(), Vec::new());
        if !simple_terminal(text, cs, ce, &mut fs, &mut fe) {
            continue;
        }
        taken += 1;
        let from = prev_chunk_start(text, cs);
        let to = next_chunk_end(text, ce);
        let (mut s, mut e) = (Vec::new(), Vec::new());
        analyzed_boundaries(cs, ce, &text[from..to], from, &mut s, &mut e);
        assert_eq!((fs, fe), (s, e), "at {:?}", &text[cs..ce]);
    }
    taken
}

#[test]
fn plain_sentence_ends_read_from_bytes_match_the_splitter() {
    let text = "The bank raised rates. Shares fell 3% on Monday. It was No. 1 in \
                sales. Is it over? the board asked. Profits rose!\nA new line. \
                Costs were up by 5. 2004 was worse. He said no. 5 more came.\n\n\
                next paragraph starts here. Mr. Smith left. Talks ended.";
    // the plain chunks (`rates.`, `Monday.`, `over?`, `sales.`, `rose!`, ...)
    assert!(same_boundaries(text) >= 8);
    let (mut s, mut e) = (Vec::new(), Vec::new());
    let k = text.find("rates.").unwrap_or(0);
    assert!(simple_terminal(text, k, k + 6, &mut s, &mut e));
    assert_eq!(e, vec![k + 6]);
    assert_eq!(s, vec![k + 7]);
    // a lower-case word after the mark continues the sentence
    let k = text.find("over?").unwrap_or(0);
    let (mut s, mut e) = (Vec::new(), Vec::new());
    assert!(simple_terminal(text, k, k + 5, &mut s, &mut e));
    assert!(s.is_empty() && e.is_empty());
}

#[test]
fn quoted_sentence_ends_and_decimals_read_from_bytes_match_the_splitter() {
    let text = "He said: \"We will win.\" The crowd cheered. It was \"modest\". \
                Analysts agreed. Profits rose 6.4% to $1.13bn (\u{a3}600m). \"It was \
                fine,\" he said. \"We lost.\" it said. Prices were \"weak\". 'Still' \
                fell. Trade rose. (Again) it rose? \"Why?\" No. \"5\" came. Up 2.5... \
                Then 14.27 million.\n\nA \"quote.\"";
    assert!(same_boundaries(text) >= 12);
    let at = |w: &str| {
        let k = text.find(w).unwrap_or(0);
        let (mut s, mut e) = (Vec::new(), Vec::new());
        let taken = simple_terminal(text, k, k + w.len(), &mut s, &mut e);
        (taken, s, e, k + w.len())
    };
    // the closing quote belongs to the sentence; the next starts at `The`
    let (taken, s, e, end) = at("win.\"");
    assert!(taken);
    assert_eq!(e, vec![end]);
    assert_eq!(s, vec![end + 1]);
    // a mark after the quote, then an opening quote: a boundary
    let (taken, s, e, end) = at("agreed.");
    assert!(taken && e == vec![end] && s == vec![end + 1]);
    // a lower-case word after `lost."` continues the sentence
    let (taken, s, e, _) = at("lost.\"");
    assert!(taken && s.is_empty() && e.is_empty());
    // decimals hold no boundary; an ellipsis after one is analyzed
    let (taken, s, e, _) = at("$1.13bn");
    assert!(taken && s.is_empty() && e.is_empty());
    assert!(!at("2.5...").0);
    // the text's last chunk ends the last sentence
    let (taken, s, e, end) = at("quote.\"");
    assert!(taken && s.is_empty() && e == vec![end]);
}

#[test]
fn plain_sentence_ends_match_the_splitter_on_news_text() {
    let Ok(jsonl) = std::fs::read_to_string("../shared/data/bbc/bbc_news_summary.jsonl") else {
        return;
    };
    let mut taken = 0;
    for line in jsonl.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if let Some(text) = v.get("text").and_then(|t| t.as_str()) {
            taken += same_boundaries(text);
        }
    }
    assert!(taken > 30_000);
}

/// The UTF-16 length read from bytes equals the encoder's count, for text
/// with characters of one to four bytes (`£`, `é`, `—`, `😀`) and every
/// slice of it that starts and ends at character edges.
#[test]
fn utf16_len_from_bytes_is_the_encoders() {
    use super::marks::utf16_len;
    let text = "Prices rose 3% to £1.2bn — café owners said, \"no 😀 here\".\u{2028}Ünd.";
    let edges: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    for &a in &edges {
        for &b in edges.iter().filter(|&&b| b >= a) {
            let s = &text[a..b];
            assert_eq!(utf16_len(s), s.encode_utf16().count(), "{s:?}");
        }
    }
}

/// The seed articles (`seeds/*.txt`), a text of hard cases (curly quotes,
/// accents, emoji, CJK, abbreviations, a word and its mark before a line
/// break or at the text end), and the first 300 BBC articles when present.
fn walk_texts() -> Vec<String> {
    let mut texts = vec![
        "\u{201c}We\u{2019}re done,\u{201d} said Mr. Smith of the U.S. Treasury. Caf\u{e9} \
         owners, na\u{ef}ve; 😀 emoji, 東京都は月曜日、計画を発表した。 No. 5 came: \
         (yes) it rose 6.4% to $1.13bn, ok?\nNew line! e.g. end.\r\n\tTabs, too.  Last,"
            .to_string(),
        "word".to_string(),
        "   ".to_string(),
        String::new(),
    ];
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut seeds: Vec<_> = std::fs::read_dir(&dir)
        .map(|r| r.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    seeds.sort();
    for p in seeds
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
    {
        if let Ok(t) = std::fs::read_to_string(p) {
            texts.push(t);
        }
    }
    assert!(texts.len() >= 25, "the seed articles are missing");
    if let Ok(jsonl) = std::fs::read_to_string("../shared/data/bbc/bbc_news_summary.jsonl") {
        for line in jsonl.lines().take(300) {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                texts.push(t.to_string());
            }
        }
    }
    texts
}

/// The walk one chunk at a time (no fast pass): the walker's state before
/// each chunk, its checkpoints as [`TextMarks::new`] places them and the
/// complex chunks' counts.
fn chunk_walk(text: &str) -> (Vec<(usize, usize, usize, usize)>, TextMarks) {
    use super::marks::{chunk_tokens, utf16_len, Checkpoint, Walker};
    use super::CHECKPOINT_BYTES;
    let mut w = Walker::new();
    let mut states = vec![(w.byte, w.u16, w.token, w.complex)];
    let (mut checkpoints, mut counts) = (Vec::new(), Vec::new());
    let mut next = CHECKPOINT_BYTES;
    while let Some(c) = w.next_chunk(text) {
        if c.start >= next {
            checkpoints.push(Checkpoint {
                token: c.token as u32,
                byte: c.start as u32,
                utf16: c.start16 as u32,
                complex: w.complex as u32,
            });
            next = c.start + CHECKPOINT_BYTES;
        }
        match c.simple(text) {
            Some(n) => w.pass(&c, n, false),
            None => {
                let n = chunk_tokens(text, &c).len();
                counts.push(n.min(255) as u8);
                w.pass(&c, n, true);
            }
        }
        states.push((w.byte, w.u16, w.token, w.complex));
    }
    let rest = text.get(w.byte..).map_or(0, utf16_len);
    let marks = TextMarks {
        len16: (w.u16 + rest) as u32,
        checkpoints,
        counts,
    };
    (states, marks)
}

use super::marks::TextMarks;

/// The marks made with plain words and a word and its mark passed without
/// a chunk each equal those of the walk one chunk at a time.
#[test]
fn marks_with_the_fast_pass_equal_the_chunk_walk() {
    let texts = walk_texts();
    for t in &texts {
        assert_eq!(TextMarks::new(t), chunk_walk(t).1, "{:?}", t.get(..60));
    }
    // the hard-cases text has complex chunks and several token shapes
    let (_, m) = chunk_walk(&texts[0]);
    assert!(m.counts.len() >= 5, "{:?}", m.counts);
}

/// [`Walker::pass_plain`](super::marks::Walker::pass_plain) stops only where
/// the chunk walk stops too (a chunk edge, same byte, UTF-16 and token
/// counts), never past the chunk holding the token it walks to, within
/// the byte budget, and before a chunk it takes only when that chunk holds
/// the token or the budget ends; and on news text it takes most chunks
/// (plain words, and a word with its mark: `said,`).
#[test]
fn the_fast_pass_stops_where_the_chunk_walk_does() {
    use super::marks::Walker;
    let (mut taken, mut chunks) = (0usize, 0usize);
    // made-up texts over a small alphabet (letters, digits, whitespace,
    // marks, a two-byte letter, a CJK one) to meet every block edge: words
    // of every length, marks and wide characters at every byte of a block
    let alphabet = [
        "a", "Z", "9", " ", " ", "\n", "\t", ",", ".", "\u{e9}", "\u{6771}", "  ",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut made = Vec::new();
    for len in 1..400 {
        let mut t = String::new();
        for _ in 0..len % 60 + 1 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            // runs of letters, so words reach the block's length and more
            let k = (seed % 40) as usize;
            t.push_str(
                alphabet
                    .get(k)
                    .copied()
                    .unwrap_or(if k % 3 == 0 { "b" } else { "q" }),
            );
        }
        made.push(t);
    }
    for t in walk_texts().iter().take(60).chain(&made) {
        let (states, _) = chunk_walk(t);
        let tokens = states.last().map_or(0, |s| s.2);
        // from every chunk edge, to tokens near it and far
        let starts = states.iter().take(states.len().saturating_sub(1));
        let tries = starts.flat_map(|&from| {
            [0, 1, 2, 3, 50, tokens + 1 - from.2]
                .into_iter()
                .flat_map(move |d| [(from, from.2 + d, usize::MAX), (from, from.2 + d, 40)])
        });
        for (from, p, budget) in tries {
            let mut w = Walker::new();
            (w.byte, w.u16, w.token, w.complex) = from;
            let walked = w.pass_plain(t, p, 0, budget);
            assert!(walked <= budget && walked == w.byte - from.0);
            let Some(k) = states.iter().position(|s| s.0 == w.byte) else {
                panic!("{p}: stopped at byte {} of {:?}", w.byte, t.get(..60));
            };
            let s = states[k];
            assert_eq!((s.1, s.2, s.3), (w.u16, w.token, w.complex), "{p}");
            assert!(w.token <= p, "{p}");
            // a chunk ending before p that the pass takes was taken
            // (unless the budget stopped it)
            if let Some(next) = states.get(k + 1) {
                let fits = next.0 - from.0 <= budget;
                assert!(!(p >= next.2 && fits && passable(t, w.byte)), "{p}");
            }
        }
        for s in states.iter().take(states.len().saturating_sub(1)) {
            chunks += 1;
            taken += usize::from(passable(t, s.0));
        }
    }
    // the fast pass takes most chunks (news text, and words and spaces)
    assert!(taken * 10 >= chunks * 7, "{taken} of {chunks}");
}

/// Whether the chunk after byte `b` is one the fast pass takes: a plain
/// word or a word and one mark (`said,`, not `Mr.`), after ASCII
/// whitespace and before ASCII whitespace or the text end.
fn passable(text: &str, b: usize) -> bool {
    let rest = &text.as_bytes()[b..];
    let Some(ws) = rest
        .iter()
        .position(|&x| !matches!(x, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
    else {
        return false;
    };
    let chunk: Vec<u8> = rest[ws..]
        .iter()
        .copied()
        .take_while(|&x| !x.is_ascii_whitespace() && x != 0x0b)
        .collect();
    let ended = rest.get(ws + chunk.len()).map_or(true, |&x| {
        matches!(x, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
    });
    ended && chunk.is_ascii() && super::marks::simple_count(&chunk).is_some()
}
