//! The decision card: assignment, Approve, and Reject with a reason and the
//! fields to fix; after a decision, who made it and why.

use crate::api::review::{Approve, AssignToMe, Reject, ReleaseAssignment, RequestChanges};
use crate::components::flash::FormStart;
use crate::components::form::{focus, keep_ticked, keep_typed};
use crate::components::zone::ReaderZone;
use crate::domain::review::RejectionReason;
use crate::domain::{DetailField, Status};
use crate::error::AppError;
use crate::model::review::ApplicationDetail;
use leptos::prelude::*;

/// The reviewer's actions and what they typed. Owned by the page, so an
/// answer that reloads the application keeps the reason and the messages.
#[derive(Clone, Copy)]
pub struct DecisionActions {
    assign: ServerAction<AssignToMe>,
    release: ServerAction<ReleaseAssignment>,
    approve: ServerAction<Approve>,
    reject: ServerAction<Reject>,
    request_changes: ServerAction<RequestChanges>,
    /// Which of the reason form's buttons was pressed: Request changes (true) or Reject.
    asking_changes: RwSignal<bool>,
    reason: RwSignal<String>,
    flagged: RwSignal<Vec<DetailField>>,
    confirm_take_over: RwSignal<bool>,
    message: RwSignal<Option<String>>,
    reason_error: RwSignal<Option<String>>,
}

impl DecisionActions {
    pub fn new() -> DecisionActions {
        // A decision posted without JavaScript comes back with its refusal.
        let assigned = FormStart::for_endpoint("assign_to_me");
        let released = FormStart::for_endpoint("release_assignment");
        let approved = FormStart::for_endpoint("approve");
        let rejected = FormStart::for_endpoint("reject");
        let asked = FormStart::for_endpoint("request_changes");
        // The reason form comes back from whichever of its buttons was used.
        let reason_form = if asked.error().is_some() {
            &asked
        } else {
            &rejected
        };
        let actions = DecisionActions {
            assign: ServerAction::new(),
            release: ServerAction::new(),
            approve: ServerAction::new(),
            reject: ServerAction::new(),
            request_changes: ServerAction::new(),
            asking_changes: RwSignal::new(false),
            reason: RwSignal::new(reason_form.value("reason")),
            flagged: RwSignal::new(
                reason_form
                    .values("fields")
                    .iter()
                    .filter_map(|name| DetailField::from_name(name))
                    .collect(),
            ),
            // Refused for want of confirmation: ask for it.
            confirm_take_over: RwSignal::new(matches!(
                assigned.error(),
                Some(AppError::Conflict(_))
            )),
            message: RwSignal::new(None),
            reason_error: RwSignal::new(None),
        };
        for start in [assigned, released, approved, rejected, asked] {
            if let Some(err) = start.error() {
                actions.show(Some(Err(err)));
            }
        }
        Effect::new(move |_| actions.show(actions.assign.value().get()));
        Effect::new(move |_| actions.show(actions.release.value().get()));
        Effect::new(move |_| actions.show(actions.approve.value().get()));
        Effect::new(move |_| actions.show(actions.reject.value().get()));
        Effect::new(move |_| actions.show(actions.request_changes.value().get()));
        actions
    }

    /// Changes whenever an action finishes: the page reloads the application then.
    pub fn versions(&self) -> (usize, usize, usize, usize, usize) {
        (
            self.assign.version().get(),
            self.release.version().get(),
            self.request_changes.version().get(),
            self.approve.version().get(),
            self.reject.version().get(),
        )
    }

    fn busy(&self) -> bool {
        self.assign.pending().get()
            || self.release.pending().get()
            || self.approve.pending().get()
            || self.reject.pending().get()
            || self.request_changes.pending().get()
    }

    fn show(&self, result: Option<Result<(), AppError>>) {
        match result {
            Some(Ok(())) => {
                self.message.set(None);
                self.confirm_take_over.set(false);
            }
            Some(Err(AppError::Validation(list))) => {
                let reason = list.iter().find(|e| e.field == "reason");
                self.reason_error.set(reason.map(|e| e.message.clone()));
                let other = list.iter().find(|e| e.field != "reason");
                self.message.set(other.map(|e| e.message.clone()));
            }
            Some(Err(err)) => self.message.set(Some(err.to_string())),
            None => {}
        }
    }
}

/// The forms while the application is in review, its outcome after. The
/// forms are built once, so a reload after an answer keeps what was typed.
#[component]
pub fn Decision(
    id: i64,
    detail: ReadSignal<Result<ApplicationDetail, AppError>>,
    actions: DecisionActions,
) -> impl IntoView {
    let in_review =
        Memo::new(move |_| detail.with(|d| matches!(d, Ok(d) if d.status == Status::InReview)));
    let claim = Memo::new(move |_| {
        detail.with(|d| {
            d.as_ref()
                .map(|d| Claim {
                    holder: d.assignee.clone(),
                    mine: d.assigned_to_me,
                })
                .unwrap_or_default()
        })
    });
    view! {
        <Show
            when=move || in_review.get()
            fallback=move || detail.get().ok().map(|detail| view! { <Decided detail/> })
        >
            <Deciding id claim actions/>
        </Show>
    }
}

/// Who holds the application.
#[derive(Clone, Default, PartialEq)]
struct Claim {
    holder: Option<String>,
    mine: bool,
}

/// The outcome of a decided or withdrawn application.
#[component]
fn Decided(detail: ApplicationDetail) -> impl IntoView {
    let t = crate::i18n::texts().review();
    let outcome = match detail.status {
        Status::Withdrawn => t.merchant_withdrew.to_string(),
        status => (t.decided_by)(
            status.label(),
            detail.decided_by.as_deref().unwrap_or(t.a_reviewer),
            &detail
                .decided_at
                .map(|at| ReaderZone::get().date_time(at))
                .unwrap_or_default(),
        ),
    };
    let flagged: Vec<&str> = detail.flagged_fields.iter().map(|f| f.label()).collect();
    view! {
        <section class="card" aria-labelledby="decision-title">
            <h2 id="decision-title">{t.decision}</h2>
            <p>{outcome}</p>
            {detail.rejection_reason.clone().map(|r| view! { <p class="reason">{r}</p> })}
            {(!flagged.is_empty()).then(|| view! {
                <p class="muted">{(t.fields_to_fix_list)(&flagged.join(crate::i18n::texts().common().list_separator))}</p>
            })}
        </section>
    }
}

#[component]
fn Deciding(id: i64, claim: Memo<Claim>, actions: DecisionActions) -> impl IntoView {
    let DecisionActions {
        assign,
        release,
        approve,
        reject,
        request_changes,
        asking_changes,
        reason,
        flagged,
        confirm_take_over,
        message,
        reason_error,
    } = actions;
    let busy = move || actions.busy();
    let flag = move |field: DetailField, on: bool| {
        flagged.update(|list| {
            list.retain(|x| *x != field);
            if on {
                list.push(field);
            }
        })
    };
    let mine = Memo::new(move |_| claim.with(|c| c.mine));
    let on_assign = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let held_by_another = claim.with_untracked(|c| c.holder.is_some() && !c.mine);
        if held_by_another && !confirm_take_over.get_untracked() {
            confirm_take_over.set(true);
            return;
        }
        assign.dispatch(AssignToMe {
            id,
            take_over: confirm_take_over.get_untracked(),
        });
    };
    let on_reject = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match RejectionReason::parse(&reason.get_untracked()) {
            Err(e) => {
                reason_error.set(Some(e));
                focus("reason");
            }
            Ok(_) => {
                reason_error.set(None);
                let fields: Vec<String> = flagged
                    .get_untracked()
                    .iter()
                    .map(|f| f.name().to_owned())
                    .collect();
                let reason = reason.get_untracked();
                if asking_changes.get_untracked() {
                    request_changes.dispatch(RequestChanges { id, reason, fields });
                } else {
                    reject.dispatch(Reject { id, reason, fields });
                }
            }
        }
    };
    let t = crate::i18n::texts().review();
    let assignee_line = move || {
        claim.with(|c| match (&c.holder, c.mine) {
            (_, true) => t.assigned_to_you.to_string(),
            (Some(who), false) => (t.assigned_to)(who),
            (None, _) => t.not_assigned.to_string(),
        })
    };
    let take_over_from = move || claim.with(|c| c.holder.clone().unwrap_or_default());
    view! {
        <section class="card decision" aria-labelledby="decision-title">
            <h2 id="decision-title">{t.decision}</h2>
            <p>{assignee_line}</p>
            {move || if mine.get() { view! {
                <form class="release-form" method="post" action="/api/release_assignment"
                    on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); release.dispatch(ReleaseAssignment { id }); }>
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="button button-secondary button-small" disabled=busy>{t.release}</button>
                    <span class="muted">{t.release_note}</span>
                </form>
            }.into_any() } else { view! {
                <Show when=move || confirm_take_over.get()>
                    <p class="alert alert-warning" role="alert">{move || (t.take_over_question)(&take_over_from())}</p>
                </Show>
                <form method="post" action="/api/assign_to_me" on:submit=on_assign>
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="take_over" value=move || confirm_take_over.get().to_string()/>
                    <button type="submit" class="button button-secondary" disabled=busy>
                        {move || if confirm_take_over.get() { t.yes_take_over } else { t.assign_to_me }}
                    </button>
                </form>
            }.into_any() }}
            {move || message.get().map(|m| view! { <p class="alert alert-error" role="alert">{m}</p> })}
            <form class="actions" method="post" action="/api/approve"
                on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); approve.dispatch(Approve { id }); }>
                <input type="hidden" name="id" value=id/>
                <button type="submit" class="button" disabled=busy>{t.approve}</button>
            </form>
            <form class="form reject-form" method="post" action="/api/reject" novalidate on:submit=on_reject>
                <input type="hidden" name="id" value=id/>
                <div class="field">
                    <label for="reason">{t.reason_label}</label>
                    <textarea use:keep_typed=reason id="reason" name="reason" rows="4" maxlength="2000"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))
                        aria-describedby=move || if reason_error.get().is_some() { "reason-hint reason-error" } else { "reason-hint" }
                        aria-invalid=move || reason_error.get().is_some().then_some("true")
                    >{reason.get_untracked()}</textarea>
                    <p class="hint" id="reason-hint">{t.reason_hint}</p>
                    {move || reason_error.get().map(|e| view! { <p class="error" id="reason-error" role="alert">{e}</p> })}
                </div>
                <fieldset class="field flag-fields">
                    <legend>{t.fields_to_fix}</legend>
                    {DetailField::ALL.into_iter().enumerate().map(|(i, f)| view! {
                        <label class="check">
                            <input use:keep_ticked=move |on| flag(f, on) type="checkbox" name=format!("fields[{i}]") value=f.name()
                                checked=flagged.get_untracked().contains(&f)
                                prop:checked=move || flagged.get().contains(&f)
                                on:change=move |ev| flag(f, event_target_checked(&ev))
                            />
                            {f.label()}
                        </label>
                    }).collect_view()}
                </fieldset>
                <div class="actions">
                    // Without JavaScript the button's own formaction decides where the form goes.
                    <button type="submit" class="button button-secondary" formaction="/api/request_changes" disabled=busy
                        on:click=move |_| asking_changes.set(true)>{t.request_changes}</button>
                    <button type="submit" class="button button-danger" disabled=busy
                        on:click=move |_| asking_changes.set(false)>{t.reject}</button>
                </div>
                <p class="hint">{t.decision_hint}</p>
            </form>
        </section>
    }
}
