//! What a reviewer asks of the queue: which applications, in what order. It
//! lives in the URL (`/admin?status=…&holder=…`), so a link reproduces the
//! view; the page and the server read it with the same code.

use crate::domain::Status;
use serde::{Deserialize, Serialize};

/// Whose applications.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Holder {
    #[default]
    Anyone,
    /// Assigned to the reviewer asking.
    Me,
    Unassigned,
}

impl Holder {
    pub const ALL: [Holder; 3] = [Holder::Anyone, Holder::Me, Holder::Unassigned];

    pub fn slug(self) -> &'static str {
        match self {
            Holder::Anyone => "anyone",
            Holder::Me => "me",
            Holder::Unassigned => "unassigned",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Holder::Anyone => crate::i18n::texts().review().anyone,
            Holder::Me => crate::i18n::texts().review().assigned_to_me,
            Holder::Unassigned => crate::i18n::texts().review().unassigned,
        }
    }

    pub fn from_slug(slug: &str) -> Option<Holder> {
        Holder::ALL.into_iter().find(|h| h.slug() == slug)
    }
}

/// The order of the queue; ties are broken by application id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum QueueSort {
    #[default]
    DueOldest,
    DueNewest,
    SubmittedOldest,
    SubmittedNewest,
}

impl QueueSort {
    pub const ALL: [QueueSort; 4] = [
        QueueSort::DueOldest,
        QueueSort::DueNewest,
        QueueSort::SubmittedOldest,
        QueueSort::SubmittedNewest,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            QueueSort::DueOldest => "due",
            QueueSort::DueNewest => "-due",
            QueueSort::SubmittedOldest => "submitted",
            QueueSort::SubmittedNewest => "-submitted",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            QueueSort::DueOldest => crate::i18n::texts().review().due_earliest,
            QueueSort::DueNewest => crate::i18n::texts().review().due_latest,
            QueueSort::SubmittedOldest => crate::i18n::texts().review().submitted_oldest,
            QueueSort::SubmittedNewest => crate::i18n::texts().review().submitted_newest,
        }
    }

    pub fn from_slug(slug: &str) -> Option<QueueSort> {
        QueueSort::ALL.into_iter().find(|s| s.slug() == slug)
    }

    pub fn by_due_date(self) -> bool {
        matches!(self, QueueSort::DueOldest | QueueSort::DueNewest)
    }

    pub fn ascending(self) -> bool {
        matches!(self, QueueSort::DueOldest | QueueSort::SubmittedOldest)
    }
}

/// The statuses a reviewer can filter on; `None` is all of them.
pub const STATUS_FILTERS: [Option<Status>; 6] = [
    None,
    Some(Status::InReview),
    Some(Status::Approved),
    Some(Status::Rejected),
    Some(Status::ChangesRequested),
    Some(Status::Withdrawn),
];

pub fn status_slug(status: Option<Status>) -> &'static str {
    status.map_or("all", Status::as_str)
}

/// A view of the queue: the filters and the order, without the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueView {
    /// `None`: every status but drafts.
    pub status: Option<Status>,
    pub holder: Holder,
    /// Only applications still in review after their due date.
    pub overdue: bool,
    pub sort: QueueSort,
    pub search: String,
}

impl Default for QueueView {
    fn default() -> QueueView {
        QueueView {
            status: Some(Status::InReview),
            holder: Holder::Anyone,
            overdue: false,
            sort: QueueSort::DueOldest,
            search: String::new(),
        }
    }
}

/// Where a page starts: after the row a cursor names (next page) or before it (previous).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PageAt {
    First,
    After(String),
    Before(String),
}

impl QueueView {
    /// Reads a view from the URL's parameters; an unknown value is `Err`
    /// naming the parameter.
    pub fn parse(
        status: &str,
        holder: &str,
        overdue: bool,
        sort: &str,
        search: &str,
    ) -> Result<QueueView, &'static str> {
        let status = match status {
            "" => Some(Status::InReview),
            "all" => None,
            // A draft is refused by the queue itself, with its own message.
            other => Some(Status::parse(other).ok_or("status")?),
        };
        Ok(QueueView {
            status,
            holder: if holder.is_empty() {
                Holder::Anyone
            } else {
                Holder::from_slug(holder).ok_or("holder")?
            },
            overdue,
            sort: if sort.is_empty() {
                QueueSort::DueOldest
            } else {
                QueueSort::from_slug(sort).ok_or("sort")?
            },
            search: search.to_owned(),
        })
    }

    /// The queue page's URL for this view, at `at`. Defaults are left out.
    pub fn url(&self, at: &PageAt) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("status", status_slug(self.status));
        if self.holder != Holder::Anyone {
            query.append_pair("holder", self.holder.slug());
        }
        if self.overdue {
            query.append_pair("overdue", "true");
        }
        if self.sort != QueueSort::DueOldest {
            query.append_pair("sort", self.sort.slug());
        }
        if !self.search.is_empty() {
            query.append_pair("q", &self.search);
        }
        match at {
            PageAt::First => {}
            PageAt::After(cursor) => {
                query.append_pair("after", cursor);
            }
            PageAt::Before(cursor) => {
                query.append_pair("before", cursor);
            }
        }
        format!("/admin?{}", query.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_round_trip_through_the_url() {
        assert_eq!(
            QueueView::default().url(&PageAt::First),
            "/admin?status=in_review"
        );
        let view = QueueView {
            status: None,
            holder: Holder::Me,
            overdue: true,
            sort: QueueSort::SubmittedNewest,
            search: "a&b c".into(),
        };
        assert_eq!(
            view.url(&PageAt::Before("1:2".into())),
            "/admin?status=all&holder=me&overdue=true&sort=-submitted&q=a%26b+c&before=1%3A2"
        );
        assert_eq!(
            QueueView::parse("all", "me", true, "-submitted", "a&b c"),
            Ok(view)
        );
        assert_eq!(
            QueueView::parse("", "", false, "", ""),
            Ok(QueueView::default())
        );
        assert_eq!(QueueView::parse("done", "", false, "", ""), Err("status"));
        assert_eq!(
            QueueView::parse("all", "them", false, "", ""),
            Err("holder")
        );
        assert_eq!(
            QueueView::parse("all", "", false, "random", ""),
            Err("sort")
        );
    }
}
