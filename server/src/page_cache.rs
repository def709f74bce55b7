//! The public pages where visits start (home, signup, login, the password
//! reset request) look the same to every anonymous visitor who reads them
//! in the same language and time zone, and a campaign sends thousands of
//! such visitors at once. So an anonymous `GET` of one of them is rendered
//! once and then answered from memory for a few seconds, each answer with a
//! fresh script nonce (in the page and in its Content-Security-Policy).
//!
//! Anything that could make a page personal goes past the cache: a cookie
//! other than the language and zone ones (a session, a form's flash, or
//! anything we do not know), a query string (a return path, an invitation),
//! a method other than `GET`. Only a plain `200` page without `Set-Cookie`
//! is kept.

use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http_body_util::BodyExt;
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

/// Pages whose anonymous view depends only on the code, the configuration,
/// the language and the zone. A page that reads the database (the terms,
/// an invitation, a reset link) is not one of them.
const PUBLIC_PAGES: [&str; 4] = ["/", "/signup", "/login", "/reset"];

/// How long a rendered page is reused. The pages depend on nothing that
/// changes while the server runs; the limit bounds what a dependency added
/// later without updating `PUBLIC_PAGES` could leave behind.
const FRESH_FOR: Duration = Duration::from_secs(10);

/// Pages kept at most (each a few kilobytes): four pages in two languages
/// and a few zones need far fewer; the cap bounds what a visitor cycling
/// through every zone name can fill.
const MAX_PAGES: usize = 256;

/// A page larger than this is answered as rendered, never kept.
const MAX_PAGE_BYTES: usize = 512 * 1024;

/// Cookies the public pages read (the others make a request personal).
const KNOWN_COOKIES: [&str; 2] = [app::i18n::LANG_COOKIE, app::domain::date::ZONE_COOKIE];

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
struct Key {
    path: &'static str,
    locale: app::i18n::Locale,
    zone: Option<String>,
}

/// A rendered page cut at its nonce: the parts are joined with a new one.
struct Template {
    headers: Vec<(header::HeaderName, Vec<Bytes>)>,
    body: Vec<Bytes>,
}

struct Entry {
    rendered_at: Instant,
    template: Arc<Template>,
}

/// The pages rendered for anonymous visitors, by page, language and zone.
#[derive(Clone)]
pub struct PageCache {
    pages: Arc<Mutex<HashMap<Key, Entry>>>,
    fresh_for: Duration,
}

impl Default for PageCache {
    fn default() -> Self {
        Self::with_freshness(FRESH_FOR)
    }
}

impl PageCache {
    pub fn with_freshness(fresh_for: Duration) -> Self {
        Self {
            pages: Arc::default(),
            fresh_for,
        }
    }

    fn lookup(&self, key: &Key) -> Option<Arc<Template>> {
        let pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        pages
            .get(key)
            .filter(|entry| entry.rendered_at.elapsed() < self.fresh_for)
            .map(|entry| entry.template.clone())
    }

    fn keep(&self, key: Key, template: Template) {
        let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        if pages.len() >= MAX_PAGES && !pages.contains_key(&key) {
            pages.retain(|_, entry| entry.rendered_at.elapsed() < self.fresh_for);
            if pages.len() >= MAX_PAGES {
                return;
            }
        }
        let entry = Entry {
            rendered_at: Instant::now(),
            template: Arc::new(template),
        };
        pages.insert(key, entry);
    }
}

/// The layer: answers from memory what it can, keeps what it may.
pub async fn serve(State(cache): State<PageCache>, request: Request, next: Next) -> Response {
    let Some(key) = key_of(&request) else {
        return next.run(request).await;
    };
    if let Some(template) = cache.lookup(&key) {
        return template.answer(&leptos::nonce::Nonce::new());
    }
    let response = next.run(request).await;
    let Some(nonce) = nonce_of(response.headers()) else {
        return response;
    };
    if response.status() != StatusCode::OK || response.headers().contains_key(header::SET_COOKIE) {
        return response;
    }
    // Our own page, a few kilobytes: read whole, then kept if small enough.
    let (parts, body) = response.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(err) => {
            let error = app::error::AppError::internal("A public page could not be rendered", err);
            return (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response();
        }
    };
    if body.len() <= MAX_PAGE_BYTES {
        cache.keep(key, Template::cut(&parts.headers, &body, &nonce));
    }
    Response::from_parts(parts, Body::from(body))
}

/// What the page depends on, or `None` when it may be personal.
fn key_of(request: &Request) -> Option<Key> {
    if request.method() != Method::GET || request.uri().query().is_some() {
        return None;
    }
    let path = PUBLIC_PAGES
        .into_iter()
        .find(|page| *page == request.uri().path())?;
    if !only_known_cookies(request.headers()) {
        return None;
    }
    Some(Key {
        path,
        locale: request.extensions().get::<app::i18n::Locale>().copied()?,
        // Zones the system does not know render as UTC, like no cookie.
        zone: app::backend::state::cookie_zone(request.headers())
            .and_then(|name| app::backend::state::NamedZone::parse(&name).ok())
            .map(|zone| zone.name().to_owned()),
    })
}

fn only_known_cookies(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .all(|line| match line.to_str() {
            Ok(line) => line.split(';').all(|pair| {
                let name = pair.split('=').next().unwrap_or_default().trim();
                name.is_empty() || KNOWN_COOKIES.contains(&name)
            }),
            Err(_) => false,
        })
}

/// The page's script nonce, read from its Content-Security-Policy.
fn nonce_of(headers: &HeaderMap) -> Option<String> {
    let policy = headers
        .get(header::CONTENT_SECURITY_POLICY)?
        .to_str()
        .ok()?;
    let start = policy.find("'nonce-")? + "'nonce-".len();
    let nonce = &policy[start..start + policy[start..].find('\'')?];
    (nonce.len() >= 16).then(|| nonce.to_owned())
}

/// `text` split at every occurrence of `nonce`.
fn cut_at(text: &[u8], nonce: &[u8]) -> Vec<Bytes> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.windows(nonce.len()).position(|w| w == nonce) {
        parts.push(Bytes::copy_from_slice(&rest[..at]));
        rest = &rest[at + nonce.len()..];
    }
    parts.push(Bytes::copy_from_slice(rest));
    parts
}

fn join_with(parts: &[Bytes], nonce: &[u8]) -> Vec<u8> {
    let size = parts.iter().map(Bytes::len).sum::<usize>() + parts.len() * nonce.len();
    let mut joined = Vec::with_capacity(size);
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            joined.extend_from_slice(nonce);
        }
        joined.extend_from_slice(part);
    }
    joined
}

impl Template {
    fn cut(headers: &HeaderMap, body: &[u8], nonce: &str) -> Self {
        Self {
            headers: headers
                .iter()
                .map(|(name, value)| (name.clone(), cut_at(value.as_bytes(), nonce.as_bytes())))
                .collect(),
            body: cut_at(body, nonce.as_bytes()),
        }
    }

    fn answer(&self, nonce: &str) -> Response {
        let mut response = Response::new(Body::from(join_with(&self.body, nonce.as_bytes())));
        let headers = response.headers_mut();
        for (name, parts) in &self.headers {
            // The parts came from a valid value and the nonce is base64.
            if let Ok(value) = HeaderValue::from_bytes(&join_with(parts, nonce.as_bytes())) {
                headers.append(name.clone(), value);
            }
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::i18n::Locale;
    use axum::{middleware::from_fn_with_state, routing::get, Router};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tower::ServiceExt;

    /// A router whose pages count their renders and answer like Leptos does:
    /// a fresh nonce in the policy and twice in the page.
    fn app(cache: PageCache, renders: Arc<AtomicUsize>) -> Router {
        let page = move |request: Request| {
            let renders = renders.clone();
            async move {
                renders.fetch_add(1, Ordering::SeqCst);
                let nonce = leptos::nonce::Nonce::new().to_string();
                let locale = request.extensions().get::<Locale>().copied().unwrap();
                let cookie = if request.uri().path() == "/signup" {
                    Some("flash=; Max-Age=0")
                } else {
                    None
                };
                let mut response = (
                    [(
                        header::CONTENT_SECURITY_POLICY,
                        format!("script-src 'nonce-{nonce}'"),
                    )],
                    format!(
                        "<html lang={}><script nonce=\"{nonce}\"></script>\
                         <script nonce=\"{nonce}\"></script>{}{}</html>",
                        locale.tag(),
                        request.uri(),
                        // The reset page stands for one too large to keep.
                        if request.uri().path() == "/reset" {
                            "x".repeat(MAX_PAGE_BYTES)
                        } else {
                            String::new()
                        }
                    ),
                )
                    .into_response();
                if let Some(cookie) = cookie {
                    response
                        .headers_mut()
                        .insert(header::SET_COOKIE, HeaderValue::from_static(cookie));
                }
                response
            }
        };
        Router::new()
            .route("/login", get(page.clone()).post(page.clone()))
            .route("/signup", get(page.clone()))
            .route("/reset", get(page.clone()))
            .route("/terms", get(page))
            .layer(from_fn_with_state(cache, serve))
            .layer(axum::middleware::from_fn(crate::language::negotiate))
    }

    async fn visit(app: &Router, request: axum::http::request::Builder) -> (String, String) {
        let response = app
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let policy = response.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_owned();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (policy, String::from_utf8(body.to_vec()).unwrap())
    }

    fn nonce_in(policy: &str) -> String {
        let headers = HeaderMap::from_iter([(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(policy).unwrap(),
        )]);
        nonce_of(&headers).unwrap()
    }

    fn get_(uri: &str) -> axum::http::request::Builder {
        Request::get(uri)
    }

    #[tokio::test]
    async fn an_anonymous_page_is_rendered_once_and_every_answer_has_its_own_nonce() {
        let renders = Arc::new(AtomicUsize::new(0));
        let app = app(PageCache::default(), renders.clone());
        let (first_policy, first) = visit(&app, get_("/login")).await;
        let (second_policy, second) = visit(&app, get_("/login")).await;
        assert_eq!(renders.load(Ordering::SeqCst), 1);
        let (first_nonce, nonce) = (nonce_in(&first_policy), nonce_in(&second_policy));
        assert_ne!(first_nonce, nonce);
        assert!(!first.contains(&nonce));
        assert_eq!(second.matches(&format!("nonce=\"{nonce}\"")).count(), 2);
        assert_eq!(
            first.replace(&first_nonce, "N"),
            second.replace(&nonce, "N")
        );
    }

    #[tokio::test]
    async fn each_language_and_zone_has_its_own_page() {
        let renders = Arc::new(AtomicUsize::new(0));
        let app = app(PageCache::default(), renders.clone());
        let (_, english) = visit(&app, get_("/login")).await;
        let (_, chinese) = visit(&app, get_("/login").header("accept-language", "zh-CN")).await;
        let (_, by_cookie) = visit(&app, get_("/login").header("cookie", "lang=zh")).await;
        assert!(english.contains("lang=en") && chinese.contains("lang=zh"));
        assert!(by_cookie.contains("lang=zh"));
        assert_eq!(renders.load(Ordering::SeqCst), 2);
        visit(&app, get_("/login").header("cookie", "tz=Asia%2FShanghai")).await;
        visit(
            &app,
            get_("/login").header("cookie", "tz=Asia%2FShanghai; lang=en"),
        )
        .await;
        assert_eq!(renders.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_request_that_may_be_personal_is_always_rendered() {
        let renders = Arc::new(AtomicUsize::new(0));
        let app = app(PageCache::default(), renders.clone());
        let personal = [
            get_("/login").header("cookie", "session=abc"),
            get_("/login").header("cookie", "lang=en; session=abc"),
            get_("/login")
                .header("cookie", "lang=en")
                .header("cookie", "flash=x"),
            get_("/login").header("cookie", "something-new=1"),
            get_("/login?next=%2Fapply"),
            get_("/login?"),
            Request::post("/login"),
            get_("/terms"),
        ];
        for (n, request) in personal.into_iter().enumerate() {
            visit(&app, request).await;
            assert_eq!(renders.load(Ordering::SeqCst), n + 1);
        }
        // None of them was kept for an anonymous visitor either.
        visit(&app, get_("/login")).await;
        assert_eq!(renders.load(Ordering::SeqCst), 9);
    }

    #[tokio::test]
    async fn a_page_that_sets_a_cookie_is_not_kept() {
        let renders = Arc::new(AtomicUsize::new(0));
        let app = app(PageCache::default(), renders.clone());
        visit(&app, get_("/signup")).await;
        visit(&app, get_("/signup")).await;
        assert_eq!(renders.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_page_too_large_to_keep_is_answered_whole_and_rendered_each_time() {
        let renders = Arc::new(AtomicUsize::new(0));
        let app = app(PageCache::default(), renders.clone());
        for _ in 0..2 {
            let (_, page) = visit(&app, get_("/reset")).await;
            assert!(page.len() > MAX_PAGE_BYTES && page.ends_with("x</html>"));
        }
        assert_eq!(renders.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_kept_page_is_rendered_again_once_it_is_stale() {
        let renders = Arc::new(AtomicUsize::new(0));
        let app = app(
            PageCache::with_freshness(Duration::from_millis(50)),
            renders.clone(),
        );
        visit(&app, get_("/login")).await;
        visit(&app, get_("/login")).await;
        assert_eq!(renders.load(Ordering::SeqCst), 1);
        tokio::time::sleep(Duration::from_millis(80)).await;
        visit(&app, get_("/login")).await;
        assert_eq!(renders.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn the_pages_kept_are_capped() {
        let cache = PageCache::default();
        let key = |zone: usize| Key {
            path: "/login",
            locale: Locale::default(),
            zone: Some(format!("Zone/{zone}")),
        };
        let template = || Template::cut(&HeaderMap::new(), b"page", "nonce");
        for zone in 0..MAX_PAGES + 40 {
            cache.keep(key(zone), template());
        }
        assert_eq!(cache.pages.lock().unwrap().len(), MAX_PAGES);
        assert!(cache.lookup(&key(0)).is_some());
        assert!(cache.lookup(&key(MAX_PAGES)).is_none());
    }

    #[test]
    fn a_text_is_cut_at_every_nonce_and_joined_with_another() {
        let parts = cut_at(b"aXYbXYXYc", b"XY");
        assert_eq!(
            parts,
            ["a", "b", "", "c"].map(|s| Bytes::from_static(s.as_bytes()))
        );
        assert_eq!(join_with(&parts, b"--"), b"a--b----c");
        assert_eq!(join_with(&cut_at(b"plain", b"XY"), b"--"), b"plain");
    }
}
