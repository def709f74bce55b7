//! The merchant's application as the wizard and the status page see it.

use super::review::PastSubmission;
use crate::domain::application::{BusinessDetails, Step};
use crate::domain::{DetailField, Status};
use serde::{Deserialize, Serialize};

/// The merchant's application while it can be edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// 0 until the first save.
    pub version: i64,
    pub step: Step,
    pub role_selected: bool,
    pub details: BusinessDetails,
    pub logo_id: Option<String>,
    /// Index into the default logo's palette, chosen once when the draft is created.
    pub logo_color: u8,
    /// The rejected submission (or the one the reviewer asked changes to)
    /// this draft continues, if any: what the reviewer asked for, shown in
    /// the wizard until it is submitted.
    #[serde(default)]
    pub rejected: Option<RejectedBefore>,
}

/// A rejected submission as the wizard shows it: the reviewer's reason, the
/// fields they flagged, and the answers they saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedBefore {
    /// Not rejected: the reviewer asked for changes and reviews the resubmission.
    #[serde(default)]
    pub changes_requested: bool,
    pub reason: String,
    pub flagged_fields: Vec<DetailField>,
    pub details: BusinessDetails,
    pub logo_id: Option<String>,
}

impl RejectedBefore {
    /// How `field` read in the rejected submission.
    pub fn shown(&self, field: DetailField) -> String {
        field.shown(&self.details, self.logo_id.is_some())
    }
}

impl Draft {
    /// The draft of a merchant who has not saved anything yet.
    pub fn empty() -> Draft {
        Draft {
            version: 0,
            step: Step::Role,
            role_selected: false,
            details: BusinessDetails::default(),
            logo_id: None,
            logo_color: 0,
            rejected: None,
        }
    }
}

/// A submitted application, as its merchant sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    pub id: i64,
    pub status: Status,
    pub submitted_at: i64,
    pub due_at: i64,
    pub details: BusinessDetails,
    pub logo_id: Option<String>,
    pub logo_color: u8,
    /// A reviewer has picked it up.
    pub assigned: bool,
    pub decided_at: Option<i64>,
    pub rejection_reason: Option<String>,
    pub flagged_fields: Vec<DetailField>,
    /// Earlier submissions, newest first.
    pub history: Vec<PastSubmission>,
    /// Approved and its workspace created (provisioning runs as a job).
    pub workspace_ready: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MyApplication {
    Draft(Draft),
    Submitted(Submission),
}

/// What the wizard sends when it saves (also as the beacon sent while the
/// page unloads, so both are encoded from this one type).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DraftInput {
    /// The version the browser last saw (0 for a draft never saved).
    pub version: i64,
    pub step: Step,
    pub role_selected: bool,
    pub details: BusinessDetails,
}

/// The draft's state after a save.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedDraft {
    pub version: i64,
    /// The default logo's colour, chosen when the draft was first saved.
    pub logo_color: u8,
}

/// Why a save or submit of an outdated draft is refused.
pub fn stale_draft() -> &'static str {
    crate::i18n::texts().apply().stale_draft
}
