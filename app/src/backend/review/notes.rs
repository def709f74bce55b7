//! Reviewers' internal notes on an application: kept beside the audit trail,
//! never shown to the merchant nor put in their data download, and erased
//! with the merchant's account.

use crate::backend::store::events;
use crate::backend::AppState;
use crate::domain::review::InternalNote;
use crate::error::AppError;
use crate::model::review::NoteEntry;
use sqlx::AnyConnection;

/// Adds a note to submitted application `id` as `reviewer_id`.
#[tracing::instrument(skip_all, fields(reviewer_id = reviewer_id, application_id = id))]
pub async fn add(state: &AppState, reviewer_id: i64, id: i64, raw: &str) -> Result<(), AppError> {
    let note = InternalNote::parse(raw).map_err(|m| AppError::field("note", m))?;
    let context = AppError::context("Failed to add a note");
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await.map_err(&context)?;
    // A submission (drafts are the merchant's alone), not the reviewer's own.
    super::decide::refuse_own(&super::decide::submitted(&mut tx, id).await?, reviewer_id)?;
    sqlx::query(
        "insert into application_notes (application_id, author_id, body, created_at) \
         values ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(reviewer_id)
    .bind(note.as_str())
    .bind(now)
    .execute(&mut *tx)
    .await
    .map_err(&context)?;
    events::record(&mut tx, id, Some(reviewer_id), "note_added", now)
        .await
        .map_err(&context)?;
    tx.commit().await.map_err(&context)?;
    Ok(())
}

/// The notes on `ids` (an application and the attempts before it), newest first.
pub async fn of_chain(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<Vec<NoteEntry>, sqlx::Error> {
    // The ids come from the database as integers: inlining them is safe.
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    if list.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(i64, String, i64, String)> = sqlx::query_as(&format!(
        "select n.application_id, n.body, n.created_at, u.email from application_notes n \
         join users u on u.id = n.author_id \
         where n.application_id in ({}) order by n.created_at desc, n.id desc",
        list.join(", ")
    ))
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(application_id, body, at, author)| NoteEntry {
            application_id,
            body,
            at,
            author,
        })
        .collect())
}
