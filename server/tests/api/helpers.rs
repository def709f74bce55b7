use server::worker::QueueWorker;
use server::{config::Config, startup::Application};
use std::net::SocketAddr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A fresh, empty database for one test: a file in a temporary folder, or a
/// new database on the test PostgreSQL server.
pub struct TestDb {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// `None` when PostgreSQL is not configured and not required (local runs).
    pub async fn new(backend: Backend) -> Option<TestDb> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary folder");
                let url = format!("sqlite://{}/test.db", dir.path().display());
                Some(TestDb {
                    url,
                    _dir: Some(dir),
                })
            }
            Backend::Postgres => {
                let Ok(base) = std::env::var("TEST_POSTGRES_URL") else {
                    assert!(
                        std::env::var("REQUIRE_POSTGRES").is_err(),
                        "REQUIRE_POSTGRES is set but TEST_POSTGRES_URL is not"
                    );
                    eprintln!("skipping: TEST_POSTGRES_URL is not set");
                    return None;
                };
                let name = format!("test_{}", unique_suffix());
                let admin = app::backend::Db::connect(&base)
                    .await
                    .expect("connect to test PostgreSQL");
                sqlx::query(&format!("create database {name}"))
                    .execute(admin.pool())
                    .await
                    .expect("create test database");
                admin.close().await;
                let (prefix, _) = base.rsplit_once('/').expect("a database URL has a path");
                Some(TestDb {
                    url: format!("{prefix}/{name}"),
                    _dir: None,
                })
            }
        }
    }
}

impl TestDb {
    /// The same database under a second handle that does not own it (the
    /// first handle keeps a SQLite folder alive).
    pub fn alias(&self) -> TestDb {
        TestDb {
            url: self.url.clone(),
            _dir: None,
        }
    }
}

pub fn unique_suffix() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!(
        "{}_{}_{}",
        std::process::id(),
        nanos,
        N.fetch_add(1, Ordering::Relaxed)
    )
}

pub struct TestApp {
    pub address: String,
    pub state: app::backend::AppState,
    pub mailer: server::mail::worker::Mailer,
    pub jobs: server::jobs::JobWorker,
    pub mail_dir: std::path::PathBuf,
    #[allow(dead_code)] // keeps a SQLite folder alive for the test
    pub db: TestDb,
    pub client: reqwest::Client,
    /// The pool the running server uses.
    pub server_db: app::backend::Db,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

/// A server function's answer: status and JSON body.
pub struct Answer {
    pub status: reqwest::StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: serde_json::Value,
}

impl Answer {
    /// The message of a field error, if the body is a validation error naming `field`.
    pub fn field_error(&self, field: &str) -> Option<String> {
        self.body["Validation"]
            .as_array()?
            .iter()
            .find(|e| e["field"] == field)
            .and_then(|e| e["message"].as_str().map(str::to_owned))
    }
}

pub fn signup_form(email: &str, code: &str, password: &str) -> Vec<(String, String)> {
    vec![
        ("input[email]".into(), email.into()),
        ("input[code]".into(), code.into()),
        ("input[password]".into(), password.into()),
        ("input[confirm_password]".into(), password.into()),
        ("input[accept_terms]".into(), "true".into()),
    ]
}

pub const PASSWORD: &str = "correct horse battery staple";

impl TestApp {
    /// Signs up a merchant (this app's client) with a saved draft at version 1.
    pub async fn merchant_with_draft(&self, email: &str) {
        self.sign_up(email).await;
        let saved = self
            .call(
                "save_draft",
                &[
                    ("input[version]".into(), "0".into()),
                    ("input[step]".into(), "details".into()),
                    ("input[role_selected]".into(), "true".into()),
                ],
            )
            .await;
        assert_eq!(saved.status, reqwest::StatusCode::OK);
        assert_eq!(saved.body["version"], 1);
    }

    /// A GET answered with JSON, from `client`.
    pub async fn json_with(&self, client: &reqwest::Client, path: &str) -> serde_json::Value {
        let answer = client.get(self.url(path)).send().await.expect("request");
        answer.json().await.expect("a JSON answer")
    }

    /// Moves the app's clock to just after the start of a rate-limit window
    /// of `secs`, so the attempts a test counts all fall in one (attempts in
    /// the window before weigh less as it recedes).
    pub fn start_of_window(&self, secs: i64) {
        let now = self.state.clock.now();
        self.state.clock.advance(secs - now.rem_euclid(secs) + 1);
    }

    /// Moves the app's clock to the next Wednesday noon UTC, so a test that
    /// counts days or business days never runs across a midnight or a weekend.
    pub fn to_midweek_noon(&self) {
        let day = 86_400;
        let now = self.state.clock.now();
        // 1970-01-01 was a Thursday: days since then that are 6 modulo 7 are Wednesdays.
        let mut target = now - now.rem_euclid(day) + day / 2;
        while target <= now || target.div_euclid(day).rem_euclid(7) != 6 {
            target += day;
        }
        self.state.clock.advance(target - now);
    }

    /// Calls a POST server function with a form body, from this app's client.
    pub async fn call(&self, endpoint: &str, form: &[(String, String)]) -> Answer {
        self.call_with(&self.client, endpoint, form).await
    }

    pub async fn call_with(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        form: &[(String, String)],
    ) -> Answer {
        let response = client
            .post(self.url(&format!("/api/{endpoint}")))
            .header("accept", "application/json")
            .form(form)
            .send()
            .await
            .expect("request");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
        Answer {
            status,
            headers,
            body,
        }
    }

    pub async fn send_code(&self, email: &str) -> Answer {
        self.call("send_code", &[("email".into(), email.into())])
            .await
    }

    pub async fn signup(&self, email: &str, code: &str) -> Answer {
        self.call("signup", &signup_form(email, code, PASSWORD))
            .await
    }

    pub async fn login(&self, email: &str, password: &str) -> Answer {
        self.call(
            "login",
            &[
                ("input[email]".into(), email.into()),
                ("input[password]".into(), password.into()),
            ],
        )
        .await
    }

    pub async fn logout(&self) -> Answer {
        self.call("logout", &[]).await
    }

    /// The logged-in user's JSON, or `null`.
    pub async fn current_user(&self) -> serde_json::Value {
        self.get("/api/current_user").await.json().await.unwrap()
    }

    /// Delivers queued mail and returns the messages sent to `to`, oldest first.
    pub async fn mail_to(&self, to: &str) -> Vec<String> {
        self.mailer.run_all_due().await.expect("deliver mail");
        read_mail(&self.mail_dir, to)
    }

    /// The code in the newest verification email to `to`.
    pub async fn code_for(&self, to: &str) -> String {
        // A server process's own worker may be the one delivering it.
        for _ in 0..100 {
            if let Some(last) = self.mail_to(to).await.last() {
                return code_in(last).expect("a code in the email");
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("no verification email to {to}")
    }

    /// Sends a code, reads it from the mail and signs up; the client is then logged in.
    pub async fn sign_up(&self, email: &str) -> Answer {
        assert_eq!(self.send_code(email).await.status, 200);
        let code = self.code_for(email).await;
        let answer = self.signup(email, &code).await;
        assert_eq!(answer.status, 200, "{:?}", answer.body);
        answer
    }
}

/// Every `.eml` file in `dir` addressed to `to`, oldest first.
pub fn read_mail(dir: &std::path::Path, to: &str) -> Vec<String> {
    let mut files: Vec<(std::time::SystemTime, String)> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                .filter_map(|e| {
                    let text = std::fs::read_to_string(e.path()).ok()?;
                    let modified = e.metadata().ok()?.modified().ok()?;
                    text.lines()
                        .any(|l| l.eq_ignore_ascii_case(&format!("To: {to}")))
                        .then_some((modified, text))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort_by_key(|(t, _)| *t);
    files
        .into_iter()
        .map(|(_, text)| decode_quoted_printable(&text))
        .collect()
}

/// Undoes quoted-printable soft line breaks and `=XX` escapes, so tests can
/// search a message's text.
pub fn decode_quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The six-digit code in a verification email's subject.
pub fn code_in(mail: &str) -> Option<String> {
    let subject = mail.lines().find(|l| l.starts_with("Subject:"))?;
    let code: String = subject.chars().filter(char::is_ascii_digit).collect();
    (code.len() == 6).then_some(code)
}

impl TestApp {
    /// Sends only the headers of a POST announcing `content_length` bytes and
    /// returns the status the server answers with before any body is sent.
    pub async fn status_for_announced_body(&self, path: &str, content_length: usize) -> u16 {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let host = self.address.trim_start_matches("http://");
        let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: {content_length}\r\n\r\n"
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        let mut buf = vec![0u8; 1024];
        let n = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut buf))
            .await
            .expect("the server answers without waiting for the body")
            .unwrap();
        let text = String::from_utf8_lossy(&buf[..n]);
        text.split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("a status line")
    }

    /// Sends a POST whose body trickles in (one byte every 200 ms of the
    /// 1,000 announced) and returns the status the server gives up with.
    pub async fn status_for_trickled_body(&self, path: &str) -> u16 {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let host = self.address.trim_start_matches("http://");
        let stream = tokio::net::TcpStream::connect(host).await.unwrap();
        let (mut read, mut write) = stream.into_split();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: 1000\r\n\r\n"
        );
        write.write_all(head.as_bytes()).await.unwrap();
        let trickle = tokio::spawn(async move {
            for _ in 0..1000 {
                if write.write_all(b"a").await.is_err() {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            }
        });
        let mut buf = vec![0u8; 1024];
        let n = tokio::time::timeout(std::time::Duration::from_secs(60), read.read(&mut buf))
            .await
            .expect("the server gives up on a trickling body")
            .unwrap();
        trickle.abort();
        let text = String::from_utf8_lossy(&buf[..n]);
        text.split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("a status line")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

pub fn test_config(db: &TestDb, mail_dir: &std::path::Path, extra: &[(&str, &str)]) -> Config {
    let url = db.url.clone();
    let mail = mail_dir.display().to_string();
    let extra: Vec<(String, String)> = extra
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Config::from_lookup(move |key| match key {
        "DATABASE_URL" => Some(url.clone()),
        "MAIL_DIR" => Some(mail.clone()),
        other => extra
            .iter()
            .find(|(k, _)| k == other)
            .map(|(_, v)| v.clone()),
    })
    .expect("test configuration")
}

/// Starts the real application on a random port against a fresh database,
/// without background workers: tests deliver mail and run jobs explicitly.
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, &[]).await
}

/// As `spawn_app`, with extra settings (e.g. `COOKIE_SECURE`).
pub async fn spawn_app_with(backend: Backend, extra: &[(&str, &str)]) -> Option<TestApp> {
    Some(spawn_app_on(TestDb::new(backend).await?, extra).await)
}

/// As `spawn_app_with`, on a database the caller made.
pub async fn spawn_app_on(db: TestDb, extra: &[(&str, &str)]) -> TestApp {
    server::telemetry::init();
    let mail_dir = std::env::temp_dir().join(format!("onboarding-mail-{}", unique_suffix()));
    let config = test_config(&db, &mail_dir, extra);
    let options = server::startup::leptos_options().expect("leptos options");
    let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
    let app = Application::build(&config, options, addr)
        .await
        .expect("build app")
        .without_workers();
    let address = format!("http://{}", app.local_addr());
    let server_db = app.db();
    let state = app.state();
    let mailer = app.mailer();
    let jobs = app.job_worker();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(app.run_until(async move {
        let _ = rx.await;
    }));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap();
    TestApp {
        address,
        state,
        mailer,
        jobs,
        mail_dir,
        db,
        client,
        server_db,
        shutdown: Some(tx),
    }
}

/// Declares one `#[tokio::test]` per backend that runs `$body(backend)`.
#[macro_export]
macro_rules! on_both_backends {
    ($name:ident, $body:path) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_sqlite() {
                $body($crate::helpers::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_postgres() {
                $body($crate::helpers::Backend::Postgres).await
            }
        }
    };
}

pub const REVIEWER_PASSWORD: &str = "reviewer passphrase 1";

impl TestApp {
    /// A reviewer account; returns its id.
    pub async fn reviewer(&self, email: &str) -> i64 {
        let hash =
            app::backend::passwords::hash(app::domain::Password::parse(REVIEWER_PASSWORD).unwrap())
                .await
                .unwrap();
        let email = app::domain::Email::parse(email).unwrap();
        app::backend::users::upsert_reviewer(&self.server_db, &email, &hash)
            .await
            .unwrap();
        let (id,): (i64,) = sqlx::query_as("select id from users where email = $1")
            .bind(email.as_str())
            .fetch_one(self.server_db.pool())
            .await
            .unwrap();
        id
    }

    /// A client logged in as a new reviewer.
    pub async fn reviewer_client(&self, email: &str) -> reqwest::Client {
        self.reviewer(email).await;
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let login = self
            .call_with(
                &client,
                "login",
                &[
                    ("input[email]".into(), email.into()),
                    ("input[password]".into(), REVIEWER_PASSWORD.into()),
                ],
            )
            .await;
        assert_eq!(login.body, "/admin");
        client
    }

    /// A merchant (this app's client) with an application in review; returns its id.
    pub async fn submitted(&self, email: &str, company: &str) -> i64 {
        self.sign_up(email).await;
        let mut form = vec![
            ("input[version]".to_string(), "0".to_string()),
            ("input[step]".into(), "review".into()),
            ("input[role_selected]".into(), "true".into()),
        ];
        form.extend([
            (
                "input[details][company_name]".to_string(),
                company.to_string(),
            ),
            ("input[details][country]".into(), "SG".into()),
            (
                "input[details][website]".into(),
                "https://acme.example".into(),
            ),
        ]);
        let saved = self.call("save_draft", &form).await;
        let version = saved.body["version"].as_i64().unwrap();
        let submitted = self
            .call(
                "submit_application",
                &[("version".into(), version.to_string())],
            )
            .await;
        submitted.body["id"].as_i64().unwrap()
    }

    pub async fn as_reviewer(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> crate::helpers::Answer {
        let form: Vec<(String, String)> = form
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        self.call_with(client, endpoint, &form).await
    }
}

/// A black `width` × `height` PNG.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::DynamicImage::new_rgb8(width, height)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// A client with its own cookies that follows no redirect.
pub fn new_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A new client logged in as `email`.
pub async fn logged_in(app: &TestApp, email: &str, password: &str) -> reqwest::Client {
    let client = new_client();
    let form = [("input[email]", email), ("input[password]", password)];
    let answer = client
        .post(app.url("/api/login"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), reqwest::StatusCode::OK, "login as {email}");
    client
}
