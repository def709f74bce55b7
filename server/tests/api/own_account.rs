//! `/account`: changing the password, downloading one's data, deleting the
//! account (and nothing personal left behind in any table).

use crate::helpers::{spawn_app, Backend, TestApp, PASSWORD};
use crate::on_both_backends;
use app::backend::Db;
use reqwest::StatusCode;

const NEW_PASSWORD: &str = "a changed passphrase";

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap()
}

async fn logged_in(app: &TestApp, email: &str, password: &str) -> reqwest::Client {
    let client = client();
    let form = [
        ("input[email]".to_string(), email.to_string()),
        ("input[password]".into(), password.into()),
    ];
    assert_eq!(
        app.call_with(&client, "login", &form).await.status,
        StatusCode::OK
    );
    client
}

fn change_form(current: &str, new: &str, confirmation: &str) -> Vec<(String, String)> {
    vec![
        ("input[current_password]".into(), current.into()),
        ("input[password]".into(), new.into()),
        ("input[confirm_password]".into(), confirmation.into()),
    ]
}

async fn changing_the_password_needs_the_current_one_and_ends_other_sessions(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let email = "changer@example.com";
    app.sign_up(email).await;
    let other = logged_in(&app, email, PASSWORD).await;

    let wrong = app
        .call(
            "change_password",
            &change_form("not it", NEW_PASSWORD, NEW_PASSWORD),
        )
        .await;
    assert_eq!(
        wrong.field_error("current_password").as_deref(),
        Some(
            app::i18n::Locale::En
                .texts()
                .account()
                .wrong_current_password
        )
    );
    let weak = app
        .call("change_password", &change_form(PASSWORD, "short", "short"))
        .await;
    assert!(weak.field_error("password").is_some());
    let differs = app
        .call(
            "change_password",
            &change_form(PASSWORD, NEW_PASSWORD, "other"),
        )
        .await;
    assert!(differs.field_error("confirm_password").is_some());
    assert_eq!(
        app.json_with(&other, "/api/current_user").await["email"],
        email,
        "nothing changed yet"
    );

    let changed = app
        .call(
            "change_password",
            &change_form(PASSWORD, NEW_PASSWORD, NEW_PASSWORD),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    assert_eq!(
        app.current_user().await["email"],
        email,
        "this session goes on"
    );
    assert_eq!(
        app.json_with(&other, "/api/current_user").await,
        serde_json::Value::Null
    );
    assert_eq!(
        app.login(email, PASSWORD).await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(app.login(email, NEW_PASSWORD).await.status, StatusCode::OK);
    assert!(app
        .mail_to(email)
        .await
        .iter()
        .any(|m| m.contains("Subject: Your Mini Program Platform password was changed")));

    let anonymous = app
        .call_with(
            &client(),
            "change_password",
            &change_form(NEW_PASSWORD, PASSWORD, PASSWORD),
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}
on_both_backends!(
    changing_the_password_needs_the_current_one_and_ends_other_sessions,
    changing_the_password_needs_the_current_one_and_ends_other_sessions
);

async fn the_data_download_holds_the_account_and_what_the_merchant_was_shown(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let email = "exporter@example.com";
    let id = app.submitted(email, "Export Co").await;
    let reviewer = app.reviewer_client("export-reviewer@example.com").await;
    let id_text = id.to_string();
    app.as_reviewer(
        &reviewer,
        "assign_to_me",
        &[("id", id_text.as_str()), ("take_over", "false")],
    )
    .await;
    let rejected = app
        .as_reviewer(
            &reviewer,
            "reject",
            &[
                ("id", id_text.as_str()),
                ("reason", "The website does not load."),
            ],
        )
        .await;
    assert_eq!(rejected.status, StatusCode::OK, "{:?}", rejected.body);

    let answer = app.get("/account/data.json").await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert!(answer.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    assert_eq!(answer.headers()["cache-control"], "no-store");
    let data: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(data["account"]["email"], email);
    assert_eq!(data["account"]["role"], "merchant");
    assert!(data["terms_of_service_consent"]["version"].is_string());
    assert!(data["terms_of_service_consent"]["accepted_at"].is_i64());
    let application = &data["applications"][0];
    assert_eq!(application["status"], "rejected");
    assert_eq!(application["details"]["company_name"], "Export Co");
    assert_eq!(
        application["rejection_reason"],
        "The website does not load."
    );
    let events: Vec<&str> = application["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert!(events.contains(&"rejected"), "{events:?}");
    // Nothing only reviewers see: who reviewed it, claims.
    let text = data.to_string();
    assert!(!text.contains("export-reviewer@example.com"), "{text}");
    assert!(!events.contains(&"assigned"), "{events:?}");

    let anonymous = client()
        .get(app.url("/account/data.json"))
        .send()
        .await
        .unwrap();
    assert!(
        anonymous.url().path().starts_with("/login"),
        "{}",
        anonymous.url()
    );
}
on_both_backends!(
    the_data_download_holds_the_account_and_what_the_merchant_was_shown,
    the_data_download_holds_the_account_and_what_the_merchant_was_shown
);

/// Every text column of every table of the app's schema.
async fn text_columns(db: &Db, backend: Backend) -> Vec<(String, String)> {
    match backend {
        Backend::Sqlite => {
            let tables: Vec<(String,)> = sqlx::query_as(
                "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' \
                 and name <> '_sqlx_migrations'",
            )
            .fetch_all(db.pool())
            .await
            .unwrap();
            let mut columns = Vec::new();
            for (table,) in tables {
                let info: Vec<(String, String)> = sqlx::query_as(&format!(
                    "select name, type from pragma_table_info('{table}')"
                ))
                .fetch_all(db.pool())
                .await
                .unwrap();
                columns.extend(
                    info.into_iter()
                        .filter(|(_, kind)| !kind.to_lowercase().contains("int"))
                        .map(|(name, _)| (table.clone(), name)),
                );
            }
            columns
        }
        Backend::Postgres => sqlx::query_as(
            "select (table_schema || '.' || table_name)::text, column_name::text \
             from information_schema.columns \
             where table_schema = 'public' and table_name <> '_sqlx_migrations' \
               and data_type in ('text', 'character varying')",
        )
        .fetch_all(db.pool())
        .await
        .unwrap(),
    }
}

/// The `table.column`s holding `needle` anywhere.
async fn places_holding(db: &Db, backend: Backend, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (table, column) in text_columns(db, backend).await {
        let as_text = match backend {
            Backend::Sqlite => format!("cast({column} as text)"),
            Backend::Postgres => column.clone(),
        };
        let (n,): (i64,) = sqlx::query_as(&format!(
            "select count(*) from {table} where {as_text} like $1"
        ))
        .bind(format!("%{needle}%"))
        .fetch_one(db.pool())
        .await
        .unwrap();
        if n > 0 {
            found.push(format!("{table}.{column}"));
        }
    }
    found
}

async fn deleting_the_account_leaves_nothing_personal_and_frees_the_email(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let email = "leaving@example.com";
    // An application in review, with a logo and every answer.
    app.merchant_with_draft(email).await;
    let uploaded = app.upload("logo.png", crate::helpers::png(64, 64)).await;
    assert_eq!(uploaded.status, StatusCode::OK, "{:?}", uploaded.body);
    let version = app.json_with(&app.client, "/api/my_application").await["Draft"]["version"]
        .as_i64()
        .unwrap();
    let answers = [
        ("input[version]", version.to_string()),
        ("input[step]", "review".into()),
        ("input[role_selected]", "true".into()),
        ("input[details][company_name]", "Vanishing Trading".into()),
        ("input[details][country]", "SG".into()),
        ("input[details][address]", "1 Quiet Lane, Singapore".into()),
        ("input[details][website]", "https://acme.example".into()),
        ("input[details][contact_number]", "+65 6123 4567".into()),
        ("input[details][contact_email]", "owner@acme.example".into()),
    ];
    let form: Vec<(String, String)> = answers
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    let saved = app.call("save_draft", &form).await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    let version = saved.body["version"].as_i64().unwrap().to_string();
    let submitted = app
        .call("submit_application", &[("version".into(), version)])
        .await;
    assert_eq!(submitted.status, StatusCode::OK, "{:?}", submitted.body);
    let id = submitted.body["id"].as_i64().unwrap();
    let other = logged_in(&app, email, PASSWORD).await;
    assert!(!places_holding(&app.server_db, backend, email)
        .await
        .is_empty());

    let wrong = app
        .call("delete_account", &[("password".into(), "not it".into())])
        .await;
    assert_eq!(
        wrong.field_error("delete_password").as_deref(),
        Some(
            app::i18n::Locale::En
                .texts()
                .account()
                .wrong_password_to_delete
        )
    );
    assert_eq!(app.current_user().await["email"], email, "nothing happened");

    let deleted = app
        .call("delete_account", &[("password".into(), PASSWORD.into())])
        .await;
    assert_eq!(deleted.status, StatusCode::OK, "{:?}", deleted.body);
    assert_eq!(app.current_user().await, serde_json::Value::Null);
    assert_eq!(
        app.json_with(&other, "/api/current_user").await,
        serde_json::Value::Null
    );
    for personal in [
        email,
        "leaving@",
        "Vanishing Trading",
        "acme.example",
        "Quiet Lane",
        "6123 4567",
    ] {
        let left = places_holding(&app.server_db, backend, personal).await;
        assert!(left.is_empty(), "{personal:?} is still in {left:?}");
    }
    // A deleted account cannot log in (the attempt is counted under the
    // email it names, like any other).
    assert_eq!(
        app.login(email, PASSWORD).await.status,
        StatusCode::BAD_REQUEST
    );
    let (logos,): (i64,) = sqlx::query_as("select count(*) from logos")
        .fetch_one(app.server_db.pool())
        .await
        .unwrap();
    assert_eq!(logos, 0);
    // The anonymous record: the application was made, and withdrawn on the way out.
    let (status,): (String,) = sqlx::query_as("select status from applications where id = $1")
        .bind(id)
        .fetch_one(app.server_db.pool())
        .await
        .unwrap();
    assert_eq!(status, "withdrawn");

    // The address can sign up again, as a new account.
    let again = client();
    let sent = app
        .call_with(&again, "send_code", &[("email".into(), email.into())])
        .await;
    assert_eq!(sent.status, StatusCode::OK);
    let code = app.code_for(email).await;
    let signup = app
        .call_with(
            &again,
            "signup",
            &crate::helpers::signup_form(email, &code, PASSWORD),
        )
        .await;
    assert_eq!(signup.status, StatusCode::OK, "{:?}", signup.body);
    assert_eq!(
        app.json_with(&again, "/api/current_user").await["email"],
        email
    );
}
on_both_backends!(
    deleting_the_account_leaves_nothing_personal_and_frees_the_email,
    deleting_the_account_leaves_nothing_personal_and_frees_the_email
);

async fn the_email_changes_only_once_the_new_address_proves_itself(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let old = "old-address@example.com";
    let new = "new-address@example.com";
    app.sign_up("taken@example.com").await;
    app.logout().await;
    app.sign_up(old).await;

    let bad = app
        .call(
            "request_email_change",
            &[("new_email".into(), "not an address".into())],
        )
        .await;
    assert!(bad.field_error("new_email").is_some());
    let same = app
        .call("request_email_change", &[("new_email".into(), old.into())])
        .await;
    assert!(same.field_error("new_email").is_some());

    // A taken address: the same answer, a notice there instead of a code, and no change possible.
    let taken = app
        .call(
            "request_email_change",
            &[("new_email".into(), "taken@example.com".into())],
        )
        .await;
    assert_eq!(taken.status, StatusCode::OK);
    let notices = app.mail_to("taken@example.com").await;
    assert!(notices.iter().any(|m| m.contains("already has an account")));
    assert!(!notices.iter().any(|m| m.contains("email change code")));

    app.state.clock.advance(61);
    let sent = app
        .call("request_email_change", &[("new_email".into(), new.into())])
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{:?}", sent.body);
    let mail = app.mail_to(new).await;
    let code = crate::helpers::code_in(mail.last().unwrap()).unwrap();
    assert_eq!(
        app.current_user().await["email"],
        old,
        "nothing changes before the code"
    );

    let wrong = if code == "000000" { "111111" } else { "000000" };
    let refused = app
        .call("confirm_email_change", &[("code".into(), wrong.into())])
        .await;
    assert_eq!(
        refused.field_error("email_code").as_deref(),
        Some(app::i18n::Locale::En.texts().auth().invalid_code)
    );
    let done = app
        .call("confirm_email_change", &[("code".into(), code.clone())])
        .await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    assert_eq!(done.body, new);
    assert_eq!(app.current_user().await["email"], new);
    assert!(app
        .mail_to(old)
        .await
        .iter()
        .any(|m| m.contains("Subject: Your Mini Program Platform email address was changed")));
    assert_eq!(
        app.login(old, PASSWORD).await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(app.login(new, PASSWORD).await.status, StatusCode::OK);
    // Single use.
    let again = app
        .call("confirm_email_change", &[("code".into(), code)])
        .await;
    assert_eq!(
        again.field_error("email_code").as_deref(),
        Some(app::i18n::Locale::En.texts().auth().invalid_code)
    );
}
on_both_backends!(
    the_email_changes_only_once_the_new_address_proves_itself,
    the_email_changes_only_once_the_new_address_proves_itself
);
