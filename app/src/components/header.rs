use crate::api::auth::Logout;
use crate::components::session::UserSession;
use crate::model::account::SignedIn;
use leptos::prelude::*;
use leptos_router::components::A;

/// The site header: product name, and the account links or Log Out.
#[component]
pub fn Header() -> impl IntoView {
    let session = UserSession::get();
    let t = crate::i18n::texts().common();
    view! {
        <header class="site-header">
            <div class="container header-row">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"M"</span>
                    <span class="brand-name">{t.product_name}</span>
                </A>
                <div class="header-end">
                <nav aria-label=t.nav_account_label>
                    {move || match session.user.get() {
                        Ok(Some(signed_in)) => view! { <LoggedIn signed_in/> }.into_any(),
                        _ => view! {
                            <ul class="nav-links">
                                <li><A href="/login">{t.log_in}</A></li>
                                <li><A href="/signup" attr:class="button button-small">{t.sign_up}</A></li>
                            </ul>
                        }
                        .into_any(),
                    }}
                </nav>
                <LanguageSwitch/>
                </div>
            </div>
        </header>
    }
}

#[component]
fn LoggedIn(signed_in: SignedIn) -> impl IntoView {
    let home_label = signed_in.home_label();
    let t = crate::i18n::texts().common();
    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            // A full page load: nothing of the previous user's state stays in
            // memory, and no open page reacts to its session ending.
            let _ = window().location().set_href("/login");
        }
    });
    view! {
        <ul class="nav-links">
            <li><A href=signed_in.home.clone()>{home_label}</A></li>
            <li><A href="/account">{t.account}</A></li>
            <li class="user-email">{signed_in.user.email}</li>
            <li>
                <ActionForm action=logout>
                    <button type="submit" class="button button-secondary button-small">{t.log_out}</button>
                </ActionForm>
            </li>
        </ul>
    }
}

/// The other language, as a form that works without JavaScript: the server
/// keeps the choice (cookie, and the account when logged in) and sends the
/// reader back to the same page, rendered in it.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    use crate::i18n::{locale, Locale};
    let location = leptos_router::hooks::use_location();
    let back = move || {
        let search = location.search.get();
        if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{search}", location.pathname.get())
        }
    };
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
