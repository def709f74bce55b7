//! The reader's time zone: dates and times are shown on the reader's clock.
//! The browser knows its zone; it keeps it in the `tz` cookie, so the server
//! renders the next page in the same zone (and saves it on the account, for
//! mail). Without the cookie (a first visit) the server renders UTC, which
//! every time it shows says.

use crate::domain::date::{date_time_at, Date};
use leptos::prelude::*;
use std::sync::Arc;

#[derive(Clone)]
pub struct ReaderZone {
    /// Seconds east of UTC at an instant.
    offset: Arc<dyn Fn(i64) -> i64 + Send + Sync>,
}

impl ReaderZone {
    /// Makes the reader's zone available to every page; once, at the root.
    pub fn provide() {
        provide_context(Self::of_this_reader());
    }

    /// The zone of the page being rendered (UTC outside a page); in the
    /// browser's islands, the browser's own.
    pub fn get() -> ReaderZone {
        #[cfg(feature = "hydrate")]
        let outside_a_page = Self::of_this_reader;
        #[cfg(not(feature = "hydrate"))]
        let outside_a_page = ReaderZone::utc;
        use_context::<ReaderZone>().unwrap_or_else(outside_a_page)
    }

    pub fn utc() -> ReaderZone {
        ReaderZone {
            offset: Arc::new(|_| 0),
        }
    }

    pub fn offset_at(&self, secs: i64) -> i64 {
        (self.offset)(secs)
    }

    /// The reader's calendar date at `secs`.
    pub fn date(&self, secs: i64) -> Date {
        Date::from_unix(secs + self.offset_at(secs))
    }

    /// "1 December 2026, 04:00 GMT+8"
    pub fn date_time(&self, secs: i64) -> String {
        date_time_at(secs, self.offset_at(secs))
    }

    /// On the server: the zone the `tz` cookie names.
    #[cfg(feature = "ssr")]
    fn of_this_reader() -> ReaderZone {
        let zone = use_context::<http::request::Parts>()
            .and_then(|parts| crate::backend::state::cookie_zone(&parts.headers))
            .and_then(|name| crate::backend::state::NamedZone::parse(&name).ok());
        match zone {
            Some(zone) => ReaderZone {
                offset: Arc::new(move |secs| zone.offset_at(secs)),
            },
            None => ReaderZone::utc(),
        }
    }

    /// In the browser: its own clock.
    #[cfg(not(feature = "ssr"))]
    fn of_this_reader() -> ReaderZone {
        ReaderZone {
            offset: Arc::new(browser_offset),
        }
    }
}

#[cfg(not(feature = "ssr"))]
fn browser_offset(secs: i64) -> i64 {
    #[cfg(feature = "hydrate")]
    {
        use web_sys::js_sys::Date;
        let at = Date::new(&wasm_bindgen::JsValue::from_f64(secs as f64 * 1000.0));
        // Minutes behind UTC, so the sign is the other way round.
        -(at.get_timezone_offset() as i64) * 60
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = secs;
        0
    }
}

/// The browser's IANA zone name, as `Intl` reports it.
#[cfg(feature = "hydrate")]
pub fn browser_zone_name() -> Option<String> {
    use crate::domain::date::is_zone_name;
    use web_sys::js_sys::{Array, Intl, Object, Reflect};
    let options = Intl::DateTimeFormat::new(&Array::new(), &Object::new()).resolved_options();
    Reflect::get(&options, &"timeZone".into())
        .ok()?
        .as_string()
        .filter(|name| is_zone_name(name))
}

/// Keeps the `tz` cookie on the browser's zone; answers whether it changed
/// (the account then saves the new zone, for mail).
#[cfg(feature = "hydrate")]
pub fn remember_browser_zone() -> Option<String> {
    use crate::domain::date::ZONE_COOKIE as COOKIE;
    use web_sys::js_sys::Reflect;
    let name = browser_zone_name()?;
    let document = document();
    let cookies = Reflect::get(&document, &"cookie".into())
        .ok()?
        .as_string()?;
    let current = cookies
        .split(';')
        .find_map(|pair| pair.trim().strip_prefix(COOKIE)?.strip_prefix('='))
        .map(|raw| raw.replace("%2F", "/"));
    if current.as_deref() == Some(name.as_str()) {
        return None;
    }
    let cookie = format!("{COOKIE}={name}; Path=/; Max-Age=31536000; SameSite=Lax");
    Reflect::set(&document, &"cookie".into(), &cookie.into()).ok()?;
    Some(name)
}
