#!/usr/bin/env python3
"""Prints the crate's module import graph and checks the layering rules of
ARCHITECTURE.md. Exit status 1 when a rule is broken or modules import each
other in a circle.

  python3 scripts/imports.py            # the graph, one module a line, then the checks
  python3 scripts/imports.py --check    # the checks only

A module is a file under src/ (`src/extract/quotes/marks.rs` is
`extract::quotes::marks`; `mod.rs` names its folder). An edge A -> B is any
path `crate::B...` or `super::...` (resolved) that A names outside comments
and `#[cfg(test)]` blocks. Paths into the middle of a module resolve to the
longest module prefix.
"""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")

# Layer rules: a module under the key may not import a module under any prefix listed.
FORBIDDEN = {
    "text": ["extract", "search", "pipeline", "wasm", "wasm_model", "cli", "eval", "train"],
    "extract": ["search", "pipeline", "wasm", "wasm_model", "cli", "eval", "train"],
    "search": ["extract", "pipeline", "wasm", "wasm_model", "cli", "eval", "train"],
    "pipeline": ["wasm", "wasm_model", "cli", "eval", "train"],
}


def module_of(path):
    rel = os.path.relpath(path, ROOT)[:-3].split(os.sep)
    if rel[-1] in ("mod", "lib"):
        rel = rel[:-1]
    return "::".join(rel)


def strip(src):
    """Source without comments, string literals and #[cfg(test)] modules."""
    src = re.sub(r"//[^\n]*", "", src)
    src = re.sub(r"/\*.*?\*/", "", src, flags=re.S)
    src = re.sub(r'r#*"(?:.|\n)*?"#*', '""', src)
    src = re.sub(r'"(?:\\.|[^"\\])*"', '""', src)
    out, i = [], 0
    for m in re.finditer(r"#\[cfg\(test\)\]\s*mod\s+\w+\s*\{", src):
        if m.start() < i:
            continue
        out.append(src[i:m.start()])
        depth, j = 1, m.end()
        while j < len(src) and depth:
            depth += {"{": 1, "}": -1}.get(src[j], 0)
            j += 1
        i = j
    out.append(src[i:])
    return "".join(out)


def main():
    files = []
    for d, _, fs in os.walk(ROOT):
        for f in fs:
            if f.endswith(".rs") and "bin" not in os.path.relpath(d, ROOT).split(os.sep):
                files.append(os.path.join(d, f))
    mods = {module_of(f): f for f in files}
    names = set(mods)

    def resolve(parts):
        for k in range(len(parts), 0, -1):
            cand = "::".join(parts[:k])
            if cand in names:
                return cand
        return None

    graph = {}
    for m, f in mods.items():
        src = strip(open(f, encoding="utf-8").read())
        here = m.split("::") if m else []
        edges = set()
        # expand `use a::{b, c::{d}}` groups into paths
        paths = []
        for p in re.findall(r"\b((?:crate|super)(?:::(?:super|\w+))*)(?:::\{([^;]*?)\})?", src):
            head, group = p
            paths.append(head)
            for item in re.findall(r"(\w+(?:::\w+)*)", group or ""):
                paths.append(head + "::" + item)
        for p in paths:
            parts = p.split("::")
            if parts[0] == "crate":
                target = parts[1:]
            else:
                base, i = here, 0
                while i < len(parts) and parts[i] == "super":
                    base = base[:-1]
                    i += 1
                target = base + parts[i:]
            t = resolve(target)
            if t is not None and t != m and not m.startswith(t + "::") and t != "":
                edges.add(t)
        graph[m] = sorted(edges)

    bad = []
    for m, es in graph.items():
        top = m.split("::")[0]
        for e in es:
            if any(e == p or e.startswith(p + "::") for p in FORBIDDEN.get(top, [])):
                bad.append(f"layer: {m} imports {e}")
    # circles between sibling modules (and across folders): strongly connected components
    index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, []):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                sccs.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in graph:
        if v not in index:
            visit(v)
    for c in sccs:
        bad.append("circle: " + " <-> ".join(c))

    if "--check" not in sys.argv:
        for m in sorted(graph):
            if m:
                print(f"{m} -> {', '.join(graph[m]) or '(nothing)'}")
        print()
    for b in bad:
        print(b)
    print(f"{len(graph)} modules, {sum(len(v) for v in graph.values())} edges, {len(bad)} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
