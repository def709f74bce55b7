//! What operators scrape: `/metrics` in the Prometheus text format, for a
//! scraper that presents `METRICS_TOKEN` (with no token set the endpoint
//! does not exist and nothing is recorded). Requests by route and status
//! with their latency, the mail and job queues' depth, retries and dead
//! entries, and the time spent waiting for a hashing or image slot.

use app::backend::{queue::Queue, AppState};
use axum::{
    extract::{MatchedPath, Request, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

/// Latency buckets in seconds: from a static file to a password hash under load.
const LATENCY_BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// The process-wide recorder: one per process, whatever number of apps a
/// test starts in it.
static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the recorder (once) and answers its handle. Histogram samples
/// are folded into their buckets by a task every few seconds, so memory
/// stays flat between scrapes.
pub fn install() -> PrometheusHandle {
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets(&LATENCY_BUCKETS)
                .expect("latency buckets are not empty")
                .build_recorder();
            let handle = recorder.handle();
            if metrics::set_global_recorder(recorder).is_err() {
                tracing::warn!("a metrics recorder was already installed; /metrics may be empty");
            }
            let upkeep = handle.clone();
            tokio::spawn(async move {
                let mut every = tokio::time::interval(Duration::from_secs(5));
                loop {
                    every.tick().await;
                    upkeep.run_upkeep();
                }
            });
            handle
        })
        .clone()
}

/// Counts each request by route pattern (never the raw path: ids and
/// tokens would make every request its own series), method and status.
pub async fn record_request(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".into());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("http_requests_total", "route" => route.clone(), "method" => method, "status" => status)
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// Whether `headers` carry `Authorization: Bearer <token>`, compared in
/// constant time.
fn presents(headers: &HeaderMap, token: &str) -> bool {
    let Some(given) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return false;
    };
    let (a, b) = (given.as_bytes(), token.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `GET /metrics`.
pub async fn scrape(
    State(state): State<AppState>,
    token: Arc<str>,
    handle: PrometheusHandle,
    headers: HeaderMap,
) -> Response {
    if !presents(&headers, &token) {
        let mut refused =
            (StatusCode::UNAUTHORIZED, "metrics need the scraper's token").into_response();
        refused
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return refused;
    }
    // The queues' depth is read now, from the database every instance shares.
    for queue in Queue::ALL {
        match app::backend::queue::depth(&state.db, queue).await {
            Ok(counts) => {
                for (status, count) in counts {
                    metrics::gauge!("queue_entries", "queue" => queue.prefix(), "status" => status)
                        .set(count as f64);
                }
            }
            Err(err) => tracing::warn!(error = %err, "could not read the queue depth for /metrics"),
        }
    }
    let mut response = handle.render().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::presents;
    use axum::http::{header, HeaderMap, HeaderValue};

    #[test]
    fn only_the_exact_bearer_token_is_accepted() {
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
            headers
        };
        assert!(presents(&with("Bearer s3cret-token"), "s3cret-token"));
        assert!(!presents(&with("Bearer s3cret-toke"), "s3cret-token"));
        assert!(!presents(&with("Bearer s3cret-token2"), "s3cret-token"));
        assert!(!presents(&with("Basic s3cret-token"), "s3cret-token"));
        assert!(!presents(&HeaderMap::new(), "s3cret-token"));
    }
}
