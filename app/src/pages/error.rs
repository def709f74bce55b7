use crate::components::page::Page;
use leptos::prelude::*;

/// What a page shows when something it needed failed unexpectedly, instead
/// of rendering nothing.
#[component]
pub fn ErrorPage(errors: ArcRwSignal<Errors>) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::INTERNAL_SERVER_ERROR);
    }
    let t = crate::i18n::texts().common();
    view! {
        <Page title=t.error_page_title lead=t.error_page_lead narrow=true>
            <ul class="error-list">
                {move || errors.get().into_iter().map(|(_, e)| view! { <li>{e.to_string()}</li> }).collect_view()}
            </ul>
            <p><a href="/">{t.go_home}</a></p>
        </Page>
    }
}
