//! `/admin/metrics`: how the review team is doing against the promise of a
//! decision within two business days. Charts are SVG drawn here (no chart
//! library), each described for screen readers and with its numbers in a
//! table beside it.

use crate::api::review::review_metrics;
use crate::components::page::PageTitle;
use crate::components::session::RequireRole;
use crate::domain::date::Date;
use crate::domain::Role;
use crate::model::metrics::{AgeBucket, DayCount, Metrics, PERIODS};
use leptos::prelude::*;

#[component]
pub fn MetricsPage() -> impl IntoView {
    view! {
        <RequireRole role=Role::Reviewer>
            <MetricsView/>
        </RequireRole>
    }
}

#[component]
fn MetricsView() -> impl IntoView {
    let t = crate::i18n::texts().review();
    let days = Memo::new(move |_| {
        crate::components::nav::query("days")
            .and_then(|d| d.parse::<i64>().ok())
            .unwrap_or(30)
    });
    let metrics = Resource::new(move || days.get(), review_metrics);
    view! {
        <PageTitle text=t.metrics/>
        <div class="container page">
            <p><a href="/admin">{t.all_applications}</a></p>
            <h1>{t.metrics}</h1>
            <p class="lead">{t.metrics_promise}</p>
            <nav class="period-switch" aria-label=t.period>
                // Plain links: the router's own would mark all three as the
                // current page (it compares paths, not queries).
                {PERIODS.into_iter().map(|d| view! {
                    <a href=format!("/admin/metrics?days={d}") aria-current=move || (days.get() == d).then_some("page")>
                        {(t.last_days)(d)}
                    </a>
                }).collect_view()}
            </nav>
            <Transition fallback=move || view! { <p class="muted">{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match metrics.await {
                        Ok(m) => view! { <Report m/> }.into_any(),
                        Err(err) => view! { <p class="alert alert-error" role="alert">{err.plain_message()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

fn hours(value: Option<f64>) -> String {
    let t = crate::i18n::texts().review();
    value.map_or_else(|| t.no_decisions_yet.into(), t.hours)
}

#[component]
fn Report(m: Metrics) -> impl IntoView {
    let t = crate::i18n::texts().review();
    let on_time = m
        .on_time_percent
        .map_or_else(|| t.no_decisions_yet.into(), |p| format!("{p:.0} %"));
    let zone = (t.zone_note)(&m.business_time_zone);
    view! {
        <p class="muted">{zone}</p>
        <dl class="stats">
            <div class="card"><dt>{t.received}</dt><dd>{m.received}</dd></div>
            <div class="card"><dt>{t.decided}</dt><dd>{m.decided}</dd></div>
            <div class="card"><dt>{t.median_time}</dt><dd>{hours(m.median_hours)}</dd></div>
            <div class="card"><dt>{t.p90}</dt><dd>{hours(m.p90_hours)}</dd></div>
            <div class="card"><dt>{t.on_time}</dt><dd>{on_time}</dd></div>
        </dl>
        <DailyChart days=m.per_day.clone() period=m.days/>
        <AgeChart buckets=m.queue_ages.clone()/>
        <section class="card chart-card" aria-labelledby="per-reviewer-title">
            <h2 id="per-reviewer-title">{t.per_reviewer}</h2>
            {if m.per_reviewer.is_empty() {
                view! { <p class="muted">{t.no_decisions_period}</p> }.into_any()
            } else {
                view! {
                    <table>
                        <thead><tr>
                            <th scope="col">{t.reviewer}</th>
                            <th scope="col">{t.approved}</th>
                            <th scope="col">{t.rejected}</th>
                            <th scope="col">{t.total}</th>
                        </tr></thead>
                        <tbody>
                            {m.per_reviewer.into_iter().map(|r| view! {
                                <tr>
                                    <th scope="row">{r.reviewer.clone()}</th>
                                    <td>{r.approved}</td>
                                    <td>{r.rejected}</td>
                                    <td>{r.approved + r.rejected}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

/// SVG geometry shared by the charts (in viewBox units).
const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 40.0;
const BOTTOM: f64 = 24.0;

/// Gridline values for a chart whose largest value is `max`: 0, and up to
/// four round steps above it.
fn ticks(max: i64) -> Vec<i64> {
    let max = max.max(1);
    let step = [
        1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000,
    ]
    .into_iter()
    .find(|step| max / step <= 4)
    .unwrap_or(max / 4 + 1);
    (0..=(max + step - 1) / step).map(|i| i * step).collect()
}

fn y_of(value: i64, top: i64) -> f64 {
    HEIGHT - BOTTOM - (value as f64 / top.max(1) as f64) * (HEIGHT - BOTTOM - 10.0)
}

#[component]
fn Gridlines(ticks: Vec<i64>) -> impl IntoView {
    let top = *ticks.last().unwrap_or(&1);
    ticks
        .into_iter()
        .map(|t| {
            let y = y_of(t, top);
            view! {
                <line class="grid" x1=LEFT x2=WIDTH y1=y y2=y/>
                <text class="axis" x=LEFT - 6.0 y=y + 4.0 text-anchor="end">{t}</text>
            }
        })
        .collect_view()
}

#[component]
fn DailyChart(days: Vec<DayCount>, period: i64) -> impl IntoView {
    let t = crate::i18n::texts().review();
    let max = days
        .iter()
        .map(|d| d.received.max(d.decided))
        .max()
        .unwrap_or(0);
    let scale = ticks(max);
    let top = *scale.last().unwrap_or(&1);
    let slot = (WIDTH - LEFT) / days.len().max(1) as f64;
    let bar = (slot / 2.0 - 1.0).max(1.0);
    let received: i64 = days.iter().map(|d| d.received).sum();
    let decided: i64 = days.iter().map(|d| d.decided).sum();
    let summary = (t.per_day_summary)(period, received, decided, max);
    // A date under the first bar and about every seventh after it.
    let label_every = (days.len() / 6).max(1);
    view! {
        <section class="card chart-card" aria-labelledby="daily-title">
            <h2 id="daily-title">{t.per_day_title}</h2>
            <p class="legend">
                <span class="key key-received" aria-hidden="true"></span>{t.received_key}
                <span class="key key-decided" aria-hidden="true"></span>{t.decided}
            </p>
            <svg class="chart" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-labelledby="daily-svg-title daily-svg-desc">
                <title id="daily-svg-title">{t.per_day_svg}</title>
                <desc id="daily-svg-desc">{summary}</desc>
                <Gridlines ticks=scale.clone()/>
                {days.iter().enumerate().map(|(i, d)| {
                    let x = LEFT + i as f64 * slot;
                    let (yr, yd) = (y_of(d.received, top), y_of(d.decided, top));
                    let base = HEIGHT - BOTTOM;
                    view! {
                        <rect class="bar-received" x=x + 1.0 y=yr width=bar height=base - yr/>
                        <rect class="bar-decided" x=x + 1.0 + bar y=yd width=bar height=base - yd/>
                        {(i % label_every == 0).then(|| view! {
                            <text class="axis" x=x y=HEIGHT - 6.0>{Date::from_unix(d.day).short()}</text>
                        })}
                    }
                }).collect_view()}
            </svg>
            <details>
                <summary>{t.show_numbers}</summary>
                <table>
                    <thead><tr><th scope="col">{t.day}</th><th scope="col">{t.received}</th><th scope="col">{t.decided}</th></tr></thead>
                    <tbody>
                        {days.into_iter().rev().map(|d| view! {
                            <tr><th scope="row">{Date::from_unix(d.day).long()}</th><td>{d.received}</td><td>{d.decided}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </section>
    }
}

#[component]
fn AgeChart(buckets: Vec<AgeBucket>) -> impl IntoView {
    let t = crate::i18n::texts().review();
    let max = buckets.iter().map(|b| b.count).max().unwrap_or(0);
    let total: i64 = buckets.iter().map(|b| b.count).sum();
    let row = 40.0;
    let height = row * buckets.len() as f64 + 10.0;
    let label_width = 250.0;
    let bar_room = WIDTH - label_width - 60.0;
    let summary = (t.ages_summary)(
        total,
        &buckets
            .iter()
            .map(|b| format!("{} {}", b.count, b.label.to_lowercase()))
            .collect::<Vec<_>>()
            .join(crate::i18n::texts().common().list_separator),
    );
    view! {
        <section class="card chart-card" aria-labelledby="ages-title">
            <h2 id="ages-title">{t.ages_title}</h2>
            <svg class="chart" viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-labelledby="ages-svg-title ages-svg-desc">
                <title id="ages-svg-title">{t.ages_svg}</title>
                <desc id="ages-svg-desc">{summary}</desc>
                {buckets.iter().enumerate().map(|(i, b)| {
                    let y = 5.0 + i as f64 * row;
                    let width = if max == 0 { 0.0 } else { b.count as f64 / max as f64 * bar_room };
                    let class = if i >= 2 { "bar-late" } else { "bar-received" };
                    view! {
                        <text class="axis" x=label_width - 8.0 y=y + row / 2.0 + 4.0 text-anchor="end">{b.label.clone()}</text>
                        <rect class=class x=label_width y=y + 6.0 width=width.max(1.0) height=row - 12.0/>
                        <text class="value" x=label_width + width + 6.0 y=y + row / 2.0 + 4.0>{b.count}</text>
                    }
                }).collect_view()}
            </svg>
            <table>
                <thead><tr><th scope="col">{t.waited}</th><th scope="col">{t.applications}</th></tr></thead>
                <tbody>
                    {buckets.into_iter().map(|b| view! {
                        <tr><th scope="row">{b.label}</th><td>{b.count}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::ticks;

    #[test]
    fn gridlines_are_round_and_cover_the_largest_value() {
        assert_eq!(ticks(0), [0, 1]);
        assert_eq!(ticks(3), [0, 1, 2, 3]);
        assert_eq!(ticks(7), [0, 2, 4, 6, 8]);
        assert_eq!(ticks(130), [0, 50, 100, 150]);
        assert!(ticks(999_999).last().unwrap() >= &999_999);
    }
}
