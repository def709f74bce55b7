//! The Terms of Service: the current version, each merchant's acceptance of
//! it, and publishing a new one (which asks every merchant to accept it at
//! their next login, and tells them by email).

use super::accounts::RequestInfo;
use super::{mail, AppState, Db};
use crate::error::AppError;
use crate::model::terms::TermsOfService;
use sqlx::AnyConnection;

/// The most recently published Terms of Service.
pub async fn current(state: &AppState) -> Result<TermsOfService, AppError> {
    let row: Option<(String, String, String, i64)> = sqlx::query_as(
        "select version, title, body, published_at from terms_versions \
         order by published_at desc, version desc limit 1",
    )
    .fetch_optional(state.db.pool())
    .await
    .map_err(AppError::context("Failed to read the Terms of Service"))?;
    let (version, title, body, published_at) = row.ok_or(AppError::NotFound)?;
    Ok(TermsOfService {
        version,
        title,
        body,
        published_at,
        language: crate::i18n::Locale::En,
    })
}

/// The current version as `locale`'s reader gets it: its translation into
/// that language where one is published, else the English text.
pub async fn current_in(
    state: &AppState,
    locale: crate::i18n::Locale,
) -> Result<TermsOfService, AppError> {
    let english = current(state).await?;
    if locale == crate::i18n::Locale::En {
        return Ok(english);
    }
    let translated: Option<(String, String)> = sqlx::query_as(
        "select title, body from terms_translations where version = $1 and language = $2",
    )
    .bind(&english.version)
    .bind(locale.tag())
    .fetch_optional(state.db.pool())
    .await
    .map_err(AppError::context(
        "Failed to read a translation of the Terms of Service",
    ))?;
    Ok(match translated {
        Some((title, body)) => TermsOfService {
            title,
            body,
            language: locale,
            ..english
        },
        None => english,
    })
}

/// Publishes `translation` of an already published `version` into
/// `language`, replacing an earlier one; nobody is asked to accept anything
/// (acceptance is of the version, whose English text prevails).
pub async fn publish_translation(
    db: &Db,
    version: &str,
    language: crate::i18n::Locale,
    title: &str,
    body: &str,
    now: i64,
) -> Result<(), String> {
    if language == crate::i18n::Locale::En {
        return Err("the English text is the version itself: publish it with publish-terms".into());
    }
    if title.trim().is_empty() || title.chars().count() > 200 {
        return Err("the title must be 1 to 200 characters".into());
    }
    if body.trim().is_empty() || body.len() > 200_000 {
        return Err("the text must be non-empty and at most 200,000 bytes".into());
    }
    let failed = |e: sqlx::Error| format!("publishing failed: {e}");
    let mut tx = db.begin_write().await.map_err(failed)?;
    let known: Option<(String,)> =
        sqlx::query_as("select version from terms_versions where version = $1")
            .bind(version)
            .fetch_optional(&mut *tx)
            .await
            .map_err(failed)?;
    if known.is_none() {
        return Err(format!("version {version} is not published"));
    }
    sqlx::query("delete from terms_translations where version = $1 and language = $2")
        .bind(version)
        .bind(language.tag())
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
    sqlx::query(
        "insert into terms_translations (version, language, title, body, created_at) \
         values ($1, $2, $3, $4, $5)",
    )
    .bind(version)
    .bind(language.tag())
    .bind(title.trim())
    .bind(body)
    .bind(now)
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    tx.commit().await.map_err(failed)?;
    Ok(())
}

/// The SQL for the current version's name, for use inside other queries.
pub const CURRENT_VERSION_SQL: &str =
    "(select version from terms_versions order by published_at desc, version desc limit 1)";

/// Records the consent of `user_id` to `version` (in the caller's
/// transaction): the consent in force on the account, and one more in its
/// history.
pub async fn record_consent(
    conn: &mut AnyConnection,
    user_id: i64,
    version: &str,
    req: &RequestInfo,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into terms_consents (user_id, version, accepted_at, ip, user_agent) \
         values ($1, $2, $3, $4, $5) on conflict (user_id, version) do nothing",
    )
    .bind(user_id)
    .bind(version)
    .bind(now)
    .bind(&req.ip)
    .bind(&req.user_agent)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "update users set tos_version = $1, tos_accepted_at = $2, tos_ip = $3, \
           tos_user_agent = $4, updated_at = $2 where id = $5",
    )
    .bind(version)
    .bind(now)
    .bind(&req.ip)
    .bind(&req.user_agent)
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The merchant accepts the current terms, which they were shown as
/// `version` (a newer one published meanwhile must be read first).
pub async fn accept(
    state: &AppState,
    user_id: i64,
    version: &str,
    agreed: bool,
    req: &RequestInfo,
) -> Result<(), AppError> {
    if !agreed {
        return Err(AppError::field(
            "accept_terms",
            crate::i18n::texts().auth().must_accept_terms,
        ));
    }
    let current = current(state).await?;
    if current.version != version {
        return Err(AppError::Conflict(
            crate::i18n::texts()
                .auth()
                .terms_changed_while_reading
                .into(),
        ));
    }
    let context = "Failed to record the acceptance of the Terms of Service";
    let mut tx = state
        .db
        .begin_write()
        .await
        .map_err(AppError::context(context))?;
    record_consent(&mut tx, user_id, version, req, state.clock.now())
        .await
        .map_err(AppError::context(context))?;
    tx.commit().await.map_err(AppError::context(context))?;
    tracing::info!(user_id, version, "terms of service accepted");
    Ok(())
}

/// A version of the terms to publish, as the operator gave it.
pub struct NewTerms {
    pub version: String,
    pub title: String,
    pub body: String,
}

impl NewTerms {
    /// What is wrong with it, if anything.
    fn check(&self) -> Result<(), String> {
        let version_ok = (1..=40).contains(&self.version.len())
            && self
                .version
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
        if !version_ok {
            return Err(
                "the version must be 1 to 40 letters, digits, dots, dashes or underscores \
                 (for example 2027-01-15)"
                    .into(),
            );
        }
        if self.title.trim().is_empty() || self.title.chars().count() > 200 {
            return Err("the title must be 1 to 200 characters".into());
        }
        if self.body.trim().is_empty() || self.body.len() > 200_000 {
            return Err("the text must be non-empty and at most 200,000 bytes".into());
        }
        Ok(())
    }
}

/// Publishes `terms` as the current version and queues a notice to every
/// merchant; returns how many were told. From the next request on, every
/// merchant is asked to accept it before going on.
pub async fn publish(
    db: &Db,
    terms: &NewTerms,
    public_url: &str,
    now: i64,
) -> Result<usize, String> {
    terms.check()?;
    let failed = |e: sqlx::Error| format!("publishing failed: {e}");
    let mut tx = db.begin_write().await.map_err(failed)?;
    let taken: Option<(String,)> =
        sqlx::query_as("select version from terms_versions where version = $1")
            .bind(&terms.version)
            .fetch_optional(&mut *tx)
            .await
            .map_err(failed)?;
    if taken.is_some() {
        return Err(format!("version {} is already published", terms.version));
    }
    let (latest,): (Option<i64>,) = sqlx::query_as("select max(published_at) from terms_versions")
        .fetch_one(&mut *tx)
        .await
        .map_err(failed)?;
    // Always the newest, even if the clock went back.
    let published_at = latest.map_or(now, |latest| now.max(latest + 1));
    sqlx::query(
        "insert into terms_versions (version, title, body, published_at, created_at) \
         values ($1, $2, $3, $4, $5)",
    )
    .bind(&terms.version)
    .bind(terms.title.trim())
    .bind(&terms.body)
    .bind(published_at)
    .bind(now)
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    let merchants: Vec<(String, Option<String>)> = sqlx::query_as(
        "select email, language from users where role = 'merchant' and deleted_at is null order by id",
    )
    .fetch_all(&mut *tx)
    .await
    .map_err(failed)?;
    for (email, language) in &merchants {
        let language = super::users::stored_language(language.clone());
        mail::enqueue(
            &mut tx,
            &mail::terms_changed(language, email, &terms.version, public_url),
            now,
        )
        .await
        .map_err(failed)?;
    }
    tx.commit().await.map_err(failed)?;
    tracing::info!(
        version = terms.version,
        notified = merchants.len(),
        "terms of service published"
    );
    Ok(merchants.len())
}
