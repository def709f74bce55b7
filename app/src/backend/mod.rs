//! Server-only code: storage, state and services. Compiled with the `ssr`
//! feature only, so none of it reaches the wasm bundle.

pub mod account_sessions;
pub mod accounts;
pub mod applications;
pub mod client_addr;
pub mod codes;
pub mod db;
pub mod email_changes;
pub mod login_codes;
pub mod logos;
pub mod mail;
pub mod own_account;
pub mod password_resets;
pub mod passwords;
pub mod queue;
pub mod rate_limit;
pub mod review;
pub mod session;
pub mod state;
pub mod store;
pub mod team;
pub mod terms;
pub mod user_agent;
pub mod users;
pub mod work_slots;
pub mod workspaces;

pub use db::Db;
pub use state::AppState;

/// Current Unix time in seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}
