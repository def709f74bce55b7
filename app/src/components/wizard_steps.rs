use crate::domain::application::Step;
use leptos::prelude::*;

/// The wizard's progress: 1 Select Role · 2 Business Details · 3 Review & Submit.
#[component]
pub fn WizardSteps(#[prop(into)] current: Signal<Step>) -> impl IntoView {
    let t = crate::i18n::texts().apply();
    view! {
        <ol class="wizard-steps" aria-label=t.steps_label>
            {Step::ALL
                .into_iter()
                .map(|step| {
                    let is_current = move || current.get() == step;
                    let done = move || current.get().number() > step.number();
                    view! {
                        <li
                            class:current=is_current
                            class:done=done
                            aria-current=move || is_current().then_some("step")
                        >
                            <span class="step-badge" aria-hidden="true">
                                {move || if done() { "✓".to_string() } else { step.number().to_string() }}
                            </span>
                            <span class="visually-hidden">{(t.step_number)(step.number())}</span>
                            {step.title()}
                            <span class="visually-hidden">{move || if done() { t.step_completed } else { "" }}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
