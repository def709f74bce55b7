//! Changing the account's email from `/account`: a code goes to the new
//! address (the signup code rules: six digits, salted hash, 10 minutes, five
//! tries, single use); nothing changes until it comes back. Then the old
//! address gets a notice. An address that already has an account gets a
//! notice instead of a code, so the form reveals no one's account.

use super::accounts::RequestInfo;
use super::{codes, mail, rate_limit, users, AppState};
use crate::domain::signup::VerificationCode;
use crate::domain::Email;
use crate::error::AppError;
use crate::i18n::locale;

/// Mails a code to `raw_email` for the account `user_id`; answers the
/// seconds until another may be sent.
pub async fn request(
    state: &AppState,
    user_id: i64,
    raw_email: &str,
    req: &RequestInfo,
) -> Result<i64, AppError> {
    let email = Email::parse(raw_email).map_err(|m| AppError::field("new_email", m))?;
    rate_limit::hit(state, &rate_limit::SEND_CODE_PER_IP, &req.rate_key).await?;
    rate_limit::hit(state, &rate_limit::SEND_CODE_PER_EMAIL, email.as_str()).await?;
    let context = "Failed to send an email change code";
    let user = users::by_id(&state.db, user_id)
        .await
        .map_err(AppError::context(context))?
        .ok_or(AppError::Unauthorized)?;
    if user.email == email.as_str() {
        return Err(AppError::field(
            "new_email",
            crate::i18n::texts().account().already_your_email,
        ));
    }
    let now = state.clock.now();
    let mut tx = state
        .db
        .begin_write()
        .await
        .map_err(AppError::context(context))?;
    let wait = codes::EMAIL_CHANGE_CODES
        .resend_wait(&mut tx, user_id, now)
        .await
        .map_err(AppError::context(context))?;
    if wait > 0 {
        return Err(AppError::RateLimited {
            retry_after_secs: wait as u64,
        });
    }
    let taken: Option<(i64,)> = sqlx::query_as("select id from users where email = $1")
        .bind(email.as_str())
        .fetch_optional(&mut *tx)
        .await
        .map_err(AppError::context(context))?;
    let code = codes::generate();
    // A taken address gets a stored code too (never mailed), so the answer
    // and the cooldown are the same either way.
    let stored = if taken.is_some() {
        codes::generate()
    } else {
        code.clone()
    };
    codes::EMAIL_CHANGE_CODES
        .store(
            &mut tx,
            user_id,
            &stored,
            now,
            Some(("new_email", email.as_str())),
        )
        .await
        .map_err(AppError::context(context))?;
    let message = if taken.is_some() {
        mail::account_exists(locale(), email.as_str(), &state.settings.public_url)
    } else {
        mail::email_change_code(locale(), email.as_str(), &code)
    };
    mail::enqueue(&mut tx, &message, now)
        .await
        .map_err(AppError::context(context))?;
    tx.commit().await.map_err(AppError::context(context))?;
    mail::wake_worker(state);
    tracing::info!(user_id, "email change code sent");
    Ok(codes::RESEND_AFTER_SECS)
}

/// Moves the account to the new address once its code is proven; the old
/// address is told. Answers the new address.
pub async fn confirm(state: &AppState, user_id: i64, raw_code: &str) -> Result<String, AppError> {
    let code = VerificationCode::parse(raw_code).map_err(|m| AppError::field("email_code", m))?;
    let now = state.clock.now();
    let context = "Failed to change an email address";
    let mut tx = state
        .db
        .begin_write()
        .await
        .map_err(AppError::context(context))?;
    let pending: Option<(String,)> =
        sqlx::query_as("select new_email from email_changes where user_id = $1")
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(AppError::context(context))?;
    let Some((new_email,)) = pending else {
        return Err(AppError::field(
            "email_code",
            crate::i18n::texts().auth().invalid_code,
        ));
    };
    let verdict = codes::EMAIL_CHANGE_CODES
        .check(&mut tx, user_id, code.as_str(), now)
        .await
        .map_err(AppError::context(context))?;
    if verdict != codes::Verdict::Accepted {
        // The count of wrong tries stays.
        tx.commit().await.map_err(AppError::context(context))?;
        return Err(AppError::field("email_code", verdict.message()));
    }
    let old: (String,) = sqlx::query_as("select email from users where id = $1")
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(AppError::context(context))?;
    // The address may have been taken since the code was sent.
    let moved = sqlx::query(
        "update users set email = $1, updated_at = $2 where id = $3 \
           and not exists (select 1 from users where email = $1)",
    )
    .bind(&new_email)
    .bind(now)
    .bind(user_id)
    .execute(&mut *tx)
    .await
    .map_err(AppError::context(context))?
    .rows_affected();
    if moved != 1 {
        return Err(AppError::field(
            "email_code",
            crate::i18n::texts().auth().invalid_code,
        ));
    }
    let language = super::users::language_of(&mut tx, user_id)
        .await
        .map_err(AppError::context(context))?;
    let notice = mail::email_changed(language, &old.0, &new_email, &state.settings.public_url);
    mail::enqueue(&mut tx, &notice, now)
        .await
        .map_err(AppError::context(context))?;
    tx.commit().await.map_err(AppError::context(context))?;
    mail::wake_worker(state);
    tracing::info!(user_id, "email address changed");
    Ok(new_email)
}
