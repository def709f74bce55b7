//! Fixed-window attempt counters kept in the database, so a limit holds
//! across every instance sharing it.

use super::AppState;
use crate::error::AppError;

pub struct Limit {
    pub name: &'static str,
    pub max: i64,
    pub window_secs: i64,
}

pub const SEND_CODE_PER_EMAIL: Limit = Limit {
    name: "send_code:email",
    max: 5,
    window_secs: 3600,
};
pub const SEND_CODE_PER_IP: Limit = Limit {
    name: "send_code:ip",
    max: 30,
    window_secs: 3600,
};
pub const SIGNUP_PER_EMAIL: Limit = Limit {
    name: "signup:email",
    max: 10,
    window_secs: 3600,
};
pub const SIGNUP_PER_IP: Limit = Limit {
    name: "signup:ip",
    max: 30,
    window_secs: 3600,
};
// Short windows: a guesser is slowed down, a victim is never locked out for long.
pub const LOGIN_PER_EMAIL: Limit = Limit {
    name: "login:email",
    max: 10,
    window_secs: 900,
};
pub const LOGIN_PER_IP: Limit = Limit {
    name: "login:ip",
    max: 50,
    window_secs: 900,
};

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
    .fetch_one(state.db.pool())
    .await
    .map_err(|e| AppError::internal("Failed to count an attempt", e))?;
    if hits > limit.max {
        let retry_after_secs = (window_start + limit.window_secs - now).max(1) as u64;
        tracing::warn!(limit = limit.name, retry_after_secs, "rate limit reached");
        return Err(AppError::RateLimited { retry_after_secs });
    }
    Ok(())
}
