//! Step 2.3: Review & Submit.

use super::state::WizardState;
use super::PreviousStep;
use crate::api::application::submit_application;
use crate::components::logo::Logo;
use crate::domain::application::Step;
use crate::domain::DetailField;
use leptos::prelude::*;

#[component]
pub fn ReviewStep(
    state: WizardState,
    go_to: impl Fn(Step) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    let details = state.details();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        state.alert.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            // Saves the latest edits first; no save follows a submission.
            let Some(result) = state.submit(submit_application).await else {
                return; // the wizard is gone
            };
            busy.try_set(false);
            match result {
                Ok(_) => {
                    // The status page lives at plain /apply.
                    crate::components::nav::redirect("/apply");
                }
                Err(err) => state.show_submit_refusal(err),
            }
        });
    };
    let rows: Vec<(&str, String)> = DetailField::DETAILS
        .iter()
        .map(|field| (field.label(), field.shown(&details, false)))
        .collect();
    let go_back = go_to.clone();
    let has_logo = state.logo_id.get_untracked().is_some();
    let changes = state.rejected.with_value(|rejected| {
        rejected.as_ref().map(|before| {
            let t = crate::i18n::texts().apply();
            let title = if before.changes_requested {
                t.changes_since_submitted
            } else {
                t.changes_since_rejected
            };
            let changes = DetailField::ALL
                .iter()
                .filter(|field| match field {
                    DetailField::Logo => state.logo_id.get_untracked() != before.logo_id,
                    _ => field.shown(&details, has_logo) != before.shown(**field),
                })
                .map(|field| {
                    (
                        field.label(),
                        before.shown(*field),
                        field.shown(&details, has_logo),
                    )
                })
                .collect::<Vec<_>>();
            (title, changes)
        })
    });
    let t = crate::i18n::texts().apply();
    view! {
        <p class="lead">{t.review_lead}</p>
        {changes.map(|(title, changes)| view! { <ChangesSinceRejection title changes/> })}
        <ReviewSection step=Step::Role title=t.role go_to=go_back.clone()>
            <p>{t.technical_merchant}</p>
        </ReviewSection>
        <ReviewSection step=Step::Details title=t.business_details go_to=go_back>
            <div class="summary-head">
                <Logo name=details.company_name.clone() logo_id=state.logo_id color=state.logo_color size="large"/>
                <p class="muted">{t.workspace_logo}</p>
            </div>
            <dl class="review-list">
                {rows
                    .into_iter()
                    .map(|(label, value)| view! { <div><dt>{label}</dt><dd>{value}</dd></div> })
                    .collect_view()}
            </dl>
        </ReviewSection>
        <form class="wizard-actions" method="post" action="/api/submit_application" on:submit=submit>
            <input type="hidden" name="version" value=move || state.version.get().to_string()/>
            <PreviousStep step=Step::Review go_to saves=false/>
            <button type="submit" class="button" disabled=move || busy.get()>
                {move || if busy.get() { t.submitting } else { t.submit_application }}
            </button>
        </form>
        <p class="muted small">{t.submit_note}</p>
        <a href="/terms" class="small">{crate::i18n::texts().common().terms_of_service}</a>
    }
}

/// What the merchant changed since the rejected submission, so they (and
/// then the reviewer) can see the fix.
#[component]
fn ChangesSinceRejection(
    title: &'static str,
    changes: Vec<(&'static str, String, String)>,
) -> impl IntoView {
    let t = crate::i18n::texts().apply();
    view! {
        <section class="card" aria-labelledby="changes-title">
            <h2 id="changes-title">{title}</h2>
            {if changes.is_empty() {
                view! { <p class="muted">{t.no_changes_yet}</p> }.into_any()
            } else {
                view! {
                    <table class="changes">
                        <thead><tr><th scope="col">{t.field}</th><th scope="col">{t.before}</th><th scope="col">{t.now}</th></tr></thead>
                        <tbody>
                            {changes.into_iter().map(|(label, before, now)| view! {
                                <tr><th scope="row">{label}</th><td>{before}</td><td>{now}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            }}
        </section>
    }
}

/// One answered step, with an Edit link back to it (a plain link before the
/// page is interactive).
#[component]
fn ReviewSection(
    step: Step,
    title: &'static str,
    go_to: impl Fn(Step) + Clone + Send + Sync + 'static,
    children: Children,
) -> impl IntoView {
    let heading = format!("review-{}", step.slug());
    let labelled_by = heading.clone();
    let t = crate::i18n::texts().apply();
    view! {
        <section class="card review-section" aria-labelledby=labelled_by>
            <div class="review-head">
                <h2 id=heading>{title}</h2>
                <a href=format!("/apply?step={}", step.slug()) class="edit-link" on:click=move |ev| { ev.prevent_default(); go_to(step); }>
                    {t.edit} <span class="visually-hidden">{(t.edit_section)(title)}</span>
                </a>
            </div>
            {children()}
        </section>
    }
}
