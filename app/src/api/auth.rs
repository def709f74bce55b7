//! Accounts: the current user, signup with an emailed code, login, logout.

use crate::domain::signup::{LoginInput, NewPasswordInput, SignupInput};
use crate::error::AppError;
use crate::model::account::{CurrentUser, SignedIn};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::backend::{accounts::RequestInfo, AppState};
    use crate::error::AppError;

    pub async fn session() -> Result<tower_sessions::Session, AppError> {
        leptos_axum::extract::<tower_sessions::Session>()
            .await
            .map_err(|e| AppError::internal("Session layer missing", e))
    }

    pub async fn context() -> Result<(AppState, tower_sessions::Session), AppError> {
        Ok((AppState::from_context()?, session().await?))
    }

    /// The state and the logged-in account.
    pub type SignedIn = (AppState, crate::model::account::CurrentUser);

    /// The state and the logged-in account, if it has `role` (else 401 or 403).
    pub async fn signed_in_as(role: crate::domain::Role) -> Result<SignedIn, AppError> {
        let (state, session) = context().await?;
        let user = crate::backend::session::require_role(&state, &session, role).await?;
        Ok((state, user))
    }

    /// Who is asking: the client's address (from forwarding headers only
    /// when the socket peer is a trusted proxy) and its user agent.
    pub async fn request_info() -> RequestInfo {
        use crate::backend::client_addr::{client_address, rate_limit_key};
        use axum::extract::ConnectInfo;
        let headers = leptos_axum::extract::<http::HeaderMap>()
            .await
            .unwrap_or_default();
        let peer = leptos_axum::extract::<ConnectInfo<std::net::SocketAddr>>()
            .await
            .map(|ConnectInfo(addr)| addr.ip());
        let trusted = AppState::from_context()
            .map(|state| state.settings.trusted_proxies.clone())
            .unwrap_or_default();
        let client = peer
            .ok()
            .map(|peer| client_address(peer, &headers, &trusted));
        let user_agent = headers
            .get(http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(crate::backend::accounts::kept_user_agent)
            .unwrap_or_default();
        RequestInfo {
            time_zone: crate::backend::state::cookie_zone(&headers),
            ip: client.map_or_else(|| "unknown".into(), |c| c.to_string()),
            rate_key: client.map_or_else(|| "unknown".into(), rate_limit_key),
            user_agent,
        }
    }
}

#[server(prefix = "/api", endpoint = "current_user", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    let (state, session) = ssr::context().await?;
    crate::backend::session::current_user(&state, &session).await
}

/// The logged-in user and where their work is (what the header shows).
#[server(prefix = "/api", endpoint = "signed_in", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_signed_in() -> Result<Option<SignedIn>, AppError> {
    let (state, session) = ssr::context().await?;
    crate::backend::session::signed_in(&state, &session).await
}

/// Emails a verification code; returns the seconds until a resend is allowed.
#[server(prefix = "/api", endpoint = "send_code")]
pub async fn send_code(email: String) -> Result<i64, AppError> {
    let state = crate::backend::AppState::from_context()?;
    let req = ssr::request_info().await;
    crate::backend::accounts::send_code(&state, &email, &req).await
}

/// Creates the account and logs it in under a new session id.
#[server(prefix = "/api", endpoint = "signup")]
pub async fn signup(input: SignupInput) -> Result<(), AppError> {
    let (state, session) = ssr::context().await?;
    let req = ssr::request_info().await;
    let user_id = crate::backend::accounts::signup(&state, &input, &req).await?;
    // A new account is in its first session epoch.
    crate::backend::session::start(&state, &session, user_id, 0, &req).await
}

/// Logs in; returns where to go next (`next` if it is a local path, else the role's home).
#[server(prefix = "/api", endpoint = "login")]
pub async fn login(input: LoginInput, next: Option<String>) -> Result<String, AppError> {
    let (state, session) = ssr::context().await?;
    let req = ssr::request_info().await;
    let user = crate::backend::accounts::login(&state, &input, &req).await?;
    crate::backend::session::start(&state, &session, user.id, user.session_epoch, &req).await?;
    let home = crate::backend::workspaces::landing(&state, user.id, user.role).await?;
    Ok(crate::model::account::safe_next(next.as_deref()).unwrap_or_else(|| home.to_owned()))
}

/// Mails a password reset link when the address has an account; the answer
/// is the same either way.
#[server(prefix = "/api", endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    let state = crate::backend::AppState::from_context()?;
    let req = ssr::request_info().await;
    crate::backend::password_resets::request(&state, &email, &req).await
}

/// Whether a reset link can still be used.
#[server(prefix = "/api", endpoint = "reset_link_is_live", input = leptos::server_fn::codec::GetUrl)]
pub async fn reset_link_is_live(token: String) -> Result<bool, AppError> {
    let state = crate::backend::AppState::from_context()?;
    crate::backend::password_resets::is_live(&state, &token).await
}

/// Sets a new password with a reset link, ends every other session of the
/// account and logs it in here; returns where to go next.
#[server(prefix = "/api", endpoint = "reset_password")]
pub async fn reset_password(input: NewPasswordInput) -> Result<String, AppError> {
    let (state, session) = ssr::context().await?;
    let req = ssr::request_info().await;
    let user = crate::backend::password_resets::complete(&state, &input, &req).await?;
    crate::backend::session::start(&state, &session, user.id, user.session_epoch, &req).await?;
    let home = crate::backend::workspaces::landing(&state, user.id, user.role).await?;
    Ok(home.to_owned())
}

#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    let (state, session) = ssr::context().await?;
    crate::backend::session::end(&state, &session).await
}
