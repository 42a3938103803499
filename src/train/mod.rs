//! Training (feature `train`): averaged structured perceptron, two stages
//! with jackknifed first-stage labels, pruning and quantization.

pub mod clusters;

use crate::extract::ner::conll::{eval_indices, read_conll, ConllDoc, EvalReport};
use crate::extract::ner::features::{lowercase_into, token_features, DocCtx, FeatConfig, Stage1};
use crate::extract::ner::lexicon::{Lexicon, LexiconData, MAX_GRAN, NO_CLUSTER};
use crate::extract::ner::model::{allowed, encode_model, viterbi, QuantWeights};
use crate::extract::ner::{label_index, EntityType, NerModel, NUM_LABELS};
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

/// Trains a model on `train_path`, reports dev scores on `dev_path` after
/// each epoch, and writes the pruned, quantized model to `out_path`.
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
    let train_ctx: Vec<DocCtx> = train_docs
        .iter()
        .map(|d| DocCtx::build(&d.sentences, &lex))
        .collect();
    let dev_ctx: Vec<DocCtx> = dev_docs
        .iter()
        .map(|d| DocCtx::build(&d.sentences, &lex))
        .collect();
    let train_gold: Vec<Vec<Vec<u8>>> = train_docs.iter().map(doc_gold).collect();
    let dev_gold: Vec<Vec<Vec<u8>>> = dev_docs.iter().map(doc_gold).collect();

    // Stage 1.
    let mut fm1 = FeatMap::default();
    let tr1: Vec<Vec<Sent>> = train_ctx
        .iter()
        .zip(&train_gold)
        .map(|(d, g)| featurize(&ctx, d, g, None, &mut fm1, true))
        .collect();
    let dv1: Vec<Vec<Sent>> = dev_ctx
        .iter()
        .zip(&dev_gold)
        .map(|(d, g)| featurize(&ctx, d, g, None, &mut fm1, false))
        .collect();
    if opts.verbose {
        eprintln!("stage 1: {} features", fm1.keys.len());
    }
    let all1: Vec<&Sent> = tr1.iter().flatten().collect();
    let m1 = perceptron(
        &all1,
        fm1.keys.len(),
        opts.epochs,
        opts.seed,
        Some((&dv1, &dev_docs)),
        "stage1",
        opts.verbose,
    );
    let dev_pred1 = m1.decode_docs(&dv1);
    let mut dev_unpruned = eval_indices(&dev_docs, &dev_pred1);
    if opts.verbose {
        eprintln!("stage 1 dev:\n{dev_unpruned}");
    }
    let mut stages_rows = vec![(rows_from_dense(&fm1, &m1, opts.prune), m1.trans.clone())];

    if opts.two_stage {
        // Jackknifed stage-1 labels for the training documents.
        let folds = opts.folds.max(2).min(train_docs.len().max(2));
        let mut jack: Vec<Vec<Vec<u8>>> = vec![Vec::new(); train_docs.len()];
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
            if opts.verbose {
                eprintln!("jackknife fold {} done", f + 1);
            }
        }
        let mut fm2 = FeatMap::default();
        let tr2: Vec<Vec<Sent>> = train_ctx
            .iter()
            .zip(&train_gold)
            .zip(jack)
            .map(|((d, g), j)| {
                let s1 = Stage1::new(d, j);
                featurize(&ctx, d, g, Some(&s1), &mut fm2, true)
            })
            .collect();
        let dv2: Vec<Vec<Sent>> = dev_ctx
            .iter()
            .zip(&dev_gold)
            .zip(dev_pred1)
            .map(|((d, g), p)| {
                let s1 = Stage1::new(d, p);
                featurize(&ctx, d, g, Some(&s1), &mut fm2, false)
            })
            .collect();
        if opts.verbose {
            eprintln!("stage 2: {} features", fm2.keys.len());
        }
        let all2: Vec<&Sent> = tr2.iter().flatten().collect();
        let m2 = perceptron(
            &all2,
            fm2.keys.len(),
            opts.epochs,
            opts.seed ^ 0xABCD,
            Some((&dv2, &dev_docs)),
            "stage2",
            opts.verbose,
        );
        dev_unpruned = eval_indices(&dev_docs, &m2.decode_docs(&dv2));
        if opts.verbose {
            eprintln!("stage 2 dev (unpruned, float):\n{dev_unpruned}");
        }
        stages_rows.push((rows_from_dense(&fm2, &m2, opts.prune), m2.trans.clone()));
    }

    let quant: Vec<QuantWeights> = stages_rows
        .iter()
        .map(|(rows, trans)| QuantWeights::quantize(rows, trans, opts.width, opts.quant_clip))
        .collect();
    let qrefs: Vec<&QuantWeights> = quant.iter().collect();
    let bytes = encode_model(cfg, &lexd, &qrefs);
    std::fs::write(out_path, &bytes).map_err(|e| format!("{}: {e}", out_path.display()))?;
    let model = NerModel::from_bytes(&bytes)?;
    let preds: Vec<Vec<Vec<u8>>> = dev_docs
        .iter()
        .map(|d| model.tag_document_indices(&d.sentences))
        .collect();
    let dev_final = eval_indices(&dev_docs, &preds);
    let seconds = t_start.elapsed().as_secs_f64();
    if opts.verbose {
        eprintln!(
            "final model: {} bytes, features per stage {:?}, {:.1}s\ndev (shipped model):\n{dev_final}",
            bytes.len(),
            stages_rows.iter().map(|r| r.0.len()).collect::<Vec<_>>(),
            seconds
        );
    }
    Ok(TrainReport {
        dev_unpruned: Some(dev_unpruned),
        dev_final: Some(dev_final),
        model_bytes: bytes.len(),
        features: stages_rows.iter().map(|r| r.0.len()).collect(),
        seconds,
    })
}
