//! The review queue: one status, oldest due first, keyset-paginated on
//! `(due_at, id)` so every page costs the same however deep it is.

use crate::backend::AppState;
use crate::domain::Status;
use crate::error::AppError;
use crate::model::review::{QueuePage, QueueRow};

pub const PAGE_SIZE: usize = 25;

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

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    company_name: String,
    applicant: String,
    submitted_at: Option<i64>,
    due_at: Option<i64>,
    status: Status,
    assignee: Option<String>,
}

/// One page of applications with `status`, oldest due first, optionally
/// matching `search` in the company name or applicant email.
#[tracing::instrument(skip_all, fields(status = status.as_str()))]
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
    if search.chars().any(char::is_control) {
        return Err(AppError::field(
            "search",
            "Search for letters, digits and punctuation only.",
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
    let rows: Vec<Row> = sqlx::query_as(
        "select a.id, a.company_name, u.email as applicant, a.submitted_at, a.due_at, a.status, \
           r.email as assignee \
         from applications a join users u on u.id = a.user_id left join users r on r.id = a.assigned_to \
         where a.status = $1 \
           and ($2 = '' or lower(a.company_name) like $3 escape '\\' or u.email like $3 escape '\\') \
           and (a.due_at, a.id) > ($4, $5) \
         order by a.due_at, a.id limit $6",
    )
    .bind(status)
    .bind(search.trim())
    .bind(like_pattern(search))
    .bind(after_due)
    .bind(after_id)
    .bind((PAGE_SIZE + 1) as i64)
    .fetch_all(state.db.pool())
    .await
    .map_err(AppError::context("Failed to load the review queue"))?;
    let now = state.clock.now();
    let mut rows: Vec<QueueRow> = rows
        .into_iter()
        .map(|row| {
            let due_at = row.due_at.unwrap_or_default();
            QueueRow {
                id: row.id,
                company_name: row.company_name,
                applicant: row.applicant,
                submitted_at: row.submitted_at.unwrap_or_default(),
                due_at,
                status: row.status,
                assignee: row.assignee,
                overdue: row.status == Status::InReview && due_at < now,
            }
        })
        .collect();
    let next = (rows.len() > PAGE_SIZE).then(|| {
        rows.truncate(PAGE_SIZE);
        let last = &rows[PAGE_SIZE - 1];
        format!("{}:{}", last.due_at, last.id)
    });
    Ok(QueuePage { rows, next })
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
}
