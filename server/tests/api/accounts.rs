use crate::helpers::{code_in, signup_form, spawn_app, spawn_app_with, Backend, TestApp, PASSWORD};
use crate::on_both_backends;
use reqwest::StatusCode;

async fn users(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("select count(*) from users")
        .fetch_one(app.server_db.pool())
        .await
        .unwrap();
    n
}

async fn signup_with_the_emailed_code_creates_a_logged_in_merchant(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    assert_eq!(app.current_user().await, serde_json::Value::Null);

    let sent = app.send_code("New.Merchant@Example.com").await;
    assert_eq!(sent.status, StatusCode::OK);
    assert_eq!(sent.body, 60, "the resend cooldown");
    let mail = app.mail_to("new.merchant@example.com").await;
    assert_eq!(mail.len(), 1);
    assert!(mail[0].contains("Message-ID: <outbox-"), "{}", mail[0]);
    assert!(
        mail[0].contains("Content-Type: text/plain") && mail[0].contains("Content-Type: text/html")
    );
    let code = crate::helpers::code_in(&mail[0]).unwrap();

    let created = app.signup("new.merchant@example.com", &code).await;
    assert_eq!(created.status, StatusCode::OK, "{:?}", created.body);
    let me = app.current_user().await;
    assert_eq!(me["email"], "new.merchant@example.com");
    assert_eq!(me["role"], "merchant");

    let (hash, version, ip, ua): (String, String, String, String) = sqlx::query_as(
        "select password_hash, tos_version, tos_ip, tos_user_agent from users where email = 'new.merchant@example.com'",
    )
    .fetch_one(app.server_db.pool())
    .await
    .unwrap();
    assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
    assert_eq!(version, "2026-11-26");
    assert_eq!(ip, "127.0.0.1");
    let _ = ua; // reqwest sends none by default; the browser test checks a real one
    let (codes,): (i64,) = sqlx::query_as("select count(*) from verification_codes")
        .fetch_one(app.server_db.pool())
        .await
        .unwrap();
    assert_eq!(codes, 0, "the code is single use");
    assert_eq!(
        app.signup("new.merchant@example.com", &code)
            .await
            .field_error("code")
            .as_deref(),
        Some(app::i18n::Locale::En.texts().auth().invalid_code)
    );
}
on_both_backends!(
    signup_with_the_emailed_code_creates_a_logged_in_merchant,
    signup_with_the_emailed_code_creates_a_logged_in_merchant
);

async fn wrong_expired_and_overused_codes_are_refused(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let email = "tries@example.com";
    app.send_code(email).await;
    let code = app.code_for(email).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };

    let answer = app.signup(email, wrong).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.field_error("code").as_deref(),
        Some(app::i18n::Locale::En.texts().auth().invalid_code)
    );
    for _ in 0..3 {
        app.signup(email, wrong).await;
    }
    let fifth = app.signup(email, wrong).await;
    assert_eq!(
        fifth.field_error("code").as_deref(),
        Some(app::i18n::Locale::En.texts().auth().too_many_tries)
    );
    let right_but_dead = app.signup(email, &code).await;
    assert_eq!(
        right_but_dead.field_error("code").as_deref(),
        Some(app::i18n::Locale::En.texts().auth().too_many_tries)
    );
    assert_eq!(users(&app).await, 0);

    // A new code works again, but not once it has expired.
    app.state.clock.advance(61);
    app.send_code(email).await;
    let code = app.code_for(email).await;
    app.state.clock.advance(10 * 60 + 1);
    let expired = app.signup(email, &code).await;
    assert_eq!(
        expired.field_error("code").as_deref(),
        Some(app::i18n::Locale::En.texts().auth().invalid_code)
    );
    assert_eq!(users(&app).await, 0);
}
on_both_backends!(
    wrong_expired_and_overused_codes_are_refused,
    wrong_expired_and_overused_codes_are_refused
);

async fn resending_waits_for_the_cooldown(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    assert_eq!(
        app.send_code("wait@example.com").await.status,
        StatusCode::OK
    );
    let again = app.send_code("wait@example.com").await;
    assert_eq!(again.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        again.body["RateLimited"]["retry_after_secs"]
            .as_u64()
            .unwrap()
            <= 60
    );
    assert!(again.headers.get("retry-after").is_some());
    app.state.clock.advance(60);
    assert_eq!(
        app.send_code("wait@example.com").await.status,
        StatusCode::OK
    );
    assert_eq!(app.mail_to("wait@example.com").await.len(), 2);
}
on_both_backends!(
    resending_waits_for_the_cooldown,
    resending_waits_for_the_cooldown
);

async fn an_existing_account_is_never_revealed_by_signup(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.sign_up("taken@example.com").await;
    app.logout().await;

    let other = app.send_code("Taken@Example.COM").await;
    let fresh = app.send_code("free@example.com").await;
    assert_eq!(other.status, fresh.status);
    assert_eq!(other.body, fresh.body);
    let notice = app.mail_to("taken@example.com").await;
    assert!(notice.last().unwrap().contains("already has an account"));
    assert!(
        crate::helpers::code_in(notice.last().unwrap()).is_none(),
        "no code is mailed"
    );

    let taken = app.signup("taken@example.com", "123456").await;
    let free = app.signup("free@example.com", "123456").await;
    assert_eq!(taken.status, free.status);
    assert_eq!(taken.field_error("code"), free.field_error("code"));
    assert_eq!(users(&app).await, 1);
}
on_both_backends!(
    an_existing_account_is_never_revealed_by_signup,
    an_existing_account_is_never_revealed_by_signup
);

async fn one_code_redeemed_twenty_times_at_once_creates_one_account(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.send_code("race@example.com").await;
    let code = app.code_for("race@example.com").await;
    let form = signup_form("race@example.com", &code, PASSWORD);
    let mut attempts = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let (url, form) = (app.url("/api/signup"), form.clone());
        attempts.spawn(async move {
            reqwest::Client::new()
                .post(url)
                .form(&form)
                .send()
                .await
                .unwrap()
                .status()
        });
    }
    let statuses = attempts.join_all().await;
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{statuses:?}"
    );
    // The losers are told the code is used, or (past the per-email limit) to wait.
    assert!(
        statuses.iter().all(|s| [
            StatusCode::OK,
            StatusCode::BAD_REQUEST,
            StatusCode::TOO_MANY_REQUESTS
        ]
        .contains(s)),
        "{statuses:?}"
    );
    assert_eq!(users(&app).await, 1);
}
on_both_backends!(
    one_code_redeemed_twenty_times_at_once_creates_one_account,
    one_code_redeemed_twenty_times_at_once_creates_one_account
);

async fn bad_signup_input_gets_field_messages_and_writes_nothing(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let long_email = format!("{}@example.com", "a".repeat(10_000));
    for (email, field) in [
        (long_email.as_str(), "email"),
        ("victim@example.com\r\nBcc: all@example.com", "email"),
        ("nul\0@example.com", "email"),
        ("", "email"),
    ] {
        let answer = app.send_code(email).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{email:?}");
        assert!(
            answer.field_error(field).is_some(),
            "{email:?}: {:?}",
            answer.body
        );
    }
    let mut form = signup_form("x@example.com", "123456", "short");
    form.retain(|(k, _)| k != "input[accept_terms]");
    let answer = app.call("signup", &form).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.field_error("password").is_some());
    assert!(answer.field_error("accept_terms").is_some());

    // A 1 MB password never reaches the hasher: the body is refused before it is read.
    assert_eq!(
        app.status_for_announced_body("/api/signup", 1_000_000)
            .await,
        413
    );

    let mut extra = signup_form("x@example.com", "123456", PASSWORD);
    extra.push(("input[role]".into(), "reviewer".into()));
    assert_eq!(
        app.call("signup", &extra).await.status,
        StatusCode::BAD_REQUEST,
        "unknown fields are refused"
    );

    let (outbox,): (i64,) = sqlx::query_as("select count(*) from outbox")
        .fetch_one(app.server_db.pool())
        .await
        .unwrap();
    assert_eq!(outbox, 0);
    assert_eq!(users(&app).await, 0);
}
on_both_backends!(
    bad_signup_input_gets_field_messages_and_writes_nothing,
    bad_signup_input_gets_field_messages_and_writes_nothing
);

async fn login_gives_one_message_for_unknown_emails_and_wrong_passwords(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.sign_up("known@example.com").await;
    app.logout().await;

    let wrong = app.login("known@example.com", "not the password").await;
    let unknown = app.login("nobody@example.com", "not the password").await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert_eq!(wrong.status, unknown.status);
    assert_eq!(wrong.body, unknown.body);
    assert_eq!(
        wrong.field_error("form").as_deref(),
        Some(app::i18n::Locale::En.texts().auth().wrong_login)
    );
    assert_eq!(app.current_user().await, serde_json::Value::Null);

    let ok = app.login("KNOWN@example.com", PASSWORD).await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.body, "/apply", "a merchant lands on the application");
    assert_eq!(app.current_user().await["email"], "known@example.com");

    let next = app
        .call(
            "login",
            &[
                ("input[email]".into(), "known@example.com".into()),
                ("input[password]".into(), PASSWORD.into()),
                ("next".into(), "//evil.example/phish".into()),
            ],
        )
        .await;
    assert_eq!(next.body, "/apply", "an off-site next is ignored");
}
on_both_backends!(
    login_gives_one_message_for_unknown_emails_and_wrong_passwords,
    login_gives_one_message_for_unknown_emails_and_wrong_passwords
);

async fn repeated_login_failures_are_rate_limited_per_email(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.start_of_window(3600);
    for _ in 0..10 {
        assert_eq!(
            app.login("target@example.com", "guess guess").await.status,
            StatusCode::BAD_REQUEST
        );
    }
    let limited = app.login("target@example.com", "guess guess").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = limited.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    // The ten guesses count for a whole window length (15 minutes) and then
    // fade: the next is allowed a tenth of a window after that.
    assert!((900..=1000).contains(&retry), "{retry}");
    assert_eq!(
        limited.body["RateLimited"]["retry_after_secs"].as_u64(),
        Some(retry),
    );
    // Another account is not affected; the limit lifts when Retry-After says.
    assert_eq!(
        app.login("other@example.com", "guess guess").await.status,
        StatusCode::BAD_REQUEST
    );
    // (Half a minute short of it, on a clock that also runs meanwhile.)
    app.state.clock.advance(retry as i64 - 30);
    assert_eq!(
        app.login("target@example.com", "guess guess").await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    app.state.clock.advance(30);
    assert_eq!(
        app.login("target@example.com", "guess guess").await.status,
        StatusCode::BAD_REQUEST
    );
}
on_both_backends!(
    repeated_login_failures_are_rate_limited_per_email,
    repeated_login_failures_are_rate_limited_per_email
);

async fn guesses_timed_around_a_window_edge_get_the_limit_once(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    // Five wrong passwords in the last seconds of one 15-minute window...
    app.start_of_window(900);
    app.state.clock.advance(900 - 12);
    for _ in 0..5 {
        let answer = app.login("edge@example.com", "guess guess").await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    }
    // ...and five in the first seconds of the next are all it takes: the
    // limit is ten in any 15 minutes, not ten per window.
    app.state.clock.advance(12);
    for i in 0..5 {
        let answer = app.login("edge@example.com", "guess guess").await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "guess {}", 6 + i);
    }
    let limited = app.login("edge@example.com", "guess guess").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
}
on_both_backends!(
    guesses_timed_around_a_window_edge_get_the_limit_once,
    guesses_timed_around_a_window_edge_get_the_limit_once
);

fn session_cookie(answer_headers: &reqwest::header::HeaderMap) -> Option<String> {
    answer_headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("session=") || c.starts_with("__Host-session="))
        .map(str::to_owned)
}

async fn sessions_rotate_at_login_and_die_at_logout(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let signed_up = app.sign_up("rotate@example.com").await;
    let first = session_cookie(&signed_up.headers).expect("signup sets the session cookie");
    assert!(
        first.contains("HttpOnly") && first.contains("SameSite=Lax") && first.contains("Path=/"),
        "{first}"
    );
    assert!(!first.contains("Secure"));

    let relogin = app.login("rotate@example.com", PASSWORD).await;
    let second = session_cookie(&relogin.headers).expect("login sets a new cookie");
    let value = |c: &str| c.split(';').next().unwrap().to_owned();
    assert_ne!(value(&first), value(&second), "a new id at re-login");

    // Replaying the old id after logout is anonymous.
    let stolen = value(&second);
    app.logout().await;
    assert_eq!(app.current_user().await, serde_json::Value::Null);
    let replay: serde_json::Value = reqwest::Client::new()
        .get(app.url("/api/current_user"))
        .header("cookie", &stolen)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(replay, serde_json::Value::Null);

    // An id planted in the browser beforehand (fixation), ended or never
    // issued, is not the id a login goes on with.
    let never_issued = "session=AAAAAAAAAAAAAAAAAAAAAA".to_owned();
    for planted in [stolen, never_issued] {
        let login = reqwest::Client::new()
            .post(app.url("/api/login"))
            .header("cookie", &planted)
            .header("accept", "application/json")
            .form(&[
                ("input[email]", "rotate@example.com"),
                ("input[password]", PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), StatusCode::OK);
        let issued = session_cookie(login.headers()).expect("login sets a cookie");
        assert_ne!(value(&issued), planted);
    }
}
on_both_backends!(
    sessions_rotate_at_login_and_die_at_logout,
    sessions_rotate_at_login_and_die_at_logout
);

async fn sessions_expire_when_idle_and_after_thirty_days(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.sign_up("expiry@example.com").await;
    app.state.clock.advance(7 * 24 * 3600 - 60);
    assert_eq!(
        app.current_user().await["email"],
        "expiry@example.com",
        "still active within a week"
    );
    app.state.clock.advance(7 * 24 * 3600 + 1);
    assert_eq!(
        app.current_user().await,
        serde_json::Value::Null,
        "idle for over a week"
    );

    let answer = app.login("expiry@example.com", PASSWORD).await;
    // The cookie (and the stored record beside it) is written only at login,
    // so it must last the absolute limit: with the idle one, an account in
    // daily use was logged out by the browser a week after logging in.
    let cookie = session_cookie(&answer.headers).unwrap();
    assert!(
        cookie.contains(&format!("Max-Age={}", 30 * 24 * 3600)),
        "{cookie}"
    );
    // Active every 6 days up to day 29 (a margin for the real seconds the test takes)...
    for days in [6, 6, 6, 6, 5] {
        app.state.clock.advance(days * 24 * 3600);
        assert_eq!(app.current_user().await["email"], "expiry@example.com");
    }
    // ...and out on day 31, however active.
    app.state.clock.advance(2 * 24 * 3600);
    assert_eq!(
        app.current_user().await,
        serde_json::Value::Null,
        "absolute limit of 30 days"
    );
}
on_both_backends!(
    sessions_expire_when_idle_and_after_thirty_days,
    sessions_expire_when_idle_and_after_thirty_days
);

#[tokio::test]
async fn production_cookies_are_secure_with_the_host_prefix() {
    let Some(app) = spawn_app_with(Backend::Sqlite, &[("COOKIE_SECURE", "true")]).await else {
        return;
    };
    app.send_code("secure@example.com").await;
    let code = app.code_for("secure@example.com").await;
    let answer = app.signup("secure@example.com", &code).await;
    let cookie = session_cookie(&answer.headers).unwrap();
    assert!(cookie.starts_with("__Host-session="), "{cookie}");
    assert!(cookie.contains("Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"));
    assert!(app
        .get("/healthz")
        .await
        .headers()
        .get("strict-transport-security")
        .is_some());
}

/// Every guarded page, for every kind of visitor.
async fn pages_are_only_served_to_the_right_role(backend: Backend) {
    let Some(anonymous) = spawn_app(backend).await else {
        return;
    };
    let page = |client: &reqwest::Client, path: &str| {
        let request = client
            .get(anonymous.url(path))
            .header("accept", "text/html");
        async move { request.send().await.unwrap() }
    };
    for path in ["/apply", "/workspace", "/admin"] {
        let response = page(&anonymous.client, path).await;
        assert_eq!(response.status(), StatusCode::FOUND, "{path}");
        assert_eq!(
            response.headers()["location"],
            format!("/login?next={path}")
        );
    }

    anonymous.sign_up("merchant@example.com").await;
    let merchant = &anonymous.client;
    assert_eq!(page(merchant, "/apply").await.status(), StatusCode::OK);
    assert_eq!(page(merchant, "/workspace").await.status(), StatusCode::OK);
    let admin = page(merchant, "/admin").await;
    assert_eq!(admin.status(), StatusCode::FORBIDDEN);
    assert!(admin
        .text()
        .await
        .unwrap()
        .contains("This area is for reviewers only."));

    let hash =
        app::backend::passwords::hash(app::domain::Password::parse("reviewer password 1").unwrap())
            .await
            .unwrap();
    app::backend::users::upsert_reviewer(
        &anonymous.server_db,
        &app::domain::Email::parse("rev@example.com").unwrap(),
        &hash,
    )
    .await
    .unwrap();
    let reviewer = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let landed = anonymous
        .call_with(
            &reviewer,
            "login",
            &[
                ("input[email]".into(), "rev@example.com".into()),
                ("input[password]".into(), "reviewer password 1".into()),
            ],
        )
        .await;
    assert_eq!(landed.body, "/admin", "a reviewer lands on the queue");
    assert_eq!(page(&reviewer, "/admin").await.status(), StatusCode::OK);
    let apply = page(&reviewer, "/apply").await;
    assert_eq!(apply.status(), StatusCode::FORBIDDEN);
    assert!(apply
        .text()
        .await
        .unwrap()
        .contains("Reviewer accounts cannot apply"));
}
on_both_backends!(
    pages_are_only_served_to_the_right_role,
    pages_are_only_served_to_the_right_role
);

#[tokio::test]
async fn server_functions_refuse_get_for_changes_and_cross_site_posts() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    for endpoint in ["send_code", "signup", "login", "logout"] {
        let get = app.get(&format!("/api/{endpoint}")).await;
        assert_eq!(get.status(), StatusCode::METHOD_NOT_ALLOWED, "{endpoint}");
        let cross = app
            .client
            .post(app.url(&format!("/api/{endpoint}")))
            .header("origin", "https://evil.example")
            .header("sec-fetch-site", "cross-site")
            .form(&[("email", "x@example.com")])
            .send()
            .await
            .unwrap();
        assert_eq!(cross.status(), StatusCode::FORBIDDEN, "{endpoint}");
    }
}

async fn logins_are_limited_per_address_and_a_forged_forwarded_for_changes_nothing(
    backend: Backend,
) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.start_of_window(3600);
    // 50 attempts per address per window, each for a different account.
    for i in 0..50 {
        let answer = app
            .login(&format!("spray{i}@example.com"), "guess guess")
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "attempt {i}");
    }
    let limited = app.login("spray-last@example.com", "guess guess").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    // The client address comes from the socket: a forged header does not open a new bucket.
    let forged = app
        .client
        .post(app.url("/api/login"))
        .header("x-forwarded-for", "203.0.113.7")
        .form(&[
            ("input[email]", "spray-forged@example.com"),
            ("input[password]", "guess guess"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::TOO_MANY_REQUESTS);
}
on_both_backends!(
    logins_are_limited_per_address_and_a_forged_forwarded_for_changes_nothing,
    logins_are_limited_per_address_and_a_forged_forwarded_for_changes_nothing
);

/// A login sent through the proxy on behalf of `client`.
async fn login_via_proxy(app: &TestApp, client: &str, email: &str) -> StatusCode {
    app.client
        .post(app.url("/api/login"))
        .header("x-forwarded-for", format!("198.51.100.99, {client}"))
        .form(&[("input[email]", email), ("input[password]", "guess guess")])
        .send()
        .await
        .unwrap()
        .status()
}

async fn behind_a_trusted_proxy_each_client_has_its_own_limit_and_consent_address(
    backend: Backend,
) {
    let Some(app) = spawn_app_with(backend, &[("TRUSTED_PROXIES", "127.0.0.1, ::1")]).await else {
        return;
    };
    app.start_of_window(3600);
    // One client behind the proxy uses up its attempts...
    for i in 0..50 {
        let status = login_via_proxy(&app, "203.0.113.1", &format!("a{i}@example.com")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "attempt {i}");
    }
    let limited = login_via_proxy(&app, "203.0.113.1", "a-last@example.com").await;
    assert_eq!(limited, StatusCode::TOO_MANY_REQUESTS);
    // ...and another client behind the same proxy is not locked out with it.
    let other = login_via_proxy(&app, "203.0.113.2", "b@example.com").await;
    assert_eq!(other, StatusCode::BAD_REQUEST);
    // IPv6 clients count per /64: a new address in the same /64 is the same client.
    for i in 0..50 {
        let client = format!("2001:db8:1:2::{:x}", i + 1);
        let status = login_via_proxy(&app, &client, &format!("c{i}@example.com")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "attempt {i}");
    }
    let same_64 = login_via_proxy(&app, "2001:db8:1:2::ffff", "c-last@example.com").await;
    assert_eq!(same_64, StatusCode::TOO_MANY_REQUESTS);

    // The consent record stores the client's address, not the proxy's.
    let email = "proxied@example.com";
    let sent = app
        .client
        .post(app.url("/api/send_code"))
        .header("x-forwarded-for", "203.0.113.50")
        .form(&[("email", email)])
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), StatusCode::OK);
    let code = app.code_for(email).await;
    let signed_up = app
        .client
        .post(app.url("/api/signup"))
        .header("x-forwarded-for", "203.0.113.50")
        .form(&signup_form(email, &code, PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_up.status(), StatusCode::OK);
    let (tos_ip,): (String,) = sqlx::query_as("select tos_ip from users where email = $1")
        .bind(email)
        .fetch_one(app.server_db.pool())
        .await
        .unwrap();
    assert_eq!(tos_ip, "203.0.113.50");
}
on_both_backends!(
    behind_a_trusted_proxy_each_client_has_its_own_limit_and_consent_address,
    behind_a_trusted_proxy_each_client_has_its_own_limit_and_consent_address
);

async fn session_ids_and_codes_are_not_kept_readable_at_rest(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let email = "at-rest@example.com";
    assert_eq!(app.send_code(email).await.status, StatusCode::OK);
    let code = app.code_for(email).await;
    let signed_up = app.signup(email, &code).await;
    assert_eq!(signed_up.status, StatusCode::OK);

    // The session cookie works, but its id is not what the database holds.
    let cookie = signed_up.headers["set-cookie"].to_str().unwrap().to_owned();
    let id = cookie
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1
        .to_owned();
    assert_eq!(app.current_user().await["email"], email);
    let table = match backend {
        Backend::Sqlite => "tower_sessions",
        Backend::Postgres => "tower_sessions.session",
    };
    let ids: Vec<(String,)> = sqlx::query_as(&format!("select id from {table}"))
        .fetch_all(app.server_db.pool())
        .await
        .unwrap();
    assert!(!ids.is_empty());
    assert!(
        ids.iter().all(|(stored,)| *stored != id),
        "a session id is stored as is"
    );

    // Delivered mail keeps who and when, not what it said (the code).
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "select recipient, subject, text_body, html_body from outbox where status = 'sent'",
    )
    .fetch_all(app.server_db.pool())
    .await
    .unwrap();
    assert!(!rows.is_empty());
    for (recipient, subject, text, html) in rows {
        assert_eq!(recipient, email);
        assert!(
            !subject.contains(&code) && text.is_empty() && html.is_empty(),
            "{subject}"
        );
    }
}
on_both_backends!(
    session_ids_and_codes_are_not_kept_readable_at_rest,
    session_ids_and_codes_are_not_kept_readable_at_rest
);

async fn a_stranger_guessing_a_password_is_stopped_but_never_locks_the_owner_out(backend: Backend) {
    let Some(app) = spawn_app_with(backend, &[("TRUSTED_PROXIES", "127.0.0.1, ::1")]).await else {
        return;
    };
    app.start_of_window(3600);
    let owner = "owner-locked@example.com";
    app.sign_up(owner).await;
    app.logout().await;
    let login_from = |client: &'static str, password: &'static str| {
        app.client
            .post(app.url("/api/login"))
            .header("x-forwarded-for", client)
            .form(&[("input[email]", owner), ("input[password]", password)])
            .send()
    };
    // The guesser is stopped after 10 wrong passwords...
    for i in 0..10 {
        let status = login_from("203.0.113.66", "guess guess")
            .await
            .unwrap()
            .status();
        assert_eq!(status, StatusCode::BAD_REQUEST, "guess {i}");
    }
    let stopped = login_from("203.0.113.66", "guess guess").await.unwrap();
    assert_eq!(stopped.status(), StatusCode::TOO_MANY_REQUESTS);
    // ...even with the right password, from there...
    let still = login_from("203.0.113.66", PASSWORD).await.unwrap();
    assert_eq!(still.status(), StatusCode::TOO_MANY_REQUESTS);
    // ...while the owner, elsewhere, logs in.
    let owner_in = login_from("198.51.100.10", PASSWORD).await.unwrap();
    assert_eq!(owner_in.status(), StatusCode::OK);
    assert_eq!(app.current_user().await["email"], owner);
}
on_both_backends!(
    a_stranger_guessing_a_password_is_stopped_but_never_locks_the_owner_out,
    a_stranger_guessing_a_password_is_stopped_but_never_locks_the_owner_out
);

async fn an_account_attacked_from_many_addresses_still_lets_its_owner_in_with_a_mailed_code(
    backend: Backend,
) {
    let Some(app) = spawn_app_with(backend, &[("TRUSTED_PROXIES", "127.0.0.1, ::1")]).await else {
        return;
    };
    app.start_of_window(3600);
    let owner = "owner-attacked@example.com";
    app.sign_up(owner).await;
    app.logout().await;
    let mails_before = app.mail_to(owner).await.len();
    let app_ref = &app;
    let login_from = |client: String, password: &str, code: &str| {
        let app = app_ref;
        let form = [
            ("input[email]", owner.to_owned()),
            ("input[password]", password.to_owned()),
            ("input[code]", code.to_owned()),
        ];
        async move {
            let answer = app
                .client
                .post(app.url("/api/login"))
                .header("x-forwarded-for", client)
                .form(&form)
                .send()
                .await
                .unwrap();
            let status = answer.status();
            let body: serde_json::Value = answer.json().await.unwrap_or_default();
            (status, body)
        }
    };
    let message = |body: &serde_json::Value| body["Validation"][0]["message"].clone();

    // A botnet: 30 addresses, one wrong password each (under every per-address limit).
    for i in 0..30 {
        let (status, body) = login_from(format!("203.0.113.{i}"), "guess guess", "").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "guess {i}");
        assert_eq!(message(&body), "Incorrect email or password.", "guess {i}");
    }
    // Now the account is under attack: the right password alone is not enough,
    // and the answer is the same for a right and a wrong password.
    let (status, guesser) = login_from("203.0.113.200".into(), "guess guess", "").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        app.mail_to(owner).await.len(),
        mails_before,
        "a wrong password mails nothing"
    );
    let (status, owner_answer) = login_from("198.51.100.10".into(), PASSWORD, "").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        owner_answer, guesser,
        "the answer tells nothing about the password"
    );
    assert_eq!(owner_answer["Validation"][0]["field"], "code");
    assert!(app.current_user().await.is_null());

    // The owner gets a code by mail...
    let mail = app.mail_to(owner).await;
    assert_eq!(mail.len(), mails_before + 1);
    assert!(mail.last().unwrap().contains("sign-in code"));
    let code = code_in(mail.last().unwrap()).expect("a code");
    let code = code.as_str();
    // ...which is useless without the password...
    let (status, body) = login_from("203.0.113.201".into(), "guess guess", code).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(message(&body), "Incorrect email, password or code.");
    assert!(app.current_user().await.is_null());
    // ...and a wrong code with the right password is refused.
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (status, body) = login_from("198.51.100.10".into(), PASSWORD, wrong).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(message(&body), "Incorrect email, password or code.");

    // With both, the owner is in.
    let (status, _) = login_from("198.51.100.10".into(), PASSWORD, code).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.current_user().await["email"], owner);
    // The code was single use.
    app.logout().await;
    let (status, _) = login_from("198.51.100.10".into(), PASSWORD, code).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(app.current_user().await.is_null());

    // Five wrong codes void a code, even the right one after them.
    app.state.clock.advance(61);
    login_from("198.51.100.10".into(), PASSWORD, "").await;
    let fresh = code_in(app.mail_to(owner).await.last().unwrap()).unwrap();
    let fresh = fresh.as_str();
    let wrong = if fresh == "000000" {
        "111111"
    } else {
        "000000"
    };
    for i in 0..5 {
        let client = format!("198.51.100.{}", 20 + i);
        let (status, _) = login_from(client, PASSWORD, wrong).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }
    let (status, _) = login_from("198.51.100.10".into(), PASSWORD, fresh).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Once a whole window has passed without failures, the password alone
    // works again.
    app.start_of_window(900);
    app.state.clock.advance(900);
    let (status, _) = login_from("198.51.100.10".into(), PASSWORD, "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.current_user().await["email"], owner);
}
on_both_backends!(
    an_account_attacked_from_many_addresses_still_lets_its_owner_in_with_a_mailed_code,
    an_account_attacked_from_many_addresses_still_lets_its_owner_in_with_a_mailed_code
);
