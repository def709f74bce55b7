//! The review team, as the operator's command line manages it: who the
//! reviewers are, and disabling (or enabling again) one of them. A disabled
//! reviewer's sessions end at once, they cannot log in or reset their
//! password, and the applications they held go back to the queue.

use crate::backend::store::events;
use crate::backend::Db;
use crate::domain::{Email, Status};

/// One reviewer, as `server reviewers list` shows them.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Reviewer {
    pub email: String,
    pub created_at: i64,
    pub disabled_at: Option<i64>,
    /// Applications in review assigned to them.
    pub holding: i64,
    /// Applications they approved or rejected.
    pub decided: i64,
    /// When one of their sessions was last used.
    pub last_seen: Option<i64>,
}

/// Every reviewer account, by email.
pub async fn list(db: &Db) -> Result<Vec<Reviewer>, sqlx::Error> {
    sqlx::query_as(
        "select u.email, u.created_at, u.disabled_at, \
           (select count(*) from applications a where a.assigned_to = u.id and a.status = $1) as holding, \
           (select count(*) from applications a where a.decided_by = u.id) as decided, \
           (select max(s.seen_at) from account_sessions s where s.user_id = u.id) as last_seen \
         from users u where u.role = 'reviewer' and u.deleted_at is null order by u.email",
    )
    .bind(Status::InReview)
    .fetch_all(db.pool())
    .await
}

/// What disabling or enabling found.
#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    /// Disabled now: this many sessions ended and applications went back to the queue.
    Disabled {
        sessions: u64,
        released: u64,
    },
    Enabled,
    /// Nothing to do: the account was already in that state.
    Unchanged,
    /// No reviewer has that email (a merchant's account is never touched).
    NoSuchReviewer,
}

async fn reviewer_id(
    conn: &mut sqlx::AnyConnection,
    email: &Email,
) -> Result<Option<(i64, Option<i64>)>, sqlx::Error> {
    sqlx::query_as(
        "select id, disabled_at from users \
         where email = $1 and role = 'reviewer' and deleted_at is null",
    )
    .bind(email.as_str())
    .fetch_optional(conn)
    .await
}

/// Disables the reviewer with `email`: their sessions end, they cannot log
/// in, and what they were reviewing is unassigned (each recorded in that
/// application's audit trail).
pub async fn disable(db: &Db, email: &Email, now: i64) -> Result<Change, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let Some((id, disabled_at)) = reviewer_id(&mut tx, email).await? else {
        return Ok(Change::NoSuchReviewer);
    };
    if disabled_at.is_some() {
        return Ok(Change::Unchanged);
    }
    sqlx::query(
        "update users set disabled_at = $1, session_epoch = session_epoch + 1, updated_at = $1 \
         where id = $2",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let sessions = sqlx::query("delete from account_sessions where user_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    let held: Vec<(i64,)> =
        sqlx::query_as("select id from applications where assigned_to = $1 and status = $2")
            .bind(id)
            .bind(Status::InReview)
            .fetch_all(&mut *tx)
            .await?;
    for (application_id,) in &held {
        sqlx::query("update applications set assigned_to = null, assigned_at = null where id = $1")
            .bind(application_id)
            .execute(&mut *tx)
            .await?;
        events::record(&mut tx, *application_id, None, "unassigned_disabled", now).await?;
    }
    tx.commit().await?;
    Ok(Change::Disabled {
        sessions,
        released: held.len() as u64,
    })
}

/// Lets a disabled reviewer log in again (with the password they had).
pub async fn enable(db: &Db, email: &Email, now: i64) -> Result<Change, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let Some((id, disabled_at)) = reviewer_id(&mut tx, email).await? else {
        return Ok(Change::NoSuchReviewer);
    };
    if disabled_at.is_none() {
        return Ok(Change::Unchanged);
    }
    sqlx::query("update users set disabled_at = null, updated_at = $1 where id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Change::Enabled)
}
