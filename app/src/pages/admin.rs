use crate::components::page::Page;
use crate::components::session::RequireRole;
use crate::domain::Role;
use leptos::prelude::*;

/// The reviewers' queue of workspace applications.
#[component]
pub fn AdminPage() -> impl IntoView {
    view! {
        <RequireRole role=Role::Reviewer>
            <Page title="Applications" lead="Review workspace applications, oldest due first.">
                <div class="card">
                    <p>"No applications are waiting for review."</p>
                </div>
            </Page>
        </RequireRole>
    }
}
