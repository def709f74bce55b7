//! The audit trail: what happened to an application, by whom, when.

use crate::model::review::AuditEvent;
use sqlx::AnyConnection;

/// Appends to an application's audit trail, inside the caller's transaction.
pub async fn record(
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

/// The trail of `ids` (an application and the attempts before it), newest first.
pub async fn of_chain(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<Vec<AuditEvent>, sqlx::Error> {
    // The ids come from the database as integers: inlining them is safe.
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    if list.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(i64, String, i64, Option<String>)> = sqlx::query_as(&format!(
        "select e.application_id, e.kind, e.created_at, u.email from application_events e \
         left join users u on u.id = e.actor_id \
         where e.application_id in ({}) order by e.created_at desc, e.application_id desc, e.id",
        list.join(", ")
    ))
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(application_id, kind, at, actor)| AuditEvent {
            kind,
            actor,
            at,
            application_id,
        })
        .collect())
}
