use super::{now, Db};
use crate::domain::{Email, Role};
use sqlx::AnyConnection;

#[derive(Debug, PartialEq, Eq)]
pub enum Upserted {
    Created,
    /// The reviewer's password was replaced and their sessions ended.
    PasswordReset,
    /// The email belongs to a merchant: nothing was changed.
    IsMerchant,
}

/// Creates a reviewer, or resets the password of the reviewer with that
/// email (ending every session they have). A merchant's account is never
/// turned into a reviewer's. Used by the `create-reviewer` command.
pub async fn upsert_reviewer(
    db: &Db,
    email: &Email,
    password_hash: &str,
) -> Result<Upserted, sqlx::Error> {
    let now = now();
    let mut tx = db.begin_write().await?;
    let existing: Option<(String,)> = sqlx::query_as("select role from users where email = $1")
        .bind(email.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    let outcome = match existing.map(|(role,)| Role::from_stored(&role)) {
        Some(Role::Merchant) => return Ok(Upserted::IsMerchant),
        Some(Role::Reviewer) => {
            sqlx::query(
                "update users set password_hash = $1, sessions_valid_after = $2, \
                   session_epoch = session_epoch + 1, updated_at = $2 where email = $3",
            )
            .bind(password_hash)
            .bind(now)
            .bind(email.as_str())
            .execute(&mut *tx)
            .await?;
            Upserted::PasswordReset
        }
        None => {
            sqlx::query(
                "insert into users (email, password_hash, role, created_at, updated_at) \
                 values ($1, $2, 'reviewer', $3, $3)",
            )
            .bind(email.as_str())
            .bind(password_hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            Upserted::Created
        }
    };
    tx.commit().await?;
    Ok(outcome)
}

/// An account as the services need it.
#[derive(Debug, Clone)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub role: Role,
    pub password_hash: String,
    /// Sessions that started at or before this time have ended (a password reset).
    pub sessions_valid_after: i64,
    /// Sessions begun in an earlier epoch have ended (see `session::start`).
    pub session_epoch: i64,
    /// Disabled from the command line (`server reviewers disable`): the
    /// account cannot log in or reset its password.
    pub disabled: bool,
}

pub async fn by_email(db: &Db, email: &Email) -> Result<Option<UserRow>, sqlx::Error> {
    fetch_where(db, "email = $1", email.as_str().to_owned()).await
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<UserRow>, sqlx::Error> {
    fetch_where(db, "id = $1", id).await
}

/// The account matching `condition` on its one parameter.
async fn fetch_where<T>(db: &Db, condition: &str, value: T) -> Result<Option<UserRow>, sqlx::Error>
where
    T: Send + for<'q> sqlx::Encode<'q, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    let sql = format!(
        "select id, email, role, password_hash, sessions_valid_after, session_epoch, \
           disabled_at \
         from users where {condition}"
    );
    type Row = (i64, String, String, String, i64, i64, Option<i64>);
    let row: Option<Row> = sqlx::query_as(&sql)
        .bind(value)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.map(
        |(id, email, role, password_hash, sessions_valid_after, session_epoch, disabled_at)| {
            UserRow {
                id,
                email,
                role: Role::from_stored(&role),
                password_hash,
                sessions_valid_after,
                session_epoch,
                disabled: disabled_at.is_some(),
            }
        },
    ))
}

/// The email of account `user_id`.
pub async fn email_of(conn: &mut AnyConnection, user_id: i64) -> Result<String, sqlx::Error> {
    let (email,): (String,) = sqlx::query_as("select email from users where id = $1")
        .bind(user_id)
        .fetch_one(conn)
        .await?;
    Ok(email)
}

/// Saves the account's time zone (an IANA name this system knows), in
/// which its mail shows dates; anything else is refused.
pub async fn save_time_zone(
    state: &super::AppState,
    user_id: i64,
    name: &str,
) -> Result<(), crate::error::AppError> {
    let zone = super::state::NamedZone::parse(name).map_err(|_| {
        crate::error::AppError::field("time_zone", crate::i18n::texts().common().unknown_time_zone)
    })?;
    let mut conn = state
        .db
        .write_conn()
        .await
        .map_err(crate::error::AppError::context(
            "Failed to save a time zone",
        ))?;
    sqlx::query("update users set time_zone = $1 where id = $2 and coalesce(time_zone, '') <> $1")
        .bind(zone.name())
        .bind(user_id)
        .execute(&mut *conn)
        .await
        .map_err(crate::error::AppError::context(
            "Failed to save a time zone",
        ))?;
    Ok(())
}

/// The account's saved time zone (UTC until its browser told one).
pub async fn time_zone_of(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<super::state::NamedZone, sqlx::Error> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("select time_zone from users where id = $1")
            .bind(user_id)
            .fetch_optional(conn)
            .await?;
    Ok(row
        .and_then(|(name,)| name)
        .and_then(|name| super::state::NamedZone::parse(&name).ok())
        .unwrap_or_else(super::state::NamedZone::utc))
}

/// Saves the account's language, in which its pages and mail are written.
pub async fn save_language(
    state: &super::AppState,
    user_id: i64,
    locale: crate::i18n::Locale,
) -> Result<(), crate::error::AppError> {
    let context = "Failed to save a language";
    let mut conn = state
        .db
        .write_conn()
        .await
        .map_err(crate::error::AppError::context(context))?;
    sqlx::query("update users set language = $1 where id = $2 and coalesce(language, '') <> $1")
        .bind(locale.tag())
        .bind(user_id)
        .execute(&mut *conn)
        .await
        .map_err(crate::error::AppError::context(context))?;
    Ok(())
}

/// The language of the account with this address, for mail to it (`None`
/// when there is no such account; English when it never chose).
pub async fn language_of_email(
    conn: &mut AnyConnection,
    email: &str,
) -> Result<Option<crate::i18n::Locale>, sqlx::Error> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("select language from users where email = $1")
            .bind(email)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|(tag,)| stored_language(tag)))
}

/// The account's language, for mail to it.
pub async fn language_of(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<crate::i18n::Locale, sqlx::Error> {
    let row: Option<(Option<String>,)> = sqlx::query_as("select language from users where id = $1")
        .bind(user_id)
        .fetch_optional(conn)
        .await?;
    Ok(stored_language(row.and_then(|(tag,)| tag)))
}

/// A stored language tag as a locale; none (or one no longer offered) is English.
pub fn stored_language(tag: Option<String>) -> crate::i18n::Locale {
    tag.as_deref()
        .and_then(crate::i18n::Locale::parse)
        .unwrap_or_default()
}
