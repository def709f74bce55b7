//! Forgot password: a single-use link mailed to the account's address. The
//! link carries a 256-bit random token; only its SHA-256 is stored, it
//! works for 30 minutes, and a newer link replaces the older one. Using it
//! sets the new password and ends every session the account had.

use super::accounts::RequestInfo;
use super::codes::hex;
use super::{mail, passwords, rate_limit, users, AppState};
use crate::domain::signup::NewPasswordInput;
use crate::domain::Email;
use crate::error::AppError;
use sha2::{Digest, Sha256};

pub const LINK_VALID_SECS: i64 = 30 * 60;
use crate::model::account::invalid_reset_link;

/// Mails a reset link when the address has an account; the answer is the
/// same either way, so it tells nobody whether an account exists.
pub async fn request(state: &AppState, raw_email: &str, req: &RequestInfo) -> Result<(), AppError> {
    let email = Email::parse(raw_email).map_err(|m| AppError::field("email", m))?;
    rate_limit::hit(state, &rate_limit::RESET_REQUEST_PER_IP, &req.rate_key).await?;
    rate_limit::hit(state, &rate_limit::RESET_REQUEST_PER_EMAIL, email.as_str()).await?;
    let context = "Failed to send a password reset link";
    let Some(user) = users::by_email(&state.db, &email)
        .await
        .map_err(AppError::context(context))?
    else {
        tracing::info!("password reset asked for an address without an account");
        return Ok(());
    };
    if user.disabled {
        tracing::info!(
            user_id = user.id,
            "password reset asked for a disabled account"
        );
        return Ok(());
    }
    let token = new_token();
    let now = state.clock.now();
    let mut tx = state
        .db
        .begin_write()
        .await
        .map_err(AppError::context(context))?;
    sqlx::query(
        "insert into password_resets (user_id, token_hash, created_at, expires_at) \
         values ($1, $2, $3, $4) \
         on conflict (user_id) do update set token_hash = excluded.token_hash, \
           created_at = excluded.created_at, expires_at = excluded.expires_at",
    )
    .bind(user.id)
    .bind(token_hash(&token))
    .bind(now)
    .bind(now + LINK_VALID_SECS)
    .execute(&mut *tx)
    .await
    .map_err(AppError::context(context))?;
    let link = format!("{}/reset/{token}", state.settings.public_url);
    let language = super::users::language_of(&mut tx, user.id)
        .await
        .map_err(AppError::context(context))?;
    mail::enqueue(
        &mut tx,
        &mail::password_reset(language, &user.email, &link),
        now,
    )
    .await
    .map_err(AppError::context(context))?;
    tx.commit().await.map_err(AppError::context(context))?;
    mail::wake_worker(state);
    tracing::info!(user_id = user.id, "password reset link sent");
    Ok(())
}

/// Whether `token` is a live link (for the page it opens, so an expired
/// link says so before anyone types a new password).
pub async fn is_live(state: &AppState, token: &str) -> Result<bool, AppError> {
    let row: Option<(i64,)> =
        sqlx::query_as("select expires_at from password_resets where token_hash = $1")
            .bind(token_hash(token))
            .fetch_optional(state.db.pool())
            .await
            .map_err(AppError::context("Failed to check a reset link"))?;
    Ok(row.is_some_and(|(expires_at,)| expires_at > state.clock.now()))
}

/// Sets the new password if the link is live, using it up and ending every
/// session of the account; answers the account, to be logged in afresh.
pub async fn complete(
    state: &AppState,
    input: &NewPasswordInput,
    req: &RequestInfo,
) -> Result<users::UserRow, AppError> {
    rate_limit::hit(state, &rate_limit::RESET_COMPLETE_PER_IP, &req.rate_key).await?;
    let password = input.validate().map_err(AppError::Validation)?;
    let hash = token_hash(input.token.trim());
    if !is_live(state, input.token.trim()).await? {
        return Err(AppError::field("form", invalid_reset_link()));
    }
    // Hash before taking the write lock: it is the slow part.
    let password_hash = passwords::hash_bounded(state, password).await?;
    let now = state.clock.now();
    let context = "Failed to set a new password";
    let mut tx = state
        .db
        .begin_write()
        .await
        .map_err(AppError::context(context))?;
    // Single use: of two tabs sending the same link, only the one that
    // deletes the row goes on.
    let used: Option<(i64,)> = sqlx::query_as(
        "delete from password_resets where token_hash = $1 and expires_at > $2 returning user_id",
    )
    .bind(&hash)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await
    .map_err(AppError::context(context))?;
    let Some((user_id,)) = used else {
        return Err(AppError::field("form", invalid_reset_link()));
    };
    let email: (String,) = sqlx::query_as(
        "update users set password_hash = $1, session_epoch = session_epoch + 1, updated_at = $2 \
         where id = $3 returning email",
    )
    .bind(&password_hash)
    .bind(now)
    .bind(user_id)
    .fetch_one(&mut *tx)
    .await
    .map_err(AppError::context(context))?;
    let language = super::users::language_of(&mut tx, user_id)
        .await
        .map_err(AppError::context(context))?;
    let changed = mail::password_changed(language, &email.0, &state.settings.public_url);
    mail::enqueue(&mut tx, &changed, now)
        .await
        .map_err(AppError::context(context))?;
    tx.commit().await.map_err(AppError::context(context))?;
    mail::wake_worker(state);
    tracing::info!(user_id, client = %req.ip, "password reset with an emailed link");
    users::by_id(&state.db, user_id)
        .await
        .map_err(AppError::context(context))?
        .ok_or_else(|| AppError::internal(context, "the account vanished"))
}

/// 32 bytes from the OS's CSPRNG, as URL-safe text (64 hex digits).
fn new_token() -> String {
    super::codes::random_hex(32)
}

fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_256_random_bits_and_only_their_hash_is_kept() {
        let a = new_token();
        let b = new_token();
        assert_eq!(a.len(), 64);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        assert_ne!(token_hash(&a), a);
        assert_eq!(token_hash(&a), token_hash(&a));
    }
}
