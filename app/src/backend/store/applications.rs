//! The `applications` table. A merchant's attempts form a chain: each new
//! draft after a withdrawal or rejection points at the submission before it.
//! Status changes are conditional updates on the expected status (and
//! version), so of two concurrent requests exactly one wins.

use super::{palette_index, FlaggedFields};
use crate::backend::account_sessions::live_merchant_sql;
use crate::backend::session::Claim;
use crate::domain::application::{BusinessDetails, Step, ValidDetails, TECHNICAL_MERCHANT};
use crate::domain::{DetailField, Status};
use crate::model::application::{Draft, DraftInput};
use sqlx::any::{Any, AnyArguments};
use sqlx::query::QueryAs;
use sqlx::AnyConnection;
use std::sync::LazyLock;

/// Every column `Application` is read from, on the table aliased `a`.
const COLUMNS: &str = "a.id, a.user_id, a.status, a.version, a.step, a.role, a.company_name, \
     a.country, a.address, a.website, a.contact_number, a.contact_email, a.logo_id, a.logo_color, \
     a.submitted_at, a.due_at, a.previous_id, a.assigned_to, a.decided_by, a.decided_at, \
     a.rejection_reason, a.flagged_fields";

/// How far back a chain of attempts is followed.
const MAX_CHAIN: i64 = 50;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    user_id: i64,
    status: Status,
    version: i64,
    step: Step,
    role: Option<String>,
    company_name: String,
    country: String,
    address: String,
    website: String,
    contact_number: String,
    contact_email: String,
    logo_id: Option<String>,
    logo_color: i32,
    submitted_at: Option<i64>,
    due_at: Option<i64>,
    previous_id: Option<i64>,
    assigned_to: Option<i64>,
    decided_by: Option<i64>,
    decided_at: Option<i64>,
    rejection_reason: Option<String>,
    flagged_fields: FlaggedFields,
}

/// One stored application: a draft or a submission.
#[derive(Debug, Clone)]
pub struct Application {
    pub id: i64,
    pub user_id: i64,
    pub status: Status,
    /// The answers and the wizard's position, as the merchant's draft holds them.
    pub draft: Draft,
    pub submitted_at: i64,
    pub due_at: i64,
    pub previous_id: Option<i64>,
    pub assigned_to: Option<i64>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<i64>,
    pub rejection_reason: Option<String>,
    pub flagged_fields: Vec<DetailField>,
}

impl From<Row> for Application {
    fn from(row: Row) -> Application {
        Application {
            id: row.id,
            user_id: row.user_id,
            status: row.status,
            draft: Draft {
                version: row.version,
                step: row.step,
                role_selected: row.role.is_some(),
                details: BusinessDetails {
                    company_name: row.company_name,
                    country: row.country,
                    address: row.address,
                    website: row.website,
                    contact_number: row.contact_number,
                    contact_email: row.contact_email,
                },
                logo_id: row.logo_id,
                logo_color: palette_index(row.logo_color),
                rejected: None,
            },
            submitted_at: row.submitted_at.unwrap_or_default(),
            due_at: row.due_at.unwrap_or_default(),
            previous_id: row.previous_id,
            assigned_to: row.assigned_to,
            decided_by: row.decided_by,
            decided_at: row.decided_at,
            rejection_reason: row.rejection_reason,
            flagged_fields: row.flagged_fields.0,
        }
    }
}

/// The newest application matching `condition` on its one parameter.
async fn fetch_one_where(
    conn: &mut AnyConnection,
    condition: &str,
    bind: i64,
) -> Result<Option<Application>, sqlx::Error> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "select {COLUMNS} from applications a where {condition} order by a.id desc limit 1"
    ))
    .bind(bind)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(Application::from))
}

pub async fn by_id(conn: &mut AnyConnection, id: i64) -> Result<Option<Application>, sqlx::Error> {
    fetch_one_where(conn, "a.id = $1", id).await
}

/// The merchant's newest application.
pub async fn latest_of(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Option<Application>, sqlx::Error> {
    fetch_one_where(conn, "a.user_id = $1", user_id).await
}

/// Every application of the merchant, oldest first.
pub async fn all_of(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Vec<Application>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "select {COLUMNS} from applications a where a.user_id = $1 order by a.id"
    ))
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(Application::from).collect())
}

/// The merchant's newest approved application.
pub async fn approved_of(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Option<Application>, sqlx::Error> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "select {COLUMNS} from applications a where a.user_id = $1 and a.status = $2 \
         order by a.id desc limit 1"
    ))
    .bind(user_id)
    .bind(Status::Approved)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(Application::from))
}

/// The submissions before `id`, newest first (at most `MAX_CHAIN`), in one query.
pub async fn earlier(conn: &mut AnyConnection, id: i64) -> Result<Vec<Application>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "with recursive chain (id, depth) as ( \
           select previous_id, 1 from applications where id = $1 \
           union all \
           select a.previous_id, c.depth + 1 from applications a join chain c on a.id = c.id \
           where c.depth < $2) \
         select {COLUMNS} from applications a join chain c on a.id = c.id order by c.depth"
    ))
    .bind(id)
    .bind(MAX_CHAIN)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(Application::from).collect())
}

/// The role column: the one role merchants apply for, once chosen.
fn role(input: &DraftInput) -> Option<&'static str> {
    input.role_selected.then_some(TECHNICAL_MERCHANT)
}

/// Binds the wizard's answers as `$1` (step), `$2` (role) and `$3`–`$8`
/// (the business details, in form order).
fn bind_answers<'q, O>(
    query: QueryAs<'q, Any, O, AnyArguments<'q>>,
    input: &'q DraftInput,
) -> QueryAs<'q, Any, O, AnyArguments<'q>> {
    let d = &input.details;
    query
        .bind(input.step)
        .bind(role(input))
        .bind(&d.company_name)
        .bind(&d.country)
        .bind(&d.address)
        .bind(&d.website)
        .bind(&d.contact_number)
        .bind(&d.contact_email)
}

/// Creates the merchant's first draft; `None` if one exists already.
/// Returns the new version and the default logo's colour.
pub async fn insert_draft(
    conn: &mut AnyConnection,
    user_id: i64,
    input: &DraftInput,
    logo_color: u8,
    now: i64,
) -> Result<Option<(i64, u8)>, sqlx::Error> {
    let query = sqlx::query_as(
        "insert into applications (step, role, company_name, country, address, website, contact_number, \
           contact_email, user_id, status, version, logo_color, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $12, $12) \
         on conflict do nothing returning version, logo_color",
    );
    let saved: Option<(i64, i32)> = bind_answers(query, input)
        .bind(user_id)
        .bind(Status::Draft)
        .bind(i32::from(logo_color))
        .bind(now)
        .fetch_optional(conn)
        .await?;
    Ok(saved.map(|(version, color)| (version, palette_index(color))))
}

/// Saves the merchant's draft if it is still at `input.version`.
pub async fn update_draft(
    conn: &mut AnyConnection,
    user_id: i64,
    input: &DraftInput,
    now: i64,
) -> Result<Option<(i64, u8)>, sqlx::Error> {
    static SQL: LazyLock<String> =
        LazyLock::new(|| format!("{UPDATE_DRAFT} returning version, logo_color"));
    let saved: Option<(i64, i32)> = bind_update(sqlx::query_as(SQL.as_str()), user_id, input, now)
        .fetch_optional(conn)
        .await?;
    Ok(saved.map(|(version, color)| (version, palette_index(color))))
}

/// `update_draft` for the merchant `claim` names, in the same statement as
/// the check that the claim's session is live (`live_merchant_sql`): `None`
/// when either fails.
pub async fn update_draft_in_session(
    conn: &mut AnyConnection,
    claim: &Claim,
    input: &DraftInput,
    now: i64,
) -> Result<Option<(i64, u8)>, sqlx::Error> {
    static SQL: LazyLock<String> = LazyLock::new(|| {
        format!(
            "{UPDATE_DRAFT} and {} returning version, logo_color",
            live_merchant_sql("applications.user_id", 13)
        )
    });
    let saved: Option<(i64, i32)> =
        bind_update(sqlx::query_as(SQL.as_str()), claim.user_id, input, now)
            .bind(&claim.device)
            .bind(claim.seen_since)
            .bind(claim.created_since)
            .fetch_optional(conn)
            .await?;
    Ok(saved.map(|(version, color)| (version, palette_index(color))))
}

/// A merchant's draft at the input's version takes the input's answers.
const UPDATE_DRAFT: &str = "update applications set step = $1, role = $2, company_name = $3, \
       country = $4, address = $5, website = $6, contact_number = $7, contact_email = $8, \
       version = version + 1, updated_at = $9 \
     where user_id = $10 and status = $11 and version = $12";

fn bind_update<'q, O>(
    query: QueryAs<'q, Any, O, AnyArguments<'q>>,
    user_id: i64,
    input: &'q DraftInput,
    now: i64,
) -> QueryAs<'q, Any, O, AnyArguments<'q>> {
    bind_answers(query, input)
        .bind(now)
        .bind(user_id)
        .bind(Status::Draft)
        .bind(input.version)
}

/// Draft → in review, storing the parsed details, if the draft is still at
/// `version`. Answers whether this call made the change.
pub async fn submit(
    conn: &mut AnyConnection,
    id: i64,
    version: i64,
    details: &ValidDetails,
    now: i64,
    due_at: i64,
) -> Result<bool, sqlx::Error> {
    let text = |v: Option<&str>| v.unwrap_or_default().to_owned();
    let updated = sqlx::query(
        "update applications set status = $1, version = version + 1, step = $2, \
           company_name = $3, country = $4, address = $5, website = $6, contact_number = $7, \
           contact_email = $8, submitted_at = $9, due_at = $10, updated_at = $9 \
         where id = $11 and status = $12 and version = $13",
    )
    .bind(Status::InReview)
    .bind(Step::Review)
    .bind(details.company_name.as_str())
    .bind(details.country.code())
    .bind(text(details.address.as_ref().map(|v| v.as_str())))
    .bind(text(details.website.as_ref().map(|v| v.as_str())))
    .bind(text(details.contact_number.as_ref().map(|v| v.as_str())))
    .bind(
        details
            .contact_email
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
    )
    .bind(now)
    .bind(due_at)
    .bind(id)
    .bind(Status::Draft)
    .bind(version)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// Moves application `id` from `from` to `to` if it is still at `from`.
/// Answers whether this call made the change.
pub async fn transition(
    conn: &mut AnyConnection,
    id: i64,
    from: Status,
    to: Status,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "update applications set status = $1, updated_at = $2 where id = $3 and status = $4",
    )
    .bind(to)
    .bind(now)
    .bind(id)
    .bind(from)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// In review → `decision`, recording who decided, when, and what the
/// merchant must fix, if the application is still in review and nobody else
/// holds it. The reviewer deciding becomes the assignee if nobody held it. Answers whether this
/// call made the decision.
pub async fn decide(
    conn: &mut AnyConnection,
    id: i64,
    decision: Status,
    reviewer_id: i64,
    reason: Option<&str>,
    flagged: &[DetailField],
    now: i64,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "update applications set status = $1, decided_by = $2, decided_at = $3, rejection_reason = $4, \
           flagged_fields = $5, assigned_to = coalesce(assigned_to, $2), updated_at = $3 \
         where id = $6 and status = $7 and (assigned_to is null or assigned_to = $2)",
    )
    .bind(decision)
    .bind(reviewer_id)
    .bind(now)
    .bind(reason)
    .bind(FlaggedFields(flagged.to_vec()))
    .bind(id)
    .bind(Status::InReview)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// Gives an application in review to `reviewer_id`: only if nobody holds it,
/// they hold it already, or `take_over` confirms taking it from someone else.
pub async fn assign(
    conn: &mut AnyConnection,
    id: i64,
    reviewer_id: i64,
    take_over: bool,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "update applications set assigned_to = $1, assigned_at = $2 \
         where id = $3 and status = $4 and (assigned_to is null or assigned_to = $1 or $5 = 1)",
    )
    .bind(reviewer_id)
    .bind(now)
    .bind(id)
    .bind(Status::InReview)
    .bind(i64::from(take_over))
    .execute(conn)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// Assigns resubmission `id` to whoever asked for changes to `previous`,
/// if it was a request for changes and they are still an active reviewer;
/// answers who.
pub async fn return_to_requester(
    conn: &mut AnyConnection,
    id: i64,
    previous: i64,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let requester: Option<(i64,)> = sqlx::query_as(
        "select p.decided_by from applications p join users u on u.id = p.decided_by \
         where p.id = $1 and p.status = $2 and u.role = 'reviewer' and u.disabled_at is null \
           and u.deleted_at is null",
    )
    .bind(previous)
    .bind(Status::ChangesRequested)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((reviewer,)) = requester else {
        return Ok(None);
    };
    sqlx::query("update applications set assigned_to = $1, assigned_at = $2 where id = $3")
        .bind(reviewer)
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(Some(reviewer))
}

/// Unassigns application `id` if `reviewer_id` holds it and it is in review.
pub async fn release(
    conn: &mut AnyConnection,
    id: i64,
    reviewer_id: i64,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "update applications set assigned_to = null, assigned_at = null \
         where id = $1 and status = $2 and assigned_to = $3",
    )
    .bind(id)
    .bind(Status::InReview)
    .bind(reviewer_id)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// A new draft holding every answer and the logo of submission `id`, linked
/// to it (the reviewer's diff follows that link), standing on `step`. A
/// submission has at most one successor: a second copy changes nothing.
pub async fn copy_as_draft(
    conn: &mut AnyConnection,
    id: i64,
    step: Step,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into applications (user_id, status, version, step, role, company_name, country, address, website, \
           contact_number, contact_email, logo_id, logo_color, previous_id, created_at, updated_at) \
         select user_id, $1, 1, $2, role, company_name, country, address, website, contact_number, \
           contact_email, logo_id, logo_color, id, $3, $3 from applications where id = $4 \
         on conflict do nothing",
    )
    .bind(Status::Draft)
    .bind(step)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Sets (or, with `None`, clears) the logo of the merchant's draft.
/// Answers the draft's id, if there is a draft.
pub async fn set_draft_logo(
    conn: &mut AnyConnection,
    user_id: i64,
    logo_id: Option<&str>,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let draft: Option<(i64,)> = sqlx::query_as(
        "update applications set logo_id = $1, updated_at = $2 where user_id = $3 and status = $4 \
         returning id",
    )
    .bind(logo_id)
    .bind(now)
    .bind(user_id)
    .bind(Status::Draft)
    .fetch_optional(conn)
    .await?;
    Ok(draft.map(|(id,)| id))
}
