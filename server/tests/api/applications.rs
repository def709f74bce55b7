use crate::helpers::{spawn_app, Backend, TestApp, PASSWORD};
use crate::on_both_backends;
use app::backend::terms::{self, NewTerms};
use reqwest::StatusCode;

fn details(company: &str) -> Vec<(String, String)> {
    vec![
        ("input[details][company_name]".into(), company.into()),
        ("input[details][country]".into(), "SG".into()),
        ("input[details][address]".into(), "1 Raffles Place".into()),
        (
            "input[details][website]".into(),
            "https://acme.example".into(),
        ),
        (
            "input[details][contact_number]".into(),
            "+65 6123 4567".into(),
        ),
        (
            "input[details][contact_email]".into(),
            "Sales@Acme.example".into(),
        ),
    ]
}

fn draft_form(
    version: i64,
    step: &str,
    role: bool,
    fields: Vec<(String, String)>,
) -> Vec<(String, String)> {
    let mut form = vec![
        ("input[version]".into(), version.to_string()),
        ("input[step]".into(), step.into()),
        ("input[role_selected]".into(), role.to_string()),
    ];
    form.extend(fields);
    form
}

impl TestApp {
    async fn my_application(&self) -> serde_json::Value {
        self.get("/api/my_application").await.json().await.unwrap()
    }

    async fn save(&self, form: Vec<(String, String)>) -> crate::helpers::Answer {
        self.call("save_draft", &form).await
    }

    async fn submit(&self, version: i64) -> crate::helpers::Answer {
        self.call(
            "submit_application",
            &[("version".into(), version.to_string())],
        )
        .await
    }

    /// A merchant with a complete draft at the review step; returns its version.
    async fn complete_draft(&self, email: &str, company: &str) -> i64 {
        self.sign_up(email).await;
        let saved = self
            .save(draft_form(0, "review", true, details(company)))
            .await;
        assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
        saved.body["version"].as_i64().unwrap()
    }
}

async fn a_draft_is_saved_and_resumed_with_every_value_and_step(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.sign_up("draft@example.com").await;
    let empty = app.my_application().await;
    assert_eq!(empty["Draft"]["version"], 0);
    assert_eq!(empty["Draft"]["step"], "role");

    let first = app
        .save(draft_form(
            0,
            "details",
            true,
            details("Half Done <b>Ltd</b>"),
        ))
        .await;
    assert_eq!(first.body["version"], 1);
    let first_color = first.body["logo_color"].as_u64().unwrap();
    // Another browser (a new session) sees the same draft at the same step.
    app.logout().await;
    app.login("draft@example.com", crate::helpers::PASSWORD)
        .await;
    let resumed = app.my_application().await;
    assert_eq!(resumed["Draft"]["step"], "details");
    assert_eq!(resumed["Draft"]["role_selected"], true);
    assert_eq!(
        resumed["Draft"]["details"]["company_name"],
        "Half Done <b>Ltd</b>"
    );
    assert_eq!(
        resumed["Draft"]["details"]["contact_number"], "+65 6123 4567",
        "drafts keep values as typed"
    );
    let color = resumed["Draft"]["logo_color"].as_u64().unwrap();
    assert!(color < 12);
    assert_eq!(color, first_color, "the save reports the colour it chose");

    // An older tab cannot overwrite the newer draft.
    let second = app
        .save(draft_form(1, "details", true, details("Newer")))
        .await;
    assert_eq!(second.body["version"], 2);
    let stale = app
        .save(draft_form(1, "details", true, details("Older tab")))
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.body["Conflict"]
        .as_str()
        .unwrap()
        .contains("another tab"));
    let now = app.my_application().await;
    assert_eq!(now["Draft"]["details"]["company_name"], "Newer");
    assert_eq!(
        now["Draft"]["logo_color"].as_u64().unwrap(),
        color,
        "the colour is chosen once"
    );
}
on_both_backends!(
    a_draft_is_saved_and_resumed_with_every_value_and_step,
    a_draft_is_saved_and_resumed_with_every_value_and_step
);

async fn steps_cannot_be_skipped_and_bad_details_stop_the_review(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.sign_up("skip@example.com").await;
    let no_role = app.save(draft_form(0, "details", false, vec![])).await;
    assert_eq!(no_role.status, StatusCode::BAD_REQUEST);
    assert!(no_role.field_error("role").is_some());

    let mut bad = details("X");
    bad[3].1 = "javascript:alert(1)".into();
    let review = app.save(draft_form(0, "review", true, bad)).await;
    assert_eq!(review.status, StatusCode::BAD_REQUEST);
    assert!(review.field_error("company_name").is_some());
    assert!(review.field_error("website").is_some());

    let mut nul = details("Nul");
    nul[2].1 = "a\0b".into();
    assert_eq!(
        app.save(draft_form(0, "details", true, nul)).await.status,
        StatusCode::BAD_REQUEST
    );
    let mut extra = draft_form(0, "details", true, details("Extra"));
    extra.push(("input[status]".into(), "approved".into()));
    assert_eq!(
        app.save(extra).await.status,
        StatusCode::BAD_REQUEST,
        "unknown fields are refused"
    );
    assert_eq!(
        app.my_application().await["Draft"]["version"],
        0,
        "nothing was written"
    );

    // Submitting an incomplete draft is refused with the fields to fix.
    let saved = app.save(draft_form(0, "role", false, vec![])).await;
    let incomplete = app.submit(saved.body["version"].as_i64().unwrap()).await;
    assert_eq!(incomplete.status, StatusCode::BAD_REQUEST);
    assert!(incomplete.field_error("role").is_some());
    assert!(incomplete.field_error("company_name").is_some());
}
on_both_backends!(
    steps_cannot_be_skipped_and_bad_details_stop_the_review,
    steps_cannot_be_skipped_and_bad_details_stop_the_review
);

async fn submitting_normalises_records_dates_and_mails_the_merchant(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let version = app
        .complete_draft("submit@example.com", "  Acme <script>  ")
        .await;
    let submitted = app.submit(version).await;
    assert_eq!(submitted.status, StatusCode::OK, "{:?}", submitted.body);
    let s = &submitted.body;
    assert_eq!(s["status"], "in_review");
    assert_eq!(s["details"]["company_name"], "Acme <script>");
    assert_eq!(s["details"]["contact_number"], "+6561234567");
    assert_eq!(s["details"]["contact_email"], "sales@acme.example");
    let submitted_at = s["submitted_at"].as_i64().unwrap();
    assert_eq!(
        s["due_at"].as_i64().unwrap(),
        app::domain::application::due_at(submitted_at, app::domain::application::utc)
    );
    assert_eq!(app.my_application().await["Submitted"]["id"], s["id"]);

    let mail = app.mail_to("submit@example.com").await;
    let received = mail
        .iter()
        .find(|m| m.contains("We received your workspace application"))
        .expect("received mail");
    assert!(
        received.contains("Acme &lt;script&gt;"),
        "HTML part escapes the name"
    );

    // Submitting again (a retry) answers the same, and a draft can no longer be saved.
    assert_eq!(app.submit(version).await.body["id"], s["id"]);
    assert_eq!(
        app.save(draft_form(version + 1, "review", true, details("Late")))
            .await
            .status,
        StatusCode::CONFLICT
    );
}
on_both_backends!(
    submitting_normalises_records_dates_and_mails_the_merchant,
    submitting_normalises_records_dates_and_mails_the_merchant
);

async fn a_hundred_concurrent_submits_make_one_submission_and_one_mail(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let version = app.complete_draft("burst@example.com", "Burst Co").await;
    let mut attempts = tokio::task::JoinSet::new();
    for _ in 0..100 {
        let (client, url) = (app.client.clone(), app.url("/api/submit_application"));
        attempts.spawn(async move {
            let response = client
                .post(url)
                .form(&[("version", version.to_string())])
                .send()
                .await
                .unwrap();
            let status = response.status();
            let body: serde_json::Value = response.json().await.unwrap();
            (status, body["id"].as_i64())
        });
    }
    let results = attempts.join_all().await;
    assert!(
        results.iter().all(|(s, _)| *s == StatusCode::OK),
        "{results:?}"
    );
    let ids: std::collections::HashSet<_> = results.iter().map(|(_, id)| *id).collect();
    assert_eq!(ids.len(), 1, "every answer names the same submission");

    let count = |sql: &'static str| {
        let pool = app.server_db.clone();
        async move {
            let (n,): (i64,) = sqlx::query_as(sql).fetch_one(pool.pool()).await.unwrap();
            n
        }
    };
    assert_eq!(
        count("select count(*) from applications where status = 'in_review'").await,
        1
    );
    assert_eq!(
        count("select count(*) from application_events where kind = 'submitted'").await,
        1
    );
    assert_eq!(
        count(
            "select count(*) from outbox where subject = 'We received your workspace application'"
        )
        .await,
        1
    );
}
on_both_backends!(
    a_hundred_concurrent_submits_make_one_submission_and_one_mail,
    a_hundred_concurrent_submits_make_one_submission_and_one_mail
);

async fn withdrawing_returns_the_answers_as_a_new_draft(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let version = app
        .complete_draft("withdraw@example.com", "Withdraw Co")
        .await;
    let id = app.submit(version).await.body["id"].as_i64().unwrap();
    let form = [("id".to_string(), id.to_string())];
    assert_eq!(
        app.call("withdraw_application", &form).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.call("withdraw_application", &form).await.status,
        StatusCode::OK,
        "a retried withdrawal changes nothing"
    );
    let draft = app.my_application().await;
    assert_eq!(draft["Draft"]["details"]["company_name"], "Withdraw Co");
    assert_eq!(draft["Draft"]["step"], "review");
    let (status, previous): (String, Option<i64>) =
        sqlx::query_as("select status, previous_id from applications order by id desc limit 1")
            .fetch_one(app.server_db.pool())
            .await
            .unwrap();
    assert_eq!((status.as_str(), previous), ("draft", Some(id)));

    // Resubmitting the draft records a resubmission.
    let version = draft["Draft"]["version"].as_i64().unwrap();
    assert_eq!(app.submit(version).await.status, StatusCode::OK);
    let (kinds,): (i64,) =
        sqlx::query_as("select count(*) from application_events where kind = 'resubmitted'")
            .fetch_one(app.server_db.pool())
            .await
            .unwrap();
    assert_eq!(kinds, 1);
}
on_both_backends!(
    withdrawing_returns_the_answers_as_a_new_draft,
    withdrawing_returns_the_answers_as_a_new_draft
);

async fn applications_belong_to_their_merchant_only(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let version = app.complete_draft("owner@example.com", "Owner Co").await;
    let id = app.submit(version).await.body["id"].as_i64().unwrap();
    app.logout().await;

    // Anonymous: every application function is refused.
    assert_eq!(
        app.get("/api/my_application").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.save(draft_form(0, "role", false, vec![])).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(app.submit(1).await.status, StatusCode::UNAUTHORIZED);

    // Another merchant cannot withdraw it, nor see it.
    app.sign_up("intruder@example.com").await;
    let theirs = app
        .call("withdraw_application", &[("id".into(), id.to_string())])
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    assert_eq!(app.my_application().await["Draft"]["version"], 0);

    // A reviewer cannot apply.
    let hash =
        app::backend::passwords::hash(app::domain::Password::parse("reviewer password 1").unwrap())
            .await
            .unwrap();
    app::backend::users::upsert_reviewer(
        &app.server_db,
        &app::domain::Email::parse("rev@example.com").unwrap(),
        &hash,
    )
    .await
    .unwrap();
    app.logout().await;
    app.login("rev@example.com", "reviewer password 1").await;
    assert_eq!(
        app.get("/api/my_application").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.save(draft_form(0, "role", false, vec![])).await.status,
        StatusCode::FORBIDDEN
    );
}
on_both_backends!(
    applications_belong_to_their_merchant_only,
    applications_belong_to_their_merchant_only
);

async fn business_days_are_counted_in_the_business_time_zone(backend: Backend) {
    let Some(app) =
        crate::helpers::spawn_app_with(backend, &[("BUSINESS_TZ", "Asia/Shanghai")]).await
    else {
        return;
    };
    // Friday 27 November 2026, 23:00 UTC: already Saturday 07:00 in Shanghai.
    let friday_late = 1_795_428_000 + 4 * 86_400 + 13 * 3600;
    app.state.clock.advance(friday_late - app.state.clock.now());
    let id = app.submitted("tz@example.com", "Shanghai Co").await;
    let (submitted_at, due_at): (i64, i64) =
        sqlx::query_as("select submitted_at, due_at from applications where id = $1")
            .bind(id)
            .fetch_one(app.server_db.pool())
            .await
            .unwrap();
    // The clock runs on: the submission is a few seconds after Friday 23:00.
    assert!((friday_late..friday_late + 60).contains(&submitted_at));
    // Two business days in Shanghai: Monday and Tuesday, due Tuesday 07:00
    // there (Monday 23:00 UTC); counted in UTC it would be a day later.
    assert_eq!(due_at, submitted_at + 3 * 86_400);
    let metrics = app
        .reviewer_client("tz-reviewer@example.com")
        .await
        .get(app.url("/api/review_metrics?days=7"))
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(metrics["business_time_zone"], "Asia/Shanghai");
}
on_both_backends!(
    business_days_are_counted_in_the_business_time_zone,
    business_days_are_counted_in_the_business_time_zone
);

async fn the_received_mail_gives_the_due_date_on_the_merchants_clock(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    // Monday 30 November 2026, 23:00 UTC: due Wednesday 23:00 UTC, which in
    // Shanghai is already Thursday 07:00.
    let monday_late = 1_795_428_000 + 7 * 86_400 + 13 * 3600;
    app.state.clock.advance(monday_late - app.state.clock.now());
    // The browser's zone comes with the signup (its `tz` cookie) and is kept.
    let email = "clock@example.com";
    assert_eq!(app.send_code(email).await.status, StatusCode::OK);
    let code = app.code_for(email).await;
    let created = app
        .client
        .post(app.url("/api/signup"))
        .header("accept", "application/json")
        .header("cookie", "tz=Asia%2FShanghai")
        .form(&crate::helpers::signup_form(
            email,
            &code,
            crate::helpers::PASSWORD,
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::OK);
    let (zone,): (Option<String>,) = sqlx::query_as("select time_zone from users where email = $1")
        .bind(email)
        .fetch_one(app.server_db.pool())
        .await
        .unwrap();
    assert_eq!(zone.as_deref(), Some("Asia/Shanghai"));
    let saved = app
        .call(
            "save_draft",
            &[
                ("input[version]".into(), "0".into()),
                ("input[step]".into(), "review".into()),
                ("input[role_selected]".into(), "true".into()),
                ("input[details][company_name]".into(), "Clock Co".into()),
                ("input[details][country]".into(), "SG".into()),
            ],
        )
        .await;
    let version = saved.body["version"].to_string();
    let submitted = app
        .call("submit_application", &[("version".into(), version)])
        .await;
    assert_eq!(submitted.status, StatusCode::OK);
    let mails = app.mail_to(email).await;
    let received = crate::helpers::decode_quoted_printable(
        mails
            .iter()
            .find(|m| m.contains("We received your workspace application"))
            .unwrap(),
    );
    assert!(
        received.contains("A reviewer will decide by 3 December 2026, 07:00 GMT+8."),
        "{received}"
    );
    // A zone that does not exist is refused and changes nothing.
    let wrong = app
        .call(
            "save_time_zone",
            &[("time_zone".into(), "Mars/Olympus".into())],
        )
        .await;
    assert!(wrong.field_error("time_zone").is_some());
    let moved = app
        .call(
            "save_time_zone",
            &[("time_zone".into(), "Europe/Berlin".into())],
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK);
    let (zone,): (Option<String>,) = sqlx::query_as("select time_zone from users where email = $1")
        .bind(email)
        .fetch_one(app.server_db.pool())
        .await
        .unwrap();
    assert_eq!(zone.as_deref(), Some("Europe/Berlin"));
}
on_both_backends!(
    the_received_mail_gives_the_due_date_on_the_merchants_clock,
    the_received_mail_gives_the_due_date_on_the_merchants_clock
);

/// An autosave checks the session in the statement that saves (one round
/// trip): whatever would end the session or hold the merchant's work back
/// refuses the save there too, changes nothing, and gets the same answer as
/// on the full path.
async fn a_save_checks_the_session_in_the_statement_that_saves_it(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let email = "one-statement@example.com";
    app.merchant_with_draft(email).await;
    let db = app.server_db.pool();
    let exec = |sql: &'static str| async move {
        sqlx::query(sql).bind(email).execute(db).await.unwrap();
    };
    // One number about the merchant, read straight from the database.
    let read = |sql: &'static str| async move {
        let (value,): (i64,) = sqlx::query_as(sql).bind(email).fetch_one(db).await.unwrap();
        value
    };
    let version = || {
        read("select a.version from applications a join users u on u.id = a.user_id where u.email = $1")
    };
    let mut expected = 1;
    let save_next = |version: i64| app.save(draft_form(version, "details", true, details("Acme")));

    // Each way a session ends: the save is refused as for a logged-out client.
    let ends: [&'static str; 4] = [
        "delete from account_sessions where user_id = (select id from users where email = $1)",
        "update users set session_epoch = session_epoch + 1 where email = $1",
        "update users set disabled_at = 1 where email = $1",
        "update account_sessions set created_at = created_at - 31 * 24 * 3600 \
           where user_id = (select id from users where email = $1)",
    ];
    for end in ends {
        let saved = save_next(expected).await;
        assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
        expected += 1;
        exec(end).await;
        let refused = save_next(expected).await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "after `{end}`");
        exec("update users set disabled_at = null where email = $1").await;
        let again = app.login(email, PASSWORD).await;
        assert_eq!(again.status, StatusCode::OK, "{:?}", again.body);
        assert_eq!(version().await, expected, "after `{end}` nothing was saved");
    }

    // A stale version is still told apart from an ended session.
    let stale = save_next(expected - 1).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(version().await, expected);

    // A session not seen for over a minute saves, and is noted as seen.
    app.state.clock.advance(120);
    let before = app.state.clock.now();
    let saved = save_next(expected).await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    expected += 1;
    let seen = read(
        "select max(s.seen_at) from account_sessions s join users u on u.id = s.user_id where u.email = $1",
    )
    .await;
    // (The clock runs meanwhile: a second may tick during the save.)
    assert!((before..=app.state.clock.now()).contains(&seen), "{seen}");

    // A reviewer's session saves no draft, even one at a real version.
    let reviewer = app
        .reviewer_client("one-statement-reviewer@example.com")
        .await;
    let form = draft_form(expected, "details", true, details("Acme"));
    let forbidden = app.call_with(&reviewer, "save_draft", &form).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);

    // New terms hold the work back until they are accepted.
    terms::publish(
        &app.state.db,
        &NewTerms {
            version: "one-statement-terms".into(),
            title: "Terms of Service".into(),
            body: "## 1. Changes\nWe tell you by email.".into(),
        },
        &app.state.settings.public_url,
        app.state.clock.now(),
    )
    .await
    .unwrap();
    let held = save_next(expected).await;
    assert_eq!(held.status, StatusCode::CONFLICT);
    assert!(held
        .body
        .to_string()
        .contains(app::i18n::Locale::En.texts().auth().terms_pending));
    assert_eq!(version().await, expected);
}
on_both_backends!(
    a_save_checks_the_session_in_the_statement_that_saves_it,
    a_save_checks_the_session_in_the_statement_that_saves_it
);
