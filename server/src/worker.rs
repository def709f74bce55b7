//! What both background workers (mail and jobs) share: work one queue entry
//! at a time while there is work, otherwise wait for a local wake-up, the
//! next poll, or shutdown.

use app::backend::queue::Outcome;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Notify};

/// How often an idle worker looks for work queued by other instances or due for retry.
pub const POLL: Duration = Duration::from_millis(500);

pub trait QueueWorker: Send + Sync + Sized + 'static {
    /// The worker's name in logs.
    const NAME: &'static str;

    /// Claims one due entry and works it.
    fn run_one(&self) -> impl Future<Output = Result<Outcome, sqlx::Error>> + Send;

    /// Works every entry due now; answers how many succeeded. Tests call
    /// this instead of waiting for a background worker.
    fn run_all_due(&self) -> impl Future<Output = Result<usize, sqlx::Error>> + Send {
        async move {
            let mut done = 0;
            loop {
                match self.run_one().await? {
                    Outcome::Idle => return Ok(done),
                    Outcome::Done => done += 1,
                    Outcome::Retrying | Outcome::Dead => {}
                }
            }
        }
    }

    /// Runs until `stop` turns true; wakes early when `queued` is notified.
    fn run(
        self,
        queued: Arc<Notify>,
        mut stop: watch::Receiver<bool>,
    ) -> impl Future<Output = ()> + Send {
        async move {
            loop {
                if *stop.borrow() {
                    return;
                }
                let busy = match self.run_one().await {
                    Ok(outcome) => outcome != Outcome::Idle,
                    Err(err) => {
                        tracing::warn!(error = %err, worker = Self::NAME, "background worker could not reach the database");
                        false
                    }
                };
                if !busy {
                    tokio::select! {
                        () = queued.notified() => {}
                        () = tokio::time::sleep(POLL) => {}
                        _ = stop.changed() => {}
                    }
                }
            }
        }
    }
}
