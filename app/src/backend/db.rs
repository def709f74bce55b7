//! One connection pool over SQLite or PostgreSQL. Queries are portable SQL
//! (`$1` placeholders, `returning`, times as i64), so each is written once;
//! schema lives in one migrations folder per backend, kept in step.

use sqlx::any::{install_default_drivers, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL must start with sqlite:// or postgres://")]
    UnsupportedUrl,
    #[error("failed to create the folder for the SQLite database: {0}")]
    CreateDir(#[from] std::io::Error),
    #[error("failed to connect to the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("failed to apply database migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl Db {
    /// Connects, creating the SQLite file (and its folder) when missing.
    pub async fn connect(url: &str) -> Result<Db, DbError> {
        install_default_drivers();
        let (backend, url) = if let Some(path) = url.strip_prefix("sqlite://") {
            let file = path.split('?').next().unwrap_or_default();
            if let Some(dir) = std::path::Path::new(file).parent() {
                if !dir.as_os_str().is_empty() && file != ":memory:" {
                    std::fs::create_dir_all(dir)?;
                }
            }
            let url = if url.contains("mode=") {
                url.to_owned()
            } else if url.contains('?') {
                format!("{url}&mode=rwc")
            } else {
                format!("{url}?mode=rwc")
            };
            (Backend::Sqlite, url)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Backend::Postgres, url.to_owned())
        } else {
            return Err(DbError::UnsupportedUrl);
        };
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            .acquire_timeout(Duration::from_secs(5))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers work beside the writer; the busy timeout makes
                        // writers wait for each other instead of failing.
                        conn.execute("pragma journal_mode = wal").await?;
                        conn.execute("pragma busy_timeout = 5000").await?;
                        conn.execute("pragma foreign_keys = on").await?;
                        conn.execute("pragma synchronous = normal").await?;
                        // 1 MiB of page cache per connection (SQLite's default is 2 MiB):
                        // the operating system caches the file as well, and eight full
                        // caches were most of the server's memory growth under load.
                        conn.execute("pragma cache_size = -1024").await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .map_err(DbError::Connect)?;
        Ok(Db { pool, backend })
    }

    /// Applies pending migrations. On PostgreSQL sqlx holds an advisory lock,
    /// so instances starting together apply them once.
    pub async fn migrate(&self) -> Result<(), DbError> {
        match self.backend {
            Backend::Sqlite => {
                sqlx::migrate!("../migrations/sqlite")
                    .run(&self.pool)
                    .await?
            }
            Backend::Postgres => {
                sqlx::migrate!("../migrations/postgres")
                    .run(&self.pool)
                    .await?
            }
        }
        Ok(())
    }

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("select 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
    }

    /// A transaction that writes. On SQLite it takes the write lock up front
    /// (`BEGIN IMMEDIATE`), so two writers queue on the busy timeout instead of
    /// one failing with "database is locked" when it upgrades from reading.
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("begin immediate").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}
