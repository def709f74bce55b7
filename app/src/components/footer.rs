use crate::domain::PRODUCT_NAME;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <div class="container footer-row">
                <span>{PRODUCT_NAME}</span>
                <nav aria-label="Legal">
                    <A href="/terms">"Terms of Service"</A>
                </nav>
            </div>
        </footer>
    }
}
