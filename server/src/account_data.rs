//! `GET /account/data.json`: the logged-in account's data as a download.

use app::backend::{own_account, session, AppState};
use axum::{
    extract::State,
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use tower_sessions::Session;

pub async fn download(State(state): State<AppState>, session: Session) -> Response {
    let user = match session::current_user(&state, &session).await {
        Ok(Some(user)) => user,
        Ok(None) => return Redirect::to("/login?next=/account").into_response(),
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    match own_account::export(&state, user.id).await {
        Ok(data) => {
            let body = serde_json::to_string_pretty(&data).unwrap_or_default();
            let mut response = body.into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=utf-8"),
            );
            headers.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static(
                    "attachment; filename=\"mini-program-platform-account.json\"",
                ),
            );
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            tracing::info!(user_id = user.id, "account data downloaded");
            response
        }
        Err(err) => {
            tracing::error!(error = %err, "failed to export an account");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
