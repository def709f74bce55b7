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
    let t = crate::i18n::texts().apply();
    view! {
        <p class="lead">{t.role_lead}</p>
        <div class="choice-cards">
            <section class="card choice-card" class:selected=move || state.role_selected.get() aria-labelledby="role-technical-merchant">
                <h2 id="role-technical-merchant">{t.technical_merchant}</h2>
                <p>{t.technical_merchant_text}</p>
                <ul class="checklist">
                    <li>{t.role_point1}</li>
                    <li>{t.role_point2}</li>
                    <li>{t.role_point3}</li>
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
                        {t.select}
                    </button>
                </form>
            </section>
        </div>
    }
}
