//! The workspace team: the Members page, invitations and roles. Who may do
//! what is the backend's to check (Owners manage, anyone may leave).

use crate::error::AppError;
use crate::model::workspace::{InvitationView, TeamView};
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "workspace_team", input = leptos::server_fn::codec::GetUrl)]
pub async fn workspace_team() -> Result<TeamView, AppError> {
    let (state, user) = crate::api::application::merchant().await?;
    crate::backend::team::team(&state, &user).await
}

#[server(prefix = "/api", endpoint = "invite_member")]
pub async fn invite_member(email: String, role: String) -> Result<(), AppError> {
    let (state, user) = crate::api::application::merchant().await?;
    crate::backend::team::invite(&state, &user, &email, &role).await
}

#[server(prefix = "/api", endpoint = "resend_invitation")]
pub async fn resend_invitation(id: i64) -> Result<(), AppError> {
    let (state, user) = crate::api::application::merchant().await?;
    crate::backend::team::resend(&state, &user, id).await
}

#[server(prefix = "/api", endpoint = "revoke_invitation")]
pub async fn revoke_invitation(id: i64) -> Result<(), AppError> {
    let (state, user) = crate::api::application::merchant().await?;
    crate::backend::team::revoke(&state, &user, id).await
}

#[server(prefix = "/api", endpoint = "change_member_role")]
pub async fn change_member_role(user_id: i64, role: String) -> Result<(), AppError> {
    let (state, user) = crate::api::application::merchant().await?;
    crate::backend::team::change_role(&state, &user, user_id, &role).await
}

#[server(prefix = "/api", endpoint = "remove_member")]
pub async fn remove_member(user_id: i64) -> Result<(), AppError> {
    let (state, user) = crate::api::application::merchant().await?;
    crate::backend::team::remove(&state, &user, user_id).await
}

/// Leaves the workspace; answers where to go next.
#[server(prefix = "/api", endpoint = "leave_workspace")]
pub async fn leave_workspace() -> Result<String, AppError> {
    let (state, user) = crate::api::application::merchant().await?;
    crate::backend::team::leave(&state, &user).await?;
    let home = crate::backend::workspaces::landing(&state, user.id, user.role).await?;
    Ok(home.to_owned())
}

/// What an invitation link shows; `None` when it can no longer be used.
#[server(prefix = "/api", endpoint = "invitation", input = leptos::server_fn::codec::GetUrl)]
pub async fn invitation(token: String) -> Result<Option<InvitationView>, AppError> {
    let (state, session) = crate::api::auth::ssr::context().await?;
    let viewer = crate::backend::session::current_user(&state, &session).await?;
    crate::backend::team::details(&state, &token, viewer.as_ref()).await
}

/// Joins the invitation's workspace; answers where to go next.
#[server(prefix = "/api", endpoint = "accept_invitation")]
pub async fn accept_invitation(token: String) -> Result<String, AppError> {
    let (state, user) = crate::api::application::merchant().await?;
    crate::backend::team::accept(&state, &user, &token).await?;
    Ok("/workspace".to_owned())
}
