//! Claiming an application and deciding it. The same reviewer repeating the
//! same decision (a double click) gets the same answer; anyone else learns
//! who decided first.

use crate::backend::store::{applications as store, applications::Application, events};
use crate::backend::{mail, queue, AppState};
use crate::domain::application::Step;
use crate::domain::review::{parse_flagged, RejectionReason};
use crate::domain::{DetailField, Role, Status};
use crate::error::AppError;
use sqlx::AnyConnection;

async fn email_of(
    conn: &mut AnyConnection,
    user_id: Option<i64>,
) -> Result<Option<String>, sqlx::Error> {
    match user_id {
        Some(id) => crate::backend::users::email_of(conn, id).await.map(Some),
        None => Ok(None),
    }
}

/// Why `application` can no longer be decided, naming who decided it.
async fn not_in_review(
    conn: &mut AnyConnection,
    application: &Application,
) -> Result<AppError, sqlx::Error> {
    let who = email_of(conn, application.decided_by)
        .await?
        .unwrap_or_else(|| crate::i18n::texts().review().another_reviewer.into());
    Ok(AppError::Conflict(match application.status {
        Status::Approved => (crate::i18n::texts().review().already_approved)(&who),
        Status::Rejected => (crate::i18n::texts().review().already_rejected)(&who),
        Status::Withdrawn => crate::i18n::texts()
            .review()
            .merchant_withdrew_cannot_decide
            .into(),
        Status::ChangesRequested => (crate::i18n::texts().review().already_changes_requested)(&who),
        Status::Draft | Status::InReview => {
            crate::i18n::texts().review().application_changed.into()
        }
    }))
}

/// Another reviewer holds the application: who, and what to do about it.
async fn held_by(
    conn: &mut AnyConnection,
    holder: i64,
    what_to_do: &str,
) -> Result<AppError, sqlx::Error> {
    let who = email_of(conn, Some(holder)).await?.unwrap_or_default();
    Ok(AppError::Conflict((crate::i18n::texts().review().held_by)(
        &who, what_to_do,
    )))
}

/// A submitted application (drafts are the merchant's alone), or `NotFound`.
pub(super) async fn submitted(conn: &mut AnyConnection, id: i64) -> Result<Application, AppError> {
    store::by_id(conn, id)
        .await
        .map_err(AppError::context("Failed to load an application"))?
        .filter(|a| a.status != Status::Draft)
        .ok_or(AppError::NotFound)
}

/// A reviewer never claims or decides an application of their own account
/// (one made before the account became a reviewer's).
pub(super) fn refuse_own(application: &Application, reviewer_id: i64) -> Result<(), AppError> {
    if application.user_id == reviewer_id {
        tracing::warn!("forbidden: a reviewer acted on their own account's application");
        return Err(AppError::Forbidden);
    }
    Ok(())
}

/// Claims application `id`; `take_over` confirms taking it from another reviewer.
#[tracing::instrument(skip_all, fields(reviewer_id = reviewer_id, application_id = id, take_over = take_over))]
pub async fn assign(
    state: &AppState,
    reviewer_id: i64,
    id: i64,
    take_over: bool,
) -> Result<(), AppError> {
    let context = AppError::context("Failed to assign an application");
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await.map_err(&context)?;
    let before = submitted(&mut tx, id).await?;
    refuse_own(&before, reviewer_id)?;
    if !store::assign(&mut tx, id, reviewer_id, take_over, now)
        .await
        .map_err(&context)?
    {
        let application = submitted(&mut tx, id).await?;
        return Err(match (application.status, application.assigned_to) {
            (Status::InReview, Some(holder)) => held_by(
                &mut tx,
                holder,
                crate::i18n::texts().review().confirm_take_over,
            )
            .await
            .map_err(&context)?,
            _ => not_in_review(&mut tx, &application)
                .await
                .map_err(&context)?,
        });
    }
    // Inside the transaction the holder read before the update is the one replaced.
    let kind = match before.assigned_to {
        Some(holder) if holder != reviewer_id => "taken_over",
        _ => "assigned",
    };
    events::record(&mut tx, id, Some(reviewer_id), kind, now)
        .await
        .map_err(&context)?;
    tx.commit().await.map_err(&context)?;
    Ok(())
}

/// Gives application `id` back to the queue, unassigned. Only its holder
/// releases it; releasing one nobody holds changes nothing.
#[tracing::instrument(skip_all, fields(reviewer_id = reviewer_id, application_id = id))]
pub async fn release(state: &AppState, reviewer_id: i64, id: i64) -> Result<(), AppError> {
    let context = AppError::context("Failed to release an application");
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await.map_err(&context)?;
    let application = submitted(&mut tx, id).await?;
    refuse_own(&application, reviewer_id)?;
    if store::release(&mut tx, id, reviewer_id)
        .await
        .map_err(&context)?
    {
        events::record(&mut tx, id, Some(reviewer_id), "released", now)
            .await
            .map_err(&context)?;
        tx.commit().await.map_err(&context)?;
        return Ok(());
    }
    match (application.status, application.assigned_to) {
        (Status::InReview, None) => Ok(()),
        (Status::InReview, Some(holder)) => Err(held_by(
            &mut tx,
            holder,
            crate::i18n::texts().review().only_they_release,
        )
        .await
        .map_err(&context)?),
        _ => Err(not_in_review(&mut tx, &application)
            .await
            .map_err(&context)?),
    }
}

/// What a reviewer decides.
enum Decision {
    Approve,
    Reject {
        reason: RejectionReason,
        flagged: Vec<DetailField>,
    },
    /// Back to the merchant as a draft: `reason` says what to change.
    RequestChanges {
        reason: RejectionReason,
        flagged: Vec<DetailField>,
    },
}

impl Decision {
    fn status(&self) -> Status {
        match self {
            Decision::Approve => Status::Approved,
            Decision::Reject { .. } => Status::Rejected,
            Decision::RequestChanges { .. } => Status::ChangesRequested,
        }
    }
}

/// Records the decision if the application is still in review, with its
/// mail (and, for an approval, the provisioning job) in the same transaction.
async fn decide(
    state: &AppState,
    reviewer_id: i64,
    id: i64,
    decision: Decision,
) -> Result<(), AppError> {
    let context = AppError::context("Failed to record a decision");
    let now = state.clock.now();
    let status = decision.status();
    debug_assert!(Status::InReview.may_become(status, Role::Reviewer));
    let mut tx = state.db.begin_write().await.map_err(&context)?;
    refuse_own(&submitted(&mut tx, id).await?, reviewer_id)?;
    let (reason, flagged) = match &decision {
        Decision::Approve => (None, &[][..]),
        Decision::Reject { reason, flagged } | Decision::RequestChanges { reason, flagged } => {
            (Some(reason.as_str()), &flagged[..])
        }
    };
    let won = store::decide(&mut tx, id, status, reviewer_id, reason, flagged, now)
        .await
        .map_err(&context)?;
    if !won {
        let application = submitted(&mut tx, id).await?;
        return Err(match (application.status, application.assigned_to) {
            // Held by someone else: only they decide, unless taken over first.
            (Status::InReview, Some(holder)) => held_by(
                &mut tx,
                holder,
                crate::i18n::texts().review().take_over_before_deciding,
            )
            .await
            .map_err(&context)?,
            // The same decision again (a double click or a retry): the same answer.
            (decided, _)
                if decided == status
                    && application.decided_by == Some(reviewer_id)
                    && application.rejection_reason.as_deref() == reason
                    && application.flagged_fields == flagged =>
            {
                return Ok(());
            }
            (decided, _) if decided == status && application.decided_by == Some(reviewer_id) => {
                AppError::Conflict(crate::i18n::texts().review().decision_final.into())
            }
            _ => not_in_review(&mut tx, &application)
                .await
                .map_err(&context)?,
        });
    }
    let application = store::by_id(&mut tx, id)
        .await
        .map_err(&context)?
        .ok_or(AppError::NotFound)?;
    let email = crate::backend::users::email_of(&mut tx, application.user_id)
        .await
        .map_err(&context)?;
    let language = crate::backend::users::language_of(&mut tx, application.user_id)
        .await
        .map_err(&context)?;
    let company = &application.draft.details.company_name;
    let public_url = &state.settings.public_url;
    let message = match &decision {
        Decision::Approve => {
            queue::enqueue_provisioning(&mut tx, id, now)
                .await
                .map_err(&context)?;
            mail::application_approved(language, &email, company, public_url)
        }
        Decision::Reject { reason, flagged } => mail::application_rejected(
            language,
            &email,
            company,
            reason.as_str(),
            flagged,
            public_url,
        ),
        Decision::RequestChanges { reason, flagged } => {
            // The merchant's application is a draft again at once, every answer kept,
            // standing on the step with the fields.
            store::copy_as_draft(&mut tx, id, Step::Details, now)
                .await
                .map_err(&context)?;
            mail::changes_requested(
                language,
                &email,
                company,
                reason.as_str(),
                flagged,
                public_url,
            )
        }
    };
    events::record(&mut tx, id, Some(reviewer_id), status.as_str(), now)
        .await
        .map_err(&context)?;
    mail::enqueue(&mut tx, &message, now)
        .await
        .map_err(&context)?;
    tx.commit().await.map_err(&context)?;
    mail::wake_worker(state);
    state.jobs_queued.notify_one();
    tracing::info!(decision = status.as_str(), "application decided");
    Ok(())
}

#[tracing::instrument(skip_all, fields(reviewer_id = reviewer_id, application_id = id))]
pub async fn approve(state: &AppState, reviewer_id: i64, id: i64) -> Result<(), AppError> {
    decide(state, reviewer_id, id, Decision::Approve).await
}

#[tracing::instrument(skip_all, fields(reviewer_id = reviewer_id, application_id = id))]
pub async fn reject(
    state: &AppState,
    reviewer_id: i64,
    id: i64,
    reason: &str,
    fields: &[String],
) -> Result<(), AppError> {
    let (reason, flagged) = reason_and_fields(reason, fields)?;
    decide(state, reviewer_id, id, Decision::Reject { reason, flagged }).await
}

/// Sends the application back to the merchant as an editable draft, with
/// what to change (the same rules as a rejection's reason) and the fields
/// concerned; their resubmission comes back to this reviewer.
#[tracing::instrument(skip_all, fields(reviewer_id = reviewer_id, application_id = id))]
pub async fn request_changes(
    state: &AppState,
    reviewer_id: i64,
    id: i64,
    reason: &str,
    fields: &[String],
) -> Result<(), AppError> {
    let (reason, flagged) = reason_and_fields(reason, fields)?;
    decide(
        state,
        reviewer_id,
        id,
        Decision::RequestChanges { reason, flagged },
    )
    .await
}

fn reason_and_fields(
    reason: &str,
    fields: &[String],
) -> Result<(RejectionReason, Vec<DetailField>), AppError> {
    let reason = RejectionReason::parse(reason).map_err(|m| AppError::field("reason", m))?;
    let flagged = parse_flagged(fields).map_err(|m| AppError::field("fields", m))?;
    Ok((reason, flagged))
}
