//! One application as a reviewer sees it: the answers, who holds it, the
//! decision, the attempts before it with what changed, and the audit trail.
//! Three queries, whatever the length of the history.

use crate::backend::store::{applications as store, events};
use crate::backend::AppState;
use crate::domain::Status;
use crate::error::AppError;
use crate::model::review::{changes, ApplicationDetail, PastSubmission};
use sqlx::AnyConnection;

/// The emails of the people around an application.
#[derive(sqlx::FromRow)]
struct People {
    account_email: String,
    assignee: Option<String>,
    decided_by: Option<String>,
}

async fn people(conn: &mut AnyConnection, id: i64) -> Result<People, sqlx::Error> {
    sqlx::query_as(
        "select u.email as account_email, r.email as assignee, d.email as decided_by \
         from applications a join users u on u.id = a.user_id \
         left join users r on r.id = a.assigned_to left join users d on d.id = a.decided_by \
         where a.id = $1",
    )
    .bind(id)
    .fetch_one(conn)
    .await
}

#[tracing::instrument(skip_all, fields(reviewer_id = reviewer_id, application_id = id))]
pub async fn detail(
    state: &AppState,
    reviewer_id: i64,
    id: i64,
) -> Result<ApplicationDetail, AppError> {
    let context = AppError::context("Failed to load an application");
    let mut conn = state.db.pool().acquire().await.map_err(&context)?;
    let current = store::by_id(&mut conn, id)
        .await
        .map_err(&context)?
        .filter(|a| a.status != Status::Draft)
        .ok_or(AppError::NotFound)?;
    let people = people(&mut conn, id).await.map_err(&context)?;
    let earlier = store::earlier(&mut conn, id).await.map_err(&context)?;
    let changes_since = earlier
        .first()
        .map(|previous| {
            changes(
                &previous.draft.details,
                previous.draft.logo_id.as_deref(),
                &current.draft.details,
                current.draft.logo_id.as_deref(),
            )
        })
        .unwrap_or_default();
    let chain: Vec<i64> = std::iter::once(id)
        .chain(earlier.iter().map(|a| a.id))
        .collect();
    let events = events::of_chain(&mut conn, &chain)
        .await
        .map_err(&context)?;
    let notes = super::notes::of_chain(&mut conn, &chain)
        .await
        .map_err(&context)?;
    Ok(ApplicationDetail {
        id,
        status: current.status,
        overdue: current.status == Status::InReview && current.due_at < state.clock.now(),
        details: current.draft.details,
        logo_id: current.draft.logo_id,
        logo_color: current.draft.logo_color,
        account_email: people.account_email,
        submitted_at: current.submitted_at,
        due_at: current.due_at,
        assignee: people.assignee,
        assigned_to_me: current.assigned_to == Some(reviewer_id),
        decided_by: people.decided_by,
        decided_at: current.decided_at,
        rejection_reason: current.rejection_reason,
        flagged_fields: current.flagged_fields,
        has_previous: !earlier.is_empty(),
        history: earlier.iter().map(PastSubmission::from).collect(),
        changes: changes_since,
        events,
        notes,
    })
}
