//! What the operations page shows: mail and jobs that failed for good.

use serde::{Deserialize, Serialize};

/// A dead mail or job, as reviewers see it on `/admin/operations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadItem {
    /// `mail-12` or `job-3`: the id `server queue retry` takes too.
    pub entry: String,
    pub is_mail: bool,
    /// The recipient of a mail, or the kind and application of a job.
    pub what: String,
    pub attempts: i64,
    pub last_error: String,
    pub created_at: i64,
}
