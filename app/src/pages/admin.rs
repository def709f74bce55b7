use crate::components::page::Page;
use leptos::prelude::*;
use leptos_router::components::A;

/// The reviewers' queue of workspace applications.
#[component]
pub fn AdminPage() -> impl IntoView {
    view! {
        <Page title="Applications" lead="Review workspace applications, oldest due first.">
            <div class="card">
                <p>"This area is for reviewers. Log in with a reviewer account to see the queue."</p>
                <div class="actions"><A href="/login" attr:class="button">"Log In"</A></div>
            </div>
        </Page>
    }
}
