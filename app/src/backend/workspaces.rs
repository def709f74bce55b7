//! Workspaces: created by the provisioning job after an approval, named
//! after the company, with its logo (or default logo) and the merchant as Owner.

use super::store::{applications, palette_index};
use super::{AppState, Db};
use crate::domain::{MemberRole, Role, Status};
use crate::error::AppError;
use crate::model::workspace::{WorkspaceState, WorkspaceView};

#[tracing::instrument(skip_all, fields(user_id = user_id))]
pub async fn mine(state: &AppState, user_id: i64) -> Result<WorkspaceState, AppError> {
    let context = AppError::context("Failed to load a workspace");
    let mut conn = state.db.pool().acquire().await.map_err(&context)?;
    let ready: Option<(String, Option<String>, i32, String)> = sqlx::query_as(
        "select w.name, w.logo_id, w.logo_color, m.role from workspace_members m \
         join workspaces w on w.id = m.workspace_id where m.user_id = $1 order by w.id desc limit 1",
    )
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(&context)?;
    if let Some((name, logo_id, logo_color, role)) = ready {
        return Ok(WorkspaceState::Ready(WorkspaceView {
            name,
            logo_id,
            logo_color: palette_index(logo_color),
            role: MemberRole::from_stored(&role),
        }));
    }
    let approved = applications::approved_of(&mut conn, user_id)
        .await
        .map_err(&context)?;
    if approved.is_some() {
        return Ok(WorkspaceState::SettingUp);
    }
    let removed = super::team::last_removal(&mut conn, user_id)
        .await
        .map_err(&context)?;
    Ok(WorkspaceState::NotApproved { removed })
}

/// Creates the workspace of an approved application and makes its merchant
/// the Owner. Safe to run again: a second run changes nothing.
#[tracing::instrument(skip_all, fields(application_id = application_id))]
pub async fn provision(db: &Db, application_id: i64, now: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let application = applications::by_id(&mut tx, application_id)
        .await?
        .filter(|a| a.status == Status::Approved)
        .ok_or(sqlx::Error::RowNotFound)?;
    sqlx::query(
        "insert into workspaces (application_id, name, logo_id, logo_color, created_at) values ($1, $2, $3, $4, $5) \
         on conflict (application_id) do nothing",
    )
    .bind(application_id)
    .bind(&application.draft.details.company_name)
    .bind(&application.draft.logo_id)
    .bind(i32::from(application.draft.logo_color))
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
    .bind(application.user_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// Where an account lands after logging in: a merchant in a workspace (their
/// own once approved, or one they were invited to) in the workspace, a
/// merchant removed from one who has no application of their own there too
/// (to be told), any other merchant at the application.
pub async fn landing(state: &AppState, user_id: i64, role: Role) -> Result<&'static str, AppError> {
    if role != Role::Merchant {
        return Ok(role.home());
    }
    let context = AppError::context("Failed to find where to land");
    let mut conn = state.db.pool().acquire().await.map_err(&context)?;
    let (in_workspace, approved, removed, applied): (i64, i64, i64, i64) = sqlx::query_as(
        "select \
           (select count(*) from workspace_members where user_id = $1), \
           (select count(*) from applications where user_id = $1 and status = 'approved'), \
           (select count(*) from workspace_events where subject_user_id = $1 and kind = 'removed'), \
           (select count(*) from applications where user_id = $1)",
    )
    .bind(user_id)
    .fetch_one(&mut *conn)
    .await
    .map_err(&context)?;
    Ok(
        if in_workspace > 0 || approved > 0 || (removed > 0 && applied == 0) {
            "/workspace"
        } else {
            "/apply"
        },
    )
}
