#!/usr/bin/env python3
"""Hand annotation of named entities on news from ../shared (issue #15's out-of-domain dev set).

The articles' text is research data and never enters the project: an annotator works on a
scratch copy outside it, marking each name inline as ``⟦TYPE surface⟧`` (TYPE one of PER, ORG,
LOC, MISC, CoNLL-2003's types). This script turns such a copy into rows of
``tests/data/ner_spans.tsv`` (ids, offsets, types and the names only), after checking that the
copy without its marks is the article exactly.

  python3 scripts/ner_spans.py pick                      # the articles of the set
  python3 scripts/ner_spans.py pick2                     # the second round's (ner_bbc3, ner_polnear2)
  python3 scripts/ner_spans.py text SOURCE ID > FILE     # an article's text, to mark up
  python3 scripts/ner_spans.py rows SOURCE ID FILE       # the marked copy -> TSV rows

SOURCE is ``bbc`` (ID as ``business/123``, the ``text`` field of bbc_news_summary.jsonl) or
``polnear`` (ID a file name in polnear/dev/text, the whole file). Offsets are code points into
that text, end-exclusive, as in the other annotation files of tests/data.
"""

import json
import os
import random
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.environ.get("LEDE_DATA", os.path.join(ROOT, "..", "shared", "data"))
TYPES = ("PER", "ORG", "LOC", "MISC")
MARK = re.compile(r"⟦(PER|ORG|LOC|MISC) ([^⟦⟧]+?)⟧")


def bbc_articles():
    with open(os.path.join(DATA, "bbc", "bbc_news_summary.jsonl"), encoding="utf-8") as f:
        return {a["id"]: a for a in map(json.loads, f)}


def text_of(source, ident):
    if source == "bbc":
        return bbc_articles()[ident]["text"]
    if source == "polnear":
        with open(os.path.join(DATA, "polnear", "dev", "text", ident), encoding="utf-8") as f:
            return f.read()
    sys.exit(f"unknown source {source!r} (bbc or polnear)")


def used_ids():
    """BBC ids already in another dev set of tests/data (kept apart)."""
    out = set()
    for name in os.listdir(os.path.join(ROOT, "tests", "data")):
        if not name.startswith("bbc_"):
            continue
        with open(os.path.join(ROOT, "tests", "data", name), encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    continue
                for cell in line.rstrip("\n").split("\t")[:2]:
                    if re.fullmatch(r"[a-z]+/\d+", cell):
                        out.add(cell)
    return out


def bbc_sample(rng, arts, excluded, k):
    """k BBC articles of each category, of 600 words at most, none in `excluded`."""
    out = []
    for cat in ("business", "entertainment", "politics", "sport", "tech"):
        ids = sorted(i for i, a in arts.items() if a["category"] == cat and i not in excluded)
        ids = [i for i in ids if len(arts[i]["text"].split()) <= 600]
        out += [("bbc", i) for i in rng.sample(ids, k)]
    return out


def pick():
    """15 BBC articles (3 a category, none already in a dev set) and 6 PolNeAR dev articles
    (one a publisher, NYT left out for length), drawn with a fixed seed."""
    rng = random.Random(15)
    arts = bbc_articles()
    used = used_ids()
    out = bbc_sample(rng, arts, used, 3)
    d = os.path.join(DATA, "polnear", "dev", "text")
    pubs = {}
    for name in sorted(os.listdir(d)):
        pubs.setdefault(name.split("_")[0], []).append(name)
    for pub in sorted(pubs):
        if pub == "nyt":
            continue
        names = [n for n in pubs[pub] if len(open(os.path.join(d, n), encoding="utf-8").read().split()) <= 800]
        out.append(("polnear", rng.choice(names)))
    return out


def pick2():
    """The second round: 20 BBC articles (4 a category) and 8 PolNeAR dev articles (NYT
    included), none in any file of tests/data, drawn with seed 35."""
    rng = random.Random(35)
    arts = bbc_articles()
    taken = set()
    d = os.path.join(ROOT, "tests", "data")
    # the files of this round itself are left out of what is taken, so the
    # draw stays what it was before they existed
    for name in sorted(set(os.listdir(d)) - {"ner_bbc3.tsv", "ner_polnear2.tsv"}):
        with open(os.path.join(d, name), encoding="utf-8") as f:
            for line in f:
                taken.update(c for c in line.rstrip("\n").split("\t")[:2])
    out = bbc_sample(rng, arts, taken, 4)
    pd = os.path.join(DATA, "polnear", "dev", "text")
    names = [n for n in sorted(os.listdir(pd)) if n not in taken]
    names = [n for n in names if len(open(os.path.join(pd, n), encoding="utf-8").read().split()) <= 900]
    out += [("polnear", n) for n in rng.sample(names, 8)]
    return out


def rows(source, ident, path):
    text = text_of(source, ident)
    with open(path, encoding="utf-8") as f:
        marked = f.read()
    plain, spans, last = [], [], 0
    pos = 0
    for m in MARK.finditer(marked):
        plain.append(marked[last : m.start()])
        pos += m.start() - last
        surface = m.group(2)
        spans.append((pos, pos + len(surface), m.group(1), surface))
        plain.append(surface)
        pos += len(surface)
        last = m.end()
    plain.append(marked[last:])
    plain = "".join(plain)
    if "⟦" in plain or "⟧" in plain:
        i = plain.find("⟦") if "⟦" in plain else plain.find("⟧")
        sys.exit(f"{path}: a malformed mark near {plain[max(0, i - 30) : i + 30]!r}")
    if plain != text:
        i = next((k for k, (a, b) in enumerate(zip(plain, text)) if a != b), min(len(plain), len(text)))
        sys.exit(f"{path}: the text differs from the article at {i}: {plain[i - 20 : i + 20]!r} vs {text[i - 20 : i + 20]!r}")
    for s, e, t, surface in spans:
        assert text[s:e] == surface
        if surface != surface.strip():
            sys.exit(f"{path}: {surface!r} has spaces at an edge")
        print(f"{source}\t{ident}\t{s}\t{e}\t{t}\t{surface}")


def main():
    args = sys.argv[1:]
    if args[:1] == ["pick"]:
        for source, ident in pick():
            print(f"{source}\t{ident}")
    elif args[:1] == ["pick2"]:
        for source, ident in pick2():
            print(f"{source}\t{ident}")
    elif args[:1] == ["text"] and len(args) == 3:
        sys.stdout.write(text_of(args[1], args[2]))
    elif args[:1] == ["rows"] and len(args) == 4:
        rows(args[1], args[2], args[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
