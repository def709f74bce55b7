//! A measurement, not a test that can pass or fail on timing: how long the
//! review queue takes with 100,000 applications. Run it on purpose:
//! `cargo test -p server --test api queue_at_scale -- --ignored --nocapture`
//! (PostgreSQL too when TEST_POSTGRES_URL is set).

use crate::helpers::{spawn_app, Backend};
use app::backend::review;
use app::model::queue::{Holder, PageAt, QueueSort, QueueView};
use std::time::Instant;

async fn queue_at_scale(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let now = app.state.clock.now();
    // One statement each for 100,000 merchants and their applications, spread over four
    // statuses and many due dates.
    sqlx::query(
        "insert into users (email, password_hash, role, created_at, updated_at) \
         with recursive n(i) as (select 1 union all select i + 1 from n where i < 100000) \
         select 'scale' || i || '@example.com', 'x', 'merchant', $1, $1 from n",
    )
    .bind(now)
    .execute(app.server_db.pool())
    .await
    .unwrap();
    sqlx::query(
        "insert into applications (user_id, status, step, role, company_name, country, logo_color, submitted_at, due_at, created_at, updated_at) \
         select id, case id % 4 when 0 then 'approved' when 1 then 'rejected' when 2 then 'withdrawn' else 'in_review' end, \
           'review', 'technical_merchant', 'Company ' || id, 'SG', 0, $1 - id, $1 + (id % 5000) * 60, $1, $1 from users",
    )
    .bind(now)
    .execute(app.server_db.pool())
    .await
    .unwrap();
    let reviewer = app.reviewer("scale-reviewer@example.com").await;
    let in_review = QueueView::default();
    let mut timings = Vec::new();
    let started = Instant::now();
    let mut page = review::queue(&app.state, reviewer, &in_review, &PageAt::First)
        .await
        .unwrap();
    timings.push(("first page (with its count)", started.elapsed()));
    for _ in 0..50 {
        let next = PageAt::After(page.next.clone().unwrap());
        page = review::queue(&app.state, reviewer, &in_review, &next)
            .await
            .unwrap();
    }
    let started = Instant::now();
    let next = PageAt::After(page.next.clone().unwrap());
    review::queue(&app.state, reviewer, &in_review, &next)
        .await
        .unwrap();
    timings.push(("page 52", started.elapsed()));
    let started = Instant::now();
    review::queue(
        &app.state,
        reviewer,
        &in_review,
        &PageAt::Before(page.previous.clone().unwrap()),
    )
    .await
    .unwrap();
    timings.push(("a previous page", started.elapsed()));
    for (what, view) in [
        (
            "all statuses, newest submission first",
            QueueView {
                status: None,
                sort: QueueSort::SubmittedNewest,
                ..in_review.clone()
            },
        ),
        (
            "overdue only",
            QueueView {
                status: None,
                overdue: true,
                ..in_review.clone()
            },
        ),
        (
            "unassigned",
            QueueView {
                holder: Holder::Unassigned,
                ..in_review.clone()
            },
        ),
        (
            "search",
            QueueView {
                search: "company 9999".into(),
                ..in_review.clone()
            },
        ),
    ] {
        let started = Instant::now();
        review::queue(&app.state, reviewer, &view, &PageAt::First)
            .await
            .unwrap();
        timings.push((what, started.elapsed()));
    }
    for (what, took) in timings {
        println!(
            "{backend:?} queue with 100,000 applications, {what}: {:.1} ms",
            took.as_secs_f64() * 1000.0
        );
    }
}

mod at_scale {
    use super::*;
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    #[ignore = "a measurement; run with --ignored"]
    async fn queue_at_scale_on_sqlite() {
        queue_at_scale(Backend::Sqlite).await
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    #[ignore = "a measurement; run with --ignored"]
    async fn queue_at_scale_on_postgres() {
        queue_at_scale(Backend::Postgres).await
    }
}
