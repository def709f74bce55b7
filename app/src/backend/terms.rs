use super::AppState;
use crate::error::AppError;
use crate::model::terms::TermsOfService;

/// The most recently published Terms of Service.
pub async fn current(state: &AppState) -> Result<TermsOfService, AppError> {
    let row: Option<(String, String, String, i64)> = sqlx::query_as(
        "select version, title, body, published_at from terms_versions \
         order by published_at desc limit 1",
    )
    .fetch_optional(state.db.pool())
    .await
    .map_err(AppError::context("Failed to read the Terms of Service"))?;
    let (version, title, body, published_at) = row.ok_or(AppError::NotFound)?;
    Ok(TermsOfService {
        version,
        title,
        body,
        published_at,
    })
}
