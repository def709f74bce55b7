//! Signup with an emailed code, and login. Nothing here tells a caller
//! whether an email already has an account.

use super::{codes, login_codes, mail, passwords, rate_limit, terms, users, AppState};
use crate::domain::signup::{LoginInput, SignupInput};
use crate::domain::Email;
use crate::error::AppError;

/// Who is asking, for rate limits and the Terms of Service record.
#[derive(Debug, Clone)]
pub struct RequestInfo {
    /// The client's address (see `client_addr`), as stored with a consent.
    pub ip: String,
    /// What per-address rate limits count by (an IPv6 client's /64).
    pub rate_key: String,
    /// Cut to `MAX_USER_AGENT` bytes (see `kept_user_agent`).
    pub user_agent: String,
    /// The browser's time zone (its `tz` cookie), when it sent one.
    pub time_zone: Option<String>,
}

/// The longest user-agent string kept (real ones are a few hundred bytes).
pub const MAX_USER_AGENT: usize = 512;

/// A user agent as kept with a session or a consent: at most
/// `MAX_USER_AGENT` bytes, cut at a character boundary.
pub fn kept_user_agent(raw: &str) -> String {
    let mut end = raw.len().min(MAX_USER_AGENT);
    while !raw.is_char_boundary(end) {
        end -= 1;
    }
    raw[..end].to_owned()
}

/// Emails a new code (or, for an existing account, a notice instead) and
/// returns how many seconds until another may be sent.
pub async fn send_code(
    state: &AppState,
    raw_email: &str,
    req: &RequestInfo,
) -> Result<i64, AppError> {
    let email = Email::parse(raw_email).map_err(|m| AppError::field("email", m))?;
    rate_limit::hit(state, &rate_limit::SEND_CODE_PER_IP, &req.rate_key).await?;
    rate_limit::hit(state, &rate_limit::SEND_CODE_PER_EMAIL, email.as_str()).await?;

    let now = state.clock.now();
    let context = "Failed to store a verification code";
    let mut tx = state
        .db
        .begin_write()
        .await
        .map_err(AppError::context(context))?;
    let wait = codes::SIGNUP_CODES
        .resend_wait(&mut tx, email.as_str().to_owned(), now)
        .await
        .map_err(AppError::context(context))?;
    if wait > 0 {
        return Err(AppError::RateLimited {
            retry_after_secs: wait as u64,
        });
    }
    let exists: Option<(i64,)> = sqlx::query_as("select id from users where email = $1")
        .bind(email.as_str())
        .fetch_optional(&mut *tx)
        .await
        .map_err(AppError::context(context))?;
    let code = codes::generate();
    // An existing account gets a stored code too (one never mailed), so
    // cooldowns and answers are the same either way.
    let stored = if exists.is_some() {
        codes::generate()
    } else {
        code.clone()
    };
    codes::SIGNUP_CODES
        .store(&mut tx, email.as_str().to_owned(), &stored, now, None)
        .await
        .map_err(AppError::context(context))?;
    let message = if exists.is_some() {
        mail::account_exists(
            crate::i18n::locale(),
            email.as_str(),
            &state.settings.public_url,
        )
    } else {
        mail::verification_code(crate::i18n::locale(), email.as_str(), &code)
    };
    mail::enqueue(&mut tx, &message, now)
        .await
        .map_err(AppError::context(context))?;
    tx.commit().await.map_err(AppError::context(context))?;
    mail::wake_worker(state);
    tracing::info!("verification code sent");
    Ok(codes::RESEND_AFTER_SECS)
}

/// Creates a merchant account once the code is proven; returns its id.
pub async fn signup(
    state: &AppState,
    input: &SignupInput,
    req: &RequestInfo,
) -> Result<i64, AppError> {
    let valid = input.validate().map_err(AppError::Validation)?;
    rate_limit::hit(state, &rate_limit::SIGNUP_PER_IP, &req.rate_key).await?;
    rate_limit::hit(state, &rate_limit::SIGNUP_PER_EMAIL, valid.email.as_str()).await?;
    // Hash before taking the write lock: it is the slow part.
    let password_hash = passwords::hash_bounded(state, valid.password).await?;
    let terms = match terms::current(state).await {
        Err(AppError::NotFound) => Err(AppError::internal(
            "Signup",
            "no Terms of Service are published",
        )),
        other => other,
    }?;

    let now = state.clock.now();
    let context = "Failed to create an account";
    let email = valid.email.as_str();
    let mut tx = state
        .db
        .begin_write()
        .await
        .map_err(AppError::context(context))?;
    let verdict = codes::SIGNUP_CODES
        .check(&mut tx, email.to_owned(), valid.code.as_str(), now)
        .await
        .map_err(AppError::context(context))?;
    if verdict != codes::Verdict::Accepted {
        // The count of wrong tries stays.
        tx.commit().await.map_err(AppError::context(context))?;
        tracing::info!("signup refused: wrong code");
        return Err(AppError::field("code", verdict.message()));
    }
    let created: Option<(i64,)> = sqlx::query_as(
        "insert into users (email, password_hash, role, created_at, updated_at, language) \
         values ($1, $2, 'merchant', $3, $3, $4) \
         on conflict (email) do nothing returning id",
    )
    .bind(email)
    .bind(&password_hash)
    .bind(now)
    // The language the account was created in is its first choice.
    .bind(crate::i18n::locale().tag())
    .fetch_optional(&mut *tx)
    .await
    .map_err(AppError::context(context))?;
    let Some((user_id,)) = created else {
        // The address has an account: answer exactly as for a bad code.
        return Err(AppError::field(
            "code",
            crate::i18n::texts().auth().invalid_code,
        ));
    };
    terms::record_consent(&mut tx, user_id, &terms.version, req, now)
        .await
        .map_err(AppError::context(context))?;
    tx.commit().await.map_err(AppError::context(context))?;
    tracing::info!(user_id, "account created");
    Ok(user_id)
}

/// Checks credentials; one answer for an unknown email and a wrong password.
///
/// Guessing is bounded per account *and* address, so a stranger's failures
/// never lock out the owner, who logs in from elsewhere. When one account
/// fails from so many addresses that it is under attack, the right password
/// also needs a code mailed to the owner; every answer then asks for the
/// code, so it tells a guesser nothing about the password.
pub async fn login(
    state: &AppState,
    input: &LoginInput,
    req: &RequestInfo,
) -> Result<users::UserRow, AppError> {
    let valid = input.validate().map_err(AppError::Validation)?;
    rate_limit::hit(state, &rate_limit::LOGIN_PER_IP, &req.rate_key).await?;
    let per_address = &rate_limit::LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS;
    let failures = format!("{}|{}", valid.email.as_str(), req.rate_key);
    let per_account = &rate_limit::LOGIN_FAILURES_PER_ACCOUNT;
    let under_attack = rate_limit::check_then_is_full(
        state,
        (per_address, &failures),
        (per_account, valid.email.as_str()),
    )
    .await?;
    let user = users::by_email(&state.db, &valid.email)
        .await
        .map_err(AppError::context("Failed to look up an account"))?;
    let ok = passwords::verify(
        state,
        user.as_ref().map(|u| u.password_hash.clone()),
        valid.password,
    )
    .await?;
    // Counts a failure; the next attempt past a limit is refused.
    let count = |limit, subject| async move {
        match rate_limit::hit(state, limit, subject).await {
            Err(err @ AppError::Internal { .. }) => Err(err),
            _ => Ok(()),
        }
    };
    match user {
        // Only the right password learns that the account is disabled.
        Some(user) if ok && user.disabled => {
            tracing::info!(user_id = user.id, "login refused: the account is disabled");
            Err(AppError::field(
                "form",
                crate::i18n::texts().auth().account_disabled,
            ))
        }
        Some(user) if ok && !under_attack => {
            tracing::info!(user_id = user.id, "login succeeded");
            Ok(user)
        }
        Some(user) if ok => match &valid.code {
            None => {
                login_codes::send(state, &user).await?;
                Err(AppError::field(
                    "code",
                    crate::i18n::texts().auth().code_needed,
                ))
            }
            Some(code) if login_codes::redeem(state, user.id, code).await? => {
                tracing::info!(user_id = user.id, "login succeeded with a sign-in code");
                Ok(user)
            }
            Some(_) => {
                tracing::info!(user_id = user.id, client = %req.ip, "login failed: wrong sign-in code");
                count(per_address, &failures).await?;
                Err(AppError::field(
                    "code",
                    crate::i18n::texts().auth().wrong_login_or_code,
                ))
            }
        },
        _ => {
            tracing::info!(client = %req.ip, under_attack, "login failed");
            count(per_address, &failures).await?;
            count(per_account, valid.email.as_str()).await?;
            Err(match (under_attack, &valid.code) {
                (false, _) => AppError::field("form", crate::i18n::texts().auth().wrong_login),
                (true, None) => AppError::field("code", crate::i18n::texts().auth().code_needed),
                (true, Some(_)) => {
                    AppError::field("code", crate::i18n::texts().auth().wrong_login_or_code)
                }
            })
        }
    }
}

#[cfg(test)]
mod user_agent_tests {
    use super::{kept_user_agent, MAX_USER_AGENT};

    #[test]
    fn long_user_agents_are_cut_at_a_character_boundary() {
        assert_eq!(kept_user_agent("abc"), "abc");
        let long = "é".repeat(MAX_USER_AGENT);
        let kept = kept_user_agent(&long);
        assert_eq!(kept.len(), MAX_USER_AGENT);
        assert!(kept.chars().all(|c| c == 'é'));
        let odd = format!("a{long}");
        assert_eq!(kept_user_agent(&odd).len(), MAX_USER_AGENT - 1);
    }
}
