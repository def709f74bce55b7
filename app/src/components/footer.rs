use leptos::prelude::*;

#[component]
pub fn Footer() -> impl IntoView {
    // Configured on the server, which alone renders the footer.
    let t = crate::i18n::texts().common();
    let support = support_email();
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
                    <a href="/terms">{t.terms_of_service}</a>
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
