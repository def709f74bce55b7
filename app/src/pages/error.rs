use crate::components::page::Page;
use leptos::prelude::*;
use leptos_router::components::A;

/// What a page shows when something it needed failed unexpectedly, instead
/// of rendering nothing.
#[component]
pub fn ErrorPage(errors: ArcRwSignal<Errors>) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::INTERNAL_SERVER_ERROR);
    }
    view! {
        <Page title="Something went wrong" lead="This page could not be shown. Please reload it or try again in a moment." narrow=true>
            <ul class="error-list">
                {move || errors.get().into_iter().map(|(_, e)| view! { <li>{e.to_string()}</li> }).collect_view()}
            </ul>
            <p><A href="/">"Go to the home page"</A></p>
        </Page>
    }
}
