use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Footer() -> impl IntoView {
    // Configured on the server; the page carries it to the browser.
    let t = crate::i18n::texts().common();
    let support = SharedValue::new(support_email).into_inner();
    let contact = (!support.is_empty()).then(|| {
        view! {
            <span class="footer-contact">
                {t.contact_support} <a href=format!("mailto:{support}")>{support.clone()}</a>
            </span>
        }
    });
    view! {
        <footer class="site-footer">
            <div class="container footer-row">
                <span>{t.product_name}</span>
                {contact}
                <nav aria-label=t.legal_label>
                    <A href="/terms">{t.terms_of_service}</A>
                </nav>
            </div>
        </footer>
    }
}

#[cfg(feature = "ssr")]
fn support_email() -> String {
    use_context::<crate::backend::AppState>()
        .map(|state| state.settings.support_email.clone())
        .unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
fn support_email() -> String {
    String::new()
}
