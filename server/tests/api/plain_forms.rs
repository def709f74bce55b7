//! Forms posted the plain way (JavaScript off, or before the wasm arrived)
//! land where the app would land, and a refusal comes back beside the
//! fields with what was typed — never the password.

use crate::helpers::{code_in, decode_quoted_printable, spawn_app, Backend, TestApp, PASSWORD};
use crate::on_both_backends;
use reqwest::header::{ACCEPT, LOCATION, REFERER, SET_COOKIE};
use reqwest::StatusCode;

const BROWSER_ACCEPT: &str =
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Posts `form` to `/api/{endpoint}` as a browser form on `page` does.
async fn post(
    app: &TestApp,
    client: &reqwest::Client,
    page: &str,
    endpoint: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    client
        .post(app.url(&format!("/api/{endpoint}")))
        .header(ACCEPT, BROWSER_ACCEPT)
        .header(REFERER, app.url(page))
        .form(form)
        .send()
        .await
        .unwrap()
}

fn location(response: &reqwest::Response) -> String {
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    response.headers()[LOCATION].to_str().unwrap().to_owned()
}

fn set_cookies(response: &reqwest::Response) -> String {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

async fn page(app: &TestApp, client: &reqwest::Client, path: &str) -> (String, String) {
    let response = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let cookies = set_cookies(&response);
    (response.text().await.unwrap(), cookies)
}

async fn logging_in_without_javascript_lands_like_the_app(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let email = "plain@example.com";
    app.sign_up(email).await;
    app.logout().await;
    let client = browser();

    let wrong = post(
        &app,
        &client,
        "/login",
        "login",
        &[
            ("input[email]", email),
            ("input[password]", "not my password 1"),
        ],
    )
    .await;
    let cookies = set_cookies(&wrong);
    assert_eq!(location(&wrong), "/login");
    assert!(cookies.contains("flash="), "{cookies}");
    assert!(
        !cookies.contains("not%20my%20password"),
        "the password is never carried back"
    );
    let (html, cleared) = page(&app, &client, "/login").await;
    assert!(
        html.contains("Incorrect email or password."),
        "the refusal is shown"
    );
    assert!(
        html.contains(&format!("value=\"{email}\"")),
        "the email is kept"
    );
    assert!(cleared.contains("flash=;") && cleared.contains("Max-Age=0"));
    let (again, _) = page(&app, &client, "/login").await;
    assert!(
        !again.contains("Incorrect email or password."),
        "shown once"
    );

    let right = post(
        &app,
        &client,
        "/login?next=/account",
        "login",
        &[
            ("input[email]", email),
            ("input[password]", PASSWORD),
            ("next", "/account"),
        ],
    )
    .await;
    assert_eq!(location(&right), "/account");
    assert!(!set_cookies(&right).contains("flash="));
    let me = app.json_with(&client, "/api/current_user").await;
    assert_eq!(me["email"], email);

    let out = post(&app, &client, "/account", "logout", &[]).await;
    assert_eq!(location(&out), "/");
    let me = app.json_with(&client, "/api/current_user").await;
    assert_eq!(me, serde_json::Value::Null);
}
on_both_backends!(
    logging_in_without_javascript_lands_like_the_app,
    logging_in_without_javascript_lands_like_the_app
);

async fn signing_up_without_javascript_sends_the_code_then_creates_the_account(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let email = "plain-signup@example.com";
    let client = browser();
    // Send Code posts the whole signup form.
    fn form<'a>(email: &'a str, code: &'a str) -> Vec<(&'a str, &'a str)> {
        vec![
            ("input[email]", email),
            ("input[code]", code),
            ("input[password]", PASSWORD),
            ("input[confirm_password]", PASSWORD),
            ("input[accept_terms]", "true"),
        ]
    }
    let sent = post(&app, &client, "/signup", "send_code", &form(email, "")).await;
    assert_eq!(location(&sent), "/signup");
    let (html, _) = page(&app, &client, "/signup").await;
    assert!(html.contains(&format!("We sent a 6-digit code to {email}")));
    assert!(html.contains(&format!("value=\"{email}\"")));

    let wrong = post(&app, &client, "/signup", "signup", &form(email, "000000")).await;
    assert_eq!(location(&wrong), "/signup");
    let (html, _) = page(&app, &client, "/signup").await;
    assert!(html.contains("This code is invalid or has expired."));

    let mail = decode_quoted_printable(app.mail_to(email).await.last().unwrap());
    let code = code_in(&mail).unwrap();
    let created = post(&app, &client, "/signup", "signup", &form(email, &code)).await;
    assert_eq!(location(&created), "/apply");
    let (html, _) = page(&app, &client, "/apply").await;
    assert!(
        html.contains(email),
        "logged in: the header names the account"
    );
}
on_both_backends!(
    signing_up_without_javascript_sends_the_code_then_creates_the_account,
    signing_up_without_javascript_sends_the_code_then_creates_the_account
);

async fn the_app_itself_still_gets_json(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    // The hydrated app asks for JSON: no redirect, no flash.
    let answer = app.login("nobody@example.com", "not my password 1").await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.headers.get(LOCATION).is_none());
    assert!(answer.headers.get(SET_COOKIE).is_none());
}
on_both_backends!(
    the_app_itself_still_gets_json,
    the_app_itself_still_gets_json
);

async fn the_wizard_posts_without_javascript(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.merchant_with_draft("plain-wizard@example.com").await;
    let client = &app.client;

    // Next Step refused: back to the step, with the typed values and the messages.
    let refused = post(
        &app,
        client,
        "/apply?step=details",
        "save_draft",
        &[
            ("input[version]", "1"),
            ("input[role_selected]", "true"),
            ("input[details][address]", "1 Raffles Place"),
            ("input[step]", "review"),
        ],
    )
    .await;
    assert_eq!(location(&refused), "/apply?step=details");
    let (html, _) = page(&app, client, "/apply?step=details").await;
    assert!(html.contains("Enter your company name."), "{html}");
    assert!(html.contains("1 Raffles Place"));

    // Accepted: on to the step the button named.
    let accepted = post(
        &app,
        client,
        "/apply?step=details",
        "save_draft",
        &[
            ("input[version]", "1"),
            ("input[role_selected]", "true"),
            ("input[details][company_name]", "Plain Posts Ltd"),
            ("input[details][country]", "SG"),
            ("input[step]", "review"),
        ],
    )
    .await;
    assert_eq!(location(&accepted), "/apply?step=review");

    // A logo, posted as a file.
    let form = reqwest::multipart::Form::new().part(
        "logo",
        reqwest::multipart::Part::bytes(crate::helpers::png(300, 300))
            .file_name("logo.png")
            .mime_str("image/png")
            .unwrap(),
    );
    let uploaded = client
        .post(app.url("/api/upload_logo"))
        .header(ACCEPT, BROWSER_ACCEPT)
        .header(REFERER, app.url("/apply?step=details"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(location(&uploaded), "/apply?step=details");
    let (html, _) = page(&app, client, "/apply?step=details").await;
    assert!(html.contains("src=\"/logos/"), "the new logo shows");

    // Submit lands on the status page.
    let submitted = post(
        &app,
        client,
        "/apply?step=review",
        "submit_application",
        &[("version", "2")],
    )
    .await;
    assert_eq!(location(&submitted), "/apply");
    let (html, _) = page(&app, client, "/apply").await;
    assert!(html.contains("Your application is under review"));
}
on_both_backends!(
    the_wizard_posts_without_javascript,
    the_wizard_posts_without_javascript
);
