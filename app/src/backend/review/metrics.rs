//! The review team's service level over the last 7, 30 or 90 days: what came
//! in and was decided each day, how long decisions took in business hours,
//! how many met the two-business-day promise, how old the open queue is, and
//! who decided what.

use crate::backend::AppState;
use crate::domain::application::business_seconds_between;
use crate::domain::Status;
use crate::error::AppError;
use crate::model::metrics::{AgeBucket, DayCount, Metrics, ReviewerDecisions, PERIODS};

const DAY: i64 = 86_400;

/// The value at quantile `q` (0–1) of sorted `values`, nearest rank.
fn quantile(sorted: &[i64], q: f64) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    Some(sorted[rank - 1])
}

/// The open queue's ages, in business days waited.
fn age_buckets() -> [(&'static str, i64, i64); 4] {
    let t = crate::i18n::texts().review();
    [
        (t.under_one_day, 0, 1),
        (t.one_to_two_days, 1, 2),
        (t.two_to_five_days, 2, 5),
        (t.five_days_or_more, 5, i64::MAX),
    ]
}

#[tracing::instrument(skip_all, fields(days = days))]
pub async fn metrics(state: &AppState, days: i64) -> Result<Metrics, AppError> {
    if !PERIODS.contains(&days) {
        return Err(AppError::field(
            "days",
            crate::i18n::texts().review().choose_period,
        ));
    }
    let context = AppError::context("Failed to compute the review metrics");
    let now = state.clock.now();
    let zone = &state.settings.business_zone;
    let offset = |secs: i64| zone.offset_at(secs);
    let first_day = now.div_euclid(DAY) - (days - 1);
    let since = first_day * DAY;
    let mut conn = state.db.pool().acquire().await.map_err(&context)?;

    let submitted: Vec<(i64,)> = sqlx::query_as(
        "select submitted_at from applications where submitted_at >= $1 and status <> $2",
    )
    .bind(since)
    .bind(Status::Draft)
    .fetch_all(&mut *conn)
    .await
    .map_err(&context)?;
    // Decisions in the period: when, after how long, on time, by whom.
    let decided: Vec<(i64, i64, i64, Status, Option<String>)> = sqlx::query_as(
        "select a.submitted_at, a.decided_at, a.due_at, a.status, u.email \
         from applications a left join users u on u.id = a.decided_by \
         where a.decided_at >= $1 and a.status in ($2, $3)",
    )
    .bind(since)
    .bind(Status::Approved)
    .bind(Status::Rejected)
    .fetch_all(&mut *conn)
    .await
    .map_err(&context)?;
    let open: Vec<(i64,)> =
        sqlx::query_as("select submitted_at from applications where status = $1")
            .bind(Status::InReview)
            .fetch_all(&mut *conn)
            .await
            .map_err(&context)?;

    let mut per_day: Vec<DayCount> = (0..days)
        .map(|i| DayCount {
            day: (first_day + i) * DAY,
            received: 0,
            decided: 0,
        })
        .collect();
    let slot = |at: i64| usize::try_from(at.div_euclid(DAY) - first_day).ok();
    for (at,) in &submitted {
        if let Some(day) = slot(*at).and_then(|i| per_day.get_mut(i)) {
            day.received += 1;
        }
    }
    let mut durations = Vec::with_capacity(decided.len());
    let mut on_time = 0;
    let mut per_reviewer: Vec<ReviewerDecisions> = Vec::new();
    for (submitted_at, decided_at, due_at, status, reviewer) in &decided {
        if let Some(day) = slot(*decided_at).and_then(|i| per_day.get_mut(i)) {
            day.decided += 1;
        }
        durations.push(business_seconds_between(*submitted_at, *decided_at, offset));
        if decided_at <= due_at {
            on_time += 1;
        }
        let name = reviewer
            .clone()
            .unwrap_or_else(|| "(deleted account)".into());
        let index = match per_reviewer.iter().position(|r| r.reviewer == name) {
            Some(i) => i,
            None => {
                per_reviewer.push(ReviewerDecisions {
                    reviewer: name,
                    approved: 0,
                    rejected: 0,
                });
                per_reviewer.len() - 1
            }
        };
        match status {
            Status::Approved => per_reviewer[index].approved += 1,
            _ => per_reviewer[index].rejected += 1,
        }
    }
    per_reviewer.sort_by(|a, b| {
        (b.approved + b.rejected)
            .cmp(&(a.approved + a.rejected))
            .then_with(|| a.reviewer.cmp(&b.reviewer))
    });
    durations.sort_unstable();
    let hours = |secs: Option<i64>| secs.map(|s| s as f64 / 3600.0);
    let queue_ages = age_buckets()
        .iter()
        .map(|(label, from, to)| AgeBucket {
            label: (*label).to_owned(),
            count: open
                .iter()
                .filter(|(at,)| {
                    let waited = business_seconds_between(*at, now, offset) / DAY;
                    waited >= *from && waited < *to
                })
                .count() as i64,
        })
        .collect();
    Ok(Metrics {
        days,
        received: submitted.len() as i64,
        decided: decided.len() as i64,
        median_hours: hours(quantile(&durations, 0.5)),
        p90_hours: hours(quantile(&durations, 0.9)),
        on_time_percent: (!decided.is_empty())
            .then(|| on_time as f64 * 100.0 / decided.len() as f64),
        per_day,
        queue_ages,
        per_reviewer,
        business_time_zone: zone.name().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::quantile;

    #[test]
    fn quantiles_take_the_nearest_rank() {
        assert_eq!(quantile(&[], 0.5), None);
        assert_eq!(quantile(&[7], 0.9), Some(7));
        let values: Vec<i64> = (1..=10).collect();
        assert_eq!(quantile(&values, 0.5), Some(5));
        assert_eq!(quantile(&values, 0.9), Some(9));
        assert_eq!(quantile(&values, 1.0), Some(10));
    }
}
