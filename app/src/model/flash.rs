//! What a form posted without JavaScript (or before the wasm arrived)
//! leaves for the page it lands on: the server runs the server function,
//! then sends the browser back with this, so the page shows the same
//! messages beside the same fields, and keeps what was typed, as the
//! hydrated app would.

use crate::error::{AppError, FieldError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormFlash {
    /// The server function's endpoint, e.g. `login`.
    pub endpoint: String,
    /// What was posted, passwords left out.
    pub fields: Vec<(String, String)>,
    /// The answer as JSON text, or the refusal.
    pub outcome: Result<String, AppError>,
}

impl FormFlash {
    /// The posted value of field `name` (empty if none).
    pub fn field(&self, name: &str) -> String {
        self.fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    }

    /// The successful answer, as its JSON text.
    pub fn answer(&self) -> Option<&str> {
        self.outcome.as_ref().ok().map(String::as_str)
    }

    pub fn error(&self) -> Option<&AppError> {
        self.outcome.as_ref().err()
    }

    /// The field messages and the form's alert.
    pub fn messages(&self) -> (Vec<FieldError>, Option<String>) {
        self.error()
            .map(AppError::form_messages)
            .unwrap_or_default()
    }
}
