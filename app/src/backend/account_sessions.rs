//! Each account's own index of its login sessions (`account_sessions`):
//! when and from where each began and was last used. The session store's
//! records are opaque and keyed by a hash, so this is what lists an
//! account's devices and what ends its other sessions — a session whose
//! row is gone has ended, on every instance at once.

use super::accounts::RequestInfo;
use super::{terms, user_agent, Db};
use crate::domain::Role;
use crate::model::account::Device;

/// A session's row and its account, read in one query on every request.
#[derive(Debug)]
pub struct Active {
    pub user_id: i64,
    pub email: String,
    pub role: Role,
    /// Whether the account still honours this session: same epoch, begun
    /// after the last forced logout (see `users::UserRow`).
    pub valid: bool,
    pub created_at: i64,
    pub seen_at: i64,
    /// A merchant who has not yet accepted the current Terms of Service.
    pub terms_pending: bool,
    /// The language the account chose, if it did.
    pub language: Option<crate::i18n::Locale>,
}

/// Records a new session of `user_id`; returns the id its record keeps.
pub async fn open(
    db: &Db,
    user_id: i64,
    epoch: i64,
    req: &RequestInfo,
    now: i64,
) -> Result<String, sqlx::Error> {
    let id = super::codes::random_hex(16);
    let mut conn = db.write_conn().await?;
    sqlx::query(
        "insert into account_sessions (id, user_id, epoch, user_agent, client_addr, created_at, seen_at) \
         values ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(&id)
    .bind(user_id)
    .bind(epoch)
    .bind(&req.user_agent)
    .bind(&req.ip)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// The session `id` and its account, if the session has not ended.
pub async fn find(db: &Db, id: &str) -> Result<Option<Active>, sqlx::Error> {
    // user id, email, role, session epoch, account epoch, valid after,
    // created, seen, accepted terms, current terms, disabled at
    type Row = (
        i64,
        String,
        String,
        i64,
        i64,
        i64,
        i64,
        i64,
        Option<String>,
        Option<String>,
        Option<i64>,
        Option<String>,
    );
    let sql = format!(
        "select u.id, u.email, u.role, s.epoch, u.session_epoch, u.sessions_valid_after, \
                s.created_at, s.seen_at, u.tos_version, {}, u.disabled_at, u.language \
         from account_sessions s join users u on u.id = s.user_id where s.id = $1",
        terms::CURRENT_VERSION_SQL
    );
    let row: Option<Row> = sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.map(
        |(
            user_id,
            email,
            role,
            epoch,
            user_epoch,
            valid_after,
            created_at,
            seen_at,
            accepted,
            current,
            disabled_at,
            language,
        )| {
            let role = Role::from_stored(&role);
            Active {
                user_id,
                email,
                role,
                valid: epoch == user_epoch && created_at > valid_after && disabled_at.is_none(),
                created_at,
                seen_at,
                // Reviewers work under their employment terms, not these.
                terms_pending: role == Role::Merchant && current.is_some() && accepted != current,
                language: language.as_deref().and_then(crate::i18n::Locale::parse),
            }
        },
    ))
}

/// A condition for a statement that works for a session: true while the
/// session whose row id is parameter `$first` belongs to `account` (a column
/// of the statement), is live, was seen at or after `$first+1` and began at
/// or after `$first+2`, and its account is a merchant with no terms to
/// accept. It accepts nothing `session::require_role` refuses (see `find` and
/// `session::current`); what it refuses takes that path instead.
pub fn live_merchant_sql(account: &str, first: usize) -> String {
    format!(
        "exists (select 1 from account_sessions s join users u on u.id = s.user_id \
           where s.id = ${first} and s.user_id = {account} \
             and s.seen_at >= ${seen} and s.created_at >= ${created} \
             and s.epoch = u.session_epoch and s.created_at > u.sessions_valid_after \
             and u.disabled_at is null and u.role = '{merchant}' \
             and ({current} is null or u.tos_version = {current}))",
        seen = first + 1,
        created = first + 2,
        merchant = Role::Merchant.as_str(),
        current = terms::CURRENT_VERSION_SQL,
    )
}

/// Notes that session `id` was used at `now`.
pub async fn touch(db: &Db, id: &str, now: i64) -> Result<(), sqlx::Error> {
    let mut conn = db.write_conn().await?;
    sqlx::query("update account_sessions set seen_at = $1 where id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Ends session `id`.
pub async fn close(db: &Db, id: &str) -> Result<(), sqlx::Error> {
    let mut conn = db.write_conn().await?;
    sqlx::query("delete from account_sessions where id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Ends every session of `user_id` but `keep`; returns how many ended.
pub async fn close_others(db: &Db, user_id: i64, keep: &str) -> Result<u64, sqlx::Error> {
    let mut conn = db.write_conn().await?;
    let done = sqlx::query("delete from account_sessions where user_id = $1 and id <> $2")
        .bind(user_id)
        .bind(keep)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// The live sessions of `user_id`, most recently used first; `current` is
/// marked as this one.
pub async fn devices(
    db: &Db,
    user_id: i64,
    current: &str,
    now: i64,
) -> Result<Vec<Device>, sqlx::Error> {
    let rows: Vec<(String, String, String, i64, i64)> = sqlx::query_as(
        "select s.id, s.user_agent, s.client_addr, s.created_at, s.seen_at \
         from account_sessions s join users u on u.id = s.user_id \
         where s.user_id = $1 and s.epoch = u.session_epoch and s.created_at > u.sessions_valid_after \
           and s.seen_at > $2 and s.created_at > $3 \
         order by s.seen_at desc, s.created_at desc",
    )
    .bind(user_id)
    .bind(now - super::session::IDLE_TIMEOUT_SECS)
    .bind(now - super::session::ABSOLUTE_TIMEOUT_SECS)
    .fetch_all(db.pool())
    .await?;
    let mut devices: Vec<Device> = rows
        .into_iter()
        .map(|(id, user_agent, client_addr, created_at, seen_at)| {
            let (browser, system) = user_agent::describe(&user_agent);
            Device {
                browser,
                system,
                client_addr,
                signed_in_at: created_at,
                last_seen_at: seen_at,
                this_one: id == current,
            }
        })
        .collect();
    // This device first, then the others as they were last used.
    devices.sort_by_key(|device| !device.this_one);
    Ok(devices)
}

/// Removes the rows of sessions that have ended by time or by a newer
/// epoch; run with the session store's own clean-up.
pub async fn delete_ended(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    let mut conn = db.write_conn().await?;
    let done = sqlx::query(
        "delete from account_sessions where seen_at <= $1 or created_at <= $2 \
           or epoch <> (select session_epoch from users where users.id = account_sessions.user_id)",
    )
    .bind(now - super::session::IDLE_TIMEOUT_SECS)
    .bind(now - super::session::ABSOLUTE_TIMEOUT_SECS)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}
