//! The reviewers' side: the queue, one application, claiming and deciding.

use crate::error::AppError;
use crate::model::metrics::Metrics;
use crate::model::operations::DeadItem;
use crate::model::review::{ApplicationDetail, QueuePage};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
async fn reviewer() -> Result<super::auth::ssr::SignedIn, AppError> {
    super::auth::ssr::signed_in_as(crate::domain::Role::Reviewer).await
}

/// One page of the queue as the URL asks: `status` (a status or `all`),
/// `holder` (`anyone`, `me`, `unassigned`), `overdue`, `sort` (`due`, `-due`,
/// `submitted`, `-submitted`), `search`, and a page cursor.
#[server(prefix = "/api", endpoint = "review_queue", input = leptos::server_fn::codec::GetUrl)]
pub async fn review_queue(
    status: String,
    #[server(default)] holder: String,
    #[server(default)] overdue: bool,
    #[server(default)] sort: String,
    search: String,
    after: Option<String>,
    #[server(default)] before: Option<String>,
) -> Result<QueuePage, AppError> {
    use crate::model::queue::{PageAt, QueueView};
    let (state, user) = reviewer().await?;
    let view = QueueView::parse(&status, &holder, overdue, &sort, &search).map_err(|param| {
        AppError::field(param, crate::i18n::texts().review().filter_not_offered)
    })?;
    let at = match (
        after.filter(|a| !a.is_empty()),
        before.filter(|b| !b.is_empty()),
    ) {
        (Some(after), _) => PageAt::After(after),
        (None, Some(before)) => PageAt::Before(before),
        (None, None) => PageAt::First,
    };
    crate::backend::review::queue(&state, user.id, &view, &at).await
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

/// Gives an application the caller holds back to the queue, unassigned.
#[server(prefix = "/api", endpoint = "release_assignment")]
pub async fn release_assignment(id: i64) -> Result<(), AppError> {
    let (state, user) = reviewer().await?;
    crate::backend::review::release(&state, user.id, id).await
}

/// Adds an internal note (reviewers only; the merchant never sees it).
#[server(prefix = "/api", endpoint = "add_note")]
pub async fn add_note(id: i64, note: String) -> Result<(), AppError> {
    let (state, user) = reviewer().await?;
    crate::backend::review::notes::add(&state, user.id, id, &note).await
}

/// Sends the application back to the merchant as an editable draft with
/// what to change; their resubmission comes back to the caller.
#[server(prefix = "/api", endpoint = "request_changes")]
pub async fn request_changes(
    id: i64,
    reason: String,
    #[server(default)] fields: Vec<String>,
) -> Result<(), AppError> {
    let (state, user) = reviewer().await?;
    crate::backend::review::request_changes(&state, user.id, id, &reason, &fields).await
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

/// The service level over the last `days` (7, 30 or 90).
#[server(prefix = "/api", endpoint = "review_metrics", input = leptos::server_fn::codec::GetUrl)]
pub async fn review_metrics(days: i64) -> Result<Metrics, AppError> {
    let (state, _) = reviewer().await?;
    crate::backend::review::metrics::metrics(&state, days).await
}

/// Mail and jobs that failed for good.
#[server(prefix = "/api", endpoint = "dead_items", input = leptos::server_fn::codec::GetUrl)]
pub async fn dead_items() -> Result<Vec<DeadItem>, AppError> {
    let (state, _) = reviewer().await?;
    crate::backend::queue::dead_items(&state).await
}

/// Queues a dead mail or job (`mail-12`) again; answers its id.
#[server(prefix = "/api", endpoint = "retry_dead_item")]
pub async fn retry_dead_item(entry: String) -> Result<String, AppError> {
    let (state, user) = reviewer().await?;
    crate::backend::queue::retry_item(&state, user.id, &entry).await
}
