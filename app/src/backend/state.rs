//! What every request handler and server function may use, provided as
//! Leptos context by the server (never a global).

use super::work_slots::WorkSlots;
use super::Db;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub clock: Clock,
    /// Bounds concurrent argon2 hashes so a login storm cannot starve the runtime.
    pub hashing: Arc<WorkSlots>,
    /// Bounds concurrent logo decodes (each may take 64 MB) so an upload flood
    /// cannot exhaust memory.
    pub decoding: Arc<WorkSlots>,
    /// Wakes the mail worker as soon as a message is queued by this instance.
    pub mail_queued: Arc<Notify>,
    /// Wakes the job worker (workspace provisioning) as soon as a job is queued here.
    pub jobs_queued: Arc<Notify>,
    pub settings: Arc<Settings>,
}

/// Settings the services need (the server's `Config` holds the rest).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where users reach the app, for links in emails.
    pub public_url: String,
    /// Where users write with questions (shown in every page's footer).
    pub support_email: String,
    /// Proxies whose forwarding headers are believed.
    pub trusted_proxies: super::client_addr::TrustedProxies,
}

impl AppState {
    pub fn new(db: Db, settings: Settings) -> AppState {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        AppState {
            db,
            clock: Clock::default(),
            // Logins wait up to 10 s for a slot; uploads are fewer, bigger, and told sooner.
            hashing: Arc::new(WorkSlots::new(
                "hashing",
                cores,
                256,
                Duration::from_secs(10),
            )),
            decoding: Arc::new(WorkSlots::new(
                "logos",
                cores,
                2 * cores,
                Duration::from_secs(10),
            )),
            mail_queued: Arc::new(Notify::new()),
            jobs_queued: Arc::new(Notify::new()),
            settings: Arc::new(settings),
        }
    }

    /// The state from the current request's context.
    pub fn from_context() -> Result<AppState, crate::error::AppError> {
        leptos::prelude::use_context::<AppState>().ok_or_else(|| {
            crate::error::AppError::internal("application state", "AppState missing from context")
        })
    }
}

/// Wall-clock time in Unix seconds, which tests can move forward.
#[derive(Clone, Default)]
pub struct Clock {
    offset: Arc<AtomicI64>,
}

impl Clock {
    pub fn now(&self) -> i64 {
        super::now() + self.offset.load(Ordering::Relaxed)
    }

    /// Moves this clock (and every clone of it) forward.
    pub fn advance(&self, secs: i64) {
        self.offset.fetch_add(secs, Ordering::Relaxed);
    }
}
