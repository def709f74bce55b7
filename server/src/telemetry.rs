//! Structured logs through `tracing`, filtered by `RUST_LOG`; one JSON
//! object per line with `LOG_FORMAT=json` (for a log collector), readable
//! text otherwise.

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let format = std::env::var("LOG_FORMAT").unwrap_or_default();
    // A second init (e.g. in tests) is harmless: the first subscriber stays.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    let unknown = match format.trim() {
        "json" => {
            let _ = builder.json().with_current_span(true).try_init();
            return;
        }
        "" | "text" => None,
        other => Some(other.to_owned()),
    };
    // Colours for a person at a terminal, plain text for log files and collectors.
    let _ = builder
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .try_init();
    if let Some(other) = unknown {
        tracing::warn!(
            LOG_FORMAT = other,
            "unknown LOG_FORMAT (use json or text); logging as text"
        );
    }
}
