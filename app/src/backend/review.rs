//! The reviewers' side: the queue, an application's full picture, claiming
//! and deciding. A decision is one conditional update on `status =
//! 'in_review'`, so of two reviewers deciding at once exactly one wins.

use super::{mail, AppState};
use crate::api::review::{
    ApplicationDetail, AuditEvent, FieldChange, PastSubmission, QueuePage, QueueRow,
};
use crate::backend::applications::record_event;
use crate::domain::application::{BusinessDetails, Status, DETAIL_FIELDS};
use crate::domain::review::{field_label, parse_flagged, RejectionReason};
use crate::error::AppError;
use sqlx::AnyConnection;

pub const PAGE_SIZE: usize = 25;

fn db_error(context: &'static str) -> impl Fn(sqlx::Error) -> AppError {
    move |e| AppError::internal(context, e)
}

/// `due:id` of the last row shown.
fn parse_cursor(cursor: &str) -> Option<(i64, i64)> {
    let (due, id) = cursor.split_once(':')?;
    Some((due.parse().ok()?, id.parse().ok()?))
}

/// Escapes `%`, `_` and `\` for a `like … escape '\'` pattern.
fn like_pattern(search: &str) -> String {
    let mut out = String::from("%");
    for c in search.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// One page of applications with `status`, oldest due first, optionally
/// matching `search` in the company name or applicant email.
pub async fn queue(
    state: &AppState,
    status: Status,
    search: &str,
    after: Option<&str>,
) -> Result<QueuePage, AppError> {
    if status == Status::Draft {
        return Err(AppError::field(
            "status",
            "Drafts are not in the review queue.",
        ));
    }
    if search.chars().count() > 200 {
        return Err(AppError::field(
            "search",
            "Search for at most 200 characters.",
        ));
    }
    let (after_due, after_id) = match after.filter(|a| !a.is_empty()) {
        Some(cursor) => parse_cursor(cursor)
            .ok_or_else(|| AppError::field("after", "This page link is not valid."))?,
        None => (i64::MIN, i64::MIN),
    };
    type Row = (
        i64,
        String,
        String,
        Option<i64>,
        Option<i64>,
        String,
        Option<String>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "select a.id, a.company_name, u.email, a.submitted_at, a.due_at, a.status, r.email \
         from applications a join users u on u.id = a.user_id left join users r on r.id = a.assigned_to \
         where a.status = $1 \
           and ($2 = '' or lower(a.company_name) like $3 escape '\\' or u.email like $3 escape '\\') \
           and (a.due_at, a.id) > ($4, $5) \
         order by a.due_at, a.id limit $6",
    )
    .bind(status.as_str())
    .bind(search.trim())
    .bind(like_pattern(search))
    .bind(after_due)
    .bind(after_id)
    .bind((PAGE_SIZE + 1) as i64)
    .fetch_all(state.db.pool())
    .await
    .map_err(db_error("Failed to load the review queue"))?;
    let now = state.clock.now();
    let mut rows: Vec<QueueRow> = rows
        .into_iter()
        .map(
            |(id, company_name, applicant, submitted_at, due_at, status, assignee)| {
                let status = Status::from_stored(&status).unwrap_or(Status::InReview);
                let due_at = due_at.unwrap_or_default();
                QueueRow {
                    id,
                    company_name,
                    applicant,
                    submitted_at: submitted_at.unwrap_or_default(),
                    due_at,
                    status,
                    assignee,
                    overdue: status == Status::InReview && due_at < now,
                }
            },
        )
        .collect();
    let next = (rows.len() > PAGE_SIZE).then(|| {
        rows.truncate(PAGE_SIZE);
        let last = &rows[PAGE_SIZE - 1];
        format!("{}:{}", last.due_at, last.id)
    });
    Ok(QueuePage { rows, next })
}

type DetailRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    i32,
    String,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

struct Loaded {
    status: Status,
    details: BusinessDetails,
    logo_id: Option<String>,
    logo_color: u8,
    account_email: String,
    submitted_at: i64,
    due_at: i64,
    assigned_to: Option<i64>,
    decided_by: Option<i64>,
    decided_at: Option<i64>,
    previous_id: Option<i64>,
}

async fn load(conn: &mut AnyConnection, id: i64) -> Result<Option<Loaded>, sqlx::Error> {
    let row: Option<DetailRow> = sqlx::query_as(
        "select a.id, a.status, a.company_name, a.country, a.address, a.website, a.contact_number, \
           a.contact_email, a.logo_id, a.logo_color, u.email, a.submitted_at, a.due_at, a.assigned_to, a.previous_id \
         from applications a join users u on u.id = a.user_id where a.id = $1 and a.status <> 'draft'",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((
        _,
        status,
        company_name,
        country,
        address,
        website,
        contact_number,
        contact_email,
        logo_id,
        logo_color,
        account_email,
        submitted_at,
        due_at,
        assigned_to,
        previous_id,
    )) = row
    else {
        return Ok(None);
    };
    let (decided_by, decided_at): (Option<i64>, Option<i64>) =
        sqlx::query_as("select decided_by, decided_at from applications where id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    Ok(Some(Loaded {
        status: Status::from_stored(&status).unwrap_or(Status::InReview),
        details: BusinessDetails {
            company_name,
            country,
            address,
            website,
            contact_number,
            contact_email,
        },
        logo_id,
        logo_color: super::applications::palette_index(logo_color),
        account_email,
        submitted_at: submitted_at.unwrap_or_default(),
        due_at: due_at.unwrap_or_default(),
        assigned_to,
        decided_by,
        decided_at,
        previous_id,
    }))
}

async fn email_of(
    conn: &mut AnyConnection,
    user_id: Option<i64>,
) -> Result<Option<String>, sqlx::Error> {
    let Some(user_id) = user_id else {
        return Ok(None);
    };
    let row: Option<(String,)> = sqlx::query_as("select email from users where id = $1")
        .bind(user_id)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|(e,)| e))
}

/// Field-by-field differences, in form order (the logo included).
pub fn changes(
    before: &BusinessDetails,
    before_logo: &Option<String>,
    after: &BusinessDetails,
    after_logo: &Option<String>,
) -> Vec<FieldChange> {
    let value = |d: &BusinessDetails, f: &str| match f {
        "company_name" => d.company_name.clone(),
        "country" => d.country.clone(),
        "address" => d.address.clone(),
        "website" => d.website.clone(),
        "contact_number" => d.contact_number.clone(),
        _ => d.contact_email.clone(),
    };
    let mut out: Vec<FieldChange> = DETAIL_FIELDS
        .into_iter()
        .filter(|f| value(before, f) != value(after, f))
        .map(|f| FieldChange {
            field: f.into(),
            label: field_label(f).into(),
            before: value(before, f),
            after: value(after, f),
        })
        .collect();
    if before_logo != after_logo {
        let describe = |l: &Option<String>| {
            if l.is_some() {
                "Uploaded logo"
            } else {
                "Default logo"
            }
            .to_string()
        };
        out.push(FieldChange {
            field: "logo".into(),
            label: field_label("logo").into(),
            before: describe(before_logo),
            after: if before_logo.is_some() && after_logo.is_some() {
                "A new uploaded logo".into()
            } else {
                describe(after_logo)
            },
        });
    }
    out
}

pub async fn detail(
    state: &AppState,
    reviewer_id: i64,
    id: i64,
) -> Result<ApplicationDetail, AppError> {
    let context = "Failed to load an application";
    let mut conn = state.db.pool().acquire().await.map_err(db_error(context))?;
    let current = load(&mut conn, id)
        .await
        .map_err(db_error(context))?
        .ok_or(AppError::NotFound)?;
    let (reason, flagged): (Option<String>, String) =
        sqlx::query_as("select rejection_reason, flagged_fields from applications where id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await
            .map_err(db_error(context))?;

    // Walk back through earlier submissions (withdrawn and rejected ones).
    let mut history = Vec::new();
    let mut chain = vec![id];
    let mut previous = current.previous_id;
    let mut changes_since = Vec::new();
    while let Some(prev_id) = previous.filter(|_| history.len() < 50) {
        let Some(prev) = load(&mut conn, prev_id).await.map_err(db_error(context))? else {
            break;
        };
        if history.is_empty() {
            changes_since = changes(
                &prev.details,
                &prev.logo_id,
                &current.details,
                &current.logo_id,
            );
        }
        let (prev_reason,): (Option<String>,) =
            sqlx::query_as("select rejection_reason from applications where id = $1")
                .bind(prev_id)
                .fetch_one(&mut *conn)
                .await
                .map_err(db_error(context))?;
        history.push(PastSubmission {
            id: prev_id,
            submitted_at: prev.submitted_at,
            status: prev.status,
            rejection_reason: prev_reason,
        });
        chain.push(prev_id);
        previous = prev.previous_id;
    }

    let mut events = Vec::new();
    for application_id in &chain {
        let rows: Vec<(String, i64, Option<String>)> = sqlx::query_as(
            "select e.kind, e.created_at, u.email from application_events e left join users u on u.id = e.actor_id \
             where e.application_id = $1 order by e.id",
        )
        .bind(*application_id)
        .fetch_all(&mut *conn)
        .await
        .map_err(db_error(context))?;
        events.extend(rows.into_iter().map(|(kind, at, actor)| AuditEvent {
            kind,
            actor,
            at,
            application_id: *application_id,
        }));
    }
    events.sort_by_key(|e| std::cmp::Reverse(e.at));

    let assignee = email_of(&mut conn, current.assigned_to)
        .await
        .map_err(db_error(context))?;
    let decided_by = email_of(&mut conn, current.decided_by)
        .await
        .map_err(db_error(context))?;
    Ok(ApplicationDetail {
        id,
        status: current.status,
        overdue: current.status == Status::InReview && current.due_at < state.clock.now(),
        details: current.details,
        logo_id: current.logo_id,
        logo_color: current.logo_color,
        account_email: current.account_email,
        submitted_at: current.submitted_at,
        due_at: current.due_at,
        assignee,
        assigned_to_me: current.assigned_to == Some(reviewer_id),
        decided_by,
        decided_at: current.decided_at,
        rejection_reason: reason,
        flagged_fields: flagged
            .split(',')
            .filter(|f| !f.is_empty())
            .map(str::to_owned)
            .collect(),
        has_previous: !history.is_empty(),
        history,
        changes: changes_since,
        events,
    })
}

/// Why an application can no longer be decided, naming who decided it.
async fn explain_not_in_review(conn: &mut AnyConnection, id: i64) -> Result<AppError, sqlx::Error> {
    let row: Option<(String, Option<i64>)> = sqlx::query_as(
        "select status, decided_by from applications where id = $1 and status <> 'draft'",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((status, decided_by)) = row else {
        return Ok(AppError::NotFound);
    };
    let who = email_of(conn, decided_by)
        .await?
        .unwrap_or_else(|| "another reviewer".into());
    Ok(match status.as_str() {
        "approved" => {
            AppError::Conflict(format!("This application was already approved by {who}."))
        }
        "rejected" => {
            AppError::Conflict(format!("This application was already rejected by {who}."))
        }
        "withdrawn" => AppError::Conflict(
            "The merchant withdrew this application, so it cannot be decided.".into(),
        ),
        _ => AppError::Conflict("This application changed; reload the page.".into()),
    })
}

pub async fn assign(
    state: &AppState,
    reviewer_id: i64,
    id: i64,
    take_over: bool,
) -> Result<(), AppError> {
    let context = "Failed to assign an application";
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await.map_err(db_error(context))?;
    let updated = sqlx::query(
        "update applications set assigned_to = $1, assigned_at = $2 \
         where id = $3 and status = 'in_review' and (assigned_to is null or assigned_to = $1 or $4 = 1)",
    )
    .bind(reviewer_id)
    .bind(now)
    .bind(id)
    .bind(i64::from(take_over))
    .execute(&mut *tx)
    .await
    .map_err(db_error(context))?
    .rows_affected();
    if updated == 0 {
        let row: Option<(String, Option<i64>)> = sqlx::query_as(
            "select status, assigned_to from applications where id = $1 and status <> 'draft'",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error(context))?;
        return Err(match row {
            Some((status, Some(holder))) if status == "in_review" => {
                let who = email_of(&mut tx, Some(holder))
                    .await
                    .map_err(db_error(context))?
                    .unwrap_or_default();
                AppError::Conflict(format!(
                    "{who} is reviewing this application. Confirm to take it over."
                ))
            }
            _ => explain_not_in_review(&mut tx, id)
                .await
                .map_err(db_error(context))?,
        });
    }
    record_event(&mut tx, id, Some(reviewer_id), "assigned", now)
        .await
        .map_err(db_error(context))?;
    tx.commit().await.map_err(db_error(context))?;
    Ok(())
}

/// Records the decision if the application is still in review. The same
/// reviewer repeating the same decision (a double click) gets the same answer.
async fn decide(
    state: &AppState,
    reviewer_id: i64,
    id: i64,
    decision: Status,
    reason: Option<&RejectionReason>,
    flagged: &[&str],
) -> Result<(), AppError> {
    let context = "Failed to record a decision";
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await.map_err(db_error(context))?;
    let updated = sqlx::query(
        "update applications set status = $1, decided_by = $2, decided_at = $3, rejection_reason = $4, \
           flagged_fields = $5, assigned_to = coalesce(assigned_to, $2), updated_at = $3 \
         where id = $6 and status = 'in_review'",
    )
    .bind(decision.as_str())
    .bind(reviewer_id)
    .bind(now)
    .bind(reason.map(|r| r.as_str().to_owned()))
    .bind(flagged.join(","))
    .bind(id)
    .execute(&mut *tx)
    .await
    .map_err(db_error(context))?
    .rows_affected();
    if updated == 0 {
        let same: Option<(String, Option<i64>)> =
            sqlx::query_as("select status, decided_by from applications where id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_error(context))?;
        if same == Some((decision.as_str().to_owned(), Some(reviewer_id))) {
            return Ok(());
        }
        return Err(explain_not_in_review(&mut tx, id)
            .await
            .map_err(db_error(context))?);
    }
    let (email, company): (String, String) = sqlx::query_as(
        "select u.email, a.company_name from applications a join users u on u.id = a.user_id where a.id = $1",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await
    .map_err(db_error(context))?;
    let public_url = &state.settings.public_url;
    let message = match decision {
        Status::Approved => {
            sqlx::query(
                "insert into jobs (kind, application_id, next_attempt_at, created_at) values ('provision_workspace', $1, $2, $2)",
            )
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(db_error(context))?;
            mail::application_approved(&email, &company, public_url)
        }
        _ => {
            let labels: Vec<&str> = flagged.iter().map(|f| field_label(f)).collect();
            mail::application_rejected(
                &email,
                &company,
                reason.map(|r| r.as_str()).unwrap_or_default(),
                &labels,
                public_url,
            )
        }
    };
    record_event(&mut tx, id, Some(reviewer_id), decision.as_str(), now)
        .await
        .map_err(db_error(context))?;
    mail::enqueue(&mut tx, &message, now)
        .await
        .map_err(db_error(context))?;
    tx.commit().await.map_err(db_error(context))?;
    mail::wake_worker(state);
    state.jobs_queued.notify_one();
    tracing::info!(
        application_id = id,
        reviewer_id,
        decision = decision.as_str(),
        "application decided"
    );
    Ok(())
}

pub async fn approve(state: &AppState, reviewer_id: i64, id: i64) -> Result<(), AppError> {
    decide(state, reviewer_id, id, Status::Approved, None, &[]).await
}

pub async fn reject(
    state: &AppState,
    reviewer_id: i64,
    id: i64,
    reason: &str,
    fields: &[String],
) -> Result<(), AppError> {
    let reason = RejectionReason::parse(reason).map_err(|m| AppError::field("reason", m))?;
    let flagged = parse_flagged(fields).map_err(|m| AppError::field("fields", m))?;
    decide(
        state,
        reviewer_id,
        id,
        Status::Rejected,
        Some(&reason),
        &flagged,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_patterns_escape_wildcards() {
        assert_eq!(like_pattern(" Acme "), "%acme%");
        assert_eq!(like_pattern("100%_x\\"), "%100\\%\\_x\\\\%");
    }

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        assert_eq!(parse_cursor("1795428000:42"), Some((1_795_428_000, 42)));
        assert_eq!(parse_cursor("nope"), None);
        assert_eq!(parse_cursor("1:x"), None);
    }

    #[test]
    fn changes_list_each_differing_field_in_form_order() {
        let before = BusinessDetails {
            company_name: "Old".into(),
            website: "https://a.example/".into(),
            ..Default::default()
        };
        let after = BusinessDetails {
            company_name: "New".into(),
            website: "https://a.example/".into(),
            country: "SG".into(),
            ..Default::default()
        };
        let diff = changes(&before, &None, &after, &Some("x".into()));
        let fields: Vec<_> = diff.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["company_name", "country", "logo"]);
        assert_eq!(
            (diff[0].before.as_str(), diff[0].after.as_str()),
            ("Old", "New")
        );
    }
}
