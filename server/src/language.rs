//! Which language a request is answered in, and the switch that changes it.
//!
//! In order: the account's saved choice (pages: `middleware::load_page_user`
//! applies it and brings the cookie in line), the `lang` cookie,
//! `Accept-Language`, English. The language travels with the request (an
//! extension, which pages and server functions read through
//! `app::i18n::locale`, and a task-local for code outside them).

use app::backend::{session, users, AppState};
use app::i18n::{Locale, LANG_COOKIE, REQUEST_LOCALE};
use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use tower_sessions::Session;

/// The language the browser asks for: its cookie, else its `Accept-Language`.
pub fn browser_locale(headers: &HeaderMap) -> Locale {
    cookie_locale(headers)
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::from_accept_language)
        })
        .unwrap_or_default()
}

/// The language in the `lang` cookie, if it names one we speak.
pub fn cookie_locale(headers: &HeaderMap) -> Option<Locale> {
    app::backend::state::cookie(headers, LANG_COOKIE).and_then(|tag| Locale::parse(&tag))
}

/// Answers the request in the browser's language.
pub async fn negotiate(mut request: Request, next: Next) -> Response {
    let locale = browser_locale(request.headers());
    request.extensions_mut().insert(locale);
    REQUEST_LOCALE.scope(locale, next.run(request)).await
}

/// Answers the rest of the request in `locale` (the account's choice).
pub async fn answer_in(locale: Locale, secure: bool, mut request: Request, next: Next) -> Response {
    let cookie_differs = cookie_locale(request.headers()) != Some(locale);
    request.extensions_mut().insert(locale);
    let mut response = REQUEST_LOCALE.scope(locale, next.run(request)).await;
    if cookie_differs {
        // The next requests (server functions among them) read the cookie.
        if let Ok(value) = HeaderValue::from_str(&cookie(locale, secure)) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// Kept a year; readable by the page (it is no secret) and sent on every
/// same-site request.
fn cookie(locale: Locale, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
        locale.tag()
    )
}

/// `POST /language`: keeps the choice in the cookie and, when logged in, on
/// the account (for its mail and its other devices), then shows the same
/// page again, now in that language.
pub async fn switch(
    State((state, secure)): State<(AppState, bool)>,
    session: Session,
    body: axum::body::Bytes,
) -> Response {
    let field = |name: &str| {
        form_urlencoded::parse(&body)
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
            .unwrap_or_default()
    };
    let Some(locale) = Locale::parse(&field("lang")) else {
        let t = app::i18n::texts().common();
        return (StatusCode::BAD_REQUEST, t.unknown_language).into_response();
    };
    match session::current_user(&state, &session).await {
        Ok(Some(user)) => {
            if let Err(err) = users::save_language(&state, user.id, locale).await {
                return (err.status(), err.to_string()).into_response();
            }
        }
        Ok(None) => {}
        Err(err) => return (err.status(), err.to_string()).into_response(),
    }
    // Back to a page of ours (the form's own page: a login or signup form
    // is fine here), never elsewhere.
    let back = field("back");
    let back = if app::model::account::is_local_path(&back) {
        back
    } else {
        "/".to_owned()
    };
    let mut response = Redirect::to(&back).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie(locale, secure)) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        map
    }

    #[test]
    fn the_cookie_wins_over_accept_language_and_english_is_last() {
        let both = headers(&[("cookie", "a=1; lang=en"), ("accept-language", "zh-CN")]);
        assert_eq!(browser_locale(&both), Locale::En);
        let header_only = headers(&[("accept-language", "zh-CN,zh;q=0.9")]);
        assert_eq!(browser_locale(&header_only), Locale::ZhCn);
        let bad_cookie = headers(&[("cookie", "lang=xx"), ("accept-language", "zh")]);
        assert_eq!(browser_locale(&bad_cookie), Locale::ZhCn);
        assert_eq!(browser_locale(&HeaderMap::new()), Locale::En);
    }
}
