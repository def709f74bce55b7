//! Serves stored logos to their owner and to reviewers, as PNG in a sandbox.

use app::backend::{logos, session, AppState};
use app::domain::Role;
use axum::{
    extract::{Path, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use tower_sessions::Session;

pub async fn serve(
    State(state): State<AppState>,
    session: Session,
    Path(file): Path<String>,
) -> Response {
    let Some(id) = file
        .strip_suffix(".png")
        .filter(|id| logos::is_valid_id(id))
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let user = match session::current_user(&state, &session).await {
        Ok(Some(user)) => user,
        Ok(None) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    match logos::load(&state, id).await {
        Ok(Some((owner, png))) if owner == user.id || user.role == Role::Reviewer => {
            let mut response = png.into_response();
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/png"));
            // Ids are never reused, so the bytes behind one never change.
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=31536000, immutable"),
            );
            headers.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("sandbox; default-src 'none'"),
            );
            response
        }
        // Someone else's logo looks exactly like a missing one.
        Ok(_) => StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::error!(error = %err, "failed to load a logo");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
