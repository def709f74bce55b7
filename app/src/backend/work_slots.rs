//! A bounded pool for CPU- or memory-heavy work (password hashing, logo
//! decoding): as many jobs at once as there are cores, a short queue of
//! waiters, and beyond that a prompt 503 asking the client to retry, so a
//! flood of such requests can exhaust neither memory nor the runtime.

use crate::error::AppError;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

pub struct WorkSlots {
    name: &'static str,
    permits: Arc<Semaphore>,
    waiting: AtomicUsize,
    max_waiting: usize,
    max_wait: Duration,
}

impl WorkSlots {
    pub fn new(
        name: &'static str,
        slots: usize,
        max_waiting: usize,
        max_wait: Duration,
    ) -> WorkSlots {
        WorkSlots {
            name,
            permits: Arc::new(Semaphore::new(slots.max(1))),
            waiting: AtomicUsize::new(0),
            max_waiting,
            max_wait,
        }
    }

    /// Runs `work` on the blocking pool once a slot is free; `Unavailable`
    /// when the queue is full or the wait too long.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let permit = match self.permits.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.max_waiting {
                    self.waiting.fetch_sub(1, Ordering::SeqCst);
                    tracing::warn!(
                        pool = self.name,
                        "work queue full; asked the client to retry"
                    );
                    return Err(AppError::Unavailable);
                }
                let waited =
                    tokio::time::timeout(self.max_wait, self.permits.clone().acquire_owned()).await;
                self.waiting.fetch_sub(1, Ordering::SeqCst);
                match waited {
                    Ok(Ok(permit)) => permit,
                    Ok(Err(e)) => return Err(AppError::internal("Work pool closed", e)),
                    Err(_) => {
                        tracing::warn!(pool = self.name, "waited too long for a work slot");
                        return Err(AppError::Unavailable);
                    }
                }
            }
        };
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            span.in_scope(work)
        })
        .await
        .map_err(|e| AppError::internal("A background task failed", e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn past_the_slots_and_the_queue_callers_are_told_to_retry() {
        let slots = Arc::new(WorkSlots::new("test", 1, 1, Duration::from_secs(5)));
        let (release, hold) = std::sync::mpsc::channel::<()>();
        let busy = tokio::spawn({
            let slots = slots.clone();
            async move { slots.run(move || hold.recv().ok()).await }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        let queued = tokio::spawn({
            let slots = slots.clone();
            async move { slots.run(|| 2).await }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(slots.run(|| 3).await, Err(AppError::Unavailable));
        release.send(()).unwrap();
        assert!(busy.await.unwrap().is_ok());
        assert_eq!(queued.await.unwrap(), Ok(2));
        assert_eq!(slots.run(|| 4).await, Ok(4));
    }
}
