//! The loop both background workers (mail and jobs) run: work while there
//! is work, otherwise wait for a local wake-up, the next poll, or shutdown.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Notify};

/// How often an idle worker looks for work queued by other instances or due for retry.
pub const POLL: Duration = Duration::from_millis(500);

/// Runs `step` (which answers whether it did something) until `stop` turns true.
pub async fn run_until_stopped<F, Fut>(
    worker: &'static str,
    queued: Arc<Notify>,
    mut stop: watch::Receiver<bool>,
    mut step: F,
) where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<bool, sqlx::Error>>,
{
    loop {
        if *stop.borrow() {
            return;
        }
        let busy = match step().await {
            Ok(busy) => busy,
            Err(err) => {
                tracing::warn!(error = %err, worker, "background worker could not reach the database");
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
