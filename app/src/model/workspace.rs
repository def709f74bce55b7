use crate::domain::MemberRole;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceView {
    pub name: String,
    pub logo_id: Option<String>,
    pub logo_color: u8,
    /// The member's role in the workspace.
    pub role: MemberRole,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkspaceState {
    /// No workspace: no approved application yet, and no membership. An
    /// Owner's removal of this account is told here, on its next visit.
    NotApproved {
        removed: Option<Removal>,
    },
    /// Approved; the workspace is being created.
    SettingUp,
    Ready(WorkspaceView),
}

/// The last time an Owner removed this account from a workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    pub workspace: String,
    pub by: String,
    pub at: i64,
}

/// The Members page: the team, pending invitations and recent changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamView {
    pub workspace: String,
    /// The viewer's own account and role.
    pub me: i64,
    pub my_role: MemberRole,
    pub members: Vec<MemberEntry>,
    /// Pending invitations (Owners only; empty for Members).
    pub invitations: Vec<InvitationEntry>,
    /// The newest changes to the team first.
    pub changes: Vec<TeamChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberEntry {
    pub user_id: i64,
    pub email: String,
    pub role: MemberRole,
    pub joined_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationEntry {
    pub id: i64,
    pub email: String,
    pub role: MemberRole,
    pub sent_at: i64,
    pub invited_by: String,
    pub expires_at: i64,
    /// Its link no longer works; sending it again makes a new one.
    pub expired: bool,
    /// When it can be sent again (the resend cooldown).
    pub resend_at: i64,
}

/// One recorded change: who did what, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamChange {
    pub at: i64,
    pub text: String,
}

/// What an invitation link shows to whoever opens it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationView {
    pub workspace: String,
    pub invited_by: String,
    pub email: String,
    pub role: MemberRole,
    pub viewer: Invitee,
}

/// Who opened an invitation link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Invitee {
    /// Nobody is logged in: log in or create an account first.
    Anonymous,
    /// The invited address is logged in: it can join.
    Invited,
    /// A reviewer's account: reviewers never join workspaces.
    Reviewer,
    /// Another account is logged in.
    OtherAccount { email: String },
}

/// What a link that can no longer be used says, in the browser and from the server.
/// What a dead invitation link says (expired, used, withdrawn or never sent).
pub fn invalid_invitation() -> &'static str {
    crate::i18n::texts().team().invalid_invitation
}

/// How long an invitation link works.
pub const INVITATION_VALID_SECS: i64 = 7 * 24 * 3600;
/// How soon an invitation can be sent again.
pub const RESEND_COOLDOWN_SECS: i64 = 60;
