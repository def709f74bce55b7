use crate::domain::application::{BusinessDetails, Status, Step};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The merchant's application while it can be edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// 0 until the first save.
    pub version: i64,
    pub step: Step,
    pub role_selected: bool,
    pub details: BusinessDetails,
    pub logo_id: Option<String>,
    /// Index into the default logo's palette, chosen once when the draft is created.
    pub logo_color: u8,
}

/// A submitted application, as its merchant sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    pub id: i64,
    pub status: Status,
    pub submitted_at: i64,
    pub due_at: i64,
    pub details: BusinessDetails,
    pub logo_id: Option<String>,
    pub logo_color: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MyApplication {
    Draft(Draft),
    Submitted(Submission),
}

/// What the wizard sends when it saves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DraftInput {
    /// The version the browser last saw (0 for a draft never saved).
    pub version: i64,
    pub step: Step,
    pub role_selected: bool,
    pub details: BusinessDetails,
}

pub const STALE_DRAFT: &str =
    "Your application was changed in another tab or browser. Reload the page to see the latest version.";

#[cfg(feature = "ssr")]
async fn merchant() -> Result<(crate::backend::AppState, crate::api::auth::CurrentUser), AppError> {
    let (state, session) = crate::api::auth::ssr::context().await?;
    let user =
        crate::backend::session::require_role(&state, &session, crate::domain::Role::Merchant)
            .await?;
    Ok((state, user))
}

#[server(prefix = "/api", endpoint = "my_application", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_my_application() -> Result<MyApplication, AppError> {
    let (state, user) = merchant().await?;
    crate::backend::applications::mine(&state, user.id).await
}

/// Saves the draft; returns its new version. Moving to a later step checks
/// that the earlier ones are complete.
#[server(prefix = "/api", endpoint = "save_draft")]
pub async fn save_draft(input: DraftInput) -> Result<i64, AppError> {
    let (state, user) = merchant().await?;
    crate::backend::applications::save_draft(&state, user.id, &input).await
}

/// Submits the draft seen at `version`; submitting again returns the same submission.
#[server(prefix = "/api", endpoint = "submit_application")]
pub async fn submit_application(version: i64) -> Result<Submission, AppError> {
    let (state, user) = merchant().await?;
    crate::backend::applications::submit(&state, user.id, version).await
}

/// Takes an application out of review; it becomes an editable draft again.
#[server(prefix = "/api", endpoint = "withdraw_application")]
pub async fn withdraw_application(id: i64) -> Result<(), AppError> {
    let (state, user) = merchant().await?;
    crate::backend::applications::withdraw(&state, user.id, id).await
}
