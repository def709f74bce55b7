use crate::components::page::Page;
use crate::components::session::RequireRole;
use crate::domain::Role;
use leptos::prelude::*;

/// The workspace home of an approved merchant.
#[component]
pub fn WorkspacePage() -> impl IntoView {
    view! {
        <RequireRole role=Role::Merchant>
            <Page title="Your workspace" lead="Build, test and publish mini programs with your team.">
                <div class="card">
                    <p>"Your workspace is created once your application is approved."</p>
                </div>
            </Page>
        </RequireRole>
    }
}
