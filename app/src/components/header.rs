use crate::api::auth::Logout;
use crate::components::session::UserSession;
use crate::domain::PRODUCT_NAME;
use crate::model::account::SignedIn;
use leptos::prelude::*;
use leptos_router::components::A;

/// The site header: product name, and the account links or Log Out.
#[component]
pub fn Header() -> impl IntoView {
    let session = UserSession::get();
    view! {
        <header class="site-header">
            <div class="container header-row">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"M"</span>
                    <span class="brand-name">{PRODUCT_NAME}</span>
                </A>
                <nav aria-label="Account">
                    {move || match session.user.get() {
                        Ok(Some(signed_in)) => view! { <LoggedIn signed_in/> }.into_any(),
                        _ => view! {
                            <ul class="nav-links">
                                <li><A href="/login">"Log In"</A></li>
                                <li><A href="/signup" attr:class="button button-small">"Sign Up"</A></li>
                            </ul>
                        }
                        .into_any(),
                    }}
                </nav>
            </div>
        </header>
    }
}

#[component]
fn LoggedIn(signed_in: SignedIn) -> impl IntoView {
    let home_label = signed_in.home_label();
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
            <li><A href="/account">"Account"</A></li>
            <li class="user-email">{signed_in.user.email}</li>
            <li>
                <ActionForm action=logout>
                    <button type="submit" class="button button-secondary button-small">"Log Out"</button>
                </ActionForm>
            </li>
        </ul>
    }
}
