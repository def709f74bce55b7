use crate::PRODUCT_NAME;
use leptos::prelude::*;
use leptos_router::components::A;

/// The site header: product name and the account links.
#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="site-header">
            <div class="container header-row">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"M"</span>
                    <span class="brand-name">{PRODUCT_NAME}</span>
                </A>
                <nav aria-label="Account">
                    <ul class="nav-links">
                        <li><A href="/login">"Log In"</A></li>
                        <li><A href="/signup" attr:class="button button-small">"Sign Up"</A></li>
                    </ul>
                </nav>
            </div>
        </header>
    }
}
