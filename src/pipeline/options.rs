//! Options of the pipeline: what the caller asks for (JSON `{date, summary,
//! keyphrases, quotes}`) and which engines that means running.

use super::errors::LedeError;
use crate::extract::summary::DEFAULT_SENTENCES;
use crate::extract::values::Ymd;

/// Options for [`analyze`](super::analyze).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnalyzeOptions {
    /// The article's date (ISO `YYYY-MM-DD`), used to resolve relative dates.
    pub date: Option<String>,
    /// Number of summary sentences wanted (default 3; fewer for short texts;
    /// 0 skips the summary).
    pub summary: Option<usize>,
    /// Number of keyphrases wanted (default 10; 0 skips them).
    pub keyphrases: Option<usize>,
    /// Whether to find quotes and attributions (default true).
    pub quotes: Option<bool>,
    /// Whether the result lists every token (default false: the token list is
    /// the bulk of a result — about 60 % of its JSON — and few callers need it).
    pub tokens: Option<bool>,
}

/// Number of keyphrases in an [`Analysis`](super::Analysis) by default.
pub const KEYPHRASES: usize = 10;

/// Which engines a pipeline run uses. The entity engine (tagger and values)
/// always runs: every other engine reads its output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Engines {
    /// Find quotes and indirect attributions.
    pub quotes: bool,
    /// Number of keyphrases wanted (0: the keyphrase engine does not run,
    /// unless the summary needs it).
    pub keyphrases: usize,
    /// Number of summary sentences wanted (0: no summary).
    pub summary: usize,
}

impl Engines {
    /// Everything `analyze` returns by default.
    pub const ALL: Engines = Engines {
        quotes: true,
        keyphrases: KEYPHRASES,
        summary: DEFAULT_SENTENCES,
    };

    /// What a search index needs of an article: names, quote speakers and
    /// keyphrases; never a summary.
    pub const SEARCH: Engines = Engines {
        quotes: true,
        keyphrases: KEYPHRASES,
        summary: 0,
    };
}

impl AnalyzeOptions {
    /// The engines these options ask for.
    pub fn engines(&self) -> Engines {
        Engines {
            quotes: self.quotes.unwrap_or(true),
            keyphrases: self.keyphrases.unwrap_or(KEYPHRASES),
            summary: self.summary.unwrap_or(DEFAULT_SENTENCES),
        }
    }

    /// Whether the result should carry the token list.
    pub fn wants_tokens(&self) -> bool {
        self.tokens.unwrap_or(false)
    }

    /// The article's date as the anchor of relative dates; an error for a
    /// date that is not `YYYY-MM-DD`.
    pub fn anchor(&self) -> Result<Option<Ymd>, LedeError> {
        match self.date.as_deref() {
            None | Some("") => Ok(None),
            Some(d) => {
                // the one date check of every face (JS, CLI): no trailing junk,
                // long input quoted only in part
                super::errors::check_date(d)?;
                Ymd::parse(d).map(Some).ok_or_else(|| {
                    LedeError::BadOptions(format!(
                        "date must be YYYY-MM-DD, got {}",
                        super::errors::quoted(d)
                    ))
                })
            }
        }
    }
}
