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

/// Why the acceptance form refuses, in the browser and from the server.
pub const MUST_ACCEPT: &str = "Agree to the Terms of Service to continue.";
pub const CHANGED_WHILE_READING: &str =
    "The Terms of Service changed while you were reading them. Read the new version and accept it to continue.";
/// What a merchant's request is answered with until they accept new terms.
pub const TERMS_PENDING: &str =
    "Our Terms of Service have changed. Accept the new version to continue.";
