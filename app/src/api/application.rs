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
    /// A reviewer has picked it up.
    pub assigned: bool,
    pub decided_at: Option<i64>,
    pub rejection_reason: Option<String>,
    pub flagged_fields: Vec<String>,
    /// Earlier submissions, newest first.
    pub history: Vec<crate::api::review::PastSubmission>,
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
pub(crate) async fn merchant(
) -> Result<(crate::backend::AppState, crate::api::auth::CurrentUser), AppError> {
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

/// The draft's state after a save.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedDraft {
    pub version: i64,
    /// The default logo's colour, chosen when the draft was first saved.
    pub logo_color: u8,
}

/// Saves the draft. Moving to a later step checks that the earlier ones are complete.
#[server(prefix = "/api", endpoint = "save_draft")]
pub async fn save_draft(input: DraftInput) -> Result<SavedDraft, AppError> {
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

/// Uploads a Business Logo (multipart field `logo`); returns the stored logo's id.
#[server(prefix = "/api", endpoint = "upload_logo", input = leptos::server_fn::codec::MultipartFormData)]
pub async fn upload_logo(
    data: leptos::server_fn::codec::MultipartData,
) -> Result<String, AppError> {
    let (state, user) = merchant().await?;
    let bytes = read_logo_field(data).await?;
    crate::backend::logos::store_for_draft(&state, user.id, bytes).await
}

/// Reads the `logo` part, refusing more than the limit without buffering it.
#[cfg(feature = "ssr")]
async fn read_logo_field(
    data: leptos::server_fn::codec::MultipartData,
) -> Result<Vec<u8>, AppError> {
    use crate::backend::logos::{EMPTY, MAX_BYTES, TOO_LARGE};
    let unreadable = || AppError::field("logo", "The upload could not be read. Try again.");
    let mut multipart = data.into_inner().ok_or_else(unreadable)?;
    // Only a handful of parts are ever needed; a request with hundreds is refused.
    for _ in 0..8 {
        let Some(mut field) = multipart.next_field().await.map_err(|_| unreadable())? else {
            break;
        };
        if field.name() != Some("logo") {
            continue;
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|_| unreadable())? {
            if bytes.len() + chunk.len() > MAX_BYTES {
                return Err(AppError::field("logo", TOO_LARGE));
            }
            bytes.extend_from_slice(&chunk);
        }
        return Ok(bytes);
    }
    Err(AppError::field("logo", EMPTY))
}

#[server(prefix = "/api", endpoint = "remove_logo")]
pub async fn remove_logo() -> Result<(), AppError> {
    let (state, user) = merchant().await?;
    crate::backend::logos::remove_from_draft(&state, user.id).await
}

/// After a rejection: a new draft with every previous answer (and the logo), at step 2.1.
#[server(prefix = "/api", endpoint = "start_new_application")]
pub async fn start_new_application() -> Result<(), AppError> {
    let (state, user) = merchant().await?;
    crate::backend::applications::start_new(&state, user.id).await
}
