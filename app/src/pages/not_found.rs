use crate::components::page::Page;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let t = crate::i18n::texts().common();
    view! {
        <Page title=t.not_found_title lead=t.not_found_lead narrow=true>
            <p><a href="/">{t.go_home}</a></p>
        </Page>
    }
}
