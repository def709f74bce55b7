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
    match kind {
        "submitted" => "Submitted",
        "resubmitted" => "Resubmitted",
        "assigned" => "Assigned",
        "taken_over" => "Taken over",
        "released" => "Released",
        "unassigned_disabled" => "Unassigned (reviewer disabled)",
        "note_added" => "Internal note added",
        "changes_requested" => "Changes requested",
        "approved" => "Approved",
        "rejected" => "Rejected",
        "withdrawn" => "Withdrawn",
        _ => "Updated",
    }
}
