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
    #[allow(dead_code)] // keeps a SQLite folder alive for the test
    pub db: TestDb,
    pub client: reqwest::Client,
    /// The pool the running server uses.
    pub server_db: app::backend::Db,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl TestApp {
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

pub fn test_config(db: &TestDb, mail_dir: &std::path::Path) -> Config {
    let url = db.url.clone();
    let mail = mail_dir.display().to_string();
    Config::from_lookup(move |key| match key {
        "DATABASE_URL" => Some(url.clone()),
        "MAIL_DIR" => Some(mail.clone()),
        _ => None,
    })
    .expect("test configuration")
}

/// Starts the real application on a random port against a fresh database.
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    server::telemetry::init();
    let db = TestDb::new(backend).await?;
    let mail_dir = std::env::temp_dir().join(format!("onboarding-mail-{}", unique_suffix()));
    let config = test_config(&db, &mail_dir);
    let options = server::startup::leptos_options().expect("leptos options");
    let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
    let app = Application::build(&config, options, addr)
        .await
        .expect("build app");
    let address = format!("http://{}", app.local_addr());
    let server_db = app.db();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(app.run_until(async move {
        let _ = rx.await;
    }));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap();
    Some(TestApp {
        address,
        db,
        client,
        server_db,
        shutdown: Some(tx),
    })
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
