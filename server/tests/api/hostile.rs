//! Hostile input: all 28 cases of QUALITY.md's catalogue in one table, sent
//! over HTTP. A refused case gets a clear 4xx answer (a message a person can
//! act on), never a 500, and writes nothing; a case the product accepts by
//! design (a script or SQL as a company name, a polyglot image, a file name
//! with `../`) is stored literally and shown as text, its payload gone.

use crate::helpers::{png, Backend, TestApp};
use crate::on_both_backends;
use reqwest::StatusCode;
use std::collections::BTreeSet;

/// What a case sends.
enum Body {
    Form(Vec<u8>),
    /// Multipart parts: (name, file name, bytes).
    Multipart(Vec<(String, String, Vec<u8>)>),
    /// Only headers announcing this many bytes.
    Announced(usize),
    /// A body that trickles in a byte at a time.
    Trickle,
}

/// Who sends it.
#[derive(Clone, Copy)]
enum Who {
    Merchant,
    Reviewer,
    CrossSite,
}

/// What must come of it.
#[derive(Clone, Copy)]
enum Outcome {
    /// This status (with a message when it is 400), and nothing written.
    Refused(StatusCode),
    /// Refused with exactly this message for `field`, nothing written.
    RefusedWith(&'static str, &'static str),
    /// Accepted, and then this holds.
    Accepted(Check),
}

#[derive(Clone, Copy)]
enum Check {
    /// The draft's company name is stored exactly so and shown escaped.
    CompanyStored(&'static str),
    /// The draft's logo is a plain PNG without these bytes.
    LogoWithout(&'static [u8]),
    /// The decision's reason is stored exactly so; the mail has no injected header.
    ReasonStored(&'static str),
}

struct Case {
    number: u32,
    name: &'static str,
    who: Who,
    endpoint: &'static str,
    body: Body,
    outcome: Outcome,
}

fn form(pairs: &[(&str, &str)]) -> Body {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        out.append_pair(k, v);
    }
    Body::Form(out.finish().into_bytes())
}

/// A save of the merchant's draft (at `version`) with `extra` answers (an
/// extra key replaces the default one).
fn draft(version: i64, extra: &[(&str, &str)]) -> Body {
    let version = version.to_string();
    let mut pairs: Vec<(&str, &str)> = vec![
        ("input[version]", version.as_str()),
        ("input[step]", "details"),
        ("input[role_selected]", "true"),
    ];
    pairs.retain(|(key, _)| !extra.iter().any(|(k, _)| k == key));
    pairs.extend_from_slice(extra);
    form(&pairs)
}

/// A complete draft whose company name is `company`.
fn draft_named(version: i64, company: &str) -> Body {
    draft(
        version,
        &[
            ("input[step]", "review"),
            ("input[details][company_name]", company),
            ("input[details][country]", "SG"),
        ],
    )
}

fn signup(email: &str, code: &str, password: &str) -> Body {
    form(&[
        ("input[email]", email),
        ("input[code]", code),
        ("input[password]", password),
        ("input[confirm_password]", password),
        ("input[accept_terms]", "true"),
    ])
}

fn logo(file_name: &str, bytes: Vec<u8>) -> Body {
    Body::Multipart(vec![("logo".into(), file_name.into(), bytes)])
}

/// CRC-32 as PNG chunks use it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[4..]);
    out.extend_from_slice(&crc.to_be_bytes());
    out
}

/// A valid PNG header claiming `width` × `height` pixels, with one pixel of data.
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut png = png(1, 1);
    png[16..20].copy_from_slice(&width.to_be_bytes());
    png[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

/// An animated PNG of `frames` 1×1 frames.
fn apng(frames: u32) -> Vec<u8> {
    let still = png(1, 1);
    // Signature (8) + IHDR (25), then IDAT, then IEND (12).
    let (head, rest) = still.split_at(33);
    let idat_len = u32::from_be_bytes(rest[..4].try_into().unwrap()) as usize;
    let idat_data = &rest[8..8 + idat_len];
    let frame_control = |seq: u32| {
        let mut data = seq.to_be_bytes().to_vec();
        for v in [1u32, 1, 0, 0] {
            data.extend_from_slice(&v.to_be_bytes());
        }
        data.extend_from_slice(&[0, 1, 0, 100, 0, 0]);
        chunk(b"fcTL", &data)
    };
    let mut out = head.to_vec();
    let mut control = frames.to_be_bytes().to_vec();
    control.extend_from_slice(&0u32.to_be_bytes());
    out.extend(chunk(b"acTL", &control));
    out.extend(frame_control(0));
    out.extend(chunk(b"IDAT", idat_data));
    let mut seq = 1;
    for _ in 1..frames {
        out.extend(frame_control(seq));
        let mut data = (seq + 1).to_be_bytes().to_vec();
        data.extend_from_slice(idat_data);
        out.extend(chunk(b"fdAT", &data));
        seq += 2;
    }
    out.extend(chunk(b"IEND", &[]));
    out
}

const SCRIPT: &str = "<script>alert(1)</script>";
const SQL: &str = "Robert'); drop table applications; --";
const REASON: &str = "Fix the name\r\nBcc: everyone@example.com <b>now</b>, please.";
const PAYLOAD: &[u8] = b"<script>alert('polyglot')</script>";

/// Facts from the setup that the cases refer to.
struct Setup {
    /// The merchant's draft version before the cases run.
    version: i64,
    /// A code that is not the one mailed to `GUESSED`.
    wrong_code: String,
    /// The application in review, assigned to the reviewer.
    in_review: String,
}

const EXISTING: &str = "hostile-admin@example.com";
const GUESSED: &str = "hostile-guess@example.com";

fn cases(setup: &Setup) -> Vec<Case> {
    use Outcome::*;
    use Who::*;
    let long_email = format!("{}@example.com", "a".repeat(10_000));
    let megabyte = "x".repeat(1024 * 1024);
    let deep = format!("input{}=1", "[a]".repeat(200));
    let v = setup.version;
    let id = setup.in_review.as_str();
    let bad = Refused(StatusCode::BAD_REQUEST);
    let mut over = vec![0u8; app::backend::logos::MAX_BYTES + 1];
    over[..8].copy_from_slice(&png(1, 1)[..8]);
    let valid = png(64, 64);
    let mut polyglot = valid[..33].to_vec();
    polyglot.extend(chunk(b"tEXt", &[b"Comment\0", PAYLOAD].concat()));
    polyglot.extend_from_slice(&valid[33..]);
    polyglot.extend_from_slice(PAYLOAD);
    let many_parts = (0..1000)
        .map(|i| (format!("part{i}"), format!("f{i}.png"), b"x".to_vec()))
        .collect();
    let long_reason = "r".repeat(2001);
    let case = |number, name, who, endpoint, body, outcome| Case {
        number,
        name,
        who,
        endpoint,
        body,
        outcome,
    };
    vec![
        case(
            1,
            "a 10,000-character email",
            Merchant,
            "send_code",
            form(&[("email", &long_email)]),
            bad,
        ),
        case(
            2,
            "an email with CR/LF and Bcc",
            Merchant,
            "send_code",
            form(&[("email", "a@example.com\r\nBcc: all@example.com")]),
            bad,
        ),
        case(
            3,
            "an existing email in other case, at signup",
            Merchant,
            "signup",
            signup(
                "Hostile-Admin@Example.COM",
                "123456",
                "a long and fine passphrase",
            ),
            RefusedWith("code", app::i18n::Locale::En.texts().auth().invalid_code),
        ),
        case(
            4,
            "a 1 MB password",
            Merchant,
            "signup",
            signup("hostile-new@example.com", "123456", &megabyte),
            Refused(StatusCode::PAYLOAD_TOO_LARGE),
        ),
        case(
            4,
            "a common password",
            Merchant,
            "signup",
            signup("hostile-new@example.com", "123456", "password123"),
            bad,
        ),
        case(
            4,
            "a blank password",
            Merchant,
            "signup",
            signup("hostile-new@example.com", "123456", ""),
            bad,
        ),
        case(
            5,
            "a NUL byte in a text field",
            Merchant,
            "save_draft",
            draft(v, &[("input[details][company_name]", "Nul\0Co")]),
            bad,
        ),
        case(
            6,
            "invalid UTF-8",
            Merchant,
            "save_draft",
            Body::Form(
                format!(
                    "input[version]={v}&input[step]=details&input[details][company_name]=%FF%FE"
                )
                .into_bytes(),
            ),
            bad,
        ),
        case(
            9,
            "a right-to-left override in a name",
            Merchant,
            "save_draft",
            draft_named(v, "Evil\u{202E}Corp"),
            bad,
        ),
        case(
            9,
            "a zero-width character in a name",
            Merchant,
            "save_draft",
            draft_named(v, "Evil\u{200B}Corp"),
            bad,
        ),
        case(
            10,
            "1 MB in one field",
            Merchant,
            "save_draft",
            draft(v, &[("input[details][address]", &megabyte)]),
            Refused(StatusCode::PAYLOAD_TOO_LARGE),
        ),
        case(
            11,
            "a field given twice",
            Merchant,
            "save_draft",
            Body::Form(
                format!("input[version]={v}&input[version]=7&input[step]=details").into_bytes(),
            ),
            bad,
        ),
        case(
            12,
            "an extra status=approved",
            Merchant,
            "save_draft",
            draft(v, &[("input[status]", "approved")]),
            bad,
        ),
        case(
            13,
            "an id that is not the caller's",
            Merchant,
            "withdraw_application",
            form(&[("id", id)]),
            Refused(StatusCode::NOT_FOUND),
        ),
        case(
            14,
            "submit with a step incomplete",
            Merchant,
            "submit_application",
            form(&[("version", &v.to_string())]),
            bad,
        ),
        case(
            15,
            "javascript: as Website",
            Merchant,
            "save_draft",
            draft(
                v,
                &[
                    ("input[step]", "review"),
                    ("input[details][company_name]", "Acme"),
                    ("input[details][country]", "SG"),
                    ("input[details][website]", "javascript:alert(1)"),
                ],
            ),
            bad,
        ),
        case(
            15,
            "data: as Website",
            Merchant,
            "save_draft",
            draft(
                v,
                &[
                    ("input[step]", "review"),
                    ("input[details][company_name]", "Acme"),
                    ("input[details][country]", "SG"),
                    ("input[details][website]", "data:text/html,hi"),
                ],
            ),
            bad,
        ),
        case(
            16,
            "deeply nested input",
            Merchant,
            "save_draft",
            Body::Form(deep.into_bytes()),
            bad,
        ),
        case(
            17,
            "a 50 MB body",
            Merchant,
            "save_draft",
            Body::Announced(50 * 1024 * 1024),
            Refused(StatusCode::PAYLOAD_TOO_LARGE),
        ),
        case(
            17,
            "a body that trickles",
            Merchant,
            "save_draft",
            Body::Trickle,
            Refused(StatusCode::REQUEST_TIMEOUT),
        ),
        case(
            18,
            "six guesses of a code (the sixth)",
            Merchant,
            "signup",
            signup(GUESSED, &setup.wrong_code, "a long and fine passphrase"),
            RefusedWith("code", app::i18n::Locale::En.texts().auth().too_many_tries),
        ),
        case(
            19,
            "a 0-byte logo",
            Merchant,
            "upload_logo",
            logo("logo.png", Vec::new()),
            RefusedWith("logo", app::domain::logo::empty()),
        ),
        case(
            19,
            "a logo of 2 MB + 1 byte",
            Merchant,
            "upload_logo",
            logo("logo.png", over),
            RefusedWith("logo", app::domain::logo::too_large()),
        ),
        case(
            20,
            "a 100k × 100k PNG",
            Merchant,
            "upload_logo",
            logo("logo.png", png_claiming(100_000, 100_000)),
            RefusedWith("logo", app::domain::logo::too_wide()),
        ),
        case(
            20,
            "a decompression bomb",
            Merchant,
            "upload_logo",
            logo("logo.png", png(5000, 5000)),
            RefusedWith("logo", app::domain::logo::too_wide()),
        ),
        case(
            21,
            "SVG with script",
            Merchant,
            "upload_logo",
            logo(
                "logo.svg",
                b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>".to_vec(),
            ),
            RefusedWith("logo", app::domain::logo::wrong_type()),
        ),
        case(
            23,
            "an executable named .png",
            Merchant,
            "upload_logo",
            logo(
                "logo.png",
                b"MZ\x90\x00\x03\x00\x00\x00 this program cannot be run in DOS mode".to_vec(),
            ),
            RefusedWith("logo", app::domain::logo::wrong_type()),
        ),
        case(
            25,
            "a corrupt PNG",
            Merchant,
            "upload_logo",
            logo("logo.png", valid[..valid.len() / 2].to_vec()),
            RefusedWith("logo", app::domain::logo::damaged()),
        ),
        case(
            24,
            "a file name with a NUL byte (a malformed part header)",
            Merchant,
            "upload_logo",
            logo("logo\0.png", png(64, 64)),
            RefusedWith("logo", "The upload could not be read. Try again."),
        ),
        case(
            26,
            "multipart with 1,000 parts",
            Merchant,
            "upload_logo",
            Body::Multipart(many_parts),
            bad,
        ),
        case(
            27,
            "a cross-site POST",
            CrossSite,
            "save_draft",
            draft_named(v, "Cross Site Co"),
            Refused(StatusCode::FORBIDDEN),
        ),
        case(
            28,
            "a rejection reason over 2,000 characters",
            Reviewer,
            "reject",
            form(&[("id", id), ("reason", &long_reason)]),
            bad,
        ),
        // Accepted by design, last: each changes what it targets.
        case(
            22,
            "a polyglot image",
            Merchant,
            "upload_logo",
            logo("logo.png", polyglot),
            Accepted(Check::LogoWithout(PAYLOAD)),
        ),
        case(
            24,
            "a file name with ../ and a right-to-left override (ignored)",
            Merchant,
            "upload_logo",
            logo("../../etc/\u{202E}gnp.exe.png", valid.clone()),
            Accepted(Check::LogoWithout(b"etc")),
        ),
        case(
            25,
            "an animated image with 10,000 frames",
            Merchant,
            "upload_logo",
            logo("logo.png", apng(10_000)),
            Accepted(Check::LogoWithout(b"acTL")),
        ),
        case(
            7,
            "<script> as a company name",
            Merchant,
            "save_draft",
            draft_named(v, SCRIPT),
            Accepted(Check::CompanyStored(SCRIPT)),
        ),
        case(
            8,
            "SQL as a company name",
            Merchant,
            "save_draft",
            draft_named(v + 1, SQL),
            Accepted(Check::CompanyStored(SQL)),
        ),
        case(
            28,
            "CR/LF and HTML in a rejection reason",
            Reviewer,
            "reject",
            form(&[("id", id), ("reason", REASON)]),
            Accepted(Check::ReasonStored(REASON)),
        ),
    ]
}

/// Rows a refused request must not add or change.
async fn fingerprint(app: &TestApp) -> Vec<(String, i64)> {
    let mut out = Vec::new();
    for (name, sql) in [
        ("users", "select count(*) from users"),
        ("applications", "select count(*) from applications"),
        (
            "application versions",
            "select cast(coalesce(sum(version), 0) as bigint) from applications",
        ),
        ("codes", "select count(*) from verification_codes"),
        ("logos", "select count(*) from logos"),
        ("events", "select count(*) from application_events"),
    ] {
        let (n,): (i64,) = sqlx::query_as(sql)
            .fetch_one(app.server_db.pool())
            .await
            .unwrap();
        out.push((name.to_string(), n));
    }
    out
}

async fn send(
    app: &TestApp,
    reviewer: &reqwest::Client,
    case: &Case,
) -> (StatusCode, serde_json::Value) {
    let url = app.url(&format!("/api/{}", case.endpoint));
    let path = format!("/api/{}", case.endpoint);
    let client = match case.who {
        Who::Reviewer => reviewer,
        Who::Merchant | Who::CrossSite => &app.client,
    };
    let request = match &case.body {
        Body::Announced(n) => {
            let status = app.status_for_announced_body(&path, *n).await;
            return (
                StatusCode::from_u16(status).unwrap(),
                serde_json::Value::Null,
            );
        }
        Body::Trickle => {
            let status = app.status_for_trickled_body(&path).await;
            return (
                StatusCode::from_u16(status).unwrap(),
                serde_json::Value::Null,
            );
        }
        Body::Form(bytes) => client
            .post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(bytes.clone()),
        Body::Multipart(parts) => {
            let mut multipart = reqwest::multipart::Form::new();
            for (name, file_name, bytes) in parts {
                let part = reqwest::multipart::Part::bytes(bytes.clone())
                    .file_name(file_name.clone())
                    .mime_str("image/png")
                    .unwrap();
                multipart = multipart.part(name.clone(), part);
            }
            client.post(url).multipart(multipart)
        }
    };
    let request = match case.who {
        Who::CrossSite => request
            .header("sec-fetch-site", "cross-site")
            .header("origin", "https://evil.example"),
        _ => request,
    };
    let answer = request
        .header("accept", "application/json")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", case.name));
    let status = answer.status();
    let text = answer.text().await.unwrap_or_default();
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
    )
}

/// A text column of the target merchant's draft.
async fn draft_column(app: &TestApp, column: &str) -> String {
    let (value,): (String,) = sqlx::query_as(&format!(
        "select a.{column} from applications a join users u on u.id = a.user_id \
         where u.email = 'hostile@example.com'"
    ))
    .fetch_one(app.server_db.pool())
    .await
    .unwrap();
    value
}

/// Checks what an accepted case left behind.
async fn verify(app: &TestApp, check: &Check, name: &str) {
    match check {
        Check::CompanyStored(literal) => {
            let stored = draft_column(app, "company_name").await;
            assert_eq!(stored, *literal, "{name}: stored as typed");
            // The page shows it as text: markup escaped, nothing else changed.
            let page = app.get("/apply").await.text().await.unwrap();
            let escaped = literal
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            let shown = ["'", "&#x27;", "&#39;"]
                .iter()
                .any(|quote| page.contains(&escaped.replace('\'', quote)));
            assert!(shown, "{name}: shown as text");
            if literal.contains('<') {
                assert!(!page.contains(literal), "{name}: shown unescaped");
            }
        }
        Check::LogoWithout(needle) => {
            let logo_id = draft_column(app, "logo_id").await;
            assert!(
                app::backend::logos::is_valid_id(&logo_id),
                "{name}: {logo_id}"
            );
            let served = app.get(&format!("/logos/{logo_id}.png")).await;
            assert_eq!(served.status(), StatusCode::OK, "{name}");
            let bytes = served.bytes().await.unwrap();
            assert_eq!(
                image::guess_format(&bytes).unwrap(),
                image::ImageFormat::Png,
                "{name}"
            );
            assert!(
                !bytes.windows(needle.len()).any(|w| w == *needle),
                "{name}: the payload survived"
            );
        }
        Check::ReasonStored(literal) => {
            let (stored,): (String,) = sqlx::query_as(
                "select rejection_reason from applications where rejection_reason is not null",
            )
            .fetch_one(app.server_db.pool())
            .await
            .unwrap();
            // Line breaks are kept (as \n), everything else as typed.
            assert_eq!(
                stored,
                literal.replace("\r\n", "\n"),
                "{name}: stored as typed"
            );
            let mail = app.mail_to("hostile-submitted@example.com").await;
            let rejection = mail.last().expect("a rejection mail");
            let headers = rejection.split("\r\n\r\n").next().unwrap();
            assert!(
                !headers.to_ascii_lowercase().contains("bcc:"),
                "{name}: a header was injected"
            );
            assert!(
                rejection.contains("&lt;b&gt;now&lt;/b&gt;"),
                "{name}: HTML escaped"
            );
        }
    }
}

async fn every_hostile_input_of_the_catalogue_gets_a_clear_answer(backend: Backend) {
    let Some(app) = spawn_app_with_short_timeout(backend).await else {
        return;
    };
    // An existing account, a code to guess, an application in review
    // (assigned to a reviewer), and the merchant whose draft is the target.
    app.sign_up(EXISTING).await;
    app.logout().await;
    let in_review = app
        .submitted("hostile-submitted@example.com", "Submitted Co")
        .await
        .to_string();
    app.logout().await;
    let reviewer = app.reviewer_client("hostile-reviewer@example.com").await;
    let assigned = app
        .as_reviewer(
            &reviewer,
            "assign_to_me",
            &[("id", &in_review), ("take_over", "false")],
        )
        .await;
    assert_eq!(assigned.status, StatusCode::OK);
    assert_eq!(app.send_code(GUESSED).await.status, StatusCode::OK);
    let code = app.code_for(GUESSED).await;
    let wrong_code = if code == "000000" { "111111" } else { "000000" }.to_owned();
    for _ in 0..5 {
        let answer = app
            .call(
                "signup",
                &crate::helpers::signup_form(GUESSED, &wrong_code, crate::helpers::PASSWORD),
            )
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    }
    app.merchant_with_draft("hostile@example.com").await;
    let setup = Setup {
        version: 1,
        wrong_code,
        in_review,
    };

    let all = cases(&setup);
    let numbers: BTreeSet<u32> = all.iter().map(|c| c.number).collect();
    assert_eq!(
        numbers,
        (1..=28).collect(),
        "every case of the catalogue has a row"
    );
    let mut before = fingerprint(&app).await;
    for case in &all {
        let name = format!("{}. {}", case.number, case.name);
        let (status, body) = send(&app, &reviewer, case).await;
        assert!(!status.is_server_error(), "{name}: {status} {body}");
        match &case.outcome {
            Outcome::Refused(want) => {
                assert_eq!(status, *want, "{name}: {body}");
                if status == StatusCode::BAD_REQUEST {
                    let message = body["Validation"][0]["message"]
                        .as_str()
                        .unwrap_or_default();
                    assert!(
                        message.len() > 10,
                        "{name}: a message a person can act on: {body}"
                    );
                }
            }
            Outcome::RefusedWith(field, message) => {
                assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: {body}");
                let error = body["Validation"]
                    .as_array()
                    .and_then(|list| list.iter().find(|e| e["field"] == *field))
                    .map(|e| e["message"].clone());
                assert_eq!(error, Some((*message).into()), "{name}: {body}");
            }
            Outcome::Accepted(check) => {
                assert_eq!(status, StatusCode::OK, "{name}: {body}");
                verify(&app, check, &name).await;
                before = fingerprint(&app).await;
                continue;
            }
        }
        assert_eq!(fingerprint(&app).await, before, "{name} wrote something");
    }
    eprintln!(
        "hostile input: {} requests covering all {} cases",
        all.len(),
        numbers.len()
    );
}
on_both_backends!(
    every_hostile_input_of_the_catalogue_gets_a_clear_answer,
    every_hostile_input_of_the_catalogue_gets_a_clear_answer
);

/// An app whose request deadline is short, so the trickling body meets it soon.
async fn spawn_app_with_short_timeout(backend: Backend) -> Option<TestApp> {
    crate::helpers::spawn_app_with(backend, &[("REQUEST_TIMEOUT_SECS", "2")]).await
}
