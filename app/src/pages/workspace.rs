use crate::components::page::Page;
use leptos::prelude::*;
use leptos_router::components::A;

/// The workspace home of an approved merchant.
#[component]
pub fn WorkspacePage() -> impl IntoView {
    view! {
        <Page title="Your workspace" lead="Build, test and publish mini programs with your team.">
            <div class="card">
                <p>"Log in to enter your workspace. It is ready once your application is approved."</p>
                <div class="actions"><A href="/login" attr:class="button">"Log In"</A></div>
            </div>
        </Page>
    }
}
