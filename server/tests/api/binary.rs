//! Tests of the compiled `server` binary: its CLI, and what it writes to its log.

use crate::helpers::{Backend, TestDb};
use crate::on_both_backends;
use crate::process::ServerProcess;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

fn server(db: &TestDb, dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
    cmd.env("DATABASE_URL", &db.url)
        .env("MAIL_DIR", dir.join("mail"))
        .env("RUST_LOG", "warn")
        .current_dir(dir);
    cmd
}

fn create_reviewer(
    db: &TestDb,
    dir: &std::path::Path,
    email: &str,
    stdin: &[u8],
) -> std::process::Output {
    let mut child = server(db, dir)
        .args(["create-reviewer", "--email", email, "--password-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

async fn create_reviewer_stores_a_hashed_password_and_refuses_bad_input(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();

    let created = create_reviewer(
        &db,
        dir.path(),
        "Reviewer@Example.com",
        b"a long reviewer secret\n",
    );
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    assert!(
        String::from_utf8_lossy(&created.stdout).contains("Created reviewer reviewer@example.com")
    );

    let reset = create_reviewer(
        &db,
        dir.path(),
        "reviewer@example.com",
        b"another long secret\n",
    );
    assert!(reset.status.success());
    assert!(String::from_utf8_lossy(&reset.stdout).contains("Reset the password"));

    let pool = app::backend::Db::connect(&db.url).await.unwrap();
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("select email, role, password_hash from users")
            .fetch_all(pool.pool())
            .await
            .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].0, "reviewer@example.com");
    assert_eq!(rows[0].1, "reviewer");
    assert!(
        rows[0].2.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{}",
        rows[0].2
    );
    assert!(!rows[0].2.contains("secret"));

    for (email, stdin, expected) in [
        (
            "not-an-email",
            &b"a long reviewer secret\n"[..],
            "email refused",
        ),
        ("ok@example.com", b"short\n", "at least 8"),
        ("ok@example.com", b"", "no password"),
        ("ok@example.com", b"password123\n", "too common"),
    ] {
        let out = create_reviewer(&db, dir.path(), email, stdin);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected), "{email}: {err}");
        assert!(!err.contains("secret"), "the password is never echoed");
    }
    let (n,): (i64,) = sqlx::query_as("select count(*) from users")
        .fetch_one(pool.pool())
        .await
        .unwrap();
    assert_eq!(n, 1, "refused input writes nothing");
}
on_both_backends!(
    create_reviewer_stores_a_hashed_password_and_refuses_bad_input,
    create_reviewer_stores_a_hashed_password_and_refuses_bad_input
);

async fn no_password_code_or_session_id_reaches_the_logs(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let server =
        ServerProcess::start(&db.url, &dir.path().join("mail"), &[("RUST_LOG", "debug")]).await;
    let base = server.base.clone();
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();

    let email = "secret-keeper@example.com";
    let password = "SuperSecretPassphrase-42";
    client
        .post(format!("{base}/api/send_code"))
        .form(&[("email", email)])
        .send()
        .await
        .unwrap();
    let mail_dir = dir.path().join("mail");
    let mut code = None;
    for _ in 0..100 {
        if let Some(found) = crate::helpers::read_mail(&mail_dir, email)
            .last()
            .and_then(|m| crate::helpers::code_in(m))
        {
            code = Some(found);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let code = code.expect("the code was mailed");
    let signup = client
        .post(format!("{base}/api/signup"))
        .form(&crate::helpers::signup_form(email, &code, password))
        .send()
        .await
        .unwrap();
    assert_eq!(signup.status(), reqwest::StatusCode::OK);
    let session_id = signup
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("session="))
        .map(|c| c.split(';').next().unwrap().to_owned())
        .expect("a session cookie");
    client
        .post(format!("{base}/api/login"))
        .form(&[("input[email]", email), ("input[password]", password)])
        .send()
        .await
        .unwrap();

    // Security events: a failed login and a cross-site post.
    let failed = reqwest::Client::new()
        .post(format!("{base}/api/login"))
        .form(&[
            ("input[email]", email),
            ("input[password]", "a wrong guess"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(failed.status(), reqwest::StatusCode::BAD_REQUEST);
    let cross = reqwest::Client::new()
        .post(format!("{base}/api/logout"))
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), reqwest::StatusCode::FORBIDDEN);

    let logs = server.logs();
    assert!(
        logs.contains("account created"),
        "the log is being written:\n{logs}"
    );
    for event in ["login failed", "cross-site request refused"] {
        let line = logs
            .lines()
            .find(|l| l.contains(event))
            .unwrap_or_else(|| panic!("{event:?} is logged:\n{logs}"));
        for field in ["request_id=", "client=127.0.0.1", "Z "] {
            assert!(line.contains(field), "{event:?} carries {field:?}: {line}");
        }
    }
    for secret in [password, code.as_str(), session_id.as_str()] {
        assert!(!logs.contains(secret), "{secret:?} appears in the logs");
    }
}
on_both_backends!(
    no_password_code_or_session_id_reaches_the_logs,
    no_password_code_or_session_id_reaches_the_logs
);
