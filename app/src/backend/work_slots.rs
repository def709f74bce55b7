//! A bounded pool for CPU- or memory-heavy work (password hashing, logo
//! decoding): as many jobs at once as there are cores, a short queue of
//! waiters, and beyond that a prompt 503 asking the client to retry, so a
//! flood of such requests can exhaust neither memory nor the runtime.
//!
//! The jobs run on the pool's own threads at background priority
//! (`SCHED_IDLE` on Linux): they use every core nobody else needs, but the
//! scheduler runs the request threads first, so a flood of logins does not
//! slow every other page down while it is being hashed.

use crate::error::AppError;
use std::any::Any;
use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;
use tokio::sync::{oneshot, Semaphore};

type Job = Box<dyn FnOnce() + Send>;

pub struct WorkSlots {
    name: &'static str,
    permits: Arc<Semaphore>,
    /// Callers waiting for a slot; shared with the threads, which keep their
    /// scratch memory while someone waits.
    waiting: Arc<AtomicUsize>,
    max_waiting: usize,
    max_wait: Duration,
    /// Feeds the pool's threads; they stop when the pool is dropped.
    jobs: mpsc::Sender<Job>,
}

/// How much lower than the request threads the pool's threads run.
const BACKGROUND_NICE: i32 = 10;

thread_local! {
    /// Memory a job leaves for the next job on the same pool thread (argon2's
    /// 19 MiB of blocks: allocating and faulting them in anew cost a third
    /// of each hash). Released as soon as nobody is waiting for the pool.
    static SCRATCH: RefCell<Option<Box<dyn Any>>> = const { RefCell::new(None) };
}

/// Runs `work` with this thread's scratch value of type `S` (a default one
/// the first time). On a pool thread the value stays for the next job while
/// others wait; elsewhere it is dropped afterwards.
pub fn with_scratch<S: Default + 'static, T>(work: impl FnOnce(&mut S) -> T) -> T {
    let mut scratch = SCRATCH
        .with(|cell| cell.borrow_mut().take())
        .and_then(|any| any.downcast::<S>().ok())
        .unwrap_or_default();
    let answer = work(&mut scratch);
    if IN_POOL.with(|in_pool| *in_pool.borrow()) {
        SCRATCH.with(|cell| *cell.borrow_mut() = Some(scratch));
    }
    answer
}

thread_local! {
    static IN_POOL: RefCell<bool> = const { RefCell::new(false) };
}

/// Starts `count` threads that run jobs from `jobs` at background priority.
fn start_threads(name: &'static str, count: usize, waiting: Arc<AtomicUsize>) -> mpsc::Sender<Job> {
    let (sender, receiver) = mpsc::channel::<Job>();
    let receiver = Arc::new(Mutex::new(receiver));
    for n in 0..count {
        let receiver = receiver.clone();
        let waiting = waiting.clone();
        let started = std::thread::Builder::new()
            .name(format!("{name}-{n}"))
            .spawn(move || {
                run_in_background();
                IN_POOL.with(|in_pool| *in_pool.borrow_mut() = true);
                loop {
                    // The lock is held only while taking the next job.
                    let job = match receiver.lock() {
                        Ok(receiver) => match receiver.try_recv() {
                            Err(mpsc::TryRecvError::Empty) => {
                                if waiting.load(Ordering::SeqCst) == 0 {
                                    SCRATCH.with(|cell| cell.borrow_mut().take());
                                }
                                receiver.recv()
                            }
                            other => other.map_err(|_| mpsc::RecvError),
                        },
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

/// Puts the calling thread in the background: on Linux the `SCHED_IDLE`
/// policy, so any request thread that wakes up takes the core at once (at
/// nice 10 alone a waking request could still wait a scheduler tick behind a
/// hash: `/healthz`'s p99 went from 0.2 to 4 ms during a login flood);
/// failing that, nice 10. Elsewhere the thread keeps the normal priority.
fn run_in_background() {
    #[cfg(target_os = "linux")]
    // SAFETY: both calls only change the calling thread's own scheduling.
    unsafe {
        let param = libc::sched_param { sched_priority: 0 };
        if libc::sched_setscheduler(0, libc::SCHED_IDLE, &param) == 0 {
            return;
        }
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
        let waiting = Arc::new(AtomicUsize::new(0));
        WorkSlots {
            jobs: start_threads(name, slots.max(1), waiting.clone()),
            name,
            permits: Arc::new(Semaphore::new(slots.max(1))),
            waiting,
            max_waiting,
            max_wait,
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
        // SAFETY: both calls read the calling thread's own scheduling.
        let (policy, nice) = slots
            .run(|| unsafe {
                let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
                (
                    libc::sched_getscheduler(0),
                    libc::getpriority(libc::PRIO_PROCESS, tid),
                )
            })
            .await
            .unwrap_or((-1, 0));
        assert!(
            policy == libc::SCHED_IDLE || nice == BACKGROUND_NICE,
            "policy {policy}, nice {nice}"
        );
    }
}
