//! Layers every response passes through that are ours (the rest are
//! tower-http's, assembled in `startup::router`): security headers, panics
//! answered with a reference, and cross-site refusals logged.

use axum::{
    extract::Request,
    http::{header, HeaderValue},
};

/// Marks a response that came from the application itself, so one that did
/// not (a refusal by the cross-site check) can be told apart.
#[derive(Clone, Copy)]
pub struct ReachedApp;

/// Logs the requests the cross-site check refused: a security event.
pub async fn log_cross_site_refusals(
    request: Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let response = next.run(request).await;
    if response.status() == axum::http::StatusCode::FORBIDDEN
        && response.extensions().get::<ReachedApp>().is_none()
    {
        tracing::warn!(origin, "cross-site request refused");
    }
    response
}

/// A handler that panics answers 500 with a reference id (logged with the
/// panic) instead of dropping the connection.
pub fn catch_panics() -> tower_http::catch_panic::CatchPanicLayer<
    fn(Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response,
> {
    fn answer(panic: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
        use axum::response::IntoResponse;
        let detail = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("a panic without a message")
            .to_owned();
        let error = app::error::AppError::internal("A request handler panicked", detail);
        (
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            error.to_string(),
        )
            .into_response()
    }
    tower_http::catch_panic::CatchPanicLayer::custom(answer as fn(_) -> _)
}

/// Headers every response carries. Pages set their own nonce-based CSP;
/// everything else gets the strictest one.
pub async fn security_headers(
    axum::extract::State(tls): axum::extract::State<bool>,
    request: Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(
            "default-src 'none'; frame-ancestors 'none'",
        ));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Pages and answers are personal and change: never stored (assets and
    // logos set their own caching).
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    if tls {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    response
}

/// Looks up who is logged in before a page renders (see
/// `app::backend::session::PageUser`). Only for pages: server functions,
/// files and probes read the session themselves or not at all.
pub async fn load_page_user(
    axum::extract::State((state, secure)): axum::extract::State<(app::backend::AppState, bool)>,
    mut request: Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if !is_page(&request) {
        return next.run(request).await;
    }
    let mut saved_language = None;
    if let Some(session) = request
        .extensions()
        .get::<tower_sessions::Session>()
        .cloned()
    {
        let user = app::backend::session::PageUser::load(&state, &session).await;
        if let Ok(Some(signed_in)) = &user.0 {
            saved_language = signed_in.user.language;
        }
        request.extensions_mut().insert(user);
    }
    // What a form posted without JavaScript left for this page: read once.
    let flash = crate::plain_forms::take_flash(&request, secure);
    let clear = flash.map(|(flash, clear)| {
        request.extensions_mut().insert(flash);
        clear
    });
    let mut response = match saved_language {
        // The account's choice wins over the browser's.
        Some(locale) => crate::language::answer_in(locale, secure, request, next).await,
        None => next.run(request).await,
    };
    if let Some(clear) = clear {
        response.headers_mut().append(header::SET_COOKIE, clear);
    }
    response
}

/// A GET or HEAD for something the app renders: not a server function, a
/// file (its last segment has an extension) or a probe.
fn is_page(request: &Request) -> bool {
    let path = request.uri().path();
    let method = request.method();
    (method == axum::http::Method::GET || method == axum::http::Method::HEAD)
        && !["/api/", "/pkg/", "/logos/"]
            .iter()
            .any(|p| path.starts_with(p))
        && !matches!(path, "/healthz" | "/readyz")
        && !path.rsplit('/').next().unwrap_or_default().contains('.')
}
