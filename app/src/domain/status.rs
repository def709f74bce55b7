//! Where an application stands, and which changes the workflow allows.

use super::Role;
use serde::{Deserialize, Serialize};

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    InReview,
    Approved,
    Rejected,
    Withdrawn,
    /// The reviewer asked for changes: this submission is closed and a
    /// draft holding every answer continues it.
    ChangesRequested,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Draft,
        Status::InReview,
        Status::Approved,
        Status::Rejected,
        Status::Withdrawn,
        Status::ChangesRequested,
    ];

    /// The name in URLs and storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::InReview => "in_review",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
            Status::Withdrawn => "withdrawn",
            Status::ChangesRequested => "changes_requested",
        }
    }

    pub fn parse(value: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        self.label_in(crate::i18n::locale())
    }

    pub fn label_in(self, locale: crate::i18n::Locale) -> &'static str {
        let t = locale.texts().fields();
        match self {
            Status::Draft => t.status_draft,
            Status::InReview => t.status_in_review,
            Status::Approved => t.status_approved,
            Status::Rejected => t.status_rejected,
            Status::Withdrawn => t.status_withdrawn,
            Status::ChangesRequested => t.status_changes_requested,
        }
    }

    /// Whether `by` may move an application from this status to `next`:
    /// a merchant submits a draft or withdraws it from review; a reviewer
    /// approves, rejects or asks for changes to what is in review. Every other change is refused,
    /// and a decided or withdrawn submission never changes again (a new
    /// attempt is a new draft).
    pub fn may_become(self, next: Status, by: Role) -> bool {
        use Status::*;
        matches!(
            (self, next, by),
            (Draft, InReview, Role::Merchant)
                | (InReview, Withdrawn, Role::Merchant)
                | (
                    InReview,
                    Approved | Rejected | ChangesRequested,
                    Role::Reviewer
                )
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    #[test]
    fn names_round_trip_and_unknown_names_are_refused() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
        assert_eq!(Status::parse("In_Review"), None);
        assert_eq!(Status::parse(""), None);
    }

    /// Every (from, to, actor) triple, against the table of allowed moves.
    #[test]
    fn only_the_workflow_moves_are_allowed() {
        let allowed = [
            (Draft, InReview, Role::Merchant),
            (InReview, Withdrawn, Role::Merchant),
            (InReview, Approved, Role::Reviewer),
            (InReview, Rejected, Role::Reviewer),
            (InReview, ChangesRequested, Role::Reviewer),
        ];
        let mut count = 0;
        for from in Status::ALL {
            for to in Status::ALL {
                for by in [Role::Merchant, Role::Reviewer] {
                    let expected = allowed.contains(&(from, to, by));
                    assert_eq!(
                        from.may_become(to, by),
                        expected,
                        "{from:?} → {to:?} by {by:?}"
                    );
                    count += usize::from(expected);
                }
            }
        }
        assert_eq!(count, allowed.len());
    }

    #[test]
    fn final_statuses_have_no_way_out() {
        for from in [Approved, Rejected, Withdrawn, ChangesRequested] {
            for to in Status::ALL {
                for by in [Role::Merchant, Role::Reviewer] {
                    assert!(!from.may_become(to, by));
                }
            }
        }
    }
}
