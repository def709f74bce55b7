//! The account's devices: every login session listed with its browser,
//! system, address and times; logging out the others.

use crate::helpers::{spawn_app, Backend, TestApp, PASSWORD};
use crate::on_both_backends;
use app::backend::account_sessions;
use reqwest::StatusCode;
use serde_json::Value;

const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const WINDOWS: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

async fn logged_in_as(app: &TestApp, email: &str, user_agent: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .user_agent(user_agent)
        .build()
        .unwrap();
    let form = [
        ("input[email]".to_string(), email.to_string()),
        ("input[password]".into(), PASSWORD.into()),
    ];
    let answer = app.call_with(&client, "login", &form).await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    client
}

async fn devices(app: &TestApp, client: &reqwest::Client) -> Vec<Value> {
    match app.json_with(client, "/api/my_devices").await {
        Value::Array(devices) => devices,
        other => panic!("not a list of devices: {other}"),
    }
}

async fn rows_of(app: &TestApp, email: &str) -> i64 {
    let (count,): (i64,) = sqlx::query_as(
        "select count(*) from account_sessions s join users u on u.id = s.user_id where u.email = $1",
    )
    .bind(email)
    .fetch_one(app.state.db.pool())
    .await
    .unwrap();
    count
}

async fn each_session_is_listed_and_the_others_can_be_logged_out(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let email = "devices@example.com";
    app.sign_up(email).await;
    let phone = logged_in_as(&app, email, IPHONE).await;
    app.state.clock.advance(120);
    let laptop = logged_in_as(&app, email, WINDOWS).await;

    let listed = devices(&app, &laptop).await;
    assert_eq!(listed.len(), 3, "{listed:?}");
    assert_eq!(listed[0]["this_one"], true, "this device comes first");
    assert_eq!(listed[0]["browser"], "Chrome 131");
    assert_eq!(listed[0]["system"], "Windows");
    assert_eq!(listed[0]["client_addr"], "127.0.0.1");
    assert!(listed[1..].iter().all(|d| d["this_one"] == false));
    let iphone = listed
        .iter()
        .find(|d| d["system"] == "iOS")
        .expect("the phone is listed");
    assert_eq!(iphone["browser"], "Safari 18");
    assert!(
        listed
            .iter()
            .any(|d| d["browser"] == "Unknown browser" && d["system"] == "Unknown system"),
        "a client without a user agent is listed too"
    );
    // The phone is used again later: its last-seen time moves, its sign-in time stays.
    app.state.clock.advance(300);
    assert_eq!(
        app.json_with(&phone, "/api/current_user").await["email"],
        email
    );
    let phone_seen = devices(&app, &phone).await;
    assert_eq!(phone_seen[0]["this_one"], true);
    assert_eq!(phone_seen[0]["system"], "iOS");
    // 420 s of the test's clock, plus whatever the real clock moved meanwhile.
    let used_for = phone_seen[0]["last_seen_at"].as_i64().unwrap()
        - phone_seen[0]["signed_in_at"].as_i64().unwrap();
    assert!((420..480).contains(&used_for), "{used_for}");
    // Another account's sessions are never listed.
    let stranger = "stranger@example.com";
    let other_app_client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    assert_eq!(app.send_code(stranger).await.status, StatusCode::OK);
    let code = app.code_for(stranger).await;
    let signed = app
        .call_with(
            &other_app_client,
            "signup",
            &crate::helpers::signup_form(stranger, &code, PASSWORD),
        )
        .await;
    assert_eq!(signed.status, StatusCode::OK, "{:?}", signed.body);
    assert_eq!(devices(&app, &other_app_client).await.len(), 1);

    let ended = app.call_with(&laptop, "log_out_other_sessions", &[]).await;
    assert_eq!(ended.status, StatusCode::OK, "{:?}", ended.body);
    assert_eq!(ended.body, 2);
    assert_eq!(
        app.json_with(&phone, "/api/current_user").await,
        Value::Null
    );
    assert_eq!(app.current_user().await, Value::Null);
    assert_eq!(
        app.json_with(&laptop, "/api/current_user").await["email"],
        email
    );
    let left = devices(&app, &laptop).await;
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["this_one"], true);
    assert_eq!(
        app.call_with(&laptop, "log_out_other_sessions", &[])
            .await
            .body,
        0
    );
    assert_eq!(
        devices(&app, &other_app_client).await.len(),
        1,
        "the stranger stays logged in"
    );

    // Logging out removes this device's row; nothing is listed for nobody.
    assert_eq!(
        app.call_with(&laptop, "logout", &[]).await.status,
        StatusCode::OK
    );
    assert_eq!(rows_of(&app, email).await, 0);
    let anonymous = laptop.get(app.url("/api/my_devices")).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let anonymous = app.call_with(&laptop, "log_out_other_sessions", &[]).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}
on_both_backends!(
    each_session_is_listed_and_the_others_can_be_logged_out,
    each_session_is_listed_and_the_others_can_be_logged_out
);

async fn a_new_password_leaves_only_this_device(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let email = "repassword@example.com";
    app.sign_up(email).await;
    let phone = logged_in_as(&app, email, IPHONE).await;
    let form = [
        ("input[current_password]".to_string(), PASSWORD.to_string()),
        ("input[password]".into(), "a changed passphrase".into()),
        (
            "input[confirm_password]".into(),
            "a changed passphrase".into(),
        ),
    ];
    let changed = app.call_with(&phone, "change_password", &form).await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    let listed = devices(&app, &phone).await;
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["this_one"], true);
    // The ended session's row goes with the periodic clean-up (or at its
    // next request).
    assert_eq!(rows_of(&app, email).await, 2);
    account_sessions::delete_ended(&app.state.db, app.state.clock.now())
        .await
        .unwrap();
    assert_eq!(rows_of(&app, email).await, 1);
    assert_eq!(app.current_user().await, Value::Null);
}
on_both_backends!(
    a_new_password_leaves_only_this_device,
    a_new_password_leaves_only_this_device
);

/// A new session record is written in one statement that never replaces
/// another: a taken id (against all odds) gets a fresh one, and either
/// record reads back as written through a store that has cached neither.
async fn a_new_session_record_never_replaces_one_under_the_same_id(backend: Backend) {
    use app::backend::session::DbSessionStore;
    use tower_sessions::cookie::time::{Duration, OffsetDateTime};
    use tower_sessions::session::{Id, Record};
    use tower_sessions::SessionStore;
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let record = |who: &str| Record {
        id: Id(7),
        data: [("who".to_string(), Value::from(who))].into(),
        expiry_date: OffsetDateTime::now_utc() + Duration::hours(1),
    };
    let store = DbSessionStore::connect(&app.db.url, &app.server_db)
        .await
        .unwrap();
    let mut first = record("first");
    store.create(&mut first).await.unwrap();
    assert_eq!(first.id, Id(7));
    let mut second = record("second");
    store.create(&mut second).await.unwrap();
    assert_ne!(second.id, Id(7), "a taken id is replaced");

    let fresh = DbSessionStore::connect(&app.db.url, &app.server_db)
        .await
        .unwrap();
    for (id, who) in [(first.id, "first"), (second.id, "second")] {
        let loaded = fresh
            .load(&id)
            .await
            .unwrap()
            .expect("the record is stored");
        assert_eq!(loaded.data["who"], who);
        assert_eq!(loaded.id, id);
    }
}
on_both_backends!(
    a_new_session_record_never_replaces_one_under_the_same_id,
    a_new_session_record_never_replaces_one_under_the_same_id
);
