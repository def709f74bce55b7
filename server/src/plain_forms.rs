//! Forms that post the plain way — with JavaScript off, or clicked before
//! the wasm arrived. The browser posts to the server function's address
//! and expects a page back. This layer runs the server function as the
//! app would call it, then sends the browser (303) where the hydrated app
//! would go: the path the function answers (login), a fixed landing
//! (logout), or back to the form's page — with a short-lived cookie
//! carrying the typed values (passwords left out) and the answer or the
//! refusal, which that page renders beside the same fields
//! (`app::model::flash`).

use app::error::AppError;
use app::model::flash::FormFlash;
use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use percent_encoding::{percent_decode_str, utf8_percent_encode, NON_ALPHANUMERIC};

/// Form bodies and answers are small; the body limit layer has already
/// refused anything large.
const MAX_BODY: usize = 1024 * 1024;
/// Browsers keep cookies up to 4096 bytes.
const MAX_COOKIE_VALUE: usize = 3800;
/// A flash is read on the next page load, which follows at once.
const FLASH_MAX_AGE_SECS: u32 = 60;

fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-flash"
    } else {
        "flash"
    }
}

pub async fn plain_form_posts(
    axum::extract::State(secure): axum::extract::State<bool>,
    request: Request,
    next: Next,
) -> Response {
    let Some(endpoint) = plain_form_endpoint(&request) else {
        return next.run(request).await;
    };
    let back = referer_path(&request);
    let (mut parts, body) = request.into_parts();
    let (fields, body) = if is_multipart(&parts.headers) {
        // A file goes through as it came (the route's body limit bounds it);
        // nothing of it comes back in the flash.
        (Vec::new(), body)
    } else {
        let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
            return StatusCode::PAYLOAD_TOO_LARGE.into_response();
        };
        let fields: Vec<(String, String)> = form_urlencoded::parse(&bytes)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let body = match endpoint.as_str() {
            // The signup form's Send Code button posts the whole form here.
            "send_code" => form_urlencoded::Serializer::new(String::new())
                .append_pair("email", &first_of(&fields, &["email", "input[email]"]))
                .finish()
                .into(),
            _ => bytes,
        };
        (fields, Body::from(body))
    };
    // Answered as to the app itself: JSON, no redirect of its own.
    parts
        .headers
        .insert(header::ACCEPT, HeaderValue::from_static("application/json"));
    parts.headers.remove(header::CONTENT_LENGTH);
    let response = next.run(Request::from_parts(parts, body)).await;
    let (answer_parts, answer_body) = response.into_parts();
    let answer = axum::body::to_bytes(answer_body, MAX_BODY)
        .await
        .unwrap_or_default();
    let outcome = if answer_parts.status.is_success() {
        Ok(String::from_utf8_lossy(&answer).into_owned())
    } else {
        Err(
            serde_json::from_slice::<AppError>(&answer).unwrap_or_else(|_| {
                // Refused before our code ran (a field the function does not take, say).
                AppError::field("form", app::i18n::texts().common().form_not_sent)
            }),
        )
    };
    let landing = outcome
        .as_ref()
        .ok()
        .and_then(|json| landing(&endpoint, json, &fields));
    let mut redirect = Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, landing.as_deref().unwrap_or(&back))
        .body(Body::empty())
        .unwrap_or_default();
    // What the function set (none of ours sets cookies itself; the session
    // layer adds its own outside this one).
    for value in answer_parts.headers.get_all(header::SET_COOKIE) {
        redirect
            .headers_mut()
            .append(header::SET_COOKIE, value.clone());
    }
    // Back to the form (a refusal always is): it shows what happened.
    if landing.is_none() {
        let flash = FormFlash {
            endpoint,
            fields: fields
                .into_iter()
                .filter(|(name, _)| !name.contains("password"))
                .collect(),
            outcome,
        };
        if let Some(cookie) = flash_cookie(flash, secure) {
            redirect.headers_mut().append(header::SET_COOKIE, cookie);
        }
    }
    redirect
}

/// The value of the first of `names` that was posted.
fn first_of(fields: &[(String, String)], names: &[&str]) -> String {
    names
        .iter()
        .find_map(|name| fields.iter().find(|(key, _)| key == name))
        .map(|(_, value)| value.clone())
        .unwrap_or_default()
}

/// The endpoint of a server function posted by a plain HTML form: the
/// browser wants a page (`text/html`), not JSON.
fn plain_form_endpoint(request: &Request) -> Option<String> {
    let endpoint = request.uri().path().strip_prefix("/api/")?;
    let accept = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"))
        // The one form that posts a file.
        || (endpoint == "upload_logo" && is_multipart(request.headers()));
    (request.method() == Method::POST
        && form
        && accept.contains("text/html")
        && !accept.contains("application/json"))
    .then(|| endpoint.to_owned())
}

fn is_multipart(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("multipart/form-data"))
}

/// Where the form was: the Referer's path and query on this site, else `/`.
fn referer_path(request: &Request) -> String {
    request
        .headers()
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|referer| url::Url::parse(referer).ok())
        .map(|url| match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        })
        .filter(|path| app::model::account::is_local_path(path))
        .unwrap_or_else(|| "/".to_owned())
}

/// Where the hydrated app goes after `endpoint` succeeded with `json` (what
/// `fields` posted), when that is not back to the form.
fn landing(endpoint: &str, json: &str, fields: &[(String, String)]) -> Option<String> {
    match endpoint {
        // A wizard step saved: on to the step the button asked for.
        "save_draft" => {
            app::domain::application::Step::from_slug(&first_of(fields, &["input[step]"]))
                .map(|step| format!("/apply?step={}", step.slug()))
        }
        // The status page.
        "submit_application" => Some("/apply".into()),
        // These answer the path to go to.
        "login" | "reset_password" | "accept_terms" | "accept_invitation" | "leave_workspace" => {
            serde_json::from_str::<String>(json)
                .ok()
                .and_then(|path| app::model::account::safe_next(Some(&path)))
        }
        // On to the invitation the account was made for, if any.
        "signup" => Some(
            app::model::account::safe_next(Some(&first_of(fields, &["next"])))
                .unwrap_or_else(|| "/apply".into()),
        ),
        // The new attempt starts at step 2.1.
        "start_new_application" => Some("/apply?step=role".into()),
        // The answers come back as a draft.
        "withdraw_application" => Some("/apply".into()),
        // Back to an invitation, when logging out to accept it.
        "logout" => Some(
            app::model::account::safe_next(Some(&first_of(fields, &["next"])))
                .unwrap_or_else(|| "/".into()),
        ),
        "delete_account" => Some("/?account=deleted".into()),
        _ => None,
    }
}

fn flash_cookie(mut flash: FormFlash, secure: bool) -> Option<HeaderValue> {
    let encode = |flash: &FormFlash| {
        serde_json::to_string(flash)
            .ok()
            .map(|json| utf8_percent_encode(&json, NON_ALPHANUMERIC).to_string())
    };
    let mut value = encode(&flash)?;
    if value.len() > MAX_COOKIE_VALUE {
        // Too much typed to carry back: the messages still go.
        flash.fields.clear();
        value = encode(&flash)?;
    }
    if value.len() > MAX_COOKIE_VALUE {
        return None;
    }
    let attributes = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={FLASH_MAX_AGE_SECS}{attributes}",
        cookie_name(secure)
    ))
    .ok()
}

/// The flash a page request carries, if any, and the header that clears it.
pub fn take_flash(request: &Request, secure: bool) -> Option<(FormFlash, HeaderValue)> {
    let name = cookie_name(secure);
    let raw = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|line| line.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(name)?.strip_prefix('='))?;
    let json = percent_decode_str(raw).decode_utf8().ok()?;
    let flash = serde_json::from_str(&json).ok()?;
    let attributes = if secure { "; Secure" } else { "" };
    let clear = HeaderValue::from_str(&format!(
        "{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{attributes}"
    ))
    .ok()?;
    Some((flash, clear))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flash_survives_its_cookie_and_passwords_never_enter_it() {
        let flash = FormFlash {
            endpoint: "login".into(),
            fields: vec![("input[email]".into(), "a; b=\"c\" é".into())],
            outcome: Err(AppError::field("password", "Incorrect email or password.")),
        };
        let cookie = flash_cookie(flash.clone(), false).unwrap();
        let cookie = cookie.to_str().unwrap();
        assert!(cookie.starts_with("flash="));
        assert!(cookie.contains("HttpOnly") && cookie.contains("Max-Age=60"));
        let value = cookie.split(';').next().unwrap();
        let request = Request::builder()
            .header(header::COOKIE, format!("session=x; {value}"))
            .body(Body::empty())
            .unwrap();
        let (read, clear) = take_flash(&request, false).unwrap();
        assert_eq!(read, flash);
        assert!(clear.to_str().unwrap().contains("Max-Age=0"));
        assert!(
            take_flash(&request, true).is_none(),
            "another cookie name in production"
        );
    }

    #[test]
    fn too_much_typed_keeps_the_message_only() {
        let flash = FormFlash {
            endpoint: "save_draft".into(),
            fields: vec![("input[address]".into(), "x".repeat(10_000))],
            outcome: Err(AppError::field("address", "Too long.")),
        };
        let cookie = flash_cookie(flash, true).unwrap();
        let cookie = cookie.to_str().unwrap();
        assert!(cookie.starts_with("__Host-flash=") && cookie.contains("Secure"));
        assert!(cookie.len() < 4096);
        assert!(!cookie.contains("xxxx"));
    }

    #[test]
    fn only_local_paths_are_landed_on() {
        assert_eq!(landing("login", "\"/apply\"", &[]), Some("/apply".into()));
        assert_eq!(landing("login", "\"//evil.example\"", &[]), None);
        assert_eq!(landing("logout", "null", &[]), Some("/".into()));
        assert_eq!(landing("change_password", "null", &[]), None);
        let step = |s: &str| vec![("input[step]".to_owned(), s.to_owned())];
        assert_eq!(
            landing("save_draft", "{}", &step("review")),
            Some("/apply?step=review".into())
        );
        assert_eq!(landing("save_draft", "{}", &step("/evil")), None);
    }
}
