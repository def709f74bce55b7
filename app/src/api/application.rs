//! The merchant's application: drafts, submission, withdrawal, the logo.

use crate::error::AppError;
use crate::model::application::{DraftInput, MyApplication, SavedDraft, Submission};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub(crate) async fn merchant() -> Result<super::auth::ssr::SignedIn, AppError> {
    super::auth::ssr::signed_in_as(crate::domain::Role::Merchant).await
}

#[server(prefix = "/api", endpoint = "my_application", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_my_application() -> Result<MyApplication, AppError> {
    let (state, user) = merchant().await?;
    crate::backend::applications::mine(&state, user.id).await
}

/// Saves the draft. Moving to a later step checks that the earlier ones are complete.
#[server(prefix = "/api", endpoint = "save_draft")]
pub async fn save_draft(input: DraftInput) -> Result<SavedDraft, AppError> {
    let (state, session) = super::auth::ssr::context().await?;
    crate::backend::applications::save_draft_in_session(&state, &session, &input).await
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
/// Whatever the answer, the rest of the body is read first (the route's body
/// limit bounds it), so the client gets the answer instead of a reset.
#[cfg(feature = "ssr")]
async fn read_logo_field(
    data: leptos::server_fn::codec::MultipartData,
) -> Result<Vec<u8>, AppError> {
    use crate::backend::logos::{empty, too_large, MAX_BYTES};
    /// Only a handful of parts are ever needed.
    const MAX_PARTS: usize = 8;
    let unreadable = || AppError::field("logo", crate::i18n::texts().fields().upload_unreadable);
    let mut multipart = data.into_inner().ok_or_else(unreadable)?;
    let mut logo = None;
    let mut parts = 0;
    while let Some(mut field) = multipart.next_field().await.map_err(|_| unreadable())? {
        parts += 1;
        if parts > MAX_PARTS {
            // A field must be gone before the next one can be read.
            drop(field);
            while let Ok(Some(_)) = multipart.next_field().await {}
            return Err(AppError::field(
                "logo",
                crate::i18n::texts().fields().upload_too_many_parts,
            ));
        }
        if field.name() != Some("logo") || logo.is_some() {
            continue;
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|_| unreadable())? {
            if bytes.len() + chunk.len() > MAX_BYTES {
                drop(field);
                while let Ok(Some(_)) = multipart.next_field().await {}
                return Err(AppError::field("logo", too_large()));
            }
            bytes.extend_from_slice(&chunk);
        }
        logo = Some(bytes);
    }
    logo.ok_or_else(|| AppError::field("logo", empty()))
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
