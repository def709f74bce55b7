//! Server-only code: storage, state and services. Compiled with the `ssr`
//! feature only, so none of it reaches the wasm bundle.

pub mod accounts;
pub mod applications;
pub mod codes;
pub mod db;
pub mod logos;
pub mod mail;
pub mod passwords;
pub mod rate_limit;
pub mod review;
pub mod session;
pub mod state;
pub mod terms;
pub mod users;
pub mod workspaces;

pub use db::Db;
pub use state::AppState;

use std::sync::atomic::{AtomicU64, Ordering};

/// Current Unix time in seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// A short id that ties a user-visible error to its log line.
pub fn reference_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{:08x}{:04x}", nanos, n & 0xffff)
}
