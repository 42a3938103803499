//! The TypeScript types of the JS face: the shapes of what `analyze` and
//! the search classes take and return, as `wasm-bindgen` custom sections
//! that it copies into the generated `lede.d.ts`.
//!
//! The exports themselves are typed through `unchecked_param_type` and
//! `unchecked_return_type` attributes that name these interfaces (every
//! argument crosses as a `JsValue` that [`super::read`] checks, so
//! wasm-bindgen could not infer them). They live here, apart from the code,
//! so that a change of a result's shape in `pipeline::view` or
//! `search::json` has one place to be mirrored; the analysis types exist
//! only in builds with the extraction engines.

use wasm_bindgen::prelude::*;

#[cfg(feature = "extract")]
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** One token: its range and its case- and diacritic-folded form. */
export interface Token extends Span { norm: string; }
/** Options for `analyze`. */
export interface AnalyzeOptions {
  /** The article's date, ISO `YYYY-MM-DD`, to resolve relative dates. */
  date?: string;
  /** Number of summary sentences (default 3; fewer for short texts; 0 skips the summary). */
  summary?: number;
  /** Number of keyphrases (default 10; 0 skips them). */
  keyphrases?: number;
  /** Find quotes and attributions (default true). */
  quotes?: boolean;
  /** List every token in `Analysis.tokens` (default false: the bulk of a result). */
  tokens?: boolean;
}
/** Entity and value labels. */
export type Label = "PER" | "ORG" | "LOC" | "MISC" | "DATE" | "TIME" | "MONEY" | "PERCENT" | "QUANTITY" | "ORDINAL" | "CARDINAL";
/** One mention of an entity or value in the text. */
export interface Mention extends Span {
  /** `text.slice(start, end)`. */
  text: string;
  label: Label;
  /** Index into `Analysis.entities`. */
  entity: number;
  /** How sure the tagger is, 0–1 (calibrated; pattern-found values: 1). */
  confidence: number;
}
/** A normalized value: which fields are present depends on the label. */
export interface Value {
  /** DATE: an exact day, `YYYY-MM-DD` (`--MM-DD` when the year is unknown). */
  date?: string;
  /** DATE: a range, inclusive, `YYYY-MM-DD`. */
  start?: string;
  end?: string;
  /** DATE: a duration, ISO 8601 (`P3M`). */
  duration?: string;
  /** TIME: `HH:MM`, 24 h. */
  time?: string;
  /** MONEY, PERCENT, QUANTITY, ORDINAL, CARDINAL. */
  number?: number;
  /** MONEY: ISO 4217 code. */
  currency?: string;
  /** QUANTITY: unit (`km`, `kg`, `mph`, ...). */
  unit?: string;
}
/** A relation from an entity to another (a demonym to its country). */
export interface Related {
  relation: "demonym-of";
  name: string;
  /** Index into `Analysis.entities` when the related thing is in the article. */
  entity?: number;
}
/** One thing the article mentions, with all its mentions grouped. */
export interface Entity {
  /** Canonical name: the fullest form used. */
  name: string;
  label: Label;
  /** Indices into `Analysis.mentions`. */
  mentions: number[];
  /** Other surface forms (`Shoigu`, `KCNA`). */
  aliases: string[];
  /** Title or role kept apart from the name (`Defense Minister`). */
  role?: string;
  value?: Value;
  related?: Related;
  /** Highest confidence of its mentions, 0–1. */
  confidence: number;
  /** How much the article is about it, 0–1 (the first name has 1; values 0). */
  salience: number;
}
/** A speech cue: its range and text (`said`, `according to`). */
export interface Cue extends Span { text: string; }
/** A direct quote (words inside the marks) or an indirect attribution (the reported content). */
export interface Quote extends Span {
  text: string;
  /** The words naming the speaker (may be a pronoun or a description). */
  speaker_span: Span | null;
  /** Index of the resolved speaker in `entities`. */
  speaker: number | null;
  cue: Cue | null;
}
/** A keyphrase with its score and where it occurs. */
export interface Keyphrase { text: string; score: number; occurrences: Span[]; }
/** A summary sentence: its index in `sentences` and its range. */
export interface SummarySentence extends Span { sentence: number; }
/** The analysis of one article. All ranges are UTF-16 code units, end-exclusive. */
export interface Analysis {
  paragraphs: Span[];
  sentences: Span[];
  /** Every token; present only with `{tokens: true}`. */
  tokens?: Token[];
  /** Mentions in text order. */
  mentions: Mention[];
  /** Names by salience (lead, speaking, repetition, spread), then values. */
  entities: Entity[];
  /** Direct quotes, in text order. */
  quotes: Quote[];
  /** Indirect speech (`X said that …`), in text order. */
  attributions: Quote[];
  /** Top keyphrases, best first. */
  keyphrases: Keyphrase[];
  /** Extractive summary, in article order. */
  summary: SummarySentence[];
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const TS_SEARCH_TYPES: &'static str = r#"
/** A UTF-16, end-exclusive range: `text.slice(start, end)` is the span. */
export interface Span { start: number; end: number; }
/** A document to index. Adding an existing `id` replaces that document. */
export interface SearchDocument {
  id: string;
  title?: string;
  text?: string;
  /** Publication date, e.g. ISO `YYYY-MM-DD`. */
  date?: string;
  source?: string;
  url?: string;
  /** Language of the text (BCP 47: `en`, `fr`, `ja`…): picks stemming and folding. */
  lang?: string;
}
/** Extracted fields of a document: names and aliases as plain strings. */
export interface DocFields {
  people?: string[];
  orgs?: string[];
  places?: string[];
  speakers?: string[];
  keyphrases?: string[];
}
/** Options for `Corpus.search`. */
export interface SearchOptions {
  /** Most results (default 10, at most 1000). */
  limit?: number;
  /** Results skipped first (paging). */
  offset?: number;
  /** Match the last word as a prefix (search as you type). Default false. */
  prefix?: boolean;
  /** Tolerate typos (1 edit from 5 letters, 2 from 9). Default true. */
  fuzzy?: boolean;
  /** Attach each result's score breakdown. Default false. */
  explain?: boolean;
  /** Compute highlights, snippets and match ranges. Default true. */
  highlight?: boolean;
  /** Count the top people, organizations and places of all results. Default true; false leaves `facets` empty (ranked results only, faster). */
  facets?: boolean;
  /** Keep only results whose field has exactly this value; `total` and `facets` count what is left. */
  filters?: SearchFilter[];
}
/** A facet filter. */
export interface SearchFilter { field: "person" | "org" | "place" | "speaker" | "keyphrase"; value: string; }
/** A name an added article mentions, with its mention count and confidence (0–1). */
export interface NameCount { name: string; label: "PER" | "ORG" | "LOC" | "MISC"; mentions: number; confidence: number; }
/** What `Corpus.add` extracted: the article's names, most salient first (empty when fields were given or entities are off). */
export interface AddResult { entities: NameCount[]; }
/** A stored document (without its text) and its fields, from `Corpus.get`. */
export interface StoredDocument { id: string; title: string; date?: string; source?: string; url?: string; fields: DocFields; }
/** A query-biased snippet; `start`/`end` are UTF-16 offsets in the body, `highlights` are relative to the snippet. */
export interface Snippet { text: string; start: number; end: number; highlights: Span[]; }
/** One clause's part of a score. */
export interface ExplainClause {
  query: string;
  term: string;
  kind: "exact" | "stem" | "prefix" | "typo" | "phrase";
  score: number;
  fields: Array<"title" | "body" | "person" | "org" | "place" | "speaker" | "keyphrase">;
}
/** A result's score breakdown. */
export interface Explain { coverage: number; required: number; clauses: ExplainClause[]; proximity: number; score: number; }
/** One search result. All ranges are UTF-16, end-exclusive. */
export interface SearchHit {
  id: string;
  title: string;
  score: number;
  titleHighlights: Span[];
  snippet: Snippet;
  /** Every match in the body, article-relative. */
  matches: Span[];
  /** Present (true) when `matches` stopped at the per-hit cap (a very long article). */
  matchesCut?: boolean;
  explain?: Explain;
}
/** A facet value and the number of matching documents that have it. */
export interface FacetCount { value: string; count: number; }
/** Top people, organizations and places over all matching documents. */
export interface Facets { people: FacetCount[]; orgs: FacetCount[]; places: FacetCount[]; }
/** What `Corpus.search` returns. */
export interface SearchResults { results: SearchHit[]; facets: Facets; total: number; }
/** An article related to another one. */
export interface RelatedArticle { id: string; title: string; score: number; shared: string[]; }
"#;
