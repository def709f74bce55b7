use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceView {
    pub name: String,
    pub logo_id: Option<String>,
    pub logo_color: u8,
    /// The member's role in the workspace, e.g. "Owner".
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkspaceState {
    /// No approved application yet.
    NotApproved,
    /// Approved; the workspace is being created.
    SettingUp,
    Ready(WorkspaceView),
}

#[server(prefix = "/api", endpoint = "my_workspace", input = leptos::server_fn::codec::GetUrl)]
pub async fn my_workspace() -> Result<WorkspaceState, AppError> {
    let (state, user) = crate::api::application::merchant().await?;
    crate::backend::workspaces::mine(&state, user.id).await
}
