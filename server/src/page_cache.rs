//! The public pages where visits start (home, signup, login, the password
//! reset request) look the same to every anonymous visitor who reads them
//! in the same language and time zone, and a campaign sends thousands of
//! such visitors at once. So an anonymous `GET` of one of them is rendered
//! once, kept for a few seconds and answered from memory, compressed once
//! (Brotli or gzip, as the browser accepts). A kept page allows its inline
//! scripts by their SHA-256 hashes instead of a nonce: a nonce would have to
//! differ in every answer, and the page could not be compressed ahead.
//!
//! Anything that could make a page personal goes past the cache: a cookie
//! other than the language and zone ones (a session, a form's flash, or
//! anything we do not know), a query string (a return path, an invitation),
//! a method other than `GET`. Only a plain `200` page without `Set-Cookie` is
//! kept.

use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http_body_util::BodyExt;
use std::io::Write as _;
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

/// A page as kept: its headers (the policy allowing its inline scripts by
/// hash) and its body as rendered (without the nonce), in Brotli and in gzip.
struct Kept {
    headers: HeaderMap,
    identity: Bytes,
    brotli: Bytes,
    gzip: Bytes,
}

struct Entry {
    rendered_at: Instant,
    page: Arc<Kept>,
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

    fn lookup(&self, key: &Key) -> Option<Arc<Kept>> {
        let pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        pages
            .get(key)
            .filter(|entry| entry.rendered_at.elapsed() < self.fresh_for)
            .map(|entry| entry.page.clone())
    }

    fn keep(&self, key: Key, page: Kept) {
        let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        if pages.len() >= MAX_PAGES && !pages.contains_key(&key) {
            pages.retain(|_, entry| entry.rendered_at.elapsed() < self.fresh_for);
            if pages.len() >= MAX_PAGES {
                return;
            }
        }
        let entry = Entry {
            rendered_at: Instant::now(),
            page: Arc::new(page),
        };
        pages.insert(key, entry);
    }
}

/// The layer: answers from memory what it can, keeps what it may.
pub async fn serve(State(cache): State<PageCache>, request: Request, next: Next) -> Response {
    let Some(key) = key_of(&request) else {
        return next.run(request).await;
    };
    if let Some(page) = cache.lookup(&key) {
        return page.answer(request.headers().get(header::ACCEPT_ENCODING));
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
        // Hashing and compressing at the best quality take milliseconds of
        // CPU: off the request threads, once per page kept.
        let (headers, page) = (parts.headers.clone(), body.clone());
        let kept = tokio::task::spawn_blocking(move || Kept::new(&headers, &page, &nonce)).await;
        if let Ok(Some(page)) = kept {
            cache.keep(key, page);
        }
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

/// `'sha256-…'` sources for the page's inline scripts, or `None` when one
/// of them could not be matched by its hash (a carriage return, which
/// browsers normalise before hashing, or an unclosed tag).
fn inline_script_hashes(page: &str) -> Option<Vec<String>> {
    use base64::Engine as _;
    use sha2::Digest as _;
    let mut sources = Vec::new();
    let mut rest = page;
    while let Some(at) = rest.find("<script") {
        rest = &rest[at..];
        let tag_end = rest.find('>')? + 1;
        let text_end = rest.find("</script>")?;
        if text_end < tag_end {
            return None;
        }
        let (tag, text) = (&rest[..tag_end], &rest[tag_end..text_end]);
        if !tag.contains(" src=") {
            if text.contains('\r') {
                return None;
            }
            let digest = sha2::Sha256::digest(text.as_bytes());
            let source = format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            );
            if !sources.contains(&source) {
                sources.push(source);
            }
        }
        rest = &rest[text_end + "</script>".len()..];
    }
    Some(sources)
}

#[derive(Debug, PartialEq, Eq)]
enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

/// The encoding to answer in: Brotli, else gzip, as `Accept-Encoding`
/// allows (a quality of 0 refuses one).
fn encoding_for(accept_encoding: Option<&HeaderValue>) -> Encoding {
    let accepts = |name: &str| {
        accept_encoding
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .split(',')
            .any(|item| {
                let mut parts = item.split(';');
                let coding = parts.next().unwrap_or_default().trim();
                let quality = parts
                    .filter_map(|p| p.trim().strip_prefix("q="))
                    .find_map(|q| q.trim().parse::<f32>().ok())
                    .unwrap_or(1.0);
                coding.eq_ignore_ascii_case(name) && quality > 0.0
            })
    };
    if accepts("br") {
        Encoding::Brotli
    } else if accepts("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

impl Kept {
    /// The page as it can be kept: the nonce taken out of its scripts and its
    /// policy, which allows them by hash instead. `None` when that cannot be
    /// done exactly (then the page is answered as rendered, and not kept).
    fn new(headers: &HeaderMap, body: &[u8], nonce: &str) -> Option<Kept> {
        let page = std::str::from_utf8(body).ok()?;
        let page = page.replace(&format!(" nonce=\"{nonce}\""), "");
        if page.contains(nonce) {
            return None;
        }
        let hashes = inline_script_hashes(&page)?.join(" ");
        let mut headers = headers.clone();
        let policy = headers
            .get(header::CONTENT_SECURITY_POLICY)?
            .to_str()
            .ok()?
            .replace(&format!("'nonce-{nonce}'"), &hashes);
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&policy).ok()?,
        );
        headers.remove(header::CONTENT_LENGTH);
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
        let identity = Bytes::from(page.into_bytes());
        Some(Kept {
            brotli: brotli_of(&identity)?,
            gzip: gzip_of(&identity)?,
            identity,
            headers,
        })
    }

    fn answer(&self, accept_encoding: Option<&HeaderValue>) -> Response {
        let (body, coding) = match encoding_for(accept_encoding) {
            Encoding::Brotli => (&self.brotli, Some("br")),
            Encoding::Gzip => (&self.gzip, Some("gzip")),
            Encoding::Identity => (&self.identity, None),
        };
        let mut response = Response::new(Body::from(body.clone()));
        *response.headers_mut() = self.headers.clone();
        if let Some(coding) = coding {
            response
                .headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
        }
        response
    }
}

/// Brotli at its best quality: done once per kept page, not per answer.
fn brotli_of(page: &[u8]) -> Option<Bytes> {
    let mut out = brotli::CompressorWriter::new(Vec::new(), 4096, 11, 22);
    out.write_all(page).ok()?;
    Some(Bytes::from(out.into_inner()))
}

fn gzip_of(page: &[u8]) -> Option<Bytes> {
    let mut out = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    out.write_all(page).ok()?;
    Some(Bytes::from(out.finish().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::i18n::Locale;
    use axum::{middleware::from_fn_with_state, routing::get, Router};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tower::ServiceExt;

    /// A router whose pages count their renders and answer like Leptos does:
    /// a fresh nonce in the policy and on every script of the page.
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
                        "<html lang={}><script nonce=\"{nonce}\">start()</script>\
                         <script src=\"/pkg/a.js\" nonce=\"{nonce}\"></script>\
                         <script nonce=\"{nonce}\">data = [\"</p>\"]</script>{}{}</html>",
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

    async fn answer(app: &Router, request: axum::http::request::Builder) -> Response {
        let response = app
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response
    }

    /// The policy and the page (as sent: these requests accept no encoding).
    async fn visit(app: &Router, request: axum::http::request::Builder) -> (String, String) {
        let response = answer(app, request).await;
        let policy = response.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_owned();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (policy, String::from_utf8(body.to_vec()).unwrap())
    }

    fn policy_headers(policy: &str) -> HeaderMap {
        HeaderMap::from_iter([(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(policy).unwrap(),
        )])
    }

    fn sha256(text: &str) -> String {
        use base64::Engine as _;
        use sha2::Digest as _;
        let digest = sha2::Sha256::digest(text.as_bytes());
        format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(digest)
        )
    }

    fn get_(uri: &str) -> axum::http::request::Builder {
        Request::get(uri)
    }

    #[tokio::test]
    async fn an_anonymous_page_is_rendered_once_and_kept_with_its_scripts_allowed_by_hash() {
        let renders = Arc::new(AtomicUsize::new(0));
        let app = app(PageCache::default(), renders.clone());
        let (rendered_policy, rendered) = visit(&app, get_("/login")).await;
        let (policy, kept) = visit(&app, get_("/login")).await;
        let (again_policy, again) = visit(&app, get_("/login")).await;
        assert_eq!(renders.load(Ordering::SeqCst), 1);
        // The rendered answer as Leptos made it; the kept one without the nonce.
        let nonce = nonce_of(&policy_headers(&rendered_policy)).unwrap();
        assert_eq!(kept, rendered.replace(&format!(" nonce=\"{nonce}\""), ""));
        assert!(!kept.contains(&nonce) && !policy.contains(&nonce));
        assert_eq!(
            policy,
            format!(
                "script-src {} {}",
                sha256("start()"),
                sha256("data = [\"</p>\"]")
            )
        );
        assert_eq!((again_policy, again), (policy, kept));
    }

    #[tokio::test]
    async fn a_kept_page_is_sent_compressed_as_the_browser_accepts() {
        use std::io::Read as _;
        let app = app(PageCache::default(), Arc::new(AtomicUsize::new(0)));
        let (_, page) = visit(&app, get_("/login")).await;
        let (_, kept) = visit(&app, get_("/login")).await;
        for (accept, coding) in [
            ("gzip, deflate, br, zstd", Some("br")),
            ("br;q=0, gzip", Some("gzip")),
            ("GZIP;q=0.5", Some("gzip")),
            ("gzip;q=0, br;q=0", None),
            ("identity", None),
        ] {
            let response = answer(&app, get_("/login").header("accept-encoding", accept)).await;
            let sent = response
                .headers()
                .get(header::CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap().to_owned());
            assert_eq!(sent.as_deref(), coding, "{accept}");
            assert_eq!(response.headers()[header::VARY], "accept-encoding");
            let body = response.into_body().collect().await.unwrap().to_bytes();
            let mut text = String::new();
            match coding {
                Some("br") => brotli::Decompressor::new(&body[..], 4096)
                    .read_to_string(&mut text)
                    .unwrap(),
                Some(_) => flate2::read::GzDecoder::new(&body[..])
                    .read_to_string(&mut text)
                    .unwrap(),
                None => (&body[..]).read_to_string(&mut text).unwrap(),
            };
            assert_eq!(text, kept, "{accept}");
        }
        assert_ne!(page, kept);
    }

    #[test]
    fn a_page_whose_scripts_cannot_be_matched_by_hash_is_not_kept() {
        let headers = policy_headers("script-src 'nonce-abcdefghijklmnop'");
        let page = |body: &str| Kept::new(&headers, body.as_bytes(), "abcdefghijklmnop");
        assert!(page("<script nonce=\"abcdefghijklmnop\">go()</script>").is_some());
        assert!(page("<script>a()\r\nb()</script>").is_none());
        assert!(page("<script>unclosed").is_none());
        assert!(page("<p data-x=\"abcdefghijklmnop\"></p>").is_none());
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
        let headers = policy_headers("script-src 'nonce-abcdefghijklmnop'");
        let page = || Kept::new(&headers, b"page", "abcdefghijklmnop").unwrap();
        for zone in 0..MAX_PAGES + 40 {
            cache.keep(key(zone), page());
        }
        assert_eq!(cache.pages.lock().unwrap().len(), MAX_PAGES);
        assert!(cache.lookup(&key(0)).is_some());
        assert!(cache.lookup(&key(MAX_PAGES)).is_none());
    }

    #[test]
    fn inline_scripts_are_hashed_once_each_and_external_ones_not_at_all() {
        let page = "<script>a()</script><script src=\"/b.js\"></script>\
                    <script type=\"module\">a()</script><script>c()</script>";
        assert_eq!(
            inline_script_hashes(page).unwrap(),
            [sha256("a()"), sha256("c()")]
        );
        assert_eq!(
            inline_script_hashes("<p>no scripts</p>").unwrap(),
            Vec::<String>::new()
        );
    }
}
