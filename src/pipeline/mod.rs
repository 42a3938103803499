//! The pipeline: the layer above the engines and the search index that turns
//! a request into engine runs and engine output into what callers get.
//!
//! - [`errors`]: input checks and [`LedeError`] (every build);
//! - [`options`]: what the caller asks for and which [`Engines`] that runs;
//! - [`run`]: the typed pipeline (byte ranges, [`Label`](crate::extract::Label)
//!   enums) over one text, each engine at most once;
//! - [`view`]: the UTF-16 JSON [`Analysis`] that JS and `lede analyze` see;
//! - [`enrich`]: an article's search fields, the only place where extraction
//!   meets search.
//!
//! Everything but [`errors`] needs the `extract` feature (the search-only
//! wasm build has no engines).

#[cfg(feature = "extract")]
pub mod enrich;
pub mod errors;
#[cfg(feature = "extract")]
pub mod options;
#[cfg(feature = "extract")]
pub mod run;
#[cfg(feature = "extract")]
pub mod view;

#[cfg(feature = "extract")]
pub use enrich::{add_enriched, enrich, enriched_corpus, search_fields, Enrichment, NameCount};
pub use errors::{decode_utf8, validate_text, LedeError, MAX_TEXT_BYTES};
#[cfg(feature = "extract")]
pub use options::{AnalyzeOptions, Engines, KEYPHRASES};
#[cfg(feature = "extract")]
pub use run::{run, Extraction};
#[cfg(feature = "extract")]
pub use view::{
    analyze, analyze_json, summarize_json, summarize_text, Analysis, CueOut, EntityOut,
    KeyphraseOut, MentionOut, QuoteOut, SummaryOut, TokenOut,
};
