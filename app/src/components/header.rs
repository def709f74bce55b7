use crate::api::auth::Logout;
use crate::components::nav;
use crate::components::session::UserSession;
use crate::model::account::SignedIn;
use leptos::prelude::*;

/// The site header: product name, and the account links or Log Out.
#[component]
pub fn Header() -> impl IntoView {
    let session = UserSession::get();
    let t = crate::i18n::texts().common();
    view! {
        <header class="site-header">
            <div class="container header-row">
                <a href="/" class="brand">
                    <span class="brand-mark" aria-hidden="true">"M"</span>
                    <span class="brand-name">{t.product_name}</span>
                </a>
                <div class="header-end">
                <nav aria-label=t.nav_account_label>
                    {move || match session.user.get() {
                        Ok(Some(signed_in)) => view! { <LoggedIn signed_in/> }.into_any(),
                        _ => view! {
                            <ul class="nav-links">
                                <li><a href="/login" aria-current=current("/login")>{t.log_in}</a></li>
                                <li><a href="/signup" class="button button-small" aria-current=current("/signup")>{t.sign_up}</a></li>
                            </ul>
                        }
                        .into_any(),
                    }}
                </nav>
                <LanguageSwitch back=nav::path_and_query()/>
                </div>
            </div>
        </header>
    }
}

#[component]
fn LoggedIn(signed_in: SignedIn) -> impl IntoView {
    let home_label = signed_in.home_label();
    let t = crate::i18n::texts().common();
    view! {
        <ul class="nav-links">
            <li><a href=signed_in.home.clone() aria-current=current(&signed_in.home)>{home_label}</a></li>
            <li><a href="/account" aria-current=current("/account")>{t.account}</a></li>
            <li class="user-email"><UserEmail/></li>
            <li><LogOut/></li>
        </ul>
    }
}

/// The logged-in address; it changes in place when the account page changes it.
#[island]
fn UserEmail() -> impl IntoView {
    let session = UserSession::get();
    move || {
        session.user.with(|user| {
            user.as_ref()
                .ok()
                .flatten()
                .map(|signed_in| signed_in.user.email.clone())
        })
    }
}

/// Log Out. Without JavaScript the form posts and lands on the home page;
/// with it, the browser goes to the login page.
#[island]
fn LogOut() -> impl IntoView {
    use leptos::server_fn::ServerFn;
    let pending = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        pending.set(true);
        leptos::task::spawn_local(async move {
            match crate::api::auth::logout().await {
                // A full page load: nothing of the previous user's state stays
                // in memory, and no open page reacts to its session ending.
                Ok(()) => {
                    let _ = window().location().set_href("/login");
                }
                Err(_) => pending.set(false),
            }
        });
    };
    view! {
        <form method="post" action=Logout::PATH on:submit=on_submit>
            <button type="submit" class="button button-secondary button-small" disabled=move || pending.get()>
                {crate::i18n::texts().common().log_out}
            </button>
        </form>
    }
}

/// The other language, as a form that works without JavaScript: the server
/// keeps the choice (cookie, and the account when logged in) and sends the
/// reader back to the same page, rendered in it.
#[island]
pub fn LanguageSwitch(back: String) -> impl IntoView {
    use crate::i18n::{locale, Locale};
    let here = locale();
    let other = Locale::ALL
        .into_iter()
        .find(|l| *l != here)
        .unwrap_or_default();
    view! {
        // Hydrated, the switch first keeps what was typed on the page.
        <form class="language-switch" method="post" action="/language" on:submit=move |_| {
            #[cfg(feature = "hydrate")]
            crate::components::typed::keep();
        }>
            <input type="hidden" name="back" value=back/>
            <button type="submit" name="lang" value=other.tag() lang=other.tag()
                class="link-button" title=here.texts().common().switch_language>
                {other.own_name()}
            </button>
        </form>
    }
}

/// `aria-current="page"` on a link to the page shown, or to one under it.
fn current(href: &str) -> Option<&'static str> {
    let path = nav::path();
    let under = path
        .strip_prefix(href)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
    under.then_some("page")
}
