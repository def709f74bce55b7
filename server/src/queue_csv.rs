//! `GET /admin/queue.csv`: the applications of a queue view (the same
//! parameters as `/admin`), every page of it, as a CSV file for reviewers.

use app::backend::{review, session, AppState};
use app::domain::date::date_time;
use app::domain::Role;
use app::model::queue::QueueView;
use app::model::review::QueueRow;
use axum::{
    extract::{Query, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use std::collections::HashMap;
use tower_sessions::Session;

/// One CSV field: quoted, quotes doubled, and a leading `=`, `+`, `-`, `@`,
/// tab or carriage return defused with an apostrophe, so a spreadsheet never
/// runs a company name as a formula.
fn field(value: &str) -> String {
    let defused = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    format!("\"{}\"", defused.replace('"', "\"\""))
}

fn csv(rows: &[QueueRow]) -> String {
    let t = app::i18n::texts().review();
    let mut out = format!("{}\r\n", t.csv_header);
    for row in rows {
        let fields = [
            row.id.to_string(),
            row.company_name.clone(),
            row.applicant.clone(),
            date_time(row.submitted_at),
            date_time(row.due_at),
            row.status.label().to_owned(),
            row.assignee.clone().unwrap_or_default(),
            if row.overdue { t.yes } else { t.no }.to_owned(),
        ];
        let line: Vec<String> = fields.iter().map(|f| field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

pub async fn download(
    State(state): State<AppState>,
    session: Session,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let user = match session::current_user(&state, &session).await {
        Ok(Some(user)) if user.role == Role::Reviewer => user,
        Ok(Some(_)) => return StatusCode::FORBIDDEN.into_response(),
        Ok(None) => return Redirect::to("/login?next=/admin").into_response(),
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    let text = |name: &str| params.get(name).map(String::as_str).unwrap_or_default();
    let view = match QueueView::parse(
        text("status"),
        text("holder"),
        text("overdue") == "true",
        text("sort"),
        text("q"),
    ) {
        Ok(view) => view,
        Err(param) => {
            return (
                StatusCode::BAD_REQUEST,
                format!(
                    "{} ({param})",
                    app::i18n::texts().review().filter_not_offered
                ),
            )
                .into_response()
        }
    };
    match review::queue_export(&state, user.id, &view).await {
        Ok(rows) => {
            let mut response = csv(&rows).into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            );
            headers.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"applications.csv\""),
            );
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            tracing::info!(
                user_id = user.id,
                rows = rows.len(),
                "queue exported as CSV"
            );
            response
        }
        Err(app::error::AppError::Validation(list)) => (
            StatusCode::BAD_REQUEST,
            list.into_iter()
                .map(|e| e.message)
                .collect::<Vec<_>>()
                .join(" "),
        )
            .into_response(),
        Err(err) => {
            tracing::error!(error = %err, "failed to export the queue");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("Acme"), "\"Acme\"");
        assert_eq!(field("Say \"hi\""), "\"Say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("+65 6123"), "\"'+65 6123\"");
        assert_eq!(field("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(field("a,b\nc"), "\"a,b\nc\"");
    }
}
