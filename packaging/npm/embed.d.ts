// Types of `import "lede/embed"` (or <script type="module" src=".../lede/embed.js">).
import type { Analysis, Entity } from "./pkg/lede.js";

/**
 * The engine client shared by the elements (a module Worker, or the page's thread),
 * speaking Lede's worker protocol (`protocol.js`): `{id, type, ...args}` in,
 * `{id, ok, result | error}` out.
 */
export interface LedeEngine {
  mode: "worker" | "main";
  call(type: "analyze", args: { text: string; options?: { date?: string } }): Promise<Analysis>;
  /** UTF-16 ranges of what `query` matches in `text` (the core's analyzer). */
  call(type: "highlight", args: { text: string; query: string }): Promise<{ start: number; end: number }[]>;
  call(type: string, args?: unknown): Promise<unknown>;
  /** Receives the events a long request posts (`{type: "progress", ...}`); returns the unsubscribe. */
  listen(fn: (event: { type: string; [k: string]: unknown }) => void): () => void;
}
export function engine(): Promise<LedeEngine>;

/** Reads an element's text as Lede does: block elements separated by blank lines. */
export function readText(root: Node): { text: string; segs: { node: Text; start: number }[] };

export const LABEL_NAMES: Record<string, string>;

/**
 * `<lede-article>`: decorates the article it wraps (or the one `for="selector"`
 * names) with its people, places, organizations and other names.
 * Attributes: `for`, `types`, `cards`, `summary`, `theme`, `date`, `manual`.
 */
export class LedeArticle extends HTMLElement {
  /** The last analysis, or null before it and after `clear()`. */
  readonly analysis: Analysis | null;
  /** The text that was analyzed (as read from the DOM). */
  readonly text: string;
  /** The element whose text is analyzed. */
  readonly target: Element | null;
  /** Reads the article, analyzes it in the worker, decorates it; resolves to the analysis. */
  analyze(): Promise<Analysis>;
  /** Removes every decoration; the host's DOM is restored exactly (same nodes). */
  clear(): void;
  /** Opens the card of entity `index` next to `anchor`. */
  openCard(index: number, anchor: Element, mention?: number): void;
  closeCard(restoreFocus?: boolean): void;
  /** The <mark> elements of one entity, in text order. */
  marksOf(entity: number): HTMLElement[];
}

/** One result of `<lede-search>`: a `Corpus.search` hit with the article's `url` when known. */
export interface LedeSearchHit {
  id: string;
  title: string;
  score: number;
  url: string | null;
  date?: string;
  source?: string;
  titleHighlights: { start: number; end: number }[];
  snippet: { text: string; start: number; end: number; highlights: { start: number; end: number }[] };
  matches: { start: number; end: number }[];
}

/**
 * `<lede-search>`: a search box (WAI-ARIA combobox) over `src`: JSON Lines, a `lede index` file, or a
 * sharded static index (`lede index --sharded`: a directory URL ending in `/`, or any URL with the
 * `sharded` attribute), of which each query fetches only the files it needs.
 * Attributes: `src`, `sharded`, `label`, `label-hidden`, `placeholder`, `limit`, `prefix`, `fuzzy`, `href`, `theme`, `preload`.
 */
export class LedeSearch extends HTMLElement {
  value: string;
  readonly results: LedeSearchHit[];
  /** Loads the corpus (once; for a sharded index, its manifest only); resolves to its size. */
  load(): Promise<{ size: number | null; sharded: boolean }>;
  search(query: string): Promise<{ results: LedeSearchHit[]; total: number }>;
  /** Chooses result `i` (dispatches the cancelable `lede:select`, then navigates). */
  select(i: number): void;
}

export interface LedeEvents {
  "lede:analyzed": CustomEvent<{ analysis: Analysis; text: string; marks: number }>;
  "lede:select": CustomEvent<
    | { entity: Entity; index: number; mention: number | null }
    | { id: string; title: string; url: string | null; query: string; result: LedeSearchHit }
  >;
  "lede:hits": CustomEvent<{ query: string; count: number; ranges: Range[] }>;
  "lede:cleared": CustomEvent<Record<string, never>>;
  "lede:ready": CustomEvent<{ src: string; size: number | null }>;
  "lede:results": CustomEvent<{ query: string; total: number; results: LedeSearchHit[] }>;
  "lede:error": CustomEvent<{ message: string }>;
}

declare global {
  interface HTMLElementTagNameMap {
    "lede-article": LedeArticle;
    "lede-search": LedeSearch;
  }
  interface HTMLElementEventMap extends LedeEvents {}
}
