//! What reviewers see: the queue and one application's full picture.

use crate::domain::application::BusinessDetails;
use crate::domain::detail_field::logo_description;
use crate::domain::{DetailField, Status};
use serde::{Deserialize, Serialize};

/// One row of the reviewers' queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub id: i64,
    pub company_name: String,
    pub applicant: String,
    pub submitted_at: i64,
    pub due_at: i64,
    pub status: Status,
    pub assignee: Option<String>,
    /// Still in review after its due date.
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePage {
    pub rows: Vec<QueueRow>,
    /// The cursor for the next page, when there is one.
    pub next: Option<String>,
    /// The cursor for the previous page, when there is one.
    pub previous: Option<String>,
    /// How many applications the view holds, over all its pages, counted
    /// up to just past [`COUNTED_UP_TO`]: more than that is "more than".
    pub total: i64,
}

/// How far the queue counts its applications exactly.
pub const COUNTED_UP_TO: i64 = 1000;

/// A field that differs from the previous submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: DetailField,
    pub before: String,
    pub after: String,
}

/// Field-by-field differences between two submissions, in form order (the
/// logo last).
pub fn changes(
    before: &BusinessDetails,
    before_logo: Option<&str>,
    after: &BusinessDetails,
    after_logo: Option<&str>,
) -> Vec<FieldChange> {
    let mut out: Vec<FieldChange> = DetailField::DETAILS
        .iter()
        .copied()
        .filter_map(|field| {
            let (was, now) = (field.text(before)?, field.text(after)?);
            (was != now).then(|| FieldChange {
                field,
                before: was.to_owned(),
                after: now.to_owned(),
            })
        })
        .collect();
    if before_logo != after_logo {
        out.push(FieldChange {
            field: DetailField::Logo,
            before: logo_description(before_logo.is_some()).into(),
            after: if before_logo.is_some() && after_logo.is_some() {
                crate::i18n::texts().fields().new_uploaded_logo.into()
            } else {
                logo_description(after_logo.is_some()).into()
            },
        });
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastSubmission {
    pub id: i64,
    pub submitted_at: i64,
    pub status: Status,
    pub rejection_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub kind: String,
    pub actor: Option<String>,
    pub at: i64,
    pub application_id: i64,
}

/// A reviewer's internal note (never shown to the merchant).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteEntry {
    pub application_id: i64,
    pub author: String,
    pub body: String,
    pub at: i64,
}

/// Everything a reviewer needs to decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationDetail {
    pub id: i64,
    pub status: Status,
    pub details: BusinessDetails,
    pub logo_id: Option<String>,
    pub logo_color: u8,
    pub account_email: String,
    pub submitted_at: i64,
    pub due_at: i64,
    pub overdue: bool,
    pub assignee: Option<String>,
    pub assigned_to_me: bool,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
    pub rejection_reason: Option<String>,
    pub flagged_fields: Vec<DetailField>,
    /// Earlier submissions of the same merchant, newest first.
    pub history: Vec<PastSubmission>,
    /// What changed since the previous submission (empty for a first one).
    pub changes: Vec<FieldChange>,
    pub has_previous: bool,
    pub events: Vec<AuditEvent>,
    /// Reviewers' internal notes on this application and the attempts before it, newest first.
    pub notes: Vec<NoteEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_list_each_differing_field_in_form_order() {
        let before = BusinessDetails {
            company_name: "Old".into(),
            website: "https://a.example/".into(),
            ..Default::default()
        };
        let after = BusinessDetails {
            company_name: "New".into(),
            website: "https://a.example/".into(),
            country: "SG".into(),
            ..Default::default()
        };
        let diff = changes(&before, None, &after, Some("x"));
        let fields: Vec<_> = diff.iter().map(|c| c.field).collect();
        assert_eq!(
            fields,
            [
                DetailField::CompanyName,
                DetailField::Country,
                DetailField::Logo
            ]
        );
        assert_eq!(
            (diff[0].before.as_str(), diff[0].after.as_str()),
            ("Old", "New")
        );
        assert_eq!(diff[2].after, "Uploaded logo");
    }
}
