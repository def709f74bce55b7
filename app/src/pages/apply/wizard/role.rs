//! Step 2.1: Select Role.

use super::state::WizardState;
use crate::domain::application::Step;
use leptos::prelude::*;

#[component]
pub fn RoleStep(
    state: WizardState,
    go_to: impl Fn(Step) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    let select = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let go_to = go_to.clone();
        state.role_selected.set(true);
        state.alert.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = state.save(Step::Details).await;
            busy.set(false);
            match result {
                Ok(()) => go_to(Step::Details),
                Err(err) => state.alert.set(Some(err.to_string())),
            }
        });
    };
    view! {
        <p class="lead">"Confirm your role to get the workspace functionalities suitable for you."</p>
        <div class="choice-cards">
            <section class="card choice-card" class:selected=move || state.role_selected.get() aria-labelledby="role-technical-merchant">
                <h2 id="role-technical-merchant">"Technical Merchant"</h2>
                <p>"An individual or company that codes and customizes mini programs to provide products and services to end customers."</p>
                <ul class="checklist">
                    <li>"Build, test and publish mini programs"</li>
                    <li>"Invite your team to a shared workspace"</li>
                    <li>"Manage your mini programs' activity"</li>
                </ul>
                <form method="post" action="/api/save_draft" on:submit=select>
                    <input type="hidden" name="input[version]" value=move || state.version.get().to_string()/>
                    <input type="hidden" name="input[step]" value=Step::Details.slug()/>
                    <input type="hidden" name="input[role_selected]" value="true"/>
                    <super::KeptAnswers state/>
                    <button
                        type="submit"
                        class="button"
                        aria-describedby="role-technical-merchant"
                        disabled=move || busy.get()
                    >
                        "Select"
                    </button>
                </form>
            </section>
        </div>
    }
}
