//! What a logged-in account does for itself on `/account`: change its
//! password, download its data, delete itself.

use super::accounts::RequestInfo;
use super::store::applications as store;
use super::{mail, passwords, rate_limit, users, AppState};
use crate::domain::signup::ChangePasswordInput;
use crate::domain::Status;
use crate::error::AppError;
use serde_json::json;

/// Checks `password` against the account's, counting failures like logins
/// do, so the page cannot be used to guess it.
async fn confirm_password(
    state: &AppState,
    user: &users::UserRow,
    password: String,
    field: &str,
    wrong: &str,
    req: &RequestInfo,
) -> Result<(), AppError> {
    let limit = &rate_limit::LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS;
    let subject = format!("{}|{}", user.email, req.rate_key);
    rate_limit::check(state, limit, &subject).await?;
    if passwords::verify(state, Some(user.password_hash.clone()), password).await? {
        return Ok(());
    }
    // Counted; past the limit the next attempt is refused by the check above.
    if let Err(err @ AppError::Internal { .. }) = rate_limit::hit(state, limit, &subject).await {
        return Err(err);
    }
    tracing::info!(user_id = user.id, client = %req.ip, "account change refused: wrong password");
    Err(AppError::field(field, wrong))
}

async fn account(state: &AppState, user_id: i64) -> Result<users::UserRow, AppError> {
    users::by_id(&state.db, user_id)
        .await
        .map_err(AppError::context("Failed to load an account"))?
        .ok_or(AppError::Unauthorized)
}

/// Sets a new password once the current one is proven, ending every other
/// session; answers the account's new session epoch (this session goes on
/// in it).
pub async fn change_password(
    state: &AppState,
    user_id: i64,
    input: &ChangePasswordInput,
    req: &RequestInfo,
) -> Result<i64, AppError> {
    let password = input.validate().map_err(AppError::Validation)?;
    let user = account(state, user_id).await?;
    let current = input.current_password.clone();
    confirm_password(
        state,
        &user,
        current,
        "current_password",
        crate::i18n::texts().account().wrong_current_password,
        req,
    )
    .await?;
    let password_hash = passwords::hash_bounded(state, password).await?;
    let now = state.clock.now();
    let context = "Failed to change a password";
    let mut tx = state
        .db
        .begin_write()
        .await
        .map_err(AppError::context(context))?;
    // Only over the password just checked: of two changes at once, one wins.
    let epoch: Option<(i64,)> = sqlx::query_as(
        "update users set password_hash = $1, session_epoch = session_epoch + 1, updated_at = $2 \
         where id = $3 and password_hash = $4 returning session_epoch",
    )
    .bind(&password_hash)
    .bind(now)
    .bind(user.id)
    .bind(&user.password_hash)
    .fetch_optional(&mut *tx)
    .await
    .map_err(AppError::context(context))?;
    let Some((epoch,)) = epoch else {
        return Err(AppError::Conflict(
            crate::i18n::texts()
                .account()
                .password_changed_elsewhere
                .into(),
        ));
    };
    let language = super::users::language_of(&mut tx, user.id)
        .await
        .map_err(AppError::context(context))?;
    let changed = mail::password_changed(language, &user.email, &state.settings.public_url);
    mail::enqueue(&mut tx, &changed, now)
        .await
        .map_err(AppError::context(context))?;
    tx.commit().await.map_err(AppError::context(context))?;
    mail::wake_worker(state);
    tracing::info!(user_id, "password changed");
    Ok(epoch)
}

#[derive(sqlx::FromRow)]
struct AccountRecord {
    email: String,
    role: String,
    created_at: i64,
    tos_version: Option<String>,
    tos_accepted_at: Option<i64>,
    tos_ip: Option<String>,
    tos_user_agent: Option<String>,
}

/// Everything the account has told us and what we decided, as JSON: the
/// account, its consent to the terms, its applications with the decisions
/// shown to it, and its workspace. Nothing only reviewers see (who
/// reviewed, claims, internal events).
pub async fn export(state: &AppState, user_id: i64) -> Result<serde_json::Value, AppError> {
    let context = AppError::context("Failed to export an account");
    let mut conn = state.db.pool().acquire().await.map_err(&context)?;
    let account: AccountRecord = sqlx::query_as(
        "select email, role, created_at, tos_version, tos_accepted_at, tos_ip, tos_user_agent \
         from users where id = $1",
    )
    .bind(user_id)
    .fetch_one(&mut *conn)
    .await
    .map_err(&context)?;
    let mut applications = Vec::new();
    for application in store::all_of(&mut conn, user_id).await.map_err(&context)? {
        // What the merchant did and was told; never the reviewers' own steps
        // (claims, releases, notes).
        let events: Vec<(String, i64)> = sqlx::query_as(
            "select kind, created_at from application_events \
             where application_id = $1 and kind in \
               ('submitted', 'resubmitted', 'withdrawn', 'approved', 'rejected', 'changes_requested') \
             order by id",
        )
        .bind(application.id)
        .fetch_all(&mut *conn)
        .await
        .map_err(&context)?;
        let details = &application.draft.details;
        let decided = matches!(
            application.status,
            Status::Approved | Status::Rejected | Status::ChangesRequested
        );
        applications.push(json!({
            "id": application.id,
            "status": application.status.as_str(),
            "submitted_at": (application.submitted_at > 0).then_some(application.submitted_at),
            "due_at": (application.due_at > 0).then_some(application.due_at),
            "decided_at": if decided { application.decided_at } else { None },
            "rejection_reason": application.rejection_reason,
            "fields_to_fix": application.flagged_fields.iter().map(|f| f.label()).collect::<Vec<_>>(),
            "details": {
                "company_name": details.company_name,
                "country": details.country,
                "address": details.address,
                "website": details.website,
                "contact_number": details.contact_number,
                "contact_email": details.contact_email,
                "has_logo": application.draft.logo_id.is_some(),
            },
            "history": events.into_iter().map(|(kind, at)| json!({ "event": kind, "at": at })).collect::<Vec<_>>(),
        }));
    }
    let consents: Vec<(String, i64, Option<String>, Option<String>)> = sqlx::query_as(
        "select version, accepted_at, ip, user_agent from terms_consents \
         where user_id = $1 order by accepted_at, version",
    )
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(&context)?;
    let workspace: Option<(String, i64, String, i64)> = sqlx::query_as(
        "select w.name, w.created_at, m.role, m.created_at from workspaces w \
         join workspace_members m on m.workspace_id = w.id where m.user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(&context)?;
    Ok(json!({
        "exported_at": state.clock.now(),
        "times": "seconds since 1970-01-01 UTC",
        "account": { "email": account.email, "role": account.role, "created_at": account.created_at },
        "terms_of_service_consent": {
            "version": account.tos_version,
            "accepted_at": account.tos_accepted_at,
            "client_address": account.tos_ip,
            "user_agent": account.tos_user_agent,
        },
        "terms_of_service_consents": consents
            .into_iter()
            .map(|(version, accepted_at, ip, user_agent)| json!({
                "version": version,
                "accepted_at": accepted_at,
                "client_address": ip,
                "user_agent": user_agent,
            }))
            .collect::<Vec<_>>(),
        "applications": applications,
        "workspace": workspace.map(|(name, created_at, role, joined_at)| json!({
            "name": name,
            "created_at": created_at,
            "role": role,
            "joined_at": joined_at,
        })),
    }))
}

/// Deletes the account once its password is proven: an application in
/// review is withdrawn, every personal field is erased (email, consent,
/// answers, logos, codes, mail, sessions), and what stays is an anonymous
/// record that applications were made and decided. The email is free to
/// sign up again.
pub async fn delete(
    state: &AppState,
    user_id: i64,
    password: String,
    req: &RequestInfo,
) -> Result<(), AppError> {
    let user = account(state, user_id).await?;
    if password.is_empty() {
        return Err(AppError::field(
            "delete_password",
            crate::i18n::texts().account().password_to_confirm,
        ));
    }
    confirm_password(
        state,
        &user,
        password,
        "delete_password",
        crate::i18n::texts().account().wrong_password_to_delete,
        req,
    )
    .await?;
    let now = state.clock.now();
    let context = AppError::context("Failed to delete an account");
    let mut tx = state.db.begin_write().await.map_err(&context)?;
    if let Some(workspace) = super::team::sole_owner_of_a_team(&mut tx, user.id)
        .await
        .map_err(&context)?
    {
        return Err(AppError::field(
            "delete_password",
            (crate::i18n::texts().team().sole_owner_cannot_delete)(&workspace),
        ));
    }
    let withdrawn = sqlx::query(
        "update applications set status = 'withdrawn', updated_at = $1 \
         where user_id = $2 and status = 'in_review'",
    )
    .bind(now)
    .bind(user.id)
    .execute(&mut *tx)
    .await
    .map_err(&context)?
    .rows_affected();
    if withdrawn > 0 {
        tracing::info!(
            user_id,
            "application in review withdrawn before deleting the account"
        );
    }
    let own_applications = "(select id from applications where user_id = $1)";
    let erase = [
        // Drafts are the merchant's alone; submissions stay, anonymous.
        "delete from application_events where application_id in \
           (select id from applications where user_id = $1 and status = 'draft')"
            .to_owned(),
        "delete from applications where user_id = $1 and status = 'draft'".to_owned(),
        "update applications set company_name = '', country = '', address = '', website = '', \
           contact_number = '', contact_email = '', logo_id = null, rejection_reason = null, \
           flagged_fields = '' where user_id = $1"
            .to_owned(),
        format!(
            "update application_events set detail = '' where application_id in {own_applications}"
        ),
        // Reviewers' notes may describe the merchant: they go with the account.
        format!("delete from application_notes where application_id in {own_applications}"),
        // A workspace the team goes on using keeps its name and logo.
        format!(
            "update workspaces set name = 'Deleted workspace', logo_id = null \
             where application_id in {own_applications} and not exists \
               (select 1 from workspace_members m where m.workspace_id = workspaces.id \
                and m.user_id <> $1)"
        ),
        "delete from workspace_members where user_id = $1".to_owned(),
        "delete from logos where user_id = $1".to_owned(),
        "delete from login_codes where user_id = $1".to_owned(),
        "delete from password_resets where user_id = $1".to_owned(),
        "delete from email_changes where user_id = $1".to_owned(),
        "delete from account_sessions where user_id = $1".to_owned(),
        "delete from terms_consents where user_id = $1".to_owned(),
    ];
    for statement in &erase {
        sqlx::query(statement)
            .bind(user.id)
            .execute(&mut *tx)
            .await
            .map_err(&context)?;
    }
    // Invitations the account sent and nobody used stop working.
    sqlx::query(
        "update workspace_invitations set revoked_at = $1 \
         where invited_by = $2 and accepted_at is null and revoked_at is null",
    )
    .bind(now)
    .bind(user.id)
    .execute(&mut *tx)
    .await
    .map_err(&context)?;
    // Whatever is keyed or addressed by the email.
    for statement in [
        "delete from verification_codes where email = $1",
        "update workspace_invitations set email = '' where email = $1",
        "update workspace_events set subject_email = '' where subject_email = $1",
        "delete from outbox where recipient = $1",
    ] {
        sqlx::query(statement)
            .bind(&user.email)
            .execute(&mut *tx)
            .await
            .map_err(&context)?;
    }
    // Rate-limit keys name the email (`login:failures:EMAIL|ADDRESS`, …).
    let escaped = user
        .email
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    sqlx::query("delete from rate_limits where key like $1 escape '\\'")
        .bind(format!("%{escaped}%"))
        .execute(&mut *tx)
        .await
        .map_err(&context)?;
    sqlx::query(
        "update users set email = $1, password_hash = '!', tos_ip = null, tos_user_agent = null, \
           session_epoch = session_epoch + 1, deleted_at = $2, updated_at = $2 where id = $3",
    )
    .bind(format!("deleted-{}@deleted.invalid", user.id))
    .bind(now)
    .bind(user.id)
    .execute(&mut *tx)
    .await
    .map_err(&context)?;
    tx.commit().await.map_err(&context)?;
    tracing::info!(user_id, "account deleted");
    Ok(())
}
