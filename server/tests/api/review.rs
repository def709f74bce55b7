use crate::helpers::{spawn_app, Backend, TestApp, PASSWORD, REVIEWER_PASSWORD};
use crate::on_both_backends;
use app::backend::review;
use app::domain::Status;
use app::model::queue::{Holder, PageAt, QueueSort, QueueView};
use app::model::review::{QueuePage, QueueRow};
use reqwest::StatusCode;
use server::worker::QueueWorker;

/// Inserts `n` applications in review straight into the database (signing up
/// through the API would take seconds each).
async fn seed_queue(app: &TestApp, n: i64) {
    let now = app.state.clock.now();
    for i in 0..n {
        let (user_id,): (i64,) = sqlx::query_as(
            "insert into users (email, password_hash, role, created_at, updated_at) values ($1, 'x', 'merchant', $2, $2) returning id",
        )
        .bind(format!("seed{i:03}@example.com"))
        .bind(now)
        .fetch_one(app.server_db.pool())
        .await
        .unwrap();
        // Due dates spread out, some equal (the cursor must break ties by id), some past.
        // None falls within half an hour of now: the clock runs during the test, and a
        // due date of exactly now would turn overdue between two reads of the same page.
        sqlx::query(
            "insert into applications (user_id, status, step, role, company_name, country, logo_color, submitted_at, due_at, created_at, updated_at) \
             values ($1, $2, 'review', 'technical_merchant', $3, 'SG', 0, $4, $5, $4, $4)",
        )
        .bind(user_id)
        .bind(if i % 10 == 9 { "approved" } else { "in_review" })
        .bind(format!("Company {i:03}{}", if i % 7 == 0 { " Widgets" } else { "" }))
        .bind(now - 86_400 * 3)
        .bind(now - 86_400 + 1800 + (i / 2) * 3600)
        .execute(app.server_db.pool())
        .await
        .unwrap();
    }
}

/// Every page of `view`, following next links from the first; also checks
/// each page's total and that following previous links from the last page
/// comes back through the same pages.
async fn walk(app: &TestApp, reviewer: i64, view: &QueueView) -> Vec<QueueRow> {
    let mut pages: Vec<QueuePage> = Vec::new();
    let mut at = PageAt::First;
    loop {
        let page = review::queue(&app.state, reviewer, view, &at)
            .await
            .unwrap();
        assert_eq!(page.previous.is_some(), !pages.is_empty(), "{view:?}");
        let next = page.next.clone();
        pages.push(page);
        match next {
            Some(cursor) => at = PageAt::After(cursor),
            None => break,
        }
    }
    let rows: Vec<QueueRow> = pages.iter().flat_map(|p| p.rows.clone()).collect();
    assert!(
        pages.iter().all(|p| p.total == rows.len() as i64),
        "{view:?}"
    );
    // And back again.
    let mut back = pages.last().unwrap().previous.clone();
    for expected in pages.iter().rev().skip(1) {
        let page = review::queue(&app.state, reviewer, view, &PageAt::Before(back.unwrap()))
            .await
            .unwrap();
        assert_eq!(
            page.rows, expected.rows,
            "a previous page is the page before"
        );
        assert!(page.next.is_some());
        back = page.previous;
    }
    assert_eq!(back, None, "the first page has no previous page");
    rows
}

async fn the_queue_filters_sorts_searches_and_pages_both_ways_without_gaps_or_repeats(
    backend: Backend,
) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    seed_queue(&app, 60).await;
    let me = app.reviewer("me@example.com").await;
    let other = app.reviewer("other@example.com").await;
    // Three claimed by me, two by someone else.
    for (n, holder) in [(0, me), (1, me), (2, me), (3, other), (4, other)] {
        sqlx::query(
            "update applications set assigned_to = $1 where company_name like $2 and status = 'in_review'",
        )
        .bind(holder)
        .bind(format!("Company 00{n}%"))
        .execute(app.server_db.pool())
        .await
        .unwrap();
    }
    let now = app.state.clock.now();
    let in_review = QueueView::default();

    let rows = walk(&app, me, &in_review).await;
    assert_eq!(rows.len(), 54, "every application in review, once");
    let keys: Vec<(i64, i64)> = rows.iter().map(|r| (r.due_at, r.id)).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "earliest due first, ties by id");
    assert!(rows.iter().any(|r| r.overdue) && rows.iter().any(|r| !r.overdue));

    let latest_first = walk(
        &app,
        me,
        &QueueView {
            sort: QueueSort::DueNewest,
            ..in_review.clone()
        },
    )
    .await;
    let mut reversed = keys.clone();
    reversed.reverse();
    assert_eq!(
        latest_first
            .iter()
            .map(|r| (r.due_at, r.id))
            .collect::<Vec<_>>(),
        reversed
    );
    for sort in [QueueSort::SubmittedOldest, QueueSort::SubmittedNewest] {
        let by_submission = walk(
            &app,
            me,
            &QueueView {
                sort,
                ..in_review.clone()
            },
        )
        .await;
        let keys: Vec<(i64, i64)> = by_submission
            .iter()
            .map(|r| (r.submitted_at, r.id))
            .collect();
        let mut expected = keys.clone();
        expected.sort();
        if !sort.ascending() {
            expected.reverse();
        }
        assert_eq!(keys, expected, "{sort:?}");
        assert_eq!(keys.len(), 54);
    }

    let all = walk(
        &app,
        me,
        &QueueView {
            status: None,
            ..in_review.clone()
        },
    )
    .await;
    assert_eq!(all.len(), 60, "All is every status but drafts");
    let approved = walk(
        &app,
        me,
        &QueueView {
            status: Some(Status::Approved),
            ..in_review.clone()
        },
    )
    .await;
    assert_eq!(approved.len(), 6);
    let mine = walk(
        &app,
        me,
        &QueueView {
            holder: Holder::Me,
            ..in_review.clone()
        },
    )
    .await;
    assert_eq!(mine.len(), 3);
    assert!(mine
        .iter()
        .all(|r| r.assignee.as_deref() == Some("me@example.com")));
    let unassigned = walk(
        &app,
        me,
        &QueueView {
            holder: Holder::Unassigned,
            ..in_review.clone()
        },
    )
    .await;
    assert_eq!(unassigned.len(), 49);
    let overdue = walk(
        &app,
        me,
        &QueueView {
            status: None,
            overdue: true,
            ..in_review.clone()
        },
    )
    .await;
    assert!(!overdue.is_empty());
    assert!(overdue
        .iter()
        .all(|r| r.overdue && r.status == Status::InReview && r.due_at < now));
    assert_eq!(overdue.len(), rows.iter().filter(|r| r.overdue).count());

    let search = |text: &str| QueueView {
        search: text.into(),
        ..in_review.clone()
    };
    assert_eq!(
        walk(&app, me, &search("WIDGETS")).await.len(),
        8,
        "9 Widgets companies, one approved"
    );
    assert_eq!(walk(&app, me, &search("seed011@")).await.len(), 1);
    assert_eq!(
        walk(&app, me, &search("%")).await.len(),
        0,
        "a % is searched for literally"
    );
    let one = rows[7].id;
    let by_id = walk(&app, me, &search(&format!("#{one}"))).await;
    assert_eq!(by_id.iter().map(|r| r.id).collect::<Vec<_>>(), [one]);

    for bad in ["garbage", "1:x"] {
        assert!(
            review::queue(&app.state, me, &in_review, &PageAt::After(bad.into()))
                .await
                .is_err()
        );
        assert!(
            review::queue(&app.state, me, &in_review, &PageAt::Before(bad.into()))
                .await
                .is_err()
        );
    }
    // Over HTTP, an unknown filter is a message, not a guess.
    let client = app.reviewer_client("http@example.com").await;
    let answer = client
        .get(app.url("/api/review_queue?status=in_review&search=&sort=sideways"))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
    let answer = client
        .get(app.url("/api/review_queue?status=all&holder=unassigned&overdue=true&sort=-submitted&search=widgets"))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
}
on_both_backends!(
    the_queue_filters_sorts_searches_and_pages_both_ways_without_gaps_or_repeats,
    the_queue_filters_sorts_searches_and_pages_both_ways_without_gaps_or_repeats
);

/// A long queue says "more than 1,000" instead of reading every entry to
/// count them; a narrower view is still counted exactly.
async fn a_long_queue_is_counted_up_to_a_thousand(backend: Backend) {
    use app::model::review::COUNTED_UP_TO;
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let now = app.state.clock.now();
    sqlx::query(
        "insert into users (email, password_hash, role, created_at, updated_at) \
         with recursive n(i) as (select 1 union all select i + 1 from n where i < 1200) \
         select 'long' || i || '@example.com', 'x', 'merchant', $1, $1 from n",
    )
    .bind(now)
    .execute(app.server_db.pool())
    .await
    .unwrap();
    sqlx::query(
        "insert into applications (user_id, status, step, role, company_name, country, logo_color, submitted_at, due_at, created_at, updated_at) \
         select id, 'in_review', 'review', 'technical_merchant', 'Company ' || id, 'SG', 0, $1, $1 + id, $1, $1 \
         from users where email like 'long%'",
    )
    .bind(now)
    .execute(app.server_db.pool())
    .await
    .unwrap();
    let reviewer = app.reviewer("long-queue@example.com").await;
    let page = review::queue(&app.state, reviewer, &QueueView::default(), &PageAt::First)
        .await
        .unwrap();
    assert_eq!(page.total, COUNTED_UP_TO + 1, "past the limit: more than");
    assert!(page.next.is_some(), "the pages still go on");
    let narrow = QueueView {
        search: "long11".into(),
        ..QueueView::default()
    };
    let page = review::queue(&app.state, reviewer, &narrow, &PageAt::First)
        .await
        .unwrap();
    // long11, long110..long119, long1100..long1199
    assert_eq!(page.total, 1 + 10 + 100);
}
on_both_backends!(
    a_long_queue_is_counted_up_to_a_thousand,
    a_long_queue_is_counted_up_to_a_thousand
);

async fn two_reviewers_deciding_at_once_get_one_decision_every_time(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let alice = app.reviewer("alice@example.com").await;
    let bob = app.reviewer("bob@example.com").await;
    seed_queue(&app, 100).await;
    let ids: Vec<(i64,)> = sqlx::query_as("select id from applications where status = 'in_review'")
        .fetch_all(app.server_db.pool())
        .await
        .unwrap();
    for (id,) in ids {
        let (a, b) = (app.state.clone(), app.state.clone());
        let approve = tokio::spawn(async move { review::approve(&a, alice, id).await });
        let reject = tokio::spawn(async move {
            review::reject(&b, bob, id, "The website does not load at all.", &[]).await
        });
        let (approve, reject) = (approve.await.unwrap(), reject.await.unwrap());
        assert!(
            approve.is_ok() != reject.is_ok(),
            "exactly one wins: {approve:?} {reject:?}"
        );
        let loser = approve.err().or(reject.err()).unwrap().to_string();
        assert!(
            loser.contains("already")
                && (loser.contains("alice@example.com") || loser.contains("bob@example.com")),
            "{loser}"
        );
        let (decisions,): (i64,) = sqlx::query_as(
            "select count(*) from application_events where application_id = $1 and kind in ('approved', 'rejected')",
        )
        .bind(id)
        .fetch_one(app.server_db.pool())
        .await
        .unwrap();
        assert_eq!(decisions, 1);
    }
}
on_both_backends!(
    two_reviewers_deciding_at_once_get_one_decision_every_time,
    two_reviewers_deciding_at_once_get_one_decision_every_time
);

async fn reviewer_functions_are_for_reviewers_only(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let id = app.submitted("merchant@example.com", "Acme").await;
    let id_s = id.to_string();
    let calls: Vec<(&str, Vec<(&str, &str)>)> = vec![
        (
            "assign_to_me",
            vec![("id", id_s.as_str()), ("take_over", "false")],
        ),
        ("approve", vec![("id", id_s.as_str())]),
        (
            "reject",
            vec![("id", id_s.as_str()), ("reason", "Not good enough here.")],
        ),
    ];
    // The merchant (logged in on app.client) is forbidden; an anonymous client is unauthorised.
    let anonymous = reqwest::Client::new();
    for (endpoint, form) in &calls {
        assert_eq!(
            app.as_reviewer(&app.client, endpoint, form).await.status,
            StatusCode::FORBIDDEN,
            "{endpoint}"
        );
        assert_eq!(
            app.as_reviewer(&anonymous, endpoint, form).await.status,
            StatusCode::UNAUTHORIZED,
            "{endpoint}"
        );
    }
    for path in [
        "/api/review_queue?status=in_review&search=".to_string(),
        format!("/api/review_detail?id={id}"),
    ] {
        assert_eq!(
            app.client
                .get(app.url(&path))
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
        assert_eq!(
            anonymous.get(app.url(&path)).send().await.unwrap().status(),
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
    let reviewer = app.reviewer_client("rev@example.com").await;
    let queue: serde_json::Value = reviewer
        .get(app.url("/api/review_queue?status=in_review&search="))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(queue["rows"][0]["id"], id);
    assert_eq!(queue["rows"][0]["applicant"], "merchant@example.com");
    // Pages too: a merchant never sees the admin detail.
    let page = app
        .client
        .get(app.url(&format!("/admin/applications/{id}")))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::FORBIDDEN);
}
on_both_backends!(
    reviewer_functions_are_for_reviewers_only,
    reviewer_functions_are_for_reviewers_only
);

async fn a_rejection_is_mailed_and_the_resubmission_shows_its_changes(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let first = app.submitted("fixme@example.com", "Fix Me Ltd").await;
    let reviewer = app.reviewer_client("rev@example.com").await;
    let first_s = first.to_string();
    assert_eq!(
        app.as_reviewer(
            &reviewer,
            "assign_to_me",
            &[("id", &first_s), ("take_over", "false")]
        )
        .await
        .status,
        StatusCode::OK
    );
    let short = app
        .as_reviewer(
            &reviewer,
            "reject",
            &[("id", &first_s), ("reason", "Too short")],
        )
        .await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    assert!(short.field_error("reason").is_some());
    let reason = "The company name does not match\r\nyour registration <b>papers</b>.";
    let rejected = app
        .as_reviewer(
            &reviewer,
            "reject",
            &[
                ("id", &first_s),
                ("reason", reason),
                ("fields[0]", "company_name"),
                ("fields[1]", "website"),
            ],
        )
        .await;
    assert_eq!(rejected.status, StatusCode::OK, "{:?}", rejected.body);
    // A retried click by the same reviewer answers the same; approving now names who decided.
    assert_eq!(
        app.as_reviewer(
            &reviewer,
            "reject",
            &[
                ("id", &first_s),
                ("reason", reason),
                ("fields[0]", "company_name"),
                ("fields[1]", "website"),
            ]
        )
        .await
        .status,
        StatusCode::OK
    );
    let late = app
        .as_reviewer(&reviewer, "approve", &[("id", &first_s)])
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert!(late.body["Conflict"]
        .as_str()
        .unwrap()
        .contains("already rejected by rev@example.com"));

    let mail = app.mail_to("fixme@example.com").await;
    let rejection = mail
        .iter()
        .find(|m| m.contains("Subject: Your workspace application was rejected"))
        .expect("rejection mail");
    assert!(
        rejection.contains("your registration &lt;b&gt;papers&lt;/b&gt;"),
        "HTML escaped"
    );
    assert!(rejection.contains("Fields to check: Company Name, Website"));

    // The merchant sees the reason and flags, and starts again with every answer.
    let mine: serde_json::Value = app.get("/api/my_application").await.json().await.unwrap();
    assert_eq!(mine["Submitted"]["status"], "rejected");
    assert_eq!(
        mine["Submitted"]["rejection_reason"],
        "The company name does not match\nyour registration <b>papers</b>."
    );
    assert_eq!(
        mine["Submitted"]["flagged_fields"],
        serde_json::json!(["company_name", "website"])
    );
    assert_eq!(
        app.call("start_new_application", &[]).await.status,
        StatusCode::OK
    );
    let draft: serde_json::Value = app.get("/api/my_application").await.json().await.unwrap();
    assert_eq!(draft["Draft"]["step"], "role");
    assert_eq!(draft["Draft"]["details"]["company_name"], "Fix Me Ltd");
    let version = draft["Draft"]["version"].as_i64().unwrap().to_string();
    let saved = app
        .call(
            "save_draft",
            &[
                ("input[version]".into(), version),
                ("input[step]".into(), "review".into()),
                ("input[role_selected]".into(), "true".into()),
                ("input[details][company_name]".into(), "Fixed Ltd".into()),
                ("input[details][country]".into(), "SG".into()),
                (
                    "input[details][website]".into(),
                    "https://acme.example".into(),
                ),
            ],
        )
        .await;
    let version = saved.body["version"].as_i64().unwrap().to_string();
    let second = app
        .call("submit_application", &[("version".into(), version)])
        .await
        .body["id"]
        .as_i64()
        .unwrap();

    let detail: serde_json::Value = reviewer
        .get(app.url(&format!("/api/review_detail?id={second}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(detail["changes"].as_array().unwrap().len(), 1);
    assert_eq!(detail["changes"][0]["field"], "company_name");
    assert_eq!(detail["changes"][0]["before"], "Fix Me Ltd");
    assert_eq!(detail["changes"][0]["after"], "Fixed Ltd");
    assert_eq!(detail["history"][0]["id"], first);
    let kinds: Vec<&str> = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    for kind in ["submitted", "assigned", "rejected", "resubmitted"] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
}
on_both_backends!(
    a_rejection_is_mailed_and_the_resubmission_shows_its_changes,
    a_rejection_is_mailed_and_the_resubmission_shows_its_changes
);

async fn approval_provisions_one_workspace_even_after_a_failure(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let id = app.submitted("owner@example.com", "Owner Apps").await;
    let reviewer = app.reviewer_client("rev@example.com").await;
    // Make provisioning fail (an injected database error) until the trigger is dropped.
    let (create, drop) = match backend {
        Backend::Sqlite => (
            vec!["create trigger fail_provisioning before insert on workspace_members begin select raise(abort, 'injected failure'); end"],
            "drop trigger fail_provisioning",
        ),
        Backend::Postgres => (
            vec![
                "create function fail_provisioning() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$",
                "create trigger fail_provisioning before insert on workspace_members for each row execute function fail_provisioning()",
            ],
            "drop trigger fail_provisioning on workspace_members",
        ),
    };
    for sql in create {
        sqlx::raw_sql(sql)
            .execute(app.server_db.pool())
            .await
            .unwrap();
    }
    assert_eq!(
        app.as_reviewer(&reviewer, "approve", &[("id", &id.to_string())])
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(app.jobs.run_all_due().await.unwrap(), 0);
    let (attempts, status, error): (i32, String, Option<String>) =
        sqlx::query_as("select attempts, status, last_error from jobs")
            .fetch_one(app.server_db.pool())
            .await
            .unwrap();
    assert_eq!((attempts, status.as_str()), (1, "pending"));
    assert!(error.unwrap().contains("injected failure"));
    let state: serde_json::Value = app.get("/api/my_workspace").await.json().await.unwrap();
    assert_eq!(state, "SettingUp");
    // The status page says so too, until the workspace exists.
    let mine: serde_json::Value = app.get("/api/my_application").await.json().await.unwrap();
    assert_eq!(mine["Submitted"]["status"], "approved");
    assert_eq!(mine["Submitted"]["workspace_ready"], false);
    sqlx::raw_sql(drop)
        .execute(app.server_db.pool())
        .await
        .unwrap();
    app.state.clock.advance(3600);
    app.jobs.run_all_due().await.unwrap();
    // Running it again (a retry after a crash) changes nothing.
    sqlx::query("update jobs set status = 'pending'")
        .execute(app.server_db.pool())
        .await
        .unwrap();
    app.jobs.run_all_due().await.unwrap();
    let state: serde_json::Value = app.get("/api/my_workspace").await.json().await.unwrap();
    let (workspaces,): (i64,) = sqlx::query_as("select count(*) from workspaces")
        .fetch_one(app.server_db.pool())
        .await
        .unwrap();
    assert_eq!(workspaces, 1);
    let mine: serde_json::Value = app.get("/api/my_application").await.json().await.unwrap();
    assert_eq!(mine["Submitted"]["workspace_ready"], true);
    assert_eq!(state["Ready"]["name"], "Owner Apps");
    assert_eq!(state["Ready"]["role"], "owner");

    let mail = app.mail_to("owner@example.com").await;
    assert!(mail
        .iter()
        .any(|m| m.contains("was approved") && m.contains("/workspace")));
    app.logout().await;
    assert_eq!(
        app.login("owner@example.com", PASSWORD).await.body,
        "/workspace",
        "an approved merchant lands on the workspace"
    );
}
on_both_backends!(
    approval_provisions_one_workspace_even_after_a_failure,
    approval_provisions_one_workspace_even_after_a_failure
);

async fn taking_over_needs_confirmation_and_withdrawn_applications_cannot_be_decided(
    backend: Backend,
) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let id = app.submitted("takeover@example.com", "Take Over Co").await;
    let alice = app.reviewer_client("alice@example.com").await;
    let bob = app.reviewer_client("bob@example.com").await;
    let id_s = id.to_string();
    let assign =
        |take_over: &'static str| [("id", id_s.clone()), ("take_over", take_over.to_string())];
    let form = |pairs: [(&'static str, String); 2]| pairs.map(|(k, v)| (k.to_string(), v)).to_vec();
    assert_eq!(
        app.call_with(&alice, "assign_to_me", &form(assign("false")))
            .await
            .status,
        StatusCode::OK
    );
    let refused = app
        .call_with(&bob, "assign_to_me", &form(assign("false")))
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body["Conflict"]
        .as_str()
        .unwrap()
        .contains("alice@example.com is reviewing"));
    assert_eq!(
        app.call_with(&bob, "assign_to_me", &form(assign("true")))
            .await
            .status,
        StatusCode::OK
    );
    let detail: serde_json::Value = alice
        .get(app.url(&format!("/api/review_detail?id={id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(detail["assignee"], "bob@example.com");
    assert_eq!(detail["assigned_to_me"], false);

    // The merchant withdraws: nobody can decide it any more.
    assert_eq!(
        app.call("withdraw_application", &[("id".into(), id_s.clone())])
            .await
            .status,
        StatusCode::OK
    );
    let late = app.as_reviewer(&bob, "approve", &[("id", &id_s)]).await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert!(late.body["Conflict"].as_str().unwrap().contains("withdrew"));
    let withdrawn: serde_json::Value = bob
        .get(app.url("/api/review_queue?status=withdrawn&search="))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(withdrawn["rows"][0]["id"], id);
}
on_both_backends!(
    taking_over_needs_confirmation_and_withdrawn_applications_cannot_be_decided,
    taking_over_needs_confirmation_and_withdrawn_applications_cannot_be_decided
);

async fn a_stored_value_the_code_does_not_know_is_an_error_not_a_guess(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let id = app.submitted("odd@example.com", "Odd Values Co").await;
    sqlx::query("update applications set flagged_fields = 'company_name,shoe_size' where id = $1")
        .bind(id)
        .execute(app.server_db.pool())
        .await
        .unwrap();
    let answer = app.get("/api/my_application").await;
    assert_eq!(answer.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let body: serde_json::Value = answer.json().await.unwrap();
    assert!(body["Internal"]["reference"].is_string(), "{body}");
}
on_both_backends!(
    a_stored_value_the_code_does_not_know_is_an_error_not_a_guess,
    a_stored_value_the_code_does_not_know_is_an_error_not_a_guess
);

/// A save of a brand-new draft (`version=0`), as the wizard's first save sends it.
fn first_draft_form(company: &str) -> Vec<(String, String)> {
    vec![
        ("input[version]".into(), "0".into()),
        ("input[step]".into(), "details".into()),
        ("input[role_selected]".into(), "true".into()),
        ("input[details][company_name]".into(), company.into()),
    ]
}

async fn applications_of(app: &TestApp, email: &str) -> Vec<(String, Option<i64>)> {
    sqlx::query_as(
        "select a.status, a.previous_id from applications a join users u on u.id = a.user_id \
         where u.email = $1 order by a.id",
    )
    .bind(email)
    .fetch_all(app.server_db.pool())
    .await
    .unwrap()
}

async fn an_account_has_one_line_of_applications(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let reviewer = app.reviewer_client("lines@example.com").await;

    // Approved: nothing more to apply for, and no second workspace.
    let approved = app.submitted("approved@example.com", "Approved Co").await;
    let id = approved.to_string();
    let answer = app.as_reviewer(&reviewer, "approve", &[("id", &id)]).await;
    assert_eq!(answer.status, StatusCode::OK);
    let again = app.call("save_draft", &first_draft_form("Second Co")).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body["Conflict"]
        .as_str()
        .unwrap()
        .contains("approved"));
    assert_eq!(applications_of(&app, "approved@example.com").await.len(), 1);

    // Rejected: a fresh start is refused; New Application links the attempt,
    // however many times it is pressed at once.
    app.logout().await;
    let rejected = app.submitted("rejected@example.com", "Rejected Co").await;
    let id = rejected.to_string();
    let reason = "The website does not belong to the company.";
    let answer = app
        .as_reviewer(&reviewer, "reject", &[("id", &id), ("reason", reason)])
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    let fresh = app.call("save_draft", &first_draft_form("Fresh Co")).await;
    assert_eq!(fresh.status, StatusCode::CONFLICT);
    assert!(fresh.body["Conflict"]
        .as_str()
        .unwrap()
        .contains("New Application"));
    let press = || app.call("start_new_application", &[]);
    let presses = tokio::join!(press(), press(), press(), press());
    for answer in [presses.0, presses.1, presses.2, presses.3] {
        assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    }
    let line = applications_of(&app, "rejected@example.com").await;
    assert_eq!(line.len(), 2, "{line:?}");
    assert_eq!(line[1], ("draft".to_string(), Some(rejected)));

    // The database holds the rule too: a second first application cannot be written.
    let (user_id,): (i64,) = sqlx::query_as("select id from users where email = $1")
        .bind("rejected@example.com")
        .fetch_one(app.server_db.pool())
        .await
        .unwrap();
    let direct = sqlx::query(
        "insert into applications (user_id, status, logo_color, created_at, updated_at) \
         values ($1, 'rejected', 0, 0, 0)",
    )
    .bind(user_id)
    .execute(app.server_db.pool())
    .await;
    assert!(direct.is_err(), "a second first application was stored");
}
on_both_backends!(
    an_account_has_one_line_of_applications,
    an_account_has_one_line_of_applications
);

async fn reviewers_stay_reviewers_and_a_reset_ends_their_sessions(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let password = || app::domain::Password::parse(REVIEWER_PASSWORD).unwrap();

    // A merchant's email is refused, and the merchant stays a merchant.
    app.sign_up("merchant@example.com").await;
    let refused =
        server::cli::create_reviewer(&app.server_db, "merchant@example.com", password()).await;
    assert!(refused.unwrap_err().contains("merchant"));
    assert_eq!(app.current_user().await["role"], "merchant");

    // Resetting a reviewer's password from the terminal ends their sessions.
    let reviewer = app.reviewer_client("reset@example.com").await;
    let me = app.json_with(&reviewer, "/api/current_user").await;
    assert_eq!(me["role"], "reviewer");
    app.state.clock.advance(1);
    let reset = server::cli::create_reviewer(&app.server_db, "reset@example.com", password()).await;
    assert!(reset.unwrap().contains("sessions have ended"));
    let me = app.json_with(&reviewer, "/api/current_user").await;
    assert_eq!(me, serde_json::Value::Null, "the old session still works");
}
on_both_backends!(
    reviewers_stay_reviewers_and_a_reset_ends_their_sessions,
    reviewers_stay_reviewers_and_a_reset_ends_their_sessions
);

async fn only_the_assignee_decides_and_a_decision_never_changes(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let id = app
        .submitted("held@example.com", "Held Co")
        .await
        .to_string();
    let alice = app.reviewer_client("alice.held@example.com").await;
    let bob = app.reviewer_client("bob.held@example.com").await;
    let assign = [("id", id.as_str()), ("take_over", "false")];
    assert_eq!(
        app.as_reviewer(&alice, "assign_to_me", &assign)
            .await
            .status,
        StatusCode::OK
    );

    // Bob may not decide what Alice holds; he takes it over first.
    let bypass = app.as_reviewer(&bob, "approve", &[("id", &id)]).await;
    assert_eq!(bypass.status, StatusCode::CONFLICT);
    assert!(bypass.body["Conflict"]
        .as_str()
        .unwrap()
        .contains("alice.held@example.com"));
    let take_over = [("id", id.as_str()), ("take_over", "true")];
    assert_eq!(
        app.as_reviewer(&bob, "assign_to_me", &take_over)
            .await
            .status,
        StatusCode::OK
    );
    let reason = "The registration number is missing from the address.";
    let reject = [("id", id.as_str()), ("reason", reason)];
    assert_eq!(
        app.as_reviewer(&bob, "reject", &reject).await.status,
        StatusCode::OK
    );

    // The same rejection again is the same answer; another reason is a conflict.
    assert_eq!(
        app.as_reviewer(&bob, "reject", &reject).await.status,
        StatusCode::OK
    );
    let other = [
        ("id", id.as_str()),
        ("reason", "A completely different reason."),
    ];
    let changed = app.as_reviewer(&bob, "reject", &other).await;
    assert_eq!(changed.status, StatusCode::CONFLICT);
    let (stored,): (String,) =
        sqlx::query_as("select rejection_reason from applications where id = $1")
            .bind(id.parse::<i64>().unwrap())
            .fetch_one(app.server_db.pool())
            .await
            .unwrap();
    assert_eq!(stored, reason);
}
on_both_backends!(
    only_the_assignee_decides_and_a_decision_never_changes,
    only_the_assignee_decides_and_a_decision_never_changes
);

async fn control_characters_in_the_queue_search_are_refused_with_a_message(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let reviewer = app.reviewer_client("search@example.com").await;
    let answer = reviewer
        .get(app.url("/api/review_queue?status=in_review&search=a%00b"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = answer.json().await.unwrap();
    assert!(body["Validation"][0]["message"]
        .as_str()
        .unwrap()
        .contains("letters"));
}
on_both_backends!(
    control_characters_in_the_queue_search_are_refused_with_a_message,
    control_characters_in_the_queue_search_are_refused_with_a_message
);
