//! Lede: a news-article analyzer that runs in the browser (WebAssembly) and natively.
//!
//! The crate is layered; each layer imports only the ones below it (see
//! `ARCHITECTURE.md`):
//! - [`text`]: the one analyzer (tokens, folding, stemming, stop words,
//!   sentences, offsets) and small shared building blocks;
//! - `extract` (feature `extract`): the engines — entities (tagger and
//!   values), quotes, keyphrases, summaries;
//! - [`search`]: the cross-article search engine (imports [`text`] only);
//! - [`pipeline`]: options, the typed pipeline over the engines, the UTF-16
//!   JSON view, and the search fields of an article;
//! - `wasm` (wasm32 only): the thin `#[wasm_bindgen]` face;
//! - `eval`, `cli`, `train` (features, native only): evaluation on research
//!   corpora, the command line's helpers, model training.

#[cfg(feature = "extract")]
pub mod extract;
pub mod pipeline;
pub mod search;
pub mod text;
#[cfg(feature = "train")]
pub mod train;

#[cfg(all(feature = "cli", not(target_arch = "wasm32")))]
pub mod cli;
#[cfg(all(feature = "eval", not(target_arch = "wasm32")))]
pub mod eval;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
#[cfg(target_arch = "wasm32")]
pub mod wasm_alloc;
#[cfg(all(target_arch = "wasm32", feature = "extract"))]
pub mod wasm_model;
