//! `lede train` and `lede train-clusters` (feature `train`): the options
//! of the NER model's training and of the word clusters it uses, turned
//! into `lede::train`'s option structs.

use crate::args::{parse_num, Args};
use crate::{usage, Fail, USAGE};

pub(super) fn cmd_train(raw: &[String]) -> Result<(), Fail> {
    use lede::train::{train, TrainOptions};
    let args = Args::parse(
        raw,
        &[
            "--train",
            "--dev",
            "--out",
            "--clusters",
            "--gazetteer",
            "--epochs",
            "--max-sentences",
            "--prune",
            "--width",
            "--seed",
            "--folds",
            "--cv",
            "--extra-train",
            "--prune-sweep",
            "--off",
            "--calib-from",
            "--reencode",
        ],
        &["--one-stage", "--no-doc", "--cv-only", "--no-agg"],
    )?;
    if let (Some(input), Some(out)) = (args.value("--reencode"), args.value("--out")) {
        let report =
            lede::train::reencode_model(input.as_ref(), out.as_ref()).map_err(|e| Fail(e, 1))?;
        eprintln!("{report}");
        return Ok(());
    }
    let mut o = TrainOptions::default();
    if let Some(x) = parse_num(&args, "--epochs")? {
        o.epochs = x;
    }
    o.max_sentences = parse_num(&args, "--max-sentences")?;
    if let Some(x) = parse_num(&args, "--prune")? {
        o.prune = x;
    }
    if let Some(x) = parse_num(&args, "--width")? {
        o.width = x;
    }
    if let Some(x) = parse_num(&args, "--seed")? {
        o.seed = x;
    }
    o.clusters = args.value("--clusters").map(Into::into);
    o.gazetteer = args.value("--gazetteer").map(Into::into);
    if let Some(x) = parse_num(&args, "--folds")? {
        o.folds = x;
    }
    o.no_agg = args.has("--no-agg");
    if let Some(x) = parse_num(&args, "--cv")? {
        o.cv = x;
    }
    o.cv_only = args.has("--cv-only");
    o.calib_from = args.value("--calib-from").map(Into::into);
    if let Some(v) = args.value("--prune-sweep") {
        o.prune_sweep = v
            .split(',')
            .map(|x| {
                x.parse()
                    .map_err(|_| Fail("bad --prune-sweep".into(), USAGE))
            })
            .collect::<Result<_, _>>()?;
    }
    if let Some(v) = args.value("--off") {
        for x in v.split(',') {
            let t: u64 = x.parse().map_err(|_| Fail("bad --off".into(), USAGE))?;
            if t < 64 {
                o.off |= 1 << t;
            }
        }
    }
    o.extra_train = args
        .value("--extra-train")
        .map(|v| v.split(',').map(Into::into).collect())
        .unwrap_or_default();
    o.two_stage = !args.has("--one-stage");
    o.doc_features = !args.has("--no-doc");
    let (Some(tr), Some(dv), Some(out)) = (
        args.value("--train"),
        args.value("--dev"),
        args.value("--out"),
    ) else {
        return usage("train needs --train, --dev and --out");
    };
    train(tr.as_ref(), dv.as_ref(), out.as_ref(), &o)
        .map(|_| ())
        .map_err(|e| Fail(e, 1))
}

pub(super) fn cmd_train_clusters(raw: &[String]) -> Result<(), Fail> {
    use lede::train::clusters::{train_clusters, ClusterOptions};
    let args = Args::parse(raw, &["--out", "--min-count", "--classes", "--iters"], &[])?;
    let mut o = ClusterOptions::default();
    if let Some(x) = parse_num(&args, "--min-count")? {
        o.min_count = x;
    }
    if let Some(x) = parse_num(&args, "--iters")? {
        o.iters = x;
    }
    if let Some(x) = args.value("--classes") {
        o.classes = x
            .split(',')
            .map(|c| c.parse().map_err(|_| Fail("bad --classes".into(), USAGE)))
            .collect::<Result<_, _>>()?;
    }
    let Some(out) = args.value("--out") else {
        return usage("train-clusters needs --out");
    };
    let corpora: Vec<std::path::PathBuf> = args.positional.iter().map(Into::into).collect();
    train_clusters(&corpora, out.as_ref(), &o).map_err(|e| Fail(e, 1))
}
