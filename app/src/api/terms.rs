use crate::error::AppError;
use leptos::prelude::*;
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

#[server(prefix = "/api", endpoint = "terms", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_terms() -> Result<TermsOfService, AppError> {
    let state = crate::backend::AppState::from_context()?;
    crate::backend::terms::current(&state.db)
        .await
        .map_err(|e| AppError::internal("Failed to read the Terms of Service", e))?
        .ok_or(AppError::NotFound)
}
