use crate::error::AppError;
use crate::model::workspace::WorkspaceState;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "my_workspace", input = leptos::server_fn::codec::GetUrl)]
pub async fn my_workspace() -> Result<WorkspaceState, AppError> {
    let (state, user) = crate::api::application::merchant().await?;
    crate::backend::workspaces::mine(&state, user.id).await
}
