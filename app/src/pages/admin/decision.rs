//! The decision card: assignment, Approve, and Reject with a reason and the
//! fields to fix; after a decision, who made it and why.

use crate::api::review::{Approve, AssignToMe, Reject};
use crate::components::form::focus;
use crate::domain::date::date_time;
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
    approve: ServerAction<Approve>,
    reject: ServerAction<Reject>,
    reason: RwSignal<String>,
    flagged: RwSignal<Vec<DetailField>>,
    confirm_take_over: RwSignal<bool>,
    message: RwSignal<Option<String>>,
    reason_error: RwSignal<Option<String>>,
}

impl DecisionActions {
    pub fn new() -> DecisionActions {
        let actions = DecisionActions {
            assign: ServerAction::new(),
            approve: ServerAction::new(),
            reject: ServerAction::new(),
            reason: RwSignal::new(String::new()),
            flagged: RwSignal::new(Vec::new()),
            confirm_take_over: RwSignal::new(false),
            message: RwSignal::new(None),
            reason_error: RwSignal::new(None),
        };
        Effect::new(move |_| actions.show(actions.assign.value().get()));
        Effect::new(move |_| actions.show(actions.approve.value().get()));
        Effect::new(move |_| actions.show(actions.reject.value().get()));
        actions
    }

    /// Changes whenever an action finishes: the page reloads the application then.
    pub fn versions(&self) -> (usize, usize, usize) {
        (
            self.assign.version().get(),
            self.approve.version().get(),
            self.reject.version().get(),
        )
    }

    fn busy(&self) -> bool {
        self.assign.pending().get() || self.approve.pending().get() || self.reject.pending().get()
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

#[component]
pub fn Decision(detail: ApplicationDetail, actions: DecisionActions) -> impl IntoView {
    if detail.status == Status::InReview {
        view! { <Deciding detail actions/> }.into_any()
    } else {
        view! { <Decided detail/> }.into_any()
    }
}

/// The outcome of a decided or withdrawn application.
#[component]
fn Decided(detail: ApplicationDetail) -> impl IntoView {
    let outcome = match detail.status {
        Status::Withdrawn => "The merchant withdrew this application.".to_string(),
        status => format!(
            "{} by {} on {}.",
            status.label(),
            detail
                .decided_by
                .clone()
                .unwrap_or_else(|| "a reviewer".into()),
            detail.decided_at.map(date_time).unwrap_or_default()
        ),
    };
    let flagged: Vec<&str> = detail.flagged_fields.iter().map(|f| f.label()).collect();
    view! {
        <section class="card" aria-labelledby="decision-title">
            <h2 id="decision-title">"Decision"</h2>
            <p>{outcome}</p>
            {detail.rejection_reason.clone().map(|r| view! { <p class="reason">{r}</p> })}
            {(!flagged.is_empty()).then(|| view! {
                <p class="muted">{format!("Fields to fix: {}", flagged.join(", "))}</p>
            })}
        </section>
    }
}

#[component]
fn Deciding(detail: ApplicationDetail, actions: DecisionActions) -> impl IntoView {
    let id = detail.id;
    let DecisionActions {
        assign,
        approve,
        reject,
        reason,
        flagged,
        confirm_take_over,
        message,
        reason_error,
    } = actions;
    let busy = move || actions.busy();
    let holder = detail.assignee.clone();
    let mine = detail.assigned_to_me;
    let on_assign = move |_| {
        if holder.is_some() && !mine && !confirm_take_over.get_untracked() {
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
                reject.dispatch(Reject {
                    id,
                    reason: reason.get_untracked(),
                    fields: flagged
                        .get_untracked()
                        .iter()
                        .map(|f| f.name().to_owned())
                        .collect(),
                });
            }
        }
    };
    let assignee_line = match (&detail.assignee, mine) {
        (_, true) => "Assigned to you.".to_string(),
        (Some(who), false) => format!("Assigned to {who}."),
        (None, _) => "Not assigned yet.".to_string(),
    };
    let take_over_from = detail.assignee.clone().unwrap_or_default();
    view! {
        <section class="card decision" aria-labelledby="decision-title">
            <h2 id="decision-title">"Decision"</h2>
            <p>{assignee_line}</p>
            {(!mine).then(|| view! {
                <Show when=move || confirm_take_over.get()>
                    <p class="alert alert-warning" role="alert">{format!("{take_over_from} is reviewing this application. Take it over?")}</p>
                </Show>
                <button type="button" class="button button-secondary" disabled=busy on:click=on_assign>
                    {move || if confirm_take_over.get() { "Yes, take it over" } else { "Assign to me" }}
                </button>
            })}
            {move || message.get().map(|m| view! { <p class="alert alert-error" role="alert">{m}</p> })}
            <div class="actions">
                <button type="button" class="button" disabled=busy on:click=move |_| { approve.dispatch(Approve { id }); }>"Approve"</button>
            </div>
            <form class="form reject-form" novalidate on:submit=on_reject>
                <div class="field">
                    <label for="reason">"Reason for rejection"</label>
                    <textarea id="reason" rows="4" maxlength="2000"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))
                        aria-describedby=move || if reason_error.get().is_some() { "reason-hint reason-error" } else { "reason-hint" }
                        aria-invalid=move || reason_error.get().is_some().then_some("true")
                    ></textarea>
                    <p class="hint" id="reason-hint">"10 to 2,000 characters. The merchant sees this and the fields you tick."</p>
                    {move || reason_error.get().map(|e| view! { <p class="error" id="reason-error" role="alert">{e}</p> })}
                </div>
                <fieldset class="field flag-fields">
                    <legend>"Fields to fix"</legend>
                    {DetailField::ALL.into_iter().map(|f| view! {
                        <label class="check">
                            <input type="checkbox" value=f.name()
                                prop:checked=move || flagged.get().contains(&f)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    flagged.update(|list| {
                                        list.retain(|x| *x != f);
                                        if on { list.push(f); }
                                    });
                                }
                            />
                            {f.label()}
                        </label>
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="button button-danger" disabled=busy>"Reject"</button>
            </form>
        </section>
    }
}
