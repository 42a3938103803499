// Corrections a reader makes to an article's analysis: retype an entity, merge
// two, split one mention out of its entity, reassign or clear a quote's
// speaker. A correction is a small plain object (an "op"), kept in order per
// article (IndexedDB, by the worker) and applied in that order to whatever
// the core computed, so the page, the chart, the facets and the search fields
// all see the same corrected names, and Undo is dropping the last op.
//
// Ops name entities by what they were called when the op was made (name and
// label), and mentions and quotes by their UTF-16 range, never by an index:
// an op whose entity or range is no longer there (a newer core grouped the
// names differently) is skipped, never misapplied.
//
//   {op: "retype",  name, label, to, names}            names: the entity's name and aliases
//   {op: "merge",   name, label, into: {name, label}, names}
//   {op: "split",   name, label, start, end, text}     one mention out, as an entity of its own
//   {op: "speaker", start, end, to: {name, label} | null, from: name | null, fromElsewhere}

/** The search field of each name type (MISC and values have none). */
export const FIELD_OF = { PER: "people", ORG: "orgs", LOC: "places" };
/** Types a reader may give an entity. */
export const NAME_TYPES = ["PER", "ORG", "LOC", "MISC"];

function findEntity(entities, name, label) {
  return entities.findIndex((e) => !e.gone && e.name === name && e.label === label);
}

/**
 * The analysis with `ops` applied (a new object; `analysis` is not changed).
 * Entities merged away are dropped and every index (mentions' `entity`,
 * quotes' `speaker`, `related.entity`) renumbered; each corrected entity and
 * quote carries `corrected: true`.
 */
export function applyToAnalysis(analysis, ops) {
  if (!analysis || !Array.isArray(ops) || !ops.length) return analysis;
  const a = {
    ...analysis,
    entities: analysis.entities.map((e) => ({ ...e, mentions: [...e.mentions], aliases: [...(e.aliases || [])] })),
    mentions: analysis.mentions.map((m) => ({ ...m })),
  };
  if (Array.isArray(analysis.quotes)) a.quotes = analysis.quotes.map((q) => ({ ...q }));
  if (Array.isArray(analysis.attributions)) a.attributions = analysis.attributions.map((q) => ({ ...q }));
  for (const op of ops) applyOne(a, op);
  return renumber(a);
}

function applyOne(a, op) {
  if (!op || typeof op !== "object") return;
  if (op.op === "speaker") {
    const q = [...(a.quotes || []), ...(a.attributions || [])].find((x) => x.start === op.start && x.end === op.end);
    if (!q) return;
    if (op.to) {
      const t = findEntity(a.entities, op.to.name, op.to.label);
      if (t < 0) return;
      q.speaker = t;
    } else {
      q.speaker = null;
      q.speaker_span = null;
    }
    q.corrected = true;
    return;
  }
  const i = findEntity(a.entities, op.name, op.label);
  if (i < 0) return;
  const e = a.entities[i];
  if (op.op === "retype" && NAME_TYPES.includes(op.to)) {
    e.label = op.to;
    e.corrected = true;
    for (const mi of e.mentions) if (a.mentions[mi]) a.mentions[mi].label = op.to;
  } else if (op.op === "merge" && op.into) {
    const t = findEntity(a.entities, op.into.name, op.into.label);
    if (t < 0 || t === i) return;
    const into = a.entities[t];
    for (const mi of e.mentions) {
      const m = a.mentions[mi];
      if (!m) continue;
      m.entity = t;
      m.label = into.label;
    }
    into.mentions = [...new Set([...into.mentions, ...e.mentions])].sort((x, y) => x - y);
    const aliases = new Set(into.aliases);
    for (const n of [e.name, ...e.aliases]) if (n !== into.name) aliases.add(n);
    into.aliases = [...aliases];
    into.corrected = true;
    for (const q of [...(a.quotes || []), ...(a.attributions || [])]) if (q.speaker === i) q.speaker = t;
    e.gone = true;
    e.mentions = [];
  } else if (op.op === "split") {
    const mi = a.mentions.findIndex((m) => m.start === op.start && m.end === op.end);
    if (mi < 0 || e.mentions.length < 2 || !e.mentions.includes(mi)) return;
    e.mentions = e.mentions.filter((x) => x !== mi);
    e.corrected = true;
    const text = String(op.text || a.mentions[mi].text || "").trim() || e.name;
    a.entities.push({ name: text, label: e.label, mentions: [mi], aliases: [], corrected: true });
    a.mentions[mi].entity = a.entities.length - 1;
  }
}

/** Drops merged-away entities and renumbers every reference to entities. */
function renumber(a) {
  const map = new Map();
  const kept = [];
  a.entities.forEach((e, i) => {
    if (e.gone) return;
    map.set(i, kept.length);
    kept.push(e);
  });
  if (kept.length === a.entities.length) return a;
  for (const m of a.mentions) m.entity = map.get(m.entity) ?? m.entity;
  for (const q of [...(a.quotes || []), ...(a.attributions || [])]) {
    if (typeof q.speaker === "number") q.speaker = map.has(q.speaker) ? map.get(q.speaker) : null;
  }
  for (const e of kept) {
    if (e.related && typeof e.related.entity === "number") {
      const to = map.get(e.related.entity);
      e.related = to == null ? { ...e.related, entity: undefined } : { ...e.related, entity: to };
    }
  }
  a.entities = kept;
  return a;
}

/**
 * An article's names as the worker keeps them for the chart
 * (`[{name, label, mentions}]`, mentions a count) with `ops` applied.
 */
export function applyToNames(names, ops) {
  if (!Array.isArray(names) || !Array.isArray(ops) || !ops.length) return names;
  let out = names.map((n) => ({ ...n }));
  const find = (name, label) => out.findIndex((n) => n.name === name && n.label === label);
  for (const op of ops) {
    if (!op || op.op === "speaker") continue;
    const i = find(op.name, op.label);
    if (op.op === "retype" && i >= 0 && NAME_TYPES.includes(op.to)) {
      out[i].label = op.to;
      out[i].confidence = 1; // the reader checked it
    }
    else if (op.op === "merge" && i >= 0 && op.into) {
      const t = find(op.into.name, op.into.label);
      if (t < 0 || t === i) continue;
      out[t].mentions += out[i].mentions;
      out = out.filter((_, k) => k !== i);
    } else if (op.op === "split" && i >= 0 && out[i].mentions > 1) {
      out[i].mentions -= 1;
      const text = String(op.text || "").trim();
      if (!text) continue;
      const j = find(text, op.label);
      if (j >= 0 && j !== i) out[j].mentions += 1;
      else if (j < 0) out.push({ name: text, label: op.label, mentions: 1 });
    }
  }
  return out;
}

/**
 * An article's search fields (`{people, orgs, places, speakers, keyphrases}`)
 * with `ops` applied: a retyped or merged entity's names move to the field of
 * its new type, a split mention's text is a name of its type, a reassigned
 * quote's speaker becomes a speaker (and a cleared one stops being one unless
 * another quote still has them).
 */
export function applyToFields(fields, ops) {
  const f = {};
  for (const k of ["people", "orgs", "places", "speakers", "keyphrases"]) f[k] = [...(fields?.[k] || [])];
  const drop = (key, names) => key && (f[key] = f[key].filter((n) => !names.includes(n)));
  const add = (key, names) => {
    if (!key) return;
    for (const n of names) if (n && !f[key].includes(n)) f[key].push(n);
  };
  for (const op of ops || []) {
    if (!op) continue;
    const names = Array.isArray(op.names) ? op.names.map(String) : [String(op.name || "")];
    if (op.op === "retype" && NAME_TYPES.includes(op.to)) {
      drop(FIELD_OF[op.label], names);
      add(FIELD_OF[op.to], names);
    } else if (op.op === "merge" && op.into) {
      if (op.into.label !== op.label) drop(FIELD_OF[op.label], names);
      add(FIELD_OF[op.into.label], names);
    } else if (op.op === "split") {
      add(FIELD_OF[op.label], [String(op.text || "").trim()]);
    } else if (op.op === "speaker") {
      if (op.from && !op.fromElsewhere) drop("speakers", [String(op.from)]);
      if (op.to) add("speakers", [String(op.to.name)]);
    }
  }
  return f;
}

/** A short sentence saying what an op did (for the Undo button and the export). */
export function describe(op) {
  if (!op) return "";
  if (op.op === "retype") return `${op.name} retyped ${op.label} → ${op.to}`;
  if (op.op === "merge") return `${op.name} merged into ${op.into?.name}`;
  if (op.op === "split") return `“${op.text}” split out of ${op.name}`;
  if (op.op === "speaker") return op.to ? `quote given to ${op.to.name}` : "quote's speaker cleared";
  return op.op;
}
