use crate::error::AppError;
use crate::model::terms::TermsOfService;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "terms", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_terms(
    // The English text even for a reader of another language (`?original=true`).
    #[server(default)] original: bool,
) -> Result<TermsOfService, AppError> {
    let state = crate::backend::AppState::from_context()?;
    let locale = if original {
        crate::i18n::Locale::En
    } else {
        crate::i18n::locale()
    };
    crate::backend::terms::current_in(&state, locale).await
}

/// The logged-in merchant accepts the current Terms of Service, which they
/// were shown as `version`; returns where to go next (`next` if it is a
/// local path, else the account's home).
#[server(prefix = "/api", endpoint = "accept_terms")]
pub async fn accept_terms(
    version: String,
    accept_terms: Option<String>,
    next: Option<String>,
) -> Result<String, AppError> {
    use crate::api::auth::ssr;
    let (state, session) = ssr::context().await?;
    let user = crate::backend::session::require_user(&state, &session).await?;
    let req = ssr::request_info().await;
    let agreed = accept_terms.as_deref() == Some("true");
    crate::backend::terms::accept(&state, user.id, &version, agreed, &req).await?;
    let home = crate::backend::workspaces::landing(&state, user.id, user.role).await?;
    Ok(crate::model::account::safe_next(next.as_deref()).unwrap_or_else(|| home.to_owned()))
}
