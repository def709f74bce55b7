//! Hostile input (QUALITY.md): each case gets a clear 4xx answer, never a
//! 500, and writes nothing. Cases that need a special setup live beside the
//! feature they attack (logos.rs for images, accounts.rs for codes,
//! foundation.rs for body limits and cross-site posts, access.rs for ids).

use crate::helpers::{spawn_app, Backend, TestApp};
use crate::on_both_backends;
use reqwest::StatusCode;

/// One hostile request: where it goes, its raw form body, and the answer it must get.
struct Case {
    name: &'static str,
    endpoint: &'static str,
    body: Vec<u8>,
    status: StatusCode,
}

fn form(pairs: &[(&str, &str)]) -> Vec<u8> {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        out.append_pair(k, v);
    }
    out.finish().into_bytes()
}

fn draft(extra: &[(&str, &str)]) -> Vec<u8> {
    let mut pairs = vec![
        ("input[version]", "1"),
        ("input[step]", "details"),
        ("input[role_selected]", "true"),
    ];
    pairs.extend_from_slice(extra);
    form(&pairs)
}

fn signup(password: &str) -> Vec<u8> {
    form(&[
        ("input[email]", "hostile-new@example.com"),
        ("input[code]", "123456"),
        ("input[password]", password),
        ("input[confirm_password]", password),
        ("input[accept_terms]", "true"),
    ])
}

fn cases() -> Vec<Case> {
    let long_email = format!("{}@example.com", "a".repeat(10_000));
    let megabyte = "x".repeat(1024 * 1024);
    let deep = format!("input{}=1", "[a]".repeat(200));
    let case = |name, endpoint, body, status| Case {
        name,
        endpoint,
        body,
        status,
    };
    let bad = StatusCode::BAD_REQUEST;
    vec![
        case(
            "1. a 10,000-character email",
            "send_code",
            form(&[("email", &long_email)]),
            bad,
        ),
        case(
            "2. an email with CR/LF and Bcc",
            "send_code",
            form(&[("email", "a@example.com\r\nBcc: all@example.com")]),
            bad,
        ),
        case(
            "4. a 1 MB password",
            "signup",
            signup(&megabyte),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        case("4. a common password", "signup", signup("password123"), bad),
        case("4. a blank password", "signup", signup(""), bad),
        case(
            "5. a NUL byte in a text field",
            "save_draft",
            draft(&[("input[details][company_name]", "Nul\0Co")]),
            bad,
        ),
        case(
            "6. invalid UTF-8",
            "save_draft",
            b"input[version]=1&input[step]=details&input[details][company_name]=%FF%FE".to_vec(),
            bad,
        ),
        case(
            "9. a right-to-left override in a name",
            "save_draft",
            draft(&[
                ("input[step]", "review"),
                ("input[details][company_name]", "Evil\u{202E}Corp"),
                ("input[details][country]", "SG"),
            ]),
            bad,
        ),
        case(
            "10. 1 MB in one field",
            "save_draft",
            draft(&[("input[details][address]", &megabyte)]),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        case(
            "11. a field given twice",
            "save_draft",
            draft(&[("input[version]", "7")]),
            bad,
        ),
        case(
            "12. an extra status=approved",
            "save_draft",
            draft(&[("input[status]", "approved")]),
            bad,
        ),
        case(
            "13. an id that is not the caller's",
            "withdraw_application",
            form(&[("id", "999999")]),
            StatusCode::NOT_FOUND,
        ),
        case(
            "14. submit with a step incomplete",
            "submit_application",
            form(&[("version", "1")]),
            bad,
        ),
        case(
            "15. javascript: as Website",
            "save_draft",
            draft(&[
                ("input[step]", "review"),
                ("input[details][company_name]", "Acme"),
                ("input[details][country]", "SG"),
                ("input[details][website]", "javascript:alert(1)"),
            ]),
            bad,
        ),
        case(
            "15. data: as Website",
            "save_draft",
            draft(&[
                ("input[step]", "review"),
                ("input[details][company_name]", "Acme"),
                ("input[details][country]", "SG"),
                ("input[details][website]", "data:text/html,hi"),
            ]),
            bad,
        ),
        case(
            "16. deeply nested input",
            "save_draft",
            deep.into_bytes(),
            bad,
        ),
    ]
}

/// Rows a hostile request must not add or change.
async fn fingerprint(app: &TestApp) -> Vec<(String, i64)> {
    let mut out = Vec::new();
    for (name, sql) in [
        ("users", "select count(*) from users"),
        ("applications", "select count(*) from applications"),
        (
            "application versions",
            "select coalesce(max(version), 0) from applications",
        ),
        ("codes", "select count(*) from verification_codes"),
        ("logos", "select count(*) from logos"),
    ] {
        let (n,): (i64,) = sqlx::query_as(sql)
            .fetch_one(app.server_db.pool())
            .await
            .unwrap();
        out.push((name.to_string(), n));
    }
    out
}

async fn hostile_input_gets_a_clear_answer_and_changes_nothing(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    // A merchant with a draft at version 1, the target of the draft cases.
    app.merchant_with_draft("hostile@example.com").await;
    let before = fingerprint(&app).await;
    let all = cases();
    for case in &all {
        let answer = app
            .client
            .post(app.url(&format!("/api/{}", case.endpoint)))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(case.body.clone())
            .send()
            .await
            .unwrap();
        let status = answer.status();
        let text = answer.text().await.unwrap_or_default();
        assert_eq!(status, case.status, "{}: {text}", case.name);
        if status == StatusCode::BAD_REQUEST {
            let body: serde_json::Value = serde_json::from_str(&text).unwrap();
            let message = body["Validation"][0]["message"]
                .as_str()
                .unwrap_or_default();
            assert!(
                message.len() > 10,
                "{}: a message a person can act on: {text}",
                case.name
            );
        }
        assert_eq!(
            fingerprint(&app).await,
            before,
            "{} wrote something",
            case.name
        );
    }
    eprintln!("hostile input: {} cases", all.len());
}
on_both_backends!(
    hostile_input_gets_a_clear_answer_and_changes_nothing,
    hostile_input_gets_a_clear_answer_and_changes_nothing
);
