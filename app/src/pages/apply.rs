use crate::components::page::Page;
use leptos::prelude::*;
use leptos_router::components::A;

/// Step 2: the workspace application.
#[component]
pub fn ApplyPage() -> impl IntoView {
    view! {
        <Page title="Apply for a workspace" lead="Tell us about your business so a reviewer can set up your workspace.">
            <ol class="wizard-steps" aria-label="Application steps">
                <li aria-current="step">"1 Select Role"</li>
                <li>"2 Business Details"</li>
                <li>"3 Review & Submit"</li>
            </ol>
            <div class="card">
                <p>"Log in to start or continue your application. Your progress is saved as you go."</p>
                <div class="actions">
                    <A href="/login" attr:class="button">"Log In"</A>
                    <A href="/signup" attr:class="button button-secondary">"Create an account"</A>
                </div>
            </div>
        </Page>
    }
}
