//! Who is logged in, as a resource every page shares, and the guard that
//! keeps pages to the right users on the server and in the browser.

use crate::api::auth::get_signed_in;
use crate::domain::Role;
use crate::error::AppError;
use crate::model::account::{CurrentUser, SignedIn};
use leptos::prelude::*;

use crate::components::nav;

/// The current user: known before the page renders (the server looked it
/// up and the page carries it to the browser), reloaded after login and
/// signup.
#[derive(Clone, Copy)]
pub struct UserSession {
    pub user: RwSignal<Result<Option<SignedIn>, AppError>>,
}

impl UserSession {
    pub fn provide() -> UserSession {
        let initial = page_user();
        let session = UserSession {
            user: RwSignal::new(initial),
        };
        provide_context(session);
        session
    }

    /// The page's session: provided at the root while the server renders;
    /// in the browser, each island reads the one the page carries.
    pub fn get() -> UserSession {
        #[cfg(feature = "hydrate")]
        {
            thread_local! {
                static PAGE: UserSession = UserSession {
                    user: RwSignal::new(crate::components::page_data::get().user.clone()),
                };
            }
            use_context::<UserSession>().unwrap_or_else(|| PAGE.with(|session| *session))
        }
        #[cfg(not(feature = "hydrate"))]
        expect_context::<UserSession>()
    }

    /// Reloads the current user after the session changed, resolving only
    /// once the new user is in place: a page opened right after (whose code
    /// may still be loading) must never see the session from before.
    pub async fn reload(self) {
        let user = get_signed_in().await;
        self.user.set(user);
    }

    /// Goes to `path` once the session changed (a login, a signup): the
    /// next page loads whole, rendered for the new session and in its
    /// account's language.
    pub fn reload_then_go(self, path: String) {
        crate::components::nav::go(&path);
    }
}

/// The user the server's page layer looked up for this request. Without
/// it (a page rendered some other way) nobody counts as logged in.
#[cfg(feature = "ssr")]
fn page_user() -> Result<Option<SignedIn>, AppError> {
    use crate::backend::session::PageUser;
    // No request at all: the route list being generated at start-up.
    let Some(parts) = use_context::<http::request::Parts>() else {
        return Ok(None);
    };
    match parts.extensions.get::<PageUser>().cloned() {
        Some(PageUser(user)) => user,
        None => {
            // A path the page layer skips (one naming a file) rendered as a 404.
            tracing::debug!(path = %parts.uri.path(), "a page rendered without its user looked up");
            Ok(None)
        }
    }
}

/// Outside the server nobody is known at the root (islands read the page's
/// data instead, see [`UserSession::get`]).
#[cfg(not(feature = "ssr"))]
fn page_user() -> Result<Option<SignedIn>, AppError> {
    Ok(None)
}

/// Renders `children` only for a logged-in user with `role`. Anonymous
/// visitors go to the login page (and come back after); the wrong role gets
/// a clear refusal. Routes using it render in `SsrMode::Async`, so the
/// redirect is a real 302.
#[component]
pub fn RequireRole(role: Role, children: ChildrenFn) -> impl IntoView {
    guarded(Some(role), children)
}

/// Renders `children` for any logged-in user; anonymous visitors go to the
/// login page and come back after.
#[component]
pub fn RequireAccount(children: ChildrenFn) -> impl IntoView {
    guarded(None, children)
}

/// What a guard decides for the current user. A memo of it re-renders the
/// guarded page only when the decision changes, not when the user's details
/// do (a changed email must not rebuild the page that changed it).
#[derive(Clone, PartialEq)]
enum Gate {
    Allowed,
    /// A merchant's work waits until they accept new Terms of Service.
    TermsPending,
    WrongRole(CurrentUser),
    Anonymous,
    /// Nobody can be told apart while the store is failing: `SessionNotice`
    /// says so, and nothing guarded renders.
    Failed,
}

fn guarded(role: Option<Role>, children: ChildrenFn) -> impl IntoView {
    let session = UserSession::get();
    let children = StoredValue::new(children);
    let gate = Memo::new(move |_| match session.user.get() {
        Ok(Some(SignedIn { terms_pending, .. }))
            if terms_pending && role == Some(Role::Merchant) =>
        {
            Gate::TermsPending
        }
        Ok(Some(SignedIn { user, .. })) if role.is_none_or(|role| user.role == role) => {
            Gate::Allowed
        }
        Ok(Some(SignedIn { user, .. })) => Gate::WrongRole(user),
        Ok(None) => Gate::Anonymous,
        Err(_) => Gate::Failed,
    });
    move || match gate.get() {
        Gate::Allowed => children.read_value()().into_any(),
        Gate::WrongRole(user) => view! { <WrongRole user/> }.into_any(),
        Gate::Anonymous => {
            nav::redirect(&format!("/login?next={}", encode(&nav::path())));
            ().into_any()
        }
        Gate::TermsPending => {
            nav::redirect(&format!("/terms/accept?next={}", encode(&nav::path())));
            ().into_any()
        }
        Gate::Failed => ().into_any(),
    }
}

/// Says, at the top of any page, that who is logged in could not be looked
/// up (the database is unreachable, say), and answers the page with that
/// error's status: no page renders as if logged in, or as if not.
#[component]
pub fn SessionNotice() -> impl IntoView {
    let session = UserSession::get();
    move || {
        session.user.with(|user| {
            user.as_ref().err().map(|err| {
                #[cfg(feature = "ssr")]
                if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                    response.set_status(err.status());
                }
                view! {
                    <div class="container page narrow">
                        <p class="alert alert-error" role="alert">{err.to_string()}</p>
                    </div>
                }
            })
        })
    }
}

#[component]
fn WrongRole(user: CurrentUser) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::FORBIDDEN);
    }
    let t = crate::i18n::texts().common();
    let (message, home, label) = match user.role {
        Role::Merchant => (t.reviewers_only, "/apply", t.go_to_application),
        Role::Reviewer => (t.reviewers_cannot_apply, "/admin", t.go_to_queue),
    };
    view! {
        <div class="container page narrow">
            <h1>{t.not_available_title}</h1>
            <p class="lead">{message}</p>
            <p><a href=home class="button">{label}</a></p>
        </div>
    }
}

/// Percent-encodes a path (or any text) for use as a query value (slashes kept readable).
pub fn encode(raw: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    const PATH_IN_QUERY: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~')
        .remove(b'/');
    utf8_percent_encode(raw, PATH_IN_QUERY).to_string()
}
