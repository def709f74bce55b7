//! Login sessions: tower-sessions with its sqlx stores (random 128-bit ids,
//! records in the database so any instance can serve any request, stored
//! under a hash of the id), plus our own idle and absolute expiry checked
//! against the app's clock.

use super::accounts::RequestInfo;
use super::{account_sessions, AppState, Db};
use crate::domain::Role;
use crate::error::AppError;
use crate::model::account::{CurrentUser, Device, SignedIn};
use serde::{Deserialize, Serialize};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions::Session;
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

pub const IDLE_TIMEOUT_SECS: i64 = 7 * 24 * 3600;
pub const ABSOLUTE_TIMEOUT_SECS: i64 = 30 * 24 * 3600;
/// How stale `seen_at` may get before a request refreshes it (saves a write per request).
const SEEN_RESOLUTION_SECS: i64 = 60;
const USER_KEY: &str = "user";

/// What the session record remembers: whose it is and which row of
/// `account_sessions` describes it (there its times, its device, and
/// whether it has ended are kept, readable by every instance).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct SessionUser {
    id: i64,
    /// Empty in records written before the index existed: those sessions
    /// have ended (their owners log in once more).
    #[serde(default)]
    device: String,
}

/// The session store for whichever database the app runs on. Its writes
/// take the app's write turns (see `Db::write_turn`), so on SQLite they
/// queue with the app's own writers instead of sleeping in SQLite's busy
/// handler.
#[derive(Clone)]
pub struct DbSessionStore {
    store: Store,
    db: Db,
    known: KnownRecords,
}

/// The records this process has read or written, by stored id. A record
/// never changes once written (a login writes a new one under a fresh id;
/// a logout deletes it), so a request needs no database round trip to
/// learn whose session it is; whether the session still lives is decided
/// by its `account_sessions` row, read every time, so a logout on another
/// instance ends it here too. Bounded: when full it starts again empty.
#[derive(Clone, Default)]
struct KnownRecords(std::sync::Arc<std::sync::Mutex<std::collections::HashMap<Id, Record>>>);

impl KnownRecords {
    const CAPACITY: usize = 16_384;

    fn get(&self, stored: &Id) -> Option<Record> {
        let mut known = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let record = known.get(stored)?;
        if record.expiry_date > tower_sessions::cookie::time::OffsetDateTime::now_utc() {
            Some(record.clone())
        } else {
            known.remove(stored);
            None
        }
    }

    fn put(&self, record: Record) {
        let mut known = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if known.len() >= Self::CAPACITY && !known.contains_key(&record.id) {
            known.clear();
        }
        known.insert(record.id, record);
    }

    fn forget(&self, stored: &Id) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(stored);
    }
}

/// Each store with its pool (for the one statement it has no method for).
#[derive(Debug, Clone)]
enum Store {
    Sqlite(SqliteStore, sqlx::SqlitePool),
    Postgres(PostgresStore, sqlx::PgPool),
}

impl std::fmt::Debug for DbSessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.store.fmt(f)
    }
}

impl DbSessionStore {
    /// Opens a typed pool beside the app's (`db`, whose write turns it
    /// shares) and creates the session table.
    pub async fn connect(url: &str, db: &Db) -> Result<DbSessionStore, sqlx::Error> {
        let store = if url.starts_with("sqlite:") {
            let options: sqlx::sqlite::SqliteConnectOptions = url.parse()?;
            let pool = super::db::checked_when_idle(sqlx::sqlite::SqlitePoolOptions::new())
                .max_connections(4)
                .acquire_timeout(super::db::ACQUIRE_TIMEOUT)
                .connect_with(
                    options
                        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                        .synchronous(sqlx::sqlite::SqliteSynchronous::Normal)
                        .pragma("cache_size", "-1024")
                        .busy_timeout(std::time::Duration::from_secs(5)),
                )
                .await?;
            let store = SqliteStore::new(pool.clone());
            store.migrate().await?;
            Store::Sqlite(store, pool)
        } else {
            let pool = super::db::checked_when_idle(sqlx::postgres::PgPoolOptions::new())
                .max_connections(8)
                .acquire_timeout(super::db::ACQUIRE_TIMEOUT)
                .connect(url)
                .await?;
            let store = PostgresStore::new(pool.clone());
            store.migrate().await?;
            Store::Postgres(store, pool)
        };
        Ok(DbSessionStore {
            store,
            db: db.clone(),
            known: KnownRecords::default(),
        })
    }

    /// Removes expired records; run periodically by the server.
    pub async fn delete_expired(&self) -> session_store::Result<()> {
        account_sessions::delete_ended(&self.db, super::now())
            .await
            .map_err(|e| session_store::Error::Backend(e.to_string()))?;
        let _turn = self.write_turn().await?;
        match &self.store {
            Store::Sqlite(s, _) => s.delete_expired().await,
            Store::Postgres(s, _) => s.delete_expired().await,
        }
    }
}

/// What the database holds instead of a session id: a SHA-256 of it, so a
/// dump or a backup of the session table lets nobody take over a session.
fn stored_id(id: &Id) -> Id {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(id.0.to_le_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Id(i128::from_le_bytes(bytes))
}

impl DbSessionStore {
    async fn load_stored(&self, stored: &Id) -> session_store::Result<Option<Record>> {
        if let Some(record) = self.known.get(stored) {
            return Ok(Some(record));
        }
        let record = match &self.store {
            Store::Sqlite(s, _) => s.load(stored).await,
            Store::Postgres(s, _) => s.load(stored).await,
        }?;
        if let Some(record) = &record {
            self.known.put(record.clone());
        }
        Ok(record)
    }

    async fn save_stored(&self, record: &Record) -> session_store::Result<()> {
        let stored = Record {
            id: stored_id(&record.id),
            ..record.clone()
        };
        let _turn = self.write_turn().await?;
        // Forgotten first: a failed save must not leave the old record known.
        self.known.forget(&stored.id);
        match &self.store {
            Store::Sqlite(s, _) => s.save(&stored).await,
            Store::Postgres(s, _) => s.save(&stored).await,
        }?;
        self.known.put(stored);
        Ok(())
    }

    /// Stores a new record unless its id is taken; answers whether it did.
    /// One statement, where the store's own `create` takes a transaction of
    /// three (a login's record is written while the merchant waits).
    async fn insert_new(&self, record: &Record) -> session_store::Result<bool> {
        let stored = Record {
            id: stored_id(&record.id),
            ..record.clone()
        };
        let id = stored.id.to_string();
        let data =
            rmp_serde::to_vec(&stored).map_err(|e| session_store::Error::Encode(e.to_string()))?;
        let _turn = self.write_turn().await?;
        // The tables the stores create (`SqliteStore::migrate`, `PostgresStore::migrate`).
        let inserted = match &self.store {
            Store::Sqlite(_, pool) => sqlx::query(
                "insert into tower_sessions (id, data, expiry_date) values (?, ?, ?) \
                 on conflict (id) do nothing",
            )
            .bind(id)
            .bind(data)
            .bind(stored.expiry_date)
            .execute(pool)
            .await
            .map(|done| done.rows_affected()),
            Store::Postgres(_, pool) => sqlx::query(
                "insert into \"tower_sessions\".\"session\" (id, data, expiry_date) \
                 values ($1, $2, $3) on conflict (id) do nothing",
            )
            .bind(id)
            .bind(data)
            .bind(stored.expiry_date)
            .execute(pool)
            .await
            .map(|done| done.rows_affected()),
        }
        .map_err(|e| session_store::Error::Backend(e.to_string()))?;
        if inserted == 1 {
            self.known.put(stored);
        }
        Ok(inserted == 1)
    }

    async fn write_turn(&self) -> session_store::Result<Option<tokio::sync::OwnedMutexGuard<()>>> {
        self.db
            .write_turn()
            .await
            .map_err(|e| session_store::Error::Backend(e.to_string()))
    }
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A fresh random id, unless (against all odds) it is taken already.
        while !self.insert_new(record).await? {
            record.id = Id::default();
        }
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.save_stored(record).await
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        Ok(self
            .load_stored(&stored_id(id))
            .await?
            .map(|record| Record { id: *id, ..record }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        let stored = stored_id(id);
        self.known.forget(&stored);
        let _turn = self.write_turn().await?;
        match &self.store {
            Store::Sqlite(s, _) => s.delete(&stored).await,
            Store::Postgres(s, _) => s.delete(&stored).await,
        }
    }
}

/// A store that cannot answer is a database that cannot be reached (503,
/// try again); a record that does not decode is a defect.
fn session_error(err: tower_sessions::session::Error) -> AppError {
    match err {
        tower_sessions::session::Error::Store(session_store::Error::Backend(e)) => {
            tracing::warn!(error = %e, "the session store is unreachable");
            AppError::Unavailable
        }
        other => AppError::internal("Session store failed", other),
    }
}

/// Logs the account in under a fresh session id (no fixation across
/// login), in the account's current session epoch, recording the device.
pub async fn start(
    state: &AppState,
    session: &Session,
    user_id: i64,
    epoch: i64,
    req: &RequestInfo,
) -> Result<(), AppError> {
    // A session that logs in again (a changed password) replaces its row.
    if let Some(previous) = session_user(session).await? {
        close_device(state, &previous).await?;
    }
    // A session the store holds gets a fresh id. One it does not hold (no
    // cookie, or an id it never issued or has ended) has none by now: it gets a
    // fresh random one when first saved, so there is no old record to delete.
    if session.id().is_some() {
        session.cycle_id().await.map_err(session_error)?;
    }
    // The browser's zone, for the account's mail.
    if let Some(zone) = &req.time_zone {
        super::users::save_time_zone(state, user_id, zone).await?;
    }
    let device = account_sessions::open(&state.db, user_id, epoch, req, state.clock.now())
        .await
        .map_err(|e| AppError::internal("Failed to record the session", e))?;
    session
        .insert(
            USER_KEY,
            SessionUser {
                id: user_id,
                device,
            },
        )
        .await
        .map_err(session_error)
}

/// Ends the session on the server; its cookie is worthless from now on.
pub async fn end(state: &AppState, session: &Session) -> Result<(), AppError> {
    if let Some(user) = session_user(session).await? {
        close_device(state, &user).await?;
    }
    session.flush().await.map_err(session_error)
}

async fn session_user(session: &Session) -> Result<Option<SessionUser>, AppError> {
    session
        .get::<SessionUser>(USER_KEY)
        .await
        .map_err(session_error)
}

async fn close_device(state: &AppState, user: &SessionUser) -> Result<(), AppError> {
    if user.device.is_empty() {
        return Ok(());
    }
    account_sessions::close(&state.db, &user.device)
        .await
        .map_err(|e| AppError::internal("Failed to end the session", e))
}

/// The logged-in user, or `None` when anonymous or expired. A store or
/// database failure is an error, never a login.
pub async fn current_user(
    state: &AppState,
    session: &Session,
) -> Result<Option<CurrentUser>, AppError> {
    Ok(current(state, session).await?.map(|current| current.user))
}

/// A live session: its user, its device row, and whether the user still
/// has new Terms of Service to accept.
struct Current {
    user: CurrentUser,
    device: String,
    terms_pending: bool,
}

async fn current(state: &AppState, session: &Session) -> Result<Option<Current>, AppError> {
    let Some(user) = session_user(session).await? else {
        return Ok(None);
    };
    let found = if user.device.is_empty() {
        None
    } else {
        account_sessions::find(&state.db, &user.device)
            .await
            .map_err(|e| AppError::internal("Failed to load the session", e))?
    };
    let now = state.clock.now();
    let live = found.filter(|row| {
        row.user_id == user.id
            && row.valid
            && now - row.created_at <= ABSOLUTE_TIMEOUT_SECS
            && now - row.seen_at <= IDLE_TIMEOUT_SECS
    });
    let Some(row) = live else {
        // Logged out elsewhere, by a new password, or by time.
        end(state, session).await?;
        return Ok(None);
    };
    // Later log lines of this request name the user.
    tracing::Span::current().record("user_id", row.user_id);
    if now - row.seen_at > SEEN_RESOLUTION_SECS {
        account_sessions::touch(&state.db, &user.device, now)
            .await
            .map_err(|e| AppError::internal("Failed to note the session's use", e))?;
    }
    Ok(Some(Current {
        user: CurrentUser {
            id: row.user_id,
            email: row.email,
            role: row.role,
            language: row.language,
        },
        device: user.device,
        terms_pending: row.terms_pending,
    }))
}

/// What the session's record says, without asking the database: whose
/// session it is, its row, and the times that row must meet for the session
/// to be live and need no `touch`. For a statement that checks the session
/// itself as it works (`account_sessions::live_merchant_sql`).
pub struct Claim {
    pub user_id: i64,
    pub device: String,
    pub seen_since: i64,
    pub created_since: i64,
}

pub async fn claim(state: &AppState, session: &Session) -> Result<Option<Claim>, AppError> {
    let Some(user) = session_user(session).await? else {
        return Ok(None);
    };
    if user.device.is_empty() {
        return Ok(None);
    }
    let now = state.clock.now();
    Ok(Some(Claim {
        user_id: user.id,
        device: user.device,
        seen_since: now - SEEN_RESOLUTION_SECS,
        created_since: now - ABSOLUTE_TIMEOUT_SECS,
    }))
}

/// The account's live sessions, this one marked.
pub async fn devices(state: &AppState, session: &Session) -> Result<Vec<Device>, AppError> {
    let current = current(state, session)
        .await?
        .ok_or(AppError::Unauthorized)?;
    account_sessions::devices(
        &state.db,
        current.user.id,
        &current.device,
        state.clock.now(),
    )
    .await
    .map_err(|e| AppError::internal("Failed to list the sessions", e))
}

/// Ends every other session of the account; returns how many ended.
pub async fn end_others(state: &AppState, session: &Session) -> Result<u64, AppError> {
    let current = current(state, session)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let user_id = current.user.id;
    let ended = account_sessions::close_others(&state.db, user_id, &current.device)
        .await
        .map_err(|e| AppError::internal("Failed to end the other sessions", e))?;
    tracing::info!(user_id, ended, "other sessions logged out");
    Ok(ended)
}

/// Who is logged in, looked up once before a page renders (by the server's
/// page layer) and read synchronously while it renders: the header and the
/// guarded pages render in place, in the first chunk, instead of streaming
/// in behind a placeholder that only JavaScript would fill.
#[derive(Debug, Clone)]
pub struct PageUser(pub Result<Option<SignedIn>, AppError>);

impl PageUser {
    pub async fn load(state: &AppState, session: &Session) -> PageUser {
        PageUser(signed_in(state, session).await)
    }
}

/// The logged-in user and where their work is, or `None` when anonymous.
pub async fn signed_in(state: &AppState, session: &Session) -> Result<Option<SignedIn>, AppError> {
    let Some(Current {
        user,
        terms_pending,
        ..
    }) = current(state, session).await?
    else {
        return Ok(None);
    };
    let home = super::workspaces::landing(state, user.id, user.role).await?;
    Ok(Some(SignedIn {
        user,
        home: home.to_owned(),
        terms_pending,
    }))
}

/// The current user, or `Unauthorized`.
pub async fn require_user(state: &AppState, session: &Session) -> Result<CurrentUser, AppError> {
    current_user(state, session)
        .await?
        .ok_or(AppError::Unauthorized)
}

/// The current user if they have `role`; `Unauthorized` or `Forbidden`
/// otherwise. A merchant's work waits until they accept new Terms of
/// Service (their account itself stays in reach: see `require_user`).
pub async fn require_role(
    state: &AppState,
    session: &Session,
    role: Role,
) -> Result<CurrentUser, AppError> {
    let Current {
        user,
        terms_pending,
        ..
    } = current(state, session)
        .await?
        .ok_or(AppError::Unauthorized)?;
    if terms_pending && role == Role::Merchant {
        return Err(AppError::Conflict(
            crate::i18n::texts().auth().terms_pending.into(),
        ));
    }
    if user.role != role {
        tracing::warn!(
            user_id = user.id,
            required = role.as_str(),
            "forbidden: wrong role"
        );
        return Err(AppError::Forbidden);
    }
    Ok(user)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_sessions::cookie::time::{Duration, OffsetDateTime};

    fn record(id: i128, lasts: Duration) -> Record {
        Record {
            id: Id(id),
            data: Default::default(),
            expiry_date: OffsetDateTime::now_utc() + lasts,
        }
    }

    #[test]
    fn known_records_are_kept_until_they_expire_or_are_forgotten() {
        let known = KnownRecords::default();
        known.put(record(1, Duration::hours(1)));
        known.put(record(2, Duration::seconds(-1)));
        assert_eq!(known.get(&Id(1)).map(|r| r.id), Some(Id(1)));
        assert!(
            known.get(&Id(2)).is_none(),
            "an expired record is not a session"
        );
        assert_eq!(known.0.lock().unwrap().len(), 1, "and is dropped");
        known.forget(&Id(1));
        assert!(known.get(&Id(1)).is_none());
    }

    #[test]
    fn known_records_stay_bounded() {
        let known = KnownRecords::default();
        for id in 0..KnownRecords::CAPACITY as i128 + 10 {
            known.put(record(id, Duration::hours(1)));
        }
        assert!(known.0.lock().unwrap().len() <= KnownRecords::CAPACITY);
        assert!(known.get(&Id(KnownRecords::CAPACITY as i128 + 9)).is_some());
    }
}
