//! What every request handler and server function may use, provided as
//! Leptos context by the server (never a global).

use super::Db;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
}

impl AppState {
    /// The state from the current request's context.
    pub fn from_context() -> Result<AppState, crate::error::AppError> {
        leptos::prelude::use_context::<AppState>().ok_or_else(|| {
            crate::error::AppError::internal("application state", "AppState missing from context")
        })
    }
}
