//! One durable queue for background work, over two tables: `outbox` (mail)
//! and `jobs` (workspace provisioning). Work is enqueued inside the caller's
//! transaction, so it exists exactly when its event does; a worker claims an
//! entry with a lease (on PostgreSQL with `SKIP LOCKED`, so instances never
//! claim the same one), then settles it as done, to retry with back-off, or
//! dead after too many attempts. An entry whose worker died is claimed again
//! once its lease runs out.

use super::db::{Backend, Db};
use crate::error::AppError;
use crate::model::operations::DeadItem;
use sqlx::AnyConnection;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queue {
    Mail,
    Jobs,
}

/// The statuses an entry moves through, as each table names them.
struct Names {
    table: &'static str,
    claimed: &'static str,
    done: &'static str,
    finished_at: &'static str,
    /// What else a finished entry forgets (a delivered mail's text: codes live there).
    forget_when_done: &'static str,
    lease_secs: i64,
    max_attempts: i64,
}

impl Queue {
    pub const ALL: [Queue; 2] = [Queue::Mail, Queue::Jobs];

    fn names(self) -> Names {
        match self {
            Queue::Mail => Names {
                table: "outbox",
                claimed: "sending",
                done: "sent",
                finished_at: "sent_at",
                forget_when_done:
                    ", subject = '(removed after delivery)', text_body = '', html_body = ''",
                lease_secs: 60,
                max_attempts: 8,
            },
            Queue::Jobs => Names {
                table: "jobs",
                claimed: "running",
                done: "done",
                finished_at: "finished_at",
                forget_when_done: "",
                lease_secs: 120,
                max_attempts: 10,
            },
        }
    }

    /// The prefix of this queue's entries in the CLI (`mail-12`, `job-3`).
    pub fn prefix(self) -> &'static str {
        match self {
            Queue::Mail => "mail",
            Queue::Jobs => "job",
        }
    }

    pub fn max_attempts(self) -> i64 {
        self.names().max_attempts
    }

    /// How long a claimed entry stays reserved for one worker.
    pub fn lease_secs(self) -> i64 {
        self.names().lease_secs
    }
}

/// An entry reserved for one worker until its lease runs out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claimed {
    pub id: i64,
    /// Including this one.
    pub attempts: i64,
}

/// 5 s, 10 s, 20 s, … capped at an hour.
pub fn backoff_secs(attempts: i64) -> i64 {
    let exponent = attempts.clamp(1, 20) - 1;
    (5_i64 << exponent).min(3600)
}

/// Reserves the oldest due entry of `queue`, if any.
pub async fn claim(db: &Db, queue: Queue, now: i64) -> Result<Option<Claimed>, sqlx::Error> {
    let n = queue.names();
    let lock = match db.backend() {
        Backend::Postgres => "for update skip locked",
        // SQLite runs one write at a time, which makes the update atomic on its own.
        Backend::Sqlite => "",
    };
    let sql = format!(
        "update {table} set status = '{claimed}', locked_until = $1, attempts = attempts + 1 \
         where id = (select id from {table} \
                     where (status = 'pending' and next_attempt_at <= $2) \
                        or (status = '{claimed}' and locked_until < $2) \
                     order by id limit 1 {lock}) \
         returning id, attempts",
        table = n.table,
        claimed = n.claimed,
    );
    let mut tx = db.begin_write().await?;
    let row: Option<(i64, i32)> = sqlx::query_as(&sql)
        .bind(now + n.lease_secs)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(row.map(|(id, attempts)| Claimed {
        id,
        attempts: i64::from(attempts),
    }))
}

/// Marks a claimed entry as done; a delivered mail keeps only its metadata.
pub async fn settle_done(db: &Db, queue: Queue, id: i64, now: i64) -> Result<(), sqlx::Error> {
    let n = queue.names();
    sqlx::query(&format!(
        "update {} set status = '{}', {} = $1, locked_until = null, last_error = null{} where id = $2",
        n.table, n.done, n.finished_at, n.forget_when_done
    ))
    .bind(now)
    .bind(id)
    .execute(&mut *db.write_conn().await?)
    .await
    .map(|_| ())
}

/// Why a piece of work failed, and whether trying again could ever help
/// (an address the mail server refuses for good, say).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub error: String,
    pub permanent: bool,
}

impl Failure {
    pub fn permanent(error: impl Into<String>) -> Failure {
        Failure {
            error: error.into(),
            permanent: true,
        }
    }
}

/// A failure that may pass: retried with back-off.
impl From<String> for Failure {
    fn from(error: String) -> Failure {
        Failure {
            error,
            permanent: false,
        }
    }
}

/// Schedules a retry with back-off, or marks the entry dead: at once for a
/// permanent failure, else after the queue's maximum attempts. Answers
/// whether it is dead.
pub async fn settle_failed(
    db: &Db,
    queue: Queue,
    entry: Claimed,
    failure: &Failure,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let n = queue.names();
    let dead = failure.permanent || entry.attempts >= n.max_attempts;
    let error: String = failure.error.chars().take(1000).collect();
    sqlx::query(&format!(
        "update {} set status = $1, next_attempt_at = $2, locked_until = null, last_error = $3 where id = $4",
        n.table
    ))
    .bind(if dead { "dead" } else { "pending" })
    .bind(now + backoff_secs(entry.attempts))
    .bind(error)
    .bind(entry.id)
    .execute(&mut *db.write_conn().await?)
    .await?;
    Ok(dead)
}

/// What became of a claimed entry, or that there was none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Idle,
    Done,
    Retrying,
    Dead,
}

/// Settles a claimed entry with the result of its work, and logs a failure.
pub async fn settle(
    db: &Db,
    queue: Queue,
    entry: Claimed,
    result: Result<(), Failure>,
    now: i64,
) -> Result<Outcome, sqlx::Error> {
    let queue_name = queue.prefix();
    match result {
        Ok(()) => {
            settle_done(db, queue, entry.id, now).await?;
            Ok(Outcome::Done)
        }
        Err(failure) => {
            let error = &failure.error;
            if settle_failed(db, queue, entry, &failure, now).await? {
                metrics::counter!("queue_dead_total", "queue" => queue_name).increment(1);
                tracing::error!(queue = queue_name, id = entry.id, attempts = entry.attempts, %error,
                    "failed for good; `server queue list` shows it, `server queue retry` queues it again");
                Ok(Outcome::Dead)
            } else {
                metrics::counter!("queue_retries_total", "queue" => queue_name).increment(1);
                tracing::warn!(queue = queue_name, id = entry.id, attempts = entry.attempts, %error,
                    permanent = failure.permanent, "failed; will retry");
                Ok(Outcome::Retrying)
            }
        }
    }
}

/// Queues workspace provisioning for an approved application, inside the
/// caller's transaction.
pub async fn enqueue_provisioning(
    conn: &mut AnyConnection,
    application_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    enqueue_job(conn, PROVISION_WORKSPACE, application_id, now, now).await
}

/// Queues the deletion of the merchant's unused logos, due at `due`.
pub async fn enqueue_logo_pruning(
    conn: &mut AnyConnection,
    application_id: i64,
    due: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    enqueue_job(conn, PRUNE_LOGOS, application_id, due, now).await
}

async fn enqueue_job(
    conn: &mut AnyConnection,
    kind: &str,
    application_id: i64,
    due: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into jobs (kind, application_id, next_attempt_at, created_at) values ($1, $2, $3, $4)",
    )
    .bind(kind)
    .bind(application_id)
    .bind(due)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

/// The job kind that deletes a merchant's logos nothing uses any more.
pub const PRUNE_LOGOS: &str = "prune_logos";

/// The job kind that creates an approved merchant's workspace.
pub const PROVISION_WORKSPACE: &str = "provision_workspace";

/// An entry that failed for good, for the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadEntry {
    pub queue: Queue,
    pub id: i64,
    /// The recipient of a mail, or the kind and application of a job.
    pub what: String,
    pub attempts: i64,
    pub last_error: String,
    pub created_at: i64,
}

/// Every dead entry, mail first, oldest first.
pub async fn dead(db: &Db) -> Result<Vec<DeadEntry>, sqlx::Error> {
    let mut out = Vec::new();
    for queue in Queue::ALL {
        let what = match queue {
            Queue::Mail => "recipient",
            Queue::Jobs => "kind || ' #' || cast(application_id as text)",
        };
        let rows: Vec<(i64, String, i32, Option<String>, i64)> = sqlx::query_as(&format!(
            "select id, {what}, attempts, last_error, created_at from {} where status = 'dead' order by id",
            queue.names().table
        ))
        .fetch_all(db.pool())
        .await?;
        out.extend(
            rows.into_iter()
                .map(|(id, what, attempts, error, created_at)| DeadEntry {
                    queue,
                    id,
                    what,
                    attempts: i64::from(attempts),
                    last_error: error.unwrap_or_default(),
                    created_at,
                }),
        );
    }
    Ok(out)
}

impl DeadEntry {
    /// `mail-12` or `job-3`.
    pub fn entry_id(&self) -> String {
        format!("{}-{}", self.queue.prefix(), self.id)
    }
}

/// `mail-12` or `job-3`, as `server queue list` and the operations page show them.
pub fn parse_entry_id(raw: &str) -> Result<(Queue, i64), String> {
    let bad =
        || format!("{raw:?} is not an entry id; use one from `server queue list`, e.g. mail-12");
    let (prefix, number) = raw.split_once('-').ok_or_else(bad)?;
    let queue = Queue::ALL
        .into_iter()
        .find(|q| q.prefix() == prefix)
        .ok_or_else(bad)?;
    let id = number.parse().map_err(|_| bad())?;
    Ok((queue, id))
}

/// The dead entries, for the operations page.
pub async fn dead_items(state: &super::AppState) -> Result<Vec<DeadItem>, AppError> {
    let dead = dead(&state.db)
        .await
        .map_err(AppError::context("Failed to read the queues"))?;
    Ok(dead
        .into_iter()
        .map(|entry| DeadItem {
            entry: entry.entry_id(),
            is_mail: entry.queue == Queue::Mail,
            what: entry.what,
            attempts: entry.attempts,
            last_error: entry.last_error,
            created_at: entry.created_at,
        })
        .collect())
}

/// Retries dead entry `raw` (`mail-12`) for reviewer `reviewer_id`; answers its id.
pub async fn retry_item(
    state: &super::AppState,
    reviewer_id: i64,
    raw: &str,
) -> Result<String, AppError> {
    let (queue, id) = parse_entry_id(raw).map_err(|m| AppError::field("entry", m))?;
    let entry = format!("{}-{id}", queue.prefix());
    let retried = retry(&state.db, queue, id, state.clock.now())
        .await
        .map_err(AppError::context("Failed to retry a dead entry"))?;
    if !retried {
        return Err(AppError::Conflict(format!(
            "{entry} is no longer waiting for a retry: it was retried already or delivered."
        )));
    }
    tracing::info!(reviewer_id, entry, "dead entry queued again");
    Ok(entry)
}

/// How many entries `queue` holds in each status (pending, being worked,
/// done, dead), for `/metrics`.
pub async fn depth(db: &Db, queue: Queue) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select status, count(*) from {} group by status order by status",
        queue.names().table
    ))
    .fetch_all(db.pool())
    .await
}

/// Puts a dead entry back in the queue, due now, with its attempts reset.
/// Answers whether there was such a dead entry.
pub async fn retry(db: &Db, queue: Queue, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(&format!(
        "update {} set status = 'pending', attempts = 0, next_attempt_at = $1, locked_until = null \
         where id = $2 and status = 'dead'",
        queue.names().table
    ))
    .bind(now)
    .bind(id)
    .execute(&mut *db.write_conn().await?)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

#[cfg(test)]
mod tests {
    use super::backoff_secs;

    #[test]
    fn retries_back_off_exponentially_up_to_an_hour() {
        assert_eq!(backoff_secs(1), 5);
        assert_eq!(backoff_secs(2), 10);
        assert_eq!(backoff_secs(5), 80);
        assert_eq!(backoff_secs(11), 3600);
        assert_eq!(backoff_secs(100), 3600);
    }
}
