#!/usr/bin/env python3
"""Builds src/extract/keyphrases/data/background_df.txt: in how many of a
background of news articles each common word occurs (folded: lower case, no
diacritics), so the keyphrase scorer knows that `announced` or `count` is
everywhere while `census` is not. The background is the articles of
../shared (BBC News Summary less the keyphrase dev set's articles, PolNeAR
train, KPCrowd train); only the counts are kept, never text.

  python3 scripts/keyphrase_df.py [SHARED_DATA_DIR]

Words in fewer than MIN_DF articles are left out (the scorer treats a word
missing from the table as rare); the first line is the number of articles.
"""
import json
import os
import re
import sys
import unicodedata

MIN_DF = 20

def fold(w):
    w = unicodedata.normalize("NFKD", w.lower())
    return "".join(c for c in w if not unicodedata.combining(c))

def words(text):
    return set(fold(w) for w in re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text))

def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data")
    here = os.path.dirname(os.path.abspath(__file__))
    dev = set()
    with open(os.path.join(here, "..", "tests", "data", "bbc_keyphrases.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                dev.add(line.split("\t")[0])
    docs = []
    with open(os.path.join(root, "bbc", "bbc_news_summary.jsonl"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["id"] not in dev:
                docs.append(r["title"] + "\n" + r["text"])
    for sub in [os.path.join(root, "polnear", "train", "text"), os.path.join(root, "kpcrowd", "train")]:
        for n in sorted(os.listdir(sub)):
            if n.endswith(".txt"):
                with open(os.path.join(sub, n), encoding="utf-8", errors="replace") as f:
                    docs.append(f.read())
    df = {}
    for d in docs:
        for w in words(d):
            df[w] = df.get(w, 0) + 1
    out = os.path.join(here, "..", "src", "extract", "keyphrases", "data", "background_df.txt")
    # words in buckets of half a power of two: the bucket's lowest count, a
    # tab, its words
    import math
    buckets = {}
    for w, n in df.items():
        if n >= MIN_DF and " " not in w:
            b = math.floor(2 * math.log2(n))
            buckets.setdefault(b, []).append(w)
    with open(out, "w", encoding="utf-8") as f:
        f.write("# Document frequencies of common words over %d news articles (BBC News\n" % len(docs))
        f.write("# Summary less the keyphrase dev set, PolNeAR train, KPCrowd train), in\n")
        f.write("# buckets of half a power of two: the bucket's lowest count, a tab, its\n")
        f.write("# words (folded). Made by scripts/keyphrase_df.py; words in fewer than %d\n" % MIN_DF)
        f.write("# articles are left out. The first data line is the number of articles.\n")
        f.write("%d\n" % len(docs))
        n = 0
        for b in sorted(buckets, reverse=True):
            lo = math.ceil(2 ** (b / 2))
            f.write("%d\t%s\n" % (lo, " ".join(sorted(buckets[b]))))
            n += len(buckets[b])
    print(len(docs), "articles,", n, "words")

main()
