//! The one error type users see. Internals are logged once on the server and
//! reach the browser only as a reference id.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// A message tied to one form field, shown next to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    /// 400: the input was refused; nothing was written.
    Validation(Vec<FieldError>),
    /// 401
    Unauthorized,
    /// 403
    Forbidden,
    /// 404
    NotFound,
    /// 409: the request conflicts with the current state; the message says how.
    Conflict(String),
    /// 429
    RateLimited { retry_after_secs: u64 },
    /// 500: details are in the server log under `reference`.
    Internal { reference: String },
    /// 503: overloaded or a dependency is down; nothing was done.
    Unavailable,
    /// The request never got a proper answer (network down, server restarting).
    Unreachable,
}

/// In the language of the page or request at hand: a server function's
/// error is worded where it is shown.
impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t = crate::i18n::texts().common();
        match self {
            AppError::Validation(_) => f.write_str(t.validation),
            AppError::Unauthorized => f.write_str(t.unauthorized),
            AppError::Forbidden => f.write_str(t.forbidden),
            AppError::NotFound => f.write_str(t.not_found),
            AppError::Conflict(message) => f.write_str(message),
            AppError::RateLimited { retry_after_secs } => {
                f.write_str(&(t.rate_limited)(*retry_after_secs))
            }
            AppError::Internal { reference } => f.write_str(&(t.internal)(reference)),
            AppError::Unavailable => f.write_str(t.unavailable),
            AppError::Unreachable => f.write_str(t.unreachable),
        }
    }
}

impl std::error::Error for AppError {}

impl AppError {
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        AppError::Validation(vec![FieldError {
            field: field.to_owned(),
            message: message.into(),
        }])
    }

    /// The messages a form shows: those beside its fields, and the one
    /// for its alert (a `form`-wide validation message, or any other error).
    pub fn form_messages(&self) -> (Vec<FieldError>, Option<String>) {
        match self {
            AppError::Validation(list) => {
                let (fields, general): (Vec<_>, Vec<_>) =
                    list.iter().cloned().partition(|e| e.field != "form");
                (fields, general.first().map(|e| e.message.clone()))
            }
            other => (Vec::new(), Some(other.to_string())),
        }
    }

    /// Every message this error holds, for a page with no field to put one
    /// beside (a filter in the address, say).
    pub fn plain_message(&self) -> String {
        match self {
            AppError::Validation(list) => list
                .iter()
                .map(|e| e.message.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            other => other.to_string(),
        }
    }

    /// The message for one field, if this is a validation error that names it.
    pub fn message_for(&self, field: &str) -> Option<String> {
        match self {
            AppError::Validation(errors) => errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone()),
            _ => None,
        }
    }

    /// The HTTP status this error is answered with.
    #[cfg(feature = "ssr")]
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::Validation(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Unavailable | AppError::Unreachable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// Logs an unexpected failure, with every cause in its source chain,
    /// under a fresh reference id, and hides its details from the user.
    #[cfg(feature = "ssr")]
    pub fn internal(
        context: &str,
        err: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        let err = err.into();
        if database_unreachable(err.as_ref()) {
            // Not a defect: the request may be retried once the database is back.
            tracing::warn!(error = %err, "{context}: the database is unreachable");
            return AppError::Unavailable;
        }
        let mut chain = err.to_string();
        let mut source = err.source();
        while let Some(cause) = source {
            // Many errors already print their cause; say each one once.
            let text = cause.to_string();
            if !chain.contains(&text) {
                chain.push_str(": ");
                chain.push_str(&text);
            }
            source = cause.source();
        }
        let reference = reference_id();
        tracing::error!(%reference, error = %chain, "{context}");
        AppError::Internal { reference }
    }

    /// For `map_err`: an unexpected failure (a database error, say) with its context.
    #[cfg(feature = "ssr")]
    pub fn context<E>(context: &'static str) -> impl Fn(E) -> AppError
    where
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        move |e| AppError::internal(context, e)
    }
}

/// Whether a failure comes from a database that cannot be reached (down,
/// restarting, every connection busy) rather than from what was asked of it.
#[cfg(feature = "ssr")]
fn database_unreachable(err: &(dyn std::error::Error + Send + Sync + 'static)) -> bool {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = current {
        if let Some(e) = e.downcast_ref::<sqlx::Error>() {
            return matches!(
                e,
                sqlx::Error::PoolTimedOut
                    | sqlx::Error::PoolClosed
                    | sqlx::Error::Io(_)
                    | sqlx::Error::WorkerCrashed
            );
        }
        current = e.source();
    }
    false
}

/// A short id that ties a user-visible error to its log line.
#[cfg(feature = "ssr")]
fn reference_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{:08x}{:04x}", nanos, n & 0xffff)
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Unreachable,
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => {
                AppError::Validation(vec![FieldError {
                    field: "form".into(),
                    message: crate::i18n::texts().common().form_unreadable.into(),
                }])
            }
            // Whatever the framework says stays out of what users read.
            _ => AppError::Internal {
                reference: "none".into(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framework_errors_never_reach_the_user_as_text() {
        let error = AppError::from_server_fn_error(ServerFnErrorErr::ServerError(
            "error returned from database: relation \"users\" does not exist".into(),
        ));
        let shown = error.to_string();
        assert!(
            !shown.contains("database") && !shown.contains("users"),
            "{shown}"
        );
        assert!(shown.contains("reference"));
    }
}
