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
use std::sync::{mpsc, Arc, Mutex, MutexGuard, TryLockError};
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

/// How long a thread keeps its scratch memory for a caller that is about
/// to hand in a job.
const SCRATCH_GRACE: Duration = Duration::from_millis(100);

/// The next job for a pool thread. While callers wait for a slot, the
/// thread keeps its scratch memory a moment for the job one of them is
/// about to send; once none comes, the memory goes back before the thread
/// sleeps (another thread may have taken the last job).
fn next_job(receiver: &mpsc::Receiver<Job>, waiting: &AtomicUsize) -> Result<Job, mpsc::RecvError> {
    let mut next = receiver.try_recv();
    if matches!(next, Err(mpsc::TryRecvError::Empty)) && waiting.load(Ordering::SeqCst) > 0 {
        next = receiver.recv_timeout(SCRATCH_GRACE).map_err(|e| match e {
            mpsc::RecvTimeoutError::Timeout => mpsc::TryRecvError::Empty,
            mpsc::RecvTimeoutError::Disconnected => mpsc::TryRecvError::Disconnected,
        });
    }
    match next {
        Ok(job) => Ok(job),
        Err(mpsc::TryRecvError::Empty) => {
            SCRATCH.with(|cell| cell.borrow_mut().take());
            receiver.recv()
        }
        Err(mpsc::TryRecvError::Disconnected) => Err(mpsc::RecvError),
    }
}

/// The shared receiver, for a thread done with its job. If another thread
/// already waits there for work and none comes within the grace, this
/// thread gives its scratch memory back before queueing behind it.
fn lock_receiver(
    receiver: &Mutex<mpsc::Receiver<Job>>,
) -> Option<MutexGuard<'_, mpsc::Receiver<Job>>> {
    if SCRATCH.with(|cell| cell.borrow().is_none()) {
        return receiver.lock().ok();
    }
    let deadline = std::time::Instant::now() + SCRATCH_GRACE;
    loop {
        match receiver.try_lock() {
            Ok(guard) => return Some(guard),
            Err(TryLockError::Poisoned(_)) => return None,
            Err(TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(1));
            }
            Err(TryLockError::WouldBlock) => {
                SCRATCH.with(|cell| cell.borrow_mut().take());
                return receiver.lock().ok();
            }
        }
    }
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
                    let job = match lock_receiver(&receiver) {
                        Some(receiver) => next_job(&receiver, &waiting),
                        None => return,
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

/// A place in the queue of callers waiting for a slot, given up when
/// dropped: also when the caller goes away mid-wait (a client that
/// disconnects drops its request's future), which before left the count
/// raised for good, so after a few floods every caller that found the
/// slots busy was refused, and the threads kept their scratch memory.
struct Waiter<'a>(&'a AtomicUsize);

impl<'a> Waiter<'a> {
    /// Joins the queue unless `max` callers are already in it.
    fn join(waiting: &'a AtomicUsize, max: usize) -> Option<Waiter<'a>> {
        waiting
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()
            .map(|_| Waiter(waiting))
    }
}

impl Drop for Waiter<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
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
        let asked = std::time::Instant::now();
        let permit = match self.permits.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                let Some(_waiter) = Waiter::join(&self.waiting, self.max_waiting) else {
                    tracing::warn!(
                        pool = self.name,
                        "work queue full; asked the client to retry"
                    );
                    return Err(AppError::Unavailable);
                };
                let waited =
                    tokio::time::timeout(self.max_wait, self.permits.clone().acquire_owned()).await;
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
        metrics::histogram!("work_slot_wait_seconds", "pool" => self.name)
            .record(asked.elapsed().as_secs_f64());
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

    /// A pool of one slot with one place in its queue, the slot taken by a
    /// job that runs until `release` is sent to.
    async fn one_slot_taken() -> (
        Arc<WorkSlots>,
        std::sync::mpsc::Sender<()>,
        tokio::task::JoinHandle<Result<Option<()>, AppError>>,
    ) {
        let slots = Arc::new(WorkSlots::new("test", 1, 1, Duration::from_secs(5)));
        let (release, hold) = std::sync::mpsc::channel::<()>();
        let busy = tokio::spawn({
            let slots = slots.clone();
            async move { slots.run(move || hold.recv().ok()).await }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        (slots, release, busy)
    }

    #[tokio::test]
    async fn past_the_slots_and_the_queue_callers_are_told_to_retry() {
        let (slots, release, busy) = one_slot_taken().await;
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
    async fn a_caller_that_goes_away_while_waiting_leaves_the_queue() {
        let (slots, release, busy) = one_slot_taken().await;
        // Three callers in turn wait in the one place and give up (as a
        // request does when its client disconnects).
        for _ in 0..3 {
            let impatient = tokio::spawn({
                let slots = slots.clone();
                async move { slots.run(|| 1).await }
            });
            tokio::time::sleep(Duration::from_millis(20)).await;
            assert_eq!(slots.waiting.load(Ordering::SeqCst), 1);
            impatient.abort();
            let _ = impatient.await;
            assert_eq!(slots.waiting.load(Ordering::SeqCst), 0);
        }
        // The place is free again: the next caller waits instead of being refused.
        let queued = tokio::spawn({
            let slots = slots.clone();
            async move { slots.run(|| 2).await }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        release.send(()).unwrap();
        assert!(busy.await.unwrap().is_ok());
        assert_eq!(queued.await.unwrap(), Ok(2));
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

    #[tokio::test]
    async fn scratch_memory_is_kept_only_while_callers_wait() {
        let slots = WorkSlots::new("test", 1, 4, Duration::from_secs(5));
        let filled = slots
            .run(|| with_scratch(|blocks: &mut Vec<u8>| blocks.resize(1 << 20, 1)))
            .await;
        assert_eq!(filled, Ok(()));
        // Nobody was waiting: once idle, the thread gave the memory back.
        tokio::time::sleep(Duration::from_millis(200)).await;
        let kept = slots
            .run(|| SCRATCH.with(|cell| cell.borrow().is_some()))
            .await;
        assert_eq!(kept, Ok(false));
        // Outside a pool nothing is kept at all.
        with_scratch(|blocks: &mut Vec<u8>| blocks.push(1));
        assert!(SCRATCH.with(|cell| cell.borrow().is_none()));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn no_thread_keeps_scratch_memory_after_a_burst() {
        let slots = Arc::new(WorkSlots::new("test", 2, 16, Duration::from_secs(5)));
        // A burst with callers waiting: threads keep their memory between jobs.
        let burst: Vec<_> = (0..8)
            .map(|_| {
                let slots = slots.clone();
                tokio::spawn(async move {
                    slots
                        .run(|| {
                            with_scratch(|blocks: &mut Vec<u8>| blocks.resize(1 << 20, 1));
                            std::thread::sleep(Duration::from_millis(20));
                        })
                        .await
                })
            })
            .collect();
        for job in burst {
            assert_eq!(job.await.unwrap(), Ok(()));
        }
        tokio::time::sleep(Duration::from_millis(400)).await;
        // Each thread answers for itself (the barrier holds one job per thread).
        let barrier = Arc::new(std::sync::Barrier::new(2));
        let checks: Vec<_> = (0..2)
            .map(|_| {
                let (slots, barrier) = (slots.clone(), barrier.clone());
                tokio::spawn(async move {
                    slots
                        .run(move || {
                            let kept = SCRATCH.with(|cell| cell.borrow().is_some());
                            barrier.wait();
                            kept
                        })
                        .await
                })
            })
            .collect();
        for check in checks {
            assert_eq!(check.await.unwrap(), Ok(false), "a thread kept its memory");
        }
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
