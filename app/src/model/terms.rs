use serde::{Deserialize, Serialize};

/// A published version of the Terms of Service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsOfService {
    pub version: String,
    pub title: String,
    /// Paragraphs separated by blank lines; a line starting `## ` is a heading.
    pub body: String,
    pub published_at: i64,
    /// The language of `title` and `body`: English (the authoritative
    /// text) unless a translation into the reader's language was published.
    pub language: crate::i18n::Locale,
}
