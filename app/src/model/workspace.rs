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
