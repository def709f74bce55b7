use serde::{Deserialize, Serialize};

/// A published version of the Terms of Service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsOfService {
    pub version: String,
    pub title: String,
    /// Paragraphs separated by blank lines; a line starting `## ` is a heading.
    pub body: String,
    pub published_at: i64,
}
