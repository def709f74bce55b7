//! `/metrics` for a Prometheus scraper with the token (and not at all
//! without one), and logs as JSON lines with `LOG_FORMAT=json`.

use crate::helpers::{spawn_app, spawn_app_with, Backend, TestDb};
use crate::on_both_backends;
use crate::process::ServerProcess;
use reqwest::StatusCode;

const TOKEN: &str = "scraper-token-0123456789abcdef";

async fn metrics_are_served_only_to_the_scraper_and_count_what_happened(backend: Backend) {
    let Some(app) = spawn_app_with(backend, &[("METRICS_TOKEN", TOKEN)]).await else {
        return;
    };
    // Something to count: a login refused, a page, a queued mail that is dead.
    app.login("nobody@example.com", "not a password of anyone")
        .await;
    app.get("/login").await;
    let now = app.state.clock.now();
    sqlx::query(
        "insert into outbox (recipient, subject, text_body, html_body, status, attempts, next_attempt_at, created_at) \
         values ('dead@example.com', 'x', 'x', 'x', 'dead', 8, $1, $1)",
    )
    .bind(now)
    .execute(app.server_db.pool())
    .await
    .unwrap();

    let client = reqwest::Client::new();
    let url = app.url("/metrics");
    let anonymous = client.get(&url).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let wrong = client
        .get(&url)
        .bearer_auth("scraper-token-0123456789abcdeX")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let scraped = client.get(&url).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(scraped.status(), StatusCode::OK);
    assert!(scraped.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    let body = scraped.text().await.unwrap();
    for expected in [
        r#"http_requests_total{route="/api/login",method="POST",status="400"}"#,
        r#"http_requests_total{route="/login",method="GET",status="200"}"#,
        r#"http_request_duration_seconds_bucket{route="/login",le="0.1"}"#,
        r#"queue_entries{queue="mail",status="dead"} 1"#,
        r#"work_slot_wait_seconds_count{pool="#,
    ] {
        assert!(body.contains(expected), "{expected} missing from:\n{body}");
    }
    // Raw paths never become series of their own.
    app.get("/no/such/page/12345").await;
    let again = client
        .get(&url)
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!again.contains("12345"), "{again}");
}
on_both_backends!(
    metrics_are_served_only_to_the_scraper_and_count_what_happened,
    metrics_are_served_only_to_the_scraper_and_count_what_happened
);

async fn without_a_token_there_is_no_metrics_endpoint(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let answer = reqwest::Client::new()
        .get(app.url("/metrics"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::NOT_FOUND);
}
on_both_backends!(
    without_a_token_there_is_no_metrics_endpoint,
    without_a_token_there_is_no_metrics_endpoint
);

async fn log_format_json_writes_one_json_object_per_line(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let server = ServerProcess::start(
        &db.url,
        &dir.path().join("mail"),
        &[("LOG_FORMAT", "json"), ("RUST_LOG", "info")],
    )
    .await;
    // A refused login logs at info, inside its request's span.
    reqwest::Client::new()
        .post(format!("{}/api/login", server.base))
        .header("accept", "application/json")
        .form(&[
            ("input[email]", "nobody@example.com"),
            ("input[password]", "not anyone's password"),
        ])
        .send()
        .await
        .unwrap();
    let logs = server.logs();
    // (A debug build also prints Leptos' own notice about its build settings.)
    assert!(
        !logs.lines().any(|l| l
            .get(..4)
            .is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit()))),
        "no line is in the text format: {logs}"
    );
    let lines: Vec<&str> = logs.lines().filter(|l| l.starts_with('{')).collect();
    assert!(lines.len() >= 2, "{logs}");
    for line in &lines {
        let parsed: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(
            parsed["level"].is_string() && parsed["fields"].is_object(),
            "{line}"
        );
    }
    assert!(
        lines
            .iter()
            .any(|l| l.contains("login failed") && l.contains("\"route\":\"/api/login\"")),
        "request spans carry the route: {logs}"
    );
}
on_both_backends!(
    log_format_json_writes_one_json_object_per_line,
    log_format_json_writes_one_json_object_per_line
);
