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
