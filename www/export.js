// Export of one article's analysis (with the reader's corrections applied):
// JSON (one object) and CSV (one row per entity, mention, quote, reported
// speech, keyphrase and summary sentence). Offsets are UTF-16, end-exclusive,
// as in the page and in `analyze`. Built in memory and downloaded as a Blob.

/**
 * One CSV cell, RFC 4180: quoted when it holds a comma, a quote or a line
 * break (quotes doubled). A cell starting with `=`, `+`, `-`, `@` (or a tab or
 * carriage return) gets a leading `'`, so a spreadsheet shows it as text and
 * never runs it as a formula (CSV injection).
 */
export function csvCell(v) {
  let s = v == null ? "" : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows to CSV text (`\r\n` line ends, as RFC 4180 says). */
export function toCsv(rows) {
  return rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

function valueText(v) {
  if (!v) return "";
  return v.date || (v.start && `${v.start}/${v.end}`) || v.duration || v.time || (v.number != null ? `${v.number}${v.currency ? " " + v.currency : ""}${v.unit ? " " + v.unit : ""}` : "");
}

function speakerOf(q, a, text) {
  if (typeof q.speaker === "number" && a.entities[q.speaker]) return a.entities[q.speaker].name;
  if (q.speaker_span && q.speaker_span.end > q.speaker_span.start) return text.slice(q.speaker_span.start, q.speaker_span.end);
  return null;
}

/**
 * The export object: the article's metadata, the corrections applied, and
 * entities (with their mentions), quotes and reported speech (with speakers),
 * keyphrases and the summary (with its text).
 */
export function analysisJson({ doc, text, analysis, corrections = [], version = "" }) {
  const a = analysis;
  const quotes = (list) =>
    (list || []).map((q) => ({
      text: q.text ?? text.slice(q.start, q.end),
      start: q.start,
      end: q.end,
      speaker: speakerOf(q, a, text),
      ...(q.cue ? { cue: q.cue.text } : {}),
      ...(q.corrected ? { corrected: true } : {}),
    }));
  return {
    article: Object.fromEntries(Object.entries({ id: doc.id, title: doc.title, date: doc.date, source: doc.source, url: doc.url }).filter(([, v]) => v != null && v !== "")),
    generator: `lede ${version}`.trim(),
    corrections,
    entities: a.entities.map((e) => ({
      name: e.name,
      label: e.label,
      ...(e.aliases?.length ? { aliases: e.aliases } : {}),
      ...(e.role ? { role: e.role } : {}),
      ...(e.value ? { value: e.value } : {}),
      ...(e.corrected ? { corrected: true } : {}),
      mentions: e.mentions.map((mi) => a.mentions[mi]).filter(Boolean).map((m) => ({ start: m.start, end: m.end, text: m.text ?? text.slice(m.start, m.end) })),
    })),
    quotes: quotes(a.quotes),
    attributions: quotes(a.attributions),
    keyphrases: (a.keyphrases || []).map((k) => ({ text: k.text, score: k.score, occurrences: (k.occurrences || []).map((o) => ({ start: o.start, end: o.end })) })),
    summary: (a.summary || []).map((s) => ({ text: text.slice(s.start, s.end), start: s.start, end: s.end })),
  };
}

/** CSV columns. */
export const CSV_HEADER = ["kind", "label", "text", "start", "end", "entity", "detail"];

/** The export as CSV rows (with the header): one row per entity, mention, quote, attribution, keyphrase, summary sentence. */
export function analysisRows(input) {
  const j = analysisJson(input);
  const rows = [CSV_HEADER];
  for (const e of j.entities) {
    const detail = [`${e.mentions.length} mention${e.mentions.length === 1 ? "" : "s"}`];
    if (e.aliases) detail.push(`aliases: ${e.aliases.join("; ")}`);
    if (e.role) detail.push(`role: ${e.role}`);
    if (e.value) detail.push(`value: ${valueText(e.value)}`);
    if (e.corrected) detail.push("corrected");
    rows.push(["entity", e.label, e.name, e.mentions[0]?.start ?? "", e.mentions[0]?.end ?? "", e.name, detail.join(" | ")]);
  }
  for (const e of j.entities) for (const m of e.mentions) rows.push(["mention", e.label, m.text, m.start, m.end, e.name, ""]);
  for (const [kind, list] of [
    ["quote", j.quotes],
    ["attribution", j.attributions],
  ]) {
    for (const q of list) rows.push([kind, "", q.text, q.start, q.end, q.speaker ?? "", [q.cue ? `cue: ${q.cue}` : "", q.corrected ? "corrected" : ""].filter(Boolean).join(" | ")]);
  }
  for (const k of j.keyphrases) rows.push(["keyphrase", "", k.text, k.occurrences[0]?.start ?? "", k.occurrences[0]?.end ?? "", "", `score: ${Math.round(k.score * 1000) / 1000}`]);
  for (const s of j.summary) rows.push(["summary", "", s.text, s.start, s.end, "", ""]);
  return rows;
}

/** A file name from an article's title: letters, digits and dashes. */
export function fileName(doc, ext) {
  const base = String(doc.title || doc.id || "article")
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .replace(/\s+/g, "-")
    .slice(0, 60)
    .toLowerCase();
  return `lede-${base || "article"}.${ext}`;
}

/** Downloads `data` as a file (a Blob and a temporary object URL). */
export function download(name, type, data) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
