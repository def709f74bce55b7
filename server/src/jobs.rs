//! The job worker: claims due jobs from the durable queue and runs them
//! (today: workspace provisioning after an approval). Jobs are idempotent,
//! so one whose worker died can safely run again.

use app::backend::queue::{self, Queue, PROVISION_WORKSPACE};
use app::backend::{state::Clock, workspaces, Db};
use std::sync::Arc;
use tokio::sync::{watch, Notify};

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
    /// Claims and runs one due job.
    pub async fn run_one(&self) -> Result<Outcome, sqlx::Error> {
        let Some(job) = queue::claim(&self.db, Queue::Jobs, self.clock.now()).await? else {
            return Ok(Outcome::Idle);
        };
        let (kind, application_id): (String, i64) =
            sqlx::query_as("select kind, application_id from jobs where id = $1")
                .bind(job.id)
                .fetch_one(self.db.pool())
                .await?;
        let result = match kind.as_str() {
            PROVISION_WORKSPACE => workspaces::provision(&self.db, application_id, self.clock.now())
                .await
                .map_err(|e| e.to_string()),
            other => Err(format!("unknown job kind {other:?}")),
        };
        let now = self.clock.now();
        match result {
            Ok(()) => {
                queue::settle_done(&self.db, Queue::Jobs, job.id, now).await?;
                tracing::info!(job_id = job.id, application_id, "workspace provisioned");
                Ok(Outcome::Done)
            }
            Err(error) => {
                if queue::settle_failed(&self.db, Queue::Jobs, job, &error, now).await? {
                    tracing::error!(job_id = job.id, %error, "job failed for good");
                    Ok(Outcome::Dead)
                } else {
                    tracing::warn!(job_id = job.id, attempts = job.attempts, %error, "job failed; will retry");
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
