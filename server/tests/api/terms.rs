//! New Terms of Service: published from the command line, announced by
//! email, and accepted by each merchant before their work goes on; every
//! acceptance stays on record.

use crate::helpers::{decode_quoted_printable, spawn_app, Backend, TestApp, TestDb};
use crate::on_both_backends;
use app::backend::terms::{self, NewTerms};
use reqwest::StatusCode;
use serde_json::Value;

const NEW_VERSION: &str = "2027-01-15";

fn new_terms(version: &str) -> NewTerms {
    NewTerms {
        version: version.into(),
        title: "Terms of Service".into(),
        body: "## 1. Who these terms are for\nEveryone with an account.\n\n## 2. Changes\nWe tell you by email."
            .into(),
    }
}

fn accept_form(version: &str, agreed: bool, next: &str) -> Vec<(String, String)> {
    let mut form = vec![
        ("version".to_string(), version.to_string()),
        ("next".into(), next.into()),
    ];
    if agreed {
        form.push(("accept_terms".into(), "true".into()));
    }
    form
}

async fn consents_of(app: &TestApp, email: &str) -> Vec<String> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "select c.version from terms_consents c join users u on u.id = c.user_id \
         where u.email = $1 order by c.accepted_at, c.version",
    )
    .bind(email)
    .fetch_all(app.state.db.pool())
    .await
    .unwrap();
    rows.into_iter().map(|(v,)| v).collect()
}

async fn new_terms_are_accepted_at_the_next_request_before_work_goes_on(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let email = "terms@example.com";
    app.sign_up(email).await;
    let first_version = app.get("/api/terms").await.json::<Value>().await.unwrap()["version"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(consents_of(&app, email).await, vec![first_version.clone()]);
    assert_eq!(
        app.get("/api/my_application").await.status(),
        StatusCode::OK
    );
    let reviewer = app.reviewer_client("terms-reviewer@example.com").await;

    let told = terms::publish(
        &app.state.db,
        &new_terms(NEW_VERSION),
        &app.state.settings.public_url,
        app.state.clock.now(),
    )
    .await
    .unwrap();
    assert_eq!(told, 1, "every merchant, and only merchants, is told");
    let notice = app
        .mail_to(email)
        .await
        .into_iter()
        .find(|m| m.contains("Subject: Our Terms of Service have changed"))
        .map(|m| decode_quoted_printable(&m))
        .expect("a notice of the new terms");
    assert!(notice.contains(NEW_VERSION));
    assert!(notice.contains("/terms"));
    assert!(notice.contains("text/html"), "text and HTML");
    assert_eq!(
        app.get("/api/terms").await.json::<Value>().await.unwrap()["version"],
        NEW_VERSION
    );

    // The merchant's work waits; their account does not.
    let signed_in: Value = app.get("/api/signed_in").await.json().await.unwrap();
    assert_eq!(signed_in["terms_pending"], true);
    let waiting = app.get("/api/my_application").await;
    assert_eq!(waiting.status(), StatusCode::CONFLICT);
    assert!(waiting
        .text()
        .await
        .unwrap()
        .contains(app::i18n::Locale::En.texts().auth().terms_pending));
    assert_eq!(app.get("/api/my_devices").await.status(), StatusCode::OK);
    assert_eq!(app.get("/account/data.json").await.status(), StatusCode::OK);
    // Reviewers work on as before.
    let queue = reviewer
        .get(app.url("/api/review_queue?status=in_review&search="))
        .send()
        .await
        .unwrap();
    assert_eq!(queue.status(), StatusCode::OK);

    let unticked = app
        .call("accept_terms", &accept_form(NEW_VERSION, false, "/apply"))
        .await;
    assert_eq!(
        unticked.field_error("accept_terms").as_deref(),
        Some(app::i18n::Locale::En.texts().auth().must_accept_terms)
    );
    let stale = app
        .call("accept_terms", &accept_form(&first_version, true, "/apply"))
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(
        stale.body["Conflict"],
        app::i18n::Locale::En
            .texts()
            .auth()
            .terms_changed_while_reading
    );
    assert_eq!(
        consents_of(&app, email).await,
        vec![first_version.clone()],
        "nothing written"
    );

    let accepted = app
        .call(
            "accept_terms",
            &accept_form(NEW_VERSION, true, "//evil.example"),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);
    assert_eq!(accepted.body, "/apply", "only a local path is followed");
    assert_eq!(
        app.get("/api/my_application").await.status(),
        StatusCode::OK
    );
    let signed_in: Value = app.get("/api/signed_in").await.json().await.unwrap();
    assert_eq!(signed_in["terms_pending"], false);
    assert_eq!(
        consents_of(&app, email).await,
        vec![first_version, NEW_VERSION.to_owned()],
        "every acceptance stays on record"
    );
    let export: Value = app.get("/account/data.json").await.json().await.unwrap();
    assert_eq!(export["terms_of_service_consent"]["version"], NEW_VERSION);
    assert_eq!(
        export["terms_of_service_consents"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // Accepting again changes nothing.
    let again = app
        .call("accept_terms", &accept_form(NEW_VERSION, true, ""))
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(consents_of(&app, email).await.len(), 2);

    // Someone signing up now accepts the new terms with their account.
    app.logout().await;
    app.sign_up("after@example.com").await;
    let signed_in: Value = app.get("/api/signed_in").await.json().await.unwrap();
    assert_eq!(signed_in["terms_pending"], false);
    assert_eq!(
        consents_of(&app, "after@example.com").await,
        vec![NEW_VERSION.to_owned()]
    );
}
on_both_backends!(
    new_terms_are_accepted_at_the_next_request_before_work_goes_on,
    new_terms_are_accepted_at_the_next_request_before_work_goes_on
);

async fn the_command_line_publishes_terms_and_refuses_bad_ones(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("terms.md");
    std::fs::write(&text, new_terms(NEW_VERSION).body).unwrap();
    let publish = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .arg("publish-terms")
            .args(args)
            .env("DATABASE_URL", &db.url)
            .env("RUST_LOG", "warn")
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let file = text.to_str().unwrap();

    let done = publish(&["--version", NEW_VERSION, "--file", file]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(String::from_utf8_lossy(&done.stdout)
        .contains(&format!("Published Terms of Service version {NEW_VERSION}")));

    let empty = dir.path().join("empty.md");
    std::fs::write(&empty, "  \n").unwrap();
    for (args, expected) in [
        (
            vec!["--version", NEW_VERSION, "--file", file],
            "already published",
        ),
        (
            vec!["--version", "next version", "--file", file],
            "letters, digits",
        ),
        (
            vec!["--version", "2027-02-01", "--file", empty.to_str().unwrap()],
            "non-empty",
        ),
        (
            vec!["--version", "2027-02-01", "--file", "missing.md"],
            "cannot read",
        ),
        (vec!["--version", "2027-02-01"], "needs --file"),
    ] {
        let refused = publish(&args);
        assert!(!refused.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&refused.stderr);
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    let pool = app::backend::Db::connect(&db.url).await.unwrap();
    let (versions,): (i64,) = sqlx::query_as("select count(*) from terms_versions")
        .fetch_one(pool.pool())
        .await
        .unwrap();
    assert_eq!(
        versions, 3,
        "the two seeded versions and one published; refusals wrote nothing"
    );
}
on_both_backends!(
    the_command_line_publishes_terms_and_refuses_bad_ones,
    the_command_line_publishes_terms_and_refuses_bad_ones
);
