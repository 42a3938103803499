#!/usr/bin/env python3
"""Scores a `lede` binary on tests/data/modern_names.tsv, the way
tests/ner.rs does (a mention exactly covering the name with the expected
label), and splits the figure by whether the name is in a gazetteer file.

Usage: python3 scripts/modern_names.py LEDE_BINARY [GAZETTEER_TSV]
"""
import json
import subprocess
import sys

lede = sys.argv[1]
gaz = set()
if len(sys.argv) > 2:
    for line in open(sys.argv[2], encoding="utf-8"):
        if "\t" in line and not line.startswith("#"):
            gaz.add(line.rstrip("\n").split("\t", 1)[1].lower())
rows = [l.rstrip("\n").split("\t") for l in open("tests/data/modern_names.tsv", encoding="utf-8")
        if l.strip() and not l.startswith("#")]
tot = {True: [0, 0], False: [0, 0]}
wrong = []
for sentence, name, ty in rows:
    out = subprocess.run([lede, "analyze", "-"], input=sentence.encode(), capture_output=True, check=True)
    a = json.loads(out.stdout)
    ok = any(m["text"] == name and m["label"] == ty for m in a["mentions"])
    ing = name.lower() in gaz
    tot[ing][0] += ok
    tot[ing][1] += 1
    if not ok:
        wrong.append(f"{name} ({ty}): {[(m['text'], m['label']) for m in a['mentions']]}")
right = tot[True][0] + tot[False][0]
print(f"modern names: {right}/{len(rows)} right ({100 * right / len(rows):.1f}%)")
if gaz:
    for k, lab in ((True, "in the gazetteer"), (False, "not in it")):
        r, n = tot[k]
        if n:
            print(f"  {lab}: {r}/{n} ({100 * r / n:.1f}%)")
print("\n".join(wrong))
