//! Fixed-window attempt counters kept in the database, so a limit holds
//! across every instance sharing it.

use super::AppState;
use crate::error::AppError;

pub struct Limit {
    pub name: &'static str,
    pub max: i64,
    pub window_secs: i64,
}

impl Limit {
    const fn new(name: &'static str, max: i64, window_secs: i64) -> Limit {
        Limit {
            name,
            max,
            window_secs,
        }
    }
}

pub const SEND_CODE_PER_EMAIL: Limit = Limit::new("send_code:email", 5, 3600);
pub const SEND_CODE_PER_IP: Limit = Limit::new("send_code:ip", 30, 3600);
pub const SIGNUP_PER_EMAIL: Limit = Limit::new("signup:email", 10, 3600);
pub const SIGNUP_PER_IP: Limit = Limit::new("signup:ip", 30, 3600);
// Short windows: a guesser is slowed down, a victim is never locked out for long.
/// Wrong passwords for one account from one address. Counted per address so
/// that a stranger elsewhere can never lock the owner out.
pub const LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS: Limit = Limit::new("login:failures", 10, 900);
/// Wrong passwords for one account from anywhere. When the window is full the
/// account is under attack (from many addresses, since each has its own limit
/// above): logging in then also needs a code mailed to the owner.
pub const LOGIN_FAILURES_PER_ACCOUNT: Limit = Limit::new("login:account", 30, 900);
/// Logo uploads per merchant account (each costs a decode).
pub const LOGO_UPLOADS_PER_ACCOUNT: Limit = Limit::new("logo:account", 30, 3600);
pub const RESET_REQUEST_PER_EMAIL: Limit = Limit::new("reset:email", 5, 3600);
pub const RESET_REQUEST_PER_IP: Limit = Limit::new("reset:ip", 30, 3600);
/// Attempts to use a reset link (each needs a right 256-bit token, so this
/// only bounds the work a client can cause).
pub const RESET_COMPLETE_PER_IP: Limit = Limit::new("reset_complete:ip", 30, 900);
pub const LOGIN_PER_IP: Limit = Limit::new("login:ip", 50, 900);
/// Invitation mails an Owner sends (new and sent again), per day.
pub const INVITATIONS_PER_ACCOUNT: Limit = Limit::new("invitations:account", 50, 86_400);

/// The answer for a full window, logged as a security event.
fn refused(limit: &Limit, subject: &str, window_start: i64, now: i64) -> AppError {
    let retry_after_secs = (window_start + limit.window_secs - now).max(1) as u64;
    tracing::warn!(
        limit = limit.name,
        subject,
        retry_after_secs,
        "rate limit reached"
    );
    AppError::RateLimited { retry_after_secs }
}

/// Whether `subject`'s window is full, without counting anything.
pub async fn is_full(state: &AppState, limit: &Limit, subject: &str) -> Result<bool, AppError> {
    let now = state.clock.now();
    let window_start = now - now.rem_euclid(limit.window_secs);
    let key = format!("{}:{}", limit.name, subject);
    let hits: Option<(i64,)> =
        sqlx::query_as("select hits from rate_limits where key = $1 and window_start = $2")
            .bind(&key)
            .bind(window_start)
            .fetch_optional(state.db.pool())
            .await
            .map_err(|e| AppError::internal("Failed to read an attempt counter", e))?;
    Ok(hits.is_some_and(|(hits,)| hits >= limit.max))
}

/// Refuses `subject` while its window is full, without counting anything.
pub async fn check(state: &AppState, limit: &Limit, subject: &str) -> Result<(), AppError> {
    if is_full(state, limit, subject).await? {
        let now = state.clock.now();
        let window_start = now - now.rem_euclid(limit.window_secs);
        return Err(refused(limit, subject, window_start, now));
    }
    Ok(())
}

/// Counts one attempt by `subject`; refuses it when the window is full.
pub async fn hit(state: &AppState, limit: &Limit, subject: &str) -> Result<(), AppError> {
    let now = state.clock.now();
    let window_start = now - now.rem_euclid(limit.window_secs);
    let key = format!("{}:{}", limit.name, subject);
    let (hits,): (i64,) = sqlx::query_as(
        "insert into rate_limits (key, window_start, hits) values ($1, $2, 1) \
         on conflict (key) do update set \
           hits = case when rate_limits.window_start = excluded.window_start \
                       then rate_limits.hits + 1 else 1 end, \
           window_start = excluded.window_start \
         returning hits",
    )
    .bind(&key)
    .bind(window_start)
    .fetch_one(
        &mut *state
            .db
            .write_conn()
            .await
            .map_err(AppError::context("Failed to count an attempt"))?,
    )
    .await
    .map_err(|e| AppError::internal("Failed to count an attempt", e))?;
    if hits > limit.max {
        return Err(refused(limit, subject, window_start, now));
    }
    Ok(())
}
