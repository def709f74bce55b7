use crate::helpers::{spawn_app, Backend, TestDb};
use crate::on_both_backends;
use reqwest::StatusCode;

async fn health_and_readiness_probes_answer(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };

    let health = app.get("/healthz").await;
    assert_eq!(health.status(), StatusCode::OK);
    assert_eq!(health.text().await.unwrap(), "ok");

    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), StatusCode::OK);
    assert_eq!(ready.text().await.unwrap(), "ready");
}
on_both_backends!(
    health_and_readiness_probes_answer,
    health_and_readiness_probes_answer
);

async fn readiness_fails_closed_when_the_database_is_gone(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);

    // Closing the server's own pool makes every query fail, as an unreachable database would.
    app.server_db.close().await;
    let status = app.get("/readyz").await.status();
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
}
on_both_backends!(
    readiness_fails_closed_when_the_database_is_gone,
    readiness_fails_closed_when_the_database_is_gone
);

async fn migrations_apply_once_and_a_second_start_changes_nothing(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let first = app::backend::Db::connect(&db.url).await.unwrap();
    first.migrate().await.unwrap();
    let count = |db: app::backend::Db| async move {
        let (n,): (i64,) = sqlx::query_as("select count(*) from _sqlx_migrations")
            .fetch_one(db.pool())
            .await
            .unwrap();
        n
    };
    let applied = count(first.clone()).await;
    assert!(
        applied >= 2,
        "expected the foundation migrations, found {applied}"
    );

    let second = app::backend::Db::connect(&db.url).await.unwrap();
    second.migrate().await.unwrap();
    assert_eq!(count(second.clone()).await, applied);
    let (terms,): (i64,) = sqlx::query_as("select count(*) from terms_versions")
        .fetch_one(second.pool())
        .await
        .unwrap();
    assert_eq!(
        terms, 2,
        "the first terms and the ones that match the product"
    );
}
on_both_backends!(
    migrations_apply_once_and_a_second_start_changes_nothing,
    migrations_apply_once_and_a_second_start_changes_nothing
);

async fn the_terms_page_is_rendered_from_the_database(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };

    let api = app.get("/api/terms").await;
    assert_eq!(api.status(), StatusCode::OK);
    let terms: serde_json::Value = api.json().await.unwrap();
    assert_eq!(terms["version"], "2026-11-26");
    assert_eq!(terms["title"], "Terms of Service");

    let page = app.get("/terms").await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Version 2026-11-26"),
        "SSR shows the stored version"
    );
    assert!(html.contains("Who these terms are for"));
}
on_both_backends!(
    the_terms_page_is_rendered_from_the_database,
    the_terms_page_is_rendered_from_the_database
);

#[tokio::test]
async fn every_route_renders_and_unknown_paths_get_a_404_page() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    for (path, text) in [
        ("/", "Get started in three steps"),
        ("/signup", "I have read and agree to the"),
        ("/login", "Log In"),
        ("/terms", "Terms of Service"),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let html = response.text().await.unwrap();
        assert!(
            html.contains("Mini Program Platform"),
            "{path} has the header"
        );
        assert!(html.contains(text), "{path} shows {text:?}");
    }
    let missing = app.get("/no/such/page").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(missing.text().await.unwrap().contains("Page not found"));
}

#[tokio::test]
async fn pages_carry_security_headers_and_a_nonce_based_policy() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let page = app.get("/").await;
    let headers = page.headers().clone();
    let csp = headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("frame-ancestors 'none'"));
    assert!(
        !csp.contains("ws:"),
        "the development reload socket is allowed only under cargo leptos watch: {csp}"
    );
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap()
        .to_owned();
    assert!(nonce.len() >= 16);
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(
        headers["referrer-policy"],
        "strict-origin-when-cross-origin"
    );
    assert!(headers.get("x-request-id").is_some());
    assert!(
        headers.get("strict-transport-security").is_none(),
        "no HSTS over plain HTTP"
    );
    let html = page.text().await.unwrap();
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the nonce"
    );

    let other = app.get("/healthz").await;
    assert_eq!(
        other.headers()["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'"
    );
}

#[tokio::test]
async fn cross_site_posts_are_refused_and_same_origin_ones_pass() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let cross = app
        .client
        .post(app.url("/api/terms"))
        .header("sec-fetch-site", "cross-site")
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);

    // The terms function is GET-only: a same-origin POST passes the CSRF check and is refused by method.
    let same = app
        .client
        .post(app.url("/api/terms"))
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(same.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn an_oversized_body_is_refused_before_it_is_read() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    assert_eq!(
        app.status_for_announced_body("/api/signup", 50 * 1024 * 1024)
            .await,
        413
    );
}

#[tokio::test]
async fn a_client_cannot_choose_the_request_id_in_our_logs() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let answer = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "forged-by-the-client")
        .send()
        .await
        .unwrap();
    let id = answer.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_ne!(id, "forged-by-the-client");
    assert_eq!(id.len(), 36, "a UUID of ours: {id}");
}

#[tokio::test]
async fn a_panicking_handler_answers_500_with_a_reference() {
    use tower::ServiceExt;
    server::telemetry::init();
    let router = axum::Router::new()
        .route(
            "/boom",
            axum::routing::get(|| async {
                panic!("boom");
                #[allow(unreachable_code)]
                ""
            }),
        )
        .layer(server::middleware::catch_panics());
    let request = axum::http::Request::get("/boom")
        .body(axum::body::Body::empty())
        .unwrap();
    let answer = router.oneshot(request).await.unwrap();
    assert_eq!(answer.status(), 500);
    let body = http_body_util::BodyExt::collect(answer.into_body())
        .await
        .unwrap()
        .to_bytes();
    let text = String::from_utf8_lossy(&body);
    assert!(text.contains("reference"), "{text}");
    assert!(
        !text.contains("boom"),
        "no panic text reaches the user: {text}"
    );
}
