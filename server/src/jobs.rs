//! The job worker: claims due jobs from the durable queue and runs them
//! (today: workspace provisioning after an approval). Jobs are idempotent,
//! so one whose worker died can safely run again.

use crate::worker::QueueWorker;
pub use app::backend::queue::Outcome;
use app::backend::queue::{self, Queue, PROVISION_WORKSPACE, PRUNE_LOGOS};
use app::backend::{logos, state::Clock, workspaces, Db};

#[derive(Clone)]
pub struct JobWorker {
    pub db: Db,
    pub clock: Clock,
}

impl QueueWorker for JobWorker {
    const NAME: &'static str = "jobs";

    /// Claims and runs one due job.
    async fn run_one(&self) -> Result<Outcome, sqlx::Error> {
        let Some(job) = queue::claim(&self.db, Queue::Jobs, self.clock.now()).await? else {
            return Ok(Outcome::Idle);
        };
        let (kind, application_id): (String, i64) =
            sqlx::query_as("select kind, application_id from jobs where id = $1")
                .bind(job.id)
                .fetch_one(self.db.pool())
                .await?;
        let result = match kind.as_str() {
            PROVISION_WORKSPACE => {
                workspaces::provision(&self.db, application_id, self.clock.now())
                    .await
                    .map_err(|e| e.to_string())
            }
            PRUNE_LOGOS => logos::prune_unreferenced(&self.db, application_id, self.clock.now())
                .await
                .map(|deleted| tracing::info!(application_id, deleted, "unused logos deleted"))
                .map_err(|e| e.to_string()),
            other => Err(format!("unknown job kind {other:?}")),
        };
        let result = result.map_err(queue::Failure::from);
        let outcome = queue::settle(&self.db, Queue::Jobs, job, result, self.clock.now()).await?;
        if outcome == Outcome::Done {
            tracing::info!(job_id = job.id, application_id, "workspace provisioned");
        }
        Ok(outcome)
    }
}
