//! Attempt counters kept in the database, so a limit holds across every
//! instance sharing it.
//!
//! A limit weighs the attempts of the last window length, not of a fixed
//! window: each counter keeps the current fixed window's count and the one
//! before, and the earlier one counts for the share of it that still lies
//! within one window length of now (a sliding window, estimated). With
//! fixed windows alone, attempts timed around a window's edge got twice the
//! limit.

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

/// A subject's counter: its attempts in the fixed window starting at
/// `window_start` and in the window before it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Counter {
    window_start: i64,
    hits: i64,
    previous_hits: i64,
}

impl Limit {
    fn window_start(&self, at: i64) -> i64 {
        at - at.rem_euclid(self.window_secs)
    }

    /// The attempts that count at `at` if none is made after the counter was
    /// read, times the window length (to stay in integers).
    fn weight_at(&self, counter: Counter, at: i64) -> i64 {
        let window = self.window_secs;
        let start = self.window_start(at);
        let (hits, previous) = if start <= counter.window_start {
            (counter.hits, counter.previous_hits)
        } else if start == counter.window_start + window {
            (0, counter.hits)
        } else {
            (0, 0)
        };
        hits * window + previous * (window - (at - start))
    }

    /// Whether one more attempt at `at` stays within the limit.
    fn allows_another(&self, counter: Counter, at: i64) -> bool {
        self.weight_at(counter, at) + self.window_secs <= self.max * self.window_secs
    }

    /// Seconds from `now` until another attempt is allowed, if none is made
    /// meanwhile (the counts only fall with time, so a binary search finds it;
    /// two window lengths on, nothing counts any more).
    fn retry_after(&self, counter: Counter, now: i64) -> u64 {
        let (mut refused, mut allowed) = (now, now + 2 * self.window_secs);
        while allowed - refused > 1 {
            let middle = refused + (allowed - refused) / 2;
            if self.allows_another(counter, middle) {
                allowed = middle;
            } else {
                refused = middle;
            }
        }
        (allowed - now).max(1) as u64
    }
}

/// The answer for a full window, logged as a security event.
fn refused(limit: &Limit, subject: &str, counter: Counter, now: i64) -> AppError {
    let retry_after_secs = limit.retry_after(counter, now);
    tracing::warn!(
        limit = limit.name,
        subject,
        retry_after_secs,
        "rate limit reached"
    );
    AppError::RateLimited { retry_after_secs }
}

fn key(limit: &Limit, subject: &str) -> String {
    format!("{}:{}", limit.name, subject)
}

/// The counters of `subjects`, in their order, read in one statement.
async fn read(state: &AppState, subjects: &[(&Limit, &str)]) -> Result<Vec<Counter>, AppError> {
    let keys: Vec<String> = subjects.iter().map(|(l, s)| key(l, s)).collect();
    let placeholders: Vec<String> = (1..=keys.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "select key, window_start, hits, previous_hits from rate_limits where key in ({})",
        placeholders.join(", ")
    );
    let rows: Vec<(String, i64, i64, i64)> = keys
        .iter()
        .fold(sqlx::query_as(&sql), |query, key| query.bind(key))
        .fetch_all(state.db.pool())
        .await
        .map_err(|e| AppError::internal("Failed to read an attempt counter", e))?;
    Ok(keys
        .iter()
        .map(|key| {
            rows.iter()
                .find(|row| &row.0 == key)
                .map(|&(_, window_start, hits, previous_hits)| Counter {
                    window_start,
                    hits,
                    previous_hits,
                })
                .unwrap_or_default()
        })
        .collect())
}

/// Refuses `subject` while another attempt would be refused, without counting anything.
pub async fn check(state: &AppState, limit: &Limit, subject: &str) -> Result<(), AppError> {
    let counters = read(state, &[(limit, subject)]).await?;
    refuse_if_full(state, limit, subject, counters[0])
}

/// `check` for `checked`, then whether another attempt by `asked` would be
/// refused (without refusing it), both counters read in one statement: a
/// login asks both before it hashes, and on SQLite each statement is a
/// hand-off to another thread.
pub async fn check_then_is_full(
    state: &AppState,
    checked: (&Limit, &str),
    asked: (&Limit, &str),
) -> Result<bool, AppError> {
    let counters = read(state, &[checked, asked]).await?;
    refuse_if_full(state, checked.0, checked.1, counters[0])?;
    Ok(!asked.0.allows_another(counters[1], state.clock.now()))
}

fn refuse_if_full(
    state: &AppState,
    limit: &Limit,
    subject: &str,
    counter: Counter,
) -> Result<(), AppError> {
    let now = state.clock.now();
    if !limit.allows_another(counter, now) {
        return Err(refused(limit, subject, counter, now));
    }
    Ok(())
}

/// Counts one attempt by `subject`; refuses it when it goes over the limit.
pub async fn hit(state: &AppState, limit: &Limit, subject: &str) -> Result<(), AppError> {
    let now = state.clock.now();
    // A new fixed window keeps the count of the one just ended (and forgets
    // an older one); the right-hand sides all read the row as it was.
    let (window_start, hits, previous_hits): (i64, i64, i64) = sqlx::query_as(
        "insert into rate_limits (key, window_start, hits, previous_hits) values ($1, $2, 1, 0) \
         on conflict (key) do update set \
           previous_hits = case \
             when rate_limits.window_start = excluded.window_start then rate_limits.previous_hits \
             when rate_limits.window_start = excluded.window_start - $3 then rate_limits.hits \
             else 0 end, \
           hits = case when rate_limits.window_start = excluded.window_start \
                       then rate_limits.hits + 1 else 1 end, \
           window_start = excluded.window_start \
         returning window_start, hits, previous_hits",
    )
    .bind(key(limit, subject))
    .bind(limit.window_start(now))
    .bind(limit.window_secs)
    .fetch_one(
        &mut *state
            .db
            .write_conn()
            .await
            .map_err(AppError::context("Failed to count an attempt"))?,
    )
    .await
    .map_err(|e| AppError::internal("Failed to count an attempt", e))?;
    let counter = Counter {
        window_start,
        hits,
        previous_hits,
    };
    if limit.weight_at(counter, now) > limit.max * limit.window_secs {
        return Err(refused(limit, subject, counter, now));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEN_PER_15_MINUTES: Limit = Limit::new("test", 10, 900);

    /// The counter after `hits` attempts at each of `times`, as `hit` keeps it.
    fn after(limit: &Limit, times: &[i64]) -> Counter {
        let mut counter = Counter::default();
        for &at in times {
            let start = limit.window_start(at);
            counter = if counter.hits == 0 && counter.previous_hits == 0 {
                Counter {
                    window_start: start,
                    hits: 1,
                    previous_hits: 0,
                }
            } else if start == counter.window_start {
                Counter {
                    hits: counter.hits + 1,
                    ..counter
                }
            } else if start == counter.window_start + limit.window_secs {
                Counter {
                    window_start: start,
                    hits: 1,
                    previous_hits: counter.hits,
                }
            } else {
                Counter {
                    window_start: start,
                    hits: 1,
                    previous_hits: 0,
                }
            };
        }
        counter
    }

    #[test]
    fn attempts_timed_around_a_window_edge_get_the_limit_once() {
        let limit = TEN_PER_15_MINUTES;
        // Ten attempts in the last seconds of one window...
        let before: Vec<i64> = (0..10).map(|i| 900 * 5 - 10 + i).collect();
        let counter = after(&limit, &before);
        assert!(!limit.allows_another(counter, 900 * 5 - 1));
        // ... and the first second of the next does not bring ten more.
        assert!(!limit.allows_another(counter, 900 * 5));
        assert!(!limit.allows_another(counter, 900 * 5 + 60));
        // A window length after the first of them, they have (nearly) all gone.
        assert!(limit.allows_another(counter, 900 * 6 - 10 + 90));
        assert!(limit.allows_another(counter, 900 * 7));
    }

    #[test]
    fn the_retry_time_is_the_first_second_another_attempt_is_allowed() {
        let limit = TEN_PER_15_MINUTES;
        for first in [0, 1, 450, 880, 899] {
            let times: Vec<i64> = (0..11).map(|i| 9000 + first + i / 4).collect();
            let counter = after(&limit, &times);
            let now = *times.last().unwrap();
            let retry = limit.retry_after(counter, now) as i64;
            assert!((1..=2 * 900).contains(&retry), "{first}: {retry}");
            assert!(
                !limit.allows_another(counter, now + retry - 1),
                "{first}: {retry}"
            );
            assert!(
                limit.allows_another(counter, now + retry),
                "{first}: {retry}"
            );
        }
    }

    #[test]
    fn a_quiet_subject_and_an_old_count_allow_attempts() {
        let limit = TEN_PER_15_MINUTES;
        assert!(limit.allows_another(Counter::default(), 12_345));
        let old = after(&limit, &[100; 10]);
        assert!(!limit.allows_another(old, 101));
        assert!(limit.allows_another(old, 100 + 2 * 900));
        // Nine within the last window length leave room for one more.
        assert!(limit.allows_another(after(&limit, &[100; 9]), 101));
    }
}
