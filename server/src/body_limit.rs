//! Request-body limits by route: small everywhere, room for one logo on the
//! upload route. A body announced too large is refused with 413 before it is
//! read; one that grows too large while streaming is cut off at the limit.

use axum::{
    body::Body,
    extract::Request,
    http::StatusCode,
    middleware::Next,
    response::{IntoResponse, Response},
};
use http_body_util::Limited;

/// Forms and server-function calls.
pub const DEFAULT_LIMIT: usize = 64 * 1024;
/// The logo upload: the 2 MB file plus the multipart framing.
pub const UPLOAD_LIMIT: usize = app::backend::logos::MAX_BYTES + 64 * 1024;
pub const UPLOAD_PATH: &str = "/api/upload_logo";

pub async fn limit_body(request: Request, next: Next) -> Response {
    let limit = if request.uri().path() == UPLOAD_PATH {
        UPLOAD_LIMIT
    } else {
        DEFAULT_LIMIT
    };
    let announced = request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if announced.is_some_and(|n| n > limit) {
        // Outside the layer that picks the language: read it here.
        let locale = crate::language::browser_locale(request.headers());
        let message = locale.texts().common().request_too_large;
        return (StatusCode::PAYLOAD_TOO_LARGE, message).into_response();
    }
    let request = request.map(|body| Body::new(Limited::new(body, limit)));
    next.run(request).await
}
