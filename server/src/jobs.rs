//! Durable background jobs (today: workspace provisioning after an
//! approval). Claimed with a lease like the outbox, so a job whose worker
//! died is picked up again, and on PostgreSQL with `SKIP LOCKED`, so several
//! instances never run the same job at once. Jobs are idempotent.

use app::backend::{db::Backend, state::Clock, workspaces, Db};
use std::sync::Arc;
use tokio::sync::{watch, Notify};

const LEASE_SECS: i64 = 120;
const MAX_ATTEMPTS: i64 = 10;

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Idle,
    Done,
    Retrying,
    Dead,
}

#[derive(Clone)]
pub struct JobWorker {
    pub db: Db,
    pub clock: Clock,
}

impl JobWorker {
    async fn claim(&self) -> Result<Option<(i64, String, i64, i64)>, sqlx::Error> {
        let now = self.clock.now();
        let lock = match self.db.backend() {
            Backend::Postgres => "for update skip locked",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "update jobs set status = 'running', locked_until = $1, attempts = attempts + 1 \
             where id = (select id from jobs \
                         where (status = 'pending' and next_attempt_at <= $2) \
                            or (status = 'running' and locked_until < $2) \
                         order by id limit 1 {lock}) \
             returning id, kind, application_id, attempts"
        );
        let mut tx = self.db.begin_write().await?;
        let row: Option<(i64, String, i64, i32)> = sqlx::query_as(&sql)
            .bind(now + LEASE_SECS)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(row.map(|(id, kind, application_id, attempts)| {
            (id, kind, application_id, i64::from(attempts))
        }))
    }

    /// Claims and runs one due job.
    pub async fn run_one(&self) -> Result<Outcome, sqlx::Error> {
        let Some((id, kind, application_id, attempts)) = self.claim().await? else {
            return Ok(Outcome::Idle);
        };
        let result = match kind.as_str() {
            "provision_workspace" => {
                workspaces::provision(&self.db, application_id, self.clock.now())
                    .await
                    .map_err(|e| e.to_string())
            }
            other => Err(format!("unknown job kind {other:?}")),
        };
        let now = self.clock.now();
        match result {
            Ok(()) => {
                sqlx::query("update jobs set status = 'done', finished_at = $1, locked_until = null, last_error = null where id = $2")
                    .bind(now)
                    .bind(id)
                    .execute(self.db.pool())
                    .await?;
                tracing::info!(job_id = id, application_id, "workspace provisioned");
                Ok(Outcome::Done)
            }
            Err(error) => {
                let dead = attempts >= MAX_ATTEMPTS;
                sqlx::query("update jobs set status = $1, next_attempt_at = $2, locked_until = null, last_error = $3 where id = $4")
                    .bind(if dead { "dead" } else { "pending" })
                    .bind(now + crate::mail::outbox::backoff_secs(attempts))
                    .bind(&error)
                    .bind(id)
                    .execute(self.db.pool())
                    .await?;
                if dead {
                    tracing::error!(job_id = id, %error, "job failed for good");
                    Ok(Outcome::Dead)
                } else {
                    tracing::warn!(job_id = id, attempts, %error, "job failed; will retry");
                    Ok(Outcome::Retrying)
                }
            }
        }
    }

    /// Runs every job due now (tests use this instead of sleeping).
    pub async fn run_all_due(&self) -> Result<usize, sqlx::Error> {
        let mut done = 0;
        loop {
            match self.run_one().await? {
                Outcome::Idle => return Ok(done),
                Outcome::Done => done += 1,
                Outcome::Retrying | Outcome::Dead => {}
            }
        }
    }

    pub async fn run(self, queued: Arc<Notify>, stop: watch::Receiver<bool>) {
        let this = &self;
        crate::poll_loop::run_until_stopped("jobs", queued, stop, move || async move {
            this.run_one().await.map(|outcome| outcome != Outcome::Idle)
        })
        .await
    }
}
