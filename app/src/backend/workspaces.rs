//! Workspaces: created by the provisioning job after an approval, named
//! after the company, with its logo (or default logo) and the merchant as Owner.

use super::{AppState, Db};
use crate::api::workspace::{WorkspaceState, WorkspaceView};
use crate::error::AppError;

pub async fn mine(state: &AppState, user_id: i64) -> Result<WorkspaceState, AppError> {
    let context = "Failed to load a workspace";
    let ready: Option<(String, Option<String>, i32, String)> = sqlx::query_as(
        "select w.name, w.logo_id, w.logo_color, m.role from workspace_members m \
         join workspaces w on w.id = m.workspace_id where m.user_id = $1 order by w.id desc limit 1",
    )
    .bind(user_id)
    .fetch_optional(state.db.pool())
    .await
    .map_err(|e| AppError::internal(context, e))?;
    if let Some((name, logo_id, logo_color, role)) = ready {
        let role = if role == "owner" { "Owner" } else { "Member" }.to_string();
        return Ok(WorkspaceState::Ready(WorkspaceView {
            name,
            logo_id,
            logo_color: super::applications::palette_index(logo_color),
            role,
        }));
    }
    let approved: Option<(i64,)> = sqlx::query_as(
        "select id from applications where user_id = $1 and status = 'approved' limit 1",
    )
    .bind(user_id)
    .fetch_optional(state.db.pool())
    .await
    .map_err(|e| AppError::internal(context, e))?;
    Ok(if approved.is_some() {
        WorkspaceState::SettingUp
    } else {
        WorkspaceState::NotApproved
    })
}

/// Creates the workspace of an approved application and makes its merchant
/// the Owner. Safe to run again: a second run changes nothing.
pub async fn provision(db: &Db, application_id: i64, now: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let row: Option<(i64, String, Option<String>, i32)> = sqlx::query_as(
        "select user_id, company_name, logo_id, logo_color from applications where id = $1 and status = 'approved'",
    )
    .bind(application_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((user_id, name, logo_id, logo_color)) = row else {
        return Err(sqlx::Error::RowNotFound);
    };
    sqlx::query(
        "insert into workspaces (application_id, name, logo_id, logo_color, created_at) values ($1, $2, $3, $4, $5) \
         on conflict (application_id) do nothing",
    )
    .bind(application_id)
    .bind(&name)
    .bind(&logo_id)
    .bind(logo_color)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let (workspace_id,): (i64,) =
        sqlx::query_as("select id from workspaces where application_id = $1")
            .bind(application_id)
            .fetch_one(&mut *tx)
            .await?;
    sqlx::query(
        "insert into workspace_members (workspace_id, user_id, role, created_at) values ($1, $2, 'owner', $3) \
         on conflict (workspace_id, user_id) do nothing",
    )
    .bind(workspace_id)
    .bind(user_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// Where a merchant lands after logging in.
pub async fn landing(db: &Db, user_id: i64) -> Result<&'static str, sqlx::Error> {
    let approved: Option<(i64,)> = sqlx::query_as(
        "select id from applications where user_id = $1 and status = 'approved' limit 1",
    )
    .bind(user_id)
    .fetch_optional(db.pool())
    .await?;
    Ok(if approved.is_some() {
        "/workspace"
    } else {
        "/apply"
    })
}
