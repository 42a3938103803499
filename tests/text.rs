//! The text layer on real text: the seed article, BBC articles, and random Unicode.
// Uses the extraction engines: built with the `extract` feature (the default) only.
#![cfg(feature = "extract")]
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use lede::pipeline::errors::{
    check_budget, check_date, decode_text, estimate_tokens, quoted, MAX_TOKENS,
};
use lede::pipeline::{analyze, decode_utf8, AnalyzeOptions, LedeError};
use lede::text::{fold, tokenize, OffsetMap, TextLayer, TokenKind};
use proptest::prelude::*;

#[test]
fn seed_splits_into_twelve_sentences() {
    let text = seed();
    let layer = TextLayer::new(&text);
    let sents: Vec<&str> = layer.sentences.iter().map(|r| &text[r.clone()]).collect();
    assert_eq!(sents.len(), 12, "{sents:#?}");
    assert_eq!(
        sents[0],
        "North Korean leader Kim Jong Un showcased his most advanced weapons to Russian Defense Minister Sergey Shoigu."
    );
    assert_eq!(
        sents[1],
        "Russia is one of the few nations with whom Pyongyang maintains friendly relations."
    );
    assert!(sents[9].ends_with("big successes”, KCNA added."));
    assert_eq!(sents[11], "Marie de La Roche Saint-André, with AFP");
    assert_eq!(layer.paragraphs.len(), 11);
}

#[test]
fn seed_tokens_follow_news_rules() {
    let text = seed();
    let toks = tokenize(&text);
    let words: Vec<&str> = toks.iter().map(|t| t.text(&text)).collect();
    for w in [
        "Hwasong-17",
        "Hwasong-18",
        "Covid-19",
        "Seoul-based",
        "solid-fuel",
        "Saint-André",
        "UAVs",
        "70th",
    ] {
        assert!(words.contains(&w), "missing token {w}");
    }
    // possessives split off: Russia’s → Russia + ’s
    let i = words.iter().position(|w| *w == "Russia").unwrap();
    assert!(
        words.windows(2).any(|p| p == ["Russia", "’s"]),
        "{:?}",
        &words[i..i + 3]
    );
    assert!(!words.iter().any(|w| w.ends_with("’s") && w.len() > 4));
    let andre = toks
        .iter()
        .find(|t| t.text(&text) == "Saint-André")
        .unwrap();
    assert_eq!(andre.norm, "saint-andre");
    assert_eq!(andre.shape(&text), "Xxxxx-Xxxxx");
    let q = toks.iter().find(|t| t.text(&text) == "“").unwrap();
    assert_eq!(q.kind, TokenKind::Punct);
    assert_eq!(q.norm, "\"");
}

#[test]
fn analysis_ranges_slice_exactly_in_utf16() {
    let text = seed();
    let a = analyze(&text, &with_tokens()).unwrap();
    let toks = a.tokens.as_deref().unwrap();
    assert_eq!(a.sentences.len(), 12);
    // the curly-quoted and accented spans
    let quoted = toks
        .iter()
        .position(|t| slice16(&text, t.start, t.end) == "Weapons")
        .unwrap();
    assert_eq!(
        slice16(&text, toks[quoted - 1].start, toks[quoted - 1].end),
        "“"
    );
    assert!(toks
        .iter()
        .any(|t| slice16(&text, t.start, t.end) == "Saint-André" && t.norm == "saint-andre"));
    let last = a.sentences.last().unwrap();
    assert_eq!(
        slice16(&text, last.start, last.end),
        "Marie de La Roche Saint-André, with AFP"
    );
    for t in toks {
        assert_eq!(fold(&slice16(&text, t.start, t.end)), t.norm);
    }
}

fn with_tokens() -> AnalyzeOptions {
    AnalyzeOptions {
        tokens: Some(true),
        ..AnalyzeOptions::default()
    }
}

#[test]
fn tokens_are_listed_only_when_asked_for() {
    let text = seed();
    let lean = analyze(&text, &AnalyzeOptions::default()).unwrap();
    let full = analyze(&text, &with_tokens()).unwrap();
    assert!(lean.tokens.is_none());
    assert_eq!(
        full.tokens.as_ref().map(Vec::len),
        Some(TextLayer::new(&text).tokens.len())
    );
    // everything else is the same analysis
    let mut full_json: serde_json::Value = serde_json::to_value(&full).unwrap();
    let lean_json: serde_json::Value = serde_json::to_value(&lean).unwrap();
    assert!(lean_json.get("tokens").is_none());
    full_json.as_object_mut().unwrap().remove("tokens");
    assert_eq!(full_json, lean_json);
    assert!(
        serde_json::to_string(&lean).unwrap().len() * 2
            < serde_json::to_string(&full).unwrap().len()
    );
}

#[test]
fn bbc_articles_tokenize_and_split_sanely() {
    let Some(arts) = bbc_articles(300) else {
        return;
    };
    assert!(arts.len() >= 300);
    let mut sentences = 0usize;
    let mut words = 0usize;
    for (_title, text) in &arts {
        let layer = TextLayer::new(text);
        for t in &layer.tokens {
            let s = t.text(text);
            assert!(
                !s.is_empty() && !s.contains(char::is_whitespace),
                "bad token {s:?}"
            );
        }
        // tokens are ordered and disjoint
        for w in layer.tokens.windows(2) {
            assert!(w[0].end <= w[1].start);
        }
        for r in &layer.sentences {
            let s = &text[r.clone()];
            // no sentence starts with a lower-case letter after a split inside an abbreviation
            assert!(
                !s.starts_with("S.") && !s.starts_with("K."),
                "suspicious split: {s:?}"
            );
            words += s.split_whitespace().count();
        }
        sentences += layer.sentences.len();
    }
    let avg = words as f64 / sentences as f64;
    // news sentences average 18–30 words; a broken splitter is far off
    assert!((15.0..35.0).contains(&avg), "average sentence length {avg}");
}

#[test]
fn bbc_money_percent_and_abbreviations() {
    let text = "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the three months to December. Mr. Blair met U.S. officials on Jan. 5 in St. Louis. He said so.";
    let layer = TextLayer::new(text);
    let words: Vec<&str> = layer.tokens.iter().map(|t| t.text(text)).collect();
    for w in ["76%", "$1.13bn", "£600m", "Mr.", "U.S.", "Jan.", "St."] {
        assert!(words.contains(&w), "{w} not one token: {words:?}");
    }
    assert_eq!(layer.sentences.len(), 3);
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let o = AnalyzeOptions::default();
    assert_eq!(analyze("", &o).unwrap_err(), LedeError::Empty);
    assert_eq!(analyze(" \n\t ", &o).unwrap_err(), LedeError::Empty);
    assert_eq!(analyze("abc\0def", &o).unwrap_err(), LedeError::Binary);
    let ctrl: String = (0..200).map(|i| char::from(1 + (i % 7) as u8)).collect();
    assert_eq!(analyze(&ctrl, &o).unwrap_err(), LedeError::Binary);
    assert!(matches!(
        decode_utf8(b"ok \xff\xfe"),
        Err(LedeError::NotUtf8 { offset: 3 })
    ));
    assert_eq!(decode_utf8(b"\xEF\xBB\xBFhi").unwrap(), "hi");
    let huge = "a ".repeat(lede::pipeline::MAX_TEXT_BYTES / 2 + 1);
    assert!(matches!(
        analyze(&huge, &o),
        Err(LedeError::TooLarge { .. })
    ));
}

#[test]
fn too_many_tokens_is_refused_before_the_pipeline_runs() {
    // issue 14, case 1: 8,000,000 commas cost 4.3 GB native (4 GiB, the whole
    // of wasm32, in the browser); now a clear error, found in one pass
    let o = AnalyzeOptions::default();
    for n in [8_000_000, 6_000_000, MAX_TOKENS + 1] {
        let commas = ",".repeat(n);
        assert_eq!(estimate_tokens(&commas), n);
        let e = analyze(&commas, &o).unwrap_err();
        assert_eq!(e, LedeError::OverBudget { tokens: n });
        let m = e.to_string();
        assert!(m.contains("too many") && m.contains(&format!("the limit is {MAX_TOKENS}")));
        assert!(m.contains("1024 MiB"), "{m}");
    }
    assert!(check_budget(&",".repeat(MAX_TOKENS)).is_ok());
    // under the budget still works, and analyzing is what it was
    let a = analyze(&",".repeat(1000), &with_tokens()).unwrap();
    assert_eq!(a.tokens.map(|t| t.len()), Some(1000));
    assert_eq!(analyze(&seed(), &o).unwrap().sentences.len(), 12);
}

#[test]
fn the_token_estimate_bounds_the_tokenizer_and_stays_close_on_news() {
    let text = seed();
    let real = TextLayer::new(&text).tokens.len();
    let est = estimate_tokens(&text);
    assert!(
        est >= real && est * 10 <= real * 12,
        "seed: {est} vs {real}"
    );
    let Some(arts) = bbc_articles(300) else {
        return;
    };
    let (mut est_all, mut real_all) = (0, 0);
    for (title, body) in &arts {
        let t = format!("{title}\n\n{body}");
        let real = TextLayer::new(&t).tokens.len();
        let est = estimate_tokens(&t);
        assert!(est >= real, "{title}: {est} < {real}");
        est_all += est;
        real_all += real;
    }
    // within 20 % over 300 BBC articles: the budget is not a lie about news
    assert!(est_all * 10 <= real_all * 12, "{est_all} vs {real_all}");
}

#[test]
fn dates_with_trailing_junk_are_refused_and_quoted_in_part() {
    // issue 14, case 9
    for ok in [
        "2023-07-27",
        "2024-02-29",
        "2023-07-27T10:30Z",
        "2023-07-27T10:30:00.5+02:00",
        "2023-07-27 10:30:00",
    ] {
        assert!(check_date(ok).is_ok(), "{ok}");
    }
    for bad in [
        "2023-07-27xyz",
        "2023-07-27 ",
        "2023-02-29",
        "2023-13-01",
        "0000-01-01",
        "23-07-27",
        "2023-7-27",
        "+2023-07-27",
        "2023-07-27T25:00",
        "2023-07-27T10:30junk",
        "",
    ] {
        let e = check_date(bad).unwrap_err().to_string();
        assert!(e.contains("date must be YYYY-MM-DD"), "{bad}: {e}");
    }
    let long = format!("2023-07-27{}", "x".repeat(1 << 20));
    let e = check_date(&long).unwrap_err().to_string();
    assert!(e.len() < 120 && e.ends_with('…'), "{e}");
    assert_eq!(quoted("short"), "\"short\"");
    assert_eq!(quoted(&"é".repeat(41)), format!("\"{}\"…", "é".repeat(40)));
}

#[test]
fn a_bom_counts_as_one_character_and_reads_as_a_space() {
    // issue 14, case 9: `lede analyze` of a file with a BOM gives the offsets
    // JS `analyze` gives for the same text (the BOM is index 0 of the JS
    // string), and the first word is the same word
    let text = seed();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    let with = decode_text(&bytes).unwrap();
    let o = with_tokens();
    let a = analyze(&with, &o).unwrap();
    let b = analyze(&text, &o).unwrap();
    let (at, bt) = (a.tokens.as_deref().unwrap(), b.tokens.as_deref().unwrap());
    assert_eq!(at.len(), bt.len());
    for (x, y) in at.iter().zip(bt) {
        assert_eq!((x.start, x.end, &x.norm), (y.start + 1, y.end + 1, &y.norm));
    }
    let js = format!("\u{feff}{text}");
    let first = at.first().unwrap();
    assert_eq!(slice16(&js, first.start, first.end), "North");
    assert_eq!(a.entities.len(), b.entities.len());
    assert_eq!(a.mentions.len(), b.mentions.len());
    for (x, y) in a.mentions.iter().zip(&b.mentions) {
        assert_eq!((x.start, &x.text), (y.start + 1, &y.text));
    }
    // without a BOM, the text is what the file holds
    assert_eq!(decode_text(text.as_bytes()).unwrap(), text.as_str());
    assert_eq!(decode_text(b"\xEF\xBB\xBF").unwrap().chars().count(), 1);
    assert!(matches!(decode_text(b"a\0b"), Err(LedeError::Binary)));
}

fn unicode_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Kim",
        "Jong",
        "Un",
        "André",
        "Saint-André",
        "’s",
        "“",
        "”",
        "‘",
        "’",
        "\"",
        ".",
        ",",
        "—",
        "😀",
        "👩‍👩‍👧",
        "🇰🇷",
        "北京",
        "東京都",
        "e\u{301}",
        "n\u{303}",
        "Hwasong-17",
        "$1.13bn",
        "76%",
        "U.S.",
        "Mr.",
        "...",
        "…",
        " ",
        " ",
        " ",
        "\n",
        "\n\n",
        "https://x.org/a",
        "a@b.co",
        "1,000.5",
        "\u{200d}",
        "\u{fe0f}",
        "ß",
        "İ",
        "Σ",
        "-",
        "'",
        "x",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn every_token_maps_to_an_exact_utf16_slice(text in unicode_text()) {
        let map = OffsetMap::new(&text);
        let layer = TextLayer::new(&text);
        for t in &layer.tokens {
            let s = map.span(t.range());
            prop_assert_eq!(slice16(&text, s.start, s.end), &text[t.range()]);
            prop_assert_eq!(map.byte_range(s), t.range());
        }
        for r in layer.sentences.iter().chain(layer.paragraphs.iter()) {
            let s = map.span(r.clone());
            prop_assert_eq!(slice16(&text, s.start, s.end), &text[r.clone()]);
        }
    }

    #[test]
    fn the_token_estimate_is_an_upper_bound(text in unicode_text()) {
        let real = TextLayer::new(&text).tokens.len();
        prop_assert!(estimate_tokens(&text) >= real, "{} < {}", estimate_tokens(&text), real);
    }

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        let _ = analyze(&text, &AnalyzeOptions::default());
        let map = OffsetMap::new(&text);
        for t in tokenize(&text) {
            let s = map.span(t.range());
            prop_assert_eq!(slice16(&text, s.start, s.end), &text[t.range()]);
        }
    }
}

/// The token estimate by its definition, a character at a time: runs of
/// letters (ASCII, or alphabetic below U+0E00) and of digits count one
/// token each, every other character that is not a space one.
fn estimate_by_chars(text: &str) -> usize {
    #[derive(PartialEq, Clone, Copy)]
    enum Run {
        None,
        Letters,
        Digits,
    }
    let (mut n, mut run) = (0, Run::None);
    for c in text.chars() {
        let now = if c.is_ascii_alphabetic() {
            Run::Letters
        } else if c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric()) {
            Run::Digits
        } else if !c.is_ascii() && c.is_alphabetic() && (c as u32) < 0x0E00 {
            Run::Letters
        } else {
            Run::None
        };
        if now == Run::None {
            n += usize::from(!c.is_whitespace());
        } else if now != run {
            n += 1;
        }
        run = now;
    }
    n
}

#[test]
fn the_token_estimate_reads_bytes_as_its_definition_reads_characters() {
    let mut texts = vec![
        seed(),
        "Zürich\u{a0}2024年\u{3000}\u{b}x\u{c}١٢٣ Ωmega—«quoted» 42nd\r\n\t".to_string(),
        "\u{1c}\u{1f}\u{85}\u{2028}a1b2 ".repeat(50),
    ];
    if let Some(arts) = bbc_articles(50) {
        texts.extend(arts.into_iter().map(|(t, b)| format!("{t}\n\n{b}")));
    }
    for t in &texts {
        let head: String = t.chars().take(40).collect();
        assert_eq!(estimate_tokens(t), estimate_by_chars(t), "{head}");
    }
}

proptest! {
    #[test]
    fn the_token_estimate_matches_its_definition_on_any_text(text in "\\PC{0,200}") {
        prop_assert_eq!(estimate_tokens(&text), estimate_by_chars(&text));
    }
}
