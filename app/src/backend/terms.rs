use super::Db;
use crate::api::terms::TermsOfService;

/// The most recently published Terms of Service.
pub async fn current(db: &Db) -> Result<Option<TermsOfService>, sqlx::Error> {
    let row: Option<(String, String, String, i64)> = sqlx::query_as(
        "select version, title, body, published_at from terms_versions \
         order by published_at desc limit 1",
    )
    .fetch_optional(db.pool())
    .await?;
    Ok(
        row.map(|(version, title, body, published_at)| TermsOfService {
            version,
            title,
            body,
            published_at,
        }),
    )
}
