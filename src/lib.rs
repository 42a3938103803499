//! Lede: a news-article analyzer that runs in the browser (WebAssembly) and natively.
//!
//! The crate is organised by concern:
//! - [`analyze`]: the pipeline that returns one object per article;
//! - [`text`]: normalization, tokens, sentences, paragraphs, UTF-8 ↔ UTF-16 offsets;
//! - [`extract`]: entities, aliases, quotes, keyphrases, summaries;
//! - [`search`]: the cross-article search engine;
//! - `wasm` (wasm32 only): the thin `#[wasm_bindgen]` face.

pub mod analyze;
pub mod extract;
pub mod search;
pub mod text;
#[cfg(feature = "train")]
pub mod train;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
#[cfg(target_arch = "wasm32")]
pub mod wasm_model;
