//! English and Simplified Chinese: which language a request is answered in,
//! the account's saved choice, and mail in the recipient's language.

use crate::helpers::{spawn_app, Backend, TestApp, PASSWORD};
use crate::on_both_backends;
use reqwest::StatusCode;

/// A browser that asks for `accept_language`, with its own cookies.
fn browser(accept_language: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::ACCEPT_LANGUAGE,
        accept_language.parse().unwrap(),
    );
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .unwrap()
}

/// The subject and text of the newest message queued for `to`, as written
/// (before the transport encodes it).
async fn newest_mail(app: &TestApp, to: &str) -> (String, String) {
    sqlx::query_as(
        "select subject, text_body from outbox where recipient = $1 order by id desc limit 1",
    )
    .bind(to)
    .fetch_one(app.server_db.pool())
    .await
    .unwrap()
}

async fn language_of(app: &TestApp, email: &str) -> Option<String> {
    let (language,): (Option<String>,) =
        sqlx::query_as("select language from users where email = $1")
            .bind(email)
            .fetch_one(app.server_db.pool())
            .await
            .unwrap();
    language
}

/// `<html lang="…">` of the page at `path`.
async fn page_language(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    let html = client
        .get(app.url(path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let start = html.find("<html lang=\"").expect("an html element") + 12;
    html[start..start + html[start..].find('"').unwrap()].to_owned()
}

async fn a_chinese_speaking_merchant_is_answered_and_mailed_in_chinese(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let merchant = browser("zh-CN,zh;q=0.9,en;q=0.8");
    let email = "zh-merchant@example.com";

    // The code mail is in the language of the page that asked for it.
    let sent = app
        .call_with(&merchant, "send_code", &[("email".into(), email.into())])
        .await;
    assert_eq!(sent.status, StatusCode::OK);
    let (subject, text) = newest_mail(&app, email).await;
    assert!(subject.starts_with("小程序平台验证码："), "{subject}");
    assert!(text.starts_with("您的验证码是 "), "{text}");
    let code: String = subject.chars().filter(char::is_ascii_digit).collect();

    // A refusal is worded in Chinese; the account keeps the language it signed up in.
    let wrong = app
        .call_with(
            &merchant,
            "signup",
            &crate::helpers::signup_form(email, "000000", PASSWORD),
        )
        .await;
    assert_eq!(
        wrong.field_error("code").as_deref(),
        Some(app::i18n::Locale::ZhCn.texts().auth().invalid_code)
    );
    let created = app
        .call_with(
            &merchant,
            "signup",
            &crate::helpers::signup_form(email, &code, PASSWORD),
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{:?}", created.body);
    assert_eq!(language_of(&app, email).await.as_deref(), Some("zh-CN"));
    assert_eq!(page_language(&app, &merchant, "/apply").await, "zh-CN");

    // Field messages from the server's own checks, in Chinese.
    let mut form = vec![
        ("input[version]".to_string(), "0".to_string()),
        ("input[step]".into(), "review".into()),
        ("input[role_selected]".into(), "true".into()),
        ("input[details][company_name]".into(), "Lotus Co".into()),
        ("input[details][country]".into(), "SG".into()),
        (
            "input[details][website]".into(),
            "ftp://lotus.example".into(),
        ),
    ];
    let refused = app.call_with(&merchant, "save_draft", &form).await;
    assert_eq!(
        refused.field_error("website").as_deref(),
        Some("网站地址必须以 http:// 或 https:// 开头。")
    );
    form[5].1 = "https://lotus.example".into();
    let saved = app.call_with(&merchant, "save_draft", &form).await;
    let version = saved.body["version"].as_i64().unwrap().to_string();
    let submitted = app
        .call_with(
            &merchant,
            "submit_application",
            &[("version".into(), version)],
        )
        .await;
    assert_eq!(submitted.status, StatusCode::OK, "{:?}", submitted.body);
    let (subject, text) = newest_mail(&app, email).await;
    assert_eq!(subject, "我们已收到您的工作空间申请");
    assert!(text.contains("Lotus Co 的工作空间申请"), "{text}");
    // The due date in the Chinese format (the account saved no zone: UTC).
    assert!(
        text.contains("年") && text.contains("月") && text.contains("（UTC）"),
        "{text}"
    );

    // A reviewer working in English decides; the merchant is told in Chinese.
    let reviewer = app.reviewer_client("en-reviewer@example.com").await;
    let id = submitted.body["id"].as_i64().unwrap().to_string();
    app.as_reviewer(
        &reviewer,
        "assign_to_me",
        &[("id", id.as_str()), ("take_over", "false")],
    )
    .await;
    let short = app
        .as_reviewer(
            &reviewer,
            "reject",
            &[("id", id.as_str()), ("reason", "No")],
        )
        .await;
    assert_eq!(
        short.field_error("reason").as_deref(),
        Some("The reason needs at least 10 characters."),
        "the reviewer's own language"
    );
    let rejected = app
        .as_reviewer(
            &reviewer,
            "reject",
            &[
                ("id", id.as_str()),
                ("reason", "The website does not load."),
                ("fields[0]", "website"),
            ],
        )
        .await;
    assert_eq!(rejected.status, StatusCode::OK, "{:?}", rejected.body);
    let (subject, text) = newest_mail(&app, email).await;
    assert_eq!(subject, "您的工作空间申请已被驳回");
    assert!(text.contains("需要检查的字段：网站"), "{text}");
    assert!(
        text.contains("The website does not load."),
        "the reviewer's words as written"
    );
}
on_both_backends!(
    a_chinese_speaking_merchant_is_answered_and_mailed_in_chinese,
    a_chinese_speaking_merchant_is_answered_and_mailed_in_chinese
);

async fn the_saved_choice_wins_over_the_cookie_and_the_browser(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let email = "switcher@example.com";
    app.sign_up(email).await;
    assert_eq!(language_of(&app, email).await.as_deref(), Some("en"));

    // The switch: a plain form that keeps the choice and goes back to the page.
    let switched = app
        .client
        .post(app.url("/language"))
        .form(&[("lang", "zh-CN"), ("back", "/apply?step=details")])
        .send()
        .await
        .unwrap();
    assert_eq!(switched.status(), StatusCode::SEE_OTHER);
    assert_eq!(switched.headers()["location"], "/apply?step=details");
    let cookie = switched.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("lang=zh-CN;"), "{cookie}");
    assert_eq!(language_of(&app, email).await.as_deref(), Some("zh-CN"));

    // A browser that asks for English and still has an English cookie: once
    // logged in, the account's choice wins, and the cookie is brought in line.
    let other = browser("en-US,en;q=0.9");
    other
        .get(app.url("/login"))
        .header("cookie", "lang=en")
        .send()
        .await
        .unwrap();
    let login = app
        .call_with(
            &other,
            "login",
            &[
                ("input[email]".into(), email.into()),
                ("input[password]".into(), PASSWORD.into()),
            ],
        )
        .await;
    assert_eq!(login.status, StatusCode::OK);
    let page = other.get(app.url("/apply")).send().await.unwrap();
    let fixed = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .any(|c| c.to_str().unwrap().starts_with("lang=zh-CN;"));
    assert!(fixed, "the cookie follows the account");
    assert!(page.text().await.unwrap().contains("<html lang=\"zh-CN\""));

    // Mail to the account follows its choice, whoever asked.
    let reset = app
        .call_with(
            &browser("en"),
            "request_password_reset",
            &[("email".into(), email.into())],
        )
        .await;
    assert_eq!(reset.status, StatusCode::OK);
    let (subject, _) = newest_mail(&app, email).await;
    assert_eq!(subject, "重置您的小程序平台密码");

    // Bad input changes nothing: an unknown language, a way off the site.
    let unknown = app
        .client
        .post(app.url("/language"))
        .form(&[("lang", "fr"), ("back", "/apply")])
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    assert_eq!(language_of(&app, email).await.as_deref(), Some("zh-CN"));
    let away = app
        .client
        .post(app.url("/language"))
        .form(&[("lang", "en"), ("back", "//evil.example/")])
        .send()
        .await
        .unwrap();
    assert_eq!(away.headers()["location"], "/");
}
on_both_backends!(
    the_saved_choice_wins_over_the_cookie_and_the_browser,
    the_saved_choice_wins_over_the_cookie_and_the_browser
);

async fn the_chinese_terms_are_a_translation_of_the_current_version(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let terms = |accept_language: &'static str, original: bool| {
        let app = &app;
        async move {
            browser(accept_language)
                .get(app.url(&format!("/api/terms?original={original}")))
                .send()
                .await
                .unwrap()
                .json::<serde_json::Value>()
                .await
                .unwrap()
        }
    };
    let zh = terms("zh-CN", false).await;
    let en = terms("en", false).await;
    let asked_for_english = terms("zh-CN", true).await;
    assert_eq!(zh["version"], en["version"], "one version, two texts");
    assert_eq!(zh["title"], "服务条款");
    assert_eq!(zh["language"], "ZhCn");
    assert!(zh["body"].as_str().unwrap().contains("## 1. 适用对象"));
    assert_eq!(en["title"], "Terms of Service");
    assert_eq!(asked_for_english, en);

    // A new English version has no translation yet: Chinese readers get the
    // English text (the page says so) until one is published for it.
    let terms_file = app.mail_dir.join("terms-v2.md");
    std::fs::write(&terms_file, "## 1. New\nNew terms.").unwrap();
    server::cli::publish_terms(
        &app.server_db,
        "2027-01-15".into(),
        terms_file.to_str().unwrap(),
        "Terms of Service".into(),
        "http://localhost",
    )
    .await
    .unwrap();
    let untranslated = terms("zh-CN", false).await;
    assert_eq!(untranslated["version"], "2027-01-15");
    assert_eq!(untranslated["language"], "En");
    std::fs::write(&terms_file, "## 1. 新条款\n新的条款。").unwrap();
    server::cli::publish_terms_translation(
        &app.server_db,
        "2027-01-15".into(),
        app::i18n::Locale::ZhCn,
        terms_file.to_str().unwrap(),
        "服务条款".into(),
    )
    .await
    .unwrap();
    let translated = terms("zh-CN", false).await;
    assert_eq!(translated["language"], "ZhCn");
    assert!(translated["body"].as_str().unwrap().contains("新的条款"));
    // Only a published version can be translated.
    assert!(server::cli::publish_terms_translation(
        &app.server_db,
        "1999-01-01".into(),
        app::i18n::Locale::ZhCn,
        terms_file.to_str().unwrap(),
        "服务条款".into(),
    )
    .await
    .is_err());
}
on_both_backends!(
    the_chinese_terms_are_a_translation_of_the_current_version,
    the_chinese_terms_are_a_translation_of_the_current_version
);
