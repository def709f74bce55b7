//! What every request handler and server function may use, provided as
//! Leptos context by the server (never a global).

use super::work_slots::WorkSlots;
use super::Db;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// What every request and background task shares. Cloned into each
/// request's context several times, so it is one reference count, not one
/// per service (each clone of those counts, shared by both cores, showed
/// in the page-rendering profile); the services are reached through `Deref`.
#[derive(Clone)]
pub struct AppState(Arc<Services>);

impl std::ops::Deref for AppState {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.0
    }
}

pub struct Services {
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
    /// Where business days are counted (due dates, time to decision).
    pub business_zone: NamedZone,
}

/// A time zone by its IANA name: the platform's business time zone
/// (`BUSINESS_TZ`, where business days are Monday to Friday), or a reader's.
#[derive(Clone, Debug)]
pub struct NamedZone {
    name: String,
    zone: jiff::tz::TimeZone,
}

impl NamedZone {
    /// A zone by its IANA name (`Asia/Shanghai`), from the system's zoneinfo.
    pub fn parse(name: &str) -> Result<NamedZone, String> {
        let name = name.trim();
        let zone = jiff::tz::TimeZone::get(name).map_err(|_| {
            format!("{name:?} is not a time zone this system knows; use an IANA name such as UTC or Asia/Shanghai")
        })?;
        Ok(NamedZone {
            name: name.to_owned(),
            zone,
        })
    }

    pub fn utc() -> NamedZone {
        NamedZone {
            name: "UTC".into(),
            zone: jiff::tz::TimeZone::UTC,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Seconds east of UTC at Unix time `secs`.
    pub fn offset_at(&self, secs: i64) -> i64 {
        jiff::Timestamp::from_second(secs)
            .map(|at| i64::from(self.zone.to_offset(at).seconds()))
            .unwrap_or(0)
    }
}

/// The zone name a request's `tz` cookie carries (see `components::zone`).
pub fn cookie_zone(headers: &http::HeaderMap) -> Option<String> {
    use crate::domain::date::{is_zone_name, ZONE_COOKIE};
    cookie(headers, ZONE_COOKIE).filter(|name| is_zone_name(name))
}

/// The percent-decoded value of the request's cookie `name`, if it sent one.
pub fn cookie(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|line| line.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(name)?.strip_prefix('='))
        .and_then(|raw| percent_encoding::percent_decode_str(raw).decode_utf8().ok())
        .map(|value| value.into_owned())
}

#[cfg(test)]
mod zone_tests {
    use super::*;

    #[test]
    fn the_cookie_names_the_zone() {
        let mut headers = http::HeaderMap::new();
        headers.insert(
            http::header::COOKIE,
            "id=1; tz=Asia%2FShanghai".parse().unwrap(),
        );
        assert_eq!(cookie_zone(&headers).as_deref(), Some("Asia/Shanghai"));
        headers.insert(http::header::COOKIE, "tz=..%2F..%2Fetc".parse().unwrap());
        assert_eq!(cookie_zone(&headers), None);
    }
}

impl AppState {
    pub fn new(db: Db, settings: Settings) -> AppState {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        AppState(Arc::new(Services {
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
        }))
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
    /// Set for a clock that moves only when advanced: a test asserting what
    /// is due one second before a deadline must not see a real second pass.
    stopped_at: Option<i64>,
}

impl Clock {
    /// A clock standing at the current time until it is advanced.
    pub fn stopped() -> Clock {
        Clock {
            offset: Arc::default(),
            stopped_at: Some(super::now()),
        }
    }

    pub fn now(&self) -> i64 {
        self.stopped_at.unwrap_or_else(super::now) + self.offset.load(Ordering::Relaxed)
    }

    /// Moves this clock (and every clone of it) forward.
    pub fn advance(&self, secs: i64) {
        self.offset.fetch_add(secs, Ordering::Relaxed);
    }
}
