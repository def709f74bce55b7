use crate::components::page::Page;
use crate::components::session::RequireRole;
use crate::domain::Role;
use leptos::prelude::*;

/// Step 2: the workspace application (merchants only).
#[component]
pub fn ApplyPage() -> impl IntoView {
    view! {
        <RequireRole role=Role::Merchant>
            <Page title="Apply for a workspace" lead="Tell us about your business so a reviewer can set up your workspace.">
                <ol class="wizard-steps" aria-label="Application steps">
                    <li aria-current="step">"1 Select Role"</li>
                    <li>"2 Business Details"</li>
                    <li>"3 Review & Submit"</li>
                </ol>
                <div class="card">
                    <h2>"Select your role"</h2>
                    <p>"The application form opens here in the next release of the portal."</p>
                </div>
            </Page>
        </RequireRole>
    }
}
