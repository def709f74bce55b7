//! Step-up login: while an account is under attack from many addresses, the
//! right password must come with a one-time code mailed to the owner. Codes
//! follow the signup code rules (six digits, salted hash, 10 minutes, five
//! tries, single use).

use super::{codes, mail, users::UserRow, AppState};
use crate::domain::signup::VerificationCode;
use crate::error::AppError;

/// Mails a fresh code to the account, unless one was sent less than the
/// resend cooldown ago (the owner may press Log In twice).
pub async fn send(state: &AppState, user: &UserRow) -> Result<(), AppError> {
    let now = state.clock.now();
    let context = "Failed to store a sign-in code";
    let mut tx = state
        .db
        .begin_write()
        .await
        .map_err(AppError::context(context))?;
    let last: Option<(i64,)> =
        sqlx::query_as("select created_at from login_codes where user_id = $1")
            .bind(user.id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(AppError::context(context))?;
    if last.is_some_and(|(created_at,)| created_at + codes::RESEND_AFTER_SECS > now) {
        return Ok(());
    }
    let code = codes::generate();
    sqlx::query(
        "insert into login_codes (user_id, code_hash, attempts, created_at, expires_at) \
         values ($1, $2, 0, $3, $4) \
         on conflict (user_id) do update set code_hash = excluded.code_hash, attempts = 0, \
           created_at = excluded.created_at, expires_at = excluded.expires_at",
    )
    .bind(user.id)
    .bind(codes::hash(&code))
    .bind(now)
    .bind(now + codes::VALID_SECS)
    .execute(&mut *tx)
    .await
    .map_err(AppError::context(context))?;
    mail::enqueue(&mut tx, &mail::login_code(&user.email, &code), now)
        .await
        .map_err(AppError::context(context))?;
    tx.commit().await.map_err(AppError::context(context))?;
    mail::wake_worker(state);
    tracing::info!(user_id = user.id, "sign-in code sent");
    Ok(())
}

/// Whether `code` is the account's live code; a match is used up, a miss
/// is counted (atomically, so parallel guesses never pass the limit).
pub async fn redeem(
    state: &AppState,
    user_id: i64,
    code: &VerificationCode,
) -> Result<bool, AppError> {
    let now = state.clock.now();
    let context = "Failed to check a sign-in code";
    let row: Option<(String, i32, i64)> = sqlx::query_as(
        "select code_hash, attempts, expires_at from login_codes where user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(state.db.pool())
    .await
    .map_err(AppError::context(context))?;
    let Some((code_hash, attempts, expires_at)) = row else {
        return Ok(false);
    };
    if expires_at <= now || i64::from(attempts) >= codes::MAX_WRONG_TRIES {
        return Ok(false);
    }
    if !codes::matches(&code_hash, code.as_str()) {
        sqlx::query(
            "update login_codes set attempts = attempts + 1 where user_id = $1 and attempts < $2",
        )
        .bind(user_id)
        .bind(codes::MAX_WRONG_TRIES)
        .execute(
            &mut *state
                .db
                .write_conn()
                .await
                .map_err(AppError::context(context))?,
        )
        .await
        .map_err(AppError::context(context))?;
        return Ok(false);
    }
    // Single use: of parallel redemptions, only the one that deletes the row
    // goes on; the tries are checked again so a code guessed after the limit
    // (in a race) does not count.
    let consumed = sqlx::query(
        "delete from login_codes where user_id = $1 and code_hash = $2 and attempts < $3 \
           and expires_at > $4",
    )
    .bind(user_id)
    .bind(&code_hash)
    .bind(codes::MAX_WRONG_TRIES)
    .bind(now)
    .execute(
        &mut *state
            .db
            .write_conn()
            .await
            .map_err(AppError::context(context))?,
    )
    .await
    .map_err(AppError::context(context))?
    .rows_affected();
    Ok(consumed == 1)
}
