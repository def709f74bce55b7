//! The merchant's workflow: drafts, submission, withdrawal and a new attempt
//! after a rejection. Rules come from the domain; rows from `store`.

use super::store::{applications as store, applications::Application, events};
use super::{mail, AppState};
use crate::domain::application::{due_at, Step};
use crate::domain::{Role, Status};
use crate::error::{AppError, FieldError};
use crate::model::application::{
    stale_draft, Draft, DraftInput, MyApplication, RejectedBefore, SavedDraft, Submission,
};
use crate::model::review::PastSubmission;
use argon2::password_hash::rand_core::{OsRng, RngCore};

impl From<&Application> for PastSubmission {
    fn from(a: &Application) -> PastSubmission {
        PastSubmission {
            id: a.id,
            submitted_at: a.submitted_at,
            status: a.status,
            rejection_reason: a.rejection_reason.clone(),
        }
    }
}

fn submission_view(
    a: Application,
    history: Vec<PastSubmission>,
    workspace_ready: bool,
) -> Submission {
    Submission {
        id: a.id,
        status: a.status,
        submitted_at: a.submitted_at,
        due_at: a.due_at,
        details: a.draft.details,
        logo_id: a.draft.logo_id,
        logo_color: a.draft.logo_color,
        assigned: a.assigned_to.is_some(),
        decided_at: a.decided_at,
        rejection_reason: a.rejection_reason,
        flagged_fields: a.flagged_fields,
        history,
        workspace_ready,
    }
}

/// The merchant's newest application: the draft being written, or the
/// submission with the review's outcome and the attempts before it.
#[tracing::instrument(skip_all, fields(user_id = user_id))]
pub async fn mine(state: &AppState, user_id: i64) -> Result<MyApplication, AppError> {
    let context = AppError::context("Failed to load an application");
    let mut conn = state.db.pool().acquire().await.map_err(&context)?;
    let Some(application) = store::latest_of(&mut conn, user_id)
        .await
        .map_err(&context)?
    else {
        return Ok(MyApplication::Draft(Draft::empty()));
    };
    if application.status == Status::Draft {
        let mut draft = application.draft;
        // A draft continuing a rejected submission, or one the reviewer
        // asked changes to, shows what to fix.
        if let Some(previous) = application.previous_id {
            let before = store::by_id(&mut conn, previous).await.map_err(&context)?;
            draft.rejected = before
                .filter(|b| matches!(b.status, Status::Rejected | Status::ChangesRequested))
                .map(|b| RejectedBefore {
                    changes_requested: b.status == Status::ChangesRequested,
                    reason: b.rejection_reason.unwrap_or_default(),
                    flagged_fields: b.flagged_fields,
                    details: b.draft.details,
                    logo_id: b.draft.logo_id,
                });
        }
        return Ok(MyApplication::Draft(draft));
    }
    let earlier = store::earlier(&mut conn, application.id)
        .await
        .map_err(&context)?;
    let history = earlier.iter().map(PastSubmission::from).collect();
    let workspace_ready = if application.status == Status::Approved {
        let (n,): (i64,) =
            sqlx::query_as("select count(*) from workspaces where application_id = $1")
                .bind(application.id)
                .fetch_one(&mut *conn)
                .await
                .map_err(&context)?;
        n > 0
    } else {
        false
    };
    Ok(MyApplication::Submitted(submission_view(
        application,
        history,
        workspace_ready,
    )))
}

/// What must hold before the wizard may stand on `step`.
fn check_step(input: &DraftInput) -> Result<(), AppError> {
    if input.step != Step::Role && !input.role_selected {
        return Err(AppError::field(
            "role",
            crate::i18n::texts().apply().select_role_first,
        ));
    }
    if input.step == Step::Review {
        input.details.validate().map_err(AppError::Validation)?;
    }
    Ok(())
}

/// Saves the draft of the session's merchant. Saving again within a minute
/// of the session's last request (nearly every autosave) is one statement
/// that checks the session as it updates; whatever that statement does not
/// do (a first save, noting the session as seen, telling a stale version
/// from an ended session or new terms) takes the full path: authenticate,
/// then save.
#[tracing::instrument(skip_all, fields(user_id = tracing::field::Empty, version = input.version))]
pub async fn save_draft_in_session(
    state: &AppState,
    session: &tower_sessions::Session,
    input: &DraftInput,
) -> Result<SavedDraft, AppError> {
    if input.version != 0 && check_draft(input).is_ok() {
        if let Some(claim) = super::session::claim(state, session).await? {
            let context = AppError::context("Failed to save a draft");
            // The connection (on SQLite, the write turn) is let go before
            // the full path, which may need one to note the session as seen.
            let mut conn = state.db.write_conn().await.map_err(&context)?;
            let saved = store::update_draft_in_session(&mut conn, &claim, input, state.clock.now())
                .await
                .map_err(&context)?;
            drop(conn);
            if let Some((version, logo_color)) = saved {
                tracing::Span::current().record("user_id", claim.user_id);
                return Ok(SavedDraft {
                    version,
                    logo_color,
                });
            }
        }
    }
    let user = super::session::require_role(state, session, Role::Merchant).await?;
    save_draft(state, user.id, input).await
}

/// What a draft must be to be saved at all: within bounds, on a step it may stand on.
fn check_draft(input: &DraftInput) -> Result<(), AppError> {
    input
        .details
        .check_draft_bounds()
        .map_err(AppError::Validation)?;
    check_step(input)
}

#[tracing::instrument(skip_all, fields(user_id = user_id, version = input.version))]
async fn save_draft(
    state: &AppState,
    user_id: i64,
    input: &DraftInput,
) -> Result<SavedDraft, AppError> {
    check_draft(input)?;
    let now = state.clock.now();
    let context = AppError::context("Failed to save a draft");
    let mut conn = state.db.write_conn().await.map_err(&context)?;
    let saved = if input.version == 0 {
        // Only an account's first application starts from nothing; every
        // later one follows the one before it (see `start_new` and `withdraw`).
        if let Some(existing) = store::latest_of(&mut conn, user_id)
            .await
            .map_err(&context)?
        {
            return Err(not_a_first_application(existing.status));
        }
        let color = (OsRng.next_u32() % super::store::PALETTE_SIZE) as u8;
        store::insert_draft(&mut conn, user_id, input, color, now).await
    } else {
        store::update_draft(&mut conn, user_id, input, now).await
    };
    saved
        .map_err(&context)?
        .map(|(version, logo_color)| SavedDraft {
            version,
            logo_color,
        })
        .ok_or_else(|| AppError::Conflict(stale_draft().into()))
}

/// Why a merchant who already has an application cannot start another from nothing.
fn not_a_first_application(latest: Status) -> AppError {
    AppError::Conflict(
        match latest {
            // After a request for changes the latest is the draft that continues it.
            Status::Draft | Status::ChangesRequested => stale_draft(),
            Status::InReview => crate::i18n::texts().apply().already_in_review,
            Status::Approved => crate::i18n::texts().apply().already_approved,
            Status::Rejected | Status::Withdrawn => {
                crate::i18n::texts().apply().use_new_application
            }
        }
        .into(),
    )
}

/// Submits the draft seen at `version`. Submitting again (a double click, a
/// retry, another tab) returns the same submission.
#[tracing::instrument(skip_all, fields(user_id = user_id, version = version))]
pub async fn submit(state: &AppState, user_id: i64, version: i64) -> Result<Submission, AppError> {
    let context = AppError::context("Failed to submit an application");
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await.map_err(&context)?;
    let open = store::latest_of(&mut tx, user_id)
        .await
        .map_err(&context)?
        .filter(|a| matches!(a.status, Status::Draft | Status::InReview));
    let Some(application) = open else {
        return Err(AppError::field(
            "form",
            crate::i18n::texts().apply().nothing_to_submit,
        ));
    };
    if application.status == Status::InReview {
        return Ok(submission_view(application, Vec::new(), false));
    }
    if application.draft.version != version {
        return Err(AppError::Conflict(stale_draft().into()));
    }
    // An account belongs to one workspace at a time.
    if let Some(team) = super::team::membership(&mut tx, user_id)
        .await
        .map_err(&context)?
    {
        return Err(AppError::field(
            "form",
            (crate::i18n::texts().apply().member_of_other)(&team.name),
        ));
    }
    let mut errors = Vec::new();
    if !application.draft.role_selected {
        errors.push(FieldError {
            field: "role".into(),
            message: crate::i18n::texts().apply().select_role.into(),
        });
    }
    let details = match application.draft.details.validate() {
        Ok(details) if errors.is_empty() => details,
        Ok(_) => return Err(AppError::Validation(errors)),
        Err(list) => {
            errors.extend(list);
            return Err(AppError::Validation(errors));
        }
    };
    debug_assert!(Status::Draft.may_become(Status::InReview, Role::Merchant));
    let zone = &state.settings.business_zone;
    let due = due_at(now, |t| zone.offset_at(t));
    let won = store::submit(&mut tx, application.id, version, &details, now, due)
        .await
        .map_err(&context)?;
    if won {
        let kind = if application.previous_id.is_some() {
            "resubmitted"
        } else {
            "submitted"
        };
        events::record(&mut tx, application.id, Some(user_id), kind, now)
            .await
            .map_err(&context)?;
        // Changes a reviewer asked for go back to that reviewer (if they
        // still review); the due date starts again from now.
        if let Some(previous) = application.previous_id {
            let reviewer = store::return_to_requester(&mut tx, application.id, previous, now)
                .await
                .map_err(&context)?;
            if let Some(reviewer) = reviewer {
                events::record(&mut tx, application.id, Some(reviewer), "assigned", now)
                    .await
                    .map_err(&context)?;
            }
        }
        let email = super::users::email_of(&mut tx, user_id)
            .await
            .map_err(&context)?;
        // The due date on the merchant's clock.
        let their_zone = super::users::time_zone_of(&mut tx, user_id)
            .await
            .map_err(&context)?;
        let language = super::users::language_of(&mut tx, user_id)
            .await
            .map_err(&context)?;
        let message = mail::application_received(
            language,
            &email,
            details.company_name.as_str(),
            &crate::domain::date::date_time_in(language, due, their_zone.offset_at(due)),
            &state.settings.public_url,
        );
        mail::enqueue(&mut tx, &message, now)
            .await
            .map_err(&context)?;
    }
    // Whoever won, the application is now in review: read it back.
    let submitted = store::by_id(&mut tx, application.id)
        .await
        .map_err(&context)?
        .filter(|a| a.status == Status::InReview)
        .ok_or_else(|| AppError::Conflict(stale_draft().into()))?;
    tx.commit().await.map_err(&context)?;
    if won {
        mail::wake_worker(state);
        tracing::info!(application_id = application.id, "application submitted");
    }
    Ok(submission_view(submitted, Vec::new(), false))
}

/// Takes an application out of review; its answers come back as a new
/// draft linked to it.
#[tracing::instrument(skip_all, fields(user_id = user_id, application_id = id))]
pub async fn withdraw(state: &AppState, user_id: i64, id: i64) -> Result<(), AppError> {
    let context = AppError::context("Failed to withdraw an application");
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await.map_err(&context)?;
    let current = store::by_id(&mut tx, id)
        .await
        .map_err(&context)?
        .filter(|a| a.user_id == user_id)
        .ok_or(AppError::NotFound)?;
    match current.status {
        Status::InReview => {}
        // Withdrawn already (a retried request): nothing more to do.
        Status::Withdrawn => return Ok(()),
        _ => {
            return Err(AppError::Conflict(
                crate::i18n::texts().apply().no_longer_in_review.into(),
            ))
        }
    }
    debug_assert!(Status::InReview.may_become(Status::Withdrawn, Role::Merchant));
    let won = store::transition(&mut tx, id, Status::InReview, Status::Withdrawn, now)
        .await
        .map_err(&context)?;
    if !won {
        // Decided or withdrawn between the read and the update: nothing was written.
        return Err(AppError::Conflict(
            crate::i18n::texts().apply().no_longer_in_review.into(),
        ));
    }
    store::copy_as_draft(&mut tx, id, Step::Review, now)
        .await
        .map_err(&context)?;
    events::record(&mut tx, id, Some(user_id), "withdrawn", now)
        .await
        .map_err(&context)?;
    tx.commit().await.map_err(&context)?;
    tracing::info!("application withdrawn");
    Ok(())
}

/// Starts a new draft from the latest rejected submission: every answer and
/// the logo carried over, linked to it, at the first step.
#[tracing::instrument(skip_all, fields(user_id = user_id))]
pub async fn start_new(state: &AppState, user_id: i64) -> Result<(), AppError> {
    let context = AppError::context("Failed to start a new application");
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await.map_err(&context)?;
    let latest = store::latest_of(&mut tx, user_id).await.map_err(&context)?;
    match latest.map(|a| (a.id, a.status)) {
        Some((id, Status::Rejected)) => {
            store::copy_as_draft(&mut tx, id, Step::Role, now)
                .await
                .map_err(&context)?;
            tx.commit().await.map_err(&context)?;
            Ok(())
        }
        // A draft already exists (a retried click): nothing to do.
        Some((_, Status::Draft)) => Ok(()),
        _ => Err(AppError::Conflict(
            crate::i18n::texts().apply().new_only_after_rejection.into(),
        )),
    }
}
