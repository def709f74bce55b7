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
    let wait = codes::LOGIN_CODES
        .resend_wait(&mut tx, user.id, now)
        .await
        .map_err(AppError::context(context))?;
    if wait > 0 {
        return Ok(());
    }
    let code = codes::generate();
    codes::LOGIN_CODES
        .store(&mut tx, user.id, &code, now, None)
        .await
        .map_err(AppError::context(context))?;
    let language = super::users::language_of(&mut tx, user.id)
        .await
        .map_err(AppError::context(context))?;
    mail::enqueue(
        &mut tx,
        &mail::login_code(language, &user.email, &code),
        now,
    )
    .await
    .map_err(AppError::context(context))?;
    tx.commit().await.map_err(AppError::context(context))?;
    mail::wake_worker(state);
    tracing::info!(user_id = user.id, "sign-in code sent");
    Ok(())
}

/// Whether `code` is the account's live code (which is then used up; a
/// miss is counted).
pub async fn redeem(
    state: &AppState,
    user_id: i64,
    code: &VerificationCode,
) -> Result<bool, AppError> {
    let context = AppError::context("Failed to check a sign-in code");
    let mut tx = state.db.begin_write().await.map_err(&context)?;
    let verdict = codes::LOGIN_CODES
        .check(&mut tx, user_id, code.as_str(), state.clock.now())
        .await
        .map_err(&context)?;
    tx.commit().await.map_err(&context)?;
    Ok(verdict == codes::Verdict::Accepted)
}
