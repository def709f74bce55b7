//! A bounded pool for CPU- or memory-heavy work (password hashing, logo
//! decoding): as many jobs at once as there are cores, a short queue of
//! waiters, and beyond that a prompt 503 asking the client to retry, so a
//! flood of such requests can exhaust neither memory nor the runtime.
//!
//! The jobs run on the pool's own threads at background priority (nice 10
//! on Linux): they use every core nobody else needs, but the scheduler runs
//! the request threads first, so a flood of logins does not slow every
//! other page down while it is being hashed.

use crate::error::AppError;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;
use tokio::sync::{oneshot, Semaphore};

type Job = Box<dyn FnOnce() + Send>;

pub struct WorkSlots {
    name: &'static str,
    permits: Arc<Semaphore>,
    waiting: AtomicUsize,
    max_waiting: usize,
    max_wait: Duration,
    /// Feeds the pool's threads; they stop when the pool is dropped.
    jobs: mpsc::Sender<Job>,
}

/// How much lower than the request threads the pool's threads run.
const BACKGROUND_NICE: i32 = 10;

/// Starts `count` threads that run jobs from `jobs` at background priority.
fn start_threads(name: &'static str, count: usize) -> mpsc::Sender<Job> {
    let (sender, receiver) = mpsc::channel::<Job>();
    let receiver = Arc::new(Mutex::new(receiver));
    for n in 0..count {
        let receiver = receiver.clone();
        let started = std::thread::Builder::new()
            .name(format!("{name}-{n}"))
            .spawn(move || {
                run_in_background();
                loop {
                    // The lock is held only while taking the next job.
                    let job = match receiver.lock() {
                        Ok(receiver) => receiver.recv(),
                        Err(_) => return,
                    };
                    match job {
                        // A panicking job drops its answer channel (its caller
                        // gets an error); the thread carries on.
                        Ok(job) => drop(catch_unwind(AssertUnwindSafe(job))),
                        Err(_) => return,
                    }
                }
            });
        if let Err(e) = started {
            tracing::error!(pool = name, error = %e, "could not start a worker thread");
        }
    }
    sender
}

/// Lowers the calling thread's scheduling priority (Linux keeps a nice
/// value per thread); elsewhere the thread keeps the normal priority.
fn run_in_background() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only changes the calling thread's nice value.
    unsafe {
        let this_thread = libc::syscall(libc::SYS_gettid) as libc::id_t;
        if libc::setpriority(libc::PRIO_PROCESS, this_thread, BACKGROUND_NICE) != 0 {
            tracing::warn!("could not lower a worker thread's priority");
        }
    }
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
            jobs: start_threads(name, slots.max(1)),
        }
    }

    /// Runs `work` on the pool's threads once a slot is free; `Unavailable`
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
        let (answer, answered) = oneshot::channel();
        let job: Job = Box::new(move || {
            let _permit = permit;
            let _ = answer.send(span.in_scope(work));
        });
        if self.jobs.send(job).is_err() {
            return Err(AppError::internal("Work pool stopped", self.name));
        }
        answered
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

    #[tokio::test]
    async fn a_job_that_panics_fails_alone_and_the_pool_keeps_working() {
        let slots = WorkSlots::new("test", 1, 1, Duration::from_secs(5));
        let failed = slots.run(|| -> u8 { panic!("a broken job") }).await;
        assert!(
            matches!(failed, Err(AppError::Internal { .. })),
            "{failed:?}"
        );
        assert_eq!(slots.run(|| 5).await, Ok(5));
    }

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn jobs_run_at_background_priority() {
        let slots = WorkSlots::new("test", 1, 1, Duration::from_secs(5));
        // SAFETY: getpriority reads the calling thread's nice value.
        let nice = slots
            .run(|| unsafe {
                libc::getpriority(
                    libc::PRIO_PROCESS,
                    libc::syscall(libc::SYS_gettid) as libc::id_t,
                )
            })
            .await;
        assert_eq!(nice, Ok(BACKGROUND_NICE));
    }
}
