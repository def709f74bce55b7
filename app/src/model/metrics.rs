//! The review team's service level, as `/admin/metrics` shows it.

use serde::{Deserialize, Serialize};

/// The periods a reviewer can look back over, in days.
pub const PERIODS: [i64; 3] = [7, 30, 90];

/// One calendar day (UTC) of the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCount {
    /// Unix seconds at the day's start.
    pub day: i64,
    pub received: i64,
    pub decided: i64,
}

/// How long the applications now in review have waited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgeBucket {
    pub label: String,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewerDecisions {
    pub reviewer: String,
    pub approved: i64,
    pub rejected: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    pub days: i64,
    /// Oldest first, every day of the period (zeros included).
    pub per_day: Vec<DayCount>,
    pub received: i64,
    pub decided: i64,
    /// Business hours (Monday to Friday in `business_time_zone`) from submission to decision.
    pub median_hours: Option<f64>,
    pub p90_hours: Option<f64>,
    /// Decided by the due date (two business days), of those decided, in percent.
    pub on_time_percent: Option<f64>,
    pub queue_ages: Vec<AgeBucket>,
    pub per_reviewer: Vec<ReviewerDecisions>,
    /// Where business days are counted (`BUSINESS_TZ`), e.g. "UTC".
    pub business_time_zone: String,
}
