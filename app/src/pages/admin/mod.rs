//! The reviewers' area: the queue (`/admin`) and one application with the
//! actions that decide it (`/admin/applications/:id`).

mod decision;
mod detail;
mod metrics;
mod notes;
mod operations;
mod queue;

pub use detail::ApplicationDetailPage;
pub use metrics::MetricsPage;
pub use operations::OperationsPage;
pub use queue::AdminPage;

/// The name of an audit-trail event kind.
fn event_label(kind: &str) -> &'static str {
    let t = crate::i18n::texts().review();
    match kind {
        "submitted" => t.event_submitted,
        "resubmitted" => t.event_resubmitted,
        "assigned" => t.event_assigned,
        "taken_over" => t.event_taken_over,
        "released" => t.event_released,
        "unassigned_disabled" => t.event_unassigned_disabled,
        "note_added" => t.event_note_added,
        "changes_requested" => t.event_changes_requested,
        "approved" => t.event_approved,
        "rejected" => t.event_rejected,
        "withdrawn" => t.event_withdrawn,
        _ => t.event_updated,
    }
}
