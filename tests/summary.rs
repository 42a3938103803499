//! Summaries: the seed article, short texts, order, redundancy, BBC ROUGE.
// Uses the extraction engines: built with the `extract` feature (the default) only.
#![cfg(feature = "extract")]
#![cfg(not(target_arch = "wasm32"))]

mod common;
mod extract_common;
use common::{seed, shared};
use extract_common::*;
use lede::eval::{rouge, split_reference};
use lede::extract::{extract_keyphrases, summarize};
use lede::pipeline::{analyze, summarize_text, AnalyzeOptions};
use lede::text::TextLayer;

#[test]
fn seed_summary_starts_with_the_lede() {
    let text = seed();
    let layer = TextLayer::new(&text);
    let ents = seed_entities(&text);
    let kp = extract_keyphrases(&text, &layer, &ents, None, 10);
    let s = summarize(&text, &layer, &ents, &kp, 3);
    assert_eq!(s.len(), 3);
    // the seed's first paragraph has two sentences, so its lede shares its
    // paragraph and gets only part of the lead bonus (`Weights::lead_shared`):
    // it is still the first summary sentence, and it names the leader and
    // the visit; the story's next paragraph follows
    assert_eq!(s[0], 0);
    assert_eq!(s[1], 2);
    let first = &text[layer.sentences[s[0]].clone()];
    assert!(
        first.contains("Kim Jong Un") && first.contains("Shoigu"),
        "{first}"
    );
    assert!(s.windows(2).all(|w| w[0] < w[1]));
    // the byline is never a summary sentence
    assert!(!s.contains(&(layer.sentences.len() - 1)));
}

#[test]
fn analysis_summary_default_and_k() {
    let text = seed();
    let a = analyze(&text, &AnalyzeOptions::default()).unwrap();
    assert_eq!(a.summary.len(), 3);
    // the lede, though it shares its paragraph
    assert_eq!(a.summary[0].sentence, 0);
    for s in &a.summary {
        let sent = &a.sentences[s.sentence];
        assert_eq!((s.start, s.end), (sent.start, sent.end));
        assert!(!slice16(&text, s.start, s.end).is_empty());
    }
    let opts = AnalyzeOptions {
        summary: Some(5),
        ..Default::default()
    };
    assert_eq!(analyze(&text, &opts).unwrap().summary.len(), 5);
    assert_eq!(summarize_text(&text, 1).unwrap().len(), 1);
    assert_eq!(summarize_text(&text, 0).unwrap().len(), 0);
}

#[test]
fn short_texts_get_fewer_sentences() {
    assert_eq!(summarize_text("One sentence only.", 3).unwrap().len(), 1);
    let t = "Rain fell on Paris. The Seine rose two metres. Roads closed. Schools shut early. \
             Officials urged calm.";
    assert_eq!(summarize_text(t, 3).unwrap().len(), 2);
    assert!(summarize_text("   ", 3).is_err());
}

#[test]
fn repeated_sentences_are_not_picked_twice() {
    let t = "The central bank raised interest rates by half a point on Thursday. \
             Inflation has hit a thirty-year high across the country. \
             The central bank raised interest rates by half a point on Thursday. \
             Markets fell after the announcement in early trading. \
             Economists expect further increases before the end of the year. \
             The currency rose against the dollar. Mortgage holders face higher payments.";
    let layer = TextLayer::new(t);
    let s = summarize(t, &layer, &[], &[], 3);
    let texts: Vec<&str> = s.iter().map(|&i| &t[layer.sentences[i].clone()]).collect();
    let mut d = texts.clone();
    d.dedup();
    d.sort();
    d.dedup();
    assert_eq!(d.len(), 3, "{texts:?}");
}

#[test]
fn rouge_basics() {
    let r = rouge("The cat sat on the mat.", "The cat sat on the mat.");
    assert!((r.r1 - 1.0).abs() < 1e-9 && (r.r2 - 1.0).abs() < 1e-9 && (r.rl - 1.0).abs() < 1e-9);
    let r = rouge("Cats are sitting.", "The cat sat.");
    assert!(r.r1 > 0.0 && r.r2 == 0.0);
    assert_eq!(rouge("", "x").r1, 0.0);
    assert_eq!(
        split_reference("It rose 2.5% in May.Sales fell.He said firms. Done"),
        vec!["It rose 2.5% in May.", "Sales fell.", "He said firms. Done"]
    );
}

#[test]
fn bbc_summary_beats_lead_k() {
    let Some(file) = shared("bbc/bbc_news_summary.jsonl") else {
        return;
    };
    let ev = lede::eval::eval_summary(&file, Some(400)).unwrap();
    eprintln!("{}", ev.report());
    assert_eq!(ev.articles, 400);
    assert!(ev.lede.r2 > ev.lead.r2, "{}", ev.report());
}

#[test]
fn captions_datelines_and_credits_are_never_picked() {
    let text = "Monday, March 3, 2025\n\n\
                workers at the Dunmore plant in 2019.\n\n\
                The car maker Volta will close its plant in Dunmore next year, cutting 800 jobs, the company said on Monday.\n\n\
                The assembly line at the Dunmore plant, where Volta builds its small cars. Image: Karen Doyle.\n\n\
                By Sam Price\n\n\
                Volta blamed falling demand for small cars and the cost of energy for the closure of the plant.\n\n\
                Unions said they would fight the closure and called for talks with the government.\n\n\
                The plant opened in 1978 and once employed more than 3,000 people.";
    let layer = TextLayer::new(text);
    let bad = |i: usize| {
        let s = &text[layer.sentences[i].clone()];
        s.contains("Image:")
            || s.starts_with("Monday")
            || s.starts_with("workers")
            || s.starts_with("The assembly line")
            || s.starts_with("By Sam")
    };
    for k in 1..=4 {
        let pick = summarize(text, &layer, &[], &[], k);
        assert!(!pick.is_empty());
        assert!(!pick.iter().any(|&i| bad(i)), "k={k}: {pick:?}");
    }
}

#[test]
fn a_caption_only_text_still_gets_a_summary() {
    let text = "Crowds at the harbour on Sunday. Image: Lee Park.";
    assert_eq!(summarize_text(text, 3).unwrap().len(), 1);
}

#[test]
fn bbc_one_sentence_summaries() {
    let Some(p) = shared("bbc/bbc_news_summary.jsonl") else {
        return;
    };
    let ev = lede::eval::eval_short_summary(&p, Some(300)).unwrap();
    eprintln!("{}", ev.report());
    assert_eq!(ev.articles, 300);
    // a one-sentence summary against the headline is at least as good as
    // the first sentence
    assert!(ev.title[1].r2 >= ev.title[0].r2 - 0.005, "{}", ev.report());
}

#[test]
fn bbc_salient_entities_in_the_top_five() {
    let Some(p) = shared("bbc/bbc_news_summary.jsonl") else {
        return;
    };
    let gold = common::root().join("tests/data/bbc_salience.tsv");
    let ev = lede::eval::salience::eval_salience(&p, &gold).unwrap();
    eprintln!("{}", ev.report());
    assert_eq!(ev.articles, 45);
    assert!(ev.right >= ev.right_by_count, "{}", ev.report());
}

#[test]
fn sentence_weights_parse_over_the_defaults() {
    use lede::extract::summary::Weights;
    assert_eq!(Weights::parse(""), Ok(Weights::default()));
    let w = Weights::parse("lead=0.3, long=0.5").unwrap();
    assert_eq!((w.lead, w.long), (0.3, 0.5));
    assert_eq!(w.central, Weights::default().central);
    assert!(Weights::parse("nope=1").is_err());
    assert!(Weights::parse("lead").is_err());
    assert!(Weights::parse("lead=x").is_err());
}

#[test]
fn bbc_one_sentence_summary_without_the_title() {
    use lede::extract::summary::Weights;
    let Some(p) = shared("bbc/bbc_news_summary.jsonl") else {
        return;
    };
    // the default, and centrality alone (no position, no lead bonus)
    let grid = [
        Weights::default(),
        Weights::parse("lead=0,position=0,para=0").unwrap(),
    ];
    let ev = lede::eval::eval_one_summary(&p, Some(200), &grid).unwrap();
    eprintln!("{}", ev.report());
    assert_eq!(ev.lead.len(), 200);
    let (lead, default) = ev.mean(0, &|_| true);
    let (_, central) = ev.mean(1, &|_| true);
    // `summary: 1` is not worse than the first sentence against the headline
    assert!(default.title.1 >= lead.title.1 - 0.005, "{}", ev.report());
    // a headline is written from the lead: the most central sentence
    // matches it less well than the first one does
    assert!(central.title.1 < lead.title.1, "{central:?} vs {lead:?}");
    let cv = ev.cross_validate(5);
    assert!(cv.contains("5-fold CV means"), "{cv}");
}

#[test]
fn bbc_xsum_like_one_sentence_beats_the_lead_and_keeps_the_intro() {
    use lede::extract::summary::Weights;
    let Some(p) = shared("bbc/bbc_news_summary.jsonl") else {
        return;
    };
    // the defaults, and the old ones (one lead bonus, no bigram recurrence)
    let grid = [
        Weights::default(),
        Weights::parse("lead_shared=0.6,central=0.45,position=0.5,bigram=0,salient=0").unwrap(),
    ];
    let ev = lede::eval::eval_xsum(&p, Some(200), &grid).unwrap();
    eprintln!("{}", ev.report(0));
    assert_eq!(ev.lead.len(), 200);
    let (lead, oracle, lede) = ev.mean(0, &|_| true);
    let (_, _, old) = ev.mean(1, &|_| true);
    // with its intro cut off, the story's own first sentence is a poor
    // one-line summary; the default choice is better, the oracle better still
    assert!(lede.xsum.r2 > lead.xsum.r2 + 0.005, "{}", ev.report(0));
    assert!(lede.xsum.r2 > old.xsum.r2, "{}", ev.report(1));
    assert!(oracle.xsum.r2 > lede.xsum.r2, "{}", ev.report(0));
    // with the intro there, the one-line summary is still as good as the
    // intro against the headline, and k sentences beat lead-k
    assert!(
        lede.headline.r2 >= lead.headline.r2 - 0.0005,
        "{}",
        ev.report(0)
    );
    assert!(lede.multi.r2 > lead.multi.r2, "{}", ev.report(0));
}

#[test]
fn the_intro_is_picked_when_it_is_there_and_the_story_when_it_is_cut() {
    let story = "The firm's film division had a weak year. \
                 Harland said its broadband sales rose 12% in the quarter. \
                 Its profits were also lifted by one-off gains.\n\n\
                 Chief executive Mary Stone said the broadband business would keep growing. \
                 Harland's profits for the full year rose 25% to $3.1bn.\n\n\
                 Analysts said profits at Harland had beaten their forecasts, thanks to broadband sales.";
    let intro = "Profits at the media group Harland jumped 40% to $900m in the three months \
                 to December, helped by strong broadband sales.";
    // with its intro, a paragraph of its own, the intro is the summary
    let full = format!("{intro}\n\n{story}");
    let layer = TextLayer::new(&full);
    assert_eq!(summarize(&full, &layer, &[], &[], 1), [0]);
    // without it, the lead shares its paragraph and gets a third of the bonus: the
    // sentence that says the story in its recurring words is chosen, not
    // the weak opening line
    let layer = TextLayer::new(story);
    let pick = summarize(story, &layer, &[], &[], 1);
    assert_eq!(pick.len(), 1);
    let s = &story[layer.sentences[pick[0]].clone()];
    assert!(!s.starts_with("The firm's film"), "{s}");
    assert!(s.contains("Harland") && s.contains("broadband"), "{s}");
}
