use crate::domain::application::{BusinessDetails, Status};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One row of the reviewers' queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub id: i64,
    pub company_name: String,
    pub applicant: String,
    pub submitted_at: i64,
    pub due_at: i64,
    pub status: Status,
    pub assignee: Option<String>,
    /// Still in review after its due date.
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePage {
    pub rows: Vec<QueueRow>,
    /// The cursor for the next page, when there is one.
    pub next: Option<String>,
}

/// A field that differs from the previous submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub label: String,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastSubmission {
    pub id: i64,
    pub submitted_at: i64,
    pub status: Status,
    pub rejection_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub kind: String,
    pub actor: Option<String>,
    pub at: i64,
    pub application_id: i64,
}

/// Everything a reviewer needs to decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationDetail {
    pub id: i64,
    pub status: Status,
    pub details: BusinessDetails,
    pub logo_id: Option<String>,
    pub logo_color: u8,
    pub account_email: String,
    pub submitted_at: i64,
    pub due_at: i64,
    pub overdue: bool,
    pub assignee: Option<String>,
    pub assigned_to_me: bool,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
    pub rejection_reason: Option<String>,
    pub flagged_fields: Vec<String>,
    /// Earlier submissions of the same merchant, newest first.
    pub history: Vec<PastSubmission>,
    /// What changed since the previous submission (empty for a first one).
    pub changes: Vec<FieldChange>,
    pub has_previous: bool,
    pub events: Vec<AuditEvent>,
}

#[cfg(feature = "ssr")]
async fn reviewer() -> Result<(crate::backend::AppState, crate::api::auth::CurrentUser), AppError> {
    let (state, session) = crate::api::auth::ssr::context().await?;
    let user =
        crate::backend::session::require_role(&state, &session, crate::domain::Role::Reviewer)
            .await?;
    Ok((state, user))
}

#[server(prefix = "/api", endpoint = "review_queue", input = leptos::server_fn::codec::GetUrl)]
pub async fn review_queue(
    status: Status,
    search: String,
    after: Option<String>,
) -> Result<QueuePage, AppError> {
    let (state, _) = reviewer().await?;
    crate::backend::review::queue(&state, status, &search, after.as_deref()).await
}

#[server(prefix = "/api", endpoint = "review_detail", input = leptos::server_fn::codec::GetUrl)]
pub async fn review_detail(id: i64) -> Result<ApplicationDetail, AppError> {
    let (state, user) = reviewer().await?;
    crate::backend::review::detail(&state, user.id, id).await
}

/// Claims the application; `take_over` confirms taking it from another reviewer.
#[server(prefix = "/api", endpoint = "assign_to_me")]
pub async fn assign_to_me(id: i64, take_over: bool) -> Result<(), AppError> {
    let (state, user) = reviewer().await?;
    crate::backend::review::assign(&state, user.id, id, take_over).await
}

#[server(prefix = "/api", endpoint = "approve")]
pub async fn approve(id: i64) -> Result<(), AppError> {
    let (state, user) = reviewer().await?;
    crate::backend::review::approve(&state, user.id, id).await
}

#[server(prefix = "/api", endpoint = "reject")]
pub async fn reject(
    id: i64,
    reason: String,
    #[server(default)] fields: Vec<String>,
) -> Result<(), AppError> {
    let (state, user) = reviewer().await?;
    crate::backend::review::reject(&state, user.id, id, &reason, &fields).await
}
