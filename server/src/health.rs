//! Liveness and readiness probes.

use app::backend::AppState;
use axum::{extract::State, http::StatusCode};

/// The process is up and serving HTTP.
pub async fn healthz() -> &'static str {
    "ok"
}

/// The database answers; a load balancer stops routing here when it does not.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(err) => {
            tracing::warn!(error = %err, "readiness check failed: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
