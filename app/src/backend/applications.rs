//! Drafts, submission and withdrawal of workspace applications. Every
//! change is a conditional update on the expected status (and version), so
//! concurrent requests cannot both win.

use super::{mail, AppState};
use crate::api::application::{
    Draft, DraftInput, MyApplication, SavedDraft, Submission, STALE_DRAFT,
};
use crate::domain::application::{due_at, BusinessDetails, Status, Step, TECHNICAL_MERCHANT};
use crate::error::{AppError, FieldError};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use sqlx::AnyConnection;

/// How many colours the default logo's palette has (see style/main.css).
pub const PALETTE_SIZE: u32 = 12;

/// A stored palette index, kept in range whatever the database holds.
pub fn palette_index(stored: i32) -> u8 {
    stored.clamp(0, PALETTE_SIZE as i32 - 1) as u8
}

const COLUMNS: &str = "id, status, version, step, role, company_name, country, address, website, \
     contact_number, contact_email, logo_id, logo_color, submitted_at, due_at, previous_id";

type Row = (
    i64,
    String,
    i64,
    String,
    Option<String>,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    i32,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

struct Application {
    id: i64,
    status: Status,
    version: i64,
    step: Step,
    role_selected: bool,
    details: BusinessDetails,
    logo_id: Option<String>,
    logo_color: u8,
    submitted_at: Option<i64>,
    due_at: Option<i64>,
    previous_id: Option<i64>,
}

fn from_row(row: Row) -> Application {
    let (
        id,
        status,
        version,
        step,
        role,
        company_name,
        country,
        address,
        website,
        contact_number,
        contact_email,
        logo_id,
        logo_color,
        submitted_at,
        due_at,
        previous_id,
    ) = row;
    Application {
        id,
        status: Status::from_stored(&status).unwrap_or(Status::Draft),
        version,
        step: Step::from_slug(&step).unwrap_or_default(),
        role_selected: role.is_some(),
        details: BusinessDetails {
            company_name,
            country,
            address,
            website,
            contact_number,
            contact_email,
        },
        logo_id,
        logo_color: palette_index(logo_color),
        submitted_at,
        due_at,
        previous_id,
    }
}

impl Application {
    fn into_view(self) -> MyApplication {
        match self.status {
            Status::Draft => MyApplication::Draft(Draft {
                version: self.version,
                step: self.step,
                role_selected: self.role_selected,
                details: self.details,
                logo_id: self.logo_id,
                logo_color: self.logo_color,
            }),
            _ => MyApplication::Submitted(self.into_submission()),
        }
    }

    fn into_submission(self) -> Submission {
        Submission {
            id: self.id,
            status: self.status,
            submitted_at: self.submitted_at.unwrap_or_default(),
            due_at: self.due_at.unwrap_or_default(),
            details: self.details,
            logo_id: self.logo_id,
            logo_color: self.logo_color,
            assigned: false,
            decided_at: None,
            rejection_reason: None,
            flagged_fields: Vec::new(),
            history: Vec::new(),
        }
    }
}

fn db_error(context: &'static str) -> impl Fn(sqlx::Error) -> AppError {
    move |e| AppError::internal(context, e)
}

/// The merchant's newest application.
async fn latest(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Option<Application>, sqlx::Error> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "select {COLUMNS} from applications where user_id = $1 order by id desc limit 1"
    ))
    .bind(user_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(from_row))
}

/// submitted_at, status, rejection_reason, previous_id
type PastRow = (Option<i64>, String, Option<String>, Option<i64>);

/// The review's outcome and the earlier submissions, for the merchant's status page.
async fn with_review(
    conn: &mut AnyConnection,
    mut submission: Submission,
    previous_id: Option<i64>,
) -> Result<Submission, sqlx::Error> {
    let (assigned_to, decided_at, reason, flagged): (Option<i64>, Option<i64>, Option<String>, String) =
        sqlx::query_as(
            "select assigned_to, decided_at, rejection_reason, flagged_fields from applications where id = $1",
        )
        .bind(submission.id)
        .fetch_one(&mut *conn)
        .await?;
    submission.assigned = assigned_to.is_some();
    submission.decided_at = decided_at;
    submission.rejection_reason = reason;
    submission.flagged_fields = flagged
        .split(',')
        .filter(|f| !f.is_empty())
        .map(str::to_owned)
        .collect();
    let mut previous = previous_id;
    while let Some(id) = previous.filter(|_| submission.history.len() < 50) {
        let row: Option<PastRow> = sqlx::query_as(
            "select submitted_at, status, rejection_reason, previous_id from applications where id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
        let Some((submitted_at, status, rejection_reason, before)) = row else {
            break;
        };
        submission.history.push(crate::api::review::PastSubmission {
            id,
            submitted_at: submitted_at.unwrap_or_default(),
            status: Status::from_stored(&status).unwrap_or(Status::Withdrawn),
            rejection_reason,
        });
        previous = before;
    }
    Ok(submission)
}

pub async fn mine(state: &AppState, user_id: i64) -> Result<MyApplication, AppError> {
    let context = "Failed to load an application";
    let mut conn = state.db.pool().acquire().await.map_err(db_error(context))?;
    let application = latest(&mut conn, user_id)
        .await
        .map_err(db_error(context))?;
    Ok(match application {
        Some(a) if a.status != Status::Draft => {
            let previous_id = a.previous_id;
            let submission = with_review(&mut conn, a.into_submission(), previous_id)
                .await
                .map_err(db_error(context))?;
            MyApplication::Submitted(submission)
        }
        Some(a) => a.into_view(),
        None => MyApplication::Draft(Draft {
            version: 0,
            step: Step::Role,
            role_selected: false,
            details: BusinessDetails::default(),
            logo_id: None,
            logo_color: 0,
        }),
    })
}

/// What must hold before the wizard may stand on `step`.
fn check_step(input: &DraftInput) -> Result<(), AppError> {
    if input.step != Step::Role && !input.role_selected {
        return Err(AppError::field("role", "Select your role first."));
    }
    if input.step == Step::Review {
        input.details.validate().map_err(AppError::Validation)?;
    }
    Ok(())
}

pub async fn save_draft(
    state: &AppState,
    user_id: i64,
    input: &DraftInput,
) -> Result<SavedDraft, AppError> {
    input
        .details
        .check_draft_bounds()
        .map_err(AppError::Validation)?;
    check_step(input)?;
    let now = state.clock.now();
    let d = &input.details;
    let role = input.role_selected.then_some(TECHNICAL_MERCHANT);
    let context = "Failed to save a draft";
    let saved: Option<(i64, i32)> = if input.version == 0 {
        sqlx::query_as(
            "insert into applications (user_id, status, version, step, role, company_name, country, address, \
               website, contact_number, contact_email, logo_color, created_at, updated_at) \
             values ($1, 'draft', 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) \
             on conflict do nothing returning version, logo_color",
        )
        .bind(user_id)
        .bind(input.step.slug())
        .bind(role)
        .bind(&d.company_name)
        .bind(&d.country)
        .bind(&d.address)
        .bind(&d.website)
        .bind(&d.contact_number)
        .bind(&d.contact_email)
        .bind((OsRng.next_u32() % PALETTE_SIZE) as i32)
        .bind(now)
        .fetch_optional(state.db.pool())
        .await
        .map_err(db_error(context))?
    } else {
        sqlx::query_as(
            "update applications set version = version + 1, step = $1, role = $2, company_name = $3, \
               country = $4, address = $5, website = $6, contact_number = $7, contact_email = $8, updated_at = $9 \
             where user_id = $10 and status = 'draft' and version = $11 returning version, logo_color",
        )
        .bind(input.step.slug())
        .bind(role)
        .bind(&d.company_name)
        .bind(&d.country)
        .bind(&d.address)
        .bind(&d.website)
        .bind(&d.contact_number)
        .bind(&d.contact_email)
        .bind(now)
        .bind(user_id)
        .bind(input.version)
        .fetch_optional(state.db.pool())
        .await
        .map_err(db_error(context))?
    };
    saved
        .map(|(version, color)| SavedDraft {
            version,
            logo_color: palette_index(color),
        })
        .ok_or_else(|| AppError::Conflict(STALE_DRAFT.into()))
}

/// Appends to an application's audit trail, inside the caller's transaction.
pub(crate) async fn record_event(
    conn: &mut AnyConnection,
    application_id: i64,
    actor_id: Option<i64>,
    kind: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("insert into application_events (application_id, actor_id, kind, created_at) values ($1, $2, $3, $4)")
        .bind(application_id)
        .bind(actor_id)
        .bind(kind)
        .bind(now)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn submit(state: &AppState, user_id: i64, version: i64) -> Result<Submission, AppError> {
    let context = "Failed to submit an application";
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await.map_err(db_error(context))?;
    let open: Option<Row> = sqlx::query_as(&format!(
        "select {COLUMNS} from applications where user_id = $1 and status in ('draft', 'in_review')"
    ))
    .bind(user_id)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_error(context))?;
    let Some(row) = open else {
        return Err(AppError::field(
            "form",
            "There is no application to submit. Start one first.",
        ));
    };
    let application = from_row(row);
    if application.status == Status::InReview {
        // Already submitted (double click, retry, another tab): same answer.
        return Ok(application.into_submission());
    }
    if application.version != version {
        return Err(AppError::Conflict(STALE_DRAFT.into()));
    }
    let mut errors = Vec::new();
    if !application.role_selected {
        errors.push(FieldError {
            field: "role".into(),
            message: "Select your role.".into(),
        });
    }
    let details = match application.details.validate() {
        Ok(details) => details,
        Err(mut list) => {
            errors.append(&mut list);
            BusinessDetails::default()
        }
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let due = due_at(now);
    let updated = sqlx::query(
        "update applications set status = 'in_review', version = version + 1, step = 'review', \
           company_name = $1, country = $2, address = $3, website = $4, contact_number = $5, \
           contact_email = $6, submitted_at = $7, due_at = $8, updated_at = $7 \
         where id = $9 and status = 'draft' and version = $10",
    )
    .bind(&details.company_name)
    .bind(&details.country)
    .bind(&details.address)
    .bind(&details.website)
    .bind(&details.contact_number)
    .bind(&details.contact_email)
    .bind(now)
    .bind(due)
    .bind(application.id)
    .bind(version)
    .execute(&mut *tx)
    .await
    .map_err(db_error(context))?
    .rows_affected();
    if updated == 1 {
        let kind = if application.previous_id.is_some() {
            "resubmitted"
        } else {
            "submitted"
        };
        record_event(&mut tx, application.id, Some(user_id), kind, now)
            .await
            .map_err(db_error(context))?;
        let (email,): (String,) = sqlx::query_as("select email from users where id = $1")
            .bind(user_id)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_error(context))?;
        let message = mail::application_received(
            &email,
            &details.company_name,
            due,
            &state.settings.public_url,
        );
        mail::enqueue(&mut tx, &message, now)
            .await
            .map_err(db_error(context))?;
    }
    // Whoever won, the application is now in review: read it back.
    let row: Row = sqlx::query_as(&format!("select {COLUMNS} from applications where id = $1"))
        .bind(application.id)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error(context))?;
    tx.commit().await.map_err(db_error(context))?;
    if updated == 1 {
        mail::wake_worker(state);
        tracing::info!(application_id = application.id, "application submitted");
    }
    let submitted = from_row(row);
    if submitted.status != Status::InReview {
        return Err(AppError::Conflict(STALE_DRAFT.into()));
    }
    Ok(submitted.into_submission())
}

pub async fn withdraw(state: &AppState, user_id: i64, id: i64) -> Result<(), AppError> {
    let context = "Failed to withdraw an application";
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await.map_err(db_error(context))?;
    let withdrawn = sqlx::query(
        "update applications set status = 'withdrawn', updated_at = $1 \
         where id = $2 and user_id = $3 and status = 'in_review'",
    )
    .bind(now)
    .bind(id)
    .bind(user_id)
    .execute(&mut *tx)
    .await
    .map_err(db_error(context))?
    .rows_affected();
    if withdrawn == 0 {
        let status: Option<(String,)> =
            sqlx::query_as("select status from applications where id = $1 and user_id = $2")
                .bind(id)
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_error(context))?;
        return match status.as_ref().map(|(s,)| s.as_str()) {
            // Withdrawn already (a retried request): nothing more to do.
            Some("withdrawn") => Ok(()),
            Some(_) => Err(AppError::Conflict(
                "This application is no longer in review, so it cannot be withdrawn.".into(),
            )),
            None => Err(AppError::NotFound),
        };
    }
    // The answers come back as a new draft, linked to the withdrawn one.
    copy_as_draft(&mut tx, id, Step::Review, now)
        .await
        .map_err(db_error(context))?;
    record_event(&mut tx, id, Some(user_id), "withdrawn", now)
        .await
        .map_err(db_error(context))?;
    tx.commit().await.map_err(db_error(context))?;
    tracing::info!(application_id = id, "application withdrawn");
    Ok(())
}

/// A new draft holding every answer and the logo of submission `id`, linked
/// to it (the reviewer's diff follows that link), standing on `step`.
async fn copy_as_draft(
    conn: &mut AnyConnection,
    id: i64,
    step: Step,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into applications (user_id, status, version, step, role, company_name, country, address, website, \
           contact_number, contact_email, logo_id, logo_color, previous_id, created_at, updated_at) \
         select user_id, 'draft', 1, $1, role, company_name, country, address, website, contact_number, \
           contact_email, logo_id, logo_color, id, $2, $2 from applications where id = $3",
    )
    .bind(step.slug())
    .bind(now)
    .bind(id)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Starts a new draft from the latest rejected submission: every answer and
/// the logo carried over, linked to it, at the first step.
pub async fn start_new(state: &AppState, user_id: i64) -> Result<(), AppError> {
    let context = "Failed to start a new application";
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await.map_err(db_error(context))?;
    let latest: Option<(i64, String)> = sqlx::query_as(
        "select id, status from applications where user_id = $1 order by id desc limit 1",
    )
    .bind(user_id)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_error(context))?;
    match latest {
        Some((id, status)) if status == "rejected" => {
            copy_as_draft(&mut tx, id, Step::Role, now)
                .await
                .map_err(db_error(context))?;
            tx.commit().await.map_err(db_error(context))?;
            Ok(())
        }
        // A draft already exists (a retried click): nothing to do.
        Some((_, status)) if status == "draft" => Ok(()),
        _ => Err(AppError::Conflict(
            "A new application can be started only after a rejection.".into(),
        )),
    }
}
