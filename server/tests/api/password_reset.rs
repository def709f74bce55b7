//! Forgot password: the mailed single-use link, its expiry and replacement,
//! and the sessions it ends.

use crate::helpers::{spawn_app, Backend, TestApp, PASSWORD, REVIEWER_PASSWORD};
use crate::on_both_backends;
use app::backend::password_resets::LINK_VALID_SECS;
use reqwest::StatusCode;

const NEW_PASSWORD: &str = "a brand new passphrase";

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap()
}

impl TestApp {
    async fn request_reset_with(
        &self,
        client: &reqwest::Client,
        email: &str,
    ) -> crate::helpers::Answer {
        self.call_with(
            client,
            "request_password_reset",
            &[("email".into(), email.into())],
        )
        .await
    }

    /// The token of the newest reset link mailed to `to`.
    async fn reset_token_for(&self, to: &str) -> String {
        let mail = self.mail_to(to).await;
        let last = mail
            .iter()
            .rev()
            .find(|m| m.contains("Subject: Reset your Mini Program Platform password"))
            .expect("a reset mail");
        let start = last.find("/reset/").expect("a link in the mail") + "/reset/".len();
        last[start..start + 64].to_owned()
    }

    async fn reset_with(
        &self,
        client: &reqwest::Client,
        token: &str,
        password: &str,
        confirmation: &str,
    ) -> crate::helpers::Answer {
        self.call_with(
            client,
            "reset_password",
            &[
                ("input[token]".into(), token.into()),
                ("input[password]".into(), password.into()),
                ("input[confirm_password]".into(), confirmation.into()),
            ],
        )
        .await
    }

    async fn link_is_live(&self, token: &str) -> bool {
        self.get(&format!("/api/reset_link_is_live?token={token}"))
            .await
            .json()
            .await
            .unwrap()
    }

    async fn user_of(&self, client: &reqwest::Client) -> serde_json::Value {
        self.json_with(client, "/api/current_user").await
    }
}

async fn a_forgotten_password_is_reset_with_the_mailed_link(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let email = "forgetful@example.com";
    app.sign_up(email).await;
    let other_device = client();
    let login = app
        .call_with(
            &other_device,
            "login",
            &[
                ("input[email]".into(), email.into()),
                ("input[password]".into(), PASSWORD.into()),
            ],
        )
        .await;
    assert_eq!(login.status, StatusCode::OK);

    // The same answer whether or not the address has an account.
    let stranger = client();
    let known = app.request_reset_with(&stranger, email).await;
    let unknown = app
        .request_reset_with(&stranger, "nobody@example.com")
        .await;
    assert_eq!(
        (known.status, unknown.status),
        (StatusCode::OK, StatusCode::OK)
    );
    assert_eq!(known.body, unknown.body);
    assert!(app.mail_to("nobody@example.com").await.is_empty());
    let bad = app.request_reset_with(&stranger, "not an address").await;
    assert!(bad.field_error("email").is_some(), "{:?}", bad.body);

    let token = app.reset_token_for(email).await;
    assert!(app.link_is_live(&token).await);

    // A password breaking the signup rules, or a confirmation that differs, changes nothing.
    let short = app.reset_with(&stranger, &token, "short", "short").await;
    assert!(short.field_error("password").is_some(), "{:?}", short.body);
    let differs = app
        .reset_with(&stranger, &token, NEW_PASSWORD, "something else")
        .await;
    assert_eq!(
        differs.field_error("confirm_password").as_deref(),
        Some("The passwords do not match.")
    );
    assert!(
        app.link_is_live(&token).await,
        "a refused form does not use the link up"
    );
    assert_eq!(app.user_of(&other_device).await["email"], email);

    // The link sets the password, logs this browser in, and ends every other session.
    let done = app
        .reset_with(&stranger, &token, NEW_PASSWORD, NEW_PASSWORD)
        .await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    assert_eq!(done.body, "/apply");
    assert_eq!(app.user_of(&stranger).await["email"], email);
    assert_eq!(app.current_user().await, serde_json::Value::Null);
    assert_eq!(app.user_of(&other_device).await, serde_json::Value::Null);
    assert!(app
        .mail_to(email)
        .await
        .iter()
        .any(|m| m.contains("Subject: Your Mini Program Platform password was changed")));

    // The old password is gone, the new one works, and the link is used up.
    assert_eq!(
        app.login(email, PASSWORD).await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(app.login(email, NEW_PASSWORD).await.status, StatusCode::OK);
    assert!(!app.link_is_live(&token).await);
    let again = app
        .reset_with(
            &client(),
            &token,
            "another good passphrase",
            "another good passphrase",
        )
        .await;
    assert_eq!(
        again.field_error("form").as_deref(),
        Some(app::i18n::Locale::En.texts().account().invalid_reset_link)
    );
    assert_eq!(app.login(email, NEW_PASSWORD).await.status, StatusCode::OK);
}
on_both_backends!(
    a_forgotten_password_is_reset_with_the_mailed_link,
    a_forgotten_password_is_reset_with_the_mailed_link
);

async fn links_expire_after_thirty_minutes_and_a_newer_one_voids_the_older(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let email = "twice@example.com";
    app.sign_up(email).await;
    let anonymous = client();
    app.request_reset_with(&anonymous, email).await;
    let first = app.reset_token_for(email).await;
    app.request_reset_with(&anonymous, email).await;
    let second = app.reset_token_for(email).await;
    assert_ne!(first, second);
    assert!(
        !app.link_is_live(&first).await,
        "a newer link voids the older"
    );
    let old = app
        .reset_with(&anonymous, &first, NEW_PASSWORD, NEW_PASSWORD)
        .await;
    assert_eq!(
        old.field_error("form").as_deref(),
        Some(app::i18n::Locale::En.texts().account().invalid_reset_link)
    );

    app.state.clock.advance(LINK_VALID_SECS - 60);
    assert!(app.link_is_live(&second).await);
    app.state.clock.advance(61);
    assert!(!app.link_is_live(&second).await, "expired after 30 minutes");
    let late = app
        .reset_with(&anonymous, &second, NEW_PASSWORD, NEW_PASSWORD)
        .await;
    assert_eq!(
        late.field_error("form").as_deref(),
        Some(app::i18n::Locale::En.texts().account().invalid_reset_link)
    );
    assert_eq!(app.login(email, PASSWORD).await.status, StatusCode::OK);

    // Only a hash of the token is stored.
    let (stored,): (String,) = sqlx::query_as("select token_hash from password_resets")
        .fetch_one(app.server_db.pool())
        .await
        .unwrap();
    assert_ne!(stored, second);
}
on_both_backends!(
    links_expire_after_thirty_minutes_and_a_newer_one_voids_the_older,
    links_expire_after_thirty_minutes_and_a_newer_one_voids_the_older
);

async fn one_link_used_from_two_tabs_at_once_sets_one_password(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let email = "tabs@example.com";
    app.sign_up(email).await;
    app.request_reset_with(&client(), email).await;
    let token = app.reset_token_for(email).await;
    let (first, second) = ("first tab passphrase", "second tab passphrase");
    let (tab_a, tab_b) = (client(), client());
    let (a, b) = tokio::join!(
        app.reset_with(&tab_a, &token, first, first),
        app.reset_with(&tab_b, &token, second, second)
    );
    let winners: Vec<_> = [(first, a), (second, b)]
        .into_iter()
        .filter(|(_, answer)| answer.status == StatusCode::OK)
        .map(|(password, _)| password)
        .collect();
    assert_eq!(winners.len(), 1, "exactly one tab sets the password");
    assert_eq!(app.login(email, winners[0]).await.status, StatusCode::OK);
}
on_both_backends!(
    one_link_used_from_two_tabs_at_once_sets_one_password,
    one_link_used_from_two_tabs_at_once_sets_one_password
);

async fn reviewers_reset_too_and_requests_are_rate_limited(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let email = "reviewer-forgot@example.com";
    app.reviewer(email).await;
    let browser = client();
    app.request_reset_with(&browser, email).await;
    let token = app.reset_token_for(email).await;
    let done = app
        .reset_with(&browser, &token, NEW_PASSWORD, NEW_PASSWORD)
        .await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    assert_eq!(done.body, "/admin");
    assert_eq!(app.user_of(&browser).await["role"], "reviewer");
    assert_eq!(
        app.login(email, REVIEWER_PASSWORD).await.status,
        StatusCode::BAD_REQUEST
    );

    // Five links an hour per address, then a wait.
    app.start_of_window(3600);
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(
            app.request_reset_with(&browser, "limited@example.com")
                .await,
        );
    }
    assert!(statuses[..5].iter().all(|a| a.status == StatusCode::OK));
    assert_eq!(statuses[5].status, StatusCode::TOO_MANY_REQUESTS);
    assert!(statuses[5].body["RateLimited"]["retry_after_secs"]
        .as_u64()
        .is_some());
}
on_both_backends!(
    reviewers_reset_too_and_requests_are_rate_limited,
    reviewers_reset_too_and_requests_are_rate_limited
);
