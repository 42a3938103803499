//! Training (feature `train`): averaged structured perceptron, two stages
//! with jackknifed first-stage labels, pruning and quantization.

pub mod clusters;

use crate::extract::ner::conll::{eval_indices, read_conll, ConllDoc, EvalReport, TypeCounts};
use crate::extract::ner::features::{lowercase_into, token_features, DocCtx, FeatConfig, Stage1};
use crate::extract::ner::format::{encode_model, sections, ModelData};
use crate::extract::ner::lexicon::{Lexicon, LexiconData, MAX_GRAN, NO_CLUSTER};
use crate::extract::ner::model::{Calibration, QuantWeights, MAX_CALIB_POINTS};
use crate::extract::ner::viterbi::{allowed, viterbi};
use crate::extract::ner::{
    label_index, spans, EntitySpan, EntityType, NerModel, NerTag, NUM_LABELS,
};
use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::time::Instant;

const L: usize = NUM_LABELS;

/// Training options.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Perceptron epochs per stage.
    pub epochs: usize,
    /// Random seed (sentence order).
    pub seed: u64,
    /// Use only the first `n` training sentences (for quick tests).
    pub max_sentences: Option<usize>,
    /// Evaluate on only the first `n` dev sentences (for quick tests).
    pub max_dev_sentences: Option<usize>,
    /// Train a second stage with document-level label features.
    pub two_stage: bool,
    /// Folds used to produce jackknifed first-stage labels.
    pub folds: usize,
    /// Word-cluster file (`word<TAB>id<TAB>id...`), if any.
    pub clusters: Option<PathBuf>,
    /// Gazetteer file (`TYPE<TAB>phrase`), if any.
    pub gazetteer: Option<PathBuf>,
    /// Document-level case features.
    pub doc_features: bool,
    /// Experimental feature bits (1: cluster bigrams, 2: table rows).
    pub experimental: u32,
    /// Template ids to switch off (experiments; the written model does not
    /// record this, so only the float dev scores are meaningful).
    pub off: u64,
    /// Disable context aggregation features.
    pub no_agg: bool,
    /// Drop features whose largest absolute averaged weight is below this.
    pub prune: f32,
    /// Quantile of absolute weights mapped to the largest quantized value
    /// (larger weights are clamped); 1.0 keeps the maximum.
    pub quant_clip: f64,
    /// Bytes per stored weight (1 = i8, 2 = i16).
    pub width: u8,
    /// Print progress.
    pub verbose: bool,
    /// Cross-validation folds on the training file (0: none).
    pub cv: usize,
    /// Stop after cross-validation (exploring configurations).
    pub cv_only: bool,
    /// More CoNLL files added to the training data of the written model
    /// (not to cross-validation).
    pub extra_train: Vec<PathBuf>,
    /// Further pruning thresholds (above `prune`) to measure: size and dev
    /// F1 of the same model pruned harder, printed, not written.
    pub prune_sweep: Vec<f32>,
    /// A model file whose confidence calibration the written model takes
    /// (fitted by an earlier run's cross-validation of the same
    /// configuration), instead of cross-validating again.
    pub calib_from: Option<PathBuf>,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 12,
            seed: 1,
            max_sentences: None,
            max_dev_sentences: None,
            two_stage: true,
            folds: 10,
            clusters: None,
            gazetteer: None,
            doc_features: true,
            no_agg: false,
            experimental: 0,
            off: 0,
            prune: 1.0,
            width: 1,
            quant_clip: 1.0,
            verbose: true,
            cv: 0,
            cv_only: false,
            extra_train: Vec::new(),
            prune_sweep: Vec::new(),
            calib_from: None,
        }
    }
}

/// What training produced.
#[derive(Debug, Clone)]
pub struct TrainReport {
    /// Dev scores of the unpruned float model.
    pub dev_unpruned: Option<EvalReport>,
    /// Dev scores of the shipped (pruned, quantized) model.
    pub dev_final: Option<EvalReport>,
    /// Size of the written model in bytes.
    pub model_bytes: usize,
    /// Feature rows kept per stage.
    pub features: Vec<usize>,
    /// Wall-clock training time in seconds.
    pub seconds: f64,
    /// Cross-validation figures, when asked for.
    pub cv: Option<CvReport>,
}

/// Converts IOB1/IOB2 gold tags of a sentence to internal BILOU indices.
pub(crate) fn gold_indices(tags: &[Option<String>]) -> Vec<u8> {
    // First resolve each token to (type, begins-an-entity).
    let mut parts: Vec<Option<(EntityType, bool)>> = Vec::with_capacity(tags.len());
    let mut prev: Option<EntityType> = None;
    for t in tags {
        let t = t.as_deref().unwrap_or("O");
        let (p, ty) = match t.split_once('-') {
            Some((p, ty)) => (p, EntityType::parse(ty)),
            None => (t, None),
        };
        match ty {
            None => {
                parts.push(None);
                prev = None;
            }
            Some(ty) => {
                parts.push(Some((ty, p == "B" || prev != Some(ty))));
                prev = Some(ty);
            }
        }
    }
    (0..parts.len())
        .map(|i| match parts[i] {
            None => 0,
            Some((ty, begin)) => {
                let next_continues =
                    matches!(parts.get(i + 1), Some(Some((t2, false))) if *t2 == ty);
                let k = match (begin, next_continues) {
                    (true, true) => 0,
                    (false, true) => 1,
                    (false, false) => 2,
                    (true, false) => 3,
                };
                label_index(ty, k)
            }
        })
        .collect()
}

fn read_docs(path: &Path) -> Result<Vec<ConllDoc>, String> {
    let f = File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    read_conll(BufReader::new(f)).map_err(|e| format!("{}: {e}", path.display()))
}

/// Cluster-file rows: word, cluster ids, capitalization bin.
pub type ClusterRows = Vec<(String, [u16; MAX_GRAN], u8)>;

/// Reads a cluster file: `word<TAB>case<TAB>c1<TAB>c2...` (lines starting
/// with `#` ignored); `case` is the capitalization bin (0-5).
pub fn read_clusters(path: &Path) -> Result<(usize, ClusterRows), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut words = Vec::new();
    let mut ngran = 0;
    for line in text.lines() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let w = cols.next().unwrap_or("").to_string();
        let case: u8 = cols
            .next()
            .and_then(|x| x.parse().ok())
            .ok_or_else(|| format!("bad case bin in {line:?}"))?;
        let mut c = [NO_CLUSTER; MAX_GRAN];
        let mut n = 0;
        for (i, x) in cols.take(MAX_GRAN).enumerate() {
            c[i] = x
                .parse()
                .map_err(|_| format!("bad cluster id in {line:?}"))?;
            n = i + 1;
        }
        ngran = ngran.max(n);
        words.push((w, c, case));
    }
    Ok((ngran, words))
}

/// Reads a gazetteer file: `TYPE<TAB>phrase` (phrase tokens separated by spaces).
pub fn read_gazetteer(path: &Path) -> Result<Vec<(String, u8)>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut m: HashMap<String, u8> = HashMap::new();
    for line in text.lines() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if let Some((ty, phrase)) = line.split_once('\t') {
            if let Some(t) = EntityType::parse(ty) {
                let mut p = String::new();
                lowercase_into(phrase.trim(), &mut p);
                *m.entry(p).or_insert(0) |= 1 << t.index();
            }
        }
    }
    let mut v: Vec<(String, u8)> = m.into_iter().collect();
    v.sort();
    Ok(v)
}

/// A featurized sentence: feature ids per token and gold labels.
struct Sent {
    feats: Vec<u32>,
    off: Vec<u32>,
    gold: Vec<u8>,
}

impl Sent {
    fn tok(&self, i: usize) -> &[u32] {
        &self.feats[self.off[i] as usize..self.off[i + 1] as usize]
    }
    fn len(&self) -> usize {
        self.gold.len()
    }
}

/// Feature key -> dense id map (grown on training data only).
#[derive(Default)]
struct FeatMap {
    ids: HashMap<u32, u32>,
    keys: Vec<u32>,
}

impl FeatMap {
    fn id(&mut self, k: u32, grow: bool) -> Option<u32> {
        if let Some(&i) = self.ids.get(&k) {
            return Some(i);
        }
        if !grow {
            return None;
        }
        let i = self.keys.len() as u32;
        self.ids.insert(k, i);
        self.keys.push(k);
        Some(i)
    }
}

struct Ctx<'a> {
    lex: &'a Lexicon,
    cfg: FeatConfig,
}

fn featurize(
    ctx: &Ctx<'_>,
    doc: &DocCtx,
    gold: &[Vec<u8>],
    stage1: Option<&Stage1>,
    fm: &mut FeatMap,
    grow: bool,
) -> Vec<Sent> {
    let mut out = Vec::with_capacity(doc.sents.len());
    let mut buf = Vec::with_capacity(128);
    for (si, s) in doc.sents.iter().enumerate() {
        let mut feats = Vec::with_capacity(s.len() * 60);
        let mut off = vec![0u32];
        for i in 0..s.len() {
            buf.clear();
            token_features(doc, si, i, ctx.cfg, ctx.lex.ngran, stage1, &mut buf);
            for &k in &buf {
                if let Some(id) = fm.id(k, grow) {
                    feats.push(id);
                }
            }
            off.push(feats.len() as u32);
        }
        out.push(Sent {
            feats,
            off,
            gold: gold[si].clone(),
        });
    }
    out
}

/// Dense float weights (rows of `L`) plus transitions.
#[derive(Clone)]
struct Dense {
    w: Vec<f32>,
    trans: Vec<f32>,
}

impl Dense {
    fn decode(&self, s: &Sent, scores: &mut Vec<f32>, out: &mut Vec<u8>) {
        let n = s.len();
        scores.clear();
        scores.resize(n * L, 0.0);
        for i in 0..n {
            let acc = &mut scores[i * L..(i + 1) * L];
            for &f in s.tok(i) {
                let r = &self.w[f as usize * L..(f as usize + 1) * L];
                for (a, x) in acc.iter_mut().zip(r) {
                    *a += *x;
                }
            }
        }
        viterbi(scores, n, &self.trans, out);
    }

    fn decode_docs(&self, docs: &[Vec<Sent>]) -> Vec<Vec<Vec<u8>>> {
        let mut scores = Vec::new();
        docs.iter()
            .map(|d| {
                d.iter()
                    .map(|s| {
                        let mut o = Vec::new();
                        self.decode(s, &mut scores, &mut o);
                        o
                    })
                    .collect()
            })
            .collect()
    }
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Averaged structured perceptron. `dev` (documents + gold) is scored after
/// every epoch when given.
fn perceptron(
    sents: &[&Sent],
    nfeat: usize,
    epochs: usize,
    seed: u64,
    dev: Option<(&[Vec<Sent>], &[ConllDoc])>,
    label: &str,
    verbose: bool,
) -> Dense {
    let mut w = vec![0f32; nfeat * L];
    let mut u = vec![0f32; nfeat * L];
    let mut tw = vec![0f32; (L + 1) * L];
    let mut tu = vec![0f32; (L + 1) * L];
    let mut c = 1f32;
    let mut order: Vec<usize> = (0..sents.len()).collect();
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut scores = Vec::new();
    let mut pred = Vec::new();
    let avg = |w: &[f32], u: &[f32], c: f32| -> Vec<f32> {
        w.iter().zip(u).map(|(a, b)| a - b / c).collect()
    };
    for ep in 0..epochs {
        let t0 = Instant::now();
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut errors = 0usize;
        for &si in &order {
            let s = sents[si];
            // Score with current weights.
            let n = s.len();
            scores.clear();
            scores.resize(n * L, 0.0);
            for i in 0..n {
                let acc = &mut scores[i * L..(i + 1) * L];
                for &f in s.tok(i) {
                    let r = &w[f as usize * L..(f as usize + 1) * L];
                    for (a, x) in acc.iter_mut().zip(r) {
                        *a += *x;
                    }
                }
            }
            viterbi(&scores, n, &tw, &mut pred);
            if pred != s.gold {
                errors += 1;
                for i in 0..n {
                    let (g, p) = (s.gold[i] as usize, pred[i] as usize);
                    if g != p {
                        for &f in s.tok(i) {
                            let b = f as usize * L;
                            w[b + g] += 1.0;
                            u[b + g] += c;
                            w[b + p] -= 1.0;
                            u[b + p] -= c;
                        }
                    }
                    let gp = if i == 0 { L } else { s.gold[i - 1] as usize };
                    let pp = if i == 0 { L } else { pred[i - 1] as usize };
                    if gp != pp || g != p {
                        if allowed(gp, g) {
                            tw[gp * L + g] += 1.0;
                            tu[gp * L + g] += c;
                        }
                        tw[pp * L + p] -= 1.0;
                        tu[pp * L + p] -= c;
                    }
                }
            }
            c += 1.0;
        }
        if verbose {
            let mut msg = format!(
                "[{label}] epoch {} errors {} ({:.1}s)",
                ep + 1,
                errors,
                t0.elapsed().as_secs_f64()
            );
            if let Some((dsents, ddocs)) = dev {
                let d = Dense {
                    w: avg(&w, &u, c),
                    trans: avg(&tw, &tu, c),
                };
                let rep = eval_indices(ddocs, &d.decode_docs(dsents));
                msg.push_str(&format!(" dev F1 {:.2}", rep.f1()));
            }
            eprintln!("{msg}");
        }
    }
    Dense {
        w: avg(&w, &u, c),
        trans: avg(&tw, &tu, c),
    }
}

fn doc_gold(d: &ConllDoc) -> Vec<Vec<u8>> {
    d.gold.iter().map(|g| gold_indices(g)).collect()
}

fn rows_from_dense(fm: &FeatMap, d: &Dense, prune: f32) -> Vec<(u32, [f32; L])> {
    let mut rows: Vec<(u32, [f32; L])> = Vec::new();
    for (i, &k) in fm.keys.iter().enumerate() {
        let r = &d.w[i * L..(i + 1) * L];
        let m = r.iter().fold(0f32, |a, x| a.max(x.abs()));
        if m > 0.0 && m >= prune {
            let mut a = [0f32; L];
            a.copy_from_slice(r);
            rows.push((k, a));
        }
    }
    rows.sort_by_key(|r| r.0);
    rows
}

/// Keeps only the first `max` sentences.
fn truncate_docs(docs: &mut Vec<ConllDoc>, max: usize) {
    let mut left = max;
    docs.retain_mut(|d| {
        if left == 0 {
            return false;
        }
        let k = d.sentences.len().min(left);
        d.sentences.truncate(k);
        d.gold.truncate(k);
        left -= k;
        true
    });
}

/// Everything read once for training: the lexicon, the feature switches,
/// and each document's analysis and gold labels.
struct Corpus {
    docs: Vec<ConllDoc>,
    ctx: Vec<DocCtx>,
    gold: Vec<Vec<Vec<u8>>>,
}

impl Corpus {
    fn new(docs: Vec<ConllDoc>, lex: &Lexicon) -> Corpus {
        let ctx = docs
            .iter()
            .map(|d| DocCtx::build(&d.sentences, lex))
            .collect();
        let gold = docs.iter().map(doc_gold).collect();
        Corpus { docs, ctx, gold }
    }
}

/// Trains both stages on the documents `idx` of `tr`; scores `dev` (if any)
/// after every epoch. Returns each stage's (unpruned) rows and transitions,
/// and the float model's dev report.
#[allow(clippy::type_complexity)]
fn fit(
    ctx: &Ctx<'_>,
    tr: &Corpus,
    idx: &[usize],
    dev: Option<&Corpus>,
    opts: &TrainOptions,
) -> (Vec<StageRows>, Option<EvalReport>) {
    let mut fm1 = FeatMap::default();
    let tr1: Vec<Vec<Sent>> = idx
        .iter()
        .map(|&i| featurize(ctx, &tr.ctx[i], &tr.gold[i], None, &mut fm1, true))
        .collect();
    let dv1: Vec<Vec<Sent>> = dev.map_or_else(Vec::new, |d| {
        d.ctx
            .iter()
            .zip(&d.gold)
            .map(|(c, g)| featurize(ctx, c, g, None, &mut fm1, false))
            .collect()
    });
    if opts.verbose {
        eprintln!("stage 1: {} features", fm1.keys.len());
    }
    let dev_eval = dev.map(|d| (dv1.as_slice(), d.docs.as_slice()));
    let all1: Vec<&Sent> = tr1.iter().flatten().collect();
    let m1 = perceptron(
        &all1,
        fm1.keys.len(),
        opts.epochs,
        opts.seed,
        dev_eval,
        "stage1",
        opts.verbose,
    );
    let dev_pred1 = m1.decode_docs(&dv1);
    let mut dev_report = dev.map(|d| eval_indices(&d.docs, &dev_pred1));
    let mut stages = vec![(rows_from_dense(&fm1, &m1, opts.prune), m1.trans.clone())];
    if opts.two_stage {
        // Jackknifed stage-1 labels for the training documents.
        let folds = opts.folds.max(2).min(idx.len().max(2));
        let mut jack: Vec<Vec<Vec<u8>>> = vec![Vec::new(); idx.len()];
        for f in 0..folds {
            let sub: Vec<&Sent> = tr1
                .iter()
                .enumerate()
                .filter(|(i, _)| i % folds != f)
                .flat_map(|(_, d)| d.iter())
                .collect();
            let mf = perceptron(
                &sub,
                fm1.keys.len(),
                opts.epochs,
                opts.seed.wrapping_add(f as u64 + 1),
                None,
                &format!("fold{f}"),
                false,
            );
            for (i, d) in tr1.iter().enumerate() {
                if i % folds == f {
                    jack[i] = mf
                        .decode_docs(std::slice::from_ref(d))
                        .pop()
                        .unwrap_or_default();
                }
            }
        }
        let mut fm2 = FeatMap::default();
        let tr2: Vec<Vec<Sent>> = idx
            .iter()
            .zip(jack)
            .map(|(&i, j)| {
                let s1 = Stage1::new(&tr.ctx[i], j);
                featurize(ctx, &tr.ctx[i], &tr.gold[i], Some(&s1), &mut fm2, true)
            })
            .collect();
        let dv2: Vec<Vec<Sent>> = dev.map_or_else(Vec::new, |d| {
            d.ctx
                .iter()
                .zip(&d.gold)
                .zip(dev_pred1)
                .map(|((c, g), p)| {
                    let s1 = Stage1::new(c, p);
                    featurize(ctx, c, g, Some(&s1), &mut fm2, false)
                })
                .collect()
        });
        if opts.verbose {
            eprintln!("stage 2: {} features", fm2.keys.len());
        }
        let all2: Vec<&Sent> = tr2.iter().flatten().collect();
        let m2 = perceptron(
            &all2,
            fm2.keys.len(),
            opts.epochs,
            opts.seed ^ 0xABCD,
            dev.map(|d| (dv2.as_slice(), d.docs.as_slice())),
            "stage2",
            opts.verbose,
        );
        dev_report = dev.map(|d| eval_indices(&d.docs, &m2.decode_docs(&dv2)));
        stages.push((rows_from_dense(&fm2, &m2, opts.prune), m2.trans.clone()));
    }
    (stages, dev_report)
}

/// One trained stage: its feature rows (key, weights) and transitions.
type StageRows = (Vec<(u32, [f32; L])>, Vec<f32>);

/// Quantizes the stages and writes the model bytes.
fn build_model(
    cfg: FeatConfig,
    lexd: &LexiconData,
    stages: &[StageRows],
    opts: &TrainOptions,
    calib: &Calibration,
) -> Vec<u8> {
    let quant: Vec<QuantWeights> = stages
        .iter()
        .map(|(rows, trans)| QuantWeights::quantize(rows, trans, opts.width, opts.quant_clip))
        .collect();
    encode_model(cfg, lexd, quant, calib)
}

/// The size of a model file and of each of its sections, raw and deflated
/// (level 9, what gzip on the download does), one line each.
pub fn size_report(bytes: &[u8]) -> String {
    let deflated = |b: &[u8]| miniz_oxide::deflate::compress_to_vec(b, 9).len();
    let mut out = format!(
        "size: model {} bytes raw, {} deflated",
        bytes.len(),
        deflated(bytes)
    );
    for (name, at, len) in sections(bytes).unwrap_or_default() {
        let b = bytes.get(at..at + len).unwrap_or_default();
        out.push_str(&format!(
            "\n  {name:<10} {:>8} raw {:>8} deflated",
            b.len(),
            deflated(b)
        ));
    }
    out
}

/// Rewrites the model file `input` (any version the reader knows) in the
/// current format to `output`: the same lexicon, keys and weights, so the
/// tagger's output does not change. Returns the size report of the result.
pub fn reencode_model(input: &Path, output: &Path) -> Result<String, String> {
    let bytes = std::fs::read(input).map_err(|e| format!("{}: {e}", input.display()))?;
    let data = ModelData::decode(&bytes)?;
    let out = data.encode();
    // the new bytes must read back to a model that scores as the old one
    ModelData::decode(&out)?;
    std::fs::write(output, &out).map_err(|e| format!("{}: {e}", output.display()))?;
    Ok(size_report(&out))
}

/// Temperatures tried for the span posteriors (the one whose calibrated
/// curve has the lowest Brier score on held-out folds is kept).
const TEMPS: [f32; 6] = [2.0, 4.0, 8.0, 16.0, 32.0, 64.0];

/// One predicted span on held-out text: its raw posterior at each of
/// [`TEMPS`] and whether it is right (exact span and type).
#[derive(Clone, Debug)]
pub struct HeldOutSpan {
    /// Raw posterior of the predicted type at each temperature.
    pub raw: [f32; TEMPS.len()],
    /// Whether the span and type match the gold standard.
    pub correct: bool,
}

/// The predicted spans of `docs` with raw posteriors and correctness.
fn held_out_spans(model: &NerModel, docs: &[ConllDoc]) -> Vec<HeldOutSpan> {
    let mut out: Vec<HeldOutSpan> = Vec::new();
    for d in docs {
        let gold: Vec<Vec<EntitySpan>> = d
            .gold
            .iter()
            .map(|g| {
                let tags: Vec<NerTag> = gold_indices(g)
                    .into_iter()
                    .map(NerTag::from_index)
                    .collect();
                spans(&tags)
            })
            .collect();
        let mut first = true;
        let mut base = out.len();
        for (ti, &t) in TEMPS.iter().enumerate() {
            let (labels, post) = model.raw_posteriors(&d.sentences, t);
            let mut k = base;
            for ((ls, ps), gs) in labels.iter().zip(post).zip(&gold) {
                let tags: Vec<NerTag> = ls.iter().map(|&l| NerTag::from_index(l)).collect();
                for (sp, p) in spans(&tags).into_iter().zip(ps) {
                    let v = p[sp.kind.index()];
                    if first {
                        out.push(HeldOutSpan {
                            raw: [0.0; TEMPS.len()],
                            correct: gs.contains(&sp),
                        });
                    }
                    if let Some(h) = out.get_mut(k) {
                        h.raw[ti] = v;
                    }
                    k += 1;
                }
            }
            first = false;
            base = base.min(out.len());
        }
    }
    out
}

/// Isotonic (pool-adjacent-violators) fit of correctness on one raw score,
/// over equal-count bins, as a monotone curve of at most
/// [`MAX_CALIB_POINTS`] points.
fn isotonic(pairs: &mut [(f32, bool)]) -> Vec<(f32, f32)> {
    if pairs.is_empty() {
        return Vec::new();
    }
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let nb = (MAX_CALIB_POINTS / 2).min(pairs.len());
    // (mean x, mean y, weight) per equal-count bin
    let mut blocks: Vec<(f64, f64, f64)> = Vec::new();
    for b in 0..nb {
        let lo = b * pairs.len() / nb;
        let hi = (b + 1) * pairs.len() / nb;
        if hi <= lo {
            continue;
        }
        let w = (hi - lo) as f64;
        let x = pairs[lo..hi].iter().map(|p| f64::from(p.0)).sum::<f64>() / w;
        let y = pairs[lo..hi].iter().filter(|p| p.1).count() as f64 / w;
        blocks.push((x, y, w));
        // pool adjacent violators
        while blocks.len() >= 2 {
            let (b2, b1) = (blocks[blocks.len() - 1], blocks[blocks.len() - 2]);
            if b1.1 <= b2.1 {
                break;
            }
            blocks.pop();
            blocks.pop();
            let w = b1.2 + b2.2;
            blocks.push((
                (b1.0 * b1.2 + b2.0 * b2.2) / w,
                (b1.1 * b1.2 + b2.1 * b2.2) / w,
                w,
            ));
        }
    }
    let mut pts: Vec<(f32, f32)> = Vec::with_capacity(blocks.len());
    for (x, y, _) in blocks {
        let (x, y) = (x.clamp(0.0, 1.0) as f32, y.clamp(0.0, 1.0) as f32);
        match pts.last() {
            Some(&(px, _)) if x <= px => {}
            _ => pts.push((x, y)),
        }
    }
    pts
}

/// Fits the calibration on held-out spans: for each temperature an
/// isotonic curve; keeps the temperature with the lowest Brier score.
pub(crate) fn fit_calibration(spans: &[HeldOutSpan]) -> (Calibration, f64) {
    let mut best = (Calibration::default(), f64::INFINITY);
    for (ti, &t) in TEMPS.iter().enumerate() {
        let mut pairs: Vec<(f32, bool)> = spans.iter().map(|h| (h.raw[ti], h.correct)).collect();
        let cal = Calibration {
            temp: t,
            points: isotonic(&mut pairs),
        };
        let brier = brier(&cal, spans, ti);
        if brier < best.1 {
            best = (cal, brier);
        }
    }
    best
}

fn brier(cal: &Calibration, spans: &[HeldOutSpan], ti: usize) -> f64 {
    if spans.is_empty() {
        return 0.0;
    }
    spans
        .iter()
        .map(|h| {
            let p = f64::from(cal.apply(h.raw[ti]));
            let y = if h.correct { 1.0 } else { 0.0 };
            (p - y) * (p - y)
        })
        .sum::<f64>()
        / spans.len() as f64
}

/// A reliability table: for each tenth of calibrated confidence, the spans
/// in it, their mean confidence and the share right.
pub(crate) fn reliability(cal: &Calibration, spans: &[HeldOutSpan]) -> String {
    let ti = TEMPS.iter().position(|&t| t == cal.temp).unwrap_or(0);
    let mut bins = [(0usize, 0f64, 0usize); 10];
    for h in spans {
        let p = cal.apply(h.raw[ti]);
        let b = ((p * 10.0) as usize).min(9);
        bins[b].0 += 1;
        bins[b].1 += f64::from(p);
        bins[b].2 += usize::from(h.correct);
    }
    let mut s = String::from(
        "| confidence | spans | mean confidence | share right |\n| --- | --- | --- | --- |\n",
    );
    for (b, (n, sum, right)) in bins.iter().enumerate() {
        if *n == 0 {
            continue;
        }
        s.push_str(&format!(
            "| {:.1}–{:.1} | {} | {:.3} | {:.3} |\n",
            b as f64 / 10.0,
            (b + 1) as f64 / 10.0,
            n,
            sum / *n as f64,
            *right as f64 / *n as f64
        ));
    }
    s.push_str(&format!(
        "\nBrier score {:.4} over {} spans (temperature {}).\n",
        brier(cal, spans, ti),
        spans.len(),
        cal.temp
    ));
    s
}

/// Adds `b`'s counts to `a`.
fn add_counts(a: &mut TypeCounts, b: &TypeCounts) {
    a.correct += b.correct;
    a.guessed += b.guessed;
    a.gold += b.gold;
}

/// What [`cross_validate`] measured.
#[derive(Debug, Clone, Default)]
pub struct CvReport {
    /// Shipped-form (pruned, quantized) F1 of each fold.
    pub fold_f1: Vec<f64>,
    /// Micro-averaged counts over all folds, overall and per type.
    pub overall: TypeCounts,
    /// Per-type counts over all folds.
    pub per_type: std::collections::BTreeMap<String, TypeCounts>,
    /// Predicted spans of every held-out fold (for calibration).
    pub spans: Vec<HeldOutSpan>,
}

impl CvReport {
    /// Mean of the folds' F1.
    pub fn mean_f1(&self) -> f64 {
        if self.fold_f1.is_empty() {
            return 0.0;
        }
        self.fold_f1.iter().sum::<f64>() / self.fold_f1.len() as f64
    }
}

impl std::fmt::Display for CvReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.fold_f1.len() as f64;
        let m = self.mean_f1();
        let sd = (self.fold_f1.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0).max(1.0))
            .sqrt();
        writeln!(
            f,
            "CV {} folds: mean F1 {:.2} (sd {:.2}); micro F1 {:.2}; folds {:?}",
            self.fold_f1.len(),
            m,
            sd,
            self.overall.f1(),
            self.fold_f1
                .iter()
                .map(|x| (x * 100.0).round() / 100.0)
                .collect::<Vec<_>>()
        )?;
        for (t, c) in &self.per_type {
            writeln!(
                f,
                "  {t:5} P {:.2} R {:.2} F1 {:.2}",
                c.precision(),
                c.recall(),
                c.f1()
            )?;
        }
        Ok(())
    }
}

/// K-fold cross-validation by documents (document `i` is in fold `i % k`):
/// each fold is tagged by a model trained (both stages, pruned and
/// quantized, as shipped) on the other folds.
fn cross_validate(
    ctx: &Ctx<'_>,
    lexd: &LexiconData,
    tr: &Corpus,
    k: usize,
    opts: &TrainOptions,
) -> Result<CvReport, String> {
    let k = k.clamp(2, tr.docs.len().max(2));
    let mut rep = CvReport::default();
    let quiet = TrainOptions {
        verbose: false,
        ..opts.clone()
    };
    for f in 0..k {
        let t0 = Instant::now();
        let idx: Vec<usize> = (0..tr.docs.len()).filter(|i| i % k != f).collect();
        let held: Vec<ConllDoc> = (0..tr.docs.len())
            .filter(|i| i % k == f)
            .map(|i| tr.docs[i].clone())
            .collect();
        let (stages, _) = fit(ctx, tr, &idx, None, &quiet);
        let bytes = build_model(ctx.cfg, lexd, &stages, opts, &Calibration::default());
        let model = NerModel::from_bytes(&bytes)?;
        let preds: Vec<Vec<Vec<u8>>> = held
            .iter()
            .map(|d| model.tag_document_indices(&d.sentences))
            .collect();
        let ev = eval_indices(&held, &preds);
        add_counts(&mut rep.overall, &ev.overall);
        for (t, c) in &ev.per_type {
            add_counts(rep.per_type.entry(t.clone()).or_default(), c);
        }
        rep.fold_f1.push(ev.f1());
        rep.spans.extend(held_out_spans(&model, &held));
        if opts.verbose {
            eprintln!(
                "CV fold {}/{k}: F1 {:.2} ({:.0}s)",
                f + 1,
                ev.f1(),
                t0.elapsed().as_secs_f64()
            );
        }
    }
    Ok(rep)
}

/// Trains a model on `train_path` (plus `opts.extra_train`), reports dev
/// scores on `dev_path` after each epoch, and writes the pruned, quantized
/// model to `out_path`. With `opts.cv = k`, first cross-validates on
/// `train_path` by documents and calibrates the confidence on the held-out
/// folds.
pub fn train(
    train_path: &Path,
    dev_path: &Path,
    out_path: &Path,
    opts: &TrainOptions,
) -> Result<TrainReport, String> {
    let t_start = Instant::now();
    let mut train_docs = read_docs(train_path)?;
    if let Some(max) = opts.max_sentences {
        truncate_docs(&mut train_docs, max);
    }
    let mut dev_docs = read_docs(dev_path)?;
    if let Some(max) = opts.max_dev_sentences {
        truncate_docs(&mut dev_docs, max);
    }
    let mut lexd = LexiconData::default();
    if let Some(p) = &opts.clusters {
        let (ng, words) = read_clusters(p)?;
        lexd.ngran = ng;
        lexd.words = words;
    }
    if let Some(p) = &opts.gazetteer {
        lexd.gaz = read_gazetteer(p)?;
    }
    let lex = Lexicon::from_data(&lexd);
    let cfg = FeatConfig {
        clusters: lexd.ngran > 0,
        gazetteer: !lexd.gaz.is_empty(),
        doc: opts.doc_features,
        agg: opts.doc_features && !opts.no_agg,
        extra: opts.experimental & 1 != 0,
        table: opts.experimental & 2 != 0,
        off: opts.off,
    };
    let ctx = Ctx { lex: &lex, cfg };
    if opts.verbose {
        eprintln!(
            "train: {} docs, {} sentences; dev: {} docs; clusters: {} words x {}; gazetteer: {} phrases",
            train_docs.len(),
            train_docs.iter().map(|d| d.sentences.len()).sum::<usize>(),
            dev_docs.len(),
            lexd.words.len(),
            lexd.ngran,
            lexd.gaz.len()
        );
    }
    let mut tr = Corpus::new(train_docs, &lex);
    let dev = Corpus::new(dev_docs, &lex);

    let mut calib = Calibration::default();
    if let Some(p) = &opts.calib_from {
        let b = std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?;
        calib = NerModel::from_bytes(&b)?.calib;
    }
    let mut cv_report = None;
    if opts.cv > 1 {
        let rep = cross_validate(&ctx, &lexd, &tr, opts.cv, opts)?;
        let (c, b) = fit_calibration(&rep.spans);
        if opts.verbose {
            eprintln!("{rep}");
            eprintln!(
                "calibration: temperature {}, {} points, Brier {b:.4}\n{}",
                c.temp,
                c.points.len(),
                reliability(&c, &rep.spans)
            );
        }
        calib = c;
        cv_report = Some(rep);
        if opts.cv_only {
            return Ok(TrainReport {
                dev_unpruned: None,
                dev_final: None,
                model_bytes: 0,
                features: Vec::new(),
                seconds: t_start.elapsed().as_secs_f64(),
                cv: cv_report,
            });
        }
    }
    // Documents added to training for the shipped model (e.g. the dev set,
    // once the configuration is chosen by cross-validation).
    for p in &opts.extra_train {
        let extra = read_docs(p)?;
        let more = Corpus::new(extra, &lex);
        tr.docs.extend(more.docs);
        tr.ctx.extend(more.ctx);
        tr.gold.extend(more.gold);
    }
    let idx: Vec<usize> = (0..tr.docs.len()).collect();
    let (stages, dev_unpruned) = fit(&ctx, &tr, &idx, Some(&dev), opts);
    if opts.verbose {
        if let Some(d) = &dev_unpruned {
            eprintln!("dev (unpruned, float):\n{d}");
        }
    }
    let bytes = build_model(cfg, &lexd, &stages, opts, &calib);
    std::fs::write(out_path, &bytes).map_err(|e| format!("{}: {e}", out_path.display()))?;
    let model = NerModel::from_bytes(&bytes)?;
    let preds: Vec<Vec<Vec<u8>>> = dev
        .docs
        .iter()
        .map(|d| model.tag_document_indices(&d.sentences))
        .collect();
    let dev_final = eval_indices(&dev.docs, &preds);
    if opts.verbose && opts.extra_train.is_empty() {
        let spans = held_out_spans(&model, &dev.docs);
        eprintln!("dev reliability:\n{}", reliability(&model.calib, &spans));
    }
    let deflated = |b: &[u8]| miniz_oxide::deflate::compress_to_vec(b, 9).len();
    if opts.verbose {
        eprintln!("{}", size_report(&bytes));
    }
    for &p in &opts.prune_sweep {
        let harder: Vec<StageRows> = stages
            .iter()
            .map(|(rows, trans)| {
                let kept = rows
                    .iter()
                    .filter(|(_, r)| r.iter().fold(0f32, |a, x| a.max(x.abs())) >= p)
                    .cloned()
                    .collect();
                (kept, trans.clone())
            })
            .collect();
        let b = build_model(cfg, &lexd, &harder, opts, &calib);
        let m = NerModel::from_bytes(&b)?;
        let preds: Vec<Vec<Vec<u8>>> = dev
            .docs
            .iter()
            .map(|d| m.tag_document_indices(&d.sentences))
            .collect();
        eprintln!(
            "prune {p}: rows {:?}, {} bytes raw, {} deflated, dev F1 {:.2}",
            harder.iter().map(|h| h.0.len()).collect::<Vec<_>>(),
            b.len(),
            deflated(&b),
            eval_indices(&dev.docs, &preds).f1()
        );
    }
    let seconds = t_start.elapsed().as_secs_f64();
    if opts.verbose {
        eprintln!(
            "final model: {} bytes, features per stage {:?}, {:.1}s\ndev (shipped model):\n{dev_final}",
            bytes.len(),
            stages.iter().map(|r| r.0.len()).collect::<Vec<_>>(),
            seconds
        );
        if let Some(cv) = &cv_report {
            eprintln!("{cv}");
        }
    }
    Ok(TrainReport {
        dev_unpruned,
        dev_final: Some(dev_final),
        model_bytes: bytes.len(),
        features: stages.iter().map(|r| r.0.len()).collect(),
        seconds,
        cv: cv_report,
    })
}
