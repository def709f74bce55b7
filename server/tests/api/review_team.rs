//! Reviewer operations: releasing and taking over claims (in the audit
//! trail), internal notes the merchant never sees, and disabling a reviewer
//! from the command line.

use crate::helpers::{spawn_app, Backend, TestApp, PASSWORD, REVIEWER_PASSWORD};
use crate::on_both_backends;
use reqwest::StatusCode;

/// The kinds in the application's audit trail, oldest first.
async fn trail(app: &TestApp, id: i64) -> Vec<String> {
    let rows: Vec<(String,)> =
        sqlx::query_as("select kind from application_events where application_id = $1 order by id")
            .bind(id)
            .fetch_all(app.server_db.pool())
            .await
            .unwrap();
    rows.into_iter().map(|(kind,)| kind).collect()
}

async fn assignee(app: &TestApp, id: i64) -> Option<i64> {
    let (assigned_to,): (Option<i64>,) =
        sqlx::query_as("select assigned_to from applications where id = $1")
            .bind(id)
            .fetch_one(app.server_db.pool())
            .await
            .unwrap();
    assigned_to
}

async fn a_claim_is_released_by_its_holder_and_a_take_over_is_recorded(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let id = app.submitted("claims@example.com", "Claims Ltd").await;
    let alice = app.reviewer_client("alice@example.com").await;
    let bob = app.reviewer_client("bob@example.com").await;
    let id_text = id.to_string();
    let take = |take_over: &'static str| [("id", id_text.as_str()), ("take_over", take_over)];

    let claimed = app
        .as_reviewer(&alice, "assign_to_me", &take("false"))
        .await;
    assert_eq!(claimed.status, StatusCode::OK, "{:?}", claimed.body);
    // Bob can neither release Alice's claim nor take it silently.
    let refused = app
        .as_reviewer(&bob, "release_assignment", &[("id", &id_text)])
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused
            .body
            .to_string()
            .contains("alice@example.com is reviewing this application"),
        "{:?}",
        refused.body
    );
    assert_eq!(
        app.as_reviewer(&bob, "assign_to_me", &take("false"))
            .await
            .status,
        StatusCode::CONFLICT
    );
    let taken = app.as_reviewer(&bob, "assign_to_me", &take("true")).await;
    assert_eq!(taken.status, StatusCode::OK);
    // (Not `app.reviewer`, which resets the password and so ends Bob's session.)
    let (bob_id,): (i64,) = sqlx::query_as("select id from users where email = 'bob@example.com'")
        .fetch_one(app.server_db.pool())
        .await
        .unwrap();
    assert_eq!(assignee(&app, id).await, Some(bob_id));

    let released = app
        .as_reviewer(&bob, "release_assignment", &[("id", &id_text)])
        .await;
    assert_eq!(released.status, StatusCode::OK);
    assert_eq!(assignee(&app, id).await, None);
    // Releasing what nobody holds changes nothing.
    let again = app
        .as_reviewer(&bob, "release_assignment", &[("id", &id_text)])
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(
        trail(&app, id).await,
        ["submitted", "assigned", "taken_over", "released"]
    );
    // The reviewer's page shows the trail with who did what.
    let detail = app
        .json_with(&bob, &format!("/api/review_detail?id={id}"))
        .await;
    let events: Vec<(String, String)> = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_owned(),
                e["actor"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert!(events.contains(&("taken_over".into(), "bob@example.com".into())));
    assert!(events.contains(&("released".into(), "bob@example.com".into())));

    // A decided application cannot be released.
    app.as_reviewer(&bob, "assign_to_me", &take("false")).await;
    assert_eq!(
        app.as_reviewer(&bob, "approve", &[("id", &id_text)])
            .await
            .status,
        StatusCode::OK
    );
    let decided = app
        .as_reviewer(&bob, "release_assignment", &[("id", &id_text)])
        .await;
    assert_eq!(decided.status, StatusCode::CONFLICT);
    assert!(decided.body.to_string().contains("already approved"));
}
on_both_backends!(
    a_claim_is_released_by_its_holder_and_a_take_over_is_recorded,
    a_claim_is_released_by_its_holder_and_a_take_over_is_recorded
);

async fn internal_notes_stay_with_reviewers_and_go_with_the_merchants_account(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let id = app.submitted("noted@example.com", "Noted Goods").await;
    let alice = app.reviewer_client("alice@example.com").await;
    let id_text = id.to_string();
    let note = "Called +65 6123 4567: the director confirmed the website.\nSecret reviewer remark.";

    let empty = app
        .as_reviewer(&alice, "add_note", &[("id", &id_text), ("note", "   ")])
        .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        empty.field_error("note").as_deref(),
        Some("Write the note first.")
    );
    let long = "x".repeat(2001);
    let too_long = app
        .as_reviewer(&alice, "add_note", &[("id", &id_text), ("note", &long)])
        .await;
    assert_eq!(too_long.status, StatusCode::BAD_REQUEST);
    let unknown = app
        .as_reviewer(&alice, "add_note", &[("id", "999999"), ("note", "hello")])
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let added = app
        .as_reviewer(&alice, "add_note", &[("id", &id_text), ("note", note)])
        .await;
    assert_eq!(added.status, StatusCode::OK, "{:?}", added.body);
    assert_eq!(trail(&app, id).await, ["submitted", "note_added"]);

    let detail = app
        .json_with(&alice, &format!("/api/review_detail?id={id}"))
        .await;
    assert_eq!(detail["notes"][0]["body"], note);
    assert_eq!(detail["notes"][0]["author"], "alice@example.com");

    // The merchant sees none of it: not their status page, not their data.
    let mine = app.get("/api/my_application").await.text().await.unwrap();
    assert!(!mine.contains("Secret reviewer remark"), "{mine}");
    let data = app.get("/account/data.json").await.text().await.unwrap();
    assert!(
        data.contains("Noted Goods"),
        "the download has the application"
    );
    assert!(!data.contains("Secret reviewer remark"), "{data}");
    assert!(
        !data.contains("note_added"),
        "reviewers' own steps stay out: {data}"
    );
    // A merchant cannot write one either.
    let merchant_note = app
        .call(
            "add_note",
            &[("id".into(), id_text.clone()), ("note".into(), "hi".into())],
        )
        .await;
    assert_eq!(merchant_note.status, StatusCode::FORBIDDEN);

    // Deleting the account erases the notes about it.
    let deleted = app
        .call("delete_account", &[("password".into(), PASSWORD.into())])
        .await;
    assert_eq!(deleted.status, StatusCode::OK, "{:?}", deleted.body);
    let (left,): (i64,) = sqlx::query_as("select count(*) from application_notes")
        .fetch_one(app.server_db.pool())
        .await
        .unwrap();
    assert_eq!(left, 0);
}
on_both_backends!(
    internal_notes_stay_with_reviewers_and_go_with_the_merchants_account,
    internal_notes_stay_with_reviewers_and_go_with_the_merchants_account
);

async fn a_disabled_reviewer_is_logged_out_cannot_log_in_and_releases_their_claims(
    backend: Backend,
) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let id = app.submitted("held@example.com", "Held Co").await;
    let carol = app.reviewer_client("carol@example.com").await;
    let id_text = id.to_string();
    app.as_reviewer(
        &carol,
        "assign_to_me",
        &[("id", &id_text), ("take_over", "false")],
    )
    .await;

    let disabled = server::cli::reviewers_set_disabled(&app.server_db, "Carol@Example.com", true)
        .await
        .unwrap();
    assert!(
        disabled
            .contains("Disabled reviewer carol@example.com: 1 session(s) ended, 1 application(s)"),
        "{disabled}"
    );
    // Her open session ends at its next request.
    let me: serde_json::Value = carol
        .get(app.url("/api/current_user"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(me.is_null(), "{me}");
    let queue = carol
        .get(app.url("/api/review_queue?status=in_review&search="))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(queue.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(assignee(&app, id).await, None);
    assert_eq!(
        trail(&app, id).await,
        ["submitted", "assigned", "unassigned_disabled"]
    );

    // Only the right password learns that the account is disabled.
    let right = app.login("carol@example.com", REVIEWER_PASSWORD).await;
    assert_eq!(right.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        right.field_error("form").as_deref(),
        Some(app::i18n::Locale::En.texts().auth().account_disabled)
    );
    let wrong = app
        .login("carol@example.com", "not her password at all")
        .await;
    assert_eq!(
        wrong.field_error("form").as_deref(),
        Some(app::i18n::Locale::En.texts().auth().wrong_login)
    );
    // No reset link either (the answer is the usual neutral one).
    let reset = app
        .call(
            "request_password_reset",
            &[("email".into(), "carol@example.com".into())],
        )
        .await;
    assert_eq!(reset.status, StatusCode::OK);
    assert!(app.mail_to("carol@example.com").await.is_empty());

    assert_eq!(
        server::cli::reviewers_set_disabled(&app.server_db, "carol@example.com", true)
            .await
            .unwrap(),
        "Reviewer carol@example.com is already disabled."
    );
    assert!(
        server::cli::reviewers_set_disabled(&app.server_db, "held@example.com", true)
            .await
            .unwrap_err()
            .contains("no reviewer has the email held@example.com"),
        "a merchant's account is not a reviewer's"
    );
    let listed = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["reviewers", "list"])
        .env("DATABASE_URL", &app.db.url)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(
        listed.contains("carol@example.com  disabled since"),
        "{listed}"
    );
    assert!(!listed.contains("held@example.com"), "{listed}");

    let enabled = server::cli::reviewers_set_disabled(&app.server_db, "carol@example.com", false)
        .await
        .unwrap();
    assert!(
        enabled.starts_with("Enabled reviewer carol@example.com"),
        "{enabled}"
    );
    let back = app.login("carol@example.com", REVIEWER_PASSWORD).await;
    assert_eq!(back.status, StatusCode::OK, "{:?}", back.body);
}
on_both_backends!(
    a_disabled_reviewer_is_logged_out_cannot_log_in_and_releases_their_claims,
    a_disabled_reviewer_is_logged_out_cannot_log_in_and_releases_their_claims
);

async fn dead_mail_is_listed_and_retried_from_the_operations_page(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let now = app.state.clock.now();
    let (id,): (i64,) = sqlx::query_as(
        "insert into outbox (recipient, subject, text_body, html_body, status, attempts, next_attempt_at, last_error, created_at) \
         values ('gone@example.com', 'Hello', 'x', 'x', 'dead', 8, $1, '550 mailbox unavailable', $1) returning id",
    )
    .bind(now)
    .fetch_one(app.server_db.pool())
    .await
    .unwrap();
    let entry = format!("mail-{id}");
    let alice = app.reviewer_client("ops@example.com").await;
    let listed = app.json_with(&alice, "/api/dead_items").await;
    assert_eq!(listed[0]["entry"], entry.as_str());
    assert_eq!(listed[0]["what"], "gone@example.com");
    assert_eq!(listed[0]["last_error"], "550 mailbox unavailable");

    let retried = app
        .as_reviewer(&alice, "retry_dead_item", &[("entry", &entry)])
        .await;
    assert_eq!(retried.status, StatusCode::OK, "{:?}", retried.body);
    assert_eq!(retried.body, entry.as_str());
    let (status, attempts): (String, i32) =
        sqlx::query_as("select status, attempts from outbox where id = $1")
            .bind(id)
            .fetch_one(app.server_db.pool())
            .await
            .unwrap();
    assert_eq!((status.as_str(), attempts), ("pending", 0));
    assert_eq!(
        app.json_with(&alice, "/api/dead_items").await,
        serde_json::json!([])
    );
    // Twice is refused with a reason; a made-up id too.
    let again = app
        .as_reviewer(&alice, "retry_dead_item", &[("entry", &entry)])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let bad = app
        .as_reviewer(&alice, "retry_dead_item", &[("entry", "mail-x")])
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad
        .field_error("entry")
        .unwrap()
        .contains("is not an entry id"));
}
on_both_backends!(
    dead_mail_is_listed_and_retried_from_the_operations_page,
    dead_mail_is_listed_and_retried_from_the_operations_page
);

async fn the_queue_view_downloads_as_csv_with_formulas_defused(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let id = app
        .submitted("csv@example.com", "=HYPERLINK(\"http://x\")")
        .await;
    // (The app's client is now this second merchant.)
    app.submitted("other@example.com", "Plain \"Quoted\" Co")
        .await;
    let alice = app.reviewer_client("csv-reviewer@example.com").await;
    let answer = alice
        .get(app.url("/admin/queue.csv?status=all&sort=-submitted"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(answer.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    let body = answer.text().await.unwrap();
    let lines: Vec<&str> = body.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        "Application ID,Company,Applicant,Submitted,Due,Status,Assignee,Overdue"
    );
    assert_eq!(lines.len(), 3, "{body}");
    assert!(
        lines[1].contains("\"Plain \"\"Quoted\"\" Co\""),
        "newest first: {body}"
    );
    assert!(
        lines[2].starts_with(&format!(
            "\"{id}\",\"'=HYPERLINK(\"\"http://x\"\")\",\"csv@example.com\""
        )),
        "{body}"
    );
    // The view's filters apply; a bad one is refused.
    let searched = alice
        .get(app.url("/admin/queue.csv?status=in_review&q=plain"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(searched.matches("\r\n").count(), 2, "{searched}");
    let bad = alice
        .get(app.url("/admin/queue.csv?status=all&holder=everyone"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    // Reviewers only.
    assert_eq!(
        app.get("/admin/queue.csv").await.status(),
        StatusCode::FORBIDDEN,
        "a merchant"
    );
    let anonymous = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let redirected = anonymous
        .get(app.url("/admin/queue.csv"))
        .send()
        .await
        .unwrap();
    assert!(redirected.status().is_redirection());
}
on_both_backends!(
    the_queue_view_downloads_as_csv_with_formulas_defused,
    the_queue_view_downloads_as_csv_with_formulas_defused
);

async fn metrics_count_the_period_and_time_decisions_in_business_hours(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    // Days and business days are counted from the clock: none of it may cross a midnight.
    app.to_midweek_noon();
    let reviewer = app.reviewer("metrics@example.com").await;
    let now = app.state.clock.now();
    let day = 86_400;
    let hour = 3600;
    // (submitted, decided after, status): two on time, one late, one open, one too old.
    let mut n = 0;
    let mut in_period = Vec::new();
    let mut seeded: Vec<(i64, Option<i64>)> = Vec::new();
    for (submitted_ago, decided_after, status) in [
        (2 * day, Some(2 * hour), "approved"),
        (3 * day, Some(5 * hour), "rejected"),
        (6 * day, Some(5 * day), "approved"),
        (day, None, "in_review"),
        (40 * day, Some(hour), "approved"),
    ] {
        n += 1;
        let (user_id,): (i64,) = sqlx::query_as(
            "insert into users (email, password_hash, role, created_at, updated_at) values ($1, 'x', 'merchant', $2, $2) returning id",
        )
        .bind(format!("m{n}@example.com"))
        .bind(now)
        .fetch_one(app.server_db.pool())
        .await
        .unwrap();
        let submitted = now - submitted_ago;
        seeded.push((submitted, decided_after.map(|after| submitted + after)));
        if let Some(after) = decided_after.filter(|_| submitted_ago < 7 * day) {
            in_period.push(app::domain::application::business_seconds_between(
                submitted,
                submitted + after,
                app::domain::application::utc,
            ));
        }
        sqlx::query(
            "insert into applications (user_id, status, step, role, company_name, country, logo_color, submitted_at, due_at, decided_at, decided_by, created_at, updated_at) \
             values ($1, $2, 'review', 'technical_merchant', 'Metrics Co', 'SG', 0, $3, $4, $5, $6, $3, $3)",
        )
        .bind(user_id)
        .bind(status)
        .bind(submitted)
        .bind(app::domain::application::due_at(submitted, app::domain::application::utc))
        .bind(decided_after.map(|after| submitted + after))
        .bind(decided_after.map(|_| reviewer))
        .execute(app.server_db.pool())
        .await
        .unwrap();
    }
    let metrics = app::backend::review::metrics::metrics(&app.state, 7)
        .await
        .unwrap();
    assert_eq!(metrics.per_day.len(), 7);
    assert_eq!(
        metrics.received, 4,
        "the 40-day-old one is outside the period"
    );
    assert_eq!(metrics.decided, 3);
    assert_eq!(metrics.per_day.iter().map(|d| d.received).sum::<i64>(), 4);
    assert_eq!(metrics.per_day.iter().map(|d| d.decided).sum::<i64>(), 3);
    assert_eq!(metrics.per_reviewer.len(), 1);
    assert_eq!(
        (
            metrics.per_reviewer[0].approved,
            metrics.per_reviewer[0].rejected
        ),
        (2, 1)
    );
    let on_time = metrics.on_time_percent.unwrap();
    assert!((on_time - 200.0 / 3.0).abs() < 0.01, "{on_time}");
    in_period.sort();
    assert_eq!(metrics.median_hours, Some(in_period[1] as f64 / 3600.0));
    assert_eq!(metrics.p90_hours, Some(in_period[2] as f64 / 3600.0));
    // Every day of the period, from the seeded times.
    let first_day = now.div_euclid(day) - 6;
    for (i, counted) in metrics.per_day.iter().enumerate() {
        let this_day = first_day + i as i64;
        assert_eq!(counted.day, this_day * day);
        let on_day = |at: i64| at.div_euclid(day) == this_day;
        let received = seeded.iter().filter(|(s, _)| on_day(*s)).count() as i64;
        let decided = seeded.iter().filter(|(_, d)| d.is_some_and(on_day)).count() as i64;
        assert_eq!(
            (counted.received, counted.decided),
            (received, decided),
            "day {i}"
        );
    }
    // The open one sits in the bucket of the business days it has waited.
    let waited = app::domain::application::business_seconds_between(
        now - day,
        now,
        app::domain::application::utc,
    ) / day;
    let ages: Vec<i64> = metrics.queue_ages.iter().map(|b| b.count).collect();
    let expected: Vec<i64> = [(0, 1), (1, 2), (2, 5), (5, i64::MAX)]
        .iter()
        .map(|(from, to)| i64::from(waited >= *from && waited < *to))
        .collect();
    assert_eq!(ages, expected);
    // The same data the queue shows: its count of applications in review.
    let in_review = app::backend::review::queue(
        &app.state,
        reviewer,
        &app::model::queue::QueueView::default(),
        &app::model::queue::PageAt::First,
    )
    .await
    .unwrap();
    assert_eq!(in_review.total, ages.iter().sum::<i64>());
    assert_eq!(
        app::backend::review::metrics::metrics(&app.state, 90)
            .await
            .unwrap()
            .decided,
        4
    );
    assert!(app::backend::review::metrics::metrics(&app.state, 8)
        .await
        .is_err());
}
on_both_backends!(
    metrics_count_the_period_and_time_decisions_in_business_hours,
    metrics_count_the_period_and_time_decisions_in_business_hours
);

async fn requested_changes_return_as_a_draft_and_the_resubmission_to_the_same_reviewer(
    backend: Backend,
) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let id = app.submitted("changes@example.com", "Changes Ltd").await;
    let alice = app.reviewer_client("alice@example.com").await;
    let id_text = id.to_string();
    app.as_reviewer(
        &alice,
        "assign_to_me",
        &[("id", &id_text), ("take_over", "false")],
    )
    .await;
    // Same rules as a rejection's reason.
    let short = app
        .as_reviewer(
            &alice,
            "request_changes",
            &[("id", &id_text), ("reason", "short")],
        )
        .await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    assert!(short.field_error("reason").is_some());
    let request = "Please give the website of the company itself.";
    let asked = app
        .as_reviewer(
            &alice,
            "request_changes",
            &[
                ("id", &id_text),
                ("reason", request),
                ("fields[0]", "website"),
            ],
        )
        .await;
    assert_eq!(asked.status, StatusCode::OK, "{:?}", asked.body);
    // A double click gets the same answer; a rejection afterwards is refused.
    let again = app
        .as_reviewer(
            &alice,
            "request_changes",
            &[
                ("id", &id_text),
                ("reason", request),
                ("fields[0]", "website"),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    let reject = app
        .as_reviewer(
            &alice,
            "reject",
            &[("id", &id_text), ("reason", "Now rejected after all.")],
        )
        .await;
    assert_eq!(reject.status, StatusCode::CONFLICT);

    // The merchant has a draft with every answer and the request at the top; and a mail.
    let mail = app.mail_to("changes@example.com").await;
    // (Mails written in the same instant have no order: look for it.)
    let asked_mail = mail
        .iter()
        .find(|m| m.contains("Subject: Your workspace application needs changes"))
        .unwrap_or_else(|| panic!("no changes mail among {mail:?}"));
    assert!(asked_mail.contains(request));
    let mine = app.json_with(&app.client, "/api/my_application").await;
    let draft = &mine["Draft"];
    assert_eq!(draft["details"]["company_name"], "Changes Ltd", "{mine}");
    assert_eq!(draft["step"], "details");
    assert_eq!(draft["rejected"]["changes_requested"], true);
    assert_eq!(draft["rejected"]["reason"], request);
    assert_eq!(draft["rejected"]["flagged_fields"][0], "website");
    assert_eq!(
        trail(&app, id).await,
        ["submitted", "assigned", "changes_requested"]
    );

    // Resubmitted: back to Alice, with a new due date and the diff.
    app.state.clock.advance(86_400);
    let version = draft["version"].as_i64().unwrap();
    let saved = app
        .call(
            "save_draft",
            &[
                ("input[version]".into(), version.to_string()),
                ("input[step]".into(), "review".into()),
                ("input[role_selected]".into(), "true".into()),
                ("input[details][company_name]".into(), "Changes Ltd".into()),
                ("input[details][country]".into(), "SG".into()),
                (
                    "input[details][website]".into(),
                    "https://changes.example".into(),
                ),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    let submitted = app
        .call(
            "submit_application",
            &[("version".into(), saved.body["version"].to_string())],
        )
        .await;
    assert_eq!(submitted.status, StatusCode::OK, "{:?}", submitted.body);
    let again_id = submitted.body["id"].as_i64().unwrap();
    assert_ne!(again_id, id);
    let alice_id: (i64,) = sqlx::query_as("select id from users where email = 'alice@example.com'")
        .fetch_one(app.server_db.pool())
        .await
        .unwrap();
    assert_eq!(assignee(&app, again_id).await, Some(alice_id.0));
    let (submitted_at, due): (i64, i64) =
        sqlx::query_as("select submitted_at, due_at from applications where id = $1")
            .bind(again_id)
            .fetch_one(app.server_db.pool())
            .await
            .unwrap();
    // The test clock runs on: the resubmission was a moment ago.
    let now = app.state.clock.now();
    assert!(
        (now - 5..=now).contains(&submitted_at),
        "{submitted_at} vs {now}"
    );
    assert_eq!(
        due,
        app::domain::application::due_at(submitted_at, app::domain::application::utc),
        "the due date starts again from the resubmission"
    );

    let detail = app
        .json_with(&alice, &format!("/api/review_detail?id={again_id}"))
        .await;
    assert_eq!(detail["assigned_to_me"], true);
    assert_eq!(detail["changes"][0]["field"], "website", "{detail}");
    assert_eq!(detail["history"][0]["status"], "changes_requested");
    // The queue's filter finds the closed one.
    let closed = app
        .json_with(&alice, "/api/review_queue?status=changes_requested&search=")
        .await;
    assert_eq!(closed["rows"][0]["id"], id);
}
on_both_backends!(
    requested_changes_return_as_a_draft_and_the_resubmission_to_the_same_reviewer,
    requested_changes_return_as_a_draft_and_the_resubmission_to_the_same_reviewer
);
