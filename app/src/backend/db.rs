//! One connection pool over SQLite or PostgreSQL. Queries are portable SQL
//! (`$1` placeholders, `returning`, times as i64), so each is written once;
//! schema lives in one migrations folder per backend, kept in step.

use sqlx::any::{install_default_drivers, AnyPoolOptions};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Executor, Transaction};
use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// SQLite lets one writer in at a time and puts the others to sleep in
    /// its busy handler (1, 2, 5, 10 ms … steps): at a few hundred writes a
    /// second those sleeps were most of a draft save's p99. This process's
    /// writers queue here instead, in order, each woken the moment the one
    /// before is done; the busy timeout still covers other processes.
    /// `None` on PostgreSQL, whose writers lock rows, not the database.
    write_turns: Option<Arc<Mutex<()>>>,
}

/// How long a writer waits for its turn: as long as SQLite's busy timeout.
const WRITE_TURN_TIMEOUT: Duration = Duration::from_secs(5);

/// A writing transaction holding this process's write turn (on SQLite)
/// until it commits or is dropped. Use it as a connection (`&mut *tx`).
pub struct WriteTx {
    tx: Transaction<'static, Any>,
    _turn: Option<OwnedMutexGuard<()>>,
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl Deref for WriteTx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}

/// A pooled connection holding this process's write turn (on SQLite), for
/// single writing statements outside a transaction.
pub struct WriteConn {
    conn: PoolConnection<Any>,
    _turn: Option<OwnedMutexGuard<()>>,
}

impl Deref for WriteConn {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.conn
    }
}

impl DerefMut for WriteConn {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.conn
    }
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
    #[error("after the migrations, {0} row(s) refer to rows that do not exist (pragma foreign_key_check)")]
    BrokenReferences(usize),
}

/// How long a request waits for a database connection before it is told
/// the service is unavailable (503): when the database is down, a prompt
/// answer to try again beats a page that hangs until the request times out.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(2);

/// A pool's connections are checked (a ping) before use only when they sat
/// idle for `CHECK_IDLE_AFTER` or longer: one used moments ago was checked
/// as it came back to the pool (sqlx pings every returned connection), and
/// sqlx's default of pinging on every use too cost a round trip per
/// statement (on PostgreSQL, a wake-up of its backend per statement). A
/// connection that sat idle while the database restarted is still caught
/// before it fails a request; a failed check discards it for another.
pub fn checked_when_idle<DB: sqlx::Database>(
    options: sqlx::pool::PoolOptions<DB>,
) -> sqlx::pool::PoolOptions<DB> {
    const CHECK_IDLE_AFTER: Duration = Duration::from_secs(1);
    options
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for >= CHECK_IDLE_AFTER {
                    sqlx::Connection::ping(conn).await?;
                }
                Ok(true)
            })
        })
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
        let pool = checked_when_idle(AnyPoolOptions::new())
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            .acquire_timeout(ACQUIRE_TIMEOUT)
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
        let write_turns = (backend == Backend::Sqlite).then(|| Arc::new(Mutex::new(())));
        Ok(Db {
            pool,
            backend,
            write_turns,
        })
    }

    /// Applies pending migrations. On PostgreSQL sqlx holds an advisory lock,
    /// so instances starting together apply them once.
    pub async fn migrate(&self) -> Result<(), DbError> {
        match self.backend {
            Backend::Sqlite => {
                // Changing a constraint in SQLite means rebuilding the table,
                // which SQLite documents doing with foreign keys off (a
                // transaction cannot switch them): the migrations run on one
                // connection without enforcement, then every reference is checked.
                let mut conn = self.pool.acquire().await.map_err(DbError::Connect)?;
                sqlx::query("pragma foreign_keys = off")
                    .execute(&mut *conn)
                    .await
                    .map_err(DbError::Connect)?;
                let ran = sqlx::migrate!("../migrations/sqlite").run(&mut *conn).await;
                let broken = sqlx::query("pragma foreign_key_check")
                    .fetch_all(&mut *conn)
                    .await
                    .map_err(DbError::Connect)?;
                sqlx::query("pragma foreign_keys = on")
                    .execute(&mut *conn)
                    .await
                    .map_err(DbError::Connect)?;
                ran?;
                if !broken.is_empty() {
                    return Err(DbError::BrokenReferences(broken.len()));
                }
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

    /// Waits for this process's write turn (SQLite only; see `write_turns`),
    /// for writers with a pool of their own (the session store).
    pub async fn write_turn(&self) -> Result<Option<OwnedMutexGuard<()>>, sqlx::Error> {
        match &self.write_turns {
            None => Ok(None),
            Some(turns) => tokio::time::timeout(WRITE_TURN_TIMEOUT, turns.clone().lock_owned())
                .await
                .map(Some)
                .map_err(|_| sqlx::Error::PoolTimedOut),
        }
    }

    /// A transaction that writes. On SQLite it takes the write lock up front
    /// (`BEGIN IMMEDIATE`), so two writers queue instead of one failing with
    /// "database is locked" when it upgrades from reading.
    pub async fn begin_write(&self) -> Result<WriteTx, sqlx::Error> {
        let turn = self.write_turn().await?;
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("begin immediate").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok(WriteTx { tx, _turn: turn })
    }

    /// A connection for writing statements that need no transaction.
    pub async fn write_conn(&self) -> Result<WriteConn, sqlx::Error> {
        let turn = self.write_turn().await?;
        let conn = self.pool.acquire().await?;
        Ok(WriteConn { conn, _turn: turn })
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
