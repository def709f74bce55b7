//! Claiming and settling queued messages. A claim is a lease: a message whose
//! sender died mid-way is claimed again once the lease runs out.

use app::backend::{db::Backend, Db};

/// How long a claimed message stays reserved for one sender.
pub const LEASE_SECS: i64 = 60;
/// After this many failed attempts a message is marked dead and logged.
pub const MAX_ATTEMPTS: i64 = 8;

#[derive(Debug, Clone)]
pub struct QueuedMail {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub attempts: i64,
}

/// Reserves the oldest due message, if any. On PostgreSQL, concurrent
/// workers skip rows another has locked, so none is claimed twice.
pub async fn claim(db: &Db, now: i64) -> Result<Option<QueuedMail>, sqlx::Error> {
    let lock = match db.backend() {
        Backend::Postgres => "for update skip locked",
        // SQLite runs one write at a time, which makes the update atomic on its own.
        Backend::Sqlite => "",
    };
    let sql = format!(
        "update outbox set status = 'sending', locked_until = $1, attempts = attempts + 1 \
         where id = (select id from outbox \
                     where (status = 'pending' and next_attempt_at <= $2) \
                        or (status = 'sending' and locked_until < $2) \
                     order by id limit 1 {lock}) \
         returning id, recipient, subject, text_body, html_body, attempts"
    );
    let mut tx = db.begin_write().await?;
    let row: Option<(i64, String, String, String, String, i64)> = sqlx::query_as(&sql)
        .bind(now + LEASE_SECS)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(row.map(
        |(id, recipient, subject, text, html, attempts)| QueuedMail {
            id,
            recipient,
            subject,
            text,
            html,
            attempts: i64::from(attempts as i32),
        },
    ))
}

pub async fn mark_sent(db: &Db, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("update outbox set status = 'sent', sent_at = $1, locked_until = null, last_error = null where id = $2")
        .bind(now)
        .bind(id)
        .execute(db.pool())
        .await
        .map(|_| ())
}

/// Schedules a retry with exponential backoff, or gives up after `MAX_ATTEMPTS`.
pub async fn mark_failed(
    db: &Db,
    mail: &QueuedMail,
    error: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let dead = mail.attempts >= MAX_ATTEMPTS;
    let error: String = error.chars().take(1000).collect();
    sqlx::query(
        "update outbox set status = $1, next_attempt_at = $2, locked_until = null, last_error = $3 where id = $4",
    )
    .bind(if dead { "dead" } else { "pending" })
    .bind(now + backoff_secs(mail.attempts))
    .bind(error)
    .bind(mail.id)
    .execute(db.pool())
    .await?;
    Ok(dead)
}

/// 5 s, 10 s, 20 s, … capped at an hour.
pub fn backoff_secs(attempts: i64) -> i64 {
    let exponent = attempts.clamp(1, 20) - 1;
    (5_i64 << exponent).min(3600)
}

#[cfg(test)]
mod tests {
    use super::backoff_secs;

    #[test]
    fn retries_back_off_exponentially_up_to_an_hour() {
        assert_eq!(backoff_secs(1), 5);
        assert_eq!(backoff_secs(2), 10);
        assert_eq!(backoff_secs(5), 80);
        assert_eq!(backoff_secs(11), 3600);
        assert_eq!(backoff_secs(100), 3600);
    }
}
