use crate::components::page::Page;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Page title="Page not found" lead="The page you asked for does not exist or has moved." narrow=true>
            <p><A href="/">"Go to the home page"</A></p>
        </Page>
    }
}
