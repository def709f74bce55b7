//! Server functions answer every error with status 500 and the error as
//! JSON. This layer gives each error its real status (400, 401, 429 with
//! `Retry-After`, …), including errors raised before our code ran, such as a
//! form with an unknown field.

use app::error::AppError;
use axum::{body::Body, extract::Request, http::HeaderValue, middleware::Next, response::Response};

/// Error bodies are small; anything larger is left as it is.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn server_fn_status(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !is_api || response.status() != axum::http::StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BODY).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = error.status();
        let retry_after = match error {
            AppError::RateLimited { retry_after_secs } => Some(retry_after_secs),
            // Busy: a few seconds usually suffice.
            AppError::Unavailable => Some(5),
            _ => None,
        };
        if let Some(secs) = retry_after {
            parts
                .headers
                .insert(axum::http::header::RETRY_AFTER, HeaderValue::from(secs));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
