//! The application wizard: three steps in the URL (`?step=role|details|review`),
//! every value saved to the server as a draft while the merchant works.

mod details;
mod logo;
mod review;
mod role;
mod state;

use crate::components::form::{focus, FormAlert};
use crate::components::nav;
use crate::components::wizard_steps::WizardSteps;
use crate::domain::application::Step;
use crate::model::application::Draft;
use leptos::prelude::*;
use state::{SaveState, WizardState};

/// How long typing must pause before the draft is saved.
const AUTOSAVE_DELAY_MS: u32 = 800;

#[island(lazy)]
pub fn Wizard(draft: Draft) -> impl IntoView {
    let state = WizardState::new(&draft);
    let saved_step = draft.step;
    // The step the address asks for (`?step=`): moving between steps changes
    // the address without loading a page, and Back/Forward move back.
    let step_in_address = || nav::query("step").and_then(|s| Step::from_slug(&s));
    let requested = RwSignal::new(step_in_address());
    nav::on_history_move(move || requested.set(step_in_address()));
    // The step shown: the one in the URL, but never past what is complete.
    let step = Memo::new(move |_| {
        let wanted = requested.get().unwrap_or(saved_step);
        match wanted {
            Step::Role => Step::Role,
            _ if !state.role_selected.get() => Step::Role,
            Step::Details => Step::Details,
            Step::Review if state.version.get() == 0 => Step::Details,
            Step::Review => Step::Review,
        }
    });
    let go_to = move |target: Step| {
        nav::show_address(&format!("/apply?step={}", target.slug()), false);
        requested.set(Some(target));
    };

    // Debounced autosave while typing.
    Effect::new(move |first: Option<()>| {
        state.track();
        if first.is_none() {
            return;
        }
        let edit = state.edited();
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(AUTOSAVE_DELAY_MS).await;
            // Saved meanwhile (Next Step), superseded by a newer edit, or the wizard is gone.
            if state.is_unsaved(edit) {
                let _ = state.save(step.get_untracked()).await;
            }
        });
    });

    // Leaving the page (reload, closed tab) with edits not yet saved: send them
    // with a beacon, which the browser delivers even as the page goes away.
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::prelude::*;
        let on_pagehide = Closure::<dyn Fn()>::new(move || {
            if state.save_state.get_untracked() == SaveState::Unsaved {
                state.send_beacon(step.get_untracked());
            }
        });
        let _ = window()
            .add_event_listener_with_callback("pagehide", on_pagehide.as_ref().unchecked_ref());
        let handler = send_wrapper::SendWrapper::new(on_pagehide);
        on_cleanup(move || {
            let _ = window()
                .remove_event_listener_with_callback("pagehide", handler.as_ref().unchecked_ref());
        });
    }

    // Moving between steps (Back/Forward included) stores the new step, unless
    // the move itself came from a save.
    Effect::new(move |previous: Option<Step>| {
        let current = step.get();
        if previous.is_some_and(|p| p != current) {
            if state.version.get_untracked() > 0 {
                leptos::task::spawn_local(async move {
                    let _ = state.save(current).await;
                });
            }
            // A new step is like a new page for keyboard and screen-reader users.
            focus("wizard-heading");
        }
        current
    });

    let t = crate::i18n::texts().apply();
    view! {
        <div class="wizard">
            <div class="wizard-head">
                <div>
                    <p class="eyebrow">{t.apply_title}</p>
                    <h1 id="wizard-heading" tabindex="-1">{move || step_heading(step.get())}</h1>
                </div>
                <SaveIndicator state=state.save_state/>
            </div>
            <WizardSteps current=step/>
            {draft.rejected.clone().map(|rejected| view! { <ReviewerAsked rejected/> })}
            <FormAlert message=state.alert/>
            {move || {
                match step.get() {
                    Step::Role => view! { <role::RoleStep state go_to/> }.into_any(),
                    Step::Details => view! { <details::DetailsStep state go_to/> }.into_any(),
                    Step::Review => view! { <review::ReviewStep state go_to/> }.into_any(),
                }
            }}
        </div>
    }
}

/// The reviewer's reason and flagged fields from the rejected submission,
/// at the top of every step until the new one is submitted.
#[component]
fn ReviewerAsked(rejected: crate::model::application::RejectedBefore) -> impl IntoView {
    let fields: Vec<&'static str> = rejected.flagged_fields.iter().map(|f| f.label()).collect();
    let t = crate::i18n::texts().apply();
    view! {
        <section class="card rejection" aria-labelledby="reviewer-asked-title">
            <h2 id="reviewer-asked-title">{t.reviewer_asked_title}</h2>
            {rejected.changes_requested.then(|| view! {
                <p>{t.changes_requested_back}</p>
            })}
            <p class="reason">{rejected.reason}</p>
            {(!fields.is_empty()).then(|| view! {
                <p>{(t.fields_to_fix_list)(&fields.join(crate::i18n::texts().common().list_separator))}</p>
            })}
        </section>
    }
}

fn step_heading(step: Step) -> &'static str {
    let t = crate::i18n::texts().apply();
    match step {
        Step::Role => t.heading_role,
        Step::Details => t.heading_details,
        Step::Review => t.heading_review,
    }
}

#[component]
fn SaveIndicator(state: RwSignal<SaveState>) -> impl IntoView {
    let t = crate::i18n::texts().apply();
    view! {
        <p class="save-state" role="status" aria-live="polite">
            {move || match state.get() {
                SaveState::Idle => view! { <span></span> }.into_any(),
                SaveState::Unsaved => view! { <span class="muted">{t.unsaved}</span> }.into_any(),
                SaveState::Saving => view! { <span class="muted">{t.saving}</span> }.into_any(),
                SaveState::Saved => view! { <span class="saved">{t.saved}</span> }.into_any(),
                SaveState::Failed(message) => view! { <span class="save-failed">{message}</span> }.into_any(),
            }}
        </p>
    }
}

/// Previous Step. Before the wasm arrives it still works: on a step with
/// fields (`saves`) it posts them with the step before as the target, so
/// nothing typed is lost; otherwise it asks for the step before.
#[component]
fn PreviousStep(
    step: Step,
    go_to: impl Fn(Step) + Clone + Send + Sync + 'static,
    saves: bool,
) -> impl IntoView {
    step.previous().map(|previous| {
        view! {
            <button
                type="submit"
                class="button button-secondary"
                formnovalidate
                name=if saves { "input[step]" } else { "step" }
                value=previous.slug()
                formmethod=(!saves).then_some("get")
                formaction=(!saves).then_some("/apply")
                on:click=move |ev| {
                    ev.prevent_default();
                    go_to(previous);
                }
            >
                {crate::i18n::texts().apply().previous_step}
            </button>
        }
    })
}

/// The answers a step does not show, posted with it so that a plain post
/// (before the wasm arrived) keeps them.
#[component]
fn KeptAnswers(state: state::WizardState) -> impl IntoView {
    crate::domain::DetailField::DETAILS
        .iter()
        .filter_map(|field| {
            let signal = state.text(*field)?;
            Some(view! { <input type="hidden" name=field.form_name() value=move || signal.get()/> })
        })
        .collect_view()
}
