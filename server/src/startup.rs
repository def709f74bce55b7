//! Builds the HTTP application and runs it until a shutdown signal.

use crate::mail::{transport, worker::Mailer};
use crate::worker::QueueWorker;
use crate::{config::Config, health};
use app::backend::{session::DbSessionStore, state::Settings, AppState, Db};
use axum::{
    extract::{FromRef, MatchedPath, Request},
    http::{header, HeaderName},
    routing::get,
    Router,
};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::{future::Future, net::SocketAddr, time::Duration};
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::{
    compression::CompressionLayer,
    csrf::CsrfLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    sensitive_headers::SetSensitiveHeadersLayer,
    timeout::TimeoutLayer,
    trace::TraceLayer,
};

/// Router state: Leptos' options plus ours, each reachable by `State<…>`.
/// Leptos clones it into every page's and server function's context, so it
/// is one reference count (the options alone are seven).
#[derive(Clone)]
pub struct ServerState(std::sync::Arc<Shared>);

struct Shared {
    leptos_options: LeptosOptions,
    app: AppState,
}

impl ServerState {
    pub fn new(leptos_options: LeptosOptions, app: AppState) -> ServerState {
        ServerState(std::sync::Arc::new(Shared {
            leptos_options,
            app,
        }))
    }
}

impl FromRef<ServerState> for LeptosOptions {
    fn from_ref(state: &ServerState) -> Self {
        state.0.leptos_options.clone()
    }
}

impl FromRef<ServerState> for AppState {
    fn from_ref(state: &ServerState) -> Self {
        state.0.app.clone()
    }
}

/// Leptos options from cargo-leptos' environment, with our defaults when the
/// binary was built without cargo-leptos (e.g. by `cargo test`).
pub fn leptos_options() -> Result<LeptosOptions, String> {
    let mut options = get_configuration(None)
        .map_err(|e| format!("invalid LEPTOS_* settings: {e}"))?
        .leptos_options;
    if options.output_name.is_empty() {
        options.output_name = "onboarding".into();
    }
    // A release build names its assets by content hash and lists the hashes
    // beside the binary; use them however the binary was started.
    if app::assets::hash_file(&options).is_some() {
        options.hash_files = true;
    }
    Ok(options)
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    mailer: Mailer,
    sessions: DbSessionStore,
    /// Whether the mail and job workers run beside the server.
    workers: bool,
}

impl Application {
    /// Connects to and migrates the database, then binds `addr` (port 0 picks a free one).
    pub async fn build(
        config: &Config,
        leptos_options: LeptosOptions,
        addr: SocketAddr,
    ) -> Result<Application, String> {
        let db = Db::connect(&config.database_url)
            .await
            .map_err(|e| e.to_string())?;
        db.migrate().await.map_err(|e| e.to_string())?;
        let sessions = DbSessionStore::connect(&config.database_url, &db)
            .await
            .map_err(|e| format!("failed to open the session store: {e}"))?;
        let state = AppState::new(
            db,
            Settings {
                public_url: config.public_url.clone(),
                support_email: config.support_email.clone(),
                trusted_proxies: config.trusted_proxies.clone(),
                business_zone: config.business_zone.clone(),
            },
        );
        let mailer = mailer(config, &state)?;
        let router = router(config, leptos_options, state.clone(), sessions.clone())?;
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|e| format!("failed to listen on {addr}: {e}"))?;
        Ok(Application {
            listener,
            router,
            state,
            mailer,
            sessions,
            workers: config.background_workers,
        })
    }

    /// Serves without the background workers: tests drive mail delivery and
    /// jobs themselves (`QueueWorker::run_all_due`)
    /// instead of waiting for them.
    pub fn without_workers(mut self) -> Application {
        self.workers = false;
        self
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// The server's database pool (a cheap clone sharing the connections).
    pub fn db(&self) -> Db {
        self.state.db.clone()
    }

    pub fn state(&self) -> AppState {
        self.state.clone()
    }

    pub fn mailer(&self) -> Mailer {
        self.mailer.clone()
    }

    pub fn job_worker(&self) -> crate::jobs::JobWorker {
        crate::jobs::JobWorker {
            db: self.state.db.clone(),
            clock: self.state.clock.clone(),
        }
    }

    /// Serves (with the mail worker and session clean-up beside it) until
    /// `shutdown` completes, then lets in-flight requests and the message
    /// being sent finish.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let mut workers = Vec::new();
        if self.workers {
            let mail = self.mailer.clone();
            workers.push(tokio::spawn(
                mail.run(self.state.mail_queued.clone(), stopped.clone()),
            ));
            let jobs = self.job_worker();
            workers.push(tokio::spawn(
                jobs.run(self.state.jobs_queued.clone(), stopped.clone()),
            ));
        }
        let cleanup = tokio::spawn(delete_expired_sessions(self.sessions, stopped));
        use axum::serve::ListenerExt;
        // Small responses go out at once: with Nagle's algorithm on, each one
        // waited ~20 ms for the client's delayed acknowledgement.
        let listener = self.listener.tap_io(|tcp| {
            if let Err(err) = tcp.set_nodelay(true) {
                tracing::debug!(%err, "could not set TCP_NODELAY");
            }
        });
        let result = axum::serve(
            listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await;
        let _ = stop.send(true);
        for worker in workers {
            let _ = worker.await;
        }
        let _ = cleanup.await;
        self.state.db.close().await;
        result
    }
}

/// The app's routes, generated once per process. Generating them suppresses
/// resource loading process-wide for a moment (leptos issue #4773): a page
/// rendering in another app instance at that moment would hang, which only
/// several instances in one process (the tests) can hit.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app::App)).clone()
}

/// `/metrics` for a scraper with the token; nothing (and no recording) without one.
fn metrics_route(config: &Config, app: &AppState) -> Router<ServerState> {
    let Some(token) = config.metrics_token.clone() else {
        return Router::new();
    };
    let token: std::sync::Arc<str> = token.0.into();
    let handle = crate::observability::install();
    let app = app.clone();
    Router::new().route(
        "/metrics",
        get(move |headers: axum::http::HeaderMap| {
            crate::observability::scrape(
                axum::extract::State(app.clone()),
                token.clone(),
                handle.clone(),
                headers,
            )
        }),
    )
}

/// The whole HTTP application: probes, Leptos pages and server functions,
/// static files, and the layers every response passes through.
pub fn router(
    config: &Config,
    leptos_options: LeptosOptions,
    app: AppState,
    sessions: DbSessionStore,
) -> Result<Router, String> {
    let routes = route_list();
    let state = ServerState::new(leptos_options.clone(), app.clone());
    let context = {
        let app = app.clone();
        move || provide_context(app.clone())
    };
    let csrf = CsrfLayer::new()
        .add_trusted_origin(&config.public_url)
        .map_err(|e| format!("PUBLIC_URL is not a valid origin: {e}"))?;

    let router = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/logos/{file}", get(crate::logos::serve))
        .route("/account/data.json", get(crate::account_data::download))
        .route("/admin/queue.csv", get(crate::queue_csv::download))
        .route(
            "/language",
            axum::routing::post(crate::language::switch)
                .with_state((app.clone(), config.cookie_secure)),
        )
        .merge(metrics_route(config, &app))
        .nest_service(
            &format!("/{}", leptos_options.site_pkg_dir),
            crate::static_files::pkg_service(&leptos_options),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = leptos_options.clone();
            move || app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            ServerState,
            _,
        >(context, app::shell))
        .with_state(state)
        .layer(axum::middleware::from_fn_with_state(
            config.cookie_secure,
            crate::plain_forms::plain_form_posts,
        ))
        .layer(axum::middleware::from_fn_with_state(
            (app.clone(), config.cookie_secure),
            crate::middleware::load_page_user,
        ))
        .layer(session_layer(sessions, config.cookie_secure))
        .layer(axum::middleware::from_fn(
            crate::api_errors::server_fn_status,
        ))
        // Inside the language (part of a page's key), outside the session
        // (an anonymous visit answered from memory never loads one).
        .layer(axum::middleware::from_fn_with_state(
            crate::page_cache::PageCache::default(),
            crate::page_cache::serve,
        ))
        .layer(axum::middleware::from_fn(crate::language::negotiate))
        .layer(axum::middleware::map_response(
            |mut response: axum::response::Response| async move {
                response
                    .extensions_mut()
                    .insert(crate::middleware::ReachedApp);
                response
            },
        ));

    let request_id = HeaderName::from_static("x-request-id");
    let trusted_proxies = config.trusted_proxies.clone();
    let layers = ServiceBuilder::new()
        .layer(SetSensitiveHeadersLayer::new([
            header::AUTHORIZATION,
            header::COOKIE,
            header::SET_COOKIE,
        ]))
        // The request id in logs is always ours: a client's own is dropped.
        .layer(axum::middleware::map_request(
            |mut request: Request| async move {
                request.headers_mut().remove("x-request-id");
                request
            },
        ))
        .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
        .layer(
            TraceLayer::new_for_http().make_span_with(move |request: &Request| {
                let route = request
                    .extensions()
                    .get::<MatchedPath>()
                    .map(MatchedPath::as_str)
                    .unwrap_or_default();
                let id = request
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                // Every log line of a request says who asked (the user once the session is read).
                let client = request
                    .extensions()
                    .get::<axum::extract::ConnectInfo<SocketAddr>>()
                    .map(|info| {
                        app::backend::client_addr::client_address(
                            info.0.ip(),
                            request.headers(),
                            &trusted_proxies,
                        )
                        .to_string()
                    })
                    .unwrap_or_default();
                let path = loggable_path(request.uri().path(), route);
                tracing::info_span!("request", method = %request.method(), path = %path, route,
                request_id = id, client = %client, user_id = tracing::field::Empty)
            }),
        )
        .layer(PropagateRequestIdLayer::new(request_id))
        .layer(axum::middleware::from_fn(
            crate::observability::record_request,
        ))
        .layer(crate::middleware::catch_panics())
        .layer(axum::middleware::from_fn_with_state(
            config.cookie_secure,
            crate::middleware::security_headers,
        ))
        // Quality 4: near gzip -9 sizes for Brotli at a fraction of its default (11) cost.
        .layer(CompressionLayer::new().quality(tower_http::CompressionLevel::Precise(4)))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            config.request_timeout,
        ))
        .layer(axum::middleware::from_fn(crate::body_limit::limit_body))
        .layer(axum::middleware::from_fn(
            crate::middleware::log_cross_site_refusals,
        ))
        .layer(csrf);
    Ok(router.layer(layers))
}

/// Session cookies: `HttpOnly; SameSite=Lax; Path=/`, plus `Secure` and the
/// `__Host-` prefix in production. Ended records expire in the store too.
fn session_layer(
    sessions: DbSessionStore,
    secure: bool,
) -> tower_sessions::SessionManagerLayer<DbSessionStore> {
    use tower_sessions::cookie::{time, SameSite};
    tower_sessions::SessionManagerLayer::new(sessions)
        .with_name(if secure { "__Host-session" } else { "session" })
        .with_secure(secure)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        // The record and its cookie are written once, at login, so they
        // last as long as a session may (the absolute limit); the idle limit
        // is the session row's `seen_at`, checked on every request. (With
        // the idle limit here, an account used every day was still logged
        // out a week after logging in.)
        .with_expiry(tower_sessions::Expiry::OnInactivity(
            time::Duration::seconds(app::backend::session::ABSOLUTE_TIMEOUT_SECS),
        ))
}

async fn delete_expired_sessions(
    sessions: DbSessionStore,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        if let Err(err) = sessions.delete_expired().await {
            tracing::warn!(error = %err, "failed to delete expired sessions");
        }
        tokio::select! {
            () = tokio::time::sleep(Duration::from_secs(3600)) => {}
            _ = stop.changed() => return,
        }
    }
}

/// The mail worker for the configured transport.
pub fn mailer(config: &Config, state: &AppState) -> Result<Mailer, String> {
    let transport: std::sync::Arc<dyn transport::Transport> = match &config.smtp_url {
        Some(url) => std::sync::Arc::new(transport::smtp_transport(url)?),
        None => std::sync::Arc::new(transport::file_transport(config.mail_dir.clone())?),
    };
    let from = config
        .mail_from
        .parse()
        .map_err(|e| format!("MAIL_FROM is not a valid address: {e}"))?;
    let host = config
        .public_url
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split(['/', ':']).next())
        .filter(|h| !h.is_empty())
        .unwrap_or("localhost")
        .to_owned();
    Ok(Mailer {
        db: state.db.clone(),
        transport,
        from,
        host,
        clock: state.clock.clone(),
    })
}

/// The path to log: a secret link's token (a password reset, an invitation)
/// never reaches the logs, only its route.
fn loggable_path<'a>(path: &'a str, route: &'a str) -> &'a str {
    if route.contains("{token}") || route.contains(":token") {
        route
    } else {
        path
    }
}

#[cfg(test)]
mod loggable_path_tests {
    use super::loggable_path;

    #[test]
    fn tokens_in_links_are_not_logged() {
        assert_eq!(
            loggable_path("/invitations/abc123", "/invitations/{token}"),
            "/invitations/{token}"
        );
        assert_eq!(
            loggable_path("/reset/abc123", "/reset/{token}"),
            "/reset/{token}"
        );
        assert_eq!(loggable_path("/apply", "/apply"), "/apply");
    }
}
