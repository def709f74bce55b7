//! Settings from environment variables, with defaults that work out of the box.

use app::backend::client_addr::TrustedProxies;
use app::backend::state::NamedZone;
use std::path::PathBuf;

#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    pub mail_dir: PathBuf,
    pub smtp_url: Option<String>,
    /// The sender of every message, e.g. `Mini Program Platform <no-reply@example.com>`.
    pub mail_from: String,
    /// Where users write with questions: shown at the foot of every page
    /// (the Terms of Service send people there).
    pub support_email: String,
    /// The address users reach the app at; used in links in emails and as
    /// the trusted origin for state-changing requests.
    pub public_url: String,
    /// Serve cookies with `Secure` and the `__Host-` prefix, and send HSTS.
    pub cookie_secure: bool,
    /// Proxies whose forwarding headers name the client (none: the socket peer is the client).
    pub trusted_proxies: TrustedProxies,
    /// A request that takes longer than this (a trickling body, say) gets 408.
    pub request_timeout: std::time::Duration,
    /// Whether this instance delivers mail and runs jobs. Off, it only serves
    /// requests; the queues wait for an instance that has them on.
    pub background_workers: bool,
    /// The bearer token a Prometheus scraper presents at `/metrics`; without
    /// one the endpoint does not exist and nothing is recorded.
    pub metrics_token: Option<MetricsToken>,
    /// Where business days (Monday to Friday) are counted: `BUSINESS_TZ`, default UTC.
    pub business_zone: NamedZone,
}

/// The scraper's token; never printed (the configuration is logged at start).
#[derive(Clone, PartialEq, Eq)]
pub struct MetricsToken(pub String);

impl std::fmt::Debug for MetricsToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MetricsToken(<redacted>)")
    }
}

impl Config {
    pub fn from_env() -> Result<Config, String> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads settings through `lookup`, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, String> {
        let get = |key: &str| lookup(key).filter(|v| !v.trim().is_empty());
        let cookie_secure = switch("COOKIE_SECURE", get("COOKIE_SECURE"), false)?;
        let background_workers = switch("BACKGROUND_WORKERS", get("BACKGROUND_WORKERS"), true)?;
        let public_url = get("PUBLIC_URL")
            .unwrap_or_else(|| {
                let addr = get("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
                format!("http://{addr}")
            })
            .trim_end_matches('/')
            .to_owned();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(format!(
                "PUBLIC_URL must start with http:// or https://, not {public_url:?}"
            ));
        }
        let trusted_proxies = TrustedProxies::parse(&get("TRUSTED_PROXIES").unwrap_or_default())
            .map_err(|e| format!("TRUSTED_PROXIES: {e}"))?;
        let request_timeout = match get("REQUEST_TIMEOUT_SECS") {
            None => 30,
            Some(v) => v
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|secs| (1..=3600).contains(secs))
                .ok_or_else(|| {
                    format!("REQUEST_TIMEOUT_SECS must be 1 to 3600 seconds, not {v:?}")
                })?,
        };
        Ok(Config {
            database_url: get("DATABASE_URL")
                .unwrap_or_else(|| "sqlite://data/onboarding.db".into()),
            mail_dir: get("MAIL_DIR").unwrap_or_else(|| "data/mail".into()).into(),
            smtp_url: get("SMTP_URL"),
            mail_from: get("MAIL_FROM")
                .unwrap_or_else(|| "Mini Program Platform <no-reply@localhost>".into()),
            support_email: support_email(get("SUPPORT_EMAIL"))?,
            public_url,
            cookie_secure,
            trusted_proxies,
            request_timeout: std::time::Duration::from_secs(request_timeout),
            background_workers,
            metrics_token: metrics_token(get("METRICS_TOKEN"))?,
            business_zone: match get("BUSINESS_TZ") {
                None => NamedZone::utc(),
                Some(name) => NamedZone::parse(&name).map_err(|e| format!("BUSINESS_TZ: {e}"))?,
            },
        })
    }
}

/// A scraper's token must be worth guessing: at least 16 characters, and
/// sent in a header (so visible ASCII, no spaces).
fn metrics_token(value: Option<String>) -> Result<Option<MetricsToken>, String> {
    let Some(token) = value else {
        return Ok(None);
    };
    let token = token.trim().to_owned();
    if token.len() < 16 || !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(
            "METRICS_TOKEN must be at least 16 visible ASCII characters without spaces \
             (e.g. the output of `openssl rand -hex 32`)"
                .into(),
        );
    }
    Ok(Some(MetricsToken(token)))
}

/// An on/off setting: `true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`.
fn switch(name: &str, value: Option<String>, default: bool) -> Result<bool, String> {
    match value.as_deref().map(str::to_ascii_lowercase) {
        None => Ok(default),
        Some(v) if matches!(v.trim(), "1" | "true" | "yes" | "on") => Ok(true),
        Some(v) if matches!(v.trim(), "0" | "false" | "no" | "off") => Ok(false),
        Some(v) => Err(format!("{name} must be true or false, not {v:?}")),
    }
}

fn support_email(value: Option<String>) -> Result<String, String> {
    let address = value.unwrap_or_else(|| "support@localhost".into());
    address
        .trim()
        .parse::<lettre::Address>()
        .map(|a| a.to_string())
        .map_err(|e| format!("SUPPORT_EMAIL is not a valid address ({e}): {address:?}"))
}

/// Hides the password part of a connection URL.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{}://{}:***@{}", &url[..scheme_end], user, &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &redact_url(&self.database_url))
            .field("mail_dir", &self.mail_dir)
            .field("smtp_url", &self.smtp_url.as_deref().map(redact_url))
            .field("mail_from", &self.mail_from)
            .field("support_email", &self.support_email)
            .field("public_url", &self.public_url)
            .field("cookie_secure", &self.cookie_secure)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("request_timeout", &self.request_timeout)
            .field("background_workers", &self.background_workers)
            .field("metrics_token", &self.metrics_token)
            .field("business_zone", &self.business_zone.name())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(move |key| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
    }

    #[test]
    fn a_metrics_token_is_long_enough_and_never_printed() {
        assert_eq!(config(&[]).unwrap().metrics_token, None);
        let token = "0123456789abcdef0123";
        let with = config(&[("METRICS_TOKEN", token)]).unwrap();
        assert_eq!(with.metrics_token, Some(MetricsToken(token.into())));
        assert!(!format!("{with:?}").contains(token));
        for bad in [
            "short",
            "has a space in it somewhere",
            "tab\tseparated-long-token",
        ] {
            assert!(config(&[("METRICS_TOKEN", bad)]).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_business_time_zone_is_an_iana_name_and_defaults_to_utc() {
        assert_eq!(config(&[]).unwrap().business_zone.name(), "UTC");
        let shanghai = config(&[("BUSINESS_TZ", "Asia/Shanghai")]).unwrap();
        assert_eq!(shanghai.business_zone.name(), "Asia/Shanghai");
        assert_eq!(shanghai.business_zone.offset_at(1_795_428_000), 8 * 3600);
        // New York keeps daylight saving time: July is UTC-4, November UTC-5.
        let new_york = config(&[("BUSINESS_TZ", "America/New_York")]).unwrap();
        assert_eq!(new_york.business_zone.offset_at(1_783_000_000), -4 * 3600);
        assert_eq!(new_york.business_zone.offset_at(1_795_428_000), -5 * 3600);
        let wrong = config(&[("BUSINESS_TZ", "Mars/Olympus")]).err().unwrap();
        assert!(
            wrong.starts_with("BUSINESS_TZ: \"Mars/Olympus\" is not a time zone"),
            "{wrong}"
        );
    }

    #[test]
    fn defaults_work_without_any_variable() {
        let c = config(&[]).unwrap();
        assert_eq!(c.database_url, "sqlite://data/onboarding.db");
        assert_eq!(c.mail_dir, PathBuf::from("data/mail"));
        assert_eq!(c.public_url, "http://127.0.0.1:3000");
        assert!(!c.cookie_secure);
        assert!(c.background_workers);
        assert!(c.smtp_url.is_none());
    }

    #[test]
    fn bad_values_are_refused_with_the_variable_named() {
        assert!(config(&[("COOKIE_SECURE", "maybe")])
            .unwrap_err()
            .contains("COOKIE_SECURE"));
        assert!(config(&[("PUBLIC_URL", "example.com")])
            .unwrap_err()
            .contains("PUBLIC_URL"));
        assert!(config(&[("BACKGROUND_WORKERS", "sometimes")])
            .unwrap_err()
            .contains("BACKGROUND_WORKERS"));
        assert!(
            !config(&[("BACKGROUND_WORKERS", "off")])
                .unwrap()
                .background_workers
        );
    }

    #[test]
    fn secrets_never_appear_in_debug_output() {
        let c = config(&[
            ("DATABASE_URL", "postgres://app:hunter2@db/onboarding"),
            ("SMTP_URL", "smtps://mailer:s3cret@smtp.example.com"),
        ])
        .unwrap();
        let shown = format!("{c:?}");
        assert!(
            !shown.contains("hunter2") && !shown.contains("s3cret"),
            "{shown}"
        );
        assert!(shown.contains("postgres://app:***@db/onboarding"));
    }
}
