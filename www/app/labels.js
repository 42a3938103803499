// What the page calls each type of name and value (the core's labels:
// PER, ORG, LOC, ...), in the order the page lists them, and how it tells an
// uncertain name (the core's calibrated confidence below one half) and an
// article in a language the entity model was not trained on. Plain data and
// functions: the article view, the panels, the card, the chart and the
// search all read them.

export const LABELS = {
  PER: ["Person", "People"],
  ORG: ["Organization", "Organizations"],
  LOC: ["Place", "Places"],
  MISC: ["Other name", "Other names"],
  DATE: ["Date", "Dates"],
  TIME: ["Time", "Times"],
  MONEY: ["Money", "Money"],
  PERCENT: ["Percent", "Percentages"],
  QUANTITY: ["Quantity", "Quantities"],
  ORDINAL: ["Ordinal", "Ordinals"],
  CARDINAL: ["Number", "Numbers"],
};
export const ORDER = Object.keys(LABELS);

/**
 * Names below this confidence are uncertain: the core's calibrated scores say
 * such a span and type are more often wrong than right (the same value as
 * `UNCERTAIN_BELOW` in src/extract/entities/mod.rs). They are marked in the
 * text and the list, and left out of the chart and the facets unless the
 * reader ticks "Include uncertain names". A name the reader corrected is sure.
 */
const UNCERTAIN_BELOW = 0.5;
export const isUncertain = (x) => !x?.corrected && typeof x?.confidence === "number" && x.confidence < UNCERTAIN_BELOW;
export const pct = (c) => `${Math.round(c * 100)}%`;

/** True when the core says the article is in a language the entity model was not trained on (names by shape only). */
export function foreignLanguage(analysis) {
  const l = analysis?.language;
  return !!l && l.code !== "en" && l.code !== "und" && l.confidence >= 0.5;
}
export function languageName(code) {
  try {
    return new Intl.DisplayNames(["en"], { type: "language" }).of(code) || code;
  } catch {
    return code;
  }
}
