//! Quote attribution on PolNeAR: each article's gold attributions (source,
//! cue and content spans, in code points) against what `extract_quotes`
//! finds, matched by overlap of the content and scored for the content, the
//! speaker and the cue, with precision, recall and F1 ([`super::Prf`]).

use super::Prf;
use crate::extract::quotes::extract_quotes;
use crate::text::TextLayer;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

/// Scores of quote extraction on PolNeAR.
#[derive(Debug, Clone, Default)]
pub struct QuoteEval {
    /// Articles read.
    pub articles: usize,
    /// Gold direct quotes.
    pub gold: usize,
    /// Predicted quotes (interrupted quotes sharing a cue count once).
    pub predicted: usize,
    /// Quote detection.
    pub detection: Prf,
    /// Speaker right when `speaker_span` overlaps the gold source.
    pub speaker_overlap: Prf,
    /// Speaker right when `speaker_span` equals the gold source.
    pub speaker_exact: Prf,
    /// Predictions left out because they lie inside an annotated indirect attribution.
    pub ignored: usize,
    /// Quote detection counting every prediction.
    pub strict_detection: Prf,
    /// Speaker (overlap) counting every prediction.
    pub strict_speaker_overlap: Prf,
}

impl QuoteEval {
    /// A human-readable report.
    pub fn report(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "PolNeAR direct quotes: {} articles, {} gold quotes, {} predicted",
            self.articles, self.gold, self.predicted
        );
        let _ = writeln!(s, "quote detection:   {}", self.detection);
        let _ = writeln!(s, "speaker (overlap): {}", self.speaker_overlap);
        let _ = writeln!(s, "speaker (exact):   {}", self.speaker_exact);
        let _ = writeln!(
            s,
            "({} quoted fragments inside annotated indirect speech left out; counting them: detection {}, speaker (overlap) {})",
            self.ignored, self.strict_detection, self.strict_speaker_overlap
        );
        s
    }
}

/// A predicted attribution in code points: content, speaker, cue.
type Pred = (Range<usize>, Option<Range<usize>>, Option<Range<usize>>);

/// A gold attribution from a brat `.ann` file, in code points.
#[derive(Debug, Clone)]
struct GoldAttr {
    content: Range<usize>,
    source: Option<Range<usize>>,
}

fn parse_ann(ann: &str) -> Vec<GoldAttr> {
    let mut spans: std::collections::HashMap<&str, Range<usize>> = Default::default();
    let mut events = Vec::new();
    for line in ann.lines() {
        let mut f = line.split('\t');
        let (Some(id), Some(body)) = (f.next(), f.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let Some((_, rest)) = body.split_once(' ') else {
                continue;
            };
            let mut lo = usize::MAX;
            let mut hi = 0;
            for frag in rest.split(';') {
                let mut n = frag
                    .split_whitespace()
                    .filter_map(|x| x.parse::<usize>().ok());
                if let (Some(a), Some(b)) = (n.next(), n.next()) {
                    lo = lo.min(a);
                    hi = hi.max(b);
                }
            }
            if lo < hi {
                spans.insert(id, lo..hi);
            }
        } else if id.starts_with('E') {
            let mut content = None;
            let mut source = None;
            for part in body.split_whitespace() {
                if let Some((role, t)) = part.split_once(':') {
                    if role == "Content" {
                        content = Some(t);
                    } else if role == "Source" {
                        source = Some(t);
                    }
                }
            }
            events.push((content, source));
        }
    }
    events
        .into_iter()
        .filter_map(|(c, s)| {
            Some(GoldAttr {
                content: spans.get(c?)?.clone(),
                source: s.and_then(|s| spans.get(s).cloned()),
            })
        })
        .collect()
}

fn is_mark(c: char) -> bool {
    crate::text::is_quote_char(c)
}

/// True when the content (code-point range over `chars`) is enclosed in
/// quotation marks: it starts with an opening mark or right after one, and
/// ends with a closing mark (trailing punctuation allowed) or right before one.
fn enclosed(chars: &[char], r: &Range<usize>) -> bool {
    let mut s = r.start;
    let mut e = r.end.min(chars.len());
    while s < e && chars[s].is_whitespace() {
        s += 1;
    }
    while e > s && chars[e - 1].is_whitespace() {
        e -= 1;
    }
    if s >= e {
        return false;
    }
    let starts = is_mark(chars[s]) || (s > 0 && is_mark(chars[s - 1]));
    let mut ee = e;
    while ee > s && matches!(chars[ee - 1], '.' | ',' | '?' | '!' | ';' | ':') {
        ee -= 1;
    }
    let ends = (ee > s && is_mark(chars[ee - 1]))
        || (e < chars.len() && is_mark(chars[e]))
        || (ee > s && ee < e && is_mark(chars[ee]));
    starts && ends && e - s > 2
}

fn ov(a: &Range<usize>, b: &Range<usize>) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// Byte offset → code-point offset table for `text`.
pub(super) fn cp_table(text: &str) -> Vec<usize> {
    let mut t = vec![0; text.len() + 1];
    let mut n = 0;
    for (b, c) in text.char_indices() {
        for k in 0..c.len_utf8() {
            t[b + k] = n;
        }
        n += 1;
    }
    t[text.len()] = n;
    t
}

/// Runs quote extraction over PolNeAR's `DIR/text` and `DIR/attributions`
/// (first annotator's file per article, sorted by name) and scores direct quotes.
pub fn eval_quotes(dir: &Path) -> Result<QuoteEval, String> {
    let tdir = dir.join("text");
    let adir = dir.join("attributions");
    let mut names: Vec<String> = std::fs::read_dir(&tdir)
        .map_err(|e| format!("cannot read {}: {e}", tdir.display()))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    let mut anns: Vec<String> = std::fs::read_dir(&adir)
        .map_err(|e| format!("cannot read {}: {e}", adir.display()))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".ann"))
        .collect();
    anns.sort();
    let mut ev = QuoteEval::default();
    let (mut tp_pred, mut tp_gold) = (0, 0);
    let (mut sp_pred, mut sp_gold, mut n_pred_sp, mut n_gold_sp) = (0, 0, 0, 0);
    let (mut sx_pred, mut sx_gold) = (0, 0);
    let (mut strict_pred, mut strict_pred_sp) = (0, 0);
    for name in &names {
        let stem = name.trim_end_matches(".txt");
        let prefix = format!("{stem}_");
        let Some(ann) = anns.iter().find(|a| {
            a.strip_prefix(&prefix)
                .is_some_and(|rest| !rest.trim_end_matches(".ann").contains('_'))
        }) else {
            continue;
        };
        let text = std::fs::read_to_string(tdir.join(name))
            .map_err(|e| format!("cannot read {name}: {e}"))?;
        let ann_text = std::fs::read_to_string(adir.join(ann))
            .map_err(|e| format!("cannot read {ann}: {e}"))?;
        let chars: Vec<char> = text.chars().collect();
        let all = parse_ann(&ann_text);
        let (gold, indirect): (Vec<GoldAttr>, Vec<GoldAttr>) =
            all.into_iter().partition(|g| enclosed(&chars, &g.content));
        ev.articles += 1;
        let layer = TextLayer::new(&text);
        let q = extract_quotes(&text, &layer, &[]);
        let cp = cp_table(&text);
        // interrupted quotes sharing a cue are one attribution
        let mut preds: Vec<Pred> = Vec::new();
        for x in &q.quotes {
            let c = cp[x.range.start]..cp[x.range.end];
            let s = x.speaker_span.as_ref().map(|s| cp[s.start]..cp[s.end]);
            if let Some(last) = preds.last_mut() {
                // one attribution: an interrupted quote sharing its cue, or a
                // quote that carries on the previous one's speaker
                let same_cue = x.cue.is_some() && last.2 == x.cue;
                let carried = x.cue.is_none()
                    && s.is_some()
                    && s == last.1
                    && c.start.saturating_sub(last.0.end) < 400;
                if same_cue || carried {
                    last.0.end = c.end;
                    continue;
                }
            }
            preds.push((c, s, x.cue.clone()));
        }
        ev.gold += gold.len();
        // a quoted fragment inside an annotated indirect attribution (`said the
        // plan was “a disaster”`) is neither right nor wrong against direct quotes
        let ignored = |p: &Range<usize>| {
            !gold
                .iter()
                .any(|g| 2 * ov(p, &g.content) >= g.content.len())
                && indirect.iter().any(|g| 2 * ov(p, &g.content) >= p.len())
        };
        for p in &preds {
            strict_pred += 1;
            if p.1.is_some() {
                strict_pred_sp += 1;
            }
        }
        preds.retain(|p| !ignored(&p.0));
        ev.predicted += preds.len();
        let matches = |p: &Range<usize>, g: &Range<usize>| 2 * ov(p, g) >= g.len();
        let sp_ok = |p: &Option<Range<usize>>, g: &Option<Range<usize>>| match (p, g) {
            (Some(p), Some(g)) => ov(p, g) > 0,
            _ => false,
        };
        let sp_exact = |p: &Option<Range<usize>>, g: &Option<Range<usize>>| match (p, g) {
            (Some(p), Some(g)) => p == g,
            _ => false,
        };
        for p in &preds {
            let m: Vec<&GoldAttr> = gold.iter().filter(|g| matches(&p.0, &g.content)).collect();
            if !m.is_empty() {
                tp_pred += 1;
            }
            if p.1.is_some() {
                n_pred_sp += 1;
                if m.iter().any(|g| sp_ok(&p.1, &g.source)) {
                    sp_pred += 1;
                }
                if m.iter().any(|g| sp_exact(&p.1, &g.source)) {
                    sx_pred += 1;
                }
            }
        }
        for g in &gold {
            let m: Vec<_> = preds.iter().filter(|p| matches(&p.0, &g.content)).collect();
            if !m.is_empty() {
                tp_gold += 1;
            }
            if g.source.is_some() {
                n_gold_sp += 1;
                if m.iter().any(|p| sp_ok(&p.1, &g.source)) {
                    sp_gold += 1;
                }
                if m.iter().any(|p| sp_exact(&p.1, &g.source)) {
                    sx_gold += 1;
                }
            }
        }
        if std::env::var_os("LEDE_EVAL_DEBUG").is_some() {
            debug_article(&text, &cp, &gold, &preds);
        }
    }
    ev.detection = Prf::new(tp_pred, ev.predicted, tp_gold, ev.gold);
    ev.speaker_overlap = Prf::new(sp_pred, n_pred_sp, sp_gold, n_gold_sp);
    ev.speaker_exact = Prf::new(sx_pred, n_pred_sp, sx_gold, n_gold_sp);
    ev.strict_detection = Prf::new(tp_pred, strict_pred, tp_gold, ev.gold);
    ev.strict_speaker_overlap = Prf::new(sp_pred, strict_pred_sp, sp_gold, n_gold_sp);
    ev.ignored = strict_pred - ev.predicted;
    Ok(ev)
}

fn debug_article(text: &str, cp: &[usize], gold: &[GoldAttr], preds: &[Pred]) {
    let chars: Vec<char> = text.chars().collect();
    let _ = cp;
    let sl = |r: &Range<usize>| -> String {
        chars[r.start.min(chars.len())..r.end.min(chars.len())]
            .iter()
            .collect::<String>()
            .replace('\n', " ")
    };
    let short = |s: String| -> String { s.chars().take(70).collect() };
    for g in gold {
        let m = preds
            .iter()
            .find(|p| 2 * ov(&p.0, &g.content) >= g.content.len());
        let tag = match m {
            None => "MISS".to_string(),
            Some(p) => match (&p.1, &g.source) {
                (Some(ps), Some(gs)) if ov(ps, gs) > 0 => "OK".to_string(),
                (ps, _) => format!("SPK[{}]", ps.as_ref().map(&sl).unwrap_or_default()),
            },
        };
        let ctx_b = sl(&(g.content.start.saturating_sub(80)..g.content.start));
        let ctx_a = sl(&(g.content.end..g.content.end + 60));
        eprintln!(
            "G {tag}\t{}\t<= {}\t|| {ctx_b} [[...]] {ctx_a}",
            short(sl(&g.content)),
            g.source.as_ref().map(&sl).unwrap_or_default()
        );
    }
    for p in preds {
        if !gold
            .iter()
            .any(|g| 2 * ov(&p.0, &g.content) >= g.content.len())
        {
            eprintln!(
                "P FP\t{}\t<= {}",
                short(sl(&p.0)),
                p.1.as_ref().map(&sl).unwrap_or_default()
            );
        }
    }
}
